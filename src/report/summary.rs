//! `--format summary`: a page to print or show a doctor, in Markdown that reads as plain
//! text: the answers in plain words (yes / no / not sure), the urgency and its reasons, the
//! warning signs not answered, the causes considered, and the knowledge base it came from.

use super::level_heading;
use super::text::Ending;
use super::wrap::fill;
use crate::answers::Answers;
use crate::assess::{Outcome, red_flag_order, unanswered_red_flags};
use crate::engine::condition::Value;
use crate::i18n::{Lang, num, txt};
use crate::kb::{KnowledgeBase, Status};
use std::fmt::Write as _;

pub fn outcome_summary(
    kb: &KnowledgeBase,
    answers: &Answers,
    outcome: &Outcome,
    ending: Option<Ending>,
    width: usize,
    lang: Lang,
    translation: crate::report::KbTexts,
) -> String {
    let mut out = String::new();
    let para = |out: &mut String, text: &str| {
        let _ = writeln!(out, "{}", fill(text, width, "", ""));
    };
    let item = |out: &mut String, text: &str| {
        let _ = writeln!(out, "{}", fill(text, width, "- ", "  "));
    };
    let level = &kb.levels[outcome.level];

    let _ = writeln!(out, "# {}\n", lang.text("summary-title"));
    let draft = if kb.metadata.status == Status::Draft {
        lang.text("summary-draft")
    } else {
        String::new()
    };
    para(
        &mut out,
        &lang.text_with(
            "summary-made-by",
            &[
                ("name", txt(&kb.metadata.name)),
                ("version", txt(&kb.metadata.version)),
                ("draft", txt(&draft)),
            ],
        ),
    );
    let notices = super::kb_notice(kb, lang)
        .into_iter()
        .chain(super::translation_notice(translation, lang));
    for notice in notices {
        out.push('\n');
        para(&mut out, &notice);
    }
    if let Some(ending) = ending
        && let Some(why) = ending.stopped_early(lang)
    {
        out.push('\n');
        para(
            &mut out,
            &lang.text_with(
                "summary-not-complete",
                &[("why", txt(&why)), ("count", num(ending.asked))],
            ),
        );
    }

    let _ = writeln!(out, "\n## {}\n", lang.text("summary-urgency"));
    para(&mut out, &format!("**{}**", level_heading(level, lang)));
    if !outcome.reasons.is_empty() {
        out.push('\n');
        for reason in &outcome.reasons {
            item(
                &mut out,
                &format!("{} ({})", reason.text, kb.levels[reason.level].label),
            );
        }
    }

    let _ = writeln!(out, "\n## {}\n", lang.text("summary-answers"));
    if answers.values.is_empty() {
        para(&mut out, &lang.text("summary-no-answers"));
    }
    for (&fact, &value) in &answers.values {
        let f = &kb.facts[fact];
        let answer = match value {
            Value::Present => lang.text("answer-yes"),
            Value::Absent => lang.text("answer-no"),
            Value::Unknown | Value::Unsure => lang.text("answer-unsure"),
            _ => super::value_words(kb, fact, value, lang),
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
        let _ = writeln!(out, "\n## {}\n", lang.text("summary-not-asked"));
        for &&fact in &not_asked {
            item(&mut out, kb.facts[fact].label());
        }
    }

    let _ = writeln!(out, "\n## {}\n", lang.text("summary-causes"));
    if outcome.causes.is_empty() {
        para(&mut out, &lang.text("summary-no-causes"));
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
    para(&mut out, &lang.text("notice"));
    out
}
