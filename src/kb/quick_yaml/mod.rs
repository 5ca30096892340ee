//! A quick path for reading knowledge-base YAML, with the same result as serde-saphyr.
//!
//! serde-saphyr reads any YAML and explains every mistake, but it costs about 700 instructions
//! a byte (its parser alone about 350), which made reading the files 95% of loading a large
//! knowledge base. The files are written in a small, regular part of YAML, so this reads that
//! part directly (about 50 a byte) into the same values with the same locations; a file that
//! strays outside it, or has any mistake, is read by serde-saphyr instead, so every message
//! about a file stays serde-saphyr's (or ours, from the same located values). The tests compare
//! the two readings on the shipped, fixture and synthetic files and on many variations of them.

mod de;
mod scan;

/// Reads `text` as a `T` if it is within the quick path's part of YAML; `None` otherwise, and
/// for anything serde-saphyr might read differently or refuse.
pub fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    let root = scan::scan(text)?;
    T::deserialize(de::Deserializer(&root)).ok()
}

#[cfg(test)]
mod tests;
