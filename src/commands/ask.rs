use super::assess::json_text;
use super::{Context, Output};
use crate::answers::Answers;
use crate::cli::{AskArgs, Format};
use crate::error::Error;
use crate::interview::Interview;
use crate::interview::prompt::{End, Prompter};
use crate::kb::KnowledgeBase;
use crate::report::{outcome_json, outcome_text};
use crate::style::Style;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

pub fn run(context: &Context, args: &AskArgs) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    let mut interview = Interview::new(&kb, args.max_questions)?;
    if let Some(path) = &args.save {
        // Start with an empty answers file, so a save location that can't be written is
        // found before the first question, not after the last.
        save(&kb, path, &Answers::default())?;
    }
    on_interrupt(args.save.clone());

    let stdin = io::stdin();
    let mut prompter = Prompter {
        echo: !stdin.is_terminal(),
        input: stdin.lock(),
        output: io::stderr(),
        style: Style::stderr(context.color),
        show_ids: args.show_ids,
    };
    let mut save_error = None;
    let end = prompter.run(&mut interview, |answers| {
        if let Some(path) = &args.save
            && let Err(error) = save(&kb, path, answers)
        {
            save_error.get_or_insert(error);
        }
    })?;
    if let Some(error) = save_error {
        return Err(error);
    }
    let saved = args
        .save
        .as_ref()
        .map(|p| format!("; the answers so far are saved in `{}`", p.display()))
        .unwrap_or_default();
    let mut stderr = String::new();
    match end {
        End::EndOfInput => {
            return Err(Error::Input(format!(
                "the input ended after {} answer{} before the interview was over{saved}",
                interview.asked(),
                crate::error::plural(interview.asked())
            )));
        }
        End::Quit => {
            stderr = format!(
                "You stopped early: this result is based on {} answer{} only{saved}.\n",
                interview.asked(),
                crate::error::plural(interview.asked())
            );
        }
        End::Finished | End::Emergency => {}
    }
    let answers = interview.answers();
    let outcome = interview.report()?;
    let stdout = match args.format {
        Format::Text => outcome_text(&kb, &outcome, Style::stdout(context.color)),
        Format::Json => json_text(&outcome_json(&kb, &answers, &outcome)),
    };
    Ok(Output {
        stdout,
        stderr,
        status: 0,
    })
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

/// Ctrl-C ends the interview with status 130. The answers are already saved after every
/// answer, so there is nothing to lose; say where they are.
fn on_interrupt(save: Option<PathBuf>) {
    let _ = ctrlc::set_handler(move || {
        let saved = save
            .as_ref()
            .map(|p| format!("; your answers are saved in `{}`", p.display()))
            .unwrap_or_default();
        eprintln!("\ninterrupted{saved}");
        std::process::exit(crate::error::EXIT_INTERRUPTED);
    });
}
