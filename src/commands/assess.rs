use super::{Context, Output, read_answers};
use crate::assess::assess;
use crate::cli::{AssessArgs, Format};
use crate::error::{Error, plural};
use crate::report::{outcome_json, outcome_text};
use crate::style::Style;
use std::io::{self, Read};
use std::path::Path;

pub fn run(context: &Context, args: &AssessArgs) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    if let Some(path) = &args.batch {
        return batch(context, &kb, path);
    }
    let answers = read_answers(&kb, &args.answers)?;
    let outcome = assess(&kb, &answers)?;
    let output = Output::stdout(match args.format {
        Format::Text => outcome_text(&kb, &outcome, Style::stdout(context.color)),
        Format::Json => json_text(&outcome_json(&kb, &answers, &outcome)),
    });
    // The process ends next: freeing the knowledge base piece by piece would cost a one-shot
    // run about a tenth of its time for nothing.
    std::mem::forget(kb);
    Ok(output)
}

/// `--batch`: results stream to standard output as they are ready (a batch may be far larger
/// than memory); the exit status says whether any line failed.
fn batch(context: &Context, kb: &crate::kb::KnowledgeBase, path: &Path) -> Result<Output, Error> {
    let mut input: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|source| Error::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        })?)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    // The results are written by a thread of their own (`Stdout`, not a lock, which stays on
    // the thread that took it).
    let mut output = io::BufWriter::with_capacity(64 << 10, io::stdout());
    let summary =
        crate::batch::run(kb, &mut input, &mut output, threads).map_err(
            |failure| match failure {
                crate::batch::Failure::Read(source) => Error::Io {
                    action: "read",
                    path: if path.as_os_str() == "-" {
                        "standard input".into()
                    } else {
                        path.to_path_buf()
                    },
                    source,
                },
                crate::batch::Failure::Write(source) => Error::Output(source),
            },
        )?;
    if let Some(line) = summary.too_long {
        return Ok(Output {
            stderr: format!(
                "{}: {}\n",
                Style::stderr(context.color).error("error"),
                crate::batch::too_long_message(line)
            ),
            status: crate::error::EXIT_FAILURE,
            ..Output::default()
        });
    }
    if summary.failed == 0 {
        return Ok(Output::default());
    }
    let mut lines: Vec<String> = summary.failed_lines.iter().map(usize::to_string).collect();
    if summary.failed > lines.len() {
        lines.push("…".into());
    }
    Ok(Output {
        stderr: format!(
            "{}: {} of {} case{} failed (line{} {})\n",
            Style::stderr(context.color).error("error"),
            summary.failed,
            summary.cases,
            plural(summary.cases),
            plural(summary.failed),
            lines.join(", ")
        ),
        status: crate::error::EXIT_FAILURE,
        ..Output::default()
    })
}

/// Pretty JSON with a final newline.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
