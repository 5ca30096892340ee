//! "Did you mean" suggestions for mistyped ids.

/// The known ids closest to `unknown`, best first: at most three, and only those near enough
/// to be a plausible typo.
pub fn closest<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let limit = (unknown.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = known
        .into_iter()
        .filter_map(|candidate| {
            let distance = edit_distance(unknown, candidate);
            let contains = candidate.len() > 3
                && unknown.len() > 3
                && (candidate.contains(unknown) || unknown.contains(candidate));
            (distance <= limit || contains).then_some((distance, candidate))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, id)| id).collect()
}

/// The longest id a hint is looked for: no id is longer, and the edit distance of megabytes
/// would take long.
pub const MAX_TYPO: usize = 200;

/// A "did you mean" hint, or `None` when nothing is close.
pub fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    // No id is this long: no suggestion, and no edit distance over megabytes.
    if unknown.len() > MAX_TYPO {
        return None;
    }
    let close = closest(unknown, known);
    match close.as_slice() {
        [] => None,
        [one] => Some(format!("did you mean `{one}`?")),
        many => Some(format!(
            "did you mean one of {}?",
            many.iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Levenshtein distance, with a transposition of neighbours counting as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        current[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            current[j] = (prev[j] + 1)
                .min(current[j - 1] + 1)
                .min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                current[j] = current[j].min(prev2[j - 2] + 1);
            }
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut current);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits_and_transpositions() {
        assert_eq!(edit_distance("fever", "fever"), 0);
        assert_eq!(edit_distance("fevr", "fever"), 1);
        assert_eq!(edit_distance("fveer", "fever"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn suggests_close_ids_only() {
        let known = ["fever", "back_pain", "back_numbness", "night_pain"];
        assert_eq!(closest("bak_pain", known), vec!["back_pain"]);
        assert_eq!(closest("fevr", known), vec!["fever"]);
        assert!(closest("zzzzzzzz", known).is_empty());
        assert_eq!(
            did_you_mean("fevr", known).as_deref(),
            Some("did you mean `fever`?")
        );
    }
}
