//! The hazard log: the safety case kept beside the rules it is about (DCB0129 / DCB0160).
//!
//! Each hazard names what could go wrong for a person, its clinical risk before and after its
//! controls, the controls (rules, questions, invariants) and the evidence that they work
//! (scenarios that pass, invariants that are proven). The risk rating is looked up from the
//! severity and the likelihood on the DCB0129 risk matrix, never written by hand, so that a
//! rating cannot disagree with its parts.

pub use super::raw::{HazardStatus, RiskLikelihood, RiskSeverity};
use super::{Action, KnowledgeBase, RuleId, ScreenId, TextId};
use crate::condition::FactId;
use crate::diagnostic::Span;

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Hazard {
    pub id: String,
    pub title: String,
    /// What could go wrong for the person.
    pub harm: String,
    /// The presentation that leads to it.
    pub cause: String,
    /// What follows for the person's care.
    pub effect: String,
    pub groups: Vec<String>,
    pub initial_risk: Risk,
    pub residual_risk: Risk,
    pub controls: Controls,
    pub verification: Verification,
    pub sources: Vec<String>,
    pub status: HazardStatus,
    pub actions: Option<String>,
    pub span: Option<Span>,
}

impl Hazard {
    pub fn has_control(&self) -> bool {
        let c = &self.controls;
        !(c.rules.is_empty()
            && c.findings.is_empty()
            && c.screens.is_empty()
            && c.invariants.is_empty()
            && c.text_invariants.is_empty()
            && c.texts.is_empty()
            && c.safety_nets.is_empty()
            && c.software.is_empty())
    }

    pub fn has_verification(&self) -> bool {
        let v = &self.verification;
        !(v.scenarios.is_empty()
            && v.invariants.is_empty()
            && v.text_invariants.is_empty()
            && v.tests.is_empty())
    }
}

/// The red-flag rules, each of which must control a hazard of the log: the rules that can set
/// an emergency level, or the most urgent level that is not an emergency (`urgent` in the
/// shipped rules: a doctor the same day), and so raise the urgency above the default.
pub fn red_flag_rules(kb: &KnowledgeBase) -> Vec<RuleId> {
    let first_calm = kb
        .levels
        .iter()
        .position(|l| !l.emergency)
        .unwrap_or(kb.levels.len());
    // The rules generated for "not sure" stand in for written ones, which are in the log.
    (0..kb.rules.len())
        .filter(|&r| kb.rules[r].not_sure_of.is_none())
        .filter(|&r| {
            kb.rules[r].then.iter().any(|a| {
                matches!(a, Action::Urgency { level, .. } if *level <= first_calm && *level < kb.default_level)
            })
        })
        .collect()
}

/// The controls of a hazard, resolved.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Controls {
    pub rules: Vec<RuleId>,
    pub findings: Vec<FactId>,
    pub screens: Vec<ScreenId>,
    /// Urgency invariants (into `kb.invariants`) and text invariants (`kb.text_invariants`).
    pub invariants: Vec<usize>,
    pub text_invariants: Vec<usize>,
    /// Texts (advice and others) by id, each as its parts.
    pub texts: Vec<TextId>,
    pub safety_nets: Vec<usize>,
    pub software: Vec<String>,
}

/// The evidence of a hazard. Scenarios live in the scenario files, which the knowledge base
/// does not load: they are kept by id, with where the log names each, and resolved by the
/// commands that read the scenarios too (`check`, `coverage`, `hazards`).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Verification {
    pub scenarios: Vec<(String, Option<Span>)>,
    pub invariants: Vec<usize>,
    pub text_invariants: Vec<usize>,
    pub tests: Vec<String>,
}

/// A clinical risk: how bad, how likely.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Risk {
    pub severity: RiskSeverity,
    pub likelihood: RiskLikelihood,
}

/// The risk matrix of the DCB0129 and DCB0160 implementation guidance: the rating for a
/// likelihood (rows, very low first) and a severity (columns, minor first). It is a lookup,
/// not a product of the two.
const MATRIX: [[u8; 5]; 5] = [
    // minor, significant, considerable, major, catastrophic
    [1, 1, 2, 2, 3], // very low
    [1, 2, 2, 3, 4], // low
    [2, 2, 3, 3, 4], // medium
    [2, 3, 3, 4, 5], // high
    [3, 4, 4, 5, 5], // very high
];

impl Risk {
    /// The rating, 1 (acceptable) to 5 (unacceptable).
    pub fn rating(self) -> u8 {
        MATRIX[self.likelihood as usize][self.severity as usize]
    }

    /// What a rating means (the guidance's example acceptability definitions).
    pub fn meaning(rating: u8) -> &'static str {
        match rating {
            5 => "unacceptable",
            4 => "mandatory elimination of the hazard or a further control",
            3 => "undesirable: acceptable only where further risk reduction is impractical",
            2 => "acceptable where the cost of further reduction outweighs the benefit",
            _ => "acceptable, no further action required",
        }
    }
}

impl RiskSeverity {
    pub const ALL: [RiskSeverity; 5] = [
        RiskSeverity::Minor,
        RiskSeverity::Significant,
        RiskSeverity::Considerable,
        RiskSeverity::Major,
        RiskSeverity::Catastrophic,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RiskSeverity::Minor => "minor",
            RiskSeverity::Significant => "significant",
            RiskSeverity::Considerable => "considerable",
            RiskSeverity::Major => "major",
            RiskSeverity::Catastrophic => "catastrophic",
        }
    }
}

impl RiskLikelihood {
    pub const ALL: [RiskLikelihood; 5] = [
        RiskLikelihood::VeryLow,
        RiskLikelihood::Low,
        RiskLikelihood::Medium,
        RiskLikelihood::High,
        RiskLikelihood::VeryHigh,
    ];

    pub fn name(self) -> &'static str {
        match self {
            RiskLikelihood::VeryLow => "very_low",
            RiskLikelihood::Low => "low",
            RiskLikelihood::Medium => "medium",
            RiskLikelihood::High => "high",
            RiskLikelihood::VeryHigh => "very_high",
        }
    }
}

impl HazardStatus {
    pub fn name(self) -> &'static str {
        match self {
            HazardStatus::Open => "open",
            HazardStatus::Transferred => "transferred",
            HazardStatus::Closed => "closed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(severity: RiskSeverity, likelihood: RiskLikelihood) -> u8 {
        Risk {
            severity,
            likelihood,
        }
        .rating()
    }

    /// The corners and the diagonal of the published matrix, and that a rating never falls
    /// as either the severity or the likelihood rises.
    #[test]
    fn the_rating_is_the_matrix_of_the_guidance() {
        use RiskLikelihood::*;
        use RiskSeverity::*;
        assert_eq!(rating(Minor, VeryLow), 1);
        assert_eq!(rating(Catastrophic, VeryLow), 3);
        assert_eq!(rating(Minor, VeryHigh), 3);
        assert_eq!(rating(Catastrophic, VeryHigh), 5);
        assert_eq!(rating(Considerable, Medium), 3);
        assert_eq!(rating(Major, Low), 3);
        assert_eq!(rating(Major, VeryLow), 2);
        assert_eq!(rating(Significant, High), 3);
        for s in RiskSeverity::ALL {
            for l in RiskLikelihood::ALL {
                for s2 in RiskSeverity::ALL.into_iter().filter(|x| *x >= s) {
                    for l2 in RiskLikelihood::ALL.into_iter().filter(|x| *x >= l) {
                        assert!(rating(s2, l2) >= rating(s, l), "{s:?} {l:?}");
                    }
                }
            }
        }
    }
}
