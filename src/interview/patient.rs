//! A simulated patient, to measure the interview: one who answers what a scenario states, and
//! either "no" or "not sure" to everything it leaves out (the two patient models of the
//! question targets). Used by the tests and by `examples/question_flow.rs`.

use super::{Interview, Question};
use crate::answers::Answers;
use crate::engine::condition::{FactId, Value};
use crate::error::Error;
use crate::kb::{FactKind, KnowledgeBase};

/// What the patient answers to a yes/no finding that the scenario leaves out. Numbers and
/// choices left out are always "not sure".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unstated {
    No,
    NotSure,
}

/// Version 1's findings that say two things at once, with the version-2 findings that ask
/// each part alone (the contract's vocabulary: "sudden, very severe pain" is a pain that
/// started suddenly and is very severe). A patient who has the whole has each part.
const PARTS: &[(&str, &[&str])] = &[("sudden_severe_pain", &["sudden_onset", "severe_pain"])];

/// Findings that name a region made of other findings' regions ("your upper back or your
/// neck"): a patient who has the whole and whose file names no part as present is not sure of
/// each part it leaves out, as with `replaced_by` below.
const REGIONS: &[(&str, &[&str])] = &[("upper_back", &["thoracic_pain", "neck_pain"])];

#[derive(Debug, Clone)]
pub struct Patient<'kb, 'a> {
    kb: &'kb KnowledgeBase,
    answers: &'a Answers,
    unstated: Unstated,
}

impl<'kb, 'a> Patient<'kb, 'a> {
    pub fn new(kb: &'kb KnowledgeBase, answers: &'a Answers, unstated: Unstated) -> Self {
        Patient {
            kb,
            answers,
            unstated,
        }
    }

    /// The patient's answer about one finding.
    pub fn answer(&self, fact: FactId) -> Value {
        if let Some(&value) = self.answers.values.get(&fact) {
            return value;
        }
        let id = self.kb.facts[fact].id.as_str();
        let whole = |value: Value| {
            PARTS
                .iter()
                .filter(|(_, parts)| parts.contains(&id))
                .filter_map(|(whole, _)| self.kb.fact(whole))
                .any(|whole| self.answers.get(whole) == value)
        };
        // A finding an earlier vocabulary asked as one thing or another (`replaced_by`): a
        // patient who has "a stiff neck or a severe headache" has one of them but their file
        // does not say which, so they are not sure of each part, even the patient who says "no"
        // to what their file leaves out (a "no" to both would deny what the file states). A
        // "no" to the whole is a "no" to each part, and "not sure" of it "not sure" of each.
        let either = |value: Value| {
            let region = REGIONS
                .iter()
                .filter(|(_, parts)| {
                    parts.contains(&id)
                        && !parts.iter().any(|part| {
                            self.kb
                                .fact(part)
                                .is_some_and(|part| self.answers.get(part) == Value::Present)
                        })
                })
                .filter_map(|(whole, _)| self.kb.fact(whole));
            self.kb.facts[fact]
                .part_of
                .iter()
                .copied()
                .chain(region)
                .any(|whole| self.answers.get(whole) == value)
        };
        match self.kb.facts[fact].kind {
            _ if whole(Value::Present) => Value::Present,
            _ if either(Value::Present) || either(Value::Unsure) || whole(Value::Unsure) => {
                Value::Unsure
            }
            _ if either(Value::Absent) => Value::Absent,
            FactKind::YesNo if self.unstated == Unstated::No => Value::Absent,
            _ => Value::Unsure,
        }
    }

    /// Plays the whole interview. Returns it, ended, and after how many questions an
    /// emergency was first shown, if one was.
    pub fn play(
        &self,
        max_questions: Option<usize>,
    ) -> Result<(Interview<'kb>, Option<usize>), Error> {
        self.play_with(max_questions, |_, _, _| {})
    }

    /// The same, showing `each` every question and the reply to it before it is answered.
    pub fn play_with(
        &self,
        max_questions: Option<usize>,
        mut each: impl FnMut(&Interview<'kb>, Question, &[(FactId, Value)]),
    ) -> Result<(Interview<'kb>, Option<usize>), Error> {
        let mut interview = Interview::new(self.kb, max_questions)?;
        let mut emergency_at = None;
        while let Some(question) = interview.next_question() {
            let set = reply(&interview, question, |f| self.answer(f));
            each(&interview, question, &set);
            interview.answer(question, set)?;
            if emergency_at.is_none() && interview.is_emergency() {
                emergency_at = Some(interview.asked());
            }
        }
        interview.finish()?;
        Ok((interview, emergency_at))
    }
}

/// Plays an interview with a patient who answers from a fixed set of answers, "not sure" of
/// anything not in it, and returns the interview, ended.
pub fn simulate<'kb>(
    kb: &'kb KnowledgeBase,
    answers: &Answers,
    max_questions: Option<usize>,
) -> Result<Interview<'kb>, Error> {
    Ok(Patient::new(kb, answers, Unstated::NotSure)
        .play(max_questions)?
        .0)
}

/// What a patient who knows `answer` for each finding replies to a question: the complaints
/// they have (or, having none, "not sure"); on a screen, the options they have, the rest no, or if they don't know some of
/// them, the ones they have and "not sure" of the rest (`1,?`, or `?` alone).
pub fn reply(
    interview: &Interview,
    question: Question,
    answer: impl Fn(FactId) -> Value,
) -> Vec<(FactId, Value)> {
    let options = interview.options(question);
    match question {
        Question::Finding(fact) => vec![(fact, answer(fact))],
        _ if question.is_checklist() && options.iter().all(|&f| answer(f).is_known()) => {
            options.into_iter().map(|f| (f, answer(f))).collect()
        }
        Question::Screen(_) | Question::Escalation => options
            .into_iter()
            .map(|f| match answer(f) {
                Value::Present => (f, Value::Present),
                _ => (f, Value::Unsure),
            })
            .collect(),
        // None of them: "not sure", as `?` records it.
        Question::Complaint if options.iter().all(|&f| answer(f) != Value::Present) => {
            options.into_iter().map(|f| (f, Value::Unsure)).collect()
        }
        Question::Complaint => options
            .into_iter()
            .filter(|&f| answer(f) == Value::Present)
            .map(|f| (f, Value::Present))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{KbSource, load};

    /// "Symptoms in your upper back or neck" with nothing said of which: the patient who says
    /// "no" to what their file leaves out cannot deny pain between the shoulder blades (their
    /// file may mean it), nor neck pain; they are not sure of each. A file that names a part
    /// present says which; one that names a part absent leaves the other open. The interview of a sudden
    /// severe pain between the shoulder blades at 32 ended urgent, where `assess` gives an
    /// emergency.
    #[test]
    fn a_patient_with_upper_back_symptoms_is_not_sure_which_part_of_the_region() {
        let kb = load(&KbSource::Builtin).unwrap().kb;
        let fact = |id: &str| kb.fact(id).unwrap();
        let mut answers = Answers::default();
        answers.values.insert(fact("upper_back"), Value::Present);
        let patient = Patient::new(&kb, &answers, Unstated::No);
        assert_eq!(patient.answer(fact("thoracic_pain")), Value::Unsure);
        assert_eq!(patient.answer(fact("neck_pain")), Value::Unsure);
        assert_eq!(patient.answer(fact("lower_back")), Value::Absent);
        answers.values.insert(fact("thoracic_pain"), Value::Present);
        let patient = Patient::new(&kb, &answers, Unstated::No);
        assert_eq!(patient.answer(fact("thoracic_pain")), Value::Present);
        assert_eq!(patient.answer(fact("neck_pain")), Value::Absent);
        // Not between the shoulder blades: the region is the neck, which the file may mean.
        answers.values.insert(fact("thoracic_pain"), Value::Absent);
        let patient = Patient::new(&kb, &answers, Unstated::No);
        assert_eq!(patient.answer(fact("neck_pain")), Value::Unsure);
    }

    /// A combined earlier-version question answered "no" ("a stiff neck or a severe headache":
    /// neither) answers each of its parts "no", even for the patient who is not sure of what
    /// their file leaves out.
    #[test]
    fn a_combined_question_answered_no_answers_its_parts_no() {
        let kb = load(&KbSource::Builtin).unwrap().kb;
        let fact = |id: &str| kb.fact(id).unwrap();
        let mut answers = Answers::default();
        let whole = kb.facts[fact("stiff_neck")].part_of[0];
        answers.values.insert(whole, Value::Absent);
        for unstated in [Unstated::No, Unstated::NotSure] {
            let patient = Patient::new(&kb, &answers, unstated);
            assert_eq!(patient.answer(fact("stiff_neck")), Value::Absent);
            assert_eq!(
                patient.answer(fact("sudden_severe_headache")),
                Value::Absent
            );
            assert_eq!(
                patient.answer(fact("fever")),
                match unstated {
                    Unstated::No => Value::Absent,
                    Unstated::NotSure => Value::Unsure,
                }
            );
        }
    }
}
