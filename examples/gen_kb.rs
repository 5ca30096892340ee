//! Writes a synthetic knowledge base of any size, reproducible from a seed, with cases to
//! assess and the same rule network for CLIPS (see `src/synth.rs` for its shape):
//!
//! ```sh
//! cargo run --release --example gen_kb -- --rules 10000 --cases 10000 --seed 1 --out target/synth/10k
//! triage --rules target/synth/10k/rules assess --batch target/synth/10k/cases.jsonl
//! ```
//!
//! The folder gets `rules/*.yaml` (a knowledge base for `--rules`), `cases.jsonl` (one answers
//! object per line, for `assess --batch`), `kb.clp` (the rules as CLIPS constructs) and
//! `cases.clp.txt` (per case, the facts to assert in CLIPS).
//!
//! With `--shipped`, it writes only `cases.jsonl`: the answers of the built-in knowledge base's
//! scenarios, repeated to `--cases` lines, for timing `assess --batch` on the shipped rules.

use std::path::PathBuf;
use triage::synth::{Config, generate};

fn main() {
    let mut config = Config {
        rules: 1000,
        cases: 1000,
        seed: 1,
    };
    let mut out = PathBuf::from("target/synth");
    let mut shipped = false;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .unwrap_or_else(|| usage(&format!("{flag} needs a value")))
        };
        match flag.as_str() {
            "--rules" => config.rules = number(&value()),
            "--cases" => config.cases = number(&value()),
            "--seed" => config.seed = number(&value()) as u64,
            "--out" => out = PathBuf::from(value()),
            "--shipped" => shipped = true,
            _ => usage(&format!("unknown argument `{flag}`")),
        }
    }
    if shipped {
        std::fs::create_dir_all(&out).unwrap_or_else(|e| fail(&out, e));
        write(&out.join("cases.jsonl"), &shipped_cases(config.cases));
        eprintln!(
            "wrote {} cases of the shipped scenarios to {}",
            config.cases,
            out.display()
        );
        return;
    }
    let synthetic = generate(config);
    let rules = out.join("rules");
    std::fs::create_dir_all(&rules).unwrap_or_else(|e| fail(&rules, e));
    for (name, text) in &synthetic.files {
        write(&rules.join(name), text);
    }
    let mut cases = synthetic.cases.join("\n");
    cases.push('\n');
    write(&out.join("cases.jsonl"), &cases);
    write(&out.join("kb.clp"), &synthetic.clips);
    let mut facts = synthetic.clips_cases.join("\n");
    facts.push('\n');
    write(&out.join("cases.clp.txt"), &facts);
    eprintln!(
        "wrote {} rules and {} cases (seed {}) to {}",
        config.rules,
        config.cases,
        config.seed,
        out.display()
    );
}

/// The shipped scenarios' answers, one JSON object a line, cycled to `count` lines.
fn shipped_cases(count: usize) -> String {
    use triage::kb::{KbSource, builtin_scenario_files, load};
    let kb = load(&KbSource::Builtin)
        .expect("the built-in rules load")
        .kb;
    let files = builtin_scenario_files();
    let suite = triage::scenario::Suite::parse(&kb, files).expect("the scenarios parse");
    let lines: Vec<String> = suite
        .scenarios
        .iter()
        .map(|s| s.answers.to_json(&kb).to_string())
        .collect();
    let mut out = String::new();
    for line in lines.iter().cycle().take(count) {
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn number(text: &str) -> usize {
    text.replace('_', "")
        .parse()
        .unwrap_or_else(|_| usage(&format!("`{text}` is not a whole number")))
}

fn write(path: &std::path::Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| fail(path, e));
}

fn fail(path: &std::path::Path, error: std::io::Error) -> ! {
    eprintln!("error: cannot write {}: {error}", path.display());
    std::process::exit(1)
}

fn usage(message: &str) -> ! {
    eprintln!(
        "error: {message}\nusage: gen_kb [--rules N] [--cases N] [--seed N] [--out DIR] [--shipped]"
    );
    std::process::exit(2)
}
