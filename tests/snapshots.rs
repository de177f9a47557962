//! Snapshots of every report format over the shipped fixtures. A change in wording, order or
//! shape shows up as a reviewable diff (`cargo insta review`).

mod common;
use common::vtcheck;

fn run(args: &[&str]) -> (String, i32) {
    let out = vtcheck().args(args).output().unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

#[test]
fn human_report_of_the_shipped_examples() {
    let (text, code) = run(&["check", "--no-config"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("human_voorbeelden", text);
}

#[test]
fn json_report_of_the_shipped_examples() {
    let (text, code) = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "fixtures/voorbeelden",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("json_voorbeelden", text);
}

#[test]
fn json_report_of_the_rule_fixtures() {
    let (text, code) = run(&[
        "check",
        "--no-config",
        "--format",
        "json",
        "--as-of",
        "2025-06-30",
        "fixtures/regels",
    ]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("json_regels", text);
}

#[test]
fn machine_formats_of_the_shipped_examples() {
    for format in ["sarif", "junit", "csv", "jsonl", "github"] {
        let (text, code) = run(&[
            "check",
            "--no-config",
            "--format",
            format,
            "fixtures/voorbeelden",
        ]);
        assert_eq!(code, 1, "{format}");
        insta::assert_snapshot!(format!("{format}_voorbeelden"), text);
    }
}

/// The contract: "the report always states which date it used" — a run without findings too.
/// JSON Lines closes every report with an `end` line; CSV gives a clean run one row that is no
/// finding; the other formats state the date in their frame.
#[test]
fn a_clean_run_states_its_as_of_date_in_every_format() {
    let clean = "fixtures/voorbeelden/mb-2024-00101.yaml";
    for format in ["human", "json", "jsonl", "sarif", "junit", "csv", "github"] {
        let (text, code) = run(&[
            "check",
            "--no-config",
            "--format",
            format,
            "--as-of",
            "2025-06-30",
            clean,
        ]);
        assert_eq!(code, 0, "{format}: {text}");
        let date = if matches!(format, "human" | "csv" | "github") {
            "30-06-2025"
        } else {
            "2025-06-30"
        };
        assert!(
            text.contains(date),
            "{format} states no as-of date:\n{text}"
        );
    }
    let (jsonl, _) = run(&["check", "--no-config", "--format", "jsonl", clean]);
    assert_eq!(
        jsonl,
        "{\"type\":\"end\",\"as_of\":\"2025-06-30\",\"inputs\":{\"files\":1,\"dossiers\":1,\"invalid\":0},\"findings\":0}\n"
    );
    let (csv, _) = run(&["check", "--no-config", "--format", "csv", clean]);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(rows[1], ";;;;;;;;Geen bevindingen.;;;;30-06-2025");
}

/// Every JSON Lines report ends with its `end` line, which counts the findings before it.
#[test]
fn json_lines_end_with_the_counts() {
    let (text, _) = run(&[
        "check",
        "--no-config",
        "--format",
        "jsonl",
        "fixtures/voorbeelden",
    ]);
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let (end, findings) = lines.split_last().unwrap();
    assert_eq!(end["type"], "end");
    assert_eq!(end["findings"], findings.len() as u64);
    assert_eq!(end["inputs"]["dossiers"], 8);
    assert!(
        findings
            .iter()
            .all(|f| f["rule"].is_string() && f.get("type").is_none())
    );
}
