//! Compiles the hazard log (`hazards:`): every control and every invariant it cites must name
//! one of that kind, with a located did-you-mean, like every other reference. The scenarios it
//! cites are kept by id (with where each is named) for the commands that read the scenarios.

use super::{Compiler, span};
use crate::kb::Entity;
use crate::kb::hazard::{Controls, Hazard, Risk, Verification};
use crate::kb::raw::{RawFile, RawRisk};
use serde_saphyr::Spanned;

impl Compiler {
    /// Registers and compiles every hazard. `None` if any of them is wrong (the problems are in
    /// the diagnostics). `rules_ok` says whether every rule compiled: rule indices mean nothing
    /// otherwise.
    pub(super) fn hazards(
        &mut self,
        raws: &mut [(usize, RawFile)],
        rules_ok: bool,
    ) -> Option<Vec<Hazard>> {
        let mut hazards = Vec::new();
        let mut ok = rules_ok;
        let mut registered = 0;
        // A finding named as a control is one that is asked: a concept is derived by rules.
        let concepts: Vec<bool> = self.facts.iter().map(|f| f.is_concept()).collect();
        for (file, raw) in raws {
            let file = *file;
            for raw in std::mem::take(&mut raw.hazards) {
                let is_new = self.register(&raw.id, file, Entity::Hazard(registered));
                registered += usize::from(is_new);
                ok &= is_new;
                let c = &raw.controls;
                // Invariants of either kind (each reported, in file order, if it is neither).
                let mut all_invariants = 0;
                let controls = Controls {
                    rules: self.refs(&c.rules, file, "rule", |e| match e {
                        Entity::Rule(r) => Some(r),
                        _ => None,
                    }),
                    findings: self.refs(&c.findings, file, "finding", |e| match e {
                        Entity::Fact(f) if !concepts[f] => Some(f),
                        _ => None,
                    }),
                    screens: self.refs(&c.screens, file, "screening question", |e| match e {
                        Entity::Screen(s) => Some(s),
                        _ => None,
                    }),
                    invariants: {
                        all_invariants +=
                            self.refs(&c.invariants, file, "invariant", invariant).len();
                        pick(&c.invariants, &self.ids, urgency_invariant)
                    },
                    text_invariants: pick(&c.invariants, &self.ids, text_invariant),
                    texts: self.texts_named(&c.texts, file),
                    safety_nets: self.refs(&c.safety_nets, file, "safety net", |e| match e {
                        Entity::SafetyNet(n) => Some(n),
                        _ => None,
                    }),
                    software: raw.controls.software.clone(),
                };
                let verification = Verification {
                    scenarios: raw
                        .verification
                        .scenarios
                        .iter()
                        .map(|s| (s.value.clone(), span(file, s.referenced)))
                        .collect(),
                    invariants: {
                        let v = &raw.verification.invariants;
                        all_invariants += self.refs(v, file, "invariant", invariant).len();
                        pick(v, &self.ids, urgency_invariant)
                    },
                    text_invariants: pick(&raw.verification.invariants, &self.ids, text_invariant),
                    tests: raw.verification.tests.clone(),
                };
                self.check_citations(&raw.sources, file);
                for group in &raw.groups {
                    if !crate::kb::is_valid_id(&group.value) {
                        self.error_with_help(
                            format!("`{}` is not a valid group tag", group.value),
                            span(file, group.referenced),
                            Some("tags are written like ids: a-z, 0-9, `_` and `-`".into()),
                        );
                    }
                }
                let resolved = controls.rules.len() == c.rules.len()
                    && controls.findings.len() == c.findings.len()
                    && controls.screens.len() == c.screens.len()
                    && all_invariants == c.invariants.len() + raw.verification.invariants.len()
                    && controls.safety_nets.len() == c.safety_nets.len();
                ok &= resolved;
                hazards.push(Hazard {
                    id: raw.id.value.clone(),
                    title: raw.title,
                    harm: raw.harm,
                    cause: raw.cause,
                    effect: raw.effect,
                    groups: raw.groups.into_iter().map(|g| g.value).collect(),
                    initial_risk: risk(raw.initial_risk),
                    residual_risk: risk(raw.residual_risk),
                    controls,
                    verification,
                    sources: raw.sources.into_iter().map(|s| s.value).collect(),
                    status: raw.status,
                    actions: raw.actions,
                    span: span(file, raw.id.referenced),
                });
            }
        }
        ok.then_some(hazards)
    }

    /// The texts named (each a text's id or a whole field), as their parts.
    fn texts_named(&mut self, ids: &[Spanned<String>], file: usize) -> Vec<crate::kb::TextId> {
        let mut out = Vec::new();
        for id in ids {
            out.extend(self.text_ref(id, file).unwrap_or_default());
        }
        out
    }

    /// Resolves a list of ids that must each name an entity `pick` accepts, reporting every one
    /// that does not; the result holds only those that do.
    fn refs(
        &mut self,
        ids: &[Spanned<String>],
        file: usize,
        noun: &str,
        pick: impl Fn(Entity) -> Option<usize>,
    ) -> Vec<usize> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let found = self.ids.get(id.value.as_str()).copied();
            match found.and_then(&pick) {
                Some(index) => out.push(index),
                None => {
                    self.unknown(noun, id, file, found, |e| pick(e).is_some());
                    let concept = matches!(found, Some(Entity::Fact(_)));
                    if let Some(last) = self.diagnostics.last_mut()
                        && concept
                        && last.help.is_none()
                    {
                        last.help = Some(
                            "name the findings (questions) that ask about the hazard; a concept is derived by rules"
                                .into(),
                        );
                    }
                }
            }
        }
        out
    }
}

fn invariant(entity: Entity) -> Option<usize> {
    match entity {
        Entity::Invariant(i) | Entity::TextInvariant(i) => Some(i),
        _ => None,
    }
}

fn urgency_invariant(entity: Entity) -> Option<usize> {
    match entity {
        Entity::Invariant(i) => Some(i),
        _ => None,
    }
}

fn text_invariant(entity: Entity) -> Option<usize> {
    match entity {
        Entity::TextInvariant(i) => Some(i),
        _ => None,
    }
}

/// The ids of `ids` that `kind` accepts, resolved (the others are reported by `refs`).
fn pick(
    ids: &[Spanned<String>],
    known: &crate::kb::IdMap<Entity>,
    kind: fn(Entity) -> Option<usize>,
) -> Vec<usize> {
    ids.iter()
        .filter_map(|id| known.get(id.value.as_str()).copied().and_then(kind))
        .collect()
}

fn risk(raw: RawRisk) -> Risk {
    Risk {
        severity: raw.severity,
        likelihood: raw.likelihood,
    }
}
