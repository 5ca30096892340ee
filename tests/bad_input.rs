//! Every bad input gets a clear message on standard error, a documented exit status and
//! nothing on standard output.

use crate::harness::{Test, check_refusing, mini, mini_copy};

fn fails(args: &[&str], status: i32, stderr: &str) {
    Test::new()
        .rules(&mini())
        .args(args)
        .status(status)
        .stdout("")
        .stderr(stderr)
        .run();
}

#[test]
fn a_typo_in_a_finding_id_suggests_the_right_one() {
    fails(
        &["assess", "--yes", "back_pain,fevr"],
        1,
        "error: unknown finding `fevr`; did you mean `fever`? (in --yes)\n",
    );
    fails(
        &["assess", "--no", "zzzzzz"],
        1,
        "error: unknown finding `zzzzzz`; `triage list findings` shows them all (in --no)\n",
    );
}

#[test]
fn the_same_finding_as_yes_and_no_is_refused() {
    fails(
        &["assess", "--yes", "fever", "--no", "back_pain,fever"],
        1,
        "error: `fever` is given both as yes and as no; answer it once\n",
    );
}

#[test]
fn impossible_ages_and_durations_are_refused() {
    fails(
        &["assess", "--age", "-1"],
        1,
        "error: age -1 is impossible: `age` must be from 0 to 120 years\n",
    );
    fails(
        &["assess", "--age", "400"],
        1,
        "error: age 400 is impossible: `age` must be from 0 to 120 years\n",
    );
    fails(
        &["assess", "--duration-days", "3"],
        1,
        "error: this knowledge base has no finding `duration_days`\n",
    );
    fails(
        &["assess", "--sex", "other"],
        1,
        "error: `sex` must be one of female, male, not `other`\n",
    );
}

#[test]
fn a_value_that_is_not_a_number_is_a_usage_error() {
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--age", "old"])
        .status(2)
        .stdout("")
        .run();
    assert!(
        ran.stderr.contains("invalid value 'old' for '--age <N>'"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_concept_or_a_number_is_not_a_yes_no_answer() {
    fails(
        &["assess", "--yes", "nerve_pattern"],
        1,
        "error: `nerve_pattern` is a concept that rules derive; it can't be answered (in --yes)\n",
    );
    fails(
        &["assess", "--yes", "age"],
        1,
        "error: `age` is a number; give it as `--age N` or in an answers file (in --yes)\n",
    );
    fails(
        &["assess", "--yes", "sciatica"],
        1,
        "error: `sciatica` is a cause, not a finding (in --yes)\n",
    );
}

fn answers_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.yaml");
    std::fs::write(&path, text).unwrap();
    let path = path.display().to_string();
    (dir, path)
}

#[test]
fn a_broken_answers_file_is_reported_with_its_line_and_column() {
    let (_dir, path) = answers_file("age: 40\nfindings: {back_pain: present\n");
    fails(
        &["assess", "--answers", &path],
        1,
        &format!(
            "\
error: unclosed bracket '{{'
 --> {path}:2:11
  |
2 | findings: {{back_pain: present
  |           ^

error: 1 problem in the answers
"
        ),
    );
}

#[test]
fn every_problem_in_an_answers_file_is_reported() {
    let (_dir, path) = answers_file(
        "agee: 40\nsex: other\nfindings:\n  fevr: present\n  back_pain: 3\n  fever: maybe\nduration_days: 2\n",
    );
    fails(
        &["assess", "--answers", &path],
        1,
        &format!(
            "\
error: unknown key `agee` in the answers
 --> {path}:1:1
  |
1 | agee: 40
  | ^^^^
  = help: did you mean `age`?

error: `sex` must be one of female, male, not `other`
 --> {path}:2:6
  |
2 | sex: other
  |      ^^^^^

error: unknown finding `fevr`
 --> {path}:4:3
  |
4 |   fevr: present
  |   ^^^^
  = help: did you mean `fever`?

error: `back_pain` is answered present, absent or unknown, not 3
 --> {path}:5:14
  |
5 |   back_pain: 3
  |              ^

error: `fever` is answered present, absent or unknown, not `maybe`
 --> {path}:6:10
  |
6 |   fever: maybe
  |          ^^^^^

error: unknown finding `duration_days`
 --> {path}:7:1
  |
7 | duration_days: 2
  | ^^^^^^^^^^^^^

error: 6 problems in the answers
"
        ),
    );
}

#[test]
fn an_answers_file_that_is_missing_or_not_text_is_refused() {
    fails(
        &["assess", "--answers", "/nonexistent/answers.yaml"],
        1,
        "error: cannot read `/nonexistent/answers.yaml`: no such file or folder\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("binary.yaml");
    std::fs::write(&path, b"age: 4\xff\n").unwrap();
    fails(
        &["assess", "--answers", path.to_str().unwrap()],
        1,
        &format!(
            "error: `{}` is not valid UTF-8 text (bad byte at offset 6)\n",
            path.display()
        ),
    );
}

#[test]
fn a_missing_rules_folder_is_reported() {
    Test::new()
        .args(&["--rules", "/nonexistent/rules", "check"])
        .status(3)
        .stdout("")
        .stderr(
            "error: cannot read the rules folder `/nonexistent/rules`: no such file or folder\n",
        )
        .run();
    let empty = tempfile::tempdir().unwrap();
    Test::new()
        .rules(empty.path())
        .args(&["assess"])
        .status(1)
        .stdout("")
        .stderr(&format!(
            "error: the rules folder `{}` holds no .yaml files\n",
            empty.path().display()
        ))
        .run();
}

#[test]
fn usage_errors_exit_with_status_2() {
    let ran = Test::new()
        .args(&["assess", "--frobnicate"])
        .status(2)
        .stdout("")
        .run();
    assert!(ran.stderr.contains("unexpected argument '--frobnicate'"));
    Test::new()
        .status(2)
        .stdout("")
        .stderr("error: no command given; try `triage ask`, `triage assess --help`, or `triage --help` for the list\n")
        .run();
}

#[test]
fn a_broken_rules_file_is_reported_with_file_line_and_column() {
    let dir = mini_copy();
    let path = dir.path().join("rules.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace(
            "    when: saddle_numbness\n",
            "    when: {all: [saddle_numbness}\n",
        ),
    )
    .unwrap();
    Test::new()
        .rules(dir.path())
        .args(&["assess", "--yes", "fever"])
        .status(1)
        .stdout("")
        .stderr(&format!(
            "\
error: a bracket closed by the wrong kind: '[' closed by '}}'
 --> {}:5:17
  |
5 |     when: {{all: [saddle_numbness}}
  |                 ^
  = help: close `[` with `]` and `{{` with `}}`

error: the knowledge base did not load: 1 error
help: whoever keeps `{dir}` can see every problem with `triage check --rules {dir}`; without \
--rules, triage uses the nearest rules/ folder or its built-in knowledge base
",
            path.display(),
            dir = dir.path().display()
        ))
        .run();
}

#[test]
fn tabs_duplicate_keys_and_unknown_fields_in_rules_are_reported() {
    let cases = [
        (
            "rules:\n\t- id: x\n",
            "a tab in the indentation: YAML indents with spaces only",
            "2:1",
        ),
        (
            "rules:\n  - id: x\n    id: y\n",
            "duplicate key `id`: a key may appear only once in a mapping",
            "3:5",
        ),
        (
            "rules:\n  - id: x\n    wen: a\n",
            "unknown field `wen`, expected one of",
            "3:5",
        ),
    ];
    for (text, message, place) in cases {
        let dir = mini_copy();
        let path = dir.path().join("zz.yaml");
        std::fs::write(&path, text).unwrap();
        let ran = check_refusing(dir.path()).run();
        assert!(
            ran.stderr.starts_with(&format!("error: {message}")),
            "{}",
            ran.stderr
        );
        assert!(
            ran.stderr
                .contains(&format!("--> {}:{place}\n", path.display())),
            "{}",
            ran.stderr
        );
    }
}

#[test]
fn an_alias_bomb_is_refused_without_exhausting_memory() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let prev = i - 1;
        bomb.push_str(&format!(
            "a{i}: &a{i} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    let (_dir, path) = answers_file(&bomb);
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--answers", &path])
        .status(1)
        .stdout("")
        .run();
    assert!(ran.stderr.starts_with("error: "), "{}", ran.stderr);
}

#[test]
fn deep_nesting_is_refused() {
    let deep = format!("findings: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let (_dir, path) = answers_file(&deep);
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--answers", &path])
        .status(1)
        .stdout("")
        .run();
    assert!(ran.stderr.starts_with("error: "), "{}", ran.stderr);
}
