//! `triage`: symptom triage for tingling, numbness or pain in the back.
//!
//! A YAML knowledge base of findings, causes, urgency levels and rules ([`kb`]) is loaded into
//! a three-valued forward-chaining engine ([`engine`]); the outcome ([`assess`]) is the most
//! urgent level any fired rule set, and the causes ranked by the evidence for and against
//! them, every part traceable to a rule and a source. It is a triage aid, not a diagnosis.

pub mod analysis;
pub mod answers;
pub mod assess;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod coverage;
pub mod diagnostic;
pub mod diff;
pub mod engine;
pub mod error;
pub mod explain;
pub mod graph;
pub mod hazards;
pub mod interview;
pub mod kb;
pub mod lines;
pub mod lint;
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
            let _ = error.print();
            return error.exit_code();
        }
    };
    let color = cli.color;
    match commands::dispatch(cli) {
        Ok(output) => {
            let _ = io::stderr().write_all(output.stderr.as_bytes());
            match write_stdout(&output.stdout) {
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
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(error) => Err(Error::Output(error)),
    }
}
