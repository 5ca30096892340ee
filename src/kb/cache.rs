//! A rules folder's compiled knowledge base, kept between runs, as CLIPS's `bload` and Drools'
//! serialised KieBase keep theirs: reading and compiling the YAML is most of a one-shot run
//! inside the repository, decoding the compiled image (image.rs) a small part of it.
//!
//! Never stale: an entry is used only if the files it was compiled from are the files just
//! read, every name and every byte of them (the image keeps them, for diagnostics), and only by
//! the very binary that wrote it (its version, size and modification time). Anything else (no
//! entry, another binary's, a damaged or truncated file, a read error) is a miss: the YAML is
//! compiled as without a cache, and the entry rewritten. Only a knowledge base that compiled is
//! kept, with its warnings, so what any command reports is the same with or without it.
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
use std::io::Write;
use std::path::{Path, PathBuf};

/// Names the cache folder, overriding the platform's.
pub const CACHE_DIR_ENV: &str = "TRIAGE_CACHE_DIR";
/// Set (to anything but empty or `0`), turns the cache off.
pub const NO_CACHE_ENV: &str = "TRIAGE_NO_CACHE";

/// Starts every entry; the last byte is bumped when the layout of an entry changes.
const MAGIC: &[u8; 4] = b"TKC\x01";

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

/// What precedes the image in an entry.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct Header {
    binary: Binary,
    /// Of the image's bytes, so that a damaged entry is refused before it is decoded.
    checksum: u64,
}

impl Entry {
    /// The entry for the rules folder `dir` whose files are `files`; `None` when the cache is
    /// off or has no folder.
    pub fn of(dir: &Path, files: &[SourceFile]) -> Option<Entry> {
        let folder = cache_dir()?;
        let binary = Binary::this()?;
        let mut hasher = IdHasher::default();
        let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        hasher.write(dir.as_os_str().as_encoded_bytes());
        for file in files {
            hasher.write_u8(0);
            hasher.write(file.name.as_bytes());
        }
        Some(Entry {
            path: folder.join(format!("{:016x}.kb", hasher.finish())),
            binary,
        })
    }

    /// The knowledge base compiled from exactly `files` by this binary, if the entry holds it.
    pub fn read(&self, files: &[SourceFile]) -> Option<Loaded> {
        let bytes = std::fs::read(&self.path).ok()?;
        let (header, image) =
            postcard::take_from_bytes::<Header>(bytes.strip_prefix(MAGIC)?).ok()?;
        if header.binary != self.binary || header.checksum != checksum(image) {
            return None;
        }
        let (kb, warnings) = image::decode(image)?;
        let same_files = kb.files.len() == files.len()
            && kb
                .files
                .iter()
                .zip(files)
                .all(|(kept, read)| kept.name == read.name && kept.text == read.text);
        same_files.then_some(Loaded { kb, warnings })
    }

    /// Keeps a knowledge base that compiled, quietly giving up if the folder can't be written.
    pub fn write(&self, loaded: &Loaded) {
        let image = image::encode(&loaded.kb, &loaded.warnings);
        let header = Header {
            binary: self.binary.clone(),
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
    let mut hasher = IdHasher::default();
    hasher.write(bytes);
    hasher.finish()
}
