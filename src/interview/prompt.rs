//! The conversation: questions and messages to one stream (standard error), answers read a line
//! at a time from another (standard input). Plain lines work in a terminal, through a pipe and
//! with screen readers alike.

use super::{Interview, Question, Undone};
use crate::answers::number_json;
use crate::diagnostic::echo;
use crate::engine::condition::{FactId, Value};
use crate::error::Error;
use crate::kb::{FactKind, KnowledgeBase};
pub use crate::report::End;
use crate::report::wrap::{wrap_lines, wrap_prompt};
use crate::report::{NOTICE, level_title};
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
}

const HELP: &str = "\
Answer each question with:
  y or yes       yes
  n or no        no
  ? or unsure    you don't know (or would rather not say)
  a number       for questions about a number, such as your age
  a name or number from the list, for questions with options
  numbers        for a list, the ones that apply, like 1,3 (n for none of
                 them; add ? if unsure of the rest, like 1,?)
Commands:
  why            why this question is asked
  b or back      go back and change your last answer
  help           this help
  q or quit      stop now and see the result so far";

/// The escalation checklist's question (see `Question::Escalation`).
const ESCALATION: &str = "Right now, or since this started, have you had any of these?";

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
        self.say(&self.style.bold(&format!(
            "{}: questions about tingling, numbness or pain in the back",
            kb.metadata.name
        )))?;
        if let Some(notice) = crate::report::kb_notice(kb) {
            self.say(&self.style.warning(&notice))?;
        }
        self.say(NOTICE)?;
        self.say("Answer y (yes), n (no) or ? (not sure). Type why to see why a question is asked, b to go back, help for more, q to stop.\n")?;
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
                self.say(if interview.questions_after_emergency() == 0 {
                    "One more question, to know whether you need an ambulance:"
                } else {
                    "And one last question, as you were not sure of two of those signs:"
                })?;
            }
            match self.ask(interview, question)? {
                None => return Ok(End::EndOfInput),
                Some(Reply::Quit) => return Ok(End::Quit),
                Some(Reply::Back) => {
                    match interview.back()? {
                        None => self.say("There is no earlier answer to go back to.")?,
                        // The question follows at once: say what was answered to it.
                        Some(undone) => self.say(&format!(
                            "Going back one question (you had answered {}):",
                            answer_text(kb, &undone)
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
                    path: "standard input".into(),
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
                    return Err(Error::Input(format!(
                        "an answer is longer than {}: this is not an answer; the interview \
                         stopped",
                        crate::lines::size_text(MAX_ANSWER)
                    )));
                }
            }
            let line = String::from_utf8_lossy(&bytes);
            let line = line.trim();
            // Never raw: an escape sequence could retitle the window or hide what follows.
            if self.echo {
                writeln!(self.output, "{}", echo(line)).map_err(Error::Output)?;
            }
            match parse_reply(kb, interview, question, line) {
                Reply::Why => self.say(&why(interview, question))?,
                Reply::Help => self.say(HELP)?,
                Reply::Invalid(message) => self.say(&message)?,
                reply => return Ok(Some(reply)),
            }
        }
    }

    fn question_text(&self, interview: &Interview, question: Question) -> String {
        let kb = interview.kb();
        let tag = |id: &str| self.tag(id);
        match question {
            Question::Complaint => self.list(
                interview,
                question,
                format!(
                    "{}What is bothering you? Give one or more numbers, like 1,3 (or ? to skip):",
                    tag("complaint")
                ),
            ),
            Question::Screen(screen) => {
                let screen = &kb.screens[screen];
                self.list(
                    interview,
                    question,
                    format!(
                        "{}{} Give the numbers of any that apply (like 1,3), n for none, or ? if not sure:",
                        tag(&screen.id),
                        screen.question
                    ),
                )
            }
            Question::Escalation => self.list(
                interview,
                question,
                format!(
                    "{}{ESCALATION} Give the numbers of any that apply (like 1,3), n for none, or ? if not sure:",
                    tag("escalation")
                ),
            ),
            Question::Finding(fact) => {
                let f = &kb.facts[fact];
                let hint = match &f.kind {
                    FactKind::Number { unit, .. } if unit == "days" => {
                        "(like 10 days, 3 weeks, 6 months, 1 year; ? to skip)".to_string()
                    }
                    FactKind::Number { unit, min, max } => format!(
                        "({} to {}{}; ? to skip)",
                        number_json(*min),
                        number_json(*max),
                        if unit.is_empty() {
                            String::new()
                        } else {
                            format!(" {unit}")
                        }
                    ),
                    FactKind::Choice { options } => {
                        let listed: Vec<String> = options
                            .iter()
                            .enumerate()
                            .map(|(i, o)| format!("{} {o}", i + 1))
                            .collect();
                        format!("({}; ? to skip)", listed.join(", "))
                    }
                    _ => "[y/n/?]".to_string(),
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
        self.say(
            &self
                .style
                .error(&format!("{}: {}", level_title(&level.id), level.label)),
        )?;
        self.say(&self.style.error(&outcome.words(kb, &level.action)))?;
        // On a terminal the report follows on the same screen, with the reasons: said once.
        if !self.report_follows {
            for reason in outcome.reasons.iter().filter(|r| r.level == outcome.level) {
                self.say(&format!("Why: {}", reason.text))?;
            }
        }
        self.say("")
    }
}

/// An answer taken back, as it was typed: `y`, `n` or `?`; a number with its unit; an option;
/// the numbers picked from a list (`1,3`, `n` for none, `2,?`, `?`).
fn answer_text(kb: &KnowledgeBase, undone: &Undone) -> String {
    let value_of = |fact: FactId| {
        undone
            .set
            .iter()
            .find(|&&(f, _)| f == fact)
            .map_or(Value::Unknown, |&(_, v)| v)
    };
    match undone.question {
        Question::Finding(fact) => match value_of(fact) {
            Value::Present => "yes".into(),
            Value::Absent => "no".into(),
            Value::Unknown | Value::Unsure => "?".into(),
            value => crate::answers::value_text(kb, fact, value),
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

fn parse_reply(kb: &KnowledgeBase, interview: &Interview, question: Question, line: &str) -> Reply {
    let lower = line.to_lowercase();
    match lower.as_str() {
        "b" | "back" => return Reply::Back,
        "why" | "why?" => return Reply::Why,
        "help" | "h" => return Reply::Help,
        "q" | "quit" | "exit" => return Reply::Quit,
        _ => {}
    }
    let unknown = matches!(
        lower.as_str(),
        "?" | "unsure" | "not sure" | "don't know" | "dont know" | "idk" | "unknown" | "skip" | "u"
    );
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
            if screen && matches!(lower.as_str(), "n" | "no" | "none" | "nope" | "0") {
                return Reply::Answer(options.iter().map(|&f| (f, Value::Absent)).collect());
            }
            let retry = if screen {
                format!(
                    "Please give the numbers of any that apply (1 to {}) separated by commas, n for none, or ? if you are not sure.",
                    options.len()
                )
            } else {
                format!(
                    "Please give numbers from 1 to {} separated by commas, or ? to skip.",
                    options.len()
                )
            };
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
                    format!(
                        "Please give numbers from 1 to {}, or ? to skip.",
                        options.len()
                    )
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
                        parse_days(&lower).ok_or(())
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
                        _ if unit == "days" => Reply::Invalid(format!(
                            "Please give how long, like 10, 3 weeks, 2w, 6 months or 1 year (up to {} days), or ? if you don't know.",
                            number_json(*max)
                        )),
                        _ => Reply::Invalid(format!(
                            "Please give a number from {} to {}{}, or ? if you don't know.",
                            number_json(*min),
                            number_json(*max),
                            if unit.is_empty() {
                                String::new()
                            } else {
                                format!(" ({unit})")
                            }
                        )),
                    }
                }
                FactKind::Choice { options } => {
                    let pick = lower
                        .parse::<usize>()
                        .ok()
                        .and_then(|n| n.checked_sub(1))
                        .filter(|&i| i < options.len())
                        .or_else(|| crate::answers::pick_option(options, &lower));
                    match pick {
                        Some(i) => Reply::Answer(vec![(fact, Value::Choice(i))]),
                        None => Reply::Invalid(format!(
                            "Please answer {}, or ? to skip.",
                            options
                                .iter()
                                .enumerate()
                                .map(|(i, o)| format!("{} ({o})", i + 1))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    }
                }
                _ => match lower.as_str() {
                    "y" | "yes" | "yeah" | "yep" => Reply::Answer(vec![(fact, Value::Present)]),
                    "n" | "no" | "nope" => Reply::Answer(vec![(fact, Value::Absent)]),
                    _ if line.is_empty() => {
                        Reply::Invalid("Please answer y, n or ? (or type help).".into())
                    }
                    _ => Reply::Invalid(format!(
                        "Sorry, I didn't understand \"{}\". Please answer y, n or ? (or type help).",
                        echo(line)
                    )),
                },
            }
        }
    }
}

/// Why a question is asked, in plain words: what the question means (its `help:` text),
/// then one calm line on what the answer changes. It never names an emergency the question is
/// not about: the person has not said they have it.
pub fn why(interview: &Interview, question: Question) -> String {
    let kb = interview.kb();
    let stake = interview.stake(question);
    let mut parts = Vec::new();
    let help = match question {
        Question::Finding(fact) => kb.facts[fact].help.trim(),
        Question::Screen(screen) => kb.screens[screen].help.trim(),
        Question::Escalation => {
            "These can be signs that you need an ambulance, rather than going to hospital on your own."
        }
        Question::Complaint => "Pick what bothers you most; the next questions depend on it.",
    };
    if !help.is_empty() {
        parts.push(help.to_string());
    }
    let first_urgent = kb.levels.iter().position(|l| !l.emergency).unwrap_or(0);
    match stake.level {
        Some(level) if level <= first_urgent => parts.push(
            "Your answer tells whether you need to see someone soon, so it is asked early."
                .to_string(),
        ),
        Some(_) => parts.push("Your answer helps decide when you should see a doctor.".to_string()),
        // A list: a cause's name starts with a capital, which reads wrong in a sentence.
        None if !stake.causes.is_empty() => {
            let mut list = "Your answer helps tell these possible causes apart:".to_string();
            for &cause in stake.causes.iter().take(3) {
                list.push_str("\n  - ");
                list.push_str(&kb.causes[cause].name);
            }
            parts.push(list);
        }
        None => parts.push("Your answer helps complete the picture of your symptoms.".to_string()),
    }
    parts.join(" ")
}

/// A duration typed in hours, days, weeks, months or years ("2 hours", "12h", "3 weeks", "2w",
/// "6 months", "1 year", "10"), in whole days: the days completed, as an age counts the years
/// completed, so that a shorter duration never reads as a longer one. A bare number is in days,
/// and hours under 24 are the same day (0). A month is a twelfth of a year (365/12 days), so
/// that "12 months" and "1 year" are both 365 days and fall on the same side of every rule.
pub fn parse_days(text: &str) -> Option<f64> {
    let text = text.trim().to_lowercase();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.trim().parse().ok()?;
    // Days per unit, as a fraction: whole multiples stay exact (12 months is 4380/12 = 365).
    let (per, of) = match unit.trim() {
        "h" | "hr" | "hrs" | "hour" | "hours" => (1.0, 24.0),
        "" | "d" | "day" | "days" => (1.0, 1.0),
        "w" | "wk" | "wks" | "week" | "weeks" => (7.0, 1.0),
        "m" | "mo" | "mos" | "month" | "months" => (365.0, 12.0),
        "y" | "yr" | "yrs" | "year" | "years" => (365.0, 1.0),
        _ => return None,
    };
    Some((number * per / of).floor()).filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::parse_days;

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
}
