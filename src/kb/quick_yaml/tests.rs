//! The quick path must read every document it accepts exactly as serde-saphyr does, locations
//! included: these compare the two on real files and on thousands of variations of them.

use super::parse;
use crate::diagnostic::SourceFile;
use crate::kb::node::Node;
use crate::kb::parse_yaml;
use crate::kb::raw::RawFile;
use serde_saphyr::Spanned;
use std::path::Path;

fn saphyr<T: serde::de::DeserializeOwned>(text: &str) -> Option<T> {
    let file = SourceFile {
        name: "test.yaml".into(),
        text: text.into(),
    };
    parse_yaml(&file, 0).ok()
}

/// Same reading, or the quick path gave up. Returns whether it read the text.
fn agree<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> bool {
    let Some(quick) = parse::<T>(text) else {
        return false;
    };
    match saphyr::<T>(text) {
        Some(slow) => {
            let (quick, slow) = (format!("{quick:#?}"), format!("{slow:#?}"));
            if let Some((a, b)) = quick.lines().zip(slow.lines()).find(|(a, b)| a != b) {
                panic!("the quick path read this differently ({a} vs {b}):\n{text}\n{quick}");
            }
            assert_eq!(quick, slow, "the quick path read this differently:\n{text}");
        }
        None => panic!("the quick path read what serde-saphyr refuses:\n{text}"),
    }
    true
}

fn fixture_texts() -> Vec<String> {
    let mut texts: Vec<String> = crate::kb::BUILTIN_FILES
        .iter()
        .map(|(_, text)| text.to_string())
        .collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for dir in ["mini", "clinic", "lints"] {
        for file in crate::kb::yaml_files_in(&root.join(dir), "read").unwrap() {
            texts.push(file.text);
        }
    }
    texts
}

#[test]
fn synthetic_files_read_quickly_and_the_same_as_shipped_and_fixture_files() {
    let synthetic = crate::synth::generate(crate::synth::Config {
        rules: 300,
        cases: 0,
        seed: 7,
    });
    for (name, text) in &synthetic.files {
        assert!(agree::<RawFile>(text), "{name} left the quick path");
        agree::<Spanned<Node>>(text);
    }
    for text in fixture_texts() {
        agree::<RawFile>(&text);
        agree::<Spanned<Node>>(&text);
    }
}

#[test]
fn snippets_read_the_same_or_not_at_all() {
    let snippets = [
        "a: 1\nbb: \"x y\"\nc: [p, 'q', {r: s}]\n",
        "d:\n  - e: -2.5\n    f: yes\n  - null\n  - ~\n",
        "when: {all: [f000003, {age: {at_least: 40}}]}\n",
        "g: y\nh: no\ni: True\nj: 007\nk: 1e3\nl: é x\nm: x # comment\nn: 2026-11-26\n",
        "a: 'it''s'\nb: \"say \\\"hi\\\" \\\\ \\n\"\nc: \"\\u00e9\"\n",
        "# head\n\nlist:\n- a\n- b   \n# mid\nnext: {}\nempty: []\n",
        "a:   spaced   # c\nb: x:y\nc: http://x.org/a#b\nd: a,b\ne: -x\nf: .5\ng: +5\n",
        "  indented: 1\n  more: 2\n",
        "- a\n- - b\n",
        "a:\n  b:\n    c: [1, 2.5, -3, 0, 10]\n",
        "a: [x, y,]\nb: {c: d,}\n",
        "a: x\n  y\n",
        "a: 'multi\n  line'\n",
        "a: &x 1\nb: *x\n",
        "a: !tag x\n",
        "a: |\n  text\n",
        "a: 1\na: 2\n",
        "---\na: 1\n",
        "a:\n",
        "a: {b: 1, b: 2}\n",
        "a: [b, c]: d\n",
        "a: b: c\n",
        "a:\tb\n",
        "? a\n: b\n",
        "true: 1\nnull: 2\n",
        "a: NaN\nb: .inf\nc: 0x10\nd: 1_000\ne: 0o7\n",
        "a: ü\nb: [ü, é]\nc: {ü: 1}\n",
        "\u{feff}a: 1\n",
        "a: 1\r\nb: 2\r\n",
        "a: 1",
        "a: -\n",
        "a: 99999999999999999999\n",
        "a: 1.7976931348623157\n",
        "rules:\n  - id: x\n    when: f\n    then:\n      - derive: k\n",
        "rules:\n- id: x\n  then:\n  - derive: k\nother: 1\n",
        "a:\n-   b\n-  c\nd:\n  -   e\n  -  f\n",
        "a:\n-   b: 1\n    c: 2\nd:\n  -   e: 1\n      f: 2\n",
    ];
    for snippet in snippets {
        agree::<Spanned<Node>>(snippet);
        agree::<RawFile>(snippet);
    }
}

/// A few thousand small edits of real files (a YAML-significant character inserted, replaced
/// or removed): whatever the quick path still reads, it reads as serde-saphyr does.
#[test]
fn edited_files_read_the_same_or_not_at_all() {
    let pieces = [
        " ", "\n", "- ", ":", ": ", "#", " #", "'", "\"", "{", "}", "[", "]", ",", "a", "0", "1.5",
        "é", "\t", "&a ", "*a", "!", "|", ">", "?", "%", "\\", "~", "null", "true", "yes", "  ",
        "\n  ", "\n- ", "x: y", "{a: b}", "-1",
    ];
    // Two shipped files by name (not the first two of the folder, which change as files are
    // added): the causes' prose and the evidence rules' conditions.
    let mut texts: Vec<String> = crate::kb::BUILTIN_FILES
        .iter()
        .filter(|(name, _)| name.ends_with("causes.yaml") || name.ends_with("evidence.yaml"))
        .map(|(_, text)| text.to_string())
        .collect();
    let mini = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini");
    for file in crate::kb::yaml_files_in(&mini, "read").unwrap() {
        texts.push(file.text);
    }
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let (mut read, mut tried) = (0, 0);
    for text in &texts {
        // Edit near the start of large files, to keep serde-saphyr's share of the test short.
        let window: String = text.lines().take(60).collect::<Vec<_>>().join("\n") + "\n";
        for _ in 0..400 {
            let mut at = next(window.len());
            while !window.is_char_boundary(at) {
                at -= 1;
            }
            let mut edited = window.clone();
            match next(3) {
                0 => edited.insert_str(at, pieces[next(pieces.len())]),
                1 => {
                    let end = (at + 1..=edited.len())
                        .find(|&e| edited.is_char_boundary(e))
                        .unwrap_or(edited.len());
                    edited.replace_range(at..end, pieces[next(pieces.len())]);
                }
                _ => {
                    let end = (at + 1..=edited.len())
                        .find(|&e| edited.is_char_boundary(e))
                        .unwrap_or(edited.len());
                    edited.replace_range(at..end, "");
                }
            }
            tried += 1;
            read += usize::from(agree::<Spanned<Node>>(&edited));
            agree::<RawFile>(&edited);
        }
    }
    // Most edits keep the text within the quick path, so the comparison means something.
    assert!(
        read * 3 > tried,
        "only {read} of {tried} edits were read quickly"
    );
}
