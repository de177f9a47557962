//! Dutch text analysis for veiligheidsvoorwaarden: short care-language sentences.
//!
//! Three analysers, each configured by a lexicon block in the rule files so that a quality
//! officer tunes words, not code:
//! * [`Concreet`] (VT-V04): vague, untestable wording — evaluative words without a criterion,
//!   effort instead of result, inner states, help as the goal, unquantified frequency, abstract
//!   goals, unclear actors.
//! * [`Positief`] (VT-V05): a voorwaarde that only forbids (prohibition, cessation, negated actor
//!   behaviour) without an observable positive alternative, and double negation; a negated harm
//!   outcome of the protected person is allowed.
//! * [`Begrijpelijk`] (VT-V06): jargon, sentences over the word limit, Flesch-Douma reading ease.
//!
//! Findings ([`TextHit`]) carry byte spans into the analysed text so a report can point at the
//! words. Every analyser builds its automatons once in `new`; `check` tokenises the text once
//! (UAX #29 word boundaries) and scans it once per automaton. The engine joins the lexicons of
//! all text rules in one automaton (`Scanner`), so a voorwaarde is scanned once for all of
//! them. No input makes them panic.

mod ascii_words;
mod begrijpelijk;
mod concreet;
mod lexicon;
mod positief;
mod syllables;
mod token;

#[cfg(test)]
mod tests;

use serde::Deserialize;

/// The shape of a Dutch past participle, shared by the analysers: at least six letters ending in
/// d, t or en, with `ge` near the start ("gehaald", "opgesloten") or, ending in d or t, one of the
/// unstressed `prefixes` that take no `ge` ("verzorgd", "bedreigd").
fn participle_shape(w: &str, prefixes: &[&str]) -> bool {
    if w.chars().count() < 6 || !(w.ends_with('d') || w.ends_with('t') || w.ends_with("en")) {
        return false;
    }
    if w.find("ge").is_some_and(|k| k <= 6 && k + 3 < w.len()) {
        return true;
    }
    (w.ends_with('d') || w.ends_with('t')) && prefixes.iter().any(|p| w.starts_with(p))
}

pub use begrijpelijk::{Begrijpelijk, BegrijpelijkConfig, BegrijpelijkMeldingen};
pub use concreet::{Concreet, ConcreetCategorie, ConcreetConfig, PassiefConfig};
pub use positief::{Positief, PositiefConfig, PositiefMeldingen};
pub use syllables::{flesch_douma, syllables};
pub use token::Analysis;

pub use lexicon::{LexError, Step};
pub(crate) use lexicon::{PhraseSet, Scanner};

/// One finding inside a text. `span` is a byte range into the analysed text (valid char
/// boundaries).
#[derive(Debug, Clone, PartialEq)]
pub struct TextHit {
    /// Stable key, e.g. `evaluatief`.
    pub category: String,
    /// Dutch label, e.g. "evaluatief woord zonder criterium".
    pub label: String,
    /// The words the finding is about, from the start of its first token to the end of its
    /// last (`lange_zin`: the sentence's first to last word; `leesbaarheid`: the whole text's).
    pub span: std::ops::Range<usize>,
    /// Dutch rewrite hint.
    pub hint: String,
    /// Extra figures ("31 woorden", "Flesch-Douma 41"); never input text.
    pub detail: Option<String>,
}

/// The label and rewrite hint of one kind of finding.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Melding {
    /// Dutch name of the problem, shown with the finding (`label`); must not be blank.
    pub label: String,
    /// Dutch advice on how to rewrite the voorwaarde (`hint`); must not be blank.
    pub hint: String,
}

impl Melding {
    /// `what` names the melding in messages, which point at its `label` or `hint` under `at`.
    fn validate(&self, what: &str, at: &[Step]) -> Result<(), LexError> {
        if self.label.trim().is_empty() {
            return Err(
                LexError::at(&[Step::Key("label")], format!("{what}: label is leeg")).under(at),
            );
        }
        if self.hint.trim().is_empty() {
            return Err(
                LexError::at(&[Step::Key("hint")], format!("{what}: hint is leeg")).under(at),
            );
        }
        Ok(())
    }
}

/// Default most tokens between the parts of a `...` phrase, in lexicons and `frase` tests.
pub const DEFAULT_MAX_TUSSENWOORDEN: usize = 6;

fn default_gap() -> usize {
    DEFAULT_MAX_TUSSENWOORDEN
}

/// Largest gap a quality officer may configure for `...` (keeps matching linear).
const MAX_GAP: usize = 20;

fn check_gap(gap: usize) -> Result<(), LexError> {
    if gap > MAX_GAP {
        return Err(LexError::at(
            &[Step::Key("max_tussenwoorden")],
            format!("max_tussenwoorden is {gap}; het maximum is {MAX_GAP}"),
        ));
    }
    Ok(())
}

/// A list of phrases in the lexicon syntax (`mag/mogen ... niet`, `verbod op`), for the `frase`
/// field test of the rule language: does a text contain any of them?
///
/// Matching is the same as in the text rules' lexicons: on the normalised token stream (no case,
/// no diacritics), `a/b` alternatives, `*` wildcards, `...` gaps of at most `max_tussenwoorden`
/// tokens within one clause.
///
/// ```
/// use vtcheck::text::PhraseList;
/// let verbod = PhraseList::new(&["mag/mogen ... niet".to_string()], 6).unwrap();
/// assert!(verbod.matches("Moeder mag de kinderen niet slaan."));
/// assert!(!verbod.matches("Moeder brengt de kinderen naar school."));
/// ```
#[derive(Debug, Clone)]
pub struct PhraseList {
    phrases: Vec<String>,
    gap: usize,
    set: lexicon::PhraseSet,
}

impl PhraseList {
    /// Compiles `phrases`; an error (in Dutch) names the phrase that is not valid.
    pub fn new(phrases: &[String], max_tussenwoorden: usize) -> Result<PhraseList, String> {
        check_gap(max_tussenwoorden).map_err(|e| e.message)?;
        let mut b = lexicon::Builder::new(max_tussenwoorden);
        b.add_all(0, phrases, "frase", &[]).map_err(|e| e.message)?;
        Ok(PhraseList {
            phrases: phrases.to_vec(),
            gap: max_tussenwoorden,
            set: b.build()?,
        })
    }

    /// Whether `text` contains one of the phrases.
    pub fn matches(&self, text: &str) -> bool {
        self.matches_analysis(&Analysis::new(text))
    }

    /// As [`PhraseList::matches`], on a text already analysed.
    pub fn matches_analysis(&self, a: &Analysis<'_>) -> bool {
        let mut out = Vec::new();
        self.set.find(a, &mut out);
        !out.is_empty()
    }
}

/// Two lists are equal when they were written the same (the compiled automaton follows).
impl PartialEq for PhraseList {
    fn eq(&self, other: &Self) -> bool {
        self.phrases == other.phrases && self.gap == other.gap
    }
}

#[cfg(test)]
fn assert_send_sync<T: Send + Sync>() {}

#[cfg(test)]
#[test]
fn analysers_are_send_sync() {
    assert_send_sync::<Concreet>();
    assert_send_sync::<Positief>();
    assert_send_sync::<Begrijpelijk>();
    assert_send_sync::<PhraseList>();
}

#[cfg(test)]
#[test]
fn phrase_list_gaps_alternatives_and_errors() {
    let l = |p: &[&str]| PhraseList::new(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>(), 2);
    let verbod = l(&["mag/mogen ... niet", "verbod op"]).unwrap();
    assert!(verbod.matches("Ouders mogen elkaar niet bellen."));
    assert!(verbod.matches("Er geldt een VERBOD OP contact."));
    // More than two tokens between the parts: no match.
    assert!(!verbod.matches("Moeder mag met de kinderen naar oma, niet naar vader."));
    assert!(!verbod.matches(""));
    assert!(l(&["mag ... "]).is_err());
    assert!(PhraseList::new(&["mag ... niet".into()], 99).is_err());
}
