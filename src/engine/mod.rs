//! Evaluating compiled rules on one dossier at a time.
//!
//! The engine is pure: a dossier, a rule set and an as-of date in, outcomes out. It keeps no state
//! between dossiers, so dossiers can be checked in parallel and in any grouping, and the report
//! stage alone decides order and format.

mod kinds;
pub mod pred;

use std::sync::Arc;

use chrono::NaiveDate;

use crate::dossier::{Dossier, Pos};
use crate::rules::{Check, RuleSet, Severity, Status, Template};

pub use kinds::{DAYS_PER_MONTH, months_between};

/// A finding: an outcome whose status is listed in reports (violation, open, exempt,
/// unassessable), with its evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The dossier's `id` as the export writes it (a pseudonym once
    /// [`crate::baseline::pseudonymise`] has run).
    pub dossier: Arc<str>,
    /// The dossier's `regio`, as its code in the region table.
    pub region: Arc<str>,
    /// Index of the rule in the rule set.
    pub rule: usize,
    /// What the rule says here: `violation`, `open`, `exempt` or `unassessable`, or `waived` once
    /// a waiver accepted the violation (any status with [`Engine::keep_all`]).
    pub status: Status,
    /// The rule's severity, as the rule set holds it (with any `[severity]` override applied).
    pub severity: Severity,
    /// The item the outcome is about, named as reports name it (`V2`, `overdracht[1]`); `None` for
    /// an outcome about the whole dossier.
    pub item: Option<String>,
    /// The last day of the term (an event on it is in time), for deadline and interval rules;
    /// else `None`.
    pub due: Option<NaiveDate>,
    /// The date of the event the finding is about (the one that met or missed the term, an
    /// inconsistent one); `None` when there is none, as for a term whose event is not recorded.
    pub observed: Option<NaiveDate>,
    /// The Dutch message: the rule file's message for this status with its placeholders filled
    /// (dates as `DD-MM-YYYY`), else a default one; a waived finding's ends by citing the waiver.
    /// Empty for `pass` and `not_applicable`.
    pub message: String,
    /// The file the dossier was read from, as reports name it ([`crate::dossier::Origin::file`]).
    pub file: Arc<str>,
    /// Where in `file` the finding points: the event, item or value it is about, else the start of
    /// the dossier.
    pub pos: Pos,
    /// Phrases inside dossier free text (text rules). Free text: reports show these only in the
    /// human format or when the user asks for text.
    pub phrases: Vec<Phrase>,
    /// How many violations or waived findings with the same dossier, rule and item come before
    /// this one in report order (0 for any other status). Set by [`crate::findings::Iter`] as
    /// it reads the sorted findings; the baseline fingerprints count it, so that two violations
    /// on one item (two unknown voorwaarden of one overdracht) stay two.
    pub occurrence: u32,
}

/// A phrase a text rule found in a voorwaarde: the words, and what is wrong with them.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    /// The words as they stand in the dossier's text: free text (see [`Finding::phrases`]).
    pub text: String,
    /// The Dutch label of the phrase's category ("evaluatief woord zonder criterium"), from the
    /// rule's lexicon.
    pub label: String,
    /// The Dutch hint on how to rewrite it, from the rule's lexicon.
    pub hint: String,
    /// Extra figures ("31 woorden", "Flesch-Douma 41"), never input text; `None` for categories
    /// without them.
    pub detail: Option<String>,
}

/// Everything the engine says about one dossier.
#[derive(Debug, Clone)]
pub struct DossierResult {
    /// The dossier's `id`, as the export writes it.
    pub id: Arc<str>,
    /// The dossier's `regio`, as its code in the region table.
    pub region: Arc<str>,
    /// The dossier's `ontvangen` date, where most terms start.
    pub received: NaiveDate,
    /// The file the dossier was read from, as reports name it ([`crate::dossier::Origin::file`]).
    pub file: Arc<str>,
    /// Where the dossier starts in `file`.
    pub pos: Pos,
    /// The dossier-level status per rule (index aligned with the rule set); for item rules the
    /// most serious item status.
    pub statuses: Vec<Status>,
    /// The outcomes reports list (every outcome with [`Engine::keep_all`]), in rule-set order and
    /// unsorted: [`crate::check::run`] sorts them into report order.
    pub findings: Vec<Finding>,
    /// Values for population rules: (rule index, value in months).
    pub samples: Vec<(usize, f64)>,
    /// The names of every item of the dossier (`V2`, `overdracht[1]`), as findings name them;
    /// only with [`Engine::keep_all`]: a rule test tells an item a rule passes over from one
    /// that is not there.
    pub items: Vec<String>,
}

/// The context every rule sees.
pub struct Engine<'r> {
    /// The rule set; findings and statuses index its rules.
    pub rules: &'r RuleSet,
    /// The as-of date (peildatum): a term that ended before it without its event is a violation,
    /// one still running is `open`. Set it anew to check another day with the same engine.
    pub as_of: NaiveDate,
    /// Keep `pass` and `not_applicable` outcomes as findings too (rule tests need every verdict;
    /// reports only the listed statuses).
    pub keep_all: bool,
    /// The lexicons of every text rule over a list in one automaton: each voorwaarde is scanned
    /// once for all of them ([`Engine::analyse_texts`]).
    scanner: Option<crate::text::Scanner>,
}

/// One outcome before it becomes a finding.
pub(crate) struct Outcome {
    pub status: Status,
    pub item: Option<String>,
    pub due: Option<NaiveDate>,
    pub observed: Option<NaiveDate>,
    pub pos: Pos,
    /// Values for the message template's placeholders.
    pub vars: Vec<(&'static str, String)>,
    /// A template other than the rule's per-status message (consistency checks have their own).
    pub template: Option<Template>,
    pub phrases: Vec<Phrase>,
}

impl Outcome {
    /// Whether this outcome will be reported, so its message values are worth building: most
    /// outcomes are passes, and formatting their dates and names would be wasted.
    pub fn reported(&self, s: &pred::Scope<'_>) -> bool {
        s.keep_all || self.status.is_finding()
    }

    pub fn new(status: Status, pos: Pos) -> Outcome {
        Outcome {
            status,
            item: None,
            due: None,
            observed: None,
            pos,
            vars: Vec::new(),
            template: None,
            phrases: Vec::new(),
        }
    }
}

impl<'r> Engine<'r> {
    /// An engine for `rules` at `as_of`, with `keep_all` off. Builds the text rules' joint phrase
    /// automaton, so make it once and check many dossiers with it.
    pub fn new(rules: &'r RuleSet, as_of: NaiveDate) -> Self {
        let scanner = crate::text::Scanner::new(
            rules
                .rules
                .iter()
                .filter_map(|r| r.list_text_check())
                .flat_map(|x| x.analyzer.phrase_sets()),
        );
        Engine {
            rules,
            as_of,
            keep_all: false,
            scanner,
        }
    }

    /// Evaluates every rule on `d`: pure, with no I/O and no state kept between dossiers. Waivers
    /// are not applied (see [`crate::waivers::Waivers::apply_to`]).
    pub fn check(&self, d: &Dossier) -> DossierResult {
        let id: Arc<str> = d.id().into();
        let region: Arc<str> = d.region().into();
        let mut statuses = Vec::with_capacity(self.rules.rules.len());
        let mut findings = Vec::new();
        let mut samples = Vec::new();
        let texts = self.analyse_texts(d);
        let memo = pred::Memo::default();
        let scope = pred::Scope {
            dossier: d,
            as_of: self.as_of,
            item: None,
            keep_all: self.keep_all,
            texts: &texts,
            memo: &memo,
            kinds: d.events.iter().fold(0, |m, e| m | e.kind_bit),
        };
        let mut outcomes = Vec::new();
        for (ri, rule) in self.rules.rules.iter().enumerate() {
            let applies = match &rule.applies {
                _ if !rule.in_force(d.received()) => pred::Truth::False,
                None => pred::Truth::True,
                Some(p) if rule.applies_three_valued => pred::truth(p, scope),
                Some(p) if pred::eval(p, scope) => pred::Truth::True,
                Some(_) => pred::Truth::False,
            };
            if let pred::Truth::Unknown(gap) = applies {
                // Whether the rule applies hangs on a value the dossier leaves out: the data to
                // judge is missing, which is `unassessable`, not `not_applicable` (that would
                // hide a veiligheidsbeoordeling without `besluit` from every report).
                statuses.push(Status::Unassessable);
                let mut o = undecided_outcome(
                    "Niet te beoordelen of de regel van toepassing is: ",
                    &gap.describe(None),
                    gap.pos(),
                );
                // A term does not hang on whether the rule applies: the finding of a deadline
                // rule gives its due date, and the event's date if there is one, as every
                // deadline finding does (cli-contract: `due` and `observed`).
                if let Check::Deadline(_) = &rule.check {
                    outcomes.clear();
                    kinds::evaluate(&rule.check, scope, &self.rules.calendar, d, &mut outcomes);
                    if let [judged] = outcomes.as_slice() {
                        (o.due, o.observed) = (judged.due, judged.observed);
                    }
                }
                findings.push(self.finding(d, &id, &region, ri, o));
                continue;
            }
            if matches!(applies, pred::Truth::False) {
                statuses.push(Status::NotApplicable);
                if self.keep_all {
                    findings.push(self.finding(
                        d,
                        &id,
                        &region,
                        ri,
                        Outcome::new(Status::NotApplicable, d.origin.pos),
                    ));
                }
                continue;
            }
            if let Check::Population(p) = &rule.check {
                if let Some(v) = kinds::population(p, scope) {
                    samples.push((ri, v));
                }
                statuses.push(Status::NotApplicable);
                continue;
            }
            outcomes.clear();
            kinds::evaluate(&rule.check, scope, &self.rules.calendar, d, &mut outcomes);
            let status = outcomes
                .iter()
                .map(|o| o.status)
                .max_by_key(|s| s.rank())
                .unwrap_or(Status::NotApplicable);
            statuses.push(status);
            for o in outcomes.drain(..) {
                if self.keep_all || o.status.is_finding() {
                    findings.push(self.finding(d, &id, &region, ri, o));
                }
            }
        }
        DossierResult {
            id,
            region,
            received: d.received(),
            file: d.origin.file.clone(),
            pos: d.origin.pos,
            statuses,
            findings,
            samples,
            items: if self.keep_all {
                item_names(d)
            } else {
                Vec::new()
            },
        }
    }
}

/// The names of the items of `d`: the elements of its item lists, then its events.
fn item_names(d: &Dossier) -> Vec<String> {
    use crate::dossier::schema::{DOSSIER, Ty};
    let lists = DOSSIER.fields.iter().enumerate();
    let objs = lists
        .filter(|(_, f)| matches!(f.ty, Ty::List(_)))
        .flat_map(|(i, _)| d.root.list(i))
        .map(|o| pred::item_name(pred::ItemRef::Obj(o)));
    let events = d
        .events
        .iter()
        .map(|e| pred::item_name(pred::ItemRef::Event(e)));
    objs.chain(events).collect()
}

impl Engine<'_> {
    /// Analyses every text a text rule of this rule set will read in `d`, once.
    fn analyse_texts<'d>(&self, d: &'d Dossier) -> pred::TextCache<'d> {
        let mut texts = pred::TextCache::default();
        for rule in &self.rules.rules {
            // Text rules over a list (voorwaarden); others analyse on demand.
            if let Some(x) = rule.list_text_check()
                && let crate::rules::model::Collection::List(list, _, _) = &x.items
            {
                for item in d.root.list(*list) {
                    if let Some(t) = item.val(x.field).as_str() {
                        texts.add(t, self.scanner.as_ref());
                    }
                }
            }
        }
        texts
    }

    fn finding(
        &self,
        d: &Dossier,
        id: &Arc<str>,
        region: &Arc<str>,
        ri: usize,
        o: Outcome,
    ) -> Finding {
        let rule = &self.rules.rules[ri];
        if cfg!(debug_assertions) {
            let listed = placeholders(rule.check.kind_key());
            let filled = o.vars.iter().map(|(k, _)| *k).chain(
                [
                    o.due.map(|_| "due"),
                    o.observed.map(|_| "observed"),
                    o.item.as_ref().map(|_| "item"),
                ]
                .into_iter()
                .flatten(),
            );
            for k in filled {
                debug_assert!(
                    listed.contains(&k),
                    "engine::placeholders lacks `{k}` for {}",
                    rule.check.kind_key()
                );
            }
        }
        let template = o.template.as_ref().or_else(|| rule.message(o.status));
        let message = match template {
            Some(t) if o.status.is_finding() => render(t, &o, self.as_of),
            _ => default_message(&o, &rule.check),
        };
        Finding {
            dossier: id.clone(),
            region: region.clone(),
            rule: ri,
            status: o.status,
            severity: rule.severity,
            item: o.item,
            due: o.due,
            observed: o.observed,
            message,
            file: d.origin.file.clone(),
            pos: o.pos,
            phrases: o.phrases,
            occurrence: 0,
        }
    }
}

/// `unassessable` because a value the judgement needs is not there ([`pred::truth`]): `lead`,
/// then what is missing (`what`, from [`pred::Gap::describe`]), as the outcome's own message.
/// The rule's messages describe a judged case, and their placeholders would have no values here.
pub(crate) fn undecided_outcome(lead: &str, what: &str, pos: Pos) -> Outcome {
    let mut o = Outcome::new(Status::Unassessable, pos);
    o.template = Some(Template([lead, what, "."].concat()));
    o
}

fn default_message(o: &Outcome, check: &Check) -> String {
    match o.status {
        // A rule kind that says what is missing (a deadline's undecided event) says it here
        // too when the rule file has no message for this status.
        Status::Unassessable
            if let Some((_, w)) = o.vars.iter().find(|(k, _)| *k == "waarneming") =>
        {
            ["Niet te beoordelen: ", w, "."].concat()
        }
        // A requirement has no term: it is open until `overtreding_zodra` holds.
        Status::Open if matches!(check, Check::Requirement(_)) => {
            "Nog niet aan de eis voldaan; dat is nog geen overtreding.".into()
        }
        Status::Open => "De termijn loopt nog.".into(),
        Status::Exempt => "Uitgezonderd: het dossier legt een toegestane uitzondering vast.".into(),
        Status::Unassessable => {
            "Niet te beoordelen: de benodigde gegevens ontbreken of spreken elkaar tegen.".into()
        }
        _ => String::new(),
    }
}

/// The `{placeholders}` a message of each rule kind (its `controle.soort`) may use: exactly the
/// values the engine fills in for that kind (`due`/`termijndatum` from the outcome's due date,
/// `observed`/`datum` from its observed date, `item` from its item, `peildatum` always, the
/// rest from `Outcome::vars`). Rule files are checked against it when they are compiled, and
/// in debug builds every finding checks that its values are listed, so the two cannot drift.
pub fn placeholders(kind: &str) -> &'static [&'static str] {
    match kind {
        "termijn" => &[
            "due",
            "termijndatum",
            "observed",
            "datum",
            "peildatum",
            "termijn",
            "start",
            "waarneming",
            "verschil",
        ],
        "per_item" => &["item", "datum_item", "peildatum"],
        "consistentie" => &[
            "item",
            "observed",
            "datum",
            "datum_item",
            "grens",
            "verwijzing",
            "peildatum",
        ],
        "interval" => &[
            "due",
            "termijndatum",
            "observed",
            "datum",
            "peildatum",
            "termijn",
            "aantal",
            "waarneming",
        ],
        "tekst" => &["item", "categorie", "hint", "detail", "peildatum"],
        // `vereiste`, and `populatie` (whose messages are never rendered per dossier).
        _ => &["peildatum"],
    }
}

/// The placeholder names in a message template, as `render` reads them: `{name}`.
pub fn template_keys(t: &str) -> impl Iterator<Item = &str> {
    let mut rest = t;
    std::iter::from_fn(move || {
        let start = rest.find('{')?;
        let after = &rest[start + 1..];
        let end = after.find('}')?;
        rest = &after[end + 1..];
        Some(&after[..end])
    })
}

/// Fills `{placeholders}`: due, observed, peildatum, item and the rule kind's own values.
fn render(t: &Template, o: &Outcome, as_of: NaiveDate) -> String {
    use crate::dossier::model::push_date_nl;
    let mut out = String::with_capacity(t.0.len() + 32);
    let mut rest = t.0.as_str();
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let key = &after[..end];
        let known = match key {
            "due" | "termijndatum" => o.due.map(|d| push_date_nl(&mut out, d)).is_some(),
            "observed" | "datum" => o.observed.map(|d| push_date_nl(&mut out, d)).is_some(),
            "peildatum" => {
                push_date_nl(&mut out, as_of);
                true
            }
            "item" => o.item.as_deref().map(|v| out.push_str(v)).is_some(),
            _ => o
                .vars
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| out.push_str(v))
                .is_some(),
        };
        if !known {
            // Every name was checked against the kind's list when the rule file was compiled;
            // this outcome has no value for it (`{observed}` while the event is missing).
            out.push('—');
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Natural order for item names, so `V10` sorts after `V2`: digit runs compare by value (then
/// by length, so `V02` and `V2` still differ), everything else by character. Allocation-free: it
/// is the comparator of every sort and merge of findings.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    // Identical leading bytes compare equal either way: start at the first difference, backed
    // up to the start of its digit run and character (ids share long prefixes: GEN-UT-0001..).
    let mut start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    while start > 0
        && (a[start - 1].is_ascii_digit() || a.get(start).is_some_and(|c| c & 0xC0 == 0x80))
    {
        start -= 1;
    }
    let (mut i, mut j) = (start, start);
    loop {
        match (a.get(i), b.get(j)) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                let run = |s: &[u8], k: usize| {
                    k + s[k..].iter().take_while(|c| c.is_ascii_digit()).count()
                };
                let (ie, je) = (run(a, i), run(b, j));
                let (na, nb) = (&a[i..ie], &b[j..je]);
                let (ta, tb) = (trim_zeros(na), trim_zeros(nb));
                let ord = ta
                    .len()
                    .cmp(&tb.len())
                    .then_with(|| ta.cmp(tb))
                    .then_with(|| na.len().cmp(&nb.len()));
                if ord != Ordering::Equal {
                    return ord;
                }
                (i, j) = (ie, je);
            }
            (Some(_), Some(_)) => {
                // Compare one character each (UTF-8 byte order is code point order).
                let ca = a.len().min(i + utf8_len(a[i]));
                let cb = b.len().min(j + utf8_len(b[j]));
                let ord = a[i..ca].cmp(&b[j..cb]);
                if ord != Ordering::Equal {
                    return ord;
                }
                (i, j) = (ca, cb);
            }
        }
    }
}

/// A byte string whose plain byte order is [`natural_cmp`]'s order: comparing two keys is one
/// `memcmp` instead of a walk over digit runs. The sort of a national export's findings
/// compares dossier ids millions of times; each id's key is made once.
///
/// Characters other than digits are copied; a digit run becomes `'0'` (it sorts against other
/// characters as any digit does), the length of the run without leading zeros, those digits,
/// and the run's full length (32-bit big-endian lengths): shorter numbers first, then by value,
/// then fewer leading zeros first, exactly as [`natural_cmp`] decides. `'0'` marks only runs,
/// so the encoding is unambiguous and equal keys mean equal strings.
pub fn natural_key(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len() + 16);
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            let end = i + b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            let run = &b[i..end];
            let trimmed = trim_zeros(run);
            out.push(b'0');
            out.extend_from_slice(&(trimmed.len() as u32).to_be_bytes());
            out.extend_from_slice(trimmed);
            out.extend_from_slice(&(run.len() as u32).to_be_bytes());
            i = end;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

fn trim_zeros(s: &[u8]) -> &[u8] {
    let z = s.iter().take_while(|c| **c == b'0').count();
    &s[z..]
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod natural_order_tests {
    use super::natural_cmp;
    use proptest::prelude::*;
    use std::cmp::Ordering;

    /// The first, allocating implementation: the reference the fast one must agree with.
    fn reference(a: &str, b: &str) -> Ordering {
        let mut ai = a.chars().peekable();
        let mut bi = b.chars().peekable();
        loop {
            match (ai.peek().copied(), bi.peek().copied()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                    let mut na = String::new();
                    while let Some(c) = ai.peek().copied().filter(char::is_ascii_digit) {
                        na.push(c);
                        ai.next();
                    }
                    let mut nb = String::new();
                    while let Some(c) = bi.peek().copied().filter(char::is_ascii_digit) {
                        nb.push(c);
                        bi.next();
                    }
                    let ord = na
                        .trim_start_matches('0')
                        .len()
                        .cmp(&nb.trim_start_matches('0').len())
                        .then_with(|| na.trim_start_matches('0').cmp(nb.trim_start_matches('0')))
                        .then_with(|| na.len().cmp(&nb.len()));
                    if ord != Ordering::Equal {
                        return ord;
                    }
                }
                (Some(x), Some(y)) => {
                    if x != y {
                        return x.cmp(&y);
                    }
                    ai.next();
                    bi.next();
                }
            }
        }
    }

    #[test]
    fn table() {
        for (a, b, o) in [
            ("V2", "V10", Ordering::Less),
            ("V02", "V2", Ordering::Greater),
            ("GEN-AA-000002", "GEN-AA-000010", Ordering::Less),
            ("é1", "e1", Ordering::Greater),
            ("", "0", Ordering::Less),
        ] {
            assert_eq!(natural_cmp(a, b), o, "{a} vs {b}");
            assert_eq!(reference(a, b), o, "{a} vs {b}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_reference(a in "[0-9aAé€😀-]{0,12}", b in "[0-9aAé€😀-]{0,12}") {
            prop_assert_eq!(natural_cmp(&a, &b), reference(&a, &b));
        }

        #[test]
        fn keys_sort_in_natural_order(a in "[0-9/aAé€😀-]{0,12}", b in "[0-9/aAé€😀-]{0,12}") {
            let (ka, kb) = (super::natural_key(&a), super::natural_key(&b));
            prop_assert_eq!(ka.cmp(&kb), natural_cmp(&a, &b));
        }
    }

    #[test]
    fn key_table() {
        for (a, b) in [
            ("V2", "V10"),
            ("V2", "V02"),
            ("V", "V0"),
            ("V1", "V1a"),
            ("a/", "a0"),
        ] {
            assert_eq!(
                super::natural_key(a).cmp(&super::natural_key(b)),
                natural_cmp(a, b),
                "{a} vs {b}"
            );
        }
    }
}
