//! The proofs about what a report says, over every possible set of answers:
//!
//! - each text invariant: none of its texts is shown in any of its situations (a condition
//!   that holds, a cause listed, a level at or above one, a level below one);
//! - each finding a safety-net sign names: whenever a sign naming it is shown, the most urgent
//!   thing the net says for it is at least as urgent as what answering it yes would lead to
//!   (a net never says "see a doctor within a day" for a sign that would be an emergency).
//!
//! A text is shown as the JSON report shows it (every listed cause's texts, all the advice),
//! which holds more than the text a person reads: what is never in the JSON is never read.

use super::cnf::Circuit;
use super::encode::{Copy, Inputs, Plan, Rails};
use super::{
    Budget, Counterexample, answers_of, evidence_rules, internal, known_lits, run_engine, smallest,
    urgency_rules,
};
use crate::assess::Outcome;
use crate::engine::condition::{Condition, FactId, Tri, Value};
use crate::error::Error;
use crate::kb::text::{TextId, TextOwner};
use crate::kb::{CauseId, KnowledgeBase, LevelId, RuleId};
use std::collections::HashMap;
use varisat::Lit;

/// Every condition a text or a safety net reads.
fn text_conditions(kb: &KnowledgeBase) -> Vec<Condition> {
    let mut out: Vec<Condition> = Vec::new();
    for text in &kb.texts {
        out.extend(text.shown_when.iter().cloned());
        out.extend(text.hidden_when.iter().cloned());
    }
    for net in &kb.safety_nets {
        out.extend(net.shown_when.iter().cloned());
        out.extend(net.hidden_when.iter().cloned());
        for group in &net.groups {
            for sign in &group.signs {
                out.extend(sign.shown_when.iter().cloned());
                out.extend(sign.hidden_when.iter().cloned());
                out.extend(sign.findings.iter().map(|&fact| Condition::Is {
                    fact,
                    present: true,
                }));
            }
        }
    }
    out
}

/// Whether the level is exactly `level`, from the "at least" literals.
fn level_is(circuit: &mut Circuit, at_least: &[Lit], level: LevelId) -> Lit {
    match level.checked_sub(1) {
        Some(above) => circuit.and(&[at_least[level], !at_least[above]]),
        None => at_least[level],
    }
}

/// The literals of one copy of the knowledge base that texts need, made once each.
struct Report<'a, 'kb> {
    kb: &'kb KnowledgeBase,
    copy: &'a mut Copy<'kb>,
    at_least: Vec<Lit>,
    listed: HashMap<CauseId, Lit>,
}

impl Report<'_, '_> {
    fn listed(&mut self, circuit: &mut Circuit, cause: CauseId) -> Result<Lit, Error> {
        if let Some(&lit) = self.listed.get(&cause) {
            return Ok(lit);
        }
        let lit = self.copy.listed(circuit, cause).map_err(|why| {
            Error::Input(format!(
                "could not decide within verify's limits whether `{}` is listed: {why}",
                self.kb.causes[cause].id
            ))
        })?;
        self.listed.insert(cause, lit);
        Ok(lit)
    }

    /// Whether the text is shown.
    fn shown(&mut self, circuit: &mut Circuit, t: TextId) -> Result<Lit, Error> {
        let kb = self.kb;
        let text = &kb.texts[t];
        let mut parts = vec![match text.owner {
            TextOwner::Advice(rule) => self.copy.fired(circuit, rule),
            TextOwner::Cause(cause, _) => self.listed(circuit, cause)?,
            TextOwner::Level(level) => level_is(circuit, &self.at_least, level),
        }];
        if let Some(c) = &text.shown_when {
            parts.push(self.copy.condition(circuit, c).0);
        }
        if let Some(c) = &text.hidden_when {
            parts.push(!self.copy.condition(circuit, c).0);
        }
        if let Some(below) = text.shown_below {
            parts.push(!self.at_least[below]);
        }
        if let Some(above) = text.shown_at_or_above {
            parts.push(self.at_least[above]);
        }
        for &cause in &text.hidden_with_causes {
            parts.push(!self.listed(circuit, cause)?);
        }
        Ok(circuit.and(&parts))
    }
}

/// The rules whose advice is among `texts`.
fn advice_rules(kb: &KnowledgeBase, texts: &[TextId]) -> Vec<RuleId> {
    texts
        .iter()
        .filter_map(|&t| match kb.texts[t].owner {
            TextOwner::Advice(rule) => Some(rule),
            _ => None,
        })
        .collect()
}

/// Proves every text invariant; `None` where it holds, else the smallest answers that break it.
pub(super) fn text_invariants(
    kb: &KnowledgeBase,
    budget: &Budget,
    out: &mut Vec<Option<Counterexample>>,
) -> Result<(), Error> {
    if kb.text_invariants.is_empty() {
        return Ok(());
    }
    let mut circuit = Circuit::new();
    let mut conditions = text_conditions(kb);
    conditions.extend(kb.text_invariants.iter().filter_map(|i| i.when.clone()));
    let all_texts: Vec<TextId> = kb
        .text_invariants
        .iter()
        .flat_map(|i| i.texts.iter().copied())
        .collect();
    let mut roots = urgency_rules(kb);
    roots.extend(advice_rules(kb, &all_texts));
    let causes_needed = kb.text_invariants.iter().any(|i| {
        !i.with_causes.is_empty()
            || i.texts.iter().any(|&t| {
                matches!(kb.texts[t].owner, TextOwner::Cause(..))
                    || !kb.texts[t].hidden_with_causes.is_empty()
            })
    });
    if causes_needed {
        roots.extend(evidence_rules(kb));
    }
    let plan = Plan::new(kb, &conditions, roots);
    let inputs = Inputs::new(&mut circuit, kb, &plan, &conditions);
    let mut copy = Copy::new(&mut circuit, kb, &plan, inputs.rails.clone());
    let at_least = copy.urgency_at_least(&mut circuit);
    let known = known_lits(&mut circuit, &inputs.rails, &plan.read_findings);
    let mut report = Report {
        kb,
        copy: &mut copy,
        at_least,
        listed: HashMap::new(),
    };
    for invariant in &kb.text_invariants {
        let what = format!("whether `{}` holds", invariant.id);
        let mut situations = Vec::new();
        if let Some(when) = &invariant.when {
            situations.push(report.copy.condition(&mut circuit, when).0);
        }
        for &cause in &invariant.with_causes {
            situations.push(report.listed(&mut circuit, cause)?);
        }
        if let Some(level) = invariant.at_or_above {
            situations.push(report.at_least[level]);
        }
        if let Some(level) = invariant.below {
            situations.push(!report.at_least[level]);
        }
        let situation = circuit.or(&situations);
        let mut shown = Vec::new();
        for &t in &invariant.texts {
            shown.push((t, report.shown(&mut circuit, t)?));
        }
        let any_shown: Vec<Lit> = shown.iter().map(|&(_, lit)| lit).collect();
        let any_shown = circuit.or(&any_shown);
        let fail = circuit.and(&[situation, any_shown]);
        if smallest(&mut circuit, fail, &known, budget, &what)?.is_none() {
            out.push(None);
            continue;
        }
        let answers = answers_of(&circuit, &inputs.rails, &plan.read_findings);
        let (_, engine) = run_engine(kb, &answers)?;
        let outcome = Outcome::from_engine(kb, &engine);
        let text = invariant
            .texts
            .iter()
            .copied()
            .find(|&t| text_in(kb, &outcome, t));
        let situation_holds = invariant
            .when
            .as_ref()
            .is_some_and(|c| engine.eval(c) == Tri::True)
            || invariant
                .with_causes
                .iter()
                .any(|&c| outcome.rank_of(c).is_some())
            || invariant.at_or_above.is_some_and(|l| outcome.level <= l)
            || invariant.below.is_some_and(|l| outcome.level > l);
        let Some(text) = text.filter(|_| situation_holds) else {
            return Err(internal(format!(
                "the counterexample to `{}` does not replay:\n{}",
                invariant.id,
                answers.to_yaml(kb)
            )));
        };
        out.push(Some(Counterexample {
            text: Some(text),
            ..Counterexample::new(answers, outcome.level)
        }));
    }
    Ok(())
}

/// Whether the outcome holds the text, as the JSON report shows it.
pub fn text_in(kb: &KnowledgeBase, outcome: &Outcome, t: TextId) -> bool {
    match kb.texts[t].owner {
        TextOwner::Advice(_) => outcome.advice.iter().any(|a| a.text_id == t),
        TextOwner::Cause(cause, _) => outcome.rank_of(cause).is_some() && outcome.shows(kb, t),
        TextOwner::Level(level) => outcome.level == level && outcome.shows(kb, t),
    }
}

/// The findings the safety nets' signs name, in order.
pub fn net_findings(kb: &KnowledgeBase) -> Vec<FactId> {
    let mut out: Vec<FactId> = Vec::new();
    for net in &kb.safety_nets {
        for group in &net.groups {
            for sign in &group.signs {
                for &f in &sign.findings {
                    if !out.contains(&f) {
                        out.push(f);
                    }
                }
            }
        }
    }
    out
}

/// Proves that the safety net never says less for `fact` than answering it yes would mean:
/// whenever a sign naming it is shown, what the net says for it is at least as urgent as the
/// urgency with it answered yes (and every other answer as it is).
pub(super) fn safety_net_sign(
    kb: &KnowledgeBase,
    fact: FactId,
    budget: &Budget,
) -> Result<Option<Counterexample>, Error> {
    let mut circuit = Circuit::new();
    let conditions = text_conditions(kb);
    let plan = Plan::new(kb, &conditions, urgency_rules(kb));
    let inputs = Inputs::new(&mut circuit, kb, &plan, &conditions);
    let Some(Rails::Presence { yes: fact_yes, .. }) = inputs.rails[fact].clone() else {
        return Ok(None);
    };
    let mut present = inputs.rails.clone();
    present[fact] = Some(Rails::Presence {
        yes: circuit.constant(true),
        no: circuit.constant(false),
        unsure: circuit.constant(false),
    });
    let mut base = Copy::new(&mut circuit, kb, &plan, inputs.rails.clone());
    let before = base.urgency_at_least(&mut circuit);
    let after = Copy::new(&mut circuit, kb, &plan, present).urgency_at_least(&mut circuit);
    // Nets are shown only below an emergency.
    let emergencies: Vec<Lit> = (0..kb.levels.len())
        .filter(|&l| kb.levels[l].emergency)
        .map(|l| level_is(&mut circuit, &before, l))
        .collect();
    let calm = !circuit.or(&emergencies);
    let mut told: Vec<Vec<Lit>> = vec![Vec::new(); kb.levels.len()];
    let mut named = Vec::new();
    for net in &kb.safety_nets {
        let mut applies = vec![calm];
        if let Some(c) = &net.shown_when {
            applies.push(base.condition(&mut circuit, c).0);
        }
        if let Some(c) = &net.hidden_when {
            applies.push(!base.condition(&mut circuit, c).0);
        }
        for group in &net.groups {
            for sign in group.signs.iter().filter(|s| s.findings.contains(&fact)) {
                let mut shown = applies.clone();
                // More urgent than the report's own level.
                shown.push(!before[group.level]);
                if let Some(c) = &sign.shown_when {
                    shown.push(base.condition(&mut circuit, c).0);
                }
                if let Some(c) = &sign.hidden_when {
                    shown.push(!base.condition(&mut circuit, c).0);
                }
                for &f in &sign.findings {
                    if let Some(Rails::Presence { yes, .. }) = base.rails(f) {
                        shown.push(!*yes);
                    }
                }
                let shown = circuit.and(&shown);
                named.push(shown);
                for told_at in told.iter_mut().skip(group.level) {
                    told_at.push(shown);
                }
            }
        }
    }
    let named = circuit.or(&named);
    let understated: Vec<Lit> = (0..kb.levels.len())
        .map(|l| {
            let told_l = circuit.or(&told[l]);
            circuit.and(&[after[l], !told_l])
        })
        .collect();
    let understated = circuit.or(&understated);
    let fail = circuit.and(&[named, understated, !fact_yes]);
    let others: Vec<FactId> = plan.read_findings.clone();
    let known = known_lits(&mut circuit, &inputs.rails, &others);
    let what = format!(
        "whether the safety net's signs for `{}` hold",
        kb.facts[fact].id
    );
    if smallest(&mut circuit, fail, &known, budget, &what)?.is_none() {
        return Ok(None);
    }
    let answers = answers_of(&circuit, &inputs.rails, &others);
    let (_, engine) = run_engine(kb, &answers)?;
    let outcome = Outcome::from_engine(kb, &engine);
    let told = outcome
        .safety_net
        .iter()
        .filter(|at| {
            kb.safety_nets[at.net].groups[at.group].signs[at.sign]
                .findings
                .contains(&fact)
        })
        .map(|at| kb.safety_nets[at.net].groups[at.group].level)
        .min();
    let mut with_fact = answers.clone();
    with_fact.values.insert(fact, Value::Present);
    let level_with_flag = run_engine(kb, &with_fact)?.0.level;
    match told {
        Some(told) if level_with_flag < told => Ok(Some(Counterexample {
            level_with_flag: Some(level_with_flag),
            ..Counterexample::new(answers, told)
        })),
        _ => Err(internal(format!(
            "the counterexample to the safety net's signs for `{}` does not replay:\n{}",
            kb.facts[fact].id,
            answers.to_yaml(kb)
        ))),
    }
}
