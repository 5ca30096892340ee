//! `triage diff`: entity changes and outcome changes between two versions, worst first.

use crate::harness::{Test, copy_dir, fixture_copy, fixtures, remove_rule};

#[test]
fn deleting_an_urgency_rule_shows_as_urgency_falls_first() {
    let dir = fixture_copy("clinic");
    copy_dir(&dir.path().join("clinic"), &dir.path().join("edited"));
    remove_rule(&dir.path().join("edited/rules.yaml"), "ces_emergency");
    Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "edited", "diff", "--base", "clinic"])
        .stdout(
            r#"Comparing `clinic` (clinic 1.0.0) with `edited` (clinic 1.0.0)

Entities: 1 removed, 0 added, 0 changed
  - rule ces_emergency  (clinic/rules.yaml:2:9)

Outcomes: 10 of 15 cases changed (3 scenarios, 12 combinations of 3 red-flag findings)
   1. urgency fell 2 levels: emergency → self_care
      scenario "bladder trouble is an emergency" (edited/tests/scenarios.yaml:2)
      top three: cauda_equina → none
   2. urgency fell 2 levels: emergency → self_care
      answers: bladder_trouble=present
      top three: cauda_equina → none
   3. urgency fell 2 levels: emergency → self_care
      answers: saddle_numbness=present
      top three: cauda_equina → none
   4. urgency fell 2 levels: emergency → self_care
      answers: bladder_trouble=present, saddle_numbness=present
      top three: cauda_equina → none
   5. urgency fell 2 levels: emergency → self_care
      answers: bladder_trouble=present, fever=present
      top three: cauda_equina → none
   6. urgency fell 2 levels: emergency → self_care
      answers: saddle_numbness=present, fever=present
      top three: cauda_equina → none
   7. urgency fell 2 levels: emergency → self_care
      answers: bladder_trouble=present, back_pain=present
      top three: cauda_equina → none
   8. urgency fell 2 levels: emergency → self_care
      answers: bladder_trouble=present, back_numbness=present
      top three: cauda_equina → none
   9. urgency fell 2 levels: emergency → self_care
      answers: saddle_numbness=present, back_pain=present
      top three: cauda_equina → none
  10. urgency fell 2 levels: emergency → self_care
      answers: saddle_numbness=present, back_numbness=present
      top three: cauda_equina → none
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn fail_on_urgency_drop_fails() {
    let dir = fixture_copy("clinic");
    copy_dir(&dir.path().join("clinic"), &dir.path().join("edited"));
    remove_rule(&dir.path().join("edited/rules.yaml"), "ces_emergency");
    Test::new()
        .current_dir(dir.path())
        .args(&[
            "--rules",
            "edited",
            "diff",
            "--base",
            "clinic",
            "--fail-on",
            "urgency-drop",
        ])
        .status(1)
        .stderr(
            r#"error: the urgency fell in 10 cases
"#,
        )
        .run();
}

#[test]
fn an_unchanged_knowledge_base_changes_nothing() {
    Test::new()
        .current_dir(&fixtures())
        .args(&[
            "--rules",
            "clinic",
            "diff",
            "--base",
            "clinic",
            "--fail-on",
            "any",
        ])
        .stdout(
            r#"Comparing `clinic` (clinic 1.0.0) with `clinic` (clinic 1.0.0)

Entities: 0 removed, 0 added, 0 changed

Outcomes: 0 of 15 cases changed (3 scenarios, 12 combinations of 3 red-flag findings)
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn edits_are_listed_by_entity_with_the_fields_that_changed() {
    let dir = fixture_copy("clinic");
    let edited = dir.path().join("edited");
    copy_dir(&dir.path().join("clinic"), &edited);
    let edit = |file: &str, from: &str, to: &str| {
        let path = edited.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from));
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "rules.yaml",
        "weight: 3\n    sources: [\"guide: Sciatica\"]",
        "weight: 1\n    sources: [\"guide: Sciatica\"]",
    );
    edit(
        "findings.yaml",
        "Have you had a fever?",
        "Have you had a temperature?",
    );
    std::fs::write(
        edited.join("extra.yaml"),
        "findings:\n  - id: headache\n    question: Do you have a headache?\n",
    )
    .unwrap();
    remove_rule(&edited.join("rules.yaml"), "numb_back_older");
    Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "edited", "diff", "--base", "clinic"])
        .stdout(
            r#"Comparing `clinic` (clinic 1.0.0) with `edited` (clinic 1.0.0)

Entities: 1 removed, 1 added, 2 changed
  - rule numb_back_older  (clinic/rules.yaml:49:9)
  + finding headache  (edited/extra.yaml:2:9)
  ~ finding fever: question  (edited/findings.yaml:15:9)
  ~ rule sciatica_from_nerve_root: then  (edited/rules.yaml:28:9)

Outcomes: 1 of 15 cases changed (3 scenarios, 12 combinations of 3 red-flag findings)
  1. top three changed
     scenario "leg pain is sciatica" (edited/tests/scenarios.yaml:6)
     top three: sciatica → none
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn falls_come_first_largest_first_then_rises_then_rankings() {
    let dir = fixture_copy("clinic");
    let edited = dir.path().join("edited");
    copy_dir(&dir.path().join("clinic"), &edited);
    let rules = edited.join("rules.yaml");
    let mut text = std::fs::read_to_string(&rules).unwrap();
    for (from, to) in [
        (
            "when: {any: [bladder_trouble, saddle_numbness]}\n    then:\n      - urgency: emergency",
            "when: {all: [back_pain, {any: [bladder_trouble, saddle_numbness]}]}\n    then:\n      - urgency: urgent",
        ),
        (
            "      - urgency: urgent\n        reason: Fever with back pain",
            "      - urgency: emergency\n        reason: Fever with back pain",
        ),
        (
            "weight: 3\n    sources: [\"guide: Sciatica\"]",
            "weight: 1\n    sources: [\"guide: Sciatica\"]",
        ),
    ] {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    std::fs::write(&rules, text).unwrap();
    Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "edited", "diff", "--base", "clinic"])
        .stdout(
            r#"Comparing `clinic` (clinic 1.0.0) with `edited` (clinic 1.0.0)

Entities: 0 removed, 0 added, 3 changed
  ~ rule ces_emergency: when, then  (edited/rules.yaml:2:9)
  ~ rule fever_urgent: then  (edited/rules.yaml:12:9)
  ~ rule sciatica_from_nerve_root: then  (edited/rules.yaml:28:9)

Outcomes: 12 of 15 cases changed (3 scenarios, 12 combinations of 3 red-flag findings)
   1. urgency fell 2 levels: emergency → self_care
      answers: bladder_trouble=present
      top three: cauda_equina → none
   2. urgency fell 2 levels: emergency → self_care
      answers: saddle_numbness=present
      top three: cauda_equina → none
   3. urgency fell 2 levels: emergency → self_care
      answers: bladder_trouble=present, saddle_numbness=present
      top three: cauda_equina → none
   4. urgency fell 2 levels: emergency → self_care
      answers: bladder_trouble=present, fever=present
      top three: cauda_equina → none
   5. urgency fell 2 levels: emergency → self_care
      answers: saddle_numbness=present, fever=present
      top three: cauda_equina → none
   6. urgency fell 2 levels: emergency → self_care
      answers: bladder_trouble=present, back_numbness=present
      top three: cauda_equina → none
   7. urgency fell 2 levels: emergency → self_care
      answers: saddle_numbness=present, back_numbness=present
      top three: cauda_equina → none
   8. urgency fell 1 level: emergency → urgent
      scenario "bladder trouble is an emergency" (edited/tests/scenarios.yaml:2)
   9. urgency fell 1 level: emergency → urgent
      answers: bladder_trouble=present, back_pain=present
  10. urgency fell 1 level: emergency → urgent
      answers: saddle_numbness=present, back_pain=present
  11. urgency rose 1 level: urgent → emergency
      answers: fever=present, back_pain=present
  12. top three changed
      scenario "leg pain is sciatica" (edited/tests/scenarios.yaml:6)
      top three: sciatica → none
"#,
        )
        .stderr("")
        .run();
}
