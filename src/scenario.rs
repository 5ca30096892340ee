//! Scenario files (rules/tests/*.yaml): answers in, expected urgency and causes out. They are
//! how clinicians pin down the behaviour of the rules; `triage test` runs them.

use crate::answers::Answers;
use crate::assess::{Outcome, assess};
use crate::diagnostic::{Diagnostic, SourceFile, Span};
use crate::error::Error;
use crate::kb::node::Node;
use crate::kb::{CauseId, Entity, KnowledgeBase, LevelId, parse_yaml};
use crate::suggest::did_you_mean;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::fmt::Write as _;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenarioFile {
    scenarios: Vec<RawScenario>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    /// Optional: what the hazard log cites the scenario by.
    id: Option<Spanned<String>>,
    name: Spanned<String>,
    #[serde(default)]
    #[allow(dead_code)] // documentation for the people who read the file
    note: Option<String>,
    answers: Spanned<Node>,
    expect: Spanned<RawExpect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    urgency: Option<Spanned<String>>,
    first: Option<Spanned<String>>,
    #[serde(default)]
    in_top: Vec<Spanned<String>>,
    top_n: Option<usize>,
    #[serde(default)]
    absent: Vec<Spanned<String>>,
    #[serde(default)]
    no_causes: bool,
}

/// What a scenario requires of the outcome.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expect {
    pub urgency: Option<LevelId>,
    pub first: Option<CauseId>,
    pub in_top: Vec<CauseId>,
    pub top_n: usize,
    pub absent: Vec<CauseId>,
    pub no_causes: bool,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    /// The id the hazard log cites it by, if it has one (unique across the scenario files).
    pub id: Option<String>,
    pub name: String,
    /// Index into the scenario files.
    pub file: usize,
    pub line: u64,
    pub answers: Answers,
    pub expect: Expect,
}

/// The scenario files, parsed and checked against the knowledge base.
#[derive(Debug)]
pub struct Suite {
    pub files: Vec<SourceFile>,
    pub scenarios: Vec<Scenario>,
}

impl Suite {
    /// The scenario with this id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.iter().find(|s| s.id.as_deref() == Some(id))
    }

    pub fn parse(kb: &KnowledgeBase, files: Vec<SourceFile>) -> Result<Suite, Error> {
        let mut diagnostics = Vec::new();
        let mut scenarios = Vec::new();
        // Where each id was first given, for the message about a second one.
        let mut ids: HashMap<String, Option<Span>> = HashMap::new();
        for (index, file) in files.iter().enumerate() {
            let raw: RawScenarioFile = match parse_yaml(file, index) {
                Ok(raw) => raw,
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    continue;
                }
            };
            for scenario in raw.scenarios {
                if let Some(id) = &scenario.id {
                    let at = Span::at(index, id.referenced);
                    if let Some(problem) = id_problem(&id.value, at, &files, &mut ids) {
                        diagnostics.push(problem);
                    }
                }
                match compile(kb, scenario, index) {
                    Ok(scenario) => scenarios.push(scenario),
                    Err(mut problems) => diagnostics.append(&mut problems),
                }
            }
        }
        if diagnostics.is_empty() {
            Ok(Suite { files, scenarios })
        } else {
            Err(Error::Invalid {
                what: "scenarios",
                diagnostics,
                files,
            })
        }
    }
}

/// What is wrong with a scenario's id, if anything: not an id, or given before.
fn id_problem(
    id: &str,
    at: Option<Span>,
    files: &[SourceFile],
    seen: &mut HashMap<String, Option<Span>>,
) -> Option<Diagnostic> {
    if !crate::kb::is_valid_id(id) {
        return Some(
            Diagnostic::error(format!("`{id}` is not a valid id"), at).with_help(Some(
                "ids start with a lower-case letter and use only a-z, 0-9, `_` and `-`".into(),
            )),
        );
    }
    match seen.get(id) {
        Some(first) => {
            let help = first.and_then(|s| {
                files
                    .get(s.file)
                    .map(|f| format!("first given at {}:{}:{}", f.name, s.line, s.column))
            });
            Some(Diagnostic::error(format!("duplicate scenario id `{id}`"), at).with_help(help))
        }
        None => {
            seen.insert(id.to_string(), at);
            None
        }
    }
}

fn compile(kb: &KnowledgeBase, raw: RawScenario, file: usize) -> Result<Scenario, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let answers = Answers::from_node(kb, &raw.answers, file).unwrap_or_else(|mut d| {
        problems.append(&mut d);
        Answers::default()
    });
    let cause = |id: &Spanned<String>, problems: &mut Vec<Diagnostic>| match kb.entity(&id.value) {
        Some(Entity::Cause(c)) => Some(c),
        _ => {
            let help = did_you_mean(&id.value, kb.causes.iter().map(|c| c.id.as_str()));
            problems.push(
                Diagnostic::error(
                    format!("unknown cause `{}`", id.value),
                    Span::at(file, id.referenced),
                )
                .with_help(help),
            );
            None
        }
    };
    let e = &raw.expect.value;
    let urgency = e.urgency.as_ref().and_then(|id| {
        let level = kb.level(&id.value);
        if level.is_none() {
            let help = did_you_mean(&id.value, kb.levels.iter().map(|l| l.id.as_str()));
            problems.push(
                Diagnostic::error(
                    format!("unknown urgency level `{}`", id.value),
                    Span::at(file, id.referenced),
                )
                .with_help(help),
            );
        }
        level
    });
    let first = e.first.as_ref().and_then(|id| cause(id, &mut problems));
    let in_top = e
        .in_top
        .iter()
        .filter_map(|id| cause(id, &mut problems))
        .collect();
    let absent = e
        .absent
        .iter()
        .filter_map(|id| cause(id, &mut problems))
        .collect();
    let expect = Expect {
        urgency,
        first,
        in_top,
        top_n: e.top_n.unwrap_or(3).max(1),
        absent,
        no_causes: e.no_causes,
    };
    if e.urgency.is_none()
        && e.first.is_none()
        && e.in_top.is_empty()
        && e.absent.is_empty()
        && !e.no_causes
    {
        problems.push(
            Diagnostic::error(
                "this scenario expects nothing",
                Span::at(file, raw.expect.referenced),
            )
            .with_help(Some(
                "give at least one of urgency, first, in_top, absent or no_causes".into(),
            )),
        );
    }
    if problems.is_empty() {
        Ok(Scenario {
            id: raw.id.map(|id| id.value),
            name: raw.name.value,
            file,
            line: raw.name.referenced.line(),
            answers,
            expect,
        })
    } else {
        Err(problems)
    }
}

/// How one scenario went: the outcome, and every expectation it missed.
#[derive(Debug)]
pub struct Verdict {
    pub outcome: Outcome,
    pub failures: Vec<String>,
}

pub fn run(kb: &KnowledgeBase, scenario: &Scenario) -> Result<Verdict, Error> {
    let outcome = assess(kb, &scenario.answers)?;
    let failures = check(kb, &scenario.expect, &outcome);
    Ok(Verdict { outcome, failures })
}

/// Compares an outcome with the expectations; each miss is a line of "expected … got …".
pub fn check(kb: &KnowledgeBase, expect: &Expect, outcome: &Outcome) -> Vec<String> {
    let mut failures = Vec::new();
    let cause_id = |c: CauseId| kb.causes[c].id.as_str();
    let ranking = || {
        if outcome.causes.is_empty() {
            "no causes listed".to_string()
        } else {
            outcome
                .causes
                .iter()
                .map(|c| {
                    format!(
                        "{} {}",
                        cause_id(c.cause),
                        crate::report::score_text(c.score)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    if let Some(level) = expect.urgency
        && level != outcome.level
    {
        failures.push(format!(
            "urgency: expected {}, got {}",
            kb.levels[level].id, kb.levels[outcome.level].id
        ));
    }
    if let Some(first) = expect.first
        && outcome.causes.first().map(|c| c.cause) != Some(first)
    {
        failures.push(format!(
            "first: expected {}, got {}",
            cause_id(first),
            ranking()
        ));
    }
    for &cause in &expect.in_top {
        if outcome
            .rank_of(cause)
            .is_none_or(|rank| rank >= expect.top_n)
        {
            failures.push(format!(
                "in top {}: expected {}, got {}",
                expect.top_n,
                cause_id(cause),
                ranking()
            ));
        }
    }
    for &cause in &expect.absent {
        if let Some(rank) = outcome.rank_of(cause) {
            failures.push(format!(
                "absent: expected {} not listed, but it ranks {}",
                cause_id(cause),
                rank + 1
            ));
        }
    }
    if expect.no_causes && !outcome.causes.is_empty() {
        failures.push(format!(
            "no causes: expected none listed, got {}",
            ranking()
        ));
    }
    failures
}

/// Runs a suite and renders the report; the last line is `N passed, N failed`.
pub fn run_suite(kb: &KnowledgeBase, suite: &Suite) -> Result<(String, usize), Error> {
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    for scenario in &suite.scenarios {
        let verdict = run(kb, scenario)?;
        let place = format!("{}:{}", suite.files[scenario.file].name, scenario.line);
        if verdict.failures.is_empty() {
            passed += 1;
            let _ = writeln!(out, "ok    {}  ({place})", scenario.name);
        } else {
            failed += 1;
            let _ = writeln!(out, "FAIL  {}  ({place})", scenario.name);
            for failure in &verdict.failures {
                let _ = writeln!(out, "      {failure}");
            }
            let fired: Vec<&str> = verdict
                .outcome
                .trace
                .iter()
                .map(|f| kb.rules[f.rule].id.as_str())
                .collect();
            let fired = if fired.is_empty() {
                "none".to_string()
            } else {
                fired.join(", ")
            };
            let _ = writeln!(out, "      fired rules: {fired}");
        }
    }
    let _ = writeln!(out, "{passed} passed, {failed} failed");
    Ok((out, failed))
}
