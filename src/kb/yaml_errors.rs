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

use crate::diagnostic::{Diagnostic, Span};

/// A mistake found in the layout: 1-based line and column, and what to say.
#[derive(Debug, Clone, PartialEq)]
pub struct Slip {
    pub line: u64,
    pub column: u64,
    pub len: u64,
    pub message: String,
    pub help: Option<String>,
}

/// The diagnostic for a file that failed to parse with `message` at `at` (if the parser gave a
/// place). A slip in the layout near that place is the better explanation; far from it, it may
/// be a reading of the layout that is wrong, so the parser's message (in plain words) stands.
pub fn explain(text: &str, file: usize, message: &str, at: Option<Span>) -> Diagnostic {
    let parser_line = at.map_or(0, |s| s.line);
    // The safety limits (nesting, size) are about the file as a whole: say those as they are.
    let limit = message.starts_with("the YAML ");
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
        return Diagnostic::error(slip.message, Some(span)).with_help(slip.help);
    }
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
        let message = format!("this {} has no `{field}:`", entity.unwrap_or("entry"));
        let help = "add it, or check that its keys are all indented alike".to_string();
        return Diagnostic::error(message, Some(span)).with_help(Some(help));
    }
    let (message, help) = plain_words(message);
    Diagnostic::error(message, at).with_help(help)
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

fn spaces(n: usize) -> String {
    format!("{n} space{}", if n == 1 { "" } else { "s" })
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
                message: "a tab in the indentation: YAML indents with spaces only".into(),
                help: Some(
                    "replace the tab with spaces, as many as the lines around it use".into(),
                ),
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
                    message: "a bracket that is never closed".into(),
                    help: Some("close it on the same line (`[a, b]`, `{all: [a, b]}`), or indent the lines it continues on more than its key".into()),
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
                message: "a list item's `-` needs a space after it".into(),
                help: Some(format!("write `- {}`", &body[1..])),
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
                message: format!("`{}:` needs a space after its `:`", &content[..colon]),
                help: Some(format!(
                    "write `{}: {}`",
                    &content[..colon],
                    &content[colon + 1..]
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
    fn others(&self) -> String {
        match (self.items, self.entity) {
            (true, _) => "the other items of this list".to_string(),
            (false, Some(entity)) => format!("the other keys of this {entity}"),
            (false, None) => "the other keys of this block".to_string(),
        }
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
                return Some(misaligned_at(line, left, "like the `- ` of this list"));
            }
            if !top.items
                && line.item.is_some()
                && !opened_here
                && let Some(list) = stack.iter().rev().find(|b| b.items)
            {
                return Some(misaligned_at(line, list, "like the keys around it"));
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
        message: format!("`{key}:` starts a list item without its `- `"),
        help: Some(format!(
            "write `- {key}: ...`; the keys of the item below it stay where they are"
        )),
    }
}

/// A line at the indentation of something it is not: named, with where it should be.
fn misaligned_at(line: &Line, block: &Block, like: &str) -> Slip {
    let mut slip = misaligned(line, block, None);
    slip.message = format!(
        "{} is indented {}, {like}; {} use {}",
        what(line),
        spaces(line.indent),
        block.others(),
        block.indent
    );
    slip
}

fn what(line: &Line) -> String {
    match (line.item, line.key()) {
        (Some(_), _) => "this list item".to_string(),
        (None, Some(key)) => format!("`{key}:`"),
        (None, None) => "this line".to_string(),
    }
}

fn misaligned(line: &Line, block: &Block, under: Option<&Line>) -> Slip {
    let what = what(line);
    let others = block.others();
    let help = match under {
        Some(above) => format!(
            "line {} above has a value of its own, so nothing can be nested under it; indent {what} by {} like {others}",
            above.number,
            spaces(block.indent)
        ),
        None => format!("indent it by {}", spaces(block.indent)),
    };
    Slip {
        line: line.number,
        column: line.indent as u64 + 1,
        len: line.key().map_or(1, |k| k.len() as u64 + 1),
        message: format!(
            "{what} is indented {}; {others} use {}",
            spaces(line.indent),
            block.indent
        ),
        help: Some(help),
    }
}

/// The parser's messages (any of the fragments) in a clinician's words, and a hint.
const PHRASES: &[(&[&str], &str, &str)] = &[
    (
        &["simple key expected ':'", "could not find expected ':'"],
        "a key without its `:`",
        "write it as `key: value`, with a space after the colon",
    ),
    (
        &["expected sequence start", "expected a sequence"],
        "a list is needed here",
        "start each item on a line of its own with `- `, or write the items as `[a, b]`",
    ),
    (
        &["unclosed quote", "found unexpected end of stream"],
        "a quote that is never closed",
        "close it with the same quote mark, on the same line",
    ),
    (
        &["found a tab", "tabs"],
        "a tab where YAML expects spaces",
        "replace the tab with spaces",
    ),
    (
        &["mapping values are not allowed in this context"],
        "a `:` that YAML cannot read here",
        "check this line's indentation against the lines around it; text that itself holds `: ` must be put in quotes",
    ),
    (
        &["expected mapping start"],
        "expected `key: value` here",
        "a key may be missing its `:`",
    ),
    (
        &["only valid inside a block"],
        "a `- ` list item where YAML does not expect one",
        "check the lines above for a bracket or quote left open, and this line's indentation",
    ),
    (
        &[
            "did not find expected node content",
            "did not find expected '-' indicator",
        ],
        "this line does not fit the list or block it is in",
        "check its indentation and its `- ` against the lines around it",
    ),
    (
        &["null into string", "cannot deserialize null"],
        "a text is needed here, but the value is empty",
        "write the text after the `:`, or leave out a key whose value is optional",
    ),
    (
        &["string scalar", "str expected", "missing string"],
        "a text is needed here, not a list or a mapping",
        "a text that starts with `[` or `{`, or holds `: ` or ` #`, must be put in quotes",
    ),
    (
        &[
            "<document start>",
            "document end marker",
            "directive",
            "TAG",
        ],
        "YAML expects a `---` line here: a line that starts with `%` is a YAML directive, and \
         after a `...` line a new document must start",
        "put text that starts with `%` in quotes, and remove any `...` line; a file is one \
         document",
    ),
];

/// The parser's message in a clinician's words, with a hint where one helps.
pub fn plain_words(message: &str) -> (String, Option<String>) {
    let hint = |m: &str, h: &str| (m.to_string(), Some(h.to_string()));
    if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return hint(
            &format!("`{field}:` is missing here"),
            "add it, or check that the keys below are indented like the others of this entry",
        );
    }
    for (fragments, plain, help) in PHRASES {
        if fragments.iter().any(|f| message.contains(f)) {
            return hint(plain, help);
        }
    }
    if let Some(rest) = message.strip_prefix("mismatched bracket ") {
        return (
            format!("a bracket closed by the wrong kind: {rest}"),
            Some("close `[` with `]` and `{` with `}`".into()),
        );
    }
    for (rust, plain) in [
        ("i32", "a whole number"),
        ("i64", "a whole number"),
        ("u32", "a whole number"),
        ("u64", "a whole number"),
        ("usize", "a whole number"),
        ("f64", "a number"),
        ("f32", "a number"),
        ("bool", "true or false"),
    ] {
        if message == format!("invalid {rust}") || message.ends_with(&format!("expected {rust}")) {
            return (format!("expected {plain} here"), None);
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
            return (plain, None);
        }
    }
    // Anything else that names a type of the program: say what it means instead.
    if message.contains("struct Raw") || message.contains("Raw") {
        let plain = message
            .replace("struct Raw", "a block of keys for ")
            .replace("Raw", "");
        return (plain, None);
    }
    (message.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slip(text: &str) -> Option<(u64, u64, String)> {
        layout_slip(text).map(|s| (s.line, s.column, s.message))
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
                let _ = explain(&broken, 0, "missing field `when`", Some(span));
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

    #[test]
    fn the_parser_s_words_lose_their_rust() {
        assert_eq!(plain_words("invalid i32").0, "expected a whole number here");
        assert_eq!(
            plain_words("missing field `when`").0,
            "`when:` is missing here"
        );
    }
}
