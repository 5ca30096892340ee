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

use std::sync::OnceLock;

#[derive(Clone, Default)]
pub struct Lazy<T> {
    /// The postcard encoding, as the image holds it; empty when made from a value.
    encoded: Vec<u8>,
    decoded: OnceLock<T>,
}

impl<T> Lazy<T> {
    pub fn new(value: T) -> Lazy<T> {
        Lazy {
            encoded: Vec::new(),
            decoded: OnceLock::from(value),
        }
    }
}

impl<T: serde::de::DeserializeOwned> Lazy<T> {
    fn get(&self) -> &T {
        self.decoded.get_or_init(|| {
            postcard::from_bytes(&self.encoded)
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
        self.encoded = Vec::new();
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
                let bytes = postcard::to_allocvec(value).map_err(serde::ser::Error::custom)?;
                serializer.serialize_bytes(&bytes)
            }
            _ => serializer.serialize_bytes(&self.encoded),
        }
    }
}

impl<'de, T> serde::Deserialize<'de> for Lazy<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl serde::de::Visitor<'_> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an encoded part of the knowledge base")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
                Ok(bytes.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(bytes)
            }
        }
        Ok(Lazy {
            encoded: deserializer.deserialize_byte_buf(Bytes)?,
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
}
