//! Recognising personal data in free text: BSN numbers (elfproef), and dossier text in a place
//! meant for a key or an id.

/// Whether `n` (9 digits) passes the BSN elfproef: 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11).
pub fn is_bsn(digits: &[u8]) -> bool {
    digits.iter().all(u8::is_ascii_digit)
        && is_bsn_values(&digits.iter().map(|d| d - b'0').collect::<Vec<u8>>())
}

/// [`is_bsn`] for digit values (0 to 9) rather than ASCII digits.
fn is_bsn_values(digits: &[u8]) -> bool {
    if digits.len() != 9 || digits.iter().all(|d| *d == 0) {
        return false;
    }
    let mut sum: i64 = 0;
    for (i, d) in digits.iter().enumerate() {
        let v = i64::from(*d);
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

/// Byte ranges of anything a BSN could hide in: nine digits that pass the elfproef, with up to
/// three separators of any kind anywhere between two of them (`731 - 958 - 469`, `731--958`),
/// a comma only alone (`731,958,469`: "op 15-03-2023, 2 werkdagen" is a date and a count).
/// What output masks, which may mask a date followed by a number, but never shows a BSN
/// written in an odd grouping. "Digits" are any Unicode decimal digits (full-width `１`,
/// Arabic-Indic, ...) and "separators" any space (the no-break spaces a word processor puts in
/// a number too), dot, dash, slash, underscore, apostrophe or comma, and the invisible
/// characters that can stand between two digits unseen: a BSN pasted from a letter is not
/// shown because its spaces are U+00A0.
fn maskable_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    spans(text, Grouping::Any)
}

/// Which digits and separators a nine-digit match may contain.
#[derive(Clone, Copy, PartialEq)]
enum Grouping {
    /// ASCII digits, with no separator or the groups 3-3-3 or 4-2-3 split by one kind of
    /// separator (`.`, ` ` or `-`).
    Written,
    /// Any decimal digits ([`digit_value`]) with runs of up to three separators
    /// ([`is_any_separator`]); a comma only alone.
    Any,
}

fn spans(text: &str, grouping: Grouping) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    // The cheap pre-check works on bytes; it knows only ASCII digits and separators, which is
    // all `Written` accepts and all an ASCII text can hold.
    let candidate = if text.is_ascii() {
        digit_stretch(b, grouping)
    } else if grouping == Grouping::Written {
        // Characters a reader does not see may stand anywhere in a written number: every
        // non-ASCII byte passes (a superset of the stretches a match can lie in).
        let mut stretch = Stretch::default();
        b.iter()
            .filter(|&&c| c < 0x80)
            .any(|&c| count_digit(&mut stretch, c, grouping))
    } else {
        // Dutch text is seldom ASCII (é, ë, ï): a byte pass that takes every non-ASCII
        // character for a digit (never misses one) settles most of it before the walk a
        // character at a time.
        let mut stretch = Stretch::default();
        b.iter().any(|&c| count_any_byte(&mut stretch, c)) && char_stretch(text)
    };
    if !candidate {
        return Vec::new();
    }
    scan(text, grouping)
}

/// The value of a decimal digit: an ASCII one, or for [`Grouping::Any`] any Unicode decimal
/// digit (general category Nd).
fn digit_value(c: char, grouping: Grouping) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    if grouping == Grouping::Written || c.is_ascii() || !c.is_numeric() {
        return None;
    }
    let cp = u32::from(c);
    let i = ND_ZEROS.partition_point(|&z| z <= cp);
    let zero = *ND_ZEROS.get(i.checked_sub(1)?)?;
    (cp - zero < 10).then(|| (cp - zero) as u8)
}

/// The code point of digit zero of every run of Unicode decimal digits (category Nd, Unicode
/// 14): each run holds the digits 0 to 9 in order.
const ND_ZEROS: [u32; 66] = [
    0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66,
    0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
];

/// A separator [`Grouping::Any`] lets stand between two digits: any space separator (category
/// Zs: the no-break spaces U+00A0 and U+202F included), a dot, a dash, a slash, an underscore,
/// an apostrophe or a comma, in their ASCII, typographic and full-width forms, and what is
/// drawn as a space without being one (a Hangul filler: [`crate::chars::looks_blank`]). (The
/// characters a reader does not see are not there at all: see [`scan`].)
fn is_any_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '.' | '-' | '/' | '_' | '\'' | ','
            | '\u{2019}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{2010}'..='\u{2015}'
            | '\u{2212}'
            | '\u{fe58}'
            | '\u{fe63}'
            | '\u{ff0d}'
            | '\u{b7}'
            | '\u{2024}'
            | '\u{2027}'
            | '\u{ff0e}'
            | '\u{2044}'
            | '\u{2215}'
            | '\u{ff0f}'
    ) || crate::chars::looks_blank(c)
}

fn is_separator(c: char, grouping: Grouping) -> bool {
    match grouping {
        Grouping::Written => matches!(c, '.' | ' ' | '-'),
        Grouping::Any => is_any_separator(c),
    }
}

/// Where the separators that start at `j` end, if they may stand between two digits of a
/// match: for [`Grouping::Written`] one, the same as the match's earlier ones (`sep`); for
/// [`Grouping::Any`] up to three of any kind, a comma only alone.
fn separator_run(
    cs: &[(usize, char)],
    j: usize,
    grouping: Grouping,
    sep: Option<char>,
) -> Option<usize> {
    let c = cs.get(j)?.1;
    if grouping == Grouping::Written {
        return (is_separator(c, grouping) && sep.is_none_or(|s| s == c)).then_some(j + 1);
    }
    let run = cs[j..]
        .iter()
        .take(3)
        .take_while(|&&(_, c)| is_any_separator(c))
        .count();
    let comma = cs[j..j + run].iter().any(|&(_, c)| c == ',');
    (run > 0 && (run == 1 || !comma)).then_some(j + run)
}

/// The matches in `text`, found character by character. The characters a reader does not see
/// ([`crate::chars::is_unread`]: a soft hyphen, a zero-width space or a direction mark between
/// two digits, a combining mark on one) are read as absent, so a number reads as it looks:
/// they neither split it nor count as separators.
fn scan(text: &str, grouping: Grouping) -> Vec<std::ops::Range<usize>> {
    let cs: Vec<(usize, char)> = text
        .char_indices()
        .filter(|&(_, c)| !crate::chars::is_unread(c))
        .collect();
    let digit = |k: usize| cs.get(k).and_then(|&(_, c)| digit_value(c, grouping));
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        if digit(i).is_none() || (i > 0 && digit(i - 1).is_some()) {
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
        while j < cs.len() && n <= 9 {
            let c = cs[j].1;
            if let Some(d) = digit(j) {
                buf[n] = d;
                n += 1;
                j += 1;
            } else if let Some(k) = separator_run(&cs, j, grouping, sep)
                && digit(k).is_some()
                && n > 0
                && n < 9
            {
                sep = Some(c);
                cuts[ncuts] = n;
                ncuts += 1;
                j = k;
            } else {
                break;
            }
        }
        let end_ok = digit(j).is_none();
        let grouped = match grouping {
            Grouping::Any => true,
            Grouping::Written => matches!(&cuts[..ncuts], [] | [3, 6] | [4, 6]),
        };
        if n == 9 && end_ok && grouped && is_bsn_values(&buf[..9]) {
            // The last digit read ends the match, not an invisible character after it.
            let (at, last) = cs[j - 1];
            out.push(cs[i].0..at + last.len_utf8());
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// Whether `b` has a stretch of ASCII digits and separators (those of `grouping`) holding at
/// least nine digits, which every match in an ASCII text lies inside. Most texts (every
/// finding message, with its dates) have none, and this decides it cheaply: eight bytes at a
/// time, looking at single bytes only in words with a digit. A word without one resets the
/// count: inside a match at most one separator stands between two digits, so any eight bytes
/// of it hold digits.
fn digit_stretch(b: &[u8], grouping: Grouping) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut stretch = Stretch::default();
    let mut step = |c: u8| count_digit(&mut stretch, c, grouping);
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

/// The state of a pre-check: the digits of the current stretch, and whether the last character
/// was a comma (which a match allows only between two digits, so that "op 15-03-2023, 2
/// werkdagen", in half the finding messages, is settled here rather than by a full scan).
#[derive(Default)]
struct Stretch {
    digits: u32,
    comma: bool,
}

impl Stretch {
    /// A separator: passes, a comma only alone (one after a comma ends the stretch).
    fn separator(&mut self, comma: bool) {
        if std::mem::replace(&mut self.comma, comma) {
            self.digits = 0;
        }
    }

    fn digit(&mut self) {
        self.comma = false;
        self.digits += 1;
    }

    fn reset(&mut self) {
        self.comma = false;
        self.digits = 0;
    }
}

/// One byte of a stretch: counts a digit, passes a separator, resets on anything else; whether
/// the stretch now holds nine digits.
fn count_digit(s: &mut Stretch, c: u8, grouping: Grouping) -> bool {
    match c {
        b'0'..=b'9' => s.digit(),
        b'.' | b' ' | b'-' => s.separator(false),
        b'/' | b'_' | b'\'' if grouping == Grouping::Any => s.separator(false),
        b',' if grouping == Grouping::Any => s.separator(true),
        _ => s.reset(),
    }
    s.digits >= 9
}

/// [`count_digit`] for [`Grouping::Any`] over any UTF-8: the first byte of a non-ASCII
/// character counts as a digit (it may be one), its other bytes pass. A superset of the
/// stretches [`char_stretch`] finds.
fn count_any_byte(s: &mut Stretch, c: u8) -> bool {
    match c {
        0xC0.. => s.digit(),
        0x80..=0xBF => {}
        _ => return count_digit(s, c, Grouping::Any),
    }
    s.digits >= 9
}

/// [`digit_stretch`] for a text with non-ASCII characters and [`Grouping::Any`]: any decimal
/// digits and separators, a character at a time.
fn char_stretch(text: &str) -> bool {
    let mut s = Stretch::default();
    for c in text.chars().filter(|&c| !crate::chars::is_unread(c)) {
        if digit_value(c, Grouping::Any).is_some() {
            s.digit();
            if s.digits >= 9 {
                return true;
            }
        } else if is_any_separator(c) {
            s.separator(c == ',');
        } else {
            s.reset();
        }
    }
    false
}

/// Whether `text` holds a number written as a BSN ([`bsn_spans`]): the test of `patroon: bsn`
/// in a rule file (VT-A02). Narrower than what [`mask_bsn`] hides in output.
pub fn contains_bsn(text: &str) -> bool {
    !bsn_spans(text).is_empty()
}

/// Byte ranges of the BSNs in a dossier id or a file name: nine digits that pass the elfproef,
/// written together (`111222333`) or in three groups of three split by dots or spaces
/// (`111.222.333`), with no digit before or after. Narrower than what free text masks
/// ([`mask_bsn`]): an id is a code, and codes such as `MB-2025-00901` or `2024-03-123` hold nine
/// digits split by dashes, one in eleven of them passing the elfproef; masking those would make
/// one finding in eleven untraceable for no BSN.
fn name_bsn_spans(name: &str) -> Vec<std::ops::Range<usize>> {
    bsn_spans(name)
        .into_iter()
        .filter(|r| {
            // Measured as it looks: an invisible character in it is not there (rev70 B3). What
            // is left is ASCII: `Written` matches only ASCII digits and separators.
            let seen: String = name[r.clone()]
                .chars()
                .filter(|&c| !crate::chars::is_unread(c))
                .collect();
            let b = seen.as_bytes();
            match b.len() {
                9 => true,
                11 => matches!((b[3], b[7]), (b'.', b'.') | (b' ', b' ')),
                _ => false,
            }
        })
        .collect()
}

/// Whether a dossier id or file name holds a BSN ([`mask_name`] masks it).
pub fn name_has_bsn(name: &str) -> bool {
    // Most ids have fewer than nine digits: settled without a second pass.
    name.bytes().filter(u8::is_ascii_digit).count() >= 9 && !name_bsn_spans(name).is_empty()
}

/// A dossier id or file name as vtcheck prints it: each run of nine digits that passes the
/// elfproef replaced by `*********` (`name_bsn_spans`). Borrowed when there is none.
pub fn mask_name(name: &str) -> std::borrow::Cow<'_, str> {
    if !name_has_bsn(name) {
        return std::borrow::Cow::Borrowed(name);
    }
    let mut out = name.to_string();
    for r in name_bsn_spans(name).into_iter().rev() {
        out.replace_range(r, "*********");
    }
    std::borrow::Cow::Owned(out)
}

/// Replaces BSN-like numbers by `*********`, for any text vtcheck prints: every nine digits
/// `maskable_spans` finds, in any grouping, not only those [`bsn_spans`] counts as written.
/// The text comes back borrowed when there is nothing to mask (nearly always), so the report's
/// hot path copies nothing.
pub fn mask_bsn(text: &str) -> std::borrow::Cow<'_, str> {
    mask_spans(text, |out, _| out.push_str("*********"))
}

/// `text` with every digit of a BSN-like number (as [`mask_bsn`] finds them) replaced by `*`, and
/// nothing else changed: byte offsets stay valid, for a source snippet whose marks point into it.
pub fn mask_bsn_digits(text: &str) -> std::borrow::Cow<'_, str> {
    mask_spans(text, |out, number| {
        // A non-ASCII digit is replaced by as many `*` as it has bytes.
        for c in number.chars() {
            if c.is_numeric() {
                out.extend(std::iter::repeat_n('*', c.len_utf8()));
            } else {
                out.push(c);
            }
        }
    })
}

/// `text` with each BSN-like number replaced as `put` writes it; borrowed when there is none.
fn mask_spans(text: &str, put: impl Fn(&mut String, &str)) -> std::borrow::Cow<'_, str> {
    let spans = maskable_spans(text);
    if spans.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for s in spans {
        out.push_str(&text[last..s.start]);
        put(&mut out, &text[s.clone()]);
        last = s.end;
    }
    out.push_str(&text[last..]);
    std::borrow::Cow::Owned(out)
}

/// Whether `text` is a dossier or an export manifest (its `formaat:` line says so, or in JSON
/// and JSON Lines its `"formaat"` key, anywhere on one of the first lines): such a file given
/// as a rule file or configuration is refused whole, without showing any of its lines.
pub fn is_dossier_text(text: &str) -> bool {
    let ours = |v: &str| {
        let v = v.trim_start().trim_start_matches(['"', '\'']);
        v.starts_with("vtdossier/") || v.starts_with("vtexport/")
    };
    // Every line: YAML keys come in any order, and a long `samenvatting` may come first.
    text.lines().any(|l| {
        // At the start of a line, or of a flow mapping there (`{formaat: vtdossier/1, …}`);
        // the key plain or quoted, with or without spaces before the colon. Not indented: a
        // rule test's inline dossiers are the test's own example data.
        let l = l
            .trim_start_matches('\u{feff}')
            .trim_start_matches(['{', '[']);
        for key in ["formaat", "'formaat'"] {
            if let Some(v) = l.strip_prefix(key)
                && let Some(v) = v.trim_start().strip_prefix(':')
            {
                return ours(v);
            }
        }
        // JSON and JSON Lines: the key anywhere on a line.
        l.match_indices("\"formaat\"").any(|(i, k)| {
            l[i + k.len()..]
                .trim_start()
                .strip_prefix(':')
                .is_some_and(ours)
        })
    })
}

/// The top-level keys of the YAML files written for vtcheck: rule file, rule test, calendar and
/// region table. The readers define their keys as serde fields, so each reader has a test
/// ([`assert_authored_keys`]) that its keys are all here.
pub(crate) const AUTHORED_KEYS: [&str; 14] = [
    "regelset",
    "versie",
    "bronnoot",
    "regels",
    "peildatum",
    "dossiers",
    "inline",
    "verwacht",
    "aggregaten",
    "naam",
    "feestdagen",
    "extra_gesloten",
    "extra_werkdagen",
    "regios",
];

/// Panics unless every top-level key of the YAML file type `T` is one of [`AUTHORED_KEYS`]: the
/// keys are read from serde's own "unknown field, expected one of" message, so a field added
/// to a reader without adding it here fails that reader's test.
#[cfg(test)]
pub(crate) fn assert_authored_keys<T: serde::de::DeserializeOwned>() {
    let err = match serde_saphyr::from_str::<T>("niet_een_sleutel_van_vtcheck: 1\n") {
        Ok(_) => panic!("a file of only an unknown key was accepted"),
        Err(e) => e.to_string(),
    };
    // "unknown field `x`, expected one of a, b, c" (serde-saphyr writes the list without
    // backticks, serde's own with them).
    let line = err.lines().next().unwrap_or_default();
    let expected = line
        .split_once("expected one of ")
        .or_else(|| line.split_once("expected "))
        .unwrap_or_else(|| panic!("no list of keys in {err:?}"))
        .1;
    let keys: Vec<&str> = expected
        .split(',')
        .map(|k| k.trim().trim_matches('`'))
        .collect();
    assert!(!keys.is_empty(), "no keys in {err:?}");
    for key in keys {
        assert!(
            AUTHORED_KEYS.contains(&key),
            "`{key}` is a top-level key that privacy::AUTHORED_KEYS lacks"
        );
    }
}

/// Whether `text` has the shape of a file written for vtcheck, whose lines an error may show:
/// - YAML whose every key at the start of a line is a top-level key of a rule file, rule test,
///   calendar or region table, or a slip of one (`regls:`, `Regels:`, which an error names);
/// - TOML (`vtcheck.toml`) whose first line that holds something is a key-value pair or a table
///   header.
///
/// Only such a file is shown in a diagnostic's snippet. A CSV export, a waiver file, a corpus of
/// voorwaarden, or a dossier or export in a layout [`is_dossier_text`] does not know, given where
/// a rule file or configuration belongs, shows none of its lines; one line of free text that
/// happens to look like a key (`status = verhuisd` in a waiver's reason, a foreign export's
/// `naam:`) no longer makes it one.
pub fn is_authored_text(text: &str) -> bool {
    let mut lines = text
        .lines()
        .map(|l| l.trim_start_matches('\u{feff}'))
        .filter(|l| {
            let t = l.trim();
            !(t.is_empty() || t.starts_with('#') || t == "---" || t.starts_with('%'))
        })
        .peekable();
    let Some(first) = lines.peek().copied() else {
        return false;
    };
    let first_toml = first.trim_start();
    if toml_pair(first_toml) || toml_table(first_toml) {
        return true;
    }
    if first.starts_with([' ', '\t', '-']) {
        return false; // a list (waivers, a corpus) or an indented fragment
    }
    // YAML: every line at the start of which a key stands (unindented, not a list item).
    let mut signed = false;
    lines
        .filter(|l| !l.starts_with([' ', '\t', '-']))
        .all(|l| match top_key(l) {
            // A slip (`regelst`, `Regels`) is an error worth showing; a file of another kind has
            // keys that are none of ours (`geboortedatum` beside a foreign export's `naam`).
            Some(key) => {
                signed |= SIGNATURE_KEYS.contains(&key);
                let key = key.to_ascii_lowercase();
                AUTHORED_KEYS.contains(&key.as_str())
                    || crate::suggest::did_you_mean(&key, AUTHORED_KEYS).is_some()
            }
            None => false,
        })
        // And one key, exactly as written, that only such a file has: `naam`, `dossiers` or a
        // slip (`dossier:`, `Naam:`) alone is what a foreign export has too (rev55 F1).
        && signed
}

/// The keys, exactly so, that make a YAML file one of vtcheck's own (see [`is_authored_text`]):
/// of a rule file, a rule test, a calendar, a region table.
const SIGNATURE_KEYS: [&str; 6] = [
    "regelset",
    "regels",
    "peildatum",
    "verwacht",
    "feestdagen",
    "regios",
];

/// The key at the start of YAML line `l` (`naam` of `naam: x`, `'naam'` unquoted), if it is one.
fn top_key(l: &str) -> Option<&str> {
    let (key, _) = l.split_once(':')?;
    let key = key.trim_end();
    let key = key
        .strip_prefix('\'')
        .and_then(|k| k.strip_suffix('\''))
        .or_else(|| key.strip_prefix('"').and_then(|k| k.strip_suffix('"')))
        .unwrap_or(key);
    (!key.is_empty() && key.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')).then_some(key)
}

/// A TOML key-value line at the start of a line (`fail_levl = …`, `"VT-T01" = …`), not a CSV row.
fn toml_pair(l: &str) -> bool {
    let name_end = if let Some(q) = l.strip_prefix('"') {
        q.find('"').map(|i| i + 2)
    } else {
        l.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
    };
    // A `;` only inside a quoted value (`delimiter = ";"`): unquoted, it is a CSV row.
    name_end.is_some_and(|e| {
        let rest = l[e..].trim_start();
        e > 0
            && rest.strip_prefix('=').is_some_and(|v| {
                let v = v.trim_start();
                !v.contains(';') || v.starts_with(['"', '\''])
            })
    })
}

/// A TOML table header (`[csv]`, `[csv.columns]`), not a JSON array.
fn toml_table(l: &str) -> bool {
    l.starts_with('[') && l.trim_end().ends_with(']') && !l.contains([',', ';', '"'])
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

/// The message for an unknown key: "onbekend veld `x` in exportmanifest" (`noun`, the key,
/// `place`), or without the key where it may be text ([`looks_like_a_field_name`]): "onbekend
/// veld in exportmanifest: de sleutel lijkt tekst en wordt niet getoond". `hint` follows
/// "lijkt tekst" in the second form (" (een regel zonder inspringing?)").
pub fn unknown_key_message(noun: &str, key: &str, place: Option<&str>, hint: &str) -> String {
    let place = place.map(|p| format!(" in {p}")).unwrap_or_default();
    if looks_like_a_field_name(key) {
        format!("{noun} `{key}`{place}")
    } else {
        format!("{noun}{place}: de sleutel lijkt tekst{hint} en wordt niet getoond")
    }
}

/// Whether an unknown key may be repeated in a diagnostic: shaped like a field name of the
/// formats (`besluit`, `x-bron`): a lowercase letter, then lowercase letters, digits, `_` or
/// `-`. Narrower than [`looks_like_a_key`], which ids pass (`MB-2025-00901`, `V2`): a key that
/// is a surname (`Jansen:` on a line that lost its indentation), a phone number, a postcode or
/// an e-mail name is not repeated; a misspelt field still gets its "bedoelde je".
pub fn looks_like_a_field_name(name: &str) -> bool {
    looks_like_a_key(name)
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'-'))
}

/// Whether an id or reference is shaped like a code (`V2`, `MB-2025-00901`, `P1`, `VA`) and may
/// be shown: [`looks_like_a_key`], and not a name (letters with a lowercase one and no digit:
/// `Jansen`; a capitalised word glued to a lowercase letter: `PietJansen1980`; a name with a
/// year or age, `Zwartkop1978`; a date of birth, `05-04-1978`), a phone number (`0612345678`,
/// `06.12345678`, `0031612345678`, `31612345678`) or a postcode (`1234AB`, `1234-AB`).
/// A code that happens to look like one of these is shown as a placeholder, which still tells
/// items apart.
pub fn looks_like_a_code(id: &str) -> bool {
    // Called for every finding a report writes: no allocation, the cheap test first.
    if !looks_like_a_key(id) {
        return false;
    }
    let b = id.as_bytes();
    // A name: letters with a lowercase one and no digit (`Jansen`), or a capitalised word glued
    // to the lowercase letter before it, digits or not (`PietJansen1980`; not parts joined by
    // `-`, `_` or `.`: `Hollands-Midden-2024-001`). A word in capitals stays a code (`FOUT`,
    // `TEST`, `VA`): test and demo ids are written so, and a surname in capitals with an
    // initial (`JANSEN, P.`) has a space.
    let name = !b.iter().any(u8::is_ascii_digit) && b.iter().any(u8::is_ascii_lowercase)
        || glued_word(b)
        || name_and_number(b)
        || date_of_birth(b);
    // Digits with the separators a phone number is written with (`06-12345678`, `06.1234.5678`):
    // a Dutch number (10 digits, `0` then not `0`) or an international one (`0031…`).
    let mut digits = b.iter().filter(|c| !matches!(c, b'-' | b'.'));
    let phone = b.first() == Some(&b'0') && digits.clone().all(u8::is_ascii_digit) && {
        let n = digits.clone().count();
        // The digits after the leading `0`.
        match (digits.nth(1), digits.next()) {
            (Some(b'0'), Some(c)) => *c != b'0' && (11..=15).contains(&n),
            (Some(_), _) => n == 10,
            _ => false,
        }
    };
    // A Dutch mobile number written internationally without `+` or `00` (`31612345678`).
    let mobile = b.len() == 11 && b.starts_with(b"316") && b.iter().all(u8::is_ascii_digit);
    // A postcode: 4 digits, the first not 0, then 2 letters (`1234AB`, `1234-AB`).
    let chars = || b.iter().filter(|c| **c != b'-');
    let postcode = (6..=7).contains(&b.len())
        && chars().count() == 6
        && chars().next() != Some(&b'0')
        && chars().take(4).all(u8::is_ascii_digit)
        && chars().skip(4).all(u8::is_ascii_alphabetic);
    !name && !phone && !mobile && !postcode
}

/// A name with a year or age: a word of three or more letters with a lowercase one glued to two
/// or four digits, as the whole id (`Zwartkop1978`, `jansen80`, `Mohammed2015`) or after a first
/// name and `.` or `_` (`piet.jansen80`). Narrow on purpose: registration systems number cases
/// the same way (`Zaak001`, `Utrecht2024-0012`, `Dossier_2024`, `Export7` stay codes), and a
/// hidden id can no longer be joined on by a consumer of the report.
fn name_and_number(b: &[u8]) -> bool {
    let word = |w: &[u8]| {
        w.len() >= 3
            && w.iter().all(u8::is_ascii_alphabetic)
            && w.iter().any(u8::is_ascii_lowercase)
    };
    let glued = |part: &[u8]| {
        let n = part.iter().take_while(|c| c.is_ascii_alphabetic()).count();
        let digits = &part[n..];
        word(&part[..n]) && matches!(digits.len(), 2 | 4) && digits.iter().all(u8::is_ascii_digit)
    };
    let mut parts = b.split(|c| matches!(c, b'-' | b'_' | b'.'));
    match (parts.next(), parts.next(), parts.next()) {
        (Some(one), None, _) => glued(one),
        (Some(first), Some(last), None) => !b.contains(&b'-') && word(first) && glued(last),
        _ => false,
    }
}

/// A date of birth: the whole id an existing date (`05-04-1978`, `1978.04.05`), or a date next
/// to a word with a lowercase letter (`Jansen-05-04-1978`). A date after a code in capitals is a
/// case number (`MB-2024-03-15-001`).
fn date_of_birth(b: &[u8]) -> bool {
    holds_a_date(b)
        && (b.len() == 10
            || b.split(|c| !c.is_ascii_alphabetic())
                .any(|w| w.len() >= 2 && w.iter().any(u8::is_ascii_lowercase)))
}

/// Whether a run of `id` is a date that exists, `DD-MM-YYYY` or `YYYY-MM-DD` with `-` or `.`
/// (`05-04-1978`, `Jansen-05-04-1978`): a date of birth. `MB-2025-00901` holds none.
fn holds_a_date(b: &[u8]) -> bool {
    let sep = |c: u8| c == b'-' || c == b'.';
    let digits = |w: &[u8]| w.iter().all(u8::is_ascii_digit);
    let num = |w: &[u8]| w.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    let exists = |y: u32, m: u32, d: u32| {
        chrono::NaiveDate::from_ymd_opt(y as i32, m, d).is_some() && (1900..=2100).contains(&y)
    };
    // Not inside a longer number: `2024-001-01` is a code, not the first of January.
    let alone = |i: usize, len: usize| {
        (i == 0 || !b[i - 1].is_ascii_digit()) && b.get(i + len).is_none_or(|c| !c.is_ascii_digit())
    };
    b.windows(10).enumerate().any(|(i, w)| {
        alone(i, 10)
            && ((sep(w[2])
                && w[5] == w[2]
                && digits(&w[..2])
                && digits(&w[3..5])
                && digits(&w[6..])
                && exists(num(&w[6..]), num(&w[3..5]), num(&w[..2])))
                || (sep(w[4])
                    && w[7] == w[4]
                    && digits(&w[..4])
                    && digits(&w[5..7])
                    && digits(&w[8..])
                    && exists(num(&w[..4]), num(&w[5..7]), num(&w[8..]))))
    })
}

/// Whether `b` has a capitalised word (an uppercase letter, then two or more lowercase ones)
/// right after a lowercase letter: two words glued together, as names are (`PietJansen`), not
/// the parts of a code, which a separator joins (`Hollands-Midden`).
fn glued_word(b: &[u8]) -> bool {
    b.windows(4).any(|w| {
        w[0].is_ascii_lowercase()
            && w[1].is_ascii_uppercase()
            && w[2].is_ascii_lowercase()
            && w[3].is_ascii_lowercase()
    })
}

/// Whether `id` is a placeholder [`shown_id`] writes (`(niet getoond: lijkt tekst, #1a2b3c4d)`):
/// copied from a report into a waiver or rule test, it names the same id, and is shown as it is.
pub fn is_placeholder(id: &str) -> bool {
    id.strip_prefix(PLACEHOLDER)
        .and_then(|rest| rest.strip_suffix(')'))
        .is_some_and(|hex| hex.len() == 8 && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The start of a placeholder, before its 8 hex digits and `)`.
const PLACEHOLDER: &str = "(niet getoond: lijkt tekst, #";

/// How a report names a dossier: as [`shown_id`] shows an id (a dossier id that is a name or a
/// sentence is not repeated), with BSN-like numbers masked ([`mask_name`]).
pub fn shown_dossier(id: &str) -> std::borrow::Cow<'_, str> {
    match shown_id(id) {
        std::borrow::Cow::Borrowed(code) => mask_name(code),
        placeholder => placeholder,
    }
}

/// How messages and reports name an id or reference: as written when it is shaped like a code
/// ([`looks_like_a_code`]), else a placeholder with the first 8 hex digits of a SHA-256. The
/// placeholder is the finding's `item` too, so two such items stay apart (baselines,
/// fingerprints) without their text appearing; waivers match a written id through this too.
/// The hash is of the text with its BSN-like numbers masked ([`mask_bsn`]): an unkeyed hash of
/// a BSN could be reversed by trying the hundred million of them, so no digit of one enters it.
/// A guessed text (a name) can still be confirmed against it; SECURITY.md says so.
pub fn shown_id(id: &str) -> std::borrow::Cow<'_, str> {
    if looks_like_a_code(id) || is_placeholder(id) {
        return std::borrow::Cow::Borrowed(id);
    }
    let hex = crate::report::sha256_hex(mask_bsn(id).as_bytes());
    std::borrow::Cow::Owned(format!("{PLACEHOLDER}{})", &hex[..8]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only the digits of a BSN-like number change, so every byte offset stays where it was.
    #[test]
    fn masking_digits_keeps_every_offset() {
        for (text, masked) in [
            ("a: 111222333 b", "a: ********* b"),
            ("# 111.222.333", "# ***.***.***"),
            ("tel 12 345 en 6789", "tel 12 345 en 6789"),
            ("１１１２２２３３３", "***************************"),
            ("geen getal", "geen getal"),
        ] {
            let got = mask_bsn_digits(text);
            assert_eq!(got, masked, "{text}");
            assert_eq!(got.len(), text.len());
        }
        assert!(is_dossier_text("\u{feff}# kop\nformaat: 'vtdossier/1'\n"));
        assert!(is_dossier_text("formaat: vtexport/1\n"));
        assert!(!is_dossier_text("regelset: x\n  formaat: vtdossier/1\n"));
        // Flow style, a quoted key, a space before the colon, far down the file.
        assert!(is_dossier_text("{formaat: vtdossier/1, id: A}\n"));
        assert!(is_dossier_text("'formaat' : vtdossier/1\n"));
        assert!(is_dossier_text(&format!(
            "{}formaat: vtdossier/1\n",
            "a: b\n".repeat(80)
        )));
        assert!(!is_dossier_text("formaat: iets anders\n"));
        // Files written for vtcheck, and what only looks like them.
        assert!(is_authored_text("regelset: eigen\nversie: '1'\n"));
        assert!(is_authored_text("# kop\npeildatum: 2025-06-30\n"));
        assert!(is_authored_text("fail_level = \"warning\"\n"));
        assert!(is_authored_text("[calendar]\nextra_closed = []\n"));
        // A corpus of voorwaarden is text from dossiers, as a waiver file may be (rev50 F4).
        assert!(!is_authored_text("- id: C1\n  tekst: x\n  verwacht:\n"));
        assert!(!is_authored_text("dossier;gebeurtenis\nA-1;melding\n"));
        assert!(!is_authored_text("- reden: x\n  dossier: A-1\n"));
        assert!(!is_authored_text("id: A-1\nsamenvatting: x\n"));
        assert!(!is_authored_text("[\"a\", \"b\"]\n"));
        assert!(is_authored_text("fail_levl = \"warning\"\n"));
        assert!(is_authored_text("\"VT-T01\" = \"error\"\n"));
        assert!(!is_authored_text("a=b;c;d\n"));
        // rev50 F2: one line of free text shaped like a key does not make a file authored.
        assert!(!is_authored_text(
            "- dossier: A-1\n  reden: |\n    verhuisd\n    status = verhuisd\n"
        ));
        assert!(!is_authored_text(
            "dossier;gebeurtenis;samenvatting\nA-1;;\"x\nafspraak = y\"\n"
        ));
        assert!(!is_authored_text(
            "id: A-1\nsamenvatting: |\n  x\nrisico = hoog\n"
        ));
        assert!(!is_authored_text(
            "naam: Iemand\ngeboortedatum: 1978-04-05\nadres: x\n"
        ));
        // A slip in any key is still a rule file's (its error is worth showing), as is an
        // indented first pair or a `;` in a quoted value of `vtcheck.toml` (rev53 F5).
        assert!(is_authored_text(
            "regelset: eigen\nversei: '1'\nregels: []\n"
        ));
        assert!(is_authored_text(
            "regelst: eigen\nversie: '1'\nregels: []\n"
        ));
        assert!(is_authored_text(
            "regelset: eigen\nversie: '1'\nRegels: []\n"
        ));
        assert!(is_authored_text("  fail_level = \"x\"\n"));
        assert!(is_authored_text(
            "csv.delimiter = \";\"\ncsv.list_separatr = \",\"\n"
        ));
        assert!(!is_authored_text(
            "naam: Iemand\n- x\ngeboortedatum: 1978\n"
        ));
        // rev55 F1: slips and shared keys alone are what a foreign export has too.
        for foreign in [
            "dossier:\n  naam: Piet Jansen\n",
            "Dossiers:\n  - Naam: Piet Jansen\n",
            "Naam: Piet Jansen\nRegio: Utrecht\n",
            "Dossier: Piet Jansen\nVersie: 2\n",
            "NAAM: Piet Jansen\nREGIO: Utrecht\n",
            "naam: Piet Jansen\nregio: Utrecht\n",
        ] {
            assert!(!is_authored_text(foreign), "{foreign}");
        }
        assert!(is_authored_text("\u{feff}---\nnaam: atw\nfeestdagen: []\n"));
        assert!(is_authored_text("regios:\n- {code: a, naam: A}\n"));
        // Codes are shown; names, phone numbers and postcodes are not.
        for code in [
            "V2",
            "MB-2025-00901",
            "P1",
            "VA",
            "123456782",
            "overdracht-1",
            "0000012345",
            "2025-0001",
            "UT",
            "ABC",
            "Melding-12",
            "VT-M04",
            "REF-BLOK",
            "FOUT",
            "Hollands-Midden-2024-001",
            "Gelderland-Zuid-12",
            "Oma-Thuis-1",
            "Regas_Export_7",
            "TEST1",
            "LATIN1",
            "2024-001-01",
            "MB-20240315",
            "Knoet-Zwartkop-1978",
            // rev53 F4: case numbers of registration systems stay codes.
            "MB-2024-03-15-001",
            "VT-2024-03-15",
            "X-31-12-2024",
            "Zaak001",
            "Export7",
            "Utrecht2024-0012",
            "Ref_12",
            "Dossier_2024",
            "Case.2024",
            "vtu2024_12",
            "Daan2",
        ] {
            assert!(looks_like_a_code(code), "{code}");
        }
        for text in [
            "Jansen",
            "Mohammed",
            "0612345678",
            "06-12345678",
            "06.12345678",
            "0031612345678",
            "1234AB",
            "1234-AB",
            "Piet Jansen",
            "PietJansen1980",
            "deVriesJanVries",
            // rev50 F3: a name with a year or day of birth, a date of birth, a mobile number.
            "Zwartkop1978",
            "Mohammed2015",
            "jansen80",
            "piet.jansen80",
            "knoet.zwartkop78",
            "05-04-1978",
            "1978-04-05",
            "05.04.1978",
            "Jansen-12-03-1980",
            "31687654321",
        ] {
            assert!(!looks_like_a_code(text), "{text}");
        }
        // JSON and JSON Lines, the key anywhere on a line.
        assert!(is_dossier_text("{\n  \"formaat\": \"vtdossier/1\",\n"));
        assert!(is_dossier_text(
            "{\"id\":\"MB-1\",\"formaat\" : \"vtdossier/1\"}\n"
        ));
        assert!(!is_dossier_text(
            "{\"regelset\": \"formaat\", \"x\": \"vtdossier/1\"}"
        ));
    }

    /// The definition [`digit_stretch`] implements, one byte at a time.
    fn digit_stretch_bytewise(b: &[u8], grouping: Grouping) -> bool {
        let mut stretch = Stretch::default();
        b.iter().any(|&c| count_digit(&mut stretch, c, grouping))
    }

    proptest::proptest! {
        /// The word-at-a-time pre-check never misses a match the byte-wise one lets through (it
        /// may only reject more: runs of separators that cannot lie inside a BSN).
        #[test]
        fn digit_stretch_finds_every_candidate(s in "[0-9 .\\-a/:é,_']{0,40}") {
            proptest::prop_assert_eq!(bsn_spans(&s), bsn_spans_bytewise(&s, Grouping::Written));
            proptest::prop_assert_eq!(maskable_spans(&s), bsn_spans_bytewise(&s, Grouping::Any));
            // What is counted as a BSN is always masked.
            let masked = maskable_spans(&s);
            for sp in bsn_spans(&s) {
                proptest::prop_assert!(masked.iter().any(|m| m.start <= sp.start && sp.end <= m.end));
            }
        }

        /// The pre-checks (bytes for ASCII, characters otherwise) never miss a match a full scan
        /// finds, with other scripts' digits and separators too.
        #[test]
        fn pre_checks_miss_no_match(s in "[0-9１２３٣ .\\-/a\u{a0}\u{202f}\u{3164}\u{2013}é,_'\u{200b}\u{ad}\u{200e}\u{2066}]{0,40}") {
            proptest::prop_assert_eq!(maskable_spans(&s), scan(&s, Grouping::Any));
            proptest::prop_assert_eq!(bsn_spans(&s), scan(&s, Grouping::Written));
        }
    }

    /// [`bsn_spans`] with the byte-wise pre-check.
    fn bsn_spans_bytewise(text: &str, grouping: Grouping) -> Vec<std::ops::Range<usize>> {
        if digit_stretch_bytewise(text.as_bytes(), grouping) {
            scan(text, grouping)
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
            assert_eq!(digit_stretch(s.as_bytes(), Grouping::Written), want, "{s}");
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
        // Names: nine digits in a row only.
        assert_eq!(mask_name("111222333"), "*********");
        assert_eq!(mask_name("export/111222333.yaml"), "export/*********.yaml");
        assert_eq!(mask_name("MB-2025-00901"), "MB-2025-00901");
        assert_eq!(mask_name("2024-03-105"), "2024-03-105");
        assert!(is_bsn(b"202403105"));
        assert_eq!(mask_name("BSN 111.222.333"), "BSN *********");
        // Measured as it looks: an invisible character in the number is not there (rev70 B3).
        assert_eq!(
            mask_name("dossier-111\u{200b}222333.jsonl"),
            "dossier-*********.jsonl"
        );
        assert_eq!(mask_name("111.\u{200e}222.333"), "*********");
        assert_eq!(mask_name("111-222-333"), "111-222-333");
        // (Free text masks it: nine digits with one separator pass the elfproef.)
        assert!(!maskable_spans("MB-2025-00901").is_empty());
        assert_eq!(mask_name("1112223330"), "1112223330");
        assert_eq!(mask_name("111222334"), "111222334");
        assert!(!name_has_bsn("D-00042"));
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

    /// The placeholder of an id that looks like text says nothing of a BSN in it: two that
    /// differ only in the BSN get the same tag, and the tag is that of the masked text.
    #[test]
    fn a_hidden_id_hashes_no_bsn_digits() {
        let a = shown_id("731 - 958 - 469");
        assert!(a.starts_with("(niet getoond: lijkt tekst, #"), "{a}");
        assert_eq!(a, shown_id("111 - 222 - 333"));
        let masked = crate::report::sha256_hex(b"*********");
        assert_eq!(a, format!("(niet getoond: lijkt tekst, #{})", &masked[..8]));
        assert_ne!(shown_id("Piet Jansen"), shown_id("Piet Janssen"));
    }

    #[test]
    fn output_masks_unicode_spaces_slashes_and_digits() {
        for text in [
            "BSN 111\u{a0}222\u{a0}333.",
            "BSN 111\u{202f}222\u{202f}333.",
            "BSN 111\u{3164}222\u{3164}333.",
            "BSN 111/222/333.",
            "BSN 111\u{2013}222\u{2013}333.",
            "BSN １１１２２２３３３.",
            "BSN １１１．２２２．３３３.",
            "BSN \u{661}\u{661}\u{661}\u{662}\u{662}\u{662}\u{663}\u{663}\u{663}.",
        ] {
            assert_eq!(mask_bsn(text), "BSN *********.", "{text}");
        }
        // Commas, underscores, runs of up to three separators, invisible characters.
        for text in [
            "BSN 111,222,333.",
            "BSN 111_222_333.",
            "BSN 111'222'333.",
            "BSN 111--222--333.",
            "BSN 111 - 222 - 333.",
            "BSN 111\u{200b}222\u{200b}333.",
            "BSN 1\u{ad}1\u{2060}1222333.",
            // Direction marks and isolates, as a mail client puts them around numbers; they
            // are not seen, so they count as no separator either (rev69 D1).
            "BSN 111\u{200e}222\u{200f}333.",
            "BSN 111\u{2069} \u{2066}222 333.",
            "BSN 111 \u{200e}-\u{200e} 222 \u{200e}-\u{200e} 333.",
            "BSN 111\u{ad}\u{ad}\u{ad}\u{ad}222333.",
            "BSN 111\u{332}\u{332}\u{332} 222 333.",
        ] {
            assert_eq!(mask_bsn(text), "BSN *********.", "{text:?}");
        }
        // A comma and a space: a date and a count, as in the deadline messages; four
        // separators: no longer one number.
        for text in ["op 11-12-2233, 3 werkdagen", "111 -  222333"] {
            assert_eq!(mask_bsn(text), text, "{text:?}");
        }
        // A longer number in full-width digits is no BSN; nor are nine digits that fail.
        assert_eq!(mask_bsn("１１１２２２３３３４"), "１１１２２２３３３４");
        assert_eq!(mask_bsn("111\u{a0}222\u{a0}334"), "111\u{a0}222\u{a0}334");
        // VT-A02's stricter reading is unchanged: written groupings of ASCII digits.
        assert!(!contains_bsn("BSN 111\u{a0}222\u{a0}333."));
        assert!(!contains_bsn("BSN 111/222/333."));
        // ... but it reads a number as it looks: an invisible character is not there.
        assert!(contains_bsn("BSN 111\u{200b}222\u{200b}333."));
        assert!(contains_bsn("BSN 111.\u{200e}222.333."));
        assert!(!contains_bsn("BSN 111.\u{200e}222-333."));
    }
}
