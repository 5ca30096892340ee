use super::{Context, Output, watch};
use crate::cli::{TestArgs, TestFormat};
use crate::diagnostic::SourceFile;
use crate::error::Error;
use crate::kb::{KbSource, builtin_scenario_files, read_source, yaml_files_in};
use crate::scenario::Suite;
use crate::style::Style;
use crate::test_report;
use std::path::PathBuf;

const SCENARIO_FOLDER: &str = "read the scenario folder";

pub fn run(context: &Context, args: &TestArgs) -> Result<Output, Error> {
    if args.watch {
        let (context, dir) = watch::on_disk(context)?;
        // What `test` reads: the rules, and the scenarios named or else the rules' own.
        let mut roots = vec![dir.clone()];
        if args.paths.is_empty() {
            roots.push(dir.join("tests"));
        }
        roots.extend(args.paths.iter().cloned());
        return watch::run_forever(roots, "test", context.color, || test(&context, args));
    }
    test(context, args)
}

fn test(context: &Context, args: &TestArgs) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    let files = scenario_files(context, &args.paths)?;
    let suite = Suite::parse(&kb, files)?;
    if suite.scenarios.is_empty() {
        return Err(Error::Input(
            "no scenarios found; scenario files hold a `scenarios:` list".into(),
        ));
    }
    let runs = test_report::run_all(&kb, &suite, args.filter.as_deref())?;
    if runs.is_empty() {
        return Err(Error::Input(format!(
            "no scenario name contains `{}`",
            args.filter.as_deref().unwrap_or_default()
        )));
    }
    let failed = runs.iter().filter(|r| !r.mismatches.is_empty()).count();
    Ok(Output {
        stdout: match args.format {
            TestFormat::Text => {
                context.header(&kb)
                    + &test_report::text(&suite, &runs, Style::stdout(context.color), args.quiet)
            }
            TestFormat::Junit => {
                let xml = test_report::junit(&suite, &runs);
                // The knowledge base, as a comment after the XML declaration.
                match xml.split_once('\n') {
                    Some((declaration, rest)) => format!(
                        "{declaration}\n<!-- Knowledge base: {} -->\n{rest}",
                        context.describe(&kb).replace("--", "- -")
                    ),
                    None => xml,
                }
            }
        },
        stderr: String::new(),
        status: i32::from(failed > 0),
    })
}

/// The scenario files to run: those named, or the knowledge base's own tests.
pub fn scenario_files(context: &Context, paths: &[PathBuf]) -> Result<Vec<SourceFile>, Error> {
    if paths.is_empty() {
        return match &context.source {
            KbSource::Builtin => Ok(builtin_scenario_files()),
            KbSource::Dir(dir) => yaml_files_in(&dir.join("tests"), SCENARIO_FOLDER),
        };
    }
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            files.extend(yaml_files_in(path, SCENARIO_FOLDER)?);
        } else {
            files.push(read_source(path)?);
        }
    }
    Ok(files)
}
