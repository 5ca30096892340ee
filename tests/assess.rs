use crate::harness::{Test, mini};
use serde_json::json;

const NOTICE: &str = "This is a triage aid, not a diagnosis: it cannot examine you and may be wrong. \
If you are worried, or your symptoms change or get worse, contact a doctor, and in an emergency call 999, 911 or 112.\n";

#[test]
fn text_report_leads_with_urgency_then_causes_then_notice() {
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
SELF CARE: Manage at home
Rest and keep moving gently; see a doctor if it persists.

Possible causes, most likely first:
  1. Sciatica (sciatica, score 3)
     for:     A nerve pattern suggests sciatica. [sciatica_from_pattern +3; nerve_pattern]

About sciatica:
  An irritated sciatic nerve.
  What you can do: Keep moving.
  When to see a doctor: If it lasts more than a few weeks.

{NOTICE}"
        ))
        .stderr("")
        .run();
}

#[test]
fn an_emergency_comes_first_with_every_reason() {
    Test::new()
        .rules(&mini())
        .args(&["assess", "--yes", "saddle_numbness,back_pain,fever", "--no", "radiates_to_leg"])
        .stdout(&format!(
            "\
EMERGENCY: Go to an emergency department now
Go to the nearest emergency department now.

Why:
  - Numbness between the legs can mean pressure on the nerves at the base of the spine.
    [saddle_emergency → emergency; seed-000: When to Seek Medical Help]
  - Fever with back pain can mean an infection.
    [fever_back_pain → urgent; seed-000]

Possible causes, most likely first:
  1. Muscle strain (muscle_strain, score 2)
     for:     Back pain without a nerve pattern suggests a muscle strain. [strain_without_pattern +2; back_pain=present, not nerve_pattern]

Advice:
  - Keep active; bed rest slows recovery. [strain_without_pattern]

{NOTICE}"
        ))
        .run();
}

#[test]
fn when_nothing_fits_the_report_says_so() {
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--yes", "fever"])
        .run();
    assert!(ran.stdout.starts_with("SELF CARE: Manage at home\n"));
    assert!(ran.stdout.contains(
        "\nNo cause that this tool covers fits these answers well; follow the advice on urgency above.\n"
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
            "fired_rules": [{
                "id": "strain_without_pattern",
                "description": "Back pain without a nerve pattern suggests a muscle strain.",
                "facts": {"back_pain": "present", "nerve_pattern": "absent"},
                "sources": []
            }],
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
    let never = Test::new()
        .rules(&mini())
        .args(&args)
        .args(&["--color", "never"])
        .env("NO_COLOR", "1")
        .run();
    assert!(!never.stdout.contains('\x1b'));
}
