//! A knowledge base's text: its own `String` when compiled from the YAML or changed (a
//! translation), or a slice of the compiled image it was decoded from when that image lives as
//! long as the program (the built-in one, or a cache entry kept for the run: `image::decode`).
//! A one-shot `assess` reads a few dozen of the image's ~5,300 texts; decoding each into a
//! `String` of its own (a malloc, a copy) was a sixth of the run. A borrowed text is checked to
//! be UTF-8 as it is decoded, as a `String` is.

use std::borrow::{Borrow, Cow};
use std::cell::Cell;
use std::fmt;
use std::sync::{Mutex, PoisonError};

#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str(Cow<'static, str>);

thread_local! {
    /// The image being decoded on this thread, when it lives as long as the program.
    static IMAGE: Cell<Option<&'static [u8]>> = const { Cell::new(None) };
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
        serializer.serialize_str(&self.0)
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
}
