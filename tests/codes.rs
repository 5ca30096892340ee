//! Clinical codes: `codes:` on causes and findings, checked by `triage check` and carried into
//! the JSON report, `explain`, the summary for a doctor and `list`.

use crate::harness::{Test, check_refusing, mini_copy};
use serde_json::Value;

/// The mini knowledge base with `codes` given to its causes.
fn coded_mini(sciatica: &str, strain: &str) -> tempfile::TempDir {
    let dir = mini_copy();
    let path = dir.path().join("findings.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace(
            "    name: Sciatica\n",
            &format!("    name: Sciatica\n    codes:\n{sciatica}"),
        )
        .replace(
            "    name: Muscle strain\n",
            &format!("    name: Muscle strain\n    codes:\n{strain}"),
        );
    std::fs::write(&path, text).unwrap();
    dir
}

const SCIATICA: &str = "      snomed: 23056005 |Sciatica|\n      icd10: M54.3 Sciatica\n";
const STRAIN: &str = "      snomed: 262965006 |Strain of back muscle|\n      uncoded: the test has no ICD-10 code for it\n";

#[test]
fn a_mistyped_snomed_id_or_icd10_code_is_an_error_at_its_place() {
    let dir = coded_mini(
        "      snomed: 23056006 |Sciatica|\n      icd10: M54.3\n",
        "      snomed: \"751689013 |Strain|\"\n      icd10: S390 Strain\n",
    );
    let file = dir.path().join("findings.yaml");
    let ran = check_refusing(dir.path()).run();
    let file = file.display();
    for expected in [
        "error: `23056006` is not a SNOMED CT id: its check digit (the last) is wrong, so a digit is mistyped\n",
        "error: write the code's title after it: `M54.3 <title as in ICD-10>`\n",
        "error: `751689013` is a SNOMED CT description id, not a concept id (its partition is 01)\n",
        "error: `S390` is not an ICD-10 code: a capital letter, two digits, then optionally a dot and one or two digits (like `M54.3`)\n",
    ] {
        assert!(ran.stderr.contains(expected), "{expected}\n{}", ran.stderr);
    }
    assert!(
        ran.stderr.contains(&format!(" --> {file}:36:15\n")),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .ends_with("error: the knowledge base did not load: 4 errors\n"),
        "{}",
        ran.stderr
    );
}

#[test]
fn once_a_knowledge_base_codes_its_causes_each_needs_both_codes_or_a_reason() {
    let dir = coded_mini(
        SCIATICA,
        "      snomed: 262965006 |Strain of back muscle|\n",
    );
    let ran = Test::new().rules(dir.path()).args(&["check"]).run();
    assert!(
        ran.stderr
            .contains("warning: cause `muscle_strain` has no ICD-10 code\n"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains(
        "= help: add it under `codes:`, or say why there is none in `codes: {uncoded: ...}`"
    ));
    // With the reason it is not.
    let dir = coded_mini(SCIATICA, STRAIN);
    let ran = Test::new().rules(dir.path()).args(&["check"]).run();
    assert!(!ran.stderr.contains("muscle_strain"), "{}", ran.stderr);
}

#[test]
fn the_json_report_explain_and_the_summary_carry_the_codes() {
    let dir = coded_mini(SCIATICA, STRAIN);
    let ran = Test::new()
        .rules(dir.path())
        .args(&[
            "assess",
            "--yes",
            "back_pain,radiates_to_leg",
            "--format",
            "json",
        ])
        .run();
    let report: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(
        report["causes"][0]["codes"],
        serde_json::json!({
            "snomed": "23056005",
            "snomed_term": "Sciatica",
            "icd10": "M54.3",
            "icd10_term": "Sciatica"
        })
    );
    let ran = Test::new()
        .rules(dir.path())
        .args(&["explain", "--yes", "back_pain,radiates_to_leg"])
        .run();
    assert!(
        ran.stdout.contains(
            "  1. sciatica (Sciatica), score 3\n     codes: SNOMED CT 23056005, ICD-10 M54.3\n"
        ),
        "{}",
        ran.stdout
    );
    let ran = Test::new()
        .rules(dir.path())
        .args(&[
            "assess",
            "--yes",
            "back_pain,radiates_to_leg",
            "--format",
            "summary",
        ])
        .run();
    assert!(
        ran.stdout
            .contains("1. Sciatica (SNOMED CT 23056005, ICD-10 M54.3)\n"),
        "{}",
        ran.stdout
    );
    let ran = Test::new()
        .rules(dir.path())
        .args(&["list", "causes", "--format", "json"])
        .run();
    let causes: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(
        causes[1]["codes"]["uncoded"],
        "the test has no ICD-10 code for it"
    );
}

#[test]
fn every_cause_of_the_contract_is_coded_in_the_shipped_knowledge_base() {
    let ran = Test::new()
        .args(&["list", "causes", "--format", "json"])
        .run();
    let causes: Vec<Value> = serde_json::from_str(&ran.stdout).unwrap();
    let vocabulary = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/contract-vocabulary.yaml"),
    )
    .unwrap();
    let contract: Vec<&str> = vocabulary
        .split("\ncauses:")
        .nth(1)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("  ")?.split(':').next())
        .filter(|id| !id.is_empty() && !id.starts_with(' ') && !id.starts_with('#'))
        .collect();
    assert!(contract.len() > 20, "{contract:?}");
    for cause in &causes {
        let codes = &cause["codes"];
        assert!(
            codes["snomed"].is_string() || codes["uncoded"].is_string(),
            "{cause}"
        );
        assert!(
            codes["icd10"].is_string() || codes["uncoded"].is_string(),
            "{cause}"
        );
    }
    // Every cause of the contract is defined and coded: in both systems, or in one with the
    // reason the other is missing.
    for id in contract {
        let cause = causes.iter().find(|c| c["id"] == id);
        let codes = &cause.unwrap_or_else(|| panic!("{id} is not defined"))["codes"];
        assert!(
            codes["snomed"].is_string() || codes["icd10"].is_string(),
            "{id} has no code at all"
        );
    }
}
