//! The knowledge base's texts in other languages: `rules/locales/<lang>.yaml`, one file per
//! language, written and reviewed like the rules. Every text a person can read has a key
//! (`finding.fever.question`, `cause.sciatica.self_care.2`: see [`keys`]); a file gives, for
//! each key, the English it was translated from (`en:`) and the translation (`<lang>:`).
//!
//! Keeping the English beside the translation is what tells a translation that fell behind an
//! edit of the English: it is "stale", and the person reads today's English instead, since the
//! old words may carry old clinical advice. Adding a language is adding a file (`template`
//! writes one with today's English); no code names a language.

use super::text::{CauseField, TextId};
use super::{Action, CauseId, FactId, FactKind, KnowledgeBase, LevelId, RuleId, ScreenId};
use crate::diagnostic::{Diagnostic, Span};
use crate::error::Error;
use crate::kb::node::Node;
use crate::suggest::did_you_mean;
use serde_saphyr::Spanned;
use std::collections::HashMap;

/// The folder of a rules folder that holds the translations.
pub const FOLDER: &str = "locales";

/// The language the knowledge base is written in, and that every translation is made from.
pub const SOURCE_LANGUAGE: &str = "en";

/// A translation file, read.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Locale {
    pub language: Language,
    /// Index of its file in `KnowledgeBase::files`.
    pub file: usize,
    /// In file order.
    pub texts: Vec<Translation>,
}

/// A language the knowledge base's texts are translated into, and how far the translation is
/// trusted.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Language {
    /// As the file is named: `es` for `es.yaml`.
    pub code: String,
    /// In the language itself: `Español`.
    pub name: String,
    pub status: Status,
}

/// Whether a clinician fluent in the language has reviewed the translation (as the knowledge
/// base's own `status`): a report in a draft translation says it is a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Status {
    Draft,
    Reviewed,
}

impl Status {
    pub fn name(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Reviewed => "reviewed",
        }
    }
}

/// One text of a translation file.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Translation {
    pub key: String,
    /// The English it was translated from.
    pub source: String,
    /// The translation; empty when not written yet.
    pub text: String,
    /// Where the key, its `en:` and its translation are written.
    pub span: Option<Span>,
    pub source_span: Option<Span>,
    pub text_span: Option<Span>,
}

/// Where a person-facing text lives in the knowledge base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    LevelLabel(LevelId),
    /// A part of a level's instruction, of a cause's texts, or a rule's advice.
    Text(TextId),
    Question(FactId),
    Label(FactId),
    Help(FactId),
    /// An option of a choice finding, by index.
    Option(FactId, usize),
    ScreenQuestion(ScreenId),
    ScreenHelp(ScreenId),
    CauseName(CauseId),
    /// The reason of the urgency action at this index of the rule's `then`.
    Reason(RuleId, usize),
    NetSay(usize, usize),
    NetSign(usize, usize, usize),
    NotSureReason,
}

/// A person-facing text and its key.
#[derive(Debug, Clone)]
pub struct Key {
    pub key: String,
    pub place: Place,
}

/// Every person-facing text of the knowledge base with its key, in the order the translation
/// files list them: by file (when the knowledge base knows where its entities are written),
/// then levels, findings, screening questions, causes, rules, safety nets and the `not_sure`
/// reason, each in the order written. The keys:
///
/// - `level.<id>.label`, `level.<id>.action`
/// - `finding.<id>.question`, `.label`, `.help`, `finding.<id>.option.<option>`
/// - `screen.<id>.question`, `screen.<id>.help`
/// - `cause.<id>.name`, `cause.<id>.description` (also `self_care`, `see_doctor`)
/// - `rule.<id>.reason`, `rule.<id>.advice`
/// - `safety_net.<id>.<level>.say`, `safety_net.<id>.<level>.sign.<n>`
/// - `not_sure.reason`
///
/// A level's action or a cause's text written as a list of parts takes the part's position
/// (`.1`, `.2`...), and so does a reason or advice when a rule has several (counted among the
/// actions that have one); a sign takes its position in its group. Positions count from 1.
/// Texts that are not written (an empty help) have no key.
pub fn keys(kb: &KnowledgeBase) -> Vec<Key> {
    let mut out: Vec<(Option<usize>, Key)> = Vec::new();
    let mut push = |file: Option<Span>, key: String, place: Place| {
        out.push((file.map(|s| s.file), Key { key, place }));
    };
    for (l, level) in kb.levels.iter().enumerate() {
        push(
            level.span,
            format!("level.{}.label", level.id),
            Place::LevelLabel(l),
        );
        parts(
            kb,
            &format!("level.{}.action", level.id),
            &level.action,
            &mut |key, t| push(level.span, key, Place::Text(t)),
        );
    }
    for (f, fact) in kb.findings() {
        let base = format!("finding.{}", fact.id);
        if !fact.question.is_empty() {
            push(fact.span, format!("{base}.question"), Place::Question(f));
        }
        if fact.label.as_ref().is_some_and(|l| !l.is_empty()) {
            push(fact.span, format!("{base}.label"), Place::Label(f));
        }
        if !fact.help.is_empty() {
            push(fact.span, format!("{base}.help"), Place::Help(f));
        }
        if let FactKind::Choice { options } = &fact.kind {
            for (i, option) in options.iter().enumerate() {
                push(
                    fact.span,
                    format!("{base}.option.{option}"),
                    Place::Option(f, i),
                );
            }
        }
    }
    for (s, screen) in kb.screens.iter().enumerate() {
        push(
            screen.span,
            format!("screen.{}.question", screen.id),
            Place::ScreenQuestion(s),
        );
        if !screen.help.is_empty() {
            push(
                screen.span,
                format!("screen.{}.help", screen.id),
                Place::ScreenHelp(s),
            );
        }
    }
    for (c, cause) in kb.causes.iter().enumerate() {
        push(
            cause.span,
            format!("cause.{}.name", cause.id),
            Place::CauseName(c),
        );
        for field in CauseField::ALL {
            let texts = match field {
                CauseField::Description => &cause.description,
                CauseField::SelfCare => &cause.self_care,
                CauseField::SeeDoctor => &cause.see_doctor,
            };
            let base = format!("cause.{}.{}", cause.id, field.name());
            parts(kb, &base, texts, &mut |key, t| {
                push(cause.span, key, Place::Text(t))
            });
        }
    }
    for (r, rule) in kb.rules.iter().enumerate() {
        // The generated rules say the `not_sure:` reason, which has its own key.
        if rule.not_sure_of.is_some() {
            continue;
        }
        let reasons: Vec<usize> = (0..rule.then.len())
            .filter(
                |&a| matches!(&rule.then[a], Action::Urgency { reason, .. } if !reason.is_empty()),
            )
            .collect();
        for (n, &a) in reasons.iter().enumerate() {
            let key = numbered(&format!("rule.{}.reason", rule.id), n, reasons.len());
            push(rule.span, key, Place::Reason(r, a));
        }
        let advice: Vec<TextId> = rule
            .then
            .iter()
            .filter_map(|a| match a {
                Action::Advice(t) if !kb.texts[*t].text.is_empty() => Some(*t),
                _ => None,
            })
            .collect();
        for (n, &t) in advice.iter().enumerate() {
            let key = numbered(&format!("rule.{}.advice", rule.id), n, advice.len());
            push(kb.texts[t].span.or(rule.span), key, Place::Text(t));
        }
    }
    for (n, net) in kb.safety_nets.iter().enumerate() {
        for (g, group) in net.groups.iter().enumerate() {
            let base = format!("safety_net.{}.{}", net.id, kb.levels[group.level].id);
            if group.say.as_ref().is_some_and(|s| !s.is_empty()) {
                push(net.span, format!("{base}.say"), Place::NetSay(n, g));
            }
            for s in 0..group.signs.len() {
                push(
                    net.span,
                    format!("{base}.sign.{}", s + 1),
                    Place::NetSign(n, g, s),
                );
            }
        }
    }
    if let Some((_, span)) = &kb.not_sure_reason {
        push(*span, "not_sure.reason".to_string(), Place::NotSureReason);
    }
    // By file when every text knows its file (the built-in knowledge base compiled into the
    // binary does not): the order of the files, and of a file's entities, is the written one.
    if out.iter().all(|(file, _)| file.is_some()) {
        out.sort_by_key(|(file, _)| *file);
    }
    out.into_iter().map(|(_, key)| key).collect()
}

/// The keys of a text's parts: its own key for plain words, numbered for a list of parts.
fn parts(kb: &KnowledgeBase, base: &str, texts: &[TextId], each: &mut dyn FnMut(String, TextId)) {
    for (n, &t) in texts.iter().enumerate() {
        if kb.texts[t].listed {
            each(format!("{base}.{}", n + 1), t);
        } else {
            each(base.to_string(), t);
        }
    }
}

/// A key numbered only when the rule has several texts of the kind.
fn numbered(base: &str, n: usize, of: usize) -> String {
    if of > 1 {
        format!("{base}.{}", n + 1)
    } else {
        base.to_string()
    }
}

/// The text at a place, as the knowledge base holds it now.
pub fn text(kb: &KnowledgeBase, place: Place) -> &str {
    match place {
        Place::LevelLabel(l) => &kb.levels[l].label,
        Place::Text(t) => &kb.texts[t].text,
        Place::Question(f) => &kb.facts[f].question,
        Place::Label(f) => kb.facts[f].label.as_deref().unwrap_or_default(),
        Place::Help(f) => &kb.facts[f].help,
        Place::Option(f, i) => kb.facts[f].option_label(i),
        Place::ScreenQuestion(s) => &kb.screens[s].question,
        Place::ScreenHelp(s) => &kb.screens[s].help,
        Place::CauseName(c) => &kb.causes[c].name,
        Place::Reason(r, a) => match &kb.rules[r].then[a] {
            Action::Urgency { reason, .. } => reason,
            _ => "",
        },
        Place::NetSay(n, g) => kb.safety_nets[n].groups[g]
            .say
            .as_deref()
            .unwrap_or_default(),
        Place::NetSign(n, g, s) => &kb.safety_nets[n].groups[g].signs[s].text,
        Place::NotSureReason => kb.not_sure_reason.as_ref().map_or("", |(r, _)| r.as_str()),
    }
}

/// Where the text at a place is written (the entity that holds it), for messages.
pub fn span(kb: &KnowledgeBase, place: Place) -> Option<Span> {
    match place {
        Place::LevelLabel(l) => kb.levels[l].span,
        Place::Text(t) => kb.texts[t].span,
        Place::Question(f) | Place::Label(f) | Place::Help(f) | Place::Option(f, _) => {
            kb.facts[f].span
        }
        Place::ScreenQuestion(s) | Place::ScreenHelp(s) => kb.screens[s].span,
        Place::CauseName(c) => kb.causes[c].span,
        Place::Reason(r, _) => kb.rules[r].span,
        Place::NetSay(n, _) | Place::NetSign(n, _, _) => kb.safety_nets[n].span,
        Place::NotSureReason => kb.not_sure_reason.as_ref().and_then(|(_, s)| *s),
    }
}

/// Puts a translation in place of the text at a place.
fn replace(kb: &mut KnowledgeBase, place: Place, words: &str) {
    let words = words.to_string();
    match place {
        Place::LevelLabel(l) => kb.levels[l].label = words,
        Place::Text(t) => kb.texts[t].text = words,
        Place::Question(f) => kb.facts[f].question = words,
        Place::Label(f) => kb.facts[f].label = Some(words),
        Place::Help(f) => kb.facts[f].help = words,
        Place::Option(f, i) => {
            let fact = &mut kb.facts[f];
            if let FactKind::Choice { options } = &fact.kind
                && fact.option_labels.len() != options.len()
            {
                fact.option_labels = options.clone();
            }
            if let Some(label) = fact.option_labels.get_mut(i) {
                *label = words;
            }
        }
        Place::ScreenQuestion(s) => kb.screens[s].question = words,
        Place::ScreenHelp(s) => kb.screens[s].help = words,
        Place::CauseName(c) => kb.causes[c].name = words,
        Place::Reason(r, a) => {
            if let Action::Urgency { reason, .. } = &mut kb.rules[r].then[a] {
                *reason = words;
            }
        }
        Place::NetSay(n, g) => kb.safety_nets[n].groups[g].say = Some(words),
        Place::NetSign(n, g, s) => kb.safety_nets[n].groups[g].signs[s].text = words,
        Place::NotSureReason => {
            for rule in kb.rules.iter_mut().filter(|r| r.not_sure_of.is_some()) {
                for action in &mut rule.then {
                    if let Action::Urgency { reason, .. } = action {
                        reason.clone_from(&words);
                    }
                }
            }
            if let Some((reason, _)) = &mut kb.not_sure_reason {
                *reason = words;
            }
        }
    }
}

/// The placeholders of a text (`{signs}`), which the program fills in: sorted, once each.
pub fn placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close)
                if close > 0
                    && after[..close]
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                found.push(&rest[open..open + close + 2]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// How a translation stands against today's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Translated from today's English, with the same placeholders.
    Current,
    /// The file has no entry for the key.
    Missing,
    /// The entry's translation is not written.
    Empty,
    /// Translated from English that has changed since.
    Stale,
    /// A placeholder is on one side only: the person would read a raw `{signs}`, or lose the
    /// list it stands for.
    Placeholders,
}

/// Every key's translation in one language, and the entries that name no text.
pub struct Audit<'a> {
    pub locale: &'a Locale,
    pub keys: Vec<(Key, State, Option<&'a Translation>)>,
    pub extra: Vec<&'a Translation>,
}

impl Audit<'_> {
    pub fn count(&self, state: State) -> usize {
        self.keys.iter().filter(|(_, s, _)| *s == state).count()
    }
}

/// How each text stands in a language.
pub fn audit<'a>(kb: &KnowledgeBase, locale: &'a Locale) -> Audit<'a> {
    let keys = keys(kb);
    let mut by_key: HashMap<&str, &Translation> = HashMap::with_capacity(locale.texts.len());
    for translation in &locale.texts {
        by_key
            .entry(translation.key.as_str())
            .or_insert(translation);
    }
    let known: std::collections::HashSet<&str> = keys.iter().map(|k| k.key.as_str()).collect();
    let extra = locale
        .texts
        .iter()
        .filter(|t| !known.contains(t.key.as_str()))
        .collect();
    let keys = keys
        .into_iter()
        .map(|key| {
            let found = by_key.get(key.key.as_str()).copied();
            let state = match found {
                None => State::Missing,
                Some(t) if t.text.trim().is_empty() => State::Empty,
                Some(t) if t.source != text(kb, key.place) => State::Stale,
                Some(t) if placeholders(&t.text) != placeholders(text(kb, key.place)) => {
                    State::Placeholders
                }
                Some(_) => State::Current,
            };
            (key, state, found)
        })
        .collect();
    Audit {
        locale,
        keys,
        extra,
    }
}

impl KnowledgeBase {
    /// The languages the knowledge base's texts are translated into, with their names and
    /// whether the translation is a draft.
    pub fn languages(&self) -> impl Iterator<Item = &Language> {
        self.locales.iter().map(|l| &l.language)
    }

    /// The knowledge base with its person-facing texts (those [`keys`] lists) in `lang`, and
    /// `translation` saying which; `en` gives it as written. A text whose translation is
    /// missing, empty, made from older English or with placeholders that do not match stays in
    /// English: a stale translation may carry advice the clinicians have since changed, and
    /// today's English is safer than yesterday's advice in the person's language. Ids, answers
    /// and conditions do not change (an option keeps its name; see `Fact::option_label`).
    pub fn translated(&self, lang: &str) -> Result<KnowledgeBase, Error> {
        if lang == SOURCE_LANGUAGE {
            return Ok(self.clone());
        }
        let Some(locale) = self.locales.iter().find(|l| l.language.code == lang) else {
            let mut known: Vec<&str> = vec![SOURCE_LANGUAGE];
            known.extend(self.languages().map(|l| l.code.as_str()));
            return Err(Error::Input(format!(
                "the knowledge base has no texts in `{}`: it has {}",
                crate::diagnostic::echo(lang),
                known.join(", ")
            )));
        };
        let audit = audit(self, locale);
        let mut kb = self.clone();
        for (key, state, found) in &audit.keys {
            if let (State::Current, Some(translation)) = (state, found) {
                replace(&mut kb, key.place, &translation.text);
            }
        }
        kb.translation = Some(locale.language.clone());
        Ok(kb)
    }
}

/// A translation file for `lang` with every text of the knowledge base in English and its
/// translations empty: what a translator starts a new language from.
pub fn template(kb: &KnowledgeBase, lang: &str, name: &str) -> String {
    let mut out = format!(
        "# The knowledge base's texts in {name}: see \"Translations\" in rules/README.md.\n\
         language: {}\nname: {}\nstatus: draft\ntexts:\n",
        yaml_string(lang),
        yaml_string(name)
    );
    for key in keys(kb) {
        out.push_str(&format!(
            "  {}:\n    en: {}\n    {}: ''\n",
            key.key,
            yaml_string(text(kb, key.place)),
            yaml_string(lang)
        ));
    }
    out
}

/// A text as a YAML scalar on one line: plain where YAML reads it back as the same text, else
/// double-quoted with JSON's escapes (which YAML's double quotes read).
fn yaml_string(text: &str) -> String {
    let plain = !text.is_empty()
        && text.trim() == text
        && !text.starts_with(|c: char| "-?:,[]{}#&*!|>'\"%@`".contains(c))
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && text.chars().all(|c| !c.is_control())
        && text.parse::<f64>().is_err()
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).unwrap_or_default()
    }
}

/// The top-level keys of a translation file.
const FILE_KEYS: [&str; 4] = ["language", "name", "status", "texts"];

/// Reads a translation file (parsed as nodes) that is file `file`, named `name`; every mistake
/// in its shape is an error in `diagnostics`, located.
pub(super) fn read(
    node: &Spanned<Node>,
    file: usize,
    name: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Locale> {
    let at = |location: serde_saphyr::Location| Span::at(file, location);
    let mut error = |message: String, span: Option<Span>, help: Option<String>| {
        diagnostics.push(Diagnostic::error(message, span).with_help(help));
    };
    let stem = std::path::Path::new(name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Node::Map(entries) = &node.value else {
        error(
            format!(
                "a translation file is a mapping with {}, not {}",
                FILE_KEYS.join(", "),
                node.value.kind()
            ),
            at(node.referenced),
            None,
        );
        return None;
    };
    let (mut language, mut title, mut status, mut texts) = (None, None, None, None);
    for (key, value) in entries {
        match key.value.as_str() {
            "language" => match &value.value {
                Node::Text(code) if *code == stem => language = Some(code.clone()),
                Node::Text(code) => error(
                    format!("`language` is `{}`, but the file is named for `{stem}`", crate::diagnostic::echo(code)),
                    at(value.referenced),
                    Some(format!("a file's language is its name: write `language: {stem}`, or rename the file `{}.yaml`", crate::diagnostic::echo(code))),
                ),
                other => error(
                    format!("`language` is a language code like `es`, not {}", other.kind()),
                    at(value.referenced),
                    None,
                ),
            },
            "name" => match &value.value {
                Node::Text(words) if !words.trim().is_empty() => title = Some(words.clone()),
                other => error(
                    format!("`name` is the language's name in itself, like `Español`, not {}", other.kind()),
                    at(value.referenced),
                    None,
                ),
            },
            "status" => match &value.value {
                Node::Text(word) if word == "draft" => status = Some(Status::Draft),
                Node::Text(word) if word == "reviewed" => status = Some(Status::Reviewed),
                other => error(
                    format!("`status` is `draft` or `reviewed`, not {}", describe(other)),
                    at(value.referenced),
                    did_you_mean(
                        match other {
                            Node::Text(word) => word,
                            _ => "",
                        },
                        ["draft", "reviewed"],
                    )
                    .or_else(|| Some("`reviewed` once a clinician fluent in the language has reviewed every text".into())),
                ),
            },
            "texts" => texts = translations(value, file, &stem, &mut error),
            other => error(
                format!("unknown key `{}` in a translation file", crate::diagnostic::echo(other)),
                at(key.referenced),
                did_you_mean(other, FILE_KEYS)
                    .or_else(|| Some(format!("a translation file has the keys {}", FILE_KEYS.join(", ")))),
            ),
        }
    }
    let whole = at(node.referenced);
    let needs = |key: &str| format!("a translation file needs `{key}:`");
    if language.is_none() && !entries.iter().any(|(k, _)| k.value == "language") {
        error(
            needs("language"),
            whole,
            Some(format!("`language: {stem}`")),
        );
    }
    if title.is_none() && !entries.iter().any(|(k, _)| k.value == "name") {
        error(
            needs("name"),
            whole,
            Some("the language's name in itself, like `name: Español`".into()),
        );
    }
    if status.is_none() && !entries.iter().any(|(k, _)| k.value == "status") {
        error(
            needs("status"),
            whole,
            Some("`status: draft` until a clinician fluent in the language has reviewed it".into()),
        );
    }
    if texts.is_none() && !entries.iter().any(|(k, _)| k.value == "texts") {
        error(needs("texts"), whole, None);
    }
    Some(Locale {
        language: Language {
            code: language?,
            name: title?,
            status: status?,
        },
        file,
        texts: texts?,
    })
}

fn describe(node: &Node) -> String {
    match node {
        Node::Text(word) => format!("`{}`", crate::diagnostic::echo(word)),
        other => other.kind().to_string(),
    }
}

/// The `texts:` mapping: key to `{en: ..., <lang>: ...}`.
fn translations(
    node: &Spanned<Node>,
    file: usize,
    lang: &str,
    error: &mut dyn FnMut(String, Option<Span>, Option<String>),
) -> Option<Vec<Translation>> {
    let at = |location: serde_saphyr::Location| Span::at(file, location);
    let entries = match &node.value {
        Node::Map(entries) => entries.as_slice(),
        Node::Null => &[],
        other => {
            error(
                format!(
                    "`texts` maps each text's key to its `en` and `{lang}`, not {}",
                    other.kind()
                ),
                at(node.referenced),
                None,
            );
            return None;
        }
    };
    let mut ok = true;
    let mut out = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let Node::Map(fields) = &value.value else {
            error(
                format!(
                    "the text `{}` is a mapping with `en` and `{lang}`, not {}",
                    crate::diagnostic::echo(&key.value),
                    value.value.kind()
                ),
                at(value.referenced),
                Some(format!(
                    "`en:` the English it was translated from, `{lang}:` the translation"
                )),
            );
            ok = false;
            continue;
        };
        let mut translation = Translation {
            key: key.value.clone(),
            source: String::new(),
            text: String::new(),
            span: at(key.referenced),
            source_span: None,
            text_span: None,
        };
        let (mut has_source, mut has_text) = (false, false);
        for (field, words) in fields {
            let target = if field.value == SOURCE_LANGUAGE {
                has_source = true;
                translation.source_span = at(words.referenced);
                &mut translation.source
            } else if field.value == lang {
                has_text = true;
                translation.text_span = at(words.referenced);
                &mut translation.text
            } else {
                error(
                    format!(
                        "unknown key `{}` in the text `{}`",
                        crate::diagnostic::echo(&field.value),
                        translation.key
                    ),
                    at(field.referenced),
                    Some(format!(
                        "a text has `en:`, the English it was translated from, and `{lang}:`, the translation"
                    )),
                );
                ok = false;
                continue;
            };
            match &words.value {
                Node::Text(words) => *target = words.clone(),
                Node::Null => {}
                other => {
                    error(
                        format!(
                            "`{}` of the text `{}` is words, not {}",
                            field.value,
                            translation.key,
                            other.kind()
                        ),
                        at(words.referenced),
                        Some("put words that YAML reads otherwise between quotes".into()),
                    );
                    ok = false;
                }
            }
        }
        if !has_source {
            error(
                format!(
                    "the text `{}` needs `en:`, the English it was translated from",
                    translation.key
                ),
                translation.span,
                Some("it tells a translation made before the English changed".into()),
            );
            ok = false;
        }
        if !has_text {
            // An entry with no translation yet is allowed: `check` says it is missing.
            translation.text_span = translation.source_span;
        }
        out.push(translation);
    }
    ok.then_some(out)
}

/// The warnings and errors of every translation against today's texts, for `triage check`:
/// texts missing, names of no text, placeholders on one side only, and translations made from
/// older English.
pub fn lint(kb: &KnowledgeBase) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for locale in &kb.locales {
        let audit = audit(kb, locale);
        let file = kb.files.get(locale.file).map_or("", |f| f.name.as_str());
        let code = &locale.language.code;
        for (key, state, found) in &audit.keys {
            let english = text(kb, key.place);
            let diagnostic = match (state, found) {
                (State::Current, _) => continue,
                (State::Missing, _) => Diagnostic::warning(
                    format!("`{}` has no translation in `{code}`", key.key),
                    span(kb, key.place),
                )
                .with_help(Some(format!(
                    "add it under `texts:` in {file} (the person reads the English until then)"
                ))),
                (State::Empty, Some(t)) => Diagnostic::warning(
                    format!("the `{code}` text of `{}` is not written", key.key),
                    t.text_span,
                )
                .with_help(Some("translate it (the person reads the English until then)".into())),
                (State::Stale, Some(t)) => Diagnostic::warning(
                    format!(
                        "the `{code}` text of `{}` is older than the text it translates",
                        key.key
                    ),
                    t.source_span.or(t.span),
                )
                .with_help(Some(format!(
                    "it was translated from {:?}; the English now reads {:?}: update the translation and its `en:` (the person reads the English until then)",
                    t.source, english
                ))),
                (State::Placeholders, Some(t)) => {
                    let theirs = placeholders(&t.text);
                    let ours = placeholders(english);
                    let only = |a: &[&str], b: &[&str]| -> Vec<String> {
                        a.iter().filter(|p| !b.contains(p)).map(|p| format!("`{p}`")).collect()
                    };
                    let (lost, raw) = (only(&ours, &theirs), only(&theirs, &ours));
                    let mut said = Vec::new();
                    if !lost.is_empty() {
                        said.push(format!("the English has {} and the translation does not", lost.join(", ")));
                    }
                    if !raw.is_empty() {
                        said.push(format!("the translation has {} and the English does not", raw.join(", ")));
                    }
                    Diagnostic::error(
                        format!(
                            "the placeholders of the `{code}` text of `{}` do not match: {}",
                            key.key,
                            said.join("; ")
                        ),
                        t.text_span,
                    )
                    .with_help(Some(
                        "the program fills in a placeholder such as `{signs}`; keep each one, as written, in the translation (the person reads the English until then)".into(),
                    ))
                }
                (_, None) => continue,
            };
            out.push(diagnostic);
        }
        if !audit.extra.is_empty() {
            let keys = keys(kb);
            for translation in &audit.extra {
                // Keys are long and alike: only the closest one is worth naming.
                let closest =
                    crate::suggest::closest(&translation.key, keys.iter().map(|k| k.key.as_str()));
                let help = match closest.first() {
                    Some(key) => format!("did you mean `{key}`?"),
                    None => {
                        "remove it, or give it the key of a text (see `rules/README.md`)".into()
                    }
                };
                out.push(
                    Diagnostic::warning(
                        format!(
                            "`{}` in {file} names no text of the knowledge base",
                            translation.key
                        ),
                        translation.span,
                    )
                    .with_help(Some(help)),
                );
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::SourceFile;
    use crate::kb::{Loaded, load_sources};

    /// A knowledge base in two files whose texts exercise every kind of key: plain words, a
    /// list of parts, a rule with two reasons, options, a screen, a safety net and `not_sure`.
    const RULES: [(&str, &str); 2] = [
        (
            "a.yaml",
            "
metadata: {name: t, version: 0.1.0, status: draft, last_reviewed: 2026-11-26}
default_level: routine
levels:
  - {id: emergency, label: E, action: e now, emergency: true}
  - id: routine
    label: R
    action:
      - text: rest
      - {text: not in pregnancy, hidden_when: a}
findings:
  - {id: a, question: A?, help: About a., red_flag: true}
  - {id: b, question: B?, label: B}
  - {id: sex, kind: choice, options: [female, male], question: Sex?}
screens:
  - {id: s, question: Any of these?, findings: [a, b]}
",
        ),
        (
            "b.yaml",
            "
causes:
  - {id: one, name: One, self_care: [{text: walk}, {text: swim}], see_doctor: soon}
not_sure: {reason: 'Not sure: {signs}.'}
rules:
  - id: r1
    when: a
    then:
      - {urgency: emergency, reason: First.}
      - {urgency: emergency, reason: Second.}
      - {supports: one, weight: 2}
  - id: r2
    when: b
    then: [{advice: Drink water.}]
safety_nets:
  - id: net
    get_help:
      - level: emergency
        say: call now
        signs: [{sign: worse pain}, {sign: fever}]
",
        ),
    ];

    fn load(locale: Option<&str>) -> Result<Loaded, Error> {
        let files = RULES
            .iter()
            .map(|(name, text)| SourceFile {
                name: name.to_string(),
                text: text.to_string(),
            })
            .collect();
        let locales = locale
            .map(|text| SourceFile {
                name: "locales/es.yaml".into(),
                text: text.into(),
            })
            .into_iter()
            .collect();
        load_sources(files, locales)
    }

    #[test]
    fn every_person_facing_text_has_its_key_in_file_order() {
        let kb = load(None).unwrap().kb;
        let keys: Vec<(String, &str)> = keys(&kb)
            .into_iter()
            .map(|k| (k.key, text(&kb, k.place)))
            .collect();
        let expected = [
            ("level.emergency.label", "E"),
            ("level.emergency.action", "e now"),
            ("level.routine.label", "R"),
            ("level.routine.action.1", "rest"),
            ("level.routine.action.2", "not in pregnancy"),
            ("finding.a.question", "A?"),
            ("finding.a.help", "About a."),
            ("finding.b.question", "B?"),
            ("finding.b.label", "B"),
            ("finding.sex.question", "Sex?"),
            ("finding.sex.option.female", "female"),
            ("finding.sex.option.male", "male"),
            ("screen.s.question", "Any of these?"),
            ("cause.one.name", "One"),
            ("cause.one.self_care.1", "walk"),
            ("cause.one.self_care.2", "swim"),
            ("cause.one.see_doctor", "soon"),
            ("rule.r1.reason.1", "First."),
            ("rule.r1.reason.2", "Second."),
            ("rule.r2.advice", "Drink water."),
            ("safety_net.net.emergency.say", "call now"),
            ("safety_net.net.emergency.sign.1", "worse pain"),
            ("safety_net.net.emergency.sign.2", "fever"),
            ("not_sure.reason", "Not sure: {signs}."),
        ];
        let expected: Vec<(String, &str)> =
            expected.iter().map(|(k, t)| (k.to_string(), *t)).collect();
        assert_eq!(keys, expected);
        // The generated rule for "not sure" of `a` says the reason, under its one key.
        assert!(kb.rules.iter().any(|r| r.not_sure_of.is_some()));
    }

    /// A translation file giving `es` for the keys, each made from today's English unless
    /// `from` says otherwise.
    fn file(entries: &[(&str, &str, &str)]) -> String {
        let mut out = "language: es\nname: Español\nstatus: reviewed\ntexts:\n".to_string();
        for (key, en, es) in entries {
            out.push_str(&format!("  {key}:\n    en: {en:?}\n    es: {es:?}\n"));
        }
        out
    }

    #[test]
    fn a_translation_is_used_only_when_current_and_whole() {
        let locale = file(&[
            ("level.emergency.label", "E", "U"),
            // Stale: made from English that has changed since.
            ("finding.a.question", "A, once?", "¿A, antes?"),
            // Empty.
            ("finding.b.question", "B?", ""),
            // The placeholder lost.
            ("not_sure.reason", "Not sure: {signs}.", "No sé."),
            ("finding.sex.option.female", "female", "mujer"),
            ("cause.one.self_care.2", "swim", "nadar"),
            ("rule.r1.reason.2", "Second.", "Segunda."),
        ]);
        let kb = load(Some(&locale)).unwrap().kb;
        let es = kb.translated("es").unwrap();
        assert_eq!(es.levels[0].label, "U");
        assert_eq!(es.facts[0].question, "A?", "a stale text stays in English");
        assert_eq!(es.facts[1].question, "B?", "an empty text stays in English");
        assert_eq!(
            es.not_sure_reason.as_ref().unwrap().0,
            "Not sure: {signs}.",
            "a text that lost a placeholder stays in English"
        );
        let sex = es.fact("sex").unwrap();
        assert_eq!(es.facts[sex].option_label(0), "mujer");
        assert_eq!(es.facts[sex].option_label(1), "male");
        // The option itself, which answers and conditions name, is unchanged.
        assert_eq!(
            es.facts[sex].kind,
            FactKind::Choice {
                options: vec!["female".into(), "male".into()]
            }
        );
        assert_eq!(es.texts[es.causes[0].self_care[1]].text, "nadar");
        assert_eq!(
            es.rules[0].then[1],
            Action::Urgency {
                level: 0,
                reason: "Segunda.".into()
            }
        );
        assert_eq!(
            es.translation,
            Some(Language {
                code: "es".into(),
                name: "Español".into(),
                status: Status::Reviewed
            })
        );
        assert_eq!(kb.translation, None);
        assert!(kb.translated("en").unwrap().translation.is_none());
        let unknown = kb
            .translated("fr")
            .unwrap_err()
            .render(crate::style::Style::PLAIN);
        assert!(
            unknown.contains("`fr`") && unknown.contains("en, es"),
            "{unknown}"
        );
    }

    #[test]
    fn the_not_sure_reason_is_translated_in_every_generated_rule() {
        let locale = file(&[(
            "not_sure.reason",
            "Not sure: {signs}.",
            "No está seguro: {signs}.",
        )]);
        let es = load(Some(&locale)).unwrap().kb.translated("es").unwrap();
        let reasons: Vec<&Action> = es
            .rules
            .iter()
            .filter(|r| r.not_sure_of.is_some())
            .flat_map(|r| &r.then)
            .collect();
        assert!(!reasons.is_empty());
        for action in reasons {
            assert!(
                matches!(action, Action::Urgency { reason, .. } if reason == "No está seguro: {signs}."),
                "{action:?}"
            );
        }
    }

    #[test]
    fn the_audit_tells_each_state_and_the_extra_keys() {
        let locale = file(&[
            ("level.emergency.label", "E", "U"),
            ("finding.a.question", "A, once?", "¿A?"),
            ("finding.b.question", "B?", ""),
            ("not_sure.reason", "Not sure: {signs}.", "No sé: {señales}."),
            ("finding.c.question", "C?", "¿C?"),
        ]);
        let kb = load(Some(&locale)).unwrap().kb;
        let audit = audit(&kb, &kb.locales[0]);
        let state = |key: &str| {
            audit
                .keys
                .iter()
                .find(|(k, _, _)| k.key == key)
                .map(|(_, s, _)| *s)
                .unwrap()
        };
        assert_eq!(state("level.emergency.label"), State::Current);
        assert_eq!(state("finding.a.question"), State::Stale);
        assert_eq!(state("finding.b.question"), State::Empty);
        assert_eq!(state("not_sure.reason"), State::Placeholders);
        assert_eq!(state("finding.a.help"), State::Missing);
        let extra: Vec<&str> = audit.extra.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(extra, ["finding.c.question"]);
    }

    #[test]
    fn placeholders_are_the_braced_names() {
        assert_eq!(
            placeholders("a {signs} b {x_1} {signs}"),
            ["{signs}", "{x_1}"]
        );
        assert!(placeholders("{} { no } {a-b").is_empty());
    }

    #[test]
    fn the_file_shape_is_checked_with_locations() {
        let text = "language: fr\nname: Español\nstatus: final\nlanguages: x\ntexts:\n  a.b:\n    es: x\n    fr: y\n";
        let Err(Error::KnowledgeBase { diagnostics, .. }) = load(Some(text)) else {
            panic!("loaded");
        };
        let said: Vec<(String, Option<u64>)> = diagnostics
            .iter()
            .map(|d| (d.message.clone(), d.span.map(|s| s.line)))
            .collect();
        assert_eq!(
            said,
            [
                (
                    "`language` is `fr`, but the file is named for `es`".to_string(),
                    Some(1)
                ),
                (
                    "`status` is `draft` or `reviewed`, not `final`".into(),
                    Some(3)
                ),
                (
                    "unknown key `languages` in a translation file".into(),
                    Some(4)
                ),
                ("unknown key `fr` in the text `a.b`".into(), Some(8)),
                (
                    "the text `a.b` needs `en:`, the English it was translated from".into(),
                    Some(6)
                ),
            ]
        );
    }

    #[test]
    fn a_template_reads_back_as_every_key_with_its_english() {
        let kb = load(None).unwrap().kb;
        let template = template(&kb, "es", "Español");
        let kb = load(Some(&template)).unwrap().kb;
        let audit = audit(&kb, &kb.locales[0]);
        assert!(audit.extra.is_empty());
        assert_eq!(audit.count(State::Empty), audit.keys.len());
        for (key, _, found) in &audit.keys {
            assert_eq!(found.unwrap().source, text(&kb, key.place), "{}", key.key);
        }
    }

    /// The Rust enumeration is the source of truth for the keys: every translation shipped in
    /// rules/locales/ names exactly the texts of the shipped knowledge base, in its order.
    #[test]
    fn the_shipped_translations_have_exactly_the_shipped_texts() {
        let kb = crate::kb::load_located(&crate::kb::KbSource::Builtin)
            .unwrap()
            .kb;
        let ours: Vec<String> = keys(&kb).into_iter().map(|k| k.key).collect();
        assert_eq!(kb.locales.len(), crate::kb::BUILTIN_LOCALES.len());
        for locale in &kb.locales {
            let theirs: Vec<&str> = locale.texts.iter().map(|t| t.key.as_str()).collect();
            assert_eq!(theirs, ours, "{}", locale.language.code);
        }
        // And the template a new language starts from reads back with every key.
        let template = template(&kb, "xx", "Test");
        let file = SourceFile {
            name: "locales/xx.yaml".into(),
            text: template,
        };
        let node = crate::kb::parse_yaml::<Spanned<Node>>(&file, 0).unwrap();
        let locale = read(&node, 0, &file.name, &mut Vec::new()).unwrap();
        let keys: Vec<&str> = locale.texts.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(keys, ours);
        for (translation, key) in locale.texts.iter().zip(self::keys(&kb)) {
            assert_eq!(translation.source, text(&kb, key.place));
        }
    }
}
