//! How much of the knowledge base the scenarios exercise: the rules they fire, the findings
//! those firings read, the causes they rank and the urgency levels they reach, and, most
//! important for safety, the red-flag findings whose answer actually raised the urgency in
//! some scenario. Everything never exercised is listed, so a clinician knows which scenario
//! to write next.

use crate::analysis::Analyzer;
use crate::assess::assess;
use crate::engine::Firing;
use crate::engine::condition::{FactId, Value};
use crate::error::Error;
use crate::kb::{Action, KnowledgeBase};
use crate::lint::urgency_triggers;
use crate::scenario::Scenario;
use crate::style::Style;
use std::fmt::Write as _;

/// What the scenarios exercised, entity by entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Coverage {
    pub scenarios: usize,
    pub rules: Vec<bool>,
    /// Indexed by fact; concepts are never counted.
    pub findings: Vec<bool>,
    pub causes: Vec<bool>,
    pub levels: Vec<bool>,
    /// Indexed by fact: a red-flag finding whose answer set off one of its own urgency rules
    /// (see [`urgency_triggers`]), directly or through the concepts it helped derive.
    pub red_flags: Vec<bool>,
}

pub fn measure(kb: &KnowledgeBase, scenarios: &[Scenario]) -> Result<Coverage, Error> {
    let mut coverage = Coverage {
        scenarios: scenarios.len(),
        rules: vec![false; kb.rules.len()],
        findings: vec![false; kb.facts.len()],
        causes: vec![false; kb.causes.len()],
        levels: vec![false; kb.levels.len()],
        red_flags: vec![false; kb.facts.len()],
    };
    let triggers = urgency_triggers(kb, &Analyzer::new(kb));
    for scenario in scenarios {
        let outcome = assess(kb, &scenario.answers)?;
        coverage.levels[outcome.level] = true;
        for ranked in &outcome.causes {
            coverage.causes[ranked.cause] = true;
        }
        for (firing, findings) in outcome.trace.iter().zip(provenance(kb, &outcome.trace)) {
            coverage.rules[firing.rule] = true;
            for &(fact, _) in &firing.facts {
                if !kb.facts[fact].is_concept() {
                    coverage.findings[fact] = true;
                }
            }
            for f in findings {
                if triggers[f].contains(&firing.rule) {
                    coverage.red_flags[f] = true;
                }
            }
        }
    }
    Ok(coverage)
}

/// For each firing, the findings behind it: those that made its condition true, and those
/// behind the firings that derived the concepts it read.
fn provenance(kb: &KnowledgeBase, trace: &[Firing]) -> Vec<Vec<FactId>> {
    let mut behind_concept: Vec<Vec<FactId>> = vec![Vec::new(); kb.facts.len()];
    let mut result = Vec::with_capacity(trace.len());
    for firing in trace {
        let mut findings: Vec<FactId> = Vec::new();
        for &(fact, value) in &firing.facts {
            let from = if kb.facts[fact].is_concept() {
                if value != Value::Present {
                    continue;
                }
                behind_concept[fact].clone()
            } else {
                vec![fact]
            };
            for f in from {
                if !findings.contains(&f) {
                    findings.push(f);
                }
            }
        }
        for action in &kb.rules[firing.rule].then {
            if let Action::Derive(concept) = action {
                for &f in &findings {
                    if !behind_concept[*concept].contains(&f) {
                        behind_concept[*concept].push(f);
                    }
                }
            }
        }
        result.push(findings);
    }
    result
}

/// One line of the summary: what was counted, how many were exercised, of how many.
struct Share {
    label: &'static str,
    hit: usize,
    total: usize,
}

impl Share {
    fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            100.0 * self.hit as f64 / self.total as f64
        }
    }
}

/// The report, and the shares under `min` (if given).
pub fn report(
    kb: &KnowledgeBase,
    coverage: &Coverage,
    min: Option<f64>,
    style: Style,
) -> (String, Vec<String>) {
    let findings: Vec<FactId> = kb.findings().map(|(f, _)| f).collect();
    let red_flags: Vec<FactId> = kb
        .findings()
        .filter(|(_, f)| f.red_flag)
        .map(|(f, _)| f)
        .collect();
    let count = |hit: &[bool]| hit.iter().filter(|h| **h).count();
    let shares = [
        Share {
            label: "rules fired",
            hit: count(&coverage.rules),
            total: kb.rules.len(),
        },
        Share {
            label: "findings used",
            hit: findings.iter().filter(|&&f| coverage.findings[f]).count(),
            total: findings.len(),
        },
        Share {
            label: "causes reached",
            hit: count(&coverage.causes),
            total: kb.causes.len(),
        },
        Share {
            label: "urgency levels reached",
            hit: count(&coverage.levels),
            total: kb.levels.len(),
        },
        Share {
            label: "red flags raising urgency",
            hit: red_flags.iter().filter(|&&f| coverage.red_flags[f]).count(),
            total: red_flags.len(),
        },
    ];
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        style.bold(&format!(
            "Coverage of {} {} by {} scenario{}:",
            kb.metadata.name,
            kb.metadata.version,
            coverage.scenarios,
            crate::error::plural(coverage.scenarios)
        ))
    );
    let width = shares.iter().map(|s| s.label.len()).max().unwrap_or(0);
    let mut below = Vec::new();
    for share in &shares {
        let percent = share.percent();
        let text = format!("{:>3}%", percent.floor());
        let low = min.is_some_and(|m| percent < m);
        if low {
            below.push(format!("{} {}%", share.label, percent.floor()));
        }
        let _ = writeln!(
            out,
            "  {:<width$}  {}  {} of {}",
            share.label,
            if low { style.error(&text) } else { text },
            share.hit,
            share.total
        );
    }

    let mut section = |title: &str, rows: Vec<(String, Option<String>)>| {
        if rows.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "\n{}",
            style.bold(&format!("{title} ({}):", rows.len()))
        );
        let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
        for (id, place) in rows {
            match place {
                Some(place) => {
                    let _ = writeln!(out, "  {id:<width$}  {}", style.dim(&place));
                }
                None => {
                    let _ = writeln!(out, "  {id}");
                }
            }
        }
    };
    section(
        "Rules never fired",
        kb.rules
            .iter()
            .enumerate()
            .filter(|(r, _)| !coverage.rules[*r])
            .map(|(_, rule)| (rule.id.clone(), kb.location(rule.span)))
            .collect(),
    );
    section(
        "Findings never used",
        findings
            .iter()
            .filter(|&&f| !coverage.findings[f])
            .map(|&f| (kb.facts[f].id.clone(), kb.location(kb.facts[f].span)))
            .collect(),
    );
    section(
        "Causes never reached",
        kb.causes
            .iter()
            .enumerate()
            .filter(|(c, _)| !coverage.causes[*c])
            .map(|(_, cause)| (cause.id.clone(), kb.location(cause.span)))
            .collect(),
    );
    section(
        "Urgency levels never reached",
        kb.levels
            .iter()
            .enumerate()
            .filter(|(l, _)| !coverage.levels[*l])
            .map(|(_, level)| (level.id.clone(), kb.location(level.span)))
            .collect(),
    );
    section(
        "Red flags that never raised the urgency",
        red_flags
            .iter()
            .filter(|&&f| !coverage.red_flags[f])
            .map(|&f| (kb.facts[f].id.clone(), kb.location(kb.facts[f].span)))
            .collect(),
    );
    (out, below)
}
