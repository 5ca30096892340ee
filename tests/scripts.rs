//! The rough edges a script author or a clinician meets first: each was a bug, and each test
//! here failed before its fix.

use crate::harness::Test;

#[test]
fn ages_and_durations_are_whole_numbers_with_a_plain_message() {
    for (flag, value, message) in [
        ("--age", "40.5", "give a whole number (no fraction)"),
        (
            "--duration-days",
            "0.5",
            "give a whole number (no fraction)",
        ),
        ("--age", "abc", "give a whole number, like 42"),
    ] {
        Test::new()
            .args(&["assess", "--yes", "back_pain", flag, value])
            .status(2)
            .stdout("")
            .stderr(&format!(
                "error: invalid value '{value}' for '{flag} <N>': {message}\n\nFor more information, try '--help'.\n"
            ))
            .run();
    }
    Test::new()
        .args(&[
            "assess",
            "--yes",
            "back_pain",
            "--age",
            "40",
            "--duration-days",
            "3",
            "--format",
            "json",
        ])
        .run();
}

#[test]
fn sex_is_spelt_the_same_by_the_flags_the_answers_files_and_the_interview() {
    for spelling in ["f", "F", "female", "Female"] {
        let ran = Test::new()
            .args(&[
                "assess",
                "--yes",
                "back_pain",
                "--sex",
                spelling,
                "--format",
                "json",
            ])
            .run();
        assert!(ran.stdout.contains("\"sex\": \"female\""), "{spelling}");
        let ran = Test::new()
            .args(&["assess", "--answers", "-", "--format", "json"])
            .stdin(&format!(
                "sex: {spelling}\nfindings: {{back_pain: present}}\n"
            ))
            .run();
        assert!(ran.stdout.contains("\"sex\": \"female\""), "{spelling}");
    }
    Test::new()
        .args(&["assess", "--yes", "back_pain", "--sex", "x"])
        .status(1)
        .stdout("")
        .stderr("error: `sex` must be one of female, male, not `x`\n")
        .run();
}

#[test]
fn a_batch_refuses_a_format_it_does_not_print() {
    for format in ["text", "summary", "fhir"] {
        Test::new()
            .args(&["assess", "--batch", "-", "--format", format])
            .stdin("{\"findings\": {\"back_pain\": \"present\"}}\n")
            .status(2)
            .stdout("")
            .stderr(&format!("error: --batch prints one JSON report per line; it has no `--format {format}` (leave out --format, or give --format json)\n"))
            .run();
    }
    let ran = Test::new()
        .args(&["assess", "--batch", "-", "--format", "json"])
        .stdin("{\"findings\": {\"back_pain\": \"present\"}}\n")
        .stderr("")
        .run();
    assert!(ran.stdout.starts_with("{\"line\":1,"));
}

#[test]
fn rules_before_a_command_that_reads_no_knowledge_base_is_refused_as_after_it() {
    let rules = crate::harness::mini().display().to_string();
    for command in ["schema", "completions", "man"] {
        let mut args = vec!["--rules", rules.as_str(), command];
        if command == "completions" {
            args.push("bash");
        }
        Test::new()
            .args(&args)
            .status(2)
            .stdout("")
            .stderr(&format!(
                "error: `triage {command}` reads no knowledge base, so it takes no --rules\n"
            ))
            .run();
    }
}

#[test]
fn test_quiet_prints_only_the_failures_and_the_counts() {
    let rules = crate::harness::mini();
    let ran = Test::new()
        .rules(&rules)
        .args(&["test", "--quiet"])
        .stdout_below_header("2 passed, 0 failed\n")
        .run();
    assert_eq!(ran.stderr, "");
    // A failure is still shown in full.
    let dir = crate::harness::mini_copy();
    let tests = dir.path().join("tests");
    let file = std::fs::read_dir(&tests)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("urgency: self_care", "urgency: urgent")).unwrap();
    let ran = Test::new()
        .rules(dir.path())
        .args(&["test", "-q"])
        .status(1)
        .run();
    assert!(ran.stdout.contains("FAIL  "), "{}", ran.stdout);
    assert!(!ran.stdout.contains("\nok "), "{}", ran.stdout);
}

#[test]
fn test_quiet_holds_under_watch() {
    use std::io::{BufRead, BufReader};
    let dir = crate::harness::mini_copy();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(["test", "--watch", "--quiet", "--rules"])
        .arg(dir.path())
        .env_remove("TRIAGE_RULES")
        .env("LC_ALL", "C")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let done = line.contains(" passed, ");
            let _ = sender.send(line);
            if done {
                break;
            }
        }
    });
    let mut lines = Vec::new();
    while let Ok(line) = receiver.recv_timeout(std::time::Duration::from_secs(60)) {
        let done = line.contains(" passed, ");
        lines.push(line);
        if done {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(lines.iter().any(|l| l == "2 passed, 0 failed"), "{lines:?}");
    assert!(!lines.iter().any(|l| l.starts_with("ok ")), "{lines:?}");
}

#[test]
fn a_check_that_finds_something_exits_1_and_one_that_could_not_run_exits_3() {
    let mini = crate::harness::mini();
    let dir = crate::harness::mini_copy();
    // A real change: sciatica loses its evidence, so an outcome's causes change.
    crate::harness::remove_rule(&dir.path().join("rules.yaml"), "sciatica_from_pattern");
    let base = mini.display().to_string();
    Test::new()
        .rules(dir.path())
        .args(&["diff", "--base", &base, "--fail-on", "any"])
        .status(1)
        .run();
    // No base to compare with: the check did not run.
    let ran = Test::new()
        .rules(dir.path())
        .args(&["diff", "--base", "/nonexistent/base", "--fail-on", "any"])
        .status(3)
        .stdout("")
        .run();
    assert!(
        ran.stderr.starts_with("error: cannot read"),
        "{}",
        ran.stderr
    );
    Test::new()
        .rules(&mini)
        .args(&["test", "/nonexistent/scenarios.yaml"])
        .status(3)
        .stdout("")
        .run();
    // `check` finds the problems of the knowledge base it checks (1); one it cannot read is 3.
    Test::new()
        .args(&["check", "--rules", "/nonexistent/rules"])
        .status(3)
        .stdout("")
        .run();
}

#[test]
fn verify_writes_each_counterexample_as_an_answers_file_that_assess_replays() {
    let dir = crate::harness::mini_copy();
    std::fs::write(
        dir.path().join("invariants.yaml"),
        "invariants:\n  - id: saddle_is_an_emergency\n    when: saddle_numbness\n    at_least: emergency\n",
    )
    .unwrap();
    crate::harness::remove_rule(&dir.path().join("rules.yaml"), "saddle_emergency");
    let out = tempfile::tempdir().unwrap();
    let cases = out.path().join("cases");
    let ran = Test::new()
        .rules(dir.path())
        .args(&["verify", "--counterexamples", cases.to_str().unwrap()])
        .status(1)
        .stderr("")
        .run();
    let file = cases.join("saddle_is_an_emergency.yaml");
    assert!(
        ran.stdout.ends_with(&format!(
            "Counterexamples written to {}:\n  {}\n",
            cases.display(),
            file.display()
        )),
        "{}",
        ran.stdout
    );
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# A counterexample to invariant `saddle_is_an_emergency`: these answers give the urgency self_care (at least emergency was wanted).\n"), "{text}");
    let replay = Test::new()
        .rules(dir.path())
        .args(&[
            "assess",
            "--answers",
            file.to_str().unwrap(),
            "--format",
            "json",
        ])
        .stderr("")
        .run();
    let report: serde_json::Value = serde_json::from_str(&replay.stdout).unwrap();
    assert_eq!(report["urgency"]["level"], "self_care");
    assert_eq!(report["answers"]["findings"]["saddle_numbness"], "present");
}

#[test]
fn every_problem_of_a_scenario_file_is_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typos.yaml");
    std::fs::write(
        &path,
        "\
scenarios:
  - name: a misspelt key
    answers: {findings: {back_pain: present}}
    expct: {urgency: self_care}
  - name: an unknown id
    answers: {findings: {fevr: present}}
    expect: {urgency: urgnt}
  - name: both in one
    answers: {findings: {back_pain: present}}
    expect: {first: sciatca, urgncy: urgent}
",
    )
    .unwrap();
    let ran = Test::new()
        .rules(&crate::harness::mini())
        .args(&["test", path.to_str().unwrap()])
        .status(3)
        .stdout("")
        .run();
    let messages: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("error") || l.contains("help:"))
        .collect();
    assert_eq!(
        messages,
        [
            "error: unknown field `expct`, expected one of id, name, note, answers, expect",
            "  = help: did you mean `expect`?",
            "error: unknown finding `fevr`",
            "  = help: did you mean `fever`?",
            "error: unknown urgency level `urgnt`",
            "  = help: did you mean `urgent`?",
            "error: unknown cause `sciatca`",
            "  = help: did you mean `sciatica`?",
            "error: unknown field `urgncy`, expected one of urgency, first, in_top, top_n, absent, no_causes",
            "  = help: did you mean `urgency`?",
            "error: 5 problems in the scenarios",
        ],
        "{}",
        ran.stderr
    );
}

/// What the binary offers a shell for the last word of `words` (fish's side of the protocol:
/// one candidate per line, a tab before its help).
fn completions(words: &[&str]) -> Vec<String> {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
        .arg("--")
        .args(words)
        .env("COMPLETE", "fish")
        .env_remove("TRIAGE_RULES")
        .env("LC_ALL", "C")
        .current_dir(crate::harness::neutral_dir())
        .output()
        .unwrap();
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split('\t').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn shells_complete_finding_ids_after_yes_no_unknown_and_cause_ids_after_why_not() {
    assert_eq!(
        completions(&["triage", "assess", "--yes", "saddle_n"]),
        ["saddle_numbness"]
    );
    assert_eq!(
        completions(&["triage", "assess", "--no", "back_pain,saddle_n"]),
        ["back_pain,saddle_numbness"]
    );
    assert!(completions(&["triage", "explain", "--unknown", "fev"]).contains(&"fever".to_string()));
    assert_eq!(
        completions(&["triage", "explain", "--why-not", "cauda"]),
        ["cauda_equina_syndrome"]
    );
    // Numbers and choices are not offered where a yes/no finding is wanted; nor files.
    assert!(completions(&["triage", "assess", "--yes", "ag"]).is_empty());
    assert!(
        completions(&["triage", "assess", "--yes", ""])
            .iter()
            .all(|c| !c.contains('/'))
    );
}
