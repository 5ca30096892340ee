//! Prints the questions the interview asks when a scenario's answers play the patient, with
//! what was at stake in each: a tool for tuning a knowledge base's question flow.
//!
//! cargo run --example question_flow -- [SCENARIO NAME FILTER]

use triage::engine::condition::Value;
use triage::interview::{Interview, Question};
use triage::kb::{KbSource, builtin_scenario_files, load};
use triage::scenario::Suite;

fn main() {
    let filter = std::env::args().nth(1).unwrap_or_default();
    // With --deny, the patient says "no" to whatever the scenario leaves out (instead of "?").
    let deny = std::env::args().any(|a| a == "--deny");
    let quiet = std::env::args().any(|a| a == "--summary");
    let mut counts: Vec<usize> = Vec::new();
    let kb = load(&KbSource::Builtin)
        .expect("the built-in knowledge base loads")
        .kb;
    let files = builtin_scenario_files();
    let suite = Suite::parse(&kb, files).expect("the scenarios parse");
    let answer =
        |scenario: &triage::scenario::Scenario, f: usize| match scenario.answers.values.get(&f) {
            Some(value) => *value,
            None if deny && kb.facts[f].kind == triage::kb::FactKind::YesNo => Value::Absent,
            None => Value::Unknown,
        };
    for scenario in suite.scenarios.iter().filter(|s| s.name.contains(&filter)) {
        if !quiet {
            println!("== {}", scenario.name);
        }
        let mut interview = Interview::new(&kb, None).unwrap();
        while let Some(question) = interview.next_question() {
            let stake = interview.stake(question);
            let set = match question {
                Question::Finding(f) => vec![(f, answer(scenario, f))],
                Question::Complaint => interview
                    .complaint_options()
                    .into_iter()
                    .filter(|&f| scenario.answers.get(f) == Value::Present)
                    .map(|f| (f, Value::Present))
                    .collect(),
            };
            let name = match question {
                Question::Finding(f) => kb.facts[f].id.clone(),
                Question::Complaint => "complaint".into(),
            };
            let answered: Vec<String> = set
                .iter()
                .map(|(f, v)| format!("{}={v:?}", kb.facts[*f].id))
                .collect();
            if !quiet {
                println!(
                    "  {:>2}. {name:<32} level {:<20} needed {} danger {:>6.1} weight {:>5} causes {:?} -> {}",
                    interview.asked() + 1,
                    stake
                        .level
                        .map_or("-".to_string(), |l| kb.levels[l].id.clone()),
                    stake.needed,
                    stake.danger,
                    stake.weight,
                    stake
                        .causes
                        .iter()
                        .map(|&c| kb.causes[c].id.as_str())
                        .collect::<Vec<_>>(),
                    answered.join(" ")
                );
            }
            interview.answer(question, set).unwrap();
        }
        if !quiet {
            let level = &kb.levels[interview.outcome().level].id;
            println!("  => {level} after {} questions", interview.asked());
        }
        counts.push(interview.asked());
    }
    counts.sort_unstable();
    if !counts.is_empty() {
        let (median, max) = (counts[counts.len() / 2], counts[counts.len() - 1]);
        println!(
            "{} scenarios: median {median} questions, max {max}",
            counts.len()
        );
    }
}
