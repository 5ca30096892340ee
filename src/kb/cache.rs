//! A rules folder's compiled knowledge base, kept between runs, as CLIPS's `bload` and Drools'
//! serialised KieBase keep theirs: reading and compiling the YAML is most of a one-shot run
//! inside the repository, decoding the compiled image (image.rs) a small part of it.
//!
//! Never stale: an entry is used only if the files it was compiled from are the files just
//! read, every name and every byte of them, and only by the very binary that wrote it (its
//! version, size and modification time). The files are compared by a key: XXH3's 128-bit hash
//! of each file's name, bytes and length in turn, which every run computes afresh from the
//! files' contents (never from their sizes or times); two different sets of files share a key
//! with a chance of about 2^-128. Anything else (no entry, another binary's, another key, a
//! damaged or truncated file, a read error) is a miss: the YAML is compiled as without a cache,
//! and the entry rewritten. Only a knowledge base that compiled is kept, with its warnings, so
//! what any command reports is the same with or without it.
//!
//! An entry keeps the names of the files but not their texts: a run that needs them (for
//! messages that quote a line) has them from reading the files, and one that does not (see
//! `load::load`) only streams each file through the hash, as the built-in knowledge base
//! carries no texts either.
//!
//! Entries live in `$TRIAGE_CACHE_DIR`, else `$XDG_CACHE_HOME/triage`, else
//! `~/.cache/triage`, one file per rules folder (named by a hash of its path and file names,
//! overwritten when it changes); `TRIAGE_NO_CACHE=1` turns the cache off. Writing goes to a
//! temporary file renamed into place, so a reader sees a whole entry or none; a cache folder
//! that can't be written only costs the saving.

use super::image;
use super::{IdHasher, Loaded};
use crate::diagnostic::SourceFile;
use std::hash::Hasher;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use xxhash_rust::xxh3::Xxh3;

/// Names the cache folder, overriding the platform's.
pub const CACHE_DIR_ENV: &str = "TRIAGE_CACHE_DIR";
/// Set (to anything but empty or `0`), turns the cache off.
pub const NO_CACHE_ENV: &str = "TRIAGE_NO_CACHE";

/// Starts every entry; the last byte is bumped when the layout of an entry changes.
const MAGIC: &[u8; 4] = b"TKC\x02";

/// The entry of one rules folder.
pub struct Entry {
    path: PathBuf,
    binary: Binary,
}

/// What identifies the binary that writes and reads entries: a rebuilt binary can compile
/// the same rules differently, or lay out the image differently, under the same version.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Binary {
    version: String,
    size: u64,
    modified_ns: u128,
}

impl Binary {
    fn this() -> Option<Binary> {
        let exe = std::fs::metadata(std::env::current_exe().ok()?).ok()?;
        let modified = exe
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        Some(Binary {
            version: env!("CARGO_PKG_VERSION").to_string(),
            size: exe.len(),
            modified_ns: modified.as_nanos(),
        })
    }
}

/// The contents of a set of files, as the cache compares them: see the module's comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Key(u64, u64);

/// Computes a key file by file, in the order the knowledge base lists them.
#[derive(Default)]
pub struct KeyHasher(Xxh3);

impl KeyHasher {
    /// Starts a file: its name and the length of its bytes, each after its own length, so
    /// that no two sets of files make the same stream; its bytes follow.
    fn start(&mut self, name: &str, len: u64) {
        self.0.update(&(name.len() as u64).to_le_bytes());
        self.0.update(name.as_bytes());
        self.0.update(&len.to_le_bytes());
    }

    fn finish(&self) -> Key {
        let hash = self.0.digest128();
        Key((hash >> 64) as u64, hash as u64)
    }
}

/// The key of files read whole.
pub fn key_of<'a>(files: impl IntoIterator<Item = &'a SourceFile>) -> Key {
    let mut hasher = KeyHasher::default();
    for file in files {
        hasher.start(&file.name, file.text.len() as u64);
        hasher.0.update(file.text.as_bytes());
    }
    hasher.finish()
}

/// The key of the files at `paths`, named `names`, streamed through one small buffer rather
/// than read whole; `None` if one can't be read as a regular file of at most `max_file`
/// bytes, or all of them come to more than `max_total` (the full reading then says why), or
/// one changes size while it is read (the full reading then reads what it has become).
pub fn key_of_paths(
    paths: &[PathBuf],
    names: &[String],
    max_file: u64,
    max_total: u64,
) -> Option<Key> {
    let mut hasher = KeyHasher::default();
    let mut buffer = vec![0u8; 64 << 10];
    let mut total = 0u64;
    for (path, name) in paths.iter().zip(names) {
        let mut file = std::fs::File::open(path).ok()?;
        let metadata = file.metadata().ok()?;
        let size = metadata.len();
        total += size;
        if !metadata.is_file() || size > max_file || total > max_total {
            return None;
        }
        hasher.start(name, size);
        let mut len = 0u64;
        stream(&mut file, &mut buffer, |chunk| {
            len += chunk.len() as u64;
            hasher.0.update(chunk);
            len <= size
        })?;
        if len != size {
            return None;
        }
    }
    Some(hasher.finish())
}

/// Reads `file` to its end through `buffer`, handing each chunk to `chunk`, which says whether
/// to go on; `None` if it says to stop or the file can't be read.
pub fn stream(
    file: &mut std::fs::File,
    buffer: &mut [u8],
    mut chunk: impl FnMut(&[u8]) -> bool,
) -> Option<()> {
    loop {
        match file.read(buffer) {
            Ok(0) => return Some(()),
            Ok(read) => chunk(&buffer[..read]).then_some(())?,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
}

/// What precedes the image in an entry.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Header {
    binary: Binary,
    /// Of the files the image was compiled from.
    key: Key,
    /// Of the image's bytes, so that a damaged entry is refused before it is decoded.
    checksum: u64,
}

impl Entry {
    /// The entry for the rules folder `dir` whose files are named `names`; `None` when the
    /// cache is off or has no folder.
    pub fn of<'a>(dir: &Path, names: impl IntoIterator<Item = &'a str>) -> Option<Entry> {
        let folder = cache_dir()?;
        let binary = Binary::this()?;
        let mut hasher = IdHasher::default();
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        hasher.write(dir.as_os_str().as_encoded_bytes());
        for name in names {
            hasher.write_u8(0);
            hasher.write(name.as_bytes());
        }
        Some(Entry {
            path: folder.join(format!("{:016x}.kb", hasher.finish())),
            binary,
        })
    }

    /// The knowledge base compiled by this binary from the files whose key is `key`, if the
    /// entry holds it: its files named, their texts empty (see the module's comment).
    pub fn read(&self, key: Key) -> Option<Loaded> {
        let bytes = std::fs::read(&self.path).ok()?;
        // Checked whole (binary, key, checksum) before anything is decoded or kept.
        let image_at = {
            let (header, image) =
                postcard::take_from_bytes::<Header>(bytes.strip_prefix(MAGIC)?).ok()?;
            if header.binary != self.binary
                || header.key != key
                || header.checksum != checksum(image)
            {
                return None;
            }
            bytes.len() - image.len()
        };
        let (kb, warnings) = match super::shared::lasting(bytes) {
            // Kept for the run: the texts and the parts kept encoded (the translations, the
            // hazard log) are slices of it rather than copies.
            Ok(bytes) => {
                super::shared::decode_borrowing(bytes, || image::decode(&bytes[image_at..]))?
            }
            // Shared by the parts kept encoded rather than copied into each.
            Err(bytes) => super::lazy::decode_shared(&std::sync::Arc::new(bytes), |bytes| {
                image::decode(&bytes[image_at..])
            })?,
        };
        Some(Loaded { kb, warnings })
    }

    /// Keeps a knowledge base that compiled from the files whose key is `key`, without their
    /// texts, quietly giving up if the folder can't be written.
    pub fn write(&self, loaded: &mut Loaded, key: Key) {
        let texts: Vec<String> = (loaded.kb.files.iter_mut())
            .map(|file| std::mem::take(&mut file.text))
            .collect();
        let image = image::encode(&loaded.kb, &loaded.warnings);
        for (file, text) in loaded.kb.files.iter_mut().zip(texts) {
            file.text = text;
        }
        let header = Header {
            binary: self.binary.clone(),
            key,
            checksum: checksum(&image),
        };
        let Ok(mut bytes) = postcard::to_extend(&header, MAGIC.to_vec()) else {
            return;
        };
        bytes.extend_from_slice(&image);
        let _ = self.replace(&bytes);
    }

    /// Writes the entry beside its place under a name no other process uses, then renames it
    /// into place: readers see the old entry or the new one, never part of one.
    fn replace(&self, bytes: &[u8]) -> std::io::Result<()> {
        let folder = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(folder)?;
        let temporary = folder.join(format!(
            ".{}.{}.tmp",
            self.path.file_name().unwrap_or_default().to_string_lossy(),
            std::process::id()
        ));
        let written = std::fs::File::create(&temporary)
            .and_then(|mut file| file.write_all(bytes))
            .and_then(|()| std::fs::rename(&temporary, &self.path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }
}

/// The cache folder, or `None` if the cache is off or there is nowhere to put it.
fn cache_dir() -> Option<PathBuf> {
    let set = |name| std::env::var_os(name).filter(|value| !value.is_empty());
    if set(NO_CACHE_ENV).is_some_and(|value| value != "0") {
        return None;
    }
    if let Some(dir) = set(CACHE_DIR_ENV) {
        return Some(PathBuf::from(dir));
    }
    // The XDG base directory specification: a relative path is to be ignored.
    let xdg = set("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute());
    let base = xdg.or_else(|| Some(PathBuf::from(set("HOME")?).join(".cache")))?;
    Some(base.join("triage"))
}

/// Creates the cache folder for this user alone (entries are trusted once their checks
/// pass), marked as a cache for backup tools.
fn create_private_dir(folder: &Path) -> std::io::Result<()> {
    if folder.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(folder)?;
    let tag = "Signature: 8a477f597d28d172789f06886806bc55\n\
               # This folder holds triage's cache of compiled rules folders.\n";
    let _ = std::fs::write(folder.join("CACHEDIR.TAG"), tag);
    Ok(())
}

fn checksum(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_streamed_from_the_files_is_the_key_of_their_texts() {
        let dir = tempfile::tempdir().unwrap();
        let texts = ["a: 1\n", "", "ünï: [2, 3]\n"];
        let mut paths = Vec::new();
        let mut files = Vec::new();
        for (i, text) in texts.iter().enumerate() {
            let path = dir.path().join(format!("{i}.yaml"));
            std::fs::write(&path, text).unwrap();
            paths.push(path);
            files.push(SourceFile {
                name: format!("rules/{i}.yaml"),
                text: text.to_string(),
            });
        }
        let names: Vec<String> = files.iter().map(|f| f.name.clone()).collect();
        assert_eq!(key_of_paths(&paths, &names, 100, 100), Some(key_of(&files)));
        // Bounds and what can't be read leave it to the full reading.
        assert_eq!(key_of_paths(&paths, &names, 5, 100), None);
        assert_eq!(key_of_paths(&paths, &names, 100, 10), None);
        let folder = vec![dir.path().to_path_buf()];
        assert_eq!(key_of_paths(&folder, &names[..1], 100, 100), None);
        // A byte moved from one file to the next, or a file renamed, is another key.
        let mut moved = files.clone();
        moved[0].text.pop();
        moved[1].text.push('\n');
        assert_ne!(key_of(&moved), key_of(&files));
        let mut renamed = files.clone();
        renamed[1].name = "rules/1.yml".into();
        assert_ne!(key_of(&renamed), key_of(&files));
    }
}
