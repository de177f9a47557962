//! Diagnostics in files written for vtcheck itself (rule files, `vtcheck.toml`), shown the way
//! cargo shows a compile error: the message, then the lines around the spot with the spot marked,
//! rendered by miette.
//!
//! Only for those files, recognised by their shape ([`crate::privacy::is_authored_text`]).
//! Dossiers, manifests, CSV exports and waivers never get a snippet, also when given where a
//! rule file or configuration belongs: their text can be about a family, and what vtcheck prints
//! travels through CI logs ([`super::human::diagnostic`] names file, line and column only).

use std::fmt::Write as _;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan};

use super::human::diagnostic;
use crate::diag::Diag;

/// `d` with the lines of `source` around its position; without them (no position, a position
/// outside the text, control characters a terminal would obey) as [`diagnostic`] gives it.
pub fn diagnostic_in(d: &Diag, source: &str, color: bool) -> String {
    // Some errors carry line and column without a byte offset (a YAML syntax error, a
    // calendar or region file): the offset follows from them, or the mark would sit at 1:1
    // under a head that names another place.
    let at = match d.pos.offset {
        0 if d.pos.line > 1 || d.pos.col > 1 => {
            offset_of(source, d.pos.line, d.pos.col).unwrap_or(usize::MAX)
        }
        o => o as usize,
    };
    let usable = d.pos.known().is_some()
        && !crate::privacy::is_dossier_text(source)
        && crate::privacy::is_authored_text(source)
        && source.is_char_boundary(at)
        && !source
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
    // A snippet of a very long line (a whole array written on one) would print all of it: the
    // plain diagnostic names the line and column instead.
    if !usable || longest_line_around(source, at) > MAX_SHOWN_LINE {
        return diagnostic(d, color);
    }
    // Mark the token at the position (a key, a value), not just one character.
    let len = source[at..]
        .find(|c: char| c.is_whitespace() || ",:[]{}#\"'=".contains(c))
        .unwrap_or(source.len() - at);
    let shown = Shown {
        warning: !d.is_error(),
        // A rule file has no business holding a BSN, but a file given by mistake may (a dossier
        // is refused before it gets here; a copy-paste may not be): never shown.
        source: crate::privacy::mask_bsn_digits(source).into_owned(),
        span: LabeledSpan::new_with_span(Some("hier".into()), (at, len)),
    };
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let mut rendered = String::new();
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(usize::MAX)
        .with_links(false);
    if handler.render_report(&mut rendered, &shown).is_err() {
        return diagnostic(d, color);
    }
    // The head is the plain diagnostic's (message, `--> file:line:column` for editors and
    // scripts); from miette only the lines of the file, which start at its box corner.
    let Some(start) = rendered.find('╭') else {
        return diagnostic(d, color);
    };
    let start = rendered[..start].rfind('\n').map_or(0, |i| i + 1);
    let mut out = diagnostic(
        &Diag {
            help: None,
            ..d.clone()
        },
        color,
    );
    out.push_str(&rendered[start..]);
    if let Some(h) = &d.help {
        let label = if color {
            "\x1b[36mhulp:\x1b[0m"
        } else {
            "hulp:"
        };
        let _ = writeln!(out, "  {label} {h}");
    }
    out
}

/// The longest line, in bytes, that a snippet shows around a spot: longer ones are not shown.
const MAX_SHOWN_LINE: usize = 1_000;

/// The length in bytes of the longest of the line holding byte `at` and the lines just before
/// and after it (miette shows one line of context on each side).
fn longest_line_around(source: &str, at: usize) -> usize {
    let at = at.min(source.len());
    let start = source[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = source[..start.saturating_sub(1)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    let after = source
        .get(end + 1..)
        .and_then(|rest| rest.find('\n').map(|i| end + 1 + i))
        .unwrap_or(source.len());
    source[before..after]
        .split('\n')
        .map(str::len)
        .max()
        .unwrap_or(0)
}

/// The byte offset of 1-based `line` and `col` (in characters) in `source`, if it lies there.
fn offset_of(source: &str, line: u32, col: u32) -> Option<usize> {
    let start = if line <= 1 {
        0
    } else {
        source
            .match_indices('\n')
            .nth(line as usize - 2)
            .map(|(i, _)| i + 1)?
    };
    let text = &source[start..];
    let end = text.find('\n').unwrap_or(text.len());
    let skip = (col.max(1) - 1) as usize;
    let (i, _) = text[..end]
        .char_indices()
        .chain(std::iter::once((end, ' ')))
        .nth(skip)?;
    Some(start + i)
}

/// The snippet as miette wants it: the message is the plain diagnostic's, so none here.
#[derive(Debug)]
struct Shown {
    warning: bool,
    source: String,
    span: LabeledSpan,
}

impl std::fmt::Display for Shown {
    fn fmt(&self, _: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        Ok(())
    }
}

impl std::error::Error for Shown {}

impl Diagnostic for Shown {
    fn severity(&self) -> Option<miette::Severity> {
        Some(if self.warning {
            miette::Severity::Warning
        } else {
            miette::Severity::Error
        })
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.span.clone())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::node::Pos;

    const RULES: &str = "regels:\n  - id: VT-X01\n    controle:\n      soort: termjin\n";

    #[test]
    fn a_rule_file_error_shows_its_line_with_the_token_marked() {
        let at = RULES.find("termjin").unwrap();
        let d = Diag::error(
            &"regels/x.yaml".into(),
            Pos::new(4, 14, at as u32),
            "onbekende soort `termjin`",
        )
        .with_help(Some("bedoelde je `termijn`?".into()));
        let shown = diagnostic_in(&d, RULES, false);
        assert!(
            shown.starts_with("fout: onbekende soort `termjin`\n  --> regels/x.yaml:4:14\n"),
            "{shown}"
        );
        assert!(shown.contains("      soort: termjin"), "{shown}");
        assert!(
            shown.contains("───┬───"),
            "seven characters marked: {shown}"
        );
        assert!(shown.contains("hulp: bedoelde je `termijn`?"), "{shown}");
        assert!(!shown.contains('\x1b'), "no colour asked: {shown}");
    }

    /// A YAML syntax error gives line and column but no byte offset: the mark follows them, not
    /// the start of the file.
    #[test]
    fn a_position_without_offset_marks_its_line_and_column() {
        let d = Diag::error(&"regels/x.yaml".into(), Pos::new(4, 14, 0), "syntaxfout");
        let shown = diagnostic_in(&d, RULES, false);
        let marked = shown
            .lines()
            .skip_while(|l| !l.contains("soort: termjin"))
            .nth(1)
            .unwrap_or_else(|| panic!("{shown}"));
        // The mark starts under `termjin` (column 14 of the line).
        let line = shown
            .lines()
            .find(|l| l.contains("soort: termjin"))
            .unwrap();
        let column = |l: &str, at: usize| l[..at].chars().count();
        assert_eq!(
            column(marked, marked.find('─').unwrap()),
            column(line, line.find("termjin").unwrap()),
            "{shown}"
        );
        assert_eq!(offset_of("a\r\nbé c\n", 2, 4), Some(7));
        assert_eq!(offset_of("a\nb\n", 3, 1), Some(4));
        assert_eq!(offset_of("a\nb\n", 5, 1), None);
        assert_eq!(offset_of("ab\n", 1, 9), None);
    }

    #[test]
    fn without_a_usable_position_it_is_the_plain_diagnostic() {
        let d = Diag::error(&"regels/x.yaml".into(), Pos::default(), "leeg bestand");
        assert_eq!(diagnostic_in(&d, RULES, false), diagnostic(&d, false));
        let beyond = Diag::error(&"x".into(), Pos::new(9, 1, 10_000), "m");
        assert_eq!(
            diagnostic_in(&beyond, RULES, false),
            diagnostic(&beyond, false)
        );
        let escape = "a: \u{1b}]0;x\u{7}\n";
        let d = Diag::error(&"x".into(), Pos::new(1, 1, 0), "m");
        assert_eq!(diagnostic_in(&d, escape, false), diagnostic(&d, false));
    }

    /// A spot on or beside a line too long to print (an array of a million values on one
    /// line) is named, not shown; a short line beside it still is.
    #[test]
    fn a_very_long_line_is_not_shown() {
        let long = format!("x_lijst = [{}]\n", "\"r\", ".repeat(400));
        let text = format!("fail_level = \"fout\"\n{long}\n\n\nselect = [1]\n");
        let at = |line: u32| {
            let offset = super::offset_of(&text, line, 1).unwrap();
            Diag::error(
                &"vtcheck.toml".into(),
                Pos::new(line, 1, offset as u32),
                "m",
            )
        };
        for line in [1, 2, 3] {
            assert_eq!(
                diagnostic_in(&at(line), &text, false),
                diagnostic(&at(line), false),
                "line {line}"
            );
        }
        let shown = diagnostic_in(&at(6), &text, false);
        assert!(shown.contains("select = [1]"), "{shown}");
    }
}
