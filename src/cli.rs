//! The command line, as clap sees it. Every flag's doc comment is its help text.

use crate::style::ColorChoice;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Triage for tingling, numbness or pain in the back: how urgently to get care, and the
/// possible causes, ranked. A triage aid, not a diagnosis.
#[derive(Debug, Parser)]
#[command(name = "triage", version, max_term_width = 100)]
pub struct Cli {
    /// Use the knowledge base in this folder instead of the built-in one
    #[arg(long, global = true, env = "TRIAGE_RULES", value_name = "DIR")]
    pub rules: Option<PathBuf>,

    /// When to colour the output
    #[arg(long, global = true, value_enum, default_value_t, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// Ask questions one at a time and then show the result (the default on a terminal)
    Ask(AskArgs),
    /// Show why: every rule that fired and the evidence for and against each cause
    Explain(ExplainArgs),
    /// Run the scenarios and report which rules, findings, causes and levels they exercise
    Coverage(CoverageArgs),
    /// Compare two versions of a knowledge base: what changed, and which outcomes changed
    Diff(DiffArgs),
    /// Draw the network of findings, rules, concepts, causes and urgency levels
    Graph(GraphArgs),
    /// Print the JSON Schema of the knowledge-base files, for editors
    Schema(SchemaArgs),
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

#[derive(Debug, Args)]
pub struct AssessArgs {
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
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
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
    /// What to list
    #[arg(value_enum)]
    pub what: ListWhat,

    /// Output format
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct TestArgs {
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
    pub answers: AnswerArgs,

    /// Explain why this cause is not listed (or not higher): the rules that could support it
    /// and which parts of their conditions are false or unknown
    #[arg(long, value_name = "CAUSE")]
    pub why_not: Option<String>,
}

#[derive(Debug, Args)]
pub struct CoverageArgs {
    /// Scenario files or folders of them (default: the knowledge base's tests/ folder)
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Fail (exit status 1) when any share is below this percentage
    #[arg(long, value_name = "PERCENT")]
    pub min: Option<f64>,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The knowledge base to compare against (the version before the edit)
    #[arg(long, value_name = "DIR")]
    pub base: PathBuf,

    /// Fail (exit status 1) on this kind of change
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOn>,
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
}

#[derive(Debug, Args)]
pub struct VerifyArgs {}
#[derive(Debug, Args, Default)]
pub struct AskArgs {
    /// Format of the final report (questions always go to standard error)
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,

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
