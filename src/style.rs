//! Terminal colour: on only when asked for, or when writing to a terminal without NO_COLOR.

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

    fn paint(self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(self, text: &str) -> String {
        self.paint("1", text)
    }

    pub fn dim(self, text: &str) -> String {
        self.paint("2", text)
    }

    pub fn error(self, text: &str) -> String {
        self.paint("1;31", text)
    }

    pub fn warning(self, text: &str) -> String {
        self.paint("1;33", text)
    }

    pub fn good(self, text: &str) -> String {
        self.paint("1;32", text)
    }

    pub fn info(self, text: &str) -> String {
        self.paint("1;36", text)
    }
}
