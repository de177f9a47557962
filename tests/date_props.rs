//! Properties of the date parser (`dossier::date::parse_stamp`): every real date of the
//! accepted years in every accepted spelling parses to itself, other years are errors, offsets
//! move a time by at most a day, and no input makes it panic or echo text that is not date-like
//! (a wrong value in a date field could be a name).

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Timelike};
use proptest::prelude::*;
use vtcheck::dossier::date::{YEARS, parse_stamp};

fn date_in(years: std::ops::RangeInclusive<i32>) -> impl Strategy<Value = NaiveDate> {
    (years, 1u32..=12, 1u32..=31)
        .prop_filter_map("a real date", |(y, m, d)| NaiveDate::from_ymd_opt(y, m, d))
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    date_in(YEARS)
}

fn any_time() -> impl Strategy<Value = NaiveTime> {
    (0u32..24, 0u32..60, 0u32..60).prop_map(|(h, m, s)| NaiveTime::from_hms_opt(h, m, s).unwrap())
}

proptest! {
    #[test]
    fn every_spelling_of_a_date_parses_to_that_date(d in any_date()) {
        for s in [d.format("%Y-%m-%d").to_string(), d.format("%d-%m-%Y").to_string()] {
            let st = parse_stamp(&s).unwrap();
            prop_assert_eq!(st.date, d);
            prop_assert_eq!(st.time, None);
        }
    }

    #[test]
    fn a_year_outside_the_range_is_an_error_that_names_it(
        d in prop_oneof![date_in(0..=1899), date_in(2100..=9999)],
    ) {
        // Four-digit years: the formats have no room for more.
        let s = d.format("%Y-%m-%d").to_string();
        let e = parse_stamp(&s).unwrap_err();
        prop_assert!(e.contains(&format!("'{s}'")) && e.contains("ligt buiten"), "{}", e);
    }

    #[test]
    fn local_date_times_keep_date_and_time(d in any_date(), t in any_time(), sep in prop::sample::select(vec!["T", " "])) {
        let with_secs = format!("{}{sep}{}", d.format("%Y-%m-%d"), t.format("%H:%M:%S"));
        let st = parse_stamp(&with_secs).unwrap();
        prop_assert_eq!((st.date, st.time), (d, Some(t)));
        let minutes = format!("{}{sep}{}", d.format("%d-%m-%Y"), t.format("%H:%M"));
        let st = parse_stamp(&minutes).unwrap();
        prop_assert_eq!(st.date, d);
        prop_assert_eq!(st.time.map(|x| x.format("%H:%M").to_string()), Some(t.format("%H:%M").to_string()));
    }

    #[test]
    fn an_offset_moves_the_local_date_by_at_most_one_day(
        d in (1901i32..=2098, 1u32..=12, 1u32..=28).prop_map(|(y, m, dd)| NaiveDate::from_ymd_opt(y, m, dd).unwrap()),
        t in any_time(),
        sign in prop::sample::select(vec!['+', '-']),
        h in 0u32..=14,
        m in prop::sample::select(vec![0u32, 30, 45]),
        colon in any::<bool>(),
    ) {
        let off = if colon { format!("{sign}{h:02}:{m:02}") } else { format!("{sign}{h:02}{m:02}") };
        let s = format!("{}T{}{off}", d.format("%Y-%m-%d"), t.format("%H:%M"));
        let st = parse_stamp(&s).unwrap();
        let diff = (st.date - d).num_days().abs();
        prop_assert!(diff <= 1, "{} → {}", s, st.date);
        // Dutch local time is UTC+1 or UTC+2 and a written offset lies within ±14:59, so the
        // local time moves by less than 17 hours.
        let local = st.date.and_time(st.time.unwrap());
        let written = d.and_time(NaiveTime::from_hms_opt(t.hour(), t.minute(), 0).unwrap());
        prop_assert!((local - written).abs() <= Duration::hours(17), "{} → {}", s, local);
    }

    #[test]
    fn winter_times_at_plus_one_and_summer_times_at_plus_two_are_unchanged(
        y in 1997i32..=2099,
        winter in any::<bool>(),
        day in 1u32..=28,
        t in any_time(),
    ) {
        // January is always winter time, July always summer time.
        let (month, off) = if winter { (1, "+01:00") } else { (7, "+02:00") };
        let d = NaiveDate::from_ymd_opt(y, month, day).unwrap();
        let s = format!("{}T{}{off}", d.format("%Y-%m-%d"), t.format("%H:%M:%S"));
        let st = parse_stamp(&s).unwrap();
        prop_assert_eq!((st.date, st.time), (d, Some(t)));
    }

    #[test]
    fn no_input_panics_and_words_are_never_echoed(s in "\\PC{0,40}") {
        match parse_stamp(&s) {
            // An offset can move the last day of the range one day on.
            Ok(st) => prop_assert!((YEARS.start() - 1..=YEARS.end() + 1).contains(&st.date.year())),
            Err(msg) => {
                prop_assert!(msg.starts_with("ongeldige datum"), "{}", msg);
                let t = s.trim();
                if t.chars().any(|c| c.is_alphabetic() && c != 'T' && c != 'Z') {
                    prop_assert!(!msg.contains(&format!("'{t}'")), "{}", msg);
                }
            }
        }
    }

    #[test]
    fn date_like_noise_never_panics(s in "[0-9:+TZ. /-]{0,30}") {
        let _ = parse_stamp(&s);
    }
}
