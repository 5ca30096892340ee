//! The hand-written parts of the knowledge-base schema that the loader's types ([`super::raw`])
//! name in their `schemars` attributes: ids, conditions (which the loader reads as a free-form
//! tree) and texts. Here, beside those types, rather than with the rest of `triage schema`,
//! which derives its schema from them.

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

/// A text a person reads: plain words, or a list of texts each with its own id, kind and
/// conditions (every part that holds is shown, in order).
pub struct TextSchema;

impl JsonSchema for TextSchema {
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let condition = generator.subschema_for::<ConditionSchema>().to_value();
        let id = json!({"type": "string", "pattern": ID_PATTERN});
        json_schema!({
            "description": "Plain words; or a list of parts, each shown only where its conditions hold: \
                {text, id, kind, shown_when, hidden_when, shown_below}.",
            "anyOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                        "type": "object",
                        "properties": {
                            "text": {"type": "string", "description": "The words."},
                            "id": id.clone(),
                            "kind": {"enum": ["self_care", "reassurance"], "description": "What kind of text it is, for invariants about every text of a kind."},
                            "shown_when": condition.clone(),
                            "hidden_when": condition,
                            "shown_below": id.clone(),
                            "shown_at_or_above": id.clone(),
                            "hidden_with_causes": {"type": "array", "items": id}
                        },
                        "required": ["text"],
                        "additionalProperties": false
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
