//! The knowledge-base files exactly as written: serde's view of one YAML file, before ids are
//! resolved and the files are merged. Unknown fields are errors everywhere.

use super::node::Node;
use serde::Deserialize;
use serde_saphyr::Spanned;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub metadata: Option<Spanned<RawMetadata>>,
    pub default_level: Option<Spanned<String>>,
    #[serde(default)]
    pub levels: Vec<RawLevel>,
    #[serde(default)]
    pub findings: Vec<RawFinding>,
    #[serde(default)]
    pub concepts: Vec<RawConcept>,
    #[serde(default)]
    pub causes: Vec<RawCause>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    #[serde(default)]
    pub invariants: Vec<RawInvariant>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetadata {
    pub name: String,
    pub version: Spanned<String>,
    pub status: Status,
    pub last_reviewed: Spanned<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    pub min_cause_score: Option<f64>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Production,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Spanned<String>,
    pub title: String,
    pub file: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLevel {
    pub id: Spanned<String>,
    pub label: String,
    pub action: String,
    #[serde(default)]
    pub emergency: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawKind {
    #[default]
    YesNo,
    Number,
    Choice,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFinding {
    pub id: Spanned<String>,
    pub question: Option<String>,
    pub help: Option<String>,
    #[serde(default)]
    pub kind: RawKind,
    #[serde(default)]
    pub red_flag: bool,
    /// One of the main complaints the interview opens with.
    #[serde(default)]
    pub complaint: bool,
    pub ask_if: Option<Spanned<Node>>,
    pub unit: Option<String>,
    pub min: Option<Spanned<f64>>,
    pub max: Option<Spanned<f64>>,
    pub options: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConcept {
    pub id: Spanned<String>,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCause {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub self_care: String,
    #[serde(default)]
    pub see_doctor: String,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub salience: i32,
    pub when: Spanned<Node>,
    pub then: Vec<Spanned<RawAction>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}

/// One action: a mapping with exactly one of `urgency`, `derive`, `supports`, `against` or
/// `advice`, plus that kind's companions (`reason` for urgency, `weight` for evidence).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAction {
    pub urgency: Option<Spanned<String>>,
    pub reason: Option<String>,
    pub derive: Option<Spanned<String>>,
    pub supports: Option<Spanned<String>>,
    pub against: Option<Spanned<String>>,
    pub weight: Option<Spanned<f64>>,
    pub advice: Option<String>,
}

/// A safety invariant that `triage verify` proves: whenever `when` holds, the urgency is at
/// least `at_least` (and, if given, `lists_cause` is listed), whatever the other answers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInvariant {
    pub id: Spanned<String>,
    #[serde(default)]
    pub description: String,
    pub when: Spanned<Node>,
    pub at_least: Spanned<String>,
    pub lists_cause: Option<Spanned<String>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
}
