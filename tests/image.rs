//! The cache of a rules folder's compiled knowledge base (src/kb/cache.rs): it changes nothing
//! a command prints, is never stale, and any trouble with it falls back to the YAML.

use crate::harness::{Test, copy_dir, mini_copy, neutral_dir};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// A run on the rules folder `rules` with the cache in `cache` (or off, with `None`): its
/// standard output and standard error together.
fn run(rules: &Path, cache: Option<&Path>, args: &[&str]) -> String {
    let test = Test::new().rules(rules).args(args);
    let test = match cache {
        Some(dir) => test.env("TRIAGE_CACHE_DIR", &dir.display().to_string()),
        None => test.env("TRIAGE_NO_CACHE", "1"),
    };
    let ran = test.run();
    format!("{}--- stderr ---\n{}", ran.stdout, ran.stderr)
}

/// The one entry in the cache folder.
fn entry(cache: &Path) -> PathBuf {
    let entries: Vec<PathBuf> = std::fs::read_dir(cache)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "kb"))
        .collect();
    assert_eq!(entries.len(), 1, "{entries:?}");
    entries[0].clone()
}

/// The entry's inode: a run that used the entry leaves it, one that compiled the YAML renames a
/// new entry into its place.
fn inode(path: &Path) -> u64 {
    std::fs::metadata(path).unwrap().ino()
}

const ASSESS: &[&str] = &[
    "assess",
    "--yes",
    "fever,back_pain,radiates_to_leg",
    "--format",
    "json",
];

#[test]
fn a_run_from_the_cache_prints_what_a_run_from_the_yaml_prints() {
    let rules = mini_copy();
    let cache = tempfile::tempdir().unwrap();
    for args in [
        ASSESS,
        &["assess", "--yes", "back_pain", "--format", "json"],
        &[
            "explain",
            "--yes",
            "back_pain,radiates_to_leg",
            "--why-not",
            "muscle_strain",
        ],
        &["check"],
        &["list", "findings"],
    ] {
        let uncached = run(rules.path(), None, args);
        let first = run(rules.path(), Some(cache.path()), args);
        let kept = inode(&entry(cache.path()));
        let second = run(rules.path(), Some(cache.path()), args);
        assert_eq!(
            inode(&entry(cache.path())),
            kept,
            "the second run used the entry"
        );
        assert_eq!(first, uncached, "{args:?}");
        assert_eq!(second, uncached, "{args:?}");
    }
}

#[test]
fn an_edit_to_any_rule_counts_on_the_next_run() {
    let rules = mini_copy();
    let cache = tempfile::tempdir().unwrap();
    let file = rules.path().join("rules.yaml");
    let before = run(rules.path(), Some(cache.path()), ASSESS);
    // The same length and, most likely, the same second: what a cache keyed by file sizes and
    // times would miss.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("weight: 3", "weight: 9", 1)).unwrap();
    let after = run(rules.path(), Some(cache.path()), ASSESS);
    assert_ne!(after, before);
    assert_eq!(after, run(rules.path(), None, ASSESS));
    // And back: the first result again, not the one kept from the edit.
    std::fs::write(&file, text).unwrap();
    assert_eq!(run(rules.path(), Some(cache.path()), ASSESS), before);
}

#[test]
fn a_rules_file_added_or_removed_counts_on_the_next_run() {
    let rules = mini_copy();
    let cache = tempfile::tempdir().unwrap();
    let before = run(rules.path(), Some(cache.path()), ASSESS);
    let moved = rules.path().join("rules.yaml");
    let extra = rules.path().join("more_rules.yaml");
    let text = std::fs::read_to_string(&moved).unwrap();
    let (first_rule, rest) = text.split_at(text.find("  - id: fever_back_pain").unwrap());
    // The same rules in two files: another set of files, the same knowledge base.
    std::fs::write(&moved, first_rule).unwrap();
    std::fs::write(&extra, format!("rules:\n{rest}")).unwrap();
    assert_eq!(
        run(rules.path(), Some(cache.path()), ASSESS),
        run(rules.path(), None, ASSESS)
    );
    std::fs::remove_file(&extra).unwrap();
    let without = run(rules.path(), Some(cache.path()), ASSESS);
    assert_ne!(without, before);
    assert_eq!(without, run(rules.path(), None, ASSESS));
}

#[test]
fn a_damaged_entry_is_ignored_and_replaced() {
    let rules = mini_copy();
    let cache = tempfile::tempdir().unwrap();
    let expected = run(rules.path(), None, ASSESS);
    run(rules.path(), Some(cache.path()), ASSESS);
    let path = entry(cache.path());
    let good = std::fs::read(&path).unwrap();
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    for damaged in [
        flipped,
        good[..good.len() / 3].to_vec(),
        [good.as_slice(), b"more"].concat(),
        Vec::new(),
        b"not an entry at all".to_vec(),
    ] {
        std::fs::write(&path, &damaged).unwrap();
        assert_eq!(run(rules.path(), Some(cache.path()), ASSESS), expected);
        assert_eq!(std::fs::read(&path).unwrap(), good, "rewritten whole");
    }
}

#[test]
fn a_cache_folder_that_cannot_be_written_changes_nothing() {
    let rules = mini_copy();
    let place = tempfile::tempdir().unwrap();
    // A folder inside a regular file can't be made, not even by root.
    let file = place.path().join("a_file");
    std::fs::write(&file, "").unwrap();
    let expected = run(rules.path(), None, ASSESS);
    assert_eq!(
        run(rules.path(), Some(&file.join("cache")), ASSESS),
        expected
    );
    assert_eq!(run(rules.path(), Some(&file), ASSESS), expected);
    assert_eq!(std::fs::read(&file).unwrap(), b"");
}

#[test]
fn the_cache_is_made_only_for_a_rules_folder_and_only_when_on() {
    let rules = mini_copy();
    let place = tempfile::tempdir().unwrap();
    let cache = place.path().join("cache");
    run(rules.path(), None, ASSESS);
    for off in ["1", "yes"] {
        Test::new()
            .rules(rules.path())
            .args(ASSESS)
            .env("TRIAGE_CACHE_DIR", &cache.display().to_string())
            .env("TRIAGE_NO_CACHE", off)
            .run();
    }
    Test::new()
        .args(ASSESS)
        .current_dir(neutral_dir())
        .env("TRIAGE_CACHE_DIR", &cache.display().to_string())
        .run();
    assert!(!cache.exists());
    // `TRIAGE_NO_CACHE=0` leaves it on.
    Test::new()
        .rules(rules.path())
        .args(ASSESS)
        .env("TRIAGE_CACHE_DIR", &cache.display().to_string())
        .env("TRIAGE_NO_CACHE", "0")
        .run();
    entry(&cache);
    assert!(cache.join("CACHEDIR.TAG").is_file());
}

#[test]
fn a_rules_folder_that_does_not_compile_is_reported_alike_with_an_entry_left_from_before() {
    let rules = mini_copy();
    let cache = tempfile::tempdir().unwrap();
    run(rules.path(), Some(cache.path()), ASSESS);
    let file = rules.path().join("rules.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("when: saddle_numbness", "when: sadle_numbness", 1),
    )
    .unwrap();
    let with = Test::new()
        .rules(rules.path())
        .args(ASSESS)
        .env("TRIAGE_CACHE_DIR", &cache.path().display().to_string())
        .status(1)
        .stdout("")
        .run();
    let without = Test::new()
        .rules(rules.path())
        .args(ASSESS)
        .env("TRIAGE_NO_CACHE", "1")
        .status(1)
        .run();
    assert_eq!(with.stderr, without.stderr);
    assert!(with.stderr.contains("sadle_numbness"), "{}", with.stderr);
}

/// A copy of the shipped rules is the built-in knowledge base's sources, byte for byte: it runs
/// from the image in the binary (no entry is kept for it) and prints what its YAML prints. The
/// least edit makes it a knowledge base of its own again: a byte changed within the same
/// length, which only the bytes tell apart, or a file more.
#[test]
fn a_copy_of_the_builtin_sources_runs_from_the_binary_until_it_is_edited() {
    let rules = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("rules"),
        rules.path(),
    );
    let cache = tempfile::tempdir().unwrap();
    let args = &[
        "assess",
        "--yes",
        "back_pain,saddle_numbness",
        "--age",
        "40",
        "--format",
        "json",
    ];
    let kept = |cache: &Path| {
        std::fs::read_dir(cache)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .path()
                    .extension()
                    .is_some_and(|e| e == "kb")
            })
            .count()
    };
    let from_yaml = run(rules.path(), None, args);
    assert!(
        from_yaml.contains("\"name\": \"back-symptoms\""),
        "{from_yaml}"
    );
    assert_eq!(run(rules.path(), Some(cache.path()), args), from_yaml);
    assert_eq!(kept(cache.path()), 0, "the binary's own image was used");
    assert_eq!(
        run(
            rules.path(),
            Some(cache.path()),
            &["assess", "--yes", "back_pain"]
        ),
        run(rules.path(), None, &["assess", "--yes", "back_pain"])
    );

    let file = rules.path().join("knowledge_base.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("back-symptoms", "back-symptomz", 1)).unwrap();
    let edited = run(rules.path(), Some(cache.path()), args);
    assert!(edited.contains("\"name\": \"back-symptomz\""), "{edited}");
    assert_eq!(edited, run(rules.path(), None, args));
    assert_eq!(kept(cache.path()), 1);

    std::fs::write(&file, text).unwrap();
    std::fs::write(rules.path().join("zz_more.yaml"), "rules: []\n").unwrap();
    assert_eq!(
        run(rules.path(), Some(cache.path()), args),
        run(rules.path(), None, args)
    );
    std::fs::remove_file(rules.path().join("zz_more.yaml")).unwrap();
    assert_eq!(run(rules.path(), Some(cache.path()), args), from_yaml);
}
