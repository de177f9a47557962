//! The calendar file as written by the user (`rules/kalender.yaml`), with its Dutch keys.
//!
//! These types only describe the shape of the file. Values that serde cannot check by type
//! (dates in strings, "exactly one of `datum` and `pasen`", ranges) are validated by
//! [`Calendar::new`](super::Calendar::new), which reports Dutch errors naming the bad value;
//! such values are [`Spanned`], so that an error names its line and column too.

use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::dossier::Pos;

/// A deserialised calendar file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KalenderConfig {
    /// Name of the calendar (e.g. `atw`), for messages and reports.
    pub naam: String,
    /// Holiday rules, in file order; on a date with two holidays the first one names it.
    pub feestdagen: Vec<Feestdag>,
    /// Extra closing days, `YYYY-MM-DD` (e.g. an organisation's collective day off).
    #[serde(default)]
    pub extra_gesloten: Vec<Spanned<String>>,
    /// Days that count as working days although a weekend or holiday would not,
    /// `YYYY-MM-DD`. They win over everything else.
    #[serde(default)]
    pub extra_werkdagen: Vec<Spanned<String>>,
}

/// One holiday rule: either a fixed date (`datum`) or an offset from Easter Sunday (`pasen`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feestdag {
    /// Dutch name, shown in messages ("Bevrijdingsdag"); its place marks a mistake of the
    /// entry as a whole (neither `datum` nor `pasen`).
    pub naam: Spanned<String>,
    /// Fixed date, `DD-MM`.
    #[serde(default)]
    pub datum: Option<Spanned<String>>,
    /// Days relative to Easter Sunday (Gregorian computus); -80..=250 keeps the day in the
    /// same year as its Easter, which the year-based lookups rely on.
    #[serde(default)]
    pub pasen: Option<Spanned<i32>>,
    /// Where the holiday moves when it falls on a Sunday: `zaterdag` (the Saturday before) or
    /// `maandag` (the Monday after); absent: it stays on the Sunday. A string rather than an
    /// enum so that a wrong value gets a Dutch error from `Calendar::new`.
    #[serde(default)]
    pub op_zondag: Option<Spanned<String>>,
    /// First year the rule applies (inclusive).
    #[serde(default)]
    pub vanaf: Option<i32>,
    /// Last year the rule applies (inclusive).
    #[serde(default)]
    pub tot: Option<Spanned<i32>>,
    /// In which years the rule applies: `elk` (absent: the same), `lustrum` (years divisible
    /// by 5) or `nooit`. A string for the same reason as `op_zondag`, and because the
    /// `vtcheck.toml` option `bevrijdingsdag` is copied into it as is.
    #[serde(default)]
    pub jaren: Option<Spanned<String>>,
    /// `false` switches the holiday off (e.g. Goede Vrijdag as a working day) without
    /// deleting it from the file.
    #[serde(default = "default_actief")]
    pub actief: bool,
    /// The `[calendar]` setting of `vtcheck.toml` that changes this holiday: one of
    /// [`SETTINGS`]. The calendar file names the holiday, so the code knows settings, not
    /// holiday names.
    #[serde(default)]
    pub instelling: Option<Spanned<String>>,
}

/// The `[calendar]` settings of `vtcheck.toml` a holiday can take (`instelling`):
/// `goede_vrijdag` sets `actief`, `bevrijdingsdag` sets `jaren`.
pub const SETTINGS: [&str; 2] = ["goede_vrijdag", "bevrijdingsdag"];

fn default_actief() -> bool {
    true
}

/// A value that vtcheck sets itself (from `vtcheck.toml`), which has no place in the file;
/// such values are checked where they are written.
pub fn unplaced<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

/// A mistake in a calendar file that its shape does not show: a Dutch message at the value it
/// is about ([`Pos`] without a line for a value vtcheck set itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Where the value is written in the calendar file; no line for a value from
    /// `vtcheck.toml`.
    pub pos: Pos,
    /// What is wrong, in Dutch, naming the value.
    pub message: String,
    /// A suggestion ("bedoelde je `maandag`?"), where one helps.
    pub help: Option<String>,
}

impl Invalid {
    pub(super) fn at(l: &Location, message: String) -> Invalid {
        Invalid {
            pos: Pos::of_location(l),
            message,
            help: None,
        }
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}
