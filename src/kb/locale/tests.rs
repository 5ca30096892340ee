//! The key scheme, the fallback to English and the file's shape.

use super::file::read;
use super::*;
use crate::diagnostic::SourceFile;
use crate::kb::node::Node;
use crate::kb::{Loaded, load_sources};
use serde_saphyr::Spanned;

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
    let expected: Vec<(String, &str)> = expected.iter().map(|(k, t)| (k.to_string(), *t)).collect();
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
    let audit = audit(&kb, &kb.locales.all()[0]);
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
    let audit = audit(&kb, &kb.locales.all()[0]);
    assert!(audit.extra.is_empty());
    assert_eq!(audit.count(State::Empty), audit.keys.len());
    for (key, _, found) in &audit.keys {
        assert_eq!(found.unwrap().source, text(&kb, key.place), "{}", key.key);
    }
}

/// The Rust enumeration is the source of truth for the keys: every translation shipped in
/// rules/locales/ names exactly the texts of the shipped knowledge base.
#[test]
fn the_shipped_translations_have_exactly_the_shipped_texts() {
    let kb = crate::kb::load_located(&crate::kb::KbSource::Builtin)
        .unwrap()
        .kb;
    let ours: Vec<String> = keys(&kb).into_iter().map(|k| k.key).collect();
    assert_eq!(kb.locales.all().len(), crate::kb::BUILTIN_LOCALES.len());
    // The same keys; a file listing them in another order is as good (the template writes
    // them in this order).
    let mut sorted: Vec<&str> = ours.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    for locale in kb.locales.all() {
        let mut theirs: Vec<&str> = locale.texts.iter().map(|t| t.key.as_str()).collect();
        theirs.sort_unstable();
        assert_eq!(theirs, sorted, "{}", locale.language.code);
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

#[test]
fn the_translations_survive_the_compiled_image_and_the_cache() {
    let locale = file(&[
        ("level.emergency.label", "E", "U"),
        ("finding.a.question", "A?", "¿A?"),
    ]);
    let loaded = load(Some(&locale)).unwrap();
    let bytes = crate::kb::image::encode(&loaded.kb, &loaded.warnings);
    let (kb, _) = crate::kb::image::decode(&bytes).unwrap();
    assert_eq!(
        format!("{:?}", kb.locales.all()),
        format!("{:?}", loaded.kb.locales.all())
    );
    let es = kb.translated("es").unwrap();
    assert_eq!(
        (es.levels[0].label.as_str(), es.facts[0].question.as_str()),
        ("U", "¿A?")
    );
    // Encoded again once decoded, they read back the same.
    let (again, _) = crate::kb::image::decode(&crate::kb::image::encode(&kb, &[])).unwrap();
    assert_eq!(
        format!("{:?}", again.locales.all()),
        format!("{:?}", loaded.kb.locales.all())
    );
}
