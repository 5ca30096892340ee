//! serde over the quick path's tree, reading scalars as serde-saphyr does with strict booleans
//! (checked against it in the tests). Wherever serde-saphyr's reading is not plainly the same
//! (a quoted number, `1e3`, `0x10`, `007`, a `null` for a text...), this fails with `Bail` and
//! the caller asks serde-saphyr instead: `Bail` never reaches anyone.

use super::scan::{Item, Loc, Value, is_special_word};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

#[derive(Debug)]
pub struct Bail;

impl fmt::Display for Bail {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("outside the quick path")
    }
}

impl std::error::Error for Bail {}

impl de::Error for Bail {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Bail
    }
}

/// How YAML 1.2's core schema (with strict booleans) reads a plain scalar, as far as the quick
/// path is sure of it.
enum Plain<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(&'a str),
}

fn resolve(text: &str) -> Option<Plain<'_>> {
    match text {
        "null" | "Null" | "NULL" | "~" => return Some(Plain::Null),
        "true" | "True" | "TRUE" => return Some(Plain::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Plain::Bool(false)),
        _ => {}
    }
    let first = text.as_bytes().first()?;
    if first.is_ascii_alphabetic() || *first == b'_' {
        // `yes`, `no`, `y`, `on`... stay text with strict booleans; `nan`, `inf` and odd
        // spellings of null and the booleans are left to serde-saphyr.
        let special = is_special_word(text)
            && !["y", "n", "yes", "no", "on", "off"]
                .iter()
                .any(|w| w.eq_ignore_ascii_case(text));
        return (!special).then_some(Plain::Text(text));
    }
    number(text)
}

/// `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, the only numbers read here.
fn number(text: &str) -> Option<Plain<'_>> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || (whole.len() > 1 && whole.starts_with('0')) || whole.len() > 15 {
        return None;
    }
    match fraction {
        None => text.parse().ok().map(Plain::Int),
        Some(f) if all_digits(f) && f.len() <= 15 => text.parse().ok().map(Plain::Float),
        Some(_) => None,
    }
}

pub struct Deserializer<'t, 'a>(pub &'t Item<'a>);

impl<'t, 'a> Deserializer<'t, 'a> {
    fn plain(&self) -> Option<Plain<'a>> {
        match self.0.value {
            Value::Plain(text) => resolve(text),
            _ => None,
        }
    }

    /// Text for a `String`: any quoted scalar, or a plain one that isn't null.
    fn text(&self) -> Result<&'t str, Bail> {
        match &self.0.value {
            Value::Quoted(text) => Ok(text),
            Value::Plain(text) => match resolve(text) {
                Some(Plain::Null) => Err(Bail),
                Some(_) => Ok(text),
                // Plain text serde-saphyr would give as it is, though its own reading of it
                // (say as a date or a version) is not one the quick path knows.
                None if !text.is_empty() => Ok(text),
                None => Err(Bail),
            },
            _ => Err(Bail),
        }
    }
}

impl<'de, 't, 'a> de::Deserializer<'de> for Deserializer<'t, 'a> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match &self.0.value {
            Value::Quoted(text) => visitor.visit_str(text),
            Value::Seq(items) => visitor.visit_seq(Seq(items.iter())),
            Value::Map(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
            Value::Plain(_) => match self.plain().ok_or(Bail)? {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(n) if n >= 0 => visitor.visit_u64(n as u64),
                Plain::Int(n) => visitor.visit_i64(n),
                Plain::Float(x) => visitor.visit_f64(x),
                Plain::Text(text) => visitor.visit_str(text),
            },
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.plain() {
            Some(Plain::Bool(b)) => visitor.visit_bool(b),
            _ => Err(Bail),
        }
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.plain() {
            Some(Plain::Int(n)) => visitor.visit_f64(n as f64),
            Some(Plain::Float(x)) => visitor.visit_f64(x),
            _ => Err(Bail),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_str(self.text()?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_str(self.text()?)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_str(self.text()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match &self.0.value {
            Value::Plain(text) if matches!(resolve(text), Some(Plain::Null)) => {
                visitor.visit_none()
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Bail> {
        if name == SAPHYR_SPANNED {
            visitor.visit_newtype_struct(Fields::Spanned(self.0, 0))
        } else {
            visitor.visit_newtype_struct(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match &self.0.value {
            Value::Seq(items) => visitor.visit_seq(Seq(items.iter())),
            _ => Err(Bail),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match &self.0.value {
            Value::Map(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
            _ => Err(Bail),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Bail> {
        match self.plain() {
            Some(Plain::Text(text)) => visitor.visit_enum(text.into_deserializer()),
            _ => Err(Bail),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_unit()
    }

    // Integers through `deserialize_any` (a visitor for i32 takes a u64 or i64 in range); any
    // other reading fails, and serde-saphyr is asked.
    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 char bytes byte_buf unit_struct tuple
        tuple_struct
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        match self.plain() {
            Some(Plain::Null) => visitor.visit_unit(),
            _ => Err(Bail),
        }
    }
}

struct Seq<'t, 'a>(std::slice::Iter<'t, Item<'a>>);

impl<'de> SeqAccess<'de> for Seq<'_, '_> {
    type Error = Bail;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Bail> {
        self.0
            .next()
            .map(|item| seed.deserialize(Deserializer(item)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Map<'t, 'a> {
    entries: std::slice::Iter<'t, (Item<'a>, Item<'a>)>,
    value: Option<&'t Item<'a>>,
}

impl<'de> MapAccess<'de> for Map<'_, '_> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bail> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(Deserializer(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        seed.deserialize(Deserializer(self.value.take().ok_or(Bail)?))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// The newtype through which serde-saphyr's `Spanned<T>` asks for a location.
const SAPHYR_SPANNED: &str = "__yaml_spanned";
/// The first field of serde-saphyr's view of a located value.
const SAPHYR_SPANNED_MARKER: &str = "__serde_saphyr_private_spanned";

/// The maps through which serde-saphyr's types read themselves: a located value as
/// serde-saphyr presents it (`{marker, value, referenced, defined}`), and its `Location` and
/// `Span`, which have no public constructor but read themselves from a map of their fields.
enum Fields<'t, 'a> {
    Spanned(&'t Item<'a>, u8),
    Location(Loc, u8),
    Span(Loc, u8),
}

impl<'de> de::Deserializer<'de> for Fields<'_, '_> {
    type Error = Bail;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Bail> {
        visitor.visit_map(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> MapAccess<'de> for Fields<'_, '_> {
    type Error = Bail;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Bail> {
        let key = match self {
            Fields::Spanned(_, 0) => SAPHYR_SPANNED_MARKER,
            Fields::Spanned(_, 1) => "value",
            Fields::Spanned(_, 2) => "referenced",
            Fields::Spanned(_, 3) => "defined",
            Fields::Location(_, 0) => "line",
            Fields::Location(_, 1) => "column",
            Fields::Location(_, 2) => "span",
            Fields::Span(_, 0) => "offset",
            Fields::Span(_, 1) => "len",
            Fields::Span(_, 2) => "byte_info",
            _ => return Ok(None),
        };
        match self {
            Fields::Spanned(_, state) | Fields::Location(_, state) | Fields::Span(_, state) => {
                *state += 1
            }
        }
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Bail> {
        match *self {
            Fields::Spanned(_, 1) => seed.deserialize(true.into_deserializer()),
            Fields::Spanned(item, 2) => seed.deserialize(Deserializer(item)),
            // Without aliases, a value is referenced where it is defined.
            Fields::Spanned(item, 3 | 4) => seed.deserialize(Fields::Location(item.loc, 0)),
            Fields::Location(loc, 1) => seed.deserialize(loc.line.into_deserializer()),
            Fields::Location(loc, 2) => seed.deserialize(loc.column.into_deserializer()),
            Fields::Location(loc, 3) => seed.deserialize(Fields::Span(loc, 0)),
            Fields::Span(loc, 1) => seed.deserialize(loc.offset.into_deserializer()),
            Fields::Span(loc, 2) => seed.deserialize(loc.len.into_deserializer()),
            Fields::Span(loc, 3) => seed.deserialize(de::value::SeqDeserializer::new(
                [loc.byte_offset, loc.byte_len].into_iter(),
            )),
            _ => Err(Bail),
        }
    }
}
