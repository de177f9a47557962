//! `--format csv`: one row per finding, `;`-separated with a UTF-8 byte-order mark, the way Dutch
//! Excel opens it without an import wizard.

use super::ReportContext;
use crate::check::CheckRun;
use crate::privacy::mask_bsn;

pub fn render(run: &CheckRun, ctx: &ReportContext<'_>) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = w.write_record([
        "dossier", "region", "rule", "status", "severity", "item", "due", "observed", "message",
        "file", "line", "column",
    ]);
    for f in &run.findings {
        let date = |d: Option<chrono::NaiveDate>| {
            d.map(|d| d.format("%d-%m-%Y").to_string())
                .unwrap_or_default()
        };
        let _ = w.write_record([
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
        ]);
    }
    let body = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&body))
}
