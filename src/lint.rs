//! Deep checks of a knowledge base that loaded: things that are allowed but almost certainly
//! mistakes. Each is a warning pointing at the entity, with a hint of what to do.
//!
//! Every lint must be something a clinician can act on: a warning that can't be fixed is
//! noise that teaches people to ignore warnings. So the ones that reason about conditions
//! (never fires, subsumed, `ask_if` never true) warn only when the search in [`analysis`]
//! proves the point, and stay quiet when it can't tell.
//!
//! [`analysis`]: crate::analysis

use crate::analysis::{Analyzer, Verdict};
use crate::diagnostic::Diagnostic;
use crate::engine::condition::{Condition, FactId};
use crate::kb::{Action, KnowledgeBase, RuleId};
use std::collections::BTreeMap;

/// Every lint warning for the knowledge base, in file order.
pub fn lint(kb: &KnowledgeBase) -> Vec<Diagnostic> {
    let analyzer = Analyzer::new(kb);
    let never_fires: Vec<bool> = kb
        .rules
        .iter()
        .map(|r| analyzer.can_be_true(&r.when) == Verdict::No)
        .collect();
    let mut warnings = Vec::new();
    unused_findings(kb, &mut warnings);
    unsupported_causes(kb, &never_fires, &mut warnings);
    for (r, rule) in kb.rules.iter().enumerate() {
        if never_fires[r] {
            warnings.push(
                Diagnostic::warning(
                    format!("rule `{}` can never fire: its condition contradicts itself", rule.id),
                    rule.span,
                )
                .with_help(Some(
                    "no set of answers makes its `when` true (concepts read as the rules that derive them)"
                        .into(),
                )),
            );
        }
    }
    subsumed_rules(kb, &analyzer, &never_fires, &mut warnings);
    red_flags_without_urgency(kb, &analyzer, &mut warnings);
    missing_sources(kb, &mut warnings);
    missing_codes(kb, &mut warnings);
    hazard_log(kb, &mut warnings);
    for (_, finding) in kb.findings() {
        if finding.question.trim().is_empty() {
            warnings.push(
                Diagnostic::warning(
                    format!("finding `{}` has no question text", finding.id),
                    finding.span,
                )
                .with_help(Some(
                    "add `question:`, the words the person is asked".into(),
                )),
            );
        }
        if let Some(ask_if) = &finding.ask_if
            && analyzer.can_be_true(ask_if) == Verdict::No
        {
            warnings.push(
                Diagnostic::warning(
                    format!(
                        "the `ask_if` of finding `{}` can never be true, so it is never asked",
                        finding.id
                    ),
                    finding.span,
                )
                .with_help(Some(
                    "no set of answers makes the condition true; fix it or remove `ask_if`".into(),
                )),
            );
        }
    }
    // In file order; a stable sort keeps the order above for one place.
    warnings.sort_by_key(|w| w.span.map(|s| (s.file, s.line, s.column)));
    warnings
}

/// Once a knowledge base codes its causes, every cause has a SNOMED CT concept and an ICD-10
/// code, or says why not: a report a health system reads should not code some causes and
/// silently leave out others.
fn missing_codes(kb: &KnowledgeBase, warnings: &mut Vec<Diagnostic>) {
    if kb.causes.iter().all(|c| c.codes.is_empty()) {
        return;
    }
    for cause in &kb.causes {
        let codes = &cause.codes;
        let missing: Vec<&str> = [
            codes.snomed.is_none().then_some("SNOMED CT concept"),
            codes.icd10.is_none().then_some("ICD-10 code"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let message = match (missing.is_empty(), &codes.uncoded) {
            (false, None) => format!("cause `{}` has no {}", cause.id, missing.join(" and no ")),
            (true, Some(_)) => format!(
                "cause `{}` gives a reason in `uncoded` but has both codes",
                cause.id
            ),
            _ => continue,
        };
        let help = if missing.is_empty() {
            "remove `uncoded:`, or the code that does not fit"
        } else {
            "add it under `codes:`, or say why there is none in `codes: {uncoded: ...}`"
        };
        warnings.push(Diagnostic::warning(message, cause.span).with_help(Some(help.into())));
    }
}

fn unused_findings(kb: &KnowledgeBase, warnings: &mut Vec<Diagnostic>) {
    let mut gates = vec![false; kb.facts.len()];
    for fact in &kb.facts {
        if let Some(ask_if) = &fact.ask_if {
            ask_if.visit_facts(true, &mut |f, _| gates[f] = true);
        }
    }
    for (f, finding) in kb.findings() {
        if kb.readers[f].is_empty() && !gates[f] {
            warnings.push(
                Diagnostic::warning(format!("no rule uses finding `{}`", finding.id), finding.span)
                    .with_help(Some(
                        "read it in a rule's `when`, or remove it: a question no rule reads only lengthens the interview"
                            .into(),
                    )),
            );
        }
    }
}

fn unsupported_causes(kb: &KnowledgeBase, never_fires: &[bool], warnings: &mut Vec<Diagnostic>) {
    for (c, cause) in kb.causes.iter().enumerate() {
        let supporters: Vec<RuleId> = (0..kb.rules.len())
            .filter(|&r| {
                kb.rules[r].then.iter().any(
                    |a| matches!(a, Action::Evidence { cause, weight } if *cause == c && *weight > 0.0),
                )
            })
            .collect();
        if supporters.iter().any(|&r| !never_fires[r]) {
            continue;
        }
        let help = if supporters.is_empty() {
            format!(
                "add a rule with `supports: {}`, or remove the cause",
                cause.id
            )
        } else {
            let names: Vec<String> = supporters
                .iter()
                .map(|&r| format!("`{}`", kb.rules[r].id))
                .collect();
            format!(
                "the rules that support it ({}) can never fire",
                names.join(", ")
            )
        };
        warnings.push(
            Diagnostic::warning(
                format!("no rule can support cause `{}`", cause.id),
                cause.span,
            )
            .with_help(Some(help)),
        );
    }
}

/// Rules whose actions another rule already takes whenever they fire.
fn subsumed_rules(
    kb: &KnowledgeBase,
    analyzer: &Analyzer,
    never_fires: &[bool],
    warnings: &mut Vec<Diagnostic>,
) {
    let mut by_actions: BTreeMap<Vec<String>, Vec<RuleId>> = BTreeMap::new();
    for (r, rule) in kb.rules.iter().enumerate() {
        // Evidence adds up, so a specific rule beside a general one with the same weight is
        // how a knowledge base grades evidence ("diabetes: +2; diabetes with tingling: +2
        // more"), not a redundancy. Urgency, concepts and advice do not add up: there the
        // subsumed rule changes nothing.
        let cumulative = rule
            .then
            .iter()
            .any(|a| matches!(a, Action::Evidence { .. }));
        if never_fires[r] || cumulative {
            continue;
        }
        // Advice is compared by what it says and when, not by which text it is.
        let mut key: Vec<String> = rule
            .then
            .iter()
            .map(|a| match a {
                Action::Advice(t) => {
                    let text = &kb.texts[*t];
                    format!(
                        "Advice({:?}, {:?}, {:?}, {:?}, {:?})",
                        text.text, text.kind, text.shown_when, text.hidden_when, text.shown_below
                    )
                }
                other => format!("{other:?}"),
            })
            .collect();
        key.sort();
        by_actions.entry(key).or_default().push(r);
    }
    let mut reported = vec![false; kb.rules.len()];
    for group in by_actions.values().filter(|g| g.len() > 1) {
        for &a in group {
            for &b in group {
                if a == b || reported[a] || reported[b] {
                    continue;
                }
                if analyzer.implies(&kb.rules[a].when, &kb.rules[b].when) != Verdict::Yes {
                    continue;
                }
                // Of two equivalent rules, the later one is the copy.
                let equivalent =
                    analyzer.implies(&kb.rules[b].when, &kb.rules[a].when) == Verdict::Yes;
                if equivalent && a < b {
                    continue;
                }
                reported[a] = true;
                let place = kb
                    .location(kb.rules[b].span)
                    .map_or(String::new(), |l| format!(" ({l})"));
                warnings.push(
                    Diagnostic::warning(
                        format!(
                            "rule `{}` is subsumed by `{}`{place}: whenever it fires, `{}` fires too, with the same actions",
                            kb.rules[a].id, kb.rules[b].id, kb.rules[b].id
                        ),
                        kb.rules[a].span,
                    )
                    .with_help(Some(
                        "remove it, or change what it does: as it is, it adds nothing".into(),
                    )),
                );
            }
        }
    }
}

/// Does a rule with these actions make the outcome more urgent than the default?
pub fn raises_urgency(kb: &KnowledgeBase, then: &[Action]) -> bool {
    then.iter()
        .any(|a| matches!(a, Action::Urgency { level, .. } if *level < kb.default_level))
}

/// For each red-flag finding, the urgency-raising rules it triggers: those that need it, or
/// that need it once every other red flag is absent. A rule that lists the red flag only as
/// one alternative beside another red flag (cancer history with any nerve symptom, bladder
/// trouble among them) is that other red flag's rule, not this one's: deleting the cauda
/// equina rule must leave bladder trouble without a rule of its own, even though the cancer
/// rule still reads it.
pub fn urgency_triggers(kb: &KnowledgeBase, analyzer: &Analyzer) -> Vec<Vec<RuleId>> {
    let mut triggers = vec![Vec::new(); kb.facts.len()];
    let urgency_rules: Vec<(RuleId, Condition)> = kb
        .rules
        .iter()
        .enumerate()
        .filter(|(_, r)| raises_urgency(kb, &r.then))
        .map(|(i, r)| (i, analyzer.expand(&r.when)))
        .collect();
    for (r, when) in urgency_rules {
        if analyzer.can_be_true(&when) == Verdict::No {
            continue;
        }
        let mut flags: Vec<FactId> = Vec::new();
        when.visit_facts(true, &mut |f, _| {
            if kb.facts[f].red_flag && !flags.contains(&f) {
                flags.push(f);
            }
        });
        for &flag in &flags {
            let present = Condition::Is {
                fact: flag,
                present: true,
            };
            // Without the other red flags: the rule as this red flag alone could set it off.
            let mut alone = vec![when.clone()];
            alone.extend(
                flags
                    .iter()
                    .filter(|&&g| g != flag)
                    .map(|&g| Condition::Is {
                        fact: g,
                        present: false,
                    }),
            );
            let alone = Condition::All(alone);
            let needs = analyzer.implies(&when, &present) != Verdict::No;
            let triggers_alone = analyzer.can_be_true(&alone) != Verdict::No
                && analyzer.implies(&alone, &present) != Verdict::No;
            if needs || triggers_alone {
                triggers[flag].push(r);
            }
        }
    }
    triggers
}

fn red_flags_without_urgency(
    kb: &KnowledgeBase,
    analyzer: &Analyzer,
    warnings: &mut Vec<Diagnostic>,
) {
    let triggers = urgency_triggers(kb, analyzer);
    for (f, finding) in kb.findings() {
        if !finding.red_flag || !triggers[f].is_empty() {
            continue;
        }
        // The rules generated for "not sure" read every red flag but never decide on a yes.
        let readers: Vec<String> = kb
            .rules
            .iter()
            .filter(|r| r.not_sure_of.is_none() && raises_urgency(kb, &r.then))
            .filter(|r| {
                let mut reads = false;
                analyzer
                    .expand(&r.when)
                    .visit_facts(true, &mut |g, _| reads |= g == f);
                reads
            })
            .map(|r| format!("`{}`", r.id))
            .collect();
        let (message, help) = if readers.is_empty() {
            (
                format!("red-flag finding `{}` raises no urgency: no urgency rule reads it", finding.id),
                "add a rule with an `urgency:` action that reads it (directly or through a concept), or drop `red_flag: true`".to_string(),
            )
        } else {
            (
                format!(
                    "red-flag finding `{}` has no urgency rule of its own",
                    finding.id
                ),
                format!(
                    "the urgency rules that read it ({}) need another red flag as well; add a rule with an `urgency:` action for it, or drop `red_flag: true`",
                    readers.join(", ")
                ),
            )
        };
        warnings.push(Diagnostic::warning(message, finding.span).with_help(Some(help)));
    }
}

fn missing_sources(kb: &KnowledgeBase, warnings: &mut Vec<Diagnostic>) {
    let help =
        || Some("add `sources: [\"<source id>: <section>\"]` naming where it comes from".into());
    for rule in kb.rules.iter().filter(|r| r.sources.is_empty()) {
        warnings.push(
            Diagnostic::warning(format!("rule `{}` cites no source", rule.id), rule.span)
                .with_help(help()),
        );
    }
    for cause in kb.causes.iter().filter(|c| c.sources.is_empty()) {
        warnings.push(
            Diagnostic::warning(format!("cause `{}` cites no source", cause.id), cause.span)
                .with_help(help()),
        );
    }
}

/// The hazard log's own consistency: a hazard called closed (or transferred) with no control or
/// no evidence, a residual risk above the initial one, and a group tag that looks like a typo
/// of another (used once, close to one used more).
fn hazard_log(kb: &KnowledgeBase, warnings: &mut Vec<Diagnostic>) {
    use crate::kb::hazard::HazardStatus;
    let mut tags: BTreeMap<&str, usize> = BTreeMap::new();
    for hazard in &kb.hazards {
        for tag in &hazard.groups {
            *tags.entry(tag.as_str()).or_default() += 1;
        }
    }
    for hazard in &kb.hazards {
        let status = hazard.status;
        if status != HazardStatus::Open {
            let missing: Vec<&str> = [
                (!hazard.has_control()).then_some("no control"),
                (!hazard.has_verification()).then_some("no verification"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if !missing.is_empty() {
                warnings.push(
                    Diagnostic::warning(
                        format!(
                            "hazard `{}` is {} but has {}",
                            hazard.id,
                            status.name(),
                            missing.join(" and ")
                        ),
                        hazard.span,
                    )
                    .with_help(Some(
                        "name its controls and the scenarios or invariants that show they work, or set `status: open`"
                            .into(),
                    )),
                );
            }
        }
        let (before, after) = (hazard.initial_risk.rating(), hazard.residual_risk.rating());
        if after > before {
            warnings.push(
                Diagnostic::warning(
                    format!(
                        "hazard `{}` has a residual risk ({after}) above its initial risk ({before})",
                        hazard.id
                    ),
                    hazard.span,
                )
                .with_help(Some(
                    "controls lower a risk; check the severity and likelihood of both".into(),
                )),
            );
        }
        for tag in &hazard.groups {
            if tags[tag.as_str()] > 1 {
                continue;
            }
            let others = tags
                .iter()
                .filter(|(other, count)| **count > 1 && *other != tag)
                .map(|(other, _)| *other);
            if let Some(help) = crate::suggest::did_you_mean(tag, others) {
                warnings.push(
                    Diagnostic::warning(
                        format!(
                            "group `{tag}` of hazard `{}` is used by no other hazard",
                            hazard.id
                        ),
                        hazard.span,
                    )
                    .with_help(Some(help)),
                );
            }
        }
    }
}
