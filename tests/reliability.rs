//! Issue 14: what a hostile user or a careless deployment does must end promptly, with a
//! clear message or a correct result: no hang, abort, silent skip, false proof or lost answer.

use crate::harness::{Test, mini, mini_copy};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a run printed, and how it ended (`None`: killed after the time limit).
struct Outcome {
    status: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs the binary with `input` on standard input, killed after `limit`.
fn run_within(args: &[&str], input: Vec<u8>, limit: Duration) -> Outcome {
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args(args)
        .env_remove("TRIAGE_RULES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
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
    let refused = |args: &[&str], what: &str| {
        Test::new()
            .rules(kb.path())
            .args(args)
            .status(1)
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
    let stopped = "line 2 is longer than 1 MiB: the input is not JSON Lines (one case per \
                   line, each ended by a line feed); the batch stopped there";
    let mut endless = b"{}\n".to_vec();
    endless.extend(b"{}\r".repeat(600_000));
    for input in [endless, [b"{}\n".as_slice(), &vec![0u8; 3 << 20]].concat()] {
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
                "error: the answers on standard input are empty; give at least `{}` to assess \
                 with nothing known\n",
            )
            .run();
    }
}

#[test]
fn d14_each_result_is_written_as_soon_as_its_case_is_done() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_triage"))
        .args([
            "--rules",
            &mini().display().to_string(),
            "assess",
            "--batch",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
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
