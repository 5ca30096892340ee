use crate::harness::{Test, mini};

#[test]
fn passing_scenarios_end_with_the_count() {
    let file = mini().join("tests/basic.yaml");
    Test::new()
        .rules(&mini())
        .args(&["test"])
        .stdout(&format!(
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
        .stdout(&format!(
            "\
FAIL  fever alone is not an emergency  ({file}:2)
      urgency: expected emergency, got urgent
      first: expected muscle_strain, got sciatica 3
      in top 2: expected muscle_strain, got sciatica 3
      absent: expected sciatica not listed, but it ranks 1
      fired rules: fever_back_pain, nerve_pattern_leg, sciatica_from_pattern, strain_less_likely_with_pattern
ok    nothing fits  ({file}:10)
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
        .status(1)
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
