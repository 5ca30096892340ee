//! The knowledge base's questions as a FHIR R4 `Questionnaire` that any form filler can ask.

use super::{RED_FLAG_EXTENSION, codings, no, not_sure, questionnaire_url, yes};
use crate::engine::condition::{Comparison, Condition, FactId};
use crate::kb::{Fact, FactKind, KnowledgeBase, Status};
use serde_json::{Value as Json, json};

/// The Questionnaire, its items in [`item_order`].
pub fn questionnaire(kb: &KnowledgeBase) -> Json {
    let items: Vec<Json> = item_order(kb)
        .into_iter()
        .map(|f| item(kb, &kb.facts[f]))
        .collect();
    let name: String = kb
        .metadata
        .name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(|word| word[..1].to_ascii_uppercase() + &word[1..])
        .collect();
    json!({
        "resourceType": "Questionnaire",
        "id": kb.metadata.name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect::<String>(),
        "url": questionnaire_url(kb),
        "version": kb.metadata.version,
        "name": format!("Triage{name}"),
        "title": format!("Questions of the triage knowledge base {} {}", kb.metadata.name, kb.metadata.version),
        "status": match kb.metadata.status {
            Status::Draft => "draft",
            Status::Production => "active",
        },
        "subjectType": ["Patient"],
        "description": "The questions `triage ask` can ask about tingling, numbness or pain in the back. \
            Each item's linkId is the finding's id; red flags carry the extension urn:triage:fhir:red-flag. \
            Give the QuestionnaireResponse to `triage assess --answers FILE`. A triage aid, not a diagnosis.",
        "item": items,
    })
}

/// The order of the items, in the Questionnaire and in a response to it: the numbers and
/// choices first (age, sex, how long), then the red flags, then the other questions, each in
/// the knowledge base's order.
pub fn item_order(kb: &KnowledgeBase) -> Vec<FactId> {
    let mut findings: Vec<(FactId, &Fact)> = kb.findings().collect();
    findings.sort_by_key(|(_, f)| match f.kind {
        FactKind::Number { .. } | FactKind::Choice { .. } => 0,
        _ if f.red_flag => 1,
        _ => 2,
    });
    findings.into_iter().map(|(f, _)| f).collect()
}

fn item(kb: &KnowledgeBase, fact: &Fact) -> Json {
    let mut item = json!({
        "linkId": fact.id,
        "text": fact.question,
    });
    let codes = codings(&fact.codes);
    if !codes.is_empty() {
        item["code"] = codes.into();
    }
    match &fact.kind {
        FactKind::Number { unit, min, max } => {
            let whole = min.fract() == 0.0 && max.fract() == 0.0;
            let (kind, bound) = if whole {
                ("integer", "valueInteger")
            } else {
                ("decimal", "valueDecimal")
            };
            item["type"] = kind.into();
            let bound_json = |n: f64| crate::answers::number_json(n);
            let mut extensions = vec![
                json!({"url": "http://hl7.org/fhir/StructureDefinition/minValue", bound: bound_json(*min)}),
                json!({"url": "http://hl7.org/fhir/StructureDefinition/maxValue", bound: bound_json(*max)}),
            ];
            if !unit.is_empty() {
                let mut coding = json!({"display": unit});
                if let Some(code) = ucum(unit) {
                    coding = json!({"system": "http://unitsofmeasure.org", "code": code, "display": unit});
                }
                extensions.push(json!({
                    "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-unit",
                    "valueCoding": coding,
                }));
            }
            item["extension"] = extensions.into();
        }
        FactKind::Choice { options } => {
            item["type"] = "choice".into();
            item["answerOption"] = options
                .iter()
                .map(|o| json!({"valueCoding": {"code": o, "display": o}}))
                .collect::<Vec<_>>()
                .into();
        }
        _ => {
            item["type"] = "choice".into();
            item["answerOption"] = json!([
                {"valueCoding": yes()},
                {"valueCoding": no()},
                {"valueCoding": not_sure()},
            ]);
        }
    }
    if fact.red_flag {
        let mut extensions = item["extension"].as_array().cloned().unwrap_or_default();
        extensions.push(json!({"url": RED_FLAG_EXTENSION, "valueBoolean": true}));
        item["extension"] = extensions.into();
    }
    if let Some((conditions, behaviour)) = fact.ask_if.as_ref().and_then(|c| enable_when(kb, c)) {
        item["enableWhen"] = conditions.into();
        if let Some(behaviour) = behaviour {
            item["enableBehavior"] = behaviour.into();
        }
    }
    if !fact.help.is_empty() {
        item["item"] = json!([{
            "linkId": format!("{}.help", fact.id),
            "text": fact.help,
            "type": "display",
            "extension": [{
                "url": "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl",
                "valueCodeableConcept": {"coding": [{
                    "system": "http://hl7.org/fhir/questionnaire-item-control",
                    "code": "help",
                    "display": "Help-Button"
                }]}
            }]
        }]);
    }
    item
}

/// The UCUM code of the units the knowledge base uses.
fn ucum(unit: &str) -> Option<&'static str> {
    match unit {
        "years" | "year" => Some("a"),
        "days" | "day" => Some("d"),
        "weeks" | "week" => Some("wk"),
        "months" | "month" => Some("mo"),
        "hours" | "hour" => Some("h"),
        _ => None,
    }
}

/// `ask_if` as FHIR's `enableWhen`, where FHIR can say it. `ask_if` asks a question while its
/// condition could still be true, so a yes/no finding becomes "not answered no" (`!=`), which
/// also keeps a question enabled after "not sure". FHIR has no nesting: a condition of one
/// kind of combination over such parts maps; anything else gets no `enableWhen`, and the
/// question is always shown (asking more is the safe side).
fn enable_when(
    kb: &KnowledgeBase,
    condition: &Condition,
) -> Option<(Vec<Json>, Option<&'static str>)> {
    match condition {
        Condition::All(parts) => Some((
            parts
                .iter()
                .map(|p| unless_false(kb, p))
                .collect::<Option<_>>()?,
            Some("all"),
        )),
        Condition::Any(parts) => Some((
            parts
                .iter()
                .map(|p| unless_false(kb, p))
                .collect::<Option<_>>()?,
            Some("any"),
        )),
        Condition::Compare { fact, tests } if tests.len() == 1 => {
            // Could be true: not answered yet, or answered and within the bound.
            let (comparison, bound) = tests[0];
            let operator = match comparison {
                Comparison::AtLeast => ">=",
                Comparison::AtMost => "<=",
                Comparison::MoreThan => ">",
                Comparison::LessThan => "<",
            };
            let id = &kb.facts[*fact].id;
            let value = crate::answers::number_json(bound);
            let key = if value.is_i64() {
                "answerInteger"
            } else {
                "answerDecimal"
            };
            Some((
                vec![
                    json!({"question": id, "operator": "exists", "answerBoolean": false}),
                    json!({"question": id, "operator": operator, key: value}),
                ],
                Some("any"),
            ))
        }
        other => unless_false(kb, other).map(|one| (vec![one], None)),
    }
}

/// One `enableWhen` that holds unless the answer makes `condition` false.
fn unless_false(kb: &KnowledgeBase, condition: &Condition) -> Option<Json> {
    match *condition {
        Condition::Is { fact, present } if kb.facts[fact].kind == FactKind::YesNo => Some(json!({
            "question": kb.facts[fact].id,
            "operator": "!=",
            "answerCoding": if present { no() } else { yes() },
        })),
        // For a yes/no finding, "not absent" is "present" in three-valued logic too.
        Condition::Not(ref inner) => match **inner {
            Condition::Is { fact, present } => unless_false(
                kb,
                &Condition::Is {
                    fact,
                    present: !present,
                },
            ),
            _ => None,
        },
        Condition::Choice { fact, option } => match &kb.facts[fact].kind {
            FactKind::Choice { options } if options.len() == 2 => {
                let other = &options[1 - option];
                Some(json!({
                    "question": kb.facts[fact].id,
                    "operator": "!=",
                    "answerCoding": {"code": other, "display": other},
                }))
            }
            _ => None,
        },
        _ => None,
    }
}
