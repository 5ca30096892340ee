//! `triage check`'s lints: each kind of warning once, on a fixture made to trip them all.

use crate::harness::{Test, fixtures};

#[test]
fn every_lint_is_a_warning_with_its_place_and_a_hint() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "lints", "check"])
        .stdout_below_header(r#"lints 0.1.0: 1 file, 2 levels, 5 findings, 0 concepts, 2 causes, 5 rules; 9 warnings
"#)
        .stderr(r#"warning: no rule uses finding `unused`
  --> lints/kb.yaml:16:9
   |
16 |   - id: unused
   |         ^^^^^^
  = help: read it in a rule's `when`, or remove it: a question no rule reads only lengthens the interview

warning: red-flag finding `silent_flag` raises no urgency: no urgency rule reads it
  --> lints/kb.yaml:18:9
   |
18 |   - id: silent_flag
   |         ^^^^^^^^^^^
  = help: add a rule with an `urgency:` action that reads it (directly or through a concept), or drop `red_flag: true`

warning: finding `wordless` has no question text
  --> lints/kb.yaml:21:9
   |
21 |   - id: wordless
   |         ^^^^^^^^
  = help: add `question:`, the words the person is asked

warning: the `ask_if` of finding `never_asked` can never be true, so it is never asked
  --> lints/kb.yaml:22:9
   |
22 |   - id: never_asked
   |         ^^^^^^^^^^^
  = help: no set of answers makes the condition true; fix it or remove `ask_if`

warning: no rule can support cause `orphan`
  --> lints/kb.yaml:26:9
   |
26 |   - id: orphan
   |         ^^^^^^
  = help: the rules that support it (`impossible`) can never fire

warning: cause `strain` cites no source
  --> lints/kb.yaml:29:9
   |
29 |   - id: strain
   |         ^^^^^^
  = help: add `sources: ["<source id>: <section>"]` naming where it comes from

warning: rule `advice_on_pain_and_flag` is subsumed by `advice_on_pain` (lints/kb.yaml:36:9): whenever it fires, `advice_on_pain` fires too, with the same actions
  --> lints/kb.yaml:40:9
   |
40 |   - id: advice_on_pain_and_flag
   |         ^^^^^^^^^^^^^^^^^^^^^^^
  = help: remove it, or change what it does: as it is, it adds nothing

warning: rule `impossible` can never fire: its condition contradicts itself
  --> lints/kb.yaml:44:9
   |
44 |   - id: impossible
   |         ^^^^^^^^^^
  = help: no set of answers makes its `when` true (concepts read as the rules that derive them)

warning: rule `unsourced` cites no source
  --> lints/kb.yaml:48:9
   |
48 |   - id: unsourced
   |         ^^^^^^^^^
  = help: add `sources: ["<source id>: <section>"]` naming where it comes from

"#)
        .run();
}

#[test]
fn deny_warnings_makes_them_fail() {
    let ran = Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "lints", "check", "--deny", "warnings"])
        .status(1)
        .stdout_below_header("lints 0.1.0: 1 file, 2 levels, 5 findings, 0 concepts, 2 causes, 5 rules; 9 warnings\n")
        .run();
    assert!(
        ran.stderr
            .ends_with("error: 9 warnings denied by `--deny warnings`\n"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_clean_knowledge_base_passes_with_warnings_denied() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "check", "--deny", "warnings"])
        .stdout_below_header(r#"clinic 1.0.0: 3 files, 3 levels, 7 findings, 1 concepts, 4 causes, 7 rules; no problems found
"#)
        .stderr("")
        .run();
}

#[test]
fn watching_needs_a_rules_folder_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    Test::new()
        .current_dir(dir.path())
        .args(&["check", "--watch"])
        .status(2)
        .stdout("")
        .stderr("error: `--watch` needs a rules folder on disk to watch; give `--rules DIR`, or run it in or below a folder that holds rules/knowledge_base.yaml\n")
        .run();
}
