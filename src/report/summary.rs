//! `--format summary`: a page to print or show a doctor, in Markdown that reads as plain
//! text: the answers in plain words (yes / no / not sure), the urgency and its reasons, the
//! warning signs not answered, the causes considered, and the knowledge base it came from.

use super::text::Ending;
use super::wrap::fill;
use super::{NOTICE, level_title};
use crate::answers::{Answers, value_text};
use crate::assess::{Outcome, red_flag_order, unanswered_red_flags};
use crate::engine::condition::Value;
use crate::kb::{KnowledgeBase, Status};
use std::fmt::Write as _;

pub fn outcome_summary(
    kb: &KnowledgeBase,
    answers: &Answers,
    outcome: &Outcome,
    ending: Option<Ending>,
    width: usize,
) -> String {
    let mut out = String::new();
    let para = |out: &mut String, text: &str| {
        let _ = writeln!(out, "{}", fill(text, width, "", ""));
    };
    let item = |out: &mut String, text: &str| {
        let _ = writeln!(out, "{}", fill(text, width, "- ", "  "));
    };
    let level = &kb.levels[outcome.level];

    let _ = writeln!(
        out,
        "# Symptom summary: tingling, numbness or pain in the back\n"
    );
    para(
        &mut out,
        &format!(
            "Made by `triage` with the knowledge base {} {}{}, from the person's own answers. \
             It is a triage aid, not a diagnosis.",
            kb.metadata.name,
            kb.metadata.version,
            if kb.metadata.status == Status::Draft {
                " (a draft)"
            } else {
                ""
            }
        ),
    );
    if let Some(notice) = super::kb_notice(kb) {
        out.push('\n');
        para(&mut out, &notice);
    }
    if let Some(ending) = ending
        && let Some(why) = ending.stopped_early()
    {
        out.push('\n');
        para(
            &mut out,
            &format!(
                "Not complete: {why} after {} answer{}.",
                ending.asked,
                crate::error::plural(ending.asked)
            ),
        );
    }

    let _ = writeln!(out, "\n## Urgency\n");
    para(
        &mut out,
        &format!("**{}: {}**", level_title(&level.id), level.label),
    );
    if !outcome.reasons.is_empty() {
        out.push('\n');
        for reason in &outcome.reasons {
            item(
                &mut out,
                &format!("{} ({})", reason.text, kb.levels[reason.level].label),
            );
        }
    }

    let _ = writeln!(out, "\n## Answers\n");
    if answers.values.is_empty() {
        para(&mut out, "No answers were given.");
    }
    for (&fact, &value) in &answers.values {
        let f = &kb.facts[fact];
        let answer = match value {
            Value::Present => "yes".to_string(),
            Value::Absent => "no".to_string(),
            Value::Unknown | Value::Unsure => "not sure".to_string(),
            _ => value_text(kb, fact, value),
        };
        // A label is a statement ("Pain in your back: yes"), a question ends in its own mark.
        let colon = if f.label.is_some() { ":" } else { "" };
        item(&mut out, &format!("{}{colon} **{answer}**", f.label()));
    }

    let unanswered = unanswered_red_flags(kb, &red_flag_order(kb), answers, outcome);
    let not_asked: Vec<_> = unanswered
        .iter()
        .filter(|f| !answers.values.contains_key(f))
        .collect();
    if !not_asked.is_empty() {
        let _ = writeln!(out, "\n## Warning signs not asked\n");
        for &&fact in &not_asked {
            item(&mut out, kb.facts[fact].label());
        }
    }

    let _ = writeln!(out, "\n## Causes considered, most likely first\n");
    if outcome.causes.is_empty() {
        para(&mut out, "None fitted the answers well.");
    }
    for (rank, ranked) in outcome.causes.iter().enumerate() {
        let cause = &kb.causes[ranked.cause];
        let number = format!("{}. ", rank + 1);
        let line = match super::codes_text(&cause.codes) {
            Some(codes) => format!("{} ({codes})", cause.name),
            None => cause.name.clone(),
        };
        let _ = writeln!(
            out,
            "{}",
            fill(&line, width, &number, &" ".repeat(number.len()))
        );
    }

    out.push('\n');
    para(&mut out, NOTICE);
    out
}
