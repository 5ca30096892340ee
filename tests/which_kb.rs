//! Which knowledge base a command uses: `--rules`, else `TRIAGE_RULES`, else the nearest
//! `rules/knowledge_base.yaml` from the current folder upwards, else the built-in one; and
//! every clinician command says which.

use crate::harness::{Test, copy_dir, mini};
use std::path::Path;

/// A temporary folder holding a copy of the shipped rules/ as `rules/`, and an empty `a/b/`.
fn project_with_rules() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"),
        &dir.path().join("rules"),
    );
    std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
    dir
}

/// A temporary folder holding the mini knowledge base as `rules/`, with its metadata in
/// `knowledge_base.yaml` (what marks a folder named rules/ as a knowledge base).
fn mini_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    copy_dir(&mini(), &rules);
    std::fs::rename(rules.join("kb.yaml"), rules.join("knowledge_base.yaml")).unwrap();
    dir
}

#[test]
fn an_edited_copy_of_the_rules_is_checked_from_its_folder_and_below_without_a_flag() {
    let dir = project_with_rules();
    std::fs::write(
        dir.path().join("rules/zz_edit.yaml"),
        "rules:\n  - id: edit\n    when: fevr\n    then: [{advice: Rest.}]\n",
    )
    .unwrap();
    for (folder, rules) in [("", "rules"), ("a/b", "../../rules")] {
        let ran = Test::new()
            .current_dir(&dir.path().join(folder))
            .args(&["check"])
            .status(1)
            .stdout("")
            .run();
        assert!(
            ran.stderr.starts_with(&format!(
                "error: unknown finding or concept `fevr`\n --> {rules}/zz_edit.yaml:3:11\n"
            )),
            "{}",
            ran.stderr
        );
    }
    std::fs::remove_file(dir.path().join("rules/zz_edit.yaml")).unwrap();
    let ran = Test::new()
        .current_dir(&dir.path().join("a/b"))
        .args(&["check"])
        .stderr("")
        .run();
    assert!(
        ran.stdout
            .starts_with("Knowledge base: ../../rules (back-symptoms "),
        "{}",
        ran.stdout
    );
}

#[test]
fn every_clinician_command_names_the_folder_it_found() {
    let dir = mini_project();
    let header = "Knowledge base: rules (mini 0.1.0)\n";
    for args in [
        &["check"][..],
        &["test"],
        &["explain", "--yes", "back_pain"],
        &["coverage"],
        &["verify"],
        &["list", "levels"],
        &["diff", "--base", "rules"],
    ] {
        let ran = Test::new().current_dir(dir.path()).args(args).run();
        // `list` names it on standard error, to keep its table clean.
        let named = if args[0] == "list" {
            &ran.stderr
        } else {
            &ran.stdout
        };
        let first = named.lines().next().unwrap_or_default().to_string() + "\n";
        if args[0] == "diff" {
            assert_eq!(
                first,
                "Comparing `rules` (mini 0.1.0) with `rules` (mini 0.1.0)\n"
            );
        } else {
            assert_eq!(first, header, "triage {}", args.join(" "));
        }
    }
    let ran = Test::new().current_dir(dir.path()).args(&["graph"]).run();
    assert!(
        ran.stdout
            .starts_with("// Knowledge base: rules (mini 0.1.0)\ndigraph")
    );
    let ran = Test::new()
        .current_dir(dir.path())
        .args(&["assess", "--yes", "back_pain", "--format", "json"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["knowledge_base"]["source"], "rules");
}

#[test]
fn without_a_rules_folder_the_built_in_one_is_named_with_its_version() {
    let version = triage::kb::load(&triage::kb::KbSource::Builtin)
        .unwrap()
        .kb
        .metadata
        .version;
    let ran = Test::new().args(&["check"]).run();
    assert!(
        ran.stdout.starts_with(&format!(
            "Knowledge base: built-in, version {version} (back-symptoms)\n"
        )),
        "{}",
        ran.stdout
    );
    let ran = Test::new()
        .args(&["assess", "--yes", "back_pain", "--format", "json"])
        .run();
    let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(report["knowledge_base"]["source"], "built-in");
}

#[test]
fn the_flag_beats_the_environment_which_beats_the_folder() {
    let dir = mini_project();
    let clinic = crate::harness::fixtures().join("clinic");
    let clinic = clinic.display().to_string();
    Test::new()
        .current_dir(dir.path())
        .env("TRIAGE_RULES", &clinic)
        .args(&["list", "causes"])
        .stderr(&format!("Knowledge base: {clinic} (clinic 1.0.0)\n"))
        .stdout("cauda_equina  Cauda equina syndrome\nsciatica      Sciatica\nstrain        Muscle strain\ninfection     Spinal infection\n")
        .run();
    Test::new()
        .current_dir(dir.path())
        .env("TRIAGE_RULES", &clinic)
        .args(&["list", "causes", "--rules", "rules"])
        .stderr("Knowledge base: rules (mini 0.1.0)\n")
        .stdout("sciatica       Sciatica\nmuscle_strain  Muscle strain\n")
        .run();
}

#[test]
fn an_empty_triage_rules_is_an_error_that_says_so() {
    Test::new()
        .env("TRIAGE_RULES", "")
        .args(&["check"])
        .status(2)
        .stdout("")
        .stderr("error: the environment variable TRIAGE_RULES is set but empty; set it to a rules folder, or unset it to use the nearest rules/ folder or the built-in knowledge base\n")
        .run();
    // A command that reads no knowledge base does not mind.
    Test::new()
        .env("TRIAGE_RULES", "")
        .args(&["completions", "bash"])
        .stderr("")
        .run();
}

/// Issue 21, item 1: a person inside a folder below a copied or edited rules/ reads, before the
/// result, that these are not the built-in rules, and where they are; an emergency's
/// instruction alone comes first. With the built-in rules nothing is added.
#[test]
fn what_a_person_reads_names_rules_that_are_not_the_built_in_ones_before_the_result() {
    let dir = mini_project();
    std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
    let deeper = dir.path().join("a/b");
    let notice = "The rules used here are those in ../../rules (mini 0.1.0), not triage's own\nbuilt-in rules.\n";
    let ran = Test::new()
        .current_dir(&deeper)
        .args(&[
            "assess",
            "--yes",
            "back_pain",
            "--no",
            "fever,saddle_numbness",
        ])
        .run();
    assert!(ran.stdout.starts_with(notice), "{}", ran.stdout);
    let ran = Test::new()
        .current_dir(&deeper)
        .args(&["assess", "--yes", "back_pain,saddle_numbness"])
        .run();
    assert!(
        ran.stdout.starts_with(&format!(
            "EMERGENCY: Go to an emergency department now\nGo to the nearest emergency department now.\n\n{notice}"
        )),
        "{}",
        ran.stdout
    );
    let ran = Test::new()
        .current_dir(&deeper)
        .args(&["assess", "--yes", "back_pain", "--format", "summary"])
        .run();
    assert!(
        ran.stdout
            .contains(&format!("It is a triage aid, not a diagnosis.\n\n{notice}")),
        "{}",
        ran.stdout
    );
    // The interview says it in its welcome, before the first question.
    let ran = Test::new()
        .current_dir(&deeper)
        .args(&["ask"])
        .stdin("q\n")
        .run();
    let welcome = ran.stderr.split("Answer y (yes)").next().unwrap();
    assert!(welcome.contains(notice), "{}", ran.stderr);
    // The built-in rules add nothing.
    let ran = Test::new()
        .args(&[
            "assess",
            "--yes",
            "back_pain",
            "--age",
            "40",
            "--duration-days",
            "3",
        ])
        .run();
    assert!(!ran.stdout.contains("built-in rules"), "{}", ran.stdout);
}

/// A person whose rules folder does not load is told, after its problems, the way on, which
/// depends on how the folder was chosen: found by itself (run from another folder), named with
/// `--rules` (leave it out) or by `TRIAGE_RULES` (unset it); and where whoever keeps the rules
/// sees every problem. The clinician commands are how to mend it, and add nothing.
#[test]
fn a_person_whose_rules_folder_does_not_load_is_told_the_way_on() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("rules")).unwrap();
    std::fs::create_dir_all(dir.path().join("a/b")).unwrap();
    std::fs::write(
        dir.path().join("rules/knowledge_base.yaml"),
        "metadata: [\n",
    )
    .unwrap();
    let rules = dir.path().join("rules");
    let shown = rules.display().to_string();
    let not_loaded = "error: the knowledge base did not load: 1 error\n";
    let assess = ["assess", "--yes", "back_pain"];
    for (test, way_on) in [
        (
            Test::new()
                .current_dir(&dir.path().join("a/b"))
                .args(&assess),
            "help: whoever keeps `../../rules` can see every problem with `triage check`; to get \
             the built-in knowledge base meanwhile, run triage from another folder\n"
                .to_string(),
        ),
        (
            Test::new().current_dir(dir.path()).args(&["ask"]).stdin(""),
            "help: whoever keeps `rules` can see every problem with `triage check`; to get the \
             built-in knowledge base meanwhile, run triage from another folder\n"
                .to_string(),
        ),
        (
            Test::new().rules(&rules).args(&assess),
            format!(
                "help: whoever keeps `{shown}` can see every problem with `triage check --rules \
                 {shown}`; without --rules, triage uses the nearest rules/ folder or its \
                 built-in knowledge base\n"
            ),
        ),
        (
            Test::new().env("TRIAGE_RULES", &shown).args(&assess),
            format!(
                "help: whoever keeps `{shown}` can see every problem with `triage check`; unset \
                 TRIAGE_RULES to use the nearest rules/ folder or the built-in knowledge base\n"
            ),
        ),
        (
            Test::new()
                .current_dir(dir.path())
                .args(&["check"])
                .status(1),
            String::new(),
        ),
        (
            Test::new().rules(&rules).args(&["verify"]).status(3),
            String::new(),
        ),
    ] {
        let test = if way_on.is_empty() {
            test
        } else {
            test.status(1)
        };
        let ran = test.stdout("").run();
        assert!(
            ran.stderr.ends_with(&format!("{not_loaded}{way_on}")),
            "{}",
            ran.stderr
        );
    }
}
