use super::assess::json_text;
use super::test::scenario_files;
use super::{Context, Output};
use crate::cli::{DiffArgs, DiffFormat, FailOn};
use crate::diff::{Case, Comparison};
use crate::error::{Error, plural};
use crate::kb::{KbSource, KnowledgeBase};
use crate::scenario::Suite;
use crate::style::Style;

pub fn run(context: &Context, args: &DiffArgs) -> Result<Output, Error> {
    let base_context = Context {
        source: KbSource::Dir(args.base.clone()),
        ..context.clone()
    };
    // Located, so that the report can point at each entity's file:line:column.
    let base = base_context.load_located()?.kb;
    let new = context.load_located()?.kb;
    // Every scenario of either version, the edited one's first; a scenario whose
    // expectations name something one version lacks is still read with the other.
    let mut cases: Vec<Case> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (from, own, other) in [(context, &new, &base), (&base_context, &base, &new)] {
        let Ok(files) = scenario_files(from, &[]) else {
            continue;
        };
        let (suite, kb) = match Suite::parse(own, files.clone()) {
            Ok(suite) => (suite, own),
            Err(error) => match Suite::parse(other, files) {
                Ok(suite) => (suite, other),
                Err(_) => return Err(error),
            },
        };
        add_scenarios(&mut cases, &mut names, &suite, kb);
    }
    let new_name = match &context.source {
        KbSource::Dir(dir) => format!("`{}`", crate::diagnostic::shown_path(dir)),
        KbSource::Builtin => "the built-in rules".to_string(),
    };
    let base_name = format!("`{}`", crate::diagnostic::shown_path(&args.base));
    let comparison = Comparison::new((&base_name, &base), (&new_name, &new), cases)?;
    let mut output = Output::stdout(match args.format {
        DiffFormat::Text => comparison.text(Style::stdout(context.color)),
        DiffFormat::Markdown => comparison.markdown(),
        DiffFormat::Json => json_text(&comparison.json()),
    });
    let urgency_fell = comparison.urgency_fell();
    let urgency_moved = comparison.urgency_moved();
    let outcomes_changed = comparison.changed.len();
    // A move between levels that can't be ranked may be a fall: it fails too.
    let moved = (urgency_moved > 0).then(|| {
        format!(
            "moved between levels the versions do not share in {urgency_moved} case{}",
            plural(urgency_moved)
        )
    });
    let failure = match args.fail_on {
        Some(FailOn::UrgencyDrop) if urgency_fell + urgency_moved > 0 => {
            Some(match (urgency_fell, moved) {
                (0, Some(moved)) => format!("the urgency {moved}"),
                (fell, None) => format!("the urgency fell in {fell} case{}", plural(fell)),
                (fell, Some(moved)) => {
                    format!(
                        "the urgency fell in {fell} case{}, and {moved}",
                        plural(fell)
                    )
                }
            })
        }
        Some(FailOn::Any) if outcomes_changed > 0 => Some(format!(
            "the outcome changed in {} case{}",
            outcomes_changed,
            plural(outcomes_changed)
        )),
        _ => None,
    };
    if let Some(failure) = failure {
        output.stderr = format!(
            "{}: {failure}\n",
            Style::stderr(context.color).error("error")
        );
        output.status = 1;
    }
    Ok(output)
}

fn add_scenarios(
    cases: &mut Vec<Case>,
    names: &mut Vec<String>,
    suite: &Suite,
    kb: &KnowledgeBase,
) {
    for scenario in &suite.scenarios {
        if names.contains(&scenario.name) {
            continue;
        }
        names.push(scenario.name.clone());
        let place = format!("{}:{}", suite.files[scenario.file].name, scenario.line);
        cases.push(Case::from_scenario(kb, scenario, place));
    }
}
