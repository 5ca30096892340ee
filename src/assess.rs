//! The outcome of an assessment: the urgency with its reasons, the ranked causes with the
//! evidence for and against each, and the advice, all traced to the rules that fired.

pub mod stakes;

use crate::answers::Answers;
use crate::engine::condition::{FactId, Lookup, Value};
use crate::engine::{Engine, Firing, FiringCapReached};
use crate::error::Error;
use crate::kb::{Action, CauseId, KnowledgeBase, LevelId, RuleId, TextId};

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
    /// Its text in `KnowledgeBase::texts` (its id and conditions).
    pub text_id: TextId,
    pub text: String,
}

/// One sign of the safety net a report shows: `sign` of group `group` of net `net`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetSign {
    pub net: usize,
    pub group: usize,
    pub sign: usize,
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
    /// The advice of the rules that fired whose conditions hold for these answers.
    pub advice: Vec<Advice>,
    pub trace: Vec<Firing>,
    /// The conditional texts of its level and its listed causes whose conditions hold, sorted;
    /// an outcome not settled against the answers (see [`Outcome::settle`]) shows none of them.
    pub shown_texts: Vec<TextId>,
    /// The safety net's signs, most urgent first: none at an emergency.
    pub safety_net: Vec<NetSign>,
}

/// The values of the facts the knowledge base's texts depend on (`KnowledgeBase::text_facts`),
/// kept from the engine that made an outcome, to settle what it may say.
#[derive(Debug, Clone, Default)]
pub struct TextFacts(Vec<(FactId, Value)>);

impl TextFacts {
    pub fn of(kb: &KnowledgeBase, engine: &Engine) -> TextFacts {
        TextFacts(
            kb.text_facts
                .iter()
                .map(|&f| (f, engine.value(f)))
                .collect(),
        )
    }
}

impl Lookup for TextFacts {
    fn get(&self, fact: FactId) -> Value {
        match self.0.binary_search_by_key(&fact, |&(f, _)| f) {
            Ok(i) => self.0[i].1,
            Err(_) => Value::Unknown,
        }
    }
}

/// Runs the engine on a set of answers.
pub fn assess(kb: &KnowledgeBase, answers: &Answers) -> Result<Outcome, Error> {
    let mut engine = Engine::new(kb);
    for (&fact, &value) in &answers.values {
        engine.set(fact, value);
    }
    engine.run().map_err(|cap| firing_cap_error(kb, cap))?;
    let facts = TextFacts::of(kb, &engine);
    let mut outcome = Outcome::from_trace_owned(kb, engine.into_trace());
    outcome.settle(kb, &facts);
    Ok(outcome)
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
    shown_texts: Vec<TextId>,
    safety_net: Vec<NetSign>,
}

impl Spare {
    /// Keeps what `outcome` allocated (but its trace).
    fn keep(&mut self, outcome: Outcome) {
        let Outcome {
            mut reasons,
            mut advice,
            mut causes,
            mut below_threshold,
            shown_texts,
            safety_net,
            ..
        } = outcome;
        (self.shown_texts, self.safety_net) = (shown_texts, safety_net);
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

    pub fn kb(&self) -> &'kb KnowledgeBase {
        self.kb
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
        let facts = TextFacts::of(self.kb, engine);
        let trace = engine.restore(baseline);
        ran.map_err(|cap| firing_cap_error(self.kb, cap))?;
        let mut outcome = Outcome::gather(self.kb, trace, &mut self.spare);
        outcome.settle(self.kb, &facts);
        let result = then(&outcome);
        engine.recycle(std::mem::take(&mut outcome.trace));
        self.spare.keep(outcome);
        Ok(result)
    }

    /// The level of these answers' outcome alone, as [`Assessor::assess_then`] would give it,
    /// without gathering or settling the rest of the outcome.
    pub fn level(&mut self, answers: &Answers) -> Result<LevelId, Error> {
        let (Some(baseline), Some(engine)) = (&self.baseline, &mut self.scratch) else {
            return assess(self.kb, answers).map(|outcome| outcome.level);
        };
        for (&fact, &value) in &answers.values {
            engine.set(fact, value);
        }
        let ran = engine.run();
        let trace = engine.restore(baseline);
        ran.map_err(|cap| firing_cap_error(self.kb, cap))?;
        let level = level_of(self.kb, &trace);
        engine.recycle(trace);
        Ok(level)
    }
}

/// The level [`Outcome::gather`] gives these firings: the most urgent of the knowledge base's
/// default and of the reasons it keeps, the rules generated for "not sure" standing in as one
/// reason, the first of them in the knowledge base's order, where no written rule speaks.
fn level_of(kb: &KnowledgeBase, trace: &[Firing]) -> LevelId {
    let mut level = kb.default_level;
    let mut first_unsure: Option<RuleId> = None;
    for firing in trace {
        let rule = &kb.rules[firing.rule];
        for action in &rule.then {
            let Action::Urgency { level: set, .. } = *action else {
                continue;
            };
            let Some(flag) = rule.not_sure_of else {
                level = level.min(set);
                continue;
            };
            let written = trace.iter().any(|f| {
                let other = &kb.rules[f.rule];
                other.not_sure_of.is_none()
                    && crate::kb::not_sure::reads_not_sure(&other.when, flag)
                    && other
                        .then
                        .iter()
                        .any(|a| matches!(a, Action::Urgency { level, .. } if *level <= set))
            });
            if !written && first_unsure.is_none_or(|first| firing.rule < first) {
                first_unsure = Some(firing.rule);
            }
        }
    }
    let unsure = first_unsure.and_then(|rule| {
        kb.rules[rule].then.iter().find_map(|a| match a {
            Action::Urgency { level, .. } => Some(*level),
            _ => None,
        })
    });
    unsure.map_or(level, |unsure| level.min(unsure))
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
                        text_id: *text,
                        text: spare.text(&kb.texts[*text].text),
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
        // The rules generated for "not sure" stand in where no written one speaks: their reasons
        // become one, naming each sign (`{signs}` in the knowledge base's `not_sure:` reason),
        // and a sign a written rule on "not sure" of it already explains is left to that rule.
        let mut unsure_signs: Vec<(usize, FactId)> = Vec::new();
        reasons.retain(|reason| {
            let Some(flag) = kb.rules[reason.rule].not_sure_of else {
                return true;
            };
            let written = trace.iter().any(|f| {
                let rule = &kb.rules[f.rule];
                rule.not_sure_of.is_none()
                    && crate::kb::not_sure::reads_not_sure(&rule.when, flag)
                    && rule.then.iter().any(
                        |a| matches!(a, Action::Urgency { level, .. } if *level <= reason.level),
                    )
            });
            if !written {
                unsure_signs.push((reason.rule, flag));
            }
            false
        });
        // In the knowledge base's order, not the firing order: an interview's engine fires
        // them in another order than a batch run, and its report must read the same.
        unsure_signs.sort_unstable_by_key(|&(rule, _)| rule);
        if let Some(&(rule, _)) = unsure_signs.first() {
            let signs: Vec<&str> = unsure_signs
                .iter()
                .map(|&(_, flag)| kb.facts[flag].label())
                .collect();
            if let Some(Action::Urgency { level, reason }) = kb.rules[rule]
                .then
                .iter()
                .find(|a| matches!(a, Action::Urgency { .. }))
            {
                reasons.push(Reason {
                    rule,
                    level: *level,
                    text: reason.replace("{signs}", &signs.join("; ")),
                });
            }
        }
        // A stable sort keeps firing order among reasons of the same level.
        reasons.sort_by_key(|r| r.level);
        let level = reasons
            .first()
            .map_or(kb.default_level, |r| r.level.min(kb.default_level));
        debug_assert_eq!(
            level,
            level_of(kb, &trace),
            "the level alone is the outcome's"
        );
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
            shown_texts: std::mem::take(&mut spare.shown_texts),
            safety_net: std::mem::take(&mut spare.safety_net),
        }
    }

    /// The outcome of an engine that has run, settled against its answers.
    pub fn from_engine(kb: &KnowledgeBase, engine: &Engine) -> Outcome {
        let mut outcome = Outcome::from_trace(kb, engine.trace());
        outcome.settle(kb, &TextFacts::of(kb, engine));
        outcome
    }

    /// Settles what the outcome may say for these answers: drops the advice whose conditions
    /// do not hold, keeps the conditional texts that hold, and picks the safety net's signs.
    /// Until it is settled, an outcome shows no conditional text and no safety net.
    pub fn settle(&mut self, kb: &KnowledgeBase, facts: &TextFacts) {
        let level = self.level;
        let listed: Vec<CauseId> = self.causes.iter().map(|c| c.cause).collect();
        self.advice
            .retain(|a| kb.texts[a.text_id].holds(facts, level, &listed));
        // Only the texts this outcome can show: its level's and its listed causes'.
        self.shown_texts.clear();
        let causes = self.causes.iter().map(|c| &kb.causes[c.cause]);
        let fields = causes.flat_map(|c| [&c.description, &c.self_care, &c.see_doctor]);
        for parts in std::iter::once(&kb.levels[level].action).chain(fields) {
            for &t in parts {
                let text = &kb.texts[t];
                if text.is_conditional() && text.holds(facts, level, &listed) {
                    self.shown_texts.push(t);
                }
            }
        }
        self.shown_texts.sort_unstable();
        self.safety_net.clear();
        if !kb.levels[level].emergency {
            safety_net(kb, facts, level, &mut self.safety_net);
        }
    }

    /// Whether a text of a cause or a level may be shown (unconditional, or settled to hold).
    pub fn shows(&self, kb: &KnowledgeBase, text: TextId) -> bool {
        !kb.texts[text].is_conditional() || self.shown_texts.binary_search(&text).is_ok()
    }

    /// The words of a text field (a cause's, a level's) as this outcome shows them.
    pub fn words(&self, kb: &KnowledgeBase, parts: &[TextId]) -> String {
        kb.words(parts, |t| self.shows(kb, t))
    }

    pub fn is_emergency(&self, kb: &KnowledgeBase) -> bool {
        kb.levels[self.level].emergency
    }

    pub fn rank_of(&self, cause: CauseId) -> Option<usize> {
        self.causes.iter().position(|c| c.cause == cause)
    }
}

/// The signs of the safety nets that apply, for an outcome at `level`: only those more urgent
/// than it, none the person has reported, most urgent first; a sign said once, at its most
/// urgent, and one whose findings a more urgent sign already names left out, so that no sign is
/// given two different instructions.
fn safety_net(kb: &KnowledgeBase, facts: &TextFacts, level: LevelId, kept: &mut Vec<NetSign>) {
    let mut signs: Vec<(LevelId, NetSign)> = Vec::new();
    for (n, net) in kb.safety_nets.iter().enumerate() {
        if !net.applies(facts) {
            continue;
        }
        for (g, group) in net.groups.iter().enumerate() {
            if group.level >= level {
                continue;
            }
            for (s, sign) in group.signs.iter().enumerate() {
                if sign.applies(facts) {
                    let at = NetSign {
                        net: n,
                        group: g,
                        sign: s,
                    };
                    signs.push((group.level, at));
                }
            }
        }
    }
    // A stable sort: most urgent first, then in the order the nets are written.
    signs.sort_by_key(|(level, _)| *level);
    let sign_of = |at: &NetSign| &kb.safety_nets[at.net].groups[at.group].signs[at.sign];
    for (_, at) in signs {
        let sign = sign_of(&at);
        // The same sign twice (from two nets) is said once.
        let said = kept.iter().any(|k| {
            let other = sign_of(k);
            other.text == sign.text
        });
        let named = !sign.findings.is_empty()
            && sign
                .findings
                .iter()
                .all(|f| kept.iter().any(|k| sign_of(k).findings.contains(f)));
        if !(said || named) {
            kept.push(at);
        }
    }
}

/// The red-flag findings, most dangerous first: by the most urgent level a rule that reads
/// one (directly, or through the concepts it helps derive) can set, then in the knowledge
/// base's order. Worked out once, when the rules are compiled (`KnowledgeBase::red_flags`,
/// kept in the compiled image).
pub fn red_flag_order(kb: &KnowledgeBase) -> Vec<FactId> {
    debug_assert_eq!(
        kb.red_flags,
        kb.red_flag_order(),
        "red flags worked out afresh"
    );
    kb.red_flags.clone()
}

/// The red-flag findings these answers leave unknown, in `order` (see [`red_flag_order`]):
/// what an assessment could not check. A red flag that cannot apply to this person (its
/// `ask_if` is false, reading what cannot apply as absent: see [`crate::applicability`]) is
/// not one of them.
pub fn unanswered_red_flags(
    kb: &KnowledgeBase,
    order: &[FactId],
    answers: &Answers,
    outcome: &Outcome,
) -> Vec<FactId> {
    // The concepts this outcome derived, gathered once for every ask_if that reads one.
    let derived: Vec<FactId> = outcome
        .trace
        .iter()
        .flat_map(|firing| &kb.rules[firing.rule].then)
        .filter_map(|action| match *action {
            Action::Derive(concept) => Some(concept),
            _ => None,
        })
        .collect();
    let value = |fact: FactId| {
        if kb.facts[fact].is_concept() {
            if derived.contains(&fact) {
                Value::Present
            } else {
                Value::Unknown
            }
        } else {
            answers.get(fact)
        }
    };
    // A finding an earlier vocabulary asked as one question stands for its parts: once it is
    // answered, its parts are not "unanswered" (a "no" to chest pain or breathlessness covers
    // both), and once a part is answered, the combined question has been asked in its parts.
    let covered = |fact: FactId| {
        kb.facts[fact]
            .replaced_by
            .iter()
            .any(|&part| answers.get(part) != Value::Unknown)
            || kb.facts[fact]
                .part_of
                .iter()
                .any(|&whole| answers.get(whole).is_known())
    };
    // A combined question asked again once each of its parts was asked (the interview's second
    // look) says no more than its parts, which are named on their own if still open.
    let parts_asked = |fact: FactId| {
        let parts = &kb.facts[fact].replaced_by;
        !parts.is_empty()
            && parts
                .iter()
                .all(|&part| answers.get(part) != Value::Unknown)
    };
    // A red flag answered "not sure" was asked and is still open, unless another answer says
    // it cannot apply to this person (a "not sure" to the opening question, then "no" to back
    // pain: pain between the shoulder blades cannot apply), or it is the second look above.
    // One not asked is open unless an answer covers it or it cannot apply.
    let cannot_apply = crate::applicability::cannot_apply(kb, &value);
    order
        .iter()
        .copied()
        .filter(|&f| match answers.get(f) {
            Value::Unsure => !parts_asked(f) && !cannot_apply[f],
            Value::Unknown => !covered(f) && !cannot_apply[f],
            _ => false,
        })
        .collect()
}

/// An unanswered red flag whose answer could still raise the urgency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Raising {
    pub fact: FactId,
    /// The most urgent level it could lead to, alone or with other signs.
    pub level: LevelId,
    /// The level it leads to on its own (answered yes, everything else as it is), when that is
    /// more urgent than now; `None` when it raises the urgency only together with other signs.
    pub alone: Option<LevelId>,
}

/// Of the `unanswered` red flags, those whose answer could still raise the urgency (`now`, the
/// level of these answers' outcome), in the same order.
pub fn could_raise(
    kb: &KnowledgeBase,
    answers: &Answers,
    now: LevelId,
    unanswered: &[FactId],
) -> Vec<Raising> {
    let mut engine = Engine::new(kb);
    for (&fact, &value) in &answers.values {
        engine.set(fact, value);
    }
    // One assessor for every sign: each then costs what the sign's answer touches, not a
    // run of the whole knowledge base (a full assessment per sign made the text report
    // grow with the square of the knowledge base).
    let mut assessor = Assessor::new(kb);
    let mut alone = |fact: FactId| {
        let mut with = answers.clone();
        with.values.insert(fact, Value::Present);
        let level = assessor.level(&with).ok()?;
        (level < now).then_some(level)
    };
    if engine.run().is_err() {
        // Past the firing cap nothing can be told apart: every sign may matter.
        return unanswered
            .iter()
            .map(|&fact| Raising {
                fact,
                level: 0,
                alone: Some(0),
            })
            .collect();
    }
    let stakes = stakes::urgency_stakes(&engine, &vec![false; kb.facts.len()]);
    unanswered
        .iter()
        .filter_map(|&fact| {
            let level = stakes.get(&fact).and_then(|s| s.level)?;
            Some(Raising {
                fact,
                level,
                alone: alone(fact),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{KbSource, load};

    fn mini() -> KnowledgeBase {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        load(&KbSource::Dir(dir)).unwrap().kb
    }

    /// A knowledge base of three levels (an emergency, urgent, routine by default), `findings`,
    /// a cause and `rest` (its concepts and rules), all in one file.
    fn inline(findings: &str, rest: &str) -> KnowledgeBase {
        crate::kb::test_kb(
            &[("emergency", true), ("urgent", false), ("routine", false)],
            None,
            &format!("findings: {findings}\ncauses: [{{id: one, name: One}}]\n{rest}"),
        )
    }

    fn fact(kb: &KnowledgeBase, id: &str) -> FactId {
        kb.facts.iter().position(|f| f.id == id).unwrap()
    }

    /// A batch's assessor keeps what each outcome allocated (its texts, its ranked causes and
    /// their evidence lists) and builds the next outcome in it: the second of two equal
    /// assessments allocates nothing new, and gives the same outcome.
    #[test]
    fn an_assessor_builds_each_outcome_in_what_the_last_one_allocated() {
        let kb = inline(
            "[{id: a}, {id: b}]",
            "rules:
  - id: a_urgent
    when: a
    then: [{urgency: urgent, reason: because a}, {supports: one, weight: 2}]
  - id: b_against
    when: b
    then: [{against: one, weight: 1}]",
        );
        let mut answers = Answers::default();
        answers.values.insert(fact(&kb, "a"), Value::Present);
        answers.values.insert(fact(&kb, "b"), Value::Present);
        let mut assessor = Assessor::new(&kb);
        assert!(assessor.starts_from_baseline());
        let first = assessor.assess(&answers).unwrap();
        assert_eq!(first.reasons.len(), 1);
        assert_eq!(first.causes.len(), 1);
        let spare = &assessor.spare;
        assert_eq!(spare.texts.len(), 1, "the reason's text");
        assert_eq!(spare.ranked.len(), 1, "the cause");
        assert_eq!(spare.facts.len(), 2, "its support and its evidence against");
        let second = assessor.assess(&answers).unwrap();
        assert_eq!(second, first);
        let spare = &assessor.spare;
        assert_eq!(
            (spare.texts.len(), spare.ranked.len(), spare.facts.len()),
            (1, 1, 2),
            "taken and kept again, none added"
        );
    }

    #[test]
    fn red_flags_are_ordered_most_dangerous_first_and_only_unknown_ones_are_unanswered() {
        let kb = mini();
        let (saddle, fever) = (fact(&kb, "saddle_numbness"), fact(&kb, "fever"));
        // Saddle numbness can mean an emergency, fever only "urgent", though fever comes first
        // in the file.
        let order = red_flag_order(&kb);
        assert_eq!(order, vec![saddle, fever]);
        let mut answers = Answers::default();
        let outcome = assess(&kb, &answers).unwrap();
        assert_eq!(
            unanswered_red_flags(&kb, &order, &answers, &outcome),
            vec![saddle, fever]
        );
        // "Not sure" is still unanswered; a no is not.
        answers.values.insert(fever, Value::Unsure);
        answers.values.insert(saddle, Value::Absent);
        let outcome = assess(&kb, &answers).unwrap();
        assert_eq!(
            unanswered_red_flags(&kb, &order, &answers, &outcome),
            vec![fever]
        );
        // Fever could still raise the urgency with back pain, which is not known yet.
        let urgent = kb.levels.iter().position(|l| l.id == "urgent").unwrap();
        assert_eq!(
            could_raise(&kb, &answers, outcome.level, &[fever]),
            vec![Raising {
                fact: fever,
                level: urgent,
                alone: None
            }]
        );
        // Without back pain it cannot.
        answers.values.insert(fact(&kb, "back_pain"), Value::Absent);
        assert_eq!(could_raise(&kb, &answers, outcome.level, &[fever]), vec![]);
    }

    /// A red flag is ordered by the most urgent level it can lead to: through a concept (a
    /// derives x, x is an emergency), or through any of its rules (b and c are urgent alone,
    /// an emergency together, the rule that says so coming last); then in the file's order.
    #[test]
    fn red_flags_are_ordered_by_the_most_urgent_level_they_can_lead_to_in_any_way() {
        let kb = inline(
            "[{id: b, red_flag: true}, {id: a, red_flag: true}, {id: c, red_flag: true}]",
            "concepts: [{id: x}]
rules:
  - {id: x_from_a, when: a, then: [{derive: x}]}
  - {id: emergency_on_x, when: x, then: [{urgency: emergency, reason: x}]}
  - {id: urgent_on_c, when: c, then: [{urgency: urgent, reason: c}]}
  - {id: urgent_on_b, when: b, then: [{urgency: urgent, reason: b}]}
  - {id: emergency_on_bc, when: {all: [b, c]}, then: [{urgency: emergency, reason: bc}]}",
        );
        let [a, b, c] = ["a", "b", "c"].map(|id| fact(&kb, id));
        assert_eq!(red_flag_order(&kb), vec![b, a, c]);
    }

    /// A red flag asked only while a concept is not known to hold (`ask_if: {not: x}`) is no
    /// longer an unanswered warning sign once the answers derive the concept.
    #[test]
    fn a_red_flag_whose_question_a_derived_concept_rules_out_is_not_unanswered() {
        let kb = inline(
            "[{id: b}, {id: a, red_flag: true, ask_if: {not: x}}]",
            "concepts: [{id: x}]
rules:
  - {id: x_from_b, when: b, then: [{derive: x}]}
  - {id: urgent_on_a, when: a, then: [{urgency: urgent, reason: a}]}",
        );
        let (a, b) = (fact(&kb, "a"), fact(&kb, "b"));
        let order = red_flag_order(&kb);
        let unanswered = |values: Vec<(FactId, Value)>| {
            let answers = Answers {
                values: values.into_iter().collect(),
            };
            let outcome = assess(&kb, &answers).unwrap();
            unanswered_red_flags(&kb, &order, &answers, &outcome)
        };
        assert_eq!(unanswered(vec![]), vec![a]);
        assert_eq!(unanswered(vec![(b, Value::Absent)]), vec![a]);
        assert_eq!(unanswered(vec![(b, Value::Present)]), Vec::<FactId>::new());
        // Answered "not sure" while it could apply, it stays open; not once an answer says it
        // cannot apply.
        assert_eq!(unanswered(vec![(a, Value::Unsure)]), vec![a]);
        assert_eq!(
            unanswered(vec![(b, Value::Present), (a, Value::Unsure)]),
            Vec::<FactId>::new()
        );
    }

    /// A finding an earlier vocabulary asked as one question (`whole`, replaced by `part1` and
    /// `part2`) and its parts cover each other: an answer to either side closes the other,
    /// except "not sure", which stays open where it was given.
    #[test]
    fn a_combined_finding_and_its_parts_cover_each_other_but_not_sure_stays_open() {
        let kb = inline(
            "[{id: part1, red_flag: true}, {id: part2, red_flag: true},
              {id: whole, red_flag: true, replaced_by: [part1, part2]}]",
            "rules:
  - {id: e1, when: part1, then: [{urgency: urgent, reason: one}]}
  - {id: e2, when: part2, then: [{urgency: urgent, reason: two}]}
  - {id: e3, when: whole, then: [{urgency: urgent, reason: either}]}",
        );
        let [part1, part2, whole] = ["part1", "part2", "whole"].map(|id| fact(&kb, id));
        let order = red_flag_order(&kb);
        let unanswered = |values: Vec<(FactId, Value)>| {
            let answers = Answers {
                values: values.into_iter().collect(),
            };
            let outcome = assess(&kb, &answers).unwrap();
            let mut open = unanswered_red_flags(&kb, &order, &answers, &outcome);
            open.sort();
            open
        };
        let mut all = vec![part1, part2, whole];
        all.sort();
        assert_eq!(unanswered(vec![]), all);
        // A no to the combined question covers both parts.
        assert_eq!(
            unanswered(vec![(whole, Value::Absent)]),
            Vec::<FactId>::new()
        );
        // An answer to a part means the combined question was asked in its parts.
        assert_eq!(unanswered(vec![(part1, Value::Absent)]), vec![part2]);
        assert_eq!(
            unanswered(vec![(part1, Value::Unsure), (part2, Value::Absent)]),
            vec![part1]
        );
        // "Not sure" of the combined question leaves it open, and its parts unasked.
        assert_eq!(unanswered(vec![(whole, Value::Unsure)]), all);
        // Asked again after "not sure" of both parts (the interview's second look), it says no
        // more than they do: the parts are named, not the combined question besides.
        let mut parts = vec![part1, part2];
        parts.sort();
        assert_eq!(
            unanswered(vec![
                (part1, Value::Unsure),
                (part2, Value::Unsure),
                (whole, Value::Unsure)
            ]),
            parts
        );
    }

    /// A rule that fires with nothing known (here on `{a: unknown}`) would be in the baseline's
    /// trace before any answer, so the assessor assesses from scratch, with the same outcome
    /// as `assess`; the mini knowledge base has no such rule and starts from the baseline.
    #[test]
    fn a_rule_that_fires_with_nothing_known_makes_the_assessor_start_from_scratch() {
        assert!(Assessor::new(&mini()).starts_from_baseline());
        let kb = inline(
            "[{id: a}, {id: b}]",
            "rules:
  - {id: a_not_known, when: {a: unknown}, then: [{urgency: urgent, reason: ask about a}]}
  - {id: b_supports, when: b, then: [{supports: one, weight: 1}]}",
        );
        let mut assessor = Assessor::new(&kb);
        assert!(!assessor.starts_from_baseline());
        let (a, b) = (fact(&kb, "a"), fact(&kb, "b"));
        let urgent = kb.levels.iter().position(|l| l.id == "urgent").unwrap();
        let cases = [
            (vec![], urgent),
            (vec![(b, Value::Present)], urgent),
            (vec![(a, Value::Absent)], kb.default_level),
        ];
        for (values, level) in cases {
            let answers = Answers {
                values: values.into_iter().collect(),
            };
            let outcome = assessor.assess(&answers).unwrap();
            assert_eq!(outcome.level, level, "{:?}", answers.values);
            assert_eq!(outcome, assess(&kb, &answers).unwrap());
        }
    }

    /// The safety net never tells a person to watch for a sign they have reported, holds no
    /// sign less urgent than the report's own level, and is empty at an emergency: on every
    /// shipped scenario, and on each with each sign's finding answered yes in turn.
    #[test]
    fn the_safety_net_never_names_a_sign_already_reported() {
        let kb = crate::kb::load(&crate::kb::KbSource::Builtin).unwrap().kb;
        let suite =
            crate::scenario::Suite::parse(&kb, crate::kb::builtin_scenario_files()).unwrap();
        let findings: Vec<FactId> = crate::verify::net_findings(&kb);
        let mut shown = 0;
        for scenario in &suite.scenarios {
            let mut cases = vec![scenario.answers.clone()];
            for &f in &findings {
                let mut with = scenario.answers.clone();
                with.values.insert(f, Value::Present);
                cases.push(with);
            }
            for answers in cases {
                let outcome = assess(&kb, &answers).unwrap();
                if outcome.is_emergency(&kb) {
                    assert!(outcome.safety_net.is_empty(), "{}", scenario.name);
                }
                for at in &outcome.safety_net {
                    let group = &kb.safety_nets[at.net].groups[at.group];
                    let sign = &group.signs[at.sign];
                    assert!(
                        group.level < outcome.level,
                        "{}: {}",
                        scenario.name,
                        sign.text
                    );
                    for &f in &sign.findings {
                        assert_ne!(
                            answers.get(f),
                            Value::Present,
                            "{}: {}",
                            scenario.name,
                            sign.text
                        );
                    }
                    shown += 1;
                }
            }
        }
        assert!(shown > 1000, "the nets were shown {shown} times");
    }

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
