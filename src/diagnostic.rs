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

/// Text from the input made safe to show on a terminal: control characters (an escape
/// sequence could retitle the window or hide what follows) written as JSON writes them
/// (`\u001b`), and anything over `MAX_ECHO` characters cut short.
pub fn echo(text: &str) -> String {
    match text.char_indices().nth(MAX_ECHO) {
        None => escape_controls(text).into_owned(),
        Some((cut, _)) => format!(
            "{}… ({} characters in all)",
            escape_controls(&text[..cut]),
            text.chars().count()
        ),
    }
}

/// Escapes the control characters of a message, keeping its line ends and its length.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The most characters of an input value a message repeats.
pub const MAX_ECHO: usize = 80;
