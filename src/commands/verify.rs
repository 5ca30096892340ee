use super::{Context, Output};
use crate::error::Error;
use crate::style::Style;
use crate::verify::{text, verify};

/// Proves the invariants. Warnings about the knowledge base are `triage check`'s to show.
pub fn run(context: &Context) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    let report = verify(&kb)?;
    Ok(Output {
        stdout: context.header(&kb) + &text(&kb, &report, Style::stdout(context.color)),
        stderr: String::new(),
        status: i32::from(report.failures() > 0),
    })
}
