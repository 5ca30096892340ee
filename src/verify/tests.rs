use super::*;
use crate::diagnostic::SourceFile;
use crate::kb::load_files;

const HEAD: &str = "
metadata:
  name: t
  version: 0.1.0
  status: draft
  last_reviewed: 2026-11-26
  min_cause_score: 2
default_level: self_care
levels:
  - {id: emergency, label: E, action: Go now., emergency: true}
  - {id: urgent, label: U, action: Today.}
  - {id: self_care, label: S, action: Rest.}
findings:
  - {id: a, question: A?}
  - {id: b, question: B?}
  - {id: c, question: C?, red_flag: true}
  - {id: age, kind: number, question: Age?, unit: years, min: 0, max: 120}
  - {id: sex, kind: choice, question: Sex?, options: [female, male]}
causes:
  - {id: x, name: X}
not_sure: {reason: Not sure.}
";

/// A report in which every check was decided.
fn decided(report: Report) -> Report {
    assert_eq!(report.stopped, None);
    report
}

fn kb(rest: &str) -> KnowledgeBase {
    kb_text(format!("{HEAD}{rest}"))
}

fn kb_text(text: String) -> KnowledgeBase {
    let files = vec![SourceFile {
        name: "kb.yaml".into(),
        text,
    }];
    match load_files(files) {
        Ok(loaded) => loaded.kb,
        Err(error) => panic!("{}", error.render(crate::style::Style::PLAIN)),
    }
}

/// Every combination of answers to the fixture's findings, "not sure" included (4 * 4 * 4 * 5 * 3).
fn every_answer_set(kb: &KnowledgeBase) -> Vec<Answers> {
    let mut all = vec![Answers::default()];
    for (fact, finding) in kb.findings() {
        let values: Vec<Value> = match &finding.kind {
            FactKind::Number { .. } => [None, Some(10.0), Some(49.5), Some(50.0), Some(80.0)]
                .iter()
                .map(|n| n.map_or(Value::Unknown, Value::Number))
                .collect(),
            FactKind::Choice { options } => std::iter::once(Value::Unknown)
                .chain((0..options.len()).map(Value::Choice))
                .collect(),
            _ => vec![Value::Unknown, Value::Present, Value::Absent, Value::Unsure],
        };
        all = all
            .into_iter()
            .flat_map(|answers| {
                values.iter().map(move |&v| {
                    let mut next = answers.clone();
                    if v != Value::Unknown {
                        next.values.insert(fact, v);
                    }
                    next
                })
            })
            .collect();
    }
    all
}

/// The encoding agrees with the engine on every answer set: urgency, fired rules, concepts.
fn agrees_everywhere(kb: &KnowledgeBase) {
    for answers in every_answer_set(kb) {
        let (outcome, engine) = run_engine(kb, &answers).unwrap();
        let simulated = simulate(kb, &answers);
        let fired: Vec<bool> = (0..kb.rules.len()).map(|r| engine.has_fired(r)).collect();
        let concepts: Vec<(FactId, Value)> = simulated
            .concepts
            .iter()
            .map(|&(f, _)| (f, engine.value(f)))
            .collect();
        let shown = answers.to_yaml(kb);
        assert_eq!(simulated.level, outcome.level, "urgency for\n{shown}");
        assert_eq!(simulated.fired, fired, "fired rules for\n{shown}");
        assert_eq!(simulated.concepts, concepts, "concepts for\n{shown}");
    }
}

#[test]
fn encoding_matches_engine_with_negation_and_numbers() {
    agrees_everywhere(&kb("
concepts:
  - {id: p}
  - {id: q}
rules:
  - {id: r1, when: {all: [a, {age: {at_least: 50}}]}, then: [{derive: p}]}
  - {id: r2, when: {any: [b, {sex: female}]}, then: [{derive: p}]}
  - {id: r3, when: {all: [{not: p}, c]}, then: [{urgency: urgent, reason: R.}]}
  - {id: r4, when: {at_least: 2, of: [a, b, {not: c}]}, then: [{derive: q}]}
  - {id: r5, when: {all: [q, {p: absent}]}, then: [{urgency: emergency, reason: R.}]}
  - {id: r6, when: {age: {more_than: 49, less_than: 50}}, then: [{supports: x, weight: 2}]}
  - {id: r7, when: {all: [{b: not_sure}, {not: {c: unknown}}]}, then: [{urgency: urgent, reason: R.}]}
  - {id: r8, when: {all: [{a: unknown}, {not: {a: not_sure}}, p]}, then: [{derive: q}]}
"));
}

#[test]
fn encoding_matches_engine_on_positive_cycles() {
    // p and q derive each other: neither may support itself, and both settle absent only
    // when no way in is left open.
    agrees_everywhere(&kb("
concepts:
  - {id: p}
  - {id: q}
  - {id: s}
rules:
  - {id: r1, when: q, then: [{derive: p}]}
  - {id: r2, when: {any: [p, {all: [a, b]}]}, then: [{derive: q}]}
  - {id: r3, when: {all: [p, s]}, then: [{derive: s}]}
  - {id: r4, when: {any: [s, c]}, then: [{derive: s}]}
  - {id: r5, when: {not: p}, then: [{urgency: urgent, reason: R.}]}
  - {id: r6, when: {all: [{not: s}, {sex: male}]}, then: [{urgency: emergency, reason: R.}]}
"));
}

#[test]
fn an_invariant_that_holds_is_proven() {
    let kb = kb("
rules:
  - {id: r1, when: c, then: [{urgency: emergency, reason: R.}]}
invariants:
  - {id: i1, when: {all: [c, a]}, at_least: emergency}
");
    let report = decided(verify(&kb));
    assert_eq!(report.failures(), 0);
    assert_eq!(
        report.verdicts.len(),
        3,
        "one invariant, one red flag checked twice"
    );
}

#[test]
fn a_broken_invariant_gets_a_smallest_confirmed_counterexample() {
    let kb = kb("
rules:
  - {id: r1, when: {all: [c, {not: a}, {age: {less_than: 50}}]}, then: [{urgency: emergency, reason: R.}]}
  - {id: r2, when: {all: [a, b]}, then: [{supports: x, weight: 3}]}
invariants:
  - {id: i1, when: c, at_least: emergency}
  - {id: i2, when: {all: [a, b]}, at_least: self_care, lists_cause: x}
  - {id: i3, when: a, at_least: self_care, lists_cause: x}
");
    let report = decided(verify(&kb));
    let first = report.verdicts[0].counterexample.as_ref().unwrap();
    // c alone leaves `not a` unknown: the rule can't fire; one answer is the smallest.
    assert_eq!(first.answers.to_yaml(&kb), "findings:\n  c: present\n");
    assert_eq!(kb.levels[first.level].id, "self_care");
    assert_eq!(report.verdicts[1].counterexample, None);
    let third = report.verdicts[2].counterexample.as_ref().unwrap();
    assert_eq!(third.answers.to_yaml(&kb), "findings:\n  a: present\n");
    assert_eq!(third.listed, Some(false));
}

#[test]
fn red_flags_read_as_absent_still_never_lower_the_urgency() {
    // Only a rule reading `c` as absent could make its presence lower the urgency.
    let kb = kb("
rules:
  - {id: r1, when: {all: [a, {c: absent}]}, then: [{urgency: emergency, reason: R.}]}
  - {id: r2, when: {all: [a, {not: c}]}, then: [{urgency: urgent, reason: R.}]}
");
    let report = decided(verify(&kb));
    assert_eq!(report.verdicts.len(), 2);
    // Unknown `c` can't fire either rule, so presence can't lower anything: proven.
    assert_eq!(report.failures(), 0);
}

#[test]
fn scores_are_tracked_exactly() {
    let kb = kb("
rules:
  - {id: r1, when: a, then: [{supports: x, weight: 1.5}]}
  - {id: r2, when: b, then: [{supports: x, weight: 0.5}]}
  - {id: r3, when: c, then: [{against: x, weight: 1}]}
invariants:
  - {id: ab, when: {all: [a, b, {c: absent}]}, at_least: self_care, lists_cause: x}
  - {id: abc, when: {all: [a, b]}, at_least: self_care, lists_cause: x}
");
    let report = decided(verify(&kb));
    assert_eq!(report.verdicts[0].counterexample, None);
    let broken = report.verdicts[1].counterexample.as_ref().unwrap();
    assert_eq!(
        broken.answers.to_yaml(&kb),
        "findings:\n  a: present\n  b: present\n  c: present\n"
    );
}

/// Three invariants (one proven, one broken by its urgency, one by its cause) and a red flag
/// whose presence lowers the urgency: `{c: unknown}` fires the emergency rule.
const BROKEN: &str = "
rules:
  - {id: r1, when: {all: [a, {c: unknown}]}, then: [{urgency: emergency, reason: R.}]}
  - {id: r2, when: b, then: [{supports: x, weight: 3}]}
  - {id: r3, when: {all: [a, c]}, then: [{urgency: urgent, reason: R.}]}
invariants:
  - {id: i1, description: '  a and c: at least urgent  ', when: {all: [a, c]}, at_least: urgent}
  - {id: i2, when: {all: [a, c]}, at_least: emergency}
  - {id: i3, when: a, at_least: emergency, lists_cause: x}
";

#[test]
fn a_red_flag_whose_presence_lowers_the_urgency_gets_a_confirmed_counterexample() {
    let kb = kb(BROKEN);
    let report = decided(verify(&kb));
    let c = kb.fact("c").unwrap();
    let monotone = report
        .verdicts
        .iter()
        .find(|v| v.check == Check::Monotone(c))
        .unwrap();
    let counterexample = monotone
        .counterexample
        .as_ref()
        .expect("c lowers the urgency");
    assert_eq!(
        counterexample.answers.to_yaml(&kb),
        "findings:\n  a: present\n"
    );
    assert_eq!(kb.levels[counterexample.level].id, "emergency");
    assert_eq!(
        counterexample
            .level_with_flag
            .map(|l| kb.levels[l].id.as_str()),
        Some("urgent")
    );
    assert_eq!(counterexample.listed, None);
}

#[test]
fn the_report_says_what_each_counterexample_breaks() {
    let kb = kb(BROKEN);
    let report = decided(verify(&kb));
    assert_eq!(report.failures(), 3);
    let replay = "(replay with `triage assess --answers FILE`):";
    let expected = format!(
        "\
proven   i1: a and c: at least urgent
FAILED   i2: whenever its condition holds, the urgency is at least emergency
         these answers give the urgency urgent, not at least emergency {replay}
           findings:
             a: present
             c: present
FAILED   i3: whenever its condition holds, the urgency is at least emergency and x is listed
         these answers do not list x {replay}
           findings:
             a: present
FAILED   red flag c: answering it present never lowers the urgency
         these answers give the urgency emergency, but only urgent once c is answered present {replay}
           findings:
             a: present
proven   red flag c: \"not sure\" of it is never below not asking, and at least urgent wherever it decides between an emergency and home
1 of 3 invariants proven; 0 of 1 red flag proven monotone, 1 of 1 with \"not sure\" examined; FAILED: 3 counterexamples
"
    );
    assert_eq!(text(&kb, &report, crate::style::Style::PLAIN), expected);
}

#[test]
fn the_report_of_checks_that_all_hold_counts_them() {
    let kb = kb("
rules:
  - {id: r1, when: c, then: [{urgency: emergency, reason: R.}]}
  - {id: r2, when: a, then: [{supports: x, weight: 3}]}
invariants:
  - {id: i1, when: c, at_least: emergency}
");
    let report = decided(verify(&kb));
    assert_eq!(
        text(&kb, &report, crate::style::Style::PLAIN),
        "\
proven   i1: whenever its condition holds, the urgency is at least emergency
proven   red flag c: answering it present never lowers the urgency
proven   red flag c: \"not sure\" of it is never below not asking, and at least urgent wherever it decides between an emergency and home
1 of 1 invariant proven; 1 of 1 red flag proven monotone, 1 of 1 with \"not sure\" examined
"
    );
}

#[test]
fn not_sure_of_a_red_flag_that_decides_an_emergency_must_be_examined() {
    // Without the `not_sure:` setting nothing raises "not sure" of c: a counterexample, with
    // the levels of all three answers, replayed by the engine.
    let without = kb_text(
        HEAD.replace("not_sure: {reason: Not sure.}\n", "")
            + "
rules:
  - {id: r1, when: {all: [c, a]}, then: [{urgency: emergency, reason: R.}]}
",
    );
    let report = decided(verify(&without));
    let c = without.fact("c").unwrap();
    let verdict = report
        .verdicts
        .iter()
        .find(|v| v.check == Check::NotSure(c))
        .unwrap();
    let counterexample = verdict
        .counterexample
        .as_ref()
        .expect("not sure of c stays at home");
    assert_eq!(
        counterexample.answers.to_yaml(&without),
        "findings:\n  a: present\n  c: unknown\n"
    );
    let level = |l: Option<usize>| l.map(|l| without.levels[l].id.as_str());
    assert_eq!(level(Some(counterexample.level)), Some("self_care"));
    assert_eq!(level(counterexample.level_with_flag), Some("emergency"));
    assert_eq!(level(counterexample.level_without_flag), Some("self_care"));
    // With the setting, the generated rule closes it.
    let kb = kb("
rules:
  - {id: r1, when: {all: [c, a]}, then: [{urgency: emergency, reason: R.}]}
");
    assert_eq!(decided(verify(&kb)).failures(), 0);
}

/// "Not sure" is never less urgent than not asking: a rule that reads "not asked" apart from
/// "not sure" (here urgent only while c was not asked) is a counterexample.
#[test]
fn not_sure_of_a_red_flag_is_never_below_not_asking() {
    let kb = kb("
rules:
  - {id: r1, when: {all: [c, a]}, then: [{urgency: emergency, reason: R.}]}
  - {id: r2, when: {all: [{c: unknown}, {not: {c: not_sure}}, b]}, then: [{urgency: urgent, reason: R.}]}
");
    let c = kb.fact("c").unwrap();
    let report = decided(verify(&kb));
    let counterexample = report
        .verdicts
        .iter()
        .find(|v| v.check == Check::NotSure(c))
        .and_then(|v| v.counterexample.as_ref())
        .expect("not sure of c is below not asking");
    let level = |l: usize| kb.levels[l].id.as_str();
    assert_eq!(level(counterexample.level), "self_care");
    assert_eq!(counterexample.level_not_asked.map(level), Some("urgent"));
    assert!(counterexample.answers.to_yaml(&kb).contains("c: unknown"));
}

#[test]
fn verify_stops_once_its_time_is_up() {
    let circuit = Circuit::new();
    assert_eq!(
        Budget::new().check(&circuit, "whether `i1` holds").ok(),
        Some(())
    );
    let now = std::time::Instant::now();
    let late = Budget {
        deadline: now
            .checked_sub(std::time::Duration::from_millis(10))
            .unwrap_or(now),
    };
    std::thread::sleep(std::time::Duration::from_millis(20));
    let message = match late.check(&circuit, "whether `i1` holds") {
        Err(Error::Input(message)) => message,
        other => panic!("{other:?}"),
    };
    assert!(
        message.starts_with(&format!(
            "could not decide whether `i1` holds within {MAX_SECONDS} seconds (the limit of \
             `triage verify`)"
        )),
        "{message}"
    );
}

#[test]
fn encoding_matches_engine_on_unanswered_findings_and_counts() {
    agrees_everywhere(&kb("
concepts:
  - {id: p}
rules:
  - {id: r1, when: {a: unknown}, then: [{derive: p}]}
  - {id: r2, when: {all: [{age: unknown}, b]}, then: [{urgency: urgent, reason: R.}]}
  - {id: r3, when: {all: [{sex: unknown}, {not: p}]}, then: [{urgency: emergency, reason: R.}]}
  - {id: r4, when: {at_least: 1, of: [p, b, c]}, then: [{supports: x, weight: 2}]}
  - {id: r5, when: {at_least: 3, of: [a, b, {not: c}]}, then: [{urgency: emergency, reason: R.}]}
  - {id: r6, when: {not: {at_least: 1, of: [a, {age: {at_least: 50}}]}}, then: [{urgency: urgent, reason: R.}]}
"));
}

#[test]
fn a_cause_supported_through_a_concept_is_proven_listed() {
    // Only the evidence rule reads p: it must be encoded for the cause to be seen listed.
    let kb = kb("
concepts:
  - {id: p}
rules:
  - {id: r1, when: b, then: [{derive: p}]}
  - {id: r2, when: p, then: [{supports: x, weight: 3}]}
invariants:
  - {id: i1, when: {all: [a, b]}, at_least: self_care, lists_cause: x}
");
    let report = decided(verify(&kb));
    assert_eq!(report.verdicts[0].counterexample, None);
    assert_eq!(report.failures(), 0);
}

#[test]
fn only_the_weights_of_the_cause_itself_count_towards_listing_it() {
    let kb = kb_text(
        HEAD.replace(
            "  - {id: x, name: X}\n",
            "  - {id: x, name: X}\n  - {id: y, name: Y}\n",
        ) + "
rules:
  - {id: r1, when: a, then: [{supports: x, weight: 1}]}
  - {id: r2, when: b, then: [{supports: y, weight: 5}]}
  - {id: r3, when: b, then: [{supports: x, weight: 1}]}
invariants:
  - {id: i1, when: {all: [a, b]}, at_least: self_care, lists_cause: y}
  - {id: i2, when: {all: [a, b]}, at_least: self_care, lists_cause: x}
  - {id: i3, when: b, at_least: self_care, lists_cause: x}
",
    );
    let report = decided(verify(&kb));
    assert_eq!(report.verdicts[0].counterexample, None);
    assert_eq!(report.verdicts[1].counterexample, None);
    // b alone lists y, not x: the counterexample is about x only.
    let alone = report.verdicts[2].counterexample.as_ref().unwrap();
    assert_eq!(alone.answers.to_yaml(&kb), "findings:\n  b: present\n");
    assert_eq!(alone.listed, Some(false));
}

#[test]
fn the_verdicts_reached_before_an_undecided_check_are_kept() {
    let kb = kb("
rules:
  - {id: r0, when: a, then: [{urgency: emergency, reason: A.}]}
  - {id: r1, when: a, then: [{supports: x, weight: 0.1}]}
invariants:
  - {id: i0, when: a, at_least: emergency}
  - {id: i1, when: a, at_least: self_care, lists_cause: x}
");
    let report = verify(&kb);
    assert_eq!(
        report.verdicts,
        [Verdict {
            check: Check::Invariant(0),
            counterexample: None
        }]
    );
    let stopped = report.stopped.unwrap();
    assert_eq!(stopped.check, Check::Invariant(1));
    // The red flag's two checks were never started.
    assert_eq!(stopped.not_reached, 2);
    assert_eq!(checks(&kb), 4);
}

#[test]
fn a_weight_that_is_not_a_whole_number_of_units_is_refused() {
    let kb = kb("
rules:
  - {id: r1, when: a, then: [{supports: x, weight: 0.1}]}
invariants:
  - {id: i1, when: a, at_least: self_care, lists_cause: x}
");
    let report = verify(&kb);
    assert_eq!(report.verdicts, []);
    assert_eq!(
        report.stopped,
        Some(Stopped {
            check: Check::Invariant(0),
            why: "invariant `i1`: could not decide within verify's limits whether `x` is \
                  listed: 0.1 is not a whole multiple of 2^-20 (about one millionth), so \
                  scores can't be added up exactly"
                .to_string(),
            not_reached: 2,
        })
    );
}

#[test]
fn a_number_between_two_close_thresholds_is_shown_as_their_midpoint() {
    // No whole number lies strictly between 49 and 50: the counterexample takes 49.5.
    let kb = kb("
rules:
  - {id: r1, when: c, then: [{urgency: emergency, reason: R.}]}
invariants:
  - {id: i1, when: {age: {more_than: 49, less_than: 50}}, at_least: urgent}
  - {id: i2, when: {age: {more_than: 50, less_than: 52.5}}, at_least: urgent}
");
    let report = decided(verify(&kb));
    let shown = |i: usize| {
        let counterexample = report.verdicts[i].counterexample.as_ref().unwrap();
        counterexample.answers.to_yaml(&kb)
    };
    assert_eq!(shown(0), "age: 49.5\nfindings: {}\n");
    // With a whole number between them, the first after the lower one.
    assert_eq!(shown(1), "age: 51\nfindings: {}\n");
}

#[test]
fn gates_fold_constants_and_are_shared() {
    // What keeps circuits small (and under `cnf::MAX_GATES`): constants fold away, and a gate
    // of the same inputs, in any order or repeated, is the same gate.
    let mut circuit = Circuit::new();
    let (truth, falsity) = (circuit.constant(true), circuit.constant(false));
    assert_eq!(truth, !falsity);
    let (x, y) = (circuit.input(), circuit.input());
    let folded = [
        (circuit.and(&[x, falsity]), falsity),
        (circuit.and(&[x, !x]), falsity),
        (circuit.and(&[]), truth),
        (circuit.or(&[y, !y]), truth),
        (circuit.or(&[y, truth]), truth),
        (circuit.and(&[x, truth]), x),
        (circuit.and(&[x, x]), x),
        (circuit.or(&[y]), y),
    ];
    for (i, (got, wanted)) in folded.into_iter().enumerate() {
        assert_eq!(got, wanted, "case {i}");
    }
    let xy = circuit.and(&[x, y]);
    assert!(!circuit.is_const(xy, false) && !circuit.is_const(xy, true));
    assert_eq!(circuit.and(&[y, x, y]), xy);
    assert!(circuit.solve(&[xy]));
    assert!(circuit.value(x) && circuit.value(y));
    assert!(!circuit.solve(&[xy, !y]));
}
