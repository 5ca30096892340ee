//! The command line, as clap sees it. Every flag's doc comment is its help text.

use crate::style::ColorChoice;
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::{ArgValueCompleter, CompletionCandidate};
use std::ffi::OsStr;
use std::path::PathBuf;

/// Triage for tingling, numbness or pain in the back: how urgently to get care, and the
/// possible causes, ranked. A triage aid, not a diagnosis.
#[derive(Debug, Parser)]
#[command(name = "triage", version, max_term_width = 100)]
pub struct Cli {
    // `--rules` is not `global`: the commands that read no knowledge base (schema,
    // completions, man) must not offer it, so each command that does has its own, and this
    // one serves `triage --rules DIR COMMAND`.
    #[command(flatten)]
    pub kb: KbArgs,

    /// When to colour the output
    #[arg(
        long,
        global = true,
        value_enum,
        default_value_t,
        value_name = "WHEN",
        help_heading = GLOBAL
    )]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The heading of the options every command (that reads a knowledge base) takes.
const GLOBAL: &str = "Global options";

/// Which knowledge base: for the commands that read one.
#[derive(Debug, Args, Clone, Default)]
pub struct KbArgs {
    /// Use the knowledge base in this folder [default: $TRIAGE_RULES, else the nearest
    /// rules/knowledge_base.yaml from here upwards, else the built-in one]
    #[arg(long, value_name = "DIR", help_heading = GLOBAL)]
    pub rules: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Ask questions one at a time and then show the result (the default on a terminal)
    Ask(AskArgs),
    /// Assess one set of answers given as flags or in a file, without questions
    Assess(AssessArgs),
    /// Load and validate the knowledge base, printing every problem found
    Check(CheckArgs),
    /// List the findings, causes or urgency levels of the knowledge base
    List(ListArgs),
    /// Run scenario files and compare each outcome with what it expects
    Test(TestArgs),
    /// Prove the knowledge base's safety invariants over every possible set of answers
    Verify(VerifyArgs),
    /// Show why: every rule that fired and the evidence for and against each cause
    Explain(ExplainArgs),
    /// Run the scenarios and report which rules, findings, causes and levels they exercise
    Coverage(CoverageArgs),
    /// Print the hazard log with its evidence (scenarios run, invariants proven now), for a
    /// clinical safety officer
    Hazards(HazardsArgs),
    /// Compare two versions of a knowledge base: what changed, and which outcomes changed
    Diff(DiffArgs),
    /// Draw the network of findings, rules, concepts, causes and urgency levels
    Graph(GraphArgs),
    /// Print the JSON Schema of the knowledge-base files, the scenario files or the report
    Schema(SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell or elvish)
    Completions(CompletionsArgs),
    /// Print the manual page, in roff (`triage man > triage.1; man -l triage.1`)
    Man,
    /// Print the knowledge base's questions as a form (a FHIR R4 Questionnaire)
    Questionnaire(QuestionnaireArgs),
}

impl Command {
    /// The `--rules` given after the command, for the commands that read a knowledge base.
    pub fn rules(&self) -> Option<&PathBuf> {
        let kb = match self {
            Command::Ask(a) => &a.kb,
            Command::Assess(a) => &a.kb,
            Command::Check(a) => &a.kb,
            Command::List(a) => &a.kb,
            Command::Test(a) => &a.kb,
            Command::Verify(a) => &a.kb,
            Command::Explain(a) => &a.kb,
            Command::Coverage(a) => &a.kb,
            Command::Hazards(a) => &a.kb,
            Command::Diff(a) => &a.kb,
            Command::Graph(a) => &a.kb,
            Command::Questionnaire(a) => &a.kb,
            Command::Schema(_) | Command::Completions(_) | Command::Man => return None,
        };
        kb.rules.as_ref()
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// The answers, from flags and an optional answers file; flags override the file.
#[derive(Debug, Args, Clone, Default)]
pub struct AnswerArgs {
    /// Findings that are present (comma-separated ids; may repeat)
    #[arg(long, value_name = "ID[,ID...]", add = ArgValueCompleter::new(finding_ids))]
    pub yes: Vec<String>,

    /// Findings that are absent (comma-separated ids; may repeat)
    #[arg(long, value_name = "ID[,ID...]", add = ArgValueCompleter::new(finding_ids))]
    pub no: Vec<String>,

    /// Findings the person does not know (comma-separated ids; may repeat)
    #[arg(long, value_name = "ID[,ID...]", add = ArgValueCompleter::new(finding_ids))]
    pub unknown: Vec<String>,

    /// Age in whole years
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole_number)]
    pub age: Option<f64>,

    /// Sex: female or male (`f` and `m` too, as in the interview)
    #[arg(long, value_name = "female|male")]
    pub sex: Option<String>,

    /// How long the symptoms have lasted, in whole days
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = whole_number)]
    pub duration_days: Option<f64>,

    /// Read answers from a YAML or JSON file, or from standard input with `-`
    #[arg(long, value_name = "FILE|-")]
    pub answers: Option<PathBuf>,
}

/// A whole number, as `--age` and `--duration-days` take; the range is the knowledge base's
/// to check.
fn whole_number(text: &str) -> Result<f64, NotWhole> {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse::<i64>()
            .map(|n| n as f64)
            .map_err(|_| NotWhole::TooLarge);
    }
    if text.parse::<f64>().is_ok_and(f64::is_finite) {
        Err(NotWhole::Fraction)
    } else {
        Err(NotWhole::NotANumber)
    }
}

/// Why a value is not a whole number: a type of its own, so that a usage error can say it in
/// the person's language (`i18n::usage`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotWhole {
    TooLarge,
    Fraction,
    NotANumber,
}

impl NotWhole {
    /// Its message's id in locales/*/triage.ftl.
    pub fn message(self) -> &'static str {
        match self {
            NotWhole::TooLarge => "whole-too-large",
            NotWhole::Fraction => "whole-fraction",
            NotWhole::NotANumber => "whole-not-a-number",
        }
    }
}

impl std::fmt::Display for NotWhole {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(match self {
            NotWhole::TooLarge => "the number is too large",
            NotWhole::Fraction => "give a whole number (no fraction)",
            NotWhole::NotANumber => "give a whole number, like 42",
        })
    }
}

impl std::error::Error for NotWhole {}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// How a report is printed: for a person, for programs, or as a summary to hand a doctor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum ReportFormat {
    /// For the person: what to do, why, the possible causes, what was not answered
    #[default]
    Text,
    /// One JSON object, for programs
    Json,
    /// Plain text (Markdown) to print or show a doctor: the answers, the urgency and its
    /// reasons, the causes considered
    Summary,
    /// One FHIR R4 Bundle: the answers as a QuestionnaireResponse and the result as a
    /// RiskAssessment, for health systems
    Fhir,
}

#[derive(Debug, Args)]
pub struct AssessArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    #[command(flatten)]
    pub answers: AnswerArgs,

    /// Assess many: one answers object (JSON) per line of FILE, or of standard input with `-`;
    /// prints one JSON result per line, in input order (the JSON report with its `line`, or
    /// `{"line": N, "error": "..."}`), using every core
    #[arg(
        long,
        value_name = "FILE|-",
        conflicts_with_all = ["yes", "no", "unknown", "age", "sex", "duration_days", "answers"]
    )]
    pub batch: Option<PathBuf>,

    /// Output format [default: text; with --batch, JSON Lines always]
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,

    /// In the text report, show the rule ids, scores and sources behind each statement
    #[arg(long)]
    pub details: bool,

    /// Assess even when no answer is given ("not sure" is an answer; else an error: it is
    /// usually a script's bug); with --batch, such lines (blank ones too) are assessed
    #[arg(long)]
    pub allow_empty: bool,

    /// The language of the questions and the report: a code such as `es` (default: the one
    /// LC_ALL, LC_MESSAGES or LANG names, or LANGUAGE lists, if triage has it, else English)
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// Treat warnings as errors: exit with status 1 when there are any
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,

    /// Check again whenever a YAML file of the rules folder changes (Ctrl-C ends)
    #[arg(long)]
    pub watch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Every lint warning
    Warnings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    Findings,
    Causes,
    Levels,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// What to list
    #[arg(value_enum)]
    pub what: ListWhat,

    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// Scenario files or folders of them (default: the knowledge base's tests/ folder)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Run only the scenarios whose name contains this text (ignoring case)
    #[arg(long, value_name = "TEXT")]
    pub filter: Option<String>,

    /// Output format: text for people, junit (XML) for CI systems
    #[arg(long, value_enum, default_value_t)]
    pub format: TestFormat,

    /// Run again whenever a YAML file of the rules or the scenarios changes (Ctrl-C ends)
    #[arg(long)]
    pub watch: bool,

    /// Print only the scenarios that fail, and the counts (also under --watch)
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum TestFormat {
    #[default]
    Text,
    Junit,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    #[command(flatten)]
    pub answers: AnswerArgs,

    /// Explain why this cause is not listed (or not higher): the rules that could support it
    /// and which parts of their conditions are false or unknown
    #[arg(long, value_name = "CAUSE", add = ArgValueCompleter::new(cause_ids))]
    pub why_not: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// Scenario files or folders of them (default: the knowledge base's tests/ folder)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Fail (exit status 1) when any share is below this percentage
    #[arg(long, value_name = "PERCENT")]
    pub min: Option<f64>,

    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct HazardsArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// Output format: markdown to review and sign, json for programs
    #[arg(long, value_enum, default_value_t)]
    pub format: HazardsFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum HazardsFormat {
    #[default]
    Markdown,
    Json,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// The knowledge base to compare against (the version before the edit)
    #[arg(long, value_name = "DIR")]
    pub base: PathBuf,

    /// Fail (exit status 1) on this kind of change
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOn>,
    /// Output format: text for a terminal, markdown for a review, json for scripts
    #[arg(long, value_enum, default_value_t)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum DiffFormat {
    #[default]
    Text,
    Markdown,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Some case's urgency fell
    UrgencyDrop,
    /// Some case's urgency or top three changed
    Any,
}

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// Output format: Graphviz dot or Mermaid
    #[arg(long, value_enum, default_value_t)]
    pub format: GraphFormat,

    /// Only the red-flag part: the rules that raise the urgency on a red flag, and what they read
    #[arg(long)]
    pub red_flags: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum GraphFormat {
    #[default]
    Dot,
    Mermaid,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Which files the schema describes
    #[arg(value_enum, default_value_t)]
    pub what: SchemaWhat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum SchemaWhat {
    /// The knowledge-base files (rules/*.yaml)
    #[default]
    Rules,
    /// The scenario files (rules/tests/*.yaml)
    Scenarios,
    /// The report of `assess --format json` (and of `ask --format json` and `assess --batch`)
    Report,
}

#[derive(Debug, Args)]
pub struct QuestionnaireArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: QuestionnaireFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum QuestionnaireFormat {
    /// A FHIR R4 Questionnaire (JSON); `assess --answers` reads its QuestionnaireResponse
    #[default]
    Fhir,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// Write each counterexample to this folder as an answers file that `triage assess
    /// --answers FILE` replays (the folder is made if need be)
    #[arg(long, value_name = "DIR")]
    pub counterexamples: Option<PathBuf>,
}
#[derive(Debug, Args, Default)]
pub struct AskArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// Format of the final report (questions always go to standard error)
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,

    /// In the text report, show the rule ids, scores and sources behind each statement
    #[arg(long)]
    pub details: bool,

    /// Ask at most this many questions
    #[arg(long, value_name = "N")]
    pub max_questions: Option<usize>,

    /// Start each question with the id of what it asks, like `[fever]`
    #[arg(long)]
    pub show_ids: bool,

    /// Save the answers to this file as they are given (replay with `assess --answers FILE`)
    #[arg(long, value_name = "FILE")]
    pub save: Option<PathBuf>,

    /// Continue from the answers already in the --save file
    #[arg(long, requires = "save", conflicts_with = "force")]
    pub resume: bool,

    /// Replace the answers already in the --save file
    #[arg(long, requires = "save")]
    pub force: bool,

    /// The language of the questions and the report: a code such as `es` (default: the one
    /// LC_ALL, LC_MESSAGES or LANG names, or LANGUAGE lists, if triage has it, else English)
    #[arg(long, value_name = "CODE")]
    pub lang: Option<String>,
}

/// The script that hooks a shell's completion to `triage` itself (clap_complete's dynamic
/// completion): the shell asks the binary, which completes commands and flags from the
/// definition above, and finding and cause ids from the knowledge base.
pub fn completions(shell: clap_complete::Shell) -> String {
    use clap_complete::env::{Bash, Elvish, EnvCompleter, Fish, Powershell, Zsh};
    let completer: &dyn EnvCompleter = match shell {
        clap_complete::Shell::Zsh => &Zsh,
        clap_complete::Shell::Fish => &Fish,
        clap_complete::Shell::PowerShell => &Powershell,
        clap_complete::Shell::Elvish => &Elvish,
        _ => &Bash,
    };
    let mut out = Vec::new();
    let _ = completer.write_registration(COMPLETE_VAR, "triage", "triage", "triage", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The variable that asks the binary for completions (`COMPLETE=bash triage -- ...`).
pub const COMPLETE_VAR: &str = "COMPLETE";

/// Completes a comma-separated list of yes/no finding ids, its last item.
fn finding_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    complete_ids(current, |kb| {
        kb.findings()
            .filter(|(_, f)| f.kind == crate::kb::FactKind::YesNo)
            .map(|(_, f)| (f.id.clone(), f.label().to_string()))
            .collect()
    })
}

fn cause_ids(current: &OsStr) -> Vec<CompletionCandidate> {
    complete_ids(current, |kb| {
        kb.causes
            .iter()
            .map(|c| (c.id.clone(), c.name.clone()))
            .collect()
    })
}

/// The ids that could finish the last item of `current`, from the knowledge base the
/// command would use without `--rules` (TRIAGE_RULES, the nearest rules/, else the built-in
/// one), each with its words as help.
fn complete_ids(
    current: &OsStr,
    ids: impl Fn(&crate::kb::KnowledgeBase) -> Vec<(String, String)>,
) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    let (done, last) = match current.rsplit_once(',') {
        Some((done, last)) => (format!("{done},"), last),
        None => (String::new(), current.as_ref()),
    };
    // A folder someone else could have written is left alone here too.
    let source = crate::kb::discover::choose(
        None,
        std::env::var_os(crate::kb::discover::RULES_ENV),
        &std::env::current_dir().unwrap_or_default(),
    )
    .ok()
    .filter(|choice| choice.distrust.is_none())
    .map_or(crate::kb::KbSource::Builtin, |choice| choice.source);
    let Ok(loaded) =
        crate::kb::load(&source).or_else(|_| crate::kb::load(&crate::kb::KbSource::Builtin))
    else {
        return Vec::new();
    };
    ids(&loaded.kb)
        .into_iter()
        .filter(|(id, _)| id.starts_with(last))
        .map(|(id, help)| CompletionCandidate::new(format!("{done}{id}")).help(Some(help.into())))
        .collect()
}
