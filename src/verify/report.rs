//! The text report of `triage verify`: one line per check, `proven` or `FAILED` with the
//! counterexample as an answers file to replay, then a summary line.

use super::{Check, Report};
use crate::kb::KnowledgeBase;
use crate::style::Style;

pub fn text(kb: &KnowledgeBase, report: &Report, style: Style) -> String {
    let mut out = String::new();
    let (mut proven, mut failed, mut flags, mut flags_failed) = (0, 0, 0, 0);
    let (mut nets, mut nets_failed) = (0, 0);
    for verdict in &report.verdicts {
        let line = match verdict.check {
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
        };
        let is_flag = matches!(verdict.check, Check::Monotone(_));
        let is_net = matches!(verdict.check, Check::SafetyNet(_));
        let Some(counterexample) = &verdict.counterexample else {
            if is_flag {
                flags += 1;
            } else if is_net {
                nets += 1;
            } else {
                proven += 1;
            }
            out.push_str(&format!("{}   {line}\n", style.good("proven")));
            continue;
        };
        if is_flag {
            flags_failed += 1;
        } else if is_net {
            nets_failed += 1;
        } else {
            failed += 1;
        }
        out.push_str(&format!("{}   {line}\n", style.error("FAILED")));
        let level = &kb.levels[counterexample.level].id;
        let why = match verdict.check {
            Check::Invariant(i) => {
                let invariant = &kb.invariants[i];
                let wanted = &kb.levels[invariant.at_least].id;
                let mut why = Vec::new();
                if counterexample.level > invariant.at_least {
                    why.push(format!("give the urgency {level}, not at least {wanted}"));
                }
                if let (Some(cause), Some(false)) = (invariant.lists_cause, counterexample.listed) {
                    why.push(format!("do not list {}", kb.causes[cause].id));
                }
                why.join(" and ")
            }
            Check::Monotone(fact) => format!(
                "give the urgency {level}, but only {} once {} is answered present",
                counterexample
                    .level_with_flag
                    .map_or("?", |l| kb.levels[l].id.as_str()),
                kb.facts[fact].id
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
        for answer_line in counterexample.answers.to_yaml(kb).lines() {
            out.push_str(&format!("           {answer_line}\n"));
        }
    }
    let total = proven + failed;
    let mut summary = if total == 0 {
        "no invariants declared (add them under `invariants:`)".to_string()
    } else {
        format!(
            "{proven} of {total} invariant{} proven",
            if total == 1 { "" } else { "s" }
        )
    };
    summary.push_str(&format!(
        "; {flags} of {} red flag{} proven monotone",
        flags + flags_failed,
        if flags + flags_failed == 1 { "" } else { "s" }
    ));
    if nets + nets_failed > 0 {
        summary.push_str(&format!(
            "; {nets} of {} safety-net sign{} proven never to understate",
            nets + nets_failed,
            if nets + nets_failed == 1 { "" } else { "s" },
        ));
    }
    let all = failed + flags_failed + nets_failed;
    if all > 0 {
        summary.push_str(&format!(
            "; {} {all} counterexample{}",
            style.error("FAILED:"),
            if all == 1 { "" } else { "s" }
        ));
    }
    out.push_str(&summary);
    out.push('\n');
    out
}

/// The first few words of a text, for a line that names it.
fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(8).collect();
    let more = text.split_whitespace().count() > words.len();
    format!("{}{}", words.join(" "), if more { " ..." } else { "" })
}
