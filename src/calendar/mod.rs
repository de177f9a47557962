//! Working days (werkdagen) and term arithmetic, following the spec's counting conventions
//! (`protocol-2019-rules.md`, "Counting conventions").
//!
//! The holidays are data (`rules/kalender.yaml`, the Algemene termijnenwet by default), so an
//! organisation can follow its own cao: Bevrijdingsdag only in lustrum years, Goede Vrijdag as a
//! working day, extra closing days. [`Calendar::new`] turns that data into a bitmap of working
//! days for 1900..=2199 with running counts, because the engine computes due dates by the
//! million: `is_werkdag` is a bit test and counting working days between two dates is two
//! lookups. Dates outside that range are computed on the fly from the same rules, so every date
//! chrono can represent gets an answer, and one that cannot be represented gives `None`.

mod config;

pub use config::{Feestdag, Invalid, KalenderConfig, SETTINGS, unplaced};

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

/// The default calendar file, embedded so the binary works without its rule directory.
pub const DEFAULT_CALENDAR: &str = include_str!("../../rules/kalender.yaml");

/// First and last year held in the bitmap: wide enough for any real dossier, small enough
/// (about 20 KB) to build in well under a millisecond.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2199;
/// The bitmap's first and last day, checked at compile time.
const FIRST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1) {
    Some(d) => d,
    None => panic!("FIRST_YEAR outside chrono's range"),
};
const LAST_DAY: NaiveDate = match NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31) {
    Some(d) => d,
    None => panic!("LAST_YEAR outside chrono's range"),
};

/// Bounds for `pasen`. Easter Sunday is always between 22 March and 25 April, so these offsets
/// keep a holiday in the year of its Easter; the year-based lookups below rely on that.
const PASEN_MIN: i32 = -80;
const PASEN_MAX: i32 = 250;

/// The unit of a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// `werkdagen`: working days after the start day, skipping weekends, holidays and extra
    /// closing days of the calendar.
    Werkdagen,
    /// `dagen`: calendar days.
    Dagen,
    /// `weken`: weeks of seven calendar days.
    Weken,
    /// `maanden`: calendar months, clamped to the last day of a shorter month (31 January + 1
    /// maand = 28 or 29 February).
    Maanden,
}

/// A term such as "5 werkdagen".
///
/// `doorschuiven` is the roll-forward of Atw art. 1: an end date on a non-working day moves to
/// the next working day. The spec counts plain calendar days unless this is configured, hence
/// the default `false`. It only changes anything for dagen, weken and maanden (a count of one
/// or more working days already ends on one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// How many units (`aantal`); counted from the day after the start, so 0 ends on the start
    /// day itself.
    pub aantal: u32,
    /// The unit the count is in (`eenheid`).
    pub eenheid: Unit,
    /// Roll an end date on a non-working day forward to the next working day (see above).
    #[serde(default)]
    pub doorschuiven: bool,
}

impl Unit {
    /// The unit of a Dutch word as rule files write it, singular or plural (`werkdag`,
    /// `werkdagen`, `dag`, `dagen`, `week`, `weken`, `maand`, `maanden`).
    pub fn parse(word: &str) -> Option<Unit> {
        match word {
            "werkdagen" | "werkdag" => Some(Unit::Werkdagen),
            "dagen" | "dag" => Some(Unit::Dagen),
            "weken" | "week" => Some(Unit::Weken),
            "maanden" | "maand" => Some(Unit::Maanden),
            _ => None,
        }
    }
}

impl Term {
    /// The term in Dutch, singular for one: "5 werkdagen", "1 dag", "10 weken", "3 maanden".
    pub fn describe(&self) -> String {
        let one = self.aantal == 1;
        let unit = match self.eenheid {
            Unit::Werkdagen if one => "werkdag",
            Unit::Werkdagen => "werkdagen",
            Unit::Dagen if one => "dag",
            Unit::Dagen => "dagen",
            Unit::Weken if one => "week",
            Unit::Weken => "weken",
            Unit::Maanden if one => "maand",
            Unit::Maanden => "maanden",
        };
        [self.aantal.to_string().as_str(), " ", unit].concat()
    }
}

/// A validated, active holiday rule.
#[derive(Debug, Clone)]
struct Rule {
    naam: String,
    when: When,
    on_sunday: OnSunday,
    vanaf: Option<i32>,
    tot: Option<i32>,
    years: Years,
}

/// `op_zondag` of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OnSunday {
    Stay,
    Saturday,
    Monday,
}

/// `jaren` of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Years {
    Every,
    Lustrum,
    Never,
}

#[derive(Debug, Clone, Copy)]
enum When {
    Datum {
        month: u32,
        day: u32,
    },
    /// Days relative to Easter Sunday, within `PASEN_MIN..=PASEN_MAX`.
    Pasen(i32),
}

impl Rule {
    /// The day this rule gives for `year` (after any Sunday shift), if it applies that year.
    /// `easter` is that year's Easter Sunday, passed in so it is computed once per year.
    fn date_in(&self, year: i32, easter: Option<NaiveDate>) -> Option<NaiveDate> {
        let applies = self.vanaf.is_none_or(|v| year >= v)
            && self.tot.is_none_or(|t| year <= t)
            && match self.years {
                Years::Every => true,
                Years::Lustrum => year.rem_euclid(5) == 0,
                Years::Never => false,
            };
        if !applies {
            return None;
        }
        let date = match self.when {
            When::Datum { month, day } => NaiveDate::from_ymd_opt(year, month, day)?,
            When::Pasen(offset) => {
                let days = Days::new(u64::from(offset.unsigned_abs()));
                if offset >= 0 {
                    easter?.checked_add_days(days)?
                } else {
                    easter?.checked_sub_days(days)?
                }
            }
        };
        match (date.weekday(), self.on_sunday) {
            (Weekday::Sun, OnSunday::Saturday) => date.pred_opt(),
            (Weekday::Sun, OnSunday::Monday) => date.succ_opt(),
            _ => Some(date),
        }
    }
}

/// A working-day calendar: Monday to Friday, minus the active holidays and extra closing days,
/// plus the extra working days. Immutable once built, so `&Calendar` can be shared across
/// threads.
#[derive(Debug, Clone)]
pub struct Calendar {
    naam: String,
    /// Active rules only, in file order.
    rules: Vec<Rule>,
    /// Sorted and deduplicated, for binary search outside the bitmap.
    extra_closed: Vec<NaiveDate>,
    extra_open: Vec<NaiveDate>,
    /// Day 0 of the bitmap, `FIRST_DAY`, counted from 1 January 1 CE (not a const fn).
    first_ce: i32,
    /// Bit `i` is set when day `FIRST_DAY + i` is a working day.
    open: Box<[u64]>,
    /// `rank[w]`: working days in words `0..w`; one more entry than `open`.
    rank: Box<[u32]>,
}

impl Calendar {
    /// Validates the calendar file and precomputes the bitmap. The errors are Dutch messages
    /// that name the offending holiday or value, each at its place, in file order: every
    /// mistake of the file at once.
    pub fn new(cfg: &KalenderConfig) -> Result<Calendar, Vec<Invalid>> {
        let mut errors = Vec::new();
        let mut rules = Vec::new();
        for f in &cfg.feestdagen {
            // Inactive entries are still validated: a typo should not wait until someone
            // switches the holiday on.
            let rule = compile_rule(f, &mut errors);
            if let Some(rule) = rule
                && f.actief
            {
                rules.push(rule);
            }
        }
        let extra_closed = parse_dates(&cfg.extra_gesloten, "extra_gesloten", &mut errors);
        let extra_open = parse_dates(&cfg.extra_werkdagen, "extra_werkdagen", &mut errors);
        // A day on both lists is named once, at its first place under `extra_werkdagen`.
        let mut both: Vec<NaiveDate> = Vec::new();
        for (d, at) in &extra_open {
            if extra_closed.iter().any(|(c, _)| c == d) && !both.contains(d) {
                both.push(*d);
                errors.push(Invalid::at(
                    at,
                    format!(
                        "kalender: {d} staat zowel onder extra_gesloten als onder extra_werkdagen"
                    ),
                ));
            }
        }
        if !errors.is_empty() {
            // In file order, whichever order the file gives its keys in.
            errors.sort_by_key(|e| (e.pos.line, e.pos.col));
            return Err(errors);
        }
        let days = |list: Vec<(NaiveDate, &Location)>| {
            let mut out: Vec<NaiveDate> = list.into_iter().map(|(d, _)| d).collect();
            out.sort_unstable();
            out.dedup();
            out
        };
        let (extra_closed, extra_open) = (days(extra_closed), days(extra_open));
        Ok(Calendar::build(
            cfg.naam.clone(),
            rules,
            extra_closed,
            extra_open,
        ))
    }

    /// The default calendar (`rules/kalender.yaml` as embedded): the Atw holidays.
    ///
    /// Infallible for callers' convenience: the embedded file is checked by a unit test, and
    /// should it ever fail to load this gives a calendar of weekends only rather than a panic.
    pub fn atw() -> Calendar {
        serde_saphyr::from_str::<KalenderConfig>(DEFAULT_CALENDAR)
            .ok()
            .and_then(|cfg| Calendar::new(&cfg).ok())
            .unwrap_or_else(|| Calendar::build("atw".into(), Vec::new(), Vec::new(), Vec::new()))
    }

    /// Assembles a calendar from validated parts and precomputes its bitmap.
    fn build(
        naam: String,
        rules: Vec<Rule>,
        extra_closed: Vec<NaiveDate>,
        extra_open: Vec<NaiveDate>,
    ) -> Calendar {
        let mut cal = Calendar {
            naam,
            rules,
            extra_closed,
            extra_open,
            first_ce: FIRST_DAY.num_days_from_ce(),
            open: Box::default(),
            rank: Box::default(),
        };
        cal.build_bitmap();
        cal
    }

    /// The calendar's name from the file (`naam`), for reports.
    pub fn naam(&self) -> &str {
        &self.naam
    }

    /// Whether `d` is a working day. A bit test within 1900..=2199.
    pub fn is_werkdag(&self, d: NaiveDate) -> bool {
        match self.index(d) {
            Some(i) => self.open[i / 64] & (1 << (i % 64)) != 0,
            None => self.is_werkdag_slow(d),
        }
    }

    /// The name of the active holiday on `d`, if any; when two fall on one day, the first in
    /// the file. Extra closing days are not holidays and have no name, and a holiday listed
    /// under `extra_werkdagen` keeps its name although it counts as a working day.
    /// Computed from the rules, as it is only needed for messages.
    pub fn feestdag(&self, d: NaiveDate) -> Option<&str> {
        let y = d.year();
        let years = [y.saturating_sub(1), y, y.saturating_add(1)].map(|y| (y, easter_sunday(y)));
        self.rules
            .iter()
            .find(|r| {
                years
                    .iter()
                    .any(|&(y, easter)| r.date_in(y, easter) == Some(d))
            })
            .map(|r| r.naam.as_str())
    }

    /// The active holidays that fall in `year`, sorted by date (file order on a shared date).
    pub fn holidays(&self, year: i32) -> Vec<(NaiveDate, &str)> {
        let mut found: Vec<(NaiveDate, usize)> = rule_years(year)
            .flat_map(|(y, easter)| {
                let dates = self.rules.iter().map(move |r| r.date_in(y, easter));
                dates.enumerate().filter_map(|(i, d)| Some((d?, i)))
            })
            .filter(|(d, _)| d.year() == year)
            .collect();
        found.sort_unstable();
        found
            .into_iter()
            .map(|(d, i)| (d, self.rules[i].naam.as_str()))
            .collect()
    }

    /// The n-th working day strictly after `d` (d's own day never counts, working day or not);
    /// n = 0 gives `d`. `None` when the result lies beyond chrono's last date.
    pub fn add_werkdagen(&self, d: NaiveDate, n: u32) -> Option<NaiveDate> {
        match self.index(d) {
            Some(i) if n > 0 => self
                .select_after(i, n)
                .or_else(|| self.add_werkdagen_general(d, n)),
            _ => self.add_werkdagen_general(d, n),
        }
    }

    /// [`Calendar::add_werkdagen`] inside the bitmap: the n-th set bit after bit `i`, found a
    /// word at a time (a due date is computed for nearly every rule of every dossier, and a
    /// day-by-day walk cost several hundred instructions). `None` when the answer lies beyond
    /// the bitmap.
    fn select_after(&self, i: usize, n: u32) -> Option<NaiveDate> {
        let mut left = n;
        let mut w = (i + 1) / 64;
        // Bits after `i` only.
        let mut word = *self.open.get(w)? & (u64::MAX << ((i + 1) % 64));
        loop {
            let ones = word.count_ones();
            if ones >= left {
                for _ in 1..left {
                    word &= word - 1;
                }
                let j = w * 64 + word.trailing_zeros() as usize;
                let days = self.first_ce.checked_add(i32::try_from(j).ok()?)?;
                return NaiveDate::from_num_days_from_ce_opt(days).filter(|d| *d <= LAST_DAY);
            }
            left -= ones;
            w += 1;
            word = *self.open.get(w)?;
        }
    }

    /// [`Calendar::add_werkdagen`] for any date: whole years by counting, then day by day.
    fn add_werkdagen_general(&self, d: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut left = i64::from(n);
        let mut cur = d;
        while left > 0 {
            // Skip whole years by counting, so a large n does not walk day by day.
            let start = cur.succ_opt()?;
            let year_end = year_end(start);
            let in_year = self.count(start, year_end);
            if in_year < left {
                left -= in_year;
                cur = year_end;
                continue;
            }
            // The answer lies in [start, year_end].
            let mut day = start;
            loop {
                if self.is_werkdag(day) {
                    left -= 1;
                    if left == 0 {
                        return Some(day);
                    }
                }
                day = day.succ_opt()?;
            }
        }
        Some(cur)
    }

    /// Number of working days in the half-open range (a, b]; negative when b < a, so that
    /// `werkdagen_tussen(due, done)` reads as "werkdagen te laat".
    pub fn werkdagen_tussen(&self, a: NaiveDate, b: NaiveDate) -> i64 {
        let after = |x: NaiveDate, y: NaiveDate| x.succ_opt().map_or(0, |s| self.count(s, y));
        if a <= b { after(a, b) } else { -after(b, a) }
    }

    /// Due date of `term` after the anchor date `a`, per the spec: werkdagen count working days
    /// strictly after `a`; dagen and weken add calendar days; maanden add calendar months,
    /// clamped to the month's last day (31 January + 1 maand = 28/29 February). With
    /// `doorschuiven`, an end on a non-working day then moves to the next working day.
    /// `None` when the date cannot be represented.
    pub fn due(&self, a: NaiveDate, term: Term) -> Option<NaiveDate> {
        let n = term.aantal;
        let end = match term.eenheid {
            Unit::Werkdagen => self.add_werkdagen(a, n)?,
            Unit::Dagen => a.checked_add_days(Days::new(u64::from(n)))?,
            Unit::Weken => a.checked_add_days(Days::new(u64::from(n) * 7))?,
            Unit::Maanden => add_months_clamped(a, n)?,
        };
        if term.doorschuiven && !self.is_werkdag(end) {
            self.add_werkdagen(end, 1)
        } else {
            Some(end)
        }
    }

    /// Shifts a due date forward by `term` (extensions, e.g. +2 weken per postponement), with
    /// the same arithmetic as [`Calendar::due`].
    pub fn extend(&self, due: NaiveDate, term: Term) -> Option<NaiveDate> {
        self.due(due, term)
    }

    /// Position of `d` in the bitmap, if it is inside.
    fn index(&self, d: NaiveDate) -> Option<usize> {
        if d < FIRST_DAY || d > LAST_DAY {
            return None;
        }
        usize::try_from(d.num_days_from_ce() - self.first_ce).ok()
    }

    /// Working days with a bitmap index below `i` (`i` at most the number of days).
    fn rank_before(&self, i: usize) -> i64 {
        let (w, bit) = (i / 64, i % 64);
        let partial = if bit == 0 {
            0
        } else {
            (self.open[w] & ((1u64 << bit) - 1)).count_ones()
        };
        i64::from(self.rank[w]) + i64::from(partial)
    }

    /// Working days in the closed range [s, e]; 0 when e < s. Uses the running counts inside
    /// the bitmap and year-by-year counting outside it.
    fn count(&self, s: NaiveDate, e: NaiveDate) -> i64 {
        if e < s {
            return 0;
        }
        let mut n = 0;
        if let Some(before) = FIRST_DAY.pred_opt()
            && s <= before
        {
            n += self.count_slow(s, e.min(before));
        }
        let (lo, hi) = (s.max(FIRST_DAY), e.min(LAST_DAY));
        if let (Some(l), Some(h)) = (self.index(lo), self.index(hi))
            && l <= h
        {
            n += self.rank_before(h + 1) - self.rank_before(l);
        }
        if let Some(after) = LAST_DAY.succ_opt()
            && e >= after
        {
            n += self.count_slow(s.max(after), e);
        }
        n
    }

    /// Working days in [s, e] from the rules alone: per calendar year, Monday to Friday
    /// counted by arithmetic, then corrected for the few special days (holidays and extra
    /// days). Bounded by the number of years, never by the number of days.
    fn count_slow(&self, s: NaiveDate, e: NaiveDate) -> i64 {
        let mut n = 0;
        let mut cur = s;
        while cur <= e {
            let seg_end = e.min(year_end(cur));
            n += weekdays_in(cur, seg_end);
            let within = |d: &NaiveDate| cur <= *d && *d <= seg_end;
            let mut holidays: Vec<NaiveDate> = rule_years(cur.year())
                .flat_map(|(y, easter)| self.rules.iter().filter_map(move |r| r.date_in(y, easter)))
                .filter(within)
                .collect();
            holidays.sort_unstable();
            holidays.dedup();
            let closed = slice_within(&self.extra_closed, cur, seg_end);
            let open = slice_within(&self.extra_open, cur, seg_end);
            let mut special: Vec<NaiveDate> =
                holidays.iter().chain(closed).chain(open).copied().collect();
            special.sort_unstable();
            special.dedup();
            for d in special {
                let weekday = !is_weekend(d);
                let werkdag = open.binary_search(&d).is_ok()
                    || (weekday
                        && closed.binary_search(&d).is_err()
                        && holidays.binary_search(&d).is_err());
                n += i64::from(werkdag) - i64::from(weekday);
            }
            match seg_end.succ_opt() {
                Some(next) => cur = next,
                None => break,
            }
        }
        n
    }

    /// `is_werkdag` from the rules alone: used outside the bitmap, and to build and test it.
    fn is_werkdag_slow(&self, d: NaiveDate) -> bool {
        if self.extra_open.binary_search(&d).is_ok() {
            return true;
        }
        !(is_weekend(d)
            || self.extra_closed.binary_search(&d).is_ok()
            || self.feestdag(d).is_some())
    }

    /// Fills `open` and `rank` for `FIRST_DAY..=LAST_DAY`: weekdays, minus holidays and extra closing
    /// days, plus extra working days (which win, as in `is_werkdag_slow`).
    fn build_bitmap(&mut self) {
        let days = self.index(LAST_DAY).map_or(0, |i| i + 1);
        let mut open = vec![0u64; days.div_ceil(64)];
        let first_weekday = FIRST_DAY.weekday().num_days_from_monday() as usize;
        for i in 0..days {
            if (first_weekday + i) % 7 < 5 {
                open[i / 64] |= 1 << (i % 64);
            }
        }
        let mut clear = |d: NaiveDate| {
            if let Some(i) = self.index(d) {
                open[i / 64] &= !(1 << (i % 64));
            }
        };
        for year in FIRST_YEAR - 1..=LAST_YEAR + 1 {
            let easter = easter_sunday(year);
            self.rules
                .iter()
                .filter_map(|r| r.date_in(year, easter))
                .for_each(&mut clear);
        }
        self.extra_closed.iter().copied().for_each(&mut clear);
        for d in &self.extra_open {
            if let Some(i) = self.index(*d) {
                open[i / 64] |= 1 << (i % 64);
            }
        }
        let mut total = 0u32;
        let mut rank = Vec::with_capacity(open.len() + 1);
        for word in &open {
            rank.push(total);
            total += word.count_ones();
        }
        rank.push(total);
        self.open = open.into_boxed_slice();
        self.rank = rank.into_boxed_slice();
    }
}

/// Checks one holiday entry and turns it into a rule; `None` when it has a mistake, each one
/// added to `errors` at its place.
fn compile_rule(f: &Feestdag, errors: &mut Vec<Invalid>) -> Option<Rule> {
    let before = errors.len();
    let naam = f.naam.value.trim();
    if naam.is_empty() {
        errors.push(Invalid::at(
            &f.naam.referenced,
            "kalender: een feestdag zonder naam".into(),
        ));
    }
    let when = match (&f.datum, &f.pasen) {
        (Some(s), None) => match parse_day_month(&s.value) {
            Some((day, month)) => Some(When::Datum { month, day }),
            None => {
                errors.push(Invalid::at(
                    &s.referenced,
                    format!(
                        "feestdag '{naam}': ongeldige datum '{}' (verwacht DD-MM, bijvoorbeeld \
                         \"27-04\")",
                        s.value
                    ),
                ));
                None
            }
        },
        (None, Some(p)) if (PASEN_MIN..=PASEN_MAX).contains(&p.value) => Some(When::Pasen(p.value)),
        (None, Some(p)) => {
            errors.push(Invalid::at(
                &p.referenced,
                format!(
                    "feestdag '{naam}': pasen: {} ligt buiten {PASEN_MIN} tot en met {PASEN_MAX} \
                     (dagen ten opzichte van Eerste Paasdag)",
                    p.value
                ),
            ));
            None
        }
        (Some(_), Some(p)) => {
            errors.push(Invalid::at(
                &p.referenced,
                format!("feestdag '{naam}': geef `datum` of `pasen`, niet allebei"),
            ));
            None
        }
        (None, None) => {
            errors.push(Invalid::at(
                &f.naam.referenced,
                format!(
                    "feestdag '{naam}': geef `datum` (DD-MM) of `pasen` (dagen ten opzichte van \
                     Eerste Paasdag)"
                ),
            ));
            None
        }
    };
    let on_sunday = match f.op_zondag.as_ref() {
        None => Some(OnSunday::Stay),
        Some(v) => match v.value.as_str() {
            "zaterdag" => Some(OnSunday::Saturday),
            "maandag" => Some(OnSunday::Monday),
            other => {
                errors.push(unknown(
                    v,
                    &["zaterdag", "maandag"],
                    format!(
                        "feestdag '{naam}': op_zondag '{other}' is onbekend (zaterdag of maandag)"
                    ),
                ));
                None
            }
        },
    };
    let years = match f.jaren.as_ref() {
        None => Some(Years::Every),
        Some(v) => match v.value.as_str() {
            "elk" => Some(Years::Every),
            "lustrum" => Some(Years::Lustrum),
            "nooit" => Some(Years::Never),
            other => {
                errors.push(unknown(
                    v,
                    &["elk", "lustrum", "nooit"],
                    format!(
                        "feestdag '{naam}': jaren '{other}' is onbekend (elk, lustrum of nooit)"
                    ),
                ));
                None
            }
        },
    };
    if let (Some(v), Some(t)) = (f.vanaf, &f.tot)
        && v > t.value
    {
        errors.push(Invalid::at(
            &t.referenced,
            format!("feestdag '{naam}': vanaf ({v}) ligt na tot ({})", t.value),
        ));
    }
    // Checked here with the rest of the entry; `rules::calendar_with` applies the setting.
    if let Some(v) = &f.instelling
        && !SETTINGS.contains(&v.value.as_str())
    {
        errors.push(unknown(
            v,
            &SETTINGS,
            format!(
                "feestdag '{naam}': instelling '{}' is onbekend (goede_vrijdag of bevrijdingsdag)",
                v.value
            ),
        ));
    }
    if errors.len() > before {
        return None;
    }
    Some(Rule {
        naam: naam.to_string(),
        when: when?,
        on_sunday: on_sunday?,
        vanaf: f.vanaf,
        tot: f.tot.as_ref().map(|t| t.value),
        years: years?,
    })
}

/// An unknown enumeration value at its place, with "bedoelde je …?" for a near miss (the
/// message lists the values already).
fn unknown(v: &Spanned<String>, known: &[&str], message: String) -> Invalid {
    Invalid {
        help: crate::suggest::did_you_mean_help(&v.value, known.iter().copied()),
        ..Invalid::at(&v.referenced, message)
    }
}

/// "DD-MM" (one or two digits each) → (day, month), valid in some year (29-02 included).
fn parse_day_month(s: &str) -> Option<(u32, u32)> {
    let number = |p: &str| {
        (matches!(p.len(), 1 | 2) && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let (d, m) = s.split_once('-')?;
    let (day, month) = (number(d)?, number(m)?);
    NaiveDate::from_ymd_opt(2000, month, day).map(|_| (day, month))
}

/// Parses a list of "YYYY-MM-DD" strings into dates with their places, in file order; a
/// value that is no such date is added to `errors` and left out.
fn parse_dates<'a>(
    list: &'a [Spanned<String>],
    key: &str,
    errors: &mut Vec<Invalid>,
) -> Vec<(NaiveDate, &'a Location)> {
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        // Strictly `JJJJ-MM-DD`, as every other date a user writes for vtcheck (chrono's
        // `%Y-%m-%d` alone would take `2025-5-5` too); any year the calendar can hold.
        match crate::dossier::date::iso_shaped(&s.value)
            .then(|| NaiveDate::parse_from_str(&s.value, "%Y-%m-%d").ok())
            .flatten()
        {
            Some(d) => out.push((d, &s.referenced)),
            None => errors.push(Invalid::at(
                &s.referenced,
                format!("{key}: ongeldige datum '{}' (verwacht JJJJ-MM-DD)", s.value),
            )),
        }
    }
    out
}

/// The rule-years whose holidays can fall in `year`, each with its Easter Sunday: the year
/// itself and its neighbours, because a Sunday shift can move 1 January or 31 December across
/// New Year.
fn rule_years(year: i32) -> impl Iterator<Item = (i32, Option<NaiveDate>)> {
    (year.saturating_sub(1)..=year.saturating_add(1)).map(|y| (y, easter_sunday(y)))
}

/// The sub-slice of a sorted slice within [lo, hi].
fn slice_within(sorted: &[NaiveDate], lo: NaiveDate, hi: NaiveDate) -> &[NaiveDate] {
    let a = sorted.partition_point(|d| *d < lo);
    let b = sorted.partition_point(|d| *d <= hi);
    sorted.get(a..b).unwrap_or_default()
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// 31 December of `d`'s year, or chrono's last date in its last year.
fn year_end(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), 12, 31).unwrap_or(NaiveDate::MAX)
}

/// Monday-to-Friday days in [s, e], s <= e, by arithmetic.
fn weekdays_in(s: NaiveDate, e: NaiveDate) -> i64 {
    let total = e.signed_duration_since(s).num_days() + 1;
    let start = i64::from(s.weekday().num_days_from_monday());
    let rest = (0..total % 7).filter(|k| (start + k) % 7 < 5).count();
    total / 7 * 5 + rest as i64
}

/// Easter Sunday of `year` by the Gregorian computus (Anonymous/Meeus/Jones/Butcher), with
/// floor division so that it is defined for every year chrono can represent; `None` beyond.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    NaiveDate::from_ymd_opt(
        year,
        u32::try_from(n / 31).ok()?,
        u32::try_from(n % 31 + 1).ok()?,
    )
}

/// `d` plus `months` calendar months, clamped to the last day of the target month
/// (31 January + 1 = 28 or 29 February); `None` beyond chrono's range.
pub fn add_months_clamped(d: NaiveDate, months: u32) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(months))
}

#[cfg(test)]
mod tests;
