//! `triage verify`: proves the knowledge base's safety invariants over every possible set of
//! answers, exactly, by encoding the engine's semantics as a satisfiability problem.
//!
//! Why SAT rather than testing: the answers span every finding present, absent or unknown,
//! every region of every number, every option of every choice; that is far too many to
//! enumerate, and sampling can miss the one combination where a red flag is lost. A SAT solver
//! searches the whole space, and either proves that no counterexample exists or finds one.
//!
//! Each counterexample is made as small as possible (fewest known answers, by a cardinality
//! bound) and is replayed through the real engine before it is printed, so the answers file
//! shown always reproduces the failure with `triage assess --answers`.
//!
//! Beside the declared invariants, a built-in check proves, for every red-flag finding, that
//! changing it from unknown to present never lowers the urgency, whatever the other answers.

mod cnf;
mod encode;
mod report;
mod texts;

pub use report::text;
pub use texts::{net_findings, text_in};

use crate::answers::Answers;
use crate::assess::{Outcome, firing_cap_error};
use crate::engine::Engine;
use crate::engine::condition::{Condition, FactId, Tri, Value};
use crate::error::Error;
use crate::kb::{Action, FactKind, KnowledgeBase, LevelId, RuleId};
use cnf::Circuit;
use encode::{Copy, Inputs, Plan, Rails};
use varisat::Lit;

/// What one check proved.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub check: Check,
    /// `None` when proven.
    pub counterexample: Option<Counterexample>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Check {
    /// A declared invariant (index into `kb.invariants`).
    Invariant(usize),
    /// The built-in check that answering this red-flag finding "present" never lowers the
    /// urgency.
    Monotone(FactId),
    /// A text invariant (index into `kb.text_invariants`): its texts are never shown in its
    /// situations.
    TextInvariant(usize),
    /// The built-in check that the safety net never says less for this finding than answering
    /// it yes would mean.
    SafetyNet(FactId),
}

/// A smallest set of answers that breaks a check, confirmed by the engine.
#[derive(Debug, Clone, PartialEq)]
pub struct Counterexample {
    pub answers: Answers,
    /// The urgency these answers give.
    pub level: LevelId,
    /// For an invariant with `lists_cause`: whether the cause was listed.
    pub listed: Option<bool>,
    /// For a monotonicity or safety-net check: the urgency once the finding is answered
    /// present.
    pub level_with_flag: Option<LevelId>,
    /// For a text invariant: the text these answers show.
    pub text: Option<crate::kb::TextId>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub verdicts: Vec<Verdict>,
}

impl Report {
    pub fn failures(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|v| v.counterexample.is_some())
            .count()
    }
}

/// Proves every invariant of the knowledge base and the monotonicity of every red flag.
pub fn verify(kb: &KnowledgeBase) -> Result<Report, Error> {
    let budget = Budget::new();
    let mut verdicts = Vec::new();
    for (index, counterexample) in invariants(kb, &budget)?.into_iter().enumerate() {
        verdicts.push(Verdict {
            check: Check::Invariant(index),
            counterexample,
        });
    }
    let red_flags = kb
        .findings()
        .filter(|(_, f)| f.red_flag && f.kind == FactKind::YesNo);
    for (fact, _) in red_flags {
        verdicts.push(Verdict {
            check: Check::Monotone(fact),
            counterexample: monotone(kb, fact, &budget)?,
        });
    }
    for (index, counterexample) in texts::text_invariants(kb, &budget)?.into_iter().enumerate() {
        verdicts.push(Verdict {
            check: Check::TextInvariant(index),
            counterexample,
        });
    }
    for fact in net_findings(kb) {
        verdicts.push(Verdict {
            check: Check::SafetyNet(fact),
            counterexample: texts::safety_net_sign(kb, fact, &budget)?,
        });
    }
    Ok(Report { verdicts })
}

fn urgency_rules(kb: &KnowledgeBase) -> Vec<RuleId> {
    (0..kb.rules.len())
        .filter(|&r| {
            kb.rules[r]
                .then
                .iter()
                .any(|a| matches!(a, Action::Urgency { .. }))
        })
        .collect()
}

fn evidence_rules(kb: &KnowledgeBase) -> Vec<RuleId> {
    (0..kb.rules.len())
        .filter(|&r| {
            kb.rules[r]
                .then
                .iter()
                .any(|a| matches!(a, Action::Evidence { .. }))
        })
        .collect()
}

fn internal(message: String) -> Error {
    Error::Input(format!(
        "internal error in `triage verify`: {message}; please report this"
    ))
}

/// The answers a model of the circuit stands for: every finding whose rails are set.
fn answers_of(circuit: &Circuit, rails: &[Option<Rails>], findings: &[FactId]) -> Answers {
    let mut answers = Answers::default();
    for &fact in findings {
        let value = match &rails[fact] {
            Some(Rails::Presence { yes, no }) => {
                if circuit.value(*yes) {
                    Value::Present
                } else if circuit.value(*no) {
                    Value::Absent
                } else {
                    Value::Unknown
                }
            }
            Some(Rails::Number(regions)) => regions
                .iter()
                .find(|(_, lit)| circuit.value(*lit))
                .map_or(Value::Unknown, |(region, _)| Value::Number(region.example)),
            Some(Rails::Choice(options)) => options
                .iter()
                .position(|lit| circuit.value(*lit))
                .map_or(Value::Unknown, Value::Choice),
            None => Value::Unknown,
        };
        if value.is_known() {
            answers.values.insert(fact, value);
        }
    }
    answers
}

/// Whether each fact is known, for the cardinality bound.
fn known_lits(circuit: &mut Circuit, rails: &[Option<Rails>], findings: &[FactId]) -> Vec<Lit> {
    findings
        .iter()
        .filter_map(|&f| rails[f].as_ref())
        .map(|r| circuit.or(&r.known_lits()))
        .collect()
}

/// Solves for `fail` with as few known answers as possible. `None` if `fail` can't hold.
fn smallest(
    circuit: &mut Circuit,
    fail: Lit,
    known: &[Lit],
    budget: &Budget,
    what: &str,
) -> Result<Option<()>, Error> {
    budget.check(circuit, what)?;
    if !circuit.solve(&[fail]) {
        return Ok(None);
    }
    let found = known.iter().filter(|&&k| circuit.value(k)).count();
    if found == 0 {
        return Ok(Some(()));
    }
    // At least one solution has `found` known answers: look for fewer, smallest first.
    let counts = circuit.counter(known, found);
    for bound in 0..found {
        budget.check(circuit, what)?;
        if circuit.solve(&[fail, !counts[bound + 1]]) {
            return Ok(Some(()));
        }
    }
    // Re-solve so the model is one with `found` answers again.
    Ok(circuit.solve(&[fail]).then_some(()))
}

/// How long `verify` may take, all told, before it says it could not decide: checked before
/// each call of the solver (a call itself can't be interrupted; `cnf::MAX_GATES` bounds its
/// size).
pub const MAX_SECONDS: u64 = 60;

/// What `verify` may spend: time until `deadline`, and `cnf::MAX_GATES` per circuit.
pub struct Budget {
    deadline: std::time::Instant,
}

impl Budget {
    pub fn new() -> Budget {
        Budget {
            deadline: std::time::Instant::now() + std::time::Duration::from_secs(MAX_SECONDS),
        }
    }

    /// Fails with "could not decide within ..." once the circuit or the time is over budget.
    fn check(&self, circuit: &Circuit, what: &str) -> Result<(), Error> {
        let over = if circuit.exceeded() {
            format!("{} gates in its encoding", cnf::MAX_GATES)
        } else if std::time::Instant::now() > self.deadline {
            format!("{MAX_SECONDS} seconds")
        } else {
            return Ok(());
        };
        Err(Error::Input(format!(
            "could not decide {what} within {over} (the limit of `triage verify`); no other \
             verdict is given: make the rules it reads simpler (fewer concepts on a cycle, \
             fewer distinct weights for one cause)"
        )))
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new()
    }
}

/// Runs the real engine on the answers: the outcome, and the final value of every fact.
fn run_engine<'kb>(
    kb: &'kb KnowledgeBase,
    answers: &Answers,
) -> Result<(Outcome, Engine<'kb>), Error> {
    let mut engine = Engine::new(kb);
    for (&fact, &value) in &answers.values {
        engine.set(fact, value);
    }
    engine.run().map_err(|cap| firing_cap_error(kb, cap))?;
    Ok((Outcome::from_trace(kb, engine.trace()), engine))
}

fn invariants(kb: &KnowledgeBase, budget: &Budget) -> Result<Vec<Option<Counterexample>>, Error> {
    if kb.invariants.is_empty() {
        return Ok(Vec::new());
    }
    let mut circuit = Circuit::new();
    let conditions: Vec<_> = kb.invariants.iter().map(|i| &i.when).collect();
    let mut roots = urgency_rules(kb);
    if kb.invariants.iter().any(|i| i.lists_cause.is_some()) {
        roots.extend(evidence_rules(kb));
    }
    let plan = Plan::new(kb, conditions.iter().copied(), roots);
    let inputs = Inputs::new(&mut circuit, kb, &plan, conditions.iter().copied());
    let mut copy = Copy::new(&mut circuit, kb, &plan, inputs.rails.clone());
    let at_least = copy.urgency_at_least(&mut circuit);
    let known = known_lits(&mut circuit, &inputs.rails, &plan.read_findings);
    let mut out = Vec::new();
    for invariant in &kb.invariants {
        let when = copy.condition(&mut circuit, &invariant.when).0;
        let mut bad = vec![!at_least[invariant.at_least]];
        if let Some(cause) = invariant.lists_cause {
            let listed = copy.listed(&mut circuit, cause).map_err(|why| {
                Error::Input(format!(
                    "invariant `{}`: could not decide within verify's limits whether `{}` is \
                     listed: {why}",
                    invariant.id, kb.causes[cause].id
                ))
            })?;
            bad.push(!listed);
        }
        let bad = circuit.or(&bad);
        let fail = circuit.and(&[when, bad]);
        let what = format!("whether `{}` holds", invariant.id);
        if smallest(&mut circuit, fail, &known, budget, &what)?.is_none() {
            out.push(None);
            continue;
        }
        let answers = answers_of(&circuit, &inputs.rails, &plan.read_findings);
        let (outcome, engine) = run_engine(kb, &answers)?;
        let listed = invariant
            .lists_cause
            .map(|c| outcome.causes.iter().any(|r| r.cause == c));
        let holds = engine.eval(&invariant.when) == Tri::True;
        let breaks = outcome.level > invariant.at_least || listed == Some(false);
        if !(holds && breaks) {
            return Err(internal(format!(
                "the counterexample to `{}` does not replay:\n{}",
                invariant.id,
                answers.to_yaml(kb)
            )));
        }
        out.push(Some(Counterexample {
            answers,
            level: outcome.level,
            listed,
            level_with_flag: None,
            text: None,
        }));
    }
    Ok(out)
}

/// Proves that answering `flag` present instead of unknown never lowers the urgency.
fn monotone(
    kb: &KnowledgeBase,
    flag: FactId,
    budget: &Budget,
) -> Result<Option<Counterexample>, Error> {
    let mut circuit = Circuit::new();
    let plan = Plan::new(kb, [], urgency_rules(kb));
    if !plan.read_findings.contains(&flag) {
        // No urgency depends on it, even indirectly.
        return Ok(None);
    }
    let inputs = Inputs::new(&mut circuit, kb, &plan, []);
    let mut unknown = inputs.rails.clone();
    unknown[flag] = Some(Rails::Presence {
        yes: circuit.constant(false),
        no: circuit.constant(false),
    });
    let mut present = inputs.rails.clone();
    present[flag] = Some(Rails::Presence {
        yes: circuit.constant(true),
        no: circuit.constant(false),
    });
    let before = Copy::new(&mut circuit, kb, &plan, unknown.clone()).urgency_at_least(&mut circuit);
    let after = Copy::new(&mut circuit, kb, &plan, present).urgency_at_least(&mut circuit);
    let lowered: Vec<Lit> = before
        .iter()
        .zip(&after)
        .map(|(&b, &a)| circuit.and(&[b, !a]))
        .collect();
    let fail = circuit.or(&lowered);
    let others: Vec<FactId> = plan
        .read_findings
        .iter()
        .copied()
        .filter(|&f| f != flag)
        .collect();
    let known = known_lits(&mut circuit, &unknown, &others);
    let what = format!("whether red flag `{}` is monotone", kb.facts[flag].id);
    if smallest(&mut circuit, fail, &known, budget, &what)?.is_none() {
        return Ok(None);
    }
    let answers = answers_of(&circuit, &unknown, &others);
    let level = run_engine(kb, &answers)?.0.level;
    let mut with_flag = answers.clone();
    with_flag.values.insert(flag, Value::Present);
    let level_with_flag = run_engine(kb, &with_flag)?.0.level;
    if level_with_flag <= level {
        return Err(internal(format!(
            "the counterexample to the monotonicity of `{}` does not replay:\n{}",
            kb.facts[flag].id,
            answers.to_yaml(kb)
        )));
    }
    Ok(Some(Counterexample {
        answers,
        level,
        listed: None,
        level_with_flag: Some(level_with_flag),
        text: None,
    }))
}

/// What the encoding says about one set of answers: the urgency, which rules fire and the
/// value of every concept, read off the solver's model with the inputs fixed to the answers.
/// It exists to cross-check the encoding against the engine (see the tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Simulated {
    pub level: LevelId,
    pub fired: Vec<bool>,
    pub concepts: Vec<(FactId, Value)>,
}

pub fn simulate(kb: &KnowledgeBase, answers: &Answers) -> Simulated {
    let mut circuit = Circuit::new();
    let concepts: Vec<Condition> = (0..kb.facts.len())
        .filter(|&f| kb.facts[f].is_concept())
        .map(|fact| Condition::Is {
            fact,
            present: true,
        })
        .collect();
    let plan = Plan::new(kb, &concepts, 0..kb.rules.len());
    let inputs = Inputs::new(&mut circuit, kb, &plan, []);
    let mut copy = Copy::new(&mut circuit, kb, &plan, inputs.rails.clone());
    let at_least = copy.urgency_at_least(&mut circuit);
    let fired: Vec<Lit> = (0..kb.rules.len())
        .map(|r| copy.fired(&mut circuit, r))
        .collect();
    let mut assumptions = Vec::new();
    for &fact in &plan.read_findings {
        let value = answers.get(fact);
        match inputs.rails[fact].as_ref() {
            Some(Rails::Presence { yes, no }) => {
                assumptions.push(*yes ^ (value != Value::Present));
                assumptions.push(*no ^ (value != Value::Absent));
            }
            Some(Rails::Number(regions)) => {
                for (region, lit) in regions {
                    let inside = matches!(value, Value::Number(n) if region.contains(n));
                    assumptions.push(*lit ^ !inside);
                }
            }
            Some(Rails::Choice(options)) => {
                for (i, lit) in options.iter().enumerate() {
                    assumptions.push(*lit ^ (value != Value::Choice(i)));
                }
            }
            None => {}
        }
    }
    let sat = circuit.solve(&assumptions);
    assert!(sat, "the encoding has no model for these answers");
    let level = (0..kb.levels.len())
        .find(|&l| circuit.value(at_least[l]))
        .unwrap_or(kb.levels.len());
    let concepts = (0..kb.facts.len())
        .filter(|&f| kb.facts[f].is_concept())
        .map(|f| {
            let value = match copy.rails(f) {
                Some(Rails::Presence { yes, .. }) if circuit.value(*yes) => Value::Present,
                Some(Rails::Presence { no, .. }) if circuit.value(*no) => Value::Absent,
                Some(_) => Value::Unknown,
                None => Value::Unknown,
            };
            (f, value)
        })
        .collect();
    Simulated {
        level,
        fired: fired.iter().map(|&l| circuit.value(l)).collect(),
        concepts,
    }
}

#[cfg(test)]
mod tests;
