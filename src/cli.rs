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
    /// Ask questions one at a time and then show the result (the default on a terminal)
    Ask(AskArgs),
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
pub struct CheckArgs {}

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
}

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
}
