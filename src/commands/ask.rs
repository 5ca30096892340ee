use super::assess::render;
use super::save::SaveFile;
use super::{Context, Output};
use crate::cli::{AskArgs, ReportFormat};
use crate::error::Error;
use crate::i18n::{Lang, num, txt};
use crate::interview::Interview;
use crate::interview::prompt::{End, Prompter};
use crate::kb::KnowledgeBase;
use crate::report::Ending;
use crate::style::Style;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// The interview, in `lang` (the person's language: see `super::person_lang`).
pub fn run(context: &Context, args: &AskArgs, lang: Lang) -> Result<Output, Error> {
    let person = context.load_for_person(lang)?;
    let kb = &person.kb;
    let saving = Arc::new(Mutex::new(Saving::default()));
    let save_file = args
        .save
        .as_deref()
        .map(|path| SaveFile::open(path, lang))
        .transpose()?;
    let mut interview = match &save_file {
        Some(file) => {
            let earlier = file.earlier(kb, args.resume, args.force)?;
            let interview =
                Interview::resume(kb, &earlier.answers, earlier.questions, args.max_questions)?;
            // Write the file now, so a save location that can't be written is found before
            // the first question, not after the last.
            file.write(kb, &interview)?;
            interview
        }
        None => Interview::new(kb, args.max_questions)?,
    };
    // The report as it would be if Ctrl-C came now, kept up to date after every answer.
    let interrupted = Arc::new(Mutex::new(String::new()));
    let report_now = |interview: &Interview| -> Result<String, Error> {
        let ending = Ending {
            end: End::Interrupted,
            asked: interview.asked(),
            emergency_shown: false,
        };
        let outcome = interview.report()?;
        Ok(render(
            &person,
            &interview.answers(),
            &outcome,
            args.format,
            Some(ending),
            args.details,
            context.color,
        ))
    };
    *lock(&interrupted) = report_now(&interview)?;
    let report_gate = Arc::new(ReportGate::default());
    on_interrupt(
        lang,
        save_file
            .as_ref()
            .map(|f| (f.path().to_path_buf(), f.lock_path().to_path_buf())),
        Arc::clone(&saving),
        Arc::clone(&interrupted),
        Arc::clone(&report_gate),
    );

    // On a terminal the text report follows at once on the same screen: what it says (an
    // emergency that ends the interview, an early end) is not said before it as well.
    let report_follows = args.format == ReportFormat::Text
        && io::stdout().is_terminal()
        && io::stderr().is_terminal();
    let stdin = io::stdin();
    let at_terminal = stdin.is_terminal();
    let mut prompter = Prompter {
        echo: !at_terminal,
        input: stdin.lock(),
        output: io::stderr(),
        style: Style::stderr(context.color),
        show_ids: args.show_ids,
        report_follows,
        width: crate::report::wrap::stderr_width(),
        shown: None,
        speech: crate::interview::prompt::Speech {
            lang,
            translation: person.translation,
        },
    };
    let style = Style::stderr(context.color);
    let mut report_error = None;
    let end = prompter.run(&mut interview, |interview| {
        if let Some(file) = &save_file {
            record(kb, file, interview, &saving, style, lang);
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
    // Ctrl-D at a terminal is the person stopping, not answers that ran out.
    let end = match end {
        End::EndOfInput if at_terminal => End::Quit,
        end => end,
    };
    let unsaved = saving.lock().ok().and_then(|s| s.failed.clone());
    let path_arg = |path: &std::path::Path| txt(&path.display().to_string());
    let saved = match (&args.save, &unsaved) {
        (Some(path), None) => lang.text_with("saved-so-far", &[("path", path_arg(path))]),
        (Some(path), Some(_)) => lang.text_with("saved-not", &[("path", path_arg(path))]),
        (None, _) => String::new(),
    };
    let warning = match (&args.save, &unsaved) {
        (Some(path), Some(reason)) => format!(
            "{}: {}\n",
            style.warning(&lang.text("warning")),
            lang.text_with(
                "save-failed",
                &[("path", path_arg(path)), ("reason", txt(reason))]
            )
        ),
        _ => String::new(),
    };
    let asked = interview.asked();
    let ended =
        |id: &str| lang.text_with(id, &[("count", num(asked)), ("saved", txt(&saved))]) + "\n";
    let stderr = match end {
        End::EndOfInput => ended("ended-input"),
        End::Quit => ended("ended-quit"),
        End::QuestionLimit => ended("ended-limit"),
        End::Finished | End::Emergency | End::Interrupted => String::new(),
    };
    let stderr = match (&args.save, report_follows && !stderr.is_empty()) {
        (Some(path), true) if unsaved.is_none() => {
            lang.text_with("saved-where", &[("path", path_arg(path))]) + "\n"
        }
        (_, true) => String::new(),
        (_, false) => stderr,
    };
    let stderr = warning + &stderr;
    let answers = interview.answers();
    let outcome = interview.report()?;
    let ending = Ending {
        end,
        asked,
        emergency_shown: report_follows && prompter.shown == Some(outcome.level),
    };
    let stdout = render(
        &person,
        &answers,
        &outcome,
        args.format,
        Some(ending),
        args.details,
        context.color,
    );
    if !report_gate.claim() {
        // Ctrl-C came first: its handler is printing the report so far and ends the process.
        loop {
            std::thread::park();
        }
    }
    Ok(Output {
        stdout,
        stderr,
        status: 0,
    })
}

/// Who prints the report: the interview as it ends, or Ctrl-C's handler. A Ctrl-C as the
/// interview finishes would otherwise print two reports, and a saved JSON report would not be
/// JSON. The first to claim it prints; the other prints nothing.
#[derive(Debug, Default)]
struct ReportGate(AtomicBool);

impl ReportGate {
    /// True for the first caller only.
    fn claim(&self) -> bool {
        !self.0.swap(true, Ordering::SeqCst)
    }
}

/// The lock on the report kept for Ctrl-C, even if a thread panicked holding it.
fn lock(report: &Mutex<String>) -> std::sync::MutexGuard<'_, String> {
    report
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// How saving has gone: why the last save failed, if it did.
#[derive(Debug, Default)]
struct Saving {
    failed: Option<String>,
}

/// Saves after an answer. A failure is said at once (the person may want to stop and write
/// the answers down), and again if saving works once more; the interview goes on either way.
fn record(
    kb: &KnowledgeBase,
    file: &SaveFile,
    interview: &Interview,
    saving: &Mutex<Saving>,
    style: Style,
    lang: Lang,
) {
    let Ok(mut saving) = saving.lock() else {
        return;
    };
    match file.write(kb, interview) {
        Ok(()) => {
            if saving.failed.take().is_some() {
                let path = txt(&file.path().display().to_string());
                eprintln!("{}", lang.text_with("saved-again", &[("path", path)]));
            }
        }
        Err(error) => {
            let reason = crate::i18n::error::said(error, lang, Style::PLAIN).render(Style::PLAIN);
            let label = format!("{}: ", lang.text("error"));
            let reason = reason.trim().trim_start_matches(&label).to_string();
            if saving.failed.is_none() {
                eprintln!(
                    "{}: {}",
                    style.warning(&lang.text("warning")),
                    lang.text_with("save-failing", &[("reason", txt(&reason))])
                );
            }
            saving.failed = Some(reason);
        }
    }
}

/// Ctrl-C ends the interview with status 130, after the report of the answers so far (marked
/// incomplete). The answers are saved after every answer; say where they are, or that the last
/// ones could not be saved.
fn on_interrupt(
    lang: Lang,
    save: Option<(PathBuf, PathBuf)>,
    saving: Arc<Mutex<Saving>>,
    report: Arc<Mutex<String>>,
    gate: Arc<ReportGate>,
) {
    let _ = ctrlc::set_handler(move || {
        if !gate.claim() {
            // The interview's own report is being printed: the Ctrl-C came too late to stop it.
            return;
        }
        let failed = saving.lock().ok().and_then(|s| s.failed.clone());
        let saved = match (&save, failed) {
            (Some((path, _)), None) => lang.text_with(
                "interrupted-saved",
                &[("path", txt(&path.display().to_string()))],
            ),
            (Some((path, _)), Some(reason)) => lang.text_with(
                "interrupted-not-saved",
                &[
                    ("path", txt(&path.display().to_string())),
                    ("reason", txt(&reason)),
                ],
            ),
            (None, _) => String::new(),
        };
        eprintln!("\n{}{saved}", lang.text("interrupted"));
        // The process ends without dropping the save file's lock: remove its file here.
        if let Some((_, lock_file)) = &save {
            let _ = std::fs::remove_file(lock_file);
        }
        {
            use std::io::Write as _;
            let mut stdout = io::stdout().lock();
            let _ = stdout.write_all(lock(&report).as_bytes());
            let _ = stdout.flush();
        }
        std::process::exit(crate::error::EXIT_INTERRUPTED);
    });
}

#[cfg(test)]
mod tests {
    use super::ReportGate;
    use std::sync::Arc;

    #[test]
    fn only_one_of_many_racing_claims_the_report() {
        for _ in 0..200 {
            let gate = Arc::new(ReportGate::default());
            let claims: usize = (0..4)
                .map(|_| {
                    let gate = Arc::clone(&gate);
                    std::thread::spawn(move || usize::from(gate.claim()))
                })
                .collect::<Vec<_>>()
                .into_iter()
                .map(|thread| thread.join().unwrap())
                .sum();
            assert_eq!(claims, 1);
            assert!(!gate.claim());
        }
    }
}
