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

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// A language the program speaks: an index into `LOCALES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lang(usize);

/// Each language's messages, parsed the first time they are needed (most runs need one).
static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; LOCALES.len()] =
    [const { OnceLock::new() }; LOCALES.len()];

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
        LOCALES.iter().position(|&(c, _)| c == code).map(Lang)
    }

    /// The codes of every language the program has, sorted.
    pub fn available() -> Vec<&'static str> {
        LOCALES.iter().map(|&(code, _)| code).collect()
    }

    pub fn code(self) -> &'static str {
        LOCALES[self.0].0
    }

    pub fn is_english(self) -> bool {
        self == Lang::ENGLISH
    }

    fn bundle(self) -> &'static FluentBundle<FluentResource> {
        BUNDLES[self.0].get_or_init(|| bundle(self))
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
            .find_map(|lang| format(lang.bundle(), id, &fluent_args))
            .unwrap_or_else(|| id.to_string())
    }

    /// The message `id` if this language (or English) has it.
    pub fn optional(self, id: &str) -> Option<String> {
        [self, Lang::ENGLISH]
            .into_iter()
            .find_map(|lang| format(lang.bundle(), id, &FluentArgs::new()))
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
            if let Some(list) = format(lang.bundle(), id, &FluentArgs::new()) {
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

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let (code, source) = LOCALES[lang.0];
    // A file with a syntax error keeps the messages that parsed; the test in tests.rs fails on
    // any error, so none ships.
    let resource =
        FluentResource::try_new(source.to_string()).unwrap_or_else(|(partial, _)| partial);
    let id = code.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    // Fluent wraps each variable in Unicode isolation marks by default, which terminals show.
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
}

fn format(bundle: &FluentBundle<FluentResource>, id: &str, args: &FluentArgs) -> Option<String> {
    let pattern = bundle.get_message(id)?.value()?;
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(args), &mut errors);
    Some(text.into_owned())
}

/// A number for a message (a count that chooses a plural form, or one shown as it is).
pub fn num(n: usize) -> FluentValue<'static> {
    FluentValue::from(n)
}

/// A text for a message.
pub fn txt(text: &str) -> FluentValue<'static> {
    FluentValue::from(text.to_string())
}
