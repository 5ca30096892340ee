//! Text for people, wrapped at word boundaries to the width the environment variable `COLUMNS`
//! gives, else to the width of the terminal it goes to (80 columns when it goes elsewhere, or
//! the width is unknown), however narrow. A word longer than a line is left whole rather than
//! broken.

/// The width used when the output is not a terminal, or its width is unknown.
pub const DEFAULT_WIDTH: usize = 80;

/// The width for standard output: `COLUMNS`, else the terminal's.
pub fn stdout_width() -> usize {
    width_of(
        std::env::var("COLUMNS").ok().as_deref(),
        terminal_size::terminal_size_of(std::io::stdout()),
    )
}

/// The width for standard error: `COLUMNS`, else the terminal's.
pub fn stderr_width() -> usize {
    width_of(
        std::env::var("COLUMNS").ok().as_deref(),
        terminal_size::terminal_size_of(std::io::stderr()),
    )
}

/// `COLUMNS` if it is a whole number of columns (as `--help` and `ls` read it), else the
/// terminal's width, else 80. A width of 0 is a terminal that does not know its size.
fn width_of(
    columns: Option<&str>,
    size: Option<(terminal_size::Width, terminal_size::Height)>,
) -> usize {
    if let Some(columns) = columns.and_then(|c| c.trim().parse::<usize>().ok())
        && columns > 0
    {
        return columns;
    }
    match size {
        Some((terminal_size::Width(w), _)) if w > 0 => usize::from(w),
        _ => DEFAULT_WIDTH,
    }
}

/// `text` wrapped to `width` columns: the first line starts with `first`, the others with
/// `rest`. Line breaks in `text` are kept. No final newline.
pub fn fill(text: &str, width: usize, first: &str, rest: &str) -> String {
    let text = text.trim();
    // A text of one line that fits is that line: textwrap's own shortcut, which it takes only
    // without an indent, and which spares its optimal fit (most of a report's list items). A
    // text's bytes are never fewer than its columns, so this never keeps a line too long.
    if !text.is_empty() && first.len() + text.len() <= width && !text.contains('\n') {
        return [first, text].concat();
    }
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false);
    textwrap::fill(text, options)
}

/// Each line of `text` wrapped to `width`, keeping its indent; a numbered item (`  2. ...`)
/// or a bullet (`  - ...`) hangs under its own text.
pub fn wrap_lines(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| {
            let body = line.trim_start();
            if body.is_empty() {
                return String::new();
            }
            let indent = &line[..line.len() - body.len()];
            let marker = match body.split_once(' ') {
                Some(("-", _)) => 2,
                Some((m, _))
                    if m.len() > 1
                        && m.ends_with('.')
                        && m[..m.len() - 1].chars().all(|c| c.is_ascii_digit()) =>
                {
                    m.len() + 1
                }
                _ => 0,
            };
            let hang = format!("{indent}{}", " ".repeat(marker));
            fill(body, width, indent, &hang)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A prompt wrapped to `width` with room left on its last line for the answer typed after it
/// (else the answer would wrap to the next line as it is typed).
pub fn wrap_prompt(text: &str, width: usize) -> String {
    let wrapped = wrap_lines(text, width);
    let (head, last) = match wrapped.rsplit_once('\n') {
        Some((head, last)) => (Some(head), last),
        None => (None, wrapped.as_str()),
    };
    if textwrap::core::display_width(last) + ANSWER_ROOM < width || width <= 2 * ANSWER_ROOM {
        return wrapped;
    }
    let last = wrap_lines(last, width - ANSWER_ROOM);
    match head {
        Some(head) => format!("{head}\n{last}"),
        None => last,
    }
}

/// The columns a prompt's last line leaves for the answer: enough for `3 weeks` or `1,3,?`.
const ANSWER_ROOM: usize = 10;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_wins_and_a_narrow_terminal_gets_its_own_width() {
        use terminal_size::{Height, Width};
        let terminal = |w| Some((Width(w), Height(24)));
        assert_eq!(width_of(Some("40"), terminal(120)), 40);
        assert_eq!(width_of(Some("12"), None), 12);
        assert_eq!(width_of(None, terminal(15)), 15);
        assert_eq!(width_of(None, terminal(0)), DEFAULT_WIDTH);
        assert_eq!(width_of(Some("wide"), None), DEFAULT_WIDTH);
        assert_eq!(width_of(Some("0"), terminal(60)), 60);
        assert_eq!(fill("one two three", 5, "", ""), "one\ntwo\nthree");
    }

    #[test]
    fn a_line_that_fits_is_what_textwrap_makes_of_it() {
        let words = [
            "a",
            "word",
            "two  spaces",
            "ünï",
            "数字",
            "x\ty",
            "long-hyphenated",
        ];
        let mut text = String::new();
        for i in 0..200 {
            text.push_str(words[(i * 7 + i / 3) % words.len()]);
            text.push(' ');
            for width in 1..=90 {
                for (first, rest) in [("", ""), ("  - ", "    "), ("  12. ", "      ")] {
                    let options = textwrap::Options::new(width)
                        .initial_indent(first)
                        .subsequent_indent(rest)
                        .break_words(false);
                    let slow = textwrap::fill(text.trim(), options);
                    assert_eq!(fill(&text, width, first, rest), slow, "{text:?} at {width}");
                }
            }
            if text.len() > 120 {
                text.clear();
            }
        }
    }

    #[test]
    fn a_prompt_leaves_room_for_the_answer_on_its_last_line() {
        let question = "Do you have pain in your back now? [y/n/?]";
        assert_eq!(wrap_prompt(question, 80), question);
        // 42 columns: the last line would leave no room.
        assert_eq!(
            wrap_prompt(question, 44),
            "Do you have pain in your back\nnow? [y/n/?]"
        );
        // A list keeps its lines; only the last one (the prompt) is looked at.
        assert_eq!(wrap_prompt("Pick:\n  1. one\n>", 30), "Pick:\n  1. one\n>");
    }

    #[test]
    fn wraps_at_word_boundaries_with_a_hanging_indent_and_never_breaks_a_word() {
        let text = "Do not drive yourself and do not wait to see if it passes.";
        assert_eq!(
            fill(text, 24, "  - ", "    "),
            "  - Do not drive\n    yourself and do not\n    wait to see if it\n    passes."
        );
        assert_eq!(
            wrap_lines("Pick:\n  12. one two three four five six", 20),
            "Pick:\n  12. one two three\n      four five six"
        );
        let long = "a".repeat(30);
        assert_eq!(fill(&long, 20, "", ""), long);
    }

    #[test]
    fn only_a_bullet_or_a_number_and_a_dot_makes_a_line_hang() {
        // A bullet hangs two columns in, under its text.
        assert_eq!(
            wrap_lines("  - one two three four", 12),
            "  - one two\n    three\n    four"
        );
        // A lone dot is no number; a number without its dot is a word like any other.
        assert_eq!(wrap_lines(". one two three", 8), ". one\ntwo\nthree");
        assert_eq!(wrap_lines("12 one two three", 8), "12 one\ntwo\nthree");
    }

    #[test]
    fn a_prompt_on_a_narrow_terminal_is_only_wrapped_to_its_width() {
        // 20 columns or fewer: no room can be spared for the answer, the prompt keeps the
        // width it has.
        assert_eq!(
            wrap_prompt("aaaa bbbb cccc dddd", 20),
            "aaaa bbbb cccc dddd"
        );
        assert_eq!(
            wrap_prompt("Is it numb? [y/n/?]", 5),
            "Is it\nnumb?\n[y/n/?]"
        );
        // From 21 columns, the last line leaves 10 for the answer.
        assert_eq!(
            wrap_prompt("aaaa bbbb cccc dddd", 21),
            "aaaa bbbb\ncccc dddd"
        );
    }
}
