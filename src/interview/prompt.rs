//! The conversation: questions and messages to one stream (standard error), answers read a line
//! at a time from another (standard input). Plain lines work in a terminal, through a pipe and
//! with screen readers alike.

use super::{Interview, Question};
use crate::answers::number_json;
use crate::engine::condition::{FactId, Value};
use crate::error::Error;
use crate::kb::{FactKind, KnowledgeBase};
use crate::report::wrap::wrap_lines;
use crate::report::{NOTICE, level_title};
use crate::style::Style;
use std::io::{BufRead, Write};

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
        self.say(NOTICE)?;
        self.say("Answer y (yes), n (no) or ? (not sure). Type why to see why a question is asked, b to go back, help for more, q to stop.\n")?;
        let mut shown = None;
        loop {
            let level = interview.outcome().level;
            let emergency = interview.kb().levels[level].emergency;
            let next = interview.next_question();
            if emergency && shown != Some(level) && (next.is_some() || !self.report_follows) {
                self.emergency(interview)?;
                shown = Some(level);
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
            if shown.is_some() {
                self.say("One more question, to know whether you need an ambulance:")?;
            }
            match self.ask(interview, question)? {
                None => return Ok(End::EndOfInput),
                Some(Reply::Quit) => return Ok(End::Quit),
                Some(Reply::Back) => {
                    match interview.back()? {
                        None => self.say("There is no earlier answer to go back to.")?,
                        Some(earlier) => {
                            let what = self.short_question(interview, earlier);
                            self.say(&format!("Going back to: {what}"))?;
                        }
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
        let text = wrap_lines(&self.question_text(interview, question), self.width);
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
            if self.echo {
                writeln!(self.output, "{line}").map_err(Error::Output)?;
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

    /// A question in a few words, for "Going back to: ...".
    fn short_question(&self, interview: &Interview, question: Question) -> String {
        let kb = interview.kb();
        match question {
            Question::Finding(fact) => kb.facts[fact].question.clone(),
            Question::Complaint => "What is bothering you?".into(),
            Question::Screen(screen) => kb.screens[screen].question.clone(),
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
        for reason in outcome.reasons.iter().filter(|r| r.level == outcome.level) {
            self.say(&format!("Why: {}", reason.text))?;
        }
        self.say("")
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
        Question::Complaint | Question::Screen(_) => {
            let options = interview.options(question);
            let screen = matches!(question, Question::Screen(_));
            // "Not sure" on a checklist is not sure of each item: each stays unknown (never a
            // no), and none is asked again one by one.
            if unknown && screen {
                return Reply::Answer(options.iter().map(|&f| (f, Value::Unknown)).collect());
            }
            if unknown {
                return Reply::Answer(Vec::new());
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
                Value::Unknown
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
                return Reply::Answer(vec![(fact, Value::Unknown)]);
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
                        .or_else(|| options.iter().position(|o| *o == lower))
                        .or_else(|| {
                            let matching: Vec<usize> = (0..options.len())
                                .filter(|&i| options[i].starts_with(&lower))
                                .collect();
                            (matching.len() == 1 && !lower.is_empty()).then(|| matching[0])
                        });
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
                        "Sorry, I didn't understand \"{line}\". Please answer y, n or ? (or type help)."
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
        None if !stake.causes.is_empty() => {
            let names: Vec<String> = stake
                .causes
                .iter()
                .take(3)
                .map(|&c| kb.causes[c].name.clone())
                .collect();
            parts.push(format!(
                "Your answer helps tell apart possible causes, such as {}.",
                names.join(", ")
            ));
        }
        None => parts.push("Your answer helps complete the picture of your symptoms.".to_string()),
    }
    parts.join(" ")
}

/// A duration typed in days, weeks, months or years ("3 weeks", "2w", "6 months", "1 year",
/// "10"), in days. A bare number is in days.
pub fn parse_days(text: &str) -> Option<f64> {
    let text = text.trim().to_lowercase();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.trim().parse().ok()?;
    let per = match unit.trim() {
        "" | "d" | "day" | "days" => 1.0,
        "w" | "wk" | "wks" | "week" | "weeks" => 7.0,
        "m" | "mo" | "mos" | "month" | "months" => 30.0,
        "y" | "yr" | "yrs" | "year" | "years" => 365.0,
        _ => return None,
    };
    Some(number * per).filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::parse_days;

    #[test]
    fn durations_in_days_weeks_months_and_years() {
        for (text, days) in [
            ("10", 10.0),
            ("3 days", 3.0),
            ("3 weeks", 21.0),
            ("2w", 14.0),
            ("6 months", 180.0),
            ("1 year", 365.0),
            ("1.5 Years", 547.5),
        ] {
            assert_eq!(parse_days(text), Some(days), "{text}");
        }
        for text in ["", "weeks", "3 fortnights", "-2 days", "3 weeks ago"] {
            assert_eq!(parse_days(text), None, "{text}");
        }
    }
}
