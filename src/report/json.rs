//! `--format json`: one object in the shape of the CLI contract (`vtcheck-report/1`).

use std::collections::BTreeMap;

use std::io::{self, Write};

use serde::Serialize;

use super::ReportContext;
use crate::check::CheckRun;
use crate::engine::Finding;
use crate::privacy::mask_bsn;

/// The report's fields before `findings`.
#[derive(Serialize)]
struct Head<'a> {
    schema: &'static str,
    tool: Tool<'a>,
    as_of: String,
    rulesets: Vec<RuleSetRef<'a>>,
    inputs: Inputs,
}

/// The report's fields after `findings`.
#[derive(Serialize)]
struct Tail<'a> {
    errors: Vec<DiagJson<'a>>,
    warnings: Vec<DiagJson<'a>>,
    summary: BTreeMap<&'a str, CountsJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audit: Option<AuditJson<'a>>,
}

#[derive(Serialize)]
struct BaselineJson {
    new: u64,
    unchanged: u64,
    resolved: u64,
}

#[derive(Serialize)]
pub struct AuditJson<'a> {
    tool_version: &'a str,
    rules_sha256: &'a str,
    calendar_sha256: &'a str,
    waivers_sha256: Option<&'a str>,
    inputs: Vec<InputHash<'a>>,
}

#[derive(Serialize)]
struct InputHash<'a> {
    file: &'a str,
    sha256: Option<&'a str>,
}

/// The audit block shared by the machine formats: what an auditor needs to re-run the check.
pub fn audit<'a>(run: &'a CheckRun, ctx: &'a ReportContext<'_>) -> Option<AuditJson<'a>> {
    ctx.audit.map(|a| AuditJson {
        tool_version: ctx.tool_version,
        rules_sha256: &a.rules_sha256,
        calendar_sha256: &a.calendar_sha256,
        waivers_sha256: a.waivers_sha256.as_deref(),
        inputs: run
            .input_hashes
            .iter()
            .map(|(f, h)| InputHash {
                file: f,
                sha256: h.as_deref(),
            })
            .collect(),
    })
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

#[derive(Serialize)]
struct RuleSetRef<'a> {
    name: &'a str,
    version: &'a str,
}

#[derive(Serialize)]
struct Inputs {
    files: u64,
    dossiers: u64,
    invalid: u64,
}

#[derive(Serialize)]
pub struct FindingJson<'a> {
    dossier: &'a str,
    region: &'a str,
    rule: &'a str,
    status: &'static str,
    severity: &'static str,
    item: Option<&'a str>,
    due: Option<String>,
    observed: Option<String>,
    message: String,
    location: Location<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<Vec<PhraseJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
}

#[derive(Serialize)]
struct PhraseJson {
    phrase: String,
    category: String,
}

#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct DiagJson<'a> {
    file: &'a str,
    line: u32,
    column: u32,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

#[derive(Serialize, Default)]
struct CountsJson {
    applicable: u64,
    pass: u64,
    violation: u64,
    open: u64,
    exempt: u64,
    unassessable: u64,
    waived: u64,
}

/// One finding as the contract shapes it; shared with `--format jsonl`.
pub fn finding<'a>(f: &'a Finding, ctx: &'a ReportContext<'_>) -> FindingJson<'a> {
    let date = |d: Option<chrono::NaiveDate>| d.map(crate::dossier::model::fmt_date_iso);
    FindingJson {
        dossier: &f.dossier,
        region: &f.region,
        rule: &ctx.rules.rules[f.rule].id,
        status: f.status.key(),
        severity: f.severity.key(),
        item: f.item.as_deref(),
        due: date(f.due),
        observed: date(f.observed),
        message: mask_bsn(&f.message),
        location: Location {
            file: &f.file,
            line: f.pos.line,
            column: f.pos.col,
        },
        text: (ctx.show_text && !f.phrases.is_empty()).then(|| {
            f.phrases
                .iter()
                .map(|p| PhraseJson {
                    phrase: mask_bsn(&p.text),
                    category: p.label.clone(),
                })
                .collect()
        }),
        baseline_state: ctx.baseline_state(f),
    }
}

/// Findings rendered per chunk, in parallel, then written in order.
const CHUNK: usize = 4096;

/// Writes the `findings` array as `serde_json`'s pretty printer would at this depth, streamed
/// from the sorted findings (never one document in memory). Each finding is pretty-printed on
/// its own and indented into place: JSON strings hold no raw newline, so indenting after every
/// newline is exact. Chunks are rendered in parallel on the current rayon pool.
fn write_findings(run: &CheckRun, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    use rayon::prelude::*;
    let render = |f: &Finding| -> Vec<u8> {
        let mut buf = Vec::with_capacity(640);
        buf.extend_from_slice(b"\n    ");
        let mut one = Vec::with_capacity(600);
        // Serialising plain data into memory cannot fail.
        let _ = serde_json::to_writer_pretty(&mut one, &finding(f, ctx));
        for &b in &one {
            buf.push(b);
            if b == b'\n' {
                buf.extend_from_slice(b"    ");
            }
        }
        buf
    };
    let mut findings = run.findings.iter();
    let mut first = true;
    loop {
        let chunk: Vec<Finding> = findings.by_ref().take(CHUNK).collect();
        if chunk.is_empty() {
            break;
        }
        let parts: Vec<Vec<u8>> = chunk.par_iter().map(render).collect();
        for p in parts {
            out.write_all(if first { b"[" } else { b"," })?;
            first = false;
            out.write_all(&p)?;
        }
    }
    out.write_all(if first { b"[]" } else { b"\n  ]" })
}

/// The report as a string (tests and small embedders).
pub fn render(run: &CheckRun, ctx: &ReportContext<'_>) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(run, ctx, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes the report; findings stream from the sorted findings.
pub fn write(run: &CheckRun, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let diags = |errors: bool| -> Vec<DiagJson<'_>> {
        run.diags
            .iter()
            .filter(|d| d.is_error() == errors)
            .map(|d| DiagJson {
                file: &d.file,
                line: d.pos.line,
                column: d.pos.col,
                message: d.message.clone(),
                help: d.help.as_deref(),
            })
            .collect()
    };
    let summary = ctx
        .rules
        .rules
        .iter()
        .zip(&run.counts)
        .filter(|(r, _)| !r.is_population())
        .fold(
            BTreeMap::new(),
            |mut m: BTreeMap<&str, CountsJson>, (r, c)| {
                // Versions of one rule (different validity periods) are counted together.
                let e = m.entry(r.id.as_str()).or_default();
                e.applicable += c.applicable;
                e.pass += c.pass;
                e.violation += c.violation;
                e.open += c.open;
                e.exempt += c.exempt;
                e.unassessable += c.unassessable;
                e.waived += c.waived;
                m
            },
        );
    let head = Head {
        schema: "vtcheck-report/1",
        tool: Tool {
            name: "vtcheck",
            version: ctx.tool_version,
        },
        as_of: crate::dossier::model::fmt_date_iso(run.as_of),
        rulesets: ctx
            .rules
            .names
            .iter()
            .map(|(n, v)| RuleSetRef {
                name: n,
                version: v,
            })
            .collect(),
        inputs: Inputs {
            files: run.files,
            dossiers: run.dossiers,
            invalid: run.invalid,
        },
    };
    let tail = Tail {
        errors: diags(true),
        warnings: diags(false),
        summary,
        baseline: ctx.baseline.map(|b| {
            let (new, unchanged, resolved) = crate::baseline::compare(run, ctx.rules, b);
            BaselineJson {
                new,
                unchanged,
                resolved,
            }
        }),
        audit: audit(run, ctx),
    };
    // One object in three pieces: `{ head…, "findings": […], tail… }`, byte for byte what
    // `to_writer_pretty` gives for the whole report.
    let head = serde_json::to_string_pretty(&head)?;
    let tail = serde_json::to_string_pretty(&tail)?;
    out.write_all(head.strip_suffix("\n}").unwrap_or(&head).as_bytes())?;
    out.write_all(b",\n  \"findings\": ")?;
    write_findings(run, ctx, out)?;
    out.write_all(b",")?;
    out.write_all(tail.strip_prefix("{").unwrap_or(&tail).as_bytes())?;
    out.write_all(b"\n")
}
