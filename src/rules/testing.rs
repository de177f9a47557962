//! Rule tests: files next to the rules (`tests/*.test.yaml`) that state, for example dossiers and
//! an as-of date, the verdict every rule must give. Like `opa test`: a summary, a diff for every
//! failure, and a coverage line naming each rule without a test.
//!
//! ```yaml
//! peildatum: 2025-06-30
//! dossiers: ../../fixtures/regels/vt-t01.yaml   # relative to this file
//! inline:                                       # and/or dossiers written here (positions: this file)
//!   - {formaat: vtdossier/1, id: T01-LAAT, regio: twente, soort: melding, ontvangen: 2025-03-07, ...}
//! verwacht:
//!   - {dossier: T01-LAAT, regel: VT-T01, status: violation, due: 2025-03-13, observed: 2025-03-15}
//!   - {dossier: T01-V2, regel: VT-V05, item: V2, status: pass}
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::Deserialize;
use serde_saphyr::Spanned;

use super::{RuleSet, Status};
use crate::check;
use crate::diag::Diag;
use crate::dossier::node::Pos;
use crate::dossier::regions::RegionTable;
use crate::dossier::source::Input;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TestFile {
    /// With where it is written: a date written otherwise is an error there.
    peildatum: Spanned<String>,
    #[serde(default)]
    dossiers: Option<String>,
    /// Dossiers written in the test file itself; read with positions by [`inline_dossiers`].
    #[serde(default)]
    inline: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    verwacht: Vec<Expect>,
    /// Expectations for population rules: per region, the number of values and their mean.
    #[serde(default)]
    aggregaten: Vec<AggExpect>,
}

/// One entry under `aggregaten:` of a test file: what a population rule (`soort: populatie`)
/// must give for one region, as the number of values and their mean. The label `rules test`
/// prints for it is `regel regio aantal=… gemiddeld=…`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AggExpect {
    /// With where it is written: an unknown rule, or one that is no population rule, is named
    /// at its line and column.
    pub regel: Spanned<String>,
    /// The region code (`groningen`) whose dossiers' values count: those whose `regio` is
    /// exactly this code.
    pub regio: String,
    /// Number of values the rule must give in that region, over all its versions.
    pub aantal: usize,
    /// Mean in months, compared to one decimal.
    pub gemiddeld: f64,
    /// Why the author expects this; shown under the diff when the expectation fails.
    #[serde(default)]
    pub waarom: Option<String>,
}

/// One entry under `verwacht:` of a test file: the verdict a rule must give on one example
/// dossier (or one of its items), optionally with the term's due date and the observed event.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    /// With where it is written, as `regel`, `item` and `status`: a dossier or item that is not
    /// there, an unknown rule or status is named at its line and column.
    pub dossier: Spanned<String>,
    /// The rule id (`VT-T01`). A rule with versions is judged by the version in force on the
    /// dossier's `ontvangen` date.
    pub regel: Spanned<String>,
    /// The item (`V2`) the verdict is about, as the dossier writes it or as reports show it (the
    /// placeholder for an id vtcheck does not show). `None`: the rule's dossier-level status.
    #[serde(default)]
    pub item: Option<Spanned<String>>,
    /// The expected status, by its English or Dutch key (`violation` or `overtreding`).
    pub status: Spanned<String>,
    /// `JJJJ-MM-DD`, with where it is written (checked by `expected_dates`).
    #[serde(default)]
    pub due: Option<Spanned<String>>,
    /// `null` asserts that no event was observed.
    #[serde(default, deserialize_with = "some_nullable")]
    pub observed: Option<Option<Spanned<String>>>,
    /// Why the author expects this verdict; shown under the diff when it fails.
    #[serde(default)]
    pub waarom: Option<String>,
}

fn some_nullable<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<Spanned<String>>>, D::Error> {
    Option::<Spanned<String>>::deserialize(d).map(Some)
}

/// An expectation's `due` and `observed` as dates: `JJJJ-MM-DD` and a day that exists, as the
/// peildatum; a date written otherwise (`14-03-2025`, `2025-02-30`) is an error at its line and
/// column, not a mismatch that reads as the engine's fault.
#[allow(clippy::type_complexity)]
fn expected_dates(
    name: &str,
    e: &Expect,
) -> Result<(Option<NaiveDate>, Option<Option<NaiveDate>>), String> {
    let date = |field: &str, v: &Spanned<String>| {
        crate::dossier::date::parse_iso_date(&v.value).map_err(|why| {
            format!(
                "{}: `{field}`: {why}",
                at(name, Pos::of_location(&v.referenced))
            )
        })
    };
    let due = e.due.as_ref().map(|d| date("due", d)).transpose()?;
    let observed = match &e.observed {
        None => None,
        Some(None) => Some(None),
        Some(Some(o)) => Some(Some(date("observed", o)?)),
    };
    Ok((due, observed))
}

/// `file:line:column`, or the file alone when the position is unknown.
fn at(file: &str, pos: Pos) -> String {
    match pos.known() {
        Some(p) => format!("{file}:{}:{}", p.line, p.col),
        None => file.to_string(),
    }
}

/// A diagnostic about an example dossier of test file `name`, as `rules test` lists it: where,
/// what, and the hint. The test file is named first when the dossier is in another file.
fn dossier_diag(name: &str, d: &Diag) -> String {
    let what = if d.is_error() {
        "voorbeelddossier ongeldig"
    } else {
        "voorbeelddossier"
    };
    let mut s = if *d.file == *name {
        format!("{}: {what}: {}", d.location(), d.message)
    } else {
        format!("{name}: {what}: {}: {}", d.location(), d.message)
    };
    if let Some(h) = &d.help {
        let _ = write!(s, "\n      hulp: {h}");
    }
    s
}

/// The result of one expectation.
#[derive(Debug)]
pub struct CaseResult {
    /// The test file, as its path was given; [`TestReport::render`] lists the cases under it.
    pub file: String,
    /// What was expected, as one line: `dossier regel [item] status`, or for `aggregaten`
    /// `regel regio aantal=… gemiddeld=…`.
    pub label: String,
    /// `None` when it passed; else the diff lines.
    pub diff: Option<String>,
}

/// The outcome of [`run`]: every expectation's result and what kept the run from being
/// trusted. [`TestReport::ok`] says whether `vtcheck rules test` passes.
#[derive(Debug, Default)]
pub struct TestReport {
    /// One per expectation, file by file in the order given; within a file the `aggregaten`
    /// first, then `verwacht`, each in the order written.
    pub cases: Vec<CaseResult>,
    /// Test files that could not be read as test files (not YAML, empty, an unknown key, a
    /// `peildatum` that is no date): invalid input, which `rules test` reports apart and exits 2
    /// on, as it does for an invalid rule file. Their expectations did not run.
    pub invalid: Vec<Diag>,
    /// Problems with the example dossiers and their ids.
    pub errors: Vec<String>,
    /// Warnings about the example dossiers (an unknown field, an unknown event kind): a test
    /// whose dossier has a typo does not test what it seems to, so they fail the run too.
    pub warnings: Vec<String>,
    /// Ids of the rules of the set that no expectation names (once per rule, however many
    /// versions it has), in id order; the coverage line lists them.
    pub untested: Vec<String>,
}

impl TestReport {
    /// Number of expectations that failed (those with a diff).
    pub fn failed(&self) -> usize {
        self.cases.iter().filter(|c| c.diff.is_some()).count()
    }

    /// How many test files [`TestReport::invalid`] names.
    fn unread_files(&self) -> usize {
        let mut files: Vec<&str> = self.invalid.iter().map(|d| &*d.file).collect();
        files.sort_unstable();
        files.dedup();
        files.len()
    }

    /// Whether the run passes: no failed expectation, no error or warning about the example
    /// dossiers, and every test file read. Rules without a test do not make it fail.
    pub fn ok(&self) -> bool {
        self.failed() == 0
            && self.errors.is_empty()
            && self.warnings.is_empty()
            && self.invalid.is_empty()
    }

    /// The text `vtcheck rules test` prints, with BSN-like numbers masked as in every report:
    /// test dossiers may be copies of real ones (`dossiers:` can name any file), and their ids and
    /// item ids appear in labels, diffs and the list of a dossier's items.
    pub fn render(&self) -> String {
        crate::privacy::mask_bsn(&self.render_raw()).into_owned()
    }

    fn render_raw(&self) -> String {
        let mut s = String::new();
        let mut file = "";
        for c in &self.cases {
            if c.file != file {
                file = &c.file;
                let _ = writeln!(s, "{file}");
            }
            match &c.diff {
                None => {
                    let _ = writeln!(s, "  ok    {}", c.label);
                }
                Some(d) => {
                    let _ = writeln!(s, "  FOUT  {}", c.label);
                    for line in d.lines() {
                        let _ = writeln!(s, "        {line}");
                    }
                }
            }
        }
        for e in &self.errors {
            let _ = writeln!(s, "fout: {e}");
        }
        for w in &self.warnings {
            let _ = writeln!(s, "waarschuwing: {w}");
        }
        // The files themselves are listed apart (see [`TestReport::invalid`]); a bare "0
        // verwachtingen" would read as a run with nothing wrong.
        let unread = self.unread_files();
        if self.cases.is_empty() && unread > 0 {
            s.push('\n');
        } else {
            let _ = writeln!(
                s,
                "\n{}: {} geslaagd, {} mislukt.",
                crate::report::human::counted(
                    self.cases.len() as u64,
                    "verwachting",
                    "verwachtingen"
                ),
                self.cases.len() - self.failed(),
                self.failed()
            );
        }
        if unread > 0 {
            let _ = writeln!(
                s,
                "{} ongeldig en niet uitgevoerd; zie de fouten.",
                crate::report::human::counted(unread as u64, "testbestand", "testbestanden")
            );
        }
        if !self.warnings.is_empty() {
            let _ = writeln!(
                s,
                "{} in de voorbeelddossiers: de regeltests falen, want een dossier met een \
                 tikfout (een onbekend veld, een onbekende soort) toetst niet wat de test lijkt \
                 te toetsen; verbeter het dossier.",
                crate::report::human::counted(
                    self.warnings.len() as u64,
                    "waarschuwing",
                    "waarschuwingen"
                )
            );
        }
        if unread > 0 {
            let _ = writeln!(
                s,
                "Dekking: niet bepaald, want niet elk testbestand is gelezen."
            );
        } else if self.untested.is_empty() {
            let _ = writeln!(s, "Dekking: elke regel heeft een test.");
        } else {
            let _ = writeln!(
                s,
                "Dekking: regels zonder test: {}",
                self.untested.join(", ")
            );
        }
        s
    }
}

/// Test files under `dir` (recursively), sorted.
pub fn find_tests(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.to_string_lossy().ends_with(".test.yaml"))
        .collect();
    v.sort();
    v
}

/// Runs the test files against a rule set.
pub fn run(set: &RuleSet, files: &[PathBuf]) -> TestReport {
    let regions = &set.regions;
    let mut report = TestReport::default();
    let mut tested = std::collections::BTreeSet::new();
    for path in files {
        let name = crate::dossier::shown_path(path);
        let file: std::sync::Arc<str> = name.as_str().into();
        let (tf, node) = match read_test_file(&file, path) {
            Ok(t) => t,
            Err(d) => {
                report.invalid.push(d);
                continue;
            }
        };
        let as_of = match crate::dossier::date::parse_iso_date(&tf.peildatum.value) {
            Ok(d) => d,
            Err(e) => {
                report.invalid.push(Diag::error(
                    &file,
                    Pos::of_location(&tf.peildatum.referenced),
                    format!("`peildatum`: {e}"),
                ));
                continue;
            }
        };
        if tf.dossiers.is_none() && tf.inline.is_none() {
            report.invalid.push(Diag::error(
                &file,
                Pos::default(),
                "`dossiers:` (pad naar de voorbeelddossiers) of `inline:` (dossiers in het \
                 testbestand) ontbreekt",
            ));
            continue;
        }
        let (mut results, mut diags) = match &tf.dossiers {
            Some(rel) => check::results(
                set,
                regions,
                &[Input::Path(
                    path.parent().unwrap_or(Path::new(".")).join(rel),
                )],
                as_of,
                true,
            ),
            None => (Vec::new(), Vec::new()),
        };
        if tf.inline.is_some() {
            inline_dossiers(set, regions, &name, &node, as_of, &mut results, &mut diags);
        }
        // Errors and warnings alike, each with its hint: a warning (an unknown field, an
        // unknown event kind) means the dossier is not the one the test author meant.
        for d in &diags {
            let line = dossier_diag(&name, d);
            if d.is_error() {
                report.errors.push(line);
            } else {
                report.warnings.push(line);
            }
        }
        // A repeated id: an expectation about it could be judged against either copy.
        let mut first_of: std::collections::HashMap<&str, usize> = Default::default();
        let mut repeated = std::collections::HashSet::new();
        for (i, r) in results.iter().enumerate() {
            match first_of.entry(&r.id) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(i);
                }
                std::collections::hash_map::Entry::Occupied(o) => {
                    let first = &results[*o.get()];
                    let test = if *r.file == *name {
                        String::new()
                    } else {
                        format!("{name}: ")
                    };
                    report.errors.push(format!(
                        "{test}{}: dossiernummer {} komt meer dan één keer voor in de voorbeelddossiers; \
                         ook in {}\n      hulp: geef elk voorbeelddossier een eigen `id`; een \
                         verwachting over dit nummer is anders niet eenduidig",
                        at(&r.file, r.pos),
                        crate::privacy::shown_dossier(&r.id),
                        at(&first.file, first.pos)
                    ));
                    repeated.insert(r.id.clone());
                }
            }
        }
        for a in &tf.aggregaten {
            tested.insert(a.regel.value.clone());
            report.cases.push(CaseResult {
                file: name.clone(),
                label: format!(
                    "{} {} aantal={} gemiddeld={:.1}",
                    a.regel.value, a.regio, a.aantal, a.gemiddeld
                ),
                diff: judge_aggregate(set, &name, &results, a),
            });
        }
        for e in &tf.verwacht {
            tested.insert(e.regel.value.clone());
            let label = format!(
                "{} {}{} {}",
                e.dossier.value,
                e.regel.value,
                e.item
                    .as_ref()
                    .map(|i| format!(" {}", i.value))
                    .unwrap_or_default(),
                e.status.value
            );
            let diff = if repeated.contains(e.dossier.value.as_str()) {
                Some(format!(
                    "{}: dossier {} komt meer dan eens voor in de voorbeelddossiers: niet te \
                     beoordelen welk bedoeld is",
                    at(&name, Pos::of_location(&e.dossier.referenced)),
                    e.dossier.value
                ))
            } else {
                match expected_dates(&name, e) {
                    Ok(dates) => judge(set, &name, &results, e, dates),
                    Err(why) => Some(why),
                }
            };
            report.cases.push(CaseResult {
                file: name.clone(),
                label,
                diff,
            });
        }
    }
    report.untested = set
        .rules
        .iter()
        .filter(|r| !tested.contains(&r.id))
        .map(|r| r.id.clone())
        .collect();
    // Versions of one rule are listed once (the set is sorted by id).
    report.untested.dedup();
    report
}

/// Reads test file `path` (named `file`) and its tree (for the inline dossiers); an error is at
/// its line and column where it has one.
fn read_test_file(
    file: &std::sync::Arc<str>,
    path: &Path,
) -> Result<(TestFile, crate::dossier::node::OwnedNode), Diag> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diag::error(
            file,
            Pos::default(),
            format!("kan niet gelezen worden: {}", crate::diag::io_nl(&e)),
        )
    })?;
    // The budgets first (an alias bomb, deep nesting), with a message that names the limit.
    let node = test_file_tree(&text).map_err(|e| e.diag(file))?;
    // The YAML reader calls a file without content a syntax error at its end.
    let Some(node) = node else {
        let what = if text.trim().is_empty() {
            "het testbestand is leeg"
        } else {
            "het testbestand bevat alleen commentaar"
        };
        return Err(Diag::error(file, Pos::default(), what).with_help(Some(
            "een testbestand heeft `peildatum:`, `dossiers:` of `inline:`, en `verwacht:`".into(),
        )));
    };
    serde_saphyr::from_str::<TestFile>(&text)
        .map(|tf| (tf, node))
        .map_err(|e| {
            let (pos, message, help) = crate::dossier::yaml::located_error(&e, &text);
            Diag::error(file, pos, message).with_help(help)
        })
}

/// Compares an expectation of `aggregaten:` with the values the population rule gave;
/// `Some(diff)` when they differ, or when the rule is no population rule (it gives no values,
/// so a count of 0 would read as the engine's verdict).
fn judge_aggregate(
    set: &RuleSet,
    name: &str,
    results: &[crate::engine::DossierResult],
    a: &AggExpect,
) -> Option<String> {
    let here = at(name, Pos::of_location(&a.regel.referenced));
    let versions: Vec<usize> = (0..set.rules.len())
        .filter(|&i| set.rules[i].id == a.regel.value)
        .collect();
    let Some(&first) = versions.first() else {
        let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
        return Some(with_hint(
            format!("{here}: onbekende regel {}", a.regel.value),
            crate::suggest::did_you_mean(&a.regel.value, ids.iter().copied()),
        ));
    };
    let check = &set.rules[first].check;
    if !matches!(check, super::Check::Population(_)) {
        return Some(format!(
            "{here}: regel {} is van soort `{}`; `aggregaten` gelden alleen voor regels van \
             soort `populatie` (verwachtingen voor deze regel horen onder `verwacht`)",
            a.regel.value,
            check.kind_key()
        ));
    }
    let values: Vec<f64> = results
        .iter()
        .filter(|r| *r.region == *a.regio)
        .flat_map(|r| r.samples.iter())
        .filter(|(ri, _)| versions.contains(ri))
        .map(|(_, v)| *v)
        .collect();
    let mean = if values.is_empty() {
        0.0
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    };
    let ok = values.len() == a.aantal && (mean - a.gemiddeld).abs() < 0.05;
    (!ok).then(|| {
        format!(
            "- verwacht: aantal={} gemiddeld={:.1}\n+ gekregen: aantal={} gemiddeld={mean:.1}{}",
            a.aantal,
            a.gemiddeld,
            values.len(),
            a.waarom
                .as_deref()
                .map(|w| format!("\n  waarom verwacht: {w}"))
                .unwrap_or_default()
        )
    })
}

/// The tree of a test file (its first document with content; `None` for none), within the
/// budgets a dossier file has: a breach is an error that names the limit.
fn test_file_tree(
    text: &str,
) -> Result<Option<crate::dossier::node::OwnedNode>, crate::dossier::yaml::YamlError> {
    use crate::dossier::yaml;
    let limits = crate::dossier::source::ReadLimits::default();
    yaml::content_documents(text)
        .first()
        .map(|doc| yaml::parse_document_of(doc, limits.max_nodes, "regeltestbestand"))
        .transpose()
}

/// Checks the dossiers under `inline:` of a test file (its tree `node`, named `name`): each list
/// entry is a dossier as in a dossier file, read from the test file's own tree, so positions in
/// findings and errors point into the test file.
fn inline_dossiers(
    set: &RuleSet,
    regions: &RegionTable,
    name: &str,
    node: &crate::dossier::node::OwnedNode,
    as_of: NaiveDate,
    results: &mut Vec<crate::engine::DossierResult>,
    diags: &mut Vec<crate::diag::Diag>,
) {
    use crate::dossier::node::Value;
    use crate::dossier::source::{ReadLimits, Unit, parse_unit};
    let file: std::sync::Arc<str> = name.into();
    let limits = ReadLimits::default();
    let Some(list) = node.get("inline") else {
        return;
    };
    let Value::Seq(items) = &list.value else {
        diags.push(crate::diag::Diag::error(
            &file,
            list.pos,
            format!(
                "`inline:` is een lijst van dossiers, gevonden: {}",
                list.value.kind_nl()
            ),
        ));
        return;
    };
    let mut engine = crate::engine::Engine::new(set, as_of);
    engine.keep_all = true;
    for item in items {
        let unit = Unit::Node {
            file: file.clone(),
            node: item.clone(),
        };
        if let Some(d) = parse_unit(unit, regions, &limits, diags) {
            results.push(engine.check(&d));
        }
    }
}

/// `message`, with "(bedoelde je `x`?)" when a near name is known.
fn with_hint(message: String, near: Option<&str>) -> String {
    match near {
        Some(n) => format!("{message} (bedoelde je `{n}`?)"),
        None => message,
    }
}

/// Compares one expectation with the engine's verdict; `Some(diff)` when they differ.
#[allow(clippy::type_complexity)]
fn judge(
    set: &RuleSet,
    name: &str,
    results: &[crate::engine::DossierResult],
    e: &Expect,
    (want_due, want_obs): (Option<NaiveDate>, Option<Option<NaiveDate>>),
) -> Option<String> {
    let Some(res) = results.iter().find(|r| *r.id == *e.dossier.value) else {
        // Only ids shown as written are proposed: one that looks like text (a name) is not
        // repeated from a dossier file (rev50 F1).
        let ids = results
            .iter()
            .map(|r| &*r.id)
            .filter(|id| crate::privacy::shown_dossier(id) == *id);
        return Some(with_hint(
            format!(
                "{}: dossier {} niet gevonden in de voorbeelddossiers",
                at(name, Pos::of_location(&e.dossier.referenced)),
                e.dossier.value
            ),
            crate::suggest::did_you_mean(&e.dossier.value, ids),
        ));
    };
    // A rule with versions for different periods: the dossier is judged by the one in force on
    // its `ontvangen` date (the others are not applicable to it); with none in force, any
    // version says not_applicable.
    let mut versions = (0..set.rules.len()).filter(|&i| set.rules[i].id == e.regel.value);
    let Some(first) = versions.next() else {
        let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
        return Some(with_hint(
            format!(
                "{}: onbekende regel {}",
                at(name, Pos::of_location(&e.regel.referenced)),
                e.regel.value
            ),
            crate::suggest::did_you_mean(&e.regel.value, ids.iter().copied()),
        ));
    };
    let ri = std::iter::once(first)
        .chain(versions)
        .find(|&i| set.rules[i].in_force(res.received))
        .unwrap_or(first);
    if Status::from_key(&e.status.value).is_none() {
        let keys = Status::ALL.iter().map(|(_, en, _)| *en);
        return Some(with_hint(
            format!(
                "{}: onbekende status '{}'",
                at(name, Pos::of_location(&e.status.referenced)),
                e.status.value
            ),
            crate::suggest::did_you_mean(&e.status.value, keys),
        ));
    }
    let outcomes: Vec<_> = res.findings.iter().filter(|f| f.rule == ri).collect();
    // An item is named as the dossier writes it or as reports show it: an id vtcheck does not
    // show (a name) is the placeholder in findings, as waivers accept both.
    let item = e.item.as_ref().map(|i| i.value.as_str());
    let shown = item.map(crate::privacy::shown_id);
    let is_item = |name: &str| Some(name) == item || Some(name) == shown.as_deref();
    let got = match item {
        None => outcomes
            .iter()
            .find(|f| f.item.is_none())
            .or(outcomes.first())
            .copied(),
        Some(_) => outcomes
            .iter()
            .find(|f| f.item.as_deref().is_some_and(is_item))
            .copied(),
    };
    // An item the rule passed over (`alleen`) is not_applicable; one the dossier does not have
    // is a mistake in the test, not a verdict.
    if let Some(spanned) = &e.item
        && got.is_none()
        && !res.items.iter().any(|it| is_item(it))
    {
        let have = if res.items.is_empty() {
            "het dossier heeft geen items".to_string()
        } else {
            format!("items van het dossier: {}", res.items.join(", "))
        };
        return Some(format!(
            "{}: item {} bestaat niet in dossier {} ({have})",
            at(name, Pos::of_location(&spanned.referenced)),
            spanned.value,
            e.dossier.value
        ));
    }
    let status = match (item, got) {
        (None, _) => res.statuses[ri],
        (Some(_), Some(f)) => f.status,
        (Some(_), None) => Status::NotApplicable,
    };
    let got_due_date = got.and_then(|f| f.due);
    let got_obs_date = got.and_then(|f| f.observed);
    let status_ok = Status::from_key(&e.status.value) == Some(status);
    let due_ok = want_due.is_none_or(|d| got_due_date == Some(d));
    let obs_ok = want_obs.is_none_or(|o| o == got_obs_date);
    if status_ok && due_ok && obs_ok {
        return None;
    }
    let date = |d: Option<NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let got_due = date(got_due_date);
    let got_obs = date(got_obs_date);
    let want_due = date(want_due);
    let want_obs = want_obs.map(date);
    let show = |s: &str, due: Option<&String>, obs: Option<&Option<String>>| {
        let mut t = format!("status={s}");
        if let Some(d) = due {
            let _ = write!(t, " due={d}");
        }
        if let Some(o) = obs {
            let _ = write!(t, " observed={}", o.as_deref().unwrap_or("null"));
        }
        t
    };
    let mut d = format!(
        "- verwacht: {}\n+ gekregen: {}",
        show(&e.status.value, want_due.as_ref(), want_obs.as_ref()),
        show(status.key(), got_due.as_ref(), Some(&got_obs))
    );
    if let Some(f) = got.filter(|f| f.status.is_finding()) {
        let _ = write!(d, "\n  melding: {}", f.message);
    }
    if let Some(w) = &e.waarom {
        let _ = write!(d, "\n  waarom verwacht: {w}");
    }
    Some(d)
}

/// One labelled voorwaarde of the evaluation corpus (`fixtures/voorwaarden/corpus.yaml`).
/// Read with [`read_corpus`]: an unknown key or rule id is an error, not an entry that
/// silently counts for no rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorpusEntry {
    /// The entry's id (`C001`), unique in the corpus; [`Score::wrong`] lists entries by it.
    pub id: String,
    /// The voorwaarde itself, the text the text rules are run on.
    pub tekst: String,
    /// Where the voorwaarde comes from (`officieel`, `domain-3.4`, `eigen`); not read by the
    /// evaluation.
    #[serde(default)]
    pub bron: Option<String>,
    /// Rule id → whether the rule must fire on this voorwaarde.
    pub verwacht: Labels,
    /// The reasons behind the `true` labels (`evaluatief`, `alleen_verbod`); empty when every
    /// label is false. Not read by the evaluation.
    #[serde(default)]
    pub categorie: Vec<String>,
    /// The labeller's note on a borderline call; not read by the evaluation.
    #[serde(default)]
    pub notitie: Option<String>,
}

/// The `verwacht:` of a corpus entry: rule id → whether the rule must fire, in the order
/// written, each id with where it is written (so an unknown one is reported there).
#[derive(Debug, Default)]
pub struct Labels(pub Vec<(Spanned<String>, bool)>);

impl Labels {
    /// The label for `rule`, if the entry has one.
    pub fn get(&self, rule: &str) -> Option<bool> {
        self.0
            .iter()
            .find(|(k, _)| k.value == rule)
            .map(|(_, v)| *v)
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Labels;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut m: A) -> Result<Labels, A::Error> {
                let mut v = Vec::new();
                while let Some(e) = m.next_entry::<Spanned<String>, bool>()? {
                    v.push(e);
                }
                Ok(Labels(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// The fields of a corpus entry with their types, for [`read_corpus`]'s check of every entry
/// on the positioned tree; `verwacht` is checked there label by label.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)] // Read for its errors only: the entries come from `CorpusEntry`.
struct EntryShape {
    id: String,
    tekst: String,
    #[serde(default)]
    bron: Option<String>,
    verwacht: serde::de::IgnoredAny,
    #[serde(default)]
    categorie: Vec<String>,
    #[serde(default)]
    notitie: Option<String>,
}

/// Reads the labelled corpus `text` (file `file`) for the text rules of `set`: a field of the
/// wrong type, an unknown key, a label that is not `true` or `false`, a label for a rule that is
/// not a text rule of the set (`VT-V4`), a rule labelled twice in one entry or an id used twice
/// is an error at its line and column, with a suggestion where one fits. All errors are
/// reported in file order, not only the first: the entries are checked one by one on the
/// positioned tree before serde reads them.
pub fn read_corpus(
    set: &RuleSet,
    file: &std::sync::Arc<str>,
    text: &str,
) -> Result<Vec<CorpusEntry>, Vec<Diag>> {
    use super::Check;
    // The budgets first (an alias bomb), with a message that names the limit.
    if let Some(doc) = crate::dossier::yaml::content_documents(text).first() {
        let root = crate::dossier::yaml::parse_document_of(doc, 1_000_000, "corpusbestand")
            .map_err(|e| vec![e.diag(file)])?;
        let text_rules: Vec<&str> = set
            .rules
            .iter()
            .filter(|r| matches!(r.check, Check::Text(_)))
            .map(|r| r.id.as_str())
            .collect();
        let diags = check_corpus_tree(set, &text_rules, file, &root);
        if !diags.is_empty() {
            return Err(diags);
        }
    }
    let options = serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        with_snippet: false,
    };
    // The tree passed every check, so this reads what it holds (or finds what the tree cannot
    // show, such as a second document).
    let entries: Vec<Spanned<CorpusEntry>> = serde_saphyr::from_str_with_options(text, options)
        .map_err(|e| {
            let (pos, message, help) = crate::dossier::yaml::located_error(&e, text);
            vec![corpus_error(file, pos, &message, help)]
        })?;
    Ok(entries.into_iter().map(|e| e.value).collect())
}

/// `ongeldig corpus: …` at `pos` in `file`.
fn corpus_error(file: &std::sync::Arc<str>, pos: Pos, message: &str, help: Option<String>) -> Diag {
    Diag::error(file, pos, format!("ongeldig corpus: {message}")).with_help(help)
}

/// Every mistake of the corpus `root` (file `file`), in file order; see [`read_corpus`].
fn check_corpus_tree(
    set: &RuleSet,
    text_rules: &[&str],
    file: &std::sync::Arc<str>,
    root: &crate::dossier::node::OwnedNode,
) -> Vec<Diag> {
    use crate::dossier::node::Value;
    let invalid =
        |pos: Pos, message: &str, help: Option<String>| corpus_error(file, pos, message, help);
    let Value::Seq(items) = &root.value else {
        return vec![invalid(
            root.pos,
            &format!(
                "verwacht een lijst van voorwaarden, gevonden {}",
                root.value.kind_nl()
            ),
            None,
        )];
    };
    let mut diags = Vec::new();
    let mut ids: std::collections::HashMap<&str, Pos> = Default::default();
    for entry in items {
        if let Err(errors) = super::de::from_node::<EntryShape>(entry) {
            for e in errors {
                diags.push(invalid(e.pos.unwrap_or(entry.pos), &e.message, e.help));
            }
        }
        let Value::Map(fields) = &entry.value else {
            continue;
        };
        let field = |name: &str| fields.iter().find(|(k, _)| k.name == name).map(|(_, n)| n);
        if let Some(Value::Str(id)) = field("id").map(|n| &n.value)
            && let Some(first) = ids.insert(id, entry.pos)
        {
            diags.push(
                Diag::error(
                    file,
                    entry.pos,
                    format!(
                        "corpus-id `{id}` komt twee keer voor; ook op regel {}",
                        first.line
                    ),
                )
                .with_help(Some("geef elke voorwaarde een eigen `id`".into())),
            );
        }
        let Some(Value::Map(labels)) = field("verwacht").map(|n| &n.value) else {
            if let Some(n) = field("verwacht") {
                diags.push(invalid(
                    n.pos,
                    &format!(
                        "`verwacht` is geen object met per regel true of false, maar {}",
                        n.value.kind_nl()
                    ),
                    None,
                ));
            }
            continue;
        };
        for (i, (k, v)) in labels.iter().enumerate() {
            if labels[..i].iter().any(|(p, _)| p.name == k.name) {
                diags.push(Diag::error(
                    file,
                    k.pos,
                    format!("regel `{}` staat twee keer onder `verwacht`", k.name),
                ));
            } else if !text_rules.contains(&k.name.as_ref()) {
                let (what, help) = if set.get(&k.name).is_some() {
                    (
                        format!(
                            "regel `{}` onder `verwacht` is geen tekstregel: het corpus meet \
                             alleen tekstregels",
                            k.name
                        ),
                        Some(format!("tekstregels: {}", text_rules.join(", "))),
                    )
                } else {
                    (
                        format!("onbekende regel `{}` onder `verwacht`", k.name),
                        crate::suggest::help_for(&k.name, text_rules),
                    )
                };
                diags.push(Diag::error(file, k.pos, what).with_help(help));
            }
            if !matches!(v.value, Value::Bool(_)) {
                diags.push(invalid(
                    v.pos,
                    &format!(
                        "ongeldige waarde voor `{}`: verwacht true of false, gevonden {}",
                        k.name,
                        v.value.kind_nl()
                    ),
                    Some("`true`: de regel moet deze voorwaarde melden; `false`: niet".into()),
                ));
            }
        }
    }
    diags.sort_by_key(|d| (d.pos.line, d.pos.col));
    diags
}

/// Precision and recall of one text rule on a labelled corpus.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    /// The rule id (`VT-V04`).
    pub rule: String,
    /// True positives: entries labelled `true` the rule fired on.
    pub tp: usize,
    /// False positives: entries labelled `false` the rule fired on.
    pub fp: usize,
    /// False negatives: entries labelled `true` the rule did not fire on.
    pub fn_: usize,
    /// True negatives: entries labelled `false` the rule did not fire on. Entries without a
    /// label for the rule count in none of the four.
    pub tn: usize,
    /// Ids of the entries the rule got wrong (false positives, then false negatives).
    pub wrong: Vec<String>,
    /// The period of this version (`geldig vanaf 01-01-2026`) when the set has more than one
    /// version of the rule: each is scored, and the table tells them apart.
    pub period: Option<String>,
}

impl Score {
    /// Entries labelled for this rule.
    pub fn labelled(&self) -> usize {
        self.tp + self.fp + self.fn_ + self.tn
    }

    /// Precision; 1.0 when the rule fired on no entry (see [`render_scores`] for how that is
    /// shown).
    pub fn precision(&self) -> f64 {
        if self.tp + self.fp == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fp) as f64
        }
    }

    /// Recall; 1.0 when no entry is labelled as one the rule must fire on.
    pub fn recall(&self) -> f64 {
        if self.tp + self.fn_ == 0 {
            1.0
        } else {
            self.tp as f64 / (self.tp + self.fn_) as f64
        }
    }
}

/// Runs every text rule of the set on each corpus entry and scores it against the labels.
pub fn eval_corpus(set: &RuleSet, entries: &[CorpusEntry]) -> Vec<Score> {
    use super::{Analyzer, Check};
    let mut scores = Vec::new();
    for rule in &set.rules {
        let Check::Text(t) = &rule.check else {
            continue;
        };
        let versions = set.rules.iter().filter(|r| r.id == rule.id).count();
        let date = |d: Option<chrono::NaiveDate>| d.map(crate::dossier::model::fmt_date);
        let period = match (date(rule.valid_from), date(rule.valid_to)) {
            (Some(a), Some(b)) => format!("geldig {a} t/m {b}"),
            (Some(a), None) => format!("geldig vanaf {a}"),
            (None, Some(b)) => format!("geldig t/m {b}"),
            (None, None) => "zonder geldigheidsperiode".to_string(),
        };
        let mut s = Score {
            rule: rule.id.clone(),
            period: (versions > 1).then_some(period),
            ..Score::default()
        };
        let mut fps = Vec::new();
        let mut fns = Vec::new();
        for e in entries {
            let Some(want) = e.verwacht.get(&rule.id) else {
                continue;
            };
            let fired = !match &t.analyzer {
                Analyzer::Concreet(a) => a.check(&e.tekst),
                Analyzer::Positief(a) => a.check(&e.tekst),
                Analyzer::Begrijpelijk(a) => a.check(&e.tekst),
            }
            .is_empty();
            match (want, fired) {
                (true, true) => s.tp += 1,
                (false, true) => {
                    s.fp += 1;
                    fps.push(e.id.clone());
                }
                (true, false) => {
                    s.fn_ += 1;
                    fns.push(e.id.clone());
                }
                (false, false) => s.tn += 1,
            }
        }
        s.wrong = fps.into_iter().chain(fns).collect();
        scores.push(s);
    }
    scores
}

/// The table `vtcheck rules eval` prints. A ratio without a denominator (no entry the rule
/// fired on, no entry it should fire on) is `–`, and a rule without labelled entries says so:
/// 1.000 there would read as a perfect score measured on nothing.
pub fn render_scores(scores: &[Score]) -> String {
    let mut s = String::from("regel    precisie  recall   TP   FP   FN   TN\n");
    let ratio = |num: usize, den: usize| {
        if den == 0 {
            "–".to_string()
        } else {
            format!("{:.3}", num as f64 / den as f64).replace('.', ",")
        }
    };
    for x in scores {
        let _ = write!(
            s,
            "{:<8} {:>8} {:>7} {:>4} {:>4} {:>4} {:>4}",
            x.rule,
            ratio(x.tp, x.tp + x.fp),
            ratio(x.tp, x.tp + x.fn_),
            x.tp,
            x.fp,
            x.fn_,
            x.tn
        );
        if let Some(p) = &x.period {
            let _ = write!(s, "   versie {p}");
        }
        if x.labelled() == 0 {
            s.push_str(
                "   geen gegevens: geen voorwaarde in het corpus heeft een label voor deze regel",
            );
        }
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    /// A key added to a rule test file must be added where snippets are decided, or errors in
    /// such a file lose their snippet.
    #[test]
    fn its_keys_are_known_to_the_snippet_check() {
        crate::privacy::assert_authored_keys::<super::TestFile>();
    }
}
