//! The malformed-input suite: every case in `tests/malformed/<case>/` (or generated at test time,
//! when it is too big or too odd to commit) holds one bad file beside a good dossier. vtcheck must
//! report the bad file as a located error with exit code 2, still check the good dossier, and
//! never crash. The `errors` array of each JSON report is an insta snapshot.
//!
//! Speed is not asserted here (speed targets live in benchmarks, never in timed tests): the alias
//! bomb and the deep nesting must be rejected *by their limit*, which the message names.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const GOOD: &str = include_str!("malformed/tabs/goed.yaml");

struct Outcome {
    code: i32,
    report: Value,
    stderr: String,
}

impl Outcome {
    fn errors(&self) -> &Vec<Value> {
        self.report["errors"].as_array().expect("errors array")
    }

    fn warnings(&self) -> &Vec<Value> {
        self.report["warnings"].as_array().expect("warnings array")
    }

    fn dossiers(&self) -> u64 {
        self.report["inputs"]["dossiers"].as_u64().unwrap()
    }

    fn invalid(&self) -> u64 {
        self.report["inputs"]["invalid"].as_u64().unwrap()
    }

    /// The `errors` array as pretty JSON, for a snapshot.
    fn errors_text(&self) -> String {
        serde_json::to_string_pretty(self.errors()).unwrap()
    }

    fn message_of(&self, file_suffix: &str) -> String {
        self.errors()
            .iter()
            .find(|e| e["file"].as_str().unwrap().ends_with(file_suffix))
            .unwrap_or_else(|| panic!("no error for {file_suffix}: {}", self.errors_text()))["message"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

/// Runs `vtcheck check --format json` in `cwd` on `arg`, so file names in the report are
/// relative and the snapshots do not depend on where the temporary directory is.
fn check_in(cwd: &Path, arg: &str) -> Outcome {
    let out = Command::cargo_bin("vtcheck")
        .unwrap()
        .env("NO_COLOR", "1")
        .env_remove("VTCHECK_TEST_PANIC")
        .current_dir(cwd)
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2025-06-30",
            "--no-config",
        ])
        .arg(arg)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).expect("report is UTF-8");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("no JSON report ({e}); stderr:\n{stderr}"));
    assert!(
        !stderr.contains("panicked")
            && !stderr.contains("backtrace")
            && !stderr.contains("interne fout"),
        "crash or backtrace on stderr:\n{stderr}"
    );
    Outcome {
        code: out.status.code().expect("exit code, not a signal"),
        report,
        stderr,
    }
}

/// A committed case under `tests/malformed/`.
fn check_case(case: &str) -> Outcome {
    check_in(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &format!("tests/malformed/{case}"),
    )
}

/// A case directory generated in a temporary directory, with the good dossier beside it.
fn generated(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("goed.yaml"), GOOD).unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

/// Every error names its file, and a line and column: at least 1 where the problem has a place
/// in the text, 0 and 0 where it concerns the whole file (too big, a symlink loop).
fn assert_located(o: &Outcome, whole_file: &[&str]) {
    assert!(!o.errors().is_empty(), "expected errors");
    for e in o.errors() {
        let file = e["file"].as_str().expect("file");
        assert!(!file.is_empty());
        let (line, col) = (e["line"].as_u64().unwrap(), e["column"].as_u64().unwrap());
        if whole_file.iter().any(|w| file.ends_with(w)) {
            assert_eq!((line, col), (0, 0), "{e}");
        } else {
            assert!(line >= 1 && col >= 1, "unlocated error: {e}");
            let place = format!("{file}:{line}:{col}");
            assert!(
                o.stderr.contains(&place),
                "{place} not on stderr:\n{}",
                o.stderr
            );
        }
        assert!(!e["message"].as_str().unwrap().is_empty());
    }
}

/// Exit code 2, located errors, and the good dossier(s) still checked.
fn assert_rejected(o: &Outcome, good: u64, whole_file: &[&str]) {
    assert_eq!(o.code, 2, "{}", o.errors_text());
    assert_located(o, whole_file);
    assert_eq!(o.dossiers(), good, "good dossiers must still be checked");
    // The good dossier really was evaluated, not just counted.
    assert!(
        o.report["summary"]["VT-T01"]["applicable"]
            .as_u64()
            .unwrap()
            >= 1
    );
}

/// Accepted input: no errors, no warnings, a normal exit code.
fn assert_accepted(o: &Outcome, dossiers: u64) {
    assert!(
        o.errors().is_empty() && o.warnings().is_empty(),
        "{}\n{}",
        o.errors_text(),
        o.stderr
    );
    assert!(o.code == 0 || o.code == 1, "exit {}", o.code);
    assert_eq!(o.dossiers(), dossiers);
    assert_eq!(o.invalid(), 0);
}

#[test]
fn truncated_json() {
    let o = check_case("afgebroken-json");
    assert_rejected(&o, 1, &[]);
    assert_eq!(o.invalid(), 1);
    insta::assert_snapshot!("afgebroken_json", o.errors_text());
}

#[test]
fn invalid_utf8() {
    let o = check_case("ongeldige-utf8");
    assert_rejected(&o, 1, &[]);
    assert!(o.message_of("latin1.yaml").contains("UTF-8"));
    insta::assert_snapshot!("ongeldige_utf8", o.errors_text());
}

#[test]
fn utf8_bom_is_accepted_in_every_container() {
    let o = check_case("bom");
    assert_accepted(&o, 4);
}

#[test]
fn crlf_line_ends_are_accepted_in_every_container() {
    let o = check_case("crlf");
    assert_accepted(&o, 5);
    // Positions count lines as the editor shows them, CRLF or not.
    let crlf = &o.report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["dossier"] == "CRLF-1")
        .map(|f| f["location"].clone());
    let good = &o.report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["dossier"] == "GOED-1")
        .map(|f| f["location"].clone());
    if let (Some(a), Some(b)) = (crlf, good) {
        assert_eq!((&a["line"], &a["column"]), (&b["line"], &b["column"]));
    }
}

#[test]
fn tabs_in_yaml_indentation() {
    let o = check_case("tabs");
    assert_rejected(&o, 1, &[]);
    assert!(o.message_of("tabs.yaml").contains("tab in de inspringing"));
    insta::assert_snapshot!("tabs", o.errors_text());
}

#[test]
fn yaml_alias_bomb_is_stopped_by_the_node_budget() {
    let o = check_case("alias-bom");
    assert_rejected(&o, 1, &[]);
    let msg = o.message_of("alias-bom.yaml");
    assert!(msg.contains("alias-bom") && msg.contains("grens"), "{msg}");
    insta::assert_snapshot!("alias_bom", o.errors_text());
}

#[test]
fn hundred_thousand_levels_of_nesting_hit_the_depth_limit() {
    const N: usize = 100_000;
    let block = format!("{}x\n", "- ".repeat(N));
    let flow = format!("x_diep: {}x{}\n", "[".repeat(N), "]".repeat(N));
    let map = format!("{}1{}\n", "{x_a: ".repeat(N), "}".repeat(N));
    let json = format!("{}1{}\n", "{\"x_a\":".repeat(N), "}".repeat(N));
    let dir = generated(&[
        ("diep-blok.yaml", block.as_bytes()),
        ("diep-flow.yaml", flow.as_bytes()),
        ("diep-map.yaml", map.as_bytes()),
        ("diep.json", json.as_bytes()),
        ("diep.jsonl", json.as_bytes()),
    ]);
    let o = check_in(dir.path(), ".");
    assert_rejected(&o, 1, &[]);
    assert_eq!(o.invalid(), 5);
    for f in [
        "diep-blok.yaml",
        "diep-flow.yaml",
        "diep-map.yaml",
        "diep.json",
        "diep.jsonl",
    ] {
        let msg = o.message_of(f);
        assert!(
            msg.contains("te diep genest: meer dan 32 niveaus"),
            "{f}: {msg}"
        );
    }
    insta::assert_snapshot!("diepe_nesting", o.errors_text());
}

#[test]
fn a_200_mb_dossier_file_exceeds_the_file_size_limit() {
    let dir = generated(&[]);
    let big = dir.path().join("groot.yaml");
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&big).unwrap();
        f.write_all(b"formaat: vtdossier/1\nid: GROOT-1\nsamenvatting: \"")
            .unwrap();
        // Sparse: 200 MB on paper, nothing on disk; the size check comes before reading.
        f.set_len(200 * 1024 * 1024).unwrap();
    }
    let o = check_in(dir.path(), ".");
    assert_rejected(&o, 1, &["groot.yaml"]);
    let msg = o.message_of("groot.yaml");
    assert!(
        msg.contains("bestand te groot (200 MB)") && msg.contains("64 MB"),
        "{msg}"
    );
    insta::assert_snapshot!("groot_bestand", o.errors_text());
}

#[test]
fn a_long_text_value_exceeds_the_text_limit() {
    let long = GOOD.replace(
        "betrokkenen:",
        &format!(
            "samenvatting: \"{}\"\nbetrokkenen:",
            "a".repeat(1024 * 1024 + 1)
        ),
    );
    let long = long.replace("GOED-1", "LANG-1");
    let dir = generated(&[("lang.yaml", long.as_bytes())]);
    let o = check_in(dir.path(), ".");
    assert_rejected(&o, 1, &[]);
    assert!(o.message_of("lang.yaml").contains("tekst te lang"));
    insta::assert_snapshot!("lange_tekst", o.errors_text());
}

#[test]
fn empty_files() {
    let o = check_case("leeg");
    assert_rejected(&o, 1, &[]);
    assert_eq!(o.invalid(), 3);
    for f in ["leeg.yaml", "leeg.jsonl", "alleen-commentaar.yaml"] {
        assert!(o.message_of(f).starts_with("leeg bestand"), "{f}");
    }
    insta::assert_snapshot!("leeg", o.errors_text());
}

#[test]
fn binary_files_in_an_export_directory() {
    // A PNG image saved under a dossier name, the same dossier saved as UTF-16, and a picture.
    let mut png = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    png.extend((0u32..4096).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(GOOD.encode_utf16().flat_map(u16::to_le_bytes));
    let ascii_utf16: Vec<u8> = GOOD.bytes().flat_map(|b| [b, 0]).collect();
    let dir = generated(&[
        ("foto.yaml", &png),
        ("utf16.yaml", &utf16),
        ("utf16-zonder-bom.json", &ascii_utf16),
        ("foto.jpg", &png),
    ]);
    let o = check_in(dir.path(), ".");
    assert_rejected(&o, 1, &[]);
    assert_eq!(o.invalid(), 3);
    assert!(o.message_of("foto.yaml").contains("UTF-8"));
    assert!(o.message_of("utf16.yaml").contains("UTF-16"));
    assert!(o.message_of("utf16-zonder-bom.json").contains("NUL-byte"));
    // A file that is no dossier by its name is skipped with a warning, not silently.
    assert!(
        o.warnings()
            .iter()
            .any(|w| w["file"].as_str().unwrap().ends_with("foto.jpg"))
    );
    insta::assert_snapshot!("binair", o.errors_text());
}

#[cfg(unix)]
#[test]
fn a_symlink_loop() {
    let dir = generated(&[]);
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("sub/lus")).unwrap();
    let o = check_in(dir.path(), ".");
    assert_rejected(&o, 1, &["sub/lus"]);
    assert!(o.message_of("sub/lus").contains("lus"));
    insta::assert_snapshot!("symlink_lus", o.errors_text());
}

#[test]
fn an_unknown_formaat_version() {
    let o = check_case("onbekend-formaat");
    assert_rejected(&o, 1, &[]);
    assert!(o.message_of("versie-2.yaml").contains("vtdossier/2"));
    insta::assert_snapshot!("onbekend_formaat", o.errors_text());
}

#[test]
fn a_manifest_whose_count_does_not_match() {
    let o = check_case("manifest-aantal");
    assert_rejected(&o, 2, &[]);
    assert_eq!(o.invalid(), 0);
    assert!(o.message_of("export.yaml").contains("aantal_dossiers"));
    insta::assert_snapshot!("manifest_aantal", o.errors_text());
}

#[test]
fn the_same_dossier_id_twice_names_both_places_and_drops_neither() {
    let o = check_case("dubbel-id");
    assert_rejected(&o, 3, &[]);
    let msg = o.message_of("tweede.yaml");
    assert!(msg.contains("eerste.yaml:2:1"), "{msg}");
    // Both copies are checked: each has its own findings.
    let files: std::collections::BTreeSet<&str> = o.report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["dossier"] == "DUBBEL-1")
        .map(|f| f["location"]["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    insta::assert_snapshot!("dubbel_id", o.errors_text());
}

#[test]
fn every_committed_case_is_covered() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/malformed");
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    assert_eq!(
        cases,
        [
            "afgebroken-json",
            "alias-bom",
            "bom",
            "crlf",
            "dubbel-id",
            "leeg",
            "manifest-aantal",
            "onbekend-formaat",
            "ongeldige-utf8",
            "tabs",
        ]
    );
    // The whole suite at once: one batch, every bad file reported, every good dossier checked.
    let o = check_in(Path::new(env!("CARGO_MANIFEST_DIR")), "tests/malformed");
    assert_eq!(o.code, 2);
    assert_located(&o, &[]);
    // Ten good dossiers (one per case), three with a BOM, four with CRLF, one more beside the
    // manifest and the two copies of DUBBEL-1.
    assert_eq!(o.dossiers(), 20);
}
