//! Scenario files (rules/tests/*.yaml): answers in, expected urgency and causes out. They are
//! how clinicians pin down the behaviour of the rules; `triage test` runs them.

use crate::answers::Answers;
use crate::assess::{Assessor, Outcome};
use crate::diagnostic::{Diagnostic, SourceFile, Span};
use crate::error::Error;
use crate::kb::node::Node;
use crate::kb::{CauseId, Entity, KnowledgeBase, LevelId, parse_yaml};
use crate::suggest::did_you_mean;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::fmt::Write as _;

/// One scenario as written, read from the YAML tree by hand (not by serde's derive) so that
/// every problem of a file is reported in one run: a misspelt key in one scenario does not
/// hide an unknown id in the next, nor in the same one.
struct RawScenario {
    /// Optional: what the hazard log cites the scenario by.
    id: Option<Spanned<String>>,
    name: Spanned<String>,
    answers: Spanned<Node>,
    expect: Spanned<RawExpect>,
}

#[derive(Default)]
struct RawExpect {
    urgency: Option<Spanned<String>>,
    first: Option<Spanned<String>>,
    in_top: Vec<Spanned<String>>,
    top_n: Option<usize>,
    absent: Vec<Spanned<String>>,
    no_causes: bool,
}

const SCENARIO_KEYS: [&str; 5] = ["id", "name", "note", "answers", "expect"];
const EXPECT_KEYS: [&str; 6] = ["urgency", "first", "in_top", "top_n", "absent", "no_causes"];

/// Reads the scenarios of one file, each with every problem found in it.
fn read_file(
    root: &Spanned<Node>,
    file: usize,
    problems: &mut Vec<Diagnostic>,
) -> Vec<RawScenario> {
    let mut scenarios = Vec::new();
    let Node::Map(entries) = &root.value else {
        problems.push(Diagnostic::error(
            format!(
                "a scenario file is a mapping with `scenarios:`, not {}",
                root.value.kind()
            ),
            Span::at(file, root.referenced),
        ));
        return scenarios;
    };
    let mut found = false;
    for (key, value) in entries {
        if key.value != "scenarios" {
            unknown_key(key, &["scenarios"], file, problems);
            continue;
        }
        found = true;
        let Node::Seq(items) = &value.value else {
            problems.push(Diagnostic::error(
                format!("`scenarios` is a list, not {}", value.value.kind()),
                Span::at(file, value.referenced),
            ));
            continue;
        };
        scenarios.extend(
            items
                .iter()
                .filter_map(|item| read_scenario(item, file, problems)),
        );
    }
    if !found {
        problems.push(Diagnostic::error(
            "missing field `scenarios`",
            Span::at(file, root.referenced),
        ));
    }
    scenarios
}

fn read_scenario(
    item: &Spanned<Node>,
    file: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<RawScenario> {
    let Node::Map(entries) = &item.value else {
        problems.push(Diagnostic::error(
            format!(
                "a scenario is a mapping with name, answers and expect, not {}",
                item.value.kind()
            ),
            Span::at(file, item.referenced),
        ));
        return None;
    };
    let (mut id, mut name, mut answers, mut expect) = (None, None, None, None);
    let before = problems.len();
    for (key, value) in entries {
        match key.value.as_str() {
            "id" => id = text(value, "id", file, problems),
            "name" => name = text(value, "name", file, problems),
            "note" => {}
            "answers" => answers = Some(value.clone()),
            "expect" => expect = Some(read_expect(value, file, problems)),
            _ => unknown_key(key, &SCENARIO_KEYS, file, problems),
        }
    }
    for (field, missing) in [
        ("name", name.is_none()),
        ("answers", answers.is_none()),
        ("expect", expect.is_none()),
    ] {
        if missing && problems.len() == before {
            problems.push(Diagnostic::error(
                format!("missing field `{field}`"),
                Span::at(file, item.referenced),
            ));
        }
    }
    Some(RawScenario {
        id,
        name: name?,
        answers: answers?,
        expect: expect?,
    })
}

fn read_expect(
    node: &Spanned<Node>,
    file: usize,
    problems: &mut Vec<Diagnostic>,
) -> Spanned<RawExpect> {
    let mut expect = RawExpect::default();
    let Node::Map(entries) = &node.value else {
        problems.push(Diagnostic::error(
            format!("`expect` is a mapping, not {}", node.value.kind()),
            Span::at(file, node.referenced),
        ));
        return Spanned {
            value: expect,
            referenced: node.referenced,
            defined: node.defined,
        };
    };
    for (key, value) in entries {
        let list = |problems: &mut Vec<Diagnostic>| match &value.value {
            Node::Seq(items) => items
                .iter()
                .filter_map(|i| text(i, &key.value, file, problems))
                .collect(),
            _ => text(value, &key.value, file, problems)
                .into_iter()
                .collect(),
        };
        match key.value.as_str() {
            "urgency" => expect.urgency = text(value, "urgency", file, problems),
            "first" => expect.first = text(value, "first", file, problems),
            "in_top" => expect.in_top = list(problems),
            "absent" => expect.absent = list(problems),
            "top_n" => match value.value {
                Node::Number(n) if n >= 1.0 && n.fract() == 0.0 && n < 1e9 => {
                    expect.top_n = Some(n as usize)
                }
                _ => problems.push(Diagnostic::error(
                    "`top_n` is a whole number of at least 1",
                    Span::at(file, value.referenced),
                )),
            },
            "no_causes" => match value.value {
                Node::Bool(b) => expect.no_causes = b,
                _ => problems.push(Diagnostic::error(
                    "`no_causes` is true or false",
                    Span::at(file, value.referenced),
                )),
            },
            _ => unknown_key(key, &EXPECT_KEYS, file, problems),
        }
    }
    Spanned {
        value: expect,
        referenced: node.referenced,
        defined: node.defined,
    }
}

/// A text value, or a problem; an id (a number or `yes` read as text) counts as text.
fn text(
    node: &Spanned<Node>,
    what: &str,
    file: usize,
    problems: &mut Vec<Diagnostic>,
) -> Option<Spanned<String>> {
    let value = match &node.value {
        Node::Text(t) => t.clone(),
        Node::Number(n) => crate::answers::number_json(*n).to_string(),
        other => {
            problems.push(Diagnostic::error(
                format!("`{what}` is a text, not {}", other.kind()),
                Span::at(file, node.referenced),
            ));
            return None;
        }
    };
    Some(Spanned {
        value,
        referenced: node.referenced,
        defined: node.defined,
    })
}

fn unknown_key(key: &Spanned<String>, known: &[&str], file: usize, problems: &mut Vec<Diagnostic>) {
    problems.push(
        Diagnostic::error(
            format!(
                "unknown field `{}`, expected one of {}",
                key.value,
                known.join(", ")
            ),
            Span::at(file, key.referenced),
        )
        .with_help(did_you_mean(&key.value, known.iter().copied())),
    );
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
            let root: Spanned<Node> = match parse_yaml(file, index) {
                Ok(root) => root,
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    continue;
                }
            };
            for scenario in read_file(&root, index, &mut diagnostics) {
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
        // In file order, whichever pass found them.
        diagnostics.sort_by_key(|d| d.span.map(|s| (s.file, s.line, s.column)));
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
                    format!("unknown cause `{}`", crate::diagnostic::echo(&id.value)),
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
                    format!(
                        "unknown urgency level `{}`",
                        crate::diagnostic::echo(&id.value)
                    ),
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
            // Shown by `test`, `coverage` and `diff`: nothing in it may act on a terminal.
            name: crate::diagnostic::shown(&raw.name.value).into_owned(),
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

/// Runs one scenario. One `assessor` for a whole suite: each scenario then costs in proportion
/// to the rules its answers touch, not to the size of the knowledge base.
pub fn run(assessor: &mut Assessor, scenario: &Scenario) -> Result<Verdict, Error> {
    let outcome = assessor.assess(&scenario.answers)?;
    let failures = check(assessor.kb(), &scenario.expect, &outcome);
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
    let mut assessor = Assessor::new(kb);
    for scenario in &suite.scenarios {
        let verdict = run(&mut assessor, scenario)?;
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
