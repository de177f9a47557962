//! VT-V05: a voorwaarde is positively phrased.
//!
//! The classifier follows domain.md §3.3. The text is split into clause units (see `token`);
//! for every unit:
//!
//! 1. **Double negation (D)**: a negator and a second negative element (another negator,
//!    `zonder`, or a negative word such as `onvoldoende`, `onbereikbaar`, `vergeet`) close
//!    together, with no `en`/`of`/comma between them: "er is geen sprake van onvoldoende
//!    toezicht", "nooit zonder toezicht". Flagged in any unit, before type A. Not `zonder` with
//!    only a negative word ("zonder afmelding afwezig"), nor `zonder ...` before the negator in
//!    a condition ("als Sanne zonder bericht niet op school is"): nothing is negated twice.
//! 2. **Not a ban**: subordinate units (conditions, purposes: "als vader niet weggaat", "om ...
//!    te ...") and dependent clauses inside a unit — from a complementiser or relative word to
//!    its verb ("zorgt dat de kinderen niet ... zijn", "beseft dat het geld niet van hem is"),
//!    from "om" to the infinitive ("gemotiveerd om te stoppen met drinken"). A "dat"-clause
//!    after a verb of agreeing ("spreken af dat ...") is the content, so it counts.
//! 3. **Subject**: the first person word of the unit that is not inside a prepositional phrase
//!    ("in het bijzijn van de kinderen drinkt vader ..." → vader); a pronoun takes the role of the
//!    last person subject (unresolved: an actor); a unit after `en`/`maar` without its own
//!    subject, or a bracketed unit that starts with a verb, inherits the previous subject.
//!    Roles: protected person (kind, baby, a first name with an age or after zoon/dochter), actor
//!    (vader, moeder, ouders, oma, meneer, ...), a first name with its role in brackets ("Pieter
//!    (vader)": actor; "Sanne (dochter)": protected), agency (school, wijkteam), a first name of
//!    unknown role, impersonal passive (`er wordt`), existential (`er is`).
//! 4. **Outcome state (A), allowed**: a negation followed by a harm word when the subject is the
//!    protected person or a first name ("de kinderen zijn geen getuige van geweld", "Sanne is
//!    nooit alleen thuis"; with a state verb the harm word, or an actor as subject, may also
//!    stand in a condition of the same sentence: "de kinderen zijn niet thuis als vader
//!    drinkt"), or a victim word with a state verb for any person ("mevrouw is geen
//!    slachtoffer van bedreigingen", "mevrouw heeft geen letsel", "mevrouw hoeft niet bang te zijn")
//!    unless a perfect makes it the act of the person ("vader heeft moeder niet geslagen"). Holds
//!    with "niet meer".
//! 5. **Ban (B)**: a prohibition (`mag ... niet`, `is verboden`, `niet toegestaan`) or cessation
//!    (`stopt met`, `houdt op met`, `niet meer`, `geen ... meer`, `nooit meer`) with any subject;
//!    a clause that opens with a negator ("Geen alcohol in huis", "Niemand slaat ..."), also
//!    after a dummy "er" and a state verb ("Er is geen alcohol in huis") unless a harm word
//!    follows ("er is geen geweld waar de kinderen bij zijn"); or a plain negation of the
//!    behaviour of an actor, the hidden actor of `er wordt`, or the child itself ("Lisa heeft
//!    geen contact met Kevin"; for the protected person the finding has its own label,
//!    `ontkend_gedrag_kind`).
//! 6. **Alternative (C), allowed**: another unit of the same voorwaarde is a main clause without
//!    negation or ban that has a person (or inherits one) and a finite verb, and contains no
//!    unobservable or help-only phrasing (`werken aan`, `proberen`, `werkt mee aan de
//!    hulpverlening`): "vader drinkt geen alcohol ...; oma is dan aanwezig".
//!
//! A contrast "niet X maar Y" ("Niet vader maar oma brengt ...") and an exclusion in
//! `geen_ontkenning` ("niemand anders dan moeder", "niemand behalve oma") say who does what: no
//! negation. Nor is "niet alleen X maar [werkwoord] ook Y", where the verb after "maar" starts a
//! clause of its own ("brengt de kinderen niet alleen naar school maar haalt ze ook op").
//!
//! Plain negation with an agency subject ("de school belt niet") is not flagged, nor a negation
//! inside a clause the heuristics cannot attach to a subject: precision matters more than recall.

use serde::Deserialize;

use super::lexicon::{Builder, LexError, Match, PhraseSet, Step};
use super::token::{
    Analysis, COORDINATORS, DETERMINERS, FUNCTION_WORDS, Kind, PREPOSITIONS, SUBORDINATORS, is_in,
};
use super::{Melding, TextHit, check_gap, default_gap};

/// Labels and hints of the VT-V05 findings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositiefMeldingen {
    /// A prohibition or cessation without an alternative.
    pub alleen_verbod: Melding,
    /// Negated behaviour of an actor without an alternative.
    pub ontkend_gedrag: Melding,
    /// Negated behaviour of the protected person itself ("Sanne (8) verzuimt niet"); without it,
    /// `ontkend_gedrag` is used.
    #[serde(default)]
    pub ontkend_gedrag_kind: Option<Melding>,
    /// A double negation ("geen sprake van onvoldoende toezicht"); category
    /// `dubbele_ontkenning`. The three above share category `alleen_verbod`.
    pub dubbele_ontkenning: Melding,
}

/// VT-V05 configuration (the `lexicon:` block of the rule).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PositiefConfig {
    /// Most tokens between the parts of a phrase with `...`.
    #[serde(default = "default_gap")]
    pub max_tussenwoorden: usize,
    /// Negators: niet, geen, nooit, niets, niemand, ...
    pub ontkenningen: Vec<String>,
    /// Negators that only count towards a double negation (zonder).
    #[serde(default)]
    pub zwakke_ontkenningen: Vec<String>,
    /// Expressions with a negator that do not negate ("niet alleen ... maar ook", "niet meer dan").
    #[serde(default)]
    pub geen_ontkenning: Vec<String>,
    /// Prohibition patterns (mag ... niet, is verboden).
    pub verboden: Vec<String>,
    /// Cessation patterns (stopt met, niet meer, geen ... meer).
    pub stopzetting: Vec<String>,
    /// Negative words that make a double negation with a negator (onvoldoende, onbereikbaar).
    pub dubbel: Vec<String>,
    /// Most tokens between the two parts of a double negation.
    #[serde(default = "default_double_window")]
    pub dubbel_venster: usize,
    /// Words for the protected person (kind, kinderen, baby, zoon, dochter).
    pub beschermden: Vec<String>,
    /// Words for adults whose behaviour a voorwaarde asks for (vader, moeder, ouders, partner).
    pub actoren: Vec<String>,
    /// Organisations and professionals (school, wijkteam, huisarts): persons, but not actors.
    #[serde(default)]
    pub instanties: Vec<String>,
    /// Personal pronouns that can be a subject (hij, zij, ze).
    pub voornaamwoorden: Vec<String>,
    /// Harm words: a negated harm outcome of the protected person is allowed.
    pub schade: Vec<String>,
    /// Victim words: a negated one is an allowed outcome for any person (moeder as victim).
    pub slachtofferschap: Vec<String>,
    /// State and experience verbs (is, zijn, wordt, blijft, ziet, ervaart, krijgt, heeft).
    pub toestandswerkwoorden: Vec<String>,
    /// Phrasing that makes a clause unobservable, so it is no positive alternative.
    #[serde(default)]
    pub niet_waarneembaar: Vec<String>,
    /// Verbs of agreeing or promising: a "dat"-clause after them is the content of the
    /// voorwaarde ("spreken af dat zij niet meer schreeuwen"), not a dependent clause.
    #[serde(default)]
    pub afspraakwerkwoorden: Vec<String>,
    /// Labels and hints of the findings (`meldingen`).
    pub meldingen: PositiefMeldingen,
}

fn default_double_window() -> usize {
    6
}

// Lexicon tags.
const NEG: u32 = 0;
const WEAK: u32 = 1;
const CANCEL: u32 = 2;
const PROHIB: u32 = 3;
const CESS: u32 = 4;
const DOUBLE: u32 = 5;
const PROTECTED: u32 = 6;
const ACTOR: u32 = 7;
const AGENCY: u32 = 8;
const PRONOUN: u32 = 9;
const HARM: u32 = 10;
const VICTIM: u32 = 11;
const STATE: u32 = 12;
const NONOBS: u32 = 13;
const AGREE: u32 = 14;

const fn bit(tag: u32) -> u16 {
    1 << tag
}

const PERSON: u16 = bit(PROTECTED) | bit(ACTOR) | bit(AGENCY) | bit(PRONOUN);

/// Capitalised sentence openers that are not names.
const SENTENCE_OPENERS: &[&str] = &[
    "altijd", "thuis", "samen", "daarna", "verder", "vandaag", "morgen", "overdag", "soms", "vaak",
    "nu", "eerst", "daarom", "daardoor", "ook", "alleen", "tijdens", "sinds", "vanaf", "zowel",
    "zodra", "voortaan", "direct", "meteen", "binnen", "buiten", "iedereen", "niemand", "alles",
    "niets", "elke", "iedere", "ieder", "elk", "alcohol", "drugs", "geweld", "contact", "toezicht",
];

/// Auxiliaries of the passive and the perfect.
const PASSIVE_AUX: &[&str] = &["wordt", "worden", "werd", "werden"];
const PERFECT_AUX: &[&str] = &["heeft", "hebben", "had", "hadden"];
/// Words that open a complement or relative clause inside a unit.
const COMPLEMENTISERS: &[&str] = &["dat", "die", "wat", "waar", "waarin", "waarbij"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Protected,
    Actor,
    Agency,
    /// A first name whose role is unknown.
    Name,
    /// `er wordt ...`: an actor that is not named.
    Hidden,
    /// `er is ...`.
    Existential,
    None,
}

impl Role {
    fn is_person(self) -> bool {
        matches!(
            self,
            Role::Protected | Role::Actor | Role::Agency | Role::Name
        )
    }
}

/// VT-V05 analyser.
#[derive(Debug, Clone)]
pub struct Positief {
    lex: PhraseSet,
    double_window: usize,
    m: PositiefMeldingen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind5 {
    Ban,
    Negated,
    /// Negated behaviour of the protected person itself.
    NegatedChild,
}

/// Per-text working state.
struct Ctx<'t, 'a> {
    a: &'t Analysis<'a>,
    flags: Vec<u16>,
    /// Prohibition, cessation and unobservable matches: (unit, start, end, tag).
    ranges: Vec<(u32, usize, usize, u32)>,
    roles: Vec<(Role, Option<usize>)>,
    /// Units that are an observable positive alternative.
    alt: Vec<bool>,
}

impl Positief {
    /// The analyser for `cfg`, with its lexicon compiled once. An error names the entry at
    /// fault: an empty `ontkenningen`, `beschermden`, `actoren`, `schade` or
    /// `toestandswerkwoorden`, a blank label or hint, a malformed phrase, ...
    pub fn new(cfg: &PositiefConfig) -> Result<Self, LexError> {
        check_gap(cfg.max_tussenwoorden)?;
        let required = [
            (&cfg.ontkenningen, "ontkenningen"),
            (&cfg.beschermden, "beschermden"),
            (&cfg.actoren, "actoren"),
            (&cfg.schade, "schade"),
            (&cfg.toestandswerkwoorden, "toestandswerkwoorden"),
        ];
        for (list, name) in required {
            if list.is_empty() {
                return Err(LexError::at(
                    &[Step::Key(name)],
                    format!("de lijst '{name}' is leeg"),
                ));
            }
        }
        let m = &cfg.meldingen;
        let meldingen = [
            (Some(&m.alleen_verbod), "alleen_verbod"),
            (Some(&m.ontkend_gedrag), "ontkend_gedrag"),
            (m.ontkend_gedrag_kind.as_ref(), "ontkend_gedrag_kind"),
            (Some(&m.dubbele_ontkenning), "dubbele_ontkenning"),
        ];
        for (melding, key) in meldingen {
            if let Some(melding) = melding {
                melding.validate(
                    &format!("meldingen.{key}"),
                    &[Step::Key("meldingen"), Step::Key(key)],
                )?;
            }
        }
        let mut b = Builder::new(cfg.max_tussenwoorden);
        let lists = [
            (NEG, &cfg.ontkenningen, "ontkenningen"),
            (WEAK, &cfg.zwakke_ontkenningen, "zwakke_ontkenningen"),
            (CANCEL, &cfg.geen_ontkenning, "geen_ontkenning"),
            (PROHIB, &cfg.verboden, "verboden"),
            (CESS, &cfg.stopzetting, "stopzetting"),
            (DOUBLE, &cfg.dubbel, "dubbel"),
            (PROTECTED, &cfg.beschermden, "beschermden"),
            (ACTOR, &cfg.actoren, "actoren"),
            (AGENCY, &cfg.instanties, "instanties"),
            (PRONOUN, &cfg.voornaamwoorden, "voornaamwoorden"),
            (HARM, &cfg.schade, "schade"),
            (VICTIM, &cfg.slachtofferschap, "slachtofferschap"),
            (STATE, &cfg.toestandswerkwoorden, "toestandswerkwoorden"),
            (NONOBS, &cfg.niet_waarneembaar, "niet_waarneembaar"),
            (AGREE, &cfg.afspraakwerkwoorden, "afspraakwerkwoorden"),
        ];
        for (tag, list, key) in lists {
            b.add_all(tag, list, key, &[Step::Key(key)])?;
        }
        Ok(Positief {
            lex: b.build()?,
            double_window: cfg.dubbel_venster,
            m: cfg.meldingen.clone(),
        })
    }

    /// The lexicon this analyser scans a text with (for a joint [`super::Scanner`]).
    pub(crate) fn phrase_sets(&self) -> Vec<&PhraseSet> {
        vec![&self.lex]
    }

    /// The negative phrasing in `text`, at most one finding per clause unit, in unit order. A
    /// ban or negated behaviour is no finding when another unit is a positive alternative; a
    /// double negation always is.
    pub fn check(&self, text: &str) -> Vec<TextHit> {
        self.check_analysis(&Analysis::new(text))
    }

    /// [`Self::check`] on a text already analysed (shared between the text rules).
    pub fn check_analysis(&self, a: &Analysis<'_>) -> Vec<TextHit> {
        let mut hits = Vec::new();
        if a.units.is_empty() {
            return hits;
        }
        let mut ms: Vec<Match> = Vec::new();
        self.lex.find(a, &mut ms);
        if !ms
            .iter()
            .any(|m| matches!(m.tag, NEG | WEAK | PROHIB | CESS))
        {
            return hits;
        }
        let mut cx = Ctx {
            a,
            flags: vec![0u16; a.toks.len()],
            ranges: Vec::new(),
            roles: Vec::new(),
            alt: Vec::new(),
        };
        for m in &ms {
            if m.tag == CANCEL {
                for f in &mut cx.flags[m.start..m.end] {
                    *f |= bit(CANCEL);
                }
            }
        }
        // "niet X maar Y" corrects X to Y: it says who or what it is, not a ban; "niet alleen X
        // maar [werkwoord] ook Y" adds Y to X.
        for m in &ms {
            if m.tag == NEG && (Self::contrast(a, m.start) || Self::not_only(a, m.start)) {
                cx.flags[m.start] |= bit(CANCEL);
            }
        }
        for m in &ms {
            match m.tag {
                CANCEL => {}
                PROHIB | CESS | NONOBS => {
                    // A pattern that overlaps a non-negating expression ("niet meer dan") is void.
                    if m.tag != NONOBS
                        && cx.flags[m.start..m.end]
                            .iter()
                            .any(|f| f & bit(CANCEL) != 0)
                    {
                        continue;
                    }
                    cx.ranges
                        .push((a.toks[m.start].unit, m.start, m.end, m.tag));
                }
                t => cx.flags[m.start] |= bit(t),
            }
        }
        cx.ranges.sort_unstable();
        cx.roles = self.roles(&cx);
        cx.alt = (0..a.units.len())
            .map(|v| self.alternative(&cx, v))
            .collect();
        let n_alt = cx.alt.iter().filter(|&&x| x).count();

        for u in 0..a.units.len() {
            if let Some(h) = self.double(&cx, u) {
                hits.push(h);
                continue;
            }
            if let Some((kind, span)) = self.ban(&cx, u) {
                // An alternative in another unit of the voorwaarde.
                if n_alt > usize::from(cx.alt[u]) {
                    continue;
                }
                let m = match kind {
                    Kind5::Ban => &self.m.alleen_verbod,
                    Kind5::Negated => &self.m.ontkend_gedrag,
                    Kind5::NegatedChild => self
                        .m
                        .ontkend_gedrag_kind
                        .as_ref()
                        .unwrap_or(&self.m.ontkend_gedrag),
                };
                hits.push(TextHit {
                    category: "alleen_verbod".into(),
                    label: m.label.clone(),
                    span,
                    hint: m.hint.clone(),
                    detail: None,
                });
            }
        }
        hits
    }

    /// The negator at token `i` opens a contrast "niet/geen X maar Y" inside its unit: "Niet
    /// vader maar oma brengt ...", "belt niet vader maar haar zus", "brengt de kinderen niet naar
    /// zijn eigen huis maar naar oma", "drinkt geen bier maar water". X is a short phrase without
    /// a finite verb (a possessive "zijn" aside); Y is not a new verb phrase ("maar belt ..."
    /// starts a unit of its own, see `token`).
    fn contrast(a: &Analysis<'_>, i: usize) -> bool {
        if !matches!(a.norm(i), "niet" | "geen") {
            return false;
        }
        let unit = a.toks[i].unit;
        let mut words = 0;
        for j in i + 1..a.toks.len() {
            let t = &a.toks[j];
            if t.unit != unit || !t.is_word() {
                return false;
            }
            let w = a.norm(j);
            if w == "maar" {
                return words > 0
                    && a.toks
                        .get(j + 1)
                        .is_some_and(|n| n.unit == unit && n.is_word() && !a.verb_like(j + 1));
            }
            words += 1;
            if words > 6 || (a.verb_like(j) && w != "zijn") || is_in(COORDINATORS, w) {
                return false;
            }
        }
        false
    }

    /// The negator at token `i` opens "niet alleen X, maar [werkwoord] ... ook Y": X is at least
    /// one word of its clause, and the next clause of the sentence starts with "maar" and holds
    /// "ook" ("brengt de kinderen niet alleen naar school maar haalt ze ook op"). The verb after
    /// "maar" starts a clause of its own (see `token`), so `geen_ontkenning`, which matches
    /// within one clause, cannot see the "ook". "laat de kinderen niet alleen, maar ..." (alone)
    /// has no X.
    fn not_only(a: &Analysis<'_>, i: usize) -> bool {
        let word_at = |j: usize| a.toks.get(j).filter(|t| t.is_word());
        if a.norm(i) != "niet" || word_at(i + 1).is_none() || a.norm(i + 1) != "alleen" {
            return false;
        }
        let clause = a.toks[i].clause;
        let Some(sent) = a.sentences.iter().find(|s| s.contains(&i)) else {
            return false;
        };
        if word_at(i + 2).is_none_or(|t| t.clause != clause) {
            return false;
        }
        let mut next =
            (i + 2..sent.end).filter(|&j| a.toks[j].is_word() && a.toks[j].clause != clause);
        let Some(maar) = next.next() else {
            return false;
        };
        a.toks[maar].clause == clause + 1
            && a.norm(maar) == "maar"
            && (maar + 1..sent.end)
                .take_while(|&j| a.toks[j].clause == clause + 1)
                .any(|j| a.toks[j].is_word() && a.norm(j) == "ook")
    }

    /// A strong negator at token `i` that negates.
    fn neg(cx: &Ctx, i: usize) -> bool {
        cx.flags[i] & bit(NEG) != 0 && cx.flags[i] & bit(CANCEL) == 0
    }

    /// Double negation in unit `u`.
    fn double(&self, cx: &Ctx, u: usize) -> Option<TextHit> {
        let a = cx.a;
        let mut prev: Option<(usize, u8)> = None; // (token, 2 strong / 1 weak / 0 negative word)
        let mut sep_since_prev = false;
        for i in a.units[u].range.clone() {
            let t = &a.toks[i];
            if t.unit != u as u32 {
                continue;
            }
            if t.kind == Kind::Punct {
                sep_since_prev |= t.ch == ',';
                continue;
            }
            let w = a.norm(i);
            if matches!(w, "en" | "of" | "noch" | "maar") {
                sep_since_prev = true;
            }
            let strength = if Self::neg(cx, i) && w != "noch" {
                2
            } else if cx.flags[i] & bit(WEAK) != 0 {
                1
            } else if cx.flags[i] & bit(DOUBLE) != 0 {
                0
            } else {
                continue;
            };
            if let Some((p, ps)) = prev {
                let close = i - p <= self.double_window && !sep_since_prev;
                // A negator negates the other element ("niet onvoldoende", "nooit zonder
                // toezicht"). "zonder" with a negative word is no double negation: "zonder
                // afmelding afwezig" is absent and unannounced. Nor is "zonder X" before the
                // negator in a condition, which describes the trigger: "als Sanne zonder bericht
                // niet op school is".
                let negating = (ps == 2 || strength == 2)
                    && !(ps == 1 && a.units[u].subordinate && !a.units[u].purpose);
                if close && negating {
                    let m = &self.m.dubbele_ontkenning;
                    return Some(TextHit {
                        category: "dubbele_ontkenning".into(),
                        label: m.label.clone(),
                        span: a.span(p, i),
                        hint: m.hint.clone(),
                        detail: None,
                    });
                }
            }
            prev = Some((i, strength));
            sep_since_prev = false;
        }
        None
    }

    /// Whether unit `u` only forbids; the kind of finding and its span.
    fn ban(&self, cx: &Ctx, u: usize) -> Option<(Kind5, std::ops::Range<usize>)> {
        let a = cx.a;
        let unit = &a.units[u];
        if unit.subordinate {
            return None;
        }
        let lead = a.unit_words(u).find(|&i| !is_in(COORDINATORS, a.norm(i)))?;
        let dep = self.dependent_ranges(cx, u, lead);
        // Sorted, disjoint ranges.
        let in_dep = |i: usize| {
            let k = dep.partition_point(|d| d.end <= i);
            dep.get(k).is_some_and(|d| d.contains(&i))
        };
        let negs: Vec<usize> = a
            .unit_words(u)
            .filter(|&i| !in_dep(i) && Self::neg(cx, i))
            .collect();
        let pats: Vec<(usize, usize)> = Self::unit_ranges(cx, u)
            .iter()
            .filter(|r| matches!(r.3, PROHIB | CESS) && !(r.1..r.2).any(in_dep))
            .map(|r| (r.1, r.2))
            .collect();
        if negs.is_empty() && pats.is_empty() {
            return None;
        }
        let (role, subj) = cx.roles[u];
        if let Some(&first) = negs.first()
            && self.outcome_state(cx, u, role, first)
        {
            return None;
        }
        if !pats.is_empty() {
            let s = pats.iter().map(|p| p.0).min().unwrap_or(lead);
            let e = pats.iter().map(|p| p.1).max().unwrap_or(lead + 1);
            return Some((Kind5::Ban, a.span(s, e.saturating_sub(1))));
        }
        let first = negs[0];
        let last_word = a
            .unit_words(u)
            .filter(|&i| !in_dep(i))
            .last()
            .unwrap_or(first);
        if first == lead && !unit.coordinated {
            // Nominal ban: "Geen alcohol in huis", "Niemand slaat de kinderen".
            return Some((Kind5::Ban, a.span(first, last_word)));
        }
        // The same ban with a dummy subject: "Er is geen alcohol in huis", "Er zijn geen wapens".
        // A negated harm word stays allowed ("er is geen geweld waar de kinderen bij zijn").
        if role == Role::Existential && self.existential_negation(cx, u, lead, first) {
            return Some((Kind5::Ban, a.span(lead, last_word)));
        }
        // Negated behaviour of an actor, or of the child itself ("Sanne verzuimt niet", "Lisa
        // heeft geen contact met Kevin"); harm outcomes were let through above.
        if matches!(
            role,
            Role::Actor | Role::Hidden | Role::Protected | Role::Name
        ) {
            let from = subj
                .filter(|&s| s < first && a.toks[s].unit == u as u32)
                .unwrap_or(lead);
            let mut to = first;
            if a.norm(first) == "geen"
                && let Some(n) = a.unit_words(u).find(|&i| i > first)
            {
                to = n;
            }
            let kind = if role == Role::Protected {
                Kind5::NegatedChild
            } else {
                Kind5::Negated
            };
            return Some((kind, a.span(from, to)));
        }
        None
    }

    /// Unit `u` opens with "er" and a state verb, and the negator `first` follows the verb
    /// directly ("er is geen ...", "er zijn nooit ..."), with no harm or victim word after it.
    fn existential_negation(&self, cx: &Ctx, u: usize, lead: usize, first: usize) -> bool {
        let a = cx.a;
        let mut words = a.unit_words(u).skip_while(|&i| i < lead);
        let (Some(er), Some(verb), Some(neg)) = (words.next(), words.next(), words.next()) else {
            return false;
        };
        a.norm(er) == "er"
            && cx.flags[verb] & bit(STATE) != 0
            && neg == first
            && !a
                .unit_words(u)
                .any(|i| i > first && cx.flags[i] & (bit(HARM) | bit(VICTIM)) != 0)
    }

    /// Dependent clauses inside unit `u`: from a complementiser or relative word ("zorgt dat
    /// ...", "waar de kinderen bij zijn") to the first finite verb after it, and from a purpose
    /// or complement "om" to the infinitive after "te" ("gemotiveerd om te stoppen"). A "dat"
    /// after a verb of agreeing opens the content of the voorwaarde, not a dependent clause.
    fn dependent_ranges(&self, cx: &Ctx, u: usize, lead: usize) -> Vec<std::ops::Range<usize>> {
        let a = cx.a;
        let mut out = Vec::new();
        let mut agreed = false;
        let mut open: Option<(usize, bool)> = None; // (start, waits for "te")
        let mut after_te = false;
        for i in a.unit_words(u) {
            let w = a.norm(i);
            if let Some((s, om)) = open {
                let end = if om {
                    if w == "te" {
                        after_te = true;
                        false
                    } else {
                        after_te
                    }
                } else {
                    // Verb-final: a verb that ends the unit or stands before the main verb
                    // ("waar de kinderen bij zijn is verboden"); not a possessive "zijn moeder".
                    let verb = |k: usize| a.verb_like(k) || cx.flags[k] & bit(STATE) != 0;
                    verb(i)
                        && self
                            .next_word(cx, i)
                            .filter(|&k| a.toks[k].unit == u as u32)
                            .is_none_or(verb)
                };
                if end {
                    out.push(s..i + 1);
                    open = None;
                    after_te = false;
                }
                continue;
            }
            agreed |= cx.flags[i] & bit(AGREE) != 0;
            if i <= lead {
                continue;
            }
            let te_follows = || {
                (i + 1..a.units[u].range.end.min(i + 12))
                    .any(|j| a.toks[j].unit == u as u32 && a.norm(j) == "te")
            };
            if w == "om" && te_follows() {
                open = Some((i, true));
            } else if is_in(COMPLEMENTISERS, w) && !(agreed && w == "dat") {
                open = Some((i, false));
            }
        }
        if let Some((s, _)) = open {
            out.push(s..a.units[u].range.end);
        }
        out
    }

    /// Type A: a negated harm outcome of the protected person (or a victim).
    fn outcome_state(&self, cx: &Ctx, u: usize, role: Role, first_neg: usize) -> bool {
        let a = cx.a;
        let mut state = false;
        let mut harm = false;
        let mut victim = false;
        // A perfect ("vader heeft moeder niet geslagen") reports the actor's act; "hebben" without a
        // participle is the main verb of possession ("mevrouw heeft geen letsel"): an outcome.
        let mut aux = false;
        let mut perfect = false;
        for i in a.unit_words(u) {
            let f = cx.flags[i];
            state |= f & bit(STATE) != 0;
            let w = a.norm(i);
            perfect |= aux && participle(w);
            aux |= is_in(PERFECT_AUX, w);
            if i > first_neg {
                harm |= f & (bit(HARM) | bit(VICTIM)) != 0;
                victim |= f & bit(VICTIM) != 0;
            }
        }
        // The harm the child is kept away from may stand in a condition of the same sentence:
        // "de kinderen zijn niet aanwezig als ouders ruziemaken".
        if matches!(role, Role::Protected | Role::Name) && !harm && state {
            harm = self.harm_in_subordinate(cx, first_neg);
        }
        match role {
            Role::Protected | Role::Name => harm,
            Role::Actor | Role::Agency => state && victim && !perfect,
            _ => false,
        }
    }

    /// A condition in the sentence that holds token `i` names the harm or the behaviour of an
    /// adult the child is kept away from: a subordinate unit (not a purpose) with a harm word
    /// ("als ouders ruziemaken") or with an actor as its subject ("als vader drinkt").
    fn harm_in_subordinate(&self, cx: &Ctx, i: usize) -> bool {
        let a = cx.a;
        let Some(sent) = a.sentences.iter().find(|s| s.contains(&i)) else {
            return false;
        };
        let unit = a.toks[i].unit;
        (0..a.units.len()).any(|v| {
            let unit_v = &a.units[v];
            v as u32 != unit
                && unit_v.subordinate
                && !unit_v.purpose
                && unit_v.range.start >= sent.start
                && unit_v.range.end <= sent.end
                && (a.unit_words(v).any(|k| cx.flags[k] & bit(HARM) != 0)
                    || (cx.roles[v].0 == Role::Actor
                        && cx.roles[v].1.is_some_and(|s| a.toks[s].unit == v as u32)))
        })
    }

    /// Pattern ranges of unit `u`.
    fn unit_ranges<'c>(cx: &'c Ctx, u: usize) -> &'c [(u32, usize, usize, u32)] {
        let lo = cx.ranges.partition_point(|r| r.0 < u as u32);
        let hi = cx.ranges.partition_point(|r| r.0 <= u as u32);
        &cx.ranges[lo..hi]
    }

    /// Unit `v` states an observable positive alternative: a main clause without negation,
    /// prohibition or unobservable phrasing, with a person and some content.
    fn alternative(&self, cx: &Ctx, v: usize) -> bool {
        let a = cx.a;
        if a.units[v].subordinate || !Self::unit_ranges(cx, v).is_empty() {
            return false;
        }
        let mut content = 0;
        let mut person = cx.roles[v].0.is_person();
        let mut verb = false;
        let subj = cx.roles[v].1.filter(|&s| a.toks[s].unit == v as u32);
        let mut lead: Option<usize> = None;
        for i in a.unit_words(v) {
            if Self::neg(cx, i) || cx.flags[i] & bit(WEAK) != 0 {
                return false;
            }
            let w = a.norm(i);
            if lead.is_none() && !is_in(COORDINATORS, w) {
                lead = Some(i);
            }
            person |= cx.flags[i] & PERSON != 0;
            // A finite verb: a known form or -t ending, or a plural -en as the first word after
            // the subject's noun phrase or at the start of a coordinated unit ("maar bespreken").
            let plural = w.ends_with("en")
                && !is_in(FUNCTION_WORDS, w)
                && !is_in(DETERMINERS, w)
                && cx.flags[i] & PERSON == 0
                && (lead == Some(i)
                    || subj.is_some_and(|s| s < i && self.only_np_between(cx, s, i)));
            verb |= a.verb_like(i) || plural || cx.flags[i] & bit(STATE) != 0;
            if !is_in(FUNCTION_WORDS, w) {
                content += 1;
            }
        }
        person && verb && content >= 2
    }

    /// The subject role of every unit, in order.
    fn roles(&self, cx: &Ctx) -> Vec<(Role, Option<usize>)> {
        let a = cx.a;
        let mut out = Vec::with_capacity(a.units.len());
        let mut last_person = Role::None;
        let mut prev = Role::None;
        for u in 0..a.units.len() {
            let r = self.subject(cx, u, prev, last_person);
            if r.0.is_person() {
                last_person = r.0;
            }
            prev = r.0;
            out.push(r);
        }
        out
    }

    fn subject(&self, cx: &Ctx, u: usize, prev: Role, last_person: Role) -> (Role, Option<usize>) {
        let a = cx.a;
        let unit = &a.units[u];
        let continuation = unit.coordinated || unit.paren;
        let mut lead: Option<usize> = None;
        let mut passive = false;
        for i in a.unit_words(u) {
            passive |= is_in(PASSIVE_AUX, a.norm(i));
        }
        for i in a.unit_words(u) {
            let w = a.norm(i);
            if lead.is_none() {
                if is_in(COORDINATORS, w) || is_in(SUBORDINATORS, w) {
                    continue;
                }
                lead = Some(i);
                if continuation && a.verb_like(i) && cx.flags[i] & PERSON == 0 {
                    return (prev, None);
                }
            }
            let f = cx.flags[i];
            let role = if f & bit(PROTECTED) != 0 {
                Role::Protected
            } else if f & bit(ACTOR) != 0 {
                Role::Actor
            } else if f & bit(AGENCY) != 0 || (a.toks[i].acronym && a.toks[i].kind == Kind::Word) {
                Role::Agency
            } else if f & bit(PRONOUN) != 0 {
                if self.in_pp(cx, i) {
                    continue;
                }
                return (
                    if last_person.is_person() {
                        last_person
                    } else {
                        Role::Actor
                    },
                    Some(i),
                );
            } else if let Some(r) = self.name_role(cx, i) {
                r
            } else {
                continue;
            };
            if self.in_pp(cx, i) || self.after_title(cx, i) {
                continue;
            }
            return (role, Some(i));
        }
        if let Some(l) = lead
            && a.norm(l) == "er"
        {
            return (
                if passive {
                    Role::Hidden
                } else {
                    Role::Existential
                },
                None,
            );
        }
        if unit.coordinated {
            return (prev, None);
        }
        (Role::None, None)
    }

    /// A first name: capitalised, not an acronym, not a lexicon word, not sentence-initial
    /// unless an age or a role in brackets follows ("Noor (8) ...", "Pieter (vader) ...").
    /// Protected after zoon/dochter or with an age; the role of a bracketed role word
    /// ("Pieter (vader)": an actor, "Sanne (dochter)": protected).
    fn name_role(&self, cx: &Ctx, i: usize) -> Option<Role> {
        let a = cx.a;
        let t = &a.toks[i];
        let placeholder = t.paren && a.norm(i) == "naam";
        if !placeholder && (t.kind != Kind::Word || !t.cap || t.acronym || cx.flags[i] != 0) {
            return None;
        }
        let w = a.norm(i);
        if is_in(FUNCTION_WORDS, w) || is_in(DETERMINERS, w) || is_in(PREPOSITIONS, w) {
            return None;
        }
        let bracket = a
            .toks
            .get(i + 1)
            .is_some_and(|n| n.kind == Kind::Punct && n.ch == '(');
        let age = bracket && a.toks.get(i + 2).is_some_and(|n| n.kind == Kind::Number);
        // A role word right inside the brackets names the role of the name ("Pieter (vader)",
        // "Sanne (dochter)"): it decides over the role of the words after it.
        let bracket_role = if bracket && a.toks.get(i + 2).is_some_and(|n| n.is_word()) {
            let f = cx.flags[i + 2];
            if f & bit(ACTOR) != 0 {
                Some(Role::Actor)
            } else if f & bit(PROTECTED) != 0 {
                Some(Role::Protected)
            } else {
                None
            }
        } else {
            None
        };
        // Sentence-initial: a name only before an age or a finite verb ("Lisa heeft ..."), and
        // not an adverb ("Dagelijks brengt ...").
        if t.sentence_start
            && !age
            && bracket_role.is_none()
            && (is_in(SENTENCE_OPENERS, w)
                || w.ends_with("lijks")
                || !self
                    .next_word(cx, i)
                    .is_some_and(|n| a.verb_like(n) && a.toks[n].kind == Kind::Word))
        {
            return None;
        }
        if let Some(r) = bracket_role {
            return Some(r);
        }
        let after_child = self
            .prev_word(cx, i)
            .is_some_and(|p| cx.flags[p] & bit(PROTECTED) != 0);
        Some(if age || after_child {
            Role::Protected
        } else {
            Role::Name
        })
    }

    /// Between the subject `s` and `i` stand only words of a coordinated subject
    /// ("vader en moeder", "oma en opa").
    fn only_np_between(&self, cx: &Ctx, s: usize, i: usize) -> bool {
        let a = cx.a;
        (s + 1..i).all(|k| {
            let t = &a.toks[k];
            !t.is_word()
                || cx.flags[k] & PERSON != 0
                || matches!(a.norm(k), "en" | "of")
                || is_in(DETERMINERS, a.norm(k))
                || t.cap
        })
    }

    fn next_word(&self, cx: &Ctx, i: usize) -> Option<usize> {
        let a = cx.a;
        (i + 1..a.toks.len()).find(|&j| a.toks[j].is_word())
    }

    fn prev_word(&self, cx: &Ctx, i: usize) -> Option<usize> {
        let a = cx.a;
        (0..i).rev().find(|&j| a.toks[j].is_word())
    }

    /// A name right after a title ("oom Ahmed"): part of the title's noun phrase.
    fn after_title(&self, cx: &Ctx, i: usize) -> bool {
        cx.a.toks[i].cap
            && self
                .prev_word(cx, i)
                .is_some_and(|p| cx.flags[p] & (bit(ACTOR) | bit(PROTECTED)) != 0)
    }

    /// Token `i` is inside a prepositional phrase: a preposition stands before it with only
    /// determiners, adjectives in -e, names or `en`/`of` in between.
    fn in_pp(&self, cx: &Ctx, i: usize) -> bool {
        let a = cx.a;
        let unit = a.toks[i].unit;
        let mut j = i;
        for _ in 0..4 {
            let Some(p) = (0..j).rev().find(|&k| a.toks[k].is_word()) else {
                return false;
            };
            if a.toks[p].unit != unit {
                return false;
            }
            let w = a.norm(p);
            if is_in(PREPOSITIONS, w) {
                return true;
            }
            let transparent = is_in(DETERMINERS, w)
                || matches!(w, "en" | "of")
                || cx.flags[p] & PERSON != 0
                || (w.ends_with('e') && w.len() > 3 && !a.verb_like(p));
            if !transparent {
                return false;
            }
            j = p;
        }
        false
    }
}

/// A Dutch past participle: `ge` near the start ("geslagen", "opgesloten", "uitgescholden") or an
/// unstressed prefix without `ge` ("bedreigd", "mishandeld", "veroorzaakt"), ending in d, t or en.
/// Not the nouns "geweld", "getuigen" and "-ingen" ("bedreigingen"). (VT-V04's, plus `mis-`.)
fn participle(w: &str) -> bool {
    !(matches!(w, "geweld" | "getuigen") || w.ends_with("ingen"))
        && super::participle_shape(w, &["be", "ver", "ont", "her", "mis"])
}
