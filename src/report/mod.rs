//! Reports: one module per output format, all reading the same [`CheckRun`].

pub mod csv;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use std::collections::HashSet;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::check::CheckRun;
use crate::engine::Finding;
use crate::rules::{RuleSet, Severity, Status};

/// What every report needs besides the run.
pub struct ReportContext<'a> {
    pub rules: &'a RuleSet,
    pub tool_version: &'a str,
    /// Include dossier free text (phrases inside voorwaarden) in machine formats.
    pub show_text: bool,
    pub color: bool,
    /// Fingerprints of the violations in a baseline, when one is given.
    pub baseline: Option<&'a HashSet<String>>,
    /// Hashes for the audit trail (machine formats).
    pub audit: Option<&'a Audit>,
}

/// What an auditor needs to re-run a check and get the same bytes.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    pub rules_sha256: String,
    pub calendar_sha256: String,
    pub waivers_sha256: Option<String>,
    pub config_sha256: Option<String>,
}

impl ReportContext<'_> {
    /// `new` or `unchanged` for a violation when a baseline is given.
    pub fn baseline_state(&self, f: &Finding) -> Option<&'static str> {
        let base = self.baseline?;
        if f.status != Status::Violation {
            return None;
        }
        Some(if base.contains(&self.fingerprint_of(f)) {
            "unchanged"
        } else {
            "new"
        })
    }

    pub fn fingerprint_of(&self, f: &Finding) -> String {
        let rule = &self.rules.rules[f.rule];
        fingerprint_versioned(&f.dossier, &rule.id, f.item.as_deref(), &rule.version)
    }
}

/// A stable identity for a finding across runs: dossier, rule and item (SARIF fingerprints).
pub fn fingerprint(dossier: &str, rule: &str, item: Option<&str>) -> String {
    hex(&Sha256::digest(
        format!("{dossier}\u{0}{rule}\u{0}{}", item.unwrap_or("")).as_bytes(),
    ))[..32]
        .to_string()
}

/// The baseline identity: also the rule's version, so a changed norm makes findings new again.
pub fn fingerprint_versioned(
    dossier: &str,
    rule: &str,
    item: Option<&str>,
    version: &str,
) -> String {
    hex(&Sha256::digest(
        format!(
            "{dossier}\u{0}{rule}\u{0}{}\u{0}{version}",
            item.unwrap_or("")
        )
        .as_bytes(),
    ))[..32]
        .to_string()
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Text rendered with `write!` and handed to the writer a block at a time, so a report streams
/// whatever the number of findings (SARIF of 200,000 dossiers took 2.4 GB as one `String`).
pub struct Sink<'w> {
    buf: String,
    out: &'w mut dyn std::io::Write,
}

impl<'w> Sink<'w> {
    const BLOCK: usize = 1 << 16;

    pub fn new(out: &'w mut dyn std::io::Write) -> Self {
        Sink {
            buf: String::with_capacity(Self::BLOCK + (1 << 12)),
            out,
        }
    }

    pub fn push_str(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    pub fn push(&mut self, c: char) {
        self.buf.push(c);
    }

    /// Hands the text so far to the writer once a block is full; call it between findings.
    pub fn spill(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= Self::BLOCK {
            self.out.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Hands over the rest.
    pub fn finish(self) -> std::io::Result<()> {
        self.out.write_all(self.buf.as_bytes())
    }
}

impl std::fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.buf.push_str(s);
        Ok(())
    }
}

/// Writes a report so that an interrupted run never leaves half a file: a private temporary file
/// (0600) in the same directory, then an atomic rename.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    write_atomic_with(path, &mut |w| w.write_all(text.as_bytes()))
}

/// [`write_atomic`] for a report written piece by piece (buffered).
pub fn write_atomic_with(
    path: &Path,
    body: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    // A device or pipe (`-o /dev/null`, a FIFO) is written as it is: renaming a temporary file
    // over it would replace the device with a regular file.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let f = std::fs::OpenOptions::new().write(true).open(path)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        body(&mut w)?;
        return std::io::Write::flush(&mut w);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.vtcheck-{}.tmp", std::process::id()));
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let result = (|| {
        let f = opts.open(&tmp)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        body(&mut w)?;
        let f = w.into_inner().map_err(|e| e.into_error())?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `--format jsonl`: one finding per line, the same object as in the JSON report plus the as-of
/// date (`as_of`), which the contract wants every report to state.
pub fn jsonl(
    run: &CheckRun,
    ctx: &ReportContext<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let as_of = crate::dossier::model::fmt_date_iso(run.as_of);
    for f in run.findings.iter() {
        let mut line = json::finding(&f, ctx);
        line.as_of = Some(&as_of);
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Exit code per the CLI contract: 2 for unreadable input, else 1 for a violation at or above the
/// fail level, else 0. Rule-file and usage errors never reach a report (they exit 2 earlier).
/// With a baseline, only violations not in it fail.
pub fn exit_code(
    run: &CheckRun,
    rules: &RuleSet,
    fail_level: Severity,
    baseline: Option<&HashSet<String>>,
) -> i32 {
    if run.errors().next().is_some() {
        return 2;
    }
    let Some(baseline) = baseline else {
        // Without a baseline the counts answer it: no second pass over the findings.
        return i32::from(
            [Severity::Error, Severity::Warning]
                .into_iter()
                .any(|s| s >= fail_level && run.findings.violations(s) > 0),
        );
    };
    let failing = run.findings.iter().any(|f| {
        let r = &rules.rules[f.rule];
        f.status == Status::Violation
            && f.severity >= fail_level
            && r.severity != Severity::Info
            && !baseline.contains(&fingerprint_versioned(
                &f.dossier,
                &r.id,
                f.item.as_deref(),
                &r.version,
            ))
    });
    i32::from(failing)
}
