//! Dates as Dutch exports write them.
//!
//! [`parse_stamp_strict`] reads the dates of the exchange format (YAML and JSON) exactly as the
//! format defines them: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` with an optional UTC offset (`Z`,
//! `+01:00`, `+0100`), and `DD-MM-YYYY`; nothing around them, no other spellings.
//!
//! [`parse_stamp`] is the lenient reader for sources that are not the exchange format (the CSV
//! event log, waivers, rule files): it also accepts a space instead of `T`, `DD-MM-YYYY` with a
//! time, spaces around the value, and Dutch Excel's short spellings `D-M-JJJJ` and `U:MM`
//! (`6-3-2025 9:05`).
//!
//! A time with an offset is converted to Dutch local time first, because day-based rules count
//! Dutch calendar days.
//!
//! Years outside [`YEARS`] are an input error: in a Veilig Thuis dossier such a year is a typing
//! error (`0224`, `2204`), and deadline arithmetic across centuries is work no dossier needs.
//! The format's letter allows any four-digit year; reading them (with a warning) was tried and
//! undone: a due date past 9999 cannot be written `JJJJ-MM-DD` in a report, a time offset moves
//! 9999-12-31 into year 10000, and working days counted across centuries made a check about
//! 400 times slower per dossier.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Weekday};

use super::model::Stamp;

/// Why a date with spaces around it is not one of the strict forms.
const SPACES: &str = "spaties voor of na de datum horen er niet bij";

/// The years a dossier date may have.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2099;

/// Why a text is not a date; the message is Dutch and never repeats text that is not date-like.
pub fn parse_stamp(raw: &str) -> Result<Stamp, String> {
    fast_path(raw, true).map_or_else(|| parse_stamp_general(raw, true), Ok)
}

/// [`parse_stamp`] whose error never repeats the value, not even a date-like one: for the
/// cells of a CSV event log, whose messages show no cell content (digits and dashes can be a
/// phone number as well as a date). The reason (`maand 13 bestaat niet`) stays.
pub fn parse_stamp_unshown(raw: &str) -> Result<Stamp, String> {
    parse_stamp(raw).map_err(unshown)
}

/// [`parse_stamp_strict`] whose error never repeats the value: for dates read from a dossier
/// or manifest, whatever its format (see [`parse_stamp_unshown`]). Dates the user types (the
/// as-of date, the configuration, rule files) are quoted: they are no dossier data.
pub fn parse_stamp_strict_unshown(raw: &str) -> Result<Stamp, String> {
    parse_stamp_strict(raw).map_err(unshown)
}

/// An error of [`describe`] without the value it quotes.
fn unshown(e: String) -> String {
    // `describe` quotes only date-like text, which holds no `'`.
    match e
        .strip_prefix("ongeldige datum '")
        .and_then(|rest| rest.split_once("': "))
    {
        Some((_, why)) => format!("ongeldige datum: {why}"),
        None => e,
    }
}

/// Most values are a bare `JJJJ-MM-DD` or `JJJJ-MM-DDTUU:MM`: read without trimming, searching
/// for a time part or offset, or splitting; `None` for anything else (and every error), which
/// takes the general path. `lenient`: a space for the `T`, and any date order before a time.
fn fast_path(raw: &str, lenient: bool) -> Option<Stamp> {
    let b = raw.as_bytes();
    let time = match b.len() {
        10 => None,
        16 if (b[10] == b'T' && b[4] == b'-') || (lenient && matches!(b[10], b'T' | b' ')) => {
            Some(hh_mm(&b[11..])?)
        }
        _ => return None,
    };
    let date = parse_date(&raw[..10], false).ok()?;
    YEARS.contains(&date.year()).then_some(Stamp { date, time })
}

/// A date of the exchange format (YAML and JSON), as the format writes it: `JJJJ-MM-DD`,
/// `JJJJ-MM-DDTUU:MM[:SS]` with an optional UTC offset, or `DD-MM-JJJJ`. What only
/// [`parse_stamp`] accepts (spaces around the value, a space for the `T`, `DD-MM-JJJJ` with a
/// time) is an error.
pub fn parse_stamp_strict(raw: &str) -> Result<Stamp, String> {
    if let Some(stamp) = fast_path(raw, false) {
        return Ok(stamp);
    }
    let b = raw.as_bytes();
    // Anything else: what the lenient reader cannot read keeps its message; what it reads only
    // by leniency is named.
    let stamp = parse_stamp_general(raw, false)?;
    if raw.trim().len() != raw.len() {
        return Err(describe(raw, SPACES));
    }
    // The general reader split date and time at the first `T` or space.
    if let Some(i) = raw.bytes().position(|c| c == b'T' || c == b' ')
        && (b[i] == b' ' || b.get(4) != Some(&b'-'))
    {
        return Err(describe(
            raw,
            "een datum met tijd heeft de vorm JJJJ-MM-DDTUU:MM",
        ));
    }
    Ok(stamp)
}

/// Exactly ten characters `DDDD-DD-DD` (digits and two dashes): what chrono's `%Y-%m-%d` should
/// have meant (it also takes `2024-6-30` and `+2024-06-30`).
pub fn iso_shaped(raw: &str) -> bool {
    let b = raw.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// A date given on the command line (`--as-of`, `--van`, `--tot`) or in vtcheck.toml: exactly
/// `JJJJ-MM-DD`, the form the CLI contract names, then checked as a dossier date is (the day
/// exists, the year lies in [`YEARS`]). chrono's `%Y-%m-%d` would also take `2024-6-30` and
/// `+2024-06-30`, which a dossier may not write either.
pub fn parse_iso_date(raw: &str) -> Result<NaiveDate, String> {
    if !iso_shaped(raw) {
        // A date the lenient reader understands (`30-06-2024`, `30-6-2024`) is shown as it
        // should be written.
        let why = match parse_stamp(raw) {
            Ok(_) if raw.trim() != raw => SPACES.to_string(),
            Ok(st) if st.time.is_none() => format!("verwacht JJJJ-MM-DD ({})", iso_text(&st)),
            _ => "verwacht JJJJ-MM-DD".to_string(),
        };
        return Err(describe(raw, &why));
    }
    parse_stamp_strict(raw).map(|s| s.date)
}

/// A stamp in the format's own spelling (`JJJJ-MM-DD` or `JJJJ-MM-DDTUU:MM:SS`), which
/// [`parse_stamp_strict`] reads back to the same stamp: for adapters that read other spellings.
pub fn iso_text(stamp: &Stamp) -> String {
    use chrono::{Datelike, Timelike};
    let y = stamp.date.year();
    if !(0..=9999).contains(&y) {
        // chrono's own spelling (a sign and more digits), which no reader of ours produces.
        return match stamp.time {
            None => stamp.date.format("%Y-%m-%d").to_string(),
            Some(t) => format!("{}T{}", stamp.date.format("%Y-%m-%d"), t.format("%H:%M:%S")),
        };
    }
    // Written by hand: chrono's format strings are parsed anew on every call, which was a
    // visible share of reading a CSV event log (every date cell passes through here).
    let mut out = String::with_capacity(19);
    let two = |out: &mut String, n: u32| {
        out.push(char::from(b'0' + (n / 10 % 10) as u8));
        out.push(char::from(b'0' + (n % 10) as u8));
    };
    let y = y as u32;
    two(&mut out, y / 100);
    two(&mut out, y % 100);
    out.push('-');
    two(&mut out, stamp.date.month());
    out.push('-');
    two(&mut out, stamp.date.day());
    if let Some(t) = stamp.time {
        out.push('T');
        two(&mut out, t.hour());
        out.push(':');
        two(&mut out, t.minute());
        out.push(':');
        two(&mut out, t.second());
    }
    out
}

/// `UU:MM` as a time, if it is exactly that and exists.
fn hh_mm(b: &[u8]) -> Option<NaiveTime> {
    let [h1, h2, b':', m1, m2] = *b else {
        return None;
    };
    let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
    NaiveTime::from_hms_opt(
        digit(h1)? * 10 + digit(h2)?,
        digit(m1)? * 10 + digit(m2)?,
        0,
    )
}

/// [`parse_stamp`] for any input: trimmed, with a time, seconds and a UTC offset, and the errors;
/// `lenient` also reads one-digit days, months and hours (Dutch Excel's short date and time).
fn parse_stamp_general(raw: &str, lenient: bool) -> Result<Stamp, String> {
    let s = raw.trim();
    let (date_part, rest) = match s.bytes().position(|c| c == b'T' || c == b' ') {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let date = parse_date(date_part, lenient).map_err(|e| describe(raw, &e))?;
    let in_range = |date: NaiveDate| {
        if YEARS.contains(&date.year()) {
            return Ok(());
        }
        Err(describe(
            raw,
            &format!(
                "jaar {:04} ligt buiten {}–{} (tikfout in het jaar?)",
                date.year(),
                YEARS.start(),
                YEARS.end()
            ),
        ))
    };
    in_range(date)?;
    let Some(rest) = rest else {
        return Ok(Stamp { date, time: None });
    };
    let (time_text, offset) = split_offset(rest).map_err(|e| describe(raw, &e))?;
    let time = parse_time(time_text, lenient).map_err(|e| describe(raw, &e))?;
    match offset {
        None => Ok(Stamp {
            date,
            time: Some(time),
        }),
        Some(minutes) => {
            let utc = NaiveDateTime::new(date, time) - Duration::minutes(i64::from(minutes));
            let local = utc_to_dutch(utc);
            // The same instant is in range or not however it is written.
            in_range(local.date())?;
            Ok(Stamp {
                date: local.date(),
                time: Some(local.time()),
            })
        }
    }
}

fn describe(raw: &str, why: &str) -> String {
    let shown = raw.trim();
    let date_like = !shown.is_empty()
        && shown.len() <= 40
        && shown
            .chars()
            .all(|c| c.is_ascii_digit() || "-:+TZ. /".contains(c))
        // Digits the output would mask as a BSN are not repeated at all.
        && matches!(crate::privacy::mask_bsn(shown), std::borrow::Cow::Borrowed(_));
    if date_like {
        format!("ongeldige datum '{shown}': {why}")
    } else {
        format!("ongeldige datum: {why}")
    }
}

fn parse_date(s: &str, lenient: bool) -> Result<NaiveDate, String> {
    // Fast path for the common `JJJJ-MM-DD`; anything unusual takes the general path below,
    // which also words the errors.
    let b = s.as_bytes();
    if b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
    {
        let num =
            |r: std::ops::Range<usize>| b[r].iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
        if let Some(d) = NaiveDate::from_ymd_opt(num(0..4) as i32, num(5..7), num(8..10)) {
            return Ok(d);
        }
    }
    let parts: Vec<&str> = s.split('-').collect();
    let nums = |p: &str| p.chars().all(|c| c.is_ascii_digit()) && !p.is_empty();
    if parts.len() != 3 || !parts.iter().all(|p| nums(p)) {
        return Err("verwacht JJJJ-MM-DD of DD-MM-JJJJ".into());
    }
    let (y, m, d) = match (parts[0].len(), parts[1].len(), parts[2].len()) {
        (4, 2, 2) => (parts[0], parts[1], parts[2]),
        (2, 2, 4) => (parts[2], parts[1], parts[0]),
        (1..=2, 1..=2, 4) if lenient => (parts[2], parts[1], parts[0]),
        _ => return Err("verwacht JJJJ-MM-DD of DD-MM-JJJJ".into()),
    };
    let (y, m, d): (i32, u32, u32) = (
        y.parse().map_err(|_| "jaar onleesbaar")?,
        m.parse().map_err(|_| "maand onleesbaar")?,
        d.parse().map_err(|_| "dag onleesbaar")?,
    );
    if !(1..=12).contains(&m) {
        return Err(format!("maand {m} bestaat niet"));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        let last = last_day_of_month(y, m);
        format!("{d} is geen dag van deze maand (die heeft {last} dagen)")
    })
}

fn last_day_of_month(y: i32, m: u32) -> u32 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(y, m, d).is_some())
        .unwrap_or(28)
}

fn split_offset(rest: &str) -> Result<(&str, Option<i32>), String> {
    if let Some(t) = rest.strip_suffix('Z') {
        return Ok((t, Some(0)));
    }
    if let Some(i) = rest.rfind(['+', '-']) {
        let (t, off) = rest.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        // `+01:00` or `+0100`, nothing else (`+0:1:0:0` has four digits too).
        let bad = || "ongeldige UTC-afwijking".to_string();
        let [h1, h2, m1, m2] = match &off.as_bytes()[1..] {
            [a, b, b':', c, d] | [a, b, c, d] => [*a, *b, *c, *d],
            _ => return Err(bad()),
        };
        if ![h1, h2, m1, m2].iter().all(u8::is_ascii_digit) {
            return Err(bad());
        }
        let two = |x: u8, y: u8| i32::from(x - b'0') * 10 + i32::from(y - b'0');
        let (h, m) = (two(h1, h2), two(m1, m2));
        if h > 14 || m > 59 {
            return Err(bad());
        }
        return Ok((t, Some(sign * (h * 60 + m))));
    }
    Ok((rest, None))
}

fn parse_time(s: &str, lenient: bool) -> Result<NaiveTime, String> {
    let parts: Vec<&str> = s.split(':').collect();
    let width = |i: usize, p: &str| p.len() == 2 || (lenient && i == 0 && p.len() == 1);
    if !(2..=3).contains(&parts.len())
        || !parts
            .iter()
            .enumerate()
            .all(|(i, p)| width(i, p) && p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err("verwacht tijd als UU:MM of UU:MM:SS".into());
    }
    let h: u32 = parts[0].parse().map_err(|_| "uur onleesbaar")?;
    let m: u32 = parts[1].parse().map_err(|_| "minuut onleesbaar")?;
    let sec: u32 = match parts.get(2) {
        Some(p) => p.parse().map_err(|_| "seconde onleesbaar")?,
        None => 0,
    };
    NaiveTime::from_hms_opt(h, m, sec).ok_or_else(|| "deze tijd bestaat niet".to_string())
}

/// Today in the Netherlands: the default as-of date. Dossier dates are Dutch local time, so
/// "today" is too, whatever time zone the process runs in (CI runners run in UTC).
pub fn dutch_today() -> NaiveDate {
    dutch_date(chrono::Utc::now())
}

/// The Dutch calendar date at the instant `utc`.
pub fn dutch_date(utc: chrono::DateTime<chrono::Utc>) -> NaiveDate {
    utc_to_dutch(utc.naive_utc()).date()
}

/// Central European (Summer) Time: UTC+2 from the last Sunday of March 01:00 UTC to the last
/// Sunday of October 01:00 UTC, else UTC+1 (EU rule since 1996; older dates use it too, close
/// enough for day-based deadlines).
fn utc_to_dutch(utc: NaiveDateTime) -> NaiveDateTime {
    let y = utc.year();
    let last_sunday = |month: u32| {
        let mut d = NaiveDate::from_ymd_opt(y, month, 31).unwrap_or(NaiveDate::MIN);
        while d.weekday() != Weekday::Sun {
            d = d.pred_opt().unwrap_or(d);
            if d == NaiveDate::MIN {
                break;
            }
        }
        d.and_hms_opt(1, 0, 0).unwrap_or_default()
    };
    let summer = utc >= last_sunday(3) && utc < last_sunday(10);
    utc + Duration::hours(if summer { 2 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The fast paths give what the general parser gives, for valid and invalid dates and
        /// times of the two common shapes.
        #[test]
        fn fast_paths_agree_with_the_general_parser(
            y in 1890u32..2110, m in 0u32..14, d in 0u32..33, h in 0u32..26, min in 0u32..62,
            sep in proptest::sample::select(vec!['T', ' ', 'x']),
        ) {
            for s in [
                format!("{y:04}-{m:02}-{d:02}"),
                format!("{y:04}-{m:02}-{d:02}{sep}{h:02}:{min:02}"),
                format!("{d:02}-{m:02}-{y:04}{sep}{h:02}:{min:02}"),
            ] {
                proptest::prop_assert_eq!(parse_stamp(&s), parse_stamp_general(&s, true), "{}", s);
            }
        }
    }

    fn d(s: &str) -> NaiveDate {
        parse_stamp(s).unwrap().date
    }

    #[test]
    fn accepts_the_formats_of_the_spec() {
        let day = NaiveDate::from_ymd_opt(2023, 3, 6).unwrap();
        for s in [
            "2023-03-06",
            "2023-03-06T10:15",
            "2023-03-06T10:15:30",
            "06-03-2023",
            "2023-03-06 10:15",
        ] {
            assert_eq!(d(s), day, "{s}");
        }
    }

    /// Dutch Excel writes `d-M-jjjj` and `H:mm` by default: the lenient reader (CSV event logs)
    /// takes them, the exchange format does not.
    #[test]
    fn excel_short_dates_are_read_leniently_only() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0);
        for (s, date, time) in [
            ("6-3-2025", (2025, 3, 6), None),
            ("06-3-2025", (2025, 3, 6), None),
            ("7-3-2025 9:05", (2025, 3, 7), t(9, 5)),
            ("06-03-2025 9:05", (2025, 3, 6), t(9, 5)),
            ("31-12-2024 23:59", (2024, 12, 31), t(23, 59)),
        ] {
            let st = parse_stamp(s).unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(
                st.date,
                NaiveDate::from_ymd_opt(date.0, date.1, date.2).unwrap(),
                "{s}"
            );
            assert_eq!(st.time, time, "{s}");
            assert!(
                parse_stamp_strict(s).is_err(),
                "{s} is not the format's own spelling"
            );
        }
        for s in ["6-3-25", "123-3-2025", "6-3-2025 905", "6-3-2025 9:5"] {
            assert!(parse_stamp(s).is_err(), "{s}");
        }
    }

    #[test]
    fn the_strict_reader_takes_only_the_forms_of_the_format() {
        for s in [
            "2023-03-06",
            "06-03-2023",
            "2023-03-06T10:15",
            "2023-03-06T10:15:30",
            "2023-03-06T10:15Z",
            "2023-03-06T10:15+01:00",
            "2023-03-06T10:15:30+0100",
        ] {
            assert_eq!(parse_stamp_strict(s), parse_stamp(s), "{s}");
        }
        for (s, why) in [
            ("2023-03-06 10:15", "de vorm JJJJ-MM-DDTUU:MM"),
            ("06-03-2023T10:15", "de vorm JJJJ-MM-DDTUU:MM"),
            ("06-03-2023 10:15", "de vorm JJJJ-MM-DDTUU:MM"),
            ("06-03-2023 10:15:30+01:00", "de vorm JJJJ-MM-DDTUU:MM"),
            ("  2023-03-06", "spaties"),
            ("2023-03-06T10:15 ", "spaties"),
            ("\t06-03-2023", "spaties"),
        ] {
            assert!(parse_stamp(s).is_ok(), "{s}");
            let e = parse_stamp_strict(s).unwrap_err();
            assert!(e.contains(why), "{s}: {e}");
        }
        // What neither reads keeps the lenient reader's message.
        for s in ["2023-02-30", "gisteren", "2023-03-06T25:00", "3-6-23"] {
            assert_eq!(parse_stamp_strict(s), parse_stamp(s), "{s}");
        }
    }

    /// Command-line and vtcheck.toml dates are `JJJJ-MM-DD` and nothing else, with the reader's
    /// own checks of day and year.
    #[test]
    fn iso_dates_are_exactly_jjjj_mm_dd() {
        assert_eq!(
            parse_iso_date("2024-06-30"),
            Ok(NaiveDate::from_ymd_opt(2024, 6, 30).unwrap())
        );
        for (s, why) in [
            ("2024-6-30", "'2024-6-30': verwacht JJJJ-MM-DD"),
            ("+2024-06-30", "'+2024-06-30': verwacht JJJJ-MM-DD"),
            ("30-06-2024", "verwacht JJJJ-MM-DD (2024-06-30)"),
            ("30-6-2024", "verwacht JJJJ-MM-DD (2024-06-30)"),
            ("2024-06-30T10:00", "verwacht JJJJ-MM-DD"),
            (" 2024-06-30", "spaties"),
            ("2024-02-30", "29 dagen"),
            ("2024-13-01", "maand 13 bestaat niet"),
            ("0224-06-30", "jaar 0224 ligt buiten"),
            ("gisteren", "ongeldige datum: verwacht JJJJ-MM-DD"),
            ("", "verwacht JJJJ-MM-DD"),
            ("２０２４-06-30", "verwacht JJJJ-MM-DD"),
        ] {
            let e = parse_iso_date(s).unwrap_err();
            assert!(e.contains(why), "{s}: {e}");
        }
    }

    #[test]
    fn a_utc_offset_is_written_hh_mm_or_hhmm() {
        for s in [
            "2023-03-06T10:15+01:00",
            "2023-03-06T10:15-0130",
            "2023-03-06T10:15Z",
        ] {
            assert!(parse_stamp(s).is_ok(), "{s}");
        }
        for s in [
            "2023-03-06T10:15+0:1:0:0",
            "2023-03-06T10:15+:0100",
            "2023-03-06T10:15+01::00",
            "2023-03-06T10:15+010:0",
            "2023-03-06T10:15+01",
            "2023-03-06T10:15+01:0a",
        ] {
            let e = parse_stamp(s).unwrap_err();
            assert!(e.contains("UTC-afwijking"), "{s}: {e}");
        }
    }

    proptest::proptest! {
        /// The hand-written spelling is chrono's `%Y-%m-%d` and `%H:%M:%S`, for every date the
        /// readers can produce and beyond.
        #[test]
        fn iso_text_spells_as_chrono_does(
            days in -800_000i32..4_000_000,
            secs in proptest::option::of(0u32..86_400),
        ) {
            let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap();
            let time = secs.map(|x| NaiveTime::from_num_seconds_from_midnight_opt(x, 0).unwrap());
            let expected = match time {
                None => date.format("%Y-%m-%d").to_string(),
                Some(t) => format!("{}T{}", date.format("%Y-%m-%d"), t.format("%H:%M:%S")),
            };
            proptest::prop_assert_eq!(iso_text(&Stamp { date, time }), expected);
        }
    }

    #[test]
    fn iso_text_is_read_back_strictly_to_the_same_stamp() {
        for s in [
            "06-03-2023",
            "06-03-2023 10:15",
            " 2023-03-06 10:15:30 ",
            "2023-03-06T23:30Z",
        ] {
            let st = parse_stamp(s).unwrap();
            assert_eq!(parse_stamp_strict(&iso_text(&st)), Ok(st), "{s}");
        }
    }

    #[test]
    fn offsets_become_dutch_local_dates() {
        // 23:30 UTC in winter is 00:30 the next day in the Netherlands.
        assert_eq!(
            d("2023-03-06T23:30Z"),
            NaiveDate::from_ymd_opt(2023, 3, 7).unwrap()
        );
        // 22:30 UTC in summer is 00:30 the next day.
        assert_eq!(
            d("2023-07-06T22:30+00:00"),
            NaiveDate::from_ymd_opt(2023, 7, 7).unwrap()
        );
        assert_eq!(
            d("2023-07-06T22:30+02:00"),
            NaiveDate::from_ymd_opt(2023, 7, 6).unwrap()
        );
    }

    /// Today is the Dutch date: an hour (winter) or two (summer) ahead of UTC, switching at
    /// 01:00 UTC on the last Sundays of March and October.
    #[test]
    fn today_is_the_dutch_date_of_the_instant() {
        let at = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .with_timezone(&chrono::Utc)
        };
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (utc, dutch) in [
            // Around midnight in winter (UTC+1) and summer (UTC+2).
            ("2024-03-14T22:59:59Z", day(2024, 3, 14)),
            ("2024-03-14T23:00:00Z", day(2024, 3, 15)),
            ("2024-03-14T23:30:00Z", day(2024, 3, 15)),
            ("2024-07-14T21:59:59Z", day(2024, 7, 14)),
            ("2024-07-14T22:00:00Z", day(2024, 7, 15)),
            ("2024-12-31T23:00:00Z", day(2025, 1, 1)),
            // Summer time starts Sunday 31-03-2024 at 01:00 UTC: from then on midnight is at
            // 22:00 UTC; the evening before, still at 23:00.
            ("2024-03-30T22:30:00Z", day(2024, 3, 30)),
            ("2024-03-31T22:00:00Z", day(2024, 4, 1)),
            ("2024-03-31T00:59:59Z", day(2024, 3, 31)),
            // It ends Sunday 27-10-2024 at 01:00 UTC: that evening midnight is at 23:00 UTC again.
            ("2024-10-26T22:00:00Z", day(2024, 10, 27)),
            ("2024-10-27T22:30:00Z", day(2024, 10, 27)),
            ("2024-10-27T23:00:00Z", day(2024, 10, 28)),
        ] {
            assert_eq!(dutch_date(at(utc)), dutch, "{utc}");
        }
    }

    #[test]
    fn impossible_dates_are_named() {
        let e = parse_stamp("2024-02-30").unwrap_err();
        assert!(e.contains("'2024-02-30'") && e.contains("29 dagen"), "{e}");
        assert!(parse_stamp("2023-13-01").is_err());
        assert!(
            parse_stamp("gisteren")
                .unwrap_err()
                .starts_with("ongeldige datum:")
        );
        assert!(parse_stamp("2023-03-06T25:00").is_err());
        assert!(parse_stamp("3-6-23").is_err());
        // A value holding a BSN is not repeated, however it is grouped.
        for s in ["111/222/333", "111 222 333", "111-222-333"] {
            let e = parse_stamp(s).unwrap_err();
            assert!(
                e.starts_with("ongeldige datum:") && !e.contains("111"),
                "{e}"
            );
        }
    }

    #[test]
    fn years_outside_the_range_are_typing_errors() {
        let e = parse_stamp("0536-03-05").unwrap_err();
        assert!(
            e.contains("'0536-03-05'") && e.contains("jaar 0536 ligt buiten"),
            "{e}"
        );
        assert!(parse_stamp("05-03-2204T10:00").is_err());
        assert!(parse_stamp("1900-01-01").is_ok() && parse_stamp("2099-12-31T23:59").is_ok());
        // Dutch time decides: 23:30 at UTC−1 is already 2100 here, 00:30 at UTC+2 still 1899.
        for s in ["2099-12-31T23:30-01:00", "1900-01-01T00:30+02:00"] {
            assert!(parse_stamp(s).unwrap_err().contains("ligt buiten"), "{s}");
        }
        assert!(parse_stamp("2099-12-31T22:30Z").is_ok());
    }
}
