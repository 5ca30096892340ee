use crate::harness::{Test, check_refusing, fixtures, mini_copy};

#[test]
fn a_clean_knowledge_base_is_summarised() {
    Test::new()
        .current_dir(&fixtures())
        .args(&["--rules", "clinic", "check"])
        .stdout_below_header("clinic 1.0.0: 3 files, 3 levels, 7 findings, 1 concepts, 4 causes, 7 rules; no problems found\n")
        .stderr("")
        .run();
}

#[test]
fn every_reference_problem_is_reported_in_one_run() {
    let dir = mini_copy();
    let path = dir.path().join("zz_broken.yaml");
    std::fs::write(
        &path,
        "\
rules:
  - id: fever_back_pain
    when: {all: [fevr, {age: {at_least: 200}}, {sex: femal}]}
    then:
      - urgency: urgnt
        reason: x
      - supports: sciatca
        weight: 2
    sources: [seed-00]
",
    )
    .unwrap();
    let file = path.display();
    let rules = dir.path().join("rules.yaml");
    check_refusing(dir.path())
        .stderr(&format!(
            "\
error: duplicate id `fever_back_pain`
 --> {file}:2:9
  |
2 |   - id: fever_back_pain
  |         ^^^^^^^^^^^^^^^
  = help: first defined at {rules}:10:9

error: unknown finding or concept `fevr`
 --> {file}:3:18
  |
3 |     when: {{all: [fevr, {{age: {{at_least: 200}}}}, {{sex: femal}}]}}
  |                  ^^^^
  = help: did you mean `fever`?

error: 200 is outside the range of `age` (0 to 120 years)
 --> {file}:3:41
  |
3 |     when: {{all: [fevr, {{age: {{at_least: 200}}}}, {{sex: femal}}]}}
  |                                         ^^^

error: `sex` is one of female, male, not `femal`
 --> {file}:3:54
  |
3 |     when: {{all: [fevr, {{age: {{at_least: 200}}}}, {{sex: femal}}]}}
  |                                                      ^^^^^
  = help: did you mean `female`?

error: unknown urgency level `urgnt`
 --> {file}:5:18
  |
5 |       - urgency: urgnt
  |                  ^^^^^
  = help: did you mean `urgent`?

error: unknown cause `sciatca`
 --> {file}:7:19
  |
7 |       - supports: sciatca
  |                   ^^^^^^^
  = help: did you mean `sciatica`?

error: unknown source `seed-00` in citation \"seed-00\"
 --> {file}:9:15
  |
9 |     sources: [seed-00]
  |               ^^^^^^^
  = help: did you mean `seed-000`?

error: the knowledge base did not load: 7 errors
",
            rules = rules.display()
        ))
        .run();
}

#[test]
fn a_cycle_through_negation_names_its_rules() {
    let dir = mini_copy();
    let path = dir.path().join("zz_cycle.yaml");
    std::fs::write(
        &path,
        "\
concepts: [{id: calm}, {id: worried}]
rules:
  - id: calm_unless_worried
    when: {all: [back_pain, {not: worried}]}
    then: [{derive: calm}]
  - id: worried_when_calm
    when: calm
    then: [{derive: worried}]
",
    )
    .unwrap();
    check_refusing(dir.path())
.stderr(&format!(
            "\
error: the rules `calm_unless_worried` → `worried_when_calm` form a cycle through negation: `worried` depends on its own absence
 --> {}:3:9
  |
3 |   - id: calm_unless_worried
  |         ^^^^^^^^^^^^^^^^^^^
  = help: a rule may test `not` of a concept only if that concept never depends on the rule; split the concept or remove the negation

error: the knowledge base did not load: 1 error
",
            path.display()
        ))
        .run();
}

#[test]
fn kinds_and_actions_are_checked() {
    let dir = mini_copy();
    let path = dir.path().join("zz_kinds.yaml");
    std::fs::write(
        &path,
        "\
findings:
  - {id: height, kind: number, min: 3, max: 1}
  - {id: colour, kind: choice}
  - {id: tall, unit: cm}
rules:
  - id: several_actions
    when: age
    then:
      - {derive: back_pain, advice: x}
      - {supports: sciatica}
      - {urgency: urgent}
",
    )
    .unwrap();
    let ran = check_refusing(dir.path()).run();
    let messages: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(
        messages,
        [
            "error: `min` (3) must be less than `max` (1)",
            "error: choice finding `colour` needs a list of `options`",
            "error: `unit` is only for number findings, and `tall` is not one",
            "error: `age` is a number; compare it instead",
            "error: an action does exactly one thing; put each in its own list item",
            "error: evidence needs a `weight` (a positive number)",
            "error: an `urgency` action needs a `reason` to show the person",
            "error: the knowledge base did not load: 7 errors",
        ]
    );
}

#[test]
fn screening_questions_are_checked_with_locations() {
    let dir = mini_copy();
    let path = dir.path().join("screens.yaml");
    std::fs::write(
        &path,
        "\
screens:
  - id: bad_screen
    question: \" \"
    findings: [age, fevr, saddle_numbness, saddle_numbness]
  - id: other
    question: Any of these?
    findings: [saddle_numbness]
",
    )
    .unwrap();
    let file = path.display();
    check_refusing(dir.path())
        .stderr(&format!(
            "\
error: the screening question `bad_screen` has no words
 --> {file}:3:15
  |
3 |     question: \" \"
  |               ^^^

error: `age` is a number finding; a screening question lists yes/no findings
 --> {file}:4:16
  |
4 |     findings: [age, fevr, saddle_numbness, saddle_numbness]
  |                ^^^

error: unknown finding `fevr`
 --> {file}:4:21
  |
4 |     findings: [age, fevr, saddle_numbness, saddle_numbness]
  |                     ^^^^
  = help: did you mean `fever`?

error: `saddle_numbness` is listed twice
 --> {file}:4:44
  |
4 |     findings: [age, fevr, saddle_numbness, saddle_numbness]
  |                                            ^^^^^^^^^^^^^^^

error: `saddle_numbness` is already in the screening question `bad_screen`
 --> {file}:7:16
  |
7 |     findings: [saddle_numbness]
  |                ^^^^^^^^^^^^^^^

error: the screening question `other` lists 1 finding
 --> {file}:5:9
  |
5 |   - id: other
  |         ^^^^^
  = help: a screening question asks two or more findings at once; ask a single finding on its own

error: the knowledge base did not load: 6 errors
"
        ))
        .run();
}

/// A combined finding's `replaced_by` is refused where it cannot mean anything: a combined
/// finding that is not yes/no, a part listed twice, and a part that has parts of its own.
#[test]
fn replaced_by_is_refused_where_it_cannot_be_read() {
    let dir = mini_copy();
    let path = dir.path().join("zz_parts.yaml");
    std::fs::write(
        &path,
        "\
findings:
  - id: pain_or_fever
    question: Pain or fever?
    replaced_by: [back_pain, fever, fever]
  - id: either_or_saddle
    question: Either, or numbness?
    replaced_by: [pain_or_fever, saddle_numbness]
  - id: how_bad
    kind: number
    question: How bad?
    unit: points
    min: 0
    max: 10
    replaced_by: [back_pain]
",
    )
    .unwrap();
    let ran = check_refusing(dir.path()).run();
    for message in [
        "error: `fever` is listed twice in `replaced_by`",
        "error: only a yes/no finding can be replaced by its parts, and `how_bad` is not one",
        "error: `pain_or_fever` is replaced by its parts and is itself a part of `either_or_saddle`; a finding's parts cannot have parts of their own",
    ] {
        assert!(ran.stderr.contains(message), "{message}\n{}", ran.stderr);
    }
}
