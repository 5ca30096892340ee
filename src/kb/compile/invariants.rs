//! Compiles the `invariants:` of the knowledge base: the safety properties `triage verify`
//! proves. They are checked like rules: every id resolved, with a located did-you-mean.

use super::{Compiler, span};
use crate::kb::raw::RawFile;
use crate::kb::{Entity, Invariant};

impl Compiler {
    /// Registers and compiles every invariant. `None` if any of them is wrong (the problems are
    /// in the diagnostics).
    pub(super) fn invariants(&mut self, raws: &[(usize, RawFile)]) -> Option<Vec<Invariant>> {
        let mut invariants = Vec::new();
        let mut ok = true;
        // Counted apart from `invariants`, so that no two registered invariants share an
        // entity (where each is defined is kept by entity); the same indices when all is well.
        let mut registered_count = 0;
        for (file, raw) in raws {
            let file = *file;
            for raw in &raw.invariants {
                // Once one is wrong the knowledge base fails to load, so indices no longer matter.
                let registered = self.register(&raw.id, file, Entity::Invariant(registered_count));
                registered_count += usize::from(registered);
                let when = self.condition(&raw.when, file);
                let at_least = self.level_ref(&raw.at_least, file);
                let lists_cause = match &raw.lists_cause {
                    None => Some(None),
                    Some(cause) => match self.ids.get(&cause.value).copied() {
                        Some(Entity::Cause(c)) => Some(Some(c)),
                        found => {
                            self.unknown("cause", cause, file, found, |e| {
                                matches!(e, Entity::Cause(_))
                            });
                            None
                        }
                    },
                };
                self.check_citations(&raw.sources, file);
                match (registered, when, at_least, lists_cause) {
                    (true, Some(when), Some(at_least), Some(lists_cause)) if ok => {
                        invariants.push(Invariant {
                            id: raw.id.value.clone(),
                            description: raw.description.clone(),
                            when,
                            at_least,
                            lists_cause,
                            sources: raw.sources.iter().map(|s| s.value.clone()).collect(),
                            span: span(file, raw.id.referenced),
                        });
                    }
                    _ => ok = false,
                }
            }
        }
        ok.then_some(invariants)
    }
}
