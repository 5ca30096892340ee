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
