use super::assess::render;
use super::{Context, Output};
use crate::answers::Answers;
use crate::cli::{AskArgs, ReportFormat};
use crate::error::Error;
use crate::interview::Interview;
use crate::interview::prompt::{End, Prompter};
use crate::kb::KnowledgeBase;
use crate::report::Ending;
use crate::style::Style;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub fn run(context: &Context, args: &AskArgs) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    let mut interview = Interview::new(&kb, args.max_questions)?;
    if let Some(path) = &args.save {
        // Start with an empty answers file, so a save location that can't be written is
        // found before the first question, not after the last.
        save(&kb, path, &Answers::default())?;
    }
    // The report as it would be if Ctrl-C came now, kept up to date after every answer.
    let interrupted = Arc::new(Mutex::new(String::new()));
    let report_now = |interview: &Interview| -> Result<String, Error> {
        let ending = Ending {
            end: End::Interrupted,
            asked: interview.asked(),
        };
        let outcome = interview.report()?;
        Ok(render(
            &kb,
            &interview.answers(),
            &outcome,
            args.format,
            Some(ending),
            args.details,
            context.color,
        ))
    };
    *lock(&interrupted) = report_now(&interview)?;
    on_interrupt(args.save.clone(), Arc::clone(&interrupted));

    // On a terminal the text report follows at once on the same screen: what it says (an
    // emergency that ends the interview, an early end) is not said before it as well.
    let report_follows = args.format == ReportFormat::Text
        && io::stdout().is_terminal()
        && io::stderr().is_terminal();
    let stdin = io::stdin();
    let mut prompter = Prompter {
        echo: !stdin.is_terminal(),
        input: stdin.lock(),
        output: io::stderr(),
        style: Style::stderr(context.color),
        show_ids: args.show_ids,
        report_follows,
        width: crate::report::wrap::stderr_width(),
    };
    let mut save_error = None;
    let mut report_error = None;
    let end = prompter.run(&mut interview, |interview| {
        let answers = interview.answers();
        if let Some(path) = &args.save
            && let Err(error) = save(&kb, path, &answers)
        {
            save_error.get_or_insert(error);
        }
        match report_now(interview) {
            Ok(report) => *lock(&interrupted) = report,
            Err(error) => {
                report_error.get_or_insert(error);
            }
        }
    })?;
    if let Some(error) = report_error {
        return Err(error);
    }
    if let Some(error) = save_error {
        return Err(error);
    }
    let saved = args
        .save
        .as_ref()
        .map(|p| format!("; the answers so far are saved in `{}`", p.display()))
        .unwrap_or_default();
    let asked = interview.asked();
    let answers_only = format!("{asked} answer{}", crate::error::plural(asked));
    let stderr = match end {
        End::EndOfInput => format!(
            "The input ended before the interview was over: this result is based on {answers_only} only{saved}.\n"
        ),
        End::Quit => {
            format!("You stopped early: this result is based on {answers_only} only{saved}.\n")
        }
        End::QuestionLimit => format!(
            "The question limit was reached: this result is based on {answers_only} only{saved}.\n"
        ),
        End::Finished | End::Emergency | End::Interrupted => String::new(),
    };
    let stderr = match (&args.save, report_follows && !stderr.is_empty()) {
        (Some(path), true) => format!("The answers so far are saved in `{}`.\n", path.display()),
        (None, true) => String::new(),
        (_, false) => stderr,
    };
    let answers = interview.answers();
    let outcome = interview.report()?;
    let stdout = render(
        &kb,
        &answers,
        &outcome,
        args.format,
        Some(Ending { end, asked }),
        args.details,
        context.color,
    );
    Ok(Output {
        stdout,
        stderr,
        status: 0,
    })
}

/// The lock on the report kept for Ctrl-C, even if a thread panicked holding it.
fn lock(report: &Mutex<String>) -> std::sync::MutexGuard<'_, String> {
    report
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Writes the answers file whole, through a temporary file, so an interruption never leaves
/// half of one.
fn save(kb: &KnowledgeBase, path: &Path, answers: &Answers) -> Result<(), Error> {
    let io_error = |source| Error::Io {
        action: "save the answers to",
        path: path.to_path_buf(),
        source,
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".partial");
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, answers.to_yaml(kb)).map_err(io_error)?;
    std::fs::rename(&temporary, path).map_err(io_error)
}

/// Ctrl-C ends the interview with status 130, after the report of the answers so far (marked
/// incomplete). The answers are already saved after every answer, so there is nothing to lose;
/// say where they are.
fn on_interrupt(save: Option<PathBuf>, report: Arc<Mutex<String>>) {
    let _ = ctrlc::set_handler(move || {
        let saved = save
            .as_ref()
            .map(|p| format!("; your answers are saved in `{}`", p.display()))
            .unwrap_or_default();
        eprintln!("\ninterrupted{saved}");
        {
            use std::io::Write as _;
            let mut stdout = io::stdout().lock();
            let _ = stdout.write_all(lock(&report).as_bytes());
            let _ = stdout.flush();
        }
        std::process::exit(crate::error::EXIT_INTERRUPTED);
    });
}
