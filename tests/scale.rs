//! Issue 4's invariants at a size a test can afford: findings and input errors spilled to the
//! temporary file give the same report bytes as held in memory, 1 and N threads give the same
//! bytes, and the parse-only floor reads every dossier without evaluating any rule.
//!
//! Speed is measured by the benchmark (`cargo bench --bench national`), never here.

use std::path::Path;

use chrono::NaiveDate;
use vtcheck::check::{self, CheckOptions, CheckRun};
use vtcheck::dossier::regions::RegionTable;
use vtcheck::dossier::source::Input;
use vtcheck::generate::{self, GenOptions, OutputFormat};
use vtcheck::report::{ReportContext, github, json, junit, sarif};
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
        baseline_unchecked: 0,
        baseline_rejected: 0,
        fail_level: vtcheck::rules::Severity::Error,
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
    assert_eq!((r.valid, r.invalid), (500, 0));
    assert!(r.findings.is_empty());
    assert!(r.counts.iter().all(|c| c.applicable == 0));
    let full = run(&set, &path, |_| {});
    assert_eq!(full.valid, 500);
    assert!(!full.findings.is_empty());
}

/// Every report that lists input errors gives the same bytes whether the run kept its errors and
/// warnings in memory or spilled them to the temporary file.
#[test]
fn spilled_input_errors_give_the_same_bytes_in_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = export(dir.path(), 1500);
    // Every third dossier loses its region (an input error); every fifth gets an unknown key (a
    // warning); the first 100 lines come again at the end (duplicate ids).
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let mut broken = String::new();
    for (i, l) in lines.iter().chain(&lines[..100]).enumerate() {
        let l = if i % 3 == 0 {
            l.replacen("\"regio\":", "\"regioo\":", 1)
        } else if i % 5 == 0 {
            l.replacen('{', "{\"onbekend\":1,", 1)
        } else {
            l.to_string()
        };
        broken.push_str(&l);
        broken.push('\n');
    }
    // And 300 lines that are no UTF-8: errors of the file itself, held until its end.
    let mut bytes = broken.into_bytes();
    for _ in 0..300 {
        bytes.extend_from_slice(b"{\"id\": \"\xff\"}\n");
    }
    std::fs::write(&path, bytes).unwrap();
    let set = rules::embedded().unwrap();
    let memory = run(&set, &path, |o| o.keep_verdicts = true);
    let spilled = run(&set, &path, |o| {
        o.keep_verdicts = true;
        o.diags_budget = 4096;
    });
    assert!(!memory.diags.spilled());
    assert!(spilled.diags.spilled(), "a 4 kB budget must spill");
    assert!(memory.diags.error_count() > 500, "{}", memory.diags.len());
    assert!(memory.diags.len() > memory.diags.error_count());
    assert_eq!(memory.diags.len(), spilled.diags.len());
    let ctx = ReportContext {
        rules: &set,
        tool_version: "test",
        show_text: false,
        color: false,
        baseline: None,
        baseline_unchecked: 0,
        baseline_rejected: 0,
        fail_level: vtcheck::rules::Severity::Error,
        audit: None,
    };
    type Writer = fn(&CheckRun, &ReportContext<'_>, &mut dyn std::io::Write) -> std::io::Result<()>;
    let formats: [(&str, Writer); 4] = [
        ("json", json::write),
        ("sarif", sarif::write),
        ("junit", junit::write),
        ("github", github::write),
    ];
    for (name, write) in formats {
        let bytes = |r: &CheckRun| {
            let mut out = Vec::new();
            write(r, &ctx, &mut out).unwrap();
            out
        };
        let a = bytes(&memory);
        assert!(
            a == bytes(&spilled),
            "{name}: spilled and in-memory reports differ"
        );
        let text = String::from_utf8(a).unwrap();
        assert!(text.contains("regio"), "{name} lists the input errors");
        assert!(text.contains("UTF-8"), "{name} lists the file's own errors");
    }
}

/// A dossier with `n` voorwaarden and situaties, each list with one defect near its end: a
/// situatie no voorwaarde serves (VT-V03), a voorwaarde no overdracht names (VT-O03), a
/// reference to a voorwaarde that does not exist (VT-D01), and a last monitoring contact that
/// rates one voorwaarde `deels` before closing as stabiel_veilig (VT-M03).
fn long_lists(n: usize) -> String {
    let ids = |prefix: &str, skip: usize| -> Vec<String> {
        (1..=n)
            .filter(|i| *i != skip)
            .map(|i| format!("{prefix}{i}"))
            .collect()
    };
    let situaties: Vec<String> = (1..=n)
        .map(|i| format!(r#"{{"id":"S{i}","omschrijving":"x","prioriteit":1}}"#))
        .collect();
    // Situatie n - 1 has no voorwaarde: voorwaarde n - 1 points at situatie 1 instead.
    let voorwaarden: Vec<String> = (1..=n)
        .map(|i| {
            let s = if i == n - 1 { 1 } else { i };
            format!(
                r#"{{"id":"V{i}","situatie":"S{s}","tekst":"Vader brengt de kinderen elke dag om 8 uur naar school.","opgesteld":"2025-01-07","besproken_met":["directbetrokkenen"]}}"#
            )
        })
        .collect();
    let mut handed = ids("V", n - 2);
    handed.push("V9999".into());
    let quoted = |v: &[String]| {
        v.iter()
            .map(|x| format!("\"{x}\""))
            .collect::<Vec<_>>()
            .join(",")
    };
    let ratings: Vec<String> = (1..=n)
        .map(|i| {
            format!(
                r#""V{i}":"{}""#,
                if i == n - 3 { "deels" } else { "nageleefd" }
            )
        })
        .collect();
    format!(
        r#"{{"formaat":"vtdossier/1","id":"LANG-{n}","regio":"utrecht","soort":"melding","ontvangen":"2025-01-06","situaties":[{}],"voorwaarden":[{}],"gebeurtenissen":[{{"soort":"veiligheidsbeoordeling","datum":"2025-01-07","besluit":"voorwaarden_en_vervolg"}},{{"soort":"overdracht","datum":"2025-01-08","partij":"x","schriftelijk":true,"document":"D1","warm":true,"voorwaarden":[{}]}},{{"soort":"monitoring","datum":"2025-02-08","beoordeling":{{{}}}}},{{"soort":"monitoring_afgerond","datum":"2025-02-09","reden":"stabiel_veilig"}}]}}"#,
        situaties.join(","),
        voorwaarden.join(","),
        quoted(&handed),
        ratings.join(",")
    )
}

/// Long lists switch lookups from scans to hash indexes (a hostile dossier must not take N²
/// steps); the verdicts must be those of the scans. Below and far above the switch, the same
/// defects give the same findings.
#[test]
fn long_lists_give_the_verdicts_of_short_ones() {
    let dir = tempfile::tempdir().unwrap();
    let set = rules::embedded().unwrap();
    let rule_items = |n: usize| -> Vec<(String, String)> {
        let path = dir.path().join(format!("lang-{n}.json"));
        std::fs::write(&path, long_lists(n)).unwrap();
        let r = run(&set, &path, |_| {});
        assert_eq!((r.valid, r.invalid), (1, 0), "{n} items: input errors");
        let mut found: Vec<(String, String)> = r
            .findings
            .iter()
            .filter(|f| f.status == rules::Status::Violation)
            .map(|f| {
                (
                    set.rules[f.rule].id.to_string(),
                    f.item.clone().unwrap_or_default(),
                )
            })
            .filter(|(rule, _)| ["VT-V03", "VT-O03", "VT-D01", "VT-M03"].contains(&rule.as_str()))
            .collect();
        found.sort();
        found
    };
    for n in [6, 300] {
        assert_eq!(
            rule_items(n),
            vec![
                ("VT-D01".to_string(), "overdracht[1]".to_string()),
                ("VT-M03".to_string(), "monitoring_afgerond[1]".to_string()),
                ("VT-O03".to_string(), format!("V{}", n - 2)),
                ("VT-V03".to_string(), format!("S{}", n - 1)),
            ],
            "{n} items"
        );
    }
}
