//! Tokens, sentences, clauses and clause units of a short Dutch text, with byte spans.
//!
//! One [`Analysis`] per text: the tokens (UAX #29 word boundaries, with hyphenated compounds,
//! elided articles such as `'s` and times written with a colon such as `8:15` merged back into
//! one word, and two words run together over a missing space, "voldoende.Moeder", split again),
//! a normalised token stream that the
//! lexicon automatons scan, and the sentence, clause and unit structure the rules reason about.
//!
//! * A **sentence** ends at `.`, `!`, `?`, `…` or a line break; not at the full stop of an
//!   abbreviation, unless it closes a list ("etc.", "enz.") and a capital follows. A line break
//!   inside a sentence is a soft wrap and no break: the next line starts with a lower-case letter
//!   or a number, or with a capital right after a comma or a word that cannot end a clause ("met
//!   Veilig Thuis"), and the line before does not end in `.`, `!`, `?`, `…`, `:` or `;`. A blank
//!   line and a line that starts a list item ("-", "•", "1)", "2.", "a)") always break.
//! * A **clause** also ends at `;`, `:` (not inside a time such as `8:15`) and bullets, at a comma followed by a conjunction, at the
//!   comma closing a leading subordinate clause ("Als vader boos wordt, verlaat hij ..."), before
//!   a subordinating conjunction inside a clause ("... alcohol wanneer hij ..."), before an
//!   indirect question after a verb of checking ("kijkt of ..."), and before `en`/`maar` that
//!   start a new verb phrase or negation ("... niet en belt oma", "... per dag en nooit ..."),
//!   and at a comma, dash or `en`/`maar` before a new main clause with its own subject and verb
//!   ("..., oma is dan aanwezig"; not an enumeration "geen alcohol, drugs of geweld").
//!   A purpose "om ... te" opens a subordinate clause ("Om ... te voorkomen, spreken ..."); a
//!   comma before "dat wil zeggen" does not split.
//! * A **unit** is a clause with its parentheticals carved out: "Vader is nuchter (drinkt geen
//!   alcohol) wanneer ..." gives the units "Vader is nuchter" and "drinkt geen alcohol".
//!
//! The closed word classes below (prepositions, determiners, conjunctions) are Dutch grammar,
//! not tunable lexicon; the tunable lexicon lives in the rule files.

use crate::chars::{is_invisible, is_unread};
use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Number,
    Punct,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// Byte range in the analysed text.
    pub span: Range<usize>,
    /// Byte range of the normalised form in [`Analysis::stream`].
    pub norm: Range<usize>,
    pub kind: Kind,
    /// The first character (punctuation tokens).
    pub ch: char,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Two or more letters, all upper case (an acronym such as GGZ).
    pub acronym: bool,
    /// Right after the token before it, with no space between ("bijv" and "."), as the reader
    /// sees the text: an invisible character between the two is no space.
    pub joined: bool,
    /// Inside `(...)` or `[...]`.
    pub paren: bool,
    /// First word of its sentence.
    pub sentence_start: bool,
    pub clause: u32,
    pub unit: u32,
}

impl Token {
    pub fn is_word(&self) -> bool {
        self.kind != Kind::Punct
    }
}

/// A clause unit: a clause, or a parenthetical inside one.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    /// Token range from its first to its last token (may enclose tokens of inner units).
    pub range: Range<usize>,
    pub paren: bool,
    /// Starts with a subordinating conjunction or relative pronoun.
    pub subordinate: bool,
    /// Starts with a coordinating conjunction (continues the previous unit).
    pub coordinated: bool,
    /// A purpose clause ("zodat ...", "om ... te ...").
    pub purpose: bool,
    /// The first word.
    pub first: Option<usize>,
    /// The first word after leading conjunctions and subordinators.
    pub lead: Option<usize>,
}

/// One text, tokenised once: every analyser reads the same analysis, so a voorwaarde checked by
/// three rules is tokenised once, not three times.
///
/// ```
/// use vtcheck::text::Analysis;
/// let a = Analysis::new("Vader brengt de kinderen elke ochtend naar school.");
/// assert!(!a.is_empty());
/// ```
#[derive(Debug)]
pub struct Analysis<'a> {
    pub(crate) text: &'a str,
    /// `" tok1 tok2 ... tokN "`: normalised tokens (lower case, diacritics folded) separated by
    /// single spaces, with a space at both ends.
    pub(crate) stream: String,
    pub(crate) toks: Vec<Token>,
    pub(crate) units: Vec<Unit>,
    /// Token ranges of sentences.
    pub(crate) sentences: Vec<Range<usize>>,
    /// Lexicon matches of a joint scan ([`super::lexicon::Scanner`]), when one was made.
    pub(crate) hits: super::lexicon::Hits,
    /// Per token, the next word token after it (`u32::MAX`: none), once the tokens' kinds are
    /// final: looked up instead of scanned, so that a text of a million commas is not
    /// quadratic ([`Analysis::next_word`]).
    next_words: Vec<u32>,
}

/// Subordinating conjunctions and relative words that open a dependent clause.
pub(crate) const SUBORDINATORS: &[&str] = &[
    "als", "wanneer", "zodra", "indien", "terwijl", "omdat", "zodat", "tenzij", "nadat", "voordat",
    "totdat", "zolang", "doordat", "opdat", "waardoor", "waarna", "hoewel", "ofschoon", "mits",
    "die", "dat", "wat", "waar", "waarin", "waarbij", "welke",
];

/// Subordinators that split a clause even without a comma ("drinkt geen alcohol wanneer hij").
const MID_SUBORDINATORS: &[&str] = &[
    "wanneer", "zodra", "indien", "terwijl", "omdat", "zodat", "tenzij", "nadat", "voordat",
    "totdat", "zolang", "doordat", "opdat", "hoewel", "mits",
];

/// Relative words that only count as subordinators after a comma (not sentence-initial "Dat ...").
const RELATIVES: &[&str] = &["die", "dat", "wat", "waar", "waarin", "waarbij", "welke"];

pub(crate) const COORDINATORS: &[&str] = &["en", "maar", "of", "want", "dus", "dan", "noch"];

/// Words after a comma that start a new clause.
const COMMA_CONJUNCTIONS: &[&str] = &[
    "en",
    "maar",
    "of",
    "want",
    "dus",
    "dan",
    "als",
    "wanneer",
    "zodra",
    "indien",
    "terwijl",
    "omdat",
    "zodat",
    "tenzij",
    "nadat",
    "voordat",
    "totdat",
    "zolang",
    "doordat",
    "waardoor",
    "waarna",
    "hoewel",
    "die",
    "dat",
    "ook",
    "daarna",
    "anders",
    "verder",
    "bovendien",
];

/// Verbs of checking that take an indirect question with "of".
const CHECK_VERBS: &[&str] = &[
    "kijkt",
    "kijken",
    "controleert",
    "controleren",
    "checkt",
    "checken",
    "vraagt",
    "vragen",
    "weet",
    "weten",
    "gaat",
    "gaan",
    "ziet",
    "zien",
    "beoordeelt",
    "beoordelen",
    "test",
    "testen",
];

/// Words before `als` that make it a comparison ("net als", "zowel ... als", "zo snel als").
const ALS_COMPARATIVE: &[&str] = &[
    "zo", "zowel", "net", "even", "evenals", "zoveel", "evenveel", "ander", "anders",
];

pub(crate) const PREPOSITIONS: &[&str] = &[
    "van",
    "bij",
    "met",
    "voor",
    "aan",
    "naar",
    "op",
    "in",
    "door",
    "tegen",
    "over",
    "zonder",
    "tussen",
    "namens",
    "tegenover",
    "onder",
    "achter",
    "naast",
    "om",
    "uit",
    "tot",
    "vanaf",
    "sinds",
    "richting",
    "binnen",
    "buiten",
    "rond",
    "rondom",
    "via",
    "per",
    "behalve",
    "ondanks",
    "volgens",
    "na",
    "boven",
    "langs",
    "jegens",
    "zonder",
    "bijzijn",
    "nabijheid",
];

pub(crate) const DETERMINERS: &[&str] = &[
    "de", "het", "een", "zijn", "haar", "hun", "mijn", "onze", "ons", "jouw", "uw", "diens",
    "deze", "die", "dit", "dat", "beide", "alle", "elk", "elke", "ieder", "iedere", "z'n", "d'r",
    "'s", "hem", "ze", "eigen", "andere", "ander", "twee", "drie",
];

pub(crate) const SUBJECT_PRONOUNS: &[&str] =
    &["hij", "zij", "ze", "we", "wij", "jij", "je", "u", "ik"];

/// Function words: no content of their own (used to judge whether a unit says anything).
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "de", "het", "een", "en", "of", "maar", "dan", "ook", "wel", "nog", "al", "zo", "te", "er",
    "daar", "hier", "dit", "dat", "die", "deze", "zich", "hem", "haar", "hun", "ze", "zij", "hij",
    "zijn", "je", "u", "we", "wij", "ik", "mij", "me", "ons", "onze", "mijn", "uw", "jouw", "van",
    "bij", "met", "voor", "aan", "naar", "op", "in", "door", "tegen", "over", "om", "uit", "tot",
    "als", "want", "dus", "nu", "toen",
];

/// Common finite verb forms (for verb-initial and coordinated-verb detection). Forms ending in
/// `-t` are mostly found by their ending; this list adds the rest and the frequent ones.
const FINITE_VERBS: &[&str] = &[
    "is",
    "zijn",
    "ben",
    "was",
    "waren",
    "wordt",
    "worden",
    "werd",
    "werden",
    "heeft",
    "hebben",
    "had",
    "hadden",
    "gaat",
    "gaan",
    "ging",
    "komt",
    "komen",
    "kwam",
    "kan",
    "kunnen",
    "kon",
    "mag",
    "mogen",
    "moet",
    "moeten",
    "wil",
    "willen",
    "zal",
    "zullen",
    "blijft",
    "blijven",
    "doet",
    "doen",
    "ziet",
    "zien",
    "staat",
    "staan",
    "ligt",
    "liggen",
    "zit",
    "zitten",
    "houdt",
    "houden",
    "laat",
    "laten",
    "neemt",
    "nemen",
    "geeft",
    "geven",
    "brengt",
    "brengen",
    "belt",
    "bellen",
    "haalt",
    "halen",
    "zorgt",
    "zorgen",
    "eet",
    "eten",
    "slaapt",
    "slapen",
    "drinkt",
    "drinken",
    "gebruikt",
    "gebruiken",
    "maakt",
    "maken",
    "zegt",
    "zeggen",
    "vraagt",
    "vragen",
    "meldt",
    "melden",
    "legt",
    "leggen",
    "zet",
    "zetten",
    "helpt",
    "helpen",
    "past",
    "passen",
    "kookt",
    "koken",
    "verlaat",
    "verlaten",
    "loopt",
    "lopen",
    "praat",
    "praten",
    "speelt",
    "spelen",
    "werkt",
    "werken",
    "leest",
    "lezen",
    "stuurt",
    "sturen",
    "bezoekt",
    "bezoeken",
    "rijdt",
    "rijden",
    "fietst",
    "fietsen",
    "wacht",
    "wachten",
    "kijkt",
    "kijken",
    "regelt",
    "regelen",
    "controleert",
    "controleren",
    "slaat",
    "slaan",
    "schopt",
    "schoppen",
    "scheldt",
    "schelden",
    "schreeuwt",
    "schreeuwen",
    "dreigt",
    "dreigen",
    "rookt",
    "roken",
    "lacht",
    "vecht",
    "vechten",
    "vlucht",
    "vluchten",
    "bedreigt",
    "bedreigen",
    "bewaart",
    "bewaren",
    "kiest",
    "kiezen",
    "blaast",
    "blazen",
    "vertelt",
    "vertellen",
    "spreekt",
    "spreken",
    "pakt",
    "pakken",
    "betaalt",
    "betalen",
    "wast",
    "wassen",
    "poetst",
    "poetsen",
    "ruimt",
    "ruimen",
];

/// Words ending in `-t` that are not verbs.
const T_NOUNS: &[&str] = &[
    "agent",
    "student",
    "moment",
    "talent",
    "patient",
    "client",
    "document",
    "incident",
    "docent",
    "procent",
    "percent",
    "cement",
    "element",
    "argument",
    "instrument",
    "medicament",
    "testament",
    "experiment",
    "accent",
    "president",
    "consument",
    "monument",
    "parlement",
    "niet",
    "met",
    "dat",
    "wat",
    "het",
    "tot",
    "uit",
    "dit",
    "niets",
    "nooit",
    "recht",
    "nacht",
    "toezicht",
    "contact",
    "gezicht",
    "bericht",
    "plicht",
    "kracht",
    "macht",
    "licht",
    "gewicht",
    "respect",
    "effect",
    "resultaat",
    "straat",
    "advocaat",
    "maat",
    "aandacht",
    "draagkracht",
    "eerst",
    "laatst",
    "meest",
    "best",
    "lust",
    "post",
    "dienst",
    "angst",
    "feest",
    "gast",
    "last",
    "draaglast",
    "moment",
    "altijd",
    "agent",
    "student",
    "docent",
    "punt",
    "krant",
    "kant",
    "klant",
    "zelfs",
    "opvoedkracht",
    "gesprekt",
    "toilet",
    "bed",
    "ouderschap",
    "netwerk",
    "tijdstip",
    "uiterst",
    "minst",
    "opnieuw",
    "rust",
    "slot",
    "kast",
    "goed",
];

/// Words that cannot end a clause, so a line that ends in one goes on even before a capital
/// ("belt bij ruzie met / Veilig Thuis"): articles, conjunctions and prepositions that are never
/// a separable particle.
const OPEN_ENDS: &[&str] = &[
    "de",
    "het",
    "een",
    "en",
    "of",
    "maar",
    "want",
    "van",
    "met",
    "bij",
    "naar",
    "tussen",
    "zonder",
    "volgens",
    "namens",
    "tegenover",
    "vanaf",
    "sinds",
    "via",
    "per",
    "behalve",
    "ondanks",
    "jegens",
    "zoals",
    "als",
    "wanneer",
    "omdat",
    "zodat",
];

/// Deeper brackets are plain punctuation (keeps unit scans linear).
const MAX_NESTING: usize = 3;

const ABBREVIATIONS: &[&str] = &[
    "bijv", "bv", "ca", "evt", "enz", "etc", "mevr", "dhr", "nr", "min", "max", "incl", "excl",
    "resp", "tel", "vs", "jl", "ong", "mr", "dr", "ir", "drs", "st", "zgn",
    // Titles of four letters and more, which a missing space may join to a name
    // ("Prof.Jansen"); none is a word that ends a sentence.
    "gebr", "prof", "burg", "secr", "insp", "jkvr", "juff", "kapt", "luit", "kand", "voorz",
    "coord", "verpl",
];

/// Abbreviations that are another word in capitals: "mw. Jansen" is mevrouw Jansen, "naar het
/// MW." the maatschappelijk werk, which ends a sentence as any noun does.
const CASED_ABBREVIATIONS: &[&str] = &["mw"];

/// Abbreviations that close a list ("etc.", "enz.", "e.d."): their full stop ends the sentence
/// when the next word starts with a capital. After other abbreviations and single letters
/// ("bijv. Sanne", "J. Jansen", "vitamine D. Vader") a capital is too often a name to tell.
const LIST_END_ABBREVIATIONS: &[&str] = &["etc", "enz", "e.d", "e.a", "o.i.d", "usw", "e.v"];

pub(crate) fn is_in(list: &[&str], w: &str) -> bool {
    list.contains(&w)
}

/// Appends the normalised form of `c`: lower case, Latin diacritics folded, combining marks
/// dropped, typographic apostrophes made plain.
pub(crate) fn fold_char(c: char, out: &mut String) {
    // Nearly every character of a Dutch text is ASCII: lowercase it without the Unicode tables.
    if c.is_ascii() {
        out.push(if c == '`' {
            '\''
        } else {
            c.to_ascii_lowercase()
        });
        return;
    }
    for l in c.to_lowercase() {
        match l {
            // A character no word is read with: a combining accent ("vo\u{301}or" is "voor"), a
            // soft hyphen from hyphenation ("ver\u{ad}boden"), a direction mark. UAX #29 keeps
            // these in the word; its letters are the word.
            l if is_unread(l) => {}
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => out.push('a'),
            'è' | 'é' | 'ê' | 'ë' | 'ē' => out.push('e'),
            'ì' | 'í' | 'î' | 'ï' | 'ī' => out.push('i'),
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => out.push('o'),
            'ù' | 'ú' | 'û' | 'ü' | 'ū' => out.push('u'),
            'ý' | 'ÿ' => out.push('y'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'ĳ' => out.push_str("ij"),
            '’' | '‘' | '´' | 'ʼ' => out.push('\''),
            '‐' | '‑' => out.push('-'),
            _ => out.push(l),
        }
    }
}

/// Normalises a lexicon word the same way as text tokens.
pub(crate) fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "‐" | "‑")
}

/// A colon between digits, as in a time ("8:15", "14:30"): UAX #29 breaks there (`:` only
/// joins letters), but the time is one word and the colon no clause break. `number` starts at
/// byte `start`; `colon` and `after` are the two segments right after it.
fn is_clock_colon(text: &str, start: usize, colon: &Seg, after: &Seg) -> bool {
    let b = text.as_bytes();
    b[colon.start] == b':'
        && colon.end == colon.start + 1
        && b[start].is_ascii_digit()
        && b[colon.start - 1].is_ascii_digit()
        && b[after.start].is_ascii_digit()
}

/// The full stop or colon inside a word segment that joins two words over a missing space,
/// "voldoende.Moeder" or "Afspraak:vader", as a byte offset in `s`, the segment at byte `off` of
/// `text`. UAX #29 keeps letters around `.` and `:` together, as it must for "o.a."; split
/// there, the text reads as it would with the space: two words, and a sentence or clause break
/// where the punctuation says so. Only the plain case counts, as a capital after a dot is as
/// often an abbreviation, an initial or an address:
/// * one `.` or `:` in the segment ("Z.S.M", "d.w.z.Vader", "www.Vt.nl" stay whole);
/// * before it four or more characters ending in a lower-case letter: abbreviations and
///   initials before a name are shorter ("mw.Jansen", "Th.Jansen", "afd.Noord", "E.D", "O.M",
///   "GGZ.Vader" stay whole), and a word spelled like one may end a sentence ("het MW.");
/// * after a `.` a capital and a lower-case letter, not a top-level domain ("B.V", "Jan.NL",
///   "Thuisarts.Nl" stay whole; "bijv.een" has no capital), after a `:` a letter;
/// * not part of an e-mail or web address: no `@` or `/` right before or after the segment
///   ("Piet.Jansen@wijkteam.nl").
///
/// A longer title that passes ("Prof.Jansen") reads as with the space: its full stop
/// ends no sentence if the abbreviation list has it.
fn run_on_stop(text: &str, off: usize, s: &str) -> Option<usize> {
    /// The domains of addresses written in a voorwaarde ("Thuisarts.Nl").
    const TOP_LEVEL_DOMAINS: &[&str] = &["nl", "be", "eu", "com", "org", "net", "info"];
    let b = s.as_bytes();
    // Nearly every word has neither: one pass over its bytes, no characters decoded.
    let at = b.iter().position(|&c| c == b'.' || c == b':')?;
    // Fewer than four bytes cannot hold the four characters asked for below.
    if at < 4 || b[at + 1..].iter().any(|&c| c == b'.' || c == b':') {
        return None;
    }
    let stop = b[at];
    let t = text.as_bytes();
    let address = |i: Option<&u8>| matches!(i, Some(b'@' | b'/'));
    if address(off.checked_sub(1).and_then(|i| t.get(i))) || address(t.get(off + s.len())) {
        return None;
    }
    let before = &s[..at];
    if before.chars().count() < 4 || !before.chars().next_back().is_some_and(char::is_lowercase) {
        return None;
    }
    let rest = &s[at + 1..];
    let mut after = rest.chars();
    let joins = if stop == b'.' {
        after.next().is_some_and(char::is_uppercase)
            && after.next().is_some_and(char::is_lowercase)
            && !TOP_LEVEL_DOMAINS
                .iter()
                .any(|d| rest.eq_ignore_ascii_case(d))
    } else {
        after.next().is_some_and(char::is_alphabetic)
    };
    joins.then_some(at)
}

fn is_apostrophe(s: &str) -> bool {
    matches!(s, "'" | "’" | "‘" | "`")
}

/// What follows an apostrophe in a Dutch elision ("'s nachts", "'s-Hertogenbosch", "'t huis",
/// "'n keer", "'k", "'m", "'r", "'ns", "'em") or a short year ("'24"). Before any other word an
/// apostrophe is a quote mark ("een 'veilige' thuis"), and stays punctuation.
fn is_elided(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        1 => matches!(
            b[0].to_ascii_lowercase(),
            b's' | b't' | b'n' | b'k' | b'm' | b'r'
        ),
        2 => {
            b.iter().all(u8::is_ascii_digit)
                || s.eq_ignore_ascii_case("ns")
                || s.eq_ignore_ascii_case("em")
        }
        _ => false,
    }
}

/// Raw segment: byte range and whether it holds a letter or digit.
#[derive(Clone, Copy)]
struct Seg {
    start: usize,
    end: usize,
    word: bool,
    /// Line breaks in the whitespace before it (2 or more: a blank line).
    lines_before: u8,
    /// Right after the segment before it ([`Token::joined`]).
    joined: bool,
}

impl<'a> Analysis<'a> {
    /// Whether the text has no tokens at all.
    pub fn is_empty(&self) -> bool {
        self.toks.is_empty()
    }

    /// The analysed text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Tokenises `text` (UAX #29 words, normalised) and splits it into sentences and clause
    /// units, for any text; an empty or blank text gives an empty analysis.
    pub fn new(text: &'a str) -> Analysis<'a> {
        // 1.-2. Segments ([`segments`]), cut in the text as the reader sees it; their byte
        // ranges are those of `text`.
        let unseen = without_unseen(text);
        let merged = match &unseen {
            None => segments(text),
            Some((seen, at)) => {
                let mut segs = segments(seen);
                for sg in &mut segs {
                    sg.start = at[sg.start] as usize;
                    sg.end = at[sg.end - 1] as usize + 1;
                }
                segs
            }
        };
        drop(unseen);

        // 3. Tokens and the normalised stream.
        let mut stream = String::with_capacity(text.len() + merged.len() + 2);
        stream.push(' ');
        let mut toks: Vec<Token> = Vec::with_capacity(merged.len());
        let mut breaks: Vec<u8> = Vec::with_capacity(merged.len());
        for sg in &merged {
            let s = &text[sg.start..sg.end];
            let first = s.chars().next().unwrap_or(' ');
            let kind = if !sg.word {
                Kind::Punct
            } else if first.is_ascii_digit() {
                Kind::Number
            } else {
                Kind::Word
            };
            let from = stream.len();
            if kind != Kind::Punct && s.bytes().all(|c| c.is_ascii() && c != b'`') {
                // Nearly every token: `fold_char` of each ASCII character, in one pass. Such a
                // segment is never empty and holds no space (runs of spaces are whitespace
                // segments, skipped above), so it needs no placeholder.
                stream.push_str(s);
                stream[from..].make_ascii_lowercase();
            } else {
                if kind == Kind::Punct {
                    stream.push(first);
                } else {
                    for c in s.chars() {
                        fold_char(c, &mut stream);
                    }
                }
                if stream.len() == from || stream[from..].contains(' ') {
                    stream.truncate(from);
                    stream.push('_');
                }
            }
            let to = stream.len();
            stream.push(' ');
            let mut letters = s.chars().filter(|c| c.is_alphabetic());
            let acronym = letters.clone().nth(1).is_some() && letters.all(char::is_uppercase);
            toks.push(Token {
                span: sg.start..sg.end,
                norm: from..to,
                kind,
                ch: first,
                cap: first.is_uppercase(),
                acronym,
                joined: sg.joined,
                paren: false,
                sentence_start: false,
                clause: 0,
                unit: 0,
            });
            breaks.push(sg.lines_before);
        }
        drop(merged);

        let mut a = Analysis {
            text,
            stream,
            toks,
            units: Vec::new(),
            sentences: Vec::new(),
            hits: Default::default(),
            next_words: Vec::new(),
        };
        a.line_breaks(&mut breaks);
        // The kinds are final now (a list marker became punctuation).
        let mut next = u32::MAX;
        a.next_words = vec![u32::MAX; a.toks.len()];
        for i in (0..a.toks.len()).rev() {
            a.next_words[i] = next;
            if a.toks[i].is_word() {
                next = i as u32;
            }
        }
        a.structure(&breaks);
        a
    }
}

/// `text` without the characters a reader does not see ([`is_invisible`]), and for each of its
/// bytes the offset in `text` of the byte it copies; `None` when there is none to leave out, as
/// in nearly every text. A zero-width space is a break hint in a long compound
/// ("ver\u{200b}boden"), a direction mark may stand between a digit and the dot of a time
/// ("8\u{200e}.30"), a soft hyphen before the hyphen of a compound: UAX #29 and the rules below
/// would cut there, the reader sees "verboden", "8.30" and "psycho-educatie". Combining marks
/// stay: they are seen, on the letter UAX #29 keeps them with ("Zoe\u{308}").
///
/// So does a zero-width joiner after a symbol: by it UAX #29 keeps an emoji sequence
/// ("👨\u{200d}👩") one token. After a letter, digit or punctuation mark it joins nothing a
/// reader sees, and kept, it would glue a word to an emoji after it ("verboden\u{200d}🚭").
fn without_unseen(text: &str) -> Option<(String, Vec<u32>)> {
    if text.is_ascii() {
        return None;
    }
    let emoji_joiner = |prev: Option<char>, c: char| {
        c == '\u{200d}'
            && prev.is_some_and(|p| !p.is_ascii() && !p.is_alphanumeric() && !p.is_whitespace())
    };
    // `prev` is the last character kept.
    let unseen = |prev: Option<char>, c: char| is_invisible(c) && !emoji_joiner(prev, c);
    let mut out: Option<(String, Vec<u32>)> = None;
    let mut prev = None;
    for (i, c) in text.char_indices() {
        if unseen(prev, c) {
            // The first one: the text before it is copied as it is.
            out.get_or_insert_with(|| {
                let mut seen = String::with_capacity(text.len());
                seen.push_str(&text[..i]);
                (seen, (0..i as u32).collect())
            });
            continue;
        }
        if let Some((seen, at)) = &mut out {
            seen.push(c);
            at.extend(i as u32..(i + c.len_utf8()) as u32);
        }
        prev = Some(c);
    }
    out
}

/// Steps 1 and 2 of [`Analysis::new`]: the word and punctuation segments of `text`, whitespace
/// dropped (a line break remembered), words run together over a missing space split, and
/// compounds, elisions and times merged.
fn segments(text: &str) -> Vec<Seg> {
    // 1. UAX #29 segments, whitespace dropped (a line break is remembered).
    let mut segs: Vec<Seg> = Vec::new();
    let mut lines = 0u8;
    // A CR whose LF may still follow: CR LF is one line break, also with a zero-width
    // joiner between them (UAX #29 then makes three segments of it).
    let mut after_cr = false;
    let bounds = super::ascii_words::segments(text)
        .unwrap_or_else(|| text.split_word_bound_indices().collect());
    for (off, s) in bounds {
        // The one space between two words: most segments of a text.
        if s == " " {
            after_cr = false;
            continue;
        }
        // A character UAX #29 attaches to a space (a zero-width joiner before a word) is no
        // token of its own: it would block a phrase and fill a gap.
        if s.chars().all(|c| c.is_whitespace() || is_unread(c)) {
            for c in s.chars() {
                match c {
                    c if is_unread(c) => {}
                    '\n' if after_cr => after_cr = false,
                    '\n' | '\r' | '\u{2028}' | '\u{2029}' => {
                        lines = lines.saturating_add(1);
                        after_cr = c == '\r';
                    }
                    _ => after_cr = false,
                }
            }
            continue;
        }
        after_cr = false;
        let word = s.chars().any(char::is_alphanumeric);
        let mut from = 0;
        if word && let Some(stop) = run_on_stop(text, off, s) {
            segs.push(Seg {
                start: off,
                end: off + stop,
                word: true,
                lines_before: lines,
                joined: false,
            });
            segs.push(Seg {
                start: off + stop,
                end: off + stop + 1,
                word: false,
                lines_before: 0,
                joined: false,
            });
            from = stop + 1;
            lines = 0;
        }
        segs.push(Seg {
            start: off + from,
            end: off + s.len(),
            word,
            lines_before: lines,
            joined: false,
        });
        lines = 0;
    }
    // 2. Merge hyphenated compounds ("ex-man") and elisions ("'s nachts"; not a quote mark).
    let mut merged: Vec<Seg> = Vec::with_capacity(segs.len());
    let mut i = 0;
    while i < segs.len() {
        let mut cur = segs[i];
        i += 1;
        if !cur.word
            && is_apostrophe(&text[cur.start..cur.end])
            && i < segs.len()
            && segs[i].word
            && segs[i].start == cur.end
            && is_elided(&text[segs[i].start..segs[i].end])
            && merged
                .last()
                .is_none_or(|p: &Seg| p.end < cur.start || !p.word)
        {
            cur.end = segs[i].end;
            cur.word = true;
            i += 1;
        }
        if cur.word {
            while i + 1 < segs.len()
                && segs[i].start == cur.end
                && segs[i + 1].word
                && segs[i + 1].start == segs[i].end
                && (is_hyphen(&text[segs[i].start..segs[i].end])
                    || is_clock_colon(text, cur.start, &segs[i], &segs[i + 1]))
            {
                cur.end = segs[i + 1].end;
                i += 2;
            }
        }
        merged.push(cur);
    }
    drop(segs);
    for k in 1..merged.len() {
        merged[k].joined = merged[k - 1].end == merged[k].start;
    }
    merged
}

impl<'a> Analysis<'a> {
    /// Decides which line breaks end a sentence: on return `breaks[i]` is 1 where one does before
    /// token `i`, 0 elsewhere. A soft-wrapped sentence reads as one; a list item, a blank line
    /// or a line after closing punctuation starts a new one (lists of voorwaarden often have no
    /// full stops).
    ///
    /// A list marker at the start of a line or the text ("1)", "2.", "a)") becomes punctuation:
    /// its number is no criterion, and the word after it starts the sentence (not a name).
    fn line_breaks(&mut self, breaks: &mut [u8]) {
        for (i, b) in breaks.iter_mut().enumerate() {
            let lines = *b;
            let marker = (i == 0 || lines > 0) && self.list_marker(i);
            if marker {
                self.toks[i].kind = Kind::Punct;
            }
            *b = u8::from(lines > 0 && (lines > 1 || i == 0 || marker || !self.soft_wrap(i)));
        }
    }

    /// The line break before token `i` (not the first) wraps a sentence that goes on.
    fn soft_wrap(&self, i: usize) -> bool {
        let (prev, cur) = (&self.toks[i - 1], &self.toks[i]);
        if prev.kind == Kind::Punct {
            match prev.ch {
                // The full stop of an abbreviation ("o.a.") does not end the line's sentence.
                '.' if !self.is_sentence_end(i - 1) => {}
                '.' | '!' | '?' | '…' | ':' | ';' | '•' | '·' | '|' => return false,
                _ => {}
            }
        }
        match cur.kind {
            Kind::Number => true,
            Kind::Word if !cur.cap => true,
            // A capital: a name inside the sentence only after a comma or a word that needs
            // more ("belt bij ruzie met / Veilig Thuis"); otherwise a new item of a list
            // without full stops.
            Kind::Word => {
                (prev.kind == Kind::Punct && prev.ch == ',')
                    || (prev.kind == Kind::Word && is_in(OPEN_ENDS, self.norm(i - 1)))
            }
            Kind::Punct => false,
        }
    }

    /// Token `i` starts a list item at the start of a line or the text: a bullet ("-", "•",
    /// "*"), or a short number or a single letter followed by ")" or "." ("1)", "2.", "a)").
    fn list_marker(&self, i: usize) -> bool {
        let t = &self.toks[i];
        let after = |k: usize| self.toks.get(i + k);
        match t.kind {
            Kind::Punct => matches!(
                t.ch,
                '-' | '–' | '—' | '•' | '·' | '*' | '▪' | '◦' | '‣' | '>'
            ),
            Kind::Number | Kind::Word => {
                let s = self.orig(i);
                let short = if t.kind == Kind::Number {
                    s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit())
                } else {
                    s.len() == 1 && s.as_bytes()[0].is_ascii_alphabetic()
                };
                // "a." only in lower case: "J. Jansen" at the start of a line is an initial.
                short
                    && after(1).is_some_and(|p| {
                        p.kind == Kind::Punct
                            && p.joined
                            && (p.ch == ')' || (p.ch == '.' && !t.cap))
                    })
                    && after(2).is_some()
            }
        }
    }

    /// The normalised form of token `i`.
    pub fn norm(&self, i: usize) -> &str {
        &self.stream[self.toks[i].norm.clone()]
    }

    /// The original text of token `i`.
    pub fn orig(&self, i: usize) -> &str {
        &self.text[self.toks[i].span.clone()]
    }

    fn is_sentence_end(&self, i: usize) -> bool {
        let t = &self.toks[i];
        match t.ch {
            '!' | '?' | '…' => t.kind == Kind::Punct,
            '.' if t.kind == Kind::Punct => {
                // Not after an abbreviation ("bijv.", "o.a.", "d.w.z.") or a single letter.
                if i > 0 && self.toks[i - 1].kind == Kind::Word && t.joined {
                    let w = self.norm(i - 1);
                    if is_in(LIST_END_ABBREVIATIONS, w) {
                        // "... naar de muziekles etc. Vader haalt ...": an abbreviation that
                        // closes a list ends the sentence when a capital follows.
                        return self
                            .toks
                            .get(i + 1)
                            .is_some_and(|n| n.kind == Kind::Word && n.cap);
                    }
                    if w.contains('.')
                        || w.chars().count() == 1
                        || is_in(ABBREVIATIONS, w)
                        || (is_in(CASED_ABBREVIATIONS, w)
                            && !self
                                .orig(i - 1)
                                .chars()
                                .filter(|&c| !is_unread(c))
                                .all(char::is_uppercase))
                    {
                        return false;
                    }
                }
                true
            }
            _ => false,
        }
    }

    /// A coordinated verb phrase starts at word `i` ("en belt", "en hij belt").
    pub fn verb_like(&self, i: usize) -> bool {
        let t = &self.toks[i];
        if t.kind != Kind::Word || (t.cap && !t.sentence_start) {
            return false;
        }
        let w = self.norm(i);
        if is_in(FINITE_VERBS, w) {
            return true;
        }
        w.len() >= 4
            && w.ends_with('t')
            && !is_in(T_NOUNS, w)
            && !w.ends_with("cht")
            && !w.ends_with("ant")
            && !w.ends_with("heid")
            && !w.contains('-')
    }

    fn next_word(&self, i: usize) -> Option<usize> {
        if self.next_words.len() == self.toks.len() {
            return self
                .next_words
                .get(i)
                .filter(|&&j| j != u32::MAX)
                .map(|&j| j as usize);
        }
        // Before the table is made (while list markers are decided).
        (i + 1..self.toks.len()).find(|&j| self.toks[j].is_word())
    }

    /// Sentences, clauses and units.
    fn structure(&mut self, breaks: &[u8]) {
        let n = self.toks.len();
        // Sentences.
        let mut sent_start = 0;
        let mut first_word = true;
        for (i, &brk) in breaks.iter().enumerate().take(n) {
            if brk != 0 && i > sent_start {
                if self.toks[sent_start..i].iter().any(Token::is_word) {
                    self.sentences.push(sent_start..i);
                }
                sent_start = i;
                first_word = true;
            }
            if self.toks[i].is_word() && first_word {
                self.toks[i].sentence_start = true;
                first_word = false;
            }
            if self.is_sentence_end(i) {
                if self.toks[sent_start..i].iter().any(Token::is_word) {
                    self.sentences.push(sent_start..i + 1);
                }
                sent_start = i + 1;
                first_word = true;
            }
        }
        if sent_start < n && self.toks[sent_start..].iter().any(Token::is_word) {
            self.sentences.push(sent_start..n);
        }
        self.unshout();

        // Clauses: mark the tokens that start a new clause.
        let mut new_clause = vec![false; n];
        // The clause starts after a comma (a relative "die"/"dat" there opens a dependent clause).
        let mut comma_start = vec![false; n];
        let mut clause_first: Option<usize> = None; // first word of the current clause
        let mut comma_seen = false;
        for i in 0..n {
            let t = &self.toks[i];
            if breaks[i] != 0 || (t.is_word() && t.sentence_start) {
                new_clause[i] = true;
                clause_first = None;
                comma_seen = false;
            }
            if t.kind == Kind::Punct {
                let hard = matches!(t.ch, ';' | ':' | '•' | '·' | '|') || self.is_sentence_end(i);
                if hard {
                    if i + 1 < n {
                        new_clause[i + 1] = true;
                    }
                    clause_first = None;
                    comma_seen = false;
                } else if t.ch == ',' {
                    let next = self.next_word(i);
                    let conj = next.is_some_and(|j| {
                        is_in(COMMA_CONJUNCTIONS, self.norm(j)) && !self.explains(j)
                    });
                    let after_sub =
                        !comma_seen && clause_first.is_some_and(|f| self.subordinator_at(f));
                    if conj || after_sub || self.main_clause_after(clause_first, i) {
                        if i + 1 < n {
                            new_clause[i + 1] = true;
                            comma_start[i + 1] = true;
                        }
                        clause_first = None;
                        comma_seen = false;
                    } else {
                        comma_seen = true;
                    }
                } else if matches!(t.ch, '–' | '—' | '-') && self.main_clause_after(clause_first, i)
                {
                    // "Vader drinkt geen alcohol – oma is aanwezig."
                    if i + 1 < n {
                        new_clause[i + 1] = true;
                    }
                    clause_first = None;
                    comma_seen = false;
                }
                continue;
            }
            let w = self.norm(i);
            if clause_first.is_none() {
                clause_first = Some(i);
                continue;
            }
            // Inside a clause: a subordinator or a coordinated verb phrase starts a new one.
            let split = if is_in(MID_SUBORDINATORS, w) || (w == "of" && self.indirect_question(i)) {
                true
            } else if w == "als" {
                !(i.saturating_sub(4)..i)
                    .any(|j| self.toks[j].is_word() && is_in(ALS_COMPARATIVE, self.norm(j)))
                    && self
                        .next_word(i)
                        .is_some_and(|j| !matches!(self.norm(j), "volgt" | "mogelijk" | "nodig"))
            } else if matches!(w, "en" | "maar") && !self.toks[i].paren {
                // Not "of": "duwt of knijpt moeder niet" shares one negation.
                self.next_word(i).is_some_and(|j| {
                    let n = self.norm(j);
                    self.verb_like(j)
                        || is_in(SUBJECT_PRONOUNS, n)
                        || matches!(n, "niet" | "geen" | "nooit")
                }) || self.main_clause_after(clause_first, i)
            } else {
                false
            };
            if split {
                new_clause[i] = true;
                clause_first = Some(i);
                comma_seen = false;
            }
        }

        // Assign clause ids, paren depth and units.
        let mut clause: u32 = 0;
        let mut stack: Vec<u32> = Vec::new();
        let mut ignored = 0usize; // brackets opened beyond MAX_NESTING
        let mut started = false;
        for (i, &nc) in new_clause.iter().enumerate() {
            if nc && started {
                clause += 1;
                stack.clear();
                ignored = 0;
            }
            started = true;
            if stack.is_empty() {
                stack.push(self.new_unit(i, false));
            }
            let ch = self.toks[i].ch;
            let punct = self.toks[i].kind == Kind::Punct;
            if punct && matches!(ch, '(' | '[') {
                if stack.len() <= MAX_NESTING {
                    let u = self.new_unit(i, true);
                    stack.push(u);
                } else {
                    ignored += 1;
                }
            }
            let top = *stack.last().unwrap_or(&0);
            self.toks[i].clause = clause;
            self.toks[i].unit = top;
            self.toks[i].paren = stack.len() > 1;
            if let Some(u) = self.units.get_mut(top as usize) {
                u.range.end = i + 1;
            }
            if punct && matches!(ch, ')' | ']') {
                if ignored > 0 {
                    ignored -= 1;
                } else if stack.len() > 1 {
                    stack.pop();
                }
            }
        }
        // Unit flags from their first word.
        for u in 0..self.units.len() {
            let id = u as u32;
            let r = self.units[u].range.clone();
            let first = r
                .clone()
                .find(|&i| self.toks[i].unit == id && self.toks[i].is_word());
            if let Some(f) = first {
                let w = self.norm(f);
                let rel_ok = comma_start[r.start] || comma_start[f];
                let sub = self.subordinator_at(f)
                    && (!is_in(RELATIVES, w) || rel_ok)
                    && !(w == "als" && self.als_comparative(f));
                let purpose = sub && (matches!(w, "zodat" | "opdat" | "om"));
                let coord = is_in(COORDINATORS, w) && !sub;
                let lead = r.clone().find(|&i| {
                    self.toks[i].unit == id
                        && self.toks[i].is_word()
                        && !is_in(COORDINATORS, self.norm(i))
                        && !is_in(SUBORDINATORS, self.norm(i))
                });
                let unit = &mut self.units[u];
                unit.subordinate = sub;
                unit.purpose = purpose;
                unit.coordinated = coord;
                unit.first = Some(f);
                unit.lead = lead;
            }
        }
    }

    /// In a sentence written in capitals ("VADER DRINKT GEEN ALCOHOL EN BELT OMA") a capital
    /// says nothing: its words are neither names nor acronyms, so they read as the same sentence
    /// in lower case. Shouted: at least three all-capital words, and more of them than others.
    fn unshout(&mut self) {
        for s in 0..self.sentences.len() {
            let r = self.sentences[s].clone();
            let (mut caps, mut other) = (0usize, 0usize);
            for t in &self.toks[r.clone()] {
                if t.kind == Kind::Word {
                    if t.acronym {
                        caps += 1;
                    } else {
                        other += 1;
                    }
                }
            }
            if caps >= 3 && caps > other {
                for t in &mut self.toks[r] {
                    if t.acronym {
                        t.cap = false;
                        t.acronym = false;
                    }
                }
            }
        }
    }

    /// After the comma, dash or conjunction at `i` a new main clause starts: the clause so far
    /// (from word `first`) has a finite verb, and a subject with its own finite verb follows
    /// ("..., hij gaat", "... en oma is", "... – de school belt"). An enumeration ("geen
    /// alcohol, drugs of geweld") or a coordinated subject ("vader en moeder zijn") has no verb
    /// right after the noun, or none before the separator.
    fn main_clause_after(&self, first: Option<usize>, i: usize) -> bool {
        let Some(first) = first else {
            return false;
        };
        let Some(j) = self.next_word(i) else {
            return false;
        };
        let mut s = j;
        let w = self.norm(j);
        if is_in(DETERMINERS, w) && !is_in(SUBJECT_PRONOUNS, w) {
            s += 1;
        }
        let (Some(subj), Some(verb)) = (self.toks.get(s), self.toks.get(s + 1)) else {
            return false;
        };
        if subj.kind != Kind::Word || verb.kind != Kind::Word {
            return false;
        }
        let w = self.norm(s);
        let subject = is_in(SUBJECT_PRONOUNS, w)
            || !(is_in(FUNCTION_WORDS, w)
                || is_in(PREPOSITIONS, w)
                || is_in(DETERMINERS, w)
                || matches!(w, "niet" | "geen" | "nooit")
                || self.verb_like(s));
        // A plural verb form needs a plural subject: "voldoende eten" is an adjective and a
        // noun, "de kinderen eten" a clause.
        let plural_ok = !self.norm(s + 1).ends_with("en")
            || is_in(SUBJECT_PRONOUNS, w)
            || w.ends_with('s')
            || w.ends_with("en");
        subject && plural_ok && self.verb_like(s + 1) && (first..i).any(|k| self.verb_like(k))
    }

    /// Word `i` opens a subordinate clause: a subordinating conjunction, or a purpose "om" ("Om
    /// ... te voorkomen, ..."; not the time "om 8.30 uur").
    fn subordinator_at(&self, i: usize) -> bool {
        let w = self.norm(i);
        if w == "of" {
            return self.indirect_question(i);
        }
        if w != "om" {
            return is_in(SUBORDINATORS, w);
        }
        if self
            .next_word(i)
            .is_none_or(|j| self.toks[j].kind == Kind::Number)
        {
            return false;
        }
        let mut words = 0;
        for j in i + 1..self.toks.len() {
            let t = &self.toks[j];
            if t.kind == Kind::Punct {
                if matches!(t.ch, ',' | ';' | ':' | '.' | '!' | '?') {
                    return false;
                }
                continue;
            }
            if self.norm(j) == "te" {
                return true;
            }
            words += 1;
            if words > 10 {
                return false;
            }
        }
        false
    }

    /// "of" at word `i` opens an indirect question after a verb of checking ("kijkt of de waarde
    /// stabiel is"), not a coordination ("getuige of slachtoffer").
    fn indirect_question(&self, i: usize) -> bool {
        let mut words = 0;
        let mut j = i;
        while j > 0 && words < 8 {
            j -= 1;
            let t = &self.toks[j];
            if t.kind == Kind::Punct {
                if matches!(t.ch, ',' | ';' | ':' | '.' | '!' | '?') {
                    return false;
                }
                continue;
            }
            words += 1;
            if is_in(CHECK_VERBS, self.norm(j)) {
                return true;
            }
        }
        false
    }

    /// "dat wil zeggen" starts at word `i`: an explanation, not a new clause.
    fn explains(&self, i: usize) -> bool {
        self.norm(i) == "dat"
            && self.next_word(i).is_some_and(|j| {
                self.norm(j) == "wil" && self.next_word(j).is_some_and(|k| self.norm(k) == "zeggen")
            })
    }

    fn als_comparative(&self, i: usize) -> bool {
        self.next_word(i)
            .is_some_and(|j| matches!(self.norm(j), "volgt" | "mogelijk" | "nodig"))
    }

    fn new_unit(&mut self, i: usize, paren: bool) -> u32 {
        self.units.push(Unit {
            range: i..i + 1,
            paren,
            subordinate: false,
            coordinated: false,
            purpose: false,
            first: None,
            lead: None,
        });
        (self.units.len() - 1) as u32
    }

    /// Word tokens of unit `u`, in order.
    pub fn unit_words(&self, u: usize) -> impl Iterator<Item = usize> + '_ {
        let id = u as u32;
        self.units[u]
            .range
            .clone()
            .filter(move |&i| self.toks[i].unit == id && self.toks[i].is_word())
    }

    /// Token index that contains stream byte `pos` (the nearest one before it).
    pub fn token_at(&self, pos: usize) -> usize {
        self.toks
            .partition_point(|t| t.norm.start <= pos)
            .saturating_sub(1)
    }

    /// Byte span in the text from token `from` to token `to` (inclusive).
    pub fn span(&self, from: usize, to: usize) -> Range<usize> {
        let a = self.toks[from].span.start;
        let b = self.toks[to.max(from)].span.end;
        a..b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(a: &Analysis) -> Vec<String> {
        (0..a.toks.len()).map(|i| a.norm(i).to_string()).collect()
    }

    fn units(a: &Analysis) -> Vec<String> {
        (0..a.units.len())
            .map(|u| {
                a.unit_words(u)
                    .map(|i| a.norm(i))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    proptest::proptest! {
        /// The table of next words gives what a scan over the final token kinds gives, list
        /// markers (which become punctuation) included.
        #[test]
        fn next_word_table_agrees_with_a_scan(
            text in "(1\\)|a\\)|Vader|belt|,|;|\\.|\\(|\\)|\n| |-|en|om){0,40}"
        ) {
            let a = Analysis::new(&text);
            for i in 0..a.toks.len() {
                let scan = (i + 1..a.toks.len()).find(|&j| a.toks[j].is_word());
                proptest::prop_assert_eq!(a.next_word(i), scan, "{:?} at {}", text, i);
            }
        }
    }

    #[test]
    fn tokens_merge_compounds_and_elisions() {
        let a = Analysis::new("Vader belt 's nachts zijn ex-man om 8.30 uur; vóór 7x24 uur.");
        let w = words(&a);
        assert!(w.contains(&"'s".to_string()), "{w:?}");
        assert!(w.contains(&"ex-man".to_string()));
        assert!(w.contains(&"8.30".to_string()));
        assert!(w.contains(&"voor".to_string()));
        assert!(w.contains(&"7x24".to_string()));
        for t in &a.toks {
            assert!(a.text.is_char_boundary(t.span.start) && a.text.is_char_boundary(t.span.end));
        }
    }

    #[test]
    fn a_quote_mark_is_punctuation_and_an_elision_is_part_of_its_word() {
        let a = Analysis::new(
            "Ouders zorgen voor een 'veilige thuissituatie' en ‘voldoende’ `toezicht`.",
        );
        let w = words(&a);
        for x in ["veilige", "thuissituatie", "voldoende", "toezicht"] {
            assert!(w.contains(&x.to_string()), "{x}: {w:?}");
        }
        let quotes = a
            .toks
            .iter()
            .filter(|t| t.kind == Kind::Punct && matches!(t.ch, '\'' | '‘' | '’' | '`'))
            .count();
        assert_eq!(quotes, 6, "{w:?}");
        let a = Analysis::new(
            "Vader belt 's nachts en ’s morgens naar 's-Hertogenbosch, 't huis, zomer '24.",
        );
        let w = words(&a);
        for x in ["'s", "'s-hertogenbosch", "'t", "'24"] {
            assert!(w.contains(&x.to_string()), "{x}: {w:?}");
        }
        assert!(!w.contains(&"'".to_string()), "{w:?}");
        // The first word inside a quote starts the sentence.
        let a = Analysis::new("'Vader slaat de kinderen niet.'");
        assert!(a.toks[1].sentence_start && a.orig(1) == "Vader");
    }

    #[test]
    fn a_time_with_a_colon_is_one_word_and_no_clause_break() {
        // UAX #29 splits "8:15" into "8", ":", "15"; a time is one word, as "8.15" is.
        let a = Analysis::new("Moeder brengt Sanne om 8:15 uur en haalt haar om 14:30 uur op.");
        let w = words(&a);
        assert!(w.contains(&"8:15".to_string()), "{w:?}");
        assert!(w.contains(&"14:30".to_string()), "{w:?}");
        assert!(!w.contains(&":".to_string()), "{w:?}");
        // Only "en haalt ..." starts a new clause, not the colons.
        assert_eq!(units(&a).len(), 2, "{:?}", units(&a));
        // Non-ASCII text takes the general segmenter: same result.
        let a = Analysis::new("Vóór 7:45 uur is oma er.");
        assert!(words(&a).contains(&"7:45".to_string()));
        // A colon after a number that introduces text stays punctuation and a clause break.
        let a = Analysis::new("Afspraak 2: vader belt oma.");
        assert!(words(&a).contains(&":".to_string()));
        assert_eq!(units(&a).len(), 2);
        let a = Analysis::new("Om 8: moeder belt.");
        assert!(words(&a).contains(&":".to_string()));
    }

    #[test]
    fn clauses_and_units() {
        let a = Analysis::new(
            "Vader is nuchter (drinkt geen alcohol) wanneer hij alleen voor de kinderen zorgt; op die momenten is oma aanwezig.",
        );
        let u = units(&a);
        assert_eq!(
            u,
            [
                "vader is nuchter",
                "drinkt geen alcohol",
                "wanneer hij alleen voor de kinderen zorgt",
                "op die momenten is oma aanwezig"
            ]
        );
        assert!(a.units[2].subordinate);
        assert!(a.units[1].paren);
        let a = Analysis::new("Als vader boos wordt, verlaat hij de woning en belt hij oom Ahmed.");
        assert_eq!(
            units(&a),
            [
                "als vader boos wordt",
                "verlaat hij de woning",
                "en belt hij oom ahmed"
            ]
        );
        assert!(a.units[0].subordinate && !a.units[1].subordinate && a.units[2].coordinated);
        let a = Analysis::new(
            "Niet alleen vader maar ook oma haalt de kinderen op, zo snel als het kan.",
        );
        assert_eq!(units(&a).len(), 1);
    }

    #[test]
    fn a_new_main_clause_after_a_comma_dash_or_en_is_a_clause() {
        for t in [
            "Vader drinkt geen alcohol, oma is dan aanwezig.",
            "Vader slaat de kinderen niet, hij gaat naar buiten.",
            "Vader drinkt geen alcohol – oma is aanwezig.",
            "Vader drinkt geen alcohol en oma is aanwezig.",
            "Vader drinkt geen alcohol, de school belt elke dag.",
        ] {
            assert_units(t, 2);
        }
        // Enumerations and coordinated subjects stay one clause.
        for t in [
            "Vader drinkt geen alcohol, drugs of sterke drank.",
            "Vader en moeder zijn aanwezig.",
            "Vader, moeder en oma zijn aanwezig.",
            "Moeder belt de school, het wijkteam en de huisarts.",
            "Vader is rustig, vriendelijk en geduldig.",
        ] {
            assert_units(t, 1);
        }
    }

    /// `t` falls into `n` units.
    fn assert_units(t: &str, n: usize) {
        let u = units(&Analysis::new(t));
        assert_eq!(u.len(), n, "{t}: {u:?}");
    }

    #[test]
    fn sentences_skip_abbreviations() {
        let a = Analysis::new(
            "Moeder belt o.a. de huisarts, bijv. bij koorts. Vader kookt.\nOma past op",
        );
        assert_eq!(a.sentences.len(), 3);
    }

    #[test]
    fn a_missing_space_after_a_full_stop_or_colon_still_separates_words() {
        // (text, words, sentences): read as with the space.
        for (t, w, n) in [
            (
                "Vader zorgt voldoende.Moeder belt oma.",
                &["Vader", "zorgt", "voldoende", "Moeder", "belt", "oma"][..],
                2,
            ),
            ("Afspraak:vader belt", &["Afspraak", "vader", "belt"], 1),
            ("Afspraak:Vader belt", &["Afspraak", "Vader", "belt"], 1),
            ("Café.Één keer", &["Café", "Één", "keer"], 2),
            ("ex-partner.Vader belt", &["ex-partner", "Vader", "belt"], 2),
            ("Sanne.Vader", &["Sanne", "Vader"], 2),
            // An abbreviation of the list before a name: no sentence end, as with the space.
            (
                "Volgens gebr.Jansen eet Sanne",
                &["Volgens", "gebr", "Jansen", "eet", "Sanne"],
                1,
            ),
            (
                "Volgens Prof.Jansen en coörd.Smit eet Sanne",
                &[
                    "Volgens", "Prof", "Jansen", "en", "coörd", "Smit", "eet", "Sanne",
                ],
                1,
            ),
            // A word spelled like an abbreviation ends its sentence ("het MW.", with the space).
            (
                "Moeder belt het MW. Vader kookt",
                &["Moeder", "belt", "het", "MW", "Vader", "kookt"],
                2,
            ),
        ] {
            let a = Analysis::new(t);
            let got: Vec<&str> = (0..a.toks.len())
                .filter(|&i| a.toks[i].is_word())
                .map(|i| a.orig(i))
                .collect();
            assert_eq!(got, w, "{t}");
            assert_eq!(a.sentences.len(), n, "{t}");
        }
        // Where a capital after a dot is no missing space, the segment stays whole: abbreviations
        // and initials in capitals, several dots, acronyms, addresses, numbers and times.
        for t in [
            "Z.S.M",
            "D.W.Z",
            "E.D",
            "O.I.D",
            "O.M",
            "B.V",
            "A.B",
            "J.Jansen",
            "GGZ.Vader",
            "d.w.z.Vader",
            "o.a.Vader",
            "bijv.een",
            "www.Voedingscentrum.nl",
            "Jan.NL",
            "a.Vader",
            "VOLDOENDE.MOEDER",
            "10.00",
            "8:15",
            "mw.Jansen",
            "Th.Jansen",
            "Chr.Jansen",
            "afd.Noord",
            "oma.Vader",
            "Thuisarts.Nl",
            "Zorg.Com",
        ] {
            let a = Analysis::new(t);
            assert_eq!(a.toks.len(), 1, "{t}");
            assert_eq!(a.orig(0), t);
        }
        for (t, whole) in [
            ("mail Piet.Jansen@wijkteam.nl", "Piet.Jansen"),
            ("info@Veiligthuis.Nl", "Veiligthuis.Nl"),
            ("https://www.Vt.nl/Hulp", "www.Vt.nl"),
            ("mailto:vader@x.nl", "mailto:vader"),
            ("zie /Map.Bestand", "Map.Bestand"),
        ] {
            let a = Analysis::new(t);
            assert!((0..a.toks.len()).any(|i| a.orig(i) == whole), "{t}");
        }
        // Byte spans are those of the original text.
        let a = Analysis::new("zorgt voldoende.Moeder");
        let spans: Vec<_> = a.toks.iter().map(|t| t.span.clone()).collect();
        assert_eq!(spans, [0..5, 6..15, 15..16, 16..22]);
    }

    #[test]
    fn a_text_reads_as_it_looks_whatever_invisible_characters_it_holds() {
        // (pasted, seen): a zero-width space is a break hint in a long compound, direction marks
        // come from mail clients, VS16 follows a symbol; none is seen, and the text has the
        // words, sentences and clauses of the text the reader sees.
        for (pasted, seen) in [
            ("ver\u{200b}boden", "verboden"),
            ("vol\u{200b}\u{200b}doende", "voldoende"),
            ("vol\u{200e}doende eten", "voldoende eten"),
            ("voldoende\u{200f} eten", "voldoende eten"),
            ("voldoende\u{fe0f} eten", "voldoende eten"),
            ("\u{202a}mag niet\u{202c}", "mag niet"),
            ("\u{200b}mag \u{200b}niet\u{200b}", "mag niet"),
            ("mag\u{200b} niet", "mag niet"),
            // Next to the punctuation of a time, a compound, a run-on full stop, an
            // abbreviation (rev69 D3).
            (
                "om 8\u{200b}.30 uur gaat hij. Dan",
                "om 8.30 uur gaat hij. Dan",
            ),
            ("om 8.\u{2060}\u{200b}30 uur", "om 8.30 uur"),
            ("om 8:\u{200c}15 uur", "om 8:15 uur"),
            ("psycho\u{200b}-educatie", "psycho-educatie"),
            ("psycho-\u{ad}educatie", "psycho-educatie"),
            ("voldoende.\u{200e}Moeder belt", "voldoende.Moeder belt"),
            ("voldoende\u{200e}.Moeder belt", "voldoende.Moeder belt"),
            ("belt o.a\u{200b}. de huisarts", "belt o.a. de huisarts"),
            ("\u{200b}'s nachts", "'s nachts"),
            (
                "Vader mag\r\u{200e}\nniet drinken",
                "Vader mag\r\nniet drinken",
            ),
            // Unseen, so no space either: the words run together, as the reader sees them.
            ("mag\u{200b}niet", "magniet"),
            ("mag\u{ad}niet", "magniet"),
            ("oma.\u{200b}Vader", "oma.Vader"),
            // A zero-width joiner joins emoji, not a word to one (rev70 R2).
            ("verboden\u{200b}\u{200d}🚭.", "verboden🚭."),
            ("mag niet\u{200d}.", "mag niet."),
        ] {
            let (a, b) = (Analysis::new(pasted), Analysis::new(seen));
            let words = |a: &Analysis<'_>| -> Vec<String> {
                (0..a.toks.len()).map(|i| a.norm(i).to_string()).collect()
            };
            assert_eq!(words(&a), words(&b), "{pasted:?}");
            assert_eq!(a.sentences.len(), b.sentences.len(), "{pasted:?}");
            assert_eq!(units(&a).len(), units(&b).len(), "{pasted:?}");
        }
        // A word's span runs over the invisible characters inside it, not over those around it.
        let a = Analysis::new("is ver\u{200b}boden\u{200e}.");
        assert_eq!(a.orig(1), "ver\u{200b}boden");
        assert_eq!(a.toks[2].span, 17..18);
        // The zero-width joiner of an emoji sequence stays: one token, as UAX #29 has it; after
        // a variation selector too, which goes.
        assert_eq!(Analysis::new("👨\u{200d}👩").toks.len(), 1);
        assert_eq!(Analysis::new("❤\u{fe0f}\u{200d}🔥").toks.len(), 1);
        // A combining mark is seen on its letter, also at the end of a word (rev70 R1: the
        // decomposed "Zoë" of macOS and PDF text).
        let a = Analysis::new("bij Zoe\u{308}\u{200b}.");
        assert_eq!(a.orig(1), "Zoe\u{308}");
        // Text of only invisible characters and spaces has no tokens.
        for t in [
            "\u{200b}",
            "\u{ad}\u{200b} \u{200e}\n\u{feff}",
            "\u{e0001}\u{e0041}",
        ] {
            assert!(Analysis::new(t).is_empty(), "{t:?}");
        }
    }

    #[test]
    fn cr_lf_is_one_line_break_also_with_an_invisible_character_between() {
        // (text, sentences): a soft wrap stays one sentence, a blank line breaks.
        for (t, n) in [
            ("Vader mag\r\nniet drinken", 1),
            ("Vader mag\r\u{ad}\nniet drinken", 1),
            ("Vader mag\r\u{feff}\nniet drinken", 1),
            ("Vader mag\r\u{200b}\nniet drinken", 1),
            ("Vader mag\r\u{200e}\u{fe0f}\nniet drinken", 1),
            ("Vader mag\rniet drinken", 1),
            ("Vader mag\r\n\r\nniet drinken", 2),
            ("Vader mag\r\u{ad}\n\u{ad}\r\nniet drinken", 2),
            ("Vader mag\n\rniet drinken", 2),
            ("Vader mag\r \nniet drinken", 2),
        ] {
            assert_eq!(Analysis::new(t).sentences.len(), n, "{t:?}");
        }
    }

    #[test]
    fn a_soft_wrapped_sentence_is_one_sentence_and_list_items_are_not() {
        // One sentence over two lines: the next line starts in lower case or with a number.
        for t in [
            "De kinderen zijn geen\ngetuige of slachtoffer van geweld.",
            "Moeder haalt Sanne om\n8.30 uur op.",
            "Vader belt bij ruzie met\nVeilig Thuis.",
            "Moeder belt o.a.\nde huisarts.",
            "Moeder brengt Sanne,\nDaan en Lisa naar school.",
        ] {
            let a = Analysis::new(t);
            assert_eq!(a.sentences.len(), 1, "{t}");
            assert_eq!(units(&a).len(), 1, "{t}: {:?}", units(&a));
        }
        // New lines that start a new sentence: after closing punctuation, a capital after a line
        // without it (a list without full stops), list markers and a blank line.
        for t in [
            "Vader belt oma.\nmoeder kookt.",
            "Afspraken:\nvader belt oma",
            "Moeder brengt Sanne naar school\nVader haalt haar op",
            "- vader belt oma\n- moeder kookt",
            "1) vader belt oma\n2) moeder kookt",
            "a) vader belt oma\nb) moeder kookt",
            "vader belt oma\n\nmoeder kookt",
        ] {
            assert_eq!(Analysis::new(t).sentences.len(), 2, "{t}");
        }
    }

    #[test]
    fn a_list_marker_is_punctuation_and_the_next_word_starts_the_sentence() {
        for t in [
            "1) Oma komt.",
            "2. Oma komt.",
            "a) Oma komt.",
            "- Oma komt.",
            "Vader belt.\n12) Oma komt.",
        ] {
            let a = Analysis::new(t);
            let oma = (0..a.toks.len()).find(|&i| a.orig(i) == "Oma").unwrap();
            assert!(a.toks[oma].sentence_start, "{t}");
            assert!(a.toks[..oma].iter().all(|t| t.kind != Kind::Number), "{t}");
        }
        // Not a marker: inside a line, a number that counts, an initial.
        let a = Analysis::new("Vader belt om 8) uur.");
        assert!(a.toks.iter().any(|t| t.kind == Kind::Number));
        let a = Analysis::new("3 kinderen gaan naar school.");
        assert_eq!(a.toks[0].kind, Kind::Number);
        let a = Analysis::new("J. Jansen belt.");
        assert_eq!(a.toks[0].kind, Kind::Word);
    }

    #[test]
    fn capitals_of_a_shouted_sentence_are_no_names() {
        let a = Analysis::new("VADER DRINKT GEEN ALCOHOL EN BELT OMA ALS HIJ BOOS WORDT.");
        assert_eq!(units(&a).len(), 3, "{:?}", units(&a));
        assert!(a.toks.iter().all(|t| !t.acronym));
        // Acronyms in a normal sentence stay acronyms; only the shouted sentence loses them.
        let a = Analysis::new("Moeder belt de GGZ. VADER BELT OMA ALS HIJ BOOS WORDT.");
        assert!(a.toks[3].acronym && a.toks[3].cap, "{:?}", a.toks[3]);
        assert!(a.toks[5..].iter().all(|t| !t.cap));
    }

    #[test]
    fn a_list_closing_abbreviation_before_a_capital_ends_the_sentence() {
        for t in [
            "Moeder brengt de kinderen naar school, naar de sport, naar de muziekles etc. Vader haalt ze op.",
            "Oma neemt brood, melk, fruit enz. Mee naar huis gaat Daan met vader.",
            "Vader zorgt voor luiers, flesjes e.d. Moeder kookt.",
            "Moeder belt de school, de huisarts o.i.d. Vader belt oma.",
        ] {
            assert_eq!(Analysis::new(t).sentences.len(), 2, "{t}");
        }
        for t in [
            // Lower case after the list: the sentence goes on.
            "Oma neemt brood, melk enz. mee naar huis.",
            // Other abbreviations and initials stay inside the sentence.
            "Moeder belt bijv. Oma Truus.",
            "Vader belt dhr. Jansen en mevr. De Vries.",
            "Vader belt mw. Jansen en Mw. De Vries.",
            "Moeder belt J. Jansen van het wijkteam.",
        ] {
            assert_eq!(Analysis::new(t).sentences.len(), 1, "{t}");
        }
        // In capitals "MW" is the maatschappelijk werk, a noun that ends a sentence, with or
        // without a character no one sees in it.
        for t in [
            "Moeder gaat elke week naar het MW. Vader brengt Sanne naar school.",
            "Moeder gaat elke week naar het M\u{200b}W. Vader brengt Sanne naar school.",
        ] {
            assert_eq!(Analysis::new(t).sentences.len(), 2, "{t}");
        }
    }
}
