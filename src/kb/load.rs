//! Reading knowledge-base files: from the binary, or from a rules folder on disk.

use super::compile::compile;
use super::raw::RawFile;
use super::yaml_errors::{self, Explained, Said};
use super::{BUILTIN_COMPILED, BUILTIN_FILES, BUILTIN_LOCALES, BUILTIN_SCENARIOS, KnowledgeBase};
use crate::diagnostic::{Diagnostic, SourceFile, Span};
use crate::error::Error;
use crate::i18n::{Lang, txt};
use std::path::{Path, PathBuf};

/// Where the knowledge base comes from.
#[derive(Debug, Clone)]
pub enum KbSource {
    Builtin,
    Dir(PathBuf),
}

impl KbSource {
    /// The folder of scenario files that goes with this knowledge base.
    pub fn scenario_dir(&self) -> Option<PathBuf> {
        match self {
            KbSource::Builtin => None,
            KbSource::Dir(dir) => Some(dir.join("tests")),
        }
    }
}

/// A knowledge base that loaded, with the warnings found on the way (not the lints': see
/// `crate::lint`).
#[derive(Debug)]
pub struct Loaded {
    pub kb: KnowledgeBase,
    pub warnings: Vec<Diagnostic>,
}

/// Loads a knowledge base. The built-in one comes compiled with the binary (see image.rs),
/// which is quick; if that fails in any way, from its YAML, so that the problems are reported
/// with their locations.
///
/// A rules folder kept compiled (see cache.rs) comes without its files' texts, as the
/// built-in knowledge base does: only a hash of them is computed, reading each through a small
/// buffer. `load_located` keeps them. A folder that is the built-in knowledge base's own
/// sources needs no entry (`builtin_if_same`).
pub fn load(source: &KbSource) -> Result<Loaded, Error> {
    match source {
        KbSource::Builtin => match load_builtin_compiled() {
            Some(loaded) => Ok(loaded),
            None => load_located(source),
        },
        KbSource::Dir(dir) => match load_dir_kept(dir) {
            Some(loaded) => Ok(loaded),
            None => load_dir(dir),
        },
    }
}

/// Loads a rules folder compiled by an earlier run if its files are unchanged (see cache.rs),
/// else from its YAML, keeping the result for the next run; with its files' texts.
fn load_dir(dir: &Path) -> Result<Loaded, Error> {
    let rules = read_rules_dir(dir)?;
    let locales = read_locales_dir(dir)?;
    // The cache is keyed by every file, the translations' too (they are in `kb.files`).
    let names = rules.iter().chain(&locales).map(|f| f.name.as_str());
    let entry = super::cache::Entry::of(dir, names);
    let key = entry
        .as_ref()
        .map(|_| super::cache::key_of(rules.iter().chain(&locales)));
    if let (Some(entry), Some(key)) = (&entry, key)
        && let Some(mut loaded) = entry.read(key)
        && same_names(
            &loaded,
            rules.iter().chain(&locales).map(|f| f.name.as_str()),
        )
    {
        for (kept, read) in loaded
            .kb
            .files
            .iter_mut()
            .zip(rules.into_iter().chain(locales))
        {
            kept.text = read.text;
        }
        return Ok(loaded);
    }
    let mut loaded = load_sources(rules, locales)?;
    if let (Some(entry), Some(key)) = (entry, key) {
        entry.write(&mut loaded, key);
    }
    Ok(loaded)
}

/// A rules folder as an earlier run compiled it, without its files' texts, if its files are
/// unchanged; `None` for anything else, which `load_dir` then reads (and reports) in full.
fn load_dir_kept(dir: &Path) -> Option<Loaded> {
    let mut paths = yaml_paths_in(dir, "").ok()?;
    if paths.is_empty() {
        return None;
    }
    let locales = dir.join(LOCALES_DIR);
    match std::fs::symlink_metadata(&locales) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Ok(_) if locales.is_dir() => paths.extend(yaml_paths_in(&locales, "").ok()?),
        _ => return None,
    }
    let names: Vec<String> = paths
        .iter()
        .map(|p| crate::diagnostic::shown_path(p))
        .collect();
    // `None` with the cache off: then the YAML is compiled, even for the binary's own sources.
    let entry = super::cache::Entry::of(dir, names.iter().map(String::as_str))?;
    if let Some(loaded) = builtin_if_same(dir, &paths, &names) {
        return Some(loaded);
    }
    let key = super::cache::key_of_paths(&paths, &names, MAX_FILE_BYTES, MAX_FOLDER_BYTES)?;
    let loaded = entry.read(key)?;
    same_names(&loaded, names.iter().map(String::as_str)).then_some(loaded)
}

/// The built-in knowledge base, its files named as the folder's, if the files at `paths` (in
/// `dir`) are its sources byte for byte, under the same names: an unedited checkout of this
/// repository, whose `rules/` the binary was built from, then costs what the built-in
/// knowledge base costs, with no cache entry to read and check. The files are compared, not
/// hashed: each is streamed through one small buffer, and a size that differs ends the
/// comparison before anything is read.
fn builtin_if_same(dir: &Path, paths: &[PathBuf], names: &[String]) -> Option<Loaded> {
    let sources = BUILTIN_FILES.iter().chain(BUILTIN_LOCALES);
    if paths.len() != BUILTIN_FILES.len() + BUILTIN_LOCALES.len() {
        return None;
    }
    let mut files = Vec::with_capacity(paths.len());
    for (path, (name, text)) in paths.iter().zip(sources) {
        let inside = path.strip_prefix(dir).ok()?;
        let file = std::fs::File::open(path).ok()?;
        let metadata = file.metadata().ok()?;
        if Some(inside) != name.strip_prefix("rules/").map(Path::new)
            || !metadata.is_file()
            || metadata.len() != text.len() as u64
        {
            return None;
        }
        files.push((file, text.as_bytes()));
    }
    let mut buffer = vec![0u8; 64 << 10];
    for (mut file, mut text) in files {
        super::cache::stream(&mut file, &mut buffer, |chunk| {
            text.strip_prefix(chunk).map(|rest| text = rest).is_some()
        })?;
        if !text.is_empty() {
            return None;
        }
    }
    let mut loaded = load_builtin_compiled()?;
    if loaded.kb.files.len() != names.len() {
        return None;
    }
    for (file, name) in loaded.kb.files.iter_mut().zip(names) {
        file.name.clone_from(name);
    }
    Some(loaded)
}

/// Whether a knowledge base lists exactly these files (the key says so already; this costs
/// nothing).
fn same_names<'a>(loaded: &Loaded, names: impl Iterator<Item = &'a str>) -> bool {
    let mut names = names.peekable();
    loaded
        .kb
        .files
        .iter()
        .all(|kept| names.next().is_some_and(|name| kept.name == name))
        && names.peek().is_none()
}

/// The built-in knowledge base as build.rs compiled it. It carries no locations (it was
/// compiled from the rules without them), so no message will quote a line of its files: their
/// names are kept, their texts are not.
fn load_builtin_compiled() -> Option<Loaded> {
    // Its texts are borrowed from the image, which is part of the binary.
    let (kb, warnings) = super::shared::decode_borrowing(BUILTIN_COMPILED, || {
        super::image::decode(BUILTIN_COMPILED)
    })?;
    Some(Loaded { kb, warnings })
}

fn builtin_files() -> Vec<SourceFile> {
    source_files(BUILTIN_FILES)
}

/// The scenario files compiled in from rules/tests/.
pub fn builtin_scenario_files() -> Vec<SourceFile> {
    source_files(BUILTIN_SCENARIOS)
}

fn source_files(table: &[(&str, &str)]) -> Vec<SourceFile> {
    table
        .iter()
        .map(|(name, text)| SourceFile {
            name: name.to_string(),
            text: text.to_string(),
        })
        .collect()
}

/// Loads a knowledge base so that every entity knows its file, line and column (what `triage
/// check` needs): the built-in one from its YAML, a folder from the cache or its YAML.
pub fn load_located(source: &KbSource) -> Result<Loaded, Error> {
    match source {
        KbSource::Builtin => load_sources(builtin_files(), source_files(BUILTIN_LOCALES)),
        KbSource::Dir(dir) => load_dir(dir),
    }
}

/// The folder of a rules folder that holds its translations, one file per language.
pub const LOCALES_DIR: &str = super::locale::FOLDER;

/// Reads the translation files of a rules folder (`locales/*.yaml`), in name order: none if it
/// has no `locales` folder. They are not rule files, so the rules' own reading (the entries
/// directly inside the folder) never sees them; like those, each is read or reported.
pub fn read_locales_dir(dir: &Path) -> Result<Vec<SourceFile>, Error> {
    let folder = dir.join(LOCALES_DIR);
    match std::fs::symlink_metadata(&folder) {
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(source) => Err(Error::Io {
            action: "read the translations folder",
            path: folder,
            source,
        }),
        Ok(_) if !folder.is_dir() => Err(Error::Input(format!(
            "`{}` is not a folder; `{LOCALES_DIR}` in a rules folder holds its translations, \
             one `.yaml` file per language (rename or remove it)",
            crate::diagnostic::shown_path(&folder)
        ))),
        Ok(_) => yaml_files_in(&folder, "read the translations folder"),
    }
}

/// Reads every `.yaml`/`.yml` file directly inside `dir`, in name order.
pub fn read_rules_dir(dir: &Path) -> Result<Vec<SourceFile>, Error> {
    let files = yaml_files_in(dir, "read the rules folder")?;
    if files.is_empty() {
        return Err(Error::Input(format!(
            "the rules folder `{}` holds no .yaml files",
            crate::diagnostic::shown_path(dir)
        )));
    }
    Ok(files)
}

/// Reads every `.yaml`/`.yml` file directly inside `dir`, in name order; `action` says what
/// reading the folder was for, should it fail.
pub fn yaml_files_in(dir: &Path, action: &'static str) -> Result<Vec<SourceFile>, Error> {
    let paths = yaml_paths_in(dir, action)?;
    // The sizes first, so that a folder far over the bound is refused before a byte is read.
    let listed: u64 = paths
        .iter()
        .filter_map(|path| std::fs::metadata(path).ok())
        .map(|m| m.len())
        .sum();
    if listed > MAX_FOLDER_BYTES {
        return Err(folder_too_large(dir));
    }
    // Every `.yaml` entry is read or reported: a file skipped in silence could be the one
    // that holds the red flags.
    let mut total = 0;
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        let file = read_entry(path)?;
        // Counted again as read: a file can grow after it was listed.
        total += file.text.len() as u64;
        if total > MAX_FOLDER_BYTES {
            return Err(folder_too_large(dir));
        }
        files.push(file);
    }
    Ok(files)
}

/// The `.yaml`/`.yml` entries directly inside `dir`, in name order.
fn yaml_paths_in(dir: &Path, action: &'static str) -> Result<Vec<PathBuf>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        action,
        path: dir.to_path_buf(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|source| Error::Io {
                action,
                path: dir.to_path_buf(),
                source,
            })?
            .path();
        if is_yaml(&path) {
            paths.push(path);
        }
    }
    paths.sort();
    Ok(paths)
}

/// The most YAML a folder of rules or scenarios may hold, all its files together: room for the
/// shipped rules copied a hundred times (about 46 MB, what the benchmarks load), so that a
/// folder of a few huge files can't take gigabytes and minutes to load (24 files of 10 MB took
/// 1.8 GB and more than 5 minutes before `check` was stopped).
pub const MAX_FOLDER_BYTES: u64 = 64 * 1024 * 1024;

fn folder_too_large(dir: &Path) -> Error {
    Error::Input(format!(
        "the `.yaml` files of `{}` are too large: a folder of rules or scenarios holds at most \
         {} MB of them in all",
        crate::diagnostic::shown_path(dir),
        MAX_FOLDER_BYTES / (1024 * 1024)
    ))
}

/// Reads one `.yaml` entry of a folder, refusing (with a message) what is not a regular file:
/// a dangling link, a folder, a device or a pipe.
fn read_entry(path: &Path) -> Result<SourceFile, Error> {
    let metadata = std::fs::metadata(path).map_err(|source| match std::fs::read_link(path) {
        Ok(target) if source.kind() == std::io::ErrorKind::NotFound => Error::Input(format!(
            "`{}` is a link to `{}`, which does not exist",
            crate::diagnostic::shown_path(path),
            crate::diagnostic::shown_path(&target)
        )),
        _ => Error::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        },
    })?;
    if !metadata.is_file() {
        let kind = if metadata.is_dir() {
            "a folder"
        } else {
            "not a regular file"
        };
        return Err(Error::Input(format!(
            "`{}` is {kind}; every `.yaml` entry of the folder must be a file of rules \
             (rename or remove it)",
            crate::diagnostic::shown_path(path)
        )));
    }
    read_source(path)
}

/// Whether a folder entry is a YAML file by its name: ending in `.yaml` or `.yml` in any case
/// (`red_flags.YAML`), the bare name `.yaml` included. A file that looks like YAML to a person
/// and is skipped in silence could be the one that holds the red flags.
pub fn is_yaml(path: &Path) -> bool {
    path.file_name()
        .map(|name| name.to_string_lossy().to_lowercase())
        .is_some_and(|name| name.ends_with(".yaml") || name.ends_with(".yml"))
}

/// The largest knowledge-base, answers or scenario file read: far above any real one (the
/// shipped knowledge base is about 100 kB), and small enough to parse in well under a second.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

fn too_large_in(name: &str, lang: Lang) -> Error {
    let size = (MAX_FILE_BYTES / (1024 * 1024)).to_string();
    Error::Input(lang.text_with(
        "file-too-large",
        &[("name", txt(name)), ("size", txt(&size))],
    ))
}

/// Reads a text file, refusing what is not UTF-8, or is far too large, with a clear message.
pub fn read_source(path: &Path) -> Result<SourceFile, Error> {
    read_source_in(path, Lang::ENGLISH)
}

/// `read_source`, for a person's command: what is wrong with the file is said in `lang`.
pub fn read_source_in(path: &Path, lang: Lang) -> Result<SourceFile, Error> {
    use std::io::Read;
    let io_error = |source| Error::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            // Room for the whole file at once: growing by doubling leaves up to half unused,
            // and the text is kept for diagnostics.
            let size = file.metadata().map_or(0, |m| m.len()).min(MAX_FILE_BYTES) as usize;
            bytes.reserve_exact(size + 1);
            file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)
        })
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large_in(&crate::diagnostic::shown_path(path), lang));
    }
    let text = crate::lines::text(bytes).map_err(|why| {
        Error::Input(lang.text_with(
            "file-not-text",
            &[
                ("name", txt(&crate::diagnostic::shown_path(path))),
                ("why", txt(&why.describe_in(lang))),
            ],
        ))
    })?;
    Ok(SourceFile {
        name: crate::diagnostic::shown_path(path),
        text,
    })
}

/// Parses a YAML document of type `T`, turning a parse failure into a located diagnostic (in
/// English).
pub fn parse_yaml<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    index: usize,
) -> Result<T, Diagnostic> {
    parse_yaml_explained(file, index).map_err(|explained| explained.english())
}

/// `parse_yaml`, with what is wrong in the file left to be said in a language (a person's
/// answers file is, in theirs).
pub fn parse_yaml_explained<T: serde::de::DeserializeOwned>(
    file: &SourceFile,
    index: usize,
) -> Result<T, Explained> {
    let options = serde_saphyr::options! {
        // `y`, `no`, `on` are ids and answers here, never YAML 1.1 booleans.
        strict_booleans: true,
        // Refuse alias bombs and absurd nesting long before they cost memory or stack.
        budget: serde_saphyr::budget! {
            max_depth: 200,
            max_nodes: 2_000_000,
            max_total_scalar_bytes: 64 * 1024 * 1024,
        },
    };
    serde_saphyr::from_str_with_options(&file.text, options).map_err(|error| {
        let span = error.location().and_then(|l| Span::at(index, l));
        let message = yaml_message(&error);
        let blank = file
            .text
            .lines()
            .map(str::trim)
            .all(|l| l.is_empty() || l.starts_with('#') || l == "---" || l == "...");
        let message = if blank {
            Said::message("yaml-no-yaml")
        } else {
            message
        };
        yaml_errors::explain(&file.text, index, message, span)
    })
}

/// serde-saphyr's message without its own "at line, column" suffix (we show the location
/// in our own format).
fn yaml_message(error: &serde_saphyr::Error) -> Said {
    let text = error.without_snippet().to_string();
    if let Some(limit) = safety_limit(&text) {
        return Said::message(limit);
    }
    let text = match text.rfind(" at line ") {
        Some(at) if text[at..].contains(", column ") => text[..at].to_string(),
        _ => text,
    };
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("non-finite float ")
        && let Some(value) = rest.strip_suffix(" rejected by the configured policy")
    {
        return Said::with(
            "yaml-not-finite",
            vec![("value", yaml_errors::shown(value))],
        );
    }
    // The parser's advice names its own API and types, which mean nothing to someone editing
    // YAML.
    if text.contains("from_str_multiple") {
        return Said::message("yaml-many-documents");
    }
    if text.contains("recursive references") {
        return Said::message("yaml-recursive-alias");
    }
    if let Some(rest) = text.strip_prefix("duplicate mapping key: ")
        && let Some(key) = rest.strip_suffix(", set DuplicateKeyPolicy in Options if acceptable")
    {
        return Said::with("yaml-duplicate-key", vec![("key", yaml_errors::shown(key))]);
    }
    Said::Parser(text.to_string())
}

/// A plain message for the parser's safety limits (its own names them in Rust syntax): one of
/// `yaml_errors::LIMITS`.
fn safety_limit(text: &str) -> Option<&'static str> {
    let breach = text.strip_prefix("budget breached: ");
    if text.starts_with("recursion limit exceeded")
        || breach.is_some_and(|b| b.starts_with("Depth"))
    {
        return Some("yaml-too-deep");
    }
    let breach = breach?;
    Some(
        if ["ScalarBytes", "InputBytes", "CommentBytes"]
            .iter()
            .any(|k| breach.starts_with(k))
        {
            "yaml-too-much-text"
        } else {
            "yaml-too-many-values"
        },
    )
}

/// Loads knowledge-base files that are all rule files (no translations).
pub fn load_files(files: Vec<SourceFile>) -> Result<Loaded, Error> {
    load_sources(files, Vec::new())
}

/// Loads rule files and translation files (`locales/*.yaml`); the knowledge base keeps them
/// all in `files`, the rules' first.
pub fn load_sources(mut files: Vec<SourceFile>, locales: Vec<SourceFile>) -> Result<Loaded, Error> {
    let first_locale = files.len();
    files.extend(locales);
    let mut diagnostics = Vec::new();
    let mut locale_nodes = Vec::new();
    for (index, file) in files.iter().enumerate().skip(first_locale) {
        if file.text.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error(
                    format!(
                        "the translation file `{}` is empty",
                        crate::diagnostic::shown(&file.name)
                    ),
                    None,
                )
                .with_help(Some(
                    "give it `language:`, `name:`, `status:` and `texts:`, or remove it".into(),
                )),
            );
            continue;
        }
        match parse_yaml::<serde_saphyr::Spanned<super::node::Node>>(file, index) {
            Ok(node) => locale_nodes.push((index, node)),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    let rule_files = &files[..first_locale];
    let mut raws = Vec::new();
    for (index, parsed) in parse_all(rule_files).into_iter().enumerate() {
        match parsed {
            None => {}
            Some(Ok(raw)) => raws.push((index, raw)),
            Some(Err(diagnostic)) => diagnostics.push(diagnostic),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::KnowledgeBase { diagnostics, files });
    }
    // The lints' warnings are `check`'s business: most commands never show them, and at ten
    // thousand rules they cost more than everything else in loading.
    let (kb, warnings) = compile(files, raws, locale_nodes)?;
    Ok(Loaded { kb, warnings })
}

/// Parses every file (`None` for an empty one). Reading YAML is most of the cost of loading a
/// large knowledge base, and its files are independent, so past a few hundred kilobytes they
/// are parsed on every core, the largest first, each core taking the next file as it is free.
type Parsed = Option<Result<RawFile, Diagnostic>>;

/// Stack for parser threads: as much as a main thread gets.
const PARSER_STACK: usize = 8 << 20;

fn parse_all(files: &[SourceFile]) -> Vec<Parsed> {
    let parse = |index: usize| {
        let file = &files[index];
        (!file.text.trim().is_empty()).then(|| {
            // serde-saphyr reads what the quick path can't, and explains every mistake.
            super::quick_yaml::parse::<RawFile>(&file.text)
                .map_or_else(|| parse_yaml::<RawFile>(file, index), Ok)
        })
    };
    let total: usize = files.iter().map(|f| f.text.len()).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if files.len() < 2 || threads < 2 || total < (256 << 10) {
        return (0..files.len()).map(parse).collect();
    }
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(files[i].text.len()));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Parsed> = (0..files.len()).map(|_| None).collect();
    let parsed: Vec<Vec<(usize, Parsed)>> = std::thread::scope(|scope| {
        let work = || {
            let mut done = Vec::new();
            loop {
                let at = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&index) = order.get(at) else {
                    return done;
                };
                done.push((index, parse(index)));
            }
        };
        // The parser recurses on nesting (within its depth budget): give helper threads the
        // main thread's stack, not the smaller default of spawned threads.
        let handles: Vec<_> = (1..threads.min(files.len()))
            .filter_map(|_| {
                std::thread::Builder::new()
                    .stack_size(PARSER_STACK)
                    .spawn_scoped(scope, work)
                    .ok()
            })
            .collect();
        let mut all = vec![work()];
        all.extend(
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
        );
        all
    });
    for (index, result) in parsed.into_iter().flatten() {
        results[index] = result;
    }
    results
}
