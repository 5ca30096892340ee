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
    // The report is on the same screen at once: the heading is printed there, once.
    let rest = session.exp_eof().unwrap();
    assert!(!rest.contains("EMERGENCY"), "{rest}");
    assert!(rest.contains("Why:"), "{rest}");
}

/// The text without its ANSI colour codes.
fn plain(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[test]
fn at_80_columns_no_line_is_longer_so_no_word_is_broken() {
    // The built-in knowledge base, whose questions and report are long.
    let mut command = Command::new("sh");
    command
        .args([
            "-c",
            &format!(
                "stty cols 80 rows 24; exec {} ask",
                env!("CARGO_BIN_EXE_triage")
            ),
        ])
        .env_remove("NO_COLOR")
        .env("TERM", "xterm");
    let mut session = spawn_command(command, Some(20_000)).unwrap();
    let mut all = String::new();
    for answer in ["?", "?", "?", "?", "?", "?", "why", "b", "q"] {
        // Each prompt ends the same way: `[y/n/?] `, `> ` under a list, or `skip) `.
        let (before, prompt) = session.exp_regex(r"(\[y/n/\?\]|>|skip\)) ").unwrap();
        all.push_str(&before);
        all.push_str(&prompt);
        // The pseudo-terminal does not echo; a person's terminal shows the answer and a newline.
        all.push_str(answer);
        all.push('\n');
        session.send_line(answer).unwrap();
    }
    all.push_str(&session.exp_eof().unwrap());
    let all = plain(&all);
    assert!(all.contains("warning sign"), "{all}");
    for line in all.lines() {
        let line = line.trim_end_matches('\r');
        assert!(
            line.chars().count() <= 80,
            "a line of {} columns: {line:?}",
            line.chars().count()
        );
    }
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
    // Said once, by the report on the same screen.
    session
        .exp_string("This result is not complete: you stopped the questions")
        .unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(!rest.contains("stopped"), "{rest}");
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
    // The report of the answers so far follows, marked incomplete.
    session
        .exp_string("This result is not complete: the questions were interrupted after 1")
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
