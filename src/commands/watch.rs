//! `--watch`: run a command again whenever one of the YAML files it reads changes, showing
//! each run's output and what changed ([`crate::watch`] notices the changes).

use super::{Context, Output};
use crate::error::Error;
use crate::kb::KbSource;
use crate::style::{ColorChoice, Style};
use crate::watch::Watcher;
use std::path::PathBuf;

/// The settings of a watching command: the knowledge base must be a folder on disk. Without
/// `--rules`, that is `./rules` when there is one (the built-in copy never changes).
pub fn on_disk(context: &Context) -> Result<(Context, PathBuf), Error> {
    let dir = match &context.source {
        KbSource::Dir(dir) => dir.clone(),
        KbSource::Builtin => {
            return Err(Error::Usage(
                "`--watch` needs a rules folder on disk to watch; give `--rules DIR`, or run it \
                 in or below a folder that holds rules/knowledge_base.yaml"
                    .into(),
            ));
        }
    };
    let context = Context {
        source: KbSource::Dir(dir.clone()),
        ..context.clone()
    };
    Ok((context, dir))
}

/// Runs `command` now and again after every change under `roots`, until interrupted.
pub fn run_forever(
    roots: Vec<PathBuf>,
    what: &str,
    color: ColorChoice,
    command: impl Fn() -> Result<Output, Error>,
) -> Result<Output, Error> {
    let mut watcher = Watcher::new(roots.clone());
    let names: Vec<String> = roots
        .iter()
        .map(|r| crate::diagnostic::shown_path(r))
        .collect();
    let err = Style::stderr(color);
    loop {
        match command() {
            Ok(output) => {
                crate::write_stdout(&output.stdout)?;
                eprint!("{}", output.stderr);
            }
            Err(error) => eprint!("{}", error.render(err)),
        }
        eprintln!(
            "{}",
            err.dim(&format!(
                "[watching {} for changes; Ctrl-C to stop]",
                names.join(", ")
            ))
        );
        let changed = watcher.wait();
        let first = crate::diagnostic::shown_path(&changed[0]);
        let more = match changed.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        eprintln!(
            "\n{}",
            err.info(&format!(
                "[{first}{more} changed: running `triage {what}` again]"
            ))
        );
    }
}
