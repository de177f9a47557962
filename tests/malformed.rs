//! The malformed-input suite: every case in `tests/malformed/<case>/` (or generated at test time,
//! when it is too big or too odd to commit) holds one bad file beside a good dossier. vtcheck must
//! report the bad file as a located error with exit code 2, still check the good dossier, and
//! never crash. The `errors` array of each JSON report is an insta snapshot.
//!
//! Speed is not asserted here (speed targets live in benchmarks, never in timed tests): the alias
//! bomb and the deep nesting must be rejected *by their limit*, which the message names.

use std::path::{Path, PathBuf};

use serde_json::Value;
mod common;
use common::{assert_exit, findings, vtcheck_in};

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

    /// The messages of `errors` or `warnings`, in report order.
    fn messages(diags: &[Value]) -> Vec<&str> {
        diags
            .iter()
            .map(|d| d["message"].as_str().expect("message"))
            .collect()
    }

    /// The dossiers checked: every dossier read (`dossiers`) but the rejected ones (`invalid`).
    fn checked(&self) -> u64 {
        self.report["inputs"]["dossiers"].as_u64().unwrap() - self.invalid()
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
    let out = vtcheck_in(cwd)
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
    assert_eq!(o.checked(), good, "good dossiers must still be checked");
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
    assert_eq!(o.checked(), dossiers);
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
    let crlf = findings(&o.report)
        .iter()
        .find(|f| f["dossier"] == "CRLF-1")
        .map(|f| f["location"].clone());
    let good = findings(&o.report)
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

/// An empty container holds no dossier (dossier-format.md: one dossier per document, per line,
/// or an array of dossier objects): it counts none, valid or invalid, and each such file gets a
/// warning about the whole file. They used to count as invalid dossiers, so an export with an
/// empty file failed its `aantal_dossiers`.
#[test]
fn empty_files() {
    let o = check_case("leeg");
    assert_eq!((o.checked(), o.invalid()), (1, 0), "{}", o.errors_text());
    assert!(o.errors().is_empty(), "{}", o.errors_text());
    assert_eq!(o.report["inputs"]["files"], 4);
    let warnings = serde_json::to_string_pretty(o.warnings()).unwrap();
    insta::assert_snapshot!("leeg", warnings);
}

/// A `---` with nothing under it is a null document: no dossier, and a warning at the marker
/// (it was dropped in silence), while the dossiers around it are read and counted as before.
#[test]
fn an_empty_yaml_document_is_a_warning_at_its_marker() {
    let dossier = GOOD.trim_start_matches("---\n");
    let lines = dossier.lines().count();
    let other = dossier.replace("GOED-1", "GOED-2");
    let text = format!("{dossier}---\n--- # niets\n# alleen commentaar\n---\n{other}---\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("meer.yaml"), text).unwrap();
    let o = check_in(dir.path(), ".");
    assert!(o.errors().is_empty(), "{}", o.errors_text());
    assert_eq!((o.checked(), o.invalid()), (2, 0), "{}", o.stderr);
    let warned: Vec<(u64, &str)> = o
        .warnings()
        .iter()
        .map(|w| (w["line"].as_u64().unwrap(), w["message"].as_str().unwrap()))
        .collect();
    let n = lines as u64;
    assert_eq!(
        warned,
        [
            (n + 1, "leeg YAML-document: geen dossier"),
            (n + 2, "leeg YAML-document: geen dossier"),
            (2 * n + 5, "leeg YAML-document: geen dossier"),
        ]
    );
}

/// Settings and waivers saved inside the export directory, as if vtcheck looked for them there:
/// each is told what it is and where it belongs, not just "no dossier file" or "not an object".
#[test]
fn settings_and_waivers_inside_an_export_say_where_they_belong() {
    let dir = generated(&[
        ("vtcheck.toml", b"fail_level = \"warning\"\n"),
        (
            "ontheffingen.yaml",
            b"- {dossier: GOED-1, regel: VT-T01, reden: x, goedgekeurd_door: kf}\n",
        ),
    ]);
    let o = check_in(dir.path(), ".");
    // The diagnostic about `file` among `diags`: its message is `message`, its help holds `help`.
    let told = |diags: &[Value], file: &str, message: &str, help: &str| {
        let d = diags
            .iter()
            .find(|d| d["file"] == file)
            .unwrap_or_else(|| panic!("nothing about {file}: {diags:?}"));
        assert_eq!(d["message"], message);
        assert!(d["help"].as_str().unwrap().contains(help), "{d}");
    };
    told(
        o.warnings(),
        "./vtcheck.toml",
        "overgeslagen: een instellingenbestand in de invoer, geen dossierbestand",
        "zet het naast de export",
    );
    told(
        o.errors(),
        "./ontheffingen.yaml",
        "een dossier moet een object zijn, gevonden: lijst",
        "dit lijkt een ontheffingenbestand: geef het met --waivers",
    );
}

/// A run that reads no dossier at all fails with one error (an export step that wrote nothing,
/// a wrong path); with a manifest that says `aantal_dossiers: 0` an empty export passes.
#[test]
fn a_run_without_any_dossier_fails_unless_the_manifest_says_so() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("leeg.json"), "[]").unwrap();
    std::fs::write(dir.path().join("leeg.jsonl"), "\n\n").unwrap();
    let o = check_in(dir.path(), ".");
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(o.report["inputs"]["dossiers"], 0);
    assert_eq!(o.report["inputs"]["invalid"], 0);
    let errors = Outcome::messages(o.errors());
    assert_eq!(
        errors,
        ["geen dossiers gelezen: de invoer bevat geen enkel dossier"]
    );
    let warned: Vec<(&str, &str)> = o
        .warnings()
        .iter()
        .map(|w| (w["file"].as_str().unwrap(), w["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        warned,
        [
            ("./leeg.json", "lege lijst: geen dossier gevonden"),
            ("./leeg.jsonl", "leeg bestand: geen dossier gevonden")
        ]
    );
    std::fs::write(
        dir.path().join("export.yaml"),
        "formaat: vtexport/1\nexportdatum: 2025-06-30\naantal_dossiers: 0\n",
    )
    .unwrap();
    // Empty files with a byte order mark are empty too (a BOM is no content).
    std::fs::write(dir.path().join("bom.yaml"), "\u{feff}# alleen commentaar\n").unwrap();
    std::fs::write(dir.path().join("bom2.yaml"), "\u{feff}---\n").unwrap();
    std::fs::write(dir.path().join("bom.jsonl"), "\u{feff}\n\n").unwrap();
    let o = check_in(dir.path(), ".");
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert!(o.errors().is_empty(), "{}", o.errors_text());
    assert_eq!(o.report["inputs"]["dossiers"], 0);
    assert_eq!(o.report["inputs"]["files"], 5);
    assert_eq!(o.warnings().len(), 5, "{}", o.stderr);
    // The manifest speaks for its own export only: an empty file named beside it is no
    // empty export.
    let stray = tempfile::tempdir().unwrap();
    std::fs::write(stray.path().join("los.jsonl"), "").unwrap();
    let out = vtcheck_in(dir.path())
        .args(["check", "--format", "json", "--no-config", "."])
        .arg(stray.path().join("los.jsonl"))
        .output()
        .unwrap();
    assert_exit(&out, 2, "geen dossiers gelezen");
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
    assert_eq!(o.invalid(), 3, "{}", o.errors_text());
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

/// A CSV event log or a JSON Lines file saved as UTF-16 or UTF-32 (Excel's "Unicode-tekst",
/// PowerShell's `>`), with or without a byte-order mark, is one unreadable input with one
/// error at 1:1 that names the encoding, as a YAML file is: not a header of garbled column
/// names with a warning per column, nor a NUL "line" per line counted as a dossier each.
#[test]
fn utf16_and_utf32_csv_and_json_lines_are_one_unreadable_input_each() {
    let csv = "dossier;regio;soort;ontvangen;gebeurtenis;datum\r\n\
               A-1;utrecht;melding;06-03-2025;register_geraadpleegd;06-03-2025\r\n\
               A-2;utrecht;melding;06-03-2025;register_geraadpleegd;06-03-2025\r\n";
    let jsonl = "{\"formaat\": \"vtdossier/1\", \"id\": \"J-1\"}\n\
                 {\"formaat\": \"vtdossier/1\", \"id\": \"J-2\"}\n";
    let utf16 = |t: &str, bom: bool, le: bool| -> Vec<u8> {
        let mut v = Vec::new();
        for u in bom.then_some(0xFEFF).into_iter().chain(t.encode_utf16()) {
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    };
    let utf32 = |t: &str, bom: bool, le: bool| -> Vec<u8> {
        let mut v = Vec::new();
        for c in bom.then_some('\u{feff}').into_iter().chain(t.chars()) {
            let u = c as u32;
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    };
    let files: Vec<(String, Vec<u8>, &str)> = vec![
        ("le-bom.csv".into(), utf16(csv, true, true), "UTF-16"),
        ("be-bom.csv".into(), utf16(csv, true, false), "UTF-16"),
        ("le.csv".into(), utf16(csv, false, true), "UTF-16"),
        ("be.csv".into(), utf16(csv, false, false), "UTF-16"),
        ("le32-bom.csv".into(), utf32(csv, true, true), "UTF-32"),
        ("be32.csv".into(), utf32(csv, false, false), "UTF-32"),
        ("le-bom.jsonl".into(), utf16(jsonl, true, true), "UTF-16"),
        ("le.jsonl".into(), utf16(jsonl, false, true), "UTF-16"),
        ("be-bom.ndjson".into(), utf16(jsonl, true, false), "UTF-16"),
        ("le32.jsonl".into(), utf32(jsonl, false, true), "UTF-32"),
        ("be32-bom.jsonl".into(), utf32(jsonl, true, false), "UTF-32"),
    ];
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b, _)| (n.as_str(), b.as_slice()))
        .collect();
    let dir = generated(&refs);
    let o = check_in(dir.path(), ".");
    assert_rejected(&o, 1, &[]);
    assert!(o.warnings().is_empty(), "{}", o.stderr);
    assert_eq!(o.errors().len(), files.len(), "{}", o.errors_text());
    assert_eq!(o.invalid(), files.len() as u64, "{}", o.errors_text());
    assert_eq!(
        o.report["inputs"]["files"].as_u64(),
        Some(files.len() as u64 + 1)
    );
    for (name, _, encoding) in &files {
        let e = o
            .errors()
            .iter()
            .find(|e| e["file"].as_str() == Some(format!("./{name}").as_str()))
            .unwrap_or_else(|| panic!("no error for {name}: {}", o.errors_text()));
        assert_eq!(
            (e["line"].as_u64(), e["column"].as_u64()),
            (Some(1), Some(1))
        );
        assert_eq!(
            e["message"].as_str(),
            Some(format!("{encoding}-tekst: vtcheck leest UTF-8").as_str()),
            "{name}"
        );
        assert_eq!(e["help"].as_str(), Some("sla het bestand op als UTF-8"));
    }
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

/// An entry a directory lists but that cannot be opened — a symbolic link to itself, a broken
/// link — is a dossier file that cannot be read, counted as any unreadable file is (one file,
/// one invalid dossier, and one dossier for `aantal_dossiers`). The loop used to be an error
/// counted nowhere, while a link to a file that cannot be read was counted. A hidden broken
/// link (an editor's lock file) is skipped with a warning, as any hidden entry.
#[cfg(unix)]
#[test]
fn an_entry_that_cannot_be_opened_counts_as_an_unreadable_file() {
    let dir = generated(&[]);
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(target, dir.path().join(name)).unwrap();
    };
    link("lus.yaml", "lus.yaml");
    link("bestaat-niet.json", "weg.json");
    link("root@host.1234", ".#goed.yaml");
    let mut broken = vec!["lus.yaml", "weg.json"];
    // A link to a file whose reading fails was counted already: the same count.
    if Path::new("/proc/self/mem").exists() {
        link("/proc/self/mem", "mem.yaml");
        broken.push("mem.yaml");
    }
    let n = broken.len() as u64;
    std::fs::write(
        dir.path().join("export.yaml"),
        format!(
            "formaat: vtexport/1\nexportdatum: 2025-06-30\naantal_dossiers: {}\n",
            n + 1
        ),
    )
    .unwrap();
    let o = check_in(dir.path(), ".");
    assert_rejected(&o, 1, &broken);
    let inputs = &o.report["inputs"];
    assert_eq!(
        [&inputs["files"], &inputs["dossiers"], &inputs["invalid"]],
        [n + 1, n + 1, n],
        "{}",
        o.errors_text()
    );
    // One error per broken file, in reading order, and no count mismatch.
    let errors: Vec<&str> = o
        .errors()
        .iter()
        .map(|e| e["file"].as_str().unwrap())
        .collect();
    let mut expected: Vec<String> = broken.iter().map(|b| format!("./{b}")).collect();
    expected.sort();
    assert_eq!(errors, expected, "{}", o.errors_text());
    for b in &broken {
        assert!(
            o.message_of(b).starts_with("kan niet gelezen worden"),
            "{b}"
        );
    }
    let warnings = Outcome::messages(o.warnings());
    assert_eq!(
        warnings,
        ["overgeslagen: verborgen bestand (naam begint met een punt)"]
    );
}

/// A directory that cannot be listed is an input error (exit 2) but no dossier: what it holds is
/// not known, so it counts in neither `files` nor `dossiers`, and its error is not repeated as
/// "no dossier files". (Not testable as root, who can list any directory.)
#[cfg(unix)]
#[test]
fn a_directory_that_cannot_be_listed_is_an_error_counted_nowhere() {
    use std::os::unix::fs::PermissionsExt;
    let dir = generated(&[("dicht/d.yaml", GOOD.replace("GOED-1", "DICHT-1").as_bytes())]);
    let dicht = dir.path().join("dicht");
    std::fs::set_permissions(&dicht, std::fs::Permissions::from_mode(0o000)).unwrap();
    let listable = std::fs::read_dir(&dicht).is_ok();
    let outcomes = (!listable).then(|| (check_in(dir.path(), "."), check_in(dir.path(), "dicht")));
    std::fs::set_permissions(&dicht, std::fs::Permissions::from_mode(0o755)).unwrap();
    let Some((all, alone)) = outcomes else {
        eprintln!("skipped: a directory without permissions can still be listed (root)");
        return;
    };
    assert_rejected(&all, 1, &["dicht"]);
    assert_eq!(all.invalid(), 0);
    assert_eq!(all.report["inputs"]["files"], 1);
    assert_eq!(all.errors().len(), 1, "{}", all.errors_text());
    assert!(
        all.message_of("dicht")
            .starts_with("kan niet gelezen worden")
    );
    assert_eq!(alone.code, 2);
    assert_eq!(
        [
            &alone.report["inputs"]["files"],
            &alone.report["inputs"]["dossiers"]
        ],
        [0, 0]
    );
    assert_eq!(alone.errors().len(), 1, "{}", alone.errors_text());
    assert!(
        alone
            .message_of("dicht")
            .starts_with("kan niet gelezen worden")
    );
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
    let files: std::collections::BTreeSet<&str> = findings(&o.report)
        .iter()
        .filter(|f| f["dossier"] == "DUBBEL-1")
        .map(|f| f["location"]["file"].as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    insta::assert_snapshot!("dubbel_id", o.errors_text());
}

/// A repeated id whose copy is invalid: the message says which copy was checked, not "both".
#[test]
fn a_repeated_id_with_an_invalid_copy_says_only_one_was_checked() {
    let dossier = |soort: &str| {
        format!(
            "formaat: vtdossier/1\nid: D-1\nregio: midden-brabant\nsoort: {soort}\n\
             ontvangen: 2025-03-06\nmelder: {{hoedanigheid: professional, rol: melder, bekend: true}}\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), dossier("melding")).unwrap();
    std::fs::write(dir.path().join("b.yaml"), dossier("meldng")).unwrap();
    let o = check_in(dir.path(), ".");
    assert_eq!((o.checked(), o.invalid()), (1, 1), "{}", o.errors_text());
    let msg = Outcome::messages(o.errors())
        .into_iter()
        .find(|m| m.starts_with("dossiernummer komt meer dan één keer voor"))
        .unwrap_or_else(|| panic!("no duplicate error: {}", o.errors_text()))
        .to_string();
    assert!(!msg.contains("beide worden gecontroleerd"), "{msg}");
    assert!(
        msg.contains("a.yaml:1:1 (alleen dat wordt gecontroleerd; dit is ongeldig)"),
        "{msg}"
    );
    // The other way round: the first copy is the invalid one.
    std::fs::write(dir.path().join("a.yaml"), dossier("meldng")).unwrap();
    std::fs::write(dir.path().join("b.yaml"), dossier("melding")).unwrap();
    let o = check_in(dir.path(), ".");
    let msg = o.message_of("b.yaml");
    assert!(
        msg.contains("a.yaml:1:1 (dat is ongeldig en wordt niet gecontroleerd)"),
        "{msg}"
    );
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
    assert_eq!(o.checked(), 20);
}

/// The errors reported for one file: (line, column, message), in report order.
fn errors_in(o: &Outcome, file_suffix: &str) -> Vec<(u64, u64, String)> {
    o.errors()
        .iter()
        .filter(|e| e["file"].as_str().unwrap().ends_with(file_suffix))
        .map(|e| {
            (
                e["line"].as_u64().unwrap(),
                e["column"].as_u64().unwrap(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A valid JSON dossier on one line; `melder` and `rest` are spliced in as written.
fn json_dossier(id: &str, melder: &str, rest: &str) -> String {
    format!(
        r#"{{"formaat": "vtdossier/1", "id": "{id}", "regio": "utrecht", "soort": "melding", "ontvangen": "2025-03-07", "melder": {{"hoedanigheid": "professional", "rol": "melder", "bekend": true{melder}}}, "betrokkenen": [{{"id": "P1", "rol": "ouder"}}], "gebeurtenissen": [{{"soort": "register_geraadpleegd", "datum": "2025-03-10"}}]{rest}}}"#
    )
}

/// 1-based column of the `n`-th (0-based) occurrence of `needle` in an ASCII line.
fn col_of(line: &str, needle: &str, n: usize) -> u64 {
    line.match_indices(needle).nth(n).expect(needle).0 as u64 + 1
}

#[test]
fn a_duplicate_json_key_is_an_input_error_at_its_second_occurrence() {
    let lines = [
        // A field of `melder` twice: the last value must not silently win.
        json_dossier("DUBBEL-MELDER", r#", "bekend": false"#, ""),
        // The dossier's own id twice.
        json_dossier("DUBBEL-ID-A", "", r#", "id": "DUBBEL-ID-B""#),
        // An unknown key twice, in a betrokkene: reported without repeating the key.
        json_dossier("DUBBEL-ONBEKEND", "", "").replace(
            r#"{"id": "P1", "rol": "ouder"}"#,
            r#"{"id": "P1", "opmerking_geheim": 1, "rol": "ouder", "opmerking_geheim": 2}"#,
        ),
        // Two ratings of one voorwaarde in a monitoring contact.
        json_dossier(
            "DUBBEL-OORDEEL",
            "",
            "",
        )
        .replace(
            r#""datum": "2025-03-10"}]"#,
            r#""datum": "2025-03-10"}, {"soort": "monitoring", "datum": "2025-04-10", "beoordeling": {"V1": "nageleefd", "V1": "deels"}}]"#,
        ),
        // A key twice in an event of an unknown kind, which is otherwise only a warning.
        json_dossier("DUBBEL-SOORT", "", "").replace(
            r#""datum": "2025-03-10"}]"#,
            r#""datum": "2025-03-10"}, {"soort": "huisbezoek", "datum": "2025-03-11", "datum": "2025-03-12"}]"#,
        ),
        json_dossier("JSON-GOED", "", ""),
    ];
    let jsonl = lines.join("\n") + "\n";
    // The same mistake in a pretty-printed `.json` file: the line and column of the second key.
    let pretty = "{\n  \"formaat\": \"vtdossier/1\",\n  \"id\": \"DUBBEL-PRETTY\",\n  \
                  \"regio\": \"utrecht\",\n  \"soort\": \"melding\",\n  \
                  \"ontvangen\": \"2025-03-07\",\n    \"soort\": \"advies\"\n}\n";
    let dir = generated(&[
        ("dubbel.jsonl", jsonl.as_bytes()),
        ("dubbel.json", pretty.as_bytes()),
    ]);
    let o = check_in(dir.path(), ".");
    // goed.yaml and JSON-GOED are checked; the six others are invalid.
    assert_rejected(&o, 2, &[]);
    assert_eq!(o.invalid(), 6, "{}", o.errors_text());
    assert_eq!(
        errors_in(&o, "dubbel.jsonl"),
        [
            (
                1,
                col_of(&lines[0], "\"bekend\"", 1),
                "veld `melder.bekend` komt twee keer voor".to_string()
            ),
            (
                2,
                col_of(&lines[1], "\"id\"", 2),
                "veld `id` komt twee keer voor".to_string()
            ),
            (
                3,
                col_of(&lines[2], "\"opmerking_geheim\"", 1),
                "een veld komt twee keer voor in `betrokkenen[1]`".to_string()
            ),
            (
                4,
                col_of(&lines[3], "\"V1\"", 1),
                "een voorwaarde komt twee keer voor in `gebeurtenissen[2].beoordeling`".to_string()
            ),
            (
                5,
                col_of(&lines[4], "\"datum\"", 2),
                "veld `gebeurtenissen[2].datum` komt twee keer voor".to_string()
            ),
        ],
        "{}",
        o.errors_text()
    );
    assert_eq!(
        errors_in(&o, "dubbel.json"),
        [(7, 5, "veld `soort` komt twee keer voor".to_string())]
    );
    // The unknown key (it could be the exporter's free text) is not echoed.
    assert!(!o.errors_text().contains("opmerking_geheim"));
}

#[test]
fn dates_outside_the_format_are_input_errors_that_name_the_field() {
    // YAML: `ontvangen` is on line 6 of the good dossier, its value at column 12.
    let yaml_bad = [
        ("iso-spatie.yaml", "2025-03-07 10:15"),
        ("nl-t.yaml", "10-03-2025T10:15"),
        ("nl-spatie.yaml", "10-03-2025 10:15"),
        ("voorloop.yaml", "\"  2025-03-07\""),
        ("naloop.yaml", "\"2025-03-07T10:15 \""),
    ];
    // Accepted: every form the format defines.
    let yaml_good = [
        ("iso.yaml", "2025-03-07T10:15"),
        ("seconden.yaml", "2025-03-07T10:15:30"),
        ("offset.yaml", "2025-03-07T10:15+01:00"),
        ("utc.yaml", "2025-03-07T09:15Z"),
        ("nl.yaml", "07-03-2025"),
    ];
    let mut files: Vec<(String, String)> = Vec::new();
    for (i, (name, value)) in yaml_bad.iter().chain(yaml_good.iter()).enumerate() {
        let text = GOOD
            .replace("ontvangen: 2025-03-07", &format!("ontvangen: {value}"))
            .replace("GOED-1", &format!("DATUM-{i}"));
        files.push((name.to_string(), text));
    }
    // JSON Lines: the dossier date and an event date.
    let jsonl_lines = [
        json_dossier("JSON-SPATIE", "", "").replace("\"2025-03-07\"", "\"2025-03-07 10:15\""),
        json_dossier("JSON-DDMM-T", "", "").replace("\"2025-03-07\"", "\"07-03-2025T10:15\""),
        json_dossier("JSON-NALOOP", "", "").replace("\"2025-03-10\"", "\"2025-03-10 \""),
        json_dossier("JSON-GOED", "", "").replace("\"2025-03-07\"", "\"07-03-2025\""),
    ];
    files.push(("datums.jsonl".into(), jsonl_lines.join("\n") + "\n"));
    // The CSV event log keeps its own `DD-MM-JJJJ UU:MM` (docs/csv.md).
    files.push((
        "log.csv".into(),
        "dossier;regio;soort;ontvangen;melder_hoedanigheid;melder_rol;melder_bekend;gebeurtenis;datum\n\
         CSV-1;utrecht;melding;07-03-2025 10:15;professional;melder;ja;register_geraadpleegd;10-03-2025 09:00\n"
            .into(),
    ));
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_bytes()))
        .collect();
    let dir = generated(&refs);
    let o = check_in(dir.path(), ".");
    // goed.yaml, the five good YAML dates, JSON-GOED and the CSV dossier.
    assert_rejected(&o, 8, &[]);
    assert_eq!(o.invalid(), 8, "{}", o.errors_text());
    for (name, _) in yaml_bad {
        let errors = errors_in(&o, name);
        assert_eq!(errors.len(), 1, "{name}: {errors:?}");
        let (line, col, msg) = &errors[0];
        assert_eq!((*line, *col), (6, 12), "{name}: {msg}");
        assert!(
            msg.starts_with("ongeldige datum") && msg.ends_with("in `ontvangen`"),
            "{name}: {msg}"
        );
    }
    for (name, _) in yaml_good {
        assert!(errors_in(&o, name).is_empty(), "{name}");
    }
    let at = |line: &str, needle: &str| col_of(line, needle, 0);
    assert_eq!(
        errors_in(&o, "datums.jsonl"),
        [
            (
                1,
                at(&jsonl_lines[0], "\"2025-03-07 10:15\""),
                "ongeldige datum: een datum met tijd heeft de vorm \
                 JJJJ-MM-DDTUU:MM in `ontvangen`"
                    .to_string()
            ),
            (
                2,
                at(&jsonl_lines[1], "\"07-03-2025T10:15\""),
                "ongeldige datum: een datum met tijd heeft de vorm \
                 JJJJ-MM-DDTUU:MM in `ontvangen`"
                    .to_string()
            ),
            (
                3,
                at(&jsonl_lines[2], "\"2025-03-10 \""),
                "ongeldige datum: spaties voor of na de datum horen er niet bij \
                 in `gebeurtenissen[1].datum`"
                    .to_string()
            ),
        ],
        "{}",
        o.errors_text()
    );
    assert!(errors_in(&o, "log.csv").is_empty(), "{}", o.errors_text());
}

#[test]
fn an_empty_or_fractional_id_is_an_input_error() {
    let with_id = |id: &str| GOOD.replace("id: GOED-1", &format!("id: {id}"));
    let item_empty = GOOD
        .replace("GOED-1", "ITEM-LEEG")
        .replace("{id: P1,", "{id: \"\",");
    let json_lines = [
        json_dossier("X", "", "").replace("\"id\": \"X\"", "\"id\": 1e3"),
        json_dossier("X", "", "").replace("\"id\": \"X\"", "\"id\": \"\""),
        json_dossier("X", "", "").replace("\"id\": \"X\"", "\"id\": 12345678901234567890"),
        // Accepted: an integer id.
        json_dossier("X", "", "").replace("\"id\": \"X\"", "\"id\": 4711"),
    ];
    let jsonl = json_lines.join("\n") + "\n";
    let files = [
        ("leeg.yaml", with_id("\"\"")),
        ("spaties.yaml", with_id("\"   \"")),
        ("komma.yaml", with_id("1.5")),
        ("exponent.yaml", with_id("1e3")),
        ("item-leeg.yaml", item_empty),
        // Accepted: an integer id, and a quoted number.
        ("geheel.yaml", with_id("1000")),
        ("tekst.yaml", with_id("\"1001\"")),
        ("ids.jsonl", jsonl),
    ];
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let dir = generated(&refs);
    let o = check_in(dir.path(), ".");
    // goed.yaml, geheel.yaml, tekst.yaml and the integer id of the JSON Lines.
    assert_rejected(&o, 4, &[]);
    assert_eq!(o.invalid(), 8, "{}", o.errors_text());
    // An empty id is reported at its value, as any other invalid value (not at the dossier,
    // which starts on line 2).
    let empty = (3, 5, "verplicht veld `id` is leeg".to_string());
    assert_eq!(errors_in(&o, "/leeg.yaml"), std::slice::from_ref(&empty));
    assert_eq!(errors_in(&o, "spaties.yaml"), [empty]);
    let float = "`id` moet een code of geheel getal zijn, gevonden: getal met decimalen of exponent, of te \
         groot voor een geheel getal";
    assert_eq!(errors_in(&o, "komma.yaml"), [(3, 5, float.to_string())]);
    assert_eq!(errors_in(&o, "exponent.yaml"), [(3, 5, float.to_string())]);
    assert_eq!(
        errors_in(&o, "item-leeg.yaml"),
        [(
            9,
            10,
            "verplicht veld `betrokkenen[1].id` is leeg".to_string()
        )]
    );
    let id_col = |i: usize| col_of(&json_lines[i], "\"id\": ", 0) + 6;
    assert_eq!(
        errors_in(&o, "ids.jsonl"),
        [
            (1, id_col(0), float.to_string()),
            (2, id_col(1), "verplicht veld `id` is leeg".to_string()),
            (3, id_col(2), float.to_string()),
        ],
        "{}",
        o.errors_text()
    );
    for f in ["geheel.yaml", "tekst.yaml"] {
        assert!(errors_in(&o, f).is_empty(), "{f}");
    }
}

/// An id inside a list of ids follows the rule of a single id: a code or a whole number. `1.5`
/// and `true` used to become the ids "1.5" and "true", which a reference check would then judge.
#[test]
fn a_list_of_ids_takes_codes_and_whole_numbers_only() {
    let with_ids = |ids: &str| {
        GOOD.replace("GOED-1", "LIJST-1").replace(
            "    over: uitkomst_beoordeling\n  - soort: betrokkenen_geinformeerd",
            &format!(
                "    over: uitkomst_beoordeling\n  - soort: betrokkenen_geinformeerd\n    \
                 personen: {ids}"
            ),
        )
    };
    let bad = with_ids("[P1, 1.5, true]");
    let good = with_ids("[P1, 7, \"8\"]").replace("LIJST-1", "LIJST-2");
    assert!(bad.contains("personen: [P1, 1.5, true]"), "{bad}");
    let dir = generated(&[
        ("fout.yaml", bad.as_bytes()),
        ("goed.yaml", good.as_bytes()),
    ]);
    let o = check_in(dir.path(), ".");
    assert_eq!((o.checked(), o.invalid()), (1, 1), "{}", o.errors_text());
    let path = "gebeurtenissen[4].personen";
    assert_eq!(
        errors_in(&o, "fout.yaml"),
        [
            (
                20,
                20,
                format!(
                    "`{path}[2]` moet een code of geheel getal zijn, gevonden: getal met \
                     decimalen of exponent, of te groot voor een geheel getal"
                )
            ),
            (
                20,
                25,
                format!("`{path}[3]` moet een code of nummer zijn, gevonden: ja/nee-waarde")
            ),
        ],
        "{}",
        o.errors_text()
    );
    assert!(errors_in(&o, "goed.yaml").is_empty());
}

/// A required field present but empty is reported at the field: an explicit empty value at
/// the value, a value left out (`regio:`) at its key (the parser places it at the colon, or on
/// the next line), never at the start of the dossier.
#[test]
fn an_empty_required_field_is_reported_at_the_field() {
    let with = |from: &str, to: &str| {
        assert!(GOOD.contains(from));
        GOOD.replacen(from, to, 1)
    };
    let regio_line = GOOD.lines().position(|l| l.starts_with("regio:")).unwrap() as u64 + 1;
    let soort_line = GOOD.lines().position(|l| l.starts_with("soort:")).unwrap() as u64 + 1;
    let regio = GOOD.lines().find(|l| l.starts_with("regio:")).unwrap();
    let soort = GOOD.lines().find(|l| l.starts_with("soort:")).unwrap();
    let files = [
        (
            "regio.yaml",
            with(regio, "regio:").replace("GOED-1", "LEEG-1"),
        ),
        (
            "soort.yaml",
            with(soort, "soort: ~").replace("GOED-1", "LEEG-2"),
        ),
        (
            "event.yaml",
            format!(
                "{}  - soort:\n    datum: 2025-03-15\n",
                GOOD.replace("GOED-1", "LEEG-3")
            ),
        ),
    ];
    let refs: Vec<(&str, &[u8])> = files.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
    let dir = generated(&refs);
    let o = check_in(dir.path(), ".");
    assert_eq!((o.checked(), o.invalid()), (1, 3), "{}", o.errors_text());
    assert_eq!(
        errors_in(&o, "regio.yaml"),
        [(regio_line, 1, "verplicht veld `regio` is leeg".to_string())]
    );
    assert_eq!(
        errors_in(&o, "soort.yaml"),
        [(soort_line, 8, "verplicht veld `soort` is leeg".to_string())]
    );
    let event_line = files[2].1.lines().count() as u64 - 1;
    let events = GOOD.lines().filter(|l| l.starts_with("  - soort:")).count() + 1;
    assert_eq!(
        errors_in(&o, "event.yaml"),
        [(
            event_line,
            5,
            format!("verplicht veld `gebeurtenissen[{events}].soort` is leeg")
        )]
    );
}

/// An event whose `soort` is null, empty, a list, a number or a truth value is an input error, as
/// any empty required field or wrong type is; it used to pass as an "unknown kind" (a warning), and the event
/// silently dropped out of every rule. A required text of spaces (`reden`) is empty too.
#[test]
fn an_empty_event_kind_or_reason_is_an_input_error() {
    let with_events = |id: &str, events: &str| {
        let mut t = GOOD.replace("GOED-1", id);
        if !t.ends_with('\n') {
            t.push('\n');
        }
        t + events
    };
    let kinds = with_events(
        "SOORT-1",
        "  - {soort: null, datum: 2025-03-15}\n  - {soort: \"\", datum: 2025-03-15}\n  \
         - {soort: \"  \", datum: 2025-03-15}\n  - {soort: [overdracht], datum: 2025-03-15}\n  \
         - {soort: 5, datum: 2025-03-15}\n  - {soort: true, datum: 2025-03-15}\n",
    );
    let reasons = with_events(
        "REDEN-1",
        "  - {soort: informeren_uitgesteld, datum: 2025-03-15, reden: \"\"}\n  \
         - {soort: informeren_uitgesteld, datum: 2025-03-16, reden: \"   \"}\n",
    );
    let dir = generated(&[
        ("soort.yaml", kinds.as_bytes()),
        ("reden.yaml", reasons.as_bytes()),
    ]);
    let o = check_in(dir.path(), ".");
    assert_eq!((o.checked(), o.invalid()), (1, 2), "{}", o.errors_text());
    let empty = |i: usize, f: &str| format!("verplicht veld `gebeurtenissen[{i}].{f}` is leeg");
    assert_eq!(
        errors_in(&o, "soort.yaml"),
        [
            (22, 13, empty(5, "soort")),
            (23, 13, empty(6, "soort")),
            (24, 13, empty(7, "soort")),
            (
                25,
                13,
                "`gebeurtenissen[8].soort` moet tekst zijn, gevonden: lijst".to_string()
            ),
            (
                26,
                13,
                "`gebeurtenissen[9].soort` moet tekst zijn, gevonden: getal".to_string()
            ),
            (
                27,
                13,
                "`gebeurtenissen[10].soort` moet tekst zijn, gevonden: ja/nee-waarde".to_string()
            ),
        ],
        "{}",
        o.errors_text()
    );
    assert_eq!(
        errors_in(&o, "reden.yaml"),
        [(22, 62, empty(5, "reden")), (23, 62, empty(6, "reden"))],
        "{}",
        o.errors_text()
    );
    assert!(
        o.warnings().is_empty(),
        "no unknown-kind warning: {:?}",
        o.warnings()
    );
}

/// Hidden files and directories in an export are not read, but never silently: each is named in
/// a warning (they used to vanish from the counts without a word). Named on the command line, a
/// hidden file is read like any other.
#[test]
fn hidden_entries_of_a_directory_are_skipped_with_a_warning() {
    let dir = generated(&[(
        ".verborgen.yaml",
        GOOD.replace("GOED-1", "VERBORGEN-1").as_bytes(),
    )]);
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::write(
        dir.path().join(".git/d.yaml"),
        GOOD.replace("GOED-1", "GIT-1"),
    )
    .unwrap();
    std::fs::write(dir.path().join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    let o = check_in(dir.path(), ".");
    assert_eq!((o.checked(), o.invalid()), (1, 0));
    let warned: Vec<(String, String, Option<String>)> = o
        .warnings()
        .iter()
        .map(|w| {
            (
                w["file"].as_str().unwrap().to_string(),
                w["message"].as_str().unwrap().to_string(),
                w["help"].as_str().map(str::to_string),
            )
        })
        .collect();
    // The hint fits the entry (review 31: `.git` was told to lose its dot): a directory is
    // told how to read one that holds dossiers, a file that is no dossier file gets none.
    let file = "overgeslagen: verborgen bestand (naam begint met een punt)";
    assert_eq!(
        warned,
        [
            (
                "./.DS_Store".to_string(),
                file.to_string(),
                None,
            ),
            (
                "./.git".to_string(),
                "overgeslagen: verborgen map (naam begint met een punt)".to_string(),
                Some("een verborgen map (zoals .git) wordt niet doorzocht; staan er dossiers in, geef de map dan zelf op".to_string()),
            ),
            (
                "./.verborgen.yaml".to_string(),
                file.to_string(),
                Some("geef het pad zelf op om het toch te lezen, of geef het een naam zonder punt".to_string()),
            ),
        ]
    );
    let o = check_in(dir.path(), ".verborgen.yaml");
    assert_eq!((o.checked(), o.invalid()), (1, 0));
    assert!(o.warnings().is_empty());
}

/// A YAML document that starts on its own `--- ` line: positions on that line count the four
/// columns of the marker (they were four short).
#[test]
fn positions_on_a_document_marker_line_count_the_marker() {
    let line = |id: &str, date: &str| {
        format!(
            "--- {{formaat: vtdossier/1, id: {id}, regio: utrecht, soort: advies, ontvangen: {date}}}\n"
        )
    };
    let bad = line("B", "2023-02-30");
    let text = line("A", "2023-03-06") + &bad;
    let dir = generated(&[("markers.yaml", text.as_bytes())]);
    let o = check_in(dir.path(), "markers.yaml");
    assert_eq!((o.checked(), o.invalid()), (1, 1), "{}", o.errors_text());
    let col = bad.find("2023-02-30").unwrap() as u64 + 1;
    assert_eq!(col, 77);
    let found = errors_in(&o, "markers.yaml");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0, found[0].1), (2, col), "{found:?}");
}

/// Two items with one id (two `V1`): references and findings name items by id, so the repeat is
/// a warning at the second id, in YAML and JSON alike; the dossier is still checked, and the id
/// (the exporter's text) is not echoed.
#[test]
fn a_repeated_item_id_is_a_warning_at_the_repeat() {
    let line = json_dossier(
        "DUBBEL-ITEM",
        "",
        r#", "situaties": [{"id": "S1", "omschrijving": "x", "prioriteit": 1}, {"id": "S2", "omschrijving": "y", "prioriteit": 2}, {"id": "S1", "omschrijving": "z", "prioriteit": 3}]"#,
    );
    let yaml = GOOD.replace(
        "  - {id: P1, rol: ouder}\n",
        "  - {id: P1, rol: ouder}\n  - {id: P1, rol: kind}\n",
    );
    assert_ne!(yaml, GOOD, "the fixture has the betrokkene to repeat");
    let dir = generated(&[
        ("items.jsonl", format!("{line}\n").as_bytes()),
        ("items.yaml", yaml.as_bytes()),
    ]);
    let o = check_in(dir.path(), ".");
    assert_eq!((o.checked(), o.invalid()), (3, 0), "{}", o.errors_text());
    let mut seen: Vec<(String, u64, u64, String)> = o
        .warnings()
        .iter()
        .map(|w| {
            (
                w["file"].as_str().unwrap().to_string(),
                w["line"].as_u64().unwrap(),
                w["column"].as_u64().unwrap(),
                w["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    seen.sort();
    let yaml_line = yaml
        .lines()
        .position(|l| l == "  - {id: P1, rol: kind}")
        .unwrap() as u64
        + 1;
    assert_eq!(
        seen,
        [
            (
                "./items.jsonl".to_string(),
                1,
                col_of(&line, "\"S1\"", 1),
                "een id komt twee keer voor in `situaties`".to_string()
            ),
            (
                "./items.yaml".to_string(),
                yaml_line,
                10,
                "een id komt twee keer voor in `betrokkenen`".to_string()
            ),
        ]
    );
}

/// Errors come in reading order: a line that is no UTF-8 (cut out by the reader, before any
/// parsing) is listed before the errors of the lines after it.
#[test]
fn unreadable_lines_are_reported_in_reading_order() {
    let mut bytes = (json_dossier("A-1", "", "") + "\n").into_bytes();
    let at = bytes.iter().position(|&b| b == b'A').unwrap();
    bytes[at] = 0xff;
    bytes.extend_from_slice(b"{\"formaat\":\"vtdossier/1\",\"id\":\"B-2\"}\n");
    bytes.extend_from_slice(b"{\"formaat\":\"vtdossier/1\",\"id\":\n");
    let dir = generated(&[("volgorde.jsonl", &bytes)]);
    let o = check_in(dir.path(), ".");
    let lines: Vec<u64> = errors_in(&o, "volgorde.jsonl")
        .iter()
        .map(|e| e.0)
        .collect();
    assert_eq!(lines.first(), Some(&1), "{lines:?}");
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
    assert_eq!(o.invalid(), 3, "{}", o.errors_text());
}

/// Line breaks written as a lone CR are line breaks (YAML says so): the dossier is read, not
/// taken for one long comment. `.inf` where a number belongs is named, not "syntaxisfout".
#[test]
fn cr_line_breaks_and_non_finite_numbers() {
    let cr = GOOD.replace("GOED-1", "CR-1").replace('\n', "\r");
    let inf = "formaat: vtdossier/1\nid: INF-1\nregio: utrecht\nsoort: melding\nontvangen: 2025-03-07\nbetrokkenen:\n  - id: P1\n    rol: kind\n    geboortejaar: .inf\n";
    let dir = generated(&[("cr.yaml", cr.as_bytes()), ("inf.yaml", inf.as_bytes())]);
    let o = check_in(dir.path(), ".");
    assert!(errors_in(&o, "cr.yaml").is_empty(), "{}", o.errors_text());
    assert_eq!(o.checked(), 2);
    let inf_errors = errors_in(&o, "inf.yaml");
    assert_eq!(inf_errors.len(), 1, "{inf_errors:?}");
    assert_eq!((inf_errors[0].0, inf_errors[0].1), (9, 19));
    assert!(inf_errors[0].2.contains(".inf"), "{inf_errors:?}");
}

/// `.nan`, `.inf` and `1e400` are YAML floats (pandas-based exporters write `.nan` for a
/// missing number): in an `x_` extension they pass silently, as the same value does in JSON
/// Lines; they rejected the whole dossier while the YAML was parsed. In a field of the format
/// they are an error at the value.
#[test]
fn non_finite_yaml_floats_pass_in_extensions_and_fail_in_fields() {
    let with =
        |id: &str, line: &str| format!("{}{line}\n", GOOD.replace("GOED-1", id)).into_bytes();
    let dir = generated(&[
        ("x/nan.yaml", &with("X-1", "x_score: .nan")),
        ("x/inf.yaml", &with("X-2", "x_score: [-.Inf, 1e400]")),
        (
            "y/veld.yaml",
            &GOOD
                .replacen(
                    "betrokkenen:\n",
                    "betrokkenen:\n  - {id: P9, rol: kind, geboortejaar: .nan}\n",
                    1,
                )
                .into_bytes(),
        ),
    ]);
    let o = check_in(dir.path(), "x");
    assert_accepted(&o, 2);
    let o = check_in(dir.path(), "y");
    assert_eq!(o.invalid(), 1, "{}", o.errors_text());
    assert_eq!(o.errors()[0]["line"], 9, "{}", o.errors_text());
    assert!(
        o.message_of("veld.yaml")
            .contains("moet een geheel getal zijn, gevonden: oneindig of geen getal"),
        "{}",
        o.errors_text()
    );
}

/// A manifest count below zero is told what it must be: "a whole number" alone read wrong for
/// -1, which is one.
#[test]
fn a_negative_manifest_count_says_it_must_be_zero_or_more() {
    let dir = generated(&[(
        "export.yaml",
        b"formaat: vtexport/1\nexportdatum: 2025-06-30\naantal_dossiers: -1\n",
    )]);
    let o = check_in(dir.path(), ".");
    assert_eq!(o.code, 2, "{}", o.stderr);
    assert_eq!(
        errors_in(&o, "export.yaml"),
        [(
            3,
            18,
            "`aantal_dossiers` moet een geheel getal van 0 of meer zijn".to_string()
        )],
        "{}",
        o.errors_text()
    );
}

/// JSON spread over several lines in a `.jsonl` file: every line is a dossier that fails (the
/// format reads one per line), and the line that only opens the object says what is going on,
/// once per dossier.
#[test]
fn pretty_printed_json_in_a_json_lines_file_gets_a_hint() {
    let text = "{\n  \"formaat\": \"vtdossier/1\",\n  \"id\": \"A-1\"\n}\n";
    let dir = generated(&[("opgemaakt.jsonl", text.as_bytes())]);
    let o = check_in(dir.path(), ".");
    let errors: Vec<&Value> = o
        .errors()
        .iter()
        .filter(|e| e["file"].as_str().unwrap().ends_with("opgemaakt.jsonl"))
        .collect();
    assert_eq!(errors.len(), 4, "{}", o.errors_text());
    assert!(
        errors[0]["help"]
            .as_str()
            .is_some_and(|h| h.contains("extensie .json")),
        "{}",
        o.errors_text()
    );
    assert!(
        errors[1..].iter().all(|e| e.get("help").is_none()),
        "{}",
        o.errors_text()
    );
    // On standard input a list spread over lines gets this hint, worded for standard input,
    // not the CSV one (rev40 F7).
    let out = vtcheck_in(dir.path())
        .args(["check", "--format", "json", "--no-config", "-"])
        .write_stdin(format!("[\n{text}]\n"))
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let helps: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["help"].as_str())
        .collect();
    assert_eq!(helps.len(), 1, "{helps:?}");
    assert!(
        helps[0].contains("Standaardinvoer (`-`) leest alleen JSON Lines"),
        "{helps:?}"
    );
    assert!(!helps[0].contains("CSV"), "{helps:?}");
}
