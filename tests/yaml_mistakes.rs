//! A catalogue of real editing mistakes in a rules file, each reported at the line that is
//! wrong, in a clinician's words: the exact message and its line and column.

use crate::harness::{check_refusing, mini_copy};

/// (the mistake, the file, the text replaced, its replacement, the message, line, column)
type Mistake = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    u64,
    u64,
);

const MISTAKES: &[Mistake] = &[
    (
        "a key indented one space too few",
        "rules.yaml",
        "    salience: 100",
        "   salience: 100",
        "`salience:` is indented 3 spaces; the other keys of this rule use 4",
        4,
        4,
    ),
    (
        "a key indented one space too many",
        "rules.yaml",
        "    salience: 100",
        "     salience: 100",
        "`salience:` is indented 5 spaces; the other keys of this rule use 4",
        4,
        6,
    ),
    (
        "a key indented two spaces too many",
        "rules.yaml",
        "    when: saddle_numbness",
        "      when: saddle_numbness",
        "`when:` is indented 6 spaces; the other keys of this rule use 4",
        5,
        7,
    ),
    (
        "a key at the column of the list's dash",
        "rules.yaml",
        "    salience: 100",
        "  salience: 100",
        "`salience:` is indented 2 spaces, like the `- ` of this list; the other keys of this rule use 4",
        4,
        3,
    ),
    (
        "a tab in the indentation",
        "rules.yaml",
        "    salience: 100",
        "\tsalience: 100",
        "a tab in the indentation: YAML indents with spaces only",
        4,
        1,
    ),
    (
        "a tab after spaces",
        "rules.yaml",
        "    salience: 100",
        "  \tsalience: 100",
        "a tab in the indentation: YAML indents with spaces only",
        4,
        3,
    ),
    (
        "a missing colon",
        "rules.yaml",
        "    when: saddle_numbness",
        "    when saddle_numbness",
        "a key without its `:`",
        5,
        5,
    ),
    (
        "no space after the colon",
        "rules.yaml",
        "    salience: 100",
        "    salience:100",
        "`salience:` needs a space after its `:`",
        4,
        13,
    ),
    (
        "a missing dash",
        "rules.yaml",
        "      - urgency: emergency",
        "      urgency: emergency",
        "`urgency:` starts a list item without its `- `",
        7,
        7,
    ),
    (
        "a dash without its space",
        "rules.yaml",
        "      - urgency: emergency",
        "      -urgency: emergency",
        "a list item's `-` needs a space after it",
        7,
        7,
    ),
    (
        "a list item indented one space too many",
        "rules.yaml",
        "  - id: fever_back_pain",
        "   - id: fever_back_pain",
        "this list item is indented 3 spaces; the other items of this list use 2",
        10,
        4,
    ),
    (
        "a list item indented one space too few",
        "rules.yaml",
        "  - id: fever_back_pain",
        " - id: fever_back_pain",
        "this list item is indented 1 space; the other items of this list use 2",
        10,
        2,
    ),
    (
        "a list item at the keys' column",
        "rules.yaml",
        "  - id: fever_back_pain",
        "    - id: fever_back_pain",
        "this list item is indented 4 spaces, like the keys around it; the other items of this list use 2",
        10,
        5,
    ),
    (
        "an action's key one space too few",
        "rules.yaml",
        "        reason: Numbness",
        "       reason: Numbness",
        "`reason:` is indented 7 spaces; the other keys of this block use 8",
        8,
        8,
    ),
    (
        "an action's key two spaces too many",
        "rules.yaml",
        "        reason: Numbness",
        "          reason: Numbness",
        "`reason:` is indented 10 spaces; the other keys of this block use 8",
        8,
        11,
    ),
    (
        "a finding's key indented too far",
        "findings.yaml",
        "    question: Have you had a fever?",
        "      question: Have you had a fever?",
        "`question:` is indented 6 spaces; the other keys of this finding use 4",
        10,
        7,
    ),
    (
        "a quote left open",
        "rules.yaml",
        "[\"seed-000: When to Seek Medical Help\"]",
        "[\"seed-000: When to Seek Medical Help]",
        "a quote that is never closed",
        9,
        15,
    ),
    (
        "a bracket left open",
        "rules.yaml",
        "[\"seed-000: When to Seek Medical Help\"]",
        "[\"seed-000: When to Seek Medical Help\"",
        "a bracket that is never closed",
        9,
        14,
    ),
    (
        "a bracket closed by the wrong kind",
        "rules.yaml",
        "    when: saddle_numbness",
        "    when: {all: [saddle_numbness}",
        "a bracket closed by the wrong kind: '[' closed by '}'",
        5,
        17,
    ),
    (
        "an id without its colon",
        "rules.yaml",
        "  - id: fever_back_pain",
        "  - id fever_back_pain",
        "expected `key: value` here",
        10,
        5,
    ),
    (
        "a key left out",
        "rules.yaml",
        "    when: saddle_numbness\n",
        "",
        "this rule has no `when:`",
        2,
        3,
    ),
    (
        "a key in the wrong block",
        "rules.yaml",
        "        weight: 3",
        "    weight: 3",
        "unknown field `weight`, expected one of id, description, salience, when, then, sources",
        29,
        5,
    ),
    (
        "a word where a number goes",
        "rules.yaml",
        "    salience: 100",
        "    salience: high",
        "expected a whole number here",
        4,
        15,
    ),
    (
        "a key written twice",
        "rules.yaml",
        "    when: saddle_numbness\n",
        "    when: saddle_numbness\n    when: fever\n",
        "duplicate key `when`: a key may appear only once in a mapping",
        6,
        5,
    ),
];

#[test]
fn each_editing_mistake_is_reported_at_its_line_in_plain_words() {
    assert!(MISTAKES.len() >= 20);
    let mut wrong = Vec::new();
    for &(what, file, from, to, message, line, column) in MISTAKES {
        let dir = mini_copy();
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{what}: `{from}` is not in {file}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let ran = check_refusing(dir.path()).run();
        let mut lines = ran.stderr.lines();
        let got = (
            lines.next().unwrap_or_default().to_string(),
            lines.next().unwrap_or_default().trim().to_string(),
        );
        let expected = (
            format!("error: {message}"),
            format!("--> {}:{line}:{column}", path.display()),
        );
        if got != expected {
            wrong.push(format!(
                "{what}:\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
        for word in ["i32", "f64", "ident", "Raw", "struct", "serde"] {
            assert!(
                !ran.stderr.contains(word),
                "{what}: `{word}` in\n{}",
                ran.stderr
            );
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
