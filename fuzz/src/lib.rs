//! The fuzz targets' bodies, shared by the cargo-fuzz binaries (`fuzz_targets/*.rs`) and the
//! stable regression test (`tests/fuzz_regression.rs`, which includes this file as a module).
//!
//! Each target feeds bytes through a reader exactly as the CLI does and then checks invariants
//! beyond "does not panic": every diagnostic has a message and no BSN-like number, and whatever
//! reads as a dossier is also evaluated by the engine with the embedded rule set.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use vtcheck::diag::Diag;
use vtcheck::dossier::Dossier;
use vtcheck::dossier::regions::RegionTable;
use vtcheck::dossier::source::{self, Container, ReadLimits, Unit};
use vtcheck::dossier::{date, manifest, yaml};
use vtcheck::engine::Engine;
use vtcheck::rules::{self, RuleSet, RuleSource};

/// Loaded once per process: the embedded rules, the region table and the example dossiers.
struct Fixture {
    rules: RuleSet,
    regions: RegionTable,
    examples: Vec<Dossier>,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let mut diags = Vec::new();
        let sources = rules::sources(&[], &mut diags);
        let (calendar, _) =
            rules::calendar_with(None, &Default::default(), &mut diags).expect("calendar");
        let rules = rules::load(&sources, calendar, &mut diags).expect("embedded rules");
        let regions = RegionTable::default_table();
        let mut examples = Vec::new();
        for input in vtcheck::examples::inputs() {
            let source::Input::Embedded { name, text } = input else {
                continue;
            };
            let Some(container) = Container::from_path(Path::new(&*name)) else {
                continue;
            };
            if name.ends_with(source::MANIFEST_NAME) {
                continue;
            }
            for u in units(text.as_bytes(), container, &mut diags) {
                let limits = ReadLimits::default();
                if let Some(d) = source::parse_unit(u, &regions, &limits, &mut diags) {
                    examples.push(d);
                }
            }
        }
        Fixture {
            rules,
            regions,
            examples,
        }
    })
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 6, 30).expect("date")
}

fn units(data: &[u8], container: Container, diags: &mut Vec<Diag>) -> Vec<Unit> {
    let name: Arc<str> = "fuzz".into();
    let mut out = Vec::new();
    source::units_from_bytes(
        data.to_vec(),
        container,
        &name,
        &ReadLimits::default(),
        &mut |u| out.push(u),
        &mut |d| diags.push(d),
    );
    out
}

/// What every diagnostic must satisfy, whatever the input.
fn check_diags(diags: &[Diag]) {
    for d in diags {
        assert!(!d.message.is_empty(), "empty message");
        assert!(
            !vtcheck::privacy::contains_bsn(&d.message),
            "BSN in message: {}",
            d.message
        );
        if let Some(h) = &d.help {
            assert!(!vtcheck::privacy::contains_bsn(h), "BSN in help: {h}");
        }
        if d.pos.line == 0 {
            assert_eq!(d.pos.col, 0, "column without a line");
        }
    }
}

/// A file of the given container, read, validated and checked as the CLI does.
fn dossier_file(data: &[u8], container: Container) {
    let f = fixture();
    let limits = ReadLimits::default();
    let mut diags = Vec::new();
    let engine = Engine::new(&f.rules, as_of());
    for u in units(data, container, &mut diags) {
        if let Some(d) = source::parse_unit(u, &f.regions, &limits, &mut diags) {
            let result = engine.check(&d);
            for finding in &result.findings {
                assert!(!finding.message.is_empty());
            }
        }
    }
    check_diags(&diags);
}

/// YAML dossier files; the first document is also read as an export manifest.
pub fn yaml(data: &[u8]) {
    dossier_file(data, Container::Yaml);
    if let Ok(text) = std::str::from_utf8(data)
        && let Some(doc) = yaml::split_documents(text).first()
        && let Ok(node) = yaml::parse_document(doc, 1_000)
    {
        let mut diags = Vec::new();
        let name: Arc<str> = "export.yaml".into();
        let _ = manifest::from_node(&node, &name, Path::new("."), &fixture().regions, &mut diags);
        check_diags(&diags);
    }
}

/// JSON dossier files: one object or an array of them.
pub fn json(data: &[u8]) {
    dossier_file(data, Container::Json);
}

/// JSON Lines: one dossier per line (also the standard-input format).
pub fn jsonl(data: &[u8]) {
    dossier_file(data, Container::JsonLines);
}

/// CSV event logs (`docs/csv.md`), with the default column mapping.
pub fn csv(data: &[u8]) {
    dossier_file(data, Container::Csv);
}

/// A rule file, compiled alone; when it compiles, its rules judge the example dossiers.
pub fn rules(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let f = fixture();
    let src = RuleSource {
        name: "fuzz.yaml".into(),
        text: text.to_string(),
    };
    let mut diags = Vec::new();
    match rules::load(&[src], f.rules.calendar.clone(), &mut diags) {
        Some(set) => {
            let engine = Engine::new(&set, as_of());
            for d in &f.examples {
                let _ = engine.check(d);
            }
        }
        None => assert!(
            diags.iter().any(Diag::is_error),
            "rejected without an error"
        ),
    }
    check_diags(&diags);
}

/// The date parser. An error never repeats input that is not date-like.
pub fn date(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match date::parse_stamp(text) {
        Ok(stamp) => {
            // Whatever parses is a real calendar date that prints and compares.
            let _ = stamp.date.format("%Y-%m-%d").to_string();
        }
        Err(msg) => {
            let t = text.trim();
            let wordy = t.chars().any(|c| c.is_alphabetic() && c != 'T' && c != 'Z');
            if wordy {
                assert!(!msg.contains(&format!("'{t}'")), "input echoed: {msg}");
            }
        }
    }
}

/// A voorwaarde's text inside an otherwise valid dossier: the Dutch text analyses (tokens,
/// sentences, spans, Flesch-Douma) on arbitrary text.
pub fn voorwaarde(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let dossier = format!(
        r#"{{"formaat":"vtdossier/1","id":"F-1","regio":"utrecht","soort":"melding",
"ontvangen":"2025-03-07","melder":{{"hoedanigheid":"professional","rol":"melder","bekend":true}},
"situaties":[{{"id":"S1","omschrijving":"x","prioriteit":1}}],
"voorwaarden":[{{"id":"V1","situatie":"S1","tekst":{},"opgesteld":"2025-03-20","besproken_met":["directbetrokkenen"]}}],
"gebeurtenissen":[{{"soort":"veiligheidsbeoordeling","datum":"2025-03-14","besluit":"voorwaarden_en_vervolg"}}]}}"#,
        serde_json::to_string(text).expect("string")
    );
    dossier_file(dossier.as_bytes(), Container::Json);
}
