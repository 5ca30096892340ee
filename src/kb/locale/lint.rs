//! What `triage check` says of the translations against today's texts.

use super::{State, audit, keys, placeholders, span, text};
use crate::diagnostic::Diagnostic;
use crate::kb::KnowledgeBase;

/// The warnings and errors of every translation against today's texts, for `triage check`:
/// texts missing, names of no text, placeholders on one side only, and translations made from
/// older English.
pub fn lint(kb: &KnowledgeBase) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for locale in kb.locales.all() {
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
