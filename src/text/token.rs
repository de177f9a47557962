//! Tokens, clauses and sentences of a short Dutch text, with byte spans.

/// A word, number or punctuation mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub lower: String,
    pub span: std::ops::Range<usize>,
    /// Punctuation that ends a sentence (`.`, `!`, `?`) or a clause (`;`, `:`).
    pub punct: Option<char>,
    /// A clause boundary lies right before this token.
    pub clause_break_before: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.punct.is_none() && self.lower.chars().any(char::is_alphanumeric)
    }

    pub fn is_number(&self) -> bool {
        self.punct.is_none()
            && self
                .lower
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_digit())
    }
}

/// Conjunctions that start a new clause after a comma.
const CLAUSE_CONJUNCTIONS: &[&str] = &[
    "en", "maar", "want", "of", "als", "wanneer", "zodat", "dan", "terwijl",
];

/// Splits into words (letters, digits, `-`, `'`, `.` inside numbers like 8.30) and punctuation.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut toks: Vec<Token> = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut pending_break = false;
    let mut prev_comma = false;
    let push_word =
        |toks: &mut Vec<Token>, from: usize, to: usize, brk: &mut bool, prev_comma: &mut bool| {
            let lower = text[from..to].to_lowercase();
            let conj = CLAUSE_CONJUNCTIONS.contains(&lower.as_str());
            toks.push(Token {
                clause_break_before: *brk || (*prev_comma && conj),
                lower,
                span: from..to,
                punct: None,
            });
            *brk = false;
            *prev_comma = false;
        };
    for (k, &(i, c)) in chars.iter().enumerate() {
        let next = chars.get(k + 1).map(|x| x.1);
        let prev = if k > 0 { Some(chars[k - 1].1) } else { None };
        let inner = (c == '-' || c == '\'' || c == '.' || c == ',' || c == ':')
            && start.is_some()
            && next.is_some_and(char::is_alphanumeric)
            && (c == '-'
                || c == '\''
                || (prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())));
        if c.is_alphanumeric() || inner {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            push_word(&mut toks, s, i, &mut pending_break, &mut prev_comma);
        }
        if c.is_whitespace() {
            continue;
        }
        let punct = matches!(c, '.' | '!' | '?' | ';' | ':');
        toks.push(Token {
            lower: c.to_string(),
            span: i..i + c.len_utf8(),
            punct: Some(c),
            clause_break_before: false,
        });
        if punct {
            pending_break = true;
        }
        prev_comma = c == ',';
    }
    if let Some(s) = start {
        push_word(
            &mut toks,
            s,
            text.len(),
            &mut pending_break,
            &mut prev_comma,
        );
    }
    toks
}

/// Token ranges of clauses: split at `;`, `:`, sentence ends, and a comma followed by a
/// conjunction. Punctuation tokens are left out of the ranges.
pub fn clauses(toks: &[Token]) -> Vec<std::ops::Range<usize>> {
    split(toks, |t| t.clause_break_before)
}

/// Token ranges of sentences (split at `.`, `!`, `?`).
pub fn sentences(toks: &[Token]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if matches!(t.punct, Some('.' | '!' | '?')) {
            if toks[start..i].iter().any(Token::is_word) {
                out.push(start..i);
            }
            start = i + 1;
        }
    }
    if toks[start.min(toks.len())..].iter().any(Token::is_word) {
        out.push(start..toks.len());
    }
    out
}

fn split(toks: &[Token], brk: impl Fn(&Token) -> bool) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, t) in toks.iter().enumerate() {
        if i > start && brk(t) {
            push_range(toks, start, i, &mut out);
            start = i;
        }
    }
    push_range(toks, start, toks.len(), &mut out);
    out
}

fn push_range(toks: &[Token], from: usize, to: usize, out: &mut Vec<std::ops::Range<usize>>) {
    let mut a = from;
    let mut b = to;
    while a < b && toks[a].punct.is_some() {
        a += 1;
    }
    while b > a && toks[b - 1].punct.is_some() {
        b -= 1;
    }
    if a < b {
        out.push(a..b);
    }
}

/// Dutch syllables by vowel groups: a run of vowels is one syllable, except the hiatus pairs
/// that Dutch splits ("ie" stays one, "ea"/"eo"/"io"/"ia" split).
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouyáéíóúàèëïöüâêîôû".contains(c);
    let mut n = 0;
    let mut i = 0;
    while i < w.len() {
        if vowel(w[i]) {
            n += 1;
            let mut j = i + 1;
            while j < w.len() && vowel(w[j]) {
                let pair = (w[j - 1], w[j]);
                if matches!(
                    pair,
                    ('e', 'a')
                        | ('u', 'a')
                        | ('e', 'o')
                        | ('i', 'a')
                        | ('i', 'o')
                        | ('i', 'ë')
                        | ('e', 'ë')
                        | ('o', 'ë')
                ) || "ëïöü".contains(w[j])
                {
                    n += 1;
                }
                j += 1;
            }
            i = j;
        } else {
            i += 1;
        }
    }
    n.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_spans_and_times() {
        let t = tokenize("Moeder brengt Sanne om 8.30 uur; daarna belt zij.");
        let words: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert!(words.contains(&"8.30"));
        assert_eq!(clauses(&t).len(), 2);
        let s = "Élève gaat";
        let t = tokenize(s);
        assert_eq!(&s[t[0].span.clone()], "Élève");
    }

    #[test]
    fn syllable_counts() {
        assert_eq!(syllables("kinderen"), 3);
        assert_eq!(syllables("veiligheid"), 3);
        assert_eq!(syllables("moeder"), 2);
        assert_eq!(syllables("situatie"), 4);
    }
}
