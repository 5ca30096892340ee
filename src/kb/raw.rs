//! The knowledge-base files exactly as written: serde's view of one YAML file, before ids are
//! resolved and the files are merged. Unknown fields are errors everywhere.
//!
//! The same types describe the files to editors: `triage schema` derives a JSON Schema from
//! them (the doc comments become the hover text), with a hand-written schema for conditions.

use super::node::Node;
use crate::schema::{ConditionSchema, Id};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned;

/// One knowledge-base file (rules/*.yaml). The files are merged; every id is unique across them.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    /// The knowledge base's name, version and sources: exactly once across all files.
    #[schemars(with = "Option<RawMetadata>")]
    pub metadata: Option<Spanned<RawMetadata>>,
    /// The urgency when no rule sets one: exactly once across all files.
    #[schemars(with = "Option<Id>")]
    pub default_level: Option<Spanned<String>>,
    /// Urgency levels, most urgent first.
    #[serde(default)]
    pub levels: Vec<RawLevel>,
    /// What can be asked.
    #[serde(default)]
    pub findings: Vec<RawFinding>,
    /// Derived facts, set only by rules.
    #[serde(default)]
    pub concepts: Vec<RawConcept>,
    /// The possible causes that rules give evidence for or against.
    #[serde(default)]
    pub causes: Vec<RawCause>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    #[serde(default)]
    pub invariants: Vec<RawInvariant>,
    /// Screening questions: several yes/no findings asked at once as a list to pick from.
    #[serde(default)]
    pub screens: Vec<RawScreen>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMetadata {
    pub name: String,
    /// A semantic version like 1.2.0.
    #[schemars(with = "String")]
    pub version: Spanned<String>,
    pub status: Status,
    /// The date of the last clinical review, like 2026-11-26.
    #[schemars(with = "String")]
    pub last_reviewed: Spanned<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// A cause is listed only if its summed score reaches this (default 1).
    pub min_cause_score: Option<f64>,
    /// The documents and guidelines that rules and causes cite.
    #[serde(default)]
    pub sources: Vec<RawSource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Production,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// Cited as "<id>: <section>".
    #[schemars(with = "String")]
    pub id: Spanned<String>,
    pub title: String,
    pub file: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    /// A short title, like "Call an ambulance now".
    pub label: String,
    /// What to do now, in plain words.
    pub action: String,
    /// An emergency level ends the interview at once.
    #[serde(default)]
    pub emergency: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RawKind {
    #[default]
    YesNo,
    Number,
    Choice,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawFinding {
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    /// The words the person is asked.
    pub question: Option<String>,
    /// The finding as a short statement, for lists: a checklist's items, the opening
    /// question's options, the warning signs not answered. The question when not given.
    pub label: Option<String>,
    /// One line explaining the question in plain words.
    pub help: Option<String>,
    /// yes_no (the default), number (with unit, min and max) or choice (with options).
    #[serde(default)]
    pub kind: RawKind,
    /// A red-flag screening question, asked first.
    #[serde(default)]
    pub red_flag: bool,
    /// One of the main complaints the interview opens with.
    #[serde(default)]
    pub complaint: bool,
    /// Ask only when this condition could be true.
    #[schemars(with = "Option<ConditionSchema>")]
    pub ask_if: Option<Spanned<Node>>,
    /// The findings a question of an earlier vocabulary asked as one ("one or the other"):
    /// answers files may still give it, and a report does not name it as unanswered once a part
    /// is answered (nor the parts once it is). Its `ask_if` decides whether the interview asks
    /// it at all (the shipped rules: only when every part was answered "not sure").
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub replaced_by: Vec<Spanned<String>>,
    /// For number findings.
    pub unit: Option<String>,
    /// For number findings.
    #[schemars(with = "Option<f64>")]
    pub min: Option<Spanned<f64>>,
    /// For number findings.
    #[schemars(with = "Option<f64>")]
    pub max: Option<Spanned<f64>>,
    /// For choice findings.
    #[schemars(with = "Option<Vec<String>>")]
    pub options: Option<Vec<Spanned<String>>>,
    /// The finding's SNOMED CT clinical-finding concept, where one means exactly this.
    pub codes: Option<RawCodes>,
}

/// Clinical codes, each written with the words it stands for so that a reviewer sees a wrong
/// one: `snomed: 23056005 |Sciatica (disorder)|` (a concept id and its term between bars, as
/// SNOMED CT's compositional grammar writes it) and `icd10: M54.3 Sciatica` (the WHO's ICD-10
/// code and its title). A cause without one of them says why in `uncoded`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCodes {
    /// A SNOMED CT concept id and its term between bars: `23056005 |Sciatica (disorder)|`.
    #[schemars(
        with = "Option<String>",
        regex(pattern = r"^[1-9][0-9]{5,17} +\|[^|]+\|$")
    )]
    pub snomed: Option<Spanned<String>>,
    /// An ICD-10 code (WHO) and its title: `M54.3 Sciatica`.
    #[schemars(
        with = "Option<String>",
        regex(pattern = r"^[A-Z][0-9]{2}(\.[0-9]{1,2})? +\S")
    )]
    pub icd10: Option<Spanned<String>>,
    /// Why a code is missing (no concept or code means this cause).
    pub uncoded: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawConcept {
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCause {
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    pub name: String,
    /// One plain paragraph.
    #[serde(default)]
    pub description: String,
    /// What the person can do themselves.
    #[serde(default)]
    pub self_care: String,
    /// When and whom to see.
    #[serde(default)]
    pub see_doctor: String,
    /// Citations: "<source id>: <section or note>".
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Vec<Spanned<String>>,
    /// The cause's SNOMED CT concept and ICD-10 code.
    pub codes: Option<RawCodes>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    #[serde(default)]
    pub description: String,
    /// Higher fires first (default 0).
    #[serde(default)]
    pub salience: i32,
    /// The condition under which the rule fires.
    #[schemars(with = "ConditionSchema")]
    pub when: Spanned<Node>,
    /// One or more actions.
    #[schemars(with = "Vec<RawAction>")]
    pub then: Vec<Spanned<RawAction>>,
    /// Citations: "<source id>: <section or note>".
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Vec<Spanned<String>>,
}

/// One action: a mapping with exactly one of `urgency`, `derive`, `supports`, `against` or
/// `advice`, plus that kind's companions (`reason` for urgency, `weight` for evidence).
// (Not in the doc comment, which is the schema's text.) The located fields are boxed: an action
// has one or two of them, and unboxed the absent ones made every action of a large knowledge
// base 440 bytes while it is parsed.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = crate::schema::one_action)]
pub struct RawAction {
    /// Raise the urgency to this level (it can only rise); needs `reason`.
    #[schemars(with = "Option<Id>")]
    pub urgency: Option<Box<Spanned<String>>>,
    /// Plain words shown to the person as the reason for the urgency.
    pub reason: Option<String>,
    /// Set this concept true.
    #[schemars(with = "Option<Id>")]
    pub derive: Option<Box<Spanned<String>>>,
    /// Evidence for this cause; needs `weight`.
    #[schemars(with = "Option<Id>")]
    pub supports: Option<Box<Spanned<String>>>,
    /// Evidence against this cause; needs `weight`.
    #[schemars(with = "Option<Id>")]
    pub against: Option<Box<Spanned<String>>>,
    /// A positive number.
    #[schemars(with = "Option<f64>")]
    pub weight: Option<Box<Spanned<f64>>>,
    /// Plain words of advice shown in the report.
    pub advice: Option<String>,
}

/// A safety invariant that `triage verify` proves: whenever `when` holds, the urgency is at
/// least `at_least` (and, if given, `lists_cause` is listed), whatever the other answers.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInvariant {
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    /// What is guaranteed, in words (shown by `triage verify`).
    #[serde(default)]
    pub description: String,
    /// The condition under which the guarantee applies.
    #[schemars(with = "ConditionSchema")]
    pub when: Spanned<Node>,
    /// The least urgent level the outcome may then have.
    #[schemars(with = "Id")]
    pub at_least: Spanned<String>,
    /// A cause that must then be listed (optional).
    #[schemars(with = "Option<Id>")]
    pub lists_cause: Option<Spanned<String>>,
    /// Citations: "<source id>: <section or note>".
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Vec<Spanned<String>>,
}

/// A screening question: "Do you have any of these?" over a list of yes/no findings. The person
/// picks the ones that apply (each becomes yes, the rest no), answers "none" (all no), or "not
/// sure" (each is then asked on its own). The interview asks it in place of its findings when
/// two or more of them are still worth asking.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScreen {
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    /// The words the person is asked, like "Do you have any of these?".
    #[schemars(with = "String")]
    pub question: Spanned<String>,
    /// One line explaining the question in plain words.
    pub help: Option<String>,
    /// Two or more yes/no findings, in the order they are listed; a finding belongs to one
    /// screen at most.
    #[schemars(with = "Vec<Id>")]
    pub findings: Vec<Spanned<String>>,
}
