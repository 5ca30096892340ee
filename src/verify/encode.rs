//! The engine's semantics as a circuit (dual-rail encoding of Kleene logic).
//!
//! Every condition and every fact gets two literals: `yes` (definitely true / present) and
//! `no` (definitely false / absent); both false means unknown, and both true never happens.
//! Kleene's connectives become: `not` swaps the rails, `all` is true when every part is and
//! false when some part is, `any` dually, `at_least n of` counts each rail.
//!
//! The answers are the circuit's only inputs: each yes/no finding is present, absent or
//! unknown; a number lies in one of the regions that the thresholds of the rules cut its range
//! into (or is unknown); a choice has one option (or is unknown). Everything else is a function
//! of those, built to match src/engine exactly:
//!
//! - a rule fires iff its condition is definitely true on the final values (Kleene
//!   evaluation is monotone in information, so the order the engine fires rules in does not
//!   change which rules fire);
//! - a concept is present iff a rule deriving it fires, as a least fixpoint: concepts that
//!   derive each other (a strongly connected component of the concept graph) are unrolled as
//!   many times as the component has members, so a loop of rules can never support itself;
//! - a concept is absent iff it is not present and no rule deriving it can still become true,
//!   again a least fixpoint over its component (the engine's `settle_concepts`);
//! - the urgency is at least a level iff the default is, or a fired rule sets one at least as
//!   urgent; a cause is listed iff a fired rule supports it and its summed score reaches the
//!   knowledge base's minimum.

use super::cnf::Circuit;
use crate::engine::condition::{Condition, FactId};
use crate::kb::{Action, CauseId, FactKind, KnowledgeBase, RuleId};
use std::collections::BTreeMap;
use varisat::Lit;

/// The partial sums the scores of one cause may take, all layers together, before `verify`
/// says it can't decide (each costs the solver a few clauses; 200 rules with distinct weights
/// for one cause would otherwise take gigabytes).
pub const MAX_PARTIAL_SUMS: usize = 200_000;

/// A region of a number's range in which every threshold the rules use gives the same answer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Region {
    /// The ends of the region: equal for a single point, else the open interval between.
    pub low: f64,
    pub high: f64,
    /// A value inside the region, used to write counterexamples.
    pub example: f64,
}

impl Region {
    pub fn contains(&self, value: f64) -> bool {
        if self.low == self.high {
            value == self.low
        } else {
            self.low < value && value < self.high
        }
    }
}

/// How one fact's value is represented.
#[derive(Debug, Clone)]
pub enum Rails {
    /// A yes/no finding or a concept: present, absent, answered "not sure" (none: never
    /// asked). A concept is never "not sure": its `unsure` is the constant false.
    Presence { yes: Lit, no: Lit, unsure: Lit },
    /// A number: one literal per region (none: unknown).
    Number(Vec<(Region, Lit)>),
    /// A choice: one literal per option (none: unknown).
    Choice(Vec<Lit>),
}

impl Rails {
    /// The literals of which exactly one is true when the fact is known.
    pub fn known_lits(&self) -> Vec<Lit> {
        match self {
            Rails::Presence { yes, no, unsure } => vec![*yes, *no, *unsure],
            Rails::Number(regions) => regions.iter().map(|(_, l)| *l).collect(),
            Rails::Choice(options) => options.clone(),
        }
    }
}

/// What to encode: the strongly connected components of the concept graph in dependency
/// order, restricted to those some root depends on.
pub struct Plan {
    components: Vec<Vec<FactId>>,
    /// The facts (findings) whose answers can matter.
    pub read_findings: Vec<FactId>,
}

/// Every threshold a number is compared with, cut into regions.
fn regions(kb: &KnowledgeBase, fact: FactId, bounds: &[f64]) -> Vec<Region> {
    let FactKind::Number { min, max, .. } = kb.facts[fact].kind else {
        return Vec::new();
    };
    let mut points: Vec<f64> = bounds
        .iter()
        .copied()
        .filter(|b| *b >= min && *b <= max)
        .chain([min, max])
        .collect();
    points.sort_by(f64::total_cmp);
    points.dedup();
    let mut out = Vec::new();
    for (i, &point) in points.iter().enumerate() {
        out.push(Region {
            low: point,
            high: point,
            example: point,
        });
        if let Some(&next) = points.get(i + 1) {
            // Prefer a whole number strictly between the two points; else the midpoint.
            let whole = point.floor() + 1.0;
            let example = if whole < next {
                whole
            } else {
                point + (next - point) / 2.0
            };
            if example > point && example < next {
                out.push(Region {
                    low: point,
                    high: next,
                    example,
                });
            }
        }
    }
    out
}

fn collect_bounds(condition: &Condition, out: &mut BTreeMap<FactId, Vec<f64>>) {
    match condition {
        Condition::Compare { fact, tests } => out
            .entry(*fact)
            .or_default()
            .extend(tests.iter().map(|(_, b)| *b)),
        Condition::All(parts) | Condition::Any(parts) | Condition::AtLeast { of: parts, .. } => {
            for part in parts {
                collect_bounds(part, out);
            }
        }
        Condition::Not(inner) => collect_bounds(inner, out),
        Condition::Is { .. }
        | Condition::Choice { .. }
        | Condition::Unanswered { .. }
        | Condition::NotSure { .. } => {}
    }
}

impl Plan {
    /// Plans the encoding of everything the given conditions and rules depend on.
    pub fn new<'a>(
        kb: &KnowledgeBase,
        conditions: impl IntoIterator<Item = &'a Condition>,
        rules: impl IntoIterator<Item = RuleId>,
    ) -> Plan {
        let mut needed = vec![false; kb.facts.len()];
        let mut work: Vec<FactId> = Vec::new();
        let read = |c: &Condition, work: &mut Vec<FactId>| {
            c.visit_facts(true, &mut |f, _| work.push(f));
        };
        for condition in conditions {
            read(condition, &mut work);
        }
        for rule in rules {
            read(&kb.rules[rule].when, &mut work);
        }
        while let Some(fact) = work.pop() {
            if std::mem::replace(&mut needed[fact], true) {
                continue;
            }
            if kb.facts[fact].is_concept() {
                for &r in &kb.derivers[fact] {
                    read(&kb.rules[r].when, &mut work);
                }
            }
        }
        let read_findings = (0..kb.facts.len())
            .filter(|&f| needed[f] && !kb.facts[f].is_concept())
            .collect();
        let components = concept_components(kb)
            .into_iter()
            .filter(|c| needed[c[0]])
            .collect();
        Plan {
            components,
            read_findings,
        }
    }
}

/// The strongly connected components of the concept graph (an edge from every concept a rule
/// reads to every concept it derives), dependencies first. Iterative Tarjan.
fn concept_components(kb: &KnowledgeBase) -> Vec<Vec<FactId>> {
    let n = kb.facts.len();
    let mut outgoing: Vec<Vec<FactId>> = vec![Vec::new(); n];
    for (f, derivers) in kb.derivers.iter().enumerate() {
        for &r in derivers {
            kb.rules[r].when.visit_facts(true, &mut |read, _| {
                if kb.facts[read].is_concept() && !outgoing[read].contains(&f) {
                    outgoing[read].push(f);
                }
            });
        }
    }
    let concepts = (0..n).filter(|&f| kb.facts[f].is_concept());
    let mut components = crate::kb::strongly_connected(&outgoing, concepts);
    // Tarjan finds a component after every component it reaches: reverse for dependencies
    // first.
    components.reverse();
    components
}

/// The free inputs: one set of rails per finding whose answer can matter.
pub struct Inputs {
    pub rails: Vec<Option<Rails>>,
}

impl Inputs {
    pub fn new<'a>(
        circuit: &mut Circuit,
        kb: &KnowledgeBase,
        plan: &Plan,
        extra: impl IntoIterator<Item = &'a Condition>,
    ) -> Inputs {
        let mut bounds = BTreeMap::new();
        for rule in &kb.rules {
            collect_bounds(&rule.when, &mut bounds);
        }
        for condition in extra {
            collect_bounds(condition, &mut bounds);
        }
        let mut rails = vec![None; kb.facts.len()];
        for &fact in &plan.read_findings {
            rails[fact] = Some(match &kb.facts[fact].kind {
                FactKind::Number { .. } => {
                    let cut = regions(kb, fact, bounds.get(&fact).map_or(&[][..], Vec::as_slice));
                    let lits: Vec<(Region, Lit)> =
                        cut.into_iter().map(|r| (r, circuit.input())).collect();
                    let only: Vec<Lit> = lits.iter().map(|(_, l)| *l).collect();
                    circuit.at_most_one(&only);
                    Rails::Number(lits)
                }
                FactKind::Choice { options } => {
                    let lits: Vec<Lit> = options.iter().map(|_| circuit.input()).collect();
                    circuit.at_most_one(&lits);
                    Rails::Choice(lits)
                }
                FactKind::YesNo | FactKind::Concept => {
                    let (yes, no, unsure) = (circuit.input(), circuit.input(), circuit.input());
                    circuit.at_most_one(&[yes, no, unsure]);
                    Rails::Presence { yes, no, unsure }
                }
            });
        }
        Inputs { rails }
    }
}

/// One copy of the knowledge base's semantics over a set of input rails.
pub struct Copy<'kb> {
    kb: &'kb KnowledgeBase,
    rails: Vec<Option<Rails>>,
    fired: Vec<Option<Lit>>,
}

impl<'kb> Copy<'kb> {
    /// Encodes every planned concept over the given inputs.
    pub fn new(
        circuit: &mut Circuit,
        kb: &'kb KnowledgeBase,
        plan: &Plan,
        inputs: Vec<Option<Rails>>,
    ) -> Copy<'kb> {
        let mut copy = Copy {
            kb,
            rails: inputs,
            fired: vec![None; kb.rules.len()],
        };
        for component in &plan.components {
            copy.component(circuit, component);
        }
        copy
    }

    fn component(&mut self, circuit: &mut Circuit, members: &[FactId]) {
        let kb = self.kb;
        let rounds = members.len();
        // Present: the least fixpoint of firing, members not yet derived being unknown.
        let mut present = vec![circuit.constant(false); members.len()];
        for _ in 0..rounds {
            for (i, &m) in members.iter().enumerate() {
                self.rails[m] = Some(Rails::Presence {
                    yes: present[i],
                    no: circuit.constant(false),
                    unsure: circuit.constant(false),
                });
            }
            let next: Vec<Lit> = members
                .iter()
                .map(|&m| {
                    let fires: Vec<Lit> = kb.derivers[m]
                        .iter()
                        .map(|&r| self.condition(circuit, &kb.rules[r].when).0)
                        .collect();
                    circuit.or(&fires)
                })
                .collect();
            present = next;
        }
        // Possible: the least fixpoint of "some deriver is not definitely false", members
        // neither present nor possible being absent.
        let mut possible = vec![circuit.constant(false); members.len()];
        for _ in 0..rounds {
            for (i, &m) in members.iter().enumerate() {
                let no = circuit.and(&[!present[i], !possible[i]]);
                self.rails[m] = Some(Rails::Presence {
                    yes: present[i],
                    no,
                    unsure: circuit.constant(false),
                });
            }
            let next: Vec<Lit> = members
                .iter()
                .enumerate()
                .map(|(i, &m)| {
                    let open: Vec<Lit> = kb.derivers[m]
                        .iter()
                        .map(|&r| !self.condition(circuit, &kb.rules[r].when).1)
                        .collect();
                    let some = circuit.or(&open);
                    circuit.and(&[!present[i], some])
                })
                .collect();
            possible = next;
        }
        for (i, &m) in members.iter().enumerate() {
            let no = circuit.and(&[!present[i], !possible[i]]);
            self.rails[m] = Some(Rails::Presence {
                yes: present[i],
                no,
                unsure: circuit.constant(false),
            });
        }
    }

    pub fn rails(&self, fact: FactId) -> Option<&Rails> {
        self.rails[fact].as_ref()
    }

    /// The (definitely true, definitely false) literals of a condition.
    pub fn condition(&self, circuit: &mut Circuit, condition: &Condition) -> (Lit, Lit) {
        let unknown = (circuit.constant(false), circuit.constant(false));
        match condition {
            Condition::Is { fact, present } => match &self.rails[*fact] {
                Some(Rails::Presence { yes, no, .. }) if *present => (*yes, *no),
                Some(Rails::Presence { yes, no, .. }) => (*no, *yes),
                _ => unknown,
            },
            Condition::Compare { fact, tests } => match &self.rails[*fact] {
                Some(Rails::Number(regions)) => {
                    let (mut holds, mut fails) = (Vec::new(), Vec::new());
                    for (region, lit) in regions {
                        if tests.iter().all(|(c, b)| c.holds(region.example, *b)) {
                            holds.push(*lit);
                        } else {
                            fails.push(*lit);
                        }
                    }
                    (circuit.or(&holds), circuit.or(&fails))
                }
                _ => unknown,
            },
            Condition::Choice { fact, option } => match &self.rails[*fact] {
                Some(Rails::Choice(options)) => {
                    let others: Vec<Lit> = options
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| i != option)
                        .map(|(_, l)| *l)
                        .collect();
                    (options[*option], circuit.or(&others))
                }
                _ => unknown,
            },
            Condition::Not(inner) => {
                let (yes, no) = self.condition(circuit, inner);
                (no, yes)
            }
            // "Not sure": the finding's own input; never unknown itself.
            Condition::NotSure { fact } => match &self.rails[*fact] {
                Some(Rails::Presence { unsure, .. }) => (*unsure, !*unsure),
                _ => (circuit.constant(false), circuit.constant(true)),
            },
            // Unanswered: no answer that says something ("not sure" says nothing); never
            // unknown itself.
            Condition::Unanswered { fact } => {
                let inputs: Vec<Lit> = match &self.rails[*fact] {
                    Some(Rails::Presence { yes, no, .. }) => vec![*yes, *no],
                    Some(Rails::Number(regions)) => regions.iter().map(|(_, l)| *l).collect(),
                    Some(Rails::Choice(options)) => options.clone(),
                    None => Vec::new(),
                };
                let answered = circuit.or(&inputs);
                (!answered, answered)
            }
            Condition::All(parts) | Condition::Any(parts) => {
                let rails: Vec<(Lit, Lit)> =
                    parts.iter().map(|p| self.condition(circuit, p)).collect();
                let yes: Vec<Lit> = rails.iter().map(|r| r.0).collect();
                let no: Vec<Lit> = rails.iter().map(|r| r.1).collect();
                if matches!(condition, Condition::All(_)) {
                    (circuit.and(&yes), circuit.or(&no))
                } else {
                    (circuit.or(&yes), circuit.and(&no))
                }
            }
            Condition::AtLeast { count, of } => {
                let rails: Vec<(Lit, Lit)> =
                    of.iter().map(|p| self.condition(circuit, p)).collect();
                let yes: Vec<Lit> = rails.iter().map(|r| r.0).collect();
                let no: Vec<Lit> = rails.iter().map(|r| r.1).collect();
                // False when more than `len - count` parts are definitely false.
                let too_many_false = of.len() + 1 - count;
                (
                    circuit.at_least(*count, &yes),
                    circuit.at_least(too_many_false, &no),
                )
            }
        }
    }

    /// Whether a rule fires.
    pub fn fired(&mut self, circuit: &mut Circuit, rule: RuleId) -> Lit {
        if let Some(lit) = self.fired[rule] {
            return lit;
        }
        let lit = self.condition(circuit, &self.kb.rules[rule].when).0;
        self.fired[rule] = Some(lit);
        lit
    }

    /// For every level, whether the urgency is at least that urgent.
    pub fn urgency_at_least(&mut self, circuit: &mut Circuit) -> Vec<Lit> {
        let kb = self.kb;
        (0..kb.levels.len())
            .map(|level| {
                if kb.default_level <= level {
                    return circuit.constant(true);
                }
                let setters: Vec<Lit> = (0..kb.rules.len())
                    .filter(|&r| {
                        kb.rules[r]
                            .then
                            .iter()
                            .any(|a| matches!(a, Action::Urgency { level: l, .. } if *l <= level))
                    })
                    .map(|r| self.fired(circuit, r))
                    .collect();
                circuit.or(&setters)
            })
            .collect()
    }

    /// Whether the cause is listed: a fired rule supports it, and its score reaches the
    /// minimum. The score is a sum over the fired rules, tracked exactly (in units of 2^-20)
    /// as a layered network of partial sums. Why not, if a weight is not a whole number of
    /// units (the sums would not be exact) or the sums are too many to track.
    pub fn listed(&mut self, circuit: &mut Circuit, cause: CauseId) -> Result<Lit, String> {
        const UNIT: f64 = (1u64 << 20) as f64;
        let kb = self.kb;
        let units = |value: f64| {
            let scaled = value * UNIT;
            (scaled.is_finite() && scaled.fract() == 0.0 && scaled.abs() < 2f64.powi(62))
                .then_some(scaled as i64)
                .ok_or_else(|| {
                    format!(
                        "{value} is not a whole multiple of 2^-20 (about one millionth), so \
                         scores can't be added up exactly"
                    )
                })
        };
        let mut budget = MAX_PARTIAL_SUMS;
        let mut support = Vec::new();
        let mut sums: BTreeMap<i64, Lit> = BTreeMap::from([(0, circuit.constant(true))]);
        for r in 0..kb.rules.len() {
            let weights: Vec<f64> = kb.rules[r]
                .then
                .iter()
                .filter_map(|a| match a {
                    Action::Evidence { cause: c, weight } if *c == cause => Some(*weight),
                    _ => None,
                })
                .collect();
            if weights.is_empty() {
                continue;
            }
            let fired = self.fired(circuit, r);
            if weights.iter().any(|w| *w > 0.0) {
                support.push(fired);
            }
            let mut step: i64 = 0;
            for &weight in &weights {
                step = step
                    .checked_add(units(weight)?)
                    .ok_or_else(|| "the weights are too large to add up".to_string())?;
            }
            if step == 0 {
                continue;
            }
            // Every partial sum costs the solver; past the budget, say so rather than run
            // out of memory.
            budget = budget.checked_sub(sums.len()).ok_or_else(|| {
                format!("the evidence adds up in more than {MAX_PARTIAL_SUMS} ways (partial sums)")
            })?;
            let mut next: BTreeMap<i64, Vec<Lit>> = BTreeMap::new();
            for (&sum, &lit) in &sums {
                let stay = circuit.and(&[lit, !fired]);
                let step_up = circuit.and(&[lit, fired]);
                let up = sum
                    .checked_add(step)
                    .ok_or_else(|| "the weights are too large to add up".to_string())?;
                next.entry(sum).or_default().push(stay);
                next.entry(up).or_default().push(step_up);
            }
            sums = next
                .into_iter()
                .map(|(sum, lits)| (sum, circuit.or(&lits)))
                .collect();
        }
        let threshold = units(kb.metadata.min_cause_score)?;
        let enough: Vec<Lit> = sums
            .iter()
            .filter(|(sum, _)| **sum >= threshold)
            .map(|(_, lit)| *lit)
            .collect();
        let supported = circuit.or(&support);
        let enough = circuit.or(&enough);
        Ok(circuit.and(&[supported, enough]))
    }
}
