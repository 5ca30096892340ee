//! `triage schema`: the JSON Schemas editors use. Every shipped file must validate against
//! them (else an editor would underline correct rules), the schemas must reject what the
//! loader rejects, and the committed copies the files point at must be current.

use crate::harness::{Test, fixtures};
use serde_json::Value;
use std::path::{Path, PathBuf};
use triage::diagnostic::SourceFile;

const RULES_SCHEMA: &str = "# yaml-language-server: $schema=../schema/rules.schema.json";
const SCENARIOS_SCHEMA: &str = "# yaml-language-server: $schema=../../schema/scenarios.schema.json";

fn repository() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn schema(what: &str) -> Value {
    let ran = Test::new().args(&["schema", what]).stderr("").run();
    serde_json::from_str(&ran.stdout).unwrap()
}

fn yaml_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// The YAML as JSON, read the way the loader reads it (strict booleans).
fn as_json(name: &str, text: &str) -> Value {
    let file = SourceFile {
        name: name.into(),
        text: text.into(),
    };
    triage::kb::parse_yaml::<Value>(&file, 0).unwrap()
}

fn problems(schema: &Value, name: &str, text: &str) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    let instance = as_json(name, text);
    validator
        .iter_errors(&instance)
        .map(|e| format!("{name}: {} ({e})", e.instance_path()))
        .collect()
}

fn assert_valid(schema: &Value, files: &[PathBuf]) {
    assert!(!files.is_empty());
    let mut all = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(path).unwrap();
        all.extend(problems(schema, &path.display().to_string(), &text));
    }
    assert!(all.is_empty(), "{}", all.join("\n"));
}

#[test]
fn every_shipped_rules_file_is_valid() {
    let mut files = yaml_in(&repository().join("rules"));
    for fixture in ["mini", "clinic", "lints"] {
        files.extend(yaml_in(&fixtures().join(fixture)));
    }
    assert_valid(&schema("rules"), &files);
}

#[test]
fn every_shipped_scenario_file_is_valid() {
    let mut files = yaml_in(&repository().join("rules/tests"));
    for fixture in ["mini", "clinic"] {
        files.extend(yaml_in(&fixtures().join(fixture).join("tests")));
    }
    assert_valid(&schema("scenarios"), &files);
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    let rules = schema("rules");
    let invalid = [
        "findings: [{id: fever, questoin: Fever?}]",
        "findings: [{id: Fever}]",
        "findings: [{id: fever, kind: yes}]",
        "rules: [{id: r, when: fever, then: [{urgency: urgent}]}]",
        "rules: [{id: r, when: fever, then: [{urgency: urgent, reason: x, derive: c}]}]",
        "rules: [{id: r, when: fever, then: [{supports: sciatica}]}]",
        "rules: [{id: r, when: {fever: present, age: 3}, then: [{advice: x}]}]",
        "rules: [{id: r, when: {all: []}, then: [{advice: x}]}]",
        "rules: [{id: r, when: {age: {at_lest: 50}}, then: [{advice: x}]}]",
        "rules: [{id: r, when: [fever], then: [{advice: x}]}]",
        "levels: [{id: now, label: Now}]",
        "colours: []",
    ];
    for text in invalid {
        assert!(
            !problems(&rules, "t.yaml", text).is_empty(),
            "the schema accepts {text}"
        );
    }
    let valid = "\
rules:
  - id: r
    when: {all: [fever, {not: {age: {at_least: 50, less_than: 90}}}, {sex: female}, {at_least: 1, of: [a, {b: absent}]}]}
    then:
      - {urgency: urgent, reason: x}
      - {supports: sciatica, weight: 2}
      - {derive: c}
";
    assert_eq!(problems(&rules, "t.yaml", valid), Vec::<String>::new());
    let scenarios = schema("scenarios");
    for text in [
        "scenarios: [{name: x, answers: {}, expect: {}}]",
        "scenarios: [{name: x, answers: {}, expect: {urgnecy: urgent}}]",
        "scenarios: [{name: x, answers: {fever: present}, expect: {urgency: urgent}}]",
    ] {
        assert!(
            !problems(&scenarios, "s.yaml", text).is_empty(),
            "the schema accepts {text}"
        );
    }
}

#[test]
fn the_committed_schemas_are_current() {
    for what in ["rules", "scenarios", "report"] {
        let ran = Test::new().args(&["schema", what]).run();
        let path = repository().join(format!("schema/{what}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap();
        assert!(
            committed == ran.stdout,
            "{} is out of date: run `cargo run -- schema {what} > {}`",
            path.display(),
            path.display()
        );
    }
}

#[test]
fn every_shipped_file_points_editors_at_its_schema() {
    let dir = repository().join("rules");
    for (files, line) in [
        (yaml_in(&dir), RULES_SCHEMA),
        (yaml_in(&dir.join("tests")), SCENARIOS_SCHEMA),
    ] {
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            assert_eq!(text.lines().next(), Some(line), "{}", path.display());
        }
    }
}

/// Every shipped scenario's answers, one JSON object per line (the `assess --batch` input).
fn scenario_answers() -> String {
    let kb = triage::kb::load(&triage::kb::KbSource::Builtin).unwrap().kb;
    let suite = triage::scenario::Suite::parse(&kb, triage::kb::builtin_scenario_files()).unwrap();
    assert!(suite.scenarios.len() > 100);
    let mut lines = String::new();
    for scenario in &suite.scenarios {
        lines.push_str(&scenario.answers.to_json(&kb).to_string());
        lines.push('\n');
    }
    lines
}

#[test]
fn the_report_schema_validates_the_report_of_every_shipped_scenario() {
    let validator = jsonschema::validator_for(&schema("report")).unwrap();
    let answers = scenario_answers();
    // A scenario may answer nothing on purpose (what an empty interview gives).
    let ran = Test::new()
        .args(&["assess", "--batch", "-", "--allow-empty"])
        .stdin(&answers)
        .stderr("")
        .run();
    let mut problems = Vec::new();
    let mut count = 0;
    for line in ran.stdout.lines() {
        let report: Value = serde_json::from_str(line).unwrap();
        count += 1;
        problems.extend(
            validator
                .iter_errors(&report)
                .map(|e| format!("line {}: {} ({e})", report["line"], e.instance_path())),
        );
    }
    assert_eq!(count, answers.lines().count());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The one-shot report is the same object, pretty-printed, without `line`.
    let first: Value = serde_json::from_str(answers.lines().next().unwrap()).unwrap();
    let ran = Test::new()
        .args(&["assess", "--answers", "-", "--format", "json"])
        .stdin(&first.to_string())
        .stderr("")
        .run();
    let report: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert!(validator.is_valid(&report), "{}", ran.stdout);
}

#[test]
fn the_report_schema_refuses_a_field_it_does_not_describe() {
    let validator = jsonschema::validator_for(&schema("report")).unwrap();
    let ran = Test::new()
        .args(&["assess", "--yes", "back_pain", "--format", "json"])
        .run();
    let mut report: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert!(validator.is_valid(&report));
    report["urgency"]["colour"] = "red".into();
    assert!(!validator.is_valid(&report));
    report["urgency"].as_object_mut().unwrap().remove("colour");
    // Every field a script relies on is required, the open red flags and completeness too.
    for field in [
        "causes",
        "unanswered_red_flags",
        "unsure_red_flags",
        "complete",
    ] {
        let mut without = report.clone();
        without.as_object_mut().unwrap().remove(field);
        assert!(!validator.is_valid(&without), "{field} is not required");
    }
}

#[test]
fn the_schemas_speak_no_rust() {
    for what in ["rules", "scenarios", "report"] {
        let text = Test::new().args(&["schema", what]).run().stdout;
        for word in ["Raw", "int32", "double", "i32", "f64", "ident", "Spanned"] {
            assert!(!text.contains(word), "`{word}` in the {what} schema");
        }
    }
    let rules = schema("rules");
    assert_eq!(rules["$defs"]["Rule"]["title"], "Rule");
}

#[test]
fn the_report_schema_covers_the_interview_report_and_the_error_lines_of_a_batch() {
    let validator = jsonschema::validator_for(&schema("report")).unwrap();
    let ran = Test::new()
        .args(&["ask", "--format", "json"])
        .stdin("45\n?\nq\n")
        .run();
    let report: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["interview"]["ended"], "quit");
    let problems: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    let ran = Test::new()
        .args(&["assess", "--batch", "-"])
        .stdin("{\"findings\": {\"fevr\": \"present\"}}\nnot json\n")
        .status(1)
        .run();
    let mut lines = 0;
    for line in ran.stdout.lines() {
        let error: Value = serde_json::from_str(line).unwrap();
        assert!(error["error"].is_string(), "{line}");
        assert!(validator.is_valid(&error), "{line}");
        lines += 1;
    }
    assert_eq!(lines, 2);
    // An error line is exactly a line number and a message.
    assert!(!validator.is_valid(&serde_json::json!({"line": 1, "error": "x", "urgency": {}})));
    assert!(!validator.is_valid(&serde_json::json!({"error": "x"})));
}
