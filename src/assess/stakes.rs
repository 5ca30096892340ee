//! What each unanswered question has at stake, from the engine's three-valued state: what the
//! interview chooses its next question by, and what tells the assessment which unanswered red
//! flags could still raise the urgency. It is part of the assessment, which the interview
//! builds on, so the assessment never reaches up into the interview.
//!
//! A rule that has not fired and whose condition is still unknown is *open*: some answers could
//! still make it fire. A question matters only if it feeds an open rule whose firing would
//! change the outcome: a rule that would raise the urgency, or evidence that could reorder the
//! top three causes. Questions that could raise the urgency come first, the most dangerous
//! (and quickest to settle) first; then the question with the most evidence weight at stake
//! among the causes still in contention. When no question matters, the interview is over.

use crate::engine::Engine;
use crate::engine::condition::{Condition, FactId, Tri, Value};
use crate::kb::{Action, CauseId, KnowledgeBase, LevelId, RuleId};
use std::collections::BTreeMap;

/// Why a question is worth asking, in terms the `why` command can explain.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stake {
    /// The most urgent level an answer could lead to (through open urgency rules), if it is
    /// more urgent than the current one.
    pub level: Option<LevelId>,
    /// The fewest unanswered findings an urgency rule at that level still needs.
    pub needed: usize,
    /// The urgency rules the answer feeds.
    pub urgency_rules: Vec<RuleId>,
    /// How pressing the most pressing open urgency rule the answer feeds is: by how urgent
    /// a level it sets (four times more per level, every emergency alike, since each ends the
    /// interview) and how close it is to firing (a quarter as much per further answer needed).
    pub danger: f64,
    /// The same, added up over every open urgency rule the answer feeds.
    pub total_danger: f64,
    /// How many parts of that most pressing rule the answers already confirm: a rule half
    /// confirmed is likelier to fire than one nothing points to yet.
    pub confirmed: usize,
    /// Evidence weight at stake for the causes still in contention.
    pub weight: f64,
    /// The causes whose ranking the answer could change.
    pub causes: Vec<CauseId>,
    /// Asked again on its own only because every question that decides it was answered "not
    /// sure" (a combined version-1 question): it yields to a question as pressing whose rule the
    /// answers confirm as far.
    pub fallback: bool,
}

impl Stake {
    pub fn matters(&self) -> bool {
        self.level.is_some() || self.weight > 0.0
    }
}

/// For every unanswered finding that matters now, what is at stake. `asked` marks the findings
/// already asked: one answered "don't know" stays unknown for good, so a rule that needs it
/// can never fire and nothing that feeds only that rule is worth asking.
pub fn stakes(engine: &Engine, asked: &[bool]) -> BTreeMap<FactId, Stake> {
    stakes_of(engine, asked, true)
}

/// What `stakes` says of the urgency alone: each stake's `level`, `needed`, `urgency_rules` and
/// dangers, without the causes' evidence (`weight`, `causes`) or how far the most pressing rule
/// is confirmed (`confirmed`, left 0), which only tell questions apart: for a report, which
/// asks only which unanswered signs could raise the urgency, and how far.
pub fn urgency_stakes(engine: &Engine, asked: &[bool]) -> BTreeMap<FactId, Stake> {
    stakes_of(engine, asked, false)
}

fn stakes_of(engine: &Engine, asked: &[bool], whole: bool) -> BTreeMap<FactId, Stake> {
    let kb = engine.kb();
    let outcome = crate::assess::Outcome::from_trace(kb, engine.trace());
    let mut costs = Costs::new(engine, asked);
    // For each rule still open: how many more answers it needs to fire.
    let needs: Vec<Option<usize>> = (0..kb.rules.len())
        .map(|r| {
            let open = !engine.has_fired(r) && engine.eval(&kb.rules[r].when) == Tri::Unknown;
            open.then(|| costs.condition(&kb.rules[r].when).to_true)
                .flatten()
        })
        .collect();
    let open: Vec<bool> = needs.iter().map(Option::is_some).collect();
    let mut deps = Dependencies {
        engine,
        asked,
        open: &open,
        memo: ConceptMemo::new(kb),
        costs,
        want: true,
        prune: true,
        negated: Vec::new(),
    };
    // One slot per fact, turned into a map of those that matter at the end: looking facts up
    // in a map for every rule they feed was most of the cost on large knowledge bases.
    let mut stakes: Vec<Stake> = vec![Stake::default(); kb.facts.len()];
    let mut findings: Vec<FactId> = Vec::new();
    let first_urgent = kb.levels.iter().position(|l| !l.emergency).unwrap_or(0);
    let mut confirmed_parts = Confirmed::new(engine);

    for (r, rule) in kb.rules.iter().enumerate() {
        if !open[r] {
            continue;
        }
        let Some(level) = rule
            .then
            .iter()
            .filter_map(|a| match a {
                Action::Urgency { level, .. } => Some(*level),
                _ => None,
            })
            .min()
            .filter(|&level| level < outcome.level)
        else {
            continue;
        };
        let needed = needs[r].unwrap_or(usize::MAX).max(1);
        // Below the first level that is urgent but not an emergency ("see a doctor soon"),
        // a rule still several answers away from firing is not worth a question yet: the
        // questions it would need come up as follow-ups if the first answers point its way.
        if level > first_urgent && needed > 2 {
            continue;
        }
        deps.of_condition(&rule.when, &mut findings);
        // Every emergency ends the interview at once, so they weigh the same; each further
        // answer a rule needs makes it a quarter as pressing.
        let severity = if kb.levels[level].emergency {
            64.0
        } else {
            4f64.powi(kb.default_level as i32 - level as i32)
        };
        let danger = severity / 4f64.powi(needed as i32 - 1);
        let confirmed = if whole {
            confirmed_parts.parts(&rule.when)
        } else {
            0
        };
        for &fact in &findings {
            let stake = &mut stakes[fact];
            stake.urgency_rules.push(r);
            if danger > stake.danger || (danger == stake.danger && confirmed > stake.confirmed) {
                stake.confirmed = confirmed;
            }
            stake.danger = stake.danger.max(danger);
            stake.total_danger += danger;
            if stake.level.is_none_or(|l| level < l)
                || (stake.level == Some(level) && needed < stake.needed)
            {
                stake.level = Some(level);
                stake.needed = needed;
            }
        }
    }

    let mut contention = vec![false; kb.causes.len()];
    if whole {
        for cause in causes_in_contention(kb, engine, &outcome, &open) {
            contention[cause] = true;
        }
    }
    for (r, rule) in kb.rules.iter().enumerate() {
        if !open[r] {
            continue;
        }
        let at_stake = || {
            rule.then.iter().filter_map(|a| match a {
                Action::Evidence { cause, weight } if contention[*cause] => {
                    Some((*cause, weight.abs()))
                }
                _ => None,
            })
        };
        if at_stake().next().is_none() {
            continue;
        }
        deps.of_condition(&rule.when, &mut findings);
        for &fact in &findings {
            let stake = &mut stakes[fact];
            for (cause, weight) in at_stake() {
                stake.weight += weight;
                // Repeats are removed below, once: a fact that feeds many rules would
                // otherwise search its causes for every one of them.
                stake.causes.push(cause);
            }
        }
    }
    let mut seen = vec![false; kb.causes.len()];
    stakes
        .into_iter()
        .enumerate()
        .filter(|(_, s)| s.matters())
        .map(|(fact, mut stake)| {
            stake
                .causes
                .retain(|&c| !std::mem::replace(&mut seen[c], true));
            for &c in &stake.causes {
                seen[c] = false;
            }
            (fact, stake)
        })
        .collect()
}

/// How many of the facts a condition reads already hold as it needs them: a yes/no answer
/// that matches, or an age or a choice that passes the rule's own test (a demographic that
/// merely has an answer points nowhere: an age of 45 does not bring a rule for 50 closer). A
/// concept not derived yet counts the parts that hold of the rules that could derive it: a faint
/// "when pregnancy cannot be excluded" is confirmed further by an age of 26 and the sex.
struct Confirmed<'a, 'kb> {
    engine: &'a Engine<'kb>,
    memo: ConceptMemo,
    /// One buffer for every rule.
    out: Vec<FactId>,
}

impl<'a, 'kb> Confirmed<'a, 'kb> {
    fn new(engine: &'a Engine<'kb>) -> Self {
        Confirmed {
            engine,
            memo: ConceptMemo::new(engine.kb()),
            out: Vec::new(),
        }
    }

    fn parts(&mut self, condition: &Condition) -> usize {
        let mut out = std::mem::take(&mut self.out);
        out.clear();
        self.collect(condition, &mut out);
        let count = out.len();
        self.out = out;
        count
    }
}

impl<'kb> ThroughConcepts<'kb> for Confirmed<'_, 'kb> {
    fn engine(&self) -> &Engine<'kb> {
        self.engine
    }

    fn memo(&mut self) -> &mut ConceptMemo {
        &mut self.memo
    }

    fn through(&self, rule: RuleId) -> bool {
        !self.engine.has_fired(rule)
    }

    fn collect(&mut self, condition: &Condition, out: &mut Vec<FactId>) {
        let engine = self.engine;
        match condition {
            Condition::All(parts)
            | Condition::Any(parts)
            | Condition::AtLeast { of: parts, .. } => {
                for part in parts {
                    self.collect(part, out);
                }
            }
            Condition::Compare { fact, .. } | Condition::Choice { fact, .. } => {
                if engine.eval(condition) == Tri::True {
                    add_once(*fact, out);
                }
            }
            Condition::Is {
                fact,
                present: true,
            } if engine.kb().facts[*fact].is_concept() && engine.value(*fact) == Value::Unknown => {
                self.add_concept(*fact, out);
            }
            _ => condition.visit_facts(true, &mut |fact, positive| {
                let holds = match engine.value(fact) {
                    Value::Present => positive,
                    Value::Absent => !positive,
                    Value::Number(_) | Value::Choice(_) | Value::Unknown | Value::Unsure => false,
                };
                if holds {
                    add_once(fact, out);
                }
            }),
        }
    }
}

/// Adds a fact to a list of distinct facts.
fn add_once(fact: FactId, out: &mut Vec<FactId>) {
    if !out.contains(&fact) {
        out.push(fact);
    }
}

/// Per concept, the facts a walk found through the rules that could derive it, as a range of
/// `found` once known (an empty range while in progress, so a positive cycle ends there).
struct ConceptMemo {
    ranges: Vec<Option<std::ops::Range<usize>>>,
    found: Vec<FactId>,
}

impl ConceptMemo {
    fn new(kb: &KnowledgeBase) -> Self {
        ConceptMemo {
            ranges: vec![None; kb.facts.len()],
            found: Vec::new(),
        }
    }
}

/// A walk over conditions that looks through a concept into the rules that could derive it,
/// once per concept.
trait ThroughConcepts<'kb> {
    fn engine(&self) -> &Engine<'kb>;
    fn memo(&mut self) -> &mut ConceptMemo;
    /// Whether the walk looks through this rule, one that derives a concept.
    fn through(&self, rule: RuleId) -> bool;
    /// Adds what the walk finds in `condition` to `out`, each fact once.
    fn collect(&mut self, condition: &Condition, out: &mut Vec<FactId>);

    /// Adds what the walk finds in the rules that could derive `concept` to `out`.
    fn add_concept(&mut self, concept: FactId, out: &mut Vec<FactId>) {
        let range = match self.memo().ranges[concept].clone() {
            Some(known) => known,
            None => {
                self.memo().ranges[concept] = Some(0..0);
                let kb = self.engine().kb();
                let mut found = Vec::new();
                for &r in &kb.derivers[concept] {
                    if self.through(r) {
                        self.collect(&kb.rules[r].when, &mut found);
                    }
                }
                let memo = self.memo();
                let start = memo.found.len();
                memo.found.extend_from_slice(&found);
                memo.ranges[concept] = Some(start..memo.found.len());
                start..memo.found.len()
            }
        };
        for &fact in &self.memo().found[range] {
            add_once(fact, out);
        }
    }
}

/// The unanswered findings an open condition still depends on, looking through concepts that
/// are still unknown to the open rules that could derive them. A part that can no longer go the
/// way the condition needs (an `all` beside a finding answered "not sure", say) is left out:
/// answering its findings cannot bring the rule closer.
struct Dependencies<'a, 'kb> {
    engine: &'a Engine<'kb>,
    asked: &'a [bool],
    open: &'a [bool],
    memo: ConceptMemo,
    costs: Costs<'a, 'kb>,
    /// The value the part being walked must take for the rule to fire (false under a `not`).
    want: bool,
    /// Whether parts that cannot go the way needed are left out: not inside a concept that must
    /// turn false, where every rule that could still derive it must fail.
    prune: bool,
    /// The concepts being walked that way, so that a cycle ends.
    negated: Vec<FactId>,
}

impl Dependencies<'_, '_> {
    /// The findings into `out` (emptied first, so one buffer serves every rule).
    fn of_condition(&mut self, condition: &Condition, out: &mut Vec<FactId>) {
        out.clear();
        self.want = true;
        self.collect(condition, out);
    }

    /// The findings that could make a concept false: those of every rule that could still derive
    /// it (each must fail, not only those that could still fire), none left out.
    fn add_negated_concept(&mut self, concept: FactId, out: &mut Vec<FactId>) {
        if self.negated.contains(&concept) {
            return;
        }
        self.negated.push(concept);
        let prune = std::mem::replace(&mut self.prune, false);
        let kb = self.engine.kb();
        for &r in &kb.derivers[concept] {
            if !self.engine.has_fired(r) && self.engine.eval(&kb.rules[r].when) == Tri::Unknown {
                self.collect(&kb.rules[r].when, out);
            }
        }
        self.prune = prune;
        self.negated.pop();
    }

    /// Whether the part can still take the value the walk needs of it.
    fn can_go_the_needed_way(&mut self, condition: &Condition) -> bool {
        let cost = self.costs.condition(condition);
        if self.want {
            cost.to_true.is_some()
        } else {
            cost.to_false.is_some()
        }
    }
}

impl<'kb> ThroughConcepts<'kb> for Dependencies<'_, 'kb> {
    fn engine(&self) -> &Engine<'kb> {
        self.engine
    }

    fn memo(&mut self) -> &mut ConceptMemo {
        &mut self.memo
    }

    fn through(&self, rule: RuleId) -> bool {
        self.open[rule]
    }

    /// Adds the condition's findings to `out`, each once, in the order first met. A finding
    /// already asked counts only where `{x: unknown}` still waits for it (an item of a
    /// checklist answered "not sure", see `Interview::take`).
    fn collect(&mut self, condition: &Condition, out: &mut Vec<FactId>) {
        let kb = self.engine.kb();
        // A part already decided (an `any` one of whose parts holds) needs no answer.
        if self.engine.eval(condition) != Tri::Unknown {
            return;
        }
        if let Condition::Unanswered { fact } | Condition::NotSure { fact } = condition {
            if self.engine.is_pending(*fact) && !out.contains(fact) {
                out.push(*fact);
            }
            return;
        }
        if let Condition::All(parts)
        | Condition::Any(parts)
        | Condition::AtLeast { of: parts, .. } = condition
        {
            // Where the condition can still go the way needed, so can every part of an `all`
            // that must hold (or of an `any` that must fail): only the alternatives are judged.
            let alternatives = match condition {
                Condition::All(_) => !self.want,
                Condition::Any(_) => self.want,
                _ => true,
            };
            for part in parts {
                if !self.prune || !alternatives || self.can_go_the_needed_way(part) {
                    self.collect(part, out);
                }
            }
            return;
        }
        if let Condition::Not(inner) = condition {
            self.want = !self.want;
            self.collect(inner, out);
            self.want = !self.want;
            return;
        }
        // A concept needed true is walked through the rules that could derive it, once (the
        // memo); one needed false, through every rule that could still derive it, in full.
        let want = std::mem::replace(&mut self.want, true);
        condition.visit_facts(true, &mut |fact, positive| {
            if self.engine.value(fact).is_known() || self.asked[fact] {
                return;
            }
            if !kb.facts[fact].is_concept() {
                add_once(fact, out);
            } else if self.prune && want == positive {
                self.add_concept(fact, out);
            } else {
                self.add_negated_concept(fact, out);
            }
        });
        self.want = want;
    }
}

/// How many more answers a condition needs to become true, and to become false: unasked
/// findings may take any value (one answer each), findings answered "don't know" stay unknown
/// for good (never), known findings cost nothing. `None` means it can't happen any more. Each
/// part is judged on its own, so a finding read twice may be counted both ways: the estimate
/// errs towards "can", which only ever keeps a question in play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    pub to_true: Option<usize>,
    pub to_false: Option<usize>,
}

impl Cost {
    const FREE: Cost = Cost {
        to_true: Some(1),
        to_false: Some(1),
    };
    const NEVER: Cost = Cost {
        to_true: None,
        to_false: None,
    };

    fn known(value: bool) -> Cost {
        if value {
            Cost {
                to_true: Some(0),
                to_false: None,
            }
        } else {
            Cost {
                to_true: None,
                to_false: Some(0),
            }
        }
    }

    fn flip(self) -> Cost {
        Cost {
            to_true: self.to_false,
            to_false: self.to_true,
        }
    }
}

/// Both needed: the sum, or never if either is never.
fn add(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    Some(a? + b?)
}

/// Either will do: the cheaper, or never if both are never.
fn min(a: Option<usize>, b: Option<usize>) -> Option<usize> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn sum(costs: impl Iterator<Item = Option<usize>>) -> Option<usize> {
    costs.sum()
}

fn cheapest(costs: impl Iterator<Item = Option<usize>>) -> Option<usize> {
    costs.flatten().min()
}

/// The `count` cheapest of `costs`, added up.
fn cheapest_n(costs: impl Iterator<Item = Option<usize>>, count: usize) -> Option<usize> {
    let mut costs: Vec<usize> = costs.flatten().collect();
    if costs.len() < count {
        return None;
    }
    costs.sort_unstable();
    Some(costs[..count].iter().sum())
}

pub struct Costs<'a, 'kb> {
    engine: &'a Engine<'kb>,
    asked: &'a [bool],
    memo: Vec<Option<Cost>>,
    /// The concepts being worked out, each at its depth in the walk: one met again is a cycle.
    depth_of: Vec<Option<usize>>,
    depth: usize,
    /// The shallowest concept still being worked out that the current one read: a result
    /// that read an unfinished concept above it is not kept (it may be too low).
    lowest: usize,
}

impl<'a, 'kb> Costs<'a, 'kb> {
    pub fn new(engine: &'a Engine<'kb>, asked: &'a [bool]) -> Self {
        Costs {
            engine,
            asked,
            memo: vec![None; engine.kb().facts.len()],
            depth_of: vec![None; engine.kb().facts.len()],
            depth: 0,
            lowest: usize::MAX,
        }
    }

    fn unknown_fact(&mut self, fact: FactId) -> Cost {
        let kb = self.engine.kb();
        if !kb.facts[fact].is_concept() {
            return if self.asked[fact] {
                Cost::NEVER
            } else {
                Cost::FREE
            };
        }
        if let Some(known) = self.memo[fact] {
            return known;
        }
        // In progress: a concept can't support itself (the engine takes the least fixpoint).
        if let Some(depth) = self.depth_of[fact] {
            self.lowest = self.lowest.min(depth);
            return Cost {
                to_true: None,
                to_false: Some(0),
            };
        }
        let depth = self.depth;
        self.depth += 1;
        self.depth_of[fact] = Some(depth);
        let outer = std::mem::replace(&mut self.lowest, usize::MAX);
        let derivers: Vec<Cost> = kb.derivers[fact]
            .iter()
            .filter(|&&r| !self.engine.has_fired(r))
            .map(|&r| self.condition(&kb.rules[r].when))
            .collect();
        let result = Cost {
            to_true: cheapest(derivers.iter().map(|c| c.to_true)),
            to_false: sum(derivers.iter().map(|c| c.to_false)),
        };
        self.depth -= 1;
        self.depth_of[fact] = None;
        // Kept unless it read a concept above it that was still being worked out (a cycle
        // through an ancestor, whose own result may yet make this one cheaper).
        if self.lowest >= depth {
            self.memo[fact] = Some(result);
            self.lowest = outer;
        } else {
            self.lowest = outer.min(self.lowest);
        }
        result
    }

    pub fn condition(&mut self, condition: &Condition) -> Cost {
        let value = |f: FactId| self.engine.value(f);
        match condition {
            Condition::Is { fact, present } => {
                let cost = match value(*fact) {
                    Value::Present => Cost::known(true),
                    Value::Absent => Cost::known(false),
                    _ => self.unknown_fact(*fact),
                };
                if *present { cost } else { cost.flip() }
            }
            // Unanswered: while the finding is pending, one answer makes it true ("not sure")
            // or false (any other); once asked, or on a full set of answers, it is decided.
            Condition::Unanswered { .. } | Condition::NotSure { .. } => {
                match self.engine.eval(condition) {
                    Tri::True => Cost::known(true),
                    Tri::False => Cost::known(false),
                    Tri::Unknown => Cost::FREE,
                }
            }
            Condition::Compare { fact, .. } | Condition::Choice { fact, .. } => {
                match condition.eval(&value) {
                    Tri::True => Cost::known(true),
                    Tri::False => Cost::known(false),
                    Tri::Unknown => self.unknown_fact(*fact),
                }
            }
            // Folded part by part, without collecting the parts' costs: this runs for every
            // open rule at every question.
            Condition::All(parts) => {
                let (mut to_true, mut to_false) = (Some(0), None);
                for part in parts {
                    let cost = self.condition(part);
                    to_true = add(to_true, cost.to_true);
                    to_false = min(to_false, cost.to_false);
                }
                Cost { to_true, to_false }
            }
            Condition::Any(parts) => {
                let (mut to_true, mut to_false) = (None, Some(0));
                for part in parts {
                    let cost = self.condition(part);
                    to_true = min(to_true, cost.to_true);
                    to_false = add(to_false, cost.to_false);
                }
                Cost { to_true, to_false }
            }
            Condition::Not(inner) => self.condition(inner).flip(),
            Condition::AtLeast { count, of } => {
                let parts: Vec<Cost> = of.iter().map(|p| self.condition(p)).collect();
                Cost {
                    to_true: cheapest_n(parts.iter().map(|c| c.to_true), *count),
                    to_false: cheapest_n(parts.iter().map(|c| c.to_false), of.len() + 1 - count),
                }
            }
        }
    }
}

/// A cause's score now, and how far open rules could still move it.
#[derive(Debug, Clone, Copy)]
struct Range {
    cause: CauseId,
    score: f64,
    low: f64,
    high: f64,
    can_be_supported: bool,
}

/// The causes whose place in the top three is not settled yet: every cause in a comparison
/// that open rules could still flip.
fn causes_in_contention(
    kb: &KnowledgeBase,
    engine: &Engine,
    outcome: &crate::assess::Outcome,
    open: &[bool],
) -> Vec<CauseId> {
    let mut ranges: Vec<Range> = (0..kb.causes.len())
        .map(|cause| Range {
            cause,
            score: 0.0,
            low: 0.0,
            high: 0.0,
            can_be_supported: false,
        })
        .collect();
    for firing in engine.trace() {
        for action in &kb.rules[firing.rule].then {
            if let Action::Evidence { cause, weight } = action {
                ranges[*cause].score += weight;
                if *weight > 0.0 {
                    ranges[*cause].can_be_supported = true;
                }
            }
        }
    }
    for range in &mut ranges {
        range.low = range.score;
        range.high = range.score;
    }
    for (r, rule) in kb.rules.iter().enumerate() {
        if !open[r] {
            continue;
        }
        for action in &rule.then {
            if let Action::Evidence { cause, weight } = action {
                if *weight > 0.0 {
                    ranges[*cause].high += weight;
                    ranges[*cause].can_be_supported = true;
                } else {
                    ranges[*cause].low += weight;
                }
            }
        }
    }
    let min = kb.metadata.min_cause_score;
    let top: Vec<Range> = outcome
        .causes
        .iter()
        .take(3)
        .map(|c| ranges[c.cause])
        .collect();
    let mut contention: Vec<CauseId> = Vec::new();
    let mut add = |c: CauseId| {
        if !contention.contains(&c) {
            contention.push(c);
        }
    };
    // Ahead of b for sure: a's worst is above b's best (equal scores break by definition order).
    let surely_ahead =
        |a: &Range, b: &Range| a.low > b.high || (a.low == b.high && a.cause < b.cause);
    for a in &top {
        if a.low < min {
            add(a.cause);
        }
    }
    for pair in top.windows(2) {
        if !surely_ahead(&pair[0], &pair[1]) {
            add(pair[0].cause);
            add(pair[1].cause);
        }
    }
    for b in ranges
        .iter()
        .filter(|b| !top.iter().any(|t| t.cause == b.cause))
    {
        if !b.can_be_supported || b.high < min {
            continue;
        }
        match top.get(2) {
            Some(third) if surely_ahead(third, b) => {}
            Some(third) => {
                add(third.cause);
                add(b.cause);
            }
            None => add(b.cause),
        }
    }
    contention
}

/// One value from each range of a number that the rules tell apart: every bound the rules
/// compare it with, and the values just beside each bound.
pub fn thresholds(kb: &KnowledgeBase, fact: FactId) -> Vec<f64> {
    let crate::kb::FactKind::Number { min, max, .. } = kb.facts[fact].kind else {
        return Vec::new();
    };
    let mut values = vec![min, max];
    for &r in &kb.readers[fact] {
        kb.rules[r].when.visit_compares(&mut |f, tests| {
            if f == fact {
                for &(_, bound) in tests {
                    values.extend([bound - 0.5, bound, bound + 0.5]);
                }
            }
        });
    }
    values.retain(|v| *v >= min && *v <= max);
    values.sort_by(f64::total_cmp);
    values.dedup();
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The engine with `id` answered "not sure" and asked (unknown for good), and the mask of
    /// the findings asked.
    fn not_sure_of<'kb>(kb: &'kb KnowledgeBase, id: &str) -> (Engine<'kb>, Vec<bool>) {
        let mut engine = Engine::new(kb);
        let fact = kb.fact(id).unwrap();
        engine.set(fact, Value::Unsure);
        engine.settle(fact);
        engine.run().unwrap();
        let mut asked = vec![false; kb.facts.len()];
        asked[fact] = true;
        (engine, asked)
    }

    /// What the report reads of the urgency alone is what the interview's whole stakes say of
    /// it, for every finding, over the shipped rules: with nothing answered, and after each
    /// finding alone answered yes, no or not sure (the last asked, as in an interview).
    #[test]
    fn the_urgency_stakes_are_the_stakes_without_the_causes() {
        let kb = crate::kb::load(&crate::kb::KbSource::Builtin).unwrap().kb;
        let urgency = |s: &Stake| {
            let danger = (s.danger, s.total_danger);
            (
                s.level,
                s.needed,
                s.urgency_rules.clone(),
                danger,
                s.fallback,
            )
        };
        let mut compared = 0;
        let answers = (0..kb.facts.len())
            .filter(|&f| !kb.facts[f].is_concept())
            .flat_map(|f| [Value::Present, Value::Absent, Value::Unsure].map(|v| Some((f, v))));
        for answer in std::iter::once(None).chain(answers) {
            let mut engine = Engine::new(&kb);
            let mut asked = vec![false; kb.facts.len()];
            if let Some((fact, value)) = answer {
                engine.set(fact, value);
                asked[fact] = value == Value::Unsure;
            }
            engine.run().unwrap();
            let whole = stakes(&engine, &asked);
            let alone = urgency_stakes(&engine, &asked);
            let levels = |m: &BTreeMap<FactId, Stake>| -> Vec<_> {
                (m.iter())
                    .filter(|(_, s)| s.level.is_some())
                    .map(|(&f, s)| (f, urgency(s)))
                    .collect()
            };
            assert_eq!(levels(&alone), levels(&whole), "{answer:?}");
            assert!(
                alone
                    .values()
                    .all(|s| s.weight == 0.0 && s.causes.is_empty())
            );
            compared += whole.len();
        }
        assert!(compared > 1000, "{compared}");
    }

    /// A rule confirmed through a concept: the parts that hold of the rule that could derive
    /// the concept (a, an age in its range) count for the rule reading the concept, as they
    /// would if the rule spelt the concept out.
    #[test]
    fn the_confirmed_parts_of_a_rule_include_those_of_a_concept_not_derived_yet() {
        let text = "
findings:
  - {id: age, kind: number, question: age?, min: 0, max: 120}
  - {id: a, question: a?}
  - {id: b, question: b?}
  - {id: c, question: c?}
concepts: [{id: x}]
causes: [{id: one, name: One}]
rules:
  - id: x_from_a_c_and_age
    when: {all: [a, c, {age: {at_least: 12, at_most: 55}}]}
    then: [{derive: x}]
  - id: b_with_x
    when: {all: [b, x]}
    then: [{urgency: emergency, reason: r}]
";
        let kb = crate::kb::two_level_kb(text);
        let mut engine = Engine::new(&kb);
        engine.set(kb.fact("a").unwrap(), Value::Present);
        engine.set(kb.fact("age").unwrap(), Value::Number(26.0));
        engine.run().unwrap();
        let rule = kb.rules.iter().position(|r| r.id == "b_with_x").unwrap();
        assert_eq!(Confirmed::new(&engine).parts(&kb.rules[rule].when), 2);
        let asked = vec![false; kb.facts.len()];
        let b = stakes(&engine, &asked)[&kb.fact("b").unwrap()].clone();
        assert_eq!((b.confirmed, b.needed), (2, 2), "{b:?}");
    }

    /// A finding whose only way into a rule runs beside a finding answered "not sure" (unknown
    /// for good) cannot bring the rule closer: it has no stake in it, while the rule's other
    /// way still does. The chest-pain rule's risk factors (smoking, diabetes) were asked, one
    /// answer each, after "not sure" of chest pain, before the nerve checklist.
    #[test]
    fn a_finding_beside_one_answered_not_sure_has_no_stake_in_that_rule() {
        let text = "
findings:
  - {id: chest, question: chest?}
  - {id: smoker, question: smoker?}
  - {id: combined, question: combined?}
causes: [{id: one, name: One}]
rules:
  - id: chest_with_smoking
    when: {any: [combined, {all: [chest, smoker]}]}
    then: [{urgency: emergency, reason: r}]
";
        let kb = crate::kb::two_level_kb(text);
        let (engine, asked) = not_sure_of(&kb, "chest");
        let stakes = stakes(&engine, &asked);
        assert!(
            !stakes.contains_key(&kb.fact("smoker").unwrap()),
            "{stakes:?}"
        );
        assert_eq!(stakes[&kb.fact("combined").unwrap()].needed, 1);
    }

    /// A concept a rule needs false is made false only when every rule that could derive it
    /// fails: each finding of theirs has a stake, even beside one answered "not sure" (which
    /// keeps that part from holding, not the rule from failing).
    #[test]
    fn a_concept_needed_false_keeps_the_stake_of_every_finding_that_could_derive_it() {
        let text = "
findings:
  - {id: flag, question: flag?}
  - {id: a, question: a?}
  - {id: d, question: d?}
  - {id: e, question: e?}
concepts: [{id: c}]
causes: [{id: one, name: One}]
rules:
  - id: c_from_a_and_e_or_d
    when: {any: [{all: [a, e]}, d]}
    then: [{derive: c}]
  - id: flag_without_c
    when: {all: [flag, {not: c}]}
    then: [{urgency: emergency, reason: r}]
";
        let kb = crate::kb::two_level_kb(text);
        let (engine, asked) = not_sure_of(&kb, "a");
        let stakes = stakes(&engine, &asked);
        for id in ["flag", "d", "e"] {
            assert!(
                stakes.contains_key(&kb.fact(id).unwrap()),
                "{id}: {stakes:?}"
            );
        }
    }

    /// A concept in a cycle (y from x, x from y or from f) worked out while the concept above it
    /// was unfinished is not kept as "never": y can hold through x, so the rule on y is open and
    /// its warning sign has a stake.
    #[test]
    fn a_concept_read_inside_a_cycle_is_not_kept_as_never() {
        let text = "
findings:
  - {id: flag, question: flag?}
  - {id: flag2, question: flag2?}
  - {id: f, question: f?}
concepts: [{id: x}, {id: y}]
causes: [{id: one, name: One}]
rules:
  - id: flag_with_x
    when: {all: [flag, x]}
    then: [{urgency: emergency, reason: r}]
  - id: x_from_f
    when: f
    then: [{derive: x}]
  - id: x_from_y
    when: y
    then: [{derive: x}]
  - id: y_from_x
    when: x
    then: [{derive: y}]
  - id: flag2_with_y
    when: {all: [flag2, y]}
    then: [{urgency: emergency, reason: r}]
";
        let kb = crate::kb::two_level_kb(text);
        let mut engine = Engine::new(&kb);
        engine.run().unwrap();
        let asked = vec![false; kb.facts.len()];
        let stakes = stakes(&engine, &asked);
        for id in ["flag", "flag2", "f"] {
            assert!(
                stakes.contains_key(&kb.fact(id).unwrap()),
                "{id}: {stakes:?}"
            );
        }
    }
}
