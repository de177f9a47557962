//! Finding and reading inputs: files, directories, standard input and export manifests.
//!
//! Reading is split in two steps so the check can run in parallel and still stream: a file is cut
//! into [`Unit`]s (a YAML document, a JSON Lines line, an element of a JSON array) in file order,
//! and each unit is parsed and validated on its own by [`parse_unit`].

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use super::convert::to_dossier;
use super::csv_events::{self, CsvMapping};
use super::json::{self, JsonLimits};
use super::model::Dossier;
use super::node::{Node, OwnedNode, Pos, Value};
use super::regions::RegionTable;
use super::yaml;
use crate::diag::Diag;

/// Limits that keep one hostile file from exhausting memory, stack or time (each breach is an
/// error that names the limit; the rest of the batch goes on), and reader settings.
#[derive(Debug, Clone)]
pub struct ReadLimits {
    /// Largest YAML or JSON file read whole.
    pub max_file_bytes: u64,
    /// Longest JSON Lines line (one dossier).
    pub max_line_bytes: usize,
    /// Largest YAML document, in nodes (an alias counts the nodes it replays).
    pub max_nodes: usize,
    /// Deepest nesting of objects and lists, YAML and JSON alike.
    pub max_depth: usize,
    /// Longest single text value (a key or a string), in bytes.
    pub max_text_bytes: usize,
    /// How CSV event logs are laid out (the `[csv]` table of `vtcheck.toml`).
    pub csv: Arc<CsvMapping>,
}

impl Default for ReadLimits {
    fn default() -> Self {
        ReadLimits {
            max_file_bytes: 64 * 1024 * 1024,
            max_line_bytes: 16 * 1024 * 1024,
            max_nodes: 200_000,
            max_depth: yaml::DEFAULT_MAX_DEPTH,
            max_text_bytes: 1024 * 1024,
            csv: Arc::new(CsvMapping::default()),
        }
    }
}

/// A text in memory as bytes to read ([`Input::Embedded`]).
struct Text(Arc<str>);

impl AsRef<[u8]> for Text {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// What a path on the command line is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file, or a directory read recursively in sorted order (hidden entries skipped, with a
    /// warning); an `export.yaml` is read as a manifest.
    Path(PathBuf),
    /// Standard input, read as JSON Lines and named `-`.
    Stdin,
    /// A file held in memory: the shipped examples, compiled into the binary, or an
    /// embedder's own text. `name` is its file name as reports show it; its extension says how
    /// it is read (`export.yaml` is a manifest, `.yaml`, `.json`, `.jsonl`, `.csv` as on disk).
    Embedded {
        /// The name reports show; its extension says how the text is read.
        name: Arc<str>,
        /// The file's text.
        text: Arc<str>,
    },
}

/// How a file holds its dossiers, as its extension says ([`Container::from_path`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// YAML (`.yaml`, `.yml`): one dossier per document.
    Yaml,
    /// JSON (`.json`): one dossier, or a list of dossiers.
    Json,
    /// JSON Lines (`.jsonl`, `.ndjson`): one dossier per line; blank lines are skipped.
    JsonLines,
    /// A CSV event log (`docs/csv.md`).
    Csv,
}

impl Container {
    /// The container `p`'s extension names, in any case; `None` for any other extension.
    pub fn from_path(p: &Path) -> Option<Container> {
        // Compared without a lowercased copy: reports ask this of every finding's file.
        const BY_EXTENSION: [(&str, Container); 6] = [
            ("yaml", Container::Yaml),
            ("yml", Container::Yaml),
            ("json", Container::Json),
            ("jsonl", Container::JsonLines),
            ("ndjson", Container::JsonLines),
            ("csv", Container::Csv),
        ];
        let ext = p.extension()?;
        BY_EXTENSION
            .iter()
            .find(|(e, _)| ext.eq_ignore_ascii_case(e))
            .map(|&(_, c)| c)
    }
}

/// A file to read, in the order it will be read.
#[derive(Debug, Clone)]
pub struct FileJob {
    /// The file to read; `None` for standard input. For a text in memory, its name as a path, not
    /// read.
    pub path: Option<PathBuf>,
    /// The name reports use: the path as given or found, `-` for standard input.
    pub name: Arc<str>,
    /// How to read the file, by its extension (standard input: JSON Lines).
    pub container: Container,
    /// Index into [`Plan::manifests`] of the manifest whose directory holds this file.
    pub manifest: Option<usize>,
    /// Text held in memory ([`Input::Embedded`]), read instead of `path`.
    pub embedded: Option<Arc<str>>,
}

/// An export manifest (`export.yaml`).
#[derive(Debug, Clone)]
pub struct Manifest {
    /// The manifest's name as reports show it: the path as given or found.
    pub file: Arc<str>,
    /// The directory the manifest is in, as given (not resolved): the export it describes.
    pub dir: PathBuf,
    /// `regio`: the region of every dossier of the export, as written (checked against the region
    /// table); `None` when absent or in error.
    pub regio: Option<String>,
    /// `exportdatum`: the export's date, the natural as-of date ([`crate::check::resolve_as_of`]);
    /// `None` when absent or in error.
    pub exportdatum: Option<NaiveDate>,
    /// `bron`: the source system, as written; not checked.
    pub bron: Option<String>,
    /// `aantal_dossiers`, the number of dossiers the exporter wrote, and where it is written:
    /// compared with the dossiers read when [`Manifest::whole_export`].
    pub aantal_dossiers: Option<(u64, Pos)>,
    /// SHA-256 of the text read: the manifest decides the as-of date and the region and count
    /// checks, so the audit trail names it with the dossier files.
    pub sha256: Option<String>,
    /// Whether the run reads the whole export, so `aantal_dossiers` is checked: its directory
    /// was given, or the manifest was named among the files. A manifest found beside files named
    /// without it applies its date and region only: naming some files of an export is fine.
    pub whole_export: bool,
}

/// All files to read and the manifests found, before any dossier is read.
#[derive(Debug, Default)]
pub struct Plan {
    /// The files to read, in reading order: the inputs as given, a directory's entries sorted.
    pub files: Vec<FileJob>,
    /// The export manifests read, in the order read; [`FileJob::manifest`] indexes them.
    pub manifests: Vec<Manifest>,
    /// Every manifest file read or tried, resolved: one found beside named files is not read
    /// (or reported) a second time.
    tried: Vec<PathBuf>,
    /// The input errors and warnings of planning (a path that does not exist, a skipped file,
    /// a manifest's errors), each with its place in the reading order: `(at, key)`, where `at`
    /// is the number of files of [`Plan::files`] read before it and `key` orders those at one
    /// place (see [`Plan::take_diags`]).
    diags: Vec<(usize, u64, Diag)>,
    /// The next free key: odd keys are the diagnostics in the order found, even keys the places
    /// between them.
    next_key: u64,
    /// Per manifest, the place right after the diagnostics of its reading.
    manifest_place: Vec<(usize, u64)>,
}

impl Plan {
    /// A diagnostic found while planning, read before the file `at` of [`Plan::files`].
    fn diag_at(&mut self, at: usize, d: Diag) {
        self.diags.push((at, self.next_key + 1, d));
        self.next_key += 2;
    }

    /// A diagnostic read before the next file planned.
    fn diag(&mut self, d: Diag) {
        self.diag_at(self.files.len(), d);
    }

    /// Reads the manifest `p` (see [`read_manifest`]) and notes that it was tried; its
    /// diagnostics come before the file `at`.
    fn read_manifest(&mut self, p: &Path, regions: &RegionTable, at: usize) -> Option<Manifest> {
        self.tried.extend(p.canonicalize());
        let mut diags = Vec::new();
        let m = read_manifest(p, regions, &mut diags);
        self.found(at, diags);
        m
    }

    fn found(&mut self, at: usize, diags: Vec<Diag>) {
        for d in diags {
            self.diag_at(at, d);
        }
    }

    /// Adds a manifest read before the file `at`, after the diagnostics of its reading.
    fn add_manifest(&mut self, m: Manifest, at: usize) {
        self.manifests.push(m);
        self.manifest_place.push((at, self.next_key));
    }

    /// A diagnostic about manifest `m` found after planning (an export date that differs from
    /// the as-of date): it comes right after the diagnostics of the manifest's reading.
    pub fn manifest_diag(&mut self, m: usize, d: Diag) {
        let (at, key) = self.manifest_place[m];
        self.diags.push((at, key, d));
    }

    /// Takes the diagnostics of planning out, in reading order, each with the number of files
    /// read before it: the inputs in the order given, a directory's entries in sorted order, a
    /// manifest found beside a named file before that file. A run lists each before the file
    /// at its place, so input errors and warnings come in one reading order.
    pub fn take_diags(&mut self) -> Vec<(usize, Diag)> {
        let mut diags = std::mem::take(&mut self.diags);
        diags.sort_by_key(|(at, key, _)| (*at, *key));
        diags.into_iter().map(|(at, _, d)| (at, d)).collect()
    }

    fn has_tried(&self, p: &Path) -> bool {
        p.canonicalize().is_ok_and(|r| self.tried.contains(&r))
    }
}

/// The plan in reading order: each of `files` (a plan's [`Plan::files`]) after the diagnostics
/// planned before it, then those planned after the last file (`diags` from
/// [`Plan::take_diags`]).
pub fn reading_order(
    files: &[FileJob],
    diags: Vec<(usize, Diag)>,
) -> impl Iterator<Item = Step<'_>> {
    let mut diags = diags.into_iter().peekable();
    let mut next = 0;
    std::iter::from_fn(move || {
        if let Some((_, d)) = diags.next_if(|(at, _)| *at <= next) {
            return Some(Step::Diag(d));
        }
        match files.get(next) {
            Some(job) => {
                next += 1;
                Some(Step::File(next - 1, job))
            }
            None => diags.next().map(|(_, d)| Step::Diag(d)),
        }
    })
}

/// One step of [`reading_order`].
pub enum Step<'p> {
    /// An input error or warning of planning, at its place.
    Diag(Diag),
    /// The file with this index in [`Plan::files`].
    File(usize, &'p FileJob),
}

/// The file name of an export manifest: a file so named is read as one, never as a dossier.
pub const MANIFEST_NAME: &str = "export.yaml";

/// The help on a line of standard input that is not JSON: a CSV export piped in is read as JSON
/// Lines, one error per line. [`parse_unit_named`] adds it to every such line; the run keeps it
/// on the first line of standard input that fails ([`keep_stdin_help_once`]).
pub const STDIN_HELP: &str = "standaardinvoer (`-`) leest alleen JSON Lines, één dossier per regel; \
     geef een CSV-export als pad naar het bestand (`vtcheck check export.csv`)";

/// Standard input's name in messages.
pub const STDIN_NAME: &str = "-";

/// Whether a line of standard input that failed holds no JSON object: it does not start with
/// `{` after white space and a byte order mark.
fn not_json(file: &str, container: Container, text: &str) -> bool {
    file == STDIN_NAME
        && container == Container::JsonLines
        && !text
            .trim_start_matches(|c: char| c == '\u{feff}' || c.is_whitespace())
            .starts_with('{')
}

/// The help on the first line of JSON Lines input when it only opens an object or a list (`{`,
/// `[`): JSON written over several lines, each line of which is read as a dossier of its own
/// and fails. Once, on line 1: the lines after it are the same mistake.
fn spread_json_help(file: &str, container: Container, text: &str, line: u32) -> Option<String> {
    let opens = line == 1
        && container == Container::JsonLines
        && matches!(
            text.trim_matches(|c: char| c == '\u{feff}' || c.is_whitespace()),
            "{" | "["
        );
    let what = "JSON Lines heeft één dossier per regel, en deze regel opent alleen een object of \
                een lijst: is dit JSON over meerdere regels?";
    opens.then(|| {
        if file == STDIN_NAME {
            format!("{what} Standaardinvoer (`-`) leest alleen JSON Lines: schrijf elk dossier op één regel, of geef een JSON-bestand als pad")
        } else {
            format!("{what} Geef het bestand dan de extensie .json, of schrijf elk dossier op één regel")
        }
    })
}

/// Keeps [`STDIN_HELP`] only on the first unit of standard input that fails, given the
/// diagnostics of each unit in reading order (`failed`: such a unit was seen before). The
/// errors themselves stay, one per line, as each line is counted.
pub fn keep_stdin_help_once(failed: &mut bool, diags: &mut [Diag]) {
    let from_stdin = |d: &Diag| d.is_error() && &*d.file == STDIN_NAME;
    if !diags.iter().any(from_stdin) {
        return;
    }
    if *failed {
        for d in diags.iter_mut() {
            if d.help.as_deref() == Some(STDIN_HELP) {
                d.help = None;
            }
        }
    }
    *failed = true;
}

fn display(p: &Path) -> Arc<str> {
    super::shown_path(p).into()
}

/// Expands the inputs: directories recursively in sorted order; manifests are read now because
/// they set the as-of date. Problems become diagnostics, kept in the plan with their place in
/// the reading order ([`Plan::take_diags`]); nothing is skipped without one.
pub fn plan(inputs: &[Input], regions: &RegionTable) -> Plan {
    let mut plan = Plan::default();
    for input in inputs {
        match input {
            Input::Stdin => plan.files.push(FileJob {
                path: None,
                name: STDIN_NAME.into(),
                container: Container::JsonLines,
                manifest: None,
                embedded: None,
            }),
            Input::Embedded { name, text } => {
                let path = Path::new(&**name);
                let n: Arc<str> = name.clone();
                if path.file_name().is_some_and(|f| f == MANIFEST_NAME) {
                    let mut diags = Vec::new();
                    let m = manifest_from_text(text, &n, path, regions, &mut diags);
                    let at = plan.files.len();
                    plan.found(at, diags);
                    if let Some(m) = m {
                        plan.add_manifest(m, at);
                    }
                } else if let Some(container) = Container::from_path(path) {
                    let manifest = plan.manifests.len().checked_sub(1);
                    plan.files.push(FileJob {
                        path: Some(path.to_path_buf()),
                        name: n,
                        container,
                        manifest,
                        embedded: Some(text.clone()),
                    });
                }
            }
            Input::Path(p) if p.is_dir() => plan_dir(p, regions, &mut plan),
            Input::Path(p) => {
                let name = display(p);
                if !p.exists() {
                    plan.diag(Diag::error(
                        &name,
                        Pos::default(),
                        "bestand of map bestaat niet",
                    ));
                } else if p.file_name().is_some_and(|n| n == MANIFEST_NAME) {
                    let at = plan.files.len();
                    if let Some(m) = plan.read_manifest(p, regions, at) {
                        plan.add_manifest(m, at);
                    }
                } else if let Some(container) = Container::from_path(p) {
                    plan.files.push(FileJob {
                        path: Some(p.clone()),
                        name,
                        container,
                        manifest: None,
                        embedded: None,
                    });
                } else {
                    let help = if p.file_name().is_some_and(|n| n == crate::config::FILE_NAME) {
                        SETTINGS_HELP
                    } else {
                        "vtcheck leest .yaml, .yml, .json, .jsonl, .ndjson en .csv"
                    };
                    plan.diag(
                        Diag::error(&name, Pos::default(), "onbekend bestandstype")
                            .with_help(Some(help.into())),
                    );
                }
            }
        }
    }
    // A file named without its manifest, or read from a directory of an export (a month's
    // folder, `check .` inside one), still belongs to its export: the README's export is a
    // manifest's directory with the subdirectories that have none of their own. The nearest
    // `export.yaml` above the file (its own directory first) applies its date and region as when
    // the export's directory is given, but not its count (see `whole_export`). In the reading
    // order it comes just before the first file it claims.
    claim_by_nearest_manifest(&mut plan, regions);
    // What the nearest manifest did not claim (its file could not be read, or the file's
    // directory cannot be resolved) belongs to a manifest named among the inputs whose export
    // holds it. Directories are compared resolved: `export.yaml` (directory "") must not claim
    // `../x.yaml` or `/tmp/y`. A manifest that applies without its count claims its own
    // directory only.
    if !plan.manifests.is_empty() {
        let dirs: Vec<Option<PathBuf>> = plan.manifests.iter().map(|m| resolved(&m.dir)).collect();
        for job in &mut plan.files {
            if let (None, None, Some(path)) = (job.manifest, &job.embedded, &job.path) {
                let Some(dir) = path.parent().and_then(resolved) else {
                    continue;
                };
                job.manifest = dirs
                    .iter()
                    .enumerate()
                    .filter_map(|(i, d)| Some((i, d.as_ref()?)))
                    .filter(|(i, d)| {
                        if plan.manifests[*i].whole_export {
                            dir.starts_with(d)
                        } else {
                            dir == **d
                        }
                    })
                    .max_by_key(|(_, d)| d.components().count())
                    .map(|(i, _)| i);
            }
        }
    }
    plan
}

/// Gives each file read from disk that no manifest claims yet the nearest `export.yaml` in its
/// directory or above it, reading that manifest (once) if the inputs did not name it. Looked up
/// once per directory: a directory of 100,000 dossier files costs one walk up.
fn claim_by_nearest_manifest(plan: &mut Plan, regions: &RegionTable) {
    use std::collections::HashMap;
    // Manifests read so far, by their resolved file.
    let mut by_file: HashMap<PathBuf, Option<usize>> = plan
        .manifests
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((resolved(&m.dir)?.join(MANIFEST_NAME), Some(i))))
        .collect();
    // The nearest manifest file of each directory looked up (resolved), `None` for none.
    let mut nearest: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    for i in 0..plan.files.len() {
        let job = &plan.files[i];
        if job.manifest.is_some() || job.embedded.is_some() {
            continue;
        }
        let Some(given) = job.path.as_deref().and_then(Path::parent) else {
            continue;
        };
        let Some(dir) = resolved(given) else {
            continue;
        };
        let found = match nearest.get(&dir) {
            Some(f) => f.clone(),
            None => {
                let f = dir
                    .ancestors()
                    .map(|a| a.join(MANIFEST_NAME))
                    .find(|c| c.is_file());
                nearest.insert(dir.clone(), f.clone());
                f
            }
        };
        let Some(file) = found else {
            continue;
        };
        let index = match by_file.get(&file) {
            Some(index) => *index,
            // Tried before and not read (an error already reported), or read as another name.
            None if plan.has_tried(&file) => None,
            None => {
                // Beside the file: named as the file's directory was given; above it: relative
                // to the working directory.
                let shown = if file.parent() == Some(dir.as_path()) {
                    given.join(MANIFEST_NAME)
                } else {
                    shown_path(&file)
                };
                let index = plan.read_manifest(&shown, regions, i).map(|mut m| {
                    m.whole_export = false;
                    plan.add_manifest(m, i);
                    plan.manifests.len() - 1
                });
                by_file.insert(file, index);
                index
            }
        };
        plan.files[i].manifest = index;
    }
}

/// A resolved path as messages show it: relative to the working directory where it lies below
/// it or above it (`../export.yaml`), else as it is.
fn shown_path(path: &Path) -> PathBuf {
    let Ok(cwd) = std::env::current_dir().and_then(|d| d.canonicalize()) else {
        return path.to_path_buf();
    };
    if let Ok(below) = path.strip_prefix(&cwd) {
        return below.to_path_buf();
    }
    // Above: as many `..` as the working directory is deeper than their common ancestor.
    let common = cwd.ancestors().find(|a| path.starts_with(a));
    match common {
        Some(c) if c.parent().is_some() => {
            let up = cwd.strip_prefix(c).map_or(0, |r| r.components().count());
            let mut out: PathBuf = std::iter::repeat_n("..", up).collect();
            out.push(path.strip_prefix(c).unwrap_or(path));
            out
        }
        _ => path.to_path_buf(),
    }
}

/// A directory as the file system resolves it (`""` is the current directory).
fn resolved(dir: &Path) -> Option<PathBuf> {
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    dir.canonicalize().ok()
}

/// The manifest whose directory holds `path` most closely (paths compared without `./`).
fn deepest_manifest(manifests: &[Manifest], path: &Path) -> Option<usize> {
    let plain = |p: &Path| -> PathBuf {
        p.components()
            .filter(|c| !matches!(c, std::path::Component::CurDir))
            .collect()
    };
    let path = plain(path);
    manifests
        .iter()
        .enumerate()
        .filter(|(_, m)| path.starts_with(plain(&m.dir)))
        .max_by_key(|(_, m)| plain(&m.dir).components().count())
        .map(|(i, _)| i)
}

/// The warning for a hidden entry of a directory, which is not read. Its hint fits the entry:
/// renaming `.git` or reading it would be wrong, so a directory is told how to read one that
/// does hold dossiers, and only a file with a dossier file's name is told how to read it.
fn hidden_warning(p: &Path, is_dir: bool) -> Diag {
    let (message, help) = if is_dir {
        (
            "overgeslagen: verborgen map (naam begint met een punt)",
            Some(
                "een verborgen map (zoals .git) wordt niet doorzocht; staan er dossiers in, geef de map dan zelf op",
            ),
        )
    } else {
        (
            "overgeslagen: verborgen bestand (naam begint met een punt)",
            Container::from_path(p).map(
                |_| "geef het pad zelf op om het toch te lezen, of geef het een naam zonder punt",
            ),
        )
    };
    Diag::warning(&display(p), Pos::default(), message).with_help(help.map(str::to_string))
}

fn plan_dir(dir: &Path, regions: &RegionTable, plan: &mut Plan) {
    // Hidden entries (`.git`, `.DS_Store`, an editor's `.d.yaml.swp`) are not read, but each is
    // named in a warning, at its place in the sorted order: nothing in an export is passed over
    // silently.
    let hidden = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let skip = e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.');
            if skip {
                hidden
                    .borrow_mut()
                    .push((e.path().to_path_buf(), e.file_type().is_dir()));
            }
            !skip
        });
    let first_file = plan.files.len();
    let first_manifest = plan.manifests.len();
    let mut manifest_here = None;
    // Whether an entry could not be listed or resolved (and is no dossier file): its error says
    // more than "no dossier files" would.
    let mut unlisted = false;
    // The walker filters hidden entries while it looks for the next entry, so those noted by
    // then come before it.
    let warn_hidden = |plan: &mut Plan| {
        for (p, is_dir) in hidden.borrow_mut().drain(..) {
            plan.diag(hidden_warning(&p, is_dir));
        }
    };
    for entry in walker {
        warn_hidden(plan);
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let name = e.path().map(display).unwrap_or_else(|| display(dir));
                if e.loop_ancestor().is_some() {
                    plan.diag(Diag::error(
                        &name,
                        Pos::default(),
                        "symbolische koppeling vormt een lus; deze map wordt overgeslagen",
                    ));
                    continue;
                }
                // An entry the directory lists but that cannot be resolved (a broken symbolic
                // link, a link to itself) and is no directory.
                let entry = e.path().filter(|p| e.depth() > 0 && !p.is_dir());
                if let Some(p) = entry {
                    if p.file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                    {
                        // Hidden: not read, whatever it is (an editor's lock file `.#d.yaml`
                        // is a broken link).
                        plan.diag(hidden_warning(p, false));
                        continue;
                    }
                    if let Some(container) = Container::from_path(p)
                        && p.file_name().is_some_and(|n| n != MANIFEST_NAME)
                    {
                        // A dossier file by its name: one that cannot be read, counted as any
                        // unreadable file (one file, one invalid dossier). Reading it says why.
                        plan.files.push(FileJob {
                            path: Some(p.to_path_buf()),
                            name,
                            container,
                            manifest: None,
                            embedded: None,
                        });
                        continue;
                    }
                }
                // A directory that cannot be listed (or an entry that is no dossier file by its
                // name): an input error, but no dossier; what it holds is not known.
                unlisted = true;
                plan.diag(Diag::error(
                    &name,
                    Pos::default(),
                    format!("kan niet gelezen worden: {}", io_reason(e.io_error())),
                ));
                continue;
            }
        };
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            // A FIFO, socket or device (or a link to one) could block or never end.
            plan.diag(Diag::warning(
                &display(entry.path()),
                Pos::default(),
                "overgeslagen: geen gewoon bestand (een pipe, socket of apparaat)",
            ));
            continue;
        }
        let p = entry.path();
        if p.file_name().is_some_and(|n| n == MANIFEST_NAME) {
            let at = plan.files.len();
            if let Some(m) = plan.read_manifest(p, regions, at) {
                if p.parent() == Some(dir) {
                    manifest_here = Some(plan.manifests.len());
                }
                plan.add_manifest(m, at);
            }
            continue;
        }
        match Container::from_path(p) {
            Some(container) => plan.files.push(FileJob {
                path: Some(p.to_path_buf()),
                name: display(p),
                container,
                manifest: None,
                embedded: None,
            }),
            // Settings put into the export (as if vtcheck looked there): say where it looks,
            // whether or not this happens to be the file in use.
            None if p.file_name().is_some_and(|n| n == crate::config::FILE_NAME) => plan.diag(
                Diag::warning(
                    &display(p),
                    Pos::default(),
                    "overgeslagen: een instellingenbestand in de invoer, geen dossierbestand",
                )
                .with_help(Some(SETTINGS_HELP.into())),
            ),
            None => plan.diag(
                Diag::warning(
                    &display(p),
                    Pos::default(),
                    "overgeslagen: geen dossierbestand",
                )
                .with_help(Some(
                    "vtcheck leest .yaml, .yml, .json, .jsonl, .ndjson en .csv".into(),
                )),
            ),
        }
    }
    warn_hidden(plan);
    // Nested manifests apply to their own subtree; the deepest one wins.
    for job in &mut plan.files[first_file..] {
        let Some(path) = &job.path else { continue };
        job.manifest = deepest_manifest(&plan.manifests, path).or(manifest_here);
    }
    // A directory without a dossier is most likely the wrong path (or an export step that wrote
    // nothing): checking nothing must not pass. A manifest that says 0 makes it an empty export.
    let says_empty = plan.manifests[first_manifest..]
        .iter()
        .any(|m| matches!(m.aantal_dossiers, Some((0, _))));
    if plan.files.len() == first_file && !says_empty && !unlisted {
        plan.diag(
            Diag::error(
                &display(dir),
                Pos::default(),
                "map bevat geen dossierbestanden",
            )
            .with_help(Some(
                "vtcheck leest .yaml, .yml, .json, .jsonl, .ndjson en .csv; een lege export \
                     heeft een export.yaml met `aantal_dossiers: 0`"
                    .into(),
            )),
        );
    }
}

fn io_reason(e: Option<&std::io::Error>) -> String {
    match e.map(|e| e.kind()) {
        Some(std::io::ErrorKind::NotFound) => "niet gevonden".into(),
        Some(std::io::ErrorKind::PermissionDenied) => "geen leesrechten".into(),
        Some(_) => e.map(crate::diag::io_nl).unwrap_or_default(),
        None => "onbekende fout".into(),
    }
}

fn read_manifest(p: &Path, regions: &RegionTable, diags: &mut Vec<Diag>) -> Option<Manifest> {
    let name = display(p);
    let text = match std::fs::read_to_string(p) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diag::error(
                &name,
                Pos::default(),
                format!("kan niet gelezen worden: {}", io_reason(Some(&e))),
            ));
            return None;
        }
    };
    manifest_from_text(&text, &name, p, regions, diags)
}

fn manifest_from_text(
    text: &str,
    name: &Arc<str>,
    p: &Path,
    regions: &RegionTable,
    diags: &mut Vec<Diag>,
) -> Option<Manifest> {
    let name = name.clone();
    let docs = yaml::content_documents(text);
    let Some(doc) = docs.first() else {
        diags.push(Diag::error(&name, Pos::default(), "leeg exportmanifest"));
        return None;
    };
    // What a second document holds would be ignored: say so instead.
    if let Some(second) = docs.get(1) {
        diags.push(
            Diag::error(
                &name,
                Pos::new(second.first_line, 1, second.offset as u32),
                "een exportmanifest is één YAML-document; dit is een tweede",
            )
            .with_help(Some("zet alle velden in één document, zonder `---`".into())),
        );
    }
    let node = match yaml::parse_document(doc, 1_000) {
        Ok(n) => n,
        Err(e) => {
            diags.push(e.diag(&name));
            return None;
        }
    };
    let sha256 = crate::report::sha256_hex(text.as_bytes());
    super::manifest::from_node(
        &node,
        &name,
        p.parent().unwrap_or(Path::new(".")),
        regions,
        diags,
    )
    .map(|m| Manifest {
        sha256: Some(sha256),
        ..m
    })
}

/// `text` with every CR that is not followed by an LF turned into an LF (CRLF stays).
fn lone_cr_as_lf(text: String) -> String {
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only ASCII bytes changed, for ASCII bytes.
    String::from_utf8(bytes).unwrap_or_default()
}

/// One dossier's worth of input, cut from a file in order.
#[derive(Debug)]
pub enum Unit {
    /// A YAML document or a JSON Lines line, not yet parsed.
    Text {
        /// The file's name as reports show it.
        file: Arc<str>,
        /// How to parse `text`: YAML or JSON Lines.
        container: Container,
        /// The document or line.
        text: String,
        /// The line of the file where `text` starts, from 1.
        first_line: u32,
        /// Columns before the text on its first line (a YAML document after `--- `).
        first_col: u32,
        /// The byte offset in the file where `text` starts.
        offset: usize,
    },
    /// An element of a JSON file, already parsed (the whole file had to be parsed to split it).
    Node {
        /// The file's name as reports show it.
        file: Arc<str>,
        /// The element, with its positions in the file.
        node: OwnedNode,
    },
    /// The rows of one dossier of a CSV event log, converted by [`csv_events::Block::build`].
    Csv(Box<csv_events::Block>),
}

impl Unit {
    /// The name of the file the unit was cut from, as reports show it.
    pub fn file(&self) -> &Arc<str> {
        match self {
            Unit::Text { file, .. } | Unit::Node { file, .. } => file,
            Unit::Csv(block) => block.file(),
        }
    }

    /// About how many bytes the unit holds while it waits to be checked: the reader cuts its
    /// batches by this as well as by count, so that a few dossiers of 15 MB each do not make a
    /// batch of a thousand (memory must not grow with the dossiers, whatever their size). An
    /// element of a JSON file counts nothing: its file is already read whole, within its cap.
    pub fn weight(&self) -> usize {
        match self {
            Unit::Text { text, .. } => text.len(),
            Unit::Node { .. } => 0,
            Unit::Csv(block) => block.weight(),
        }
    }
}

/// Parses one JSON dossier (a line of a JSON Lines export, or a `.json` file) into the model:
/// the embedding entry point. `line` is the line number reported in diagnostics.
///
/// `Ok` holds the dossier and the warnings its reading gave (an unknown field, an unknown
/// event kind, a region that did not exist yet, a BSN-like id): a registration system shows them
/// when the dossier is saved, since a misspelt event kind is ignored by every rule. `Err` holds
/// the diagnostics of a dossier that cannot be checked, at least one of them an error.
pub fn dossier_from_json(
    text: &str,
    file: &Arc<str>,
    line: u32,
    regions: &RegionTable,
) -> Result<(Dossier, Vec<Diag>), Vec<Diag>> {
    let mut diags = Vec::new();
    let unit = Unit::Text {
        file: file.clone(),
        container: Container::JsonLines,
        text: text.to_string(),
        first_line: line,
        first_col: 0,
        offset: 0,
    };
    match parse_unit(unit, regions, &ReadLimits::default(), &mut diags) {
        Some(d) => Ok((d, diags)),
        None => Err(diags),
    }
}

/// Parses one YAML dossier (the text of a `.yaml` file of an export, one document) into the
/// model, as [`dossier_from_json`] does JSON: `Ok` with the warnings, `Err` with the
/// diagnostics of a dossier that cannot be checked. A text with more than one document is an
/// error (read a file of several with [`units_from_bytes`]).
pub fn dossier_from_yaml(
    text: &str,
    file: &Arc<str>,
    regions: &RegionTable,
) -> Result<(Dossier, Vec<Diag>), Vec<Diag>> {
    let limits = ReadLimits::default();
    let mut diags = Vec::new();
    let mut units = Vec::new();
    units_from_bytes(
        text.as_bytes().to_vec(),
        Container::Yaml,
        file,
        &limits,
        &mut |u| units.push(u),
        &mut |d| diags.push(d),
    );
    if diags.iter().any(Diag::is_error) {
        return Err(diags);
    }
    let mut units = units.into_iter();
    match (units.next(), units.next()) {
        (Some(unit), None) => match parse_unit(unit, regions, &limits, &mut diags) {
            Some(d) => Ok((d, diags)),
            None => Err(diags),
        },
        (first, second) => {
            let n = usize::from(first.is_some()) + usize::from(second.is_some()) + units.len();
            diags.push(Diag::error(
                file,
                Pos::default(),
                format!("verwacht één dossier, gevonden {n}"),
            ));
            Err(diags)
        }
    }
}

/// Parses and validates one unit. Diagnostics go to `diags`; `None` means the dossier is invalid.
pub fn parse_unit(
    unit: Unit,
    regions: &RegionTable,
    limits: &ReadLimits,
    diags: &mut Vec<Diag>,
) -> Option<Dossier> {
    parse_unit_named(unit, regions, limits, diags).ok()
}

/// [`parse_unit`], which for an invalid dossier also gives its `id` and position when they
/// could be read: an invalid dossier still takes part in the check for repeated ids.
pub fn parse_unit_named(
    unit: Unit,
    regions: &RegionTable,
    limits: &ReadLimits,
    diags: &mut Vec<Diag>,
) -> Result<Dossier, Option<(String, Pos)>> {
    // The id of a tree that did not become a dossier, if it is one a dossier could have (a
    // code or a whole number, as the model reads it; not empty).
    let named = |n: &Node<'_>| {
        let id = match &n.get("id")?.value {
            Value::Str(s) if !crate::chars::is_blank(s) => s.to_string(),
            Value::Int(i) => i.to_string(),
            _ => return None,
        };
        Some((id, n.pos))
    };
    match unit {
        Unit::Node { file, node } => {
            validate(&file, &node, None, regions, limits, diags).ok_or_else(|| named(&node))
        }
        Unit::Csv(block) => {
            let file = block.file().clone();
            match block.build(regions, diags) {
                Ok(node) => {
                    validate(&file, &node, None, regions, limits, diags).ok_or_else(|| named(&node))
                }
                Err(id) => Err(id),
            }
        }
        Unit::Text {
            file,
            container,
            text,
            first_line,
            first_col,
            offset,
        } => {
            // The tree may borrow from `text`, so it is validated before `text` goes.
            let parsed = match container {
                Container::Yaml => {
                    let doc = yaml::Document {
                        text: &text,
                        first_line,
                        first_col,
                        offset,
                    };
                    yaml::parse_document_with(
                        &doc,
                        yaml::YamlLimits {
                            max_nodes: limits.max_nodes,
                            max_depth: limits.max_depth,
                            unit: "dossier",
                        },
                    )
                    .map(|n| (n, None))
                    .map_err(|e| (e.pos, e.message, e.help))
                }
                _ => json::parse_measured(
                    &text,
                    first_line,
                    JsonLimits {
                        max_depth: limits.max_depth,
                    },
                    limits.max_text_bytes,
                )
                .map(|(n, overlong)| (n, Some(overlong)))
                .map_err(|e| (e.pos, format!("ongeldige JSON: {}", e.message), None)),
            };
            match parsed {
                Ok((n, measured)) => {
                    validate(&file, &n, measured, regions, limits, diags).ok_or_else(|| named(&n))
                }
                Err((pos, msg, help)) => {
                    let help = help
                        .or_else(|| spread_json_help(&file, container, &text, first_line))
                        .or_else(|| {
                            not_json(&file, container, &text).then(|| STDIN_HELP.to_string())
                        });
                    diags.push(Diag::error(&file, pos, msg).with_help(help));
                    Err(None)
                }
            }
        }
    }
}

/// The text-length limit, then conversion into the model. `measured` is the JSON parser's own
/// finding on text lengths; other sources are walked here.
fn validate(
    file: &Arc<str>,
    node: &Node<'_>,
    measured: Option<Option<Pos>>,
    regions: &RegionTable,
    limits: &ReadLimits,
    diags: &mut Vec<Diag>,
) -> Option<Dossier> {
    let overlong = measured.unwrap_or_else(|| overlong_text(node, limits.max_text_bytes));
    if let Some(pos) = overlong {
        diags.push(Diag::error(
            file,
            pos,
            format!(
                "tekst te lang: meer dan {} in één waarde (grens voor één tekstveld)",
                size_nl(limits.max_text_bytes as u64)
            ),
        ));
        return None;
    }
    let dossier = to_dossier(node, file, regions, diags)?;
    // Reports print ids with BSN-like numbers masked; the warning says why an id reads
    // `*********`, at a position that finds the dossier without printing its number.
    if crate::privacy::name_has_bsn(dossier.id()) {
        let at = dossier.root.slot(super::schema::idx::D_ID).pos;
        diags.push(
            Diag::warning(
                file,
                at,
                format!(
                    "dossiernummer lijkt een BSN (negen cijfers die de elfproef doorstaan); \
                     vtcheck toont het {}",
                    // As reports show it: masked where the id is shaped like a code, else as a
                    // placeholder (`111 222 333` has spaces).
                    if crate::privacy::looks_like_a_code(dossier.id()) {
                        "gemaskeerd, als `*********`"
                    } else {
                        "niet, maar als `(niet getoond: lijkt tekst, #…)`"
                    }
                ),
            )
            .with_help(Some(
                "een dossiernummer hoort pseudoniem te zijn (dossierformaat v1, `id`); \
                 bestand, regel en kolom wijzen het dossier aan"
                    .into(),
            )),
        );
    }
    // A region that merged into another before the dossier was received: still checked and
    // compared under its own code (the export says so), but most likely a stale code.
    if regions.dated()
        && !regions.valid_on(dossier.region(), dossier.received())
        && let Some(r) = regions.get(dossier.region())
    {
        let at = dossier.root.slot(super::schema::idx::D_REGIO).pos;
        let span = match (&r.geldig_vanaf, &r.geldig_tot) {
            (Some(from), Some(to)) => format!("geldig van {from} tot en met {to}"),
            (Some(from), None) => format!("geldig vanaf {from}"),
            (None, Some(to)) => format!("geldig tot en met {to}"),
            (None, None) => String::new(),
        };
        let then = match &r.opvolger {
            Some(next) => format!("; opvolger: `{next}`"),
            None => String::new(),
        };
        diags.push(
            Diag::warning(
                file,
                at,
                format!(
                    "regio `{}` bestond niet op de ontvangstdatum ({span}{then})",
                    r.code
                ),
            )
            .with_help(Some(
                "het dossier wordt gecontroleerd en vergeleken onder deze code; controleer de \
                 regio in de export of de geldigheid in de regiotabel"
                    .into(),
            )),
        );
    }
    Some(dossier)
}

/// The position of the first key or text longer than `max` bytes, if any.
fn overlong_text(node: &Node, max: usize) -> Option<Pos> {
    match &node.value {
        Value::Str(s) if s.len() > max => Some(node.pos),
        Value::Seq(items) => items.iter().find_map(|n| overlong_text(n, max)),
        Value::Map(entries) => entries.iter().find_map(|(k, v)| {
            if k.name.len() > max {
                Some(k.pos)
            } else {
                overlong_text(v, max)
            }
        }),
        _ => None,
    }
}

/// A byte count for messages: "64 MB", "1 MB", "512 kB".
fn size_nl(bytes: u64) -> String {
    const MB: u64 = 1024 * 1024;
    if bytes >= MB {
        format!("{} MB", bytes / MB)
    } else {
        format!("{} kB", bytes.div_ceil(1024))
    }
}

/// Reads a file and hands its units, in order, to `sink`. Errors that make the whole file
/// unreadable are reported as one invalid input through `on_error`. Returns the SHA-256 of the
/// bytes read (the audit trail names every input), `None` when nothing could be read.
pub fn read_units(
    job: &FileJob,
    limits: &ReadLimits,
    sink: &mut dyn FnMut(Unit),
    on_error: &mut dyn FnMut(Diag),
) -> Option<String> {
    let name = job.name.clone();
    if matches!(job.container, Container::JsonLines | Container::Csv) {
        let unreadable = |e: &std::io::Error| {
            Diag::error(
                &name,
                Pos::default(),
                format!("kan niet gelezen worden: {}", io_reason(Some(e))),
            )
        };
        let mut reader: Box<dyn Read> = match (&job.path, &job.embedded) {
            (_, Some(text)) => Box::new(std::io::Cursor::new(Text(text.clone()))),
            (None, None) => Box::new(std::io::stdin()),
            (Some(p), None) => match File::open(p) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    on_error(unreadable(&e));
                    return None;
                }
            },
        };
        // UTF-16 or UTF-32 text would read as a header of garbled column names, or as lines of
        // NUL bytes: its first bytes tell, and the file is one unreadable input, as in YAML.
        let mut head = [0u8; 4];
        let n = match read_head(&mut reader, &mut head) {
            Ok(n) => n,
            Err(e) => {
                on_error(unreadable(&e));
                return None;
            }
        };
        if let Some(encoding) = wide_text(&head[..n], true) {
            on_error(wide_text_error(&name, encoding));
            return digest_of(&head[..n], reader);
        }
        let reader: Box<dyn Read + '_> = Box::new((&head[..n]).chain(reader));
        if job.container == Container::Csv {
            return csv_events::read_units(
                reader,
                &name,
                &limits.csv,
                limits.max_line_bytes,
                sink,
                on_error,
            );
        }
        return read_json_lines(
            BufReader::with_capacity(1 << 20, reader),
            &name,
            limits,
            sink,
            on_error,
        );
    }
    let path = job.path.as_ref()?;
    let bytes = match &job.embedded {
        Some(text) => Ok(text.as_bytes().to_vec()),
        None => read_bounded(path, limits.max_file_bytes),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(msg) => {
            on_error(Diag::error(&name, Pos::default(), msg));
            return None;
        }
    };
    let digest = Some(crate::report::sha256_hex(&bytes));
    units_from_bytes(bytes, job.container, &name, limits, sink, on_error);
    digest
}

/// Cuts the whole content of a file into units, as [`read_units`] does (JSON Lines and CSV, which
/// `read_units` streams, are read from the bytes here). A file's bytes are checked first: not
/// UTF-16 or UTF-32; a YAML or JSON file's also UTF-8, not binary, not empty.
pub fn units_from_bytes(
    bytes: Vec<u8>,
    container: Container,
    name: &Arc<str>,
    limits: &ReadLimits,
    sink: &mut dyn FnMut(Unit),
    on_error: &mut dyn FnMut(Diag),
) {
    let streamed = matches!(container, Container::JsonLines | Container::Csv);
    if let Some(encoding) = wide_text(&bytes, streamed) {
        on_error(wide_text_error(name, encoding));
        return;
    }
    match container {
        Container::JsonLines => {
            read_json_lines(&bytes[..], name, limits, sink, on_error);
            return;
        }
        Container::Csv => {
            csv_events::read_units(
                Box::new(&bytes[..]),
                name,
                &limits.csv,
                limits.max_line_bytes,
                sink,
                on_error,
            );
            return;
        }
        Container::Yaml | Container::Json => {}
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let pos = pos_of(e.as_bytes(), at);
            on_error(
                Diag::error(
                    name,
                    pos,
                    "geen geldige UTF-8-tekst (binair bestand of verkeerde codering?)",
                )
                .with_help(Some("sla het bestand op als UTF-8".into())),
            );
            return;
        }
    };
    if let Some(at) = text.find('\0') {
        on_error(
            Diag::error(
                name,
                pos_of(text.as_bytes(), at),
                "geen tekstbestand: NUL-byte gevonden (binair bestand of UTF-16?)",
            )
            .with_help(Some(
                "vtcheck leest UTF-8-tekst (YAML, JSON, JSON Lines, CSV)".into(),
            )),
        );
        return;
    }
    let empty = || empty_file(name, "leeg bestand: geen dossier gevonden");
    if crate::chars::is_blank(&text) {
        on_error(empty());
        return;
    }
    // Line breaks written as a lone CR (classic Mac, some exporters) are line breaks in YAML;
    // as LF, same length, every position stays where it was.
    let text = if container == Container::Yaml && text.contains('\r') {
        lone_cr_as_lf(text)
    } else {
        text
    };
    match container {
        Container::Yaml => {
            let (docs, empty_docs) = yaml::split_stream(&text);
            if docs.is_empty() {
                // Only comments, directives or document markers.
                on_error(empty());
            } else {
                // A `---` with nothing under it is a null document in YAML: no dossier, said
                // where it is (an exporter's stray marker, or a dossier that was cut out).
                for at in empty_docs {
                    on_error(
                        Diag::warning(name, at, "leeg YAML-document: geen dossier").with_help(
                            Some("haal deze `---` weg, of zet het dossier eronder".into()),
                        ),
                    );
                }
            }
            for doc in docs {
                sink(Unit::Text {
                    file: name.clone(),
                    container: Container::Yaml,
                    text: doc.text.to_string(),
                    first_line: doc.first_line,
                    first_col: doc.first_col,
                    offset: doc.offset,
                });
            }
        }
        Container::Json => {
            let node = match json::parse(
                &text,
                1,
                JsonLimits {
                    max_depth: limits.max_depth,
                },
            ) {
                Ok(n) => n,
                Err(e) => {
                    on_error(Diag::error(
                        name,
                        e.pos,
                        format!("ongeldige JSON: {}", e.message),
                    ));
                    return;
                }
            };
            match node.value {
                Value::Seq(items) => {
                    if items.is_empty() {
                        on_error(empty_file(name, "lege lijst: geen dossier gevonden"));
                    }
                    for item in items {
                        sink(Unit::Node {
                            file: name.clone(),
                            node: item.into_owned(),
                        });
                    }
                }
                value => sink(Unit::Node {
                    file: name.clone(),
                    node: Node::new(node.pos, value).into_owned(),
                }),
            }
        }
        Container::JsonLines | Container::Csv => {}
    }
}

/// The encoding of a file in UTF-16 or UTF-32 (not UTF-8 text), told from its first bytes: a
/// byte-order mark, or with `unmarked` also the NUL bytes of such text starting with an ASCII
/// character (`d\0o\0`, `{\0\0\0`), which is how a CSV header or a JSON Lines line starts.
/// (A YAML or JSON file without a byte-order mark is valid UTF-8 full of NUL bytes, which the
/// caller rejects as binary.)
fn wide_text(bytes: &[u8], unmarked: bool) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16"),
        _ if !unmarked => None,
        [a, 0, 0, 0, ..] | [0, 0, 0, a, ..] if *a != 0 => Some("UTF-32"),
        [a, 0, b, 0, ..] | [0, a, 0, b, ..] if *a != 0 && *b != 0 => Some("UTF-16"),
        _ => None,
    }
}

fn wide_text_error(name: &Arc<str>, encoding: &str) -> Diag {
    Diag::error(
        name,
        Pos::new(1, 1, 0),
        format!("{encoding}-tekst: vtcheck leest UTF-8"),
    )
    .with_help(Some("sla het bestand op als UTF-8".into()))
}

/// The first bytes of `r` into `head`, as many as there are; how many.
fn read_head(r: &mut dyn Read, head: &mut [u8]) -> std::io::Result<usize> {
    let mut n = 0;
    while n < head.len() {
        match r.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// The SHA-256 of `head` and the rest of `r` (a file that is not read still has its digest
/// in the audit trail); `None` on a read error.
fn digest_of(head: &[u8], r: impl Read) -> Option<String> {
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    sha2::Digest::update(&mut hasher, head);
    digest_rest(hasher, r)
}

/// The SHA-256 of what `hasher` has seen and the rest of `r`: a file whose reading stopped early
/// (a CSV header vtcheck cannot use) is still hashed whole, so the audit trail's digest is the
/// file's; `None` on a read error.
pub(crate) fn digest_rest(mut hasher: sha2::Sha256, mut r: impl Read) -> Option<String> {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match r.read(&mut buf) {
            Ok(0) => break,
            Ok(k) => sha2::Digest::update(&mut hasher, &buf[..k]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    Some(crate::report::hex(&sha2::Digest::finalize(hasher)))
}

fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let f = File::open(path)
        .map_err(|e| format!("kan niet gelezen worden: {}", io_reason(Some(&e))))?;
    let too_big = |size: Option<u64>| {
        let size = size
            .map(|n| format!(" ({})", size_nl(n)))
            .unwrap_or_default();
        format!(
            "bestand te groot{size}: de grens voor één YAML- of JSON-bestand is {}; \
             gebruik JSON Lines voor grote exports",
            size_nl(max)
        )
    };
    // The size is known before reading for a regular file; `take` guards anything else.
    let known = f.metadata().ok().filter(|m| m.is_file()).map(|m| m.len());
    if let Some(n) = known
        && n > max
    {
        return Err(too_big(Some(n)));
    }
    let mut bytes = Vec::new();
    f.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("kan niet gelezen worden: {}", io_reason(Some(&e))))?;
    if bytes.len() as u64 > max {
        return Err(too_big(None));
    }
    Ok(bytes)
}

fn pos_of(bytes: &[u8], at: usize) -> Pos {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|b| **b == b'\n').count() as u32 + 1;
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count() as u32
        + 1;
    Pos::new(line, col, at as u32)
}

/// JSON Lines, one line at a time with a bounded line length, so a huge export streams and one
/// enormous line is rejected without being held in memory. Input without any dossier (empty, or
/// only blank lines) gets a warning ([`empty_file`]): nothing is passed over silently. Returns
/// the SHA-256 of the bytes read, `None` on a read error.
pub fn read_json_lines(
    r: impl BufRead,
    name: &Arc<str>,
    limits: &ReadLimits,
    sink: &mut dyn FnMut(Unit),
    on_error: &mut dyn FnMut(Diag),
) -> Option<String> {
    let seen = std::cell::Cell::new(false);
    let digest = read_lines(
        r,
        name,
        limits,
        &mut |u| {
            seen.set(true);
            sink(u)
        },
        &mut |d| {
            seen.set(true);
            on_error(d)
        },
    );
    if digest.is_some() && !seen.get() {
        on_error(empty_file(name, "leeg bestand: geen dossier gevonden"));
    }
    digest
}

/// Where vtcheck takes its settings from, for a `vtcheck.toml` given as input: true whether or
/// not that file is also the one in use (it is when it lies in the starting directory).
const SETTINGS_HELP: &str = "vtcheck.toml is een instellingenbestand, geen invoer: vtcheck gebruikt \
     de vtcheck.toml van de map waarin het start of van een map daarboven (of die van --config); \
     zet het naast de export, niet erin";

/// A file that holds no dossier: an empty container (`[]`, no document, no line), which the
/// format allows. It counts no dossier, valid or invalid, and is told as a warning about the
/// whole file, so that it is not passed over in silence; a run that reads no dossier at all is
/// an error (see `check::run`).
pub fn empty_file(name: &Arc<str>, message: &str) -> Diag {
    Diag::warning(name, Pos::default(), message)
}

fn read_lines(
    mut r: impl BufRead,
    name: &Arc<str>,
    limits: &ReadLimits,
    sink: &mut dyn FnMut(Unit),
    on_error: &mut dyn FnMut(Diag),
) -> Option<String> {
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    let mut line_no = 0u32;
    let mut offset = 0usize;
    let mut buf: Vec<u8> = Vec::new();
    let mut too_long = false;
    loop {
        let chunk = match r.fill_buf() {
            Ok(c) => c,
            Err(e) => {
                on_error(Diag::error(
                    name,
                    Pos::new(line_no + 1, 1, offset as u32),
                    format!("leesfout: {}", io_reason(Some(&e))),
                ));
                return None;
            }
        };
        if chunk.is_empty() {
            if !buf.is_empty() || too_long {
                line_no += 1;
                emit_line(
                    &mut buf, too_long, name, line_no, offset, limits, sink, on_error,
                );
            }
            return Some(crate::report::hex(&sha2::Digest::finalize(hasher)));
        }
        let (used, complete) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        if !too_long {
            let take = if complete { used - 1 } else { used };
            if buf.len() + take > limits.max_line_bytes {
                too_long = true;
                buf = Vec::new();
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        sha2::Digest::update(&mut hasher, &chunk[..used]);
        r.consume(used);
        if complete {
            line_no += 1;
            let len = buf.len();
            emit_line(
                &mut buf, too_long, name, line_no, offset, limits, sink, on_error,
            );
            offset += len + 1;
            too_long = false;
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn emit_line(
    buf: &mut Vec<u8>,
    too_long: bool,
    name: &Arc<str>,
    line_no: u32,
    offset: usize,
    limits: &ReadLimits,
    sink: &mut dyn FnMut(Unit),
    on_error: &mut dyn FnMut(Diag),
) {
    let pos = Pos::new(line_no, 1, offset as u32);
    if too_long {
        on_error(Diag::error(
            name,
            pos,
            format!(
                "regel te lang: meer dan {} MB voor één dossier",
                limits.max_line_bytes / (1024 * 1024)
            ),
        ));
        return;
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    let bytes = std::mem::take(buf);
    // Blank lines separate nothing in JSON Lines: white space, a byte order mark, other
    // characters a reader does not see (a line that starts as a dossier does, with `{`, is
    // settled by that byte).
    if crate::chars::is_blank_bytes(&bytes) {
        return;
    }
    match String::from_utf8(bytes) {
        Ok(text) => sink(Unit::Text {
            file: name.clone(),
            container: Container::JsonLines,
            text,
            first_line: line_no,
            first_col: 0,
            offset,
        }),
        Err(e) => {
            let col = String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()])
                .chars()
                .count() as u32
                + 1;
            on_error(Diag::error(
                name,
                Pos::new(line_no, col, offset as u32),
                "geen geldige UTF-8-tekst",
            ));
        }
    }
}
