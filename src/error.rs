//! Every way a command can fail, each with its exit status and its message.

use crate::diagnostic::{Diagnostic, SourceFile, render_all};
use crate::style::Style;
use std::fmt::Write as _;
use std::io;
use std::path::PathBuf;

/// Exit statuses, as documented in the README and the contract.
pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILURE: i32 = 1;
pub const EXIT_USAGE: i32 = 2;
/// A check (`check`, `test`, `coverage`, `diff`, `verify`) could not run at all, as opposed
/// to running and finding something (1): grep, diff and ripgrep keep the two apart too.
pub const EXIT_NOT_RUN: i32 = 3;
/// Interrupted by Ctrl-C (128 + SIGINT), as shells report it.
pub const EXIT_INTERRUPTED: i32 = 130;

#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read or written.
    Io {
        action: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    /// Bad input: an unknown id, an impossible number, contradictory flags.
    Input(String),
    /// The knowledge base did not load.
    KnowledgeBase {
        diagnostics: Vec<Diagnostic>,
        files: Vec<SourceFile>,
    },
    /// An answers or scenario file has problems; `what` says which ("answers", "scenarios").
    Invalid {
        what: &'static str,
        diagnostics: Vec<Diagnostic>,
        files: Vec<SourceFile>,
    },
    /// The engine fired more rules than its cap; the trace so far, one line per firing.
    FiringCap { cap: usize, trace: Vec<String> },
    /// Some scenarios failed or warnings were denied; the report is already on stdout.
    Failed,
    /// Arguments that make no sense together.
    Usage(String),
    /// Standard output could not be written (other than a closed pipe).
    Output(io::Error),
    /// Standard output is closed, or can't be written, before anything ran.
    StdoutClosed,
    /// The person interrupted an interview.
    Interrupted,
    /// A check could not run (a file that cannot be read, a knowledge base or scenario file
    /// that does not load): the error that stopped it.
    NotRun(Box<Error>),
    /// An error of a person's command, said in their language already (see
    /// `i18n::error::said`), and the status of the error it says.
    Said { message: String, status: i32 },
}

impl Error {
    /// For a check: the error, marked as one that kept the check from running, unless it is
    /// a finding (a failed check) or a usage error. `found` says which errors are the check's
    /// own findings (for `check`, a knowledge base that does not load).
    pub fn not_run(self, found: impl Fn(&Error) -> bool) -> Error {
        match self {
            Error::Failed | Error::Usage(_) | Error::Interrupted | Error::Output(_) => self,
            Error::Said { .. } => self,
            Error::NotRun(_) => self,
            error if found(&error) => error,
            error => Error::NotRun(Box::new(error)),
        }
    }

    pub fn status(&self) -> i32 {
        match self {
            Error::Usage(_) => EXIT_USAGE,
            Error::Interrupted => EXIT_INTERRUPTED,
            Error::NotRun(_) => EXIT_NOT_RUN,
            Error::Said { status, .. } => *status,
            _ => EXIT_FAILURE,
        }
    }

    /// The message for standard error (empty when there is nothing to add).
    pub fn render(&self, style: Style) -> String {
        let error = style.error("error");
        match self {
            Error::Io {
                action,
                path,
                source,
            } => {
                format!(
                    "{error}: cannot {action} `{}`: {}\n",
                    crate::diagnostic::shown_path(path),
                    io_reason(source)
                )
            }
            Error::Input(message) | Error::Usage(message) => {
                format!("{error}: {}\n", crate::diagnostic::escape_controls(message))
            }
            Error::KnowledgeBase { diagnostics, files } => {
                let errors = diagnostics.iter().filter(|d| d.is_error()).count();
                let mut out = render_all(diagnostics, files, style);
                let _ = writeln!(
                    out,
                    "{error}: the knowledge base did not load: {errors} error{}",
                    plural(errors)
                );
                out
            }
            Error::Invalid {
                what,
                diagnostics,
                files,
            } => {
                let errors = diagnostics.len();
                let mut out = render_all(diagnostics, files, style);
                let _ = writeln!(
                    out,
                    "{error}: {errors} problem{} in the {what}",
                    plural(errors)
                );
                out
            }
            Error::FiringCap { cap, trace } => {
                let mut out = format!(
                    "{error}: the engine stopped after firing {cap} rules (its cap); rules fired so far:\n"
                );
                for line in trace {
                    let _ = writeln!(out, "  {line}");
                }
                out
            }
            Error::StdoutClosed => format!(
                "{error}: standard output is closed (`>&-`) or not open for writing, so the \
                 report would be lost; nothing was run (a closed standard output reaches \
                 `triage` as /dev/null open for reading and writing: to discard the report, \
                 open /dev/null for writing only, as `> /dev/null` does)\n"
            ),
            Error::Output(source) => {
                format!("{error}: cannot write the output: {}\n", io_reason(source))
            }
            Error::Failed | Error::Interrupted => String::new(),
            Error::NotRun(error) => error.render(style),
            Error::Said { message, .. } => message.clone(),
        }
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A bad file descriptor (EBADF on Unix, ERROR_INVALID_HANDLE on Windows): for standard
/// output, closed (`>&-`) or open only for reading.
#[cfg(unix)]
pub const BAD_DESCRIPTOR: i32 = 9;
#[cfg(windows)]
pub const BAD_DESCRIPTOR: i32 = 6;

/// The reasons a person can meet said in plain words: the kind of failure, the id of its
/// message in a language (locales/*/triage.ftl, see `i18n::error`), and its English.
pub const IO_REASONS: &[(io::ErrorKind, &str, &str)] = &[
    (
        io::ErrorKind::NotFound,
        "reason-not-found",
        "no such file or folder",
    ),
    (
        io::ErrorKind::PermissionDenied,
        "reason-permission",
        "permission denied",
    ),
    (
        io::ErrorKind::NotADirectory,
        "reason-not-a-folder",
        "not a folder",
    ),
    (
        io::ErrorKind::IsADirectory,
        "reason-is-a-folder",
        "it is a folder, not a file",
    ),
    (
        io::ErrorKind::StorageFull,
        "reason-disk-full",
        "the disk is full",
    ),
    (
        io::ErrorKind::ReadOnlyFilesystem,
        "reason-read-only",
        "the disk is read-only",
    ),
    (
        io::ErrorKind::QuotaExceeded,
        "reason-quota",
        "the disk quota is used up",
    ),
    (
        io::ErrorKind::FileTooLarge,
        "reason-too-large",
        "the file is too large for the disk",
    ),
];

/// A descriptor closed or not open for writing (EBADF), with its message id and English.
pub const CLOSED_REASON: (&str, &str) = ("reason-closed", "it is closed or not open for writing");

/// The message id and English of the reason for `error`, if it is one of ours.
pub fn io_reason_words(error: &io::Error) -> Option<(&'static str, &'static str)> {
    if error.raw_os_error() == Some(BAD_DESCRIPTOR) {
        return Some(CLOSED_REASON);
    }
    IO_REASONS
        .iter()
        .find(|(kind, ..)| *kind == error.kind())
        .map(|&(_, id, english)| (id, english))
}

/// The OS's reason in plain words, without Rust's "(os error 2)" suffix.
pub fn io_reason(error: &io::Error) -> String {
    if let Some((_, english)) = io_reason_words(error) {
        return english.into();
    }
    let text = error.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}
