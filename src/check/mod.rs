//! The check pipeline: plan the inputs, stream their units through parse and evaluate in ordered
//! parallel batches, and accumulate counts and findings for the reports.
//!
//! Memory stays bounded by the batch size plus what a report must hold anyway (findings, the
//! per-rule counts, one id per dossier for duplicate detection). Results are accumulated in input
//! order whatever the thread count, and findings are sorted at the end, so 1 or N threads give the
//! same bytes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diag::Diag;
use crate::dossier::Pos;
use crate::dossier::regions::RegionTable;
use crate::dossier::source::{self, Input, Plan, ReadLimits, Unit};
use crate::engine::{Engine, natural_cmp};
use crate::findings::Findings;
use crate::rules::{RuleSet, Status};
use crate::waivers::Waivers;

mod diag_log;
mod dupes;

pub use diag_log::DiagLog;
pub use dupes::Duplicate;

/// Stack for the worker threads that parse and check dossiers.
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// Where the as-of date came from; reports state it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsOfSource {
    /// Given by the caller: `--as-of`, or [`CheckOptions::as_of`].
    Flag,
    /// `as_of` in this configuration file (`vtcheck.toml`, perhaps directories up).
    Config(Arc<str>),
    /// The `exportdatum` of this export manifest, the first read that has one.
    Manifest(Arc<str>),
    /// The `today` given to [`run`]: nothing else gave a date.
    Today,
}

/// What [`run`] reads and how: made with [`CheckOptions::new`] (the CLI's defaults), then
/// changed field by field.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Files, directories, standard input or texts in memory, read in this order.
    pub inputs: Vec<Input>,
    /// The as-of date; `None`: the first manifest's export date, else the `today` given to
    /// [`run`].
    pub as_of: Option<NaiveDate>,
    /// The configuration file `as_of` came from, when no flag gave it.
    pub as_of_config: Option<Arc<str>>,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    /// Size limits of the readers (a line, a file, nesting), and the CSV column mapping.
    pub limits: ReadLimits,
    /// Dossiers per parallel batch.
    pub batch: usize,
    /// Keep every dossier's status per rule (JUnit needs a test case per applicable dossier).
    pub keep_verdicts: bool,
    /// Collect findings for a report (the regional comparison needs only the verdicts).
    pub keep_findings: bool,
    /// Read and parse only, without evaluating rules: the floor a benchmark compares against.
    pub parse_only: bool,
    /// Memory for buffered findings before they are sorted into a temporary file.
    pub findings_budget: usize,
    /// Memory for input errors and warnings before they go to a temporary file.
    pub diags_budget: usize,
    /// The dossiers of a `--baseline`: the ones among them this run rejects are noted in
    /// [`CheckRun::baseline_rejected`] (memory bounded by the baseline, not the export).
    pub baseline_watch: Option<Arc<crate::baseline::DossierWatch>>,
    /// Tests of the CLI only: a worker panics on its first unit, so that a test can see a panic
    /// become an internal error without a backtrace. The CLI sets it from `VTCHECK_TEST_PANIC`
    /// in debug builds; the library reads no environment.
    #[doc(hidden)]
    pub test_panic: bool,
}

impl CheckOptions {
    /// The CLI's defaults for `inputs`: every core, findings kept for a report, nothing
    /// spilled before 48 MB.
    pub fn new(inputs: Vec<Input>) -> Self {
        CheckOptions {
            inputs,
            as_of: None,
            as_of_config: None,
            threads: None,
            limits: ReadLimits::default(),
            batch: 1024,
            keep_verdicts: false,
            keep_findings: true,
            parse_only: false,
            findings_budget: crate::findings::DEFAULT_BUDGET,
            diags_budget: diag_log::DEFAULT_BUDGET,
            baseline_watch: None,
            test_panic: false,
        }
    }
}

/// Counts per rule over dossiers (an item rule counts a dossier once, by its most serious item).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Dossiers the rule applies to: every status but `not_applicable`, so the sum of the fields
    /// below.
    pub applicable: u64,
    /// Dossiers that meet the rule.
    pub pass: u64,
    /// Dossiers that violate it (waived violations not counted here).
    pub violation: u64,
    /// Dossiers whose term still runs at the as-of date, or whose requirement is not yet a
    /// violation.
    pub open: u64,
    /// Dossiers that record an allowed exception.
    pub exempt: u64,
    /// Dossiers that cannot be judged: the data needed is missing or contradictory.
    pub unassessable: u64,
    /// Dossiers whose violations a waiver accepted, with nothing more serious left.
    pub waived: u64,
}

impl Counts {
    fn add(&mut self, s: Status) {
        if s == Status::NotApplicable {
            return;
        }
        self.applicable += 1;
        match s {
            Status::Pass => self.pass += 1,
            Status::Violation => self.violation += 1,
            Status::Open => self.open += 1,
            Status::Exempt => self.exempt += 1,
            Status::Unassessable => self.unassessable += 1,
            Status::Waived => self.waived += 1,
            Status::NotApplicable => {}
        }
    }
}

/// A population rule's values per region.
#[derive(Debug, Clone, Default)]
pub struct Aggregate {
    /// Index of the population rule in the rule set.
    pub rule: usize,
    /// (region, values), regions sorted.
    pub regions: Vec<(Arc<str>, Vec<f64>)>,
}

/// One dossier's status per rule, kept only when a report needs it.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The dossier's `id` (a pseudonym once [`crate::baseline::pseudonymise`] has run).
    pub dossier: Arc<str>,
    /// The dossier's `regio`, as its code in the region table.
    pub region: Arc<str>,
    /// The dossier's `ontvangen` date.
    pub received: NaiveDate,
    /// The file the dossier was read from, as reports name it.
    pub file: Arc<str>,
    /// The file's number in reading order, as [`Duplicate::file_index`] counts.
    pub file_index: u32,
    /// Where the dossier starts in `file`.
    pub pos: Pos,
    /// The dossier's status per rule, aligned with the rule set, with waivers applied.
    pub statuses: Vec<Status>,
    /// Values for population rules: (rule index, value in months), as in [`Aggregate`].
    pub samples: Vec<(usize, f64)>,
}

/// The outcome of a run, ready for any report format.
#[derive(Debug)]
pub struct CheckRun {
    /// The as-of date every dossier was judged at.
    pub as_of: NaiveDate,
    /// Where the as-of date came from; reports state it.
    pub as_of_source: AsOfSource,
    /// Dossier files read, unreadable ones included; export manifests and inputs rejected before
    /// reading (a path that does not exist) are not counted.
    pub files: u64,
    /// Dossiers read and valid: the ones the rules judged (see [`CheckRun::dossiers`]).
    pub valid: u64,
    /// Dossiers read and rejected, not checked: a dossier in error, or a part of a file that
    /// could not be cut into dossiers (a whole unreadable file, a line that is no UTF-8), each
    /// counted once as the manifest's count counts them. Errors that are no dossier (a path that
    /// does not exist, an empty directory, a manifest, a repeated id of two checked dossiers)
    /// are in `diags` only.
    pub invalid: u64,
    /// Sorted in report order.
    pub findings: Findings,
    /// Input errors and warnings in reading order (in bounded memory: see [`DiagLog`]).
    pub diags: DiagLog,
    /// Per rule, aligned with the rule set.
    pub counts: Vec<Counts>,
    /// Per population rule (in rule-set order), its values per region.
    pub aggregates: Vec<Aggregate>,
    /// Per dossier, sorted by dossier id; empty unless [`CheckOptions::keep_verdicts`].
    pub verdicts: Vec<Verdict>,
    /// SHA-256 of every input file as read, in reading order (the audit trail): the export
    /// manifests first (they are read while planning), then the dossier files.
    pub input_hashes: Vec<(Arc<str>, Option<String>)>,
    /// Dossier ids read more than once: each later occurrence with the first (also reported as
    /// input errors in `diags`).
    pub duplicates: Vec<Duplicate>,
    /// Whether the duplicate check finished (its temporary file could be read back).
    pub duplicates_complete: bool,
    /// The baseline dossier keys of the dossiers that were read but rejected, among those of
    /// [`CheckOptions::baseline_watch`]: their baselined violations were not checked.
    pub baseline_rejected: HashSet<String>,
    /// Of `invalid`, the dossiers whose id could be read.
    pub rejected_with_id: u64,
    /// Dossiers were only read (`--parse-only`): no rule judged them, so reports give no
    /// per-rule counts and say the dossiers were read, not checked.
    pub parse_only: bool,
}

impl CheckRun {
    /// Every dossier read, checked or rejected: `valid + invalid` (the reports' `dossiers`).
    pub fn dossiers(&self) -> u64 {
        self.valid + self.invalid
    }

    /// The input errors in `diags`, in reading order.
    pub fn errors(&self) -> impl Iterator<Item = std::borrow::Cow<'_, Diag>> + '_ {
        self.diags.errors()
    }

    /// The warnings in `diags`, in reading order.
    pub fn warnings(&self) -> impl Iterator<Item = std::borrow::Cow<'_, Diag>> + '_ {
        self.diags.warnings()
    }
}

/// Decides the as-of date: the flag, else the first manifest's export date, else today.
pub fn resolve_as_of(
    flag: Option<NaiveDate>,
    plan: &Plan,
    today: NaiveDate,
) -> (NaiveDate, AsOfSource) {
    if let Some(d) = flag {
        return (d, AsOfSource::Flag);
    }
    if let Some(m) = plan.manifests.iter().find(|m| m.exportdatum.is_some())
        && let Some(d) = m.exportdatum
    {
        return (d, AsOfSource::Manifest(m.file.clone()));
    }
    (today, AsOfSource::Today)
}

/// A warning for every manifest whose `exportdatum` differs from the as-of date taken from the
/// first: without `--as-of`, exports of different dates are all judged at that one date, which
/// the user should know (and can change). Each with the manifest's index.
fn conflicting_export_dates(plan: &Plan, as_of: NaiveDate) -> Vec<(usize, Diag)> {
    let fmt = crate::dossier::model::fmt_date;
    plan.manifests
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((i, m, m.exportdatum?)))
        .filter(|(_, _, d)| *d != as_of)
        .map(|(i, m, d)| {
            let w = Diag::warning(
                &m.file,
                Pos::default(),
                format!(
                    "exportdatum {} wijkt af van de peildatum {} (de exportdatum van de eerste export); \
                     alle dossiers worden op {} beoordeeld: kies de peildatum met --as-of",
                    fmt(d),
                    fmt(as_of),
                    fmt(as_of)
                ),
            );
            (i, w)
        })
        .collect()
}

/// How far a run has got, for a progress bar.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    /// Dossiers checked or rejected so far.
    pub dossiers: u64,
    /// Input bytes handed to the workers so far, and in all (0 when unknown, e.g. standard input).
    pub bytes: u64,
    /// All input bytes: the sizes of the input files summed (standard input counts 0).
    pub total_bytes: u64,
}

/// What the reader thread hands to the workers, in input order.
enum Item {
    /// An input error or warning found while planning (a skipped file, a path that does not
    /// exist), at its place in the reading order. No dossier: not counted.
    Planned(Diag),
    /// A unit and the export manifest of its file, if any.
    Unit(Unit, Option<usize>),
    /// A part of a file the reader could not cut into a unit (a line that is no UTF-8, a line
    /// too long), in reading order among the units.
    Unreadable(Diag),
    /// A file is read completely: its digest and how many units (and unreadable parts) it had.
    FileEnd {
        job: usize,
        digest: Option<String>,
        units: u64,
    },
}

/// The same item after the workers: a checked dossier, or the file's end passed through.
enum Done {
    Dossier(
        Option<(crate::engine::DossierResult, Pos)>,
        Vec<Diag>,
        Option<RegionMismatch>,
        // An invalid dossier's file, id and position, when its id could be read (boxed: rare).
        Option<Box<(Arc<str>, String, Pos)>>,
    ),
    Parsed(bool, Vec<Diag>),
    Planned(Diag),
    Unreadable(Diag),
    FileEnd {
        job: usize,
        digest: Option<String>,
        units: u64,
    },
}

/// The bytes of units a batch holds at most (beyond its last unit): with the batches in the
/// queue and in work, what bounds the reader's memory when dossiers are large (a JSON Lines line
/// may hold 16 MB). Normal dossiers (about 1 KB) fill a batch by count long before this.
const BATCH_BYTES: usize = 8 << 20;

/// Runs the check. `progress` is called after each batch.
///
/// Three stages overlap: a reader thread cuts the inputs into batches of units (bounded queue),
/// the worker pool parses and checks a batch in parallel, and meanwhile one worker absorbs the
/// previous batch's results in input order and takes the next batch from the reader. Memory is
/// bounded by the queue, two batches and what the accumulator keeps.
pub fn run<'w>(
    rules: &RuleSet,
    regions: &RegionTable,
    opts: &CheckOptions,
    today: NaiveDate,
    waivers: Option<&'w mut Waivers>,
    on_verdict: Option<&'w mut (dyn FnMut(&Verdict) + Send)>,
    progress: &mut dyn FnMut(Progress),
) -> CheckRun {
    let mut plan = source::plan(&opts.inputs, regions);
    let (as_of, mut as_of_source) = resolve_as_of(opts.as_of, &plan, today);
    if let (AsOfSource::Flag, Some(file)) = (&as_of_source, &opts.as_of_config) {
        as_of_source = AsOfSource::Config(file.clone());
    }
    if opts.as_of.is_none() {
        for (m, d) in conflicting_export_dates(&plan, as_of) {
            plan.manifest_diag(m, d);
        }
    }
    // An input rejected before reading (a path that does not exist, a file of an unknown kind,
    // a broken manifest) is no dossier: it is told in the errors, not counted as one. The reader
    // sends each at its place in the reading order, before the file that follows it.
    let planned = plan.take_diags();
    // Parsers recurse once per nesting level; the depth limit keeps that small, and a generous
    // stack keeps a debug or instrumented build safe too (it is reserved, not used).
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .stack_size(WORKER_STACK)
        .build();
    let test_panic = opts.test_panic;
    let mut acc = Accumulator::new(rules, as_of, opts);
    acc.keep_verdicts = opts.keep_verdicts;
    acc.keep_findings = opts.keep_findings;
    acc.on_verdict = on_verdict;
    acc.waivers = waivers;
    acc.input_hashes.extend(
        plan.manifests
            .iter()
            .map(|m| (m.file.clone(), m.sha256.clone())),
    );
    let engine = Engine::new(rules, as_of);
    let batch_size = opts.batch.max(1);
    let total_bytes: u64 = plan
        .files
        .iter()
        .map(|j| match (&j.embedded, &j.path) {
            (Some(t), _) => t.len() as u64,
            (None, Some(p)) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
            (None, None) => 0,
        })
        .sum();
    let work = |item: Item| -> Done {
        let (u, manifest) = match item {
            Item::Unit(u, manifest) => (u, manifest),
            Item::Planned(d) => return Done::Planned(d),
            Item::Unreadable(d) => return Done::Unreadable(d),
            Item::FileEnd { job, digest, units } => {
                return Done::FileEnd { job, digest, units };
            }
        };
        // Lets a test check that a panic in a worker thread becomes an internal error with
        // exit code 2 and no backtrace.
        if test_panic {
            panic!("VTCHECK_TEST_PANIC in een worker; tekst 111222333");
        }
        let mut d = Vec::new();
        let file = u.file().clone();
        let parsed = source::parse_unit_named(u, regions, &opts.limits, &mut d);
        if opts.parse_only {
            return Done::Parsed(parsed.is_ok(), d);
        }
        let (dossier, unreadable) = match parsed {
            Ok(dossier) => (Some(dossier), None),
            Err(named) => (None, named.map(|(id, pos)| Box::new((file, id, pos)))),
        };
        let mut mismatch = None;
        let result = dossier.map(|dossier| {
            let pos = dossier.origin.pos;
            mismatch =
                manifest.and_then(|m| region_mismatch(&plan.manifests[m], m, &dossier, regions));
            (engine.check(&dossier), pos)
        });
        Done::Dossier(result, d, mismatch, unreadable)
    };
    let process = |batch: Vec<Item>| -> Vec<Done> {
        match &pool {
            Ok(p) => p.install(|| batch.into_par_iter().map(work).collect()),
            Err(_) => batch.into_iter().map(work).collect(),
        }
    };
    let mut per_manifest = vec![0u64; plan.manifests.len()];
    // Per manifest: dossiers whose `regio` is not the manifest's, and the first of them.
    let mut off_region: Vec<(u64, Option<RegionMismatch>)> = std::iter::repeat_with(|| (0, None))
        .take(plan.manifests.len())
        .collect();
    let mut bytes_done = 0u64;
    std::thread::scope(|scope| {
        // A few batches in flight keep every worker busy without holding the export in memory.
        let (tx, rx) = std::sync::mpsc::sync_channel::<(Vec<Item>, u64)>(4);
        let files = &plan.files;
        let limits = &opts.limits;
        scope.spawn(move || {
            let mut batch: Vec<Item> = Vec::with_capacity(batch_size);
            // The bytes the batch's units hold: a batch is cut at `BATCH_BYTES` too.
            let weight = std::cell::Cell::new(0usize);
            let mut done_bytes = 0u64;
            for step in source::reading_order(files, planned) {
                let (ji, job) = match step {
                    source::Step::File(ji, job) => (ji, job),
                    source::Step::Diag(d) => {
                        batch.push(Item::Planned(d));
                        if batch.len() >= batch_size {
                            let full =
                                std::mem::replace(&mut batch, Vec::with_capacity(batch_size));
                            weight.set(0);
                            let _ = tx.send((full, done_bytes));
                        }
                        continue;
                    }
                };
                let units = std::cell::Cell::new(0u64);
                let at = std::cell::Cell::new(0u64);
                // Units and the errors of unreadable parts go out in reading order, so the
                // report lists them in that order; both count as the export's dossiers.
                let out = std::cell::RefCell::new(&mut batch);
                let send = |item: Item| {
                    let mut batch = out.borrow_mut();
                    if let Item::Unit(u, _) = &item {
                        weight.set(weight.get().saturating_add(u.weight()));
                    }
                    batch.push(item);
                    if batch.len() >= batch_size || weight.get() >= BATCH_BYTES {
                        weight.set(0);
                        let full = std::mem::replace(*batch, Vec::with_capacity(batch_size));
                        // The receiver only stops early on a panic; nothing is lost then.
                        let _ = tx.send((full, done_bytes + at.get()));
                    }
                };
                let digest = source::read_units(
                    job,
                    limits,
                    &mut |u| {
                        units.set(units.get() + 1);
                        if let Unit::Text { offset, .. } = &u {
                            at.set(*offset as u64);
                        }
                        send(Item::Unit(u, job.manifest));
                    },
                    &mut |d| {
                        if d.is_error() {
                            units.set(units.get() + 1);
                        }
                        send(Item::Unreadable(d));
                    },
                );
                let (units, at) = (units.get(), at.get());
                done_bytes += match (&job.embedded, &job.path) {
                    (Some(t), _) => t.len() as u64,
                    (None, Some(p)) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
                    (None, None) => at,
                };
                batch.push(Item::FileEnd {
                    job: ji,
                    digest,
                    units,
                });
            }
            if !batch.is_empty() {
                let _ = tx.send((batch, done_bytes));
            }
        });
        // Whether a unit of standard input failed before (see `keep_stdin_help_once`).
        let mut stdin_failed = false;
        let mut absorb = |results: Vec<Done>, acc: &mut Accumulator| {
            for r in results {
                match r {
                    Done::Dossier(r, mut d, mismatch, unreadable) => {
                        source::keep_stdin_help_once(&mut stdin_failed, &mut d);
                        if let Some(m) = mismatch {
                            let (n, first) = &mut off_region[m.manifest];
                            *n += 1;
                            first.get_or_insert(m);
                        }
                        acc.absorb(r, d, unreadable)
                    }
                    Done::Planned(d) => acc.diags.push(d),
                    Done::Unreadable(mut d) => {
                        source::keep_stdin_help_once(
                            &mut stdin_failed,
                            std::slice::from_mut(&mut d),
                        );
                        if d.is_error() {
                            acc.invalid += 1;
                        }
                        acc.diags.push(d);
                    }
                    Done::Parsed(ok, mut d) => {
                        source::keep_stdin_help_once(&mut stdin_failed, &mut d);
                        acc.diags.extend(d);
                        if ok {
                            acc.valid += 1;
                        } else {
                            acc.invalid += 1;
                        }
                    }
                    Done::FileEnd { job, digest, units } => {
                        acc.files += 1;
                        let job = &plan.files[job];
                        acc.input_hashes.push((job.name.clone(), digest));
                        if let Some(m) = job.manifest {
                            per_manifest[m] += units;
                        }
                    }
                }
            }
        };
        let rx = std::sync::Mutex::new(rx);
        let recv = || rx.lock().ok().and_then(|r| r.recv().ok());
        let mut next = recv();
        let mut previous: Option<Vec<Done>> = None;
        while let Some((batch, bytes)) = next.take() {
            let prev = previous.take();
            let step = || {
                rayon::join(
                    || process(batch),
                    || {
                        if let Some(p) = prev {
                            absorb(p, &mut acc);
                        }
                        recv()
                    },
                )
            };
            let (done, following) = match &pool {
                Ok(p) => p.install(step),
                Err(_) => step(),
            };
            previous = Some(done);
            next = following;
            bytes_done = bytes;
            progress(Progress {
                dossiers: acc.valid + acc.invalid,
                bytes: bytes_done,
                total_bytes,
            });
        }
        if let Some(p) = previous {
            absorb(p, &mut acc);
        }
    });
    let _ = bytes_done;
    // Without rules no waiver can match a finding: calling them stale would be false.
    if let Some(w) = acc.waivers.as_deref().filter(|_| !opts.parse_only) {
        let mut stale = Vec::new();
        w.report(as_of, &mut stale);
        acc.diags.extend(stale);
    }
    for (m, (n, first)) in plan.manifests.iter().zip(off_region) {
        if let (Some(expected), Some(first)) = (&m.regio, first) {
            acc.diags.push(
                Diag::warning(
                    &first.file,
                    first.pos,
                    // The manifest is named by where the warning points (the first such
                    // dossier, beside its export.yaml), not by its path in the message:
                    // `--pseudonymise` replaces locations, and a path in a message would leak.
                    format!(
                        "{} in deze export {} een andere regio dan `regio: {expected}` uit zijn \
                         export.yaml (de eerste, hier: `{}`)",
                        crate::report::human::counted(n, "dossier", "dossiers"),
                        if n == 1 { "heeft" } else { "hebben" },
                        first.found
                    ),
                )
                .with_help(Some(
                    "de regiovergelijking telt elk dossier bij zijn eigen `regio`; corrigeer het \
                     dossier of export.yaml"
                        .into(),
                )),
            );
        }
    }
    for (m, n) in plan.manifests.iter().zip(&per_manifest) {
        if let Some((expected, pos)) = m.aantal_dossiers
            && m.whole_export
            && expected != *n
        {
            acc.diags.push(Diag::error(
                &m.file,
                pos,
                format!("`aantal_dossiers` is {expected}, maar er zijn {n} dossiers van deze export gelezen"),
            ));
        }
    }
    // Inputs that hold no dossier at all (empty files, `[]`) are most likely the wrong path or
    // an export step that wrote nothing: checking nothing must not pass, unless a manifest says
    // the export is empty. Each empty file has had its warning; this is the run's one error.
    // Only where every file read belongs to a manifest that says so: a stray empty file named
    // beside an empty export, or standard input, is no empty export.
    let says_empty = |m: usize| matches!(plan.manifests[m].aantal_dossiers, Some((0, _)));
    let empty_export = plan
        .files
        .iter()
        .all(|j| j.manifest.is_some_and(says_empty))
        && (0..plan.manifests.len()).any(says_empty);
    if acc.valid + acc.invalid == 0 && acc.diags.error_count() == 0 && !empty_export {
        acc.diags.push(
            Diag::error(
                &crate::diag::TOOL.into(),
                Pos::default(),
                "geen dossiers gelezen: de invoer bevat geen enkel dossier",
            )
            .with_help(Some(
                "controleer het pad en de export; een lege export heeft een export.yaml met \
                 `aantal_dossiers: 0`"
                    .into(),
            )),
        );
    }
    match &pool {
        Ok(p) => p.install(|| acc.finish(as_of, as_of_source)),
        Err(_) => acc.finish(as_of, as_of_source),
    }
}

/// A dossier whose `regio` differs from its export manifest's (`regio: the region of every
/// dossier in this export`, dossier-format.md).
struct RegionMismatch {
    manifest: usize,
    file: Arc<str>,
    pos: Pos,
    found: Arc<str>,
}

fn region_mismatch(
    m: &source::Manifest,
    index: usize,
    d: &crate::dossier::Dossier,
    regions: &RegionTable,
) -> Option<RegionMismatch> {
    let expected = m.regio.as_deref()?;
    let expected = regions.get(expected).map_or(expected, |r| r.code.as_str());
    (d.region() != expected).then(|| {
        let slot = d.root.slot(crate::dossier::schema::idx::D_REGIO);
        RegionMismatch {
            manifest: index,
            file: d.origin.file.clone(),
            pos: slot.pos,
            found: d.region().into(),
        }
    })
}

struct Accumulator<'r, 'w> {
    rules: &'r RuleSet,
    as_of: NaiveDate,
    waivers: Option<&'w mut Waivers>,
    files: u64,
    valid: u64,
    invalid: u64,
    findings: Findings,
    spill_error: Option<std::io::Error>,
    diags: DiagLog,
    counts: Vec<Counts>,
    samples: Vec<HashMap<Arc<str>, Vec<f64>>>,
    dupes: dupes::Dupes,
    keep_verdicts: bool,
    verdicts: Vec<Verdict>,
    keep_findings: bool,
    /// Receives each verdict in input order, instead of or besides keeping them.
    on_verdict: Option<&'w mut (dyn FnMut(&Verdict) + Send)>,
    input_hashes: Vec<(Arc<str>, Option<String>)>,
    duplicates: Option<Vec<Duplicate>>,
    /// The file of the last dossier and its number: files are numbered as dossiers arrive,
    /// once here for the duplicate check and the verdicts alike.
    file_no: Option<(Arc<str>, u32)>,
    parse_only: bool,
    baseline_watch: Option<Arc<crate::baseline::DossierWatch>>,
    baseline_rejected: HashSet<String>,
    rejected_with_id: u64,
}

impl<'r> Accumulator<'r, '_> {
    /// The number of a dossier's file: a new one whenever it is not the previous dossier's
    /// (`Arc::ptr_eq`: two inputs with one printed name stay two files).
    fn file_number(&mut self, file: &Arc<str>) -> u32 {
        let n = match &self.file_no {
            Some((f, n)) if Arc::ptr_eq(f, file) => *n,
            Some((_, n)) => n + 1,
            None => 0,
        };
        self.file_no = Some((file.clone(), n));
        n
    }

    fn new(rules: &'r RuleSet, as_of: NaiveDate, opts: &CheckOptions) -> Self {
        Accumulator {
            rules,
            as_of,
            waivers: None,
            files: 0,
            valid: 0,
            invalid: 0,
            findings: Findings::new(rules, opts.findings_budget),
            spill_error: None,
            diags: DiagLog::with_budget(opts.diags_budget),
            counts: vec![Counts::default(); rules.rules.len()],
            samples: vec![HashMap::new(); rules.rules.len()],
            dupes: dupes::Dupes::default(),
            keep_verdicts: false,
            verdicts: Vec::new(),
            keep_findings: true,
            on_verdict: None,
            input_hashes: Vec::new(),
            duplicates: None,
            file_no: None,
            parse_only: opts.parse_only,
            baseline_watch: opts.baseline_watch.clone(),
            baseline_rejected: HashSet::new(),
            rejected_with_id: 0,
        }
    }

    /// One dossier's result, or for an invalid one its file, id and position if the id could
    /// be read.
    fn absorb(
        &mut self,
        r: Option<(crate::engine::DossierResult, Pos)>,
        diags: Vec<Diag>,
        unreadable: Option<Box<(Arc<str>, String, Pos)>>,
    ) {
        self.diags.extend(diags);
        let Some((mut res, pos)) = r else {
            self.invalid += 1;
            if let Some((file, id, pos)) = unreadable.map(|b| *b) {
                self.rejected_with_id += 1;
                // Not checked, but its id counts for repeated ids (a CSV dossier whose rows
                // come back, one block of them invalid).
                let n = self.file_number(&file);
                self.dupes.add(&id, &file, n, pos, false);
                if let Some(w) = self.waivers.as_deref_mut() {
                    w.dossier_not_checked(&id);
                }
                if let Some(k) = self.baseline_watch.as_ref().and_then(|w| w.key_of(&id)) {
                    self.baseline_rejected.insert(k);
                }
            }
            return;
        };
        self.valid += 1;
        let file_index = self.file_number(&res.file);
        self.dupes.add(&res.id, &res.file, file_index, pos, true);
        if let Some(w) = self.waivers.as_deref_mut() {
            w.apply_to(&mut res, self.rules, self.as_of);
        }
        for (c, s) in self.counts.iter_mut().zip(&res.statuses) {
            c.add(*s);
        }
        for (rule, v) in &res.samples {
            self.samples[*rule]
                .entry(res.region.clone())
                .or_default()
                .push(*v);
        }
        if self.keep_verdicts || self.on_verdict.is_some() {
            // The statuses and samples are not needed here any more: moved, not copied.
            let v = Verdict {
                dossier: res.id.clone(),
                region: res.region.clone(),
                received: res.received,
                file: res.file.clone(),
                file_index,
                pos,
                statuses: std::mem::take(&mut res.statuses),
                samples: std::mem::take(&mut res.samples),
            };
            if let Some(f) = self.on_verdict.as_deref_mut() {
                f(&v);
            }
            if self.keep_verdicts {
                self.verdicts.push(v);
            }
        }
        if self.keep_findings {
            for f in res.findings {
                if let Err(e) = self.findings.push(f) {
                    self.spill_error.get_or_insert(e);
                }
            }
        }
    }

    fn finish(mut self, as_of: NaiveDate, as_of_source: AsOfSource) -> CheckRun {
        // Independent, and each partly sequential: the duplicate ids and the findings are
        // finished side by side on the pool.
        let dupes = std::mem::take(&mut self.dupes);
        let findings = &mut self.findings;
        let (dupes, findings_done) = rayon::join(|| dupes.finish(), || findings.finish());
        if let Err(e) = findings_done {
            self.spill_error.get_or_insert(e);
        }
        match dupes {
            Ok((dupes, files)) => {
                for d in &dupes {
                    let file = &files[d.file_index as usize];
                    // Only what happened: an invalid copy counts as a repeat but is not checked.
                    let checked = match (d.first_checked, d.checked) {
                        (true, true) => "beide worden gecontroleerd",
                        (true, false) => "alleen dat wordt gecontroleerd; dit is ongeldig",
                        (false, true) => "dat is ongeldig en wordt niet gecontroleerd",
                        (false, false) => "beide zijn ongeldig en worden niet gecontroleerd",
                    };
                    let msg = format!(
                        "dossiernummer komt meer dan één keer voor; ook in {}:{}:{} ({checked})",
                        files[d.first_file_index as usize], d.first_pos.line, d.first_pos.col
                    );
                    // In one CSV event log: the dossier's rows came back after other dossiers.
                    let csv = d.file_index == d.first_file_index
                        && std::path::Path::new(&**file)
                            .extension()
                            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
                    self.diags
                        .push(Diag::error(file, d.pos, msg).with_help(csv.then(|| {
                            "de rijen van één dossier horen aaneengesloten: sorteer het bestand op \
                         dossiernummer, of zet `sort_rows = true` onder `[csv]` in vtcheck.toml"
                                .to_string()
                        })));
                }
                self.duplicates = Some(dupes);
            }
            Err(e) => self.diags.push(Diag::error(
                &crate::diag::TOOL.into(),
                Pos::default(),
                format!(
                    "dubbele dossiernummers konden niet volledig worden gecontroleerd: {}",
                    crate::diag::io_nl(&e)
                ),
            )),
        }
        let rules = self.rules;
        if let Some(e) = self.spill_error.take() {
            self.diags.push(spill_diag(&e, self.findings.complete()));
        }
        let aggregates = self
            .samples
            .into_iter()
            .enumerate()
            .filter(|(i, _)| rules.rules[*i].is_population())
            .map(|(rule, m)| {
                let mut regions: Vec<(Arc<str>, Vec<f64>)> = m.into_iter().collect();
                regions.sort_by(|a, b| a.0.cmp(&b.0));
                for (_, v) in &mut regions {
                    v.sort_by(f64::total_cmp);
                }
                Aggregate { rule, regions }
            })
            .collect();
        sort_verdicts(&mut self.verdicts);
        CheckRun {
            input_hashes: self.input_hashes,
            duplicates_complete: self.duplicates.is_some(),
            baseline_rejected: self.baseline_rejected,
            rejected_with_id: self.rejected_with_id,
            parse_only: self.parse_only,
            duplicates: self.duplicates.unwrap_or_default(),
            verdicts: self.verdicts,
            as_of,
            as_of_source,
            files: self.files,
            valid: self.valid,
            invalid: self.invalid,
            findings: self.findings,
            diags: self.diags,
            counts: self.counts,
            aggregates,
        }
    }
}

/// What the report says when findings could not be written to the temporary file: a warning
/// when they were kept in memory, an error when some are missing.
pub fn spill_diag(e: &std::io::Error, complete: bool) -> Diag {
    let file = crate::diag::TOOL.into();
    let e = crate::diag::io_nl(e);
    // Where the file was to go, which the user can change: a full or missing temporary
    // directory is the usual cause.
    let help = Some(format!(
        "de tijdelijke map is {}; zet TMPDIR op een map met ruimte",
        std::env::temp_dir().display()
    ));
    if complete {
        Diag::warning(
            &file,
            Pos::default(),
            format!(
                "bevindingen konden niet tijdelijk op schijf worden gezet ({e}); ze zijn in het geheugen gehouden en het rapport is volledig"
            ),
        )
        .with_help(help)
    } else {
        Diag::error(
            &file,
            Pos::default(),
            format!("bevindingen konden niet tijdelijk worden opgeslagen en ontbreken: {e}"),
        )
        .with_help(help)
    }
}

/// The verdicts in report order: by dossier id (natural order), then file and position.
pub fn sort_verdicts(verdicts: &mut [Verdict]) {
    verdicts.sort_by(|a, b| {
        natural_cmp(&a.dossier, &b.dossier)
            .then_with(|| a.file.cmp(&b.file))
            .then(a.pos.cmp(&b.pos))
    });
}

/// Every dossier's full result, in input order, without aggregation: for rule tests and for
/// embedding the engine. Holds all results in memory; use [`run`] for large exports.
pub fn results(
    rules: &RuleSet,
    regions: &RegionTable,
    inputs: &[Input],
    as_of: NaiveDate,
    keep_all: bool,
) -> (Vec<crate::engine::DossierResult>, Vec<Diag>) {
    let mut plan = source::plan(inputs, regions);
    let planned = plan.take_diags();
    let mut diags = Vec::new();
    let mut engine = Engine::new(rules, as_of);
    engine.keep_all = keep_all;
    let limits = ReadLimits::default();
    let mut out = Vec::new();
    let mut stdin_failed = false;
    for step in source::reading_order(&plan.files, planned) {
        let job = match step {
            source::Step::Diag(d) => {
                diags.push(d);
                continue;
            }
            source::Step::File(_, job) => job,
        };
        let mut units = Vec::new();
        source::read_units(job, &limits, &mut |u| units.push(u), &mut |d| diags.push(d));
        for u in units {
            let before = diags.len();
            let parsed = source::parse_unit(u, regions, &limits, &mut diags);
            source::keep_stdin_help_once(&mut stdin_failed, &mut diags[before..]);
            if let Some(d) = parsed {
                out.push(engine.check(&d));
            }
        }
    }
    (out, diags)
}

#[cfg(test)]
mod tests {
    /// Review 32: a temporary file that cannot be written names the temporary directory and how
    /// to move it, in the help, whether the findings were kept or lost.
    #[test]
    fn a_spill_failure_names_the_temporary_directory() {
        let e = std::io::Error::from_raw_os_error(28);
        for complete in [true, false] {
            let d = super::spill_diag(&e, complete);
            assert_eq!(d.is_error(), !complete);
            assert!(d.message.contains("de schijf is vol"), "{}", d.message);
            let help = d.help.unwrap();
            let dir = std::env::temp_dir().display().to_string();
            assert!(help.contains(&dir) && help.contains("TMPDIR"), "{help}");
        }
    }
}
