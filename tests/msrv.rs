//! The minimum Rust version in Cargo.toml is true: no locked dependency asks for a newer one.
//! (Only one toolchain is installed where CI runs, so the version cannot be checked by building
//! with it; clippy's `incompatible_msrv` lint, on through `clippy::all`, checks that our own
//! code uses nothing of the standard library newer than it.)

fn version(text: &str) -> Vec<u64> {
    text.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

#[test]
fn no_locked_dependency_needs_a_newer_rust_than_the_stated_minimum() {
    let output = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "triage")
        .and_then(|p| p["rust_version"].as_str())
        .map(version)
        .unwrap();
    let newest = packages
        .iter()
        .filter_map(|p| Some((version(p["rust_version"].as_str()?), p["name"].as_str()?)))
        .max()
        .unwrap();
    assert!(
        newest.0 <= ours,
        "{} needs Rust {:?}, Cargo.toml says {:?}",
        newest.1,
        newest.0,
        ours
    );
    // And the stated minimum is not lower than needed: some dependency needs exactly it.
    assert_eq!(
        newest.0, ours,
        "the newest need is {} ({:?})",
        newest.1, newest.0
    );
}
