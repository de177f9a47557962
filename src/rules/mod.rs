//! Rule files → a compiled [`RuleSet`].
//!
//! The Handelingsprotocol 2019 catalogue ships as YAML under `rules/`, embedded in the binary so a
//! plain `vtcheck check` needs nothing else. `--rules DIR_OR_FILE` adds files, or replaces an
//! embedded file of the same name; a rule id defined again replaces the earlier rule.

pub mod compile;
mod de;
pub mod model;
pub mod testing;

use std::path::Path;
use std::sync::Arc;

pub use model::*;

use crate::calendar::{Calendar, KalenderConfig};
use crate::diag::Diag;
use crate::dossier::node::{Pos, Value};
use crate::dossier::yaml;

/// The embedded rule files: (file name, text).
pub const EMBEDDED: &[(&str, &str)] = &[
    ("termijnen.yaml", include_str!("../../rules/termijnen.yaml")),
    (
        "voorwaarden.yaml",
        include_str!("../../rules/voorwaarden.yaml"),
    ),
    (
        "overdracht.yaml",
        include_str!("../../rules/overdracht.yaml"),
    ),
    (
        "monitoring.yaml",
        include_str!("../../rules/monitoring.yaml"),
    ),
    ("melding.yaml", include_str!("../../rules/melding.yaml")),
];

/// A named, versioned set of rules with its calendar.
#[derive(Debug)]
pub struct RuleSet {
    /// (name, version) of every rule file's `regelset`, deduplicated, in load order.
    pub names: Vec<(String, String)>,
    /// Every rule, each version of a rule apart, sorted by id and then by `geldig_vanaf`
    /// (oldest first). Findings and statuses refer to a rule by its index here.
    pub rules: Vec<Rule>,
    /// The working-day calendar terms are computed with (`kalender.yaml`, with the
    /// `[calendar]` options of `vtcheck.toml` applied).
    pub calendar: Calendar,
    /// SHA-256 of the rule files (names and texts, in load order), for the audit trail.
    pub sha256: String,
    /// SHA-256 of the calendar definition and its options.
    pub calendar_sha256: String,
    /// The VT-regio table: the embedded `rules/regios.yaml`, or a `regios.yaml` among the
    /// `--rules` paths.
    pub regions: crate::dossier::regions::RegionTable,
    /// User rule files that changed embedded rules (replaced an embedded file by name, or
    /// redefined one of its rule ids), in load order: a user file may keep the embedded
    /// `regelset` name and version, and the report must not pass its rules off as the shipped ones.
    pub changed_by: Vec<Arc<str>>,
}

/// The data files that sit beside the rule files in `rules/` and are no rule files: a file of
/// one of these names among the `--rules` paths replaces the embedded one, as a rule file of
/// the same name does.
const DATA_FILES: [&str; 2] = ["kalender.yaml", "regios.yaml"];

/// The top-level keys of a rule file (docs/regelbestanden.md).
const FILE_KEYS: [&str; 4] = ["regelset", "versie", "bronnoot", "regels"];

/// The data file `name` (`DATA_FILES`) among the `--rules` paths: a directory's top level or
/// the file itself; the last one given wins, as later rule files do.
pub fn data_file(extra: &[&Path], name: &str) -> Option<std::path::PathBuf> {
    extra.iter().rev().find_map(|p| {
        let f = if p.is_dir() {
            p.join(name)
        } else {
            p.to_path_buf()
        };
        (f.is_file() && f.file_name().is_some_and(|n| n == name)).then_some(f)
    })
}

fn is_data_file(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| DATA_FILES.contains(&n))
}

/// Loads the embedded rules plus `extra` files or directories, with the calendar (a file or the
/// embedded Atw one, with options): the one entry point for the CLI, tests and embedders.
///
/// The calendar is, first to last: a `kalender.yaml` among `extra` (a region's own rules
/// directory), `calendar_file`, `options.file` (as `vtcheck.toml`'s `[calendar] file` gives
/// it), the embedded one. A `regios.yaml` among `extra` replaces the region table; dossiers are
/// then read with the set's [`RuleSet::regions`].
pub fn load_all(
    extra: &[&Path],
    calendar_file: Option<&Path>,
    options: &crate::config::CalendarOptions,
    diags: &mut Vec<Diag>,
) -> Option<RuleSet> {
    let before = diags.iter().filter(|d| d.is_error()).count();
    let (sources, replaced) = sources_replacing(extra, diags);
    // A `--rules` path that cannot be read is as invalid as a rule file that does not compile:
    // checking with the embedded rules alone would let a mistyped path pass a CI job.
    let unreadable = diags.iter().filter(|d| d.is_error()).count() > before;
    // The command line's `--rules` overrides `vtcheck.toml`, for the calendar file too.
    let own_calendar = data_file(extra, "kalender.yaml");
    // Both data files are read before either stops the load, so that one run names the
    // mistakes of both.
    let calendar_file = calendar_file.or(options.file.as_deref());
    let calendar = calendar_with(own_calendar.as_deref().or(calendar_file), options, diags);
    let own_regions = own_region_table(extra, diags);
    let (cal, hash) = calendar?;
    let own_regions = own_regions.ok()?;
    // Region codes in rule conditions are checked against the table dossiers are read with.
    let (table, own_file) = match own_regions {
        Some(OwnRegions { table, name, text }) => (Some(table), Some((name, text))),
        None => (None, None),
    };
    let mut set = load_with_regions(&sources, cal, table, diags)?;
    set.calendar_sha256 = hash;
    note_replaced(&mut set, &sources, &replaced, diags);
    // An own region table decides which dossiers are valid: the audit's rule hash covers it
    // (the embedded one, which `load` gave the set, is part of the tool version).
    if let Some((name, text)) = own_file {
        set.sha256 = crate::report::sha256_hex(
            [
                set.sha256.as_bytes(),
                b"\0",
                name.as_bytes(),
                b"\0",
                text.as_bytes(),
            ]
            .concat()
            .as_slice(),
        );
    }
    (!unreadable).then_some(set)
}

/// A user file that replaces an embedded file by name replaces it whole (as documented): the
/// rules it leaves out are gone, which is easily missed, so each such file gets one warning with
/// the ids no file defines any more. It is marked as changing the embedded rules, unless it is
/// an unchanged copy ([`is_embedded`]: `--rules rules` in a checkout).
fn note_replaced(
    set: &mut RuleSet,
    sources: &[RuleSource],
    replaced: &[(usize, Arc<str>)],
    diags: &mut Vec<Diag>,
) {
    for (i, by) in replaced {
        let (name, text) = EMBEDDED[*i];
        if sources.iter().any(|s| s.name == *by && is_embedded(s)) {
            continue;
        }
        if !set.changed_by.contains(by) {
            set.changed_by.push(by.clone());
        }
        let mut dropped: Vec<String> = rule_ids(text)
            .into_iter()
            .filter(|id| set.get(id).is_none())
            .collect();
        if dropped.is_empty() {
            continue;
        }
        dropped.sort();
        dropped.dedup();
        diags.push(
            Diag::warning(
                by,
                Pos::default(),
                format!(
                    "{} niet geladen: het ingebouwde rules/{name} is vervangen door {by}",
                    compact_ids(&dropped)
                ),
            )
            .with_help(Some(
                "een regelbestand met de naam van een ingebouwd bestand vervangt dat hele \
                 bestand; neem de ontbrekende regels over (`vtcheck explain ID --no-config` \
                 toont hun YAML), of geef het bestand een andere naam om alleen regels toe te \
                 voegen of te wijzigen"
                    .into(),
            )),
        );
    }
    // In load order, as the files are named everywhere else.
    set.changed_by
        .sort_by_key(|f| sources.iter().position(|s| s.name == *f));
}

/// The `id`s of the rules in a rule file's text (one that compiles: an embedded file).
fn rule_ids(text: &str) -> Vec<String> {
    let docs = yaml::content_documents(text);
    let Some(node) = docs
        .first()
        .and_then(|d| yaml::parse_document_of(d, 1_000_000, "regelbestand").ok())
    else {
        return Vec::new();
    };
    match node.get("regels").map(|n| &n.value) {
        Some(Value::Seq(items)) => items
            .iter()
            .filter_map(|item| item.get("id").and_then(|n| n.scalar_text()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Sorted rule ids written short: a run of three or more consecutive numbers with one prefix
/// as `VT-T02 t/m VT-T08`, the rest listed.
fn compact_ids(ids: &[String]) -> String {
    // (prefix, number) of an id ending in digits; `None` for one that does not.
    let split = |id: &str| {
        let digits = id.len() - id.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let (prefix, n) = id.split_at(id.len() - digits);
        n.parse::<u64>().ok().map(|n| (prefix.to_string(), n))
    };
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ids.len() {
        let mut j = i;
        if let Some((prefix, n)) = split(&ids[i]) {
            while ids
                .get(j + 1)
                .and_then(|id| split(id))
                .is_some_and(|(p, m)| p == prefix && n.checked_add((j + 1 - i) as u64) == Some(m))
            {
                j += 1;
            }
        }
        match j - i {
            0 => parts.push(ids[i].clone()),
            1 => parts.extend([ids[i].clone(), ids[j].clone()]),
            _ => parts.push(format!("{} t/m {}", ids[i], ids[j])),
        }
        i = j + 1;
    }
    parts.join(", ")
}

/// The embedded Handelingsprotocol 2019 rule set with the Atw calendar.
pub fn embedded() -> Result<RuleSet, Vec<Diag>> {
    let mut diags = Vec::new();
    load_all(&[], None, &Default::default(), &mut diags).ok_or(diags)
}

impl RuleSet {
    /// The newest version of a rule.
    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().rev().find(|r| r.id == id)
    }

    /// Only the rules with these ids (every version), in their original order: for embedders and
    /// benchmarks that evaluate a subset of the catalogue.
    pub fn retain_ids(mut self, ids: &[&str]) -> RuleSet {
        self.rules.retain(|r| ids.contains(&r.id.as_str()));
        self
    }

    /// Every version of a rule, oldest first.
    pub fn versions<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Rule> + 'a {
        self.rules.iter().filter(move |r| r.id == id)
    }
}

/// A rule file's text and its name for messages.
pub struct RuleSource {
    /// `rules/<file>` for an embedded file, else the path as found under `--rules`.
    pub name: Arc<str>,
    /// The file's YAML text.
    pub text: String,
}

/// The embedded files, replaced or extended by the files under `extra` (a directory or file).
pub fn sources(extra: &[&Path], diags: &mut Vec<Diag>) -> Vec<RuleSource> {
    sources_replacing(extra, diags).0
}

/// [`sources`], with the embedded files that user files replaced by name: (index in
/// [`EMBEDDED`], the replacing file's name).
fn sources_replacing(
    extra: &[&Path],
    diags: &mut Vec<Diag>,
) -> (Vec<RuleSource>, Vec<(usize, Arc<str>)>) {
    let mut replaced = Vec::new();
    // The embedded files still in `out` are its first `shipped` entries: only they are replaced
    // by name (a user file `rules/termijnen.yaml` is no embedded file a later one may drop).
    let mut shipped = EMBEDDED.len();
    let mut out: Vec<RuleSource> = EMBEDDED
        .iter()
        .map(|(n, t)| RuleSource {
            name: format!("rules/{n}").into(),
            text: (*t).to_string(),
        })
        .collect();
    // The same file reached twice (`--rules rt --rules rt/termijnen.yaml`) is read once: twice
    // would make each of its rules a repeated definition.
    let mut seen: Vec<std::path::PathBuf> = Vec::new();
    for path in extra {
        let files: Vec<std::path::PathBuf> = if path.is_dir() {
            // Only the top level: `tests/` and `lexicon/` below a rules directory are not rule files.
            let mut v: Vec<_> = walkdir::WalkDir::new(path)
                .max_depth(1)
                .sort_by_file_name()
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .filter(|p| {
                    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    !n.ends_with(".test.yaml") && !is_data_file(p)
                })
                .collect();
            v.sort();
            v
        } else if is_data_file(path) {
            // Read by `load_all` as the calendar or the region table.
            continue;
        } else {
            vec![path.to_path_buf()]
        };
        if files.is_empty() && !(path.is_dir() && DATA_FILES.iter().any(|n| path.join(n).is_file()))
        {
            diags.push(Diag::error(
                &Arc::from(crate::dossier::shown_path(path)),
                Pos::default(),
                "geen regelbestanden gevonden",
            ));
        }
        for f in files {
            let real = f.canonicalize().unwrap_or_else(|_| f.clone());
            if seen.contains(&real) {
                continue;
            }
            seen.push(real);
            let name: Arc<str> = crate::dossier::shown_path(&f).into();
            match std::fs::read_to_string(&f) {
                // A dossier or manifest among the rule files (`--rules export/` for `check
                // export/`): one error, and none of its lines in a snippet.
                Ok(text) if crate::privacy::is_dossier_text(&text) => diags.push(Diag::error(
                    &name,
                    Pos::default(),
                    "dit is een dossier of exportmanifest (`formaat: vtdossier/…` of `vtexport/…`), geen regelbestand",
                ).with_help(Some(
                    "geef dossiers als PAD aan `vtcheck check`; `--rules` en `rules = [...]` in vtcheck.toml zijn voor regelbestanden".to_string(),
                ))),
                Ok(text) => {
                    let base = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    let embedded = format!("rules/{base}");
                    if let Some(i) = out[..shipped].iter().position(|s| *s.name == embedded) {
                        out.remove(i);
                        shipped -= 1;
                        if let Some(e) = EMBEDDED.iter().position(|(n, _)| *n == base) {
                            replaced.push((e, name.clone()));
                        }
                    }
                    out.push(RuleSource { name, text });
                }
                Err(e) => diags.push(Diag::error(
                    &name,
                    Pos::default(),
                    format!(
                        "regelbestand kan niet gelezen worden: {e}",
                        e = crate::diag::io_nl(&e)
                    ),
                )),
            }
        }
    }
    (out, replaced)
}

/// Compiles rule sources. Any error makes the set invalid: rules are validated before any dossier
/// is read.
pub fn load(sources: &[RuleSource], calendar: Calendar, diags: &mut Vec<Diag>) -> Option<RuleSet> {
    load_with_regions(sources, calendar, None, diags)
}

/// [`load`] with an own region table (`None`: the embedded one), which region codes in rule
/// conditions are checked against.
fn load_with_regions(
    sources: &[RuleSource],
    calendar: Calendar,
    regions: Option<crate::dossier::regions::RegionTable>,
    diags: &mut Vec<Diag>,
) -> Option<RuleSet> {
    let before = diags.iter().filter(|d| d.is_error()).count();
    let mut hasher = <sha2::Sha256 as sha2::Digest>::new();
    for src in sources {
        sha2::Digest::update(&mut hasher, src.name.as_bytes());
        sha2::Digest::update(&mut hasher, [0u8]);
        sha2::Digest::update(&mut hasher, src.text.as_bytes());
        sha2::Digest::update(&mut hasher, [0u8]);
    }
    let mut set = RuleSet {
        names: Vec::new(),
        rules: Vec::new(),
        calendar,
        sha256: crate::report::hex(&sha2::Digest::finalize(hasher)),
        calendar_sha256: String::new(),
        regions: regions.unwrap_or_else(crate::dossier::regions::RegionTable::default_table),
        changed_by: Vec::new(),
    };
    // The user's files, as opposed to the embedded ones: a copy of an embedded file with its
    // text unchanged (`--rules rules` in a checkout) counts as embedded.
    let user: Vec<&Arc<str>> = sources
        .iter()
        .filter(|s| !is_embedded(s))
        .map(|s| &s.name)
        .collect();
    let mut by_id = ById::default();
    // The embedded definitions, as loaded: which user files changed embedded rules is decided
    // against them once all files are in, so that a user file whose definition was in turn
    // replaced by a later user file is not named, and the later one is.
    let mut embedded: Vec<Rule> = Vec::new();
    for src in sources {
        let docs = yaml::content_documents(&src.text);
        // One document per file: the rules of a second one would be silently ignored.
        // Named after the first document's mistakes, which are still found: one run names
        // every mistake (rev54 F1).
        let second_document = docs.get(1).map(|second| {
            Diag::error(
                &src.name,
                Pos::new(second.first_line, 1, second.offset as u32),
                "een regelbestand is één YAML-document (één `regels:`-lijst); dit is een tweede",
            )
            .with_help(Some(
                "zet alle regels onder één `regels:`, of maak een tweede regelbestand".into(),
            ))
        });
        let Some(doc) = docs.first() else {
            diags.push(Diag::error(
                &src.name,
                Pos::new(1, 1, 0),
                "leeg regelbestand",
            ));
            continue;
        };
        let node = match yaml::parse_document_of(doc, 1_000_000, "regelbestand") {
            Ok(n) => n,
            Err(e) => {
                diags.push(e.diag(&src.name));
                diags.extend(second_document);
                continue;
            }
        };
        let mut ctx = compile::Ctx {
            file: src.name.clone(),
            text: &src.text,
            diags: Vec::new(),
            regions: set.regions.codes(),
        };
        let name = node
            .get("regelset")
            .and_then(|n| n.scalar_as_written(&src.text));
        let version = node
            .get("versie")
            .and_then(|n| n.scalar_as_written(&src.text));
        if let Value::Map(entries) = &node.value {
            for (k, _) in entries {
                if !FILE_KEYS.contains(&k.name.as_ref()) {
                    ctx.diags.push(
                        Diag::error(
                            &src.name,
                            k.pos,
                            format!("onbekende sleutel `{}` in regelbestand", k.name),
                        )
                        .with_help(crate::suggest::help_for(&k.name, &FILE_KEYS)),
                    );
                }
            }
        }
        let source_note = node.get("bronnoot").and_then(|n| match &n.value {
            Value::Str(t) if !t.trim().is_empty() => Some(Arc::<str>::from(t.trim())),
            _ => {
                ctx.diags.push(
                    Diag::error(&src.name, n.pos, "`bronnoot` moet tekst zijn")
                        .with_help(Some("laat de sleutel weg als er niets te melden is".into())),
                );
                None
            }
        });
        match (name, version.clone()) {
            (Some(n), Some(v)) => {
                if !set.names.contains(&(n.clone(), v.clone())) {
                    set.names.push((n, v));
                }
            }
            _ => ctx.diags.push(Diag::error(
                &src.name,
                node.pos,
                "een regelbestand begint met `regelset:` (naam) en `versie:`",
            )),
        }
        // Where the `regels` list ends: at the next top-level key after it, or the document's end.
        let regels_at = node
            .get("regels")
            .map_or(usize::MAX, |n| n.pos.offset as usize);
        let list_end = match &node.value {
            Value::Map(entries) => entries
                .iter()
                .map(|(k, _)| k.pos.offset as usize)
                .filter(|o| *o > regels_at)
                .min()
                .map(|o| line_start(&src.text, o)),
            _ => None,
        }
        .unwrap_or(doc.offset + doc.text.len());
        match node.get("regels").map(|n| &n.value) {
            Some(Value::Seq(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let end = items.get(i + 1).map_or(list_end, |next| {
                        let at = next.pos.offset as usize;
                        let line = line_start(&src.text, at);
                        if line > item.pos.offset as usize {
                            line
                        } else {
                            at
                        }
                    });
                    if let Ok(mut rule) = compile::rule(&mut ctx, item, end) {
                        rule.version = version.clone().unwrap_or_default();
                        rule.source_note = source_note.clone();
                        let versions = by_id.versions(&rule.id);
                        // Within one file, a second definition for an overlapping period is a
                        // slip (a block copied without changing its id), not an override.
                        if let Some(first) = versions
                            .iter()
                            .find(|r| r.file == src.name && overlaps(r, &rule))
                        {
                            let at = match &item.value {
                                Value::Map(e) => e.iter().find(|(k, _)| k.name == "id"),
                                _ => None,
                            }
                            .map_or(rule.pos, |(k, _)| k.pos);
                            ctx.diags.push(
                                Diag::error(
                                    &src.name,
                                    at,
                                    format!(
                                        "regel {} is in dit bestand al gedefinieerd op regel {}, \
                                         voor een overlappende geldigheid",
                                        rule.id, first.pos.line
                                    ),
                                )
                                .with_help(Some(
                                    "geef de regel een eigen `id`, of laat de perioden van \
                                     `geldig_vanaf`/`geldig_tot` niet overlappen"
                                        .into(),
                                )),
                            );
                            continue;
                        }
                        if user.contains(&&src.name) {
                            note_redefinition(versions, &rule, &user, &mut ctx.diags);
                        } else {
                            embedded.push(rule.clone());
                        }
                        supersede(versions, &rule);
                        versions.push(rule);
                    }
                }
            }
            // There, but not a list: said at its key, not as if it were missing.
            Some(other) => {
                let key = match &node.value {
                    Value::Map(entries) => entries.iter().find(|(k, _)| k.name == "regels"),
                    _ => None,
                }
                .map_or(node.pos, |(k, _)| k.pos);
                ctx.diags.push(
                    Diag::error(
                        &src.name,
                        key,
                        format!(
                            "`regels:` moet een lijst van regels zijn, gevonden: {}",
                            other.kind_nl()
                        ),
                    )
                    .with_help(Some(
                        "schrijf elke regel als een item van de lijst: `- id: ...`".into(),
                    )),
                )
            }
            None => ctx.diags.push(Diag::error(
                &src.name,
                node.pos,
                "`regels:` met een lijst van regels ontbreekt",
            )),
        }
        diags.extend(ctx.diags);
        diags.extend(second_document);
    }
    set.rules = by_id.lists.into_iter().flatten().collect();
    set.rules
        .sort_by(|a, b| a.id.cmp(&b.id).then(a.valid_from.cmp(&b.valid_from)));
    // A user file changed the embedded rules when a rule in force is its own and takes the
    // place of an embedded definition (of the same id, for an overlapping period).
    for file in &user {
        let changes = set
            .rules
            .iter()
            .any(|r| r.file == **file && embedded.iter().any(|e| e.id == r.id && overlaps(e, r)));
        if changes && !set.changed_by.contains(file) {
            set.changed_by.push((*file).clone());
        }
    }
    let after = diags.iter().filter(|d| d.is_error()).count();
    (after == before).then_some(set)
}

/// Whether a source is an embedded file: its name's last part and its text are an embedded
/// file's.
fn is_embedded(src: &RuleSource) -> bool {
    let base = Path::new(&*src.name).file_name().and_then(|n| n.to_str());
    EMBEDDED
        .iter()
        .any(|(n, t)| base == Some(n) && src.text == *t)
}

/// `later`, from a user file, replaces the overlapping versions among `earlier` (its id's). One
/// from another user file is replaced silently by load order, which two regions' files can do by
/// accident: a warning per earlier file, at `later`. (One from an embedded file is the documented
/// regional override, recorded in `changed_by` once all files are loaded.)
fn note_redefinition(earlier: &[Rule], later: &Rule, user: &[&Arc<str>], diags: &mut Vec<Diag>) {
    let mut warned: Vec<&Arc<str>> = Vec::new();
    for r in earlier.iter().filter(|r| overlaps(r, later)) {
        if user.contains(&&r.file) && r.file != later.file && !warned.contains(&&r.file) {
            warned.push(&r.file);
            let period = if later.valid_from.is_some() || later.valid_to.is_some() {
                " voor de periode waarin die geldt"
            } else {
                ""
            };
            diags.push(
                Diag::warning(
                    &later.file,
                    later.pos,
                    format!(
                        "{} uit {}:{}:{} vervangen door {}:{}:{}{period}",
                        later.id,
                        r.file,
                        r.pos.line,
                        r.pos.col,
                        later.file,
                        later.pos.line,
                        later.pos.col
                    ),
                )
                .with_help(Some(
                    "staat een regel in twee eigen regelbestanden, dan geldt het bestand dat het \
                     laatst geladen wordt (`rules` uit vtcheck.toml, dan `--rules`; in een map \
                     op naam); verwijder een van beide of geef een eigen `id`"
                        .into(),
                )),
            );
        }
    }
}

/// The versions of each rule id so far, in the order the ids first appeared: a rule is checked
/// against and supersedes only the versions of its own id, so loading is linear in the number of
/// rules, not quadratic.
#[derive(Default)]
struct ById {
    index: std::collections::HashMap<String, usize>,
    lists: Vec<Vec<Rule>>,
}

impl ById {
    fn versions(&mut self, id: &str) -> &mut Vec<Rule> {
        let i = match self.index.get(id) {
            Some(i) => *i,
            None => {
                self.index.insert(id.to_string(), self.lists.len());
                self.lists.push(Vec::new());
                self.lists.len() - 1
            }
        };
        &mut self.lists[i]
    }
}

/// The byte offset of the start of the line that holds byte `at`.
fn line_start(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1)
}

/// A later definition replaces the earlier versions of its id for the period it covers, and
/// only for that period: an earlier version keeps the days before and after it (so it may end
/// up as two versions, or none when fully covered). A later definition without dates covers
/// everything and replaces the rule (a regional override); one with `geldig_tot: 2018-12-31`
/// leaves the earlier rule in force from 2019 on. Dossiers are judged by the version in force
/// on their `ontvangen` date. `rules` are the earlier versions of `later`'s id.
fn supersede(rules: &mut Vec<Rule>, later: &Rule) {
    if !rules.iter().any(|r| overlaps(r, later)) {
        return;
    }
    let at = format!("{}:{}", later.file, later.pos.line);
    let mut kept = Vec::with_capacity(rules.len() + 1);
    for r in rules.drain(..) {
        if r.id != later.id || !overlaps(&r, later) {
            kept.push(r);
            continue;
        }
        let before = later
            .valid_from
            .filter(|from| r.valid_from.is_none_or(|f| f < *from))
            .and_then(|from| from.pred_opt());
        let after = later
            .valid_to
            .filter(|to| r.valid_to.is_none_or(|t| t > *to))
            .and_then(|to| to.succ_opt());
        if let Some(end) = before {
            let mut part = r.clone();
            part.valid_to = Some(end);
            part.narrowed_by.push(at.clone());
            kept.push(part);
        }
        if let Some(start) = after {
            let mut part = r;
            part.valid_from = Some(start);
            part.narrowed_by.push(at.clone());
            kept.push(part);
        }
    }
    *rules = kept;
}

fn overlaps(a: &Rule, b: &Rule) -> bool {
    let starts_before_end = |x: &Rule, y: &Rule| match (x.valid_from, y.valid_to) {
        (Some(from), Some(to)) => from <= to,
        _ => true,
    };
    starts_before_end(a, b) && starts_before_end(b, a)
}

/// A user's own data file: its name and text.
/// An own region table: the `regios.yaml` among the `--rules` paths, with its name and text.
struct OwnRegions {
    table: crate::dossier::regions::RegionTable,
    name: Arc<str>,
    text: String,
}

/// The `regios.yaml` among the `--rules` paths: `Ok(None)` without one (the rule set keeps the
/// embedded table), `Err` when it cannot be read or is invalid (reported in `diags`).
fn own_region_table(extra: &[&Path], diags: &mut Vec<Diag>) -> Result<Option<OwnRegions>, ()> {
    let Some(path) = data_file(extra, "regios.yaml") else {
        return Ok(None);
    };
    let name: Arc<str> = crate::dossier::shown_path(&path).into();
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diag::error(
                &name,
                Pos::default(),
                format!(
                    "regiotabel kan niet gelezen worden: {e}",
                    e = crate::diag::io_nl(&e)
                ),
            ));
            return Err(());
        }
    };
    match crate::dossier::regions::RegionTable::parse_at(&name, &text) {
        Ok(table) => Ok(Some(OwnRegions { table, name, text })),
        Err(errors) => {
            diags.extend(errors);
            Err(())
        }
    }
}

/// The default calendar file, or one given by the user, with the options of `vtcheck.toml`
/// applied. Returns the calendar and the SHA-256 of what defined it.
pub fn calendar_with(
    path: Option<&Path>,
    opts: &crate::config::CalendarOptions,
    diags: &mut Vec<Diag>,
) -> Option<(Calendar, String)> {
    let (name, text): (Arc<str>, String) = match path {
        None => (
            "rules/kalender.yaml".into(),
            crate::calendar::DEFAULT_CALENDAR.to_string(),
        ),
        Some(p) => match std::fs::read_to_string(p) {
            Ok(t) => (crate::dossier::shown_path(p).into(), t),
            Err(e) => {
                diags.push(Diag::error(
                    &crate::dossier::shown_path(p).into(),
                    Pos::default(),
                    format!(
                        "kalender kan niet gelezen worden: {e}",
                        e = crate::diag::io_nl(&e)
                    ),
                ));
                return None;
            }
        },
    };
    let mut cfg: KalenderConfig = match serde_saphyr::from_str(&text) {
        Ok(c) => c,
        Err(e) => {
            let (pos, message, help) = crate::dossier::yaml::located_error(&e, &text);
            diags.push(
                Diag::error(&name, pos, format!("ongeldige kalender: {message}")).with_help(help),
            );
            return None;
        }
    };
    // The settings of vtcheck.toml reach the holidays that name them (`instelling`); an
    // unknown one is an error of `Calendar::new`, at its place.
    for f in &mut cfg.feestdagen {
        match f.instelling.as_ref().map(|s| s.value.as_str()) {
            Some("bevrijdingsdag") => {
                if let Some(j) = &opts.bevrijdingsdag {
                    f.jaren = Some(crate::calendar::unplaced(j.clone()));
                }
            }
            Some("goede_vrijdag") => {
                if let Some(g) = opts.goede_vrijdag {
                    f.actief = g;
                }
            }
            _ => {}
        }
    }
    for (set, key) in [
        (opts.bevrijdingsdag.is_some(), "bevrijdingsdag"),
        (opts.goede_vrijdag.is_some(), "goede_vrijdag"),
    ] {
        let used = cfg
            .feestdagen
            .iter()
            .any(|f| f.instelling.as_ref().is_some_and(|s| s.value == key));
        if set && !used {
            diags.push(Diag::warning(
                &name,
                Pos::default(),
                format!(
                    "`calendar.{key}` uit vtcheck.toml geldt voor geen feestdag: geen feestdag in \
                     deze kalender heeft `instelling: {key}`"
                ),
            ));
        }
    }
    // Checked in vtcheck.toml, where they are written.
    cfg.extra_gesloten.extend(
        opts.extra_closed
            .iter()
            .cloned()
            .map(crate::calendar::unplaced),
    );
    let hash = crate::report::sha256_hex(format!("{text}\u{0}{opts:?}").as_bytes());
    match Calendar::new(&cfg) {
        Ok(c) => Some((c, hash)),
        Err(errors) => {
            // Values of the options have no place in the file: an error without one is about
            // them (the CLI checks vtcheck.toml's first, at their place; an embedder gives them
            // in `CalendarOptions`), not about the calendar file.
            let options: Arc<str> = "kalenderopties (CalendarOptions)".into();
            diags.extend(errors.into_iter().map(|e| {
                let file = if e.pos.known().is_none() {
                    &options
                } else {
                    &name
                };
                Diag::error(file, e.pos, e.message).with_help(e.help)
            }));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compact_ids;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    /// A key added to rule files must be added where snippets are decided.
    #[test]
    fn its_keys_are_known_to_the_snippet_check() {
        for key in super::FILE_KEYS {
            assert!(crate::privacy::AUTHORED_KEYS.contains(&key), "{key}");
        }
    }

    #[test]
    fn runs_of_three_or_more_ids_are_written_as_a_range() {
        let t = [
            "VT-T02", "VT-T03", "VT-T04", "VT-T05", "VT-T06", "VT-T07", "VT-T08",
        ];
        assert_eq!(compact_ids(&ids(&t)), "VT-T02 t/m VT-T08");
        assert_eq!(
            compact_ids(&ids(&["A-09", "A-10", "A-11", "B-1", "B-2", "B-4", "X"])),
            "A-09 t/m A-11, B-1, B-2, B-4, X"
        );
        // Another prefix breaks a run, even where the numbers go on.
        assert_eq!(
            compact_ids(&ids(&["VT-A01", "VT-A02", "VT-M03"])),
            "VT-A01, VT-A02, VT-M03"
        );
        // A number at the end of the integers ends its run without overflowing.
        let max = format!("X-{}", u64::MAX);
        assert_eq!(compact_ids(&ids(&[&max, "X-0"])), format!("{max}, X-0"));
    }
}
