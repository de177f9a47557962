//! "Did you mean" for keys, enumeration values, rule ids and fields.

/// The closest candidate within a small edit distance, if any. Short words need a closer match,
/// so `id` does not suggest `rol`.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let w = word.to_lowercase();
    let len = w.chars().count();
    let limit = match len {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        // The distance is at least the difference in length: a long value (up to a megabyte of
        // text) is compared with no short name, which would cost time in proportion to it.
        .filter_map(|c| {
            let lc = c.to_lowercase();
            (lc.chars().count().abs_diff(len) <= limit).then(|| (edit_distance(&w, &lc), c))
        })
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// "bedoelde je `x`?" for the nearest candidate, if one is near (where the message lists the
/// allowed values already, so [`help_for`]'s list would say it twice).
pub fn did_you_mean_help<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(word, candidates).map(|s| format!("bedoelde je `{s}`?"))
}

/// A Dutch help line: "bedoelde je `x`?", or the allowed values when there are few.
pub fn help_for(word: &str, candidates: &[&str]) -> Option<String> {
    if let Some(help) = did_you_mean_help(word, candidates.iter().copied()) {
        return Some(help);
    }
    if !candidates.is_empty() && candidates.len() <= 8 {
        return Some(format!("toegestaan: {}", candidates.join(", ")));
    }
    None
}

/// Levenshtein distance with transpositions counted as one edit (optimal string alignment).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev2 = vec![0usize; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_words_only() {
        let keys = ["ontvangen", "gebeurtenissen", "soort", "id", "regio"];
        // A long value is no typo of a name (and its edit distance would cost its length).
        assert_eq!(did_you_mean(&"ontvangen".repeat(8), keys), None);
        // A long name (a configured CSV header) still gets its suggestion.
        let header = "Datum waarop de gebeurtenis plaatsvond volgens het registratiesysteem";
        let typo = header.replace("plaatsvond", "plaatsvnd");
        assert_eq!(did_you_mean(&typo, [header, "Dossier"]), Some(header));
        assert_eq!(did_you_mean("ontvagen", keys), Some("ontvangen"));
        assert_eq!(did_you_mean("gebeurtenisen", keys), Some("gebeurtenissen"));
        assert_eq!(did_you_mean("sort", keys), Some("soort"));
        assert_eq!(did_you_mean("xyz", keys), None);
        assert_eq!(edit_distance("ab", "ba"), 1);
    }
}
