//! Properties of the person's path, over the shipped knowledge base: what the interview offers
//! and what the report lists can apply to this person (gating), and every emergency sign, at
//! every age and sex, reaches the level `assess` gives.

use proptest::prelude::*;
use triage::answers::Answers;
use triage::engine::condition::{FactId, Lookup, Tri, Value};
use triage::interview::{Interview, Patient, Question, Unstated, reply};
use triage::kb::{FactKind, KbSource, KnowledgeBase, builtin_scenario_files, load};
use triage::scenario::Suite;

fn shipped() -> &'static KnowledgeBase {
    static KB: std::sync::OnceLock<KnowledgeBase> = std::sync::OnceLock::new();
    KB.get_or_init(|| load(&KbSource::Builtin).unwrap().kb)
}

/// The answers so far as this test reads them, on its own terms (not the program's): a finding
/// not answered cannot apply when its `ask_if` is false, reading every other finding that
/// cannot apply as absent (`ask_if` conditions may read each other in a circle: one that comes
/// round to a finding being judged reads it as it is). During the interview a finding not asked
/// yet is still pending (so `{x: unknown}` is unknown); at the end nothing is.
struct Oracle<'a> {
    kb: &'a KnowledgeBase,
    answers: &'a Answers,
    ended: bool,
    judging: std::cell::RefCell<Vec<FactId>>,
}

impl<'a> Oracle<'a> {
    fn new(kb: &'a KnowledgeBase, answers: &'a Answers, ended: bool) -> Self {
        Oracle {
            kb,
            answers,
            ended,
            judging: Default::default(),
        }
    }

    fn cannot_apply(&self, fact: FactId) -> bool {
        let Some(ask_if) = &self.kb.facts[fact].ask_if else {
            return false;
        };
        if self.answers.get(fact).is_known() || self.judging.borrow().contains(&fact) {
            return false;
        }
        self.judging.borrow_mut().push(fact);
        let cannot = ask_if.eval(self) == Tri::False;
        self.judging.borrow_mut().pop();
        cannot
    }
}

impl Lookup for Oracle<'_> {
    fn get(&self, fact: FactId) -> Value {
        match self.answers.get(fact) {
            value if value.is_unanswered() && self.cannot_apply(fact) => Value::Absent,
            value => value,
        }
    }

    fn pending(&self, fact: FactId) -> bool {
        !self.ended && !self.answers.values.contains_key(&fact) && !self.cannot_apply(fact)
    }
}

/// What the question offers (the finding, or a list's items) that cannot apply to the person
/// whose answers so far are the interview's.
fn offered_but_cannot_apply(interview: &Interview, question: Question) -> Vec<String> {
    let kb = interview.kb();
    let answers = interview.answers();
    let oracle = Oracle::new(kb, &answers, false);
    let offered = match question {
        Question::Finding(fact) => vec![fact],
        _ => interview.options(question),
    };
    offered
        .into_iter()
        .filter(|&f| oracle.cannot_apply(f))
        .map(|f| kb.facts[f].id.clone())
        .collect()
}

/// The warning signs the report of an ended interview lists as unanswered that cannot apply.
fn listed_but_cannot_apply(interview: &Interview) -> Vec<String> {
    let kb = interview.kb();
    let answers = interview.answers();
    let outcome = interview.report().unwrap();
    let order = triage::assess::red_flag_order(kb);
    let oracle = Oracle::new(kb, &answers, true);
    triage::assess::unanswered_red_flags(kb, &order, &answers, &outcome)
        .into_iter()
        .filter(|&f| oracle.cannot_apply(f))
        .map(|f| kb.facts[f].id.clone())
        .collect()
}

/// Plays a patient who answers from `answer`, going back once (and answering again) at
/// question `back_at`; returns every gating failure met, described.
fn play_checking_gates(
    kb: &KnowledgeBase,
    answer: impl Fn(FactId) -> Value,
    back_at: usize,
) -> Vec<String> {
    let mut interview = Interview::new(kb, None).unwrap();
    let mut failures = Vec::new();
    let mut went_back = false;
    while let Some(question) = interview.next_question() {
        let wrong = offered_but_cannot_apply(&interview, question);
        if !wrong.is_empty() {
            failures.push(format!(
                "question {} offers {wrong:?}; answers so far:\n{}",
                interview.asked() + 1,
                interview.answers().to_yaml(kb)
            ));
        }
        if interview.asked() == back_at && !went_back {
            went_back = true;
            interview.back().unwrap();
            continue;
        }
        let set = reply(&interview, question, &answer);
        interview.answer(question, set).unwrap();
    }
    interview.finish().unwrap();
    let wrong = listed_but_cannot_apply(&interview);
    if !wrong.is_empty() {
        failures.push(format!(
            "the report lists {wrong:?} as unanswered; answers:\n{}",
            interview.answers().to_yaml(kb)
        ));
    }
    failures
}

/// Build item 2 of the person's-path issue, over every shipped scenario: each played by a
/// patient who denies what the scenario leaves out and by one who is not sure of it, going back
/// once on the way. No question or checklist item offered, and no unanswered warning sign
/// listed, cannot apply to the patient.
#[test]
fn over_every_shipped_scenario_nothing_offered_or_listed_cannot_apply() {
    let kb = shipped();
    let suite = Suite::parse(kb, builtin_scenario_files()).unwrap();
    let mut failures = Vec::new();
    for (i, scenario) in suite.scenarios.iter().enumerate() {
        for unstated in [Unstated::No, Unstated::NotSure] {
            let patient = Patient::new(kb, &scenario.answers, unstated);
            for failure in play_checking_gates(kb, |f| patient.answer(f), 2 + i % 5) {
                failures.push(format!("{} ({unstated:?}): {failure}", scenario.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// One answer drawn from `pick` for a finding: yes, no or not sure; a number from the ranges
/// the rules tell apart; an option.
fn drawn(kb: &KnowledgeBase, fact: FactId, pick: u8) -> Value {
    let pick = usize::from(pick);
    match &kb.facts[fact].kind {
        FactKind::YesNo | FactKind::Concept => {
            [Value::Present, Value::Absent, Value::Unsure][pick % 3]
        }
        FactKind::Number { .. } => {
            let values = triage::interview::select::thresholds(kb, fact);
            match pick % (values.len() + 1) {
                0 => Value::Unsure,
                i => Value::Number(values[i - 1]),
            }
        }
        FactKind::Choice { options } => match pick % (options.len() + 1) {
            0 => Value::Unsure,
            i => Value::Choice(i - 1),
        },
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// The same over random people: each question answered by the next draw (yes, no, not
    /// sure, any number or option, any pick from a list), with `b` (go back) drawn now and
    /// then.
    #[test]
    fn over_random_answers_with_back_nothing_offered_or_listed_cannot_apply(
        draws in prop::collection::vec(any::<u8>(), 1..80),
    ) {
        let kb = shipped();
        let mut interview = Interview::new(kb, None).unwrap();
        let mut draws = draws.into_iter().cycle().take(400);
        while let Some(question) = interview.next_question() {
            let wrong = offered_but_cannot_apply(&interview, question);
            prop_assert!(
                wrong.is_empty(),
                "question {} offers {wrong:?}; answers so far:\n{}",
                interview.asked() + 1,
                interview.answers().to_yaml(kb)
            );
            let Some(draw) = draws.next() else { break };
            if draw % 11 == 0 && interview.asked() > 0 {
                interview.back().unwrap();
                continue;
            }
            let set = reply(&interview, question, |f| drawn(kb, f, draw.wrapping_add(f as u8)));
            interview.answer(question, set).unwrap();
        }
        interview.finish().unwrap();
        let wrong = listed_but_cannot_apply(&interview);
        prop_assert!(
            wrong.is_empty(),
            "the report lists {wrong:?} as unanswered; answers:\n{}",
            interview.answers().to_yaml(kb)
        );
    }
}

/// Issue 23, defect 1: under 35 an emergency sign ended the interview before the chest
/// question that would have called an ambulance. Over every emergency sign (a warning sign
/// that alone, with back pain, means an emergency short of the most urgent level), at ages on
/// each side of every age bound (and not given), female and male, for durations on each side
/// of the duration bounds (and not given), each played by a patient who denies the rest and by
/// one who is not sure of it, alone and with another finding that makes `assess` more urgent
/// for that patient: the interview ends at least as urgent as `assess` on everything the
/// patient would have answered. With every such other finding the grid is about 23,000
/// interviews; each person plays one in `OTHERS` of them, in turn, so that every pair of an
/// emergency sign and another finding is still played at several ages, sexes and durations.
#[test]
fn every_emergency_sign_at_every_age_and_sex_reaches_the_level_of_assess() {
    let kb = shipped();
    let fact = |id: &str| kb.fact(id).unwrap();
    let (age, sex, days) = (fact("age"), fact("sex"), fact("duration_days"));
    let back_pain = fact("back_pain");
    let yes_no: Vec<FactId> = kb
        .findings()
        .filter(|(_, f)| f.kind == FactKind::YesNo)
        .map(|(f, _)| f)
        .collect();
    let level_of = |answers: &Answers| triage::assess::assess(kb, answers).unwrap().level;
    let signs: Vec<FactId> = yes_no
        .iter()
        .copied()
        .filter(|&f| kb.facts[f].red_flag)
        .filter(|&f| {
            let mut answers = Answers::default();
            answers.values.insert(back_pain, Value::Present);
            answers.values.insert(f, Value::Present);
            let level = level_of(&answers);
            kb.levels[level].emergency && level > 0
        })
        .collect();
    // A child, then one age between each two of the knowledge base's age bounds (12, 35, 40,
    // 50, 55, 60, 65 today), and none given; days likewise around 14 to 90 and a year.
    let ages = [5, 20, 34, 38, 45, 52, 58, 62, 70]
        .map(Some)
        .into_iter()
        .chain([None]);
    let durations = [Some(3), Some(60), Some(400), None];
    // Everything the patient would answer, and whether `other` (if any) makes `assess` more
    // urgent for them than the same patient without it.
    let everything = |patient: &Patient| {
        let mut answers = Answers::default();
        for (f, _) in kb.findings() {
            answers.values.insert(f, patient.answer(f));
        }
        answers
    };
    const OTHERS: usize = 8;
    let mut turn = 0;
    let mut played = 0;
    let mut misses = Vec::new();
    for &sign in &signs {
        for years in ages.clone() {
            for option in [0, 1] {
                for duration in durations {
                    let mut base = Answers::default();
                    for f in [back_pain, sign] {
                        base.values.insert(f, Value::Present);
                    }
                    if let Some(years) = years {
                        base.values.insert(age, Value::Number(f64::from(years)));
                    }
                    if let Some(duration) = duration {
                        base.values.insert(days, Value::Number(f64::from(duration)));
                    }
                    base.values.insert(sex, Value::Choice(option));
                    let mut gates = base.clone();
                    gates.values.remove(&sign);
                    if Oracle::new(kb, &gates, true).cannot_apply(sign) {
                        continue;
                    }
                    let mut people = vec![(None, base.clone())];
                    for &other in &yes_no {
                        // A question that cannot apply to this person is not asked (a known
                        // aneurysm under 55, bleeding in pregnancy for a man): not a miss.
                        if base.values.contains_key(&other)
                            || Oracle::new(kb, &gates, true).cannot_apply(other)
                        {
                            continue;
                        }
                        let mut stated = base.clone();
                        stated.values.insert(other, Value::Present);
                        // A version-1 finding that says one thing or another ("an infection
                        // or a spinal procedure"): the interview asks its parts, which a
                        // person can answer but this patient cannot (the file does not say
                        // which), so it is not sure of each, even when it denies the rest.
                        let denying = Patient::new(kb, &stated, Unstated::No);
                        if yes_no.iter().any(|&f| {
                            !stated.values.contains_key(&f) && !denying.answer(f).is_known()
                        }) {
                            continue;
                        }
                        people.push((Some(other), stated));
                    }
                    for unstated in [Unstated::No, Unstated::NotSure] {
                        let without = level_of(&everything(&Patient::new(kb, &base, unstated)));
                        for (other, stated) in &people {
                            let patient = Patient::new(kb, stated, unstated);
                            let expected = level_of(&everything(&patient));
                            if other.is_some() {
                                if expected >= without {
                                    continue;
                                }
                                turn += 1;
                                if turn % OTHERS != 0 {
                                    continue;
                                }
                            }
                            let (interview, _) = patient.play(None).unwrap();
                            let got = interview.report().unwrap().level;
                            played += 1;
                            if got > expected {
                                misses.push(format!(
                                    "{} with {} at {years:?} years, {}, {duration:?} days ({unstated:?}): the interview ends {}, assess says {}",
                                    kb.facts[sign].id,
                                    other.map_or("nothing else", |o| kb.facts[o].id.as_str()),
                                    ["female", "male"][option],
                                    kb.levels[got].id,
                                    kb.levels[expected].id
                                ));
                            }
                        }
                    }
                }
            }
        }
    }
    println!(
        "{played} interviews over {} emergency signs; {} missed",
        signs.len(),
        misses.len()
    );
    assert!(
        misses.is_empty(),
        "{} of {played} missed:\n{}",
        misses.len(),
        misses[..misses.len().min(40)].join("\n")
    );
}

/// Unicode's format characters (category Cf) and the line and paragraph separators, written
/// out here on their own: invisible, yet they change how text shows.
fn invisible(c: char) -> bool {
    const RANGES: &[(u32, u32)] = &[
        (0xad, 0xad),
        (0x600, 0x605),
        (0x61c, 0x61c),
        (0x6dd, 0x6dd),
        (0x70f, 0x70f),
        (0x890, 0x891),
        (0x8e2, 0x8e2),
        (0x180e, 0x180e),
        (0x200b, 0x200f),
        (0x2028, 0x202e),
        (0x2060, 0x2064),
        (0x2066, 0x206f),
        (0xfeff, 0xfeff),
        (0xfff9, 0xfffb),
        (0x110bd, 0x110bd),
        (0x110cd, 0x110cd),
        (0x13430, 0x1343f),
        (0x1bca0, 0x1bca3),
        (0x1d173, 0x1d17a),
        (0xe0001, 0xe0001),
        (0xe0020, 0xe007f),
    ];
    RANGES
        .iter()
        .any(|&(low, high)| (low..=high).contains(&u32::from(c)))
}

/// A character a terminal must not be sent raw: a control character (but a line end) or an
/// invisible one.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n') || invisible(c)
}

/// Plays the mini knowledge base's interview on `input`, as piped input (each answer echoed
/// after its prompt), and returns what the person reads on standard error.
fn conversation(input: &str) -> String {
    let kb = load(&KbSource::Dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini"),
    ))
    .unwrap()
    .kb;
    let mut interview = Interview::new(&kb, None).unwrap();
    let mut prompter = triage::interview::prompt::Prompter {
        input: input.as_bytes(),
        output: Vec::new(),
        style: triage::style::Style::PLAIN,
        show_ids: true,
        echo: true,
        report_follows: false,
        width: 80,
        shown: None,
        speech: Default::default(),
    };
    prompter.run(&mut interview, |_| {}).unwrap();
    String::from_utf8(prompter.output).unwrap()
}

/// A string of letters, spaces, control characters and invisible ones, up to `max` long.
fn unruly(max: usize) -> impl Strategy<Value = String> {
    let controls = (0u32..0x20)
        .chain(0x7f..0xa0)
        .filter_map(char::from_u32)
        .collect::<Vec<_>>();
    let invisibles = (0u32..0xe0080)
        .filter_map(char::from_u32)
        .filter(|&c| invisible(c))
        .collect::<Vec<_>>();
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(controls),
            prop::sample::select(invisibles),
            prop::char::range('a', 'z'),
            Just(' '),
            any::<char>(),
        ],
        1..max,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Issue 23, defect 12: whatever is typed (escape sequences, a right-to-left override, a
    /// zero-width space, 4,000 characters), the interview repeats it only escaped and cut
    /// short: no control or invisible character reaches the terminal, and no line runs on.
    #[test]
    fn no_control_or_invisible_character_typed_reaches_the_terminal(
        typed in unruly(300),
        repeat in 1usize..20,
    ) {
        // At most 4 KiB: a longer line is no answer (the interview stops with an error).
        let mut typed = typed.replace(['\n', '\r'], " ").repeat(repeat);
        while typed.len() > 4000 {
            typed.pop();
        }
        let said = conversation(&format!("{typed}\nq\n"));
        let raw: Vec<String> = said
            .chars()
            .filter(|&c| hidden(c))
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        prop_assert!(raw.is_empty(), "{raw:?} in\n{said}");
        let longest = said.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        // A prompt, then the answer repeated: at most 80 and 80 columns, and what says it was
        // cut.
        prop_assert!(longest <= 200, "a line of {longest} characters:\n{said}");
    }
}

/// The issue's own example, through the binary: an answer that would retitle the window and
/// clear the screen, and a right-to-left override.
#[test]
fn an_escape_sequence_typed_is_shown_escaped() {
    let ran = crate::harness::Test::new()
        .rules(&crate::harness::mini())
        .args(&["ask"])
        .stdin("\u{1b}]0;pwned\u{7}\u{1b}[2J\nyes\u{202e}\nq\n")
        .run();
    assert!(
        ran.stderr.contains(
            "Sorry, I didn't understand \"\\u001b]0;pwned\\u0007\\u001b[2J\". Please answer y,"
        ),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("Sorry, I didn't understand \"yes\\u202e\"."),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.chars().any(hidden), "{}", ran.stderr);
}

/// The interview's answers as `--save` writes them, read back.
fn saved(interview: &Interview) -> Answers {
    let kb = interview.kb();
    let file = triage::diagnostic::SourceFile {
        name: "saved.yaml".into(),
        text: interview.answers().to_yaml(kb),
    };
    Answers::parse(kb, file).unwrap()
}

/// Issue 23 defect 13 and issue 21 item 7: `--resume` goes on where the interview stopped.
/// Stopped before any question of a played interview (every 12th shipped scenario, both
/// patients), its answers saved as `--save` writes them (with how many questions they answer)
/// and read back, the resumed interview asks the same next question as the one that went on,
/// and counts the same answers but for the questions that asked again an item of a list
/// answered "not sure" (the saved answers keep the last answer to it).
#[test]
fn an_interview_resumed_from_its_saved_answers_goes_on_where_it_stopped() {
    let kb = shipped();
    let suite = Suite::parse(kb, builtin_scenario_files()).unwrap();
    let mut failures = Vec::new();
    let mut resumed = 0;
    for scenario in suite.scenarios.iter().step_by(12) {
        for unstated in [Unstated::No, Unstated::NotSure] {
            let patient = Patient::new(kb, &scenario.answers, unstated);
            let mut interview = Interview::new(kb, None).unwrap();
            let mut answered: Vec<FactId> = Vec::new();
            let mut asked_again = 0;
            while let Some(question) = interview.next_question() {
                // The number of questions the saved file's first line gives.
                let again =
                    Interview::resume(kb, &saved(&interview), Some(interview.asked()), None)
                        .unwrap();
                resumed += 1;
                let counted = again.asked() <= interview.asked()
                    && again.asked() + asked_again >= interview.asked();
                if again.next_question() != Some(question) || !counted {
                    failures.push(format!(
                        "{} ({unstated:?}) after {} answers: {:?} (at {}) instead of {question:?}",
                        scenario.name,
                        interview.asked(),
                        again.next_question(),
                        again.asked()
                    ));
                }
                let set = reply(&interview, question, |f| patient.answer(f));
                if matches!(question, Question::Finding(f) if answered.contains(&f)) {
                    asked_again += 1;
                }
                answered.extend(set.iter().map(|&(f, _)| f));
                interview.answer(question, set).unwrap();
            }
        }
    }
    println!("{resumed} interviews resumed");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// An answers file written by hand gives no count of the questions it answers. Its "not sure"
/// to an item of a list is then all it says of that item, so the resumed interview asks the
/// item again on its own, as the interview that wrote the answers did next; it does not take
/// the list's "not sure" as the answer to that question too. Checked at the first such question
/// of the "not sure" patient's interview of every 12th shipped scenario (after it, a file
/// without the count cannot tell which items were asked again, and asks the first again).
#[test]
fn a_file_without_its_question_count_is_resumed_before_an_item_asked_again() {
    let kb = shipped();
    let suite = Suite::parse(kb, builtin_scenario_files()).unwrap();
    let mut failures = Vec::new();
    let mut checked = 0;
    for scenario in suite.scenarios.iter().step_by(12) {
        let patient = Patient::new(kb, &scenario.answers, Unstated::NotSure);
        let mut interview = Interview::new(kb, None).unwrap();
        let mut answered: Vec<FactId> = Vec::new();
        let mut asked_again = false;
        while let Some(question) = interview.next_question() {
            if matches!(question, Question::Finding(f) if answered.contains(&f)) {
                if asked_again {
                    break;
                }
                asked_again = true;
                let again = Interview::resume(kb, &saved(&interview), None, None).unwrap();
                checked += 1;
                if again.next_question() != Some(question) {
                    failures.push(format!(
                        "{} after {} answers: {:?} instead of {question:?}",
                        scenario.name,
                        interview.asked(),
                        again.next_question()
                    ));
                }
            }
            let set = reply(&interview, question, |f| patient.answer(f));
            answered.extend(set.iter().map(|&(f, _)| f));
            interview.answer(question, set).unwrap();
        }
    }
    println!("{checked} items asked again");
    assert!(checked > 0, "no item of a list was asked again");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
