//! `triage explain`: the firing trace, the evidence per cause, and `--why-not`.

use crate::harness::{Test, fixtures};

#[test]
fn the_trace_shows_each_firing_with_its_facts_and_actions() {
    Test::new()
        .current_dir(&fixtures())
        .args(&[
            "--rules",
            "clinic",
            "explain",
            "--yes",
            "back_pain,leg_pain,fever",
        ])
        .stdout_below_header(
            r#"Answers: back_pain=present, leg_pain=present, fever=present

Rules fired, in order:
  1. fever_urgent  (clinic/rules.yaml:12:9)
     Fever with back pain can mean an infection.
     because: fever=present, back_pain=present
     did: urgency urgent: Fever with back pain can mean an infection.
     did: supports infection +3
  2. nerve_root_from_leg  (clinic/rules.yaml:22:9)
     Back pain running down a leg follows a nerve root.
     because: back_pain=present, leg_pain=present
     did: derive nerve_root
  3. sciatica_from_nerve_root  (clinic/rules.yaml:28:9)
     An irritated nerve root suggests sciatica.
     because: nerve_root
     did: supports sciatica +3
  4. strain_less_likely_with_nerve_root  (clinic/rules.yaml:42:9)
     A nerve pattern makes a plain strain less likely.
     because: nerve_root
     did: against strain -1

Urgency: URGENT (set by fever_urgent)

Causes, most likely first:
  1. sciatica (Sciatica), score 3
     for +3 sciatica_from_nerve_root
        because: nerve_root
        sources: guide: Sciatica
  2. infection (Spinal infection), score 3
     for +3 fever_urgent
        because: fever=present, back_pain=present
        sources: guide: Infection
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn without_answers_nothing_fires_and_the_default_urgency_stands() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "explain"])
        .stdout_below_header(
            r#"Answers: none

Rules fired, in order:
  none

Urgency: SELF CARE (the default: no rule raised it)

Causes, most likely first:
  none listed
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn why_not_names_the_false_parts_and_the_evidence_against() {
    Test::new()
        .current_dir(&fixtures())
        .args(&[
            "--rules",
            "clinic",
            "explain",
            "--yes",
            "back_pain,leg_pain",
            "--why-not",
            "strain",
        ])
        .stdout_below_header(
            r#"Why not strain (Muscle strain)?
It is not listed: no rule that supports it fired.

Rules that could support it:
  - strain_without_nerve_root (+2), did not fire  (clinic/rules.yaml:35:9)
      when: {all: [back_pain, {not: nerve_root}]}
      false:   {not: nerve_root}  (given nerve_root)

Evidence against it that fired:
  - strain_less_likely_with_nerve_root (-1), because nerve_root
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn why_not_follows_an_undecided_concept_to_its_rules() {
    Test::new()
        .current_dir(&fixtures())
        .args(&[
            "--rules",
            "clinic",
            "explain",
            "--yes",
            "back_pain",
            "--no",
            "fever",
            "--why-not",
            "sciatica",
        ])
        .stdout_below_header(
            r#"Why not sciatica (Sciatica)?
It is not listed: no rule that supports it fired.

Rules that could support it:
  - sciatica_from_nerve_root (+3), did not fire  (clinic/rules.yaml:28:9)
      when: nerve_root
      unknown: nerve_root  (not derived, not ruled out)
        nerve_root would come from nerve_root_from_leg: {all: [back_pain, leg_pain]}
          unknown: leg_pain  (not answered)
"#,
        )
        .stderr("")
        .run();
}

/// A finding answered "not sure" is told apart from one not asked, in the text and the JSON.
#[test]
fn why_not_says_not_sure_where_the_answer_was_not_sure() {
    Test::new()
        .current_dir(&fixtures())
        .args(&[
            "--rules",
            "clinic",
            "explain",
            "--yes",
            "back_pain",
            "--no",
            "fever",
            "--unknown",
            "leg_pain",
            "--why-not",
            "sciatica",
        ])
        .stdout_below_header(
            r#"Why not sciatica (Sciatica)?
It is not listed: no rule that supports it fired.

Rules that could support it:
  - sciatica_from_nerve_root (+3), did not fire  (clinic/rules.yaml:28:9)
      when: nerve_root
      unknown: nerve_root  (not derived, not ruled out)
        nerve_root would come from nerve_root_from_leg: {all: [back_pain, leg_pain]}
          unknown: leg_pain  (answered "not sure")
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn why_not_a_listed_cause_gives_its_rank() {
    Test::new()
        .current_dir(&fixtures())
        .args(&[
            "--rules",
            "clinic",
            "explain",
            "--yes",
            "bladder_trouble",
            "--why-not",
            "cauda_equina",
        ])
        .stdout_below_header(
            r#"Why not cauda_equina (Cauda equina syndrome)?
It is listed, ranked 1 of 1, with a score of 5.

Rules that could support it:
  - ces_emergency (+5), fired  (clinic/rules.yaml:2:9)
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn why_not_an_unknown_cause_suggests_one() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "explain", "--why-not", "sciatca"])
        .status(1)
        .stdout("")
        .stderr(r#"error: unknown cause `sciatca`; did you mean `sciatica`? (`triage list causes` lists them)
"#)
        .run();
}

/// `triage explain --format json` on the mini knowledge base with these arguments, parsed.
fn explain_json(args: &[&str]) -> serde_json::Value {
    let ran = Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "mini", "explain", "--format", "json"])
        .args(args)
        .stderr("")
        .run();
    serde_json::from_str(&ran.stdout).unwrap()
}

#[test]
fn explain_as_json_holds_the_trace_the_urgency_and_the_evidence() {
    let report = explain_json(&["--yes", "back_pain,radiates_to_leg"]);
    assert_eq!(report["knowledge_base"]["source"], "mini");
    assert_eq!(
        report["answers"],
        serde_json::json!({"back_pain": "present", "radiates_to_leg": "present"})
    );
    assert_eq!(
        report["fired_rules"][0],
        serde_json::json!({
            "rule": "nerve_pattern_leg",
            "location": "mini/rules.yaml:18:9",
            "description": "Back pain running into a leg follows a nerve.",
            "facts": {"back_pain": "present", "radiates_to_leg": "present"},
            "actions": ["derive nerve_pattern"],
        })
    );
    assert_eq!(report["fired_rules"].as_array().unwrap().len(), 3);
    assert_eq!(
        report["urgency"],
        serde_json::json!({"level": "self_care", "set_by": null})
    );
    assert_eq!(
        report["causes"],
        serde_json::json!([{
            "id": "sciatica", "name": "Sciatica", "score": 3, "codes": {},
            "for": [{"rule": "sciatica_from_pattern", "weight": 3, "facts": {"nerve_pattern": "present"}, "sources": []}],
            "against": [],
        }])
    );
}

#[test]
fn why_not_as_json_names_the_blocking_parts() {
    let report = explain_json(&["--yes", "back_pain", "--why-not", "sciatica"]);
    assert_eq!(report["status"], "no_evidence");
    assert_eq!(report["rank"], serde_json::Value::Null);
    assert_eq!(
        report["supporting_rules"],
        serde_json::json!([{
            "rule": "sciatica_from_pattern", "weight": 3, "location": "mini/rules.yaml:24:9",
            "fired": false, "when": "nerve_pattern",
            "blocking": [{"condition": "nerve_pattern", "is": "unknown"}],
        }])
    );
}

/// A rule generated for "not sure" shows its reason with its own sign named, never the
/// knowledge base's `{signs}` template.
#[test]
fn a_rule_generated_for_not_sure_names_its_sign_in_what_it_did() {
    let ran = Test::new()
        .rules(&crate::harness::mini())
        .args(&["explain", "--unknown", "saddle_numbness"])
        .run();
    assert!(
        ran.stdout.contains("rf_not_sure_saddle_numbness"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains(
            "did: urgency urgent: You were not sure of this: Is it numb between your legs?. A doctor"
        ),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("{signs}"), "{}", ran.stdout);
}
