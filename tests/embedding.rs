//! vtcheck as a library (review 33): what an embedder that checks one dossier at a time, or
//! loads a region's own rules, gets from the public API.

use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use vtcheck::dossier::source::{dossier_from_json, dossier_from_yaml};
use vtcheck::engine::Engine;
use vtcheck::rules::Status;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A melding received on Monday 3 March 2025 with `events` (JSON) as its gebeurtenissen and
/// `extra` as further fields.
fn melding(extra: &str, events: &str) -> String {
    format!(
        r#"{{"formaat":"vtdossier/1","id":"MB-2025-00001","regio":"utrecht","soort":"melding",{extra}"ontvangen":"2025-03-03","melder":{{"hoedanigheid":"professional","rol":"melder","bekend":true,"anoniem_naar_betrokkenen":false}},"gebeurtenissen":[{events}]}}"#
    )
}

/// The warnings of a dossier that can be checked come with it: a misspelt event kind, which
/// every rule ignores, is what a registration system must show when the dossier is saved.
#[test]
fn a_valid_dossier_comes_with_its_warnings() {
    let rules = vtcheck::rules::embedded().unwrap();
    let file: Arc<str> = "registratie".into();
    let text = melding(
        r#""gebeurtenisen":[],"#,
        r#"{"soort":"veiligheidsbeordeling","datum":"2025-03-04"}"#,
    );
    let (dossier, warnings) = dossier_from_json(&text, &file, 7, &rules.regions).unwrap();
    assert_eq!(dossier.id(), "MB-2025-00001");
    let messages: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("registratie:7:") && m.contains("onbekend veld `gebeurtenisen`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("waarschuwing: onbekende soort gebeurtenis")
                && m.contains("bedoelde je `veiligheidsbeoordeling`?")),
        "{messages:?}"
    );

    // An invalid one: errors, each a `std::error::Error` that displays with its place.
    let bad = melding("", "").replace("2025-03-03", "2025-13-03");
    let errors = dossier_from_json(&bad, &file, 1, &rules.regions).unwrap_err();
    assert!(errors.iter().any(|d| d.is_error()));
    let boxed: Box<dyn std::error::Error> = Box::new(errors[0].clone());
    assert!(boxed.to_string().starts_with("registratie:1:"), "{boxed}");
    assert!(boxed.to_string().contains(": fout: "), "{boxed}");
}

/// A YAML dossier in memory reads as its file does; two documents are no one dossier.
#[test]
fn a_yaml_dossier_reads_from_memory() {
    let rules = vtcheck::rules::embedded().unwrap();
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/voorbeelden/mb-2024-00101.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let file: Arc<str> = "mb-2024-00101.yaml".into();
    let (dossier, warnings) = dossier_from_yaml(&text, &file, &rules.regions).unwrap();
    assert_eq!(dossier.id(), "MB-2024-00101");
    assert!(warnings.is_empty(), "{warnings:?}");
    let two = format!("{text}\n---\n{text}");
    let errors = dossier_from_yaml(&two, &file, &rules.regions).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|d| d.message == "verwacht één dossier, gevonden 2"),
        "{errors:?}"
    );
    let errors = dossier_from_yaml("id: [", &file, &rules.regions).unwrap_err();
    assert!(errors.iter().all(|d| d.pos.line > 0), "{errors:?}");
}

/// A waiver applied to one dossier's result updates its status per rule too: a rule whose only
/// violation is waived is `waived`, as `check::run` counts it.
#[test]
fn a_waiver_applied_to_a_result_updates_its_statuses() {
    let rules = vtcheck::rules::embedded().unwrap();
    let t01 = rules.rules.iter().position(|r| r.id == "VT-T01").unwrap();
    let as_of = date(2025, 6, 30);
    let file: Arc<str> = "registratie".into();
    let (dossier, _) = dossier_from_json(&melding("", ""), &file, 1, &rules.regions).unwrap();
    let mut result = Engine::new(&rules, as_of).check(&dossier);
    assert_eq!(result.statuses[t01], Status::Violation);
    let mut diags = Vec::new();
    let mut waivers = vtcheck::waivers::Waivers::parse(
        "- dossier: MB-2025-00001\n  regel: VT-T01\n  reden: Beoordeling elders vastgelegd\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2025-12-31\n",
        &"ontheffingen.yaml".into(),
        &rules,
        &mut diags,
    )
    .unwrap();
    assert!(diags.is_empty(), "{diags:?}");
    assert!(waivers.apply_to(&mut result, &rules, as_of));
    assert_eq!(result.statuses[t01], Status::Waived);
    assert!(
        result
            .findings
            .iter()
            .filter(|f| f.rule == t01)
            .all(|f| f.status == Status::Waived)
    );
}

/// `CalendarOptions.file` is the calendar `load_all` uses when no path is given beside it, as
/// `vtcheck.toml`'s `[calendar] file` is for the CLI.
#[test]
fn load_all_reads_the_calendar_file_of_the_options() {
    let dir = tempfile::tempdir().unwrap();
    let cal = dir.path().join("kalender.yaml");
    std::fs::write(
        &cal,
        "naam: regio\nfeestdagen: []\nextra_gesloten: [\"2025-03-05\"]\n",
    )
    .unwrap();
    let options = vtcheck::config::CalendarOptions {
        file: Some(cal),
        ..Default::default()
    };
    let mut diags = Vec::new();
    let set = vtcheck::rules::load_all(&[], None, &options, &mut diags).unwrap();
    assert!(diags.iter().all(|d| !d.is_error()), "{diags:?}");
    assert_eq!(set.calendar.naam(), "regio");
    // 5 werkdagen after Monday 3 March 2025 with Wednesday the 5th closed.
    assert_eq!(
        set.calendar.add_werkdagen(date(2025, 3, 3), 5),
        Some(date(2025, 3, 11))
    );
}

/// An option value that is wrong is blamed on the options, not on the embedded calendar file
/// (which has no such value), since it has no place in any file.
#[test]
fn a_wrong_calendar_option_is_blamed_on_the_options() {
    let options = vtcheck::config::CalendarOptions {
        extra_closed: vec!["5 maart".into()],
        ..Default::default()
    };
    let mut diags = Vec::new();
    assert!(vtcheck::rules::load_all(&[], None, &options, &mut diags).is_none());
    let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
    assert!(!errors.is_empty());
    for e in errors {
        assert_eq!(&*e.file, "kalenderopties (CalendarOptions)", "{e}");
    }
}

/// Texts held in memory (an embedder's batch, not files) are checked by `check::run` like files
/// of the same names, with the same counts and findings; no `'static` text is needed.
#[test]
fn texts_in_memory_are_checked_like_files() {
    use vtcheck::check::{self, CheckOptions};
    use vtcheck::dossier::source::Input;
    let rules = vtcheck::rules::embedded().unwrap();
    let as_of = date(2025, 6, 30);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/voorbeelden");
    let yaml = std::fs::read_to_string(root.join("mb-2024-00101.yaml")).unwrap();
    let jsonl: String = [melding("", ""), melding("", "").replace("00001", "00002")].join("\n");
    let inputs = vec![
        Input::Embedded {
            name: "mb-2024-00101.yaml".into(),
            text: yaml.into(),
        },
        Input::Embedded {
            name: "registratie.jsonl".into(),
            text: jsonl.into(),
        },
    ];
    let mut opts = CheckOptions::new(inputs);
    opts.as_of = Some(as_of);
    let run = check::run(
        &rules,
        &rules.regions,
        &opts,
        as_of,
        None,
        None,
        &mut |_| {},
    );
    assert_eq!((run.valid, run.invalid), (3, 0));
    let t01 = rules.rules.iter().position(|r| r.id == "VT-T01").unwrap();
    let late: Vec<String> = run
        .findings
        .iter()
        .filter(|f| f.rule == t01 && f.status == Status::Violation)
        .map(|f| format!("{}@{}:{}", f.dossier, f.file, f.pos.line))
        .collect();
    assert!(
        late.contains(&"MB-2025-00001@registratie.jsonl:1".to_string()),
        "{late:?}"
    );
    assert!(
        late.contains(&"MB-2025-00002@registratie.jsonl:2".to_string()),
        "{late:?}"
    );
}
