//! Which knowledge base a command uses. One rule for every command, as just finds its
//! justfile: `--rules DIR`, else the environment variable `TRIAGE_RULES`, else the nearest
//! `rules/knowledge_base.yaml` from the current folder upwards, else the built-in one. A
//! clinician who edits a copy of `rules/` and runs `triage check` beside it gets the edit, not
//! the copy compiled into the binary.

use super::{KbSource, KnowledgeBase};
use crate::error::Error;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The environment variable that names a rules folder when `--rules` is not given.
pub const RULES_ENV: &str = "TRIAGE_RULES";

/// The file whose presence marks a folder named `rules` as a knowledge base.
const MARKER: &str = "knowledge_base.yaml";

/// Chooses the knowledge base from the `--rules` flag, the value of `TRIAGE_RULES` (if set)
/// and the current folder. A discovered folder is named relative to `cwd` (`rules`,
/// `../rules`, ...), so that messages quote short paths that work where the user is.
pub fn choose(flag: Option<PathBuf>, env: Option<OsString>, cwd: &Path) -> Result<KbSource, Error> {
    if let Some(dir) = flag {
        return Ok(KbSource::Dir(dir));
    }
    if let Some(value) = env {
        if value.is_empty() {
            return Err(Error::Usage(format!(
                "the environment variable {RULES_ENV} is set but empty; set it to a rules folder, \
                 or unset it to use the nearest rules/ folder or the built-in knowledge base"
            )));
        }
        return Ok(KbSource::Dir(PathBuf::from(value)));
    }
    Ok(discover(cwd).map_or(KbSource::Builtin, KbSource::Dir))
}

/// The nearest `rules/` folder holding `knowledge_base.yaml`, from `cwd` upwards.
pub fn discover(cwd: &Path) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for folder in cwd.ancestors() {
        if folder.join("rules").join(MARKER).is_file() {
            return Some(relative.join("rules"));
        }
        relative.push("..");
    }
    None
}

/// How a command names the knowledge base it used: the folder, or `built-in, version X`.
pub fn describe(source: &KbSource, kb: &KnowledgeBase) -> String {
    match source {
        KbSource::Dir(dir) => format!(
            "{} ({} {})",
            crate::diagnostic::shown_path(dir),
            kb.metadata.name,
            kb.metadata.version
        ),
        KbSource::Builtin => format!(
            "built-in, version {} ({})",
            kb.metadata.version, kb.metadata.name
        ),
    }
}

/// The knowledge base's source as JSON reports carry it (`knowledge_base.source`): the
/// folder path, or `built-in`.
pub fn source_json(source: &KbSource) -> String {
    match source {
        KbSource::Dir(dir) => dir.display().to_string(),
        KbSource::Builtin => "built-in".to_string(),
    }
}

/// The knowledge base as the clinician commands' JSON names it.
pub fn kb_json(kb: &KnowledgeBase) -> serde_json::Value {
    serde_json::json!({
        "name": kb.metadata.name,
        "version": kb.metadata.version,
        "status": kb.metadata.status,
        "source": kb.metadata.source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules_at(root: &Path) {
        std::fs::create_dir_all(root.join("rules")).unwrap();
        std::fs::write(root.join("rules").join(MARKER), "metadata: {}\n").unwrap();
    }

    #[test]
    fn the_flag_wins_over_the_environment_and_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        rules_at(dir.path());
        let chosen = choose(Some("a".into()), Some("b".into()), dir.path()).unwrap();
        assert!(matches!(chosen, KbSource::Dir(d) if d == Path::new("a")));
        let chosen = choose(None, Some("b".into()), dir.path()).unwrap();
        assert!(matches!(chosen, KbSource::Dir(d) if d == Path::new("b")));
    }

    #[test]
    fn an_empty_environment_variable_is_an_error_that_names_it() {
        let error = choose(None, Some("".into()), Path::new("/")).unwrap_err();
        assert!(matches!(error, Error::Usage(m) if m.contains("TRIAGE_RULES is set but empty")));
    }

    #[test]
    fn the_nearest_rules_folder_upwards_is_found_relative_to_the_current_one() {
        let dir = tempfile::tempdir().unwrap();
        rules_at(dir.path());
        let deep = dir.path().join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        assert_eq!(discover(dir.path()), Some(PathBuf::from("rules")));
        assert_eq!(discover(&deep), Some(PathBuf::from("../../rules")));
        // A nearer one wins.
        rules_at(&dir.path().join("a"));
        assert_eq!(discover(&deep), Some(PathBuf::from("../rules")));
    }

    #[test]
    fn a_rules_folder_without_its_marker_is_not_a_knowledge_base() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("rules")).unwrap();
        let chosen = choose(None, None, dir.path()).unwrap();
        // Whatever lies above the temporary folder, this one's rules/ is not taken.
        assert!(!matches!(chosen, KbSource::Dir(d) if d == Path::new("rules")));
    }
}
