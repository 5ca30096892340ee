//! The compiled knowledge base as bytes: what build.rs embeds for the built-in knowledge base,
//! and what the cache keeps for a rules folder (see `cache`).
//!
//! The bytes are a magic number, the knowledge base's texts one after another (each distinct
//! text once: `shared::encode_texts`), then postcard (serde's compact binary format: varints,
//! length-prefixed sequences, enums by variant index), where a text is its place in that table. They are private to one build of
//! the binary, since the types they encode change with it: whoever reads them back must have
//! written them with the same binary (build.rs compiles this very module), or know that it did
//! (the cache keys its files by the binary). Damage is refused, never misread: `decode`
//! returns `None` for anything but exactly what `encode` wrote, and the caller falls back to
//! the YAML.

use super::KnowledgeBase;
use super::raw::RawFile;
use crate::diagnostic::{Diagnostic, SourceFile};

/// Starts every encoded knowledge base; the last byte is bumped when the form changes.
const MAGIC: &[u8; 4] = b"TKB\x07";

/// Encodes a knowledge base and the warnings found when compiling it.
pub fn encode(kb: &KnowledgeBase, warnings: &[Diagnostic]) -> Vec<u8> {
    // Every type serializes (no maps with non-text keys, no lengths unknown in advance), so
    // writing to a growing vector fails only if memory does. The knowledge base's texts go
    // to a table written first (`shared::encode_texts`).
    let (body, table) = super::shared::encode_texts(|| {
        postcard::to_allocvec(&(kb, warnings)).expect("a knowledge base encodes")
    });
    let mut bytes =
        postcard::to_extend(table.as_bytes(), MAGIC.to_vec()).expect("a table of texts encodes");
    bytes.extend_from_slice(&body);
    bytes
}

/// Reads back what `encode` wrote; `None` if the bytes are not exactly that.
pub fn decode(bytes: &[u8]) -> Option<(KnowledgeBase, Vec<Diagnostic>)> {
    let (table, body): (&[u8], _) = postcard::take_from_bytes(bytes.strip_prefix(MAGIC)?).ok()?;
    let (decoded, rest) =
        super::shared::decode_texts(table, || postcard::take_from_bytes(body).ok())??;
    rest.is_empty().then_some(decoded)
}

/// Compiles parsed knowledge-base files and encodes the result: what build.rs embeds. `None`
/// when they do not compile (the YAML path then reports why, with locations).
pub fn compile_to_image(
    files: Vec<SourceFile>,
    raws: Vec<(usize, RawFile)>,
    locales: Vec<(usize, serde_saphyr::Spanned<super::node::Node>)>,
) -> Option<Vec<u8>> {
    let (kb, warnings) = super::compile::compile(files, raws, locales).ok()?;
    Some(encode(&kb, &warnings))
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
                (&kb.not_sure_reason, kb.locales.all(), &kb.translation),
                &kb.red_flags,
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
        if let Some((_, span)) = &mut located.not_sure_reason {
            *span = None;
        }
        let mut locales = located.locales.all().to_vec();
        for translation in locales.iter_mut().flat_map(|l| &mut l.texts) {
            translation.span = None;
            translation.source_span = None;
            translation.text_span = None;
        }
        located.locales = crate::kb::locale::Locales::new(locales);
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
