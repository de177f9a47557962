//! Tests of the calendar. Expected dates were checked independently with Python's `datetime`,
//! `dateutil.easter` and a separate computus, and against domain.md §4.3 for 2019–2027.

use super::*;
use proptest::prelude::*;
use std::sync::LazyLock;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date literal")
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("test date")
}

fn parse(yaml: &str) -> Result<KalenderConfig, String> {
    serde_saphyr::from_str(yaml).map_err(|e| e.to_string())
}

fn default_config() -> KalenderConfig {
    parse(DEFAULT_CALENDAR).expect("default calendar parses")
}

/// The default calendar after `edit`.
fn with(edit: impl FnOnce(&mut KalenderConfig)) -> Calendar {
    let mut cfg = default_config();
    edit(&mut cfg);
    Calendar::new(&cfg).expect("edited calendar is valid")
}

fn feestdag_mut<'a>(cfg: &'a mut KalenderConfig, naam: &str) -> &'a mut Feestdag {
    cfg.feestdagen
        .iter_mut()
        .find(|f| f.naam.value == naam)
        .expect("holiday in default file")
}

static ATW: LazyLock<Calendar> = LazyLock::new(|| with(|_| {}));

/// Every option at once, plus rules whose Sunday shift crosses New Year and extra days on both
/// sides of the bitmap's edges: the calendar the bitmap-versus-rules checks run on.
static OPTIONS: LazyLock<Calendar> = LazyLock::new(|| {
    with(|cfg| {
        feestdag_mut(cfg, "Bevrijdingsdag").jaren = Some(unplaced("lustrum".into()));
        feestdag_mut(cfg, "Goede Vrijdag").actief = false;
        // So that only Oudejaarsdag 1899, moved from Sunday, closes 1 January 1900.
        feestdag_mut(cfg, "Nieuwjaarsdag").vanaf = Some(1901);
        let extra = parse(
            "naam: x\nfeestdagen:\n\
             - {naam: Oudejaarsdag, datum: \"31-12\", op_zondag: maandag}\n\
             - {naam: Nieuwjaar vooraf, datum: \"01-01\", op_zondag: zaterdag, vanaf: 1950}\n\
             - {naam: Pinkstermaandag, pasen: 49, op_zondag: maandag, tot: 2100}\n",
        )
        .expect("extra rules parse");
        cfg.feestdagen.extend(extra.feestdagen);
        cfg.extra_gesloten = [
            "1899-12-29",
            "1900-01-02",
            "2025-12-24",
            "2199-12-31",
            "2200-01-02",
            "2250-06-03",
        ]
        .map(|d| unplaced(d.to_string()))
        .to_vec();
        cfg.extra_werkdagen = [
            "1899-12-30",
            "1899-12-31",
            "2025-03-08",
            "2025-05-05",
            "2199-12-28",
            "2200-01-01",
            "2200-01-04",
        ]
        .map(|d| unplaced(d.to_string()))
        .to_vec();
    })
});

#[test]
fn default_file_parses_and_builds() {
    let cfg = default_config();
    assert_eq!(cfg.naam, "atw");
    assert_eq!(cfg.feestdagen.len(), 9);
    assert!(cfg.extra_gesloten.is_empty() && cfg.extra_werkdagen.is_empty());
    assert!(cfg.feestdagen.iter().all(|f| f.actief));
    assert_eq!(ATW.naam(), "atw");
    let atw = Calendar::atw();
    assert_eq!(atw.naam(), "atw");
    assert_eq!(atw.holidays(2025), ATW.holidays(2025));
}

#[test]
fn calendar_is_send_and_sync() {
    fn shared<T: Send + Sync>() {}
    shared::<Calendar>();
}

const COLUMNS: [&str; 9] = [
    "Nieuwjaarsdag",
    "Goede Vrijdag",
    "Tweede Paasdag",
    "Koningsdag",
    "Bevrijdingsdag",
    "Hemelvaartsdag",
    "Tweede Pinksterdag",
    "Eerste Kerstdag",
    "Tweede Kerstdag",
];

/// DD-MM per column of `COLUMNS`; 2019–2027 equal domain.md §4.3.
const TABLE: [(i32, [&str; 9]); 12] = [
    (
        2019,
        [
            "01-01", "19-04", "22-04", "27-04", "05-05", "30-05", "10-06", "25-12", "26-12",
        ],
    ),
    (
        2020,
        [
            "01-01", "10-04", "13-04", "27-04", "05-05", "21-05", "01-06", "25-12", "26-12",
        ],
    ),
    (
        2021,
        [
            "01-01", "02-04", "05-04", "27-04", "05-05", "13-05", "24-05", "25-12", "26-12",
        ],
    ),
    (
        2022,
        [
            "01-01", "15-04", "18-04", "27-04", "05-05", "26-05", "06-06", "25-12", "26-12",
        ],
    ),
    (
        2023,
        [
            "01-01", "07-04", "10-04", "27-04", "05-05", "18-05", "29-05", "25-12", "26-12",
        ],
    ),
    (
        2024,
        [
            "01-01", "29-03", "01-04", "27-04", "05-05", "09-05", "20-05", "25-12", "26-12",
        ],
    ),
    (
        2025,
        [
            "01-01", "18-04", "21-04", "26-04", "05-05", "29-05", "09-06", "25-12", "26-12",
        ],
    ),
    (
        2026,
        [
            "01-01", "03-04", "06-04", "27-04", "05-05", "14-05", "25-05", "25-12", "26-12",
        ],
    ),
    (
        2027,
        [
            "01-01", "26-03", "29-03", "27-04", "05-05", "06-05", "17-05", "25-12", "26-12",
        ],
    ),
    (
        2028,
        [
            "01-01", "14-04", "17-04", "27-04", "05-05", "25-05", "05-06", "25-12", "26-12",
        ],
    ),
    (
        2029,
        [
            "01-01", "30-03", "02-04", "27-04", "05-05", "10-05", "21-05", "25-12", "26-12",
        ],
    ),
    (
        2030,
        [
            "01-01", "19-04", "22-04", "27-04", "05-05", "30-05", "10-06", "25-12", "26-12",
        ],
    ),
];

#[test]
fn holidays_2019_to_2030_match_the_table() {
    for (year, row) in TABLE {
        let mut expected: Vec<(NaiveDate, &str)> = COLUMNS
            .iter()
            .zip(row)
            .map(|(naam, dm)| {
                let d =
                    NaiveDate::parse_from_str(&format!("{dm}-{year}"), "%d-%m-%Y").expect("table");
                (d, *naam)
            })
            .collect();
        expected.sort();
        assert_eq!(ATW.holidays(year), expected, "year {year}");
        for (d, naam) in expected {
            assert_eq!(ATW.feestdag(d), Some(naam), "{d}");
            assert!(!ATW.is_werkdag(d), "{d} {naam}");
        }
    }
}

#[test]
fn koningsdag_every_year_as_the_catalogue_says() {
    // 27 April 2025 is a Sunday: Koningsdag on Saturday the 26th, the Sunday is no holiday.
    assert_eq!(ATW.feestdag(date("2025-04-26")), Some("Koningsdag"));
    assert_eq!(ATW.feestdag(date("2025-04-27")), None);
    assert_eq!(ATW.feestdag(date("2014-04-26")), Some("Koningsdag"));
    // The catalogue names Koningsdag only, for every year: before 2014 too (27 April 2012 was
    // a Friday), and 30 April (Koninginnedag until 2013) is a working day.
    assert_eq!(ATW.feestdag(date("2012-04-27")), Some("Koningsdag"));
    assert!(ATW.is_werkdag(date("2013-04-30")));
    assert!(ATW.is_werkdag(date("2012-04-30")));
}

#[test]
fn koninginnedag_as_the_commented_example_gives_it() {
    // The entries kalender.yaml suggests for counting old dossiers by the calendar of their time.
    let cal = with(|cfg| {
        feestdag_mut(cfg, "Koningsdag").vanaf = Some(2014);
        let extra = parse(
            "naam: x\nfeestdagen:\n\
             - {naam: Koninginnedag, datum: \"30-04\", op_zondag: zaterdag, tot: 2013}\n",
        )
        .expect("Koninginnedag parses");
        cfg.feestdagen.extend(extra.feestdagen);
    });
    assert_eq!(cal.feestdag(date("2013-04-30")), Some("Koninginnedag"));
    assert_eq!(cal.feestdag(date("2012-04-27")), None);
    // 30 April 2006 was a Sunday: Koninginnedag on Saturday the 29th.
    assert_eq!(cal.feestdag(date("2006-04-29")), Some("Koninginnedag"));
    assert_eq!(cal.feestdag(date("2006-04-30")), None);
    assert_eq!(cal.feestdag(date("2014-04-26")), Some("Koningsdag"));
}

#[test]
fn easter_sunday_known_dates_and_bounds() {
    for (y, e) in [
        (1818, "1818-03-22"),
        (1900, "1900-04-15"),
        (1954, "1954-04-18"),
        (2000, "2000-04-23"),
        (2008, "2008-03-23"),
        (2011, "2011-04-24"),
        (2019, "2019-04-21"),
        (2024, "2024-03-31"),
        (2038, "2038-04-25"),
        (2199, "2199-04-14"),
        (2285, "2285-03-22"),
    ] {
        assert_eq!(easter_sunday(y), Some(date(e)), "{y}");
    }
    for y in -3000..5000 {
        let e = easter_sunday(y).expect("in chrono's range");
        assert_eq!(e.weekday(), Weekday::Sun, "{y}");
        let (lo, hi) = (
            NaiveDate::from_ymd_opt(y, 3, 22),
            NaiveDate::from_ymd_opt(y, 4, 25),
        );
        assert!(Some(e) >= lo && Some(e) <= hi, "{y}: {e}");
    }
    assert_eq!(easter_sunday(i32::MAX), None);
    assert_eq!(easter_sunday(i32::MIN), None);
}

#[test]
fn pasen_bounds_keep_the_holiday_in_its_year() {
    let cfg =
        parse("naam: t\nfeestdagen:\n- {naam: Vroeg, pasen: -80}\n- {naam: Laat, pasen: 250}\n")
            .expect("shape");
    let cal = Calendar::new(&cfg).expect("valid");
    for year in 1583..4100 {
        assert_eq!(cal.holidays(year).len(), 2, "{year}");
    }
}

#[test]
fn add_werkdagen_table() {
    for (from, n, expected) in [
        // Weekend anchors: the anchor's own day never counts.
        ("2025-03-07", 5, "2025-03-14"), // Fri
        ("2025-03-08", 5, "2025-03-14"), // Sat
        ("2025-03-09", 5, "2025-03-14"), // Sun
        ("2025-03-10", 5, "2025-03-17"), // Mon
        ("2025-03-07", 0, "2025-03-07"),
        ("2025-03-08", 0, "2025-03-08"),
        // Holiday on the would-be due date: Mon 5 May 2025 is Bevrijdingsdag.
        ("2025-05-01", 2, "2025-05-06"),
        // Hemelvaart (Thu 29 May 2025) inside the window and right after the anchor.
        ("2025-05-28", 1, "2025-05-30"),
        ("2025-05-28", 5, "2025-06-05"),
        // Easter: Goede Vrijdag 18 and Tweede Paasdag 21 April 2025.
        ("2025-04-17", 1, "2025-04-22"),
        ("2025-04-17", 5, "2025-04-28"),
        ("2025-04-21", 1, "2025-04-22"), // anchor on a holiday
        ("2025-04-25", 1, "2025-04-28"), // Koningsdag on Saturday changes nothing
        // Tweede Pinksterdag, Mon 9 June 2025.
        ("2025-06-06", 1, "2025-06-10"),
        // Koningsdag on a Monday (2026) and Bevrijdingsdag on a Tuesday (2026).
        ("2026-04-24", 1, "2026-04-28"),
        ("2026-05-04", 1, "2026-05-06"),
        ("2026-05-13", 1, "2026-05-15"), // Hemelvaart 2026
        // Christmas and New Year.
        ("2025-12-23", 3, "2025-12-30"),
        ("2025-12-23", 5, "2026-01-02"),
        ("2024-12-24", 1, "2024-12-27"),
        ("2024-12-31", 1, "2025-01-02"),
        // The n-th working day is the last one of its year (31 December 2022 is a Saturday).
        ("2022-12-20", 7, "2022-12-30"),
        ("2022-12-20", 8, "2023-01-02"),
        // Outside the bitmap (2250), the same rules.
        ("2250-12-20", 5, "2250-12-31"),
        ("2250-12-24", 2, "2250-12-30"),
    ] {
        assert_eq!(
            ATW.add_werkdagen(date(from), n),
            Some(date(expected)),
            "{from} + {n}"
        );
        assert_eq!(
            ATW.werkdagen_tussen(date(from), date(expected)),
            i64::from(n),
            "{from}"
        );
    }
}

#[test]
fn werkdagen_tussen_is_half_open_and_signed() {
    let (thu, tue) = (date("2025-05-01"), date("2025-05-06"));
    assert_eq!(ATW.werkdagen_tussen(thu, tue), 2); // Fri 2, Tue 6
    assert_eq!(ATW.werkdagen_tussen(tue, thu), -2);
    assert_eq!(ATW.werkdagen_tussen(thu, thu), 0);
    assert_eq!(
        ATW.werkdagen_tussen(date("2025-03-07"), date("2025-03-09")),
        0
    );
    assert_eq!(
        ATW.werkdagen_tussen(date("2025-01-01"), date("2025-12-31")),
        253
    );
    // A whole year: 2025 has 261 weekdays and 8 holidays on weekdays (Koningsdag is a Saturday).
    assert_eq!(
        ATW.werkdagen_tussen(date("2024-12-31"), date("2025-12-31")),
        253
    );
}

#[test]
fn bevrijdingsdag_lustrum_only() {
    let cal =
        with(|cfg| feestdag_mut(cfg, "Bevrijdingsdag").jaren = Some(unplaced("lustrum".into())));
    assert_eq!(cal.feestdag(date("2025-05-05")), Some("Bevrijdingsdag"));
    assert!(!cal.is_werkdag(date("2025-05-05")));
    assert_eq!(cal.feestdag(date("2026-05-05")), None);
    assert!(cal.is_werkdag(date("2026-05-05")));
    assert_eq!(
        cal.add_werkdagen(date("2026-05-04"), 1),
        Some(date("2026-05-05"))
    );
    assert_eq!(
        ATW.add_werkdagen(date("2026-05-04"), 1),
        Some(date("2026-05-06"))
    );
    let never =
        with(|cfg| feestdag_mut(cfg, "Bevrijdingsdag").jaren = Some(unplaced("nooit".into())));
    assert!(never.is_werkdag(date("2025-05-05")));
}

#[test]
fn goede_vrijdag_inactive() {
    let cal = with(|cfg| feestdag_mut(cfg, "Goede Vrijdag").actief = false);
    let gv = date("2025-04-18");
    assert!(cal.is_werkdag(gv));
    assert_eq!(cal.feestdag(gv), None);
    assert!(
        cal.holidays(2025)
            .iter()
            .all(|(_, n)| *n != "Goede Vrijdag")
    );
    assert_eq!(cal.holidays(2025).len(), 8);
    assert_eq!(cal.add_werkdagen(date("2025-04-17"), 1), Some(gv));
}

#[test]
fn extra_gesloten_and_extra_werkdagen() {
    let cal = &*OPTIONS;
    // A closing day inside the window; out of the bitmap's range too.
    assert!(!cal.is_werkdag(date("2025-12-24")));
    assert_eq!(cal.feestdag(date("2025-12-24")), None);
    assert_eq!(
        cal.add_werkdagen(date("2025-12-23"), 1),
        Some(date("2025-12-29"))
    );
    assert!(!cal.is_werkdag(date("2250-06-03")));
    assert!(cal.is_werkdag(date("2250-06-04")));
    // Extra working days win over a weekend and over a holiday (which keeps its name).
    assert!(cal.is_werkdag(date("2025-03-08")));
    assert_eq!(
        cal.add_werkdagen(date("2025-03-07"), 1),
        Some(date("2025-03-08"))
    );
    assert!(cal.is_werkdag(date("2025-05-05")));
    assert_eq!(cal.feestdag(date("2025-05-05")), Some("Bevrijdingsdag"));
}

#[test]
fn sunday_shift_across_new_year() {
    // 1 January 2023 is a Sunday: "Nieuwjaar vooraf" moves to Saturday 31 December 2022.
    let h22 = OPTIONS.holidays(2022);
    assert!(h22.contains(&(date("2022-12-31"), "Nieuwjaar vooraf")));
    assert!(
        OPTIONS
            .holidays(2023)
            .iter()
            .all(|(_, n)| *n != "Nieuwjaar vooraf")
    );
    // 31 December 2023 is a Sunday: Oudejaarsdag moves onto Nieuwjaarsdag 2024; on a shared
    // date the first rule in the file names the day.
    let h24 = OPTIONS.holidays(2024);
    assert_eq!(
        &h24[..2],
        &[
            (date("2024-01-01"), "Nieuwjaarsdag"),
            (date("2024-01-01"), "Oudejaarsdag")
        ]
    );
    assert_eq!(OPTIONS.feestdag(date("2024-01-01")), Some("Nieuwjaarsdag"));
}

/// Every mistake serde cannot see is a Dutch message at the line and column of the value it is
/// about (or of the holiday's name, for the entry as a whole), with "bedoelde je" for a near
/// miss of an enumeration value.
#[test]
fn invalid_files_give_dutch_errors_at_their_place() {
    let base = "naam: t\nfeestdagen:\n";
    for (body, line, col, expected, help) in [
        (
            "- {naam: X, datum: \"31-02\"}\n",
            3,
            20,
            "feestdag 'X': ongeldige datum '31-02' (verwacht DD-MM",
            None,
        ),
        (
            "- naam: Eerste Kerstdag\n  datum: \"31-02\"\n",
            4,
            10,
            "feestdag 'Eerste Kerstdag': ongeldige datum '31-02'",
            None,
        ),
        (
            "- {naam: X, datum: \"1-1-2020\"}\n",
            3,
            20,
            "ongeldige datum '1-1-2020'",
            None,
        ),
        (
            "- {naam: X, datum: \"+1-01\"}\n",
            3,
            20,
            "ongeldige datum '+1-01'",
            None,
        ),
        (
            "- {naam: X}\n",
            3,
            10,
            "feestdag 'X': geef `datum` (DD-MM) of `pasen`",
            None,
        ),
        (
            "- {naam: X, datum: \"01-01\", pasen: 1}\n",
            3,
            36,
            "feestdag 'X': geef `datum` of `pasen`, niet allebei",
            None,
        ),
        (
            "- naam: X\n  pasen: 400\n",
            4,
            10,
            "feestdag 'X': pasen: 400 ligt buiten -80 tot en met 250",
            None,
        ),
        (
            "- {naam: X, pasen: 1, vanaf: 2020, tot: 2019}\n",
            3,
            41,
            "feestdag 'X': vanaf (2020) ligt na tot (2019)",
            None,
        ),
        (
            "- {naam: \" \", pasen: 1}\n",
            3,
            10,
            "kalender: een feestdag zonder naam",
            None,
        ),
        (
            "  []\nextra_gesloten: [\"2025-5-5\"]\n",
            4,
            18,
            "extra_gesloten: ongeldige datum '2025-5-5' (verwacht JJJJ-MM-DD)",
            None,
        ),
        (
            "  []\nextra_werkdagen: [\"+2025-05-05\"]\n",
            4,
            19,
            "extra_werkdagen: ongeldige datum '+2025-05-05' (verwacht JJJJ-MM-DD)",
            None,
        ),
        (
            "  []\nextra_gesloten:\n  - 2025-01-02\n  - \"2025-02-30\"\n",
            6,
            5,
            "extra_gesloten: ongeldige datum '2025-02-30' (verwacht JJJJ-MM-DD)",
            None,
        ),
        (
            "  []\nextra_werkdagen: [\"morgen\"]\n",
            4,
            19,
            "extra_werkdagen: ongeldige datum 'morgen'",
            None,
        ),
        (
            "  []\nextra_gesloten: [\"2025-12-24\"]\nextra_werkdagen: [\"2025-12-24\"]\n",
            5,
            19,
            "kalender: 2025-12-24 staat zowel onder extra_gesloten als onder extra_werkdagen",
            None,
        ),
        (
            "- {naam: X, datum: \"01-01\", jaren: lustrumm}\n",
            3,
            36,
            "feestdag 'X': jaren 'lustrumm' is onbekend (elk, lustrum of nooit)",
            Some("bedoelde je `lustrum`?"),
        ),
        (
            "- {naam: X, datum: \"01-01\", jaren: soms}\n",
            3,
            36,
            "feestdag 'X': jaren 'soms' is onbekend (elk, lustrum of nooit)",
            None,
        ),
        (
            "- {naam: X, datum: \"01-01\", op_zondag: vrijdag}\n",
            3,
            40,
            "feestdag 'X': op_zondag 'vrijdag' is onbekend (zaterdag of maandag)",
            None,
        ),
        (
            "- {naam: X, datum: \"01-01\", op_zondag: maandg}\n",
            3,
            40,
            "op_zondag 'maandg' is onbekend",
            Some("bedoelde je `maandag`?"),
        ),
        (
            "- {naam: X, pasen: -2, instelling: goedevrijdag}\n",
            3,
            36,
            "feestdag 'X': instelling 'goedevrijdag' is onbekend (goede_vrijdag of bevrijdingsdag)",
            Some("bedoelde je `goede_vrijdag`?"),
        ),
        // Inactive entries are validated too.
        (
            "- {naam: X, datum: \"32-01\", actief: false}\n",
            3,
            20,
            "ongeldige datum '32-01'",
            None,
        ),
    ] {
        let cfg = parse(&format!("{base}{body}")).expect("shape is valid");
        let errors = Calendar::new(&cfg).err().unwrap_or_default();
        let [e] = errors.as_slice() else {
            panic!("{body}: one error expected, got {errors:#?}");
        };
        assert!(e.message.contains(expected), "{body}: got {e:?}");
        assert_eq!((e.pos.line, e.pos.col), (line, col), "{body}: {e:?}");
        assert_eq!(e.help.as_deref(), help, "{body}");
    }
    // Shape errors come from serde, with a position.
    for body in [
        "- {naam: X, datum: \"01-01\", kleur: rood}\n",
        "- {naam: X, pasen: morgen}\n",
        "- {naam: X, pasen: 1, actief: misschien}\n",
    ] {
        assert!(parse(&format!("{base}{body}")).is_err(), "{body}");
    }
    assert!(parse("naam: t\nfeestdagen: []\nonbekend: 1\n").is_err());
}

/// A file's mistakes come all at once, in file order, whichever order its keys are in.
#[test]
fn every_mistake_of_a_file_is_reported() {
    let cfg = parse(
        "naam: t\nextra_werkdagen: [\"2025-13-01\"]\nfeestdagen:\n\
         - {naam: A, datum: \"30-02\", op_zondag: vrijdag, jaren: soms}\n\
         - {naam: B, pasen: 300}\n\
         - {naam: C, pasen: 1}\n",
    )
    .expect("shape is valid");
    let errors = Calendar::new(&cfg).err().unwrap_or_default();
    let got: Vec<(u32, u32)> = errors.iter().map(|e| (e.pos.line, e.pos.col)).collect();
    assert_eq!(
        got,
        [(2, 19), (4, 20), (4, 40), (4, 56), (5, 20)],
        "{errors:#?}"
    );
    // A value set from vtcheck.toml has no place in the file: it is named by the file alone.
    let mut cfg = parse("naam: t\nfeestdagen: []\n").expect("shape is valid");
    cfg.extra_gesloten.push(unplaced("morgen".into()));
    let errors = Calendar::new(&cfg).err().unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].pos.known(), None);
}

#[test]
fn months_are_clamped() {
    for (from, n, expected) in [
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2024-11-30", 3, "2025-02-28"),
        ("2024-08-31", 6, "2025-02-28"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2025-01-15", 0, "2025-01-15"),
        ("2025-05-31", 1, "2025-06-30"),
    ] {
        assert_eq!(
            add_months_clamped(date(from), n),
            Some(date(expected)),
            "{from} + {n}"
        );
    }
    assert_eq!(add_months_clamped(NaiveDate::MAX, 1), None);
    assert_eq!(add_months_clamped(date("2025-01-31"), u32::MAX), None);
}

fn term(aantal: u32, eenheid: Unit, doorschuiven: bool) -> Term {
    Term {
        aantal,
        eenheid,
        doorschuiven,
    }
}

#[test]
fn due_and_extend() {
    use Unit::*;
    let due = |a, t| ATW.due(date(a), t);
    assert_eq!(
        due("2025-05-01", term(2, Werkdagen, false)),
        Some(date("2025-05-06"))
    );
    assert_eq!(
        due("2025-05-01", term(1, Dagen, false)),
        Some(date("2025-05-02"))
    );
    assert_eq!(
        due("2025-04-14", term(4, Dagen, false)),
        Some(date("2025-04-18"))
    );
    // Goede Vrijdag, weekend, Tweede Paasdag: rolled forward to Tuesday.
    assert_eq!(
        due("2025-04-14", term(4, Dagen, true)),
        Some(date("2025-04-22"))
    );
    // 27 April 2025 is a Sunday.
    assert_eq!(
        due("2025-04-13", term(2, Weken, false)),
        Some(date("2025-04-27"))
    );
    assert_eq!(
        due("2025-04-13", term(2, Weken, true)),
        Some(date("2025-04-28"))
    );
    assert_eq!(
        due("2025-03-03", term(10, Weken, false)),
        Some(date("2025-05-12"))
    );
    // 1 March 2025 is a Saturday.
    assert_eq!(
        due("2025-02-01", term(1, Maanden, false)),
        Some(date("2025-03-01"))
    );
    assert_eq!(
        due("2025-02-01", term(1, Maanden, true)),
        Some(date("2025-03-03"))
    );
    assert_eq!(
        due("2024-11-30", term(3, Maanden, false)),
        Some(date("2025-02-28"))
    );
    // Roll-forward on a working day changes nothing; zero werkdagen with roll-forward does.
    assert_eq!(
        due("2025-03-03", term(1, Dagen, true)),
        Some(date("2025-03-04"))
    );
    assert_eq!(
        due("2025-03-08", term(0, Werkdagen, false)),
        Some(date("2025-03-08"))
    );
    assert_eq!(
        due("2025-03-08", term(0, Werkdagen, true)),
        Some(date("2025-03-10"))
    );
    // Extensions: +2 weken twice.
    let first = due("2025-05-01", term(4, Weken, false)).expect("in range");
    let ext = ATW.extend(first, term(2, Weken, false)).expect("in range");
    assert_eq!((first, ext), (date("2025-05-29"), date("2025-06-12")));
    assert_eq!(
        ATW.extend(ext, term(2, Weken, false)),
        Some(date("2025-06-26"))
    );
}

#[test]
fn term_deserialises_and_describes_itself() {
    let t: Term = serde_saphyr::from_str("{aantal: 5, eenheid: werkdagen}").expect("term");
    assert_eq!(t, term(5, Unit::Werkdagen, false));
    let t: Term =
        serde_saphyr::from_str("{aantal: 2, eenheid: weken, doorschuiven: true}").expect("term");
    assert_eq!(t, term(2, Unit::Weken, true));
    assert!(serde_saphyr::from_str::<Term>("{aantal: 2, eenheid: jaren}").is_err());
    assert!(serde_saphyr::from_str::<Term>("{aantal: 2, eenheid: dagen, x: 1}").is_err());
    for (t, s) in [
        (term(5, Unit::Werkdagen, false), "5 werkdagen"),
        (term(1, Unit::Werkdagen, false), "1 werkdag"),
        (term(1, Unit::Dagen, false), "1 dag"),
        (term(0, Unit::Dagen, false), "0 dagen"),
        (term(1, Unit::Weken, false), "1 week"),
        (term(10, Unit::Weken, false), "10 weken"),
        (term(1, Unit::Maanden, false), "1 maand"),
        (term(3, Unit::Maanden, true), "3 maanden"),
    ] {
        assert_eq!(t.describe(), s);
    }
}

#[test]
fn bitmap_agrees_with_the_rules_on_every_day() {
    for cal in [&*ATW, &*OPTIONS] {
        let mut d = ymd(FIRST_YEAR, 1, 1);
        while d <= ymd(LAST_YEAR, 12, 31) {
            assert_eq!(cal.is_werkdag(d), cal.is_werkdag_slow(d), "{d}");
            d = d.succ_opt().expect("in range");
        }
        // Counting across both edges agrees with walking day by day.
        let (a, b) = (ymd(1890, 3, 1), ymd(2210, 3, 1));
        let mut naive = 0;
        let mut d = a;
        while d <= b {
            naive += i64::from(cal.is_werkdag_slow(d));
            d = d.succ_opt().expect("in range");
        }
        assert_eq!(cal.count(a, b), naive);
        assert_eq!(cal.count_slow(a, b), naive);
        // Every short range that starts or ends right at an edge.
        for edge in [ymd(1900, 1, 1), ymd(2200, 1, 1)] {
            for start in -12..12 {
                for len in 0..24 {
                    let a = edge + chrono::TimeDelta::days(start);
                    let b = a + chrono::TimeDelta::days(len);
                    let naive = (0..=len)
                        .filter(|k| cal.is_werkdag_slow(a + chrono::TimeDelta::days(*k)))
                        .count();
                    assert_eq!(cal.count(a, b), naive as i64, "{a}..={b}");
                }
            }
        }
    }
}

#[test]
fn extreme_dates_give_none_not_a_panic() {
    let (min, max) = (NaiveDate::MIN, NaiveDate::MAX);
    assert_eq!(ATW.add_werkdagen(max, 1), None);
    assert_eq!(ATW.add_werkdagen(max, 0), Some(max));
    assert!(ATW.add_werkdagen(min, 5).is_some_and(|d| d > min));
    assert_eq!(ATW.add_werkdagen(ymd(262_000, 1, 1), u32::MAX), None);
    for unit in [Unit::Werkdagen, Unit::Dagen, Unit::Weken, Unit::Maanden] {
        assert_eq!(ATW.due(max, term(1, unit, true)), None, "{unit:?}");
        assert_eq!(
            ATW.due(date("2025-01-01"), term(u32::MAX, unit, false)),
            None,
            "{unit:?}"
        );
    }
    // Large spans are counted per year: far outside the bitmap, and across all of it.
    let far = ymd(-200_000, 1, 1);
    let n = ATW.werkdagen_tussen(far, ymd(-199_000, 1, 1));
    assert!(n > 1000 * 240 && n < 1000 * 262, "{n}");
    assert_eq!(ATW.holidays(i32::MAX), Vec::new());
    assert_eq!(ATW.feestdag(max), None);
    assert_eq!(ATW.feestdag(min), Some("Nieuwjaarsdag")); // MIN is 1 January
}

/// A date between 1 January `y0` and 31 December `y1`.
fn date_between(y0: i32, y1: i32) -> impl Strategy<Value = NaiveDate> {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).map_or(0, |d| d.num_days_from_ce());
    (day(y0, 1, 1)..=day(y1, 12, 31))
        .prop_filter_map("valid date", NaiveDate::from_num_days_from_ce_opt)
}

/// Mostly near the edges of the bitmap, where the fast and the slow paths meet.
fn date_near_edges() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        date_between(1890, 2210),
        date_between(1899, 1900),
        date_between(2199, 2200),
    ]
}

/// Any date chrono can represent.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    (NaiveDate::MIN.num_days_from_ce()..=NaiveDate::MAX.num_days_from_ce())
        .prop_filter_map("valid date", NaiveDate::from_num_days_from_ce_opt)
}

fn any_unit() -> impl Strategy<Value = Unit> {
    prop_oneof![
        Just(Unit::Werkdagen),
        Just(Unit::Dagen),
        Just(Unit::Weken),
        Just(Unit::Maanden)
    ]
}

fn calendar() -> impl Strategy<Value = &'static Calendar> {
    prop_oneof![Just(&*ATW), Just(&*OPTIONS)]
}

proptest! {
    #[test]
    fn add_werkdagen_lands_on_the_nth_working_day(
        cal in calendar(), d in date_near_edges(), n in 1u32..400
    ) {
        let r = cal.add_werkdagen(d, n).expect("in range");
        prop_assert!(r > d);
        prop_assert!(cal.is_werkdag(r));
        prop_assert_eq!(cal.werkdagen_tussen(d, r), i64::from(n));
        prop_assert_eq!(cal.werkdagen_tussen(r, d), -i64::from(n));
        // r is the first day with n working days after d.
        prop_assert_eq!(cal.werkdagen_tussen(d, r.pred_opt().expect("after d")), i64::from(n - 1));
    }

    #[test]
    fn the_bitmap_path_agrees_with_the_general_one(
        cal in calendar(), d in date_near_edges(), n in 0u32..800
    ) {
        prop_assert_eq!(cal.add_werkdagen(d, n), cal.add_werkdagen_general(d, n));
    }

    #[test]
    fn add_werkdagen_is_monotonic(
        cal in calendar(),
        d1 in date_between(1890, 2210), d2 in date_between(1890, 2210),
        n1 in 0u32..300, n2 in 0u32..300,
    ) {
        let (lo, hi) = (d1.min(d2), d1.max(d2));
        prop_assert!(cal.add_werkdagen(lo, n1) <= cal.add_werkdagen(hi, n1));
        prop_assert!(cal.add_werkdagen(d1, n1.min(n2)) <= cal.add_werkdagen(d1, n1.max(n2)));
    }

    #[test]
    fn bitmap_agrees_with_the_rules(cal in calendar(), d in date_between(1900, 2199)) {
        prop_assert_eq!(cal.is_werkdag(d), cal.is_werkdag_slow(d));
        let in_year = cal.holidays(d.year()).iter().any(|(h, _)| *h == d);
        prop_assert_eq!(cal.feestdag(d).is_some(), in_year);
    }

    #[test]
    fn running_counts_agree_with_the_rules(
        cal in calendar(), a in date_near_edges(), len in 0i64..800
    ) {
        let b = a.checked_add_signed(chrono::TimeDelta::days(len)).expect("in range");
        let mut naive = 0;
        let mut d = a;
        while d <= b {
            naive += i64::from(cal.is_werkdag_slow(d));
            d = d.succ_opt().expect("in range");
        }
        prop_assert_eq!(cal.count(a, b), naive);
        prop_assert_eq!(cal.count_slow(a, b), naive);
    }

    #[test]
    fn months_never_panic_and_never_grow_the_day(d in any_date(), n in any::<u32>(), roll: bool) {
        if let Some(r) = add_months_clamped(d, n) {
            prop_assert!(r.day() <= d.day());
            prop_assert!(r >= d);
        }
        if let Some(r) = ATW.due(d, term(n, Unit::Maanden, false)) {
            prop_assert!(r.day() <= d.day());
        }
        let _ = ATW.due(d, term(n, Unit::Maanden, roll));
    }

    #[test]
    fn due_never_panics(d in any_date(), n in 0u32..1000, unit in any_unit(), roll: bool) {
        let t = term(n, unit, roll);
        if let Some(r) = ATW.due(d, t) {
            prop_assert!(r >= d);
            prop_assert_eq!(ATW.extend(d, t), Some(r));
            if roll {
                prop_assert!(ATW.is_werkdag(r));
            }
        }
        let _ = ATW.werkdagen_tussen(d, d);
        let _ = ATW.feestdag(d);
    }
}

/// A key added to calendar files must be added where snippets are decided.
#[test]
fn its_keys_are_known_to_the_snippet_check() {
    crate::privacy::assert_authored_keys::<KalenderConfig>();
}
