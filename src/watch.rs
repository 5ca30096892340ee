//! Noticing when one of the YAML files a command reads changes, for `--watch` (the command runs
//! again and says so: src/commands/watch.rs).
//!
//! A polling watcher (the size and modification time of every file, a few times a second)
//! rather than the operating system's notifications: a rules folder holds a few dozen small
//! files, polling them costs nothing, works the same on every system and on network drives,
//! and needs no dependency. Editors that save by writing a new file and renaming it over the
//! old one are seen like any other change.

use crate::kb::is_yaml;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the files are looked at.
pub const INTERVAL: Duration = Duration::from_millis(300);

/// What a file looked like: its modification time and size.
type Stamp = (Option<SystemTime>, u64);

/// The files a command reads, with their stamps: each root that is a file, and the YAML
/// entries directly inside each root that is a folder (what `kb::yaml_files_in` reads). No
/// folder is entered below a root, so a link of a folder to itself or to `/usr` costs nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot(BTreeMap<PathBuf, Stamp>);

impl Snapshot {
    pub fn take(roots: &[PathBuf]) -> Snapshot {
        let mut files = BTreeMap::new();
        for root in roots {
            if root.is_dir() {
                let Ok(entries) = std::fs::read_dir(root) else {
                    continue;
                };
                for entry in entries.flatten() {
                    let path = entry.path();
                    if is_yaml(&path) {
                        files.insert(path.clone(), stamp(&path));
                    }
                }
            } else {
                files.insert(root.clone(), stamp(root));
            }
        }
        Snapshot(files)
    }

    /// The files added, removed or changed since `before`, in name order.
    pub fn changes_since(&self, before: &Snapshot) -> Vec<PathBuf> {
        let mut changed: Vec<PathBuf> = self
            .0
            .iter()
            .filter(|(path, stamp)| before.0.get(*path) != Some(stamp))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(
            before
                .0
                .keys()
                .filter(|path| !self.0.contains_key(*path))
                .cloned(),
        );
        changed.sort();
        changed
    }
}

/// A file's stamp, through a link; a dangling link (an editor's lock file) by the link's own.
fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .or_else(|_| std::fs::symlink_metadata(path))
        .map_or((None, 0), |meta| (meta.modified().ok(), meta.len()))
}

/// Notices changes between calls to `poll`.
pub struct Watcher {
    roots: Vec<PathBuf>,
    last: Snapshot,
}

impl Watcher {
    pub fn new(roots: Vec<PathBuf>) -> Watcher {
        let last = Snapshot::take(&roots);
        Watcher { roots, last }
    }

    /// The files that changed since the last call (or since the watcher was made).
    pub fn poll(&mut self) -> Vec<PathBuf> {
        let now = Snapshot::take(&self.roots);
        let changed = now.changes_since(&self.last);
        self.last = now;
        changed
    }

    /// Waits for a change, looking every `INTERVAL`, and returns the files that changed.
    pub fn wait(&mut self) -> Vec<PathBuf> {
        loop {
            std::thread::sleep(INTERVAL);
            let changed = self.poll();
            if !changed.is_empty() {
                return changed;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn additions_edits_and_removals_are_noticed_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::create_dir(root.join("tests")).unwrap();
        std::fs::write(root.join("a.yaml"), "a: 1\n").unwrap();
        let mut watcher = Watcher::new(vec![root.clone(), root.join("tests")]);
        assert!(watcher.poll().is_empty());

        // A change of size is seen even when the clock is too coarse to tell.
        std::fs::write(root.join("a.yaml"), "a: 12\n").unwrap();
        assert_eq!(watcher.poll(), vec![root.join("a.yaml")]);
        assert!(watcher.poll().is_empty(), "a change is reported once");

        std::fs::write(root.join("tests/s.yaml"), "scenarios: []\n").unwrap();
        assert_eq!(watcher.poll(), vec![root.join("tests/s.yaml")]);

        std::fs::remove_file(root.join("a.yaml")).unwrap();
        assert_eq!(watcher.poll(), vec![root.join("a.yaml")]);

        // Swap files of editors are not changes.
        std::fs::write(root.join(".a.yaml.swp"), "x").unwrap();
        std::fs::write(root.join("a.yaml~"), "x").unwrap();
        assert!(watcher.poll().is_empty());
    }

    /// Issue 23: six links of the folder to itself kept the first look from ever ending, and
    /// a link to /usr cost most of a core while idle. Only what is read is looked at.
    #[cfg(unix)]
    #[test]
    fn only_the_yaml_files_read_are_watched_and_no_link_is_followed_into_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        std::fs::write(root.join("a.yaml"), "a: 1\n").unwrap();
        std::fs::write(root.join("notes.txt"), "x").unwrap();
        for i in 0..3 {
            std::os::unix::fs::symlink(&root, root.join(format!("loop{i}"))).unwrap();
        }
        std::os::unix::fs::symlink("/usr", root.join("usr")).unwrap();
        std::os::unix::fs::symlink("/nonexistent", root.join(".#b.yaml")).unwrap();
        let snapshot = Snapshot::take(std::slice::from_ref(&root));
        let files: Vec<&PathBuf> = snapshot.0.keys().collect();
        assert_eq!(files, vec![&root.join(".#b.yaml"), &root.join("a.yaml")]);
    }

    #[test]
    fn a_same_size_edit_is_seen_by_its_time() {
        let a = Snapshot(BTreeMap::from([(
            PathBuf::from("r.yaml"),
            (Some(SystemTime::UNIX_EPOCH), 5),
        )]));
        let b = Snapshot(BTreeMap::from([(
            PathBuf::from("r.yaml"),
            (Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1)), 5),
        )]));
        assert_eq!(b.changes_since(&a), vec![PathBuf::from("r.yaml")]);
        assert!(a.changes_since(&a).is_empty());
    }
}
