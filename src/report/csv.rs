//! `--format csv`: one row per finding, `;`-separated with a UTF-8 byte-order mark, the way Dutch
//! Excel opens it without an import wizard. Every row carries the as-of date (`as_of`): a CSV file
//! has no other place to state it. A run without findings writes one row that is no finding: only
//! `message` ("Geen bevindingen.") and `as_of` are filled, so that this report too states its
//! as-of date, as the contract wants of every report. Input errors (what makes exit code 2) come
//! first, a row each with status `invoerfout`: the sheet has no other place to say the run was
//! incomplete. Cells copied from the input (dossier id, item, file name) that
//! a spreadsheet would run as a formula get a leading `'` (`cell`). With `--baseline` a last
//! column `baseline_state` says `new` or `unchanged` for each violation.

use std::io::{self, Write};

use super::ReportContext;
use crate::check::CheckRun;
use crate::privacy::{mask_bsn, mask_name, shown_dossier};

/// Writes the report; rows stream from the sorted findings.
pub fn write(run: &CheckRun, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    let mut head = vec![
        "dossier", "region", "rule", "status", "severity", "item", "due", "observed", "message",
        "file", "line", "column", "as_of",
    ];
    // Only with `--baseline`: the default column set stays what spreadsheets were built on.
    let baseline = ctx.baseline.is_some();
    if baseline {
        head.push("baseline_state");
    }
    w.write_record(&head)?;
    let as_of = crate::dossier::model::fmt_date(run.as_of);
    // Input errors before the findings, in reading order (as JSON's `errors`): at the top of the
    // sheet, where a reader sees that the run was incomplete before counting its findings.
    // Warnings (a stale waiver, an unknown key) change nothing the sheet counts and stay out.
    for d in run.errors() {
        let file = mask_name(&d.file);
        let (line, column) = match d.pos.known() {
            Some(p) if p.col > 0 => (p.line.to_string(), p.col.to_string()),
            Some(p) => (p.line.to_string(), String::new()),
            // No position: empty cells, not a made-up line (JSON's 0 means the same).
            None => (String::new(), String::new()),
        };
        let row = head.iter().map(|&h| match h {
            "status" => "invoerfout".into(),
            // Masked when the diagnostic was made, as JSON writes it.
            "message" => cell(&d.message),
            "file" => cell(&file),
            "line" => line.as_str().into(),
            "column" => column.as_str().into(),
            "as_of" => as_of.as_str().into(),
            _ => std::borrow::Cow::Borrowed(""),
        });
        w.write_record(row.collect::<Vec<_>>().iter().map(|c| c.as_bytes()))?;
    }
    if run.findings.is_empty() {
        // Said plainly when nothing or not everything was checked: the error rows above may be
        // filtered away in the sheet, this row is what a clean run would show.
        let invalid = match run.invalid {
            0 => String::new(),
            1 => "; 1 dossier ongeldig, niet gecontroleerd".to_string(),
            n => format!("; {n} dossiers ongeldig, niet gecontroleerd"),
        };
        let errors = match run.diags.error_count() {
            0 => String::new(),
            n => format!(
                "; {}: niet alles {}",
                super::human::counted(n, "invoerfout", "invoerfouten"),
                if run.parse_only {
                    "ingelezen"
                } else {
                    "gecontroleerd"
                }
            ),
        };
        let message = if run.parse_only {
            format!(
                "Geen bevindingen: alleen ingelezen (--parse-only), geen regels toegepast{invalid}{errors}."
            )
        } else {
            format!("Geen bevindingen{invalid}{errors}.")
        };
        let row = head.iter().map(|&h| match h {
            "message" => message.as_str(),
            "as_of" => &as_of,
            _ => "",
        });
        w.write_record(row)?;
    }
    for f in run.findings.iter() {
        let date = |d: Option<chrono::NaiveDate>| {
            d.map(crate::dossier::model::fmt_date).unwrap_or_default()
        };
        let item = mask_bsn(f.item.as_deref().unwrap_or(""));
        let (dossier, file) = (shown_dossier(&f.dossier), mask_name(&f.file));
        let row = [
            &cell(&dossier),
            &*f.region,
            &ctx.rules.rules[f.rule].id,
            f.status.key(),
            f.severity.key(),
            &cell(&item),
            &date(f.due),
            &date(f.observed),
            &mask_bsn(&f.message),
            &cell(&file),
            &f.pos.line.to_string(),
            &f.pos.col.to_string(),
            &as_of,
        ];
        if baseline {
            // `new` or `unchanged` for a violation, as in JSON and SARIF; empty otherwise.
            let state = ctx.baseline_state(&f).unwrap_or("");
            w.write_record(row.iter().map(|c| c.as_bytes()).chain([state.as_bytes()]))?;
        } else {
            w.write_record(row)?;
        }
    }
    w.flush()
}

/// A cell as a spreadsheet will show it: text from the input that starts like a formula (`=`,
/// `+`, `-`, `@`, a tab or carriage return) gets a leading `'`, so Excel shows it instead of
/// running it (CSV injection: a dossier id `=HYPERLINK(...)` would otherwise be a live link
/// in the quality officer's sheet). Region, rule, dates and numbers are the tool's own and
/// never start so.
fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => ["'", s].concat().into(),
        _ => s.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn formula_like_cells_are_quoted_and_others_kept() {
        for (raw, shown) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+31", "'+31"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tX", "'\tX"),
            ("MB-2023-00412", "MB-2023-00412"),
            ("overdracht[1]", "overdracht[1]"),
            ("", ""),
        ] {
            assert_eq!(cell(raw), shown, "{raw:?}");
        }
    }
}
