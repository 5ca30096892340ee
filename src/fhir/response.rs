//! A person's answers as a FHIR R4 `QuestionnaireResponse`, and back.

use super::{
    ABSENT_EXTENSION, ABSENT_SYSTEM, ASKED_UNKNOWN, YES_NO_SYSTEM, asked_unknown_extension, no,
    not_sure, questionnaire_url, yes,
};
use crate::answers::Answers;
use crate::engine::condition::{FactId, Value};
use crate::error::Error;
use crate::i18n::{Lang, num, txt};
use crate::kb::{Entity, FactKind, KnowledgeBase};
use fluent_bundle::FluentValue;
use serde_json::{Value as Json, json};

/// The answers given, each as an item linked by its finding's id, in the Questionnaire's
/// order. `complete` is false for an interview that ended early (`in-progress`).
pub fn questionnaire_response(kb: &KnowledgeBase, answers: &Answers, complete: bool) -> Json {
    let items: Vec<Json> = super::questionnaire::item_order(kb)
        .into_iter()
        .filter_map(|fact| {
            let value = *answers.values.get(&fact)?;
            (value != Value::Unknown).then(|| answer_item(kb, fact, value))
        })
        .collect();
    json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": format!("{}|{}", questionnaire_url(kb), kb.metadata.version),
        "status": if complete { "completed" } else { "in-progress" },
        "item": items,
    })
}

fn answer_item(kb: &KnowledgeBase, fact: FactId, value: Value) -> Json {
    let finding = &kb.facts[fact];
    let mut item = json!({"linkId": finding.id, "text": finding.question});
    let answer = match (value, &finding.kind) {
        (Value::Present, _) => json!({"valueCoding": yes()}),
        (Value::Absent, _) => json!({"valueCoding": no()}),
        (Value::Unsure, FactKind::YesNo) => json!({"valueCoding": not_sure()}),
        (Value::Unsure, _) => {
            item["extension"] = asked_unknown_extension();
            return item;
        }
        // Not asked: no item (filtered out by the caller).
        (Value::Unknown, _) => return item,
        (Value::Number(n), _) => match crate::answers::number_json(n) {
            whole if whole.is_i64() => json!({"valueInteger": whole}),
            other => json!({"valueDecimal": other}),
        },
        (Value::Choice(option), FactKind::Choice { options }) => {
            json!({"valueCoding": {"code": options[option], "display": options[option]}})
        }
        (Value::Choice(_), _) => return item,
    };
    item["answer"] = json!([answer]);
    item
}

/// Reads a `QuestionnaireResponse` (parsed JSON) as answers: each item's `linkId` is a finding
/// id; items nested in groups count too. An item without an answer was not asked, unless it
/// carries the data-absent-reason `asked-unknown` ("not sure").
pub fn read_response(kb: &KnowledgeBase, response: &Json) -> Result<Answers, Error> {
    read_response_in(kb, response, Lang::ENGLISH)
}

/// `read_response`, its problems said in `lang`.
pub fn read_response_in(kb: &KnowledgeBase, response: &Json, lang: Lang) -> Result<Answers, Error> {
    let mut answers = Answers::default();
    let mut problems = Vec::new();
    read_items(kb, response.get("item"), &mut answers, &mut problems, lang);
    if problems.is_empty() {
        Ok(answers)
    } else {
        Err(Error::Input(format!(
            "{}\n  {}",
            lang.text("fhir-problems"),
            problems.join("\n  ")
        )))
    }
}

fn read_items(
    kb: &KnowledgeBase,
    items: Option<&Json>,
    answers: &mut Answers,
    problems: &mut Vec<String>,
    lang: Lang,
) {
    for item in items.and_then(Json::as_array).into_iter().flatten() {
        read_items(kb, item.get("item"), answers, problems, lang);
        let link = item.get("linkId").and_then(Json::as_str).unwrap_or("");
        if link.ends_with(".help") {
            continue;
        }
        let said = |id: &str, args: &[(&str, FluentValue)]| {
            let mut all = vec![("link", txt(link))];
            all.extend(args.iter().cloned());
            lang.text_with(id, &all)
        };
        let fact = match kb.entity(link) {
            Some(Entity::Fact(f)) if !kb.facts[f].is_concept() => f,
            _ if item.get("answer").is_none() && item.get("item").is_some() => continue,
            _ => {
                let hint = crate::answers::did_you_mean(
                    link,
                    kb.findings().map(|(_, f)| f.id.as_str()),
                    lang,
                )
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
                problems.push(said("fhir-not-a-finding", &[("hint", txt(&hint))]));
                continue;
            }
        };
        let given: Vec<&Json> = item
            .get("answer")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .collect();
        let value = match given.as_slice() {
            [] if says_not_sure(item) => Value::Unsure,
            [] => continue,
            [answer] => match answer_value(kb, fact, answer, lang) {
                Ok(value) => value,
                Err(problem) => {
                    problems.push(said("fhir-item", &[("problem", txt(&problem))]));
                    continue;
                }
            },
            _ => {
                problems.push(said("fhir-answers", &[("count", num(given.len()))]));
                continue;
            }
        };
        if answers.values.insert(fact, value).is_some() {
            problems.push(said("fhir-twice", &[]));
        }
    }
}

fn says_not_sure(item: &Json) -> bool {
    item.get("extension")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .any(|e| e["url"] == ABSENT_EXTENSION && e["valueCode"] == ASKED_UNKNOWN)
}

fn answer_value(
    kb: &KnowledgeBase,
    fact: FactId,
    answer: &Json,
    lang: Lang,
) -> Result<Value, String> {
    let coding = answer.get("valueCoding");
    let code = coding.and_then(|c| c.get("code")).and_then(Json::as_str);
    let system = coding.and_then(|c| c.get("system")).and_then(Json::as_str);
    let given = ("answer", txt(&answer.to_string()));
    match &kb.facts[fact].kind {
        FactKind::YesNo => match (system, code, answer.get("valueBoolean")) {
            (Some(YES_NO_SYSTEM), Some("Y"), _) | (_, _, Some(Json::Bool(true))) => {
                Ok(Value::Present)
            }
            (Some(YES_NO_SYSTEM), Some("N"), _) | (_, _, Some(Json::Bool(false))) => {
                Ok(Value::Absent)
            }
            (Some(ABSENT_SYSTEM), Some(ASKED_UNKNOWN), _) => Ok(Value::Unsure),
            _ => Err(lang.text_with(
                "fhir-yes-no",
                &[
                    ("yes-no", txt(YES_NO_SYSTEM)),
                    ("absent", txt(ABSENT_SYSTEM)),
                    given,
                ],
            )),
        },
        FactKind::Number { unit, min, max } => {
            let number = answer
                .get("valueInteger")
                .or_else(|| answer.get("valueDecimal"))
                .and_then(Json::as_f64)
                .ok_or_else(|| lang.text_with("fhir-number", std::slice::from_ref(&given)))?;
            if number < *min || number > *max {
                let shown = |n: f64| txt(&crate::answers::number_json(n).to_string());
                return Err(lang.text_with(
                    "fhir-range",
                    &[
                        ("value", shown(number)),
                        ("min", shown(*min)),
                        ("max", shown(*max)),
                        ("unit", txt(&lang.unit(unit))),
                    ],
                ));
            }
            Ok(Value::Number(number))
        }
        FactKind::Choice { options } => {
            let chosen = code.or_else(|| answer.get("valueString").and_then(Json::as_str));
            chosen
                .and_then(|c| options.iter().position(|o| o == c))
                .map(Value::Choice)
                .ok_or_else(|| {
                    let options = ("options", txt(&options.join(", ")));
                    lang.text_with("fhir-choice", &[options, given])
                })
        }
        FactKind::Concept => Err(lang.text("fhir-concept")),
    }
}
