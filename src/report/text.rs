//! The report a person reads. It says what to do first, then why, and holds nothing that
//! contradicts the level it gives:
//!
//! - an emergency: the instruction, the reasons that made it one, what to tell the staff, and
//!   only the advice of the rules that set it (no self-care, no routine reasons, no "get help
//!   if you develop" list);
//! - any other level: the level and why, the possible causes in plain words, what to do now,
//!   and the warning signs that were not answered, with what to do if one applies. While one
//!   of those could mean an emergency, the heading is never an all-clear.
//!
//! Rule ids, scores and sources appear only with `details` (`--details`), for clinicians.

use super::wrap::fill;
use super::{facts_text, level_heading, score_text};
use crate::answers::Answers;
use crate::assess::{Evidence, Outcome, Reason, red_flag_order, unanswered_red_flags};
use crate::engine::condition::{FactId, Value};
use crate::i18n::{Lang, num, txt};
use crate::kb::{KnowledgeBase, LevelId, Status};
use crate::style::Style;
use std::fmt::Write as _;

/// How a report is written.
#[derive(Debug, Clone, Copy)]
pub struct TextOptions {
    pub style: Style,
    /// With rule ids, scores and sources, for clinicians.
    pub details: bool,
    /// The width to wrap to.
    pub width: usize,
    /// The language of the report's own words (the knowledge base's are in whichever language
    /// it was given in).
    pub lang: Lang,
    /// The knowledge base's texts are a draft translation: said beside `kb_notice`.
    pub translation: crate::report::KbTexts,
}

/// How an interview ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// No question left that could change the outcome (or the question limit was reached).
    Finished,
    /// An answer made the urgency an emergency.
    Emergency,
    /// The person typed `q`.
    Quit,
    /// Standard input ended before the interview did.
    EndOfInput,
    /// `--max-questions` was reached with questions still worth asking.
    QuestionLimit,
    /// Ctrl-C.
    Interrupted,
}

impl End {
    /// Whether the interview asked every question worth asking.
    pub fn complete(self) -> bool {
        matches!(self, End::Finished | End::Emergency)
    }

    /// The name the JSON report gives it.
    pub fn id(self) -> &'static str {
        match self {
            End::Finished => "finished",
            End::Emergency => "emergency",
            End::Quit => "quit",
            End::EndOfInput => "end_of_input",
            End::QuestionLimit => "question_limit",
            End::Interrupted => "interrupted",
        }
    }
}

/// How an interview ended, for a report of one; `None` for an assessment of given answers.
#[derive(Debug, Clone, Copy)]
pub struct Ending {
    pub end: End,
    /// The questions answered.
    pub asked: usize,
    /// The interview has just shown this report's emergency instruction (its heading and what
    /// to do) on the same screen, so the report starts after it.
    pub emergency_shown: bool,
}

impl Ending {
    /// Why the questions stopped before the last one, in words; `None` when they did not.
    pub fn stopped_early(&self, lang: Lang) -> Option<String> {
        let id = match self.end {
            End::Finished | End::Emergency => return None,
            End::Quit => "stopped-quit",
            End::EndOfInput => "stopped-input",
            End::QuestionLimit => "stopped-limit",
            End::Interrupted => "stopped-interrupted",
        };
        Some(lang.text(id))
    }
}

struct Writer<'a> {
    out: String,
    kb: &'a KnowledgeBase,
    options: TextOptions,
}

impl Writer<'_> {
    /// A paragraph, wrapped.
    fn para(&mut self, text: &str) {
        let w = self.options.width;
        let _ = writeln!(self.out, "{}", fill(text, w, "", ""));
    }

    /// A list item, wrapped with a hanging indent.
    fn item(&mut self, text: &str) {
        let w = self.options.width;
        let _ = writeln!(self.out, "{}", fill(text, w, "  - ", "    "));
    }

    /// A line of details (ids, scores, sources), dim, under an item.
    fn detail(&mut self, text: &str) {
        if self.options.details {
            let w = self.options.width;
            let wrapped = fill(text, w, "    ", "    ");
            for line in wrapped.lines() {
                let _ = writeln!(self.out, "{}", self.options.style.dim(line));
            }
        }
    }

    /// A heading: wrapped first, then painted line by line.
    fn heading(&mut self, text: &str, paint: &dyn Fn(&str) -> String) {
        let w = self.options.width;
        for line in fill(text, w, "", "").lines() {
            let _ = writeln!(self.out, "{}", paint(line));
        }
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    fn sources<S: std::borrow::Borrow<str>>(&self, sources: &[S]) -> String {
        if sources.is_empty() {
            String::new()
        } else {
            format!("; {}", sources.join("; "))
        }
    }
}

pub fn outcome_text(
    kb: &KnowledgeBase,
    answers: &Answers,
    outcome: &Outcome,
    ending: Option<Ending>,
    options: TextOptions,
) -> String {
    let mut w = Writer {
        out: String::new(),
        kb,
        options,
    };
    let lang = options.lang;
    let level = &kb.levels[outcome.level];
    let paint = level_paint(kb, outcome.level, options.style);
    let unanswered = unanswered_red_flags(kb, &red_flag_order(kb), answers, outcome);
    // The unanswered red flags that could still raise the urgency, with the level each could
    // lead to.
    let raising = if level.emergency {
        Vec::new()
    } else {
        crate::assess::could_raise(kb, answers, outcome.level, &unanswered)
    };
    let could_be_emergency = raising.iter().any(|r| kb.levels[r.level].emergency);
    let first_urgent = kb.levels.iter().position(|l| !l.emergency).unwrap_or(0);
    let calm_level = outcome.level > first_urgent;

    // An interview that stopped early says so first, before anything reads as a result; but
    // an emergency's instruction comes before everything.
    let incomplete = ending.and_then(|ending| {
        ending.stopped_early(lang).map(|why| {
            lang.text_with(
                "incomplete",
                &[("why", txt(&why)), ("count", num(ending.asked))],
            )
        })
    });
    // Rules other than the built-in ones are named before the result; an emergency's
    // instruction alone comes before them.
    let notice: Vec<String> = super::kb_notice(kb, lang)
        .into_iter()
        .chain(super::translation_notice(options.translation, lang))
        .collect();
    if level.emergency {
        // Unless the interview has just shown it on the same screen.
        if !ending.is_some_and(|e| e.emergency_shown) {
            w.heading(&level_heading(level, lang), &paint);
            w.para(&outcome.words(kb, &level.action));
        }
        for line in notice.iter().chain(&incomplete) {
            w.blank();
            w.para(line);
        }
    } else {
        for notice in &notice {
            w.para(notice);
            w.blank();
        }
        if let Some(incomplete) = &incomplete {
            w.para(incomplete);
            w.blank();
        }
        if could_be_emergency && calm_level {
            w.heading(
                &lang.text_with("unanswered-heading", &[("count", num(raising.len()))]),
                &|t| options.style.warning(t),
            );
            unanswered_lines(&mut w, &raising);
            w.blank();
            w.heading(
                &lang.text_with("if-none", &[("level", txt(&level_heading(level, lang)))]),
                &paint,
            );
        } else {
            w.heading(&level_heading(level, lang), &paint);
        }
        w.para(&outcome.words(kb, &level.action));
    }

    // Unanswered signs that could mean an emergency come before anything else; the others
    // after what to do now.
    let unanswered_block = |w: &mut Writer| {
        w.blank();
        w.para(&lang.text_with("unanswered-count", &[("count", num(raising.len()))]));
        unanswered_lines(w, &raising);
    };
    if level.emergency {
        emergency_body(&mut w, answers, outcome);
    } else if could_be_emergency {
        if !calm_level {
            unanswered_block(&mut w);
        }
        other_body(&mut w, outcome);
        safety_net_block(&mut w, outcome, &raising);
    } else {
        other_body(&mut w, outcome);
        safety_net_block(&mut w, outcome, &raising);
        if !raising.is_empty() {
            unanswered_block(&mut w);
        }
    }

    w.blank();
    if kb.metadata.status == Status::Draft {
        w.para(&lang.text_with(
            "kb-draft",
            &[
                ("name", txt(&kb.metadata.name)),
                ("version", txt(&kb.metadata.version)),
            ],
        ));
    }
    let notice = options
        .style
        .dim(&fill(&lang.text("notice"), options.width, "", ""));
    let _ = writeln!(w.out, "{notice}");
    w.out
}

/// The unanswered warning signs, grouped by what to do if one applies, most urgent first.
/// The unanswered signs grouped by what to do if one applies: the level each leads to on its
/// own; then those that matter only together with other signs, which no single instruction fits.
fn unanswered_lines(w: &mut Writer, raising: &[crate::assess::Raising]) {
    let kb = w.kb;
    let lang = w.options.lang;
    let mut levels: Vec<Option<LevelId>> = raising.iter().map(|r| r.alone).collect();
    // Levels most urgent first, the signs that matter only together last.
    levels.sort_unstable_by_key(|l| l.unwrap_or(LevelId::MAX));
    levels.dedup();
    for level in levels {
        let group: Vec<FactId> = raising
            .iter()
            .filter(|r| r.alone == level)
            .map(|r| r.fact)
            .collect();
        w.para(&match level {
            Some(level) => lang.text_with(
                "if-you-have",
                &[
                    ("count", num(group.len())),
                    ("level", txt(&lower_first(&kb.levels[level].label))),
                ],
            ),
            None => lang.text("only-together"),
        });
        for fact in group {
            w.item(kb.facts[fact].label());
            w.detail(&format!("[{}]", kb.facts[fact].id));
        }
    }
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An emergency: the reasons that made it one, what to tell the staff, and the advice of the
/// rules that set it. Nothing else, so nothing contradicts it.
fn emergency_body(w: &mut Writer, answers: &Answers, outcome: &Outcome) {
    let kb = w.kb;
    let emergency_rules: Vec<usize> = outcome
        .reasons
        .iter()
        .filter(|r| kb.levels[r.level].emergency)
        .map(|r| r.rule)
        .collect();
    let reasons: Vec<&Reason> = outcome
        .reasons
        .iter()
        .filter(|r| kb.levels[r.level].emergency)
        .collect();
    reason_lines(w, &reasons);
    let signs: Vec<FactId> = answers
        .values
        .iter()
        .filter(|&(&f, &v)| kb.facts[f].red_flag && v == Value::Present)
        .map(|(&f, _)| f)
        .collect();
    if !signs.is_empty() {
        w.blank();
        w.para(&w.options.lang.text("tell-staff"));
        for fact in signs {
            w.item(kb.facts[fact].label());
        }
    }
    let advice: Vec<_> = outcome
        .advice
        .iter()
        .filter(|a| emergency_rules.contains(&a.rule))
        .collect();
    if !advice.is_empty() {
        w.blank();
        w.para(&w.options.lang.text("also"));
        for a in advice {
            w.item(&a.text);
            w.detail(&format!("[{}]", kb.rules[a.rule].id));
        }
    }
}

/// "Why:" and the reasons, each with its rule, level and sources in the details.
fn reason_lines(w: &mut Writer, reasons: &[&Reason]) {
    if reasons.is_empty() {
        return;
    }
    let kb = w.kb;
    w.blank();
    w.para(&w.options.lang.text("why"));
    for reason in reasons {
        w.item(&reason.text);
        let rule = &kb.rules[reason.rule];
        let detail = format!(
            "[{} → {}{}]",
            rule.id,
            kb.levels[reason.level].id,
            w.sources(&rule.sources)
        );
        w.detail(&detail);
    }
}

/// Any other level: why, the possible causes in plain words, and what to do now.
fn other_body(w: &mut Writer, outcome: &Outcome) {
    let kb = w.kb;
    let details = w.options.details;
    // The reasons for this level; the less urgent ones only add noise (they are in the details).
    let reasons: Vec<&Reason> = outcome
        .reasons
        .iter()
        .filter(|r| details || r.level == outcome.level)
        .collect();
    reason_lines(w, &reasons);

    w.blank();
    if outcome.causes.is_empty() {
        w.para(&w.options.lang.text("no-cause"));
    } else {
        w.para(&w.options.lang.text("causes"));
        let width = w.options.width;
        for (rank, ranked) in outcome.causes.iter().enumerate() {
            let cause = &kb.causes[ranked.cause];
            let number = format!("  {}. ", rank + 1);
            let description = outcome.words(kb, &cause.description);
            let text = if description.trim().is_empty() {
                cause.name.clone()
            } else {
                format!("{}: {}", cause.name, description.trim())
            };
            let _ = writeln!(
                w.out,
                "{}",
                fill(&text, width, &number, &" ".repeat(number.len()))
            );
            if details {
                w.detail(&format!(
                    "[{}, score {}]",
                    cause.id,
                    score_text(ranked.score)
                ));
                evidence_lines(w, "for", &ranked.support);
                evidence_lines(w, "against", &ranked.against);
            }
        }
    }

    // What to do now: the advice of the rules that fired (it is written for these answers),
    // each once; without any, the leading cause's self-care. When to see a doctor is the
    // level's own instruction, at the top.
    let mut todo: Vec<(String, Option<usize>)> = Vec::new();
    for advice in &outcome.advice {
        let text = advice.text.trim().to_string();
        if !todo.iter().any(|(t, _)| *t == text) {
            todo.push((text, Some(advice.rule)));
        }
    }
    if todo.is_empty()
        && let Some(top) = outcome.causes.first().map(|c| &kb.causes[c.cause])
    {
        let self_care = outcome.words(kb, &top.self_care);
        if !self_care.trim().is_empty() {
            todo.push((self_care.trim().to_string(), None));
        }
    }
    if !todo.is_empty() {
        w.blank();
        w.para(&w.options.lang.text("what-now"));
        for (text, rule) in todo {
            w.item(&text);
            if let Some(rule) = rule {
                w.detail(&format!("[{}]", kb.rules[rule].id));
            }
        }
    }
}

/// The safety net: the signs to come back for, grouped by what to do if one starts. A sign
/// the unanswered warning signs above already name (with what to do) is not said again.
fn safety_net_block(w: &mut Writer, outcome: &Outcome, raising: &[crate::assess::Raising]) {
    let kb = w.kb;
    let named = |sign: &crate::kb::text::Sign| {
        !sign.findings.is_empty()
            && sign
                .findings
                .iter()
                .all(|f| raising.iter().any(|r| r.fact == *f))
    };
    for line in super::safety_net_lines(kb, outcome) {
        let signs: Vec<_> = line.signs.iter().filter(|(_, s)| !named(s)).collect();
        if signs.is_empty() {
            continue;
        }
        w.blank();
        w.para(&w.options.lang.text_with(
            "if-starts",
            &[
                ("count", num(signs.len())),
                ("level", txt(&lower_first(line.instruction))),
            ],
        ));
        for (net, sign) in signs {
            w.item(&upper_first(sign.text.trim()));
            w.detail(&format!("[{net}]"));
        }
    }
}

fn evidence_lines(w: &mut Writer, label: &str, evidence: &[Evidence]) {
    let kb = w.kb;
    for item in evidence {
        let rule = &kb.rules[item.rule];
        let what = if rule.description.is_empty() {
            &rule.id
        } else {
            &rule.description
        };
        w.detail(&format!(
            "{label}: {} [{} {}{}; {}]",
            what.trim(),
            rule.id,
            if item.weight > 0.0 { "+" } else { "" },
            score_text(item.weight),
            facts_text(kb, &item.facts)
        ));
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
