//! JSON Schemas of the files clinicians edit, so that an editor (through the YAML language
//! server's `# yaml-language-server: $schema=...` comment) completes keys, shows each key's
//! help, and flags a misspelt key or a missing `reason` while they type, long before
//! `triage check` runs.
//!
//! The knowledge-base schema is derived from the serde types the loader itself uses
//! ([`crate::kb::raw`]), so it cannot drift from what the loader accepts; conditions, which
//! the loader reads as a free-form tree, have a hand-written schema beside those types
//! ([`crate::kb::raw_schema`]). The scenario-file schema is small and written out by hand.

use crate::kb::raw_schema::ID_PATTERN;
use serde_json::{Value, json};

/// The schema of a knowledge-base file (rules/*.yaml).
pub fn rules() -> Value {
    let mut schema = schemars::schema_for!(crate::kb::raw::RawFile).to_value();
    in_plain_words(&mut schema);
    if let Value::Object(map) = &mut schema {
        map.insert("title".into(), "triage knowledge-base file".into());
    }
    schema
}

/// Takes the Rust out of a derived schema, since editors show it to clinicians: the loader's
/// type names (`RawRule`) become the names of what they describe (`Rule`, also each
/// definition's title), and number formats (`int32`, `double`) go.
fn in_plain_words(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|key, v| {
                !(key == "format"
                    && matches!(
                        v.as_str(),
                        Some(
                            "int32"
                                | "uint32"
                                | "double"
                                | "float"
                                | "int64"
                                | "uint64"
                                | "uint"
                                | "uint8"
                        )
                    ))
            });
            if let Some(Value::String(target)) = map.get_mut("$ref") {
                *target = target.replace("#/$defs/Raw", "#/$defs/");
            }
            if let Some(Value::Object(defs)) = map.get_mut("$defs") {
                let old = std::mem::take(defs);
                for (name, mut def) in old {
                    let name = name.strip_prefix("Raw").unwrap_or(&name).to_string();
                    if let Value::Object(fields) = &mut def {
                        fields.entry("title").or_insert_with(|| name.clone().into());
                    }
                    defs.insert(name, def);
                }
            }
            map.values_mut().for_each(in_plain_words);
        }
        Value::Array(items) => items.iter_mut().for_each(in_plain_words),
        _ => {}
    }
}

/// The schema of a scenario file (rules/tests/*.yaml).
pub fn scenarios() -> Value {
    let ids = json!({"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}});
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "triage scenario file",
        "description": "Scenarios: answers in, the expected urgency and causes out. `triage test` runs them.",
        "type": "object",
        "properties": {
            "scenarios": {"type": "array", "items": {"$ref": "#/$defs/Scenario"}}
        },
        "required": ["scenarios"],
        "additionalProperties": false,
        "$defs": {
            "Scenario": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": ID_PATTERN, "description": "Optional: what the hazard log cites the scenario by; unique across the scenario files."},
                    "name": {"type": "string"},
                    "note": {"type": "string", "description": "Free text: the source, the reasoning."},
                    "answers": {"$ref": "#/$defs/Answers"},
                    "expect": {"$ref": "#/$defs/Expect"}
                },
                "required": ["name", "answers", "expect"],
                "additionalProperties": false
            },
            "Answers": {
                "type": "object",
                "description": "The answers file format: demographics, then findings.",
                "properties": {
                    "age": {"type": "number"},
                    "sex": {"type": "string"},
                    "duration_days": {"type": "number"},
                    "findings": {
                        "type": ["object", "null"],
                        "propertyNames": {"pattern": ID_PATTERN},
                        "additionalProperties": {
                            "description": "present, absent or unknown (yes and no are accepted too); a number or an option for other kinds",
                            "type": ["string", "boolean", "number", "null"]
                        }
                    }
                },
                "additionalProperties": false
            },
            "Expect": {
                "type": "object",
                "properties": {
                    "urgency": {"type": "string", "pattern": ID_PATTERN, "description": "The exact urgency level."},
                    "first": {"type": "string", "pattern": ID_PATTERN, "description": "The cause that must rank first."},
                    "in_top": ids.clone(),
                    "top_n": {"type": "integer", "minimum": 1, "description": "For in_top (default 3)."},
                    "absent": ids,
                    "no_causes": {"type": "boolean", "description": "Nothing may be listed."}
                },
                "minProperties": 1,
                "additionalProperties": false
            }
        }
    })
}

/// The schema of the report `triage assess --format json` prints (and `ask --format json`, and
/// each line of `assess --batch`). Written out by hand beside the code that writes the report
/// (`crate::report::json`), which builds it from JSON values rather than types; a test runs
/// every shipped scenario through the binary and validates each report against it, and every
/// object here refuses keys it does not describe, so a field added to the report without its
/// place here fails that test.
pub fn report() -> Value {
    let id = json!({"type": "string", "pattern": ID_PATTERN});
    let ids = json!({"type": "array", "items": id.clone()});
    let text = json!({"type": "string"});
    let strings = json!({"type": "array", "items": {"type": "string"}});
    let codes = json!({
        "type": "object",
        "description": "The cause's clinical codes, where the knowledge base gives them.",
        "properties": {
            "snomed": {"type": "string", "pattern": "^[1-9][0-9]{5,17}$", "description": "SNOMED CT concept id"},
            "snomed_term": text.clone(),
            "icd10": {"type": "string", "pattern": "^[A-Z][0-9]{2}(\\.[0-9]{1,2})?$", "description": "ICD-10 (WHO) code"},
            "icd10_term": text.clone(),
            "uncoded": {"type": "string", "description": "Why a code is missing"}
        },
        "additionalProperties": false
    });
    let facts = json!({
        "type": "object",
        "description": "Facts by id: present, absent or unknown; a number; or a choice's option.",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": {"type": ["string", "number"]}
    });
    let evidence = json!({
        "type": "object",
        "properties": {
            "rule": id.clone(),
            "description": text.clone(),
            "weight": {"type": "number", "minimum": 0, "description": "How much the rule adds (for) or takes away (against)."},
            "facts": facts.clone()
        },
        "required": ["rule", "description", "weight", "facts"],
        "additionalProperties": false
    });
    let line = json!({"type": "integer", "minimum": 1, "description": "In `assess --batch` output only: the input line this answers."});
    let report = json!({
        "type": "object",
        "properties": {
            "line": line.clone(),
            "schema_version": {"const": crate::report::SCHEMA_VERSION, "description": "Changes whenever a field changes meaning or goes away."},
            "knowledge_base": {
                "type": "object",
                "properties": {
                    "name": text.clone(),
                    "version": text.clone(),
                    "status": {"enum": ["draft", "production"]},
                    "source": {"type": "string", "description": "The rules folder used, or `built-in`."}
                },
                "required": ["name", "version", "status", "source"],
                "additionalProperties": false
            },
            "answers": {
                "type": "object",
                "description": "The answers as understood, in the answers-file format.",
                "properties": {
                    "age": {"type": "number"},
                    "sex": text.clone(),
                    "duration_days": {"type": "number"},
                    "findings": facts.clone()
                },
                "required": ["findings"],
                "additionalProperties": false
            },
            "urgency": {
                "type": "object",
                "properties": {
                    "level": id.clone(),
                    "label": text.clone(),
                    "action": text.clone(),
                    "emergency": {"type": "boolean"},
                    "reasons": {
                        "type": "array",
                        "description": "Every urgency a fired rule set, most urgent first.",
                        "items": {
                            "type": "object",
                            "properties": {
                                "rule": id.clone(),
                                "level": id.clone(),
                                "reason": text.clone(),
                                "sources": strings.clone()
                            },
                            "required": ["rule", "level", "reason", "sources"],
                            "additionalProperties": false
                        }
                    }
                },
                "required": ["level", "label", "action", "emergency", "reasons"],
                "additionalProperties": false
            },
            "causes": {
                "type": "array",
                "description": "The causes with evidence for them, most likely first.",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": id.clone(),
                        "name": text.clone(),
                        "rank": {"type": "integer", "minimum": 1},
                        "score": {"type": "number"},
                        "description": text.clone(),
                        "self_care": text.clone(),
                        "see_doctor": text.clone(),
                        "sources": strings.clone(),
                        "codes": codes.clone(),
                        "evidence": {
                            "type": "object",
                            "properties": {
                                "for": {"type": "array", "items": evidence.clone()},
                                "against": {"type": "array", "items": evidence}
                            },
                            "required": ["for", "against"],
                            "additionalProperties": false
                        }
                    },
                    "required": ["id", "name", "rank", "score", "description", "self_care", "see_doctor", "sources", "codes", "evidence"],
                    "additionalProperties": false
                }
            },
            "advice": {
                "type": "array",
                "description": "The advice of the rules that fired, where its conditions hold for these answers.",
                "items": {
                    "type": "object",
                    "properties": {
                        "rule": id.clone(),
                        "id": {"type": "string", "pattern": ID_PATTERN, "description": "The advice's own id, where it has one."},
                        "text": text.clone()
                    },
                    "required": ["rule", "text"],
                    "additionalProperties": false
                }
            },
            "safety_net": {
                "type": "array",
                "description": "The signs to come back for, grouped by what to do if one starts, most urgent first; none at an emergency, and never a sign already reported.",
                "items": {
                    "type": "object",
                    "properties": {
                        "level": id.clone(),
                        "instruction": text.clone(),
                        "signs": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "net": id.clone(),
                                    "text": text.clone(),
                                    "findings": ids.clone()
                                },
                                "required": ["net", "text", "findings"],
                                "additionalProperties": false
                            }
                        }
                    },
                    "required": ["level", "instruction", "signs"],
                    "additionalProperties": false
                }
            },
            "fired_rules": {
                "type": "array",
                "description": "The trace, in firing order.",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": id,
                        "description": text.clone(),
                        "facts": facts,
                        "sources": strings
                    },
                    "required": ["id", "description", "facts", "sources"],
                    "additionalProperties": false
                }
            },
            "unanswered_red_flags": {
                "allOf": [ids],
                "description": "The red-flag findings still unknown when the assessment was made, most dangerous first: not asked, or answered \"not sure\"."
            },
            "unsure_red_flags": {
                "allOf": [ids],
                "description": "The red flags answered \"not sure\" (a subset of unanswered_red_flags, in the same order): asked, and the person could not say."
            },
            "complete": {"type": "boolean", "description": "False when an interview ended before its last question."},
            "interview": {
                "type": "object",
                "description": "In `ask --format json` only: how many questions were asked and how the interview ended.",
                "properties": {
                    "questions": {"type": "integer", "minimum": 0},
                    "ended": {"enum": ["finished", "emergency", "quit", "end_of_input", "question_limit", "interrupted"]}
                },
                "required": ["questions", "ended"],
                "additionalProperties": false
            },
            "notice": text.clone()
        },
        "required": ["schema_version", "knowledge_base", "answers", "urgency", "causes", "advice", "safety_net", "fired_rules", "unanswered_red_flags", "unsure_red_flags", "complete", "notice"],
        "additionalProperties": false
    });
    let error_line = json!({
        "type": "object",
        "description": "In `assess --batch` output: a line that could not be assessed, and why.",
        "properties": {"line": line, "error": text},
        "required": ["line", "error"],
        "additionalProperties": false
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "triage report",
        "description": "What `triage assess --format json` and `ask --format json` print, and each line of `assess --batch`: the urgency, the possible causes ranked with the evidence for and against each, and the rules that fired; or, for a batch line that could not be assessed, its line number and the error. A triage aid, not a diagnosis.",
        "oneOf": [report, error_line]
    })
}
