//! Why the outcome is what it is: every rule that fired, in order, with the facts that made
//! it true and what it did; then the evidence for and against each ranked cause. And the
//! converse, `--why-not`: for a cause that did not come out (or not as high as expected), the
//! rules that could have supported it and which parts of their conditions were false or are
//! still unknown. This is what a clinician reads after an edit to see whether the rules say
//! what they meant.

use crate::answers::{Answers, number_json};
use crate::assess::{Evidence, Outcome, firing_cap_error};
use crate::engine::Engine;
use crate::engine::condition::{Condition, FactId, Tri, Value};
use crate::error::Error;
use crate::kb::{Action, CauseId, KnowledgeBase, RuleId};
use crate::report::{condition_text, facts_json, facts_text, level_title, score_text};
use crate::style::Style;
use serde_json::{Value as Json, json};
use std::fmt::Write as _;

/// The engine's state after an assessment: the outcome, and the value of every fact.
pub struct Explained<'kb> {
    kb: &'kb KnowledgeBase,
    pub outcome: Outcome,
    values: Vec<Value>,
}

impl<'kb> Explained<'kb> {
    pub fn new(kb: &'kb KnowledgeBase, answers: &Answers) -> Result<Self, Error> {
        let mut engine = Engine::new(kb);
        for (&fact, &value) in &answers.values {
            engine.set(fact, value);
        }
        engine.run().map_err(|cap| firing_cap_error(kb, cap))?;
        Ok(Explained {
            kb,
            outcome: Outcome::from_trace(kb, engine.trace()),
            values: engine.values().to_vec(),
        })
    }

    fn value(&self) -> impl Fn(FactId) -> Value + '_ {
        |f| self.values[f]
    }

    fn place(&self, rule: RuleId) -> String {
        self.kb
            .location(self.kb.rules[rule].span)
            .map_or(String::new(), |l| format!("  ({l})"))
    }

    /// The firing trace, the urgency and the evidence for each cause.
    pub fn text(&self, answers: &Answers, style: Style) -> String {
        let kb = self.kb;
        let mut out = String::new();
        let given: Vec<(FactId, Value)> = answers.values.iter().map(|(&f, &v)| (f, v)).collect();
        let _ = writeln!(
            out,
            "{} {}",
            style.bold("Answers:"),
            if given.is_empty() {
                "none".to_string()
            } else {
                facts_text(kb, &given)
            }
        );

        let _ = writeln!(out, "\n{}", style.bold("Rules fired, in order:"));
        if self.outcome.trace.is_empty() {
            let _ = writeln!(out, "  none");
        }
        for (n, firing) in self.outcome.trace.iter().enumerate() {
            let rule = &kb.rules[firing.rule];
            let _ = writeln!(
                out,
                "  {}. {}{}",
                n + 1,
                style.bold(&rule.id),
                style.dim(&self.place(firing.rule))
            );
            if !rule.description.is_empty() {
                let _ = writeln!(out, "     {}", rule.description.trim());
            }
            let because = if firing.facts.is_empty() {
                "its condition holds with nothing known".to_string()
            } else {
                facts_text(kb, &firing.facts)
            };
            let _ = writeln!(out, "     because: {because}");
            for action in &rule.then {
                let mut did = action_text(kb, action);
                // A rule generated for "not sure" says its reason for its own sign.
                if let Some(flag) = rule.not_sure_of {
                    did = did.replace("{signs}", kb.facts[flag].label());
                }
                let _ = writeln!(out, "     did: {did}");
            }
        }

        let level = &kb.levels[self.outcome.level];
        let why = match self
            .outcome
            .reasons
            .iter()
            .find(|r| r.level == self.outcome.level)
        {
            Some(reason) => format!("set by {}", kb.rules[reason.rule].id),
            None => "the default: no rule raised it".to_string(),
        };
        let _ = writeln!(
            out,
            "\n{} {} ({why})",
            style.bold("Urgency:"),
            level_title(&level.id)
        );

        let _ = writeln!(out, "\n{}", style.bold("Causes, most likely first:"));
        if self.outcome.causes.is_empty() {
            let _ = writeln!(out, "  none listed");
        }
        for (rank, ranked) in self.outcome.causes.iter().enumerate() {
            let cause = &kb.causes[ranked.cause];
            let _ = writeln!(
                out,
                "  {}. {} ({}), score {}",
                rank + 1,
                style.bold(&cause.id),
                cause.name,
                score_text(ranked.score)
            );
            if let Some(codes) = crate::report::codes_text(&cause.codes) {
                let _ = writeln!(out, "     codes: {codes}");
            }
            self.evidence(&mut out, &ranked.support, &ranked.against);
        }
        if !self.outcome.below_threshold.is_empty() {
            let _ = writeln!(
                out,
                "\n{} (a score under {}):",
                style.bold("Not listed, too little evidence"),
                score_text(kb.metadata.min_cause_score)
            );
            for ranked in &self.outcome.below_threshold {
                let _ = writeln!(
                    out,
                    "  - {}, score {}",
                    style.bold(&kb.causes[ranked.cause].id),
                    score_text(ranked.score)
                );
                self.evidence(&mut out, &ranked.support, &ranked.against);
            }
        }
        out
    }

    fn evidence(&self, out: &mut String, support: &[Evidence], against: &[Evidence]) {
        for (label, items) in [("for", support), ("against", against)] {
            for item in items {
                let rule = &self.kb.rules[item.rule];
                let weight = score_text(item.weight);
                let sign = if item.weight > 0.0 { "+" } else { "" };
                let _ = writeln!(out, "     {label} {sign}{weight} {}", rule.id);
                if !item.facts.is_empty() {
                    let _ = writeln!(out, "        because: {}", facts_text(self.kb, &item.facts));
                }
                let _ = writeln!(out, "        sources: {}", sources_text(&rule.sources));
            }
        }
    }

    /// The trace, the urgency and the evidence, for scripts (`explain --format json`): the
    /// same content as `text`, with every rule's location.
    pub fn json(&self, answers: &Answers) -> Json {
        let kb = self.kb;
        let given: Vec<(FactId, Value)> = answers.values.iter().map(|(&f, &v)| (f, v)).collect();
        let fired: Vec<Json> = self
            .outcome
            .trace
            .iter()
            .map(|firing| {
                let rule = &kb.rules[firing.rule];
                json!({
                    "rule": rule.id,
                    "location": kb.location(rule.span),
                    "description": rule.description.trim(),
                    "facts": facts_json(kb, &firing.facts),
                    "actions": rule.then.iter().map(|a| action_text(kb, a)).collect::<Vec<_>>(),
                })
            })
            .collect();
        let set_by = self
            .outcome
            .reasons
            .iter()
            .find(|r| r.level == self.outcome.level)
            .map(|r| kb.rules[r.rule].id.clone());
        let causes = |ranked: &[crate::assess::RankedCause]| -> Vec<Json> {
            ranked
                .iter()
                .map(|r| {
                    let cause = &kb.causes[r.cause];
                    json!({
                        "id": cause.id,
                        "name": cause.name,
                        "score": number_json(r.score),
                        "codes": crate::report::codes_json(&cause.codes),
                        "for": self.evidence_json(&r.support),
                        "against": self.evidence_json(&r.against),
                    })
                })
                .collect()
        };
        json!({
            "knowledge_base": crate::kb::discover::kb_json(kb),
            "answers": facts_json(kb, &given),
            "fired_rules": fired,
            "urgency": { "level": kb.levels[self.outcome.level].id, "set_by": set_by },
            "causes": causes(&self.outcome.causes),
            "not_listed": causes(&self.outcome.below_threshold),
            "min_cause_score": number_json(kb.metadata.min_cause_score),
        })
    }

    fn evidence_json(&self, items: &[Evidence]) -> Vec<Json> {
        items
            .iter()
            .map(|item| {
                let rule = &self.kb.rules[item.rule];
                json!({
                    "rule": rule.id,
                    "weight": number_json(item.weight),
                    "facts": facts_json(self.kb, &item.facts),
                    "sources": rule.sources,
                })
            })
            .collect()
    }

    /// Where a cause stands: its rank if listed, its evidence if it is under the minimum score.
    fn standing(&self, cause: CauseId) -> (Option<usize>, Option<&crate::assess::RankedCause>) {
        let below = self
            .outcome
            .below_threshold
            .iter()
            .find(|r| r.cause == cause);
        (self.outcome.rank_of(cause), below)
    }

    /// `--why-not` for scripts: where the cause stands, and each rule that could support it,
    /// whether it fired, and if not the parts of its condition that are false or unknown.
    pub fn why_not_json(&self, cause: CauseId) -> Json {
        let kb = self.kb;
        let value = self.value();
        let (rank, below) = self.standing(cause);
        let (status, score) = match (rank, below) {
            (Some(rank), _) => ("listed", Some(self.outcome.causes[rank].score)),
            (None, Some(ranked)) => ("below_minimum", Some(ranked.score)),
            (None, None) => ("no_evidence", None),
        };
        let fired = |r: RuleId| self.outcome.trace.iter().any(|f| f.rule == r);
        let supporters: Vec<Json> = evidence_rules(kb, cause, |w| w > 0.0)
            .into_iter()
            .map(|(r, weight)| {
                let rule = &kb.rules[r];
                let blocking: Vec<Json> = if fired(r) {
                    Vec::new()
                } else {
                    conjuncts(&rule.when)
                        .into_iter()
                        .filter_map(|part| match part.eval(&value) {
                            Tri::True => None,
                            Tri::False => {
                                Some(json!({"condition": condition_text(kb, part), "is": "false"}))
                            }
                            Tri::Unknown => Some(
                                json!({"condition": condition_text(kb, part), "is": "unknown"}),
                            ),
                        })
                        .collect()
                };
                json!({
                    "rule": rule.id,
                    "weight": number_json(weight),
                    "location": kb.location(rule.span),
                    "fired": fired(r),
                    "when": condition_text(kb, &rule.when),
                    "blocking": blocking,
                })
            })
            .collect();
        let against: Vec<Json> = evidence_rules(kb, cause, |w| w < 0.0)
            .into_iter()
            .filter(|&(r, _)| fired(r))
            .map(|(r, weight)| json!({"rule": kb.rules[r].id, "weight": number_json(weight)}))
            .collect();
        json!({
            "knowledge_base": crate::kb::discover::kb_json(kb),
            "cause": kb.causes[cause].id,
            "status": status,
            "rank": rank.map(|r| r + 1),
            "score": score.map(number_json),
            "supporting_rules": supporters,
            "against_fired": against,
        })
    }

    /// Why a cause is not listed (or not higher): the rules that could support it, and the
    /// parts of their conditions that are false or unknown.
    pub fn why_not(&self, cause: CauseId, style: Style) -> String {
        let kb = self.kb;
        let mut out = String::new();
        let c = &kb.causes[cause];
        let _ = writeln!(
            out,
            "{}",
            style.bold(&format!("Why not {} ({})?", c.id, c.name))
        );
        let (listed, below) = self.standing(cause);
        let status = match (listed, below) {
            (Some(rank), _) => format!(
                "It is listed, ranked {} of {}, with a score of {}.",
                rank + 1,
                self.outcome.causes.len(),
                score_text(self.outcome.causes[rank].score)
            ),
            (None, Some(ranked)) => format!(
                "It is not listed: its score is {}, under the minimum of {}.",
                score_text(ranked.score),
                score_text(kb.metadata.min_cause_score)
            ),
            (None, None) => "It is not listed: no rule that supports it fired.".to_string(),
        };
        let _ = writeln!(out, "{status}");

        let supporters: Vec<(RuleId, f64)> = evidence_rules(kb, cause, |w| w > 0.0);
        let _ = writeln!(out, "\n{}", style.bold("Rules that could support it:"));
        if supporters.is_empty() {
            let _ = writeln!(out, "  none: no rule in the knowledge base supports it");
        }
        for (r, weight) in supporters {
            let rule = &kb.rules[r];
            let fired = self.outcome.trace.iter().any(|f| f.rule == r);
            let _ = writeln!(
                out,
                "  - {} (+{}), {}{}",
                style.bold(&rule.id),
                score_text(weight),
                if fired { "fired" } else { "did not fire" },
                style.dim(&self.place(r))
            );
            if fired {
                continue;
            }
            let _ = writeln!(out, "      when: {}", condition_text(kb, &rule.when));
            self.blockers(&mut out, &rule.when, 6, &mut vec![r]);
        }

        let against: Vec<(RuleId, f64)> = evidence_rules(kb, cause, |w| w < 0.0)
            .into_iter()
            .filter(|(r, _)| self.outcome.trace.iter().any(|f| f.rule == *r))
            .collect();
        if !against.is_empty() {
            let _ = writeln!(out, "\n{}", style.bold("Evidence against it that fired:"));
            for (r, weight) in against {
                let firing = self.outcome.trace.iter().find(|f| f.rule == r);
                let because = firing
                    .map(|f| facts_text(kb, &f.facts))
                    .filter(|t| !t.is_empty())
                    .map_or(String::new(), |t| format!(", because {t}"));
                let _ = writeln!(
                    out,
                    "  - {} ({}){because}",
                    style.bold(&kb.rules[r].id),
                    score_text(weight)
                );
            }
        }
        out
    }

    /// The parts of a condition that keep it from being true: each false or unknown conjunct,
    /// and for a concept among them, the rules that would derive it, one level further in.
    fn blockers(&self, out: &mut String, when: &Condition, indent: usize, seen: &mut Vec<RuleId>) {
        let kb = self.kb;
        let pad = " ".repeat(indent);
        let value = self.value();
        for part in conjuncts(when) {
            let truth = part.eval(&value);
            if truth == Tri::True {
                continue;
            }
            let (label, detail) = if truth == Tri::False {
                let mut facts = Vec::new();
                part.reasons(&value, Tri::False, &mut facts);
                let facts: Vec<(FactId, Value)> =
                    facts.into_iter().map(|f| (f, value(f))).collect();
                ("false:  ", format!("given {}", facts_text(kb, &facts)))
            } else if let Some(fact) = leaf_fact(part) {
                let detail = if kb.facts[fact].is_concept() {
                    "not derived, not ruled out"
                } else if value(fact) == Value::Unsure {
                    "answered \"not sure\""
                } else {
                    "not answered"
                };
                ("unknown:", detail.to_string())
            } else {
                let open = unknown_facts(part, &value);
                let names: Vec<&str> = open.iter().map(|&f| kb.facts[f].id.as_str()).collect();
                ("unknown:", format!("not known: {}", names.join(", ")))
            };
            let _ = writeln!(out, "{pad}{label} {}  ({detail})", condition_text(kb, part));
            // A concept that was not derived: why its rules did not fire.
            let mut concepts = Vec::new();
            part.visit_facts(true, &mut |f, _| {
                if kb.facts[f].is_concept() && value(f) != Value::Present && !concepts.contains(&f)
                {
                    concepts.push(f);
                }
            });
            for concept in concepts {
                for &r in &kb.derivers[concept] {
                    if seen.contains(&r) || indent > 12 {
                        continue;
                    }
                    seen.push(r);
                    let _ = writeln!(
                        out,
                        "{pad}  {} would come from {}: {}",
                        kb.facts[concept].id,
                        kb.rules[r].id,
                        condition_text(kb, &kb.rules[r].when)
                    );
                    self.blockers(out, &kb.rules[r].when, indent + 4, seen);
                }
            }
        }
    }
}

/// The rules whose evidence about the cause has a weight that passes `keep`.
fn evidence_rules(
    kb: &KnowledgeBase,
    cause: CauseId,
    keep: impl Fn(f64) -> bool,
) -> Vec<(RuleId, f64)> {
    let mut found = Vec::new();
    for (r, rule) in kb.rules.iter().enumerate() {
        for action in &rule.then {
            if let Action::Evidence { cause: c, weight } = action
                && *c == cause
                && keep(*weight)
            {
                found.push((r, *weight));
            }
        }
    }
    found
}

/// The parts of a conjunction (nested `all`s flattened); anything else is one part.
fn conjuncts(condition: &Condition) -> Vec<&Condition> {
    match condition {
        Condition::All(parts) => parts.iter().flat_map(conjuncts).collect(),
        other => vec![other],
    }
}

/// The fact a leaf condition tests.
fn leaf_fact(condition: &Condition) -> Option<FactId> {
    match condition {
        Condition::Is { fact, .. }
        | Condition::Compare { fact, .. }
        | Condition::Choice { fact, .. } => Some(*fact),
        _ => None,
    }
}

/// The facts under a condition that are not known yet and could still decide it.
fn unknown_facts(condition: &Condition, value: &impl Fn(FactId) -> Value) -> Vec<FactId> {
    let mut out = Vec::new();
    condition.visit_facts(true, &mut |f, _| {
        if value(f).is_unanswered() && !out.contains(&f) {
            out.push(f);
        }
    });
    out
}

/// What an action does, in the knowledge base's words.
pub fn action_text(kb: &KnowledgeBase, action: &Action) -> String {
    match action {
        Action::Urgency { level, reason } => {
            format!("urgency {}: {}", kb.levels[*level].id, reason.trim())
        }
        Action::Derive(fact) => format!("derive {}", kb.facts[*fact].id),
        Action::Evidence { cause, weight } if *weight > 0.0 => {
            format!("supports {} +{}", kb.causes[*cause].id, score_text(*weight))
        }
        Action::Evidence { cause, weight } => {
            format!("against {} {}", kb.causes[*cause].id, score_text(*weight))
        }
        Action::Advice(text) => format!("advice: {}", crate::report::text_parts_text(kb, &[*text])),
    }
}

fn sources_text<S: std::borrow::Borrow<str>>(sources: &[S]) -> String {
    if sources.is_empty() {
        "none cited".to_string()
    } else {
        sources.join("; ")
    }
}
