//! The command line, as clap sees it. Every flag's doc comment is its help text.

use crate::style::ColorChoice;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
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
    #[arg(long, value_name = "ID[,ID...]")]
    pub yes: Vec<String>,

    /// Findings that are absent (comma-separated ids; may repeat)
    #[arg(long, value_name = "ID[,ID...]")]
    pub no: Vec<String>,

    /// Findings the person does not know (comma-separated ids; may repeat)
    #[arg(long, value_name = "ID[,ID...]")]
    pub unknown: Vec<String>,

    /// Age in whole years
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub age: Option<f64>,

    /// Sex: female or male
    #[arg(long, value_name = "SEX")]
    pub sex: Option<String>,

    /// How long the symptoms have lasted, in days
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub duration_days: Option<f64>,

    /// Read answers from a YAML or JSON file, or from standard input with `-`
    #[arg(long, value_name = "FILE|-")]
    pub answers: Option<PathBuf>,
}

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

    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,

    /// In the text report, show the rule ids, scores and sources behind each statement
    #[arg(long)]
    pub details: bool,

    /// Assess even when no answer is known, none given or only unknown ones (else an error: it
    /// is usually a script's bug)
    #[arg(long)]
    pub allow_empty: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub kb: KbArgs,

    /// Treat warnings as errors: exit with status 1 when there are any
    #[arg(long, value_enum, value_name = "WHAT")]
    pub deny: Option<Deny>,

    /// Check again whenever a file under the rules folder changes (Ctrl-C ends)
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

    /// Run again whenever a file under the rules folder changes (Ctrl-C ends)
    #[arg(long)]
    pub watch: bool,
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
    #[arg(long, value_name = "CAUSE")]
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
pub struct VerifyArgs {
    #[command(flatten)]
    pub kb: KbArgs,
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
}

/// The completion script for a shell, generated from the definition above.
pub fn completions(shell: clap_complete::Shell) -> String {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut command, "triage", &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// The manual page, in roff, generated from the definition above: the main page, with each
/// command's own options after it.
pub fn man() -> Result<String, crate::error::Error> {
    let command = Cli::command();
    let mut out = Vec::new();
    let render = |out: &mut Vec<u8>| -> std::io::Result<()> {
        clap_mangen::Man::new(command.clone()).render(out)?;
        for sub in command.get_subcommands() {
            let title = format!("triage-{}", sub.get_name());
            clap_mangen::Man::new(sub.clone())
                .title(title)
                .render(out)?;
        }
        Ok(())
    };
    render(&mut out).map_err(crate::error::Error::Output)?;
    Ok(String::from_utf8_lossy(&out).into_owned())
}
