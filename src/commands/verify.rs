use super::{Context, Output};
use crate::cli::VerifyArgs;
use crate::error::Error;
use crate::kb::KnowledgeBase;
use crate::style::Style;
use crate::verify::{Check, Report, text, verify};
use std::fmt::Write as _;
use std::path::Path;

/// Proves the invariants. Warnings about the knowledge base are `triage check`'s to show.
pub fn run(context: &Context, args: &VerifyArgs) -> Result<Output, Error> {
    // A knowledge base that does not load leaves nothing to prove; a proof that could not be
    // decided is a finding (1).
    let kb = context.load().map_err(|e| e.not_run(|_| false))?.kb;
    let report = verify(&kb);
    let mut stdout = context.header(&kb) + &text(&kb, &report, Style::stdout(context.color));
    if let Some(dir) = &args.counterexamples {
        stdout.push_str(&write_counterexamples(&kb, &report, dir)?);
    }
    // The verdicts reached stand on standard output; why it stopped is the error.
    let stderr = report.stopped.as_ref().map_or(String::new(), |stopped| {
        Error::Input(stopped.why.clone()).render(Style::stderr(context.color))
    });
    Ok(Output {
        stdout,
        stderr,
        status: i32::from(report.failures() > 0 || report.stopped.is_some()),
    })
}

/// Writes each counterexample as `DIR/<invariant id>.yaml` (or `red-flag-<id>.yaml`), an
/// answers file with what it breaks in a comment; says which files it wrote.
fn write_counterexamples(kb: &KnowledgeBase, report: &Report, dir: &Path) -> Result<String, Error> {
    let failing: Vec<_> = report
        .verdicts
        .iter()
        .filter_map(|v| Some((v.check, v.counterexample.as_ref()?)))
        .collect();
    if failing.is_empty() {
        return Ok(String::new());
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        action: "make the folder",
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = format!("Counterexamples written to {}:\n", dir.display());
    for (check, counterexample) in failing {
        let level = &kb.levels[counterexample.level].id;
        let (name, comment) = match check {
            Check::Invariant(i) => {
                let invariant = &kb.invariants[i];
                (
                    invariant.id.clone(),
                    format!(
                        "# A counterexample to invariant `{}`: these answers give the urgency {level} (at least {} was wanted).",
                        invariant.id, kb.levels[invariant.at_least].id
                    ),
                )
            }
            Check::Monotone(fact) => {
                let id = &kb.facts[fact].id;
                (
                    format!("red-flag-{id}"),
                    format!(
                        "# A counterexample to red flag `{id}` never lowering the urgency: these answers give {level};\n# with `--yes {id}` added they give {}.",
                        counterexample
                            .level_with_flag
                            .map_or("?", |l| kb.levels[l].id.as_str())
                    ),
                )
            }
            Check::NotSure(fact) => {
                let id = &kb.facts[fact].id;
                let level_of = |l: Option<usize>| l.map_or("?", |l| kb.levels[l].id.as_str());
                (
                    format!("not-sure-{id}"),
                    format!(
                        "# A counterexample to \"not sure\" of red flag `{id}` being examined: these answers give {level};\n# with `--yes {id}` they give {}, with `--no {id}` {}.",
                        level_of(counterexample.level_with_flag),
                        level_of(counterexample.level_without_flag)
                    ),
                )
            }
            Check::TextInvariant(i) => {
                let invariant = &kb.text_invariants[i];
                (
                    invariant.id.clone(),
                    format!(
                        "# A counterexample to text invariant `{}`: these answers show a text it forbids, at the urgency {level}.",
                        invariant.id
                    ),
                )
            }
            Check::SafetyNet(fact) => {
                let id = &kb.facts[fact].id;
                (
                    format!("safety-net-{id}"),
                    format!(
                        "# A counterexample to the safety net's sign `{id}`: these answers show a net that says {level} for it;\n# with `--yes {id}` they give {}.",
                        counterexample
                            .level_with_flag
                            .map_or("?", |l| kb.levels[l].id.as_str())
                    ),
                )
            }
        };
        let path = dir.join(format!("{name}.yaml"));
        let body = format!(
            "{comment}\n# Replay: triage assess --answers {}\n{}",
            path.display(),
            counterexample.answers.to_yaml(kb)
        );
        std::fs::write(&path, body).map_err(|source| Error::Io {
            action: "write",
            path: path.clone(),
            source,
        })?;
        let _ = writeln!(written, "  {}", path.display());
    }
    Ok(written)
}
