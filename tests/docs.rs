//! The documentation is true to the tool: every `triage ...` command written in the README,
//! rules/README.md or docs/ (in a code span or a shell example) is one the command line accepts.
//! Placeholders read as values (`FILE`, `DIR`), `[optional]` parts are kept, and of `a|b`
//! alternatives the first is taken.

use std::path::Path;

/// Every command in `text`: code spans (which may wrap onto the next line) and the lines of
/// ```sh / ```console blocks that start with `triage ` (or `$ triage `).
fn commands(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut fence: Option<bool> = None;
    // Prose with an open code span waits for the next line.
    let mut pending: Option<(usize, String)> = None;
    for (number, line) in text.lines().enumerate() {
        let number = number + 1;
        if let Some(info) = line.trim_start().strip_prefix("```") {
            fence = match fence {
                Some(_) => None,
                None => Some(matches!(info.trim(), "sh" | "console" | "bash")),
            };
            pending = None;
            continue;
        }
        match fence {
            Some(true) => {
                let line = line.trim_start().trim_start_matches("$ ");
                if line.starts_with("triage ") {
                    found.push((number, line.to_string()));
                }
            }
            Some(false) => {}
            None => {
                let (start, prose) = match pending.take() {
                    Some((start, before)) => (start, format!("{before} {}", line.trim())),
                    None => (number, line.to_string()),
                };
                if prose.matches('`').count() % 2 == 1 {
                    pending = Some((start, prose));
                    continue;
                }
                for (i, span) in prose.split('`').enumerate() {
                    if i % 2 == 1 && span.starts_with("triage ") {
                        found.push((start, span.to_string()));
                    }
                }
            }
        }
    }
    found
}

/// The words clap would get: up to a pipe, redirection or comment, brackets dropped, first
/// alternatives taken.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in command.split_whitespace() {
        if matches!(word, "|" | "\\|" | ">" | ">>" | "#" | "&&" | "<") || word.starts_with('>') {
            break;
        }
        let word = word.replace(['[', ']', '"'], "");
        let word = word.trim_end_matches("...").trim_end_matches('…');
        let word = word.split('|').next().unwrap_or_default();
        let word = word.split(",ID").next().unwrap_or_default();
        if word.is_empty() {
            continue;
        }
        // Placeholders that stand for a value of a kind the parser checks.
        out.push(match word {
            "COMMAND" => "ask".to_string(),
            "PERCENT" | "N" => "1".to_string(),
            "ANSWERS" => continue,
            _ => word.to_string(),
        });
    }
    out
}

#[test]
fn every_triage_command_in_the_docs_is_one_the_tool_accepts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md"), root.join("rules/README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            files.push(path);
        }
    }
    let mut checked = 0;
    let mut problems = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (line, command) in commands(&text) {
            checked += 1;
            let words = words(&command);
            if let Err(error) = <triage::cli::Cli as clap::Parser>::try_parse_from(&words) {
                use clap::error::ErrorKind;
                // `triage list` or `triage assess --answers` in prose names a command or a
                // flag; only a word the tool does not know is wrong there.
                let reference =
                    words.len() <= 2 || words.last().is_some_and(|w| w.starts_with("--"));
                let missing = matches!(
                    error.kind(),
                    ErrorKind::MissingRequiredArgument | ErrorKind::InvalidValue
                );
                let shown = matches!(
                    error.kind(),
                    ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
                );
                if !(shown || reference && missing) {
                    let name = file.strip_prefix(root).unwrap().display();
                    problems.push(format!("{name}:{line}: `{command}`: {}", error.kind()));
                }
            }
        }
    }
    assert!(checked > 50, "only {checked} commands found");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_docs_check_catches_a_command_that_does_not_exist() {
    // rules/README.md once pointed at `triage list sources`.
    let found = commands("See `triage list sources` and\n`triage schema\n--rules DIR`.\n");
    assert_eq!(found.len(), 2);
    for (_, command) in found {
        assert!(<triage::cli::Cli as clap::Parser>::try_parse_from(words(&command)).is_err());
    }
}

#[test]
fn the_format_guide_cites_only_sources_its_example_declares() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/kb-format.md"))
            .unwrap();
    let metadata = text
        .split("  sources:")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let declared: Vec<&str> = metadata
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id: "))
        .collect();
    assert!(declared.len() >= 2, "{declared:?}");
    let mut cited = 0;
    for line in text.lines() {
        let Some(list) = line.trim().strip_prefix("sources: [") else {
            continue;
        };
        for citation in list.split(']').next().unwrap().split(", ") {
            let id = citation.trim_matches('"').split(':').next().unwrap();
            assert!(
                declared.contains(&id),
                "`{id}` is cited but not declared in {declared:?}"
            );
            cited += 1;
        }
    }
    assert!(cited >= 3);
}
