//! The check pipeline: plan the inputs, stream their units through parse and evaluate in ordered
//! parallel batches, and accumulate counts and findings for the reports.
//!
//! Memory stays bounded by the batch size plus what a report must hold anyway (findings, the
//! per-rule counts, one id per dossier for duplicate detection). Results are accumulated in input
//! order whatever the thread count, and findings are sorted at the end, so 1 or N threads give the
//! same bytes.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::diag::Diag;
use crate::dossier::Pos;
use crate::dossier::regions::RegionTable;
use crate::dossier::source::{self, Input, Plan, ReadLimits, Unit};
use crate::engine::{Engine, Finding, natural_cmp};
use crate::rules::{RuleSet, Status};
use crate::waivers::Waivers;

/// Stack for the worker threads that parse and check dossiers.
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// Where the as-of date came from; reports state it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AsOfSource {
    Flag,
    Manifest(Arc<str>),
    Today,
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub inputs: Vec<Input>,
    pub as_of: Option<NaiveDate>,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
    pub limits: ReadLimits,
    /// Dossiers per parallel batch.
    pub batch: usize,
    /// Keep every dossier's status per rule (JUnit needs a test case per applicable dossier).
    pub keep_verdicts: bool,
}

impl CheckOptions {
    pub fn new(inputs: Vec<Input>) -> Self {
        CheckOptions {
            inputs,
            as_of: None,
            threads: None,
            limits: ReadLimits::default(),
            batch: 1024,
            keep_verdicts: false,
        }
    }
}

/// Counts per rule over dossiers (an item rule counts a dossier once, by its most serious item).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub applicable: u64,
    pub pass: u64,
    pub violation: u64,
    pub open: u64,
    pub exempt: u64,
    pub unassessable: u64,
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
    pub rule: usize,
    /// (region, values), regions sorted.
    pub regions: Vec<(Arc<str>, Vec<f64>)>,
}

/// One dossier's status per rule, kept only when a report needs it.
#[derive(Debug, Clone)]
pub struct Verdict {
    pub dossier: Arc<str>,
    pub region: Arc<str>,
    pub received: NaiveDate,
    pub file: Arc<str>,
    pub pos: Pos,
    pub statuses: Vec<Status>,
    /// Values for population rules: (rule index, value in months), as in [`Aggregate`].
    pub samples: Vec<(usize, f64)>,
}

/// The outcome of a run, ready for any report format.
#[derive(Debug)]
pub struct CheckRun {
    pub as_of: NaiveDate,
    pub as_of_source: AsOfSource,
    pub files: u64,
    pub dossiers: u64,
    pub invalid: u64,
    pub findings: Vec<Finding>,
    pub diags: Vec<Diag>,
    /// Per rule, aligned with the rule set.
    pub counts: Vec<Counts>,
    pub aggregates: Vec<Aggregate>,
    /// Per dossier, sorted by dossier id; empty unless [`CheckOptions::keep_verdicts`].
    pub verdicts: Vec<Verdict>,
    /// SHA-256 of every input file as read, in reading order (the audit trail).
    pub input_hashes: Vec<(Arc<str>, Option<String>)>,
}

impl CheckRun {
    pub fn errors(&self) -> impl Iterator<Item = &Diag> {
        self.diags.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diag> {
        self.diags.iter().filter(|d| !d.is_error())
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

/// Runs the check. `progress` is called after each batch with the dossiers read so far.
pub fn run(
    rules: &RuleSet,
    regions: &RegionTable,
    opts: &CheckOptions,
    today: NaiveDate,
    waivers: Option<&mut Waivers>,
    progress: &mut dyn FnMut(u64),
) -> CheckRun {
    let mut diags = Vec::new();
    let plan = source::plan(&opts.inputs, regions, &mut diags);
    let (as_of, as_of_source) = resolve_as_of(opts.as_of, &plan, today);
    // Parsers recurse once per nesting level; the depth limit keeps that small, and a generous
    // stack keeps a debug or instrumented build safe too (it is reserved, not used).
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads.unwrap_or(0))
        .stack_size(WORKER_STACK)
        .build();
    #[cfg(debug_assertions)]
    let test_panic = std::env::var("VTCHECK_TEST_PANIC").is_ok_and(|v| v == "worker");
    let mut acc = Accumulator::new(rules, as_of, plan.manifests.len());
    acc.keep_verdicts = opts.keep_verdicts;
    acc.waivers = waivers;
    acc.diags = diags;
    let engine = Engine::new(rules, as_of);
    let batch_size = opts.batch.max(1);
    let mut per_manifest = vec![0u64; plan.manifests.len()];
    for job in &plan.files {
        acc.files += 1;
        let mut batch: Vec<Unit> = Vec::with_capacity(batch_size);
        let mut file_diags: Vec<Diag> = Vec::new();
        let mut units_in_file = 0u64;
        let mut flush = |batch: &mut Vec<Unit>, acc: &mut Accumulator| {
            let units = std::mem::take(batch);
            let work = |u: Unit| {
                // Debug builds only: lets a test check that a panic in a worker thread becomes
                // an internal error with exit code 2 and no backtrace.
                #[cfg(debug_assertions)]
                if test_panic {
                    panic!("VTCHECK_TEST_PANIC in een worker; tekst 111222333");
                }
                let mut d = Vec::new();
                let result = source::parse_unit(u, regions, &opts.limits, &mut d).map(|dossier| {
                    let pos = dossier.origin.pos;
                    (engine.check(&dossier), pos)
                });
                (result, d)
            };
            let results: Vec<_> = match &pool {
                Ok(p) => p.install(|| units.into_par_iter().map(work).collect()),
                Err(_) => units.into_iter().map(work).collect(),
            };
            for (r, d) in results {
                acc.absorb(r, d);
            }
            progress(acc.dossiers + acc.invalid);
        };
        let digest = source::read_units(
            job,
            &opts.limits,
            &mut |u| {
                units_in_file += 1;
                batch.push(u);
                if batch.len() >= batch_size {
                    flush(&mut batch, &mut acc);
                }
            },
            &mut |d| file_diags.push(d),
        );
        flush(&mut batch, &mut acc);
        acc.input_hashes.push((job.name.clone(), digest));
        // A file that could not be read at all counts as one invalid input.
        for d in file_diags {
            if d.is_error() {
                acc.invalid += 1;
                units_in_file += 1;
            }
            acc.diags.push(d);
        }
        if let Some(m) = job.manifest {
            per_manifest[m] += units_in_file;
        }
    }
    if let Some(w) = acc.waivers.as_deref() {
        w.report(&mut acc.diags);
    }
    for (m, n) in plan.manifests.iter().zip(&per_manifest) {
        if let Some((expected, pos)) = m.aantal_dossiers
            && expected != *n
        {
            acc.diags.push(Diag::error(
                &m.file,
                pos,
                format!("`aantal_dossiers` is {expected}, maar de export bevat {n} dossiers"),
            ));
        }
    }
    acc.finish(as_of, as_of_source)
}

struct Accumulator<'r, 'w> {
    rules: &'r RuleSet,
    as_of: NaiveDate,
    waivers: Option<&'w mut Waivers>,
    files: u64,
    dossiers: u64,
    invalid: u64,
    findings: Vec<Finding>,
    diags: Vec<Diag>,
    counts: Vec<Counts>,
    samples: Vec<HashMap<Arc<str>, Vec<f64>>>,
    seen: HashMap<Arc<str>, (Arc<str>, Pos)>,
    keep_verdicts: bool,
    verdicts: Vec<Verdict>,
    input_hashes: Vec<(Arc<str>, Option<String>)>,
}

impl<'r> Accumulator<'r, '_> {
    fn new(rules: &'r RuleSet, as_of: NaiveDate, _manifests: usize) -> Self {
        Accumulator {
            rules,
            as_of,
            waivers: None,
            files: 0,
            dossiers: 0,
            invalid: 0,
            findings: Vec::new(),
            diags: Vec::new(),
            counts: vec![Counts::default(); rules.rules.len()],
            samples: vec![HashMap::new(); rules.rules.len()],
            seen: HashMap::new(),
            keep_verdicts: false,
            verdicts: Vec::new(),
            input_hashes: Vec::new(),
        }
    }

    fn absorb(&mut self, r: Option<(crate::engine::DossierResult, Pos)>, diags: Vec<Diag>) {
        self.diags.extend(diags);
        let Some((mut res, pos)) = r else {
            self.invalid += 1;
            return;
        };
        self.dossiers += 1;
        match self.seen.get(&res.id) {
            Some((file, first)) => {
                let msg = format!(
                    "dossiernummer komt twee keer voor; ook in {}:{}:{} (beide worden gecontroleerd)",
                    file, first.line, first.col
                );
                self.diags.push(Diag::error(&res.file, pos, msg));
            }
            None => {
                self.seen.insert(res.id.clone(), (res.file.clone(), pos));
            }
        }
        if let Some(w) = self.waivers.as_deref_mut()
            && w.apply(&mut res.findings, self.rules, self.as_of)
        {
            // The dossier's status per rule follows its remaining findings.
            for (ri, st) in res.statuses.iter_mut().enumerate() {
                if st.is_finding() {
                    *st = res
                        .findings
                        .iter()
                        .filter(|f| f.rule == ri)
                        .map(|f| f.status)
                        .max_by_key(|s| s.rank())
                        .unwrap_or(*st);
                }
            }
        }
        for (c, s) in self.counts.iter_mut().zip(&res.statuses) {
            c.add(*s);
        }
        if self.keep_verdicts {
            self.verdicts.push(Verdict {
                dossier: res.id.clone(),
                region: res.region.clone(),
                received: res.received,
                file: res.file.clone(),
                pos,
                statuses: res.statuses.clone(),
                samples: res.samples.clone(),
            });
        }
        for (rule, v) in &res.samples {
            self.samples[*rule]
                .entry(res.region.clone())
                .or_default()
                .push(*v);
        }
        self.findings.extend(res.findings);
    }

    fn finish(mut self, as_of: NaiveDate, as_of_source: AsOfSource) -> CheckRun {
        let rules = self.rules;
        self.findings.sort_by(|a, b| {
            natural_cmp(&a.dossier, &b.dossier)
                .then_with(|| rules.rules[a.rule].id.cmp(&rules.rules[b.rule].id))
                .then_with(|| {
                    natural_cmp(
                        a.item.as_deref().unwrap_or(""),
                        b.item.as_deref().unwrap_or(""),
                    )
                })
                .then_with(|| a.file.cmp(&b.file))
                .then_with(|| a.pos.cmp(&b.pos))
                .then_with(|| a.message.cmp(&b.message))
        });
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
        self.verdicts.sort_by(|a, b| {
            natural_cmp(&a.dossier, &b.dossier)
                .then_with(|| a.file.cmp(&b.file))
                .then(a.pos.cmp(&b.pos))
        });
        CheckRun {
            input_hashes: self.input_hashes,
            verdicts: self.verdicts,
            as_of,
            as_of_source,
            files: self.files,
            dossiers: self.dossiers,
            invalid: self.invalid,
            findings: self.findings,
            diags: self.diags,
            counts: self.counts,
            aggregates,
        }
    }
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
    let mut diags = Vec::new();
    let plan = source::plan(inputs, regions, &mut diags);
    let mut engine = Engine::new(rules, as_of);
    engine.keep_all = keep_all;
    let limits = ReadLimits::default();
    let mut out = Vec::new();
    for job in &plan.files {
        let mut units = Vec::new();
        source::read_units(job, &limits, &mut |u| units.push(u), &mut |d| diags.push(d));
        for u in units {
            if let Some(d) = source::parse_unit(u, regions, &limits, &mut diags) {
                out.push(engine.check(&d));
            }
        }
    }
    (out, diags)
}
