//! The human report: findings grouped per dossier, Dutch messages, a summary line.
//!
//! Colours only on a terminal and never with `NO_COLOR`. Phrases from voorwaarden are shown here
//! (the person reading needs the words to fix them), with BSN-like numbers masked.

use std::fmt::Write as _;

use super::{ReportContext, Sink};
use crate::check::CheckRun;
use crate::diag::Diag;
use crate::dossier::model::fmt_date;
use crate::privacy::{mask_bsn, mask_name, shown_dossier};
use crate::rules::{Severity, Status};

/// Text from the input as a terminal may safely show it: control characters (an escape sequence
/// in a dossier id or a file name could rewrite the screen or the window title) become `\u{..}`.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn status_label(status: Status, sev: Severity) -> (&'static str, &'static str) {
    match status {
        Status::Violation => match sev {
            Severity::Error => ("fout", "1;31"),
            Severity::Warning => ("waarschuwing", "33"),
            Severity::Info => ("info", "36"),
        },
        Status::Open => ("open", "34"),
        Status::Exempt => ("uitgezonderd", "32"),
        Status::Unassessable => ("onbeoordeelbaar", "35"),
        Status::Waived => ("ontheven", "32"),
        _ => ("", ""),
    }
}

/// Writes the report; findings stream from the sorted findings.
pub fn write(
    run: &CheckRun,
    ctx: &ReportContext<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let p = Paint { on: ctx.color };
    let mut out = Sink::new(out);
    // The dossier under its heading, and the file the heading names.
    let mut current: Option<(std::sync::Arc<str>, std::sync::Arc<str>)> = None;
    for f in run.findings.iter() {
        out.spill()?;
        if current.as_ref().map(|(d, _)| &**d) != Some(&*f.dossier) {
            if current.is_some() {
                out.push('\n');
            }
            current = Some((f.dossier.clone(), f.file.clone()));
            let _ = writeln!(
                out,
                "{}  {}  {}",
                p.wrap("1", &visible(&shown_dossier(&f.dossier))),
                visible(&f.region),
                p.wrap("2", &visible(&mask_name(&f.file)))
            );
        }
        let rule = &ctx.rules.rules[f.rule];
        let (label, code) = status_label(f.status, f.severity);
        // With a baseline, the violations it does not know: the ones that fail the run.
        let new = match ctx.baseline_state(&f) {
            Some("new") => format!("{}  ", p.wrap("1", "nieuw")),
            _ => String::new(),
        };
        // An id repeated in another file has its findings under one heading (they sort by id,
        // then rule): a finding in a file other than the heading's names its file.
        let place = match &current {
            Some((_, file)) if *file != f.file => {
                format!(
                    "[{}:{}:{}]",
                    visible(&mask_name(&f.file)),
                    f.pos.line,
                    f.pos.col
                )
            }
            _ => format!("[{}:{}]", f.pos.line, f.pos.col),
        };
        let _ = writeln!(
            out,
            "  {} {}  {new}{}  {}",
            p.wrap(code, &format!("{label:<15}")),
            rule.id,
            visible(&mask_bsn(&f.message)),
            p.wrap("2", &place)
        );
        // Each category's hint once, under its first phrase; the message already gives one.
        let mut hints_shown: Vec<&str> = Vec::new();
        for ph in &f.phrases {
            let detail = ph
                .detail
                .as_deref()
                .map(|d| format!(" ({d})"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "      {} {}{}",
                p.wrap("1", &format!("\"{}\"", visible(&mask_bsn(&ph.text)))),
                ph.label,
                detail
            );
            let hint = ph.hint.trim();
            if !hint.is_empty() && !hints_shown.contains(&hint) {
                hints_shown.push(hint);
                if !f.message.contains(hint) {
                    let _ = writeln!(out, "        tip: {}", visible(&mask_bsn(hint)));
                }
            }
        }
    }
    if !run.findings.is_empty() {
        out.push('\n');
    }
    for a in &run.aggregates {
        let rule = &ctx.rules.rules[a.rule];
        if a.regions.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{} {} (per regio)", rule.id, rule.title);
        // Small regions are hidden as `compare` hides them: a mean over a few families could
        // identify them, and the two reports must not disclose different figures.
        let min = crate::compare::MIN_DENOMINATOR;
        let shown =
            crate::compare::protected_durations(a.regions.iter().map(|(_, v)| v.as_slice()), min);
        let norm = match &rule.check {
            crate::rules::Check::Population(p) => p.norm.describe(),
            _ => String::new(),
        };
        let (mut small, mut secondary) = (false, false);
        for ((region, _), d) in a.regions.iter().zip(&shown) {
            let nl = |x: f64| format!("{x:.1}").replace('.', ",");
            let figures = match (d.mean, d.median) {
                (Some(mean), Some(median)) => format!(
                    "gemiddeld {} maanden, mediaan {} maanden (referentiewaarde: ongeveer {norm})",
                    nl(mean),
                    nl(median)
                ),
                _ => {
                    small |= !d.secondary;
                    secondary |= d.secondary;
                    crate::compare::hidden_mark(d.secondary, min)
                }
            };
            let _ = writeln!(out, "  {region:<24} n = {:<6} {figures}", d.n);
        }
        // The legend of the marks used, as compare's.
        let legend: Vec<String> = [
            small.then(|| format!("<{min}: minder dan {min} dossiers, niet getoond")),
            secondary.then(|| crate::compare::SECONDARY_LEGEND.to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !legend.is_empty() {
            let _ = writeln!(out, "  ({}; zie vtcheck compare)", legend.join("; "));
        }
        out.push('\n');
    }
    out.push_str(&summary_line(run, ctx));
    out.finish()
}

/// Where the as-of date came from, in Dutch, as the human report and the comparison say it. A
/// file name is shown without terminal escapes and with BSN-like numbers masked.
pub fn as_of_source_nl(source: &crate::check::AsOfSource) -> String {
    use crate::check::AsOfSource;
    let file = |f: &str| visible(&mask_name(f)).into_owned();
    match source {
        AsOfSource::Flag => "opgegeven".to_string(),
        AsOfSource::Config(f) => format!("as_of uit {}", file(f)),
        AsOfSource::Manifest(f) => format!("exportdatum uit {}", file(f)),
        AsOfSource::Today => "vandaag".to_string(),
    }
}

/// The closing summary: as-of date and where it came from, counts per status and severity,
/// and with a baseline the new, unchanged, waived (only when there are any, as above) and
/// resolved violations.
pub fn summary_line(run: &CheckRun, ctx: &ReportContext<'_>) -> String {
    let count = |s: Status| run.findings.count(s);
    let sev = |v: Severity| run.findings.violations(v);
    let source = as_of_source_nl(&run.as_of_source);
    let read = format!(
        "{} gelezen in {}",
        counted(run.dossiers(), "dossier", "dossiers"),
        counted(run.files, "bestand", "bestanden")
    );
    if run.parse_only {
        // No rule ran: no verdict counts, and nothing called checked.
        return format!(
            "Peildatum {} ({source}); alleen ingelezen (--parse-only): geen regels toegepast.\n\
             {read}: {} geldig, {} ongeldig.\n",
            fmt_date(run.as_of),
            run.valid,
            run.invalid,
        );
    }
    let rulesets: Vec<String> = ctx
        .rules
        .names
        .iter()
        .map(|(n, v)| format!("{n} versie {v}"))
        .collect();
    let changed = changed_by_nl(&ctx.rules.changed_by);
    let mut s = format!(
        "Peildatum {} ({source}); regels: {}{changed}.\n{read}: {} gecontroleerd, {} ongeldig. \
         {} ({}, {}, {} info), {} open, {} uitgezonderd, {} onbeoordeelbaar{}.\n",
        fmt_date(run.as_of),
        rulesets.join(", "),
        run.valid,
        run.invalid,
        counted(count(Status::Violation), "overtreding", "overtredingen"),
        counted(sev(Severity::Error), "fout", "fouten"),
        counted(sev(Severity::Warning), "waarschuwing", "waarschuwingen"),
        sev(Severity::Info),
        count(Status::Open),
        count(Status::Exempt),
        count(Status::Unassessable),
        match count(Status::Waived) {
            0 => String::new(),
            n => format!(", {n} ontheven"),
        },
    );
    if let Some(b) = ctx.baseline_counts(run) {
        let waived = match b.waived {
            0 => String::new(),
            n => format!(" {n} ontheven,"),
        };
        // Each reason with its own count.
        let mut unchecked = String::new();
        for (n, why) in [
            (b.unchecked - b.rejected, "regel niet geselecteerd"),
            (b.rejected, "dossier ongeldig"),
        ] {
            if n > 0 {
                let _ = write!(unchecked, "; {n} niet gecontroleerd ({why})");
            }
        }
        // A rejected dossier whose number could not be read cannot be told apart: what it had
        // in the baseline is counted as resolved, so that count says it may hold them.
        let maybe = match (b.resolved, b.rejected_without_id) {
            (0, _) | (_, 0) => String::new(),
            (_, n) => format!(
                " (of niet gecontroleerd: {} zonder leesbaar dossiernummer)",
                counted(n, "ongeldig dossier", "ongeldige dossiers")
            ),
        };
        let _ = writeln!(
            s,
            "Basislijn: {} nieuw, {} ongewijzigd,{waived} {} opgelost{maybe}{unchecked}.",
            b.new, b.unchanged, b.resolved
        );
    }
    s
}

/// " (ingebouwde regels gewijzigd door FILE, …)" after the rule set names, or nothing: a user
/// file may keep the embedded `regelset` name and version, so the header says whose rules these
/// are ([`crate::rules::RuleSet::changed_by`]). File names as every name in a report: BSN-like
/// numbers masked, no control codes.
pub fn changed_by_nl(files: &[std::sync::Arc<str>]) -> String {
    if files.is_empty() {
        return String::new();
    }
    let files: Vec<String> = files
        .iter()
        .map(|f| visible(&crate::privacy::mask_name(f)).into_owned())
        .collect();
    format!(" (ingebouwde regels gewijzigd door {})", files.join(", "))
}

/// "1 dossier", "2 dossiers": a count with its noun in the right number.
pub fn counted(n: u64, one: &str, more: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { more })
}

/// A diagnostic for standard error: `fout: bericht` then `--> file:line:col` and help, in the
/// style of rustc and cargo. No source snippet: it could copy dossier text into CI logs.
pub fn diagnostic(d: &Diag, color: bool) -> String {
    let p = Paint { on: color };
    let head = if d.is_error() {
        p.wrap("1;31", "fout")
    } else {
        p.wrap("1;33", "waarschuwing")
    };
    let mut s = format!("{head}: {}\n", visible(&d.message));
    // A usage error or a failure of the run itself is about no file: no `--> vtcheck`, which
    // reads as a place in a file called vtcheck.
    if !d.is_general() {
        let _ = writeln!(s, "  {} {}", p.wrap("34", "-->"), visible(&d.location()));
    }
    if let Some(h) = &d.help {
        let _ = writeln!(s, "  {} {h}", p.wrap("36", "hulp:"));
    }
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_from_the_input_are_shown_escaped() {
        assert_eq!(super::visible("MB-1"), "MB-1");
        assert_eq!(
            super::visible("MB\u{1b}]0;x\u{7}-1\nV2"),
            "MB\\u{1b}]0;x\\u{7}-1\\u{a}V2"
        );
    }
    #[test]
    fn counts_take_the_singular_for_one() {
        assert_eq!(super::counted(1, "bestand", "bestanden"), "1 bestand");
        assert_eq!(super::counted(0, "bestand", "bestanden"), "0 bestanden");
        assert_eq!(super::counted(26, "dossier", "dossiers"), "26 dossiers");
    }
}
