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
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [(&'static str, Severity); 3] = [
        ("error", Severity::Error),
        ("warning", Severity::Warning),
        ("info", Severity::Info),
    ];

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
    Pass,
    NotApplicable,
    Exempt,
    Open,
    Unassessable,
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

    pub fn key(self) -> &'static str {
        Status::ALL
            .iter()
            .find(|(_, _, s)| *s == self)
            .map_or("", |(_, k, _)| k)
    }

    pub fn key_nl(self) -> &'static str {
        Status::ALL
            .iter()
            .find(|(_, _, s)| *s == self)
            .map_or("", |(k, _, _)| k)
    }

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
    Bool(bool),
    Int(i64),
    Str(String),
}

/// A path of slot indexes from a starting object (lists along the way fan out).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPath {
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
    Dossier,
    Item,
}

/// A test on the values a field path reaches.
#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Is(Vec<Lit>),
    IsNot(Vec<Lit>),
    Filled(bool),
    Contains(Lit),
    /// A named text pattern (`bsn`: a 9-digit number that passes the elfproef).
    Pattern(TextPattern),
    /// The text contains one of these phrases (lexicon syntax: `mag/mogen ... niet`).
    Phrase(crate::text::PhraseList),
    OnOrBefore(DateRef),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextPattern {
    Bsn,
}

/// Selects events: kinds (empty = any known kind) and field tests.
#[derive(Debug, Clone, PartialEq)]
pub struct EventSel {
    pub kinds: Vec<&'static str>,
    /// The kinds as bits (0: any kind), see [`crate::dossier::schema::event_kind_bit`].
    pub mask: u64,
    pub filter: Vec<(usize, Test)>,
    /// Only events dated on or after / on or before a date.
    pub from: Option<Box<DateRef>>,
    pub until: Option<Box<DateRef>>,
    pub text: String,
}

/// A date taken from the dossier.
#[derive(Debug, Clone, PartialEq)]
pub enum DateRef {
    Received,
    AsOf,
    First(EventSel),
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
    Events(EventSel),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Pred {
    All(Vec<Pred>),
    Any(Vec<Pred>),
    Not(Box<Pred>),
    Field(Scope, FieldPath, Test),
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
    Received,
    Event(EventSel),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    pub start: Anchor,
    /// The first event it selects on or after the start meets the term or not; an event of its
    /// kinds that lacks a field its `waar` tests ask for, within the term, makes the outcome
    /// `unassessable` unless a selected one meets the term ([`crate::engine::pred::undecided`]).
    pub target: EventSel,
    pub term: Term,
    /// An event dated on or before the due date that makes the dossier `exempt`.
    pub exemption: Option<EventSel>,
    /// Events dated on or before the current due date that each extend it by a term.
    pub extension: Option<(EventSel, Term)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Requirement {
    pub require: Pred,
    /// `require` can be undecided ([`Pred::may_be_unknown`]): judged in three values.
    pub three_valued: bool,
    /// When the requirement fails: `violation` once this holds, `open` before.
    pub violation_once: Option<Pred>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PerItem {
    /// The items judged. Events its `waar` tests cannot decide (an ending without `reden`) are
    /// `unassessable` items ([`crate::engine::pred::undecided`]).
    pub items: Collection,
    pub only: Option<Pred>,
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
        each: EventSel,
        not_before: Option<DateRef>,
        not_after: Option<DateRef>,
        missing_is_error: bool,
        message: Template,
    },
    /// Every id in `field` of each item exists as an id of `target`; each unknown id is a
    /// finding located where that id is written (the element, not the list holding it).
    Reference {
        items: Collection,
        field: usize,
        target: Collection,
        message: Template,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    pub events: EventSel,
    pub max: Term,
    pub until_as_of: bool,
}

#[derive(Clone)]
pub enum Analyzer {
    Concreet(Concreet),
    Positief(Positief),
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

#[derive(Debug, Clone)]
pub struct TextCheck {
    pub items: Collection,
    pub field: usize,
    pub analyzer: Analyzer,
}

/// An aggregate norm over a population (per region), not judged per dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Population {
    pub from: DateRef,
    pub to: DateRef,
    /// The expected mean duration.
    pub norm: Term,
}

#[derive(Debug, Clone)]
pub enum Check {
    Deadline(Deadline),
    Requirement(Requirement),
    PerItem(PerItem),
    Consistency(Vec<Consistency>),
    Interval(Interval),
    Text(TextCheck),
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
    pub id: String,
    pub title: String,
    pub severity: Severity,
    pub category: String,
    pub source: String,
    /// The rule file's `bronnoot`: what a reader of any rule of that file should know about its
    /// sources (the catalogue's: that its protocol citations were not checked against the PDF).
    pub source_note: Option<Arc<str>>,
    pub rationale: String,
    pub applies: Option<Pred>,
    /// `applies` can be undecided ([`Pred::may_be_unknown`]): judged in three values.
    pub applies_three_valued: bool,
    pub check: Check,
    /// Message per status (Dutch).
    pub messages: Vec<(Status, Template)>,
    pub example_good: Option<String>,
    pub example_bad: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// An aggregate target (`doelnorm`): the share of dossiers that should pass, for the
    /// regional comparison (e.g. the LNVT agreement of 90 % for VT-T01).
    pub target: Option<f64>,
    /// The `versie` of the rule file (baselines key on it).
    pub version: String,
    /// Where the rule was defined and its YAML text, for `explain`.
    pub file: Arc<str>,
    pub pos: Pos,
    pub yaml: String,
    /// Where the later definitions of this id that took part of its validity period are
    /// (`file:line`): its `valid_from`/`valid_to` then differ from its YAML.
    pub narrowed_by: Vec<String>,
}

impl Rule {
    pub fn message(&self, status: Status) -> Option<&Template> {
        self.messages
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, t)| t)
    }

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
