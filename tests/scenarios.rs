use crate::harness::{Test, fixtures, mini};

#[test]
fn passing_scenarios_end_with_the_count() {
    let file = mini().join("tests/basic.yaml");
    Test::new()
        .rules(&mini())
        .args(&["test"])
        .stdout_below_header(&format!(
            "\
ok    saddle numbness is an emergency  ({file}:2)
ok    leg pain ranks sciatica first  ({file}:7)
2 passed, 0 failed
",
            file = file.display()
        ))
        .stderr("")
        .run();
}

#[test]
fn a_failing_scenario_shows_expected_against_actual_and_the_fired_rules() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("failing.yaml");
    std::fs::write(
        &path,
        "\
scenarios:
  - name: fever alone is not an emergency
    answers: {findings: {fever: present, back_pain: present, radiates_to_leg: present}}
    expect:
      urgency: emergency
      first: muscle_strain
      in_top: [muscle_strain]
      top_n: 2
      absent: [sciatica]
  - name: nothing fits
    answers: {findings: {fever: present}}
    expect: {no_causes: true, urgency: self_care}
",
    )
    .unwrap();
    Test::new()
        .rules(&mini())
        .args(&["test", path.to_str().unwrap()])
        .status(1)
        .stdout_below_header(&format!(
            "\
FAIL  fever alone is not an emergency  ({file}:2)
      - urgency: emergency
      + urgency: urgent
      - first: muscle_strain
      + first: sciatica (3)
      - in top 2: [muscle_strain]
      + top 2: [sciatica (3)]
      - absent: [sciatica]
      + listed: [sciatica (rank 1)]
      fired rules: fever_back_pain, nerve_pattern_leg, sciatica_from_pattern, strain_less_likely_with_pattern
ok    nothing fits  ({file}:10)
(- expected, + actual)
1 passed, 1 failed
",
            file = path.display()
        ))
        .run();
}

#[test]
fn scenario_files_are_checked_against_the_knowledge_base() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("typo.yaml");
    std::fs::write(
        &path,
        "scenarios:\n  - name: typo\n    answers: {findings: {fever: present}}\n    expect: {urgency: urgnt, first: sciatca}\n",
    )
    .unwrap();
    let ran = Test::new()
        .rules(&mini())
        .args(&["test", path.to_str().unwrap()])
        .status(3)
        .stdout("")
        .run();
    let messages: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(
        messages,
        [
            "error: unknown urgency level `urgnt`",
            "error: unknown cause `sciatca`",
            "error: 2 problems in the scenarios"
        ]
    );
}

#[test]
fn a_filter_runs_only_the_scenarios_it_names() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "test", "--filter", "PAIN"])
        .stdout_below_header(
            r#"ok    leg pain is sciatica  (clinic/tests/scenarios.yaml:6)
ok    plain back pain is a strain  (clinic/tests/scenarios.yaml:10)
2 passed, 0 failed
"#,
        )
        .stderr("")
        .run();
}

#[test]
fn a_filter_that_matches_nothing_is_an_error() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "test", "--filter", "nothing like this"])
        .status(3)
        .stdout("")
        .stderr(
            r#"error: no scenario name contains `nothing like this`
"#,
        )
        .run();
}

#[test]
fn junit_reports_failures_with_escaped_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("junit.yaml"),
        "\
scenarios:
  - name: fever <&> \"quoted\"
    answers: {findings: {fever: present, back_pain: present}}
    expect: {urgency: emergency, first: sciatica}
  - name: plain back pain is a strain
    answers: {findings: {back_pain: present, leg_pain: absent}}
    expect: {first: strain}
",
    )
    .unwrap();
    Test::new()
        .current_dir(dir.path())
        .args(&[
            "--rules",
            &fixtures().join("clinic").display().to_string(),
            "test",
            "junit.yaml",
            "--format",
            "junit",
        ])
        .status(1)
        .stdout(&JUNIT.replacen(
            "\n",
            &format!(
                "\n<!-- Knowledge base: {} (clinic 1.0.0) -->\n",
                fixtures().join("clinic").display()
            ),
            1,
        ))
        .stderr("")
        .run();
}

const JUNIT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="triage" tests="2" failures="1">
  <testsuite name="junit.yaml" tests="2" failures="1">
    <testcase name="fever &lt;&amp;&gt; &quot;quoted&quot;" classname="junit" file="junit.yaml" line="2">
      <failure message="urgency: expected emergency, got urgent; first: expected sciatica, got infection (3)">- urgency: emergency
+ urgency: urgent
- first: sciatica
+ first: infection (3)
fired rules: fever_urgent</failure>
    </testcase>
    <testcase name="plain back pain is a strain" classname="junit" file="junit.yaml" line="5"/>
  </testsuite>
</testsuites>
"#;

/// The hazard log cites scenarios by id: an id is an id, and given once across the files.
#[test]
fn a_scenario_id_is_given_once_across_the_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "scenarios:\n  - id: saddle\n    name: one\n    answers: {findings: {saddle_numbness: present}}\n    expect: {urgency: emergency}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        "scenarios:\n  - id: saddle\n    name: two\n    answers: {findings: {fever: present}}\n    expect: {urgency: urgent}\n  - id: Not-An-Id\n    name: three\n    answers: {findings: {fever: present}}\n    expect: {urgency: urgent}\n",
    )
    .unwrap();
    Test::new()
        .current_dir(dir.path())
        .rules(&mini())
        .args(&["test", "a.yaml", "b.yaml"])
        .status(3)
        .stdout("")
        .stderr(
            "\
error: duplicate scenario id `saddle`
 --> b.yaml:2:9
  |
2 |   - id: saddle
  |         ^^^^^^
  = help: first given at a.yaml:2:9

error: `Not-An-Id` is not a valid id
 --> b.yaml:6:9
  |
6 |   - id: Not-An-Id
  |         ^^^^^^^^^
  = help: ids start with a lower-case letter and use only a-z, 0-9, `_` and `-`

error: 2 problems in the scenarios
",
        )
        .run();
}
