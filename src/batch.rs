//! `triage assess --batch`: JSON Lines in (one answers object per line), one JSON result per
//! line out, in input order, on every core.
//!
//! Input is read in blocks of whole lines; each block is cut into one contiguous run of lines
//! per core, the runs are assessed in parallel (scoped threads sharing the knowledge base),
//! and their output is written in order before the next block is read. A line that can't be
//! read or assessed gives `{"line":N,"error":"..."}` and the batch goes on. Blank lines are
//! skipped (they still count in the line numbers).

use crate::answers::Answers;
use crate::assess::Assessor;
use crate::diagnostic::Diagnostic;
use crate::kb::KnowledgeBase;
use crate::kb::node::Node;
use crate::report::JsonLines;
use serde_saphyr::Spanned;
use std::io::{self, Read, Write};

/// How a batch went.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Lines assessed or failed (blank lines are not cases).
    pub cases: usize,
    /// How many failed.
    pub failed: usize,
    /// The numbers of the first failed lines (at most `Summary::SHOWN`).
    pub failed_lines: Vec<usize>,
}

impl Summary {
    pub const SHOWN: usize = 10;

    fn add(&mut self, part: Summary) {
        self.cases += part.cases;
        self.failed += part.failed;
        for line in part.failed_lines {
            if self.failed_lines.len() < Summary::SHOWN {
                self.failed_lines.push(line);
            }
        }
    }
}

/// Reading the input or writing the output failed.
#[derive(Debug)]
pub enum Failure {
    Read(io::Error),
    Write(io::Error),
}

/// Input is taken in blocks of about this many bytes (whole lines): large enough that starting
/// the threads is lost in the work (a few hundred cases), small enough that the block's output
/// (a report is ten times its answers) stays under a megabyte. At 256 KiB a batch of the
/// shipped cases peaked at 27 MiB; at 64 KiB, 10 MiB, at the same speed; smaller saves nothing.
const BLOCK: usize = 64 << 10;
/// Below this many lines a block is assessed on the calling thread alone.
const PARALLEL_FROM: usize = 256;

/// Assesses every line of `input` and writes the results to `output`. `threads` is how many
/// threads to use (at least one). Stops quietly, with what was done so far, when `output` is
/// a closed pipe.
pub fn run(
    kb: &KnowledgeBase,
    input: &mut dyn Read,
    output: &mut dyn Write,
    threads: usize,
) -> Result<Summary, Failure> {
    let worker = Worker {
        assessor: Assessor::new(kb),
        json: JsonLines::new(kb),
        kb,
    };
    let threads = threads.max(1);
    let mut summary = Summary::default();
    let mut buffer: Vec<u8> = Vec::with_capacity(BLOCK + (64 << 10));
    let mut next_line = 1;
    let mut eof = false;
    while !eof {
        // Fill the block, then keep back the last incomplete line for the next one.
        while buffer.len() < BLOCK {
            let start = buffer.len();
            buffer.resize(start + (64 << 10), 0);
            let read = loop {
                match input.read(&mut buffer[start..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    other => break other,
                }
            };
            let read = match read {
                Ok(read) => read,
                Err(error) => return Err(Failure::Read(error)),
            };
            buffer.truncate(start + read);
            if read == 0 {
                eof = true;
                break;
            }
        }
        let end = if eof {
            buffer.len()
        } else {
            match buffer.iter().rposition(|&b| b == b'\n') {
                Some(at) => at + 1,
                // One line longer than a block: read on until it ends.
                None => continue,
            }
        };
        let lines: Vec<&[u8]> = split_lines(&buffer[..end]);
        let first = next_line;
        next_line += lines.len();
        let parts = if lines.len() < PARALLEL_FROM {
            vec![worker.lines(&lines, first)]
        } else {
            let per = lines.len().div_ceil(threads);
            let chunks: Vec<&[&[u8]]> = lines.chunks(per).collect();
            std::thread::scope(|scope| {
                let handles: Vec<_> = chunks[1..]
                    .iter()
                    .enumerate()
                    .map(|(i, chunk)| {
                        let worker = &worker;
                        scope.spawn(move || worker.lines(chunk, first + (i + 1) * per))
                    })
                    .collect();
                let mut parts = vec![worker.lines(chunks[0], first)];
                parts.extend(
                    handles
                        .into_iter()
                        .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))),
                );
                parts
            })
        };
        for (bytes, part) in parts {
            summary.add(part);
            match output.write_all(&bytes) {
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => return Ok(summary),
                other => other.map_err(Failure::Write)?,
            }
        }
        buffer.drain(..end);
    }
    match output.flush() {
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(summary),
        other => other.map(|()| summary).map_err(Failure::Write),
    }
}

/// The lines of a block, without their line ends (`\n` or `\r\n`).
fn split_lines(block: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = block.split(|&b| b == b'\n').collect();
    if block.last() == Some(&b'\n') {
        lines.pop();
    }
    for line in &mut lines {
        if let Some(stripped) = line.strip_suffix(b"\r") {
            *line = stripped;
        }
    }
    lines
}

struct Worker<'kb> {
    kb: &'kb KnowledgeBase,
    assessor: Assessor<'kb>,
    json: JsonLines<'kb>,
}

impl Worker<'_> {
    /// Assesses a run of lines, the first numbered `first`.
    fn lines(&self, lines: &[&[u8]], first: usize) -> (Vec<u8>, Summary) {
        let mut assessor = self.assessor.clone();
        let mut out = Vec::with_capacity(lines.len() * 1024);
        let mut summary = Summary::default();
        for (i, line) in lines.iter().enumerate() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let number = first + i;
            summary.cases += 1;
            let start = out.len();
            let _ = write!(out, "{{\"line\":{number},");
            if let Err(message) = self.line(&mut assessor, line, &mut out) {
                out.truncate(start);
                let _ = write!(out, "{{\"line\":{number},\"error\":");
                let _ = serde_json::to_writer(&mut out, &message);
                out.push(b'}');
                summary.failed += 1;
                if summary.failed_lines.len() < Summary::SHOWN {
                    summary.failed_lines.push(number);
                }
            }
            out.push(b'\n');
        }
        (out, summary)
    }

    fn line(&self, assessor: &mut Assessor, line: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        let answers = parse(self.kb, line)?;
        assessor
            .assess_then(&answers, |outcome| {
                self.json.write_fields(&answers, outcome, out)
            })
            .map_err(|error| error.render(crate::style::Style::PLAIN).trim().to_string())
    }
}

/// Reads one line's answers: the answers-file format, as JSON. A line that is not a valid
/// answers object is read again through the general reader, for its messages.
pub fn parse(kb: &KnowledgeBase, line: &[u8]) -> Result<Answers, String> {
    if let Some(answers) = Answers::from_json_line(kb, line) {
        return Ok(answers);
    }
    let root: Spanned<Node> = serde_json::from_slice(line).map_err(|error| {
        let text = error.to_string();
        // Within one line, the column is the whole location.
        match text.rfind(" at line 1 column ") {
            Some(at) => format!("{} at column {}", &text[..at], &text[at + 18..]),
            None => text,
        }
    })?;
    Answers::from_node(kb, &root, 0).map_err(|diagnostics| messages(&diagnostics))
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

    #[test]
    fn output_is_in_input_order_whatever_the_threads() {
        let (kb, cases) = synthetic(300, 700, 9);
        let mut input = cases.join("\n").into_bytes();
        input.extend_from_slice(b"\n\n{\"findings\": {\"nope\": \"present\"}}\r\nnot json\n");
        let run_with = |threads| {
            let mut out = Vec::new();
            let summary = run(&kb, &mut input.as_slice(), &mut out, threads)
                .map_err(|_| "i/o")
                .unwrap();
            (String::from_utf8(out).unwrap(), summary)
        };
        let (one, summary) = run_with(1);
        assert_eq!(run_with(3), (one.clone(), summary.clone()));
        assert_eq!(summary.cases, 702);
        assert_eq!(summary.failed_lines, vec![702, 703]);
        let lines: Vec<&str> = one.lines().collect();
        assert_eq!(lines.len(), 702);
        assert!(lines[0].starts_with("{\"line\":1,\"schema_version\":1,"));
        assert!(lines[699].starts_with("{\"line\":700,"));
        assert_eq!(
            lines[700],
            "{\"line\":702,\"error\":\"unknown finding `nope`\"}"
        );
        assert_eq!(
            lines[701],
            "{\"line\":703,\"error\":\"expected ident at column 2\"}"
        );
    }
}
