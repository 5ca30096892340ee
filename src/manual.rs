//! The manual page, `triage(1)`: one page for the whole tool, generated from the clap
//! definition (every command with its options and their values) plus what clap does not know:
//! the exit status, the environment and examples. One page rather than a page per command, so
//! that nothing it names is missing: `man -l triage.1` shows all of it, and `/triage ask`
//! finds a command.

use crate::cli::Cli;
use clap::{Arg, Command, CommandFactory};
use std::fmt::Write as _;

/// What the exit statuses mean (the README's table, in short).
const EXIT_STATUS: &[(&str, &str)] = &[
    (
        "0",
        "Success; also an interview that ended early by q, the end of the input or --max-questions (its report says it is not complete).",
    ),
    (
        "1",
        "An error in the input or the knowledge base (a message on standard error, nothing on standard output); or a check that found something: a failed scenario (test), a warning under --deny warnings (check), a share below --min (coverage), a change named by --fail-on (diff), an invariant that does not hold or could not be decided (verify), a line of assess --batch that failed.",
    ),
    (
        "2",
        "A usage error: an unknown command or flag, a value that is not a whole number where one is due, --rules given to a command that reads no knowledge base, --batch with a --format other than json, a --lang triage does not have.",
    ),
    (
        "3",
        "A check could not run: check could not read its knowledge base; test, coverage, diff or verify could not read or load the knowledge base, the base to compare with or the scenario files.",
    ),
    (
        "130",
        "The interview was interrupted with Ctrl-C (the report of the answers so far is printed, marked not complete).",
    ),
];

const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "TRIAGE_RULES",
        "The knowledge base folder to use when --rules is not given (set but empty is an error). Without either, triage uses the nearest rules/knowledge_base.yaml from the current folder upwards, else the copy built into the binary.",
    ),
    (
        "TRIAGE_CACHE_DIR",
        "Where to keep rules folders compiled by earlier runs (default: $XDG_CACHE_HOME/triage, else ~/.cache/triage). An entry is used only while every file of its folder is unchanged, every byte of it (each run hashes them all: XXH3, 128 bits), and only by the binary that wrote it; anything else recompiles the YAML. Deleting the folder is always safe.",
    ),
    (
        "TRIAGE_NO_CACHE",
        "When set (to anything but the empty string or 0), a rules folder is compiled from its YAML on every run and nothing is written to the cache.",
    ),
    (
        "LC_ALL, LC_MESSAGES, LANG",
        "The language of ask and assess when --lang is not given: the first of them that is set and not empty, if triage has its language (es_ES.UTF-8 is Spanish); C, POSIX or another language is English.",
    ),
    (
        "LANGUAGE",
        "A list of languages in order of preference, like es:en, read as gettext reads it: unless the locale LC_ALL, LC_MESSAGES or LANG gives is C or POSIX, the first language in it that triage has is the language of ask and assess (none of them: English). --lang overrides it.",
    ),
    (
        "NO_COLOR",
        "When set (to anything but the empty string), --color auto colours nothing.",
    ),
];

const EXAMPLES: &[(&str, &str)] = &[
    (
        "triage ask",
        "Answer the questions one at a time, then read the result.",
    ),
    (
        "triage assess --yes back_pain,radiates_to_leg --age 45 --format json",
        "Assess given answers for a script.",
    ),
    (
        "triage assess --answers answers.yaml --format summary",
        "A page to show a doctor, from an answers file.",
    ),
    (
        "some-export | triage assess --batch - > results.jsonl",
        "Assess one answers object per line, in input order.",
    ),
    (
        "triage questionnaire --format fhir > questionnaire.json",
        "The questions as a FHIR R4 Questionnaire; assess --answers reads its QuestionnaireResponse.",
    ),
    (
        "triage check --rules my-rules --deny warnings",
        "Validate an edited knowledge base, failing on warnings.",
    ),
    (
        "triage test --quiet",
        "Run the knowledge base's scenarios, showing only the failures.",
    ),
    (
        "triage diff --base ../main/rules --fail-on urgency-drop",
        "Fail if an edit lowered the urgency of any scenario or generated case.",
    ),
    (
        "triage verify --counterexamples cases/",
        "Prove the safety invariants; write any counterexample as an answers file.",
    ),
];

/// The whole page, in roff.
pub fn man() -> String {
    let cli = Cli::command();
    let version = cli.get_version().unwrap_or_default().to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        ".TH TRIAGE 1 \"\" \"triage {version}\" \"User Commands\""
    );
    section(&mut out, "NAME");
    let _ = writeln!(
        out,
        "triage \\- {}",
        escape(&first_line(&about(&cli)).to_lowercase_first())
    );
    section(&mut out, "SYNOPSIS");
    for sub in visible(&cli) {
        let _ = writeln!(out, ".PP\n{}", synopsis(sub));
    }
    section(&mut out, "DESCRIPTION");
    paragraphs(&mut out, &about(&cli));
    paragraphs(
        &mut out,
        "Plain triage on a terminal starts the interview. It is a triage aid, not a diagnosis: it cannot examine anyone and may be wrong.",
    );
    section(&mut out, "COMMANDS");
    for sub in visible(&cli) {
        let _ = writeln!(out, ".SS \"triage {}\"", sub.get_name());
        paragraphs(&mut out, &about(sub));
        for arg in sub.get_arguments().filter(|a| shown(a) && !is_global(a)) {
            option(&mut out, arg);
        }
    }
    section(&mut out, "GLOBAL OPTIONS");
    paragraphs(
        &mut out,
        "--rules goes before or after a command that reads a knowledge base, and is refused by schema, completions and man; --color goes anywhere.",
    );
    for arg in cli.get_arguments().filter(|a| shown(a)) {
        option(&mut out, arg);
    }
    for (title, items) in [("EXIT STATUS", EXIT_STATUS), ("ENVIRONMENT", ENVIRONMENT)] {
        section(&mut out, title);
        for (term, text) in items {
            let _ = writeln!(out, ".TP\n.B {}\n{}", escape(term), escape(text));
        }
    }
    section(&mut out, "EXAMPLES");
    for (command, text) in EXAMPLES {
        let _ = writeln!(
            out,
            ".PP\n{}\n.PP\n.RS 4\n.nf\n{}\n.fi\n.RE",
            escape(text),
            escape(command)
        );
    }
    out
}

fn visible(cli: &Command) -> impl Iterator<Item = &Command> {
    cli.get_subcommands().filter(|s| !s.is_hide_set())
}

fn shown(arg: &Arg) -> bool {
    !arg.is_hide_set() && !matches!(arg.get_id().as_str(), "help" | "version")
}

fn is_global(arg: &Arg) -> bool {
    matches!(arg.get_id().as_str(), "rules" | "color")
}

fn about(cmd: &Command) -> String {
    cmd.get_long_about()
        .or_else(|| cmd.get_about())
        .map(|a| a.to_string())
        .unwrap_or_default()
}

fn first_line(text: &str) -> String {
    text.split(". ")
        .next()
        .unwrap_or_default()
        .trim_end_matches('.')
        .to_string()
}

trait LowercaseFirst {
    fn to_lowercase_first(&self) -> String;
}

impl LowercaseFirst for String {
    fn to_lowercase_first(&self) -> String {
        let mut chars = self.chars();
        chars
            .next()
            .map(|c| c.to_lowercase().collect::<String>() + chars.as_str())
            .unwrap_or_default()
    }
}

/// `triage assess [--yes ID[,ID...]] ... [--format text|json|summary|fhir]`, in roff: the
/// command in bold, each option with its value.
fn synopsis(sub: &Command) -> String {
    let mut line = format!("\\fBtriage {}\\fR", sub.get_name());
    for arg in sub.get_arguments().filter(|a| shown(a)) {
        if arg.is_required_set() {
            let _ = write!(line, " {}", escape(&usage(arg)));
        } else {
            let _ = write!(line, " [{}]", escape(&usage(arg)));
        }
    }
    for sub in sub.get_subcommands() {
        let _ = write!(line, " [{}]", sub.get_name());
    }
    line
}

/// `--format text|json`, `--age N`, `--details` or `PATH...`.
fn usage(arg: &Arg) -> String {
    let value = value(arg);
    match arg.get_long() {
        Some(long) if value.is_empty() => format!("--{long}"),
        Some(long) => format!("--{long} {value}"),
        None => value,
    }
}

/// An option's value: its name, or the possible values joined by `|`; empty for a flag.
fn value(arg: &Arg) -> String {
    if !arg.get_action().takes_values() {
        return String::new();
    }
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| p.get_name().to_string())
        .collect();
    let named = arg.get_value_names().map(|names| {
        names
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    });
    let mut value = match named {
        Some(name) if possible.is_empty() || name.contains('|') => name,
        _ if !possible.is_empty() => possible.join("|"),
        _ => arg.get_id().as_str().to_uppercase(),
    };
    if arg.is_positional() && arg.get_num_args().is_some_and(|n| n.max_values() > 1) {
        value.push_str("...");
    }
    value
}

fn option(out: &mut String, arg: &Arg) {
    let help = arg
        .get_long_help()
        .or_else(|| arg.get_help())
        .map(|h| h.to_string())
        .unwrap_or_default();
    let mut name = usage(arg);
    if let Some(short) = arg.get_short() {
        name = format!("-{short}, {name}");
    }
    let _ = writeln!(
        out,
        ".TP\n.B {}\n{}",
        escape(&name),
        escape(&help.replace('\n', " "))
    );
}

fn section(out: &mut String, title: &str) {
    let _ = writeln!(out, ".SH \"{title}\"");
}

/// Clap's texts as sentences: each paragraph ends with a full stop.
fn paragraphs(out: &mut String, text: &str) {
    for paragraph in text.split("\n\n") {
        let mut paragraph = paragraph.replace('\n', " ");
        if paragraph.ends_with(|c: char| c.is_alphanumeric() || c == ')') {
            paragraph.push('.');
        }
        let _ = writeln!(out, ".PP\n{}", escape(&paragraph));
    }
}

/// Text as roff reads it literally: backslashes and hyphens escaped, and no line starting
/// with a control character.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.chars().next() {
        Some('.' | '\'') => format!("\\&{escaped}"),
        _ => escaped,
    }
}
