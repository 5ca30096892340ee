//! The text report of `triage verify`: one line per check, `proven` or `FAILED` with the
//! counterexample as an answers file to replay, `UNDECIDED` for the check it stopped on if
//! its budget ran out, then a summary line.

use super::{Check, Counterexample, Report, Unasked};
use crate::answers::Answers;
use crate::kb::{Invariant, KnowledgeBase, LevelId};
use crate::report::condition_text;
use crate::style::Style;

pub fn text(kb: &KnowledgeBase, report: &Report, style: Style) -> String {
    let mut out = String::new();
    let (mut proven, mut failed, mut flags, mut flags_failed) = (0, 0, 0, 0);
    let (mut unsure, mut unsure_failed) = (0, 0);
    let floor = super::not_sure_floor(kb).map_or("?", |(_, floor)| kb.levels[floor].id.as_str());
    let (mut nets, mut nets_failed) = (0, 0);
    for verdict in &report.verdicts {
        let line = check_line(kb, verdict.check, floor);
        let (ok, bad) = match verdict.check {
            Check::Invariant(_) | Check::TextInvariant(_) => (&mut proven, &mut failed),
            Check::Monotone(_) => (&mut flags, &mut flags_failed),
            Check::NotSure(_) => (&mut unsure, &mut unsure_failed),
            Check::SafetyNet(_) => (&mut nets, &mut nets_failed),
        };
        let Some(counterexample) = &verdict.counterexample else {
            *ok += 1;
            out.push_str(&format!("{}   {line}\n", style.good("proven")));
            continue;
        };
        *bad += 1;
        out.push_str(&format!("{}   {line}\n", style.error("FAILED")));
        if let (Check::Invariant(i), Some(unasked)) = (verdict.check, &counterexample.unasked) {
            out.push_str(&unasked_text(
                kb,
                &kb.invariants[i],
                counterexample,
                unasked,
            ));
            continue;
        }
        let level = &kb.levels[counterexample.level].id;
        let why = match verdict.check {
            Check::Invariant(i) => shortfall(
                kb,
                &kb.invariants[i],
                counterexample.level,
                counterexample.listed,
            ),
            Check::Monotone(fact) => format!(
                "give the urgency {level}, but only {} once {} is answered present",
                counterexample
                    .level_with_flag
                    .map_or("?", |l| kb.levels[l].id.as_str()),
                kb.facts[fact].id
            ),
            Check::NotSure(fact) if counterexample.level_not_asked.is_some() => format!(
                "give the urgency {level} with {id} \"not sure\", but {} with it not asked",
                counterexample
                    .level_not_asked
                    .map_or("?", |l| kb.levels[l].id.as_str()),
                id = kb.facts[fact].id
            ),
            Check::NotSure(fact) => format!(
                "give the urgency {level} with {id} \"not sure\", {} with it present and {} with it absent",
                counterexample
                    .level_with_flag
                    .map_or("?", |l| kb.levels[l].id.as_str()),
                counterexample
                    .level_without_flag
                    .map_or("?", |l| kb.levels[l].id.as_str()),
                id = kb.facts[fact].id
            ),
            Check::TextInvariant(_) => {
                let text = counterexample.text.map_or(String::new(), |t| {
                    let text = &kb.texts[t];
                    match &text.id {
                        Some(id) => format!("`{id}`"),
                        None => format!("\"{}\"", first_words(&text.text)),
                    }
                });
                format!("show {text} at the urgency {level}")
            }
            Check::SafetyNet(fact) => format!(
                "show a safety net that says {level} for {}, but {} once it is answered present",
                kb.facts[fact].id,
                counterexample
                    .level_with_flag
                    .map_or("?", |l| kb.levels[l].id.as_str()),
            ),
        };
        out.push_str(&format!(
            "         these answers {why} (replay with `triage assess --answers FILE`):\n"
        ));
        out.push_str(&answers_text(kb, &counterexample.answers));
    }
    // Totals from the knowledge base, so that checks never reached count as not proven.
    let total = kb.invariants.len() + kb.text_invariants.len();
    let flags_total = super::red_flags(kb).len();
    let nets_total = super::net_findings(kb).len();
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut summary = if total == 0 {
        "no invariants declared (add them under `invariants:`)".to_string()
    } else {
        format!("{proven} of {total} invariant{} proven", plural(total))
    };
    summary.push_str(&format!(
        "; {flags} of {flags_total} red flag{} proven monotone",
        plural(flags_total)
    ));
    if flags_total > 0 {
        summary.push_str(&format!(
            ", {unsure} of {flags_total} with \"not sure\" examined"
        ));
    }
    if nets_total > 0 {
        summary.push_str(&format!(
            "; {nets} of {nets_total} safety-net sign{} proven never to understate",
            plural(nets_total),
        ));
    }
    let all = failed + flags_failed + unsure_failed + nets_failed;
    if all > 0 {
        summary.push_str(&format!(
            "; {} {all} counterexample{}",
            style.error("FAILED:"),
            plural(all)
        ));
    }
    if let Some(stopped) = &report.stopped {
        out.push_str(&format!(
            "{} {}\n         {}\n",
            style.error("UNDECIDED"),
            check_line(kb, stopped.check, floor),
            stopped.why
        ));
        if stopped.not_reached > 0 {
            out.push_str(&format!(
                "         {} check{} after it not reached\n",
                stopped.not_reached,
                plural(stopped.not_reached)
            ));
        }
        summary.push_str(&format!(
            "; {} verify stopped before deciding {} check{}",
            style.error("UNDECIDED:"),
            stopped.not_reached + 1,
            plural(stopped.not_reached + 1)
        ));
    }
    out.push_str(&summary);
    out.push('\n');
    out
}

/// An answers file, indented under a verdict.
fn answers_text(kb: &KnowledgeBase, answers: &Answers) -> String {
    answers
        .to_yaml(kb)
        .lines()
        .map(|line| format!("           {line}\n"))
        .collect()
}

/// Why an invariant that holds on its answers fails in the interview: the red flags it never
/// asks there, each with its `ask_if`, and what the answers it can collect give.
fn unasked_text(
    kb: &KnowledgeBase,
    invariant: &Invariant,
    counterexample: &Counterexample,
    unasked: &Unasked,
) -> String {
    let gates: Vec<String> = unasked
        .findings
        .iter()
        .map(|&f| {
            let ask_if = kb.facts[f]
                .ask_if
                .as_ref()
                .map_or(String::new(), |c| condition_text(kb, c));
            format!("`{}` (its `ask_if: {ask_if}`)", kb.facts[f].id)
        })
        .collect();
    format!(
        "         the interview never asks someone with these answers {}: their age or \
         duration rules it out\n{}         and the answers it can collect {} (replay with \
         `triage assess --answers FILE`):\n{}",
        gates.join(" or "),
        answers_text(kb, &counterexample.answers),
        shortfall(kb, invariant, unasked.level, unasked.listed),
        answers_text(kb, &unasked.answers)
    )
}

/// How an outcome falls short of an invariant: "give the urgency X, not at least Y", "do not
/// list Z", or both.
fn shortfall(
    kb: &KnowledgeBase,
    invariant: &Invariant,
    level: LevelId,
    listed: Option<bool>,
) -> String {
    let mut why = Vec::new();
    if level > invariant.at_least {
        why.push(format!(
            "give the urgency {}, not at least {}",
            kb.levels[level].id, kb.levels[invariant.at_least].id
        ));
    }
    if let (Some(cause), Some(false)) = (invariant.lists_cause, listed) {
        why.push(format!("do not list {}", kb.causes[cause].id));
    }
    why.join(" and ")
}

/// The first few words of a text, for a line that names it.
fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    let more = text.split_whitespace().count() > words.len();
    format!("{}{}", words.join(" "), if more { " ..." } else { "" })
}

/// What a check proves, in a line.
fn check_line(kb: &KnowledgeBase, check: Check, floor: &str) -> String {
    match check {
        Check::Invariant(i) => {
            let invariant = &kb.invariants[i];
            let text = if !invariant.description.trim().is_empty() {
                invariant.description.trim().to_string()
            } else {
                let level = &kb.levels[invariant.at_least].id;
                match invariant.lists_cause {
                    Some(cause) => format!(
                        "whenever its condition holds, the urgency is at least {level} and {} is listed",
                        kb.causes[cause].id
                    ),
                    None => {
                        format!("whenever its condition holds, the urgency is at least {level}")
                    }
                }
            };
            format!("{}: {text}", invariant.id)
        }
        Check::Monotone(fact) => format!(
            "red flag {}: answering it present never lowers the urgency",
            kb.facts[fact].id
        ),
        Check::NotSure(fact) => format!(
            "red flag {}: \"not sure\" of it is never below not asking, and at least {floor} wherever it decides between an emergency and home",
            kb.facts[fact].id
        ),
        Check::TextInvariant(i) => {
            let invariant = &kb.text_invariants[i];
            let text = invariant.description.trim();
            if text.is_empty() {
                format!("{}: its texts are never shown where it says", invariant.id)
            } else {
                format!("{}: {text}", invariant.id)
            }
        }
        Check::SafetyNet(fact) => format!(
            "safety net, sign {}: never says less than answering it yes would mean",
            kb.facts[fact].id
        ),
    }
}
