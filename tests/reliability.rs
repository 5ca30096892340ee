//! Issue 14: what a hostile user or a careless deployment does must end promptly, with a
//! clear message or a correct result: no hang, abort, silent skip, false proof or lost answer.

use crate::harness::{Test, mini_copy};

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
