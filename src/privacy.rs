//! Recognising personal data in free text: BSN numbers (elfproef), and dossier text in a place
//! meant for a key or an id.

/// Whether `n` (9 digits) passes the BSN elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11).
pub fn is_bsn(digits: &[u8]) -> bool {
    if digits.len() != 9 || digits.iter().all(|d| *d == b'0') {
        return false;
    }
    let mut sum: i64 = 0;
    for (i, d) in digits.iter().enumerate() {
        let v = i64::from(d - b'0');
        sum += if i == 8 { -v } else { (9 - i as i64) * v };
    }
    sum % 11 == 0
}

/// Byte ranges of numbers written as a BSN: exactly nine digits that pass the elfproef, written
/// together or in groups of 3-3-3 or 4-2-3 split by one kind of separator (a dot, a space or a
/// dash): `111222333`, `111.222.333`, `1112 22 333`. What VT-A02 looks for: digits that merely
/// follow each other (a date and a count, `12-03-2025 3`) are not a number.
pub fn bsn_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    spans(text, Grouping::Written)
}

/// Byte ranges of anything a BSN could hide in: nine digits with single separators of any kind
/// anywhere between them that pass the elfproef. What output masks, which may mask a date
/// followed by a number, but never shows a BSN written in an odd grouping.
fn maskable_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    spans(text, Grouping::Any)
}

/// Which separators a nine-digit match may contain.
#[derive(Clone, Copy, PartialEq)]
enum Grouping {
    /// None, or the groups 3-3-3 or 4-2-3 split by one kind of separator.
    Written,
    /// Any separators, one at a time.
    Any,
}

fn spans(text: &str, grouping: Grouping) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    if !digit_stretch(b) {
        return Vec::new();
    }
    scan(b, grouping)
}

/// The matches in `b`, found byte by byte.
fn scan(b: &[u8], grouping: Grouping) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // At most ten digits are read: the tenth tells a longer number from a BSN.
        let mut buf = [0u8; 10];
        let mut n = 0;
        let mut j = i;
        // Digits before each separator, and the separator (for `Grouping::Written`).
        let mut cuts = [0usize; 8];
        let mut ncuts = 0;
        let mut sep = None;
        while j < b.len() && n <= 9 {
            if b[j].is_ascii_digit() {
                buf[n] = b[j];
                n += 1;
                j += 1;
            } else if matches!(b[j], b'.' | b' ' | b'-')
                && j + 1 < b.len()
                && b[j + 1].is_ascii_digit()
                && n > 0
                && n < 9
                && (grouping == Grouping::Any || sep.is_none_or(|s| s == b[j]))
            {
                sep = Some(b[j]);
                cuts[ncuts] = n;
                ncuts += 1;
                j += 1;
            } else {
                break;
            }
        }
        let end_ok = j >= b.len() || !b[j].is_ascii_digit();
        let grouped = match grouping {
            Grouping::Any => true,
            Grouping::Written => matches!(&cuts[..ncuts], [] | [3, 6] | [4, 6]),
        };
        if n == 9 && end_ok && grouped && is_bsn(&buf[..9]) {
            out.push(i..j);
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether `b` has a stretch of digits, dots, spaces and dashes holding at least nine digits,
/// which every match lies inside. Most texts (every finding message, with its dates) have none,
/// and this decides it cheaply: eight bytes at a time, looking at single bytes only in words
/// with a digit. A word without one resets the count: inside a match at most one separator
/// stands between two digits, so any eight bytes of it hold digits.
fn digit_stretch(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut digits = 0;
    let mut step = |c: u8| count_digit(&mut digits, c);
    let mut words = b.chunks_exact(8);
    for w in &mut words {
        let mut x = [0u8; 8];
        x.copy_from_slice(w);
        // A byte is a digit when (byte ^ '0') < 10; bytes of 0x80 and up never are.
        let v = u64::from_le_bytes(x) ^ (ONES * u64::from(b'0'));
        let has_digit = v.wrapping_sub(ONES * 10) & !v & (ONES * 0x80) != 0;
        if !has_digit {
            step(b'x');
        } else if w.iter().any(|&c| step(c)) {
            return true;
        }
    }
    words.remainder().iter().any(|&c| step(c))
}

/// One byte of a stretch: counts a digit, passes a separator, resets on anything else; whether
/// the stretch now holds nine digits.
fn count_digit(digits: &mut u32, c: u8) -> bool {
    match c {
        b'0'..=b'9' => *digits += 1,
        b'.' | b' ' | b'-' => {}
        _ => *digits = 0,
    }
    *digits >= 9
}

pub fn contains_bsn(text: &str) -> bool {
    !bsn_spans(text).is_empty()
}

/// Replaces BSN-like numbers by `*********`, for any text vtcheck prints: every nine digits
/// [`maskable_spans`] finds, in any grouping, not only those [`bsn_spans`] counts as written.
/// The text comes back borrowed when there is nothing to mask (nearly always), so the report's
/// hot path copies nothing.
pub fn mask_bsn(text: &str) -> std::borrow::Cow<'_, str> {
    let spans = maskable_spans(text);
    if spans.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for s in spans {
        out.push_str(&text[last..s.start]);
        out.push_str("*********");
        last = s.end;
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

/// Whether a key or an id may be repeated in a diagnostic or a finding: short and shaped like a
/// field name or a code. Anything else (a sentence that lost its indentation and became a key, a
/// sentence where a voorwaarde id belongs) may be the exporter's free text, which is not shown.
pub fn looks_like_a_key(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 40
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// How messages and reports name an id or reference: as written when it is shaped like a code
/// ([`looks_like_a_key`]), else a placeholder with the first 8 hex digits of its SHA-256. The
/// placeholder is the finding's `item` too, so two such items stay apart (baselines,
/// fingerprints) without their text appearing; waivers match a written id through this too.
pub fn shown_id(id: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_a_key(id) {
        return std::borrow::Cow::Borrowed(id);
    }
    let digest = <sha2::Sha256 as sha2::Digest>::digest(id.as_bytes());
    let hex = crate::report::hex(&digest);
    std::borrow::Cow::Owned(format!("(niet getoond: lijkt tekst, #{})", &hex[..8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition [`digit_stretch`] implements, one byte at a time.
    fn digit_stretch_bytewise(b: &[u8]) -> bool {
        let mut digits = 0;
        b.iter().any(|&c| count_digit(&mut digits, c))
    }

    proptest::proptest! {
        /// The word-at-a-time pre-check never misses a match the byte-wise one lets through (it
        /// may only reject more: runs of separators that cannot lie inside a BSN).
        #[test]
        fn digit_stretch_finds_every_candidate(s in "[0-9 .\\-a/:é]{0,40}") {
            proptest::prop_assert_eq!(bsn_spans(&s), bsn_spans_bytewise(&s, Grouping::Written));
            proptest::prop_assert_eq!(maskable_spans(&s), bsn_spans_bytewise(&s, Grouping::Any));
            // What is counted as a BSN is always masked.
            let masked = maskable_spans(&s);
            for sp in bsn_spans(&s) {
                proptest::prop_assert!(masked.iter().any(|m| m.start <= sp.start && sp.end <= m.end));
            }
        }
    }

    /// [`bsn_spans`] with the byte-wise pre-check.
    fn bsn_spans_bytewise(text: &str, grouping: Grouping) -> Vec<std::ops::Range<usize>> {
        if digit_stretch_bytewise(text.as_bytes()) {
            scan(text.as_bytes(), grouping)
        } else {
            Vec::new()
        }
    }

    #[test]
    fn digit_stretch_cases() {
        for (s, want) in [
            ("", false),
            ("op 01-11-2024 en 07-04-2025.", false),
            ("van 01-11-2024 - 07-04-2025", true),
            ("op 01-11-2024, 65 dagen", false),
            ("BSN 111.222.333 van moeder, zoals afgesproken", true),
            ("aaaaaaa1 2345678 9", true),
            ("12345           6789", false),
            ("1234567é89", false),
        ] {
            assert_eq!(digit_stretch(s.as_bytes()), want, "{s}");
        }
    }

    #[test]
    fn elfproef() {
        // 111222333: 9+8+7+12+10+8+9+6-3 = 66 = 6·11.
        assert!(is_bsn(b"111222333"));
        assert!(!is_bsn(b"111222334"));
        assert!(contains_bsn("BSN 111.222.333 van moeder"));
        assert!(!contains_bsn("telefoon 0612345678"));
        assert!(!contains_bsn("1112223330"));
        assert_eq!(mask_bsn("x 111222333 y"), "x ********* y");
    }

    #[test]
    fn a_bsn_is_nine_digits_written_as_one_number() {
        // 12032025 followed by 3 passes the elfproef, but a date and a count are no number.
        let date_and_count = "Op 12-03-2025 3 kinderen gezien.";
        assert!(is_bsn(b"120320253"));
        for (text, found) in [
            ("BSN 111222333.", true),
            ("BSN 111.222.333.", true),
            ("BSN 111 222 333.", true),
            ("BSN 111-222-333.", true),
            ("BSN 1112.22.333.", true),
            ("BSN 1112 22 333.", true),
            (date_and_count, false),
            ("BSN 111.222-333.", false),
            ("BSN 11.1222.333.", false),
            ("BSN 1 1 1 2 2 2 3 3 3.", false),
            ("BSN 111222.333.", false),
            ("tel 06 111.222.333", true),
        ] {
            assert_eq!(contains_bsn(text), found, "{text}");
        }
        // Output masks any grouping all the same: a BSN written oddly is never shown.
        assert_eq!(mask_bsn("BSN 1 1 1 2 2 2 3 3 3."), "BSN *********.");
        assert_eq!(mask_bsn("BSN 111.222-333."), "BSN *********.");
        assert_eq!(mask_bsn(date_and_count), "Op ********* kinderen gezien.");
    }
}
