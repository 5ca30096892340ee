use super::{Context, Output};
use crate::error::Error;
use crate::style::Style;
use crate::verify::{text, verify};

/// Proves the invariants. Warnings about the knowledge base are `triage check`'s to show.
pub fn run(context: &Context) -> Result<Output, Error> {
    // A knowledge base that does not load leaves nothing to prove; a proof that could not be
    // decided is a finding (1).
    let kb = context.load().map_err(|e| e.not_run(|_| false))?.kb;
    let report = verify(&kb)?;
    Ok(Output {
        stdout: context.header(&kb) + &text(&kb, &report, Style::stdout(context.color)),
        stderr: String::new(),
        status: i32::from(report.failures() > 0),
    })
}
