//! The Rego side of the national benchmark (`benches/national/rego.rs`) must agree with vtcheck:
//! on a small generated export, both engines give the same (rule, item, status) for every
//! dossier, and each of the four rules has violations in the sample (`compare` fails otherwise,
//! as it does on the first difference). The benchmark checks the same before it times anything;
//! this test keeps the policy from drifting between benchmark runs.

// The timings it returns are the benchmark's business, not this test's.
#[allow(dead_code)]
#[path = "../benches/national/rego.rs"]
mod rego;

mod common;
use common::vtcheck;

#[test]
fn rego_policy_and_vtcheck_agree_on_the_four_rules() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.jsonl");
    vtcheck()
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
    // Every dossier was read and compared.
    assert_eq!(r.dossiers, 2000);
    assert_eq!(r.rules, ["VT-T01", "VT-O01", "VT-A01", "VT-V05"]);
    // Every dossier has at least VT-T01 or VT-A01 (melding or advies).
    assert!(r.checked >= 2000, "{} results", r.checked);
}
