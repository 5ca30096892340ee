//! Compiles the `screens:` of the knowledge base: screening questions that ask several yes/no
//! findings at once. Each lists findings that can be answered yes or no on their own, and a
//! finding belongs to one screen at most, so an answer to a screen settles each finding once.

use super::{Compiler, span};
use crate::kb::raw::RawFile;
use crate::kb::{Entity, FactKind, Screen};

impl Compiler {
    /// Registers and compiles every screening question. `None` if any of them is wrong (the
    /// problems are in the diagnostics).
    pub(super) fn screens(&mut self, raws: &[(usize, RawFile)]) -> Option<Vec<Screen>> {
        let mut screens: Vec<Screen> = Vec::new();
        let mut ok = true;
        for (file, raw) in raws {
            let file = *file;
            for raw in &raw.screens {
                let registered = self.register(&raw.id, file, Entity::Screen(screens.len()));
                let at = span(file, raw.id.referenced);
                if raw.question.value.trim().is_empty() {
                    self.error(
                        format!("the screening question `{}` has no words", raw.id.value),
                        span(file, raw.question.referenced),
                    );
                    ok = false;
                }
                let mut findings = Vec::new();
                for id in &raw.findings {
                    let here = span(file, id.referenced);
                    let f = match self.ids.get(id.value.as_str()).copied() {
                        Some(Entity::Fact(f)) if !self.facts[f].is_concept() => f,
                        found => {
                            self.unknown("finding", id, file, found, |e| {
                                matches!(e, Entity::Fact(_))
                            });
                            ok = false;
                            continue;
                        }
                    };
                    let fact = &self.facts[f];
                    let problem = if fact.kind != FactKind::YesNo {
                        Some(format!(
                            "`{}` is a {} finding; a screening question lists yes/no findings",
                            id.value,
                            fact.kind.name()
                        ))
                    } else if fact.complaint {
                        Some(format!(
                            "`{}` is a main complaint, asked in the opening question; it can't be in a screening question too",
                            id.value
                        ))
                    } else if let Some(other) = screens.iter().find(|s| s.findings.contains(&f)) {
                        Some(format!(
                            "`{}` is already in the screening question `{}`",
                            id.value, other.id
                        ))
                    } else if findings.contains(&f) {
                        Some(format!("`{}` is listed twice", id.value))
                    } else {
                        None
                    };
                    match problem {
                        Some(message) => {
                            self.error(message, here);
                            ok = false;
                        }
                        None => findings.push(f),
                    }
                }
                if raw.findings.len() < 2 {
                    self.error_with_help(
                        format!(
                            "the screening question `{}` lists {} finding{}",
                            raw.id.value,
                            raw.findings.len(),
                            if raw.findings.len() == 1 { "" } else { "s" }
                        ),
                        at,
                        Some("a screening question asks two or more findings at once; ask a single finding on its own".into()),
                    );
                    ok = false;
                }
                if registered {
                    screens.push(Screen {
                        id: raw.id.value.as_str().into(),
                        question: raw.question.value.as_str().into(),
                        help: raw.help.clone().unwrap_or_default().into(),
                        findings,
                        span: at,
                    });
                } else {
                    ok = false;
                }
            }
        }
        ok.then_some(screens)
    }
}
