//! The knowledge base's texts in other languages (rules/locales/<lang>.yaml): what `check`
//! and `coverage` say about a translation, on a copy of the clinic knowledge base (which
//! `check` finds clean) with its Spanish file (tests/fixtures/locales/clinic-es.yaml, every
//! text translated).

use crate::harness::{Test, assert_has_all, copy_dir, fixtures};
use std::path::Path;

/// A copy of the clinic knowledge base with its whole Spanish translation.
fn translated() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("clinic"), dir.path());
    std::fs::create_dir(dir.path().join("locales")).unwrap();
    std::fs::copy(
        fixtures().join("locales/clinic-es.yaml"),
        dir.path().join("locales/es.yaml"),
    )
    .unwrap();
    dir
}

fn spanish(dir: &Path) -> std::path::PathBuf {
    dir.join("locales/es.yaml")
}

/// Replaces `from` (which must be there) with `to` in a file.
fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from:?} is not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

const SUMMARY: &str = "clinic 1.0.0: 3 files, 3 levels, 7 findings, 1 concepts, 4 causes, 7 rules";

#[test]
fn a_whole_translation_is_clean_and_counted() {
    let dir = translated();
    Test::new()
        .rules(dir.path())
        .args(&["check", "--deny", "warnings"])
        .stdout_below_header(&format!(
            "es (Español, draft): 20 of 20 texts translated, 0 stale\n{SUMMARY}; no problems found\n"
        ))
        .stderr("")
        .run();
}

#[test]
fn a_text_removed_from_the_translation_is_reported_at_the_text() {
    let dir = translated();
    edit(
        &spanish(dir.path()),
        "  finding.fever.question:\n    en: Have you had a fever?\n    es: ¿Ha tenido fiebre?\n",
        "",
    );
    let findings = dir.path().join("findings.yaml");
    Test::new()
        .rules(dir.path())
        .args(&["check", "--deny", "warnings"])
        .status(1)
        .stdout_below_header(&format!(
            "es (Español, draft): 19 of 20 texts translated, 0 stale\n{SUMMARY}; 1 warning\n"
        ))
        .stderr(&format!(
            "\
warning: `finding.fever.question` has no translation in `es`
  --> {}:15:9
   |
15 |   - id: fever
   |         ^^^^^
  = help: add it under `texts:` in {} (the person reads the English until then)

error: 1 warning denied by `--deny warnings`
",
            findings.display(),
            spanish(dir.path()).display()
        ))
        .run();
}

#[test]
fn a_translation_not_written_yet_is_reported_at_its_line() {
    let dir = translated();
    edit(&spanish(dir.path()), "es: ¿Ha tenido fiebre?", "es: ''");
    Test::new()
        .rules(dir.path())
        .args(&["check"])
        .stderr(&format!(
            "\
warning: the `es` text of `finding.fever.question` is not written
  --> {}:24:9
   |
24 |     es: ''
   |         ^^
  = help: translate it (the person reads the English until then)

",
            spanish(dir.path()).display()
        ))
        .run();
}

#[test]
fn a_key_that_names_no_text_is_reported_with_the_closest() {
    let dir = translated();
    edit(
        &spanish(dir.path()),
        "  finding.fever.question:",
        "  finding.fevr.question:",
    );
    let ran = Test::new().rules(dir.path()).args(&["check"]).run();
    let file = spanish(dir.path());
    assert!(
        ran.stderr.contains(&format!(
            "\
warning: `finding.fevr.question` in {file} names no text of the knowledge base
  --> {file}:22:3
   |
22 |   finding.fevr.question:
   |   ^^^^^^^^^^^^^^^^^^^^^
  = help: did you mean `finding.fever.question`?
",
            file = file.display()
        )),
        "{}",
        ran.stderr
    );
    // The text it should have named is missing, too.
    assert!(
        ran.stderr
            .contains("warning: `finding.fever.question` has no translation in `es`")
    );
}

#[test]
fn a_placeholder_on_one_side_only_is_an_error() {
    let dir = translated();
    edit(
        &spanish(dir.path()),
        "es: La fiebre con dolor de espalda puede indicar una infección.",
        "es: \"La fiebre con {signs} puede indicar una infección.\"",
    );
    Test::new()
        .rules(dir.path())
        .args(&["check"])
        .status(1)
        .stdout_below_header(&format!(
            "es (Español, draft): 19 of 20 texts translated, 0 stale\n{SUMMARY}; 1 error\n"
        ))
        .stderr(&format!(
            "\
error: the placeholders of the `es` text of `rule.fever_urgent.reason` do not match: the translation has `{{signs}}` and the English does not
  --> {}:63:9
   |
63 |     es: \"La fiebre con {{signs}} puede indicar una infección.\"
   |         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: the program fills in a placeholder such as `{{signs}}`; keep each one, as written, in the translation (the person reads the English until then)

",
            spanish(dir.path()).display()
        ))
        .run();
}

#[test]
fn a_translation_older_than_its_english_shows_both() {
    let dir = translated();
    edit(
        &dir.path().join("findings.yaml"),
        "question: Have you had a fever?",
        "question: Have you had a fever or felt hot and shivery?",
    );
    Test::new()
        .rules(dir.path())
        .args(&["check"])
        .stdout_below_header(&format!(
            "es (Español, draft): 19 of 20 texts translated, 1 stale\n{SUMMARY}; 1 warning\n"
        ))
        .stderr(&format!(
            "\
warning: the `es` text of `finding.fever.question` is older than the text it translates
  --> {}:23:9
   |
23 |     en: Have you had a fever?
   |         ^^^^^^^^^^^^^^^^^^^^^
  = help: it was translated from \"Have you had a fever?\"; the English now reads \"Have you had a fever or felt hot and shivery?\": update the translation and its `en:` (the person reads the English until then)

",
            spanish(dir.path()).display()
        ))
        .run();
}

#[test]
fn a_broken_translation_file_is_located_and_refused() {
    let dir = translated();
    edit(
        &spanish(dir.path()),
        "  finding.back_pain.question:\n",
        "  finding.back_pain.question: [\n",
    );
    let ran = Test::new()
        .rules(dir.path())
        .args(&["check"])
        .status(1)
        .stdout("")
        .run();
    let file = spanish(dir.path()).display().to_string();
    assert!(ran.stderr.starts_with("error: "), "{}", ran.stderr);
    assert!(
        ran.stderr.contains(&format!(" --> {file}:")),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .ends_with("error: the knowledge base did not load: 1 error\n"),
        "{}",
        ran.stderr
    );
    // Refused by every command, as a broken rule file is: never skipped.
    Test::new()
        .rules(dir.path())
        .args(&["assess", "--yes", "back_pain"])
        .status(1)
        .stdout("")
        .run();
}

#[test]
fn the_file_shape_is_checked() {
    let dir = translated();
    edit(
        &spanish(dir.path()),
        "status: draft\n",
        "status: done\nlanguages: [es]\n",
    );
    let file = spanish(dir.path()).display().to_string();
    let ran = Test::new()
        .rules(dir.path())
        .args(&["check"])
        .status(1)
        .stdout("")
        .run();
    let errors: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("error") || l.starts_with(" -->") || l.starts_with("  ="))
        .collect();
    assert_eq!(
        errors,
        [
            "error: `status` is `draft` or `reviewed`, not `done`",
            &format!(" --> {file}:5:9"),
            "  = help: `reviewed` once a clinician fluent in the language has reviewed every text",
            "error: unknown key `languages` in a translation file",
            &format!(" --> {file}:6:1"),
            "  = help: did you mean `language`?",
            "error: the knowledge base did not load: 2 errors",
        ]
    );
}

#[test]
fn a_file_named_for_another_language_is_refused() {
    let dir = translated();
    std::fs::rename(spanish(dir.path()), dir.path().join("locales/fr.yaml")).unwrap();
    let ran = Test::new()
        .rules(dir.path())
        .args(&["check"])
        .status(1)
        .run();
    assert!(
        ran.stderr
            .starts_with("error: `language` is `es`, but the file is named for `fr`\n"),
        "{}",
        ran.stderr
    );
}

#[test]
fn an_edited_translation_is_read_again_not_taken_from_the_cache() {
    let dir = translated();
    let cache = tempfile::tempdir().unwrap();
    let check = || {
        Test::new()
            .rules(dir.path())
            .env("TRIAGE_CACHE_DIR", &cache.path().display().to_string())
            .args(&["check"])
    };
    check().stderr("").run();
    edit(&spanish(dir.path()), "es: ¿Ha tenido fiebre?", "es: ''");
    let ran = check().run();
    assert!(
        ran.stderr
            .starts_with("warning: the `es` text of `finding.fever.question` is not written"),
        "{}",
        ran.stderr
    );
}

#[test]
fn coverage_counts_the_texts_translated_from_todays_english() {
    let dir = translated();
    edit(&spanish(dir.path()), "es: ¿Ha tenido fiebre?", "es: ''");
    edit(
        &dir.path().join("findings.yaml"),
        "question: Is part of your back numb?",
        "question: Is any part of your back numb?",
    );
    let file = spanish(dir.path()).display().to_string();
    let ran = Test::new()
        .rules(dir.path())
        .args(&["coverage"])
        .stderr("")
        .run();
    assert_has_all(
        &ran.stdout,
        &[
            "  texts translated to es      90%  18 of 20\n",
            &format!("\nTexts not translated to es (1):\n  finding.fever.question  {file}:24:9\n"),
            &format!(
                "\nTexts of es translated from older English (1):\n  finding.back_numbness.question  {file}:11:9\n"
            ),
        ],
    );
    let ran = Test::new()
        .rules(dir.path())
        .args(&["coverage", "--format", "json", "--min", "95"])
        .status(1)
        .run();
    let json: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(
        json["translations"],
        serde_json::json!({"es": {"name": "Español", "status": "draft", "texts": 20, "translated": 18, "stale": 1}})
    );
    assert_eq!(
        json["shares"]["texts_es"],
        serde_json::json!({"hit": 18, "total": 20, "percent": 90})
    );
    assert_eq!(
        json["never"]["texts_stale_es"],
        serde_json::json!([{"id": "finding.back_numbness.question", "location": format!("{file}:11:9")}])
    );
    // `--min` applies to the translation's share as to the others.
    let below = json["below_min"].as_array().unwrap();
    assert!(
        below.contains(&serde_json::json!("texts translated to es 90%")),
        "{below:?}"
    );
}

/// The check could not run at all (status 3), as for a rules folder that can't be read.
#[test]
fn a_locales_entry_that_is_not_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("clinic"), dir.path());
    std::fs::write(dir.path().join("locales"), "language: es\n").unwrap();
    Test::new()
        .rules(dir.path())
        .args(&["check"])
        .status(3)
        .stdout("")
        .stderr(&format!(
            "error: `{}` is not a folder; `locales` in a rules folder holds its translations, one `.yaml` file per language (rename or remove it)\n",
            dir.path().join("locales").display()
        ))
        .run();
}
