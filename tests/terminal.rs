//! The interview in a real (pseudo-)terminal: colour on, questions answered as typed, and bare
//! `triage` starting the interview.

use crate::harness::{binary, mini, neutral_dir};
use rexpect::session::spawn_command;
use std::path::Path;
use std::process::Command;

fn triage(args: &[&str]) -> Command {
    let mut command = Command::new(binary());
    command
        .args(["--rules", mini().to_str().unwrap()])
        .args(args);
    command
        .env_remove("NO_COLOR")
        .env_remove("LANGUAGE")
        .env("TERM", "xterm")
        .env("LC_ALL", "C");
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

/// In Spanish too: the emergency is shown first, in bold red, in the person's language.
#[test]
fn an_emergency_in_spanish_shows_in_bold_red_in_a_terminal() {
    let mut command = triage(&["ask"]);
    command.env("LC_ALL", "es_ES.UTF-8");
    let mut session = spawn_command(command, Some(10_000)).unwrap();
    session
        .exp_string("Is it numb between your legs? [s/n/?] ")
        .unwrap();
    session.send_line("sí").unwrap();
    session
        .exp_string("\x1b[1;31mEMERGENCIA: Go to an emergency department now\x1b[0m")
        .unwrap();
    let rest = session.exp_eof().unwrap();
    assert!(!rest.contains("EMERGENCIA"), "{rest}");
    // rexpect reads each byte as a character: the check is on plain ASCII words.
    assert!(rest.contains("Diga al personal sanitario"), "{rest}");
}

#[test]
fn at_80_columns_no_line_is_longer_so_no_word_is_broken() {
    // The built-in knowledge base, whose questions and report are long.
    let mut command = Command::new("sh");
    command
        .args([
            "-c",
            &format!("stty cols 80 rows 24; exec {} ask", binary().display()),
        ])
        .env_remove("NO_COLOR")
        .env("LC_ALL", "C")
        .env_remove("COLUMNS")
        .env("TERM", "xterm")
        .current_dir(neutral_dir());
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
        "# 1 question answered in `triage ask` (`--resume` goes on from there)\nfindings:\n  saddle_numbness: absent\n"
    );
}

/// What a person saw at a terminal, and how the program ended.
pub struct Seen {
    /// The screen, answers and all (as the terminal echoes them), without colour.
    pub screen: String,
    pub status: i32,
}

/// A person at a terminal `columns` wide runs `triage ARGS` in `dir` (with the built-in
/// knowledge base unless `dir` or ARGS say otherwise) and answers each prompt with what
/// `answer` returns for the screen so far (`None`: Ctrl-D, the end of input).
pub fn at_terminal(
    args: &[&str],
    columns: usize,
    env: &[(&str, &str)],
    dir: &Path,
    mut answer: impl FnMut(&str) -> Option<String>,
) -> Seen {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("stty cols \"$1\" rows 60; shift; exec \"$@\"")
        .arg("sh")
        .arg(columns.to_string())
        .arg(binary())
        .args(args)
        .env_remove("NO_COLOR")
        .env("LC_ALL", "C")
        .env_remove("COLUMNS")
        .env_remove("TRIAGE_RULES")
        .env("TERM", "xterm")
        .current_dir(dir);
    for (key, value) in env {
        command.env(key, value);
    }
    let mut session = spawn_command(command, Some(30_000)).unwrap();
    let mut screen = String::new();
    for prompts in 0.. {
        assert!(prompts < 300, "an endless interview:\n{}", plain(&screen));
        match session.exp_regex(r"(\[y/n/\?\]|>|skip\)) ") {
            Ok((before, prompt)) => {
                screen.push_str(&before);
                screen.push_str(&prompt);
                match answer(&plain(&screen)) {
                    Some(reply) => {
                        screen.push_str(&reply);
                        screen.push('\n');
                        session.send_line(&reply).unwrap();
                    }
                    None => {
                        screen.push('\n');
                        session.send_control('d').unwrap();
                    }
                }
            }
            Err(rexpect::error::Error::EOF { got, .. }) => {
                screen.push_str(&got);
                break;
            }
            Err(other) => panic!("{other}\n{}", plain(&screen)),
        }
    }
    let status = match session.process().wait().unwrap() {
        rexpect::process::WaitStatus::Exited(_, status) => status,
        other => panic!("unexpected end: {other:?}"),
    };
    Seen {
        screen: plain(&utf8(&screen)).replace('\r', ""),
        status,
    }
}

/// The text read from the terminal, whose bytes rexpect gives one char each, as UTF-8.
fn utf8(read: &str) -> String {
    let bytes: Vec<u8> = read
        .chars()
        .map(|c| u8::try_from(c).unwrap_or(b'?'))
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Answers from a list in turn, then `then` to every yes/no question or checklist after it
/// (`?` to a number or a choice, and back pain as what is bothering).
fn answers(list: &[&str], then: &str) -> impl FnMut(&str) -> Option<String> {
    let mut list: Vec<String> = list.iter().rev().map(|a| a.to_string()).collect();
    let then = then.to_string();
    let mut seen = 0;
    move |screen| {
        let question = &screen[seen.min(screen.len())..];
        seen = screen.len();
        Some(list.pop().unwrap_or_else(|| {
            if screen.ends_with("skip) ") {
                "?".into()
            } else if question.contains("What is bothering you?") {
                "3".into()
            } else {
                then.clone()
            }
        }))
    }
}

/// Issue 21, item 2: a man of 40 (and a woman of 68) answering "not sure" to everything, at a
/// terminal: no question, no checklist item and no warning sign of the report is about
/// pregnancy, vaginal bleeding or tightenings of the tummy.
#[test]
fn a_man_or_a_woman_of_68_is_never_asked_or_told_about_pregnancy() {
    for (age, sex) in [("40", "male"), ("68", "female")] {
        let dir = tempfile::tempdir().unwrap();
        let saved = dir.path().join("m.yaml");
        std::fs::write(
            &saved,
            format!("age: {age}\nsex: {sex}\nfindings:\n  back_pain: present\n"),
        )
        .unwrap();
        let seen = at_terminal(
            &["ask", "--save", saved.to_str().unwrap(), "--resume"],
            80,
            &[],
            dir.path(),
            |_| Some("?".into()),
        );
        let lower = seen.screen.to_lowercase();
        for word in ["pregnan", "vagina", "tighten", "given birth"] {
            assert!(
                !lower.contains(word),
                "{age} {sex}: `{word}`\n{}",
                seen.screen
            );
        }
        assert!(lower.contains("warning sign"), "{}", seen.screen);
    }
}

/// The screen from the first line containing `from`.
fn after<'a>(screen: &'a str, from: &str) -> &'a str {
    screen.find(from).map_or("", |i| &screen[i..])
}

/// Issue 21, items 3 and 4: after the emergency, "One more question" comes once and the
/// emergency's instruction is shown once; after `b` takes the emergency answer back, no later
/// question says "One more question".
#[test]
fn after_an_emergency_one_more_question_comes_once_and_the_instruction_is_shown_once() {
    let seen = at_terminal(
        &["ask"],
        80,
        &[],
        neutral_dir(),
        // No to the ambulance checklist, then bladder trouble and saddle numbness on the
        // nerve checklist: an emergency, not yet an ambulance.
        answers(&["50", "3,4", "5", "n", "1,2"], "n"),
    );
    assert_eq!(seen.status, 0);
    assert_eq!(
        seen.screen.matches("One more question").count(),
        1,
        "{}",
        seen.screen
    );
    assert_eq!(
        seen.screen
            .matches("EMERGENCY: Go to an emergency department now")
            .count(),
        1,
        "{}",
        seen.screen
    );
    assert_eq!(
        seen.screen
            .matches("Go to the nearest hospital emergency department")
            .count(),
        1,
        "{}",
        seen.screen
    );
    // The reasons and what to tell the staff follow, said once each.
    let report = after(&seen.screen, "One more question");
    assert_eq!(report.matches("Why:").count(), 1, "{report}");
    assert!(report.contains("Tell the staff"), "{report}");

    let seen = at_terminal(
        &["ask"],
        80,
        &[],
        neutral_dir(),
        answers(&["50", "3,4", "5", "n", "1,2", "b"], "n"),
    );
    assert_eq!(
        seen.screen.matches("One more question").count(),
        1,
        "{}",
        seen.screen
    );
    let taken_back = after(&seen.screen, "Going back");
    assert!(!taken_back.contains("ambulance:"), "{taken_back}");
    assert!(!taken_back.contains("EMERGENCY"), "{taken_back}");
}

/// Issue 23, defect 1, as the issue found it: at 20, saddle numbness was an emergency that
/// ended the interview before the chest question that, with it, calls an ambulance. The
/// checklist of the signs that call an ambulance, chest pain first, now comes before any that
/// can end the interview at an emergency; and after an emergency found on a later checklist,
/// the one more question does not ask again what that checklist answered.
#[test]
fn under_35_the_question_after_an_emergency_asks_about_chest_pain() {
    let seen = at_terminal(
        &["ask", "--show-ids"],
        80,
        &[],
        neutral_dir(),
        // No to the ambulance and the organ checklists, then saddle numbness.
        answers(&["20", "3", "60", "n", "n", "2"], "n"),
    );
    let first_list = after(&seen.screen, "[screen_");
    assert!(
        first_list.starts_with("[screen_ambulance_signs]"),
        "{}",
        seen.screen
    );
    let before_emergency = &seen.screen[..seen.screen.find("EMERGENCY").unwrap_or(0)];
    assert!(before_emergency.contains("[chest_pain]"), "{}", seen.screen);
    assert!(
        seen.screen
            .contains("EMERGENCY: Go to an emergency department now"),
        "{}",
        seen.screen
    );
    let follow_up = after(&seen.screen, "One more question");
    assert!(!follow_up.contains("[chest_pain]"), "{}", seen.screen);
}

/// Issue 21, item 5: the "second look" at two signs answered "not sure" together comes only
/// after both were asked; a pain question never follows "no" to back pain; how long the
/// symptoms have lasted is asked once they are named.
#[test]
fn a_second_look_comes_after_its_parts_and_no_pain_question_follows_no_back_pain() {
    let seen = at_terminal(
        &["ask", "--show-ids"],
        80,
        &[],
        neutral_dir(),
        answers(&["45", "?", "?", "?", "?"], "n"),
    );
    let screen = &seen.screen;
    let complaint = screen.find("[complaint]").unwrap();
    assert!(
        screen
            .find("[duration_days]")
            .is_some_and(|d| d > complaint),
        "{screen}"
    );
    for (combined, parts) in [
        ("[sudden_severe_pain]", ["[sudden_onset]", "[severe_pain]"]),
        (
            "[stiff_neck_headache]",
            ["[stiff_neck]", "[sudden_severe_headache]"],
        ),
    ] {
        if let Some(at) = screen.find(combined) {
            for part in parts {
                assert!(
                    screen.find(part).is_some_and(|p| p < at),
                    "{combined} before {part}\n{screen}"
                );
            }
        }
    }
    if let Some(no_pain) = screen.find("[back_pain] Do you have pain in your back? [y/n/?] n") {
        let later = &screen[no_pain..];
        assert!(!later.contains("[severe_pain]"), "{screen}");
        assert!(!later.contains("[pain_getting_worse]"), "{screen}");
    }
}

/// The lines of a screen longer than `columns`, not counting an answer typed after a prompt,
/// nor a line that holds a single word too long for any line (after a list's marker).
fn too_wide(screen: &str, columns: usize) -> Vec<&str> {
    screen
        .lines()
        .filter(|line| {
            let shown = ["[y/n/?] ", "skip) ", "> "]
                .iter()
                .find_map(|prompt| line.rfind(prompt).map(|at| &line[..at + prompt.len() - 1]))
                .unwrap_or(line);
            let words = shown
                .split_whitespace()
                .filter(|w| {
                    *w != "-" && !w.trim_end_matches('.').chars().all(|c| c.is_ascii_digit())
                })
                .count();
            shown.chars().count() > columns && words > 1
        })
        .collect()
}

/// Issue 21 item 9 and issue 23 defect 21: `COLUMNS` is honoured by `ask` (questions and
/// report) as by `--help`, and a terminal narrower than 20 columns gets text of its own width.
#[test]
fn columns_and_a_narrow_terminal_set_the_width_of_the_interview_and_the_report() {
    for (terminal, env, width) in [(80, &[("COLUMNS", "40")][..], 40), (16, &[][..], 16)] {
        let seen = at_terminal(&["ask"], terminal, env, neutral_dir(), answers(&[], "?"));
        assert!(seen.screen.contains("warning sign"), "{}", seen.screen);
        let wide = too_wide(&seen.screen, width);
        assert!(wide.is_empty(), "{width} columns: {wide:#?}");
    }
    let ran = crate::harness::Test::new()
        .env("COLUMNS", "40")
        .args(&["assess", "--yes", "back_pain,fever", "--age", "50"])
        .run();
    let wide = too_wide(&ran.stdout, 40);
    assert!(wide.is_empty(), "{wide:#?}");
}

/// Issue 21 item 9: a prompt leaves room on its line for the answer typed after it.
#[test]
fn every_prompt_leaves_room_for_the_answer() {
    let seen = at_terminal(
        &["ask", "--show-ids"],
        80,
        &[],
        neutral_dir(),
        answers(&["45"], "n"),
    );
    for line in seen.screen.lines() {
        for prompt in ["[y/n/?] ", "skip) ", "> "] {
            if let Some(at) = line.rfind(prompt) {
                let end = line[..at + prompt.len()].chars().count();
                assert!(end <= 70, "{end} columns before the answer: {line}");
            }
        }
    }
}

/// Issue 21 item 9: `b` says what the earlier answer was and asks its question again, once;
/// `why` lists the causes an answer tells apart, each on its own line.
#[test]
fn back_says_the_earlier_answer_and_why_lists_the_causes() {
    let seen = at_terminal(
        &["--rules", mini().to_str().unwrap(), "ask"],
        80,
        &[],
        neutral_dir(),
        answers(&["n", "n", "y", "why", "b", "n"], "n"),
    );
    let (screen, told) = crate::harness::without_rules_notice(&seen.screen);
    assert!(told, "{}", seen.screen);
    let back = after(&screen, "Going back");
    assert!(
        back.starts_with(
            "Going back one question (you had answered yes):\nDo you have pain in your back? [y/n/?] n\nSELF CARE"
        ),
        "{}",
        seen.screen
    );
    let why = after(&seen.screen, "Into a buttock");
    assert!(
        why.contains("causes apart:\n  - Sciatica\n  - Muscle strain\n"),
        "{}",
        seen.screen
    );
}

/// Issue 23 defect 13 and issue 21 item 7: `--resume` goes on after the last question
/// answered (the opening question answered "not sure" is not asked again), counts the answers
/// the file holds, and `--max-questions` counts only the questions asked from there.
#[test]
fn resume_goes_on_where_the_interview_stopped_and_counts_what_was_answered() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("answers.yaml");
    let saved = saved.to_str().unwrap();
    let first = at_terminal(
        &["ask", "--save", saved],
        80,
        &[],
        dir.path(),
        answers(&["45", "?", "10", "q"], "q"),
    );
    assert!(
        first
            .screen
            .contains("you stopped the questions after 3 answers"),
        "{}",
        first.screen
    );
    let mut prompts = 0;
    let second = at_terminal(
        &["ask", "--save", saved, "--resume", "--max-questions", "5"],
        80,
        &[],
        dir.path(),
        |screen| {
            prompts += 1;
            Some(if screen.ends_with("skip) ") { "?" } else { "n" }.into())
        },
    );
    assert_eq!(prompts, 5, "{}", second.screen);
    for asked_before in [
        "How old are you?",
        "What is bothering you?",
        "How many days",
    ] {
        assert!(!second.screen.contains(asked_before), "{}", second.screen);
    }
    assert!(
        second
            .screen
            .contains("the question limit was reached after 8 answers"),
        "{}",
        second.screen
    );
}

/// Issue 23 defect 8: while one interview saves to a file, a second one saving to the same
/// file is refused before its first question, plainly; once the first ends, the file is free.
#[test]
fn a_second_interview_saving_to_the_same_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("answers.yaml");
    let saved = saved.to_str().unwrap();
    let mut command = Command::new(binary());
    command
        .args(["ask", "--save", saved])
        .env("TERM", "xterm")
        .env("LC_ALL", "C")
        .current_dir(dir.path());
    let mut first = spawn_command(command, Some(10_000)).unwrap();
    first.exp_string("How old are you?").unwrap();
    crate::harness::Test::new()
        .current_dir(dir.path())
        .args(&["ask", "--save", saved])
        .status(1)
        .stdout("")
        .stderr(&format!(
            "error: `{saved}` is being saved by another `triage ask` (it holds `{saved}.lock`); \
             finish that interview first, or save to another file\n"
        ))
        .run();
    first.send_line("q").unwrap();
    first.exp_eof().unwrap();
    assert!(!std::path::Path::new(&format!("{saved}.lock")).exists());
    crate::harness::Test::new()
        .current_dir(dir.path())
        .args(&["ask", "--save", saved, "--resume"])
        .stdin("q\n")
        .run();
}

/// Issue 21 item 7: Ctrl-D at a terminal is the person stopping; the report says so at its top.
#[test]
fn ctrl_d_at_a_terminal_is_stopping_and_the_report_says_so_first() {
    let mut first = true;
    let seen = at_terminal(
        &["--rules", mini().to_str().unwrap(), "ask"],
        80,
        &[],
        neutral_dir(),
        |_| std::mem::replace(&mut first, false).then(|| "n".to_string()),
    );
    let report = after(&seen.screen, "This result is not complete");
    assert!(
        report.starts_with(
            "This result is not complete: you stopped the questions after 1 answer, so it is\n"
        ),
        "{}",
        seen.screen
    );
    assert!(!seen.screen.contains("ran out"), "{}", seen.screen);
}
