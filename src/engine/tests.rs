//! The engine's semantics: stratification, refraction, firing order, order independence.

use super::*;
use crate::answers::Answers;
use crate::assess::assess;
use crate::diagnostic::SourceFile;
use crate::error::Error;
use crate::kb::{KnowledgeBase, load_files};

const HEADER: &str = "
metadata: {name: t, version: 0.1.0, status: draft, last_reviewed: 2026-11-26}
default_level: routine
levels:
  - {id: emergency, label: E, action: e, emergency: true}
  - {id: urgent, label: U, action: u}
  - {id: routine, label: R, action: r}
  - {id: self_care, label: S, action: s}
findings:
  - {id: a}
  - {id: b}
  - {id: c}
  - {id: d}
causes:
  - {id: one, name: One}
  - {id: two, name: Two}
";

fn load(rules: &str) -> Result<KnowledgeBase, Error> {
    let files = vec![
        SourceFile {
            name: "header.yaml".into(),
            text: HEADER.into(),
        },
        SourceFile {
            name: "rules.yaml".into(),
            text: rules.into(),
        },
    ];
    load_files(files).map(|loaded| loaded.kb)
}

fn kb(rules: &str) -> KnowledgeBase {
    match load(rules) {
        Ok(kb) => kb,
        Err(error) => panic!("{}", error.render(crate::style::Style::PLAIN)),
    }
}

fn fired(kb: &KnowledgeBase, engine: &Engine) -> Vec<String> {
    engine
        .trace()
        .iter()
        .map(|f| kb.rules[f.rule].id.to_string())
        .collect()
}

fn run(kb: &KnowledgeBase, answers: &[(&str, Value)]) -> Engine<'static> {
    // Leak is fine in tests: it lets the engine outlive this helper's borrow.
    let kb: &'static KnowledgeBase = Box::leak(Box::new(kb.clone()));
    let mut engine = Engine::new(kb);
    for (id, value) in answers {
        engine.set(kb.fact(id).unwrap(), *value);
    }
    engine.run().unwrap();
    engine
}

const NEGATION: &str = "
concepts: [{id: x}, {id: y}]
rules:
  - id: without_x
    salience: 100
    when: {all: [a, {not: x}]}
    then: [{derive: y}]
  - id: x_from_b
    when: b
    then: [{derive: x}]
  - id: x_from_c
    when: c
    then: [{derive: x}]
  - id: y_supports
    when: y
    then: [{supports: one, weight: 2}]
";

#[test]
fn negation_waits_for_every_rule_that_could_derive_the_concept() {
    let kb = kb(NEGATION);
    // Despite its higher salience, `without_x` runs in a later stratum than x's rules.
    assert!(kb.rule_stratum[0] > kb.rule_stratum[1]);
    let engine = run(&kb, &[("a", Value::Present), ("b", Value::Present)]);
    assert_eq!(fired(&kb, &engine), ["x_from_b"]);

    let engine = run(
        &kb,
        &[
            ("a", Value::Present),
            ("b", Value::Absent),
            ("c", Value::Absent),
        ],
    );
    assert_eq!(fired(&kb, &engine), ["without_x", "y_supports"]);
    assert_eq!(engine.value(kb.fact("x").unwrap()), Value::Absent);
}

#[test]
fn a_concept_stays_unknown_while_a_rule_could_still_derive_it() {
    let kb = kb(NEGATION);
    let engine = run(&kb, &[("a", Value::Present), ("b", Value::Absent)]);
    assert_eq!(engine.value(kb.fact("x").unwrap()), Value::Unknown);
    assert!(
        fired(&kb, &engine).is_empty(),
        "not unknown is unknown, so nothing fires"
    );
}

#[test]
fn cycles_through_negation_are_rejected_naming_their_rules() {
    let error = load(
        "
concepts: [{id: x}, {id: y}]
rules:
  - id: x_unless_y
    when: {not: y}
    then: [{derive: x}]
  - id: y_if_x
    when: x
    then: [{derive: y}]
",
    )
    .unwrap_err();
    let text = error.render(crate::style::Style::PLAIN);
    assert!(
        text.contains("the rules `x_unless_y` → `y_if_x` form a cycle through negation"),
        "{text}"
    );
}

#[test]
fn reading_a_concept_as_absent_is_a_negation_too() {
    let error = load(
        "
concepts: [{id: x}]
rules:
  - id: x_unless_x
    when: {x: absent}
    then: [{derive: x}]
",
    )
    .unwrap_err();
    assert!(
        error
            .render(crate::style::Style::PLAIN)
            .contains("cycle through negation")
    );
}

#[test]
fn positive_cycles_reach_a_fixpoint() {
    let kb = kb("
concepts: [{id: x}, {id: y}]
rules:
  - {id: x_from_y, when: y, then: [{derive: x}]}
  - {id: y_from_x, when: x, then: [{derive: y}]}
  - {id: x_from_a, when: a, then: [{derive: x}]}
  - {id: not_y, when: {all: [b, {not: y}]}, then: [{supports: one, weight: 1}]}
");
    let engine = run(&kb, &[("a", Value::Present)]);
    assert_eq!(fired(&kb, &engine), ["x_from_a", "y_from_x", "x_from_y"]);
    // Without a, nothing grounds the loop: both concepts are absent, so `not y` holds.
    let engine = run(&kb, &[("a", Value::Absent), ("b", Value::Present)]);
    assert_eq!(engine.value(kb.fact("y").unwrap()), Value::Absent);
    assert_eq!(fired(&kb, &engine), ["not_y"]);
}

#[test]
fn rules_fire_by_salience_then_definition_order() {
    let kb = kb("
rules:
  - {id: first_defined, when: a, then: [{supports: one, weight: 1}]}
  - {id: high, salience: 10, when: a, then: [{supports: one, weight: 1}]}
  - {id: second_defined, when: a, then: [{supports: two, weight: 1}]}
  - {id: low, salience: -5, when: a, then: [{supports: two, weight: 1}]}
");
    let engine = run(&kb, &[("a", Value::Present)]);
    assert_eq!(
        fired(&kb, &engine),
        ["high", "first_defined", "second_defined", "low"]
    );
}

#[test]
fn refraction_fires_each_rule_once() {
    let kb = kb("
concepts: [{id: x}]
rules:
  - {id: x_from_a, when: a, then: [{derive: x}]}
  - {id: x_from_b, when: b, then: [{derive: x}]}
  - {id: on_x, when: {any: [x, c]}, then: [{supports: one, weight: 1}]}
");
    let mut engine = run(&kb, &[("a", Value::Present)]);
    for id in ["b", "c"] {
        engine.set(kb.fact(id).unwrap(), Value::Present);
        engine.run().unwrap();
    }
    assert_eq!(fired(&kb, &engine), ["x_from_a", "on_x", "x_from_b"]);
}

#[test]
fn the_firing_cap_stops_with_the_trace_so_far() {
    let kb = kb("
rules:
  - {id: r1, when: a, then: [{supports: one, weight: 1}]}
  - {id: r2, when: a, then: [{supports: one, weight: 1}]}
");
    let mut engine = Engine::new(&kb).with_max_firings(1);
    engine.set(kb.fact("a").unwrap(), Value::Present);
    let stopped = engine.run().unwrap_err();
    assert_eq!(stopped.cap, 1);
    assert_eq!(stopped.trace.len(), 1);
    assert_eq!(kb.rules[stopped.trace[0].rule].id, "r1");
}

const MIXED: &str = "
concepts: [{id: x}, {id: y}]
rules:
  - {id: x_from_ab, when: {all: [a, b]}, then: [{derive: x}]}
  - {id: y_from_x_or_c, when: {any: [x, c]}, then: [{derive: y}]}
  - {id: urgent_on_y, salience: 5, when: y, then: [{urgency: urgent, reason: y}]}
  - {id: emergency_on_abd, when: {all: [a, b, d]}, then: [{urgency: emergency, reason: abd}]}
  - {id: one_without_x, when: {all: [c, {not: x}]}, then: [{supports: one, weight: 2}]}
  - {id: two_on_y, when: y, then: [{supports: two, weight: 3}, {advice: rest}]}
  - {id: against_two, when: {d: absent}, then: [{against: two, weight: 1}]}
";

#[test]
fn the_same_answers_in_any_order_give_the_same_outcome() {
    let kb = kb(MIXED);
    let answers = [
        ("a", Value::Present),
        ("b", Value::Absent),
        ("c", Value::Present),
        ("d", Value::Absent),
    ];
    let mut answer_set = Answers::default();
    for (id, value) in answers {
        answer_set.values.insert(kb.fact(id).unwrap(), value);
    }
    let batch = assess(&kb, &answer_set).unwrap();
    let fired_set = |engine: &Engine| {
        let mut ids = fired(&kb, engine);
        ids.sort();
        ids
    };
    let batch_engine = run(&kb, &answers);
    // Every order of giving the answers, all at once or one at a time with a run in between.
    let mut order = [0, 1, 2, 3];
    for _ in 0..24 {
        let permuted: Vec<_> = order.iter().map(|&i| answers[i]).collect();
        let engine = run(&kb, &permuted);
        assert_eq!(
            fired(&kb, &engine),
            fired(&kb, &batch_engine),
            "batch order {order:?}"
        );
        let mut incremental = Engine::new(&kb);
        incremental.run().unwrap();
        for (id, value) in &permuted {
            incremental.set(kb.fact(id).unwrap(), *value);
            incremental.run().unwrap();
        }
        assert_eq!(
            fired_set(&incremental),
            fired_set(&batch_engine),
            "incremental order {order:?}"
        );
        assert_eq!(
            crate::assess::Outcome::from_trace(&kb, incremental.trace()).level,
            batch.level
        );
        next_permutation(&mut order);
    }
    assert_eq!(kb.levels[batch.level].id, "urgent");
    let ranked: Vec<&str> = batch
        .causes
        .iter()
        .map(|c| kb.causes[c.cause].id.as_str())
        .collect();
    // Both score 2 (two: +3 -1); the tie breaks by definition order.
    assert_eq!(ranked, ["one", "two"]);
    assert_eq!(batch.causes[1].score, 2.0);
}

fn next_permutation(v: &mut [usize]) {
    let Some(i) = (1..v.len()).rev().find(|&i| v[i - 1] < v[i]) else {
        v.reverse();
        return;
    };
    let j = (i..v.len()).rev().find(|&j| v[j] > v[i - 1]).unwrap();
    v.swap(i - 1, j);
    v[i..].reverse();
}

#[test]
fn urgency_never_falls_below_the_default() {
    let kb = kb("
rules:
  - {id: calm, when: a, then: [{urgency: self_care, reason: fine}]}
");
    let mut answers = Answers::default();
    answers.values.insert(kb.fact("a").unwrap(), Value::Present);
    let outcome = assess(&kb, &answers).unwrap();
    assert_eq!(kb.levels[outcome.level].id, "routine");
}

#[test]
fn the_most_urgent_level_wins_and_reasons_list_it_first() {
    let kb = kb(MIXED);
    let mut answers = Answers::default();
    for id in ["a", "b", "d"] {
        answers.values.insert(kb.fact(id).unwrap(), Value::Present);
    }
    let outcome = assess(&kb, &answers).unwrap();
    assert_eq!(kb.levels[outcome.level].id, "emergency");
    let reasons: Vec<&str> = outcome.reasons.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(reasons, ["abd", "y"]);
}

#[test]
fn the_trace_records_the_facts_behind_each_firing() {
    let kb = kb(MIXED);
    let engine = run(
        &kb,
        &[
            ("a", Value::Present),
            ("b", Value::Present),
            ("c", Value::Absent),
        ],
    );
    let x_from_ab = &engine.trace()[0];
    assert_eq!(kb.rules[x_from_ab.rule].id, "x_from_ab");
    let facts: Vec<(&str, Value)> = x_from_ab
        .facts
        .iter()
        .map(|(f, v)| (kb.facts[*f].id.as_str(), *v))
        .collect();
    assert_eq!(facts, [("a", Value::Present), ("b", Value::Present)]);
}

/// A synthetic knowledge base of 500 rules and 60 cases (as text, and read).
fn synthetic(seed: u64) -> (KnowledgeBase, Vec<(String, Answers)>) {
    use crate::synth::{Config, generate};
    let synthetic = generate(Config {
        rules: 500,
        cases: 60,
        seed,
    });
    let files = synthetic
        .files
        .into_iter()
        .map(|(name, text)| SourceFile { name, text })
        .collect();
    let kb = load_files(files).unwrap().kb;
    let cases = synthetic
        .cases
        .into_iter()
        .map(|case| {
            let root = serde_json::from_str(&case).unwrap();
            let answers = Answers::from_node(&kb, &root, 0).unwrap();
            (case, answers)
        })
        .collect();
    (kb, cases)
}

/// On synthetic knowledge bases (three strata, negation), answers given all at once or one at a
/// time reach the same state, and that state is a fixpoint: no rule left unfired is true, every
/// absent concept has only false derivers, and every unknown concept has one that is not false.
#[test]
fn incremental_settling_reaches_the_same_fixpoint_on_synthetic_knowledge_bases() {
    for seed in 1..=3 {
        let (kb, cases) = synthetic(seed);
        for (case, answers) in &cases {
            let mut all = Engine::new(&kb);
            let mut one_by_one = Engine::new(&kb);
            one_by_one.run().unwrap();
            for (&fact, &value) in &answers.values {
                all.set(fact, value);
                one_by_one.set(fact, value);
                one_by_one.run().unwrap();
            }
            all.run().unwrap();
            assert_eq!(all.values(), one_by_one.values(), "seed {seed}: {case}");
            let mut fired_all: Vec<_> = all.trace().iter().map(|f| f.rule).collect();
            let mut fired_steps: Vec<_> = one_by_one.trace().iter().map(|f| f.rule).collect();
            fired_all.sort();
            fired_steps.sort();
            assert_eq!(fired_all, fired_steps);
            for (r, rule) in kb.rules.iter().enumerate() {
                assert!(all.has_fired(r) || all.eval(&rule.when) != Tri::True);
            }
            for (f, fact) in kb.facts.iter().enumerate() {
                if !fact.is_concept() {
                    continue;
                }
                let falses = kb.derivers[f]
                    .iter()
                    .filter(|&&r| all.eval(&kb.rules[r].when) == Tri::False)
                    .count();
                match all.value(f) {
                    Value::Absent => assert_eq!(falses, kb.derivers[f].len()),
                    Value::Unknown => assert!(falses < kb.derivers[f].len()),
                    _ => {}
                }
            }
        }
    }
}

/// Waking only the readers an answer can make true (wake.rs) changes nothing: the same
/// firings, in the same order, with the same facts, and the same values, whether the answers
/// come all at once or one at a time, on synthetic knowledge bases and the shipped one.
#[test]
fn waking_only_the_readers_an_answer_can_make_true_changes_nothing() {
    let same = |kb: &KnowledgeBase, answers: &Answers, what: &str| {
        for one_at_a_time in [false, true] {
            let mut woken = Engine::new(kb).indexed();
            let mut every = Engine::new(kb);
            for engine in [&mut woken, &mut every] {
                for (&fact, &value) in &answers.values {
                    engine.set(fact, value);
                    if one_at_a_time {
                        engine.run().unwrap();
                    }
                }
                engine.run().unwrap();
            }
            assert_eq!(woken.trace(), every.trace(), "{what}");
            assert_eq!(woken.values(), every.values(), "{what}");
        }
    };
    for seed in 1..=3 {
        let (kb, cases) = synthetic(seed);
        for (case, answers) in &cases {
            same(&kb, answers, case);
        }
    }
    let kb = crate::kb::load(&crate::kb::KbSource::Builtin).unwrap().kb;
    let files = crate::kb::builtin_scenario_files();
    let suite = crate::scenario::Suite::parse(&kb, files).unwrap();
    for scenario in &suite.scenarios {
        same(&kb, &scenario.answers, &scenario.name);
    }
}

const NOT_SURE: &str = "
concepts: [{id: x}]
rules:
  - id: a_with_b_not_known
    when: {all: [a, {b: unknown}]}
    then: [{urgency: urgent, reason: r}]
  - id: x_when_c_not_known
    when: {c: unknown}
    then: [{derive: x}]
  - id: d_without_x
    when: {all: [d, {not: x}]}
    then: [{urgency: emergency, reason: r}]
";

/// In an interview `{b: unknown}` waits for b's question: a rule that reads it neither fires
/// before b is asked (and stays fired after a "no") nor is taken for false; once b was asked
/// and is still unknown ("not sure"), or the interview is over, it is true as in `assess`.
#[test]
fn an_unanswered_test_waits_for_its_question_in_an_interview() {
    let kb: &'static KnowledgeBase = Box::leak(Box::new(kb(NOT_SURE)));
    let [a, b, d, x] = ["a", "b", "d", "x"].map(|id| kb.fact(id).unwrap());
    let mut engine = Engine::new(kb).interviewing();
    engine.set(a, Value::Present);
    engine.set(d, Value::Present);
    engine.run().unwrap();
    assert!(fired(kb, &engine).is_empty(), "{:?}", fired(kb, &engine));
    assert_eq!(engine.value(x), Value::Unknown, "x may still be derived");
    assert!(engine.is_pending(b));

    // Answered "no": the rule never fires.
    let mut no = engine.clone();
    no.set(b, Value::Absent);
    no.settle(b);
    no.run().unwrap();
    assert!(fired(kb, &no).is_empty());

    // Answered "not sure": it fires now.
    engine.settle(b);
    engine.run().unwrap();
    assert_eq!(fired(kb, &engine), ["a_with_b_not_known"]);
    assert!(!engine.is_pending(b));

    // The end of the interview decides the rest, as `assess` on the same answers does.
    engine.settle_all();
    engine.run().unwrap();
    assert_eq!(engine.value(x), Value::Present);
    let mut answers = Answers::default();
    answers.values.insert(a, Value::Present);
    answers.values.insert(d, Value::Present);
    let batch = assess(kb, &answers).unwrap();
    let mut rules = fired(kb, &engine);
    rules.sort();
    let mut expected: Vec<String> = batch
        .trace
        .iter()
        .map(|f| kb.rules[f.rule].id.to_string())
        .collect();
    expected.sort();
    assert_eq!(rules, expected);
    assert_eq!(rules, ["a_with_b_not_known", "x_when_c_not_known"]);
}

/// `{b: not_sure}` is true only when b was asked and answered "not sure": never for a
/// question left out of the answers (a script's partial answers are not escalated for what
/// they leave out), never before b is asked in an interview, and not at the interview's end
/// for a question it never asked.
#[test]
fn not_sure_needs_an_answer_of_not_sure() {
    let kb: &'static KnowledgeBase = Box::leak(Box::new(kb("
rules:
  - id: a_with_b_not_sure
    when: {all: [a, {b: not_sure}]}
    then: [{urgency: urgent, reason: r}]
")));
    let [a, b] = ["a", "b"].map(|id| kb.fact(id).unwrap());
    let level = |answers: &[(FactId, Value)]| {
        let mut given = Answers::default();
        given.values.extend(answers.iter().copied());
        assess(kb, &given).unwrap().level
    };
    let urgent = kb.level("urgent").unwrap();
    let routine = kb.level("routine").unwrap();
    assert_eq!(
        level(&[(a, Value::Present)]),
        routine,
        "b left out: not asked"
    );
    assert_eq!(level(&[(a, Value::Present), (b, Value::Unsure)]), urgent);
    assert_eq!(level(&[(a, Value::Present), (b, Value::Absent)]), routine);

    let mut engine = Engine::new(kb).interviewing();
    engine.set(a, Value::Present);
    engine.run().unwrap();
    let mut ended = engine.clone();
    ended.settle_all();
    ended.run().unwrap();
    assert!(
        fired(kb, &ended).is_empty(),
        "b never asked is not b not sure"
    );
    engine.set(b, Value::Unsure);
    engine.run().unwrap();
    assert!(
        fired(kb, &engine).is_empty(),
        "b still pending (a checklist's not sure)"
    );
    engine.settle(b);
    engine.run().unwrap();
    assert_eq!(fired(kb, &engine), ["a_with_b_not_sure"]);
}

const ANSWERED: &str = "
concepts: [{id: x}]
rules:
  - {id: x_once_a_is_answered, when: {not: {a: unknown}}, then: [{derive: x}]}
  - {id: without_x, when: {not: x}, then: [{supports: one, weight: 1}]}
";

/// A concept whose only rule needs an answer (`{not: {a: unknown}}`) is absent when none was
/// given, so a rule that reads it negated fires; in an interview it stays unknown while the
/// question may still be asked.
#[test]
fn a_concept_that_needs_an_answer_settles_only_once_the_question_cannot_come() {
    let kb: &'static KnowledgeBase = Box::leak(Box::new(kb(ANSWERED)));
    let [a, x] = ["a", "x"].map(|id| kb.fact(id).unwrap());
    let engine = run(kb, &[]);
    assert_eq!(engine.value(x), Value::Absent);
    assert_eq!(fired(kb, &engine), ["without_x"]);
    let engine = run(kb, &[("a", Value::Absent)]);
    assert_eq!(fired(kb, &engine), ["x_once_a_is_answered"]);

    let mut interview = Engine::new(kb).interviewing();
    interview.run().unwrap();
    assert_eq!(interview.value(x), Value::Unknown);
    assert!(fired(kb, &interview).is_empty());
    interview.settle(a);
    interview.run().unwrap();
    assert_eq!(fired(kb, &interview), ["without_x"]);
}

/// A trace handed back for its allocations never takes the place of the engine's own.
#[test]
fn a_recycled_trace_leaves_the_engine_s_own_trace_alone() {
    let kb: &'static KnowledgeBase = Box::leak(Box::new(kb(ANSWERED)));
    let mut engine = run(kb, &[]);
    let own = engine.trace().to_vec();
    assert_eq!(fired(kb, &engine), ["without_x"]);
    let mut other = run(kb, &[("a", Value::Absent)]).into_trace();
    other.reserve(64);
    engine.recycle(other);
    assert_eq!(engine.trace(), own);
}

const CYCLE: &str = "
concepts: [{id: x}, {id: y}]
rules:
  - {id: x_from_a_or_y, when: {any: [a, y]}, then: [{derive: x}]}
  - {id: y_from_x, when: x, then: [{derive: y}]}
";

/// An answer that leaves a positive cycle (x from y, y from x) with nothing else to derive it
/// from settles the whole cycle to absent, though only x's rule reads the answer.
#[test]
fn an_answer_settles_a_whole_positive_cycle_at_once() {
    let kb: &'static KnowledgeBase = Box::leak(Box::new(kb(CYCLE)));
    let [a, x, y] = ["a", "x", "y"].map(|id| kb.fact(id).unwrap());
    let mut engine = run(kb, &[]);
    assert_eq!([engine.value(x), engine.value(y)], [Value::Unknown; 2]);
    engine.set(a, Value::Absent);
    engine.run().unwrap();
    assert_eq!([engine.value(x), engine.value(y)], [Value::Absent; 2]);
}

/// Readers of `a` and of a number, each with the tests an answer turns true or false.
const READERS: &str = "
findings:
  - {id: n, kind: number, question: n?, min: 0, max: 120}
concepts: [{id: x}]
rules:
  - id: a_yes
    when: a
    then: [{urgency: urgent, reason: r}]
  - id: a_no
    when: {not: a}
    then: [{urgency: urgent, reason: r}]
  - id: a_not_given
    when: {a: unknown}
    then: [{urgency: urgent, reason: r}]
  - id: x_from_a
    when: {all: [b, {not: a}]}
    then: [{derive: x}]
  - id: n_from_50
    when: {n: {at_least: 50}}
    then: [{urgency: urgent, reason: r}]
  - id: n_to_45
    when: {n: {at_most: 45}}
    then: [{urgency: urgent, reason: r}]
";

fn rule_ids(kb: &KnowledgeBase, rules: impl IntoIterator<Item = RuleId>) -> Vec<String> {
    let mut ids: Vec<String> = rules
        .into_iter()
        .map(|r| kb.rules[r].id.to_string())
        .collect();
    ids.sort();
    ids
}

/// The index wakes, of a fact's readers, exactly those the new value can make true, and every
/// rule that derives a concept (looking at it is what lets the concept settle): a yes wakes the
/// positive readers, a no the negated ones, an age of 42 the rules whose bounds it meets. A
/// test of "not answered" turns false either way.
#[test]
fn the_wake_index_names_exactly_the_readers_a_value_can_make_true() {
    let kb = kb(READERS);
    let wake = wake::Wake::new(&kb);
    let woken = |fact: &str, value: Value| {
        let mut rules = Vec::new();
        wake.readers(kb.fact(fact).unwrap(), value, |r| rules.push(r));
        rule_ids(&kb, rules)
    };
    assert_eq!(woken("a", Value::Present), ["a_yes", "x_from_a"]);
    assert_eq!(woken("a", Value::Absent), ["a_no", "x_from_a"]);
    assert_eq!(woken("n", Value::Number(42.0)), ["n_to_45"]);
    assert_eq!(woken("n", Value::Number(50.0)), ["n_from_50"]);
}

/// An answer to an indexed engine queues only the readers the index names; one that is not
/// indexed queues every reader. Either way the outcome is the same
/// (`waking_only_the_readers_an_answer_can_make_true_changes_nothing`); this checks that the
/// index is used.
#[test]
fn an_answer_to_an_indexed_engine_queues_only_the_readers_it_can_make_true() {
    let kb = kb(READERS);
    for (indexed, expected) in [
        (true, &["a_yes", "x_from_a"][..]),
        // a_not_given fired in the first run (nothing was known of a), so it is not queued.
        (false, &["a_no", "a_yes", "x_from_a"][..]),
    ] {
        let mut engine = Engine::new(&kb);
        if indexed {
            engine = engine.indexed();
        }
        engine.run().unwrap();
        assert!(engine.agenda.is_empty());
        engine.set(kb.fact("a").unwrap(), Value::Present);
        let mut queued = Vec::new();
        for stratum in 0..kb.strata.len() {
            while let Some(rule) = engine.agenda.pop(stratum) {
                queued.push(rule);
            }
        }
        assert_eq!(rule_ids(&kb, queued), expected, "indexed: {indexed}");
    }
}

/// The agenda's own contract, apart from the engine's use of it: a rule waits once however
/// often it is pushed, `is_empty` counts what is waiting, and `pop` takes the first rule of the
/// stratum asked for in firing order, never one of another stratum.
#[test]
fn the_agenda_holds_each_rule_once_and_pops_by_stratum_in_firing_order() {
    // d_without_x reads x negated, so it is in a later stratum than the rule deriving x.
    let kb = kb(NOT_SURE);
    let rule = |id: &str| kb.rules.iter().position(|r| r.id == id).unwrap();
    let stratum = |id: &str| kb.rule_stratum[rule(id)];
    assert_eq!(stratum("d_without_x"), 1);
    let mut agenda = agenda::Agenda::full(&kb);
    assert!(!agenda.is_empty());
    let popped = rule_ids(&kb, std::iter::from_fn(|| agenda.pop(1)));
    assert_eq!(popped, ["d_without_x"]);
    assert!(!agenda.is_empty(), "stratum 0 still waits");
    let first = agenda.pop(0).unwrap();
    assert_eq!(kb.rules[first].id, "a_with_b_not_known", "firing order");
    assert_eq!(
        agenda.pop(0).map(|r| kb.rules[r].id.as_str()),
        Some("x_when_c_not_known")
    );
    assert_eq!(agenda.pop(0), None);
    assert!(agenda.is_empty());

    // The first bit of its stratum's word, and a later bit of another.
    for (id, stratum) in [("d_without_x", 1), ("x_when_c_not_known", 0)] {
        let rule = rule(id);
        assert_eq!(agenda.push(rule), Some(stratum));
        assert_eq!(agenda.push(rule), None, "{id} already waiting");
        assert!(!agenda.is_empty());
        assert_eq!(agenda.pop(stratum), Some(rule));
        assert!(agenda.is_empty(), "{id} pushed twice, waiting once");
        assert_eq!(agenda.pop(stratum), None);
    }
}

const THREE: &str = "
rules:
  - id: from_a
    when: a
    then: [{urgency: urgent, reason: r}]
  - id: from_b
    when: b
    then: [{urgency: urgent, reason: r}]
  - id: from_c
    when: c
    then: [{urgency: urgent, reason: r}]
";

/// `restore` works in place when the engine ran to its end: it puts back what changed and
/// keeps the engine's own allocations (its spare fact lists), rather than copying `earlier`
/// whole, which would cost as much as the knowledge base is large. `recycle` keeps a trace's
/// allocations for the next firings.
#[test]
fn restore_puts_back_only_what_changed_and_recycle_keeps_the_allocations() {
    let kb = kb(THREE);
    let mut earlier = Engine::new(&kb).indexed();
    earlier.run().unwrap();
    assert!(earlier.trace().is_empty());
    let mut engine = earlier.clone();
    engine.set(kb.fact("a").unwrap(), Value::Present);
    engine.set(kb.fact("b").unwrap(), Value::Present);
    engine.run().unwrap();
    assert_eq!(fired(&kb, &engine), ["from_a", "from_b"]);

    let trace = engine.restore(&earlier);
    assert_eq!(trace.len(), 2);
    assert_eq!(engine.values(), earlier.values());
    assert!(engine.trace().is_empty());
    let capacity = trace.capacity();
    engine.recycle(trace);
    assert_eq!(
        engine.spare_facts.len(),
        2,
        "each firing's fact list is kept"
    );
    assert_eq!(
        engine.trace.capacity(),
        capacity,
        "the trace's own list is kept"
    );

    // Restored again, after firing more than `earlier` (one rule) and after nothing at all:
    // each time the spare lists stay, which a copy of `earlier` (none) would have dropped.
    engine.set(kb.fact("c").unwrap(), Value::Present);
    engine.run().unwrap();
    assert_eq!(fired(&kb, &engine), ["from_c"]);
    engine.spare_facts.push(Vec::new());
    let spare = engine.spare_facts.len();
    let trace = engine.restore(&earlier);
    assert_eq!(fired(&kb, &engine), Vec::<String>::new());
    assert_eq!(engine.spare_facts.len(), spare);
    engine.recycle(trace);
    let spare = engine.spare_facts.len();
    assert!(engine.restore(&earlier).is_empty());
    assert_eq!(engine.spare_facts.len(), spare);
    assert_eq!(engine.values(), earlier.values());
}

/// An engine stopped at the firing cap did not run to its end: rules are still waiting on its
/// agenda. `restore` copies `earlier` whole then, so that nothing left waiting keeps a later
/// answer from being looked at: here from_c must fire once c is answered after the restore.
#[test]
fn restore_after_the_firing_cap_copies_the_earlier_engine_whole() {
    let kb = kb(THREE);
    let mut earlier = Engine::new(&kb).with_max_firings(1);
    earlier.run().unwrap();
    let mut engine = earlier.clone();
    for id in ["a", "b", "c"] {
        engine.set(kb.fact(id).unwrap(), Value::Present);
    }
    assert!(
        engine.run().is_err(),
        "the cap of one firing stops it at from_b"
    );
    assert!(!engine.agenda.is_empty(), "from_c still waits");
    engine.restore(&earlier);
    assert_eq!(engine.values(), earlier.values());
    engine.set(kb.fact("c").unwrap(), Value::Present);
    engine.run().unwrap();
    assert_eq!(fired(&kb, &engine), ["from_c"]);
}

const GUARDED: &str = "
findings:
  - {id: n, kind: number, question: n?, min: 0, max: 120}
rules:
  - id: b_and_n
    when: {all: [b, {n: {at_least: 50}}]}
    then: [{urgency: urgent, reason: r}]
  - id: n_alone
    when: {n: {at_least: 50}}
    then: [{urgency: urgent, reason: r}]
  - id: c_and_n
    when: {all: [c, {n: {at_least: 50}}]}
    then: [{urgency: urgent, reason: r}]
";

fn queued(engine: &mut Engine) -> Vec<RuleId> {
    let mut queued = Vec::new();
    for stratum in 0..engine.kb.strata.len() {
        while let Some(rule) = engine.agenda.pop(stratum) {
            queued.push(rule);
        }
    }
    queued
}

/// A rule of several parts waits on the part whose facts have the fewest readers (its
/// guard, here b or c, as n has three): an answer to n alone wakes only the rules that read
/// n by itself, and wakes b_and_n once b is present. The same holds after `restore`, which
/// disarms what a case armed.
#[test]
fn a_rule_of_several_parts_wakes_only_once_its_guard_holds() {
    let kb = kb(GUARDED);
    let (b, c, n) = (
        kb.fact("b").unwrap(),
        kb.fact("c").unwrap(),
        kb.fact("n").unwrap(),
    );
    let mut earlier = Engine::new(&kb).indexed();
    earlier.run().unwrap();
    let mut engine = earlier.clone();
    for _ in 0..2 {
        engine.set(n, Value::Number(60.0));
        assert_eq!(rule_ids(&kb, queued(&mut engine)), ["n_alone"]);
        engine.restore(&earlier);

        // b first: b_and_n is looked at, its guard holds, so an age then wakes it.
        engine.set(b, Value::Present);
        engine.run().unwrap();
        assert!(fired(&kb, &engine).is_empty());
        engine.set(n, Value::Number(60.0));
        engine.run().unwrap();
        assert_eq!(fired(&kb, &engine), ["b_and_n", "n_alone"]);
        engine.restore(&earlier);
        assert!(engine.arms.is_empty() && !engine.is_armed.contains(&true));
        assert!(engine.armed.iter().all(Vec::is_empty));

        // Both at once, in the order the answers come, then c alone after the age.
        engine.set(n, Value::Number(60.0));
        engine.set(b, Value::Present);
        engine.run().unwrap();
        assert_eq!(fired(&kb, &engine), ["b_and_n", "n_alone"]);
        engine.set(c, Value::Present);
        engine.run().unwrap();
        assert_eq!(fired(&kb, &engine), ["b_and_n", "n_alone", "c_and_n"]);
        engine.restore(&earlier);
    }
}

/// A batch's way, one indexed engine put back after each case (`restore`), gives every case
/// the same firings, in the same order, and the same values as a fresh engine that wakes
/// every reader, on synthetic knowledge bases and the shipped scenarios.
#[test]
fn an_indexed_engine_restored_between_cases_matches_a_fresh_one() {
    let check = |kb: &KnowledgeBase, cases: &mut dyn Iterator<Item = (&str, &Answers)>| {
        let mut earlier = Engine::new(kb).indexed();
        earlier.run().unwrap();
        let mut engine = earlier.clone();
        for (what, answers) in cases {
            let mut every = Engine::new(kb);
            for (&fact, &value) in &answers.values {
                engine.set(fact, value);
                every.set(fact, value);
            }
            engine.run().unwrap();
            every.run().unwrap();
            assert_eq!(engine.trace(), every.trace(), "{what}");
            assert_eq!(engine.values(), every.values(), "{what}");
            engine.restore(&earlier);
        }
    };
    for seed in 1..=3 {
        let (kb, cases) = synthetic(seed);
        check(&kb, &mut cases.iter().map(|(c, a)| (c.as_str(), a)));
    }
    let kb = crate::kb::load(&crate::kb::KbSource::Builtin).unwrap().kb;
    let suite = crate::scenario::Suite::parse(&kb, crate::kb::builtin_scenario_files()).unwrap();
    check(
        &kb,
        &mut suite
            .scenarios
            .iter()
            .map(|s| (s.name.as_str(), &s.answers)),
    );
}
