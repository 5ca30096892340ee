//! `--help` and `-h` of a person's command, `ask` or `assess`, in the person's language. clap
//! writes help in English only: here the command's about, each flag's help, its possible values'
//! help and the headings are said again through locales/*/triage.ftl (the `cli-*` messages),
//! and clap lays them out as it lays out its own. Flags, value names and the synopsis stay as
//! clap writes them. A help with a part this has no message for is left to clap, in English,
//! rather than said in part. `triage help ask` is `ask --help`; `triage --help` and the
//! clinicians' commands' help stay English.

use super::usage::Read;
use crate::cli::Cli;
use crate::i18n::Lang;
use clap::builder::{PossibleValue, PossibleValuesParser, StyledStr, Styles};
use clap::{Arg, CommandFactory};
use std::ffi::OsString;

/// The help clap shows for `args` (a `DisplayHelp` error), in the language of the person's
/// command; None for English (clap's own help), another command, or a help this does not say
/// whole.
pub fn said(error: &clap::Error, args: &[OsString]) -> Option<StyledStr> {
    if error.kind() != clap::error::ErrorKind::DisplayHelp {
        return None;
    }
    let (command, long, flag) = match Read::from(args) {
        Some(read) => (read.command, read.help?, read.flag),
        None => (help_command(args)?, true, None),
    };
    // Help is read by a person, whatever format the report would be in.
    let lang = crate::i18n::choose(flag.as_deref(), |name| std::env::var(name).ok()).ok()?;
    if lang.is_english() {
        return None;
    }
    help(command, long, lang)
}

/// The person's command that `triage help ask` names (clap's `help` command, which shows the
/// command's `--help`): `ask` or `assess`.
fn help_command(args: &[OsString]) -> Option<&'static str> {
    let words: Vec<String> = args
        .iter()
        .skip(1)
        .map(|arg| arg.to_string_lossy().into_owned())
        .collect();
    let mut at = 0;
    while let Some(word) = words.get(at) {
        match word.as_str() {
            "--rules" | "--color" => at += 2,
            option if option.starts_with('-') => at += 1,
            _ => break,
        }
    }
    match words.get(at..)? {
        [help, command] if help == "help" => match command.as_str() {
            "ask" => Some("ask"),
            "assess" => Some("assess"),
            _ => None,
        },
        _ => None,
    }
}

/// The help of `command` (`ask` or `assess`) in `lang`: `long` for `--help`, else `-h`'s.
pub fn help(command: &str, long: bool, lang: Lang) -> Option<StyledStr> {
    help_at(command, long, lang, None)
}

/// `help` for a terminal `width` columns wide (None: standard output's, as clap reads it).
fn help_at(command: &str, long: bool, lang: Lang, width: Option<usize>) -> Option<StyledStr> {
    let mut cli = Cli::command();
    cli.build();
    let built = cli.find_subcommand_mut(command)?;
    let styles = built.get_styles().clone();
    let mut cmd = built.clone();
    if let Some(width) = width {
        cmd = cmd.term_width(width);
    }
    let about = lang.optional(&format!("cli-{command}"))?;
    if cmd.get_long_about().is_some() {
        return None;
    }
    let usage = styles.get_usage();
    cmd = cmd.about(about).help_template(format!(
        "{{before-help}}{{about-with-newline}}\n{usage}{}{usage:#} {{usage}}\n\n{{all-args}}{{after-help}}",
        lang.optional("cli-usage")?
    ));
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|arg| arg.get_id().to_string())
        .collect();
    for id in ids {
        let arg = cmd
            .get_arguments()
            .find(|arg| arg.get_id() == id.as_str())?;
        let arg = said_arg(command, arg.clone(), long, lang, &styles)?;
        cmd = cmd.mut_arg(id, |_| arg);
    }
    let text = if long {
        cmd.render_long_help()
    } else {
        cmd.render_help()
    };
    // What clap writes itself around the messages, said in `lang`: the `Options` heading, and
    // in `--help` a list of values' heading and the default after the list (the other defaults
    // and possible values are said with their flag's help, in `said_arg`; these are here should
    // clap show one all the same).
    let (header, context) = (styles.get_header(), styles.get_context());
    let mut text = text.ansi().to_string();
    let mut left = Vec::new();
    // Each with what is left of it if clap broke it over two lines (`[default:` and `text]`).
    for (word, english, trace, message) in [
        (
            "Options",
            format!("{header}Options:{header:#}\n"),
            "Options:",
            "cli-options",
        ),
        (
            "Possible values",
            "Possible values:\n".to_string(),
            "Possible values:",
            "cli-possible-values-heading",
        ),
        (
            "default",
            format!("{context}[default: {context:#}"),
            "[default:",
            "cli-default",
        ),
        (
            "possible values",
            format!("{context}[possible values: {context:#}"),
            "[possible",
            "cli-possible-values",
        ),
    ] {
        let said = lang.optional(message)?;
        if said != word {
            text = text.replace(&english, &english.replacen(word, &said, 1));
            left.push(trace.to_string());
        }
    }
    // On a terminal narrower than about 25 columns, clap breaks the default after a list of
    // values (`[default: text]`, the only part of clap's own words it wraps) after its colon:
    // said too, though a line may then be a little wider than the terminal, as a long word is.
    let default = lang.optional("cli-default")?;
    if default != "default" {
        text = text.replace(
            &format!("{context}[default:"),
            &format!("{context}[{default}:"),
        );
    }
    let text = StyledStr::from(text);
    // Anything of clap's English left is not said in part: a help with words this does not
    // say.
    if !lang.is_english() {
        left.extend(["Arguments:", "Commands:", "[env: ", "[alias"].map(String::from));
    }
    let plain = text.to_string();
    if left.iter().any(|words| plain.contains(words.as_str())) {
        return None;
    }
    Some(text)
}

/// `arg` with its help, heading and possible values' help in `lang`; None for one with a part
/// there is no message for.
fn said_arg(command: &str, arg: Arg, long: bool, lang: Lang, styles: &Styles) -> Option<Arg> {
    let id = arg.get_id().as_str().replace('_', "-");
    let english = |text: Option<&StyledStr>| text.map(StyledStr::to_string);
    let (help, long_help) = (english(arg.get_help()), english(arg.get_long_help()));
    let (help, long_help) = if id == "help" {
        // clap's own `-h, --help`: "Print help", or with a long help "(see more with '--help')"
        // and "(see a summary with '-h')".
        let message = |text: Option<String>| -> Option<Option<String>> {
            let Some(text) = text else {
                return Some(None);
            };
            let id = match text.as_str() {
                "Print help" => "cli-help",
                "Print help (see more with '--help')" => "cli-help-more",
                "Print help (see a summary with '-h')" => "cli-help-summary",
                _ => return None,
            };
            Some(Some(lang.optional(id)?))
        };
        (message(help)?, message(long_help)?)
    } else {
        let message = lang
            .optional(&format!("cli-{command}-{id}"))
            .or_else(|| lang.optional(&format!("cli-{id}")));
        let help = match help {
            Some(_) => Some(message?),
            None => None,
        };
        if long_help.is_some() {
            return None;
        }
        (help, None)
    };
    let mut arg = arg;
    if let Some(heading) = arg.get_help_heading() {
        let heading = match heading {
            "Global options" => lang.optional("cli-global-options")?,
            _ => return None,
        };
        // (clap takes a heading's name for as long as the program runs, which the help does.)
        arg = arg.help_heading(&*heading.leak());
    }
    let values = arg.get_possible_values();
    let values_help = values.iter().any(|value| value.get_help().is_some());
    if values_help {
        let mut said = Vec::new();
        for value in values {
            let name = value.get_name().to_string();
            said.push(match value.get_help() {
                Some(_) => {
                    value.help(lang.optional(&format!("cli-{id}-{}", name.replace('_', "-")))?)
                }
                None => value,
            });
        }
        arg = arg.value_parser(PossibleValuesParser::new(said));
    }
    // clap shows an argument's default and possible values after its help: wrapped with it on
    // `-h`, each on a line of its own on `--help`. They are said here in place of clap's, so
    // that the lines are wrapped as they read; but where `--help` lists the values with their
    // help, the list is clap's (its values' help said above), and the default after it is said
    // in `help_at`.
    let listed = long && values_help;
    let mut help = help.map(StyledStr::from);
    if !listed && let Some(text) = help.as_mut() {
        let (before, between) = if long { ("\n\n", "\n") } else { (" ", " ") };
        let specs = specs(&arg, lang, styles, between)?;
        if !specs.is_empty() {
            text.push_str(before);
            text.push_str(&specs);
            arg = arg.hide_default_value(true).hide_possible_values(true);
        }
    }
    if let Some(help) = help {
        arg = arg.help(help);
    }
    if let Some(long_help) = long_help {
        arg = arg.long_help(long_help);
    }
    Some(arg)
}

/// An argument's default and possible values as clap shows them after its help
/// (`[default: text] [possible values: text, json]`), in `lang`, `between` each.
fn specs(arg: &Arg, lang: Lang, styles: &Styles, between: &str) -> Option<String> {
    let (context, value) = (styles.get_context(), styles.get_context_value());
    let quoted = |text: &str| {
        if text.is_empty() || text.contains(char::is_whitespace) {
            format!("{text:?}")
        } else {
            text.to_string()
        }
    };
    let mut specs = Vec::new();
    let defaults = arg.get_default_values();
    if arg.get_num_args().is_some_and(|n| n.takes_values())
        && !arg.is_hide_default_value_set()
        && !defaults.is_empty()
    {
        let defaults: Vec<String> = defaults
            .iter()
            .map(|value| quoted(&value.to_string_lossy()))
            .collect();
        specs.push(format!(
            "{context}[{}: {context:#}{value}{}{value:#}{context}]{context:#}",
            lang.optional("cli-default")?,
            defaults.join(" ")
        ));
    }
    let values: Vec<PossibleValue> = arg.get_possible_values();
    if !arg.is_hide_possible_values_set() && !values.is_empty() {
        let names: Vec<String> = values
            .iter()
            .filter(|pv| !pv.is_hide_set())
            .map(|pv| format!("{value}{}{value:#}", quoted(pv.get_name())))
            .collect();
        specs.push(format!(
            "{context}[{}: {context:#}{}{context}]{context:#}",
            lang.optional("cli-possible-values")?,
            names.join(&format!("{context}, {context:#}"))
        ));
    }
    Some(specs.join(between))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    /// Said in English, the help is clap's own, byte for byte: the messages are its words, and
    /// the layout is clap's.
    #[test]
    fn in_english_the_help_is_claps() {
        for command in ["ask", "assess"] {
            for (flag, long) in [("-h", false), ("--help", true)] {
                let error = Cli::try_parse_from(["triage", command, flag]).unwrap_err();
                let english = help(command, long, Lang::ENGLISH)
                    .unwrap_or_else(|| panic!("{command} {flag}: no help"));
                assert_eq!(
                    english.ansi().to_string(),
                    error.render().ansi().to_string(),
                    "{command} {flag}"
                );
            }
        }
    }

    /// And so at any width: the help's lines are wrapped as clap wraps them.
    #[test]
    fn in_english_the_help_is_claps_at_any_width() {
        for command in ["ask", "assess"] {
            for long in [false, true] {
                for width in [20, 40, 50, 60, 80, 100, 140] {
                    let mut cli = Cli::command();
                    cli.build();
                    let mut clap = cli
                        .find_subcommand_mut(command)
                        .unwrap()
                        .clone()
                        .term_width(width);
                    let clap = match long {
                        true => clap.render_long_help(),
                        false => clap.render_help(),
                    };
                    let english = help_at(command, long, Lang::ENGLISH, Some(width))
                        .unwrap_or_else(|| panic!("{command} {long} {width}: no help"));
                    assert_eq!(
                        english.ansi().to_string(),
                        clap.ansi().to_string(),
                        "{command} {long} {width}"
                    );
                }
            }
        }
    }

    /// Every language says the whole help of both commands, on a terminal of any width.
    #[test]
    fn every_language_says_the_whole_help() {
        for code in Lang::available() {
            let lang = Lang::from_code(code).unwrap();
            for command in ["ask", "assess"] {
                for long in [false, true] {
                    for width in [None, Some(10), Some(20), Some(40), Some(60), Some(140)] {
                        assert!(
                            help_at(command, long, lang, width).is_some(),
                            "{code} {command} {long} {width:?}"
                        );
                    }
                }
            }
        }
    }
}
