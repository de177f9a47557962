//! Set-up shared by the command-line tests: the binary under test, its JSON output, and the
//! findings in it. Each test file uses part of it.
#![allow(dead_code)]

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

/// The vtcheck binary of this build, without colours and without the panic switch a caller's
/// environment might hold.
pub fn vtcheck() -> Command {
    let mut c = Command::cargo_bin("vtcheck").expect("binary");
    c.env("NO_COLOR", "1").env_remove("VTCHECK_TEST_PANIC");
    c
}

/// [`vtcheck`] run in `dir`, so paths in its arguments and reports are relative to it.
pub fn vtcheck_in(dir: &Path) -> Command {
    let mut c = vtcheck();
    c.current_dir(dir);
    c
}

/// Standard output (or a report file) as JSON.
pub fn json(out: &[u8]) -> Value {
    serde_json::from_slice(out).expect("valid JSON")
}

/// The `findings` of a JSON report.
pub fn findings(report: &Value) -> &[Value] {
    report["findings"].as_array().expect("findings")
}

/// The findings of one rule, in report order.
pub fn findings_of<'a>(report: &'a Value, rule: &str) -> Vec<&'a Value> {
    findings(report)
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

/// `vtcheck check --no-config --format json --as-of AS_OF`, to which a test adds its paths.
pub fn check_json(as_of: &str) -> Command {
    let mut c = vtcheck();
    c.args(["check", "--no-config", "--format", "json", "--as-of", as_of]);
    c
}

/// Asserts a run's exit code and that its standard error holds `text`; gives standard error
/// for further checks.
pub fn assert_exit(out: &std::process::Output, code: i32, text: &str) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    assert!(stderr.contains(text), "{text:?} not on stderr:\n{stderr}");
    stderr
}

/// Standard output of a run that must succeed; on failure the assertion shows standard error.
pub fn success_stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).expect("UTF-8 output")
}
