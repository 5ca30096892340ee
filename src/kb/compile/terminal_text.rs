//! The texts of the knowledge base hold nothing a terminal would act on: a control character
//! (an escape sequence can clear the screen or retitle the window) or a direction override
//! (which turns the text around, so what a person reads is not what was written). Every text
//! a report, `list` or `explain` shows comes from here, so it is refused where it is written,
//! once, with its place.

use super::Compiler;
use crate::diagnostic::{Diagnostic, Span};
use crate::kb::{Action, Invariant, Metadata, Rule, Screen};

/// Whether a character in a text is refused: a control other than a line end or a tab, or a
/// direction embedding, override or isolate (Unicode's "Trojan Source" set). The marks and the
/// joiners that right-to-left and other scripts need are allowed.
fn refused(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Collects the problems of many texts; each entity's name is made only for a problem.
struct Texts(Vec<Diagnostic>);

impl Texts {
    fn check<'a, S: AsRef<str> + ?Sized + 'a>(
        &mut self,
        what: impl Fn() -> String,
        texts: impl IntoIterator<Item = &'a S>,
        at: Option<Span>,
    ) {
        for text in texts {
            let Some(c) = text.as_ref().chars().find(|&c| refused(c)) else {
                continue;
            };
            let kind = if c.is_control() {
                "a control character"
            } else {
                "a direction override"
            };
            let message = format!(
                "the {} holds {kind} (U+{:04X}), which a terminal would act on rather than show",
                what(),
                c as u32
            );
            let help = Some("remove it; a line break or a tab is fine".to_string());
            self.0.push(Diagnostic::error(message, at).with_help(help));
        }
    }
}

impl Compiler {
    /// Checks every text of the knowledge base.
    pub(super) fn check_texts(
        &mut self,
        metadata: Option<&Metadata>,
        rules: &[Rule],
        invariants: &[Invariant],
        screens: &[Screen],
    ) {
        let mut texts = Texts(Vec::new());
        if let Some(m) = metadata {
            let own = [&m.name, &m.version, &m.last_reviewed];
            texts.check(
                || "metadata".into(),
                own.into_iter().chain(&m.authors),
                None,
            );
            for (s, source) in m.sources.iter().enumerate() {
                let at = self.defined_at(crate::kb::Entity::Source(s));
                let own = [
                    Some(&source.title),
                    source.file.as_ref(),
                    source.url.as_ref(),
                ];
                texts.check(
                    || format!("source `{}`", source.id),
                    own.into_iter().flatten(),
                    at,
                );
            }
        }
        for fact in &self.facts {
            let own = [&fact.question, &fact.help, &fact.description];
            let what = || format!("finding `{}`", fact.id);
            texts.check(what, own.into_iter().chain(&fact.label), fact.span);
        }
        for cause in &self.causes {
            let what = || format!("cause `{}`", cause.id);
            texts.check(
                what,
                std::iter::once(cause.name.as_str())
                    .chain(cause.sources.iter().map(|s| s.as_str())),
                cause.span,
            );
        }
        for level in &self.levels {
            let what = || format!("urgency level `{}`", level.id);
            texts.check(what, [&level.label], level.span);
        }
        // Advice, causes' texts and levels' instructions, each with its place.
        for text in &self.texts {
            let what = || match &text.id {
                Some(id) => format!("text `{id}`"),
                None => "text".to_string(),
            };
            texts.check(what, [&text.text], text.span);
        }
        for rule in rules {
            let said = rule.then.iter().filter_map(|action| match action {
                Action::Urgency { reason, .. } => Some(reason),
                _ => None,
            });
            let own = [&rule.description]
                .into_iter()
                .chain(said)
                .chain(&rule.sources);
            texts.check(|| format!("rule `{}`", rule.id), own, rule.span);
        }
        for invariant in invariants {
            let own = [&invariant.description]
                .into_iter()
                .chain(&invariant.sources);
            texts.check(
                || format!("invariant `{}`", invariant.id),
                own,
                invariant.span,
            );
        }
        for screen in screens {
            let what = || format!("screening question `{}`", screen.id);
            texts.check(what, [&screen.question, &screen.help], screen.span);
        }
        self.diagnostics.append(&mut texts.0);
    }
}
