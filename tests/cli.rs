//! The command line as users and CI scripts call it.

use predicates::prelude::*;
use serde_json::Value;
mod common;
use common::{assert_exit, check_json, findings, findings_of, json, vtcheck};

const GOOD: &str = "formaat: vtdossier/1
id: GOED-1
regio: utrecht
soort: melding
ontvangen: 2025-03-07
melder: {hoedanigheid: professional, rol: melder, bekend: true}
betrokkenen:
  - {id: P1, rol: ouder}
gebeurtenissen:
  - soort: register_geraadpleegd
    datum: 2025-03-10
  - soort: veiligheidsbeoordeling
    datum: 2025-03-14
    besluit: directe_overdracht
  - soort: melder_geinformeerd
    datum: 2025-03-13
    over: uitkomst_beoordeling
  - soort: betrokkenen_geinformeerd
    datum: 2025-03-13
    over: uitkomst_beoordeling
";

/// `vtcheck check --no-config ARGS` run in `dir` (paths in `args` relative to it).
fn check_in(dir: &std::path::Path, args: &[&str]) -> std::process::Output {
    vtcheck()
        .current_dir(dir)
        .args(["check", "--no-config"])
        .args(args)
        .output()
        .unwrap()
}

/// `vtcheck check --no-config --as-of 2025-06-30 --format FORMAT PATH` run in `dir`, for a PATH
/// that need not be UTF-8.
fn check_path_in(
    dir: &std::path::Path,
    format: &str,
    path: impl AsRef<std::ffi::OsStr>,
) -> std::process::Output {
    vtcheck()
        .current_dir(dir)
        .args([
            "check",
            "--no-config",
            "--as-of",
            "2025-06-30",
            "--format",
            format,
        ])
        .arg(path)
        .output()
        .unwrap()
}

/// The findings of `vtcheck check --format json --rules RULES DOSSIER` (as-of 2025-06-30).
fn findings_with_rules(rules: &std::path::Path, dossier: &std::path::Path) -> Vec<Value> {
    let out = vtcheck()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2025-06-30",
            "--rules",
        ])
        .arg(rules)
        .arg(dossier)
        .output()
        .unwrap();
    json(&out.stdout)["findings"]
        .as_array()
        .expect("a findings array")
        .clone()
}

#[test]
fn impossible_date_is_a_located_error_and_the_rest_is_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), GOOD).unwrap();
    std::fs::write(dir.path().join("b.yaml"), GOOD.replace("GOED-1", "GOED-2")).unwrap();
    std::fs::write(
        dir.path().join("kapot.yaml"),
        GOOD.replace("GOED-1", "KAPOT")
            .replace("2025-03-07", "2024-02-30"),
    )
    .unwrap();
    let out = vtcheck()
        .args(["check", "--format", "json", "--as-of", "2025-06-30"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let j = json(&out.stdout);
    // Three dossiers read: two checked, one rejected.
    assert_eq!(j["inputs"]["dossiers"], 3);
    assert_eq!(j["inputs"]["invalid"], 1);
    let err = &j["errors"][0];
    assert!(err["file"].as_str().unwrap().ends_with("kapot.yaml"));
    assert_eq!(err["line"], 5);
    assert_eq!(err["column"], 12);
    // Why, not the value: digits and dashes in a dossier may be a phone number as well as a date.
    let message = err["message"].as_str().unwrap();
    assert!(
        message.contains("30 is geen dag van deze maand"),
        "{message}"
    );
    assert!(!message.contains("2024-02-30"), "{message}");
    assert_eq!(j["summary"]["VT-T01"]["applicable"], 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("kapot.yaml:5:12"), "{stderr}");
}

#[test]
fn late_assessment_gives_exit_1_with_due_and_observed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("laat.yaml"),
        GOOD.replace(
            "datum: 2025-03-14\n    besluit",
            "datum: 2025-03-17\n    besluit",
        ),
    )
    .unwrap();
    let out = vtcheck()
        .args(["check", "--format", "json", "--as-of", "2025-06-30"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let j = json(&out.stdout);
    let f = findings(&j)
        .iter()
        .find(|f| f["rule"] == "VT-T01")
        .expect("VT-T01 finding");
    assert_eq!(f["status"], "violation");
    assert_eq!(f["due"], "2025-03-14");
    assert_eq!(f["observed"], "2025-03-17");
    assert_eq!(f["location"]["line"], 12);
}

#[test]
fn output_is_byte_identical_with_one_or_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for i in 0..300 {
        let d = GOOD.replace("GOED-1", &format!("D-{i:04}")).replace(
            "2025-03-14",
            if i % 3 == 0 {
                "2025-03-20"
            } else {
                "2025-03-14"
            },
        );
        // YAML to JSON through the tool's own reader would be circular; write a YAML stream.
        lines.push_str(&d);
        lines.push_str("---\n");
    }
    std::fs::write(dir.path().join("veel.yaml"), lines).unwrap();
    let run = |j: &str| {
        vtcheck()
            .args([
                "check",
                "--format",
                "json",
                "--as-of",
                "2025-06-30",
                "-j",
                j,
            ])
            .arg(dir.path())
            .output()
            .unwrap()
            .stdout
    };
    let one = run("1");
    assert_eq!(json(&one)["inputs"]["dossiers"], 300);
    assert_eq!(one, run("2"));
}

#[test]
fn reads_json_lines_from_stdin() {
    let line = r#"{"formaat":"vtdossier/1","id":"J-1","regio":"zeeland","soort":"advies","ontvangen":"2025-01-06","betrokkenen":[{"id":"P1"}]}"#;
    let out = vtcheck()
        .args(["check", "--format", "json", "--as-of", "2025-06-30", "-"])
        .write_stdin(format!("{line}\n\n{}\n", line.replace("J-1", "J-2")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let j = json(&out.stdout);
    assert_eq!(j["inputs"]["dossiers"], 2);
    let a01: Vec<&Value> = findings_of(&j, "VT-A01");
    assert_eq!(a01.len(), 2);
    assert_eq!(a01[0]["location"]["file"], "-");
    assert_eq!(a01[1]["location"]["line"], 3);
}

#[test]
fn explain_shows_norm_source_counting_and_yaml() {
    vtcheck()
        .args(["explain", "vt-t01"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "VT-T01 — Veiligheidsbeoordeling binnen 5 werkdagen",
        ))
        .stdout(predicate::str::contains("Koningsdag 26-04-2025"))
        .stdout(predicate::str::contains("eenheid: werkdagen"));
    vtcheck()
        .args(["explain", "VT-T1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("bedoelde je `VT-T01`?"));
}

#[test]
fn rules_lists_the_catalogue() {
    let out = vtcheck().arg("rules").output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 32);
    assert!(text.contains("VT-V05"));
}

/// `vtcheck check --rules DIR/eigen.yaml DIR` with `rules` written as `eigen.yaml`.
fn check_with_rule_file(dir: &std::path::Path, rules: &str) -> assert_cmd::assert::Assert {
    std::fs::write(dir.join("eigen.yaml"), rules).unwrap();
    vtcheck()
        .args(["check", "--rules"])
        .arg(dir.join("eigen.yaml"))
        .arg(dir)
        .assert()
}

#[test]
fn a_broken_rule_file_stops_before_any_dossier_with_its_location() {
    let dir = tempfile::tempdir().unwrap();
    let rules = "regelset: eigen\nversie: \"1\"\nregels:\n  - id: X-01\n    titel: t\n    ernst: error\n    bron: b\n    toelichting: t\n    controle:\n      soort: termijn\n      start: ontvangen\n      doel: veiligheidsbeoordelng\n      termijn: {aantal: 3, eenheid: werkdagen}\n    meldingen:\n      overtreding: x\n";
    check_with_rule_file(dir.path(), rules)
        .code(2)
        .stderr(predicate::str::contains("eigen.yaml:12:13"))
        .stderr(predicate::str::contains(
            "bedoelde je `veiligheidsbeoordeling`?",
        ));
}

/// A term beyond the upper bound says the bound, not "0 of meer" (which it is).
#[test]
fn a_term_too_large_names_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let rules = "regelset: eigen\nversie: \"1\"\nregels:\n  - id: X-01\n    titel: t\n    ernst: error\n    bron: b\n    toelichting: t\n    controle:\n      soort: termijn\n      start: ontvangen\n      doel: veiligheidsbeoordeling\n      termijn: {aantal: 1000000000, eenheid: werkdagen}\n    meldingen:\n      overtreding: x\n";
    check_with_rule_file(dir.path(), rules)
        .code(2)
        .stderr(predicate::str::contains("eigen.yaml:13:25"))
        .stderr(predicate::str::contains(
            "`aantal` moet een geheel getal van 0 tot en met 100000 zijn",
        ));
}

/// A mistyped `--rules` path, or a directory without rule files, must not quietly fall back to the
/// embedded rules: exit 2 before any dossier, and no report on standard output.
#[test]
fn a_missing_or_empty_rules_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.yaml"), GOOD).unwrap();
    std::fs::create_dir(dir.path().join("leeg")).unwrap();
    for (path, message) in [
        ("bestaat-niet", "regelbestand kan niet gelezen worden"),
        ("leeg", "geen regelbestanden gevonden"),
    ] {
        vtcheck()
            .args(["check", "--format", "json", "--rules"])
            .arg(dir.path().join(path))
            .arg(dir.path().join("d.yaml"))
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(message));
    }
}

/// What goes wrong with files is said in Dutch, like the rest ("Human output is Dutch"): the
/// YAML reader's syntax errors and the operating system's I/O errors are worded in English.
#[test]
fn yaml_syntax_and_io_errors_are_dutch() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("d.yaml"), GOOD).unwrap();
    let bad = [
        (
            "haakje.yaml",
            "formaat: vtdossier/1\nid: \"Y-1\"\nacuut: [true\n",
            "haakje",
        ),
        (
            "punt.yaml",
            "formaat: vtdossier/1\nid: a: b\n",
            "dubbele punt",
        ),
        (
            "quote.yaml",
            "formaat: vtdossier/1\nid: \"Y-1\n",
            "aanhalingstek",
        ),
    ];
    for (name, text, dutch) in bad {
        std::fs::write(dir.path().join(name), text).unwrap();
        let out = check_in(dir.path(), &["--format", "json", name]);
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("ongeldige YAML") && err.contains(dutch),
            "{name}: {err}"
        );
        let report = json(&out.stdout);
        let message = report["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains(dutch), "{name}: {message}");
    }
    std::fs::create_dir(dir.path().join("uit")).unwrap();
    let english = [
        "No such file",
        "os error",
        "Is a directory",
        "unclosed",
        "mapping values",
    ];
    let runs = [
        check_in(dir.path(), &["--rules", "bestaat-niet", "d.yaml"]),
        check_in(dir.path(), &["-o", "uit", "d.yaml"]),
        check_in(dir.path(), &["--pseudonymise", "geen-sleutel", "d.yaml"]),
    ];
    for (out, dutch) in runs
        .iter()
        .zip(["bestaat niet", "is een map", "bestaat niet"])
    {
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(dutch), "{err}");
        assert!(!english.iter().any(|e| err.contains(e)), "{err}");
    }
}

#[test]
fn a_term_changed_in_yaml_changes_the_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let termijnen =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/termijnen.yaml"))
            .unwrap();
    let strict = termijnen.replacen(
        "{aantal: 5, eenheid: werkdagen}",
        "{aantal: 3, eenheid: werkdagen}",
        1,
    );
    std::fs::create_dir(dir.path().join("regels")).unwrap();
    std::fs::write(dir.path().join("regels/termijnen.yaml"), strict).unwrap();
    std::fs::write(dir.path().join("d.yaml"), GOOD).unwrap();
    let j = findings_with_rules(&dir.path().join("regels"), &dir.path().join("d.yaml"));
    let f = j.iter().find(|f| f["rule"] == "VT-T01").expect("now late");
    assert_eq!(f["due"], "2025-03-12");
}

/// A quality officer's own rule with the `frase` test: a phrase list in the lexicon syntax, no
/// code. A voorwaarde with "mag ... niet" is flagged, one without is not; a broken phrase is a
/// located error before any dossier is read.
#[test]
fn a_phrase_rule_written_in_yaml_flags_the_phrase() {
    let dir = tempfile::tempdir().unwrap();
    let rule = |frase: &str| {
        format!(
            "regelset: eigen\nversie: \"1\"\nregels:\n  - id: EIGEN-01\n    titel: Geen verbod\n    ernst: warning\n    bron: eigen\n    toelichting: Een verbod zonder alternatief.\n    controle:\n      soort: per_item\n      items: voorwaarden\n      eis:\n        niet:\n          veld: tekst\n          frase: {frase}\n    meldingen:\n      overtreding: \"{{item}} bevat een verbod.\"\n"
        )
    };
    std::fs::write(
        dir.path().join("eigen.yaml"),
        rule("[\"mag/mogen ... niet/geen\", verboden]"),
    )
    .unwrap();
    let dossier = GOOD.replace(
        "gebeurtenissen:",
        "situaties:\n  - {id: S1, omschrijving: Ruzie., prioriteit: 1}\nvoorwaarden:\n  - {id: V1, situatie: S1, tekst: Vader mag de kinderen niet ophalen.}\n  - {id: V2, situatie: S1, tekst: Oma haalt de kinderen elke dag om 15.00 uur op.}\ngebeurtenissen:",
    );
    std::fs::write(dir.path().join("d.yaml"), dossier).unwrap();
    let j = findings_with_rules(&dir.path().join("eigen.yaml"), &dir.path().join("d.yaml"));
    let items: Vec<&str> = j
        .iter()
        .filter(|f| f["rule"] == "EIGEN-01")
        .map(|f| f["item"].as_str().unwrap())
        .collect();
    assert_eq!(items, ["V1"]);

    // A broken rule file: exit 2 before any dossier is read, and its errors.
    let refused = |text: &str| -> String {
        std::fs::write(dir.path().join("eigen.yaml"), text).unwrap();
        let out = vtcheck()
            .args(["check", "--as-of", "2025-06-30", "--rules"])
            .arg(dir.path().join("eigen.yaml"))
            .arg(dir.path().join("d.yaml"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let err = refused(&rule("[\"mag ... \"]"));
    assert!(err.contains("eigen.yaml:"), "{err}");
    assert!(
        err.contains("'...' moet tussen twee woorden staan"),
        "{err}"
    );
    // In a longer list, the wrong phrase is marked, not the list.
    let text =
        rule("\n            - verboden\n            - \"mag ... \"\n            - onwenselijk");
    let err = refused(&text);
    let line = text[..text.find("\"mag ... \"").unwrap()]
        .matches('\n')
        .count()
        + 1;
    assert!(err.contains(&format!("eigen.yaml:{line}:15")), "{err}");
}

/// `-o /dev/null` (or any device or pipe) is written in place: an atomic rename over it would
/// replace the device with a regular file. Tested with a FIFO, never with the real /dev/null.
#[cfg(unix)]
#[test]
fn output_to_a_fifo_writes_into_it_and_leaves_it_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("rapport.fifo");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates the node.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    vtcheck()
        .args(["check", "--format", "json", "--as-of", "2025-06-30", "-o"])
        .arg(&fifo)
        .assert()
        .code(predicate::in_iter([0, 1]));
    let text = reader.join().unwrap();
    let v: Value = serde_json::from_str(&text).expect("the report came through the FIFO");
    assert_eq!(v["schema"], "vtcheck-report/1");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

/// File names that are no UTF-8 (an export unpacked from a zip in an old code page) stay two
/// names: each byte that is no UTF-8 is shown as `\xNN`, so a repeated id names the other file,
/// not seemingly itself; SARIF's URI has the byte itself; such a name is taken as a PATH too
/// (rev57 F1).
#[cfg(unix)]
#[test]
fn file_names_that_are_no_utf8_stay_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = |b: &[u8]| dir.path().join(std::ffi::OsStr::from_bytes(b));
    std::fs::write(name(b"x\xfe.yaml"), GOOD).unwrap();
    std::fs::write(name(b"x\xff.yaml"), GOOD).unwrap();
    let out = check_path_in(dir.path(), "json", ".");
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["file"], "./x\\xFF.yaml");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("ook in ./x\\xFE.yaml:1:1"),
        "{errors:?}"
    );
    let out = check_path_in(
        dir.path(),
        "sarif",
        std::ffi::OsStr::from_bytes(b"x\xff.yaml"),
    );
    assert_ne!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sarif = String::from_utf8_lossy(&out.stdout);
    assert!(sarif.contains("\"uri\": \"x%FF.yaml\""), "{sarif}");
    // GitHub keeps the `\xNN` too: a U+FFFD would make it one with another file (rev60 R2).
    let out = check_path_in(
        dir.path(),
        "github",
        std::ffi::OsStr::from_bytes(b"x\xff.yaml"),
    );
    let github = String::from_utf8_lossy(&out.stdout);
    assert!(github.contains("file=x\\xFF.yaml"), "{github}");
    // A name that holds `\xFF` literally (a backslash: a zip made on Windows) is another name,
    // with its backslash shown as `\\` and in SARIF as `%5C` (rev58 F1, F7).
    std::fs::remove_file(name(b"x\xfe.yaml")).unwrap();
    std::fs::write(name(b"x\\xFF.yaml"), GOOD).unwrap();
    let out = check_path_in(dir.path(), "json", ".");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let error = &v["errors"][0];
    assert_eq!(error["file"], "./x\\xFF.yaml", "{error}");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("ook in ./x\\\\xFF.yaml:1:1"),
        "{error}"
    );
    let out = check_path_in(dir.path(), "sarif", "x\\xFF.yaml");
    let sarif = String::from_utf8_lossy(&out.stdout);
    assert!(sarif.contains("\"uri\": \"x%5CxFF.yaml\""), "{sarif}");
}

/// What vtcheck reads again by a file's shown name finds the file when the name has a backslash
/// or a byte that is no UTF-8: the rows of a CSV file keep their lines in SARIF, and an error in
/// `vtcheck.toml` keeps the lines around it; GitHub annotations name the real file (rev59 N1,
/// N3, N5).
#[cfg(unix)]
#[test]
fn files_with_odd_names_are_found_again() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    generated_csv_lines(dir.path(), 20);
    for name in [&b"a\\b.csv"[..], b"a\xe9.csv"] {
        let name = std::ffi::OsStr::from_bytes(name);
        std::fs::copy(dir.path().join("x.csv"), dir.path().join(name)).unwrap();
        let out = check_path_in(dir.path(), "sarif", name);
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        let results = v["runs"][0]["results"].as_array().unwrap();
        assert!(!results.is_empty());
        for r in results {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert!(
                region["startLine"].as_u64().is_some_and(|l| l > 1),
                "{name:?}: {r}"
            );
        }
    }
    let out = check_path_in(dir.path(), "github", "a\\b.csv");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("file=a\\b.csv,line="), "{text}");
    let conf = dir.path().join("c\\d");
    std::fs::create_dir(&conf).unwrap();
    std::fs::write(conf.join("vtcheck.toml"), "fail_levl = \"error\"\n").unwrap();
    let out = vtcheck()
        .current_dir(dir.path())
        .args(["check", "--config", "c\\d/vtcheck.toml", "x.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--> c\\\\d/vtcheck.toml:1:1"), "{err}");
    assert!(
        err.contains("1 │ fail_levl"),
        "the lines around the error: {err}"
    );
}

/// A report written with `-o` has the mode `File::create` gives, as `generate --out`'s file has:
/// 0666 less the umask, so a CI step running as another user can read the SARIF or JUnit file.
#[cfg(unix)]
#[test]
fn a_report_file_follows_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), GOOD).unwrap();
    for (umask, mode) in [("022", 0o644), ("077", 0o600), ("002", 0o664)] {
        let report = format!("r{umask}.sarif");
        let generated = format!("g{umask}.jsonl");
        for args in [
            &[
                "check",
                "--no-config",
                "a.yaml",
                "--format",
                "sarif",
                "-o",
                &report,
            ][..],
            &[
                "generate",
                "--dossiers",
                "1",
                "--seed",
                "1",
                "--out",
                &generated,
            ],
        ] {
            // The umask as a CI step's shell sets it.
            let out = std::process::Command::new("sh")
                .current_dir(dir.path())
                .args(["-c", &format!("umask {umask} && exec \"$0\" \"$@\"")])
                .arg(env!("CARGO_BIN_EXE_vtcheck"))
                .args(args)
                .output()
                .unwrap();
            assert!(
                out.status.code().is_some_and(|c| c < 2),
                "{args:?}: {out:?}"
            );
        }
        for file in [report, generated] {
            let m = std::fs::metadata(dir.path().join(&file)).unwrap();
            let got = m.permissions().mode() & 0o777;
            assert_eq!(got, mode, "{file}: {got:o}, not {mode:o}");
        }
    }
}

/// `-` as an output path is standard output, as it is for inputs, for every option that writes a
/// file; never a file called `-`. Two outputs cannot share standard output.
#[test]
fn dash_as_output_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), GOOD).unwrap();
    let run = |args: &[&str]| {
        vtcheck()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap()
    };
    let check = ["check", "--no-config", "a.yaml", "--as-of", "2025-06-30"];
    let report = run(&[&check[..], &["--format", "json", "-o", "-"]].concat());
    assert_eq!(json(&report.stdout)["schema"], "vtcheck-report/1");
    let compare = run(&[
        "compare",
        "--no-config",
        "a.yaml",
        "--format",
        "json",
        "-o",
        "-",
    ]);
    assert_eq!(json(&compare.stdout)["schema"], "vtcheck-compare/1");
    let generated = run(&["generate", "--dossiers", "2", "--seed", "1", "--out", "-"]);
    assert_eq!(
        String::from_utf8_lossy(&generated.stdout).lines().count(),
        2
    );
    let docs = run(&["rules", "docs", "-o", "-"]);
    assert!(String::from_utf8_lossy(&docs.stdout).starts_with("# Regels van vtcheck"));
    let baseline = run(&[&check[..], &["--write-baseline", "-", "-o", "rapport.txt"]].concat());
    assert_eq!(json(&baseline.stdout)["schema"], "vtcheck-baseline/3");
    assert!(dir.path().join("rapport.txt").exists());
    let yaml_dir = "generate --dossiers 1 --seed 1 --format yaml-dir --out -";
    for (args, message) in [
        (
            [&check[..], &["--write-baseline", "-"]].concat(),
            "allebei naar standaarduitvoer",
        ),
        (
            [&check[..], &["--write-baseline", "-", "-o", "-"]].concat(),
            "allebei naar standaarduitvoer",
        ),
        (yaml_dir.split(' ').collect(), "schrijft een map"),
    ] {
        let out = run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(message), "{args:?}: {err}");
    }
    assert!(!dir.path().join("-").exists(), "a file named -");
}

/// The standard error `vtcheck ARGS` writes to a terminal (a pseudo-terminal), under CI or not,
/// when its standard input (JSON Lines) arrives `pause` after it starts waiting for it; and how
/// long the run took, from start to exit.
#[cfg(target_os = "linux")]
fn stderr_on_a_terminal(
    args: &[&str],
    stdin: &str,
    pause: std::time::Duration,
    ci: bool,
) -> (String, std::time::Duration) {
    use std::io::{Read, Write};
    use std::os::fd::FromRawFd;
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty only writes the two descriptors; no name, settings or size are asked for.
    let r = unsafe {
        libc::openpty(
            &mut master,
            &mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(r, 0, "openpty");
    // SAFETY: both descriptors are open and owned by nothing else.
    let (mut master, slave) = unsafe {
        (
            std::fs::File::from_raw_fd(master),
            std::fs::File::from_raw_fd(slave),
        )
    };
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_vtcheck"));
    if ci {
        cmd.env("CI", "true");
    } else {
        cmd.env_remove("CI");
    }
    let spawned = std::time::Instant::now();
    let mut child = cmd
        .env("NO_COLOR", "1")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(slave)
        .spawn()
        .unwrap();
    // The command holds its copy of the terminal's end until dropped.
    drop(cmd);
    // A loaded machine may take a while to start it: the pause counts from the moment a thread
    // of it waits for the pipe (the reader, started after the progress bar), as the kernel
    // reports; after 20 s it counts from then.
    let reading = || {
        std::fs::read_dir(format!("/proc/{}/task", child.id()))
            .into_iter()
            .flatten()
            .flatten()
            .any(|t| {
                std::fs::read_to_string(t.path().join("wchan"))
                    .is_ok_and(|w| w.contains("pipe_read"))
            })
    };
    let started = std::time::Instant::now();
    while !pause.is_zero() && !reading() && started.elapsed() < std::time::Duration::from_secs(20) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    std::thread::sleep(pause);
    let mut input = child.stdin.take().unwrap();
    input.write_all(stdin.as_bytes()).unwrap();
    drop(input);
    child.wait().unwrap();
    let took = spawned.elapsed();
    // The child is gone and held the last end of the terminal: reading ends after its output
    // (Linux reports that as an error, EIO).
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n @ 1..) = master.read(&mut buf) {
        out.extend_from_slice(&buf[..n]);
    }
    (String::from_utf8_lossy(&out).into_owned(), took)
}

/// The progress bar is for long runs: on a terminal it appears once a run has lasted a second,
/// a run that ends sooner draws none, and under CI none ever appears.
#[cfg(target_os = "linux")]
#[test]
fn the_progress_bar_appears_only_when_a_run_lasts() {
    let line = r#"{"formaat":"vtdossier/1","id":"J-1","regio":"zeeland","soort":"advies","ontvangen":"2025-01-06"}
"#;
    let args = ["check", "--no-config", "-", "--as-of", "2025-06-30"];
    let (quick, slow) = (
        std::time::Duration::ZERO,
        std::time::Duration::from_millis(1500),
    );
    // A machine loaded enough to stretch the quick run past the delay rightly shows the bar:
    // judged only when the run was quick (a debug build takes about 0.3 s).
    let (drawn, took) = stderr_on_a_terminal(&args, line, quick, false);
    if took < std::time::Duration::from_millis(900) {
        assert!(!drawn.contains("dossiers"), "{took:?}: {drawn:?}");
    }
    let (drawn, _) = stderr_on_a_terminal(&args, line, slow, false);
    assert!(drawn.contains("dossiers"), "{drawn:?}");
    let (drawn, _) = stderr_on_a_terminal(&args, line, slow, true);
    assert!(!drawn.contains("dossiers"), "{drawn:?}");
}

/// A melding received Monday 14-04-2025 without a veiligheidsbeoordeling: its VT-T01 term of 5
/// werkdagen crosses Goede Vrijdag (18-04) and Tweede Paasdag (21-04).
fn easter_dossier(dir: &std::path::Path) -> std::path::PathBuf {
    let dossier = dir.join("gv.yaml");
    std::fs::write(
        &dossier,
        "formaat: vtdossier/1\nid: GV-1\nregio: utrecht\nsoort: melding\nontvangen: 2025-04-14\n\
         melder: {hoedanigheid: professional, rol: melder, bekend: true}\nbetrokkenen: []\n\
         gebeurtenissen: []\n",
    )
    .unwrap();
    dossier
}

/// The due date of the VT-T01 finding in a JSON report.
fn t01_due(out: &std::process::Output) -> Value {
    findings(&json(&out.stdout))
        .iter()
        .find(|f| f["rule"] == "VT-T01")
        .expect("a VT-T01 finding")["due"]
        .clone()
}

/// A deadline rule that cannot tell whether it applies (no `melder`, so no `melder.rol`) still
/// gives its term: `due` is set for deadline findings (cli-contract.md), and the term from
/// `ontvangen` does not hang on the missing value. `observed` is the event's date if there is one.
#[test]
fn an_undecided_deadline_rule_still_gives_its_due_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.yaml");
    let base =
        "formaat: vtdossier/1\nid: E-1\nregio: utrecht\nsoort: melding\nontvangen: 2024-03-04\n";
    for (events, observed) in [
        ("", Value::Null),
        (
            "gebeurtenissen:\n  - {soort: melder_geinformeerd, datum: 2024-03-08, over: uitkomst_beoordeling}\n",
            Value::from("2024-03-08"),
        ),
    ] {
        std::fs::write(&path, format!("{base}{events}")).unwrap();
        let out = check_json("2024-06-30").arg(&path).output().unwrap();
        let j = json(&out.stdout);
        let t03 = findings_of(&j, "VT-T03");
        assert_eq!(t03.len(), 1, "{t03:?}");
        assert_eq!(t03[0]["status"], "unassessable");
        assert_eq!(t03[0]["due"], "2024-03-11");
        assert_eq!(t03[0]["observed"], observed);
    }
}

/// `goede_vrijdag = false` in `[calendar]` makes Good Friday a working day, as README and the
/// config documentation say; `true` and no setting keep it a holiday (Algemene termijnenwet).
#[test]
fn goede_vrijdag_false_makes_good_friday_a_working_day() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = easter_dossier(dir.path());
    let due = |config: Option<&str>| {
        let mut cmd = vtcheck();
        cmd.args(["check", "--format", "json", "--as-of", "2025-06-30"]);
        match config {
            Some(text) => {
                let path = dir.path().join("vtcheck.toml");
                std::fs::write(&path, text).unwrap();
                cmd.arg("--config").arg(path);
            }
            None => {
                cmd.arg("--no-config");
            }
        }
        t01_due(&cmd.arg(&dossier).output().unwrap())
    };
    assert_eq!(due(None), "2025-04-23");
    assert_eq!(
        due(Some("[calendar]\ngoede_vrijdag = true\n")),
        "2025-04-23"
    );
    assert_eq!(
        due(Some("[calendar]\ngoede_vrijdag = false\n")),
        "2025-04-22"
    );
}

/// The `[calendar]` settings reach the holidays that carry their `instelling` in the calendar
/// file, not a holiday name in the code: an own calendar without it gets a warning that the
/// setting changes nothing, and an unknown `instelling` is an error in the calendar (exit 2).
#[test]
fn calendar_settings_follow_the_instelling_of_the_calendar_file() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = easter_dossier(dir.path());
    let due = t01_due;
    let embedded = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/kalender.yaml"),
    )
    .unwrap();
    assert!(embedded.contains("instelling: goede_vrijdag"));
    let run = |calendar: &str| {
        std::fs::write(dir.path().join("k.yaml"), calendar).unwrap();
        let toml = dir.path().join("vtcheck.toml");
        std::fs::write(
            &toml,
            "[calendar]\nfile = \"k.yaml\"\ngoede_vrijdag = false\n",
        )
        .unwrap();
        vtcheck()
            .args([
                "check",
                "--format",
                "json",
                "--as-of",
                "2025-06-30",
                "--config",
            ])
            .arg(&toml)
            .arg(&dossier)
            .output()
            .unwrap()
    };
    // Renamed in an own calendar, the holiday still takes the setting: a working day.
    let renamed = run(&embedded.replace("naam: Goede Vrijdag", "naam: Goede vrijdag (cao)"));
    assert_eq!(due(&renamed), "2025-04-22");
    assert!(!String::from_utf8_lossy(&renamed.stderr).contains("geldt voor geen feestdag"));
    let without: String = embedded
        .lines()
        .filter(|l| !l.contains("instelling: goede_vrijdag"))
        .map(|l| format!("{l}\n"))
        .collect();
    let out = run(&without);
    assert_eq!(due(&out), "2025-04-23", "the setting reached no holiday");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("`calendar.goede_vrijdag` uit vtcheck.toml geldt voor geen feestdag"),
        "{err}"
    );
    let unknown = run(&embedded.replace("instelling: goede_vrijdag", "instelling: pasen"));
    assert_eq!(unknown.status.code(), Some(2));
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        err.contains("instelling 'pasen' is onbekend (goede_vrijdag of bevrijdingsdag)"),
        "{err}"
    );
}

/// Two exports with different `exportdatum` and no `--as-of`: both are judged at the first one's
/// date, and the report says so in a warning naming the other manifest.
#[test]
fn exports_with_different_export_dates_give_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for (sub, date) in [("a", "2025-04-01"), ("b", "2025-05-15")] {
        let d = dir.path().join(sub);
        std::fs::create_dir(&d).unwrap();
        std::fs::write(
            d.join("export.yaml"),
            format!("formaat: vtexport/1\nexportdatum: {date}\n"),
        )
        .unwrap();
        std::fs::write(
            d.join("d.yaml"),
            GOOD.replace("GOED-1", &format!("GOED-{sub}")),
        )
        .unwrap();
    }
    // The directories, or their files named without the manifests beside them.
    for inputs in [["a", "b"], ["a/d.yaml", "b/d.yaml"]] {
        let out = check_in(dir.path(), &["--format", "json", inputs[0], inputs[1]]);
        let j = json(&out.stdout);
        assert_eq!(j["as_of"], "2025-04-01", "{inputs:?}");
        let warnings = j["warnings"].as_array().expect("warnings");
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0]["file"], "b/export.yaml");
        assert!(
            warnings[0]["message"]
                .as_str()
                .unwrap()
                .contains("exportdatum 15-05-2025 wijkt af van de peildatum 01-04-2025")
        );
    }
    // With --as-of the user has chosen: no warning.
    let out = check_in(
        dir.path(),
        &["--format", "json", "--as-of", "2025-06-30", "a", "b"],
    );
    assert!(
        json(&out.stdout)
            .get("warnings")
            .is_none_or(|w| w.as_array().unwrap().is_empty())
    );
}

/// JUnit: an unreadable dossier is an `<error>` test case, so the `errors` count at the top
/// matches what a CI test view can show; the readable dossier is still a test case.
#[test]
fn junit_lists_input_errors_as_errored_test_cases() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        format!(
            "{GOOD}---\n{}",
            GOOD.replace("GOED-1", "KAPOT-1")
                .replacen("soort: melding", "soort: meldng", 1)
        ),
    )
    .unwrap();
    let out = check_in(
        dir.path(),
        &["--as-of", "2025-06-30", "--format", "junit", "d.yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
    let xml = String::from_utf8(out.stdout).unwrap();
    let top = xml.lines().nth(1).unwrap();
    assert!(top.contains("errors=\"1\""), "{top}");
    assert!(
        xml.contains("<testsuite name=\"invoer\" tests=\"1\" failures=\"0\" errors=\"1\""),
        "{xml}"
    );
    assert_eq!(
        xml.matches("<error type=\"invoerfout\"").count(),
        1,
        "{xml}"
    );
    assert!(xml.contains("<testcase name=\"GOED-1\""), "{xml}");
}

/// A BSN finding points at the field that holds the number, not at the first free-text field of
/// the dossier: an officer removing it from a 40-line dossier goes to that line.
#[test]
fn a_bsn_finding_points_at_the_text_that_holds_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let fixture = root.join("fixtures/regels/vt-a02.yaml");
    let out = check_in(
        root,
        &[
            "--format",
            "json",
            "--as-of",
            "2025-06-30",
            fixture.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&fixture).unwrap();
    let report = json(&out.stdout);
    let bsn: Vec<&Value> = findings_of(&report, "VT-A02");
    // Samenvatting, situatie, geen_dialoog_reden, reden of afgesloten, one in groups of 4-2-3:
    // each its own line.
    assert_eq!(bsn.len(), 5, "{bsn:?}");
    for f in bsn {
        let at = pointed_at(&text, f);
        assert!(
            at.contains("111222333") || at.contains("123456782") || at.contains("1112 22 333"),
            "{} points at {}: {at:?}",
            f["dossier"],
            f["location"]
        );
    }
}

/// The source text from a finding's location (line and column) to the end of that line.
fn pointed_at<'a>(text: &'a str, finding: &Value) -> &'a str {
    let line = finding["location"]["line"].as_u64().unwrap() as usize;
    let col = finding["location"]["column"].as_u64().unwrap() as usize;
    let line = text.lines().nth(line - 1).unwrap();
    let start = line
        .char_indices()
        .nth(col - 1)
        .map_or(line.len(), |(i, _)| i);
    &line[start..]
}

/// A reference to an unknown voorwaarde or situatie points at the element that names it, not
/// at the start of the list or rating map that holds it: in flow and block YAML and in JSON.
#[test]
fn an_unknown_reference_points_at_the_element_that_names_it() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("fixtures/regels/vt-d01.yaml"),
        dir.path().join("flow.yaml"),
    )
    .unwrap();
    let block = "formaat: vtdossier/1
id: REF-BLOK
regio: utrecht
soort: melding
ontvangen: 2025-03-07
melder: {hoedanigheid: professional, rol: melder, bekend: true}
betrokkenen: []
situaties:
  - {id: S1, prioriteit: 1}
voorwaarden:
  - {id: V1, situatie: S1, tekst: \"Vader brengt de kinderen naar school.\", opgesteld: 2025-03-20, besproken_met: [directbetrokkenen]}
gebeurtenissen:
  - soort: veiligheidsbeoordeling
    datum: 2025-03-14
    besluit: voorwaarden_en_vervolg
  - soort: overdracht
    datum: 2025-03-25
    partij: wijkteam
    schriftelijk: true
    document: D1
    voorwaarden:
      - V1
      - V7
  - soort: monitoring
    datum: 2025-05-01
    beoordeling:
      V1: nageleefd
      V8: deels
";
    std::fs::write(dir.path().join("block.yaml"), block).unwrap();
    std::fs::write(
        dir.path().join("lijn.jsonl"),
        r#"{"formaat": "vtdossier/1", "id": "REF-JSON", "regio": "utrecht", "soort": "melding", "ontvangen": "2025-03-07", "melder": {"hoedanigheid": "professional", "rol": "melder", "bekend": true}, "betrokkenen": [], "situaties": [{"id": "S1", "prioriteit": 1}], "voorwaarden": [{"id": "V1", "situatie": "S1", "tekst": "Vader brengt de kinderen naar school.", "opgesteld": "2025-03-20", "besproken_met": ["directbetrokkenen"]}], "gebeurtenissen": [{"soort": "veiligheidsbeoordeling", "datum": "2025-03-14", "besluit": "voorwaarden_en_vervolg"}, {"soort": "overdracht", "datum": "2025-03-25", "partij": "wijkteam", "schriftelijk": true, "document": "D1", "voorwaarden": ["V1", "V7"]}, {"soort": "monitoring", "datum": "2025-05-01", "beoordeling": {"V1": "nageleefd", "V8": "deels"}}]}
"#,
    )
    .unwrap();
    let out = check_in(
        dir.path(),
        &["--format", "json", "--as-of", "2025-06-30", "."],
    );
    let report = json(&out.stdout);
    let unknown: Vec<&Value> = findings(&report)
        .iter()
        .filter(|f| f["message"].as_str().unwrap().contains(" onbekende "))
        .collect();
    // The fixture's situatie S3, voorwaarde V3 and rating V5; V7 and V8 in block YAML and JSON.
    assert_eq!(unknown.len(), 7, "{unknown:?}");
    for f in unknown {
        let file = f["location"]["file"].as_str().unwrap();
        let text = std::fs::read_to_string(dir.path().join(file)).unwrap();
        let named = f["message"].as_str().unwrap().rsplit(' ').next().unwrap();
        let id = named.trim_end_matches('.');
        let at = pointed_at(&text, f);
        assert!(
            at.trim_start_matches('"').starts_with(id),
            "{} {} points at {}: {at:?}",
            f["dossier"],
            f["item"],
            f["location"]
        );
    }
}

/// Help, `help OPDRACHT` and a wrong invocation speak Dutch, like the rest of the tool; help and
/// version exit 0, a wrong invocation 2 (the CLI contract's usage error).
#[test]
fn help_and_usage_errors_are_dutch() {
    let help = vtcheck().args(["check", "--help"]).output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8(help.stdout.clone()).unwrap();
    assert!(
        text.contains("Gebruik: vtcheck check [OPTIES] [PAD]..."),
        "{text}"
    );
    assert!(
        text.contains("Opties:") && !text.contains("Options:"),
        "{text}"
    );
    let via_help = vtcheck().args(["help", "check"]).output().unwrap();
    assert_eq!(via_help.status.code(), Some(0));
    assert_eq!(via_help.stdout, help.stdout);

    let version = vtcheck().arg("--version").output().unwrap();
    assert_eq!(version.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(version.stdout).unwrap(),
        format!("vtcheck {}\n", env!("CARGO_PKG_VERSION"))
    );

    let wrong = vtcheck()
        .args(["check", "--formt", "json"])
        .output()
        .unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    let err = String::from_utf8(wrong.stderr).unwrap();
    assert!(
        err.starts_with("fout: onbekend argument '--formt'"),
        "{err}"
    );
    assert!(err.contains("bedoelde je '--format'?"), "{err}");
    assert!(!err.contains("error") && !err.contains("Usage"), "{err}");

    let unknown = vtcheck().args(["help", "chek"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}

/// Every date option is `JJJJ-MM-DD`, as the contract writes `--as-of`: chrono alone would take
/// `2024-6-30` and `+2024-06-30`, which a dossier may not write either.
#[test]
fn date_options_take_only_jjjj_mm_dd() {
    for args in [
        &["check", "--no-config", "--as-of"][..],
        &["check", "--no-config", "--peildatum"],
        &["compare", "--no-config", "-", "--as-of"],
        &["compare", "--no-config", "-", "--van"],
        &["compare", "--no-config", "-", "--tot"],
        &["generate", "--dossiers", "1", "--seed", "1", "--as-of"],
    ] {
        for bad in ["2024-6-30", "+2024-06-30", "30-06-2024"] {
            let out = vtcheck().args(args).arg(bad).output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{args:?} {bad}");
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(
                err.contains(&format!("ongeldige datum '{bad}': verwacht JJJJ-MM-DD")),
                "{args:?} {bad}: {err}"
            );
            assert!(out.stdout.is_empty(), "{args:?} {bad}");
        }
    }
}

/// Without `--as-of` or a manifest the as-of date is today in the Netherlands, whatever time
/// zone the process runs in: UTC+14 and UTC-12 (POSIX TZ strings, no tz database needed) are 26
/// hours apart, so their local dates always differ, and the Dutch date is one date.
#[test]
fn the_default_as_of_is_today_in_the_netherlands_in_any_time_zone() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), GOOD).unwrap();
    let as_of = |tz: &str| {
        let out = vtcheck()
            .current_dir(dir.path())
            .env("TZ", tz)
            .args(["check", "--no-config", "--format", "json", "a.yaml"])
            .output()
            .unwrap();
        json(&out.stdout)["as_of"].as_str().unwrap().to_string()
    };
    // A second try, should Dutch midnight fall between the runs.
    let seen: Vec<[String; 3]> = (0..2)
        .map(|_| {
            [
                as_of("ABC-14"),
                as_of("XYZ+12"),
                vtcheck::dossier::date::dutch_today().to_string(),
            ]
        })
        .collect();
    assert!(
        seen.iter().any(|[a, b, today]| a == b && a == today),
        "{seen:?}"
    );
}

/// `regio` in export.yaml is "the region of every dossier in this export": dossiers that say
/// otherwise are counted by their own region in the regional comparison, so the user hears of
/// it, once per export, located at the first such dossier's `regio`.
#[test]
fn dossiers_of_another_region_than_the_manifest_give_one_warning() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("export.yaml"),
        "formaat: vtexport/1\nregio: utrecht\nexportdatum: 2025-06-30\n",
    )
    .unwrap();
    for (name, regio) in [("a", "utrecht"), ("b", "twente"), ("c", "zeeland")] {
        std::fs::write(
            dir.path().join(format!("{name}.yaml")),
            GOOD.replace("GOED-1", &format!("GOED-{name}"))
                .replace("regio: utrecht", &format!("regio: {regio}")),
        )
        .unwrap();
    }
    let out = check_in(dir.path(), &["--format", "json", "."]);
    let j = json(&out.stdout);
    let warnings = j["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert_eq!(
        (w["file"].as_str(), w["line"].as_u64()),
        (Some("./b.yaml"), Some(3))
    );
    let message = w["message"].as_str().unwrap();
    assert!(
        message.starts_with(
            "2 dossiers in deze export hebben een andere regio dan `regio: utrecht` uit zijn \
             export.yaml"
        ),
        "{message}"
    );
    // No path in the message: `--pseudonymise` replaces the location, a message it cannot.
    assert!(!message.contains("./"), "{message}");
    assert!(message.contains("(de eerste, hier: `twente`)"), "{message}");
    // The dossiers themselves are checked as usual.
    assert_eq!(j["inputs"]["dossiers"], 3);
}

/// The contract: "`pass` and `not_applicable` appear only as counts in `summary`". Per rule the
/// statuses add up to the applicable dossiers, and with `not_applicable` to every dossier checked.
#[test]
fn summary_counts_add_up_to_the_dossiers_checked() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = check_in(
        root,
        &[
            "--format",
            "json",
            "--as-of",
            "2025-06-30",
            "fixtures/regels",
        ],
    );
    let j = json(&out.stdout);
    let checked =
        j["inputs"]["dossiers"].as_u64().unwrap() - j["inputs"]["invalid"].as_u64().unwrap();
    assert!(checked > 100, "{checked}");
    let summary = j["summary"].as_object().unwrap();
    assert_eq!(summary.len(), 32, "every rule, the aggregate VT-M04 too");
    // The aggregate judges no dossier: each one counts as not applicable.
    let m04 = &summary["VT-M04"];
    assert_eq!(m04["applicable"], 0, "{m04}");
    assert_eq!(m04["not_applicable"], checked, "{m04}");
    for (rule, c) in summary {
        let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("{rule}: no {k}"));
        assert_eq!(n("applicable") + n("not_applicable"), checked, "{rule}");
        assert_eq!(
            n("pass") + n("violation") + n("open") + n("exempt") + n("unassessable") + n("waived"),
            n("applicable"),
            "{rule}"
        );
    }
}

/// `inputs` adds up: `dossiers` is every dossier read, checked or rejected, and `invalid` the
/// rejected ones, so each rule's `applicable + not_applicable` is `dossiers - invalid`. Input
/// errors that are no dossier (a path that does not exist, a file of an unknown kind, an empty
/// directory, a manifest's count) and a repeated id (both dossiers are checked) are errors with
/// exit 2, not dossiers. SARIF and the human report state the same counts.
#[test]
fn inputs_count_every_dossier_read_and_the_rejected_ones_as_invalid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("goed.yaml"), GOOD).unwrap();
    std::fs::write(
        dir.path().join("kapot.yaml"),
        "formaat: vtdossier/1\nid: X\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("notities.txt"), "geen dossier").unwrap();
    std::fs::create_dir(dir.path().join("leeg")).unwrap();
    std::fs::create_dir(dir.path().join("telfout")).unwrap();
    std::fs::write(
        dir.path().join("telfout/export.yaml"),
        "formaat: vtexport/1\nexportdatum: 2025-06-30\naantal_dossiers: 3\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("telfout/d.yaml"),
        GOOD.replace("GOED-1", "GOED-2"),
    )
    .unwrap();
    let run = |args: &[&str], format: &str| {
        let mut all = vec!["--as-of", "2025-06-30", "--format", format];
        all.extend_from_slice(args);
        let out = check_in(dir.path(), &all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        out
    };
    for (args, expected) in [
        (&["kapot.yaml", "goed.yaml"][..], [2, 2, 1]),
        (&["bestaat-niet.yaml", "leeg", "notities.txt"], [0, 0, 0]),
        (&["goed.yaml", "goed.yaml"], [2, 2, 0]),
        (&["telfout"], [1, 1, 0]),
    ] {
        let j = json(&run(args, "json").stdout);
        let inputs = &j["inputs"];
        let n = |k: &str| inputs[k].as_u64().unwrap();
        assert_eq!(
            [n("files"), n("dossiers"), n("invalid")],
            expected,
            "{args:?}"
        );
        assert!(!j["errors"].as_array().unwrap().is_empty(), "{args:?}");
        for (rule, c) in j["summary"].as_object().unwrap() {
            let applicable = c["applicable"].as_u64().unwrap();
            let not_applicable = c["not_applicable"].as_u64().unwrap();
            assert_eq!(
                applicable + not_applicable,
                n("dossiers") - n("invalid"),
                "{args:?} {rule}"
            );
        }
        let sarif = json(&run(args, "sarif").stdout);
        assert_eq!(
            &sarif["runs"][0]["properties"]["inputs"], inputs,
            "{args:?}"
        );
    }
    let human = String::from_utf8(run(&["kapot.yaml", "goed.yaml"], "human").stdout).unwrap();
    assert!(
        human.contains("2 dossiers gelezen in 2 bestanden: 1 gecontroleerd, 1 ongeldig."),
        "{human}"
    );
}

/// A generated CSV export with a quote opened in the last row of one dossier and never closed,
/// the next row's dossier id written quoted (`"GEN-..."`): the open quote ends on that id.
/// The lines of `vtcheck generate --format csv --dossiers N --seed 1`, written as `x.csv` in
/// `dir` (CR LF line ends; the first line starts with the byte-order mark).
fn generated_csv_lines(dir: &std::path::Path, n: u32) -> Vec<String> {
    vtcheck()
        .current_dir(dir)
        .args([
            "generate", "--seed", "1", "--format", "csv", "--out", "x.csv",
        ])
        .args(["--dossiers", &n.to_string()])
        .assert()
        .success();
    let text = std::fs::read_to_string(dir.join("x.csv")).unwrap();
    text.split("\r\n").map(String::from).collect()
}

/// `vtcheck check FILE --format json --as-of 2025-06-30` in `dir`, in the default CSV row order
/// and with `sort_rows = false` (a `los.toml` written there): each configuration and its output.
fn csv_in_both_row_orders(
    dir: &std::path::Path,
    file: &str,
) -> Vec<(&'static [&'static str], std::process::Output)> {
    std::fs::write(dir.join("los.toml"), "[csv]\nsort_rows = false\n").unwrap();
    [&["--no-config"][..], &["--config", "los.toml"]]
        .into_iter()
        .map(|config| {
            let out = vtcheck()
                .current_dir(dir)
                .args(["check", file, "--format", "json", "--as-of", "2025-06-30"])
                .args(config)
                .output()
                .unwrap();
            (config, out)
        })
        .collect()
}

/// Each dossier is counted once (the two broken ones invalid, with one error each), with
/// `sort_rows = false` from vtcheck.toml as without it. It was one more: the row went to a
/// dossier `GEN-..."` of its own, and the second dossier was checked without it.
#[test]
fn an_unclosed_quote_ending_on_a_quoted_id_keeps_the_csv_counts() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = generated_csv_lines(dir.path(), 5);
    let id = |l: &str| l.split(';').next().unwrap_or("").to_string();
    // A dossier's last row with no quote in it, followed by another dossier's first row.
    let at = (1..lines.len() - 1)
        .find(|&i| {
            !lines[i].contains('"')
                && !lines[i + 1].is_empty()
                && id(&lines[i]) != id(&lines[i + 1])
        })
        .expect("two dossiers meet");
    let mut cells: Vec<String> = lines[at].split(';').map(String::from).collect();
    cells[5] = format!("\"{}", cells[5]); // samenvatting
    lines[at] = cells.join(";");
    let next = id(&lines[at + 1]);
    lines[at + 1] = lines[at + 1].replacen(&next, &format!("\"{next}\""), 1);
    std::fs::write(dir.path().join("x.csv"), lines.join("\r\n")).unwrap();
    for (config, out) in csv_in_both_row_orders(dir.path(), "x.csv") {
        assert_eq!(out.status.code(), Some(2), "{config:?}");
        let j = json(&out.stdout);
        assert_eq!(j["inputs"]["dossiers"], 5, "{config:?}: {}", j["errors"]);
        assert_eq!(j["inputs"]["invalid"], 2, "{config:?}: {}", j["errors"]);
        let rows: Vec<u64> = j["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["line"].as_u64().unwrap())
            .collect();
        assert_eq!(
            rows,
            [at as u64 + 1, at as u64 + 2],
            "{config:?}: {}",
            j["errors"]
        );
        let findings = j["findings"].as_array().unwrap();
        assert!(
            findings.iter().all(|f| f["dossier"] != next.as_str()),
            "{config:?}: the broken {next} is not checked"
        );
    }
}

/// `--parse-only` reads without judging: its reports must not pass for a check. No rule gets a
/// summary entry (it was every rule "not applicable" to every dossier), the human report counts
/// dossiers read, not checked, JUnit has no rule suites, a waiver is not called stale, and a
/// baseline (which would read as all resolved, or be written empty) is refused.
#[test]
fn parse_only_reports_say_the_dossiers_were_read_not_checked() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kapot.yaml"),
        "formaat: vtdossier/1\nid: X\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ontheffingen.yaml"),
        "- dossier: MB-2024-00106\n  regel: VT-O01\n  reden: Mondelinge overdracht\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2026-01-01\n",
    )
    .unwrap();
    let examples = root.join("fixtures/voorbeelden");
    let run = |format: &str| {
        vtcheck()
            .current_dir(dir.path())
            .args([
                "check",
                "--no-config",
                "--parse-only",
                "--as-of",
                "2025-06-30",
            ])
            .args(["--waivers", "ontheffingen.yaml", "--format", format])
            .arg(&examples)
            .output()
            .unwrap()
    };
    let out = run("json");
    assert_eq!(out.status.code(), Some(0));
    let j = json(&out.stdout);
    assert_eq!(
        j["inputs"],
        serde_json::json!({"files": 8, "dossiers": 8, "invalid": 0})
    );
    assert_eq!(j["summary"], serde_json::json!({}));
    assert_eq!(j["findings"], serde_json::json!([]));
    assert_eq!(j["warnings"], serde_json::json!([]), "no stale waiver");
    let human = String::from_utf8(run("human").stdout).unwrap();
    assert!(
        human.contains("alleen ingelezen (--parse-only): geen regels toegepast.")
            && human.contains("8 dossiers gelezen in 8 bestanden: 8 geldig, 0 ongeldig.")
            && !human.contains("gecontroleerd"),
        "{human}"
    );
    let junit = String::from_utf8(run("junit").stdout).unwrap();
    assert!(!junit.contains("<testsuite "), "{junit}");
    // SARIF lists no rules and has its own automation category: uploaded to code scanning, an
    // analysis without results in the check's category would close every open alert.
    let sarif = json(&run("sarif").stdout);
    let r = &sarif["runs"][0];
    assert_eq!(r["tool"]["driver"]["rules"], serde_json::json!([]));
    assert_eq!(r["automationDetails"]["id"], "vtcheck/parse-only/");
    assert_eq!(r["results"], serde_json::json!([]));
    // An unreadable dossier still gives exit code 2 and counts as read and invalid.
    let out = vtcheck()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--parse-only",
            "--format",
            "json",
            "kapot.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let j = json(&out.stdout);
    assert_eq!(
        j["inputs"],
        serde_json::json!({"files": 1, "dossiers": 1, "invalid": 1})
    );
    for flag in ["--baseline", "--write-baseline"] {
        let out = vtcheck()
            .current_dir(dir.path())
            .args(["check", "--no-config", "--parse-only", flag, "basis.json"])
            .arg(&examples)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("kan niet samen met"));
        assert!(!dir.path().join("basis.json").exists());
    }
}

/// An export directory with a manifest and two dossiers, in a temporary directory.
fn export_with_manifest(manifest: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let exp = dir.path().join("export");
    std::fs::create_dir(&exp).unwrap();
    std::fs::write(exp.join("export.yaml"), manifest).unwrap();
    std::fs::write(exp.join("a.yaml"), GOOD).unwrap();
    std::fs::write(exp.join("b.yaml"), GOOD.replace("GOED-1", "GOED-2")).unwrap();
    dir
}

const MANIFEST: &str =
    "formaat: vtexport/1\nregio: utrecht\nexportdatum: 2025-06-30\naantal_dossiers: 2\n";

#[test]
fn files_named_one_by_one_belong_to_the_manifest_named_with_them() {
    // `vtcheck check export/*.yaml` is `vtcheck check export`: same count, same region check.
    let dir = export_with_manifest(MANIFEST);
    let named = [
        "export/a.yaml",
        "export/b.yaml",
        "export/export.yaml",
        "--format",
        "json",
    ];
    let out = check_in(dir.path(), &named);
    let report = json(&out.stdout);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_ne!(out.status.code(), Some(2));
    assert_eq!(report["inputs"]["dossiers"], 2);
    assert_eq!(report["as_of"], "2025-06-30");
    // The manifest's region applies to the named files too.
    let zeeland = export_with_manifest(&MANIFEST.replace("utrecht", "zeeland"));
    let out = check_in(zeeland.path(), &named);
    let warnings = json(&out.stdout)["warnings"].to_string();
    assert!(warnings.contains("andere regio"), "{warnings}");
    // Named from inside the export (`export.yaml`, directory ""), the manifest claims its own
    // files only, not a file from elsewhere.
    std::fs::create_dir(dir.path().join("elders")).unwrap();
    let other = GOOD
        .replace("GOED-1", "ELDERS-1")
        .replace("utrecht", "twente");
    std::fs::write(dir.path().join("elders/c.yaml"), other).unwrap();
    let out = vtcheck()
        .current_dir(dir.path().join("export"))
        .args([
            "check",
            "--no-config",
            "export.yaml",
            "a.yaml",
            "b.yaml",
            "../elders/c.yaml",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let report = json(&out.stdout);
    assert_eq!(report["errors"], serde_json::json!([]));
    assert_eq!(report["warnings"], serde_json::json!([]));
    // One file of two named with the manifest: the count says so, in words that fit.
    let out = check_in(
        dir.path(),
        &["export/a.yaml", "export/export.yaml", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let errors = json(&out.stdout)["errors"].to_string();
    assert!(
        errors.contains("er zijn 1 dossiers van deze export gelezen"),
        "{errors}"
    );
}

/// A subdirectory of an export (a month's folder) belongs to the export: its dossiers are judged
/// at the manifest's exportdatum and against its region whether the subdirectory, a file in it,
/// or `.` inside it is named, without the count (reviewer 22: they were judged at today).
#[test]
fn a_subdirectory_of_an_export_takes_the_manifest_above_it() {
    let dir = export_with_manifest(&MANIFEST.replace("utrecht", "zeeland"));
    let month = dir.path().join("export/2025-06");
    std::fs::create_dir(&month).unwrap();
    std::fs::write(month.join("c.yaml"), GOOD.replace("GOED-1", "GOED-3")).unwrap();
    let runs = [
        (
            dir.path().to_path_buf(),
            "export/2025-06",
            "export/export.yaml",
        ),
        (
            dir.path().to_path_buf(),
            "export/2025-06/c.yaml",
            "export/export.yaml",
        ),
        (month.clone(), ".", "../export.yaml"),
        (month.join("."), "c.yaml", "../export.yaml"),
    ];
    for (cwd, path, manifest) in runs {
        let out = vtcheck()
            .current_dir(&cwd)
            .args(["check", "--no-config", "--format", "json", path])
            .output()
            .unwrap();
        let report = json(&out.stdout);
        assert_eq!(report["as_of"], "2025-06-30", "{path}: {report}");
        assert_eq!(report["inputs"]["dossiers"], 1, "{path}");
        // The region check applies; the count (2 in the manifest) does not.
        let warnings = report["warnings"].to_string();
        assert!(warnings.contains("andere regio"), "{path}: {warnings}");
        assert_eq!(report["errors"], serde_json::json!([]), "{path}");
        let inputs = report["audit"]["inputs"].to_string();
        assert!(
            inputs.contains(&format!("\"{manifest}\"")),
            "{path}: {inputs}"
        );
        let human = vtcheck()
            .current_dir(&cwd)
            .args(["check", "--no-config", path])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&human.stdout);
        assert!(
            text.contains(&format!(
                "Peildatum 30-06-2025 (exportdatum uit {manifest})"
            )),
            "{path}: {text}"
        );
    }
    // A subdirectory with a manifest of its own is its own export.
    std::fs::write(
        month.join("export.yaml"),
        "formaat: vtexport/1\nregio: utrecht\nexportdatum: 2025-07-31\n",
    )
    .unwrap();
    let out = check_in(dir.path(), &["export/2025-06", "--format", "json"]);
    let report = json(&out.stdout);
    assert_eq!(report["as_of"], "2025-07-31");
    assert_eq!(report["warnings"], serde_json::json!([]));
}

/// Files named without their manifest still belong to their export: the `export.yaml` beside
/// them gives the as-of date and the region check, as when the directory is given. Its count is
/// checked only when the export is given whole (the directory, or the manifest named too):
/// naming some files of an export is legitimate.
#[test]
fn the_manifest_beside_files_named_without_it_applies_but_not_its_count() {
    let dir = export_with_manifest(&MANIFEST.replace("aantal_dossiers: 2", "aantal_dossiers: 3"));
    let report = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let out = check_in(dir.path(), &all);
        (out.status.code(), json(&out.stdout))
    };
    for files in [&["export/a.yaml", "export/b.yaml"][..], &["export/a.yaml"]] {
        let (code, j) = report(files);
        assert_ne!(code, Some(2), "{files:?}: {}", j["errors"]);
        assert_eq!(j["as_of"], "2025-06-30", "{files:?}");
        assert_eq!(j["errors"], serde_json::json!([]), "{files:?}");
    }
    // The whole export: the directory, or the manifest named with the files.
    for whole in [
        &["export"][..],
        &["export/a.yaml", "export/b.yaml", "export/export.yaml"],
    ] {
        let (code, j) = report(whole);
        assert_eq!(code, Some(2), "{whole:?}");
        let errors = j["errors"].to_string();
        assert!(
            errors.contains("`aantal_dossiers` is 3"),
            "{whole:?}: {errors}"
        );
    }
    // --as-of still decides.
    let (_, j) = report(&["--as-of", "2025-07-31", "export/a.yaml"]);
    assert_eq!(j["as_of"], "2025-07-31");
    // The region applies to the named files.
    let zeeland = export_with_manifest(&MANIFEST.replace("utrecht", "zeeland"));
    let out = check_in(zeeland.path(), &["export/a.yaml", "--format", "json"]);
    let warnings = json(&out.stdout)["warnings"].to_string();
    assert!(warnings.contains("andere regio"), "{warnings}");
    // A manifest in error is reported once, whether it is named or found.
    let broken = export_with_manifest(&MANIFEST.replace("regio: utrecht", "regio: utrech"));
    for args in [
        &["export/a.yaml"][..],
        &["export/export.yaml", "export/a.yaml", "export/b.yaml"],
    ] {
        let mut all = vec!["--format", "json"];
        all.extend_from_slice(args);
        let out = check_in(broken.path(), &all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let j = json(&out.stdout);
        let errors = j["errors"].to_string();
        assert_eq!(
            errors.matches("onbekende VT-regio").count(),
            1,
            "{args:?}: {errors}"
        );
        assert_eq!(j["as_of"], "2025-06-30", "{args:?}");
    }
}

#[test]
fn a_manifest_field_in_error_keeps_the_others_and_exportdatum_is_required() {
    // A misspelt region must not drop the export date (and with it the as-of date).
    let dir = export_with_manifest(&MANIFEST.replace("regio: utrecht", "regio: utrech"));
    let out = check_in(dir.path(), &["export", "--format", "json"]);
    let report = json(&out.stdout);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(report["as_of"], "2025-06-30", "{}", report["errors"]);
    assert!(report["errors"].to_string().contains("onbekende VT-regio"));
    // Without `exportdatum` the manifest is incomplete: an error, not a silent "today".
    let dir = export_with_manifest(&MANIFEST.replace("exportdatum: 2025-06-30\n", ""));
    let out = check_in(
        dir.path(),
        &["export", "--format", "json", "--as-of", "2025-06-30"],
    );
    assert_eq!(out.status.code(), Some(2));
    let errors = json(&out.stdout)["errors"].to_string();
    assert!(
        errors.contains("verplicht veld `exportdatum` ontbreekt"),
        "{errors}"
    );
    // A second document would be ignored: an error at its first line.
    let dir = export_with_manifest(&format!("{MANIFEST}---\nbron: Regas\n"));
    let out = check_in(dir.path(), &["export", "--format", "json"]);
    assert_eq!(out.status.code(), Some(2));
    let errors = json(&out.stdout)["errors"][0].clone();
    assert_eq!(
        (errors["line"].as_u64(), errors["file"].as_str()),
        (Some(6), Some("export/export.yaml"))
    );
    assert!(
        errors["message"].as_str().unwrap().contains("tweede"),
        "{errors}"
    );
    // A repeated manifest key is named (it is a field of the format, not free text).
    let dir = export_with_manifest(&format!("{MANIFEST}exportdatum: 2025-07-01\n"));
    let out = check_in(dir.path(), &["export", "--format", "json"]);
    let errors = json(&out.stdout)["errors"].to_string();
    assert!(
        errors.contains("veld `exportdatum` komt twee keer voor"),
        "{errors}"
    );
}

#[test]
fn an_empty_directory_fails_unless_its_manifest_says_it_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("leeg")).unwrap();
    let out = check_in(
        dir.path(),
        &["leeg", "--format", "json", "--as-of", "2025-06-30"],
    );
    assert_eq!(out.status.code(), Some(2));
    let errors = json(&out.stdout)["errors"].to_string();
    assert!(
        errors.contains("map bevat geen dossierbestanden"),
        "{errors}"
    );
    std::fs::write(
        dir.path().join("leeg/export.yaml"),
        "formaat: vtexport/1\nexportdatum: 2025-06-30\naantal_dossiers: 0\n",
    )
    .unwrap();
    let out = check_in(dir.path(), &["leeg", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(json(&out.stdout)["errors"], serde_json::json!([]));
}

#[test]
fn a_fifo_in_a_directory_is_named_not_skipped_silently() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("exp")).unwrap();
    std::fs::write(dir.path().join("exp/a.yaml"), GOOD).unwrap();
    let fifo = dir.path().join("exp/b.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let out = check_in(
        dir.path(),
        &["exp", "--format", "json", "--as-of", "2025-06-30"],
    );
    let report = json(&out.stdout);
    assert_eq!(report["inputs"]["dossiers"], 1);
    let warnings = report["warnings"].to_string();
    assert!(
        warnings.contains("exp/b.yaml") && warnings.contains("geen gewoon bestand"),
        "{warnings}"
    );
}

/// Every report, baseline and waiver names a dossier by its id, so an id must be unique in a
/// run (the spec asks it within an export): the same id in two regions' exports checked together
/// is an input error naming both places, and the exports are checked apart.
#[test]
fn the_same_id_in_two_regions_checked_together_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    for region in ["utrecht", "zeeland"] {
        std::fs::create_dir(dir.path().join(region)).unwrap();
        let d = GOOD
            .replace("GOED-1", "2023-00412")
            .replace("utrecht", region);
        std::fs::write(dir.path().join(region).join("d.yaml"), d).unwrap();
    }
    let out = check_in(
        dir.path(),
        &[
            "utrecht",
            "zeeland",
            "--format",
            "json",
            "--as-of",
            "2025-06-30",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let errors = json(&out.stdout)["errors"].to_string();
    assert!(
        errors.contains("dossiernummer komt meer dan één keer voor")
            && errors.contains("utrecht/d.yaml"),
        "{errors}"
    );
    let out = check_in(
        dir.path(),
        &["zeeland", "--format", "json", "--as-of", "2025-06-30"],
    );
    assert_eq!(json(&out.stdout)["errors"], serde_json::json!([]));
}

#[test]
fn events_are_named_by_date_so_a_reordered_export_keeps_its_baseline() {
    // Two overdrachten, the later one not in writing (VT-O01): listed in either order, the
    // violation is `overdracht[2]`, the second by date, and the baseline still knows it.
    let event = |date: &str, written: bool| {
        let doc = if written {
            r#","document":"OVD-1""#
        } else {
            ""
        };
        format!(
            r#"{{"soort":"overdracht","datum":"{date}","partij":"wijkteam","schriftelijk":{written}{doc},"warm":true}}"#
        )
    };
    let dossier = |events: [String; 2]| {
        format!(
            r#"{{"formaat":"vtdossier/1","id":"ORDE-1","regio":"utrecht","soort":"melding","ontvangen":"2025-03-03","gebeurtenissen":[{{"soort":"veiligheidsbeoordeling","datum":"2025-03-05","besluit":"directe_overdracht"}},{},{}]}}"#,
            events[0], events[1]
        ) + "\n"
    };
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (event("2025-03-10", true), event("2025-03-20", false));
    std::fs::write(
        dir.path().join("a.jsonl"),
        dossier([first.clone(), second.clone()]),
    )
    .unwrap();
    std::fs::write(dir.path().join("b.jsonl"), dossier([second, first])).unwrap();
    std::fs::write(
        dir.path().join("o.toml"),
        "select = [\"VT-O01\"]\nas_of = \"2025-06-30\"\n",
    )
    .unwrap();
    let run = |file: &str, extra: &[&str]| {
        let mut args = vec!["check", file, "--config", "o.toml", "--format", "json"];
        args.extend_from_slice(extra);
        let out = vtcheck()
            .current_dir(dir.path())
            .args(&args)
            .output()
            .unwrap();
        (out.status.code(), json(&out.stdout))
    };
    let (_, a) = run("a.jsonl", &["--write-baseline", "bl.json"]);
    let (code, b) = run("b.jsonl", &["--baseline", "bl.json"]);
    assert_eq!(a["findings"][0]["item"], "overdracht[2]");
    assert_eq!(b["findings"][0]["item"], "overdracht[2]");
    assert_eq!(
        b["baseline"],
        serde_json::json!({"new": 0, "unchanged": 1, "waived": 0, "resolved": 0})
    );
    assert_eq!(code, Some(0));
}

/// A dossier id in two files: the human report lists both copies' findings under one heading
/// (they sort by id, then rule), so a finding in the other file names that file.
#[test]
fn a_repeated_id_in_the_human_report_names_the_other_file_per_finding() {
    let dir = tempfile::tempdir().unwrap();
    // Late: VT-T01 and more, at the same lines in both copies.
    let late = "formaat: vtdossier/1\nid: TWEE-1\nregio: utrecht\nsoort: melding\n\
                ontvangen: 2025-03-07\nmelder: {hoedanigheid: professional, rol: melder, bekend: true}\n";
    std::fs::write(dir.path().join("a.yaml"), late).unwrap();
    std::fs::write(dir.path().join("b.yaml"), late).unwrap();
    let out = check_in(dir.path(), &["--as-of", "2025-06-30", "."]);
    let text = String::from_utf8(out.stdout).unwrap();
    let t01: Vec<&str> = text.lines().filter(|l| l.contains("VT-T01")).collect();
    assert_eq!(t01.len(), 2, "{text}");
    let heading = text.lines().find(|l| l.starts_with("TWEE-1")).unwrap();
    let (named, other) = if heading.ends_with("a.yaml") {
        ("a.yaml", "b.yaml")
    } else {
        ("b.yaml", "a.yaml")
    };
    assert!(heading.ends_with(named), "{text}");
    // One finding at the heading's file (line and column), the other naming its own file.
    assert!(t01.iter().any(|l| l.ends_with("[5:12]")), "{text}");
    assert!(
        t01.iter().any(|l| l.ends_with(&format!("{other}:5:12]"))),
        "{text}"
    );
    assert!(!text.contains(&format!("{named}:5:12]")), "{text}");
}

/// A mistyped thread count is a usage error, before any thread is started: `-j 1000000` used to
/// start two pools of a million threads each and hang the machine.
#[test]
fn thread_count_has_an_upper_bound() {
    for cmd in ["check", "compare"] {
        vtcheck()
            .args([cmd, "--no-config", "-j", "1000000", "fixtures/voorbeelden"])
            .timeout(std::time::Duration::from_secs(60))
            .assert()
            .code(2)
            .stderr(predicate::str::contains("hoogstens 256 threads"));
    }
    vtcheck()
        .args(["check", "--no-config", "--format", "json", "-j", "256"])
        .args(["--as-of", "2025-06-30", "fixtures/voorbeelden"])
        .assert()
        .code(1);
}

/// Input errors and warnings come in reading order, in every format that lists them and with
/// any thread count: the paths in the order given, a directory's entries in sorted order, and a
/// file skipped or missing where it would have been read. Those found while planning (a path
/// that does not exist, a skipped or hidden file) used to come before everything read.
#[test]
fn input_errors_and_warnings_come_in_reading_order() {
    let dir = tempfile::tempdir().unwrap();
    let bad = |id: &str| {
        GOOD.replace("GOED-1", id)
            .replace("2025-03-07", "2024-02-30")
    };
    std::fs::create_dir(dir.path().join("ord")).unwrap();
    std::fs::write(dir.path().join("ord/.verborgen.yaml"), GOOD).unwrap();
    std::fs::write(dir.path().join("ord/a.yaml"), bad("A-1")).unwrap();
    std::fs::write(dir.path().join("ord/b.txt"), "geen dossier").unwrap();
    std::fs::write(dir.path().join("ord/c.yaml"), bad("C-1")).unwrap();
    std::fs::write(dir.path().join("d.yaml"), bad("D-1")).unwrap();
    let order = [
        "ord/.verborgen.yaml",
        "ord/a.yaml",
        "ord/b.txt",
        "ord/c.yaml",
        "bestaat-niet",
        "d.yaml",
        "ook-weg",
    ];
    let warned = ["ord/.verborgen.yaml", "ord/b.txt"];
    let run = |format: &str, j: &str| {
        check_in(
            dir.path(),
            &[
                "--as-of",
                "2025-06-30",
                "--format",
                format,
                "-j",
                j,
                "ord",
                "bestaat-niet",
                "d.yaml",
                // After the last file read: still listed, last.
                "ook-weg",
            ],
        )
    };
    // The file of each diagnostic, in the order listed, without line and column.
    let file = |place: &str| place.split(':').next().unwrap().to_string();
    let human = run("human", "1");
    assert_eq!(human.status.code(), Some(2));
    let stderr = String::from_utf8(human.stderr.clone()).unwrap();
    let listed: Vec<String> = stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("--> "))
        .map(file)
        .collect();
    assert_eq!(listed, order, "{stderr}");
    // JSON lists errors and warnings apart, each in reading order.
    let json_out = run("json", "1");
    let j = json(&json_out.stdout);
    let files = |k: &str| -> Vec<String> {
        j[k].as_array()
            .unwrap()
            .iter()
            .map(|d| d["file"].as_str().unwrap().to_string())
            .collect()
    };
    let errors: Vec<&str> = order.into_iter().filter(|f| !warned.contains(f)).collect();
    assert_eq!(files("errors"), errors);
    assert_eq!(files("warnings"), warned);
    // GitHub annotations and SARIF notifications: the errors, then the warnings.
    let github = String::from_utf8(run("github", "1").stdout).unwrap();
    let annotated: Vec<String> = github
        .lines()
        .filter(|l| l.starts_with("::error file=") || l.starts_with("::warning file="))
        .filter(|l| l.contains("title=invoerfout") || l.contains("title=waarschuwing"))
        .map(|l| file(l.split("file=").nth(1).unwrap().split(',').next().unwrap()))
        .collect();
    let expected: Vec<&str> = errors.iter().chain(&warned).copied().collect();
    assert_eq!(annotated, expected, "{github}");
    let sarif = json(&run("sarif", "1").stdout);
    let notified: Vec<String> = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(notified, expected, "{sarif}");
    // The same bytes with two threads.
    for (format, one) in [("human", &human), ("json", &json_out)] {
        let two = run(format, "2");
        assert_eq!(two.stdout, one.stdout, "{format}");
        assert_eq!(two.stderr, one.stderr, "{format}");
    }
}

/// A voorwaarde with findings of several categories shows each category's hint: the human
/// report once per category (the message names the first one), JSON per phrase with
/// `--show-text` only.
#[test]
fn every_text_finding_category_shows_its_hint() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = GOOD.replace(
        "gebeurtenissen:",
        "situaties:\n  - {id: S1, omschrijving: Ruzie., prioriteit: 1}\nvoorwaarden:\n  - {id: V1, situatie: S1, opgesteld: 2025-03-20, besproken_met: [directbetrokkenen], tekst: Ouders zorgen voor voldoende toezicht en werken aan het pedagogisch klimaat en zorgen voor voldoende eten.}\ngebeurtenissen:",
    );
    std::fs::write(dir.path().join("d.yaml"), dossier).unwrap();
    let evaluatief = "Noem de maatstaf: volgens wie of wat is het genoeg?";
    let innerlijk = "Beschrijf gedrag dat iemand kan zien in plaats van wat iemand denkt";

    let out = check_in(dir.path(), &["--as-of", "2025-06-30", "d.yaml"]);
    let human = String::from_utf8(out.stdout).unwrap();
    let v04: Vec<&str> = human
        .lines()
        .skip_while(|l| !l.contains("VT-V04"))
        .take_while(|l| l.contains("VT-V04") || l.starts_with("      "))
        .collect();
    let v04 = v04.join("\n");
    assert!(v04.contains("\"voldoende\" evaluatief woord"), "{human}");
    assert!(
        v04.contains("\"werken aan\" innerlijke toestand"),
        "{human}"
    );
    // Each hint exactly once: the first in the message, the second under its phrase.
    assert_eq!(v04.matches(evaluatief).count(), 1, "{v04}");
    assert_eq!(v04.matches(innerlijk).count(), 1, "{v04}");
    // The message names each category once, though "voldoende" comes back after "werken aan".
    let message = v04.lines().next().unwrap();
    assert_eq!(
        message.matches("evaluatief woord zonder criterium").count(),
        1,
        "{message}"
    );
    assert!(
        v04.lines()
            .any(|l| l.starts_with("        tip: ") && l.contains(innerlijk)),
        "{v04}"
    );

    let json_text = |show: bool| {
        let mut args = vec!["--as-of", "2025-06-30", "--format", "json", "d.yaml"];
        if show {
            args.push("--show-text");
        }
        let out = check_in(dir.path(), &args);
        let v = json(&out.stdout);
        let f = findings(&v)
            .iter()
            .find(|f| f["rule"] == "VT-V04")
            .cloned()
            .expect("a VT-V04 finding");
        f.get("text").cloned()
    };
    assert_eq!(json_text(false), None);
    let text = json_text(true).expect("text with --show-text");
    let entries = text.as_array().unwrap();
    assert_eq!(entries.len(), 3, "{text}");
    for e in entries {
        let hint = e["hint"].as_str().unwrap();
        match e["phrase"].as_str().unwrap() {
            "voldoende" => assert!(hint.starts_with(evaluatief), "{hint}"),
            "werken aan" => assert!(hint.starts_with(innerlijk), "{hint}"),
            p => panic!("phrase {p}"),
        }
    }
}

/// Review 16, bug 11 (f): every option and argument of every command has a description in its
/// help (`explain --rules` had none). Review 31, L6: the Dutch frame writes the values and the
/// default into the help text (`[waarden: dossier, rules]`), which is no description (`schema
/// <SOORT>` and `completions <SHELL>` had only that).
#[test]
fn every_option_has_a_description() {
    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for a in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
            let text = a.get_help().or(a.get_long_help()).map(|h| {
                let h = h.to_string();
                let end = ["[standaard:", "[waarden:", "[ook:"]
                    .iter()
                    .filter_map(|m| h.find(m))
                    .min()
                    .unwrap_or(h.len());
                h[..end].to_string()
            });
            if text.is_none_or(|t| t.trim().is_empty()) {
                missing.push(format!("{path} {}", a.get_id()));
            }
        }
        for s in cmd.get_subcommands() {
            walk(s, &format!("{path} {}", s.get_name()), missing);
        }
    }
    let mut missing = Vec::new();
    walk(&vtcheck::cli::dutch::command(), "vtcheck", &mut missing);
    assert!(missing.is_empty(), "without a description: {missing:?}");
    let help = vtcheck().args(["explain", "--help"]).output().unwrap();
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.contains("--rules <MAP_OF_BESTAND>") && l.contains("regelbestanden")),
        "{text}"
    );
}

/// Review 31, L5: the long help names every input format (CSV was missing) and `check --help`
/// gives the exit codes of the CLI contract, which a CI job needs.
#[test]
fn the_long_help_names_csv_and_the_exit_codes() {
    let page = |args: &[&str]| {
        let out = vtcheck().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    for args in [&["--help"][..], &["man"]] {
        assert!(
            page(args).contains("(YAML, JSON, JSON Lines, CSV)"),
            "{args:?}"
        );
    }
    let long = page(&["check", "--help"]);
    for code in [
        "Exitcodes:\n",
        "\n  0  geen overtreding",
        "\n  1  minstens één",
        "\n  2  een fout",
    ] {
        assert!(long.contains(code), "{code:?} not in\n{long}");
    }
    // The short help stays short.
    assert!(!page(&["check", "-h"]).contains("Exitcodes"));
}

/// Review 32: a full disk is named as one in Dutch whatever writes to standard output (the csv
/// report said "No space left on device", `compare` "standaarduitvoer is gesloten", `rules list`
/// nothing), with exit code 2; a closed pipe is no error in any format, so `| head` keeps the
/// verdict's exit code.
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_named_and_a_closed_pipe_is_no_error() {
    let root = env!("CARGO_MANIFEST_DIR");
    let export = format!("{root}/fixtures/voorbeelden");
    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    for args in [
        vec!["check", "--no-config", &export, "--format", "csv"],
        vec!["check", "--no-config", &export, "--format", "json"],
        vec!["compare", "--no-config", &export, "--format", "csv"],
        vec!["rules", "list"],
    ] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("vtcheck"))
            .args(&args)
            .env("NO_COLOR", "1")
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("de schijf is vol (systeemfout 28)"),
            "{args:?}: {err}"
        );
        assert!(
            !err.contains("os error") && !err.contains("gesloten"),
            "{args:?}: {err}"
        );
    }
    for format in ["csv", "json", "human"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vtcheck"))
            .args(["check", "--no-config", &export, "--format", format])
            .env("NO_COLOR", "1")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        // The examples violate rules: exit code 1, as without the pipe.
        assert_eq!(
            out.status.code(),
            Some(1),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Review 32: an output in a directory that does not exist fails before the run, not after a
/// national export has been read (13 s for 1,000,000 dossiers): the input's own errors are never
/// reached.
#[test]
fn an_unwritable_output_fails_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kapot.jsonl"), "{niet json\n").unwrap();
    for args in [
        &[
            "check",
            "--no-config",
            "kapot.jsonl",
            "-o",
            "weg/rapport.json",
        ][..],
        &[
            "check",
            "--no-config",
            "kapot.jsonl",
            "--write-baseline",
            "weg/b.json",
            "-o",
            "r.json",
        ],
        &[
            "compare",
            "--no-config",
            "kapot.jsonl",
            "-o",
            "weg/vergelijking.csv",
        ],
    ] {
        let out = vtcheck()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("fout: weg/")
                && err.contains("kan niet geschreven worden: bestand of map bestaat niet"),
            "{args:?}: {err}"
        );
        assert_eq!(err.matches("fout:").count(), 1, "{args:?}: {err}");
        assert!(!dir.path().join("r.json").exists());
    }
}

/// Review 32: a negative number after a space is a wrong value, said as for `--threads=-1`,
/// not an unknown argument.
#[test]
fn a_negative_number_is_a_wrong_value_not_an_unknown_argument() {
    for args in [
        &["check", "-j", "-1", "fixtures/voorbeelden"][..],
        &["compare", "--threads", "-2", "fixtures/voorbeelden"],
        &["generate", "--dossiers", "-5", "--seed", "1"],
        &["generate", "--dossiers", "5", "--seed", "-1"],
    ] {
        let out = vtcheck().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("fout: ongeldige waarde '-"),
            "{args:?}: {err}"
        );
        assert!(err.contains("is geen geheel getal"), "{args:?}: {err}");
    }
}

/// Review 35: the severity words the reports show (`fout`, `waarschuwing`) are accepted where a
/// severity is typed: `--fail-level`, `vtcheck.toml` and a rule file's `ernst`.
#[test]
fn the_dutch_severity_words_are_accepted_as_typed() {
    let root = env!("CARGO_MANIFEST_DIR");
    let export = format!("{root}/fixtures/voorbeelden");
    let code = |args: &[&str], dir: &std::path::Path| {
        let out = vtcheck().current_dir(dir).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let dir = tempfile::tempdir().unwrap();
    for (english, dutch) in [("error", "fout"), ("warning", "waarschuwing")] {
        let a = code(
            &["check", "--no-config", "--fail-level", english, &export],
            dir.path(),
        );
        let b = code(
            &["check", "--no-config", "--fail-level", dutch, &export],
            dir.path(),
        );
        assert_eq!(a, b, "{dutch}");
        std::fs::write(
            dir.path().join("vtcheck.toml"),
            format!("fail_level = \"{dutch}\"\n[severity]\n\"VT-V04\" = \"{dutch}\"\n"),
        )
        .unwrap();
        let c = code(&["check", &export], dir.path());
        assert_eq!(c.0, Some(1), "{dutch}: {}", c.1);
    }
    let rule = "regelset: eigen\nversie: 1\nregels:\n  - id: EIGEN-01\n    titel: t\n    ernst: waarschuwing\n    bron: b\n    toelichting: t\n    controle: {soort: vereiste, eis: {veld: soort, is: melding}}\n    meldingen: {overtreding: \"x\"}\n";
    std::fs::write(dir.path().join("eigen.yaml"), rule).unwrap();
    let out = vtcheck()
        .current_dir(dir.path())
        .args(["rules", "list", "--no-config", "--rules", "eigen.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("EIGEN-01"));
}

/// Review 35: `explain T01` suggests `VT-T01` (too far for a spelling suggestion), and an
/// unknown region of `generate --regions` lists the regions when none is close.
#[test]
fn a_rule_number_without_prefix_and_an_unknown_region_get_help() {
    let out = vtcheck().args(["explain", "T01"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bedoelde je `VT-T01`?"));
    let out = vtcheck()
        .args([
            "generate",
            "--dossiers",
            "5",
            "--seed",
            "1",
            "--regions",
            "mars",
        ])
        .output()
        .unwrap();
    assert_exit(&out, 2, "de regio's: groningen, friesland,");
}

/// Review 35: a wrong value given under an alias is named by the alias the user typed, not by
/// the option's canonical name.
#[test]
fn a_wrong_value_is_named_by_the_option_as_typed() {
    for (typed, shown) in [
        (
            &["check", "--peildatum", "gisteren"][..],
            "'--peildatum <JJJJ-MM-DD>'",
        ),
        (
            &["check", "--peildatum=gisteren"],
            "'--peildatum <JJJJ-MM-DD>'",
        ),
        (&["check", "--as-of", "gisteren"], "'--as-of <JJJJ-MM-DD>'"),
    ] {
        let out = vtcheck().args(typed).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("voor {shown}")), "{typed:?}: {err}");
    }
}

/// `vtcheck man --map DIR` writes a page per command, each a roff page with Dutch section
/// titles, and every page the top page lists (`vtcheck-check(1)`) is among them;
/// `vtcheck man rules test` prints one of them.
#[test]
fn man_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = vtcheck()
        .args(["man", "--map"])
        .arg(dir.path().join("man1"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("man1"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert!(files.len() >= 10, "{files:?}");
    let top = std::fs::read_to_string(dir.path().join("man1/vtcheck.1")).unwrap();
    for line in top.lines().filter(|l| l.ends_with("(1)")) {
        let file = format!("{}.1", line.trim_end_matches("(1)").replace("\\-", "-"));
        assert!(files.contains(&file), "{line} → {file} not in {files:?}");
    }
    let test_page = std::fs::read_to_string(dir.path().join("man1/vtcheck-rules-test.1")).unwrap();
    assert!(test_page.contains("\n.SH NAAM\n"), "{test_page}");
    assert!(!test_page.contains(".SH NAME"), "{test_page}");
    let printed = vtcheck().args(["man", "rules", "test"]).output().unwrap();
    assert_eq!(printed.status.code(), Some(0));
    assert_eq!(String::from_utf8(printed.stdout).unwrap(), test_page);
    let wrong = vtcheck().args(["man", "chek"]).output().unwrap();
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("bedoelde je `check`?"));
}

/// Review 31, M4: every long option that a help page shows (`--regel`, `--min-noemer`,
/// `--fouten`, `--version` were not) is named in README.md, of every command down to `rules
/// test`. The help pages are read as users see them, aliases in `[ook: ...]` included.
#[test]
fn every_long_option_in_the_help_is_in_the_readme() {
    fn walk(cmd: &mut clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        cmd.build();
        let page = cmd.render_long_help().to_string();
        let mut rest = page.as_str();
        while let Some(i) = rest.find("--") {
            rest = &rest[i + 2..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                .collect();
            if name.starts_with(|c: char| c.is_ascii_lowercase()) {
                out.push((path.to_string(), format!("--{name}")));
            }
        }
        for s in cmd.get_subcommands_mut() {
            let sub = format!("{path} {}", s.get_name());
            walk(s, &sub, out);
        }
    }
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    // `--rules` must not count as `--rule`: the name ends where a name character cannot follow.
    let named = |flag: &str| {
        readme.match_indices(flag).any(|(i, _)| {
            !readme[i + flag.len()..]
                .starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
    };
    let mut shown = Vec::new();
    walk(&mut vtcheck::cli::dutch::command(), "vtcheck", &mut shown);
    for flag in [
        "--version",
        "--regel",
        "--min-noemer",
        "--fouten",
        "--waivers",
    ] {
        assert!(
            shown.iter().any(|(_, f)| f == flag),
            "{flag} in no help page"
        );
    }
    let missing: Vec<String> = shown
        .iter()
        .filter(|(_, flag)| !named(flag))
        .map(|(cmd, flag)| format!("{cmd} {flag}"))
        .collect();
    assert!(missing.is_empty(), "not in README.md: {missing:?}");
}

/// An as-of date from `vtcheck.toml` (perhaps directories up) is named as such, not as given on
/// the command line: it overrides the export's own date, and the report says where it came from
/// (reviewer 22).
#[test]
fn an_as_of_date_from_the_configuration_says_so() {
    let dir = export_with_manifest(MANIFEST);
    std::fs::write(dir.path().join("vtcheck.toml"), "as_of = \"2025-05-31\"\n").unwrap();
    let sub = dir.path().join("export");
    let out = vtcheck()
        .current_dir(&sub)
        .args(["check", "."])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("Peildatum "))
        .unwrap_or_default();
    assert!(
        line.starts_with("Peildatum 31-05-2025 (as_of uit ") && line.contains("vtcheck.toml)"),
        "{text}"
    );
    // The flag wins and is named as given.
    let out = vtcheck()
        .current_dir(&sub)
        .args(["check", ".", "--as-of", "2025-04-30"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Peildatum 30-04-2025 (opgegeven)"), "{text}");
}

/// Standard input named twice, or an empty path (an unset shell variable), is a usage error:
/// the second `-` read an empty stream and counted a phantom invalid dossier, and `""` was a
/// missing file without a name (reviewer 22).
#[test]
fn stdin_twice_or_an_empty_path_is_a_usage_error() {
    for (args, said) in [
        (
            vec!["check", "--no-config", "-", "-"],
            "kan maar één keer gelezen worden",
        ),
        (vec!["check", "--no-config", ""], "een leeg pad als invoer"),
        (
            vec!["compare", "--no-config", "-", "-"],
            "kan maar één keer gelezen worden",
        ),
    ] {
        let out = vtcheck().args(&args).write_stdin(GOOD).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(said), "{args:?}: {err}");
    }
}

/// A usage error is about no file: no `--> vtcheck` line, which read as a place in a file named
/// vtcheck (reviewer 22); an error in a file still names its place.
#[test]
fn a_usage_error_names_no_place_and_a_file_error_does() {
    let out = vtcheck().args(["explain", "VT-T1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("fout: onbekende regel `VT-T1`\n"), "{err}");
    assert!(!err.contains("-->"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("kapot.yaml"),
        "formaat: vtdossier/1\nid: [\n",
    )
    .unwrap();
    let out = check_in(dir.path(), &["kapot.yaml"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("  --> kapot.yaml:"), "{err}");
}

/// Without a path, `check` reads the built-in examples wherever it runs, and says so on
/// standard error and in the report's warnings (rev49 F5: a CI job whose path variable was empty
/// uploaded SARIF about the examples without a sign): an empty directory gets the examples'
/// findings and the warning, so a forgotten path is seen.
#[test]
fn without_a_path_the_examples_are_checked_and_said_to_be() {
    let dir = tempfile::tempdir().unwrap();
    let out = check_in(dir.path(), &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("geen pad gegeven: vtcheck leest de meegeleverde voorbeelden"),
        "{stderr}"
    );
    let report = json(&out.stdout);
    assert_eq!(report["inputs"]["files"], 8, "{}", report["inputs"]);
    let warnings = report["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("geen pad gegeven"),
        "{warnings:?}"
    );
    assert_eq!(
        stderr.matches("geen pad gegeven").count(),
        1,
        "said once on standard error: {stderr}"
    );
    // SARIF: a notification without a location; GitHub: an annotation of no file.
    let sarif = json(&check_in(dir.path(), &["--format", "sarif"]).stdout);
    let n = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"][0];
    assert!(
        n["message"]["text"]
            .as_str()
            .unwrap()
            .starts_with("geen pad gegeven"),
        "{n}"
    );
    assert!(n.get("locations").is_none(), "{n}");
    let github = String::from_utf8(check_in(dir.path(), &["--format", "github"]).stdout).unwrap();
    assert!(
        github.contains("::warning title=waarschuwing::geen pad gegeven"),
        "{github}"
    );
    // With a path there is no note.
    let out = vtcheck()
        .args([
            "check",
            "--no-config",
            "fixtures/voorbeelden",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("geen pad gegeven"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `[csv.values]` translates a region name of an export (`VT Utrecht`) to a code of the region
/// table the run uses, an own `regios.yaml` too; a target that is no value of the format nor a
/// region code stays an error at its value (reviewer 29: every region name was refused, with a
/// message saying `utrecht` was no value of the format).
#[test]
fn csv_values_translate_region_names_to_region_codes() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "regio.csv",
        "dossier;regio;soort;ontvangen;melder_hoedanigheid;melder_rol;melder_bekend;gebeurtenis;datum;besluit\n\
         R-1;VT Utrecht;melding;06-03-2025;professional;melder;ja;veiligheidsbeoordeling;07-03-2025;einde_bemoeienis\n\
         R-2;Veilig Thuis Noord;melding;06-03-2025;professional;melder;ja;veiligheidsbeoordeling;07-03-2025;einde_bemoeienis\n",
    );
    write(
        "regio.toml",
        "[csv.values]\n\"VT Utrecht\" = \"utrecht\"\n\"Veilig Thuis Noord\" = \"noord\"\n",
    );
    write(
        "regios.yaml",
        "regios:\n  - {code: utrecht, naam: Utrecht}\n  - {code: noord, naam: Noord}\n",
    );
    let run = |args: &[&str]| {
        vtcheck()
            .current_dir(dir.path())
            .args([
                "check",
                "regio.csv",
                "--as-of",
                "2025-06-30",
                "--format",
                "json",
            ])
            .args(args)
            .output()
            .unwrap()
    };
    // With the own table both names are codes: two dossiers read, none invalid.
    let out = run(&["--config", "regio.toml", "--rules", "regios.yaml"]);
    let j = json(&out.stdout);
    assert_eq!(j["inputs"]["dossiers"], 2, "{}", j["errors"]);
    assert_eq!(j["inputs"]["invalid"], 0, "{}", j["errors"]);
    // The embedded table has no `noord`: that translation is the error, at its value.
    let out = run(&["--config", "regio.toml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("'noord' is geen gebeurtenis, waarde van het formaat of regiocode")
            && err.contains("regio.toml:3:"),
        "{err}"
    );
    write("regio.toml", "[csv.values]\n\"VT Utrecht\" = \"utrecht\"\n");
    let out = run(&["--config", "regio.toml"]);
    let j = json(&out.stdout);
    assert_eq!(j["inputs"]["invalid"], 1, "{}", j["errors"]);
    let errors = j["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (&errors[0]["line"], &errors[0]["column"]),
        (&3.into(), &2.into())
    );
}

/// A cell of only invisible characters, a zero-width space or a soft hyphen carried over from a
/// word processor, is as empty as an empty cell: a `partij` the reader cannot see is no
/// partij (VT-O04), and a row whose dossier cell holds nothing visible has no dossier id, an
/// error at that row, not a dossier with an invisible id.
#[test]
fn a_csv_cell_of_invisible_characters_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("onzichtbaar.csv"),
        "dossier;regio;soort;ontvangen;melder_hoedanigheid;melder_rol;melder_bekend;gebeurtenis;datum;besluit;partij;schriftelijk;document;warm\n\
         O-1;utrecht;melding;06-03-2025;professional;melder;ja;veiligheidsbeoordeling;07-03-2025;directe_overdracht;;;;\n\
         O-1;;;;;;;overdracht;10-03-2025;;\u{200b};ja;OVD-1;nee\n\
         \u{200b}\u{ad};utrecht;melding;06-03-2025;professional;melder;ja;register_geraadpleegd;06-03-2025;;;;;\n\
         O-2;utrecht;melding;06-03-2025;professional;melder;ja;veiligheidsbeoordeling;07-03-2025;directe_overdracht;;;;\n\
         O-2;;;;;;;overdracht;10-03-2025;;Wijkteam;ja;OVD-2;nee\n",
    )
    .unwrap();
    let out = check_json("2025-06-30")
        .current_dir(dir.path())
        .arg("onzichtbaar.csv")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let j = json(&out.stdout);
    // As with an empty cell: the row without an id is an invalid dossier of its own.
    assert_eq!(j["inputs"]["dossiers"], 3, "{}", j["errors"]);
    assert_eq!(j["inputs"]["invalid"], 1, "{}", j["errors"]);
    let errors = j["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (&errors[0]["line"], &errors[0]["column"]),
        (&4.into(), &1.into())
    );
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("rij zonder dossiernummer"),
        "{errors:?}"
    );
    let o04: Vec<(&str, &str)> = findings_of(&j, "VT-O04")
        .iter()
        .map(|f| {
            (
                f["dossier"].as_str().unwrap(),
                f["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(o04, [("O-1", "violation")]);
}

/// Rows above the header with nothing a reader sees in them (Excel's `;;;` of an empty row, a
/// pasted zero-width space) are skipped, and counted in the row numbers; a header cell with a
/// zero-width space in it is the column it reads as; a file of only such rows is empty.
#[test]
fn blank_rows_above_a_csv_header_and_unseen_characters_in_it_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("export.csv"),
        "\u{feff};;;\n\u{200b};\n\
         dossier;regio\u{200b};soort;ontvangen;melder_hoedanigheid;melder_rol;melder_bekend;gebeurtenis;datum\n\
         K-1;utrecht;melding;06-03-2025;professional;melder;ja;register_geraadpleegd;31-02-2025\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("leeg.csv"), ";;;\n\u{200b}\n").unwrap();
    let out = check_json("2025-06-30")
        .current_dir(dir.path())
        .arg("export.csv")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let j = json(&out.stdout);
    assert_eq!(j["inputs"]["dossiers"], 1, "{}", j["errors"]);
    assert_eq!(
        j["warnings"].as_array().unwrap().len(),
        0,
        "{}",
        j["warnings"]
    );
    // The one error is the invalid date, at its row as Excel numbers it (the header is row 3)
    // and its column.
    let errors = j["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (&errors[0]["line"], &errors[0]["column"]),
        (&4.into(), &9.into()),
        "{errors:?}"
    );
    let out = check_json("2025-06-30")
        .current_dir(dir.path())
        .arg("leeg.csv")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let j = json(&out.stdout);
    assert_eq!(j["inputs"]["dossiers"], 0);
    let warnings = j["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("leeg bestand"),
        "{warnings:?}"
    );
}

/// A CSV export piped to standard input is read as JSON Lines, as the contract says: one error
/// per line, each counted. The first line of standard input that fails says why when it is no
/// JSON: once, not on every line. A first failing line that is JSON gets no such help, nor do
/// the lines after it (reviewer 29: 31 bare "ongeldige JSON" errors for a piped CSV file).
#[test]
fn a_csv_export_on_standard_input_says_once_that_stdin_reads_json_lines() {
    let help = "standaardinvoer (`-`) leest alleen JSON Lines";
    let csv = "\u{feff}dossier;regio;soort;ontvangen;gebeurtenis\n\
               A;utrecht;melding;06-03-2025;\n\
               B;utrecht;melding;06-03-2025;\n";
    let run = |input: String, format: &str| {
        vtcheck()
            .args([
                "check",
                "-",
                "--as-of",
                "2025-06-30",
                "--no-config",
                "--format",
                format,
            ])
            .write_stdin(input)
            .output()
            .unwrap()
    };
    let out = run(csv.to_string(), "human");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("ongeldige JSON").count(), 3, "{err}");
    assert_eq!(err.matches(help).count(), 1, "{err}");
    let first = err.find(help).unwrap();
    assert!(
        err[..first].contains("-:1:1") && !err[..first].contains("-:2:1"),
        "{err}"
    );
    let j = json(&run(csv.to_string(), "json").stdout);
    assert_eq!(
        (&j["inputs"]["dossiers"], &j["inputs"]["invalid"]),
        (&3.into(), &3.into())
    );
    // The first line that fails is broken JSON: no help there, nor on the CSV lines after it.
    let out = run(format!("{{\"formaat\": \n{csv}"), "human");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("ongeldige JSON").count(), 4, "{err}");
    assert!(!err.contains(help), "{err}");
}

/// rev47 F4: SARIF regions, GitHub annotations and JUnit lines name lines of the CSV file as
/// text, where the row of a spreadsheet (JSON) differs after a `sep=` line, an empty line and a
/// cell with line breaks; they give no character (a field number is none).
#[test]
fn csv_places_in_sarif_github_and_junit_are_text_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = generated_csv_lines(dir.path(), 40);
    lines[0] = lines[0].trim_start_matches('\u{feff}').to_string();
    // A line break inside the first voorwaarde's text, an empty line after the fifth row.
    let at = (1..lines.len())
        .find(|&i| lines[i].split(';').nth(11) == Some("voorwaarde"))
        .expect("a voorwaarde");
    let mut cells: Vec<String> = lines[at].split(';').map(String::from).collect();
    cells[19] = format!("\"{}\r\nvervolg\"", cells[19]);
    lines[at] = cells.join(";");
    lines.insert(6.min(at), String::new());
    let file = format!("sep=;\r\n{}", lines.join("\r\n"));
    std::fs::write(dir.path().join("x.csv"), &file).unwrap();
    let text_lines: Vec<&str> = file.split("\r\n").collect();
    let run = |format: &str| {
        let out = check_in(
            dir.path(),
            &["x.csv", "--as-of", "2025-06-30", "--format", format],
        );
        assert_eq!(out.status.code(), Some(1), "{format}");
        String::from_utf8(out.stdout).unwrap()
    };
    // Each place is a line where a row of its dossier starts.
    let starts_row_of =
        |line: usize, dossier: &str| text_lines[line - 1].starts_with(&format!("{dossier};"));
    let sarif = json(run("sarif").as_bytes());
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let rows: Vec<u64> = json(run("json").as_bytes())["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["line"].as_u64().unwrap())
        .collect();
    assert!(results.len() > 5);
    let mut moved = 0;
    for (r, row) in results.iter().zip(&rows) {
        let region = &r["locations"][0]["physicalLocation"]["region"];
        assert!(region.get("startColumn").is_none(), "{region}");
        let line = region["startLine"].as_u64().expect("a line") as usize;
        let dossier = r["properties"]["dossier"].as_str().unwrap();
        assert!(starts_row_of(line, dossier), "{dossier} at {line}");
        moved += usize::from(line as u64 != *row);
    }
    assert!(moved > 0, "some rows are not their lines");
    for l in run("github").lines().filter(|l| l.contains("title=VT-")) {
        let line: usize = l
            .split("line=")
            .nth(1)
            .unwrap()
            .split([',', ':'])
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let dossier = l.split(' ').nth(2).unwrap();
        assert!(!l.contains(",col="), "{l}");
        assert!(starts_row_of(line, dossier), "{l}");
    }
    let junit = run("junit");
    let mut cases = 0;
    for case in junit.split("<testcase ").skip(1) {
        let name = case
            .split("name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        let line: usize = case
            .split("line=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!(starts_row_of(line, name), "{name} at {line}");
        cases += 1;
    }
    assert!(cases > 40);
}

/// rev49 F4: `-o` that names the input, the baseline or the other output is a usage error
/// before anything is read, and the file is left as it was; renewing a baseline in place is not.
#[test]
fn an_output_may_not_replace_an_input_or_the_other_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("in.yaml"), GOOD).unwrap();
    let cases: [&[&str]; 3] = [
        &["in.yaml", "--format", "json", "-o", "./in.yaml"],
        &["in.yaml", "--baseline", "b.json", "-o", "b.json"],
        &["in.yaml", "-o", "x.json", "--write-baseline", "x.json"],
    ];
    check_in(
        d,
        &[
            "in.yaml",
            "--as-of",
            "2025-06-30",
            "--write-baseline",
            "b.json",
        ],
    );
    let baseline = std::fs::read(d.join("b.json")).unwrap();
    for args in cases {
        let out = check_in(d, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("overschrijven") || err.contains("allebei"),
            "{args:?}: {err}"
        );
        assert!(!d.join("x.json").exists(), "{args:?}");
    }
    assert_eq!(std::fs::read_to_string(d.join("in.yaml")).unwrap(), GOOD);
    assert_eq!(std::fs::read(d.join("b.json")).unwrap(), baseline);
    let out = check_in(
        d,
        &[
            "in.yaml",
            "--as-of",
            "2025-06-30",
            "--baseline",
            "b.json",
            "--write-baseline",
            "b.json",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// rev50 F5: a reference check reads a field of ids; a free-text field (`partij`, whose value
/// `{verwijzing}` would print into every report) is an error of the rule file at its place.
#[test]
fn a_reference_check_refuses_a_free_text_field() {
    let dir = tempfile::tempdir().unwrap();
    let rules = |veld: &str| {
        format!(
            "regelset: eigen\nversie: \"1\"\nregels:\n  - id: X-01\n    titel: t\n    categorie: overdracht\n    ernst: error\n    bron: b\n    toelichting: t\n    controle:\n      soort: consistentie\n      controles:\n        - items: {{gebeurtenis: overdracht}}\n          veld: {veld}\n          naar: voorwaarden\n          melding: \"{{item}} noemt {{verwijzing}}.\"\n"
        )
    };
    check_with_rule_file(dir.path(), &rules("partij"))
        .code(2)
        .stderr(predicate::str::contains("eigen.yaml:14:17"))
        .stderr(predicate::str::contains(
            "veld `partij` van gebeurtenis bevat geen ids",
        ));
    // The field of ids the catalogue's own check reads compiles.
    check_with_rule_file(dir.path(), &rules("voorwaarden"))
        .stderr(predicate::str::contains("bevat geen ids").not());
}

/// rev54 F4: warnings come in reading order also in the default CSV mode, where the first rows
/// are held while vtcheck watches for a dossier that comes back: a warning the reader makes
/// about row 4 (a last row cut short) followed row 2's warning only with `sort_rows = false`.
#[test]
fn csv_warnings_come_in_reading_order_while_rows_are_held() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("ord.csv"),
        "dossier;regio;soort;ontvangen;gebeurtenis;datum;besluit;partij\n\
         A-1;utrecht;melding;01-02-2025;overdracht;03-02-2025;onderzoek;Wijkteam\n\
         A-2;utrecht;melding;01-02-2025;afgesloten;04-02-2025;;\n\
         A-3;utrecht;melding;01-02-2025;afgesloten;04-02-2025",
    )
    .unwrap();
    for (config, out) in csv_in_both_row_orders(dir.path(), "ord.csv") {
        let lines: Vec<u64> = json(&out.stdout)["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["line"].as_u64().unwrap())
            .collect();
        assert_eq!(lines, [2, 4], "{config:?}");
    }
}
