//! `--watch`: run a command again whenever a file under the rules folder changes.
//!
//! A polling watcher (the size and modification time of every file, a few times a second)
//! rather than the operating system's notifications: a rules folder holds a few dozen small
//! files, polling them costs nothing, works the same on every system and on network drives,
//! and needs no dependency. Editors that save by writing a new file and renaming it over the
//! old one are seen like any other change.

use crate::commands::{Context, Output};
use crate::error::Error;
use crate::kb::KbSource;
use crate::style::{ColorChoice, Style};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How often the files are looked at.
pub const INTERVAL: Duration = Duration::from_millis(300);

/// What a file looked like: its modification time and size.
type Stamp = (Option<SystemTime>, u64);

/// Every file under some folders (and files), with its stamp.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Snapshot(BTreeMap<PathBuf, Stamp>);

impl Snapshot {
    pub fn take(roots: &[PathBuf]) -> Snapshot {
        let mut files = BTreeMap::new();
        for root in roots {
            visit(root, &mut files, 0);
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

fn visit(path: &Path, files: &mut BTreeMap<PathBuf, Stamp>, depth: usize) {
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.is_file() {
        files.insert(path.to_path_buf(), (meta.modified().ok(), meta.len()));
    } else if meta.is_dir() && depth < 8 {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            // Editors' swap and backup files come and go while typing.
            let name = name.to_string_lossy();
            if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") {
                continue;
            }
            visit(&entry.path(), files, depth + 1);
        }
    }
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
}

/// The settings of a watching command: the knowledge base must be a folder on disk. Without
/// `--rules`, that is `./rules` when there is one (the built-in copy never changes).
pub fn on_disk(context: &Context) -> Result<(Context, PathBuf), Error> {
    let dir = match &context.source {
        KbSource::Dir(dir) => dir.clone(),
        KbSource::Builtin => {
            return Err(Error::Usage(
                "`--watch` needs a rules folder on disk to watch; give `--rules DIR`, or run it \
                 in or below a folder that holds rules/knowledge_base.yaml"
                    .into(),
            ));
        }
    };
    let context = Context {
        source: KbSource::Dir(dir.clone()),
        ..context.clone()
    };
    Ok((context, dir))
}

/// Runs `command` now and again after every change under `roots`, until interrupted.
pub fn run_forever(
    roots: Vec<PathBuf>,
    what: &str,
    color: ColorChoice,
    command: impl Fn() -> Result<Output, Error>,
) -> Result<Output, Error> {
    let mut watcher = Watcher::new(roots.clone());
    let names: Vec<String> = roots.iter().map(|r| r.display().to_string()).collect();
    let err = Style::stderr(color);
    loop {
        match command() {
            Ok(output) => {
                crate::write_stdout(&output.stdout)?;
                eprint!("{}", output.stderr);
            }
            Err(error) => eprint!("{}", error.render(err)),
        }
        eprintln!(
            "{}",
            err.dim(&format!(
                "[watching {} for changes; Ctrl-C to stop]",
                names.join(", ")
            ))
        );
        let changed = loop {
            std::thread::sleep(INTERVAL);
            let changed = watcher.poll();
            if !changed.is_empty() {
                break changed;
            }
        };
        let first = changed[0].display().to_string();
        let more = match changed.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        eprintln!(
            "\n{}",
            err.info(&format!(
                "[{first}{more} changed: running `triage {what}` again]"
            ))
        );
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
        let mut watcher = Watcher::new(vec![root.clone()]);
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
