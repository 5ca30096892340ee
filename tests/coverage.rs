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
