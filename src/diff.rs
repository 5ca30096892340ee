//! The effect of an edit: two versions of a knowledge base compared entity by entity, then
//! the same cases run through both, every case whose urgency or top three causes changed
//! listed, most serious first. A fall in urgency is the change that can hurt someone, so it
//! leads, largest fall first.
//!
//! The cases are every scenario of either version plus a systematic set of answers over the
//! red-flag findings (each alone, each pair, each with back pain, numbness or tingling), so
//! that an edit is tested even where no scenario was written. Answers are carried between the
//! versions by id, since the two knowledge bases number their facts differently.

use crate::answers::{Answers, number_json};
use crate::assess::{Assessor, Outcome};
use crate::engine::condition::Value;
use crate::error::Error;
use crate::kb::{Action, Entity, FactKind, KnowledgeBase, LevelId};
use crate::report::{condition_text, score_text, text_parts_text};
use crate::scenario::Scenario;
use crate::style::Style;
use serde_json::{Value as Json, json};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// An answer, by id, that means the same in both versions.
#[derive(Debug, Clone, PartialEq)]
enum Given {
    Known(Value),
    Number(f64),
    Choice(String),
}

/// One set of answers to run through both versions.
#[derive(Debug, Clone)]
pub struct Case {
    /// `scenario "name" (file:line)`, or empty for a combination (shown by its answers).
    pub label: String,
    answers: Vec<(String, Given)>,
}

impl Case {
    /// A scenario's answers, by id.
    pub fn from_scenario(kb: &KnowledgeBase, scenario: &Scenario, place: String) -> Case {
        Case {
            label: format!("scenario \"{}\" ({place})", scenario.name),
            answers: by_id(kb, &scenario.answers),
        }
    }

    fn present(ids: &[&str]) -> Case {
        Case {
            label: String::new(),
            answers: ids
                .iter()
                .map(|id| (id.to_string(), Given::Known(Value::Present)))
                .collect(),
        }
    }

    /// The answers in one version: ids it does not know (or knows as another kind) are left
    /// unanswered.
    fn answers_in(&self, kb: &KnowledgeBase) -> Answers {
        let mut answers = Answers::default();
        for (id, given) in &self.answers {
            let Some(fact) = kb.fact(id) else { continue };
            let value = match (given, &kb.facts[fact].kind) {
                (Given::Known(v), FactKind::YesNo) => Some(*v),
                (Given::Known(Value::Unsure), _) => Some(Value::Unsure),
                (Given::Number(n), FactKind::Number { .. }) => Some(Value::Number(*n)),
                (Given::Choice(option), FactKind::Choice { options }) => {
                    options.iter().position(|o| o == option).map(Value::Choice)
                }
                _ => None,
            };
            if let Some(value) = value {
                answers.values.insert(fact, value);
            }
        }
        answers
    }

    fn answers_text(&self) -> String {
        let parts: Vec<String> = self
            .answers
            .iter()
            .map(|(id, given)| {
                let value = match given {
                    Given::Known(Value::Present) => "present".to_string(),
                    Given::Known(Value::Absent) => "absent".to_string(),
                    Given::Known(_) => "unknown".to_string(),
                    Given::Number(n) => number_json(*n).to_string(),
                    Given::Choice(option) => option.clone(),
                };
                format!("{id}={value}")
            })
            .collect();
        if parts.is_empty() {
            "no answers".to_string()
        } else {
            parts.join(", ")
        }
    }
}

fn by_id(kb: &KnowledgeBase, answers: &Answers) -> Vec<(String, Given)> {
    answers
        .values
        .iter()
        .map(|(&fact, &value)| {
            let given = match (value, &kb.facts[fact].kind) {
                (Value::Number(n), _) => Given::Number(n),
                (Value::Choice(i), FactKind::Choice { options }) => {
                    Given::Choice(options.get(i).cloned().unwrap_or_default())
                }
                (other, _) => Given::Known(other),
            };
            (kb.facts[fact].id.clone(), given)
        })
        .collect()
}

/// The findings a systematic case adds beside a red flag: the symptoms the tool is about.
const SYMPTOMS: [&str; 3] = ["back_pain", "back_numbness", "back_tingling"];

/// The most pairs of red flags `diff` tries. Every pair of up to 100 red flags (4,950 pairs);
/// beyond that the number of pairs grows with the square of the flags, and each case with the
/// rules, so that 1,000 flags took minutes: the first pairs in definition order are tried and
/// the report says how many were left out.
pub const MAX_PAIRS: usize = 5_000;

/// The systematic cases: each red-flag finding alone, each pair of them (at most
/// [`MAX_PAIRS`]), and each with each of the symptoms.
pub struct Combinations {
    pub cases: Vec<Case>,
    /// How many red-flag findings either version has.
    pub flags: usize,
    /// The pairs of red flags left out by the cap.
    pub pairs_left_out: usize,
}

/// Each red-flag finding alone, each pair of them, and each with each of the symptoms.
pub fn combinations(base: &KnowledgeBase, new: &KnowledgeBase) -> Combinations {
    let mut flags: Vec<&str> = Vec::new();
    let mut symptoms: Vec<&str> = Vec::new();
    for kb in [new, base] {
        for (_, fact) in kb.findings() {
            if fact.kind != FactKind::YesNo {
                continue;
            }
            if fact.red_flag && !flags.contains(&fact.id.as_str()) {
                flags.push(&fact.id);
            }
        }
        for id in SYMPTOMS {
            if kb
                .fact(id)
                .is_some_and(|f| kb.facts[f].kind == FactKind::YesNo)
                && !symptoms.contains(&id)
            {
                symptoms.push(id);
            }
        }
    }
    symptoms.sort_by_key(|s| SYMPTOMS.iter().position(|x| x == s));
    let mut cases: Vec<Case> = flags.iter().map(|f| Case::present(&[f])).collect();
    let pairs = flags.len() * flags.len().saturating_sub(1) / 2;
    'pairs: for (i, a) in flags.iter().enumerate() {
        for b in &flags[i + 1..] {
            if cases.len() - flags.len() == MAX_PAIRS {
                break 'pairs;
            }
            cases.push(Case::present(&[a, b]));
        }
    }
    let pairs_left_out = pairs - (cases.len() - flags.len());
    for flag in &flags {
        for symptom in &symptoms {
            if flag != symptom {
                cases.push(Case::present(&[flag, symptom]));
            }
        }
    }
    Combinations {
        cases,
        flags: flags.len(),
        pairs_left_out,
    }
}

/// What changed in one case.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// The urgency fell by this many levels.
    UrgencyFell(usize),
    /// The urgency moved between two levels that neither version defines both of, and that
    /// are both emergencies or both not: which is more urgent can't be told, so it may be a
    /// fall.
    UrgencyMoved,
    UrgencyRose(usize),
    TopThree,
}

/// How the urgency of one case compares across the versions, by what the levels mean: the
/// same id is the same level, whatever its place in either list, and two levels are ranked in
/// the version that defines both (a level added above all the others moves none of them).
/// Two levels that no version defines both of are ranked by `emergency:` alone.
fn urgency_change(
    base: &KnowledgeBase,
    before: LevelId,
    new: &KnowledgeBase,
    after: LevelId,
) -> Option<Kind> {
    let (before_id, after_id) = (&base.levels[before].id, &new.levels[after].id);
    // Positions in one version: a smaller one is more urgent.
    let ranked = match (new.level(before_id), base.level(after_id)) {
        _ if before_id == after_id => return None,
        (Some(before), _) => Some((before, after)),
        (None, Some(after)) => Some((before, after)),
        (None, None) => None,
    };
    Some(match ranked {
        Some((before, after)) if after > before => Kind::UrgencyFell(after - before),
        Some((before, after)) => Kind::UrgencyRose(before - after),
        None => match (base.levels[before].emergency, new.levels[after].emergency) {
            (true, false) => Kind::UrgencyFell(1),
            (false, true) => Kind::UrgencyRose(1),
            _ => Kind::UrgencyMoved,
        },
    })
}

#[derive(Debug, Clone)]
pub struct Changed {
    pub kind: Kind,
    pub case: Case,
    base_level: String,
    new_level: String,
    base_top: Vec<String>,
    new_top: Vec<String>,
}

fn top_three(kb: &KnowledgeBase, outcome: &Outcome) -> Vec<String> {
    outcome
        .causes
        .iter()
        .take(3)
        .map(|c| kb.causes[c.cause].id.clone())
        .collect()
}

/// Runs every case through both versions; the changed ones, most serious first.
pub fn compare_outcomes(
    base: &KnowledgeBase,
    new: &KnowledgeBase,
    cases: &[Case],
) -> Result<Vec<Changed>, Error> {
    let mut changed = Vec::new();
    let (mut before_kb, mut after_kb) = (Assessor::new(base), Assessor::new(new));
    for case in cases {
        let before = before_kb.assess(&case.answers_in(base))?;
        let after = after_kb.assess(&case.answers_in(new))?;
        let (base_top, new_top) = (top_three(base, &before), top_three(new, &after));
        let kind = match urgency_change(base, before.level, new, after.level) {
            Some(kind) => kind,
            None if base_top != new_top => Kind::TopThree,
            None => continue,
        };
        changed.push(Changed {
            kind,
            case: case.clone(),
            base_level: base.levels[before.level].id.to_string(),
            new_level: new.levels[after.level].id.to_string(),
            base_top,
            new_top,
        });
    }
    changed.sort_by_key(|c| match c.kind {
        Kind::UrgencyFell(n) => (0, usize::MAX - n),
        Kind::UrgencyMoved => (1, 0),
        Kind::UrgencyRose(n) => (2, usize::MAX - n),
        Kind::TopThree => (3, 0),
    });
    Ok(changed)
}

/// An entity as a list of fields, in words that do not depend on how either version numbers
/// its entities, so that "changed" means "defined differently". A rule's actions are one
/// field per key, named as in the YAML (`then[0].urgency`), so that a change says which.
fn fields(kb: &KnowledgeBase, entity: Entity) -> Vec<(String, String)> {
    named(kb, entity)
        .into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .chain(match entity {
            Entity::Rule(r) => action_fields(kb, &kb.rules[r].then),
            _ => Vec::new(),
        })
        .collect()
}

/// Each action's keys, as `then[N].key`.
fn action_fields(kb: &KnowledgeBase, then: &[Action]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (n, action) in then.iter().enumerate() {
        let mut field = |key: &str, value: String| out.push((format!("then[{n}].{key}"), value));
        match action {
            Action::Urgency { level, reason } => {
                field("urgency", kb.levels[*level].id.to_string());
                field("reason", reason.trim().to_string());
            }
            Action::Derive(fact) => field("derive", kb.facts[*fact].id.clone()),
            Action::Evidence { cause, weight } => {
                let key = if *weight > 0.0 { "supports" } else { "against" };
                field(key, kb.causes[*cause].id.clone());
                field("weight", score_text(weight.abs()));
            }
            Action::Advice(text) => field("advice", crate::report::text_parts_text(kb, &[*text])),
        }
    }
    out
}

/// The fields every entity of a kind has.
fn named(kb: &KnowledgeBase, entity: Entity) -> Vec<(&'static str, String)> {
    match entity {
        Entity::Fact(f) => {
            let fact = &kb.facts[f];
            let kind = match &fact.kind {
                FactKind::Number { unit, min, max } => format!("number {min}..{max} {unit}"),
                FactKind::Choice { options } => format!("choice {}", options.join("|")),
                other => other.name().to_string(),
            };
            vec![
                ("kind", kind),
                ("question", fact.question.to_string()),
                (
                    "label",
                    fact.label.as_deref().unwrap_or_default().to_string(),
                ),
                ("help", fact.help.to_string()),
                ("description", fact.description.to_string()),
                ("red_flag", fact.red_flag.to_string()),
                (
                    "ask_if",
                    fact.ask_if
                        .as_ref()
                        .map_or(String::new(), |c| condition_text(kb, c)),
                ),
            ]
        }
        Entity::Cause(c) => {
            let cause = &kb.causes[c];
            vec![
                ("name", cause.name.clone()),
                ("description", text_parts_text(kb, &cause.description)),
                ("self_care", text_parts_text(kb, &cause.self_care)),
                ("see_doctor", text_parts_text(kb, &cause.see_doctor)),
                ("sources", cause.sources.join("; ")),
            ]
        }
        Entity::Level(l) => {
            let level = &kb.levels[l];
            vec![
                ("rank", (l + 1).to_string()),
                ("label", level.label.to_string()),
                ("action", text_parts_text(kb, &level.action)),
                ("emergency", level.emergency.to_string()),
                ("default", (l == kb.default_level).to_string()),
            ]
        }
        Entity::Rule(r) => {
            let rule = &kb.rules[r];
            vec![
                ("description", rule.description.to_string()),
                ("salience", rule.salience.to_string()),
                ("when", condition_text(kb, &rule.when)),
                ("sources", rule.sources.join("; ")),
            ]
        }
        Entity::Invariant(i) => {
            let invariant = &kb.invariants[i];
            vec![
                ("description", invariant.description.clone()),
                ("when", condition_text(kb, &invariant.when)),
                ("at_least", kb.levels[invariant.at_least].id.to_string()),
                (
                    "lists_cause",
                    invariant
                        .lists_cause
                        .map(|c| kb.causes[c].id.clone())
                        .unwrap_or_default(),
                ),
                ("sources", invariant.sources.join("; ")),
            ]
        }
        Entity::Screen(s) => {
            let screen = &kb.screens[s];
            let findings: Vec<&str> = screen
                .findings
                .iter()
                .map(|&f| kb.facts[f].id.as_str())
                .collect();
            vec![
                ("question", screen.question.to_string()),
                ("help", screen.help.to_string()),
                ("findings", findings.join(", ")),
            ]
        }
        Entity::Hazard(h) => {
            let hazard = &kb.hazards[h];
            let ids = |items: &[usize], id: &dyn Fn(usize) -> String| {
                items.iter().map(|&i| id(i)).collect::<Vec<_>>().join(", ")
            };
            let (c, v) = (&hazard.controls, &hazard.verification);
            let risk = |r: crate::kb::hazard::Risk| {
                format!("{} / {}", r.severity.name(), r.likelihood.name())
            };
            vec![
                ("title", hazard.title.clone()),
                ("harm", hazard.harm.clone()),
                ("cause", hazard.cause.clone()),
                ("effect", hazard.effect.clone()),
                ("groups", hazard.groups.join(", ")),
                ("initial_risk", risk(hazard.initial_risk)),
                ("residual_risk", risk(hazard.residual_risk)),
                (
                    "controls.rules",
                    ids(&c.rules, &|r| kb.rules[r].id.to_string()),
                ),
                (
                    "controls.findings",
                    ids(&c.findings, &|f| kb.facts[f].id.clone()),
                ),
                (
                    "controls.screens",
                    ids(&c.screens, &|s| kb.screens[s].id.to_string()),
                ),
                (
                    "controls.invariants",
                    ids(&c.invariants, &|i| kb.invariants[i].id.clone()),
                ),
                ("controls.software", c.software.join("; ")),
                (
                    "verification.scenarios",
                    v.scenarios
                        .iter()
                        .map(|(id, _)| id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                (
                    "verification.invariants",
                    ids(&v.invariants, &|i| kb.invariants[i].id.clone()),
                ),
                ("verification.tests", v.tests.join(", ")),
                ("sources", hazard.sources.join("; ")),
                ("status", hazard.status.name().to_string()),
                ("actions", hazard.actions.clone().unwrap_or_default()),
            ]
        }
        Entity::Text(t) => {
            let text = &kb.texts[t];
            vec![
                ("text", text.text.trim().to_string()),
                (
                    "kind",
                    text.kind.map(|k| k.name()).unwrap_or_default().to_string(),
                ),
                ("when", crate::report::text_condition_text(kb, text)),
            ]
        }
        Entity::SafetyNet(n) => {
            let net = &kb.safety_nets[n];
            let mut out = vec![
                (
                    "shown_when",
                    net.shown_when
                        .as_ref()
                        .map_or(String::new(), |c| condition_text(kb, c)),
                ),
                (
                    "hidden_when",
                    net.hidden_when
                        .as_ref()
                        .map_or(String::new(), |c| condition_text(kb, c)),
                ),
            ];
            let signs: Vec<String> = net
                .groups
                .iter()
                .flat_map(|g| {
                    g.signs
                        .iter()
                        .map(move |sign| format!("{}: {}", kb.levels[g.level].id, sign.text.trim()))
                })
                .collect();
            out.push(("signs", signs.join("; ")));
            out
        }
        Entity::TextInvariant(i) => {
            let invariant = &kb.text_invariants[i];
            let texts: Vec<String> = invariant
                .texts
                .iter()
                .map(|&t| {
                    kb.texts[t]
                        .id
                        .as_deref()
                        .unwrap_or_else(|| kb.texts[t].text.trim())
                        .to_string()
                })
                .collect();
            vec![
                ("description", invariant.description.clone()),
                ("never_shown", texts.join(", ")),
                (
                    "when",
                    invariant
                        .when
                        .as_ref()
                        .map_or(String::new(), |c| condition_text(kb, c)),
                ),
                (
                    "with_causes",
                    invariant
                        .with_causes
                        .iter()
                        .map(|&c| kb.causes[c].id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                (
                    "at_or_above",
                    invariant
                        .at_or_above
                        .map(|l| kb.levels[l].id.to_string())
                        .unwrap_or_default(),
                ),
                (
                    "below",
                    invariant
                        .below
                        .map(|l| kb.levels[l].id.to_string())
                        .unwrap_or_default(),
                ),
                ("sources", invariant.sources.join("; ")),
            ]
        }
        Entity::Source(s) => {
            let source = &kb.metadata.sources[s];
            vec![
                ("title", source.title.to_string()),
                (
                    "file",
                    source.file.as_deref().unwrap_or_default().to_string(),
                ),
                ("url", source.url.as_deref().unwrap_or_default().to_string()),
            ]
        }
    }
}

fn span_of(kb: &KnowledgeBase, entity: Entity) -> Option<String> {
    kb.location(match entity {
        Entity::Fact(f) => kb.facts[f].span,
        Entity::Cause(c) => kb.causes[c].span,
        Entity::Level(l) => kb.levels[l].span,
        Entity::Rule(r) => kb.rules[r].span,
        Entity::Invariant(i) => kb.invariants[i].span,
        Entity::Screen(s) => kb.screens[s].span,
        Entity::Hazard(h) => kb.hazards[h].span,
        Entity::Text(t) => kb.texts[t].span,
        Entity::SafetyNet(n) => kb.safety_nets[n].span,
        Entity::TextInvariant(i) => kb.text_invariants[i].span,
        Entity::Source(_) => None,
    })
}

/// One entity added (`+`), removed (`-`) or changed (`~`, with the fields that changed).
#[derive(Debug, Clone, PartialEq)]
pub struct EntityChange {
    pub mark: char,
    pub noun: &'static str,
    pub id: String,
    pub fields: Vec<FieldChange>,
    pub place: Option<String>,
}

/// A field that differs: its name, and its value before and after (empty where a version
/// lacks it).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

impl FieldChange {
    fn new(field: &str, before: impl ToString, after: impl ToString) -> FieldChange {
        FieldChange {
            field: field.to_string(),
            before: before.to_string(),
            after: after.to_string(),
        }
    }
}

/// The fields whose values differ, in the order they come (the base version's first).
fn changed_fields(before: &[(String, String)], after: &[(String, String)]) -> Vec<FieldChange> {
    let value = |list: &[(String, String)], name: &str| {
        list.iter()
            .find(|(n, _)| n == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let mut names: Vec<&String> = before.iter().map(|(n, _)| n).collect();
    names.extend(
        after
            .iter()
            .map(|(n, _)| n)
            .filter(|n| !before.iter().any(|(b, _)| b == *n)),
    );
    names
        .into_iter()
        .map(|name| FieldChange::new(name, value(before, name), value(after, name)))
        .filter(|f| f.before != f.after)
        .collect()
}

/// The entities added, removed and changed, in that order, each group by id.
pub fn compare_entities(base: &KnowledgeBase, new: &KnowledgeBase) -> Vec<EntityChange> {
    let ids: BTreeSet<&str> = base
        .ids
        .keys()
        .chain(new.ids.keys())
        .map(|id| id.as_str())
        .collect();
    let mut changes = Vec::new();
    // Generated rules follow from the written ones and the `not_sure:` setting; a change to them
    // is the change to what they were generated from, already listed.
    let generated = |kb: &KnowledgeBase, id: &str| matches!(kb.entity(id), Some(Entity::Rule(r)) if kb.rules[r].not_sure_of.is_some());
    for id in ids {
        if generated(base, id) || generated(new, id) {
            continue;
        }
        let change = match (base.entity(id), new.entity(id)) {
            (None, Some(e)) => EntityChange {
                mark: '+',
                noun: e.noun(new),
                id: id.to_string(),
                fields: Vec::new(),
                place: span_of(new, e),
            },
            (Some(e), None) => EntityChange {
                mark: '-',
                noun: e.noun(base),
                id: id.to_string(),
                fields: Vec::new(),
                place: span_of(base, e),
            },
            (Some(a), Some(b)) => {
                let (fa, fb) = (fields(base, a), fields(new, b));
                let differ = if a.noun(base) != b.noun(new) {
                    vec![FieldChange::new("kind", a.noun(base), b.noun(new))]
                } else {
                    changed_fields(&fa, &fb)
                };
                if differ.is_empty() {
                    continue;
                }
                EntityChange {
                    mark: '~',
                    noun: b.noun(new),
                    id: id.to_string(),
                    fields: differ,
                    place: span_of(new, b),
                }
            }
            (None, None) => continue,
        };
        changes.push(change);
    }
    changes.sort_by_key(|c| match c.mark {
        '-' => 0,
        '+' => 1,
        _ => 2,
    });
    let (mb, mn) = (&base.metadata, &new.metadata);
    let status = |m: &crate::kb::Metadata| {
        serde_json::to_value(m.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    };
    let meta = |m: &crate::kb::Metadata| {
        vec![
            ("name".to_string(), m.name.to_string()),
            ("version".to_string(), m.version.to_string()),
            ("status".to_string(), status(m)),
            ("last_reviewed".to_string(), m.last_reviewed.to_string()),
            ("authors".to_string(), m.authors.join(", ")),
            ("min_cause_score".to_string(), score_text(m.min_cause_score)),
        ]
    };
    let differ = changed_fields(&meta(mb), &meta(mn));
    if !differ.is_empty() {
        changes.push(EntityChange {
            mark: '~',
            noun: "metadata",
            id: String::new(),
            fields: differ,
            place: None,
        });
    }
    changes
}

/// The whole comparison: what was defined differently, and which cases' outcomes changed.
pub struct Comparison<'a> {
    pub base: (&'a str, &'a KnowledgeBase),
    pub new: (&'a str, &'a KnowledgeBase),
    pub entities: Vec<EntityChange>,
    pub changed: Vec<Changed>,
    pub cases: usize,
    pub scenarios: usize,
    pub flags: usize,
    pub pairs_left_out: usize,
}

impl<'a> Comparison<'a> {
    /// Compares two versions (each named as the report will name it) over the scenarios and
    /// the systematic combinations.
    pub fn new(
        base: (&'a str, &'a KnowledgeBase),
        new: (&'a str, &'a KnowledgeBase),
        scenarios: Vec<Case>,
    ) -> Result<Comparison<'a>, Error> {
        let entities = compare_entities(base.1, new.1);
        let combinations = combinations(base.1, new.1);
        let scenario_count = scenarios.len();
        let mut cases = scenarios;
        cases.extend(combinations.cases);
        let changed = compare_outcomes(base.1, new.1, &cases)?;
        Ok(Comparison {
            base,
            new,
            entities,
            changed,
            cases: cases.len(),
            scenarios: scenario_count,
            flags: combinations.flags,
            pairs_left_out: combinations.pairs_left_out,
        })
    }

    pub fn urgency_fell(&self) -> usize {
        self.changed
            .iter()
            .filter(|c| matches!(c.kind, Kind::UrgencyFell(_)))
            .count()
    }

    /// The cases whose urgency moved between levels that can't be ranked (see `Kind`).
    pub fn urgency_moved(&self) -> usize {
        self.changed
            .iter()
            .filter(|c| c.kind == Kind::UrgencyMoved)
            .count()
    }

    fn count(&self, mark: char) -> usize {
        self.entities.iter().filter(|e| e.mark == mark).count()
    }

    fn title(&self) -> String {
        let ((base_name, base), (new_name, new)) = (self.base, self.new);
        format!(
            "Comparing {base_name} ({} {}) with {new_name} ({} {})",
            base.metadata.name, base.metadata.version, new.metadata.name, new.metadata.version
        )
    }

    fn entities_line(&self) -> String {
        format!(
            "{} removed, {} added, {} changed",
            self.count('-'),
            self.count('+'),
            self.count('~')
        )
    }

    fn outcomes_line(&self) -> String {
        let mut line = format!(
            "{} of {} cases changed ({} scenarios, {} combinations of {} red-flag findings)",
            self.changed.len(),
            self.cases,
            self.scenarios,
            self.cases - self.scenarios,
            self.flags
        );
        if self.pairs_left_out > 0 {
            let _ = write!(
                line,
                "; {} pairs of red flags not tried (at most {MAX_PAIRS} are)",
                self.pairs_left_out
            );
        }
        line
    }

    /// The report for a terminal.
    pub fn text(&self, style: Style) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "{}", style.bold(&self.title()));
        let _ = writeln!(
            out,
            "\n{} {}",
            style.bold("Entities:"),
            self.entities_line()
        );
        for e in &self.entities {
            let mark = match e.mark {
                '-' => style.error("-"),
                '+' => style.good("+"),
                _ => style.warning("~"),
            };
            let place = e
                .place
                .as_ref()
                .map_or(String::new(), |p| style.dim(&format!("  ({p})")));
            let _ = writeln!(out, "  {mark} {}{place}", e.what());
            for f in &e.fields {
                let _ = writeln!(
                    out,
                    "      {}: {} → {}",
                    f.field,
                    or_none(&f.before),
                    or_none(&f.after)
                );
            }
        }
        let _ = writeln!(
            out,
            "\n{} {}",
            style.bold("Outcomes:"),
            self.outcomes_line()
        );
        let width = self.changed.len().to_string().len();
        let indent = " ".repeat(width + 4);
        for (n, c) in self.changed.iter().enumerate() {
            let headline = match c.kind {
                Kind::UrgencyFell(_) | Kind::UrgencyMoved => style.error(&c.headline()),
                Kind::UrgencyRose(_) => style.warning(&c.headline()),
                Kind::TopThree => c.headline(),
            };
            let _ = writeln!(out, "  {:>width$}. {headline}", n + 1);
            let _ = writeln!(out, "{indent}{}", c.case_text());
            if c.base_top != c.new_top {
                let _ = writeln!(
                    out,
                    "{indent}top three: {} → {}",
                    list(&c.base_top),
                    list(&c.new_top)
                );
            }
        }
        out
    }

    /// The report as Markdown, for pasting into the review of a change to the rules.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "### {}\n", self.title());
        let _ = writeln!(out, "**Entities:** {}\n", self.entities_line());
        if !self.entities.is_empty() {
            let _ = writeln!(out, "| | entity | field | before | after |");
            let _ = writeln!(out, "|---|---|---|---|---|");
            for e in &self.entities {
                let mark = match e.mark {
                    '-' => "removed",
                    '+' => "added",
                    _ => "changed",
                };
                let place = e
                    .place
                    .as_ref()
                    .map_or(String::new(), |p| format!(" ({})", cell(p)));
                let what = format!("{}{place}", cell(&e.what()));
                if e.fields.is_empty() {
                    let _ = writeln!(out, "| {mark} | {what} | | | |");
                }
                for (i, f) in e.fields.iter().enumerate() {
                    let (mark, what) = if i == 0 {
                        (mark, what.as_str())
                    } else {
                        ("", "")
                    };
                    let _ = writeln!(
                        out,
                        "| {mark} | {what} | `{}` | {} | {} |",
                        f.field,
                        cell(or_none(&f.before)),
                        cell(or_none(&f.after))
                    );
                }
            }
            out.push('\n');
        }
        let _ = writeln!(out, "**Outcomes:** {}\n", self.outcomes_line());
        if !self.changed.is_empty() {
            let _ = writeln!(
                out,
                "| # | change | case | top three before | top three after |"
            );
            let _ = writeln!(out, "|---|---|---|---|---|");
            for (n, c) in self.changed.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    n + 1,
                    cell(&c.headline()),
                    cell(&c.case_text()),
                    cell(&list(&c.base_top)),
                    cell(&list(&c.new_top))
                );
            }
        }
        out
    }

    /// The report for scripts.
    pub fn json(&self) -> Json {
        let side = |(name, kb): (&str, &KnowledgeBase)| {
            json!({
                "name": name.trim_matches('`'),
                "knowledge_base": crate::kb::discover::kb_json(kb),
            })
        };
        let entities: Vec<Json> = self
            .entities
            .iter()
            .map(|e| {
                json!({
                    "change": match e.mark { '-' => "removed", '+' => "added", _ => "changed" },
                    "kind": e.noun,
                    "id": e.id,
                    "location": e.place,
                    "fields": e.fields.iter().map(|f| json!({
                        "field": f.field,
                        "before": f.before,
                        "after": f.after,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let changed: Vec<Json> = self
            .changed
            .iter()
            .map(|c| {
                let (kind, levels) = match c.kind {
                    Kind::UrgencyFell(n) => ("urgency_fell", n),
                    Kind::UrgencyMoved => ("urgency_moved", 0),
                    Kind::UrgencyRose(n) => ("urgency_rose", n),
                    Kind::TopThree => ("top_three", 0),
                };
                json!({
                    "change": kind,
                    "levels": levels,
                    "case": c.case.label_or_answers(),
                    "urgency": {"before": c.base_level, "after": c.new_level},
                    "top_three": {"before": c.base_top, "after": c.new_top},
                })
            })
            .collect();
        json!({
            "base": side(self.base),
            "new": side(self.new),
            "entities": entities,
            "outcomes": {
                "cases": self.cases,
                "scenarios": self.scenarios,
                "combinations": self.cases - self.scenarios,
                "red_flags": self.flags,
                "pairs_left_out": self.pairs_left_out,
                "urgency_fell": self.urgency_fell(),
                "urgency_moved": self.urgency_moved(),
                "changed": changed,
            },
        })
    }
}

impl EntityChange {
    /// `rule rf_x`, or the noun alone for the metadata.
    fn what(&self) -> String {
        if self.id.is_empty() {
            self.noun.to_string()
        } else {
            format!("{} {}", self.noun, self.id)
        }
    }
}

impl Changed {
    fn headline(&self) -> String {
        match self.kind {
            Kind::UrgencyFell(by) => format!(
                "urgency fell {by} level{}: {} → {}",
                crate::error::plural(by),
                self.base_level,
                self.new_level
            ),
            Kind::UrgencyMoved => format!(
                "urgency moved between levels the versions do not share: {} → {}",
                self.base_level, self.new_level
            ),
            Kind::UrgencyRose(by) => format!(
                "urgency rose {by} level{}: {} → {}",
                crate::error::plural(by),
                self.base_level,
                self.new_level
            ),
            Kind::TopThree => "top three changed".to_string(),
        }
    }

    fn case_text(&self) -> String {
        if self.case.label.is_empty() {
            format!("answers: {}", self.case.answers_text())
        } else {
            self.case.label.clone()
        }
    }
}

impl Case {
    fn label_or_answers(&self) -> Json {
        if self.label.is_empty() {
            json!({"answers": self.answers_text()})
        } else {
            json!({"scenario": self.label})
        }
    }
}

fn or_none(text: &str) -> &str {
    if text.is_empty() { "(none)" } else { text }
}

fn list(top: &[String]) -> String {
    if top.is_empty() {
        "none".to_string()
    } else {
        top.join(", ")
    }
}

/// Text for a Markdown table cell: no line breaks, `|` escaped.
fn cell(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}
