//! A part of the compiled image (image.rs) kept encoded until it is first read: the hazard
//! log and the invariants, which only `verify`, `hazards`, `diff` and the like read, and which
//! a one-shot `assess` or `ask` would otherwise decode (allocating every text of them) on every
//! run. The translations do the same (`locale::Locales`).
//!
//! It reads as the value it holds (`Deref`); the first read decodes it, once. The bytes were
//! written by this very binary, and the image is checked whole (its checksum, and the cache's
//! key of binary and files) before it is used, so they decode; were they not, that is a
//! defect of this binary, and reading panics rather than showing an empty hazard log or
//! proving nothing.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

#[derive(Clone, Default)]
pub struct Lazy<T> {
    /// The postcard encoding, as the image holds it; empty when made from a value.
    encoded: Encoded,
    decoded: OnceLock<T>,
}

/// The bytes of a part kept encoded: a range of the image being decoded by `decode_shared`
/// (an entry of the cache, which then stays in memory rather than be copied in parts: the
/// translations alone are a third of it, and every fresh page of heap costs a page fault), or
/// a copy of their own.
#[derive(Clone, Default)]
pub enum Encoded {
    #[default]
    Empty,
    Own(Vec<u8>),
    Shared(Arc<Vec<u8>>, Range<usize>),
    /// A slice of an image that lives as long as the program (see `shared::decode_borrowing`).
    Static(&'static [u8]),
}

impl Encoded {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Encoded::Empty => &[],
            Encoded::Own(bytes) => bytes,
            Encoded::Shared(image, range) => &image[range.clone()],
            Encoded::Static(bytes) => bytes,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.bytes().is_empty()
    }

    /// `bytes`, as a range of the image being decoded if they lie in it, else copied.
    fn of(bytes: &[u8]) -> Encoded {
        if let Some(bytes) = super::shared::in_image(bytes) {
            return Encoded::Static(bytes);
        }
        IMAGE
            .with_borrow(|image| {
                let image = image.as_ref()?;
                let start = (bytes.as_ptr() as usize).checked_sub(image.as_ptr() as usize)?;
                let end = start + bytes.len();
                (end <= image.len()).then(|| Encoded::Shared(image.clone(), start..end))
            })
            .unwrap_or_else(|| Encoded::Own(bytes.to_vec()))
    }
}

impl std::fmt::Debug for Encoded {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "Encoded({} bytes)", self.bytes().len())
    }
}

thread_local! {
    /// The image `decode_shared` is decoding on this thread.
    static IMAGE: RefCell<Option<Arc<Vec<u8>>>> = const { RefCell::new(None) };
}

/// Runs `decode` (which decodes from a part of `image`) with the parts it keeps encoded
/// borrowed from `image` rather than copied.
pub fn decode_shared<R>(image: &Arc<Vec<u8>>, decode: impl FnOnce(&[u8]) -> R) -> R {
    IMAGE.set(Some(image.clone()));
    let decoded = decode(image);
    IMAGE.set(None);
    decoded
}

/// Reads the encoded bytes of a part (see `Encoded`).
pub fn deserialize_encoded<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Encoded, D::Error> {
    struct Bytes;
    impl serde::de::Visitor<'_> for Bytes {
        type Value = Encoded;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an encoded part of the knowledge base")
        }
        fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Encoded, E> {
            Ok(Encoded::of(bytes))
        }
    }
    deserializer.deserialize_bytes(Bytes)
}

impl<T> Lazy<T> {
    pub fn new(value: T) -> Lazy<T> {
        Lazy {
            encoded: Encoded::Empty,
            decoded: OnceLock::from(value),
        }
    }
}

impl<T: serde::de::DeserializeOwned> Lazy<T> {
    fn get(&self) -> &T {
        self.decoded.get_or_init(|| {
            super::shared::without_tables(|| postcard::from_bytes(self.encoded.bytes()))
                .expect("a part of the compiled image this binary wrote and checked decodes")
        })
    }
}

impl<T: serde::de::DeserializeOwned> std::ops::Deref for Lazy<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.get()
    }
}

impl<T: serde::de::DeserializeOwned> std::ops::DerefMut for Lazy<T> {
    fn deref_mut(&mut self) -> &mut T {
        self.get();
        // Changed from now on: its encoding would be stale.
        self.encoded = Encoded::Empty;
        self.decoded.get_mut().expect("decoded just now")
    }
}

impl<'a, T: serde::de::DeserializeOwned> IntoIterator for &'a Lazy<Vec<T>> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.get().iter()
    }
}

impl<'a, T: serde::de::DeserializeOwned> IntoIterator for &'a mut Lazy<Vec<T>> {
    type Item = &'a mut T;
    type IntoIter = std::slice::IterMut<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        std::ops::DerefMut::deref_mut(self).iter_mut()
    }
}

impl<T: serde::de::DeserializeOwned + std::fmt::Debug> std::fmt::Debug for Lazy<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

impl<T: serde::Serialize> serde::Serialize for Lazy<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.decoded.get() {
            Some(value) if self.encoded.is_empty() => {
                let bytes = super::shared::without_tables(|| postcard::to_allocvec(value))
                    .map_err(serde::ser::Error::custom)?;
                serializer.serialize_bytes(&bytes)
            }
            _ => serializer.serialize_bytes(self.encoded.bytes()),
        }
    }
}

impl<'de, T> serde::Deserialize<'de> for Lazy<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Lazy {
            encoded: deserialize_encoded(deserializer)?,
            decoded: OnceLock::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lazy_value_reads_back_as_it_was_written_and_changes_as_a_value() {
        let lazy = Lazy::new(vec!["a".to_string(), "bé".to_string()]);
        let bytes = postcard::to_allocvec(&lazy).unwrap();
        let mut read: Lazy<Vec<String>> = postcard::from_bytes(&bytes).unwrap();
        assert!(read.decoded.get().is_none());
        assert_eq!(*read, *lazy);
        read.push("c".into());
        let again: Lazy<Vec<String>> =
            postcard::from_bytes(&postcard::to_allocvec(&read).unwrap()).unwrap();
        assert_eq!(*again, ["a", "bé", "c"]);
        assert_eq!(format!("{again:?}"), r#"["a", "bé", "c"]"#);
    }

    #[test]
    fn a_part_decoded_from_a_shared_image_borrows_it_and_reads_the_same() {
        let lazy = Lazy::new(vec!["a".to_string(), "bé".to_string()]);
        let image = Arc::new(postcard::to_allocvec(&(1u8, &lazy, 2u8)).unwrap());
        let (one, read, two): (u8, Lazy<Vec<String>>, u8) =
            decode_shared(&image, |bytes| postcard::from_bytes(bytes).unwrap());
        assert!(matches!(&read.encoded, Encoded::Shared(shared, _) if Arc::ptr_eq(shared, &image)));
        assert_eq!((one, &*read, two), (1, &*lazy, 2));
        // Outside decode_shared, a copy.
        let copied: (u8, Lazy<Vec<String>>, u8) = postcard::from_bytes(&image).unwrap();
        assert!(matches!(copied.1.encoded, Encoded::Own(_)));
        assert_eq!(*copied.1, *lazy);
    }
}
