//! The answers file of `ask --save FILE`: written whole after every answer (through
//! `FILE.partial`, forced to disk, then renamed over `FILE`), its first line a comment saying
//! how many questions it answers so that `--resume` goes on exactly where the interview
//! stopped, and held by one interview at a time (a lock on `FILE.lock`, which the system
//! releases however the process ends).

use crate::answers::Answers;
use crate::error::Error;
use crate::i18n::{Lang, txt};
use crate::interview::Interview;
use crate::kb::KnowledgeBase;
use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// An answers file this interview holds.
#[derive(Debug)]
pub struct SaveFile {
    path: PathBuf,
    lock_path: PathBuf,
    /// Open, and locked, for as long as the interview runs.
    _lock: File,
    /// The language the person's messages about the file are in.
    lang: Lang,
}

/// What the file held when the interview started: the answers, and how many questions they
/// answer (when the file says so).
#[derive(Debug, Default)]
pub struct Earlier {
    pub answers: Answers,
    pub questions: Option<usize>,
}

impl SaveFile {
    /// Takes `path` for this interview: a regular file or none yet, that no other `triage ask`
    /// is saving to.
    pub fn open(path: &Path, lang: Lang) -> Result<SaveFile, Error> {
        check_target(path, lang)?;
        let lock_path = beside(path, ".lock");
        check_target(&lock_path, lang)?;
        let io_error = |source| Error::Io {
            action: "lock",
            path: lock_path.clone(),
            source,
        };
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io_error)?;
        let busy = || {
            Error::Input(lang.text_with(
                "save-busy",
                &[
                    ("path", txt(&path.display().to_string())),
                    ("lock", txt(&lock_path.display().to_string())),
                ],
            ))
        };
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(busy()),
            Err(std::fs::TryLockError::Error(source)) => return Err(io_error(source)),
        }
        // The lock file is removed when an interview ends: one that another interview removed
        // between our opening and locking it is no lock any more.
        if !same_file(&lock, &lock_path) {
            return Err(busy());
        }
        Ok(SaveFile {
            path: path.to_path_buf(),
            lock_path,
            _lock: lock,
            lang,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The lock file, for whoever ends the process without dropping this (Ctrl-C).
    pub fn lock_path(&self) -> &Path {
        &self.lock_path
    }

    /// The answers already in the file: those to continue from with `resume`, none with
    /// `force` or when the file is new or empty. Without either flag a file that holds answers
    /// is refused: starting again would destroy it.
    pub fn earlier(&self, kb: &KnowledgeBase, resume: bool, force: bool) -> Result<Earlier, Error> {
        let exists = std::fs::metadata(&self.path).is_ok_and(|m| m.len() > 0);
        if !exists || force {
            return Ok(Earlier::default());
        }
        if !resume {
            return Err(Error::Input(self.lang.text_with(
                "save-holds-answers",
                &[("path", txt(&self.path.display().to_string()))],
            )));
        }
        let file = crate::kb::read_source_in(&self.path, self.lang)?;
        let questions = questions_answered(&file.text);
        Ok(Earlier {
            answers: Answers::parse_in(kb, file, self.lang)?,
            questions,
        })
    }

    /// Writes the interview's answers, whole, through a temporary file beside it that is forced
    /// to disk before it replaces the file, so an interruption or a full disk never leaves
    /// half of one.
    pub fn write(&self, kb: &KnowledgeBase, interview: &Interview) -> Result<(), Error> {
        let path = &self.path;
        let temporary = beside(path, ".partial");
        check_target(path, self.lang)?;
        check_target(&temporary, self.lang)?;
        let text = saved_text(kb, &interview.answers(), interview.asked());
        let written = File::create(&temporary).and_then(|mut file| {
            file.write_all(text.as_bytes())?;
            file.sync_data()
        });
        if let Err(source) = written.and_then(|()| std::fs::rename(&temporary, path)) {
            let _ = std::fs::remove_file(&temporary);
            return Err(Error::Io {
                action: "save the answers to",
                path: path.to_path_buf(),
                source,
            });
        }
        Ok(())
    }
}

impl Drop for SaveFile {
    fn drop(&mut self) {
        // Removed while still locked, so that no other interview can take it in between.
        let _ = std::fs::remove_file(&self.lock_path);
    }
}

/// `path` with `suffix` added to its name.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

/// What the first line of a saved file says after the number of questions.
const ANSWERED: &str = "answered in `triage ask` (`--resume` goes on from there)";

/// The answers file: a comment with the questions answered, then the answers.
fn saved_text(kb: &KnowledgeBase, answers: &Answers, questions: usize) -> String {
    let plural = crate::error::plural(questions);
    format!(
        "# {questions} question{plural} {ANSWERED}\n{}",
        answers.to_yaml(kb)
    )
}

/// How many questions a saved file's first line says it answers.
fn questions_answered(text: &str) -> Option<usize> {
    let line = text.lines().next()?.strip_prefix("# ")?;
    let (number, rest) = line.split_once(' ')?;
    let rest = rest
        .strip_prefix("questions ")
        .or(rest.strip_prefix("question "))?;
    if rest == ANSWERED {
        number.parse().ok()
    } else {
        None
    }
}

/// Refuses to save over anything but a regular file: renaming over a link, a device or a
/// folder would destroy it (or fail, leaving the temporary file behind).
fn check_target(path: &Path, lang: Lang) -> Result<(), Error> {
    let kind = match std::fs::symlink_metadata(path) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(Error::Io {
                action: "save the answers to",
                path: path.to_path_buf(),
                source,
            });
        }
        Ok(metadata) if metadata.is_file() => return Ok(()),
        Ok(metadata) if metadata.is_symlink() => "link",
        Ok(metadata) if metadata.is_dir() => "folder",
        Ok(_) => "other",
    };
    Err(Error::Input(lang.text_with(
        "save-not-a-file",
        &[
            ("path", txt(&path.display().to_string())),
            ("kind", txt(kind)),
        ],
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_line_says_how_many_questions_the_answers_answer() {
        let kb = crate::kb::load(&crate::kb::KbSource::Builtin).unwrap().kb;
        for questions in [0, 1, 7] {
            let text = saved_text(&kb, &Answers::default(), questions);
            assert_eq!(questions_answered(&text), Some(questions), "{text}");
        }
        assert_eq!(
            saved_text(&kb, &Answers::default(), 1),
            "# 1 question answered in `triage ask` (`--resume` goes on from there)\nfindings: {}\n"
        );
        for other in [
            "findings: {}\n",
            "# 3 apples\n",
            "# many questions answered in",
        ] {
            assert_eq!(questions_answered(other), None, "{other}");
        }
    }

    #[test]
    fn a_second_interview_cannot_take_a_file_the_first_holds_until_it_ends() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.yaml");
        let first = SaveFile::open(&path, Lang::ENGLISH).unwrap();
        let error = SaveFile::open(&path, Lang::ENGLISH).unwrap_err();
        assert!(
            matches!(&error, Error::Input(m) if m.contains("is being saved by another `triage ask`")),
            "{error:?}"
        );
        drop(first);
        assert!(!dir.path().join("answers.yaml.lock").exists());
        SaveFile::open(&path, Lang::ENGLISH).unwrap();
    }
}
