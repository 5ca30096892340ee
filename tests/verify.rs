//! `triage verify`: invariants proven over every answer set, counterexamples that replay.

use crate::harness::{self, Test, mini_copy};
use std::path::{Path, PathBuf};

const INVARIANTS: &str = "\
invariants:
  - id: saddle_is_an_emergency
    description: saddle numbness is always an emergency
    when: saddle_numbness
    at_least: emergency
    sources: [seed-000]
  - id: fever_with_pain_is_urgent
    when: {all: [fever, back_pain]}
    at_least: urgent
  - id: leg_pain_lists_sciatica
    description: back pain running into a leg always lists sciatica
    when: {all: [back_pain, radiates_to_leg]}
    at_least: self_care
    lists_cause: sciatica
";

fn with_invariants(text: &str) -> tempfile::TempDir {
    let dir = mini_copy();
    std::fs::write(dir.path().join("invariants.yaml"), text).unwrap();
    dir
}

#[test]
fn invariants_that_hold_are_proven() {
    let dir = with_invariants(INVARIANTS);
    Test::new()
        .rules(dir.path())
        .args(&["verify"])
        .stdout_below_header(
            "\
proven   saddle_is_an_emergency: saddle numbness is always an emergency
proven   fever_with_pain_is_urgent: whenever its condition holds, the urgency is at least urgent
proven   leg_pain_lists_sciatica: back pain running into a leg always lists sciatica
proven   red flag fever: answering it present never lowers the urgency
proven   red flag saddle_numbness: answering it present never lowers the urgency
proven   red flag fever: \"not sure\" of it is never below not asking, and at least urgent wherever it decides between an emergency and home
proven   red flag saddle_numbness: \"not sure\" of it is never below not asking, and at least urgent wherever it decides between an emergency and home
3 of 3 invariants proven; 2 of 2 red flags proven monotone, 2 of 2 with \"not sure\" examined
",
        )
        .stderr("")
        .run();
}

/// The answers file printed under a FAILED line, without its indentation.
fn counterexample(stdout: &str, id: &str) -> String {
    let mut lines = stdout
        .lines()
        .skip_while(|l| !l.starts_with(&format!("FAILED   {id}:")))
        .skip(2);
    let mut out = String::new();
    for line in lines.by_ref() {
        match line.strip_prefix("           ") {
            Some(answer) => {
                out.push_str(answer);
                out.push('\n');
            }
            None => break,
        }
    }
    assert!(!out.is_empty(), "no counterexample for {id} in\n{stdout}");
    out
}

/// Replays an answers file with `assess` and returns the urgency level it gives.
fn replay(rules: Option<&Path>, answers: &str) -> String {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), answers).unwrap();
    let path = file.path().display().to_string();
    let mut test = Test::new();
    if let Some(rules) = rules {
        test = test.rules(rules);
    }
    let ran = test
        .args(&["assess", "--answers", &path, "--format", "json"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    report["urgency"]["level"].as_str().unwrap().to_string()
}

#[test]
fn a_deleted_red_flag_rule_gives_a_counterexample_that_replays() {
    let dir = with_invariants(INVARIANTS);
    let rules = dir.path().join("rules.yaml");
    let text = std::fs::read_to_string(&rules).unwrap();
    let start = text.find("  - id: saddle_emergency").unwrap();
    let end = text.find("  - id: fever_back_pain").unwrap();
    std::fs::write(&rules, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let ran = Test::new()
        .rules(dir.path())
        .args(&["verify"])
        .status(1)
        .stderr("")
        .run();
    assert!(
        ran.stdout.split_once('\n').unwrap().1.starts_with(
            "\
FAILED   saddle_is_an_emergency: saddle numbness is always an emergency
         these answers give the urgency self_care, not at least emergency (replay with `triage assess --answers FILE`):
           findings:
             saddle_numbness: present
proven   fever_with_pain_is_urgent"
        ),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.ends_with(
            "2 of 3 invariants proven; 2 of 2 red flags proven monotone, 2 of 2 with \"not sure\" examined; FAILED: 1 counterexample\n"
        ),
        "{}",
        ran.stdout
    );
    let answers = counterexample(&ran.stdout, "saddle_is_an_emergency");
    assert_eq!(replay(Some(dir.path()), &answers), "self_care");
}

#[test]
fn without_a_not_sure_setting_not_sure_of_a_deciding_red_flag_is_a_counterexample_that_replays() {
    let dir = mini_copy();
    let kb = dir.path().join("kb.yaml");
    let text = std::fs::read_to_string(&kb).unwrap();
    let start = text.find("not_sure:").unwrap();
    std::fs::write(&kb, &text[..start]).unwrap();
    let ran = Test::new()
        .rules(dir.path())
        .args(&["verify"])
        .status(1)
        .stderr("")
        .run();
    assert!(
        ran.stdout.contains(
            "\
FAILED   red flag saddle_numbness: \"not sure\" of it is never below not asking, and at least urgent wherever it decides between an emergency and home
         these answers give the urgency self_care with saddle_numbness \"not sure\", emergency with it present and self_care with it absent (replay with `triage assess --answers FILE`):
           findings:
             saddle_numbness: unknown
"
        ),
        "{}",
        ran.stdout
    );
    let answers = counterexample(&ran.stdout, "red flag saddle_numbness");
    assert_eq!(replay(Some(dir.path()), &answers), "self_care");
    // With the setting, the same answers are examined.
    assert_eq!(replay(Some(&harness::mini()), &answers), "urgent");
}

#[test]
fn a_cause_that_is_not_listed_is_a_counterexample() {
    let dir = with_invariants(
        "\
invariants:
  - id: pain_lists_strain
    when: {all: [back_pain, {age: {at_least: 40}}]}
    at_least: self_care
    lists_cause: muscle_strain
",
    );
    Test::new()
        .rules(dir.path())
        .args(&["verify"])
        .status(1)
        .stdout_below_header(
            "\
FAILED   pain_lists_strain: whenever its condition holds, the urgency is at least self_care and muscle_strain is listed
         these answers do not list muscle_strain (replay with `triage assess --answers FILE`):
           age: 41
           findings:
             back_pain: present
proven   red flag fever: answering it present never lowers the urgency
proven   red flag saddle_numbness: answering it present never lowers the urgency
proven   red flag fever: \"not sure\" of it is never below not asking, and at least urgent wherever it decides between an emergency and home
proven   red flag saddle_numbness: \"not sure\" of it is never below not asking, and at least urgent wherever it decides between an emergency and home
0 of 1 invariant proven; 2 of 2 red flags proven monotone, 2 of 2 with \"not sure\" examined; FAILED: 1 counterexample
",
        )
        .run();
}

#[test]
fn an_invariant_with_a_typo_is_reported_like_a_rule() {
    let dir = with_invariants(
        "\
invariants:
  - id: bad
    when: {all: [saddle_numbnes]}
    at_least: emergncy
    lists_cause: sciatic
    sources: [seed-001]
  - id: fever
    when: fever
    at_least: urgent
    at_last: urgent
",
    );
    let file = dir.path().join("invariants.yaml").display().to_string();
    Test::new()
        .rules(dir.path())
        .args(&["verify"])
        .status(3)
        .stdout("")
        .stderr(&format!(
            "\
error: unknown field `at_last`, expected one of id, description, when, at_least, lists_cause, never_shown, never_shown_kind, with_causes, at_or_above, below, sources
  --> {file}:10:5
   |
10 |     at_last: urgent
   |     ^^^^^^^

error: the knowledge base did not load: 1 error
"
        ))
        .run();
    std::fs::write(
        &file,
        "\
invariants:
  - id: bad
    when: {all: [saddle_numbnes]}
    at_least: emergncy
    lists_cause: sciatic
    sources: [seed-001]
  - id: fever
    when: fever
    at_least: urgent
",
    )
    .unwrap();
    Test::new()
        .rules(dir.path())
        .args(&["verify"])
        .status(3)
        .stdout("")
        .stderr(&format!(
            "\
error: unknown finding or concept `saddle_numbnes`
 --> {file}:3:18
  |
3 |     when: {{all: [saddle_numbnes]}}
  |                  ^^^^^^^^^^^^^^
  = help: did you mean `saddle_numbness`?

error: unknown urgency level `emergncy`
 --> {file}:4:15
  |
4 |     at_least: emergncy
  |               ^^^^^^^^
  = help: did you mean `emergency`?

error: unknown cause `sciatic`
 --> {file}:5:18
  |
5 |     lists_cause: sciatic
  |                  ^^^^^^^
  = help: did you mean `sciatica`?

error: unknown source `seed-001` in citation \"seed-001\"
 --> {file}:6:15
  |
6 |     sources: [seed-001]
  |               ^^^^^^^^
  = help: did you mean `seed-000`?

error: duplicate id `fever`
 --> {file}:7:9
  |
7 |   - id: fever
  |         ^^^^^
  = help: first defined at {}:9:9

error: the knowledge base did not load: 5 errors
",
            dir.path().join("findings.yaml").display()
        ))
        .run();
}

fn shipped_rules() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

#[test]
fn the_shipped_invariants_are_all_proven() {
    // How long it takes is measured in BENCHMARKS.md, not here: verify's own time budget is
    // what bounds it in a test.
    let ran = Test::new().args(&["verify"]).stderr("").run();
    assert!(!ran.stdout.contains("FAILED"), "{}", ran.stdout);
    assert!(ran.stdout.contains("invariants proven"), "{}", ran.stdout);
}

#[test]
fn deleting_the_cauda_equina_urgency_rule_is_caught_and_replays() {
    // A copy of the shipped rules/ without the rule that makes bladder or bowel trouble an
    // emergency: the rule whose whole condition is that finding.
    let dir = tempfile::tempdir().unwrap();
    let mut removed = false;
    for entry in std::fs::read_dir(shipped_rules()).unwrap() {
        let path = entry.unwrap().path();
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut kept = String::new();
        for block in text.split_inclusive("\n  - id: ") {
            let is_it = block.starts_with("rf_ces_bladder_bowel\n");
            if is_it && path.file_name().unwrap() != "invariants.yaml" {
                removed = true;
                kept.push_str("\n  - id: ");
            } else {
                kept.push_str(block);
            }
        }
        // A removed block leaves its `- id: ` opener with the next rule; undo the doubling.
        let kept = kept.replace("\n  - id: \n  - id: ", "\n  - id: ");
        std::fs::write(dir.path().join(path.file_name().unwrap()), kept).unwrap();
    }
    assert!(
        removed,
        "no rule in rules/ sets emergency on bladder_bowel_dysfunction"
    );
    crate::harness::forget_in_hazard_log(dir.path(), "rf_ces_bladder_bowel");
    let ran = Test::new()
        .rules(dir.path())
        .args(&["verify"])
        .status(1)
        .run();
    let line = ran
        .stdout
        .lines()
        .find(|l| l.starts_with("FAILED   inv_ces_bladder_bowel:"));
    assert!(line.is_some(), "{}", ran.stdout);
    let answers = counterexample(&ran.stdout, "inv_ces_bladder_bowel");
    assert!(
        answers.contains("bladder_bowel_dysfunction: present"),
        "{answers}"
    );
    let level = replay(Some(dir.path()), &answers);
    assert!(
        !["emergency", "emergency_ambulance"].contains(&level.as_str()),
        "{level}"
    );
}
