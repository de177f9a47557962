//! `--format json`: one object in the shape of the CLI contract (`vtcheck-report/1`).

use std::collections::BTreeMap;

use std::io::{self, Write};

use serde::Serialize;

use super::ReportContext;
use crate::check::CheckRun;
use crate::diag::Diag;
use crate::engine::Finding;
use crate::privacy::{mask_bsn, mask_name, shown_dossier};

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
    errors: DiagSeq<'a>,
    warnings: DiagSeq<'a>,
    summary: BTreeMap<&'a str, CountsJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<BaselineJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audit: Option<AuditJson<'a>>,
}

/// Baselined violations that a waiver now accepts count as `waived`, never as `resolved`.
#[derive(Serialize)]
struct BaselineJson {
    new: u64,
    unchanged: u64,
    waived: u64,
    resolved: u64,
    /// Only when there are any, so that a run that checks every baselined rule reports as before.
    #[serde(skip_serializing_if = "is_zero")]
    unchecked: u64,
    /// Rejected dossiers without a readable id, only when there are any: `resolved` may hold
    /// their baselined violations.
    #[serde(skip_serializing_if = "is_zero")]
    rejected_without_id: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// The `audit` object of a JSON report (and of SARIF's run properties): the tool version, the
/// SHA-256 of the rules, calendar, waivers and `vtcheck.toml`, and of every input file (names
/// masked as in the rest of the report). Built by [`audit`].
#[derive(Serialize)]
pub struct AuditJson<'a> {
    tool_version: &'a str,
    rules_sha256: &'a str,
    calendar_sha256: &'a str,
    waivers_sha256: Option<&'a str>,
    /// Absent without a `vtcheck.toml` (keeps reports of config-less runs as they were).
    #[serde(skip_serializing_if = "Option::is_none")]
    config_sha256: Option<&'a str>,
    inputs: Vec<InputHash<'a>>,
}

#[derive(Serialize)]
struct InputHash<'a> {
    file: std::borrow::Cow<'a, str>,
    sha256: Option<&'a str>,
}

/// The audit block shared by the machine formats: what an auditor needs to re-run the check.
pub fn audit<'a>(run: &'a CheckRun, ctx: &'a ReportContext<'_>) -> Option<AuditJson<'a>> {
    ctx.audit.map(|a| AuditJson {
        tool_version: ctx.tool_version,
        rules_sha256: &a.rules_sha256,
        calendar_sha256: &a.calendar_sha256,
        waivers_sha256: a.waivers_sha256.as_deref(),
        config_sha256: a.config_sha256.as_deref(),
        inputs: run
            .input_hashes
            .iter()
            .map(|(f, h)| InputHash {
                file: mask_name(f),
                sha256: h.as_deref(),
            })
            .collect(),
    })
}

/// The `tool` object of every JSON document vtcheck writes (reports and comparisons).
#[derive(Serialize)]
pub(crate) struct Tool<'a> {
    name: &'static str,
    version: &'a str,
}

impl<'a> Tool<'a> {
    pub(crate) fn vtcheck(version: &'a str) -> Tool<'a> {
        Tool {
            name: "vtcheck",
            version,
        }
    }
}

/// A rule set by name and version, as the `rulesets` list of reports and comparisons.
#[derive(Serialize)]
pub(crate) struct RuleSetRef<'a> {
    name: &'a str,
    version: &'a str,
}

impl RuleSetRef<'_> {
    pub(crate) fn list(names: &[(String, String)]) -> Vec<RuleSetRef<'_>> {
        names
            .iter()
            .map(|(n, v)| RuleSetRef {
                name: n,
                version: v,
            })
            .collect()
    }
}

/// `inputs`: files read, dossiers read (checked or rejected), and of those the rejected ones.
#[derive(Serialize)]
pub(crate) struct Inputs {
    files: u64,
    dossiers: u64,
    invalid: u64,
}

impl Inputs {
    pub(crate) fn of(run: &CheckRun) -> Inputs {
        Inputs {
            files: run.files,
            dossiers: run.dossiers(),
            invalid: run.invalid,
        }
    }
}

/// One element of `findings` as the contract shapes it (`dossier`, `rule`, `status`,
/// `location`, ...), with BSN-like numbers masked and the dossier id as reports show it. Built
/// by [`finding`].
#[derive(Serialize)]
pub struct FindingJson<'a> {
    dossier: std::borrow::Cow<'a, str>,
    region: &'a str,
    rule: &'a str,
    status: &'static str,
    severity: &'static str,
    item: Option<std::borrow::Cow<'a, str>>,
    due: Option<String>,
    observed: Option<String>,
    message: String,
    location: Location<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<Vec<PhraseJson>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline_state: Option<&'static str>,
    /// The as-of date, on every line of `--format jsonl` (which has no header to state it in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) as_of: Option<&'a str>,
}

#[derive(Serialize)]
struct PhraseJson {
    phrase: String,
    category: String,
    /// The rewrite hint of the category (fixed text of the rule file, not dossier text).
    hint: String,
}

#[derive(Serialize)]
struct Location<'a> {
    file: std::borrow::Cow<'a, str>,
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct DiagJson<'a> {
    file: std::borrow::Cow<'a, str>,
    line: u32,
    column: u32,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
}

/// The `errors` or the `warnings` of a run, serialised as they are read from its log (which
/// may be on disk: a run can have millions).
struct DiagSeq<'a> {
    log: &'a crate::check::DiagLog,
    errors: bool,
}

impl Serialize for DiagSeq<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.log
                .iter()
                .filter(|d| d.is_error() == self.errors)
                .map(DiagItem),
        )
    }
}

struct DiagItem<'a>(std::borrow::Cow<'a, Diag>);

impl Serialize for DiagItem<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = &*self.0;
        DiagJson {
            file: mask_name(&d.file),
            line: d.pos.line,
            column: d.pos.col,
            message: &d.message,
            help: d.help.as_deref(),
        }
        .serialize(s)
    }
}

/// Writes all but the first `skip` bytes: the tail's own opening brace, as the report is one
/// object made of pieces.
struct SkipFirst<'w> {
    out: &'w mut dyn Write,
    skip: usize,
}

impl Write for SkipFirst<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.skip.min(buf.len());
        self.skip -= n;
        if n == buf.len() {
            return Ok(n);
        }
        Ok(n + self.out.write(&buf[n..])?)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[derive(Serialize, Default)]
struct CountsJson {
    applicable: u64,
    pass: u64,
    violation: u64,
    open: u64,
    exempt: u64,
    unassessable: u64,
    /// "`pass` and `not_applicable` appear only as counts in `summary`" (CLI contract): the
    /// checked dossiers the rule (in any of its versions) does not apply to.
    not_applicable: u64,
    waived: u64,
}

/// One finding as the contract shapes it; shared with `--format jsonl`.
pub fn finding<'a>(f: &'a Finding, ctx: &'a ReportContext<'_>) -> FindingJson<'a> {
    let date = |d: Option<chrono::NaiveDate>| d.map(crate::dossier::model::fmt_date_iso);
    FindingJson {
        dossier: shown_dossier(&f.dossier),
        region: &f.region,
        rule: &ctx.rules.rules[f.rule].id,
        status: f.status.key(),
        severity: f.severity.key(),
        item: f.item.as_deref().map(mask_bsn),
        due: date(f.due),
        observed: date(f.observed),
        message: mask_bsn(&f.message).into_owned(),
        location: Location {
            file: mask_name(&f.file),
            line: f.pos.line,
            column: f.pos.col,
        },
        text: (ctx.show_text && !f.phrases.is_empty()).then(|| {
            f.phrases
                .iter()
                .map(|p| PhraseJson {
                    phrase: mask_bsn(&p.text).into_owned(),
                    category: p.label.clone(),
                    hint: mask_bsn(&p.hint).into_owned(),
                })
                .collect()
        }),
        baseline_state: ctx.baseline_state(f),
        as_of: None,
    }
}

/// Findings rendered per chunk, in parallel, then written in order.
const CHUNK: usize = 4096;

/// Appends `s` as a JSON string, escaped exactly as serde_json escapes it (the report must stay
/// byte-identical to serialising the whole document with `to_writer_pretty`).
fn push_json_str(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let b = s.as_bytes();
    let mut run = 0;
    // Most strings need no escape at all: find the next byte that does.
    while let Some(k) = next_escape(&b[run..]) {
        let i = run + k;
        let c = b[i];
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            _ => &[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(c >> 4)],
                HEX[usize::from(c & 0xF)],
            ],
        };
        out.extend_from_slice(&b[run..i]);
        out.extend_from_slice(esc);
        run = i + 1;
    }
    out.extend_from_slice(&b[run..]);
    out.push(b'"');
}

/// The index of the first byte JSON must escape (a control character, `"` or `\\`), looked for
/// eight bytes at a time: every string of every finding passes through here.
fn next_escape(b: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Bytes of `x` that are zero, as their high bits (exact for the lowest such byte, which is
    // the one the result needs).
    let zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let mut chunks = b.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let w = u64::from_le_bytes(c.try_into().unwrap_or([0; 8]));
        // Below 0x20: the byte minus 0x20 borrows; only ASCII bytes (high bit clear) count.
        let control = w.wrapping_sub(ONES * 0x20) & !w & HIGHS;
        let hit =
            control | zero(w ^ (ONES * u64::from(b'"'))) | zero(w ^ (ONES * u64::from(b'\\')));
        if hit != 0 {
            return Some(at + (hit.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c < 0x20 || c == b'"' || c == b'\\')
        .map(|k| at + k)
}

/// Appends one finding as an element of the pretty-printed `findings` array (leading newline
/// and indentation included): the bytes `to_writer_pretty` gives for [`FindingJson`] at this
/// depth, written directly because this is the one loop that runs for every finding.
fn push_finding_pretty(out: &mut Vec<u8>, f: &Finding, ctx: &ReportContext<'_>) {
    use std::io::Write as _;
    let field = |out: &mut Vec<u8>, name: &str| {
        out.extend_from_slice(b",\n      \"");
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b"\": ");
    };
    let opt_str = |out: &mut Vec<u8>, v: Option<&str>| match v {
        Some(s) => push_json_str(out, s),
        None => out.extend_from_slice(b"null"),
    };
    let date = |out: &mut Vec<u8>, d: Option<chrono::NaiveDate>| {
        opt_str(out, d.map(crate::dossier::model::fmt_date_iso).as_deref())
    };
    out.extend_from_slice(b"\n    {\n      \"dossier\": ");
    push_json_str(out, &shown_dossier(&f.dossier));
    field(out, "region");
    push_json_str(out, &f.region);
    field(out, "rule");
    push_json_str(out, &ctx.rules.rules[f.rule].id);
    field(out, "status");
    push_json_str(out, f.status.key());
    field(out, "severity");
    push_json_str(out, f.severity.key());
    field(out, "item");
    opt_str(out, f.item.as_deref().map(mask_bsn).as_deref());
    field(out, "due");
    date(out, f.due);
    field(out, "observed");
    date(out, f.observed);
    field(out, "message");
    push_json_str(out, &mask_bsn(&f.message));
    field(out, "location");
    out.extend_from_slice(b"{\n        \"file\": ");
    push_json_str(out, &mask_name(&f.file));
    // Writing to memory cannot fail.
    let _ = write!(
        out,
        ",\n        \"line\": {},\n        \"column\": {}\n      }}",
        f.pos.line, f.pos.col
    );
    if ctx.show_text && !f.phrases.is_empty() {
        field(out, "text");
        out.push(b'[');
        for (i, p) in f.phrases.iter().enumerate() {
            out.extend_from_slice(if i == 0 { b"\n" } else { b",\n" });
            out.extend_from_slice(b"        {\n          \"phrase\": ");
            push_json_str(out, &mask_bsn(&p.text));
            out.extend_from_slice(b",\n          \"category\": ");
            push_json_str(out, &p.label);
            out.extend_from_slice(b",\n          \"hint\": ");
            push_json_str(out, &mask_bsn(&p.hint));
            out.extend_from_slice(b"\n        }");
        }
        out.extend_from_slice(b"\n      ]");
    }
    if let Some(state) = ctx.baseline_state(f) {
        field(out, "baseline_state");
        push_json_str(out, state);
    }
    out.extend_from_slice(b"\n    }");
}

/// Writes the `findings` array as `serde_json`'s pretty printer would at this depth, streamed
/// from the sorted findings (never one document in memory). Three stages overlap: a merge
/// thread takes chunks from the merge of the sorted runs, the current rayon pool renders one
/// chunk in parallel, and this thread writes the chunk before it. Merging and writing are each
/// serial; on separate threads they overlap instead of adding up at the end of a large run.
fn write_findings(run: &CheckRun, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    std::thread::scope(|scope| {
        // Two chunks ahead at most: memory stays bounded by the chunk size.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Finding>>(2);
        let merger = std::thread::Builder::new()
            .name("vtcheck-merge".into())
            .spawn_scoped(scope, move || {
                let mut it = run.findings.iter();
                loop {
                    let chunk: Vec<Finding> = it.by_ref().take(CHUNK).collect();
                    // The receiver stops early only when writing failed.
                    if chunk.is_empty() || tx.send(chunk).is_err() {
                        break;
                    }
                }
            });
        match merger {
            Ok(_) => write_chunks(ctx, &mut || rx.recv().unwrap_or_default(), out),
            // No thread to be had: merge here, between writes.
            Err(_) => {
                let mut it = run.findings.iter();
                write_chunks(ctx, &mut || it.by_ref().take(CHUNK).collect(), out)
            }
        }
    })
}

/// The rendering and writing half of [`write_findings`]: `next` gives the findings chunk by
/// chunk in report order, empty at the end.
fn write_chunks(
    ctx: &ReportContext<'_>,
    next: &mut dyn FnMut() -> Vec<Finding>,
    out: &mut dyn Write,
) -> io::Result<()> {
    use rayon::prelude::*;
    let render = |part: &[Finding]| -> Vec<u8> {
        let mut buf = Vec::with_capacity(part.len() * 640);
        for f in part {
            buf.push(b',');
            push_finding_pretty(&mut buf, f, ctx);
        }
        buf
    };
    let mut first = true;
    let mut write_parts = |parts: Vec<Vec<u8>>, out: &mut dyn Write| -> io::Result<()> {
        for p in parts {
            // Each part starts with a separator; the array's first element takes `[` instead.
            if first {
                out.write_all(b"[")?;
                out.write_all(&p[1..])?;
                first = false;
            } else {
                out.write_all(&p)?;
            }
        }
        Ok(())
    };
    let mut chunk = next();
    let mut rendered: Vec<Vec<u8>> = Vec::new();
    while !chunk.is_empty() {
        let mut parts = Vec::new();
        let (written, following) = rayon::in_place_scope(|s| {
            s.spawn(|_| parts = chunk.par_chunks(256).map(render).collect());
            (write_parts(std::mem::take(&mut rendered), out), next())
        });
        written?;
        rendered = parts;
        chunk = following;
    }
    write_parts(rendered, out)?;
    out.write_all(if first { b"[]" } else { b"\n  ]" })
}

/// The report as a string (tests and small embedders).
pub fn render(run: &CheckRun, ctx: &ReportContext<'_>) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(run, ctx, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes the report; findings stream from the sorted findings. Line separators in strings are
/// escaped ([`super::JsonSeparatorsEscaped`]).
pub fn write(run: &CheckRun, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let mut out = super::JsonSeparatorsEscaped::new(out);
    write_report(run, ctx, &mut out)?;
    out.finish()
}

fn write_report(run: &CheckRun, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    let diags = |errors: bool| DiagSeq {
        log: &run.diags,
        errors,
    };
    // With `--parse-only` no rule was evaluated: no rule gets counts (they would all read
    // "not applicable"). Otherwise every loaded rule has its entry, a population rule too: it
    // judges no dossier, so all of them count as not applicable (docs/regelbestanden.md).
    let summary = ctx
        .rules
        .rules
        .iter()
        .zip(&run.counts)
        .filter(|_| !run.parse_only)
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
                // A dossier applies to at most one version of a rule (validity periods do not
                // overlap), so the rest of the checked (valid) dossiers is not applicable.
                e.not_applicable = run.valid.saturating_sub(e.applicable);
                m
            },
        );
    let head = Head {
        schema: "vtcheck-report/1",
        tool: Tool::vtcheck(ctx.tool_version),
        as_of: crate::dossier::model::fmt_date_iso(run.as_of),
        rulesets: RuleSetRef::list(&ctx.rules.names),
        inputs: Inputs::of(run),
    };
    let tail = Tail {
        errors: diags(true),
        warnings: diags(false),
        summary,
        baseline: ctx.baseline_counts(run).map(|b| BaselineJson {
            new: b.new,
            unchanged: b.unchanged,
            waived: b.waived,
            resolved: b.resolved,
            rejected_without_id: b.rejected_without_id,
            unchecked: b.unchecked,
        }),
        audit: audit(run, ctx),
    };
    // One object in three pieces: `{ head…, "findings": […], tail… }`, byte for byte what
    // `to_writer_pretty` gives for the whole report.
    let head = serde_json::to_string_pretty(&head)?;
    out.write_all(head.strip_suffix("\n}").unwrap_or(&head).as_bytes())?;
    out.write_all(b",\n  \"findings\": ")?;
    write_findings(run, ctx, out)?;
    out.write_all(b",")?;
    // The tail streams too: its errors and warnings are read from the log as they are written.
    serde_json::to_writer_pretty(&mut SkipFirst { out, skip: 1 }, &tail)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::Pos;
    use crate::engine::Phrase;
    use crate::rules::{Severity, Status};
    use std::collections::HashSet;

    proptest::proptest! {
        #[test]
        fn escapes_are_found_eight_bytes_at_a_time(b in proptest::collection::vec(
            proptest::prop_oneof![0u8..=0x21, 0x22u8..=0x22, 0x5Cu8..=0x5C, 0x23u8..=0xFF],
            0..40,
        )) {
            let naive = b.iter().position(|&c| c < 0x20 || c == b'"' || c == b'\\');
            proptest::prop_assert_eq!(next_escape(&b), naive);
        }
    }

    /// The hand-written finding must be byte for byte what serde_json's pretty printer makes of
    /// [`FindingJson`] indented into the array, for every optional part and awkward string.
    #[test]
    fn hand_written_findings_match_the_serde_pretty_printer() {
        let rules = crate::rules::embedded().expect("embedded rules load");
        let awkward = "q\"b\\s/ n\n r\r t\t \u{8}\u{c}\u{1}\u{1f}\u{7f} é 😀 BSN 111222333";
        let mut findings = Vec::new();
        for (i, text) in ["", "gewoon", awkward].iter().enumerate() {
            findings.push(Finding {
                dossier: format!("D-{i}{text}").into(),
                region: "utrecht".into(),
                rule: i % rules.rules.len(),
                status: [Status::Violation, Status::Open, Status::Waived][i],
                severity: [Severity::Error, Severity::Warning, Severity::Info][i],
                item: (i > 0).then(|| format!("V{i}{text}")),
                due: (i != 1).then(|| chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()),
                observed: (i == 2).then(|| chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap()),
                message: format!("bericht {text}"),
                file: format!("map/{text}.jsonl").into(),
                pos: Pos::new(3 + i as u32, 1, 77),
                phrases: (0..i)
                    .map(|k| Phrase {
                        text: format!("frase {k} {text}"),
                        label: "verbod".into(),
                        hint: format!("zeg wat wel {text}"),
                        detail: None,
                    })
                    .collect(),
                occurrence: 0,
            });
        }
        let base: HashSet<String> = HashSet::new();
        for (show_text, baseline) in [(false, None), (true, None), (true, Some(&base))] {
            let ctx = ReportContext {
                rules: &rules,
                tool_version: "0",
                show_text,
                color: false,
                baseline,
                baseline_unchecked: 0,
                baseline_rejected: 0,
                fail_level: Severity::Error,
                audit: None,
            };
            for f in &findings {
                let mut ours = Vec::new();
                push_finding_pretty(&mut ours, f, &ctx);
                let theirs = serde_json::to_string_pretty(&finding(f, &ctx)).unwrap();
                let theirs = format!("\n    {}", theirs.replace('\n', "\n    "));
                assert_eq!(String::from_utf8(ours).unwrap(), theirs);
            }
        }
    }
}
