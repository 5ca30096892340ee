//! Issue 23, the third reliability sweep: the knowledge base judged by what its entries mean
//! (levels by id and `emergency:`, every YAML file by its name in any case), the interview's
//! reach proven, batch lines reported one by one, and nothing from the input reaching the
//! terminal raw.

use crate::harness::{Test, mini, mini_adding, mini_copy};
use proptest::prelude::*;
use triage::answers::Answers;
use triage::assess::assess;
use triage::diagnostic::SourceFile;
use triage::diff::{Kind, combinations, compare_outcomes};
use triage::engine::Engine;
use triage::engine::condition::{Tri, Value};
use triage::kb::load_files;
use triage::verify::verify;

/// `triage --rules DIR ARGS` expected to succeed; its standard output.
fn stdout_of(rules: &std::path::Path, args: &[&str]) -> String {
    Test::new().rules(rules).args(args).run().stdout
}

#[test]
fn d5_a_yaml_file_is_read_whatever_the_case_of_its_name() {
    let kb = mini_copy();
    let summary = "mini 0.1.0: 3 files, 3 levels, 6 findings, 1 concepts, 2 causes, 6 rules";
    for name in ["rules.YAML", "rules.Yml", ".yaml"] {
        let (from, to) = (kb.path().join("rules.yaml"), kb.path().join(name));
        std::fs::rename(&from, &to).unwrap();
        let out = stdout_of(kb.path(), &["check"]);
        assert!(out.contains(summary), "{name}: {out}");
        let out = stdout_of(kb.path(), &["assess", "--yes", "saddle_numbness"]);
        assert!(out.starts_with("EMERGENCY"), "{name}: {out}");
        std::fs::rename(&to, &from).unwrap();
    }
}

#[test]
fn d18_a_folder_of_rules_or_scenarios_has_a_total_size_bound() {
    // Five files of 14 MB, each under the bound of one file: sparse, so the test writes
    // nothing, and refused from their sizes before any is read.
    let kb = mini_copy();
    let sparse = |dir: &std::path::Path| {
        for i in 0..5 {
            let file = std::fs::File::create(dir.join(format!("big{i}.yaml"))).unwrap();
            file.set_len(14 << 20).unwrap();
        }
    };
    // A check that could not read what it needs: status 3.
    let refused = |command: &str, folder: &std::path::Path| {
        Test::new()
            .rules(kb.path())
            .args(&[command])
            .status(3)
            .stdout("")
            .stderr(&format!(
                "error: the `.yaml` files of `{}` are too large: a folder of rules or scenarios \
                 holds at most 64 MB of them in all\n",
                folder.display()
            ))
            .run();
    };
    sparse(&kb.path().join("tests"));
    refused("test", &kb.path().join("tests"));
    sparse(kb.path());
    refused("check", kb.path());
}

#[test]
fn d14_graph_keeps_ids_apart_that_differ_only_by_dash_and_underscore() {
    let kb = mini_adding(
        "findings:\n  - id: saddle-numbness\n    question: Numb saddle?\n    help: A look-alike id.\n",
        "rules:\n  - id: look-alike\n    description: d\n    when: saddle-numbness\n    then:\n      - supports: sciatica\n        weight: 1\n    sources: [seed-000]\n",
    );
    let mermaid = stdout_of(kb.path(), &["graph", "--format", "mermaid"]);
    // Every node is declared once under a name of its own, and the red-flag class names only
    // the red flag.
    let mut names: Vec<&str> = mermaid
        .lines()
        .filter(|l| l.contains("([\"") || l.contains("[\"") || l.contains("(\""))
        .filter_map(|l| l.trim().split(['(', '[', '{']).next())
        .collect();
    let declared = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), declared, "{mermaid}");
    assert!(
        mermaid.contains("  f_saddleHnumbness([\"saddle-numbness\"])\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("  f_saddleHnumbness --> r_lookHalike\n"),
        "{mermaid}"
    );
    let red = mermaid
        .lines()
        .find(|l| l.ends_with(" redflag") && l.starts_with("  class "))
        .unwrap();
    assert_eq!(
        red, "  class f_fever,f_saddle_numbness redflag",
        "{mermaid}"
    );
    let dot = stdout_of(kb.path(), &["graph"]);
    assert!(
        dot.contains("\"f_saddleHnumbness\" [label=\"saddle-numbness\", shape=\"ellipse\", fillcolor=\"#e8f0fe\"];"),
        "{dot}"
    );
}

/// The mini knowledge base's files, with its `levels:` replaced.
fn mini_with_levels(levels: &str, rename: &[(&str, &str)]) -> Vec<SourceFile> {
    let mut files = Vec::new();
    for name in ["kb.yaml", "findings.yaml", "rules.yaml"] {
        let mut text = std::fs::read_to_string(mini().join(name)).unwrap();
        if name == "kb.yaml" {
            let at = text.find("levels:\n").unwrap();
            text.truncate(at);
            text.push_str(levels);
        }
        for (from, to) in rename {
            text = text
                .replace(&format!("urgency: {from}\n"), &format!("urgency: {to}\n"))
                .replace(
                    &format!("default_level: {from}\n"),
                    &format!("default_level: {to}\n"),
                );
        }
        files.push(SourceFile {
            name: name.into(),
            text,
        });
    }
    files
}

/// The vocabulary's levels, most urgent first, and whether each is an emergency.
const VOCABULARY: [(&str, bool); 5] = [
    ("emergency_ambulance", true),
    ("emergency", true),
    ("urgent", false),
    ("routine", false),
    ("self_care", false),
];

/// Whether levels listed in this order (id, `emergency:`) mean what their order says: no level
/// that is not an emergency before one that is, the vocabulary's ids in the vocabulary's order
/// and each an emergency exactly when the vocabulary says.
fn order_is_meaningful(levels: &[(String, bool)]) -> bool {
    let rank = |id: &str| VOCABULARY.iter().position(|(v, _)| *v == id);
    levels.iter().enumerate().all(|(i, (id, emergency))| {
        rank(id).is_none_or(|r| VOCABULARY[r].1 == *emergency)
            && levels[i + 1..].iter().all(|(later, later_emergency)| {
                (*emergency || !later_emergency)
                    && match (rank(id), rank(later)) {
                        (Some(a), Some(b)) => a < b,
                        _ => true,
                    }
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Issue 23 defect 2: the mini knowledge base's three levels in any order, each keeping
    /// its vocabulary id or taking one of its own, and each an emergency or not. The knowledge
    /// base loads exactly when the order means what it says; and whenever it loads, the outcome
    /// is at least as urgent as every fired rule asked, and an emergency whenever one asked for
    /// an emergency.
    #[test]
    fn d2_levels_are_judged_by_their_meaning_never_by_position_alone(
        order in Just(vec![0usize, 1, 2]).prop_shuffle(),
        own_id in proptest::collection::vec(any::<bool>(), 3),
        emergency in proptest::collection::vec(any::<bool>(), 3),
    ) {
        let names = ["emergency", "urgent", "self_care"];
        let mut rename = Vec::new();
        let mut listed = Vec::new();
        let mut yaml = String::from("levels:\n");
        for &l in &order {
            let id = if own_id[l] { format!("level_{l}") } else { names[l].to_string() };
            if own_id[l] {
                rename.push((names[l], id.clone()));
            }
            yaml.push_str(&format!(
                "  - id: {id}\n    label: Level {l}\n    action: Do {l}.\n    emergency: {}\n",
                emergency[l]
            ));
            listed.push((id, emergency[l]));
        }
        let rename: Vec<(&str, &str)> = rename.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let loaded = load_files(mini_with_levels(&yaml, &rename));
        prop_assert_eq!(loaded.is_ok(), order_is_meaningful(&listed), "{}", yaml);
        let Ok(loaded) = loaded else { return Ok(()) };
        let kb = loaded.kb;
        for given in [&["saddle_numbness"][..], &["fever", "back_pain"], &["saddle_numbness", "fever", "back_pain"]] {
            let mut answers = Answers::default();
            for id in given {
                answers.values.insert(kb.fact(id).unwrap(), Value::Present);
            }
            let outcome = assess(&kb, &answers).unwrap();
            for reason in &outcome.reasons {
                prop_assert!(outcome.level <= reason.level, "{}", yaml);
                if kb.levels[reason.level].emergency {
                    prop_assert!(kb.levels[outcome.level].emergency, "{}", yaml);
                }
            }
        }
    }
}

/// A copy of the shipped rules in a temporary folder, to edit.
fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    crate::harness::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"),
        dir.path(),
    );
    dir
}

/// The shipped levels listed least urgent first: every command refuses the knowledge base,
/// at the first level out of place, rather than give self-care for saddle numbness.
#[test]
fn d2_the_shipped_levels_listed_least_urgent_first_are_refused() {
    let kb = shipped_copy();
    let path = kb.path().join("knowledge_base.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("levels:\n").unwrap() + "levels:\n".len();
    let end = text[start..]
        .find("\n\n")
        .map_or(text.len(), |at| start + at + 1);
    let mut items: Vec<String> = Vec::new();
    for line in text[start..end].lines() {
        if line.starts_with("  - id: ") {
            items.push(String::new());
        }
        let item = items.last_mut().unwrap();
        item.push_str(line);
        item.push('\n');
    }
    assert_eq!(items.len(), 5, "{}", &text[start..end]);
    items.reverse();
    std::fs::write(
        &path,
        format!("{}{}{}", &text[..start], items.concat(), &text[end..]),
    )
    .unwrap();
    // `check` found the errors (1), `assess` refuses its input (1), `verify` could not run (3).
    for (args, status) in [
        (&["check"][..], 1),
        (&["assess", "--yes", "saddle_numbness"], 1),
        (&["verify"], 3),
    ] {
        let ran = Test::new()
            .rules(kb.path())
            .args(args)
            .status(status)
            .stdout("")
            .run();
        assert!(
            ran.stderr.starts_with(
                "error: urgency level `self_care` is listed before `emergency`, which \
                 is an emergency, so it would outrank it (levels are listed most urgent first)\n"
            ),
            "{args:?}: {}",
            ran.stderr
        );
        // A person is told the way on; `check` and `verify` are how to mend it.
        let way_on = if args[0] == "assess" {
            format!(
                "help: whoever keeps `{dir}` can see every problem with `triage check --rules \
                 {dir}`; without --rules, triage uses the nearest rules/ folder or its built-in \
                 knowledge base\n",
                dir = kb.path().display()
            )
        } else {
            String::new()
        };
        assert!(
            ran.stderr.ends_with(&format!(
                "error: the knowledge base did not load: 4 errors\n{way_on}"
            )),
            "{}",
            ran.stderr
        );
    }
}

/// The mini knowledge base's levels with new ones inserted: `(before, emergency)` puts a new
/// level before the mini's level of that index (3: at the end).
fn mini_levels_with(inserted: &[(usize, bool)]) -> String {
    let mini = [("emergency", true), ("urgent", false), ("self_care", false)];
    let mut yaml = String::from("levels:\n");
    let level = |yaml: &mut String, id: &str, emergency: bool| {
        yaml.push_str(&format!(
            "  - id: {id}\n    label: {id}\n    action: Do {id}.\n    emergency: {emergency}\n"
        ));
    };
    for at in 0..=mini.len() {
        // At one place, the new emergencies first.
        for first in [true, false] {
            for (i, &(before, emergency)) in inserted.iter().enumerate() {
                if before == at && emergency == first {
                    level(&mut yaml, &format!("new_{i}"), emergency);
                }
            }
        }
        if let Some(&(id, emergency)) = mini.get(at) {
            level(&mut yaml, id, emergency);
        }
    }
    yaml
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// Issue 23 defect 4: levels added anywhere their meaning allows (a new emergency above
    /// the others, a new level between two) change no case's urgency in `diff`; and a rule
    /// moved to a less urgent level is a fall, to a more urgent one a rise, wherever the
    /// levels sit in either list.
    #[test]
    fn d4_diff_compares_levels_by_meaning_not_by_place(
        inserted in proptest::collection::vec((0usize..=3, any::<bool>()), 0..4),
        lowered in any::<bool>(),
    ) {
        // Where the meaning allows them: emergencies before `urgent`, the others after
        // `emergency`.
        let inserted: Vec<(usize, bool)> = inserted
            .into_iter()
            .map(|(at, emergency)| (if emergency { at.min(1) } else { at.max(1) }, emergency))
            .collect();
        let base = load_files(mini_with_levels(&mini_levels_with(&[]), &[])).unwrap().kb;
        let yaml = mini_levels_with(&inserted);
        let new = load_files(mini_with_levels(&yaml, &[])).unwrap().kb;
        let cases = combinations(&base, &new).cases;
        let changed = compare_outcomes(&base, &new, &cases).unwrap();
        prop_assert!(changed.is_empty(), "{}\n{:?}", yaml, changed.iter().map(|c| &c.kind).collect::<Vec<_>>());

        // Saddle numbness: from `emergency` to `urgent` (lowered), or to a new emergency level
        // listed first (raised).
        let target = if lowered { "urgent" } else { "top" };
        let yaml = if lowered { yaml } else { yaml.replacen("levels:\n", "levels:\n  - {id: top, label: Top, action: Call., emergency: true}\n", 1) };
        let mut files = mini_with_levels(&yaml, &[]);
        let rules = files.iter_mut().find(|f| f.name == "rules.yaml").unwrap();
        rules.text = rules.text.replacen("urgency: emergency", &format!("urgency: {target}"), 1);
        let edited = load_files(files).unwrap().kb;
        let changed = compare_outcomes(&base, &edited, &cases).unwrap();
        prop_assert!(!changed.is_empty(), "{}", yaml);
        for change in &changed {
            let right = match change.kind {
                Kind::UrgencyFell(by) => lowered && by >= 1,
                Kind::UrgencyRose(by) => !lowered && by >= 1,
                _ => false,
            };
            prop_assert!(right, "{:?}\n{}", change.kind, yaml);
        }
    }
}

/// A renamed level can't be ranked against the old name by id: it is listed after the falls
/// and fails `--fail-on urgency-drop`, since it may be one.
#[test]
fn d4_a_case_moved_to_a_renamed_level_may_be_a_fall() {
    let dir = tempfile::tempdir().unwrap();
    let (base, new) = (dir.path().join("base"), dir.path().join("new"));
    crate::harness::copy_dir(&mini(), &base);
    crate::harness::copy_dir(&mini(), &new);
    for name in ["kb.yaml", "rules.yaml"] {
        let path = new.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(
            &path,
            text.replace("id: urgent", "id: see_gp")
                .replace("urgency: urgent", "urgency: see_gp"),
        )
        .unwrap();
    }
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&[
            "--rules",
            "new",
            "diff",
            "--base",
            "base",
            "--fail-on",
            "urgency-drop",
        ])
        .status(1)
        .stderr("error: the urgency moved between levels the versions do not share in 1 case\n")
        .run();
    assert!(
        ran.stdout.contains(
            "  1. urgency moved between levels the versions do not share: urgent → see_gp\n"
        ),
        "{}",
        ran.stdout
    );
}

/// Issue 23 defect 3 as the issue found it: `ask_if: {age: {less_than: 18}}` added to the
/// shipped `saddle_numbness` hid it from every adult, and `verify` proved all 95 invariants.
#[test]
fn d3_verify_fails_an_ask_if_that_hides_a_red_flag_from_every_adult() {
    let kb = shipped_copy();
    let path = kb.path().join("findings.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let at = text.find("  - id: saddle_numbness\n").unwrap();
    let end = at + text[at..].find("    red_flag: true\n").unwrap() + "    red_flag: true\n".len();
    let text = format!(
        "{}    ask_if: {{age: {{less_than: 18}}}}\n{}",
        &text[..end],
        &text[end..]
    );
    std::fs::write(&path, text).unwrap();
    let ran = Test::new()
        .rules(kb.path())
        .args(&["verify"])
        .status(1)
        .stderr("")
        .run();
    // The saddle's own invariant fails, and so may others that read it; each says why.
    let failed = ran
        .stdout
        .lines()
        .filter(|l| l.starts_with("FAILED"))
        .count();
    let unasked = ran
        .stdout
        .matches("the interview never asks someone with these answers `saddle_numbness`")
        .count();
    assert!(failed >= 1 && unasked == failed, "{}", ran.stdout);
    assert!(
        ran.stdout.contains(
            "FAILED   inv_ces_saddle_numbness: saddle numbness is always an emergency, with cauda \
             equina syndrome listed\n"
        ),
        "{}",
        ran.stdout
    );
    // Some adult age: the solver picks which.
    let block = &ran.stdout[ran.stdout.find("FAILED   inv_ces_saddle_numbness").unwrap()..];
    let age = block
        .lines()
        .find_map(|l| l.strip_prefix("           age: "))
        .and_then(|a| a.parse::<u32>().ok())
        .unwrap_or_else(|| panic!("{}", ran.stdout));
    assert!(age >= 18, "{}", ran.stdout);
    assert!(
        block.contains(&format!(
            "         the interview never asks someone with these answers `saddle_numbness` \
             (its `ask_if: {{age: {{less_than: 18}}}}`): their age or duration rules it out\n\
             \x20          age: {age}\n\
             \x20          findings:\n\
             \x20            saddle_numbness: present\n\
             \x20        and the answers it can collect give the urgency self_care, not at least \
             emergency and do not list cauda_equina_syndrome (replay with `triage assess \
             --answers FILE`):\n\
             \x20          age: {age}\n\
             \x20          findings: {{}}\n"
        )),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.ends_with(&format!(
            "; FAILED: {failed} counterexample{}\n",
            if failed == 1 { "" } else { "s" }
        )),
        "{}",
        ran.stdout
    );
}

/// An `ask_if` for the property below: age tests, and the sex and a yes/no finding (what a
/// question presupposes, which alone never hides it), joined by `all`, `any` and `not`.
fn ask_if_strategy() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        (
            prop_oneof![Just("less_than"), Just("at_least")],
            prop_oneof![Just(18), Just(65)]
        )
            .prop_map(|(op, n)| format!("{{age: {{{op}: {n}}}}}")),
        prop_oneof![Just("female"), Just("male")].prop_map(|sex| format!("{{sex: {sex}}}")),
        Just("back_pain".to_string()),
    ];
    leaf.prop_recursive(2, 6, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{{all: [{a}, {b}]}}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{{any: [{a}, {b}]}}")),
            inner.prop_map(|a| format!("{{not: {a}}}")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// Issue 23 defect 3, over edits: any `ask_if` on the mini knowledge base's saddle
    /// numbness, under an invariant that it is always an emergency. `verify` fails that
    /// invariant exactly when some age rules the question out (its `ask_if` false with every
    /// other question still to be asked: then it is never asked, in any order; a gate on the
    /// sex or a symptom is what the question presupposes), and its counterexample's answers,
    /// less the question, replay below an emergency.
    #[test]
    fn d3_verify_proves_each_red_flag_can_be_asked_wherever_its_invariant_applies(
        ask_if in ask_if_strategy()
    ) {
        let mut files = mini_with_levels(&mini_levels_with(&[]), &[]);
        let findings = files.iter_mut().find(|f| f.name == "findings.yaml").unwrap();
        findings.text = findings.text.replace(
            "    help: Around the genitals or back passage.\n",
            &format!("    help: Around the genitals or back passage.\n    ask_if: {ask_if}\n"),
        );
        files.push(SourceFile {
            name: "invariants.yaml".into(),
            text: "invariants:\n  - id: saddle\n    description: saddle numbness is an emergency\n    \
                   when: saddle_numbness\n    at_least: emergency\n    sources: [seed-000]\n"
                .into(),
        });
        let kb = load_files(files).unwrap().kb;
        let fact = |id: &str| kb.fact(id).unwrap();
        let saddle = fact("saddle_numbness");
        let condition = kb.facts[saddle].ask_if.clone().unwrap();
        // As an interview starts: the age answered, every other question still to be asked.
        let mut ruled_out = false;
        for age in [0.0, 17.0, 18.0, 40.0, 65.0, 90.0] {
            let mut engine = Engine::new(&kb).interviewing();
            engine.set(fact("age"), Value::Number(age));
            engine.settle(fact("age"));
            engine.run().unwrap();
            ruled_out |= engine.eval(&condition) == Tri::False;
        }
        let report = verify(&kb);
        prop_assert_eq!(&report.stopped, &None);
        let verdict = &report.verdicts[0];
        prop_assert_eq!(verdict.counterexample.is_some(), ruled_out, "{}", ask_if);
        if let Some(counterexample) = &verdict.counterexample {
            let unasked = counterexample.unasked.as_ref().unwrap();
            prop_assert_eq!(&unasked.findings, &vec![saddle]);
            prop_assert_eq!(counterexample.answers.get(saddle), Value::Present);
            let replayed = assess(&kb, &unasked.answers).unwrap();
            prop_assert!(replayed.level > kb.level("emergency").unwrap(), "{}", ask_if);
        }
    }
}

/// `triage --rules mini assess --batch -` on `input` (plus any `extra` flags).
fn batch(input: &str, extra: &[&str], status: i32) -> crate::harness::Ran {
    let mut args = vec!["assess", "--batch", "-"];
    args.extend(extra);
    Test::new()
        .rules(&mini())
        .args(&args)
        .stdin(input)
        .status(status)
        .run()
}

/// Issue 23 defect 10 and issue 22: a batch line with no answer (`{}`, no findings, null
/// findings, or a blank line) is an error line, as `assess` with no answers is, unless
/// `--allow-empty` says such lines are meant. Only "not sure" is an answer: it is assessed.
#[test]
fn d10_a_batch_line_with_nothing_known_is_an_error_unless_allowed() {
    let input = "{}\n{\"findings\":{}}\n{\"findings\":null}\n{\"findings\":{\"fever\":\"unknown\"}}\n\n  \n{\"age\":40}\n";
    let ran = batch(input, &[], 1);
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{}", ran.stdout);
    let refusal = "no answer was given, so there is nothing to assess, and the result would read \
                   as an all-clear; give the answers on the line, or pass --allow-empty if such \
                   lines are meant";
    for n in 1..=3 {
        assert_eq!(
            lines[n - 1],
            format!("{{\"line\":{n},\"error\":\"line {n}: {refusal}\"}}")
        );
    }
    for n in 5..=6 {
        assert_eq!(
            lines[n - 1],
            format!("{{\"line\":{n},\"error\":\"line {n} is blank: {refusal}\"}}")
        );
    }
    for n in [4, 7] {
        assert!(
            lines[n - 1].starts_with(&format!("{{\"line\":{n},\"schema_version\":1,")),
            "{}",
            lines[n - 1]
        );
    }
    assert!(
        lines[3].contains("\"unsure_red_flags\":[\"fever\"]"),
        "{}",
        lines[3]
    );
    assert_eq!(
        ran.stderr,
        "error: 5 of 7 cases failed (lines 1, 2, 3, 5, 6)\n"
    );
    let ran = batch(input, &["--allow-empty"], 0);
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert_eq!(lines.len(), 7, "{}", ran.stdout);
    for (n, line) in lines.iter().enumerate() {
        assert!(
            line.starts_with(&format!("{{\"line\":{},\"schema_version\":1,", n + 1)),
            "{line}"
        );
    }
}

/// Issue 23 defect 11: a repeated `findings` key is refused by a batch line as by `--answers`,
/// not merged.
#[test]
fn d11_a_batch_line_with_findings_twice_is_refused_as_an_answers_file_is() {
    let line = r#"{"findings":{"fever":"present"},"findings":{"back_pain":"present"}}"#;
    let ran = batch(&format!("{line}\n"), &[], 1);
    assert_eq!(
        ran.stdout,
        "{\"line\":1,\"error\":\"duplicate key `findings`: a key may appear only once in a mapping\"}\n"
    );
    Test::new()
        .rules(&mini())
        .args(&["assess", "--answers", "-"])
        .stdin(line)
        .status(1)
        .stdout("")
        .stderr(concat!(
            "error: duplicate key `findings`: a key may appear only once in a mapping\n",
            " --> <stdin>:1:33\n",
            "  |\n",
            "1 | {\"findings\":{\"fever\":\"present\"},\"findings\":{\"back_pain\":\"present\"}}\n",
            "  |                                 ^^^^^^^^^^\n",
            "\n",
            "error: 1 problem in the answers\n"
        ))
        .run();
}

/// Issue 23 defect 22: one line over 1 MiB is reported and skipped, never held, and the lines
/// after it are assessed.
#[test]
fn d22_a_line_over_the_limit_is_reported_and_the_batch_goes_on() {
    let long = format!("{{\"x\":\"{}\"}}", "a".repeat(3 << 20));
    let ran = batch(
        &format!("{{\"age\":40}}\n{long}\r\n{{\"age\":41}}\n"),
        &[],
        1,
    );
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[0].starts_with("{\"line\":1,\"schema_version\":1,"));
    assert_eq!(
        lines[1],
        "{\"line\":2,\"error\":\"line 2 is longer than 1 MiB, far longer than any case: it was \
         skipped, and the batch went on\"}"
    );
    assert!(
        lines[2].starts_with("{\"line\":3,\"schema_version\":1,"),
        "{}",
        lines[2]
    );
    assert_eq!(ran.stderr, "error: 1 of 3 cases failed (line 2)\n");
}

/// `triage ARGS` through `sh`, with standard output redirected by `redirect`: the status and
/// standard error.
#[cfg(unix)]
fn redirected(args: &str, redirect: &str, stdin: &str) -> (i32, String) {
    use std::io::Write;
    let script = format!("exec \"$0\" --rules \"$1\" {args} {redirect}");
    let mut child = std::process::Command::new("sh")
        .args(["-c", &script, env!("CARGO_BIN_EXE_triage")])
        .arg(mini())
        .env_remove("TRIAGE_RULES")
        .env("LC_ALL", "C")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The run may end before it reads its input.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Issue 23 defect 20: with standard output closed (or open only for reading) the report would
/// be lost, so nothing runs and the status says so; `> /dev/null` is a choice, and allowed.
#[cfg(unix)]
#[test]
fn d20_a_report_with_nowhere_to_go_is_an_error_not_a_silent_success() {
    let refused = "error: standard output is closed (`>&-`) or not open for writing, so the \
                   report would be lost; nothing was run (a closed standard output reaches \
                   `triage` as /dev/null open for reading and writing: to discard the report, \
                   open /dev/null for writing only, as `> /dev/null` does)\n";
    for (args, stdin) in [
        ("assess --yes back_pain", ""),
        ("assess --batch -", "{\"age\":40}\n"),
        ("ask", "q\n"),
    ] {
        for redirect in [">&-", "1</dev/null"] {
            assert_eq!(
                redirected(args, redirect, stdin),
                (1, refused.to_string()),
                "{args} {redirect}"
            );
        }
        assert_eq!(
            redirected(args, ">/dev/null", stdin).0,
            0,
            "{args} > /dev/null"
        );
    }
    // A clinician command's result is its status; a standard output that can't be written at
    // all is refused by every command.
    assert_eq!(redirected("check", ">/dev/null", "").0, 0);
    assert_eq!(redirected("check", "1</dev/null", "").0, 1);
}

/// Issue 23 defect 15, the output side: a full disk is said in plain words, not as Rust's
/// "No space left on device (os error 28)".
#[cfg(target_os = "linux")]
#[test]
fn d15_a_full_disk_is_said_in_plain_words() {
    assert_eq!(
        redirected("assess --yes back_pain", ">/dev/full", ""),
        (
            1,
            "error: cannot write the output: the disk is full\n".to_string()
        )
    );
}

/// Issue 23 defect 15: the parser's words ("cannot deserialize null into string; use
/// Option<String>", "expected string scalar", "did not find expected <document start>") and a
/// UTF-16 file read as "expected a value" reach no one.
#[test]
fn d15_parser_words_are_put_in_plain_words() {
    let cases: [(&str, &str, &str, &str); 4] = [
        (
            "findings.yaml",
            "    name: Sciatica\n",
            "    name:\n",
            "a text is needed here, but the value is empty",
        ),
        (
            "findings.yaml",
            "question: Have you had a fever?",
            "question: [a, b]",
            "a text is needed here, not a list or a mapping",
        ),
        (
            "extra.yaml",
            "",
            "%YAML 1.2\nrules: []\n",
            "YAML expects a `---` line here: a line that starts with `%` is a YAML directive, and after a `...` line a new document must start",
        ),
        (
            "extra.yaml",
            "",
            "rules: []\n...\n%TAG ! x\nx\n",
            "YAML expects a `---` line here: a line that starts with `%` is a YAML directive, and after a `...` line a new document must start",
        ),
    ];
    for (file, from, to, message) in cases {
        let kb = mini_copy();
        let path = kb.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let text = if from.is_empty() {
            to.to_string()
        } else {
            text.replacen(from, to, 1)
        };
        std::fs::write(&path, text).unwrap();
        let ran = Test::new()
            .rules(kb.path())
            .args(&["check"])
            .status(1)
            .stdout("")
            .run();
        assert!(
            ran.stderr.starts_with(&format!("error: {message}\n")),
            "{}",
            ran.stderr
        );
        for word in ["Option<", "scalar", "<document", "deserialize"] {
            assert!(!ran.stderr.contains(word), "{}", ran.stderr);
        }
    }
    // UTF-16, as some Windows tools save text: an answers file, a rules file, a batch.
    let utf16: Vec<u8> = "{\"age\": 40}\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cases.jsonl");
    std::fs::write(&path, [&b"\xff\xfe"[..], &utf16].concat()).unwrap();
    let advice =
        "UTF-16 text, not UTF-8; save it as UTF-8 (for example with `iconv -f UTF-16 -t UTF-8`)";
    Test::new()
        .rules(&mini())
        .args(&["assess", "--answers", path.to_str().unwrap()])
        .status(1)
        .stdout("")
        .stderr(&format!("error: `{}` is {advice}\n", path.display()))
        .run();
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--batch", path.to_str().unwrap()])
        .status(1)
        .run();
    assert!(
        ran.stdout.starts_with(&format!(
            "{{\"line\":1,\"error\":\"line 1 is {advice}\"}}\n"
        )),
        "{}",
        ran.stdout
    );
    let kb = mini_copy();
    std::fs::write(kb.path().join("extra.yaml"), &utf16).unwrap();
    // `check` could not read its knowledge base: status 3.
    Test::new()
        .rules(kb.path())
        .args(&["check"])
        .status(3)
        .stdout("")
        .stderr(&format!(
            "error: `{}` is {advice}\n",
            kb.path().join("extra.yaml").display()
        ))
        .run();
}

/// Issue 23 defect 16, as the person types it: "12 months" and "1 year" fall on the same side
/// of a 365-day rule, and a start a few hours ago is a duration (the same day), not refused.
#[test]
fn d16_months_years_and_hours_are_read_alike_in_the_interview() {
    let kb = mini_adding(
        "findings:\n  - id: duration_days\n    kind: number\n    question: How long have you had it?\n    unit: days\n    min: 0\n    max: 36500\n",
        "rules:\n  - id: a_year_or_more\n    description: A year or more.\n    when: {duration_days: {at_least: 365}}\n    then:\n      - urgency: urgent\n        reason: It has lasted a year.\n    sources: [seed-000]\n",
    );
    for (typed, days) in [
        ("12 months", 365),
        ("1 year", 365),
        ("11 months", 334),
        ("2 hours", 0),
        ("12h", 0),
    ] {
        let save = kb.path().join("answers.yaml");
        let _ = std::fs::remove_file(&save);
        Test::new()
            .rules(kb.path())
            .args(&[
                "ask",
                "--save",
                save.to_str().unwrap(),
                "--max-questions",
                "1",
            ])
            .stdin(&format!("{typed}\n"))
            .run();
        assert_eq!(
            std::fs::read_to_string(&save).unwrap(),
            // The file says how many questions it answers, for `--resume`.
            format!(
                "# 1 question answered in `triage ask` (`--resume` goes on from there)\nduration_days: {days}\nfindings: {{}}\n"
            ),
            "{typed}"
        );
    }
}

/// A character a terminal acts on or does not show: the controls (but NUL, which no argument or
/// file name can hold), the format characters, separators and odd spaces.
fn unseen_char() -> impl Strategy<Value = char> {
    prop_oneof![
        1u32..0x20,
        Just(0x7f),
        0x80u32..0xa0,
        Just(0xad),
        0x2000u32..0x2010,
        0x2028u32..0x2030,
        0x2060u32..0x2065,
        0x2066u32..0x2070,
        Just(0xfeff),
        0xe0001u32..0xe0080,
    ]
    .prop_map(|c| char::from_u32(c).unwrap())
}

/// How `echo` writes a character it escapes.
fn escaped(c: char) -> String {
    if u32::from(c) > 0xffff {
        format!("\\u{{{:x}}}", u32::from(c))
    } else {
        format!("\\u{:04x}", u32::from(c))
    }
}

/// Runs the binary with `args` (and `stdin`), in a folder of its own, whatever its status: its
/// standard output and error, read lossily.
fn output_of(args: &[String], stdin: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .env_remove("TRIAGE_RULES")
        .env("LC_ALL", "C")
        .current_dir(crate::harness::neutral_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let out = child.wait_with_output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Issue 23 defect 12, outside the interview: whatever character a terminal would act on
    /// or not show, put in an id after `--yes`, a cause after `--why-not`, a value of an answers
    /// file, an unknown flag, the name of a rules folder or of a scenario, never reaches
    /// standard output or standard error raw; where it is repeated, it is escaped.
    #[test]
    fn d12_no_character_a_terminal_acts_on_is_echoed_raw(c in unseen_char()) {
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join(format!("rules{c}x"));
        crate::harness::copy_dir(&mini(), &rules);
        // YAML writes any character as `\UXXXXXXXX` in double quotes.
        let yaml = format!("\\U{:08x}", u32::from(c));
        std::fs::write(
            rules.join("tests/named.yaml"),
            format!(
                "scenarios:\n  - name: \"case {yaml}\"\n    answers: {{findings: {{fever: present}}}}\n    \
                 expect: {{urgency: emergency}}\n"
            ),
        )
        .unwrap();
        let rules = rules.display().to_string();
        let with_rules = |args: &[&str]| -> Vec<String> {
            ["--rules", &rules].iter().chain(args).map(|a| a.to_string()).collect()
        };
        let runs = [
            (with_rules(&["assess", "--yes", &format!("back_pain{c}")]), String::new()),
            (with_rules(&["explain", "--why-not", &format!("sciatica{c}")]), String::new()),
            (with_rules(&["assess", "--answers", "-"]), format!("findings: {{fever: \"yes{yaml}\"}}\n")),
            (with_rules(&["assess", &format!("--bogus{c}")]), String::new()),
            (with_rules(&["test"]), String::new()),
            (with_rules(&["list", "causes"]), String::new()),
        ];
        for (args, stdin) in &runs {
            let out = output_of(args, stdin);
            if c != '\n' && c != '\t' {
                prop_assert!(!out.contains(c), "{:?}: {}", args, out);
            }
            // `test` and `list` name the folder: escaped, on one line.
            if args.contains(&"list".to_string()) || args.contains(&"test".to_string()) {
                let header = out
                    .lines()
                    .find(|l| l.starts_with("Knowledge base: "))
                    .unwrap_or_default();
                prop_assert!(header.contains(&escaped(c)), "{:?}: {}", args, out);
                prop_assert!(header.ends_with("(mini 0.1.0)"), "{:?}: {}", args, out);
            }
            if args.contains(&"test".to_string()) {
                prop_assert!(out.contains(&format!("case {}", escaped(c))), "{}", out);
            }
        }
    }
}

/// Issue 23 defect 12: `--yes back_pain` with a zero-width space said "did you mean
/// `back_pain`" of what looked like `back_pain`; the two now differ where the person can see.
/// And a knowledge base's own texts, which every report shows, may hold no control character
/// or direction override (written raw or as a YAML escape): `check` refuses them, located.
#[test]
fn d12_invisible_characters_are_shown_and_refused_in_the_knowledge_base() {
    Test::new()
        .rules(&mini())
        .args(&["assess", "--yes", "back_pain\u{200b}"])
        .status(1)
        .stdout("")
        .stderr("error: unknown finding `back_pain\\u200b`; did you mean `back_pain`? (in --yes)\n")
        .run();
    let kb = mini_copy();
    let path = kb.path().join("findings.yaml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace(
            "question: Have you had a fever?",
            "question: \"Have you had a \\e[2Jfever?\"",
        )
        .replace(
            "help: Any pain between the neck and the buttocks.",
            "help: Any pain \u{202e}between",
        );
    std::fs::write(&path, text).unwrap();
    let ran = Test::new()
        .rules(kb.path())
        .args(&["check"])
        .status(1)
        .stdout("")
        .run();
    for (message, line) in [
        (
            "the finding `back_pain` holds a direction override (U+202E), which a terminal would act on rather than show",
            2,
        ),
        (
            "the finding `fever` holds a control character (U+001B), which a terminal would act on rather than show",
            9,
        ),
    ] {
        assert!(
            ran.stderr.contains(&format!(
                "error: {message}\n --> {}:{line}:9\n",
                path.display()
            )),
            "{}",
            ran.stderr
        );
    }
    assert!(
        !ran.stderr.contains('\u{1b}') && !ran.stderr.contains('\u{202e}'),
        "{}",
        ran.stderr
    );
}
