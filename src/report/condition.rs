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
