//! The issue's "done when": deleting the cauda equina urgency rule from a copy of the rules
//! shows up in all four tools at once, on a fixture (exact output) and on the shipped rules.

use crate::harness::{Test, copy_dir, fixture_copy, remove_rule};

#[test]
fn a_deleted_urgency_rule_fails_a_scenario() {
    let dir = fixture_copy("clinic");
    copy_dir(&dir.path().join("clinic"), &dir.path().join("edited"));
    remove_rule(&dir.path().join("edited/rules.yaml"), "ces_emergency");
    Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "edited", "test"])
        .status(1)
        .stdout_below_header(
            r#"FAIL  bladder trouble is an emergency  (edited/tests/scenarios.yaml:2)
      - urgency: emergency
      + urgency: self_care
      - first: cauda_equina
      + first: none listed
      fired rules: none
ok    leg pain is sciatica  (edited/tests/scenarios.yaml:6)
ok    plain back pain is a strain  (edited/tests/scenarios.yaml:10)
(- expected, + actual)
2 passed, 1 failed
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn a_deleted_urgency_rule_leaves_red_flags_without_urgency() {
    let dir = fixture_copy("clinic");
    copy_dir(&dir.path().join("clinic"), &dir.path().join("edited"));
    remove_rule(&dir.path().join("edited/rules.yaml"), "ces_emergency");
    Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "edited", "check"])
        .stdout_below_header(r#"clinic 1.0.0: 3 files, 3 levels, 7 findings, 1 concepts, 4 causes, 6 rules; 5 warnings
"#)
        .stderr(r#"warning: no rule uses finding `bladder_trouble`
 --> edited/findings.yaml:9:9
  |
9 |   - id: bladder_trouble
  |         ^^^^^^^^^^^^^^^
  = help: read it in a rule's `when`, or remove it: a question no rule reads only lengthens the interview

warning: red-flag finding `bladder_trouble` raises no urgency: no urgency rule reads it
 --> edited/findings.yaml:9:9
  |
9 |   - id: bladder_trouble
  |         ^^^^^^^^^^^^^^^
  = help: add a rule with an `urgency:` action that reads it (directly or through a concept), or drop `red_flag: true`

warning: no rule uses finding `saddle_numbness`
  --> edited/findings.yaml:12:9
   |
12 |   - id: saddle_numbness
   |         ^^^^^^^^^^^^^^^
  = help: read it in a rule's `when`, or remove it: a question no rule reads only lengthens the interview

warning: red-flag finding `saddle_numbness` raises no urgency: no urgency rule reads it
  --> edited/findings.yaml:12:9
   |
12 |   - id: saddle_numbness
   |         ^^^^^^^^^^^^^^^
  = help: add a rule with an `urgency:` action that reads it (directly or through a concept), or drop `red_flag: true`

warning: no rule can support cause `cauda_equina`
  --> edited/findings.yaml:28:9
   |
28 |   - id: cauda_equina
   |         ^^^^^^^^^^^^
  = help: add a rule with `supports: cauda_equina`, or remove the cause

"#)
        .run();
}

#[test]
fn a_deleted_urgency_rule_leaves_red_flags_uncovered() {
    let dir = fixture_copy("clinic");
    copy_dir(&dir.path().join("clinic"), &dir.path().join("edited"));
    remove_rule(&dir.path().join("edited/rules.yaml"), "ces_emergency");
    Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "edited", "coverage"])
        .stdout_below_header(
            r#"Coverage of clinic 1.0.0 by 3 scenarios:
  rules fired                 66%  4 of 6
  findings used               28%  2 of 7
  causes reached              50%  2 of 4
  urgency levels reached      33%  1 of 3
  red flags raising urgency    0%  0 of 3

Rules never fired (2):
  fever_urgent     edited/rules.yaml:2:9
  numb_back_older  edited/rules.yaml:39:9

Findings never used (5):
  back_numbness    edited/findings.yaml:4:9
  bladder_trouble  edited/findings.yaml:9:9
  saddle_numbness  edited/findings.yaml:12:9
  fever            edited/findings.yaml:15:9
  age              edited/findings.yaml:18:9

Causes never reached (2):
  cauda_equina  edited/findings.yaml:28:9
  infection     edited/findings.yaml:37:9

Urgency levels never reached (2):
  emergency  edited/kb.yaml:12:9
  urgent     edited/kb.yaml:16:9

Red flags that never raised the urgency (3):
  bladder_trouble  edited/findings.yaml:9:9
  saddle_numbness  edited/findings.yaml:12:9
  fever            edited/findings.yaml:15:9
"#,
        )
        .stderr("")
        .run();
}

/// The shipped rules with the cauda equina urgency rule (bladder or bowel trouble) deleted.
fn shipped_without_ces_rule() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("rules");
    copy_dir(&repository().join("rules"), &copy);
    // The cauda equina rule, and the floor beside it for bladder trouble with burning urine,
    // leave the red flag without an urgency rule of its own.
    remove_rule(&copy.join("red_flags.yaml"), "rf_ces_bladder_bowel");
    remove_rule(
        &copy.join("red_flags.yaml"),
        "rf_bladder_with_urine_infection",
    );
    dir
}

fn repository() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn on_the_shipped_rules_all_four_tools_see_the_deleted_cauda_equina_rule() {
    let dir = shipped_without_ces_rule();
    let copy = dir.path().join("rules");
    let copy = copy.to_str().unwrap();

    // diff: an urgency drop, listed before anything else, and --fail-on fails.
    let ran = Test::new()
        .current_dir(&repository())
        .args(&[
            "diff",
            "--base",
            "rules",
            "--rules",
            copy,
            "--fail-on",
            "urgency-drop",
        ])
        .status(1)
        .run();
    assert!(
        ran.stderr.starts_with("error: the urgency fell in "),
        "{}",
        ran.stderr
    );
    let entities = "Entities: 2 removed, 0 added, 2 changed\n  - rule rf_bladder_with_urine_infection  (rules/red_flags.yaml:";
    assert!(ran.stdout.contains(entities), "{}", ran.stdout);
    assert!(
        ran.stdout
            .contains("\n  - rule rf_ces_bladder_bowel  (rules/red_flags.yaml:"),
        "{}",
        ran.stdout
    );
    let first = ran
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("1. "))
        .unwrap();
    assert!(
        first.contains("urgency fell") && first.contains("emergency → "),
        "{first}"
    );
    assert!(
        ran.stdout
            .contains("answers: bladder_bowel_dysfunction=present\n")
    );

    // test: the cauda equina scenarios fail on their urgency.
    let ran = Test::new().args(&["--rules", copy, "test"]).status(1).run();
    assert!(
        ran.stdout
            .contains("FAIL  red flag cauda equina - new bladder trouble with back pain")
            && ran.stdout.contains("      - urgency: emergency\n"),
        "{}",
        ran.stdout
    );

    // check: a warning on the red flag left without an urgency rule of its own.
    let ran = Test::new().args(&["--rules", copy, "check"]).run();
    assert!(
        ran.stderr.starts_with(
            "warning: red-flag finding `bladder_bowel_dysfunction` has no urgency rule of its own\n"
        ),
        "{}",
        ran.stderr
    );
    assert!(ran.stdout.ends_with("; 1 warning\n"), "{}", ran.stdout);

    // coverage: the red flag never raised the urgency.
    let ran = Test::new().args(&["--rules", copy, "coverage"]).run();
    assert!(
        ran.stdout.contains(
            "Red flags that never raised the urgency (1):\n  bladder_bowel_dysfunction  "
        ),
        "{}",
        ran.stdout
    );
}
