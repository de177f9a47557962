//! CSV event logs: one row per event, as registration systems export them (Dutch Excel: `;`
//! separator, UTF-8 with a byte order mark, `DD-MM-YYYY` dates, `ja`/`nee`).
//!
//! The mapping onto the dossier model (documented for users in `docs/csv.md`):
//! - The dossier columns (`dossier`, `regio`, `soort`, `ontvangen`, `acuut`, `samenvatting`,
//!   `melder_*`) repeat on every row of a dossier; empty cells are allowed, and two different
//!   non-empty values are an error.
//! - The rows of one dossier are contiguous. A dossier id that comes back after another dossier
//!   is a second dossier with that id, which the run's duplicate check reports naming both rows.
//!   Exports in event order are sorted by dossier id first (`RowSorter`): always with
//!   `sort_rows = true`, and without the setting when a dossier comes back within the first
//!   buffer of rows (`RowOrder::Probe`).
//! - Column `gebeurtenis` says what a row is: an event kind of the format
//!   (`veiligheidsbeoordeling`, `overdracht`, ...), or `betrokkene`, `situatie`, `voorwaarde`
//!   for the dossier's lists (in row order), or empty for a row that only carries dossier data.
//! - The other columns are the fields of that event or item; `datum` is an event's date and a
//!   voorwaarde's `opgesteld`. Lists (`besproken_met`, `personen`, `voorwaarden`) are
//!   comma-separated; a monitoring `beoordeling` is written `V1=nageleefd,V2=deels`.
//!
//! The reader builds the same [`Node`] tree the YAML and JSON readers build, so validation and
//! every rule work unchanged. Positions are CSV positions: the line is the row number (the
//! header is row 1) and the column the 1-based field index. A row that differs from the header
//! only in empty fields at its end is read at the header's width (`Blocks::fit`). Cell-level
//! problems (a bad date, an unknown enumeration value, a bad ja/nee, a filled field beyond the
//! header) are found here, reported
//! with the column header and never with the cell's content (a cell can hold a name wherever a
//! number or code belongs), and make their dossier one invalid input; the rest of the file is
//! still read. A quoted cell still open at the end of the file, or one over several lines in a
//! record of the wrong width of which a line looks like a row of the file (or whose lines are
//! rows), is a quote that was not closed: an error at that quote, and the lines it swallowed
//! are read as rows again (`Swallowed`). A closed cell in a record of the header's width is
//! text, whatever its lines look like.
//! Reading streams: only the current dossier's rows are held in memory (with
//! `sort_rows`, one sort buffer; the rest goes to a temporary file).
//!
//! Column names, the separators and the ja/nee words are configurable in the `[csv]` table of
//! `vtcheck.toml` ([`CsvMapping::from_table`]).

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;

use super::date::{iso_text, parse_stamp_unshown};
use super::node::{Key, OwnedNode as Node, Pos, Value};
use super::regions::RegionTable;
use super::schema::{self, ObjDef, Ty};
use super::source::Unit;
use crate::chars::{is_blank, is_blank_bytes, is_invisible};
use crate::diag::Diag;
use crate::privacy::{looks_like_a_field_name, looks_like_a_key};
use crate::suggest::help_for;

/// What a column maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A top-level field of the dossier.
    Dossier(&'static str),
    /// A field of the dossier's `melder`.
    Melder(&'static str),
    /// The row kind: an event kind, or `betrokkene` / `situatie` / `voorwaarde`.
    Kind,
    /// A field of the row's event or item (`datum` is a voorwaarde's `opgesteld`).
    Row(&'static str),
}

/// A column of the event log: its key (also the default header and the key in
/// `[csv.columns]`) and what it maps to.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// The column key, e.g. `melder_rol`.
    pub key: &'static str,
    /// What the column's cells fill.
    pub target: Target,
}

const fn c(key: &'static str, target: Target) -> Column {
    Column { key, target }
}

/// Every column the reader knows, in the order the generator writes them.
pub const COLUMNS: &[Column] = &[
    c("dossier", Target::Dossier("id")),
    c("regio", Target::Dossier("regio")),
    c("soort", Target::Dossier("soort")),
    c("ontvangen", Target::Dossier("ontvangen")),
    c("acuut", Target::Dossier("acuut")),
    c("samenvatting", Target::Dossier("samenvatting")),
    c("melder_hoedanigheid", Target::Melder("hoedanigheid")),
    c("melder_rol", Target::Melder("rol")),
    c("melder_bekend", Target::Melder("bekend")),
    c("melder_anoniem", Target::Melder("anoniem_naar_betrokkenen")),
    c(
        "melder_anonimiteitsgrond",
        Target::Melder("anonimiteitsgrond"),
    ),
    c("gebeurtenis", Target::Kind),
    c("datum", Target::Row("datum")),
    c("id", Target::Row("id")),
    c("rol", Target::Row("rol")),
    c("geboortejaar", Target::Row("geboortejaar")),
    c("omschrijving", Target::Row("omschrijving")),
    c("prioriteit", Target::Row("prioriteit")),
    c("situatie", Target::Row("situatie")),
    c("tekst", Target::Row("tekst")),
    c("besproken_met", Target::Row("besproken_met")),
    c("geen_dialoog_reden", Target::Row("geen_dialoog_reden")),
    c("besluit", Target::Row("besluit")),
    c("over", Target::Row("over")),
    c("personen", Target::Row("personen")),
    c("reden", Target::Row("reden")),
    c("conclusie", Target::Row("conclusie")),
    c("partij", Target::Row("partij")),
    c("schriftelijk", Target::Row("schriftelijk")),
    c("document", Target::Row("document")),
    c("warm", Target::Row("warm")),
    c("voorwaarden", Target::Row("voorwaarden")),
    c("geaccepteerd", Target::Row("geaccepteerd")),
    c("beoordeling", Target::Row("beoordeling")),
];

/// Indexes into [`COLUMNS`] (a test keeps them in step).
pub mod col {
    /// Index of column `dossier`.
    pub const DOSSIER: usize = 0;
    /// Index of column `regio`.
    pub const REGIO: usize = 1;
    /// Index of column `soort`.
    pub const SOORT: usize = 2;
    /// Index of column `ontvangen`.
    pub const ONTVANGEN: usize = 3;
    /// Index of column `acuut`.
    pub const ACUUT: usize = 4;
    /// Index of column `samenvatting`.
    pub const SAMENVATTING: usize = 5;
    /// Index of column `melder_hoedanigheid`.
    pub const MELDER_HOEDANIGHEID: usize = 6;
    /// Index of column `melder_rol`.
    pub const MELDER_ROL: usize = 7;
    /// Index of column `melder_bekend`.
    pub const MELDER_BEKEND: usize = 8;
    /// Index of column `melder_anoniem`.
    pub const MELDER_ANONIEM: usize = 9;
    /// Index of column `melder_anonimiteitsgrond`.
    pub const MELDER_ANONIMITEITSGROND: usize = 10;
    /// Index of column `gebeurtenis`.
    pub const GEBEURTENIS: usize = 11;
    /// Index of column `datum`.
    pub const DATUM: usize = 12;
    /// Index of column `id`.
    pub const ID: usize = 13;
    /// Index of column `rol`.
    pub const ROL: usize = 14;
    /// Index of column `geboortejaar`.
    pub const GEBOORTEJAAR: usize = 15;
    /// Index of column `omschrijving`.
    pub const OMSCHRIJVING: usize = 16;
    /// Index of column `prioriteit`.
    pub const PRIORITEIT: usize = 17;
    /// Index of column `situatie`.
    pub const SITUATIE: usize = 18;
    /// Index of column `tekst`.
    pub const TEKST: usize = 19;
    /// Index of column `besproken_met`.
    pub const BESPROKEN_MET: usize = 20;
    /// Index of column `geen_dialoog_reden`.
    pub const GEEN_DIALOOG_REDEN: usize = 21;
    /// Index of column `besluit`.
    pub const BESLUIT: usize = 22;
    /// Index of column `over`.
    pub const OVER: usize = 23;
    /// Index of column `personen`.
    pub const PERSONEN: usize = 24;
    /// Index of column `reden`.
    pub const REDEN: usize = 25;
    /// Index of column `conclusie`.
    pub const CONCLUSIE: usize = 26;
    /// Index of column `partij`.
    pub const PARTIJ: usize = 27;
    /// Index of column `schriftelijk`.
    pub const SCHRIFTELIJK: usize = 28;
    /// Index of column `document`.
    pub const DOCUMENT: usize = 29;
    /// Index of column `warm`.
    pub const WARM: usize = 30;
    /// Index of column `voorwaarden`.
    pub const VOORWAARDEN: usize = 31;
    /// Index of column `geaccepteerd`.
    pub const GEACCEPTEERD: usize = 32;
    /// Index of column `beoordeling`.
    pub const BEOORDELING: usize = 33;
}

/// Row kinds for the dossier's lists, with the list they fill and its item definition.
const ITEM_KINDS: &[(&str, &str, &ObjDef)] = &[
    ("betrokkene", "betrokkenen", &schema::BETROKKENE),
    ("situatie", "situaties", &schema::SITUATIE),
    ("voorwaarde", "voorwaarden", &schema::VOORWAARDE),
];

/// More rows than this for one dossier is an error (a file that never changes dossier).
pub const MAX_ROWS_PER_DOSSIER: u32 = 10_000;

/// More cells than this in the header (empty ones at its end included) make the file
/// unreadable: every row is kept at the header's width, so a dossier's rows cost rows ×
/// columns. The format has 34 columns; a registration system's export with its own extra ones
/// stays far below.
pub const MAX_COLUMNS: usize = 1_000;

/// How a CSV event log is laid out. [`Default`] is what `vtcheck generate --format csv` writes.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvMapping {
    /// Field separator (one ASCII character).
    pub delimiter: u8,
    /// `delimiter` was set in vtcheck.toml: a file's `sep=` line must agree with it, where it
    /// otherwise sets the separator of that file.
    pub delimiter_configured: bool,
    /// Separator inside list cells.
    pub list_separator: char,
    /// Cell texts read as true / false (compared case-insensitively, lower case here).
    pub true_values: Vec<String>,
    /// Cell texts read as false (as `true_values`).
    pub false_values: Vec<String>,
    /// The header of every column of [`COLUMNS`] (same index).
    pub headers: Vec<String>,
    /// Translations of cell values for `gebeurtenis`, enumerations and `regio`: (file value in
    /// lower case, value of the format or region code).
    pub values: Vec<(String, String)>,
    /// Sort the rows by dossier id before reading them: for exports whose rows are in date
    /// order instead of together per dossier. Costs a temporary file about the size of the CSV
    /// file once it exceeds 32 MB of rows. `None` (the default) decides per file from the rows in
    /// its first 8 MiB (`RowOrder`); `Some(true)` always sorts, `Some(false)` never does.
    pub sort_rows: Option<bool>,
}

impl Default for CsvMapping {
    fn default() -> Self {
        let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect();
        CsvMapping {
            delimiter: b';',
            delimiter_configured: false,
            list_separator: ',',
            true_values: words(&["ja", "j", "waar", "true", "1"]),
            false_values: words(&["nee", "n", "onwaar", "false", "0"]),
            headers: COLUMNS.iter().map(|c| c.key.to_string()).collect(),
            values: Vec::new(),
            sort_rows: None,
        }
    }
}

const CSV_KEYS: &[&str] = &[
    "delimiter",
    "list_separator",
    "true_values",
    "false_values",
    "columns",
    "values",
    "sort_rows",
];

fn suggestion(name: &str, options: &[&str]) -> String {
    help_for(name, options)
        .map(|h| format!("; {h}"))
        .unwrap_or_default()
}

/// Every value a `[csv.values]` translation may produce: the format's values and the codes of
/// the region table (`regions`).
fn canonical_values(regions: &[&'static str]) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = schema::EVENT_KINDS.to_vec();
    v.extend(ITEM_KINDS.iter().map(|(k, _, _)| *k));
    for list in [
        schema::SOORT_DOSSIER,
        schema::HOEDANIGHEID,
        schema::MELDER_ROL,
        schema::ANONIMITEITSGROND,
        schema::BETROKKENE_ROL,
        schema::BESPROKEN_MET,
        schema::BESLUIT,
        schema::OVER,
        schema::CONCLUSIE,
        schema::NALEVING,
        schema::MONITORING_REDEN,
    ] {
        v.extend_from_slice(list);
    }
    v.extend_from_slice(regions);
    v
}

/// An error in the `[csv]` table of `vtcheck.toml`, and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError {
    /// The dotted path of the key in vtcheck.toml (`csv.columns.datum`).
    pub path: String,
    /// The message, in Dutch.
    pub message: String,
    /// The key itself is wrong (unknown): point at the key, not at its value.
    pub at_key: bool,
}

impl MappingError {
    fn value(path: String, message: String) -> MappingError {
        MappingError {
            path,
            message,
            at_key: false,
        }
    }

    fn key(path: String, message: String) -> MappingError {
        MappingError {
            path,
            message,
            at_key: true,
        }
    }
}

impl CsvMapping {
    /// Reads the `[csv]` table of `vtcheck.toml`:
    ///
    /// ```toml
    /// [csv]
    /// delimiter = ";"
    /// list_separator = ","
    /// true_values = ["ja", "j"]
    /// false_values = ["nee", "n"]
    /// [csv.columns]            # column key → header in the file
    /// dossier = "Dossiernummer"
    /// gebeurtenis = "Activiteit"
    /// [csv.values]             # value in the file → value of the format
    /// "Veiligheidsbeoordeling afgerond" = "veiligheidsbeoordeling"
    /// ```
    ///
    /// and `sort_rows = true` / `false` to always / never sort a file's rows by dossier first
    /// (without it: when the rows of its first 8 MiB show a dossier coming back).
    ///
    /// A `[csv.values]` translation may also give a region code of `regions`, the region table
    /// the run reads dossiers with (exports name a region `VT Utrecht`, not `utrecht`).
    ///
    /// Errors are Dutch and name the key; with the message comes the key's path in
    /// vtcheck.toml (`csv.columns.datum`), so the caller can point at its line: at the key when
    /// the key is unknown, else at its value.
    pub fn from_table(
        t: &toml::Table,
        regions: &[&'static str],
    ) -> Result<CsvMapping, Vec<MappingError>> {
        let mut m = CsvMapping::default();
        // Every mistake of the table, so that a mapping written for a new export is put right
        // in one go, not one typo per run.
        let mut errs: Vec<MappingError> = Vec::new();
        // The settings with a mistake: the checks across settings below leave them out, since
        // what they would see is the default the user meant to replace (rev58 F2).
        let mut failed: Vec<&str> = Vec::new();
        // The columns the user named in `[csv.columns]`: a clash is reported at theirs.
        let mut configured = vec![false; COLUMNS.len()];
        let one_char = |key: &str, v: &toml::Value| -> Result<char, String> {
            let s = v
                .as_str()
                .ok_or_else(|| format!("`csv.{key}` is één teken tussen aanhalingstekens"))?;
            let mut chars = s.chars();
            match (chars.next(), chars.next()) {
                (Some(ch), None) => Ok(ch),
                _ => Err(format!(
                    "`csv.{key}` is precies één teken, niet {} tekens",
                    s.chars().count()
                )),
            }
        };
        let words = |key: &str, v: &toml::Value| -> Result<Vec<String>, String> {
            let err = || {
                format!("`csv.{key}` moet een lijst van teksten zijn, bijvoorbeeld [\"ja\", \"j\"]")
            };
            let list = v.as_array().ok_or_else(err)?;
            let out: Vec<String> = list
                .iter()
                .map(|x| x.as_str().map(|s| s.trim().to_lowercase()).ok_or_else(err))
                .collect::<Result<_, _>>()?;
            if out.is_empty() || out.iter().any(String::is_empty) {
                return Err(format!(
                    "`csv.{key}` mag niet leeg zijn en geen lege tekst bevatten"
                ));
            }
            Ok(out)
        };
        for (k, v) in t {
            let before = errs.len();
            let at = |e: String| MappingError::value(format!("csv.{k}"), e);
            // A setting's mistake ends that setting; a table's entries are read on.
            let mut setting = || -> Result<(), MappingError> {
                match k.as_str() {
                    "delimiter" => {
                        let ch = one_char(k, v).map_err(at)?;
                        if !ch.is_ascii() || matches!(ch, '"' | '\n' | '\r') {
                            return Err(at(
                            "`csv.delimiter` is één ASCII-teken en geen aanhalingsteken of regeleinde"
                                .into(),
                        ));
                        }
                        m.delimiter = ch as u8;
                        m.delimiter_configured = true;
                    }
                    "list_separator" => {
                        let ch = one_char(k, v).map_err(at)?;
                        if ch.is_alphanumeric() || ch == '=' {
                            return Err(at(
                                "`csv.list_separator` is een leesteken zoals `,` of `|`".into(),
                            ));
                        }
                        m.list_separator = ch;
                    }
                    "sort_rows" => {
                        m.sort_rows = v
                            .as_bool()
                            .map(Some)
                            .ok_or_else(|| at("`csv.sort_rows` is `true` of `false`".into()))?;
                    }
                    "true_values" => m.true_values = words(k, v).map_err(at)?,
                    "false_values" => m.false_values = words(k, v).map_err(at)?,
                    "columns" => {
                        let table = v.as_table().ok_or_else(|| {
                        at("`[csv.columns]` is een tabel van kolomsleutel naar kolomkop in het bestand".into())
                    })?;
                        let keys: Vec<&str> = COLUMNS.iter().map(|c| c.key).collect();
                        for (ck, cv) in table {
                            let at =
                                |e: String| MappingError::value(format!("csv.columns.{ck}"), e);
                            let Some(i) = keys.iter().position(|x| x == ck) else {
                                errs.push(MappingError::key(
                                    format!("csv.columns.{ck}"),
                                    format!(
                                        "onbekende kolomsleutel `csv.columns.{ck}`{}",
                                        suggestion(ck, &keys)
                                    ),
                                ));
                                continue;
                            };
                            let Some(header) = cv.as_str().map(str::trim).filter(|s| !s.is_empty())
                            else {
                                errs.push(at(format!(
                                    "`csv.columns.{ck}` is de kolomkop in het bestand (tekst)"
                                )));
                                continue;
                            };
                            m.headers[i] = header.to_string();
                            configured[i] = true;
                        }
                    }
                    "values" => {
                        let table = v.as_table().ok_or_else(|| {
                        at("`[csv.values]` is een tabel van waarde in het bestand naar waarde van het formaat".into())
                    })?;
                        let canon = canonical_values(regions);
                        for (from, to) in table {
                            let at =
                                |e: String| MappingError::value(format!("csv.values.{from}"), e);
                            let Some(to) = to.as_str() else {
                                errs.push(at(format!(
                                    "`csv.values.\"{from}\"` is een waarde van het formaat (tekst)"
                                )));
                                continue;
                            };
                            if !canon.contains(&to) {
                                errs.push(at(format!(
                                "`csv.values.\"{from}\"`: '{to}' is geen gebeurtenis, waarde van het formaat of regiocode{}",
                                suggestion(to, &canon)
                            )));
                                continue;
                            }
                            let key = from.trim().to_lowercase();
                            // Case does not count, so "Einde" and "einde" are one value.
                            if let Some((_, earlier)) = m.values.iter().find(|(k, _)| *k == key)
                                && earlier != to
                            {
                                errs.push(at(format!(
                                "`csv.values.\"{from}\"`: dezelfde waarde als een andere sleutel \
                                 (hoofdletters tellen niet), maar vertaald naar '{to}' in plaats \
                                 van '{earlier}'"
                            )));
                                continue;
                            }
                            m.values.push((key, to.to_string()));
                        }
                    }
                    other => {
                        return Err(MappingError::key(
                            format!("csv.{other}"),
                            format!(
                                "onbekende sleutel `csv.{other}`{}",
                                suggestion(other, CSV_KEYS)
                            ),
                        ));
                    }
                }
                Ok(())
            };
            if let Err(e) = setting() {
                errs.push(e);
            }
            if errs.len() > before {
                failed.push(k);
            }
        }
        let overlap = m.true_values.iter().find(|t| m.false_values.contains(t));
        let words_failed = failed.contains(&"true_values") || failed.contains(&"false_values");
        if let Some(w) = overlap
            && !words_failed
        {
            // At the list the file writes: with only `true_values` written, the other is the
            // default, which has no place in the file.
            let written = if t.contains_key("false_values") {
                "csv.false_values"
            } else {
                "csv.true_values"
            };
            errs.push(MappingError::value(
                written.into(),
                format!("`csv.true_values` en `csv.false_values` noemen allebei '{w}'"),
            ));
        }
        let mut seen: Vec<String> = Vec::new();
        // With a slip among the columns, a clash with a default header may be the slip's doing
        // (the user meant to rename that column): then only two named columns clash (rev59 N4).
        let columns_failed = failed.contains(&"columns");
        let counts = |j: usize| !columns_failed || configured[j];
        for (i, h) in m.headers.iter().enumerate() {
            let low = h.to_lowercase();
            let earlier = || {
                seen.iter()
                    .enumerate()
                    .position(|(j, s)| *s == low && counts(j))
            };
            if counts(i)
                && let Some(j) = earlier()
            {
                // At the later column if the user named it, else at the earlier one (a name
                // that takes another column's default header).
                let place = if configured[i] || !configured[j] {
                    i
                } else {
                    j
                };
                errs.push(MappingError::value(
                    format!("csv.columns.{}", COLUMNS[place].key),
                    format!(
                        "`csv.columns`: kolommen `{}` en `{}` hebben dezelfde kop '{h}'",
                        COLUMNS[j].key, COLUMNS[i].key
                    ),
                ));
            }
            seen.push(low);
        }
        if errs.is_empty() { Ok(m) } else { Err(errs) }
    }

    /// The `[csv.values]` translation of a cell, when it gives a value this column can hold
    /// (`fits`): the table is one for all columns, and "Afgesloten" → `einde_bemoeienis` meant
    /// for `besluit` must leave the event kind `afgesloten` alone.
    fn translate<'a>(&'a self, lower: &'a str, fits: impl Fn(&str) -> bool) -> &'a str {
        self.values
            .iter()
            .find(|(from, to)| from == lower && fits(to))
            .map_or(lower, |(_, to)| to.as_str())
    }

    fn boolean(&self, raw: &str) -> Option<bool> {
        let low = raw.trim().to_lowercase();
        if self.true_values.contains(&low) {
            Some(true)
        } else if self.false_values.contains(&low) {
            Some(false)
        } else {
            None
        }
    }
}

/// A reader that hashes every byte and refuses to read far beyond the current record, so one
/// enormous field cannot exhaust memory.
struct Tap<R> {
    inner: R,
    hasher: sha2::Sha256,
    /// Bytes read from `inner` (all hashed).
    read: u64,
    /// The count of `read` past which the record being read is too long.
    limit: u64,
    /// The record being read passed `limit`: the rest of it is drained (see [`Tap::drain_one`]).
    exceeded: bool,
    delimiter: u8,
    /// Bytes read from `inner` while draining, not yet handed on (`at` is the next).
    pending: Vec<u8>,
    at: usize,
    /// Bytes drained away, for the byte offsets of the rows after a drained one.
    dropped: u64,
    /// Bytes handed on (what the csv parser reads, the byte order mark included).
    out: u64,
    /// `inner` is at its end.
    eof: bool,
    /// The csv parser's quoting state over the bytes handed on.
    quotes: Quotes,
}

/// Whether the csv parser is inside a quoted field, followed over the bytes it reads, so that
/// a quoted field still open at the end of the file is known (the parser ends it there without
/// a word). `csv_core`'s reader with the default settings: a quote opens a quoted field only
/// as a field's first byte (after a separator or line end, or at the start); inside, a quote
/// followed by a quote is a quote in the text, any other quote ends the quoting. Only quotes
/// change the state, so the bytes between them and the line ends are skipped with `memchr`.
///
/// It also notes where the lines end outside quoted fields (`\r\n`, `\n` and a lone `\r`
/// each end one line), which is how a spreadsheet counts rows: an empty line is a row, a cell
/// with line breaks stays one row. The csv parser's own line count cannot tell: it counts `\n`
/// only, and a record ending in `\r\n` leaves its `\n` to the next read.
#[derive(Debug, Clone)]
struct Quotes {
    delimiter: u8,
    /// Inside a quoted field.
    quoted: bool,
    /// The last byte seen was a quote inside a quoted field: the next byte says whether it
    /// ended the field (anything but a second quote).
    closing: bool,
    /// The last byte seen outside the byte order mark (`\n` at the start: a field starts).
    prev: u8,
    /// How many bytes of a leading byte order mark were seen (4: done with it).
    bom: u8,
    /// Bytes fed so far (the byte order mark included).
    fed: u64,
    /// Offsets of the line ends outside quoted fields not yet taken by
    /// [`Quotes::line_ends_before`] (at most the reader's read-ahead of them).
    ends: std::collections::VecDeque<u64>,
    /// Line ends taken by [`Quotes::line_ends_before`].
    taken: u64,
}

impl Quotes {
    fn new(delimiter: u8) -> Quotes {
        Quotes {
            delimiter,
            quoted: false,
            closing: false,
            prev: b'\n',
            bom: 0,
            fed: 0,
            ends: std::collections::VecDeque::new(),
            taken: 0,
        }
    }

    fn feed(&mut self, mut bytes: &[u8]) {
        const BOM: &[u8; 3] = b"\xEF\xBB\xBF";
        // The file offset of `bytes[0]`.
        let mut base = self.fed;
        self.fed += bytes.len() as u64;
        // The reader consumes a whole byte order mark before the parser sees a byte; a partial
        // one is text (no quote, separator or line end: only `prev` changes).
        while self.bom < 3 {
            let Some(&b) = bytes.first() else { return };
            if b == BOM[self.bom as usize] {
                self.bom += 1;
                bytes = &bytes[1..];
                base += 1;
            } else {
                if self.bom > 0 {
                    self.prev = BOM[self.bom as usize - 1];
                }
                self.bom = 3;
            }
        }
        self.bom = 4;
        let Some(&last) = bytes.last() else { return };
        let mut i = 0;
        if self.closing {
            self.closing = false;
            if bytes[0] == b'"' {
                i = 1;
            } else {
                self.quoted = false;
            }
        }
        while let Some(j) = memchr::memchr3(b'"', b'\n', b'\r', &bytes[i..]).map(|j| i + j) {
            i = j + 1;
            let b = bytes[j];
            if b != b'"' {
                // A line end; inside a quoted field it is text. The `\n` of a `\r\n` ends
                // no line of its own (the state cannot change between the two: only quotes
                // change it).
                if !self.quoted {
                    let before = if j == 0 { self.prev } else { bytes[j - 1] };
                    if b == b'\r' || before != b'\r' {
                        self.ends.push_back(base + j as u64);
                    }
                }
                continue;
            }
            if self.quoted {
                match bytes.get(j + 1) {
                    Some(b'"') => i = j + 2,
                    Some(_) => self.quoted = false,
                    None => self.closing = true,
                }
            } else {
                let before = if j == 0 { self.prev } else { bytes[j - 1] };
                self.quoted = before == self.delimiter || before == b'\n' || before == b'\r';
            }
        }
        self.prev = last;
    }

    /// Whether a quoted field is open after the bytes fed so far.
    fn open(&self) -> bool {
        self.quoted && !self.closing
    }

    /// How many lines ended outside quoted fields before file offset `at`: the row of the
    /// byte at `at` is one more. `at` may not decrease from one call to the next.
    fn line_ends_before(&mut self, at: u64) -> u64 {
        while self.ends.front().is_some_and(|&e| e < at) {
            self.ends.pop_front();
            self.taken += 1;
        }
        self.taken
    }
}

impl<R: Read> Tap<R> {
    /// Allows reading up to one more record of `max_record_bytes` (and [`SLACK`]) beyond what is
    /// read (ahead) so far.
    fn allow_one_record(&mut self, max_record_bytes: usize) {
        self.limit = self
            .read
            .saturating_add(max_record_bytes as u64)
            .saturating_add(SLACK);
    }

    fn new(inner: R, limit: u64, delimiter: u8) -> Self {
        Tap {
            inner,
            hasher: <sha2::Sha256 as sha2::Digest>::new(),
            read: 0,
            limit,
            exceeded: false,
            delimiter,
            pending: Vec::new(),
            at: 0,
            dropped: 0,
            out: 0,
            eof: false,
            quotes: Quotes::new(delimiter),
        }
    }

    /// Follows the parser's quoting state over bytes handed on; no bytes is the end.
    fn track(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            self.eof = true;
        }
        self.out += bytes.len() as u64;
        self.quotes.feed(bytes);
    }

    /// Whether the parser, having read `parsed` bytes, ended its last record at the end of the
    /// file inside a quoted field: a quote that was never closed.
    fn open_at_end(&self, parsed: u64) -> bool {
        self.eof && self.quotes.open() && parsed >= self.out
    }

    fn fill(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        sha2::Digest::update(&mut self.hasher, &buf[..n]);
        self.read += n as u64;
        Ok(n)
    }

    /// One byte of a record too long to hold: quotes, delimiters and line ends as they are,
    /// any run of other bytes as one `x`. The csv parser's state depends only on those kinds
    /// of byte, not on how many others follow each other, so it finds the record's end where
    /// it is, in bounded memory; the record itself is dropped. One byte at a time, so that no
    /// buffer holds drained bytes of the rows after it.
    fn drain_one(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut run = false;
        loop {
            if self.at == self.pending.len() {
                let mut chunk = std::mem::take(&mut self.pending);
                chunk.resize(64 * 1024, 0);
                let n = self.fill(&mut chunk)?;
                chunk.truncate(n);
                self.pending = chunk;
                self.at = 0;
                if n == 0 {
                    return Ok(self.emit_run(run, buf));
                }
            }
            let b = self.pending[self.at];
            if matches!(b, b'"' | b'\n' | b'\r') || b == self.delimiter {
                if run {
                    return Ok(self.emit_run(run, buf));
                }
                self.at += 1;
                buf[0] = b;
                return Ok(1);
            }
            run = true;
            self.at += 1;
            self.dropped += 1;
        }
    }

    fn emit_run(&mut self, run: bool, buf: &mut [u8]) -> usize {
        if !run {
            return 0;
        }
        self.dropped -= 1;
        buf[0] = b'x';
        1
    }
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let n = self.read_on(buf)?;
        self.track(&buf[..n]);
        Ok(n)
    }
}

impl<R: Read> Tap<R> {
    /// [`Read::read`] into a buffer that is not empty, before tracking.
    fn read_on(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.exceeded {
            return self.drain_one(buf);
        }
        // What draining read ahead, beyond the drained record, comes first and as it is.
        if self.at < self.pending.len() {
            let n = (self.pending.len() - self.at).min(buf.len());
            buf[..n].copy_from_slice(&self.pending[self.at..self.at + n]);
            self.at += n;
            return Ok(n);
        }
        if self.read >= self.limit {
            self.exceeded = true;
            return self.drain_one(buf);
        }
        let max = ((self.limit - self.read).min(buf.len() as u64)) as usize;
        self.fill(&mut buf[..max])
    }
}

/// Read-ahead allowed beyond the longest record.
const SLACK: u64 = 1 << 20;

/// The header row, resolved against the mapping.
struct Header {
    /// Per [`COLUMNS`] index: the file column.
    at: Vec<Option<usize>>,
    /// The header texts as written (for messages).
    names: Vec<String>,
}

/// One dossier-level value and where it was first seen (`node` is `None` when that cell was
/// an error, so the same bad value on later rows is reported once).
struct First {
    raw: String,
    node: Option<Node>,
    row: u32,
    /// A later row differed and was reported: one error per column and dossier says where to
    /// look; every further row repeating the same typo-versus-rest split would only be noise.
    differed: bool,
}

/// The rows of the dossier being read.
struct Group {
    id: String,
    first_row: u32,
    pos: Pos,
    dossier: Vec<Option<First>>,
    lists: [Vec<Node>; 3],
    events: Vec<Node>,
    diags: Vec<Diag>,
    errors: bool,
}

impl Group {
    fn new(id: String, row: u32, pos: Pos) -> Group {
        Group {
            id,
            first_row: row,
            pos,
            dossier: (0..COLUMNS.len()).map(|_| None).collect(),
            lists: [Vec::new(), Vec::new(), Vec::new()],
            events: Vec::new(),
            diags: Vec::new(),
            errors: false,
        }
    }
}

/// What converting a file's rows needs: shared by the file's [`Block`]s on the pool.
struct Reader {
    file: Arc<str>,
    mapping: CsvMapping,
    header: Header,
}

/// A cell: its text and position.
#[derive(Clone, Copy)]
struct Cell<'r> {
    text: &'r str,
    pos: Pos,
    /// File column (0-based), for the header name.
    col: usize,
}

type CellError = (String, Option<String>);

impl Reader {
    fn header_name(&self, file_col: usize) -> &str {
        self.header.names.get(file_col).map_or("?", String::as_str)
    }

    fn error(&self, g: &mut Group, pos: Pos, msg: String, help: Option<String>) {
        g.errors = true;
        g.diags
            .push(Diag::error(&self.file, pos, msg).with_help(help));
    }

    fn warning(&self, g: &mut Group, pos: Pos, msg: String, help: Option<String>) {
        g.diags
            .push(Diag::warning(&self.file, pos, msg).with_help(help));
    }

    /// Converts a cell to a node of the given type; the field decides per-kind details.
    /// `regions` are the codes of the region table, which a region name may be translated to.
    fn convert(
        &self,
        cell: Cell<'_>,
        ty: Ty,
        field: &str,
        kind: Option<&str>,
        regions: &[&'static str],
    ) -> Result<Node, CellError> {
        let raw = cell.text.trim();
        let pos = cell.pos;
        let header = self.header_name(cell.col);
        let str_node = |s: &str| Node::new(pos, Value::Str(s.to_string().into()));
        let enum_check = |value: &str, allowed: &[&'static str]| -> Result<String, CellError> {
            let low = value.trim().to_lowercase();
            let v = self.mapping.translate(&low, |t| allowed.contains(&t));
            if allowed.contains(&v) {
                Ok(v.to_string())
            } else {
                Err((
                    format!("kolom `{header}`: onbekende waarde"),
                    help_for(&low, allowed),
                ))
            }
        };
        match ty {
            Ty::Id | Ty::Text => Ok(str_node(raw)),
            // Checked against the region table when the dossier is converted; here a
            // `[csv.values]` translation applies, and case does not count, as for every other
            // fixed value of a CSV cell: `Utrecht` is the code `utrecht`.
            Ty::Region => {
                let known = |v: &str| regions.contains(&v);
                if known(raw) {
                    return Ok(str_node(raw));
                }
                let low = raw.to_lowercase();
                let code = self.mapping.translate(&low, known);
                if known(code) {
                    return Ok(str_node(code));
                }
                let same = |c: &&&str| c.chars().flat_map(char::to_lowercase).eq(low.chars());
                Ok(str_node(regions.iter().find(same).map_or(raw, |c| *c)))
            }
            Ty::Bool => match self.mapping.boolean(raw) {
                Some(b) => Ok(Node::new(pos, Value::Bool(b))),
                None => Err((
                    format!("kolom `{header}`: geen ja/nee-waarde"),
                    Some(format!(
                        "schrijf {} of {} (instelbaar met `true_values` en `false_values` onder [csv] in vtcheck.toml)",
                        self.mapping
                            .true_values
                            .first()
                            .map_or("ja", String::as_str),
                        self.mapping
                            .false_values
                            .first()
                            .map_or("nee", String::as_str)
                    )),
                )),
            },
            Ty::Int => raw
                .parse::<i64>()
                .map(|i| Node::new(pos, Value::Int(i)))
                .map_err(|_| (format!("kolom `{header}`: geen geheel getal"), None)),
            // The log's own spellings (`DD-MM-JJJJ UU:MM`, Excel's `D-M-JJJJ U:MM`) are read
            // here; the dossier it becomes holds one spelling of the format, which the conversion
            // reads strictly, so two spellings of one date on two rows of a dossier are equal.
            Ty::Date => match parse_stamp_unshown(raw) {
                Ok(stamp) => Ok(str_node(&iso_text(&stamp))),
                Err(e) => Err((
                    format!("kolom `{header}`: {e}"),
                    Some(
                        excel_date_help(raw)
                            .unwrap_or("schrijf DD-MM-JJJJ, DD-MM-JJJJ UU:MM of JJJJ-MM-DD")
                            .into(),
                    ),
                )),
            },
            Ty::Enum(allowed) => {
                let allowed = if field == "over" {
                    kind.and_then(|k| {
                        schema::OVER_PER_KIND
                            .iter()
                            .find(|(ok, _)| *ok == k)
                            .map(|(_, v)| *v)
                    })
                    .unwrap_or(allowed)
                } else {
                    allowed
                };
                enum_check(raw, allowed).map(|v| Node::new(pos, Value::Str(v.into())))
            }
            Ty::EnumList(allowed) => {
                let mut items = Vec::new();
                for part in raw.split(self.mapping.list_separator) {
                    if is_blank(part) {
                        continue;
                    }
                    items.push(Node::new(
                        pos,
                        Value::Str(enum_check(part, allowed)?.into()),
                    ));
                }
                Ok(Node::new(pos, Value::Seq(items)))
            }
            Ty::IdList => Ok(Node::new(
                pos,
                Value::Seq(
                    raw.split(self.mapping.list_separator)
                        .map(str::trim)
                        .filter(|p| !is_blank(p))
                        .map(str_node)
                        .collect(),
                ),
            )),
            Ty::Ratings(allowed) => {
                let mut entries = Vec::new();
                for part in raw.split(self.mapping.list_separator) {
                    if is_blank(part) {
                        continue;
                    }
                    let Some((id, rating)) = part.split_once(['=', ':']) else {
                        return Err((
                            format!(
                                "kolom `{header}`: verwacht voorwaarde=oordeel, bijvoorbeeld V1=nageleefd"
                            ),
                            None,
                        ));
                    };
                    let id = id.trim();
                    if is_blank(id) {
                        return Err((
                            format!("kolom `{header}`: voorwaarde-id ontbreekt vóór '='"),
                            None,
                        ));
                    }
                    let v = enum_check(rating, allowed)?;
                    entries.push((
                        Key {
                            name: id.to_string().into(),
                            pos,
                        },
                        Node::new(pos, Value::Str(v.into())),
                    ));
                }
                Ok(Node::new(pos, Value::Map(entries)))
            }
            // Not used for cells: lists and objects are built from rows.
            Ty::Obj(_) | Ty::List(_) | Ty::Events => Ok(str_node(raw)),
        }
    }

    /// The dossier-level cells of a row: converted on first sight, compared afterwards.
    fn dossier_cells(&self, g: &mut Group, cells: &[Cell<'_>], row: u32, regions: &[&'static str]) {
        for (ci, column) in COLUMNS.iter().enumerate() {
            let (def, field) = match column.target {
                Target::Dossier("id") => continue,
                Target::Dossier(f) => (&schema::DOSSIER, f),
                Target::Melder(f) => (&schema::MELDER, f),
                _ => continue,
            };
            let Some(cell) = self.header.at[ci].and_then(|fc| cells.get(fc)).copied() else {
                continue;
            };
            let raw = cell.text.trim();
            if is_blank(raw) {
                continue;
            }
            let Some(fi) = def.index(field) else { continue };
            let ty = def.fields[fi].ty;
            match &g.dossier[ci] {
                None => {
                    let node = match self.convert(cell, ty, field, None, regions) {
                        Ok(node) => Some(node),
                        Err((msg, help)) => {
                            self.error(g, cell.pos, msg, help);
                            None
                        }
                    };
                    g.dossier[ci] = Some(First {
                        raw: raw.to_string(),
                        node,
                        row,
                        differed: false,
                    });
                }
                Some(first) if first.raw == raw || first.differed => {}
                Some(first) => {
                    let same = self
                        .convert(cell, ty, field, None, regions)
                        .is_ok_and(|n| first.node.as_ref().is_some_and(|f| n.value == f.value));
                    if !same {
                        let first_row = first.row;
                        if let Some(first) = g.dossier[ci].as_mut() {
                            first.differed = true;
                        }
                        self.error(
                            g,
                            cell.pos,
                            format!(
                                "kolom `{}` in rij {row} wijkt af van rij {first_row}: de dossiergegevens zijn op elke rij van een dossier gelijk",
                                self.header_name(cell.col)
                            ),
                            None,
                        );
                    }
                }
            }
        }
    }

    /// The event or item of a row.
    fn row_cells(&self, g: &mut Group, cells: &[Cell<'_>]) {
        let kind_cell = self.header.at[col::GEBEURTENIS]
            .and_then(|fc| cells.get(fc))
            .copied();
        let kind_raw = kind_cell.map_or("", |c| c.text.trim());
        if is_blank(kind_raw) {
            for (ci, column) in COLUMNS.iter().enumerate() {
                if let Target::Row(_) = column.target
                    && let Some(cell) = self.header.at[ci].and_then(|fc| cells.get(fc)).copied()
                    && !is_blank(cell.text)
                {
                    self.warning(
                        g,
                        cell.pos,
                        format!(
                            "kolom `{}` wordt genegeerd: de rij heeft geen `{}`",
                            self.header_name(cell.col),
                            self.header_name(self.header.at[col::GEBEURTENIS].unwrap_or(0))
                        ),
                        None,
                    );
                }
            }
            return;
        }
        let Some(kind_cell) = kind_cell else { return };
        let low = kind_raw.to_lowercase();
        let kind = self.mapping.translate(&low, |t| {
            ITEM_KINDS.iter().any(|(k, _, _)| *k == t)
                || schema::EVENT_FIELDS.iter().any(|(k, _, _)| *k == t)
        });
        if let Some(li) = ITEM_KINDS.iter().position(|(k, _, _)| *k == kind) {
            let (item_kind, _, def) = ITEM_KINDS[li];
            if let Some(node) = self.object(g, cells, kind_cell, def, item_kind, None) {
                g.lists[li].push(node);
            }
            return;
        }
        let Some(&(event_kind, extra, required)) =
            schema::EVENT_FIELDS.iter().find(|(k, _, _)| *k == kind)
        else {
            let mut options: Vec<&str> = schema::EVENT_KINDS.to_vec();
            options.extend(ITEM_KINDS.iter().map(|(k, _, _)| *k));
            self.warning(
                g,
                kind_cell.pos,
                format!(
                    "kolom `{}`: onbekende gebeurtenis; regels negeren deze rij",
                    self.header_name(kind_cell.col),
                ),
                help_for(&low, &options).or(Some(
                    "vertaal eigen namen met [csv.values] in vtcheck.toml".into(),
                )),
            );
            return;
        };
        if let Some(node) = self.object(
            g,
            cells,
            kind_cell,
            &schema::GEBEURTENIS,
            event_kind,
            Some((extra, required)),
        ) {
            g.events.push(node);
        }
    }

    /// Builds an event (`allowed` = its extra and required fields) or an item from the row
    /// cells. Cells the row kind does not use are warnings; cell errors mark the group invalid.
    /// An event row without the value of required column `ci`: located at that cell (at the
    /// event's kind when the file has no such column), saying which of the two it is.
    fn missing_value(&self, g: &mut Group, at: Pos, ci: usize, kind: &str, need: &str) {
        let fc = self.header.at[ci];
        let pos = fc.map_or(at, |fc| Pos {
            col: fc as u32 + 1,
            ..at
        });
        let msg = match fc {
            Some(fc) => format!(
                "kolom `{}` is leeg: een gebeurtenis `{kind}` {need}",
                self.header_name(fc)
            ),
            None => format!(
                "kolom `{}` ontbreekt in de kopregel: een gebeurtenis `{kind}` {need}",
                self.mapping.headers[ci]
            ),
        };
        self.error(g, pos, msg, None);
    }

    fn object(
        &self,
        g: &mut Group,
        cells: &[Cell<'_>],
        kind_cell: Cell<'_>,
        def: &'static ObjDef,
        kind: &'static str,
        allowed: Option<(&'static [&'static str], &'static [&'static str])>,
    ) -> Option<Node> {
        let mut entries: Vec<(Key, Node)> = Vec::new();
        let is_event = allowed.is_some();
        if is_event {
            entries.push((
                Key {
                    name: "soort".into(),
                    pos: kind_cell.pos,
                },
                Node::new(kind_cell.pos, Value::Str(kind.to_string().into())),
            ));
        }
        let mut ok = true;
        let mut have_date = false;
        let mut present: Vec<&'static str> = Vec::new();
        for (ci, column) in COLUMNS.iter().enumerate() {
            let Target::Row(name) = column.target else {
                continue;
            };
            let Some(cell) = self.header.at[ci].and_then(|fc| cells.get(fc)).copied() else {
                continue;
            };
            if is_blank(cell.text) {
                continue;
            }
            let field: &'static str = if !is_event && name == "datum" {
                if kind == "voorwaarde" {
                    "opgesteld"
                } else {
                    name
                }
            } else {
                name
            };
            let usable = match allowed {
                Some((extra, _)) => field == "datum" || extra.contains(&field),
                None => def.index(field).is_some(),
            };
            let Some(fi) = def.index(field).filter(|_| usable) else {
                self.warning(
                    g,
                    cell.pos,
                    format!(
                        "kolom `{}` hoort niet bij een rij `{kind}` en wordt genegeerd",
                        self.header_name(cell.col)
                    ),
                    None,
                );
                continue;
            };
            let ty = if is_event {
                schema::EVENT_TYPE_OVERRIDES
                    .iter()
                    .find(|(k, f, _)| *k == kind && *f == field)
                    .map_or(def.fields[fi].ty, |(_, _, t)| *t)
            } else {
                def.fields[fi].ty
            };
            match self.convert(cell, ty, field, Some(kind), &[]) {
                Ok(node) => {
                    if field == "datum" {
                        have_date = true;
                    }
                    present.push(field);
                    entries.push((
                        Key {
                            name: field.to_string().into(),
                            pos: cell.pos,
                        },
                        node,
                    ));
                }
                Err((msg, help)) => {
                    ok = false;
                    self.error(g, cell.pos, msg, help);
                }
            }
        }
        if let Some((_, required)) = allowed {
            if !have_date && ok {
                self.missing_value(g, kind_cell.pos, col::DATUM, kind, "heeft een datum");
                ok = false;
            }
            for req in required {
                if !present.contains(req) && ok {
                    let ci = COLUMNS
                        .iter()
                        .position(|c| c.target == Target::Row(req))
                        .unwrap_or(0);
                    self.missing_value(g, kind_cell.pos, ci, kind, "heeft die nodig");
                    ok = false;
                }
            }
        }
        ok.then(|| Node::new(kind_cell.pos, Value::Map(entries)))
    }

    /// The finished dossier node.
    fn build(&self, g: &mut Group) -> Node {
        let pos = g.pos;
        let key = |name: &str, pos: Pos| Key {
            name: name.to_string().into(),
            pos,
        };
        let mut entries: Vec<(Key, Node)> = Vec::with_capacity(12);
        entries.push((
            key("formaat", pos),
            Node::new(pos, Value::Str(schema::FORMAT_V1.into())),
        ));
        let id_pos = Pos {
            col: self.header.at[col::DOSSIER].map_or(1, |c| c as u32 + 1),
            ..pos
        };
        entries.push((
            key("id", id_pos),
            Node::new(id_pos, Value::Str(std::mem::take(&mut g.id).into())),
        ));
        let mut melder: Vec<(Key, Node)> = Vec::new();
        let mut melder_pos = None;
        for (ci, column) in COLUMNS.iter().enumerate() {
            let Some(node) = g.dossier[ci].take().and_then(|f| f.node) else {
                continue;
            };
            match column.target {
                Target::Dossier(f) => entries.push((key(f, node.pos), node)),
                Target::Melder(f) => {
                    melder_pos.get_or_insert(node.pos);
                    melder.push((key(f, node.pos), node));
                }
                _ => {}
            }
        }
        if let Some(mp) = melder_pos {
            entries.push((key("melder", mp), Node::new(mp, Value::Map(melder))));
        }
        for (i, (_, list, _)) in ITEM_KINDS.iter().enumerate() {
            let items = std::mem::take(&mut g.lists[i]);
            if let Some(first) = items.first() {
                let p = first.pos;
                entries.push((key(list, p), Node::new(p, Value::Seq(items))));
            }
        }
        let events = std::mem::take(&mut g.events);
        if let Some(first) = events.first() {
            let p = first.pos;
            entries.push((key("gebeurtenissen", p), Node::new(p, Value::Seq(events))));
        }
        Node::new(pos, Value::Map(entries))
    }
}

/// Where a file's dossiers and the errors of its rows that belong to no dossier go: one order
/// for both, the reading order.
struct Out<'a> {
    sink: &'a mut dyn FnMut(Unit),
    on_error: &'a mut dyn FnMut(Diag),
}

/// Reads a CSV event log and hands one [`Unit::Csv`] per dossier to `sink`: its rows, which
/// [`Block::build`] converts (on the pool, where the dossiers are checked). Problems not tied to one
/// dossier (the header, a row without a dossier id, an unreadable file) go to `on_error`.
/// Returns the SHA-256 of the bytes read, `None` when reading stopped on an error.
pub fn read_units(
    reader: Box<dyn Read + '_>,
    file: &Arc<str>,
    mapping: &CsvMapping,
    max_record_bytes: usize,
    sink: &mut dyn FnMut(Unit),
    on_error: &mut dyn FnMut(Diag),
) -> Option<String> {
    read_units_sorting(
        reader,
        file,
        mapping,
        max_record_bytes,
        SORT_BUFFER,
        sink,
        on_error,
    )
}

/// The error of a file that cannot be read (any more): about the whole file, in Dutch.
fn unreadable(file: &Arc<str>, e: &io::Error) -> Diag {
    Diag::error(
        file,
        Pos::default(),
        format!("kan niet gelezen worden: {e}", e = crate::diag::io_nl(e)),
    )
}

/// [`read_units`] with `sort_buffer` bytes of rows held before sorted rows spill, and watched
/// for a returning dossier without `sort_rows`.
fn read_units_sorting(
    reader: Box<dyn Read + '_>,
    file: &Arc<str>,
    mapping: &CsvMapping,
    max_record_bytes: usize,
    sort_buffer: usize,
    sink: &mut dyn FnMut(Unit),
    on_error: &mut dyn FnMut(Diag),
) -> Option<String> {
    // The fields are public: a hand-built mapping gets one header per column.
    let fixed;
    let mapping = if mapping.headers.len() == COLUMNS.len() {
        mapping
    } else {
        let mut m = mapping.clone();
        m.headers.truncate(COLUMNS.len());
        for c in &COLUMNS[m.headers.len()..] {
            m.headers.push(c.key.to_string());
        }
        fixed = m;
        &fixed
    };
    // Excel's first line `sep=X` names the file's separator; it is known before the quotes are
    // followed, which depend on it.
    let mut reader = reader;
    let mut head = [0u8; 16];
    let mut n = 0;
    while n < head.len() {
        match reader.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => {
                on_error(unreadable(file, &e));
                return None;
            }
        }
    }
    let sep = sep_line(&head[..n]);
    let sep_mapping;
    let (mapping, sep_error) = match sep {
        Some(c) if c as u32 == u32::from(mapping.delimiter) => (mapping, None),
        Some(c) if mapping.delimiter_configured => (
            mapping,
            Some(format!(
                "de eerste regel `sep={}` noemt een ander scheidingsteken dan `delimiter` in vtcheck.toml (`{}`); het bestand kan niet gelezen worden",
                c.escape_default(),
                (mapping.delimiter as char).escape_default()
            )),
        ),
        Some(c) if !c.is_ascii() || c == '"' => (
            mapping,
            Some(format!(
                "de eerste regel `sep={}` noemt een scheidingsteken dat vtcheck niet kan gebruiken (één ASCII-teken, geen aanhalingsteken); het bestand kan niet gelezen worden",
                c.escape_default()
            )),
        ),
        Some(c) => {
            sep_mapping = CsvMapping {
                delimiter: c as u8,
                ..mapping.clone()
            };
            (&sep_mapping, None)
        }
        None => (mapping, None),
    };
    // The `sep=` line is no row: Excel does not show it, and the header stays row 1.
    let hidden = u32::from(sep.is_some());
    let reader = io::Cursor::new(head[..n].to_vec()).chain(reader);
    let tap = Tap::new(reader, max_record_bytes as u64 + SLACK, mapping.delimiter);
    let mut buffered = BufReader::with_capacity(64 * 1024, tap);
    let bom = match buffered.fill_buf() {
        Ok(b) if b.starts_with(b"\xEF\xBB\xBF") => 3,
        Ok(_) => 0,
        Err(e) => {
            on_error(unreadable(file, &e));
            return None;
        }
    };
    buffered.consume(bom);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(mapping.delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(buffered);
    let mut rec = csv::ByteRecord::new();
    let too_long = format!(
        "rij te lang: meer dan {} MB",
        max_record_bytes / (1024 * 1024)
    );
    let fatal = |e: csv::Error, row: u32| {
        let why = match e.kind() {
            csv::ErrorKind::Io(io) => crate::diag::io_nl(io),
            _ => e.to_string(),
        };
        let msg = format!("leesfout: {why}; het lezen van dit bestand stopt hier");
        Diag::error(file, Pos::new(row, 1, 0), msg)
    };
    // Rows are counted as a spreadsheet shows them: the lines that ended outside quoted fields
    // before a record's last byte (its line end, or the end of the file) are the rows before
    // it, empty lines included (the csv reader skips those, before the header as well). Read
    // that way, the rows of a record the reader has just read do not depend on what ends its
    // lines (`\r\n`, `\n`, `\r`, mixed). Lines of a cell an unclosed quote swallowed are rows
    // too (`swallowed`), as in the file once the quote is closed.
    let mut swallowed: u32 = 0;
    if let Some(msg) = sep_error {
        on_error(
            Diag::error(file, Pos::new(1, 5, bom as u32 + 4), msg).with_help(Some(
                "haal de regel `sep=` weg, of zet `delimiter` onder [csv] in vtcheck.toml op het scheidingsteken van het bestand".into(),
            )),
        );
        return finish_hash(rdr);
    }
    if sep.is_some() {
        // The `sep=` line, read as a record so that its line end is counted like any other.
        if let Err(e) = rdr.read_byte_record(&mut rec) {
            on_error(fatal(e, 1));
            return None;
        }
    }
    // The header: the first row with anything in it. Rows of empty cells above it (the
    // `;;;` lines of an empty spreadsheet row, or cells of only characters a reader does not
    // see) carry nothing, as below it; the rows are still counted, and each may be as long as
    // a row below the header. A row too long to hold or with a quote still open at the end of
    // the file is left to the header's own errors.
    let mut above: u32 = 0;
    let first = loop {
        rdr.get_mut().get_mut().allow_one_record(max_record_bytes);
        let got = rdr.read_byte_record(&mut rec);
        let tap = rdr.get_ref().get_ref();
        let end = rdr.position().byte();
        let start = rec.position().map_or(end, |p| p.byte());
        let blank = matches!(got, Ok(true))
            && !tap.exceeded
            && end.saturating_sub(start) <= max_record_bytes as u64
            && !tap.open_at_end(end.saturating_add(bom as u64))
            && rec.iter().all(is_blank_bytes);
        if !blank {
            break got;
        }
        above = row_of(&mut rdr, bom, 0).saturating_sub(hidden);
    };
    match first {
        Ok(true) => {}
        Ok(false) => {
            on_error(super::source::empty_file(
                file,
                "leeg bestand: geen kopregel en geen dossier gevonden",
            ));
            return finish_hash(rdr);
        }
        Err(e) => {
            on_error(fatal(e, above + 1));
            return None;
        }
    }
    let header_row = row_of(&mut rdr, bom, 0).saturating_sub(hidden);
    let header_start = rec.position().map_or(0, |p| p.byte());
    let header_bytes = rdr.position().byte().saturating_sub(header_start);
    let header_offset = file_offset(header_start, bom, 0);
    if rdr.get_ref().get_ref().exceeded || header_bytes > max_record_bytes as u64 {
        on_error(Diag::error(
            file,
            Pos::new(header_row, 1, header_offset),
            format!("kopregel te lang: {too_long}; het bestand kan niet gelezen worden"),
        ));
        return finish_hash(rdr);
    }
    let open = rdr
        .get_ref()
        .get_ref()
        .open_at_end(rdr.position().byte().saturating_add(bom as u64));
    let header = match resolve_header(
        &rec,
        file,
        mapping,
        header_row,
        header_offset,
        open,
        on_error,
    ) {
        Some(h) => h,
        None => return finish_hash(rdr),
    };
    let reader = Arc::new(Reader {
        file: file.clone(),
        mapping: mapping.clone(),
        header,
    });
    let mut keep = vec![Keep::Never; reader.header.names.len()];
    for (ci, fc) in reader.header.at.iter().enumerate() {
        if let Some(k) = fc.and_then(|fc| keep.get_mut(fc)) {
            *k = match COLUMNS[ci].target {
                Target::Dossier(_) | Target::Melder(_) => Keep::Changed,
                Target::Kind | Target::Row(_) => Keep::Always,
            };
        }
    }
    let mut blocks = Blocks {
        id_col: reader.header.at[col::DOSSIER].unwrap_or(0),
        width: reader.header.names.len(),
        keep,
        reader,
        block: None,
        pending: Vec::new(),
        emitted: 0,
    };
    // Columns whose header cell is empty: ignored, but said once a cell of one holds a value.
    let mut unnamed: Vec<usize> = (blocks.reader.header.names.iter().enumerate())
        .filter(|(_, n)| is_blank(n))
        .map(|(i, _)| i)
        .collect();
    let mut order = match mapping.sort_rows {
        Some(false) => RowOrder::Stream,
        Some(true) => RowOrder::Sort(RowSorter::new(sort_buffer)),
        None => RowOrder::Probe(Probe {
            sorter: RowSorter::new(sort_buffer),
            closed: std::collections::HashSet::new(),
            current: None,
            held: Vec::new(),
        }),
    };
    let mut out = Out { sink, on_error };
    let mut row: u32 = header_row;
    let mut stopped: Option<Diag> = None;
    // Whether any row after the header held something: a file whose rows were all errors (a
    // row without a dossier id, an over-long row) is no file with only a header.
    let mut any_row = false;
    // The last row read, when it had fewer fields than the header (row, offset, fields): if
    // the file ends right after it without a line end, it was probably cut off.
    let mut short_last: Option<(u32, u32, usize)> = None;
    loop {
        let tap = rdr.get_mut().get_mut();
        tap.allow_one_record(max_record_bytes);
        // Bytes drained from earlier rows are not in the reader's count of bytes.
        let dropped = tap.dropped;
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => {
                let last = rdr.get_ref().get_ref().quotes.prev;
                if let Some((row, offset, n)) = short_last
                    && !matches!(last, b'\n' | b'\r')
                {
                    let d = Diag::warning(
                        file,
                        Pos::new(row, n as u32, offset),
                        format!(
                            "de laatste rij heeft {n} velden, de kopregel {}, en het bestand eindigt zonder regeleinde: is het afgebroken? De ontbrekende velden zijn als leeg gelezen",
                            blocks.width
                        ),
                    )
                    .with_help(Some(
                        "vergelijk het bestand met de export; een volledige export eindigt met een regeleinde".into(),
                    ));
                    warn_in_order(&mut order, &mut blocks, d, &mut out);
                }
                break;
            }
            Err(e) => {
                stopped = Some(fatal(e, row + 1));
                break;
            }
        }
        short_last = None;
        row = row_of(&mut rdr, bom, swallowed).saturating_sub(hidden);
        let drained = std::mem::take(&mut rdr.get_mut().get_mut().exceeded);
        let offset = rec
            .position()
            .map_or(0, |p| file_offset(p.byte(), bom, dropped));
        let read = rdr.position().byte();
        // The tap drains a record only once it runs past the read-ahead allowance (the limit
        // plus `SLACK`); one that fitted in that allowance but not in the limit is too long all
        // the same, so the limit is the documented one to the byte.
        let start = rec.position().map_or(read, |p| p.byte());
        let drained = drained || read.saturating_sub(start) > max_record_bytes as u64;
        if drained {
            any_row = true;
            // Skipped, like an over-long line of JSON Lines; the rows after it are read on. Its
            // dossier is unknown: an error of no dossier, in reading order.
            let msg = format!(
                "{too_long}; deze rij is overgeslagen (het dossier wordt zonder deze rij gecontroleerd)"
            );
            let note = notice(1, &msg, None);
            if let Err(e) = no_dossier(&mut order, &mut blocks, &note, row, offset, read, &mut out)
            {
                stopped = Some(temp_file_error(file, row, &e));
                break;
            }
            continue;
        }
        // Fully empty rows (trailing `;;;;` lines) carry nothing, nor do rows of cells with
        // only characters a reader does not see.
        if rec.iter().all(is_blank_bytes) {
            continue;
        }
        any_row = true;
        let at_end = rdr
            .get_ref()
            .get_ref()
            .open_at_end(read.saturating_add(bom as u64));
        let spans = at_end || rec.iter().any(|f| f.contains(&b'\n'));
        if spans && let Some(sw) = Swallowed::of(&rec, &blocks, at_end) {
            // A quote not closed: the lines it swallowed are rows again (counted as rows, as
            // in the file once the quote is closed), the two it broke are reported.
            let lines = sw.lines.len() as u32 - 1;
            let result = sw.hand_on(
                &mut blocks,
                row,
                offset,
                &mut |b, id, rec, at, off, notice| {
                    dispatch(&mut order, b, id, rec, at, off, notice, read, &mut out)
                },
            );
            if let Err(e) = result {
                stopped = Some(temp_file_error(file, row, &e));
                break;
            }
            swallowed = swallowed.saturating_add(lines);
            continue;
        }
        // A closed cell in a row of the header's width stays one cell (a correct file is never
        // split), but a line in it that looks like a row may be rows that a stray quote, closed
        // again further down the same column, swallowed: said, so that they are not lost in
        // silence.
        if spans
            && !at_end
            && rec.len() == blocks.width
            && let Some((col, line)) = blocks.row_like_line(&rec)
        {
            let name = blocks.reader.header_name(col).to_string();
            let d = Diag::warning(
                file,
                Pos::new(row, col as u32 + 1, offset),
                format!(
                    "de cel in kolom `{name}` loopt over meer regels, en regel {line} ervan lijkt een rij van dit bestand (zoveel velden als de kopregel, en in de kolom van het dossiernummer een code); die regels worden als tekst van de cel gelezen, niet als rijen"
                ),
            )
            .with_help(Some(
                "staat er een aanhalingsteken te veel (een cel die met `\"` begint maar niet zo eindigt)? Verdubbel het (`\"\"`) of haal het weg, en vergelijk het aantal gelezen dossiers met de export".into(),
            ));
            warn_in_order(&mut order, &mut blocks, d, &mut out);
        }
        // A row that differs from the header only in empty fields at its end is read at the
        // header's width; not one whose cell over several lines holds the separator on a later
        // line, which is what a quote that was not closed looks like: it swallowed rows.
        short_last = (rec.len() < blocks.width).then_some((row, offset, rec.len()));
        let beyond = if rec.len() != blocks.width
            && !(spans && continues_with_fields(&rec, mapping.delimiter))
        {
            blocks.fit(&mut rec)
        } else {
            None
        };
        let Some(id) = blocks.id(&rec) else {
            // An error of no dossier, in reading order.
            let note = blocks.no_id();
            if let Err(e) = no_dossier(&mut order, &mut blocks, &note, row, offset, read, &mut out)
            {
                stopped = Some(temp_file_error(file, row, &e));
                break;
            }
            continue;
        };
        // A row of the wrong width with a cell over several lines that do not read as rows:
        // the error says how many lines of the file it took.
        let spanning = (rec.len() != blocks.width)
            .then(|| rec.iter().position(|f| f.contains(&b'\n')))
            .flatten();
        if let Some(k) = spanning {
            let lines = rec[k].iter().filter(|b| **b == b'\n').count() + 1;
            let msg = format!(
                "rij heeft {} velden, de kopregel {}; deze rij wordt niet gelezen",
                rec.len(),
                blocks.width
            );
            let help = format!(
                "de cel in kolom `{}` loopt over {lines} regels van het bestand: staat daar een aanhalingsteken dat niet gesloten wordt, dan zijn al die regels als deze ene rij gelezen en niet gecontroleerd",
                blocks.reader.header_name(k)
            );
            let note = notice(k + 1, &msg, Some(&help));
            if let Err(e) = dispatch(
                &mut order,
                &mut blocks,
                id,
                &note,
                row,
                offset,
                true,
                read,
                &mut out,
            ) {
                stopped = Some(temp_file_error(file, row, &e));
                break;
            }
            continue;
        }
        let (rec, notice) = match &beyond {
            Some(note) => (note, true),
            None => (&rec, false),
        };
        // A value in a column without a name is not read: a header cell cleared by mistake
        // (`acuut`) would otherwise change verdicts without a word.
        if !notice && !unnamed.is_empty() {
            // Said once per column: a column is dropped from the list once it is.
            unnamed.retain(|&fc| {
                if rec.get(fc).is_none_or(is_blank_bytes) {
                    return true;
                }
                let d = Diag::warning(
                    file,
                    Pos::new(row, fc as u32 + 1, offset),
                    format!(
                        "kolom {} heeft geen naam in de kopregel maar wel waarden; die worden niet gelezen",
                        fc + 1
                    ),
                )
                .with_help(Some(
                    "geef de kolom in de kopregel de naam van zijn veld (zie docs/csv.md), of een naam die met `x_` begint als hij niet gelezen hoeft te worden".into(),
                ));
                warn_in_order(&mut order, &mut blocks, d, &mut out);
                false
            });
        }
        if let Err(e) = dispatch(
            &mut order,
            &mut blocks,
            id,
            rec,
            row,
            offset,
            notice,
            read,
            &mut out,
        ) {
            stopped = Some(temp_file_error(file, row, &e));
            break;
        }
    }
    match order {
        // Rows in file order: when reading stopped, what was read is checked, as when
        // streaming (only the last dossier can miss rows, and its block is checked as read).
        RowOrder::Probe(probe) => {
            replay_in_file_order(probe.sorter, probe.held, &mut blocks, &mut out)
        }
        RowOrder::Stream => {}
        // A sorted file cut short misses rows of almost every dossier, not just the last:
        // checking those pieces would report violations that are not there.
        RowOrder::Sort(_) if stopped.is_some() => {
            if let Some(d) = &mut stopped {
                d.message.push_str(
                    "; omdat de rijen gesorteerd werden, is geen dossier uit dit bestand gecontroleerd (van bijna elk zouden rijen ontbreken)",
                );
            }
        }
        RowOrder::Sort(sorter) => {
            if let Err(e) = replay_sorted(sorter, &mut blocks, &mut out) {
                // The dossiers handed on were whole (a dossier's rows come together in the
                // merge); the one being read when it failed is not.
                blocks.block = None;
                stopped = Some(temp_file_error(file, row, &e));
            }
        }
    }
    blocks.flush(&mut out);
    if let Some(d) = stopped {
        (out.on_error)(d);
        return None;
    }
    if blocks.emitted == 0 && !any_row {
        (out.on_error)(super::source::empty_file(
            file,
            "geen dossier gevonden: het bestand heeft alleen een kopregel",
        ));
    }
    finish_hash(rdr)
}

/// The separator Excel's first line `sep=X` names (after a byte order mark; `sep` in any case),
/// from the first bytes of a file: `X` is one character, followed by a line end or the end of
/// the file.
fn sep_line(head: &[u8]) -> Option<char> {
    let b = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let rest = b
        .get(..4)
        .filter(|p| p.eq_ignore_ascii_case(b"sep="))
        .and(b.get(4..))?;
    let len = match rest.first()? {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    let c = std::str::from_utf8(rest.get(..len)?).ok()?.chars().next()?;
    let ends = matches!(rest.get(len), None | Some(b'\r' | b'\n'));
    (ends && !matches!(c, '\r' | '\n')).then_some(c)
}

/// The row, as a spreadsheet counts it, of the record `rdr` has just read: one more than the
/// lines that ended outside quoted fields before its last byte (the csv parser stops right
/// after the first byte of a record's line end), plus `swallowed`, the lines of cells an
/// unclosed quote swallowed before it. `bom` is the length of the byte order mark the parser
/// did not see.
fn row_of<R: Read>(rdr: &mut csv::Reader<BufReader<Tap<R>>>, bom: usize, swallowed: u32) -> u32 {
    let last = rdr
        .position()
        .byte()
        .saturating_add(bom as u64)
        .saturating_sub(1);
    let before = rdr.get_mut().get_mut().quotes.line_ends_before(last);
    u32::try_from(before)
        .unwrap_or(u32::MAX)
        .saturating_add(1)
        .saturating_add(swallowed)
}

/// [`dispatch`] for the error row of no dossier (no id, too long to read), in reading order.
fn no_dossier(
    order: &mut RowOrder,
    blocks: &mut Blocks,
    note: &csv::ByteRecord,
    row: u32,
    offset: u32,
    read: u64,
    out: &mut Out<'_>,
) -> io::Result<()> {
    dispatch(order, blocks, b"", note, row, offset, true, read, out)
}

/// The file offset of a record the csv parser read from `byte`: where its record starts (on the
/// line ends before it, after a `sep=` line or empty lines), with the byte order mark and the
/// bytes drained from over-long rows (`dropped`) counted back in; `u32::MAX` past 4 GiB.
fn file_offset(byte: u64, bom: usize, dropped: u64) -> u32 {
    byte.saturating_add(bom as u64 + dropped)
        .min(u64::from(u32::MAX)) as u32
}

/// Hands on a warning the reader thread made about a row: streaming, after the dossier being
/// read (in reading order); probing, with the held rows, as they go out (rev54 F4: a warning
/// about row 4 came before those of row 2's dossier); sorting, at once, before every dossier,
/// as the errors of rows of no dossier go.
fn warn_in_order(order: &mut RowOrder, blocks: &mut Blocks, d: Diag, out: &mut Out<'_>) {
    match order {
        RowOrder::Stream => blocks.in_order(d, out),
        // Bounded by the probe's own size (8 MiB of rows, a few warnings a row at most).
        RowOrder::Probe(p) => p.held.push(d),
        _ => (out.on_error)(d),
    }
}

/// Hands one row (or a [notice](Blocks::row)) of dossier `id` on as `order` says; `read` is
/// how far the file has been read. An error when a temporary file for sorting fails.
#[allow(clippy::too_many_arguments)]
fn dispatch(
    order: &mut RowOrder,
    blocks: &mut Blocks,
    id: &[u8],
    rec: &csv::ByteRecord,
    row: u32,
    offset: u32,
    notice: bool,
    read: u64,
    out: &mut Out<'_>,
) -> io::Result<()> {
    match order {
        RowOrder::Stream => blocks.row(id, rec, row, offset, notice, out),
        // A row of no dossier (an empty `id`) comes before every dossier of a sorted file,
        // which are handed on once the file is read: its error goes out now.
        RowOrder::Sort(_) if id.is_empty() => blocks.row(id, rec, row, offset, notice, out),
        RowOrder::Sort(sorter) => {
            sorter.push(id, rec, row, offset, notice);
            sorter.spill_if_full()?;
        }
        RowOrder::Probe(probe) => {
            probe.sorter.push(id, rec, row, offset, notice);
            if !id.is_empty() && probe.returns(id) {
                let mut sorter = std::mem::replace(&mut probe.sorter, RowSorter::new(0));
                // The rows of no dossier held so far, in file order, before every dossier.
                let mut record = csv::ByteRecord::new();
                sorter.take_orphans(|row, offset, fields| {
                    record.clear();
                    for f in fields {
                        record.push_field(f);
                    }
                    blocks.row(b"", &record, row, offset, true, out);
                })?;
                for d in probe.held.drain(..) {
                    (out.on_error)(d);
                }
                *order = RowOrder::Sort(sorter);
            } else if read >= (probe.sorter.limit / 4) as u64 || probe.sorter.is_full() {
                // Together per dossier so far: the buffer in file order, then stream.
                let sorter = std::mem::replace(&mut probe.sorter, RowSorter::new(0));
                let held = std::mem::take(&mut probe.held);
                *order = RowOrder::Stream;
                replay_in_file_order(sorter, held, blocks, out);
            }
        }
    }
    Ok(())
}

/// A record with a quoted cell over several lines, cut back into the lines it was read from,
/// when that cell is most likely a quote that was not closed: the cell then runs on, over the
/// line ends and the rows below, up to the next quote in the file (or its end). The lines
/// strictly between hold no quote (it would have ended the cell) but doubled ones, so they come
/// back exactly; the first line (with the quote not closed) and the last (with the quote that
/// ended the cell) cannot be read with certainty and are reported. A cell still open at the end
/// of the file has no such last line: its lines all come back.
struct Swallowed {
    /// The file column (0-based) of the cell that spans lines.
    col: usize,
    /// The lines, each as its cells.
    lines: Vec<Vec<Vec<u8>>>,
    /// Each line's byte offset from the record's.
    starts: Vec<u32>,
    /// How many cells of the last line stand before the quote that ended the cell: those were
    /// read as written (the line's dossier id among them, as a rule).
    last_own: usize,
    /// The text of the last line's cell that quote fell in, when the quote opened that cell
    /// and the cell was closed at its end: written `"B"`, read `B"` (see [`Swallowed::of`]).
    last_quoted: Option<Vec<u8>>,
    /// The cell was still open at the end of the file: no quote closed it, and its last line
    /// is a line like the others.
    at_end: bool,
    /// The lines after the first are read as rows: some look like rows (see
    /// [`Swallowed::of`]). Else (only for a cell open at the end) they are text of the cell.
    reread: bool,
}

impl Swallowed {
    /// `rec` cut into lines, when an unclosed quote explains it (else `None`: a row that merely
    /// holds a cell with line breaks). It does when
    /// - the cell was still open at the end of the file (`at_end`: it is the last cell of `rec`;
    ///   always an error, with its lines read as rows only when one of the next two holds);
    /// - or a line of the cell after its first looks like a row of this file
    ///   ([`Blocks::looks_like_row`]), when the cell is open at the end or `rec` is not as wide
    ///   as the header (a closed cell in a record of the header's width is text, whatever its
    ///   lines look like: a correct file is never split);
    /// - or `rec` is not as wide as the header and every line between the first and the last is
    ///   empty or has the header's number of cells, and one of them or the last has.
    fn of(rec: &csv::ByteRecord, blocks: &Blocks, at_end: bool) -> Option<Swallowed> {
        let (width, delimiter) = (blocks.width, blocks.reader.mapping.delimiter);
        // A closed cell in a record of the header's width is text (see above): no need to cut
        // its lines, however many.
        if !at_end && rec.len() == width {
            return None;
        }
        let col = if at_end {
            rec.len().checked_sub(1)?
        } else {
            rec.iter().position(|f| f.contains(&b'\n'))?
        };
        let segments: Vec<&[u8]> = rec[col].split(|b| *b == b'\n').collect();
        let m = segments.len() - 1;
        let mut lines = Vec::with_capacity(m + 1);
        let mut starts = Vec::with_capacity(m + 1);
        let mut split = LineCells::new(delimiter);
        let mut first: Vec<Vec<u8>> = rec.iter().take(col).map(<[u8]>::to_vec).collect();
        first.extend(split.cells(segments[0]));
        lines.push(first);
        starts.push(0);
        // Where the cell's text begins: the cells before it, their separators and the quote.
        let mut at = rec.iter().take(col).map(|f| f.len() + 1).sum::<usize>() + 1;
        let mut last_own = 0;
        for seg in &segments[1..] {
            at += segments[lines.len() - 1].len() + 1;
            let cells = split.cells(seg);
            last_own = cells.len();
            lines.push(cells);
            starts.push(u32::try_from(at).unwrap_or(u32::MAX));
        }
        // The cell that quote fell in reads as the runaway text before the quote, then what
        // followed the quote as written. When the quote opened the cell (`"B";`), the quote that
        // closed it comes through as text: `B"`, which as a dossier id names no dossier.
        let last_quoted = (!at_end)
            .then(|| segments[m].rsplit(|b| *b == delimiter).next())
            .flatten()
            .and_then(|c| c.strip_suffix(b"\""))
            .filter(|text| !text.contains(&b'"'))
            .map(<[u8]>::to_vec);
        if let Some(last) = lines.last_mut() {
            last.extend(rec.iter().skip(col + 1).map(<[u8]>::to_vec));
        }
        let middle = &lines[1..m.max(1)];
        let blank = |l: &Vec<Vec<u8>>| l.iter().all(|f| f.iter().all(u8::is_ascii_whitespace));
        let fits = |l: &Vec<Vec<u8>>| l.len() == width;
        // Only where the record itself is suspect: a closed cell of the header's width may hold
        // a note with a line like `Jansen;school;huisarts;moeder`, which must stay text (read
        // as a row, the surname would be a dossier id and the real row would be lost).
        let row_like =
            (at_end || rec.len() != width) && lines[1..].iter().any(|l| blocks.looks_like_row(l));
        let narrow = rec.len() != width
            && m > 0
            && middle.iter().all(|l| blank(l) || fits(l))
            && (middle.iter().any(|l| !blank(l)) || fits(&lines[m]));
        let reread = row_like || narrow;
        (reread || at_end).then_some(Swallowed {
            col,
            lines,
            starts,
            last_own,
            last_quoted,
            at_end,
            reread,
        })
    }

    /// Hands the lines on through `each(blocks, id, record, row, offset, notice)`: the lines
    /// between as rows, the first and the last as notices for their dossiers (or, with an empty
    /// `id`, as errors of no dossier when theirs cannot be told). `row` is the first line's row.
    /// A cell open at the end of the file has no last line to report: its lines after the first
    /// are rows (when [`Swallowed::reread`]) or text of the cell, which the first line's notice
    /// counts.
    #[allow(clippy::type_complexity)]
    fn hand_on(
        self,
        blocks: &mut Blocks,
        row: u32,
        offset: u32,
        each: &mut dyn FnMut(
            &mut Blocks,
            &[u8],
            &csv::ByteRecord,
            u32,
            u32,
            bool,
        ) -> io::Result<()>,
    ) -> io::Result<()> {
        let m = self.lines.len() - 1;
        let last_row = row.saturating_add(m as u32);
        let name = blocks.reader.header_name(self.col).to_string();
        let id_col = blocks.id_col;
        let width = blocks.width;
        let blank = |l: &Vec<Vec<u8>>| l.iter().all(|f| f.iter().all(u8::is_ascii_whitespace));
        // The rows read again: those between the first and the last line; at the end of the
        // file, up to the last line that is not empty.
        let last_read = if self.at_end {
            let k = self.lines.iter().rposition(|l| !blank(l)).unwrap_or(0);
            row.saturating_add(k as u32)
        } else {
            last_row.saturating_sub(1)
        };
        let place = if self.at_end { "erna" } else { "ertussen" };
        let between = match (last_read.saturating_sub(row), self.reread) {
            (0, _) => String::new(),
            (1, false) => format!(
                "; regel {} erna is als tekst van deze cel gelezen en niet gecontroleerd",
                row + 1
            ),
            (_, false) => format!(
                "; de regels {} t/m {last_read} erna zijn als tekst van deze cel gelezen en niet gecontroleerd",
                row + 1
            ),
            (1, true) => format!("; rij {} {place} is gewoon gelezen", row + 1),
            (_, true) => format!(
                "; de rijen {} t/m {last_read} {place} zijn gewoon gelezen",
                row + 1
            ),
        };
        // An empty last line: the file ended inside the cell (its last line end was in it).
        let until = if self.at_end || blank(&self.lines[m]) {
            "het eind van het bestand".to_string()
        } else {
            format!("in rij {last_row}")
        };
        let opened = (
            format!(
                "aanhalingsteken in kolom `{name}` wordt niet gesloten: de cel loopt door tot {until}; deze rij wordt niet gelezen"
            ),
            format!(
                "sluit het aanhalingsteken, of schrijf een aanhalingsteken in tekst dubbel (`\"\"`){between}"
            ),
        );
        let closed = (
            format!(
                "deze rij wordt niet gelezen: een aanhalingsteken erin sloot de cel in kolom `{name}` die in rij {row} niet gesloten werd"
            ),
            format!("sluit het aanhalingsteken in rij {row}"),
        );
        for (i, cells) in self.lines.iter().enumerate() {
            let at = row.saturating_add(i as u32);
            let off = offset.saturating_add(self.starts[i]);
            if blank(cells) || (i > 0 && !self.reread) {
                continue;
            }
            // When the quote that ended the runaway cell opened the last line's id cell, the id
            // is what stood between that quote and the one that closed it.
            let opened_id = (i == m && !self.at_end && id_col + 1 == self.last_own)
                .then_some(self.last_quoted.as_deref())
                .flatten();
            let id = opened_id
                .or_else(|| cells.get(id_col).map(Vec::as_slice))
                .map_or(&b""[..], trimmed_id);
            let (text, col) = match i {
                0 => (&opened, self.col + 1),
                _ if i == m && !self.at_end => (&closed, 1),
                _ => {
                    let mut rec = csv::ByteRecord::new();
                    for f in cells {
                        rec.push_field(f);
                    }
                    let beyond = blocks.fit(&mut rec);
                    match blocks.id(&rec).map(<[u8]>::to_vec) {
                        Some(id) => match &beyond {
                            Some(note) => each(blocks, &id, note, at, off, true)?,
                            None => each(blocks, &id, &rec, at, off, false)?,
                        },
                        None => {
                            let note = blocks.no_id();
                            each(blocks, b"", &note, at, off, true)?;
                        }
                    }
                    continue;
                }
            };
            // The last line's dossier is known when the line has the header's width, or when
            // its id cell stands before the quote that ended the cell (read as written; the
            // usual case: that quote opened a later cell of the line), or when that quote
            // opened the id cell and closed it right before a separator (`"B";`). A cell open at
            // the end of the file has no such last line: with one line (`m == 0`) that line is
            // the first. The first line's dossier is known when its id cell stands before the
            // open quote (read as written); else the id would be runaway text, a name perhaps.
            let unknown = (i == 0 && id_col >= self.col)
                || (i == m
                    && !self.at_end
                    && cells.len() != width
                    && id_col + 1 >= self.last_own
                    && opened_id.is_none());
            // An empty id: an error of no dossier.
            let id = if unknown { Vec::new() } else { id.to_vec() };
            each(
                blocks,
                &id,
                &notice(col, &text.0, Some(&text.1)),
                at,
                off,
                true,
            )?;
        }
        Ok(())
    }
}

/// The help for a date cell in one of the two forms an Excel re-save leaves most often: a date
/// serial (`45323`, with a time `45323,5417`: the cell is formatted as a number; five digits
/// from 10000, 1927, up to 73050, 31-12-2099) and a two-digit year (`1-2-24`, also with a time:
/// Excel's short date `d-m-jj`). Neither names the cell.
fn excel_date_help(raw: &str) -> Option<&'static str> {
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let (whole, fraction) = raw.split_once([',', '.']).unwrap_or((raw, "0"));
    if digits(whole, 5..=5)
        && digits(fraction, 1..=15)
        && whole
            .parse::<u32>()
            .is_ok_and(|n| (10_000..=73_050).contains(&n))
    {
        return Some(
            "dit lijkt een datum die Excel als getal toont: de cel is als getal opgemaakt; maak \
             de kolom in Excel op als datum `DD-MM-JJJJ` en sla het bestand opnieuw op",
        );
    }
    let date = raw.split_once(' ').map_or(raw, |(d, _)| d);
    let parts: Vec<&str> = date.split('-').collect();
    if let [d, m, y] = parts[..]
        && digits(d, 1..=2)
        && digits(m, 1..=2)
        && digits(y, 2..=2)
    {
        return Some(
            "het jaar heeft twee cijfers (de korte datumnotatie van Excel); schrijf het jaar met \
             vier cijfers: `DD-MM-JJJJ`, in Excel door de kolom zo op te maken",
        );
    }
    None
}

/// Whether a cell of `rec` over several lines has the separator on a line after its first: the
/// lines of rows that a quote not closed swallowed do (a file has at least two columns), text
/// with line breaks rarely.
fn continues_with_fields(rec: &csv::ByteRecord, delimiter: u8) -> bool {
    rec.iter().any(|f| {
        f.iter()
            .position(|b| *b == b'\n')
            .is_some_and(|i| f[i..].contains(&delimiter))
    })
}

/// Splits the lines that stood inside a quoted cell into their cells, as a row of the file
/// would be split: a quote there was written doubled. One parser serves every line (building
/// a CSV reader per line cost 30 µs: a cell of a million line breaks took minutes).
struct LineCells {
    delimiter: u8,
    /// Built at the first line with a quote: building it costs what splitting thousands of
    /// quote-free lines does, and most cells over several lines have none.
    core: Option<csv_core::Reader>,
    out: Vec<u8>,
    ends: Vec<usize>,
    raw: Vec<u8>,
}

impl LineCells {
    fn new(delimiter: u8) -> Self {
        LineCells {
            delimiter,
            core: None,
            out: Vec::new(),
            ends: Vec::new(),
            raw: Vec::new(),
        }
    }

    /// The cells of `line` (without its line end), as `csv::Reader` reads its first record:
    /// one empty cell for a line with none.
    fn cells(&mut self, line: &[u8]) -> Vec<Vec<u8>> {
        use csv_core::ReadRecordResult as R;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if !line.contains(&b'"') {
            // No quote: the parser would only split on the separator, after skipping line ends
            // at the start, up to the next line end (a `\r` inside the line).
            let start = line.iter().position(|b| *b != b'\r').unwrap_or(line.len());
            let line = line[start..]
                .split(|b| *b == b'\r')
                .next()
                .unwrap_or_default();
            return line
                .split(|b| *b == self.delimiter)
                .map(<[u8]>::to_vec)
                .collect();
        }
        self.raw.clear();
        for &b in line {
            if b == b'"' {
                self.raw.push(b'"');
            }
            self.raw.push(b);
        }
        // Unquoting only shortens: the output and the field ends fit in the input's size.
        self.out.resize(self.raw.len() + 1, 0);
        self.ends.resize(self.raw.len() + 2, 0);
        let delimiter = self.delimiter;
        let core = self
            .core
            .get_or_insert_with(|| csv_core::ReaderBuilder::new().delimiter(delimiter).build());
        core.reset();
        let (mut at, mut nout, mut nend) = (0, 0, 0);
        loop {
            // An empty input tells the parser that the line has ended.
            let (res, i, o, e) = core.read_record(
                &self.raw[at..],
                &mut self.out[nout..],
                &mut self.ends[nend..],
            );
            (at, nout, nend) = (at + i, nout + o, nend + e);
            match res {
                R::Record => break,
                R::End => return vec![Vec::new()],
                R::InputEmpty => continue,
                // Cannot happen (see above); grown all the same rather than cut short.
                R::OutputFull => self.out.resize(self.out.len() * 2 + 1, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2 + 1, 0),
            }
        }
        let mut start = 0;
        self.ends[..nend]
            .iter()
            .map(|&end| {
                let cell = self.out[start..end].to_vec();
                start = end;
                cell
            })
            .collect()
    }
}

/// The rows a sorter held, by dossier id, to `blocks`.
fn replay_sorted(sorter: RowSorter, blocks: &mut Blocks, out: &mut Out<'_>) -> io::Result<()> {
    replay_into(sorter, true, Vec::new(), blocks, out)
}

/// The rows a sorter held to `blocks`: by dossier id when `sorted`, else in file order.
fn replay_into(
    sorter: RowSorter,
    sorted: bool,
    held: Vec<Diag>,
    blocks: &mut Blocks,
    out: &mut Out<'_>,
) -> io::Result<()> {
    let mut record = csv::ByteRecord::new();
    // Warnings about held rows (in file order only: a sorted replay gets none) go out after
    // their row, as when streaming.
    let mut held = held.into_iter().peekable();
    let done = sorter.replay(sorted, |row, offset, id, fields, notice| {
        record.clear();
        for f in fields {
            record.push_field(f);
        }
        // An empty id is a row of no dossier ([`Blocks::row`]).
        blocks.row(id, &record, row, offset, notice, out);
        while let Some(d) = held.next_if(|d| d.pos.line <= row) {
            blocks.in_order(d, out);
        }
    });
    for d in held {
        blocks.in_order(d, out);
    }
    done
}

/// How a file's rows reach [`Blocks`].
enum RowOrder {
    /// As they come (`sort_rows = false`, or a file whose first buffer was together per
    /// dossier).
    Stream,
    /// Sorted by dossier id first.
    Sort(RowSorter),
    /// Without `sort_rows`: the rows of the file's first quarter sort buffer (8 MiB) are held while
    /// watching for a dossier that comes back after another; one that does switches to `Sort`
    /// (keeping the rows), 8 MiB of file without one to `Stream`. (In an export in date order
    /// the rows of one dossier are days apart, not megabytes: 8 MB is tens of thousands of
    /// rows.)
    Probe(Probe),
}

/// The first rows of a file held by [`RowOrder::Probe`], and what it knows of their ids.
struct Probe {
    sorter: RowSorter,
    /// Hashes of the dossier ids whose rows ended.
    closed: std::collections::HashSet<u64>,
    /// Hash of the dossier id of the last row.
    current: Option<u64>,
    /// Warnings the reader thread made about held rows, in reading order: they go out with
    /// those rows (see [`warn_in_order`]), not before the dossiers of rows above them.
    held: Vec<Diag>,
}

impl Probe {
    /// Whether a row with dossier id `id`, the next in the file, starts a dossier again after
    /// other dossiers' rows. A hash seen before is taken for the same id: a collision only
    /// costs the sort, whose result is the same for rows that were together.
    fn returns(&mut self, id: &[u8]) -> bool {
        let h = {
            let mut h = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(id, &mut h);
            std::hash::Hasher::finish(&h)
        };
        if self.current == Some(h) {
            return false;
        }
        if let Some(c) = self.current.replace(h) {
            self.closed.insert(c);
        }
        self.closed.contains(&h)
    }
}

/// The rows a probe held, in the order they were read.
fn replay_in_file_order(
    sorter: RowSorter,
    held: Vec<Diag>,
    blocks: &mut Blocks,
    out: &mut Out<'_>,
) {
    // A probe never spills, and rows this process encoded a moment ago decode.
    let _ = replay_into(sorter, false, held, blocks, out);
}

/// A dossier id cell as the id that groups rows: trimmed of white space (of ASCII white space
/// only when the cell is not UTF-8, whose bytes then group the rows).
fn trimmed_id(cell: &[u8]) -> &[u8] {
    match std::str::from_utf8(cell) {
        Ok(t) => t.trim().as_bytes(),
        Err(_) => cell.trim_ascii(),
    }
}

/// A temporary file for sorting rows could not be written or read back.
fn temp_file_error(file: &Arc<str>, row: u32, e: &io::Error) -> Diag {
    let (reason, fix) = match e.kind() {
        io::ErrorKind::NotFound => (
            "de map voor tijdelijke bestanden bestaat niet".to_string(),
            "zet TMPDIR op een bestaande map",
        ),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => (
            "geen schrijfrechten in de map voor tijdelijke bestanden".to_string(),
            "zet TMPDIR op een map waarin vtcheck mag schrijven",
        ),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => (
            "de schijf is vol".to_string(),
            "maak ruimte vrij in de map voor tijdelijke bestanden (TMPDIR) of kies er een andere",
        ),
        _ => (
            format!("tijdelijk bestand: {e}", e = crate::diag::io_nl(e)),
            "controleer de map voor tijdelijke bestanden (TMPDIR)",
        ),
    };
    Diag::error(
        file,
        Pos::new(row, 1, 0),
        format!("de rijen konden niet op dossiernummer gesorteerd worden ({reason}); het lezen van dit bestand stopt hier"),
    )
    .with_help(Some(format!(
        "{fix}; of sorteer het bestand zelf op dossiernummer en zet `sort_rows = false`"
    )))
}

/// Groups rows into dossiers on the reader thread: consecutive rows with one dossier id are
/// one dossier. It only copies bytes; converting them is [`Block::build`]'s work, on the pool.
struct Blocks {
    reader: Arc<Reader>,
    /// The header's number of columns.
    width: usize,
    /// The file column of the dossier id.
    id_col: usize,
    /// Per file column: which cells a block keeps.
    keep: Vec<Keep>,
    /// The dossier being read.
    block: Option<Block>,
    /// Errors of rows of no dossier read while `block` was: handed on after it, so that a
    /// file's errors come in reading order (the block's own are made on the pool). At most
    /// [`MAX_ROWS_PER_DOSSIER`], as many as the block holds rows; more go out at once.
    pending: Vec<Diag>,
    emitted: u64,
}

/// Which cells of a file column a [`Block`] keeps the bytes of. What it drops cannot change
/// what [`Block::build`] makes of the rows, but would cost memory while the block waits for
/// the pool: a long `samenvatting` repeated on every row, a column vtcheck does not read.
#[derive(Clone, Copy, PartialEq)]
enum Keep {
    /// Event and item columns.
    Always,
    /// Dossier columns: only a value other than the block's first (one equal to it, or empty,
    /// is skipped by `dossier_cells` anyway).
    Changed,
    /// Columns of no field (unknown headers, `x_` columns).
    Never,
}

impl Blocks {
    /// Whether a line inside a quoted cell (its cells split on the separator) looks like a row
    /// of this file rather than text: at least as many cells as the header, and in the dossier
    /// column a dossier id shaped like a code (letters, digits, `_`, `-`, `.`; no spaces, at
    /// most 40 characters). Text with line breaks rarely has a separator for every column on one
    /// line; a line that does, starting with a code, is a row an unclosed quote swallowed.
    fn looks_like_row(&self, cells: &[Vec<u8>]) -> bool {
        cells.len() >= self.width
            && cells
                .get(self.id_col)
                .and_then(|f| std::str::from_utf8(f).ok())
                .is_some_and(|id| looks_like_a_key(id.trim()))
    }

    /// The first cell of `rec` over several lines with a line after its first that
    /// [`Blocks::looks_like_row`]: its file column (0-based) and that line's number within the
    /// cell (1-based).
    fn row_like_line(&self, rec: &csv::ByteRecord) -> Option<(usize, usize)> {
        let delimiter = self.reader.mapping.delimiter;
        let mut split = LineCells::new(delimiter);
        rec.iter().enumerate().find_map(|(col, f)| {
            f.split(|b| *b == b'\n')
                .enumerate()
                .skip(1)
                // A row has the header's cells: at least one separator fewer (cheap to count).
                .filter(|(_, l)| l.iter().filter(|b| **b == delimiter).count() + 1 >= self.width)
                .find(|(_, l)| self.looks_like_row(&split.cells(l)))
                .map(|(i, _)| (col, i + 1))
        })
    }

    /// Brings a row to the header's width when it differs only in empty fields at its end:
    /// empty fields beyond the header carry nothing (exporters add separators), and fields a
    /// row leaves out at its end are empty (older Excel drops them). A row with a field beyond
    /// the header that is not empty keeps its width, and the notice that reports it, at that
    /// field, is returned: its cells cannot be matched to the columns.
    fn fit(&self, rec: &mut csv::ByteRecord) -> Option<csv::ByteRecord> {
        let blank = |f: &[u8]| f.iter().all(u8::is_ascii_whitespace);
        if rec.len() < self.width {
            while rec.len() < self.width {
                rec.push_field(b"");
            }
            return None;
        }
        let Some(first) = rec.iter().skip(self.width).position(|f| !blank(f)) else {
            rec.truncate(self.width);
            return None;
        };
        let last = rec.iter().rposition(|f| !blank(f)).unwrap_or(0);
        let msg = format!(
            "rij heeft {} velden, de kopregel {}; deze rij wordt niet gelezen",
            last + 1,
            self.width
        );
        let help = format!(
            "een veld na de laatste kolom van de kopregel mag alleen leeg zijn; controleer het scheidingsteken (`{}`) en de aanhalingstekens rond tekst die het scheidingsteken bevat",
            self.reader.mapping.delimiter as char
        );
        Some(notice(self.width + first + 1, &msg, Some(&help)))
    }

    /// The dossier id of a row, as bytes ([`trimmed_id`]); `None` for a row without one, or
    /// with only invisible characters in the cell (skipped, with the error [`Blocks::no_id`]).
    /// An id that is not UTF-8 groups its rows like any other: [`Block::build`] reports it.
    fn id<'r>(&self, rec: &'r csv::ByteRecord) -> Option<&'r [u8]> {
        Some(rec.get(self.id_col).map_or(&b""[..], trimmed_id)).filter(|id| !is_blank_bytes(id))
    }

    /// The error of a row without a dossier id, as a [`notice`] of no dossier.
    fn no_id(&self) -> csv::ByteRecord {
        let name = self.reader.header_name(self.id_col);
        notice(
            self.id_col + 1,
            &format!("rij zonder dossiernummer in kolom `{name}`; de rij wordt overgeslagen"),
            None,
        )
    }

    /// The error of a row of no dossier (a [`notice`]): after the dossier being read.
    fn orphan(&mut self, note: &csv::ByteRecord, row: u32, offset: u32, out: &mut Out<'_>) {
        let text = |i: usize| String::from_utf8_lossy(note.get(i).unwrap_or_default());
        let col = text(0).parse().unwrap_or(1);
        let help = Some(text(2).into_owned()).filter(|h| !h.is_empty());
        let d = Diag::error(&self.reader.file, Pos::new(row, col, offset), text(1)).with_help(help);
        self.in_order(d, out);
    }

    /// Hands on a diagnostic made on the reader thread in reading order: after the dossier
    /// being read, whose own diagnostics are made later, on the pool.
    fn in_order(&mut self, d: Diag, out: &mut Out<'_>) {
        if self.block.is_some() && self.pending.len() < MAX_ROWS_PER_DOSSIER as usize {
            self.pending.push(d);
        } else {
            (out.on_error)(d);
        }
    }

    /// Hands the dossier being read to `sink`, then the errors of rows of no dossier that came
    /// while it was read.
    fn flush(&mut self, out: &mut Out<'_>) {
        if let Some(mut b) = self.block.take() {
            // Blocks wait in the queue to the pool: without the slack of growing.
            b.data.shrink_to_fit();
            b.lens.shrink_to_fit();
            b.rows.shrink_to_fit();
            b.firsts = Vec::new();
            self.emitted += 1;
            (out.sink)(Unit::Csv(Box::new(b)));
        }
        for d in self.pending.drain(..) {
            (out.on_error)(d);
        }
    }

    /// One row with dossier id `id`; or, when `notice`, an error for that dossier at `row`
    /// that [`Block::build`] reports, which makes it invalid: `rec` is then its column, message
    /// and help ([`notice`]). A notice with an empty `id` is an error of no dossier
    /// ([`Blocks::orphan`]).
    fn row(
        &mut self,
        id: &[u8],
        rec: &csv::ByteRecord,
        row: u32,
        offset: u32,
        notice: bool,
        out: &mut Out<'_>,
    ) {
        if id.is_empty() {
            self.orphan(rec, row, offset, out);
            return;
        }
        // A new dossier? One whose rows come back after other dossiers is a second dossier with
        // the same id: the run's duplicate check (bounded memory, unlike a map of every id seen
        // here) reports it at this row, naming the first.
        if self.block.as_ref().is_none_or(|b| *b.id != *id) {
            self.flush(out);
            self.block = Some(Block {
                reader: self.reader.clone(),
                id: id.into(),
                first_row: row,
                data: Vec::new(),
                lens: Vec::new(),
                rows: Vec::new(),
                overflow: None,
                firsts: Vec::new(),
            });
        }
        let Some(b) = self.block.as_mut() else { return };
        if b.rows.len() >= MAX_ROWS_PER_DOSSIER as usize {
            b.overflow.get_or_insert((row, offset));
            return;
        }
        if notice {
            for f in rec.iter().take(3) {
                b.data.extend_from_slice(f);
                b.lens.push(f.len() as u32);
            }
            b.rows.push((row, offset, NOTICE));
            return;
        }
        // A row of the wrong width is reported without its cells: they are not read.
        // (A cell is shorter than 4 GB: the reader stops at `max_record_bytes`, below that.)
        if rec.len() == self.width && u32::try_from(rec.as_slice().len()).is_ok() {
            // A row with a cell that is not UTF-8 or holds a NUL byte is reported and skipped
            // by `build`: kept whole (also a column vtcheck does not read), and no first value
            // is taken from it. (The cells are valid when their
            // concatenation is and none starts inside a character.)
            let valid = std::str::from_utf8(rec.as_slice()).is_ok()
                && !rec.as_slice().contains(&0)
                && rec
                    .iter()
                    .all(|f| f.first().is_none_or(|&c| c & 0xC0 != 0x80));
            if b.firsts.is_empty() {
                b.firsts = vec![None; self.width];
            }
            for (fc, f) in rec.iter().enumerate() {
                let kept = !valid
                    || match self.keep[fc] {
                        Keep::Always => true,
                        Keep::Never => false,
                        Keep::Changed => {
                            let t = std::str::from_utf8(f).unwrap_or("").trim();
                            match &b.firsts[fc] {
                                _ if t.is_empty() => false,
                                Some(first) => **first != *t,
                                None => {
                                    b.firsts[fc] = Some(t.into());
                                    true
                                }
                            }
                        }
                    };
                let stored = if kept {
                    b.data.extend_from_slice(f);
                    f.len() as u32
                } else {
                    0
                };
                b.lens.push(stored);
            }
        } else if rec.len() == self.width {
            // Cannot happen (see above); reported as a row of the wrong width, not dropped.
            b.rows.push((row, offset, 0));
            return;
        }
        b.rows.push((row, offset, rec.len()));
    }
}

/// The field count [`Block::rows`] gives a notice: an error for the dossier made on the reader
/// thread (a row an unclosed quote swallowed).
const NOTICE: usize = usize::MAX;

/// A notice as [`Blocks::row`] takes it: the 1-based column, the message and the help.
fn notice(col: usize, msg: &str, help: Option<&str>) -> csv::ByteRecord {
    let mut rec = csv::ByteRecord::new();
    rec.push_field(col.to_string().as_bytes());
    rec.push_field(msg.as_bytes());
    rec.push_field(help.unwrap_or("").as_bytes());
    rec
}

/// The rows of one dossier as the reader thread grouped them, converted into the dossier's
/// tree by [`Block::build`] on the pool (where most of a CSV file's reading time goes).
pub struct Block {
    reader: Arc<Reader>,
    /// The dossier id's bytes, which group the rows (not UTF-8 in a dossier in error).
    id: Box<[u8]>,
    first_row: u32,
    /// The cells' bytes, one after another (rows of the wrong width have none).
    data: Vec<u8>,
    /// Each cell's length in `data` (0 for a cell whose bytes were dropped: see [`Keep`]).
    lens: Vec<u32>,
    /// Each row: (row number, byte offset, number of fields).
    rows: Vec<(u32, u32, usize)>,
    /// The first row beyond [`MAX_ROWS_PER_DOSSIER`]: (row number, byte offset).
    overflow: Option<(u32, u32)>,
    /// Per file column of a dossier field: the first non-empty value (trimmed) kept.
    firsts: Vec<Option<Box<str>>>,
}

/// Without the cells: they can hold free text about a family.
impl std::fmt::Debug for Block {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Block")
            .field("file", &self.reader.file)
            .field("first_row", &self.first_row)
            .field("rows", &self.rows.len())
            .finish_non_exhaustive()
    }
}

impl Block {
    /// The name of the CSV file the rows come from, as diagnostics show it.
    pub fn file(&self) -> &Arc<str> {
        &self.reader.file
    }

    /// About how many bytes the block holds: its cells and their bookkeeping
    /// ([`crate::dossier::source::Unit::weight`]).
    pub fn weight(&self) -> usize {
        self.data.len()
            + self.lens.len() * std::mem::size_of::<u32>()
            + self.rows.len() * std::mem::size_of::<(u32, u32, usize)>()
    }

    /// The dossier's tree, its warnings pushed to `diags`; or, when its rows hold errors
    /// (pushed to `diags`), its id and position for the duplicate check (none for an id that
    /// is not UTF-8: it cannot be shown, and an equal one was grouped with it). `regions` is the
    /// table the tree is validated against: its codes are what a region cell can become.
    pub fn build(
        self,
        regions: &RegionTable,
        diags: &mut Vec<Diag>,
    ) -> Result<Node, Option<(String, Pos)>> {
        let r = &*self.reader;
        let id_col = r.header.at[col::DOSSIER].unwrap_or(0);
        let width = r.header.names.len();
        let first_offset = self.rows.first().map_or(0, |&(_, o, _)| o);
        // The dossier is where its number is: findings and errors about the dossier as a whole
        // point at the `dossier` cell of its first row, wherever that column stands.
        let pos = Pos::new(self.first_row, id_col as u32 + 1, first_offset);
        let (id, bad_id) = match String::from_utf8(self.id.into_vec()) {
            Ok(id) => (id, false),
            Err(_) => (String::new(), true),
        };
        let mut g = Group::new(id, self.first_row, pos);
        let (mut cell, mut start) = (0usize, 0usize);
        // The columns already reported as unreadable (not UTF-8, a NUL byte) in this dossier.
        let mut unreadable_cols: Vec<usize> = Vec::new();
        for &(row, offset, n) in &self.rows {
            if n == NOTICE {
                let mut part = |i: usize| {
                    let stored = self.lens.get(cell + i).map_or(0, |&s| s as usize);
                    let f = self.data.get(start..start + stored).unwrap_or_default();
                    start += stored;
                    String::from_utf8_lossy(f).into_owned()
                };
                let (col, msg, help) = (part(0), part(1), part(2));
                cell += 3;
                let col = col.parse().unwrap_or(1);
                let help = (!help.is_empty()).then_some(help);
                r.error(&mut g, Pos::new(row, col, offset), msg, help);
                continue;
            }
            if n != width {
                let at = n.min(width) + 1;
                r.error(
                    &mut g,
                    Pos::new(row, at as u32, offset),
                    format!("rij heeft {n} velden, de kopregel {width}; deze rij wordt niet gelezen"),
                    Some(format!(
                        "controleer het scheidingsteken (`{}`) en de aanhalingstekens rond tekst die het scheidingsteken bevat",
                        r.mapping.delimiter as char
                    )),
                );
                continue;
            }
            let fields = self.lens[cell..cell + n].iter().map(|&stored| {
                let f = &self.data[start..start + stored as usize];
                start += stored as usize;
                f
            });
            let (cells, mut unreadable) = cells_of(fields, row, offset);
            cell += n;
            // A dossier id that is not UTF-8 is the error of each of its rows (all hold it).
            if bad_id && !unreadable.iter().any(|(i, _)| *i == id_col) {
                unreadable.insert(0, (id_col, Unreadable::NotUtf8));
            }
            if !unreadable.is_empty() {
                // Once per column and dossier: a file saved in another encoding repeats the
                // dossier's text on each of its rows, and one error says what to do. The row
                // is not read.
                for (i, why) in unreadable {
                    if unreadable_cols.contains(&i) {
                        continue;
                    }
                    unreadable_cols.push(i);
                    let (what, help) = match why {
                        Unreadable::NotUtf8 => (
                            "geen geldige UTF-8-tekst",
                            "sla het bestand op als CSV UTF-8 (dezelfde fout in latere rijen van dit dossier wordt niet herhaald)",
                        ),
                        Unreadable::Nul => (
                            "de cel bevat een NUL-teken (byte 0), geen tekst",
                            "haal het teken weg of exporteer opnieuw; het komt uit een binair veld of een kapotte export (dezelfde fout in latere rijen van dit dossier wordt niet herhaald)",
                        ),
                    };
                    r.error(
                        &mut g,
                        cells[i].pos,
                        format!("kolom `{}`: {what}", r.header_name(i)),
                        Some(help.into()),
                    );
                }
                continue;
            }
            r.dossier_cells(&mut g, &cells, row, regions.codes());
            r.row_cells(&mut g, &cells);
        }
        if let Some((row, offset)) = self.overflow {
            let msg = format!(
                "meer dan {MAX_ROWS_PER_DOSSIER} rijen voor één dossier (begonnen in rij {}); de rest wordt overgeslagen",
                g.first_row
            );
            r.error(&mut g, Pos::new(row, id_col as u32 + 1, offset), msg, None);
        }
        if bad_id && !g.errors {
            // Cannot happen (every row reports the id above), but such a dossier is never read.
            let msg = format!(
                "kolom `{}`: geen geldige UTF-8-tekst",
                r.header_name(id_col)
            );
            let at = Pos::new(self.first_row, id_col as u32 + 1, first_offset);
            r.error(&mut g, at, msg, None);
        }
        diags.append(&mut g.diags);
        if bad_id {
            return Err(None);
        }
        if g.errors {
            return Err(Some((g.id, g.pos)));
        }
        Ok(r.build(&mut g))
    }
}

/// Why a cell cannot be read as text.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Unreadable {
    /// Not valid UTF-8 (a file saved in another encoding).
    NotUtf8,
    /// Holds a NUL byte: YAML and JSON refuse it too.
    Nul,
}

/// The cells of a row, with their positions (the row's); and every cell that
/// cannot be read as text, in column order (its text is then empty).
fn cells_of<'r>(
    fields: impl Iterator<Item = &'r [u8]>,
    row: u32,
    offset: u32,
) -> (Vec<Cell<'r>>, Vec<(usize, Unreadable)>) {
    let mut cells: Vec<Cell<'r>> = Vec::with_capacity(fields.size_hint().0);
    let mut unreadable = Vec::new();
    // Every cell keeps its row's offset: the parser gives fields without their quotes, so a
    // cell's own offset is not known (reports that name text lines find the row's line from it,
    // see `report::places`). `f` may be empty where the block dropped the bytes.
    for (i, f) in fields.enumerate() {
        let text = match std::str::from_utf8(f) {
            Ok(t) if t.contains('\0') => {
                unreadable.push((i, Unreadable::Nul));
                ""
            }
            Ok(t) => t,
            Err(_) => {
                unreadable.push((i, Unreadable::NotUtf8));
                ""
            }
        };
        cells.push(Cell {
            text,
            pos: Pos::new(row, i as u32 + 1, offset),
            col: i,
        });
    }
    (cells, unreadable)
}

/// Rows kept for `sort_rows`: sorted by dossier id, a dossier's rows in file order.
///
/// Rows are encoded into a buffer; a full buffer is sorted and written to an anonymous
/// temporary file as one run, and the runs are merged when the file has been read, so memory
/// stays at one buffer, plus a 256 KB read buffer per run while merging (8 KB per MB of CSV;
/// the temporary file takes about the file's size). A file that fits one buffer never touches
/// the disk.
struct RowSorter {
    /// Bytes of encoded rows held before a sorted run goes to the temporary file.
    limit: usize,
    /// Encoded rows: see [`RowRef`].
    buf: Vec<u8>,
    /// Each row's (start, length) in `buf`.
    index: Vec<(usize, usize)>,
    spill: crate::spill::SpillFile,
    /// Rows pushed so far: the tie-break that keeps a dossier's rows in file order.
    seq: u64,
}

/// [`RowSorter::limit`] of a real run.
const SORT_BUFFER: usize = 32 << 20;

/// One encoded row: `seq` (u64), `row`, `offset`, id length (u32 each), the id, twice the
/// number of fields plus 1 for a [notice](Blocks::row) and each field's length (LEB128), then
/// the fields' bytes. All little-endian.
struct RowRef<'a> {
    seq: u64,
    row: u32,
    offset: u32,
    id: &'a [u8],
    rest: &'a [u8],
}

impl<'a> RowRef<'a> {
    fn decode(b: &'a [u8]) -> io::Result<RowRef<'a>> {
        let bad = || io::Error::new(io::ErrorKind::InvalidData, "tijdelijk bestand beschadigd");
        let u32_at = |i: usize| -> io::Result<u32> {
            let x = b.get(i..i + 4).ok_or_else(bad)?;
            Ok(u32::from_le_bytes(x.try_into().map_err(|_| bad())?))
        };
        let seq = u64::from_le_bytes(b.get(..8).ok_or_else(bad)?.try_into().map_err(|_| bad())?);
        let (row, offset, id_len) = (u32_at(8)?, u32_at(12)?, u32_at(16)? as usize);
        let id = b.get(20..20 + id_len).ok_or_else(bad)?;
        Ok(RowRef {
            seq,
            row,
            offset,
            id,
            rest: &b[20 + id_len..],
        })
    }

    /// The fields' bytes, and whether they are a notice.
    fn fields(&self) -> io::Result<(Vec<&'a [u8]>, bool)> {
        let bad = || io::Error::new(io::ErrorKind::InvalidData, "tijdelijk bestand beschadigd");
        let mut at = 0usize;
        let mut varint = || -> io::Result<usize> {
            let mut v = 0usize;
            for shift in (0..64).step_by(7) {
                let byte = *self.rest.get(at).ok_or_else(bad)?;
                at += 1;
                v |= usize::from(byte & 0x7f) << shift;
                if byte & 0x80 == 0 {
                    return Ok(v);
                }
            }
            Err(bad())
        };
        let n2 = varint()?;
        let (n, notice) = (n2 / 2, n2 % 2 == 1);
        let lens = (0..n)
            .map(|_| varint())
            .collect::<io::Result<Vec<usize>>>()?;
        let mut fields = Vec::with_capacity(n);
        for len in lens {
            fields.push(self.rest.get(at..at + len).ok_or_else(bad)?);
            at += len;
        }
        Ok((fields, notice))
    }
}

fn put_varint(buf: &mut Vec<u8>, mut v: usize) {
    while v >= 0x80 {
        buf.push((v as u8) | 0x80);
        v >>= 7;
    }
    buf.push(v as u8);
}

impl RowSorter {
    fn new(limit: usize) -> RowSorter {
        RowSorter {
            limit,
            buf: Vec::new(),
            index: Vec::new(),
            spill: crate::spill::SpillFile::default(),
            seq: 0,
        }
    }

    fn push(&mut self, id: &[u8], rec: &csv::ByteRecord, row: u32, offset: u32, notice: bool) {
        let start = self.buf.len();
        self.buf.extend_from_slice(&self.seq.to_le_bytes());
        self.buf.extend_from_slice(&row.to_le_bytes());
        self.buf.extend_from_slice(&offset.to_le_bytes());
        self.buf.extend_from_slice(&(id.len() as u32).to_le_bytes());
        self.buf.extend_from_slice(id);
        put_varint(&mut self.buf, rec.len() * 2 + usize::from(notice));
        for f in rec.iter() {
            put_varint(&mut self.buf, f.len());
        }
        for f in rec.iter() {
            self.buf.extend_from_slice(f);
        }
        self.index.push((start, self.buf.len() - start));
        self.seq += 1;
    }

    fn is_full(&self) -> bool {
        self.buf.len() >= self.limit
    }

    /// Takes the rows of no dossier (an empty id) out of a buffer that never spilled, calling
    /// `each(row, offset, fields)` for each in file order.
    fn take_orphans(&mut self, mut each: impl FnMut(u32, u32, Vec<&[u8]>)) -> io::Result<()> {
        let mut kept = Vec::with_capacity(self.index.len());
        for &(s, len) in &self.index {
            let r = RowRef::decode(&self.buf[s..s + len])?;
            if r.id.is_empty() {
                each(r.row, r.offset, r.fields()?.0);
            } else {
                kept.push((s, len));
            }
        }
        self.index = kept;
        Ok(())
    }

    /// A full buffer, sorted, becomes a run in the temporary file.
    fn spill_if_full(&mut self) -> io::Result<()> {
        if self.is_full() {
            self.sort();
            let (buf, index) = (&self.buf, &self.index);
            self.spill.append(|w| {
                for &(s, len) in index {
                    io::Write::write_all(w, &(len as u32).to_le_bytes())?;
                    io::Write::write_all(w, &buf[s..s + len])?;
                }
                Ok(())
            })?;
            self.clear();
        }
        Ok(())
    }

    fn clear(&mut self) {
        self.buf.clear();
        self.index.clear();
    }

    /// Sorts the buffer's index by (id, seq).
    fn sort(&mut self) {
        let buf = &self.buf;
        let key = |&(s, len): &(usize, usize)| {
            let b = &buf[s..s + len];
            let id_len = u32::from_le_bytes([b[16], b[17], b[18], b[19]]) as usize;
            (
                &b[20..20 + id_len],
                u64::from_le_bytes(b[..8].try_into().unwrap_or([0; 8])),
            )
        };
        self.index.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
    }

    /// Calls `each(row, offset, id, fields, notice)` for every row in (id, file order), or
    /// only in file order when not `sorted` (for a buffer that never spilled).
    fn replay(
        mut self,
        sorted: bool,
        mut each: impl FnMut(u32, u32, &[u8], Vec<&[u8]>, bool),
    ) -> io::Result<()> {
        debug_assert!(sorted || self.spill.is_empty());
        if sorted {
            self.sort();
        }
        let mut emit = |r: &RowRef<'_>| -> io::Result<()> {
            let (fields, notice) = r.fields()?;
            each(r.row, r.offset, r.id, fields, notice);
            Ok(())
        };
        if self.spill.is_empty() {
            for &(s, len) in &self.index {
                emit(&RowRef::decode(&self.buf[s..s + len])?)?;
            }
            return Ok(());
        }
        // The buffer's rows take part in the merge as one more run.
        let mut runs: Vec<crate::spill::RunBytes<'_>> = self.spill.runs().collect();
        let mut heads: Vec<Option<Vec<u8>>> = Vec::with_capacity(runs.len() + 1);
        for r in &mut runs {
            heads.push(next_spilled(r)?);
        }
        let mut in_memory = self.index.iter();
        let next_in_memory = |it: &mut std::slice::Iter<'_, (usize, usize)>| {
            it.next().map(|&(s, len)| self.buf[s..s + len].to_vec())
        };
        heads.push(next_in_memory(&mut in_memory));
        // A heap of (key, source), smallest first.
        let mut heap = std::collections::BinaryHeap::new();
        for (i, h) in heads.iter().enumerate() {
            if let Some(b) = h {
                let r = RowRef::decode(b)?;
                heap.push(std::cmp::Reverse((r.id.to_vec(), r.seq, i)));
            }
        }
        while let Some(std::cmp::Reverse((_, _, i))) = heap.pop() {
            let Some(bytes) = heads[i].take() else {
                continue;
            };
            emit(&RowRef::decode(&bytes)?)?;
            let next = if i < runs.len() {
                next_spilled(&mut runs[i])?
            } else {
                next_in_memory(&mut in_memory)
            };
            if let Some(b) = next {
                let r = RowRef::decode(&b)?;
                heap.push(std::cmp::Reverse((r.id.to_vec(), r.seq, i)));
                heads[i] = Some(b);
            }
        }
        Ok(())
    }
}

/// The next row of a spilled run.
fn next_spilled(r: &mut crate::spill::RunBytes<'_>) -> io::Result<Option<Vec<u8>>> {
    if !r.fill(4)? {
        return Ok(None);
    }
    let len = u32::from_le_bytes(r.peek(4).try_into().unwrap_or([0; 4])) as usize;
    r.consume(4);
    if !r.fill(len)? {
        return Err(io::Error::new(
            io::ErrorKind::UnexpectedEof,
            "tijdelijk bestand ingekort",
        ));
    }
    let b = r.peek(len).to_vec();
    r.consume(len);
    Ok(Some(b))
}

/// The file's SHA-256 for the audit trail, however far it was read.
fn finish_hash<R: Read>(rdr: csv::Reader<BufReader<Tap<R>>>) -> Option<String> {
    let tap = rdr.into_inner().into_inner();
    // Every byte read from `inner` is hashed; what was not read yet (reading stopped at the
    // header) is hashed here.
    super::source::digest_rest(tap.hasher, tap.inner)
}

/// Whether a header cell holds data rather than a column name: a date, a time or a number
/// (digits with separators, no letters but the `T` of an ISO time).
fn looks_like_data(cell: &str) -> bool {
    cell.bytes().any(|b| b.is_ascii_digit())
        && cell
            .bytes()
            .all(|b| b.is_ascii_digit() || b" -:/.T+".contains(&b))
}

/// The one error for a first row that cannot be a header: a cell that spans lines (a quote
/// that is not closed swallowed the rows below), a quote still open at the end of the file
/// (`open`, in the last cell), or data where names belong (a piece of a
/// file cut with `split -l`, an export without a header) when the required columns are
/// missing. Instead of a warning per cell, which would repeat the cells.
fn not_a_header(
    raw: &[String],
    targets: &[Option<usize>],
    file: &Arc<str>,
    mapping: &CsvMapping,
    row: u32,
    offset: u32,
    open: bool,
) -> Option<Diag> {
    let spanning = raw.iter().position(|n| n.contains('\n'));
    let unclosed = open.then(|| raw.len().saturating_sub(1));
    if let Some(i) = spanning.or(unclosed) {
        let lines = raw[i].matches('\n').count() + 1;
        let msg = if spanning.is_some() {
            format!(
                "een cel van de kopregel loopt over {lines} regels: waarschijnlijk een aanhalingsteken dat niet gesloten wordt; het bestand kan niet gelezen worden"
            )
        } else {
            "een cel van de kopregel heeft een aanhalingsteken dat niet gesloten wordt; het bestand kan niet gelezen worden".to_string()
        };
        return Some(
            Diag::error(file, Pos::new(row, i as u32 + 1, offset), msg)
            .with_help(Some(
                "kolomnamen staan zonder aanhalingstekens in de kopregel; verwijder het aanhalingsteken of sluit het".into(),
            )),
        );
    }
    let found = |c: usize| targets.contains(&Some(c));
    if found(col::DOSSIER) && found(col::GEBEURTENIS) {
        return None;
    }
    let data = raw.iter().position(|n| looks_like_data(n))?;
    let d = mapping.delimiter as char;
    let example: Vec<&str> = mapping.headers.iter().take(4).map(String::as_str).collect();
    Some(
        Diag::error(
            file,
            Pos::new(row, 1, offset),
            format!(
                "de eerste gevulde rij lijkt geen kopregel: kolom {} bevat een datum of getal waar een kolomnaam hoort; het bestand kan niet gelezen worden",
                data + 1
            ),
        )
        .with_help(Some(format!(
            "zet de kopregel met de kolomnamen bovenaan ({}{d}...{d}{}{d}...); een bestand dat met `split` in stukken is gedeeld heeft alleen in het eerste stuk een kopregel",
            example.join(&d.to_string()),
            mapping.headers[col::GEBEURTENIS]
        ))),
    )
}

/// Matches the header row against the mapping. Missing key columns and duplicate headers are
/// errors (`None`: the file cannot be read); unknown headers are warnings.
fn resolve_header(
    rec: &csv::ByteRecord,
    file: &Arc<str>,
    mapping: &CsvMapping,
    row: u32,
    offset: u32,
    open: bool,
    on_error: &mut dyn FnMut(Diag),
) -> Option<Header> {
    // Every row is read at the header's width, empty cells at its end included: a header of
    // a million `;` would make every row that wide.
    if rec.len() > MAX_COLUMNS {
        on_error(
            Diag::error(
                file,
                Pos::new(row, MAX_COLUMNS as u32 + 1, offset),
                format!(
                    "kopregel met {} kolommen; vtcheck leest er hoogstens {MAX_COLUMNS}, het bestand kan niet gelezen worden",
                    rec.len()
                ),
            )
            .with_help(Some(
                "laat de export alleen de kolommen van het dossierformaat bevatten (zie docs/csv.md)".into(),
            )),
        );
        return None;
    }
    let mut header = Header {
        at: vec![None; COLUMNS.len()],
        names: Vec::with_capacity(rec.len()),
    };
    let lower: Vec<String> = mapping.headers.iter().map(|h| h.to_lowercase()).collect();
    let known: Vec<&str> = mapping.headers.iter().map(String::as_str).collect();
    // A name as it looks: without the invisible characters (a byte order mark before the
    // first, a zero-width space pasted into a cell), which would make `regio` unknown while it
    // reads `regio`. Combining marks stay: they are seen, and a configured name may be written
    // with them ("Clie\u{308}ntnummer").
    let raw: Vec<String> = rec
        .iter()
        .map(|f| {
            let name = String::from_utf8_lossy(f);
            let name = if name.is_ascii() {
                name
            } else {
                name.chars()
                    .filter(|&c| !is_invisible(c))
                    .collect::<String>()
                    .into()
            };
            name.trim().to_string()
        })
        .collect();
    let targets: Vec<Option<usize>> = raw
        .iter()
        .map(|name| {
            let low = name.to_lowercase();
            lower.iter().position(|h| *h == low)
        })
        .collect();
    if let Some(d) = not_a_header(&raw, &targets, file, mapping, row, offset, open) {
        on_error(d);
        return None;
    }
    let mut ok = true;
    // The diagnostics of the cells, in column order, each left out when the row lacks both
    // required columns: it is then no header at all but most likely a row of data, and the one
    // error about the missing columns says what is wrong.
    let mut cells: Vec<Diag> = Vec::new();
    for (i, name) in raw.into_iter().enumerate() {
        let pos = Pos::new(row, i as u32 + 1, offset);
        let low = name.to_lowercase();
        match targets[i] {
            Some(ci) => {
                if let Some(prev) = header.at[ci] {
                    // The name as vtcheck knows it: the cell matched it.
                    cells.push(Diag::error(
                        file,
                        pos,
                        format!(
                            "kolom `{}` staat twee keer in de kopregel (kolom {} en {})",
                            mapping.headers[ci],
                            prev + 1,
                            i + 1
                        ),
                    ));
                    ok = false;
                } else {
                    header.at[ci] = Some(i);
                }
            }
            None if is_blank(&name) || low.starts_with("x_") => {}
            // A name not shaped like a field name may be a cell of dossier text (a header row
            // that is not one, a stray quote), a surname, a phone number or a postcode: it is
            // not repeated, nor kept for messages, as an unknown key of a dossier is not.
            None if !looks_like_a_field_name(&name) => {
                cells.push(
                    Diag::warning(
                        file,
                        pos,
                        "onbekende kolom wordt genegeerd; de kolomnaam lijkt tekst en wordt niet getoond",
                    )
                    .with_help(help_for(&name, &known).or(Some(
                        "koppel eigen kolomnamen met [csv.columns] in vtcheck.toml; kolommen die met `x_` beginnen worden niet gemeld".into(),
                    ))),
                );
                header.names.push(format!("#{}", i + 1));
                continue;
            }
            None => {
                // The format's own name of a column that vtcheck.toml renamed.
                let renamed = COLUMNS.iter().position(|c| c.key == low).map(|ci| {
                    format!(
                        "[csv.columns] in vtcheck.toml noemt deze kolom `{}`",
                        mapping.headers[ci]
                    )
                });
                cells.push(
                    Diag::warning(file, pos, format!("onbekende kolom `{name}` wordt genegeerd"))
                        .with_help(renamed.or_else(|| help_for(&name, &known)).or(Some(
                            "koppel eigen kolomnamen met [csv.columns] in vtcheck.toml; kolommen die met `x_` beginnen worden niet gemeld".into(),
                        ))),
                );
            }
        }
        header.names.push(name);
    }
    if header.at[col::DOSSIER].is_some() || header.at[col::GEBEURTENIS].is_some() {
        cells.into_iter().for_each(&mut *on_error);
    }
    // A column vtcheck.toml renamed that the file does not have: said once here, not per row.
    for (ci, c) in COLUMNS.iter().enumerate() {
        let name = &mapping.headers[ci];
        if header.at[ci].is_none()
            && !name.eq_ignore_ascii_case(c.key)
            && ci != col::DOSSIER
            && ci != col::GEBEURTENIS
        {
            on_error(
                Diag::warning(
                    file,
                    Pos::new(row, 1, offset),
                    format!(
                        "kolom `{name}` uit [csv.columns] (`{}`) staat niet in de kopregel",
                        c.key
                    ),
                )
                .with_help(Some(
                    "controleer de kolomnaam in [csv.columns] van vtcheck.toml".into(),
                )),
            );
        }
    }
    // The required columns that are missing, in one error: the file is one unreadable input.
    let missing: Vec<String> = [col::DOSSIER, col::GEBEURTENIS]
        .into_iter()
        .filter(|c| header.at[*c].is_none())
        .map(|c| format!("`{}`", mapping.headers[c]))
        .collect();
    if !missing.is_empty() {
        // One cell holding another separator: the file is not split as configured.
        let one = (rec.len() == 1).then(|| String::from_utf8_lossy(&rec[0]));
        let other = one.is_some_and(|cell| {
            [',', '\t', ';']
                .iter()
                .any(|c| *c != mapping.delimiter as char && cell.contains(*c))
        });
        let help = if other {
            format!(
                "de kopregel is één kolom: het scheidingsteken is hier niet `{}`; stel `delimiter` in onder [csv] in vtcheck.toml",
                mapping.delimiter as char
            )
        } else {
            format!(
                "een CSV-gebeurtenissenlog heeft minstens de kolommen `{}` en `{}`; stel andere kolomnamen in onder [csv.columns] in vtcheck.toml",
                mapping.headers[col::DOSSIER],
                mapping.headers[col::GEBEURTENIS]
            )
        };
        on_error(
            Diag::error(
                file,
                Pos::new(row, 1, offset),
                if missing.len() == 1 {
                    format!("kolom {} ontbreekt in de kopregel", missing[0])
                } else {
                    format!("kolommen {} ontbreken in de kopregel", missing.join(" en "))
                },
            )
            .with_help(Some(help)),
        );
        ok = false;
    }
    ok.then_some(header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn read_all(bytes: &[u8], mapping: &CsvMapping) -> (usize, usize) {
        let file: Arc<str> = "t.csv".into();
        let (mut units, mut diags) = (0, 0);
        read_units(
            Box::new(bytes),
            &file,
            mapping,
            1 << 16,
            &mut |_| units += 1,
            &mut |_| diags += 1,
        );
        (units, diags)
    }

    /// Rows are numbered as a spreadsheet shows them, empty lines before the header included,
    /// whatever the line ends and with or without a byte-order mark.
    #[test]
    fn rows_count_empty_lines_before_the_header() {
        let header = "dossier;regio;soort;ontvangen;melder_hoedanigheid;melder_rol;melder_bekend;gebeurtenis;datum";
        // No dossier id: an error the reader itself reports, at the row.
        let row = ";midden-brabant;melding;06-03-2025;professional;melder;ja;register_geraadpleegd;06-03-2025";
        let file: Arc<str> = "t.csv".into();
        for (bom, before, eol, want) in [
            ("", "", "\r\n", 2),
            ("", "\r\n\r\n", "\r\n", 4),
            ("\u{feff}", "\r\n", "\r\n", 3),
            ("", "\n\n", "\n", 4),
            ("\u{feff}", "\r\r", "\r", 4),
        ] {
            let text = format!("{bom}{before}{header}{eol}{row}{eol}");
            let mut rows = Vec::new();
            read_units(
                Box::new(text.as_bytes()),
                &file,
                &CsvMapping::default(),
                1 << 16,
                &mut |_| {},
                &mut |d| rows.push(d.pos.line),
            );
            // (A second diagnostic, for the file, has no row.)
            assert_eq!(rows.first(), Some(&want), "{before:?} {eol:?}");
        }
    }

    /// Blank rows above the header are skipped one by one, each held to the row limit as a row
    /// below the header is, however long they are together; one blank row longer than the
    /// limit is not skipped but reported, as an over-long header is.
    #[test]
    fn blank_rows_above_the_header_are_each_a_row() {
        let header = "dossier;regio;soort;ontvangen;melder_hoedanigheid;melder_rol;melder_bekend;gebeurtenis;datum";
        // No dossier id: an error the reader itself reports, at the row.
        let row = ";midden-brabant;melding;06-03-2025;professional;melder;ja;register_geraadpleegd;06-03-2025";
        let file: Arc<str> = "t.csv".into();
        let read = |text: String| {
            let mut diags = Vec::new();
            read_units(
                Box::new(io::Cursor::new(text.into_bytes())),
                &file,
                &CsvMapping::default(),
                1 << 16,
                &mut |_| {},
                &mut |d| diags.push((d.pos.line, d.message.clone())),
            );
            diags
        };
        // 100 rows of 1,000 `;` (and a zero-width space): 100 KB above the header, a limit of
        // 64 KB per row.
        let blank = format!("{}\u{200b}\n", ";".repeat(1000));
        let diags = read(format!("{}{header}\n{row}\n", blank.repeat(100)));
        assert_eq!(diags.first().map(|d| d.0), Some(102), "{diags:?}");
        assert!(diags[0].1.contains("dossiernummer"), "{diags:?}");
        let diags = read(format!("{}\n{header}\n{row}\n", ";".repeat(1 << 17)));
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(diags[0].0, 1, "{diags:?}");
        assert!(diags[0].1.starts_with("kopregel te lang"), "{diags:?}");
    }

    /// A header cell is the column its name reads as: invisible characters in it do not count,
    /// combining marks do (an accent written as one, in the file and in the mapping alike).
    #[test]
    fn header_names_are_read_as_they_look() {
        let file: Arc<str> = "t.csv".into();
        let mut mapping = CsvMapping::default();
        mapping.headers[col::DOSSIER] = "Clie\u{308}ntnummer".into();
        for (header, known) in [
            ("Clie\u{308}ntnummer;regio\u{200b};gebeurtenis;datum", true),
            (
                "\u{feff}Clie\u{308}nt\u{ad}nummer;re\u{200b}gio;gebeurtenis;datum",
                true,
            ),
            ("Clientnummer;regio;gebeurtenis;datum", false),
        ] {
            let text = format!("{header}\nK-1;utrecht;register_geraadpleegd;06-03-2025\n");
            let mut diags = Vec::new();
            read_units(
                Box::new(io::Cursor::new(text.into_bytes())),
                &file,
                &mapping,
                1 << 16,
                &mut |_| {},
                &mut |d| diags.push(d.message.clone()),
            );
            let unknown = diags
                .iter()
                .any(|m| m.contains("kolom") && m.contains("ontbre"));
            assert_eq!(!unknown, known, "{header:?}: {diags:?}");
            if known {
                assert!(
                    !diags.iter().any(|m| m.contains("onbekende kolom")),
                    "{header:?}: {diags:?}"
                );
            }
        }
    }

    /// A row too long to hold is drained in bounded memory and skipped, with an error at its
    /// row; the rows after it are read, at their rows, and the file's hash covers every byte.
    #[test]
    fn an_over_long_row_is_skipped_and_the_rest_is_read() {
        let header = "dossier;regio;soort;ontvangen;melder_hoedanigheid;melder_rol;melder_bekend;gebeurtenis;datum;tekst\r\n";
        let row = |id: &str, tekst: &str| {
            format!(
                "{id};midden-brabant;melding;06-03-2025;professional;melder;ja;register_geraadpleegd;06-03-2025;{tekst}\r\n"
            )
        };
        // Delimiters, line breaks and doubled quotes inside the quoted field keep the parser
        // busy while it is drained; 2 MB is past the 1 MB of read-ahead a record may have here.
        let long = format!("\"{}\"", "a;b\r\nc\"\"".repeat(300_000));
        let text = [
            header.to_string(),
            row("A-1", ""),
            row("B-1", &long),
            row("C-1", ""),
            row("", ""),
        ]
        .concat();
        let file: Arc<str> = "t.csv".into();
        let (mut ids, mut diags) = (Vec::new(), Vec::new());
        let digest = read_units(
            Box::new(text.as_bytes()),
            &file,
            &CsvMapping::default(),
            1 << 10,
            &mut |u| {
                if let Unit::Csv(block) = u {
                    ids.push(Some(String::from_utf8_lossy(&block.id).into_owned()));
                }
            },
            &mut |d| diags.push((d.pos.line, d.message)),
        );
        assert_eq!(ids, [Some("A-1".to_string()), Some("C-1".to_string())]);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].0, 3);
        assert!(diags[0].1.starts_with("rij te lang"), "{}", diags[0].1);
        // The row without an id is the fifth, the long one's line breaks in quotes not counted.
        assert_eq!(diags[1].0, 5, "{}", diags[1].1);
        let expected = crate::report::sha256_hex(text.as_bytes());
        assert_eq!(digest.as_deref(), Some(expected.as_str()));
    }

    /// A file whose header stops the reading (a missing column, an over-long header) is still
    /// hashed whole: the audit trail's digest is the file's, not that of the bytes read.
    #[test]
    fn a_rejected_header_still_gives_the_digest_of_the_whole_file() {
        let rows: String = (0..20_000)
            .map(|i| format!("D-{i};utrecht;melding;07-03-2025\n"))
            .collect();
        // Longer than the limit and the slack the reader allows beyond it.
        let long_header = format!("{}\n", "x".repeat((1 << 20) + 300));
        for head in ["dossier;regio;soortx;ontvangen\n", long_header.as_str()] {
            let text = format!("{head}{rows}");
            let file: Arc<str> = "t.csv".into();
            let mut diags = Vec::new();
            let digest = read_units(
                Box::new(text.as_bytes()),
                &file,
                &CsvMapping::default(),
                100,
                &mut |_| panic!("no units from a file without a usable header"),
                &mut |d| diags.push(d.message),
            );
            assert!(
                diags
                    .iter()
                    .any(|m| m.contains("in de kopregel") || m.starts_with("kopregel te lang")),
                "{diags:?}"
            );
            let expected = crate::report::sha256_hex(text.as_bytes());
            assert_eq!(digest.as_deref(), Some(expected.as_str()), "{diags:?}");
        }
    }

    type Row = (u32, u32, Vec<Vec<u8>>);
    type Replayed = Vec<Row>;

    /// Pushes `rows` (dossier number, fields) into a sorter holding `limit` bytes; the rows
    /// as replayed, and as a stable sort by dossier id gives them.
    fn sort_rows(rows: &[(u8, Vec<Vec<u8>>)], limit: usize) -> (Replayed, Replayed, usize) {
        let mut sorter = RowSorter::new(limit);
        let mut expected: Vec<(String, Row)> = Vec::new();
        for (i, (id, fields)) in rows.iter().enumerate() {
            let mut rec = csv::ByteRecord::new();
            for f in fields {
                rec.push_field(f);
            }
            let (row, offset) = (i as u32 + 2, i as u32 * 10);
            sorter.push(format!("D{id}").as_bytes(), &rec, row, offset, false);
            sorter.spill_if_full().expect("spill");
            expected.push((format!("D{id}"), (row, offset, fields.clone())));
        }
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        let runs = sorter.spill.run_count();
        let mut got = Vec::new();
        sorter
            .replay(true, |row, offset, _, fields, _| {
                got.push((row, offset, fields.iter().map(|f| f.to_vec()).collect()))
            })
            .expect("replay");
        (got, expected.into_iter().map(|(_, r)| r).collect(), runs)
    }

    #[test]
    fn sorted_rows_spill_to_runs_and_merge_back() {
        let rows: Vec<(u8, Vec<Vec<u8>>)> = (0..300u32)
            .map(|i| {
                (
                    (i * 7 % 13) as u8,
                    vec![vec![b'x'; (i % 5) as usize], vec![200; 130]],
                )
            })
            .collect();
        let (got, expected, runs) = sort_rows(&rows, 4096);
        assert!(runs > 5, "the rows went through several runs: {runs}");
        assert_eq!(got, expected);
        let (got, expected, runs) = sort_rows(&rows, 1 << 20);
        assert_eq!(runs, 0, "one buffer: no temporary file");
        assert_eq!(got, expected);
    }

    /// The dossier ids of the units read from `text` with a sort buffer of `buffer` bytes.
    fn ids_read(text: &str, sort_rows: Option<bool>, buffer: usize) -> Vec<String> {
        let file: Arc<str> = "t.csv".into();
        let mapping = CsvMapping {
            sort_rows,
            ..CsvMapping::default()
        };
        let mut ids = Vec::new();
        read_units_sorting(
            Box::new(text.as_bytes()),
            &file,
            &mapping,
            1 << 16,
            buffer,
            &mut |u| match u {
                Unit::Csv(b) => ids.push(String::from_utf8_lossy(&b.id).into_owned()),
                other => panic!("{other:?}"),
            },
            &mut |d| panic!("{}", d.message),
        );
        ids
    }

    #[test]
    fn without_sort_rows_a_dossier_returning_in_the_first_buffer_sorts_the_file() {
        let rows = |ids: &[&str]| -> String {
            let mut t = String::from("dossier;gebeurtenis\n");
            for id in ids {
                t.push_str(&format!("{id};\n"));
            }
            t
        };
        // C comes back within the first buffer: the file is sorted, C read once.
        let early = rows(&["C", "A", "C", "B", "B"]);
        assert_eq!(ids_read(&early, None, 1 << 20), ["A", "B", "C"]);
        assert_eq!(ids_read(&early, Some(true), 1 << 20), ["A", "B", "C"]);
        assert_eq!(ids_read(&early, Some(false), 1 << 20), ["C", "A", "C", "B"]);
        // Together per dossier in the first quarter of the buffer (12 bytes of file: the header
        // already passes it, so the first row decides): the file is
        // read as it comes, and C's return is a second dossier C for the duplicate check.
        let late = rows(&["C", "C", "A", "B", "D", "C"]);
        assert_eq!(ids_read(&late, None, 50), ["C", "A", "B", "D", "C"]);
        assert_eq!(ids_read(&late, None, 1 << 20), ["A", "B", "C", "D"]);
        assert_eq!(ids_read(&late, Some(true), 50), ["A", "B", "C", "D"]);
    }

    /// The probe's window is a quarter of the sort buffer in bytes of *file*: a dossier whose
    /// rows come back in the row that reaches the window's end sorts the file; one row later
    /// the file is read as it comes. (The default buffer of 32 MB makes the documented 8 MiB.)
    #[test]
    fn the_probe_window_ends_with_the_row_that_reaches_a_quarter_of_the_buffer() {
        const BUFFER: usize = 1600;
        let header = "dossier;gebeurtenis;x_opvulling\n";
        // Rows of 50 bytes; encoded they take about 80, so the buffer never fills first.
        let row = |id: &str| format!("{id};;{}\n", "x".repeat(40));
        assert_eq!(row("C000000").len(), 50);
        // Row i (from 1) ends at byte 32 + 50 i: row 8 is the first to reach 400.
        assert_eq!(header.len() + 7 * 50, 382);
        assert_eq!(header.len() + 8 * 50, 432);
        let file = |return_at: usize| {
            let mut t = String::from(header);
            t.push_str(&row("C000000"));
            for i in 2..return_at {
                t.push_str(&row(&format!("D{i:06}")));
            }
            t.push_str(&row("C000000"));
            t
        };
        let read = |return_at: usize| ids_read(&file(return_at), None, BUFFER);
        let sorted = read(8);
        assert_eq!(sorted.len(), 7, "C read once: {sorted:?}");
        assert_eq!(sorted.last().map(String::as_str), Some("D000007"));
        let streamed = read(9);
        assert_eq!(streamed.len(), 9, "C read twice: {streamed:?}");
        assert_eq!(
            (streamed[0].as_str(), streamed[8].as_str()),
            ("C000000", "C000000")
        );
        assert_eq!(SORT_BUFFER / 4, 8 << 20, "docs/csv.md states 8 MiB");
    }

    /// A block waiting for the pool holds a repeated dossier value once and no unread column,
    /// and builds the same dossier from that; positions still count the dropped bytes.
    #[test]
    fn blocks_keep_no_bytes_of_repeated_dossier_values_or_unread_columns() {
        let long = "y".repeat(1000);
        let mut text = String::from("dossier;samenvatting;x_notitie;gebeurtenis;datum\n");
        for _ in 0..5 {
            text.push_str(&format!("A;{long};{long};;\n"));
        }
        text.push_str(&format!(
            "A;{long};{long};register_geraadpleegd;31-02-2025\n"
        ));
        let file: Arc<str> = "t.csv".into();
        let mut blocks = Vec::new();
        read_units(
            Box::new(text.as_bytes()),
            &file,
            &CsvMapping::default(),
            1 << 16,
            &mut |u| match u {
                Unit::Csv(b) => blocks.push(b),
                other => panic!("{other:?}"),
            },
            &mut |_| {},
        );
        assert_eq!(blocks.len(), 1);
        let b = blocks.pop().unwrap();
        assert!(b.data.len() < 1100, "{} bytes kept", b.data.len());
        let mut diags = Vec::new();
        assert!(
            b.build(&RegionTable::default_table(), &mut diags).is_err(),
            "the bad date makes the dossier invalid"
        );
        // The date cell of row 7: after 1 + 1000 + 1 + 1000 + 1 + 21 + 1 bytes of its row.
        let at = diags
            .iter()
            .find(|d| d.message.contains("datum"))
            .expect("date error");
        assert_eq!((at.pos.line, at.pos.col), (7, 5));
        let row_start = text.rfind("A;").unwrap() as u32;
        assert_eq!(at.pos.offset, row_start, "a cell keeps its row's offset");
        // A valid block keeps the value.
        let text = text.replace("31-02-2025", "28-02-2025");
        let mut node = None;
        read_units(
            Box::new(text.as_bytes()),
            &file,
            &CsvMapping::default(),
            1 << 16,
            &mut |u| {
                if let Unit::Csv(b) = u {
                    node = b.build(&RegionTable::default_table(), &mut Vec::new()).ok();
                }
            },
            &mut |_| {},
        );
        let node = node.expect("a valid dossier");
        match &node.get("samenvatting").expect("samenvatting").value {
            Value::Str(s) => assert_eq!(s.as_ref(), long),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_temporary_file_that_fails_stops_the_sort_with_an_error() {
        let mut sorter = RowSorter::new(1);
        sorter.spill = crate::spill::SpillFile::failing_after(1);
        let rec = csv::ByteRecord::from(vec!["A", "b"]);
        sorter.push(b"A", &rec, 2, 0, false);
        assert!(sorter.spill_if_full().is_ok());
        sorter.push(b"B", &rec, 3, 4, false);
        assert!(sorter.spill_if_full().is_err());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Rows come back sorted by dossier id, a dossier's rows in file order, with their
        /// bytes, row and offset intact, from memory or through spilled runs alike.
        #[test]
        fn sorted_rows_come_back_by_id_in_file_order(
            rows in proptest::collection::vec(
                (0u8..6, proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..200), 1..4)),
                0..60,
            ),
            limit in prop_oneof![Just(1usize), Just(300), Just(1 << 20)],
        ) {
            let (got, expected, _) = sort_rows(&rows, limit);
            prop_assert_eq!(got, expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// Arbitrary bytes, and CSV-like text built from the format's own words, never panic.
        #[test]
        fn any_input_is_read_without_panicking(
            raw in proptest::collection::vec(any::<u8>(), 0..400),
            cells in proptest::collection::vec(
                prop_oneof![
                    Just("dossier".to_string()), Just("gebeurtenis".to_string()),
                    Just("datum".to_string()), Just("A-1".to_string()),
                    Just("overdracht".to_string()), Just("voorwaarde".to_string()),
                    Just("31-02-2025".to_string()), Just("ja".to_string()),
                    Just("V1=deels,=x".to_string()), Just("\"".to_string()),
                    Just(";".to_string()), Just("\n".to_string()), ".{0,6}"
                ],
                0..80,
            ),
        ) {
            let m = CsvMapping::default();
            read_all(&raw, &m);
            read_all(cells.concat().as_bytes(), &m);
            let joined = format!("dossier;gebeurtenis;datum;beoordeling\n{}", cells.join(";"));
            read_all(joined.as_bytes(), &m);
        }

        /// [`Quotes`], which looks only at quotes, agrees with `csv_core`'s reader state
        /// machine taken byte by byte, however the bytes come in pieces.
        #[test]
        fn quotes_follow_the_parser_byte_by_byte(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![b'"', b';', b'\n', b'\r', b'a', 0xEF, 0xBB, 0xBF]),
                0..60,
            ),
            cuts in proptest::collection::vec(0usize..60, 0..6),
        ) {
            let mut quotes = Quotes::new(b';');
            let mut at = 0;
            let mut cuts = cuts;
            cuts.sort_unstable();
            for cut in cuts.into_iter().chain([bytes.len()]) {
                let cut = cut.min(bytes.len()).max(at);
                quotes.feed(&bytes[at..cut]);
                at = cut;
            }
            prop_assert_eq!(quotes.open(), open_by_bytes(&bytes, b';'));
            // The line ends outside quoted fields: `\r\n`, `\n` and `\r` each end one line.
            let ends: Vec<u64> = (0..bytes.len())
                .filter(|&i| {
                    matches!(bytes[i], b'\n' | b'\r')
                        && !open_by_bytes(&bytes[..i], b';')
                        && !(bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r')
                })
                .map(|i| i as u64)
                .collect();
            prop_assert_eq!(quotes.ends.iter().copied().collect::<Vec<u64>>(), ends.clone());
            prop_assert_eq!(quotes.line_ends_before(bytes.len() as u64), ends.len() as u64);
        }
    }

    /// Whether `csv_core`'s reader (default settings) ends `bytes` inside a quoted field: its
    /// states merged where quotes do not tell them apart, after a whole byte order mark.
    fn open_by_bytes(bytes: &[u8], delimiter: u8) -> bool {
        #[derive(PartialEq)]
        enum S {
            FieldStart,
            Unquoted,
            Quoted,
            QuoteInQuoted,
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut s = S::FieldStart;
        for &b in bytes {
            s = match (s, b) {
                (S::Quoted, b'"') => S::QuoteInQuoted,
                (S::Quoted, _) => S::Quoted,
                (S::FieldStart | S::QuoteInQuoted, b'"') => S::Quoted,
                (_, b) if b == delimiter || b == b'\n' || b == b'\r' => S::FieldStart,
                _ => S::Unquoted,
            };
        }
        s == S::Quoted
    }

    /// The first implementation of [`LineCells::cells`]: a CSV reader per line.
    fn line_cells_reference(line: &[u8], delimiter: u8) -> Vec<Vec<u8>> {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let mut raw = Vec::with_capacity(line.len());
        for &b in line {
            if b == b'"' {
                raw.push(b'"');
            }
            raw.push(b);
        }
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(&raw[..]);
        let mut rec = csv::ByteRecord::new();
        match rdr.read_byte_record(&mut rec) {
            Ok(true) => rec.iter().map(<[u8]>::to_vec).collect(),
            _ => vec![Vec::new()],
        }
    }

    proptest::proptest! {
        /// One parser for every line splits each as a reader of its own did.
        #[test]
        fn line_cells_split_as_a_reader_per_line(
            lines in proptest::collection::vec("[a;\"\r ,é]{0,12}", 1..8)
        ) {
            let mut split = LineCells::new(b';');
            for l in &lines {
                proptest::prop_assert_eq!(
                    split.cells(l.as_bytes()),
                    line_cells_reference(l.as_bytes(), b';'),
                    "{:?}", l
                );
            }
        }
    }

    #[test]
    fn quotes_open_at_the_end() {
        let open = |t: &[u8]| {
            let mut q = Quotes::new(b';');
            q.feed(t);
            q.open()
        };
        assert!(open(b"a;\"b"));
        assert!(open(b"\xEF\xBB\xBF\"b"));
        assert!(open(b"a;\"b\"\""));
        assert!(!open(b"a;\"b\""));
        assert!(!open(b"a;b\"c"));
        assert!(!open(b"\xEF\xBB\"b"));
        assert!(open(b"x\n\"a\"b;\"c"));
    }

    #[test]
    fn a_record_beyond_the_limit_is_skipped_with_an_error() {
        let mut text = String::from("dossier;gebeurtenis;tekst\nA;voorwaarde;");
        text.push_str(&"x".repeat(3 << 20));
        text.push_str("\nB;voorwaarde;kort\n");
        let file: Arc<str> = "t.csv".into();
        let (mut units, mut msgs) = (0, Vec::new());
        let digest = read_units(
            Box::new(text.as_bytes()),
            &file,
            &CsvMapping::default(),
            1 << 10,
            &mut |_| units += 1,
            &mut |d| msgs.push(d.message),
        );
        assert!(digest.is_some());
        assert_eq!(units, 1, "B is read");
        assert_eq!(msgs.len(), 1, "{msgs:?}");
        assert!(msgs[0].contains("rij te lang") && msgs[0].contains("overgeslagen"));
    }

    /// Review 32: a last row short of the header's fields, with no line end after it, looks
    /// like a file cut off: a warning at its last field (the row is still read, short rows are
    /// allowed). With a line end, or with all its fields, it is an ordinary row.
    #[test]
    fn a_short_last_row_without_a_line_end_is_warned_about() {
        let head = "dossier;gebeurtenis;tekst\nA;voorwaarde;x\n";
        for (tail, warned) in [
            ("B;voorwaarde", true),
            ("B;voorwaarde\n", false),
            ("B;voorwaarde\r\n", false),
            ("B;voorwaarde;y", false),
            ("B;voorwaarde\n;;", false),
        ] {
            let text = format!("{head}{tail}");
            let file: Arc<str> = "t.csv".into();
            let (mut units, mut diags) = (0, Vec::new());
            read_units(
                Box::new(text.as_bytes()),
                &file,
                &CsvMapping::default(),
                1 << 10,
                &mut |_| units += 1,
                &mut |d| diags.push(d),
            );
            assert_eq!(units, 2, "{tail:?}");
            if warned {
                assert_eq!(diags.len(), 1, "{tail:?}: {diags:?}");
                assert!(!diags[0].is_error());
                assert_eq!((diags[0].pos.line, diags[0].pos.col), (3, 2));
                assert!(
                    diags[0]
                        .message
                        .starts_with("de laatste rij heeft 2 velden, de kopregel 3")
                );
            } else {
                assert!(diags.is_empty(), "{tail:?}: {diags:?}");
            }
        }
    }

    /// A record longer than the limit but within the read-ahead allowance is skipped too: the
    /// limit holds to the byte, not only beyond `SLACK`.
    #[test]
    fn a_record_just_beyond_the_limit_is_skipped() {
        let head = "dossier;gebeurtenis;tekst\n";
        let row = |id: &str, len: usize| {
            let mut r = format!("{id};voorwaarde;");
            r.push_str(&"x".repeat(len - r.len() - 1));
            r.push('\n');
            r
        };
        for (len, skipped) in [(1024, false), (1025, true)] {
            let text = format!("{head}{}{}", row("A", len), row("B", 30));
            let file: Arc<str> = "t.csv".into();
            let (mut ids, mut msgs) = (Vec::new(), Vec::new());
            read_units(
                Box::new(text.as_bytes()),
                &file,
                &CsvMapping::default(),
                1024,
                &mut |u| {
                    if let Unit::Csv(block) = u {
                        ids.push(String::from_utf8_lossy(&block.id).into_owned());
                    }
                },
                &mut |d| msgs.push((d.pos.line, d.message)),
            );
            if skipped {
                assert_eq!(ids, ["B"], "{len}");
                assert_eq!(msgs.len(), 1, "{msgs:?}");
                assert_eq!(msgs[0].0, 2);
                assert!(msgs[0].1.starts_with("rij te lang"), "{}", msgs[0].1);
            } else {
                assert_eq!(ids, ["A", "B"], "{len}");
                assert!(msgs.is_empty(), "{msgs:?}");
            }
        }
    }

    /// Fails every read: a disk or network file system that breaks off mid-file.
    struct Broken;

    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("schijf weg"))
        }
    }

    /// A file whose reading stops: rows read as they come are checked up to there; sorted
    /// rows are not (almost every dossier would miss rows), and the error says so.
    #[test]
    fn a_sorted_file_cut_short_checks_no_dossier() {
        let file: Arc<str> = "t.csv".into();
        for (sort_rows, head, checked, said) in [
            (None, "A;\nA;\nB;\n", 2, false),
            (Some(false), "A;\nB;\nA;\n", 3, false),
            (None, "A;\nB;\nA;\n", 0, true),
            (Some(true), "A;\nA;\nB;\n", 0, true),
        ] {
            let text = format!("dossier;gebeurtenis;tekst\n{head}C;voorwaarde;");
            let mapping = CsvMapping {
                sort_rows,
                ..CsvMapping::default()
            };
            let (mut units, mut msgs) = (0, Vec::new());
            let digest = read_units(
                Box::new(text.as_bytes().chain(Broken)),
                &file,
                &mapping,
                1 << 10,
                &mut |_| units += 1,
                &mut |d| msgs.push(d.message),
            );
            assert!(digest.is_none());
            assert_eq!(units, checked, "{sort_rows:?} {head:?}");
            assert_eq!(msgs.len(), 1, "{msgs:?}");
            assert!(msgs[0].contains("leesfout: schijf weg"), "{msgs:?}");
            assert_eq!(
                msgs[0].contains("geen dossier uit dit bestand"),
                said,
                "{msgs:?}"
            );
        }
    }

    #[test]
    fn a_short_hand_built_mapping_is_completed() {
        let m = CsvMapping {
            headers: vec!["nr".into()],
            ..CsvMapping::default()
        };
        let (units, _) = read_all(b"nr;gebeurtenis\nA;\n", &m);
        assert_eq!(units, 1);
    }

    #[test]
    fn column_indexes_match_the_table() {
        let idx = [
            (col::DOSSIER, "dossier"),
            (col::REGIO, "regio"),
            (col::SOORT, "soort"),
            (col::ONTVANGEN, "ontvangen"),
            (col::ACUUT, "acuut"),
            (col::SAMENVATTING, "samenvatting"),
            (col::MELDER_HOEDANIGHEID, "melder_hoedanigheid"),
            (col::MELDER_ROL, "melder_rol"),
            (col::MELDER_BEKEND, "melder_bekend"),
            (col::MELDER_ANONIEM, "melder_anoniem"),
            (col::MELDER_ANONIMITEITSGROND, "melder_anonimiteitsgrond"),
            (col::GEBEURTENIS, "gebeurtenis"),
            (col::DATUM, "datum"),
            (col::ID, "id"),
            (col::ROL, "rol"),
            (col::GEBOORTEJAAR, "geboortejaar"),
            (col::OMSCHRIJVING, "omschrijving"),
            (col::PRIORITEIT, "prioriteit"),
            (col::SITUATIE, "situatie"),
            (col::TEKST, "tekst"),
            (col::BESPROKEN_MET, "besproken_met"),
            (col::GEEN_DIALOOG_REDEN, "geen_dialoog_reden"),
            (col::BESLUIT, "besluit"),
            (col::OVER, "over"),
            (col::PERSONEN, "personen"),
            (col::REDEN, "reden"),
            (col::CONCLUSIE, "conclusie"),
            (col::PARTIJ, "partij"),
            (col::SCHRIFTELIJK, "schriftelijk"),
            (col::DOCUMENT, "document"),
            (col::WARM, "warm"),
            (col::VOORWAARDEN, "voorwaarden"),
            (col::GEACCEPTEERD, "geaccepteerd"),
            (col::BEOORDELING, "beoordeling"),
        ];
        assert_eq!(idx.len(), COLUMNS.len());
        for (i, key) in idx {
            assert_eq!(COLUMNS[i].key, key);
        }
    }

    #[test]
    fn every_row_field_exists_in_the_schema() {
        for c in COLUMNS {
            match c.target {
                Target::Dossier(f) => assert!(schema::DOSSIER.index(f).is_some(), "{f}"),
                Target::Melder(f) => assert!(schema::MELDER.index(f).is_some(), "{f}"),
                Target::Row(f) => {
                    let in_event = schema::GEBEURTENIS.index(f).is_some();
                    let in_item = ITEM_KINDS.iter().any(|(_, _, d)| d.index(f).is_some());
                    assert!(in_event || in_item, "{f}");
                }
                Target::Kind => {}
            }
        }
    }

    #[test]
    fn mapping_from_table_reads_and_rejects() {
        let t: toml::Table = "delimiter = \",\"\nlist_separator = \"|\"\ntrue_values = [\"J\"]\nfalse_values = [\"N\"]\n[columns]\ndossier = \"Dossiernummer\"\n[values]\n\"VB\" = \"veiligheidsbeoordeling\"\n".parse().unwrap();
        let m = CsvMapping::from_table(&t, &[]).unwrap();
        assert_eq!(m.delimiter, b',');
        assert_eq!(m.list_separator, '|');
        assert_eq!(m.true_values, vec!["j"]);
        assert_eq!(m.headers[col::DOSSIER], "Dossiernummer");
        assert_eq!(m.translate("vb", |_| true), "veiligheidsbeoordeling");
        // Only into a value the column can hold.
        assert_eq!(m.translate("vb", |t| t == "afgesloten"), "vb");
        assert_eq!(m.sort_rows, None);
        // A region name becomes a code of the run's region table; without that code it is
        // no target.
        let t: toml::Table = "[values]\n\"VT Utrecht\" = \"utrecht\"\n".parse().unwrap();
        let m = CsvMapping::from_table(&t, &["utrecht"]).unwrap();
        assert_eq!(m.translate("vt utrecht", |c| c == "utrecht"), "utrecht");
        let e = CsvMapping::from_table(&t, &["groningen"]).unwrap_err();
        assert!(e[0].message.contains("regiocode"), "{e:?}");
        for (text, value) in [("sort_rows = true", true), ("sort_rows = false", false)] {
            let t: toml::Table = text.parse().unwrap();
            assert_eq!(
                CsvMapping::from_table(&t, &[]).unwrap().sort_rows,
                Some(value)
            );
        }
        for (text, needle) in [
            ("sort_rows = \"ja\"", "`true` of `false`"),
            ("sort_row = true", "sort_rows"),
            ("delimitr = \";\"", "delimiter"),
            ("delimiter = \";;\"", "precies één teken"),
            ("[columns]\ndosier = \"x\"", "dossier"),
            ("[columns]\ndatum = \"id\"", "dezelfde kop"),
            ("[values]\n\"x\" = \"overdrcht\"", "overdracht"),
            ("true_values = [\"ja\"]\nfalse_values = [\"ja\"]", "allebei"),
            ("true_values = [\"ja\", \"nee\"]", "allebei"),
        ] {
            let t: toml::Table = text.parse().unwrap();
            let e = match CsvMapping::from_table(&t, &[]).unwrap_err().as_slice() {
                [one] => one.clone(),
                more => panic!("{text}: one error expected, got {more:?}"),
            };
            assert!(e.message.contains(needle), "{text}: {e:?}");
            // The clash of ja/nee lists is at the list the file writes (the later if both).
            if needle == "allebei" {
                let written = if text.contains("false_values") {
                    "csv.false_values"
                } else {
                    "csv.true_values"
                };
                assert_eq!(e.path, written, "{text}");
            }
            let unknown = ["sort_row =", "delimitr", "dosier"]
                .iter()
                .any(|k| text.contains(k));
            assert_eq!(e.at_key, unknown, "{text}");
        }
    }

    /// A mapping written for a new export often has several slips: all of them come in one run,
    /// each at its own key, and the good entries beside them do not add errors.
    #[test]
    fn every_mistake_of_the_mapping_is_reported_at_once() {
        // No error that only follows from another: a column key with a slip leaves that column
        // at its default header, which a good entry may take; a list of ja-words with a slip
        // leaves the default list, which the other list may share (rev58 F2).
        for text in [
            "[columns]\ngebeurtenis = \"soort\"\nsort = \"dossiersoort\"\n",
            "[columns]\ngebeurtenis = \"soort\"\nsoort = 5\n",
            "true_values = [\"yes\", 1]\nfalse_values = [\"no\", \"ja\"]\n",
        ] {
            let t: toml::Table = text.parse().unwrap();
            let e = CsvMapping::from_table(&t, &[]).unwrap_err();
            assert_eq!(e.len(), 1, "{text}: {e:?}");
        }
        // But two columns the user named alike still clash beside a slip (rev59 N4), also when
        // both take the default header of a third column (rev60 R3).
        for (text, header) in [
            (
                "[columns]\ndossier = \"Nr\"\ndatum = \"Nr\"\nsort = \"x\"\n",
                "Nr",
            ),
            (
                "[columns]\ngebeurtenis = \"soort\"\ndatum = \"soort\"\nsort = \"x\"\n",
                "soort",
            ),
        ] {
            let t: toml::Table = text.parse().unwrap();
            let e = CsvMapping::from_table(&t, &[]).unwrap_err();
            assert_eq!(e.len(), 2, "{text}: {e:?}");
            let clash = format!("dezelfde kop '{header}'");
            assert!(
                e.iter().any(|e| e.message.contains(&clash)),
                "{text}: {e:?}"
            );
        }
        let t: toml::Table = "delimitr = \";\"\nsort_rows = \"ja\"\n[columns]\ndosier = \"Nr\"\ndatum = \"Datum\"\ngebeurtenis = 5\n[values]\n\"VB\" = \"veiligheidsbeoordeling\"\n\"x\" = \"overdrcht\"\n"
            .parse()
            .unwrap();
        let e = CsvMapping::from_table(&t, &[]).unwrap_err();
        let mut paths: Vec<&str> = e.iter().map(|e| e.path.as_str()).collect();
        paths.sort_unstable();
        assert_eq!(
            paths,
            [
                "csv.columns.dosier",
                "csv.columns.gebeurtenis",
                "csv.delimitr",
                "csv.sort_rows",
                "csv.values.x"
            ],
            "{e:?}"
        );
    }
}
