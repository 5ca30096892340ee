//! The conventions of fd, ripgrep and just: shell completions and a man page generated from the
//! command-line definition, `ask` first, global options apart, and no option a command ignores.

use crate::harness::{Test, mini};

#[test]
fn completions_are_generated_for_every_shell() {
    // Each script hooks the shell to the binary itself, which completes ids as well as flags.
    for (shell, start) in [
        ("bash", "\n_clap_complete_triage() {"),
        ("zsh", "#compdef triage"),
        ("fish", "complete --keep-order --exclusive --command triage"),
        (
            "powershell",
            "\nRegister-ArgumentCompleter -Native -CommandName triage",
        ),
        ("elvish", "\nset edit:completion:arg-completer[triage]"),
    ] {
        let ran = Test::new().args(&["completions", shell]).stderr("").run();
        assert!(ran.stdout.starts_with(start), "{shell}:\n{}", ran.stdout);
        assert!(ran.stdout.contains("COMPLETE"), "{shell}");
    }
    Test::new()
        .args(&["completions", "tcsh"])
        .status(2)
        .stdout("")
        .run();
}

#[test]
fn the_man_page_is_one_whole_page_with_exit_status_environment_and_examples() {
    let ran = Test::new().args(&["man"]).stderr("").run();
    let page = &ran.stdout;
    assert!(page.starts_with(".TH TRIAGE 1 "), "{page}");
    for section in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "COMMANDS",
        "GLOBAL OPTIONS",
        "EXIT STATUS",
        "ENVIRONMENT",
        "EXAMPLES",
    ] {
        assert!(page.contains(&format!(".SH \"{section}\"\n")), "{section}");
    }
    // Each command in the synopsis, as it is typed, with the values of its options; and no
    // page is pointed at that is not there.
    assert!(page.contains(
        "\\fBtriage ask\\fR [\\-\\-rules DIR] [\\-\\-format text|json|summary|fhir] [\\-\\-details] [\\-\\-max\\-questions N]"
    ), "{page}");
    assert!(page.contains("[\\-\\-sex female|male]"));
    assert!(page.contains(".SS \"triage ask\"\n"));
    assert!(page.contains(".B TRIAGE_RULES\n"));
    assert!(!page.contains("triage-ask"), "{page}");
    assert!(page.contains("\\-\\-why\\-not CAUSE"));
    // groff reads it without a warning, where groff is installed.
    if let Ok(mut groff) = std::process::Command::new("groff")
        .args(["-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        groff
            .stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let output = groff.wait_with_output().unwrap();
        assert!(output.status.success());
        assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    }
}

#[test]
fn ask_comes_first_and_global_options_are_apart() {
    let ran = Test::new().args(&["--help"]).run();
    let commands = ran.stdout.split_once("Commands:\n").unwrap().1;
    assert!(commands.starts_with("  ask "), "{}", ran.stdout);
    let ran = Test::new().args(&["check", "--help"]).run();
    let (own, global) = ran.stdout.split_once("Global options:\n").unwrap();
    assert!(own.contains("--deny") && !own.contains("--rules") && !own.contains("--color"));
    assert!(global.contains("--rules <DIR>") && global.contains("--color <WHEN>"));
}

#[test]
fn rules_go_before_or_after_the_command_but_only_to_commands_that_read_them() {
    let rules = mini().display().to_string();
    for args in [
        vec!["--rules", &rules, "list", "causes"],
        vec!["list", "causes", "--rules", &rules],
    ] {
        Test::new()
            .args(&args)
            .stdout("sciatica       Sciatica\nmuscle_strain  Muscle strain\n")
            .run();
    }
    for command in [
        &["schema", "report"][..],
        &["completions", "bash"],
        &["man"],
    ] {
        let ran = Test::new()
            .args(command)
            .args(&["--rules", &rules])
            .status(2)
            .stdout("")
            .run();
        assert!(
            ran.stderr
                .starts_with("error: unexpected argument '--rules' found"),
            "{}",
            ran.stderr
        );
    }
}
