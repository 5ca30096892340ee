use super::assess::json_text;
use super::test::scenario_files;
use super::{Context, Output};
use crate::cli::{CoverageArgs, Format};
use crate::coverage::{measure, report};
use crate::error::Error;
use crate::report::score_text;
use crate::scenario::Suite;
use crate::style::Style;

pub fn run(context: &Context, args: &CoverageArgs) -> Result<Output, Error> {
    if let Some(min) = args.min
        && !(0.0..=100.0).contains(&min)
    {
        return Err(Error::Usage(format!(
            "`--min` is a percentage from 0 to 100, not {min}"
        )));
    }
    // Located, so that the report can point at each entity's file:line:column.
    let kb = context.load_located()?.kb;
    let suite = Suite::parse(&kb, scenario_files(context, &args.paths)?)?;
    if args.paths.is_empty() {
        crate::hazards::check_scenarios(&kb, &suite)?;
    }
    if suite.scenarios.is_empty() {
        return Err(Error::Input(
            "no scenarios found; scenario files hold a `scenarios:` list".into(),
        ));
    }
    let coverage = measure(&kb, &suite.scenarios)?;
    let (stdout, below) = match args.format {
        Format::Text => {
            let (text, below) = report(&kb, &coverage, args.min, Style::stdout(context.color));
            (context.header(&kb) + &text, below)
        }
        Format::Json => {
            let (json, below) = crate::coverage::json(&kb, &coverage, args.min);
            (json_text(&json), below)
        }
    };
    let mut output = Output::stdout(stdout);
    if let (Some(min), false) = (args.min, below.is_empty()) {
        output.stderr = format!(
            "{}: coverage under the minimum of {}%: {}\n",
            Style::stderr(context.color).error("error"),
            score_text(min),
            below.join(", ")
        );
        output.status = 1;
    }
    Ok(output)
}
