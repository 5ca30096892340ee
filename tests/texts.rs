//! Texts that know when not to speak: conditional advice and cause texts, the safety net, and
//! the invariants `triage verify` proves about them, on the mini knowledge base with one more
//! file.

use crate::harness::{Test, assert_has_all, copy_dir, mini};
use std::path::Path;

/// The mini knowledge base with `extra` as one more file, `texts.yaml`, in a temporary folder as
/// `mini/`.
fn with_texts(extra: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("mini");
    copy_dir(&mini(), &rules);
    std::fs::write(rules.join("texts.yaml"), extra).unwrap();
    dir
}

/// `triage verify` on the mini knowledge base with these texts: its stdout, at this exit status.
fn verify_texts(texts: &str, status: i32) -> String {
    let dir = with_texts(texts);
    Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "mini", "verify"])
        .status(status)
        .stderr("")
        .run()
        .stdout
}

const TEXTS: &str = "\
causes:
  - id: disc
    name: Slipped disc
    description:
      - text: A disc presses on a nerve.
      - id: disc_reassurance
        text: It usually settles by itself.
        kind: reassurance
        hidden_when: fever
        shown_below: urgent
    sources: [seed-000]
rules:
  - id: disc_from_leg
    when: radiates_to_leg
    then:
      - supports: disc
        weight: 2
      - advice: Walk a little every hour.
        id: adv_walk
        kind: self_care
        hidden_when: fever
        shown_below: urgent
    sources: [seed-000]
safety_nets:
  - id: sn_back
    shown_when: back_pain
    get_help:
      - level: emergency
        signs:
          - sign: numbness between your legs
            findings: [saddle_numbness]
      - level: urgent
        signs:
          - sign: a fever
            findings: [fever]
invariants:
  - id: inv_walk_never_with_fever
    description: the walking advice is never shown with a fever
    never_shown: [adv_walk]
    when: fever
  - id: inv_self_care_below_urgent
    description: self-care advice is never shown at urgent or above
    never_shown_kind: self_care
    at_or_above: urgent
  - id: inv_reassurance_never_urgent
    description: reassurance is never shown at urgent or above
    never_shown_kind: reassurance
    at_or_above: urgent
";

fn assess(dir: &Path, yes: &str, no: &str) -> String {
    let mut args = vec!["--rules", "mini", "assess", "--yes", yes];
    if !no.is_empty() {
        args.extend(["--no", no]);
    }
    Test::new().current_dir(dir).args(&args).run().stdout
}

/// A warning sign not answered is named once, at the top with what to do if one has it; the
/// safety net below does not repeat it, and keeps its other signs.
#[test]
fn a_sign_named_as_not_answered_is_not_repeated_in_the_safety_net() {
    let dir = with_texts(TEXTS);
    assert_eq!(
        assess(dir.path(), "back_pain,radiates_to_leg", "fever"),
        "\
No urgent sign was reported, but 1 warning sign was not answered.
If you have this, go to an emergency department now:
  - Is it numb between your legs?

If you have none of them: SELF CARE: Manage at home
Rest and keep moving gently; see a doctor if it persists.

Possible causes, most likely first:
  1. Sciatica: An irritated sciatic nerve.
  2. Slipped disc: A disc presses on a nerve. It usually settles by itself.

What you can do now:
  - Walk a little every hour.

If this starts, see a doctor within 24 hours:
  - A fever

The knowledge base behind this report (mini 0.1.0) is a draft, not yet approved
for clinical use.
This is a triage aid, not a diagnosis: it cannot examine you and may be wrong.
If you are worried, or your symptoms change or get worse, contact a doctor, and
in an emergency call 999, 911 or 112.
"
    );
}

#[test]
fn the_report_says_only_the_texts_that_hold_and_never_a_sign_already_reported() {
    let dir = with_texts(TEXTS);
    let calm = assess(
        dir.path(),
        "back_pain,radiates_to_leg",
        "fever,saddle_numbness",
    );
    assert_has_all(
        &calm,
        &[
            "Slipped disc: A disc presses on a nerve. It usually settles by itself.",
            "What you can do now:\n  - Walk a little every hour.",
            "If this starts, go to an emergency department now:\n  - Numbness between your legs",
            "If this starts, see a doctor within 24 hours:\n  - A fever",
        ],
    );
    // A fever: urgent. The advice and the reassurance are hidden, and the fever, reported, is
    // not a sign to watch for.
    let fever = assess(
        dir.path(),
        "back_pain,radiates_to_leg,fever",
        "saddle_numbness",
    );
    assert!(fever.starts_with("URGENT: "), "{fever}");
    assert!(
        fever.contains("Slipped disc: A disc presses on a nerve.\n"),
        "{fever}"
    );
    for said in ["settles by itself", "Walk a little", "a fever"] {
        assert!(!fever.contains(said), "{said}\n{fever}");
    }
    assert!(
        fever.contains(
            "If this starts, go to an emergency department now:\n  - Numbness between your legs"
        ),
        "{fever}"
    );
    // An emergency holds no safety net.
    let emergency = assess(dir.path(), "back_pain,saddle_numbness", "");
    assert!(!emergency.contains("If this starts"), "{emergency}");
    // The JSON says the same.
    let json = Test::new()
        .current_dir(dir.path())
        .args(&[
            "--rules",
            "mini",
            "assess",
            "--yes",
            "back_pain,radiates_to_leg",
            "--no",
            "fever",
            "--format",
            "json",
        ])
        .run()
        .stdout;
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        json["advice"],
        serde_json::json!([{"rule": "disc_from_leg", "id": "adv_walk", "text": "Walk a little every hour."}])
    );
    assert_eq!(
        json["safety_net"],
        serde_json::json!([
            {"level": "emergency", "instruction": "Go to an emergency department now", "signs": [
                {"net": "sn_back", "text": "numbness between your legs", "findings": ["saddle_numbness"]}]},
            {"level": "urgent", "instruction": "See a doctor within 24 hours", "signs": [
                {"net": "sn_back", "text": "a fever", "findings": ["fever"]}]}
        ])
    );
}

#[test]
fn verify_proves_the_text_invariants_and_the_safety_net() {
    let stdout = verify_texts(TEXTS, 0);
    assert_has_all(
        &stdout,
        &[
            "proven   inv_walk_never_with_fever: the walking advice is never shown with a fever",
            "proven   inv_self_care_below_urgent: self-care advice is never shown at urgent or above",
            "proven   safety net, sign saddle_numbness: never says less than answering it yes would mean",
            "proven   safety net, sign fever: never says less than answering it yes would mean",
            "3 of 3 invariants proven; 2 of 2 red flags proven monotone, 2 of 2 with \"not sure\" examined; 2 of 2 safety-net signs proven never to understate",
        ],
    );
}

#[test]
fn a_text_shown_where_an_invariant_forbids_it_is_a_counterexample_that_replays() {
    // Without its conditions, the walking advice is shown with a fever, and at an emergency.
    let stdout = verify_texts(
        &TEXTS.replace(
            "        kind: self_care\n        hidden_when: fever\n        shown_below: urgent\n",
            "        kind: self_care\n",
        ),
        1,
    );
    assert_has_all(
        &stdout,
        &[
            "FAILED   inv_walk_never_with_fever: the walking advice is never shown with a fever\n         these answers show `adv_walk` at the urgency self_care (replay with `triage assess --answers FILE`):\n           findings:\n             radiates_to_leg: present\n             fever: present",
            "FAILED   inv_self_care_below_urgent",
            "proven   inv_reassurance_never_urgent",
        ],
    );
}

#[test]
fn a_safety_net_that_says_less_than_a_sign_means_is_a_counterexample_that_replays() {
    // Numbness between the legs is an emergency: a net that says "a doctor within 24 hours" for
    // it understates it.
    let stdout = verify_texts(
        &TEXTS.replace(
            "      - level: emergency\n        signs:\n          - sign: numbness between your legs",
            "      - level: urgent\n        signs:\n          - sign: numbness between your legs",
        ),
        1,
    );
    let line = "FAILED   safety net, sign saddle_numbness: never says less than answering it yes would mean\n         these answers show a safety net that says urgent for saddle_numbness, but emergency once it is answered present (replay with `triage assess --answers FILE`):\n           findings:\n             back_pain: present\n";
    assert!(stdout.contains(line), "{stdout}");
}

#[test]
fn mistakes_in_texts_nets_and_text_invariants_are_located() {
    let dir = with_texts(
        &TEXTS
            .replace(
                "kind: reassurance\n        hidden_when",
                "kind: reassurance\n        hiden_when",
            )
            .replace("    never_shown: [adv_walk]", "    never_shown: [adv_wlak]")
            .replace(
                "            findings: [fever]",
                "            findings: [age]",
            ),
    );
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "mini", "check"])
        .status(1)
        .stdout("")
        .run();
    assert_has_all(
        &ran.stderr,
        &[
            "error: unknown key `hiden_when` in a part of a text\n --> mini/texts.yaml:9:9",
            "= help: did you mean `hidden_when`?",
            "error: `age` is a number finding; a sign names yes/no findings",
            "error: unknown text `adv_wlak`",
            "= help: did you mean `adv_walk`?",
        ],
    );
    let dir = with_texts(&TEXTS.replace(
        "      - supports: disc\n        weight: 2\n",
        "      - supports: disc\n        weight: 2\n        shown_when: fever\n",
    ));
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&["--rules", "mini", "check"])
        .status(1)
        .run();
    assert!(
        ran.stderr.contains("error: `id`, `kind`, `shown_when`, `hidden_when`, `shown_below` and `hidden_with_causes` belong to an `advice` action"),
        "{}",
        ran.stderr
    );
}

/// The shipped rules' report, as JSON, for the commands.
fn shipped(args: &[&str]) -> serde_json::Value {
    let rules = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut all = vec!["assess"];
    all.extend(args);
    all.extend(["--format", "json"]);
    let ran = Test::new().rules(&rules).args(&all).run();
    serde_json::from_str(&ran.stdout).unwrap()
}

/// Every text the JSON report holds for a person: the level's action, the advice, each cause's
/// texts and the safety net's signs.
fn words(report: &serde_json::Value) -> String {
    let mut all = vec![report["urgency"]["action"].to_string()];
    all.extend(
        report["advice"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["text"].to_string()),
    );
    for cause in report["causes"].as_array().unwrap() {
        for field in ["description", "self_care", "see_doctor"] {
            all.push(cause[field].to_string());
        }
    }
    all.push(report["safety_net"].to_string());
    all.join("\n")
}

/// The contradictions the clinical review of issue 20 found in the shipped rules, each command
/// as the issue gives it (or its presentation): all were in the report before.
#[test]
fn the_contradictions_the_review_found_are_gone() {
    let cases: [(&[&str], &str); 9] = [
        // Aspirin beside an aortic dissection ranked first.
        (
            &[
                "--yes",
                "back_pain,upper_back,tearing_pain,sweaty_clammy_or_sick",
                "--age",
                "60",
                "--sex",
                "male",
                "--duration-days",
                "0",
            ],
            "aspirin",
        ),
        // Anti-inflammatories for a pregnant woman with loin pain, with warfarin, with a kidney infection.
        (
            &[
                "--yes",
                "back_pain,loin_to_groin_pain,pregnant_or_recently_gave_birth",
                "--age",
                "30",
                "--sex",
                "female",
                "--duration-days",
                "1",
            ],
            "nti-inflammatory",
        ),
        (
            &[
                "--yes",
                "back_pain,loin_to_groin_pain,takes_blood_thinners",
                "--no",
                "pregnant_or_recently_gave_birth",
                "--age",
                "40",
                "--sex",
                "female",
                "--duration-days",
                "1",
            ],
            "nti-inflammatory",
        ),
        (
            &[
                "--yes",
                "back_pain,loin_to_groin_pain,fever,urinary_burning_or_frequency",
                "--age",
                "30",
                "--sex",
                "male",
                "--duration-days",
                "1",
            ],
            "nti-inflammatory",
        ),
        // "See your GP if not improving after a week" beside urgent and an ambulance.
        (
            &[
                "--yes",
                "back_pain,recent_lifting_or_strain,fever",
                "--age",
                "30",
                "--duration-days",
                "2",
            ],
            "after a week",
        ),
        (
            &[
                "--yes",
                "back_pain,recent_lifting_or_strain,one_sided_face_arm_weakness",
                "--age",
                "30",
                "--duration-days",
                "2",
            ],
            "after a week",
        ),
        // "Keep moving gently ... yoga" beside new breathlessness (issue 19, item 2).
        (
            &[
                "--yes",
                "back_pain,upper_back,chest_pain_or_breathless,recent_lifting_or_strain",
                "--no",
                "sudden_onset,severe_pain,sweaty_clammy_or_sick",
                "--age",
                "24",
                "--sex",
                "male",
                "--duration-days",
                "1",
            ],
            "yoga",
        ),
        // Ordinary pregnancy reassurance beside an emergency.
        (
            &[
                "--yes",
                "back_pain,pregnant_or_recently_gave_birth,vaginal_bleeding",
                "--age",
                "30",
                "--sex",
                "female",
                "--duration-days",
                "1",
            ],
            "swimming",
        ),
        // "Needs treatment in hospital" beside an urgent level.
        (
            &[
                "--yes",
                "back_pain,abdominal_pain,vomiting",
                "--no",
                "severe_pain,sudden_onset,heavy_alcohol,known_gallstones,fainting_or_collapse,sweaty_clammy_or_sick",
                "--age",
                "35",
                "--sex",
                "male",
                "--duration-days",
                "1",
            ],
            "treatment in hospital",
        ),
    ];
    for (args, gone) in cases {
        let report = shipped(args);
        let said = words(&report);
        assert!(
            !said.contains(gone),
            "{args:?} still says `{gone}`:\n{said}"
        );
    }
    let urgent = shipped(cases[8].0);
    assert_eq!(urgent["urgency"]["level"], "urgent");
}

/// A safety net for each region and situation: never only the cauda equina signs, and in
/// pregnancy a fever is never "a doctor within a day".
#[test]
fn each_region_and_situation_has_its_own_safety_net() {
    let signs = |report: &serde_json::Value| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for group in report["safety_net"].as_array().unwrap() {
            for sign in group["signs"].as_array().unwrap() {
                out.push((
                    group["level"].as_str().unwrap().to_string(),
                    sign["text"].as_str().unwrap().to_string(),
                ));
            }
        }
        out
    };
    let says = |report: &serde_json::Value, words: &str| {
        signs(report).iter().any(|(_, t)| t.contains(words))
    };
    let neck = shipped(&[
        "--yes",
        "neck_pain",
        "--no",
        "fever",
        "--age",
        "45",
        "--duration-days",
        "3",
    ]);
    assert!(
        says(&neck, "double vision") && says(&neck, "unsteadiness"),
        "{neck}"
    );
    assert!(!says(&neck, "passing urine"), "{neck}");
    let tummy = shipped(&[
        "--yes",
        "back_pain,abdominal_pain",
        "--no",
        "vomiting,severe_pain,fever",
        "--age",
        "35",
        "--sex",
        "male",
        "--duration-days",
        "2",
    ]);
    assert!(
        says(&tummy, "vomiting") && says(&tummy, "little or no urine"),
        "{tummy}"
    );
    let chest = shipped(&[
        "--yes",
        "back_pain,upper_back",
        "--no",
        "chest_pain_or_breathless,sweaty_clammy_or_sick",
        "--age",
        "45",
        "--duration-days",
        "2",
    ]);
    assert!(
        says(&chest, "breathlessness") && !says(&chest, "passing urine"),
        "{chest}"
    );
    let child = shipped(&[
        "--yes",
        "back_pain,lower_back",
        "--no",
        "fever,night_pain",
        "--age",
        "9",
        "--duration-days",
        "2",
    ]);
    assert!(says(&child, "limp"), "{child}");
    let pregnancy = shipped(&[
        "--yes",
        "back_pain,lower_back,pregnant_or_recently_gave_birth",
        "--no",
        "fever,vaginal_bleeding,regular_tightenings,abdominal_pain",
        "--age",
        "30",
        "--sex",
        "female",
        "--duration-days",
        "3",
    ]);
    assert!(says(&pregnancy, "baby moving less"), "{pregnancy}");
    let fever: Vec<String> = signs(&pregnancy)
        .into_iter()
        .filter(|(_, t)| t.contains("fever"))
        .map(|(l, _)| l)
        .collect();
    assert_eq!(fever, ["emergency"], "{pregnancy}");
}
