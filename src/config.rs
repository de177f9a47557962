//! `vtcheck.toml`: project settings, found by walking up from the current directory or given with
//! `--config`. Command-line flags override it. Keys are English and stable; an unknown key is an
//! error with a suggestion, so a typo never silently changes nothing.
//!
//! ```toml
//! as_of = "2025-06-30"
//! fail_level = "warning"
//! rules = ["regels"]                 # extra rule directories or files
//! waivers = "ontheffingen.yaml"
//! select = ["VT-T", "VT-O01"]        # rule ids or prefixes; default: all
//! ignore = ["VT-V06"]
//!
//! [severity]                         # severity overrides
//! "VT-V04" = "error"
//!
//! [calendar]
//! file = "mijn-kalender.yaml"        # replaces the Atw calendar
//! bevrijdingsdag = "lustrum"         # every_year | lustrum | never
//! goede_vrijdag = false              # Good Friday as a working day
//! extra_closed = ["2025-12-24"]
//! ```

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::rules::Severity;
use crate::suggest::help_for;

#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from; relative paths in it are relative to its directory.
    pub path: Option<PathBuf>,
    pub as_of: Option<NaiveDate>,
    pub fail_level: Option<Severity>,
    pub rules: Vec<PathBuf>,
    pub waivers: Option<PathBuf>,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    pub severity: Vec<(String, Severity)>,
    pub calendar: CalendarOptions,
    /// The `[csv]` table, handed to the CSV event-log reader.
    pub csv: Option<toml::Table>,
}

#[derive(Debug, Clone, Default)]
pub struct CalendarOptions {
    pub file: Option<PathBuf>,
    /// `elk`, `lustrum` or `nooit`, as in the calendar file.
    pub bevrijdingsdag: Option<String>,
    pub goede_vrijdag: Option<bool>,
    pub extra_closed: Vec<String>,
}

pub const FILE_NAME: &str = "vtcheck.toml";

/// The nearest `vtcheck.toml` in `start` or a parent directory.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

fn line_of(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches('"');
            t.starts_with(key)
        })
        .map_or(0, |i| i + 1)
}

const TOP: &[&str] = &[
    "as_of",
    "fail_level",
    "rules",
    "waivers",
    "select",
    "ignore",
    "severity",
    "calendar",
    "csv",
];
const CAL: &[&str] = &["file", "bevrijdingsdag", "goede_vrijdag", "extra_closed"];

/// Reads a config file. Errors are Dutch, with the line and a suggestion.
pub fn load(path: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: kan niet gelezen worden: {e}", path.display()))?;
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e.span().map_or(0, |s| {
            text[..s.start.min(text.len())].lines().count().max(1)
        });
        format!("{}:{line}: ongeldige TOML: {}", path.display(), e.message())
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    let err = |key: &str, msg: String| format!("{}:{}: {msg}", path.display(), line_of(&text, key));
    let mut cfg = Config {
        path: Some(path.to_path_buf()),
        ..Config::default()
    };
    let strings = |key: &str, v: &toml::Value| -> Result<Vec<String>, String> {
        match v {
            toml::Value::String(s) => Ok(vec![s.clone()]),
            toml::Value::Array(a) => a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| err(key, format!("`{key}` is een lijst van teksten")))
                })
                .collect(),
            _ => Err(err(key, format!("`{key}` is een lijst van teksten"))),
        }
    };
    let severity = |key: &str, v: &toml::Value| -> Result<Severity, String> {
        let s = v.as_str().unwrap_or("");
        Severity::ALL
            .iter()
            .find(|(k, _)| *k == s)
            .map(|(_, sev)| *sev)
            .ok_or_else(|| {
                err(
                    key,
                    format!("onbekende ernst `{s}` (error, warning of info)"),
                )
            })
    };
    for (k, v) in &table {
        match k.as_str() {
            "as_of" => {
                let s = v
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| v.to_string());
                cfg.as_of = Some(NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|_| {
                    err(k, format!("ongeldige datum '{s}' in `as_of` (JJJJ-MM-DD)"))
                })?);
            }
            "fail_level" => cfg.fail_level = Some(severity(k, v)?),
            "rules" => cfg.rules = strings(k, v)?.into_iter().map(|p| base.join(p)).collect(),
            "waivers" => cfg.waivers = strings(k, v)?.first().map(|p| base.join(p)),
            "select" => cfg.select = strings(k, v)?,
            "ignore" => cfg.ignore = strings(k, v)?,
            "severity" => {
                let t = v.as_table().ok_or_else(|| {
                    err(k, "`[severity]` is een tabel van regel naar ernst".into())
                })?;
                for (id, sev) in t {
                    cfg.severity.push((id.clone(), severity(id, sev)?));
                }
            }
            "calendar" => {
                let t = v
                    .as_table()
                    .ok_or_else(|| err(k, "`[calendar]` is een tabel".into()))?;
                for (ck, cv) in t {
                    match ck.as_str() {
                        "file" => cfg.calendar.file = cv.as_str().map(|p| base.join(p)),
                        "bevrijdingsdag" => {
                            let s = cv.as_str().unwrap_or("");
                            cfg.calendar.bevrijdingsdag = Some(
                                match s {
                                    "every_year" | "elk" => "elk",
                                    "lustrum" => "lustrum",
                                    "never" | "nooit" => "nooit",
                                    _ => return Err(err(ck, format!("`bevrijdingsdag` is every_year, lustrum of never, niet '{s}'"))),
                                }
                                .to_string(),
                            );
                        }
                        "goede_vrijdag" => {
                            cfg.calendar.goede_vrijdag = Some(cv.as_bool().ok_or_else(|| {
                                err(ck, "`goede_vrijdag` is true of false".into())
                            })?)
                        }
                        "extra_closed" => {
                            let days = strings(ck, cv)?;
                            // Checked here, so the error names this file, not the calendar's.
                            if let Some(bad) = days
                                .iter()
                                .find(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err())
                            {
                                return Err(err(
                                    ck,
                                    format!(
                                        "ongeldige datum '{bad}' in `calendar.extra_closed` \
                                         (verwacht JJJJ-MM-DD)"
                                    ),
                                ));
                            }
                            cfg.calendar.extra_closed = days;
                        }
                        other => {
                            return Err(err(
                                other,
                                format!(
                                    "onbekende sleutel `calendar.{other}`{}",
                                    help_for(other, CAL)
                                        .map(|h| format!("; {h}"))
                                        .unwrap_or_default()
                                ),
                            ));
                        }
                    }
                }
            }
            "csv" => cfg.csv = v.as_table().cloned(),
            other => {
                return Err(err(
                    other,
                    format!(
                        "onbekende sleutel `{other}`{}",
                        help_for(other, TOP)
                            .map(|h| format!("; {h}"))
                            .unwrap_or_default()
                    ),
                ));
            }
        }
    }
    Ok(cfg)
}

/// Whether a rule id is selected by `select` / `ignore` (ids or prefixes).
pub fn selected(cfg: &Config, id: &str) -> bool {
    let hit = |list: &[String]| list.iter().any(|p| id.starts_with(p.as_str()));
    (cfg.select.is_empty() || hit(&cfg.select)) && !hit(&cfg.ignore)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_text(text: &str) -> Result<Config, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, text).map_err(|e| e.to_string())?;
        load(&p)
    }

    #[test]
    fn a_bad_closing_day_is_an_error_of_this_file() {
        let e =
            load_text("[calendar]\nextra_closed = [\"2025-12-24\", \"2025-13-01\"]\n").unwrap_err();
        assert!(
            e.contains("vtcheck.toml:2: ongeldige datum '2025-13-01' in `calendar.extra_closed`"),
            "{e}"
        );
    }

    #[test]
    fn reads_every_setting() {
        let c = load_text(
            "as_of = \"2025-06-30\"\nfail_level = \"warning\"\nselect = [\"VT-T\"]\nignore = [\"VT-T08\"]\n[severity]\n\"VT-V04\" = \"error\"\n[calendar]\nbevrijdingsdag = \"lustrum\"\ngoede_vrijdag = false\n",
        )
        .unwrap();
        assert_eq!(c.as_of, NaiveDate::from_ymd_opt(2025, 6, 30));
        assert_eq!(c.fail_level, Some(Severity::Warning));
        assert!(selected(&c, "VT-T01") && !selected(&c, "VT-T08") && !selected(&c, "VT-O01"));
        assert_eq!(c.severity, vec![("VT-V04".to_string(), Severity::Error)]);
        assert_eq!(c.calendar.bevrijdingsdag.as_deref(), Some("lustrum"));
    }

    #[test]
    fn unknown_keys_are_errors_with_a_suggestion() {
        let e = load_text("fail_levl = \"error\"\n").unwrap_err();
        assert!(
            e.contains(":1:") && e.contains("bedoelde je `fail_level`?"),
            "{e}"
        );
        let e = load_text("[calendar]\ngoede_vrydag = true\n").unwrap_err();
        assert!(e.contains("goede_vrijdag"), "{e}");
    }
}
