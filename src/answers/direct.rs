//! Reading a JSON answers object straight into `Answers`, for `assess --batch`.
//!
//! The general reader builds a located tree of the whole line first (`Node`), which costs a
//! batch more than assessing the case. This one looks each key up and sets each answer as
//! the JSON parser meets it, allocating nothing but the answers. It takes only what the
//! general reader accepts, with the same meaning; at the first thing it does not take (a
//! syntax error, an unknown id, a value of the wrong kind, anything unusual) it gives up, and
//! the caller reads the line again with the general reader, whose messages say what is wrong.

use super::{Answers, DEMOGRAPHICS, choice_value, number_value};
use crate::engine::condition::{FactId, Value};
use crate::i18n::Lang;
use crate::kb::node::Node;
use crate::kb::{Entity, FactKind, KnowledgeBase};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::fmt;

/// The answers in one line of JSON, or `None` if the general reader should read it.
pub fn read(kb: &KnowledgeBase, line: &[u8]) -> Option<Answers> {
    let mut answers = Answers::default();
    let mut deserializer = serde_json::Deserializer::from_slice(line);
    Root {
        kb,
        answers: &mut answers,
    }
    .deserialize(&mut deserializer)
    .ok()?;
    deserializer.end().ok()?;
    Some(answers)
}

/// Any failure: the message is never shown (the general reader makes its own).
fn give_up<E: de::Error>() -> E {
    E::custom("")
}

/// Sets an answer; a second answer to the same finding is for the general reader to refuse.
fn once<E: de::Error>(answers: &mut Answers, fact: FactId, value: Value) -> Result<(), E> {
    match answers.values.insert(fact, value) {
        None => Ok(()),
        Some(_) => Err(give_up()),
    }
}

/// The top level: `findings` and the demographic answers.
struct Root<'a> {
    kb: &'a KnowledgeBase,
    answers: &'a mut Answers,
}

impl<'de> DeserializeSeed<'de> for Root<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Root<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answers object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut findings_seen = false;
        while let Some(key) = map.next_key_seed(KeySeed {
            kb: self.kb,
            top: true,
        })? {
            match key {
                // A second `findings` is a duplicate key, for the general reader to refuse.
                Key::Findings if std::mem::replace(&mut findings_seen, true) => {
                    return Err(give_up());
                }
                Key::Findings => map.next_value_seed(Findings {
                    kb: self.kb,
                    answers: &mut *self.answers,
                })?,
                Key::Fact(fact) => {
                    let value = map.next_value_seed(Answer { kb: self.kb, fact })?;
                    once(self.answers, fact, value)?;
                }
            }
        }
        Ok(())
    }
}

/// `findings`: a mapping of finding ids to answers, or null.
struct Findings<'a> {
    kb: &'a KnowledgeBase,
    answers: &'a mut Answers,
}

impl<'de> DeserializeSeed<'de> for Findings<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Findings<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the findings")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key_seed(KeySeed {
            kb: self.kb,
            top: false,
        })? {
            let Key::Fact(fact) = key else {
                return Err(give_up());
            };
            let value = map.next_value_seed(Answer { kb: self.kb, fact })?;
            once(self.answers, fact, value)?;
        }
        Ok(())
    }
}

enum Key {
    Findings,
    Fact(FactId),
}

/// A key, looked up where it is read: at the top level `findings` or a demographic finding,
/// under `findings` any finding (not a concept).
struct KeySeed<'a> {
    kb: &'a KnowledgeBase,
    top: bool,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = Key;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key, E> {
        if self.top && key == "findings" {
            return Ok(Key::Findings);
        }
        if self.top && !DEMOGRAPHICS.contains(&key) {
            return Err(give_up());
        }
        match self.kb.entity(key) {
            Some(Entity::Fact(fact)) if !self.kb.facts[fact].is_concept() => Ok(Key::Fact(fact)),
            _ => Err(give_up()),
        }
    }
}

/// One answer, checked against its finding's kind.
struct Answer<'a> {
    kb: &'a KnowledgeBase,
    fact: FactId,
}

impl Answer<'_> {
    fn kind(&self) -> &FactKind {
        &self.kb.facts[self.fact].kind
    }

    fn number<E: de::Error>(self, n: f64) -> Result<Value, E> {
        match self.kind() {
            FactKind::Number { .. } => {
                number_value(self.kb, self.fact, n, Lang::ENGLISH).map_err(|_| give_up())
            }
            _ => Err(give_up()),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Answer<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Answer<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an answer")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Unsure)
    }

    fn visit_bool<E: de::Error>(self, present: bool) -> Result<Value, E> {
        match self.kind() {
            FactKind::YesNo => Ok(if present {
                Value::Present
            } else {
                Value::Absent
            }),
            _ => Err(give_up()),
        }
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        self.number(n as f64)
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        self.number(n as f64)
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        self.number(n)
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        if super::means_unknown(text) {
            return Ok(Value::Unsure);
        }
        match self.kind() {
            // The usual words directly; any other spelling as the general reader reads it.
            FactKind::YesNo => match text {
                "present" => Ok(Value::Present),
                "absent" => Ok(Value::Absent),
                _ => match crate::kb::presence(&Node::Text(text.to_string())) {
                    Some(true) => Ok(Value::Present),
                    Some(false) => Ok(Value::Absent),
                    None => Err(give_up()),
                },
            },
            FactKind::Choice { .. } => {
                choice_value(self.kb, self.fact, text, Lang::ENGLISH).map_err(|_| give_up())
            }
            _ => Err(give_up()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{KbSource, load};

    /// What the general reader makes of a line.
    fn general(kb: &KnowledgeBase, line: &str) -> Result<Answers, ()> {
        let root = serde_json::from_str(line).map_err(|_| ())?;
        Answers::from_node(kb, &root, 0).map_err(|_| ())
    }

    #[test]
    fn reads_what_the_general_reader_reads_and_gives_up_on_the_rest() {
        let kb = load(&KbSource::Builtin).unwrap().kb;
        let lines = [
            r#"{"age":42,"sex":"male","duration_days":3,"findings":{"back_pain":"present","fever":"absent"}}"#,
            r#" { "findings" : { "back_pain" : "Yes", "fever" : false, "lower_back": null } } "#,
            r#"{"findings":{"back_pain":"UNSURE","fever":"?","lower_back":"unknown"}}"#,
            r#"{"findings":null,"age":62.5,"sex":" Female "}"#,
            r#"{"findings":{"age":40}}"#,
            r#"{"age":"unknown","sex":null,"findings":{}}"#,
            r#"{"findings":{"back_p\u0061in":"pres\u0065nt"}}"#,
            r#"{}"#,
            // Each of these the general reader refuses, or reads differently.
            r#"{"findings":{"back_pain":"present","back_pain":"absent"}}"#,
            r#"{"age":40,"findings":{"age":50}}"#,
            r#"{"findings":{"back_pain":"maybe"}}"#,
            r#"{"findings":{"nope":"present"}}"#,
            r#"{"findings":{"radicular_pattern":"present"}}"#,
            r#"{"fever":"present"}"#,
            r#"{"age":500}"#,
            r#"{"age":"old"}"#,
            r#"{"sex":"other"}"#,
            r#"{"sex":1}"#,
            r#"{"findings":{"back_pain":1}}"#,
            r#"{"findings":{"back_pain":[]}}"#,
            r#"{"findings":[]}"#,
            r#"{"findings":{"back_pain":"present"}} x"#,
            r#"{"findings":{"back_pain":"present"},}"#,
            r#"[]"#,
            r#"not json"#,
            "",
        ];
        for line in lines {
            let direct = read(&kb, line.as_bytes());
            match general(&kb, line) {
                Ok(answers) => assert_eq!(direct, Some(answers), "{line}"),
                Err(()) => assert_eq!(direct, None, "{line}"),
            }
        }
    }
}
