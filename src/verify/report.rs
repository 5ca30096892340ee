//! The text report of `triage verify`: one line per check, `proven` or `FAILED` with the
//! counterexample as an answers file to replay, then a summary line.

use super::{Check, Report};
use crate::kb::KnowledgeBase;
use crate::style::Style;

pub fn text(kb: &KnowledgeBase, report: &Report, style: Style) -> String {
    let mut out = String::new();
    let (mut proven, mut failed, mut flags, mut flags_failed) = (0, 0, 0, 0);
    let (mut unsure, mut unsure_failed) = (0, 0);
    let floor = super::not_sure_floor(kb).map_or("?", |(_, floor)| kb.levels[floor].id.as_str());
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
            Check::NotSure(fact) => format!(
                "red flag {}: \"not sure\" of it is at least {floor} wherever it decides between an emergency and home",
                kb.facts[fact].id
            ),
        };
        let (ok, bad) = match verdict.check {
            Check::Invariant(_) => (&mut proven, &mut failed),
            Check::Monotone(_) => (&mut flags, &mut flags_failed),
            Check::NotSure(_) => (&mut unsure, &mut unsure_failed),
        };
        let Some(counterexample) = &verdict.counterexample else {
            *ok += 1;
            out.push_str(&format!("{}   {line}\n", style.good("proven")));
            continue;
        };
        *bad += 1;
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
    if unsure + unsure_failed > 0 {
        summary.push_str(&format!(
            ", {unsure} of {} with \"not sure\" examined",
            unsure + unsure_failed
        ));
    }
    let all = failed + flags_failed + unsure_failed;
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
