//! What a person reads, with when it may be said: advice, a cause's description, self-care and
//! when-to-see-a-doctor texts, and a level's instruction can each be shown only while a
//! condition holds (`shown_when`), never while another does (`hidden_when`), and only at levels
//! less urgent than one (`shown_below`); the safety nets list the signs to come back for, each
//! left out once the person has reported it; `shown_at_or_above` keeps words like "needs
//! treatment in hospital" to the levels that say so. `triage verify` proves the text invariants
//! (`never_shown`) over every possible set of answers.

pub use super::raw::TextKind;
use super::{CauseId, Level, LevelId, RuleId, Str};
use crate::condition::{Condition, FactId, Lookup, Tri};
use crate::diagnostic::Span;

/// Index of a text in `KnowledgeBase::texts`.
pub type TextId = usize;

/// One piece of text a report can show, and when.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Text {
    /// The id invariants and the hazard log cite it by, if it has one.
    pub id: Option<Str>,
    pub owner: TextOwner,
    pub text: Str,
    pub kind: Option<TextKind>,
    /// Shown only while this is definitely true.
    pub shown_when: Option<Condition>,
    /// Never shown while this is definitely true.
    pub hidden_when: Option<Condition>,
    /// Shown only at levels less urgent than this one.
    pub shown_below: Option<LevelId>,
    /// Shown only at this level or a more urgent one.
    pub shown_at_or_above: Option<LevelId>,
    /// Never shown while one of these causes is listed.
    pub hidden_with_causes: Vec<CauseId>,
    /// Written as an item of a list of parts rather than as plain words: the translations'
    /// keys number such parts (`cause.x.self_care.2`, see `locale`), and nothing else tells
    /// a one-part list from plain words once compiled.
    pub listed: bool,
    pub span: Option<Span>,
}

/// Where a text belongs, which says when it is in a report at all: advice when its rule fires,
/// a cause's texts when the cause is listed, a level's instruction at that level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TextOwner {
    Advice(RuleId),
    Cause(CauseId, CauseField),
    Level(LevelId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CauseField {
    Description,
    SelfCare,
    SeeDoctor,
}

impl CauseField {
    pub const ALL: [CauseField; 3] = [
        CauseField::Description,
        CauseField::SelfCare,
        CauseField::SeeDoctor,
    ];

    pub fn name(self) -> &'static str {
        match self {
            CauseField::Description => "description",
            CauseField::SelfCare => "self_care",
            CauseField::SeeDoctor => "see_doctor",
        }
    }
}

impl TextKind {
    pub fn name(self) -> &'static str {
        match self {
            TextKind::SelfCare => "self_care",
            TextKind::Reassurance => "reassurance",
        }
    }
}

impl Text {
    /// Whether it carries any condition of its own.
    pub fn is_conditional(&self) -> bool {
        self.shown_when.is_some()
            || self.hidden_when.is_some()
            || self.shown_below.is_some()
            || self.shown_at_or_above.is_some()
            || !self.hidden_with_causes.is_empty()
    }

    /// Whether its own conditions let it be shown, for these facts at this level, with these
    /// causes listed.
    pub fn holds(&self, facts: &impl Lookup, level: LevelId, listed: &[CauseId]) -> bool {
        self.shown_when
            .as_ref()
            .is_none_or(|c| c.eval(facts) == Tri::True)
            && self
                .hidden_when
                .as_ref()
                .is_none_or(|c| c.eval(facts) != Tri::True)
            && self.shown_below.is_none_or(|below| level > below)
            && self.shown_at_or_above.is_none_or(|above| level <= above)
            && !self.hidden_with_causes.iter().any(|c| listed.contains(c))
    }
}

/// A safety net: the signs to come back for, and what to do if one starts, for the people it
/// applies to.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SafetyNet {
    pub id: Str,
    pub shown_when: Option<Condition>,
    pub hidden_when: Option<Condition>,
    /// What to do, most urgent first as written.
    pub groups: Vec<NetGroup>,
    pub span: Option<Span>,
}

/// The signs that lead to one level.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct NetGroup {
    pub level: LevelId,
    /// The instruction in the net's own words ("call your maternity unit now"); the level's
    /// label when not given.
    pub say: Option<Str>,
    pub signs: Vec<Sign>,
}

impl NetGroup {
    /// What to do if one of its signs starts, as a sentence start: its own words, or its
    /// level's label ("Go to an emergency department now").
    pub fn instruction<'a>(&'a self, levels: &'a [Level]) -> &'a str {
        self.say.as_deref().unwrap_or(&levels[self.level].label)
    }
}

/// One sign of a safety net, in plain words, with the findings it names: it is left out once
/// any of them is answered yes (the person already has it).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Sign {
    pub text: Str,
    pub findings: Vec<FactId>,
    pub shown_when: Option<Condition>,
    pub hidden_when: Option<Condition>,
}

impl SafetyNet {
    /// Whether the net applies to these answers.
    pub fn applies(&self, facts: &impl Lookup) -> bool {
        holds(&self.shown_when, &self.hidden_when, facts)
    }
}

impl Sign {
    /// Whether the sign is worth saying: its conditions hold and the person has not reported
    /// it.
    pub fn applies(&self, facts: &impl Lookup) -> bool {
        holds(&self.shown_when, &self.hidden_when, facts)
            && !self
                .findings
                .iter()
                .any(|&f| facts.get(f) == crate::condition::Value::Present)
    }
}

fn holds(
    shown_when: &Option<Condition>,
    hidden_when: &Option<Condition>,
    facts: &impl Lookup,
) -> bool {
    shown_when
        .as_ref()
        .is_none_or(|c| c.eval(facts) == Tri::True)
        && hidden_when
            .as_ref()
            .is_none_or(|c| c.eval(facts) != Tri::True)
}

/// An invariant about what a report says: the texts it names are never shown in any of the
/// situations it names. `triage verify` proves it over every possible set of answers.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct TextInvariant {
    pub id: String,
    pub description: String,
    /// The texts it is about.
    pub texts: Vec<TextId>,
    /// Never while this is definitely true.
    pub when: Option<Condition>,
    /// Never while one of these causes is listed.
    pub with_causes: Vec<CauseId>,
    /// Never at this level or a more urgent one.
    pub at_or_above: Option<LevelId>,
    /// Never at a level less urgent than this one.
    pub below: Option<LevelId>,
    pub sources: Vec<String>,
    pub span: Option<Span>,
}
