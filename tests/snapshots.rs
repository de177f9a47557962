//! Snapshots of every report format over the shipped fixtures. A change in wording, order or
//! shape shows up as a reviewable diff (`cargo insta review`).

use assert_cmd::Command;

fn run(args: &[&str]) -> (String, i32) {
    let out = Command::cargo_bin("vtcheck")
        .unwrap()
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
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
