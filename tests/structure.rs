//! The crate's modules import one another without a circle: each top-level module (src/x.rs
//! or src/x/) uses only modules below it, so each can be read, tested and changed from the
//! bottom up. The graph is read from the sources: every `crate::<module>` path outside test
//! code (`#[cfg(test)]` items and *tests.rs files).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// One module's uses of another: where, as file:line.
type Edges = BTreeMap<(String, String), Vec<String>>;

#[test]
fn the_modules_import_one_another_without_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let edges = module_graph(root);
    assert!(
        edges.keys().any(|(from, _)| from == "commands"),
        "no imports found: {edges:?}"
    );
    let circles = circles(&edges);
    let mut message = String::new();
    for circle in &circles {
        message.push_str(&format!("circle: {}\n", circle.join(", ")));
        for ((from, to), places) in &edges {
            if circle.contains(from) && circle.contains(to) {
                message.push_str(&format!("  {from} -> {to}: {}\n", places.join(", ")));
            }
        }
    }
    assert!(circles.is_empty(), "{message}");
}

#[test]
fn the_reader_finds_grouped_paths_and_skips_test_code_comments_and_strings() {
    let source = "use crate::{a, b::c, d::{e}};\n\
                  // crate::comment\n\
                  let s = \"crate::string\"; let c = '{';\n\
                  let r = r#\"crate::raw \"{\"#;\n\
                  #[cfg(test)]\n\
                  mod tests { fn f() { crate::tested::f(); } }\n\
                  #[cfg(test)]\n\
                  use crate::tested;\n\
                  fn g<'a>(x: &'a str) { crate::f::g(); }\n";
    let uses: Vec<(String, usize)> = crate_paths(source);
    assert_eq!(
        uses,
        [
            ("a".to_string(), 1),
            ("b".to_string(), 1),
            ("d".to_string(), 1),
            ("f".to_string(), 9)
        ]
    );
}

/// Every edge between two top-level modules, with the places that make it.
fn module_graph(root: &Path) -> Edges {
    let mut edges = Edges::new();
    for file in rust_files(&root.join("src")) {
        let relative = file.strip_prefix(root).unwrap();
        let mut parts = relative.iter().skip(1);
        let first = parts.next().unwrap().to_string_lossy();
        let module = first.strip_suffix(".rs").unwrap_or(&first).to_string();
        let name = relative.file_name().unwrap().to_string_lossy();
        // The crate root and the binary are not modules; test files are not the crate.
        if matches!(module.as_str(), "lib" | "main") || name.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for (to, line) in crate_paths(&text) {
            if to != module {
                let place = format!("{}:{line}", relative.display());
                edges.entry((module.clone(), to)).or_default().push(place);
            }
        }
    }
    edges
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The strongly connected components of more than one module, each sorted, in order.
fn circles(edges: &Edges) -> Vec<Vec<String>> {
    let mut next: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, to) in edges.keys() {
        next.entry(from).or_default().insert(to);
        next.entry(to).or_default();
    }
    let reach = |start: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start];
        while let Some(module) = stack.pop() {
            for &to in &next[module] {
                if seen.insert(to) {
                    stack.push(to);
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&str, BTreeSet<&str>> = next.keys().map(|&m| (m, reach(m))).collect();
    let mut circles: Vec<Vec<String>> = Vec::new();
    for (&module, reached) in &reaches {
        if circles.iter().any(|c| c.iter().any(|m| m == module)) {
            continue;
        }
        let circle: Vec<String> = reaches
            .keys()
            .filter(|&&other| {
                other == module || (reached.contains(other) && reaches[other].contains(module))
            })
            .map(|m| m.to_string())
            .collect();
        if circle.len() > 1 {
            circles.push(circle);
        }
    }
    circles
}

/// The first segment of each `crate::` path in Rust source, with its line, leaving out
/// comments, literals and items marked `#[cfg(test)]`.
fn crate_paths(source: &str) -> Vec<(String, usize)> {
    let code = without_test_items(&blank_comments_and_literals(source));
    let mut paths = Vec::new();
    let mut rest = code.as_str();
    let mut offset = 0;
    while let Some(at) = rest.find("crate::") {
        let before = code[..offset + at].chars().next_back();
        let start = offset + at + "crate::".len();
        offset = start;
        rest = &code[start..];
        // `$crate::` and `triage_crate::` are not this crate's paths.
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let line = code[..start].matches('\n').count() + 1;
        if let Some(group) = rest.strip_prefix('{') {
            for name in top_level_names(group) {
                paths.push((name, line));
            }
        } else {
            paths.push((identifier(rest), line));
        }
    }
    paths.retain(|(name, _)| !name.is_empty() && name != "self");
    paths
}

fn identifier(text: &str) -> String {
    text.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// The first segment of each path in a `{a, b::c, d::{e}}` group (`text` starts after `{`).
fn top_level_names(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut depth = 0;
    let mut expect_name = true;
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => expect_name = true,
            c if expect_name && depth == 0 && (c.is_alphanumeric() || c == '_') => {
                names.push(identifier(&text[index..]));
                expect_name = false;
            }
            _ => {}
        }
    }
    names
}

/// The source with comments, strings and character literals replaced by spaces (newlines
/// kept, so lines still count), so that braces and paths in them are not read as code.
fn blank_comments_and_literals(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |out: &mut String, c: char| out.push(if c == '\n' { '\n' } else { ' ' });
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
        } else if c == 'r'
            && matches!(next, Some('"' | '#'))
            && !chars[..i]
                .last()
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
        {
            // A raw string: r"...", r#"..."#, and so on.
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let body = i + 2 + hashes;
            let end = (body..chars.len())
                .find(|&j| chars[j..].starts_with(&close))
                .map_or(chars.len(), |j| j + close.len());
            for &skipped in &chars[i..end] {
                blank(&mut out, skipped);
            }
            i = end;
        } else if c == '"' {
            blank(&mut out, c);
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                let escaped = chars[i] == '\\';
                blank(&mut out, chars[i]);
                i += 1;
                if escaped && i < chars.len() {
                    blank(&mut out, chars[i]);
                    i += 1;
                }
            }
            if i < chars.len() {
                blank(&mut out, chars[i]);
                i += 1;
            }
        } else if c == '\'' {
            // A character literal ('x', '\n', '\u{7f}'), not a lifetime ('a).
            let end = if next == Some('\\') {
                (i + 2..chars.len()).find(|&j| chars[j] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    for &skipped in &chars[i..=end] {
                        blank(&mut out, skipped);
                    }
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Code (already without comments and literals) with each item marked `#[cfg(test)]` or
/// `#[cfg(all(test, ...))]` blanked: up to its `;`, or its closing brace.
fn without_test_items(code: &str) -> String {
    let mut out: Vec<char> = code.chars().collect();
    let text: String = out.iter().collect();
    let mut starts = Vec::new();
    for marker in ["#[cfg(test)]", "#[cfg(all(test,"] {
        starts.extend(text.match_indices(marker).map(|(at, _)| at));
    }
    for start in starts {
        let start = text[..start].chars().count();
        let mut depth = 0;
        let mut i = start;
        // Past the attribute itself.
        while i < out.len() && out[i] != ']' {
            i += 1;
        }
        while i < out.len() {
            match out[i] {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                ';' if depth == 0 => break,
                _ => {}
            }
            i += 1;
        }
        let end = i.min(out.len() - 1);
        for c in &mut out[start..=end] {
            if *c != '\n' {
                *c = ' ';
            }
        }
    }
    out.into_iter().collect()
}
