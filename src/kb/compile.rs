//! Turns the parsed files into one `KnowledgeBase`: registers every id, resolves references,
//! checks kinds and ranges, and collects every problem found rather than stopping at the first.

use super::node::Node;
use super::raw::{RawAction, RawCodes, RawFile, RawFinding, RawKind};
use super::{
    Action, Cause, Coded, Codes, Entity, Fact, FactKind, IdMap, KnowledgeBase, Level, Metadata,
    Rule, Source, Str, not_sure, stratify,
};
use crate::condition::{Comparison, Condition};
use crate::diagnostic::{Diagnostic, SourceFile, Span};
use crate::error::Error;
use crate::suggest::did_you_mean;
use serde_saphyr::{Location, Spanned};
use std::collections::HashMap;

mod hazards;
mod invariants;
mod levels;
mod screens;
mod terminal_text;
mod texts;

/// Words with a meaning of their own in conditions, so no fact may take them as its id.
/// The largest evidence weight and `min_cause_score` (in size): far above any real one, and
/// small enough that no sum of scores can lose precision or overflow.
pub const MAX_WEIGHT: f64 = 1_000_000.0;

/// A number for a message: in scientific notation when it is huge or tiny, so that `1e300`
/// is not three hundred digits long.
fn number_text(n: f64) -> String {
    if n.is_finite() && n != 0.0 && !(1e-6..1e15).contains(&n.abs()) {
        format!("{n:e}")
    } else {
        format!("{n}")
    }
}

const RESERVED: [&str; 5] = ["all", "any", "not", "at_least", "of"];

/// A translation file as parsed (rules/locales/*.yaml): its index among the files, and its
/// contents, read by `locale::read`.
pub(super) type RawLocale = (usize, Spanned<Node>);

pub(super) fn compile(
    files: Vec<SourceFile>,
    mut raws: Vec<(usize, RawFile)>,
    locales: Vec<RawLocale>,
) -> Result<(KnowledgeBase, Vec<Diagnostic>), Error> {
    // Every id is registered: sized at once, the maps never grow (and rehash) on the way.
    let entities: usize = raws
        .iter()
        .map(|(_, r)| {
            r.levels.len()
                + r.findings.len()
                + r.concepts.len()
                + r.causes.len()
                + r.rules.len()
                + r.invariants.len()
                + r.screens.len()
                + r.hazards.len()
                + r.metadata.as_ref().map_or(0, |m| m.value.sources.len())
        })
        .sum();
    let mut compiler = Compiler {
        names: files.iter().map(|f| f.name.clone()).collect(),
        diagnostics: Vec::new(),
        ids: IdMap::with_capacity_and_hasher(entities, Default::default()),
        rule_spans: Vec::new(),
        other_spans: HashMap::new(),
        facts: Vec::new(),
        sources: Vec::new(),
        levels: Vec::new(),
        causes: Vec::new(),
        texts: Vec::new(),
    };
    let locales: Vec<_> = locales
        .iter()
        .filter_map(|(file, node)| {
            super::locale::read(node, *file, &files[*file].name, &mut compiler.diagnostics)
        })
        .collect();
    let kb = compiler.run(&mut raws, locales);
    drop(raws);
    match kb {
        Some(mut kb) if !compiler.diagnostics.iter().any(Diagnostic::is_error) => {
            kb.files = files;
            Ok((kb, compiler.diagnostics))
        }
        _ => Err(Error::KnowledgeBase {
            diagnostics: compiler.diagnostics,
            files,
        }),
    }
}

struct Compiler {
    names: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    ids: IdMap<Entity>,
    /// Where each rule, source and invariant is defined (facts, causes and levels keep their
    /// own), for `defined_at`: no second map of every id.
    rule_spans: Vec<Option<Span>>,
    other_spans: HashMap<Entity, Option<Span>>,
    facts: Vec<Fact>,
    sources: Vec<Source>,
    levels: Vec<Level>,
    causes: Vec<Cause>,
    texts: Vec<crate::kb::text::Text>,
}

fn span(file: usize, location: Location) -> Option<Span> {
    Span::at(file, location)
}

impl Compiler {
    fn error(&mut self, message: impl Into<String>, span: Option<Span>) {
        self.diagnostics.push(Diagnostic::error(message, span));
    }

    fn error_with_help(
        &mut self,
        message: impl Into<String>,
        span: Option<Span>,
        help: Option<String>,
    ) {
        self.diagnostics
            .push(Diagnostic::error(message, span).with_help(help));
    }

    fn run(
        &mut self,
        raws: &mut [(usize, RawFile)],
        locales: Vec<super::locale::Locale>,
    ) -> Option<KnowledgeBase> {
        let metadata = self.metadata(raws);
        self.register_levels(raws);
        self.check_level_order();
        let default_level = self.default_level(raws);
        self.register_facts(raws);
        self.level_actions(raws);
        self.register_causes(raws);
        self.cause_texts(raws);
        let rule_count = self.register_rules(raws);
        self.compile_ask_if(raws);
        self.check_cause_sources(raws);
        let not_sure = self.not_sure_setting(raws);
        let mut rules = self.compile_rules(raws, rule_count);
        if let Some(setting) = &not_sure
            && rules.len() == rule_count
        {
            self.add_not_sure_companions(setting, &mut rules);
        }
        let rule_count = rules.len();
        let invariants = self.invariants(raws);
        let screens = self.screens(raws);
        let safety_nets = self.safety_nets(raws);
        let hazards = self.hazards(raws, rules.len() == rule_count);

        if self.levels.is_empty() {
            self.error(
                "the knowledge base defines no urgency levels (`levels:`)",
                None,
            );
        }
        self.check_texts(
            metadata.as_ref(),
            &rules,
            invariants
                .as_ref()
                .map_or(&[], |(invariants, _)| invariants.as_slice()),
            screens.as_deref().unwrap_or_default(),
        );
        let (metadata, default_level) = (metadata?, default_level?);
        if rules.len() != rule_count {
            return None;
        }
        let ((invariants, text_invariants), screens) = (invariants?, screens?);
        let (safety_nets, hazards) = (safety_nets?, hazards?);
        let stratified = match stratify::stratify(&self.facts, &rules) {
            Ok(stratified) => stratified,
            Err(cycles) => {
                for cycle in cycles {
                    let first = cycle.rules.first().map(|&r| rules[r].span).unwrap_or(None);
                    let names: Vec<String> = cycle
                        .rules
                        .iter()
                        .map(|&r| format!("`{}`", rules[r].id))
                        .collect();
                    self.error_with_help(
                        format!(
                            "the rules {} form a cycle through negation: `{}` depends on its own absence",
                            names.join(" → "),
                            self.facts[cycle.concept].id
                        ),
                        first,
                        Some(
                            "a rule may test `not` of a concept only if that concept never depends on the rule; \
                             split the concept or remove the negation"
                                .to_string(),
                        ),
                    );
                }
                return None;
            }
        };
        let mut kb = KnowledgeBase {
            metadata,
            levels: std::mem::take(&mut self.levels),
            default_level,
            facts: std::mem::take(&mut self.facts),
            causes: std::mem::take(&mut self.causes),
            rules,
            strata: stratified.strata,
            rule_stratum: stratified.rule_stratum,
            fact_stratum: stratified.fact_stratum,
            readers: stratified.readers,
            derivers: stratified.derivers,
            invariants: super::lazy::Lazy::new(invariants),
            screens,
            hazards: super::lazy::Lazy::new(hazards),
            text_facts: texts::text_facts(&self.texts, &safety_nets),
            texts: std::mem::take(&mut self.texts),
            text_invariants: super::lazy::Lazy::new(text_invariants),
            safety_nets,
            not_sure_reason: not_sure.map(|s| (s.reason, s.span)),
            locales: super::locale::Locales::new(locales),
            translation: None,
            files: Vec::new(),
            ids: std::mem::take(&mut self.ids),
            red_flags: Vec::new(),
        };
        kb.red_flags = kb.red_flag_order();
        Some(kb)
    }

    /// Registers an id, reporting a duplicate or a malformed one. Returns false if rejected.
    fn register(&mut self, id: &Spanned<String>, file: usize, entity: Entity) -> bool {
        let at = span(file, id.referenced);
        if !super::is_valid_id(&id.value) {
            self.error_with_help(
                format!("`{}` is not a valid id", crate::diagnostic::echo(&id.value)),
                at,
                Some(
                    "ids start with a lower-case letter and use only a-z, 0-9, `_` and `-`".into(),
                ),
            );
            return false;
        }
        if matches!(entity, Entity::Fact(_)) && RESERVED.contains(&id.value.as_str()) {
            self.error(
                format!(
                    "`{}` is a reserved word of conditions and can't be an id",
                    id.value
                ),
                at,
            );
            return false;
        }
        if let Some(&first) = self.ids.get(id.value.as_str()) {
            let help = self
                .defined_at(first)
                .and_then(|s| self.where_is(s))
                .map(|w| format!("first defined at {w}"));
            self.error_with_help(format!("duplicate id `{}`", id.value), at, help);
            return false;
        }
        self.ids.insert(id.value.as_str().into(), entity);
        match entity {
            // The caller keeps the span with what it registers, at this index.
            Entity::Fact(_) | Entity::Cause(_) | Entity::Level(_) | Entity::Text(_) => {}
            Entity::Rule(_) => self.rule_spans.push(at),
            Entity::Source(_)
            | Entity::Invariant(_)
            | Entity::TextInvariant(_)
            | Entity::Screen(_)
            | Entity::Hazard(_)
            | Entity::SafetyNet(_) => {
                self.other_spans.insert(entity, at);
            }
        }
        true
    }

    /// Where a registered entity is defined.
    fn defined_at(&self, entity: Entity) -> Option<Span> {
        match entity {
            Entity::Fact(f) => self.facts[f].span,
            Entity::Cause(c) => self.causes[c].span,
            Entity::Level(l) => self.levels[l].span,
            Entity::Rule(r) => self.rule_spans[r],
            Entity::Text(t) => self.texts[t].span,
            other => self.other_spans.get(&other).copied().flatten(),
        }
    }

    fn where_is(&self, span: Span) -> Option<String> {
        Some(format!(
            "{}:{}:{}",
            self.names.get(span.file)?,
            span.line,
            span.column
        ))
    }

    fn metadata(&mut self, raws: &[(usize, RawFile)]) -> Option<Metadata> {
        let mut found: Option<Metadata> = None;
        for (file, raw) in raws {
            let Some(meta) = &raw.metadata else { continue };
            if found.is_some() {
                self.error(
                    "`metadata:` is defined more than once",
                    span(*file, meta.referenced),
                );
                continue;
            }
            let m = &meta.value;
            if !is_semver(&m.version.value) {
                self.error(
                    format!(
                        "version `{}` is not a semantic version like 1.2.0",
                        m.version.value
                    ),
                    span(*file, m.version.referenced),
                );
            }
            if !is_date(&m.last_reviewed.value) {
                self.error(
                    format!(
                        "last_reviewed `{}` is not a date like 2026-11-26",
                        m.last_reviewed.value
                    ),
                    span(*file, m.last_reviewed.referenced),
                );
            }
            for source in &m.sources {
                if self.register(&source.id, *file, Entity::Source(self.sources.len())) {
                    self.sources.push(Source {
                        id: source.id.value.as_str().into(),
                        title: source.title.as_str().into(),
                        file: source.file.clone().map(Into::into),
                        url: source.url.clone().map(Into::into),
                    });
                }
            }
            found = Some(Metadata {
                name: m.name.as_str().into(),
                version: m.version.value.as_str().into(),
                status: m.status,
                last_reviewed: m.last_reviewed.value.as_str().into(),
                authors: m.authors.iter().map(Into::into).collect(),
                min_cause_score: self.min_cause_score(m.min_cause_score),
                sources: self.sources.clone(),
                source: String::new(),
            });
        }
        if found.is_none() {
            self.error("no file defines the knowledge base's `metadata:`", None);
        }
        found
    }

    /// `min_cause_score`, which must be a number a score can reach (NaN would read as 0, and
    /// compare false with every score).
    fn min_cause_score(&mut self, score: Option<f64>) -> f64 {
        let score = score.unwrap_or(1.0);
        if !(score.is_finite() && score.abs() <= MAX_WEIGHT) {
            self.error(
                format!(
                    "`min_cause_score` must be a number from -{MAX_WEIGHT} to {MAX_WEIGHT}, not \
                     {}",
                    number_text(score)
                ),
                None,
            );
            return 1.0;
        }
        score
    }

    fn register_levels(&mut self, raws: &[(usize, RawFile)]) {
        for (file, raw) in raws {
            for level in &raw.levels {
                if self.register(&level.id, *file, Entity::Level(self.levels.len())) {
                    self.levels.push(Level {
                        id: level.id.value.as_str().into(),
                        label: level.label.as_str().into(),
                        // Compiled once the findings its conditions read are known.
                        action: Vec::new(),
                        emergency: level.emergency,
                        span: span(*file, level.id.referenced),
                    });
                }
            }
        }
    }

    fn default_level(&mut self, raws: &[(usize, RawFile)]) -> Option<usize> {
        let mut found = None;
        for (file, raw) in raws {
            let Some(id) = &raw.default_level else {
                continue;
            };
            let at = span(*file, id.referenced);
            if found.is_some() {
                self.error("`default_level:` is defined more than once", at);
                continue;
            }
            found = Some(self.level_ref(id, *file));
        }
        if found.is_none() {
            self.error(
                "no file defines the knowledge base's `default_level:`",
                None,
            );
        }
        found.flatten()
    }

    /// The `not_sure:` setting, defined at most once, its citations checked.
    fn not_sure_setting(&mut self, raws: &[(usize, RawFile)]) -> Option<not_sure::Setting> {
        let mut found = None;
        for (file, raw) in raws {
            let Some(setting) = &raw.not_sure else {
                continue;
            };
            let at = span(*file, setting.referenced);
            if found.is_some() {
                self.error("`not_sure:` is defined more than once", at);
                continue;
            }
            if setting.value.reason.trim().is_empty() {
                self.error("`not_sure:` needs a `reason:` to tell the person", at);
            }
            self.check_citations(&setting.value.sources, *file);
            found = Some(not_sure::Setting {
                reason: setting.value.reason.clone(),
                sources: setting
                    .value
                    .sources
                    .iter()
                    .map(|s| s.value.clone())
                    .collect(),
                span: at,
            });
        }
        found
    }

    /// Appends the rules generated for "not sure" of each red flag, registering their ids.
    fn add_not_sure_companions(&mut self, setting: &not_sure::Setting, rules: &mut Vec<Rule>) {
        let emergency: Vec<bool> = self.levels.iter().map(|l| l.emergency).collect();
        for rule in not_sure::companions(setting, &self.facts, rules, &emergency) {
            if let Some(taken) = self.ids.get(rule.id.as_str()).copied() {
                let noun = self.noun_of(taken);
                self.error_with_help(
                    format!(
                        "the rule generated for \"not sure\" of `{}` would be called `{}`, but that id is already {} {noun}",
                        rule.not_sure_of.map_or("", |f| self.facts[f].id.as_str()),
                        rule.id,
                        article(noun),
                    ),
                    self.defined_at(taken).or(setting.span),
                    Some("rename it: ids starting `rf_not_sure_` are kept for these rules".to_string()),
                );
                continue;
            }
            self.ids.insert(rule.id.clone(), Entity::Rule(rules.len()));
            self.rule_spans.push(rule.span);
            rules.push(rule);
        }
    }

    fn level_ref(&mut self, id: &Spanned<String>, file: usize) -> Option<usize> {
        match self.ids.get(id.value.as_str()) {
            Some(Entity::Level(l)) => Some(*l),
            other => {
                self.unknown("urgency level", id, file, other.copied(), |e| {
                    matches!(e, Entity::Level(_))
                });
                None
            }
        }
    }

    /// Reports an id that does not name the expected kind of entity, with a suggestion.
    fn unknown(
        &mut self,
        noun: &str,
        id: &Spanned<String>,
        file: usize,
        found: Option<Entity>,
        wanted: impl Fn(Entity) -> bool,
    ) {
        let at = span(file, id.referenced);
        let message = match found {
            Some(entity) => format!(
                "`{}` is {} {}, not {} {noun}",
                id.value,
                article(self.noun_of(entity)),
                self.noun_of(entity),
                article(noun)
            ),
            None => format!("unknown {noun} `{}`", crate::diagnostic::echo(&id.value)),
        };
        let candidates: Vec<&str> = self
            .ids
            .iter()
            .filter(|(_, e)| wanted(**e))
            .map(|(k, _)| k.as_str())
            .collect();
        let help = did_you_mean(&id.value, candidates);
        self.error_with_help(message, at, help);
    }

    fn noun_of(&self, entity: Entity) -> &'static str {
        match entity {
            Entity::Fact(f) if self.facts[f].is_concept() => "concept",
            Entity::Fact(_) => "finding",
            Entity::Cause(_) => "cause",
            Entity::Level(_) => "urgency level",
            Entity::Rule(_) => "rule",
            Entity::Source(_) => "source",
            Entity::Invariant(_) => "invariant",
            Entity::Screen(_) => "screening question",
            Entity::Hazard(_) => "hazard",
            Entity::Text(_) => "text",
            Entity::SafetyNet(_) => "safety net",
            Entity::TextInvariant(_) => "invariant",
        }
    }

    /// Registers findings and concepts, moving their texts out of the parsed files (nothing
    /// reads them there again), so that they are not held twice while the rules compile.
    fn register_facts(&mut self, raws: &mut [(usize, RawFile)]) {
        let count = raws
            .iter()
            .map(|(_, r)| r.findings.len() + r.concepts.len());
        self.facts.reserve_exact(count.sum());
        for (file, raw) in raws {
            for finding in &mut raw.findings {
                let Some(kind) = self.finding_kind(finding, *file) else {
                    continue;
                };
                if self.register(&finding.id, *file, Entity::Fact(self.facts.len())) {
                    let codes = self.codes(finding.codes.take(), *file);
                    self.facts.push(Fact {
                        id: finding.id.value.clone(),
                        kind,
                        question: finding.question.take().unwrap_or_default().into(),
                        label: finding.label.take().map(Into::into),
                        help: finding.help.take().unwrap_or_default().into(),
                        description: Str::default(),
                        red_flag: finding.red_flag,
                        complaint: finding.complaint,
                        ask_if: None,
                        option_labels: Vec::new(),
                        codes,
                        replaced_by: Vec::new(),
                        part_of: Vec::new(),
                        span: span(*file, finding.id.referenced),
                    });
                }
            }
            for concept in &mut raw.concepts {
                if self.register(&concept.id, *file, Entity::Fact(self.facts.len())) {
                    self.facts.push(Fact {
                        id: concept.id.value.clone(),
                        kind: FactKind::Concept,
                        question: Str::default(),
                        label: None,
                        help: Str::default(),
                        description: std::mem::take(&mut concept.description).into(),
                        red_flag: false,
                        complaint: false,
                        ask_if: None,
                        option_labels: Vec::new(),
                        codes: Codes::default(),
                        replaced_by: Vec::new(),
                        part_of: Vec::new(),
                        span: span(*file, concept.id.referenced),
                    });
                }
            }
        }
    }

    fn finding_kind(&mut self, finding: &RawFinding, file: usize) -> Option<FactKind> {
        let at = span(file, finding.id.referenced);
        let id = &finding.id.value;
        let misplaced = |field: &str, kinds: &str| {
            Diagnostic::error(
                format!("`{field}` is only for {kinds} findings, and `{id}` is not one"),
                at,
            )
        };
        let mut problems = Vec::new();
        if finding.kind != RawKind::Number {
            if finding.min.is_some() || finding.max.is_some() {
                problems.push(misplaced("min`/`max", "number"));
            }
            if finding.unit.is_some() {
                problems.push(misplaced("unit", "number"));
            }
        }
        if finding.kind != RawKind::Choice && finding.options.is_some() {
            problems.push(misplaced("options", "choice"));
        }
        let kind = match finding.kind {
            RawKind::YesNo => Some(FactKind::YesNo),
            RawKind::Number => match (&finding.min, &finding.max) {
                (Some(bound), _) | (_, Some(bound)) if !bound.value.is_finite() => {
                    problems.push(Diagnostic::error(
                        format!("`min` and `max` must be numbers, not {}", bound.value),
                        span(file, bound.referenced),
                    ));
                    None
                }
                (Some(min), Some(max)) if min.value < max.value => Some(FactKind::Number {
                    unit: finding.unit.clone().unwrap_or_default(),
                    min: min.value,
                    max: max.value,
                }),
                (Some(min), Some(max)) => {
                    problems.push(Diagnostic::error(
                        format!(
                            "`min` ({}) must be less than `max` ({})",
                            min.value, max.value
                        ),
                        span(file, min.referenced),
                    ));
                    None
                }
                _ => {
                    problems.push(Diagnostic::error(
                        format!("number finding `{id}` needs both `min` and `max`"),
                        at,
                    ));
                    None
                }
            },
            RawKind::Choice => {
                let options: Vec<String> = finding
                    .options
                    .iter()
                    .flatten()
                    .map(|o| o.value.clone())
                    .collect();
                let mut seen = std::collections::HashSet::new();
                for option in finding.options.iter().flatten() {
                    if !seen.insert(&option.value) {
                        problems.push(Diagnostic::error(
                            format!("option `{}` is listed twice", option.value),
                            span(file, option.referenced),
                        ));
                    }
                }
                if options.is_empty() {
                    problems.push(Diagnostic::error(
                        format!("choice finding `{id}` needs a list of `options`"),
                        at,
                    ));
                }
                Some(FactKind::Choice { options })
            }
        };
        let ok = problems.is_empty();
        self.diagnostics.extend(problems);
        if ok { kind } else { None }
    }

    /// Registers the causes, moving their texts out of the parsed files as `register_facts` does.
    fn register_causes(&mut self, raws: &mut [(usize, RawFile)]) {
        for (file, raw) in raws {
            for cause in &mut raw.causes {
                if self.register(&cause.id, *file, Entity::Cause(self.causes.len())) {
                    let codes = self.codes(cause.codes.take(), *file);
                    self.causes.push(Cause {
                        id: cause.id.value.clone(),
                        name: std::mem::take(&mut cause.name),
                        // Compiled once every cause is known (a text's conditions name causes).
                        description: Vec::new(),
                        self_care: Vec::new(),
                        see_doctor: Vec::new(),
                        sources: cause.sources.iter().map(|s| Str::from(&s.value)).collect(),
                        codes,
                        span: span(*file, cause.id.referenced),
                    });
                }
            }
        }
    }

    /// Reads a cause's or finding's codes; a malformed one is an error at its place.
    fn codes(&mut self, raw: Option<RawCodes>, file: usize) -> Codes {
        let Some(raw) = raw else {
            return Codes::default();
        };
        let mut read = |code: Option<Spanned<String>>, parse: fn(&str) -> Result<Coded, String>| {
            let code = code?;
            parse(&code.value)
                .map_err(|message| self.error(message, span(file, code.referenced)))
                .ok()
        };
        Codes {
            snomed: read(raw.snomed, super::codes::parse_snomed),
            icd10: read(raw.icd10, super::codes::parse_icd10),
            uncoded: raw.uncoded,
        }
    }

    fn register_rules(&mut self, raws: &[(usize, RawFile)]) -> usize {
        let mut count = 0;
        for (file, raw) in raws {
            for rule in &raw.rules {
                if self.register(&rule.id, *file, Entity::Rule(count)) {
                    count += 1;
                }
            }
        }
        count
    }

    fn compile_ask_if(&mut self, raws: &[(usize, RawFile)]) {
        for (file, raw) in raws {
            for finding in &raw.findings {
                let own = match self.ids.get(finding.id.value.as_str()).copied() {
                    Some(Entity::Fact(f))
                        if self.facts[f].span == span(*file, finding.id.referenced) =>
                    {
                        Some(f)
                    }
                    _ => None,
                };
                if let Some(node) = &finding.ask_if {
                    let condition = self.condition(node, *file);
                    if let Some(f) = own {
                        self.facts[f].ask_if = condition;
                    }
                }
                let mut parts = Vec::new();
                if let Some(f) = own
                    && !finding.replaced_by.is_empty()
                    && self.facts[f].kind != FactKind::YesNo
                {
                    self.error_with_help(
                        format!(
                            "only a yes/no finding can be replaced by its parts, and `{}` is not one",
                            finding.id.value
                        ),
                        span(*file, finding.id.referenced),
                        Some("remove `replaced_by`, or make the finding a yes/no question".into()),
                    );
                }
                for part in &finding.replaced_by {
                    let Some(p) = self.fact_ref(part, *file) else {
                        continue;
                    };
                    if parts.contains(&p) {
                        self.error_with_help(
                            format!("`{}` is listed twice in `replaced_by`", part.value),
                            span(*file, part.referenced),
                            Some("list each part once".into()),
                        );
                    } else if self.facts[p].kind != FactKind::YesNo {
                        self.error(
                            format!(
                                "`{}` replaces `{}`, so it must be a yes/no finding",
                                part.value, finding.id.value
                            ),
                            span(*file, part.referenced),
                        );
                    } else if p == own.unwrap_or(usize::MAX) {
                        self.error(
                            format!("`{}` cannot replace itself", part.value),
                            span(*file, part.referenced),
                        );
                    } else {
                        parts.push(p);
                    }
                }
                if let Some(f) = own {
                    for &p in &parts {
                        self.facts[p].part_of.push(f);
                    }
                    self.facts[f].replaced_by = parts;
                }
            }
        }
        // One level only: a part is asked on its own, and a combined finding is read as its
        // parts, so a part that is itself replaced (or a loop of them) has no meaning.
        for f in 0..self.facts.len() {
            if self.facts[f].replaced_by.is_empty() || self.facts[f].part_of.is_empty() {
                continue;
            }
            let whole = self.facts[self.facts[f].part_of[0]].id.clone();
            self.error_with_help(
                format!(
                    "`{}` is replaced by its parts and is itself a part of `{whole}`; a finding's parts cannot have parts of their own",
                    self.facts[f].id
                ),
                self.facts[f].span,
                Some(format!(
                    "list the parts of `{}` in `{whole}`'s `replaced_by` instead",
                    self.facts[f].id
                )),
            );
        }
    }

    fn check_citations(&mut self, citations: &[Spanned<String>], file: usize) {
        for citation in citations {
            let id = citation.value.split(':').next().unwrap_or("").trim();
            if !matches!(self.ids.get(id), Some(Entity::Source(_))) {
                let candidates: Vec<&str> = self.sources.iter().map(|s| s.id.as_str()).collect();
                let help = did_you_mean(id, candidates).or_else(|| {
                    Some("cite as \"<source id>: <section>\", with the source declared in metadata.sources".into())
                });
                self.error_with_help(
                    format!("unknown source `{id}` in citation \"{}\"", citation.value),
                    span(file, citation.referenced),
                    help,
                );
            }
        }
    }

    fn check_cause_sources(&mut self, raws: &[(usize, RawFile)]) {
        for (file, raw) in raws {
            for cause in &raw.causes {
                self.check_citations(&cause.sources, *file);
            }
        }
    }

    /// Compiles the rules, dropping each one as written once compiled: the parsed form is
    /// several times the size of the compiled one, and the two need not be held at once.
    fn compile_rules(&mut self, raws: &mut [(usize, RawFile)], count: usize) -> Vec<Rule> {
        // Sized once, here and below: vectors grown by pushes keep up to half their room
        // unused for as long as the knowledge base lives.
        let mut rules = Vec::with_capacity(count);
        for (file, raw) in raws {
            for rule in std::mem::take(&mut raw.rules) {
                let at = span(*file, rule.id.referenced);
                let registered = self.ids.get(rule.id.value.as_str())
                    == Some(&Entity::Rule(rules.len()))
                    && self.rule_spans.get(rules.len()) == Some(&at);
                let when = self.condition(&rule.when, *file);
                let mut then = Vec::with_capacity(rule.then.len());
                for action in &rule.then {
                    let index = rules.len();
                    if let Some(action) =
                        self.action(&action.value, action.referenced, *file, index)
                    {
                        then.push(action);
                    }
                }
                if rule.then.is_empty() {
                    self.error(
                        format!("rule `{}` has no actions under `then:`", rule.id.value),
                        at,
                    );
                }
                self.check_citations(&rule.sources, *file);
                if let (true, Some(when)) = (registered, when)
                    && then.len() == rule.then.len()
                {
                    rules.push(Rule {
                        id: rule.id.value.into(),
                        description: rule.description.into(),
                        salience: rule.salience,
                        when,
                        then,
                        sources: rule
                            .sources
                            .into_iter()
                            .map(|s| Str::from(s.value))
                            .collect(),
                        span: at,
                        not_sure_of: None,
                    });
                }
            }
        }
        rules
    }

    fn action(
        &mut self,
        raw: &RawAction,
        location: Location,
        file: usize,
        rule: usize,
    ) -> Option<Action> {
        let at = span(file, location);
        let advice_only = raw.id.is_some()
            || raw.kind.is_some()
            || raw.shown_when.is_some()
            || raw.hidden_when.is_some()
            || raw.shown_below.is_some()
            || !raw.hidden_with_causes.is_empty();
        if advice_only && raw.advice.is_none() {
            self.error_with_help(
                "`id`, `kind`, `shown_when`, `hidden_when`, `shown_below` and `hidden_with_causes` belong to an `advice` action",
                at,
                Some("an urgency's reason is shown whenever its rule fires; put a condition in the rule's `when`".into()),
            );
            return None;
        }
        let kinds = [
            raw.urgency.is_some(),
            raw.derive.is_some(),
            raw.supports.is_some(),
            raw.against.is_some(),
            raw.advice.is_some(),
        ];
        let how_many = kinds.iter().filter(|k| **k).count();
        if how_many != 1 {
            self.error_with_help(
                if how_many == 0 {
                    "an action needs one of `urgency`, `derive`, `supports`, `against` or `advice`"
                        .to_string()
                } else {
                    "an action does exactly one thing; put each in its own list item".to_string()
                },
                at,
                Some("for example `- urgency: emergency` with `reason: ...`, or `- supports: sciatica` with `weight: 2`".into()),
            );
            return None;
        }
        if raw.reason.is_some() && raw.urgency.is_none() {
            self.error("`reason` belongs to an `urgency` action", at);
            return None;
        }
        if raw.weight.is_some() && raw.supports.is_none() && raw.against.is_none() {
            self.error("`weight` belongs to a `supports` or `against` action", at);
            return None;
        }
        if let Some(level) = &raw.urgency {
            let level = self.level_ref(level, file)?;
            let Some(reason) = raw.reason.clone().filter(|r| !r.trim().is_empty()) else {
                self.error(
                    "an `urgency` action needs a `reason` to show the person",
                    at,
                );
                return None;
            };
            return Some(Action::Urgency {
                level,
                reason: reason.into(),
            });
        }
        if let Some(concept) = &raw.derive {
            return match self.ids.get(concept.value.as_str()).copied() {
                Some(Entity::Fact(f)) if self.facts[f].is_concept() => Some(Action::Derive(f)),
                found => {
                    self.unknown("concept", concept, file, found, |e| {
                        matches!(e, Entity::Fact(_))
                    });
                    if let Some(Entity::Fact(_)) = found {
                        self.diagnostics.last_mut().unwrap().help = Some(
                            "only concepts (under `concepts:`) can be derived; findings are answered".into(),
                        );
                    }
                    None
                }
            };
        }
        if raw.advice.is_some() {
            return self.advice_text(raw, file, at, rule).map(Action::Advice);
        }
        let (cause, sign) = match (&raw.supports, &raw.against) {
            (Some(cause), None) => (cause, 1.0),
            (None, Some(cause)) => (cause, -1.0),
            _ => return None,
        };
        let cause_id = match self.ids.get(cause.value.as_str()).copied() {
            Some(Entity::Cause(c)) => Some(c),
            found => {
                self.unknown("cause", cause, file, found, |e| {
                    matches!(e, Entity::Cause(_))
                });
                None
            }
        };
        let Some(weight) = &raw.weight else {
            self.error("evidence needs a `weight` (a positive number)", at);
            return None;
        };
        if !(weight.value.is_finite() && weight.value > 0.0) {
            self.error_with_help(
                format!("weight {} is not a positive number", weight.value),
                span(file, weight.referenced),
                Some("to count against a cause, use `against:` with a positive weight".into()),
            );
            return None;
        }
        if weight.value > MAX_WEIGHT {
            self.error(
                format!(
                    "weight {} is larger than {MAX_WEIGHT}",
                    number_text(weight.value)
                ),
                span(file, weight.referenced),
            );
            return None;
        }
        Some(Action::Evidence {
            cause: cause_id?,
            weight: sign * weight.value,
        })
    }

    /// Compiles a condition tree, reporting every problem in it. `None` if any part is wrong.
    fn condition(&mut self, node: &Spanned<Node>, file: usize) -> Option<Condition> {
        let at = span(file, node.referenced);
        match &node.value {
            Node::Text(id) => {
                let id = Spanned {
                    value: id.clone(),
                    referenced: node.referenced,
                    defined: node.defined,
                };
                let fact = self.fact_ref(&id, file)?;
                match &self.facts[fact].kind {
                    FactKind::YesNo | FactKind::Concept => Some(Condition::Is {
                        fact,
                        present: true,
                    }),
                    FactKind::Number { .. } => {
                        self.error_with_help(
                            format!("`{}` is a number; compare it instead", id.value),
                            at,
                            Some(format!("for example {{{}: {{at_least: 50}}}}", id.value)),
                        );
                        None
                    }
                    FactKind::Choice { options } => {
                        let example = options.first().cloned().unwrap_or_default();
                        self.error_with_help(
                            format!("`{}` is a choice; say which option", id.value),
                            at,
                            Some(format!("for example {{{}: {example}}}", id.value)),
                        );
                        None
                    }
                }
            }
            Node::Map(entries) => self.map_condition(entries, at, file),
            Node::Seq(_) => {
                self.error_with_help(
                    "a list is not a condition",
                    at,
                    Some("wrap it in `all: [...]` (every one holds) or `any: [...]` (at least one holds)".into()),
                );
                None
            }
            other => {
                self.error(
                    format!(
                        "expected a condition (a finding id or a mapping), found {}",
                        other.kind()
                    ),
                    at,
                );
                None
            }
        }
    }

    fn map_condition(
        &mut self,
        entries: &[(Spanned<String>, Spanned<Node>)],
        at: Option<Span>,
        file: usize,
    ) -> Option<Condition> {
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.value.as_str()).collect();
        if let ["at_least", "of"] | ["of", "at_least"] = keys.as_slice() {
            let (count, of) = if keys[0] == "at_least" {
                (&entries[0].1, &entries[1].1)
            } else {
                (&entries[1].1, &entries[0].1)
            };
            let parts = self.condition_list(of, file)?;
            return match count.value {
                Node::Number(n) if n >= 1.0 && n.fract() == 0.0 && (n as usize) <= parts.len() => {
                    Some(Condition::AtLeast {
                        count: n as usize,
                        of: parts,
                    })
                }
                _ => {
                    self.error(
                        format!("`at_least` needs a whole number from 1 to {}", parts.len()),
                        span(file, count.referenced),
                    );
                    None
                }
            };
        }
        let [(key, value)] = entries else {
            self.error_with_help(
                if entries.is_empty() {
                    "an empty mapping is not a condition".to_string()
                } else {
                    format!("a condition mapping has one key, found {}", keys.join(", "))
                },
                at,
                Some("combine conditions with `all: [...]` or `any: [...]`".into()),
            );
            return None;
        };
        match key.value.as_str() {
            "all" => self.condition_list(value, file).map(Condition::All),
            "any" => self.condition_list(value, file).map(Condition::Any),
            "not" => self
                .condition(value, file)
                .map(|c| Condition::Not(Box::new(c))),
            "at_least" | "of" => {
                self.error(
                    "`at_least` and `of` go together: {at_least: 2, of: [...]}",
                    at,
                );
                None
            }
            _ => self.fact_test(key, value, file),
        }
    }

    fn condition_list(&mut self, node: &Spanned<Node>, file: usize) -> Option<Vec<Condition>> {
        let Node::Seq(items) = &node.value else {
            self.error(
                format!("expected a list of conditions, found {}", node.value.kind()),
                span(file, node.referenced),
            );
            return None;
        };
        if items.is_empty() {
            self.error("an empty list of conditions", span(file, node.referenced));
            return None;
        }
        let parts: Vec<Option<Condition>> = items.iter().map(|i| self.condition(i, file)).collect();
        parts.into_iter().collect()
    }

    fn fact_ref(&mut self, id: &Spanned<String>, file: usize) -> Option<usize> {
        match self.ids.get(id.value.as_str()).copied() {
            Some(Entity::Fact(f)) => Some(f),
            found => {
                self.unknown("finding or concept", id, file, found, |e| {
                    matches!(e, Entity::Fact(_))
                });
                None
            }
        }
    }

    /// `{fever: absent}`, `{age: {at_least: 50}}`, `{sex: female}`.
    fn fact_test(
        &mut self,
        key: &Spanned<String>,
        value: &Spanned<Node>,
        file: usize,
    ) -> Option<Condition> {
        let fact = self.fact_ref(key, file)?;
        let at = span(file, value.referenced);
        let id = &self.facts[fact].id;
        if let Node::Text(text) = &value.value
            && (text == "unknown" || text == "not_sure")
        {
            if self.facts[fact].is_concept() {
                self.error_with_help(
                    format!("`{id}` is a concept; only findings can be tested for `{text}`"),
                    at,
                    Some(
                        "a concept is settled by the rules; test the findings it comes from".into(),
                    ),
                );
                return None;
            }
            if text == "unknown" {
                return Some(Condition::Unanswered { fact });
            }
            // Only a yes/no question is answered "not sure" in a way a rule can act on: a
            // number or a choice not given is read at its safer reading with `unknown`.
            if self.facts[fact].kind != FactKind::YesNo {
                self.error_with_help(
                    format!(
                        "`{id}` is not a yes/no finding; only those can be tested for `not_sure`"
                    ),
                    at,
                    Some(format!(
                        "test {{{id}: unknown}} (not given, or not sure) instead"
                    )),
                );
                return None;
            }
            return Some(Condition::NotSure { fact });
        }
        match self.facts[fact].kind.clone() {
            FactKind::YesNo | FactKind::Concept => match presence(&value.value) {
                Some(present) => Some(Condition::Is { fact, present }),
                None => {
                    let message = format!(
                        "`{id}` is present or absent, not {}",
                        describe(&value.value)
                    );
                    self.error_with_help(
                        message,
                        at,
                        Some(format!("write {{{id}: present}} or {{{id}: absent}}")),
                    );
                    None
                }
            },
            FactKind::Choice { options } => {
                let chosen = match &value.value {
                    Node::Text(text) => options.iter().position(|o| o == text),
                    _ => None,
                };
                if chosen.is_none() {
                    let message = format!(
                        "`{id}` is one of {}, not {}",
                        options.join(", "),
                        describe(&value.value)
                    );
                    let help = match &value.value {
                        Node::Text(text) => did_you_mean(text, options.iter().map(String::as_str)),
                        _ => None,
                    };
                    self.error_with_help(message, at, help);
                }
                chosen.map(|option| Condition::Choice { fact, option })
            }
            FactKind::Number { unit, min, max } => {
                let id = id.clone();
                let Node::Map(tests) = &value.value else {
                    self.error_with_help(
                        format!("`{id}` is a number; compare it with at_least, at_most, more_than or less_than"),
                        at,
                        Some(format!("for example {{{id}: {{at_least: {min}}}}}")),
                    );
                    return None;
                };
                let mut compiled = Vec::new();
                for (op, bound) in tests {
                    let comparison = Comparison::ALL.iter().find(|(name, _)| *name == op.value);
                    let Some((_, comparison)) = comparison else {
                        let help = did_you_mean(&op.value, Comparison::ALL.iter().map(|(n, _)| *n));
                        self.error_with_help(
                            format!("unknown comparison `{}`", op.value),
                            span(file, op.referenced),
                            help,
                        );
                        continue;
                    };
                    match bound.value {
                        Node::Number(n) if n >= min && n <= max => compiled.push((*comparison, n)),
                        Node::Number(n) => self.error(
                            format!("{n} is outside the range of `{id}` ({min} to {max} {unit})"),
                            span(file, bound.referenced),
                        ),
                        ref other => self.error(
                            format!(
                                "expected a number to compare `{id}` with, found {}",
                                other.kind()
                            ),
                            span(file, bound.referenced),
                        ),
                    }
                }
                (compiled.len() == tests.len() && !tests.is_empty()).then_some(Condition::Compare {
                    fact,
                    tests: compiled,
                })
            }
        }
    }
}

/// Reads `present`/`absent` (and the `yes`/`no`/`true`/`false` spellings people also use).
pub fn presence(node: &Node) -> Option<bool> {
    match node {
        Node::Bool(b) => Some(*b),
        Node::Text(t) => match t.to_ascii_lowercase().as_str() {
            "present" | "yes" | "y" | "true" => Some(true),
            "absent" | "no" | "n" | "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

fn describe(node: &Node) -> String {
    match node {
        Node::Text(t) => format!("`{t}`"),
        Node::Number(n) => format!("{n}"),
        Node::Bool(b) => format!("`{b}`"),
        other => other.kind().to_string(),
    }
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn is_semver(version: &str) -> bool {
    let core = version.split(['-', '+']).next().unwrap_or("");
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
}

fn is_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
        && date.chars().all(|c| c.is_ascii_digit() || c == '-')
        && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
        && (1..=31).contains(&d.parse::<u32>().unwrap_or(0)))
}
