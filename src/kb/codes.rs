//! Clinical codes of causes and findings: a SNOMED CT concept and an ICD-10 code, so that
//! health systems can read a report in the terms they already use.
//!
//! A code is written with the words it stands for (`23056005 |Sciatica (disorder)|`, as
//! SNOMED CT's compositional grammar writes it; `M54.3 Sciatica`), so that a reviewer sees a
//! wrong code at a glance. What can be checked without the code systems themselves is
//! checked here: a SNOMED CT id's Verhoeff check digit and its partition (a concept, not a
//! description or relationship), and an ICD-10 code's form.

/// One code and the term it stands for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Coded {
    pub code: String,
    pub term: String,
}

/// The codes of a cause or finding; a cause that lacks one says why in `uncoded`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Codes {
    pub snomed: Option<Coded>,
    pub icd10: Option<Coded>,
    pub uncoded: Option<String>,
}

impl Codes {
    pub fn is_empty(&self) -> bool {
        self.snomed.is_none() && self.icd10.is_none() && self.uncoded.is_none()
    }
}

/// The code systems' URIs, as FHIR names them.
pub const SNOMED_SYSTEM: &str = "http://snomed.info/sct";
pub const ICD10_SYSTEM: &str = "http://hl7.org/fhir/sid/icd-10";

/// Reads `<concept id> |<term>|`.
pub fn parse_snomed(text: &str) -> Result<Coded, String> {
    let (code, term) = split_code(text);
    let term = term
        .strip_prefix('|')
        .and_then(|t| t.strip_suffix('|'))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            format!(
                "write the concept's term after its id, between bars: `{code} |Term (semantic tag)|`"
            )
        })?;
    check_sctid(code)?;
    Ok(Coded {
        code: code.to_string(),
        term: term.to_string(),
    })
}

/// Reads `<ICD-10 code> <title>`.
pub fn parse_icd10(text: &str) -> Result<Coded, String> {
    let (code, term) = split_code(text);
    if !is_icd10(code) {
        return Err(format!(
            "`{code}` is not an ICD-10 code: a capital letter, two digits, then optionally a dot and one or two digits (like `M54.3`)"
        ));
    }
    if term.is_empty() {
        return Err(format!(
            "write the code's title after it: `{code} <title as in ICD-10>`"
        ));
    }
    Ok(Coded {
        code: code.to_string(),
        term: term.to_string(),
    })
}

fn split_code(text: &str) -> (&str, &str) {
    let text = text.trim();
    match text.split_once(char::is_whitespace) {
        Some((code, rest)) => (code, rest.trim()),
        None => (text, ""),
    }
}

/// A category (`M54`) or a subcategory (`M54.3`, or `M54.16` where a chapter adds a fifth
/// character), as the WHO's ICD-10 writes them.
fn is_icd10(code: &str) -> bool {
    let bytes = code.as_bytes();
    let category = bytes.len() >= 3
        && bytes[0].is_ascii_uppercase()
        && bytes[1].is_ascii_digit()
        && bytes[2].is_ascii_digit();
    category
        && match &bytes[3..] {
            [] => true,
            [b'.', rest @ ..] => {
                (1..=2).contains(&rest.len()) && rest.iter().all(u8::is_ascii_digit)
            }
            _ => false,
        }
}

/// A SNOMED CT concept id: 6 to 18 digits without a leading zero, a valid Verhoeff check
/// digit, and the partition identifier of a concept (`00`, or `10` in an extension).
pub fn check_sctid(id: &str) -> Result<(), String> {
    if !(6..=18).contains(&id.len())
        || !id.bytes().all(|b| b.is_ascii_digit())
        || id.starts_with('0')
    {
        return Err(format!(
            "`{id}` is not a SNOMED CT id: 6 to 18 digits, not starting with 0"
        ));
    }
    if !verhoeff_valid(id) {
        return Err(format!(
            "`{id}` is not a SNOMED CT id: its check digit (the last) is wrong, so a digit is mistyped"
        ));
    }
    let partition = &id[id.len() - 3..id.len() - 1];
    match partition {
        "00" | "10" => Ok(()),
        "01" | "11" => Err(format!(
            "`{id}` is a SNOMED CT description id, not a concept id (its partition is {partition})"
        )),
        "02" | "12" => Err(format!(
            "`{id}` is a SNOMED CT relationship id, not a concept id (its partition is {partition})"
        )),
        _ => Err(format!(
            "`{id}` is not a SNOMED CT concept id: its partition identifier (the two digits before the last) is {partition}, not 00 or 10"
        )),
    }
}

/// The Verhoeff check (dihedral group D5), as SNOMED CT ids carry it in their last digit.
pub fn verhoeff_valid(digits: &str) -> bool {
    const D: [[u8; 10]; 10] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ];
    const P: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    let mut check = 0u8;
    for (i, byte) in digits.bytes().rev().enumerate() {
        if !byte.is_ascii_digit() {
            return false;
        }
        check = D[check as usize][P[i % 8][(byte - b'0') as usize] as usize];
    }
    check == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verhoeff_accepts_real_ids_and_catches_one_wrong_digit_or_a_swap() {
        for id in [
            "23056005",
            "192970008",
            "404684003",
            "138875005",
            "900000000000207008",
        ] {
            assert!(verhoeff_valid(id), "{id}");
        }
        assert!(!verhoeff_valid("23056006"));
        assert!(!verhoeff_valid("23065005"));
        assert!(!verhoeff_valid("192907008"));
    }

    #[test]
    fn a_concept_id_has_the_concept_partition() {
        assert_eq!(check_sctid("23056005"), Ok(()));
        // 900000000000207008 is a concept of the core module's namespace-free extension form.
        assert!(check_sctid("900000000000207008").is_ok());
        // A description id (partition 01) with a valid check digit.
        let description = "751689013";
        assert!(verhoeff_valid(description));
        assert!(
            check_sctid(description)
                .unwrap_err()
                .contains("description id")
        );
        assert!(
            check_sctid("0123456")
                .unwrap_err()
                .contains("not starting with 0")
        );
        assert!(check_sctid("12345").unwrap_err().contains("6 to 18 digits"));
        assert!(check_sctid("23056006").unwrap_err().contains("check digit"));
    }

    #[test]
    fn snomed_is_an_id_and_its_term_between_bars() {
        assert_eq!(
            parse_snomed("23056005 |Sciatica (disorder)|"),
            Ok(Coded {
                code: "23056005".into(),
                term: "Sciatica (disorder)".into()
            })
        );
        assert!(
            parse_snomed("23056005")
                .unwrap_err()
                .contains("between bars")
        );
        assert!(
            parse_snomed("23056005 Sciatica")
                .unwrap_err()
                .contains("between bars")
        );
    }

    #[test]
    fn icd10_codes_have_the_who_form() {
        for code in [
            "M54.3 Sciatica",
            "I71 Aortic aneurysm and dissection",
            "M54.16 x",
        ] {
            assert!(parse_icd10(code).is_ok(), "{code}");
        }
        for code in [
            "m54.3 x",
            "M5.3 x",
            "M54. x",
            "M54.3A x",
            "S32.010A x",
            "724.2 x",
            "M543 x",
        ] {
            assert!(
                parse_icd10(code)
                    .unwrap_err()
                    .contains("not an ICD-10 code"),
                "{code}"
            );
        }
        assert!(parse_icd10("M54.3").unwrap_err().contains("title"));
    }
}
