//! A person's answers: read from an answers file (YAML or JSON) and from command-line flags,
//! checked against the knowledge base, and written back out in the same format.

use crate::diagnostic::{Diagnostic, SourceFile, Span};
use crate::engine::condition::{FactId, Value};
use crate::error::Error;
use crate::i18n::{Lang, txt};
use crate::kb::node::Node;
use crate::kb::{Entity, FactKind, KnowledgeBase};
use fluent_bundle::FluentValue;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;

mod direct;

/// The answers of one person: a value for each finding mentioned (possibly "unknown").
/// Findings not mentioned are unknown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    pub values: BTreeMap<FactId, Value>,
}

/// The answer flags shared by `assess`, `explain` and friends, and the language a problem
/// with them is said in.
#[derive(Debug, Clone, Default)]
pub struct AnswerFlags {
    pub lang: Lang,
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
        Answers::parse_in(kb, file, Lang::ENGLISH)
    }

    /// `parse`, with the problems said in `lang` (the ids, the paths and the places as they
    /// are), what the YAML reader finds wrong among them; where triage has no words of its own
    /// for that, only the reader's English message, another language says that the file
    /// cannot be read at that line and column.
    pub fn parse_in(kb: &KnowledgeBase, file: SourceFile, lang: Lang) -> Result<Answers, Error> {
        let fail = |diagnostics: Vec<Diagnostic>, file: SourceFile| Error::Invalid {
            what: "answers",
            diagnostics,
            files: vec![file],
        };
        // Empty input is most often a producer that failed: no answers at all must not read as
        // a confident result (`{}` or `findings: {}` says "nothing known" on purpose).
        if file.text.trim_start_matches('\u{feff}').trim().is_empty() {
            return Err(Error::Input(match file.name.as_str() {
                "<stdin>" => lang.text("answers-empty-stdin"),
                name => lang.text_with("answers-empty-file", &[("name", txt(name))]),
            }));
        }
        let root: Spanned<Node> = match crate::kb::parse_yaml_explained(&file, 0) {
            Ok(root) => root,
            Err(explained) => {
                let mut diagnostic = explained.diagnostic(lang);
                let detail = [("detail", txt(&diagnostic.message))];
                diagnostic.message = lang.text_with("answers-yaml", &detail);
                return Err(fail(vec![diagnostic], file));
            }
        };
        Answers::read(kb, &root, 0, lang).map_err(|diagnostics| fail(diagnostics, file))
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
        Answers::read(kb, root, file, Lang::ENGLISH)
    }

    fn read(
        kb: &KnowledgeBase,
        root: &Spanned<Node>,
        file: usize,
        lang: Lang,
    ) -> Result<Answers, Vec<Diagnostic>> {
        let mut reader = AnswerReader {
            kb,
            lang,
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
        let lang = flags.lang;
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
                let fact = yes_no_finding(kb, id, lang).map_err(|message| {
                    let args = [("message", txt(&message)), ("flag", txt(flag))];
                    Error::Input(lang.text_with("answers-in-flag", &args))
                })?;
                if let Some((other, previous)) = given.get(&fact)
                    && *previous != value
                {
                    return Err(Error::Input(lang.text_with(
                        "answers-given-twice",
                        &[
                            ("id", txt(id)),
                            ("first", txt(other.trim_start_matches('-'))),
                            ("second", txt(flag.trim_start_matches('-'))),
                        ],
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
                let fact = demographic(kb, id, lang)?;
                let value = number_value(kb, fact, number, lang).map_err(Error::Input)?;
                self.values.insert(fact, value);
            }
        }
        if let Some(sex) = &flags.sex {
            let fact = demographic(kb, "sex", lang)?;
            let value = choice_value(kb, fact, sex, lang).map_err(Error::Input)?;
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

fn yes_no_finding(kb: &KnowledgeBase, id: &str, lang: Lang) -> Result<FactId, String> {
    let said = |message: &str, args: &[(&str, FluentValue)]| {
        let mut all = vec![("id", txt(id))];
        all.extend_from_slice(args);
        Err(lang.text_with(message, &all))
    };
    match kb.entity(id) {
        Some(Entity::Fact(f)) => match &kb.facts[f].kind {
            FactKind::YesNo => Ok(f),
            FactKind::Concept => said("answers-concept", &[]),
            FactKind::Number { .. } => said(
                "answers-flag-number",
                &[("flag", txt(&id.replace('_', "-")))],
            ),
            FactKind::Choice { options } => said(
                "answers-flag-choice",
                &[("options", txt(&options.join(", ")))],
            ),
        },
        Some(other) => said(
            "answers-not-a-finding",
            &[("kind", txt(&other.noun(kb).replace(' ', "_")))],
        ),
        None => Err(unknown_finding(kb, id, lang)),
    }
}

fn unknown_finding(kb: &KnowledgeBase, id: &str, lang: Lang) -> String {
    let mut message = unknown_finding_message(id, lang);
    if id.chars().count() > crate::diagnostic::MAX_ECHO {
        return message;
    }
    message.push_str("; ");
    match did_you_mean(id, kb.finding_ids(), lang) {
        Some(help) => message.push_str(&help),
        None => message.push_str(&lang.text("answers-list-findings")),
    }
    message
}

fn unknown_finding_message(id: &str, lang: Lang) -> String {
    let id = crate::diagnostic::echo(id);
    lang.text_with("answers-unknown-finding", &[("id", txt(&id))])
}

/// A "did you mean" hint in `lang`, or `None` when nothing is close.
pub(crate) fn did_you_mean<'a>(
    unknown: &str,
    known: impl IntoIterator<Item = &'a str>,
    lang: Lang,
) -> Option<String> {
    // No id is this long: no suggestion, and no edit distance over megabytes.
    if unknown.len() > crate::suggest::MAX_TYPO {
        return None;
    }
    match crate::suggest::closest(unknown, known).as_slice() {
        [] => None,
        [one] => Some(lang.text_with("did-you-mean", &[("id", txt(one))])),
        many => {
            let ids: Vec<String> = many.iter().map(|id| format!("`{id}`")).collect();
            let ids = [("ids", txt(&ids.join(", ")))];
            Some(lang.text_with("did-you-mean-many", &ids))
        }
    }
}

fn demographic(kb: &KnowledgeBase, id: &str, lang: Lang) -> Result<FactId, Error> {
    kb.fact(id)
        .filter(|&f| !kb.facts[f].is_concept())
        .ok_or_else(|| Error::Input(lang.text_with("answers-no-demographic", &[("id", txt(id))])))
}

fn number_value(
    kb: &KnowledgeBase,
    fact: FactId,
    number: f64,
    lang: Lang,
) -> Result<Value, String> {
    let fact_def = &kb.facts[fact];
    match &fact_def.kind {
        FactKind::Number { unit, min, max } => {
            if number.is_finite() && number >= *min && number <= *max {
                Ok(Value::Number(number))
            } else {
                // JSON has no infinity: name it rather than print `null`.
                let value = if number.is_finite() {
                    number_json(number).to_string()
                } else {
                    number.to_string()
                };
                let unit = if unit.is_empty() {
                    String::new()
                } else {
                    lang.unit(unit)
                };
                Err(lang.text_with(
                    "answers-impossible",
                    &[
                        ("words", txt(&fact_def.id.replace('_', " "))),
                        ("value", txt(&value)),
                        ("id", txt(&fact_def.id)),
                        ("min", txt(&number_json(*min).to_string())),
                        ("max", txt(&number_json(*max).to_string())),
                        ("unit", txt(&unit)),
                    ],
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

fn choice_value(kb: &KnowledgeBase, fact: FactId, text: &str, lang: Lang) -> Result<Value, String> {
    let fact_def = &kb.facts[fact];
    match &fact_def.kind {
        FactKind::Choice { options } => match pick_option(options, text) {
            Some(i) => Ok(Value::Choice(i)),
            None => Err(lang.text_with(
                "answers-choice",
                &[
                    ("id", txt(&fact_def.id)),
                    ("options", txt(&options.join(", "))),
                    ("value", txt(&crate::diagnostic::echo(text))),
                ],
            )),
        },
        _ => Err(format!("`{}` is not a choice finding", fact_def.id)),
    }
}

struct AnswerReader<'a> {
    kb: &'a KnowledgeBase,
    /// The language the problems are said in.
    lang: Lang,
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
            let kind = [("kind", txt(&kind(&root.value, self.lang)))];
            let message = self.lang.text_with("answers-not-a-mapping", &kind);
            self.error(message, root.referenced, None);
            return;
        };
        for (i, (key, value)) in entries.iter().enumerate() {
            // YAML refuses a repeated key as it parses; JSON leaves it to us. Two `findings`
            // would otherwise be merged.
            if entries[..i].iter().any(|(k, _)| k.value == key.value) {
                let shown = [("key", txt(&crate::diagnostic::echo(&key.value)))];
                let message = self.lang.text_with("answers-duplicate-key", &shown);
                self.error(message, key.referenced, None);
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
                    other => {
                        let kind = [("kind", txt(&kind(other, self.lang)))];
                        let message = self.lang.text_with("answers-findings-not-a-mapping", &kind);
                        self.error(message, value.referenced, None);
                    }
                },
                id if DEMOGRAPHICS.contains(&id) => self.answer(key, value),
                other => {
                    let known = DEMOGRAPHICS.iter().copied().chain(["findings"]);
                    let mut help = did_you_mean(other, known, self.lang);
                    if help.is_none() && self.kb.fact(other).is_some() {
                        let key = [("key", txt(other))];
                        help = Some(self.lang.text_with("answers-under-findings", &key));
                    }
                    let shown = [("key", txt(&crate::diagnostic::echo(other)))];
                    let message = self.lang.text_with("answers-unknown-key", &shown);
                    self.error(message, key.referenced, help);
                }
            }
        }
    }

    fn answer(&mut self, id: &Spanned<String>, answer: &Spanned<Node>) {
        let lang = self.lang;
        let said = |message: &str, args: &[(&str, FluentValue)]| {
            let mut all = vec![("id", txt(&id.value))];
            all.extend_from_slice(args);
            lang.text_with(message, &all)
        };
        let fact = match self.kb.entity(&id.value) {
            Some(Entity::Fact(f)) if !self.kb.facts[f].is_concept() => f,
            Some(Entity::Fact(_)) => {
                self.error(said("answers-concept", &[]), id.referenced, None);
                return;
            }
            _ => {
                let help = did_you_mean(&id.value, self.kb.finding_ids(), lang);
                let message = unknown_finding_message(&id.value, lang);
                self.error(message, id.referenced, help);
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
            self.error(said("answers-twice", &[]), id.referenced, None);
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
                .ok_or_else(|| said("answers-not-yes-no", &[("value", describe(node, lang))])),
            (FactKind::Number { .. }, Node::Number(n)) => number_value(self.kb, fact, *n, lang),
            (FactKind::Number { .. }, node) => Err(said(
                "answers-not-a-number",
                &[("value", describe(node, lang))],
            )),
            (FactKind::Choice { .. }, Node::Text(text)) => choice_value(self.kb, fact, text, lang),
            (FactKind::Choice { options }, node) => Err(said(
                "answers-not-an-option",
                &[
                    ("options", txt(&options.join(", "))),
                    ("value", describe(node, lang)),
                ],
            )),
            (FactKind::Concept, _) => Err(said("answers-cannot-answer", &[])),
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

/// An answer as a message quotes it: its text or number, else what kind of value it is.
fn describe(node: &Node, lang: Lang) -> FluentValue<'static> {
    txt(&match node {
        Node::Text(t) => format!("`{}`", crate::diagnostic::echo(t)),
        Node::Number(n) => format!("{}", number_json(*n)),
        Node::Bool(b) => format!("`{b}`"),
        other => kind(other, lang),
    })
}

/// What kind of value a YAML value is, in `lang`: "a list".
fn kind(node: &Node, lang: Lang) -> String {
    lang.text(match node {
        Node::Null => "node-empty",
        Node::Bool(_) => "node-boolean",
        Node::Number(_) => "node-number",
        Node::Text(_) => "node-text",
        Node::Seq(_) => "node-list",
        Node::Map(_) => "node-mapping",
    })
}

#[cfg(test)]
mod tests;
