use super::assess::json_text;
use super::test::scenario_files;
use super::{Context, Output};
use crate::cli::{HazardsArgs, HazardsFormat};
use crate::error::Error;
use crate::hazards::{Evidence, check_scenarios, cites_scenarios, json, markdown};
use crate::scenario::Suite;

/// The hazard log with its evidence, run now.
pub fn run(context: &Context, args: &HazardsArgs) -> Result<Output, Error> {
    // Located, so that a scenario the log cites but no file gives is pointed at.
    let kb = context.load_located()?.kb;
    if kb.hazards.is_empty() {
        return Err(Error::Input(
            "the knowledge base has no hazard log (a `hazards:` list)".into(),
        ));
    }
    let files = if cites_scenarios(&kb) {
        scenario_files(context, &[])?
    } else {
        Vec::new()
    };
    let suite = Suite::parse(&kb, files)?;
    check_scenarios(&kb, &suite)?;
    let evidence = Evidence::gather(&kb, &suite)?;
    Ok(Output::stdout(match args.format {
        HazardsFormat::Markdown => markdown(&kb, &evidence),
        HazardsFormat::Json => json_text(&json(&kb, &evidence)),
    }))
}
