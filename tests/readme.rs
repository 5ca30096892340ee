//! The README's example outputs are what the binary prints. Each ```console block whose first
//! line is `$ triage ...` is run in a folder holding a copy of the shipped `rules/`, and
//! `copy-of-rules/` and `broken-rules/`, copies without the rules that make bladder or bowel
//! trouble an emergency or urgent (the edit the README's examples show), and `edited-rules/`, a
//! copy that asks about saddle numbness only under 18. `my-rules` (a made-up typo) is
//! not checked.
//!
//! In an example, a line that is only `…` (or `...`) stands for any number of lines, and `…`
//! inside a line for any text. After a change to the knowledge base or the reports, run
//! `UPDATE_README=1 cargo test --test integration readme` to rewrite the outputs that no longer
//! match (keeping the elisions that still do), and read the diff.

use crate::harness::{copy_dir, remove_rule};
use std::path::Path;

/// The commands whose folders the test cannot make.
const NOT_CHECKED: [&str; 1] = ["my-rules"];

/// One example: the line range of its output in the README, the command, and the output.
struct Example {
    /// Index of the `$ triage` line.
    command_line: usize,
    /// Index of the closing fence.
    end: usize,
    args: Vec<String>,
}

fn examples(lines: &[&str]) -> Vec<Example> {
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if *line != "```console" {
            continue;
        }
        let Some(command) = lines.get(i + 1).and_then(|l| l.strip_prefix("$ triage ")) else {
            continue;
        };
        let Some(end) = (i + 2..lines.len()).find(|&j| lines[j] == "```") else {
            continue;
        };
        if NOT_CHECKED.iter().any(|skip| command.contains(skip)) {
            continue;
        }
        found.push(Example {
            command_line: i + 1,
            end,
            args: words(command),
        });
    }
    found
}

/// Splits a command line into words, honouring double quotes.
fn words(command: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in command.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn is_skip(line: &str) -> bool {
    matches!(line.trim(), "…" | "...")
}

/// Whether an actual line matches an expected one, where `…` in the expected line stands for
/// any text.
fn matches(expected: &str, actual: &str) -> bool {
    let expected = expected.replace("...", "…");
    let parts: Vec<&str> = expected.split('…').collect();
    if parts.len() == 1 {
        return expected.as_str() == actual;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !actual.starts_with(first) || !actual[first.len()..].ends_with(last) {
        return false;
    }
    let mut rest = &actual[first.len()..actual.len() - last.len()];
    for part in &parts[1..parts.len() - 1] {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

/// The expected lines with every line that does not match replaced by the actual one (the
/// elisions that still match are kept). Equal to `expected` when the example is true.
fn reconcile(expected: &[&str], actual: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < expected.len() {
        let line = expected[i];
        if is_skip(line) {
            out.push(line.to_string());
            i += 1;
            match expected.get(i) {
                None => j = actual.len(),
                Some(next) => {
                    if let Some(k) = (j..actual.len()).find(|&k| matches(next, actual[k])) {
                        j = k;
                    }
                }
            }
            continue;
        }
        match actual.get(j) {
            Some(real) if matches(line, real) => out.push(line.to_string()),
            Some(real) => out.push(real.to_string()),
            None => {}
        }
        i += 1;
        j += 1;
    }
    out.extend(actual.iter().skip(j).map(|l| l.to_string()));
    out
}

fn setup(dir: &Path) {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    copy_dir(&rules, &dir.join("rules"));
    for copy in ["copy-of-rules", "broken-rules"] {
        copy_dir(&rules, &dir.join(copy));
        for rule in ["rf_ces_bladder_bowel", "rf_bladder_with_urine_infection"] {
            remove_rule(&dir.join(copy).join("red_flags.yaml"), rule);
        }
    }
    // `edited-rules/`: saddle numbness asked of children only (the `verify` example).
    let edited = dir.join("edited-rules");
    copy_dir(&rules, &edited);
    let findings = std::fs::read_to_string(edited.join("findings.yaml")).unwrap();
    let at = findings.find("  - id: saddle_numbness\n").unwrap();
    let flag = at + findings[at..].find("    red_flag: true\n").unwrap();
    let findings = format!(
        "{}    ask_if: {{age: {{less_than: 18}}}}\n{}",
        &findings[..flag],
        &findings[flag..]
    );
    std::fs::write(edited.join("findings.yaml"), findings).unwrap();
}

#[test]
fn the_readme_examples_are_what_runs() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut rewritten: Vec<String> = Vec::new();
    let mut from = 0;
    let mut stale = Vec::new();
    let examples = examples(&lines);
    assert!(examples.len() >= 8, "{} examples found", examples.len());
    for example in examples {
        let args: Vec<&str> = example.args.iter().map(String::as_str).collect();
        // Every example's status is not the test's business: a failing check is an example too.
        let ran = std::process::Command::new(env!("CARGO_BIN_EXE_triage"))
            .args(&args)
            .current_dir(dir.path())
            .env_remove("TRIAGE_RULES")
            .env("LC_ALL", "C")
            .env_remove("NO_COLOR")
            .output()
            .unwrap();
        // As a terminal shows it: `triage` writes standard error before standard output.
        let output =
            String::from_utf8(ran.stderr).unwrap() + &String::from_utf8(ran.stdout).unwrap();
        let actual: Vec<&str> = output.lines().collect();
        let expected = &lines[example.command_line + 1..example.end];
        let blessed = reconcile(expected, &actual);
        if blessed
            .iter()
            .map(String::as_str)
            .ne(expected.iter().copied())
        {
            stale.push(format!(
                "README.md:{}: `triage {}`:\n--- README\n{}\n--- runs\n{}",
                example.command_line + 1,
                args.join(" "),
                expected.join("\n"),
                blessed.join("\n")
            ));
        }
        rewritten.extend(
            lines[from..=example.command_line]
                .iter()
                .map(|l| l.to_string()),
        );
        rewritten.extend(blessed);
        from = example.end;
    }
    rewritten.extend(lines[from..].iter().map(|l| l.to_string()));
    if update && !stale.is_empty() {
        std::fs::write(&path, rewritten.join("\n") + "\n").unwrap();
        return;
    }
    assert!(
        stale.is_empty(),
        "{}\n\nRun `UPDATE_README=1 cargo test --test integration readme` to rewrite them.",
        stale.join("\n\n")
    );
}

#[test]
fn elisions_match_any_lines_and_any_text() {
    assert!(matches("a … c", "a b c"));
    assert!(matches("[x; …]", "[x; y; z]"));
    assert!(!matches("a … c", "a b d"));
    let expected = ["one", "…", "four", "five …"];
    let actual = ["one", "two", "three", "four", "five six"];
    assert_eq!(reconcile(&expected, &actual), expected);
    let actual = ["one", "two", "four", "5"];
    assert_eq!(reconcile(&expected, &actual), ["one", "…", "four", "5"]);
}
