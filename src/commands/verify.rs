use super::{Context, Output};
use crate::diagnostic::render_all;
use crate::error::Error;
use crate::style::Style;
use crate::verify::{text, verify};

pub fn run(context: &Context) -> Result<Output, Error> {
    let loaded = context.load()?;
    let kb = &loaded.kb;
    let report = verify(kb)?;
    Ok(Output {
        stdout: text(kb, &report, Style::stdout(context.color)),
        stderr: render_all(&loaded.warnings, &kb.files, Style::stderr(context.color)),
        status: i32::from(report.failures() > 0),
    })
}
