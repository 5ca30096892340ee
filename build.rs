//! Embeds the shipped knowledge base (rules/*.yaml) and its scenarios (rules/tests/*.yaml) in
//! the binary, so `triage` works from any directory without the repository.
//!
//! Each rules file is also embedded as JSON: parsing YAML dominated a one-shot run, and JSON
//! of the same content parses several times faster. The YAML stays for `triage check`, whose
//! messages point into it; a file that is not valid YAML gets no JSON, so the YAML path
//! reports it.

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

/// The file as JSON text, or an empty string when it is not valid YAML.
fn as_json(path: &str) -> String {
    let options = serde_saphyr::options! { strict_booleans: true };
    fs::read_to_string(path)
        .ok()
        .and_then(|text| {
            serde_saphyr::from_str_with_options::<serde_json::Value>(&text, options).ok()
        })
        .map(|value| value.to_string())
        .unwrap_or_default()
}

fn json_table(name: &str, prefix: &str, files: &[(String, String)], out_dir: &Path) -> String {
    let mut out = format!("pub static {name}: &[(&str, &str)] = &[\n");
    for (file, path) in files {
        let json = out_dir.join(format!("{file}.json"));
        fs::write(&json, as_json(path)).unwrap();
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("{prefix}{file}"),
            json.display().to_string()
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
    let out_dir = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    let code = code + &json_table("BUILTIN_JSON", "rules/", &yaml_files(&root), &out_dir);
    fs::write(out_dir.join("builtin_rules.rs"), code).unwrap();
}
