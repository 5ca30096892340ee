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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::TextId;

    /// Texts with one of each kind of condition, and one with none.
    fn kb() -> KnowledgeBase {
        crate::kb::test_kb(
            &[("emergency", true), ("urgent", false), ("routine", false)],
            None,
            "findings:
  - {id: back_pain, question: back pain?}
  - {id: fever, question: fever?}
  - {id: sex, kind: choice, question: sex?, options: [female, male]}
causes:
  - id: strain
    name: Strain
  - id: infection
    name: Infection
    description:
      - text: Call now.
        shown_at_or_above: urgent
rules:
  - id: advise
    when: {all: [back_pain, {sex: male}]}
    then:
      - advice: Rest.
        id: adv_rest
        kind: self_care
        shown_when: {sex: female}
        hidden_when: fever
        shown_below: urgent
      - advice: Stay warm.
        hidden_with_causes: [strain, infection]
      - advice: Walk.
",
        )
    }

    /// The texts with these words, in this order.
    fn texts(kb: &KnowledgeBase, words: &[&str]) -> Vec<TextId> {
        (words.iter())
            .map(|w| kb.texts.iter().position(|t| t.text.trim() == *w).unwrap())
            .collect()
    }

    const WORDS: &[&str] = &["Rest.", "Call now.", "Stay warm.", "Walk."];

    #[test]
    fn a_choice_reads_as_its_option_by_name() {
        let kb = kb();
        assert_eq!(
            condition_text(&kb, &kb.rules[0].when),
            "{all: [back_pain, {sex: male}]}"
        );
    }

    #[test]
    fn a_texts_conditions_read_in_the_yamls_own_keys() {
        let kb = kb();
        let conditions: Vec<String> = (texts(&kb, WORDS).into_iter())
            .map(|t| text_condition_text(&kb, &kb.texts[t]))
            .collect();
        assert_eq!(
            conditions,
            [
                "shown_when: {sex: female}; hidden_when: fever; shown_below: urgent",
                "shown_at_or_above: urgent",
                "hidden_with_causes: [strain, infection]",
                "",
            ]
        );
    }

    #[test]
    fn a_text_of_parts_names_each_parts_id_kind_and_conditions_after_its_words() {
        let kb = kb();
        assert_eq!(
            text_parts_text(&kb, &texts(&kb, WORDS)),
            "Rest. [id: adv_rest; kind: self_care; shown_when: {sex: female}; hidden_when: \
             fever; shown_below: urgent] Call now. [shown_at_or_above: urgent] Stay warm. \
             [hidden_with_causes: [strain, infection]] Walk."
        );
    }
}
