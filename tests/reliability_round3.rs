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
