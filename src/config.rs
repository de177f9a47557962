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

use crate::diag::Diag;
use crate::dossier::Pos;
use crate::rules::Severity;
use crate::suggest::help_for;

/// The settings of a `vtcheck.toml`, as [`load`] reads them; `Default` is no file, with nothing
/// set.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from; relative paths in it are relative to its directory.
    pub path: Option<PathBuf>,
    /// `as_of`: the as-of date; `--as-of` overrides it.
    pub as_of: Option<NaiveDate>,
    /// `fail_level`: `error` or `warning`, never `info`; `--fail-level` overrides it.
    pub fail_level: Option<Severity>,
    /// `rules`: extra rule files or directories, resolved against the file's directory (each
    /// checked to exist).
    pub rules: Vec<PathBuf>,
    /// The waiver file, relative to the current directory or absolute, to read it.
    pub waivers: Option<PathBuf>,
    /// The waiver file as written in the file (relative to it), for [`shown_path`].
    pub waivers_written: Option<String>,
    /// `select`: rule ids or id prefixes to check; empty: every rule ([`selected`]).
    pub select: Vec<String>,
    /// `ignore`: rule ids or id prefixes to leave out, also of those `select` names.
    pub ignore: Vec<String>,
    /// `[severity]`: (rule id, severity) overrides; each applies to the rule with exactly that id.
    pub severity: Vec<(String, Severity)>,
    /// `[calendar]`: the calendar file and options.
    pub calendar: CalendarOptions,
    /// The `[csv]` table, handed to the CSV event-log reader.
    pub csv: Option<toml::Table>,
    /// Where each key and value is, for errors found after loading.
    pub places: Places,
}

/// Where each key and value of the file is, by dotted path (`select`, `select.1`,
/// `calendar.file`, `severity.VT-V04`), so that an error found after loading (an unknown rule in
/// `select`, a bad CSV column mapping) still names the line and column.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// (path, key position, value position).
    entries: Vec<(String, Pos, Pos)>,
}

impl Places {
    fn build(text: &str, root: &toml::de::DeTable<'_>) -> Places {
        // Byte offsets first, turned into positions in one pass ([`Pos::in_text_many`]): one
        // lookup per value is quadratic in a long array.
        type Entries = Vec<(String, usize, usize)>;
        fn join(prefix: &str, k: &str) -> String {
            if prefix.is_empty() {
                k.to_string()
            } else {
                format!("{prefix}.{k}")
            }
        }
        fn table(text: &str, prefix: &str, t: &toml::de::DeTable<'_>, out: &mut Entries) {
            for (k, v) in t {
                let p = join(prefix, k.get_ref());
                out.push((p.clone(), k.span().start, v.span().start));
                value(text, &p, v.get_ref(), out);
            }
        }
        fn value(text: &str, path: &str, v: &toml::de::DeValue<'_>, out: &mut Entries) {
            match v {
                toml::de::DeValue::Table(t) => table(text, path, t, out),
                toml::de::DeValue::Array(a) => {
                    for (i, v) in a.iter().enumerate() {
                        let p = join(path, &i.to_string());
                        out.push((p.clone(), v.span().start, v.span().start));
                        value(text, &p, v.get_ref(), out);
                    }
                }
                _ => {}
            }
        }
        let mut entries = Vec::new();
        table(text, "", root, &mut entries);
        let offsets: Vec<usize> = entries.iter().flat_map(|e| [e.1, e.2]).collect();
        let mut at = Pos::in_text_many(text, &offsets).into_iter();
        let mut entries: Vec<(String, Pos, Pos)> = entries
            .into_iter()
            .map(|(p, _, _)| {
                let key = at.next().unwrap_or_default();
                (p, key, at.next().unwrap_or_default())
            })
            .collect();
        // By path, for lookups by binary search; a path written twice is a TOML error.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        Places { entries }
    }

    fn find(&self, path: &str) -> Option<&(String, Pos, Pos)> {
        self.entries
            .binary_search_by(|(p, _, _)| p.as_str().cmp(path))
            .ok()
            .map(|i| &self.entries[i])
    }

    /// Where the key at `path` is written, or the nearest enclosing one.
    pub fn key(&self, path: &str) -> Pos {
        self.nearest(path, |e| e.1)
    }

    /// Where the value at `path` starts, or the nearest enclosing one.
    pub fn value(&self, path: &str) -> Pos {
        self.nearest(path, |e| e.2)
    }

    fn nearest(&self, mut path: &str, pick: fn(&(String, Pos, Pos)) -> Pos) -> Pos {
        loop {
            if let Some(e) = self.find(path) {
                return pick(e);
            }
            match path.rsplit_once('.') {
                Some((head, _)) => path = head,
                None => return Pos::default(),
            }
        }
    }
}

/// The `[calendar]` options, for [`crate::rules::load_all`]; `Default` changes nothing.
#[derive(Debug, Clone, Default)]
pub struct CalendarOptions {
    /// `file`: a calendar file to use instead of the embedded Atw one (a `kalender.yaml` among the
    /// rule paths goes first).
    pub file: Option<PathBuf>,
    /// `elk`, `lustrum` or `nooit`, as in the calendar file.
    pub bevrijdingsdag: Option<String>,
    /// `goede_vrijdag`: whether Goede Vrijdag is a day off (`false`: a working day); `None` keeps
    /// the calendar file's choice.
    pub goede_vrijdag: Option<bool>,
    /// `extra_closed`: more days off, as `YYYY-MM-DD` (checked by [`load`]), added to the
    /// calendar's `extra_gesloten`.
    pub extra_closed: Vec<String>,
}

/// The configuration file's name, as [`discover`] looks for it.
pub const FILE_NAME: &str = "vtcheck.toml";

/// The nearest `vtcheck.toml` in `start` or a parent directory, as a path relative to `start`
/// (`vtcheck.toml`, `../vtcheck.toml`): reports and diagnostics name it so, never by an absolute
/// path, so that two checkouts of a project give the same bytes.
pub fn discover(start: &Path) -> Option<PathBuf> {
    let up = start
        .ancestors()
        .position(|d| d.join(FILE_NAME).is_file())?;
    let mut p: PathBuf = std::iter::repeat_n("..", up).collect();
    p.push(FILE_NAME);
    Some(p)
}

/// How reports name a file the user gave (the waiver file, in every waived finding's message):
/// relative to the current directory when it lies under it, else as `written` (in `vtcheck.toml`
/// relative to that file, on the command line as given). Never an absolute path made from the
/// current directory, so the same project copied elsewhere gives the same report bytes.
pub fn shown_path(path: &Path, written: &str) -> String {
    let Ok(cwd) = std::env::current_dir() else {
        return written.to_string();
    };
    // Lexically normalised (`.` dropped, `..` taken back): only to see whether it is under the
    // current directory, never to open it.
    let mut abs = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                abs.pop();
            }
            c => abs.push(c),
        }
    }
    match abs.strip_prefix(&cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel
            .components()
            .map(|c| crate::dossier::shown_path(Path::new(c.as_os_str())))
            .collect::<Vec<_>>()
            .join("/"),
        // As written, in the form every report names paths (rev60 R1).
        _ => crate::dossier::shown_path(Path::new(written)),
    }
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
/// Keys written with the Dutch name the command line knows them by (`--peildatum`), and the
/// key meant: no edit distance leads from one to the other.
const DUTCH_KEYS: &[(&str, &str)] = &[("peildatum", "as_of")];

/// Why `info` is no fail level, for the option and the config key alike.
pub const INFO_NEVER_FAILS: &str = "`info` kan geen faalniveau zijn: info-regels zijn richtlijnen die getoond worden maar een run nooit laten falen (Handelingsprotocol-regelcatalogus); kies error of warning";

/// Reads a config file. Errors are Dutch, at the line and column of the key or value, with a
/// suggestion where one helps; every setting's mistake is reported, in line order (a file that
/// is no TOML at all gives the parser's one error).
pub fn load(path: &Path) -> Result<Config, Vec<Diag>> {
    let file: std::sync::Arc<str> = crate::dossier::shown_path(path).into();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![Diag::error(
            &file,
            Pos::default(),
            format!("kan niet gelezen worden: {e}", e = crate::diag::io_nl(&e)),
        )]
    })?;
    // A dossier or manifest given as the configuration (`--config export/x.json`): one error,
    // before a parser's message could quote any of it.
    if crate::privacy::is_dossier_text(&text) {
        return Err(vec![Diag::error(
            &file,
            Pos::default(),
            "dit is een dossier of exportmanifest (`formaat: vtdossier/…` of `vtexport/…`), geen vtcheck.toml",
        )
        .with_help(Some(
            "geef dossiers als PAD aan `vtcheck check`; `--config` is voor een vtcheck.toml".into(),
        ))]);
    }
    // Both TOML parsers report the same way: at the error's span, in Dutch.
    let invalid = |span: Option<std::ops::Range<usize>>, message: &str| {
        let at = span.map_or(Pos::default(), |s| Pos::in_text(&text, s.start));
        vec![Diag::error(
            &file,
            at,
            format!("ongeldige TOML: {}", toml_nl(message)),
        )]
    };
    let parsed = toml::de::DeTable::parse(&text).map_err(|e| invalid(e.span(), e.message()))?;
    let places = Places::build(&text, parsed.get_ref());
    // The typed parse checks more (numbers out of range) than the spanned one.
    let table: toml::Table = text
        .parse()
        .map_err(|e: toml::de::Error| invalid(e.span(), e.message()))?;
    let base = path.parent().unwrap_or(Path::new("."));
    // A path the file names, read relative to the file's folder. One that does not exist is an
    // error here, at its value: later, the reader of rules, waivers or calendar could name only
    // the path, and not that it came from this file.
    let shown_base = if base.as_os_str().is_empty() {
        Path::new(".")
    } else {
        base
    };
    let existing = |at: &str, written: &str| -> Result<std::path::PathBuf, Diag> {
        let p = base.join(written);
        if p.exists() {
            return Ok(p);
        }
        Err(Diag::error(
            &file,
            places.value(at),
            format!(
                "`{written}` bestaat niet (gelezen vanuit {}, de map van dit bestand)",
                crate::dossier::shown_path(shown_base)
            ),
        ))
    };
    // A wrong value is shown at the value, an unknown key at the key.
    let err = |key: &str, msg: String| Diag::error(&file, places.value(key), msg);
    let unknown = |key: &str, msg: String| Diag::error(&file, places.key(key), msg);
    let mut cfg = Config {
        path: Some(path.to_path_buf()),
        ..Config::default()
    };
    // A text or a list of texts; an error points at the element that is not a text.
    let strings = |key: &str, v: &toml::Value| -> Result<Vec<String>, Diag> {
        let wrong = |at: &str| err(at, format!("`{key}` moet een lijst van teksten zijn"));
        match v {
            toml::Value::String(s) => Ok(vec![s.clone()]),
            toml::Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, x)| {
                    x.as_str()
                        .map(str::to_string)
                        .ok_or_else(|| wrong(&format!("{key}.{i}")))
                })
                .collect(),
            _ => Err(wrong(key)),
        }
    };
    // `allowed` are the severities the key takes: a fail level never `info` (refused below
    // with the reason), so the error lists only what it accepts.
    let severity = |key: &str, v: &toml::Value, allowed: &[&str]| -> Result<Severity, Diag> {
        // A number or a table has no name to repeat: say what belongs there.
        let Some(s) = v.as_str() else {
            let quoted = one_of(allowed.iter().map(|a| format!("\"{a}\"")));
            return Err(err(
                key,
                format!("`{key}` is een ernst als tekst: {quoted}"),
            ));
        };
        let listed = one_of(allowed.iter().map(|a| a.to_string()));
        Severity::parse(s).ok_or_else(|| {
            err(key, format!("onbekende ernst `{s}` in `{key}` ({listed})")).with_help(
                crate::suggest::did_you_mean_help(s, allowed.iter().copied()),
            )
        })
    };
    let unknown_key = |path: &str, name: &str, known: &[&str]| {
        let help = match DUTCH_KEYS.iter().find(|(dutch, _)| *dutch == name) {
            Some((_, key)) if known.contains(key) => Some(format!("bedoelde je `{key}`?")),
            _ => help_for(name, known),
        };
        unknown(path, format!("onbekende sleutel `{path}`")).with_help(help)
    };
    let every_severity: Vec<&str> = Severity::ALL.iter().map(|(k, _)| *k).collect();
    let bad_bevrijdingsdag = |at: &str, s: &str| {
        const VALUES: [&str; 3] = ["every_year", "lustrum", "never"];
        let msg =
            format!("`calendar.bevrijdingsdag` moet every_year, lustrum of never zijn, niet '{s}'");
        err(at, msg).with_help(crate::suggest::did_you_mean_help(s, VALUES))
    };
    // Every mistake of the file in one run: a setting's mistake ends that setting only.
    let mut errors: Vec<Diag> = Vec::new();
    for (k, v) in &table {
        let mut setting = || -> Result<(), Diag> {
            match k.as_str() {
                "as_of" => {
                    let s = v
                        .as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string());
                    cfg.as_of = Some(
                        crate::dossier::date::parse_iso_date(&s)
                            .map_err(|e| err(k, format!("{e} in `as_of`")))?,
                    );
                }
                "fail_level" => {
                    // The protocol: `info` is guidance, "shown but never failing". As a fail level
                    // it would either break that or mean nothing, so it is refused with the reason.
                    let level = severity(k, v, &["error", "warning"])?;
                    if level == Severity::Info {
                        return Err(err(k, INFO_NEVER_FAILS.into()));
                    }
                    cfg.fail_level = Some(level);
                }
                "rules" => {
                    let list = strings(k, v)?;
                    let at = |i: usize| match v {
                        toml::Value::Array(_) => format!("{k}.{i}"),
                        _ => k.to_string(),
                    };
                    // Every path that is not there, not only the first.
                    for (i, p) in list.iter().enumerate() {
                        match existing(&at(i), p) {
                            Ok(p) => cfg.rules.push(p),
                            Err(d) => errors.push(d),
                        }
                    }
                }
                "waivers" => {
                    let p = v
                        .as_str()
                        .ok_or_else(|| err(k, "`waivers` is één bestandsnaam (tekst)".into()))?;
                    cfg.waivers = Some(existing(k, p)?);
                    cfg.waivers_written = Some(p.to_string());
                }
                "select" => cfg.select = strings(k, v)?,
                "ignore" => cfg.ignore = strings(k, v)?,
                "severity" => {
                    let t = v.as_table().ok_or_else(|| {
                        err(k, "`[severity]` is een tabel van regel naar ernst".into())
                    })?;
                    for (id, sev) in t {
                        match severity(&format!("severity.{id}"), sev, &every_severity) {
                            Ok(level) => cfg.severity.push((id.clone(), level)),
                            Err(d) => errors.push(d),
                        }
                    }
                }
                "calendar" => {
                    let t = v
                        .as_table()
                        .ok_or_else(|| err(k, "`[calendar]` is een tabel".into()))?;
                    for (ck, cv) in t {
                        let at = format!("calendar.{ck}");
                        // Each entry's mistake ends that entry only.
                        let mut entry = || -> Result<(), Diag> {
                            match ck.as_str() {
                                "file" => {
                                    let p = cv.as_str().ok_or_else(|| {
                                        err(
                                            &at,
                                            "`calendar.file` is een bestandsnaam (tekst)".into(),
                                        )
                                    })?;
                                    cfg.calendar.file = Some(existing(&at, p)?);
                                }
                                "bevrijdingsdag" => {
                                    let s = cv.as_str().unwrap_or("");
                                    cfg.calendar.bevrijdingsdag = Some(
                                        match s {
                                            "every_year" | "elk" => "elk",
                                            "lustrum" => "lustrum",
                                            "never" | "nooit" => "nooit",
                                            _ => return Err(bad_bevrijdingsdag(&at, s)),
                                        }
                                        .to_string(),
                                    );
                                }
                                "goede_vrijdag" => {
                                    cfg.calendar.goede_vrijdag =
                                        Some(cv.as_bool().ok_or_else(|| {
                                            err(
                                                &at,
                                                "`calendar.goede_vrijdag` moet true of false zijn"
                                                    .into(),
                                            )
                                        })?)
                                }
                                "extra_closed" => {
                                    let days = strings(&at, cv)?;
                                    // Checked here, so the error names this file, not the calendar's;
                                    // every bad day.
                                    let before = errors.len();
                                    for (i, d) in days.iter().enumerate() {
                                        if let Err(e) = crate::dossier::date::parse_iso_date(d) {
                                            errors.push(err(
                                                &format!("{at}.{i}"),
                                                format!("{e} in `calendar.extra_closed`"),
                                            ));
                                        }
                                    }
                                    if errors.len() == before {
                                        cfg.calendar.extra_closed = days;
                                    }
                                }
                                other => return Err(unknown_key(&at, other, CAL)),
                            }
                            Ok(())
                        };
                        if let Err(d) = entry() {
                            errors.push(d);
                        }
                    }
                }
                "csv" => {
                    cfg.csv = Some(
                        v.as_table()
                            .ok_or_else(|| err(k, "`[csv]` is een tabel".into()))?
                            .clone(),
                    )
                }
                other => return Err(unknown_key(other, other, TOP)),
            }
            Ok(())
        };
        if let Err(d) = setting() {
            errors.push(d);
        }
    }
    if !errors.is_empty() {
        errors.sort_by_key(|d| (d.pos.line, d.pos.col));
        return Err(errors);
    }
    cfg.places = places;
    Ok(cfg)
}

/// `a, b of c`: the choices a message lists.
fn one_of(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} of {last}", rest.join(", ")),
        _ => items.concat(),
    }
}

impl Config {
    /// An error about the value at `path` (`select.2`, `csv.columns.datum`), at its line and
    /// column in this file.
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diag {
        Diag::error(&self.file_name(), self.places.value(path), message)
    }

    /// An error about the key at `path` itself (an unknown key), at the key's line and column.
    pub fn error_at_key(&self, path: &str, message: impl Into<String>) -> Diag {
        Diag::error(&self.file_name(), self.places.key(path), message)
    }

    fn file_name(&self) -> std::sync::Arc<str> {
        self.path
            .as_deref()
            .map_or(FILE_NAME.into(), |p| crate::dossier::shown_path(p).into())
    }
}

/// Whether a rule id is selected by `select` / `ignore` (ids or prefixes).
pub fn selected(cfg: &Config, id: &str) -> bool {
    let hit = |list: &[String]| list.iter().any(|p| id.starts_with(p.as_str()));
    (cfg.select.is_empty() || hit(&cfg.select)) && !hit(&cfg.ignore)
}

/// The toml crate's syntax errors in Dutch (it words them in English), by what they name; any
/// other as a syntax error at the reported position.
fn toml_nl(msg: &str) -> String {
    const TABLE: &[(&str, &str)] = &[
        (
            "string values must be quoted",
            "tekst hoort tussen aanhalingstekens",
        ),
        (
            "invalid basic string",
            "tekst tussen aanhalingstekens niet gesloten",
        ),
        (
            "invalid literal string",
            "tekst tussen enkele aanhalingstekens niet gesloten",
        ),
        ("invalid multi-line", "tekst over meer regels niet gesloten"),
        (
            "missing opening quote",
            "aanhalingsteken aan het begin ontbreekt",
        ),
        (
            "missing escaped value",
            "onvolledige `\\`-code in een tekst",
        ),
        ("duplicate key", "sleutel komt twee keer voor"),
        (
            "missing comma between array elements",
            "komma ontbreekt tussen de elementen van een lijst",
        ),
        (
            "missing comma between key-value pairs",
            "komma ontbreekt tussen de sleutels",
        ),
        ("missing assignment", "`=` ontbreekt na de sleutel"),
        ("missing value", "waarde ontbreekt na `=`"),
        ("unclosed array table", "`]]` ontbreekt"),
        ("unclosed array", "`]` ontbreekt aan het eind van de lijst"),
        ("unclosed inline table", "`}` ontbreekt"),
        ("unclosed table", "`]` ontbreekt in de tabelkop"),
        ("unexpected `=` in array", "`=` hoort niet in een lijst"),
        (
            "unexpected content between comment and newline",
            "tekst na het commentaar",
        ),
        ("unexpected leading zero", "getal begint met een 0"),
        (
            "invalid unquoted key",
            "ongeldige sleutel: zet hem tussen aanhalingstekens",
        ),
        ("invalid key", "ongeldige sleutel"),
        ("invalid integer", "ongeldig geheel getal"),
        ("invalid float", "ongeldig getal"),
        ("invalid", "ongeldige waarde"),
        ("unexpected", "onverwachte tekst"),
        ("missing", "er ontbreekt iets"),
    ];
    crate::diag::parser_nl(msg.lines().next().unwrap_or("").trim(), TABLE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shown_path_is_relative_to_the_current_directory_or_as_written() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            super::shown_path(&cwd.join("a/b.yaml"), "b.yaml"),
            "a/b.yaml"
        );
        assert_eq!(
            super::shown_path(Path::new("a/./c/../b.yaml"), "x"),
            "a/b.yaml"
        );
        // Outside the current directory: as written, never the absolute path.
        let outside = cwd.parent().unwrap().join("elders/w.yaml");
        assert_eq!(super::shown_path(&outside, "w.yaml"), "w.yaml");
        assert_eq!(
            super::shown_path(Path::new("../w.yaml"), "../w.yaml"),
            "../w.yaml"
        );
        // In the form every report names paths: a backslash in a Unix name as `\\` (rev60 R1).
        #[cfg(unix)]
        assert_eq!(
            super::shown_path(Path::new("../wv\\xFF/w.yaml"), "../wv\\xFF/w.yaml"),
            "../wv\\\\xFF/w.yaml"
        );
        #[cfg(unix)]
        assert_eq!(
            super::shown_path(Path::new("a\\b/w.yaml"), "a\\b/w.yaml"),
            "a\\\\b/w.yaml"
        );
    }

    fn load_text(text: &str) -> Result<Config, Diag> {
        let dir = tempfile::tempdir().expect("temporary directory");
        let p = dir.path().join(FILE_NAME);
        std::fs::write(&p, text).expect("config written");
        // The texts of these tests have one mistake each, so one error.
        load(&p).map_err(|mut errors| {
            assert_eq!(errors.len(), 1, "{text}: {errors:?}");
            errors.remove(0)
        })
    }

    /// Several mistakes in one file: all of them in one run, in line order, and a good setting
    /// between them adds nothing.
    #[test]
    fn every_mistake_comes_in_one_run_in_line_order() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let p = dir.path().join(FILE_NAME);
        let text = "fail_levl = \"error\"\nselect = [\"VT-T01\"]\nas_of = \"30-06-2025\"\n[calendar]\nbevrijdingsdag = \"altijd\"\n";
        std::fs::write(&p, text).expect("config written");
        let errors = load(&p).expect_err("three mistakes");
        let places: Vec<(u32, u32)> = errors.iter().map(|d| (d.pos.line, d.pos.col)).collect();
        assert_eq!(places, [(1, 1), (3, 9), (5, 18)], "{errors:?}");
        assert!(errors[0].message.contains("fail_levl"), "{errors:?}");
        assert!(errors[2].message.contains("bevrijdingsdag"), "{errors:?}");
        // Within a list or a table too: every missing path, every bad severity, every calendar
        // entry, every bad closing day (rev58 F3).
        let text = "rules = [\"nope1\", \"nope2\"]\n[severity]\nVT-T01 = \"hoog\"\nVT-T02 = \"laag\"\n[calendar]\nbevrijdingsdag = \"altijd\"\ngoede_vrijdag = \"ja\"\nonbekend = 1\nextra_closed = [\"2025-01-02\", \"x\", \"y\"]\n";
        std::fs::write(&p, text).expect("config written");
        let errors = load(&p).expect_err("nine mistakes");
        let places: Vec<(u32, u32)> = errors.iter().map(|d| (d.pos.line, d.pos.col)).collect();
        assert_eq!(
            places,
            [
                (1, 10),
                (1, 19),
                (3, 10),
                (4, 10),
                (6, 18),
                (7, 17),
                (8, 1),
                (9, 31),
                (9, 36)
            ],
            "{errors:?}"
        );
    }

    /// The error's line and column and message.
    fn error_of(text: &str) -> (u32, u32, String) {
        let e = load_text(text).expect_err("an error");
        assert!(e.file.ends_with(FILE_NAME), "{}", e.file);
        (e.pos.line, e.pos.col, e.message)
    }

    /// The nearest file up from the start, named relative to it.
    #[test]
    fn discovered_files_are_named_relative_to_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let deep = dir.path().join("a").join("b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "").unwrap();
        assert_eq!(
            discover(&deep),
            Some(Path::new("../../vtcheck.toml").to_path_buf())
        );
        assert_eq!(
            discover(dir.path()),
            Some(Path::new("vtcheck.toml").to_path_buf())
        );
    }

    /// A path the file names that does not exist is an error of this file, at the path: the
    /// reader of the rules, waivers or calendar could not say where it came from.
    #[test]
    fn a_missing_path_is_an_error_at_its_value() {
        for (text, place) in [
            ("rules = \"regels\"\n", (1, 9)),
            ("rules = [\".\", \"regels\"]\n", (1, 15)),
            ("waivers = \"ontheffingen.yaml\"\n", (1, 11)),
            ("[calendar]\nfile = \"kalender.yaml\"\n", (2, 8)),
        ] {
            let (line, col, msg) = error_of(text);
            assert_eq!((line, col), place, "{text}: {msg}");
            assert!(msg.contains("bestaat niet"), "{msg}");
        }
        // An existing one is read as before.
        let c = load_text("rules = [\".\"]\n").unwrap();
        assert_eq!(c.rules.len(), 1);
    }

    #[test]
    fn a_bad_closing_day_is_an_error_of_this_file_at_the_day() {
        let (line, col, msg) =
            error_of("[calendar]\nextra_closed = [\"2025-12-24\", \"2025-13-01\"]\n");
        assert_eq!((line, col), (2, 31), "{msg}");
        assert!(
            msg.contains(
                "ongeldige datum '2025-13-01': maand 13 bestaat niet in `calendar.extra_closed`"
            ),
            "{msg}"
        );
    }

    /// `as_of` is the default of `--as-of`, and as strict: `JJJJ-MM-DD` only.
    #[test]
    fn as_of_is_written_jjjj_mm_dd() {
        for bad in ["2025-6-30", "+2025-06-30", "30-06-2025"] {
            let (line, _, msg) = error_of(&format!("as_of = \"{bad}\"\n"));
            assert_eq!(line, 1, "{msg}");
            assert!(
                msg.contains(&format!("ongeldige datum '{bad}': verwacht JJJJ-MM-DD"))
                    && msg.ends_with("in `as_of`"),
                "{msg}"
            );
        }
        // A TOML date is the same date.
        let c = load_text("as_of = 2025-06-30\n").unwrap();
        assert_eq!(c.as_of, NaiveDate::from_ymd_opt(2025, 6, 30));
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
        // Places of values, for errors found later.
        let at = |p: &str| (c.places.value(p).line, c.places.value(p).col);
        assert_eq!(at("ignore.0"), (4, 11));
        assert_eq!(at("severity.VT-V04"), (6, 12));
        assert_eq!(at("calendar.goede_vrijdag"), (9, 17));
        // An unknown path falls back to the nearest enclosing key.
        assert_eq!(at("calendar.nergens"), at("calendar"));
    }

    #[test]
    fn unknown_keys_are_errors_at_the_key_with_a_suggestion() {
        let e = load_text("as_of = \"2025-06-30\"\n  fail_levl = \"error\"\n").unwrap_err();
        assert_eq!((e.pos.line, e.pos.col), (2, 3));
        assert_eq!(e.message, "onbekende sleutel `fail_levl`");
        assert_eq!(e.help.as_deref(), Some("bedoelde je `fail_level`?"));
        let e = load_text("[calendar]\ngoede_vrydag = true\n").unwrap_err();
        assert_eq!((e.pos.line, e.pos.col), (2, 1));
        assert!(e.help.unwrap_or_default().contains("goede_vrijdag"));
    }

    #[test]
    fn wrong_values_are_errors_at_the_value() {
        for (text, place, needle) in [
            ("select = [\"VT-T01\", 3]\n", (1, 21), "lijst van teksten"),
            (
                "fail_level = \"fatal\"\n",
                (1, 14),
                "onbekende ernst `fatal` in `fail_level` (error of warning)",
            ),
            (
                "\n[calendar]\nbevrijdingsdag = \"soms\"\n",
                (3, 18),
                "niet 'soms'",
            ),
            ("[calendar]\nfile = 3\n", (2, 8), "bestandsnaam"),
            (
                "waivers = [\"a.yaml\", \"b.yaml\"]\n",
                (1, 11),
                "één bestandsnaam",
            ),
            ("csv = 1\n", (1, 7), "`[csv]` is een tabel"),
            (
                "select = [\"VT-T01\"\n",
                (1, 19),
                "ongeldige TOML: `]` ontbreekt aan het eind van de lijst",
            ),
            (
                "[csv]\ndelimiter = \";\n",
                (2, 15),
                "ongeldige TOML: tekst tussen aanhalingstekens niet gesloten",
            ),
            (
                "as_of = \"2025-06-30\"\n\nx = 99999999999999999999\n",
                (3, 5),
                "ongeldige TOML",
            ),
            (
                "\u{feff}fail_level = \"fatal\"\n",
                (1, 14),
                "onbekende ernst",
            ),
            (
                "fail_level = \"info\"\n",
                (1, 14),
                "`info` kan geen faalniveau zijn",
            ),
            (
                "fail_level = 5\n",
                (1, 14),
                "`fail_level` is een ernst als tekst: \"error\" of \"warning\"",
            ),
            (
                "[severity]\n\"VT-T01\" = true\n",
                (2, 12),
                "`severity.VT-T01` is een ernst als tekst: \"error\", \"warning\" of \"info\"",
            ),
            (
                "[severity]\n\"VT-T01\" = \"fatal\"\n",
                (2, 12),
                "onbekende ernst `fatal` in `severity.VT-T01` (error, warning of info)",
            ),
        ] {
            let (line, col, msg) = error_of(text);
            assert_eq!((line, col), place, "{text}: {msg}");
            assert!(msg.contains(needle), "{text}: {msg}");
        }
    }

    /// Review 31, L12: a near miss of a calendar setting, and the Dutch name of `as_of` (the
    /// command line's `--peildatum`), get a suggestion.
    #[test]
    fn dutch_and_misspelt_settings_get_a_suggestion() {
        let e = load_text("[calendar]\nbevrijdingsdag = \"lustrm\"\n").expect_err("an error");
        assert_eq!((e.pos.line, e.pos.col), (2, 18));
        assert_eq!(e.help.as_deref(), Some("bedoelde je `lustrum`?"));
        let e = load_text("peildatum = \"2025-06-30\"\n").expect_err("an error");
        assert_eq!(e.message, "onbekende sleutel `peildatum`");
        assert_eq!(e.help.as_deref(), Some("bedoelde je `as_of`?"));
        // Only at the top: `[calendar]` has no as-of date.
        let e = load_text("[calendar]\npeildatum = 1\n").expect_err("an error");
        assert_ne!(e.help.as_deref(), Some("bedoelde je `as_of`?"));
    }

    /// A fail level lists what it accepts (never `info`), as `--fail-level` does, and a near
    /// miss gets its suggestion.
    #[test]
    fn a_misspelt_fail_level_gets_a_suggestion() {
        let e = load_text("fail_level = \"warnign\"\n").expect_err("an error");
        assert_eq!(
            e.message,
            "onbekende ernst `warnign` in `fail_level` (error of warning)"
        );
        assert_eq!(e.help.as_deref(), Some("bedoelde je `warning`?"));
        let e = load_text("[severity]\n\"VT-T01\" = \"inof\"\n").expect_err("an error");
        assert_eq!(e.help.as_deref(), Some("bedoelde je `info`?"));
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "# één\nselect = [\"é\", 1]\n";
        let p = Pos::in_text(text, text.find('1').unwrap());
        assert_eq!((p.line, p.col), (2, 16));
        assert_eq!(
            (Pos::in_text(text, 0).line, Pos::in_text(text, 0).col),
            (1, 1)
        );
    }

    proptest::proptest! {
        /// Positions made in one pass are those of one lookup per offset, in any order, byte
        /// order marks, line breaks and offsets inside a character included.
        #[test]
        fn positions_in_one_pass_are_those_of_one_lookup_each(
            text in "[a\n\u{feff}é€ =\\[\\],]{0,30}",
            offsets in proptest::collection::vec(0usize..40, 0..12),
        ) {
            let many = Pos::in_text_many(&text, &offsets);
            for (o, p) in offsets.iter().zip(&many) {
                proptest::prop_assert_eq!(*p, Pos::in_text(&text, *o), "{:?} at {}", text, o);
            }
        }
    }

    /// A long array on one line is placed in one pass, and an error after loading still names
    /// the value's line and column.
    #[test]
    fn a_long_array_is_placed_in_one_pass() {
        let values: Vec<String> = (0..20_000).map(|i| format!("\"r{i}\"")).collect();
        let text = format!("x_lijst = [{}]\nselect = [\"VT-T01\"]\n", values.join(", "));
        let parsed = toml::de::DeTable::parse(&text).unwrap();
        let places = Places::build(&text, parsed.get_ref());
        assert_eq!(
            places.value("select.0"),
            Pos::in_text(&text, text.rfind("\"VT").unwrap())
        );
        let last = places.value("x_lijst.19999");
        assert_eq!(
            (last.line, last.col),
            (1, text.find("\"r19999").unwrap() as u32 + 1)
        );
        assert_eq!(places.key("select.7"), places.key("select"));
    }
}
