//! Issue 4's invariants at a size a test can afford: findings spilled to the temporary file give
//! the same report bytes as findings held in memory, 1 and N threads give the same bytes, and the
//! parse-only floor reads every dossier without evaluating any rule.
//!
//! Speed is measured by the benchmark (`cargo bench --bench national`), never here.

use std::path::Path;

use chrono::NaiveDate;
use vtcheck::check::{self, CheckOptions, CheckRun};
use vtcheck::dossier::regions::RegionTable;
use vtcheck::dossier::source::Input;
use vtcheck::generate::{self, GenOptions, OutputFormat};
use vtcheck::report::{ReportContext, json};
use vtcheck::rules::{self, RuleSet};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()
}

fn export(dir: &Path, n: u64) -> std::path::PathBuf {
    let o = GenOptions {
        dossiers: n,
        seed: 7,
        regions: RegionTable::default_table().codes().to_vec(),
        as_of: as_of(),
    };
    let path = dir.join("export.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    generate::write_stream(&o, OutputFormat::Jsonl, &mut f).unwrap();
    path
}

fn run(set: &RuleSet, path: &Path, tune: impl FnOnce(&mut CheckOptions)) -> CheckRun {
    let regions = RegionTable::default_table();
    let mut o = CheckOptions::new(vec![Input::Path(path.to_path_buf())]);
    o.as_of = Some(as_of());
    // Small batches: many batches in flight, so ordering bugs would show.
    o.batch = 37;
    tune(&mut o);
    check::run(set, &regions, &o, as_of(), None, None, &mut |_| {})
}

fn report(set: &RuleSet, run: &CheckRun) -> String {
    let ctx = ReportContext {
        rules: set,
        tool_version: "test",
        show_text: true,
        color: false,
        baseline: None,
        audit: None,
    };
    json::render(run, &ctx)
}

#[test]
fn spilled_findings_and_thread_counts_give_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = export(dir.path(), 3000);
    let set = rules::embedded().unwrap();
    let memory = run(&set, &path, |o| o.threads = Some(1));
    assert!(!memory.findings.spilled());
    assert!(
        memory.findings.len() > 1000,
        "the export should yield many findings"
    );
    let spilled = run(&set, &path, |o| {
        o.threads = Some(2);
        o.findings_budget = 64 * 1024;
    });
    assert!(spilled.findings.spilled(), "a 64 kB budget must spill");
    assert_eq!(memory.findings.len(), spilled.findings.len());
    let a = report(&set, &memory);
    let b = report(&set, &spilled);
    assert!(a == b, "spilled and in-memory reports differ");
    // Reading the spilled findings twice gives the same sequence.
    assert!(report(&set, &spilled) == b);
}

#[test]
fn parse_only_reads_every_dossier_and_evaluates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = export(dir.path(), 500);
    let set = rules::embedded().unwrap();
    let r = run(&set, &path, |o| o.parse_only = true);
    assert_eq!((r.dossiers, r.invalid), (500, 0));
    assert!(r.findings.is_empty());
    assert!(r.counts.iter().all(|c| c.applicable == 0));
    let full = run(&set, &path, |_| {});
    assert_eq!(full.dossiers, 500);
    assert!(!full.findings.is_empty());
}
