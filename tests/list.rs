use crate::harness::{Test, mini};

#[test]
fn findings_causes_and_levels_as_text() {
    // The table alone on standard output; which knowledge base it lists on standard error.
    let ran = Test::new().rules(&mini()).args(&["list", "causes"]).run();
    assert!(ran.stderr.starts_with("Knowledge base: "), "{}", ran.stderr);
    Test::new()
        .rules(&mini())
        .args(&["list", "findings"])
        .stdout(
            "\
back_pain        yes_no                         Do you have pain in your back?
radiates_to_leg  yes_no                         Does the pain travel into a leg?
fever            yes_no               red flag  Have you had a fever?
saddle_numbness  yes_no               red flag  Is it numb between your legs?
age              number 0..120 years            How old are you?
sex              choice female|male             What is your sex?
",
        )
        .run();
    Test::new()
        .rules(&mini())
        .args(&["list", "causes"])
        .stdout("sciatica       Sciatica\nmuscle_strain  Muscle strain\n")
        .run();
    Test::new()
        .rules(&mini())
        .args(&["list", "levels"])
        .stdout(
            "\
1  emergency  emergency  Go to an emergency department now
2  urgent                See a doctor within 24 hours
3  self_care  default    Manage at home
",
        )
        .run();
}

#[test]
fn json_lists_are_arrays_of_objects_with_ids() {
    let ran = Test::new()
        .rules(&mini())
        .args(&["list", "findings", "--format", "json"])
        .run();
    let findings: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(
        findings[4],
        serde_json::json!({
            "id": "age", "kind": "number", "question": "How old are you?",
            "label": "How old are you?", "help": "In whole years.",
            "red_flag": false, "follow_up": false, "codes": {}, "unit": "years", "min": 0, "max": 120
        })
    );
    assert_eq!(findings[1]["follow_up"], true);
    let ran = Test::new()
        .rules(&mini())
        .args(&["list", "levels", "--format", "json"])
        .run();
    let levels: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let ids: Vec<&str> = levels
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["emergency", "urgent", "self_care"]);
}

#[test]
fn an_unknown_list_is_a_usage_error() {
    let ran = Test::new()
        .rules(&mini())
        .args(&["list", "rulez"])
        .status(2)
        .stdout("")
        .run();
    assert!(
        ran.stderr.contains("invalid value 'rulez'"),
        "{}",
        ran.stderr
    );
}
