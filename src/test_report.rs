//! The report of `triage test`: for people, each scenario's verdict with a diff of what it
//! expected against what came out; for CI systems, JUnit XML.

use crate::assess::{Assessor, Outcome};
use crate::error::Error;
use crate::kb::{CauseId, KnowledgeBase};
use crate::report::score_text;
use crate::scenario::{Expect, Scenario, Suite, run};
use crate::style::Style;
use std::fmt::Write as _;

/// One expectation a scenario missed, in the words of its `expect:` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// The key of `expect:` that failed (`urgency`, `first`, …).
    pub key: String,
    pub expected: String,
    /// What the outcome shows instead (`urgency`, `listed`, `top 3`, …).
    pub actual_key: String,
    pub actual: String,
}

impl Mismatch {
    /// `urgency: expected emergency, got urgent`.
    pub fn summary(&self) -> String {
        if self.key == self.actual_key {
            format!(
                "{}: expected {}, got {}",
                self.key, self.expected, self.actual
            )
        } else {
            format!(
                "{}: expected {}, got {} {}",
                self.key, self.expected, self.actual_key, self.actual
            )
        }
    }
}

/// Every expectation the outcome misses.
pub fn mismatches(kb: &KnowledgeBase, expect: &Expect, outcome: &Outcome) -> Vec<Mismatch> {
    let id = |c: CauseId| kb.causes[c].id.as_str();
    let ranking = |n: usize| {
        let listed: Vec<String> = outcome
            .causes
            .iter()
            .take(n)
            .map(|c| format!("{} ({})", id(c.cause), score_text(c.score)))
            .collect();
        format!("[{}]", listed.join(", "))
    };
    let mut found = Vec::new();
    let mut miss = |key: &str, expected: String, actual_key: &str, actual: String| {
        found.push(Mismatch {
            key: key.to_string(),
            expected,
            actual_key: actual_key.to_string(),
            actual,
        });
    };
    if let Some(level) = expect.urgency
        && level != outcome.level
    {
        miss(
            "urgency",
            kb.levels[level].id.to_string(),
            "urgency",
            kb.levels[outcome.level].id.to_string(),
        );
    }
    if let Some(first) = expect.first
        && outcome.causes.first().map(|c| c.cause) != Some(first)
    {
        let actual = outcome
            .causes
            .first()
            .map_or("none listed".to_string(), |c| {
                format!("{} ({})", id(c.cause), score_text(c.score))
            });
        miss("first", id(first).to_string(), "first", actual);
    }
    let missing: Vec<&str> = expect
        .in_top
        .iter()
        .filter(|&&c| outcome.rank_of(c).is_none_or(|rank| rank >= expect.top_n))
        .map(|&c| id(c))
        .collect();
    if !missing.is_empty() {
        miss(
            &format!("in top {}", expect.top_n),
            format!("[{}]", missing.join(", ")),
            &format!("top {}", expect.top_n),
            ranking(expect.top_n),
        );
    }
    let listed: Vec<String> = expect
        .absent
        .iter()
        .filter_map(|&c| {
            outcome
                .rank_of(c)
                .map(|rank| format!("{} (rank {})", id(c), rank + 1))
        })
        .collect();
    if !listed.is_empty() {
        let absent: Vec<&str> = expect.absent.iter().map(|&c| id(c)).collect();
        miss(
            "absent",
            format!("[{}]", absent.join(", ")),
            "listed",
            format!("[{}]", listed.join(", ")),
        );
    }
    if expect.no_causes && !outcome.causes.is_empty() {
        miss("no_causes", "true".into(), "listed", ranking(usize::MAX));
    }
    found
}

/// How one scenario went.
pub struct Run<'s> {
    pub scenario: &'s Scenario,
    pub mismatches: Vec<Mismatch>,
    pub fired: Vec<String>,
}

/// Runs the scenarios (those whose name contains `filter`, ignoring case).
pub fn run_all<'s>(
    kb: &KnowledgeBase,
    suite: &'s Suite,
    filter: Option<&str>,
) -> Result<Vec<Run<'s>>, Error> {
    let filter = filter.map(str::to_lowercase);
    let mut runs = Vec::new();
    let mut assessor = Assessor::new(kb);
    for scenario in &suite.scenarios {
        if let Some(text) = &filter
            && !scenario.name.to_lowercase().contains(text.as_str())
        {
            continue;
        }
        let verdict = run(&mut assessor, scenario)?;
        runs.push(Run {
            scenario,
            mismatches: mismatches(kb, &scenario.expect, &verdict.outcome),
            fired: verdict
                .outcome
                .trace
                .iter()
                .map(|f| kb.rules[f.rule].id.to_string())
                .collect(),
        });
    }
    Ok(runs)
}

fn fired_text(fired: &[String]) -> String {
    if fired.is_empty() {
        "none".to_string()
    } else {
        fired.join(", ")
    }
}

/// One line per scenario; under each failure, `-` what it expected and `+` what came out.
/// Every scenario's verdict, or with `quiet` only the failures; then the counts.
pub fn text(suite: &Suite, runs: &[Run], style: Style, quiet: bool) -> String {
    let mut out = String::new();
    let failed = runs.iter().filter(|r| !r.mismatches.is_empty()).count();
    for run in runs {
        let place = format!(
            "{}:{}",
            suite.files[run.scenario.file].name, run.scenario.line
        );
        if run.mismatches.is_empty() {
            if quiet {
                continue;
            }
            let _ = writeln!(
                out,
                "{}    {}  ({place})",
                style.good("ok"),
                run.scenario.name
            );
            continue;
        }
        let _ = writeln!(
            out,
            "{}  {}  ({place})",
            style.error("FAIL"),
            run.scenario.name
        );
        for m in &run.mismatches {
            let _ = writeln!(
                out,
                "      {}",
                style.error(&format!("- {}: {}", m.key, m.expected))
            );
            let _ = writeln!(
                out,
                "      {}",
                style.good(&format!("+ {}: {}", m.actual_key, m.actual))
            );
        }
        let _ = writeln!(out, "      fired rules: {}", fired_text(&run.fired));
    }
    if failed > 0 {
        let _ = writeln!(out, "(- expected, + actual)");
    }
    let _ = writeln!(out, "{} passed, {failed} failed", runs.len() - failed);
    out
}

/// JUnit XML: one `<testsuite>` per scenario file, one `<testcase>` per scenario.
pub fn junit(suite: &Suite, runs: &[Run]) -> String {
    let failed = runs.iter().filter(|r| !r.mismatches.is_empty()).count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"triage\" tests=\"{}\" failures=\"{failed}\">",
        runs.len()
    );
    for (index, file) in suite.files.iter().enumerate() {
        let in_file: Vec<&Run> = runs.iter().filter(|r| r.scenario.file == index).collect();
        if in_file.is_empty() {
            continue;
        }
        let failures = in_file.iter().filter(|r| !r.mismatches.is_empty()).count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\">",
            xml_attr(&file.name),
            in_file.len()
        );
        let classname = std::path::Path::new(&file.name)
            .file_stem()
            .map_or(String::new(), |s| s.to_string_lossy().into_owned());
        for run in in_file {
            let open = format!(
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                xml_attr(&run.scenario.name),
                xml_attr(&classname),
                xml_attr(&file.name),
                run.scenario.line
            );
            if run.mismatches.is_empty() {
                let _ = writeln!(out, "{open}/>");
                continue;
            }
            let message: Vec<String> = run.mismatches.iter().map(Mismatch::summary).collect();
            let mut body = String::new();
            for m in &run.mismatches {
                let _ = writeln!(body, "- {}: {}", m.key, m.expected);
                let _ = writeln!(body, "+ {}: {}", m.actual_key, m.actual);
            }
            let _ = write!(body, "fired rules: {}", fired_text(&run.fired));
            let _ = writeln!(out, "{open}>");
            let _ = writeln!(
                out,
                "      <failure message=\"{}\">{}</failure>",
                xml_attr(&message.join("; ")),
                xml_escape(&body)
            );
            let _ = writeln!(out, "    </testcase>");
        }
        let _ = writeln!(out, "  </testsuite>");
    }
    out.push_str("</testsuites>\n");
    out
}

/// Escapes text for XML content; drops the control characters XML 1.0 cannot hold at all.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for an XML attribute, where a raw line break would be read as a space.
pub fn xml_attr(text: &str) -> String {
    xml_escape(text)
        .replace('\n', "&#10;")
        .replace('\t', "&#9;")
}

#[cfg(test)]
mod tests {
    use super::{xml_attr, xml_escape};

    #[test]
    fn xml_is_escaped() {
        assert_eq!(
            xml_escape("a<b> & \"c\" 'd'\n\u{1}e"),
            "a&lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;\ne"
        );
        assert_eq!(xml_attr("a\nb"), "a&#10;b");
    }
}
