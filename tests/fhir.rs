//! FHIR R4 in and out, checked against HL7's own JSON Schema for R4 (tests/fixtures/fhir,
//! SOURCE.md says where it came from), not against our reading of the specification.

use crate::harness::Test;
use serde_json::Value;
use std::sync::OnceLock;
use triage::kb::{KbSource, builtin_scenario_files, load};

fn fhir_schema() -> &'static jsonschema::Validator {
    static VALIDATOR: OnceLock<jsonschema::Validator> = OnceLock::new();
    VALIDATOR.get_or_init(|| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/fhir/fhir.schema.json");
        let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        jsonschema::validator_for(&schema).unwrap()
    })
}

fn assert_valid_fhir(resource: &Value, what: &str) {
    let problems: Vec<String> = fhir_schema()
        .iter_errors(resource)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .take(10)
        .collect();
    assert!(problems.is_empty(), "{what}:\n{}", problems.join("\n"));
}

#[test]
fn the_schema_refuses_what_r4_does_not_allow() {
    // The fixture really checks: a resource with a field R4 does not have, or a status out
    // of its value set, is refused.
    let good = serde_json::json!({"resourceType": "QuestionnaireResponse", "status": "completed"});
    assert_valid_fhir(&good, "a minimal QuestionnaireResponse");
    for bad in [
        serde_json::json!({"resourceType": "QuestionnaireResponse", "status": "done"}),
        serde_json::json!({"resourceType": "QuestionnaireResponse", "status": "completed", "answers": []}),
        serde_json::json!({"resourceType": "RiskAssessment", "status": "final", "subject": {}, "prediction": [{"probability": 0.5}]}),
    ] {
        assert!(!fhir_schema().is_valid(&bad), "{bad}");
    }
}

#[test]
fn the_questionnaire_is_valid_fhir_r4_with_an_item_per_finding() {
    let ran = Test::new()
        .args(&["questionnaire", "--format", "fhir"])
        .stderr("")
        .run();
    let questionnaire: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_valid_fhir(&questionnaire, "the questionnaire");
    let kb = load(&KbSource::Builtin).unwrap().kb;
    let items = questionnaire["item"].as_array().unwrap();
    assert_eq!(items.len(), kb.findings().count());
    let item = |id: &str| items.iter().find(|i| i["linkId"] == id).unwrap();
    // A red flag is marked; its options keep "not sure" apart from "no".
    assert_eq!(
        item("saddle_numbness")["extension"],
        serde_json::json!([{"url": "urn:triage:fhir:red-flag", "valueBoolean": true}])
    );
    let codes: Vec<&str> = item("fever")["answerOption"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["valueCoding"]["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["Y", "N", "asked-unknown"]);
    assert_eq!(item("fever")["code"][0]["code"], "386661006");
    // Numbers are whole with their range and unit.
    assert_eq!(item("age")["type"], "integer");
    assert_eq!(
        item("age")["extension"][2]["valueCoding"],
        serde_json::json!({"system": "http://unitsofmeasure.org", "code": "a", "display": "years"})
    );
    // `ask_if: radiates_to_leg`: shown unless the answer was no.
    // `ask_if: {any: [{not: {radiates_to_leg: absent}}, distal_numbness_hands_feet, ...]}`:
    // shown unless every one was answered no.
    let no = serde_json::json!({"system": "http://terminology.hl7.org/CodeSystem/v2-0136", "code": "N", "display": "No"});
    assert_eq!(
        item("both_legs")["enableWhen"].as_array().unwrap()[..2],
        [
            serde_json::json!({"question": "radiates_to_leg", "operator": "!=", "answerCoding": no}),
            serde_json::json!({"question": "distal_numbness_hands_feet", "operator": "!=", "answerCoding": no}),
        ]
    );
    assert_eq!(item("both_legs")["enableBehavior"], "any");
}

/// Every shipped scenario: its assessment as a Bundle is valid R4, and the answers read back
/// from the Bundle's QuestionnaireResponse are the same answers, with the same outcome.
#[test]
fn every_shipped_scenario_round_trips_through_a_valid_questionnaire_response() {
    let kb = load(&KbSource::Builtin).unwrap().kb;
    let suite = triage::scenario::Suite::parse(&kb, builtin_scenario_files()).unwrap();
    assert!(suite.scenarios.len() > 100);
    // A response lists its items in the Questionnaire's order, as FHIR asks.
    let order: Vec<String> = triage::fhir::questionnaire(&kb)["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["linkId"].as_str().unwrap().to_string())
        .collect();
    for scenario in &suite.scenarios {
        let outcome = triage::assess::assess(&kb, &scenario.answers).unwrap();
        let bundle = triage::fhir::assessment_bundle(&kb, &scenario.answers, &outcome, true);
        assert_valid_fhir(&bundle, &scenario.name);
        let response = &bundle["entry"][0]["resource"];
        let places: Vec<usize> = response["item"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| order.iter().position(|id| i["linkId"] == **id).unwrap())
            .collect();
        assert!(places.is_sorted(), "{}", scenario.name);
        let answers = triage::fhir::read_response(&kb, response).unwrap();
        assert_eq!(answers, scenario.answers, "{}", scenario.name);
        let again = triage::assess::assess(&kb, &answers).unwrap();
        assert_eq!(again.level, outcome.level, "{}", scenario.name);
        let causes =
            |o: &triage::assess::Outcome| o.causes.iter().map(|c| c.cause).collect::<Vec<_>>();
        assert_eq!(causes(&again), causes(&outcome), "{}", scenario.name);
    }
}

#[test]
fn assess_reads_a_questionnaire_response_as_it_reads_the_same_answers_in_yaml() {
    let yaml = "age: 67\nsex: male\nfindings:\n  back_pain: present\n  fever: unknown\n  saddle_numbness: absent\n  radiates_to_leg: present\n";
    let from_yaml = Test::new()
        .args(&["assess", "--answers", "-", "--format", "json"])
        .stdin(yaml)
        .run();
    let bundle = Test::new()
        .args(&["assess", "--answers", "-", "--format", "fhir"])
        .stdin(yaml)
        .stderr("")
        .run();
    let bundle: Value = serde_json::from_str(&bundle.stdout).unwrap();
    assert_valid_fhir(&bundle, "the bundle");
    let response = &bundle["entry"][0]["resource"];
    // "Not sure" is an answer of its own; what was not asked has no item.
    let fever = response["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == "fever")
        .unwrap();
    assert_eq!(fever["answer"][0]["valueCoding"]["code"], "asked-unknown");
    assert!(!response.to_string().contains("\"night_pain\""));
    let from_fhir = Test::new()
        .args(&["assess", "--answers", "-", "--format", "json"])
        .stdin(&response.to_string())
        .stderr("")
        .run();
    assert_eq!(from_fhir.stdout, from_yaml.stdout);
    // The risk assessment: the urgency first, then the causes, coded.
    let risk = &bundle["entry"][1]["resource"];
    assert_eq!(risk["basis"][0]["reference"], bundle["entry"][0]["fullUrl"]);
    let report: Value = serde_json::from_str(&from_yaml.stdout).unwrap();
    let level = report["urgency"]["level"].as_str().unwrap();
    assert!(
        risk["prediction"][0]["outcome"]["text"]
            .as_str()
            .unwrap()
            .starts_with(level)
    );
    assert_eq!(
        risk["prediction"][1]["outcome"]["coding"][0]["code"],
        report["causes"][0]["codes"]["snomed"]
    );
}

#[test]
fn a_questionnaire_response_that_does_not_fit_is_an_error() {
    let response = serde_json::json!({
        "resourceType": "QuestionnaireResponse",
        "status": "completed",
        "item": [
            {"linkId": "fevr", "answer": [{"valueCoding": {"system": "http://terminology.hl7.org/CodeSystem/v2-0136", "code": "Y"}}]},
            {"linkId": "age", "answer": [{"valueInteger": 200}]},
            {"linkId": "back_pain", "answer": [{"valueString": "yes"}]}
        ]
    });
    let ran = Test::new()
        .args(&["assess", "--answers", "-"])
        .stdin(&response.to_string())
        .status(1)
        .stdout("")
        .run();
    assert!(ran.stderr.starts_with("error: the QuestionnaireResponse does not fit the knowledge base:\n  item `fevr` is not a finding of the knowledge base (did you mean `fever`?)\n  item `age`: 200 is outside the range 0 to 120 years\n  item `back_pain`: a yes/no question takes"), "{}", ran.stderr);
    Test::new()
        .args(&["assess", "--answers", "-"])
        .stdin("{\"resourceType\": \"Patient\"}")
        .status(1)
        .stdout("")
        .stderr("error: `<stdin>` is a FHIR Patient, not answers; give a QuestionnaireResponse for the Questionnaire of `triage questionnaire --format fhir`, or an answers file\n")
        .run();
}

#[test]
fn an_interview_that_ended_early_is_an_in_progress_response_and_a_preliminary_assessment() {
    let ran = Test::new()
        .args(&["ask", "--format", "fhir"])
        // The age, the complaint and the duration (asked after the complaint), then quit.
        .stdin("45\n?\n?\nq\n")
        .run();
    let bundle: Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_valid_fhir(&bundle, "the interview's bundle");
    let response = &bundle["entry"][0]["resource"];
    assert_eq!(response["status"], "in-progress");
    assert_eq!(bundle["entry"][1]["resource"]["status"], "preliminary");
    // The duration was answered "not sure": an item with no answer, saying so.
    assert_eq!(
        response["item"][1],
        serde_json::json!({
            "linkId": "duration_days",
            "text": "How many days have you had these symptoms?",
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "asked-unknown"}]
        })
    );
}
