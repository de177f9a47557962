//! Compiled rules: what a rule file means, resolved against the dossier schema.
//!
//! Field names are resolved to slot indexes and enumeration values to the schema's own strings at
//! load time, so evaluation does no string lookups and a typo never reaches a dossier.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::calendar::Term;
use crate::dossier::Pos;
use crate::dossier::schema::ObjDef;
use crate::text::{Begrijpelijk, Concreet, Positief};

/// Severity of a rule. `info` is shown but never fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// `info`: guidance, shown but never failing a run.
    Info,
    /// `warning`: fails a run only at fail level `warning`.
    Warning,
    /// `error`: fails a run at the default fail level.
    Error,
}

impl Severity {
    /// Every severity with its key, most serious first.
    pub const ALL: [(&'static str, Severity); 3] = [
        ("error", Severity::Error),
        ("warning", Severity::Warning),
        ("info", Severity::Info),
    ];

    /// The English key reports, rule files and `vtcheck.toml` use: `error`, `warning`, `info`.
    pub fn key(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// A severity as written in a rule file, `vtcheck.toml` or `--fail-level`: its key
    /// (`error`, `warning`, `info`) or the Dutch word the reports show (`fout`,
    /// `waarschuwing`), which a quality officer copies from a report.
    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL
            .iter()
            .map(|(_, sev)| *sev)
            .find(|sev| sev.key() == s || sev.label_nl() == s)
    }

    /// The Dutch word reports show: `fout`, `waarschuwing`, `info`.
    pub fn label_nl(self) -> &'static str {
        match self {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
            Severity::Info => "info",
        }
    }
}

/// The outcome of one (dossier, rule[, item]) pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// `pass` (`voldaan`): the rule is met.
    Pass,
    /// `not_applicable` (`niet_van_toepassing`): the rule does not apply here, or is not in force
    /// on the dossier's received date.
    NotApplicable,
    /// `exempt` (`uitgezonderd`): the dossier records an allowed exception.
    Exempt,
    /// `open`: a term still running at the as-of date, or a requirement not yet violated.
    Open,
    /// `unassessable` (`onbeoordeelbaar`): the data to judge is missing or contradictory.
    Unassessable,
    /// `violation` (`overtreding`): the rule is broken.
    Violation,
    /// An accepted exception from a waiver file: shown and counted, never failing.
    Waived,
}

impl Status {
    /// Keys in the rule files (Dutch, for the people who write them) and in reports (English).
    pub const ALL: [(&'static str, &'static str, Status); 7] = [
        ("voldaan", "pass", Status::Pass),
        ("overtreding", "violation", Status::Violation),
        ("open", "open", Status::Open),
        ("uitgezonderd", "exempt", Status::Exempt),
        ("onbeoordeelbaar", "unassessable", Status::Unassessable),
        (
            "niet_van_toepassing",
            "not_applicable",
            Status::NotApplicable,
        ),
        ("ontheven", "waived", Status::Waived),
    ];

    /// The English key reports use (`violation`).
    pub fn key(self) -> &'static str {
        Status::ALL
            .iter()
            .find(|(_, _, s)| *s == self)
            .map_or("", |(_, k, _)| k)
    }

    /// The Dutch key rule files use (`overtreding`).
    pub fn key_nl(self) -> &'static str {
        Status::ALL
            .iter()
            .find(|(_, _, s)| *s == self)
            .map_or("", |(k, _, _)| k)
    }

    /// The status with this Dutch or English key; `None` for any other text.
    pub fn from_key(k: &str) -> Option<Status> {
        Status::ALL
            .iter()
            .find(|(nl, en, _)| *nl == k || *en == k)
            .map(|(_, _, s)| *s)
    }

    /// Statuses listed as findings; `pass` and `not_applicable` only count in the summary.
    pub fn is_finding(self) -> bool {
        matches!(
            self,
            Status::Violation
                | Status::Open
                | Status::Exempt
                | Status::Unassessable
                | Status::Waived
        )
    }

    /// When items of one dossier disagree, the dossier takes the most serious status.
    pub fn rank(self) -> u8 {
        match self {
            Status::NotApplicable => 0,
            Status::Pass => 1,
            Status::Exempt => 2,
            Status::Waived => 2,
            Status::Open => 3,
            Status::Unassessable => 4,
            Status::Violation => 5,
        }
    }
}

/// A literal in a rule: compared with dossier values.
#[derive(Debug, Clone, PartialEq)]
pub enum Lit {
    /// `true` or `false`.
    Bool(bool),
    /// A whole number; it also equals an id or code written with the same digits.
    Int(i64),
    /// A text: an enumeration value, id or code.
    Str(String),
}

/// A path of slot indexes from a starting object (lists along the way fan out).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPath {
    /// The slot index of each field along the path, from the starting object.
    pub steps: Vec<usize>,
    /// As written, for messages and explain.
    pub text: String,
    /// A valid dossier can leave the value out: some field on the way is optional and the last
    /// one has no default in the format (`melder.rol`, not `soort` or `acuut`).
    pub may_be_missing: bool,
}

/// Which object a field path starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The dossier's own fields (`dossierveld`, or `veld` where no item is judged).
    Dossier,
    /// The fields of the item being judged (`veld` in a rule over items).
    Item,
}

/// A test on the values a field path reaches.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    /// `is`: some value equals one of these.
    Is(Vec<Lit>),
    /// `is_niet`: no value equals any of these.
    IsNot(Vec<Lit>),
    /// `gevuld` (`leeg` negated): whether some value is filled
    /// ([`crate::dossier::Val::is_filled`]).
    Filled(bool),
    /// `bevat`: some value (a list, or a text as a substring) contains this one.
    Contains(Lit),
    /// A named text pattern (`bsn`: a 9-digit number that passes the elfproef).
    Pattern(TextPattern),
    /// The text contains one of these phrases (lexicon syntax: `mag/mogen ... niet`).
    Phrase(crate::text::PhraseList),
    /// `uiterlijk`: some value is a date on or before this one.
    OnOrBefore(DateRef),
    /// `vanaf`: some value is a date on or after this one.
    OnOrAfter(DateRef),
    /// A ratings map (`beoordeling`) rates every id of the collection with the value.
    Covers(Collection, Lit),
}

impl Test {
    /// Tests a missing field answers: it is not filled; a text or list that is not there
    /// contains no value, BSN or phrase; and a date that is not there did not happen (an
    /// overdracht without `geaccepteerd` was not accepted by any date), as a missing event did
    /// not. Only comparisons with a value (`is`, `is_niet`, `dekt`) are left open by a field that
    /// is not there.
    pub fn decided_when_missing(&self) -> bool {
        matches!(
            self,
            Test::Filled(_)
                | Test::Contains(_)
                | Test::Pattern(_)
                | Test::Phrase(_)
                | Test::OnOrBefore(_)
                | Test::OnOrAfter(_)
        )
    }
}

/// A named text pattern (`patroon`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPattern {
    /// `bsn`: a nine-digit number that passes the elfproef.
    Bsn,
}

/// Selects events: kinds (empty = any known kind) and field tests.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSel {
    /// The kinds selected (`gebeurtenis`: one or a list), as the schema's strings.
    pub kinds: Vec<&'static str>,
    /// The kinds as bits (0: any kind), see [`crate::dossier::schema::event_kind_bit`].
    pub mask: u64,
    /// The `waar` tests, each on a field of the event (index in
    /// [`crate::dossier::schema::GEBEURTENIS`]); all must hold.
    pub filter: Vec<(usize, Test)>,
    /// Only events dated on or after / on or before a date.
    pub from: Option<Box<DateRef>>,
    /// `uiterlijk`: only events dated on or before this date (`from` is `vanaf`).
    pub until: Option<Box<DateRef>>,
    /// The selection in Dutch, for messages and `explain`.
    pub text: String,
}

/// A date taken from the dossier.
#[derive(Debug, Clone, PartialEq)]
pub enum DateRef {
    /// `ontvangen`: the dossier's received date.
    Received,
    /// `peildatum`: the as-of date.
    AsOf,
    /// `eerste`: the date of the earliest event of the selection; none without one.
    First(EventSel),
    /// `laatste`: the date of the latest event of the selection; none without one.
    Last(EventSel),
    /// The date of the item being judged (an event's `datum`).
    ItemDate,
}

impl DateRef {
    /// Whether the date depends on the item being judged. One that does not is the same for
    /// every item of a rule, so the engine computes it once per dossier instead of once per
    /// item. Selection filters do not count: inside them the item is the candidate event.
    pub fn reads_item(&self) -> bool {
        match self {
            DateRef::ItemDate => true,
            DateRef::Received | DateRef::AsOf => false,
            DateRef::First(sel) | DateRef::Last(sel) => [&sel.from, &sel.until]
                .into_iter()
                .any(|r| r.as_deref().is_some_and(DateRef::reads_item)),
        }
    }
}

/// A collection of items a rule can range over.
#[derive(Debug, Clone, PartialEq)]
pub enum Collection {
    /// A list field of the dossier (voorwaarden, situaties, betrokkenen) with its definition.
    List(usize, &'static ObjDef, &'static str),
    /// Events: `gebeurtenissen` (every known kind), a kind, or an event selection.
    Events(EventSel),
}

/// A condition of a rule file (`van_toepassing`, `eis`, `alleen`), compiled.
#[derive(Debug, Clone, PartialEq)]
pub enum Pred {
    /// `alle`: every part holds.
    All(Vec<Pred>),
    /// `een_van`: some part holds.
    Any(Vec<Pred>),
    /// `niet`: the part does not hold.
    Not(Box<Pred>),
    /// `veld` or `dossierveld`: a test on the values a field path reaches.
    Field(Scope, FieldPath, Test),
    /// `gebeurtenis`: the dossier has an event of the selection.
    Event(EventSel),
    /// The item's id appears in `field` of some element of the collection.
    ReferencedBy(Collection, usize),
    /// The last event of the selection dated on or before the item satisfies the predicate.
    LastBefore(EventSel, Box<Pred>),
}

impl Pred {
    /// Whether it can be undecided at all ([`crate::engine::pred::truth`]): it selects events by
    /// a field value, or compares a field a dossier may leave out. Rules whose conditions cannot
    /// be undecided are evaluated two-valued.
    pub fn may_be_unknown(&self) -> bool {
        match self {
            Pred::All(v) | Pred::Any(v) => v.iter().any(Pred::may_be_unknown),
            Pred::Not(q) => q.may_be_unknown(),
            Pred::Event(sel) => !sel.filter.is_empty(),
            Pred::Field(_, path, test) => path.may_be_missing && !test.decided_when_missing(),
            Pred::ReferencedBy(..) | Pred::LastBefore(..) => false,
        }
    }
}

/// The anchor of a deadline.
#[derive(Debug, Clone, PartialEq)]
pub enum Anchor {
    /// `ontvangen`: the dossier's received date.
    Received,
    /// The date of the first event of the selection; a dossier without one is `not_applicable`.
    Event(EventSel),
}

/// `termijn`: an event (`doel`) within a term of a start.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// `start`: where the term starts.
    pub start: Anchor,
    /// The first event it selects on or after the start meets the term or not; an event of its
    /// kinds that lacks a field its `waar` tests ask for, within the term, makes the outcome
    /// `unassessable` unless a selected one meets the term ([`crate::engine::pred::undecided`]).
    pub target: EventSel,
    /// `termijn`: the term, counted from the start.
    pub term: Term,
    /// An event dated on or before the due date that makes the dossier `exempt`.
    pub exemption: Option<EventSel>,
    /// Events dated on or before the current due date that each extend it by a term.
    pub extension: Option<(EventSel, Term)>,
}

/// `vereiste`: a condition each dossier must meet.
#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    /// `eis`: the condition; a dossier that does not meet it violates the rule (or is `open`: see
    /// `violation_once`).
    pub require: Pred,
    /// `require` can be undecided ([`Pred::may_be_unknown`]): judged in three values.
    pub three_valued: bool,
    /// When the requirement fails: `violation` once this holds, `open` before.
    pub violation_once: Option<Pred>,
}

/// `per_item`: a condition each item of a collection must meet, with one outcome per item.
#[derive(Debug, Clone, PartialEq)]
pub struct PerItem {
    /// The items judged. Events its `waar` tests cannot decide (an ending without `reden`) are
    /// `unassessable` items ([`crate::engine::pred::undecided`]).
    pub items: Collection,
    /// `alleen`: only the items this holds for are judged; `None`: every item.
    pub only: Option<Pred>,
    /// `eis`: the condition each judged item must meet.
    pub require: Pred,
    /// `only` or `require` can be undecided ([`Pred::may_be_unknown`]): judged in three
    /// values, an unknown one making the item `unassessable`.
    pub three_valued: bool,
}

/// One consistency check of a `consistentie` rule; each inconsistency is its own finding.
#[derive(Debug, Clone, PartialEq)]
pub enum Consistency {
    /// Every event of `each` is not before `not_before` and not after `not_after`.
    /// `missing_is_error`: when the reference date does not exist, each event is inconsistent.
    Order {
        /// `elk`: the events checked.
        each: EventSel,
        /// `niet_voor`: the date no event may precede.
        not_before: Option<DateRef>,
        /// `niet_na`: the date no event may follow.
        not_after: Option<DateRef>,
        /// `ontbrekend: overtreding` (`true`) or `negeren` (`false`, the default).
        missing_is_error: bool,
        /// `melding`: the message of each inconsistency.
        message: Template,
    },
    /// Every id in `field` of each item exists as an id of `target`; each unknown id is a
    /// finding located where that id is written (the element, not the list holding it).
    Reference {
        /// `items`: the items whose references are checked.
        items: Collection,
        /// `veld`: the field of each item holding the ids (index in the item's definition).
        field: usize,
        /// `naar`: the list whose items' ids they must be.
        target: Collection,
        /// `melding`: the message of each unknown id.
        message: Template,
    },
}

/// `interval`: no gap between consecutive events of a selection is longer than a term.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// `gebeurtenis`: the events.
    pub events: EventSel,
    /// `maximaal`: the longest gap allowed, as a term from the earlier event.
    pub max: Term,
    /// `tot_peildatum`: the gap from the last event to the as-of date counts too.
    pub until_as_of: bool,
}

/// The text analyser of a `tekst` rule (`analyse`), built from its `lexicon`.
#[derive(Clone)]
pub enum Analyzer {
    /// `concreet`: vague, untestable wording (the catalogue's VT-V04).
    Concreet(Concreet),
    /// `positief`: a voorwaarde that only forbids (the catalogue's VT-V05).
    Positief(Positief),
    /// `begrijpelijk`: jargon, long sentences, reading ease (the catalogue's VT-V06).
    Begrijpelijk(Begrijpelijk),
}

impl Analyzer {
    /// The lexicons the analyser scans a text with.
    pub(crate) fn phrase_sets(&self) -> Vec<&crate::text::PhraseSet> {
        match self {
            Analyzer::Concreet(a) => a.phrase_sets(),
            Analyzer::Positief(a) => a.phrase_sets(),
            Analyzer::Begrijpelijk(a) => a.phrase_sets(),
        }
    }
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Analyzer::Concreet(_) => "Concreet",
            Analyzer::Positief(_) => "Positief",
            Analyzer::Begrijpelijk(_) => "Begrijpelijk",
        })
    }
}

/// `tekst`: a text analyser run on one text field of each item of a collection.
#[derive(Debug, Clone)]
pub struct TextCheck {
    /// `items`: the items whose text is read.
    pub items: Collection,
    /// `veld`: the text field of each item (index in the item's definition).
    pub field: usize,
    /// `analyse`, with its `lexicon`.
    pub analyzer: Analyzer,
}

/// An aggregate norm over a population (per region), not judged per dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    /// `van`: where each dossier's duration starts.
    pub from: DateRef,
    /// `tot`: where it ends; a dossier without both dates, or ending before it starts, gives no
    /// value.
    pub to: DateRef,
    /// The expected mean duration.
    pub norm: Term,
}

/// What a rule checks: its `controle`, by `soort`.
#[derive(Debug, Clone)]
pub enum Check {
    /// `termijn`.
    Deadline(Deadline),
    /// `vereiste`.
    Requirement(Requirement),
    /// `per_item`.
    PerItem(PerItem),
    /// `consistentie`: its `controles`, in file order.
    Consistency(Vec<Consistency>),
    /// `interval`.
    Interval(Interval),
    /// `tekst`.
    Text(TextCheck),
    /// `populatie`: judged over regions, never per dossier.
    Population(Population),
}

impl Check {
    /// The rule kind's key in rule files.
    pub fn kind_key(&self) -> &'static str {
        match self {
            Check::Deadline(_) => "termijn",
            Check::Requirement(_) => "vereiste",
            Check::PerItem(_) => "per_item",
            Check::Consistency(_) => "consistentie",
            Check::Interval(_) => "interval",
            Check::Text(_) => "tekst",
            Check::Population(_) => "populatie",
        }
    }
}

/// A message template with `{placeholders}`, rendered only for findings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Template(pub String);

/// A rule, compiled. Cloned only when a later definition of its id splits its validity period.
#[derive(Debug, Clone)]
pub struct Rule {
    /// `id`: the rule id (`VT-T01`), which reports, waivers and baselines key on.
    pub id: String,
    /// `titel`: the Dutch title.
    pub title: String,
    /// `ernst`, with any `[severity]` override of `vtcheck.toml` applied by the CLI.
    pub severity: Severity,
    /// `categorie` (`termijnen`, `voorwaarden`); empty when absent.
    pub category: String,
    /// `bron`: where the rule comes from (the protocol passage it rests on).
    pub source: String,
    /// The rule file's `bronnoot`: what a reader of any rule of that file should know about its
    /// sources (the catalogue's: that its protocol citations were not checked against the PDF).
    pub source_note: Option<Arc<str>>,
    /// `toelichting`: why the rule exists, in Dutch.
    pub rationale: String,
    /// `van_toepassing`: when the rule applies; `None`: to every dossier it is in force for.
    pub applies: Option<Pred>,
    /// `applies` can be undecided ([`Pred::may_be_unknown`]): judged in three values.
    pub applies_three_valued: bool,
    /// `controle`: what the rule checks.
    pub check: Check,
    /// Message per status (Dutch).
    pub messages: Vec<(Status, Template)>,
    /// `voorbeeld.goed`: an example that meets the rule.
    pub example_good: Option<String>,
    /// `voorbeeld.fout`: an example that does not.
    pub example_bad: Option<String>,
    /// `geldig_vanaf`: the first received date the rule judges (inclusive); `None`: no limit.
    pub valid_from: Option<NaiveDate>,
    /// `geldig_tot`: the last received date the rule judges (inclusive); `None`: no limit.
    pub valid_to: Option<NaiveDate>,
    /// An aggregate target (`doelnorm`): the share of dossiers that should pass, for the
    /// regional comparison (e.g. the LNVT agreement of 90 % for VT-T01).
    pub target: Option<f64>,
    /// The `versie` of the rule file (baselines key on it).
    pub version: String,
    /// Where the rule was defined and its YAML text, for `explain`.
    pub file: Arc<str>,
    /// Where the rule's entry starts in `file`.
    pub pos: Pos,
    /// The entry's YAML text as written.
    pub yaml: String,
    /// Where the later definitions of this id that took part of its validity period are
    /// (`file:line`): its `valid_from`/`valid_to` then differ from its YAML.
    pub narrowed_by: Vec<String>,
}

impl Rule {
    /// The rule file's message for `status` (`meldingen`), if it gives one.
    pub fn message(&self, status: Status) -> Option<&Template> {
        self.messages
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, t)| t)
    }

    /// Whether it is a `populatie` rule: judged over regions, never per dossier.
    pub fn is_population(&self) -> bool {
        matches!(self.check, Check::Population(_))
    }

    /// A text rule over the items of a list (voorwaarden): the texts the engine analyses once
    /// per dossier, before the rules run.
    pub fn list_text_check(&self) -> Option<&TextCheck> {
        match &self.check {
            Check::Text(x) if matches!(x.items, Collection::List(..)) => Some(x),
            _ => None,
        }
    }

    /// Whether the rule judges a dossier received on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| date >= f) && self.valid_to.is_none_or(|t| date <= t)
    }
}

#[cfg(test)]
mod tests {
    use super::{DateRef, EventSel};

    fn sel(from: Option<DateRef>, until: Option<DateRef>) -> EventSel {
        EventSel {
            kinds: vec!["monitoring"],
            mask: 0,
            filter: Vec::new(),
            from: from.map(Box::new),
            until: until.map(Box::new),
            text: String::new(),
        }
    }

    #[test]
    fn reads_item_follows_selection_bounds() {
        for (r, reads) in [
            (DateRef::Received, false),
            (DateRef::AsOf, false),
            (DateRef::ItemDate, true),
            (DateRef::First(sel(None, None)), false),
            (DateRef::Last(sel(Some(DateRef::Received), None)), false),
            (DateRef::First(sel(None, Some(DateRef::ItemDate))), true),
            (
                DateRef::Last(sel(
                    Some(DateRef::First(sel(Some(DateRef::ItemDate), None))),
                    None,
                )),
                true,
            ),
        ] {
            assert_eq!(r.reads_item(), reads, "{r:?}");
        }
    }
}
