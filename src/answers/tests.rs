use super::*;
use crate::kb::{KbSource, load};

#[test]
fn a_plain_json_line_is_read_by_the_quick_reader() {
    // `from_json_line` is `None` only for a line that is not a valid answers object.
    let kb = load(&KbSource::Builtin).unwrap().kb;
    let answers = Answers::from_json_line(&kb, br#"{"age":42,"findings":{"fever":"absent"}}"#)
        .expect("a valid answers line");
    let (age, fever) = (kb.fact("age").unwrap(), kb.fact("fever").unwrap());
    assert_eq!(answers.get(age), Value::Number(42.0));
    assert_eq!(answers.get(fever), Value::Absent);
    assert_eq!(answers.values.len(), 2);
}

#[test]
fn whole_numbers_print_without_a_fraction_below_ten_to_the_fifteen() {
    let shown = |n: f64| number_json(n).to_string();
    assert_eq!(shown(62.0), "62");
    assert_eq!(shown(-3.0), "-3");
    assert_eq!(shown(62.5), "62.5");
    assert_eq!(shown(999_999_999_999_999.0), "999999999999999");
    // From 10^15 on a whole number is written as a float (and stays exact as one).
    assert!(number_json(1e15).is_f64(), "{}", shown(1e15));
    assert!(number_json(-1e15).is_f64(), "{}", shown(-1e15));
    assert!(number_json(1e300).is_f64(), "{}", shown(1e300));
}

/// A knowledge base of one finding of each kind, and a number without a unit.
fn small_kb() -> KnowledgeBase {
    let text = "
metadata: {name: t, version: 0.1.0, status: draft, last_reviewed: 2026-11-26, min_cause_score: 1}
default_level: self_care
levels:
  - {id: urgent, label: U, action: Today.}
  - {id: self_care, label: S, action: Rest.}
findings:
  - {id: tingling, question: Tingling?}
  - {id: age, kind: number, question: Age?, unit: years, min: 0, max: 120}
  - {id: pain_score, kind: number, question: Pain from 0 to 10?, min: 0, max: 10}
  - {id: sex, kind: choice, question: Sex?, options: [female, male]}
rules:
  - {id: r1, when: {all: [tingling, {pain_score: {at_least: 5}}, {age: {at_least: 50}}, {sex: male}]}, then: [{urgency: urgent, reason: R.}]}
";
    let files = vec![SourceFile {
        name: "kb.yaml".into(),
        text: text.into(),
    }];
    match crate::kb::load_files(files) {
        Ok(loaded) => loaded.kb,
        Err(error) => panic!("{}", error.render(crate::style::Style::PLAIN)),
    }
}

#[test]
fn a_value_in_words_has_its_unit_if_the_finding_has_one() {
    let kb = small_kb();
    let fact = |id: &str| kb.fact(id).unwrap();
    assert_eq!(
        value_text(&kb, fact("age"), Value::Number(62.0)),
        "62 years"
    );
    assert_eq!(value_text(&kb, fact("pain_score"), Value::Number(7.0)), "7");
    assert_eq!(
        value_text(&kb, fact("pain_score"), Value::Number(7.5)),
        "7.5"
    );
    assert_eq!(value_text(&kb, fact("sex"), Value::Choice(1)), "male");
    assert_eq!(value_text(&kb, fact("tingling"), Value::Absent), "absent");
}

/// The message `--yes ID` is refused with.
fn refused_yes(kb: &KnowledgeBase, id: &str) -> String {
    let flags = AnswerFlags {
        yes: vec![id.to_string()],
        ..AnswerFlags::default()
    };
    match Answers::default().apply_flags(kb, &flags) {
        Err(Error::Input(message)) => message,
        other => panic!("--yes {id}: {other:?}"),
    }
}

#[test]
fn an_unknown_finding_gets_a_hint_unless_its_name_is_too_long_to_echo() {
    let kb = small_kb();
    let longest = "q".repeat(crate::diagnostic::MAX_ECHO);
    assert_eq!(
        refused_yes(&kb, &longest),
        format!("unknown finding `{longest}`; `triage list findings` shows them all (in --yes)")
    );
    // Past MAX_ECHO characters the name is cut short, and no hint is looked for.
    let long = "q".repeat(crate::diagnostic::MAX_ECHO + 1);
    assert_eq!(
        refused_yes(&kb, &long),
        format!(
            "unknown finding `{}… ({} characters in all)` (in --yes)",
            longest,
            crate::diagnostic::MAX_ECHO + 1
        )
    );
}

/// The message and help of each problem `from_node` finds in an answers file.
fn problems(kb: &KnowledgeBase, yaml: &str) -> Vec<(String, Option<String>)> {
    let file = SourceFile {
        name: "answers.yaml".into(),
        text: yaml.into(),
    };
    let root: Spanned<Node> = crate::kb::parse_yaml(&file, 0).unwrap();
    match Answers::from_node(kb, &root, 0) {
        Ok(answers) => panic!("{yaml}: read as {answers:?}"),
        Err(diagnostics) => diagnostics
            .into_iter()
            .map(|d| (d.message, d.help))
            .collect(),
    }
}

#[test]
fn a_finding_at_the_top_of_an_answers_file_is_told_to_go_under_findings() {
    let kb = small_kb();
    let unknown_key = |key: &str| format!("unknown key `{key}` in the answers");
    assert_eq!(
        problems(&kb, "tingling: present\n"),
        [(
            unknown_key("tingling"),
            Some("findings go under `findings:`, as `findings: {tingling: present}`".into())
        )]
    );
    // A misspelt key gets the spelling, not the advice; a key that is neither gets no help.
    let [(message, help)] = &problems(&kb, "findngs: {tingling: present}\n")[..] else {
        panic!("one problem");
    };
    assert_eq!(message, &unknown_key("findngs"));
    assert!(
        help.as_deref().is_some_and(|h| h.contains("`findings`")),
        "{help:?}"
    );
    assert_eq!(problems(&kb, "zzz: 1\n"), [(unknown_key("zzz"), None)]);
}
