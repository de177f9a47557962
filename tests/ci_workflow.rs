//! The CI and quality-officer workflow: SARIF and JUnit that real consumers accept, baselines,
//! waivers, vtcheck.toml, pseudonymised ids and atomic report files.

use std::path::{Path, PathBuf};

use serde_json::Value;
mod common;
use common::{assert_exit, check_json, findings, findings_of, json, vtcheck_in};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A private copy of the example export, so tests can change it.
fn export_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("export");
    std::fs::create_dir(&to).unwrap();
    for e in std::fs::read_dir(root().join("fixtures/voorbeelden")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
    }
    dir
}

/// The key file `sleutel` for `--pseudonymise`.
fn write_key(dir: &std::path::Path) {
    std::fs::write(
        dir.join("sleutel"),
        b"een geheime sleutel van genoeg lengte",
    )
    .unwrap();
}

/// `vtcheck check --no-config export --write-baseline FILE` in `dir` (a copy of the example
/// export): the baseline most baseline tests start from.
fn baseline_of_export(dir: &Path, file: impl AsRef<std::ffi::OsStr>) -> std::process::Output {
    vtcheck_in(dir)
        .args(["check", "--no-config", "export", "--write-baseline"])
        .arg(file)
        .output()
        .unwrap()
}

/// A copy of the example export with its baseline recorded as `basis.json` (a recording run
/// exits 1: the examples violate rules).
fn export_with_baseline() -> tempfile::TempDir {
    let dir = export_copy();
    assert_eq!(
        baseline_of_export(dir.path(), "basis.json").status.code(),
        Some(1)
    );
    dir
}

/// A run that checked no dossier and failed to read its input does not record an empty
/// baseline over a good one (rev40 F10): a wrong path would have erased every known violation.
#[test]
fn a_run_that_read_nothing_keeps_the_baseline() {
    let dir = export_with_baseline();
    let before = std::fs::read(dir.path().join("basis.json")).unwrap();
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "bestaat-niet",
            "--write-baseline",
            "basis.json",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 2, "basislijn niet geschreven");
    assert_eq!(
        std::fs::read(dir.path().join("basis.json")).unwrap(),
        before
    );
}

/// Every fingerprint of a baseline file (schema 3: per rule id, per dossier key).
fn baseline_fingerprints(base: &Value) -> Vec<String> {
    base["violations"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|per_dossier| per_dossier.as_object().unwrap().values())
        .flat_map(|l| l.as_array().unwrap())
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

/// Every dossier key of a baseline file.
fn baseline_dossier_keys(base: &Value) -> std::collections::HashSet<String> {
    base["violations"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|per_dossier| per_dossier.as_object().unwrap().keys().cloned())
        .collect()
}

/// Replaces `from` by `to` in file `path`; the text must contain `from`, so that a fixture that
/// changes cannot turn a test into one that edits nothing.
fn rewrite(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} holds no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// SHA-256 in lower-case hex, as the audit block writes it.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks a SARIF log against the official SARIF 2.1.0 schema.
fn assert_valid_sarif(sarif: &Value) {
    let schema_path = root().join("../shared/schemas/sarif-schema-2.1.0.json");
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("shared SARIF schema"))
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let dir = export_copy();
    std::fs::write(
        dir.path().join("ontheffingen.yaml"),
        "- dossier: MB-2024-00106\n  regel: VT-O01\n  reden: Mondelinge overdracht; document volgt\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2026-01-01\n",
    )
    .unwrap();
    let base = dir.path().join("basis.json");
    baseline_of_export(dir.path(), &base);
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "sarif",
            "--waivers",
            "ontheffingen.yaml",
            "--baseline",
        ])
        .arg(&base)
        .arg("export")
        .output()
        .unwrap();
    let sarif = json(&out.stdout);
    assert_valid_sarif(&sarif);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(
        results
            .iter()
            .any(|r| r["suppressions"][0]["status"] == "accepted")
    );
    assert!(results.iter().all(|r| {
        r["partialFingerprints"]["vtcheck/v1"]
            .as_str()
            .is_some_and(|f| f.len() == 32)
    }));
    assert!(results.iter().any(|r| r["baselineState"] == "unchanged"));
}

/// SARIF names a file given by an absolute path with a `file:` URI (a scheme-less absolute path
/// is a relative reference to no base), standard input `-` as every other format does, and a
/// relative path as the relative reference it was.
#[test]
fn sarif_uris_are_file_uris_for_absolute_paths_and_dash_for_stdin() {
    let dir = export_copy();
    let spaced = dir.path().join("a b");
    std::fs::create_dir(&spaced).unwrap();
    std::fs::copy(
        dir.path().join("export/mb-2025-00105.yaml"),
        spaced.join("d 1.yaml"),
    )
    .unwrap();
    let uris = |args: &[&std::ffi::OsStr], stdin: &str| -> Vec<String> {
        let out = vtcheck_in(dir.path())
            .args([
                "check",
                "--no-config",
                "--as-of",
                "2025-06-30",
                "--format",
                "sarif",
            ])
            .args(args)
            .write_stdin(stdin)
            .output()
            .unwrap();
        let sarif = json(&out.stdout);
        assert_valid_sarif(&sarif);
        let mut uris: Vec<String> = sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        uris.dedup();
        uris
    };
    let absolute = spaced.join("d 1.yaml");
    let expected = format!("file://{}", absolute.to_str().unwrap().replace(' ', "%20"));
    assert_eq!(uris(&[absolute.as_os_str()], ""), [expected]);
    let relative = std::ffi::OsStr::new("a b/d 1.yaml");
    assert_eq!(uris(&[relative], ""), ["a%20b/d%201.yaml"]);
    let line = r#"{"formaat": "vtdossier/1", "id": "S-1", "regio": "midden-brabant", "soort": "melding", "ontvangen": "2025-02-10T10:30"}"#;
    assert_eq!(uris(&[std::ffi::OsStr::new("-")], line), ["-"]);
}

/// An error about a whole file or path has no position: JSON says line and column 0 (its
/// documented "none"), and no format invents a line 1 for it. SARIF gives a location without a
/// `region`, GitHub an annotation with only `file`, JUnit a test case without `line`; an error
/// with a position keeps it in every format.
#[test]
fn errors_without_a_position_get_none_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("leeg")).unwrap();
    std::fs::write(
        dir.path().join("kapot.yaml"),
        "formaat: vtdossier/1\nid: K-1\nregio: utrecht\nsoort: melding\nontvangen: 2024-02-30\n",
    )
    .unwrap();
    let report = |format: &str| {
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config", "--as-of", "2025-06-30", "--format"])
            .args([format, "bestaat-niet.yaml", "leeg", "kapot.yaml"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    let j = json(report("json").as_bytes());
    let at = |e: &Value| (e["file"].clone(), e["line"].clone(), e["column"].clone());
    let errors: Vec<_> = j["errors"].as_array().unwrap().iter().map(at).collect();
    assert_eq!(
        errors,
        [
            ("bestaat-niet.yaml".into(), 0.into(), 0.into()),
            ("leeg".into(), 0.into(), 0.into()),
            ("kapot.yaml".into(), 5.into(), 12.into()),
        ]
    );

    let sarif = json(report("sarif").as_bytes());
    assert_valid_sarif(&sarif);
    let places: Vec<Value> = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["locations"][0]["physicalLocation"].clone())
        .collect();
    assert_eq!(
        places,
        [
            serde_json::json!({"artifactLocation": {"uri": "bestaat-niet.yaml"}}),
            serde_json::json!({"artifactLocation": {"uri": "leeg"}}),
            serde_json::json!({"artifactLocation": {"uri": "kapot.yaml"},
                "region": {"startLine": 5, "startColumn": 12}}),
        ]
    );

    let github = report("github");
    let errors: Vec<&str> = github
        .lines()
        .filter(|l| l.starts_with("::error"))
        .map(|l| l.split_once(",title=").unwrap().0)
        .collect();
    assert_eq!(
        errors,
        [
            "::error file=bestaat-niet.yaml",
            "::error file=leeg",
            "::error file=kapot.yaml,line=5,col=12"
        ]
    );

    let junit = report("junit");
    for case in [
        "<testcase name=\"bestaat-niet.yaml\" classname=\"invoer\" file=\"bestaat-niet.yaml\">",
        "<testcase name=\"leeg\" classname=\"invoer\" file=\"leeg\">",
        "<testcase name=\"kapot.yaml:5:12\" classname=\"invoer\" file=\"kapot.yaml\" line=\"5\">",
    ] {
        assert!(junit.contains(case), "{case}\n{junit}");
    }
    junit_parser::from_reader(std::io::Cursor::new(junit.as_bytes())).expect("JUnit XML parses");
}

/// The rows of a `--format csv` report (after the byte-order mark), as cells.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// A run that exits 2 says so in CSV too, which has no error list: each input error is a row
/// with status `invoerfout` (file, position, message, as-of date; the rest empty), before the
/// findings and in the order of JSON's `errors`, and a run without findings never reads as
/// clean ("Geen bevindingen.") when input could not be read.
#[test]
fn csv_lists_input_errors_before_the_findings() {
    let dir = export_copy();
    rewrite(
        &dir.path().join("export/export.yaml"),
        "aantal_dossiers: 8",
        "aantal_dossiers: 9",
    );
    // A file name a spreadsheet would run as a formula, with a BSN in it.
    std::fs::write(
        dir.path().join("=kapot 111222333.yaml"),
        "formaat: vtdossier/1\nid: K-1\nregio: midden-brabant\nsoort: melding\nontvangen: 2024-02-30\n",
    )
    .unwrap();
    let report = |format: &str, paths: &[&str]| {
        let out = vtcheck_in(dir.path())
            .args([
                "check",
                "--no-config",
                "--as-of",
                "2025-06-30",
                "--format",
                format,
            ])
            .args(paths)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format} {paths:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let paths = ["=kapot 111222333.yaml", "export", "bestaat-niet.yaml"];
    let rows = csv_rows(&report("csv", &paths));
    let head = &rows[0];
    assert_eq!(
        head.join(";"),
        "dossier;region;rule;status;severity;item;due;observed;message;file;line;column;as_of",
        "the column set stays"
    );
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let errors: Vec<&Vec<String>> = rows[1..]
        .iter()
        .take_while(|r| r[col("status")] == "invoerfout")
        .collect();
    let j = json(report("json", &paths).as_bytes());
    let expected: Vec<Vec<String>> = j["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let pos = |k: &str| match e[k].as_u64().unwrap() {
                0 => String::new(),
                n => n.to_string(),
            };
            let file = e["file"].as_str().unwrap();
            let file = if file.starts_with('=') {
                format!("'{file}")
            } else {
                file.to_string()
            };
            vec![
                e["message"].as_str().unwrap().to_string(),
                file,
                pos("line"),
                pos("column"),
            ]
        })
        .collect();
    assert_eq!(expected.len(), 3, "{j:#}");
    let got: Vec<Vec<String>> = errors
        .iter()
        .map(|r| {
            ["message", "file", "line", "column"]
                .map(|c| r[col(c)].clone())
                .to_vec()
        })
        .collect();
    assert_eq!(got, expected);
    assert_eq!(got[0][1], "'=kapot *********.yaml", "masked and quoted");
    for r in &errors {
        let empty: Vec<&str> = head
            .iter()
            .zip(r.iter())
            .filter(|(_, cell)| cell.is_empty())
            .map(|(h, _)| h.as_str())
            .filter(|h| !matches!(*h, "line" | "column"))
            .collect();
        assert_eq!(
            empty,
            [
                "dossier", "region", "rule", "severity", "item", "due", "observed"
            ],
            "{r:?}"
        );
        assert_eq!(r[col("as_of")], "30-06-2025");
    }
    // The findings follow, as before.
    let findings = &rows[1 + errors.len()..];
    assert!(!findings.is_empty());
    assert!(
        findings.iter().all(|r| !r[col("rule")].is_empty()),
        "{findings:?}"
    );

    // Without findings the closing row no longer says the run was clean.
    let rows = csv_rows(&report("csv", &["bestaat-niet.yaml"]));
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[1][col("status")], "invoerfout");
    assert_eq!(rows[1][col("file")], "bestaat-niet.yaml");
    assert_eq!(
        rows[2][col("message")],
        "Geen bevindingen; 1 invoerfout: niet alles gecontroleerd."
    );
    let rows = csv_rows(&report("csv", &["=kapot 111222333.yaml"]));
    assert_eq!(
        rows.last().unwrap()[col("message")],
        "Geen bevindingen; 1 dossier ongeldig, niet gecontroleerd; 1 invoerfout: niet alles gecontroleerd."
    );
}

#[test]
fn junit_is_read_by_a_junit_parser() {
    let out = vtcheck_in(&root())
        .args([
            "check",
            "--no-config",
            "--format",
            "junit",
            "fixtures/voorbeelden",
        ])
        .output()
        .unwrap();
    let suites =
        junit_parser::from_reader(std::io::Cursor::new(out.stdout)).expect("JUnit XML parses");
    assert_eq!(
        suites.suites.len(),
        31,
        "a suite per rule except the aggregate VT-M04"
    );
    let t01 = suites.suites.iter().find(|s| s.name == "VT-T01").unwrap();
    assert_eq!(
        t01.tests, 7,
        "one case per melding (the advies is not applicable)"
    );
    assert_eq!(t01.failures, 1);
    assert!(
        t01.cases
            .iter()
            .any(|c| c.original_name == "MB-2025-00105" && c.status.is_failure())
    );
}

/// A JUnit test case fails exactly when its violation fails the run, as the exit code decides:
/// at or above `--fail-level`, never `info` ("shown but never failing"; Jenkins marks a build
/// unstable on any failure). Other violations pass, their message in `<system-out>`.
#[test]
fn junit_fails_exactly_what_fails_the_run() {
    for (level, code, failing) in [("error", 1, 4), ("warning", 1, 6)] {
        let out = vtcheck_in(&root())
            .args([
                "check",
                "--no-config",
                "--format",
                "junit",
                "--fail-level",
                level,
            ])
            .arg("fixtures/voorbeelden")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(code), "{level}");
        let suites = junit_parser::from_reader(std::io::Cursor::new(out.stdout)).unwrap();
        let case = |suite: &str, dossier: &str| {
            suites
                .suites
                .iter()
                .find(|s| s.name == suite)
                .unwrap()
                .cases
                .iter()
                .find(|c| c.original_name == dossier)
                .unwrap()
                .clone()
        };
        assert_eq!(suites.failures, failing, "{level}");
        // The cold overdracht (VT-O02, info): shown, passing.
        let cold = case("VT-O02", "MB-2024-00106");
        assert!(cold.status.is_success(), "{level}: {cold:?}");
        let shown = cold.system_out.unwrap_or_default();
        assert!(
            shown.contains("overtreding (info)")
                && shown.contains("De overdracht (overdracht[1]) was geen warme overdracht"),
            "{shown}"
        );
        // A warning fails only at `--fail-level warning`.
        let vague = case("VT-V04", "MB-2025-00107");
        assert_eq!(vague.status.is_failure(), level != "error", "{level}");
        assert_eq!(vague.system_out.is_some(), level == "error", "{level}");
        assert!(case("VT-T01", "MB-2025-00105").status.is_failure());
    }
}

/// A GitHub annotation is an error exactly when its violation fails the run (the decision of the
/// exit code and of JUnit's failures): a warning-severity violation at `--fail-level warning` is
/// `::error`, at the default level `::warning`; an info violation stays a notice.
#[test]
fn github_errors_are_what_fails_the_run() {
    for (level, vague, cold) in [
        ("error", "warning", "notice"),
        ("warning", "error", "notice"),
    ] {
        let out = vtcheck_in(&root())
            .args([
                "check",
                "--no-config",
                "--format",
                "github",
                "--fail-level",
                level,
            ])
            .arg("fixtures/voorbeelden")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{level}");
        let github = String::from_utf8(out.stdout).unwrap();
        let cmd = |title: &str| {
            let line = github
                .lines()
                .find(|l| l.contains(&format!("title={title} ")))
                .unwrap_or_else(|| panic!("{title}: {github}"));
            line[2..].split_once(' ').unwrap().0.to_string()
        };
        assert_eq!(cmd("VT-V04 MB-2025-00107"), vague, "{level}");
        assert_eq!(cmd("VT-V05 MB-2025-00107"), vague, "{level}");
        assert_eq!(cmd("VT-O02 MB-2024-00106"), cold, "{level}");
        assert_eq!(cmd("VT-T01 MB-2025-00105"), "error", "{level}");
        // As many errors as JUnit failures (one case per rule and dossier here).
        let errors = github.lines().filter(|l| l.starts_with("::error ")).count();
        assert_eq!(errors, if level == "error" { 4 } else { 6 }, "{github}");
    }
}

/// A test case is one rule on one dossier; its failure (or its shown violations) speaks for the
/// violations, and the rule's other items of that dossier (waived, open, exempt, unassessable)
/// are listed in `<system-out>` with their Dutch status, not dropped.
#[test]
fn junit_keeps_the_other_outcomes_of_a_case() {
    let dir = tempfile::tempdir().unwrap();
    let overdracht = |dag: u32, partij: &str, rest: &str| {
        format!(
            r#"{{"soort": "overdracht", "datum": "2025-03-0{dag}", "partij": "{partij}", {rest}, "voorwaarden": ["V1"]}}"#
        )
    };
    let dossier = format!(
        r#"{{"formaat": "vtdossier/1", "id": "MIX-1", "regio": "midden-brabant", "soort": "melding",
  "ontvangen": "2025-02-10T10:30",
  "melder": {{"hoedanigheid": "professional", "rol": "melder", "bekend": true, "anoniem_naar_betrokkenen": false}},
  "betrokkenen": [{{"id": "P1", "rol": "ouder", "geboortejaar": 1989}}],
  "situaties": [{{"id": "S1", "omschrijving": "x", "prioriteit": 1}}],
  "voorwaarden": [{{"id": "V1", "situatie": "S1", "tekst": "Moeder brengt de kinderen elke dag naar school.", "opgesteld": "2025-03-03", "besproken_met": ["directbetrokkenen"]}}],
  "gebeurtenissen": [
    {{"soort": "veiligheidsbeoordeling", "datum": "2025-02-25", "besluit": "voorwaarden_en_vervolg"}},
    {},
    {},
    {}
  ]}}"#,
        overdracht(6, "Wijkteam", r#""schriftelijk": false, "warm": false"#),
        overdracht(8, "Wijkteam2", r#""schriftelijk": false, "warm": false"#),
        overdracht(9, "Wijkteam3", r#""schriftelijk": true, "document": "D""#),
    );
    std::fs::write(dir.path().join("mix.json"), dossier).unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "- {dossier: MIX-1, regel: VT-O01, item: 'overdracht[2]', reden: r, goedgekeurd_door: kf, verloopt: 2025-12-31}\n",
    )
    .unwrap();
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--as-of",
            "2025-06-30",
            "--format",
            "junit",
        ])
        .args(["--waivers", "w.yaml", "mix.json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let suites = junit_parser::from_reader(std::io::Cursor::new(out.stdout.clone())).unwrap();
    let case = |suite: &str| {
        suites
            .suites
            .iter()
            .find(|s| s.name == suite)
            .unwrap()
            .cases[0]
            .clone()
    };
    let xml = String::from_utf8(out.stdout).unwrap();
    // VT-O01: overdracht[1] fails, overdracht[2] is waived.
    let o01 = case("VT-O01");
    assert!(o01.status.is_failure(), "{xml}");
    assert_eq!(
        o01.system_out.as_deref(),
        Some(
            "ontheven: De overdracht (overdracht[2]) is niet schriftelijk vastgelegd: vereist zijn `schriftelijk: true` én een `document`. (ontheven, zie w.yaml:1)"
        ),
        "{xml}"
    );
    // VT-O02 (info): two cold overdrachten shown, overdracht[3] without `warm` unassessable.
    let o02 = case("VT-O02");
    assert!(o02.status.is_success(), "{xml}");
    assert_eq!(
        o02.system_out.as_deref(),
        Some(
            "overtreding (info) die de controle niet laat falen: De overdracht (overdracht[1]) was geen warme overdracht.\nDe overdracht (overdracht[2]) was geen warme overdracht.\nonbeoordeelbaar: Niet te beoordelen: overdracht op 09-03-2025 zonder `warm`."
        ),
        "{xml}"
    );
}

/// `info` is no fail level: the protocol's info rules are "shown but never failing", and the
/// contract's exit code 1 is for a violation at or above the fail level. Asked for, it is a
/// usage error that says why, on the command line and in `vtcheck.toml` alike.
#[test]
fn info_is_refused_as_fail_level() {
    let out = vtcheck_in(&root())
        .args(["check", "--no-config", "--fail-level", "info"])
        .arg("fixtures/voorbeelden")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("`info` kan geen faalniveau zijn"), "{err}");
    assert!(out.stdout.is_empty());
}

/// A file name with characters XML 1.0 does not allow (U+FFFE, U+FFFF, a control character)
/// still gives a JUnit report a parser reads: they become U+FFFD. (A dossier id holding them is
/// not shaped like a code and is shown as a placeholder.)
#[test]
fn junit_stays_valid_xml_whatever_the_file_name() {
    let dir = export_copy();
    std::fs::rename(
        dir.path().join("export/mb-2024-00106.yaml"),
        dir.path().join("export/mb-\u{FFFE}\u{FFFF}\u{1}-1.yaml"),
    )
    .unwrap();
    rewrite(
        &dir.path().join("export/mb-2025-00105.yaml"),
        "id: MB-2025-00105",
        "id: \"MB-\\uFFFE\\uFFFF\\u0001-5\"",
    );
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "--format", "junit", "export"])
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(!xml.contains(['\u{FFFE}', '\u{FFFF}', '\u{1}']));
    assert!(
        xml.contains("file=\"export/mb-\u{FFFD}\u{FFFD}\u{FFFD}-1.yaml\""),
        "{xml}"
    );
    let suites = junit_parser::from_reader(std::io::Cursor::new(xml.as_bytes())).expect("XML");
    assert!(
        suites
            .suites
            .iter()
            .flat_map(|s| &s.cases)
            .any(|c| c.original_name.starts_with("(niet getoond: lijkt tekst, #"))
    );
}

/// A control character in a file name never reaches the Actions log raw: an escape sequence
/// (ESC, or the C1 CSI) could colour or rewrite the log, and U+0085, U+2028 and U+2029 break
/// lines for some readers. They become U+FFFD, as in JUnit, and so do CR and LF in a property:
/// GitHub would turn the toolkit's `%0D` / `%0A` back into a line break there. A dossier id
/// holding them is not shaped like a code and is not shown at all.
#[test]
fn github_annotations_carry_no_raw_control_characters() {
    let dir = export_copy();
    rewrite(
        &dir.path().join("export/mb-2024-00106.yaml"),
        "id: MB-2024-00106",
        "id: \"MB-\\u0001\\u001B[31m\\t\\u007F\\u0085\\u2028\\u2029\\u009B\\r\\n-1\"",
    );
    let odd = "mb-\u{1}\u{1b}[31m\t\u{7f}\u{85}\u{2028}\u{2029}\u{9b}\r\n-5.yaml";
    std::fs::rename(
        dir.path().join("export/mb-2025-00105.yaml"),
        dir.path().join("export").join(odd),
    )
    .unwrap();
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "--format", "github", "export"])
        .output()
        .unwrap();
    let github = String::from_utf8(out.stdout).unwrap();
    let f = '\u{FFFD}';
    let shown = format!("file=export/mb-{f}{f}[31m{f}{f}{f}{f}{f}{f}{f}{f}-5.yaml,");
    assert!(github.contains(&shown), "{github}");
    assert!(
        github.contains("title=VT-O01 (niet getoond%3A lijkt tekst%2C #"),
        "{github}"
    );
    assert!(
        !github.contains(|c: char| (c.is_control() && c != '\n')
            || c == '\u{2028}'
            || c == '\u{2029}'),
        "{github:?}"
    );
}

/// U+0085, U+2028 and U+2029 in a file name are valid JSON raw, but a reader that splits lines
/// on them (Python's `str.splitlines`) would cut a JSON Lines record: every JSON report writes
/// them as `\u0085`, `\u2028`, `\u2029`, and reads back the same name. (A dossier id holding
/// them is not shaped like a code and is not shown.)
#[test]
fn json_reports_escape_line_separators() {
    let dir = export_copy();
    let name = "mb-\u{85}\u{2028}\u{2029}-1.yaml";
    std::fs::rename(
        dir.path().join("export/mb-2024-00106.yaml"),
        dir.path().join("export").join(name),
    )
    .unwrap();
    let file = format!("export/{name}");
    for format in ["json", "jsonl", "sarif"] {
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config", "--format", format, "export"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains(['\u{85}', '\u{2028}', '\u{2029}']),
            "{format}"
        );
        if format == "sarif" {
            // A URI: percent-encoded, which needs no JSON escape.
            assert!(
                text.contains("mb-%C2%85%E2%80%A8%E2%80%A9-1.yaml"),
                "{text}"
            );
            continue;
        }
        assert!(
            text.contains(r"mb-\u0085\u2028\u2029-1.yaml"),
            "{format}: {text}"
        );
        let docs: Vec<Value> = if format == "jsonl" {
            text.lines().map(|l| json(l.as_bytes())).collect()
        } else {
            vec![json(text.as_bytes())]
        };
        let findings: Vec<&Value> = match format {
            "json" => docs[0]["findings"].as_array().unwrap().iter().collect(),
            _ => docs.iter().collect(),
        };
        assert!(
            findings.iter().any(|f| f["location"]["file"] == file),
            "{format}: {text}"
        );
    }
}

/// A baseline that is not what `--write-baseline` writes is an error at its place, in Dutch:
/// read as empty, it would make every known violation fail CI as new.
#[test]
fn a_broken_baseline_is_an_error_at_its_place() {
    let dir = export_copy();
    for (name, text, message) in [
        (
            "komma.json",
            "{\"schema\": \"vtcheck-baseline/1\", \"violations\": [\n \"abc\",\n]}\n",
            "komma.json:3:1",
        ),
        (
            "leeg.json",
            "{\"schema\":\"vtcheck-baseline/1\"}",
            "`violations` ontbreekt",
        ),
        (
            "getallen.json",
            "{\"schema\":\"vtcheck-baseline/1\",\"violations\":[1,2]}",
            "`violations[1]` is geen vingerafdruk",
        ),
        (
            "anders.json",
            "{\"schema\":\"iets\"}",
            "geen basislijn van vtcheck",
        ),
        (
            "controle.json",
            "{\"schema\":\"vtcheck-baseline/1\",\"violations\":[],\"key_check\":true}",
            "`key_check` is geen controlewaarde",
        ),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config", "export", "--baseline", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty(), "{name}: no report");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(message), "{name}: {err}");
        assert!(
            !err.contains("trailing") && !err.contains("--> vtcheck"),
            "{err}"
        );
    }
}

#[test]
fn a_baseline_fails_only_on_new_violations() {
    let dir = export_copy();
    let base = dir.path().join("basis.json");
    let first = baseline_of_export(dir.path(), &base);
    assert_eq!(first.status.code(), Some(1));
    // The same export against its own baseline: nothing new.
    let same = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "export",
            "--baseline",
        ])
        .arg(&base)
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    let j = json(&same.stdout);
    assert_eq!(j["baseline"]["new"], 0);
    assert_eq!(j["baseline"]["resolved"], 0);
    // The next export has one extra violation: an overdracht without document.
    let p = dir.path().join("export/mb-2024-00102.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains("schriftelijk: true"));
    std::fs::write(
        &p,
        text.replacen("schriftelijk: true", "schriftelijk: false", 1),
    )
    .unwrap();
    let manifest = dir.path().join("export/export.yaml");
    let _ = manifest;
    let next = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "export",
            "--baseline",
        ])
        .arg(&base)
        .output()
        .unwrap();
    assert_eq!(next.status.code(), Some(1));
    let j = json(&next.stdout);
    let new: Vec<&Value> = findings(&j)
        .iter()
        .filter(|f| f["baseline_state"] == "new")
        .collect();
    assert_eq!(new.len(), 1, "{new:#?}");
    assert_eq!(new[0]["dossier"], "MB-2024-00102");
    assert_eq!(new[0]["rule"], "VT-O01");
    assert_eq!(j["baseline"]["new"], 1);
    // JUnit and GitHub annotations fail on the new violation only, like the exit code: the
    // known ones are skipped test cases and notices.
    let report = |format: &str| -> String {
        let out = vtcheck_in(dir.path())
            .args([
                "check",
                "--no-config",
                "--format",
                format,
                "export",
                "--baseline",
            ])
            .arg(&base)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let junit = report("junit");
    let suites = junit_parser::from_reader(std::io::Cursor::new(junit.as_bytes())).unwrap();
    let failing: Vec<(String, String)> = suites
        .suites
        .iter()
        .flat_map(|s| {
            s.cases
                .iter()
                .filter(|c| c.status.is_failure())
                .map(|c| (s.name.clone(), c.original_name.clone()))
        })
        .collect();
    assert_eq!(
        failing,
        [("VT-O01".to_string(), "MB-2024-00102".to_string())]
    );
    assert!(junit.contains("bestaande overtreding (basislijn)"));
    let github = report("github");
    let loud: Vec<&str> = github
        .lines()
        .filter(|l| l.starts_with("::error") || l.starts_with("::warning"))
        .collect();
    assert_eq!(loud.len(), 1, "{github}");
    assert!(loud[0].contains("VT-O01 MB-2024-00102"), "{github}");
    // The human report says why it exits 1: the new violation is marked, the summary counts.
    let human = report("human");
    let marked: Vec<&str> = human.lines().filter(|l| l.contains(" nieuw ")).collect();
    assert_eq!(marked.len(), 1, "{human}");
    assert!(
        marked[0].contains("VT-O01  nieuw  De overdracht (overdracht[1])"),
        "{human}"
    );
    assert!(
        human.contains("\nBasislijn: 1 nieuw, 7 ongewijzigd, 0 opgelost.\n"),
        "{human}"
    );
    // CSV: a `baseline_state` column, only with a baseline.
    let csv = report("csv");
    let mut rows = csv.trim_start_matches('\u{feff}').lines();
    assert!(rows.next().unwrap().ends_with(";as_of;baseline_state"));
    let states: Vec<&str> = rows.map(|r| r.rsplit(';').next().unwrap()).collect();
    assert_eq!(states.iter().filter(|s| **s == "new").count(), 1, "{csv}");
    assert_eq!(
        states.iter().filter(|s| **s == "unchanged").count(),
        7,
        "{csv}"
    );
    assert!(
        states.iter().all(|s| ["new", "unchanged", ""].contains(s)),
        "{csv}"
    );
    let new_row = csv.lines().find(|l| l.ends_with(";new")).unwrap();
    assert!(new_row.starts_with("MB-2024-00102;midden-brabant;VT-O01;violation;"));
    let plain = vtcheck_in(dir.path())
        .args(["check", "--no-config", "--format", "csv", "export"])
        .output()
        .unwrap();
    let plain = String::from_utf8(plain.stdout).unwrap();
    assert!(plain.lines().next().unwrap().ends_with(";as_of"), "{plain}");
    let plain_human = vtcheck_in(dir.path())
        .args(["check", "--no-config", "export"])
        .output()
        .unwrap();
    let plain_human = String::from_utf8(plain_human.stdout).unwrap();
    assert!(!plain_human.contains("nieuw") && !plain_human.contains("Basislijn"));
}

#[test]
fn overlapping_waivers_are_both_used_and_the_reason_stays_out_of_reports() {
    let dir = export_copy();
    // A general waiver before a specific one: both match the finding, neither is stale.
    std::fs::write(
        dir.path().join("w.yaml"),
        "- dossier: MB-2024-00106\n  regel: VT-O01\n  reden: Gezin verhuisd naar Jan Jansen\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2025-12-31\n\
         - dossier: MB-2024-00106\n  regel: VT-O01\n  item: overdracht[1]\n  reden: Document volgt\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2025-12-31\n",
    )
    .unwrap();
    for format in ["json", "csv", "sarif", "jsonl", "github", "junit"] {
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config", "--format", format])
            .args(["--waivers", "w.yaml", "export"])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains("Jan Jansen"),
            "{format}: the reason is free text"
        );
        if format == "json" {
            let j = json(&out.stdout);
            let f = findings(&j).iter().find(|f| f["rule"] == "VT-O01").unwrap();
            assert_eq!(f["status"], "waived");
            let message = f["message"].as_str().unwrap();
            assert!(message.ends_with("(ontheven, zie w.yaml:1)"), "{message}");
            assert!(
                j["warnings"].as_array().unwrap().is_empty(),
                "{}",
                j["warnings"]
            );
        }
    }
    // An id written as a decimal number lost its spelling: an error, as in a dossier.
    std::fs::write(
        dir.path().join("w.yaml"),
        "- dossier: 12.10\n  regel: VT-O01\n  reden: x\n  goedgekeurd_door: y\n  verloopt: 2025-12-31\n",
    )
    .unwrap();
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "--waivers", "w.yaml", "export"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("w.yaml:1:12") && err.contains("aanhalingstekens"),
        "{err}"
    );
}

/// A waiver file named in a discovered vtcheck.toml is named in messages as written there (or
/// relative to the current directory), never by an absolute path: the same project copied
/// elsewhere gives the same report bytes.
#[test]
fn the_waiver_file_is_named_the_same_in_every_copy_of_a_project() {
    let a = export_copy();
    std::fs::write(
        a.path().join("w1.yaml"),
        "- dossier: MB-2024-00106\n  regel: VT-O01\n  reden: x\n  goedgekeurd_door: y\n  verloopt: 2030-12-31\n\
         - dossier: BESTAAT-NIET\n  regel: VT-T01\n  reden: x\n  goedgekeurd_door: y\n  verloopt: 2030-12-31\n",
    )
    .unwrap();
    std::fs::write(a.path().join("vtcheck.toml"), "waivers = \"w1.yaml\"\n").unwrap();
    let b = tempfile::tempdir().unwrap();
    for e in walkdir(a.path()) {
        let to = b.path().join(e.strip_prefix(a.path()).unwrap());
        if e.is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(&e, &to).unwrap();
        }
    }
    let run = |dir: &Path, args: &[&str]| vtcheck_in(dir).arg("check").args(args).output().unwrap();
    for format in ["json", "human", "sarif", "csv"] {
        let args = ["--format", format, "export"];
        let (one, two) = (run(a.path(), &args), run(b.path(), &args));
        assert_eq!(one.stdout, two.stdout, "{format}");
        assert_eq!(one.stderr, two.stderr, "{format}");
        let text = String::from_utf8_lossy(&one.stdout);
        assert!(
            text.contains("(ontheven, zie w1.yaml:1)"),
            "{format}: {text}"
        );
        for dir in [a.path(), b.path()] {
            assert!(!text.contains(&*dir.to_string_lossy()), "{format}: {text}");
        }
    }
    // From a subdirectory the file is not under the current directory: as written in the config.
    std::fs::create_dir(a.path().join("sub")).unwrap();
    let out = run(&a.path().join("sub"), &["--format", "json", "../export"]);
    let j = json(&out.stdout);
    let text = j.to_string();
    assert!(text.contains("(ontheven, zie w1.yaml:1)"), "{text}");
    assert!(!text.contains(&*a.path().to_string_lossy()), "{text}");
    // `--waivers` with an absolute path under the current directory: relative to it.
    let abs = a.path().join("w1.yaml");
    let out = run(
        a.path(),
        &[
            "--no-config",
            "--format",
            "json",
            "--waivers",
            abs.to_str().unwrap(),
            "export",
        ],
    );
    let text = json(&out.stdout).to_string();
    assert!(text.contains("(ontheven, zie w1.yaml:1)"), "{text}");
    assert!(!text.contains(&*a.path().to_string_lossy()), "{text}");
}

/// Every file and directory under `dir`.
fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        out.push(p.clone());
        if p.is_dir() {
            out.extend(walkdir(&p));
        }
    }
    out
}

/// `verloopt` is the last day a waiver applies: it still waives on that day, and the day after
/// the warning says until when it held ("gold tot en met"), not that it expired on that day.
#[test]
fn a_waiver_applies_through_its_verloopt_day_and_says_so_after() {
    let dir = export_copy();
    std::fs::write(
        dir.path().join("w.yaml"),
        "- dossier: MB-2024-00106\n  regel: VT-O01\n  reden: Document aangevraagd\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2025-06-30\n",
    )
    .unwrap();
    let run = |as_of: &str| {
        let out = vtcheck_in(dir.path())
            .args([
                "check",
                "--no-config",
                "--format",
                "json",
                "--waivers",
                "w.yaml",
            ])
            .args(["--as-of", as_of, "export"])
            .output()
            .unwrap();
        let j = json(&out.stdout);
        let status = findings(&j).iter().find(|f| f["rule"] == "VT-O01").unwrap()["status"].clone();
        let warnings: Vec<String> = j["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["message"].as_str().unwrap().to_string())
            .collect();
        (status, warnings)
    };
    let (status, warnings) = run("2025-06-30");
    assert_eq!(status, "waived");
    assert!(
        warnings.iter().all(|w| !w.contains("ontheffing")),
        "{warnings:?}"
    );
    let (status, warnings) = run("2025-07-01");
    assert_eq!(status, "violation");
    assert!(
        warnings.contains(
            &"ontheffing voor MB-2024-00106 / VT-O01 gold tot en met 30-06-2025 en geldt niet meer"
                .to_string()
        ),
        "{warnings:?}"
    );
}

#[test]
fn waivers_apply_expire_go_stale_and_need_a_reason() {
    let dir = export_copy();
    let write = |text: &str| std::fs::write(dir.path().join("w.yaml"), text).unwrap();
    // Applied: the only error-level violations are waived or outside the fail level...
    write(
        "- dossier: MB-2024-00106\n  regel: VT-O01\n  item: overdracht[1]\n  reden: Document aangevraagd bij wijkteam\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2025-12-31\n",
    );
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--waivers",
            "w.yaml",
            "export",
        ])
        .output()
        .unwrap();
    let j = json(&out.stdout);
    let f = findings(&j).iter().find(|f| f["rule"] == "VT-O01").unwrap();
    assert_eq!(f["status"], "waived");
    assert_eq!(j["summary"]["VT-O01"]["waived"], 1);
    assert_eq!(j["summary"]["VT-O01"]["violation"], 0);
    // Expired (as-of 30-06-2025 is after 01-06-2025): no longer applies, and says so.
    write(
        "- dossier: MB-2024-00106\n  regel: VT-O01\n  reden: Document aangevraagd\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2025-06-01\n",
    );
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--waivers",
            "w.yaml",
            "export",
        ])
        .output()
        .unwrap();
    let j = json(&out.stdout);
    let f = findings(&j).iter().find(|f| f["rule"] == "VT-O01").unwrap();
    assert_eq!(f["status"], "violation");
    assert!(j["warnings"].as_array().unwrap().iter().any(|w| {
        w["message"].as_str().unwrap()
            == "ontheffing voor MB-2024-00106 / VT-O01 gold tot en met 01-06-2025 en geldt niet meer"
    }));
    // Stale: matches nothing.
    write(
        "- dossier: BESTAAT-NIET\n  regel: VT-T01\n  reden: oud\n  goedgekeurd_door: x\n  verloopt: 2026-01-01\n",
    );
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--waivers",
            "w.yaml",
            "export",
        ])
        .output()
        .unwrap();
    let j = json(&out.stdout);
    let messages = |j: &Value| -> Vec<String> {
        j["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["message"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        messages(&j),
        ["ontheffing voor BESTAAT-NIET / VT-T01 komt met geen bevinding overeen (verouderd?)"]
    );
    // Expired and matching nothing: reported as expired (the more useful fact), not as stale.
    write(
        "- dossier: BESTAAT-NIET\n  regel: VT-T01\n  reden: oud\n  goedgekeurd_door: x\n  verloopt: 2025-01-31\n",
    );
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "--format", "json"])
        .args(["--waivers", "w.yaml", "export"])
        .output()
        .unwrap();
    assert_eq!(
        messages(&json(&out.stdout)),
        [
            "ontheffing voor BESTAAT-NIET / VT-T01 gold tot en met 31-01-2025, is verlopen en komt met geen bevinding overeen"
        ]
    );
    // Not yet expired on the expiry date itself: stale.
    let out = check_json("2025-01-31")
        .current_dir(dir.path())
        .args(["--waivers", "w.yaml", "export"])
        .output()
        .unwrap();
    assert!(
        messages(&json(&out.stdout))[0].ends_with("komt met geen bevinding overeen (verouderd?)")
    );
    // No reason: an error before any dossier is read.
    write("- dossier: MB-2024-00106\n  regel: VT-O01\n  goedgekeurd_door: x\n");
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "--waivers", "w.yaml", "export"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("heeft geen `reden`"));
    // Nor without approver or expiry date ("mandatory reden, goedgekeurd_door, verloopt"), nor
    // in a second YAML document (it would be lost), each an error at its place.
    for (text, expected) in [
        (
            "- dossier: MB-2024-00106\n  regel: VT-O01\n  reden: x\n  verloopt: 2026-01-01\n",
            "w.yaml:1:3: ontheffing voor MB-2024-00106 / VT-O01 heeft geen `goedgekeurd_door`",
        ),
        (
            "- dossier: MB-2024-00106\n  regel: VT-O01\n  reden: x\n  goedgekeurd_door: y\n",
            "w.yaml:1:3: ontheffing voor MB-2024-00106 / VT-O01 heeft geen `verloopt`",
        ),
        (
            "- {dossier: A, regel: VT-O01, reden: x, goedgekeurd_door: y, verloopt: 2026-01-01}\n---\n- {dossier: B, regel: VT-T01, reden: x, goedgekeurd_door: y, verloopt: 2026-01-01}\n",
            "w.yaml:3:1: een ontheffingenbestand is één YAML-document",
        ),
        // rev54 F1: the first list's own mistakes are named in the same run.
        (
            "- {dossier: A, regel: VT-O01, goedgekeurd_door: y, verloopt: 2026-01-01}\n---\n- {dossier: B, regel: VT-T01, reden: x, goedgekeurd_door: y, verloopt: 2026-01-01}\n",
            "w.yaml:1:3: ontheffing voor A / VT-O01 heeft geen `reden`",
        ),
    ] {
        write(text);
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config", "--waivers", "w.yaml", "export"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let err = String::from_utf8_lossy(&out.stderr).replace("\n  --> ", " @ ");
        let located = err
            .lines()
            .map(|l| match l.split_once(" @ ") {
                Some((msg, at)) => format!("{at}: {}", msg.trim_start_matches("fout: ")),
                None => l.to_string(),
            })
            .collect::<Vec<_>>()
            .join("\n");
        assert!(located.contains(expected), "{located}");
    }
}

/// With `text` as vtcheck.toml, `check` stops before reading (exit 2, no report) with an error
/// that says `expected`, at the entry's line and column (`place`), like every other input error.
fn assert_config_error(dir: &Path, text: &str, expected: &str, place: &str) {
    std::fs::write(dir.join("vtcheck.toml"), text).unwrap();
    let out = vtcheck_in(dir)
        .args(["check", "--format", "json", "export"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(out.stdout.is_empty(), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(expected), "{text}: {err}");
    let located = err.lines().find(|l| l.trim_start().starts_with("-->"));
    // Named relative to the working directory, as found there: the same in every checkout.
    assert!(
        located.is_some_and(|l| l.trim_start() == format!("--> {place}")),
        "{text}: {err}"
    );
}

/// A bad `[csv]` mapping stops the run before reading (exit 2), at the unknown key itself, or at
/// the value of a known key that is wrong.
#[test]
fn csv_mapping_errors_point_at_the_key_or_its_value() {
    let dir = export_copy();
    for (text, expected, place) in [
        (
            "[csv]\nseparator = \";\"\n",
            "onbekende sleutel `csv.separator`",
            "vtcheck.toml:2:1",
        ),
        (
            "[csv.columns]\ndossier = \"Nr\"\ndossierr = \"x\"\n",
            "onbekende kolomsleutel `csv.columns.dossierr`; bedoelde je `dossier`?",
            "vtcheck.toml:3:1",
        ),
        (
            "[csv.columns]\ndossier = 5\n",
            "`csv.columns.dossier` is de kolomkop in het bestand (tekst)",
            "vtcheck.toml:2:11",
        ),
        (
            "[csv]\ndelimiter = \";;\"\n",
            "precies één teken",
            "vtcheck.toml:2:13",
        ),
        // A header the user gives that is another column's default: at the user's entry, not
        // at the `[csv.columns]` table (reviewer 21).
        (
            "[csv.columns]\ndossier = \"id\"\n",
            "kolommen `dossier` en `id` hebben dezelfde kop 'id'",
            "vtcheck.toml:2:11",
        ),
        (
            "[csv.columns]\ndossier = \"NR\"\nregio = \"Nr\"\n",
            "kolommen `dossier` en `regio` hebben dezelfde kop 'Nr'",
            "vtcheck.toml:3:9",
        ),
        // Case does not count in [csv.values]: two spellings of one value, two translations.
        (
            "[csv.values]\n\"einde\" = \"einde_bemoeienis\"\n\"Einde\" = \"afgesloten\"\n",
            "hoofdletters tellen niet",
            "vtcheck.toml:2:11",
        ),
    ] {
        assert_config_error(dir.path(), text, expected, place);
    }
}

/// Every mistake of a `[csv]` mapping, or of the file's own settings, comes in one run, in the
/// file's line order, each at its own place (rev47 F7: one typo per run made a new mapping a
/// slow loop).
#[test]
fn every_config_mistake_comes_in_one_run_in_line_order() {
    let dir = export_copy();
    // The run stops before reading (exit 2, no report); the places its errors name, and its
    // standard error.
    let places_of = |toml: &str| -> (Vec<String>, String) {
        std::fs::write(dir.path().join("vtcheck.toml"), toml).unwrap();
        let out = vtcheck_in(dir.path())
            .args(["check", "--format", "json", "export"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{toml}");
        assert!(out.stdout.is_empty(), "{toml}");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let places = err
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("--> "))
            .map(String::from)
            .collect();
        (places, err)
    };
    let (places, err) = places_of(
        "[csv]\nsort_rows = \"ja\"\ndelimitr = \";\"\n[csv.columns]\ndosier = \"Nr\"\ndatum = \"Datum\"\n",
    );
    assert_eq!(
        places,
        ["vtcheck.toml:2:13", "vtcheck.toml:3:1", "vtcheck.toml:5:1"],
        "{err}"
    );
    for expected in [
        "`csv.sort_rows` is `true` of `false`",
        "onbekende sleutel `csv.delimitr`",
        "onbekende kolomsleutel `csv.columns.dosier`",
    ] {
        assert!(err.contains(expected), "{expected}: {err}");
    }
    // The same for the settings of the file itself.
    let (places, err) = places_of("fail_levl = \"error\"\nas_of = \"30-06-2025\"\n");
    assert_eq!(places, ["vtcheck.toml:1:1", "vtcheck.toml:2:9"], "{err}");
    // And every entry that names no rule (rev58 F3).
    let (places, err) = places_of(
        "select = [\"VT-X99\", \"VT-Y98\"]\nignore = [\"VT-Z1\"]\n[severity]\nVT-Q1 = \"error\"\n",
    );
    assert_eq!(
        places,
        [
            "vtcheck.toml:1:11",
            "vtcheck.toml:1:21",
            "vtcheck.toml:2:11",
            "vtcheck.toml:4:9"
        ],
        "{err}"
    );
}

/// A typo in `select` or `ignore` is a usage error with a suggestion (it would check nothing,
/// or everything, and the CI gate would pass for ever); a waiver or severity of a rule this
/// run does not select is valid and simply does not apply.
#[test]
fn rule_selection_names_real_rules_and_unselected_rules_stay_valid() {
    let dir = export_copy();
    let toml = dir.path().join("vtcheck.toml");
    for (text, expected, place) in [
        (
            "select = [\"vt-t01\"]\n",
            "`vt-t01` in `select` is geen regel",
            "vtcheck.toml:1:11",
        ),
        (
            "ignore = [\"VT-T01\", \"VT-T1\"]\n",
            "`VT-T1` in `ignore` is geen regel",
            "vtcheck.toml:1:21",
        ),
        (
            "[severity]\n\"VT-T99\" = \"info\"\n",
            "onbekende regel `VT-T99` in [severity]",
            "vtcheck.toml:2:12",
        ),
        (
            "select = [\"VT-T01\"]\nignore = [\"VT-T0\"]\n",
            "laten geen regel over",
            "vtcheck.toml:1:10",
        ),
        (
            "ignore = [\"VT\"]\n",
            "laten geen regel over",
            "vtcheck.toml:1:10",
        ),
    ] {
        assert_config_error(dir.path(), text, expected, place);
    }
    std::fs::write(
        &toml,
        "ignore = [\"VT-O\"]\nwaivers = \"w.yaml\"\n[severity]\n\"VT-O02\" = \"error\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "- {dossier: MB-2024-00106, regel: VT-O01, reden: x, goedgekeurd_door: y, verloopt: 2026-01-01}\n",
    )
    .unwrap();
    let out = vtcheck_in(dir.path())
        .args(["check", "--format", "json", "export"])
        .output()
        .unwrap();
    let j = json(&out.stdout);
    assert!(j["summary"].get("VT-O01").is_none());
    assert!(
        j["warnings"].as_array().unwrap().is_empty(),
        "a waiver of an unselected rule is not stale: {}",
        j["warnings"]
    );
}

#[test]
fn vtcheck_toml_is_found_checked_and_overridden_by_flags() {
    let dir = export_copy();
    std::fs::write(
        dir.path().join("vtcheck.toml"),
        "fail_level = \"warning\"\nignore = [\"VT-O\"]\n[severity]\n\"VT-V04\" = \"error\"\n",
    )
    .unwrap();
    let sub = dir.path().join("export");
    let out = vtcheck_in(&sub)
        .args(["check", "--format", "json", "."])
        .output()
        .unwrap();
    let j = json(&out.stdout);
    assert!(j["summary"].get("VT-O01").is_none(), "ignored by prefix");
    let v04 = findings(&j).iter().find(|f| f["rule"] == "VT-V04").unwrap();
    assert_eq!(v04["severity"], "error");
    assert_eq!(out.status.code(), Some(1));
    // The flag wins over the file.
    let out = vtcheck_in(&sub)
        .args(["check", "--fail-level", "error", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    std::fs::write(dir.path().join("vtcheck.toml"), "fail_levl = \"warning\"\n").unwrap();
    let out = vtcheck_in(&sub).args(["check", "."]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bedoelde je `fail_level`?"));
}

/// A key file that cannot be used is named, as `--config`, `--baseline` and `--rules` errors
/// name theirs: the message alone did not say which path it had tried.
#[test]
fn an_unusable_key_file_is_named() {
    let dir = export_copy();
    std::fs::write(dir.path().join("kort"), b"te kort").unwrap();
    for (key, expected) in [
        (
            "geen-sleutel.bin",
            "fout: sleutelbestand kan niet gelezen worden: bestand of map bestaat niet (systeemfout 2)\n  --> geen-sleutel.bin\n",
        ),
        (
            "kort",
            "fout: sleutelbestand te kort: gebruik minstens 16 willekeurige bytes\n  --> kort\n  hulp: maak er een met `head -c 32 /dev/urandom > sleutel`\n",
        ),
    ] {
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config", "export", "--pseudonymise", key])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(String::from_utf8_lossy(&out.stderr), expected);
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn pseudonymised_reports_carry_no_dossier_ids_or_file_names() {
    let dir = export_copy();
    write_key(dir.path());
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--pseudonymise",
            "sleutel",
            "export",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("MB-20"), "no dossier id or file name leaks");
    let j: Value = serde_json::from_str(&text).unwrap();
    let d = j["findings"][0]["dossier"].as_str().unwrap();
    assert!(d.starts_with("P-") && d.len() == 22);
    // Sorted by the pseudonyms the report shows (the contract's order), not by the real ids,
    // whose order would otherwise show through.
    let ids: Vec<&str> = findings(&j)
        .iter()
        .map(|f| f["dossier"].as_str().unwrap())
        .collect();
    let mut sorted = ids.clone();
    sorted.sort_by(|a, b| vtcheck::engine::natural_cmp(a, b));
    assert_eq!(ids, sorted);
    assert!(ids.windows(2).any(|w| w[0] != w[1]), "several dossiers");
    // JUnit's test cases likewise.
    let junit = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "junit",
            "--pseudonymise",
            "sleutel",
            "export",
        ])
        .output()
        .unwrap();
    let xml = String::from_utf8(junit.stdout).unwrap();
    let mut longest = 0;
    for suite in xml.split("<testsuite ").skip(1) {
        let cases: Vec<&str> = suite
            .split("<testcase name=\"")
            .skip(1)
            .map(|c| &c[..22])
            .collect();
        let mut sorted = cases.clone();
        sorted.sort_by(|a, b| vtcheck::engine::natural_cmp(a, b));
        assert_eq!(cases, sorted);
        longest = longest.max(cases.len());
    }
    assert!(longest > 1);
}

/// Pseudonymised with a baseline: the same states and counts as without (the report compares
/// pseudonymised findings with a baseline of real ones), and the waiver warnings, which name a
/// dossier, name its pseudonym.
#[test]
fn pseudonymised_reports_keep_baseline_states_and_hide_ids_in_warnings() {
    let dir = export_copy();
    write_key(dir.path());
    std::fs::write(
        dir.path().join("w.yaml"),
        "- {dossier: MB-2099-00001, regel: VT-T01, reden: x, goedgekeurd_door: y, verloopt: 2030-01-01}\n",
    )
    .unwrap();
    let base = baseline_of_export(dir.path(), "basis.json");
    assert_eq!(base.status.code(), Some(1));
    let run = |extra: &[&str]| -> Value {
        let out = vtcheck_in(dir.path())
            .args([
                "check",
                "--no-config",
                "--format",
                "json",
                "--baseline",
                "basis.json",
            ])
            .args(["--waivers", "w.yaml"])
            .args(extra)
            .arg("export")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        json(&out.stdout)
    };
    let plain = run(&[]);
    let hidden = run(&["--pseudonymise", "sleutel"]);
    assert!(plain["baseline"]["unchanged"].as_u64().unwrap() > 0);
    assert_eq!(hidden["baseline"], plain["baseline"]);
    let states = |j: &Value| -> Vec<String> {
        findings(j)
            .iter()
            .map(|f| f["baseline_state"].to_string())
            .collect()
    };
    // The same states; in another order, as the pseudonymised report is sorted by pseudonym.
    let (mut a, mut b) = (states(&hidden), states(&plain));
    a.sort();
    b.sort();
    assert_eq!(a, b);
    let text = hidden.to_string();
    assert!(
        !text.contains("MB-20"),
        "no dossier id leaks: {}",
        hidden["warnings"]
    );
    assert!(
        hidden["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("komt met geen bevinding overeen"),
        "{}",
        hidden["warnings"]
    );
}

#[test]
fn output_file_is_written_whole_and_leaves_no_temporary_file() {
    let dir = export_copy();
    // A leftover of an earlier run (in a container vtcheck is PID 1 every run, and the temporary
    // name used to be the pid): it does not block this run, and this run leaves it alone.
    let stale = dir.path().join(".rapport.sarif.vtcheck-1.tmp");
    std::fs::write(&stale, "half").unwrap();
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "sarif",
            "-o",
            "rapport.sarif",
            "export",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("rapport.sarif")).unwrap())
            .unwrap();
    assert_eq!(written["version"], "2.1.0");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .map(|e| e.path())
        .collect();
    assert_eq!(leftovers, std::slice::from_ref(&stale));
    assert_eq!(std::fs::read_to_string(&stale).unwrap(), "half");
    // A report that cannot be written (a directory of that name is in the way): an error, the
    // directory untouched, no temporary file.
    std::fs::create_dir(dir.path().join("bezet")).unwrap();
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "-o", "bezet", "export"])
        .output()
        .unwrap();
    assert_exit(&out, 2, "rapport kan niet geschreven worden");
    assert!(dir.path().join("bezet").is_dir());
    // A directory that does not exist: Dutch, and no random temporary name in the message.
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "-o", "nergens/r.json", "export"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bestand of map bestaat niet") && !err.contains(".tmp"),
        "{err}"
    );
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            ".rapport.sarif.vtcheck-1.tmp",
            "bezet",
            "export",
            "rapport.sarif"
        ]
    );
}

/// GitHub shows only ten annotations of each level per step: the input errors (what makes exit
/// code 2) and then the warnings come right after the as-of notice, before the findings, so that
/// many error findings cannot hide them.
#[test]
fn github_annotates_input_errors_and_warnings_before_the_findings() {
    let dir = export_copy();
    std::fs::write(
        dir.path().join("w.yaml"),
        "- {dossier: BESTAAT-NIET, regel: VT-T01, reden: x, goedgekeurd_door: y, verloopt: 2030-01-01}\n",
    )
    .unwrap();
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--format",
            "github",
            "--waivers",
            "w.yaml",
        ])
        .args(["export", "bestaat-niet.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let github = String::from_utf8(out.stdout).unwrap();
    let titles: Vec<&str> = github
        .lines()
        .map(|l| {
            let title = l.split_once("title=").unwrap().1;
            title.split([':', ',']).next().unwrap()
        })
        .collect();
    assert_eq!(
        titles[..3],
        ["vtcheck", "invoerfout", "waarschuwing"],
        "{github}"
    );
    assert!(
        github
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("::error file=bestaat-niet.yaml,")
    );
    assert!(titles.len() > 3, "findings follow: {github}");
    assert!(titles[3..].iter().all(|t| t.starts_with("VT-")), "{github}");
}

/// A stale waiver's warning reaches code scanning and the GitHub view, not only the terminal;
/// the audit trail names the vtcheck.toml that selected the rules.
#[test]
fn warnings_reach_sarif_and_github_and_the_audit_names_the_config() {
    let dir = export_copy();
    std::fs::write(
        dir.path().join("w.yaml"),
        "- {dossier: BESTAAT-NIET, regel: VT-T01, reden: x, goedgekeurd_door: y, verloopt: 2030-01-01}\n",
    )
    .unwrap();
    let toml = "ignore = [\"VT-V06\"]\n";
    std::fs::write(dir.path().join("vtcheck.toml"), toml).unwrap();
    let report = |format: &str| -> String {
        let out = vtcheck_in(dir.path())
            .args(["check", "--format", format, "--waivers", "w.yaml", "export"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let sarif: Value = serde_json::from_str(&report("sarif")).unwrap();
    let notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap();
    assert!(
        notes.iter().any(|n| n["level"] == "warning"
            && n["message"]["text"]
                .as_str()
                .unwrap()
                .contains("komt met geen bevinding overeen")),
        "{notes:?}"
    );
    let github = report("github");
    assert!(
        github
            .lines()
            .any(|l| l
                .starts_with("::warning file=w.yaml,line=1,col=3,title=waarschuwing::ontheffing")),
        "{github}"
    );
    let j = json(report("json").as_bytes());
    assert_eq!(
        j["audit"]["config_sha256"],
        sha256_hex(toml.as_bytes()).as_str()
    );
}

/// The export manifest decides the as-of date and the region and count checks, so the audit
/// trail hashes it like the dossier files: first, as it is read first, and under its pseudonym
/// with `--pseudonymise`, like every other file name.
#[test]
fn the_audit_hashes_the_export_manifest() {
    let dir = export_copy();
    write_key(dir.path());
    let manifest = sha256_hex(&std::fs::read(dir.path().join("export/export.yaml")).unwrap());
    // `args` ends with the inputs.
    let report = |args: &[&str]| -> String {
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stdout).unwrap()
    };
    let j = json(report(&["--format", "json", "export"]).as_bytes());
    let inputs = j["audit"]["inputs"].as_array().unwrap();
    assert_eq!(
        inputs[0],
        serde_json::json!({"file": "export/export.yaml", "sha256": manifest})
    );
    // The eight dossier files follow, as before.
    assert_eq!(inputs.len(), 9, "{inputs:#?}");
    assert!(
        inputs[1..]
            .iter()
            .all(|i| i["file"] != "export/export.yaml")
    );
    assert!(
        report(&["--format", "sarif", "export"]).contains(&manifest),
        "SARIF carries the same audit block"
    );
    // Named one by one (`export/*.yaml`), the manifest is hashed all the same.
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("export"))
        .unwrap()
        .map(|e| format!("export/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    let named: Vec<&str> = files.iter().map(String::as_str).collect();
    let one_by_one = json(report(&[&["--format", "json"], &named[..]].concat()).as_bytes());
    assert!(
        one_by_one["audit"]["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["file"] == "export/export.yaml" && i["sha256"] == manifest.as_str()),
        "{}",
        one_by_one["audit"]
    );
    let hidden =
        json(report(&["--format", "json", "--pseudonymise", "sleutel", "export"]).as_bytes());
    let first = &hidden["audit"]["inputs"][0];
    assert_eq!(first["sha256"], manifest.as_str());
    let name = first["file"].as_str().unwrap();
    assert!(name.starts_with("P-") && !name.contains("export"), "{name}");
}

/// A waiver accepts a known violation, it does not fix it: against the baseline it counts as
/// `waived`, not `resolved` (which stays for violations that are gone), in every format that
/// counts, pseudonymised or not; once the waiver has expired it is known again, not new.
#[test]
fn a_baselined_violation_that_is_now_waived_is_counted_as_waived_not_resolved() {
    let dir = export_copy();
    write_key(dir.path());
    let written = baseline_of_export(dir.path(), "basis.json");
    assert_eq!(written.status.code(), Some(1));
    // One baselined violation is fixed (V1 of MB-2025-00107 is no longer a prohibition)...
    let p = dir.path().join("export/mb-2025-00107.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let fixed = text.replacen(
        "Moeder mag de kinderen niet meer slaan.",
        "Moeder brengt de kinderen op maandag om 8.30 uur naar school.",
        1,
    );
    assert_ne!(fixed, text);
    std::fs::write(&p, fixed).unwrap();
    let check = |waiver_expires: &str, extra: &[&str]| -> (i32, String) {
        // ... and one is accepted by a waiver (the export's as-of date is 2025-06-30).
        std::fs::write(
            dir.path().join("w.yaml"),
            format!(
                "- {{dossier: MB-2025-00105, regel: VT-T01, reden: x, goedgekeurd_door: y, verloopt: {waiver_expires}}}\n"
            ),
        )
        .unwrap();
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config", "--baseline", "basis.json"])
            .args(["--waivers", "w.yaml"])
            .args(extra)
            .arg("export")
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            String::from_utf8(out.stdout).unwrap(),
        )
    };
    let (code, out) = check("2030-01-01", &["--format", "json"]);
    assert_eq!(code, 0, "nothing new: {out}");
    let j = json(out.as_bytes());
    assert_eq!(
        j["baseline"],
        serde_json::json!({"new": 0, "unchanged": 5, "waived": 1, "resolved": 1})
    );
    let hidden = json(
        check(
            "2030-01-01",
            &["--format", "json", "--pseudonymise", "sleutel"],
        )
        .1
        .as_bytes(),
    );
    assert_eq!(hidden["baseline"], j["baseline"]);
    let (_, human) = check("2030-01-01", &[]);
    assert!(
        human.contains("\nBasislijn: 0 nieuw, 5 ongewijzigd, 1 ontheven, 1 opgelost.\n"),
        "{human}"
    );
    // Expired, the waiver no longer applies: the violation is the baseline's again, not new.
    let (code, out) = check("2025-01-01", &["--format", "json"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        json(out.as_bytes())["baseline"],
        serde_json::json!({"new": 0, "unchanged": 6, "waived": 0, "resolved": 1})
    );
    let (_, human) = check("2025-01-01", &[]);
    assert!(
        human.contains("\nBasislijn: 0 nieuw, 6 ongewijzigd, 1 opgelost.\n"),
        "{human}"
    );
}

/// A melding whose overdracht names `voorwaarden` (the melding has only V1): each unknown one is
/// a VT-D01 violation on the same item, `overdracht[1]`.
fn overdracht_naming(voorwaarden: &str) -> String {
    format!(
        "formaat: vtdossier/1
id: MB-2025-00901
regio: midden-brabant
soort: melding
ontvangen: 2025-03-03
melder: {{hoedanigheid: professional, rol: melder, bekend: true}}
situaties:
  - {{id: S1, prioriteit: 1}}
voorwaarden:
  - {{id: V1, situatie: S1, tekst: \"Vader brengt de kinderen elke dag om 8 uur naar school.\", opgesteld: 2025-03-06, besproken_met: [directbetrokkenen]}}
gebeurtenissen:
  - {{soort: register_geraadpleegd, datum: 2025-03-03}}
  - {{soort: veiligheidsbeoordeling, datum: 2025-03-05, besluit: voorwaarden_en_vervolg}}
  - {{soort: overdracht, datum: 2025-03-10, partij: Wijkteam, schriftelijk: true, document: D1, warm: true, voorwaarden: [{voorwaarden}], geaccepteerd: 2025-03-11}}
"
    )
}

/// Two violations of one rule on one item are two baseline entries, not one: a second unknown
/// voorwaarde on an overdracht that already had one is new and fails the run (it passed as
/// `unchanged`, exit 0, when both shared a fingerprint). The baseline counts them: with n
/// baselined and m current copies, min(n, m) are unchanged and the rest new or resolved.
#[test]
fn a_second_violation_on_the_same_item_is_new_not_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let write = |voorwaarden: &str| {
        std::fs::write(dir.path().join("d.yaml"), overdracht_naming(voorwaarden)).unwrap();
    };
    let check = |extra: &[&str]| -> (Option<i32>, Value) {
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config", "--as-of", "2025-06-30"])
            .args(["--format", "json", "d.yaml"])
            .args(extra)
            .output()
            .unwrap();
        // Nothing on standard output with `-o`.
        let j = if out.stdout.is_empty() {
            Value::Null
        } else {
            json(&out.stdout)
        };
        (out.status.code(), j)
    };
    let d01 = |j: &Value| -> Vec<(String, String)> {
        findings(j)
            .iter()
            .filter(|f| f["rule"] == "VT-D01")
            .map(|f| {
                (
                    f["message"].as_str().unwrap().to_string(),
                    f["baseline_state"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    };
    write("V1, V7");
    let (code, _) = check(&["--write-baseline", "basis.json", "-o", "rapport.json"]);
    assert_eq!(code, Some(1));
    let base: Value = json(&std::fs::read(dir.path().join("basis.json")).unwrap());
    let violations = |j: &Value| {
        findings(j)
            .iter()
            .filter(|f| f["status"] == "violation")
            .count()
    };
    let first = json(&std::fs::read(dir.path().join("rapport.json")).unwrap());
    assert_eq!(
        baseline_fingerprints(&base).len(),
        violations(&first),
        "one baseline entry per violation"
    );

    write("V1, V7, V8");
    let (code, j) = check(&["--baseline", "basis.json"]);
    assert_eq!(code, Some(1), "the new violation fails the run");
    assert_eq!(
        d01(&j),
        [
            (
                "overdracht[1] noemt onbekende voorwaarde V7.".to_string(),
                "unchanged".to_string()
            ),
            (
                "overdracht[1] noemt onbekende voorwaarde V8.".to_string(),
                "new".to_string()
            ),
        ]
    );
    assert_eq!(j["baseline"]["new"], 1);
    let counted =
        j["baseline"]["new"].as_u64().unwrap() + j["baseline"]["unchanged"].as_u64().unwrap();
    assert_eq!(counted, violations(&j) as u64);

    // Recorded with both, the export with one of them again: one unchanged, one resolved.
    let (code, _) = check(&["--write-baseline", "basis2.json", "-o", "rapport.json"]);
    assert_eq!(code, Some(1));
    write("V1, V8");
    let (code, j) = check(&["--baseline", "basis2.json"]);
    assert_eq!(code, Some(0));
    assert_eq!(j["baseline"]["new"], 0);
    assert_eq!(j["baseline"]["resolved"], 1);
}

/// A baseline written with `--pseudonymise` fingerprints the pseudonyms, not the dossier
/// numbers: it has no fingerprint in common with the baseline written without a key (whose
/// fingerprints anyone can recompute from a list of dossier numbers), it matches a run with the
/// same key as the plain one matches a plain run (exit code included), and read without that key
/// it is an error rather than a baseline that matches nothing.
#[test]
fn a_baseline_written_with_pseudonymise_is_keyed() {
    let dir = export_copy();
    write_key(dir.path());
    std::fs::write(
        dir.path().join("andere"),
        b"een andere sleutel van genoeg lengte",
    )
    .unwrap();
    let run = |extra: &[&str]| -> std::process::Output {
        vtcheck_in(dir.path())
            .args(["check", "--no-config", "--format", "json", "export"])
            .args(extra)
            .output()
            .unwrap()
    };
    for (name, extra) in [
        ("plain.json", &[][..]),
        ("keyed.json", &["--pseudonymise", "sleutel"][..]),
    ] {
        let out = run(&[&["--write-baseline", name, "-o", "r.json"], extra].concat());
        assert_eq!(out.status.code(), Some(1));
    }
    let read = |name: &str| json(&std::fs::read(dir.path().join(name)).unwrap());
    let (plain, keyed) = (read("plain.json"), read("keyed.json"));
    let set = |j: &Value| -> std::collections::HashSet<String> {
        baseline_fingerprints(j).into_iter().collect()
    };
    assert_eq!(set(&plain).len(), set(&keyed).len());
    assert!(set(&plain).is_disjoint(&set(&keyed)));
    // The dossier keys too: a keyed baseline's are of the pseudonyms.
    let (dp, dk) = (baseline_dossier_keys(&plain), baseline_dossier_keys(&keyed));
    assert_eq!(dp.len(), dk.len());
    assert!(dp.is_disjoint(&dk));
    assert!(plain.get("key_check").is_none());
    assert!(keyed["key_check"].as_str().is_some_and(|c| c.len() == 16));

    // One new violation: the keyed baseline with its key counts and fails as the plain one does.
    let p = dir.path().join("export/mb-2024-00102.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(
        &p,
        text.replacen("schriftelijk: true", "schriftelijk: false", 1),
    )
    .unwrap();
    let with_plain = run(&["--baseline", "plain.json"]);
    let with_key = run(&["--baseline", "keyed.json", "--pseudonymise", "sleutel"]);
    assert_eq!(with_plain.status.code(), Some(1));
    assert_eq!(with_key.status.code(), Some(1));
    let counts = json(&with_key.stdout)["baseline"].clone();
    assert_eq!(counts, json(&with_plain.stdout)["baseline"]);
    assert_eq!(counts["new"], 1);
    assert!(counts["unchanged"].as_u64().unwrap() > 0);

    // Without the key, or with another one, it would match nothing: an error at the file.
    for (extra, says) in [
        (&[][..], "basislijn is geschreven met --pseudonymise"),
        (&["--pseudonymise", "andere"][..], "andere sleutel"),
    ] {
        let out = run(&[&["--baseline", "keyed.json"][..], extra].concat());
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(says) && err.contains("keyed.json"), "{err}");
    }
}

/// With a baseline, a JUnit failure's message and body name the new violation that fails the
/// case, not the baselined one before it on the same dossier and rule: that one is listed in
/// `<system-out>` with its state, as GitHub marks it `bestaand`.
#[test]
fn a_junit_failure_names_the_new_violation_not_the_baselined_one() {
    let dir = export_copy();
    let out = baseline_of_export(dir.path(), "basis.json");
    assert_eq!(out.status.code(), Some(1));
    // MB-2024-00106's overdracht is not written down (VT-O01, baselined); a second one, neither.
    let p = dir.path().join("export/mb-2024-00106.yaml");
    let text = std::fs::read_to_string(&p).unwrap();
    let first = "    geaccepteerd: 2024-11-28\n";
    assert_eq!(text.matches(first).count(), 1);
    let second = "  - soort: overdracht\n    datum: 2024-11-29\n    partij: \"Wijkteam Goirle\"\n    schriftelijk: false\n    warm: true\n    voorwaarden: [V1]\n    geaccepteerd: 2024-11-29\n";
    std::fs::write(&p, text.replacen(first, &format!("{first}{second}"), 1)).unwrap();
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "export", "--baseline", "basis.json"])
        .args(["--format", "junit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let junit = String::from_utf8(out.stdout).unwrap();
    let failures: Vec<&str> = junit.lines().filter(|l| l.contains("<failure ")).collect();
    assert_eq!(failures.len(), 1, "{junit}");
    assert!(
        failures[0].contains("message=\"De overdracht (overdracht[2]) is niet schriftelijk"),
        "{junit}"
    );
    assert!(
        failures[0].contains(">De overdracht (overdracht[2]) is niet schriftelijk"),
        "{junit}"
    );
    assert!(!junit.contains(">overdracht[1]"), "{junit}");
    assert!(
        junit.contains(
            "<system-out>overtreding, bestaand: De overdracht (overdracht[1]) is niet schriftelijk"
        ),
        "{junit}"
    );
}

/// SARIF fingerprints count occurrences as the baseline does: two violations of one rule on one
/// item (two unknown voorwaarden of one overdracht) are two results for code scanning, not one
/// alert that hides the second; the first keeps the fingerprint it always had.
#[test]
fn sarif_fingerprints_keep_two_violations_on_one_item_apart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.yaml"), overdracht_naming("V1, V7, V8")).unwrap();
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "--as-of", "2025-06-30"])
        .args(["--format", "sarif", "d.yaml"])
        .output()
        .unwrap();
    let sarif = json(&out.stdout);
    let prints: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == "VT-D01")
        .map(|r| r["partialFingerprints"]["vtcheck/v1"].as_str().unwrap())
        .collect();
    assert_eq!(prints.len(), 2, "{sarif}");
    assert_ne!(prints[0], prints[1]);
    let item = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "VT-D01")
        .unwrap()["properties"]["item"]
        .as_str()
        .unwrap()
        .to_string();
    let dossier = sarif["runs"][0]["results"][0]["properties"]["dossier"]
        .as_str()
        .unwrap()
        .to_string();
    let first = sha256_hex(format!("{dossier}\u{0}VT-D01\u{0}{item}").as_bytes());
    assert_eq!(prints[0], &first[..32]);
}

/// `--pseudonymise` replaces a dossier id where a report names the dossier, not wherever its
/// characters occur: an id "2025" left the findings' dates ("op 20-03-P-…") rewritten, which
/// gave the id away beside the clear `observed` date. A waiver warning names the dossier by its
/// pseudonym, also when the id looks like text (which the plain report shows as an unkeyed
/// hash, computable from a list of dossier numbers).
#[test]
fn pseudonymise_rewrites_only_where_the_dossier_is_named() {
    let dir = tempfile::tempdir().unwrap();
    write_key(dir.path());
    let dossier = |id: &str| {
        format!(
            "formaat: vtdossier/1\nid: \"{id}\"\nregio: twente\nsoort: melding\nontvangen: 2025-03-06\n\
             melder: {{hoedanigheid: professional, rol: melder, bekend: true, anoniem_naar_betrokkenen: false}}\n\
             gebeurtenissen:\n  - {{soort: register_geraadpleegd, datum: 2025-03-06}}\n\
             \x20 - {{soort: veiligheidsbeoordeling, datum: 2025-03-20, besluit: einde_bemoeienis}}\n"
        )
    };
    std::fs::write(dir.path().join("a.yaml"), dossier("2025")).unwrap();
    std::fs::write(dir.path().join("b.yaml"), dossier("VT 2025/0001")).unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "- {dossier: \"VT 2025/0001\", regel: VT-T01, reden: x, goedgekeurd_door: y, verloopt: 2025-01-31}\n",
    )
    .unwrap();
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--as-of",
            "2025-06-30",
            "--format",
            "json",
        ])
        .args([
            "--waivers",
            "w.yaml",
            "--pseudonymise",
            "sleutel",
            "a.yaml",
            "b.yaml",
        ])
        .output()
        .unwrap();
    let j = json(&out.stdout);
    let t01: Vec<&Value> = findings_of(&j, "VT-T01");
    assert_eq!(t01.len(), 2, "{j}");
    for f in &t01 {
        let m = f["message"].as_str().unwrap();
        assert!(m.contains("op 20-03-2025") && !m.contains("P-"), "{m}");
        assert!(f["dossier"].as_str().unwrap().starts_with("P-"), "{f}");
    }
    let warning = j["warnings"][0]["message"].as_str().unwrap();
    let hidden = &sha256_hex(b"VT 2025/0001")[..8];
    assert!(
        warning.starts_with("ontheffing voor P-") && !warning.contains(hidden),
        "{warning}"
    );
    assert!(warning.contains("gold tot en met 31-01-2025"), "{warning}");
    let ids: Vec<&str> = t01.iter().map(|f| f["dossier"].as_str().unwrap()).collect();
    assert!(
        ids.iter().any(|p| warning.contains(p)),
        "the warning names the dossier's pseudonym: {warning} / {ids:?}"
    );
}

/// Two events of one kind on one day are numbered by what they say, not by where the file lists
/// them: with the two overdrachten of one day swapped, the violation is still `overdracht[2]`,
/// the baseline still knows it and the waiver still matches (it used to become `overdracht[1]`,
/// "new", and fail CI).
#[test]
fn same_day_events_keep_their_numbers_when_listed_the_other_way() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = |first: &str, second: &str| {
        format!(
            "formaat: vtdossier/1\nid: MB-2025-00900\nregio: midden-brabant\nsoort: melding\n\
             ontvangen: 2025-03-06\nmelder: {{hoedanigheid: professional, rol: melder, bekend: true}}\n\
             gebeurtenissen:\n  - {{soort: veiligheidsbeoordeling, datum: 2025-03-07, besluit: directe_overdracht}}\n\
             \x20 - {first}\n  - {second}\n"
        )
    };
    let a = "{soort: overdracht, datum: 2025-03-10, partij: Wijkteam A, schriftelijk: true, document: D1, warm: true}";
    let b = "{soort: overdracht, datum: 2025-03-10, partij: Wijkteam B, schriftelijk: false, warm: true}";
    for (d, (x, y)) in [("een", (a, b)), ("twee", (b, a))] {
        std::fs::create_dir(dir.path().join(d)).unwrap();
        std::fs::write(dir.path().join(d).join("a.yaml"), dossier(x, y)).unwrap();
    }
    std::fs::write(dir.path().join("sel.toml"), "select = [\"VT-O01\"]\n").unwrap();
    let run = |args: &[&str]| {
        vtcheck_in(dir.path())
            .args(["check", "--as-of", "2025-06-30", "--config", "sel.toml"])
            .args(args)
            .output()
            .unwrap()
    };
    let items = |out: &std::process::Output| -> Vec<String> {
        findings(&json(&out.stdout))
            .iter()
            .map(|f| format!("{} {}", f["item"], f["status"]))
            .collect()
    };
    let one = run(&["--format", "json", "een"]);
    let two = run(&["--format", "json", "twee"]);
    assert_eq!(items(&one), items(&two));
    assert_eq!(items(&one), ["\"overdracht[2]\" \"violation\""]);
    assert_eq!(
        run(&["--write-baseline", "b.json", "-o", "/dev/null", "een"])
            .status
            .code(),
        Some(1)
    );
    let against = run(&["--format", "json", "--baseline", "b.json", "twee"]);
    assert_eq!(against.status.code(), Some(0));
    assert_eq!(json(&against.stdout)["baseline"]["new"], 0);
}

/// A baseline used by a run that checks fewer rules (a CI job with its own `select`): the
/// baselined violations of the rules it leaves out are not checked, not resolved (they were
/// counted as resolved: "4 opgelost" for violations still in the export). Baselines of the
/// second schema (per rule, without dossiers) and the first (one list, without rule ids) are
/// still read.
#[test]
fn a_narrower_selection_does_not_resolve_what_it_did_not_check() {
    let dir = export_with_baseline();
    let written = json(&std::fs::read(dir.path().join("basis.json")).unwrap());
    assert_eq!(written["schema"], "vtcheck-baseline/3");
    // Per rule, per dossier key: flattened into schema 2's list per rule.
    let per_rule: serde_json::Map<String, Value> = written["violations"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(rule, per_dossier)| {
            let fps: Vec<Value> = per_dossier
                .as_object()
                .unwrap()
                .iter()
                .inspect(|(d, _)| assert_eq!(d.len(), 16, "dossier key {d}"))
                .flat_map(|(_, l)| l.as_array().unwrap().clone())
                .collect();
            (rule.clone(), Value::Array(fps))
        })
        .collect();
    let outside: usize = per_rule
        .iter()
        .filter(|(rule, _)| !rule.starts_with("VT-T"))
        .map(|(_, l)| l.as_array().unwrap().len())
        .sum();
    assert!(outside > 0, "{written}");
    std::fs::write(dir.path().join("sel.toml"), "select = [\"VT-T\"]\n").unwrap();
    let run = |base: &str| -> (Value, String) {
        let out = vtcheck_in(dir.path())
            .args([
                "check",
                "--config",
                "sel.toml",
                "--baseline",
                base,
                "--format",
                "json",
            ])
            .arg("export")
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let human = vtcheck_in(dir.path())
            .args([
                "check",
                "--config",
                "sel.toml",
                "--baseline",
                base,
                "export",
            ])
            .output()
            .unwrap();
        (
            json(&out.stdout)["baseline"].clone(),
            String::from_utf8(human.stdout).unwrap(),
        )
    };
    let v2 = serde_json::json!({"schema": "vtcheck-baseline/2", "violations": per_rule});
    std::fs::write(dir.path().join("v2.json"), v2.to_string()).unwrap();
    for base in ["basis.json", "v2.json"] {
        let (counts, human) = run(base);
        assert_eq!(counts["resolved"], 0, "{base}: {counts}");
        assert_eq!(counts["unchecked"], outside, "{base}: {counts}");
        assert!(
            human.contains(&format!(
                "0 opgelost; {outside} niet gecontroleerd (regel niet geselecteerd)."
            )),
            "{base}: {human}"
        );
    }
    // The same fingerprints in the first schema's one list: read, rules unknown, so the
    // narrower run cannot tell and counts them resolved as before.
    let all: Vec<Value> = per_rule
        .values()
        .flat_map(|l| l.as_array().unwrap().clone())
        .collect();
    let v1 = serde_json::json!({"schema": "vtcheck-baseline/1", "violations": all});
    std::fs::write(dir.path().join("oud.json"), v1.to_string()).unwrap();
    let (old, _) = run("oud.json");
    assert_eq!(old["resolved"], outside, "{old}");
    assert!(old.get("unchecked").is_none(), "{old}");
}

/// A dossier that was read but rejected (an input error) was not checked: its baselined
/// violations are not resolved but not checked ("3 opgelost" for three violations nobody
/// looked at, rev23), with and without `--pseudonymise`, and the exit code stays 2. The same id
/// checked in another file keeps its violations unchanged, not set aside.
#[test]
fn the_baselined_violations_of_an_invalid_dossier_are_not_resolved() {
    let dir = export_copy();
    write_key(dir.path());
    assert_eq!(
        baseline_of_export(dir.path(), "basis.json").status.code(),
        Some(1)
    );
    let keyed = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "export",
            "--pseudonymise",
            "sleutel",
        ])
        .args(["--write-baseline", "sleutel.json"])
        .output()
        .unwrap();
    assert_eq!(keyed.status.code(), Some(1));
    let json_of = |args: &[&str]| -> (Option<i32>, Value) {
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config", "--format", "json"])
            .args(args)
            .output()
            .unwrap();
        (out.status.code(), json(&out.stdout))
    };
    let (_, whole) = json_of(&["export"]);
    let of_106 = findings(&whole)
        .iter()
        .filter(|f| f["dossier"] == "MB-2024-00106" && f["status"] == "violation")
        .count();
    assert!(of_106 > 0, "the example dossier has violations");
    let file = dir.path().join("export/mb-2024-00106.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let broken = text.replace("ontvangen: 2024-11-04T13:15", "ontvangen: 2024-13-04T13:15");
    assert_ne!(broken, text);
    std::fs::write(&file, &broken).unwrap();
    for args in [
        vec!["--baseline", "basis.json", "export"],
        vec![
            "--baseline",
            "sleutel.json",
            "--pseudonymise",
            "sleutel",
            "export",
        ],
        vec![
            "--baseline",
            "basis.json",
            "--pseudonymise",
            "sleutel",
            "export",
        ],
    ] {
        let (code, report) = json_of(&args);
        assert_eq!(code, Some(2), "{args:?}");
        let b = &report["baseline"];
        assert_eq!(b["resolved"], 0, "{args:?}: {b}");
        assert_eq!(b["unchecked"], of_106, "{args:?}: {b}");
        assert_eq!(b["new"], 0, "{args:?}: {b}");
    }
    let human = vtcheck_in(dir.path())
        .args(["check", "--no-config", "--baseline", "basis.json", "export"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&human.stdout).contains(&format!(
            "0 opgelost; {of_106} niet gecontroleerd (dossier ongeldig)."
        )),
        "{}",
        String::from_utf8_lossy(&human.stdout)
    );
    // The valid dossier again, beside the invalid copy under another name: its violations are
    // met, so unchanged; nothing set aside, nothing new.
    std::fs::write(dir.path().join("export/kopie.yaml"), &text).unwrap();
    let (code, report) = json_of(&["--baseline", "basis.json", "export"]);
    assert_eq!(code, Some(2));
    let b = &report["baseline"];
    assert_eq!(
        (b["new"].as_u64(), b["resolved"].as_u64()),
        (Some(0), Some(0)),
        "{b}"
    );
    assert!(b.get("unchecked").is_none(), "{b}");
}

/// A baseline written by a run that did not check everything keeps what it did not check from
/// the baseline it was given (rev27: left out, those violations failed as new once the dossier
/// was fixed or the full selection ran again), and says what it cannot know. A rejected dossier
/// whose number cannot be read makes "opgelost" say it may hold its violations.
#[test]
fn a_baseline_written_by_a_partial_run_keeps_what_it_did_not_check() {
    let dir = export_with_baseline();
    let run = |args: &[&str]| -> (Option<i32>, String, String) {
        let out = vtcheck_in(dir.path())
            .args(["check", "--no-config"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let file = dir.path().join("export/mb-2024-00106.yaml");
    let good = std::fs::read_to_string(&file).unwrap();
    rewrite(
        &file,
        "ontvangen: 2024-11-04T13:15",
        "ontvangen: 2024-13-04T13:15",
    );
    let (code, _, err) = run(&[
        "--baseline",
        "basis.json",
        "--write-baseline",
        "nieuw.json",
        "export",
    ]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("1 ongeldig dossier niet gecontroleerd: de basislijn neemt van hen alleen over wat de vorige basislijn had"),
        "{err}"
    );
    // Fixed again: nothing new against the baseline written by the partial run.
    std::fs::write(&file, &good).unwrap();
    let (code, out, _) = run(&["--baseline", "nieuw.json", "export"]);
    assert_eq!(code, Some(0), "{out}");
    assert!(out.contains("Basislijn: 0 nieuw,"), "{out}");
    assert!(out.contains(" 0 opgelost."), "{out}");

    // A narrower selection writes a baseline that keeps the other rules' entries.
    std::fs::write(dir.path().join("sel.toml"), "select = [\"VT-T\"]\n").unwrap();
    let out = vtcheck_in(dir.path())
        .args(["check", "--config", "sel.toml", "--baseline", "basis.json"])
        .args(["--write-baseline", "smal.json", "export"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let (_, out, _) = run(&["--baseline", "smal.json", "export"]);
    assert!(out.contains("Basislijn: 0 nieuw,"), "{out}");
    assert!(out.contains(" 0 opgelost."), "{out}");

    // A rejected dossier without a readable number: "opgelost" may hold its violations.
    std::fs::write(
        &file,
        good.replacen("soort: melding", "soort: melding\nsoort: melding", 1),
    )
    .unwrap();
    let (code, out, _) = run(&["--baseline", "basis.json", "export"]);
    assert_eq!(code, Some(2));
    assert!(
        out.contains(
            "opgelost (of niet gecontroleerd: 1 ongeldig dossier zonder leesbaar dossiernummer)"
        ),
        "{out}"
    );
    let (_, json_out, _) = run(&["--baseline", "basis.json", "--format", "json", "export"]);
    assert_eq!(
        json(json_out.as_bytes())["baseline"]["rejected_without_id"],
        1
    );
}

/// A baseline rule that is not loaded at all (renamed in the rule files, or mistyped by hand)
/// is warned about at its key, with the nearest rule id, in stderr and in the JSON report's
/// warnings; a rule the run only leaves out (`select`) is not: that is what `select` is for.
#[test]
fn a_baseline_rule_that_is_not_loaded_is_warned_about_at_its_key() {
    let dir = export_with_baseline();
    let text = std::fs::read_to_string(dir.path().join("basis.json")).unwrap();
    assert!(text.contains("\"VT-O01\": {"), "{text}");
    let renamed = text.replace("\"VT-O01\": {", "\"VT-O1\": {");
    std::fs::write(dir.path().join("hernoemd.json"), &renamed).unwrap();
    let (line, col) = renamed
        .lines()
        .enumerate()
        .find_map(|(i, l)| l.find("\"VT-O1\"").map(|c| (i + 1, c + 1)))
        .unwrap();
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--no-config",
            "--baseline",
            "hernoemd.json",
            "export",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("waarschuwing: regel `VT-O1` uit de basislijn is niet geladen: "),
        "{err}"
    );
    assert!(
        err.contains(&format!("--> hernoemd.json:{line}:{col}")),
        "{err}"
    );
    assert!(err.contains("bedoelde je `VT-O01`?"), "{err}");
    let report = json(&out.stdout);
    let warnings = report["warnings"].as_array().unwrap();
    let w = warnings
        .iter()
        .find(|w| w["message"].as_str().unwrap().contains("`VT-O1`"))
        .unwrap_or_else(|| panic!("{warnings:?}"));
    assert_eq!(
        (w["line"].as_u64(), w["column"].as_u64()),
        (Some(line as u64), Some(col as u64))
    );
    assert!(report["baseline"]["unchecked"].as_u64().unwrap() > 0);

    // Left out by `select`, the rule is loaded: no warning.
    std::fs::write(dir.path().join("sel.toml"), "select = [\"VT-T\"]\n").unwrap();
    let out = vtcheck_in(dir.path())
        .args([
            "check",
            "--config",
            "sel.toml",
            "--baseline",
            "basis.json",
            "export",
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("niet geladen"), "{err}");
}

/// A waiver of a dossier that was read but rejected (invalid) is not called stale: nothing could
/// meet it, and "verouderd?" would invite deleting a waiver that is still needed.
#[test]
fn a_waiver_of_an_invalid_dossier_is_not_called_stale() {
    let dir = export_copy();
    rewrite(
        &dir.path().join("export/mb-2024-00106.yaml"),
        "ontvangen: 2024-11-04T13:15",
        "ontvangen: 2024-13-04T13:15",
    );
    std::fs::write(
        dir.path().join("w.yaml"),
        "- dossier: MB-2024-00106\n  regel: VT-O01\n  reden: Document volgt\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2025-12-31\n",
    )
    .unwrap();
    let out = vtcheck_in(dir.path())
        .args(["check", "--no-config", "--format", "json"])
        .args(["--waivers", "w.yaml", "export"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let j = json(&out.stdout);
    assert_eq!(j["inputs"]["invalid"], 1);
    assert_eq!(j["warnings"], serde_json::json!([]), "{}", j["warnings"]);
}

/// A waiver accepts a violation. One that matches an `open` deadline (written ahead of time) or
/// an `exempt` outcome leaves them as they are and is in use, not "verouderd?"; once the
/// deadline has passed it waives the violation. (A waived open was a suppressed `fail` of
/// level `error` in SARIF, and a waiver of an exempt finding was called stale.)
#[test]
fn a_waiver_changes_only_a_violation_and_is_in_use_for_the_other_findings() {
    let dir = tempfile::tempdir().unwrap();
    let melder = r#""melder": {"hoedanigheid": "professional", "rol": "melder", "bekend": true, "anoniem_naar_betrokkenen": false}, "betrokkenen": [{"id": "P1", "rol": "ouder"}]"#;
    let open = format!(
        r#"{{"formaat": "vtdossier/1", "id": "UT-9", "regio": "utrecht", "soort": "melding", "ontvangen": "2025-06-24", {melder}, "gebeurtenissen": []}}"#
    );
    let exempt = format!(
        r#"{{"formaat": "vtdossier/1", "id": "UT-EX", "regio": "utrecht", "soort": "melding", "ontvangen": "2025-03-03", {melder}, "gebeurtenissen": [{{"soort": "register_geraadpleegd", "datum": "2025-03-03"}}, {{"soort": "veiligheidsbeoordeling", "datum": "2025-03-04", "besluit": "einde_bemoeienis"}}, {{"soort": "melder_geinformeerd", "datum": "2025-03-04", "over": "uitkomst_beoordeling"}}, {{"soort": "informeren_uitgesteld", "datum": "2025-03-05", "reden": "gevaar"}}]}}"#
    );
    std::fs::write(dir.path().join("d.jsonl"), format!("{open}\n{exempt}\n")).unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "- {dossier: UT-9, regel: VT-T01, reden: x, goedgekeurd_door: kf, verloopt: 2025-12-31}\n\
         - {dossier: UT-EX, regel: VT-T04, reden: x, goedgekeurd_door: kf, verloopt: 2025-12-31}\n",
    )
    .unwrap();
    let run = |as_of: &str, format: &str| {
        vtcheck_in(dir.path())
            .args(["check", "--no-config", "--as-of", as_of, "--format", format])
            .args(["--waivers", "w.yaml", "d.jsonl"])
            .output()
            .unwrap()
    };
    let status = |j: &Value, dossier: &str, rule: &str| {
        findings(j)
            .iter()
            .find(|f| f["dossier"] == dossier && f["rule"] == rule)
            .map(|f| f["status"].as_str().unwrap().to_string())
    };
    let j = json(&run("2025-06-30", "json").stdout);
    assert_eq!(status(&j, "UT-9", "VT-T01").as_deref(), Some("open"));
    assert_eq!(status(&j, "UT-EX", "VT-T04").as_deref(), Some("exempt"));
    assert_eq!(j["warnings"], serde_json::json!([]), "in use, not stale");
    assert_eq!(j["summary"]["VT-T01"]["waived"], 0);
    // SARIF: the open deadline is no suppressed failure.
    let sarif = json(&run("2025-06-30", "sarif").stdout);
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let t01 = results
        .iter()
        .find(|r| r["ruleId"] == "VT-T01" && r["properties"]["dossier"] == "UT-9")
        .unwrap();
    assert_eq!(
        (&t01["kind"], &t01["level"]),
        (&"open".into(), &"none".into())
    );
    assert!(t01.get("suppressions").is_none(), "{t01}");
    // After the due date (01-07-2025) the violation is waived.
    let j = json(&run("2025-07-02", "json").stdout);
    assert_eq!(status(&j, "UT-9", "VT-T01").as_deref(), Some("waived"));
    assert_eq!(j["summary"]["VT-T01"]["waived"], 1);
}
