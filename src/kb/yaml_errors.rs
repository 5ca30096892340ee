//! YAML mistakes in a clinician's words, at the line that is wrong.
//!
//! When a file does not parse, the parser's message is often about a symptom, not the slip:
//! a mis-indented `salience:` shows as "missing field `when`" one line above it, an
//! over-indented `when:` as "invalid i32" for the line before. So before the parser's message
//! is shown, the file's layout is read the way a person reads it: each line's indentation
//! against its neighbours, and tabs. The first line that breaks the layout, if it is at or
//! near where the parser stopped, is reported instead ("`salience:` is indented 3 spaces; the
//! other keys of this rule use 4"). Otherwise the parser's message is put in plain words, with
//! no names from the program's source (i32, RawMetadata, ...).
//!
//! This runs only on a file that already failed to parse, so it can never reject a good one.
//!
//! What it finds is said through the `yaml-*` messages of locales/*/triage.ftl: `explain`
//! returns what to say (`Said`), and the caller words it in a language. The knowledge base's
//! loader says it in English (`Explained::english`); a person's answers file, in theirs. The
//! parser's own message, where we have nothing better, is English: English shows it as it is,
//! another language a general sentence (`yaml-unreadable`) at the same line and column.

use crate::diagnostic::{Diagnostic, Span};
use crate::i18n::{Lang, txt};
use fluent_bundle::FluentValue;

/// What to say: one of the `yaml-*` messages with its variables, or the YAML reader's own words.
#[derive(Debug, Clone, PartialEq)]
pub enum Said {
    /// A message of locales/*/triage.ftl and its variables.
    Message(&'static str, Vec<(&'static str, Arg)>),
    /// The parser's own message (English), perhaps with its names for things put in words.
    Parser(String),
}

/// A variable of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// Shown as it is: a key, a piece of the file, or a word a message chooses by.
    Text(String),
    /// A number (which may choose a plural form).
    Number(u64),
    /// A phrase of its own, worded in the same language first.
    Said(Box<Said>),
}

impl Said {
    pub fn message(id: &'static str) -> Said {
        Said::Message(id, Vec::new())
    }

    pub fn with(id: &'static str, args: Vec<(&'static str, Arg)>) -> Said {
        Said::Message(id, args)
    }

    /// Said in `lang`. The parser's words are English: another language says instead that the
    /// file cannot be read there (the line and column are the diagnostic's).
    pub fn in_lang(&self, lang: Lang) -> String {
        match self {
            Said::Message(id, args) => {
                let args: Vec<(&str, FluentValue)> = args
                    .iter()
                    .map(|(name, arg)| {
                        let value = match arg {
                            Arg::Text(text) => txt(text),
                            Arg::Number(n) => FluentValue::from(*n),
                            Arg::Said(said) => txt(&said.in_lang(lang)),
                        };
                        (*name, value)
                    })
                    .collect();
                lang.text_with(id, &args)
            }
            Said::Parser(message) if lang.is_english() => message.clone(),
            Said::Parser(_) => lang.text("yaml-unreadable"),
        }
    }

    /// Said in English, as the knowledge base's loader and the clinicians' commands say it.
    pub fn english(&self) -> String {
        self.in_lang(Lang::ENGLISH)
    }
}

pub fn shown(text: impl Into<String>) -> Arg {
    Arg::Text(text.into())
}

fn number(n: impl TryInto<u64>) -> Arg {
    Arg::Number(n.try_into().unwrap_or(u64::MAX))
}

fn said(said: Said) -> Arg {
    Arg::Said(Box::new(said))
}

/// A mistake found in the layout: 1-based line and column, and what to say.
#[derive(Debug, Clone, PartialEq)]
pub struct Slip {
    pub line: u64,
    pub column: u64,
    pub len: u64,
    pub message: Said,
    pub help: Option<Said>,
}

/// Why a file failed to parse, and where, to be worded in a language.
#[derive(Debug, Clone, PartialEq)]
pub struct Explained {
    pub message: Said,
    pub help: Option<Said>,
    pub span: Option<Span>,
}

impl Explained {
    fn new(message: Said, help: Option<Said>, span: Option<Span>) -> Explained {
        Explained {
            message,
            help,
            span,
        }
    }

    /// The diagnostic, said in `lang`.
    pub fn diagnostic(&self, lang: Lang) -> Diagnostic {
        Diagnostic::error(self.message.in_lang(lang), self.span)
            .with_help(self.help.as_ref().map(|help| help.in_lang(lang)))
    }

    /// The diagnostic in English, as the knowledge base's loader says it.
    pub fn english(&self) -> Diagnostic {
        self.diagnostic(Lang::ENGLISH)
    }
}

/// The messages of load.rs for the parser's safety limits (nesting, size).
pub const LIMITS: [&str; 3] = [
    "yaml-too-deep",
    "yaml-too-much-text",
    "yaml-too-many-values",
];

/// What to say for a file that failed to parse with `message` at `at` (if the parser gave a
/// place). A slip in the layout near that place is the better explanation; far from it, it may
/// be a reading of the layout that is wrong, so the parser's message (in plain words) stands.
/// `message` is the parser's (`Said::Parser`, as load.rs shortens it) or one of load.rs's own,
/// said as it is unless a slip explains better.
pub fn explain(text: &str, file: usize, message: Said, at: Option<Span>) -> Explained {
    let parser_line = at.map_or(0, |s| s.line);
    // The safety limits (nesting, size) are about the file as a whole: say those as they are.
    let limit = matches!(&message, Said::Message(id, _) if LIMITS.contains(id));
    if !limit
        && let Some(slip) = layout_slip(text).filter(|s| {
            // Where the parser stopped, or a few lines either side of it.
            (parser_line.saturating_sub(3)..=parser_line.saturating_add(2)).contains(&s.line)
        })
    {
        let span = Span {
            file,
            line: slip.line,
            column: slip.column,
            len: slip.len.max(1),
        };
        return Explained::new(slip.message, slip.help, Some(span));
    }
    let message = match message {
        Said::Parser(message) => message,
        ours => return Explained::new(ours, None, at),
    };
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
        && let Some(at) = at
        && let Some((line, column, entity)) = item_start(text, at.line)
    {
        // The parser stops at the entry's last line; the entry starts at its `- `.
        let span = Span {
            file,
            line,
            column,
            len: 1,
        };
        let message = Said::with(
            "yaml-entry-without",
            vec![
                ("entity", shown(entity.unwrap_or("entry"))),
                ("field", shown(field)),
            ],
        );
        let help = Said::message("yaml-entry-without-help");
        return Explained::new(message, Some(help), Some(span));
    }
    let (message, help) = plain_words(&message);
    Explained::new(message, help, at)
}

/// The `- ` line that starts the list item holding line `line` (1-based), with its column and
/// the entity of its top-level list.
fn item_start(text: &str, line: u64) -> Option<(u64, u64, Option<&'static str>)> {
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(usize::try_from(line).ok()?.checked_sub(1)?)?;
    let indent = here.len() - here.trim_start().len();
    let index = (0..usize::try_from(line).ok()?).rev().find(|&i| {
        let l = lines[i];
        let at = l.len() - l.trim_start().len();
        l.trim_start().starts_with("- ") && at < indent
    })?;
    let start = lines[index];
    let column = (start.len() - start.trim_start().len()) as u64 + 1;
    let list = lines[..index]
        .iter()
        .rev()
        .find(|l| !l.starts_with([' ', '#', '-']) && !l.trim().is_empty())
        .and_then(|l| l.split(':').next())
        .and_then(entity);
    Some((index as u64 + 1, column, list))
}

/// One line as the layout sees it.
struct Line<'a> {
    number: u64,
    indent: usize,
    /// The text after the indentation (and after `- ` for a list item, see `item`).
    content: &'a str,
    /// For `- key: value`, the column (0-based) where the item's mapping starts.
    item: Option<usize>,
}

impl Line<'_> {
    /// `key` for a line that starts `key:`.
    fn key(&self) -> Option<&str> {
        let text = self.content;
        let end = text.find(':')?;
        let key = &text[..end];
        let after = &text[end + 1..];
        (!key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && (after.is_empty() || after.starts_with(' ')))
        .then_some(key)
    }

    /// Whether the line ends a key with nothing after it (`then:`), so that a block follows.
    fn opens_block(&self) -> bool {
        let text = strip_comment(self.content).trim_end();
        text.ends_with(':') || text == "-" || text.ends_with(" |") || text.ends_with(" >")
    }
}

fn strip_comment(text: &str) -> &str {
    match text.find(" #") {
        Some(at) if !text[..at].contains(['"', '\'']) => &text[..at],
        _ => text,
    }
}

/// The singular of a top-level list, for "the other keys of this rule".
fn entity(list: &str) -> Option<&'static str> {
    Some(match list {
        "rules" => "rule",
        "findings" => "finding",
        "concepts" => "concept",
        "causes" => "cause",
        "levels" => "level",
        "invariants" => "invariant",
        "screens" => "screen",
        "sources" => "source",
        "scenarios" => "scenario",
        _ => return None,
    })
}

/// The first line whose indentation does not fit its neighbours, or that indents with a tab.
pub fn layout_slip(text: &str) -> Option<Slip> {
    let mut lines: Vec<Line> = Vec::new();
    // Lines inside a block scalar (`|`, `>`) or a flow collection spanning lines are text, not
    // layout: skip them.
    let mut scalar_above: Option<usize> = None;
    let mut open_brackets = 0i32;
    // The line, column and indentation of the first bracket left open.
    let mut unclosed: Option<(u64, u64, usize)> = None;
    for (n, raw) in text.lines().enumerate() {
        let number = n as u64 + 1;
        let indent_text: &str = &raw[..raw.len() - raw.trim_start_matches([' ', '\t']).len()];
        let body = raw.trim_start_matches([' ', '\t']);
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        if let Some(tab) = indent_text.find('\t') {
            return Some(Slip {
                line: number,
                column: tab as u64 + 1,
                len: 1,
                message: Said::message("yaml-tab"),
                help: Some(Said::message("yaml-tab-help")),
            });
        }
        let indent = indent_text.len();
        if let Some(block) = scalar_above {
            if indent > block {
                continue;
            }
            scalar_above = None;
        }
        if open_brackets > 0 {
            if let Some((line, column, at)) = unclosed
                && indent <= at
            {
                return Some(Slip {
                    line,
                    column,
                    len: 1,
                    message: Said::message("yaml-unclosed-bracket"),
                    help: Some(Said::message("yaml-unclosed-bracket-help")),
                });
            }
            open_brackets += brackets(body);
            continue;
        }
        if body.starts_with('-') && body[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            return Some(Slip {
                line: number,
                column: indent as u64 + 1,
                len: 1,
                message: Said::message("yaml-dash-space"),
                help: Some(Said::with(
                    "yaml-dash-space-help",
                    vec![("item", shown(&body[1..]))],
                )),
            });
        }
        let (content, item) = match body.strip_prefix("- ") {
            Some(rest) => {
                let inner = rest.trim_start();
                (inner, Some(indent + 2 + (rest.len() - inner.len())))
            }
            None => (body, None),
        };
        let line = Line {
            number,
            indent,
            content,
            item,
        };
        let text = strip_comment(content).trim_end();
        if text.ends_with('|')
            || text.ends_with('>')
            || text.ends_with("|-")
            || text.ends_with(">-")
        {
            scalar_above = Some(indent);
        }
        open_brackets += brackets(content);
        if open_brackets > 0 {
            let column =
                raw.len() - body.len() + (body.len() - content.len()) + first_open(content) + 1;
            unclosed = Some((number, column as u64, indent));
        }
        if let Some(colon) = content.find(':')
            && content[..colon]
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_')
            && colon > 0
            && content[colon + 1..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '"')
        {
            return Some(Slip {
                line: number,
                column: (raw.len() - content.len() + colon) as u64 + 1,
                len: 1,
                message: Said::with("yaml-colon-space", vec![("key", shown(&content[..colon]))]),
                help: Some(Said::with(
                    "yaml-colon-space-help",
                    vec![
                        ("key", shown(&content[..colon])),
                        ("value", shown(&content[colon + 1..])),
                    ],
                )),
            });
        }
        lines.push(line);
    }
    check_indentation(&lines)
}

/// The byte offset of the first `[` or `{` that the line leaves open.
fn first_open(text: &str) -> usize {
    let mut open: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    for (i, c) in strip_comment(text).char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => open.push(i),
            (None, ']' | '}') => {
                open.pop();
            }
            _ => {}
        }
    }
    open.first().copied().unwrap_or(0)
}

/// How many more `[`/`{` than `]`/`}` a line opens, outside quotes; 0 for a line that closes a
/// bracket with the wrong kind (the parser says that one well).
fn brackets(text: &str) -> i32 {
    let mut open: Vec<char> = Vec::new();
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in strip_comment(text).chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                open.push(c);
                depth += 1;
            }
            (None, ']' | '}') => {
                let expected = if c == ']' { '[' } else { '{' };
                if open.pop().is_some_and(|o| o != expected) {
                    return 0;
                }
                depth -= 1;
            }
            _ => {}
        }
    }
    // A quote left open: the parser says that one well.
    if quote.is_some() { 0 } else { depth }
}

/// One open block: where its lines start, and what they are, for the message.
#[derive(Debug, Clone)]
struct Block {
    indent: usize,
    /// For the mapping of an item of a top-level list: that list's entity (`rule`).
    entity: Option<&'static str>,
    /// A list: its lines start with `- `.
    items: bool,
}

impl Block {
    /// "the other keys of this rule", "the other items of this list".
    fn others(&self) -> Arg {
        let (kind, entity) = match (self.items, self.entity) {
            (true, _) => ("items", ""),
            (false, Some(entity)) => ("entity", entity),
            (false, None) => ("block", ""),
        };
        said(Said::with(
            "yaml-others",
            vec![("kind", shown(kind)), ("entity", shown(entity))],
        ))
    }
}

fn check_indentation(lines: &[Line]) -> Option<Slip> {
    let mut stack: Vec<Block> = vec![Block {
        indent: 0,
        entity: None,
        items: false,
    }];
    let mut top_list: Option<&str> = None;
    let mut previous: Option<&Line> = None;
    for line in lines {
        if line.indent == 0
            && let Some(key) = line.key()
        {
            top_list = Some(key);
        }
        let top = stack.last()?.clone();
        if line.indent > top.indent {
            let opened = previous.is_some_and(|p| p.opens_block() || p.content == "-");
            let is_key_or_item = line.key().is_some() || line.item.is_some();
            if let Some(p) = previous
                && !opened
                && is_key_or_item
            {
                // The first key of a block, followed by one indented 2 more: a list item whose
                // `- ` was left out.
                if p.indent == top.indent
                    && p.item.is_none()
                    && line.indent == p.indent + 2
                    && p.key().is_some()
                    && previous_opened_block(lines, p)
                {
                    return Some(missing_dash(p));
                }
                return Some(misaligned(line, &top, Some(p)));
            }
            if opened {
                stack.push(Block {
                    indent: line.indent,
                    entity: None,
                    items: line.item.is_some(),
                });
            }
        } else {
            let mut left = None;
            while stack.last().is_some_and(|b| b.indent > line.indent) {
                left = stack.pop();
            }
            let top = stack.last()?;
            if top.indent != line.indent {
                // Between two levels: fits neither the block it left nor the one around it. A
                // list item is measured against its list, anything else against its keys.
                let block = match (&left, line.item.is_some() && top.items) {
                    (Some(left), false) => left,
                    _ => top,
                };
                return Some(misaligned(line, block, None));
            }
            // A key at the column of its list's `- `, or a `- ` among keys: both are a slip.
            let opened_here = previous.is_some_and(|p| p.opens_block() && p.indent == line.indent);
            if top.items
                && line.item.is_none()
                && line.key().is_some()
                && !opened_here
                && let Some(left) = &left
            {
                return Some(misaligned_at(line, left, "dash"));
            }
            if !top.items
                && line.item.is_some()
                && !opened_here
                && let Some(list) = stack.iter().rev().find(|b| b.items)
            {
                return Some(misaligned_at(line, list, "keys"));
            }
        }
        // A list item's mapping is a block of its own, at the column after `- `.
        if let Some(at) = line.item {
            while stack.last().is_some_and(|b| b.indent >= at) {
                stack.pop();
            }
            // An item of a top-level list (`rules:` then `- id: ...`) is that list's entity.
            let entity = (stack.len() == 2)
                .then(|| top_list.and_then(entity))
                .flatten();
            stack.push(Block {
                indent: at,
                entity,
                items: false,
            });
        }
        previous = Some(line);
    }
    None
}

/// Whether the line before `line` (in the layout) opened the block `line` starts.
fn previous_opened_block(lines: &[Line], line: &Line) -> bool {
    let at = lines.iter().position(|l| l.number == line.number);
    at.and_then(|i| i.checked_sub(1))
        .map(|i| &lines[i])
        .is_some_and(|p| p.opens_block() && p.indent < line.indent)
}

fn missing_dash(line: &Line) -> Slip {
    let key = line.key().unwrap_or_default();
    Slip {
        line: line.number,
        column: line.indent as u64 + 1,
        len: key.len() as u64 + 1,
        message: Said::with("yaml-missing-dash", vec![("key", shown(key))]),
        help: Some(Said::with(
            "yaml-missing-dash-help",
            vec![("key", shown(key))],
        )),
    }
}

/// A line at the indentation of something it is not: named, with where it should be. `like`
/// is what it is indented like: `dash` (the `- ` of its list) or `keys` (the keys around it).
fn misaligned_at(line: &Line, block: &Block, like: &str) -> Slip {
    let mut slip = misaligned(line, block, None);
    slip.message = Said::with(
        "yaml-indented-like",
        vec![
            ("what", what(line)),
            ("indent", number(line.indent)),
            ("like", shown(like)),
            ("others", block.others()),
            ("expected", number(block.indent)),
        ],
    );
    slip
}

/// "`salience:`", "this list item", "this line".
fn what(line: &Line) -> Arg {
    let (kind, key) = match (line.item, line.key()) {
        (Some(_), _) => ("item", ""),
        (None, Some(key)) => ("key", key),
        (None, None) => ("line", ""),
    };
    said(Said::with(
        "yaml-what",
        vec![("kind", shown(kind)), ("key", shown(key))],
    ))
}

fn misaligned(line: &Line, block: &Block, under: Option<&Line>) -> Slip {
    let help = match under {
        Some(above) => Said::with(
            "yaml-nested-under-value-help",
            vec![
                ("above", number(above.number)),
                ("what", what(line)),
                ("expected", number(block.indent)),
                ("others", block.others()),
            ],
        ),
        None => Said::with("yaml-indent-help", vec![("expected", number(block.indent))]),
    };
    Slip {
        line: line.number,
        column: line.indent as u64 + 1,
        len: line.key().map_or(1, |k| k.len() as u64 + 1),
        message: Said::with(
            "yaml-indented",
            vec![
                ("what", what(line)),
                ("indent", number(line.indent)),
                ("others", block.others()),
                ("expected", number(block.indent)),
            ],
        ),
        help: Some(help),
    }
}

/// The parser's messages (any of the fragments) in a clinician's words: the message saying it,
/// whose hint is the same id with `-help`.
const PHRASES: &[(&[&str], &str)] = &[
    (
        &["simple key expected ':'", "could not find expected ':'"],
        "yaml-key-without-colon",
    ),
    (
        &["expected sequence start", "expected a sequence"],
        "yaml-list-needed",
    ),
    (
        &["unclosed quote", "found unexpected end of stream"],
        "yaml-unclosed-quote",
    ),
    (&["found a tab", "tabs"], "yaml-tab-found"),
    (
        &["mapping values are not allowed in this context"],
        "yaml-colon-here",
    ),
    (&["expected mapping start"], "yaml-mapping-expected"),
    (&["only valid inside a block"], "yaml-dash-unexpected"),
    (
        &[
            "did not find expected node content",
            "did not find expected '-' indicator",
        ],
        "yaml-does-not-fit",
    ),
    (
        &["null into string", "cannot deserialize null"],
        "yaml-empty-text",
    ),
    (
        &["string scalar", "str expected", "missing string"],
        "yaml-text-needed",
    ),
    (
        &[
            "<document start>",
            "document end marker",
            "directive",
            "TAG",
        ],
        "yaml-document-start",
    ),
];

/// The hint of the message `id` (`yaml-tab` has `yaml-tab-help`).
fn help_of(id: &'static str) -> Option<Said> {
    let help = match id {
        "yaml-key-without-colon" => "yaml-key-without-colon-help",
        "yaml-list-needed" => "yaml-list-needed-help",
        "yaml-unclosed-quote" => "yaml-unclosed-quote-help",
        "yaml-tab-found" => "yaml-tab-found-help",
        "yaml-colon-here" => "yaml-colon-here-help",
        "yaml-mapping-expected" => "yaml-mapping-expected-help",
        "yaml-dash-unexpected" => "yaml-dash-unexpected-help",
        "yaml-does-not-fit" => "yaml-does-not-fit-help",
        "yaml-empty-text" => "yaml-empty-text-help",
        "yaml-text-needed" => "yaml-text-needed-help",
        "yaml-document-start" => "yaml-document-start-help",
        _ => return None,
    };
    Some(Said::message(help))
}

/// The parser's message in a clinician's words, with a hint where one helps.
pub fn plain_words(message: &str) -> (Said, Option<Said>) {
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return (
            Said::with("yaml-missing-field", vec![("field", shown(field))]),
            Some(Said::message("yaml-missing-field-help")),
        );
    }
    for (fragments, id) in PHRASES {
        if fragments.iter().any(|f| message.contains(f)) {
            return (Said::message(id), help_of(id));
        }
    }
    if let Some(rest) = message.strip_prefix("mismatched bracket ") {
        // The parser's `'[' closed by '}'`, or as it is where it says it otherwise.
        let brackets = rest
            .strip_prefix('\'')
            .and_then(|r| r.split_once("' closed by '"))
            .and_then(|(open, close)| Some((open, close.strip_suffix('\'')?)))
            .filter(|(open, close)| open.chars().count() == 1 && close.chars().count() == 1);
        let message = match brackets {
            Some((open, close)) => Said::with(
                "yaml-wrong-bracket",
                vec![("open", shown(open)), ("close", shown(close))],
            ),
            None => Said::Parser(format!("a bracket closed by the wrong kind: {rest}")),
        };
        return (message, Some(Said::message("yaml-wrong-bracket-help")));
    }
    for (rust, kind) in [
        ("i32", "whole"),
        ("i64", "whole"),
        ("u32", "whole"),
        ("u64", "whole"),
        ("usize", "whole"),
        ("f64", "number"),
        ("f32", "number"),
        ("bool", "boolean"),
    ] {
        if message == format!("invalid {rust}") || message.ends_with(&format!("expected {rust}")) {
            return (
                Said::with("yaml-expected", vec![("kind", shown(kind))]),
                None,
            );
        }
    }
    // The parser's names for the parts of a YAML stream, in words.
    if message.contains('<') {
        let plain = message
            .replace("<stream-start>", "the start of the file")
            .replace("<stream end>", "the end of the file")
            .replace("<document start>", "a `---` line")
            .replace("<document end>", "a `...` line")
            .replace("<block end>", "the end of the block");
        if plain != message {
            return (Said::Parser(plain), None);
        }
    }
    // Anything else that names a type of the program: say what it means instead.
    if message.contains("struct Raw") || message.contains("Raw") {
        let plain = message
            .replace("struct Raw", "a block of keys for ")
            .replace("Raw", "");
        return (Said::Parser(plain), None);
    }
    (Said::Parser(message.to_string()), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(text: &str) -> Option<(u64, u64, String)> {
        layout_slip(text).map(|s| (s.line, s.column, s.message.english()))
    }

    /// Every YAML file in the repository parses, so none may show a slip: a false one would
    /// hide the parser's true message for a file with an unrelated mistake.
    #[test]
    fn no_shipped_or_fixture_file_shows_a_slip() {
        fn walk(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|e| e == "yaml") {
                    found.push(path);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        walk(&root.join("rules"), &mut files);
        walk(&root.join("tests/fixtures"), &mut files);
        assert!(files.len() > 10);
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let parsed: Result<serde_json::Value, _> = serde_saphyr::from_str(&text);
            if parsed.is_ok() {
                assert_eq!(layout_slip(&text), None, "{}", path.display());
            }
        }
    }

    /// Every one-character slip in a small rules file, read without a panic.
    #[test]
    fn any_one_character_slip_is_read_without_panicking() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("tests/fixtures/mini/rules.yaml")).unwrap();
        for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for edit in ["", "\t", "-", ":", "[", "\"", "é"] {
                let mut broken = text[..at].to_string();
                broken.push_str(edit);
                let rest = if edit.is_empty() {
                    text[at..].chars().skip(1).collect::<String>()
                } else {
                    text[at..].to_string()
                };
                broken.push_str(&rest);
                let span = Span {
                    file: 0,
                    line: 4,
                    column: 1,
                    len: 1,
                };
                let message = Said::Parser("missing field `when`".into());
                let _ = explain(&broken, 0, message, Some(span)).english();
            }
        }
    }

    #[test]
    fn a_good_layout_has_no_slip() {
        let text = "rules:\n  - id: a\n    when: {all: [x,\n      y]}\n    then:\n      - advice: |\n          text\n           more\n    sources: [s]\nlevels: []\n";
        assert_eq!(slip(text), None);
    }

    #[test]
    fn a_key_between_two_levels_is_named_against_its_siblings() {
        let text = "rules:\n  - id: a\n    description: d\n   salience: 3\n    when: x\n";
        assert_eq!(
            slip(text),
            Some((
                4,
                4,
                "`salience:` is indented 3 spaces; the other keys of this rule use 4".into()
            ))
        );
    }

    #[test]
    fn a_key_under_a_line_with_a_value_is_over_indented() {
        let text = "rules:\n  - id: a\n    salience: 3\n      when: x\n";
        assert_eq!(
            slip(text),
            Some((
                4,
                7,
                "`when:` is indented 6 spaces; the other keys of this rule use 4".into()
            ))
        );
    }

    #[test]
    fn a_tab_is_found_at_its_own_line_and_column() {
        assert_eq!(
            slip("rules:\n  - id: a\n  \tsalience: 3\n"),
            Some((
                3,
                3,
                "a tab in the indentation: YAML indents with spaces only".into()
            ))
        );
    }

    /// Every `yaml-*` message the code says is in locales/en/triage.ftl (Fluent would show a
    /// missing one as its id); the i18n test checks that every language has it.
    #[test]
    fn every_message_said_is_in_english() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut ids = Vec::new();
        for file in ["src/kb/yaml_errors.rs", "src/kb/load.rs"] {
            let source = std::fs::read_to_string(root.join(file)).unwrap();
            for piece in source.split("\"yaml-").skip(1) {
                let id: String = piece
                    .chars()
                    .take_while(|&c| c.is_ascii_lowercase() || c == '-')
                    .collect();
                if !id.is_empty() && piece[id.len()..].starts_with('"') {
                    ids.push(format!("yaml-{id}"));
                }
            }
        }
        assert!(ids.len() > 40, "{ids:?}");
        for id in ids {
            assert!(Lang::ENGLISH.optional(&id).is_some(), "{id}");
        }
    }

    /// Spanish words for a slip, and a general sentence for the parser's own message; English
    /// shows that message as it is.
    #[test]
    fn said_in_spanish() {
        let spanish = Lang::from_code("es").unwrap();
        let text = "rules:\n  - id: a\n    description: d\n   salience: 3\n    when: x\n";
        let slip = layout_slip(text).unwrap();
        assert_eq!(
            slip.message.in_lang(spanish),
            "`salience:` tiene una sangría de 3 espacios; las otras claves de esta regla usan 4"
        );
        assert_eq!(
            slip.help.unwrap().in_lang(spanish),
            "use una sangría de 4 espacios"
        );
        let (message, help) = plain_words("mismatched bracket '[' closed by '}'");
        assert_eq!(
            message.english(),
            "a bracket closed by the wrong kind: '[' closed by '}'"
        );
        assert_eq!(
            message.in_lang(spanish),
            "un corchete o una llave que se cierra con el signo equivocado: '[' cerrado con '}'"
        );
        assert_eq!(
            help.unwrap().english(),
            "close `[` with `]` and `{` with `}`"
        );
        let (message, help) = plain_words("unexpected character: `@'");
        assert_eq!(message.english(), "unexpected character: `@'");
        assert!(
            message
                .in_lang(spanish)
                .starts_with("el lector de YAML no entiende el archivo en este punto"),
            "{}",
            message.in_lang(spanish)
        );
        assert_eq!(help, None);
    }

    #[test]
    fn the_parser_s_words_lose_their_rust() {
        assert_eq!(
            plain_words("invalid i32").0.english(),
            "expected a whole number here"
        );
        assert_eq!(
            plain_words("missing field `when`").0.english(),
            "`when:` is missing here"
        );
    }
}
