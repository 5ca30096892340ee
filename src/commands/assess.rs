use super::{Context, Output, read_answers};
use crate::assess::assess;
use crate::cli::{AssessArgs, Format};
use crate::error::Error;
use crate::report::{outcome_json, outcome_text};
use crate::style::Style;

pub fn run(context: &Context, args: &AssessArgs) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    let answers = read_answers(&kb, &args.answers)?;
    let outcome = assess(&kb, &answers)?;
    Ok(Output::stdout(match args.format {
        Format::Text => outcome_text(&kb, &outcome, Style::stdout(context.color)),
        Format::Json => json_text(&outcome_json(&kb, &answers, &outcome)),
    }))
}

/// Pretty JSON with a final newline.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
