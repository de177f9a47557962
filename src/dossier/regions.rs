//! The VT-regio table: data (`rules/regios.yaml`), because regions merge over time.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::{Location, Spanned};

use crate::diag::Diag;
use crate::dossier::Pos;

/// The embedded default table.
pub const DEFAULT_REGIONS: &str = include_str!("../../rules/regios.yaml");

/// One VT-regio of the table.
#[derive(Debug, Clone)]
pub struct Region {
    /// The code dossiers give in `regio` (e.g. `groningen`).
    pub code: String,
    /// The Dutch display name (e.g. `Groningen`).
    pub naam: String,
    /// As written in the file (messages show it so); checked when the table is read.
    pub geldig_vanaf: Option<String>,
    /// Last day of validity as written in the file (inclusive); `None`: no end.
    pub geldig_tot: Option<String>,
    /// The code of the region that took over after a merger.
    pub opvolger: Option<String>,
    /// `geldig_vanaf` and `geldig_tot` as dates, both inclusive.
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

/// A region as the file writes it, with the places of the values a check can reject.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionEntry {
    code: Spanned<String>,
    naam: String,
    #[serde(default)]
    geldig_vanaf: Option<Spanned<String>>,
    #[serde(default)]
    geldig_tot: Option<Spanned<String>>,
    #[serde(default)]
    opvolger: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionFile {
    regios: Spanned<Vec<RegionEntry>>,
}

/// The regions a dossier's `regio` may name, in file order, with their validity periods.
#[derive(Debug, Clone)]
pub struct RegionTable {
    regions: Vec<Region>,
    codes: Vec<&'static str>,
    /// Whether any region has a validity date: without, every region is valid on every day,
    /// and the reader asks nothing per dossier.
    dated: bool,
}

impl RegionTable {
    fn of(regions: Vec<Region>) -> RegionTable {
        // Codes are leaked once per process so that suggestions can borrow them like schema
        // values; the table is small and lives as long as the program.
        let codes = regions
            .iter()
            .map(|r| &*Box::leak(r.code.clone().into_boxed_str()))
            .collect();
        let dated = regions
            .iter()
            .any(|r| r.valid_from.is_some() || r.valid_to.is_some());
        RegionTable {
            regions,
            codes,
            dated,
        }
    }

    /// Reads and checks a region table (`file` names it in the errors): besides its shape, every
    /// validity date must exist and not end before it starts, no code may appear twice, every
    /// successor must be in the table, and there must be a region at all. All of these
    /// mistakes are reported, each at its line and column.
    pub fn parse_at(file: &Arc<str>, text: &str) -> Result<RegionTable, Vec<Diag>> {
        let parsed: RegionFile = serde_saphyr::from_str(text).map_err(|e| {
            let (pos, message, help) = crate::dossier::yaml::located_error(&e, text);
            vec![Diag::error(file, pos, format!("ongeldige regiotabel: {message}")).with_help(help)]
        })?;
        let entries = parsed.regios.value;
        let mut errors = Vec::new();
        let mut error = |at: &Location, msg: String, help: Option<String>| {
            errors.push(
                Diag::error(
                    file,
                    Pos::of_location(at),
                    format!("ongeldige regiotabel: {msg}"),
                )
                .with_help(help),
            );
        };
        if entries.is_empty() {
            error(&parsed.regios.referenced, "geen regio's".into(), None);
        }
        let codes: Vec<&str> = entries.iter().map(|r| r.code.value.as_str()).collect();
        let mut regions = Vec::with_capacity(entries.len());
        for (i, r) in entries.iter().enumerate() {
            let code = &r.code.value;
            if let Some(first) = entries[..i].iter().find(|q| q.code.value == *code) {
                error(
                    &r.code.referenced,
                    format!("regio `{code}` staat er twee keer in"),
                    Some(format!("eerder op regel {}", first.code.referenced.line())),
                );
            }
            // A merger names the region that took over: one the table does not hold would
            // send the dossiers of the merged region nowhere.
            if let Some(next) = &r.opvolger
                && !codes.contains(&next.value.as_str())
            {
                error(
                    &next.referenced,
                    format!(
                        "opvolger `{}` van regio `{code}` staat niet in de tabel",
                        next.value
                    ),
                    crate::suggest::did_you_mean_help(&next.value, codes.iter().copied()),
                );
            }
            // The spellings a rule file's `geldig_vanaf` takes (`rules::compile`), read by the
            // same reader: a date it cannot read would otherwise count as no bound at all, and
            // a merger would silently never take effect.
            let mut date = |key: &str, v: &Option<Spanned<String>>| {
                let v = v.as_ref()?;
                crate::dossier::date::parse_stamp(&v.value)
                    .map(|st| st.date)
                    .map_err(|e| error(&v.referenced, format!("{e} in `{key}`"), None))
                    .ok()
            };
            let valid_from = date("geldig_vanaf", &r.geldig_vanaf);
            let valid_to = date("geldig_tot", &r.geldig_tot);
            // Both bounds count (tot en met), so an end before the start leaves no day: every
            // dossier of the region would be reported as received outside it.
            if let (Some(from), Some(to), Some(at)) = (valid_from, valid_to, &r.geldig_tot)
                && to < from
            {
                use crate::dossier::model::fmt_date;
                error(
                    &at.referenced,
                    format!(
                        "`geldig_tot` ({}) ligt vóór `geldig_vanaf` ({}) van regio `{code}`: de \
                         regio bestaat dan op geen enkele dag",
                        fmt_date(to),
                        fmt_date(from)
                    ),
                    Some(
                        "`geldig_vanaf` is de eerste en `geldig_tot` de laatste dag (tot en met) \
                         waarop de regio bestaat"
                            .into(),
                    ),
                );
            }
            regions.push(Region {
                code: code.clone(),
                naam: r.naam.clone(),
                geldig_vanaf: r.geldig_vanaf.as_ref().map(|s| s.value.clone()),
                geldig_tot: r.geldig_tot.as_ref().map(|s| s.value.clone()),
                opvolger: r.opvolger.as_ref().map(|s| s.value.clone()),
                valid_from,
                valid_to,
            });
        }
        if errors.is_empty() {
            Ok(RegionTable::of(regions))
        } else {
            // In file order, whichever order an entry gives its keys in.
            errors.sort_by_key(|d| (d.pos.line, d.pos.col));
            Err(errors)
        }
    }

    /// The embedded table ([`DEFAULT_REGIONS`]).
    pub fn default_table() -> RegionTable {
        // The embedded table is part of the binary and covered by a test.
        RegionTable::parse_at(&Arc::from("rules/regios.yaml"), DEFAULT_REGIONS)
            .unwrap_or_else(|_| RegionTable::of(Vec::new()))
    }

    /// The region with code `code`, if the table has it.
    pub fn get(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// Whether any region has a validity date ([`RegionTable::valid_on`] can be false for a
    /// known code).
    pub fn dated(&self) -> bool {
        self.dated
    }

    /// Every region code, in file order.
    pub fn codes(&self) -> &[&'static str] {
        &self.codes
    }

    /// Whether the region existed on `date` (a dossier of a merged region after the merger is
    /// suspicious but still checked).
    pub fn valid_on(&self, code: &str, date: NaiveDate) -> bool {
        let Some(r) = self.get(code) else {
            return false;
        };
        r.valid_from.is_none_or(|from| date >= from) && r.valid_to.is_none_or(|to| date <= to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RegionTable, Vec<Diag>> {
        RegionTable::parse_at(&Arc::from("regios.yaml"), text)
    }

    /// A key added to the region table must be added where snippets are decided.
    #[test]
    fn its_keys_are_known_to_the_snippet_check() {
        crate::privacy::assert_authored_keys::<RegionFile>();
    }

    /// Every mistake a check finds is named at the value it is about, with its message (and
    /// suggestion where one helps); all of a table's mistakes come in one run.
    #[test]
    fn an_own_table_reports_each_mistake_at_its_place() {
        let ok = "regios:\n  - {code: a, naam: A, opvolger: b}\n  - {code: b, naam: B}\n";
        assert_eq!(parse(ok).unwrap().codes(), ["a", "b"]);
        type Want<'a> = &'a [(u32, u32, &'a str, Option<&'a str>)];
        let cases: &[(&str, Want)] = &[
            (
                "regios:\n  - {code: a, naam: A, opvolger: nergens}\n",
                &[(
                    2,
                    34,
                    "opvolger `nergens` van regio `a` staat niet in de tabel",
                    None,
                )],
            ),
            (
                "regios:\n  - code: flevoland\n    naam: F\n    opvolger: flevolan\n  - {code: flevoland, naam: G}\n",
                &[
                    (
                        4,
                        15,
                        "opvolger `flevolan` van regio `flevoland` staat niet in de tabel",
                        Some("bedoelde je `flevoland`?"),
                    ),
                    (
                        5,
                        12,
                        "regio `flevoland` staat er twee keer in",
                        Some("eerder op regel 2"),
                    ),
                ],
            ),
            ("regios: []\n", &[(1, 9, "geen regio's", None)]),
            (
                "regios:\n  - code: a\n    naam: A\n    geldig_tot: 2024-13-01\n",
                &[(
                    4,
                    17,
                    "ongeldige datum '2024-13-01': maand 13 bestaat niet in `geldig_tot`",
                    None,
                )],
            ),
            (
                "regios:\n  - {code: a, naam: A, geldig_vanaf: \"2024-02-30\", geldig_tot: morgen}\n",
                &[
                    (2, 38, "ongeldige datum '2024-02-30'", None),
                    (
                        2,
                        64,
                        "ongeldige datum: verwacht JJJJ-MM-DD of DD-MM-JJJJ in `geldig_tot`",
                        None,
                    ),
                ],
            ),
            (
                "regios:\n  - code: a\n    naam: A\n    geldig_vanaf: 2025-01-01\n    geldig_tot: 31-12-2024\n",
                &[(
                    5,
                    17,
                    "`geldig_tot` (31-12-2024) ligt vóór `geldig_vanaf` (01-01-2025) van regio `a`",
                    Some("`geldig_vanaf` is de eerste en `geldig_tot` de laatste dag"),
                )],
            ),
        ];
        for (text, want) in cases {
            let got = parse(text).unwrap_err();
            assert_eq!(got.len(), want.len(), "{text}: {got:#?}");
            for (d, (line, col, msg, help)) in got.iter().zip(want.iter()) {
                assert_eq!((d.pos.line, d.pos.col), (*line, *col), "{text}: {d:?}");
                assert!(d.message.starts_with("ongeldige regiotabel: "), "{d:?}");
                assert!(d.message.contains(msg), "{text}: {d:?}");
                match help {
                    Some(h) => assert!(d.help.as_deref().unwrap_or("").contains(h), "{d:?}"),
                    None => assert_eq!(d.help, None, "{d:?}"),
                }
            }
        }
        // The embedded table passes its own checks.
        assert!(parse(DEFAULT_REGIONS).is_ok());
    }

    /// Validity dates take the spellings of a rule file's `geldig_vanaf`, and bound the days on
    /// which a region exists, both inclusive (`31-12-2024` was read as no bound at all).
    #[test]
    fn validity_dates_bound_the_region() {
        let t = parse(
            "regios:\n  - {code: oud, naam: O, geldig_tot: 31-12-2024, opvolger: nieuw}\n  \
             - {code: nieuw, naam: N, geldig_vanaf: \"2025-01-01\"}\n  - {code: altijd, naam: A}\n",
        )
        .unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(t.dated());
        assert!(t.valid_on("oud", d("2024-12-31")));
        assert!(!t.valid_on("oud", d("2025-01-01")));
        assert!(!t.valid_on("nieuw", d("2024-12-31")));
        assert!(t.valid_on("nieuw", d("2025-01-01")));
        assert!(t.valid_on("altijd", d("1990-01-01")));
        assert!(!t.valid_on("onbekend", d("2025-01-01")));
        // Shown as written.
        assert_eq!(
            t.get("oud").unwrap().geldig_tot.as_deref(),
            Some("31-12-2024")
        );
    }

    #[test]
    fn default_table_has_the_26_regions_of_the_spec() {
        let t = RegionTable::default_table();
        assert_eq!(t.codes().len(), 26);
        assert!(!t.dated());
        assert!(t.get("midden-brabant").is_some());
        assert!(t.get("flevoland").is_some());
    }
}
