use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The binary under test: this build's, or the one `TRIAGE_TEST_BINARY` names, to show that a
/// new test fails on an older build (`TRIAGE_TEST_BINARY=/old/target/debug/triage cargo test`).
pub fn binary() -> PathBuf {
    std::env::var_os("TRIAGE_TEST_BINARY").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_triage")),
        PathBuf::from,
    )
}

/// The small knowledge base the exact-output tests use, so that clinical edits to rules/
/// don't disturb them.
pub fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini")
}

/// A copy of the mini knowledge base in a temporary folder, to break on purpose.
pub fn mini_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&mini(), dir.path());
    dir
}

/// A copy of the mini knowledge base with YAML added at the top of its findings and of its
/// rules (each text starts with the entries' `- id:` lines, indented as in those files).
pub fn mini_adding(findings: &str, rules: &str) -> tempfile::TempDir {
    let dir = mini_copy();
    for (file, key, added) in [
        ("findings.yaml", "findings:\n", findings),
        ("rules.yaml", "rules:\n", rules),
    ] {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let added = added.strip_prefix(key).unwrap();
        std::fs::write(&path, text.replacen(key, &format!("{key}{added}"), 1)).unwrap();
    }
    dir
}

/// `triage check` on the knowledge base in `rules`, expected to refuse it: status 1 and
/// nothing on standard output (add what standard error must say).
pub fn check_refusing(rules: &Path) -> Test {
    Test::new()
        .rules(rules)
        .args(&["check"])
        .status(1)
        .stdout("")
}

/// The folder of fixture knowledge bases. Tests that print paths run here (`current_dir`)
/// with relative `--rules`, so the expected outputs stay short and readable.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temporary folder holding a copy of the fixture `name` under the same name.
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join(name), &dir.path().join(name));
    dir
}

/// Deletes the rule `id` (its whole list item) from a rules file, and its mentions as a control
/// in the folder's hazard log (`check` refuses a log that names a rule that is not there), as a
/// clinician who deletes a rule must.
pub fn remove_rule(file: &Path, id: &str) {
    remove_rule_item(file, id);
    if let Some(dir) = file.parent() {
        forget_in_hazard_log(dir, id);
        forget_in_translations(dir, id);
    }
}

/// Removes the texts of the rule `id` (`rule.<id>.reason`...) from every translation file in
/// `dir/locales` (`check` warns of a translation that names no text).
pub fn forget_in_translations(dir: &Path, id: &str) {
    let Ok(entries) = std::fs::read_dir(dir.join("locales")) else {
        return;
    };
    let prefix = format!("  rule.{id}.");
    for entry in entries {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut kept = Vec::new();
        let mut skipping = false;
        for line in text.lines() {
            if line.starts_with("  ") && !line.starts_with("   ") {
                skipping = line.starts_with(&prefix);
            } else if !line.starts_with("  ") {
                skipping = false;
            }
            if !skipping {
                kept.push(line);
            }
        }
        std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    }
}

/// Removes `id` from every `rules: [...]` list of a hazard log in `dir`.
pub fn forget_in_hazard_log(dir: &Path, id: &str) {
    let log = dir.join("hazards.yaml");
    let Ok(text) = std::fs::read_to_string(&log) else {
        return;
    };
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let Some((head, list)) = line.split_once("rules: [") else {
                return line.to_string();
            };
            let list = list.trim_end_matches(']');
            let kept: Vec<&str> = list.split(", ").filter(|item| *item != id).collect();
            format!("{head}rules: [{}]", kept.join(", "))
        })
        .collect();
    std::fs::write(&log, lines.join("\n") + "\n").unwrap();
}

fn remove_rule_item(file: &Path, id: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim() == format!("- id: {id}"))
        .unwrap_or_else(|| panic!("no rule `{id}` in {}", file.display()));
    let indent = lines[start].len() - lines[start].trim_start().len();
    let end = (start + 1..lines.len())
        .find(|&i| {
            let line = lines[i];
            let depth = line.len() - line.trim_start().len();
            !line.trim().is_empty()
                && (depth < indent || (depth == indent && line.trim_start().starts_with("- ")))
        })
        .unwrap_or(lines.len());
    let mut kept: Vec<&str> = lines[..start].to_vec();
    kept.extend(&lines[end..]);
    std::fs::write(file, kept.join("\n") + "\n").unwrap();
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// An empty folder with no `rules/knowledge_base.yaml` in it or above it (a temporary one).
pub fn neutral_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

/// One run of the binary and what it must print.
#[must_use]
pub struct Test {
    args: Vec<String>,
    stdin: Option<String>,
    env: Vec<(String, String)>,
    dir: Option<PathBuf>,
    stdout: Option<String>,
    /// The stdout starts with the `Knowledge base: ...` line that names the one used.
    headed: bool,
    stderr: Option<String>,
    status: i32,
}

pub struct Ran {
    pub stdout: String,
    pub stderr: String,
}

impl Test {
    pub fn new() -> Test {
        Test {
            args: Vec::new(),
            stdin: None,
            env: Vec::new(),
            dir: None,
            stdout: None,
            headed: false,
            stderr: None,
            status: 0,
        }
    }

    pub fn args(mut self, args: &[&str]) -> Test {
        self.args.extend(args.iter().map(|a| a.to_string()));
        self
    }

    pub fn rules(self, dir: &Path) -> Test {
        let dir = dir.display().to_string();
        self.args(&["--rules", &dir])
    }

    pub fn stdin(mut self, text: &str) -> Test {
        self.stdin = Some(text.to_string());
        self
    }

    pub fn env(mut self, key: &str, value: &str) -> Test {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn current_dir(mut self, dir: &Path) -> Test {
        self.dir = Some(dir.to_path_buf());
        self
    }

    pub fn stdout(mut self, text: &str) -> Test {
        self.stdout = Some(text.to_string());
        self
    }

    /// Standard output is the `Knowledge base: ...` line, naming the `--rules` folder if one
    /// was given (else the built-in knowledge base), and then exactly `text`.
    pub fn stdout_below_header(mut self, text: &str) -> Test {
        self.stdout = Some(text.to_string());
        self.headed = true;
        self
    }

    pub fn stderr(mut self, text: &str) -> Test {
        self.stderr = Some(text.to_string());
        self
    }

    pub fn status(mut self, status: i32) -> Test {
        self.status = status;
        self
    }

    /// Runs the binary and asserts the status and whichever outputs were given.
    pub fn run(self) -> Ran {
        let mut command = Command::new(binary());
        command
            .args(&self.args)
            .env_remove("TRIAGE_RULES")
            .env_remove("COLUMNS")
            .env_remove("NO_COLOR")
            // English, whatever the machine's locale (a test sets another with `env`).
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE")
            .env("LANG", "C")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (key, value) in &self.env {
            command.env(key, value);
        }
        // Without a folder of its own, a run starts in an empty one, so that the knowledge base
        // is the built-in one unless the test says otherwise (from the repository's folder the
        // binary would find ./rules).
        command.current_dir(self.dir.as_deref().unwrap_or_else(|| neutral_dir()));
        let mut child = command.spawn().expect("the triage binary runs");
        // Written from a thread of its own while the output is read: a batch answers as it
        // reads, and with both pipes full each side would wait on the other for ever.
        let mut stdin = child.stdin.take().unwrap();
        let text = self.stdin.clone().unwrap_or_default();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        });
        let output = child.wait_with_output().unwrap();
        let _ = writer.join();
        let mut ran = Ran {
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        };
        let status = output.status.code().unwrap_or(-1);
        // A person's command with `--rules` says, before the result, that these are not the
        // built-in rules (tests/which_kb.rs holds its words and place). Here it is checked to be
        // in a text report and taken out, so the expected outputs read as the report does.
        let person = ["assess", "ask"]
            .iter()
            .any(|c| self.args.iter().any(|a| a == c));
        if person && self.args.iter().any(|a| a == "--rules") {
            let (stdout, told) = without_rules_notice(&ran.stdout);
            let text = !self.args.iter().any(|a| a == "json" || a == "--batch");
            let assess = self.args.iter().any(|a| a == "assess");
            if assess && text && status == 0 {
                assert!(told, "no notice of the rules used\n{}", ran.stdout);
            }
            ran.stdout = stdout;
            ran.stderr = without_rules_notice(&ran.stderr).0;
        }
        let context = format!(
            "triage {}\n--- stdout ---\n{}--- stderr ---\n{}",
            self.args.join(" "),
            ran.stdout,
            ran.stderr
        );
        assert_eq!(status, self.status, "exit status\n{context}");
        if let Some(expected) = &self.stdout {
            let mut stdout = ran.stdout.as_str();
            if self.headed {
                let (header, rest) = stdout.split_once('\n').unwrap_or_default();
                let named = match self.args.iter().position(|a| a == "--rules") {
                    Some(i) => format!("Knowledge base: {} (", self.args[i + 1]),
                    None => "Knowledge base: built-in, version ".to_string(),
                };
                assert!(header.starts_with(&named), "header `{named}`\n{context}");
                stdout = rest;
            }
            assert_eq!(stdout, expected, "stdout\n{context}");
        }
        if let Some(expected) = &self.stderr {
            assert_eq!(&ran.stderr, expected, "stderr\n{context}");
        }
        ran
    }
}

/// The notice that names rules other than the built-in ones, in each language: how it starts,
/// and how it ends (locales/*/triage.ftl, `kb-notice`).
const RULES_NOTICES: &[(&str, &str)] = &[
    ("The rules used here are those in ", "rules.\n"),
    ("Las reglas usadas aquí son las de ", "triage.\n"),
];

/// `text` without the paragraphs that name rules other than the built-in ones (and the blank
/// line that sets each apart), and whether there was one.
pub fn without_rules_notice(text: &str) -> (String, bool) {
    let mut text = text.to_string();
    let mut told = false;
    while let Some((start, ending)) = RULES_NOTICES
        .iter()
        .find_map(|(opening, ending)| text.find(opening).map(|start| (start, *ending)))
    {
        told = true;
        // It ends with "built-in rules.", wrapped wherever the width puts it.
        let end = text[start..]
            .find(ending)
            .map_or(text.len(), |i| start + i + ending.len());
        let (mut before, mut after) = (&text[..start], &text[end..]);
        if let Some(rest) = after.strip_prefix('\n') {
            after = rest;
        } else if let Some(rest) = before.strip_suffix("\n\n") {
            before = &text[..rest.len() + 1];
        }
        text = format!("{before}{after}");
    }
    (text, told)
}

/// Asserts that `text` holds each of `parts`, naming the one missing and showing `text`.
#[track_caller]
pub fn assert_has_all(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "{part}\n{text}");
    }
}
