//! The interview in a real (pseudo-)terminal: colour on, questions answered as typed, and bare
//! `triage` starting the interview.

use crate::harness::mini;
use rexpect::session::spawn_command;
use std::process::Command;

fn triage(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_triage"));
    command
        .args(["--rules", mini().to_str().unwrap()])
        .args(args);
    command.env_remove("NO_COLOR").env("TERM", "xterm");
    command
}

#[test]
fn an_emergency_shows_in_bold_red_in_a_terminal() {
    let mut session = spawn_command(triage(&["ask"]), Some(10_000)).unwrap();
    session
        .exp_string("Is it numb between your legs? [y/n/?] ")
        .unwrap();
    session.send_line("y").unwrap();
    session
        .exp_string("\x1b[1;31mEMERGENCY: Go to an emergency department now\x1b[0m")
        .unwrap();
    // The report follows on standard output, coloured too, then the program ends.
    session
        .exp_string("\x1b[1;31mEMERGENCY: Go to an emergency department now\x1b[0m")
        .unwrap();
    session.exp_eof().unwrap();
}

#[test]
fn bare_triage_on_a_terminal_starts_the_interview_and_goes_back_on_request() {
    let mut session = spawn_command(triage(&[]), Some(10_000)).unwrap();
    session
        .exp_string("Is it numb between your legs? [y/n/?] ")
        .unwrap();
    session.send_line("n").unwrap();
    session
        .exp_string("Have you had a fever? [y/n/?] ")
        .unwrap();
    session.send_line("back").unwrap();
    session
        .exp_string("Is it numb between your legs? [y/n/?] ")
        .unwrap();
    session.send_line("n").unwrap();
    session
        .exp_string("Have you had a fever? [y/n/?] ")
        .unwrap();
    session.send_line("q").unwrap();
    session.exp_string("You stopped early").unwrap();
    session.exp_eof().unwrap();
}

#[test]
fn ctrl_c_keeps_the_answers_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("answers.yaml");
    let mut session = spawn_command(
        triage(&["ask", "--save", save.to_str().unwrap()]),
        Some(10_000),
    )
    .unwrap();
    session
        .exp_string("Is it numb between your legs? [y/n/?] ")
        .unwrap();
    session.send_line("n").unwrap();
    session
        .exp_string("Have you had a fever? [y/n/?] ")
        .unwrap();
    session.send_control('c').unwrap();
    session
        .exp_string(&format!(
            "interrupted; your answers are saved in `{}`",
            save.display()
        ))
        .unwrap();
    session.exp_eof().unwrap();
    match session.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, status) => assert_eq!(status, 130),
        other => panic!("unexpected end: {other:?}"),
    }
    assert_eq!(
        std::fs::read_to_string(&save).unwrap(),
        "findings:\n  saddle_numbness: absent\n"
    );
}
