//! The interview behind `triage ask`: demographics, the main complaint, red flags most
//! dangerous first, then the follow-up questions that best separate the leading causes,
//! stopping as soon as no answer could change the urgency or the top three causes, and at once
//! when the urgency becomes an emergency. A finding on one of the knowledge base's screening
//! questions is asked with the rest of its screen, as a checklist.
//!
//! This module is the state machine; [`prompt`] talks to the person.

pub mod patient;
pub mod prompt;
/// What each question has at stake, which the assessment uses too.
pub use crate::assess::stakes as select;

pub use patient::{Patient, Unstated, reply, simulate};

use crate::answers::Answers;
use crate::applicability::AsApplicable;
use crate::assess::{Outcome, firing_cap_error};
use crate::engine::Engine;
use crate::engine::condition::{FactId, Lookup, Tri, Value};
use crate::error::Error;
use crate::kb::{FactKind, KnowledgeBase, ScreenId};
use select::Stake;
use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

/// One question of the interview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Question {
    /// A finding, asked on its own.
    Finding(FactId),
    /// "What is bothering you?": several complaint findings at once.
    Complaint,
    /// A screening question: the findings of a screen that are still worth asking, at once.
    Screen(ScreenId),
    /// Once the urgency is an emergency, the one question left: the warning signs, from any
    /// screen, whose answer could make it a more urgent emergency (call an ambulance).
    Escalation,
}

impl Question {
    /// Whether it offers a list of findings to pick from, each not picked a no (a screen, or
    /// the escalation list).
    pub fn is_checklist(self) -> bool {
        matches!(self, Question::Screen(_) | Question::Escalation)
    }
}

/// A question and the answers it recorded, so `back` can undo it.
#[derive(Debug, Clone)]
struct Step {
    question: Question,
    /// For the complaint and screening questions, the options offered.
    offered: Vec<FactId>,
    set: Vec<(FactId, Value)>,
    /// Asked to separate causes, or for a level below "urgent" (see `FOLLOW_UPS`).
    follow_up: bool,
    /// Asked once the urgency was an emergency: the one question that may follow one.
    after_emergency: bool,
}

impl Step {
    /// Whether the person picked something (a complaint answered "not sure" records each one
    /// offered as unknown).
    fn picked_any(&self) -> bool {
        self.set.iter().any(|&(_, value)| value == Value::Present)
    }

    /// The findings this step answered for good. A complaint left out when others were chosen
    /// counts as answered ("not what bothers me"), so it is not asked again on its own; if
    /// none was chosen, each may still be asked. A screen settles the options it answered yes
    /// or no; those the person was not sure of may be asked on their own.
    fn settled(&self) -> Vec<FactId> {
        match self.question {
            Question::Finding(fact) => vec![fact],
            Question::Complaint if !self.picked_any() => Vec::new(),
            Question::Complaint => self.offered.clone(),
            Question::Screen(_) | Question::Escalation => {
                self.set.iter().map(|&(f, _)| f).collect()
            }
        }
    }
}

/// An answer taken back by `Interview::back`: the question, what it offered (for a list) and
/// the answers it recorded.
#[derive(Debug, Clone)]
pub struct Undone {
    pub question: Question,
    pub offered: Vec<FactId>,
    pub set: Vec<(FactId, Value)>,
}

/// The question `next_question` chose last.
#[derive(Debug, Clone)]
struct Chosen {
    question: Question,
    /// What a complaint or screening question offers.
    options: Vec<FactId>,
    /// Asked only to separate causes.
    follow_up: bool,
    /// Asked once the urgency was an emergency.
    after_emergency: bool,
}

/// The most questions asked only to separate the causes, counting those that could raise the
/// urgency only to a level below "urgent" (a doctor within days): once that many were asked,
/// only a question that could still raise the urgency is asked.
pub const FOLLOW_UPS: usize = 8;

#[derive(Debug, Clone)]
pub struct Interview<'kb> {
    kb: &'kb KnowledgeBase,
    engine: Engine<'kb>,
    /// A copy of `engine` to try answers in, kept between questions and brought back in
    /// step with `engine` by `Engine::restore`.
    scratch: std::cell::RefCell<Option<Engine<'kb>>>,
    /// The last question `next_question` chose, what it offers, and whether it only
    /// separates causes.
    chosen: std::cell::RefCell<Option<Chosen>>,
    steps: Vec<Step>,
    /// The most questions to ask (not counting those answered from a saved file).
    max_questions: Option<usize>,
    /// How many of `steps` were answered from a saved file (`resume`).
    resumed: usize,
}

impl<'kb> Interview<'kb> {
    pub fn new(kb: &'kb KnowledgeBase, max_questions: Option<usize>) -> Result<Self, Error> {
        let mut engine = Engine::new(kb).interviewing();
        engine.run().map_err(|cap| firing_cap_error(kb, cap))?;
        Ok(Interview {
            kb,
            engine,
            scratch: std::cell::RefCell::new(None),
            chosen: std::cell::RefCell::new(None),
            steps: Vec::new(),
            max_questions,
            resumed: 0,
        })
    }

    /// Continues an interview from saved answers (`ask --resume`): the interview asks its
    /// questions in the order it would, each answered from `saved` while `saved` answers it
    /// whole (the opening question answered "not sure" included: its complaints are saved as
    /// not sure), so that it goes on where it stopped; what `saved` holds beyond those (a file
    /// written by hand, or for an older knowledge base) is taken as answers of their own.
    /// `questions`, how many questions the file says it answers, tells a question asked again
    /// (an item of a list answered "not sure", then asked on its own) from the one the
    /// interview stopped at. Only the questions asked from then on count towards
    /// `max_questions`.
    pub fn resume(
        kb: &'kb KnowledgeBase,
        saved: &Answers,
        questions: Option<usize>,
        max_questions: Option<usize>,
    ) -> Result<Self, Error> {
        let mut interview = Interview::new(kb, None)?;
        let mut left = saved.values.clone();
        while questions.is_none_or(|n| interview.asked() < n) {
            let Some(question) = interview.next_question() else {
                break;
            };
            let set = match interview.saved_reply(question, &left) {
                Some(set) => set,
                None if questions.is_some() => {
                    match interview.saved_reply(question, &saved.values) {
                        Some(set) => set,
                        None => break,
                    }
                }
                None => break,
            };
            // A complaint answered "not sure" and later asked on its own is left for that
            // question.
            for (fact, value) in &set {
                if left.get(fact) == Some(value) {
                    left.remove(fact);
                }
            }
            interview.answer(question, set)?;
        }
        for (fact, value) in left {
            interview.answer(Question::Finding(fact), vec![(fact, value)])?;
        }
        interview.resumed = interview.asked();
        interview.max_questions = max_questions;
        Ok(interview)
    }

    /// The reply the saved answers not yet used give to a question, if they answer the whole
    /// of it.
    fn saved_reply(
        &self,
        question: Question,
        saved: &BTreeMap<FactId, Value>,
    ) -> Option<Vec<(FactId, Value)>> {
        let options = self.options(question);
        let given = |fact: &FactId| saved.get(fact).map(|&value| (*fact, value));
        match question {
            Question::Finding(fact) => given(&fact).map(|answer| vec![answer]),
            Question::Complaint => {
                let given: Vec<(FactId, Value)> = options.iter().filter_map(given).collect();
                // "Not sure" saves every complaint offered as unknown; a pick, those picked.
                if given.iter().any(|&(_, value)| value.is_unanswered()) {
                    Some(options.iter().map(|&f| (f, Value::Unsure)).collect())
                } else {
                    let picked: Vec<(FactId, Value)> = given
                        .into_iter()
                        .filter(|&(_, value)| value == Value::Present)
                        .collect();
                    (!picked.is_empty()).then_some(picked)
                }
            }
            Question::Screen(_) | Question::Escalation => {
                let mut set: Vec<(FactId, Value)> =
                    options.iter().map(given).collect::<Option<_>>()?;
                // A checklist's reply never mixes "no" with "not sure" (the picks, then no or
                // `?` for the rest): beside an item saved "not sure", one saved "no" was "not
                // sure" on the list and answered no when asked again on its own, and is left
                // for that question.
                if set.iter().any(|&(_, value)| value.is_unanswered()) {
                    for (_, value) in &mut set {
                        if *value == Value::Absent {
                            *value = Value::Unsure;
                        }
                    }
                }
                Some(set)
            }
        }
    }

    /// Whether the question limit is reached (the questions answered from a saved file not
    /// counted).
    fn at_limit(&self) -> bool {
        self.max_questions
            .is_some_and(|max| self.asked().saturating_sub(self.resumed) >= max)
    }

    pub fn kb(&self) -> &'kb KnowledgeBase {
        self.kb
    }

    /// How many questions have been answered.
    pub fn asked(&self) -> usize {
        self.steps.len()
    }

    /// How many questions were asked once the urgency was an emergency (see
    /// `escalation_question`).
    pub fn questions_after_emergency(&self) -> usize {
        self.steps.iter().filter(|s| s.after_emergency).count()
    }

    /// The outcome of the answers so far, as the interview's incremental engine sees it.
    pub fn outcome(&self) -> Outcome {
        Outcome::from_engine(self.kb, &self.engine)
    }

    /// The outcome for the report: `assess` on the answers given, so that the report is the
    /// one `triage assess --answers` gives for the saved answers, down to the trace order.
    pub fn report(&self) -> Result<Outcome, Error> {
        crate::assess::assess(self.kb, &self.answers())
    }

    pub fn is_emergency(&self) -> bool {
        self.outcome().is_emergency(self.kb)
    }

    /// Every answer given so far, in the answers-file form.
    pub fn answers(&self) -> Answers {
        let mut answers = Answers::default();
        for step in &self.steps {
            for &(fact, value) in &step.set {
                answers.values.insert(fact, value);
            }
        }
        answers
    }

    /// For each fact, whether it has been asked (on its own, or answered on a list).
    fn asked_mask(&self) -> Vec<bool> {
        let mut asked = vec![false; self.kb.facts.len()];
        for step in &self.steps {
            for fact in step.settled() {
                asked[fact] = true;
            }
        }
        asked
    }

    /// The complaint findings that are still open and matter.
    pub fn complaint_options(&self) -> Vec<FactId> {
        self.kb
            .findings()
            .filter(|(f, fact)| {
                fact.complaint && fact.kind == FactKind::YesNo && !self.engine.value(*f).is_known()
            })
            .map(|(f, _)| f)
            .collect()
    }

    /// The next question, or `None` when the interview is over: an emergency was found, the
    /// question limit is reached, or no unanswered question could change the outcome.
    ///
    /// Once the urgency is an emergency, the only questions left are those that one answer
    /// could make a more urgent emergency (go to hospital → call an ambulance).
    pub fn next_question(&self) -> Option<Question> {
        if self.at_limit() {
            return None;
        }
        // Each question settles a finding, or asks again once one a "not sure" rule waits for,
        // so no interview comes near this: a fault in choosing ends the interview (in a debug
        // build, fails loudly) rather than asking for ever.
        let bound = 2 * self.kb.facts.len() + self.kb.screens.len() + 2;
        debug_assert!(
            self.steps.len() < bound,
            "{} questions asked: more than any interview needs",
            self.steps.len()
        );
        if self.steps.len() >= bound {
            return None;
        }
        let asked = self.asked_mask();
        let chosen = self.choose(select::stakes(&self.engine, &asked), &asked)?;
        let question = chosen.question;
        // Remembered, so that `answer` need not work out every stake again.
        *self.chosen.borrow_mut() = Some(chosen);
        Some(question)
    }

    /// Whether the question limit ended the interview while questions worth asking were left.
    pub fn stopped_by_limit(&self) -> bool {
        self.at_limit() && {
            let asked = self.asked_mask();
            self.choose(select::stakes(&self.engine, &asked), &asked)
                .is_some()
        }
    }

    /// The findings a complaint or screening question offers, in order (none for a finding
    /// asked on its own).
    pub fn options(&self, question: Question) -> Vec<FactId> {
        match question {
            Question::Finding(_) => Vec::new(),
            Question::Complaint => self.complaint_options(),
            Question::Screen(_) | Question::Escalation => {
                if let Some(chosen) = &*self.chosen.borrow()
                    && chosen.question == question
                {
                    return chosen.options.clone();
                }
                let asked = self.asked_mask();
                let stakes = select::stakes(&self.engine, &asked);
                match question {
                    Question::Screen(screen) => {
                        self.screen_options(screen, &self.candidates(stakes, &asked))
                    }
                    _ => self
                        .escalation_question(self.outcome().level, &stakes, &asked)
                        .map(|(_, options)| options)
                        .unwrap_or_default(),
                }
            }
        }
    }

    /// A screen's findings that are still open and worth asking.
    fn screen_options(
        &self,
        screen: ScreenId,
        candidates: &BTreeMap<FactId, Stake>,
    ) -> Vec<FactId> {
        self.kb.screens[screen]
            .findings
            .iter()
            .copied()
            .filter(|f| candidates.contains_key(f) && !self.engine.value(*f).is_known())
            .collect()
    }

    /// A finding worth asking, or the screening question it belongs to if that has not been
    /// asked yet and would ask two or more findings at once.
    fn finding_or_screen(
        &self,
        fact: FactId,
        candidates: &BTreeMap<FactId, Stake>,
    ) -> (Question, Vec<FactId>) {
        if let Some(screen) = self.kb.screen_of(fact)
            && !self.was_asked(Question::Screen(screen))
        {
            // Whether the screen lists an item may hang on a quick demographic: that first.
            if let Some(gate) = self.gate_of_screen(screen, candidates) {
                return (Question::Finding(gate), Vec::new());
            }
            let options = self.screen_options(screen, candidates);
            if options.len() > 1 {
                return (Question::Screen(screen), options);
            }
        }
        (Question::Finding(fact), Vec::new())
    }

    /// Every finding that may be asked now, with what is at stake in it. `asked` marks the
    /// findings already asked.
    fn candidates(
        &self,
        stakes: BTreeMap<FactId, Stake>,
        asked: &[bool],
    ) -> BTreeMap<FactId, Stake> {
        // A complaint left out of the opening question reads as absent when deciding whether
        // to ask a follow-up (a question about the arm is not for someone whose arm is not what
        // bothers them); a red flag keeps the safer reading, unknown, and is asked.
        let unpicked: Vec<FactId> = self
            .steps
            .iter()
            .filter(|s| s.question == Question::Complaint && s.picked_any())
            .flat_map(|s| {
                s.offered
                    .iter()
                    .filter(|f| !s.set.iter().any(|(g, _)| g == *f))
            })
            .copied()
            .collect();
        // Which findings cannot apply (see `crate::applicability`): a red flag is judged on
        // the answers as they are, anything else with the complaints left out as absent.
        let strict = Reading {
            engine: &self.engine,
            unpicked: &[],
        };
        let loose = Reading {
            engine: &self.engine,
            unpicked: &unpicked,
        };
        let cannot_strict = crate::applicability::cannot_apply(self.kb, &strict);
        let cannot_loose = crate::applicability::cannot_apply(self.kb, &loose);
        let cannot = |fact: FactId| {
            if self.kb.facts[fact].red_flag {
                cannot_strict[fact]
            } else {
                cannot_loose[fact]
            }
        };
        let askable = |fact: FactId, ask_if: &crate::engine::condition::Condition| {
            if self.kb.facts[fact].red_flag {
                ask_if.eval(&AsApplicable {
                    values: &strict,
                    cannot: &cannot_strict,
                })
            } else {
                ask_if.eval(&AsApplicable {
                    values: &loose,
                    cannot: &cannot_loose,
                })
            }
        };
        let mut candidates: BTreeMap<FactId, Stake> = BTreeMap::new();
        for (fact, stake) in stakes {
            // An item of a checklist answered "not sure" may be asked again on its own while a
            // "not sure" rule waits for it (its only stake then, see `select::stakes`).
            if asked[fact] && !self.engine.is_pending(fact) {
                continue;
            }
            match self.kb.facts[fact]
                .ask_if
                .as_ref()
                .map(|c| askable(fact, c))
            {
                None => merge(&mut candidates, fact, stake),
                // A second look (a combined earlier-version question, once each of its parts
                // was answered "not sure") is a fallback whether its parts were answered on a
                // checklist (still pending, below) or on their own.
                Some(Tri::True) => {
                    let fallback = is_second_look(self.kb, fact);
                    merge(&mut candidates, fact, Stake { fallback, ..stake });
                }
                Some(Tri::False) => {}
                // Listed while it may not apply: as pressing as a finding one answer (the
                // choice) further from its rule, so it joins its checklist without bringing
                // that checklist before others.
                Some(Tri::Unknown) if self.listed_before_its_choice(fact) => {
                    merge(&mut candidates, fact, one_answer_further(&stake));
                }
                // Not yet askable: what decides whether it is carries its stake instead, so a
                // red flag behind a follow-up condition is never lost. If everything that
                // decides it was answered "don't know", ask it anyway.
                Some(Tri::Unknown) => {
                    let ask_if = self.kb.facts[fact].ask_if.as_ref().unwrap();
                    let judged = if self.kb.facts[fact].red_flag {
                        &cannot_strict
                    } else {
                        &cannot_loose
                    };
                    let undecided = |leaf: FactId| {
                        !self.kb.facts[leaf].is_concept()
                            && !self.engine.value(leaf).is_known()
                            && !asked[leaf]
                            && !judged[leaf]
                    };
                    // A combined earlier-version question is decided by its parts, which the
                    // interview asks instead: it is asked only as their second look.
                    let mut deciders: Vec<FactId> = Vec::new();
                    ask_if.visit_facts(true, &mut |leaf, _| {
                        let parts = &self.kb.facts[leaf].replaced_by;
                        let leaves = if parts.is_empty() {
                            std::slice::from_ref(&leaf)
                        } else {
                            parts.as_slice()
                        };
                        for &f in leaves {
                            if undecided(f) && !deciders.contains(&f) {
                                deciders.push(f);
                            }
                        }
                    });
                    let behind = one_answer_further(&stake);
                    // A fallback question (its deciders all answered "not sure", as the
                    // combined version-1 questions) asks again what the person was unsure of:
                    // it yields to questions as pressing that what they said points to as much
                    // (see `pick`).
                    if deciders.is_empty() {
                        let fallback = Stake {
                            fallback: true,
                            ..stake.clone()
                        };
                        merge(&mut candidates, fact, fallback);
                    }
                    // A choice one of whose answers opens a red flag (sex before a question
                    // about vaginal bleeding) is the flag's own first word: it carries the
                    // flag's stake whole, so that the flag is not left behind other questions.
                    for leaf in deciders {
                        let gate = self.kb.facts[fact].red_flag && self.opens(ask_if, leaf);
                        merge(
                            &mut candidates,
                            leaf,
                            if gate { stake.clone() } else { behind.clone() },
                        );
                    }
                }
            }
        }
        // Nothing that cannot apply is offered, whatever brought it here.
        candidates.retain(|&fact, _| !cannot(fact));
        candidates
    }

    /// Whether some option of a choice finding makes `ask_if` true, the other answers as
    /// they are.
    fn opens(&self, ask_if: &crate::engine::condition::Condition, choice: FactId) -> bool {
        let FactKind::Choice { options } = &self.kb.facts[choice].kind else {
            return false;
        };
        (0..options.len()).any(|option| {
            let value = |f| {
                if f == choice {
                    Value::Choice(option)
                } else {
                    self.engine.value(f)
                }
            };
            ask_if.eval(&value) == Tri::True
        })
    }

    fn choose(&self, stakes: BTreeMap<FactId, Stake>, asked: &[bool]) -> Option<Chosen> {
        let current = self.outcome().level;
        if self.kb.levels[current].emergency {
            return self
                .escalation_question(current, &stakes, asked)
                .map(|(question, options)| Chosen {
                    question,
                    options,
                    follow_up: false,
                    after_emergency: true,
                });
        }
        let candidates = self.candidates(stakes, asked);
        let (question, options) = self.pick(&candidates)?;
        let follow_up = stake_in(&candidates, question, &options)
            .level
            .is_none_or(|level| self.below_urgent(level));
        Some(Chosen {
            question,
            options,
            follow_up,
            after_emergency: false,
        })
    }

    /// The next question among the candidates, with what it offers.
    fn pick(&self, candidates: &BTreeMap<FactId, Stake>) -> Option<(Question, Vec<FactId>)> {
        if candidates.is_empty() {
            return None;
        }
        let complaints = self.complaint_options();
        let complaint_due = !self.was_asked(Question::Complaint)
            && complaints.len() > 1
            && complaints.iter().any(|f| candidates.contains_key(f));
        // 1. Demographics (numbers and choices), in the order the knowledge base defines them:
        //    a number (age, duration) that could raise the urgency or change the causes
        //    listed, since most thresholds read it; a choice (sex) only once it could raise
        //    the urgency on its own (one answer away) and is as pressing as any other question
        //    (a sex that could make "not sure" of a testicle pain urgent does not go before the
        //    emergency checklists). Until then a choice waits: it is asked
        //    where a rule comes to need it, where it opens a warning sign (see `candidates`),
        //    or just before a checklist one of whose warning signs it decides (see
        //    `finding_or_screen`); to change only the causes listed, it is a follow-up. How
        //    long the symptoms have lasted (a number of days) waits for the main complaint: it
        //    asks about symptoms the person has not named yet.
        let top_three = self.top_three(&self.engine);
        let top_danger = candidates.values().map(|s| s.danger).fold(0.0, f64::max);
        if let Some((&fact, _)) = candidates
            .iter()
            .find(|(f, s)| match &self.kb.facts[**f].kind {
                FactKind::Number { unit, .. } if complaint_due && unit == "days" => false,
                FactKind::Number { .. } => s.level.is_some() || self.could_reorder(**f, &top_three),
                FactKind::Choice { .. } => {
                    s.level.is_some() && s.needed == 1 && s.danger >= top_danger
                }
                _ => false,
            })
        {
            return Some((Question::Finding(fact), Vec::new()));
        }
        // 2. The main complaint, once.
        if complaint_due {
            return Some((Question::Complaint, complaints));
        }
        // 3. What could raise the urgency, the most pressing first: an emergency that one
        //    answer settles before one that needs two, and a more urgent level before a less
        //    urgent one (an interview that stops at the first emergency must not stop short of
        //    calling an ambulance). Among those as pressing, the one whose rule more of the
        //    answers already confirm, whether or not it asks again what the person was unsure
        //    of (a second look at fever's partner, a stiff neck or a severe headache, goes
        //    before a checklist nothing points to; it yields only to as much evidence); then
        //    the question that feeds the most such rules, red flags before other findings, and
        //    the knowledge base's order. When the most pressing finding is on a screening
        //    question, the screen is asked.
        let most_pressing = candidates
            .iter()
            .filter_map(|(f, s)| s.level.map(|level| (level, s, *f)))
            .max_by(|(la, a, fa), (lb, b, fb)| {
                a.danger
                    .total_cmp(&b.danger)
                    .then(a.confirmed.cmp(&b.confirmed))
                    .then(b.fallback.cmp(&a.fallback))
                    .then(lb.cmp(la))
                    .then(a.total_danger.total_cmp(&b.total_danger))
                    .then(
                        self.kb.facts[*fa]
                            .red_flag
                            .cmp(&self.kb.facts[*fb].red_flag),
                    )
                    .then(fb.cmp(fa))
            });
        if let Some((.., fact)) = most_pressing {
            return Some(self.finding_or_screen(fact, candidates));
        }
        // 4. What separates the causes still in contention for the top three: of the questions
        //    whose answer alone could reorder them, the one with the most evidence weight at
        //    stake (or, while the top three is not full, the most weight at stake). At most
        //    FOLLOW_UPS of these: past that, more questions cost more than the small changes to
        //    the ranking are worth.
        if self.steps.iter().filter(|s| s.follow_up).count() >= FOLLOW_UPS {
            return None;
        }
        let mut by_weight: Vec<(&FactId, &Stake)> =
            candidates.iter().filter(|(_, s)| s.weight > 0.0).collect();
        by_weight.sort_by(|(fa, a), (fb, b)| b.weight.total_cmp(&a.weight).then(fa.cmp(fb)));
        by_weight
            .iter()
            .find(|(f, _)| self.could_reorder(**f, &top_three))
            // While no cause is listed and no complaint is known, an answer that only opens the
            // way to one (a leg question behind a back question) is still worth it.
            .or_else(|| {
                let complaint_known = self
                    .kb
                    .findings()
                    .any(|(f, fact)| fact.complaint && self.engine.value(f) == Value::Present);
                by_weight
                    .first()
                    .filter(|_| top_three.is_empty() && !complaint_known)
            })
            .map(|(f, _)| self.finding_or_screen(**f, candidates))
    }

    /// A demographic (a number or a choice, not yet asked) that decides whether a warning sign
    /// on the screen is asked: the sign's `ask_if` reads it and is still undecided. Other items
    /// do not wait for it: an item that may not apply (pregnancy, before the sex is known)
    /// costs a line of the checklist, a demographic asked for it a whole question.
    fn gate_of_screen(
        &self,
        screen: ScreenId,
        candidates: &BTreeMap<FactId, Stake>,
    ) -> Option<FactId> {
        let asked = self.asked_mask();
        self.kb.screens[screen].findings.iter().find_map(|&item| {
            let ask_if = self.kb.facts[item].ask_if.as_ref()?;
            if !self.kb.facts[item].red_flag
                || self.listed_before_its_choice(item)
                || asked[item]
                || self.engine.value(item).is_known()
                || self.engine.eval(ask_if) != Tri::Unknown
            {
                return None;
            }
            let mut gate = None;
            ask_if.visit_facts(true, &mut |fact, _| {
                if gate.is_none()
                    && matches!(
                        self.kb.facts[fact].kind,
                        FactKind::Number { .. } | FactKind::Choice { .. }
                    )
                    && !asked[fact]
                    && !self.engine.value(fact).is_known()
                    && candidates.contains_key(&fact)
                {
                    gate = Some(fact);
                }
            });
            gate
        })
    }

    /// Whether a checklist item not yet asked hangs on nothing but a choice not yet made (pain
    /// in a testicle, on the sex): its own words say whom it is for, as pregnancy's do, so it
    /// is listed until the choice is known rather than wait for a question of its own.
    fn listed_before_its_choice(&self, item: FactId) -> bool {
        let Some(ask_if) = &self.kb.facts[item].ask_if else {
            return false;
        };
        let mut choices_only = true;
        ask_if.visit_facts(true, &mut |fact, _| {
            choices_only &= matches!(self.kb.facts[fact].kind, FactKind::Choice { .. })
                && !self.engine.value(fact).is_known();
        });
        choices_only
            && self
                .kb
                .screen_of(item)
                .is_some_and(|screen| !self.was_asked(Question::Screen(screen)))
    }

    fn was_asked(&self, question: Question) -> bool {
        self.steps.iter().any(|s| s.question == question)
    }

    /// Whether a level is less urgent than the first level that is urgent but not an emergency
    /// ("see a doctor within 24 hours").
    fn below_urgent(&self, level: crate::kb::LevelId) -> bool {
        let first_urgent = self
            .kb
            .levels
            .iter()
            .position(|l| !l.emergency)
            .unwrap_or(0);
        level > first_urgent
    }

    /// Once the urgency is an emergency, the one question that may still follow: a checklist of
    /// the warning signs that, answered yes on it (alone, or with others on the same
    /// checklist), would make it a more urgent emergency (go to hospital -> call an ambulance).
    /// Judged by running the rules as the end of the interview would, not by counting the
    /// answers a rule still needs: a finding the interview then leaves unasked counts as "not
    /// sure", so an exception that needs another answer (chest-wall pain under 35 needs the
    /// lifting question answered) cannot hold the sign back. Asked once. Only a combined
    /// version-1 question may come after it, when both of its parts were answered "not sure"
    /// on it (a fallback, see `candidates`); so each part of such a question that could
    /// escalate is listed (see `list_second_look_parts`).
    fn escalation_question(
        &self,
        current: crate::kb::LevelId,
        stakes: &BTreeMap<FactId, Stake>,
        asked: &[bool],
    ) -> Option<(Question, Vec<FactId>)> {
        let second_look = match self.questions_after_emergency() {
            0 => false,
            1 => true,
            _ => return None,
        };
        let ended_now = self.ended_with(&[])?.level;
        // More urgent than both now and what the end of the interview would give now.
        let escalates_to = |level: crate::kb::LevelId| {
            level < current.min(ended_now) && self.kb.levels[level].emergency
        };
        let escalates = |outcome: &Outcome| escalates_to(outcome.level);
        // Askable as in `candidates` (a fallback question whose parts were answered "not
        // sure" included), and feeding a rule that sets a more urgent level.
        let pool = self.candidates(stakes.clone(), asked);
        let candidates: Vec<FactId> = pool
            .iter()
            .filter(|(_, candidate)| !second_look || candidate.fallback)
            .map(|(&f, _)| f)
            .filter(|f| {
                stakes
                    .get(f)
                    .and_then(|s| s.level)
                    .is_some_and(|l| l < current)
            })
            .collect();
        // The yes/no signs, rule by rule: those a rule reads, answered yes together, or not
        // sure together (a "not sure" rule), or one of them alone either way (for a rule that
        // reads another as "no" or "not sure"), fire it.
        let mut by_rule: BTreeMap<crate::kb::RuleId, Vec<FactId>> = BTreeMap::new();
        for &fact in &candidates {
            if self.kb.facts[fact].kind == FactKind::YesNo {
                for &rule in &stakes[&fact].urgency_rules {
                    by_rule.entry(rule).or_default().push(fact);
                }
            }
        }
        let mut listed: BTreeMap<FactId, crate::kb::LevelId> = BTreeMap::new();
        for (rule, signs) in by_rule {
            let fires = |answers: &[(FactId, Value)]| {
                self.ended_with(answers)
                    .filter(|outcome| {
                        escalates(outcome) && outcome.reasons.iter().any(|r| r.rule == rule)
                    })
                    .map(|outcome| outcome.level)
            };
            let level = [Value::Present, Value::Unsure]
                .into_iter()
                .find_map(|value| {
                    let all: Vec<(FactId, Value)> = signs.iter().map(|&f| (f, value)).collect();
                    fires(&all)
                })
                .or_else(|| {
                    signs
                        .iter()
                        .flat_map(|&f| [(f, Value::Present), (f, Value::Unsure)])
                        .filter_map(|answer| fires(&[answer]))
                        .min()
                });
            if let Some(level) = level {
                for fact in signs {
                    let at = listed.entry(fact).or_insert(level);
                    *at = (*at).min(level);
                }
            }
        }
        if !second_look {
            self.list_second_look_parts(&pool, stakes, asked, &escalates_to, &mut listed);
        }
        // A number or a choice is no checklist item: asked on its own, when no checklist is
        // and one answer to it is enough.
        if listed.is_empty() {
            return candidates
                .iter()
                .copied()
                .filter(|&f| self.kb.facts[f].kind != FactKind::YesNo)
                .find(|&fact| {
                    self.definite_answers(fact).into_iter().any(|value| {
                        self.ended_with(&[(fact, value)])
                            .is_some_and(|outcome| escalates(&outcome))
                    })
                })
                .map(|fact| (Question::Finding(fact), Vec::new()));
        }
        // The most urgent first; each level's signs in the order their checklists list them.
        let mut signs: Vec<(crate::kb::LevelId, FactId)> = listed
            .into_iter()
            .map(|(fact, level)| (level, fact))
            .collect();
        signs.sort_by_key(|&(level, fact)| (level, self.list_position(fact), fact));
        match signs.as_slice() {
            [(_, fact)] => Some((Question::Finding(*fact), Vec::new())),
            _ => Some((
                Question::Escalation,
                signs.into_iter().map(|(_, fact)| fact).collect(),
            )),
        }
    }

    /// Lists beside the escalation checklist's signs every part not asked yet of a combined
    /// earlier-version question (a second look) that, answered yes once its parts were "not
    /// sure", would call an ambulance: its second look is asked only once each part was
    /// answered "not sure", and a part that does not escalate alone (feeling sick beside
    /// sweating) was left off the checklist, so that the second look could never come (a
    /// leaking aneurysm at 72 stopped at the emergency department).
    fn list_second_look_parts(
        &self,
        pool: &BTreeMap<FactId, Stake>,
        stakes: &BTreeMap<FactId, Stake>,
        asked: &[bool],
        escalates_to: &dyn Fn(crate::kb::LevelId) -> bool,
        listed: &mut BTreeMap<FactId, crate::kb::LevelId>,
    ) {
        let wholes: Vec<FactId> = self
            .kb
            .findings()
            .map(|(f, _)| f)
            .filter(|&w| is_second_look(self.kb, w) && !asked[w])
            .filter(|&w| !self.engine.value(w).is_known())
            .collect();
        for whole in wholes {
            let parts = &self.kb.facts[whole].replaced_by;
            // A part answered yes or no closes the second look.
            if parts.iter().any(|&p| self.engine.value(p).is_known()) {
                continue;
            }
            let open: Vec<FactId> = parts
                .iter()
                .copied()
                .filter(|&p| !asked[p] && !listed.contains_key(&p) && pool.contains_key(&p))
                .collect();
            let unasked = parts.iter().filter(|&&p| !asked[p]).count();
            if open.is_empty() || open.len() + listed_parts(parts, listed) < unasked {
                continue;
            }
            let Some(rules) = stakes.get(&whole).map(|s| &s.urgency_rules) else {
                continue;
            };
            // With the signs listed so far (a fever beside confusion), as the checklist asks.
            let mut answers: Vec<(FactId, Value)> =
                listed.keys().map(|&f| (f, Value::Present)).collect();
            answers.extend(parts.iter().map(|&p| (p, Value::Unsure)));
            answers.push((whole, Value::Present));
            let Some(outcome) = self.ended_with(&answers) else {
                continue;
            };
            let Some(level) = outcome
                .reasons
                .iter()
                .filter(|r| rules.contains(&r.rule) && escalates_to(r.level))
                .map(|r| r.level)
                .min()
            else {
                continue;
            };
            for part in open {
                listed.insert(part, level);
            }
        }
    }

    /// Where a finding comes on the checklists: its screen, then its place on it (findings on
    /// none last).
    fn list_position(&self, fact: FactId) -> (usize, usize) {
        self.kb.screen_of(fact).map_or((usize::MAX, 0), |screen| {
            let place = self.kb.screens[screen]
                .findings
                .iter()
                .position(|&f| f == fact);
            (screen, place.unwrap_or(0))
        })
    }

    /// Every definite answer a finding can have (numbers: one from each range the rules tell
    /// apart).
    fn definite_answers(&self, fact: FactId) -> Vec<Value> {
        match &self.kb.facts[fact].kind {
            FactKind::YesNo => vec![Value::Present, Value::Absent],
            FactKind::Choice { options } => (0..options.len()).map(Value::Choice).collect(),
            FactKind::Number { .. } => select::thresholds(self.kb, fact)
                .into_iter()
                .map(Value::Number)
                .collect(),
            FactKind::Concept => Vec::new(),
        }
    }

    /// The outcome if the interview ended now with `answers` given first: every finding not
    /// answered unknown for good, as the report reads it.
    fn ended_with(&self, answers: &[(FactId, Value)]) -> Option<Outcome> {
        let mut engine = self.engine.clone();
        for &(fact, value) in answers {
            engine.set(fact, value);
        }
        engine.settle_all();
        engine.run().ok()?;
        Some(Outcome::from_trace(self.kb, engine.trace()))
    }

    fn top_three(&self, engine: &Engine) -> Vec<crate::kb::CauseId> {
        top_three_of(self.kb, engine.trace())
    }

    /// Whether some answer to the finding, with nothing else answered, changes the top three.
    fn could_reorder(&self, fact: FactId, top_three: &[crate::kb::CauseId]) -> bool {
        self.definite_answers(fact).into_iter().any(|value| {
            // One copy of the engine per question, put back after each answer tried (a copy
            // per answer would cost the whole knowledge base each time).
            let mut scratch = self.scratch.take().unwrap_or_else(|| self.engine.clone());
            scratch.set(fact, value);
            let ran = scratch.run().is_ok();
            let trace = scratch.restore(&self.engine);
            let reorders = ran && top_three_of(self.kb, &trace) != top_three;
            self.scratch.replace(Some(scratch));
            reorders
        })
    }

    /// Every finding the interview may ask now, with what is at stake in it as the choice of
    /// the next question weighs it (after `ask_if`, second looks and deciding demographics):
    /// for tools that tune a knowledge base's question flow.
    pub fn candidate_stakes(&self) -> BTreeMap<FactId, Stake> {
        let asked = self.asked_mask();
        self.candidates(select::stakes(&self.engine, &asked), &asked)
    }

    /// What is at stake in a question, for `why`.
    pub fn stake(&self, question: Question) -> Stake {
        stake_in(
            &select::stakes(&self.engine, &self.asked_mask()),
            question,
            &self.options(question),
        )
    }

    /// Records the answers to a question and brings the conclusions up to date.
    pub fn answer(&mut self, question: Question, set: Vec<(FactId, Value)>) -> Result<(), Error> {
        let (offered, follow_up, after_emergency) = match self.chosen.take() {
            Some(chosen) if chosen.question == question => {
                (chosen.options, chosen.follow_up, chosen.after_emergency)
            }
            _ => {
                let level = self.stake(question).level;
                let follow_up = level.is_none_or(|level| self.below_urgent(level));
                (self.options(question), follow_up, self.is_emergency())
            }
        };
        self.scratch.take();
        let step = Step {
            question,
            offered,
            set,
            follow_up,
            after_emergency,
        };
        self.take(&step);
        self.engine
            .run()
            .map_err(|cap| firing_cap_error(self.kb, cap))?;
        self.steps.push(step);
        Ok(())
    }

    /// Gives the engine a step's answers, and settles the findings it asked (see `Engine::
    /// settle`). An item of a checklist answered "not sure" that a "not sure" rule reads
    /// (`{x: unknown}`) stays pending: the person may know "no" to that one item while unsure
    /// of the others, and the checklist cannot say so; it is asked on its own if, and only if,
    /// "not sure" of it would raise the urgency (see `select::stakes`).
    fn take(&mut self, step: &Step) {
        for &(fact, value) in &step.set {
            self.engine.set(fact, value);
        }
        for fact in step.settled() {
            let unsure_on_list = matches!(step.question, Question::Screen(_))
                && !self.engine.value(fact).is_known()
                && self.kb.readers[fact]
                    .iter()
                    .any(|&r| reads_unanswered(&self.kb.rules[r].when, fact));
            if !unsure_on_list {
                self.engine.settle(fact);
            }
        }
    }

    /// Ends the interview: every finding not answered is unknown for good, as in the report
    /// (`assess` on the answers given), so that a "not sure" rule still waiting for its question
    /// fires. Call once no question is left.
    pub fn finish(&mut self) -> Result<(), Error> {
        self.scratch.take();
        self.chosen.take();
        self.engine.settle_all();
        self.engine
            .run()
            .map_err(|cap| firing_cap_error(self.kb, cap))
    }

    /// Undoes the last answer and returns it (its question is asked again).
    pub fn back(&mut self) -> Result<Option<Undone>, Error> {
        let Some(last) = self.steps.pop() else {
            return Ok(None);
        };
        self.resumed = self.resumed.min(self.steps.len());
        // Facts only ever become better known, so undoing means replaying from the start.
        self.engine = Engine::new(self.kb).interviewing();
        for step in std::mem::take(&mut self.steps) {
            self.take(&step);
            self.steps.push(step);
        }
        self.engine
            .run()
            .map_err(|cap| firing_cap_error(self.kb, cap))?;
        self.scratch.take();
        self.chosen.take();
        Ok(Some(Undone {
            question: last.question,
            offered: last.offered,
            set: last.set,
        }))
    }
}

fn top_three_of(kb: &KnowledgeBase, trace: &[crate::engine::Firing]) -> Vec<crate::kb::CauseId> {
    Outcome::from_trace(kb, trace)
        .causes
        .iter()
        .take(3)
        .map(|c| c.cause)
        .collect()
}

/// The answers so far as an `ask_if` reads them: the engine's values and pending findings,
/// with the complaints left out of the opening question (`unpicked`) read as absent.
struct Reading<'a, 'kb> {
    engine: &'a Engine<'kb>,
    unpicked: &'a [FactId],
}

impl Lookup for Reading<'_, '_> {
    fn get(&self, fact: FactId) -> Value {
        if self.unpicked.contains(&fact) {
            Value::Absent
        } else {
            self.engine.value(fact)
        }
    }

    fn pending(&self, fact: FactId) -> bool {
        !self.unpicked.contains(&fact) && self.engine.is_pending(fact)
    }
}

/// A question's own stake: a finding's, or for a complaint or screening question its options'
/// together.
fn stake_in(stakes: &BTreeMap<FactId, Stake>, question: Question, options: &[FactId]) -> Stake {
    match question {
        Question::Finding(fact) => stakes.get(&fact).cloned().unwrap_or_default(),
        Question::Complaint | Question::Screen(_) | Question::Escalation => {
            let mut total = Stake::default();
            for fact in options {
                if let Some(stake) = stakes.get(fact) {
                    merge_into(&mut total, stake);
                }
            }
            total
        }
    }
}

/// A stake one answer further from its rule: as pressing as one more finding needed.
fn one_answer_further(stake: &Stake) -> Stake {
    Stake {
        needed: stake.needed + 1,
        danger: stake.danger / 4.0,
        total_danger: stake.total_danger / 4.0,
        ..stake.clone()
    }
}

fn merge(candidates: &mut BTreeMap<FactId, Stake>, fact: FactId, stake: Stake) {
    match candidates.entry(fact) {
        Entry::Vacant(entry) => {
            entry.insert(stake);
        }
        Entry::Occupied(mut entry) => merge_into(entry.get_mut(), &stake),
    }
}

fn merge_into(into: &mut Stake, stake: &Stake) {
    into.fallback &= stake.fallback;
    if let Some(level) = stake.level
        && (into.level.is_none_or(|l| level < l)
            || (into.level == Some(level) && stake.needed < into.needed))
    {
        into.level = Some(level);
        into.needed = stake.needed;
    }
    for &r in &stake.urgency_rules {
        if !into.urgency_rules.contains(&r) {
            into.urgency_rules.push(r);
        }
    }
    into.weight += stake.weight;
    if stake.danger > into.danger
        || (stake.danger == into.danger && stake.confirmed > into.confirmed)
    {
        into.confirmed = stake.confirmed;
    }
    into.danger = into.danger.max(stake.danger);
    into.total_danger += stake.total_danger;
    for &c in &stake.causes {
        if !into.causes.contains(&c) {
            into.causes.push(c);
        }
    }
}

/// Whether the condition tests `{fact: unknown}` or `{fact: not_sure}`.
fn reads_unanswered(condition: &crate::engine::condition::Condition, fact: FactId) -> bool {
    use crate::engine::condition::Condition;
    match condition {
        Condition::Unanswered { fact: f } | Condition::NotSure { fact: f } => *f == fact,
        Condition::All(parts) | Condition::Any(parts) | Condition::AtLeast { of: parts, .. } => {
            parts.iter().any(|p| reads_unanswered(p, fact))
        }
        Condition::Not(inner) => reads_unanswered(inner, fact),
        Condition::Is { .. } | Condition::Compare { .. } | Condition::Choice { .. } => false,
    }
}

/// How many of a combined question's parts the escalation checklist lists already.
fn listed_parts(parts: &[FactId], listed: &BTreeMap<FactId, crate::kb::LevelId>) -> usize {
    parts.iter().filter(|p| listed.contains_key(p)).count()
}

/// Whether a finding is asked only as a second look: its `ask_if` reads nothing but "not sure"
/// of other findings (a combined earlier-version question, once its parts were unsure).
fn is_second_look(kb: &KnowledgeBase, fact: FactId) -> bool {
    use crate::engine::condition::Condition;
    fn only_not_sure(condition: &Condition) -> bool {
        match condition {
            Condition::NotSure { .. } => true,
            Condition::All(parts) | Condition::Any(parts) => parts.iter().all(only_not_sure),
            _ => false,
        }
    }
    kb.facts[fact].ask_if.as_ref().is_some_and(only_not_sure)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// However the choosing goes wrong (a question that settles nothing, asked again and again),
    /// an interview never asks more questions than twice the findings and the checklists: a
    /// debug build says so loudly, a release build ends the interview.
    #[test]
    #[cfg_attr(
        debug_assertions,
        should_panic(expected = "questions asked: more than any interview needs")
    )]
    fn no_interview_asks_more_than_twice_the_findings_and_checklists() {
        let rules = "
findings:
  - {id: a, question: A?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: emergency, reason: r}]}
";
        let kb = crate::kb::two_level_kb(rules);
        let mut interview = Interview::new(&kb, None).unwrap();
        let a = Question::Finding(kb.fact("a").unwrap());
        assert_eq!(interview.next_question(), Some(a));
        // A question that settles nothing, as a fault in `Step::settled` would leave it.
        let unsettled = Step {
            question: Question::Complaint,
            offered: Vec::new(),
            set: Vec::new(),
            follow_up: false,
            after_emergency: false,
        };
        interview.steps = vec![unsettled; 2 * kb.facts.len() + kb.screens.len() + 2];
        assert_eq!(interview.next_question(), None);
    }

    /// Up to the bound, an interview goes on asking: one question fewer than twice the
    /// findings and the checklists, and two, is no fault.
    #[test]
    fn an_interview_just_below_the_bound_goes_on() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: a, question: A?, red_flag: true}
  - {id: b, question: B?, red_flag: true}
screens:
  - {id: s, question: Any of these?, findings: [a, b]}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: emergency, reason: r}]}
  - {id: rf_b, when: b, then: [{urgency: emergency, reason: r}]}
",
        );
        let mut interview = Interview::new(&kb, None).unwrap();
        let unsettled = Step {
            question: Question::Complaint,
            offered: Vec::new(),
            set: Vec::new(),
            follow_up: false,
            after_emergency: false,
        };
        interview.steps = vec![unsettled; 2 * 2 + 1 + 2 - 1];
        assert_eq!(interview.next_question(), Some(Question::Screen(0)));
    }

    /// The questions that could raise the urgency to "urgent" (a doctor within 24 hours) are
    /// not follow-ups: however many of them were asked, questions that tell the causes apart
    /// are still asked after them (at most `FOLLOW_UPS`, counting only themselves and questions
    /// that could raise the urgency to a level below "urgent").
    #[test]
    fn questions_that_could_make_it_urgent_are_not_counted_as_follow_ups() {
        let urgent: String = (1..=FOLLOW_UPS)
            .map(|i| format!("  - {{id: u{i}, question: U{i}?}}\n"))
            .collect();
        let rules: String = (1..=FOLLOW_UPS)
            .map(|i| {
                format!("  - {{id: r{i}, when: u{i}, then: [{{urgency: urgent, reason: r}}]}}\n")
            })
            .collect();
        let kb = beside_two_causes(&urgent, &rules, false);
        let asked = asked_answering_no(&kb);
        // Every question that could make it urgent, then the two that tell the causes apart.
        assert_eq!(asked.len(), FOLLOW_UPS + 2, "{asked:?}");
    }

    /// A second look (a question asked only because the person was not sure of its parts)
    /// yields to a question as pressing; but one that also decides whether a warning sign is
    /// asked is no mere second look, and goes first when it feeds more rules.
    #[test]
    fn a_second_look_that_also_opens_a_warning_sign_is_no_fallback() {
        let rules = "
findings:
  - {id: p, question: P?}
  - {id: q, question: Q?}
  - {id: f, question: F?, red_flag: true, ask_if: {all: [{p: not_sure}, {q: not_sure}]}}
  - {id: g, question: G?, red_flag: true, ask_if: f}
  - {id: h, question: H?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_f, when: f, then: [{urgency: emergency, reason: r}]}
  - {id: rf_g, when: g, then: [{urgency: emergency, reason: r}]}
  - {id: rf_h, when: h, then: [{urgency: emergency, reason: r}]}
  - {id: rf_pq, when: {all: [p, q]}, then: [{urgency: emergency, reason: r}]}
";
        let kb = crate::kb::two_level_kb(rules);
        let interview = after(&kb, &[("p", Value::Unsure), ("q", Value::Unsure)]);
        let f = kb.fact("f").unwrap();
        assert!(!interview.candidate_stakes()[&f].fallback);
        assert_eq!(interview.next_question(), Some(Question::Finding(f)));
    }

    /// An item of a checklist answered "not sure" is asked again on its own only where a "not
    /// sure" rule waits for it (`{a: unknown}`); one no such rule reads is settled as unknown
    /// and not asked again, though a rule reads it.
    #[test]
    fn only_an_item_a_not_sure_rule_waits_for_is_asked_again() {
        let rules = "
findings:
  - {id: a, question: A?, red_flag: true}
  - {id: b, question: B?, red_flag: true}
screens:
  - {id: s, question: Any of these?, findings: [a, b]}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: emergency, reason: r}]}
  - {id: rf_b, when: b, then: [{urgency: emergency, reason: r}]}
  - {id: rf_a_unsure, when: {a: unknown}, then: [{urgency: emergency, reason: r}]}
";
        let kb = crate::kb::two_level_kb(rules);
        let (a, b) = (kb.fact("a").unwrap(), kb.fact("b").unwrap());
        let mut interview = Interview::new(&kb, None).unwrap();
        let screen = Question::Screen(kb.screen_of(a).unwrap());
        assert_eq!(interview.next_question(), Some(screen));
        interview
            .answer(screen, vec![(a, Value::Unsure), (b, Value::Unsure)])
            .unwrap();
        assert_eq!(interview.next_question(), Some(Question::Finding(a)));
        interview
            .answer(Question::Finding(a), vec![(a, Value::Absent)])
            .unwrap();
        assert_eq!(interview.next_question(), None);
    }

    /// A question that tells the causes apart is asked only if one answer to it could change
    /// the causes listed or their order: here each sign of "two" alone stays under the score a
    /// cause needs to be listed (4), so neither is asked, though together they could put
    /// "two" ahead of "one".
    #[test]
    fn a_question_that_cannot_change_the_causes_listed_is_not_asked() {
        let kb = crate::kb::test_kb(
            &[("emergency", true), ("routine", false)],
            Some(4.0),
            "
findings:
  - {id: w1, question: W1?}
  - {id: w3, question: W3?}
  - {id: w4, question: W4?}
causes:
  - {id: two, name: Two}
  - {id: one, name: One}
rules:
  - {id: e1, when: w1, then: [{supports: one, weight: 5}]}
  - {id: e3, when: w3, then: [{supports: two, weight: 3}]}
  - {id: e4, when: w4, then: [{supports: two, weight: 3}]}
",
        );
        let interview = after(&kb, &[("w1", Value::Present)]);
        assert_eq!(interview.next_question(), None);
    }

    /// Answering a question other than the one the interview chose (as `--resume` and the
    /// answers of a saved file do) records that question with its own options: the opening
    /// question answered while a checklist was chosen settles the complaints, and the
    /// checklist is still asked.
    #[test]
    fn answering_another_question_than_the_one_chosen_leaves_the_chosen_one_to_ask() {
        let rules = "
findings:
  - {id: c1, question: C1?, complaint: true}
  - {id: c2, question: C2?, complaint: true}
  - {id: a, question: A?, red_flag: true}
  - {id: b, question: B?, red_flag: true}
screens:
  - {id: s, question: Any of these?, findings: [a, b]}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: emergency, reason: r}]}
  - {id: rf_b, when: b, then: [{urgency: emergency, reason: r}]}
";
        let kb = crate::kb::two_level_kb(rules);
        let c1 = kb.fact("c1").unwrap();
        let screen = Question::Screen(kb.screen_of(kb.fact("a").unwrap()).unwrap());
        let mut interview = Interview::new(&kb, None).unwrap();
        assert_eq!(interview.next_question(), Some(screen));
        interview
            .answer(Question::Complaint, vec![(c1, Value::Present)])
            .unwrap();
        assert_eq!(interview.next_question(), Some(screen));
        assert_eq!(interview.options(screen).len(), 2);
    }

    /// Once it is an emergency, the one checklist that may follow lists the signs that would
    /// make it a more urgent one through their own rule, in the order their checklist lists
    /// them: not a sign whose rule needs it answered no, though answering its rule's signs yes
    /// calls an ambulance through another.
    #[test]
    fn the_escalation_checklist_lists_only_signs_whose_own_rule_escalates() {
        let kb = ambulance_hospital_kb(
            "
findings:
  - {id: h, question: H?, red_flag: true}
  - {id: s1, question: S1?, red_flag: true}
  - {id: s2, question: S2?, red_flag: true}
  - {id: s3, question: S3?, red_flag: true}
screens:
  - {id: s, question: Any of these?, findings: [s2, s3, s1]}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_h, when: h, then: [{urgency: hospital, reason: r}]}
  - {id: rf_s1, when: s1, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_s2, when: s2, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_s1_not_s3, when: {all: [s1, {not: s3}]}, then: [{urgency: ambulance, reason: r}]}
",
        );
        let fact = |id| kb.fact(id).unwrap();
        let mut interview = Interview::new(&kb, None).unwrap();
        interview
            .answer(
                Question::Finding(fact("h")),
                vec![(fact("h"), Value::Present)],
            )
            .unwrap();
        assert_eq!(interview.next_question(), Some(Question::Escalation));
        // In the order their checklist lists them.
        assert_eq!(
            interview.options(Question::Escalation),
            vec![fact("s2"), fact("s1")]
        );
    }

    /// While no cause is listed and no complaint is known, a question that only opens the way
    /// to one (no single answer to it lists a cause) is still asked; once a complaint is known,
    /// it is not.
    #[test]
    fn a_question_that_opens_the_way_to_a_cause_is_asked_until_a_complaint_is_known() {
        let kb = crate::kb::test_kb(
            &[("emergency", true), ("routine", false)],
            Some(4.0),
            "
findings:
  - {id: c, question: C?, complaint: true}
  - {id: w1, question: W1?}
  - {id: w2, question: W2?}
causes:
  - {id: one, name: One}
rules:
  - {id: e1, when: w1, then: [{supports: one, weight: 3}]}
  - {id: e2, when: w2, then: [{supports: one, weight: 3}]}
",
        );
        let w1 = kb.fact("w1").unwrap();
        let interview = Interview::new(&kb, None).unwrap();
        assert_eq!(interview.next_question(), Some(Question::Finding(w1)));
        let interview = after(&kb, &[("c", Value::Present)]);
        assert_eq!(interview.next_question(), None);
    }

    /// A choice that opens a warning sign carries the sign's own stake, one answer from an
    /// ambulance, whatever less pressing stakes it also carries (here a question of its own
    /// further from its rule): it is asked first, before a sign as pressing that feeds more.
    #[test]
    fn a_choice_keeps_the_most_pressing_of_its_stakes() {
        let rules = "
findings:
  - {id: sex, question: Sex?, kind: choice, options: [female, male]}
  - {id: x, question: X?, red_flag: true, ask_if: {sex: female}}
  - {id: y, question: Y?, ask_if: {sex: female}}
  - {id: z, question: Z?}
  - {id: w, question: W?, red_flag: true}
  - {id: q, question: Q?}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_x, when: x, then: [{urgency: emergency, reason: r}]}
  - {id: rf_yz, when: {all: [y, z]}, then: [{urgency: emergency, reason: r}]}
  - {id: rf_w, when: w, then: [{urgency: emergency, reason: r}]}
  - {id: rf_wq, when: {all: [w, q]}, then: [{urgency: emergency, reason: r}]}
";
        let kb = crate::kb::two_level_kb(rules);
        let sex = kb.fact("sex").unwrap();
        let interview = Interview::new(&kb, None).unwrap();
        let stake = &interview.candidate_stakes()[&sex];
        assert_eq!(stake.needed, 1);
        // Both rules it feeds, for tools that show them (`question_flow --show-rules`).
        let rule = |id| kb.rules.iter().position(|r| r.id == id).unwrap();
        assert_eq!(stake.urgency_rules, vec![rule("rf_x"), rule("rf_yz")]);
        assert_eq!(interview.next_question(), Some(Question::Finding(sex)));
    }

    /// Once it is an emergency, a number is asked only if one answer to it would make it a
    /// more urgent one: an age that would call an ambulance only beside a sign not answered is
    /// not asked, and the interview ends at the emergency it reached.
    #[test]
    fn after_an_emergency_a_number_is_asked_only_if_one_answer_escalates() {
        let kb = ambulance_hospital_kb(
            "
findings:
  - {id: age, question: Age?, kind: number, unit: years, min: 0, max: 120}
  - {id: h, question: H?, red_flag: true}
  - {id: k, question: K?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_h, when: h, then: [{urgency: hospital, reason: r}]}
  - {id: rf_k_age, when: {all: [k, {age: {at_least: 50}}]}, then: [{urgency: ambulance, reason: r}]}
",
        );
        let interview = after(&kb, &[("h", Value::Present)]);
        assert_eq!(interview.next_question(), None);
    }

    /// A question that `ask_if` opens (here once `t` is answered yes) is no second look: it
    /// does not yield to a question as pressing, and comes first in the knowledge base's order.
    /// After an emergency, one sign that would call an ambulance is asked on its own, not as a
    /// checklist of one.
    #[test]
    fn a_question_ask_if_opens_is_no_fallback_and_one_escalation_sign_is_asked_alone() {
        let kb = ambulance_hospital_kb(
            "
findings:
  - {id: t, question: T?}
  - {id: f1, question: F1?, red_flag: true, ask_if: t}
  - {id: f2, question: F2?, red_flag: true}
  - {id: h, question: H?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_f1, when: f1, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_f2, when: f2, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_h, when: h, then: [{urgency: hospital, reason: r}]}
",
        );
        let fact = |id| kb.fact(id).unwrap();
        let interview = after(&kb, &[("t", Value::Present), ("h", Value::Present)]);
        // At the emergency department: f1 and f2 would each call an ambulance.
        assert_eq!(interview.next_question(), Some(Question::Escalation));
        assert_eq!(
            interview.options(Question::Escalation),
            vec![fact("f1"), fact("f2")]
        );
        assert!(!interview.candidate_stakes()[&fact("f1")].fallback);
        let interview = after(&kb, &[("t", Value::Present)]);
        assert_eq!(
            interview.next_question(),
            Some(Question::Finding(fact("f1")))
        );
        let answers = [
            ("t", Value::Present),
            ("f1", Value::Absent),
            ("h", Value::Present),
        ];
        assert_eq!(
            after(&kb, &answers).next_question(),
            Some(Question::Finding(fact("f2")))
        );
    }

    /// Only a second look (a combined question asked because its parts were "not sure") has
    /// its parts listed beside the escalation checklist's signs: a combined question that
    /// `ask_if` opens otherwise (here once `t` is answered yes) is asked in its turn, so its
    /// part that does not escalate alone (`b`, which needs an age) stays off the checklist.
    #[test]
    fn only_a_second_looks_parts_are_listed_beside_the_escalation_signs() {
        let kb = ambulance_hospital_kb(
            "
findings:
  - {id: t, question: T?}
  - {id: a, question: A?, red_flag: true}
  - {id: b, question: B?, red_flag: true}
  - {id: age, kind: number, question: Age?, min: 0, max: 120}
  - {id: w, question: A or B?, red_flag: true, replaced_by: [a, b], ask_if: t}
  - {id: h, question: H?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_b_age, when: {all: [b, {age: {at_least: 50}}]}, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_w, when: w, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_h, when: h, then: [{urgency: hospital, reason: r}]}
",
        );
        // `a` alone would call an ambulance: asked on its own, not as a checklist with `b`.
        let interview = after(&kb, &[("h", Value::Present)]);
        assert_eq!(interview.next_question(), finding(&kb, "a"));
    }

    /// A question that only opens a warning sign (`ask_if`) is a quarter as pressing as the
    /// sign: one answer further from its rule. A sign that calls an ambulance on its own goes
    /// before it.
    #[test]
    fn a_question_that_opens_a_sign_is_a_quarter_as_pressing_as_the_sign() {
        let kb = ambulance_hospital_kb(
            "
findings:
  - {id: t, question: T?}
  - {id: f1, question: F1?, red_flag: true, ask_if: t}
  - {id: f2, question: F2?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_f1, when: f1, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_f2, when: f2, then: [{urgency: ambulance, reason: r}]}
",
        );
        let interview = Interview::new(&kb, None).unwrap();
        let t = kb.fact("t").unwrap();
        let stake = &interview.candidate_stakes()[&t];
        assert_eq!((stake.danger, stake.total_danger), (16.0, 16.0));
        assert_eq!(interview.next_question(), finding(&kb, "f2"));
    }

    /// A question asked because it opens a warning sign that would make it urgent is no
    /// follow-up, though no rule reads it: however many of them were answered, the questions
    /// that tell the causes apart are still asked.
    #[test]
    fn questions_that_open_a_sign_that_could_make_it_urgent_are_not_follow_ups() {
        let mut findings = String::new();
        let mut rules = String::new();
        for i in 1..=FOLLOW_UPS {
            findings.push_str(&format!(
                "  - {{id: t{i}, question: T{i}?}}\n  - {{id: f{i}, question: F{i}?, red_flag: true, ask_if: t{i}}}\n"
            ));
            rules.push_str(&format!(
                "  - {{id: r{i}, when: f{i}, then: [{{urgency: urgent, reason: r}}]}}\n"
            ));
        }
        let kb = beside_two_causes(&findings, &rules, false);
        let asked = asked_answering_no(&kb);
        let openers: Vec<String> = (1..=FOLLOW_UPS).map(|i| format!("t{i}")).collect();
        assert_eq!(asked[..FOLLOW_UPS], openers[..], "{asked:?}");
        assert_eq!(asked[FOLLOW_UPS..], ["w1", "w2"], "{asked:?}");
    }

    /// Questions that could raise the urgency only to a level below "urgent" are follow-ups:
    /// once `FOLLOW_UPS` of them were asked, no question that only tells the causes apart is.
    #[test]
    fn questions_that_could_raise_it_below_urgent_are_follow_ups() {
        let mut findings = String::new();
        let mut rules = String::new();
        for i in 1..=FOLLOW_UPS {
            findings.push_str(&format!("  - {{id: s{i}, question: S{i}?}}\n"));
            rules.push_str(&format!(
                "  - {{id: r{i}, when: s{i}, then: [{{urgency: soon, reason: r}}]}}\n"
            ));
        }
        let kb = beside_two_causes(&findings, &rules, true);
        let asked = asked_answering_no(&kb);
        let soon: Vec<String> = (1..=FOLLOW_UPS).map(|i| format!("s{i}")).collect();
        assert_eq!(asked, soon);
    }

    /// A second look's parts are listed beside the escalation signs only if every part still
    /// unasked can be: one that cannot apply (`c`, asked only of women, after "male") is never
    /// answered "not sure", so the second look can never come, and its other parts (`b`, which
    /// needs an age) stay off the checklist.
    #[test]
    fn a_second_look_that_can_never_come_lists_none_of_its_parts() {
        let kb = ambulance_hospital_kb(
            "
findings:
  - {id: sex, kind: choice, question: Sex?, options: [female, male]}
  - {id: age, kind: number, question: Age?, min: 0, max: 120}
  - {id: a, question: A?, red_flag: true}
  - {id: b, question: B?, red_flag: true}
  - {id: c, question: C?, red_flag: true, ask_if: {sex: female}}
  - id: w
    question: A, B or C?
    red_flag: true
    replaced_by: [a, b, c]
    ask_if: {all: [{a: not_sure}, {b: not_sure}, {c: not_sure}]}
  - {id: h, question: H?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_b_age, when: {all: [b, {age: {at_least: 50}}]}, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_w, when: w, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_h, when: h, then: [{urgency: hospital, reason: r}]}
",
        );
        let interview = after(&kb, &[("sex", Value::Choice(1)), ("h", Value::Present)]);
        assert_eq!(interview.next_question(), finding(&kb, "a"));
    }

    /// Of stakes as pressing, a merge keeps the most confirmed (a checklist, or a question that
    /// feeds several rules, is as far along as its furthest rule); a more pressing stake brings
    /// its own. Of stakes at one level, the nearest its rule; evidence weights add up.
    #[test]
    fn merged_stakes_keep_the_nearest_rule_and_the_most_confirmed_and_add_weights() {
        let stake = |danger, confirmed| Stake {
            danger,
            confirmed,
            ..Stake::default()
        };
        let mut into = stake(16.0, 1);
        merge_into(&mut into, &stake(16.0, 2));
        assert_eq!((into.danger, into.confirmed), (16.0, 2));
        merge_into(&mut into, &stake(16.0, 1));
        assert_eq!((into.danger, into.confirmed), (16.0, 2));
        merge_into(&mut into, &stake(4.0, 3));
        assert_eq!((into.danger, into.confirmed), (16.0, 2));
        merge_into(&mut into, &stake(64.0, 0));
        assert_eq!((into.danger, into.confirmed), (64.0, 0));
        // Of stakes at the same level, the one fewest answers from its rule; a more urgent
        // level wins however far.
        let at = |level, needed| Stake {
            level: Some(level),
            needed,
            ..Stake::default()
        };
        let mut into = at(1, 3);
        merge_into(&mut into, &at(1, 2));
        assert_eq!((into.level, into.needed), (Some(1), 2));
        merge_into(&mut into, &at(1, 3));
        assert_eq!((into.level, into.needed), (Some(1), 2));
        merge_into(&mut into, &at(0, 4));
        assert_eq!((into.level, into.needed), (Some(0), 4));
        // Evidence weights add up.
        let weighing = |weight| Stake {
            weight,
            ..Stake::default()
        };
        let mut into = weighing(2.0);
        merge_into(&mut into, &weighing(3.0));
        assert_eq!(into.weight, 5.0);
    }

    /// Once a complaint is known and a cause listed, a question whose answer could change the
    /// causes listed (here bring in a second) is asked.
    #[test]
    fn a_question_that_could_change_the_causes_listed_is_asked() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: c, question: C?, complaint: true}
  - {id: w, question: W?}
causes:
  - {id: one, name: One}
  - {id: two, name: Two}
rules:
  - {id: e1, when: c, then: [{supports: one, weight: 3}]}
  - {id: e2, when: w, then: [{supports: two, weight: 3}]}
",
        );
        let interview = after(&kb, &[("c", Value::Present)]);
        assert_eq!(interview.next_question(), finding(&kb, "w"));
    }

    /// An answer of "not sure" is final once given: a question asked only when another has a
    /// definite answer (`{not: {f: unknown}}`) cannot apply after "not sure" to it, and is not
    /// asked, as it would be while that answer was still to come.
    #[test]
    fn a_question_that_needs_a_definite_answer_is_not_asked_after_not_sure() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: f, question: F?}
  - {id: g, question: G?, red_flag: true, ask_if: {not: {f: unknown}}}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_g, when: g, then: [{urgency: emergency, reason: r}]}
",
        );
        let g = kb.fact("g").unwrap();
        assert!(
            Interview::new(&kb, None)
                .unwrap()
                .candidate_stakes()
                .contains_key(&kb.fact("f").unwrap())
        );
        let interview = after(&kb, &[("f", Value::Unsure)]);
        assert!(!interview.candidate_stakes().contains_key(&g));
        assert_eq!(interview.next_question(), None);
        let interview = after(&kb, &[("f", Value::Absent)]);
        assert_eq!(interview.next_question(), Some(Question::Finding(g)));
    }

    /// A second look none of whose parts escalates alone lists none of them while one of its
    /// parts cannot apply: nothing is asked after the emergency.
    #[test]
    fn a_second_look_with_a_part_that_cannot_apply_and_none_listed_lists_nothing() {
        let kb = ambulance_hospital_kb(
            "
findings:
  - {id: sex, kind: choice, question: Sex?, options: [female, male]}
  - {id: age, kind: number, question: Age?, min: 0, max: 120}
  - {id: b, question: B?, red_flag: true}
  - {id: c, question: C?, red_flag: true, ask_if: {sex: female}}
  - id: w
    question: B or C?
    red_flag: true
    replaced_by: [b, c]
    ask_if: {all: [{b: not_sure}, {c: not_sure}]}
  - {id: h, question: H?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_b_age, when: {all: [b, {age: {at_least: 50}}]}, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_w, when: w, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_h, when: h, then: [{urgency: hospital, reason: r}]}
",
        );
        let interview = after(&kb, &[("sex", Value::Choice(1)), ("h", Value::Present)]);
        assert_eq!(interview.next_question(), None);
    }

    /// The opening question lists the complaints; with one complaint there is no list to
    /// choose from, and the complaint is asked as a question of its own.
    #[test]
    fn one_complaint_is_asked_on_its_own_not_as_a_list() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: c, question: C?, complaint: true}
causes:
  - {id: one, name: One}
rules:
  - {id: e1, when: c, then: [{supports: one, weight: 3}]}
",
        );
        let interview = Interview::new(&kb, None).unwrap();
        assert_eq!(interview.next_question(), finding(&kb, "c"));
    }

    /// A checklist with one item left to ask is no checklist: that item is asked on its own.
    #[test]
    fn a_checklist_with_one_item_left_asks_it_on_its_own() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: a, question: A?, red_flag: true}
  - {id: b, question: B?, red_flag: true}
screens:
  - {id: s, question: Any of these?, findings: [a, b]}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: emergency, reason: r}]}
  - {id: rf_b, when: b, then: [{urgency: emergency, reason: r}]}
",
        );
        let screen = Question::Screen(0);
        assert_eq!(
            Interview::new(&kb, None).unwrap().next_question(),
            Some(screen)
        );
        let interview = after(&kb, &[("b", Value::Absent)]);
        assert_eq!(interview.next_question(), finding(&kb, "a"));
    }

    /// What another checklist than the one chosen offers is its own items, not the chosen
    /// one's.
    #[test]
    fn another_checklist_than_the_one_chosen_offers_its_own_items() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: a, question: A?, red_flag: true}
  - {id: b, question: B?, red_flag: true}
  - {id: c, question: C?, red_flag: true}
  - {id: d, question: D?, red_flag: true}
screens:
  - {id: s0, question: Any of these?, findings: [a, b]}
  - {id: s1, question: Or these?, findings: [c, d]}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: emergency, reason: r}]}
  - {id: rf_b, when: b, then: [{urgency: emergency, reason: r}]}
  - {id: rf_c, when: c, then: [{urgency: emergency, reason: r}]}
  - {id: rf_d, when: d, then: [{urgency: emergency, reason: r}]}
",
        );
        let fact = |id| kb.fact(id).unwrap();
        let interview = Interview::new(&kb, None).unwrap();
        assert_eq!(interview.next_question(), Some(Question::Screen(0)));
        assert_eq!(
            interview.options(Question::Screen(0)),
            [fact("a"), fact("b")]
        );
        assert_eq!(
            interview.options(Question::Screen(1)),
            [fact("c"), fact("d")]
        );
    }

    /// A second look's parts are listed beside the escalation signs only for what its own rule
    /// would do once the checklist is answered: here it also needs `k`, which the checklist
    /// does not ask, so its part `b` stays off the checklist though `e`, listed beside it,
    /// would call an ambulance.
    #[test]
    fn a_second_look_whose_own_rule_would_not_fire_lists_none_of_its_parts() {
        let kb = ambulance_hospital_kb(
            "
findings:
  - {id: age, kind: number, question: Age?, min: 0, max: 120}
  - {id: a, question: A?, red_flag: true}
  - {id: b, question: B?, red_flag: true}
  - id: w
    question: A or B?
    red_flag: true
    replaced_by: [a, b]
    ask_if: {all: [{a: not_sure}, {b: not_sure}]}
  - {id: e, question: E?, red_flag: true}
  - {id: k, question: K?}
  - {id: h, question: H?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_b_age, when: {all: [b, {age: {at_least: 50}}]}, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_w, when: {all: [w, k]}, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_e, when: e, then: [{urgency: ambulance, reason: r}]}
  - {id: rf_h, when: h, then: [{urgency: hospital, reason: r}]}
",
        );
        let fact = |id| kb.fact(id).unwrap();
        let interview = after(&kb, &[("h", Value::Present)]);
        assert_eq!(interview.next_question(), Some(Question::Escalation));
        assert_eq!(
            interview.options(Question::Escalation),
            [fact("a"), fact("e")]
        );
    }

    /// An opening question that recorded no complaint (none picked, nothing unsure) leaves
    /// each complaint to be asked on its own: none reads as left out.
    #[test]
    fn an_opening_question_that_recorded_nothing_leaves_each_complaint_to_ask() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: c1, question: C1?, complaint: true}
  - {id: c2, question: C2?, complaint: true}
  - {id: q, question: Q?, ask_if: c1}
causes:
  - {id: one, name: One}
rules:
  - {id: e1, when: q, then: [{supports: one, weight: 3}]}
",
        );
        let mut interview = Interview::new(&kb, None).unwrap();
        assert_eq!(interview.next_question(), Some(Question::Complaint));
        interview.answer(Question::Complaint, Vec::new()).unwrap();
        assert_eq!(interview.next_question(), finding(&kb, "c1"));
    }

    /// After an emergency, with no sign to list, a number one answer to which would make it a
    /// more urgent one (an age that calls an ambulance) is asked.
    #[test]
    fn after_an_emergency_a_number_one_answer_to_which_escalates_is_asked() {
        let kb = ambulance_hospital_kb(
            "
findings:
  - {id: age, question: Age?, kind: number, unit: years, min: 0, max: 120}
  - {id: h, question: H?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_h, when: h, then: [{urgency: hospital, reason: r}]}
  - {id: rf_h_age, when: {all: [h, {age: {at_least: 60}}]}, then: [{urgency: ambulance, reason: r}]}
",
        );
        let interview = after(&kb, &[("h", Value::Present)]);
        assert_eq!(interview.next_question(), finding(&kb, "age"));
    }

    /// The question limit ended the interview only if it was reached with questions worth
    /// asking still left: not before it is reached, and not once nothing is left to ask.
    #[test]
    fn the_limit_stopped_the_interview_only_when_reached_with_questions_left() {
        let kb = crate::kb::two_level_kb(
            "
findings:
  - {id: a, question: A?, red_flag: true}
  - {id: b, question: B?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: a, then: [{urgency: emergency, reason: r}]}
  - {id: rf_b, when: b, then: [{urgency: emergency, reason: r}]}
",
        );
        let no = |interview: &mut Interview| {
            let Some(Question::Finding(fact)) = interview.next_question() else {
                panic!("no question");
            };
            interview
                .answer(Question::Finding(fact), vec![(fact, Value::Absent)])
                .unwrap();
        };
        let mut interview = Interview::new(&kb, Some(1)).unwrap();
        assert!(!interview.stopped_by_limit());
        no(&mut interview);
        assert_eq!(interview.next_question(), None);
        assert!(interview.stopped_by_limit());
        let mut interview = Interview::new(&kb, Some(2)).unwrap();
        no(&mut interview);
        no(&mut interview);
        assert!(!interview.stopped_by_limit());
    }

    /// A choice carries a warning sign's stake whole only where one of its answers opens the
    /// sign on its own: a sign asked only of women who also said yes to `d` leaves the sex one
    /// answer further from the sign's rule, behind a sign as pressing that needs no other.
    #[test]
    fn a_choice_that_cannot_open_a_sign_alone_is_one_answer_further() {
        let rules = "
findings:
  - {id: sex, question: Sex?, kind: choice, options: [female, male]}
  - {id: d, question: D?}
  - {id: x, question: X?, red_flag: true, ask_if: {all: [{sex: female}, d]}}
  - {id: w, question: W?, red_flag: true}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_x, when: x, then: [{urgency: emergency, reason: r}]}
  - {id: rf_w, when: w, then: [{urgency: emergency, reason: r}]}
";
        let kb = crate::kb::two_level_kb(rules);
        let interview = Interview::new(&kb, None).unwrap();
        let w = kb.fact("w").unwrap();
        let stakes = interview.candidate_stakes();
        let stake = &stakes[&kb.fact("sex").unwrap()];
        // One answer further: one finding more needed, a quarter as pressing.
        assert_eq!(stake.needed, 2);
        assert_eq!(stake.danger, stakes[&w].danger / 4.0);
        assert_eq!(interview.next_question(), Some(Question::Finding(w)));
    }

    /// A knowledge base of the findings and rules given (YAML list items) beside two findings
    /// that tell two causes apart (`w1`, `w2`), with the levels emergency, urgent, `soon` (if
    /// asked for: below urgent) and routine.
    fn beside_two_causes(findings: &str, rules: &str, soon: bool) -> KnowledgeBase {
        let body = format!(
            "
findings:
{findings}  - {{id: w1, question: W1?}}
  - {{id: w2, question: W2?}}
causes:
  - {{id: one, name: One}}
  - {{id: two, name: Two}}
rules:
{rules}  - {{id: e1, when: w1, then: [{{supports: one, weight: 3}}]}}
  - {{id: e2, when: w2, then: [{{supports: two, weight: 3}}]}}
"
        );
        let mut levels = vec![("emergency", true), ("urgent", false)];
        if soon {
            levels.push(("soon", false));
        }
        levels.push(("routine", false));
        crate::kb::test_kb(&levels, None, &body)
    }

    /// The ids of what an interview asks a patient who answers no to every question (each a
    /// finding).
    fn asked_answering_no(kb: &KnowledgeBase) -> Vec<String> {
        let mut interview = Interview::new(kb, None).unwrap();
        let mut asked = Vec::new();
        while let Some(question) = interview.next_question() {
            let Question::Finding(fact) = question else {
                panic!("{question:?}");
            };
            asked.push(kb.facts[fact].id.clone());
            interview
                .answer(question, vec![(fact, Value::Absent)])
                .unwrap();
        }
        asked
    }

    /// A knowledge base of two emergency levels, call an ambulance and go to hospital, above
    /// routine, with `body`.
    fn ambulance_hospital_kb(body: &str) -> KnowledgeBase {
        let levels = [("ambulance", true), ("hospital", true), ("routine", false)];
        crate::kb::test_kb(&levels, None, body)
    }

    /// The question that asks the finding `id` on its own.
    fn finding(kb: &KnowledgeBase, id: &str) -> Option<Question> {
        Some(Question::Finding(kb.fact(id).unwrap()))
    }

    /// An interview of `kb` in which each finding of `answers` was asked on its own and
    /// answered so.
    fn after<'kb>(kb: &'kb KnowledgeBase, answers: &[(&str, Value)]) -> Interview<'kb> {
        let mut interview = Interview::new(kb, None).unwrap();
        for &(id, value) in answers {
            let fact = kb.fact(id).unwrap();
            interview
                .answer(Question::Finding(fact), vec![(fact, value)])
                .unwrap();
        }
        interview
    }

    /// A checklist of three warning signs, one of which (`a`) is asked only of women or of
    /// those who answered yes to `d`, and whose rule needs `e` too.
    const SIGN_FOR_WOMEN_OR_D: &str = "
findings:
  - {id: sex, question: Sex?, kind: choice, options: [female, male]}
  - {id: d, question: D?}
  - {id: e, question: E?}
  - {id: a, question: A?, red_flag: true, ask_if: {any: [{sex: female}, d]}}
  - {id: b, question: B?, red_flag: true}
  - {id: c, question: C?, red_flag: true}
screens:
  - {id: s, question: Any of these?, findings: [a, b, c]}
causes:
  - {id: one, name: One}
rules:
  - {id: rf_a, when: {all: [a, e]}, then: [{urgency: emergency, reason: r}]}
  - {id: rf_b, when: b, then: [{urgency: emergency, reason: r}]}
  - {id: rf_c, when: c, then: [{urgency: emergency, reason: r}]}
";

    /// A checklist whose warning sign may not apply waits for the choice that decides it (here
    /// the sex), though the choice is less pressing than the checklist's other signs: asked
    /// first, the checklist lists the sign only where it applies, rather than leave it out
    /// while the choice is unknown.
    #[test]
    fn a_checklist_waits_for_the_choice_that_decides_whether_it_lists_a_sign() {
        let kb = crate::kb::two_level_kb(SIGN_FOR_WOMEN_OR_D);
        let sex = kb.fact("sex").unwrap();
        let screen = Question::Screen(kb.screen_of(kb.fact("a").unwrap()).unwrap());
        for (option, listed) in [(0, 3), (1, 2)] {
            let mut interview = Interview::new(&kb, None).unwrap();
            assert_eq!(interview.next_question(), Some(Question::Finding(sex)));
            interview
                .answer(Question::Finding(sex), vec![(sex, Value::Choice(option))])
                .unwrap();
            assert_eq!(interview.next_question(), Some(screen));
            assert_eq!(interview.options(screen).len(), listed, "option {option}");
        }
    }

    /// A sign already answered (here "not sure", as a saved file may hold) is not listed
    /// again, so the choice that would decide whether it is listed does not go before its
    /// checklist, though a rule gives that choice a stake of its own.
    #[test]
    fn a_sign_already_answered_does_not_hold_its_checklist_for_a_choice() {
        // A rule of its own for the sex, one answer further than the sign's.
        let rule = "  - {id: rf_e, when: {all: [e, {sex: female}]}, then: [{urgency: emergency, reason: r}]}\n";
        let kb = crate::kb::two_level_kb(&format!("{SIGN_FOR_WOMEN_OR_D}{rule}"));
        let a = kb.fact("a").unwrap();
        let screen = Question::Screen(kb.screen_of(a).unwrap());
        let interview = after(&kb, &[("a", Value::Unsure)]);
        assert_eq!(interview.next_question(), Some(screen));
    }
}
