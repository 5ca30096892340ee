//! Which findings cannot apply to a person: those not answered (or answered "not sure") whose
//! `ask_if` is false. A
//! finding that cannot apply counts as absent wherever another `ask_if` reads it, so that what
//! it decides cannot apply either: a man is not asked whether he is pregnant, and therefore
//! not asked about bleeding in pregnancy, although "pregnant" itself was never answered.
//!
//! The interview offers no question and no checklist item that cannot apply, and a report
//! lists no unanswered warning sign that cannot apply; both read it from here.

use crate::engine::condition::{FactId, Lookup, Tri, Value};
use crate::kb::KnowledgeBase;

/// For each fact, whether it cannot apply given `values` (a finding not answered whose
/// `ask_if` is false, the findings it reads that cannot apply counted as absent).
pub fn cannot_apply(kb: &KnowledgeBase, values: &impl Lookup) -> Vec<bool> {
    let mut walk = Walk {
        kb,
        values,
        cannot: vec![false; kb.facts.len()],
        seen: vec![false; kb.facts.len()],
    };
    for fact in 0..kb.facts.len() {
        walk.visit(fact);
    }
    walk.cannot
}

/// `values`, with each finding that cannot apply (and is not answered, or not sure) read as
/// absent, and no longer pending.
pub struct AsApplicable<'a, L> {
    pub values: &'a L,
    pub cannot: &'a [bool],
}

impl<L: Lookup> Lookup for AsApplicable<'_, L> {
    fn get(&self, fact: FactId) -> Value {
        match self.values.get(fact) {
            value if value.is_unanswered() && self.cannot[fact] => Value::Absent,
            value => value,
        }
    }

    fn pending(&self, fact: FactId) -> bool {
        !self.cannot[fact] && self.values.pending(fact)
    }
}

/// Depth first over the facts that `ask_if` conditions read, so that a finding is judged after
/// every finding its `ask_if` reads (a cycle, which `check` reports, is cut where it closes).
struct Walk<'a, L> {
    kb: &'a KnowledgeBase,
    values: &'a L,
    cannot: Vec<bool>,
    seen: Vec<bool>,
}

impl<L: Lookup> Walk<'_, L> {
    fn visit(&mut self, fact: FactId) {
        if std::mem::replace(&mut self.seen[fact], true) {
            return;
        }
        let Some(ask_if) = &self.kb.facts[fact].ask_if else {
            return;
        };
        let mut reads = Vec::new();
        ask_if.visit_facts(true, &mut |read, _| reads.push(read));
        for read in reads {
            self.visit(read);
        }
        let reading = AsApplicable {
            values: self.values,
            cannot: &self.cannot,
        };
        self.cannot[fact] =
            !self.values.get(fact).is_known() && ask_if.eval(&reading) == Tri::False;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kb() -> KnowledgeBase {
        let text = "
findings:
  - {id: sex, kind: choice, options: [female, male], question: sex?}
  - {id: pregnant, question: pregnant?, ask_if: {not: {sex: male}}}
  - {id: bleeding, question: bleeding?, red_flag: true, ask_if: {any: [pregnant, {all: [{not: {sex: male}}, {pregnant: unknown}]}]}}
  - {id: pain, question: pain?}
causes: [{id: one, name: One}]
rules:
  - id: r
    when: {all: [bleeding, pain]}
    then: [{urgency: emergency, reason: r}]
";
        crate::kb::two_level_kb(text)
    }

    #[test]
    fn what_a_finding_that_cannot_apply_decides_cannot_apply_either() {
        let kb = kb();
        let fact = |id| kb.fact(id).unwrap();
        let (sex, pregnant, bleeding) = (fact("sex"), fact("pregnant"), fact("bleeding"));
        let male = |f: FactId| {
            if f == sex {
                Value::Choice(1)
            } else {
                Value::Unknown
            }
        };
        let cannot = cannot_apply(&kb, &male);
        assert!(cannot[pregnant] && cannot[bleeding]);
        // Read plainly, the bleeding question is still open for him: "pregnant" is unknown.
        let ask_if = kb.facts[bleeding].ask_if.as_ref().unwrap();
        assert_eq!(ask_if.eval(&male), Tri::Unknown);
        // For a woman, or a person whose sex is not known, both may apply.
        let female = |f: FactId| {
            if f == sex {
                Value::Choice(0)
            } else {
                Value::Unknown
            }
        };
        assert_eq!(cannot_apply(&kb, &female), vec![false; kb.facts.len()]);
        assert_eq!(
            cannot_apply(&kb, &|_| Value::Unknown),
            vec![false; kb.facts.len()]
        );
        // A finding answered stands, whatever its `ask_if` says.
        let answered = |f: FactId| match f {
            f if f == sex => Value::Choice(1),
            f if f == pregnant => Value::Present,
            _ => Value::Unknown,
        };
        let cannot = cannot_apply(&kb, &answered);
        assert!(!cannot[pregnant] && !cannot[bleeding]);
    }
}
