//! The VT-regio table: data (`rules/regios.yaml`), because regions merge over time.

use chrono::NaiveDate;
use serde::Deserialize;

/// The embedded default table.
pub const DEFAULT_REGIONS: &str = include_str!("../../rules/regios.yaml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub code: String,
    pub naam: String,
    #[serde(default)]
    pub geldig_vanaf: Option<String>,
    #[serde(default)]
    pub geldig_tot: Option<String>,
    /// The code of the region that took over after a merger.
    #[serde(default)]
    pub opvolger: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RegionFile {
    regios: Vec<Region>,
}

#[derive(Debug, Clone)]
pub struct RegionTable {
    regions: Vec<Region>,
    codes: Vec<&'static str>,
    /// Whether any region has a validity date: without, every region is valid on every day,
    /// and the reader asks nothing per dossier.
    dated: bool,
}

impl RegionTable {
    pub fn parse(text: &str) -> Result<RegionTable, String> {
        let file: RegionFile =
            serde_saphyr::from_str(text).map_err(|e| format!("regiotabel ongeldig: {e}"))?;
        Ok(RegionTable::of(file))
    }

    fn of(file: RegionFile) -> RegionTable {
        // Codes are leaked once per process so that suggestions can borrow them like schema
        // values; the table is small and lives as long as the program.
        let codes = file
            .regios
            .iter()
            .map(|r| &*Box::leak(r.code.clone().into_boxed_str()))
            .collect();
        let dated = file
            .regios
            .iter()
            .any(|r| r.geldig_vanaf.is_some() || r.geldig_tot.is_some());
        RegionTable {
            regions: file.regios,
            codes,
            dated,
        }
    }

    /// [`RegionTable::parse`] for a user's file: the error with its position, and a table that
    /// lists a code twice or none at all is an error too.
    pub fn parse_at(text: &str) -> Result<RegionTable, (crate::dossier::Pos, String)> {
        use crate::dossier::Pos;
        let file: RegionFile = serde_saphyr::from_str(text).map_err(|e| {
            let pos = e.location().map_or(Pos::default(), |l| {
                Pos::new(l.line() as u32, l.column() as u32, 0)
            });
            (
                pos,
                format!(
                    "ongeldige regiotabel: {}",
                    crate::dossier::yaml::error_nl(&e)
                ),
            )
        })?;
        if file.regios.is_empty() {
            return Err((Pos::default(), "ongeldige regiotabel: geen regio's".into()));
        }
        for (i, r) in file.regios.iter().enumerate() {
            if file.regios[..i].iter().any(|q| q.code == r.code) {
                return Err((
                    Pos::default(),
                    format!(
                        "ongeldige regiotabel: regio `{}` staat er twee keer in",
                        r.code
                    ),
                ));
            }
            // A merger names the region that took over: one the table does not hold would
            // send the dossiers of the merged region nowhere.
            if let Some(next) = &r.opvolger
                && !file.regios.iter().any(|q| q.code == *next)
            {
                return Err((
                    Pos::default(),
                    format!(
                        "ongeldige regiotabel: opvolger `{next}` van regio `{}` staat niet in de tabel",
                        r.code
                    ),
                ));
            }
        }
        Ok(RegionTable::of(file))
    }

    pub fn default_table() -> RegionTable {
        // The embedded table is part of the binary and covered by a test.
        RegionTable::parse(DEFAULT_REGIONS).unwrap_or(RegionTable {
            regions: Vec::new(),
            codes: Vec::new(),
            dated: false,
        })
    }

    pub fn get(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }

    /// Whether any region has a validity date ([`RegionTable::valid_on`] can be false for a
    /// known code).
    pub fn dated(&self) -> bool {
        self.dated
    }

    pub fn codes(&self) -> &[&'static str] {
        &self.codes
    }

    /// Whether the region existed on `date` (a dossier of a merged region after the merger is
    /// suspicious but still checked).
    pub fn valid_on(&self, code: &str, date: NaiveDate) -> bool {
        if !self.dated {
            return self.get(code).is_some();
        }
        let Some(r) = self.get(code) else {
            return false;
        };
        let parse = |s: &Option<String>| {
            s.as_deref()
                .and_then(|t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok())
        };
        parse(&r.geldig_vanaf).is_none_or(|from| date >= from)
            && parse(&r.geldig_tot).is_none_or(|to| date <= to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_own_table_is_checked_for_repeats_and_successors() {
        let ok = "regios:\n  - {code: a, naam: A, opvolger: b}\n  - {code: b, naam: B}\n";
        assert_eq!(RegionTable::parse_at(ok).unwrap().codes(), ["a", "b"]);
        for (text, says) in [
            (
                "regios:\n  - {code: a, naam: A, opvolger: c}\n",
                "opvolger `c` van regio `a` staat niet in de tabel",
            ),
            (
                "regios:\n  - {code: a, naam: A}\n  - {code: a, naam: B}\n",
                "regio `a` staat er twee keer in",
            ),
            ("regios: []\n", "geen regio's"),
        ] {
            let (_, msg) = RegionTable::parse_at(text).unwrap_err();
            assert!(msg.contains(says), "{msg}");
        }
        // The embedded table passes its own checks.
        assert!(RegionTable::parse_at(DEFAULT_REGIONS).is_ok());
    }

    #[test]
    fn default_table_has_the_26_regions_of_the_spec() {
        let t = RegionTable::parse(DEFAULT_REGIONS).unwrap();
        assert_eq!(t.codes().len(), 26);
        assert!(t.get("midden-brabant").is_some());
        assert!(t.get("flevoland").is_some());
    }
}
