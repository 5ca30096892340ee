//! Issue 23, the third reliability sweep: the knowledge base judged by what its entries mean
//! (levels by id and `emergency:`, every YAML file by its name in any case), the interview's
//! reach proven, batch lines reported one by one, and nothing from the input reaching the
//! terminal raw.

use crate::harness::{Test, mini_copy};

/// `triage --rules DIR ARGS` expected to succeed; its standard output.
fn stdout_of(rules: &std::path::Path, args: &[&str]) -> String {
    Test::new().rules(rules).args(args).run().stdout
}

#[test]
fn d5_a_yaml_file_is_read_whatever_the_case_of_its_name() {
    let kb = mini_copy();
    let summary = "mini 0.1.0: 3 files, 3 levels, 6 findings, 1 concepts, 2 causes, 6 rules";
    for name in ["rules.YAML", "rules.Yml", ".yaml"] {
        let (from, to) = (kb.path().join("rules.yaml"), kb.path().join(name));
        std::fs::rename(&from, &to).unwrap();
        let out = stdout_of(kb.path(), &["check"]);
        assert!(out.contains(summary), "{name}: {out}");
        let out = stdout_of(kb.path(), &["assess", "--yes", "saddle_numbness"]);
        assert!(out.starts_with("EMERGENCY"), "{name}: {out}");
        std::fs::rename(&to, &from).unwrap();
    }
}

#[test]
fn d18_a_folder_of_rules_or_scenarios_has_a_total_size_bound() {
    // Five files of 14 MB, each under the bound of one file: sparse, so the test writes
    // nothing, and refused from their sizes before any is read.
    let kb = mini_copy();
    let sparse = |dir: &std::path::Path| {
        for i in 0..5 {
            let file = std::fs::File::create(dir.join(format!("big{i}.yaml"))).unwrap();
            file.set_len(14 << 20).unwrap();
        }
    };
    sparse(&kb.path().join("tests"));
    Test::new()
        .rules(kb.path())
        .args(&["test"])
        .status(1)
        .stdout("")
        .stderr(&format!(
            "error: the `.yaml` files of `{}` are too large: a folder of rules or scenarios \
             holds at most 64 MB of them in all\n",
            kb.path().join("tests").display()
        ))
        .run();
    sparse(kb.path());
    Test::new()
        .rules(kb.path())
        .args(&["check"])
        .status(1)
        .stdout("")
        .stderr(&format!(
            "error: the `.yaml` files of `{}` are too large: a folder of rules or scenarios \
             holds at most 64 MB of them in all\n",
            kb.path().display()
        ))
        .run();
}

#[test]
fn d14_graph_keeps_ids_apart_that_differ_only_by_dash_and_underscore() {
    let kb = mini_copy();
    let findings = kb.path().join("findings.yaml");
    let text = std::fs::read_to_string(&findings).unwrap().replace(
        "findings:\n",
        "findings:\n  - id: saddle-numbness\n    question: Numb saddle?\n    help: A look-alike id.\n",
    );
    std::fs::write(&findings, text).unwrap();
    let rules = kb.path().join("rules.yaml");
    let text = std::fs::read_to_string(&rules).unwrap().replace(
        "rules:\n",
        "rules:\n  - id: look-alike\n    description: d\n    when: saddle-numbness\n    then:\n      - supports: sciatica\n        weight: 1\n    sources: [seed-000]\n",
    );
    std::fs::write(&rules, text).unwrap();
    let mermaid = stdout_of(kb.path(), &["graph", "--format", "mermaid"]);
    // Every node is declared once under a name of its own, and the red-flag class names only
    // the red flag.
    let mut names: Vec<&str> = mermaid
        .lines()
        .filter(|l| l.contains("([\"") || l.contains("[\"") || l.contains("(\""))
        .filter_map(|l| l.trim().split(['(', '[', '{']).next())
        .collect();
    let declared = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), declared, "{mermaid}");
    assert!(
        mermaid.contains("  f_saddleHnumbness([\"saddle-numbness\"])\n"),
        "{mermaid}"
    );
    assert!(
        mermaid.contains("  f_saddleHnumbness --> r_lookHalike\n"),
        "{mermaid}"
    );
    let red = mermaid
        .lines()
        .find(|l| l.ends_with(" redflag") && l.starts_with("  class "))
        .unwrap();
    assert_eq!(
        red, "  class f_fever,f_saddle_numbness redflag",
        "{mermaid}"
    );
    let dot = stdout_of(kb.path(), &["graph"]);
    assert!(
        dot.contains("\"f_saddleHnumbness\" [label=\"saddle-numbness\", shape=\"ellipse\", fillcolor=\"#e8f0fe\"];"),
        "{dot}"
    );
}
