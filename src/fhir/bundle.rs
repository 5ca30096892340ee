//! An assessment as a FHIR R4 `Bundle` (type `collection`): the answers as a
//! `QuestionnaireResponse` and the outcome as a `RiskAssessment` based on them.

use super::{codings, questionnaire_response, uuid};
use crate::answers::Answers;
use crate::assess::{Evidence, Outcome};
use crate::kb::{KnowledgeBase, Status};
use crate::report::NOTICE;
use serde_json::{Value as Json, json};

pub fn assessment_bundle(
    kb: &KnowledgeBase,
    answers: &Answers,
    outcome: &Outcome,
    complete: bool,
) -> Json {
    let response = questionnaire_response(kb, answers, complete);
    let seed = format!("{}|{}|{}", kb.metadata.name, kb.metadata.version, response);
    let response_url = uuid(&format!("QuestionnaireResponse|{seed}"));
    let assessment_url = uuid(&format!("RiskAssessment|{seed}"));
    let bundle_id = uuid(&format!("Bundle|{seed}"));
    // The id right after the resource type, as FHIR's own examples put it.
    let with_id = |resource: Json, url: &str| {
        let mut out = serde_json::Map::new();
        if let Json::Object(fields) = resource {
            for (key, value) in fields {
                out.insert(key.clone(), value);
                if key == "resourceType" {
                    out.insert("id".into(), url.trim_start_matches("urn:uuid:").into());
                }
            }
        }
        Json::Object(out)
    };
    json!({
        "resourceType": "Bundle",
        "id": bundle_id.trim_start_matches("urn:uuid:"),
        "type": "collection",
        "entry": [
            {"fullUrl": response_url, "resource": with_id(response, &response_url)},
            {"fullUrl": assessment_url, "resource": with_id(risk_assessment(kb, outcome, complete, &response_url), &assessment_url)},
        ],
    })
}

fn risk_assessment(kb: &KnowledgeBase, outcome: &Outcome, complete: bool, basis: &str) -> Json {
    let level = &kb.levels[outcome.level];
    let mut predictions = vec![json!({
        "outcome": {"text": format!("{}: {}", level.id, level.label)},
        "qualitativeRisk": qualitative_risk(kb, outcome.level),
        "rationale": if outcome.reasons.is_empty() {
            format!("No rule raised the urgency: the knowledge base's default, {}.", level.id)
        } else {
            outcome
                .reasons
                .iter()
                .map(|r| format!("{} ({})", r.text, kb.rules[r.rule].id))
                .collect::<Vec<_>>()
                .join(" ")
        },
    })];
    for (rank, ranked) in outcome.causes.iter().enumerate() {
        let cause = &kb.causes[ranked.cause];
        let mut concept = json!({"text": cause.name});
        let coded = codings(&cause.codes);
        if !coded.is_empty() {
            concept["coding"] = coded.into();
        }
        predictions.push(json!({
            "outcome": concept,
            "rationale": format!(
                "Possible cause {} (`{}`), score {}: {}",
                rank + 1,
                cause.id,
                crate::answers::number_json(ranked.score),
                evidence_text(kb, &ranked.support, &ranked.against)
            ),
        }));
    }
    let draft = matches!(kb.metadata.status, Status::Draft);
    json!({
        "resourceType": "RiskAssessment",
        "status": if complete { "final" } else { "preliminary" },
        "subject": {"display": "The person who answered the questionnaire"},
        "method": {"text": format!(
            "triage rule engine, knowledge base {} {}{}",
            kb.metadata.name,
            kb.metadata.version,
            if draft { " (draft)" } else { "" }
        )},
        "basis": [{"reference": basis, "type": "QuestionnaireResponse"}],
        "prediction": predictions,
        "mitigation": outcome.words(kb, &level.action),
        "note": [{"text": NOTICE}],
    })
}

/// The urgency as FHIR's risk-probability: an emergency is `high`, the default level (no sign
/// of trouble) `low`, and the levels between `moderate`.
fn qualitative_risk(kb: &KnowledgeBase, level: usize) -> Json {
    let (code, display) = if kb.levels[level].emergency {
        ("high", "High likelihood")
    } else if level >= kb.default_level {
        ("low", "Low likelihood")
    } else {
        ("moderate", "Moderate likelihood")
    };
    json!({
        "coding": [{
            "system": "http://terminology.hl7.org/CodeSystem/risk-probability",
            "code": code,
            "display": display,
        }],
        "text": kb.levels[level].label,
    })
}

fn evidence_text(kb: &KnowledgeBase, support: &[Evidence], against: &[Evidence]) -> String {
    let part = |word: &str, items: &[Evidence]| {
        items
            .iter()
            .map(|e| {
                format!(
                    "{word} {} ({})",
                    kb.rules[e.rule].id,
                    crate::report::facts_text(kb, &e.facts)
                )
            })
            .collect::<Vec<_>>()
    };
    let mut parts = part("for", support);
    parts.extend(part("against", against));
    parts.join("; ")
}
