//! `--format github`: GitHub Actions workflow commands, one annotation per finding.

use std::fmt::Write as _;

use super::{ReportContext, Sink};
use crate::check::CheckRun;
use crate::privacy::mask_bsn;
use crate::rules::{Severity, Status};

/// Escaping for workflow-command properties and messages.
fn esc(s: &str, property: bool) -> String {
    let mut out = s
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// Writes the report; annotations stream from the sorted findings.
pub fn write(
    run: &CheckRun,
    ctx: &ReportContext<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = Sink::new(out);
    // The as-of date first: the contract wants every report to state it.
    let _ = writeln!(
        out,
        "::notice title=vtcheck::peildatum {}",
        crate::dossier::model::fmt_date(run.as_of)
    );
    for f in run.findings.iter() {
        out.spill()?;
        let rule = &ctx.rules.rules[f.rule];
        // With a baseline only new violations are errors or warnings, like the exit code.
        let known = ctx.baseline_state(&f) == Some("unchanged");
        let cmd = match (f.status, f.severity) {
            _ if known => "notice",
            (Status::Violation, Severity::Error) => "error",
            (Status::Violation, Severity::Warning) => "warning",
            _ => "notice",
        };
        let state = if known { ", bestaand" } else { "" };
        let title = format!("{} {} ({}{state})", rule.id, f.dossier, f.status.key());
        let _ = writeln!(
            out,
            "::{cmd} file={},line={},col={},title={}::{}",
            esc(&f.file, true),
            f.pos.line.max(1),
            f.pos.col.max(1),
            esc(&title, true),
            esc(&mask_bsn(&f.message), false)
        );
    }
    // Input errors, then warnings (an expired or stale waiver, an unknown key).
    for d in run.errors().chain(run.warnings()) {
        out.spill()?;
        let (cmd, title) = if d.is_error() {
            ("error", "invoerfout")
        } else {
            ("warning", "waarschuwing")
        };
        let _ = writeln!(
            out,
            "::{cmd} file={},line={},col={},title={title}::{}",
            esc(&d.file, true),
            d.pos.line.max(1),
            d.pos.col.max(1),
            esc(&d.message, false)
        );
    }
    out.finish()
}
