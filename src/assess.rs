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

#[derive(Debug, Clone, PartialEq)]
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
        }
    }

    /// Whether assessments start from the engine run with nothing known (else from scratch).
    pub fn starts_from_baseline(&self) -> bool {
        self.baseline.is_some()
    }

    pub fn assess(&mut self, answers: &Answers) -> Result<Outcome, Error> {
        let (Some(baseline), Some(engine)) = (&self.baseline, &mut self.scratch) else {
            return assess(self.kb, answers);
        };
        for (&fact, &value) in &answers.values {
            engine.set(fact, value);
        }
        let ran = engine.run();
        let trace = engine.restore(baseline);
        ran.map_err(|cap| firing_cap_error(self.kb, cap))?;
        Ok(Outcome::from_trace_owned(self.kb, trace))
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
        let mut reasons = Vec::new();
        let mut advice = Vec::new();
        let mut evidence: Vec<RankedCause> = Vec::new();
        for firing in &trace {
            for action in &kb.rules[firing.rule].then {
                match action {
                    Action::Urgency { level, reason } => reasons.push(Reason {
                        rule: firing.rule,
                        level: *level,
                        text: reason.clone(),
                    }),
                    Action::Advice(text) => advice.push(Advice {
                        rule: firing.rule,
                        text: text.clone(),
                    }),
                    Action::Evidence { cause, weight } => {
                        let item = Evidence {
                            rule: firing.rule,
                            weight: *weight,
                            facts: firing.facts.clone(),
                        };
                        let entry = match evidence.iter_mut().position(|c| c.cause == *cause) {
                            Some(i) => &mut evidence[i],
                            None => {
                                evidence.push(RankedCause {
                                    cause: *cause,
                                    score: 0.0,
                                    support: Vec::new(),
                                    against: Vec::new(),
                                });
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
        let (causes, below_threshold) = evidence
            .into_iter()
            .filter(|c| !c.support.is_empty())
            .partition(|c| c.score >= kb.metadata.min_cause_score);
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
