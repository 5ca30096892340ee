//! The JSON report. Its field names are public interface (see the contract); `schema_version`
//! changes whenever a field changes meaning or goes away.

use super::NOTICE;
use crate::answers::{Answers, value_json};
use crate::assess::{Evidence, Outcome, red_flag_order, unanswered_red_flags};
use crate::engine::condition::{FactId, Value};
use crate::kb::{Codes, KnowledgeBase};
use serde_json::{Map, Value as Json, json};

pub const SCHEMA_VERSION: u32 = 1;

/// The report for programs. `complete` is false when an interview stopped before its last
/// question.
pub fn outcome_json(
    kb: &KnowledgeBase,
    answers: &Answers,
    outcome: &Outcome,
    complete: bool,
) -> Json {
    let level = &kb.levels[outcome.level];
    let unanswered = unanswered_red_flags(kb, &red_flag_order(kb), answers, outcome);
    json!({
        "schema_version": SCHEMA_VERSION,
        "knowledge_base": {
            "name": kb.metadata.name,
            "version": kb.metadata.version,
            "status": kb.metadata.status,
            "source": kb.metadata.source,
        },
        "answers": answers.to_json(kb),
        "urgency": {
            "level": level.id,
            "label": level.label,
            "action": outcome.words(kb, &level.action),
            "emergency": level.emergency,
            "reasons": outcome.reasons.iter().map(|r| json!({
                "rule": kb.rules[r.rule].id,
                "level": kb.levels[r.level].id,
                "reason": r.text,
                "sources": kb.rules[r.rule].sources,
            })).collect::<Vec<_>>(),
        },
        "causes": outcome.causes.iter().enumerate().map(|(rank, c)| {
            let cause = &kb.causes[c.cause];
            json!({
                "id": cause.id,
                "name": cause.name,
                "rank": rank + 1,
                "score": crate::answers::number_json(c.score),
                "description": outcome.words(kb, &cause.description),
                "self_care": outcome.words(kb, &cause.self_care),
                "see_doctor": outcome.words(kb, &cause.see_doctor),
                "sources": cause.sources,
                "codes": codes_json(&cause.codes),
                "evidence": {
                    "for": evidence_json(kb, &c.support),
                    "against": evidence_json(kb, &c.against),
                },
            })
        }).collect::<Vec<_>>(),
        "advice": outcome.advice.iter().map(|a| match &kb.texts[a.text_id].id {
            Some(id) => json!({"rule": kb.rules[a.rule].id, "id": id, "text": a.text}),
            None => json!({"rule": kb.rules[a.rule].id, "text": a.text}),
        }).collect::<Vec<_>>(),
        "safety_net": safety_net_json(kb, outcome),
        "fired_rules": outcome.trace.iter().map(|f| {
            let rule = &kb.rules[f.rule];
            json!({
                "id": rule.id,
                "description": rule.description,
                "facts": facts_json(kb, &f.facts),
                "sources": rule.sources,
            })
        }).collect::<Vec<_>>(),
        "unanswered_red_flags": unanswered.iter().map(|&f| &kb.facts[f].id).collect::<Vec<_>>(),
        "unsure_red_flags": unanswered
            .iter()
            .filter(|&&f| answers.get(f) == Value::Unsure)
            .map(|&f| &kb.facts[f].id)
            .collect::<Vec<_>>(),
        "complete": complete,
        "notice": NOTICE,
    })
}

/// A cause's or finding's codes: `snomed` and `icd10` (the codes), their terms, and why one
/// is missing; only what the knowledge base gives.
pub fn codes_json(codes: &Codes) -> Json {
    let mut map = Map::new();
    if let Some(snomed) = &codes.snomed {
        map.insert("snomed".into(), snomed.code.clone().into());
        map.insert("snomed_term".into(), snomed.term.clone().into());
    }
    if let Some(icd10) = &codes.icd10 {
        map.insert("icd10".into(), icd10.code.clone().into());
        map.insert("icd10_term".into(), icd10.term.clone().into());
    }
    if let Some(uncoded) = &codes.uncoded {
        map.insert("uncoded".into(), uncoded.clone().into());
    }
    Json::Object(map)
}

fn evidence_json(kb: &KnowledgeBase, evidence: &[Evidence]) -> Vec<Json> {
    evidence
        .iter()
        .map(|e| {
            json!({
                "rule": kb.rules[e.rule].id,
                "description": kb.rules[e.rule].description,
                "weight": crate::answers::number_json(e.weight.abs()),
                "facts": facts_json(kb, &e.facts),
            })
        })
        .collect()
}

pub fn facts_json(kb: &KnowledgeBase, facts: &[(FactId, Value)]) -> Json {
    let mut map = Map::new();
    for &(f, v) in facts {
        map.insert(kb.facts[f].id.clone(), value_json(kb, f, v));
    }
    Json::Object(map)
}

/// The safety net: each group of signs with what to do if one starts.
pub fn safety_net_json(kb: &KnowledgeBase, outcome: &Outcome) -> Json {
    super::safety_net_lines(kb, outcome)
        .iter()
        .map(|line| {
            json!({
                "level": kb.levels[line.level].id,
                "instruction": line.instruction,
                "signs": line.signs.iter().map(|(net, sign)| json!({
                    "net": net,
                    "text": sign.text,
                    "findings": sign.findings.iter().map(|&f| &kb.facts[f].id).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect()
}
