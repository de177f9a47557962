//! Working days (werkdagen) and term arithmetic, per the counting conventions of the spec.
//!
//! The holidays are data (`rules/kalender.yaml`): the Algemene termijnenwet by default, with
//! options an organisation may need (Bevrijdingsdag only in lustrum years, Goede Vrijdag as a
//! working day, extra closing days). Non-working days are precomputed into a bitmap for a wide
//! range of years, so `is_werkdag` is a lookup on the hot path.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;

/// The embedded default calendar.
pub const DEFAULT_CALENDAR: &str = include_str!("../../rules/kalender.yaml");

/// A calendar file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KalenderConfig {
    pub naam: String,
    pub feestdagen: Vec<Feestdag>,
    #[serde(default)]
    pub extra_gesloten: Vec<String>,
    #[serde(default)]
    pub extra_werkdagen: Vec<String>,
}

/// One holiday rule: a fixed date (`datum: "DD-MM"`) or an offset from Easter Sunday (`pasen`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Feestdag {
    pub naam: String,
    #[serde(default)]
    pub datum: Option<String>,
    #[serde(default)]
    pub pasen: Option<i64>,
    /// `zaterdag`: on a Sunday, move to the Saturday before; `maandag`: to the Monday after.
    #[serde(default)]
    pub op_zondag: Option<String>,
    #[serde(default)]
    pub vanaf: Option<i32>,
    #[serde(default)]
    pub tot: Option<i32>,
    /// `elk` (default), `lustrum` (years divisible by 5) or `nooit`.
    #[serde(default)]
    pub jaren: Option<String>,
    #[serde(default = "yes")]
    pub actief: bool,
}

fn yes() -> bool {
    true
}

/// The unit of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Werkdagen,
    Dagen,
    Weken,
    Maanden,
}

/// A term such as "5 werkdagen". `doorschuiven`: an end date on a non-working day moves to the
/// next working day (Atw art. 1); off by default, as the spec counts plain days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
pub struct Term {
    pub aantal: u32,
    pub eenheid: Unit,
    #[serde(default)]
    pub doorschuiven: bool,
}

impl Term {
    /// Dutch: "5 werkdagen", "1 dag", "10 weken", "3 maanden".
    pub fn describe(&self) -> String {
        let n = self.aantal;
        let unit = match (self.eenheid, n == 1) {
            (Unit::Werkdagen, true) => "werkdag",
            (Unit::Werkdagen, false) => "werkdagen",
            (Unit::Dagen, true) => "dag",
            (Unit::Dagen, false) => "dagen",
            (Unit::Weken, true) => "week",
            (Unit::Weken, false) => "weken",
            (Unit::Maanden, true) => "maand",
            (Unit::Maanden, false) => "maanden",
        };
        format!("{n} {unit}")
    }
}

const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2199;

#[derive(Debug, Clone)]
struct Rule {
    name: String,
    kind: RuleKind,
    on_sunday: Option<i64>,
    from: Option<i32>,
    to: Option<i32>,
    lustrum_only: bool,
    never: bool,
}

#[derive(Debug, Clone, Copy)]
enum RuleKind {
    Fixed(u32, u32),
    Easter(i64),
}

/// A working-day calendar.
#[derive(Debug, Clone)]
pub struct Calendar {
    rules: Vec<Rule>,
    extra_closed: Vec<NaiveDate>,
    extra_open: Vec<NaiveDate>,
    /// Bit per day from 1 January of FIRST_YEAR: set when the day is not a working day.
    closed: Vec<u64>,
    base: NaiveDate,
}

impl Calendar {
    pub fn new(cfg: &KalenderConfig) -> Result<Calendar, String> {
        let mut rules = Vec::new();
        for f in &cfg.feestdagen {
            if !f.actief {
                continue;
            }
            let kind = match (&f.datum, f.pasen) {
                (Some(d), None) => {
                    let (dd, mm) = d
                        .split_once('-')
                        .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)))
                        .filter(|(dd, mm)| NaiveDate::from_ymd_opt(2000, *mm, *dd).is_some())
                        .ok_or_else(|| {
                            format!(
                                "feestdag {}: ongeldige datum '{d}' (verwacht DD-MM)",
                                f.naam
                            )
                        })?;
                    RuleKind::Fixed(dd, mm)
                }
                (None, Some(off)) if off.abs() <= 200 => RuleKind::Easter(off),
                _ => {
                    return Err(format!(
                        "feestdag {}: geef precies één van `datum` (DD-MM) of `pasen` (dagen na Pasen, -200..200)",
                        f.naam
                    ));
                }
            };
            let on_sunday = match f.op_zondag.as_deref() {
                None | Some("blijft") => None,
                Some("zaterdag") => Some(-1),
                Some("maandag") => Some(1),
                Some(o) => {
                    return Err(format!(
                        "feestdag {}: onbekende `op_zondag` '{o}' (zaterdag of maandag)",
                        f.naam
                    ));
                }
            };
            let (lustrum_only, never) = match f.jaren.as_deref() {
                None | Some("elk") => (false, false),
                Some("lustrum") => (true, false),
                Some("nooit") => (false, true),
                Some(o) => {
                    return Err(format!(
                        "feestdag {}: onbekende `jaren` '{o}' (elk, lustrum of nooit)",
                        f.naam
                    ));
                }
            };
            rules.push(Rule {
                name: f.naam.clone(),
                kind,
                on_sunday,
                from: f.vanaf,
                to: f.tot,
                lustrum_only,
                never,
            });
        }
        let parse_days = |v: &[String], what: &str| -> Result<Vec<NaiveDate>, String> {
            v.iter()
                .map(|s| {
                    NaiveDate::parse_from_str(s, "%Y-%m-%d")
                        .map_err(|_| format!("{what}: ongeldige datum '{s}' (verwacht JJJJ-MM-DD)"))
                })
                .collect()
        };
        let base = NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).ok_or("kalenderbereik")?;
        let mut cal = Calendar {
            rules,
            extra_closed: parse_days(&cfg.extra_gesloten, "extra_gesloten")?,
            extra_open: parse_days(&cfg.extra_werkdagen, "extra_werkdagen")?,
            closed: Vec::new(),
            base,
        };
        let end = NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).ok_or("kalenderbereik")?;
        let days = (end - base).num_days() as usize + 1;
        let mut bits = vec![0u64; days.div_ceil(64)];
        for year in FIRST_YEAR..=LAST_YEAR {
            for (d, _) in cal.holidays_slow(year) {
                let i = (d - base).num_days() as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        let mut d = base;
        for i in 0..days {
            if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                bits[i / 64] |= 1 << (i % 64);
            }
            d = d.succ_opt().unwrap_or(d);
        }
        for x in &cal.extra_closed {
            if let Some(i) = cal.index(*x) {
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        for x in &cal.extra_open {
            if let Some(i) = cal.index(*x) {
                bits[i / 64] &= !(1 << (i % 64));
            }
        }
        cal.closed = bits;
        Ok(cal)
    }

    /// The default Atw calendar, from the embedded file (covered by a test).
    pub fn atw() -> Calendar {
        serde_saphyr::from_str::<KalenderConfig>(DEFAULT_CALENDAR)
            .map_err(|e| e.to_string())
            .and_then(|c| Calendar::new(&c))
            .unwrap_or_else(|_| Calendar {
                rules: Vec::new(),
                extra_closed: Vec::new(),
                extra_open: Vec::new(),
                closed: Vec::new(),
                base: NaiveDate::MIN,
            })
    }

    fn index(&self, d: NaiveDate) -> Option<usize> {
        let i = (d - self.base).num_days();
        (i >= 0 && (i as usize) < self.closed.len() * 64).then_some(i as usize)
    }

    fn holidays_slow(&self, year: i32) -> Vec<(NaiveDate, &str)> {
        let mut out = Vec::new();
        for r in &self.rules {
            if r.never
                || r.from.is_some_and(|f| year < f)
                || r.to.is_some_and(|t| year > t)
                || (r.lustrum_only && year % 5 != 0)
            {
                continue;
            }
            let date = match r.kind {
                RuleKind::Fixed(d, m) => NaiveDate::from_ymd_opt(year, m, d),
                RuleKind::Easter(off) => easter_sunday(year).map(|e| e + Duration::days(off)),
            };
            let Some(mut date) = date else { continue };
            if let Some(shift) = r.on_sunday
                && date.weekday() == Weekday::Sun
            {
                date += Duration::days(shift);
            }
            out.push((date, r.name.as_str()));
        }
        out.sort();
        out
    }

    /// The holidays of a year (active ones), sorted.
    pub fn holidays(&self, year: i32) -> Vec<(NaiveDate, &str)> {
        self.holidays_slow(year)
    }

    pub fn feestdag(&self, d: NaiveDate) -> Option<&str> {
        self.holidays_slow(d.year())
            .into_iter()
            .find(|(h, _)| *h == d)
            .map(|(_, n)| n)
    }

    pub fn is_werkdag(&self, d: NaiveDate) -> bool {
        if let Some(i) = self.index(d) {
            return self.closed[i / 64] & (1 << (i % 64)) == 0;
        }
        if self.extra_open.contains(&d) {
            return true;
        }
        !(matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
            || self.extra_closed.contains(&d)
            || self.holidays_slow(d.year()).iter().any(|(h, _)| *h == d))
    }

    /// The n-th working day strictly after `d` (d's own day never counts). n = 0 gives `d`.
    pub fn add_werkdagen(&self, d: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut cur = d;
        let mut left = n;
        while left > 0 {
            cur = cur.succ_opt()?;
            if self.is_werkdag(cur) {
                left -= 1;
            }
        }
        Some(cur)
    }

    /// Working days in (a, b]; negative when b < a.
    pub fn werkdagen_tussen(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
        let mut n = 0;
        let mut cur = lo;
        while cur < hi {
            match cur.succ_opt() {
                Some(next) => cur = next,
                None => break,
            }
            if self.is_werkdag(cur) {
                n += 1;
            }
        }
        sign * n
    }

    /// The due date of `term` after the anchor date `a`: werkdagen count working days strictly
    /// after `a`; dagen and weken add calendar days; maanden add calendar months, clamped to the
    /// month's last day. With `doorschuiven`, an end on a non-working day moves to the next one.
    pub fn due(&self, a: NaiveDate, term: Term) -> Option<NaiveDate> {
        let raw = match term.eenheid {
            Unit::Werkdagen => return self.add_werkdagen(a, term.aantal),
            Unit::Dagen => a.checked_add_signed(Duration::days(i64::from(term.aantal)))?,
            Unit::Weken => a.checked_add_signed(Duration::days(7 * i64::from(term.aantal)))?,
            Unit::Maanden => add_months_clamped(a, term.aantal)?,
        };
        if term.doorschuiven && !self.is_werkdag(raw) {
            return self.add_werkdagen(raw, 1);
        }
        Some(raw)
    }

    /// Shifts a due date by a term (extensions such as "+2 weken"): the same arithmetic as `due`.
    pub fn extend(&self, due: NaiveDate, term: Term) -> Option<NaiveDate> {
        self.due(due, term)
    }
}

/// Easter Sunday (Gregorian computus, Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

/// `d` + `months` calendar months, clamped to the last day of the target month.
pub fn add_months_clamped(d: NaiveDate, months: u32) -> Option<NaiveDate> {
    let total = i64::from(d.year()) * 12 + i64::from(d.month0()) + i64::from(months);
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = total.rem_euclid(12) as u32 + 1;
    (1..=d.day())
        .rev()
        .find_map(|day| NaiveDate::from_ymd_opt(year, month, day))
}
