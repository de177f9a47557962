//! UAX #29 word boundaries for ASCII text, without the general Unicode tables.
//!
//! Nearly every voorwaarde is plain ASCII, and segmenting it was the largest single cost of text
//! analysis. For ASCII input the rules of UAX #29 reduce to a handful of character classes; this
//! module applies them directly and gives exactly the segments of `unicode_segmentation`'s
//! `split_word_bound_indices` (a property test holds it to that). Any other text goes to the
//! general implementation.

/// Word-break classes of the ASCII characters (UAX #29, table 3).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cr,
    Lf,
    /// Vertical tab and form feed.
    Newline,
    /// The space character (`WSegSpace`).
    Space,
    Letter,
    Digit,
    /// `:` (`MidLetter`).
    MidLetter,
    /// `.` (`MidNumLet`) and `'` (`Single_Quote`): both join letters and digits.
    MidNumLetQ,
    /// `,` and `;` (`MidNum`).
    MidNum,
    /// `_` (`ExtendNumLet`).
    Connector,
    Other,
}

/// The class of every byte, looked up: segmenting reads each byte's class once or twice.
static CLASSES: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = match b as u8 {
            b'\r' => Class::Cr,
            b'\n' => Class::Lf,
            0x0B | 0x0C => Class::Newline,
            b' ' => Class::Space,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'0'..=b'9' => Class::Digit,
            b':' => Class::MidLetter,
            b'.' | b'\'' => Class::MidNumLetQ,
            b',' | b';' => Class::MidNum,
            b'_' => Class::Connector,
            _ => Class::Other,
        };
        b += 1;
    }
    t
};

fn class(b: u8) -> Class {
    // Only ASCII text is segmented here; the mask keeps the index in the table regardless.
    CLASSES[usize::from(b & 0x7F)]
}

/// Whether UAX #29 keeps `cur` with `prev` (no boundary between them), given the character
/// before `prev` and the one after `cur` (rules WB3 to WB13b; the others never apply to ASCII).
fn joined(before: Option<Class>, prev: Class, cur: Class, after: Option<Class>) -> bool {
    use Class::*;
    match (prev, cur) {
        (Cr, Lf) => true,
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => false,
        (Space, Space) | (Letter, Letter) | (Digit, Digit) | (Letter, Digit) | (Digit, Letter) => {
            true
        }
        (Letter, MidLetter | MidNumLetQ) => after == Some(Letter),
        (MidLetter | MidNumLetQ, Letter) => before == Some(Letter),
        (Digit, MidNum | MidNumLetQ) => after == Some(Digit),
        (MidNum | MidNumLetQ, Digit) => before == Some(Digit),
        (Letter | Digit | Connector, Connector) | (Connector, Letter | Digit) => true,
        _ => false,
    }
}

/// The word-boundary segments of an ASCII `text` as (byte offset, segment), like
/// `split_word_bound_indices`. `None` when the text is not ASCII.
pub(crate) fn segments(text: &str) -> Option<Vec<(usize, &str)>> {
    let b = text.as_bytes();
    if !b.is_ascii() {
        return None;
    }
    let mut out = Vec::with_capacity(b.len() / 3 + 1);
    let mut start = 0;
    for i in 1..b.len() {
        let (prev, cur) = (class(b[i - 1]), class(b[i]));
        // Inside a word or a number, and between spaces: joined whatever the context (nearly
        // every byte of a text), so the neighbours' classes are only read at the other pairs.
        if matches!(
            (prev, cur),
            (Class::Letter | Class::Digit, Class::Letter | Class::Digit)
                | (Class::Space, Class::Space)
        ) {
            continue;
        }
        let before = i.checked_sub(2).map(|k| class(b[k]));
        let after = b.get(i + 1).map(|&c| class(c));
        if !joined(before, prev, cur, after) {
            out.push((start, &text[start..i]));
            start = i;
        }
    }
    if start < b.len() {
        out.push((start, &text[start..]));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::segments;
    use proptest::prelude::*;
    use unicode_segmentation::UnicodeSegmentation;

    fn reference(t: &str) -> Vec<(usize, &str)> {
        t.split_word_bound_indices().collect()
    }

    #[test]
    fn table() {
        for t in [
            "",
            "Vader stopt met drinken.",
            "om 10.00 uur, 1,5 km; a.b a:b a'b 's nachts",
            "ex-man  twee  spaties\r\nregel\n\n\x0b\x0c",
            "a_b _1 1_ __ a._ 1.a a.1 1.2.3 a..b 1,,2",
            "'s Avonds: geen (alcohol)!",
        ] {
            assert_eq!(segments(t).unwrap(), reference(t), "{t:?}");
        }
        assert!(segments("café").is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn agrees_with_unicode_segmentation(t in "[aZ09 .:',;_\\-\r\n\t\x0b\x0c!(\"]{0,24}") {
            prop_assert_eq!(segments(&t).unwrap(), reference(&t));
        }
    }
}
