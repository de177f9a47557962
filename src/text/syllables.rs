//! Dutch syllable counting and the Flesch-Douma reading ease.
//!
//! Syllables are counted by vowel groups: each maximal run of vowels (a e i o u y, with
//! diacritics) is split into the Dutch vowel units — trigraphs (aai, ooi, oei, eeu, ieu, eau),
//! digraphs (aa ee oo uu ie oe ou au ei eu ui ij-as-i, ai oi ey uy) — and every unit is one
//! syllable. Other vowel pairs are a hiatus and count twice ("situatie" si-tu-a-tie, "ideaal"
//! i-de-aal, "video" vi-de-o). A diaeresis always starts a new syllable ("geïnformeerd",
//! "knieën", "coördinatie"). Numbers count as one syllable per digit group.

use super::token::{Analysis, Kind};

/// Vowel units that form one syllable, longest first.
const UNITS: &[&str] = &[
    "aai", "ooi", "oei", "eeu", "ieu", "eau", "aa", "ee", "oo", "uu", "ie", "oe", "ou", "au", "ei",
    "eu", "ui", "ai", "oi", "ey", "uy", "ay", "oy",
];

/// Base vowel of `c` and whether it carries a diaeresis (which forces a new syllable).
fn vowel(c: char) -> Option<(char, bool)> {
    Some(match c {
        'a' | 'á' | 'à' | 'â' => ('a', false),
        'e' | 'é' | 'è' | 'ê' => ('e', false),
        'i' | 'í' | 'ì' | 'î' => ('i', false),
        'o' | 'ó' | 'ò' | 'ô' => ('o', false),
        'u' | 'ú' | 'ù' | 'û' => ('u', false),
        'y' | 'ý' => ('y', false),
        'ä' => ('a', true),
        'ë' => ('e', true),
        'ï' => ('i', true),
        'ö' => ('o', true),
        'ü' => ('u', true),
        'ÿ' => ('y', true),
        _ => return None,
    })
}

/// Number of syllables of one Dutch word (0 for a word without letters or digits).
pub fn syllables(word: &str) -> usize {
    // Lower-case letters as (base vowel or consonant, diaeresis); combining marks attach to
    // the previous letter (U+0308 is a diaeresis, others are dropped).
    let mut letters: Vec<(char, bool, bool)> = Vec::with_capacity(word.len()); // (char, is_vowel, diaeresis)
    let mut digits = false;
    let mut digit_groups = 0usize;
    for c in word.chars().flat_map(char::to_lowercase) {
        if c == '\u{308}' {
            if let Some(l) = letters.last_mut() {
                l.2 = l.1;
            }
            continue;
        }
        if ('\u{300}'..='\u{36f}').contains(&c) {
            continue;
        }
        if c.is_ascii_digit() {
            if !digits {
                digit_groups += 1;
            }
            digits = true;
            continue;
        }
        if c.is_alphabetic() {
            digits = false;
        }
        if let Some((v, d)) = vowel(c) {
            letters.push((v, true, d));
        } else if c.is_alphabetic() {
            letters.push((c, false, false));
        }
    }
    if letters.is_empty() {
        return digit_groups;
    }
    let mut n = 0;
    let mut i = 0;
    let mut run = String::new();
    while i < letters.len() {
        if !letters[i].1 {
            i += 1;
            continue;
        }
        // A vowel run, split at diaereses.
        let mut j = i;
        while j < letters.len() && letters[j].1 {
            if j > i && letters[j].2 {
                break;
            }
            j += 1;
        }
        run.clear();
        run.extend(letters[i..j].iter().map(|l| l.0));
        n += vowel_units(&run);
        i = j;
    }
    (n + digit_groups).max(1)
}

/// Syllables in one run of vowels.
fn vowel_units(run: &str) -> usize {
    let mut n = 0;
    let mut rest = run;
    while !rest.is_empty() {
        let step = UNITS
            .iter()
            .find(|u| rest.starts_with(*u))
            .map_or(1, |u| u.len());
        n += 1;
        rest = &rest[step.min(rest.len())..];
    }
    n
}

/// Flesch-Douma reading ease of `text`: 206.835 − 0.93 × (words / sentences) − 77 × (syllables
/// / words). `None` for a text without words. Higher is easier; 60–70 is plain language.
pub fn flesch_douma(text: &str) -> Option<f64> {
    flesch_douma_of(&Analysis::new(text))
}

pub(crate) fn flesch_douma_of(a: &Analysis) -> Option<f64> {
    let mut words = 0usize;
    let mut syl = 0usize;
    for (i, t) in a.toks.iter().enumerate() {
        match t.kind {
            Kind::Word | Kind::Number => {
                words += 1;
                syl += syllables(a.orig(i)).max(1);
            }
            Kind::Punct => {}
        }
    }
    if words == 0 {
        return None;
    }
    let sentences = a.sentences.len().max(1) as f64;
    let w = words as f64;
    Some(206.835 - 0.93 * (w / sentences) - 77.0 * (syl as f64 / w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_syllables() {
        let cases = [
            ("de", 1),
            ("kinderen", 3),
            ("veiligheid", 3),
            ("moeder", 2),
            ("situatie", 4),
            ("ideaal", 3),
            ("theater", 3),
            ("video", 3),
            ("sociaal", 3),
            ("geïnformeerd", 4),
            ("knieën", 2),
            ("coördinatie", 5),
            ("consultatiebureau", 6),
            ("mooie", 2),
            ("eieren", 3),
            ("leeuw", 1),
            ("nieuw", 1),
            ("baby", 2),
            ("bijeenkomst", 3),
            ("tijd", 1),
            ("uitgaan", 2),
            ("beëindigen", 4),
            ("zeeën", 2),
            ("hooi", 1),
            ("ruzie", 2),
            ("vóór", 1),
            ("één", 1),
            ("gei\u{0308}n", 2),
            ("8.30", 1),
            ("", 0),
            ("!", 0),
            ("'s", 1),
        ];
        for (w, n) in cases {
            assert_eq!(syllables(w), n, "{w}");
        }
    }

    #[test]
    fn flesch_douma_hand_counted() {
        // De(1) kin-de-ren(3) zijn(1) vei-lig(2): 4 words, 7 syllables, 1 sentence.
        let s = flesch_douma("De kinderen zijn veilig.").unwrap();
        assert!(
            (s - (206.835 - 0.93 * 4.0 - 77.0 * 7.0 / 4.0)).abs() < 1e-9,
            "{s}"
        );
        // Moe-der(2) brengt(1) San-ne(2) naar(1) school(1). O-ma(2) kookt(1).
        // 7 words, 10 syllables, 2 sentences.
        let s = flesch_douma("Moeder brengt Sanne naar school. Oma kookt.").unwrap();
        assert!(
            (s - (206.835 - 0.93 * 3.5 - 77.0 * 10.0 / 7.0)).abs() < 1e-9,
            "{s}"
        );
        assert_eq!(flesch_douma(""), None);
        assert_eq!(flesch_douma(" ... !"), None);
    }
}
