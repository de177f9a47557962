//! `vtcheck man`: the man pages in roff, one per command as `git` has them (`vtcheck(1)`,
//! `vtcheck-check(1)`, `vtcheck-rules-test(1)`, …), with Dutch section titles.
//!
//! clap_mangen renders a page from the Dutch command line of [`super::dutch`], but writes its
//! own section titles in English (`NAME`, `SYNOPSIS`, …) and lists the subcommands as pages of
//! their own (`vtcheck-check(1)`); those pages are rendered here too, so that no page names one
//! that cannot be made.

use clap::Command;

/// The section titles clap_mangen writes, and the ones a Dutch man page has. The help headings
/// of the command line (`Opties`, `Opdrachten`) arrive as written, or in capitals.
const TITLES: &[(&str, &str)] = &[
    ("NAME", "NAAM"),
    ("SYNOPSIS", "OVERZICHT"),
    ("DESCRIPTION", "BESCHRIJVING"),
    ("OPTIONS", "OPTIES"),
    ("Opdrachten", "OPDRACHTEN"),
    ("EXTRA", "TOELICHTING"),
    ("VERSION", "VERSIE"),
    ("AUTHORS", "AUTEURS"),
];

/// The command line as clap completes it for help and man pages: every subcommand knows its
/// page name (`vtcheck-rules-test`) and how it is typed (`vtcheck rules test`).
fn built() -> Command {
    let mut cmd = super::dutch::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The commands that get a page of their own: all but the hidden ones, as clap_mangen lists
/// them on their parent's page.
fn pages_below(cmd: &Command) -> impl Iterator<Item = &Command> {
    cmd.get_subcommands().filter(|s| !s.is_hide_set())
}

/// The page of the command that `path` names below `vtcheck` (empty: `vtcheck(1)` itself),
/// as (file name, roff). An unknown name is an error in Dutch, with the nearest command.
pub fn page(path: &[String]) -> Result<(String, String), (String, Option<String>)> {
    let root = built();
    let mut cmd = &root;
    for name in path {
        let known: Vec<&str> = pages_below(cmd).map(Command::get_name).collect();
        match pages_below(cmd).find(|s| s.get_name() == name) {
            Some(sub) => cmd = sub,
            None => {
                let whose = cmd.get_bin_name().unwrap_or_else(|| cmd.get_name());
                let msg = if known.is_empty() {
                    format!("`{whose}` heeft geen opdrachten, dus geen man-pagina voor `{name}`")
                } else {
                    format!("`{name}` is geen opdracht van `{whose}`")
                };
                return Err((msg, crate::suggest::help_for(name, &known)));
            }
        }
    }
    Ok(render(cmd))
}

/// Every page, `vtcheck(1)` first, then its commands depth-first in the order `--help` lists
/// them.
pub fn all() -> Vec<(String, String)> {
    fn walk(cmd: &Command, out: &mut Vec<(String, String)>) {
        out.push(render(cmd));
        for sub in pages_below(cmd) {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&built(), &mut out);
    out
}

/// One page: its file name (`vtcheck-check.1`) and its roff with Dutch section titles.
fn render(cmd: &Command) -> (String, String) {
    // The footer names the program and its version on every page, as on `vtcheck(1)`; clap
    // gives a subcommand no version of its own.
    // An option left out of the short help (`-h`) is still described on its page: clap_mangen
    // takes a description from the short help only when it is shown there.
    let cmd = cmd.clone().mut_args(|a| a.hide_short_help(false));
    let man = clap_mangen::Man::new(cmd).source(format!("vtcheck {}", super::VERSION));
    let file = man.get_filename();
    let mut buf = Vec::new();
    // Into a Vec: writing cannot fail.
    let _ = man.render(&mut buf);
    (file, dutch_titles(&String::from_utf8_lossy(&buf)))
}

/// `.SH` lines with clap_mangen's English titles in Dutch; everything else as it is.
fn dutch_titles(roff: &str) -> String {
    let mut out = String::with_capacity(roff.len());
    for line in roff.split_inclusive('\n') {
        let (text, end) = match line.strip_suffix('\n') {
            Some(t) => (t, "\n"),
            None => (line, ""),
        };
        let title = text
            .strip_prefix(".SH ")
            .and_then(|t| TITLES.iter().find(|(en, _)| *en == t));
        match title {
            Some((_, nl)) => {
                out.push_str(".SH ");
                out.push_str(nl);
                out.push_str(end);
            }
            None => out.push_str(line),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_dutch_and_other_lines_stay() {
        let roff = ".TH vtcheck 1\n.SH NAME\nvtcheck \\- NAME\n.SH Opdrachten\n.SH VERSION\nv1";
        assert_eq!(
            dutch_titles(roff),
            ".TH vtcheck 1\n.SH NAAM\nvtcheck \\- NAME\n.SH OPDRACHTEN\n.SH VERSIE\nv1"
        );
    }

    /// Every page another page names (`vtcheck-rules-test(1)`) is one that `all` makes, and
    /// no page keeps an English section title.
    #[test]
    fn every_page_named_is_made() {
        let pages = all();
        let files: Vec<&str> = pages.iter().map(|(f, _)| f.as_str()).collect();
        assert!(files.contains(&"vtcheck.1"), "{files:?}");
        assert!(files.contains(&"vtcheck-check.1"), "{files:?}");
        assert!(files.contains(&"vtcheck-rules-test.1"), "{files:?}");
        assert!(files.contains(&"vtcheck-help.1"), "{files:?}");
        for (file, roff) in &pages {
            for line in roff.lines() {
                if let Some(title) = line.strip_prefix(".SH ") {
                    assert!(!TITLES.iter().any(|(en, _)| *en == title), "{file}: {line}");
                }
                // A reference to another page: `vtcheck\-rules\-test(1)`.
                if let Some(name) = line
                    .strip_suffix("(1)")
                    .filter(|l| l.starts_with("vtcheck"))
                {
                    let want = format!("{}.1", name.replace("\\-", "-"));
                    assert!(files.contains(&want.as_str()), "{file} names {want}");
                }
            }
        }
    }

    /// Every option on every page has a description, also one that `-h` leaves out
    /// (`--parse-only` had an empty entry).
    #[test]
    fn every_option_is_described() {
        for (file, roff) in all() {
            let lines: Vec<&str> = roff.lines().collect();
            for (i, line) in lines.iter().enumerate() {
                // An entry: `.TP`, the option in bold, then its description.
                if *line == ".TP" && lines.get(i + 1).is_some_and(|l| l.starts_with("\\fB\\-")) {
                    let text = lines.get(i + 2).copied().unwrap_or_default();
                    assert!(
                        !text.is_empty() && !text.starts_with('.'),
                        "{file}: {} has no description",
                        lines[i + 1]
                    );
                }
            }
        }
        let (_, check) = page(&["check".to_string()]).unwrap();
        assert!(check.contains("de ondergrens voor benchmarks"), "{check}");
    }

    #[test]
    fn an_unknown_command_has_no_page_and_gets_a_suggestion() {
        let (msg, help) = page(&["chek".to_string()]).unwrap_err();
        assert_eq!(msg, "`chek` is geen opdracht van `vtcheck`");
        assert_eq!(help.as_deref(), Some("bedoelde je `check`?"));
        let (msg, _) = page(&["check".to_string(), "x".to_string()]).unwrap_err();
        assert_eq!(
            msg,
            "`vtcheck check` heeft geen opdrachten, dus geen man-pagina voor `x`"
        );
        let (file, roff) = page(&["rules".to_string(), "test".to_string()]).unwrap();
        assert_eq!(file, "vtcheck-rules-test.1");
        assert!(roff.contains(".SH OVERZICHT\n"), "{roff}");
        assert!(
            roff.contains(&format!("\"vtcheck {}\"", super::super::VERSION)),
            "{roff}"
        );
    }
}
