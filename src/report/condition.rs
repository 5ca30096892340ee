//! Conditions written back in the knowledge base's own YAML flow syntax, so that what a
//! clinician reads in an explanation, a lint or a diff is what they would type.

use crate::answers::number_json;
use crate::engine::condition::Condition;
use crate::kb::{FactKind, KnowledgeBase};

/// `{all: [back_pain, {fever: absent}, {age: {at_least: 50}}]}`.
pub fn condition_text(kb: &KnowledgeBase, condition: &Condition) -> String {
    let list = |parts: &[Condition]| {
        parts
            .iter()
            .map(|p| condition_text(kb, p))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match condition {
        Condition::Is { fact, present } => {
            let id = &kb.facts[*fact].id;
            if *present {
                id.clone()
            } else {
                format!("{{{id}: absent}}")
            }
        }
        Condition::Compare { fact, tests } => {
            let tests: Vec<String> = tests
                .iter()
                .map(|(c, b)| format!("{}: {}", c.name(), number_json(*b)))
                .collect();
            format!("{{{}: {{{}}}}}", kb.facts[*fact].id, tests.join(", "))
        }
        Condition::Choice { fact, option } => {
            let option = match &kb.facts[*fact].kind {
                FactKind::Choice { options } => options.get(*option).cloned().unwrap_or_default(),
                _ => option.to_string(),
            };
            format!("{{{}: {option}}}", kb.facts[*fact].id)
        }
        Condition::All(parts) => format!("{{all: [{}]}}", list(parts)),
        Condition::Any(parts) => format!("{{any: [{}]}}", list(parts)),
        Condition::Not(inner) => format!("{{not: {}}}", condition_text(kb, inner)),
        Condition::AtLeast { count, of } => format!("{{at_least: {count}, of: [{}]}}", list(of)),
        Condition::Unanswered { fact } => format!("{{{}: unknown}}", kb.facts[*fact].id),
        Condition::NotSure { fact } => format!("{{{}: not_sure}}", kb.facts[*fact].id),
    }
}

/// When a text may be shown, in the YAML's own keys: `shown_when: pregnant; shown_below:
/// urgent` (empty when it has no condition).
pub fn text_condition_text(kb: &KnowledgeBase, text: &crate::kb::text::Text) -> String {
    let mut parts = Vec::new();
    if let Some(c) = &text.shown_when {
        parts.push(format!("shown_when: {}", condition_text(kb, c)));
    }
    if let Some(c) = &text.hidden_when {
        parts.push(format!("hidden_when: {}", condition_text(kb, c)));
    }
    if let Some(level) = text.shown_below {
        parts.push(format!("shown_below: {}", kb.levels[level].id));
    }
    if let Some(level) = text.shown_at_or_above {
        parts.push(format!("shown_at_or_above: {}", kb.levels[level].id));
    }
    if !text.hidden_with_causes.is_empty() {
        let causes: Vec<&str> = text
            .hidden_with_causes
            .iter()
            .map(|&c| kb.causes[c].id.as_str())
            .collect();
        parts.push(format!("hidden_with_causes: [{}]", causes.join(", ")));
    }
    parts.join("; ")
}

/// A text made of parts, as a clinician reads it: each part's words, with its id, kind and
/// conditions in brackets after it.
pub fn text_parts_text(kb: &KnowledgeBase, parts: &[crate::kb::TextId]) -> String {
    parts
        .iter()
        .map(|&t| {
            let text = &kb.texts[t];
            let mut notes: Vec<String> = Vec::new();
            if let Some(id) = &text.id {
                notes.push(format!("id: {id}"));
            }
            if let Some(kind) = text.kind {
                notes.push(format!("kind: {}", kind.name()));
            }
            let conditions = text_condition_text(kb, text);
            if !conditions.is_empty() {
                notes.push(conditions);
            }
            if notes.is_empty() {
                text.text.trim().to_string()
            } else {
                format!("{} [{}]", text.text.trim(), notes.join("; "))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}
