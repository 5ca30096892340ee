//! `triage coverage`: the shares exercised by the scenarios and what never was.

use crate::harness::{Test, fixtures};

#[test]
fn coverage_lists_what_the_scenarios_never_exercise() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "coverage"])
        .stdout_below_header(
            r#"Coverage of clinic 1.0.0 by 3 scenarios:
  rules fired                 71%  5 of 7
  findings used               42%  3 of 7
  causes reached              75%  3 of 4
  urgency levels reached      66%  2 of 3
  red flags raising urgency   33%  1 of 3

Rules never fired (2):
  fever_urgent     clinic/rules.yaml:12:9
  numb_back_older  clinic/rules.yaml:49:9

Findings never used (4):
  back_numbness    clinic/findings.yaml:4:9
  saddle_numbness  clinic/findings.yaml:12:9
  fever            clinic/findings.yaml:15:9
  age              clinic/findings.yaml:18:9

Causes never reached (1):
  infection  clinic/findings.yaml:37:9

Urgency levels never reached (1):
  urgent  clinic/kb.yaml:16:9

Red flags that never raised the urgency (2):
  saddle_numbness  clinic/findings.yaml:12:9
  fever            clinic/findings.yaml:15:9
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn a_minimum_fails_the_shares_below_it() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "coverage", "--min", "50"])
        .status(1)
        .stdout_below_header(r#"Coverage of clinic 1.0.0 by 3 scenarios:
  rules fired                 71%  5 of 7
  findings used               42%  3 of 7
  causes reached              75%  3 of 4
  urgency levels reached      66%  2 of 3
  red flags raising urgency   33%  1 of 3

Rules never fired (2):
  fever_urgent     clinic/rules.yaml:12:9
  numb_back_older  clinic/rules.yaml:49:9

Findings never used (4):
  back_numbness    clinic/findings.yaml:4:9
  saddle_numbness  clinic/findings.yaml:12:9
  fever            clinic/findings.yaml:15:9
  age              clinic/findings.yaml:18:9

Causes never reached (1):
  infection  clinic/findings.yaml:37:9

Urgency levels never reached (1):
  urgent  clinic/kb.yaml:16:9

Red flags that never raised the urgency (2):
  saddle_numbness  clinic/findings.yaml:12:9
  fever            clinic/findings.yaml:15:9
"#)
        .stderr(r#"error: coverage under the minimum of 50%: findings used 42%, red flags raising urgency 33%
"#)
        .run();
}

#[test]
fn a_minimum_out_of_range_is_a_usage_error() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "coverage", "--min", "101"])
        .status(2)
        .stdout("")
        .stderr(
            r#"error: `--min` is a percentage from 0 to 100, not 101
"#,
        )
        .run();
}

#[test]
fn coverage_as_json_holds_the_shares_and_what_was_never_exercised() {
    let ran = Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "mini", "coverage", "--format", "json", "--min", "60"])
        .status(1)
        .stderr("error: coverage under the minimum of 60%: findings used 50%, causes reached 50%, red flags raising urgency 50%\n")
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let share =
        |hit, total, percent| serde_json::json!({"hit": hit, "total": total, "percent": percent});
    let at =
        |id: &str, place: &str| serde_json::json!({"id": id, "location": format!("mini/{place}")});
    assert_eq!(
        report,
        serde_json::json!({
            "knowledge_base": {"name": "mini", "version": "0.1.0", "status": "draft", "source": "mini"},
            "scenarios": 2,
            "shares": {
                "rules": share(4, 6, 66),
                "findings": share(3, 6, 50),
                "causes": share(1, 2, 50),
                "levels": share(2, 3, 66),
                "red_flags": share(1, 2, 50),
            },
            "never": {
                "rules": [at("fever_back_pain", "rules.yaml:10:9"), at("strain_without_pattern", "rules.yaml:30:9")],
                "findings": [at("fever", "findings.yaml:9:9"), at("age", "findings.yaml:17:9"), at("sex", "findings.yaml:24:9")],
                "causes": [at("muscle_strain", "findings.yaml:39:9")],
                "levels": [at("urgent", "kb.yaml:16:9")],
                "red_flags": [at("fever", "findings.yaml:9:9")],
            },
            "translations": {},
            "below_min": ["findings used 50%", "causes reached 50%", "red flags raising urgency 50%"],
        })
    );
}
