//! The forward-chaining engine: three-valued conditions, stratified negation, refraction,
//! a deterministic firing order and a trace of every firing.

pub mod condition;

use crate::kb::{Action, KnowledgeBase, RuleId};
use condition::{FactId, Tri, Value};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One rule firing: which rule, and the facts (with their values) that made it true.
#[derive(Debug, Clone, PartialEq)]
pub struct Firing {
    pub rule: RuleId,
    pub facts: Vec<(FactId, Value)>,
}

/// The engine stopped because it fired more rules than allowed; `trace` is what fired so far.
#[derive(Debug, Clone, PartialEq)]
pub struct FiringCapReached {
    pub cap: usize,
    pub trace: Vec<Firing>,
}

/// Firing order within a stratum: higher salience first, then definition order.
type Priority = Reverse<(i64, RuleId)>;

/// The working memory of one assessment. Answers may be added one at a time: only the rules
/// that read a changed fact are looked at again, which keeps an interview step cheap.
#[derive(Debug, Clone)]
pub struct Engine<'kb> {
    kb: &'kb KnowledgeBase,
    values: Vec<Value>,
    fired: Vec<bool>,
    trace: Vec<Firing>,
    queued: Vec<bool>,
    queues: Vec<BinaryHeap<Priority>>,
    dirty: Vec<bool>,
    max_firings: usize,
}

impl<'kb> Engine<'kb> {
    /// The default cap: with refraction each rule fires at most once, so reaching this means
    /// the cap was set lower than the rule count on purpose.
    pub const DEFAULT_MAX_FIRINGS: usize = 1_000_000;

    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        let mut engine = Engine {
            kb,
            values: vec![Value::Unknown; kb.facts.len()],
            fired: vec![false; kb.rules.len()],
            trace: Vec::new(),
            queued: vec![false; kb.rules.len()],
            queues: vec![BinaryHeap::new(); kb.strata.len()],
            dirty: vec![true; kb.strata.len()],
            max_firings: Self::DEFAULT_MAX_FIRINGS,
        };
        for r in 0..kb.rules.len() {
            engine.enqueue(r);
        }
        engine
    }

    pub fn with_max_firings(mut self, cap: usize) -> Self {
        self.max_firings = cap;
        self
    }

    pub fn kb(&self) -> &'kb KnowledgeBase {
        self.kb
    }

    pub fn value(&self, fact: FactId) -> Value {
        self.values[fact]
    }

    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn has_fired(&self, rule: RuleId) -> bool {
        self.fired[rule]
    }

    pub fn trace(&self) -> &[Firing] {
        &self.trace
    }

    /// Evaluates a condition against what is known now.
    pub fn eval(&self, condition: &condition::Condition) -> Tri {
        condition.eval(&|f| self.values[f])
    }

    /// Records an answer. Call `run` to bring the conclusions up to date.
    pub fn set(&mut self, fact: FactId, value: Value) {
        if self.values[fact] != value {
            self.values[fact] = value;
            self.notify(fact);
        }
    }

    fn enqueue(&mut self, rule: RuleId) {
        if self.queued[rule] || self.fired[rule] {
            return;
        }
        self.queued[rule] = true;
        let stratum = self.kb.rule_stratum[rule];
        self.queues[stratum].push(Reverse((-i64::from(self.kb.rules[rule].salience), rule)));
        self.dirty[stratum] = true;
        // The concepts it derives may need settling again once it has been looked at.
        for action in &self.kb.rules[rule].then {
            if let Action::Derive(concept) = action {
                self.dirty[self.kb.fact_stratum[*concept]] = true;
            }
        }
    }

    fn notify(&mut self, fact: FactId) {
        for i in 0..self.kb.readers[fact].len() {
            self.enqueue(self.kb.readers[fact][i]);
        }
    }

    /// Fires rules to a fixpoint, stratum by stratum.
    pub fn run(&mut self) -> Result<(), FiringCapReached> {
        for stratum in 0..self.kb.strata.len() {
            while self.dirty[stratum] {
                self.dirty[stratum] = false;
                while let Some(Reverse((_, rule))) = self.queues[stratum].pop() {
                    self.queued[rule] = false;
                    if !self.fired[rule] && self.eval(&self.kb.rules[rule].when) == Tri::True {
                        self.fire(rule)?;
                    }
                }
                self.settle_concepts(stratum);
            }
        }
        Ok(())
    }

    fn fire(&mut self, rule: RuleId) -> Result<(), FiringCapReached> {
        if self.trace.len() >= self.max_firings {
            return Err(FiringCapReached {
                cap: self.max_firings,
                trace: self.trace.clone(),
            });
        }
        self.fired[rule] = true;
        let when = &self.kb.rules[rule].when;
        let mut facts = Vec::new();
        when.reasons(&|f| self.values[f], Tri::True, &mut facts);
        let facts = facts.into_iter().map(|f| (f, self.values[f])).collect();
        self.trace.push(Firing { rule, facts });
        for action in &self.kb.rules[rule].then {
            if let Action::Derive(concept) = *action
                && self.values[concept] != Value::Present
            {
                self.values[concept] = Value::Present;
                self.notify(concept);
            }
        }
        Ok(())
    }

    /// Decides the concepts of a stratum that no rule derived: absent when no rule that could
    /// derive them can still become true, unknown otherwise. Concepts of one stratum may
    /// derive each other, so "could still become true" is a least fixpoint.
    fn settle_concepts(&mut self, stratum: usize) {
        let open: Vec<FactId> = (0..self.kb.facts.len())
            .filter(|&f| {
                self.kb.facts[f].is_concept()
                    && self.kb.fact_stratum[f] == stratum
                    && self.values[f] == Value::Unknown
            })
            .collect();
        if open.is_empty() {
            return;
        }
        let mut possible = vec![false; self.kb.facts.len()];
        loop {
            let mut changed = false;
            for &concept in &open {
                if possible[concept] {
                    continue;
                }
                let lookup = |f: FactId| match self.values[f] {
                    Value::Unknown if open.contains(&f) && !possible[f] => Value::Absent,
                    value => value,
                };
                if self.kb.derivers[concept]
                    .iter()
                    .any(|&r| self.kb.rules[r].when.eval(&lookup) != Tri::False)
                {
                    possible[concept] = true;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for concept in open {
            if !possible[concept] {
                self.values[concept] = Value::Absent;
                self.notify(concept);
            }
        }
    }
}

#[cfg(test)]
mod tests;
