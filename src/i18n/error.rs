//! An error of a person's command (`ask`, `assess`) as they read it, in their language: what
//! could not be done with a file and why, and the frame of an answers file's problems (the
//! problems themselves are said in the language as they are found: see `answers`). A
//! clinician's errors stay English, as do the problems of a knowledge base that does not load
//! (whoever keeps the rules reads them); the line that sums them up is the person's.

use super::{Lang, num, txt};
use crate::diagnostic::{Words, render_all_with, shown_path};
use crate::error::Error;
use crate::style::Style;
use std::io;

/// `error` as the person reads it in `lang` (`Error::Said`), or as it is when it has nothing
/// to say in a language.
pub fn said(error: Error, lang: Lang, style: Style) -> Error {
    let label = style.error(&lang.text("error"));
    let message = match &error {
        Error::Io {
            action,
            path,
            source,
        } => {
            let stdin = path.as_os_str() == STANDARD_INPUT;
            let Some(id) = io_message(action, stdin) else {
                return error;
            };
            let args = [
                ("path", txt(&shown_path(path))),
                ("reason", txt(&io_reason(source, lang))),
            ];
            format!("{label}: {}\n", lang.text_with(id, &args))
        }
        Error::Invalid {
            what: "answers",
            diagnostics,
            files,
        } => {
            let count = [("count", num(diagnostics.len()))];
            format!(
                "{}{label}: {}\n",
                render_all_with(diagnostics, files, style, &words(lang)),
                lang.text_with("answers-problems", &count)
            )
        }
        // The problems are a clinician's, in English; what they add up to is the person's.
        Error::KnowledgeBase { diagnostics, files } => {
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            format!(
                "{}{label}: {}\n",
                render_all_with(diagnostics, files, style, &words(lang)),
                lang.text_with("kb-not-loaded", &[("count", num(errors))])
            )
        }
        Error::StdoutClosed => format!("{label}: {}\n", lang.text("stdout-closed")),
        Error::Output(source) => {
            let reason = [("reason", txt(&io_reason(source, lang)))];
            format!("{label}: {}\n", lang.text_with("io-output", &reason))
        }
        Error::Input(message) | Error::Usage(message) => {
            format!("{label}: {}\n", crate::diagnostic::escape_controls(message))
        }
        _ => return error,
    };
    Error::Said {
        message,
        status: error.status(),
    }
}

/// The words around diagnostics' messages, in `lang`.
pub fn words(lang: Lang) -> Words {
    Words {
        error: lang.text("error"),
        warning: lang.text("warning"),
        help: lang.text("diagnostic-help"),
        more: Box::new(move |n| lang.text_with("diagnostics-more", &[("count", num(n))])),
    }
}

/// The path of an `Error::Io` that is standard input (`--answers -`, `--batch -`, the
/// interview's answers): it is named in words, not as a path.
pub const STANDARD_INPUT: &str = "standard input";

/// The message of what a person's command could not do with a file, or with standard input
/// (`stdin`); the other actions are a clinician's, and said in English.
fn io_message(action: &str, stdin: bool) -> Option<&'static str> {
    match (action, stdin) {
        ("read", false) => Some("io-read"),
        ("read", true) => Some("io-read-stdin"),
        ("read the answers from", true) => Some("io-read-answers-stdin"),
        ("lock", false) => Some("io-lock"),
        ("save the answers to", false) => Some("io-save"),
        _ => None,
    }
}

/// Why, in `lang`, as `error::io_reason` says it in English; a reason without a message is
/// the system's own words.
pub fn io_reason(error: &io::Error, lang: Lang) -> String {
    match crate::error::io_reason_words(error) {
        Some((id, _)) => lang.text(id),
        None => crate::error::io_reason(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Standard output closed or not written: in English, as every command says it.
    #[test]
    fn english_for_standard_output_is_the_words_every_command_uses() {
        let errors: [fn() -> Error; 2] = [
            || Error::StdoutClosed,
            || Error::Output(io::Error::from(io::ErrorKind::StorageFull)),
        ];
        for error in errors {
            assert_eq!(
                said(error(), Lang::ENGLISH, Style::PLAIN).render(Style::PLAIN),
                error().render(Style::PLAIN)
            );
        }
    }

    /// English through the messages is English as the clinician's commands say it.
    #[test]
    fn english_is_the_words_the_clinicians_commands_use() {
        use io::ErrorKind::*;
        let mut errors: Vec<io::Error> = [
            NotFound,
            PermissionDenied,
            NotADirectory,
            IsADirectory,
            StorageFull,
            ReadOnlyFilesystem,
            QuotaExceeded,
            FileTooLarge,
            Other,
        ]
        .into_iter()
        .map(io::Error::from)
        .collect();
        errors.push(io::Error::from_raw_os_error(crate::error::BAD_DESCRIPTOR));
        for error in &errors {
            assert_eq!(
                io_reason(error, Lang::ENGLISH),
                crate::error::io_reason(error),
                "{error:?}"
            );
        }
        let (english, default) = (words(Lang::ENGLISH), Words::default());
        assert_eq!(
            (english.error, english.warning, english.help),
            (default.error, default.warning, default.help)
        );
        assert_eq!((english.more)(7), (default.more)(7));
    }
}
