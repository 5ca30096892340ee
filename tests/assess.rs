use crate::harness::{Test, mini, mini_adding};
use serde_json::json;

const NOTICE: &str = "This is a triage aid, not a diagnosis: it cannot examine you and may be wrong. \
If you are worried, or your symptoms change or get worse, contact a doctor, and in an emergency call 999, 911 or 112.\n";

const DRAFT: &str = "\
The knowledge base behind this report (mini 0.1.0) is a draft, not yet approved
for clinical use.
";

/// The notice as the report wraps it, at 80 columns.
const WRAPPED_NOTICE: &str = "\
This is a triage aid, not a diagnosis: it cannot examine you and may be wrong.
If you are worried, or your symptoms change or get worse, contact a doctor, and
in an emergency call 999, 911 or 112.
";

#[test]
fn text_report_leads_with_urgency_then_causes_then_notice() {
    Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--yes",
            "back_pain,radiates_to_leg",
            "--no",
            "saddle_numbness,fever",
            "--age",
            "40",
        ])
        .stdout(&format!(
            "\
SELF CARE: Manage at home
Rest and keep moving gently; see a doctor if it persists.

Possible causes, most likely first:
  1. Sciatica: An irritated sciatic nerve.

What you can do now:
  - Keep moving.

{DRAFT}{WRAPPED_NOTICE}"
        ))
        .stderr("")
        .run();
}

#[test]
fn details_add_the_rule_ids_scores_and_sources() {
    let args = [
        "assess",
        "--yes",
        "back_pain,radiates_to_leg,fever",
        "--no",
        "saddle_numbness",
    ];
    let ran = Test::new()
        .rules(&mini())
        .args(&args)
        .args(&["--details"])
        .run();
    assert!(
        ran.stdout.starts_with(
            "\
URGENT: See a doctor within 24 hours
Get an appointment with a doctor today.

Why:
  - Fever with back pain can mean an infection.
    [fever_back_pain → urgent; seed-000]

Possible causes, most likely first:
  1. Sciatica: An irritated sciatic nerve.
    [sciatica, score 3]
    for: A nerve pattern suggests sciatica. [sciatica_from_pattern +3;
    nerve_pattern]
"
        ),
        "{}",
        ran.stdout
    );
    // Without --details, none of it.
    let plain = Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--yes",
            "back_pain,radiates_to_leg,fever",
            "--no",
            "saddle_numbness",
        ])
        .run();
    for clinical in [
        "fever_back_pain",
        "seed-000",
        "score",
        "sciatica_from_pattern",
        "[",
    ] {
        assert!(
            !plain.stdout.contains(clinical),
            "{clinical}: {}",
            plain.stdout
        );
    }
}

#[test]
fn an_emergency_says_what_to_do_why_and_what_to_tell_the_staff_and_nothing_else() {
    Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--yes",
            "saddle_numbness,back_pain,fever",
            "--no",
            "radiates_to_leg",
        ])
        .stdout(&format!(
            "\
EMERGENCY: Go to an emergency department now
Go to the nearest emergency department now.

Why:
  - Numbness between the legs can mean pressure on the nerves at the base of
    the spine.

Tell the staff that you answered yes to:
  - Have you had a fever?
  - Is it numb between your legs?

{DRAFT}{WRAPPED_NOTICE}"
        ))
        .run();
}

#[test]
fn unanswered_warning_signs_are_named_and_the_heading_is_no_all_clear() {
    Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--yes",
            "back_pain,radiates_to_leg",
            "--age",
            "40",
        ])
        .stdout(&format!(
            "\
No urgent sign was reported, but 2 warning signs were not answered.
If you have this, go to an emergency department now:
  - Is it numb between your legs?
If you have this, see a doctor within 24 hours:
  - Have you had a fever?

If you have none of them: SELF CARE: Manage at home
Rest and keep moving gently; see a doctor if it persists.

Possible causes, most likely first:
  1. Sciatica: An irritated sciatic nerve.

What you can do now:
  - Keep moving.

{DRAFT}{WRAPPED_NOTICE}"
        ))
        .run();
    // Only a sign that could still raise the urgency is named: with fever and back pain the
    // level is urgent, and saddle numbness alone is left.
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--yes", "back_pain,fever"])
        .run();
    assert!(
        ran.stdout
            .starts_with("URGENT: See a doctor within 24 hours\n"),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains(
        "\n1 warning sign was not answered.\nIf you have this, go to an emergency department now:\n  - Is it numb between your legs?\n"
    ), "{}", ran.stdout);
}

/// Without `--details`, "Why:" gives only the reasons for the level reached (a reason for a
/// less urgent level only adds noise), and "What you can do now" each advice once, however many
/// rules give it; with `--details`, every reason, each advice under the first rule that gave it.
#[test]
fn a_report_gives_the_reasons_for_its_level_and_each_advice_once() {
    let dir = mini_adding(
        "findings:\n",
        "rules:
  - id: pain_noted
    description: Back pain alone can be managed at home.
    when: back_pain
    then:
      - urgency: self_care
        reason: Back pain on its own usually settles at home.
      - advice: Keep active; bed rest slows recovery.
  - id: fever_fluids
    description: Fluids for a fever.
    when: fever
    then:
      - advice: Drink plenty of fluids.
",
    );
    let args = [
        "assess",
        "--yes",
        "back_pain,fever",
        "--no",
        "radiates_to_leg,saddle_numbness",
    ];
    Test::new()
        .rules(dir.path())
        .args(&args)
        .stdout(&format!(
            "\
URGENT: See a doctor within 24 hours
Get an appointment with a doctor today.

Why:
  - Fever with back pain can mean an infection.

Possible causes, most likely first:
  1. Muscle strain: A strained back muscle.

What you can do now:
  - Keep active; bed rest slows recovery.
  - Drink plenty of fluids.

{DRAFT}{WRAPPED_NOTICE}"
        ))
        .run();
    Test::new()
        .rules(dir.path())
        .args(&args)
        .args(&["--details"])
        .stdout(&format!(
            "\
URGENT: See a doctor within 24 hours
Get an appointment with a doctor today.

Why:
  - Fever with back pain can mean an infection.
    [fever_back_pain → urgent; seed-000]
  - Back pain on its own usually settles at home.
    [pain_noted → self_care]

Possible causes, most likely first:
  1. Muscle strain: A strained back muscle.
    [muscle_strain, score 2]
    for: Back pain without a nerve pattern suggests a muscle strain.
    [strain_without_pattern +2; back_pain=present, not nerve_pattern]

What you can do now:
  - Keep active; bed rest slows recovery.
    [pain_noted]
  - Drink plenty of fluids.
    [fever_fluids]

{DRAFT}{WRAPPED_NOTICE}"
        ))
        .run();
}

/// The summary for a doctor lists, under "Warning signs not asked", the warning signs the person
/// was never asked, not those they answered "not sure" (which are with the answers).
#[test]
fn a_summary_lists_the_warning_signs_not_asked_apart_from_those_answered_not_sure() {
    Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--yes",
            "back_pain",
            "--unknown",
            "fever",
            "--format",
            "summary",
        ])
        .stdout(
            "\
# Symptom summary: tingling, numbness or pain in the back

Made by `triage` with the knowledge base mini 0.1.0 (a draft), from the person's
own answers. It is a triage aid, not a diagnosis.

## Urgency

**SELF CARE: Manage at home**

## Answers

- Do you have pain in your back? **yes**
- Have you had a fever? **not sure**

## Warning signs not asked

- Is it numb between your legs?

## Causes considered, most likely first

None fitted the answers well.

This is a triage aid, not a diagnosis: it cannot examine you and may be wrong.
If you are worried, or your symptoms change or get worse, contact a doctor, and
in an emergency call 999, 911 or 112.
",
        )
        .run();
}

#[test]
fn assessing_no_answers_at_all_is_an_error_unless_allowed() {
    Test::new()
        .rules(&mini())
        .args(&["assess", "--format", "json"])
        .status(1)
        .stdout("")
        .stderr("error: no answer was given, so there is nothing to assess, and the result would read as an all-clear; give answers with --yes, --no, --unknown, --age ... or --answers, or pass --allow-empty if this is meant\n")
        .run();
    // "Not sure" is an answer (the question was asked): it is assessed, never refused, and the
    // flag it leaves open is named.
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--unknown", "saddle_numbness", "--format", "json"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["urgency"]["level"], json!("urgent"));
    assert_eq!(report["unsure_red_flags"], json!(["saddle_numbness"]));
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--allow-empty", "--format", "json"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(
        report["unanswered_red_flags"],
        json!(["saddle_numbness", "fever"])
    );
    assert_eq!(report["complete"], json!(true));
}

#[test]
fn when_nothing_fits_the_report_says_so() {
    let ran = Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--yes",
            "fever",
            "--no",
            "saddle_numbness,back_pain",
        ])
        .run();
    assert!(
        ran.stdout.starts_with("SELF CARE: Manage at home\n"),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains(
        "\nNo cause that this tool covers fits these answers well; follow the advice above.\n"
    ));
}

#[test]
fn json_report_holds_the_contract_fields_and_the_trace() {
    let ran = Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--yes",
            "back_pain",
            "--no",
            "radiates_to_leg",
            "--unknown",
            "fever",
            "--age",
            "62",
            "--sex",
            "female",
            "--format",
            "json",
        ])
        .stderr("")
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert!(ran.stdout.starts_with("{\n  \"schema_version\": 1,\n"));
    assert_eq!(
        report,
        json!({
            "schema_version": 1,
            "knowledge_base": {
                "name": "mini", "version": "0.1.0", "status": "draft",
                "source": mini().display().to_string()
            },
            "answers": {
                "age": 62,
                "sex": "female",
                "findings": {"back_pain": "present", "radiates_to_leg": "absent", "fever": "unknown"}
            },
            "urgency": {
                "level": "self_care",
                "label": "Manage at home",
                "action": "Rest and keep moving gently; see a doctor if it persists.",
                "emergency": false,
                "reasons": []
            },
            "causes": [{
                "id": "muscle_strain",
                "name": "Muscle strain",
                "rank": 1,
                "score": 2,
                "description": "A strained back muscle.",
                "self_care": "",
                "see_doctor": "",
                "sources": ["seed-000"],
                "codes": {},
                "evidence": {
                    "for": [{
                        "rule": "strain_without_pattern",
                        "description": "Back pain without a nerve pattern suggests a muscle strain.",
                        "weight": 2,
                        "facts": {"back_pain": "present", "nerve_pattern": "absent"}
                    }],
                    "against": []
                }
            }],
            "advice": [{"rule": "strain_without_pattern", "text": "Keep active; bed rest slows recovery."}],
            "safety_net": [],
            "fired_rules": [{
                "id": "strain_without_pattern",
                "description": "Back pain without a nerve pattern suggests a muscle strain.",
                "facts": {"back_pain": "present", "nerve_pattern": "absent"},
                "sources": []
            }],
            "unanswered_red_flags": ["saddle_numbness", "fever"],
            "unsure_red_flags": ["fever"],
            "complete": true,
            "notice": NOTICE.trim_end(),
        })
    );
}

fn level_and_causes(stdout: &str) -> (String, Vec<String>) {
    let report: serde_json::Value = serde_json::from_str(stdout).unwrap();
    let causes = report["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    (
        report["urgency"]["level"].as_str().unwrap().to_string(),
        causes,
    )
}

#[test]
fn answers_come_from_yaml_json_or_standard_input_and_flags_override_them() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = dir.path().join("answers.yaml");
    std::fs::write(
        &yaml,
        "age: 40\nfindings:\n  back_pain: yes\n  radiates_to_leg: present\n  fever: no\n",
    )
    .unwrap();
    let json = dir.path().join("answers.json");
    std::fs::write(
        &json,
        r#"{"age": 40, "findings": {"back_pain": "present", "radiates_to_leg": "present"}}"#,
    )
    .unwrap();
    for file in [&yaml, &json] {
        let ran = Test::new()
            .rules(&mini())
            .args(&[
                "assess",
                "--format",
                "json",
                "--answers",
                file.to_str().unwrap(),
            ])
            .run();
        assert_eq!(
            level_and_causes(&ran.stdout),
            ("self_care".into(), vec!["sciatica".into()])
        );
    }
    let ran = Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--format",
            "json",
            "--answers",
            "-",
            "--yes",
            "saddle_numbness",
            "--no",
            "radiates_to_leg",
        ])
        .stdin(
            "findings: {back_pain: present, radiates_to_leg: present, saddle_numbness: absent}\n",
        )
        .run();
    assert_eq!(
        level_and_causes(&ran.stdout),
        ("emergency".into(), vec!["muscle_strain".into()])
    );
}

#[test]
fn the_rules_folder_can_come_from_the_environment() {
    let ran = Test::new()
        .env("TRIAGE_RULES", mini().to_str().unwrap())
        .args(&["assess", "--yes", "saddle_numbness", "--format", "json"])
        .run();
    assert_eq!(level_and_causes(&ran.stdout).0, "emergency");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let args = ["assess", "--yes", "saddle_numbness"];
    let piped = Test::new().rules(&mini()).args(&args).run();
    assert!(!piped.stdout.contains('\x1b'));
    let forced = Test::new()
        .rules(&mini())
        .args(&args)
        .args(&["--color", "always"])
        .run();
    assert!(
        forced
            .stdout
            .starts_with("\x1b[1;31mEMERGENCY: Go to an emergency department now\x1b[0m\n")
    );
    // The first level below the emergencies in yellow, the default level in green.
    for (answers, heading) in [
        (
            [
                "--yes",
                "back_pain,fever",
                "--no",
                "saddle_numbness,radiates_to_leg",
            ],
            "\x1b[1;33mURGENT: See a doctor within 24 hours\x1b[0m\n",
        ),
        (
            [
                "--yes",
                "back_pain",
                "--no",
                "fever,saddle_numbness,radiates_to_leg",
            ],
            "\x1b[1;32mSELF CARE: Manage at home\x1b[0m\n",
        ),
    ] {
        let ran = Test::new()
            .rules(&mini())
            .args(&["assess", "--color", "always"])
            .args(&answers)
            .run();
        assert!(ran.stdout.starts_with(heading), "{:?}", ran.stdout);
    }
    let never = Test::new()
        .rules(&mini())
        .args(&args)
        .args(&["--color", "never"])
        .env("NO_COLOR", "1")
        .run();
    assert!(!never.stdout.contains('\x1b'));
}
