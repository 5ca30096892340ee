//! Prints the questions the interview asks when a scenario's answers play the patient, with
//! what was at stake in each: a tool for tuning a knowledge base's question flow.
//!
//! cargo run --example question_flow -- [SCENARIO NAME FILTER] [--summary] [--deny] [--show-rules]
//!     [--candidates]
//!
//! With TRIAGE_RULES=DIR it measures that rules folder (and its tests/) instead of the
//! built-in knowledge base.
//!
//! The patient (`triage::interview::Patient`) answers what the scenario states; with `--deny`
//! they say "no" to every yes/no finding it leaves out, else "not sure". The targets (issue
//! 12): median at most 12 questions and at most 30 with `--deny`, median at most 20 and at most
//! 35 without; every emergency shown within 8 questions either way.

use triage::interview::{Patient, Question, Unstated};
use triage::kb::{KbSource, builtin_scenario_files, load};
use triage::scenario::Suite;

fn main() {
    const FLAGS: [&str; 4] = ["--summary", "--deny", "--show-rules", "--candidates"];
    if let Some(flag) = std::env::args()
        .skip(1)
        .find(|a| a.starts_with("--") && !FLAGS.contains(&a.as_str()))
    {
        eprintln!(
            "question_flow: unknown flag {flag} (it takes {})",
            FLAGS.join(", ")
        );
        std::process::exit(2);
    }
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_default();
    // With --deny, the patient says "no" to whatever the scenario leaves out (instead of "?").
    let deny = std::env::args().any(|a| a == "--deny");
    let quiet = std::env::args().any(|a| a == "--summary");
    // With --show-rules, each question's line names the open urgency rules it feeds.
    let show_rules = std::env::args().any(|a| a == "--show-rules");
    // With --candidates, each question's line is followed by the eight findings most pressing
    // then (as the interview weighs them, sorted by danger and then confirmed parts).
    let show_candidates = std::env::args().any(|a| a == "--candidates");
    let mut counts: Vec<usize> = Vec::new();
    // For each scenario that ends in an emergency: the questions asked until it was shown.
    let mut emergencies: Vec<(usize, String)> = Vec::new();
    // Scenarios whose expectations the interview's outcome misses, and whose urgency differs
    // from `assess` on the scenario's own answers.
    let mut missed: Vec<String> = Vec::new();
    let mut urgency_differs: Vec<String> = Vec::new();
    // Scenarios that name the cause to rank first: how often it is in the interview's top three.
    let mut top_three = (0, 0);
    // TRIAGE_RULES names a rules folder to measure instead of the built-in one (no rebuild
    // needed while tuning a knowledge base's question flow).
    let source =
        std::env::var_os("TRIAGE_RULES").map_or(KbSource::Builtin, |dir| KbSource::Dir(dir.into()));
    let kb = load(&source).expect("the knowledge base loads").kb;
    let files = match &source {
        KbSource::Builtin => builtin_scenario_files(),
        KbSource::Dir(dir) => {
            triage::kb::yaml_files_in(&dir.join("tests"), "read").expect("the scenario files read")
        }
    };
    let suite = Suite::parse(&kb, files).unwrap_or_else(|error| {
        // The error's own report names the file and line; the debug form would print the files.
        eprint!("{}", error.render(triage::style::Style::PLAIN));
        std::process::exit(1)
    });
    let unstated = if deny {
        Unstated::No
    } else {
        Unstated::NotSure
    };
    for scenario in suite.scenarios.iter().filter(|s| s.name.contains(&filter)) {
        if !quiet {
            println!("== {}", scenario.name);
        }
        let patient = Patient::new(&kb, &scenario.answers, unstated);
        let (interview, emergency_at) = patient
            .play_with(None, |interview, question, set| {
                if quiet {
                    return;
                }
                let name = match question {
                    Question::Finding(f) => kb.facts[f].id.clone(),
                    Question::Complaint => "complaint".into(),
                    Question::Screen(screen) => kb.screens[screen].id.to_string(),
                    Question::Escalation => "escalation".into(),
                };
                let answered: Vec<String> = set
                    .iter()
                    .map(|(f, v)| format!("{}={v:?}", kb.facts[*f].id))
                    .collect();
                let stake = interview.stake(question);
                println!(
                    "  {:>2}. {name:<32} level {:<20} needed {} danger {:>6.1} weight {:>5} causes {:?} -> {}",
                    interview.asked() + 1,
                    stake
                        .level
                        .map_or("-".to_string(), |l| kb.levels[l].id.to_string()),
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
                if show_candidates {
                    let mut pressing: Vec<(String, triage::interview::select::Stake)> = interview
                        .candidate_stakes()
                        .into_iter()
                        .map(|(f, stake)| (kb.facts[f].id.to_string(), stake))
                        .filter(|(_, s)| s.level.is_some())
                        .collect();
                    pressing.sort_by(|(_, a), (_, b)| {
                        b.danger
                            .total_cmp(&a.danger)
                            .then(b.confirmed.cmp(&a.confirmed))
                    });
                    for (id, s) in pressing.iter().take(8) {
                        println!(
                            "      candidate {id:<32} danger {:>5.1} confirmed {} fallback {} total {:.1}",
                            s.danger, s.confirmed, s.fallback, s.total_danger,
                        );
                    }
                }
                if show_rules {
                    let rules: Vec<&str> = stake
                        .urgency_rules
                        .iter()
                        .map(|&r| kb.rules[r].id.as_str())
                        .collect();
                    println!("      rules {}", rules.join(" "));
                }
            })
            .unwrap();
        if let Some(asked) = emergency_at {
            emergencies.push((asked, scenario.name.clone()));
        }
        if !quiet {
            let level = &kb.levels[interview.outcome().level].id;
            println!("  => {level} after {} questions", interview.asked());
        }
        counts.push(interview.asked());
        let outcome = interview.report().unwrap();
        let failures = triage::scenario::check(&kb, &scenario.expect, &outcome);
        if !failures.is_empty() {
            missed.push(format!("{}: {}", scenario.name, failures.join("; ")));
        }
        if let Some(first) = scenario.expect.first {
            top_three.1 += 1;
            if outcome.causes.iter().take(3).any(|c| c.cause == first) {
                top_three.0 += 1;
            }
        }
        if outcome.level
            != triage::assess::assess(&kb, &scenario.answers)
                .unwrap()
                .level
        {
            urgency_differs.push(scenario.name.clone());
        }
    }
    counts.sort_unstable();
    if !counts.is_empty() {
        let (median, max) = (counts[counts.len() / 2], counts[counts.len() - 1]);
        println!(
            "{} scenarios: median {median} questions, max {max}",
            counts.len()
        );
    }
    println!(
        "expectations met by the interview's outcome: {} of {}; urgency as assess: {} of {}",
        counts.len() - missed.len(),
        counts.len(),
        counts.len() - urgency_differs.len(),
        counts.len()
    );
    println!(
        "the expected first cause in the interview's top three: {} of {}",
        top_three.0, top_three.1
    );
    for line in missed.iter().chain(&urgency_differs) {
        println!("  {line}");
    }
    emergencies.sort();
    if let Some((max, name)) = emergencies.last() {
        let within = emergencies.iter().filter(|(n, _)| *n <= 8).count();
        println!(
            "{} emergencies: {within} shown within 8 questions, median {}, max {max} ({name})",
            emergencies.len(),
            emergencies[emergencies.len() / 2].0
        );
        for (n, name) in emergencies.iter().filter(|(n, _)| *n > 8) {
            println!("  {n:>2} questions: {name}");
        }
    }
}
