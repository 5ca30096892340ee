//! A compact binary form of a compiled knowledge base, for the built-in one.
//!
//! build.rs compiles the shipped rules with this very module (it includes the `kb` sources)
//! and embeds the encoded result, so that a one-shot run reads the knowledge base back
//! instead of parsing and validating it: decoding is little more than copying the texts out.
//! The form is private to one build of the binary (the encoder and decoder are compiled from
//! the same source), so it has no versioning beyond a magic number: any mismatch or damage
//! makes `decode` return `None`, and the caller falls back to the YAML.
//!
//! Numbers are LEB128 varints (zigzag for signed ones), floats their 8 little-endian bytes,
//! texts a length and UTF-8 bytes, sequences a length and their items, enums a tag byte.

use super::hazard::{
    Controls, Hazard, HazardStatus, Risk, RiskLikelihood, RiskSeverity, Verification,
};
use super::raw::{RawFile, Status};
use super::text::{
    CauseField, NetGroup, SafetyNet, Sign, Text, TextInvariant, TextKind, TextOwner,
};
use super::{
    Action, Cause, Coded, Codes, Entity, Fact, FactKind, IdMap, Invariant, KnowledgeBase, Level,
    Metadata, Rule, Screen, Source,
};
use crate::condition::{Comparison, Condition};
use crate::diagnostic::{Diagnostic, Severity, SourceFile, Span};

/// Starts every encoded knowledge base; the last byte is bumped when the form changes.
const MAGIC: &[u8; 4] = b"TKB\x02";

/// Encodes a knowledge base and the warnings found when compiling it.
pub fn encode(kb: &KnowledgeBase, warnings: &[Diagnostic]) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    kb.put(&mut out);
    put_all(warnings, &mut out);
    out
}

/// Reads back what `encode` wrote; `None` if the bytes are not exactly that.
pub fn decode(bytes: &[u8]) -> Option<(KnowledgeBase, Vec<Diagnostic>)> {
    let mut input = Input {
        bytes: bytes.strip_prefix(MAGIC)?,
    };
    let kb = KnowledgeBase::get(&mut input)?;
    let warnings = Vec::get(&mut input)?;
    input.bytes.is_empty().then_some((kb, warnings))
}

/// Compiles parsed knowledge-base files and encodes the result: what build.rs embeds. `None`
/// when they do not compile (the YAML path then reports why, with locations).
pub fn compile_to_compact(files: Vec<SourceFile>, raws: Vec<(usize, RawFile)>) -> Option<Vec<u8>> {
    let (kb, warnings) = super::compile::compile(files, raws).ok()?;
    Some(encode(&kb, &warnings))
}

struct Input<'a> {
    bytes: &'a [u8],
}

impl<'a> Input<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.bytes.split_at_checked(n)?;
        self.bytes = rest;
        Some(head)
    }

    fn byte(&mut self) -> Option<u8> {
        let (&first, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(first)
    }

    /// A length, which can't exceed the bytes left (every item takes at least one), so that
    /// damaged input can't ask for a huge allocation.
    fn len(&mut self) -> Option<usize> {
        let n = usize::get(self)?;
        (n <= self.bytes.len()).then_some(n)
    }
}

fn put_all<T: Compact>(items: &[T], out: &mut Vec<u8>) {
    items.len().put(out);
    for item in items {
        item.put(out);
    }
}

trait Compact: Sized {
    fn put(&self, out: &mut Vec<u8>);
    fn get(input: &mut Input) -> Option<Self>;
}

impl Compact for u64 {
    fn put(&self, out: &mut Vec<u8>) {
        let mut n = *self;
        while n >= 0x80 {
            out.push((n as u8) | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    }

    fn get(input: &mut Input) -> Option<Self> {
        let mut n = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = input.byte()?;
            n |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return Some(n);
            }
        }
        None
    }
}

impl Compact for usize {
    fn put(&self, out: &mut Vec<u8>) {
        (*self as u64).put(out);
    }

    fn get(input: &mut Input) -> Option<Self> {
        usize::try_from(u64::get(input)?).ok()
    }
}

impl Compact for i32 {
    fn put(&self, out: &mut Vec<u8>) {
        (((self << 1) ^ (self >> 31)) as u32 as u64).put(out);
    }

    fn get(input: &mut Input) -> Option<Self> {
        let n = u32::try_from(u64::get(input)?).ok()?;
        Some(((n >> 1) as i32) ^ -((n & 1) as i32))
    }
}

impl Compact for f64 {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.to_le_bytes());
    }

    fn get(input: &mut Input) -> Option<Self> {
        Some(f64::from_le_bytes(input.take(8)?.try_into().ok()?))
    }
}

impl Compact for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.push(u8::from(*self));
    }

    fn get(input: &mut Input) -> Option<Self> {
        match input.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Compact for String {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        out.extend_from_slice(self.as_bytes());
    }

    fn get(input: &mut Input) -> Option<Self> {
        let n = input.len()?;
        std::str::from_utf8(input.take(n)?).ok().map(String::from)
    }
}

impl<T: Compact> Compact for Vec<T> {
    fn put(&self, out: &mut Vec<u8>) {
        put_all(self, out);
    }

    fn get(input: &mut Input) -> Option<Self> {
        let n = input.len()?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(T::get(input)?);
        }
        Some(items)
    }
}

impl<T: Compact> Compact for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            None => out.push(0),
            Some(value) => {
                out.push(1);
                value.put(out);
            }
        }
    }

    fn get(input: &mut Input) -> Option<Self> {
        match input.byte()? {
            0 => Some(None),
            1 => Some(Some(T::get(input)?)),
            _ => None,
        }
    }
}

impl<T: Compact> Compact for Box<T> {
    fn put(&self, out: &mut Vec<u8>) {
        (**self).put(out);
    }

    fn get(input: &mut Input) -> Option<Self> {
        T::get(input).map(Box::new)
    }
}

impl<A: Compact, B: Compact> Compact for (A, B) {
    fn put(&self, out: &mut Vec<u8>) {
        self.0.put(out);
        self.1.put(out);
    }

    fn get(input: &mut Input) -> Option<Self> {
        Some((A::get(input)?, B::get(input)?))
    }
}

impl Compact for IdMap<Entity> {
    fn put(&self, out: &mut Vec<u8>) {
        self.len().put(out);
        for (id, entity) in self {
            id.put(out);
            entity.put(out);
        }
    }

    fn get(input: &mut Input) -> Option<Self> {
        let n = input.len()?;
        let mut ids = IdMap::with_capacity_and_hasher(n, Default::default());
        for _ in 0..n {
            ids.insert(String::get(input)?, Entity::get(input)?);
        }
        Some(ids)
    }
}

/// A struct, field by field. The pattern names every field, so that a field added to the
/// type and forgotten here is a compile error rather than a silently lost value.
macro_rules! record {
    ($type:ident { $($field:ident),* $(,)? }) => {
        impl Compact for $type {
            fn put(&self, out: &mut Vec<u8>) {
                let $type { $($field),* } = self;
                $($field.put(out);)*
            }

            fn get(input: &mut Input) -> Option<Self> {
                Some($type { $($field: Compact::get(input)?),* })
            }
        }
    };
}

record!(KnowledgeBase {
    metadata,
    levels,
    default_level,
    facts,
    causes,
    rules,
    strata,
    rule_stratum,
    fact_stratum,
    readers,
    derivers,
    invariants,
    screens,
    hazards,
    texts,
    text_invariants,
    safety_nets,
    text_facts,
    files,
    ids,
});
record!(Text {
    id,
    owner,
    text,
    kind,
    shown_when,
    hidden_when,
    shown_below,
    shown_at_or_above,
    hidden_with_causes,
    span,
});
record!(TextInvariant {
    id,
    description,
    texts,
    when,
    with_causes,
    at_or_above,
    below,
    sources,
    span,
});
record!(SafetyNet {
    id,
    shown_when,
    hidden_when,
    groups,
    span,
});
record!(NetGroup { level, say, signs });
record!(Sign {
    text,
    findings,
    shown_when,
    hidden_when,
});
record!(Hazard {
    id,
    title,
    harm,
    cause,
    effect,
    groups,
    initial_risk,
    residual_risk,
    controls,
    verification,
    sources,
    status,
    actions,
    span,
});
record!(Controls {
    rules,
    findings,
    screens,
    invariants,
    text_invariants,
    texts,
    safety_nets,
    software,
});
record!(Verification {
    scenarios,
    invariants,
    text_invariants,
    tests
});
record!(Risk {
    severity,
    likelihood
});
record!(Metadata {
    name,
    version,
    status,
    last_reviewed,
    authors,
    min_cause_score,
    sources,
    source,
});
record!(Source {
    id,
    title,
    file,
    url
});
record!(Level {
    id,
    label,
    action,
    emergency,
    span
});
record!(Fact {
    id,
    kind,
    question,
    label,
    help,
    description,
    red_flag,
    complaint,
    ask_if,
    codes,
    replaced_by,
    part_of,
    span,
});
record!(Codes {
    snomed,
    icd10,
    uncoded
});
record!(Coded { code, term });
record!(Cause {
    id,
    name,
    description,
    self_care,
    see_doctor,
    sources,
    codes,
    span,
});
record!(Rule {
    id,
    description,
    salience,
    when,
    then,
    sources,
    span,
    not_sure_of,
});
record!(Invariant {
    id,
    description,
    when,
    at_least,
    lists_cause,
    sources,
    span,
});
record!(Screen {
    id,
    question,
    help,
    findings,
    span,
});
record!(SourceFile { name, text });
record!(Span {
    file,
    line,
    column,
    len
});
record!(Diagnostic {
    severity,
    message,
    span,
    help
});

/// An enum whose variants carry nothing, as its tag.
macro_rules! tags {
    ($type:ident { $($variant:ident = $tag:literal),* $(,)? }) => {
        impl Compact for $type {
            fn put(&self, out: &mut Vec<u8>) {
                out.push(match self { $($type::$variant => $tag),* });
            }

            fn get(input: &mut Input) -> Option<Self> {
                match input.byte()? {
                    $($tag => Some($type::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

tags!(Status {
    Draft = 0,
    Production = 1
});
tags!(Severity {
    Error = 0,
    Warning = 1
});
tags!(TextKind {
    SelfCare = 0,
    Reassurance = 1,
});
tags!(CauseField {
    Description = 0,
    SelfCare = 1,
    SeeDoctor = 2,
});
tags!(RiskSeverity {
    Minor = 0,
    Significant = 1,
    Considerable = 2,
    Major = 3,
    Catastrophic = 4,
});
tags!(RiskLikelihood {
    VeryLow = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    VeryHigh = 4,
});
tags!(HazardStatus {
    Open = 0,
    Transferred = 1,
    Closed = 2,
});
tags!(Comparison {
    AtLeast = 0,
    AtMost = 1,
    MoreThan = 2,
    LessThan = 3,
});

impl Compact for FactKind {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            FactKind::YesNo => out.push(0),
            FactKind::Number { unit, min, max } => {
                out.push(1);
                unit.put(out);
                min.put(out);
                max.put(out);
            }
            FactKind::Choice { options } => {
                out.push(2);
                options.put(out);
            }
            FactKind::Concept => out.push(3),
        }
    }

    fn get(input: &mut Input) -> Option<Self> {
        Some(match input.byte()? {
            0 => FactKind::YesNo,
            1 => FactKind::Number {
                unit: Compact::get(input)?,
                min: Compact::get(input)?,
                max: Compact::get(input)?,
            },
            2 => FactKind::Choice {
                options: Compact::get(input)?,
            },
            3 => FactKind::Concept,
            _ => return None,
        })
    }
}

impl Compact for TextOwner {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            TextOwner::Advice(rule) => {
                out.push(0);
                rule.put(out);
            }
            TextOwner::Cause(cause, field) => {
                out.push(1);
                cause.put(out);
                field.put(out);
            }
            TextOwner::Level(level) => {
                out.push(2);
                level.put(out);
            }
        }
    }

    fn get(input: &mut Input) -> Option<Self> {
        Some(match input.byte()? {
            0 => TextOwner::Advice(Compact::get(input)?),
            1 => TextOwner::Cause(Compact::get(input)?, Compact::get(input)?),
            2 => TextOwner::Level(Compact::get(input)?),
            _ => return None,
        })
    }
}

impl Compact for Action {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Action::Urgency { level, reason } => {
                out.push(0);
                level.put(out);
                reason.put(out);
            }
            Action::Derive(fact) => {
                out.push(1);
                fact.put(out);
            }
            Action::Evidence { cause, weight } => {
                out.push(2);
                cause.put(out);
                weight.put(out);
            }
            Action::Advice(text) => {
                out.push(3);
                text.put(out);
            }
        }
    }

    fn get(input: &mut Input) -> Option<Self> {
        Some(match input.byte()? {
            0 => Action::Urgency {
                level: Compact::get(input)?,
                reason: Compact::get(input)?,
            },
            1 => Action::Derive(Compact::get(input)?),
            2 => Action::Evidence {
                cause: Compact::get(input)?,
                weight: Compact::get(input)?,
            },
            3 => Action::Advice(Compact::get(input)?),
            _ => return None,
        })
    }
}

impl Compact for Entity {
    fn put(&self, out: &mut Vec<u8>) {
        let (tag, index) = match *self {
            Entity::Fact(i) => (0, i),
            Entity::Cause(i) => (1, i),
            Entity::Level(i) => (2, i),
            Entity::Rule(i) => (3, i),
            Entity::Source(i) => (4, i),
            Entity::Invariant(i) => (5, i),
            Entity::Screen(i) => (6, i),
            Entity::Hazard(i) => (7, i),
            Entity::Text(i) => (8, i),
            Entity::SafetyNet(i) => (9, i),
            Entity::TextInvariant(i) => (10, i),
        };
        out.push(tag);
        index.put(out);
    }

    fn get(input: &mut Input) -> Option<Self> {
        let tag = input.byte()?;
        let index = usize::get(input)?;
        Some(match tag {
            0 => Entity::Fact(index),
            1 => Entity::Cause(index),
            2 => Entity::Level(index),
            3 => Entity::Rule(index),
            4 => Entity::Source(index),
            5 => Entity::Invariant(index),
            6 => Entity::Screen(index),
            7 => Entity::Hazard(index),
            8 => Entity::Text(index),
            9 => Entity::SafetyNet(index),
            10 => Entity::TextInvariant(index),
            _ => return None,
        })
    }
}

impl Compact for Condition {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Condition::Is { fact, present } => {
                out.push(0);
                fact.put(out);
                present.put(out);
            }
            Condition::Compare { fact, tests } => {
                out.push(1);
                fact.put(out);
                tests.put(out);
            }
            Condition::Choice { fact, option } => {
                out.push(2);
                fact.put(out);
                option.put(out);
            }
            Condition::All(parts) => {
                out.push(3);
                parts.put(out);
            }
            Condition::Any(parts) => {
                out.push(4);
                parts.put(out);
            }
            Condition::Not(inner) => {
                out.push(5);
                inner.put(out);
            }
            Condition::AtLeast { count, of } => {
                out.push(6);
                count.put(out);
                of.put(out);
            }
            Condition::Unanswered { fact } => {
                out.push(7);
                fact.put(out);
            }
            Condition::NotSure { fact } => {
                out.push(8);
                fact.put(out);
            }
        }
    }

    fn get(input: &mut Input) -> Option<Self> {
        Some(match input.byte()? {
            0 => Condition::Is {
                fact: Compact::get(input)?,
                present: Compact::get(input)?,
            },
            1 => Condition::Compare {
                fact: Compact::get(input)?,
                tests: Compact::get(input)?,
            },
            2 => Condition::Choice {
                fact: Compact::get(input)?,
                option: Compact::get(input)?,
            },
            3 => Condition::All(Compact::get(input)?),
            4 => Condition::Any(Compact::get(input)?),
            5 => Condition::Not(Compact::get(input)?),
            6 => Condition::AtLeast {
                count: Compact::get(input)?,
                of: Compact::get(input)?,
            },
            7 => Condition::Unanswered {
                fact: Compact::get(input)?,
            },
            8 => Condition::NotSure {
                fact: Compact::get(input)?,
            },
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::{KbSource, load, load_located};

    /// Every field, ids in a fixed order, as text: enough to tell two knowledge bases apart.
    fn fields(kb: &KnowledgeBase) -> String {
        let mut ids: Vec<_> = kb.ids.iter().collect();
        ids.sort_by_key(|(id, _)| *id);
        format!(
            "{:#?}",
            (
                (&kb.metadata, &kb.levels, kb.default_level, &kb.facts),
                (&kb.causes, &kb.rules, &kb.strata, &kb.rule_stratum),
                (&kb.fact_stratum, &kb.readers, &kb.derivers, &kb.invariants),
                (&kb.screens, &kb.hazards, &kb.files, ids),
                (
                    &kb.texts,
                    &kb.text_invariants,
                    &kb.safety_nets,
                    &kb.text_facts
                ),
            )
        )
    }

    #[test]
    fn the_embedded_knowledge_base_is_the_yaml_one_without_locations() {
        let embedded = load(&KbSource::Builtin).unwrap();
        let mut located = load_located(&KbSource::Builtin).unwrap().kb;
        assert!(located.rules.iter().all(|r| r.span.is_some()));
        located.levels.iter_mut().for_each(|l| l.span = None);
        located.facts.iter_mut().for_each(|f| f.span = None);
        located.causes.iter_mut().for_each(|c| c.span = None);
        located.rules.iter_mut().for_each(|r| r.span = None);
        located.invariants.iter_mut().for_each(|i| i.span = None);
        located.screens.iter_mut().for_each(|s| s.span = None);
        located.texts.iter_mut().for_each(|t| t.span = None);
        located
            .text_invariants
            .iter_mut()
            .for_each(|i| i.span = None);
        located.safety_nets.iter_mut().for_each(|n| n.span = None);
        for hazard in &mut located.hazards {
            hazard.span = None;
            hazard
                .verification
                .scenarios
                .iter_mut()
                .for_each(|s| s.1 = None);
        }
        located.files.iter_mut().for_each(|f| f.text.clear());
        assert_eq!(fields(&embedded.kb), fields(&located));
        assert!(embedded.warnings.is_empty());
    }

    #[test]
    fn a_knowledge_base_reads_back_as_it_was_written() {
        let loaded = load_located(&KbSource::Builtin).unwrap();
        let mut warnings = loaded.warnings.clone();
        warnings.push(
            Diagnostic::warning("a warning", loaded.kb.rules[0].span)
                .with_help(Some("help".into())),
        );
        let bytes = encode(&loaded.kb, &warnings);
        let (kb, read) = decode(&bytes).expect("decodes");
        assert_eq!(fields(&kb), fields(&loaded.kb));
        assert_eq!(format!("{read:?}"), format!("{warnings:?}"));
    }

    #[test]
    fn damaged_bytes_are_refused_not_misread() {
        let loaded = load_located(&KbSource::Builtin).unwrap();
        let bytes = encode(&loaded.kb, &[]);
        assert!(decode(&bytes[..bytes.len() - 1]).is_none());
        assert!(decode(&[bytes.as_slice(), &[0]].concat()).is_none());
        assert!(decode(&bytes[1..]).is_none());
        assert!(decode(&[]).is_none());
    }
}
