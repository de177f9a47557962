//! `--format junit`: a test suite per rule, a test case per applicable dossier, for Jenkins and
//! GitLab test reports. A test case fails exactly when its violation fails the run (the exit
//! code's rule: at or above `--fail-level`, never `info`, with a baseline only a new one): Jenkins
//! marks a build unstable on any failure. Other violations pass, their message in `<system-out>`.
//! The rule's items of the dossier with another status than the case's (a waived one beside a
//! failing one, a baselined violation beside a new one) are listed in `<system-out>` with their
//! Dutch status.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::Arc;

use super::places::TextPlaces;
use super::{ReportContext, Sink, xml_char};
use crate::check::CheckRun;
use crate::privacy::{mask_bsn, mask_name, shown_dossier};
use crate::rules::Status;

/// XML escaping for an attribute value; characters XML 1.0 does not allow become U+FFFD
/// ([`xml_char`]). Tab, line feed and carriage return are written as character references: a
/// parser's attribute-value normalisation turns them into spaces when they stand literally, so
/// a dossier id `\tX` or a message's line break would arrive as a space.
fn esc(s: &str) -> String {
    escape(s, true)
}

/// XML escaping for element content ([`esc`]); a carriage return is written `&#13;`, since a
/// parser's end-of-line handling turns a literal one (and `\r\n`) into a line feed.
fn esc_text(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            // Allowed in XML 1.0 but discouraged, and XML 1.1 reads NEL and U+2028 as line
            // ends: as references they reach every reader unchanged and stay visible.
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("&#{};", c as u32))
            }
            c => out.push(xml_char(c)),
        }
    }
    out
}

/// A test case's ` line="…"` attribute, left out where there is no position (a file-level input
/// error): the attribute is optional, and line 0 would read as a line.
fn line_attr(pos: crate::dossier::Pos) -> String {
    pos.known()
        .map(|p| format!(" line=\"{}\"", p.line))
        .unwrap_or_default()
}

/// How a test case ends.
#[derive(Clone, Copy, PartialEq)]
enum Case {
    Passed,
    Failed,
    Skipped,
}

/// A violation fails when it fails the run (`failing`, as the exit code decides); one the
/// baseline knows is skipped ("fails only on new ones"), any other (below the fail level, or
/// `info`) passes. Open, exempt, unassessable and waived outcomes are skipped.
fn case(status: Status, failing: bool, known: bool) -> Case {
    match status {
        Status::Violation if failing => Case::Failed,
        Status::Violation if known => Case::Skipped,
        Status::Violation => Case::Passed,
        Status::Open | Status::Exempt | Status::Unassessable | Status::Waived => Case::Skipped,
        _ => Case::Passed,
    }
}

/// A rule (its index) and a dossier: one test case.
type Pair = (usize, Arc<str>);

/// Writes the report. The counts every `testsuite` element opens with come from a first pass
/// over the verdicts, so the test cases stream to the writer instead of being built in memory.
pub fn write(run: &CheckRun, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
    // The findings of each (rule, dossier), status and message in report order, from one pass
    // over the sorted findings: a pass per test case would read every finding once per dossier
    // and rule.
    // Each with whether the baseline knows it (a violation, `bestaand`).
    let mut messages: HashMap<Pair, Vec<(Status, bool, String)>> = HashMap::new();
    // The (rule, dossier) pairs with a violation that fails the run, with the message of the
    // first such violation (the failure's `message`: with a baseline the new one, not a known
    // one before it), and with a baseline those with a new violation (failing or not): a pair
    // with none is known to the baseline.
    let mut failing: HashMap<Pair, String> = HashMap::new();
    let mut new: HashSet<Pair> = HashSet::new();
    for f in run.findings.iter() {
        let message = mask_bsn(&f.message).into_owned();
        if ctx.fails(&f) {
            failing
                .entry((f.rule, f.dossier.clone()))
                .or_insert_with(|| message.clone());
        }
        let state = ctx.baseline_state(&f);
        if state == Some("new") {
            new.insert((f.rule, f.dossier.clone()));
        }
        messages.entry((f.rule, f.dossier)).or_default().push((
            f.status,
            state == Some("unchanged"),
            message,
        ));
    }
    // The test cases of rule `ri`: (verdict, status, how the case ends).
    let cases = |ri: usize| {
        let (failing, new) = (&failing, &new);
        run.verdicts.iter().filter_map(move |v| {
            let status = v.statuses.get(ri).copied().unwrap_or(Status::NotApplicable);
            if status == Status::NotApplicable {
                return None;
            }
            let pair = (ri, v.dossier.clone());
            let known =
                status == Status::Violation && ctx.baseline.is_some() && !new.contains(&pair);
            Some((v, status, case(status, failing.contains_key(&pair), known)))
        })
    };
    // A suite per rule the run evaluated: none with `--parse-only`.
    let judged: Vec<usize> = (0..ctx.rules.rules.len())
        .filter(|&ri| !ctx.rules.rules[ri].is_population() && !run.parse_only)
        .collect();
    // (tests, failures, skipped) per judged rule.
    let counts: Vec<(u64, u64, u64)> = judged
        .iter()
        .map(|&ri| {
            cases(ri).fold((0, 0, 0), |(t, f, s), (_, _, c)| {
                (
                    t + 1,
                    f + u64::from(c == Case::Failed),
                    s + u64::from(c == Case::Skipped),
                )
            })
        })
        .collect();
    // Counted by the log; the errors themselves stream from it at the end.
    let errors = run.diags.error_count();
    let total = |pick: fn(&(u64, u64, u64)) -> u64| counts.iter().map(pick).sum::<u64>();
    // `line` is a line of the file as text, also in a CSV file, whose rows are not its lines
    // (see `places`).
    let places = TextPlaces::of(run);
    let mut out = Sink::new(out);
    // Input errors are errored test cases of their own suite, so that `errors` at the top counts
    // elements a CI test view can show.
    let _ = writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vtcheck {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        run.as_of.format("%Y-%m-%d"),
        total(|c| c.0) + errors,
        total(|c| c.1),
        errors,
        total(|c| c.2)
    );
    for (&ri, &(tests, failures, skipped)) in judged.iter().zip(&counts) {
        let rule = &ctx.rules.rules[ri];
        let _ = write!(
            out,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n    <properties>\n      <property name=\"title\" value=\"{}\"/>\n      <property name=\"severity\" value=\"{}\"/>\n    </properties>\n",
            esc(&rule.id),
            esc(&rule.title),
            rule.severity.key()
        );
        for (v, status, c) in cases(ri) {
            let _ = write!(
                out,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\"{}>",
                esc(&shown_dossier(&v.dossier)),
                esc(&rule.id),
                esc(&mask_name(&v.file)),
                line_attr(places.text_pos(&v.file, v.pos))
            );
            let found: &[(Status, bool, String)] = messages
                .get(&(ri, v.dossier.clone()))
                .map_or(&[], Vec::as_slice);
            // The messages of the case's own status speak in its failure, skip or shown
            // violation; the rule's other items of this dossier (a waived one beside a failing
            // one, an unassessable one beside shown ones) follow with their Dutch status. In a
            // case with a new violation, a baselined one is such another item ("overtreding,
            // bestaand", as GitHub marks it): it neither fails nor is new.
            let known_case = c == Case::Skipped && status == Status::Violation;
            let own_item = |s: Status, known: bool| s == status && (known_case || !known);
            let own: Vec<&str> = found
                .iter()
                .filter(|(s, k, _)| own_item(*s, *k))
                .map(|(_, _, m)| m.as_str())
                .collect();
            let others: Vec<String> = found
                .iter()
                .filter(|(s, k, _)| !own_item(*s, *k))
                .map(|(s, k, m)| {
                    let state = if *k { ", bestaand" } else { "" };
                    format!("{}{state}: {m}", s.key_nl())
                })
                .collect();
            let first = esc(own.first().copied().unwrap_or(""));
            let mut shown = others.join("\n");
            match (c, status) {
                (Case::Skipped, Status::Violation) => {
                    let _ = write!(
                        out,
                        "\n      <skipped message=\"bestaande overtreding (basislijn): {first}\"/>"
                    );
                }
                (Case::Failed, _) => {
                    let failed = failing
                        .get(&(ri, v.dossier.clone()))
                        .map_or(first, |m| esc(m));
                    let _ = write!(
                        out,
                        "\n      <failure type=\"{}\" message=\"{failed}\">{}</failure>",
                        rule.severity.key(),
                        esc_text(&own.join("\n"))
                    );
                }
                (Case::Skipped, _) => {
                    let _ = write!(
                        out,
                        "\n      <skipped message=\"{}: {first}\"/>",
                        status.key_nl()
                    );
                }
                // Shown, not failing: below the fail level, or `info`.
                (Case::Passed, Status::Violation) => {
                    let violations = format!(
                        "overtreding ({}) die de controle niet laat falen: {}",
                        rule.severity.label_nl(),
                        own.join("\n")
                    );
                    shown = if shown.is_empty() {
                        violations
                    } else {
                        format!("{violations}\n{shown}")
                    };
                }
                (Case::Passed, _) => {}
            }
            if !shown.is_empty() {
                let _ = write!(out, "\n      <system-out>{}</system-out>", esc_text(&shown));
            }
            if c != Case::Passed || !shown.is_empty() {
                out.push_str("\n    ");
            }
            out.push_str("</testcase>\n");
            out.spill()?;
        }
        out.push_str("  </testsuite>\n");
    }
    if errors > 0 {
        let _ = writeln!(
            out,
            "  <testsuite name=\"invoer\" tests=\"{errors}\" failures=\"0\" errors=\"{errors}\" skipped=\"0\">"
        );
        for d in run.errors() {
            out.spill()?;
            let _ = writeln!(
                out,
                "    <testcase name=\"{}\" classname=\"invoer\" file=\"{}\"{}>\n      <error type=\"invoerfout\" message=\"{}\"/>\n    </testcase>",
                esc(&d.location()),
                esc(&mask_name(&d.file)),
                line_attr(places.text_pos(&d.file, d.pos)),
                esc(&mask_bsn(&d.message))
            );
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out.finish()
}

#[cfg(test)]
mod tests {
    #[test]
    fn characters_xml_does_not_allow_are_replaced() {
        assert_eq!(
            super::esc(
                "MB-\u{FFFE}\u{FFFF}\u{1}\u{1b}-1 <&>\"'\t\n\r\u{D7FF}\u{E000}\u{FFFD}\u{1F600}"
            ),
            "MB-\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}-1 &lt;&amp;&gt;&quot;&apos;&#9;&#10;&#13;\u{D7FF}\u{E000}\u{FFFD}\u{1F600}"
        );
    }

    /// A parser normalises a literal tab, line feed or carriage return in an attribute to a
    /// space, and a carriage return in content to a line feed: written as references, they
    /// arrive as they were (content keeps tab and line feed as they are).
    #[test]
    fn tab_and_line_breaks_survive_the_parser() {
        assert_eq!(super::esc("\tA\r\nB"), "&#9;A&#13;&#10;B");
        assert_eq!(super::esc_text("\tA\r\nB\u{1}"), "\tA&#13;\nB\u{FFFD}");
    }

    /// DEL, the C1 controls and the Unicode line and paragraph separators are written as
    /// references in attributes and content alike.
    #[test]
    fn discouraged_characters_are_references() {
        let raw = "a\u{7f}b\u{80}c\u{85}d\u{9f}e\u{2028}f\u{2029}g\u{a0}";
        let want = "a&#127;b&#128;c&#133;d&#159;e&#8232;f&#8233;g\u{a0}";
        assert_eq!(super::esc(raw), want);
        assert_eq!(super::esc_text(raw), want);
    }
}
