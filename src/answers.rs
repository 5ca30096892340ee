//! A person's answers: read from an answers file (YAML or JSON) and from command-line flags,
//! checked against the knowledge base, and written back out in the same format.

use crate::diagnostic::{Diagnostic, SourceFile, Span};
use crate::engine::condition::{FactId, Value};
use crate::error::Error;
use crate::kb::node::Node;
use crate::kb::{Entity, FactKind, KnowledgeBase};
use crate::suggest::did_you_mean;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

mod direct;

/// The answers of one person: a value for each finding mentioned (possibly "unknown").
/// Findings not mentioned are unknown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    pub values: BTreeMap<FactId, Value>,
}

/// The answer flags shared by `assess`, `explain` and friends.
#[derive(Debug, Clone, Default)]
pub struct AnswerFlags {
    pub yes: Vec<String>,
    pub no: Vec<String>,
    pub unknown: Vec<String>,
    pub age: Option<f64>,
    pub sex: Option<String>,
    pub duration_days: Option<f64>,
}

/// The top-level keys of an answers file that are findings of their own.
const DEMOGRAPHICS: [&str; 3] = ["age", "sex", "duration_days"];

/// Whether an answer with this id goes at the top of an answers file, not under `findings`.
pub fn is_demographic(id: &str) -> bool {
    DEMOGRAPHICS.contains(&id)
}

/// Why answers with nothing known are refused unless the caller says they are meant.
pub const NOTHING_GIVEN: &str =
    "no answer was given, so there is nothing to assess, and the result would read as an all-clear";

impl Answers {
    pub fn get(&self, fact: FactId) -> Value {
        self.values.get(&fact).copied().unwrap_or_default()
    }

    /// Whether any answer is known (present, absent, a number or an option).
    /// Whether any question was answered. "Not sure" counts: the question was asked, and the
    /// report names what is left open.
    pub fn any_given(&self) -> bool {
        self.values.values().any(|&v| v != Value::Unknown)
    }

    /// Parses an answers file. Every problem in it is reported, each with its line and column.
    pub fn parse(kb: &KnowledgeBase, file: SourceFile) -> Result<Answers, Error> {
        let fail = |diagnostics: Vec<Diagnostic>, file: SourceFile| Error::Invalid {
            what: "answers",
            diagnostics,
            files: vec![file],
        };
        // Empty input is most often a producer that failed: no answers at all must not read as
        // a confident result (`{}` or `findings: {}` says "nothing known" on purpose).
        if file.text.trim_start_matches('\u{feff}').trim().is_empty() {
            let name = match file.name.as_str() {
                "<stdin>" => "the answers on standard input are".to_string(),
                name => format!("the answers file `{name}` is"),
            };
            return Err(Error::Input(format!(
                "{name} empty; give the answers (`{{}}` with --allow-empty assesses with nothing known)"
            )));
        }
        let root: Spanned<Node> = match crate::kb::parse_yaml(&file, 0) {
            Ok(root) => root,
            Err(diagnostic) => return Err(fail(vec![diagnostic], file)),
        };
        Answers::from_node(kb, &root, 0).map_err(|diagnostics| fail(diagnostics, file))
    }

    /// Reads the answers in one line of JSON without building a tree first: quicker, for a
    /// batch. `None` when the line is not a valid answers object (`from_node` says why).
    pub fn from_json_line(kb: &KnowledgeBase, line: &[u8]) -> Option<Answers> {
        direct::read(kb, line)
    }

    /// Reads answers from an already parsed YAML tree of file number `file`.
    pub fn from_node(
        kb: &KnowledgeBase,
        root: &Spanned<Node>,
        file: usize,
    ) -> Result<Answers, Vec<Diagnostic>> {
        let mut reader = AnswerReader {
            kb,
            file,
            answers: Answers::default(),
            diagnostics: Vec::new(),
        };
        reader.root(root);
        if reader.diagnostics.is_empty() {
            Ok(reader.answers)
        } else {
            Err(reader.diagnostics)
        }
    }

    /// Applies command-line flags, which override the file.
    pub fn apply_flags(&mut self, kb: &KnowledgeBase, flags: &AnswerFlags) -> Result<(), Error> {
        let mut given: BTreeMap<FactId, (&str, Value)> = BTreeMap::new();
        let lists = [
            ("--yes", Value::Present, &flags.yes),
            ("--no", Value::Absent, &flags.no),
            ("--unknown", Value::Unsure, &flags.unknown),
        ];
        for (flag, value, ids) in lists {
            for id in ids.iter().flat_map(|list| list.split(',')).map(str::trim) {
                if id.is_empty() {
                    continue;
                }
                let fact =
                    yes_no_finding(kb, id).map_err(|e| Error::Input(format!("{e} (in {flag})")))?;
                if let Some((other, previous)) = given.get(&fact)
                    && *previous != value
                {
                    return Err(Error::Input(format!(
                        "`{id}` is given both as {} and as {}; answer it once",
                        other.trim_start_matches('-'),
                        flag.trim_start_matches('-')
                    )));
                }
                given.insert(fact, (flag, value));
            }
        }
        for (fact, (_, value)) in given {
            self.values.insert(fact, value);
        }
        let numbers = [("age", flags.age), ("duration_days", flags.duration_days)];
        for (id, number) in numbers {
            if let Some(number) = number {
                let fact = demographic(kb, id)?;
                let value = number_value(kb, fact, number).map_err(Error::Input)?;
                self.values.insert(fact, value);
            }
        }
        if let Some(sex) = &flags.sex {
            let fact = demographic(kb, "sex")?;
            let value = choice_value(kb, fact, sex).map_err(Error::Input)?;
            self.values.insert(fact, value);
        }
        Ok(())
    }

    /// The answers in the answers-file format (the demographics at the top, then findings).
    pub fn to_json(&self, kb: &KnowledgeBase) -> serde_json::Value {
        let mut top = serde_json::Map::new();
        let mut findings = serde_json::Map::new();
        for (&fact, &value) in &self.values {
            let id = kb.facts[fact].id.clone();
            let json = value_json(kb, fact, value);
            if DEMOGRAPHICS.contains(&id.as_str()) && value.is_known() {
                top.insert(id, json);
            } else {
                findings.insert(id, json);
            }
        }
        top.insert("findings".into(), serde_json::Value::Object(findings));
        serde_json::Value::Object(top)
    }

    /// The answers as an answers file in YAML, replayable with `triage assess --answers`.
    pub fn to_yaml(&self, kb: &KnowledgeBase) -> String {
        let mut out = String::new();
        let mut findings = String::new();
        for (&fact, &value) in &self.values {
            let id = &kb.facts[fact].id;
            let text = match value_json(kb, fact, value) {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            };
            if DEMOGRAPHICS.contains(&id.as_str()) && value.is_known() {
                out.push_str(&format!("{id}: {text}\n"));
            } else {
                findings.push_str(&format!("  {id}: {text}\n"));
            }
        }
        if findings.is_empty() {
            out.push_str("findings: {}\n");
        } else {
            out.push_str("findings:\n");
            out.push_str(&findings);
        }
        out
    }
}

/// A value as JSON: `present`/`absent`/`unknown`, a number, or an option name.
pub fn value_json(kb: &KnowledgeBase, fact: FactId, value: Value) -> serde_json::Value {
    match value {
        Value::Unknown | Value::Unsure => "unknown".into(),
        Value::Present => "present".into(),
        Value::Absent => "absent".into(),
        Value::Number(n) => number_json(n),
        Value::Choice(option) => match &kb.facts[fact].kind {
            FactKind::Choice { options } => options[option].clone().into(),
            _ => serde_json::Value::Null,
        },
    }
}

/// Whole numbers print without a fraction, so an age of 62 stays `62`.
pub fn number_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Value::from(n)
    }
}

/// A value in words for reports: "present", "62 years", "female".
pub fn value_text(kb: &KnowledgeBase, fact: FactId, value: Value) -> String {
    match (value, &kb.facts[fact].kind) {
        (Value::Number(n), FactKind::Number { unit, .. }) if !unit.is_empty() => {
            format!("{} {unit}", number_json(n))
        }
        // In the reader's language where the knowledge base is translated.
        (Value::Choice(option), _) => kb.facts[fact].option_label(option).to_string(),
        _ => match value_json(kb, fact, value) {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        },
    }
}

fn yes_no_finding(kb: &KnowledgeBase, id: &str) -> Result<FactId, String> {
    match kb.entity(id) {
        Some(Entity::Fact(f)) => match &kb.facts[f].kind {
            FactKind::YesNo => Ok(f),
            FactKind::Concept => Err(format!(
                "`{id}` is a concept that rules derive; it can't be answered"
            )),
            FactKind::Number { .. } => Err(format!(
                "`{id}` is a number; give it as `--{} N` or in an answers file",
                id.replace('_', "-")
            )),
            FactKind::Choice { options } => Err(format!(
                "`{id}` is a choice ({}); give it in an answers file",
                options.join(", ")
            )),
        },
        Some(other) => Err(format!(
            "`{id}` is {} {}, not a finding",
            article(other.noun(kb)),
            other.noun(kb)
        )),
        None => Err(unknown_finding(kb, id)),
    }
}

fn unknown_finding(kb: &KnowledgeBase, id: &str) -> String {
    let mut message = format!("unknown finding `{}`", crate::diagnostic::echo(id));
    if id.chars().count() > crate::diagnostic::MAX_ECHO {
        return message;
    }
    if let Some(help) = did_you_mean(id, kb.finding_ids()) {
        message.push_str("; ");
        message.push_str(&help);
    } else {
        message.push_str("; `triage list findings` shows them all");
    }
    message
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn demographic(kb: &KnowledgeBase, id: &str) -> Result<FactId, Error> {
    kb.fact(id)
        .filter(|&f| !kb.facts[f].is_concept())
        .ok_or_else(|| Error::Input(format!("this knowledge base has no finding `{id}`")))
}

fn number_value(kb: &KnowledgeBase, fact: FactId, number: f64) -> Result<Value, String> {
    let fact_def = &kb.facts[fact];
    match &fact_def.kind {
        FactKind::Number { unit, min, max } => {
            if number.is_finite() && number >= *min && number <= *max {
                Ok(Value::Number(number))
            } else {
                Err(format!(
                    "{} {} is impossible: `{}` must be from {} to {} {unit}",
                    fact_def.id.replace('_', " "),
                    // JSON has no infinity: name it rather than print `null`.
                    if number.is_finite() {
                        number_json(number).to_string()
                    } else {
                        number.to_string()
                    },
                    fact_def.id,
                    number_json(*min),
                    number_json(*max)
                ))
            }
        }
        _ => Err(format!("`{}` is not a number finding", fact_def.id)),
    }
}

/// The option a person means: its name, or the beginning of exactly one option's name (`f`
/// for `female`), ignoring case. The interview, the flags and the answers files all read a
/// choice this way, so that one spelling works everywhere.
pub fn pick_option(options: &[String], text: &str) -> Option<usize> {
    let wanted = text.trim().to_lowercase();
    if wanted.is_empty() {
        return None;
    }
    options.iter().position(|o| *o == wanted).or_else(|| {
        let mut matching = (0..options.len()).filter(|&i| options[i].starts_with(&wanted));
        match (matching.next(), matching.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    })
}

fn choice_value(kb: &KnowledgeBase, fact: FactId, text: &str) -> Result<Value, String> {
    let fact_def = &kb.facts[fact];
    match &fact_def.kind {
        FactKind::Choice { options } => match pick_option(options, text) {
            Some(i) => Ok(Value::Choice(i)),
            None => Err(format!(
                "`{}` must be one of {}, not `{}`",
                fact_def.id,
                options.join(", "),
                crate::diagnostic::echo(text)
            )),
        },
        _ => Err(format!("`{}` is not a choice finding", fact_def.id)),
    }
}

struct AnswerReader<'a> {
    kb: &'a KnowledgeBase,
    file: usize,
    answers: Answers,
    diagnostics: Vec<Diagnostic>,
}

impl AnswerReader<'_> {
    fn error(&mut self, message: String, at: serde_saphyr::Location, help: Option<String>) {
        self.diagnostics
            .push(Diagnostic::error(message, Span::at(self.file, at)).with_help(help));
    }

    fn root(&mut self, root: &Spanned<Node>) {
        let Node::Map(entries) = &root.value else {
            self.error(
                format!(
                    "an answers file is a mapping (age, sex, duration_days, findings), not {}",
                    root.value.kind()
                ),
                root.referenced,
                None,
            );
            return;
        };
        for (i, (key, value)) in entries.iter().enumerate() {
            // YAML refuses a repeated key as it parses; JSON leaves it to us. Two `findings`
            // would otherwise be merged.
            if entries[..i].iter().any(|(k, _)| k.value == key.value) {
                self.error(
                    format!(
                        "duplicate key `{}`: a key may appear only once in a mapping",
                        crate::diagnostic::echo(&key.value)
                    ),
                    key.referenced,
                    None,
                );
                continue;
            }
            match key.value.as_str() {
                "findings" => match &value.value {
                    Node::Map(findings) => {
                        for (id, answer) in findings {
                            self.answer(id, answer);
                        }
                    }
                    Node::Null => {}
                    other => self.error(
                        format!(
                            "`findings` is a mapping of finding ids to answers, not {}",
                            other.kind()
                        ),
                        value.referenced,
                        None,
                    ),
                },
                id if DEMOGRAPHICS.contains(&id) => self.answer(key, value),
                other => {
                    let known = DEMOGRAPHICS.iter().copied().chain(["findings"]);
                    let mut help = did_you_mean(other, known);
                    if help.is_none() && self.kb.fact(other).is_some() {
                        help = Some(format!(
                            "findings go under `findings:`, as `findings: {{{other}: present}}`"
                        ));
                    }
                    self.error(
                        format!(
                            "unknown key `{}` in the answers",
                            crate::diagnostic::echo(other)
                        ),
                        key.referenced,
                        help,
                    );
                }
            }
        }
    }

    fn answer(&mut self, id: &Spanned<String>, answer: &Spanned<Node>) {
        let fact = match self.kb.entity(&id.value) {
            Some(Entity::Fact(f)) if !self.kb.facts[f].is_concept() => f,
            Some(Entity::Fact(_)) => {
                let message = format!(
                    "`{}` is a concept that rules derive; it can't be answered",
                    id.value
                );
                self.error(message, id.referenced, None);
                return;
            }
            _ => {
                let help = did_you_mean(&id.value, self.kb.finding_ids());
                self.error(
                    format!("unknown finding `{}`", crate::diagnostic::echo(&id.value)),
                    id.referenced,
                    help,
                );
                return;
            }
        };
        let unknown = match &answer.value {
            Node::Null => true,
            Node::Text(t) => means_unknown(t),
            _ => false,
        };
        // One answer per finding: a second one (a repeated key, or a demographic given both
        // at the top and under `findings`) could silently override a red flag.
        if self.answers.values.contains_key(&fact) {
            self.error(
                format!("`{}` is answered twice; answer it once", id.value),
                id.referenced,
                None,
            );
            return;
        }
        if unknown {
            self.answers.values.insert(fact, Value::Unsure);
            return;
        }
        let result = match (&self.kb.facts[fact].kind, &answer.value) {
            (FactKind::YesNo, node) => crate::kb::presence(node)
                .map(|present| {
                    if present {
                        Value::Present
                    } else {
                        Value::Absent
                    }
                })
                .ok_or_else(|| {
                    format!(
                        "`{}` is answered present, absent or unknown, not {}",
                        id.value,
                        describe(node)
                    )
                }),
            (FactKind::Number { .. }, Node::Number(n)) => number_value(self.kb, fact, *n),
            (FactKind::Number { .. }, node) => Err(format!(
                "`{}` is a number, not {}",
                id.value,
                describe(node)
            )),
            (FactKind::Choice { .. }, Node::Text(text)) => choice_value(self.kb, fact, text),
            (FactKind::Choice { options }, node) => Err(format!(
                "`{}` is one of {}, not {}",
                id.value,
                options.join(", "),
                describe(node)
            )),
            (FactKind::Concept, _) => Err(format!("`{}` can't be answered", id.value)),
        };
        match result {
            Ok(value) => {
                self.answers.values.insert(fact, value);
            }
            Err(message) => self.error(message, answer.referenced, None),
        }
    }
}

/// Whether an answer's text says it is not known (in any case).
fn means_unknown(text: &str) -> bool {
    ["unknown", "unsure", "?"]
        .iter()
        .any(|word| text.eq_ignore_ascii_case(word))
}

fn describe(node: &Node) -> String {
    match node {
        Node::Text(t) => format!("`{}`", crate::diagnostic::echo(t)),
        Node::Number(n) => format!("{}", number_json(*n)),
        Node::Bool(b) => format!("`{b}`"),
        other => other.kind().to_string(),
    }
}

#[cfg(test)]
mod tests;
