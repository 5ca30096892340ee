//! Rendering an outcome for people (text) and for programs (JSON).

mod condition;
mod json;
mod jsonl;
mod summary;
mod text;
pub mod wrap;

pub use condition::{condition_text, text_condition_text, text_parts_text};
pub use json::{SCHEMA_VERSION, codes_json, facts_json, outcome_json};
pub use jsonl::JsonLines;
pub use summary::outcome_summary;
pub use text::{End, Ending, TextOptions, level_paint, outcome_text};

use crate::answers::value_text;
use crate::engine::condition::{FactId, Value};
use crate::i18n::{Lang, txt};
use crate::kb::{FactKind, KnowledgeBase};

/// Shown with every report: what the tool is and is not. The JSON and FHIR reports carry it in
/// English; a person reads it in their language (`notice` in locales/).
pub const NOTICE: &str = "This is a triage aid, not a diagnosis: it cannot examine you and may be wrong. \
If you are worried, or your symptoms change or get worse, contact a doctor, \
and in an emergency call 999, 911 or 112.";

/// `SNOMED CT 23056005, ICD-10 M54.3`: a cause's codes for a clinician's eye, if it has any.
pub fn codes_text(codes: &crate::kb::Codes) -> Option<String> {
    let parts: Vec<String> = [
        codes
            .snomed
            .as_ref()
            .map(|c| format!("SNOMED CT {}", c.code)),
        codes.icd10.as_ref().map(|c| format!("ICD-10 {}", c.code)),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `fever=present, age=62 years`: the facts behind a firing, in words.
pub fn facts_text(kb: &KnowledgeBase, facts: &[(FactId, Value)]) -> String {
    facts
        .iter()
        .map(|&(f, v)| {
            if kb.facts[f].is_concept() {
                match v {
                    Value::Present => kb.facts[f].id.clone(),
                    _ => format!("not {}", kb.facts[f].id),
                }
            } else {
                format!("{}={}", kb.facts[f].id, value_text(kb, f, v))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a person reads before the result when the rules are not the built-in ones (a folder
/// given with `--rules` or `TRIAGE_RULES`, or a `rules/` found nearby): a copy being edited
/// must never pass for the released tool.
pub fn kb_notice(kb: &KnowledgeBase, lang: Lang) -> Option<String> {
    let source = &kb.metadata.source;
    (!source.is_empty() && source != "built-in").then(|| {
        lang.text_with(
            "kb-notice",
            &[
                ("source", txt(&crate::diagnostic::shown(source))),
                ("name", txt(&kb.metadata.name)),
                ("version", txt(&kb.metadata.version)),
            ],
        )
    })
}

/// How the knowledge base's texts stand in the person's language.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum KbTexts {
    /// As written (English), or a reviewed translation: nothing to say.
    #[default]
    AsWritten,
    /// A translation whose status is still draft.
    DraftTranslation,
    /// No translation in this language: its texts are shown in English.
    NotTranslated,
}

/// What a person reads beside `kb_notice` when the knowledge base's texts in their language
/// are a draft translation, or not translated at all.
pub fn translation_notice(translation: KbTexts, lang: Lang) -> Option<String> {
    match translation {
        KbTexts::AsWritten => None,
        KbTexts::DraftTranslation => Some(lang.text("translation-draft")),
        KbTexts::NotTranslated => Some(lang.text("translation-missing")),
    }
}

/// An answer in words for a person, a number's unit in their language (`unit_word`).
pub fn value_words(kb: &KnowledgeBase, fact: FactId, value: Value, lang: Lang) -> String {
    match (value, &kb.facts[fact].kind) {
        (Value::Number(n), FactKind::Number { unit, .. }) if !unit.is_empty() => {
            format!(
                "{} {}",
                crate::answers::number_json(n),
                unit_word(unit, lang)
            )
        }
        _ => value_text(kb, fact, value),
    }
}

/// A number's unit in the language's word for it where it has one (`unit-years = años`),
/// else as the knowledge base writes it.
pub fn unit_word(unit: &str, lang: Lang) -> String {
    lang.unit(unit)
}

/// The level's id in capitals, as the report's first word: `EMERGENCY AMBULANCE`.
pub fn level_title(id: &str) -> String {
    id.replace('_', " ").to_uppercase()
}

/// A level's heading and label as a person reads them: `EMERGENCY AMBULANCE: Call an ambulance
/// now`; the heading in their language where it has one for the level (`level-<id>`).
pub fn level_heading(level: &crate::kb::Level, lang: Lang) -> String {
    let title = lang
        .optional(&format!("level-{}", level.id))
        .unwrap_or_else(|| level_title(&level.id));
    format!("{title}: {}", level.label)
}

/// Scores and weights print without a fraction when they have none: `3`, `1.5`.
pub fn score_text(value: f64) -> String {
    crate::answers::number_json(value).to_string()
}

/// The safety net of an outcome as a report says it: its signs grouped by what to do if one
/// starts (the group's own words, or the level's label), most urgent first.
pub struct NetLines<'kb> {
    pub level: crate::kb::LevelId,
    /// What to do, as a sentence start: "Go to an emergency department now".
    pub instruction: &'kb str,
    /// (the net's id, the sign)
    pub signs: Vec<(&'kb str, &'kb crate::kb::text::Sign)>,
}

pub fn safety_net_lines<'kb>(
    kb: &'kb KnowledgeBase,
    outcome: &crate::assess::Outcome,
) -> Vec<NetLines<'kb>> {
    let mut lines: Vec<NetLines<'kb>> = Vec::new();
    for at in &outcome.safety_net {
        let net = &kb.safety_nets[at.net];
        let group = &net.groups[at.group];
        let instruction = group.instruction(&kb.levels);
        let sign = (net.id.as_str(), &group.signs[at.sign]);
        match lines
            .iter_mut()
            .find(|l| l.level == group.level && l.instruction == instruction)
        {
            Some(line) => line.signs.push(sign),
            None => lines.push(NetLines {
                level: group.level,
                instruction,
                signs: vec![sign],
            }),
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::{
        KbTexts, TextOptions, outcome_summary, outcome_text, translation_notice, value_words,
    };
    use crate::answers::Answers;
    use crate::engine::condition::Value;
    use crate::i18n::Lang;
    use crate::kb::{KbSource, load};

    /// The line on a draft or missing translation sits beside the notice that names the rules
    /// used, before the result, in the text report and the summary alike; for texts as written
    /// there is none.
    #[test]
    fn a_draft_or_missing_translation_is_said_beside_the_rules_notice() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let mut kb = load(&KbSource::Dir(dir)).unwrap().kb;
        kb.metadata.source = "mini".into();
        let mut answers = Answers::default();
        answers
            .values
            .insert(kb.fact("back_pain").unwrap(), Value::Present);
        let outcome = crate::assess::assess(&kb, &answers).unwrap();
        let spanish = Lang::from_code("es").unwrap();
        for translation in [
            KbTexts::DraftTranslation,
            KbTexts::NotTranslated,
            KbTexts::AsWritten,
        ] {
            let options = TextOptions {
                style: crate::style::Style::PLAIN,
                details: false,
                width: 1000,
                lang: spanish,
                translation,
            };
            let text = outcome_text(&kb, &answers, &outcome, None, options);
            let summary =
                outcome_summary(&kb, &answers, &outcome, None, 1000, spanish, translation);
            let notice = "Las reglas usadas aquí son las de mini (mini 0.1.0), no las reglas propias de triage.\n\n";
            match translation_notice(translation, spanish) {
                Some(said) => {
                    assert!(text.starts_with(&format!("{notice}{said}\n\n")), "{text}");
                    assert!(
                        summary.contains(&format!("\n{notice}{said}\n\n## Urgencia")),
                        "{summary}"
                    );
                }
                None => {
                    let drafts = [KbTexts::DraftTranslation, KbTexts::NotTranslated]
                        .map(|t| translation_notice(t, spanish).unwrap());
                    assert!(text.starts_with(notice), "{text}");
                    for said in drafts {
                        assert!(!text.contains(&said) && !summary.contains(&said), "{text}");
                    }
                }
            }
        }
    }

    /// A number reads with its unit in the person's language ("62 years", "62 años"); one the
    /// knowledge base gives no unit reads as the number alone, with no space after it.
    #[test]
    fn a_number_reads_with_its_unit_and_one_without_a_unit_alone() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
        let mut kb = load(&KbSource::Dir(dir)).unwrap().kb;
        let age = kb.fact("age").unwrap();
        let spanish = Lang::from_code("es").unwrap();
        let sixty_two = Value::Number(62.0);
        assert_eq!(value_words(&kb, age, sixty_two, Lang::ENGLISH), "62 years");
        assert_eq!(value_words(&kb, age, sixty_two, spanish), "62 años");
        let crate::kb::FactKind::Number { unit, .. } = &mut kb.facts[age].kind else {
            panic!("age is a number");
        };
        unit.clear();
        for lang in [Lang::ENGLISH, spanish] {
            assert_eq!(value_words(&kb, age, sixty_two, lang), "62");
        }
    }
}
