//! The knowledge-base files exactly as written: serde's view of one YAML file, before ids are
//! resolved and the files are merged. Unknown fields are errors everywhere.
//!
//! The same types describe the files to editors: `triage schema` derives a JSON Schema from
//! them (the doc comments become the hover text), with a hand-written schema for conditions.

use super::node::Node;
use super::raw_schema::{ConditionSchema, Id, TextSchema};
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
    /// The hazard log: what could go wrong for a person, how likely and how bad, the controls
    /// that reduce it and the evidence that they work (DCB0129).
    #[serde(default)]
    pub hazards: Vec<RawHazard>,
    /// The signs a person is told to come back for, by region and situation.
    #[serde(default)]
    pub safety_nets: Vec<RawSafetyNet>,
    /// "Not sure" is not "no": at most once across all files. With it, every red flag that
    /// some emergency rule reads gets a generated rule raising "not sure" of it to the most
    /// urgent level that is not an emergency, wherever a yes would give an emergency.
    #[schemars(with = "Option<RawNotSure>")]
    pub not_sure: Option<Spanned<RawNotSure>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNotSure {
    /// What the person is told, in plain words.
    pub reason: String,
    /// Cited (as rules cite) beside the sources of the emergency rules each generated rule
    /// stands in for.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Vec<Spanned<String>>,
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
    /// What to do now, in plain words: a text, or a list of texts each with its conditions.
    #[schemars(with = "TextSchema")]
    pub action: Spanned<Node>,
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
    /// One plain paragraph: a text, or a list of texts each with its conditions.
    #[schemars(with = "Option<TextSchema>")]
    pub description: Option<Spanned<Node>>,
    /// What the person can do themselves (a text, or a list of texts with conditions).
    #[schemars(with = "Option<TextSchema>")]
    pub self_care: Option<Spanned<Node>>,
    /// When and whom to see (a text, or a list of texts with conditions).
    #[schemars(with = "Option<TextSchema>")]
    pub see_doctor: Option<Spanned<Node>>,
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
#[schemars(transform = super::raw_schema::one_action)]
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
    /// With `advice`: the id invariants and the hazard log cite it by.
    #[schemars(with = "Option<Id>")]
    pub id: Option<Box<Spanned<String>>>,
    /// With `advice`: what kind of advice it is, for the invariants about kinds.
    pub kind: Option<TextKind>,
    /// With `advice`: shown only while this condition is definitely true.
    #[schemars(with = "Option<ConditionSchema>")]
    pub shown_when: Option<Box<Spanned<Node>>>,
    /// With `advice`: never shown while this condition is definitely true.
    #[schemars(with = "Option<ConditionSchema>")]
    pub hidden_when: Option<Box<Spanned<Node>>>,
    /// With `advice`: shown only at levels less urgent than this one.
    #[schemars(with = "Option<Id>")]
    pub shown_below: Option<Box<Spanned<String>>>,
    /// With `advice`: never shown while one of these causes is listed.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub hidden_with_causes: Vec<Spanned<String>>,
}

/// What kind of text a piece of advice or a cause's text is, for invariants about every text of
/// a kind: `self_care` (what to do at home), `reassurance` (that it is common or harmless).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TextKind {
    SelfCare,
    Reassurance,
}

/// A safety invariant that `triage verify` proves over every possible set of answers. Either
/// about the urgency (`at_least`): whenever `when` holds, the urgency is at least `at_least`
/// (and, if given, `lists_cause` is listed). Or about what a report says (`never_shown`, or
/// `never_shown_kind`): those texts are never shown `when` the condition holds, `with_causes`
/// listed, `at_or_above` a level, or `below` one.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawInvariant {
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    /// What is guaranteed, in words (shown by `triage verify`).
    #[serde(default)]
    pub description: String,
    /// The condition under which the guarantee applies (for a text invariant: a situation in
    /// which the texts are never shown).
    #[schemars(with = "Option<ConditionSchema>")]
    pub when: Option<Spanned<Node>>,
    /// The least urgent level the outcome may then have.
    #[schemars(with = "Option<Id>")]
    pub at_least: Option<Spanned<String>>,
    /// A cause that must then be listed (optional).
    #[schemars(with = "Option<Id>")]
    pub lists_cause: Option<Spanned<String>>,
    /// Texts that are never shown in the situations below: advice ids, ids of a cause's or a
    /// level's texts, or a whole field as `cause_id.description` (`self_care`, `see_doctor`)
    /// or `level_id.action`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub never_shown: Vec<Spanned<String>>,
    /// Every text of this kind is never shown in the situations below.
    #[schemars(with = "Option<TextKind>")]
    pub never_shown_kind: Option<Spanned<TextKind>>,
    /// A situation: while one of these causes is listed.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub with_causes: Vec<Spanned<String>>,
    /// A situation: at this level or a more urgent one.
    #[schemars(with = "Option<Id>")]
    pub at_or_above: Option<Spanned<String>>,
    /// A situation: at a level less urgent than this one.
    #[schemars(with = "Option<Id>")]
    pub below: Option<Spanned<String>>,
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

/// One hazard of the hazard log (DCB0129 / DCB0160): what could go wrong for the person, the
/// presentation that causes it, its effect, the clinical risk before and after its controls,
/// the controls themselves and the evidence that they work.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawHazard {
    /// By convention `hz_...`.
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    /// A short name, like "Cauda equina syndrome not sent to an emergency department".
    pub title: String,
    /// What could go wrong for the person.
    pub harm: String,
    /// The presentation (answers) that leads to it.
    pub cause: String,
    /// What follows for the person's care if it happens.
    pub effect: String,
    /// Region and group tags (`lower_back`, `children`, `pregnancy`, `software`...).
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub groups: Vec<Spanned<String>>,
    /// The clinical risk with none of the controls below.
    pub initial_risk: RawRisk,
    /// The clinical risk with the controls below in place (the residual risk).
    pub residual_risk: RawRisk,
    /// What reduces the risk.
    #[serde(default)]
    pub controls: RawControls,
    /// The evidence that the controls work.
    #[serde(default)]
    pub verification: RawVerification,
    /// Citations: "<source id>: <section or note>".
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub sources: Vec<Spanned<String>>,
    /// open: actions remain; transferred: the manufacturer's actions are done, the deploying
    /// organisation's are not; closed: every action is done (DCB0129 hazard status).
    pub status: HazardStatus,
    /// What remains to be done, and by whom (for a hazard that is not closed).
    pub actions: Option<String>,
}

/// A clinical risk on the DCB0129 / DCB0160 risk matrix; its rating (1 to 5) is looked up from
/// the two, never written by hand.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRisk {
    pub severity: RiskSeverity,
    pub likelihood: RiskLikelihood,
}

/// How bad the harm is (DCB0129): minor, significant, considerable, major or catastrophic.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskSeverity {
    Minor,
    Significant,
    Considerable,
    Major,
    Catastrophic,
}

/// How likely the harm is (DCB0129): very_low, low, medium, high or very_high.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RiskLikelihood {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
}

/// The status of a hazard (DCB0129).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HazardStatus {
    Open,
    Transferred,
    Closed,
}

/// The controls of a hazard, by kind; every id must name one of that kind.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawControls {
    /// Advice and other texts (by id) that tell the person what to do or not to do.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub texts: Vec<Spanned<String>>,
    /// Safety nets that tell the person which signs to come back for.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub safety_nets: Vec<Spanned<String>>,
    /// Rules that catch the presentation.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub rules: Vec<Spanned<String>>,
    /// Findings (questions) that ask about it.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub findings: Vec<Spanned<String>>,
    /// Screening questions that ask about it.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub screens: Vec<Spanned<String>>,
    /// Invariants that `triage verify` proves.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub invariants: Vec<Spanned<String>>,
    /// Controls in the program itself, in words (for the hazards of the software).
    #[serde(default)]
    pub software: Vec<String>,
}

/// The evidence that the controls work.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVerification {
    /// Scenarios (by their `id`, in tests/) that must pass.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub scenarios: Vec<Spanned<String>>,
    /// Invariants that `triage verify` must prove.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub invariants: Vec<Spanned<String>>,
    /// Tests of the program's own test suite (`file::name`), for the hazards of the software.
    #[serde(default)]
    pub tests: Vec<String>,
}

/// A safety net: the signs a person is told to come back for, with what to do if one starts.
/// A report shows the nets that apply (below an emergency), each sign once, at its most urgent,
/// and never a sign the person has already reported.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSafetyNet {
    #[schemars(with = "Id")]
    pub id: Spanned<String>,
    /// Where it applies: shown only while this condition is definitely true.
    #[schemars(with = "Option<ConditionSchema>")]
    pub shown_when: Option<Spanned<Node>>,
    /// Never shown while this condition is definitely true.
    #[schemars(with = "Option<ConditionSchema>")]
    pub hidden_when: Option<Spanned<Node>>,
    /// The signs, grouped by what to do if one starts.
    pub get_help: Vec<RawNetGroup>,
}

/// The signs that lead to one level.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNetGroup {
    /// What to do if one of the signs starts: this level (more urgent than the report's own for
    /// the group to be shown).
    #[schemars(with = "Id")]
    pub level: Spanned<String>,
    /// The instruction in the net's own words, like "call your maternity unit now" (the
    /// level's label when not given).
    pub say: Option<String>,
    pub signs: Vec<RawSign>,
}

/// One sign, in plain words that follow "If any of these start:".
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSign {
    pub sign: String,
    /// The yes/no findings the sign names: it is left out once one of them is answered yes.
    #[serde(default)]
    #[schemars(with = "Vec<Id>")]
    pub findings: Vec<Spanned<String>>,
    /// Shown only while this condition is definitely true.
    #[schemars(with = "Option<ConditionSchema>")]
    pub shown_when: Option<Spanned<Node>>,
    /// Never shown while this condition is definitely true.
    #[schemars(with = "Option<ConditionSchema>")]
    pub hidden_when: Option<Spanned<Node>>,
}
