//! Recognising personal data in free text: BSN numbers (elfproef).

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

/// Byte ranges of BSN-like numbers: runs of exactly nine digits (dots, spaces or dashes inside a
/// group of 4-2-3 or 3-3-3 are allowed) that pass the elfproef.
pub fn bsn_spans(text: &str) -> Vec<std::ops::Range<usize>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    // A match lies inside a stretch of digits, dots, spaces and dashes holding at least nine
    // digits. Most texts (every finding message, with its dates) have no such stretch: one
    // cheap pass decides.
    let mut digits = 0;
    let candidate = b.iter().any(|&c| {
        match c {
            b'0'..=b'9' => digits += 1,
            b'.' | b' ' | b'-' => {}
            _ => digits = 0,
        }
        digits >= 9
    });
    if !candidate {
        return out;
    }
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
            {
                j += 1;
            } else {
                break;
            }
        }
        let end_ok = j >= b.len() || !b[j].is_ascii_digit();
        if n == 9 && end_ok && is_bsn(&buf[..9]) {
            out.push(i..j);
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

pub fn contains_bsn(text: &str) -> bool {
    !bsn_spans(text).is_empty()
}

/// Replaces BSN-like numbers by `*********`, for any text vtcheck prints. The text comes back
/// borrowed when there is nothing to mask (nearly always), so the report's hot path copies
/// nothing.
pub fn mask_bsn(text: &str) -> std::borrow::Cow<'_, str> {
    let spans = bsn_spans(text);
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
