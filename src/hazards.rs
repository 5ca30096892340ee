//! The hazard log for a clinical safety officer (`triage hazards`): every hazard with its
//! controls, whether each scenario it cites passes and each invariant it cites is proven right
//! now (they are run, not remembered), and its residual risk; and the check that needs the
//! scenario files, that every scenario the log cites exists.

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::kb::KnowledgeBase;
use crate::kb::hazard::{Hazard, HazardStatus, Risk, RiskLikelihood, RiskSeverity};
use crate::scenario::Suite;
use crate::suggest::did_you_mean;
use serde_json::{Value as Json, json};
use std::collections::HashMap;
use std::fmt::Write as _;

/// Whether the log cites any scenario (only then do the commands read the scenario files).
pub fn cites_scenarios(kb: &KnowledgeBase) -> bool {
    kb.hazards
        .iter()
        .any(|h| !h.verification.scenarios.is_empty())
}

/// An error for every scenario the log cites that no scenario file gives as its `id`.
pub fn unresolved_scenarios(kb: &KnowledgeBase, suite: &Suite) -> Vec<Diagnostic> {
    let ids: Vec<&str> = suite
        .scenarios
        .iter()
        .filter_map(|s| s.id.as_deref())
        .collect();
    let mut problems = Vec::new();
    for hazard in &kb.hazards {
        for (id, span) in &hazard.verification.scenarios {
            if suite.scenario(id).is_none() {
                let help = did_you_mean(id, ids.iter().copied()).or_else(|| {
                    Some("give the scenario this `id:` in a file of the tests/ folder".into())
                });
                problems.push(
                    Diagnostic::error(format!("unknown scenario `{id}`"), *span).with_help(help),
                );
            }
        }
    }
    problems
}

/// The same, as the error that stops a command.
pub fn check_scenarios(kb: &KnowledgeBase, suite: &Suite) -> Result<(), Error> {
    let diagnostics = unresolved_scenarios(kb, suite);
    if diagnostics.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid {
        what: "hazard log",
        diagnostics,
        files: kb.files.clone(),
    })
}

/// What was found when the evidence was run.
pub struct Evidence {
    /// By scenario id: its name, and each expectation it missed (none: it passes).
    scenarios: HashMap<String, (String, Vec<String>)>,
    /// By invariant (urgency invariants, then text invariants): whether it is proven.
    proven: Vec<bool>,
    proven_text: Vec<bool>,
}

impl Evidence {
    /// Runs every scenario the log cites and proves every invariant.
    pub fn gather(kb: &KnowledgeBase, suite: &Suite) -> Result<Evidence, Error> {
        let mut scenarios = HashMap::new();
        let mut assessor = crate::assess::Assessor::new(kb);
        for hazard in &kb.hazards {
            for (id, _) in &hazard.verification.scenarios {
                if scenarios.contains_key(id) {
                    continue;
                }
                let Some(scenario) = suite.scenario(id) else {
                    continue;
                };
                let verdict = crate::scenario::run(&mut assessor, scenario)?;
                scenarios.insert(id.clone(), (scenario.name.clone(), verdict.failures));
            }
        }
        let mut proven = vec![false; kb.invariants.len()];
        let mut proven_text = vec![false; kb.text_invariants.len()];
        for verdict in crate::verify::verify(kb).verdicts {
            match verdict.check {
                crate::verify::Check::Invariant(i) => {
                    proven[i] = verdict.counterexample.is_none();
                }
                crate::verify::Check::TextInvariant(i) => {
                    proven_text[i] = verdict.counterexample.is_none();
                }
                _ => {}
            }
        }
        Ok(Evidence {
            scenarios,
            proven,
            proven_text,
        })
    }

    fn passes(&self, id: &str) -> bool {
        self.scenarios.get(id).is_some_and(|(_, f)| f.is_empty())
    }

    /// Whether each invariant a hazard relies on (its controls' and its verification's, each
    /// once) is proven.
    fn invariants(&self, hazard: &Hazard) -> Vec<bool> {
        let (c, v) = (&hazard.controls, &hazard.verification);
        let once = |a: &[usize], b: &[usize]| {
            let mut all = a.to_vec();
            all.extend(b.iter().filter(|i| !a.contains(i)));
            all
        };
        let urgency = once(&v.invariants, &c.invariants);
        let text = once(&v.text_invariants, &c.text_invariants);
        urgency
            .iter()
            .map(|&i| self.proven[i])
            .chain(text.iter().map(|&i| self.proven_text[i]))
            .collect()
    }

    /// The invariants of a list (urgency ones, then text ones): id, description and whether
    /// it is proven now.
    fn invariants_in<'kb>(
        &self,
        kb: &'kb KnowledgeBase,
        urgency: &[usize],
        text: &[usize],
    ) -> Vec<(&'kb str, &'kb str, bool)> {
        let urgency = urgency.iter().map(|&i| {
            let invariant = &kb.invariants[i];
            (
                invariant.id.as_str(),
                invariant.description.as_str(),
                self.proven[i],
            )
        });
        let text = text.iter().map(|&i| {
            let invariant = &kb.text_invariants[i];
            (
                invariant.id.as_str(),
                invariant.description.as_str(),
                self.proven_text[i],
            )
        });
        urgency.chain(text).collect()
    }

    /// (passed, cited) scenarios and (proven, cited) invariants of one hazard.
    fn counts(&self, hazard: &Hazard) -> ((usize, usize), (usize, usize)) {
        let scenarios = &hazard.verification.scenarios;
        let passed = scenarios.iter().filter(|(id, _)| self.passes(id)).count();
        let invariants = self.invariants(hazard);
        let proven = invariants.iter().filter(|p| **p).count();
        ((passed, scenarios.len()), (proven, invariants.len()))
    }
}

impl Evidence {
    /// "15 scenarios pass, 5 invariants proven", "1 of 2 scenarios passes", "4 tests", "none".
    fn summary(&self, hazard: &Hazard) -> String {
        let ((passed, scenarios), (proven, invariants)) = self.counts(hazard);
        let share = |hit: usize, total: usize, noun: &str, verb: (&str, &str)| {
            let verb = if hit == 1 { verb.0 } else { verb.1 };
            if hit == total {
                format!("{total} {noun}{} {verb}", crate::error::plural(total))
            } else {
                format!(
                    "**{hit} of {total}** {noun}{} {verb}",
                    crate::error::plural(total)
                )
            }
        };
        let mut parts = Vec::new();
        if scenarios > 0 {
            parts.push(share(passed, scenarios, "scenario", ("passes", "pass")));
        }
        if invariants > 0 {
            parts.push(share(proven, invariants, "invariant", ("proven", "proven")));
        }
        let tests = hazard.verification.tests.len();
        if tests > 0 {
            parts.push(format!(
                "{tests} test{} of the program",
                crate::error::plural(tests)
            ));
        }
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join(", ")
        }
    }
}

/// How the log names a text: its id, or the field it is part of.
fn text_name(kb: &KnowledgeBase, t: crate::kb::TextId) -> String {
    let text = &kb.texts[t];
    if let Some(id) = &text.id {
        return id.to_string();
    }
    match text.owner {
        crate::kb::text::TextOwner::Cause(c, field) => {
            format!("{}.{}", kb.causes[c].id, field.name())
        }
        crate::kb::text::TextOwner::Level(l) => format!("{}.action", kb.levels[l].id),
        crate::kb::text::TextOwner::Advice(r) => format!("{}.advice", kb.rules[r].id),
    }
}

fn risk_text(risk: Risk) -> String {
    format!(
        "{} ({}, {})",
        risk.rating(),
        risk.severity.name(),
        risk.likelihood.name().replace('_', " ")
    )
}

fn risk_json(risk: Risk) -> Json {
    json!({
        "severity": risk.severity.name(),
        "likelihood": risk.likelihood.name(),
        "rating": risk.rating(),
    })
}

fn status_counts(kb: &KnowledgeBase) -> [usize; 3] {
    let count = |s: HazardStatus| kb.hazards.iter().filter(|h| h.status == s).count();
    [
        count(HazardStatus::Closed),
        count(HazardStatus::Transferred),
        count(HazardStatus::Open),
    ]
}

/// The log as JSON, for programs.
pub fn json(kb: &KnowledgeBase, evidence: &Evidence) -> Json {
    let [closed, transferred, open] = status_counts(kb);
    let hazards: Vec<Json> = kb
        .hazards
        .iter()
        .map(|h| {
            let c = &h.controls;
            let ids = |items: &[usize], id: &dyn Fn(usize) -> String| {
                items.iter().map(|&i| id(i)).collect::<Vec<_>>()
            };
            json!({
                "id": h.id,
                "title": h.title,
                "harm": h.harm,
                "cause": h.cause,
                "effect": h.effect,
                "groups": h.groups,
                "status": h.status.name(),
                "actions": h.actions,
                "initial_risk": risk_json(h.initial_risk),
                "residual_risk": risk_json(h.residual_risk),
                "controls": {
                    "rules": ids(&c.rules, &|r| kb.rules[r].id.to_string()),
                    "findings": ids(&c.findings, &|f| kb.facts[f].id.clone()),
                    "screens": ids(&c.screens, &|s| kb.screens[s].id.to_string()),
                    "invariants": evidence.invariants_in(kb, &c.invariants, &c.text_invariants)
                        .iter().map(|(id, ..)| *id).collect::<Vec<_>>(),
                    "texts": c.texts.iter().map(|&t| text_name(kb, t)).collect::<Vec<_>>(),
                    "safety_nets": ids(&c.safety_nets, &|n| kb.safety_nets[n].id.to_string()),
                    "software": c.software,
                },
                "verification": {
                    "scenarios": h.verification.scenarios.iter().map(|(id, _)| {
                        let (name, failures) = evidence.scenarios.get(id).cloned().unwrap_or_default();
                        json!({"id": id, "name": name, "passes": failures.is_empty(), "failures": failures})
                    }).collect::<Vec<_>>(),
                    "invariants": evidence.invariants_in(kb, &h.verification.invariants, &h.verification.text_invariants)
                        .iter().map(|(id, _, proven)| json!({"id": id, "proven": proven})).collect::<Vec<_>>(),
                    "tests": h.verification.tests,
                },
                "sources": h.sources,
            })
        })
        .collect();
    json!({
        "knowledge_base": {
            "name": kb.metadata.name,
            "version": kb.metadata.version,
            "status": kb.metadata.status,
            "last_reviewed": kb.metadata.last_reviewed,
            "source": kb.metadata.source,
        },
        "summary": {
            "hazards": kb.hazards.len(),
            "closed": closed,
            "transferred": transferred,
            "open": open,
        },
        "hazards": hazards,
    })
}

/// The log in Markdown, for a clinical safety officer to review and sign.
pub fn markdown(kb: &KnowledgeBase, evidence: &Evidence) -> String {
    let mut out = String::new();
    let meta = &kb.metadata;
    let _ = writeln!(out, "# Hazard log: {} {}\n", meta.name, meta.version);
    let _ = writeln!(
        out,
        "Knowledge base `{}` (from `{}`), version {}, status **{}**, last reviewed {}. Made by \
         `triage hazards`, which ran every scenario and proved every invariant below as it \
         wrote this.\n",
        meta.name,
        meta.source,
        meta.version,
        match meta.status {
            crate::kb::Status::Draft => "draft",
            crate::kb::Status::Production => "production",
        },
        meta.last_reviewed
    );
    let [closed, transferred, open] = status_counts(kb);
    let (mut passed, mut scenarios, mut proven, mut invariants) = (0, 0, 0, 0);
    for hazard in &kb.hazards {
        let ((p, s), (q, i)) = evidence.counts(hazard);
        (passed, scenarios, proven, invariants) =
            (passed + p, scenarios + s, proven + q, invariants + i);
    }
    let _ = writeln!(
        out,
        "{} hazard{}: {closed} closed, {transferred} transferred, {open} open. Their evidence: \
         {passed} of {scenarios} scenario citations pass, {proven} of {invariants} invariant \
         citations are proven.\n",
        kb.hazards.len(),
        crate::error::plural(kb.hazards.len())
    );
    out.push_str(
        "| Hazard | Status | Initial risk | Residual risk | Evidence |\n|---|---|---|---|---|\n",
    );
    for hazard in &kb.hazards {
        let _ = writeln!(
            out,
            "| `{}` {} | {} | {} | {} | {} |",
            hazard.id,
            hazard.title,
            hazard.status.name(),
            risk_text(hazard.initial_risk),
            risk_text(hazard.residual_risk),
            evidence.summary(hazard)
        );
    }
    out.push_str(&matrix_markdown());
    for hazard in &kb.hazards {
        hazard_markdown(&mut out, kb, evidence, hazard);
    }
    out
}

fn hazard_markdown(out: &mut String, kb: &KnowledgeBase, evidence: &Evidence, hazard: &Hazard) {
    let _ = writeln!(out, "\n## `{}`: {}\n", hazard.id, hazard.title);
    let _ = writeln!(out, "- **Harm:** {}", hazard.harm.trim());
    let _ = writeln!(out, "- **Cause:** {}", hazard.cause.trim());
    let _ = writeln!(out, "- **Effect:** {}", hazard.effect.trim());
    if !hazard.groups.is_empty() {
        let _ = writeln!(out, "- **Groups:** {}", hazard.groups.join(", "));
    }
    let _ = writeln!(out, "- **Status:** {}", hazard.status.name());
    let _ = writeln!(
        out,
        "- **Initial risk:** {}",
        risk_text(hazard.initial_risk)
    );
    let _ = writeln!(
        out,
        "- **Residual risk:** {}: {}",
        risk_text(hazard.residual_risk),
        Risk::meaning(hazard.residual_risk.rating())
    );
    if let Some(actions) = &hazard.actions {
        let _ = writeln!(out, "- **Actions:** {}", actions.trim());
    }
    let c = &hazard.controls;
    let _ = writeln!(out, "\nControls:\n");
    if !hazard.has_control() {
        let _ = writeln!(out, "- none yet");
    }
    for &r in &c.rules {
        let rule = &kb.rules[r];
        let levels: Vec<&str> = rule
            .then
            .iter()
            .filter_map(|a| match a {
                crate::kb::Action::Urgency { level, .. } => Some(kb.levels[*level].id.as_str()),
                _ => None,
            })
            .collect();
        let sets = if levels.is_empty() {
            String::new()
        } else {
            format!(" (sets {})", levels.join(", "))
        };
        let _ = writeln!(out, "- rule `{}`{sets}", rule.id);
    }
    for &f in &c.findings {
        let fact = &kb.facts[f];
        let _ = writeln!(out, "- question `{}`: {}", fact.id, fact.label().trim());
    }
    for &s in &c.screens {
        let screen = &kb.screens[s];
        let _ = writeln!(
            out,
            "- checklist `{}`: {}",
            screen.id,
            screen.question.trim()
        );
    }
    for (id, description, _) in evidence.invariants_in(kb, &c.invariants, &c.text_invariants) {
        let _ = writeln!(out, "- invariant `{id}`: {}", description.trim());
    }
    for &t in &c.texts {
        let _ = writeln!(
            out,
            "- text `{}`: {}",
            text_name(kb, t),
            kb.texts[t].text.trim()
        );
    }
    for &n in &c.safety_nets {
        let net = &kb.safety_nets[n];
        let signs: usize = net.groups.iter().map(|g| g.signs.len()).sum();
        let _ = writeln!(out, "- safety net `{}` ({signs} signs)", net.id);
    }
    for control in &c.software {
        let _ = writeln!(out, "- in the program: {}", control.trim());
    }
    let v = &hazard.verification;
    let _ = writeln!(out, "\nVerification:\n");
    if !hazard.has_verification() {
        let _ = writeln!(out, "- none yet");
    }
    for (id, _) in &v.scenarios {
        match evidence.scenarios.get(id) {
            Some((name, failures)) if failures.is_empty() => {
                let _ = writeln!(out, "- scenario `{id}` passes: {name}");
            }
            Some((name, failures)) => {
                let _ = writeln!(
                    out,
                    "- scenario `{id}` **FAILS** ({}): {name}",
                    failures.join("; ")
                );
            }
            None => {
                let _ = writeln!(out, "- scenario `{id}` **not found**");
            }
        }
    }
    let verdict = |proven: bool| if proven { "proven" } else { "**NOT PROVEN**" };
    for (id, _, proven) in evidence.invariants_in(kb, &v.invariants, &v.text_invariants) {
        let _ = writeln!(out, "- invariant `{id}` {}", verdict(proven));
    }
    for test in &v.tests {
        let _ = writeln!(out, "- test `{test}` of the program's test suite");
    }
    if !hazard.sources.is_empty() {
        let _ = writeln!(out, "\nSources: {}.", hazard.sources.join("; "));
    }
}

/// How the ratings are read: the matrix they are looked up in, and what each means.
fn matrix_markdown() -> String {
    let mut out = String::from(
        "\nA risk is written as its rating (1 to 5) with the severity and the likelihood it is \
         looked up from, on the risk matrix of the DCB0129 and DCB0160 implementation guidance:\n\n\
         | Likelihood \\ Severity | minor | significant | considerable | major | catastrophic |\n\
         |---|---|---|---|---|---|\n",
    );
    for likelihood in RiskLikelihood::ALL.into_iter().rev() {
        let ratings: Vec<String> = RiskSeverity::ALL
            .into_iter()
            .map(|severity| {
                Risk {
                    severity,
                    likelihood,
                }
                .rating()
                .to_string()
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} |",
            likelihood.name().replace('_', " "),
            ratings.join(" | ")
        );
    }
    out.push('\n');
    for rating in (1..=5).rev() {
        let _ = writeln!(out, "- {rating}: {}", Risk::meaning(rating));
    }
    out
}
