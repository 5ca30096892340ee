//! Compiles what a person reads: advice, causes' texts and levels' instructions, each plain
//! words or a list of parts with their conditions (`shown_when`, `hidden_when`, `shown_below`),
//! an optional `id` and `kind`; and the safety nets. Every mistake is located.

use super::{Compiler, span};
use crate::condition::{Condition, FactId};
use crate::kb::node::Node;
use crate::kb::raw::{RawAction, RawFile, RawSafetyNet, TextKind};
use crate::kb::text::{CauseField, NetGroup, SafetyNet, Sign, Text, TextId, TextOwner};
use crate::kb::{Entity, FactKind, Str};
use crate::suggest::did_you_mean;
use serde_saphyr::Spanned;

/// The keys of one part of a text.
const PART_KEYS: [&str; 8] = [
    "text",
    "id",
    "kind",
    "shown_when",
    "hidden_when",
    "shown_below",
    "shown_at_or_above",
    "hidden_with_causes",
];

impl Compiler {
    /// Compiles a text field (plain words, or a list of parts) into its parts.
    pub(super) fn text_parts(
        &mut self,
        node: Option<&Spanned<Node>>,
        file: usize,
        owner: TextOwner,
    ) -> Vec<TextId> {
        let Some(node) = node else {
            return Vec::new();
        };
        let at = span(file, node.referenced);
        match &node.value {
            Node::Text(text) => vec![self.push_text(Text {
                id: None,
                owner,
                text: text.as_str().into(),
                kind: None,
                shown_when: None,
                hidden_when: None,
                shown_below: None,
                shown_at_or_above: None,
                hidden_with_causes: Vec::new(),
                listed: false,
                span: at,
            })],
            Node::Null => Vec::new(),
            Node::Seq(items) if !items.is_empty() => items
                .iter()
                .filter_map(|item| self.text_part(item, file, owner))
                .collect(),
            other => {
                self.error_with_help(
                    format!("expected a text, found {}", other.kind()),
                    at,
                    Some("write plain words, or a list of parts like `- text: ...` with `shown_when:` or `hidden_when:`".into()),
                );
                Vec::new()
            }
        }
    }

    /// One part: `{text, id, kind, shown_when, hidden_when, shown_below}`.
    fn text_part(&mut self, item: &Spanned<Node>, file: usize, owner: TextOwner) -> Option<TextId> {
        let at = span(file, item.referenced);
        let Node::Map(entries) = &item.value else {
            self.error_with_help(
                format!(
                    "a part of a text is a mapping with `text:`, not {}",
                    item.value.kind()
                ),
                at,
                Some(
                    "for example `- text: Paracetamol is safe.` with `shown_when: pregnant`".into(),
                ),
            );
            return None;
        };
        let mut ok = true;
        let (mut text, mut id, mut kind) = (None, None, None);
        let (mut shown_when, mut hidden_when) = (None, None);
        let (mut shown_below, mut shown_at_or_above) = (None, None);
        let mut hidden_with_causes = Vec::new();
        for (key, value) in entries {
            let key_at = span(file, key.referenced);
            match key.value.as_str() {
                "text" => match &value.value {
                    Node::Text(words) => text = Some(words.clone()),
                    other => {
                        self.error(
                            format!("`text` is words, not {}", other.kind()),
                            span(file, value.referenced),
                        );
                        ok = false;
                    }
                },
                "id" => match &value.value {
                    Node::Text(words) => {
                        id = Some(Spanned {
                            value: words.clone(),
                            referenced: value.referenced,
                            defined: value.defined,
                        })
                    }
                    other => {
                        self.error(
                            format!("`id` is an id, not {}", other.kind()),
                            span(file, value.referenced),
                        );
                        ok = false;
                    }
                },
                "kind" => match text_kind(&value.value) {
                    Some(k) => kind = Some(k),
                    None => {
                        self.error_with_help(
                            "`kind` is `self_care` or `reassurance`".to_string(),
                            span(file, value.referenced),
                            None,
                        );
                        ok = false;
                    }
                },
                "shown_when" => shown_when = self.optional_condition(Some(value), file, &mut ok),
                "hidden_when" => hidden_when = self.optional_condition(Some(value), file, &mut ok),
                "shown_below" => shown_below = self.part_level(key, value, file, &mut ok),
                "shown_at_or_above" => {
                    shown_at_or_above = self.part_level(key, value, file, &mut ok)
                }
                "hidden_with_causes" => {
                    hidden_with_causes = self.cause_list(value, file, &mut ok);
                }
                other => {
                    let help = did_you_mean(other, PART_KEYS)
                        .or_else(|| Some(format!("a part has the keys {}", PART_KEYS.join(", "))));
                    self.error_with_help(
                        format!("unknown key `{other}` in a part of a text"),
                        key_at,
                        help,
                    );
                    ok = false;
                }
            }
        }
        let Some(text) = text else {
            self.error("a part of a text needs `text:`, its words", at);
            return None;
        };
        if !ok {
            return None;
        }
        let text_id = self.push_text(Text {
            id: id.as_ref().map(|i| Str::from(&i.value)),
            owner,
            text: text.into(),
            kind,
            shown_when,
            hidden_when,
            shown_below,
            shown_at_or_above,
            hidden_with_causes,
            listed: true,
            span: at,
        });
        if let Some(id) = &id
            && !self.register(id, file, Entity::Text(text_id))
        {
            return None;
        }
        Some(text_id)
    }

    /// A condition that may be absent; a wrong one clears `ok`.
    fn optional_condition(
        &mut self,
        node: Option<&Spanned<Node>>,
        file: usize,
        ok: &mut bool,
    ) -> Option<Condition> {
        let compiled = self.condition(node?, file);
        *ok &= compiled.is_some();
        compiled
    }

    /// A level named by a key of a part (`shown_below`, `shown_at_or_above`).
    fn part_level(
        &mut self,
        key: &Spanned<String>,
        value: &Spanned<Node>,
        file: usize,
        ok: &mut bool,
    ) -> Option<crate::kb::LevelId> {
        let Node::Text(level) = &value.value else {
            self.error(
                format!("`{}` is a level, not {}", key.value, value.value.kind()),
                span(file, value.referenced),
            );
            *ok = false;
            return None;
        };
        let level = Spanned {
            value: level.clone(),
            referenced: value.referenced,
            defined: value.defined,
        };
        let found = self.level_ref(&level, file);
        *ok &= found.is_some();
        found
    }

    /// A list of cause ids (`hidden_with_causes` of a part).
    fn cause_list(&mut self, value: &Spanned<Node>, file: usize, ok: &mut bool) -> Vec<usize> {
        let Node::Seq(items) = &value.value else {
            self.error(
                format!("expected a list of causes, found {}", value.value.kind()),
                span(file, value.referenced),
            );
            *ok = false;
            return Vec::new();
        };
        let mut causes = Vec::new();
        for item in items {
            let id = match &item.value {
                Node::Text(id) => Spanned {
                    value: id.clone(),
                    referenced: item.referenced,
                    defined: item.defined,
                },
                other => {
                    self.error(
                        format!("expected a cause id, found {}", other.kind()),
                        span(file, item.referenced),
                    );
                    *ok = false;
                    continue;
                }
            };
            match self.ids.get(id.value.as_str()).copied() {
                Some(Entity::Cause(c)) => causes.push(c),
                found => {
                    self.unknown("cause", &id, file, found, |e| matches!(e, Entity::Cause(_)));
                    *ok = false;
                }
            }
        }
        causes
    }

    fn push_text(&mut self, text: Text) -> TextId {
        self.texts.push(text);
        self.texts.len() - 1
    }

    /// The text of an `advice` action of the rule that will have index `rule`, with its id,
    /// kind and conditions.
    pub(super) fn advice_text(
        &mut self,
        raw: &RawAction,
        file: usize,
        at: Option<crate::diagnostic::Span>,
        rule: usize,
    ) -> Option<TextId> {
        let words = raw.advice.clone()?;
        let mut ok = true;
        let shown_when = self.optional_condition(raw.shown_when.as_deref(), file, &mut ok);
        let hidden_when = self.optional_condition(raw.hidden_when.as_deref(), file, &mut ok);
        let shown_below = match &raw.shown_below {
            Some(level) => {
                let level = self.level_ref(level, file);
                ok &= level.is_some();
                level
            }
            None => None,
        };
        let mut hidden_with_causes = Vec::new();
        for cause in &raw.hidden_with_causes {
            match self.ids.get(cause.value.as_str()).copied() {
                Some(Entity::Cause(c)) => hidden_with_causes.push(c),
                found => {
                    self.unknown("cause", cause, file, found, |e| {
                        matches!(e, Entity::Cause(_))
                    });
                    ok = false;
                }
            }
        }
        let text_id = self.push_text(Text {
            id: raw.id.as_ref().map(|i| Str::from(&i.value)),
            owner: TextOwner::Advice(rule),
            text: words.into(),
            kind: raw.kind,
            shown_when,
            hidden_when,
            shown_below,
            shown_at_or_above: None,
            hidden_with_causes,
            listed: false,
            span: raw.id.as_ref().map_or(at, |i| span(file, i.referenced)),
        });
        if let Some(id) = &raw.id {
            ok &= self.register(id, file, Entity::Text(text_id));
        }
        ok.then_some(text_id)
    }

    /// The levels' instructions, once findings and concepts are registered (their conditions
    /// read them).
    pub(super) fn level_actions(&mut self, raws: &[(usize, RawFile)]) {
        for (file, raw) in raws {
            for level in &raw.levels {
                let Some(Entity::Level(l)) = self.ids.get(level.id.value.as_str()).copied() else {
                    continue;
                };
                if self.levels[l].span != span(*file, level.id.referenced) {
                    continue;
                }
                let parts = self.text_parts(Some(&level.action), *file, TextOwner::Level(l));
                self.levels[l].action = parts;
            }
        }
    }

    /// The causes' texts, once every cause is registered.
    pub(super) fn cause_texts(&mut self, raws: &[(usize, RawFile)]) {
        for (file, raw) in raws {
            for cause in &raw.causes {
                let Some(Entity::Cause(c)) = self.ids.get(cause.id.value.as_str()).copied() else {
                    continue;
                };
                if self.causes[c].span != span(*file, cause.id.referenced) {
                    continue;
                }
                let fields = [&cause.description, &cause.self_care, &cause.see_doctor];
                let mut parts = CauseField::ALL
                    .into_iter()
                    .zip(fields)
                    .map(|(field, node)| {
                        self.text_parts(node.as_ref(), *file, TextOwner::Cause(c, field))
                    })
                    .collect::<Vec<_>>()
                    .into_iter();
                let cause = &mut self.causes[c];
                cause.description = parts.next().unwrap_or_default();
                cause.self_care = parts.next().unwrap_or_default();
                cause.see_doctor = parts.next().unwrap_or_default();
            }
        }
    }

    /// What a text invariant or a hazard names: a text's id, or a whole field as
    /// `cause_id.description` (`self_care`, `see_doctor`) or `level_id.action`, as its parts.
    pub(super) fn text_ref(&mut self, id: &Spanned<String>, file: usize) -> Option<Vec<TextId>> {
        let at = span(file, id.referenced);
        if let Some((owner, field)) = id.value.split_once('.') {
            let parts = match (self.ids.get(owner).copied(), field) {
                (Some(Entity::Cause(c)), "description") => Some(self.causes[c].description.clone()),
                (Some(Entity::Cause(c)), "self_care") => Some(self.causes[c].self_care.clone()),
                (Some(Entity::Cause(c)), "see_doctor") => Some(self.causes[c].see_doctor.clone()),
                (Some(Entity::Level(l)), "action") => Some(self.levels[l].action.clone()),
                _ => None,
            };
            if parts.is_none() {
                self.error_with_help(
                    format!("unknown text `{}`", id.value),
                    at,
                    Some("a whole field is `cause_id.description`, `cause_id.self_care`, `cause_id.see_doctor` or `level_id.action`".into()),
                );
            }
            return parts;
        }
        match self.ids.get(id.value.as_str()).copied() {
            Some(Entity::Text(t)) => Some(vec![t]),
            found => {
                self.unknown("text", id, file, found, |e| matches!(e, Entity::Text(_)));
                None
            }
        }
    }

    /// Registers and compiles every safety net. `None` if any of them is wrong.
    pub(super) fn safety_nets(&mut self, raws: &[(usize, RawFile)]) -> Option<Vec<SafetyNet>> {
        let mut nets = Vec::new();
        let mut ok = true;
        let mut registered = 0;
        for (file, raw) in raws {
            for net in &raw.safety_nets {
                let is_new = self.register(&net.id, *file, Entity::SafetyNet(registered));
                registered += usize::from(is_new);
                match self.safety_net(net, *file) {
                    Some(net) if is_new => nets.push(net),
                    _ => ok = false,
                }
            }
        }
        ok.then_some(nets)
    }

    fn safety_net(&mut self, raw: &RawSafetyNet, file: usize) -> Option<SafetyNet> {
        let mut ok = true;
        let shown_when = self.optional_condition(raw.shown_when.as_ref(), file, &mut ok);
        let hidden_when = self.optional_condition(raw.hidden_when.as_ref(), file, &mut ok);
        let mut groups = Vec::new();
        if raw.get_help.is_empty() {
            self.error(
                format!(
                    "safety net `{}` lists no signs under `get_help:`",
                    raw.id.value
                ),
                span(file, raw.id.referenced),
            );
            ok = false;
        }
        for group in &raw.get_help {
            let level = self.level_ref(&group.level, file);
            let mut signs = Vec::new();
            for sign in &group.signs {
                let findings = self.sign_findings(&sign.findings, file);
                let shown_when = self.optional_condition(sign.shown_when.as_ref(), file, &mut ok);
                let hidden_when = self.optional_condition(sign.hidden_when.as_ref(), file, &mut ok);
                match findings {
                    Some(findings) => signs.push(Sign {
                        // Trimmed once here, so that the report compares signs' words as written.
                        text: sign.sign.trim().into(),
                        findings,
                        shown_when,
                        hidden_when,
                    }),
                    None => ok = false,
                }
            }
            match level {
                Some(level) => groups.push(NetGroup {
                    level,
                    say: group.say.clone().map(Into::into),
                    signs,
                }),
                None => ok = false,
            }
        }
        ok.then(|| SafetyNet {
            id: raw.id.value.as_str().into(),
            shown_when,
            hidden_when,
            groups,
            span: span(file, raw.id.referenced),
        })
    }

    /// A sign's findings: yes/no findings, each of which it is left out for.
    fn sign_findings(&mut self, ids: &[Spanned<String>], file: usize) -> Option<Vec<FactId>> {
        let mut out = Vec::new();
        let mut ok = true;
        let yes_no: Vec<bool> = self
            .facts
            .iter()
            .map(|f| f.kind == FactKind::YesNo)
            .collect();
        for id in ids {
            match self.ids.get(id.value.as_str()).copied() {
                Some(Entity::Fact(f)) if yes_no[f] => out.push(f),
                Some(Entity::Fact(f)) => {
                    let kind = self.facts[f].kind.name();
                    self.error(
                        format!(
                            "`{}` is a {kind} finding; a sign names yes/no findings",
                            id.value
                        ),
                        span(file, id.referenced),
                    );
                    ok = false;
                }
                found => {
                    self.unknown(
                        "yes/no finding",
                        id,
                        file,
                        found,
                        |e| matches!(e, Entity::Fact(f) if yes_no[f]),
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }
}

fn text_kind(node: &Node) -> Option<TextKind> {
    match node {
        Node::Text(t) if t == "self_care" => Some(TextKind::SelfCare),
        Node::Text(t) if t == "reassurance" => Some(TextKind::Reassurance),
        _ => None,
    }
}

/// The facts that the texts' and nets' conditions read, and the findings signs name, sorted:
/// what an outcome keeps of the answers to say only what holds.
pub(super) fn text_facts(texts: &[Text], nets: &[SafetyNet]) -> Vec<FactId> {
    let mut facts = Vec::new();
    let mut read = |c: &Option<Condition>| {
        if let Some(c) = c {
            c.visit_facts(true, &mut |f, _| facts.push(f));
        }
    };
    for text in texts {
        read(&text.shown_when);
        read(&text.hidden_when);
    }
    for net in nets {
        read(&net.shown_when);
        read(&net.hidden_when);
        for group in &net.groups {
            for sign in &group.signs {
                read(&sign.shown_when);
                read(&sign.hidden_when);
            }
        }
    }
    for net in nets {
        for group in &net.groups {
            for sign in &group.signs {
                facts.extend(&sign.findings);
            }
        }
    }
    facts.sort_unstable();
    facts.dedup();
    facts
}
