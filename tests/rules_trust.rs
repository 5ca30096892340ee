//! Issue 23, defect 6: a `rules/` folder found by looking upwards, that someone other than
//! the user could have planted or changed (writable by every user, or owned by another user),
//! never silently decides a person's advice: `ask` and `assess` refuse it unless it is named
//! with `--rules` or `TRIAGE_RULES`, and the clinician commands say so before using it.
#![cfg(unix)]

use crate::harness::{Test, copy_dir, mini};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

/// A project folder whose `rules/` (the mini knowledge base) has the given mode, and an
/// empty `a/` below it to run from.
fn planted(mode: u32) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    copy_dir(&mini(), &rules);
    std::fs::rename(rules.join("kb.yaml"), rules.join("knowledge_base.yaml")).unwrap();
    std::fs::set_permissions(&rules, std::fs::Permissions::from_mode(mode)).unwrap();
    std::fs::create_dir_all(dir.path().join("a")).unwrap();
    dir
}

/// The knowledge base a JSON report says it came from.
fn source(report: &str) -> String {
    let json: serde_json::Value = serde_json::from_str(report).unwrap();
    json["knowledge_base"]["source"]
        .as_str()
        .unwrap()
        .to_string()
}

const REFUSAL: &str = "error: not using the knowledge base found at `../rules`: `../rules` is \
    writable by every user, so anyone could have changed the advice it gives. If you trust it, \
    name it: `--rules ../rules` (or TRIAGE_RULES=../rules); otherwise run triage from another \
    folder to get the built-in knowledge base\n";

#[test]
fn a_person_command_refuses_a_discovered_rules_folder_writable_by_every_user() {
    let dir = planted(0o777);
    let below = dir.path().join("a");
    Test::new()
        .current_dir(&below)
        .args(&["assess", "--yes", "back_pain"])
        .status(1)
        .stdout("")
        .stderr(REFUSAL)
        .run();
    Test::new()
        .current_dir(&below)
        .args(&["ask", "--format", "json"])
        .stdin("q\n")
        .status(1)
        .stdout("")
        .stderr(REFUSAL)
        .run();
}

#[test]
fn a_person_who_names_the_folder_gets_it_and_the_report_names_it() {
    let dir = planted(0o777);
    let below = dir.path().join("a");
    for test in [
        Test::new().args(&["assess", "--rules", "../rules"]),
        Test::new()
            .env("TRIAGE_RULES", "../rules")
            .args(&["assess"]),
    ] {
        let ran = test
            .args(&["--yes", "back_pain", "--format", "json"])
            .current_dir(&below)
            .stderr("")
            .run();
        assert_eq!(source(&ran.stdout), "../rules");
    }
}

#[test]
fn a_clinician_command_warns_and_goes_on() {
    let dir = planted(0o777);
    let ran = Test::new()
        .current_dir(&dir.path().join("a"))
        .args(&["check"])
        .run();
    assert!(
        ran.stderr.starts_with(
            "warning: the knowledge base found at `../rules` could have been changed by \
             someone else: `../rules` is writable by every user; `ask` and `assess` refuse it \
             unless it is named with --rules or TRIAGE_RULES\n"
        ),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stdout.starts_with("Knowledge base: ../rules ("),
        "{}",
        ran.stdout
    );
}

#[test]
fn a_discovered_folder_that_is_the_users_own_is_taken_as_before() {
    // Group write is what umask 002 gives every folder, and is allowed.
    let dir = planted(0o775);
    let ran = Test::new()
        .current_dir(&dir.path().join("a"))
        .args(&["assess", "--yes", "back_pain", "--format", "json"])
        .stderr("")
        .run();
    assert_eq!(source(&ran.stdout), "../rules");
}

#[test]
fn a_file_in_the_folder_writable_by_every_user_counts_as_the_folder() {
    let dir = planted(0o755);
    let file = dir.path().join("rules/knowledge_base.yaml");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o666)).unwrap();
    let ran = Test::new()
        .current_dir(Path::new(dir.path()))
        .args(&["assess", "--yes", "back_pain"])
        .status(1)
        .stdout("")
        .run();
    assert!(
        ran.stderr.starts_with(
            "error: not using the knowledge base found at `rules`: \
             `rules/knowledge_base.yaml` is writable by every user"
        ),
        "{}",
        ran.stderr
    );
}

/// The refusal is said in the person's language, known before the folder is chosen.
#[test]
fn the_refusal_is_said_in_the_persons_language() {
    let dir = planted(0o777);
    let below = dir.path().join("a");
    let refusal = "error: no se usa la base de conocimiento encontrada en `../rules`: cualquier \
        usuario puede modificar `../rules`, así que cualquiera podría haber cambiado los \
        consejos que da. Si confía en ella, indíquela: `--rules ../rules` (o \
        TRIAGE_RULES=../rules); si no, ejecute triage desde otra carpeta para usar la base de \
        conocimiento incorporada\n";
    for test in [
        Test::new().args(&["assess", "--lang", "es", "--yes", "back_pain"]),
        Test::new()
            .env("LANG", "es_ES.UTF-8")
            .args(&["assess", "--yes", "back_pain"]),
        Test::new()
            .env("LC_ALL", "es_MX")
            .args(&["ask"])
            .stdin("q\n"),
    ] {
        test.current_dir(&below)
            .status(1)
            .stdout("")
            .stderr(refusal)
            .run();
    }
    // A language triage lacks is the usage error it always was, said before anything else.
    Test::new()
        .current_dir(&below)
        .args(&["assess", "--lang", "xx", "--yes", "back_pain"])
        .status(2)
        .stdout("")
        .stderr("error: there is no language `xx`; the languages are en, es\n")
        .run();
}
