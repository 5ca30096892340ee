//! Embeds the shipped knowledge base (rules/*.yaml) and its scenarios (rules/tests/*.yaml) in
//! the binary, so `triage` works from any directory without the repository.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn yaml_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.is_file()
                        && matches!(
                            path.extension().and_then(|e| e.to_str()),
                            Some("yaml" | "yml")
                        )
                })
                .map(|path| {
                    let name = path.file_name().unwrap().to_string_lossy().into_owned();
                    (name, path.canonicalize().unwrap().display().to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn table(name: &str, prefix: &str, files: &[(String, String)]) -> String {
    let mut out = format!("pub static {name}: &[(&str, &str)] = &[\n");
    for (file, path) in files {
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("{prefix}{file}"),
            path
        );
    }
    out.push_str("];\n");
    out
}

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo::rerun-if-changed=rules");
    let code = table("BUILTIN_FILES", "rules/", &yaml_files(&root))
        + &table(
            "BUILTIN_SCENARIOS",
            "rules/tests/",
            &yaml_files(&root.join("tests")),
        );
    let out = Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_rules.rs");
    fs::write(out, code).unwrap();
}
