//! A YAML value that remembers where each part came from.
//!
//! Conditions and answers are open-ended mappings (`{fever: absent}`, `{age: {at_least: 50}}`)
//! whose keys are ids, so serde's derived structs can't model them. We read them as a `Node`
//! tree with a source location on every key and value, then compile that tree ourselves, which
//! lets every semantic error point at the exact file, line and column.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A YAML value with its children's locations.
#[derive(Debug, Clone)]
pub enum Node {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<String>, Spanned<Node>)>),
}

impl Node {
    /// A short name of the value's kind, for error messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Node::Null => "an empty value",
            Node::Bool(_) => "a boolean",
            Node::Number(_) => "a number",
            Node::Text(_) => "a text",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

/// The most room taken on a size hint's word.
const MAX_HINT: usize = 4096;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Number(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Number(v as f64))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Number(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Text(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Node, E> {
        Ok(Node::Text(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        // Sized from the hint when there is one: conditions are thousands of lists and mappings
        // of one to four entries, and growing them by pushes gives each room for four.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX_HINT));
        while let Some(item) = seq.next_element::<Spanned<Node>>()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(MAX_HINT));
        while let Some(Key(key)) = map.next_key::<Key>()? {
            let value = map.next_value::<Spanned<Node>>()?;
            entries.push((key, value));
        }
        Ok(Node::Map(entries))
    }
}

/// A mapping key with its location. `Spanned<String>` reads keys only through serde-saphyr;
/// this takes the location when serde-saphyr offers one (through the newtype it answers with
/// a `{marker, value, referenced, defined}` view) and a plain string from any other
/// deserializer, such as JSON's, whose keys then have no location.
struct Key(Spanned<String>);

/// The newtype name through which serde-saphyr offers a value's location (what
/// `Spanned<T>` itself asks for); the key-location tests in tests/check.rs would catch a change.
const SAPHYR_SPANNED: &str = "__yaml_spanned";

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(SAPHYR_SPANNED, KeyVisitor)
    }
}

struct KeyVisitor;

impl KeyVisitor {
    fn plain(value: String) -> Key {
        let unknown = serde_saphyr::Location::UNKNOWN;
        Key(Spanned::new(value, unknown, unknown))
    }
}

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping key")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_any(KeyVisitor)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key, E> {
        Ok(KeyVisitor::plain(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key, E> {
        Ok(KeyVisitor::plain(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
        let (mut value, mut referenced, mut defined) = (None, None, None);
        while let Some(field) = map.next_key::<String>()? {
            match field.as_str() {
                "value" => value = Some(map.next_value::<String>()?),
                "referenced" => referenced = Some(map.next_value::<serde_saphyr::Location>()?),
                "defined" => defined = Some(map.next_value::<serde_saphyr::Location>()?),
                _ => {
                    map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        let unknown = serde_saphyr::Location::UNKNOWN;
        Ok(Key(Spanned::new(
            value,
            referenced.unwrap_or(unknown),
            defined.unwrap_or(unknown),
        )))
    }
}
