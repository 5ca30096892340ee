//! The scanner of the quick path: the plain subset of YAML that knowledge-base files are written
//! in, read into a tree whose every node knows its location exactly as serde-saphyr reports it
//! (line, column, character offset and length, byte offset and length).
//!
//! Anything outside the subset gives `None`, and the caller falls back to serde-saphyr, which
//! either reads it or explains the problem. So this never has to produce an error message, and
//! it must never accept a document differently from serde-saphyr: when in doubt, it gives up.
//! Left out on purpose: anchors, aliases, tags, directives, several documents, block scalars
//! (`|`, `>`: the shipped files' paragraphs go to serde-saphyr), scalars or flow collections
//! over several lines, empty values, complex or quoted keys, tabs, carriage returns, control
//! characters.

use std::borrow::Cow;

/// Where a node is, in serde-saphyr's terms (`Location` and its `Span`).
#[derive(Debug, Clone, Copy)]
pub struct Loc {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
    pub len: u32,
    pub byte_offset: u32,
    pub byte_len: u32,
}

#[derive(Debug)]
pub enum Value<'a> {
    Plain(&'a str),
    Quoted(Cow<'a, str>),
    Seq(Vec<Item<'a>>),
    Map(Vec<(Item<'a>, Item<'a>)>),
}

#[derive(Debug)]
pub struct Item<'a> {
    pub loc: Loc,
    pub value: Value<'a>,
}

/// Far below serde-saphyr's own limits (200 levels, 2,000,000 nodes), so that a document near
/// them is left to serde-saphyr and its messages.
const MAX_DEPTH: usize = 100;
const MAX_NODES: usize = 1_000_000;

/// Reads a document of the subset, or `None`.
pub fn scan(text: &str) -> Option<Item<'_>> {
    if text.len() >= u32::MAX as usize / 2 {
        return None;
    }
    let mut scanner = Scanner {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        line: 1,
        line_start: 0,
        line_chars: 0,
        line_end: 0,
        ascii_line: true,
        odd_characters: false,
        indent: None,
        nodes: 0,
    };
    scanner.start_line();
    scanner.skip_to_content();
    let indent = scanner.indent?;
    let root = scanner.block(indent, 0)?;
    // Every line has been looked at once the whole document is read.
    (scanner.indent.is_none() && !scanner.odd_characters).then_some(root)
}

/// Only printable characters: no tab, carriage return, byte-order mark, control character or
/// the Unicode line separators, which YAML treats in ways this scanner doesn't.
fn plain_character(c: char) -> bool {
    match c {
        ' '..='~' | '\u{a0}'..='\u{d7ff}' => !matches!(c, '\u{2028}' | '\u{2029}'),
        '\u{e000}'..='\u{fffd}' => c != '\u{feff}',
        '\u{10000}'.. => true,
        _ => false,
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// The current line (1-based), where it starts (bytes) and its offset in characters.
    line: u32,
    line_start: usize,
    line_chars: u32,
    line_end: usize,
    ascii_line: bool,
    /// A character outside `plain_character` was met: the document is left to serde-saphyr.
    odd_characters: bool,
    /// The indentation of the current content line; `None` at the end of the document.
    indent: Option<usize>,
    nodes: usize,
}

impl<'a> Scanner<'a> {
    fn at(&self, pos: usize) -> u8 {
        self.bytes.get(pos).copied().unwrap_or(b'\n')
    }

    fn peek(&self) -> u8 {
        self.at(self.pos)
    }

    /// Finds where the line ends and checks its characters, in one pass over its bytes.
    fn start_line(&mut self) {
        let mut end = self.line_start;
        let (mut ascii, mut plain) = (true, true);
        while let Some(&b) = self.bytes.get(end) {
            if b == b'\n' {
                break;
            }
            ascii &= b.is_ascii();
            plain &= !(b < b' ' || b == 0x7f);
            end += 1;
        }
        if !ascii {
            plain &= self.text[self.line_start..end].chars().all(plain_character);
        }
        self.line_end = end;
        self.ascii_line = ascii;
        self.odd_characters |= !plain;
    }

    /// Moves to the start of the next line.
    fn next_line(&mut self) {
        let end = self.line_end;
        let chars = if self.ascii_line {
            end - self.line_start
        } else {
            self.text[self.line_start..end].chars().count()
        };
        self.line_chars += chars as u32 + 1;
        self.line += 1;
        self.line_start = (end + 1).min(self.bytes.len());
        self.pos = self.line_start;
        self.start_line();
    }

    /// From the start of a line, skips blank and comment lines; leaves `pos` at the first
    /// character of the next content line and `indent` set (or `None` at the end).
    fn skip_to_content(&mut self) {
        loop {
            if self.line_start >= self.bytes.len() {
                self.indent = None;
                return;
            }
            let mut p = self.line_start;
            while self.at(p) == b' ' {
                p += 1;
            }
            if p < self.bytes.len() && !matches!(self.at(p), b'\n' | b'#') {
                self.pos = p;
                self.indent = Some(p - self.line_start);
                return;
            }
            self.next_line();
        }
    }

    /// After a value: nothing but spaces and a comment may follow on its line.
    fn end_line(&mut self) -> Option<()> {
        let start = self.pos;
        while self.peek() == b' ' {
            self.pos += 1;
        }
        match self.peek() {
            b'\n' => {}
            b'#' if self.pos > start => {}
            _ => return None,
        }
        self.next_line();
        self.skip_to_content();
        Some(())
    }

    fn column(&self, pos: usize) -> u32 {
        if self.ascii_line {
            (pos - self.line_start) as u32
        } else {
            self.text[self.line_start..pos].chars().count() as u32
        }
    }

    /// The location of the text from `start` to `end`, both on the current line.
    fn loc(&self, start: usize, end: usize) -> Loc {
        let column = self.column(start);
        let len = if self.ascii_line {
            end - start
        } else {
            self.text[start..end].chars().count()
        };
        Loc {
            line: self.line,
            column: column + 1,
            offset: self.line_chars + column,
            len: len as u32,
            byte_offset: start as u32,
            byte_len: (end - start) as u32,
        }
    }

    fn count(&mut self, depth: usize) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES && depth <= MAX_DEPTH).then_some(())
    }

    /// A block node starting at `pos`, whose first line is indented by `indent`.
    fn block(&mut self, indent: usize, depth: usize) -> Option<Item<'a>> {
        if self.peek() == b'-' && matches!(self.at(self.pos + 1), b' ' | b'\n') {
            self.block_seq(indent, false, depth)
        } else {
            self.block_map(indent, depth)
        }
    }

    /// A block sequence; `compact` when it is a mapping's value at the mapping's own indentation
    /// (`key:` then `- item` below it), which serde-saphyr locates at its first item.
    fn block_seq(&mut self, indent: usize, compact: bool, depth: usize) -> Option<Item<'a>> {
        self.count(depth)?;
        let mut loc = self.loc(self.pos, self.pos);
        let mut items = Vec::new();
        loop {
            // At `- `.
            if self.at(self.pos + 1) != b' ' {
                return None;
            }
            self.pos += 2;
            while self.peek() == b' ' {
                self.pos += 1;
            }
            let start = self.pos;
            if compact && items.is_empty() {
                loc = self.loc(start, start);
            }
            let item = match self.peek() {
                b'\n' | b'#' | b'-' if self.peek() != b'-' || self.at(start + 1) == b' ' => {
                    return None;
                }
                b'{' | b'[' | b'"' | b'\'' => {
                    let item = self.inline(depth + 1)?;
                    self.end_line()?;
                    item
                }
                _ if self.key_on_line() => {
                    let column = self.column(start) as usize;
                    self.block_map(column, depth + 1)?
                }
                _ => {
                    let item = self.plain(false, depth + 1)?;
                    self.end_line()?;
                    item
                }
            };
            items.push(item);
            match self.indent {
                Some(i) if i == indent && self.peek() == b'-' && self.at(self.pos + 1) == b' ' => {}
                Some(i) if i > indent => return None,
                _ => break,
            }
        }
        Some(Item {
            loc,
            value: Value::Seq(items),
        })
    }

    /// Whether the plain text from `pos` is a `key:` (a colon before any comment).
    fn key_on_line(&self) -> bool {
        let mut p = self.pos;
        loop {
            match self.at(p) {
                b'\n' => return false,
                b':' if matches!(self.at(p + 1), b' ' | b'\n') => return true,
                b'#' if self.at(p.wrapping_sub(1)) == b' ' => return false,
                _ => p += 1,
            }
        }
    }

    fn block_map(&mut self, indent: usize, depth: usize) -> Option<Item<'a>> {
        self.count(depth)?;
        let loc = self.loc(self.pos, self.pos);
        let mut entries: Vec<(Item<'a>, Item<'a>)> = Vec::new();
        loop {
            let key = self.key(depth + 1)?;
            let Value::Plain(name) = key.value else {
                return None;
            };
            if has_key(&entries, name) {
                return None;
            }
            // At the colon.
            self.pos += 1;
            while self.peek() == b' ' {
                self.pos += 1;
            }
            let value = if self.peek() == b'\n' || self.peek() == b'#' {
                if self.peek() == b'#' && self.at(self.pos - 1) != b' ' {
                    return None;
                }
                self.next_line();
                self.skip_to_content();
                match self.indent {
                    Some(i) if i > indent => self.block(i, depth + 1)?,
                    Some(i)
                        if i == indent && self.peek() == b'-' && self.at(self.pos + 1) == b' ' =>
                    {
                        self.block_seq(i, true, depth + 1)?
                    }
                    _ => return None,
                }
            } else {
                let value = match self.peek() {
                    b'{' | b'[' | b'"' | b'\'' => self.inline(depth + 1)?,
                    _ => self.plain(false, depth + 1)?,
                };
                self.end_line()?;
                value
            };
            entries.push((key, value));
            match self.indent {
                Some(i) if i == indent => {
                    if self.peek() == b'-' && matches!(self.at(self.pos + 1), b' ' | b'\n') {
                        return None;
                    }
                }
                Some(i) if i > indent => return None,
                _ => break,
            }
        }
        Some(Item {
            loc,
            value: Value::Map(entries),
        })
    }

    /// A plain mapping key at `pos`, up to (not past) its colon: an id-like word.
    fn key(&mut self, depth: usize) -> Option<Item<'a>> {
        self.count(depth)?;
        let start = self.pos;
        if !(self.peek().is_ascii_alphabetic() || self.peek() == b'_') {
            return None;
        }
        while matches!(self.peek(), b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'-' | b'.') {
            self.pos += 1;
        }
        if self.peek() != b':' || !matches!(self.at(self.pos + 1), b' ' | b'\n' | b',' | b'}') {
            return None;
        }
        let name = &self.text[start..self.pos];
        if is_special_word(name) {
            return None;
        }
        Some(Item {
            loc: self.loc(start, self.pos),
            value: Value::Plain(name),
        })
    }

    /// A flow collection or a quoted scalar, all on the current line.
    fn inline(&mut self, depth: usize) -> Option<Item<'a>> {
        match self.peek() {
            b'"' | b'\'' => self.quoted(depth),
            b'[' => self.flow_seq(depth),
            b'{' => self.flow_map(depth),
            _ => self.plain(true, depth),
        }
    }

    fn skip_spaces(&mut self) {
        while self.peek() == b' ' {
            self.pos += 1;
        }
    }

    /// A flow collection from its opening bracket to `close`, each entry read by `entry`.
    fn flow(
        &mut self,
        close: u8,
        depth: usize,
        mut entry: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<Loc> {
        self.count(depth)?;
        let loc = self.loc(self.pos, self.pos + 1);
        self.pos += 1;
        self.skip_spaces();
        if self.peek() != close {
            loop {
                entry(self)?;
                self.skip_spaces();
                match self.peek() {
                    b',' => {
                        self.pos += 1;
                        self.skip_spaces();
                        if self.peek() == close {
                            return None;
                        }
                    }
                    b if b == close => break,
                    _ => return None,
                }
            }
        }
        self.pos += 1;
        Some(loc)
    }

    fn flow_seq(&mut self, depth: usize) -> Option<Item<'a>> {
        let mut items = Vec::new();
        let loc = self.flow(b']', depth, |s| {
            items.push(s.inline(depth + 1)?);
            Some(())
        })?;
        Some(Item {
            loc,
            value: Value::Seq(items),
        })
    }

    fn flow_map(&mut self, depth: usize) -> Option<Item<'a>> {
        let mut entries: Vec<(Item<'a>, Item<'a>)> = Vec::new();
        let loc = self.flow(b'}', depth, |s| {
            let key = s.key(depth + 1)?;
            let Value::Plain(name) = key.value else {
                return None;
            };
            if s.at(s.pos + 1) != b' ' || has_key(&entries, name) {
                return None;
            }
            s.pos += 1;
            s.skip_spaces();
            if matches!(s.peek(), b',' | b'}' | b'\n') {
                return None;
            }
            entries.push((key, s.inline(depth + 1)?));
            Some(())
        })?;
        Some(Item {
            loc,
            value: Value::Map(entries),
        })
    }

    /// A plain scalar on one line: in a block, the rest of the line up to a comment; in a flow
    /// collection, up to `,`, `]` or `}`.
    fn plain(&mut self, flow: bool, depth: usize) -> Option<Item<'a>> {
        self.count(depth)?;
        let start = self.pos;
        let first = self.peek();
        let ends = |b: u8| b == b'\n' || (flow && matches!(b, b',' | b']' | b'}'));
        if b"?:,[]{}#&*!|>'\"%@`\n".contains(&first)
            || (first == b'-' && (self.at(start + 1) == b' ' || ends(self.at(start + 1))))
        {
            return None;
        }
        let mut end = start;
        loop {
            match self.peek() {
                b if ends(b) => break,
                b'#' if self.at(self.pos - 1) == b' ' => {
                    if flow {
                        return None;
                    }
                    break;
                }
                // `a: b` in a value is an error; in a flow collection, `a:b` is left out.
                b':' if flow || matches!(self.at(self.pos + 1), b' ' | b'\n') => return None,
                b'[' | b'{' if flow => return None,
                b' ' => {}
                _ => end = self.pos + 1,
            }
            self.pos += 1;
        }
        self.pos = end;
        Some(Item {
            loc: self.loc(start, end),
            value: Value::Plain(&self.text[start..end]),
        })
    }

    fn quoted(&mut self, depth: usize) -> Option<Item<'a>> {
        self.count(depth)?;
        let start = self.pos;
        let quote = self.peek();
        self.pos += 1;
        let mut owned: Option<String> = None;
        let mut run = self.pos;
        loop {
            let b = self.peek();
            if b == b'\n' {
                return None;
            }
            if b == quote {
                if quote == b'\'' && self.at(self.pos + 1) == b'\'' {
                    owned
                        .get_or_insert_with(String::new)
                        .push_str(&self.text[run..=self.pos]);
                    self.pos += 2;
                    run = self.pos;
                    continue;
                }
                break;
            }
            if quote == b'"' && b == b'\\' {
                let escaped = match self.at(self.pos + 1) {
                    b'"' => '"',
                    b'\\' => '\\',
                    b'/' => '/',
                    b'n' => '\n',
                    b't' => '\t',
                    _ => return None,
                };
                let text = owned.get_or_insert_with(String::new);
                text.push_str(&self.text[run..self.pos]);
                text.push(escaped);
                self.pos += 2;
                run = self.pos;
                continue;
            }
            self.pos += 1;
        }
        let content = match owned {
            Some(mut text) => {
                text.push_str(&self.text[run..self.pos]);
                Cow::Owned(text)
            }
            None => Cow::Borrowed(&self.text[run..self.pos]),
        };
        self.pos += 1;
        // A quoted key (`"a": b`) is outside the subset.
        let mut p = self.pos;
        while self.at(p) == b' ' {
            p += 1;
        }
        if self.at(p) == b':' {
            return None;
        }
        Some(Item {
            loc: self.loc(start, self.pos),
            value: Value::Quoted(content),
        })
    }
}

/// A duplicate key is an error that serde-saphyr explains.
fn has_key(entries: &[(Item, Item)], name: &str) -> bool {
    entries
        .iter()
        .any(|(k, _)| matches!(k.value, Value::Plain(n) if n == name))
}

/// Words that YAML may read as something other than text, in any spelling: such keys are left
/// to serde-saphyr.
pub fn is_special_word(word: &str) -> bool {
    word.len() <= 8
        && [
            "null", "true", "false", "nan", "inf", "infinity", "y", "n", "yes", "no", "on", "off",
        ]
        .iter()
        .any(|w| w.eq_ignore_ascii_case(word))
}
