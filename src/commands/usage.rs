//! clap's usage errors (an unknown flag, a missing or invalid value) for a person's command,
//! `ask` or `assess`, in the person's language. clap writes its messages in English only; the
//! pieces it reports (`Error::kind`, `Error::get`) are said again here, laid out as clap lays
//! them out, through locales/*/triage.ftl. An error with anything this does not say whole is
//! left to clap, in English, rather than said in part. (A count clap parses itself, like
//! `--max-questions x`, is given a whole number's reason in place of Rust's words, "invalid
//! digit found in string".)

use crate::cli::NotWhole;
use crate::i18n::{Lang, txt};
use crate::style::Style;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsString;

/// clap's error said in the language of the command it refused, if that is a person's
/// command in a language other than English (English is clap's own message).
pub fn said(error: &clap::Error, args: &[OsString], style: Style) -> Option<String> {
    let lang = lang_of(args, |name| std::env::var(name).ok())?;
    if lang.is_english() {
        return None;
    }
    say(error, lang, style)
}

/// The language of a person's command from arguments clap could not parse, as far as they
/// tell it (see `i18n::choose` and `assess::lang`): `--lang` if it names a language triage
/// has, else the locale; for `assess --format json|fhir` or `--batch`, English. None for
/// another command.
fn lang_of(args: &[OsString], var: impl Fn(&str) -> Option<String>) -> Option<Lang> {
    let read = Read::from(args)?;
    match read.flag {
        None if read.for_programs && read.command == "assess" => Some(Lang::ENGLISH),
        flag => crate::i18n::choose(flag.as_deref(), var).ok(),
    }
}

/// What the arguments of a person's command (`ask`, `assess`) tell before clap has parsed
/// them: which command, the `--lang` it names (if triage has that language), whether its
/// report is for programs, and the first `-h` or `--help`.
pub(crate) struct Read {
    /// `ask` or `assess`.
    pub command: &'static str,
    pub flag: Option<String>,
    pub for_programs: bool,
    /// `Some(true)` for `--help` (clap's long help), `Some(false)` for `-h`.
    pub help: Option<bool>,
}

impl Read {
    /// None for another command.
    pub fn from(args: &[OsString]) -> Option<Read> {
        let args: Vec<String> = args
            .iter()
            .skip(1)
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        // The command: the first argument that is neither an option nor the value of a global
        // one.
        let mut at = 0;
        let command = loop {
            match args.get(at)?.as_str() {
                "--rules" | "--color" => at += 2,
                option if option.starts_with('-') => at += 1,
                command => break command,
            }
        };
        let command = match command {
            "ask" => "ask",
            "assess" => "assess",
            _ => return None,
        };
        let (mut flag, mut for_programs, mut help) = (None, false, None);
        let mut rest = args[at + 1..].iter();
        while let Some(arg) = rest.next() {
            let (name, value) = match arg.split_once('=') {
                Some((name, value)) => (name, Some(value)),
                None => (arg.as_str(), None),
            };
            let mut value = || value.map(str::to_string).or_else(|| rest.next().cloned());
            match name {
                "--" => break,
                "--lang" => flag = value(),
                "--format" => for_programs |= matches!(value().as_deref(), Some("json" | "fhir")),
                "--batch" => for_programs = true,
                "--help" => help = help.or(Some(true)),
                "-h" => help = help.or(Some(false)),
                _ => {}
            }
        }
        let flag = flag.filter(|code| crate::i18n::from_locale(code).is_some());
        Some(Read {
            command,
            flag,
            for_programs,
            help,
        })
    }
}

/// clap's error in `lang`, laid out as clap lays it out; None for an error with a part this
/// does not say.
fn say(error: &clap::Error, lang: Lang, style: Style) -> Option<String> {
    use ContextKind as Kind;
    let said = [
        Kind::InvalidArg,
        Kind::InvalidValue,
        Kind::ValidValue,
        Kind::PriorArg,
        Kind::SuggestedArg,
        Kind::Usage,
    ];
    if error.context().any(|(kind, _)| !said.contains(&kind)) {
        return None;
    }
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text.as_str()),
        _ => None,
    };
    let arg = || string(Kind::InvalidArg).map(|arg| ("arg", txt(arg)));
    let lead = match error.kind() {
        ErrorKind::UnknownArgument => lang.text_with("usage-unknown", &[arg()?]),
        ErrorKind::InvalidValue => match string(Kind::InvalidValue)? {
            "" => lang.text_with("usage-missing-value", &[arg()?]),
            value => lang.text_with("usage-invalid-value", &[arg()?, ("value", txt(value))]),
        },
        ErrorKind::ValueValidation => {
            let source = std::error::Error::source(error)?;
            let reason = match source.downcast_ref::<NotWhole>() {
                Some(reason) => *reason,
                None => not_whole(source.downcast_ref::<std::num::ParseIntError>()?)?,
            };
            let reason = ("reason", txt(&lang.text(reason.message())));
            let value = ("value", txt(string(Kind::InvalidValue)?));
            lang.text_with("usage-not-valid", &[arg()?, value, reason])
        }
        ErrorKind::MissingRequiredArgument => {
            let Some(ContextValue::Strings(missing)) = error.get(Kind::InvalidArg) else {
                return None;
            };
            let mut lead = lang.text("usage-required");
            for arg in missing {
                lead.push_str(&format!("\n  {arg}"));
            }
            lead
        }
        ErrorKind::ArgumentConflict => {
            let (arg, other) = (string(Kind::InvalidArg)?, string(Kind::PriorArg)?);
            if arg == other {
                return None;
            }
            let args = [("arg", txt(arg)), ("other", txt(other))];
            lang.text_with("usage-conflict", &args)
        }
        _ => return None,
    };
    let mut out = lead;
    if let Some(ContextValue::Strings(values)) = error.get(Kind::ValidValue)
        && !values.is_empty()
    {
        let values = [("values", txt(&values.join(", ")))];
        out.push_str(&format!(
            "\n  {}",
            lang.text_with("usage-possible-values", &values)
        ));
    }
    match error.get(Kind::SuggestedArg) {
        Some(ContextValue::String(similar)) => {
            let similar = [("arg", txt(similar))];
            out.push_str(&format!(
                "\n\n  {}",
                lang.text_with("usage-similar", &similar)
            ));
        }
        Some(_) => return None,
        None => {}
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(Kind::Usage) {
        let usage = usage.to_string();
        let usage = usage.strip_prefix("Usage: ")?;
        out.push_str(&format!(
            "\n\n{}",
            lang.text_with("usage-usage", &[("usage", txt(usage))])
        ));
    }
    out.push_str(&format!("\n\n{}\n", lang.text("usage-more")));
    // The arguments are repeated as given: a character a terminal would act on, escaped (the
    // label's colour is not).
    let label = style.error(&lang.text("error"));
    Some(format!(
        "{label}: {}",
        crate::diagnostic::escape_controls(&out)
    ))
}

/// Why a count clap parses itself (`--max-questions x`) is not one, as a whole number's reason.
fn not_whole(error: &std::num::ParseIntError) -> Option<NotWhole> {
    use std::num::IntErrorKind;
    match error.kind() {
        IntErrorKind::Empty | IntErrorKind::InvalidDigit => Some(NotWhole::NotANumber),
        IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => Some(NotWhole::TooLarge),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(line: &str) -> Vec<OsString> {
        line.split(' ').map(OsString::from).collect()
    }

    fn refused(line: &str) -> clap::Error {
        crate::cli::Cli::try_parse_from(args(line)).unwrap_err()
    }

    /// Said in English, the messages are clap's own, byte for byte: the layout is clap's.
    #[test]
    fn in_english_the_messages_are_claps() {
        for line in [
            "triage assess --bogus",
            "triage assess --formt json",
            "triage ask --lang",
            "triage assess --format xml",
            "triage assess --age 1.5",
            "triage assess --age x",
            "triage assess --age 99999999999999999999",
            "triage ask --resume",
            "triage assess --batch - --yes fever",
            "triage assess extra",
        ] {
            let error = refused(line);
            assert_eq!(
                say(&error, Lang::ENGLISH, Style::PLAIN).as_deref(),
                Some(error.render().to_string().as_str()),
                "{line}"
            );
        }
    }

    #[test]
    fn what_it_does_not_say_whole_is_left_to_clap() {
        // A flag given twice.
        assert_eq!(
            say(
                &refused("triage ask --resume --resume --save a"),
                Lang::ENGLISH,
                Style::PLAIN
            ),
            None
        );
    }

    #[test]
    fn the_language_is_the_commands_as_far_as_its_arguments_tell() {
        let code = |line: &str, vars: &[(&str, &str)]| {
            lang_of(&args(line), |name| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.to_string())
            })
            .map(Lang::code)
        };
        let es = [("LANG", "es_ES.UTF-8")];
        assert_eq!(code("triage ask --bogus --lang es", &[]), Some("es"));
        assert_eq!(
            code("triage --color never assess --lang=es --x", &[]),
            Some("es")
        );
        assert_eq!(code("triage --rules r ask --bogus", &es), Some("es"));
        assert_eq!(code("triage ask --bogus --lang en", &es), Some("en"));
        // A `--lang` that is itself the mistake leaves the locale to decide.
        assert_eq!(code("triage ask --lang", &es), Some("es"));
        assert_eq!(code("triage ask --lang xx --bogus", &es), Some("es"));
        // What a program reads follows `--lang` alone.
        assert_eq!(code("triage assess --format json --x", &es), Some("en"));
        assert_eq!(code("triage assess --batch=- --x", &es), Some("en"));
        assert_eq!(
            code("triage assess --format json --lang es --x", &es),
            Some("es")
        );
        // Not a person's command.
        assert_eq!(code("triage check --bogus", &es), None);
        assert_eq!(code("triage --bogus", &es), None);
    }

    #[test]
    fn a_whole_numbers_reasons_are_its_messages_in_english() {
        for reason in [NotWhole::TooLarge, NotWhole::Fraction, NotWhole::NotANumber] {
            assert_eq!(Lang::ENGLISH.text(reason.message()), reason.to_string());
        }
    }
}
