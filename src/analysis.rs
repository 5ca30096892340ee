//! What a condition can and cannot do over every possible set of answers: can it ever be
//! true, and does one condition being true force another to be true.
//!
//! The lints need this ("this rule can never fire", "this rule is subsumed by that one"). The
//! conditions are small, so an exact search over the answers to the findings they read is
//! affordable: facts are assigned one at a time and the condition is evaluated in Kleene logic
//! after each step, with the facts not yet assigned unknown. Kleene logic is monotone (an
//! answer never turns a true condition false or a false one true), so a definite result of a
//! partial assignment holds for every way of completing it, which prunes the search hard.
//!
//! Concepts are expanded into the conditions of the rules that derive them (a concept is true
//! exactly when one of its deriving rules fires), so a rule that needs `radicular_pattern` and
//! the absence of the very finding that pattern needs is seen to be impossible. When an
//! expansion grows too large, concepts are left as free variables instead, and when a search
//! runs over its budget the answer is "can't tell": both only ever make a lint stay quiet,
//! never raise a false alarm.

use crate::engine::condition::{Condition, FactId, Lookup, Tri, Value};
use crate::kb::{FactKind, KnowledgeBase};
use std::collections::HashMap;

/// The answer to a question about every possible set of answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Yes,
    No,
    /// The search ran over its budget.
    CantTell,
}

/// Expanded conditions bigger than this (in nodes) keep their concepts as free variables.
const MAX_EXPANDED_NODES: usize = 5_000;
/// Expanded concepts kept, in nodes, all told: past this, concepts stay free variables (a
/// chain of thousands of concepts would otherwise keep a copy of the chain below each link).
const MAX_KEPT_NODES: usize = 1_000_000;
/// Evaluations one question may cost before the answer is "can't tell".
const BUDGET: usize = 50_000;

/// How deep, and how many concepts, an expansion may go through a cycle of concepts.
const MAX_CYCLE_DEPTH: usize = 64;
const MAX_CYCLE_WORK: usize = 10_000;

/// The concepts being expanded through a cycle, and how many were.
struct Cycle {
    stack: Vec<FactId>,
    work: usize,
}

pub struct Analyzer<'kb> {
    kb: &'kb KnowledgeBase,
    /// Each concept as the disjunction of its derivers' (expanded) conditions.
    concepts: HashMap<FactId, Option<Condition>>,
    /// Every fact's value during a search, all unknown between searches: one for all of them,
    /// as a lint asks thousands of small questions of a knowledge base with thousands of facts.
    values: std::cell::RefCell<Vec<Value>>,
}

impl<'kb> Analyzer<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        let mut analyzer = Analyzer {
            kb,
            concepts: HashMap::new(),
            values: std::cell::RefCell::new(vec![Value::Unknown; kb.facts.len()]),
        };
        // Each concept once, after the concepts it reads: expanding one is then a lookup of
        // theirs, whatever the depth of the chain (no recursion through a chain, no work done
        // twice). Only concepts on a cycle are expanded through the others of their cycle.
        let mut kept = 0;
        for concept in dependency_order(kb) {
            let mut cycle = Cycle {
                stack: vec![concept],
                work: 0,
            };
            let expanded = analyzer
                .expand_concept(concept, &mut cycle)
                .filter(|expanded| {
                    kept += size(expanded);
                    kept <= MAX_KEPT_NODES
                });
            analyzer.concepts.insert(concept, expanded);
        }
        analyzer
    }

    /// The concept as a condition over findings: true when one of its derivers fires.
    fn expand_concept(&self, concept: FactId, cycle: &mut Cycle) -> Option<Condition> {
        let parts: Option<Vec<Condition>> = self.kb.derivers[concept]
            .iter()
            .map(|&r| self.expand_with(&self.kb.rules[r].when, cycle))
            .collect();
        let expanded = Condition::Any(parts?);
        (size(&expanded) <= MAX_EXPANDED_NODES).then_some(expanded)
    }

    fn expand_with(&self, condition: &Condition, cycle: &mut Cycle) -> Option<Condition> {
        let expanded = match condition {
            Condition::Is { fact, present } if self.kb.facts[*fact].is_concept() => {
                let inner = self.expand_read(*fact, cycle)?;
                if *present {
                    inner
                } else {
                    Condition::Not(Box::new(inner))
                }
            }
            Condition::All(parts) => Condition::All(self.expand_all(parts, cycle)?),
            Condition::Any(parts) => Condition::Any(self.expand_all(parts, cycle)?),
            Condition::Not(inner) => Condition::Not(Box::new(self.expand_with(inner, cycle)?)),
            Condition::AtLeast { count, of } => Condition::AtLeast {
                count: *count,
                of: self.expand_all(of, cycle)?,
            },
            leaf => leaf.clone(),
        };
        (size(&expanded) <= MAX_EXPANDED_NODES).then_some(expanded)
    }

    /// A concept read inside an expansion. Met again inside its own expansion it counts as
    /// false there (the least fixpoint, as the engine computes it); one not expanded yet is on
    /// a cycle with the one being expanded, and is expanded in place, within bounds (past
    /// them it stays a free variable, which can only make a lint stay quiet).
    fn expand_read(&self, concept: FactId, cycle: &mut Cycle) -> Option<Condition> {
        if cycle.stack.contains(&concept) {
            return Some(Condition::Any(Vec::new()));
        }
        if let Some(done) = self.concepts.get(&concept) {
            return done.clone();
        }
        cycle.work += 1;
        if cycle.stack.len() >= MAX_CYCLE_DEPTH || cycle.work > MAX_CYCLE_WORK {
            return None;
        }
        cycle.stack.push(concept);
        let expanded = self.expand_concept(concept, cycle);
        cycle.stack.pop();
        expanded
    }

    fn expand_all(&self, parts: &[Condition], cycle: &mut Cycle) -> Option<Vec<Condition>> {
        parts.iter().map(|p| self.expand_with(p, cycle)).collect()
    }

    /// The condition over findings only, or as written when expanding would be too large.
    pub fn expand(&self, condition: &Condition) -> Condition {
        let mut cycle = Cycle {
            stack: Vec::new(),
            work: 0,
        };
        self.expand_with(condition, &mut cycle)
            .unwrap_or_else(|| condition.clone())
    }

    /// Can some set of answers make the condition true?
    pub fn can_be_true(&self, condition: &Condition) -> Verdict {
        let condition = self.expand(condition);
        let mut values = self.values.borrow_mut();
        let mut search = Search::new(self.kb, &[&condition], &mut values);
        match search.find(&condition, None, 0) {
            Some(true) => Verdict::Yes,
            Some(false) => Verdict::No,
            None => Verdict::CantTell,
        }
    }

    /// Whenever `a` is true, is `b` true too (with any answers, some of them unknown)?
    pub fn implies(&self, a: &Condition, b: &Condition) -> Verdict {
        let (a, b) = (self.expand(a), self.expand(b));
        let mut values = self.values.borrow_mut();
        let mut search = Search::new(self.kb, &[&a, &b], &mut values);
        // A counterexample: answers that make `a` true and leave `b` false or unknown.
        match search.find(&a, Some(&b), 0) {
            Some(true) => Verdict::No,
            Some(false) => Verdict::Yes,
            None => Verdict::CantTell,
        }
    }
}

/// Every concept, each after the concepts its derivers read (but on a cycle): a depth-first
/// search, kept on a stack of its own so that a chain of any length fits.
fn dependency_order(kb: &KnowledgeBase) -> Vec<FactId> {
    const NEW: u8 = 0;
    const OPEN: u8 = 1;
    const DONE: u8 = 2;
    let reads = |concept: FactId| {
        let mut read = Vec::new();
        for &rule in &kb.derivers[concept] {
            concepts_read(kb, &kb.rules[rule].when, &mut read);
        }
        read
    };
    let mut state = vec![NEW; kb.facts.len()];
    let mut order = Vec::new();
    for (root, fact) in kb.facts.iter().enumerate() {
        if !fact.is_concept() || state[root] != NEW {
            continue;
        }
        state[root] = OPEN;
        let mut stack = vec![(root, reads(root))];
        while let Some((concept, next)) = stack.last_mut() {
            match next.pop() {
                Some(read) if state[read] == NEW => {
                    state[read] = OPEN;
                    stack.push((read, reads(read)));
                }
                Some(_) => {}
                None => {
                    state[*concept] = DONE;
                    order.push(*concept);
                    stack.pop();
                }
            }
        }
    }
    order
}

/// The concepts a condition reads.
fn concepts_read(kb: &KnowledgeBase, condition: &Condition, read: &mut Vec<FactId>) {
    match condition {
        Condition::Is { fact, .. } if kb.facts[*fact].is_concept() => read.push(*fact),
        Condition::All(parts) | Condition::Any(parts) | Condition::AtLeast { of: parts, .. } => {
            for part in parts {
                concepts_read(kb, part, read);
            }
        }
        Condition::Not(inner) => concepts_read(kb, inner, read),
        _ => {}
    }
}

/// A depth-first search over the answers to the facts some conditions read.
struct Search<'v> {
    /// The facts to assign, each with the values worth trying.
    vars: Vec<(FactId, Vec<Value>)>,
    /// Every fact's value, all unknown but the ones assigned (the search puts them back).
    values: &'v mut [Value],
    /// The facts not assigned yet: `{x: unknown}` and `{x: not_sure}` are undecided for them
    /// (as in an interview), so that a part of the search is not cut off before they are.
    pending: Vec<bool>,
    steps: usize,
}

/// The search's values as conditions read them.
struct Partial<'a> {
    values: &'a [Value],
    pending: &'a [bool],
}

impl Partial<'_> {
    /// Whether some answers to the facts still pending could make the condition `wanted`
    /// (true or false), the others staying as they are: a fact left unknown on purpose is
    /// neither, and a pending one is either.
    fn can_become(&self, condition: &Condition, wanted: bool) -> bool {
        let free = |fact: FactId| self.pending[fact];
        match condition {
            Condition::Is { fact, present } => {
                free(*fact)
                    || match self.values[*fact] {
                        Value::Present => *present == wanted,
                        Value::Absent => *present != wanted,
                        _ => false,
                    }
            }
            Condition::Compare { fact, .. }
            | Condition::Choice { fact, .. }
            | Condition::Unanswered { fact }
            | Condition::NotSure { fact } => {
                free(*fact) || condition.eval(self) == Tri::from_bool(wanted)
            }
            Condition::All(parts) if wanted => parts.iter().all(|p| self.can_become(p, true)),
            Condition::All(parts) => parts.iter().any(|p| self.can_become(p, false)),
            Condition::Any(parts) if wanted => parts.iter().any(|p| self.can_become(p, true)),
            Condition::Any(parts) => parts.iter().all(|p| self.can_become(p, false)),
            Condition::Not(inner) => self.can_become(inner, !wanted),
            Condition::AtLeast { count, of } => {
                let able = of.iter().filter(|p| self.can_become(p, wanted)).count();
                if wanted {
                    able >= *count
                } else {
                    able + count > of.len()
                }
            }
        }
    }
}

impl Lookup for Partial<'_> {
    fn get(&self, fact: FactId) -> Value {
        self.values[fact]
    }

    fn pending(&self, fact: FactId) -> bool {
        self.pending[fact]
    }
}

impl<'v> Search<'v> {
    fn new(kb: &KnowledgeBase, conditions: &[&Condition], values: &'v mut [Value]) -> Self {
        let mut order: Vec<FactId> = Vec::new();
        let mut bounds: HashMap<FactId, Vec<f64>> = HashMap::new();
        let mut not_sure: Vec<FactId> = Vec::new();
        for condition in conditions {
            collect(condition, &mut order, &mut bounds, &mut not_sure);
        }
        let vars = order
            .into_iter()
            .map(|f| {
                let mut candidates = match &kb.facts[f].kind {
                    FactKind::YesNo | FactKind::Concept => vec![Value::Present, Value::Absent],
                    FactKind::Choice { options } => (0..options.len()).map(Value::Choice).collect(),
                    FactKind::Number { min, max, .. } => {
                        number_candidates(*min, *max, bounds.get(&f).map_or(&[][..], |b| b))
                            .into_iter()
                            .map(Value::Number)
                            .collect()
                    }
                };
                // "Not sure" differs from a question never asked only where a condition asks.
                if not_sure.contains(&f) {
                    candidates.push(Value::Unsure);
                }
                (f, candidates)
            })
            .collect::<Vec<(FactId, Vec<Value>)>>();
        let mut pending = vec![false; kb.facts.len()];
        for (fact, _) in &vars {
            pending[*fact] = true;
        }
        Search {
            vars,
            values,
            pending,
            steps: 0,
        }
    }

    /// Looks for answers that make `target` true while `unless` is not true. `Some(found)`,
    /// or `None` when the budget ran out.
    fn find(
        &mut self,
        target: &Condition,
        unless: Option<&Condition>,
        depth: usize,
    ) -> Option<bool> {
        self.steps += 1;
        if self.steps > BUDGET {
            return None;
        }
        let lookup = Partial {
            values: self.values,
            pending: &self.pending,
        };
        let t = target.eval(&lookup);
        // A fact left unknown on purpose stays unknown, so a target that needs it decided can
        // never be true below this point, however the facts still free are answered.
        if t == Tri::False || (t == Tri::Unknown && !lookup.can_become(target, true)) {
            return Some(false);
        }
        let u = unless.map(|c| c.eval(&lookup));
        if u == Some(Tri::True) {
            return Some(false);
        }
        if t == Tri::True {
            return Some(true);
        }
        if depth == self.vars.len() {
            return Some(false);
        }
        let (fact, candidates) = self.vars[depth].clone();
        self.pending[fact] = false;
        for value in candidates {
            self.values[fact] = value;
            let found = self.find(target, unless, depth + 1);
            self.values[fact] = Value::Unknown;
            if found != Some(false) {
                self.pending[fact] = true;
                return found;
            }
        }
        // Leaving the fact unknown matters when the other condition might stay unknown because
        // of it, or when a condition tests that the finding is unanswered.
        let found = self.find(target, unless, depth + 1);
        self.pending[fact] = true;
        found
    }
}

/// The facts a condition reads, in order of first appearance, and the bounds numbers meet.
fn collect(
    condition: &Condition,
    order: &mut Vec<FactId>,
    bounds: &mut HashMap<FactId, Vec<f64>>,
    not_sure: &mut Vec<FactId>,
) {
    match condition {
        Condition::Is { fact, .. }
        | Condition::Choice { fact, .. }
        | Condition::Unanswered { fact } => {
            if !order.contains(fact) {
                order.push(*fact);
            }
        }
        Condition::NotSure { fact } => {
            if !order.contains(fact) {
                order.push(*fact);
            }
            if !not_sure.contains(fact) {
                not_sure.push(*fact);
            }
        }
        Condition::Compare { fact, tests } => {
            if !order.contains(fact) {
                order.push(*fact);
            }
            bounds
                .entry(*fact)
                .or_default()
                .extend(tests.iter().map(|(_, b)| *b));
        }
        Condition::All(parts) | Condition::Any(parts) | Condition::AtLeast { of: parts, .. } => {
            for part in parts {
                collect(part, order, bounds, not_sure);
            }
        }
        Condition::Not(inner) => collect(inner, order, bounds, not_sure),
    }
}

/// One number from every region the bounds cut the range into: the range's ends, each bound,
/// and a point between each two neighbours. Every comparison is constant on each region.
fn number_candidates(min: f64, max: f64, bounds: &[f64]) -> Vec<f64> {
    let mut points: Vec<f64> = bounds
        .iter()
        .copied()
        .chain([min, max])
        .filter(|b| (min..=max).contains(b))
        .collect();
    points.sort_by(f64::total_cmp);
    points.dedup();
    let mut candidates = points.clone();
    candidates.extend(points.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    candidates
}

fn size(condition: &Condition) -> usize {
    match condition {
        Condition::All(parts) | Condition::Any(parts) | Condition::AtLeast { of: parts, .. } => {
            1 + parts.iter().map(size).sum::<usize>()
        }
        Condition::Not(inner) => 1 + size(inner),
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;
    use crate::engine::condition::Comparison;
    use crate::kb::load_files;

    /// True when a comparison list can hold for some number in the range.
    fn holds_somewhere(tests: &[(Comparison, f64)], min: f64, max: f64) -> bool {
        let bounds: Vec<f64> = tests.iter().map(|(_, b)| *b).collect();
        number_candidates(min, max, &bounds)
            .into_iter()
            .any(|n| tests.iter().all(|(c, b)| c.holds(n, *b)))
    }

    fn kb(rules: &str) -> KnowledgeBase {
        let text = format!(
            "\
metadata: {{name: t, version: 1.0.0, status: draft, last_reviewed: 2026-01-01}}
default_level: low
levels: [{{id: high, label: h, action: a}}, {{id: low, label: l, action: a}}]
findings:
  - {{id: a, question: a?}}
  - {{id: b, question: b?}}
  - {{id: c, question: c?}}
  - {{id: age, kind: number, question: age?, unit: years, min: 0, max: 120}}
  - {{id: sex, kind: choice, question: sex?, options: [female, male]}}
concepts: [{{id: ab}}, {{id: loop}}]
{rules}"
        );
        load_files(vec![SourceFile {
            name: "t.yaml".into(),
            text,
        }])
        .unwrap()
        .kb
    }

    const RULES: &str = "\
rules:
  - {id: r_ab, when: {all: [a, b]}, then: [{derive: ab}]}
  - {id: r_loop, when: {all: [loop, c]}, then: [{derive: loop}]}
";

    fn when(kb: &KnowledgeBase, id: &str) -> Condition {
        kb.rules.iter().find(|r| r.id == id).unwrap().when.clone()
    }

    #[test]
    fn contradictions_are_found_through_concepts() {
        let kb = kb(&format!(
            "{RULES}  - {{id: x, when: {{all: [ab, {{a: absent}}]}}, then: [{{advice: x}}]}}
  - {{id: y, when: {{all: [ab, c]}}, then: [{{advice: y}}]}}
  - {{id: z, when: {{all: [{{age: {{at_least: 50}}}}, {{age: {{less_than: 50}}}}]}}, then: [{{advice: z}}]}}
  - {{id: w, when: {{all: [{{sex: female}}, {{sex: male}}]}}, then: [{{advice: w}}]}}
  - {{id: v, when: {{at_least: 2, of: [a, {{not: a}}]}}, then: [{{advice: v}}]}}
  - {{id: u, when: loop, then: [{{advice: u}}]}}
"
        ));
        let analyzer = Analyzer::new(&kb);
        let verdict = |id| analyzer.can_be_true(&when(&kb, id));
        assert_eq!(verdict("x"), Verdict::No);
        assert_eq!(verdict("y"), Verdict::Yes);
        assert_eq!(verdict("z"), Verdict::No);
        assert_eq!(verdict("w"), Verdict::No);
        assert_eq!(verdict("v"), Verdict::No);
        // Only derivable from itself: the least fixpoint leaves it false.
        assert_eq!(verdict("u"), Verdict::No);
        assert_eq!(verdict("r_ab"), Verdict::Yes);
    }

    #[test]
    fn implication_respects_unknown_answers() {
        let kb = kb(&format!(
            "{RULES}  - {{id: p, when: {{all: [a, b, c]}}, then: [{{advice: x}}]}}
  - {{id: q, when: ab, then: [{{advice: x}}]}}
  - {{id: t, when: {{any: [c, {{c: absent}}]}}, then: [{{advice: x}}]}}
  - {{id: old, when: {{age: {{more_than: 60}}}}, then: [{{advice: x}}]}}
  - {{id: older, when: {{age: {{at_least: 60}}}}, then: [{{advice: x}}]}}
"
        ));
        let analyzer = Analyzer::new(&kb);
        let implies = |a, b| analyzer.implies(&when(&kb, a), &when(&kb, b));
        assert_eq!(implies("p", "q"), Verdict::Yes);
        assert_eq!(implies("q", "p"), Verdict::No);
        // `c or not c` is not true while c is unknown.
        assert_eq!(implies("p", "t"), Verdict::Yes);
        assert_eq!(implies("q", "t"), Verdict::No);
        assert_eq!(implies("old", "older"), Verdict::Yes);
        assert_eq!(implies("older", "old"), Verdict::No);
    }

    #[test]
    fn number_regions_are_all_tried() {
        use Comparison::*;
        assert!(holds_somewhere(
            &[(MoreThan, 5.0), (LessThan, 6.0)],
            0.0,
            10.0
        ));
        assert!(!holds_somewhere(
            &[(MoreThan, 5.0), (AtMost, 5.0)],
            0.0,
            10.0
        ));
        assert!(holds_somewhere(&[(AtLeast, 10.0)], 0.0, 10.0));
        assert!(!holds_somewhere(&[(MoreThan, 10.0)], 0.0, 10.0));
    }
}
