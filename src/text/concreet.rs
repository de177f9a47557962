//! VT-V04: a voorwaarde is concrete and testable.
//!
//! Lexicon categories (evaluative words, effort, inner states, help as the goal, frequency,
//! abstract goals, unclear actors) come from the rule file. Per category:
//! * `woorden` signal the category;
//! * `niet_in_bijzin` signal it only outside subordinate clauses: "vader blijft rustig" and
//!   "moeder bewaart de medicijnen veilig" fire, "als hij rustig met moeder kan praten" does not;
//! * `alleen_als_onderwerp` signal it only as the performer at the start of a clause
//!   ("het gezin zorgt ...");
//! * `criteria` make the category's words testable when one stands in the same clause ("voldoende
//!   voeding volgens het consultatiebureau", a number, "elke dag"); a number that describes a
//!   person or a date is no criterion: a count ("de 3 jongste kinderen", by `aantal_van`), an age
//!   ("(4)", "de kinderen van 4 en 6 jaar", "Mila van 3", "4-jarige"), a date ("in 2025", "1
//!   april", "3 maart 2024", "april 2024") or a label ("Kerkstraat 12", "groep 5"); with
//!   `dubbelepunt_is_criterium` an explanation after a colon does too ("goed verzorgd: zij heeft
//!   elke dag schone kleren aan ..."), and a criterion right after the colon counts as well;
//! * `uitzonderingen` are fixed expressions that cancel a match they cover.
//!
//! Besides the lexicon: a match that starts with a capitalised word inside a sentence is part of
//! a name ("Veilig Thuis", "Goede Herderlaan"); matches in purpose clauses ("zodat ...", "om ...
//! te ...") do not fire, because the required act itself is what must be testable; and an
//! optional detector flags agentless passives of acts ("de kinderen worden om 15.00 uur van school
//! gehaald": by whom?).

use serde::Deserialize;

use super::lexicon::{Builder, LexError, Match, PhraseSet, Step, word_ok};
use super::token::{Analysis, DETERMINERS, Kind, PREPOSITIONS, fold, is_in};
use super::{TextHit, check_gap, default_gap};

/// One lexicon category of VT-V04.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcreetCategorie {
    /// Stable key, e.g. `evaluatief`. Several blocks may share a key.
    pub sleutel: String,
    /// Dutch label of the category's findings ("evaluatief woord zonder criterium").
    pub label: String,
    /// Dutch rewrite hint of the category's findings.
    pub hint: String,
    /// Phrases that signal the category.
    #[serde(default)]
    pub woorden: Vec<String>,
    /// Phrases that signal the category except inside a subordinate clause.
    #[serde(default)]
    pub niet_in_bijzin: Vec<String>,
    /// Phrases that signal the category only as the first words of a clause (the performer).
    #[serde(default)]
    pub alleen_als_onderwerp: Vec<String>,
    /// Phrases that, in the same clause, make the category's words testable.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// A number (digits) in the same clause, outside brackets, is a criterion.
    #[serde(default)]
    pub getal_is_criterium: bool,
    /// A colon after the word followed by an explanation is a criterion.
    #[serde(default)]
    pub dubbelepunt_is_criterium: bool,
    /// Fixed expressions that are not a finding even though they contain a signal word.
    #[serde(default)]
    pub uitzonderingen: Vec<String>,
}

/// A passive without an agent for an act someone must perform ("de kinderen worden om 15.00 uur
/// van school gehaald"): nobody is named to do it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PassiefConfig {
    /// Stable key of the detector's findings (`onduidelijke_actor` in the shipped rules).
    pub sleutel: String,
    /// Dutch label of its findings.
    pub label: String,
    /// Dutch rewrite hint of its findings.
    pub hint: String,
    /// Passive auxiliaries (wordt, worden).
    pub hulpwerkwoorden: Vec<String>,
    /// Words that name the agent ("door oma").
    pub handelende: Vec<String>,
    /// Participles that describe an outcome, not an act (geslagen, blootgesteld).
    #[serde(default)]
    pub uitzonderingen: Vec<String>,
}

/// VT-V04 configuration (the `lexicon:` block of the rule).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConcreetConfig {
    /// Most tokens between the parts of a phrase with `...`.
    #[serde(default = "default_gap")]
    pub max_tussenwoorden: usize,
    /// The categories (`categorieen`), at least one; on equal spans the earlier one names the
    /// finding.
    pub categorieen: Vec<ConcreetCategorie>,
    /// Optional detector for agentless passives.
    #[serde(default)]
    pub passief_zonder_handelende: Option<PassiefConfig>,
    /// Words that make a number or number word right before them a count, not a criterion:
    /// "vader zorgt goed voor de 2 kinderen" names how many children, not how well (also with
    /// adjectives between: "de 3 jongste kinderen"). A number after "van" behind one of them is
    /// an age: "de kinderen van 4 en 6 jaar".
    #[serde(default)]
    pub aantal_van: Vec<String>,
    /// Number words that can be an age, like a number in digits ("Mila van drie", "de kinderen
    /// van twee en vier jaar"). Empty: only digits can.
    #[serde(default)]
    pub telwoorden: Vec<String>,
    /// Words after "van N" that make N a measure, not an age ("van 8 tot 12 uur", "van 2 keer").
    /// Empty: no such exception.
    #[serde(default)]
    pub meeteenheden: Vec<String>,
    /// Words after a number that name an age: after "van N" behind a person ("de kinderen van 4
    /// en 6 jaar", "de baby van 6 maanden"), and followed by "oud" anywhere ("4 jaar oud").
    /// Empty: neither is recognised.
    #[serde(default)]
    pub leeftijdseenheden: Vec<String>,
    /// Month names: a day number before one ("1 april", "3 maart 2024") and a year after one
    /// ("april 2024") name a date, not a norm. Empty: only a year after "in"/"sinds"/"vanaf"
    /// is a date.
    #[serde(default)]
    pub maanden: Vec<String>,
    /// Words after which a number is a label, not a norm: a house number ("Kerkstraat 12",
    /// with `*straat`), "groep 5", "bijlage 2", "kamer 12". Not when a measure follows
    /// ("snelweg 100 km"). Empty: no such exception.
    #[serde(default)]
    pub nummer_na: Vec<String>,
}

#[derive(Debug, Clone)]
struct Cat {
    key: String,
    label: String,
    hint: String,
    numbers: bool,
    colon: bool,
    has_criteria: bool,
}

/// VT-V04 analyser.
#[derive(Debug, Clone)]
pub struct Concreet {
    cats: Vec<Cat>,
    /// Tags: `cat * 4 + kind`.
    words: PhraseSet,
    /// Tag: category index.
    criteria: PhraseSet,
    /// The passive detector's category and its set (tags: 0 auxiliary, 1 agent, 2 exception).
    /// Boxed, like `counted`: both are rare, and the analyser sits in an enum of analysers.
    passive: Option<Box<(Cat, PhraseSet)>>,
    /// `aantal_van`: what a number right before counts (tag 0); `None` when the list is empty.
    counted: Option<Box<PhraseSet>>,
    /// `telwoorden`, `meeteenheden`, `leeftijdseenheden` and `maanden`, boxed like `counted`.
    units: Box<Units>,
    /// `nummer_na`: what a number right after names (tag 0); `None` when the list is empty.
    labels: Option<Box<PhraseSet>>,
}

/// A phrase set of one list (tag 0, no gaps), `None` when the list is empty: `aantal_van` and
/// `nummer_na` name what a number right before or after is.
fn optional_set(words: &[String], what: &'static str) -> Result<Option<Box<PhraseSet>>, LexError> {
    if words.is_empty() {
        return Ok(None);
    }
    let mut b = Builder::new(0);
    b.add_all(0, words, what, &[Step::Key(what)])?;
    Ok(Some(Box::new(b.build()?)))
}

/// The word lists that tell a number describing a person (an age) from a norm.
#[derive(Debug, Clone)]
struct Units {
    /// `telwoorden`.
    number_words: WordList,
    /// `meeteenheden`.
    measures: WordList,
    /// `leeftijdseenheden`.
    ages: WordList,
    /// `maanden`.
    months: WordList,
}

/// A short list of single words, folded like text tokens; looked up linearly.
#[derive(Debug, Clone)]
struct WordList(Box<[Box<str>]>);

impl WordList {
    /// Compiles `list` (the lexicon's key `what`): each entry one word, or variants of one word
    /// as `a/b`.
    fn new(list: &[String], what: &'static str) -> Result<WordList, LexError> {
        let mut words: Vec<Box<str>> = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let at = [Step::Key(what), Step::Index(i)];
            for alt in entry.trim().split('/') {
                if alt.is_empty() {
                    return Err(LexError::at(
                        &at,
                        format!("{what}: lege variant in '{entry}'"),
                    ));
                }
                if !alt.chars().all(word_ok) {
                    return Err(LexError::at(
                        &at,
                        format!(
                            "{what}: '{entry}' is geen los woord; gebruik alleen letters, cijfers, - ' en . (varianten als a/b; geen spaties, '*' of '...')"
                        ),
                    ));
                }
                let w: Box<str> = fold(alt).into();
                if w.is_empty() {
                    return Err(LexError::at(
                        &at,
                        format!("{what}: lege variant in '{entry}'"),
                    ));
                }
                if !words.contains(&w) {
                    words.push(w);
                }
            }
        }
        Ok(WordList(words.into_boxed_slice()))
    }

    fn contains(&self, w: &str) -> bool {
        self.0.iter().any(|x| &**x == w)
    }
}

const WORD: u32 = 0;
const MAIN_ONLY: u32 = 1;
const EXCEPTION: u32 = 2;
const SUBJECT: u32 = 3;

/// Least number of words after a colon that make an explanation.
const COLON_EXPLANATION: usize = 3;

/// A category's key, checked with its label and hint; an error points at the empty one (the
/// path is the category's own).
fn cat_of(p: &str, label: &str, hint: &str, what: &str) -> Result<String, LexError> {
    let key = p.trim();
    if key.is_empty() {
        return Err(LexError::at(
            &[Step::Key("sleutel")],
            format!("{what} heeft geen sleutel"),
        ));
    }
    let empty = if label.trim().is_empty() {
        "label"
    } else if hint.trim().is_empty() {
        "hint"
    } else {
        return Ok(key.to_string());
    };
    Err(LexError::at(
        &[Step::Key(empty)],
        format!("{what} ('{key}') heeft een leeg label of een lege hint"),
    ))
}

impl Concreet {
    /// The analyser for `cfg`, with its lexicons compiled once. An error names the entry at
    /// fault: no categories, a category without signal words, a blank key, label or hint, a
    /// malformed phrase, ...
    pub fn new(cfg: &ConcreetConfig) -> Result<Self, LexError> {
        check_gap(cfg.max_tussenwoorden)?;
        if cfg.categorieen.is_empty() {
            return Err(LexError::at(
                &[Step::Key("categorieen")],
                "geen categorieën",
            ));
        }
        let mut words = Builder::new(cfg.max_tussenwoorden);
        let mut criteria = Builder::new(cfg.max_tussenwoorden);
        let mut cats = Vec::new();
        for (i, c) in cfg.categorieen.iter().enumerate() {
            let here = [Step::Key("categorieen"), Step::Index(i)];
            let key = cat_of(
                &c.sleutel,
                &c.label,
                &c.hint,
                &format!("categorie {}", i + 1),
            )
            .map_err(|e| e.under(&here))?;
            if c.woorden.is_empty()
                && c.niet_in_bijzin.is_empty()
                && c.alleen_als_onderwerp.is_empty()
            {
                return Err(LexError::at(
                    &here,
                    format!("categorie '{key}' heeft geen woorden"),
                ));
            }
            let t = i as u32 * 4;
            let lists = [
                (t + WORD, &c.woorden, "woorden"),
                (t + MAIN_ONLY, &c.niet_in_bijzin, "niet_in_bijzin"),
                (t + EXCEPTION, &c.uitzonderingen, "uitzonderingen"),
                (t + SUBJECT, &c.alleen_als_onderwerp, "alleen_als_onderwerp"),
            ];
            for (tag, list, name) in lists {
                words
                    .add_all(tag, list, &format!("{key}.{name}"), &[Step::Key(name)])
                    .map_err(|e| e.under(&here))?;
            }
            criteria
                .add_all(
                    i as u32,
                    &c.criteria,
                    &format!("{key}.criteria"),
                    &[Step::Key("criteria")],
                )
                .map_err(|e| e.under(&here))?;
            cats.push(Cat {
                key,
                label: c.label.clone(),
                hint: c.hint.clone(),
                numbers: c.getal_is_criterium,
                colon: c.dubbelepunt_is_criterium,
                has_criteria: c.getal_is_criterium
                    || c.dubbelepunt_is_criterium
                    || !c.criteria.is_empty(),
            });
        }
        let passive = match &cfg.passief_zonder_handelende {
            None => None,
            Some(p) => {
                let here = [Step::Key("passief_zonder_handelende")];
                let key = cat_of(&p.sleutel, &p.label, &p.hint, "passief_zonder_handelende")
                    .map_err(|e| e.under(&here))?;
                if p.hulpwerkwoorden.is_empty() {
                    return Err(LexError::at(
                        &[here[0], Step::Key("hulpwerkwoorden")],
                        "passief_zonder_handelende.hulpwerkwoorden is leeg",
                    ));
                }
                let mut b = Builder::new(0);
                let lists = [
                    (0, &p.hulpwerkwoorden, "hulpwerkwoorden"),
                    (1, &p.handelende, "handelende"),
                    (2, &p.uitzonderingen, "uitzonderingen"),
                ];
                for (tag, list, name) in lists {
                    b.add_all(
                        tag,
                        list,
                        &format!("passief_zonder_handelende.{name}"),
                        &[here[0], Step::Key(name)],
                    )?;
                }
                let cat = Cat {
                    key,
                    label: p.label.clone(),
                    hint: p.hint.clone(),
                    numbers: false,
                    colon: false,
                    has_criteria: false,
                };
                Some(Box::new((cat, b.build()?)))
            }
        };
        let counted = optional_set(&cfg.aantal_van, "aantal_van")?;
        let units = Box::new(Units {
            number_words: WordList::new(&cfg.telwoorden, "telwoorden")?,
            measures: WordList::new(&cfg.meeteenheden, "meeteenheden")?,
            ages: WordList::new(&cfg.leeftijdseenheden, "leeftijdseenheden")?,
            months: WordList::new(&cfg.maanden, "maanden")?,
        });
        let labels = optional_set(&cfg.nummer_na, "nummer_na")?;
        Ok(Concreet {
            cats,
            words: words.build()?,
            criteria: criteria.build()?,
            passive,
            counted,
            units,
            labels,
        })
    }

    /// The lexicons this analyser scans a text with (for a joint [`super::Scanner`]).
    pub(crate) fn phrase_sets(&self) -> Vec<&PhraseSet> {
        let mut v = vec![&self.words, &self.criteria];
        v.extend(self.passive.as_deref().map(|(_, s)| s));
        v.extend(self.counted.as_deref());
        v.extend(self.labels.as_deref());
        v
    }

    /// The vague or untestable wording in `text`, in text order; empty when it is concrete.
    pub fn check(&self, text: &str) -> Vec<TextHit> {
        self.check_analysis(&Analysis::new(text))
    }

    /// [`Self::check`] on a text already analysed (shared between the text rules).
    pub fn check_analysis(&self, a: &Analysis<'_>) -> Vec<TextHit> {
        let mut ms: Vec<Match> = Vec::new();
        self.words.find(a, &mut ms);
        let passive = self.passive_hits(a);
        if passive.is_empty() && ms.iter().all(|m| m.tag % 4 == EXCEPTION) {
            return Vec::new();
        }
        // Exceptions by (tag, start), to test whether one covers a match.
        let mut exc: Vec<(u32, usize, usize)> = ms
            .iter()
            .filter(|m| m.tag % 4 == EXCEPTION)
            .map(|m| (m.tag, m.start, m.end))
            .collect();
        exc.sort_unstable();
        let exc_len = exc.iter().map(|e| e.2 - e.1).max().unwrap_or(0);
        // Criteria by (clause, category); per clause: a number outside brackets, the words after
        // a closing colon.
        // Tokens a number in front of which is a count ("de 2 kinderen"), not a criterion:
        // the starts of `aantal_van` matches (nearly always none, so nothing is allocated).
        let mut count_nouns: Vec<Match> = Vec::new();
        if let Some(set) = &self.counted {
            set.find(a, &mut count_nouns);
        }
        let noun_at = |token: usize| count_nouns.iter().any(|m| m.start == token);
        let counted = |token: usize| counts_at(a, token, noun_at);
        // Numbers that describe people or dates, not a norm: ages and years.
        let person_before = |van: usize| {
            van > 0
                && (count_nouns.iter().any(|m| m.end == van) || {
                    let t = &a.toks[van - 1];
                    t.kind == Kind::Word && t.cap && !t.acronym
                })
        };
        // Tokens a number right after which is a label ("Kerkstraat 12", "groep 5").
        let mut labels: Vec<Match> = Vec::new();
        if let Some(set) = &self.labels {
            set.find(a, &mut labels);
        }
        let label_before = |token: usize| labels.iter().any(|m| m.end == token);
        let descriptive = descriptive_numbers(a, &self.units, person_before, label_before);
        let mut crit: Vec<Match> = Vec::new();
        self.criteria.find(a, &mut crit);
        let mut crit_at: Vec<(u32, u32)> = crit
            .iter()
            .filter(|c| !counted(c.end) && !descriptive[c.start])
            .map(|c| (a.toks[c.start].clause, c.tag))
            .collect();
        crit_at.sort_unstable();
        let n_clauses = a.toks.last().map_or(0, |t| t.clause as usize + 1);
        let mut number_in = vec![false; n_clauses];
        let mut colon_end = vec![false; n_clauses];
        let mut words_in = vec![0usize; n_clauses];
        for (i, t) in a.toks.iter().enumerate() {
            let c = t.clause as usize;
            if t.kind == Kind::Number && !t.paren && !counted(i + 1) && !descriptive[i] {
                number_in[c] = true;
            }
            if t.kind == Kind::Punct && t.ch == ':' {
                colon_end[c] = true;
            }
            if t.is_word() {
                words_in[c] += 1;
            }
        }

        // Candidates: (start, end, category, gapped); category `cats.len()` is the passive detector.
        let mut cands: Vec<(usize, usize, usize, bool)> = passive
            .into_iter()
            .map(|(s, e)| (s, e, self.cats.len(), false))
            .collect();
        for m in &ms {
            let cat = (m.tag / 4) as usize;
            let kind = m.tag % 4;
            if kind == EXCEPTION {
                continue;
            }
            // A capitalised word inside a sentence starts a name ("Veilig Thuis", "Goede Herderlaan").
            let t = &a.toks[m.start];
            if t.cap && !t.acronym && !t.sentence_start {
                continue;
            }
            let unit = &a.units[t.unit as usize];
            if unit.purpose {
                continue;
            }
            if (kind == MAIN_ONLY && unit.subordinate)
                || (kind == SUBJECT && unit.lead != Some(m.start))
            {
                continue;
            }
            let etag = cat as u32 * 4 + EXCEPTION;
            let hi = exc.partition_point(|e| (e.0, e.1) <= (etag, m.start));
            let covered = exc[..hi]
                .iter()
                .rev()
                .take_while(|e| e.0 == etag && e.1 + exc_len >= m.start)
                .any(|e| e.2 >= m.end);
            if covered {
                continue;
            }
            let c = &self.cats[cat];
            if c.has_criteria {
                // The clause itself; after a closing colon also the next clause, which with
                // `dubbelepunt_is_criterium` is itself the explanation.
                let clause = t.clause as usize;
                let colon = colon_end.get(clause).copied().unwrap_or(false);
                let next_words = words_in.get(clause + 1).copied().unwrap_or(0);
                let scope = if colon { 2 } else { 1 };
                let testable = (clause..clause + scope).any(|k| {
                    crit_at.binary_search(&(k as u32, cat as u32)).is_ok()
                        || (c.numbers && number_in.get(k).copied().unwrap_or(false))
                }) || (c.colon && colon && next_words >= COLON_EXPLANATION);
                if testable {
                    continue;
                }
            }
            cands.push((m.start, m.end, cat, m.gap));
        }
        // Drop a candidate inside a longer contiguous one ("goed" inside "zo goed mogelijk"); on
        // equal spans the earlier category wins. A word in the gap of a `...` phrase stays
        // ("voldoende" in "er is voldoende toezicht").
        cands.sort_unstable_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)).then(x.2.cmp(&y.2)));
        let mut hits = Vec::new();
        let mut max_end = 0usize;
        let mut last: Option<(usize, usize)> = None;
        for (s, e, c, gap) in cands {
            if e <= max_end || last == Some((s, e)) {
                continue;
            }
            if !gap {
                max_end = e;
            }
            last = Some((s, e));
            let cat = match (self.cats.get(c), self.passive.as_deref()) {
                (Some(cat), _) => cat,
                (None, Some((cat, _))) => cat,
                (None, None) => continue,
            };
            hits.push(TextHit {
                category: cat.key.clone(),
                label: cat.label.clone(),
                span: a.span(s, e - 1),
                hint: cat.hint.clone(),
                detail: None,
            });
        }
        hits
    }

    /// Agentless passives of acts in main clauses: (auxiliary, participle + 1).
    fn passive_hits(&self, a: &Analysis) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let Some((_, set)) = self.passive.as_deref() else {
            return out;
        };
        let mut ms: Vec<Match> = Vec::new();
        set.find(a, &mut ms);
        if !ms.iter().any(|m| m.tag == 0) {
            return out;
        }
        let mut flags = vec![0u8; a.toks.len()];
        for m in &ms {
            flags[m.start] |= 1 << m.tag;
        }
        for (u, unit) in a.units.iter().enumerate() {
            if unit.subordinate {
                continue;
            }
            let mut aux = None;
            let mut agent = false;
            let mut part = None;
            for i in a.unit_words(u) {
                agent |= flags[i] & 2 != 0;
                if aux.is_none() {
                    if flags[i] & 1 != 0 {
                        aux = Some(i);
                    }
                } else if part.is_none() && participle(a.norm(i)) {
                    // The first participle decides; an outcome ("geslagen") is no act.
                    part = Some((i, flags[i] & 4 != 0));
                }
            }
            if let (Some(x), Some((p, false)), false) = (aux, part, agent) {
                out.push((x, p + 1));
            }
        }
        out
    }
}

/// A Dutch past participle: `ge` near the start ("gehaald", "opgehaald", "schoongehouden") or
/// an unstressed prefix without `ge` ("verzorgd", "begeleid"), ending in d, t or en.
fn participle(w: &str) -> bool {
    super::participle_shape(w, &["be", "ver", "ont", "her"])
}

/// Most attributive adjectives between a number and the noun it counts ("de 3 jongste kinderen").
const MAX_COUNT_ADJECTIVES: usize = 2;

/// Whether the number right before token `i` counts a noun of `aantal_van`: the noun starts at
/// `i` ("de 2 kinderen") or after at most [`MAX_COUNT_ADJECTIVES`] attributive adjectives ("de 3
/// jongste kinderen", "de 2 kleine kinderen").
fn counts_at(a: &Analysis, mut i: usize, noun_at: impl Fn(usize) -> bool) -> bool {
    for _ in 0..=MAX_COUNT_ADJECTIVES {
        if noun_at(i) {
            return true;
        }
        match a.toks.get(i) {
            Some(t) if t.kind == Kind::Word && !t.paren && attributive(a.norm(i)) => i += 1,
            _ => return false,
        }
    }
    false
}

/// An inflected adjective before a noun: Dutch attributive adjectives before a plural end in
/// `-e` (jongste, oudste, kleine); the closed word classes that also do ("de", "deze", "elke",
/// "binnen"... "tegen") are excluded, so "om 8 uur de kinderen" counts nothing.
fn attributive(w: &str) -> bool {
    matches!(w, "eigen" | "andere")
        || (w.len() >= 4 && w.ends_with('e') && !is_in(DETERMINERS, w) && !is_in(PREPOSITIONS, w))
}

/// Separators inside a list or range of numbers ("4 en 6", "5, 7 en 9", "4 tot 6").
fn number_separator(w: &str) -> Option<bool> {
    match w {
        "," | "en" | "of" | "&" => Some(false),
        "tot" | "-" | "t/m" => Some(true),
        _ => None,
    }
}

/// Numbers (digits or number words) that describe a person or a date instead of setting a
/// norm, so they are no criterion:
/// * ages: "van N" after a person (`person_before` the "van") unless a measure follows ("de
///   kinderen van 4 en 6 jaar", "Mila van 3", "zijn zoon van 8"; not "van 8 tot 12 uur"), "N
///   jaar oud" (any age unit), "N-jarige";
/// * years: 19xx or 20xx after "in", "sinds", "vanaf" or a month ("in 2025", "april 2024");
/// * days: a number or a list or range of them before a month ("1 april", "3 maart 2024", "van 1
///   tot 15 mei");
/// * labels: a number right after a `nummer_na` word (`label_before` the number) unless a measure
///   follows ("Kerkstraat 12", "groep 5"; not "snelweg 100 km").
///
/// Number words, measures, age units and months come from the rule file (`units`).
fn descriptive_numbers(
    a: &Analysis,
    units: &Units,
    person_before: impl Fn(usize) -> bool,
    label_before: impl Fn(usize) -> bool,
) -> Vec<bool> {
    let n = a.toks.len();
    let mut out = vec![false; n];
    let small = |i: usize| {
        let t = &a.toks[i];
        match t.kind {
            Kind::Number => a.norm(i).parse::<u32>().is_ok_and(|v| v <= 120),
            Kind::Word => units.number_words.contains(a.norm(i)),
            Kind::Punct => false,
        }
    };
    let mut i = 0;
    while i < n {
        let t = &a.toks[i];
        if t.kind == Kind::Number {
            let w = a.norm(i);
            let prev = i
                .checked_sub(1)
                .filter(|&p| a.toks[p].is_word())
                .map(|p| a.norm(p));
            let measure_after = a
                .toks
                .get(i + 1)
                .is_some_and(|n| n.is_word() && units.measures.contains(a.norm(i + 1)));
            if w.contains("-jarig")
                || (w.len() == 4
                    && (w.starts_with("19") || w.starts_with("20"))
                    && w.bytes().all(|b| b.is_ascii_digit())
                    && prev.is_some_and(|p| {
                        matches!(p, "in" | "sinds" | "vanaf") || units.months.contains(p)
                    }))
                || (label_before(i) && !measure_after)
            {
                out[i] = true;
            }
        }
        if !small(i) {
            i += 1;
            continue;
        }
        // A list or range of small numbers: i..=last.
        let mut list = vec![i];
        let mut range = false;
        let mut j = i + 1;
        while j + 1 < n && small(j + 1) {
            match number_separator(a.norm(j)) {
                Some(r) => {
                    range |= r;
                    list.push(j + 1);
                    j += 2;
                }
                None => break,
            }
        }
        let after = |k: usize| {
            a.toks
                .get(j + k)
                .filter(|t| t.is_word())
                .map(|_| a.norm(j + k))
        };
        let age_unit = after(0).is_some_and(|w| units.ages.contains(w));
        let old = age_unit && after(1) == Some("oud");
        let after_person = i > 0 && a.norm(i - 1) == "van" && person_before(i - 1);
        let measure = after(0).is_some_and(|w| units.measures.contains(w));
        let day = after(0).is_some_and(|w| units.months.contains(w))
            && list
                .iter()
                .all(|&k| a.norm(k).parse::<u32>().is_ok_and(|d| d <= 31));
        if old || day || (after_person && (age_unit || (!range && !measure))) {
            for &k in &list {
                out[k] = true;
            }
        }
        i = j;
    }
    out
}
