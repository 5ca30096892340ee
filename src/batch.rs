//! `triage assess --batch`: JSON Lines in (one answers object per line), one JSON result per
//! line out, in input order, on every core.
//!
//! A pipeline: the calling thread reads lines (through the one bounded line reader) into
//! chunks, one worker per core assesses chunks as they come, and a writer thread puts the
//! results back in input order and flushes them as soon as nothing else is ready. A chunk
//! ends at about 4 KiB of input or when the input has nothing more ready, so a slow producer
//! gets each result as its case is done, and a fast one gets chunks large enough that handing
//! them over costs nothing. At most a few chunks per core are in flight, so memory stays
//! bounded whatever the input's length. A line that can't be read or assessed gives
//! `{"line":N,"error":"..."}` and the batch goes on: so does a line with no answer known, a
//! blank one included, unless `--allow-empty` says such lines are meant, and a line longer
//! than `MAX_LINE`, which is skipped to its end without being held. Only when no line feed
//! ends such a line within `MAX_SKIP` (or before the input ends) does the batch stop there:
//! the input is then not JSON Lines (no line ends, or CR only).

use crate::answers::Answers;
use crate::assess::Assessor;
use crate::diagnostic::Diagnostic;
use crate::kb::KnowledgeBase;
use crate::kb::node::Node;
use crate::lines::{Line, Skipped, read_line, skip_line};
use crate::report::JsonLines;
use serde_saphyr::Spanned;
use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex};

/// How a batch went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Lines assessed or failed.
    pub cases: usize,
    /// How many failed.
    pub failed: usize,
    /// The numbers of the first failed lines (at most `Summary::SHOWN`).
    pub failed_lines: Vec<usize>,
    /// The line longer than `MAX_LINE`, with no line end, that ended the batch, if one did.
    pub too_long: Option<usize>,
}

impl Summary {
    pub const SHOWN: usize = 10;

    fn add(&mut self, part: Summary) {
        self.cases += part.cases;
        self.failed += part.failed;
        for line in part.failed_lines {
            self.fail(line);
        }
    }

    fn fail(&mut self, line: usize) {
        if self.failed_lines.len() < Summary::SHOWN {
            self.failed_lines.push(line);
        }
    }
}

/// Reading the input or writing the output failed.
#[derive(Debug)]
pub enum Failure {
    Read(io::Error),
    Write(io::Error),
}

/// The longest line read: a case is a few hundred bytes, so a longer line is not a case
/// (input without line ends, or with CR-only ones), and reading it whole could take any
/// amount of memory.
pub const MAX_LINE: usize = 1 << 20;
/// How far past `MAX_LINE` a line is skipped, looking for its end, before the input is taken
/// for something other than JSON Lines: far beyond any case, and quick to read through even
/// from `/dev/zero`.
pub const MAX_SKIP: usize = 64 << 20;
/// A chunk ends once it holds this much input: enough cases (about twenty of the shipped
/// ones) that handing it to a worker is lost in the work, little enough that the chunks in
/// flight stay small. Their results are what is held: ten times the input or more (3 KB a
/// case for 260 bytes at 100 synthetic rules), reserved at 1 KiB a line and grown by
/// doubling. At 64 KiB a batch of 100,000 shipped cases peaked at 27 MiB, at 16 KiB 13 MiB;
/// at 4 KiB a batch at 100 rules peaks 0.7 MiB lower than at 16 KiB, below CLIPS's, for 1.6%
/// more instructions (BENCHMARKS.md).
const CHUNK: usize = 4 << 10;
/// Chunks in flight (being read, assessed, or waiting to be written in order) per worker.
const IN_FLIGHT_PER_WORKER: usize = 2;

/// Lines read, for one worker: their text one after another, with each line's number and end
/// (`None` for a line over `MAX_LINE`, skipped).
struct Chunk {
    seq: usize,
    text: Vec<u8>,
    lines: Vec<(usize, Option<usize>)>,
}

/// A chunk assessed: its output, and how it went.
type Done = (usize, Vec<u8>, Summary);

/// Assesses every line of `input` and writes the results to `output`. `threads` is how many
/// threads assess (at least one); `allow_empty` assesses a line with no answer known, a blank
/// one included (else it is an error result). Stops quietly, with what was done so far, when
/// `output` is a closed pipe.
pub fn run(
    kb: &KnowledgeBase,
    input: &mut dyn Read,
    output: &mut (dyn Write + Send),
    threads: usize,
    allow_empty: bool,
) -> Result<Summary, Failure> {
    let worker = Worker {
        assessor: Assessor::new(kb),
        json: JsonLines::new(kb),
        kb,
        allow_empty,
    };
    let threads = threads.max(1);
    let (chunk_tx, chunk_rx) = mpsc::channel::<Chunk>();
    let chunk_rx = Arc::new(Mutex::new(chunk_rx));
    let (done_tx, done_rx) = mpsc::channel::<Done>();
    // A credit per chunk in flight: the reader takes one before it hands a chunk over, the
    // writer gives it back once the chunk's results are written.
    let (credit_tx, credit_rx) = mpsc::sync_channel::<()>(threads * IN_FLIGHT_PER_WORKER);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let chunks = Arc::clone(&chunk_rx);
            let done = done_tx.clone();
            let worker = &worker;
            scope.spawn(move || worker.serve(&chunks, &done));
        }
        drop(done_tx);
        let writer = scope.spawn(move || write_in_order(done_rx, credit_rx, output));
        let read = read_chunks(input, &chunk_tx, &credit_tx);
        drop(chunk_tx);
        drop(credit_tx);
        let (mut summary, written) = writer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let too_long = read.map_err(Failure::Read)?;
        let output = written.map_err(Failure::Write)?;
        if let (Some(number), Some(output)) = (too_long, output) {
            summary.cases += 1;
            summary.failed += 1;
            summary.fail(number);
            summary.too_long = Some(number);
            let message = too_long_message(number);
            let line = format!(
                "{{\"line\":{number},\"error\":{}}}\n",
                json_string(&message)
            );
            if write_quietly(output, line.as_bytes()).map_err(Failure::Write)? {
                flush_quietly(output).map_err(Failure::Write)?;
            }
        }
        Ok(summary)
    })
}

/// What a line over `MAX_LINE` that no line feed ends says.
pub fn too_long_message(number: usize) -> String {
    format!(
        "line {number} is longer than {} and no line feed ends it: the input is not JSON \
         Lines (one case per line, each ended by a line feed); the batch stopped there",
        crate::lines::size_text(MAX_LINE)
    )
}

/// What a line over `MAX_LINE`, skipped, says.
fn skipped_message(number: usize) -> String {
    format!(
        "line {number} is longer than {}, far longer than any case: it was skipped, and the \
         batch went on",
        crate::lines::size_text(MAX_LINE)
    )
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The reader: cuts the input into chunks and hands them to the workers. The number of the
/// line over `MAX_LINE`, with no line end, that ended it, if one did.
fn read_chunks(
    input: &mut dyn Read,
    chunks: &mpsc::Sender<Chunk>,
    credits: &mpsc::SyncSender<()>,
) -> io::Result<Option<usize>> {
    let mut input = io::BufReader::with_capacity(CHUNK, input);
    let mut number = 0;
    let mut seq = 0;
    let new_chunk = |seq| Chunk {
        seq,
        text: Vec::with_capacity(CHUNK + 1024),
        lines: Vec::new(),
    };
    let mut chunk = new_chunk(seq);
    let hand_over = |chunk: Chunk| credits.send(()).is_ok() && chunks.send(chunk).is_ok();
    loop {
        number += 1;
        let start = chunk.text.len();
        let line = match read_line(&mut input, &mut chunk.text, MAX_LINE) {
            Ok(line) => line,
            Err(error) => {
                // The lines read so far still get their results.
                chunk.text.truncate(start);
                if !chunk.lines.is_empty() {
                    hand_over(chunk);
                }
                return Err(error);
            }
        };
        if line == Line::Read && number == 1 && chunk.text.starts_with(b"\xef\xbb\xbf") {
            // A byte-order mark, as some Windows tools write: not part of the first case.
            chunk.text.drain(..3);
        }
        // A line over the limit is skipped to its end, never held; without an end the input
        // is not JSON Lines and the batch stops at it.
        let line = match line {
            Line::TooLong => match skip_line(&mut input, MAX_SKIP) {
                Ok(Skipped::LineEnd) => {
                    chunk.lines.push((number, None));
                    Line::Read
                }
                Ok(Skipped::NoLineEnd) => Line::TooLong,
                Err(error) => {
                    if !chunk.lines.is_empty() {
                        hand_over(chunk);
                    }
                    return Err(error);
                }
            },
            Line::Read => {
                chunk.lines.push((number, Some(chunk.text.len())));
                Line::Read
            }
            Line::End => Line::End,
        };
        let end = line != Line::Read;
        // Hand the chunk over when it is full, or when reading on would wait for input.
        if !chunk.lines.is_empty()
            && (end || chunk.text.len() >= CHUNK || input.buffer().is_empty())
        {
            seq += 1;
            let full = std::mem::replace(&mut chunk, new_chunk(seq));
            if !hand_over(full) {
                // The writer stopped (a closed pipe).
                return Ok(None);
            }
        }
        match line {
            Line::Read => {}
            Line::End => return Ok(None),
            Line::TooLong => return Ok(Some(number)),
        }
    }
}

/// The writer: puts the chunks' results back in order and writes each as soon as it can,
/// flushing whenever no other result is ready. Returns the output for a last line, or `None`
/// if it turned out to be a closed pipe.
fn write_in_order(
    done: Receiver<Done>,
    credits: Receiver<()>,
    output: &mut (dyn Write + Send),
) -> (Summary, Result<Option<&mut (dyn Write + Send)>, io::Error>) {
    let mut summary = Summary::default();
    let mut waiting: BTreeMap<usize, (Vec<u8>, Summary)> = BTreeMap::new();
    let mut next = 0;
    loop {
        let (seq, bytes, part) = match done.try_recv() {
            Ok(result) => result,
            Err(TryRecvError::Empty) => {
                if let Err(error) = flush_quietly(output) {
                    return (summary, Err(error));
                }
                match done.recv() {
                    Ok(result) => result,
                    Err(_) => break,
                }
            }
            Err(TryRecvError::Disconnected) => break,
        };
        waiting.insert(seq, (bytes, part));
        while let Some((bytes, part)) = waiting.remove(&next) {
            summary.add(part);
            match write_quietly(output, &bytes) {
                Ok(true) => {}
                Ok(false) => return (summary, Ok(None)),
                Err(error) => return (summary, Err(error)),
            }
            next += 1;
            let _ = credits.recv();
        }
    }
    match flush_quietly(output) {
        Ok(true) => (summary, Ok(Some(output))),
        Ok(false) => (summary, Ok(None)),
        Err(error) => (summary, Err(error)),
    }
}

/// Writes, telling a closed pipe (`false`) from other failures.
fn write_quietly(output: &mut (dyn Write + Send), bytes: &[u8]) -> io::Result<bool> {
    match output.write_all(bytes) {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        other => other.map(|()| true),
    }
}

fn flush_quietly(output: &mut (dyn Write + Send)) -> io::Result<bool> {
    match output.flush() {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(false),
        other => other.map(|()| true),
    }
}

struct Worker<'kb> {
    kb: &'kb KnowledgeBase,
    assessor: Assessor<'kb>,
    json: JsonLines<'kb>,
    allow_empty: bool,
}

impl Worker<'_> {
    /// Assesses chunks until there are no more, or no one to give the results to.
    fn serve(&self, chunks: &Mutex<Receiver<Chunk>>, done: &mpsc::Sender<Done>) {
        let mut assessor = self.assessor.clone();
        loop {
            // The lock is held only to take a chunk.
            let next = chunks.lock().map(|chunks| chunks.recv());
            let Ok(Ok(chunk)) = next else { return };
            // A panic would leave a gap the writer waits on forever: it fails the chunk's
            // lines instead (the panic's message is on standard error).
            let assessed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.lines(&mut assessor, &chunk)
            }));
            let (bytes, summary) = assessed.unwrap_or_else(|_| {
                assessor = self.assessor.clone();
                failed(&chunk)
            });
            if done.send((chunk.seq, bytes, summary)).is_err() {
                return;
            }
        }
    }

    /// Assesses the lines of a chunk.
    fn lines(&self, assessor: &mut Assessor, chunk: &Chunk) -> (Vec<u8>, Summary) {
        let mut out = Vec::with_capacity(chunk.lines.len() * 1024);
        let mut summary = Summary::default();
        let mut start = 0;
        for &(number, end) in &chunk.lines {
            let line = end.map(|end| &chunk.text[start..end]);
            start = end.unwrap_or(start);
            summary.cases += 1;
            let at = out.len();
            let _ = write!(out, "{{\"line\":{number},");
            let done = match line {
                Some(line) => self.line(assessor, number, line, &mut out),
                None => Err(skipped_message(number)),
            };
            if let Err(message) = done {
                out.truncate(at);
                let _ = write!(out, "{{\"line\":{number},\"error\":");
                let _ = serde_json::to_writer(&mut out, &message);
                out.push(b'}');
                summary.failed += 1;
                summary.fail(number);
            }
            out.push(b'\n');
        }
        (out, summary)
    }

    fn line(
        &self,
        assessor: &mut Assessor,
        number: usize,
        line: &[u8],
        out: &mut Vec<u8>,
    ) -> Result<(), String> {
        if crate::lines::looks_utf16(line) {
            return Err(format!(
                "line {number} is {}",
                crate::lines::NotText::Utf16.describe()
            ));
        }
        // A blank line is a case with no answers: meant only with `--allow-empty`.
        let answers = if line.iter().all(u8::is_ascii_whitespace) {
            Answers::default()
        } else {
            parse(self.kb, line).map_err(|bad| match bad {
                Bad::Json(reason) => format!("line {number} is not valid JSON: {reason}"),
                Bad::Answers(message) => message,
            })?
        };
        if !self.allow_empty && !answers.any_given() {
            let blank = if line.iter().all(u8::is_ascii_whitespace) {
                " is blank"
            } else {
                ""
            };
            return Err(format!(
                "line {number}{blank}: {}; give the answers on the line, or pass --allow-empty \
                 if such lines are meant",
                crate::answers::NOTHING_GIVEN
            ));
        }
        assessor
            .assess_then(&answers, |outcome| {
                self.json.write_fields(&answers, outcome, out)
            })
            .map_err(|error| error.render(crate::style::Style::PLAIN).trim().to_string())
    }
}

/// Every line of a chunk failed, for an internal error.
fn failed(chunk: &Chunk) -> (Vec<u8>, Summary) {
    let mut out = Vec::new();
    let mut summary = Summary::default();
    for &(number, _) in &chunk.lines {
        let _ = writeln!(
            out,
            "{{\"line\":{number},\"error\":\"internal error while assessing this line; please \
             report it\"}}"
        );
        summary.cases += 1;
        summary.failed += 1;
        summary.fail(number);
    }
    (out, summary)
}

/// Why a line gave no answers.
#[derive(Debug, Clone, PartialEq)]
pub enum Bad {
    /// It is not JSON: why, and at which column.
    Json(String),
    /// It is JSON, but not answers this knowledge base takes.
    Answers(String),
}

/// Reads one line's answers: the answers-file format, as JSON. A line that is not a valid
/// answers object is read again through the general reader, for its messages.
pub fn parse(kb: &KnowledgeBase, line: &[u8]) -> Result<Answers, Bad> {
    if let Some(answers) = Answers::from_json_line(kb, line) {
        return Ok(answers);
    }
    let root: Spanned<Node> =
        serde_json::from_slice(line).map_err(|error| Bad::Json(json_reason(&error)))?;
    Answers::from_node(kb, &root, 0).map_err(|diagnostics| Bad::Answers(messages(&diagnostics)))
}

/// serde_json's reason in plain words, with the column (within one line, the whole location).
fn json_reason(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let reason = match text.rfind(" at line ") {
        Some(at) => &text[..at],
        None => text.as_str(),
    };
    let reason = match reason {
        "expected ident" | "expected value" => "expected a value (an object, a list, a text in \
             double quotes, a number, true, false or null)"
            .to_string(),
        "trailing characters" => "something follows the object".to_string(),
        "key must be a string" => "a key must be a text in double quotes".to_string(),
        other => match other.strip_prefix("EOF while parsing ") {
            Some(what) => format!("the line ends inside {what}"),
            None => other.to_string(),
        },
    };
    format!("{reason}, at column {}", error.column())
}

/// Diagnostics without locations, as one line: `message (help); message`.
fn messages(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| match &d.help {
            Some(help) => format!("{} ({help})", d.message),
            None => d.message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::assess;
    use crate::synth::{Config, generate};

    fn synthetic(rules: usize, cases: usize, seed: u64) -> (KnowledgeBase, Vec<String>) {
        let synthetic = generate(Config { rules, cases, seed });
        let files = synthetic
            .files
            .into_iter()
            .map(|(name, text)| crate::diagnostic::SourceFile { name, text })
            .collect();
        (crate::kb::load_files(files).unwrap().kb, synthetic.cases)
    }

    #[test]
    fn starting_from_the_baseline_gives_the_same_outcome_as_from_scratch() {
        for seed in 1..=4 {
            let (kb, cases) = synthetic(600, 200, seed);
            let mut assessor = Assessor::new(&kb);
            assert!(assessor.starts_from_baseline());
            for case in &cases {
                let answers = parse(&kb, case.as_bytes()).unwrap();
                assert_eq!(
                    assessor.assess(&answers).unwrap(),
                    assess(&kb, &answers).unwrap(),
                    "seed {seed}, case {case}"
                );
            }
        }
    }

    #[test]
    fn the_baseline_gives_the_same_outcome_for_every_shipped_scenario() {
        let kb = crate::kb::load(&crate::kb::KbSource::Builtin).unwrap().kb;
        let mut assessor = Assessor::new(&kb);
        assert!(assessor.starts_from_baseline());
        let files = crate::kb::builtin_scenario_files();
        let suite = crate::scenario::Suite::parse(&kb, files).unwrap();
        for scenario in &suite.scenarios {
            assert_eq!(
                assessor.assess(&scenario.answers).unwrap(),
                assess(&kb, &scenario.answers).unwrap(),
                "{}",
                scenario.name
            );
        }
    }

    /// Gives its bytes, then fails.
    struct Failing<'a>(&'a [u8]);

    impl Read for Failing<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::Error::other("the disk went away"));
            }
            let n = buf.len().min(self.0.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn the_lines_read_before_a_read_error_still_get_their_results() {
        let kb = crate::kb::load(&crate::kb::KbSource::Builtin).unwrap().kb;
        let mut out = Vec::new();
        let result = run(
            &kb,
            &mut Failing(b"{\"age\":40}\n{\"age\":4"),
            &mut out,
            2,
            false,
        );
        assert!(matches!(result, Err(Failure::Read(_))));
        let out = String::from_utf8(out).unwrap();
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(
            out.starts_with("{\"line\":1,\"schema_version\":1,"),
            "{out}"
        );
    }

    #[test]
    fn output_is_in_input_order_whatever_the_threads() {
        let (kb, cases) = synthetic(300, 700, 9);
        let mut input = cases.join("\n").into_bytes();
        input.extend_from_slice(b"\n\n{\"findings\": {\"nope\": \"present\"}}\r\nnot json\n");
        let run_with = |threads| {
            let mut out = Vec::new();
            let summary = run(&kb, &mut input.as_slice(), &mut out, threads, false)
                .map_err(|_| "i/o")
                .unwrap();
            (String::from_utf8(out).unwrap(), summary)
        };
        let (one, summary) = run_with(1);
        assert_eq!(run_with(3), (one.clone(), summary.clone()));
        assert_eq!(summary.cases, 703);
        assert_eq!(summary.failed_lines, vec![701, 702, 703]);
        let lines: Vec<&str> = one.lines().collect();
        assert_eq!(lines.len(), 703);
        assert!(lines[0].starts_with("{\"line\":1,\"schema_version\":1,"));
        assert!(lines[699].starts_with("{\"line\":700,"));
        assert!(lines[700].starts_with("{\"line\":701,\"error\":\"line 701 is blank: "));
        assert_eq!(
            lines[701],
            "{\"line\":702,\"error\":\"unknown finding `nope`\"}"
        );
        assert_eq!(
            lines[702],
            "{\"line\":703,\"error\":\"line 703 is not valid JSON: expected a value (an object, \
             a list, a text in double quotes, a number, true, false or null), at column 2\"}"
        );
    }
}
