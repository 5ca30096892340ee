//! The one bounded line reader of every line-oriented input (`assess --batch`, the
//! interview): a line longer than its limit is reported, never held whole, so input without
//! line ends (`/dev/zero`, `jq -s` output, a file of CR-only line ends) can neither grow
//! memory without bound nor keep a reader spinning.

use crate::i18n::{Lang, txt};
use std::io::{self, BufRead};

/// What `read_line` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A line (possibly the last, without a line end) was appended.
    Read,
    /// The input ended before any byte of a line.
    End,
    /// The line is longer than the limit: nothing was appended, and the rest of it is left
    /// unread (the caller stops there, or skips it with `skip_line`).
    TooLong,
}

/// Appends the next line of `input` to `buf`, without its line end (`\n` or `\r\n`), reading
/// at most `max + 2` bytes of it.
pub fn read_line(input: &mut impl BufRead, buf: &mut Vec<u8>, max: usize) -> io::Result<Line> {
    let start = buf.len();
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            if buf.len() == start {
                return Ok(Line::End);
            }
            strip_cr(buf, start);
            if buf.len() - start > max {
                buf.truncate(start);
                return Ok(Line::TooLong);
            }
            return Ok(Line::Read);
        }
        // Up to `max` bytes, a `\r` before the `\n`, and one byte more to know it is too long.
        let raw = max + 1;
        let room = raw + 1 - (buf.len() - start);
        let seen = &available[..available.len().min(room)];
        if let Some(at) = memchr::memchr(b'\n', seen) {
            buf.extend_from_slice(&available[..at]);
            input.consume(at + 1);
            strip_cr(buf, start);
            if buf.len() - start > max {
                buf.truncate(start);
                return Ok(Line::TooLong);
            }
            return Ok(Line::Read);
        }
        let take = seen.len();
        buf.extend_from_slice(&available[..take]);
        input.consume(take);
        if buf.len() - start > raw {
            buf.truncate(start);
            return Ok(Line::TooLong);
        }
    }
}

/// What `skip_line` found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skipped {
    /// The line end: the next line starts after it.
    LineEnd,
    /// The input ended, or `max` bytes went by without a line end.
    NoLineEnd,
}

/// Reads and drops the rest of a line, up to and including its `\n`, holding none of it: at
/// most `max` bytes, so that endless input without line ends (`/dev/zero`) still stops.
pub fn skip_line(input: &mut impl BufRead, max: usize) -> io::Result<Skipped> {
    let mut skipped = 0;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(Skipped::NoLineEnd);
        }
        if let Some(at) = memchr::memchr(b'\n', available) {
            input.consume(at + 1);
            return Ok(Skipped::LineEnd);
        }
        let take = available.len();
        input.consume(take);
        skipped += take;
        if skipped > max {
            return Ok(Skipped::NoLineEnd);
        }
    }
}

fn strip_cr(buf: &mut Vec<u8>, start: usize) {
    if buf.len() > start && buf.last() == Some(&b'\r') {
        buf.pop();
    }
}

/// Why bytes are not text `triage` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotText {
    /// UTF-16 (a byte-order mark of its own, or the zero bytes between ASCII letters): what
    /// some Windows tools save by default.
    Utf16,
    /// Not UTF-8: the offset of the first bad byte.
    NotUtf8(usize),
}

impl NotText {
    /// What is wrong and what to do, after "`file` is " or "the input is ".
    pub fn describe(self) -> String {
        self.describe_in(Lang::ENGLISH)
    }

    /// `describe` in `lang`, after its `file-not-text` message's "`file` is ".
    pub fn describe_in(self, lang: Lang) -> String {
        match self {
            NotText::Utf16 => lang.text("not-text-utf16"),
            NotText::NotUtf8(at) => {
                lang.text_with("not-text-utf8", &[("offset", txt(&at.to_string()))])
            }
        }
    }
}

/// Whether bytes look like UTF-16: its byte-order mark, or a zero byte (never in UTF-8 text
/// worth reading, and every other byte of UTF-16 English).
pub fn looks_utf16(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") || bytes.contains(&0)
}

/// Bytes as UTF-8 text, or why they are not.
pub fn text(bytes: Vec<u8>) -> Result<String, NotText> {
    if looks_utf16(&bytes[..bytes.len().min(4096)]) {
        return Err(NotText::Utf16);
    }
    String::from_utf8(bytes).map_err(|e| NotText::NotUtf8(e.utf8_error().valid_up_to()))
}

/// A limit in words: "1 MiB", "4 KiB", "100 bytes".
pub fn size_text(bytes: usize) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize, capacity: usize) -> Vec<Result<String, Line>> {
        let mut reader = io::BufReader::with_capacity(capacity, input);
        let mut out = Vec::new();
        loop {
            let mut buf = Vec::new();
            match read_line(&mut reader, &mut buf, max).unwrap() {
                Line::Read => out.push(Ok(String::from_utf8(buf).unwrap())),
                Line::End => return out,
                Line::TooLong => {
                    out.push(Err(Line::TooLong));
                    return out;
                }
            }
        }
    }

    #[test]
    fn lines_end_with_lf_or_crlf_and_the_last_may_have_no_end() {
        for capacity in [1, 2, 3, 64] {
            assert_eq!(
                lines(b"ab\r\n\ncd\nef", 4, capacity),
                vec![
                    Ok("ab".into()),
                    Ok("".into()),
                    Ok("cd".into()),
                    Ok("ef".into())
                ],
                "capacity {capacity}"
            );
        }
    }

    #[test]
    fn a_line_at_the_limit_is_read_and_one_byte_more_is_too_long() {
        for capacity in [1, 2, 5, 64] {
            assert_eq!(
                lines(b"abcd\nabcd\r\nabcde\nx\n", 4, capacity),
                vec![Ok("abcd".into()), Ok("abcd".into()), Err(Line::TooLong)],
                "capacity {capacity}"
            );
            assert_eq!(lines(b"abcde", 4, capacity), vec![Err(Line::TooLong)]);
        }
    }

    #[test]
    fn lines_appended_to_one_buffer_keep_what_came_before() {
        let mut reader = io::BufReader::new(&b"a\r\r\n\nb"[..]);
        let mut buf = Vec::new();
        for expected in [&b"a\r"[..], b"a\r", b"a\rb"] {
            assert_eq!(read_line(&mut reader, &mut buf, 10).unwrap(), Line::Read);
            assert_eq!(buf, expected);
        }
        assert_eq!(read_line(&mut reader, &mut buf, 10).unwrap(), Line::End);
    }

    #[test]
    fn the_rest_of_a_long_line_is_skipped_to_its_end_or_to_the_limit() {
        for capacity in [1, 3, 64] {
            let mut reader = io::BufReader::with_capacity(capacity, &b"abcdefgh\nnext\n"[..]);
            let mut buf = Vec::new();
            assert_eq!(read_line(&mut reader, &mut buf, 4).unwrap(), Line::TooLong);
            assert_eq!(skip_line(&mut reader, 100).unwrap(), Skipped::LineEnd);
            assert_eq!(read_line(&mut reader, &mut buf, 4).unwrap(), Line::Read);
            assert_eq!(buf, b"next", "capacity {capacity}");
        }
        let mut zeros = io::BufReader::new(io::repeat(0));
        assert_eq!(skip_line(&mut zeros, 1000).unwrap(), Skipped::NoLineEnd);
        let mut rest = io::BufReader::new(&b"no end"[..]);
        assert_eq!(skip_line(&mut rest, 1000).unwrap(), Skipped::NoLineEnd);
    }

    #[test]
    fn endless_input_without_a_line_end_stops_at_the_limit() {
        let mut zeros = io::BufReader::new(io::repeat(0));
        let mut buf = Vec::new();
        assert_eq!(
            read_line(&mut zeros, &mut buf, 1000).unwrap(),
            Line::TooLong
        );
        assert!(buf.is_empty());
    }
}
