//! Which knowledge base a command uses. One rule for every command, as just finds its
//! justfile: `--rules DIR`, else the environment variable `TRIAGE_RULES`, else the nearest
//! `rules/knowledge_base.yaml` from the current folder upwards, else the built-in one. A
//! clinician who edits a copy of `rules/` and runs `triage check` beside it gets the edit, not
//! the copy compiled into the binary.

use super::{KbSource, KnowledgeBase};
use crate::error::Error;
use crate::i18n::{Lang, txt};
use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The environment variable that names a rules folder when `--rules` is not given.
pub const RULES_ENV: &str = "TRIAGE_RULES";

/// The file whose presence marks a folder named `rules` as a knowledge base.
const MARKER: &str = "knowledge_base.yaml";

/// The knowledge base a command will use, how it was chosen, and for a folder it found by
/// itself (not one it was given), why that folder cannot be trusted, if it cannot.
#[derive(Debug)]
pub struct Choice {
    pub source: KbSource,
    pub how: How,
    pub distrust: Option<Distrust>,
}

/// How the knowledge base was chosen: what a person whose rules folder does not load can
/// change to get on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Flag,
    Env,
    Found,
    Builtin,
}

impl Choice {
    /// What a person can do when the rules folder does not load, in `lang`: the way on
    /// depends on how it was chosen. None for the built-in knowledge base, which always loads.
    pub fn next_step_if_not_loaded(&self, lang: Lang) -> Option<String> {
        let KbSource::Dir(dir) = &self.source else {
            return None;
        };
        let id = match self.how {
            How::Flag => "kb-not-loaded-flag",
            How::Env => "kb-not-loaded-env",
            How::Found => "kb-not-loaded-found",
            How::Builtin => return None,
        };
        let step = lang.text_with(
            id,
            &[
                ("dir", txt(&crate::diagnostic::shown_path(dir))),
                ("variable", txt(RULES_ENV)),
            ],
        );
        Some(format!("{}: {step}", lang.text("diagnostic-help")))
    }
}

/// A discovered rules folder that someone other than the user could have written: a planted
/// `rules/` in a parent folder would otherwise decide a person's advice in silence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Distrust {
    /// The folder, as the user would type it.
    pub dir: PathBuf,
    /// The file or folder at fault (the folder or a file in it), as messages name it.
    pub at: String,
    pub reason: Reason,
}

/// Why someone other than the user could have written a file or folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    WritableByEveryone,
    /// It belongs to the user `owner`, who is not `me`.
    Owner {
        owner: u32,
        me: u32,
    },
}

impl Distrust {
    /// The file or folder at fault and why, e.g. "`../rules` is writable by every user".
    pub fn why(&self, lang: Lang) -> String {
        let at = ("at", txt(&self.at));
        match self.reason {
            Reason::WritableByEveryone => lang.text_with("distrust-writable", &[at]),
            Reason::Owner { owner, me } => lang.text_with(
                "distrust-owner",
                &[
                    at,
                    ("owner", txt(&owner.to_string())),
                    ("me", txt(&me.to_string())),
                ],
            ),
        }
    }

    /// Why a person command refuses the folder, and the two ways on, in the person's language.
    pub fn refusal(&self, lang: Lang) -> String {
        lang.text_with(
            "distrust-refusal",
            &[
                ("dir", txt(&crate::diagnostic::shown_path(&self.dir))),
                ("why", txt(&self.why(lang))),
                ("variable", txt(RULES_ENV)),
            ],
        )
    }

    /// What a clinician command says on standard error before using the folder anyway.
    pub fn warning(&self) -> String {
        let dir = crate::diagnostic::shown_path(&self.dir);
        format!(
            "warning: the knowledge base found at `{dir}` could have been changed by someone \
             else: {}; `ask` and `assess` refuse it unless it is named with --rules or \
             {RULES_ENV}\n",
            self.why(Lang::ENGLISH)
        )
    }
}

/// Chooses the knowledge base from the `--rules` flag, the value of `TRIAGE_RULES` (if set)
/// and the current folder. A discovered folder is named relative to `cwd` (`rules`,
/// `../rules`, ...), so that messages quote short paths that work where the user is, and is
/// vetted (see [`distrust`]); a folder the user named is theirs to trust.
pub fn choose(flag: Option<PathBuf>, env: Option<OsString>, cwd: &Path) -> Result<Choice, Error> {
    let given = |dir, how| Choice {
        source: KbSource::Dir(dir),
        how,
        distrust: None,
    };
    if let Some(dir) = flag {
        return Ok(given(dir, How::Flag));
    }
    if let Some(value) = env {
        if value.is_empty() {
            return Err(Error::Usage(format!(
                "the environment variable {RULES_ENV} is set but empty; set it to a rules folder, \
                 or unset it to use the nearest rules/ folder or the built-in knowledge base"
            )));
        }
        return Ok(given(PathBuf::from(value), How::Env));
    }
    Ok(match discover(cwd) {
        Some(dir) => Choice {
            distrust: distrust(&cwd.join(&dir), &dir).map(|(at, reason)| Distrust {
                dir: dir.clone(),
                at,
                reason,
            }),
            source: KbSource::Dir(dir),
            how: How::Found,
        },
        None => Choice {
            source: KbSource::Builtin,
            how: How::Builtin,
            distrust: None,
        },
    })
}

/// Why a rules folder, or a file directly in it, could have been written by someone other
/// than the user running triage: it is writable by every user, or owned by another one.
/// (Group write is allowed: with the usual umask 002 and a group per user, every folder a
/// user makes is group-writable.) None when it could not: the folder and its files are
/// the user's own and closed to others. Entries that cannot be read are left to the loader,
/// which reports them. `shown` is the folder as messages name it; the answer names the file
/// or folder at fault so.
#[cfg(unix)]
pub fn distrust(dir: &Path, shown: &Path) -> Option<(String, Reason)> {
    use std::os::unix::fs::MetadataExt;
    let me = rustix::process::geteuid().as_raw();
    let judge = |path: &Path, shown: String| -> Option<(String, Reason)> {
        let meta = std::fs::metadata(path).ok()?;
        if meta.mode() & 0o002 != 0 {
            Some((shown, Reason::WritableByEveryone))
        } else if meta.uid() != me {
            let owner = meta.uid();
            Some((shown, Reason::Owner { owner, me }))
        } else {
            None
        }
    };
    let named = |path: &Path| crate::diagnostic::shown_path(path);
    judge(dir, named(shown)).or_else(|| {
        let mut names: Vec<OsString> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|entry| entry.ok().map(|entry| entry.file_name()))
            .collect();
        names.sort();
        names
            .iter()
            .find_map(|name| judge(&dir.join(name), named(&shown.join(name))))
    })
}

/// Elsewhere, permissions are not Unix modes; a discovered folder is taken as it is.
#[cfg(not(unix))]
pub fn distrust(_dir: &Path, _shown: &Path) -> Option<(String, Reason)> {
    None
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
        assert!(matches!(chosen.source, KbSource::Dir(d) if d == Path::new("a")));
        let chosen = choose(None, Some("b".into()), dir.path()).unwrap();
        assert!(matches!(chosen.source, KbSource::Dir(d) if d == Path::new("b")));
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
        assert!(!matches!(chosen.source, KbSource::Dir(d) if d == Path::new("rules")));
    }

    #[cfg(unix)]
    #[test]
    fn a_discovered_folder_others_can_write_is_distrusted_and_a_given_one_is_not() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        rules_at(dir.path());
        let rules = dir.path().join("rules");
        let mode = |path: &Path, mode| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
        };
        mode(&rules, 0o755);
        mode(&rules.join(MARKER), 0o644);
        assert_eq!(choose(None, None, dir.path()).unwrap().distrust, None);
        // Group write is the usual umask 002 and is allowed.
        mode(&rules, 0o775);
        assert_eq!(choose(None, None, dir.path()).unwrap().distrust, None);
        mode(&rules, 0o777);
        let why = choose(None, None, dir.path()).unwrap().distrust.unwrap();
        assert_eq!(why.dir, Path::new("rules"));
        let english = why.why(Lang::ENGLISH);
        assert_eq!(english, "`rules` is writable by every user");
        let spanish = why.why(Lang::from_code("es").unwrap());
        assert_eq!(spanish, "cualquier usuario puede modificar `rules`");
        assert_eq!(
            choose(Some(rules.clone()), None, dir.path())
                .unwrap()
                .distrust,
            None
        );
        assert_eq!(
            choose(None, Some("rules".into()), dir.path())
                .unwrap()
                .distrust,
            None
        );
        // A file inside it counts as much as the folder.
        mode(&rules, 0o755);
        mode(&rules.join(MARKER), 0o666);
        let why = choose(None, None, dir.path()).unwrap().distrust.unwrap();
        assert_eq!(why.at, "rules/knowledge_base.yaml", "{why:?}");
    }
}
