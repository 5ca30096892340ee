//! Text for people, wrapped at word boundaries to the width of the terminal it goes to (80
//! columns when it goes elsewhere, or the width is unknown). A word longer than a line is
//! left whole rather than broken.

/// The width used when the output is not a terminal, or its width is unknown.
pub const DEFAULT_WIDTH: usize = 80;

/// The width of standard output, if it is a terminal.
pub fn stdout_width() -> usize {
    width_of(terminal_size::terminal_size_of(std::io::stdout()))
}

/// The width of standard error, if it is a terminal.
pub fn stderr_width() -> usize {
    width_of(terminal_size::terminal_size_of(std::io::stderr()))
}

fn width_of(size: Option<(terminal_size::Width, terminal_size::Height)>) -> usize {
    match size {
        // A width too narrow to read is a terminal that misreports its size.
        Some((terminal_size::Width(w), _)) if w >= 20 => usize::from(w),
        _ => DEFAULT_WIDTH,
    }
}

/// `text` wrapped to `width` columns: the first line starts with `first`, the others with
/// `rest`. Line breaks in `text` are kept. No final newline.
pub fn fill(text: &str, width: usize, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(width.max(20))
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(false);
    textwrap::fill(text.trim(), options)
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
