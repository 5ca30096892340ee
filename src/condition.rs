//! Conditions and their three-valued (Kleene) evaluation.
//!
//! A finding may be present, absent or not yet known. Evaluating in Kleene logic, rather than
//! treating "not known" as "absent", is what keeps a missing answer from ever lowering the
//! urgency, and what lets the interview see which questions could still change the outcome.
//!
//! The ground the rest stands on: the knowledge base compiles into these conditions and the
//! engine runs them, so this module uses neither.

/// Index of a fact (a finding or a derived concept) in the knowledge base.
pub type FactId = usize;

/// A truth value of Kleene's three-valued logic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tri {
    False,
    Unknown,
    True,
}

impl Tri {
    pub fn from_bool(value: bool) -> Tri {
        if value { Tri::True } else { Tri::False }
    }

    pub fn and(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::False, _) | (_, Tri::False) => Tri::False,
            (Tri::True, Tri::True) => Tri::True,
            _ => Tri::Unknown,
        }
    }

    pub fn or(self, other: Tri) -> Tri {
        match (self, other) {
            (Tri::True, _) | (_, Tri::True) => Tri::True,
            (Tri::False, Tri::False) => Tri::False,
            _ => Tri::Unknown,
        }
    }
}

impl std::ops::Not for Tri {
    type Output = Tri;

    fn not(self) -> Tri {
        match self {
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
            Tri::True => Tri::False,
        }
    }
}

/// What is known of one fact.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Value {
    /// Not answered: not asked (yet), or a concept not derived.
    #[default]
    Unknown,
    /// Asked, and the person is not sure. Conditions read it as unknown, as they read a
    /// question never asked; only `{x: not_sure}` tells the two apart, so that a rule can
    /// get a person examined for a warning sign they could not rule out without escalating
    /// an answers file for what it leaves out.
    Unsure,
    Present,
    Absent,
    Number(f64),
    /// Index into the finding's options.
    Choice(usize),
}

impl Value {
    /// Whether the value is an answer that says something: not unknown, not "not sure".
    pub fn is_known(self) -> bool {
        !matches!(self, Value::Unknown | Value::Unsure)
    }

    /// Whether the finding has no answer that says something (unknown or "not sure").
    pub fn is_unanswered(self) -> bool {
        !self.is_known()
    }
}

/// What a condition is evaluated against: each fact's value, and for an interview which
/// unanswered findings are still pending (may yet be asked). A closure from facts to values
/// is a lookup with nothing pending, which is what every full set of answers is.
pub trait Lookup {
    fn get(&self, fact: FactId) -> Value;

    /// Whether a finding with no answer that says something (unknown, or "not sure" on a
    /// checklist) may still be asked: `{x: unknown}` and `{x: not_sure}` are then unknown
    /// rather than decided.
    fn pending(&self, _fact: FactId) -> bool {
        false
    }
}

impl<F: Fn(FactId) -> Value> Lookup for F {
    fn get(&self, fact: FactId) -> Value {
        self(fact)
    }
}

/// A numeric comparison against a bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Comparison {
    AtLeast,
    AtMost,
    MoreThan,
    LessThan,
}

impl Comparison {
    pub const ALL: [(&'static str, Comparison); 4] = [
        ("at_least", Comparison::AtLeast),
        ("at_most", Comparison::AtMost),
        ("more_than", Comparison::MoreThan),
        ("less_than", Comparison::LessThan),
    ];

    pub fn holds(self, value: f64, bound: f64) -> bool {
        match self {
            Comparison::AtLeast => value >= bound,
            Comparison::AtMost => value <= bound,
            Comparison::MoreThan => value > bound,
            Comparison::LessThan => value < bound,
        }
    }

    pub fn name(self) -> &'static str {
        Comparison::ALL
            .iter()
            .find(|(_, c)| *c == self)
            .map_or("", |(name, _)| name)
    }
}

/// A compiled condition: ids resolved to fact indices.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Condition {
    /// A yes/no finding or a concept is present (or, with `present: false`, absent).
    Is {
        fact: FactId,
        present: bool,
    },
    /// A number satisfies every comparison.
    Compare {
        fact: FactId,
        tests: Vec<(Comparison, f64)>,
    },
    /// A choice finding has this option.
    Choice {
        fact: FactId,
        option: usize,
    },
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// At least `count` of the conditions hold.
    AtLeast {
        count: usize,
        of: Vec<Condition>,
    },
    /// The finding has no answer (or was answered "don't know"), and turns false once an
    /// answer comes: it lets a rule take the safer reading of a missing answer (new symptoms
    /// when the duration is not given). On a full set of answers it is never unknown itself;
    /// in an interview it is unknown while the finding is still pending (may yet be asked, see
    /// [`Lookup::pending`]), so a rule that reads it does not fire before the question that
    /// decides it, and never has to be taken back.
    Unanswered {
        fact: FactId,
    },
    /// The finding was asked and answered "not sure" (`{x: not_sure}`). A finding never asked
    /// is not "not sure": this is false for it, so an answers file is not escalated for what it
    /// leaves out. In an interview it is unknown while the finding is still pending.
    NotSure {
        fact: FactId,
    },
}

impl Condition {
    /// Evaluates the condition given the current value of each fact.
    pub fn eval(&self, value: &impl Lookup) -> Tri {
        match self {
            Condition::Is { fact, present } => match value.get(*fact) {
                Value::Present => Tri::from_bool(*present),
                Value::Absent => Tri::from_bool(!*present),
                _ => Tri::Unknown,
            },
            Condition::Compare { fact, tests } => match value.get(*fact) {
                Value::Number(n) => Tri::from_bool(tests.iter().all(|(c, b)| c.holds(n, *b))),
                _ => Tri::Unknown,
            },
            Condition::Choice { fact, option } => match value.get(*fact) {
                Value::Choice(chosen) => Tri::from_bool(chosen == *option),
                _ => Tri::Unknown,
            },
            Condition::All(parts) => {
                let mut result = Tri::True;
                for part in parts {
                    result = result.and(part.eval(value));
                    if result == Tri::False {
                        break;
                    }
                }
                result
            }
            Condition::Any(parts) => {
                let mut result = Tri::False;
                for part in parts {
                    result = result.or(part.eval(value));
                    if result == Tri::True {
                        break;
                    }
                }
                result
            }
            Condition::Not(inner) => !inner.eval(value),
            Condition::Unanswered { fact } => match value.get(*fact) {
                answer if answer.is_known() => Tri::False,
                _ if value.pending(*fact) => Tri::Unknown,
                _ => Tri::True,
            },
            Condition::NotSure { fact } => match value.get(*fact) {
                answer if answer.is_known() => Tri::False,
                _ if value.pending(*fact) => Tri::Unknown,
                answer => Tri::from_bool(answer == Value::Unsure),
            },
            Condition::AtLeast { count, of } => {
                let (mut yes, mut maybe) = (0, 0);
                for part in of {
                    match part.eval(value) {
                        Tri::True => yes += 1,
                        Tri::Unknown => maybe += 1,
                        Tri::False => {}
                    }
                }
                if yes >= *count {
                    Tri::True
                } else if yes + maybe >= *count {
                    Tri::Unknown
                } else {
                    Tri::False
                }
            }
        }
    }

    /// Whether the condition evaluates to `wanted`: the same as `eval(value) == wanted`, but
    /// stopping as soon as that is settled (at the first part of an `all` that is not true,
    /// when asking for true). The engine asks "is it true?" of far more rules than fire.
    pub fn is(&self, value: &impl Lookup, wanted: Tri) -> bool {
        match wanted {
            Tri::True => self.is_true(value),
            Tri::False => self.is_false(value),
            Tri::Unknown => self.eval(value) == Tri::Unknown,
        }
    }

    fn is_true(&self, value: &impl Lookup) -> bool {
        match self {
            Condition::Is { fact, present } => match value.get(*fact) {
                Value::Present => *present,
                Value::Absent => !*present,
                _ => false,
            },
            Condition::Compare { fact, tests } => {
                matches!(value.get(*fact), Value::Number(n) if tests.iter().all(|(c, b)| c.holds(n, *b)))
            }
            Condition::Choice { fact, option } => {
                matches!(value.get(*fact), Value::Choice(chosen) if chosen == *option)
            }
            Condition::All(parts) => parts.iter().all(|p| p.is_true(value)),
            Condition::Any(parts) => parts.iter().any(|p| p.is_true(value)),
            Condition::Not(inner) => inner.is_false(value),
            Condition::AtLeast { count, of } => {
                of.iter().filter(|p| p.is_true(value)).count() >= *count
            }
            Condition::Unanswered { fact } => {
                value.get(*fact).is_unanswered() && !value.pending(*fact)
            }
            Condition::NotSure { fact } => {
                value.get(*fact) == Value::Unsure && !value.pending(*fact)
            }
        }
    }

    fn is_false(&self, value: &impl Lookup) -> bool {
        match self {
            Condition::Is { fact, present } => match value.get(*fact) {
                Value::Present => !*present,
                Value::Absent => *present,
                _ => false,
            },
            Condition::Compare { fact, tests } => {
                matches!(value.get(*fact), Value::Number(n) if !tests.iter().all(|(c, b)| c.holds(n, *b)))
            }
            Condition::Choice { fact, option } => {
                matches!(value.get(*fact), Value::Choice(chosen) if chosen != *option)
            }
            Condition::All(parts) => parts.iter().any(|p| p.is_false(value)),
            Condition::Any(parts) => parts.iter().all(|p| p.is_false(value)),
            Condition::Not(inner) => inner.is_true(value),
            // False when too few parts can still be true.
            Condition::AtLeast { count, of } => {
                of.iter().filter(|p| !p.is_false(value)).count() < *count
            }
            Condition::Unanswered { fact } => value.get(*fact).is_known(),
            Condition::NotSure { fact } => match value.get(*fact) {
                answer if answer.is_known() => true,
                _ if value.pending(*fact) => false,
                answer => answer != Value::Unsure,
            },
        }
    }

    /// Calls `visit(fact, positive)` for every fact the condition reads; `positive` is false
    /// where the fact is read under a negation (through `not`, or as `absent`).
    pub fn visit_facts(&self, positive: bool, visit: &mut impl FnMut(FactId, bool)) {
        match self {
            Condition::Is { fact, present } => visit(*fact, positive == *present),
            Condition::Compare { fact, .. } | Condition::Choice { fact, .. } => {
                visit(*fact, positive)
            }
            // True while nothing is known, so it reads the finding as a negation does.
            Condition::Unanswered { fact } => visit(*fact, !positive),
            // True only on an answer of its own, which no other answer can turn into.
            Condition::NotSure { fact } => visit(*fact, positive),
            Condition::All(parts)
            | Condition::Any(parts)
            | Condition::AtLeast { of: parts, .. } => {
                for part in parts {
                    part.visit_facts(positive, visit);
                }
            }
            Condition::Not(inner) => inner.visit_facts(!positive, visit),
        }
    }

    /// Calls `visit(fact, comparisons)` for every numeric comparison in the condition.
    pub fn visit_compares(&self, visit: &mut impl FnMut(FactId, &[(Comparison, f64)])) {
        match self {
            Condition::Compare { fact, tests } => visit(*fact, tests),
            Condition::All(parts)
            | Condition::Any(parts)
            | Condition::AtLeast { of: parts, .. } => {
                parts.iter().for_each(|p| p.visit_compares(visit))
            }
            Condition::Not(inner) => inner.visit_compares(visit),
            Condition::Is { .. }
            | Condition::Choice { .. }
            | Condition::Unanswered { .. }
            | Condition::NotSure { .. } => {}
        }
    }

    /// The facts whose values make the condition evaluate to `wanted` (true or false): for
    /// `all` true, every part; for `any` true, the first true part; and dually for false.
    /// Used for the trace ("the facts that made it true") and for explanations.
    pub fn reasons(&self, value: &impl Lookup, wanted: Tri, out: &mut Vec<FactId>) {
        if !self.is(value, wanted) {
            return;
        }
        match self {
            Condition::Is { fact, .. }
            | Condition::Compare { fact, .. }
            | Condition::Choice { fact, .. }
            | Condition::Unanswered { fact }
            | Condition::NotSure { fact } => {
                if !out.contains(fact) {
                    out.push(*fact);
                }
            }
            Condition::Not(inner) => inner.reasons(value, !wanted, out),
            Condition::All(parts) | Condition::Any(parts) => {
                let conjunctive = matches!(self, Condition::All(_)) == (wanted == Tri::True);
                if conjunctive {
                    for part in parts {
                        part.reasons(value, wanted, out);
                    }
                } else if let Some(part) = parts.iter().find(|p| p.is(value, wanted)) {
                    part.reasons(value, wanted, out);
                }
            }
            Condition::AtLeast { of, .. } => {
                for part in of {
                    part.reasons(value, wanted, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Tri::*;

    const ALL: [Tri; 3] = [False, Unknown, True];

    #[test]
    fn kleene_truth_tables() {
        assert_eq!(ALL.map(|t| !t), [True, Unknown, False]);
        let and = [
            [False, False, False],
            [False, Unknown, Unknown],
            [False, Unknown, True],
        ];
        let or = [
            [False, Unknown, True],
            [Unknown, Unknown, True],
            [True, True, True],
        ];
        for (i, a) in ALL.iter().enumerate() {
            for (j, b) in ALL.iter().enumerate() {
                assert_eq!(a.and(*b), and[i][j], "{a:?} and {b:?}");
                assert_eq!(a.or(*b), or[i][j], "{a:?} or {b:?}");
            }
        }
    }

    /// A pseudo-random number below `n`.
    fn next(seed: &mut u64, n: u64) -> usize {
        *seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((*seed >> 33) % n) as usize
    }

    /// A pseudo-random condition over facts 0..4, `depth` levels deep at most.
    fn random_condition(seed: &mut u64, depth: u32) -> Condition {
        let fact = next(seed, 4);
        let kind = next(seed, if depth == 0 { 4 } else { 10 });
        match kind {
            0 => Condition::Is {
                fact,
                present: next(seed, 2) == 0,
            },
            1 => Condition::Compare {
                fact,
                tests: vec![(Comparison::ALL[next(seed, 4)].1, next(seed, 3) as f64)],
            },
            2 => Condition::Choice {
                fact,
                option: next(seed, 2),
            },
            3 if next(seed, 2) == 0 => Condition::Unanswered { fact },
            3 => Condition::NotSure { fact },
            4 => Condition::Not(Box::new(random_condition(seed, depth - 1))),
            _ => {
                let parts = (0..next(seed, 4))
                    .map(|_| random_condition(seed, depth - 1))
                    .collect();
                match kind {
                    5 | 6 => Condition::All(parts),
                    7 | 9 => Condition::Any(parts),
                    _ => Condition::AtLeast {
                        count: next(seed, 3),
                        of: parts,
                    },
                }
            }
        }
    }

    #[test]
    fn asking_whether_a_condition_is_true_or_false_agrees_with_evaluating_it() {
        let choices = [
            Value::Unknown,
            Value::Unsure,
            Value::Present,
            Value::Absent,
            Value::Number(1.0),
            Value::Choice(1),
        ];
        let mut seed = 7;
        for round in 0..20_000 {
            let condition = random_condition(&mut seed, 3);
            let v: Vec<Value> = (0..4)
                .map(|i| choices[(round / 6usize.pow(i)) % 6])
                .collect();
            let value = values(&v);
            for wanted in ALL {
                assert_eq!(
                    condition.is(&value, wanted),
                    condition.eval(&value) == wanted,
                    "{condition:?} with {v:?}, wanted {wanted:?}"
                );
            }
        }
    }

    fn values(v: &[Value]) -> impl Fn(FactId) -> Value + '_ {
        move |f| v[f]
    }

    fn is(fact: FactId) -> Condition {
        Condition::Is {
            fact,
            present: true,
        }
    }

    #[test]
    fn conditions_follow_kleene_logic() {
        let v = [
            Value::Present,
            Value::Absent,
            Value::Unknown,
            Value::Number(55.0),
            Value::Choice(1),
        ];
        let value = values(&v);
        assert_eq!(is(0).eval(&value), True);
        assert_eq!(is(1).eval(&value), False);
        assert_eq!(is(2).eval(&value), Unknown);
        assert_eq!(Condition::Not(Box::new(is(2))).eval(&value), Unknown);
        let absent = |fact| Condition::Is {
            fact,
            present: false,
        };
        assert_eq!(absent(1).eval(&value), True);
        assert_eq!(absent(2).eval(&value), Unknown);
        assert_eq!(Condition::All(vec![is(0), is(2)]).eval(&value), Unknown);
        assert_eq!(Condition::All(vec![is(1), is(2)]).eval(&value), False);
        assert_eq!(Condition::Any(vec![is(0), is(2)]).eval(&value), True);
        assert_eq!(Condition::Any(vec![is(1), is(2)]).eval(&value), Unknown);
        assert_eq!(Condition::All(vec![]).eval(&value), True);
        assert_eq!(Condition::Any(vec![]).eval(&value), False);
        let age = |tests| Condition::Compare { fact: 3, tests };
        assert_eq!(age(vec![(Comparison::AtLeast, 50.0)]).eval(&value), True);
        assert_eq!(
            age(vec![
                (Comparison::AtLeast, 18.0),
                (Comparison::LessThan, 50.0)
            ])
            .eval(&value),
            False
        );
        let unknown_number = Condition::Compare {
            fact: 2,
            tests: vec![(Comparison::MoreThan, 1.0)],
        };
        assert_eq!(unknown_number.eval(&value), Unknown);
        assert_eq!(Condition::Choice { fact: 4, option: 1 }.eval(&value), True);
        assert_eq!(Condition::Choice { fact: 4, option: 0 }.eval(&value), False);
        let unanswered = |fact| Condition::Unanswered { fact };
        assert_eq!(unanswered(2).eval(&value), True, "nothing known of it");
        assert_eq!(unanswered(1).eval(&value), False, "answered absent");
        assert_eq!(unanswered(3).eval(&value), False, "a number was given");
        assert_eq!(Condition::Not(Box::new(unanswered(2))).eval(&value), False);
        let two_of = |of| Condition::AtLeast { count: 2, of };
        assert_eq!(two_of(vec![is(0), is(0), is(1)]).eval(&value), True);
        assert_eq!(two_of(vec![is(0), is(2), is(1)]).eval(&value), Unknown);
        assert_eq!(two_of(vec![is(0), is(1), is(1)]).eval(&value), False);
    }

    /// A lookup with some findings still pending, as in an interview.
    struct Pending<'a> {
        values: &'a [Value],
        pending: &'a [bool],
    }

    impl Lookup for Pending<'_> {
        fn get(&self, fact: FactId) -> Value {
            self.values[fact]
        }

        fn pending(&self, fact: FactId) -> bool {
            self.pending[fact]
        }
    }

    #[test]
    fn not_sure_is_true_only_on_an_answer_of_not_sure() {
        // 0 not sure, 1 never asked, 2 present, 3 absent, 4 not asked yet (interview), 5 not
        // sure on a checklist, to be asked again on its own.
        let v = [
            Value::Unsure,
            Value::Unknown,
            Value::Present,
            Value::Absent,
            Value::Unknown,
            Value::Unsure,
        ];
        let pending = [false, false, false, false, true, true];
        let lookup = Pending {
            values: &v,
            pending: &pending,
        };
        let not_sure = |fact| Condition::NotSure { fact };
        let unanswered = |fact| Condition::Unanswered { fact };
        assert_eq!(not_sure(0).eval(&lookup), True, "answered not sure");
        assert_eq!(not_sure(1).eval(&lookup), False, "a question never asked");
        assert_eq!(not_sure(2).eval(&lookup), False);
        assert_eq!(not_sure(3).eval(&lookup), False);
        assert_eq!(not_sure(4).eval(&lookup), Unknown, "may still be asked");
        assert_eq!(not_sure(5).eval(&lookup), Unknown, "may be asked again");
        assert_eq!(unanswered(0).eval(&lookup), True, "not sure is unanswered");
        assert_eq!(unanswered(1).eval(&lookup), True);
        assert_eq!(unanswered(4).eval(&lookup), Unknown);
        // "Not sure" of a finding reads as unknown everywhere else.
        assert_eq!(is(0).eval(&lookup), Unknown);
        for (fact, answer) in v.iter().enumerate() {
            for condition in [not_sure(fact), unanswered(fact), is(fact)] {
                for wanted in ALL {
                    assert_eq!(
                        condition.is(&lookup, wanted),
                        condition.eval(&lookup) == wanted,
                        "{condition:?} on {answer:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn reasons_name_the_deciding_facts() {
        let v = [
            Value::Present,
            Value::Absent,
            Value::Unknown,
            Value::Present,
        ];
        let value = values(&v);
        let mut out = vec![];
        Condition::All(vec![is(0), Condition::Any(vec![is(1), is(3), is(0)])])
            .reasons(&value, True, &mut out);
        assert_eq!(out, vec![0, 3]);
        out.clear();
        Condition::Not(Box::new(Condition::Any(vec![is(1), is(1)])))
            .reasons(&value, True, &mut out);
        assert_eq!(out, vec![1]);
    }

    #[test]
    fn a_comparison_is_named_as_the_knowledge_base_writes_it() {
        // The loader reads these names (`Comparison::ALL`); explanations, lints and diffs
        // write a condition back with `name`, so it must give the same spelling.
        let names = Comparison::ALL.map(|(_, c)| c.name());
        assert_eq!(names, ["at_least", "at_most", "more_than", "less_than"]);
    }

    #[test]
    fn negation_flips_polarity_of_reads() {
        let c = Condition::All(vec![
            is(0),
            Condition::Not(Box::new(is(1))),
            Condition::Is {
                fact: 2,
                present: false,
            },
            Condition::Not(Box::new(Condition::Is {
                fact: 3,
                present: false,
            })),
        ]);
        let mut reads = vec![];
        c.visit_facts(true, &mut |f, p| reads.push((f, p)));
        assert_eq!(reads, vec![(0, true), (1, false), (2, false), (3, true)]);
        // `{x: unknown}` is true while nothing is known of x, as `{not: x}` is: a negation.
        let c = Condition::Any(vec![
            Condition::Unanswered { fact: 0 },
            Condition::Not(Box::new(Condition::Unanswered { fact: 1 })),
        ]);
        reads.clear();
        c.visit_facts(true, &mut |f, p| reads.push((f, p)));
        assert_eq!(reads, vec![(0, false), (1, true)]);
    }

    #[test]
    fn every_numeric_comparison_is_visited_wherever_it_is() {
        let age = |bound| Condition::Compare {
            fact: 3,
            tests: vec![(Comparison::AtLeast, bound)],
        };
        let c = Condition::All(vec![
            age(18.0),
            is(0),
            Condition::Unanswered { fact: 3 },
            Condition::Choice { fact: 4, option: 1 },
            Condition::Not(Box::new(age(65.0))),
            Condition::Any(vec![Condition::AtLeast {
                count: 1,
                of: vec![age(40.0)],
            }]),
        ]);
        let mut seen = vec![];
        c.visit_compares(&mut |fact, tests| seen.push((fact, tests.to_vec())));
        let at_least = |bound| (3, vec![(Comparison::AtLeast, bound)]);
        assert_eq!(seen, vec![at_least(18.0), at_least(65.0), at_least(40.0)]);
    }
}
