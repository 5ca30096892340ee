//! FHIR R4, for health systems: the knowledge base's questions as a `Questionnaire`, a person's
//! answers as a `QuestionnaireResponse` (written, and read back as answers), and an assessment
//! as a `Bundle` of the answers and a `RiskAssessment`.
//!
//! The profile choices, in one place:
//! - Every item is linked by the finding's id (`linkId`), so a response maps back to the
//!   knowledge base without a table.
//! - A yes/no finding is a `choice` item with three answers: HL7 v2 table 0136's `Y` and `N`,
//!   and FHIR's data-absent-reason `asked-unknown` for "not sure". A finding not asked has no
//!   item in the response at all, so "not sure" never reads as "no", nor as "not asked".
//! - A number or choice answered "not sure" is an item with no answer and the
//!   data-absent-reason extension `asked-unknown`.
//! - The urgency is the first prediction of the `RiskAssessment` (its qualitative risk from
//!   FHIR's risk-probability codes); each ranked cause follows as a prediction of its own,
//!   coded in SNOMED CT and ICD-10, with the evidence in words as its rationale; the basis is
//!   the `QuestionnaireResponse`.
//! - No time stamps and no random ids: the same answers give the same bytes, and the
//!   `urn:uuid:` ids are derived from the content.

mod bundle;
mod questionnaire;
mod response;

pub use bundle::assessment_bundle;
pub use questionnaire::questionnaire;
pub use response::{questionnaire_response, read_response, read_response_in};

use crate::kb::{Coded, Codes, KnowledgeBase};
use serde_json::{Value as Json, json};

/// Yes and no, as HL7 v2 table 0136 codes them.
const YES_NO_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v2-0136";
/// "Not sure": the person was asked and does not know.
const ABSENT_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
const ABSENT_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";
const ASKED_UNKNOWN: &str = "asked-unknown";
/// Marks a red-flag question: FHIR has no element for it.
const RED_FLAG_EXTENSION: &str = "urn:triage:fhir:red-flag";

fn yes() -> Json {
    json!({"system": YES_NO_SYSTEM, "code": "Y", "display": "Yes"})
}

fn no() -> Json {
    json!({"system": YES_NO_SYSTEM, "code": "N", "display": "No"})
}

fn not_sure() -> Json {
    json!({"system": ABSENT_SYSTEM, "code": ASKED_UNKNOWN, "display": "Not sure"})
}

/// The extension that says an item was asked and the person does not know.
fn asked_unknown_extension() -> Json {
    json!([{"url": ABSENT_EXTENSION, "valueCode": ASKED_UNKNOWN}])
}

/// The canonical URL of the knowledge base's questionnaire.
fn questionnaire_url(kb: &KnowledgeBase) -> String {
    format!("urn:triage:questionnaire:{}", kb.metadata.name)
}

/// A cause's or finding's codes as FHIR codings.
fn codings(codes: &Codes) -> Vec<Json> {
    let coding = |system: &str, coded: &Coded| json!({"system": system, "code": coded.code, "display": coded.term});
    let mut out = Vec::new();
    if let Some(snomed) = &codes.snomed {
        out.push(coding(crate::kb::codes::SNOMED_SYSTEM, snomed));
    }
    if let Some(icd10) = &codes.icd10 {
        out.push(coding(crate::kb::codes::ICD10_SYSTEM, icd10));
    }
    out
}

/// A `urn:uuid:` in the form of RFC 9562's version 8 (custom), derived from `seed`: the same
/// content always gets the same id.
fn uuid(seed: &str) -> String {
    let hash = |basis: u64| {
        seed.bytes().fold(basis, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let high = hash(0xcbf2_9ce4_8422_2325);
    let low = hash(0x6c62_272e_07bb_0142);
    let high = (high & !0xf000) | 0x8000;
    let low = (low & !(0b11 << 62)) | (0b10 << 62);
    format!(
        "urn:uuid:{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        high >> 32,
        (high >> 16) & 0xffff,
        high & 0xffff,
        low >> 48,
        low & 0xffff_ffff_ffff
    )
}

#[cfg(test)]
mod tests {
    use super::uuid;

    #[test]
    fn ids_are_version_8_uuids_that_follow_the_content() {
        let a = uuid("one");
        assert_eq!(a, uuid("one"));
        assert_ne!(a, uuid("two"));
        let hex = a.strip_prefix("urn:uuid:").unwrap();
        let parts: Vec<&str> = hex.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('8'));
        assert!("89ab".contains(&parts[3][..1]));
    }
}
