//! The interview, through the library (the question flow over every shipped scenario) and
//! through the binary (exact transcripts of piped runs).

use crate::harness::{Test, mini, mini_adding, mini_copy};
use triage::answers::Answers;
use triage::engine::condition::Value;
use triage::interview::{Patient, Unstated, simulate};
use triage::kb::{KbSource, builtin_scenario_files, load};
use triage::scenario::Suite;

fn shipped() -> (triage::kb::KnowledgeBase, Suite) {
    let kb = load(&KbSource::Builtin).unwrap().kb;
    let files = builtin_scenario_files();
    let suite = Suite::parse(&kb, files).unwrap();
    (kb, suite)
}

/// The incremental engine may fire rules in another order than a batch run, and so record
/// another of several true parts of an `any` as the reason: the fired set is the same. Compare
/// outcomes with the trace in rule order and without the recorded facts.
fn sorted(mut outcome: triage::assess::Outcome) -> triage::assess::Outcome {
    outcome.trace.sort_by_key(|f| f.rule);
    outcome.trace.iter_mut().for_each(|f| f.facts.clear());
    outcome.reasons.sort_by_key(|r| (r.level, r.rule));
    outcome.advice.sort_by_key(|a| a.rule);
    for cause in outcome
        .causes
        .iter_mut()
        .chain(outcome.below_threshold.iter_mut())
    {
        for evidence in [&mut cause.support, &mut cause.against] {
            evidence.sort_by_key(|e| e.rule);
            evidence.iter_mut().for_each(|e| e.facts.clear());
        }
    }
    outcome
}

/// Scenarios the patient who denies what they leave out cannot play to the level `assess`
/// gives on their answers, because the knowledge base's question flow does not reach a
/// finding they state (clinical work in `rules/`, reported to the lead): each with why.
const DENY_NOT_REACHED: &[(&str, &str)] = &[
    (
        "v3 - version 2's stiff neck or severe headache with spells of lost vision at 74 is an emergency (giant cell arteritis)",
        "version 2's stiff_neck_headache (a script's answer) beside no to a stiff neck and to a sudden severe headache; the interview asks those parts and the bad headache (severe_headache), which this patient, reading the file, denies",
    ),
    (
        "vaginal bleeding without pregnancy or tummy pain - a doctor within days",
        "vaginal_bleeding is asked only in pregnancy or with tummy pain (its ask_if)",
    ),
    (
        "Numb, tingling outer thigh at 30 weeks of pregnancy, worse standing, legs strong (meralgia paraesthetica) [look-alike]",
        "worse_standing_walking is not asked of someone who names no back or leg complaint",
    ),
    (
        "v3 hazard 12 - fever with a bad headache that came on slowly, neck not stiff, is an emergency",
        "version 2's stiff_neck_headache answered yes beside no to both its parts: the interview asks the parts",
    ),
    (
        "Giant cell arteritis at 79: aching neck and shoulders, a new headache and one spell of going blind in one eye (NICE CKS GCA / BSR 2020)",
        "the same: version 2's stiff_neck_headache (the new headache) beside no to a stiff neck and to a sudden severe headache; the interview asks those parts and the bad headache (severe_headache), which this patient, reading the file, denies",
    ),
];

/// Decision 1 of the interview's targets, over every shipped scenario and both patient models:
/// what the interview concludes is always what `assess` says of the answers it collected. The
/// patient who says "no" to what the scenario leaves out ends at exactly the level `assess`
/// gives on the scenario's answers, except where a rule reads a finding the scenario leaves out
/// as not asked (`{x: unknown}`) and this patient's "no" answers it: then at the level of
/// everything the patient would answer. The patient who is not sure of what the scenario leaves
/// out ends at least as urgent ("not sure" of a deciding warning sign is examined at urgent).
#[test]
fn every_shipped_scenario_as_the_patient_ends_at_the_urgency_of_assess() {
    let (kb, suite) = shipped();
    // Every scenario that fails, not only the first, so that one run shows them all.
    let mut failures = Vec::new();
    let mut read_as_not_asked = Vec::new();
    for scenario in &suite.scenarios {
        let expected = triage::assess::assess(&kb, &scenario.answers)
            .unwrap()
            .level;
        for unstated in [Unstated::No, Unstated::NotSure] {
            let patient = Patient::new(&kb, &scenario.answers, unstated);
            let (interview, _) = patient.play(None).unwrap();
            let outcome = interview.outcome();
            let got = outcome.level;
            // What the interview concluded is what `assess` says of the answers it got.
            if sorted(outcome) != sorted(interview.report().unwrap()) {
                failures.push(format!(
                    "{} ({unstated:?}): the interview's outcome differs from assess on the answers it got",
                    scenario.name
                ));
            }
            let mut everything = scenario.answers.clone();
            for (f, _) in kb.findings() {
                everything.values.insert(f, patient.answer(f));
            }
            let whole = triage::assess::assess(&kb, &everything).unwrap().level;
            let (ok, wanted) = match unstated {
                Unstated::No if DENY_NOT_REACHED.iter().any(|(n, _)| *n == scenario.name) => {
                    (got != expected, "not yet")
                }
                // Whether the interview asks the finding or leaves it, as the file does.
                Unstated::No if whole != expected => {
                    read_as_not_asked.push(scenario.name.clone());
                    (
                        got == expected || got == whole,
                        "assess on the file or on everything the patient answers",
                    )
                }
                Unstated::No => (got == expected, "exactly"),
                Unstated::NotSure => (got <= expected, "at least"),
            };
            if !ok {
                failures.push(format!(
                    "{} ({unstated:?}): the interview ended at {} after {} questions, assess says {} (wanted {wanted}); answers given: {:?}",
                    scenario.name,
                    kb.levels[got].id,
                    interview.asked(),
                    kb.levels[expected].id,
                    interview.answers().to_yaml(&kb)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    println!(
        "{} scenarios read a finding they leave out as not asked, which the denying patient answers no: {read_as_not_asked:#?}",
        read_as_not_asked.len()
    );
}

/// A known diabetic who is being sick is asked about thirst (it was asked only of those not
/// known to have diabetes), so that ketoacidosis, an emergency, is reached by both patients.
#[test]
fn a_diabetic_who_is_sick_is_asked_about_thirst_and_reaches_ketoacidosis() {
    let (kb, suite) = shipped();
    let thirst = kb.fact("thirst_frequent_urination").unwrap();
    for name in [
        "v3 hazard 3 - vomiting with thirst in a diabetic woman of 24 is an emergency, DKA first",
        "Diabetic ketoacidosis presenting with low back pain and vomiting (Clinical Diabetes case)",
    ] {
        let scenario = suite.scenarios.iter().find(|s| s.name == name).unwrap();
        let expected = triage::assess::assess(&kb, &scenario.answers)
            .unwrap()
            .level;
        assert!(kb.levels[expected].emergency, "{name}");
        for unstated in [Unstated::No, Unstated::NotSure] {
            let (interview, _) = Patient::new(&kb, &scenario.answers, unstated)
                .play(None)
                .unwrap();
            assert_ne!(interview.answers().get(thirst), Value::Unknown, "{name}");
            assert_eq!(interview.outcome().level, expected, "{name} ({unstated:?})");
        }
    }
}

/// Plays a scenario's patient through the interview: what the scenario leaves out is "no" to
/// a patient who denies it (as the outside evaluation's published vignettes are read), and
/// "not sure" to the other. Returns the questions asked, and after how many the emergency
/// (if any) was shown.
fn play(
    kb: &triage::kb::KnowledgeBase,
    scenario: &triage::scenario::Scenario,
    deny: bool,
) -> (usize, Option<usize>) {
    let unstated = if deny {
        Unstated::No
    } else {
        Unstated::NotSure
    };
    let (interview, emergency_at) = Patient::new(kb, &scenario.answers, unstated)
        .play(None)
        .unwrap();
    (interview.asked(), emergency_at)
}

/// The targets, over every shipped scenario: a patient who denies what the scenario
/// leaves out needs a median of at most 12 questions and at most 30; one who is not sure of it,
/// a median of at most 20 and at most 35. Both should see every emergency within 8 questions;
/// the ignore says how far each is.
#[test]
#[ignore = "open (the question targets of issues 12 and 19): medians and maxima are met (deny 12 and 26, not sure 14 and 28); 378 of 387 emergencies within 8 to the patient who denies (none after 10), 393 of 422 to the one not sure"]
fn both_patient_models_stay_within_the_question_targets() {
    let (kb, suite) = shipped();
    for (deny, median_target, max_target, late_allowed) in [(true, 12, 30, 0), (false, 20, 35, 0)] {
        let mut counts = Vec::new();
        let mut late = Vec::new();
        for scenario in &suite.scenarios {
            let (asked, emergency_at) = play(&kb, scenario, deny);
            if let Some(at) = emergency_at {
                assert!(
                    at <= 10,
                    "{} (deny {deny}): the emergency came after {at} questions",
                    scenario.name
                );
                if at > 8 {
                    late.push(format!("{} ({at})", scenario.name));
                }
            }
            counts.push((asked, scenario.name.clone()));
        }
        assert!(
            late.len() <= late_allowed,
            "deny {deny}: {} emergencies came after 8 questions (at most {late_allowed}): {late:#?}",
            late.len()
        );
        counts.sort();
        let median = counts[counts.len() / 2].0;
        let (max, worst) = counts.last().unwrap();
        assert!(median <= median_target, "deny {deny}: median {median}");
        assert!(
            *max <= max_target,
            "deny {deny}: {worst} took {max} questions"
        );
    }
}

/// Asserts that each named scenario shows its emergency within 8 questions to the patient
/// models given (true: denies what the scenario leaves out; false: not sure of it).
fn emergency_within_8(names: &[&str], models: &[bool]) {
    let (kb, suite) = shipped();
    for name in names {
        let scenario = suite.scenarios.iter().find(|s| s.name == *name).unwrap();
        for &deny in models {
            let (_, emergency_at) = play(&kb, scenario, deny);
            let at = emergency_at.unwrap_or_else(|| panic!("{name} (deny {deny}): no emergency"));
            assert!(
                at <= 8,
                "{name} (deny {deny}): the emergency came after {at} questions"
            );
        }
    }
}

/// A demographic is asked first only when it is as pressing as the most pressing question: the
/// sex, one answer from making "not sure" of a testicle pain urgent, was asked before the nerve
/// and infection checklists of a neck abscess at 57 (the emergency came at 9 to the patient who
/// is not sure of what the case leaves out; round 4 of the independent vignettes).
#[test]
fn a_choice_waits_for_more_pressing_questions() {
    emergency_within_8(
        &[
            "Cervical epidural abscess at 57 with diabetes and no fever: a week of worsening neck \
           pain two weeks after a boil on the thigh, pain at night, now tingling spreading into \
           both hands",
        ],
        &[true, false],
    );
}

/// Emergencies that need signs from two checklists, or a sign confirmed early and its partner
/// on a later checklist, are shown within 8 questions to both patient models: fever sits on
/// the organ checklist beside the kidney and pregnancy signs it pairs with, so does pain in the
/// upper back (the aorta from 40), and a rule half confirmed by what the person reported goes
/// before one whose age bound merely has an answer.
#[test]
#[ignore = "open (the question targets of issues 12 and 19): the aorta at 45 takes 9 questions to the patient not sure of the rest"]
fn emergencies_that_pair_two_signs_are_shown_within_8_questions() {
    emergency_within_8(
        &[
            "vignette visceral - postpartum fever and back pain 10 days after birth",
            "vignette visceral - pyelonephritis with vomiting, cannot keep tablets down",
            "vignette visceral - pyelonephritis without urine symptoms, fever with side pain and vomiting",
            "pregnancy - fainting in pregnancy calls an ambulance",
            "aorta - sudden very severe pain between the shoulder blades at 45 is an emergency",
        ],
        &[true, false],
    );
}

/// The emergencies that came at 9 questions before: a sudden start and a very severe pain are
/// on the ambulance checklist (each completes many emergencies: bleeding after an epidural, a
/// stone, the pancreas, pregnancy), the sex is asked only where it opens a warning sign (not
/// before every organ checklist), and a pregnancy answered yes needs no sex answer.
#[test]
#[ignore = "open (the question targets of issues 12 and 19): 4 of the 8 take 9 questions to the patient not sure of the rest (two ectopic pregnancies, the infected stone, the pancreas)"]
fn emergencies_that_waited_for_the_sex_question_or_the_onset_checklist_come_within_8() {
    emergency_within_8(
        &[
            "bleeding - severe back pain two days after an epidural is an emergency",
            "ectopic - tummy pain with vaginal bleeding, pregnancy not known",
            "kidney stone - with fever and blood in the urine (infected, blocked kidney)",
            "pancreatitis - tummy pain through to the back with vomiting after heavy drinking",
            "pregnancy - very severe back pain in pregnancy",
            "pregnancy - back pain with vaginal bleeding",
            "split - a stiff neck with a sudden severe pain calls an ambulance",
            "vignette visceral - ectopic pregnancy with shoulder and back pain and spotting",
        ],
        &[true, false],
    );
}

/// The emergencies that came at 9 questions: a version-1 "stiff neck or severe headache" is
/// asked again once both its parts were unsure. It yielded to every warning-sign checklist not
/// asked yet; now only to those that what the person said points to as much (a fever points to
/// it), so it comes before checklists nothing points to.
#[test]
fn a_combined_question_asked_again_after_every_warning_sign_checklist_comes_within_8() {
    emergency_within_8(
        &[
            "red flag thunderclap - sudden severe pain with a severe headache and stiff neck",
            "vignette - subarachnoid bleed",
        ],
        &[true, false],
    );
}

/// The last three that came at 10 questions to the patient who is not sure: a version-1
/// "recent infection or spinal procedure" with a fever, whose combined question tied with two
/// others asked again (now one checklist asks every combined question that is open), and two
/// faints in young women, whose emergency (pregnancy cannot be excluded) needs the sex and the
/// pregnancy question asked again: the ages that already meet the rule now count for it, so
/// those come before checklists that nothing points to.
#[test]
#[ignore = "open (the question targets of issues 12 and 19): a fever after a spinal injection takes 9 questions to the patient who denies the rest"]
fn questions_asked_again_after_not_sure_come_within_8() {
    emergency_within_8(
        &["red flag fever after a recent spinal injection"],
        &[true, false],
    );
    emergency_within_8(
        &[
            "fainting in a woman of 26 who has not said whether she is pregnant",
            "near miss collapse older - faint at 30 with back pain goes to the emergency department, not ambulance",
        ],
        // The patient who denies what her file leaves out says she is not pregnant: urgent.
        &[false],
    );
}

/// A patient whose answers file says "sudden, very severe pain" (version 1) answers yes to its
/// two version-2 parts; one whose file says "a stiff neck or a severe headache" is not sure of
/// either (the file does not say which), even the patient who denies what it leaves out.
#[test]
fn a_patient_with_a_combined_finding_has_each_of_its_parts() {
    let (kb, _) = shipped();
    let mut answers = Answers::default();
    for whole in ["sudden_severe_pain", "stiff_neck_headache"] {
        answers
            .values
            .insert(kb.fact(whole).unwrap(), Value::Present);
    }
    for unstated in [Unstated::No, Unstated::NotSure] {
        let patient = Patient::new(&kb, &answers, unstated);
        for part in ["sudden_onset", "severe_pain"] {
            assert_eq!(patient.answer(kb.fact(part).unwrap()), Value::Present);
        }
        for part in ["stiff_neck", "sudden_severe_headache"] {
            assert_eq!(patient.answer(kb.fact(part).unwrap()), Value::Unsure);
        }
        let fever = patient.answer(kb.fact("fever").unwrap());
        assert_eq!(
            fever,
            if unstated == Unstated::No {
                Value::Absent
            } else {
                Value::Unsure
            }
        );
    }
}

/// A combined version-1 question, asked again only because the person was not sure of every
/// question that decides it, yields to a warning-sign checklist as pressing not asked yet: the
/// person who is not sure still sees the nerve warning signs within 8 questions.
#[test]
fn a_question_asked_again_yields_to_a_checklist_not_asked_yet() {
    emergency_within_8(
        &[
            "red flag balance with numbness that is getting worse over months",
            "red flag walking difficulty with back numbness in a long illness that is now getting worse",
        ],
        &[false],
    );
}

#[test]
fn no_question_follows_a_red_flag_answer() {
    let ran = Test::new()
        .rules(&mini())
        .args(&["ask", "--show-ids"])
        .stdin("y\ny\ny\ny\n")
        .run();
    let questions = ran.stderr.matches("[y/n/?]").count();
    assert_eq!(questions, 1, "{}", ran.stderr);
    assert!(ran.stdout.starts_with("EMERGENCY: "));
}

const WELCOME: &str = "\
mini: questions about tingling, numbness or pain in the back
This is a triage aid, not a diagnosis: it cannot examine you and may be wrong.
If you are worried, or your symptoms change or get worse, contact a doctor, and
in an emergency call 999, 911 or 112.
Answer y (yes), n (no) or ? (not sure). Type why to see why a question is asked,
b to go back, help for more, q to stop.

";

#[test]
fn transcript_of_an_emergency_stop() {
    Test::new()
        .rules(&mini())
        .args(&["ask", "--show-ids", "--format", "json"])
        .stdin("y\n")
        .stderr(&format!(
            "{WELCOME}\
[saddle_numbness] Is it numb between your legs? [y/n/?] y

EMERGENCY: Go to an emergency department now
Go to the nearest emergency department now.
Why: Numbness between the legs can mean pressure on the nerves at the base of
the spine.

"
        ))
        .run();
}

#[test]
fn transcript_of_a_mild_case_with_why_back_and_invalid_input() {
    let ran = Test::new()
        .rules(&mini())
        .args(&["ask", "--show-ids"])
        .stdin("n\nmaybe\nwhy\nn\nb\n?\ny\nn\n")
        .stderr(&format!(
            "{WELCOME}\
[saddle_numbness] Is it numb between your legs? [y/n/?] n
[fever] Have you had a fever? [y/n/?] maybe
Sorry, I didn't understand \"maybe\". Please answer y, n or ? (or type help).
[fever] Have you had a fever? [y/n/?] why
Feeling hot and shivery counts. Your answer tells whether you need to see
someone soon, so it is asked early.
[fever] Have you had a fever? [y/n/?] n
[back_pain] Do you have pain in your back? [y/n/?] b
Going back one question (you had answered no):
[fever] Have you had a fever? [y/n/?] ?
[back_pain] Do you have pain in your back? [y/n/?] y
[radiates_to_leg] Does the pain travel into a leg? [y/n/?] n
"
        ))
        .run();
    assert!(
        ran.stdout.starts_with("SELF CARE: Manage at home\n"),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains("1. Muscle strain"));
}

/// What the person types is checked against the question: an age outside its range (either
/// side), an option number past the last, an empty line; `help` lists the answers and commands.
#[test]
fn transcript_of_answers_outside_the_range_an_empty_line_and_help() {
    let dir = mini_adding(
        "findings:\n",
        "rules:
  - id: older_back_pain
    description: Back pain that starts after 50 needs a doctor.
    when: {all: [back_pain, {age: {at_least: 50}}]}
    then:
      - urgency: urgent
        reason: New back pain after 50 needs a doctor.
    sources: [seed-000]
  - id: female_back_pain
    description: A test rule on the sex.
    when: {all: [back_pain, {sex: female}]}
    then:
      - urgency: urgent
        reason: A test reason on the sex.
    sources: [seed-000]
",
    );
    let age = "[age] How old are you? (0 to 120 years; ? to skip)";
    let saddle = "[saddle_numbness] Is it numb between your legs? [y/n/?]";
    let sex = "[sex] What is your sex? (1 female, 2 male; ? to skip)";
    let ran = Test::new()
        .rules(dir.path())
        .args(&["ask", "--show-ids"])
        .stdin("-1\n130\n40\n\nhelp\nn\ny\n3\nmale\nn\nn\n")
        .stderr(&format!(
            "{WELCOME}\
{age} -1
Please give a number from 0 to 120 (years), or ? if you don't know.
{age} 130
Please give a number from 0 to 120 (years), or ? if you don't know.
{age} 40
{saddle} 
Please answer y, n or ? (or type help).
{saddle} help
Answer each question with:
  y or yes       yes
  n or no        no
  ? or unsure    you don't know (or would rather not say)
  a number       for questions about a number, such as your age
  a name or number from the list, for questions with options
  numbers        for a list, the ones that apply, like 1,3 (n for none of
                 them; add ? if unsure of the rest, like 1,?)
Commands:
  why            why this question is asked
  b or back      go back and change your last answer
  help           this help
  q or quit      stop now and see the result so far
{saddle} n
[back_pain] Do you have pain in your back? [y/n/?] y
{sex} 3
Please answer 1 (female), 2 (male), or ? to skip.
{sex} male
[fever] Have you had a fever? [y/n/?] n
[radiates_to_leg] Does the pain travel into a leg? [y/n/?] n
"
        ))
        .run();
    assert!(
        ran.stdout.starts_with("SELF CARE: Manage at home\n"),
        "{}",
        ran.stdout
    );
}

#[test]
fn end_of_input_stops_with_a_message_and_keeps_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("answers.yaml");
    let ran = Test::new()
        .rules(&mini())
        .args(&["ask", "--save", save.to_str().unwrap(), "--format", "json"])
        .stdin("n\ny\n")
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["complete"], serde_json::json!(false));
    assert_eq!(
        report["interview"],
        serde_json::json!({"questions": 2, "ended": "end_of_input"})
    );
    let saved = std::fs::read_to_string(&save).unwrap();
    assert_eq!(
        saved,
        "# 2 questions answered in `triage ask` (`--resume` goes on from there)\nfindings:\n  fever: present\n  saddle_numbness: absent\n"
    );
    // The saved file replays.
    Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--answers",
            save.to_str().unwrap(),
            "--format",
            "json",
        ])
        .run();
}

#[test]
fn quitting_shows_the_result_so_far() {
    let ran = Test::new()
        .rules(&mini())
        .args(&["ask"])
        .stdin("n\ny\nq\n")
        .run();
    assert!(
        ran.stderr
            .ends_with("You stopped early: this result is based on 2 answers only.\n"),
        "{}",
        ran.stderr
    );
    // Said first: nothing above it reads as a result.
    let rest = ran
        .stdout
        .strip_prefix(
            "This result is not complete: you stopped the questions after 2 answers, so it is\nbased on those answers only.\n\n",
        )
        .unwrap_or_else(|| panic!("{}", ran.stdout));
    assert!(
        rest.starts_with("URGENT: See a doctor within 24 hours\n") || rest.starts_with("SELF CARE"),
        "{rest}"
    );
}

#[test]
fn the_simulated_outcome_equals_assess_for_random_answer_sets() {
    let (kb, _) = shipped();
    let findings: Vec<usize> = kb.findings().map(|(f, _)| f).collect();
    // A small deterministic generator: the test must not depend on a seed it can't show.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..300 {
        let mut answers = Answers::default();
        for &f in &findings {
            let value = match (&kb.facts[f].kind, next() % 4) {
                (triage::kb::FactKind::YesNo, 0) => triage::engine::condition::Value::Present,
                (triage::kb::FactKind::YesNo, 1) => triage::engine::condition::Value::Absent,
                (triage::kb::FactKind::Number { min, max, .. }, 0 | 1) => {
                    triage::engine::condition::Value::Number(
                        (min + (next() % ((max - min) as u64 + 1)) as f64).min(*max),
                    )
                }
                (triage::kb::FactKind::Choice { options }, 0 | 1) => {
                    triage::engine::condition::Value::Choice(
                        (next() % options.len() as u64) as usize,
                    )
                }
                _ => continue,
            };
            answers.values.insert(f, value);
        }
        let interview = simulate(&kb, &answers, None).unwrap();
        let outcome = interview.outcome();
        assert_eq!(sorted(outcome.clone()), sorted(interview.report().unwrap()));
        let full = triage::assess::assess(&kb, &answers).unwrap();
        if !outcome.is_emergency(&kb) {
            assert_eq!(outcome.level, full.level, "{}", answers.to_yaml(&kb));
        } else {
            assert!(full.is_emergency(&kb));
        }
    }
}

/// The mini knowledge base with its two red flags on one screening question.
fn mini_with_screen() -> tempfile::TempDir {
    let dir = mini_copy();
    std::fs::write(
        dir.path().join("screens.yaml"),
        "\
screens:
  - id: warning_signs
    question: Do you have any of these?
    help: Signs that need a doctor soon.
    findings: [saddle_numbness, fever]
",
    )
    .unwrap();
    dir
}

const SCREEN: &str = "\
[warning_signs] Do you have any of these? Give the numbers of any that apply
(like 1,3), n for none, or ? if not sure:
  1. [saddle_numbness] Is it numb between your legs?
  2. [fever] Have you had a fever?
> ";

#[test]
fn transcript_of_a_screening_question_with_invalid_input_why_back_and_a_partial_pick() {
    let dir = mini_with_screen();
    let save = dir.path().join("answers.yaml");
    let ran = Test::new()
        .rules(dir.path())
        .args(&["ask", "--show-ids", "--save", save.to_str().unwrap()])
        .stdin("y\nwhy\nn\nb\n2,?\ny\nn\n")
        .stderr(&format!(
            "{WELCOME}\
{SCREEN}y
Please give the numbers of any that apply (1 to 2) separated by commas, n for
none, or ? if you are not sure.
{SCREEN}why
Signs that need a doctor soon. Your answer tells whether you need to see someone
soon, so it is asked early.
{SCREEN}n
[back_pain] Do you have pain in your back? [y/n/?] b
Going back one question (you had answered n):
{SCREEN}2,?
[back_pain] Do you have pain in your back? [y/n/?] y
[radiates_to_leg] Does the pain travel into a leg? [y/n/?] n
"
        ))
        .run();
    assert!(ran.stdout.starts_with("URGENT: "), "{}", ran.stdout);
    // "2,?" answered fever and left saddle numbness not sure, not asked again.
    assert_eq!(
        std::fs::read_to_string(&save).unwrap(),
        "# 3 questions answered in `triage ask` (`--resume` goes on from there)\nfindings:\n  back_pain: present\n  radiates_to_leg: absent\n  fever: present\n  saddle_numbness: unknown\n"
    );
}

#[test]
fn an_emergency_picked_on_a_screen_ends_the_interview_and_the_rest_are_no() {
    let dir = mini_with_screen();
    let save = dir.path().join("answers.yaml");
    let ran = Test::new()
        .rules(dir.path())
        .args(&["ask", "--save", save.to_str().unwrap(), "--format", "json"])
        .stdin("1\ny\ny\n")
        .run();
    assert_eq!(ran.stderr.matches("> ").count(), 1, "{}", ran.stderr);
    assert!(!ran.stderr.contains("[y/n/?]"), "{}", ran.stderr);
    assert!(
        ran.stderr
            .contains("\nEMERGENCY: Go to an emergency department now\n")
    );
    assert!(
        ran.stdout
            .contains("\"urgency\": {\n    \"level\": \"emergency\""),
        "{}",
        ran.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&save).unwrap(),
        "# 1 question answered in `triage ask` (`--resume` goes on from there)\nfindings:\n  fever: absent\n  saddle_numbness: present\n"
    );
}

#[test]
fn not_sure_on_a_screen_leaves_each_item_unknown_and_asks_again_only_the_one_that_decides_an_emergency()
 {
    let dir = mini_with_screen();
    let save = dir.path().join("answers.yaml");
    let ran = Test::new()
        .rules(dir.path())
        .args(&["ask", "--show-ids", "--save", save.to_str().unwrap()])
        .stdin("?\n?\n?\n")
        .stderr(&format!(
            "{WELCOME}{SCREEN}?\n[saddle_numbness] Is it numb between your legs? [y/n/?] ?\n[back_pain] Do you have pain in your back? [y/n/?] ?\n"
        ))
        .run();
    // Not sure is not no: each stays "not sure", and the one that decides between an emergency
    // and home gets the person examined.
    assert_eq!(
        std::fs::read_to_string(&save).unwrap(),
        // Three questions: the screen, numbness between the legs again, and back pain.
        "# 3 questions answered in `triage ask` (`--resume` goes on from there)\nfindings:\n  back_pain: unknown\n  fever: unknown\n  saddle_numbness: unknown\n"
    );
    assert!(
        ran.stdout
            .starts_with("URGENT: See a doctor within 24 hours\n"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout
            .contains("\n  - You were not sure of this: Is it numb between your legs?."),
        "{}",
        ran.stdout
    );
}

#[test]
fn the_question_limit_makes_the_result_incomplete_and_says_so() {
    let ran = Test::new()
        .rules(&mini())
        .args(&["ask", "--max-questions", "1", "--format", "json"])
        .stdin("n\n")
        .run();
    assert!(
        ran.stderr
            .ends_with("The question limit was reached: this result is based on 1 answer only.\n"),
        "{}",
        ran.stderr
    );
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["complete"], serde_json::json!(false));
    assert_eq!(report["unanswered_red_flags"], serde_json::json!(["fever"]));
    assert_eq!(
        report["interview"],
        serde_json::json!({"questions": 1, "ended": "question_limit"})
    );
    // A limit the interview does not reach leaves it complete.
    let ran = Test::new()
        .rules(&mini())
        .args(&["ask", "--max-questions", "9", "--format", "json"])
        .stdin("n\nn\nn\n")
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["complete"], serde_json::json!(true));
    assert_eq!(report["interview"]["ended"], serde_json::json!("finished"));
}

#[test]
fn quitting_at_the_first_question_names_every_warning_sign_and_is_no_all_clear() {
    let ran = Test::new().rules(&mini()).args(&["ask"]).stdin("q\n").run();
    assert!(
        ran.stdout.starts_with(
            "\
This result is not complete: you stopped the questions after 0 answers, so it is
based on those answers only.

No urgent sign was reported, but 2 warning signs were not answered.
If you have this, go to an emergency department now:
  - Is it numb between your legs?
These matter only together with other warning signs:
  - Have you had a fever?

If you have none of them: SELF CARE: Manage at home
Rest and keep moving gently; see a doctor if it persists.
"
        ),
        "{}",
        ran.stdout
    );
}

#[test]
fn a_summary_for_a_doctor_holds_the_answers_urgency_reasons_and_causes() {
    Test::new()
        .rules(&mini())
        .args(&["ask", "--format", "summary"])
        .stdin("n\ny\ny\n?\n")
        .stdout(
            "\
# Symptom summary: tingling, numbness or pain in the back

Made by `triage` with the knowledge base mini 0.1.0 (a draft), from the person's
own answers. It is a triage aid, not a diagnosis.

## Urgency

**URGENT: See a doctor within 24 hours**

- Fever with back pain can mean an infection. (See a doctor within 24 hours)

## Answers

- Do you have pain in your back? **yes**
- Does the pain travel into a leg? **not sure**
- Have you had a fever? **yes**
- Is it numb between your legs? **no**

## Causes considered, most likely first

None fitted the answers well.

This is a triage aid, not a diagnosis: it cannot examine you and may be wrong.
If you are worried, or your symptoms change or get worse, contact a doctor, and
in an emergency call 999, 911 or 112.
",
        )
        .run();
}

#[test]
fn durations_are_typed_in_days_weeks_months_or_years() {
    let dir = mini_adding(
        "findings:\n  - id: duration_days\n    kind: number\n    question: How long have you had it?\n    unit: days\n    min: 0\n    max: 36500\n",
        "rules:\n  - id: long_lasting\n    description: Long-lasting symptoms need a doctor.\n    when: {duration_days: {at_least: 42}}\n    then:\n      - urgency: urgent\n        reason: It has lasted six weeks.\n    sources: [seed-000]\n",
    );
    let save = dir.path().join("answers.yaml");
    let ran = Test::new()
        .rules(dir.path())
        .args(&[
            "ask",
            "--save",
            save.to_str().unwrap(),
            "--max-questions",
            "1",
        ])
        .stdin("a fortnight\n3 weeks\n")
        .run();
    // The question says how a duration may be typed, not a range of days.
    let asked = format!("{}{}", ran.stdout, ran.stderr);
    assert!(
        asked.contains("How long have you had it? (like 10 days, 3 weeks, 6 months, 1 year;"),
        "{asked}"
    );
    assert_eq!(
        std::fs::read_to_string(&save).unwrap(),
        "# 1 question answered in `triage ask` (`--resume` goes on from there)\nduration_days: 21\nfindings: {}\n"
    );
}

#[test]
fn not_sure_to_everything_ends_in_a_report_that_names_the_warning_signs_and_is_no_all_clear() {
    let (kb, _) = shipped();
    let ran = Test::new().args(&["ask"]).stdin(&"?\n".repeat(200)).run();
    // "Not sure" of the warning signs that decide between an emergency and home gets the
    // person examined: the report opens with that urgency, then says how many signs are open.
    let first = ran.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("URGENT: See a doctor within 24 hours"),
        "{}",
        ran.stdout
    );
    assert!(
        !first.contains(kb.levels[kb.default_level].label.as_str()),
        "{first}"
    );
    assert!(
        ran.stdout.contains(" warning signs were not answered.\n"),
        "{}",
        ran.stdout
    );
    // Every warning sign that could still mean an emergency is named, in the person's words
    // (one that could raise the urgency only to where "not sure" already put it need not be).
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("answers.yaml");
    let json = Test::new()
        .args(&["ask", "--format", "json", "--save", save.to_str().unwrap()])
        .stdin(&"?\n".repeat(200))
        .run();
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let unanswered: Vec<usize> = report["unanswered_red_flags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|id| kb.fact(id.as_str().unwrap()).unwrap())
        .collect();
    assert!(!unanswered.is_empty());
    let file = triage::diagnostic::SourceFile {
        name: "answers.yaml".into(),
        text: std::fs::read_to_string(&save).unwrap(),
    };
    let answers = Answers::parse(&kb, file).unwrap();
    let now = triage::assess::assess(&kb, &answers).unwrap().level;
    let raising = triage::assess::could_raise(&kb, &answers, now, &unanswered);
    assert!(raising.iter().any(|r| kb.levels[r.level].emergency));
    let words = ran.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for raise in raising.iter().filter(|r| kb.levels[r.level].emergency) {
        let fact = &kb.facts[raise.fact];
        let label = fact
            .label()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(words.contains(&label), "{label}\n{}", ran.stdout);
    }
}

#[test]
fn the_readme_emergency_holds_no_self_care_and_no_safety_net_for_the_signs_given() {
    let (kb, _) = shipped();
    let ran = Test::new()
        .args(&[
            "assess",
            "--yes",
            "back_pain,bladder_bowel_dysfunction,saddle_numbness",
        ])
        .run();
    assert!(ran.stdout.starts_with("EMERGENCY: "), "{}", ran.stdout);
    let words = ran.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    // No advice of a rule that does not set an emergency, no cause's self-care, and no
    // non-emergency level's words.
    for rule in &kb.rules {
        let emergency = rule.then.iter().any(|a| {
            matches!(a, triage::kb::Action::Urgency { level, .. } if kb.levels[*level].emergency)
        });
        for action in &rule.then {
            match action {
                triage::kb::Action::Advice(text) if !emergency => {
                    let text = kb.texts[*text].text.trim();
                    assert!(!words.contains(text), "{text}\n{}", ran.stdout)
                }
                triage::kb::Action::Urgency { level, reason } if !kb.levels[*level].emergency => {
                    assert!(!words.contains(reason.trim()), "{reason}\n{}", ran.stdout)
                }
                _ => {}
            }
        }
    }
    for cause in &kb.causes {
        for &part in &cause.self_care {
            let text = kb.texts[part].text.trim();
            assert!(text.is_empty() || !words.contains(text), "{}", ran.stdout);
        }
    }
    for level in kb.levels.iter().filter(|l| !l.emergency) {
        assert!(!words.contains(level.label.as_str()), "{}", ran.stdout);
    }
    // No safety net: an emergency report lists no signs to come back for.
    for net in ["if you develop", "If any of these start", "If this starts"] {
        assert!(!words.contains(net), "{}", ran.stdout);
    }
}

#[test]
fn why_shows_the_help_text_and_no_emergency_the_question_is_not_about() {
    let (kb, _) = shipped();
    let ran = Test::new()
        .args(&["ask", "--show-ids"])
        .stdin("why\nq\n")
        .run();
    let (_, age) = kb.findings().find(|(_, f)| f.id == "age").unwrap();
    assert!(ran.stderr.contains("[age] "), "{}", ran.stderr);
    let words = ran.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(age.help.trim()), "{}", ran.stderr);
    for level in kb.levels.iter().filter(|l| l.emergency) {
        assert!(
            !words.contains(&level.label.to_lowercase()),
            "{}",
            ran.stderr
        );
    }
    assert!(
        !words.to_lowercase().contains("ambulance"),
        "{}",
        ran.stderr
    );
}

/// The mini knowledge base with a red flag that applies to women of 12 to 55 only.
fn mini_with_pregnancy() -> tempfile::TempDir {
    mini_adding(
        "findings:\n  - id: pregnant\n    question: Are you pregnant?\n    red_flag: true\n    ask_if: {all: [{sex: female}, {age: {at_least: 12}}, {age: {at_most: 55}}]}\n",
        "rules:\n  - id: pregnant_back_pain\n    description: Back pain in pregnancy.\n    when: {all: [pregnant, back_pain]}\n    then:\n      - urgency: urgent\n        reason: Back pain in pregnancy needs a check.\n    sources: [seed-000]\n",
    )
}

#[test]
fn a_question_gated_by_sex_and_age_is_asked_only_where_it_can_apply() {
    let dir = mini_with_pregnancy();
    let asked = |stdin: &str| {
        let ran = Test::new()
            .rules(dir.path())
            .args(&["ask", "--show-ids"])
            .stdin(stdin)
            .run();
        ran.stderr.contains("[pregnant]")
    };
    // Age, no saddle numbness, back pain, no fever, then sex: asked only once the pregnancy
    // question waits for it (not at 70: nothing depends on it then).
    assert!(asked("30\nn\ny\nn\nfemale\nn\nn\nn\n"), "a woman of 30");
    assert!(!asked("30\nn\ny\nn\nmale\nn\nn\nn\n"), "a man");
    assert!(!asked("70\nn\ny\nn\nn\nn\nn\n"), "a woman of 70");
    // Not sure of age and sex: it may apply, so it is asked.
    assert!(asked("?\nn\ny\nn\n?\nn\nn\nn\n"), "unknown age and sex");
}

/// A checklist item that hangs on the sex alone (pain in a testicle, whose own words say whom
/// it is for) is listed until the sex is known, as pregnancy is, rather than wait for a sex
/// question that a man denying tummy and side pain was never asked: before, it was asked only
/// with tummy or side pain, so such a man with a twisted testicle never met it.
#[test]
fn pain_in_a_testicle_is_on_the_organ_checklist_for_anyone_not_known_to_be_a_woman() {
    let organ_checklist = |start: &str| {
        let dir = tempfile::tempdir().unwrap();
        let save = dir.path().join("answers.yaml");
        std::fs::write(&save, start).unwrap();
        let ran = Test::new()
            .args(&[
                "ask",
                "--show-ids",
                "--save",
                save.to_str().unwrap(),
                "--resume",
            ])
            .stdin(&"n\n".repeat(40))
            .run();
        let from = ran
            .stderr
            .find("[screen_organ_warning_signs]")
            .unwrap_or_else(|| panic!("no organ checklist:\n{}", ran.stderr));
        let checklist = &ran.stderr[from..];
        let end = checklist.find("\n> ").unwrap();
        (
            ran.stderr[..from].contains("[sex]"),
            checklist[..end].to_string(),
        )
    };
    let start = "age: 34\nduration_days: 5\nfindings:\n  back_pain: present\n";
    let (sex_asked_first, unknown) = organ_checklist(start);
    assert!(!sex_asked_first, "no sex question for it:\n{unknown}");
    assert!(unknown.contains("[testicle_pain]"), "{unknown}");
    assert!(
        unknown.contains("[pregnant_or_recently_gave_birth]"),
        "{unknown}"
    );
    let (_, man) = organ_checklist(&format!("sex: male\n{start}"));
    assert!(man.contains("[testicle_pain]"), "{man}");
    assert!(!man.contains("[pregnant_or_recently_gave_birth]"), "{man}");
    let (_, woman) = organ_checklist(&format!("sex: female\n{start}"));
    assert!(!woman.contains("[testicle_pain]"), "{woman}");
}

/// The simulated patient sees an emergency only where there is one, and after the question that
/// showed it (the opening three come first): a strain has none; cauda equina's comes on the
/// nerve checklist, and one question at most follows it (the ambulance checklist). The
/// question targets above count on it.
#[test]
fn the_simulated_patient_sees_an_emergency_only_where_there_is_one() {
    let (kb, suite) = shipped();
    let scenario = |name: &str| suite.scenarios.iter().find(|s| s.name == name).unwrap();
    let strain = scenario("muscle strain - low back pain after moving furniture");
    let (interview, emergency_at) = Patient::new(&kb, &strain.answers, Unstated::No)
        .play(None)
        .unwrap();
    assert_eq!(emergency_at, None);
    assert_eq!(interview.questions_after_emergency(), 0);
    let cauda_equina = scenario(
        "cauda equina - sciatica both legs, urine retention and saddle numbness after lifting",
    );
    let (interview, emergency_at) = Patient::new(&kb, &cauda_equina.answers, Unstated::No)
        .play(None)
        .unwrap();
    let at = emergency_at.unwrap();
    assert!((4..=8).contains(&at), "the emergency came at question {at}");
    assert_eq!(
        interview.questions_after_emergency(),
        interview.asked() - at
    );
    assert!(interview.questions_after_emergency() <= 1);
}
