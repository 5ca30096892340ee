//! `triage`: symptom triage for tingling, numbness or pain in the back.
//!
//! A YAML knowledge base of findings, causes, urgency levels and rules ([`kb`]) is loaded into
//! a three-valued forward-chaining engine ([`engine`]); the outcome ([`assess`]) is the most
//! urgent level any fired rule set, and the causes ranked by the evidence for and against
//! them, every part traceable to a rule and a source. It is a triage aid, not a diagnosis.

pub mod analysis;
pub mod answers;
pub mod applicability;
pub mod assess;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod condition;
pub mod coverage;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod error;
pub mod explain;
pub mod fhir;
pub mod graph;
pub mod hazards;
pub mod i18n;
pub mod interview;
pub mod kb;
pub mod lines;
pub mod lint;
pub mod manual;
pub mod report;
pub mod scenario;
pub mod schema;
pub mod style;
pub mod suggest;
#[doc(hidden)]
pub mod synth;
pub mod test_report;
pub mod verify;
pub mod watch;

use clap::Parser;
use error::Error;
use std::ffi::OsString;
use std::io::{self, Write};
use style::Style;

/// Runs the command line and returns the exit status. Nothing is written to standard output
/// unless the command succeeded as a whole.
pub fn run(args: impl IntoIterator<Item = OsString>) -> i32 {
    let args: Vec<OsString> = args.into_iter().collect();
    let cli = match cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(error) => {
            // A person's command's help, in their language if that is not English.
            if let Some(help) = commands::help::said(&error, &args) {
                let style = Style::stdout(style::ColorChoice::Auto);
                let help = match style.is_enabled() {
                    true => help.ansi().to_string(),
                    false => help.to_string(),
                };
                let _ = write_stdout(&help);
                return error.exit_code();
            }
            // A person's command refused in a language other than English is told so in it.
            if error.use_stderr()
                && let Some(text) =
                    commands::usage::said(&error, &args, Style::stderr(style::ColorChoice::Auto))
            {
                let _ = io::stderr().write_all(text.as_bytes());
                return error.exit_code();
            }
            // clap repeats arguments as they are: one holding a character a terminal would act
            // on is repeated escaped (and without colour).
            let unseen = args
                .iter()
                .any(|a| a.to_string_lossy().chars().any(diagnostic::is_unseen));
            if unseen && error.use_stderr() {
                let text = error.render().to_string();
                let _ = io::stderr().write_all(diagnostic::escape_controls(&text).as_bytes());
            } else {
                let _ = error.print();
            }
            return error.exit_code();
        }
    };
    let color = cli.color;
    // What goes wrong with standard output, before or after the command runs, is said in the
    // language of a person's command (a `--lang` it lacks is the command's to refuse).
    let lang = commands::person_language(cli.command.as_ref())
        .ok()
        .flatten();
    let said = |error: Error| match lang {
        Some(lang) => i18n::error::said(error, lang, Style::stderr(color)),
        None => error,
    };
    // Before anything runs: with nowhere to write it, the report would be lost (and with an
    // interview, the answers).
    let reports = matches!(
        cli.command,
        None | Some(cli::Command::Ask(_) | cli::Command::Assess(_))
    );
    if let Err(error) = check_stdout(reports).map_err(said) {
        let _ = io::stderr().write_all(error.render(Style::stderr(color)).as_bytes());
        return error.status();
    }
    match commands::dispatch(cli) {
        Ok(output) => {
            let _ = io::stderr().write_all(output.stderr.as_bytes());
            match write_stdout(&output.stdout).map_err(said) {
                Ok(()) => output.status,
                Err(error) => {
                    let _ = io::stderr().write_all(error.render(Style::stderr(color)).as_bytes());
                    error.status()
                }
            }
        }
        Err(error) => {
            let _ = io::stderr().write_all(error.render(Style::stderr(color)).as_bytes());
            error.status()
        }
    }
}

/// Writes to standard output. A reader that went away (a closed pipe, as with `| head`) is
/// not an error worth a message: like other Unix tools we stop quietly.
pub fn write_stdout(text: &str) -> Result<(), Error> {
    match stdout_file().and_then(|mut out| out.write_all(text.as_bytes())) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Error::Output(error)),
    }
}

/// Refuses a standard output that can't be written (closed, or open only for reading), and
/// for a command whose report is the point (`reports`), one that looks closed: the Rust
/// runtime puts `/dev/null`, open for reading and writing, in place of a standard output closed
/// before `main` (`>&-`), and that is the only sign of one left. A shell's `> /dev/null` opens
/// it for writing only, and stays allowed.
fn check_stdout(reports: bool) -> Result<(), Error> {
    let mut out = stdout_file().map_err(|_| Error::StdoutClosed)?;
    // Other failures (a full disk) are the write's to report.
    let unwritable = out
        .write(&[])
        .is_err_and(|e| e.raw_os_error() == Some(error::BAD_DESCRIPTOR));
    if unwritable || (reports && looks_closed(&mut out)) {
        return Err(Error::StdoutClosed);
    }
    Ok(())
}

#[cfg(unix)]
fn looks_closed(out: &mut std::fs::File) -> bool {
    use std::io::Read;
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let readable = out.read(&mut []).is_ok();
    let null = |m: &std::fs::Metadata| m.file_type().is_char_device().then(|| m.rdev());
    let is_null = match (out.metadata(), std::fs::metadata("/dev/null")) {
        (Ok(out), Ok(dev_null)) => null(&out).is_some() && null(&out) == null(&dev_null),
        _ => false,
    };
    readable && is_null
}

#[cfg(not(unix))]
fn looks_closed(_: &mut std::fs::File) -> bool {
    false
}

/// Standard output as a file of its own (a duplicate of its descriptor), unbuffered. Rust's
/// `Stdout` takes a standard output that is closed or not open for writing for one that
/// wrote everything, and the report would be lost with status 0; a file says so.
pub fn stdout_file() -> io::Result<std::fs::File> {
    #[cfg(unix)]
    let owned = std::os::fd::AsFd::as_fd(&io::stdout()).try_clone_to_owned();
    #[cfg(windows)]
    let owned = std::os::windows::io::AsHandle::as_handle(&io::stdout()).try_clone_to_owned();
    owned.map(std::fs::File::from)
}
