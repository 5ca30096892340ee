//! The conversation: questions and messages to one stream (standard error), answers read a line
//! at a time from another (standard input). Plain lines work in a terminal, through a pipe and
//! with screen readers alike.

use super::{Interview, Question, Undone};
use crate::answers::number_json;
use crate::diagnostic::echo;
use crate::engine::condition::{FactId, Value};
use crate::error::Error;
use crate::i18n::{Lang, num, txt};
use crate::kb::{FactKind, KnowledgeBase};
pub use crate::report::End;
use crate::report::level_heading;
use crate::report::wrap::{wrap_lines, wrap_prompt};
use crate::style::Style;
use std::io::{BufRead, Write};

pub struct Prompter<R, W> {
    pub input: R,
    pub output: W,
    pub style: Style,
    /// Start each question with its id in brackets, for scripts and testers.
    pub show_ids: bool,
    /// Repeat each answer after its prompt, so a transcript of piped input reads naturally.
    pub echo: bool,
    /// The text report follows at once on the same screen, so an emergency that ends the
    /// interview is left for it to show (else it would be shown twice).
    pub report_follows: bool,
    /// The width to wrap questions and messages to.
    pub width: usize,
    /// The emergency level whose instruction was shown last, while the urgency is still that
    /// emergency: a report that follows on the same screen need not show it again.
    pub shown: Option<crate::kb::LevelId>,
    /// The language it speaks.
    pub speech: Speech,
}

/// The language an interview speaks, and what comes with it.
#[derive(Debug, Clone, Default)]
pub struct Speech {
    /// The language of the program's own words, and of the answers it understands besides
    /// English's.
    pub lang: Lang,
    /// Whether the knowledge base's texts in `lang` are a draft or missing: the welcome says so.
    pub translation: crate::report::KbTexts,
}

/// The longest answer line read (an answer is a few characters; the limit keeps endless
/// input such as `/dev/zero` from taking memory without bound).
pub const MAX_ANSWER: usize = 4 << 10;

/// What a line of input meant.
#[derive(Debug, Clone, PartialEq)]
enum Reply {
    Answer(Vec<(FactId, Value)>),
    Back,
    Why,
    Help,
    Quit,
    Invalid(String),
}

impl<R: BufRead, W: Write> Prompter<R, W> {
    /// Writes a message, wrapped to the width.
    fn say(&mut self, text: &str) -> Result<(), Error> {
        let text = wrap_lines(text, self.width);
        writeln!(self.output, "{text}").map_err(Error::Output)
    }

    /// Runs the interview to its end. `record` is called after every change of the answers
    /// (so they can be saved even if the process is interrupted).
    pub fn run(
        &mut self,
        interview: &mut Interview,
        mut record: impl FnMut(&Interview),
    ) -> Result<End, Error> {
        let kb = interview.kb();
        let lang = self.speech.lang;
        self.say(
            &self
                .style
                .bold(&lang.text_with("welcome", &[("name", txt(&kb.metadata.name))])),
        )?;
        let notices = crate::report::kb_notice(kb, lang).into_iter().chain(
            crate::report::translation_notice(self.speech.translation, lang),
        );
        for notice in notices {
            self.say(&self.style.warning(&notice))?;
        }
        self.say(&lang.text("notice"))?;
        self.say(&(lang.text("welcome-how") + "\n"))?;
        loop {
            let level = interview.outcome().level;
            let emergency = interview.kb().levels[level].emergency;
            if !emergency {
                // Gone back from it (`b`): what was shown no longer holds.
                self.shown = None;
            }
            let next = interview.next_question();
            if emergency && self.shown != Some(level) && (next.is_some() || !self.report_follows) {
                self.emergency(interview)?;
                self.shown = Some(level);
            }
            let Some(question) = next else {
                return Ok(if emergency {
                    End::Emergency
                } else if interview.stopped_by_limit() {
                    End::QuestionLimit
                } else {
                    End::Finished
                });
            };
            // Once it is an emergency, one question at most follows (see
            // `Interview::escalation_question`).
            if emergency {
                self.say(&lang.text(if interview.questions_after_emergency() == 0 {
                    "escalation-first"
                } else {
                    "escalation-last"
                }))?;
            }
            match self.ask(interview, question)? {
                None => return Ok(End::EndOfInput),
                Some(Reply::Quit) => return Ok(End::Quit),
                Some(Reply::Back) => {
                    match interview.back()? {
                        None => self.say(&lang.text("back-none"))?,
                        // The question follows at once: say what was answered to it.
                        Some(undone) => self.say(&lang.text_with(
                            "back-going",
                            &[("answer", txt(&answer_text(kb, &undone, lang)))],
                        ))?,
                    }
                    record(interview);
                }
                Some(Reply::Answer(set)) => {
                    interview.answer(question, set)?;
                    record(interview);
                }
                Some(other) => unreachable_reply(other)?,
            }
        }
    }

    /// Asks one question until it gets an answer or a command that leaves the question.
    /// `None` means the input ended.
    fn ask(&mut self, interview: &Interview, question: Question) -> Result<Option<Reply>, Error> {
        let kb = interview.kb();
        let text = wrap_prompt(&self.question_text(interview, question), self.width);
        loop {
            write!(self.output, "{text} ").map_err(Error::Output)?;
            self.output.flush().map_err(Error::Output)?;
            let mut bytes = Vec::new();
            let read = crate::lines::read_line(&mut self.input, &mut bytes, MAX_ANSWER).map_err(
                |source| Error::Io {
                    action: "read the answers from",
                    path: crate::i18n::error::STANDARD_INPUT.into(),
                    source,
                },
            )?;
            match read {
                crate::lines::Line::Read => {}
                crate::lines::Line::End => {
                    writeln!(self.output).map_err(Error::Output)?;
                    return Ok(None);
                }
                crate::lines::Line::TooLong => {
                    writeln!(self.output).map_err(Error::Output)?;
                    return Err(Error::Input(self.speech.lang.text_with(
                        "answer-too-long",
                        &[("size", txt(&crate::lines::size_text(MAX_ANSWER)))],
                    )));
                }
            }
            let line = String::from_utf8_lossy(&bytes);
            let line = line.trim();
            // Never raw: an escape sequence could retitle the window or hide what follows.
            if self.echo {
                writeln!(self.output, "{}", echo(line)).map_err(Error::Output)?;
            }
            let lang = self.speech.lang;
            match parse_reply(kb, interview, question, line, &self.speech) {
                Reply::Why => self.say(&why(interview, question, lang))?,
                Reply::Help => self.say(&lang.text("help"))?,
                Reply::Invalid(message) => self.say(&message)?,
                reply => return Ok(Some(reply)),
            }
        }
    }

    fn question_text(&self, interview: &Interview, question: Question) -> String {
        let kb = interview.kb();
        let lang = self.speech.lang;
        let tag = |id: &str| self.tag(id);
        match question {
            Question::Complaint => self.list(
                interview,
                question,
                format!("{}{}", tag("complaint"), lang.text("question-complaint")),
            ),
            Question::Screen(screen) => {
                let screen = &kb.screens[screen];
                self.list(
                    interview,
                    question,
                    format!(
                        "{}{} {}",
                        tag(&screen.id),
                        screen.question,
                        lang.text("question-checklist")
                    ),
                )
            }
            Question::Escalation => self.list(
                interview,
                question,
                format!(
                    "{}{} {}",
                    tag("escalation"),
                    lang.text("question-escalation"),
                    lang.text("question-checklist")
                ),
            ),
            Question::Finding(fact) => {
                let f = &kb.facts[fact];
                let hint = match &f.kind {
                    FactKind::Number { unit, .. } if unit == "days" => lang.text("hint-days"),
                    FactKind::Number { unit, min, max } => lang.text_with(
                        "hint-range",
                        &[
                            ("min", txt(&number_json(*min).to_string())),
                            ("max", txt(&number_json(*max).to_string())),
                            ("unit", unit_arg(unit, lang)),
                        ],
                    ),
                    FactKind::Choice { options } => {
                        let listed: Vec<String> = (0..options.len())
                            .map(|i| format!("{} {}", i + 1, f.option_label(i)))
                            .collect();
                        lang.text_with("hint-choice", &[("options", txt(&listed.join(", ")))])
                    }
                    _ => lang.text("hint-yes-no"),
                };
                format!("{}{} {hint}", tag(&f.id), f.question)
            }
        }
    }

    /// With `--show-ids`, what starts a question: its id in brackets.
    fn tag(&self, id: &str) -> String {
        if self.show_ids {
            format!("[{id}] ")
        } else {
            String::new()
        }
    }

    /// A question that offers a numbered list of findings to pick from.
    fn list(&self, interview: &Interview, question: Question, mut text: String) -> String {
        let kb = interview.kb();
        for (i, fact) in interview.options(question).into_iter().enumerate() {
            let fact = &kb.facts[fact];
            text.push_str(&format!(
                "\n  {}. {}{}",
                i + 1,
                self.tag(&fact.id),
                fact.label()
            ));
        }
        text + "\n>"
    }

    /// Shows what to do now, first and plainly.
    fn emergency(&mut self, interview: &Interview) -> Result<(), Error> {
        let kb = interview.kb();
        let outcome = interview.outcome();
        let level = &kb.levels[outcome.level];
        self.say("")?;
        self.say(&self.style.error(&level_heading(level, self.speech.lang)))?;
        self.say(&self.style.error(&outcome.words(kb, &level.action)))?;
        // On a terminal the report follows on the same screen, with the reasons: said once.
        if !self.report_follows {
            for reason in outcome.reasons.iter().filter(|r| r.level == outcome.level) {
                self.say(
                    &self
                        .speech
                        .lang
                        .text_with("why-reason", &[("reason", txt(&reason.text))]),
                )?;
            }
        }
        self.say("")
    }
}

/// An answer taken back, as it was typed: `y`, `n` or `?`; a number with its unit; an option;
/// the numbers picked from a list (`1,3`, `n` for none, `2,?`, `?`).
fn answer_text(kb: &KnowledgeBase, undone: &Undone, lang: Lang) -> String {
    let value_of = |fact: FactId| {
        undone
            .set
            .iter()
            .find(|&&(f, _)| f == fact)
            .map_or(Value::Unknown, |&(_, v)| v)
    };
    match undone.question {
        Question::Finding(fact) => match value_of(fact) {
            Value::Present => lang.text("answer-yes"),
            Value::Absent => lang.text("answer-no"),
            Value::Unknown | Value::Unsure => "?".into(),
            value => crate::report::value_words(kb, fact, value, lang),
        },
        _ => {
            let mut picked: Vec<String> = (1..=undone.offered.len())
                .filter(|&i| value_of(undone.offered[i - 1]) == Value::Present)
                .map(|i| i.to_string())
                .collect();
            let unsure = undone
                .offered
                .iter()
                .any(|&f| undone.set.iter().any(|&(g, v)| g == f && v.is_unanswered()));
            if unsure || (picked.is_empty() && undone.set.is_empty()) {
                picked.push("?".into());
            }
            if picked.is_empty() {
                "n".into()
            } else {
                picked.join(",")
            }
        }
    }
}

/// Every reply `ask` hands back is one the loop handles; this keeps the match exhaustive
/// without a panic path.
fn unreachable_reply(reply: Reply) -> Result<(), Error> {
    Err(Error::Input(format!(
        "internal: unexpected reply {reply:?}"
    )))
}

/// A unit in the language's word (`none` for a unit that is not there: `hint-range`,
/// `retry-number`).
fn unit_arg(unit: &str, lang: Lang) -> fluent_bundle::FluentValue<'static> {
    if unit.is_empty() {
        txt("none")
    } else {
        txt(&crate::report::unit_word(unit, lang))
    }
}

/// What a line means. Words are those of the language (`words-*` in its messages) and
/// English's, so that "sí", "no sé" and "yes" all work in Spanish.
fn parse_reply(
    kb: &KnowledgeBase,
    interview: &Interview,
    question: Question,
    line: &str,
    speech: &Speech,
) -> Reply {
    let lang = speech.lang;
    let lower = line.to_lowercase();
    let is = |words: &str| lang.words(words).contains(&lower);
    if is("words-back") {
        return Reply::Back;
    }
    if is("words-why") {
        return Reply::Why;
    }
    if is("words-help") {
        return Reply::Help;
    }
    if is("words-quit") {
        return Reply::Quit;
    }
    let unknown = is("words-unsure");
    match question {
        Question::Complaint | Question::Screen(_) | Question::Escalation => {
            let options = interview.options(question);
            let screen = question.is_checklist();
            // "Not sure" on a checklist is not sure of each item: each is "not sure" (never a
            // no), and none is asked again one by one. On the opening question too, so that
            // the saved answers say it was asked (`--resume` goes on after it); each complaint
            // may still be asked on its own.
            if unknown {
                return Reply::Answer(options.iter().map(|&f| (f, Value::Unsure)).collect());
            }
            if screen && is("words-none") {
                return Reply::Answer(options.iter().map(|&f| (f, Value::Absent)).collect());
            }
            let count = [("count", num(options.len()))];
            let retry = lang.text_with(
                if screen {
                    "retry-checklist"
                } else {
                    "retry-complaint"
                },
                &count,
            );
            let mut chosen = Vec::new();
            // On a screen, a ? after the picks leaves the rest open: "these, not sure of the rest".
            let mut rest_unsure = false;
            for part in lower.split([',', ' ']).filter(|p| !p.is_empty()) {
                if screen && part == "?" {
                    rest_unsure = true;
                    continue;
                }
                let pick = part
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| options.get(n.wrapping_sub(1)).copied())
                    .or_else(|| options.iter().copied().find(|&f| kb.facts[f].id == part));
                match pick {
                    Some(f) if !chosen.contains(&f) => chosen.push(f),
                    Some(_) => {}
                    None => return Reply::Invalid(retry),
                }
            }
            if chosen.is_empty() {
                return Reply::Invalid(if screen {
                    retry
                } else {
                    lang.text_with("retry-complaint-empty", &count)
                });
            }
            // On a screen, what was not picked is a no (or with `?`, not sure); a complaint not
            // picked stays open.
            let rest = if rest_unsure {
                Value::Unsure
            } else {
                Value::Absent
            };
            Reply::Answer(if screen {
                options
                    .iter()
                    .map(|&f| {
                        (
                            f,
                            if chosen.contains(&f) {
                                Value::Present
                            } else {
                                rest
                            },
                        )
                    })
                    .collect()
            } else {
                chosen.into_iter().map(|f| (f, Value::Present)).collect()
            })
        }
        Question::Finding(fact) => {
            if unknown {
                return Reply::Answer(vec![(fact, Value::Unsure)]);
            }
            match &kb.facts[fact].kind {
                FactKind::Number { unit, min, max } => {
                    let number = if unit == "days" {
                        parse_days_in(&lower, lang).ok_or(())
                    } else {
                        lower
                            .trim_end_matches(unit.as_str())
                            .trim()
                            .parse::<f64>()
                            .map_err(|_| ())
                    };
                    match number {
                        Ok(n) if n.is_finite() && n >= *min && n <= *max => {
                            Reply::Answer(vec![(fact, Value::Number(n))])
                        }
                        _ if unit == "days" => Reply::Invalid(lang.text_with(
                            "retry-days",
                            &[("max", txt(&number_json(*max).to_string()))],
                        )),
                        _ => Reply::Invalid(lang.text_with(
                            "retry-number",
                            &[
                                ("min", txt(&number_json(*min).to_string())),
                                ("max", txt(&number_json(*max).to_string())),
                                ("unit", unit_arg(unit, lang)),
                            ],
                        )),
                    }
                }
                FactKind::Choice { options } => {
                    let pick = lower
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .filter(|&i| i < options.len())
                        .or_else(|| pick_named_option(&kb.facts[fact], options, &lower));
                    match pick {
                        Some(i) => Reply::Answer(vec![(fact, Value::Choice(i))]),
                        None => Reply::Invalid(
                            lang.text_with(
                                "retry-choice",
                                &[(
                                    "options",
                                    txt(&options
                                        .iter()
                                        .enumerate()
                                        .map(|(i, o)| format!("{} ({o})", i + 1))
                                        .collect::<Vec<_>>()
                                        .join(", ")),
                                )],
                            ),
                        ),
                    }
                }
                _ if is("words-yes") => Reply::Answer(vec![(fact, Value::Present)]),
                _ if is("words-no") => Reply::Answer(vec![(fact, Value::Absent)]),
                _ if line.is_empty() => Reply::Invalid(lang.text("retry-yes-no")),
                _ => Reply::Invalid(
                    lang.text_with("retry-not-understood", &[("answer", txt(&echo(line)))]),
                ),
            }
        }
    }
}

/// Why a question is asked, in plain words: what the question means (its `help:` text),
/// then one calm line on what the answer changes. It never names an emergency the question is
/// not about: the person has not said they have it.
pub fn why(interview: &Interview, question: Question, lang: Lang) -> String {
    let kb = interview.kb();
    let stake = interview.stake(question);
    let mut parts = Vec::new();
    let help = match question {
        Question::Finding(fact) => kb.facts[fact].help.trim().to_string(),
        Question::Screen(screen) => kb.screens[screen].help.trim().to_string(),
        Question::Escalation => lang.text("why-escalation"),
        Question::Complaint => lang.text("why-complaint"),
    };
    if !help.is_empty() {
        parts.push(help);
    }
    let first_urgent = kb.levels.iter().position(|l| !l.emergency).unwrap_or(0);
    match stake.level {
        Some(level) if level <= first_urgent => parts.push(lang.text("why-soon")),
        Some(_) => parts.push(lang.text("why-when")),
        // A list: a cause's name starts with a capital, which reads wrong in a sentence.
        None if !stake.causes.is_empty() => {
            let mut list = lang.text("why-causes");
            for &cause in stake.causes.iter().take(3) {
                list.push_str("\n  - ");
                list.push_str(&kb.causes[cause].name);
            }
            parts.push(list);
        }
        None => parts.push(lang.text("why-picture")),
    }
    parts.join(" ")
}

/// A duration typed in hours, days, weeks, months or years ("2 hours", "12h", "3 weeks", "2w",
/// "6 months", "1 year", "10"), in whole days: the days completed, as an age counts the years
/// completed, so that a shorter duration never reads as a longer one. A bare number is in days,
/// and hours under 24 are the same day (0). A month is a twelfth of a year (365/12 days), so
/// that "12 months" and "1 year" are both 365 days and fall on the same side of every rule.
pub fn parse_days(text: &str) -> Option<f64> {
    parse_days_in(text, Lang::ENGLISH)
}

/// `parse_days` with the units of a language as well as English's ("3 semanas", "5 días").
pub fn parse_days_in(text: &str, lang: Lang) -> Option<f64> {
    let text = text.trim().to_lowercase();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.trim().parse().ok()?;
    // Days per unit, as a fraction: whole multiples stay exact (12 months is 4380/12 = 365).
    let unit = unit.trim();
    let (per, of) = [
        ("units-hours", (1.0, 24.0)),
        ("units-days", (1.0, 1.0)),
        ("units-weeks", (7.0, 1.0)),
        ("units-months", (365.0, 12.0)),
        ("units-years", (365.0, 1.0)),
    ]
    .into_iter()
    .find(|(units, _)| {
        unit.is_empty() && *units == "units-days" || lang.words(units).iter().any(|u| u == unit)
    })
    .map(|(_, per)| per)?;
    Some((number * per / of).floor()).filter(|n| n.is_finite())
}

/// An option typed by its name in the person's language or in the knowledge base's own: a
/// whole name, or the start of only one option's names ("m" is refused where it could be
/// "mujer" or "male").
fn pick_named_option(fact: &crate::kb::Fact, options: &[String], typed: &str) -> Option<usize> {
    let typed = typed.trim().to_lowercase();
    if typed.is_empty() {
        return None;
    }
    let names: Vec<(usize, String)> = (0..options.len())
        .flat_map(|i| {
            [
                (i, fact.option_label(i).to_lowercase()),
                (i, options[i].clone()),
            ]
        })
        .collect();
    if let Some(&(i, _)) = names.iter().find(|(_, name)| *name == typed) {
        return Some(i);
    }
    let mut starting: Vec<usize> = names
        .iter()
        .filter(|(_, name)| name.starts_with(&typed))
        .map(|&(i, _)| i)
        .collect();
    starting.dedup();
    match starting[..] {
        [only] => Some(only),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Reply, Speech, parse_days, parse_days_in, parse_reply};
    use crate::engine::condition::Value;
    use crate::i18n::Lang;
    use crate::interview::{Interview, Question};
    use crate::kb::{KbSource, load};

    /// How the interview speaks in the language `code`, to a knowledge base as written.
    fn speech(code: &str) -> Speech {
        Speech {
            lang: Lang::from_code(code).unwrap(),
            translation: crate::report::KbTexts::AsWritten,
        }
    }

    /// A choice's option typed by another of its names (under a translated knowledge base, the
    /// English one), by the knowledge base's own name, or by its number; in Spanish, "sí" and
    /// "no sé" too.
    #[test]
    fn options_by_any_of_their_names_and_answers_in_the_language() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let mut kb = load(&KbSource::Dir(dir)).unwrap().kb;
        let sex = kb.fact("sex").unwrap();
        kb.facts[sex].option_labels = vec!["mujer".into(), "hombre".into()];
        let interview = Interview::new(&kb, None).unwrap();
        let speech = speech("es");
        let reply = |question, line| parse_reply(&kb, &interview, question, line, &speech);
        let female = Reply::Answer(vec![(sex, Value::Choice(0))]);
        for line in ["mujer", "Mujer", "female", "f", "1"] {
            assert_eq!(reply(Question::Finding(sex), line), female, "{line}");
        }
        let male = Reply::Answer(vec![(sex, Value::Choice(1))]);
        for line in ["hombre", "hom", "male", "ma", "2"] {
            assert_eq!(reply(Question::Finding(sex), line), male, "{line}");
        }
        // "m" could be "mujer" or "male": asked again rather than guessed.
        for line in ["gato", "m", ""] {
            assert!(
                matches!(reply(Question::Finding(sex), line), Reply::Invalid(_)),
                "{line}"
            );
        }
        let fever = kb.fact("fever").unwrap();
        for (line, value) in [
            ("sí", Value::Present),
            ("Si", Value::Present),
            ("yes", Value::Present),
            ("no", Value::Absent),
            ("no sé", Value::Unsure),
            ("No se", Value::Unsure),
        ] {
            assert_eq!(
                reply(Question::Finding(fever), line),
                Reply::Answer(vec![(fever, value)]),
                "{line}"
            );
        }
    }

    /// What was answered to a checklist, as `b` says it when going back: the items picked,
    /// `?` if some were left unsure (with the picks, or alone), `n` for none.
    #[test]
    fn a_checklist_answer_taken_back_reads_as_it_was_typed() {
        let kb = crate::kb::two_level_kb(
            "findings:
  - {id: a, question: A?}
  - {id: b, question: B?}
screens:
  - {id: s, question: Any of these?, findings: [a, b]}
causes: [{id: one, name: One}]
",
        );
        let (a, b) = (kb.fact("a").unwrap(), kb.fact("b").unwrap());
        let lang = Lang::from_code("en").unwrap();
        let text = |set: Vec<(crate::engine::condition::FactId, Value)>| {
            let undone = crate::interview::Undone {
                question: Question::Screen(0),
                offered: vec![a, b],
                set,
            };
            super::answer_text(&kb, &undone, lang)
        };
        assert_eq!(text(vec![(a, Value::Present), (b, Value::Unsure)]), "1,?");
        assert_eq!(text(vec![(a, Value::Unsure), (b, Value::Unsure)]), "?");
        assert_eq!(text(vec![(a, Value::Absent), (b, Value::Present)]), "2");
        assert_eq!(text(vec![(a, Value::Absent), (b, Value::Absent)]), "n");
        assert_eq!(text(Vec::new()), "?");
    }

    /// A duration that cannot be read is asked again with the ways a duration can be written
    /// ("3 weeks", "6 months"); any other number with its range and unit.
    #[test]
    fn a_duration_not_understood_is_asked_again_with_the_ways_to_write_one() {
        let kb = crate::kb::test_kb(
            &[("emergency", true), ("routine", false)],
            None,
            "findings:
  - {id: duration_days, kind: number, unit: days, question: How long?, min: 0, max: 3650}
  - {id: age, kind: number, unit: years, question: Age?, min: 0, max: 120}
causes: [{id: one, name: One}]
",
        );
        let interview = Interview::new(&kb, None).unwrap();
        let speech = speech("en");
        let retry = |id, line| {
            let question = Question::Finding(kb.fact(id).unwrap());
            match parse_reply(&kb, &interview, question, line, &speech) {
                Reply::Invalid(why) => why,
                other => panic!("{other:?}"),
            }
        };
        assert!(
            retry("duration_days", "a fortnight or so")
                .starts_with("Please give how long, like 10, 3 weeks"),
            "{}",
            retry("duration_days", "a fortnight or so")
        );
        assert!(
            retry("age", "old").starts_with("Please give a number from 0 to 120"),
            "{}",
            retry("age", "old")
        );
    }

    /// `why` says the answer is asked early where it could make the urgency "urgent" or more,
    /// and that it helps decide when to see a doctor where it could raise it less; a checklist
    /// by its most urgent item, however many more answers that item's rule needs.
    #[test]
    fn why_tells_a_question_that_could_make_it_urgent_from_one_that_could_raise_it_less() {
        let kb = crate::kb::test_kb(
            &[
                ("emergency", true),
                ("urgent", false),
                ("soon", false),
                ("routine", false),
            ],
            None,
            "
findings:
  - {id: a, question: A?}
  - {id: b, question: B?}
  - {id: x, question: X?}
screens:
  - {id: s, question: Any of these?, findings: [a, b]}
causes:
  - {id: one, name: One}
rules:
  - {id: r_ax, when: {all: [a, x]}, then: [{urgency: emergency, reason: r}]}
  - {id: r_b, when: b, then: [{urgency: soon, reason: r}]}
",
        );
        let interview = Interview::new(&kb, None).unwrap();
        let why = |question| super::why(&interview, question, Lang::ENGLISH);
        let soon = "Your answer tells whether you need to see someone soon, so it is asked early.";
        let when = "Your answer helps decide when you should see a doctor.";
        assert_eq!(why(Question::Finding(kb.fact("a").unwrap())), soon);
        assert_eq!(why(Question::Finding(kb.fact("b").unwrap())), when);
        let screen = Question::Screen(kb.screen_of(kb.fact("a").unwrap()).unwrap());
        assert_eq!(why(screen), soon);
    }

    /// A complaint picked twice, by its number or its id, is one answer.
    #[test]
    fn a_complaint_picked_twice_is_answered_once() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: c1, question: C1?, complaint: true}
  - {id: c2, question: C2?, complaint: true}
causes:
  - {id: one, name: One}
rules:
  - {id: e1, when: c1, then: [{supports: one, weight: 3}]}
",
        );
        let interview = Interview::new(&kb, None).unwrap();
        let speech = speech("en");
        let c1 = kb.fact("c1").unwrap();
        assert_eq!(
            parse_reply(&kb, &interview, Question::Complaint, "1,1 c1", &speech),
            Reply::Answer(vec![(c1, Value::Present)])
        );
    }

    #[test]
    fn durations_in_spanish_and_english_words() {
        let spanish = Lang::from_code("es").unwrap();
        for (text, days) in [
            ("3 semanas", 21.0),
            ("2 meses", 60.0),
            ("5 días", 5.0),
            ("5 dias", 5.0),
            ("4 horas", 0.0),
            ("1 año", 365.0),
            ("2 años", 730.0),
            ("3 weeks", 21.0),
            ("10", 10.0),
        ] {
            assert_eq!(parse_days_in(text, spanish), Some(days), "{text}");
        }
        assert_eq!(parse_days("3 semanas"), None);
    }

    #[test]
    fn durations_in_hours_days_weeks_months_and_years() {
        for (text, days) in [
            ("10", 10.0),
            ("3 days", 3.0),
            ("3 weeks", 21.0),
            ("2w", 14.0),
            ("6 months", 182.0),
            ("1 year", 365.0),
            ("1.5 Years", 547.0),
            ("2 hours", 0.0),
            ("12h", 0.0),
            ("36 hours", 1.0),
            ("48h", 2.0),
        ] {
            assert_eq!(parse_days(text), Some(days), "{text}");
        }
        for text in ["", "weeks", "3 fortnights", "-2 days", "3 weeks ago"] {
            assert_eq!(parse_days(text), None, "{text}");
        }
    }

    /// Issue 23 defect 16: "12 months" was 360 days and "1 year" 365, on either side of a
    /// 365-day rule. Any number of months is the same as that number of twelfths of a year,
    /// and a year of months never falls short of a year.
    #[test]
    fn months_and_years_agree_on_every_rule() {
        for months in 0..=1200u32 {
            let by_months = parse_days(&format!("{months} months")).unwrap();
            let by_years = parse_days(&format!("{} years", f64::from(months) / 12.0)).unwrap();
            assert!((by_months - by_years).abs() <= 1.0, "{months} months");
            if months % 12 == 0 {
                assert_eq!(by_months, by_years, "{months} months");
                assert_eq!(by_months, f64::from(months / 12) * 365.0);
            }
        }
    }

    /// `why` says what the answer changes: the causes it tells apart, named (for a checklist,
    /// those of every item), where it changes only the causes; "the picture of your symptoms"
    /// where it changes neither the urgency nor any cause, with no empty list of causes.
    #[test]
    fn why_names_the_causes_an_answer_tells_apart_and_no_empty_list() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: a, question: A?}
  - {id: b, question: B?}
  - {id: c, question: C?}
screens:
  - {id: s, question: Any of these?, findings: [b, c]}
causes:
  - {id: one, name: One}
  - {id: two, name: Two}
rules:
  - {id: e1, when: b, then: [{supports: one, weight: 3}]}
  - {id: e2, when: c, then: [{supports: two, weight: 3}]}
",
        );
        let interview = Interview::new(&kb, None).unwrap();
        let why = |question| super::why(&interview, question, Lang::ENGLISH);
        let finding = |id| Question::Finding(kb.fact(id).unwrap());
        assert_eq!(
            why(finding("a")),
            "Your answer helps complete the picture of your symptoms."
        );
        assert_eq!(
            why(finding("b")),
            "Your answer helps tell these possible causes apart:\n  - One"
        );
        let screen = Question::Screen(kb.screen_of(kb.fact("b").unwrap()).unwrap());
        assert_eq!(
            why(screen),
            "Your answer helps tell these possible causes apart:\n  - One\n  - Two"
        );
    }
}
