//! "Not sure" is not "no": the rules a knowledge base gets for the red flags a person could not
//! rule out (its `not_sure:` setting).
//!
//! For every red-flag finding that some emergency rule reads (directly or through concepts),
//! one companion rule raises "not sure" of it to the floor (the most urgent level that is not an
//! emergency: a doctor who asks and examines) wherever answering it yes would give an emergency
//! with the other answers as they are. Written by hand, these rules would repeat the partners of
//! every emergency rule and fall behind each edit of one; generated, they cannot, and `triage
//! verify` proves the property they are for. A written rule that raises "not sure" of the
//! finding to the floor or above on that answer alone makes a companion needless, and where a
//! written one fires beside a companion, the report gives the written reason only (see
//! `assess`), so that a person is not told the same thing twice.

use super::{Action, Fact, FactKind, Rule};
use crate::condition::{Condition, FactId};
use crate::diagnostic::Span;

/// The knowledge base's `not_sure:` setting.
pub struct Setting {
    /// What the person is told.
    pub reason: String,
    /// Cited beside the sources of the emergency rules a companion stands in for.
    pub sources: Vec<String>,
    pub span: Option<Span>,
}

/// The id of the rule generated for "not sure" of this finding.
pub fn companion_id(finding: &str) -> String {
    format!("rf_not_sure_{finding}")
}

/// The companion rules for `rules` (which they do not change), most dangerous flag first in
/// the order the findings are defined. `levels_emergency[l]` says whether level `l` is an
/// emergency; the floor is the first level that is not.
pub fn companions(
    setting: &Setting,
    facts: &[Fact],
    rules: &[Rule],
    levels_emergency: &[bool],
) -> Vec<Rule> {
    let Some(floor) = levels_emergency.iter().position(|&e| !e) else {
        return Vec::new();
    };
    if floor == 0 {
        return Vec::new();
    }
    let mut derivers: Vec<Vec<usize>> = vec![Vec::new(); facts.len()];
    for (r, rule) in rules.iter().enumerate() {
        for action in &rule.then {
            if let Action::Derive(concept) = action {
                derivers[*concept].push(r);
            }
        }
    }
    let urgency = |rule: &Rule| {
        rule.then.iter().find_map(|a| match a {
            Action::Urgency { level, .. } => Some(*level),
            _ => None,
        })
    };
    let mut out = Vec::new();
    for (flag, fact) in facts.iter().enumerate() {
        if !fact.red_flag || fact.kind != FactKind::YesNo {
            continue;
        }
        let inliner = Inliner {
            flag,
            derivers: &derivers,
            rules,
            depends: depends_on(flag, facts, rules, &derivers),
        };
        // Each emergency rule as it would read with the flag answered yes.
        let mut stands_for = Vec::new();
        let mut would = Vec::new();
        for rule in rules {
            if urgency(rule).is_none_or(|level| level >= floor) || !inliner.reads(&rule.when) {
                continue;
            }
            let hypothetical = simplify(inliner.inline(&rule.when, &mut Vec::new()));
            if hypothetical != FALSE {
                would.push(hypothetical);
                stands_for.push(rule);
            }
        }
        if would.is_empty() {
            continue;
        }
        // A written rule that reaches the floor on "not sure" of the flag alone.
        if rules.iter().any(|r| {
            urgency(r).is_some_and(|level| level <= floor) && follows_from_not_sure(&r.when, flag)
        }) {
            continue;
        }
        let when = vec![Condition::NotSure { fact: flag }, Condition::Any(would)];
        let mut sources: Vec<super::Str> = setting.sources.iter().map(Into::into).collect();
        for rule in &stands_for {
            for source in &rule.sources {
                if !sources.contains(source) {
                    sources.push(source.clone());
                }
            }
        }
        let names: Vec<&str> = stands_for.iter().map(|r| r.id.as_str()).collect();
        out.push(Rule {
            id: companion_id(&fact.id).into(),
            description: format!(
                "Generated from the knowledge base's `not_sure:` setting: `{}` answered \"not sure\" \
                 where answering it yes would give an emergency through {}.",
                fact.id,
                names.join(", ")
            )
            .into(),
            salience: 80,
            when: Condition::All(when),
            then: vec![Action::Urgency {
                level: floor,
                reason: setting.reason.as_str().into(),
            }],
            sources,
            span: fact.span,
            not_sure_of: Some(flag),
        });
    }
    out
}

const TRUE: Condition = Condition::All(Vec::new());
const FALSE: Condition = Condition::Any(Vec::new());

/// For each fact, whether its value can depend on `flag`: the flag itself and every concept
/// derived (at any depth) from a condition that reads it.
fn depends_on(flag: FactId, facts: &[Fact], rules: &[Rule], derivers: &[Vec<usize>]) -> Vec<bool> {
    let mut depends = vec![false; facts.len()];
    depends[flag] = true;
    loop {
        let mut changed = false;
        for (concept, by) in derivers.iter().enumerate() {
            if depends[concept] {
                continue;
            }
            let reads = by.iter().any(|&r| {
                let mut found = false;
                rules[r]
                    .when
                    .visit_facts(true, &mut |f, _| found |= depends[f]);
                found
            });
            if reads {
                depends[concept] = true;
                changed = true;
            }
        }
        if !changed {
            return depends;
        }
    }
}

/// Whether a condition reads "not sure" of `flag` where it can raise the rule (not under a
/// negation).
pub fn reads_not_sure(condition: &Condition, flag: FactId) -> bool {
    match condition {
        Condition::NotSure { fact } => *fact == flag,
        Condition::All(parts) | Condition::Any(parts) | Condition::AtLeast { of: parts, .. } => {
            parts.iter().any(|p| reads_not_sure(p, flag))
        }
        _ => false,
    }
}

/// Whether "not sure" of `flag` makes the condition true whatever the other answers.
fn follows_from_not_sure(condition: &Condition, flag: FactId) -> bool {
    match condition {
        Condition::NotSure { fact } => *fact == flag,
        Condition::All(parts) => parts.iter().all(|p| follows_from_not_sure(p, flag)),
        Condition::Any(parts) => parts.iter().any(|p| follows_from_not_sure(p, flag)),
        _ => false,
    }
}

/// Rewrites a condition as it would read with `flag` answered yes and every other answer as
/// it is: the flag's own tests become constants and each concept that depends on it is
/// replaced by the conditions of the rules that derive it, rewritten the same way.
struct Inliner<'a> {
    flag: FactId,
    derivers: &'a [Vec<usize>],
    rules: &'a [Rule],
    depends: Vec<bool>,
}

impl Inliner<'_> {
    fn reads(&self, condition: &Condition) -> bool {
        let mut found = false;
        condition.visit_facts(true, &mut |f, _| found |= self.depends[f]);
        found
    }

    fn inline(&self, condition: &Condition, open: &mut Vec<FactId>) -> Condition {
        match condition {
            Condition::Is { fact, present } if *fact == self.flag => {
                if *present {
                    TRUE
                } else {
                    FALSE
                }
            }
            Condition::Unanswered { fact } | Condition::NotSure { fact } if *fact == self.flag => {
                FALSE
            }
            // A concept on a cycle through itself is read as it is: the companion then covers
            // less, which `triage verify` reports if it matters.
            Condition::Is { fact, present } if self.depends[*fact] && !open.contains(fact) => {
                open.push(*fact);
                let derived = Condition::Any(
                    self.derivers[*fact]
                        .iter()
                        .map(|&r| self.inline(&self.rules[r].when, open))
                        .collect(),
                );
                open.pop();
                if *present {
                    derived
                } else {
                    Condition::Not(Box::new(derived))
                }
            }
            Condition::All(parts) => {
                Condition::All(parts.iter().map(|p| self.inline(p, open)).collect())
            }
            Condition::Any(parts) => {
                Condition::Any(parts.iter().map(|p| self.inline(p, open)).collect())
            }
            Condition::AtLeast { count, of } => Condition::AtLeast {
                count: *count,
                of: of.iter().map(|p| self.inline(p, open)).collect(),
            },
            Condition::Not(inner) => Condition::Not(Box::new(self.inline(inner, open))),
            other => other.clone(),
        }
    }
}

/// Folds the constants `inline` leaves: an `all` with a false part is false, its true parts
/// go, and the same for `any`; a single part stands for itself.
fn simplify(condition: Condition) -> Condition {
    match condition {
        Condition::All(parts) => {
            let mut kept = Vec::new();
            for part in parts.into_iter().map(simplify) {
                if part == FALSE {
                    return FALSE;
                }
                if part != TRUE {
                    kept.push(part);
                }
            }
            if kept.len() == 1 {
                kept.pop().unwrap_or(TRUE)
            } else {
                Condition::All(kept)
            }
        }
        Condition::Any(parts) => {
            let mut kept = Vec::new();
            for part in parts.into_iter().map(simplify) {
                if part == TRUE {
                    return TRUE;
                }
                if part != FALSE {
                    kept.push(part);
                }
            }
            if kept.len() == 1 {
                kept.pop().unwrap_or(FALSE)
            } else {
                Condition::Any(kept)
            }
        }
        Condition::Not(inner) => match simplify(*inner) {
            inner if inner == TRUE => FALSE,
            inner if inner == FALSE => TRUE,
            inner => Condition::Not(Box::new(inner)),
        },
        Condition::AtLeast { count, of } => {
            let of: Vec<Condition> = of.into_iter().map(simplify).collect();
            let yes = of.iter().filter(|p| **p == TRUE).count();
            let rest: Vec<Condition> = of
                .into_iter()
                .filter(|p| *p != TRUE && *p != FALSE)
                .collect();
            if yes >= count {
                TRUE
            } else if count - yes > rest.len() {
                FALSE
            } else {
                Condition::AtLeast {
                    count: count - yes,
                    of: rest,
                }
            }
        }
        other => other,
    }
}

#[cfg(all(test, embedded_rules))]
mod generated {
    use crate::answers::Answers;
    use crate::assess::assess;
    use crate::condition::Value;
    use crate::diagnostic::SourceFile;
    use crate::kb::{KnowledgeBase, load_files};

    const HEAD: &str = "
metadata: {name: t, version: 0.1.0, status: draft, last_reviewed: 2026-11-26}
default_level: self_care
levels:
  - {id: ambulance, label: A, action: Call., emergency: true}
  - {id: emergency, label: E, action: Go now., emergency: true}
  - {id: urgent, label: U, action: Today.}
  - {id: self_care, label: S, action: Rest.}
findings:
  - {id: a, question: A?}
  - {id: b, question: B?, red_flag: true}
  - {id: c, question: C?, red_flag: true}
  - {id: d, question: D?, red_flag: true}
  - {id: e, question: E?, red_flag: true}
concepts:
  - {id: k, description: K.}
not_sure: {reason: 'Not sure: {signs}.'}
rules:
  - {id: cx_k, when: {any: [b, {all: [a, d]}]}, then: [{derive: k}]}
  - {id: rf_k, when: {all: [k, a]}, then: [{urgency: ambulance, reason: K.}]}
  - {id: rf_c, when: {all: [c, {b: absent}]}, then: [{urgency: emergency, reason: C.}]}
  - {id: rf_e, when: e, then: [{urgency: emergency, reason: E.}]}
  - {id: rf_unsure_d, when: {d: not_sure}, then: [{urgency: urgent, reason: D?}]}
  - {id: rf_unsure_b, when: {all: [{b: not_sure}, a]}, then: [{urgency: urgent, reason: B?}]}
";

    fn kb() -> KnowledgeBase {
        let files = vec![SourceFile {
            name: "kb.yaml".into(),
            text: HEAD.into(),
        }];
        load_files(files).map(|l| l.kb).unwrap()
    }

    fn level(kb: &KnowledgeBase, answers: &[(&str, Value)]) -> String {
        let mut given = Answers::default();
        for (id, value) in answers {
            given.values.insert(kb.fact(id).unwrap(), *value);
        }
        let outcome = assess(kb, &given).unwrap();
        kb.levels[outcome.level].id.to_string()
    }

    #[test]
    fn a_companion_stands_for_every_emergency_a_yes_would_give() {
        use Value::{Absent, Present, Unsure};
        let kb = kb();
        let ids: Vec<&str> = kb
            .rules
            .iter()
            .filter(|r| r.not_sure_of.is_some())
            .map(|r| r.id.as_str())
            .collect();
        // d's own rule fires on "not sure" alone, so d gets none; a is no red flag.
        assert_eq!(ids, ["rf_not_sure_b", "rf_not_sure_c", "rf_not_sure_e"]);
        // Through the concept: b would derive k, and with a the ambulance.
        assert_eq!(level(&kb, &[("b", Unsure), ("a", Present)]), "urgent");
        assert_eq!(level(&kb, &[("b", Unsure), ("a", Absent)]), "self_care");
        // A yes to c gives an emergency only while b is not present.
        assert_eq!(level(&kb, &[("c", Unsure), ("b", Absent)]), "urgent");
        // With b not answered a yes gives nothing either, so neither does "not sure".
        assert_eq!(level(&kb, &[("c", Present)]), "self_care");
        assert_eq!(level(&kb, &[("c", Unsure)]), "self_care");
        assert_eq!(level(&kb, &[("c", Unsure), ("b", Present)]), "self_care");
    }

    #[test]
    fn its_reason_is_given_once_and_not_beside_a_written_one() {
        use Value::{Absent, Present, Unsure};
        let kb = kb();
        let reasons = |answers: &[(&str, Value)]| {
            let mut given = Answers::default();
            for (id, value) in answers {
                given.values.insert(kb.fact(id).unwrap(), *value);
            }
            let outcome = assess(&kb, &given).unwrap();
            outcome
                .reasons
                .iter()
                .map(|r| r.text.clone())
                .collect::<Vec<_>>()
        };
        // b: the written rule speaks, the companion (which fired too) does not.
        assert_eq!(reasons(&[("b", Unsure), ("a", Present)]), ["B?"]);
        // c and e both "not sure", neither with a written rule: one reason naming both.
        assert_eq!(
            reasons(&[("c", Unsure), ("e", Unsure), ("b", Absent)]),
            ["Not sure: C?; E?."]
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is(fact: FactId) -> Condition {
        Condition::Is {
            fact,
            present: true,
        }
    }

    #[test]
    fn simplify_folds_constants() {
        assert_eq!(simplify(Condition::All(vec![TRUE, is(1)])), is(1));
        assert_eq!(simplify(Condition::All(vec![FALSE, is(1)])), FALSE);
        assert_eq!(simplify(Condition::Any(vec![FALSE, is(1)])), is(1));
        assert_eq!(simplify(Condition::Any(vec![TRUE, is(1)])), TRUE);
        assert_eq!(simplify(Condition::Not(Box::new(FALSE))), TRUE);
        assert_eq!(
            simplify(Condition::AtLeast {
                count: 2,
                of: vec![TRUE, is(1), FALSE]
            }),
            Condition::AtLeast {
                count: 1,
                of: vec![is(1)]
            }
        );
        assert_eq!(
            simplify(Condition::AtLeast {
                count: 2,
                of: vec![FALSE, is(1)]
            }),
            FALSE
        );
    }
}
