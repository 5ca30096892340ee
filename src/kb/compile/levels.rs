//! The urgency levels judged by what they mean, not by where they are listed: a level's
//! position decides which of two outcomes is more urgent, so a list in the wrong order would
//! turn every emergency into "manage at home" while every rule still read correctly.
//!
//! Two meanings are checked: `emergency: true`, so no level that is not an emergency may come
//! before one that is; and the ids of the public vocabulary (docs/vocabulary.md), whose order
//! and whose being an emergency are fixed by the contract, whatever else a knowledge base
//! defines.

use super::Compiler;

/// The vocabulary's levels, most urgent first, and whether each is an emergency.
pub const VOCABULARY_LEVELS: [(&str, bool); 5] = [
    ("emergency_ambulance", true),
    ("emergency", true),
    ("urgent", false),
    ("routine", false),
    ("self_care", false),
];

const ORDER_HELP: &str = "list the levels most urgent first: every level with `emergency: \
                          true` before any without, and emergency_ambulance, emergency, urgent, \
                          routine, self_care in that order";

impl Compiler {
    /// Refuses levels listed in an order their meanings contradict, at the level out of place.
    pub(super) fn check_level_order(&mut self) {
        let vocabulary = |id: &str| VOCABULARY_LEVELS.iter().position(|(v, _)| *v == id);
        for l in 0..self.levels.len() {
            let level = &self.levels[l];
            let (id, emergency, at) = (level.id.clone(), level.emergency, level.span);
            if let Some(v) = vocabulary(&id)
                && VOCABULARY_LEVELS[v].1 != emergency
            {
                let (meaning, fix) = if emergency {
                    ("is not an emergency", "remove `emergency: true`")
                } else {
                    ("is an emergency", "add `emergency: true`")
                };
                self.error_with_help(
                    format!("urgency level `{id}` {meaning} in the public vocabulary"),
                    at,
                    Some(format!("{fix}, or give the level an id of its own")),
                );
            }
            let later = &self.levels[l + 1..];
            let outranked = if emergency {
                None
            } else {
                later.iter().find(|other| other.emergency)
            };
            let outranked = outranked.or_else(|| {
                let v = vocabulary(&id)?;
                later
                    .iter()
                    .find(|other| vocabulary(&other.id).is_some_and(|o| o < v))
            });
            if let Some(other) = outranked {
                let why = if other.emergency && !emergency {
                    "an emergency"
                } else {
                    "more urgent in the public vocabulary"
                };
                let message = format!(
                    "urgency level `{id}` is listed before `{}`, which is {why}, so it would \
                     outrank it (levels are listed most urgent first)",
                    other.id
                );
                self.error_with_help(message, at, Some(ORDER_HELP.to_string()));
            }
        }
    }
}
