//! How much of the knowledge base the scenarios exercise: the rules they fire, the findings
//! those firings read, the causes they rank and the urgency levels they reach, and, most
//! important for safety, the red-flag findings whose answer actually raised the urgency in
//! some scenario. Everything never exercised is listed, so a clinician knows which scenario
//! to write next.

use crate::analysis::Analyzer;
use crate::assess::Assessor;
use crate::diagnostic::Span;
use crate::engine::Firing;
use crate::engine::condition::{FactId, Value};
use crate::error::Error;
use crate::kb::{Action, KnowledgeBase};
use crate::lint::urgency_triggers;
use crate::scenario::Scenario;
use crate::style::Style;
use serde_json::{Value as Json, json};
use std::borrow::Cow;
use std::collections::HashMap;
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
    let mut assessor = Assessor::new(kb);
    for scenario in scenarios {
        let outcome = assessor.assess(&scenario.answers)?;
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
    // Only the concepts this trace derives: a list per fact of the knowledge base would cost
    // its size for every scenario.
    let mut behind_concept: HashMap<FactId, Vec<FactId>> = HashMap::new();
    let mut result = Vec::with_capacity(trace.len());
    for firing in trace {
        let mut findings: Vec<FactId> = Vec::new();
        for &(fact, value) in &firing.facts {
            let from = if kb.facts[fact].is_concept() {
                if value != Value::Present {
                    continue;
                }
                behind_concept.get(&fact).cloned().unwrap_or_default()
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
                let behind = behind_concept.entry(*concept).or_default();
                for &f in &findings {
                    if !behind.contains(&f) {
                        behind.push(f);
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
    label: Cow<'static, str>,
    /// Its name in the JSON report.
    key: Cow<'static, str>,
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

/// What the report says: each share, and for each kind what was never exercised (its id and
/// where it is defined). Text and JSON are two renderings of it.
struct Summary {
    shares: Vec<Share>,
    /// (title, JSON key, what was never exercised)
    sections: Vec<Section>,
    /// Per language the texts are translated into: its JSON summary.
    translations: serde_json::Map<String, Json>,
}

type Section = (Cow<'static, str>, Cow<'static, str>, Vec<Unexercised>);

/// An id, and where it is defined.
type Unexercised = (String, Option<String>);

fn summarise(kb: &KnowledgeBase, coverage: &Coverage) -> Summary {
    let findings: Vec<FactId> = kb.findings().map(|(f, _)| f).collect();
    let red_flags: Vec<FactId> = kb
        .findings()
        .filter(|(_, f)| f.red_flag)
        .map(|(f, _)| f)
        .collect();
    let count = |hit: &[bool]| hit.iter().filter(|h| **h).count();
    // The rules written in the files: those generated for "not sure" (kb::not_sure) are made
    // from them, and `triage verify` proves what they are for.
    let written: Vec<usize> = (0..kb.rules.len())
        .filter(|&r| kb.rules[r].not_sure_of.is_none())
        .collect();
    let mut shares = vec![
        Share {
            label: "rules fired".into(),
            key: "rules".into(),
            hit: written.iter().filter(|&&r| coverage.rules[r]).count(),
            total: written.len(),
        },
        Share {
            label: "findings used".into(),
            key: "findings".into(),
            hit: findings.iter().filter(|&&f| coverage.findings[f]).count(),
            total: findings.len(),
        },
        Share {
            label: "causes reached".into(),
            key: "causes".into(),
            hit: count(&coverage.causes),
            total: kb.causes.len(),
        },
        Share {
            label: "urgency levels reached".into(),
            key: "levels".into(),
            hit: count(&coverage.levels),
            total: kb.levels.len(),
        },
        Share {
            label: "red flags raising urgency".into(),
            key: "red_flags".into(),
            hit: red_flags.iter().filter(|&&f| coverage.red_flags[f]).count(),
            total: red_flags.len(),
        },
    ];
    // What was never exercised, with where it is defined.
    let missed = |items: Vec<(&str, Option<Span>)>, hit: &[bool]| -> Vec<Unexercised> {
        items
            .into_iter()
            .zip(hit)
            .filter(|(_, hit)| !**hit)
            .map(|((id, span), _)| (id.to_string(), kb.location(span)))
            .collect()
    };
    let facts = |ids: &[FactId], hit: &[bool]| -> Vec<Unexercised> {
        let items = ids
            .iter()
            .map(|&f| (kb.facts[f].id.as_str(), kb.facts[f].span));
        let hit: Vec<bool> = ids.iter().map(|&f| hit[f]).collect();
        missed(items.collect(), &hit)
    };
    let mut sections: Vec<Section> = vec![
        (
            "Rules never fired".into(),
            "rules".into(),
            missed(
                written
                    .iter()
                    .map(|&r| (&*kb.rules[r].id, kb.rules[r].span))
                    .collect(),
                &written
                    .iter()
                    .map(|&r| coverage.rules[r])
                    .collect::<Vec<_>>(),
            ),
        ),
        (
            "Findings never used".into(),
            "findings".into(),
            facts(&findings, &coverage.findings),
        ),
        (
            "Causes never reached".into(),
            "causes".into(),
            missed(
                kb.causes.iter().map(|c| (c.id.as_str(), c.span)).collect(),
                &coverage.causes,
            ),
        ),
        (
            "Urgency levels never reached".into(),
            "levels".into(),
            missed(
                kb.levels.iter().map(|l| (&*l.id, l.span)).collect(),
                &coverage.levels,
            ),
        ),
        (
            "Red flags that never raised the urgency".into(),
            "red_flags".into(),
            facts(&red_flags, &coverage.red_flags),
        ),
    ];
    if !kb.hazards.is_empty() {
        hazard_log(kb, &mut shares, &mut sections);
    }
    let translations = translations(kb, &mut shares, &mut sections);
    Summary {
        shares,
        sections,
        translations,
    }
}

/// Per language the texts are translated into, the share of texts translated from today's
/// English (`--min` applies to it as to the others: a stale translation is not a current
/// one), with the texts not translated and those translated from older English.
fn translations(
    kb: &KnowledgeBase,
    shares: &mut Vec<Share>,
    sections: &mut Vec<Section>,
) -> serde_json::Map<String, Json> {
    use crate::kb::locale::{State, audit, span};
    let mut summary = serde_json::Map::new();
    for locale in kb.locales.all() {
        let audit = audit(kb, locale);
        let code = &locale.language.code;
        let (mut untranslated, mut stale) = (Vec::new(), Vec::new());
        for (key, state, found) in &audit.keys {
            let place = match (state, found) {
                (State::Current, _) => continue,
                (State::Stale, Some(t)) => t.source_span,
                (_, Some(t)) => t.text_span,
                (_, None) => span(kb, key.place),
            };
            let row = (key.key.clone(), kb.location(place));
            if *state == State::Stale {
                stale.push(row);
            } else {
                untranslated.push(row);
            }
        }
        let current = audit.count(State::Current);
        summary.insert(
            code.clone(),
            json!({
                "name": locale.language.name,
                "status": locale.language.status.name(),
                "texts": audit.keys.len(),
                "translated": current,
                "stale": stale.len(),
            }),
        );
        shares.push(Share {
            label: format!("texts translated to {code}").into(),
            key: format!("texts_{code}").into(),
            hit: current,
            total: audit.keys.len(),
        });
        sections.push((
            format!("Texts not translated to {code}").into(),
            format!("texts_untranslated_{code}").into(),
            untranslated,
        ));
        sections.push((
            format!("Texts of {code} translated from older English").into(),
            format!("texts_stale_{code}").into(),
            stale,
        ));
    }
    summary
}

/// The hazard log's shares, once the knowledge base has one: the hazards that are not open and
/// have a control and a verification, and the red-flag rules that control a hazard; with what
/// falls short, and why.
fn hazard_log(kb: &KnowledgeBase, shares: &mut Vec<Share>, sections: &mut Vec<Section>) {
    use crate::kb::hazard::{HazardStatus, red_flag_rules};
    let of = |keep: &dyn Fn(&crate::kb::hazard::Hazard) -> bool| -> Vec<Unexercised> {
        kb.hazards
            .iter()
            .filter(|h| keep(h))
            .map(|h| (h.id.clone(), kb.location(h.span)))
            .collect()
    };
    let uncontrolled = of(&|h| !h.has_control());
    let unverified = of(&|h| !h.has_verification());
    let open = of(&|h| h.status == HazardStatus::Open);
    let done = kb
        .hazards
        .iter()
        .filter(|h| h.has_control() && h.has_verification() && h.status != HazardStatus::Open)
        .count();
    let red_flags = red_flag_rules(kb);
    let orphans: Vec<Unexercised> = red_flags
        .iter()
        .filter(|&&r| !kb.hazards.iter().any(|h| h.controls.rules.contains(&r)))
        .map(|&r| (kb.rules[r].id.to_string(), kb.location(kb.rules[r].span)))
        .collect();
    shares.push(Share {
        label: "hazards controlled and verified".into(),
        key: "hazards".into(),
        hit: done,
        total: kb.hazards.len(),
    });
    shares.push(Share {
        label: "red-flag rules in the hazard log".into(),
        key: "red_flag_rules".into(),
        hit: red_flags.len() - orphans.len(),
        total: red_flags.len(),
    });
    sections.push((
        "Hazards with no control".into(),
        "hazards_without_control".into(),
        uncontrolled,
    ));
    sections.push((
        "Hazards with no verification".into(),
        "hazards_without_verification".into(),
        unverified,
    ));
    sections.push(("Open hazards".into(), "open_hazards".into(), open));
    sections.push((
        "Red-flag rules that control no hazard".into(),
        "red_flag_rules".into(),
        orphans,
    ));
}

/// The shares under `min`, as `label N%`.
fn below(summary: &Summary, min: Option<f64>) -> Vec<String> {
    summary
        .shares
        .iter()
        .filter(|share| min.is_some_and(|m| share.percent() < m))
        .map(|share| format!("{} {}%", share.label, share.percent().floor()))
        .collect()
}

/// The report for scripts (`coverage --format json`), and the shares under `min`.
pub fn json(kb: &KnowledgeBase, coverage: &Coverage, min: Option<f64>) -> (Json, Vec<String>) {
    let summary = summarise(kb, coverage);
    let mut shares = serde_json::Map::new();
    for share in &summary.shares {
        shares.insert(
            share.key.to_string(),
            json!({
                "hit": share.hit,
                "total": share.total,
                "percent": crate::answers::number_json(share.percent().floor()),
            }),
        );
    }
    let mut never = serde_json::Map::new();
    for (_, key, rows) in &summary.sections {
        let rows: Vec<Json> = rows
            .iter()
            .map(|(id, place)| json!({"id": id, "location": place}))
            .collect();
        never.insert(key.to_string(), Json::Array(rows));
    }
    let below = below(&summary, min);
    (
        json!({
            "knowledge_base": crate::kb::discover::kb_json(kb),
            "scenarios": coverage.scenarios,
            "shares": shares,
            "never": never,
            "translations": summary.translations,
            "below_min": below,
        }),
        below,
    )
}

/// The report, and the shares under `min` (if given).
pub fn report(
    kb: &KnowledgeBase,
    coverage: &Coverage,
    min: Option<f64>,
    style: Style,
) -> (String, Vec<String>) {
    let summary = summarise(kb, coverage);
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
    let width = summary
        .shares
        .iter()
        .map(|s| s.label.len())
        .max()
        .unwrap_or(0);
    for share in &summary.shares {
        let percent = share.percent();
        let text = format!("{:>3}%", percent.floor());
        let low = min.is_some_and(|m| percent < m);
        let _ = writeln!(
            out,
            "  {:<width$}  {}  {} of {}",
            share.label,
            if low { style.error(&text) } else { text },
            share.hit,
            share.total
        );
    }
    for (title, _, rows) in &summary.sections {
        if rows.is_empty() {
            continue;
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
                    let _ = writeln!(out, "  {id:<width$}  {}", style.dim(place));
                }
                None => {
                    let _ = writeln!(out, "  {id}");
                }
            }
        }
    }
    let below = below(&summary, min);
    (out, below)
}
