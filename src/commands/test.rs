use super::{Context, Output};
use crate::cli::TestArgs;
use crate::diagnostic::SourceFile;
use crate::error::Error;
use crate::kb::{KbSource, builtin_scenario_files, read_source, yaml_files_in};

const SCENARIO_FOLDER: &str = "read the scenario folder";
use crate::scenario::{Suite, run_suite};
use std::path::PathBuf;

pub fn run(context: &Context, args: &TestArgs) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    let files = scenario_files(context, &args.paths)?;
    let suite = Suite::parse(&kb, files)?;
    if suite.scenarios.is_empty() {
        return Err(Error::Input(
            "no scenarios found; scenario files hold a `scenarios:` list".into(),
        ));
    }
    let (report, failed) = run_suite(&kb, &suite)?;
    Ok(Output {
        stdout: report,
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
