//! `cargo bench`: what each kind of work costs, on the shipped knowledge base and on synthetic
//! ones of 100 to 100,000 rules (src/synth.rs, seed 1). BENCHMARKS.md records the medians.
//!
//! - `load`: parse and validate a knowledge base (YAML with spans, as `--rules DIR` and
//!   `check` do; and for the shipped one also its embedded form, as plain `assess` does).
//! - `assess`: one case, from scratch (`assess`, what a one-shot run does) and from the
//!   engine already run with nothing known (`Assessor`, what a batch does per case).
//! - `answer_step`: one more answer to an engine in mid-assessment (`set` + `run`), the cost
//!   that should follow the rules the answer touches, not the size of the knowledge base.
//! - `next_question`: the interview's choice of the next question, after a few answers.
//! - `batch`: `batch::run` over 2,000 cases on every core, output discarded (divan reports
//!   the time per batch; cases per second = 2,000 / time).

use std::sync::OnceLock;
use triage::assess::{Assessor, assess};
use triage::diagnostic::SourceFile;
use triage::engine::Engine;
use triage::interview::Interview;
use triage::kb::{KbSource, KnowledgeBase, load, load_files, load_located};
use triage::synth::{Config, generate};

const SIZES: [usize; 4] = [100, 1_000, 10_000, 100_000];
const BATCH: usize = 2_000;

fn main() {
    divan::main();
}

struct Fixture {
    files: Vec<SourceFile>,
    kb: KnowledgeBase,
    cases: Vec<String>,
}

fn synthetic(rules: usize) -> &'static Fixture {
    static FIXTURES: [OnceLock<Fixture>; 4] = [const { OnceLock::new() }; 4];
    let slot = SIZES.iter().position(|&s| s == rules).unwrap();
    FIXTURES[slot].get_or_init(|| {
        let synthetic = generate(Config {
            rules,
            cases: BATCH,
            seed: 1,
        });
        let files: Vec<SourceFile> = synthetic
            .files
            .into_iter()
            .map(|(name, text)| SourceFile { name, text })
            .collect();
        let kb = match load_files(files.clone()) {
            Ok(loaded) => loaded.kb,
            Err(error) => panic!("{}", error.render(triage::style::Style::PLAIN)),
        };
        Fixture {
            files,
            kb,
            cases: synthetic.cases,
        }
    })
}

fn shipped() -> &'static Fixture {
    static SHIPPED: OnceLock<Fixture> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        let kb = load(&KbSource::Builtin).unwrap().kb;
        let files: Vec<SourceFile> = triage::kb::builtin_scenario_files();
        let suite = triage::scenario::Suite::parse(&kb, files).unwrap();
        let scenarios: Vec<String> = suite
            .scenarios
            .iter()
            .map(|s| s.answers.to_json(&kb).to_string())
            .collect();
        let cases = scenarios.iter().cycle().take(BATCH).cloned().collect();
        Fixture {
            files: Vec::new(),
            kb,
            cases,
        }
    })
}

fn answers(kb: &KnowledgeBase, case: &str) -> triage::answers::Answers {
    triage::batch::parse(kb, case.as_bytes()).unwrap()
}

mod load_kb {
    use super::*;

    #[divan::bench]
    fn shipped_embedded() -> KnowledgeBase {
        load(&KbSource::Builtin).unwrap().kb
    }

    #[divan::bench]
    fn shipped_yaml() -> KnowledgeBase {
        load_located(&KbSource::Builtin).unwrap().kb
    }

    #[divan::bench(args = SIZES, max_time = 3)]
    fn synthetic_yaml(bencher: divan::Bencher, rules: usize) {
        let files = &synthetic(rules).files;
        bencher
            .with_inputs(|| files.clone())
            .bench_values(|files| load_files(files).unwrap().kb);
    }
}

mod assess_one {
    use super::*;

    /// The vignette "disc lifting sciatica" style case: a handful of answers.
    fn shipped_case() -> triage::answers::Answers {
        let kb = &shipped().kb;
        answers(
            kb,
            r#"{"age": 33, "sex": "male", "duration_days": 3, "findings": {"back_pain": "present", "lower_back": "present", "radiates_to_leg": "present", "recent_lifting_or_strain": "present", "worse_bending_coughing": "present"}}"#,
        )
    }

    #[divan::bench]
    fn shipped_from_scratch(bencher: divan::Bencher) {
        let kb = &shipped().kb;
        let case = shipped_case();
        bencher.bench(|| assess(kb, &case).unwrap());
    }

    #[divan::bench]
    fn shipped_from_baseline(bencher: divan::Bencher) {
        let kb = &shipped().kb;
        let mut assessor = Assessor::new(kb);
        let case = shipped_case();
        // As a batch does: the outcome is used, then its allocations serve the next case.
        bencher.bench_local(|| assessor.assess_then(&case, |o| o.level).unwrap());
    }

    #[divan::bench(args = SIZES, max_time = 3)]
    fn synthetic_from_scratch(bencher: divan::Bencher, rules: usize) {
        let fixture = synthetic(rules);
        let cases: Vec<_> = fixture.cases[..64]
            .iter()
            .map(|c| answers(&fixture.kb, c))
            .collect();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % cases.len();
            assess(&fixture.kb, &cases[i]).unwrap()
        });
    }

    #[divan::bench(args = SIZES, max_time = 3)]
    fn synthetic_from_baseline(bencher: divan::Bencher, rules: usize) {
        let fixture = synthetic(rules);
        let mut assessor = Assessor::new(&fixture.kb);
        let cases: Vec<_> = fixture.cases[..64]
            .iter()
            .map(|c| answers(&fixture.kb, c))
            .collect();
        let mut i = 0;
        bencher.bench_local(|| {
            i = (i + 1) % cases.len();
            assessor.assess_then(&cases[i], |o| o.level).unwrap()
        });
    }
}

mod answer_step {
    use super::*;

    /// One more answer (the last of a case) to an engine that has all the others.
    #[divan::bench(args = SIZES, max_time = 3)]
    fn synthetic(bencher: divan::Bencher, rules: usize) {
        let fixture = super::synthetic(rules);
        let kb = &fixture.kb;
        let case = answers(kb, &fixture.cases[0]);
        let mut values: Vec<_> = case.values.into_iter().collect();
        let last = values.pop().unwrap();
        let mut engine = Engine::new(kb);
        for (fact, value) in values {
            engine.set(fact, value);
        }
        engine.run().unwrap();
        bencher
            .with_inputs(|| engine.clone())
            .bench_local_refs(|engine| {
                engine.set(last.0, last.1);
                engine.run().unwrap();
            });
    }
}

mod next_question {
    use super::*;

    /// An interview three answers in, on the case's own answers.
    fn interview<'kb>(kb: &'kb KnowledgeBase, case: &str) -> Interview<'kb> {
        let patient = answers(kb, case);
        let mut interview = Interview::new(kb, None).unwrap();
        for _ in 0..3 {
            let Some(question) = interview.next_question() else {
                break;
            };
            let set = triage::interview::reply(&interview, question, |f| patient.get(f));
            interview.answer(question, set).unwrap();
        }
        interview
    }

    #[divan::bench]
    fn shipped(bencher: divan::Bencher) {
        let fixture = super::shipped();
        let interview = interview(&fixture.kb, &fixture.cases[4]);
        bencher.bench_local(|| interview.next_question());
    }

    #[divan::bench(args = SIZES, max_time = 3)]
    fn synthetic(bencher: divan::Bencher, rules: usize) {
        let fixture = super::synthetic(rules);
        let interview = interview(&fixture.kb, &fixture.cases[0]);
        bencher.bench_local(|| interview.next_question());
    }
}

mod batch {
    use super::*;

    fn run(fixture: &Fixture, bencher: divan::Bencher) {
        let input = fixture.cases.join("\n").into_bytes();
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        bencher
            .counter(divan::counter::ItemsCount::new(fixture.cases.len()))
            .bench(|| {
                let summary = triage::batch::run(
                    &fixture.kb,
                    &mut input.as_slice(),
                    &mut std::io::sink(),
                    threads,
                    false,
                )
                .unwrap();
                assert_eq!(summary.failed, 0);
            });
    }

    #[divan::bench(max_time = 3)]
    fn shipped(bencher: divan::Bencher) {
        run(super::shipped(), bencher);
    }

    #[divan::bench(args = SIZES, max_time = 3)]
    fn synthetic(bencher: divan::Bencher, rules: usize) {
        run(super::synthetic(rules), bencher);
    }
}
