//! Which of a fact's readers a new answer can make true.
//!
//! A rule that has not fired and is not queued is not true (it was looked at since the facts
//! it reads last changed). When a fact goes from unknown to known, each test of it in a rule
//! (a literal: `fever`, `{age: {at_least: 50}}`, `{sex: female}`, `{fever: unknown}`) becomes
//! true or false. All, any and at least are monotone and not reverses, so if every test of
//! the fact moves the rule towards false (a test read positively turns false, or one read
//! under `not` turns true), the rule still is not true and need not be looked at. An age of
//! 42 so wakes only the rules whose bounds it meets, not every rule that reads the age.
//!
//! A rule that derives a concept is always woken: looking at it is also what lets the concept
//! settle to absent once no rule can derive it. For a yes/no finding or a concept the woken
//! readers depend only on whether it turned present or absent, so both lists are made once.
//!
//! A rule that derives nothing and whose condition is `all` of several parts is true only once
//! every part is: it waits on one part, its guard (the one whose facts have the fewest
//! readers), and is woken by the facts of its other parts only while the guard holds (the
//! engine then keeps it "armed" on those facts). Without that, an answer everyone gives (an
//! age) would wake every rule that reads it alongside findings nobody reported, and a case
//! would cost in proportion to the whole knowledge base rather than to what it touches.

use super::condition::{Condition, FactId, Tri, Value};
use crate::kb::{Action, KnowledgeBase, Rule, RuleId};

/// A test of a fact (a literal) in a rule, with whether it is read positively.
type Literal<'kb> = (FactId, &'kb Condition, bool);

/// Built once per knowledge base for an engine that takes many answers after its first run
/// (`Engine::indexed`): a batch's baseline. A run from scratch looks at every rule anyway.
#[derive(Debug)]
pub struct Wake<'kb> {
    /// Per fact, the readers to look at when it turns present.
    on_present: Lists<RuleId>,
    /// Per fact, the readers to look at when it turns absent.
    on_absent: Lists<RuleId>,
    /// Per fact, the readers not guarded on it, each with its tests of a number or choice
    /// finding (a range of `literals`; `ALWAYS` to look at it always, as for other facts):
    /// for an answer that is neither present nor absent.
    other: Lists<(RuleId, u32, u32)>,
    /// Per rule that derives nothing, its literals, sorted by fact.
    literals: Vec<Literal<'kb>>,
    /// Per rule, its guard if it has one.
    guards: Vec<Option<Guard<'kb>>>,
}

/// For a reader in `Wake::other`: look at it always.
const ALWAYS: u32 = u32::MAX;

/// A list per fact, in one allocation.
#[derive(Debug)]
struct Lists<T> {
    starts: Vec<usize>,
    items: Vec<T>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists {
            starts: Vec::new(),
            items: Vec::new(),
        }
    }
}

impl<T> Lists<T> {
    fn get(&self, fact: FactId) -> &[T] {
        &self.items[self.starts[fact]..self.starts[fact + 1]]
    }
}

/// The part of a rule's `all` it waits on, and the facts read only in its other parts: a
/// change of those wakes the rule only while this part holds (`Engine::arm`).
#[derive(Debug)]
pub struct Guard<'kb> {
    pub part: &'kb Condition,
    pub facts: Vec<FactId>,
}

impl<'kb> Wake<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        // One walk of each rule's condition (not one per fact it reads): its literals, sorted
        // by fact, so that a fact's tests in a rule are a range.
        let mut literals = Vec::new();
        let mut ranges = Vec::with_capacity(kb.rules.len());
        let mut guards = Vec::with_capacity(kb.rules.len());
        let mut scratch = Vec::new();
        let derives: Vec<bool> = (kb.rules.iter())
            .map(|rule| rule.then.iter().any(|a| matches!(a, Action::Derive(_))))
            .collect();
        for (rule, &derives) in kb.rules.iter().zip(&derives) {
            let start = literals.len();
            if derives {
                guards.push(None);
            } else {
                collect(&rule.when, true, &mut literals);
                literals[start..].sort_by_key(|&(fact, _, _)| fact);
                guards.push(guard(kb, rule, &literals[start..], &mut scratch));
            }
            ranges.push(start..literals.len());
        }
        // The tests of `fact` in `rule` (`None`: look at it always).
        let tests = |fact: FactId, rule: RuleId| {
            if derives[rule] {
                return None;
            }
            let range: std::ops::Range<usize> = ranges[rule].clone();
            let own = &literals[range.clone()];
            let from = range.start + own.partition_point(|&(f, _, _)| f < fact);
            let to = range.start + own.partition_point(|&(f, _, _)| f <= fact);
            Some(from..to)
        };
        let guarded = |fact: FactId, rule: RuleId| {
            guards[rule]
                .as_ref()
                .is_some_and(|g: &Guard| g.facts.binary_search(&fact).is_ok())
        };
        let mut on_present = Lists::default();
        let mut on_absent = Lists::default();
        let mut other = Lists::default();
        for (fact, readers) in kb.readers.iter().enumerate() {
            on_present.starts.push(on_present.items.len());
            on_absent.starts.push(on_absent.items.len());
            other.starts.push(other.items.len());
            let numeric = matches!(
                kb.facts[fact].kind,
                crate::kb::FactKind::Number { .. } | crate::kb::FactKind::Choice { .. }
            );
            for &rule in readers {
                if guarded(fact, rule) {
                    continue;
                }
                let tests = tests(fact, rule);
                let of =
                    |range: &Option<std::ops::Range<usize>>| range.clone().map(|r| &literals[r]);
                if wakes(of(&tests), Value::Present) {
                    on_present.items.push(rule);
                }
                if wakes(of(&tests), Value::Absent) {
                    on_absent.items.push(rule);
                }
                other.items.push(match tests {
                    Some(range) if numeric => (rule, range.start as u32, range.end as u32),
                    _ => (rule, ALWAYS, ALWAYS),
                });
            }
        }
        for lists in [&mut on_present, &mut on_absent] {
            lists.starts.push(lists.items.len());
        }
        other.starts.push(other.items.len());
        Wake {
            on_present,
            on_absent,
            other,
            literals,
            guards,
        }
    }

    pub fn guard(&self, rule: RuleId) -> Option<&Guard<'kb>> {
        self.guards[rule].as_ref()
    }

    /// Calls `wake` with each reader of `fact` that must be looked at again now that the
    /// fact, unknown until now, is `value`, but the rules guarded on it (the engine wakes
    /// those it armed).
    pub fn readers(&self, fact: FactId, value: Value, mut wake: impl FnMut(RuleId)) {
        match value {
            Value::Present => self.on_present.get(fact).iter().for_each(|&r| wake(r)),
            Value::Absent => self.on_absent.get(fact).iter().for_each(|&r| wake(r)),
            _ => {
                for &(rule, from, to) in self.other.get(fact) {
                    let tests =
                        (from != ALWAYS).then(|| &self.literals[from as usize..to as usize]);
                    if wakes(tests, value) {
                        wake(rule);
                    }
                }
            }
        }
    }
}

/// Whether a reader with these tests of a fact (`None`: wake it always) must be looked at
/// again when the fact turns from unknown to `value`.
fn wakes(tests: Option<&[Literal]>, value: Value) -> bool {
    let Some(tests) = tests else {
        return true;
    };
    let value = |_| value;
    tests
        .iter()
        .any(|&(_, test, positive)| test.is(&value, if positive { Tri::True } else { Tri::False }))
}

/// Every literal in `condition`, with its fact and whether it is read positively.
fn collect<'kb>(condition: &'kb Condition, positive: bool, out: &mut Vec<Literal<'kb>>) {
    match condition {
        Condition::Is { fact, .. }
        | Condition::Compare { fact, .. }
        | Condition::Choice { fact, .. }
        | Condition::Unanswered { fact }
        | Condition::NotSure { fact } => out.push((*fact, condition, positive)),
        Condition::All(parts) | Condition::Any(parts) | Condition::AtLeast { of: parts, .. } => {
            for part in parts {
                collect(part, positive, out);
            }
        }
        Condition::Not(inner) => collect(inner, !positive, out),
    }
}

/// The guard of a rule that derives nothing and whose condition is `all` of several parts
/// (`literals`: all of its literals, sorted by fact): the part whose facts have the fewest
/// readers (an answer to those wakes fewest rules), if the other parts read facts it does not.
fn guard<'kb>(
    kb: &KnowledgeBase,
    rule: &'kb Rule,
    literals: &[Literal],
    scratch: &mut Vec<FactId>,
) -> Option<Guard<'kb>> {
    let Condition::All(parts) = &rule.when else {
        return None;
    };
    if parts.len() < 2 {
        return None;
    }
    let mut best: Option<(&Condition, usize)> = None;
    for part in parts {
        let mut most = None;
        part.visit_facts(true, &mut |fact, _| {
            most = most.max(Some(kb.readers[fact].len()));
        });
        if let Some(most) = most
            && best.is_none_or(|(_, fewest)| most < fewest)
        {
            best = Some((part, most));
        }
    }
    let (part, _) = best?;
    scratch.clear();
    part.visit_facts(true, &mut |fact, _| scratch.push(fact));
    let mut facts: Vec<FactId> = literals
        .iter()
        .map(|&(fact, _, _)| fact)
        .filter(|fact| !scratch.contains(fact))
        .collect();
    facts.dedup();
    (!facts.is_empty()).then_some(Guard { part, facts })
}
