//! Characters a reader does not see.
//!
//! Text in a dossier is often pasted from a word processor, a web page or an e-mail, and brings
//! characters along that take no room on the screen: a soft hyphen from hyphenation, a
//! zero-width space as a break hint in a long compound, direction marks from a mail client, a
//! variation selector after a symbol. The reader of the dossier sees neither them nor a gap, so
//! vtcheck reads the text as it looks: a field of only such characters is as empty as one of
//! only spaces ([`is_blank`]), a word with one in it is the same word ([`crate::text`]), and
//! digits with one between them can be a BSN ([`crate::privacy`]).
//!
//! Combining marks ([`is_combining`]) are a kind apart: on a letter they are seen (the
//! diaeresis of "Zoe\u{308}" is that of "Zoë"), on their own they are no text.

/// A character that is not seen and takes no room: the invisible format characters — soft
/// hyphen, Arabic letter mark, Mongolian vowel separator and variation selectors, zero-width
/// space, non-joiner and joiner, the left-to-right and right-to-left marks, embeddings,
/// overrides and isolates, word joiner and invisible operators, BOM, language tags — and the
/// variation selectors: what text pasted into a dossier brings along. The rest of Unicode's
/// Default_Ignorable_Code_Point is left out. The Hangul fillers and the shorthand format
/// controls are drawn as a blank of a letter's width, a gap ([`looks_blank`]). The Khmer
/// inherent vowels and the musical format controls occur in no Dutch text; read as absent, they
/// would join a digit before them to a BSN after them, into a ten-digit number no one masks.
pub(crate) fn is_invisible(c: char) -> bool {
    // Every character of this set lies above U+00AC: the ASCII of nearly all text leaves here
    // at the first comparison.
    c > '\u{ac}'
        && matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{e0001}'
                | '\u{e0020}'..='\u{e007f}'
                | '\u{e0100}'..='\u{e01ef}'
        )
}

/// A combining mark: an accent or other mark drawn on the character before it (the blocks of
/// combining diacritical marks, their extension and supplement, those for symbols, and the
/// half marks).
pub(crate) fn is_combining(c: char) -> bool {
    c >= '\u{300}'
        && matches!(
            c,
            '\u{300}'..='\u{36f}'
                | '\u{1ab0}'..='\u{1aff}'
                | '\u{1dc0}'..='\u{1dff}'
                | '\u{20d0}'..='\u{20ff}'
                | '\u{fe20}'..='\u{fe2f}'
        )
}

/// A character drawn as an empty space of a letter's width that is no white space to Unicode:
/// the Hangul fillers, the shorthand format controls and the blank braille pattern. Pasted on
/// their own they are a field that looks empty; between words or digits they are a gap, so
/// they are not [invisible](is_invisible).
pub(crate) fn looks_blank(c: char) -> bool {
    matches!(
        c,
        '\u{115f}'..='\u{1160}'
            | '\u{2800}'
            | '\u{3164}'
            | '\u{ffa0}'
            | '\u{1bca0}'..='\u{1bca3}'
    )
}

/// Adds nothing a reader reads: [invisible](is_invisible), or a [combining](is_combining) mark,
/// which on a letter changes how it looks but not which letter (or digit) it is.
pub(crate) fn is_unread(c: char) -> bool {
    is_invisible(c) || is_combining(c)
}

/// Empty, or only white space, [invisible](is_invisible) characters, combining marks with
/// nothing to sit on and characters that [look blank](looks_blank): a field the reader sees
/// nothing in.
#[inline]
pub(crate) fn is_blank(s: &str) -> bool {
    // Almost every filled field starts with a visible ASCII character, which settles it
    // without walking the text; the walk is out of line, so that this test is a few
    // instructions wherever it is inlined.
    match s.as_bytes().first() {
        None => true,
        Some(b) if b.is_ascii_graphic() => false,
        Some(_) => all_unseen(s),
    }
}

/// [`is_blank`] for raw bytes (a CSV cell, a JSON Lines line): bytes that are not UTF-8 are
/// not blank. A first byte that is visible ASCII (a value, the `{` of a dossier) settles it
/// before the bytes are validated.
pub(crate) fn is_blank_bytes(b: &[u8]) -> bool {
    match b.first() {
        None => true,
        Some(c) if c.is_ascii_graphic() => false,
        Some(_) => std::str::from_utf8(b).is_ok_and(all_unseen),
    }
}

/// [`is_blank`] for a text that does not start with a visible ASCII character.
#[inline(never)]
fn all_unseen(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_whitespace() || is_unread(c) || looks_blank(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters() {
        for c in [
            '\u{ad}',
            '\u{61c}',
            '\u{180e}',
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{200e}',
            '\u{200f}',
            '\u{202a}',
            '\u{202e}',
            '\u{2060}',
            '\u{2063}',
            '\u{2066}',
            '\u{2069}',
            '\u{fe0f}',
            '\u{feff}',
            '\u{e0001}',
            '\u{e0041}',
            '\u{e0100}',
        ] {
            assert!(is_invisible(c), "U+{:04X} is not seen", c as u32);
        }
        // Seen, or a space (white space is its own notion: it separates words).
        for c in [
            'a',
            'é',
            ' ',
            '\u{a0}',
            '\u{ac}',
            '\u{ae}',
            '\u{2010}',
            '\u{2065}',
            '\u{2070}',
            '\u{fe10}',
            '\u{fffd}',
            '\u{e0000}',
            '😀',
            // Default ignorable, but kept: a digit before one would join the BSN after it.
            '\u{17b4}',
            '\u{1d173}',
            // Drawn as a blank of a letter's width: a gap, not nothing.
            '\u{115f}',
            '\u{1160}',
            '\u{2800}',
            '\u{3164}',
            '\u{ffa0}',
            '\u{1bca0}',
        ] {
            assert!(!is_invisible(c), "U+{:04X} is seen", c as u32);
        }
        // Combining marks: seen on a letter, nothing on their own.
        for c in [
            '\u{301}', '\u{308}', '\u{332}', '\u{1dc4}', '\u{20e3}', '\u{fe20}',
        ] {
            assert!(
                is_combining(c) && !is_invisible(c) && is_unread(c),
                "U+{:04X}",
                c as u32
            );
        }
        for c in ['e', '\u{2ff}', '\u{370}', '\u{200b}'] {
            assert!(!is_combining(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn blank_fields() {
        for s in [
            "",
            " ",
            "\t\r\n",
            "\u{a0}",
            "\u{200b}",
            "\u{ad}\u{200b} \u{feff}",
            "\u{200e}\n",
            "\u{301}",
            "\u{3164}",
            "\u{115f}\u{1160}",
            " \u{2800}\u{ffa0}\u{1bca3} ",
        ] {
            assert!(is_blank(s), "{s:?} is blank");
        }
        for s in [
            "a",
            " a",
            "\u{200b}x",
            "\u{feff}Jansen",
            "-",
            "\u{fffd}",
            "😀",
            "\u{3164}a",
            "\u{3131}",
        ] {
            assert!(!is_blank(s), "{s:?} is not blank");
        }
    }
}
