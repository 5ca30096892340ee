//! Reading a translation file (its shape, every mistake located) and writing one for a new
//! language.

use super::{Language, Locale, SOURCE_LANGUAGE, Status, Translation, keys, text};
use crate::diagnostic::{Diagnostic, Span};
use crate::kb::KnowledgeBase;
use crate::kb::node::Node;
use crate::suggest::did_you_mean;
use serde_saphyr::Spanned;

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
pub(in crate::kb) fn read(
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
