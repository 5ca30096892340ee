//! Property tests of the engine on random knowledge bases and random answers: determinism and
//! independence from answer order, refraction, termination, rejection of unstratifiable rule
//! sets, urgency never falling when a finding is added, JSON round trips, and agreement of
//! `triage verify`'s SAT encoding with the engine.
//!
//! A knowledge base is drawn from a seed by a small generator that keeps it stratified by
//! construction: every concept gets a layer, and a rule deriving a concept reads concepts of its
//! own layer or below only positively, and reads lower layers in any way. Any cycle then stays
//! within one layer, where every edge is positive.

use proptest::prelude::*;
use serde_json::{Value as Json, json};
use triage::answers::Answers;
use triage::assess::Outcome;
use triage::diagnostic::SourceFile;
use triage::engine::Engine;
use triage::engine::condition::{Condition, Value};
use triage::kb::{FactKind, KnowledgeBase, load_files};

const FINDINGS: usize = 5;
const CONCEPTS: usize = 4;
const BOUNDS: [f64; 4] = [10.0, 25.0, 50.0, 75.0];

/// xorshift64*: enough randomness for shapes, reproducible from the proptest seed.
struct Gen(u64);

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Who is reading: a rule deriving a concept of some layer, or a rule that derives nothing.
#[derive(Clone, Copy)]
struct Reader {
    layer: Option<usize>,
}

struct Shape {
    layers: [usize; CONCEPTS],
}

impl Shape {
    fn condition(&self, g: &mut Gen, depth: usize, reader: Reader, positive: bool) -> Json {
        let leaf = depth == 0 || g.chance(35);
        if leaf {
            return match g.below(6) {
                0 | 1 => {
                    let f = format!("f{}", g.below(FINDINGS));
                    match g.below(5) {
                        0 => json!(f),
                        1 => json!({ f: "present" }),
                        2 => json!({ f: "absent" }),
                        3 => json!({ f: "unknown" }),
                        _ => json!({ f: "not_sure" }),
                    }
                }
                2 => {
                    let ops = ["at_least", "at_most", "more_than", "less_than"];
                    let op = ops[g.below(4)];
                    json!({ "n": { op: BOUNDS[g.below(BOUNDS.len())] } })
                }
                3 => json!({ "k": (["x", "y", "z"][g.below(3)]) }),
                _ => self.concept_leaf(g, reader, positive),
            };
        }
        match g.below(4) {
            0 => json!({ "not": self.condition(g, depth - 1, reader, !positive) }),
            kind => {
                let n = 1 + g.below(3);
                let parts: Vec<Json> = (0..n)
                    .map(|_| self.condition(g, depth - 1, reader, positive))
                    .collect();
                match kind {
                    1 => json!({ "all": parts }),
                    2 => json!({ "any": parts }),
                    _ => json!({ "at_least": 1 + g.below(n), "of": parts }),
                }
            }
        }
    }

    /// A concept this reader may read with this polarity (a finding if there is none).
    fn concept_leaf(&self, g: &mut Gen, reader: Reader, positive: bool) -> Json {
        let absent = g.chance(30);
        let allowed: Vec<usize> = (0..CONCEPTS)
            .filter(|&c| match reader.layer {
                None => true,
                // Read as absent flips the polarity of the read.
                Some(layer) if positive != absent => self.layers[c] <= layer,
                Some(layer) => self.layers[c] < layer,
            })
            .collect();
        if allowed.is_empty() {
            return json!(format!("f{}", g.below(FINDINGS)));
        }
        let c = format!("c{}", allowed[g.below(allowed.len())]);
        if absent {
            json!({ c: "absent" })
        } else {
            json!(c)
        }
    }
}

/// A random stratified knowledge base as YAML (JSON is YAML).
fn knowledge_base(seed: u64) -> String {
    let mut g = Gen::new(seed);
    let shape = Shape {
        layers: std::array::from_fn(|_| g.below(3)),
    };
    let mut rules = Vec::new();
    for r in 0..1 + g.below(12) {
        let mut then = Vec::new();
        let mut reader = Reader { layer: None };
        if g.chance(45) {
            let c = g.below(CONCEPTS);
            reader.layer = Some(shape.layers[c]);
            then.push(json!({ "derive": format!("c{c}") }));
        }
        if then.is_empty() || g.chance(40) {
            then.push(match g.below(4) {
                0 | 1 => json!({ "urgency": format!("l{}", g.below(3)), "reason": "R." }),
                2 => json!({ "supports": format!("x{}", g.below(2)), "weight": ([1.0, 2.0, 0.5, 3.0][g.below(4)]) }),
                _ => json!({ "against": format!("x{}", g.below(2)), "weight": 1 }),
            });
        }
        rules.push(json!({
            "id": format!("r{r}"),
            "salience": ([0, 10, 50][g.below(3)]),
            "when": shape.condition(&mut g, 3, reader, true),
            "then": then,
        }));
    }
    let mut findings: Vec<Json> = (0..FINDINGS)
        .map(|f| json!({ "id": format!("f{f}"), "question": "Q?", "red_flag": f < 2 }))
        .collect();
    findings.push(
        json!({ "id": "n", "kind": "number", "question": "N?", "unit": "u", "min": 0, "max": 100 }),
    );
    findings
        .push(json!({ "id": "k", "kind": "choice", "question": "K?", "options": ["x", "y", "z"] }));
    let kb = json!({
        "metadata": {
            "name": "random", "version": "0.1.0", "status": "draft",
            "last_reviewed": "2026-11-26", "min_cause_score": 2,
        },
        "default_level": "l2",
        "levels": [
            { "id": "l0", "label": "L0", "action": "A.", "emergency": true },
            { "id": "l1", "label": "L1", "action": "A." },
            { "id": "l2", "label": "L2", "action": "A." },
        ],
        "findings": findings,
        "concepts": (0..CONCEPTS).map(|c| json!({ "id": format!("c{c}") })).collect::<Vec<_>>(),
        "causes": [{ "id": "x0", "name": "X0" }, { "id": "x1", "name": "X1" }],
        "rules": rules,
    });
    serde_json::to_string_pretty(&kb).unwrap()
}

fn load(text: &str) -> Result<KnowledgeBase, String> {
    load_files(vec![SourceFile {
        name: "random.yaml".into(),
        text: text.to_string(),
    }])
    .map(|loaded| loaded.kb)
    .map_err(|e| e.render(triage::style::Style::PLAIN))
}

fn random_kb(seed: u64) -> KnowledgeBase {
    let text = knowledge_base(seed);
    load(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// Random answers: each finding unmentioned, "not sure", present or absent; the number on or
/// between the bounds the rules use; the choice any option.
fn random_answers(kb: &KnowledgeBase, seed: u64) -> Answers {
    let mut g = Gen::new(seed ^ 0x9E37_79B9_7F4A_7C15);
    let mut answers = Answers::default();
    for (fact, finding) in kb.findings() {
        let value = match &finding.kind {
            FactKind::Number { .. } => match g.below(8) {
                0 => Value::Unknown,
                i => Value::Number([0.0, 10.0, 24.5, 25.0, 50.0, 75.5, 100.0][i - 1]),
            },
            FactKind::Choice { options } => match g.below(options.len() + 1) {
                0 => Value::Unknown,
                i => Value::Choice(i - 1),
            },
            _ => [Value::Unknown, Value::Present, Value::Absent][g.below(3)],
        };
        if value.is_known() {
            answers.values.insert(fact, value);
        } else if g.chance(20) {
            answers.values.insert(fact, Value::Unsure);
        }
    }
    answers
}

/// Whether the condition tests `{fact: unknown}` or `{fact: not_sure}`.
fn tests_unanswered(condition: &Condition, fact: usize) -> bool {
    match condition {
        Condition::Unanswered { fact: f } | Condition::NotSure { fact: f } => *f == fact,
        Condition::All(parts) | Condition::Any(parts) | Condition::AtLeast { of: parts, .. } => {
            parts.iter().any(|p| tests_unanswered(p, fact))
        }
        Condition::Not(inner) => tests_unanswered(inner, fact),
        Condition::Is { .. } | Condition::Compare { .. } | Condition::Choice { .. } => false,
    }
}

fn run_all_at_once<'kb>(kb: &'kb KnowledgeBase, order: &[(usize, Value)]) -> Engine<'kb> {
    let mut engine = Engine::new(kb).with_max_firings(kb.rules.len());
    for &(fact, value) in order {
        engine.set(fact, value);
    }
    engine.run().expect("with refraction no rule fires twice");
    engine
}

fn shuffled(answers: &Answers, seed: u64) -> Vec<(usize, Value)> {
    let mut g = Gen::new(seed ^ 0xD1B5_4A32_D192_ED03);
    let mut order: Vec<(usize, Value)> = answers.values.iter().map(|(&f, &v)| (f, v)).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, g.below(i + 1));
    }
    order
}

fn fired_set(engine: &Engine) -> Vec<bool> {
    (0..engine.kb().rules.len())
        .map(|r| engine.has_fired(r))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn the_outcome_does_not_depend_on_the_order_of_the_answers(seed: u64, answers_seed: u64) {
        let kb = random_kb(seed);
        let answers = random_answers(&kb, answers_seed);
        let forwards: Vec<(usize, Value)> = answers.values.iter().map(|(&f, &v)| (f, v)).collect();
        let one = run_all_at_once(&kb, &forwards);
        let other = run_all_at_once(&kb, &shuffled(&answers, answers_seed));
        // Given all at once, even the firing order is the same.
        prop_assert_eq!(one.trace(), other.trace());
        prop_assert_eq!(one.values(), other.values());
        // Given one at a time, running after each, as an interview does (a finding not asked
        // yet is pending, so `{x: unknown}` waits for it): the same rules fire, the same values.
        let mut step = Engine::new(&kb).with_max_firings(kb.rules.len()).interviewing();
        for (fact, value) in shuffled(&answers, answers_seed.rotate_left(7)) {
            step.set(fact, value);
            step.settle(fact);
            step.run().expect("with refraction no rule fires twice");
        }
        step.settle_all();
        step.run().expect("with refraction no rule fires twice");
        prop_assert_eq!(fired_set(&one), fired_set(&step));
        prop_assert_eq!(one.values(), step.values());
        let a = Outcome::from_trace(&kb, one.trace());
        let b = Outcome::from_trace(&kb, step.trace());
        prop_assert_eq!(a.level, b.level);
        prop_assert_eq!(
            a.causes.iter().map(|c| (c.cause, c.score)).collect::<Vec<_>>(),
            b.causes.iter().map(|c| (c.cause, c.score)).collect::<Vec<_>>()
        );
        // Refraction: however the answers arrive, no rule fires twice.
        for engine in [&one, &step] {
            let mut seen = vec![false; kb.rules.len()];
            for firing in engine.trace() {
                prop_assert!(!std::mem::replace(&mut seen[firing.rule], true));
            }
        }
    }

    #[test]
    fn the_same_answers_always_give_the_same_outcome(seed: u64, answers_seed: u64) {
        let kb = random_kb(seed);
        let answers = random_answers(&kb, answers_seed);
        let first = triage::assess::assess(&kb, &answers).unwrap();
        let again = triage::assess::assess(&kb, &answers).unwrap();
        prop_assert_eq!(first, again);
    }

    #[test]
    fn adding_a_finding_never_lowers_the_urgency(seed: u64, answers_seed: u64) {
        let kb = random_kb(seed);
        let answers = random_answers(&kb, answers_seed);
        let before = triage::assess::assess(&kb, &answers).unwrap().level;
        for (fact, finding) in kb.findings() {
            // A rule may read that a finding has no answer, or was answered "not sure": an
            // answer can stop it, which the shipped rules allow only below the level the answer
            // itself sets (`triage verify` proves that of the red flags).
            let reads_no_answer = kb.readers[fact]
                .iter()
                .any(|&r| tests_unanswered(&kb.rules[r].when, fact));
            if finding.kind != FactKind::YesNo || answers.get(fact).is_known() || reads_no_answer {
                continue;
            }
            let mut more = answers.clone();
            more.values.insert(fact, Value::Present);
            let after = triage::assess::assess(&kb, &more).unwrap().level;
            prop_assert!(after <= before, "{} present: level {} -> {}", finding.id, before, after);
        }
    }

    #[test]
    fn an_unstratifiable_rule_set_is_rejected(seed: u64, a in 0..CONCEPTS, b in 0..CONCEPTS) {
        // Close a cycle through negation: c_a derived from `not c_b`, c_b from c_a.
        let mut kb: Json = serde_json::from_str(&knowledge_base(seed)).unwrap();
        let rules = kb["rules"].as_array_mut().unwrap();
        rules.push(json!({ "id": "loop_neg", "when": { "not": format!("c{b}") }, "then": [{ "derive": format!("c{a}") }] }));
        if a != b {
            rules.push(json!({ "id": "loop_pos", "when": format!("c{a}"), "then": [{ "derive": format!("c{b}") }] }));
        }
        let text = serde_json::to_string_pretty(&kb).unwrap();
        let error = load(&text).expect_err("a cycle through negation must be refused");
        prop_assert!(error.contains("form a cycle through negation"), "{}", error);
        prop_assert!(error.contains("`loop_neg`"), "{}", error);
    }

    #[test]
    fn the_json_report_round_trips(seed: u64, answers_seed: u64) {
        let kb = random_kb(seed);
        let answers = random_answers(&kb, answers_seed);
        let outcome = triage::assess::assess(&kb, &answers).unwrap();
        let report = triage::report::outcome_json(&kb, &answers, &outcome, true);
        let text = serde_json::to_string_pretty(&report).unwrap();
        let back: Json = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(&back, &report);
        // The answers it echoes replay to the same answers and the same outcome.
        let replayed = Answers::parse(&kb, SourceFile {
            name: "answers.json".into(),
            text: serde_json::to_string(&back["answers"]).unwrap(),
        }).unwrap();
        prop_assert_eq!(&replayed, &answers);
        let yaml = Answers::parse(&kb, SourceFile { name: "answers.yaml".into(), text: answers.to_yaml(&kb) }).unwrap();
        prop_assert_eq!(&yaml, &answers);
        prop_assert_eq!(triage::assess::assess(&kb, &replayed).unwrap(), outcome);
    }

    #[test]
    fn the_sat_encoding_agrees_with_the_engine(seed: u64, answers_seed: u64) {
        let kb = random_kb(seed);
        let answers = random_answers(&kb, answers_seed);
        let forwards: Vec<(usize, Value)> = answers.values.iter().map(|(&f, &v)| (f, v)).collect();
        let engine = run_all_at_once(&kb, &forwards);
        let simulated = triage::verify::simulate(&kb, &answers);
        let outcome = Outcome::from_trace(&kb, engine.trace());
        prop_assert_eq!(simulated.level, outcome.level);
        prop_assert_eq!(&simulated.fired, &fired_set(&engine));
        for &(concept, value) in &simulated.concepts {
            prop_assert_eq!(value, engine.value(concept), "concept {}", kb.facts[concept].id);
        }
    }
}

fn shipped() -> &'static KnowledgeBase {
    static KB: std::sync::OnceLock<KnowledgeBase> = std::sync::OnceLock::new();
    KB.get_or_init(|| {
        triage::kb::load(&triage::kb::KbSource::Builtin)
            .expect("the shipped knowledge base loads")
            .kb
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// The same cross-check on the shipped knowledge base, whose proofs CI relies on.
    #[test]
    fn the_sat_encoding_agrees_with_the_engine_on_the_shipped_rules(answers_seed: u64) {
        let kb = shipped();
        let answers = random_answers(kb, answers_seed);
        let forwards: Vec<(usize, Value)> = answers.values.iter().map(|(&f, &v)| (f, v)).collect();
        let engine = run_all_at_once(kb, &forwards);
        let simulated = triage::verify::simulate(kb, &answers);
        prop_assert_eq!(simulated.level, Outcome::from_trace(kb, engine.trace()).level);
        prop_assert_eq!(&simulated.fired, &fired_set(&engine));
        for &(concept, value) in &simulated.concepts {
            prop_assert_eq!(value, engine.value(concept), "concept {}", kb.facts[concept].id);
        }
    }
}
