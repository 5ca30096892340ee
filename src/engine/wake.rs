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

use super::condition::{Condition, FactId, Tri, Value};
use crate::kb::{Action, KnowledgeBase, RuleId};

/// The tests of a fact in one of its readers, each with whether it is read positively; `None`
/// to look at the reader always.
type Tests<'kb> = Option<Vec<(&'kb Condition, bool)>>;

/// Built once per knowledge base for an engine that takes many answers after its first run
/// (`Engine::indexed`): a batch's baseline. A run from scratch looks at every rule anyway.
#[derive(Debug)]
pub struct Wake<'kb> {
    /// Per fact, the readers to look at when it turns present.
    on_present: Lists,
    /// Per fact, the readers to look at when it turns absent.
    on_absent: Lists,
    /// For a number or choice finding, per reader (in the order of `KnowledgeBase::readers`):
    /// `None` to look at it always, else the tests of the finding in it, each with whether it
    /// is read positively. Empty for other facts.
    tests: Vec<Vec<Tests<'kb>>>,
}

/// A list of rules per fact, in one allocation.
#[derive(Debug, Default)]
struct Lists {
    starts: Vec<usize>,
    rules: Vec<RuleId>,
}

impl Lists {
    fn get(&self, fact: FactId) -> &[RuleId] {
        &self.rules[self.starts[fact]..self.starts[fact + 1]]
    }
}

impl<'kb> Wake<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        let tests: Vec<Vec<Tests>> = kb
            .readers
            .iter()
            .enumerate()
            .map(|(fact, readers)| {
                readers
                    .iter()
                    .map(|&rule| {
                        let rule = &kb.rules[rule];
                        if rule.then.iter().any(|a| matches!(a, Action::Derive(_))) {
                            return None;
                        }
                        let mut tests = Vec::new();
                        collect(&rule.when, fact, true, &mut tests);
                        Some(tests)
                    })
                    .collect()
            })
            .collect();
        let lists = |value: Value| {
            let mut lists = Lists::default();
            for (fact, readers) in kb.readers.iter().enumerate() {
                lists.starts.push(lists.rules.len());
                for (index, &rule) in readers.iter().enumerate() {
                    if wakes(&tests[fact][index], value) {
                        lists.rules.push(rule);
                    }
                }
            }
            lists.starts.push(lists.rules.len());
            lists
        };
        let (on_present, on_absent) = (lists(Value::Present), lists(Value::Absent));
        let tests = tests
            .into_iter()
            .zip(&kb.facts)
            .map(|(tests, fact)| match fact.kind {
                crate::kb::FactKind::Number { .. } | crate::kb::FactKind::Choice { .. } => tests,
                _ => Vec::new(),
            })
            .collect();
        Wake {
            on_present,
            on_absent,
            tests,
        }
    }

    /// Calls `wake` with each reader of `fact` that must be looked at again now that the
    /// fact, unknown until now, is `value`.
    pub fn readers(
        &self,
        kb: &KnowledgeBase,
        fact: FactId,
        value: Value,
        mut wake: impl FnMut(RuleId),
    ) {
        match value {
            Value::Present => self.on_present.get(fact).iter().for_each(|&r| wake(r)),
            Value::Absent => self.on_absent.get(fact).iter().for_each(|&r| wake(r)),
            _ => {
                for (index, &rule) in kb.readers[fact].iter().enumerate() {
                    if self.tests[fact].get(index).is_none_or(|t| wakes(t, value)) {
                        wake(rule);
                    }
                }
            }
        }
    }
}

/// Whether a reader with these tests of a fact (`None`: wake it always) must be looked at
/// again when the fact turns from unknown to `value`.
fn wakes(tests: &Tests, value: Value) -> bool {
    let Some(tests) = tests else {
        return true;
    };
    let value = |_| value;
    tests
        .iter()
        .any(|&(test, positive)| test.is(&value, if positive { Tri::True } else { Tri::False }))
}

/// The tests of `fact` in `condition`, each with whether it is read positively.
fn collect<'kb>(
    condition: &'kb Condition,
    fact: FactId,
    positive: bool,
    out: &mut Vec<(&'kb Condition, bool)>,
) {
    match condition {
        Condition::Is { fact: f, .. }
        | Condition::Compare { fact: f, .. }
        | Condition::Choice { fact: f, .. }
        | Condition::Unanswered { fact: f }
        | Condition::NotSure { fact: f } => {
            if *f == fact {
                out.push((condition, positive));
            }
        }
        Condition::All(parts) | Condition::Any(parts) | Condition::AtLeast { of: parts, .. } => {
            for part in parts {
                collect(part, fact, positive, out);
            }
        }
        Condition::Not(inner) => collect(inner, fact, !positive, out),
    }
}
