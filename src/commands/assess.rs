use super::{Context, Output, PersonKb, read_answers};
use crate::answers::Answers;
use crate::assess::{Outcome, assess};
use crate::cli::{AssessArgs, ReportFormat};
use crate::error::{Error, plural};
use crate::i18n::{Lang, txt};
use crate::report::{Ending, TextOptions, outcome_json, outcome_summary, outcome_text};
use crate::style::{ColorChoice, Style};
use clap::ValueEnum;
use std::io::{self, Read};
use std::path::Path;

/// The language of an assessment: `--lang`, else the locale; but what a program reads (JSON,
/// JSON Lines, FHIR) never changes with the machine's locale: its texts follow `--lang` alone.
pub fn lang(args: &AssessArgs) -> Result<Lang, Error> {
    match &args.lang {
        None if for_programs(args) => Ok(Lang::ENGLISH),
        // A `--lang` triage does not have is said in English too, not in the locale's language.
        Some(flag) if for_programs(args) => crate::i18n::choose(Some(flag), |_| None),
        flag => super::person_lang(flag.as_deref()),
    }
}

/// Whether the output is for programs: `--format json|fhir`, or `--batch`.
pub fn for_programs(args: &AssessArgs) -> bool {
    args.batch.is_some()
        || matches!(
            args.format.unwrap_or_default(),
            ReportFormat::Json | ReportFormat::Fhir
        )
}

/// The assessment, in `lang` (see [`lang`]).
pub fn run(context: &Context, args: &AssessArgs, lang: Lang) -> Result<Output, Error> {
    let person = context.load_for_person(lang)?;
    let kb = &person.kb;
    if let Some(path) = &args.batch {
        // A batch prints JSON Lines: asking for another format must not pass unremarked.
        if let Some(format) = args.format.filter(|&f| f != ReportFormat::Json) {
            let name = format
                .to_possible_value()
                .map(|v| v.get_name().to_string())
                .unwrap_or_default();
            return Err(Error::Usage(
                lang.text_with("batch-format", &[("format", txt(&name))]),
            ));
        }
        return batch(context, kb, path, args.allow_empty);
    }
    let answers = read_answers(kb, &args.answers, lang)?;
    if !args.allow_empty && !answers.any_given() {
        return Err(Error::Input(lang.text("nothing-given")));
    }
    let outcome = assess(kb, &answers)?;
    let output = Output::stdout(render(
        &person,
        &answers,
        &outcome,
        args.format.unwrap_or_default(),
        None,
        args.details,
        context.color,
    ));
    // The process ends next: freeing the knowledge base piece by piece would cost a one-shot
    // run about a tenth of its time for nothing.
    std::mem::forget(person);
    Ok(output)
}

/// `--batch`: results stream to standard output as they are ready (a batch may be far larger
/// than memory); the exit status says whether any line failed.
fn batch(
    context: &Context,
    kb: &crate::kb::KnowledgeBase,
    path: &Path,
    allow_empty: bool,
) -> Result<Output, Error> {
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
    // The results are written by a thread of their own, to a file of standard output's own
    // (see `stdout_file`: with `Stdout`, a write that fails could pass for done).
    let stdout = crate::stdout_file().map_err(Error::Output)?;
    let mut output = io::BufWriter::with_capacity(64 << 10, stdout);
    let summary = crate::batch::run(kb, &mut input, &mut output, threads, allow_empty).map_err(
        |failure| match failure {
            crate::batch::Failure::Read(source) => Error::Io {
                action: "read",
                path: if path.as_os_str() == "-" {
                    crate::i18n::error::STANDARD_INPUT.into()
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

/// The report in the format asked for. `ending` says how an interview ended (`None` for an
/// assessment of given answers).
pub fn render(
    person: &PersonKb,
    answers: &Answers,
    outcome: &Outcome,
    format: ReportFormat,
    ending: Option<Ending>,
    details: bool,
    color: ColorChoice,
) -> String {
    let kb = &person.kb;
    let complete = ending.is_none_or(|e| e.end.complete());
    match format {
        ReportFormat::Text => outcome_text(
            kb,
            answers,
            outcome,
            ending,
            TextOptions {
                style: Style::stdout(color),
                details,
                width: crate::report::wrap::stdout_width(),
                lang: person.lang,
                translation: person.translation,
            },
        ),
        ReportFormat::Json => {
            let mut json = outcome_json(kb, answers, outcome, complete);
            if let (Some(ending), Some(object)) = (ending, json.as_object_mut()) {
                object.insert(
                    "interview".into(),
                    serde_json::json!({"questions": ending.asked, "ended": ending.end.id()}),
                );
            }
            json_text(&json)
        }
        ReportFormat::Fhir => json_text(&crate::fhir::assessment_bundle(
            kb, answers, outcome, complete,
        )),
        ReportFormat::Summary => outcome_summary(
            kb,
            answers,
            outcome,
            ending,
            crate::report::wrap::stdout_width(),
            person.lang,
            person.translation,
        ),
    }
}

/// Pretty JSON with a final newline.
pub fn json_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}
