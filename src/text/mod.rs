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
//! (UAX #29 word boundaries) and scans it once per automaton. No input makes them panic.

mod begrijpelijk;
mod concreet;
mod lexicon;
mod positief;
mod syllables;
mod token;

#[cfg(test)]
mod tests;

use serde::Deserialize;

pub use begrijpelijk::{Begrijpelijk, BegrijpelijkConfig, BegrijpelijkMeldingen};
pub use concreet::{Concreet, ConcreetCategorie, ConcreetConfig, PassiefConfig};
pub use positief::{Positief, PositiefConfig, PositiefMeldingen};
pub use syllables::{flesch_douma, syllables};
pub use token::Analysis;

/// One finding inside a text. `span` is a byte range into the analysed text (valid char
/// boundaries).
#[derive(Debug, Clone, PartialEq)]
pub struct TextHit {
    /// Stable key, e.g. `evaluatief`.
    pub category: String,
    /// Dutch label, e.g. "evaluatief woord zonder criterium".
    pub label: String,
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
    pub label: String,
    pub hint: String,
}

impl Melding {
    fn validate(&self, what: &str) -> Result<(), String> {
        if self.label.trim().is_empty() {
            return Err(format!("{what}: label is leeg"));
        }
        if self.hint.trim().is_empty() {
            return Err(format!("{what}: hint is leeg"));
        }
        Ok(())
    }
}

fn default_gap() -> usize {
    6
}

/// Largest gap a quality officer may configure for `...` (keeps matching linear).
const MAX_GAP: usize = 20;

fn check_gap(gap: usize) -> Result<(), String> {
    if gap > MAX_GAP {
        return Err(format!(
            "max_tussenwoorden is {gap}; het maximum is {MAX_GAP}"
        ));
    }
    Ok(())
}

#[cfg(test)]
fn assert_send_sync<T: Send + Sync>() {}

#[cfg(test)]
#[test]
fn analysers_are_send_sync() {
    assert_send_sync::<Concreet>();
    assert_send_sync::<Positief>();
    assert_send_sync::<Begrijpelijk>();
}
