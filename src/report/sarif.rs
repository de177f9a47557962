//! `--format sarif`: SARIF 2.1.0, one run, for GitHub and GitLab code scanning.
//!
//! Violations are results of kind `fail` with the rule's level; open, exempt and unassessable
//! outcomes are kept as `open`, `informational` and `review` results (level `none`), so a
//! dashboard sees them without failing on them. `partialFingerprints` hash dossier, rule and item
//! (and, from the second violation of a rule on one item, its occurrence), so a result keeps its
//! identity across exports.

use serde_json::{Value, json};

use std::io::{self, Write};

use super::places::TextPlaces;
use super::{ReportContext, Sink, fingerprint};
use crate::check::CheckRun;
use crate::engine::Finding;
use crate::privacy::{mask_bsn, mask_name, shown_dossier};
use crate::rules::{Severity, Status};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A file path as a URI: forward slashes, everything outside RFC 3986's path characters
/// percent-encoded. A relative path stays a relative reference (to the working directory, as it
/// was given: no `originalUriBaseIds`, which could only hold this machine's directory); an
/// absolute one becomes a `file:` URI (RFC 8089), as SARIF wants of a location without a base:
/// `/export/a.yaml` → `file:///export/a.yaml`, `C:\export\a.yaml` → `file:///C:/export/a.yaml`,
/// `\\server\share\a.yaml` → `file:////server/share/a.yaml`. Standard input is `-`, as in
/// every other format. On Unix a name is its own bytes again ([`raw_bytes`]): a byte that is no
/// UTF-8 and a backslash are percent-encoded, not shown escapes.
fn uri(file: &str) -> String {
    let file = raw_bytes(file);
    let b = file.as_slice();
    // What is written as it is, and the path to encode after it.
    let (head, path) = match b {
        // An empty authority before the whole path, also for a UNC path (`file:////server/…`,
        // RFC 8089 E.3.2): taking the server as the authority would read a Unix `//tmp` as host.
        [b'/', ..] => ("file://".to_string(), b),
        // A drive letter keeps its colon, which a `file:` URI's path may hold.
        [d, b':', b'/', ..] if d.is_ascii_alphabetic() => {
            (format!("file:///{}:", *d as char), &b[2..])
        }
        _ => (String::new(), b),
    };
    // RFC 3986 path characters stay (unreserved, sub-delims, `@`, `/`); every other byte of the
    // name is percent-encoded. `:` is encoded too: in a relative reference's first segment it
    // would read as a scheme (`a:b.yaml`).
    let mut out = head;
    out.reserve(path.len());
    for &b in path {
        if b.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The bytes of a file name as reports show it: on Unix the name's own bytes
/// ([`crate::dossier::path_of_shown`]), so that the URI's percent-encoding names the file
/// itself; elsewhere a backslash is a separator, and becomes `/`.
fn raw_bytes(file: &str) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        crate::dossier::path_of_shown(file)
            .into_os_string()
            .into_vec()
    }
    #[cfg(not(unix))]
    {
        file.replace('\\', "/").into_bytes()
    }
}

/// A `physicalLocation`: the file, and a `region` only where there is a position (SARIF allows
/// a location without one; a file-level error has no line to point at).
fn physical(file: &str, pos: crate::dossier::Pos) -> Value {
    let mut loc = json!({"artifactLocation": {"uri": uri(&mask_name(file))}});
    if let Some(p) = pos.known() {
        loc["region"] = json!({"startLine": p.line});
        if p.col > 0 {
            loc["region"]["startColumn"] = json!(p.col);
        }
    }
    loc
}

/// One result: a finding as SARIF sees it.
fn result(f: &Finding, ctx: &ReportContext<'_>, places: &TextPlaces) -> Value {
    let rule = &ctx.rules.rules[f.rule];
    let (kind, lvl) = match f.status {
        Status::Violation => ("fail", level(f.severity)),
        Status::Open => ("open", "none"),
        Status::Exempt => ("informational", "none"),
        _ => ("review", "none"),
    };
    let date = |d: Option<chrono::NaiveDate>| d.map(crate::dossier::model::fmt_date_iso);
    let mut r = json!({
        "ruleId": rule.id,
        "ruleIndex": f.rule,
        "kind": kind,
        "level": lvl,
        "message": {"text": mask_bsn(&f.message)},
        "locations": [{
            "physicalLocation": physical(&f.file, places.text_pos(&f.file, f.pos)),
            "logicalLocations": [{"name": shown_dossier(&f.dossier), "kind": "object"}]
        }],
        "partialFingerprints": {"vtcheck/v1": fingerprint(&f.dossier, &rule.id, f.item.as_deref(), f.occurrence)},
        "properties": {
            "dossier": shown_dossier(&f.dossier),
            "region": &*f.region,
            "status": f.status.key(),
            "item": f.item.as_deref().map(mask_bsn),
            "due": date(f.due),
            "observed": date(f.observed)
        }
    });
    if let Some(b) = ctx.baseline_state(f) {
        r["baselineState"] = json!(b);
    }
    if f.status == Status::Waived {
        r["suppressions"] = json!([{"kind": "external", "status": "accepted", "justification": mask_bsn(&f.message)}]);
        r["kind"] = json!("fail");
        r["level"] = json!(level(f.severity));
    }
    r
}

/// Stands in for the results in the rendered document, which are then written one by one in its
/// place. Quotes inside JSON strings are escaped, so `"results": "…"` occurs only as the key.
const RESULTS: &str = "\"results\": \"vtcheck:results\"";
const NOTIFICATIONS: &str = "\"toolExecutionNotifications\": \"vtcheck:notifications\"";

/// Writes the log; results stream from the sorted findings, everything else is rendered whole.
pub fn write(run: &CheckRun, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    // A parse-only run judged no rule: it lists none, and it reports under its own automation
    // category (below), so that uploading it to code scanning cannot close the alerts of a real
    // check (an analysis of the same category without results would mark them all fixed).
    let rules: Vec<Value> = ctx
        .rules
        .rules
        .iter()
        .filter(|_| !run.parse_only)
        .map(|r| {
            let mut help = format!("{}\n\nBron: {}", r.rationale.trim(), r.source);
            if let Some(g) = &r.example_good {
                help.push_str(&format!("\nVoldoet: {g}"));
            }
            if let Some(b) = &r.example_bad {
                help.push_str(&format!("\nOvertreding: {b}"));
            }
            json!({
                "id": r.id,
                "name": r.id.replace('-', ""),
                "shortDescription": {"text": r.title},
                "fullDescription": {"text": r.rationale.trim()},
                "help": {"text": help},
                "defaultConfiguration": {"level": level(r.severity)},
                "properties": {"tags": [r.category], "source": r.source, "kind": r.check.kind_key()}
            })
        })
        .collect();
    let mut doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "vtcheck",
                "version": ctx.tool_version,
                "semanticVersion": ctx.tool_version,
                "rules": rules
            }},
            "invocations": [{
                "executionSuccessful": run.errors().next().is_none(),
                "toolExecutionNotifications": "vtcheck:notifications"
            }],
            "results": "vtcheck:results",
            // Columns count characters (see `Pos`); without this, consumers assume UTF-16
            // code units and land early on a line with an emoji before the value.
            "columnKind": "unicodeCodePoints",
            "properties": {
                "as_of": run.as_of.format("%Y-%m-%d").to_string(),
                "rulesets": ctx.rules.names.iter().map(|(n, v)| json!({"name": n, "version": v})).collect::<Vec<_>>(),
                "inputs": {"files": run.files, "dossiers": run.dossiers(), "invalid": run.invalid},
                "audit": super::json::audit(run, ctx)
            }
        }]
    });
    if run.parse_only {
        // Only here: a category on the normal check would move its alerts to a new category
        // for every user who upgrades (the old ones would stay open beside the new).
        doc["runs"][0]["automationDetails"] = json!({"id": "vtcheck/parse-only/"});
    }
    let text = serde_json::to_string_pretty(&doc)?;
    // Regions are lines of the file as text, also in a CSV file, whose rows are not its lines
    // (see `places`).
    let places = TextPlaces::of(run);
    let missing = || io::Error::other("SARIF: de plaats van de meldingen of resultaten ontbreekt");
    let (head, rest) = text.split_once(NOTIFICATIONS).ok_or_else(missing)?;
    let (middle, tail) = rest.split_once(RESULTS).ok_or_else(missing)?;
    let mut escaped = super::JsonSeparatorsEscaped::new(out);
    let mut out = Sink::new(&mut escaped);
    out.push_str(head);
    // Input errors, then warnings (an expired or stale waiver, an unknown key): code scanning
    // shows what the terminal shows. Read from the run's log as they are written.
    let notifications = run.errors().chain(run.warnings()).map(|d| {
        let mut n = json!({
            "level": if d.is_error() { "error" } else { "warning" },
            "message": {"text": d.message},
        });
        // One about no file (no path given, a temporary file that failed) has no location.
        if !d.is_general() {
            n["locations"] =
                json!([{"physicalLocation": physical(&d.file, places.text_pos(&d.file, d.pos))}]);
        }
        n
    });
    // The run's keys are at six spaces, the invocation's at ten.
    write_array(
        &mut out,
        "toolExecutionNotifications",
        10,
        notifications.map(Ok),
    )?;
    out.push_str(middle);
    write_array(
        &mut out,
        "results",
        6,
        run.findings.iter().map(|f| Ok(result(&f, ctx, &places))),
    )?;
    out.push_str(tail);
    out.push('\n');
    out.finish()?;
    escaped.finish()
}

/// Writes `"key": [items]` as `to_string_pretty` indents it for a key at `indent` spaces, one
/// item at a time, so that arrays of any length stream.
fn write_array(
    out: &mut Sink<'_>,
    key: &str,
    indent: usize,
    items: impl Iterator<Item = io::Result<Value>>,
) -> io::Result<()> {
    let item_break = format!("\n{}", " ".repeat(indent + 2));
    out.push_str(&format!("\"{key}\": ["));
    let mut any = false;
    for item in items {
        out.push_str(if any { "," } else { "" });
        out.push_str(&item_break);
        out.push_str(&serde_json::to_string_pretty(&item?)?.replace('\n', &item_break));
        any = true;
        out.spill()?;
    }
    if any {
        out.push('\n');
        out.push_str(&" ".repeat(indent));
    }
    out.push(']');
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded_per_rfc_3986() {
        for (file, uri) in [
            ("export/mb-2023-00412.yaml", "export/mb-2023-00412.yaml"),
            (
                "wéird [x]/a b%c.yaml",
                "w%C3%A9ird%20%5Bx%5D/a%20b%25c.yaml",
            ),
            ("a:b#c?.jsonl", "a%3Ab%23c%3F.jsonl"),
            ("C:export/d.json", "C%3Aexport/d.json"),
            ("../export/d.json", "../export/d.json"),
            ("-", "-"),
            ("/tmp/edge/a b.json", "file:///tmp/edge/a%20b.json"),
            ("/x:y/#1.json", "file:///x%3Ay/%231.json"),
            ("c:/export/d.json", "file:///c:/export/d.json"),
        ] {
            assert_eq!(super::uri(file), uri, "{file}");
        }
        // Windows names: a backslash is a separator.
        #[cfg(not(unix))]
        for (file, uri) in [
            ("export\\sub\\d.json", "export/sub/d.json"),
            ("C:\\export\\d e.json", "file:///C:/export/d%20e.json"),
            ("\\\\server\\share\\d.json", "file:////server/share/d.json"),
        ] {
            assert_eq!(super::uri(file), uri, "{file}");
        }
        // Unix names as reports show them (`crate::dossier::shown_path`): a byte that is no
        // UTF-8, shown as `\xFF`, and a backslash, shown as `\\`, are their bytes in the URI.
        #[cfg(unix)]
        for (file, uri) in [
            ("tie/x\\xFF.json", "tie/x%FF.json"),
            ("tie/x\\\\xFF.json", "tie/x%5CxFF.json"),
            ("export\\\\d.json", "export%5Cd.json"),
            ("/tmp/a\\xE9\\\\b.json", "file:///tmp/a%E9%5Cb.json"),
        ] {
            assert_eq!(super::uri(file), uri, "{file}");
        }
    }
}
