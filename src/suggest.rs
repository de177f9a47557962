//! "Did you mean" for keys, enumeration values, rule ids and fields.

use crate::chars::is_invisible;

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
/// allowed values already, so [`help_for`]'s list would say it twice). A word that is a
/// candidate but for characters the writer cannot see (a zero-width space, a non-breaking
/// space, a space at the end) gets that candidate, whatever the edit distance, and is told what
/// is in it: "bedoelde je `melding`?" alone would puzzle someone who sees `melding` written.
pub fn did_you_mean_help<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let candidates: Vec<&str> = candidates.into_iter().collect();
    unseen_help(word, &candidates)
        .or_else(|| did_you_mean(word, candidates).map(|s| format!("bedoelde je `{s}`?")))
}

/// The help for a word that is a candidate (in any case) once its [invisible](is_invisible)
/// characters, and white space at its ends, are taken out; `None` for any other word.
/// Combining marks are not taken out: an accent is seen.
fn unseen_help(word: &str, candidates: &[&str]) -> Option<String> {
    let at_ends = |c: char| c.is_whitespace() || is_invisible(c);
    let core = word.trim_matches(at_ends);
    if core.len() == word.len() && !core.chars().any(is_invisible) {
        return None;
    }
    let seen: String = core
        .chars()
        .filter(|&c| !is_invisible(c))
        .collect::<String>()
        .to_lowercase();
    let candidate = candidates.iter().find(|c| c.to_lowercase() == seen)?;
    // What is named: white space at the ends (inside, a space is the candidate's own, as in
    // "directe veiligheid"), and every invisible character, each kind once.
    let start = word.len() - word.trim_start_matches(at_ends).len();
    let end = start + core.len();
    let ends = word[..start].chars().chain(word[end..].chars());
    let mut names: Vec<String> = Vec::new();
    for c in ends.filter(|c| c.is_whitespace()) {
        let name = match c {
            ' ' => "een spatie aan het begin of eind".to_string(),
            '\t' => "een tab".to_string(),
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                "een regeleinde".to_string()
            }
            '\u{a0}' | '\u{202f}' => format!("een harde spatie (U+{:04X})", c as u32),
            c => format!("een bijzondere spatie (U+{:04X})", c as u32),
        };
        push_new(&mut names, name);
    }
    let mut invisible: Vec<String> = Vec::new();
    for c in word.chars().filter(|&c| is_invisible(c)) {
        push_new(&mut invisible, format!("U+{:04X}", c as u32));
    }
    // A few are enough to find them; a value full of them would make a help line of pages.
    const SHOWN: usize = 3;
    match invisible.len() {
        0 => {}
        1 => names.push(format!("een onzichtbaar teken ({})", invisible[0])),
        n if n <= SHOWN => names.push(format!("onzichtbare tekens ({})", invisible.join(", "))),
        n => names.push(format!(
            "onzichtbare tekens ({} en {} andere)",
            invisible[..SHOWN].join(", "),
            n - SHOWN
        )),
    }
    let listed = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} en {last}", rest.join(", ")),
        _ => names.concat(),
    };
    Some(format!(
        "bedoelde je `{candidate}`? Er staat iets in dat je niet ziet: {listed}"
    ))
}

/// Appends `s` unless `list` has it: each kind of character is named once.
fn push_new(list: &mut Vec<String>, s: String) {
    if !list.contains(&s) {
        list.push(s);
    }
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

    /// A value that is a candidate but for what the writer cannot see is told so, however many
    /// such characters it holds; other values get the plain suggestion.
    #[test]
    fn unseen_characters_are_named() {
        let kinds = ["advies", "melding", "directe veiligheid"];
        for (word, want) in [
            (
                "melding\u{200b}",
                "bedoelde je `melding`? Er staat iets in dat je niet ziet: een onzichtbaar teken (U+200B)",
            ),
            (
                "\u{feff}mel\u{ad}ding\u{200b}\u{200b}\u{200b}\u{200b}",
                "bedoelde je `melding`? Er staat iets in dat je niet ziet: onzichtbare tekens (U+FEFF, U+00AD, U+200B)",
            ),
            (
                "Melding\u{a0}",
                "bedoelde je `melding`? Er staat iets in dat je niet ziet: een harde spatie (U+00A0)",
            ),
            (
                "advies ",
                "bedoelde je `advies`? Er staat iets in dat je niet ziet: een spatie aan het begin of eind",
            ),
            (
                "directe\u{200b} veiligheid",
                "bedoelde je `directe veiligheid`? Er staat iets in dat je niet ziet: een onzichtbaar teken (U+200B)",
            ),
            (
                "\u{200b} melding\u{2028}",
                "bedoelde je `melding`? Er staat iets in dat je niet ziet: een spatie aan het begin of eind, een regeleinde en een onzichtbaar teken (U+200B)",
            ),
            (
                "mel\u{200b}\u{200c}\u{200d}\u{2060}\u{feff}ding",
                "bedoelde je `melding`? Er staat iets in dat je niet ziet: onzichtbare tekens (U+200B, U+200C, U+200D en 2 andere)",
            ),
            // An accent is seen: a near word, not a hidden character.
            ("mel\u{301}ding", "bedoelde je `melding`?"),
            ("meldin", "bedoelde je `melding`?"),
            ("meldin\u{200b}", "bedoelde je `melding`?"),
        ] {
            assert_eq!(
                did_you_mean_help(word, kinds).as_deref(),
                Some(want),
                "{word:?}"
            );
        }
        assert_eq!(did_you_mean_help("\u{200b}", kinds), None);
        assert_eq!(did_you_mean_help("xyz\u{200b}", kinds), None);
    }
}
