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
