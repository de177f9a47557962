//! Reports: one module per output format, all reading the same [`CheckRun`].

pub mod human;
pub mod json;

use crate::check::CheckRun;
use crate::rules::{RuleSet, Severity, Status};

/// What every report needs besides the run.
pub struct ReportContext<'a> {
    pub rules: &'a RuleSet,
    pub tool_version: &'a str,
    /// Include dossier free text (phrases inside voorwaarden) in machine formats.
    pub show_text: bool,
    pub color: bool,
}

/// Exit code per the CLI contract: 2 for unreadable input, else 1 for a violation at or above the
/// fail level, else 0. Rule-file and usage errors never reach a report (they exit 2 earlier).
pub fn exit_code(run: &CheckRun, rules: &RuleSet, fail_level: Severity) -> i32 {
    if run.errors().next().is_some() {
        return 2;
    }
    let failing = run.findings.iter().any(|f| {
        f.status == Status::Violation
            && f.severity >= fail_level
            && rules.rules[f.rule].severity != Severity::Info
    });
    i32::from(failing)
}
