//! Problems found in a knowledge base, answers or scenario file, rendered the way compilers
//! do: the message, the file:line:column, the offending line with a caret, and a hint.

use crate::style::Style;
use serde_saphyr::Location;
use std::fmt::Write as _;

/// One loaded text file: what the user calls it, and its contents.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    pub text: String,
}

/// A place in a source file. Lines and columns count from 1, in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone)]
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
        let mut out = String::new();
        let label = match self.severity {
            Severity::Error => style.error("error"),
            Severity::Warning => style.warning("warning"),
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
                file.name,
                span.line,
                span.column
            );
            if let Some(line) = file.text.lines().nth(span.line as usize - 1) {
                let line = line.replace('\t', " ");
                let line = escape_controls(&line);
                let shown: String = line.chars().take(200).collect();
                let indent = " ".repeat(span.column.saturating_sub(1) as usize);
                let available = shown
                    .chars()
                    .count()
                    .saturating_sub(span.column as usize - 1);
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
            let _ = writeln!(out, "  = help: {}", escape_controls(help));
        }
        out
    }
}

/// Renders a list of diagnostics followed by a one-line summary of the errors and warnings.
/// At most this many are shown in full: past that a flood of messages helps nobody (and
/// quoting each one's line of a huge file would take long).
pub const MAX_SHOWN: usize = 50;

pub fn render_all(diagnostics: &[Diagnostic], files: &[SourceFile], style: Style) -> String {
    let mut out = String::new();
    for diagnostic in diagnostics.iter().take(MAX_SHOWN) {
        out.push_str(&diagnostic.render(files, style));
        out.push('\n');
    }
    if diagnostics.len() > MAX_SHOWN {
        let _ = writeln!(
            out,
            "... and {} more not shown\n",
            diagnostics.len() - MAX_SHOWN
        );
    }
    out
}

/// Text from the input made safe to show on a terminal: control and invisible characters (an
/// escape sequence could retitle the window or hide what follows) written as JSON writes them
/// (`\u001b`), and what shows cut short after `MAX_ECHO` characters (never inside an escape).
pub fn echo(text: &str) -> String {
    // A tab in a value is no layout of ours either.
    let shown = escape_controls(text).replace('\t', "\\u0009");
    let Some((mut cut, _)) = shown.char_indices().nth(MAX_ECHO) else {
        return shown;
    };
    if let Some(start) = shown[..cut].rfind("\\u") {
        let digits = shown[start + 2..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .count();
        if start + 2 + digits > cut {
            cut = start;
        }
    }
    format!(
        "{}… ({} characters in all)",
        &shown[..cut],
        text.chars().count()
    )
}

/// Escapes the control characters of a message, and the invisible ones (a right-to-left
/// override can reverse what follows, a zero-width space hides in a word), keeping its line
/// ends and its tabs.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| (c.is_control() && c != '\n' && c != '\t') || is_invisible(c);
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Whether a character is invisible yet changes how text shows: Unicode's format characters
/// (zero-width spaces and joiners, the marks and overrides of text direction, the byte-order
/// mark, invisible operators, tags) and the line and paragraph separators.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// The most characters of an input value a message repeats.
pub const MAX_ECHO: usize = 80;
