//! JSON Schemas of the files clinicians edit, so that an editor (through the YAML language
//! server's `# yaml-language-server: $schema=...` comment) completes keys, shows each key's
//! help, and flags a misspelt key or a missing `reason` while they type, long before
//! `triage check` runs.
//!
//! The knowledge-base schema is derived from the serde types the loader itself uses
//! ([`crate::kb::raw`]), so it cannot drift from what the loader accepts; conditions, which
//! the loader reads as a free-form tree, have a hand-written schema here. The scenario-file
//! schema is small and written out by hand.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde_json::{Value, json};
use std::borrow::Cow;

/// The pattern every id follows.
pub const ID_PATTERN: &str = "^[a-z][a-z0-9_-]*$";

/// An id: lower-case letters, digits, `_` and `-`.
pub struct Id;

impl JsonSchema for Id {
    fn schema_name() -> Cow<'static, str> {
        "Id".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": ID_PATTERN,
            "description": "An id: starts with a lower-case letter; a-z, 0-9, `_` and `-`."
        })
    }
}

/// A condition: an id, or a mapping (`all`, `any`, `not`, `at_least`+`of`, or one fact test).
pub struct ConditionSchema;

impl JsonSchema for ConditionSchema {
    fn schema_name() -> Cow<'static, str> {
        "Condition".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let this = generator.subschema_for::<ConditionSchema>().to_value();
        let list = json!({"type": "array", "items": this, "minItems": 1});
        let number = json!({"type": "number"});
        json_schema!({
            "description": "A condition: a finding or concept id (it is present), or a mapping: \
                {all: [...]}, {any: [...]}, {not: ...}, {at_least: N, of: [...]}, \
                {finding: present|absent|unknown}, {number: {at_least: N}}, {choice: option}.",
            "anyOf": [
                {"type": "string", "pattern": ID_PATTERN},
                {
                    "type": "object",
                    "properties": {"all": list.clone()},
                    "required": ["all"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": {"any": list.clone()},
                    "required": ["any"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": {"not": this},
                    "required": ["not"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "properties": {
                        "at_least": {"type": "integer", "minimum": 1},
                        "of": list
                    },
                    "required": ["at_least", "of"],
                    "additionalProperties": false
                },
                {
                    "type": "object",
                    "minProperties": 1,
                    "maxProperties": 1,
                    "propertyNames": {
                        "pattern": ID_PATTERN,
                        "not": {"enum": ["all", "any", "not", "at_least", "of"]}
                    },
                    "additionalProperties": {
                        "anyOf": [
                            {"type": "string", "description": "present or absent, unknown (not answered), or an option of a choice"},
                            {"type": "boolean"},
                            {
                                "type": "object",
                                "description": "Comparisons of a number finding; all must hold.",
                                "properties": {
                                    "at_least": number,
                                    "at_most": number,
                                    "more_than": number,
                                    "less_than": number
                                },
                                "minProperties": 1,
                                "additionalProperties": false
                            }
                        ]
                    }
                }
            ]
        })
    }
}

/// An action does exactly one thing, with that kind's companion keys.
pub fn one_action(schema: &mut Schema) {
    let kinds = [
        json!({"required": ["urgency", "reason"]}),
        json!({"required": ["derive"]}),
        json!({"required": ["supports", "weight"]}),
        json!({"required": ["against", "weight"]}),
        json!({"required": ["advice"]}),
    ];
    schema.insert("oneOf".into(), Value::Array(kinds.to_vec()));
}

/// The schema of a knowledge-base file (rules/*.yaml).
pub fn rules() -> Value {
    let mut schema = schemars::schema_for!(crate::kb::raw::RawFile).to_value();
    if let Value::Object(map) = &mut schema {
        map.insert("title".into(), "triage knowledge-base file".into());
    }
    schema
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
