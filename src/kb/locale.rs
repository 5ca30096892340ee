//! The knowledge base's texts in other languages: `rules/locales/<lang>.yaml`, one file per
//! language, written and reviewed like the rules. Every text a person can read has a key
//! (`finding.fever.question`, `cause.sciatica.self_care.2`: see [`keys`]); a file gives, for
//! each key, the English it was translated from (`en:`) and the translation (`<lang>:`).
//!
//! Keeping the English beside the translation is what tells a translation that fell behind an
//! edit of the English: it is "stale", and the person reads today's English instead, since the
//! old words may carry old clinical advice. Adding a language is adding a file (`template`
//! writes one with today's English); no code names a language.

mod file;
mod lint;
#[cfg(test)]
mod tests;

pub(in crate::kb) use file::read;
pub use file::template;
pub use lint::lint;

use super::text::{CauseField, TextId};
use super::{Action, CauseId, FactId, FactKind, KnowledgeBase, LevelId, RuleId, ScreenId};
use crate::diagnostic::Span;
use crate::error::Error;
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

/// The translations of a knowledge base, by language in file-name order. Kept encoded in the
/// compiled image (image.rs) and decoded the first time they are asked for: a person's
/// one-shot run in English never needs them, and decoding every language's texts (two for
/// each text of the knowledge base) took about a tenth of such a run.
#[derive(Debug, Clone, Default)]
pub struct Locales {
    /// Their postcard encoding, as the image holds it; empty when made from `decoded`.
    encoded: super::lazy::Encoded,
    decoded: std::sync::OnceLock<Vec<Locale>>,
}

impl Locales {
    pub fn new(locales: Vec<Locale>) -> Locales {
        Locales {
            encoded: super::lazy::Encoded::Empty,
            decoded: std::sync::OnceLock::from(locales),
        }
    }

    /// Every translation, decoded once. The bytes were written by this very binary (the image
    /// is checked whole before it is used), so they decode; were they not, no translation is
    /// offered rather than a wrong one.
    pub fn all(&self) -> &[Locale] {
        self.decoded
            .get_or_init(|| postcard::from_bytes(self.encoded.bytes()).unwrap_or_default())
    }
}

impl serde::Serialize for Locales {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.decoded.get() {
            Some(locales) if self.encoded.is_empty() => {
                let bytes = postcard::to_allocvec(locales).map_err(serde::ser::Error::custom)?;
                serializer.serialize_bytes(&bytes)
            }
            _ => serializer.serialize_bytes(self.encoded.bytes()),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Locales {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Locales {
            encoded: super::lazy::deserialize_encoded(deserializer)?,
            decoded: std::sync::OnceLock::new(),
        })
    }
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
    let words = super::Str::from(words);
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
                fact.option_labels = options.iter().map(Into::into).collect();
            }
            if let Some(label) = fact.option_labels.get_mut(i) {
                *label = words;
            }
        }
        Place::ScreenQuestion(s) => kb.screens[s].question = words,
        Place::ScreenHelp(s) => kb.screens[s].help = words,
        Place::CauseName(c) => kb.causes[c].name = words.to_string(),
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
                *reason = words.into();
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
        self.locales.all().iter().map(|l| &l.language)
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
        let Some(locale) = self.locales.all().iter().find(|l| l.language.code == lang) else {
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
