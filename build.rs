//! Embeds the shipped knowledge base (rules/*.yaml) and its scenarios (rules/tests/*.yaml) in
//! the binary, so `triage` works from any directory without the repository.
//!
//! The rules are also compiled here, with the library's own `kb` modules, and embedded in
//! compiled form (src/kb/image.rs): parsing and validating them dominated a one-shot run.
//! The YAML stays for `triage check` and the other commands whose messages point into it; if
//! the rules do not compile, nothing compiled is embedded and the YAML path reports why.

// The library's modules, of which the build uses only the compiler.
#![allow(dead_code, unused_imports)]

#[path = "src/condition.rs"]
mod condition;
#[path = "src/diagnostic.rs"]
mod diagnostic;
#[path = "src/error.rs"]
mod error;
#[path = "src/kb/mod.rs"]
mod kb;
#[path = "src/style.rs"]
mod style;
#[path = "src/suggest.rs"]
mod suggest;

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

/// The rules compiled, encoded by `kb::image`; empty if any file is not valid YAML or the
/// rules do not compile. They are read as the library once read its embedded JSON copy of
/// them: through JSON, so that nothing carries a location.
fn compiled(files: &[(String, String)], locales: &[(String, String)]) -> Vec<u8> {
    let mut sources = Vec::new();
    let mut raws = Vec::new();
    let mut locale_nodes = Vec::new();
    for (index, (name, path)) in files.iter().enumerate() {
        let Some(json) = fs::read_to_string(path).ok().and_then(|text| {
            let options = serde_saphyr::options! { strict_booleans: true };
            serde_saphyr::from_str_with_options::<serde_json::Value>(&text, options).ok()
        }) else {
            return Vec::new();
        };
        let Ok(raw) = serde_json::from_str::<kb::raw::RawFile>(&json.to_string()) else {
            return Vec::new();
        };
        sources.push(diagnostic::SourceFile {
            name: format!("rules/{name}"),
            text: String::new(),
        });
        raws.push((index, raw));
    }
    // The translations, after the rules (as the loader keeps them).
    for (name, path) in locales {
        let Some(json) = fs::read_to_string(path).ok().and_then(|text| {
            let options = serde_saphyr::options! { strict_booleans: true };
            serde_saphyr::from_str_with_options::<serde_json::Value>(&text, options).ok()
        }) else {
            return Vec::new();
        };
        let Ok(node) = serde_json::from_str(&json.to_string()) else {
            return Vec::new();
        };
        locale_nodes.push((sources.len(), node));
        sources.push(diagnostic::SourceFile {
            name: format!("rules/locales/{name}"),
            text: String::new(),
        });
    }
    kb::image::compile_to_image(sources, raws, locale_nodes).unwrap_or_default()
}

/// Release builds of the binary place the functions a one-shot run executes side by side
/// (link/symbol-order.txt, written by bench/layout.py): the kernel maps code 64 KiB at a time
/// around each page first touched, so scattered, they kept most of the code resident. Only
/// where the linker is known to be lld, which reads the list: Rust 1.90 and later link
/// x86_64 Linux with it unless told otherwise.
fn symbol_order() {
    let order = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("link/symbol-order.txt");
    println!("cargo::rerun-if-changed={}", order.display());
    println!("cargo::rerun-if-env-changed=TRIAGE_NO_SYMBOL_ORDER");
    let var = |name: &str| env::var(name).unwrap_or_default();
    let rustc_minor = std::process::Command::new(var("RUSTC"))
        .arg("--version")
        .output()
        .ok()
        .and_then(|out| {
            let text = String::from_utf8(out.stdout).ok()?;
            let version = text.split_whitespace().nth(1)?;
            version.split('.').nth(1)?.parse::<u32>().ok()
        })
        .unwrap_or(0);
    let lld = var("TARGET") == "x86_64-unknown-linux-gnu"
        && rustc_minor >= 90
        && env::var_os("RUSTC_LINKER").is_none()
        && !var("CARGO_ENCODED_RUSTFLAGS").contains("link");
    if lld
        && var("PROFILE") == "release"
        && env::var_os("TRIAGE_NO_SYMBOL_ORDER").is_none()
        && order.is_file()
    {
        println!(
            "cargo::rustc-link-arg-bins=-Wl,--symbol-ordering-file={},--no-warn-symbol-ordering",
            order.display()
        );
    }
}

/// The program's own words in each language: one folder per language under locales/, each
/// holding triage.ftl (Fluent). Adding a language is adding a folder; the table lists them
/// sorted by code.
fn locales() -> String {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("locales");
    println!("cargo::rerun-if-changed=locales");
    let mut found: Vec<(String, String)> = fs::read_dir(&root)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|entry| entry.path().join("triage.ftl"))
                .filter(|file| file.is_file())
                .map(|file| {
                    let code = file.parent().unwrap().file_name().unwrap();
                    (
                        code.to_string_lossy().into_owned(),
                        file.canonicalize().unwrap().display().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    let mut out = format!(
        "/// (language code, its triage.ftl, where each message is written in it: its id, first \
         and last byte, sorted by id), sorted by code.\n\
         pub static LOCALES: [Locale; {}] = [\n",
        found.len()
    );
    for (code, path) in &found {
        let mut entries = message_entries(&fs::read_to_string(path).unwrap());
        entries.sort();
        let _ = write!(out, "    ({code:?}, include_str!({path:?}), &[");
        for (id, start, end) in entries {
            let _ = write!(out, "({id:?}, {start}, {end}), ");
        }
        out.push_str("]),\n");
    }
    out.push_str("];\n");
    out
}

/// The messages of a Fluent file, each as its id and the bytes of its lines: a message begins
/// at a line that starts with its id and `=`, and goes on over the lines that are indented or
/// blank (Fluent continues a pattern only on indented lines); a comment (`#`) ends it. The
/// program parses each message on its own, when it is first said (src/i18n/mod.rs).
fn message_entries(source: &str) -> Vec<(String, usize, usize)> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        if line.starts_with(|c: char| c.is_ascii_alphabetic() || c == '#') {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts.push(source.len());
    starts
        .windows(2)
        .filter_map(|w| {
            let (id, _) = source[w[0]..w[1]].split_once('=')?;
            let id = id.trim_end();
            let is_id = id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            is_id.then(|| (id.to_string(), w[0], w[1]))
        })
        .collect()
}

fn main() {
    symbol_order();
    let out = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    fs::write(out.join("locales.rs"), locales()).unwrap();
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("rules");
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rustc-cfg=embedded_rules");
    let rules = yaml_files(&root);
    let locales = yaml_files(&root.join("locales"));
    let out_dir = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    let blob = out_dir.join("builtin.kb");
    fs::write(&blob, compiled(&rules, &locales)).unwrap();
    let code = table("BUILTIN_FILES", "rules/", &rules)
        + &table("BUILTIN_LOCALES", "rules/locales/", &locales)
        + &table(
            "BUILTIN_SCENARIOS",
            "rules/tests/",
            &yaml_files(&root.join("tests")),
        )
        + &format!(
            "pub static BUILTIN_COMPILED: &[u8] = include_bytes!({:?});\n",
            blob.display().to_string()
        );
    fs::write(out_dir.join("builtin_rules.rs"), code).unwrap();
}
