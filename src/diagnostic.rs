//! Problems found in a knowledge base, answers or scenario file, rendered the way compilers
//! do: the message, the file:line:column, the offending line with a caret, and a hint.

use crate::style::Style;
use serde_saphyr::Location;
use std::fmt::Write as _;

/// One loaded text file: what the user calls it, and its contents.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// A place in a source file. Lines and columns count from 1, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    pub file: usize,
    pub line: u64,
    pub column: u64,
    pub len: u64,
}

impl Span {
    pub fn at(file: usize, location: Location) -> Option<Span> {
        (location.line() > 0).then(|| Span {
            file,
            line: location.line(),
            column: location.column(),
            len: location.span().len().clamp(1, 200),
        })
    }
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Option<Span>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Option<Span>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>, span: Option<Span>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, span)
        }
    }

    pub fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic, quoting the offending line of `files`.
    pub fn render(&self, files: &[SourceFile], style: Style) -> String {
        self.render_with(files, style, &Words::default())
    }

    /// Renders the diagnostic with `words` around its message.
    pub fn render_with(&self, files: &[SourceFile], style: Style, words: &Words) -> String {
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => style.error(&words.error),
            Severity::Warning => style.warning(&words.warning),
        };
        let _ = writeln!(
            out,
            "{label}: {}",
            style.bold(&escape_controls(&self.message))
        );
        if let Some(span) = self.span
            && let Some(file) = files.get(span.file)
        {
            let number = span.line.to_string();
            let gutter = " ".repeat(number.len());
            let _ = writeln!(
                out,
                "{gutter}{} {}:{}:{}",
                style.dim("-->"),
                shown(&file.name),
                span.line,
                span.column
            );
            if let Some(line) = file.text.lines().nth(span.line as usize - 1) {
                let line = line.replace('\t', " ");
                // The caret goes under the column as shown, after any character escaped.
                let at = line
                    .char_indices()
                    .nth(span.column.saturating_sub(1) as usize)
                    .map_or(line.len(), |(at, _)| at);
                let before = shown(&line[..at]).chars().count();
                let shown: String = shown(&line).chars().take(200).collect();
                let indent = " ".repeat(before);
                let available = shown.chars().count().saturating_sub(before);
                let carets = "^".repeat((span.len as usize).min(available.max(1)));
                let _ = writeln!(out, "{gutter} {}", style.dim("|"));
                let _ = writeln!(out, "{} {} {shown}", style.dim(&number), style.dim("|"));
                let _ = writeln!(
                    out,
                    "{gutter} {} {indent}{}",
                    style.dim("|"),
                    style.error(&carets)
                );
            }
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "  = {}: {}", words.help, escape_controls(help));
        }
        out
    }
}

/// Renders a list of diagnostics followed by a one-line summary of the errors and warnings.
/// At most this many are shown in full: past that a flood of messages helps nobody (and
/// quoting each one's line of a huge file would take long).
pub const MAX_SHOWN: usize = 50;

pub fn render_all(diagnostics: &[Diagnostic], files: &[SourceFile], style: Style) -> String {
    render_all_with(diagnostics, files, style, &Words::default())
}

/// `render_all` with `words` around the messages.
pub fn render_all_with(
    diagnostics: &[Diagnostic],
    files: &[SourceFile],
    style: Style,
    words: &Words,
) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics.iter().take(MAX_SHOWN) {
        out.push_str(&diagnostic.render_with(files, style, words));
        out.push('\n');
    }
    if diagnostics.len() > MAX_SHOWN {
        let _ = writeln!(out, "{}\n", (words.more)(diagnostics.len() - MAX_SHOWN));
    }
    out
}

/// The words a rendering puts around diagnostics' messages: English, or for a person, their
/// language's (see `i18n::error`).
pub struct Words {
    pub error: String,
    pub warning: String,
    pub help: String,
    /// The line that counts the diagnostics not shown.
    pub more: Box<dyn Fn(usize) -> String>,
}

impl Default for Words {
    fn default() -> Words {
        Words {
            error: "error".into(),
            warning: "warning".into(),
            help: "help".into(),
            more: Box::new(|n| format!("... and {n} more not shown")),
        }
    }
}

/// Text from the input made safe to show on a terminal, as one line: every character that a
/// terminal would act on or not show (see `is_unseen`; an escape sequence could retitle the
/// window or hide what follows, a zero-width space make `back_pain\u{200b}` look like
/// `back_pain`, a right-to-left override turn the text around) written as JSON writes a
/// control character (`\u001b`), and anything over `MAX_ECHO` characters cut short.
pub fn echo(text: &str) -> String {
    // Cut where what is shown reaches `MAX_ECHO` characters: an escaped character takes up to
    // nine, and the echo of an answer follows its prompt on one line.
    let mut width = 0;
    let cut = text.char_indices().find_map(|(at, c)| {
        width += shown(c.encode_utf8(&mut [0; 4])).chars().count();
        (width > MAX_ECHO).then_some(at)
    });
    match cut {
        None => shown(text).into_owned(),
        Some(cut) => format!(
            "{}… ({} characters in all)",
            shown(&text[..cut]),
            text.chars().count()
        ),
    }
}

/// Text made safe to show on a terminal, as `echo` makes a value, but whole: a file name may
/// hold an escape sequence or a line end.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, |_| false)
}

/// A path, as `shown` shows a text.
pub fn shown_path(path: &std::path::Path) -> String {
    shown(&path.display().to_string()).into_owned()
}

/// Escapes what a terminal would act on or not show in a message, keeping its line ends and
/// tabs (the message's own layout).
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    escape(text, |c| c == '\n' || c == '\t')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| is_unseen(c) && !keep(c)) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !is_unseen(c) || keep(c) {
            out.push(c);
        } else if u32::from(c) > 0xFFFF {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        } else {
            let _ = write!(out, "\\u{:04x}", c as u32);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a terminal would act on a character, or show nothing (or only a space) for it,
/// rather than show it: the controls (C0, DEL, C1), the format characters (zero-width spaces
/// and joiners, direction marks, overrides and isolates, the byte-order mark, invisible
/// operators, tag characters), the line and paragraph separators, the spaces other than the
/// plain one, and the fillers and variation selectors that show as nothing.
pub fn is_unseen(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{a0}'
                | '\u{ad}'
                | '\u{34f}'
                | '\u{600}'..='\u{605}'
                | '\u{61c}'
                | '\u{6dd}'
                | '\u{70f}'
                | '\u{890}'..='\u{891}'
                | '\u{8e2}'
                | '\u{115f}'..='\u{1160}'
                | '\u{1680}'
                | '\u{17b4}'..='\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{2000}'..='\u{200f}'
                | '\u{2028}'..='\u{202f}'
                | '\u{205f}'..='\u{206f}'
                | '\u{2800}'
                | '\u{3000}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e0fff}'
        )
}

/// The most characters of an input value a message repeats.
pub const MAX_ECHO: usize = 80;
