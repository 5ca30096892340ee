//! The hazard log: `check` resolves every reference in it, `coverage` counts what it lacks,
//! `hazards` prints it with its evidence run afresh; docs/hazard-log.md is that output for the
//! shipped rules, and every test the log cites exists.

use crate::harness::{Test, assert_has_all, check_refusing, copy_dir, mini};
use std::path::{Path, PathBuf};

/// The mini knowledge base with a hazard log (`log`) and its scenarios given ids, in a
/// temporary folder as `mini/`.
fn with_log(log: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("mini");
    copy_dir(&mini(), &rules);
    std::fs::write(rules.join("hazards.yaml"), log).unwrap();
    let scenarios = rules.join("tests/basic.yaml");
    let text = std::fs::read_to_string(&scenarios).unwrap();
    let text = text
        .replace(
            "  - name: saddle numbness",
            "  - id: saddle\n    name: saddle numbness",
        )
        .replace("  - name: leg pain", "  - id: leg\n    name: leg pain");
    std::fs::write(&scenarios, text).unwrap();
    dir
}

const LOG: &str = "\
hazards:
  - id: hz_missed_saddle
    title: Saddle numbness not sent to an emergency department
    harm: The nerves at the base of the spine stay squeezed.
    cause: Numbness between the legs.
    effect: Surgery too late to save bladder function.
    groups: [lower_back]
    initial_risk: {severity: major, likelihood: medium}
    residual_risk: {severity: major, likelihood: very_low}
    controls:
      rules: [saddle_emergency]
      findings: [saddle_numbness]
    verification:
      scenarios: [saddle]
    sources: [\"seed-000: When to Seek Medical Help\"]
    status: closed
  - id: hz_missed_fever
    title: Fever with back pain not seen the same day
    harm: An infection in the spine spreads.
    cause: Fever with back pain.
    effect: Antibiotics later than they should be.
    groups: [lower_back]
    initial_risk: {severity: considerable, likelihood: medium}
    residual_risk: {severity: considerable, likelihood: medium}
    status: open
    actions: Write the rule's scenario.
";

#[test]
fn check_locates_each_reference_of_the_wrong_kind_with_the_closest_ids() {
    let log = LOG
        .replace("rules: [saddle_emergency]", "rules: [saddle_emergncy]")
        .replace("findings: [saddle_numbness]", "findings: [nerve_pattern]")
        .replace("scenarios: [saddle]", "invariants: [fever_back_pain]");
    let dir = with_log(&log);
    check_refusing(Path::new("mini"))
        .current_dir(dir.path())
        .stderr(
            "\
error: unknown rule `saddle_emergncy`
  --> mini/hazards.yaml:11:15
   |
11 |       rules: [saddle_emergncy]
   |               ^^^^^^^^^^^^^^^
  = help: did you mean `saddle_emergency`?

error: `nerve_pattern` is a concept, not a finding
  --> mini/hazards.yaml:12:18
   |
12 |       findings: [nerve_pattern]
   |                  ^^^^^^^^^^^^^
  = help: name the findings (questions) that ask about the hazard; a concept is derived by rules

error: `fever_back_pain` is a rule, not an invariant
  --> mini/hazards.yaml:14:20
   |
14 |       invariants: [fever_back_pain]
   |                    ^^^^^^^^^^^^^^^

error: the knowledge base did not load: 3 errors
",
        )
        .run();
}

#[test]
fn check_points_at_a_scenario_the_log_cites_that_no_file_gives() {
    let dir = with_log(&LOG.replace("scenarios: [saddle]", "scenarios: [sadle, leg]"));
    check_refusing(Path::new("mini"))
        .current_dir(dir.path())
        .stderr(
            "\
error: unknown scenario `sadle`
  --> mini/hazards.yaml:14:19
   |
14 |       scenarios: [sadle, leg]
   |                   ^^^^^
  = help: did you mean `saddle`?

error: 1 problem in the hazard log
",
        )
        .run();
}

#[test]
fn check_warns_about_a_closed_hazard_without_evidence_and_a_risk_that_rose() {
    let log = LOG
        .replace("    verification:\n      scenarios: [saddle]\n", "")
        .replace(
            "residual_risk: {severity: considerable, likelihood: medium}",
            "residual_risk: {severity: considerable, likelihood: very_high}",
        );
    let dir = with_log(&log);
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "mini", "check"])
        .run();
    assert!(
        ran.stderr.contains(
            "warning: hazard `hz_missed_saddle` is closed but has no verification\n --> mini/hazards.yaml:2:9"
        ),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains(
            "warning: hazard `hz_missed_fever` has a residual risk (4) above its initial risk (3)"
        ),
        "{}",
        ran.stderr
    );
}

#[test]
fn coverage_counts_the_open_hazards_and_the_red_flag_rules_outside_the_log() {
    let dir = with_log(&LOG.replace("rules: [saddle_emergency]", "rules: []"));
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "mini", "coverage", "--min", "100"])
        .status(1)
        .run();
    assert_has_all(
        &ran.stdout,
        &[
            "  hazards controlled and verified    50%  1 of 2",
            "  red-flag rules in the hazard log    0%  0 of 2",
            "Hazards with no control (1):\n  hz_missed_fever  mini/hazards.yaml:17:9",
            "Hazards with no verification (1):\n  hz_missed_fever  mini/hazards.yaml:17:9",
            "Open hazards (1):\n  hz_missed_fever  mini/hazards.yaml:17:9",
            "Red-flag rules that control no hazard (2):\n  saddle_emergency  mini/rules.yaml:2:9\n  fever_back_pain   mini/rules.yaml:10:9",
        ],
    );
    assert!(
        ran.stderr
            .contains("hazards controlled and verified 50%, red-flag rules in the hazard log 0%"),
        "{}",
        ran.stderr
    );
}

#[test]
fn hazards_prints_each_hazard_with_its_evidence_run_now() {
    // The leg scenario is made to fail: the log says so.
    let dir = with_log(&LOG.replace("scenarios: [saddle]", "scenarios: [saddle, leg]"));
    let scenarios = dir.path().join("mini/tests/basic.yaml");
    let text = std::fs::read_to_string(&scenarios).unwrap();
    std::fs::write(
        &scenarios,
        text.replace("first: sciatica", "first: muscle_strain"),
    )
    .unwrap();
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "mini", "hazards"])
        .stderr("")
        .run();
    assert_has_all(
        &ran.stdout,
        &[
            "# Hazard log: mini 0.1.0\n",
            "Knowledge base `mini` (from `mini`), version 0.1.0, status **draft**, last reviewed 2026-11-26.",
            "2 hazards: 1 closed, 0 transferred, 1 open. Their evidence: 1 of 2 scenario citations pass, 0 of 0 invariant citations are proven.",
            "| `hz_missed_saddle` Saddle numbness not sent to an emergency department | closed | 3 (major, medium) | 2 (major, very low) | **1 of 2** scenarios passes |",
            "| `hz_missed_fever` Fever with back pain not seen the same day | open | 3 (considerable, medium) | 3 (considerable, medium) | none |",
            "| very high | 3 | 4 | 4 | 5 | 5 |",
            "- **Residual risk:** 2 (major, very low): acceptable where the cost of further reduction outweighs the benefit",
            "- rule `saddle_emergency` (sets emergency)\n- question `saddle_numbness`: Is it numb between your legs?",
            "- scenario `saddle` passes: saddle numbness is an emergency\n- scenario `leg` **FAILS** (first: expected muscle_strain, got sciatica 3): leg pain ranks sciatica first",
            "## `hz_missed_fever`: Fever with back pain not seen the same day",
            "- **Actions:** Write the rule's scenario.",
            "Controls:\n\n- none yet\n\nVerification:\n\n- none yet\n",
        ],
    );
    let json = Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "mini", "hazards", "--format", "json"])
        .run();
    let json: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(json["knowledge_base"]["status"], "draft");
    assert_eq!(json["summary"]["open"], 1);
    let saddle = &json["hazards"][0];
    assert_eq!(saddle["residual_risk"]["rating"], 2);
    assert_eq!(
        saddle["controls"]["rules"],
        serde_json::json!(["saddle_emergency"])
    );
    assert_eq!(saddle["verification"]["scenarios"][0]["passes"], true);
    assert_eq!(saddle["verification"]["scenarios"][1]["passes"], false);
}

#[test]
fn hazards_needs_a_hazard_log() {
    Test::new()
        .rules(&mini())
        .args(&["hazards"])
        .status(3)
        .stdout("")
        .stderr("error: the knowledge base has no hazard log (a `hazards:` list)\n")
        .run();
}

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// docs/hazard-log.md is what `triage hazards` prints for the shipped rules (as the README's
/// examples are what the binary prints): `UPDATE_HAZARD_LOG=1 cargo test --test integration
/// hazard_log` rewrites it.
#[test]
fn the_hazard_log_in_docs_is_current() {
    let ran = Test::new()
        .current_dir(&repository())
        .args(&["--rules", "rules", "hazards"])
        .stderr("")
        .run();
    let path = repository().join("docs/hazard-log.md");
    if std::env::var_os("UPDATE_HAZARD_LOG").is_some() {
        std::fs::write(&path, &ran.stdout).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == ran.stdout,
        "docs/hazard-log.md is not what `triage hazards --rules rules` prints; run \
         UPDATE_HAZARD_LOG=1 cargo test --test integration hazard_log, and read the diff"
    );
}

/// Every test the shipped log cites as evidence (`file::name`) is a test of this suite.
#[test]
fn every_test_the_hazard_log_cites_exists() {
    let ran = Test::new()
        .current_dir(&repository())
        .args(&["--rules", "rules", "hazards", "--format", "json"])
        .run();
    let json: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let mut cited = 0;
    for hazard in json["hazards"].as_array().unwrap() {
        for test in hazard["verification"]["tests"].as_array().unwrap() {
            let test = test.as_str().unwrap();
            let (file, name) = test
                .split_once("::")
                .unwrap_or_else(|| panic!("`{test}` is not file::name"));
            let source = std::fs::read_to_string(repository().join(format!("tests/{file}.rs")))
                .unwrap_or_else(|_| panic!("`{test}`: no tests/{file}.rs"));
            assert!(
                source.contains(&format!("fn {name}()")),
                "`{test}`: tests/{file}.rs has no test `{name}`"
            );
            cited += 1;
        }
    }
    assert!(cited > 0, "the hazards of the program cite their tests");
}
