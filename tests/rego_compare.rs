//! The Rego side of the national benchmark (`benches/national/rego.rs`) must agree with vtcheck:
//! on a small generated export, both engines give the same (rule, item, status) for every
//! dossier, and each of the four rules has violations in the sample. The benchmark checks the
//! same before it times anything; this test keeps the policy from drifting between benchmark runs.

#[path = "../benches/national/rego.rs"]
mod rego;

use assert_cmd::Command;

#[test]
fn rego_policy_and_vtcheck_agree_on_the_four_rules() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.jsonl");
    Command::cargo_bin("vtcheck")
        .unwrap()
        .args([
            "generate",
            "--dossiers",
            "2000",
            "--seed",
            "7",
            "--as-of",
            "2025-06-30",
            "-o",
        ])
        .arg(&export)
        .assert()
        .success();
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let r = rego::compare(&export, as_of, 2, 2000).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.dossiers, 2000);
    assert_eq!(r.threads, 2);
    assert_eq!(r.rules, ["VT-T01", "VT-O01", "VT-A01", "VT-V05"]);
    // Every dossier has at least VT-T01 or VT-A01 (melding or advies).
    assert!(r.checked >= 2000, "{} results", r.checked);
    assert!(r.vtcheck_secs > 0.0 && r.regorus_secs > 0.0);
}
