//! Multi-word lexicon matching over the normalised token stream with one Aho-Corasick automaton.
//!
//! Phrase syntax (the same in every rule file):
//! * words separated by spaces, matched case-insensitively and without diacritics ("vóór" = "voor");
//! * `a/b/c`: alternatives for one word, e.g. lemma variants `probeer/probeert/proberen`;
//! * `*` at the end of the last word of a part: any ending (`hechting*`); at the start of the
//!   first word of a part: any beginning (`*problematiek`);
//! * `...` between words: up to `max_tussenwoorden` other tokens in between, within one clause
//!   (`mag/mogen ... niet/geen`, `geen ... meer`).
//!
//! Each phrase expands to a small set of literal patterns (` mag `, ` hechting`) that the
//! automaton finds in one pass; parts joined by `...` are chained afterwards.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use aho_corasick::{AhoCorasick, MatchKind};

use super::token::{Analysis, fold};

/// Most literal variants one phrase part may expand to.
const MAX_VARIANTS: usize = 1024;

/// A lexicon match: the phrase's tag and the token range `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Match {
    pub start: usize,
    pub end: usize,
    pub tag: u32,
    /// Other tokens stand between the parts of a `...` phrase.
    pub gap: bool,
}

#[derive(Debug, Clone)]
struct Phrase {
    tag: u32,
    parts: Vec<u32>,
}

/// Identities of compiled phrase sets, so a [`Scanner`]'s matches can be told apart per set.
static NEXT_SET: AtomicU32 = AtomicU32::new(1);

/// A compiled set of tagged phrases.
#[derive(Debug, Clone)]
pub(crate) struct PhraseSet {
    /// Unique per build (a clone shares it: same patterns, same matches).
    id: u32,
    ac: Option<AhoCorasick>,
    /// The literal patterns, by pattern id (for a [`Scanner`] that joins several sets).
    patterns: Vec<String>,
    /// Pattern id → part ids.
    pat_parts: Vec<Vec<u32>>,
    /// Part id → phrases that start with it.
    part_first: Vec<Vec<u32>>,
    phrases: Vec<Phrase>,
    max_gap: usize,
}

#[derive(Debug, Default)]
pub(crate) struct Builder {
    patterns: Vec<String>,
    pat_index: HashMap<String, u32>,
    pat_parts: Vec<Vec<u32>>,
    part_index: HashMap<String, u32>,
    part_first: Vec<Vec<u32>>,
    phrases: Vec<Phrase>,
    max_gap: usize,
}

/// A mistake in a lexicon, with where it is: the keys and list indexes from the `lexicon:` block
/// down to the entry it is about (empty: the block as a whole). The rule compiler marks that
/// entry; in a lexicon of hundreds of lines the first key would leave the author searching.
#[derive(Debug, Clone, PartialEq)]
pub struct LexError {
    /// Keys and list indexes from the `lexicon:` block down to the entry; empty for the block.
    pub path: Vec<Step>,
    /// What is wrong, in Dutch.
    pub message: String,
}

/// One step of a [`LexError`]'s path.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// A key of a mapping (`categorieen`, `woorden`).
    Key(&'static str),
    /// A position in a list, from 0.
    Index(usize),
}

impl LexError {
    /// An error about the entry at `path`.
    pub fn at(path: &[Step], message: impl Into<String>) -> LexError {
        LexError {
            path: path.to_vec(),
            message: message.into(),
        }
    }

    /// The same error seen from the block that holds `outer`: `outer` goes before the path.
    pub fn under(mut self, outer: &[Step]) -> LexError {
        self.path.splice(0..0, outer.iter().copied());
        self
    }
}

/// An error about the lexicon as a whole.
impl From<String> for LexError {
    fn from(message: String) -> LexError {
        LexError {
            path: Vec::new(),
            message,
        }
    }
}

impl From<&str> for LexError {
    fn from(message: &str) -> LexError {
        message.to_string().into()
    }
}

impl std::fmt::Display for LexError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A character a lexicon word may contain.
pub(crate) fn word_ok(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '\'' | '.' | '’')
}

impl Builder {
    pub fn new(max_gap: usize) -> Builder {
        Builder {
            max_gap,
            ..Builder::default()
        }
    }

    /// Adds every phrase of `list` (the list at `at` in the lexicon) with `tag`; `what` names
    /// the list in error messages, which point at the phrase.
    pub fn add_all(
        &mut self,
        tag: u32,
        list: &[String],
        what: &str,
        at: &[Step],
    ) -> Result<(), LexError> {
        for (i, p) in list.iter().enumerate() {
            self.add(tag, p, what)
                .map_err(|e| LexError::at(&[Step::Index(i)], e).under(at))?;
        }
        Ok(())
    }

    pub fn add(&mut self, tag: u32, phrase: &str, what: &str) -> Result<(), String> {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        if words.is_empty() {
            return Err(format!("{what}: lege frase"));
        }
        let mut parts: Vec<Vec<&str>> = vec![Vec::new()];
        for w in &words {
            if matches!(*w, "..." | "…") {
                parts.push(Vec::new());
            } else if let Some(p) = parts.last_mut() {
                p.push(w);
            }
        }
        if parts.iter().any(Vec::is_empty) {
            return Err(format!(
                "{what}: '...' moet tussen twee woorden staan in '{phrase}'"
            ));
        }
        let mut ids = Vec::with_capacity(parts.len());
        for part in &parts {
            ids.push(self.part(part, phrase, what)?);
        }
        let pid = self.phrases.len() as u32;
        if let Some(first) = ids.first() {
            self.part_first[*first as usize].push(pid);
        }
        self.phrases.push(Phrase { tag, parts: ids });
        Ok(())
    }

    /// Compiles one part (words without gaps) into literal patterns; returns its id.
    fn part(&mut self, words: &[&str], phrase: &str, what: &str) -> Result<u32, String> {
        let key = words.join(" ");
        if let Some(&id) = self.part_index.get(&key) {
            return Ok(id);
        }
        // Per word: the alternatives as (folded core, leading *, trailing *).
        let last = words.len() - 1;
        let mut slots: Vec<Vec<(String, bool, bool)>> = Vec::with_capacity(words.len());
        for (k, w) in words.iter().enumerate() {
            let mut alts = Vec::new();
            for alt in w.split('/') {
                let lead = alt.starts_with('*');
                let trail = alt.len() > 1 && alt.ends_with('*');
                let core = alt.trim_matches('*');
                if core.is_empty() {
                    return Err(format!("{what}: lege variant in '{phrase}'"));
                }
                if core.contains('*') || (lead && k != 0) || (trail && k != last) {
                    return Err(format!(
                        "{what}: een '*' mag alleen aan het begin van het eerste of het eind van het laatste woord staan ('{phrase}')"
                    ));
                }
                if !core.chars().all(word_ok) {
                    return Err(format!(
                        "{what}: ongeldig teken in '{alt}' ('{phrase}'); gebruik alleen letters, cijfers, - ' en ."
                    ));
                }
                let folded = fold(core);
                if folded.is_empty() {
                    return Err(format!("{what}: lege variant in '{phrase}'"));
                }
                alts.push((folded, lead, trail));
            }
            slots.push(alts);
        }
        let total = slots
            .iter()
            .try_fold(1usize, |acc, s| acc.checked_mul(s.len()));
        if total.is_none_or(|t| t > MAX_VARIANTS) {
            return Err(format!(
                "{what}: '{phrase}' geeft meer dan {MAX_VARIANTS} varianten; splits de frase"
            ));
        }
        let id = self.part_first.len() as u32;
        self.part_index.insert(key, id);
        self.part_first.push(Vec::new());
        // Cartesian product of the alternatives.
        let mut idx = vec![0usize; slots.len()];
        loop {
            let mut pat = String::new();
            let (_, lead, _) = &slots[0][idx[0]];
            if !lead {
                pat.push(' ');
            }
            for (k, s) in slots.iter().enumerate() {
                if k > 0 {
                    pat.push(' ');
                }
                pat.push_str(&s[idx[k]].0);
            }
            let (_, _, trail) = &slots[last][idx[last]];
            if !trail {
                pat.push(' ');
            }
            let pid = match self.pat_index.get(&pat) {
                Some(&p) => p,
                None => {
                    let p = self.patterns.len() as u32;
                    self.pat_index.insert(pat.clone(), p);
                    self.patterns.push(pat);
                    self.pat_parts.push(Vec::new());
                    p
                }
            };
            if !self.pat_parts[pid as usize].contains(&id) {
                self.pat_parts[pid as usize].push(id);
            }
            // Next combination.
            let mut k = slots.len();
            loop {
                if k == 0 {
                    return Ok(id);
                }
                k -= 1;
                idx[k] += 1;
                if idx[k] < slots[k].len() {
                    break;
                }
                idx[k] = 0;
            }
        }
    }

    pub fn build(self) -> Result<PhraseSet, String> {
        let ac = automaton(&self.patterns)?;
        Ok(PhraseSet {
            id: NEXT_SET.fetch_add(1, Ordering::Relaxed),
            ac,
            patterns: self.patterns,
            pat_parts: self.pat_parts,
            part_first: self.part_first,
            phrases: self.phrases,
            max_gap: self.max_gap,
        })
    }
}

/// An overlapping-match automaton over literal patterns, or none for no patterns.
///
/// A DFA: lexicons are a few hundred short patterns, so its tables stay small, and every
/// voorwaarde is scanned by it (the NFA the crate picks by default took about four times as many
/// instructions per byte). No prefilter: every pattern starts at a space or a word, so a
/// start-byte search stops at nearly every token and only adds calls.
fn automaton<P: AsRef<[u8]>>(patterns: &[P]) -> Result<Option<AhoCorasick>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .prefilter(false)
        .build(patterns)
        .map(Some)
        .map_err(|e| format!("lexicon kan niet worden opgebouwd: {e}"))
}

/// The patterns of several phrase sets in one automaton, so that a text read by several
/// analysers is scanned once instead of once per set. Each set then reads its own raw matches
/// from the [`Analysis`] ([`Scanner::scan`] stores them there); a set the scanner does not hold,
/// or an analysis it did not scan, falls back to the set's own automaton, with the same result.
#[derive(Debug)]
pub(crate) struct Scanner {
    ac: AhoCorasick,
    /// Joint pattern id → (set id, the set's own pattern id), for patterns several sets share.
    owners: Vec<Vec<(u32, u32)>>,
    /// The ids of the sets held, sorted.
    sets: Arc<[u32]>,
}

/// Raw matches of a [`Scanner`] in one text: which sets were scanned, and per match (set id,
/// the set's pattern id, byte start, byte end in the stream), sorted by set.
#[derive(Debug, Default)]
pub(crate) struct Hits {
    sets: Option<Arc<[u32]>>,
    raw: Vec<(u32, u32, u32, u32)>,
}

impl Hits {
    /// The raw matches of set `id`, or `None` when it was not part of the scan.
    fn of(&self, id: u32) -> Option<&[(u32, u32, u32, u32)]> {
        self.sets.as_ref()?.binary_search(&id).ok()?;
        let lo = self.raw.partition_point(|h| h.0 < id);
        let hi = self.raw.partition_point(|h| h.0 <= id);
        Some(&self.raw[lo..hi])
    }
}

impl Scanner {
    /// One automaton for `sets`; `None` when fewer than two of them have patterns (nothing to
    /// join) or the joint automaton cannot be built: then every set keeps scanning on its own.
    pub fn new<'s>(sets: impl IntoIterator<Item = &'s PhraseSet>) -> Option<Scanner> {
        let mut patterns: Vec<&str> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut owners: Vec<Vec<(u32, u32)>> = Vec::new();
        let mut ids: Vec<u32> = Vec::new();
        for set in sets {
            if set.ac.is_none() || ids.contains(&set.id) {
                continue;
            }
            ids.push(set.id);
            for (local, p) in set.patterns.iter().enumerate() {
                let joint = *index.entry(p.as_str()).or_insert_with(|| {
                    patterns.push(p.as_str());
                    owners.push(Vec::new());
                    patterns.len() - 1
                });
                owners[joint].push((set.id, local as u32));
            }
        }
        if ids.len() < 2 {
            return None;
        }
        ids.sort_unstable();
        let ac = automaton(&patterns).ok()??;
        Some(Scanner {
            ac,
            owners,
            sets: ids.into(),
        })
    }

    /// Scans `a` once for every set and keeps the raw matches in it.
    pub fn scan(&self, a: &mut Analysis<'_>) {
        let mut raw = Vec::new();
        if !a.toks.is_empty() {
            for m in self.ac.find_overlapping_iter(a.stream.as_str()) {
                for &(set, local) in &self.owners[m.pattern().as_usize()] {
                    raw.push((set, local, m.start() as u32, m.end() as u32));
                }
            }
            raw.sort_unstable_by_key(|h| h.0);
        }
        a.hits = Hits {
            sets: Some(self.sets.clone()),
            raw,
        };
    }
}

impl PhraseSet {
    /// Appends all matches in `a` to `out`, sorted and without duplicates.
    pub fn find(&self, a: &Analysis, out: &mut Vec<Match>) {
        let Some(ac) = &self.ac else { return };
        if a.toks.is_empty() {
            return;
        }
        // (part, start token, end token)
        let mut parts: Vec<(u32, usize, usize)> = Vec::new();
        match a.hits.of(self.id) {
            Some(hits) => {
                for &(_, pat, s, e) in hits {
                    self.add_parts(a, pat as usize, s as usize, e as usize, &mut parts);
                }
            }
            None => {
                for m in ac.find_overlapping_iter(a.stream.as_str()) {
                    self.add_parts(a, m.pattern().as_usize(), m.start(), m.end(), &mut parts);
                }
            }
        }
        if parts.is_empty() {
            return;
        }
        parts.sort_unstable();
        parts.dedup();
        let base = out.len();
        for &(p, st, en) in &parts {
            for &ph in &self.part_first[p as usize] {
                let phrase = &self.phrases[ph as usize];
                if phrase.parts.len() == 1 {
                    out.push(Match {
                        start: st,
                        end: en,
                        tag: phrase.tag,
                        gap: false,
                    });
                    continue;
                }
                let clause = a.toks[st].clause;
                let mut end = en;
                let mut ok = true;
                let mut gap = false;
                for &next in &phrase.parts[1..] {
                    let lo = parts.partition_point(|x| (x.0, x.1) < (next, end));
                    match parts.get(lo) {
                        Some(&(q, s2, e2))
                            if q == next
                                && s2 <= end + self.max_gap
                                && a.toks[s2].clause == clause =>
                        {
                            gap |= s2 > end;
                            end = e2;
                        }
                        _ => {
                            ok = false;
                            break;
                        }
                    }
                }
                if ok {
                    out.push(Match {
                        start: st,
                        end,
                        tag: phrase.tag,
                        gap,
                    });
                }
            }
        }
        out[base..].sort_unstable();
        let mut tail = out.split_off(base);
        tail.dedup();
        out.append(&mut tail);
    }

    /// The parts that pattern `pat`, found at stream bytes `s..e`, stands for, as token ranges.
    fn add_parts(
        &self,
        a: &Analysis,
        pat: usize,
        s: usize,
        e: usize,
        parts: &mut Vec<(u32, usize, usize)>,
    ) {
        let bytes = a.stream.as_bytes();
        if e <= s {
            return;
        }
        let sp = if bytes[s] == b' ' { s + 1 } else { s };
        let ep = if bytes[e - 1] == b' ' {
            e.saturating_sub(2)
        } else {
            e - 1
        };
        if ep < sp {
            return;
        }
        let st = a.token_at(sp);
        let en = a.token_at(ep) + 1;
        for &p in &self.pat_parts[pat] {
            parts.push((p, st, en));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(list: &[&str]) -> PhraseSet {
        let mut b = Builder::new(4);
        for (i, p) in list.iter().enumerate() {
            b.add(i as u32, p, "test").unwrap();
        }
        b.build().unwrap()
    }

    fn found(s: &PhraseSet, text: &str) -> Vec<(u32, String)> {
        let a = Analysis::new(text);
        let mut out = Vec::new();
        s.find(&a, &mut out);
        out.iter()
            .map(|m| (m.tag, text[a.span(m.start, m.end - 1)].to_string()))
            .collect()
    }

    #[test]
    fn literal_alternatives_wildcards_gaps() {
        let s = set(&[
            "mag/mogen ... niet/geen",
            "hechting*",
            "*problematiek",
            "zo veel mogelijk",
            "geen ... meer",
        ]);
        assert_eq!(
            found(&s, "Moeder mag de kinderen niet slaan."),
            [(0, "mag de kinderen niet".to_string())]
        );
        assert_eq!(
            found(&s, "Hechtingsproblematiek!"),
            [
                (1, "Hechtingsproblematiek".to_string()),
                (2, "Hechtingsproblematiek".to_string())
            ]
        );
        assert_eq!(
            found(&s, "Vader drinkt geen alcohol meer"),
            [(4, "geen alcohol meer".to_string())]
        );
        assert_eq!(
            found(&s, "zo veel mogelijk"),
            [(3, "zo veel mogelijk".to_string())]
        );
        assert!(found(&s, "zo veel, mogelijk").is_empty());
        // No gap across a clause boundary.
        assert!(found(&s, "Moeder mag komen; vader niet.").is_empty());
        // Diacritics and case.
        let s = set(&["vóór/voor"]);
        assert_eq!(found(&s, "VÓÓR acht").len(), 1);
        assert_eq!(found(&s, "vo\u{301}o\u{301}r acht").len(), 1);
        // Invisible characters inside a word are no part of it: a soft hyphen left by
        // hyphenation, a zero-width joiner, a word joiner.
        let s = set(&["verboden", "mag/mogen ... niet/geen"]);
        for text in [
            "Roken is ver\u{ad}boden.",
            "Roken is verbo\u{200d}den.",
            "Roken is verboden\u{2060}.",
        ] {
            assert_eq!(found(&s, text).len(), 1, "{text:?}");
        }
        // The phrase is marked as the reader sees it: not over a trailing invisible character.
        assert_eq!(
            found(&s, "Vader mag niet\u{ad} drinken."),
            [(1, "mag niet".to_string())]
        );
        // Nor one after a space, which UAX #29 joins to the space: no token that would break
        // a phrase or fill a gap (rev63).
        let s = set(&["verbod op", "mag ... niet"]);
        assert_eq!(found(&s, "Er is een verbod \u{ad}op roken.").len(), 1);
        assert_eq!(found(&s, "Er is een verbod \u{feff}op roken.").len(), 1);
        assert_eq!(found(&s, "Vader mag a b c \u{ad}d niet.").len(), 1);
        assert!(found(&s, "Vader mag a b c \u{ad}d e niet.").is_empty());
    }

    fn all(s: &PhraseSet, a: &Analysis) -> Vec<Match> {
        let mut out = Vec::new();
        s.find(a, &mut out);
        out
    }

    proptest::proptest! {
        /// A joint scan gives every set exactly the matches of its own scan, also where the sets
        /// share patterns, and a set outside the scanner still scans by itself.
        #[test]
        fn joint_scan_matches_own_scans(
            words in proptest::collection::vec(
                proptest::sample::select(vec![
                    "mag", "mogen", "niet", "geen", "meer", "hechting", "hechtingsproblematiek",
                    "zo", "veel", "mogelijk", "vader", "moeder", ",", ";", "alcohol", "Vóór",
                ]),
                0..24,
            )
        ) {
            let a1 = set(&["mag/mogen ... niet/geen", "hechting*", "zo veel mogelijk"]);
            let a2 = set(&["*problematiek", "geen ... meer", "mag", "vader"]);
            let a3 = set(&["niet", "voor", "moeder ... alcohol"]);
            let outside = set(&["mag", "veel"]);
            let text = words.join(" ");
            let own = Analysis::new(&text);
            let mut joint = Analysis::new(&text);
            let scanner = Scanner::new([&a1, &a2, &a3, &a1]).unwrap();
            scanner.scan(&mut joint);
            for s in [&a1, &a2, &a3, &outside] {
                proptest::prop_assert_eq!(all(s, &joint), all(s, &own));
            }
        }
    }

    #[test]
    fn invalid_phrases() {
        let mut b = Builder::new(4);
        assert!(b.add(0, "  ", "x").is_err());
        assert!(b.add(0, "a ... ", "x").is_err());
        assert!(b.add(0, "... a", "x").is_err());
        assert!(b.add(0, "a*b", "x").is_err());
        assert!(b.add(0, "a b*c", "x").is_err());
        assert!(b.add(0, "a* b", "x").is_err());
        assert!(b.add(0, "a //b", "x").is_err());
        assert!(b.add(0, "*", "x").is_err());
        assert!(b.add(0, "a,b", "x").is_err());
        assert!(b.add(0, "\u{301}", "x").is_err());
    }
}
