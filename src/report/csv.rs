//! `--format csv`: one row per finding, `;`-separated with a UTF-8 byte-order mark, the way Dutch
//! Excel opens it without an import wizard. Every row carries the as-of date (`as_of`): a CSV file
//! has no other place to state it.

use std::io::{self, Write};

use super::ReportContext;
use crate::check::CheckRun;
use crate::privacy::mask_bsn;

/// Writes the report; rows stream from the sorted findings.
pub fn write(run: &CheckRun, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    w.write_record([
        "dossier", "region", "rule", "status", "severity", "item", "due", "observed", "message",
        "file", "line", "column", "as_of",
    ])?;
    let as_of = crate::dossier::model::fmt_date(run.as_of);
    for f in run.findings.iter() {
        let date = |d: Option<chrono::NaiveDate>| {
            d.map(crate::dossier::model::fmt_date).unwrap_or_default()
        };
        w.write_record([
            &*f.dossier,
            &*f.region,
            &ctx.rules.rules[f.rule].id,
            f.status.key(),
            f.severity.key(),
            f.item.as_deref().unwrap_or(""),
            &date(f.due),
            &date(f.observed),
            &mask_bsn(&f.message),
            &*f.file,
            &f.pos.line.to_string(),
            &f.pos.col.to_string(),
            &as_of,
        ])?;
    }
    w.flush()
}
