//! The JSON report written straight into a byte buffer, for `assess --batch`.
//!
//! It writes exactly what `serde_json::to_string(&outcome_json(..))` gives (a test holds it to
//! that), without building a `serde_json::Value` per case: every part that comes from the
//! knowledge base alone (names, descriptions, sources, each rule's and cause's fixed fields) is
//! escaped once, when the writer is made, and copied into each report. In a batch that turns
//! most of the work of a report into a few memory copies.

use super::NOTICE;
use super::json::SCHEMA_VERSION;
use crate::answers::{Answers, number_json, value_json};
use crate::assess::{Evidence, Outcome, red_flag_order, unanswered_red_flags};
use crate::engine::condition::{FactId, Value};
use crate::kb::text::{NetGroup, SafetyNet};
use crate::kb::{Action, FactKind, KnowledgeBase, RuleId, TextId};

/// The knowledge base's fixed JSON fragments.
#[derive(Debug, Clone)]
pub struct JsonLines<'kb> {
    kb: &'kb KnowledgeBase,
    /// `"schema_version":1,"knowledge_base":{...},"answers":`
    head: String,
    /// Per fact: `"id":`
    fact_keys: Vec<String>,
    /// Per fact: its options as JSON strings (for a choice finding; else empty).
    options: Vec<Vec<String>>,
    /// Per fact: whether its answer goes at the top of the answers (age, sex, duration_days).
    demographic: Vec<bool>,
    /// Per level: `"level":"id","label":..,"action":`
    level_heads: Vec<String>,
    /// Per level: its action as a JSON string when no part of it has a condition (else empty).
    level_actions: Vec<String>,
    /// Per level: `,"emergency":..,"reasons":[`
    level_tails: Vec<String>,
    /// Per level: `"id"`
    level_ids: Vec<String>,
    /// Per rule: `"id"`
    rule_ids: Vec<String>,
    /// Per rule: `"description":".."`
    rule_descriptions: Vec<String>,
    /// Per rule: `"sources":[..]`
    rule_sources: Vec<String>,
    /// Per rule, per action: its urgency reason or advice as a JSON string (else empty).
    rule_texts: Vec<Vec<String>>,
    /// Per cause: `{"id":..,"name":..,"rank":`
    cause_heads: Vec<String>,
    /// Per cause: its description, self-care and see-a-doctor texts as JSON strings, each
    /// when no part of it has a condition (else empty).
    cause_texts: Vec<[String; 3]>,
    /// Per cause: `,"sources":[..],"evidence":{"for":[`
    cause_tails: Vec<String>,
    /// `,"notice":".."}`
    tail: String,
    /// The red-flag findings, most dangerous first.
    red_flags: Vec<FactId>,
    /// Per safety net, per group: `{"level":..,"instruction":..,"signs":[` and, per sign,
    /// `{"net":..,"text":..,"findings":[..]}`.
    nets: Vec<Vec<(String, Vec<String>)>>,
}

/// The safety nets' JSON, escaped once: per net, per group, its opening and its signs.
fn net_fragments(kb: &KnowledgeBase) -> Vec<Vec<(String, Vec<String>)>> {
    let group = |net: &SafetyNet, group: &NetGroup| {
        let head = format!(
            "{{\"level\":{},\"instruction\":{},\"signs\":[",
            quoted(&kb.levels[group.level].id),
            quoted(group.instruction(&kb.levels))
        );
        let signs = group.signs.iter().map(|sign| {
            let findings: Vec<&str> = sign
                .findings
                .iter()
                .map(|&f| kb.facts[f].id.as_str())
                .collect();
            format!(
                "{{\"net\":{},\"text\":{},\"findings\":{}}}",
                quoted(&net.id),
                quoted(&sign.text),
                serde_json::to_string(&findings).unwrap_or_default()
            )
        });
        (head, signs.collect())
    };
    kb.safety_nets
        .iter()
        .map(|net| net.groups.iter().map(|g| group(net, g)).collect())
        .collect()
}

fn quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

fn array<S: serde::Serialize>(items: &[S]) -> String {
    serde_json::to_string(items).unwrap_or_default()
}

impl<'kb> JsonLines<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        let knowledge_base = serde_json::json!({
            "name": kb.metadata.name,
            "version": kb.metadata.version,
            "status": kb.metadata.status,
            "source": kb.metadata.source,
        });
        JsonLines {
            kb,
            head: format!(
                "\"schema_version\":{SCHEMA_VERSION},\"knowledge_base\":{knowledge_base},\"answers\":"
            ),
            fact_keys: kb
                .facts
                .iter()
                .map(|f| format!("{}:", quoted(&f.id)))
                .collect(),
            options: kb
                .facts
                .iter()
                .map(|f| match &f.kind {
                    FactKind::Choice { options } => options.iter().map(|o| quoted(o)).collect(),
                    _ => Vec::new(),
                })
                .collect(),
            demographic: kb
                .facts
                .iter()
                .map(|f| crate::answers::is_demographic(&f.id))
                .collect(),
            level_heads: kb
                .levels
                .iter()
                .map(|l| {
                    format!(
                        "\"level\":{},\"label\":{},\"action\":",
                        quoted(&l.id),
                        quoted(&l.label)
                    )
                })
                .collect(),
            level_actions: kb
                .levels
                .iter()
                .map(|l| fixed_words(kb, &l.action))
                .collect(),
            level_tails: kb
                .levels
                .iter()
                .map(|l| format!(",\"emergency\":{},\"reasons\":[", l.emergency))
                .collect(),
            level_ids: kb.levels.iter().map(|l| quoted(&l.id)).collect(),
            rule_ids: kb.rules.iter().map(|r| quoted(&r.id)).collect(),
            rule_descriptions: kb
                .rules
                .iter()
                .map(|r| format!("\"description\":{}", quoted(&r.description)))
                .collect(),
            rule_sources: kb
                .rules
                .iter()
                .map(|r| format!("\"sources\":{}", array(&r.sources)))
                .collect(),
            rule_texts: kb
                .rules
                .iter()
                .map(|r| {
                    r.then
                        .iter()
                        .map(|action| match action {
                            Action::Urgency { reason: text, .. } => quoted(text),
                            Action::Advice(text) => quoted(&kb.texts[*text].text),
                            _ => String::new(),
                        })
                        .collect()
                })
                .collect(),
            cause_heads: kb
                .causes
                .iter()
                .map(|c| {
                    format!(
                        "{{\"id\":{},\"name\":{},\"rank\":",
                        quoted(&c.id),
                        quoted(&c.name)
                    )
                })
                .collect(),
            cause_texts: kb
                .causes
                .iter()
                .map(|c| [&c.description, &c.self_care, &c.see_doctor].map(|t| fixed_words(kb, t)))
                .collect(),
            cause_tails: kb
                .causes
                .iter()
                .map(|c| {
                    format!(
                        ",\"sources\":{},\"codes\":{},\"evidence\":{{\"for\":[",
                        array(&c.sources),
                        super::codes_json(&c.codes)
                    )
                })
                .collect(),
            tail: format!(",\"notice\":{}}}", quoted(NOTICE)),
            red_flags: red_flag_order(kb),
            nets: net_fragments(kb),
        }
    }

    /// Appends the report's fields and its closing brace: what follows `{` in the compact
    /// form of `outcome_json`, so a caller can put fields of its own first.
    pub fn write_fields(&self, answers: &Answers, outcome: &Outcome, out: &mut Vec<u8>) {
        let kb = self.kb;
        out.extend_from_slice(self.head.as_bytes());
        self.answers(answers, out);

        out.extend_from_slice(b",\"urgency\":{");
        let level = outcome.level;
        out.extend_from_slice(self.level_heads[level].as_bytes());
        let action = &kb.levels[level].action;
        self.words(&self.level_actions[level], action, outcome, out);
        out.extend_from_slice(self.level_tails[level].as_bytes());
        for (i, reason) in outcome.reasons.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"rule\":");
            out.extend_from_slice(self.rule_ids[reason.rule].as_bytes());
            out.extend_from_slice(b",\"level\":");
            out.extend_from_slice(self.level_ids[reason.level].as_bytes());
            out.extend_from_slice(b",\"reason\":");
            self.text(reason.rule, &reason.text, out);
            out.push(b',');
            out.extend_from_slice(self.rule_sources[reason.rule].as_bytes());
            out.push(b'}');
        }
        out.extend_from_slice(b"]},\"causes\":[");
        for (rank, cause) in outcome.causes.iter().enumerate() {
            if rank > 0 {
                out.push(b',');
            }
            out.extend_from_slice(self.cause_heads[cause.cause].as_bytes());
            number(rank as f64 + 1.0, out);
            out.extend_from_slice(b",\"score\":");
            number(cause.score, out);
            let texts = &kb.causes[cause.cause];
            let fields = [&texts.description, &texts.self_care, &texts.see_doctor];
            let keys: [&[u8]; 3] = [
                b",\"description\":",
                b",\"self_care\":",
                b",\"see_doctor\":",
            ];
            for ((key, parts), cached) in
                keys.iter().zip(fields).zip(&self.cause_texts[cause.cause])
            {
                out.extend_from_slice(key);
                self.words(cached, parts, outcome, out);
            }
            out.extend_from_slice(self.cause_tails[cause.cause].as_bytes());
            self.evidence(&cause.support, out);
            out.extend_from_slice(b"],\"against\":[");
            self.evidence(&cause.against, out);
            out.extend_from_slice(b"]}}");
        }
        out.extend_from_slice(b"],\"advice\":[");
        for (i, advice) in outcome.advice.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"rule\":");
            out.extend_from_slice(self.rule_ids[advice.rule].as_bytes());
            if let Some(id) = &kb.texts[advice.text_id].id {
                out.extend_from_slice(b",\"id\":");
                string(id, out);
            }
            out.extend_from_slice(b",\"text\":");
            self.text(advice.rule, &advice.text, out);
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"safety_net\":[");
        self.safety_net(outcome, out);
        out.extend_from_slice(b"],\"fired_rules\":[");
        for (i, firing) in outcome.trace.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"id\":");
            out.extend_from_slice(self.rule_ids[firing.rule].as_bytes());
            out.push(b',');
            out.extend_from_slice(self.rule_descriptions[firing.rule].as_bytes());
            out.extend_from_slice(b",\"facts\":");
            self.facts(&firing.facts, out);
            out.push(b',');
            out.extend_from_slice(self.rule_sources[firing.rule].as_bytes());
            out.push(b'}');
        }
        out.extend_from_slice(b"],\"unanswered_red_flags\":[");
        let unanswered = unanswered_red_flags(kb, &self.red_flags, answers, outcome);
        let list = |facts: &mut dyn Iterator<Item = FactId>, out: &mut Vec<u8>| {
            for (i, fact) in facts.enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(self.fact_keys[fact].trim_end_matches(':').as_bytes());
            }
        };
        list(&mut unanswered.iter().copied(), out);
        out.extend_from_slice(b"],\"unsure_red_flags\":[");
        list(
            &mut unanswered
                .iter()
                .copied()
                .filter(|&f| answers.get(f) == Value::Unsure),
            out,
        );
        // A batch assesses answers as given: nothing stopped it early.
        out.extend_from_slice(b"],\"complete\":true");
        out.extend_from_slice(self.tail.as_bytes());
        let _ = kb;
    }

    /// A reason or advice of `rule` as a JSON string: escaped once, when the writer was made.
    fn text(&self, rule: RuleId, text: &str, out: &mut Vec<u8>) {
        let actions = self.kb.rules[rule].then.iter().zip(&self.rule_texts[rule]);
        for (action, quoted) in actions {
            let own = match action {
                Action::Urgency { reason, .. } => reason.as_str(),
                Action::Advice(t) => self.kb.texts[*t].text.as_str(),
                _ => continue,
            };
            if own == text {
                out.extend_from_slice(quoted.as_bytes());
                return;
            }
        }
        string(text, out);
    }

    /// The safety net's groups, as `safety_net_json` writes them: the signs of one level and
    /// instruction together, in the outcome's order.
    fn safety_net(&self, outcome: &Outcome, out: &mut Vec<u8>) {
        let kb = self.kb;
        let instruction = |at: &crate::assess::NetSign| {
            let group = &kb.safety_nets[at.net].groups[at.group];
            (group.level, group.instruction(&kb.levels))
        };
        let mut written: Vec<(usize, &str)> = Vec::new();
        for (i, at) in outcome.safety_net.iter().enumerate() {
            let key = instruction(at);
            if written.contains(&key) {
                continue;
            }
            if !written.is_empty() {
                out.push(b',');
            }
            written.push(key);
            out.extend_from_slice(self.nets[at.net][at.group].0.as_bytes());
            let signs = outcome.safety_net[i..]
                .iter()
                .filter(|a| instruction(a) == key);
            for (j, a) in signs.enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(self.nets[a.net][a.group].1[a.sign].as_bytes());
            }
            out.extend_from_slice(b"]}");
        }
    }

    /// A text field as the outcome shows it: the words escaped once when it has no condition.
    fn words(&self, fixed: &str, parts: &[TextId], outcome: &Outcome, out: &mut Vec<u8>) {
        if fixed.is_empty() {
            string(&outcome.words(self.kb, parts), out);
        } else {
            out.extend_from_slice(fixed.as_bytes());
        }
    }

    fn answers(&self, answers: &Answers, out: &mut Vec<u8>) {
        out.push(b'{');
        for (&fact, &value) in &answers.values {
            if self.demographic[fact] && value.is_known() {
                out.extend_from_slice(self.fact_keys[fact].as_bytes());
                self.value(fact, value, out);
                out.push(b',');
            }
        }
        out.extend_from_slice(b"\"findings\":{");
        let mut first = true;
        for (&fact, &value) in &answers.values {
            if !(self.demographic[fact] && value.is_known()) {
                if !first {
                    out.push(b',');
                }
                first = false;
                out.extend_from_slice(self.fact_keys[fact].as_bytes());
                self.value(fact, value, out);
            }
        }
        out.extend_from_slice(b"}}");
    }

    fn evidence(&self, evidence: &[Evidence], out: &mut Vec<u8>) {
        for (i, item) in evidence.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(b"{\"rule\":");
            out.extend_from_slice(self.rule_ids[item.rule].as_bytes());
            out.push(b',');
            out.extend_from_slice(self.rule_descriptions[item.rule].as_bytes());
            out.extend_from_slice(b",\"weight\":");
            number(item.weight.abs(), out);
            out.extend_from_slice(b",\"facts\":");
            self.facts(&item.facts, out);
            out.push(b'}');
        }
    }

    fn facts(&self, facts: &[(FactId, Value)], out: &mut Vec<u8>) {
        out.push(b'{');
        // A fact named twice keeps its first place and its last value, as in a JSON map.
        let mut written = 0;
        for (i, &(fact, _)) in facts.iter().enumerate() {
            if facts[..i].iter().any(|&(f, _)| f == fact) {
                continue;
            }
            let value = facts
                .iter()
                .rev()
                .find(|&&(f, _)| f == fact)
                .map(|&(_, v)| v);
            if written > 0 {
                out.push(b',');
            }
            written += 1;
            out.extend_from_slice(self.fact_keys[fact].as_bytes());
            self.value(fact, value.unwrap_or_default(), out);
        }
        out.push(b'}');
    }

    fn value(&self, fact: FactId, value: Value, out: &mut Vec<u8>) {
        match value {
            Value::Unknown | Value::Unsure => out.extend_from_slice(b"\"unknown\""),
            Value::Present => out.extend_from_slice(b"\"present\""),
            Value::Absent => out.extend_from_slice(b"\"absent\""),
            Value::Number(n) => number(n, out),
            Value::Choice(option) => match self.options[fact].get(option) {
                Some(quoted) => out.extend_from_slice(quoted.as_bytes()),
                None => {
                    let _ = serde_json::to_writer(&mut *out, &value_json(self.kb, fact, value));
                }
            },
        }
    }
}

/// A text field's words as a JSON string, when none of its parts has a condition (the words
/// are then the same in every report); else empty, for `words` to write them per report.
fn fixed_words(kb: &KnowledgeBase, parts: &[TextId]) -> String {
    if parts.iter().any(|&t| kb.texts[t].is_conditional()) {
        String::new()
    } else {
        quoted(&kb.words(parts, |_| true))
    }
}

fn string(text: &str, out: &mut Vec<u8>) {
    let _ = serde_json::to_writer(&mut *out, text);
}

fn number(n: f64, out: &mut Vec<u8>) {
    let _ = serde_json::to_writer(&mut *out, &number_json(n));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::kb::{KbSource, load};
    use crate::report::outcome_json;

    fn same_as_outcome_json(kb: &KnowledgeBase, answers: &Answers) {
        let outcome = assess(kb, answers).unwrap();
        let expected = serde_json::to_string(&outcome_json(kb, answers, &outcome, true)).unwrap();
        let mut out = b"{".to_vec();
        JsonLines::new(kb).write_fields(answers, &outcome, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn writes_what_outcome_json_gives_for_every_shipped_scenario() {
        let kb = load(&KbSource::Builtin).unwrap().kb;
        let files = crate::kb::builtin_scenario_files();
        let suite = crate::scenario::Suite::parse(&kb, files).unwrap();
        assert!(suite.scenarios.len() > 100);
        for scenario in &suite.scenarios {
            same_as_outcome_json(&kb, &scenario.answers);
        }
        same_as_outcome_json(&kb, &Answers::default());
    }
}
