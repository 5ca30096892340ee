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
//! The invariants hold over what the interview can reach, not only over answer sets: a
//! red-flag question is never asked where its `ask_if` is false, so each invariant is proven
//! also with the answers the interview can collect, where every red flag that the numbers
//! alone rule out (a person's age, how long it has lasted: its `ask_if` false with every other
//! question still to be asked) is taken back to unknown. An `ask_if` that hides a red flag from
//! the people its invariant is about (from every adult, say) then fails, with the `ask_if`
//! named. A gate on any other answer is read as what the question presupposes: no pain, so no
//! question about how severe it is; a man, so none about vaginal bleeding. No answers can tell
//! that from a gate that loses a red flag, and the rule that a red-flag question has no
//! `ask_if`, or a very broad one, is what guards it.
//!
//! Beside the declared invariants, two built-in checks run on every red-flag finding: changing
//! it from unknown (or "not sure") to present never lowers the urgency, whatever the other
//! answers; and wherever it decides between an emergency (answered present) and staying at
//! home (answered absent), "not sure" gets the person examined: at least the most urgent level
//! that is not an emergency ("not sure" is not "no", shared contract version 3), and never
//! less than with the red flag not asked at all.

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
use crate::kb::{Action, FactKind, Invariant, KnowledgeBase, LevelId, RuleId};
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
    /// The built-in check that "not sure" of this red-flag finding is at least the most urgent
    /// level that is not an emergency wherever "present" gives an emergency and "absent" less
    /// than that level.
    NotSure(FactId),
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
    /// For a red-flag, "not sure" or safety-net check: the urgency once the finding is
    /// answered present.
    pub level_with_flag: Option<LevelId>,
    /// For the "not sure" check: the urgency once the red flag is answered absent.
    pub level_without_flag: Option<LevelId>,
    /// For the "not sure" check, where "not sure" is less urgent than not asking: the urgency
    /// with the red flag not asked.
    pub level_not_asked: Option<LevelId>,
    /// For a text invariant: the text these answers show.
    pub text: Option<crate::kb::TextId>,
    /// For an invariant that holds on these answers but not on what the interview can collect
    /// of them: the red flags it never asks, and the outcome without them.
    pub unasked: Option<Unasked>,
}

impl Counterexample {
    /// Answers and the urgency they give; each check adds what it says beside them.
    fn new(answers: Answers, level: LevelId) -> Counterexample {
        Counterexample {
            answers,
            level,
            listed: None,
            level_with_flag: None,
            level_without_flag: None,
            level_not_asked: None,
            unasked: None,
            text: None,
        }
    }
}

/// The answers an interview can collect: those given, less the red flags whose `ask_if` the
/// numbers alone (age, duration) make false (never asked, so unknown), and what they give.
#[derive(Debug, Clone, PartialEq)]
pub struct Unasked {
    /// The red-flag findings never asked, in definition order.
    pub findings: Vec<FactId>,
    pub answers: Answers,
    pub level: LevelId,
    pub listed: Option<bool>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The checks decided, in order: proven, or broken by a counterexample.
    pub verdicts: Vec<Verdict>,
    /// Where verify stopped without deciding, if it did: the checks before it keep their
    /// verdicts, so a budget that runs out late still reports what was proven.
    pub stopped: Option<Stopped>,
}

/// The check verify could not decide within its budget, and how many came after it.
#[derive(Debug, Clone, PartialEq)]
pub struct Stopped {
    pub check: Check,
    pub why: String,
    /// The checks after it, never started.
    pub not_reached: usize,
}

impl Report {
    pub fn failures(&self) -> usize {
        self.verdicts
            .iter()
            .filter(|v| v.counterexample.is_some())
            .count()
    }
}

/// Proves every invariant of the knowledge base and the monotonicity of every red flag, in
/// that order, until the budget runs out.
pub fn verify(kb: &KnowledgeBase) -> Report {
    let budget = Budget::new();
    let mut verdicts = Vec::new();
    let stopped = prove(kb, &budget, &mut verdicts)
        .err()
        .map(|(check, error)| Stopped {
            check,
            why: error_text(&error),
            not_reached: checks(kb) - verdicts.len() - 1,
        });
    Report { verdicts, stopped }
}

/// An error's message without its `error: ` label, to stand beside the verdicts.
fn error_text(error: &Error) -> String {
    let text = error.render(crate::style::Style::PLAIN);
    let text = text.trim_end();
    text.strip_prefix("error: ").unwrap_or(text).to_string()
}

/// How many checks `verify` makes of this knowledge base.
fn checks(kb: &KnowledgeBase) -> usize {
    kb.invariants.len()
        + 2 * red_flags(kb).len()
        + kb.text_invariants.len()
        + net_findings(kb).len()
}

/// The yes/no red-flag findings, whose monotonicity and "not sure" are checked.
fn red_flags(kb: &KnowledgeBase) -> Vec<FactId> {
    kb.findings()
        .filter(|(_, f)| f.red_flag && f.kind == FactKind::YesNo)
        .map(|(fact, _)| fact)
        .collect()
}

/// Decides each check in order into `verdicts`; the first that can't be decided ends it.
fn prove(
    kb: &KnowledgeBase,
    budget: &Budget,
    verdicts: &mut Vec<Verdict>,
) -> Result<(), (Check, Error)> {
    in_turn(verdicts, Check::Invariant, |out| {
        invariants(kb, budget, out)
    })?;
    let red_flags = red_flags(kb);
    for &fact in &red_flags {
        let counterexample = monotone(kb, fact, budget).map_err(|e| (Check::Monotone(fact), e))?;
        verdicts.push(Verdict {
            check: Check::Monotone(fact),
            counterexample,
        });
    }
    for fact in red_flags {
        let counterexample =
            not_sure_examined(kb, fact, budget).map_err(|e| (Check::NotSure(fact), e))?;
        verdicts.push(Verdict {
            check: Check::NotSure(fact),
            counterexample,
        });
    }
    in_turn(verdicts, Check::TextInvariant, |out| {
        texts::text_invariants(kb, budget, out)
    })?;
    for fact in net_findings(kb) {
        let counterexample =
            texts::safety_net_sign(kb, fact, budget).map_err(|e| (Check::SafetyNet(fact), e))?;
        verdicts.push(Verdict {
            check: Check::SafetyNet(fact),
            counterexample,
        });
    }
    Ok(())
}

/// Runs checks that share one encoding (`run` pushes a result per check, in order), keeping
/// the verdicts it reached if it stops.
fn in_turn(
    verdicts: &mut Vec<Verdict>,
    check: fn(usize) -> Check,
    run: impl FnOnce(&mut Vec<Option<Counterexample>>) -> Result<(), Error>,
) -> Result<(), (Check, Error)> {
    let mut found = Vec::new();
    let result = run(&mut found);
    let stopped_at = found.len();
    verdicts.extend(
        found
            .into_iter()
            .enumerate()
            .map(|(i, counterexample)| Verdict {
                check: check(i),
                counterexample,
            }),
    );
    result.map_err(|e| (check(stopped_at), e))
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
            Some(Rails::Presence { yes, no, unsure }) => {
                if circuit.value(*yes) {
                    Value::Present
                } else if circuit.value(*no) {
                    Value::Absent
                } else if circuit.value(*unsure) {
                    Value::Unsure
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
        if value != Value::Unknown {
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
            "could not decide {what} within {over} (the limit of `triage verify`), so the \
             checks after it were not run: make the rules it reads simpler (fewer concepts on \
             a cycle, fewer distinct weights for one cause)"
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

/// The red-flag findings behind an `ask_if`: the questions the interview may never ask.
fn gated_red_flags(kb: &KnowledgeBase) -> Vec<(FactId, &Condition)> {
    kb.findings()
        .filter(|(_, f)| f.red_flag && f.kind == FactKind::YesNo)
        .filter_map(|(fact, f)| Some((fact, f.ask_if.as_ref()?)))
        .collect()
}

/// Whether a finding is a number (age, duration): what every person has, whatever their
/// symptoms, so a gate on it can't be what a question presupposes.
fn is_number(kb: &KnowledgeBase, fact: FactId) -> bool {
    matches!(kb.facts[fact].kind, FactKind::Number { .. })
}

/// The answers with every red flag that the numbers rule out taken back to unknown: what the
/// interview can collect of them. It asks a red flag only once its `ask_if` is true; an
/// `ask_if` false once the numbers are answered and every other question is still to be asked
/// (as an interview starts) stays false whatever else is answered, in any order.
fn reachable(kb: &KnowledgeBase, answers: &Answers) -> Result<(Answers, Vec<FactId>), Error> {
    let mut engine = Engine::new(kb).interviewing();
    for (&fact, &value) in &answers.values {
        if is_number(kb, fact) {
            engine.set(fact, value);
            engine.settle(fact);
        }
    }
    engine.run().map_err(|cap| firing_cap_error(kb, cap))?;
    let mut collected = answers.clone();
    let mut unasked = Vec::new();
    for (fact, ask_if) in gated_red_flags(kb) {
        if engine.eval(ask_if) == Tri::False && collected.values.remove(&fact).is_some() {
            unasked.push(fact);
        }
    }
    Ok((collected, unasked))
}

/// The invariant's verdict on one set of answers: the urgency, and whether its cause is listed
/// (for an invariant with `lists_cause`), and whether that breaks it.
fn judge(
    kb: &KnowledgeBase,
    invariant: &Invariant,
    answers: &Answers,
) -> Result<(LevelId, Option<bool>, bool), Error> {
    let (outcome, _) = run_engine(kb, answers)?;
    let listed = invariant
        .lists_cause
        .map(|c| outcome.causes.iter().any(|r| r.cause == c));
    let breaks = outcome.level > invariant.at_least || listed == Some(false);
    Ok((outcome.level, listed, breaks))
}

/// Proves the invariants in order, a result each into `out`.
fn invariants(
    kb: &KnowledgeBase,
    budget: &Budget,
    out: &mut Vec<Option<Counterexample>>,
) -> Result<(), Error> {
    if kb.invariants.is_empty() {
        return Ok(());
    }
    let mut circuit = Circuit::new();
    let gated = gated_red_flags(kb);
    // The `ask_if`s are read too: they decide what the interview can collect.
    let conditions: Vec<&Condition> = kb
        .invariants
        .iter()
        .map(|i| &i.when)
        .chain(gated.iter().map(|(_, ask_if)| *ask_if))
        .collect();
    let mut roots = urgency_rules(kb);
    if kb.invariants.iter().any(|i| i.lists_cause.is_some()) {
        roots.extend(evidence_rules(kb));
    }
    let plan = Plan::new(kb, conditions.iter().copied(), roots);
    let inputs = Inputs::new(&mut circuit, kb, &plan, conditions.iter().copied());
    let mut copy = Copy::new(&mut circuit, kb, &plan, inputs.rails.clone());
    let at_least = copy.urgency_at_least(&mut circuit);
    // A second copy over what the interview can collect: each gated red flag unknown where its
    // `ask_if` is definitely false on the numbers alone (a copy with every other question still
    // to be asked). Without gated red flags the copies are one.
    let mut number_rails = inputs.rails.clone();
    for (fact, rails) in number_rails.iter_mut().enumerate() {
        if !is_number(kb, fact) {
            *rails = None;
        }
    }
    let numbers = Copy::interviewing(&mut circuit, kb, &plan, number_rails);
    let mut collected_rails = inputs.rails.clone();
    for &(fact, ask_if) in &gated {
        let Some(Rails::Presence { yes, no, unsure }) = inputs.rails[fact] else {
            continue;
        };
        let asked = !numbers.condition(&mut circuit, ask_if).1;
        collected_rails[fact] = Some(Rails::Presence {
            yes: circuit.and(&[yes, asked]),
            no: circuit.and(&[no, asked]),
            unsure: circuit.and(&[unsure, asked]),
        });
    }
    let mut reached = if gated.is_empty() {
        None
    } else {
        let mut reached = Copy::new(&mut circuit, kb, &plan, collected_rails);
        let at_least = reached.urgency_at_least(&mut circuit);
        Some((reached, at_least))
    };
    let known = known_lits(&mut circuit, &inputs.rails, &plan.read_findings);
    for invariant in &kb.invariants {
        let when = copy.condition(&mut circuit, &invariant.when).0;
        let mut bad = vec![!at_least[invariant.at_least]];
        let mut copies = vec![&mut copy];
        if let Some((reached, at_least)) = &mut reached {
            bad.push(!at_least[invariant.at_least]);
            copies.push(reached);
        }
        if let Some(cause) = invariant.lists_cause {
            for copy in copies {
                let listed = copy.listed(&mut circuit, cause).map_err(|why| {
                    Error::Input(format!(
                        "invariant `{}`: could not decide within verify's limits whether `{}` \
                         is listed: {why}",
                        invariant.id, kb.causes[cause].id
                    ))
                })?;
                bad.push(!listed);
            }
        }
        let bad = circuit.or(&bad);
        let fail = circuit.and(&[when, bad]);
        let what = format!("whether `{}` holds", invariant.id);
        if smallest(&mut circuit, fail, &known, budget, &what)?.is_none() {
            out.push(None);
            continue;
        }
        let answers = answers_of(&circuit, &inputs.rails, &plan.read_findings);
        let holds = run_engine(kb, &answers)?.1.eval(&invariant.when) == Tri::True;
        let (level, listed, breaks) = judge(kb, invariant, &answers)?;
        let (collected, findings) = reachable(kb, &answers)?;
        let unasked = match judge(kb, invariant, &collected)? {
            (level, listed, true) if !breaks && !findings.is_empty() => Some(Unasked {
                findings,
                answers: collected,
                level,
                listed,
            }),
            _ => None,
        };
        if !(holds && (breaks || unasked.is_some())) {
            return Err(internal(format!(
                "the counterexample to `{}` does not replay:\n{}",
                invariant.id,
                answers.to_yaml(kb)
            )));
        }
        out.push(Some(Counterexample {
            listed,
            unasked,
            ..Counterexample::new(answers, level)
        }));
    }
    Ok(())
}

/// Proves that answering `flag` present instead of not at all, or "not sure", never lowers
/// the urgency.
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
        unsure: circuit.input(),
    });
    let mut present = inputs.rails.clone();
    present[flag] = Some(Rails::Presence {
        yes: circuit.constant(true),
        no: circuit.constant(false),
        unsure: circuit.constant(false),
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
    // The flag itself is in the answers when the counterexample needs it "not sure".
    let answers = answers_of(&circuit, &unknown, &plan.read_findings);
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
        level_with_flag: Some(level_with_flag),
        ..Counterexample::new(answers, level)
    }))
}

/// The level "not sure" must reach wherever a red flag decides between an emergency and home:
/// the most urgent level that is not an emergency (`urgent` in the shipped levels), with the
/// least urgent emergency level above it. `None` when the levels have no such pair.
pub fn not_sure_floor(kb: &KnowledgeBase) -> Option<(LevelId, LevelId)> {
    let floor = kb.levels.iter().position(|l| !l.emergency)?;
    Some((floor.checked_sub(1)?, floor))
}

/// Proves that wherever answering `flag` present gives an emergency and answering it absent
/// gives less than the floor (home), answering it "not sure" gives at least the floor.
fn not_sure_examined(
    kb: &KnowledgeBase,
    flag: FactId,
    budget: &Budget,
) -> Result<Option<Counterexample>, Error> {
    let Some((emergency, floor)) = not_sure_floor(kb) else {
        return Ok(None);
    };
    let mut circuit = Circuit::new();
    let plan = Plan::new(kb, [], urgency_rules(kb));
    if !plan.read_findings.contains(&flag) {
        return Ok(None);
    }
    let inputs = Inputs::new(&mut circuit, kb, &plan, []);
    let mut at_least = Vec::new();
    for value in [Value::Present, Value::Absent, Value::Unsure, Value::Unknown] {
        let mut rails = inputs.rails.clone();
        rails[flag] = Some(Rails::Presence {
            yes: circuit.constant(value == Value::Present),
            no: circuit.constant(value == Value::Absent),
            unsure: circuit.constant(value == Value::Unsure),
        });
        at_least.push(Copy::new(&mut circuit, kb, &plan, rails).urgency_at_least(&mut circuit));
    }
    let (present, absent, unsure, not_asked) =
        (&at_least[0], &at_least[1], &at_least[2], &at_least[3]);
    let undecided = circuit.and(&[present[emergency], !absent[floor], !unsure[floor]]);
    // "Not sure" is never less urgent than not asking at all.
    let below_not_asked: Vec<Lit> = (0..kb.levels.len())
        .map(|l| circuit.and(&[not_asked[l], !unsure[l]]))
        .collect();
    let below_not_asked = circuit.or(&below_not_asked);
    let fail = circuit.or(&[undecided, below_not_asked]);
    let others: Vec<FactId> = plan
        .read_findings
        .iter()
        .copied()
        .filter(|&f| f != flag)
        .collect();
    let known = known_lits(&mut circuit, &inputs.rails, &others);
    let what = format!(
        "whether \"not sure\" of red flag `{}` is examined",
        kb.facts[flag].id
    );
    if smallest(&mut circuit, fail, &known, budget, &what)?.is_none() {
        return Ok(None);
    }
    let mut answers = answers_of(&circuit, &inputs.rails, &others);
    let level_of = |value: Value| {
        let mut answers = answers.clone();
        answers.values.insert(flag, value);
        run_engine(kb, &answers).map(|(outcome, _)| outcome.level)
    };
    let (level, with_flag, without_flag, not_asked) = (
        level_of(Value::Unsure)?,
        level_of(Value::Present)?,
        level_of(Value::Absent)?,
        level_of(Value::Unknown)?,
    );
    let undecided = with_flag <= emergency && without_flag > floor && level > floor;
    if !(undecided || level > not_asked) {
        return Err(internal(format!(
            "the counterexample to \"not sure\" of `{}` does not replay:\n{}",
            kb.facts[flag].id,
            answers.to_yaml(kb)
        )));
    }
    answers.values.insert(flag, Value::Unsure);
    Ok(Some(Counterexample {
        level_with_flag: Some(with_flag),
        level_without_flag: Some(without_flag),
        level_not_asked: (level > not_asked).then_some(not_asked),
        ..Counterexample::new(answers, level)
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
            Some(Rails::Presence { yes, no, unsure }) => {
                assumptions.push(*yes ^ (value != Value::Present));
                assumptions.push(*no ^ (value != Value::Absent));
                assumptions.push(*unsure ^ (value != Value::Unsure));
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
