//! The program's own words for a person (the interview's prompts and the report's framing), in
//! the languages of `locales/<code>/triage.ftl`, through Fluent. The knowledge base's texts
//! (questions, causes, advice) are the knowledge base's to translate, not this module's.
//!
//! build.rs embeds every `locales/*/triage.ftl` at build time, so adding a language is adding
//! a folder. Clinician commands, ids, JSON keys and diagnostics stay English.

mod choose;
pub mod error;
#[cfg(test)]
mod tests;

pub use choose::{choose, from_locale};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::sync::OnceLock;

/// A language's code, its triage.ftl, and where each message is written in it (its id and
/// the bytes of its lines, sorted by id), as build.rs embeds them.
type Locale = (
    &'static str,
    &'static str,
    &'static [(&'static str, u32, u32)],
);

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// A language the program speaks: an index into `LOCALES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(usize);

/// Each language's messages, indexed the first time the language is needed (most runs need
/// one), each message parsed the first time it is said.
static MESSAGES: [OnceLock<Messages>; LOCALES.len()] = [const { OnceLock::new() }; LOCALES.len()];

/// One language's messages. Parsing the whole file cost a one-shot `assess` 0.84 M
/// instructions (7% of the run) for the dozen messages it says; build.rs finds where each
/// message is written, and each is parsed when first said.
struct Messages {
    /// Each message's id and its lines in the file, sorted by id, with the lines parsed once
    /// they are needed.
    entries: Vec<(&'static str, &'static str, OnceLock<FluentResource>)>,
    /// Formats the patterns with the language's plural rules. It holds no messages: no
    /// message refers to another (the test in tests.rs holds every message to that).
    bundle: FluentBundle<FluentResource>,
}

impl Messages {
    fn new(lang: Lang) -> Messages {
        let (code, source, index) = LOCALES[lang.0];
        let entries = index
            .iter()
            .map(|&(id, start, end)| (id, &source[start as usize..end as usize], OnceLock::new()))
            .collect();
        let mut bundle = FluentBundle::new_concurrent(vec![code.parse().unwrap_or_default()]);
        // Fluent wraps each variable in Unicode isolation marks by default, which terminals show.
        bundle.set_use_isolating(false);
        Messages { entries, bundle }
    }

    /// The message `id` formatted with `args`, if the language has it.
    fn format(&self, id: &str, args: &FluentArgs) -> Option<String> {
        let at = self
            .entries
            .binary_search_by_key(&id, |&(id, _, _)| id)
            .ok()?;
        let (_, entry, parsed) = &self.entries[at];
        // An entry with a syntax error keeps what parsed; the test in tests.rs fails on any
        // error, so none ships.
        let resource = parsed.get_or_init(|| {
            FluentResource::try_new(entry.to_string()).unwrap_or_else(|(partial, _)| partial)
        });
        let pattern = resource.entries().find_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(message) if message.id.name == id => {
                message.value.as_ref()
            }
            _ => None,
        })?;
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, Some(args), &mut errors);
        Some(text.into_owned())
    }
}

impl Default for Lang {
    fn default() -> Lang {
        Lang::ENGLISH
    }
}

impl Lang {
    /// English, the default and the fallback for a message a language lacks.
    pub const ENGLISH: Lang = Lang(english_index());

    /// The language with this code (`es`), if the program has it.
    pub fn from_code(code: &str) -> Option<Lang> {
        LOCALES.iter().position(|&(c, _, _)| c == code).map(Lang)
    }

    /// The codes of every language the program has, sorted.
    pub fn available() -> Vec<&'static str> {
        LOCALES.iter().map(|&(code, _, _)| code).collect()
    }

    pub fn code(self) -> &'static str {
        LOCALES[self.0].0
    }

    pub fn is_english(self) -> bool {
        self == Lang::ENGLISH
    }

    fn messages(self) -> &'static Messages {
        MESSAGES[self.0].get_or_init(|| Messages::new(self))
    }

    /// The message `id` with no variables.
    pub fn text(self, id: &str) -> String {
        self.text_with(id, &[])
    }

    /// The message `id` with its variables. A message this language lacks is said in English
    /// (the test in tests.rs keeps every language complete), and one English lacks is its id.
    pub fn text_with(self, id: &str, args: &[(&str, FluentValue)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        [self, Lang::ENGLISH]
            .into_iter()
            .find_map(|lang| lang.messages().format(id, &fluent_args))
            .unwrap_or_else(|| id.to_string())
    }

    /// The message `id` if this language (or English) has it.
    pub fn optional(self, id: &str) -> Option<String> {
        [self, Lang::ENGLISH]
            .into_iter()
            .find_map(|lang| lang.messages().format(id, &FluentArgs::new()))
    }

    /// A number's unit in this language's word for it where it has one (`unit-years = años`),
    /// else as the knowledge base writes it.
    pub fn unit(self, unit: &str) -> String {
        self.optional(&format!("unit-{unit}"))
            .unwrap_or_else(|| unit.to_string())
    }

    /// The words a message lists, comma-separated and lower-case: the answers a person may
    /// type (`answer-yes = y, yes, yeah`). English's are accepted in every language, as a
    /// person may type "yes" whatever language the questions are in.
    pub fn words(self, id: &str) -> Vec<String> {
        let mut words = Vec::new();
        for lang in [self, Lang::ENGLISH] {
            if let Some(list) = lang.messages().format(id, &FluentArgs::new()) {
                for word in list.split(',').map(|w| w.trim().to_lowercase()) {
                    if !word.is_empty() && !words.contains(&word) {
                        words.push(word);
                    }
                }
            }
        }
        words
    }
}

const fn english_index() -> usize {
    let mut i = 0;
    while i < LOCALES.len() {
        let code = LOCALES[i].0.as_bytes();
        if code.len() == 2 && code[0] == b'e' && code[1] == b'n' {
            return i;
        }
        i += 1;
    }
    panic!("locales/en/triage.ftl is missing")
}

/// A number for a message (a count that chooses a plural form, or one shown as it is).
pub fn num(n: usize) -> FluentValue<'static> {
    FluentValue::from(n)
}

/// A text for a message.
pub fn txt(text: &str) -> FluentValue<'static> {
    FluentValue::from(text.to_string())
}
