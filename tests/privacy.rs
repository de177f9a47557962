//! Privacy and failure behaviour of the binary: BSN-like numbers never appear in any output, a
//! panic is an internal error without a backtrace, reports are written privately, and the
//! program has no way to open a network connection.

mod common;
use common::{assert_exit, findings, vtcheck};

/// 111222333 passes the elfproef (9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3−1·3 = 66 = 6·11).
const BSN_FORMS: [&str; 3] = ["111222333", "111.222.333", "111 222 333"];

/// A valid dossier whose free text carries a BSN: in the summary, a situation and in voorwaarden
/// that rules flag (VT-V04 vague words, VT-V06 a sentence of 33 words that contains the number,
/// so the flagged phrase itself holds it).
const WITH_BSN: &str = r#"formaat: vtdossier/1
id: PRIV-1
regio: utrecht
soort: melding
ontvangen: 2025-03-07
samenvatting: "Moeder (BSN 111222333) meldt zorgen."
melder: {hoedanigheid: professional, rol: melder, bekend: true}
betrokkenen:
  - {id: P1, rol: ouder}
situaties:
  - {id: S1, omschrijving: "Vader met BSN 111.222.333 schreeuwt.", prioriteit: 1}
voorwaarden:
  - id: V1
    situatie: S1
    tekst: "Moeder met BSN 111222333 zorgt voldoende voor een veilige situatie en de gezinscoach bespreekt het loyaliteitsconflict van de kinderen elke week uitgebreid met beide ouders en met de school en met de huisarts."
    opgesteld: 2025-03-20
    besproken_met: [directbetrokkenen]
  - id: V2
    situatie: S1
    tekst: "Vader (111 222 333) mag niet meer schreeuwen."
    opgesteld: 2025-03-20
    besproken_met: [directbetrokkenen]
gebeurtenissen:
  - soort: veiligheidsbeoordeling
    datum: 2025-03-14
    besluit: voorwaarden_en_vervolg
"#;

/// Invalid dossiers that put the BSN where diagnostics look: an unknown enumeration value, an
/// unknown key, an unknown event kind, a date field, the format version.
const BROKEN_WITH_BSN: &str = r#"formaat: vtdossier/1
id: PRIV-2
regio: utrecht
soort: melding
ontvangen: "111222333"
111222333: onbekend veld
melder: {hoedanigheid: "111222333", rol: melder, bekend: true}
betrokkenen:
  - {id: P1, rol: "BSN 111 222 333"}
gebeurtenissen:
  - soort: "111.222.333"
    datum: 2025-03-14
---
formaat: vtdossier/111222333
id: PRIV-3
"#;

/// The same in a CSV event log: a BSN in a voorwaarde text and in the summary, and in cells that
/// the CSV reader reports (unknown enumeration value, ja/nee, a date, an event kind).
const CSV_WITH_BSN: &str = "dossier;regio;soort;ontvangen;acuut;samenvatting;melder_hoedanigheid;melder_rol;melder_bekend;gebeurtenis;datum;id;rol;situatie;tekst;besproken_met;besluit
CSV-1;utrecht;melding;07-03-2025 10:15;nee;Moeder BSN 111222333;professional;melder;ja;situatie;;S1;;;;;
CSV-1;utrecht;melding;07-03-2025 10:15;nee;Moeder BSN 111222333;professional;melder;ja;voorwaarde;20-03-2025;V1;;S1;\"Moeder met BSN 111222333 zorgt voldoende voor een veilige situatie en de gezinscoach bespreekt het loyaliteitsconflict van de kinderen elke week uitgebreid met beide ouders en met de school en met de huisarts.\";directbetrokkenen;
CSV-1;utrecht;melding;07-03-2025 10:15;nee;Moeder BSN 111222333;professional;melder;ja;veiligheidsbeoordeling;14-03-2025;;;;;;voorwaarden_en_vervolg
CSV-2;utrecht;melding;07-03-2025;nee;;111222333;melder;ja;betrokkene;;P1;111.222.333;;;;
CSV-2;utrecht;melding;111222333;nee;;professional;melder;ja;111 222 333;07-03-2025;;;;;;
CSV-3;utrecht;melding;07-03-2025;111222333;;professional;melder;ja;;;;;;;;
";

fn export() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("met-bsn.yaml"), WITH_BSN).unwrap();
    std::fs::write(dir.path().join("kapot.yaml"), BROKEN_WITH_BSN).unwrap();
    std::fs::write(dir.path().join("log.csv"), CSV_WITH_BSN).unwrap();
    dir
}

fn assert_no_bsn(what: &str, stdout: &str, stderr: &str) {
    for bsn in BSN_FORMS {
        assert!(
            !stdout.contains(bsn) && !stderr.contains(bsn),
            "{bsn} printed by {what}:\n{stdout}\n{stderr}"
        );
    }
}

#[test]
fn bsns_are_masked_in_every_output_format() {
    let dir = export();
    for format in ["human", "json", "jsonl", "sarif", "junit", "csv", "github"] {
        for show_text in [false, true] {
            let mut cmd = vtcheck();
            cmd.current_dir(dir.path()).args([
                "check",
                "--no-config",
                "--as-of",
                "2025-06-30",
                "--format",
                format,
                ".",
            ]);
            if show_text {
                cmd.arg("--show-text");
            }
            let out = cmd.output().unwrap();
            assert_eq!(out.status.code(), Some(2), "{format}");
            let stdout = String::from_utf8(out.stdout).unwrap();
            let stderr = String::from_utf8(out.stderr).unwrap();
            assert_no_bsn(
                &format!("check --format {format} (show_text {show_text})"),
                &stdout,
                &stderr,
            );
            // The diagnostics that would have carried it are there, without it: a key that is
            // not shaped like a field name is not repeated at all.
            assert!(
                stderr.contains("de sleutel lijkt tekst (een regel zonder inspringing?)"),
                "{format}: {stderr}"
            );
            // The CSV reader names the column, not the cell.
            assert!(
                stderr.contains("kolom `melder_hoedanigheid`: onbekende waarde"),
                "{format}: {stderr}"
            );
            let masked_phrase = "Moeder met BSN ********* zorgt voldoende";
            match format {
                // The person reading the human report needs the words; the number stays masked.
                "human" => assert!(stdout.contains(masked_phrase)),
                // Machine formats show phrases only when asked, and then masked.
                "json" | "jsonl" => assert_eq!(stdout.contains(masked_phrase), show_text),
                _ => assert!(!stdout.contains("Moeder met BSN")),
            }
            if format == "json" {
                // Not shaped like a format name (`vtdossier/2`): not repeated at all.
                assert!(stdout.contains("onbekend formaat: deze vtcheck leest `vtdossier/1`"));
            }
        }
    }
}

#[test]
fn bsns_are_masked_in_the_regional_comparison() {
    let dir = export();
    for format in ["table", "csv", "json", "markdown", "html"] {
        let out = vtcheck()
            .current_dir(dir.path())
            .args([
                "compare",
                "--no-config",
                "--as-of",
                "2025-06-30",
                "--format",
                format,
                ".",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{format}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_no_bsn(&format!("compare --format {format}"), &stdout, &stderr);
        assert!(stderr.contains("de sleutel lijkt tekst"), "{stderr}");
    }
}

/// A line of free text that lost its indentation becomes a key; the unknown-key warning must not
/// carry the sentence into the report or the terminal (no `--show-text` here).
/// A melding `id` received 07-03-2025 with a known professional melder and no betrokkenen, then
/// `rest` (situaties, voorwaarden, gebeurtenissen).
fn melding(id: &str, rest: &str) -> String {
    format!(
        "formaat: vtdossier/1\nid: {id}\nregio: utrecht\nsoort: melding\nontvangen: 2025-03-07\n\
         melder: {{hoedanigheid: professional, rol: melder, bekend: true}}\nbetrokkenen: []\n{rest}"
    )
}

/// None of `words` (dossier free text) appears in the run's standard output or error.
fn assert_not_shown(format: &str, stdout: &str, stderr: &str, words: &[&str]) {
    for (what, text) in [("stdout", stdout), ("stderr", stderr)] {
        for w in words {
            assert!(!text.contains(w), "{format} {what} shows {w:?}: {text}");
        }
    }
}

/// Standard output and error of `check d.yaml` in `dir` in `format`.
fn check_d_yaml(dir: &std::path::Path, format: &str) -> (String, String) {
    check_d_yaml_with(dir, format, &[])
}

/// [`check_d_yaml`] with `extra` arguments before `d.yaml` (`--waivers w.yaml`).
fn check_d_yaml_with(dir: &std::path::Path, format: &str, extra: &[&str]) -> (String, String) {
    let (_, stdout, stderr) = check_in(dir, format, extra, "d.yaml");
    (stdout, stderr)
}

/// `check --format FORMAT EXTRA PATH` in `dir` at as-of 2025-06-30: exit code, standard output
/// and standard error.
fn check_in(
    dir: &std::path::Path,
    format: &str,
    extra: &[&str],
    path: &str,
) -> (Option<i32>, String, String) {
    let out = vtcheck()
        .current_dir(dir)
        .args([
            "check",
            "--no-config",
            "--as-of",
            "2025-06-30",
            "--format",
            format,
        ])
        .args(extra)
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn free_text_that_became_a_key_is_not_repeated_in_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let sentence = "Oudste broer zegt";
    std::fs::write(
        dir.path().join("d.yaml"),
        format!(
            "formaat: vtdossier/1\nid: PRIV-9\nregio: utrecht\nsoort: advies\nontvangen: 2025-03-07\n\
             samenvatting: Intern begeleider meldt zorgen.\n{sentence}: moeder slaat ons\n\
             melder: {{hoedanigheid: professional, rol: melder, bekend: true}}\nbetrokkenen: []\n\
             gebeurtenissen: []\n"
        ),
    )
    .unwrap();
    for format in ["json", "human"] {
        let (stdout, stderr) = check_d_yaml(dir.path(), format);
        assert_not_shown(format, &stdout, &stderr, &["broer", "slaat"]);
        assert!(
            stderr.contains("onbekend veld in dossier: de sleutel lijkt tekst"),
            "{format}: {stderr}"
        );
    }
}

/// A sentence where a voorwaarde id belongs, as the key of a monitoring `beoordeling`: neither
/// the input error about its value nor the VT-D01 finding about the unknown reference repeats
/// it; both name the place instead.
#[test]
fn free_text_as_a_rated_voorwaarde_is_not_repeated() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = |id: &str, rating: &str| {
        melding(
            id,
            &format!(
                "gebeurtenissen:\n  - soort: monitoring\n    datum: 2025-05-01\n    beoordeling:\n      \
                 \"Vader drinkt niet meer waar de kinderen bij zijn\": {rating}\n"
            ),
        )
    };
    let text = dossier("PRIV-10", "goed") + "---\n" + &dossier("PRIV-11", "nageleefd");
    std::fs::write(dir.path().join("d.yaml"), text).unwrap();
    for format in ["json", "human", "sarif", "csv"] {
        let (stdout, stderr) = check_d_yaml(dir.path(), format);
        assert_not_shown(format, &stdout, &stderr, &["drinkt"]);
        assert!(
            stderr.contains("onbekende waarde voor `gebeurtenissen[1].beoordeling[1]`"),
            "{format}: {stderr}"
        );
        if format == "json" {
            assert!(
                stdout.contains("beoordeelt onbekende voorwaarde (niet getoond: lijkt tekst, #"),
                "{stdout}"
            );
        }
    }
}

/// A sentence as a voorwaarde's own id is not repeated as the findings' item either, and an
/// empty reference is called empty rather than hidden.
#[test]
fn free_text_as_an_item_id_is_not_repeated_and_an_empty_reference_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        melding(
            "PRIV-12",
            "situaties:\n  - {id: S1, omschrijving: x, prioriteit: 1}\n\
         voorwaarden:\n  - id: \"Vader drinkt niet meer\"\n    situatie: S1\n    \
         tekst: \"De ouders zorgen voldoende voor de kinderen.\"\n    opgesteld: 2025-03-20\n    \
         besproken_met: [directbetrokkenen]\n\
         gebeurtenissen:\n  - {soort: veiligheidsbeoordeling, datum: 2025-03-14, besluit: voorwaarden_en_vervolg}\n  \
         - {soort: overdracht, datum: 2025-03-25, partij: wijkteam, schriftelijk: true, document: D1, voorwaarden: [\"\"]}\n",
        ),
    )
    .unwrap();
    for format in ["json", "human", "sarif", "csv", "junit"] {
        let (stdout, stderr) = check_d_yaml(dir.path(), format);
        assert_not_shown(format, &stdout, &stderr, &["drinkt"]);
        if format == "json" {
            assert!(
                stdout.contains("\"item\": \"(niet getoond: lijkt tekst, #"),
                "{stdout}"
            );
            assert!(
                stdout.contains("noemt onbekende voorwaarde (leeg)"),
                "{stdout}"
            );
        }
    }
}

/// Two voorwaarden whose ids look like text keep apart in findings (each its own placeholder, so
/// baselines and fingerprints tell them apart), and a waiver that names one by the id as
/// written still waives that one only.
#[test]
fn hidden_item_ids_stay_distinct_for_baselines_and_waivers() {
    let dir = tempfile::tempdir().unwrap();
    let voorwaarde = |id: &str| {
        format!(
            "  - id: \"{id}\"\n    situatie: S1\n    tekst: \"De ouders zorgen voldoende voor de kinderen.\"\n    \
             opgesteld: 2025-03-20\n    besproken_met: [directbetrokkenen]\n"
        )
    };
    std::fs::write(
        dir.path().join("d.yaml"),
        melding(
            "PRIV-13",
            &format!(
                "situaties:\n  - {{id: S1, omschrijving: x, prioriteit: 1}}\nvoorwaarden:\n{}{}\
                 gebeurtenissen:\n  - {{soort: veiligheidsbeoordeling, datum: 2025-03-14, besluit: voorwaarden_en_vervolg}}\n",
                voorwaarde("Vader drinkt niet meer"),
                voorwaarde("Moeder zoekt hulp")
            ),
        ),
    )
    .unwrap();
    let (stdout, _) = check_d_yaml(dir.path(), "json");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let items = |r: &serde_json::Value, rule: &str| -> Vec<String> {
        findings(r)
            .iter()
            .filter(|f| f["rule"] == rule && f["status"] == "violation")
            .map(|f| f["item"].as_str().unwrap().to_string())
            .collect()
    };
    let v04 = items(&report, "VT-V04");
    assert_eq!(v04.len(), 2, "{stdout}");
    assert_ne!(v04[0], v04[1], "each hidden id is its own item");
    assert!(
        v04.iter()
            .all(|i| i.starts_with("(niet getoond: lijkt tekst, #"))
    );
    std::fs::write(
        dir.path().join("w.yaml"),
        "- {dossier: PRIV-13, regel: VT-V04, item: \"Vader drinkt niet meer\", reden: bekend, \
         goedgekeurd_door: kwaliteit, verloopt: 2026-12-31}\n",
    )
    .unwrap();
    let out = vtcheck()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--as-of",
            "2025-06-30",
            "--format",
            "json",
        ])
        .args(["--waivers", "w.yaml", "d.yaml"])
        .output()
        .unwrap();
    let waived: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        items(&waived, "VT-V04").len(),
        1,
        "one of the two is waived"
    );
    let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(!text.contains("komt met geen bevinding overeen"), "{text}");
    assert!(
        !text.contains("drinkt") && !text.contains("zoekt"),
        "{text}"
    );
}

#[test]
fn a_report_written_to_a_file_masks_bsns_and_leaves_no_temporary_file() {
    let dir = export();
    let out_dir = tempfile::tempdir().unwrap();
    let report = out_dir.path().join("rapport.json");
    let out = vtcheck()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "json", "-o"])
        .arg(&report)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let names: Vec<String> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["rapport.json"]);
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(!text.contains("111222333"));
    // Its mode is what the umask allows, as for any file a program creates (SECURITY.md; tested
    // in tests/cli.rs, a_report_file_follows_the_umask).
    // A report that cannot be put in place (the target is a directory) leaves nothing behind.
    let blocked = out_dir.path().join("bezet");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("iets"), "x").unwrap();
    let out = vtcheck()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "json", "-o"])
        .arg(&blocked)
        .arg(".")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let mut names: Vec<String> = std::fs::read_dir(out_dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["bezet", "rapport.json"]);
}

/// The panic trigger exists only in debug builds (`cfg(debug_assertions)`), which is what
/// `cargo test` builds.
#[cfg(debug_assertions)]
#[test]
fn a_panic_is_an_internal_error_with_exit_2_and_no_backtrace() {
    let dir = export();
    for place in ["main", "worker"] {
        let out = vtcheck()
            .current_dir(dir.path())
            .env("VTCHECK_TEST_PANIC", place)
            .env("RUST_BACKTRACE", "full")
            .args(["check", "--no-config", "--format", "json", "."])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{place}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert!(
            stderr.starts_with("fout: interne fout in vtcheck"),
            "{place}: {stderr}"
        );
        assert!(stderr.contains("SECURITY.md"));
        for leak in [
            "backtrace",
            "panicked",
            "111222333",
            "VTCHECK_TEST_PANIC",
            "tekst",
        ] {
            assert!(!stderr.contains(leak), "{place}: {leak} in {stderr}");
        }
        assert_eq!(stderr.lines().count(), 1, "{place}: {stderr}");
    }
}

/// vtcheck opens no network connection: no source file names a socket type, and no crate of
/// the program's own dependency tree (dev-dependencies aside) is a network client.
#[test]
fn there_is_no_network_code() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for entry in walk(&root.join("src")) {
        let text = std::fs::read_to_string(&entry).unwrap();
        for word in [
            "std::net",
            "TcpStream",
            "UdpSocket",
            "TcpListener",
            "ToSocketAddrs",
        ] {
            assert!(!text.contains(word), "{} uses {word}", entry.display());
        }
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let deps = manifest
        .split("[dependencies]")
        .nth(1)
        .unwrap()
        .split("\n[")
        .next()
        .unwrap();
    for net in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "surf",
        "tokio",
        "attohttpc",
        "socket2",
    ] {
        assert!(
            !deps.lines().any(|l| l.trim_start().starts_with(net)),
            "{net} is a dependency"
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
    out
}

/// A BSN grouped with no-break spaces (as a word processor writes it), narrow no-break spaces,
/// slashes or en dashes, or written in full-width or Arabic-Indic digits, is masked like one
/// grouped with ASCII spaces: in the phrases the text rules show and in a date that repeats the
/// value.
#[test]
fn bsns_with_unicode_separators_or_digits_are_masked() {
    let forms = [
        "111\u{a0}222\u{a0}333",
        "111\u{202f}222\u{202f}333",
        "111/222/333",
        "111\u{2013}222\u{2013}333",
        "\u{ff11}\u{ff11}\u{ff11}\u{ff12}\u{ff12}\u{ff12}\u{ff13}\u{ff13}\u{ff13}",
        "\u{661}\u{661}\u{661}\u{662}\u{662}\u{662}\u{663}\u{663}\u{663}",
    ];
    let voorwaarden: String = forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            format!(
                "  - {{id: V{n}, situatie: S1, tekst: \"Moeder mag {f} niet slaan.\", opgesteld: 2025-03-20, besproken_met: [directbetrokkenen]}}\n",
                n = i + 1
            )
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        format!(
            "{}situaties:\n  - {{id: S1, prioriteit: 1}}\nvoorwaarden:\n{voorwaarden}gebeurtenissen: []\n",
            melding("PRIV-U", "")
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("e.yaml"),
        melding("PRIV-D", "gebeurtenissen: []\n").replace("2025-03-07", "\"111/222/333\""),
    )
    .unwrap();
    for format in ["human", "json", "sarif", "csv", "github"] {
        let out = vtcheck()
            .current_dir(dir.path())
            .args([
                "check",
                "--no-config",
                "--as-of",
                "2025-06-30",
                "--show-text",
            ])
            .args(["--format", format, "d.yaml", "e.yaml"])
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        for f in forms {
            assert!(
                !stdout.contains(f) && !stderr.contains(f),
                "{format} shows {f:?}:\n{stdout}\n{stderr}"
            );
        }
        // The voorwaarden were read and flagged, and the date error is there.
        assert!(stderr.contains("ongeldige datum"), "{format}: {stderr}");
        if format == "human" {
            assert_eq!(
                stdout.matches("\"mag ********* niet\"").count(),
                forms.len(),
                "{stdout}"
            );
        }
    }
}

/// A voorwaarde whose id is a BSN: the finding's `item` is masked in every machine format, as
/// its message is.
#[test]
fn a_bsn_as_an_item_id_is_masked_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        format!(
            "{}situaties:\n  - {{id: S1, prioriteit: 1}}\nvoorwaarden:\n  - {{id: \"111222333\", situatie: S1, tekst: \"Moeder mag niet slaan.\", opgesteld: 2025-03-20, besproken_met: [directbetrokkenen]}}\ngebeurtenissen: []\n",
            melding("PRIV-I", "")
        ),
    )
    .unwrap();
    for format in ["human", "json", "jsonl", "sarif", "csv", "github", "junit"] {
        let (stdout, stderr) = check_d_yaml(dir.path(), format);
        assert_no_bsn(format, &stdout, &stderr);
        assert!(stdout.contains("*********"), "{format}: {stdout}");
    }
}

/// A waiver file where a case note ended up as a key, as the rule, or as the dossier id: the
/// errors name the place, never the text.
#[test]
fn free_text_in_a_waiver_file_is_not_repeated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        melding("PRIV-W", "gebeurtenissen: []\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "- dossier: PRIV-W\n  regel: VT-V04\n  reden: Verhuisd.\n  goedgekeurd_door: kf\n  verloopt: 2026-12-31\n  Moeder Fatima belde dat vader thuis woont: ja\n\
         - dossier: PRIV-W\n  regel: Vader Ahmed slaat de kinderen\n  reden: Verhuisd.\n  goedgekeurd_door: kf\n  verloopt: 2026-12-31\n\
         - dossier: Vader Ahmed slaat de kinderen\n  regel: VT-V04\n  goedgekeurd_door: kf\n",
    )
    .unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let (stdout, stderr) = check_d_yaml_with(dir.path(), format, &["--waivers", "w.yaml"]);
        assert_not_shown(format, &stdout, &stderr, &["Fatima", "Ahmed", "slaat"]);
        for said in [
            "onbekende sleutel in ontheffing: de sleutel lijkt tekst",
            "onbekende regel in ontheffing: de waarde van `regel` lijkt tekst",
            "heeft geen `reden`",
        ] {
            assert!(stderr.contains(said), "{format}: {stderr}");
        }
    }
}

/// The key file `key` for `--pseudonymise`.
fn write_key(dir: &std::path::Path) {
    std::fs::write(dir.join("key"), b"een geheime sleutel van genoeg lengte").unwrap();
}

/// With `--pseudonymise`, the human report's footer names the manifest that gave the as-of date
/// by its pseudonym, not by its path (a directory may be named after the family).
#[test]
fn pseudonymised_footer_names_no_manifest_path() {
    let dir = tempfile::tempdir().unwrap();
    let family = dir.path().join("Jansen-Pietje");
    std::fs::create_dir(&family).unwrap();
    std::fs::write(
        family.join("export.yaml"),
        "formaat: vtexport/1\nregio: utrecht\nexportdatum: 2025-06-30\naantal_dossiers: 1\n",
    )
    .unwrap();
    std::fs::write(
        family.join("d.yaml"),
        melding("PRIV-P", "gebeurtenissen: []\n"),
    )
    .unwrap();
    write_key(dir.path());
    for format in ["human", "json", "sarif", "junit", "csv", "github"] {
        let out = vtcheck()
            .current_dir(dir.path())
            .args(["check", "--no-config", "--pseudonymise", "key"])
            .args(["--format", format, "Jansen-Pietje"])
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(!stdout.contains("Jansen"), "{format}: {stdout}");
        if format == "human" {
            assert!(stdout.contains("(exportdatum uit P-"), "{stdout}");
        }
    }
}

/// After the run, expired and stale waivers are named in warnings: a dossier written as text
/// (not an id) is not repeated there either.
#[test]
fn waiver_warnings_after_the_run_do_not_repeat_text() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        melding("PRIV-W", "gebeurtenissen: []\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("w.yaml"),
        "- dossier: Jan de Vries Dorpsstraat 1\n  regel: VT-T01\n  reden: Verhuisd.\n  goedgekeurd_door: kf\n  verloopt: 2024-01-01\n\
         - dossier: Piet Puk woont bij oma\n  regel: VT-T01\n  reden: Verhuisd.\n  goedgekeurd_door: kf\n  verloopt: 2026-12-31\n",
    )
    .unwrap();
    for format in ["human", "json", "sarif", "github"] {
        let (stdout, stderr) = check_d_yaml_with(dir.path(), format, &["--waivers", "w.yaml"]);
        assert_not_shown(
            format,
            &stdout,
            &stderr,
            &["Vries", "Dorpsstraat", "Piet", "oma"],
        );
        assert!(
            stderr.contains("gold tot en met 01-01-2024"),
            "{format}: {stderr}"
        );
        assert!(
            stderr.contains("komt met geen bevinding overeen"),
            "{format}: {stderr}"
        );
    }
}

/// With `--pseudonymise`, the diagnostics on standard error name files and dossiers by the
/// pseudonyms the report uses, not by their paths (an export's file names carry dossier ids or
/// family names), and show no source text around an error.
#[test]
fn pseudonymised_diagnostics_name_no_file_or_dossier() {
    let dir = tempfile::tempdir().unwrap();
    write_key(dir.path());
    std::fs::write(
        dir.path().join("d.yaml"),
        melding("PRIV-S", "gebeurtenissen: []\n"),
    )
    .unwrap();
    // A YAML syntax error next to free text.
    std::fs::write(
        dir.path().join("VT-2023-0412.yaml"),
        melding(
            "PRIV-T",
            "samenvatting: Moeder {slaat: [Tijntje\ngebeurtenissen: []\n",
        ),
    )
    .unwrap();
    // A missing field and an unknown key (a warning), and a dossier id read twice.
    std::fs::write(
        dir.path().join("Jansen-Pietje.yaml"),
        melding("PRIV-U", "gebeurtenissen: []\nextra_veld: x\n").replace("regio: utrecht\n", "")
            + "---\n"
            + &melding("PRIV-S", "gebeurtenissen: []\n"),
    )
    .unwrap();
    // An expired waiver: its warning names the dossier.
    std::fs::write(
        dir.path().join("w.yaml"),
        "- {dossier: PRIV-S, regel: VT-T01, reden: x, goedgekeurd_door: y, verloopt: 2025-01-01}\n",
    )
    .unwrap();
    let extra = [
        "--pseudonymise",
        "key",
        "--waivers",
        "w.yaml",
        "VT-2023-0412.yaml",
        "Jansen-Pietje.yaml",
    ];
    for format in ["human", "json", "sarif", "github"] {
        let (stdout, stderr) = check_d_yaml_with(dir.path(), format, &extra);
        assert_not_shown(
            format,
            &stdout,
            &stderr,
            &["VT-2023", "Jansen", "d.yaml", "PRIV-", "slaat", "Tijntje"],
        );
    }
    // Every error and warning is on standard error as the report lists it.
    let (stdout, stderr) = check_d_yaml_with(dir.path(), "json", &extra);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let listed: Vec<&serde_json::Value> = ["errors", "warnings"]
        .iter()
        .flat_map(|k| report[k].as_array().unwrap())
        .collect();
    assert!(listed.len() >= 5, "{stdout}");
    for d in listed {
        let file = d["file"].as_str().unwrap();
        // The waiver file is the organisation's own, named as the findings' "ontheven, zie
        // w.yaml:1" names it; every file of the export gets its pseudonym.
        assert!(file.starts_with("P-") || file == "w.yaml", "{d}");
        let at = match d["line"].as_u64().unwrap() {
            0 => format!("--> {file}"),
            line => format!("--> {file}:{line}:{}", d["column"]),
        };
        let said = format!("{}\n  {at}\n", d["message"].as_str().unwrap());
        assert!(stderr.contains(&said), "{said:?} not in:\n{stderr}");
    }
}

/// What is masked, as README § Privacy says: a dossier id that passes the elfproef is printed
/// masked wherever it is shown, also where it names the dossier, and the same number quoted in
/// a diagnostic's message is masked; `--pseudonymise` replaces ids by keyed hashes.
#[test]
fn a_dossier_id_that_passes_the_elfproef_is_masked_as_the_readme_says() {
    let privacy = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap()
        .split("\n## ")
        .find(|s| s.starts_with("Privacy"))
        .expect("README § Privacy")
        .replace('\n', " ");
    for said in [
        "and dossier ids and file names too: a dossier numbered `111222333` is shown as `*********`",
        "`--pseudonymise KEYFILE` replaces every dossier id and the name of every file of the export",
    ] {
        assert!(
            privacy.contains(said),
            "README § Privacy: {said:?}\n{privacy}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        melding("\"111222333\"", "gebeurtenissen: []\n"),
    )
    .unwrap();
    // A waiver that matches no finding: its warning quotes the dossier id.
    std::fs::write(
        dir.path().join("w.yaml"),
        "- dossier: \"111222333\"\n  regel: VT-O01\n  reden: Verhuisd.\n  goedgekeurd_door: kf\n  verloopt: 2026-12-31\n",
    )
    .unwrap();
    write_key(dir.path());
    for format in ["human", "json", "jsonl", "sarif", "csv", "github", "junit"] {
        let (stdout, stderr) = check_d_yaml_with(dir.path(), format, &["--waivers", "w.yaml"]);
        assert_no_bsn(format, &stdout, &stderr);
        assert!(stdout.contains("*********"), "{format}: {stdout}");
        assert!(
            stderr.contains("ontheffing voor ********* / VT-O01"),
            "{format}: {stderr}"
        );
        let (stdout, stderr) = check_d_yaml_with(
            dir.path(),
            format,
            &["--waivers", "w.yaml", "--pseudonymise", "key"],
        );
        assert_no_bsn(&format!("{format} --pseudonymise"), &stdout, &stderr);
        // The waiver's warning names the dossier by its pseudonym, as every report does, not
        // masked: the pseudonym is what a reader can look up.
        assert!(
            stderr.contains("ontheffing voor P-") && !stderr.contains("ontheffing voor *"),
            "{format} --pseudonymise: {stderr}"
        );
    }
}

/// A dossier value in a date field or in `formaat` that cannot be read is not repeated: digits
/// and dashes may be a phone number ("06-12345678") as well as a date, and a word in `formaat`
/// a name. The message says why, and the position says where.
#[test]
fn unreadable_dates_and_formats_are_not_repeated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        melding(
            "PRIV-10",
            "gebeurtenissen:\n  - {soort: veiligheidsbeoordeling, datum: 06-12345678, besluit: onderzoek}\n",
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("e.yaml"),
        melding("PRIV-11", "gebeurtenissen: []\n").replace("vtdossier/1", "Pietersen"),
    )
    .unwrap();
    for format in ["json", "human", "sarif", "github"] {
        let out = vtcheck()
            .current_dir(dir.path())
            .args([
                "check",
                "--no-config",
                "--as-of",
                "2025-06-30",
                "--format",
                format,
            ])
            .args(["d.yaml", "e.yaml"])
            .output()
            .unwrap();
        let (stdout, stderr) = (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        );
        assert_not_shown(format, &stdout, &stderr, &["12345678", "Pietersen"]);
        assert!(
            stderr.contains("ongeldige datum: verwacht JJJJ-MM-DD"),
            "{stderr}"
        );
        assert!(
            stderr.contains("onbekend formaat: deze vtcheck leest"),
            "{stderr}"
        );
    }
}

/// A dossier id or a file name that passes the elfproef is printed masked in every format, with
/// a warning at the id that says why; the findings stay apart and a baseline still matches them
/// (sorting, fingerprints and baselines work on the real id, only printing masks it).
#[test]
fn a_bsn_as_dossier_id_or_file_name_is_masked_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("111222333.yaml"),
        melding("PRIV-F", "gebeurtenissen: []\n"),
    )
    .unwrap();
    std::fs::write(
        d.join("b.yaml"),
        melding("\"111222333\"", "gebeurtenissen: []\n"),
    )
    .unwrap();
    // 123456782 passes the elfproef too; in JSON Lines and in a CSV event log.
    std::fs::write(
        d.join("c.jsonl"),
        r#"{"formaat":"vtdossier/1","id":"123456782","regio":"utrecht","soort":"melding","ontvangen":"2025-03-07","melder":{"hoedanigheid":"professional","rol":"melder","bekend":true},"gebeurtenissen":[]}
"#,
    )
    .unwrap();
    std::fs::write(
        d.join("e.csv"),
        "dossier;regio;soort;ontvangen;melder_hoedanigheid;melder_rol;melder_bekend;gebeurtenis;datum\n\
         111.222.333;utrecht;melding;07-03-2025;professional;melder;ja;;\n",
    )
    .unwrap();
    let run = |format: &str, extra: &[&str]| check_in(d, format, extra, ".");
    for format in ["human", "json", "jsonl", "sarif", "junit", "csv", "github"] {
        let (code, stdout, stderr) = run(format, &[]);
        assert_eq!(code, Some(1), "{format}: {stderr}");
        assert_no_bsn(format, &stdout, &stderr);
        assert!(
            !stdout.contains("123456782") && !stderr.contains("123456782"),
            "{format}"
        );
        assert!(stdout.contains("*********"), "{format}: {stdout}");
        // One warning per dossier whose id is masked (b.yaml, c.jsonl, e.csv), at the id.
        let warning = "dossiernummer lijkt een BSN (negen cijfers die de elfproef doorstaan)";
        assert_eq!(stderr.matches(warning).count(), 3, "{format}: {stderr}");
        assert!(stderr.contains("--> ./b.yaml:2:5"), "{format}: {stderr}");
    }
    let (_, stdout, _) = run("json", &[]);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["inputs"]["dossiers"], 4);
    assert_eq!(report["inputs"]["invalid"], 0);
    let shown: std::collections::BTreeSet<(String, String)> = findings(&report)
        .iter()
        .map(|f| {
            (
                f["dossier"].as_str().unwrap().to_string(),
                f["location"]["file"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expected: std::collections::BTreeSet<(String, String)> = [
        ("*********", "./b.yaml"),
        ("*********", "./c.jsonl"),
        ("*********", "./e.csv"),
        ("PRIV-F", "./*********.yaml"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(shown, expected);
    assert!(
        report["audit"]["inputs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["file"] == "./*********.yaml")
    );
    // A baseline written from these findings matches all of them again: nothing is new.
    // (Outside the export: the check reads every file of it.)
    let elsewhere = tempfile::tempdir().unwrap();
    let basis = elsewhere.path().join("basis.json");
    let basis_arg = basis.to_str().unwrap();
    let (code, _, stderr) = run("json", &["--write-baseline", basis_arg]);
    assert_eq!(code, Some(1), "{stderr}");
    assert_no_bsn("basislijn", &std::fs::read_to_string(&basis).unwrap(), "");
    let (code, stdout, stderr) = run("json", &["--baseline", basis_arg]);
    assert_eq!(code, Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["baseline"]["new"], 0, "{}", report["baseline"]);
}

/// A dossier given as a rule file (`--rules export/` for `check export/`) is refused whole: one
/// error naming the file, none of its lines shown.
#[test]
fn a_dossier_given_as_a_rule_file_is_refused_without_its_text() {
    let dir = export();
    let out = vtcheck()
        .args(["check", "--no-config", "--rules"])
        .arg(dir.path().join("met-bsn.yaml"))
        .arg("fixtures/voorbeelden/mb-2024-00101.yaml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("dit is een dossier of exportmanifest"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("fout:").count(), 1, "{stderr}");
    assert!(!stderr.contains('│'), "no snippet: {stderr}");
    assert_no_bsn("a dossier as rule file", "", &stderr);
    // The same dossier in JSON and as one JSON Lines line, as a rule file and as the
    // configuration: refused whole, none of its text shown.
    let yaml = std::fs::read_to_string("fixtures/voorbeelden/mb-2024-00101.yaml").unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&yaml).unwrap();
    let mut value = value;
    value["samenvatting"] = "GEHEIM Jan Jansen, Dorpsstraat 12".into();
    let json = dir.path().join("dossier.json");
    std::fs::write(&json, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let jsonl = dir.path().join("dossiers.jsonl");
    std::fs::write(&jsonl, serde_json::to_string(&value).unwrap() + "\n").unwrap();
    for file in [&json, &jsonl] {
        for how in ["--rules", "--config"] {
            let mut cmd = vtcheck();
            cmd.args(["check", how])
                .arg(file)
                .arg("fixtures/voorbeelden/mb-2024-00101.yaml");
            if how == "--rules" {
                cmd.arg("--no-config");
            }
            let out = cmd.output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{how} {file:?}: {stderr}");
            assert!(
                stderr.contains("dit is een dossier of exportmanifest"),
                "{how} {file:?}: {stderr}"
            );
            assert!(!stderr.contains("GEHEIM"), "{how} {file:?}: {stderr}");
            assert!(!stderr.contains('│'), "{how} {file:?}: {stderr}");
        }
    }
}

/// A BSN pasted into a rule file never shows in the snippet of an error there: its digits are
/// masked, and the mark still points at the right spot.
/// Files vtcheck did not write for itself, given where a rule file, configuration or corpus
/// belongs: a dossier in a layout without a `formaat:` line at the start (flow style, quoted
/// key, `formaat` far down or missing), a CSV export and a waiver file. None of their lines
/// appears on standard error (they were shown as snippets, names and free text included).
#[test]
fn no_line_of_a_dossier_csv_or_waiver_file_is_shown_where_a_rule_file_belongs() {
    let dir = tempfile::tempdir().unwrap();
    let secret = "GEHEIM Jan Jansen, Dorpsstraat 12";
    let long: String = (0..60).map(|i| format!("  regel {i}\n")).collect();
    let files = [
        (
            "flow.yaml",
            format!("{{formaat: vtdossier/1, id: A-1, samenvatting: \"{secret}\"}}\n"),
        ),
        (
            "quoted.yaml",
            format!("'formaat' : vtdossier/1\nsamenvatting: \"{secret}\"\n"),
        ),
        (
            "laat.yaml",
            format!("samenvatting: |\n{long}  {secret}\nformaat: vtdossier/1\n"),
        ),
        (
            "zonder.yaml",
            format!("id: A-1\nsamenvatting: \"{secret}\"\n"),
        ),
        (
            "export.csv",
            format!("dossier;gebeurtenis;samenvatting\nA-1;melding;{secret}\n"),
        ),
        (
            "ontheffingen.yaml",
            format!("- reden: \"{secret}\"\n  dossier: A-1\n  regel: VT-T01\n"),
        ),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    for (name, _) in &files {
        for args in [
            vec!["check", "--no-config", "--rules", name, "x.jsonl"],
            vec!["check", "--config", name, "x.jsonl"],
            vec!["rules", "eval", "--no-config", name],
        ] {
            let out = vtcheck()
                .current_dir(dir.path())
                .args(&args)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
            assert!(
                !stderr.contains("GEHEIM") && !stderr.contains("Jansen"),
                "{args:?}: {stderr}"
            );
            assert!(!stderr.contains('│'), "{args:?}: no snippet: {stderr}");
        }
    }
}

#[test]
fn a_bsn_in_a_rule_file_snippet_is_masked() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("eigen.yaml");
    std::fs::write(
        &rules,
        "regelset: eigen\nversie: '1'\nregels:\n  - id: MB-X01\n    titel: x\n    ernst: fataal # casus 111.222.333\n",
    )
    .unwrap();
    let out = vtcheck()
        .args(["check", "--no-config", "--rules"])
        .arg(&rules)
        .arg("fixtures/voorbeelden/mb-2024-00101.yaml")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("***.***.***"), "{stderr}");
    assert_no_bsn("a rule-file snippet", "", &stderr);
}

/// A BSN typed where an option's value belongs (`--as-of 111222333`) is masked in the usage
/// error that quotes it, as in every other text vtcheck prints.
#[test]
fn a_bsn_in_a_wrong_option_value_is_masked() {
    for value in ["111222333", "111.222.333"] {
        let out = vtcheck()
            .args([
                "check",
                "--no-config",
                "--as-of",
                value,
                "fixtures/voorbeelden",
            ])
            .output()
            .unwrap();
        let stderr = assert_exit(&out, 2, "--as-of");
        assert_no_bsn(value, "", &stderr);
    }
}

/// A dossier id or reference that is a name, a sentence, a phone number or a postcode is never
/// repeated in any report: it is shown as the placeholder, as the contract's "no free text in
/// machine formats" asks (a dossier id "Dossier van …" and a one-word surname were printed in
/// every format, and a surname or phone number where `V2` belongs in messages and items).
#[test]
fn ids_and_references_that_are_names_are_never_shown() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = |id: &str| {
        format!(
            "formaat: vtdossier/1\nid: \"{id}\"\nregio: utrecht\nsoort: melding\nontvangen: 2025-03-03\n\
             melder: {{hoedanigheid: professional, rol: melder, bekend: true, anoniem_naar_betrokkenen: false}}\n\
             betrokkenen: [{{id: P1, rol: ouder}}]\n\
             situaties: [{{id: S1, omschrijving: x, prioriteit: 1}}]\n\
             voorwaarden:\n  - {{id: Mohammed, situatie: Pietersen, tekst: \"Vader brengt de kinderen elke dag om 8 uur naar school.\"}}\n\
             gebeurtenissen:\n  - {{soort: veiligheidsbeoordeling, datum: 2025-03-04, besluit: voorwaarden_en_vervolg}}\n  \
             - {{soort: overdracht, datum: 2025-03-20, partij: wijkteam, schriftelijk: true, document: d1, warm: true, voorwaarden: [Bakker, \"0612345678\", 1234AB]}}\n"
        )
    };
    std::fs::write(
        dir.path().join("a.yaml"),
        dossier("Dossier van Piet Jansen"),
    )
    .unwrap();
    std::fs::write(dir.path().join("b.yaml"), dossier("Jansen")).unwrap();
    let formats = ["human", "json", "jsonl", "sarif", "junit", "csv", "github"];
    let names = [
        "Jansen",
        "Piet",
        "Mohammed",
        "Pietersen",
        "Bakker",
        "0612345678",
        "1234AB",
    ];
    for stdout in never_shown(dir.path(), &formats, &names) {
        assert!(stdout.contains("niet getoond"), "{stdout}");
    }
}

/// Runs `check --format F .` in `dir` for each of `formats` and asserts that none of `texts`
/// is on standard output or standard error; gives each run's standard output.
fn never_shown(dir: &std::path::Path, formats: &[&str], texts: &[&str]) -> Vec<String> {
    let mut outs = Vec::new();
    for format in formats {
        let (_, stdout, stderr) = check_in(dir, format, &[], ".");
        for text in texts {
            assert!(
                !stdout.contains(text) && !stderr.contains(text),
                "{format}: {text}:\n{stdout}\n{stderr}"
            );
        }
        outs.push(stdout);
    }
    outs
}

/// A CSV column name is repeated only when it is shaped like a field name of the format, as an
/// unknown key of a dossier is: a surname, a phone number or an e-mail name as a column name is
/// not (it may be a row of data in the header's place). When the first row lacks both required
/// columns, it is no header: one error, and no warning per cell.
#[test]
fn csv_column_names_that_are_text_are_not_repeated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.csv"),
        "dossier;gebeurtenis;datum;behandelaar;Jansen;0612345678;j.jansen;5038AB\n\
         A-1;register_geraadpleegd;03-03-2025;x;x;x;x;x\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.csv"),
        "Pietersen;Marieke;Kanariedorp;Hoofdstraat\nA-1;x;y;z\n",
    )
    .unwrap();
    let outs = never_shown(
        dir.path(),
        &["json", "sarif", "github", "human"],
        &[
            "Jansen",
            "0612345678",
            "j.jansen",
            "5038AB",
            "Pietersen",
            "Marieke",
            "Kanariedorp",
            "Hoofdstraat",
        ],
    );
    let stdout = &outs[0];
    let report: serde_json::Value = serde_json::from_str(stdout).unwrap();
    let warned: Vec<(&str, &str)> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| (w["file"].as_str().unwrap(), w["message"].as_str().unwrap()))
        .collect();
    assert!(
        warned.contains(&("./a.csv", "onbekende kolom `behandelaar` wordt genegeerd")),
        "{warned:?}"
    );
    assert_eq!(
        warned.iter().filter(|(f, _)| *f == "./a.csv").count(),
        5,
        "{warned:?}"
    );
    assert!(warned.iter().all(|(f, _)| *f != "./b.csv"), "{warned:?}");
    assert!(
        report["errors"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["file"] == "./b.csv"
                && e["message"]
                    .as_str()
                    .unwrap()
                    .contains("ontbreken in de kopregel")),
        "{stdout}"
    );
}

/// An id vtcheck does not show can be named as the dossier writes it or as a report shows it:
/// a waiver holding the placeholder of a dossier id waives its violation, and a rule test that
/// names such an item as written finds it (only the placeholder matched before).
#[test]
fn a_hidden_id_is_named_as_written_or_by_its_placeholder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        "formaat: vtdossier/1\nid: Jansen\nregio: utrecht\nsoort: melding\nontvangen: 2025-03-03\n\
         melder: {hoedanigheid: professional, rol: melder, bekend: true, anoniem_naar_betrokkenen: false}\n\
         gebeurtenissen: []\n",
    )
    .unwrap();
    let (_, stdout, _) = check_in(dir.path(), "json", &[], "d.yaml");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let shown = report["findings"][0]["dossier"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        shown.starts_with("(niet getoond: lijkt tekst, #"),
        "{shown}"
    );
    std::fs::write(
        dir.path().join("w.yaml"),
        format!(
            "- {{dossier: \"{shown}\", regel: VT-T01, reden: x, goedgekeurd_door: kf, verloopt: 2025-12-31}}\n"
        ),
    )
    .unwrap();
    let (_, stdout, stderr) = check_in(dir.path(), "json", &["--waivers", "w.yaml"], "d.yaml");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let t01 = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "VT-T01")
        .unwrap();
    assert_eq!(t01["status"], "waived", "{stderr}");
    assert_eq!(report["warnings"], serde_json::json!([]), "{stderr}");
}
