//! Terminal colour: on only when asked for, or when writing to a terminal without NO_COLOR.
//! The escape codes come from the `colored` crate; this module only decides when.

use colored::{ColoredString, Colorize};
use std::io::IsTerminal;

/// When to colour output, as chosen by `--color`.
// build.rs compiles this module too, without clap (src/kb/mod.rs says why).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(embedded_rules, derive(clap::ValueEnum))]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Wraps text in ANSI escape codes when colour is enabled, and returns it unchanged otherwise.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style {
    enabled: bool,
}

impl Style {
    pub const PLAIN: Style = Style { enabled: false };

    /// The style for a stream, honouring `--color` and the NO_COLOR convention.
    pub fn for_stream(choice: ColorChoice, is_terminal: bool) -> Style {
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |term| term != "dumb")
            }
        };
        Style { enabled }
    }

    pub fn stdout(choice: ColorChoice) -> Style {
        Style::for_stream(choice, std::io::stdout().is_terminal())
    }

    pub fn stderr(choice: ColorChoice) -> Style {
        Style::for_stream(choice, std::io::stderr().is_terminal())
    }

    pub fn is_enabled(self) -> bool {
        self.enabled
    }

    /// Applies a `colored` style when colour is enabled. Whether to colour is decided here,
    /// per stream (`--color`, NO_COLOR, a terminal or not), so `colored`'s own guess, which
    /// looks only at standard output, is overridden once colour is on.
    fn paint(self, text: &str, style: impl FnOnce(ColoredString) -> ColoredString) -> String {
        if self.enabled {
            colored::control::set_override(true);
            style(text.normal()).to_string()
        } else {
            text.to_string()
        }
    }

    pub fn bold(self, text: &str) -> String {
        self.paint(text, |t| t.bold())
    }

    pub fn dim(self, text: &str) -> String {
        self.paint(text, |t| t.dimmed())
    }

    pub fn error(self, text: &str) -> String {
        self.paint(text, |t| t.bold().red())
    }

    pub fn warning(self, text: &str) -> String {
        self.paint(text, |t| t.bold().yellow())
    }

    pub fn good(self, text: &str) -> String {
        self.paint(text, |t| t.bold().green())
    }

    pub fn info(self, text: &str) -> String {
        self.paint(text, |t| t.bold().cyan())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_is_the_ansi_codes_it_always_was_and_nothing_when_off() {
        let on = Style { enabled: true };
        assert_eq!(on.bold("x"), "\x1b[1mx\x1b[0m");
        assert_eq!(on.dim("x"), "\x1b[2mx\x1b[0m");
        assert_eq!(on.error("x"), "\x1b[1;31mx\x1b[0m");
        assert_eq!(on.warning("x"), "\x1b[1;33mx\x1b[0m");
        assert_eq!(on.good("x"), "\x1b[1;32mx\x1b[0m");
        assert_eq!(on.info("x"), "\x1b[1;36mx\x1b[0m");
        assert_eq!(Style::PLAIN.error("x"), "x");
    }
}
