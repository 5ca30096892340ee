//! Compiles the `invariants:` of the knowledge base: the safety properties `triage verify`
//! proves, of two kinds. An urgency invariant (`at_least`): whenever `when` holds, the urgency
//! is at least that level. A text invariant (`never_shown` or `never_shown_kind`): those texts
//! are never shown in the situations it names. They are checked like rules: every id
//! resolved, with a located did-you-mean.

use super::{Compiler, span};
use crate::kb::raw::{RawFile, RawInvariant};
use crate::kb::text::TextInvariant;
use crate::kb::{Entity, Invariant};

impl Compiler {
    /// Registers and compiles every invariant. `None` if any of them is wrong (the problems are
    /// in the diagnostics).
    pub(super) fn invariants(
        &mut self,
        raws: &[(usize, RawFile)],
    ) -> Option<(Vec<Invariant>, Vec<TextInvariant>)> {
        let mut invariants = Vec::new();
        let mut text_invariants = Vec::new();
        let mut ok = true;
        // Counted apart from the lists, so that no two registered invariants share an entity
        // (where each is defined is kept by entity); the same indices when all is well.
        let (mut urgency_count, mut text_count) = (0, 0);
        for (file, raw) in raws {
            let file = *file;
            for raw in &raw.invariants {
                let is_text = !raw.never_shown.is_empty() || raw.never_shown_kind.is_some();
                let entity = if is_text {
                    Entity::TextInvariant(text_count)
                } else {
                    Entity::Invariant(urgency_count)
                };
                // Once one is wrong the knowledge base fails to load, so indices no longer matter.
                let registered = self.register(&raw.id, file, entity);
                if is_text {
                    text_count += usize::from(registered);
                    let invariant = self.text_invariant(raw, file);
                    self.check_citations(&raw.sources, file);
                    match invariant {
                        Some(invariant) if registered && ok => text_invariants.push(invariant),
                        _ => ok = false,
                    }
                } else {
                    urgency_count += usize::from(registered);
                    let invariant = self.urgency_invariant(raw, file);
                    self.check_citations(&raw.sources, file);
                    match invariant {
                        Some(invariant) if registered && ok => invariants.push(invariant),
                        _ => ok = false,
                    }
                }
            }
        }
        ok.then_some((invariants, text_invariants))
    }

    fn urgency_invariant(&mut self, raw: &RawInvariant, file: usize) -> Option<Invariant> {
        let at = span(file, raw.id.referenced);
        let misplaced: Vec<&str> = [
            (!raw.with_causes.is_empty(), "with_causes"),
            (raw.at_or_above.is_some(), "at_or_above"),
            (raw.below.is_some(), "below"),
        ]
        .into_iter()
        .filter_map(|(given, key)| given.then_some(key))
        .collect();
        if !misplaced.is_empty() {
            self.error_with_help(
                format!(
                    "`{}` belong{} to an invariant about texts (with `never_shown`)",
                    misplaced.join("`, `"),
                    if misplaced.len() == 1 { "s" } else { "" }
                ),
                at,
                None,
            );
            return None;
        }
        let (Some(when), Some(at_least)) = (&raw.when, &raw.at_least) else {
            self.error_with_help(
                format!("invariant `{}` says nothing to prove", raw.id.value),
                at,
                Some("give `when:` and `at_least:` (the urgency it guarantees), or `never_shown:` and a situation (texts it is never shown in)".into()),
            );
            return None;
        };
        let when = self.condition(when, file);
        let at_least = self.level_ref(at_least, file);
        let lists_cause = match &raw.lists_cause {
            None => Some(None),
            Some(cause) => match self.ids.get(cause.value.as_str()).copied() {
                Some(Entity::Cause(c)) => Some(Some(c)),
                found => {
                    self.unknown("cause", cause, file, found, |e| {
                        matches!(e, Entity::Cause(_))
                    });
                    None
                }
            },
        };
        Some(Invariant {
            id: raw.id.value.clone(),
            description: raw.description.clone(),
            when: when?,
            at_least: at_least?,
            lists_cause: lists_cause?,
            sources: raw.sources.iter().map(|s| s.value.clone()).collect(),
            span: at,
        })
    }

    fn text_invariant(&mut self, raw: &RawInvariant, file: usize) -> Option<TextInvariant> {
        let at = span(file, raw.id.referenced);
        let mut ok = true;
        if raw.at_least.is_some() || raw.lists_cause.is_some() {
            self.error(
                "`at_least` and `lists_cause` belong to an invariant about the urgency; one about texts says where they are never shown",
                at,
            );
            ok = false;
        }
        if !raw.never_shown.is_empty() && raw.never_shown_kind.is_some() {
            self.error(
                "give `never_shown` (texts by id) or `never_shown_kind`, not both",
                at,
            );
            ok = false;
        }
        let situations = raw.when.is_some()
            || !raw.with_causes.is_empty()
            || raw.at_or_above.is_some()
            || raw.below.is_some();
        if !situations {
            self.error_with_help(
                format!("invariant `{}` names texts but no situation they are never shown in", raw.id.value),
                at,
                Some("give `when:` (a condition), `with_causes:`, `at_or_above:` or `below:` (a level)".into()),
            );
            ok = false;
        }
        let mut texts = Vec::new();
        for id in &raw.never_shown {
            match self.text_ref(id, file) {
                Some(parts) => texts.extend(parts),
                None => ok = false,
            }
        }
        if let Some(kind) = &raw.never_shown_kind {
            texts.extend((0..self.texts.len()).filter(|&t| self.texts[t].kind == Some(kind.value)));
        }
        let when = match &raw.when {
            Some(node) => {
                let compiled = self.condition(node, file);
                ok &= compiled.is_some();
                compiled
            }
            None => None,
        };
        let mut with_causes = Vec::new();
        for cause in &raw.with_causes {
            match self.ids.get(cause.value.as_str()).copied() {
                Some(Entity::Cause(c)) => with_causes.push(c),
                found => {
                    self.unknown("cause", cause, file, found, |e| {
                        matches!(e, Entity::Cause(_))
                    });
                    ok = false;
                }
            }
        }
        let mut level = |compiler: &mut Compiler, id: &Option<serde_saphyr::Spanned<String>>| {
            let level = id.as_ref().map(|id| compiler.level_ref(id, file));
            if matches!(level, Some(None)) {
                ok = false;
            }
            level.flatten()
        };
        let at_or_above = level(self, &raw.at_or_above);
        let below = level(self, &raw.below);
        ok.then(|| TextInvariant {
            id: raw.id.value.clone(),
            description: raw.description.clone(),
            texts,
            when,
            with_causes,
            at_or_above,
            below,
            sources: raw.sources.iter().map(|s| s.value.clone()).collect(),
            span: at,
        })
    }
}
