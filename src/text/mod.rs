//! Dutch text analysis for veiligheidsvoorwaarden: short care-language sentences.
//!
//! Three analyses, each configured by a lexicon block in the rule files so that a quality officer
//! tunes words, not code: [`Concreet`] (VT-V04: vague, untestable wording), [`Positief`] (VT-V05:
//! prohibition-only phrasing and double negation) and [`Begrijpelijk`] (VT-V06: jargon, long
//! sentences, Flesch-Douma reading ease). Findings carry byte spans into the analysed text, so a
//! report can point at the words.

mod token;

use serde::Deserialize;

pub use token::{Token, clauses, sentences, syllables, tokenize};

/// One finding inside a text. `span` is a byte range into the analysed text.
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

/// A lexicon category: phrases that signal one kind of problem.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Categorie {
    pub sleutel: String,
    pub label: String,
    pub hint: String,
    /// Phrases, lower case; a `*` at the end of a word matches any ending ("voldoend*").
    pub woorden: Vec<String>,
    /// When true, a criterion close after the phrase (a number, "volgens", a time) cancels it.
    #[serde(default)]
    pub criterium_heft_op: bool,
}

/// VT-V04: vague, untestable wording.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcreetConfig {
    pub categorieen: Vec<Categorie>,
    /// Words that introduce a criterion ("volgens", "zoals", "minstens").
    #[serde(default)]
    pub criteria: Vec<String>,
    /// How many words after the phrase a criterion may follow.
    #[serde(default = "default_window")]
    pub criterium_venster: usize,
}

fn default_window() -> usize {
    6
}

/// VT-V05: positively phrased.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositiefConfig {
    pub ontkenningen: Vec<String>,
    /// Prohibition and cessation phrases ("mag niet", "stopt met", "niet meer").
    pub verboden: Vec<String>,
    /// Words naming the protected person (kind, kinderen, baby, slachtoffer).
    pub beschermden: Vec<String>,
    /// Harm nouns: a negated harm outcome of the protected person is allowed.
    pub schade: Vec<String>,
    /// Words that make a double negation with a negator ("onvoldoende", "geen sprake van").
    pub dubbel: Vec<String>,
    pub hint_verbod: String,
    pub hint_dubbel: String,
}

/// VT-V06: understandable language.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BegrijpelijkConfig {
    pub jargon: Vec<String>,
    pub max_woorden: usize,
    pub hint_jargon: String,
    pub hint_lang: String,
}

/// A compiled phrase: words, each possibly a prefix (`voldoend*`).
#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<(String, bool)>,
}

impl Phrase {
    fn parse(s: &str) -> Result<Phrase, String> {
        let words: Vec<(String, bool)> = s
            .split_whitespace()
            .map(|w| {
                let w = w.to_lowercase();
                match w.strip_suffix('*') {
                    Some(p) => (p.to_string(), true),
                    None => (w, false),
                }
            })
            .collect();
        if words.is_empty() || words.iter().any(|(w, _)| w.is_empty()) {
            return Err(format!("lege of ongeldige frase '{s}'"));
        }
        Ok(Phrase { words })
    }

    /// Matches at token `i`; returns the index after the match.
    fn match_at(&self, toks: &[Token], i: usize) -> Option<usize> {
        let mut j = i;
        for (w, prefix) in &self.words {
            let t = toks.get(j)?;
            let ok = if *prefix {
                t.lower.starts_with(w.as_str())
            } else {
                t.lower == *w
            };
            if !ok {
                return None;
            }
            j += 1;
        }
        Some(j)
    }
}

fn phrases(list: &[String]) -> Result<Vec<Phrase>, String> {
    list.iter().map(|s| Phrase::parse(s)).collect()
}

/// All matches of any phrase in the tokens, as (start token, end token).
fn find_all(ps: &[Phrase], toks: &[Token]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..toks.len() {
        if let Some(end) = ps.iter().filter_map(|p| p.match_at(toks, i)).max() {
            out.push((i, end));
        }
    }
    out
}

fn span(toks: &[Token], from: usize, to: usize) -> std::ops::Range<usize> {
    toks[from].span.start..toks[to.max(from + 1) - 1].span.end
}

/// VT-V04 analyser.
#[derive(Debug, Clone)]
pub struct Concreet {
    cats: Vec<(Categorie, Vec<Phrase>)>,
    criteria: Vec<Phrase>,
    window: usize,
}

impl Concreet {
    pub fn new(cfg: &ConcreetConfig) -> Result<Self, String> {
        let mut cats = Vec::new();
        for c in &cfg.categorieen {
            cats.push((c.clone(), phrases(&c.woorden)?));
        }
        Ok(Concreet {
            cats,
            criteria: phrases(&cfg.criteria)?,
            window: cfg.criterium_venster,
        })
    }

    pub fn check(&self, text: &str) -> Vec<TextHit> {
        let toks = tokenize(text);
        let mut hits = Vec::new();
        for (cat, ps) in &self.cats {
            for (from, to) in find_all(ps, &toks) {
                if cat.criterium_heft_op && self.criterion_follows(&toks, to) {
                    continue;
                }
                hits.push(TextHit {
                    category: cat.sleutel.clone(),
                    label: cat.label.clone(),
                    span: span(&toks, from, to),
                    hint: cat.hint.clone(),
                    detail: None,
                });
            }
        }
        hits.sort_by_key(|h| (h.span.start, h.span.end));
        hits.dedup_by_key(|h| h.span.clone());
        hits
    }

    /// A criterion makes an evaluative word testable: a number or a criterion word soon after,
    /// within the same clause.
    fn criterion_follows(&self, toks: &[Token], at: usize) -> bool {
        let end = (at + self.window).min(toks.len());
        for i in at..end {
            if toks[i].clause_break_before && i > at {
                break;
            }
            if toks[i].is_number() || self.criteria.iter().any(|p| p.match_at(toks, i).is_some()) {
                return true;
            }
        }
        false
    }
}

/// VT-V05 analyser.
#[derive(Debug, Clone)]
pub struct Positief {
    negators: Vec<Phrase>,
    prohibitions: Vec<Phrase>,
    protected: Vec<Phrase>,
    harm: Vec<Phrase>,
    double: Vec<Phrase>,
    hint_prohibition: String,
    hint_double: String,
}

impl Positief {
    pub fn new(cfg: &PositiefConfig) -> Result<Self, String> {
        Ok(Positief {
            negators: phrases(&cfg.ontkenningen)?,
            prohibitions: phrases(&cfg.verboden)?,
            protected: phrases(&cfg.beschermden)?,
            harm: phrases(&cfg.schade)?,
            double: phrases(&cfg.dubbel)?,
            hint_prohibition: cfg.hint_verbod.clone(),
            hint_double: cfg.hint_dubbel.clone(),
        })
    }

    pub fn check(&self, text: &str) -> Vec<TextHit> {
        let toks = tokenize(text);
        let parts = clauses(&toks);
        // A clause is negative when it holds a negator or a prohibition/cessation phrase
        // ("stopt met" has no negator but forbids all the same).
        let negated: Vec<bool> = parts
            .iter()
            .map(|c| {
                let cl = &toks[c.clone()];
                !find_all(&self.negators, cl).is_empty()
                    || !find_all(&self.prohibitions, cl).is_empty()
            })
            .collect();
        // A positive alternative: another clause of the voorwaarde with a verb-bearing length and
        // no negation ("...; als hij boos wordt, verlaat hij de woning").
        let has_positive = parts.iter().zip(&negated).any(|(c, n)| !n && c.len() >= 3);
        let mut hits = Vec::new();
        for (c, is_neg) in parts.iter().zip(&negated) {
            if !is_neg {
                continue;
            }
            let cl = &toks[c.clone()];
            let negs = find_all(&self.negators, cl);
            let dbl = find_all(&self.double, cl);
            if let (Some(n), Some(d)) = (negs.first(), dbl.first()) {
                hits.push(TextHit {
                    category: "dubbele_ontkenning".into(),
                    label: "dubbele ontkenning".into(),
                    span: span(cl, n.0.min(d.0), n.1.max(d.1)),
                    hint: self.hint_double.clone(),
                    detail: None,
                });
                continue;
            }
            let prohibition = find_all(&self.prohibitions, cl);
            let Some(p) = prohibition.first().or(negs.first()) else {
                continue;
            };
            // A negated harm outcome of the protected person is the protocol's own example.
            let subject_protected = cl
                .iter()
                .take(4)
                .enumerate()
                .any(|(i, _)| self.protected.iter().any(|ph| ph.match_at(cl, i).is_some()));
            let harm = !find_all(&self.harm, cl).is_empty();
            if subject_protected && harm {
                continue;
            }
            if prohibition.is_empty() && has_positive {
                continue;
            }
            if !prohibition.is_empty() && has_positive {
                continue;
            }
            hits.push(TextHit {
                category: "alleen_verbod".into(),
                label: "alleen een verbod, geen gewenst gedrag".into(),
                span: span(cl, p.0, p.1),
                hint: self.hint_prohibition.clone(),
                detail: None,
            });
        }
        hits
    }
}

/// VT-V06 analyser.
#[derive(Debug, Clone)]
pub struct Begrijpelijk {
    jargon: Vec<Phrase>,
    max_words: usize,
    hint_jargon: String,
    hint_long: String,
}

impl Begrijpelijk {
    pub fn new(cfg: &BegrijpelijkConfig) -> Result<Self, String> {
        if cfg.max_woorden == 0 {
            return Err("max_woorden moet groter dan 0 zijn".into());
        }
        Ok(Begrijpelijk {
            jargon: phrases(&cfg.jargon)?,
            max_words: cfg.max_woorden,
            hint_jargon: cfg.hint_jargon.clone(),
            hint_long: cfg.hint_lang.clone(),
        })
    }

    pub fn check(&self, text: &str) -> Vec<TextHit> {
        let toks = tokenize(text);
        let score = flesch_douma(text).map(|s| format!("Flesch-Douma {s:.0}"));
        let mut hits = Vec::new();
        for (from, to) in find_all(&self.jargon, &toks) {
            hits.push(TextHit {
                category: "jargon".into(),
                label: "vakjargon".into(),
                span: span(&toks, from, to),
                hint: self.hint_jargon.clone(),
                detail: score.clone(),
            });
        }
        for s in sentences(&toks) {
            let words = toks[s.clone()].iter().filter(|t| t.is_word()).count();
            if words > self.max_words {
                hits.push(TextHit {
                    category: "lange_zin".into(),
                    label: format!("zin van {words} woorden (meer dan {})", self.max_words),
                    span: span(&toks, s.start, s.end),
                    hint: self.hint_long.clone(),
                    detail: Some(match &score {
                        Some(sc) => format!("{words} woorden; {sc}"),
                        None => format!("{words} woorden"),
                    }),
                });
            }
        }
        hits
    }
}

/// Flesch-Douma reading ease: 206.835 − 0.93 × (words / sentences) − 77 × (syllables / words).
pub fn flesch_douma(text: &str) -> Option<f64> {
    let toks = tokenize(text);
    let words: Vec<&Token> = toks.iter().filter(|t| t.is_word()).collect();
    if words.is_empty() {
        return None;
    }
    let n_sent = sentences(&toks).len().max(1) as f64;
    let n_words = words.len() as f64;
    let n_syll: usize = words.iter().map(|t| syllables(&t.lower)).sum();
    Some(206.835 - 0.93 * (n_words / n_sent) - 77.0 * (n_syll as f64 / n_words))
}
