//! `--format junit`: a test suite per rule, a test case per applicable dossier, a failure per
//! violation, for Jenkins and GitLab test reports.

use std::fmt::Write as _;
use std::sync::Arc;

use super::ReportContext;
use crate::check::CheckRun;
use crate::privacy::mask_bsn;
use crate::rules::Status;

/// XML text escaping for attributes and content.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

pub fn render(run: &CheckRun, ctx: &ReportContext<'_>) -> String {
    // The messages of each (rule, dossier, status), from one pass over the sorted findings: a
    // pass per test case would read every finding once per dossier and rule.
    let mut messages: std::collections::HashMap<(usize, Arc<str>, Status), Vec<String>> =
        std::collections::HashMap::new();
    // With a baseline, the (rule, dossier) pairs with a new violation: only those fail, the
    // unchanged ones are skipped ("fails only on new ones", like the exit code).
    let mut new: std::collections::HashSet<(usize, Arc<str>)> = std::collections::HashSet::new();
    for f in run.findings.iter() {
        if ctx.baseline_state(&f) == Some("new") {
            new.insert((f.rule, f.dossier.clone()));
        }
        let message = mask_bsn(&f.message).into_owned();
        messages
            .entry((f.rule, f.dossier, f.status))
            .or_default()
            .push(message);
    }
    let mut suites = String::new();
    let (mut total_tests, mut total_failures, mut total_skipped) = (0u64, 0u64, 0u64);
    for (ri, rule) in ctx.rules.rules.iter().enumerate() {
        if rule.is_population() {
            continue;
        }
        let mut cases = String::new();
        let (mut tests, mut failures, mut skipped) = (0u64, 0u64, 0u64);
        for v in &run.verdicts {
            let status = v.statuses.get(ri).copied().unwrap_or(Status::NotApplicable);
            if status == Status::NotApplicable {
                continue;
            }
            tests += 1;
            let _ = write!(
                cases,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">",
                esc(&v.dossier),
                esc(&rule.id),
                esc(&v.file),
                v.pos.line
            );
            let messages: &[String] = messages
                .get(&(ri, v.dossier.clone(), status))
                .map_or(&[], Vec::as_slice);
            let known = ctx.baseline.is_some() && !new.contains(&(ri, v.dossier.clone()));
            match status {
                Status::Violation if known => {
                    skipped += 1;
                    let _ = write!(
                        cases,
                        "\n      <skipped message=\"bestaande overtreding (basislijn): {}\"/>\n    ",
                        esc(messages.first().map_or("", String::as_str))
                    );
                }
                Status::Violation => {
                    failures += 1;
                    let _ = write!(
                        cases,
                        "\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    ",
                        rule.severity.key(),
                        esc(messages.first().map_or("", String::as_str)),
                        esc(&messages.join("\n"))
                    );
                }
                Status::Open | Status::Exempt | Status::Unassessable | Status::Waived => {
                    skipped += 1;
                    let _ = write!(
                        cases,
                        "\n      <skipped message=\"{}: {}\"/>\n    ",
                        status.key(),
                        esc(messages.first().map_or("", String::as_str))
                    );
                }
                _ => {}
            }
            cases.push_str("</testcase>\n");
        }
        total_tests += tests;
        total_failures += failures;
        total_skipped += skipped;
        let _ = write!(
            suites,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">\n    <properties>\n      <property name=\"title\" value=\"{}\"/>\n      <property name=\"severity\" value=\"{}\"/>\n    </properties>\n{cases}  </testsuite>\n",
            esc(&rule.id),
            esc(&rule.title),
            rule.severity.key()
        );
    }
    // Input errors as errored test cases of their own suite, so that `errors` at the top counts
    // elements a CI test view can show.
    let errors: Vec<_> = run.errors().collect();
    if !errors.is_empty() {
        let _ = writeln!(
            suites,
            "  <testsuite name=\"invoer\" tests=\"{n}\" failures=\"0\" errors=\"{n}\" skipped=\"0\">",
            n = errors.len()
        );
        for d in &errors {
            let _ = writeln!(
                suites,
                "    <testcase name=\"{}\" classname=\"invoer\" file=\"{}\" line=\"{}\">\n      <error type=\"invoerfout\" message=\"{}\"/>\n    </testcase>",
                esc(&d.location()),
                esc(&d.file),
                d.pos.line,
                esc(&mask_bsn(&d.message))
            );
        }
        suites.push_str("  </testsuite>\n");
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"vtcheck {}\" tests=\"{}\" failures=\"{total_failures}\" errors=\"{}\" skipped=\"{total_skipped}\">\n{suites}</testsuites>\n",
        run.as_of.format("%Y-%m-%d"),
        total_tests + errors.len() as u64,
        errors.len()
    )
}
