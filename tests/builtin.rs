//! The shipped knowledge base, compiled into the binary: it runs from any directory, passes its
//! own checks and scenarios, and defines the contract's whole vocabulary.

use crate::harness::Test;
use std::collections::BTreeSet;
use std::path::Path;

fn outside_the_repository() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn cauda_equina_is_an_emergency_from_any_directory() {
    let dir = outside_the_repository();
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&[
            "assess",
            "--yes",
            "back_pain,bladder_bowel_dysfunction,saddle_numbness",
            "--format",
            "json",
        ])
        .stderr("")
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["schema_version"], 1);
    let level = report["urgency"]["level"].as_str().unwrap();
    assert!(
        ["emergency", "emergency_ambulance"].contains(&level),
        "{level}"
    );
    assert_eq!(report["urgency"]["emergency"], true);
    let causes: Vec<&str> = report["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert!(causes.contains(&"cauda_equina_syndrome"), "{causes:?}");
}

#[test]
fn the_shipped_knowledge_base_checks_clean_and_passes_its_scenarios() {
    let dir = outside_the_repository();
    let check = Test::new()
        .current_dir(dir.path())
        .args(&["check"])
        .stderr("")
        .run();
    assert!(
        check.stdout.ends_with("; no problems found\n"),
        "{}",
        check.stdout
    );
    let test = Test::new().current_dir(dir.path()).args(&["test"]).run();
    assert!(
        test.stdout.ends_with(" passed, 0 failed\n"),
        "{}",
        test.stdout
    );
}

/// The ids listed under `key` in the contract's vocabulary (a list of `- id:` or a mapping).
fn vocabulary_ids(vocabulary: &str, key: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut inside = false;
    for line in vocabulary.lines() {
        if !line.starts_with(' ') && !line.starts_with('#') && !line.is_empty() {
            inside = line.starts_with(&format!("{key}:"));
            continue;
        }
        let line = line.trim();
        if !inside || line.starts_with('#') || line.is_empty() {
            continue;
        }
        let id = line.trim_start_matches("- id:").trim_start_matches("- ");
        if let Some((id, _)) = id.split_once(':').or(Some((id, ""))) {
            let id = id.trim();
            if !id.is_empty() && !line.starts_with("meaning") {
                ids.insert(id.to_string());
            }
        }
    }
    ids
}

fn listed(what: &str) -> BTreeSet<String> {
    let ran = Test::new().args(&["list", what, "--format", "json"]).run();
    let items: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_contract_id_is_defined() {
    let vocabulary = include_str!("fixtures/contract-vocabulary.yaml");
    let findings = listed("findings");
    for key in ["findings", "numbers", "choices"] {
        let missing: Vec<_> = vocabulary_ids(vocabulary, key)
            .difference(&findings)
            .cloned()
            .collect();
        assert!(missing.is_empty(), "{key} missing: {missing:?}");
    }
    let missing: Vec<_> = vocabulary_ids(vocabulary, "causes")
        .difference(&listed("causes"))
        .cloned()
        .collect();
    assert!(missing.is_empty(), "causes missing: {missing:?}");
    let levels: Vec<String> = {
        let ran = Test::new()
            .args(&["list", "levels", "--format", "json"])
            .run();
        let items: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        levels,
        [
            "emergency_ambulance",
            "emergency",
            "urgent",
            "routine",
            "self_care"
        ]
    );
}

#[test]
fn the_vocabulary_copy_matches_the_contract() {
    // The contract lives beside the repository; when it is there, our copy must not drift.
    let contract = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/contract/vocabulary.yaml");
    if let Ok(text) = std::fs::read_to_string(contract) {
        assert_eq!(text, include_str!("fixtures/contract-vocabulary.yaml"));
    }
}

/// Issue 12: a checklist's items are short statements, one idea each, that do not repeat the
/// checklist's question ("Since this started, ..." in the title and again in an item); so are
/// the opening question's options and the warning signs a report lists as not answered.
#[test]
fn every_finding_a_list_shows_has_a_short_label_that_does_not_repeat_its_checklist() {
    let kb = triage::kb::load(&triage::kb::KbSource::Builtin).unwrap().kb;
    let listed = kb
        .findings()
        .filter(|(f, fact)| fact.complaint || fact.red_flag || kb.screen_of(*f).is_some());
    for (f, fact) in listed {
        let label = fact
            .label
            .as_deref()
            .unwrap_or_else(|| panic!("{}: no label", fact.id));
        assert!(
            !label.ends_with('?'),
            "{}: a question, not a statement",
            fact.id
        );
        assert!(
            label.len() <= 100,
            "{}: {} characters",
            fact.id,
            label.len()
        );
        if let Some(screen) = kb.screen_of(f) {
            let title = &kb.screens[screen].question;
            let opening: String = title.split(',').next().unwrap().to_lowercase();
            assert!(
                !label.to_lowercase().contains(&opening),
                "{}: repeats '{opening}' of its checklist",
                fact.id
            );
        }
    }
}
