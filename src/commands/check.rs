use super::{Context, Output};
use crate::diagnostic::render_all;
use crate::error::{Error, plural};
use crate::style::Style;

pub fn run(context: &Context) -> Result<Output, Error> {
    let loaded = context.load_located()?;
    let kb = &loaded.kb;
    let style = Style::stderr(context.color);
    let warnings = loaded.warnings.len();
    let findings = kb.findings().count();
    let concepts = kb.facts.len() - findings;
    let summary = format!(
        "{} {}: {} files, {} levels, {findings} findings, {concepts} concepts, {} causes, {} rules; {}\n",
        kb.metadata.name,
        kb.metadata.version,
        kb.files.len(),
        kb.levels.len(),
        kb.causes.len(),
        kb.rules.len(),
        if warnings == 0 {
            "no problems found".to_string()
        } else {
            format!("{warnings} warning{}", plural(warnings))
        }
    );
    Ok(Output {
        stdout: summary,
        stderr: render_all(&loaded.warnings, &kb.files, style),
        status: 0,
    })
}
