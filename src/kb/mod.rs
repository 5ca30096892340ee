//! The knowledge base: findings, concepts, causes, urgency levels and rules, merged from
//! several YAML files, with every id resolved and the rules stratified.

// build.rs compiles the shipped rules with these modules (see image.rs) before anything is
// embedded: the embedded files and the loading that reads them exist only in the library,
// which build.rs marks with `cfg(embedded_rules)`.
#[cfg(embedded_rules)]
mod builtin;
#[cfg(embedded_rules)]
pub mod cache;
pub mod codes;
mod compile;
#[cfg(embedded_rules)]
pub mod discover;
pub mod hazard;
pub mod image;
pub mod lazy;
#[cfg(embedded_rules)]
mod load;
pub mod locale;
pub mod node;
pub mod not_sure;
mod quick_yaml;
pub mod raw;
pub mod raw_schema;
pub mod shared;
mod stratify;
pub mod text;
#[cfg(embedded_rules)]
mod yaml_errors;

#[cfg(embedded_rules)]
pub use builtin::{BUILTIN_COMPILED, BUILTIN_FILES, BUILTIN_LOCALES, BUILTIN_SCENARIOS};
pub use compile::presence;
#[cfg(embedded_rules)]
pub use load::{
    KbSource, LOCALES_DIR, Loaded, MAX_FILE_BYTES, MAX_FOLDER_BYTES, builtin_scenario_files,
    is_yaml, load, load_files, load_located, load_sources, parse_yaml, parse_yaml_explained,
    read_locales_dir, read_rules_dir, read_source, read_source_in, yaml_files_in,
};
pub use raw::Status;
pub use stratify::strongly_connected;
#[cfg(embedded_rules)]
pub use yaml_errors::{Explained, Said};

use crate::condition::{Condition, FactId};
use crate::diagnostic::{SourceFile, Span};
pub use codes::{Coded, Codes};
pub use shared::Str;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
pub use text::TextId;

/// A map keyed by id. Ids are short and hashed on every load, so a simple multiplicative hash
/// (as in rustc's FxHash) beats SipHash here; resistance to crafted collisions buys nothing for
/// a knowledge base the user loads themselves.
pub type IdMap<V> = HashMap<Str, V, BuildHasherDefault<IdHasher>>;

#[derive(Debug, Default, Clone, Copy)]
pub struct IdHasher {
    hash: u64,
}

impl IdHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            self.add(u64::from_le_bytes(chunk.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        // A product's low bits depend only on the factors' low bits, and the table takes the
        // bucket from the low bits and a tag from the top ones: without this step, ids that
        // differ only in their later bytes (`r000001`, `r000002`...) collided, and a 100k-rule
        // load was quadratic. A final mix (as splitmix64's) spreads every byte over all bits.
        let hash = (self.hash ^ (self.hash >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        hash ^ (hash >> 32)
    }
}

/// Whether `id` is an id: a lower-case letter, then lower-case letters, digits, `_` or `-`.
pub fn is_valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Metadata {
    pub name: Str,
    pub version: Str,
    pub status: Status,
    pub last_reviewed: Str,
    pub authors: Vec<Str>,
    pub min_cause_score: f64,
    pub sources: Vec<Source>,
    /// Where the knowledge base was loaded from, as reports name it (`knowledge_base.source`):
    /// the folder's path, or `built-in`. Set by the command that loads it.
    pub source: String,
}

/// A document or guideline that rules and causes cite.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Source {
    pub id: Str,
    pub title: Str,
    pub file: Option<Str>,
    pub url: Option<Str>,
}

/// An urgency level; levels are kept most urgent first.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Level {
    pub id: Str,
    pub label: Str,
    /// What to do now: its parts (see [`KnowledgeBase::words`]).
    pub action: Vec<TextId>,
    pub emergency: bool,
    pub span: Option<Span>,
}

/// Index of a level in `KnowledgeBase::levels`: a smaller index is more urgent.
pub type LevelId = usize;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum FactKind {
    YesNo,
    Number {
        unit: String,
        min: f64,
        max: f64,
    },
    Choice {
        options: Vec<String>,
    },
    /// Derived by rules; never asked.
    Concept,
}

impl FactKind {
    pub fn name(&self) -> &'static str {
        match self {
            FactKind::YesNo => "yes_no",
            FactKind::Number { .. } => "number",
            FactKind::Choice { .. } => "choice",
            FactKind::Concept => "concept",
        }
    }
}

/// A finding (something the person is asked) or a concept (something rules derive).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Fact {
    pub id: String,
    pub kind: FactKind,
    pub question: Str,
    /// A short statement of the finding for lists; see `label()`.
    pub label: Option<Str>,
    pub help: Str,
    /// For concepts: what the concept means.
    pub description: Str,
    pub red_flag: bool,
    /// Offered in the interview's opening question about the main complaint.
    pub complaint: bool,
    pub ask_if: Option<Condition>,
    /// For a choice finding in another language: how each option is shown, in the order of
    /// `FactKind::Choice::options` (see `option_label`). Empty in English. Answers and
    /// conditions keep naming the options themselves, so that `--sex female` means the same
    /// in every language.
    pub option_labels: Vec<Str>,
    pub codes: Codes,
    /// The findings the interview asks instead of this one, which an earlier vocabulary
    /// asked as one question (answers files may still give it); empty for the others.
    pub replaced_by: Vec<FactId>,
    /// The findings whose `replaced_by` lists this one.
    pub part_of: Vec<FactId>,
    pub span: Option<Span>,
}

impl Fact {
    pub fn is_concept(&self) -> bool {
        self.kind == FactKind::Concept
    }

    /// The finding as a list shows it: its label, or its question when it has none.
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(&self.question)
    }

    /// How a person is shown option `index` of a choice finding: its translation, or the
    /// option itself.
    pub fn option_label(&self, index: usize) -> &str {
        match (&self.kind, self.option_labels.get(index)) {
            (_, Some(label)) => label,
            (FactKind::Choice { options }, None) => options.get(index).map_or("", String::as_str),
            _ => "",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Cause {
    pub id: String,
    pub name: String,
    /// Each text as its parts (see [`KnowledgeBase::words`]).
    pub description: Vec<TextId>,
    pub self_care: Vec<TextId>,
    pub see_doctor: Vec<TextId>,
    pub sources: Vec<Str>,
    pub codes: Codes,
    pub span: Option<Span>,
}

pub type CauseId = usize;
pub type RuleId = usize;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Action {
    /// Raise the urgency to at least this level.
    Urgency { level: LevelId, reason: Str },
    /// Set a concept true.
    Derive(FactId),
    /// Evidence for a cause (positive weight) or against it (negative weight).
    Evidence { cause: CauseId, weight: f64 },
    /// Advice shown in the report: a text of `KnowledgeBase::texts`.
    Advice(TextId),
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Rule {
    pub id: Str,
    pub description: Str,
    pub salience: i32,
    pub when: Condition,
    pub then: Vec<Action>,
    pub sources: Vec<Str>,
    pub span: Option<Span>,
    /// For a rule the knowledge base generated from its `not_sure:` setting (see
    /// [`not_sure`]): the red-flag finding it raises "not sure" of. `None` for a written rule.
    pub not_sure_of: Option<FactId>,
}

/// A safety property of the knowledge base, proven by `triage verify` over every possible set
/// of answers: whenever `when` is definitely true, the urgency is `at_least` this level or more
/// urgent, and `lists_cause` (if any) is among the listed causes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Invariant {
    pub id: String,
    pub description: String,
    pub when: Condition,
    pub at_least: LevelId,
    pub lists_cause: Option<CauseId>,
    pub sources: Vec<String>,
    pub span: Option<Span>,
}

/// A screening question: several yes/no findings asked at once as a list to pick from.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Screen {
    pub id: Str,
    pub question: Str,
    pub help: Str,
    /// In the order they are listed.
    pub findings: Vec<FactId>,
    pub span: Option<Span>,
}

pub type ScreenId = usize;

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Entity {
    Fact(FactId),
    Cause(CauseId),
    Level(LevelId),
    Rule(RuleId),
    Source(usize),
    Invariant(usize),
    Screen(ScreenId),
    Hazard(usize),
    Text(TextId),
    SafetyNet(usize),
    TextInvariant(usize),
}

impl Entity {
    pub fn noun(self, kb: &KnowledgeBase) -> &'static str {
        match self {
            Entity::Fact(f) if kb.facts[f].is_concept() => "concept",
            Entity::Fact(_) => "finding",
            Entity::Cause(_) => "cause",
            Entity::Level(_) => "urgency level",
            Entity::Rule(_) => "rule",
            Entity::Source(_) => "source",
            Entity::Invariant(_) => "invariant",
            Entity::Screen(_) => "screening question",
            Entity::Hazard(_) => "hazard",
            Entity::Text(_) => "text",
            Entity::SafetyNet(_) => "safety net",
            Entity::TextInvariant(_) => "invariant",
        }
    }
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct KnowledgeBase {
    pub metadata: Metadata,
    pub levels: Vec<Level>,
    pub default_level: LevelId,
    pub facts: Vec<Fact>,
    pub causes: Vec<Cause>,
    pub rules: Vec<Rule>,
    /// Rules grouped by stratum, each group in firing priority (salience, then definition).
    pub strata: Vec<Vec<RuleId>>,
    pub rule_stratum: Vec<usize>,
    /// For each fact, the stratum after which its value is settled (0 for findings).
    pub fact_stratum: Vec<usize>,
    /// For each fact, the rules whose condition reads it.
    pub readers: Vec<Vec<RuleId>>,
    /// For each concept, the rules that derive it.
    pub derivers: Vec<Vec<RuleId>>,
    /// The safety invariants `triage verify` proves (decoded from an image when first read).
    pub invariants: lazy::Lazy<Vec<Invariant>>,
    /// The screening questions the interview asks findings in groups with.
    pub screens: Vec<Screen>,
    /// The hazard log (decoded from an image when first read).
    pub hazards: lazy::Lazy<Vec<hazard::Hazard>>,
    /// Every text a report can show (advice, causes' texts, levels' instructions), each with
    /// when it may be shown.
    pub texts: Vec<text::Text>,
    /// The invariants about what a report says, which `triage verify` proves (decoded from
    /// an image when first read).
    pub text_invariants: lazy::Lazy<Vec<text::TextInvariant>>,
    pub safety_nets: Vec<text::SafetyNet>,
    /// What the `not_sure:` setting tells the person (the reason of every rule generated from
    /// it), and where it is written; kept for the translations (see `locale`).
    pub not_sure_reason: Option<(String, Option<Span>)>,
    /// The texts in other languages (rules/locales/*.yaml), by language in file-name order.
    pub locales: locale::Locales,
    /// The language of the person-facing texts when not English: set by `translated`.
    pub translation: Option<locale::Language>,
    /// The facts that text and safety-net conditions read, and the findings safety-net signs
    /// name: what an outcome keeps of the answers to say only what holds (sorted).
    pub text_facts: Vec<FactId>,
    /// The files the knowledge base was loaded from, for diagnostics and explanations.
    pub files: Vec<SourceFile>,
    pub ids: IdMap<Entity>,
    /// The red-flag findings, most dangerous first (`red_flag_order`): worked out once, when
    /// the rules are compiled, as every report that lists unanswered red flags reads them.
    pub red_flags: Vec<FactId>,
}

impl KnowledgeBase {
    pub fn entity(&self, id: &str) -> Option<Entity> {
        self.ids.get(id).copied()
    }

    /// The screening question that asks this finding, if any.
    pub fn screen_of(&self, fact: FactId) -> Option<ScreenId> {
        self.screens.iter().position(|s| s.findings.contains(&fact))
    }

    pub fn fact(&self, id: &str) -> Option<FactId> {
        match self.entity(id)? {
            Entity::Fact(f) => Some(f),
            _ => None,
        }
    }

    pub fn cause(&self, id: &str) -> Option<CauseId> {
        match self.entity(id)? {
            Entity::Cause(c) => Some(c),
            _ => None,
        }
    }

    pub fn level(&self, id: &str) -> Option<LevelId> {
        match self.entity(id)? {
            Entity::Level(l) => Some(l),
            _ => None,
        }
    }

    /// The ids of the findings that can be answered (every fact but the concepts).
    pub fn finding_ids(&self) -> impl Iterator<Item = &str> {
        self.facts
            .iter()
            .filter(|f| !f.is_concept())
            .map(|f| f.id.as_str())
    }

    pub fn findings(&self) -> impl Iterator<Item = (FactId, &Fact)> {
        self.facts
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.is_concept())
    }

    /// The words of a text made of parts: those `shown` allows, joined by a space (a single
    /// part as written).
    pub fn words(&self, parts: &[TextId], shown: impl Fn(TextId) -> bool) -> String {
        let mut shown_parts = parts.iter().copied().filter(|&t| shown(t));
        let Some(first) = shown_parts.next() else {
            return String::new();
        };
        let mut words = self.texts[first].text.to_string();
        for part in shown_parts {
            let text = self.texts[part].text.trim();
            if !text.is_empty() {
                words.truncate(words.trim_end().len());
                words.push(' ');
                words.push_str(text);
            }
        }
        words
    }

    /// The red-flag findings, most dangerous first: by the most urgent level a rule that reads
    /// one (directly, or through the concepts it helps derive) can set, then in the knowledge
    /// base's order. Worked out when the rules are compiled: see `red_flags`.
    pub fn red_flag_order(&self) -> Vec<FactId> {
        let kb = self;
        // The most urgent level each fact can lead to, to a fixpoint through concepts: each pass
        // only lowers a level, so at most one pass per level (and one to see nothing changed).
        let mut reach: Vec<Option<LevelId>> = vec![None; kb.facts.len()];
        for _ in 0..=kb.levels.len() {
            let mut changed = false;
            for rule in &kb.rules {
                let mut level: Option<LevelId> = None;
                for action in &rule.then {
                    let leads_to = match action {
                        Action::Urgency { level, .. } => Some(*level),
                        Action::Derive(concept) => reach[*concept],
                        _ => None,
                    };
                    level = match (level, leads_to) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                }
                let Some(level) = level else { continue };
                rule.when.visit_facts(true, &mut |fact, _| {
                    if reach[fact].is_none_or(|l| level < l) {
                        reach[fact] = Some(level);
                        changed = true;
                    }
                });
            }
            if !changed {
                break;
            }
        }
        let mut flags: Vec<FactId> = kb
            .findings()
            .filter(|(_, f)| f.red_flag)
            .map(|(f, _)| f)
            .collect();
        flags.sort_by_key(|&f| (reach[f].unwrap_or(usize::MAX), f));
        flags
    }

    /// Where an entity is defined, as `file:line:column`.
    pub fn location(&self, span: Option<Span>) -> Option<String> {
        let span = span?;
        let file = self.files.get(span.file)?;
        Some(format!("{}:{}:{}", file.name, span.line, span.column))
    }
}

/// For unit tests: a knowledge base of two levels (an emergency; routine, the default) with
/// `body`'s findings, concepts, causes and rules.
#[cfg(test)]
pub(crate) fn two_level_kb(body: &str) -> KnowledgeBase {
    test_kb(&[("emergency", true), ("routine", false)], None, body)
}

/// For unit tests: a knowledge base of `levels` (each an id and whether it is an emergency,
/// the most urgent first; the last is the default), with `min_cause_score` if given, and
/// `body`'s findings, screens, causes and rules.
#[cfg(test)]
pub(crate) fn test_kb(
    levels: &[(&str, bool)],
    min_cause_score: Option<f64>,
    body: &str,
) -> KnowledgeBase {
    use std::fmt::Write;
    let mut text = String::from(
        "metadata: {name: t, version: 0.1.0, status: draft, last_reviewed: 2026-12-06",
    );
    if let Some(min) = min_cause_score {
        let _ = write!(text, ", min_cause_score: {min}");
    }
    let default = levels.last().map_or("", |(id, _)| id);
    let _ = write!(text, "}}\ndefault_level: {default}\nlevels:\n");
    for (id, emergency) in levels {
        let _ = writeln!(
            text,
            "  - {{id: {id}, label: {id}, action: {id}, emergency: {emergency}}}"
        );
    }
    text.push_str(body);
    let files = vec![crate::diagnostic::SourceFile {
        name: "kb.yaml".into(),
        text,
    }];
    load_files(files).unwrap().kb
}
