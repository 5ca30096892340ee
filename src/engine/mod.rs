//! The forward-chaining engine: three-valued conditions, stratified negation, refraction,
//! a deterministic firing order and a trace of every firing.

mod agenda;
mod wake;

/// The conditions the engine runs, which live below both the engine and the knowledge base
/// that compiles into them; named here as well, where they were first.
pub use crate::condition;

use crate::kb::{Action, KnowledgeBase, RuleId};
use agenda::Agenda;
use condition::{FactId, Lookup, Tri, Value};
use std::sync::Arc;
use wake::Wake;

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

/// The working memory of one assessment. Answers may be added one at a time: only the rules
/// that read a changed fact are looked at again, and only the concepts those rules derive are
/// settled again, which keeps an interview step cheap on a knowledge base of any size.
#[derive(Debug, Clone)]
pub struct Engine<'kb> {
    kb: &'kb KnowledgeBase,
    values: Vec<Value>,
    fired: Vec<bool>,
    trace: Vec<Firing>,
    /// The rules to look at again, in firing order within each stratum.
    agenda: Agenda,
    /// Which readers an answer can make true, if indexed (see wake.rs).
    wake: Option<Arc<Wake<'kb>>>,
    /// If indexed: per fact, the guarded rules whose guard held when last looked at, woken
    /// when the fact changes (see wake.rs); `armed` marks them, `arms` lists them in the order
    /// they were armed, so that `restore` can disarm those armed since.
    armed: Vec<Vec<RuleId>>,
    is_armed: Vec<bool>,
    arms: Vec<RuleId>,
    dirty: Vec<bool>,
    /// Per stratum, the unknown concepts that may need settling: those a rule looked at again
    /// could derive (each listed once, marked in `unsettled`).
    to_settle: Vec<Vec<FactId>>,
    unsettled: Vec<bool>,
    /// Scratch marks for `settle_concepts`, all false between calls.
    in_open: Vec<bool>,
    possible: Vec<bool>,
    /// Every fact whose value changed, in order (with repeats), so that `restore` can undo
    /// an assessment in proportion to what it changed.
    changed: Vec<FactId>,
    /// Scratch for the facts that made a rule fire, kept for its allocation.
    reasons: Vec<FactId>,
    /// Lists of facts of firings no longer needed (see `recycle`), to record new ones in.
    spare_facts: Vec<Vec<(FactId, Value)>>,
    max_firings: usize,
    /// For an interview, the findings that may still be asked (see `interviewing`); empty
    /// otherwise, when every unanswered finding is unknown for good.
    pending: Vec<bool>,
}

/// The engine's facts as conditions read them.
struct Facts<'a> {
    values: &'a [Value],
    pending: &'a [bool],
}

impl Lookup for Facts<'_> {
    fn get(&self, fact: FactId) -> Value {
        self.values[fact]
    }

    fn pending(&self, fact: FactId) -> bool {
        self.pending.get(fact).copied().unwrap_or(false)
    }
}

impl<'a> Facts<'a> {
    /// The same facts, reading the concepts of `open` that are not `possible` as absent.
    fn assuming_absent(self, open: &'a [bool], possible: &'a [bool]) -> AssumingAbsent<'a> {
        AssumingAbsent {
            facts: self,
            open,
            possible,
        }
    }
}

/// Facts with some unknown concepts read as absent (see `settle_concepts`).
struct AssumingAbsent<'a> {
    facts: Facts<'a>,
    open: &'a [bool],
    possible: &'a [bool],
}

impl Lookup for AssumingAbsent<'_> {
    fn get(&self, fact: FactId) -> Value {
        match self.facts.get(fact) {
            Value::Unknown if self.open[fact] && !self.possible[fact] => Value::Absent,
            value => value,
        }
    }

    fn pending(&self, fact: FactId) -> bool {
        self.facts.pending(fact)
    }
}

impl<'kb> Engine<'kb> {
    /// The default cap: with refraction each rule fires at most once, so reaching this means
    /// the cap was set lower than the rule count on purpose.
    pub const DEFAULT_MAX_FIRINGS: usize = 1_000_000;

    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        // Every rule is queued, and every concept (one no rule derives settles at once).
        let mut to_settle = vec![Vec::new(); kb.strata.len()];
        let mut unsettled = vec![false; kb.facts.len()];
        for (f, fact) in kb.facts.iter().enumerate() {
            if fact.is_concept() {
                to_settle[kb.fact_stratum[f]].push(f);
                unsettled[f] = true;
            }
        }
        Engine {
            kb,
            values: vec![Value::Unknown; kb.facts.len()],
            fired: vec![false; kb.rules.len()],
            trace: Vec::new(),
            agenda: Agenda::full(kb),
            wake: None,
            armed: Vec::new(),
            is_armed: Vec::new(),
            arms: Vec::new(),
            dirty: vec![true; kb.strata.len()],
            to_settle,
            unsettled,
            in_open: vec![false; kb.facts.len()],
            possible: vec![false; kb.facts.len()],
            changed: Vec::new(),
            reasons: Vec::new(),
            spare_facts: Vec::new(),
            max_firings: Self::DEFAULT_MAX_FIRINGS,
            pending: Vec::new(),
        }
    }

    /// An engine for an interview: every finding is pending until `settle` says it was asked,
    /// so a rule that tests `{x: unknown}` waits for x's question (and fires if the answer is
    /// "not sure") instead of firing before it is asked and staying fired. Call before `run`.
    pub fn interviewing(mut self) -> Self {
        self.pending = self.kb.facts.iter().map(|f| !f.is_concept()).collect();
        self
    }

    /// Whether `fact` is an unanswered finding that may still be asked.
    pub fn is_pending(&self, fact: FactId) -> bool {
        self.values[fact].is_unanswered() && self.facts().pending(fact)
    }

    /// The finding was asked: an answer "not sure" now makes `{fact: unknown}` true. Call
    /// `run` to bring the conclusions up to date.
    pub fn settle(&mut self, fact: FactId) {
        if self.pending.get(fact).copied().unwrap_or(false) {
            self.pending[fact] = false;
            if self.values[fact].is_unanswered() {
                self.kb.readers[fact].iter().for_each(|&r| self.enqueue(r));
            }
        }
    }

    /// The interview is over: every finding not answered is unknown for good, as `assess`
    /// reads it. Call `run` to bring the conclusions up to date.
    pub fn settle_all(&mut self) {
        for fact in 0..self.pending.len() {
            self.settle(fact);
        }
    }

    fn facts(&self) -> Facts<'_> {
        Facts {
            values: &self.values,
            pending: &self.pending,
        }
    }

    /// Takes the trace and puts the engine back in the state of `earlier`, a copy of this
    /// engine taken after a `run`, at a cost in proportion to what changed since (rather than
    /// to the size of the knowledge base, as a fresh copy would be).
    pub fn restore(&mut self, earlier: &Engine<'kb>) -> Vec<Firing> {
        let settled = self.agenda.is_empty()
            && !self.dirty.contains(&true)
            && self.to_settle.iter().all(Vec::is_empty);
        if !settled
            || self.trace.len() < earlier.trace.len()
            || self.arms.len() < earlier.arms.len()
        {
            let trace = std::mem::take(&mut self.trace);
            *self = earlier.clone();
            return trace;
        }
        for &fact in &self.changed {
            self.values[fact] = earlier.values[fact];
        }
        self.changed.clear();
        self.changed.extend_from_slice(&earlier.changed);
        for firing in &self.trace[earlier.trace.len()..] {
            self.fired[firing.rule] = false;
        }
        if let Some(wake) = &self.wake {
            // Each fact's list grew by its arms in order, so undoing them last first pops each.
            for &rule in self.arms[earlier.arms.len()..].iter().rev() {
                self.is_armed[rule] = false;
                for &fact in &wake
                    .guard(rule)
                    .expect("only guarded rules are armed")
                    .facts
                {
                    let popped = self.armed[fact].pop();
                    debug_assert_eq!(popped, Some(rule));
                }
            }
            self.arms.truncate(earlier.arms.len());
        }
        std::mem::replace(&mut self.trace, earlier.trace.clone())
    }

    /// Indexes which readers of a fact each answer can make true, so that an answer looks
    /// only at those (see wake.rs): the same outcome, for less work per answer. Worth its
    /// cost for an engine that takes many answers after its first run, as a batch's baseline.
    pub fn indexed(mut self) -> Self {
        let wake = Arc::new(Wake::new(self.kb));
        self.armed = vec![Vec::new(); self.kb.facts.len()];
        self.is_armed = vec![false; self.kb.rules.len()];
        // Rules already looked at were not armed: arm those whose guard holds now.
        for rule in 0..self.kb.rules.len() {
            self.arm(&wake, rule);
        }
        self.wake = Some(wake);
        self
    }

    /// Arms a guarded rule that has not fired if its guard holds: from now on a change of
    /// the facts its other parts read wakes it (see wake.rs).
    fn arm(&mut self, wake: &Wake<'kb>, rule: RuleId) {
        if self.fired[rule] || self.is_armed[rule] {
            return;
        }
        let Some(guard) = wake.guard(rule) else {
            return;
        };
        if guard.part.is(&self.facts(), Tri::True) {
            self.is_armed[rule] = true;
            self.arms.push(rule);
            for &fact in &guard.facts {
                self.armed[fact].push(rule);
            }
        }
    }

    /// Takes back a trace this engine gave (`restore`) and no longer needed, so that the next
    /// firings are recorded in its allocations rather than new ones.
    pub fn recycle(&mut self, mut trace: Vec<Firing>) {
        self.spare_facts
            .extend(trace.drain(..).map(|firing| firing.facts));
        if self.trace.is_empty() && self.trace.capacity() < trace.capacity() {
            self.trace = trace;
        }
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

    pub fn into_trace(self) -> Vec<Firing> {
        self.trace
    }

    /// Evaluates a condition against what is known now.
    pub fn eval(&self, condition: &condition::Condition) -> Tri {
        condition.eval(&self.facts())
    }

    /// Records an answer. Call `run` to bring the conclusions up to date.
    pub fn set(&mut self, fact: FactId, value: Value) {
        let old = self.values[fact];
        if old != value {
            self.values[fact] = value;
            self.changed.push(fact);
            self.notify(fact, old);
        }
    }

    fn enqueue(&mut self, rule: RuleId) {
        if self.fired[rule] {
            return;
        }
        let Some(stratum) = self.agenda.push(rule) else {
            return;
        };
        self.dirty[stratum] = true;
        // The concepts it derives may need settling again once it has been looked at.
        for action in &self.kb.rules[rule].then {
            if let Action::Derive(concept) = *action {
                let stratum = self.kb.fact_stratum[concept];
                self.dirty[stratum] = true;
                if !self.unsettled[concept] && self.values[concept] == Value::Unknown {
                    self.unsettled[concept] = true;
                    self.to_settle[stratum].push(concept);
                }
            }
        }
    }

    /// Queues the rules that read `fact`, which was `old` before the value it has now: from
    /// unknown, only those the new value can make true (see wake.rs).
    fn notify(&mut self, fact: FactId, old: Value) {
        let kb = self.kb;
        match &self.wake {
            Some(wake) if old == Value::Unknown => {
                Arc::clone(wake).readers(fact, self.values[fact], |r| self.enqueue(r));
                for i in 0..self.armed[fact].len() {
                    self.enqueue(self.armed[fact][i]);
                }
            }
            _ => kb.readers[fact].iter().for_each(|&r| self.enqueue(r)),
        }
    }

    /// Fires rules to a fixpoint, stratum by stratum.
    pub fn run(&mut self) -> Result<(), FiringCapReached> {
        let wake = self.wake.clone();
        for stratum in 0..self.kb.strata.len() {
            while self.dirty[stratum] {
                self.dirty[stratum] = false;
                while let Some(rule) = self.agenda.pop(stratum) {
                    if self.fired[rule] {
                        continue;
                    }
                    if self.kb.rules[rule].when.is(&self.facts(), Tri::True) {
                        self.fire(rule)?;
                    } else if let Some(wake) = &wake {
                        self.arm(wake, rule);
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
        let mut reasons = std::mem::take(&mut self.reasons);
        reasons.clear();
        when.reasons(&self.facts(), Tri::True, &mut reasons);
        let mut facts = self.spare_facts.pop().unwrap_or_default();
        facts.clear();
        facts.extend(reasons.iter().map(|&f| (f, self.values[f])));
        self.reasons = reasons;
        self.trace.push(Firing { rule, facts });
        for action in &self.kb.rules[rule].then {
            if let Action::Derive(concept) = *action {
                let old = self.values[concept];
                if old != Value::Present {
                    self.values[concept] = Value::Present;
                    self.changed.push(concept);
                    self.notify(concept, old);
                }
            }
        }
        Ok(())
    }

    /// Decides the concepts of a stratum that no rule derived: absent when no rule that could
    /// derive them can still become true, unknown otherwise. Concepts of one stratum may
    /// derive each other, so "could still become true" is a least fixpoint.
    ///
    /// Only the concepts whose deriving rules were looked at again are candidates, with the
    /// unknown concepts of the same stratum they read (a positive cycle is decided as a whole).
    /// Any other unknown concept keeps its reasons to stay unknown: nothing it depends on
    /// changed, or it would have been queued.
    fn settle_concepts(&mut self, stratum: usize) {
        let kb = self.kb;
        let mut open = std::mem::take(&mut self.to_settle[stratum]);
        for &concept in &open {
            self.unsettled[concept] = false;
        }
        open.retain(|&c| self.values[c] == Value::Unknown);
        for &concept in &open {
            self.in_open[concept] = true;
        }
        let mut i = 0;
        while i < open.len() {
            for &r in &kb.derivers[open[i]] {
                if self.fired[r] {
                    continue;
                }
                kb.rules[r].when.visit_facts(true, &mut |fact, _| {
                    if kb.facts[fact].is_concept()
                        && kb.fact_stratum[fact] == stratum
                        && self.values[fact] == Value::Unknown
                        && !self.in_open[fact]
                    {
                        self.in_open[fact] = true;
                        open.push(fact);
                    }
                });
            }
            i += 1;
        }
        if open.is_empty() {
            self.to_settle[stratum] = open;
            return;
        }
        // A worklist, not passes over every candidate until none changes (which is quadratic
        // in a chain met in the wrong order): a candidate is looked at again only when a
        // concept its derivers read has just become possible.
        let mut work: Vec<FactId> = open.iter().rev().copied().collect();
        while let Some(concept) = work.pop() {
            if self.possible[concept] {
                continue;
            }
            let lookup = Facts {
                values: &self.values,
                pending: &self.pending,
            }
            .assuming_absent(&self.in_open, &self.possible);
            if kb.derivers[concept]
                .iter()
                .any(|&r| !kb.rules[r].when.is(&lookup, Tri::False))
            {
                self.possible[concept] = true;
                for &reader in &kb.readers[concept] {
                    for action in &kb.rules[reader].then {
                        if let Action::Derive(derived) = *action
                            && self.in_open[derived]
                            && !self.possible[derived]
                        {
                            work.push(derived);
                        }
                    }
                }
            }
        }
        for &concept in &open {
            self.in_open[concept] = false;
            if std::mem::take(&mut self.possible[concept]) {
                continue;
            }
            self.values[concept] = Value::Absent;
            self.changed.push(concept);
            self.notify(concept, Value::Unknown);
        }
        open.clear();
        // Keep the buffer; settling may have queued more candidates meanwhile.
        let queued = std::mem::replace(&mut self.to_settle[stratum], open);
        for concept in queued {
            self.to_settle[stratum].push(concept);
        }
    }
}

#[cfg(test)]
mod tests;
