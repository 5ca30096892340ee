use crate::harness::{Test, mini};

const NOTICE: &str = "This is a triage aid, not a diagnosis: it cannot examine you and may be wrong. If you are worried, or your symptoms change or get worse, contact a doctor, and in an emergency call 999, 911 or 112.";

fn kb_head(line: usize) -> String {
    format!(
        r#"{{"line":{line},"schema_version":1,"knowledge_base":{{"name":"mini","version":"0.1.0","status":"draft","source":"{}"}},"#,
        mini().display()
    )
}

#[test]
fn batch_gives_one_result_per_line_in_order_and_an_error_result_for_a_bad_line() {
    let stdout = format!(
        concat!(
            r#"{}"answers":{{"age":40,"findings":{{"back_pain":"present","saddle_numbness":"present"}}}},"urgency":{{"level":"emergency","label":"Go to an emergency department now","action":"Go to the nearest emergency department now.","emergency":true,"reasons":[{{"rule":"saddle_emergency","level":"emergency","reason":"Numbness between the legs can mean pressure on the nerves at the base of the spine.","sources":["seed-000: When to Seek Medical Help"]}}]}},"causes":[],"advice":[],"safety_net":[],"fired_rules":[{{"id":"saddle_emergency","description":"Saddle numbness may mean cauda equina syndrome.","facts":{{"saddle_numbness":"present"}},"sources":["seed-000: When to Seek Medical Help"]}}],"unanswered_red_flags":["fever"],"unsure_red_flags":[],"complete":true,"notice":"{}"}}"#,
            "\n",
            r#"{{"line":2,"error":"line 2: no answer was given, so there is nothing to assess, and the result would read as an all-clear; give the answers on the line, or pass --allow-empty if such lines are meant"}}"#,
            "\n",
            r#"{{"line":3,"error":"line 3 is blank: no answer was given, so there is nothing to assess, and the result would read as an all-clear; give the answers on the line, or pass --allow-empty if such lines are meant"}}"#,
            "\n",
            r#"{{"line":4,"error":"unknown finding `fevr` (did you mean `fever`?)"}}"#,
            "\n",
            r#"{{"line":5,"error":"line 5 is not valid JSON: expected a value (an object, a list, a text in double quotes, a number, true, false or null), at column 2"}}"#,
            "\n",
            r#"{{"line":6,"error":"`age` is a number, not `old`"}}"#,
            "\n",
        ),
        kb_head(1),
        NOTICE,
    );
    Test::new()
        .rules(&mini())
        .args(&["assess", "--batch", "-"])
        .stdin(concat!(
            r#"{"age": 40, "findings": {"back_pain": "present", "saddle_numbness": "yes"}}"#,
            "\n{}\n\n",
            r#"{"findings": {"fevr": "present"}}"#,
            "\nnot json\n",
            r#"{"age": "old"}"#,
            "\r\n"
        ))
        .stdout(&stdout)
        .stderr("error: 5 of 6 cases failed (lines 2, 3, 4, 5, 6)\n")
        .status(1)
        .run();
}

#[test]
fn each_batch_result_is_the_json_report_of_assess_with_its_line() {
    let answers = [
        r#"{"age": 62, "sex": "male", "findings": {"back_pain": "present", "radiates_to_leg": "present", "fever": "absent"}}"#,
        r#"{"findings": {"back_pain": "present", "fever": "present"}}"#,
        r#"{"findings": {"back_pain": "present", "radiates_to_leg": "absent"}}"#,
    ];
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--batch", "-"])
        .stdin(&answers.join("\n"))
        .stderr("")
        .run();
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert_eq!(lines.len(), answers.len());
    for (i, (line, answers)) in lines.iter().zip(answers).enumerate() {
        let one = Test::new()
            .rules(&mini())
            .args(&["assess", "--answers", "-", "--format", "json"])
            .stdin(answers)
            .run();
        let mut expected: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&one.stdout).unwrap();
        let mut got: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(line).unwrap();
        assert_eq!(got.remove("line"), Some((i + 1).into()));
        expected.remove("line");
        assert_eq!(got, expected);
    }
}

#[test]
fn batch_reads_a_file_and_refuses_answer_flags_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cases.jsonl");
    std::fs::write(&file, "{\"findings\": {\"fever\": \"present\"}}\n").unwrap();
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--batch", file.to_str().unwrap()])
        .stderr("")
        .run();
    assert!(ran.stdout.starts_with("{\"line\":1,\"schema_version\":1,"));
    assert_eq!(ran.stdout.lines().count(), 1);
    Test::new()
        .rules(&mini())
        .args(&["assess", "--batch", "-", "--yes", "fever"])
        .stderr(
            "error: the argument '--batch <FILE|->' cannot be used with '--yes <ID[,ID...]>'\n\n\
             Usage: triage assess --batch <FILE|->\n\nFor more information, try '--help'.\n",
        )
        .status(2)
        .run();
    Test::new()
        .rules(&mini())
        .args(&["assess", "--batch", "no-such-file.jsonl"])
        .stdout("")
        .stderr("error: cannot read `no-such-file.jsonl`: no such file or folder\n")
        .status(1)
        .run();
}

#[test]
fn an_empty_batch_prints_nothing_and_succeeds() {
    Test::new()
        .rules(&mini())
        .args(&["assess", "--batch", "-"])
        .stdin("")
        .stdout("")
        .stderr("")
        .run();
}

/// The batch's quick reader refuses what the general one refuses, with the general reader's
/// words: a concept is derived by the rules, never answered (set, it would fire the rules that
/// read it); a negative whole number, the one kind the JSON reader hands over as signed, is
/// checked against its finding's range like any other, not read as "not sure".
#[test]
fn a_batch_line_the_quick_reader_must_refuse_is_an_error_line() {
    for (line, error) in [
        (
            r#"{"findings": {"nerve_pattern": "present", "back_pain": "present"}}"#,
            "`nerve_pattern` is a concept that rules derive; it can't be answered",
        ),
        (
            r#"{"age": -5, "findings": {"back_pain": "present"}}"#,
            "age -5 is impossible: `age` must be from 0 to 120 years",
        ),
    ] {
        Test::new()
            .rules(&mini())
            .args(&["assess", "--batch", "-"])
            .stdin(&format!("{line}\n"))
            .stdout(&format!("{{\"line\":1,\"error\":\"{error}\"}}\n"))
            .stderr("error: 1 of 1 case failed (line 1)\n")
            .status(1)
            .run();
    }
}
