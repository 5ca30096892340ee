//! The bad-input catalogue: every kind of bad input the program can meet, each answered with a
//! clear message on standard error, exit status 1 (bad input) or 2 (bad usage), and nothing on
//! standard output. None may panic (a panic exits with 101). bad_input.rs has the exact
//! renderings of several of these; this file walks the whole list, for each kind of input
//! (rules, answers files, standard input, flags, scenarios, the interview) where it applies.

use crate::harness::{Test, mini, mini_copy};
use std::path::Path;

/// Runs and checks: the status, empty standard output, and a standard error that starts with
/// `error: ` followed by `message` and contains each of `more`.
fn refused(test: Test, status: i32, message: &str, more: &[&str]) {
    let ran = test.status(status).stdout("").run();
    assert!(
        ran.stderr.starts_with(&format!("error: {message}")),
        "expected `error: {message}` first, got:\n{}",
        ran.stderr
    );
    for part in more {
        assert!(
            ran.stderr.contains(part),
            "expected `{part}` in:\n{}",
            ran.stderr
        );
    }
    assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
}

fn assess_file(text: &[u8]) -> (tempfile::TempDir, Test) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.yaml");
    std::fs::write(&path, text).unwrap();
    let test = Test::new()
        .rules(&mini())
        .args(&["assess", "--answers", path.to_str().unwrap()]);
    (dir, test)
}

/// A copy of the mini knowledge base with one more file in it.
fn rules_with(name: &str, text: &[u8]) -> tempfile::TempDir {
    let dir = mini_copy();
    std::fs::write(dir.path().join(name), text).unwrap();
    dir
}

fn check(dir: &Path) -> Test {
    Test::new().rules(dir).args(&["check"])
}

#[test]
fn missing_files() {
    refused(
        Test::new()
            .rules(&mini())
            .args(&["assess", "--answers", "/nonexistent/a.yaml"]),
        1,
        "cannot read `/nonexistent/a.yaml`: no such file or folder",
        &[],
    );
    refused(
        Test::new().args(&["--rules", "/nonexistent/rules", "verify"]),
        3,
        "cannot read the rules folder `/nonexistent/rules`: no such file or folder",
        &[],
    );
    refused(
        Test::new()
            .rules(&mini())
            .args(&["test", "/nonexistent/scenarios.yaml"]),
        3,
        "cannot read `/nonexistent/scenarios.yaml`",
        &[],
    );
    refused(
        Test::new()
            .env("TRIAGE_RULES", "/nonexistent/rules")
            .args(&["list", "findings"]),
        1,
        "cannot read the rules folder `/nonexistent/rules`",
        &[],
    );
}

#[test]
fn unreadable_files() {
    // Tests run as root, who can read a file whatever its mode, so `chmod 000` proves
    // nothing here: a folder where a file is expected is unreadable for everyone.
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("answers.yaml");
    std::fs::create_dir(&folder).unwrap();
    refused(
        Test::new()
            .rules(&mini())
            .args(&["assess", "--answers", folder.to_str().unwrap()]),
        1,
        &format!(
            "cannot read `{}`: it is a folder, not a file",
            folder.display()
        ),
        &[],
    );
    let rules_file = tempfile::NamedTempFile::new().unwrap();
    refused(
        Test::new().rules(rules_file.path()).args(&["check"]),
        3,
        "cannot read the rules folder",
        &[],
    );
}

#[test]
fn yaml_syntax_errors() {
    let (_dir, test) = assess_file(b"findings: {fever: yes\n");
    refused(test, 1, "", &["answers.yaml:", "1 problem in the answers"]);
    let dir = rules_with("zz.yaml", b"rules:\n  - id: [x\n");
    refused(
        check(dir.path()),
        1,
        "",
        &["zz.yaml:", "the knowledge base did not load"],
    );
    let dir = mini_copy();
    std::fs::write(dir.path().join("tests/broken.yaml"), "scenarios: [\n").unwrap();
    refused(
        Test::new().rules(dir.path()).args(&["test"]),
        3,
        "",
        &["broken.yaml:"],
    );
}

#[test]
fn tabs() {
    let (_dir, test) = assess_file(b"findings:\n\tfever: yes\n");
    let tab = "a tab in the indentation: YAML indents with spaces only";
    refused(test, 1, tab, &["answers.yaml:2:1"]);
    let dir = rules_with("zz.yaml", b"invariants:\n\t- id: x\n");
    refused(check(dir.path()), 1, tab, &["zz.yaml:2:1"]);
}

#[test]
fn duplicate_keys() {
    let (_dir, test) = assess_file(b"findings:\n  fever: yes\n  fever: no\n");
    refused(
        test,
        1,
        "duplicate key `fever`: a key may appear only once in a mapping",
        &["answers.yaml:3:3"],
    );
    let (_dir, test) = assess_file(b"age: 40\nage: 41\n");
    refused(test, 1, "duplicate key `age`", &[]);
}

/// A billion-laughs document: twelve levels of ten aliases each, as list items indented by
/// `indent` spaces.
fn alias_bomb(indent: &str) -> String {
    let mut bomb = format!("{indent}- &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = format!("*a{}", i - 1);
        bomb.push_str(&format!(
            "{indent}- &a{i} [{}]\n",
            vec![prev; 10].join(", ")
        ));
    }
    bomb
}

#[test]
fn alias_bombs() {
    let message = "the YAML expands to too many values (an alias bomb, or a far too large file)";
    let (_dir, test) = assess_file(format!("findings:\n  x:\n{}", alias_bomb("    ")).as_bytes());
    refused(test, 1, message, &[]);
    let rule = format!(
        "rules:\n  - id: bomb\n    then: [{{advice: x}}]\n    when:\n      all:\n{}",
        alias_bomb("        ")
    );
    let dir = rules_with("zz.yaml", rule.as_bytes());
    refused(check(dir.path()), 1, message, &["zz.yaml:"]);
}

#[test]
fn nesting_hundreds_of_thousands_deep() {
    let message = "the YAML is nested too deeply (more than 200 levels)";
    let flow = format!("findings: {}{}\n", "[".repeat(300_000), "]".repeat(300_000));
    let (_dir, test) = assess_file(flow.as_bytes());
    refused(test, 1, message, &[]);
    let maps = format!(
        "rules:\n  - id: deep\n    when: {}x{}\n",
        "{a: ".repeat(300_000),
        "}".repeat(300_000)
    );
    let dir = rules_with("zz.yaml", maps.as_bytes());
    refused(check(dir.path()), 1, message, &[]);
    let block: String = (0..5_000)
        .map(|i| format!("{}- \n", " ".repeat(i)))
        .collect();
    let (_dir, test) = assess_file(block.as_bytes());
    refused(test, 1, message, &[]);
    // A condition nested past the limit in a rule that is otherwise fine.
    let condition = format!("{}fever{}", "{not: ".repeat(250), "}".repeat(250));
    let rule = format!("rules:\n  - id: deep\n    when: {condition}\n    then: [{{advice: x}}]\n");
    let dir = rules_with("zz.yaml", rule.as_bytes());
    refused(check(dir.path()), 1, message, &[]);
}

#[test]
fn very_large_files() {
    let big = vec![b'#'; 50 * 1024 * 1024];
    let (_dir, test) = assess_file(&big);
    refused(
        test,
        1,
        "",
        &["is too large: files of rules or answers are at most 16 MB"],
    );
    refused(
        Test::new()
            .rules(&mini())
            .args(&["assess", "--answers", "-"])
            .stdin(std::str::from_utf8(&big).unwrap()),
        1,
        "`standard input` is too large",
        &[],
    );
    let dir = rules_with("zz.yaml", &big);
    refused(check(dir.path()), 3, "", &["zz.yaml` is too large"]);
    // Under the limit but absurd: 100,000 unknown ids. Only the first 50 are shown (quoting
    // the line of each one used to take minutes).
    let lines: String = (0..100_000).map(|i| format!("  f{i}: yes\n")).collect();
    let (_dir, test) = assess_file(format!("findings:\n{lines}").as_bytes());
    let ran = test.status(1).stdout("").run();
    assert!(
        ran.stderr.contains("more not shown"),
        "{}",
        &ran.stderr[..2000]
    );
}

#[test]
fn invalid_utf8() {
    let (_dir, test) = assess_file(b"findings:\n  fever: \xc3\x28\n");
    refused(
        test,
        1,
        "",
        &["is not valid UTF-8 text (bad byte at offset 19)"],
    );
    let dir = rules_with("zz.yaml", b"rules: []\n# \xff\n");
    refused(
        check(dir.path()),
        3,
        "",
        &["zz.yaml` is not valid UTF-8 text"],
    );
}

#[test]
fn invalid_utf8_on_standard_input() {
    // The harness writes text; a lone continuation byte can't be written as &str, so this
    // goes through a shell redirection from a file.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad");
    std::fs::write(&path, b"findings: {fever: \x80}\n").unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
        .args([
            "--rules",
            mini().to_str().unwrap(),
            "assess",
            "--answers",
            "-",
        ])
        .stdin(std::fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: the answers on standard input are not valid UTF-8 text (bad byte at offset 18)\n"
    );
}

#[test]
fn unknown_ids_with_a_suggestion() {
    let (_dir, test) = assess_file(b"findings:\n  fevr: yes\n");
    refused(
        test,
        1,
        "unknown finding `fevr`",
        &["= help: did you mean `fever`?"],
    );
    refused(
        Test::new()
            .rules(&mini())
            .args(&["assess", "--yes", "saddle_numbnes"]),
        1,
        "unknown finding `saddle_numbnes`; did you mean `saddle_numbness`? (in --yes)",
        &[],
    );
    let dir = rules_with(
        "zz.yaml",
        b"invariants:\n  - id: x\n    when: fevr\n    at_least: urgent\n",
    );
    refused(
        check(dir.path()),
        1,
        "unknown finding or concept `fevr`",
        &["did you mean `fever`?"],
    );
}

#[test]
fn the_same_id_answered_yes_and_no() {
    refused(
        Test::new()
            .rules(&mini())
            .args(&["assess", "--yes", "fever", "--unknown", "fever"]),
        1,
        "`fever` is given both as yes and as unknown; answer it once",
        &[],
    );
    let (_dir, test) = assess_file(b"findings: {fever: yes, fever: no}\n");
    refused(test, 1, "duplicate key `fever`", &[]);
}

#[test]
fn numbers_out_of_range_or_of_the_wrong_type() {
    let cases: [(&[u8], &str); 7] = [
        (
            b"age: 300\n",
            "age 300 is impossible: `age` must be from 0 to 120 years",
        ),
        (b"age: -1\n", "age -1 is impossible"),
        (b"age: .nan\n", "`.nan` is not a finite number"),
        (b"age: .inf\n", "`.inf` is not a finite number"),
        (b"age: old\n", "`age` is a number, not `old`"),
        (b"age: [40]\n", "`age` is a number, not a list"),
        (b"sex: 5\n", "`sex` is one of female, male, not 5"),
    ];
    for (text, message) in cases {
        let (_dir, test) = assess_file(text);
        refused(test, 1, message, &["answers.yaml:1:"]);
    }
    refused(
        Test::new()
            .rules(&mini())
            .args(&["assess", "--age", "1e400"]),
        2,
        "invalid value '1e400' for '--age <N>': give a whole number, like 42",
        &[],
    );
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--age", "forty"])
        .status(2)
        .stdout("")
        .run();
    assert!(
        ran.stderr.contains("invalid value 'forty'"),
        "{}",
        ran.stderr
    );
}

#[test]
fn unknown_keys() {
    let (_dir, test) = assess_file(b"agee: 40\n");
    refused(
        test,
        1,
        "unknown key `agee` in the answers",
        &["did you mean `age`?"],
    );
    let dir = rules_with(
        "zz.yaml",
        b"invariants:\n  - id: x\n    when: fever\n    at_least: urgent\n    because: y\n",
    );
    refused(
        check(dir.path()),
        1,
        "unknown field `because`",
        &["zz.yaml:5:5"],
    );
}

#[test]
fn knowledge_base_cycles() {
    let dir = rules_with(
        "zz.yaml",
        b"\
concepts:
  - id: calm
rules:
  - id: calm_unless_pattern
    when: {not: nerve_pattern}
    then: [{derive: calm}]
  - id: pattern_unless_calm
    when: {all: [back_pain, {not: calm}]}
    then: [{derive: nerve_pattern}]
",
    );
    refused(
        check(dir.path()),
        1,
        "the rules `calm_unless_pattern` → `pattern_unless_calm` form a cycle through negation",
        &[
            "help: a rule may test `not` of a concept only if that concept never depends on the rule",
        ],
    );
}

#[test]
fn a_closed_standard_output_ends_quietly() {
    // A reader that went away (as with `| head`): the write fails with a broken pipe.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(["list", "findings", "--format", "json"])
        .stdout(writer)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    // No standard output at all (closed before the program started).
    let output = std::process::Command::new("sh")
        .args([
            "-c",
            "exec 1>&-; \"$0\" list findings --format json",
            env!("CARGO_BIN_EXE_triage"),
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn end_of_input_in_the_interview() {
    for input in ["", "n\n", "maybe\n\n", "\u{4}", "why\nhelp\nb\nb\n"] {
        let ran = Test::new().rules(&mini()).args(&["ask"]).stdin(input).run();
        assert!(
            ran.stderr
                .contains("The input ended before the interview was over: this result is based on"),
            "{input:?}:\n{}",
            ran.stderr
        );
        assert!(
            ran.stdout
                .starts_with("This result is not complete: the answers ran out after"),
            "{input:?}:\n{}",
            ran.stdout
        );
        assert!(!ran.stderr.contains("panicked"), "{}", ran.stderr);
    }
}
