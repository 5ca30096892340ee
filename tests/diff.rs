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
  ~ finding fever  (edited/findings.yaml:15:9)
      question: Have you had a fever? → Have you had a temperature?
  ~ rule sciatica_from_nerve_root  (edited/rules.yaml:28:9)
      then[0].weight: 3 → 1

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
    let dir = edited_clinic(&[
        CES_NEEDS_BACK_PAIN_AND_IS_URGENT,
        (
            "      - urgency: urgent\n        reason: Fever with back pain",
            "      - urgency: emergency\n        reason: Fever with back pain",
        ),
        SCIATICA_WEIGHS_1,
    ]);
    Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "edited", "diff", "--base", "clinic"])
        .stdout(
            r#"Comparing `clinic` (clinic 1.0.0) with `edited` (clinic 1.0.0)

Entities: 0 removed, 0 added, 3 changed
  ~ rule ces_emergency  (edited/rules.yaml:2:9)
      when: {any: [bladder_trouble, saddle_numbness]} → {all: [back_pain, {any: [bladder_trouble, saddle_numbness]}]}
      then[0].urgency: emergency → urgent
  ~ rule fever_urgent  (edited/rules.yaml:12:9)
      then[0].urgency: urgent → emergency
  ~ rule sciatica_from_nerve_root  (edited/rules.yaml:28:9)
      then[0].weight: 3 → 1

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

const CES_NEEDS_BACK_PAIN_AND_IS_URGENT: (&str, &str) = (
    "when: {any: [bladder_trouble, saddle_numbness]}\n    then:\n      - urgency: emergency",
    "when: {all: [back_pain, {any: [bladder_trouble, saddle_numbness]}]}\n    then:\n      - urgency: urgent",
);

const SCIATICA_WEIGHS_1: (&str, &str) = (
    "weight: 3\n    sources: [\"guide: Sciatica\"]",
    "weight: 1\n    sources: [\"guide: Sciatica\"]",
);

/// The clinic knowledge base beside a copy (`edited`) of its rules.yaml with these
/// replacements made.
fn edited_clinic(edits: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = fixture_copy("clinic");
    let edited = dir.path().join("edited");
    copy_dir(&dir.path().join("clinic"), &edited);
    let rules = edited.join("rules.yaml");
    let mut text = std::fs::read_to_string(&rules).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    std::fs::write(&rules, text).unwrap();
    dir
}

/// Cauda equina needs back pain too and is only urgent; sciatica's evidence weighs 1, not 3.
fn clinic_and_a_downgrade() -> tempfile::TempDir {
    edited_clinic(&[CES_NEEDS_BACK_PAIN_AND_IS_URGENT, SCIATICA_WEIGHS_1])
}

#[test]
fn markdown_tabulates_each_changed_field_and_each_changed_outcome() {
    let dir = clinic_and_a_downgrade();
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&[
            "--rules", "edited", "diff", "--base", "clinic", "--format", "markdown",
        ])
        .stderr("")
        .run();
    assert!(
        ran.stdout.starts_with(
            "\
### Comparing `clinic` (clinic 1.0.0) with `edited` (clinic 1.0.0)

**Entities:** 0 removed, 0 added, 2 changed

| | entity | field | before | after |
|---|---|---|---|---|
| changed | rule ces_emergency (edited/rules.yaml:2:9) | `when` | {any: [bladder_trouble, saddle_numbness]} | {all: [back_pain, {any: [bladder_trouble, saddle_numbness]}]} |
|  |  | `then[0].urgency` | emergency | urgent |
| changed | rule sciatica_from_nerve_root (edited/rules.yaml:28:9) | `then[0].weight` | 3 | 1 |

**Outcomes:** 11 of 15 cases changed (3 scenarios, 12 combinations of 3 red-flag findings)

| # | change | case | top three before | top three after |
|---|---|---|---|---|
| 1 | urgency fell 2 levels: emergency → self_care | answers: bladder_trouble=present | cauda_equina | none |
"
        ),
        "{}",
        ran.stdout
    );
}

#[test]
fn json_carries_each_field_before_and_after_and_each_outcome() {
    let dir = clinic_and_a_downgrade();
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&[
            "--rules", "edited", "diff", "--base", "clinic", "--format", "json",
        ])
        .stderr("")
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["new"]["knowledge_base"]["source"], "edited");
    assert_eq!(
        report["entities"][0]["fields"][1],
        serde_json::json!({"field": "then[0].urgency", "before": "emergency", "after": "urgent"})
    );
    let outcomes = &report["outcomes"];
    assert_eq!(outcomes["cases"], 15);
    assert_eq!(outcomes["urgency_fell"], 10);
    assert_eq!(
        outcomes["changed"][0],
        serde_json::json!({
            "change": "urgency_fell", "levels": 2,
            "case": {"answers": "bladder_trouble=present"},
            "urgency": {"before": "emergency", "after": "self_care"},
            "top_three": {"before": ["cauda_equina"], "after": []},
        })
    );
}

/// A knowledge base of `flags` red-flag findings, each with an urgency rule of its own.
fn many_red_flags(dir: &std::path::Path, flags: usize) {
    let mut text = String::from(
        "metadata: {name: flags, version: 1.0.0, status: draft, last_reviewed: 2026-12-01}\n\
         default_level: self_care\n\
         levels:\n  - {id: emergency, label: Now, action: Go now., emergency: true}\n  \
         - {id: self_care, label: Home, action: Rest.}\nfindings:\n",
    );
    for i in 0..flags {
        text.push_str(&format!(
            "  - {{id: flag{i}, question: Flag {i}?, red_flag: true}}\n"
        ));
    }
    text.push_str("rules:\n");
    for i in 0..flags {
        text.push_str(&format!(
            "  - {{id: r{i}, when: flag{i}, then: [{{urgency: emergency, reason: Flag.}}]}}\n"
        ));
    }
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("kb.yaml"), text).unwrap();
}

#[test]
fn pairs_of_red_flags_are_capped_and_the_report_says_how_many_were_left_out() {
    let dir = tempfile::tempdir().unwrap();
    many_red_flags(&dir.path().join("flags"), 120);
    Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "flags", "diff", "--base", "flags"])
        .stdout(
            "\
Comparing `flags` (flags 1.0.0) with `flags` (flags 1.0.0)

Entities: 0 removed, 0 added, 0 changed

Outcomes: 0 of 5120 cases changed (0 scenarios, 5120 combinations of 120 red-flag findings); 2140 pairs of red flags not tried (at most 5000 are)
",
        )
        .stderr("")
        .run();
}
