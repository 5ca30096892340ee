//! Issue 14: what a hostile user or a careless deployment does must end promptly, with a
//! clear message or a correct result: no hang, abort, silent skip, false proof or lost answer.

use crate::harness::{Test, mini, mini_copy};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// What a run printed, and how it ended (`None`: killed after the time limit).
struct Outcome {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Starts the binary, its standard streams piped.
fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .env_remove("TRIAGE_RULES")
        .env("LC_ALL", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs the binary with `input` on standard input, killed after `limit`.
fn run_within(args: &[&str], input: Vec<u8>, limit: Duration) -> Outcome {
    let mut child = spawn(args);
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let start = Instant::now();
    let mut status = None;
    while start.elapsed() < limit {
        if let Some(done) = child.try_wait().unwrap() {
            status = Some(done.code().unwrap_or(-1));
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    if status.is_none() {
        let _ = child.kill();
    }
    let output = child.wait_with_output().unwrap();
    let _ = writer.join();
    Outcome {
        status,
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[cfg(unix)]
#[test]
fn d2_a_yaml_entry_that_is_not_a_readable_file_is_reported_not_skipped() {
    let kb = mini_copy();
    let rules = kb.path().join("rules.yaml");
    std::fs::rename(&rules, kb.path().join("rules.moved")).unwrap();
    // `check` that cannot read its knowledge base could not run (3); `assess` keeps 1.
    let refused = |args: &[&str], what: &str| {
        Test::new()
            .rules(kb.path())
            .args(args)
            .status(if args[0] == "check" { 3 } else { 1 })
            .stdout("")
            .stderr(&format!("error: `{}` {what}\n", rules.display()))
            .run();
    };
    let entry = "; every `.yaml` entry of the folder must be a file of rules (rename or remove it)";
    std::os::unix::fs::symlink("/nonexistent", &rules).unwrap();
    refused(
        &["check"],
        "is a link to `/nonexistent`, which does not exist",
    );
    std::fs::remove_file(&rules).unwrap();
    std::fs::create_dir(&rules).unwrap();
    refused(
        &["assess", "--yes", "back_pain"],
        &format!("is a folder{entry}"),
    );
    std::fs::remove_dir(&rules).unwrap();
    std::os::unix::fs::symlink("/dev/null", &rules).unwrap();
    refused(&["check"], &format!("is not a regular file{entry}"));
}

fn batch_within(input: Vec<u8>) -> Outcome {
    let rules = mini().display().to_string();
    let args = ["--rules", &rules, "assess", "--batch", "-"];
    run_within(&args, input, Duration::from_secs(20))
}

#[test]
fn d1_a_long_line_is_read_and_a_line_over_the_limit_ends_the_batch_promptly() {
    // 70 KB: more than a read block, well under the limit.
    let long = format!(
        "{{\"findings\":{{\"back_pain\":\"present\"}},\"x\":\"{}\"}}\n",
        "a".repeat(70_000)
    );
    let ran = batch_within(long.into_bytes());
    assert_eq!(ran.status, Some(1), "{}", ran.stderr);
    assert_eq!(
        ran.stdout,
        "{\"line\":1,\"error\":\"unknown key `x` in the answers (did you mean `sex`?)\"}\n"
    );
    // No line end at all, as from `jq -s` or CR-only line ends, and endless input.
    let stopped = "line 2 is longer than 1 MiB and no line feed ends it: the input is not \
                   JSON Lines (one case per line, each ended by a line feed); the batch stopped \
                   there";
    let first = b"{\"age\":40}\n";
    let mut endless = first.to_vec();
    endless.extend(b"{}\r".repeat(600_000));
    for input in [endless, [first.as_slice(), &vec![0u8; 3 << 20]].concat()] {
        let ran = batch_within(input);
        assert_eq!(ran.status, Some(1), "{}", ran.stderr);
        assert_eq!(ran.stderr, format!("error: {stopped}\n"));
        let lines: Vec<&str> = ran.stdout.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].starts_with("{\"line\":1,\"schema_version\":1,"));
        assert_eq!(lines[1], format!("{{\"line\":2,\"error\":\"{stopped}\"}}"));
    }
}

#[test]
fn d9_an_answer_given_twice_is_refused_by_batch_and_by_answers_files_alike() {
    let twice = r#"{"findings":{"saddle_numbness":"present","saddle_numbness":"absent"}}"#;
    let age_twice = r#"{"age":40,"findings":{"age":50}}"#;
    let ran = batch_within(format!("{twice}\n{age_twice}\n").into_bytes());
    assert_eq!(ran.status, Some(1));
    assert_eq!(
        ran.stdout,
        concat!(
            "{\"line\":1,\"error\":\"`saddle_numbness` is answered twice; answer it once\"}\n",
            "{\"line\":2,\"error\":\"`age` is answered twice; answer it once\"}\n"
        )
    );
    Test::new()
        .rules(&mini())
        .args(&["assess", "--answers", "-"])
        .stdin(age_twice)
        .status(1)
        .stdout("")
        .stderr(concat!(
            "error: `age` is answered twice; answer it once\n",
            " --> <stdin>:1:23\n",
            "  |\n",
            "1 | {\"age\":40,\"findings\":{\"age\":50}}\n",
            "  |                       ^^^^^\n",
            "\n",
            "error: 1 problem in the answers\n"
        ))
        .run();
}

#[test]
fn d17_a_bom_is_skipped_numbers_are_read_exactly_and_empty_answers_are_refused() {
    let ran = batch_within(b"\xef\xbb\xbf{\"age\":40}\n{\"age\":120.00000000000001}\n".to_vec());
    assert_eq!(ran.status, Some(1));
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert!(
        lines[0].starts_with("{\"line\":1,\"schema_version\":1,"),
        "{}",
        lines[0]
    );
    assert_eq!(
        lines[1],
        "{\"line\":2,\"error\":\"age 120.00000000000001 is impossible: `age` must be from 0 to \
         120 years\"}"
    );
    for stdin in ["", " \n\n"] {
        Test::new()
            .rules(&mini())
            .args(&["assess", "--answers", "-"])
            .stdin(stdin)
            .status(1)
            .stdout("")
            .stderr(
                "error: the answers on standard input are empty; give the answers (`{}` with \
                 --allow-empty assesses with nothing known)\n",
            )
            .run();
    }
}

#[test]
fn d14_each_result_is_written_as_soon_as_its_case_is_done() {
    let rules = mini().display().to_string();
    let mut child = spawn(&["--rules", &rules, "assess", "--batch", "-"]);
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for n in 1..=3 {
        writeln!(stdin, "{{\"age\":{n}}}").unwrap();
        stdin.flush().unwrap();
        // The result comes while the input is still open.
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        assert!(line.starts_with(&format!("{{\"line\":{n},")), "{line}");
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn d10_an_endless_answer_line_stops_the_interview_with_a_message() {
    let rules = mini().display().to_string();
    let ran = run_within(
        &["--rules", &rules, "ask"],
        vec![b'y'; 1 << 20],
        Duration::from_secs(20),
    );
    assert_eq!(ran.status, Some(1));
    assert_eq!(ran.stdout, "");
    assert!(
        ran.stderr.ends_with(
            "error: an answer is longer than 4 KiB: this is not an answer; the interview stopped\n"
        ),
        "{}",
        ran.stderr
    );
}

/// `ask --save PATH` with these extra arguments and answers.
fn ask_saving(path: &std::path::Path, extra: &[&str], stdin: &str) -> Test {
    Test::new()
        .rules(&mini())
        .args(&["ask", "--save", path.to_str().unwrap()])
        .args(extra)
        .stdin(stdin)
}

#[test]
fn d13_an_existing_answers_file_is_continued_or_replaced_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.yaml");
    let earlier = "findings:\n  saddle_numbness: absent\n";
    std::fs::write(&path, earlier).unwrap();
    ask_saving(&path, &[], "y\n")
        .status(1)
        .stdout("")
        .stderr(&format!(
            "error: `{}` already holds answers; `--resume` continues from them, `--force` \
             starts again and replaces them\n",
            path.display()
        ))
        .run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), earlier);
    // Continued: saddle numbness is not asked again, and stays in the file.
    // The input ends before the interview does: a report marked incomplete, status 0.
    let ran = ask_saving(&path, &["--resume"], "y\n").status(0).run();
    assert!(
        !ran.stderr.contains("numb between your legs"),
        "{}",
        ran.stderr
    );
    let resumed = std::fs::read_to_string(&path).unwrap();
    assert!(resumed.contains("  saddle_numbness: absent\n"), "{resumed}");
    assert!(resumed.lines().count() > 2, "{resumed}");
    // Replaced: the interview starts again from nothing.
    let ran = ask_saving(&path, &["--force"], "").status(0).run();
    assert!(
        ran.stderr.contains("numb between your legs"),
        "{}",
        ran.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# 0 questions answered in `triage ask` (`--resume` goes on from there)\nfindings: {}\n"
    );
}

#[cfg(unix)]
#[test]
fn d3_save_refuses_to_replace_a_link_or_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "keep me\n").unwrap();
    let link = dir.path().join("link.yaml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let folder = dir.path().join("folder.yaml");
    std::fs::create_dir(&folder).unwrap();
    for (path, kind) in [(&link, "a symbolic link"), (&folder, "a folder")] {
        ask_saving(path, &["--force"], "n\n")
            .status(1)
            .stdout("")
            .stderr(&format!(
                "error: `{}` is {kind}; `--save` writes only a regular file (give the path of \
                 one, or of a new one)\n",
                path.display()
            ))
            .run();
    }
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me\n");
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["folder.yaml", "link.yaml", "target.txt"]);
}

#[test]
fn d4_a_save_that_fails_mid_interview_is_said_at_once_and_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("answers.yaml");
    let rules = mini().display().to_string();
    let mut child = spawn(&["--rules", &rules, "ask", "--save", path.to_str().unwrap()]);
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "n").unwrap();
    stdin.flush().unwrap();
    // Once the first answer is saved, make the next saves fail: their temporary file's
    // place is taken by a folder.
    let start = Instant::now();
    // (The file is written at the start too, with no findings; its first line is a comment.)
    let saved_an_answer = |text: &str| text.contains("findings:") && !text.contains("findings: {}");
    while !saved_an_answer(&std::fs::read_to_string(&path).unwrap_or_default()) {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "the first answer was never saved"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let first = std::fs::read_to_string(&path).unwrap();
    std::fs::create_dir(dir.path().join("answers.yaml.partial")).unwrap();
    writeln!(stdin, "y\nq").unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = path.display();
    let refused = format!(
        "`{shown}.partial` is a folder; `--save` writes only a regular file (give the path of \
         one, or of a new one)"
    );
    assert!(
        stderr.contains(&format!(
            "warning: {refused}; the interview goes on, but these answers are not saved\n"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "warning: the answers could not be saved in `{shown}`: {refused}\n"
        )),
        "{stderr}"
    );
    assert!(!output.stdout.is_empty(), "the report is still given");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
}

/// A copy of the mini knowledge base with a chain of `links` concepts: `back_pain` derives
/// `c1`, each `c(i-1)` derives `ci`, the last supports sciatica. `reversed` defines the
/// concepts last link first.
fn chain_kb(links: usize, reversed: bool) -> tempfile::TempDir {
    let kb = mini_copy();
    let mut ids: Vec<usize> = (1..=links).collect();
    if reversed {
        ids.reverse();
    }
    let mut text = String::from("concepts:\n");
    for i in ids {
        text += &format!("  - {{id: c{i}, description: link {i}}}\n");
    }
    text += "rules:\n  - {id: k1, when: back_pain, then: [{derive: c1}], sources: [seed-000]}\n";
    for i in 2..=links {
        text += &format!(
            "  - {{id: k{i}, when: c{}, then: [{{derive: c{i}}}], sources: [seed-000]}}\n",
            i - 1
        );
    }
    text += &format!(
        "  - {{id: k_end, when: c{links}, then: [{{supports: sciatica, weight: 1}}], sources: \
         [seed-000]}}\n"
    );
    std::fs::write(kb.path().join("chain.yaml"), text).unwrap();
    kb
}

#[test]
fn d6_check_and_coverage_go_through_a_concept_chain_20000_deep() {
    let kb = chain_kb(20_000, false);
    let rules = kb.path().display().to_string();
    for command in ["check", "coverage"] {
        let ran = run_within(
            &["--rules", &rules, command],
            Vec::new(),
            Duration::from_secs(60),
        );
        assert_eq!(ran.status, Some(0), "{command}: {}", ran.stderr);
    }
}

#[test]
fn d11_a_long_chain_that_stays_unknown_is_settled_in_linear_time() {
    // Defined last link first, the chain took one pass over every candidate per link.
    let kb = chain_kb(30_000, true);
    let rules = kb.path().display().to_string();
    let ran = run_within(
        &[
            "--rules", &rules, "assess", "--yes", "fever", "--format", "json",
        ],
        Vec::new(),
        Duration::from_secs(30),
    );
    assert_eq!(ran.status, Some(0), "{}", ran.stderr);
    assert!(
        ran.stdout.contains("\"level\": \"self_care\""),
        "{}",
        ran.stdout
    );
}

#[test]
fn d8_check_refuses_numbers_that_are_not_finite_or_too_large() {
    let kb = mini_copy();
    let edit = |file: &str, from: &str, to: &str| {
        let path = kb.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    };
    edit("kb.yaml", "min_cause_score: 2", "min_cause_score: .nan");
    edit("findings.yaml", "max: 120", "max: .inf");
    edit("rules.yaml", "weight: 3", "weight: 1e300");
    let ran = Test::new()
        .rules(kb.path())
        .args(&["verify"])
        .status(3)
        .stdout("")
        .run();
    for message in [
        "error: `min_cause_score` must be a number from -1000000 to 1000000, not NaN\n",
        "error: `min` and `max` must be numbers, not inf\n",
        "error: weight 1e300 is larger than 1000000\n",
        "error: the knowledge base did not load: 3 errors\n",
    ] {
        assert!(ran.stderr.contains(message), "{message}\n{}", ran.stderr);
    }
}

/// A copy of the mini knowledge base with one more file.
fn mini_with(name: &str, text: &str) -> tempfile::TempDir {
    let kb = mini_copy();
    std::fs::write(kb.path().join(name), text).unwrap();
    kb
}

#[test]
fn d7_verify_ends_with_could_not_decide_on_hostile_knowledge_bases() {
    // Weights whose sums are all distinct: the partial sums double with each rule.
    let mut weights = String::from("findings:\n");
    let mut rules = String::from("rules:\n");
    for i in 0..30 {
        weights += &format!("  - {{id: w{i}, question: w{i}?}}\n");
        rules += &format!(
            "  - {{id: e{i}, when: w{i}, then: [{{supports: sciatica, weight: {:?}}}], sources: \
             [seed-000]}}\n",
            2f64.powi(i) / 2f64.powi(20)
        );
    }
    let invariant = "invariants:\n  - {id: inv_w, description: w, when: saddle_numbness, \
                     at_least: emergency, lists_cause: sciatica}\n";
    let sums = mini_with("w.yaml", &(weights + &rules + invariant));
    // A cycle of 300 concepts, each with a red flag.
    let n = 300;
    let mut text = String::from("findings:\n");
    for i in 0..n {
        text += &format!("  - {{id: rf{i}, question: rf{i}?, red_flag: true}}\n");
    }
    text += "concepts:\n";
    for i in 0..n {
        text += &format!("  - {{id: k{i}, description: k{i}}}\n");
    }
    text += "rules:\n";
    for i in 0..n {
        let (before, after) = ((i + n - 1) % n, (i + 1) % n);
        text += &format!(
            "  - {{id: d{i}, when: {{any: [rf{i}, k{before}]}}, then: [{{derive: k{i}}}], \
             sources: [seed-000]}}\n  - {{id: u{i}, when: {{all: [k{i}, rf{after}]}}, then: \
             [{{urgency: urgent, reason: r}}], sources: [seed-000]}}\n"
        );
    }
    let cycle = mini_with("c.yaml", &text);
    let expected = [
        (
            &sums,
            "UNDECIDED inv_w: w\n         ",
            "         4 checks after it not reached\n0 of 1 invariant proven; 0 of 2 red flags \
             proven monotone, 0 of 2 with \"not sure\" examined; UNDECIDED: verify stopped \
             before deciding 5 checks\n",
            "error: invariant `inv_w`: could not decide within verify's limits whether \
             `sciatica` is listed: the evidence adds up in more than 200000 ways (partial sums)\n",
        ),
        (
            &cycle,
            "UNDECIDED red flag rf0: answering it present never lowers the urgency\n         ",
            "         603 checks after it not reached\nno invariants declared (add them under \
             `invariants:`); 0 of 302 red flags proven monotone, 0 of 302 with \"not sure\" \
             examined; UNDECIDED: verify stopped before deciding 604 checks\n",
            "error: could not decide whether red flag `rf0` is monotone within 200000 gates in \
             its encoding (the limit of `triage verify`), so the checks after it were not run: \
             make the rules it reads simpler (fewer concepts on a cycle, fewer distinct weights \
             for one cause)\n",
        ),
    ];
    for (kb, stdout, rest, stderr) in expected {
        let rules = kb.path().display().to_string();
        let ran = run_within(
            &["--rules", &rules, "verify"],
            Vec::new(),
            Duration::from_secs(120),
        );
        assert_eq!(ran.status, Some(1), "{}", ran.stderr);
        assert_eq!(ran.stderr, stderr);
        // The verdicts reached stand (none here: each stops on its first check), then the
        // check it stopped on, with how many were never started.
        let why = stderr.strip_prefix("error: ").unwrap();
        assert_eq!(
            ran.stdout,
            format!("Knowledge base: {rules} (mini 0.1.0)\n{stdout}{why}{rest}")
        );
    }
}

#[test]
fn d15_messages_speak_of_yaml_and_triage_not_of_the_libraries() {
    let cases = [
        (
            "multi.yaml",
            "rules: []\n---\nrules: []\n",
            "the file holds more than one YAML document (a `---` line between them); a file is one document",
            ":3:1",
        ),
        (
            "rec.yaml",
            "rules: &a [*a]\n",
            "an alias (`*name`) refers to a value it is part of; a value can't contain itself",
            ":1:12",
        ),
        (
            "empty.yaml",
            "---\n# nothing yet\n",
            "the file holds no YAML, only comments or document markers (`---`)",
            ":1:4",
        ),
        (
            "big.yaml",
            "rules:\n  - {id: x, salience: 1e12, when: fever, then: [{advice: a}]}\n",
            "expected a whole number here",
            ":2:23",
        ),
    ];
    for (name, text, message, at) in cases {
        let kb = mini_with(name, text);
        let ran = Test::new()
            .rules(kb.path())
            .args(&["check"])
            .status(1)
            .run();
        let expected = format!(
            "error: {message}\n --> {}{at}\n",
            kb.path().join(name).display()
        );
        assert!(
            ran.stderr.starts_with(&expected),
            "{expected}\n{}",
            ran.stderr
        );
    }
    Test::new()
        .args(&["check"])
        .env("TRIAGE_RULES", "")
        .status(2)
        .stdout("")
        .stderr("error: the environment variable TRIAGE_RULES is set but empty; set it to a rules folder, \
             or unset it to use the nearest rules/ folder or the built-in knowledge base\n")
        .run();
    Test::new()
        .rules(&mini())
        .args(&["explain", "--why-not", "fever"])
        .status(1)
        .stdout("")
        .stderr(
            "error: `fever` is a finding, not a cause; `--why-not` takes a cause (`triage list \
             causes` lists them)\n",
        )
        .run();
    // A huge value is not repeated whole.
    let huge = "x".repeat(15 << 20);
    let ran = run_within(
        &[
            "--rules",
            &mini().display().to_string(),
            "assess",
            "--answers",
            "-",
        ],
        format!("findings: {{back_pain: {huge}}}\n").into_bytes(),
        Duration::from_secs(30),
    );
    assert_eq!(ran.status, Some(1));
    let shown = format!("{}… ({} characters in all)", "x".repeat(80), 15 << 20);
    assert!(
        ran.stderr.starts_with(&format!(
            "error: `back_pain` is answered present, absent or unknown, not `{shown}`\n"
        )),
        "{}",
        &ran.stderr[..ran.stderr.len().min(400)]
    );
    assert!(ran.stderr.len() < 2000, "{} bytes", ran.stderr.len());
}

#[test]
fn d16_control_characters_in_input_are_escaped_on_standard_error() {
    Test::new()
        .rules(&mini())
        .args(&["assess", "--yes", "\u{1b}]0;X\u{7}"])
        .status(1)
        .stdout("")
        .stderr(
            "error: unknown finding `\\u001b]0;X\\u0007`; `triage list findings` shows them all \
             (in --yes)\n",
        )
        .run();
    let ran = Test::new()
        .rules(&mini())
        .args(&["assess", "--answers", "-"])
        .stdin("findings: {\"\\e[2Jfever\": present}\n")
        .status(1)
        .stdout("")
        .run();
    assert!(
        ran.stderr
            .starts_with("error: unknown finding `\\u001b[2Jfever`\n"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains('\u{1b}'), "{}", ran.stderr);
}
