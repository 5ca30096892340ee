//! The outcome of an assessment: the urgency with its reasons, the ranked causes with the
//! evidence for and against each, and the advice, all traced to the rules that fired.

use crate::answers::Answers;
use crate::engine::condition::{FactId, Value};
use crate::engine::{Engine, Firing, FiringCapReached};
use crate::error::Error;
use crate::kb::{Action, CauseId, KnowledgeBase, LevelId, RuleId};

/// Why the urgency is what it is: a fired rule that set a level.
#[derive(Debug, Clone, PartialEq)]
pub struct Reason {
    pub rule: RuleId,
    pub level: LevelId,
    pub text: String,
}

/// One fired rule's evidence about a cause.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    pub rule: RuleId,
    /// Positive for, negative against.
    pub weight: f64,
    pub facts: Vec<(FactId, Value)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RankedCause {
    pub cause: CauseId,
    pub score: f64,
    pub support: Vec<Evidence>,
    pub against: Vec<Evidence>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Advice {
    pub rule: RuleId,
    pub text: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    pub level: LevelId,
    /// Every urgency a fired rule set, most urgent first, then in firing order.
    pub reasons: Vec<Reason>,
    /// Causes with evidence for them and a score of at least the knowledge base's minimum,
    /// most likely first.
    pub causes: Vec<RankedCause>,
    /// Causes that had some evidence but too little to be listed.
    pub below_threshold: Vec<RankedCause>,
    pub advice: Vec<Advice>,
    pub trace: Vec<Firing>,
}

/// Runs the engine on a set of answers.
pub fn assess(kb: &KnowledgeBase, answers: &Answers) -> Result<Outcome, Error> {
    let mut engine = Engine::new(kb);
    for (&fact, &value) in &answers.values {
        engine.set(fact, value);
    }
    engine.run().map_err(|cap| firing_cap_error(kb, cap))?;
    Ok(Outcome::from_trace_owned(kb, engine.into_trace()))
}

/// Assesses many sets of answers on one knowledge base. Each assessment starts from a copy of
/// the engine already run with nothing known, so that it costs in proportion to the rules its
/// answers touch rather than to the size of the knowledge base.
///
/// Starting from that state gives the very outcome (trace order included) that [`assess`]
/// gives, provided no rule fires with nothing known: then every firing comes from the answers,
/// in the same stratum-by-stratum priority order. A knowledge base with such a rule is
/// assessed from scratch.
#[derive(Debug, Clone)]
pub struct Assessor<'kb> {
    kb: &'kb KnowledgeBase,
    baseline: Option<Engine<'kb>>,
    /// The engine each assessment runs in, restored to the baseline after each.
    scratch: Option<Engine<'kb>>,
    /// What the last outcome of `assess_then` had allocated, for the next.
    spare: Spare,
}

/// The allocations of outcomes no longer needed, to build the next ones in: in a batch,
/// allocating and freeing each outcome's texts and lists cost as much as assessing it.
#[derive(Debug, Clone, Default)]
struct Spare {
    reasons: Vec<Reason>,
    advice: Vec<Advice>,
    evidence: Vec<RankedCause>,
    causes: Vec<RankedCause>,
    below_threshold: Vec<RankedCause>,
    /// Emptied ones, with their lists still allocated.
    ranked: Vec<RankedCause>,
    texts: Vec<String>,
    facts: Vec<Vec<(FactId, Value)>>,
}

impl Spare {
    /// Keeps what `outcome` allocated (but its trace).
    fn keep(&mut self, outcome: Outcome) {
        let Outcome {
            mut reasons,
            mut advice,
            mut causes,
            mut below_threshold,
            ..
        } = outcome;
        self.texts.extend(reasons.drain(..).map(|r| r.text));
        self.texts.extend(advice.drain(..).map(|a| a.text));
        for ranked in causes.drain(..).chain(below_threshold.drain(..)) {
            self.keep_ranked(ranked);
        }
        (self.reasons, self.advice) = (reasons, advice);
        (self.causes, self.below_threshold) = (causes, below_threshold);
    }

    fn keep_ranked(&mut self, mut ranked: RankedCause) {
        let items = ranked.support.drain(..).chain(ranked.against.drain(..));
        self.facts.extend(items.map(|e| e.facts));
        self.ranked.push(ranked);
    }

    fn text(&mut self, text: &str) -> String {
        let mut own = self.texts.pop().unwrap_or_default();
        own.clear();
        own.push_str(text);
        own
    }

    fn facts(&mut self, facts: &[(FactId, Value)]) -> Vec<(FactId, Value)> {
        let mut own = self.facts.pop().unwrap_or_default();
        own.clear();
        own.extend_from_slice(facts);
        own
    }

    fn ranked(&mut self, cause: CauseId) -> RankedCause {
        match self.ranked.pop() {
            Some(mut ranked) => {
                (ranked.cause, ranked.score) = (cause, 0.0);
                ranked
            }
            None => RankedCause {
                cause,
                score: 0.0,
                support: Vec::new(),
                against: Vec::new(),
            },
        }
    }
}

impl<'kb> Assessor<'kb> {
    pub fn new(kb: &'kb KnowledgeBase) -> Self {
        let mut engine = Engine::new(kb).indexed();
        let baseline = match engine.run() {
            Ok(()) if engine.trace().is_empty() => Some(engine),
            _ => None,
        };
        Assessor {
            kb,
            scratch: baseline.clone(),
            baseline,
            spare: Spare::default(),
        }
    }

    /// Whether assessments start from the engine run with nothing known (else from scratch).
    pub fn starts_from_baseline(&self) -> bool {
        self.baseline.is_some()
    }

    pub fn assess(&mut self, answers: &Answers) -> Result<Outcome, Error> {
        self.assess_then(answers, Outcome::clone)
    }

    /// Assesses and hands the outcome to `then`; the next assessment reuses what the outcome
    /// allocated, which is what makes a batch quick.
    pub fn assess_then<R>(
        &mut self,
        answers: &Answers,
        then: impl FnOnce(&Outcome) -> R,
    ) -> Result<R, Error> {
        let (Some(baseline), Some(engine)) = (&self.baseline, &mut self.scratch) else {
            return assess(self.kb, answers).map(|outcome| then(&outcome));
        };
        for (&fact, &value) in &answers.values {
            engine.set(fact, value);
        }
        let ran = engine.run();
        let trace = engine.restore(baseline);
        ran.map_err(|cap| firing_cap_error(self.kb, cap))?;
        let mut outcome = Outcome::gather(self.kb, trace, &mut self.spare);
        let result = then(&outcome);
        engine.recycle(std::mem::take(&mut outcome.trace));
        self.spare.keep(outcome);
        Ok(result)
    }
}

pub fn firing_cap_error(kb: &KnowledgeBase, cap: FiringCapReached) -> Error {
    Error::FiringCap {
        cap: cap.cap,
        trace: cap
            .trace
            .iter()
            .map(|f| format!("{}: {}", kb.rules[f.rule].id, kb.rules[f.rule].description))
            .collect(),
    }
}

impl Outcome {
    /// Gathers the outcome from the rules that fired.
    pub fn from_trace(kb: &KnowledgeBase, trace: &[Firing]) -> Outcome {
        Outcome::from_trace_owned(kb, trace.to_vec())
    }

    /// The same, keeping the trace without copying it.
    pub fn from_trace_owned(kb: &KnowledgeBase, trace: Vec<Firing>) -> Outcome {
        Outcome::gather(kb, trace, &mut Spare::default())
    }

    /// Gathers the outcome in what `spare` kept of earlier ones.
    fn gather(kb: &KnowledgeBase, trace: Vec<Firing>, spare: &mut Spare) -> Outcome {
        let mut reasons = std::mem::take(&mut spare.reasons);
        let mut advice = std::mem::take(&mut spare.advice);
        let mut evidence = std::mem::take(&mut spare.evidence);
        for firing in &trace {
            for action in &kb.rules[firing.rule].then {
                match action {
                    Action::Urgency { level, reason } => reasons.push(Reason {
                        rule: firing.rule,
                        level: *level,
                        text: spare.text(reason),
                    }),
                    Action::Advice(text) => advice.push(Advice {
                        rule: firing.rule,
                        text: spare.text(text),
                    }),
                    Action::Evidence { cause, weight } => {
                        let item = Evidence {
                            rule: firing.rule,
                            weight: *weight,
                            facts: spare.facts(&firing.facts),
                        };
                        let entry = match evidence.iter_mut().position(|c| c.cause == *cause) {
                            Some(i) => &mut evidence[i],
                            None => {
                                evidence.push(spare.ranked(*cause));
                                evidence.last_mut().unwrap()
                            }
                        };
                        entry.score += weight;
                        if *weight > 0.0 {
                            entry.support.push(item);
                        } else {
                            entry.against.push(item);
                        }
                    }
                    Action::Derive(_) => {}
                }
            }
        }
        // A stable sort keeps firing order among reasons of the same level.
        reasons.sort_by_key(|r| r.level);
        let level = reasons
            .first()
            .map_or(kb.default_level, |r| r.level.min(kb.default_level));
        // Ties break by the order the causes are defined in, so the ranking is reproducible.
        evidence.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.cause.cmp(&b.cause)));
        let mut causes = std::mem::take(&mut spare.causes);
        let mut below_threshold = std::mem::take(&mut spare.below_threshold);
        for ranked in evidence.drain(..) {
            if ranked.support.is_empty() {
                spare.keep_ranked(ranked);
            } else if ranked.score >= kb.metadata.min_cause_score {
                causes.push(ranked);
            } else {
                below_threshold.push(ranked);
            }
        }
        spare.evidence = evidence;
        Outcome {
            level,
            reasons,
            causes,
            below_threshold,
            advice,
            trace,
        }
    }

    pub fn is_emergency(&self, kb: &KnowledgeBase) -> bool {
        kb.levels[self.level].emergency
    }

    pub fn rank_of(&self, cause: CauseId) -> Option<usize> {
        self.causes.iter().position(|c| c.cause == cause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_emergency_level_is_an_emergency() {
        let kb = crate::kb::load(&crate::kb::KbSource::Builtin).unwrap().kb;
        let cases: [(&[&str], bool); 3] = [
            (&[], false),
            (&["back_pain"], false),
            (&["back_pain", "saddle_numbness"], true),
        ];
        for (present, emergency) in cases {
            let mut answers = Answers::default();
            for id in present {
                answers.values.insert(kb.fact(id).unwrap(), Value::Present);
            }
            let outcome = assess(&kb, &answers).unwrap();
            assert_eq!(outcome.is_emergency(&kb), emergency, "{present:?}");
        }
    }
}
