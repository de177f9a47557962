//! VT-V06: a voorwaarde is written in language the family understands.
//!
//! Findings: jargon from the lexicon, sentences over `max_woorden` words, and — only when
//! `min_flesch_douma` is set — a Flesch-Douma reading ease below it. Every finding carries the
//! Flesch-Douma score of the whole voorwaarde in `detail`.

use serde::Deserialize;

use super::lexicon::{Builder, LexError, Match, PhraseSet, Step};
use super::syllables::flesch_douma_of;
use super::token::Analysis;
use super::{Melding, TextHit, check_gap, default_gap};

/// Labels and hints of the VT-V06 findings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BegrijpelijkMeldingen {
    /// For a jargon phrase that is not explained on the spot (category `jargon`).
    pub jargon: Melding,
    /// For a sentence of more than `max_woorden` words (category `lange_zin`).
    pub lange_zin: Melding,
    /// Needed when `min_flesch_douma` is set.
    #[serde(default)]
    pub leesbaarheid: Option<Melding>,
}

/// VT-V06 configuration (the `lexicon:` block of the rule).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BegrijpelijkConfig {
    /// Most tokens between the parts of a phrase with `...`.
    #[serde(default = "default_gap")]
    pub max_tussenwoorden: usize,
    /// Jargon phrases.
    pub jargon: Vec<String>,
    /// Longest sentence, in words.
    pub max_woorden: usize,
    /// A reading ease below this is a finding; unset: the score is only shown.
    #[serde(default)]
    pub min_flesch_douma: Option<f64>,
    /// Explanation markers: jargon followed by one of these (within `uitleg_venster` words) is
    /// explained on the spot ("escaleert, dat wil zeggen ...").
    #[serde(default)]
    pub uitleg: Vec<String>,
    /// Most words between the end of a jargon phrase and an `uitleg` marker for the phrase to
    /// count as explained; default 3.
    #[serde(default = "default_explain_window")]
    pub uitleg_venster: usize,
    /// Labels and hints of the findings (`meldingen`).
    pub meldingen: BegrijpelijkMeldingen,
}

fn default_explain_window() -> usize {
    3
}

/// VT-V06 analyser.
#[derive(Debug, Clone)]
pub struct Begrijpelijk {
    /// Tags: 0 jargon, 1 explanation marker.
    jargon: PhraseSet,
    explain_window: usize,
    max_words: usize,
    min_score: Option<f64>,
    m: BegrijpelijkMeldingen,
}

impl Begrijpelijk {
    /// The analyser for `cfg`, with its lexicon compiled once. An error names the entry at
    /// fault: `max_woorden` 0, a `min_flesch_douma` that is no number or has no
    /// `meldingen.leesbaarheid`, a blank label or hint, a malformed phrase, ...
    pub fn new(cfg: &BegrijpelijkConfig) -> Result<Self, LexError> {
        check_gap(cfg.max_tussenwoorden)?;
        if cfg.max_woorden == 0 {
            return Err(LexError::at(
                &[Step::Key("max_woorden")],
                "max_woorden moet groter dan 0 zijn",
            ));
        }
        if let Some(s) = cfg.min_flesch_douma {
            let here = [Step::Key("min_flesch_douma")];
            if !s.is_finite() {
                return Err(LexError::at(&here, "min_flesch_douma is geen getal"));
            }
            match &cfg.meldingen.leesbaarheid {
                Some(m) => m.validate(
                    "meldingen.leesbaarheid",
                    &[Step::Key("meldingen"), Step::Key("leesbaarheid")],
                )?,
                // Marked at the setting that asks for it: the melding is what is missing.
                None => {
                    return Err(LexError::at(
                        &here,
                        "min_flesch_douma vraagt meldingen.leesbaarheid",
                    ));
                }
            }
        }
        cfg.meldingen.jargon.validate(
            "meldingen.jargon",
            &[Step::Key("meldingen"), Step::Key("jargon")],
        )?;
        cfg.meldingen.lange_zin.validate(
            "meldingen.lange_zin",
            &[Step::Key("meldingen"), Step::Key("lange_zin")],
        )?;
        let mut b = Builder::new(cfg.max_tussenwoorden);
        b.add_all(0, &cfg.jargon, "jargon", &[Step::Key("jargon")])?;
        b.add_all(1, &cfg.uitleg, "uitleg", &[Step::Key("uitleg")])?;
        Ok(Begrijpelijk {
            jargon: b.build()?,
            explain_window: cfg.uitleg_venster,
            max_words: cfg.max_woorden,
            min_score: cfg.min_flesch_douma,
            m: cfg.meldingen.clone(),
        })
    }

    /// The lexicon this analyser scans a text with (for a joint [`super::Scanner`]).
    pub(crate) fn phrase_sets(&self) -> Vec<&PhraseSet> {
        vec![&self.jargon]
    }

    /// The findings in `text`, sorted by span; empty when it is understandable. Each carries
    /// the Flesch-Douma score of the whole text in `detail` when one can be computed.
    pub fn check(&self, text: &str) -> Vec<TextHit> {
        self.check_analysis(&Analysis::new(text))
    }

    /// [`Self::check`] on a text already analysed (shared between the text rules).
    pub fn check_analysis(&self, a: &Analysis<'_>) -> Vec<TextHit> {
        let mut hits = Vec::new();
        let mut ms: Vec<Match> = Vec::new();
        self.jargon.find(a, &mut ms);
        ms.sort_unstable_by(|x, y| x.start.cmp(&y.start).then(y.end.cmp(&x.end)));
        let explained: Vec<usize> = ms.iter().filter(|m| m.tag == 1).map(|m| m.start).collect();
        // Longest matches only ("hechtingsproblematiek" once, not per pattern).
        let mut max_end = 0;
        for m in ms.iter().filter(|m| m.tag == 0) {
            if m.end <= max_end {
                continue;
            }
            // Explained on the spot: a marker within the window after the term.
            let lo = explained.partition_point(|&e| e < m.end);
            if explained.get(lo).is_some_and(|&e| {
                (m.end..e).filter(|&k| a.toks[k].is_word()).count() <= self.explain_window
            }) {
                max_end = m.end;
                continue;
            }
            max_end = m.end;
            hits.push(TextHit {
                category: "jargon".into(),
                label: self.m.jargon.label.clone(),
                span: a.span(m.start, m.end - 1),
                hint: self.m.jargon.hint.clone(),
                detail: None,
            });
        }
        for s in &a.sentences {
            let n = s.clone().filter(|&i| a.toks[i].is_word()).count();
            if n > self.max_words
                && let (Some(f), Some(l)) = (
                    s.clone().find(|&i| a.toks[i].is_word()),
                    s.clone().rev().find(|&i| a.toks[i].is_word()),
                )
            {
                hits.push(TextHit {
                    category: "lange_zin".into(),
                    label: self.m.lange_zin.label.clone(),
                    span: a.span(f, l),
                    hint: self.m.lange_zin.hint.clone(),
                    detail: Some(format!("{n} woorden, maximaal {}", self.max_words)),
                });
            }
        }
        if hits.is_empty() && self.min_score.is_none() {
            return hits;
        }
        let score = flesch_douma_of(a);
        if let (Some(min), Some(sc), Some(m)) = (self.min_score, score, &self.m.leesbaarheid)
            && sc < min
            && let (Some(f), Some(l)) = (
                a.toks.iter().position(|t| t.is_word()),
                a.toks.iter().rposition(|t| t.is_word()),
            )
        {
            hits.push(TextHit {
                category: "leesbaarheid".into(),
                label: m.label.clone(),
                span: a.span(f, l),
                hint: m.hint.clone(),
                detail: None,
            });
        }
        if let Some(sc) = score {
            let fd = format!("Flesch-Douma {sc:.0}");
            for h in &mut hits {
                h.detail = Some(match h.detail.take() {
                    Some(d) => format!("{d}; {fd}"),
                    None => fd.clone(),
                });
            }
        }
        hits.sort_by_key(|h| (h.span.start, h.span.end));
        hits
    }
}
