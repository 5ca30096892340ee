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
use crate::assess::{Outcome, assess};
use crate::engine::condition::Value;
use crate::error::Error;
use crate::explain::action_text;
use crate::kb::{Entity, FactKind, KnowledgeBase};
use crate::report::condition_text;
use crate::scenario::Scenario;
use crate::style::Style;
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
                (Given::Known(Value::Unknown), _) => Some(Value::Unknown),
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

/// Each red-flag finding alone, each pair of them, and each with each of the symptoms.
pub fn combinations(base: &KnowledgeBase, new: &KnowledgeBase) -> (Vec<Case>, usize) {
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
    for (i, a) in flags.iter().enumerate() {
        for b in &flags[i + 1..] {
            cases.push(Case::present(&[a, b]));
        }
    }
    for flag in &flags {
        for symptom in &symptoms {
            if flag != symptom {
                cases.push(Case::present(&[flag, symptom]));
            }
        }
    }
    (cases, flags.len())
}

/// What changed in one case.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// The urgency fell by this many levels.
    UrgencyFell(usize),
    UrgencyRose(usize),
    TopThree,
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
    for case in cases {
        let before = assess(base, &case.answers_in(base))?;
        let after = assess(new, &case.answers_in(new))?;
        let (base_top, new_top) = (top_three(base, &before), top_three(new, &after));
        // Levels are compared by rank, most urgent first (the contract fixes their order).
        let kind = if after.level > before.level {
            Kind::UrgencyFell(after.level - before.level)
        } else if after.level < before.level {
            Kind::UrgencyRose(before.level - after.level)
        } else if base_top != new_top {
            Kind::TopThree
        } else {
            continue;
        };
        changed.push(Changed {
            kind,
            case: case.clone(),
            base_level: base.levels[before.level].id.clone(),
            new_level: new.levels[after.level].id.clone(),
            base_top,
            new_top,
        });
    }
    changed.sort_by_key(|c| match c.kind {
        Kind::UrgencyFell(n) => (0, usize::MAX - n),
        Kind::UrgencyRose(n) => (1, usize::MAX - n),
        Kind::TopThree => (2, 0),
    });
    Ok(changed)
}

/// An entity as a list of fields, in words that do not depend on how either version numbers
/// its entities, so that "changed" means "defined differently".
fn fields(kb: &KnowledgeBase, entity: Entity) -> Vec<(&'static str, String)> {
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
                ("question", fact.question.clone()),
                ("help", fact.help.clone()),
                ("description", fact.description.clone()),
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
                ("description", cause.description.clone()),
                ("self_care", cause.self_care.clone()),
                ("see_doctor", cause.see_doctor.clone()),
                ("sources", cause.sources.join("; ")),
            ]
        }
        Entity::Level(l) => {
            let level = &kb.levels[l];
            vec![
                ("rank", (l + 1).to_string()),
                ("label", level.label.clone()),
                ("action", level.action.clone()),
                ("emergency", level.emergency.to_string()),
                ("default", (l == kb.default_level).to_string()),
            ]
        }
        Entity::Rule(r) => {
            let rule = &kb.rules[r];
            let then: Vec<String> = rule.then.iter().map(|a| action_text(kb, a)).collect();
            vec![
                ("description", rule.description.clone()),
                ("salience", rule.salience.to_string()),
                ("when", condition_text(kb, &rule.when)),
                ("then", then.join("; ")),
                ("sources", rule.sources.join("; ")),
            ]
        }
        Entity::Invariant(i) => {
            let invariant = &kb.invariants[i];
            vec![
                ("description", invariant.description.clone()),
                ("when", condition_text(kb, &invariant.when)),
                ("at_least", kb.levels[invariant.at_least].id.clone()),
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
                ("question", screen.question.clone()),
                ("help", screen.help.clone()),
                ("findings", findings.join(", ")),
            ]
        }
        Entity::Source(s) => {
            let source = &kb.metadata.sources[s];
            vec![
                ("title", source.title.clone()),
                ("file", source.file.clone().unwrap_or_default()),
                ("url", source.url.clone().unwrap_or_default()),
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
        Entity::Source(_) => None,
    })
}

/// One entity added (`+`), removed (`-`) or changed (`~`, with the fields that changed).
#[derive(Debug, Clone, PartialEq)]
pub struct EntityChange {
    pub mark: char,
    pub noun: &'static str,
    pub id: String,
    pub fields: Vec<&'static str>,
    pub place: Option<String>,
}

/// The entities added, removed and changed, in that order, each group by id.
pub fn compare_entities(base: &KnowledgeBase, new: &KnowledgeBase) -> Vec<EntityChange> {
    let ids: BTreeSet<&String> = base.ids.keys().chain(new.ids.keys()).collect();
    let mut changes = Vec::new();
    for id in ids {
        let change = match (base.entity(id), new.entity(id)) {
            (None, Some(e)) => EntityChange {
                mark: '+',
                noun: e.noun(new),
                id: id.clone(),
                fields: Vec::new(),
                place: span_of(new, e),
            },
            (Some(e), None) => EntityChange {
                mark: '-',
                noun: e.noun(base),
                id: id.clone(),
                fields: Vec::new(),
                place: span_of(base, e),
            },
            (Some(a), Some(b)) => {
                let (fa, fb) = (fields(base, a), fields(new, b));
                let differ: Vec<&'static str> = if a.noun(base) != b.noun(new) {
                    vec!["kind"]
                } else {
                    fa.iter()
                        .zip(&fb)
                        .filter(|(x, y)| x != y)
                        .map(|(x, _)| x.0)
                        .collect()
                };
                if differ.is_empty() {
                    continue;
                }
                EntityChange {
                    mark: '~',
                    noun: b.noun(new),
                    id: id.clone(),
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
    let meta = [
        ("name", mb.name != mn.name),
        ("version", mb.version != mn.version),
        ("status", mb.status != mn.status),
        ("last_reviewed", mb.last_reviewed != mn.last_reviewed),
        ("authors", mb.authors != mn.authors),
        ("min_cause_score", mb.min_cause_score != mn.min_cause_score),
    ];
    let differ: Vec<&'static str> = meta.iter().filter(|m| m.1).map(|m| m.0).collect();
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

/// The whole comparison, ready to print.
pub struct Report {
    pub text: String,
    pub urgency_fell: usize,
    pub outcomes_changed: usize,
}

pub fn report(
    base: (&str, &KnowledgeBase),
    new: (&str, &KnowledgeBase),
    scenarios: Vec<Case>,
    style: Style,
) -> Result<Report, Error> {
    let (base_name, base_kb) = base;
    let (new_name, new_kb) = new;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Comparing {base_name} ({} {}) with {new_name} ({} {})",
            base_kb.metadata.name,
            base_kb.metadata.version,
            new_kb.metadata.name,
            new_kb.metadata.version
        ))
    );

    let entities = compare_entities(base_kb, new_kb);
    let count = |mark: char| entities.iter().filter(|e| e.mark == mark).count();
    let _ = writeln!(
        out,
        "\n{} {} removed, {} added, {} changed",
        style.bold("Entities:"),
        count('-'),
        count('+'),
        count('~')
    );
    for e in &entities {
        let mark = match e.mark {
            '-' => style.error("-"),
            '+' => style.good("+"),
            _ => style.warning("~"),
        };
        let what = if e.id.is_empty() {
            e.noun.to_string()
        } else {
            format!("{} {}", e.noun, e.id)
        };
        let fields = if e.fields.is_empty() {
            String::new()
        } else {
            format!(": {}", e.fields.join(", "))
        };
        let place = e
            .place
            .as_ref()
            .map_or(String::new(), |p| style.dim(&format!("  ({p})")));
        let _ = writeln!(out, "  {mark} {what}{fields}{place}");
    }

    let (combos, flags) = combinations(base_kb, new_kb);
    let scenario_count = scenarios.len();
    let mut cases = scenarios;
    cases.extend(combos);
    let changed = compare_outcomes(base_kb, new_kb, &cases)?;
    let _ = writeln!(
        out,
        "\n{} {} of {} cases changed ({scenario_count} scenarios, {} combinations of {flags} red-flag findings)",
        style.bold("Outcomes:"),
        changed.len(),
        cases.len(),
        cases.len() - scenario_count,
    );
    let width = changed.len().to_string().len();
    let indent = " ".repeat(width + 4);
    for (n, c) in changed.iter().enumerate() {
        let headline = match c.kind {
            Kind::UrgencyFell(by) => style.error(&format!(
                "urgency fell {by} level{}: {} → {}",
                crate::error::plural(by),
                c.base_level,
                c.new_level
            )),
            Kind::UrgencyRose(by) => style.warning(&format!(
                "urgency rose {by} level{}: {} → {}",
                crate::error::plural(by),
                c.base_level,
                c.new_level
            )),
            Kind::TopThree => "top three changed".to_string(),
        };
        let _ = writeln!(out, "  {:>width$}. {headline}", n + 1);
        if c.case.label.is_empty() {
            let _ = writeln!(out, "{indent}answers: {}", c.case.answers_text());
        } else {
            let _ = writeln!(out, "{indent}{}", c.case.label);
        }
        if c.base_top != c.new_top {
            let list = |top: &[String]| {
                if top.is_empty() {
                    "none".to_string()
                } else {
                    top.join(", ")
                }
            };
            let _ = writeln!(
                out,
                "{indent}top three: {} → {}",
                list(&c.base_top),
                list(&c.new_top)
            );
        }
    }
    let urgency_fell = changed
        .iter()
        .filter(|c| matches!(c.kind, Kind::UrgencyFell(_)))
        .count();
    Ok(Report {
        text: out,
        urgency_fell,
        outcomes_changed: changed.len(),
    })
}
