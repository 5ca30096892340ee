//! The report a person reads: urgency and what to do first, then causes, advice, and the notice.

use super::{NOTICE, facts_text, level_title, score_text};
use crate::assess::{Evidence, Outcome};
use crate::kb::KnowledgeBase;
use crate::style::Style;
use std::fmt::Write as _;

pub fn outcome_text(kb: &KnowledgeBase, outcome: &Outcome, style: Style) -> String {
    let mut out = String::new();
    let level = &kb.levels[outcome.level];
    let paint = level_paint(kb, outcome.level, style);
    let _ = writeln!(
        out,
        "{}",
        paint(&format!("{}: {}", level_title(&level.id), level.label))
    );
    let _ = writeln!(out, "{}", level.action);

    if !outcome.reasons.is_empty() {
        let _ = writeln!(out, "\nWhy:");
        for reason in &outcome.reasons {
            let rule = &kb.rules[reason.rule];
            let _ = writeln!(out, "  - {}", reason.text);
            let _ = writeln!(
                out,
                "    {}",
                style.dim(&format!(
                    "[{} → {}{}]",
                    rule.id,
                    kb.levels[reason.level].id,
                    sources_suffix(&rule.sources)
                ))
            );
        }
    }

    if outcome.causes.is_empty() {
        let _ = writeln!(
            out,
            "\nNo cause that this tool covers fits these answers well; follow the advice on urgency above."
        );
    } else {
        let _ = writeln!(out, "\nPossible causes, most likely first:");
        for (rank, ranked) in outcome.causes.iter().enumerate() {
            let cause = &kb.causes[ranked.cause];
            let _ = writeln!(
                out,
                "  {}. {} {}",
                rank + 1,
                style.bold(&cause.name),
                style.dim(&format!(
                    "({}, score {})",
                    cause.id,
                    score_text(ranked.score)
                ))
            );
            evidence_lines(&mut out, kb, "for:", &ranked.support, style);
            evidence_lines(&mut out, kb, "against:", &ranked.against, style);
        }
        // In an emergency, self-care advice would only distract from what to do now.
        let top = &kb.causes[outcome.causes[0].cause];
        if !level.emergency && (!top.self_care.is_empty() || !top.see_doctor.is_empty()) {
            let _ = writeln!(out, "\nAbout {}:", top.name.to_lowercase());
            if !top.description.is_empty() {
                let _ = writeln!(out, "  {}", top.description.trim());
            }
            if !top.self_care.is_empty() {
                let _ = writeln!(out, "  What you can do: {}", top.self_care.trim());
            }
            if !top.see_doctor.is_empty() {
                let _ = writeln!(out, "  When to see a doctor: {}", top.see_doctor.trim());
            }
        }
    }

    if !outcome.advice.is_empty() {
        let _ = writeln!(out, "\nAdvice:");
        for advice in &outcome.advice {
            let _ = writeln!(
                out,
                "  - {} {}",
                advice.text.trim(),
                style.dim(&format!("[{}]", kb.rules[advice.rule].id))
            );
        }
    }

    let _ = writeln!(out, "\n{}", style.dim(NOTICE));
    out
}

fn evidence_lines(
    out: &mut String,
    kb: &KnowledgeBase,
    label: &str,
    evidence: &[Evidence],
    style: Style,
) {
    for item in evidence {
        let rule = &kb.rules[item.rule];
        let what = if rule.description.is_empty() {
            &rule.id
        } else {
            &rule.description
        };
        let _ = writeln!(
            out,
            "     {label:<8} {} {}",
            what.trim(),
            style.dim(&format!(
                "[{} {}{}; {}]",
                rule.id,
                if item.weight > 0.0 { "+" } else { "" },
                score_text(item.weight),
                facts_text(kb, &item.facts)
            ))
        );
    }
}

fn sources_suffix(sources: &[String]) -> String {
    if sources.is_empty() {
        String::new()
    } else {
        format!("; {}", sources.join("; "))
    }
}

/// Emergencies in red, urgent in yellow, self-care in green, the rest in cyan.
pub fn level_paint(kb: &KnowledgeBase, level: usize, style: Style) -> impl Fn(&str) -> String {
    let emergency = kb.levels[level].emergency;
    let first_non_emergency = kb.levels.iter().position(|l| !l.emergency);
    let default = kb.default_level;
    move |text: &str| {
        if emergency {
            style.error(text)
        } else if level == default {
            style.good(text)
        } else if Some(level) == first_non_emergency {
            style.warning(text)
        } else {
            style.info(text)
        }
    }
}
