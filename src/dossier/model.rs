//! The checked dossier: schema-shaped records with the position of every value.

use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};

use super::node::Pos;
use super::schema::{self, ObjDef, idx};

/// A date, with the time of day when the source gave one. Day-based rules use [`Stamp::date`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Stamp {
    /// The Dutch calendar day (a time with a UTC offset is converted to Dutch local time first).
    pub date: NaiveDate,
    /// The Dutch local time of day, when the source gave one. Rules judge days: the time only
    /// orders events of one day.
    pub time: Option<NaiveTime>,
}

/// A checked value. Enumeration values are the schema's own `&'static str`, so comparing and
/// storing them costs nothing.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// The field is not there (and always for the event list's own slot: events are in
    /// [`Dossier::events`]).
    Absent,
    /// The field is there with `null`: written, but empty.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number (a number such as `3.0` is read as 3).
    Int(i64),
    /// An id or code (a number written as one keeps its digits); also a `regio`, as its code in the
    /// region table.
    Id(Box<str>),
    /// Free text written by a person: privacy-sensitive, so reports do not copy it unless asked.
    Text(Box<str>),
    /// A date, with its time of day when the source gave one.
    Date(Stamp),
    /// An enumeration value: the schema's own string for it.
    Enum(&'static str),
    // Lists are boxed slices, not vectors: every field of every object has a slot holding a
    // `Val`, and without a capacity word a `Val` is 24 bytes instead of 32.
    /// A list of enumeration values, in file order.
    EnumList(Box<[&'static str]>),
    /// A list of ids referring to other items (`voorwaarden: [V1, V3]`), in file order.
    Ids(Box<[Code]>),
    /// A map from voorwaarde id to an enumeration value (monitoring `beoordeling`), in file order.
    Ratings(Box<[(Code, &'static str)]>),
    /// A nested object.
    Obj(Box<Obj>),
    /// A list of objects (voorwaarden, betrokkenen), in file order.
    List(Box<[Obj]>),
}

impl Val {
    /// A total order on values, positions ignored: by variant, then by content ([`Obj::cmp_content`]).
    pub fn cmp_content(&self, other: &Val) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        fn rank(v: &Val) -> u8 {
            match v {
                Val::Absent => 0,
                Val::Null => 1,
                Val::Bool(_) => 2,
                Val::Int(_) => 3,
                Val::Id(_) => 4,
                Val::Text(_) => 5,
                Val::Date(_) => 6,
                Val::Enum(_) => 7,
                Val::EnumList(_) => 8,
                Val::Ids(_) => 9,
                Val::Ratings(_) => 10,
                Val::Obj(_) => 11,
                Val::List(_) => 12,
            }
        }
        let by = |a: &[Obj], b: &[Obj]| -> Ordering {
            a.iter()
                .zip(b)
                .map(|(x, y)| x.cmp_content(y))
                .find(|o| o.is_ne())
                .unwrap_or(a.len().cmp(&b.len()))
        };
        match (self, other) {
            (Val::Bool(a), Val::Bool(b)) => a.cmp(b),
            (Val::Int(a), Val::Int(b)) => a.cmp(b),
            (Val::Id(a), Val::Id(b)) | (Val::Text(a), Val::Text(b)) => a.cmp(b),
            (Val::Date(a), Val::Date(b)) => a.cmp(b),
            (Val::Enum(a), Val::Enum(b)) => a.cmp(b),
            (Val::EnumList(a), Val::EnumList(b)) => a.cmp(b),
            (Val::Ids(a), Val::Ids(b)) => a.iter().map(|c| &c.id).cmp(b.iter().map(|c| &c.id)),
            (Val::Ratings(a), Val::Ratings(b)) => a
                .iter()
                .map(|(c, r)| (&c.id, r))
                .cmp(b.iter().map(|(c, r)| (&c.id, r))),
            (Val::Obj(a), Val::Obj(b)) => a.cmp_content(b),
            (Val::List(a), Val::List(b)) => by(a, b),
            _ => rank(self).cmp(&rank(other)),
        }
    }

    /// "Filled": present, not null, not an empty text or list.
    pub fn is_filled(&self) -> bool {
        match self {
            Val::Absent | Val::Null => false,
            Val::Id(s) | Val::Text(s) => !crate::chars::is_blank(s),
            Val::EnumList(v) => !v.is_empty(),
            Val::Ids(v) => !v.is_empty(),
            Val::Ratings(v) => !v.is_empty(),
            Val::List(v) => !v.is_empty(),
            _ => true,
        }
    }

    /// The text of an id, free text or enumeration value; `None` for any other kind.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Val::Id(s) | Val::Text(s) => Some(s),
            Val::Enum(s) => Some(s),
            _ => None,
        }
    }

    /// The day of a date; `None` for any other kind.
    pub fn as_date(&self) -> Option<NaiveDate> {
        match self {
            Val::Date(s) => Some(s.date),
            _ => None,
        }
    }
}

/// A code inside a list or a rating map (`voorwaarden: [V1, V3]`, `beoordeling: {V1: nageleefd}`)
/// and where it is written: a finding about one code points at it, not at the start of the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Code {
    /// The code as written (a number as its digits).
    pub id: Box<str>,
    /// Where the code is written.
    pub pos: Pos,
}

/// One field's value and where it was written (the key's position when absent: the object's).
#[derive(Debug, Clone, PartialEq)]
pub struct Slot {
    /// Where the value is written; the object's position when it is absent.
    pub pos: Pos,
    /// The value; [`Val::Absent`] when the field is not there.
    pub val: Val,
}

// Every object holds a slot per field of its definition, most of them absent: their size is
// memory traffic for every dossier read, checked and dropped.
const _: () = assert!(std::mem::size_of::<Val>() == 24 && std::mem::size_of::<Slot>() == 40);

/// An object of the format: slots aligned with its [`ObjDef`]'s fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Obj {
    /// Where the object starts.
    pub pos: Pos,
    /// One slot per field, in the order of the [`ObjDef`]'s fields (see [`Obj::slot`]).
    pub slots: Box<[Slot]>,
}

static ABSENT: Slot = Slot {
    pos: Pos::new(0, 0, 0),
    val: Val::Absent,
};

impl Obj {
    /// A total order on what the object says, ignoring where it says it: field by field in the
    /// definition's order. It orders events of one kind on one day whatever order a file lists
    /// them in (see `number_events`).
    pub fn cmp_content(&self, other: &Obj) -> std::cmp::Ordering {
        let n = self.slots.len().max(other.slots.len());
        (0..n)
            .map(|i| self.val(i).cmp_content(other.val(i)))
            .find(|o| o.is_ne())
            .unwrap_or(std::cmp::Ordering::Equal)
    }

    /// The slot of field `i` of the definition; an absent one if the object has no such slot.
    pub fn slot(&self, i: usize) -> &Slot {
        self.slots.get(i).unwrap_or(&ABSENT)
    }

    /// The value of field `i` ([`Val::Absent`] if not there).
    pub fn val(&self, i: usize) -> &Val {
        &self.slot(i).val
    }

    /// An item's `id` (betrokkenen, situaties, voorwaarden).
    pub fn id(&self) -> &str {
        self.val(idx::ITEM_ID).as_str().unwrap_or("")
    }

    /// The elements of list field `i`; empty when the field is absent, `null` or no list.
    pub fn list(&self, i: usize) -> &[Obj] {
        match self.val(i) {
            Val::List(v) => v,
            _ => &[],
        }
    }
}

/// Where a dossier came from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Origin {
    /// The path as the user gave it (or as found under a directory); `-` for standard input.
    pub file: Arc<str>,
    /// Where the dossier starts in `file`.
    pub pos: Pos,
}

/// A validated dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Dossier {
    /// Where the dossier was read.
    pub origin: Origin,
    /// The dossier's own fields, by [`Dossier::def`]; the event list is in `events`.
    pub root: Obj,
    /// Events of a known kind, in file order; each keeps its ordinal among events of its kind
    /// in date order (1-based; within a day by what they say, [`Event::ordinal`]) so findings
    /// can name it (`overdracht[1]`) the same way however the export orders them.
    pub events: Vec<Event>,
}

/// An event with its kind resolved once.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The event's `soort`, as the schema's string (`veiligheidsbeoordeling`).
    pub kind: &'static str,
    /// `kind` as a bit ([`crate::dossier::schema::event_kind_bit`]), for fast selection.
    pub kind_bit: u64,
    /// The event's `datum`: the Dutch calendar day.
    pub date: NaiveDate,
    /// Its number among the events of its kind, from 1, in date order (`overdracht[2]` is the
    /// second by date); events of one kind on one day are ordered by what they say, so the number
    /// does not depend on the order of the file.
    pub ordinal: u32,
    /// The event's fields, by [`schema::GEBEURTENIS`] (`soort`, `datum` and those of its kind).
    pub obj: Obj,
}

impl Event {
    /// The order of events whatever order a file lists them in: by date, then (of one day) by
    /// kind and number ([`Event::ordinal`], which orders one kind's events of a day by what
    /// they say).
    pub fn order(&self) -> (NaiveDate, &'static str, u32) {
        (self.date, self.kind, self.ordinal)
    }
}

impl Dossier {
    /// The dossier's `id` (dossiernummer), as the export writes it.
    pub fn id(&self) -> &str {
        self.root.val(idx::D_ID).as_str().unwrap_or("")
    }

    /// The dossier's `regio`, as its code in the region table.
    pub fn region(&self) -> &str {
        self.root.val(idx::D_REGIO).as_str().unwrap_or("")
    }

    /// The dossier's `soort`: `melding` or `advies`.
    pub fn kind(&self) -> &str {
        self.root.val(idx::D_SOORT).as_str().unwrap_or("")
    }

    /// The dossier's `ontvangen` date, where most terms start.
    pub fn received(&self) -> NaiveDate {
        self.root
            .val(idx::D_ONTVANGEN)
            .as_date()
            .unwrap_or(NaiveDate::MIN)
    }

    /// Where `ontvangen` is written.
    pub fn received_pos(&self) -> Pos {
        self.root.slot(idx::D_ONTVANGEN).pos
    }

    /// The definition of the dossier's root object.
    pub fn def() -> &'static ObjDef {
        &schema::DOSSIER
    }
}

/// Dutch date formatting for messages: `15-03-2023`.
pub fn fmt_date(d: NaiveDate) -> String {
    let mut s = String::with_capacity(10);
    push_date_nl(&mut s, d);
    s
}

/// Appends `DD-MM-YYYY`. By hand: chrono's `format` parses its pattern on every call, and
/// every finding's message holds dates.
pub fn push_date_nl(out: &mut String, d: NaiveDate) {
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        out.push_str(&d.format("%d-%m-%Y").to_string());
        return;
    }
    let y = y as u32;
    for b in [
        day / 10,
        day % 10,
        u32::MAX,
        m / 10,
        m % 10,
        u32::MAX,
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
    ] {
        out.push(char::from_digit(b, 10).unwrap_or('-'));
    }
}

/// ISO `YYYY-MM-DD`, by hand for the same reason as [`push_date_nl`].
pub fn fmt_date_iso(d: NaiveDate) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) {
        return d.format("%Y-%m-%d").to_string();
    }
    let y = y as u32;
    [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        u32::MAX,
        m / 10,
        m % 10,
        u32::MAX,
        day / 10,
        day % 10,
    ]
    .into_iter()
    .map(|b| char::from_digit(b, 10).unwrap_or('-'))
    .collect()
}

/// Dutch weekday abbreviation, for explanations ("vr 07-03-2025").
pub fn weekday_nl(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "ma",
        Weekday::Tue => "di",
        Weekday::Wed => "wo",
        Weekday::Thu => "do",
        Weekday::Fri => "vr",
        Weekday::Sat => "za",
        Weekday::Sun => "zo",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_formatted_dates_match_chrono() {
        for (y, m, d) in [
            (2024, 2, 29),
            (1900, 1, 1),
            (2099, 12, 31),
            (5, 7, 3),
            (9999, 10, 10),
        ] {
            let date = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(fmt_date(date), date.format("%d-%m-%Y").to_string());
            assert_eq!(fmt_date_iso(date), date.format("%Y-%m-%d").to_string());
        }
        let neg = NaiveDate::from_ymd_opt(-44, 3, 15).unwrap();
        assert_eq!(fmt_date(neg), neg.format("%d-%m-%Y").to_string());
        assert_eq!(fmt_date_iso(neg), neg.format("%Y-%m-%d").to_string());
    }
}
