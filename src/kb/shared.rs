//! A knowledge base's text: its own `String` when compiled from the YAML or changed (a
//! translation), or a slice of the compiled image it was decoded from when that image lives as
//! long as the program (the built-in one, or a cache entry kept for the run: `image::decode`).
//! A one-shot `assess` reads a few dozen of the image's ~5,300 texts; decoding each into a
//! `String` of its own (a malloc, a copy, a UTF-8 check) was a sixth of the run. An image keeps
//! its texts in one table, each distinct text once (`encode_texts`), checked to be UTF-8 in one
//! pass as it is decoded; each text is then its place in the table.

use std::borrow::{Borrow, Cow};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;
use std::sync::{Mutex, PoisonError};

#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str(Cow<'static, str>);

thread_local! {
    /// The image being decoded on this thread, when it lives as long as the program.
    static IMAGE: Cell<Option<&'static [u8]>> = const { Cell::new(None) };
    /// The texts of the image being encoded on this thread, each once (see `encode_texts`).
    static TABLE_OUT: RefCell<Option<(String, HashMap<String, usize>)>> =
        const { RefCell::new(None) };
    /// The texts of the image being decoded on this thread (see `decode_texts`).
    static TABLE_IN: RefCell<Option<Table>> = const { RefCell::new(None) };
}

/// An image's texts, one after another: borrowed from the image if it lasts the run, else
/// copied.
enum Table {
    Lasting(&'static str),
    Own(String),
}

/// Runs `encode` with every text it writes put in one table, each distinct text once, and
/// written as its place in the table: the image then checks that its texts are UTF-8 in one
/// pass over the table rather than text by text (5,000 of them), and repeats none. Returns
/// what `encode` returned and the table.
pub fn encode_texts<R>(encode: impl FnOnce() -> R) -> (R, String) {
    let before = TABLE_OUT.replace(Some((String::new(), HashMap::new())));
    let encoded = encode();
    let table = TABLE_OUT.replace(before).map(|(table, _)| table);
    (encoded, table.unwrap_or_default())
}

/// Runs `decode` (which reads what `encode_texts` wrote) with the texts in `table`. `None` if
/// the table is not UTF-8.
pub fn decode_texts<R>(table: &[u8], decode: impl FnOnce() -> R) -> Option<R> {
    let table = match in_image(table) {
        Some(lasting) => Table::Lasting(std::str::from_utf8(lasting).ok()?),
        None => Table::Own(std::str::from_utf8(table).ok()?.to_string()),
    };
    let before = TABLE_IN.replace(Some(table));
    let decoded = decode();
    TABLE_IN.replace(before);
    Some(decoded)
}

/// Runs `code` without the tables of `encode_texts` and `decode_texts`: for a part of the
/// image encoded apart (`lazy::Lazy`), decoded when first read.
pub fn without_tables<R>(code: impl FnOnce() -> R) -> R {
    let (out, into) = (TABLE_OUT.take(), TABLE_IN.take());
    let result = code();
    TABLE_OUT.replace(out);
    TABLE_IN.replace(into);
    result
}

/// Runs `decode` with the texts and encoded parts that lie in `image` borrowed from it rather
/// than copied.
pub fn decode_borrowing<R>(image: &'static [u8], decode: impl FnOnce() -> R) -> R {
    let before = IMAGE.replace(Some(image));
    let decoded = decode();
    IMAGE.set(before);
    decoded
}

/// How many distinct images (cache entries) a process keeps for its life: one for a command,
/// a few for `watch` as the rules are edited; past them an entry's texts are copied (and the
/// entry freed with the knowledge base) rather than memory held without bound.
const MAX_LASTING: usize = 4;

/// `bytes` kept for the rest of the program, so that a knowledge base decoded from them can
/// borrow its texts (`decode_borrowing`): the same bytes kept before, or these; or the bytes
/// back, if `MAX_LASTING` images are kept already.
pub fn lasting(bytes: Vec<u8>) -> Result<&'static [u8], Vec<u8>> {
    static KEPT: Mutex<Vec<&'static [u8]>> = Mutex::new(Vec::new());
    let mut kept = KEPT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(&same) = kept.iter().find(|image| **image == bytes.as_slice()) {
        return Ok(same);
    }
    if kept.len() >= MAX_LASTING {
        return Err(bytes);
    }
    let image: &'static [u8] = Vec::leak(bytes);
    kept.push(image);
    Ok(image)
}

/// `bytes` as a slice of the image being decoded (see `decode_borrowing`), if they lie in it.
pub fn in_image(bytes: &[u8]) -> Option<&'static [u8]> {
    let image = IMAGE.get()?;
    let start = (bytes.as_ptr() as usize).checked_sub(image.as_ptr() as usize)?;
    image.get(start..start.checked_add(bytes.len())?)
}

impl Str {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the text is a slice of an image rather than its own (for tests).
    pub fn is_borrowed(&self) -> bool {
        matches!(self.0, Cow::Borrowed(_))
    }
}

impl std::ops::Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<String> for Str {
    fn from(text: String) -> Str {
        Str(Cow::Owned(text))
    }
}

impl From<&str> for Str {
    fn from(text: &str) -> Str {
        Str(Cow::Owned(text.to_string()))
    }
}

impl From<&String> for Str {
    fn from(text: &String) -> Str {
        Str(Cow::Owned(text.clone()))
    }
}

impl From<Str> for String {
    fn from(text: Str) -> String {
        text.0.into_owned()
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Str> for String {
    fn eq(&self, other: &Str) -> bool {
        **self == *other.0
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl serde::Serialize for Str {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let place = TABLE_OUT.with_borrow_mut(|out| {
            let (table, places) = out.as_mut()?;
            let start = *places.entry(self.0.to_string()).or_insert_with(|| {
                table.push_str(&self.0);
                table.len() - self.0.len()
            });
            Some((start, self.0.len()))
        });
        match place {
            Some(place) => serde::Serialize::serialize(&place, serializer),
            None => serializer.serialize_str(&self.0),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Str {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Str, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Str;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text")
            }
            fn visit_borrowed_bytes<E: serde::de::Error>(self, bytes: &'de [u8]) -> Result<Str, E> {
                match in_image(bytes) {
                    Some(bytes) => std::str::from_utf8(bytes)
                        .map(|text| Str(Cow::Borrowed(text)))
                        .map_err(E::custom),
                    None => self.visit_bytes(bytes),
                }
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Str, E> {
                std::str::from_utf8(bytes).map(Str::from).map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Str, E> {
                Ok(Str::from(text))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Str, E> {
                Ok(Str::from(text))
            }
        }
        if TABLE_IN.with_borrow(Option::is_some) {
            let (start, len): (usize, usize) = serde::Deserialize::deserialize(deserializer)?;
            let text = TABLE_IN.with_borrow(|table| {
                let range = start..start.checked_add(len)?;
                match table.as_ref()? {
                    Table::Lasting(table) => table.get(range).map(|t| Str(Cow::Borrowed(t))),
                    Table::Own(table) => table.get(range).map(Str::from),
                }
            });
            return text.ok_or_else(|| serde::de::Error::custom("a text outside the table"));
        }
        // postcard writes a text as it writes bytes (a length, then the bytes), and hands
        // bytes over borrowed from its input where a text would be copied.
        deserializer.deserialize_bytes(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_decoded_from_a_lasting_image_borrows_it_and_reads_the_same() {
        let texts = vec![Str::from("a"), Str::from("bé"), Str::default()];
        let image: &'static [u8] = Vec::leak(postcard::to_allocvec(&(1u8, &texts)).unwrap());
        let (one, read): (u8, Vec<Str>) =
            decode_borrowing(image, || postcard::from_bytes(image).unwrap());
        assert_eq!((one, &read), (1, &texts));
        assert!(read.iter().all(Str::is_borrowed));
        // Outside decode_borrowing, or from other bytes, a copy.
        let copied: (u8, Vec<Str>) = postcard::from_bytes(image).unwrap();
        assert_eq!(copied.1, texts);
        assert!(!copied.1.iter().any(Str::is_borrowed));
        // Damage is refused, not misread.
        let bad: &'static [u8] = Vec::leak(vec![1, 2, 0xff, 0xfe]);
        let read: Result<(u8, Str), _> = decode_borrowing(bad, || postcard::from_bytes(bad));
        assert!(read.is_err());
    }

    #[test]
    fn texts_written_to_a_table_read_back_from_it_each_once() {
        let texts = vec![
            Str::from("a"),
            Str::from("bé"),
            Str::from("a"),
            Str::default(),
        ];
        let (body, table) = encode_texts(|| postcard::to_allocvec(&texts).unwrap());
        assert_eq!(table, "abé");
        let image: &'static [u8] = Vec::leak([table.as_bytes(), &body].concat());
        let (table, body) = image.split_at(table.len());
        let read: Vec<Str> = decode_borrowing(image, || {
            decode_texts(table, || postcard::from_bytes(body).unwrap()).unwrap()
        });
        assert_eq!(read, texts);
        assert!(read.iter().all(Str::is_borrowed));
        let copied: Vec<Str> = decode_texts(table, || postcard::from_bytes(body).unwrap()).unwrap();
        assert_eq!(copied, texts);
        assert!(!copied.iter().any(Str::is_borrowed));
        // A place outside the table, or a table that is not UTF-8, is refused.
        let far = postcard::to_allocvec(&vec![(1usize, 9usize)]).unwrap();
        let read = decode_texts(table, || postcard::from_bytes::<Vec<Str>>(&far));
        assert!(read.unwrap().is_err());
        assert!(decode_texts(&[0xff], || ()).is_none());
        // Outside the tables, a text is written as itself.
        let plain = without_tables(|| postcard::to_allocvec(&texts).unwrap());
        assert_eq!(
            plain,
            postcard::to_allocvec(&["a", "bé", "a", ""][..]).unwrap()
        );
    }
}
