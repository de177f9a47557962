//! `--format github`: GitHub Actions workflow commands: a notice with the as-of date, an
//! annotation per input error and per warning, then one per finding.

use std::fmt::Write as _;

use super::places::TextPlaces;
use super::{ReportContext, Sink};
use crate::check::CheckRun;
use crate::privacy::{mask_bsn, mask_name, shown_dossier};
use crate::rules::{Severity, Status};

/// Escaping for workflow-command properties and messages, as `@actions/core` escapes them. The
/// other control characters (C0, DEL, C1), U+2028 and U+2029 and the bidirectional marks,
/// embeddings, overrides and isolates become U+FFFD, as in JUnit: the runner would pass them to the log raw,
/// where an escape sequence from a dossier id could colour or rewrite it, a line separator break
/// the annotation for some readers, and a right-to-left override show an id or file name
/// reversed ("trojan source"). A line break is escaped (`%0D`, `%0A`) only in a message: GitHub
/// turns it back into a break, which a title (a dossier id) or a file name must not hold.
fn esc(s: &str, property: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' if !property => out.push_str("%0D"),
            '\n' if !property => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}'
                        | '\u{2029}'
                        | '\u{061c}'
                        | '\u{200e}'
                        | '\u{200f}'
                        | '\u{202a}'..='\u{202e}'
                        | '\u{2066}'..='\u{2069}'
                ) =>
            {
                out.push(char::REPLACEMENT_CHARACTER);
            }
            c => out.push(c),
        }
    }
    out
}

/// The `file=…,line=…,col=…` properties of an annotation; `line` and `col` only where there is a
/// position (GitHub then annotates the file as a whole). The file is named by its real name, so
/// that the annotation finds it in the repository: a backslash in a Unix name as itself, not as
/// the `\\` that reports write to keep names apart ([`crate::dossier::shown_path`]).
fn place(file: &str, pos: crate::dossier::Pos) -> String {
    // A name that is no UTF-8 keeps its `\xNN`: GitHub could not name it either, and a U+FFFD
    // would make it one with another file (rev60 R2).
    let real = crate::dossier::path_of_shown(file);
    let file = esc(&mask_name(real.to_str().unwrap_or(file)), true);
    match pos.known() {
        Some(p) if p.col > 0 => format!("file={file},line={},col={}", p.line, p.col),
        Some(p) => format!("file={file},line={}", p.line),
        None => format!("file={file}"),
    }
}

/// Writes the report; annotations stream from the sorted findings.
pub fn write(
    run: &CheckRun,
    ctx: &ReportContext<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = Sink::new(out);
    // Annotations sit on lines of the file as text, also in a CSV file, whose rows are not its
    // lines (see `places`).
    let places = TextPlaces::of(run);
    // The as-of date first: the contract wants every report to state it.
    let _ = writeln!(
        out,
        "::notice title=vtcheck::peildatum {}{}",
        crate::dossier::model::fmt_date(run.as_of),
        if run.parse_only {
            "; alleen ingelezen (--parse-only): geen regels toegepast"
        } else {
            ""
        }
    );
    // Input errors, then warnings (an expired or stale waiver, an unknown key), before the
    // findings: GitHub shows only ten annotations of each level per step, and the errors are
    // what makes exit code 2, so many error findings must not push them out of view.
    for d in run.errors().chain(run.warnings()) {
        out.spill()?;
        let (cmd, title) = if d.is_error() {
            ("error", "invoerfout")
        } else {
            ("warning", "waarschuwing")
        };
        // One about no file (no path given) is an annotation of the run, not of a file.
        let place = if d.is_general() {
            String::new()
        } else {
            format!("{},", place(&d.file, places.text_pos(&d.file, d.pos)))
        };
        let _ = writeln!(
            out,
            "::{cmd} {place}title={title}::{}",
            esc(&d.message, false)
        );
    }
    for f in run.findings.iter() {
        out.spill()?;
        let rule = &ctx.rules.rules[f.rule];
        // An error exactly when the violation fails the run, as the exit code and JUnit decide
        // (`--fail-level warning` makes a warning one); with a baseline only new violations are
        // errors or warnings.
        let known = ctx.baseline_state(&f) == Some("unchanged");
        let cmd = match (f.status, f.severity) {
            _ if ctx.fails(&f) => "error",
            _ if known => "notice",
            (Status::Violation, Severity::Error | Severity::Warning) => "warning",
            _ => "notice",
        };
        // Dutch, as people read it in the pull request (the status keys stay in JSON and SARIF).
        let state = if known { ", bestaand" } else { "" };
        let title = format!(
            "{} {} ({}{state})",
            rule.id,
            shown_dossier(&f.dossier),
            f.status.key_nl()
        );
        let _ = writeln!(
            out,
            "::{cmd} {},title={}::{}",
            place(&f.file, places.text_pos(&f.file, f.pos)),
            esc(&title, true),
            esc(&mask_bsn(&f.message), false)
        );
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_as_the_toolkit_and_replaces_other_controls() {
        assert_eq!(super::esc("a%b\r\nc:d,e", false), "a%25b%0D%0Ac:d,e");
        assert_eq!(
            super::esc("a%b\r\nc:d,e", true),
            "a%25b\u{FFFD}\u{FFFD}c%3Ad%2Ce"
        );
        assert_eq!(
            super::esc(
                "\u{1}\u{1b}[31m\t\u{7f}\u{85}\u{9b}\u{2028}\u{2029} é\u{200d}",
                true
            ),
            "\u{FFFD}\u{FFFD}[31m\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD} é\u{200d}"
        );
        // Right-to-left overrides and isolates: an id shown reversed.
        assert_eq!(
            super::esc("MB-\u{202e}1-\u{2066}x\u{2069}\u{202a}\u{202c}", false),
            "MB-\u{FFFD}1-\u{FFFD}x\u{FFFD}\u{FFFD}\u{FFFD}"
        );
        // The marks (right-to-left, left-to-right, Arabic letter) reorder neutral characters
        // such as the dashes and digits of an id.
        assert_eq!(
            super::esc("MB-\u{200f}12-\u{200e}3\u{61c}", false),
            "MB-\u{FFFD}12-\u{FFFD}3\u{FFFD}"
        );
    }
}
