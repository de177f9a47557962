//! clap's own words in Dutch: the headings and usage line of `--help`, the help and version
//! flags, default and possible values, and the messages of a wrong invocation.
//!
//! clap has no translations; its help template, headings and flags can be replaced through its
//! builder API, and its errors carry their parts (the argument, the value, the suggestions) as
//! context, from which `exit` writes a Dutch message. Quality officers read the help before
//! anything else, so it speaks the language of the rest of the tool.

use clap::builder::{PossibleValue, StyledStr};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory};

use super::Cli;

/// The help layout of clap's default template, with a Dutch usage heading.
const TEMPLATE: &str =
    "{before-help}{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

/// The command line of `vtcheck` as users see it: the derived [`Cli`] with Dutch clap words.
pub fn command() -> Command {
    localise(Cli::command(), &[], false)
}

/// Applies the Dutch words to `cmd` and its subcommands; `parents` are the names above it
/// (for the usage line, which clap would otherwise start with the subcommand's bare name).
/// `inherited` tells that a parent gives it options (`global`, as `rules` gives `--rules` to
/// `rules test`): clap adds those only when the whole command is built, after the usage line
/// has been written here.
fn localise(cmd: Command, parents: &[String], inherited: bool) -> Command {
    let root = parents.is_empty();
    let inherited = inherited
        || cmd
            .get_arguments()
            .any(|a| a.is_global_set() && !a.is_hide_set() && !a.is_positional());
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("Opdrachten")
        .subcommand_value_name("OPDRACHT")
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .mut_args(dutch_arg)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Toon de hulp (-h beknopt, --help volledig)")
                .help_heading("Opties"),
        );
    if root {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Toon de versie")
                .help_heading("Opties"),
        );
    }
    let mut path = parents.to_vec();
    path.push(cmd.get_name().to_string());
    let line = usage(&cmd, &path, inherited);
    cmd = cmd.override_usage(line);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(&name, |s| localise(s, &path, inherited));
    }
    cmd
}

/// The usage line clap would write, with Dutch placeholders; `[OPTIES]` also when the only
/// options are inherited ones.
fn usage(cmd: &Command, path: &[String], inherited: bool) -> String {
    let name = path.join(" ");
    let rendered = cmd
        .clone()
        .bin_name(name.clone())
        .render_usage()
        .to_string();
    let line = rendered
        .trim_start_matches("Usage:")
        .trim()
        .replace("[OPTIONS]", "[OPTIES]");
    match line.strip_prefix(&name) {
        Some(rest) if inherited && !line.contains("[OPTIES]") => {
            format!("{name} [OPTIES]{rest}")
        }
        _ => line,
    }
}

/// Headings in Dutch; default and possible values and visible aliases written into the help
/// text in Dutch.
fn dutch_arg(a: Arg) -> Arg {
    let heading = if a.is_positional() {
        "Argumenten"
    } else {
        "Opties"
    };
    let a = a.help_heading(heading);
    if a.is_hide_set() {
        return a;
    }
    // clap writes visible aliases as "[aliases: ...]": they become hidden ones, named in Dutch.
    let longs = a.get_visible_aliases().unwrap_or_default();
    let shorts = a.get_visible_short_aliases().unwrap_or_default();
    let mut visible: Vec<String> = longs.iter().map(|l| format!("--{l}")).collect();
    visible.extend(shorts.iter().map(|c| format!("-{c}")));
    let a = if visible.is_empty() {
        a
    } else {
        // Owned copies (clap's `string` feature): the getters lend them from `a`.
        let longs: Vec<String> = (a.get_all_aliases().unwrap_or_default())
            .into_iter()
            .map(str::to_string)
            .collect();
        let shorts = a.get_all_short_aliases().unwrap_or_default();
        a.alias(None)
            .aliases(longs)
            .short_alias(None)
            .short_aliases(shorts)
    };
    let (defaults, values): (Vec<String>, Vec<PossibleValue>) = if a.get_action().takes_values() {
        (
            (a.get_default_values().iter())
                .map(|v| v.to_string_lossy().into_owned())
                .collect(),
            (a.get_possible_values().into_iter())
                .filter(|v| !v.is_hide_set())
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    if defaults.is_empty() && values.is_empty() && visible.is_empty() {
        return a;
    }
    let help = a.get_help().map(StyledStr::to_string).unwrap_or_default();
    let long = a
        .get_long_help()
        .map(StyledStr::to_string)
        .unwrap_or_else(|| help.clone());
    let mut short_extra = String::new();
    let mut long_lines = Vec::new();
    if !defaults.is_empty() {
        let line = format!("[standaard: {}]", defaults.join(", "));
        short_extra = format!(" {line}");
        long_lines.push(line);
    }
    if !values.is_empty() {
        let names: Vec<&str> = values.iter().map(PossibleValue::get_name).collect();
        let line = format!("[waarden: {}]", names.join(", "));
        short_extra.push_str(&format!(" {line}"));
        if values.iter().any(|v| v.get_help().is_some()) {
            long_lines.push("Mogelijke waarden:".into());
            for v in &values {
                long_lines.push(match v.get_help() {
                    Some(h) => format!("- {}: {h}", v.get_name()),
                    None => format!("- {}", v.get_name()),
                });
            }
        } else {
            long_lines.push(line);
        }
    }
    if !visible.is_empty() {
        let line = format!("[ook: {}]", visible.join(", "));
        short_extra.push_str(&format!(" {line}"));
        long_lines.push(line);
    }
    let long_extra = format!("\n\n{}", long_lines.join("\n"));
    a.hide_default_value(true)
        .hide_possible_values(true)
        .help(help + &short_extra)
        .long_help(long + &long_extra)
}

/// Parses `args` (the program name first) with the Dutch command line. Help and version are
/// printed and end the process with 0; a wrong invocation ends it with a Dutch message and 2.
pub fn parse(args: &[std::ffi::OsString]) -> Cli {
    use clap::FromArgMatches as _;
    let mut cmd = command();
    let parsed = cmd
        .try_get_matches_from_mut(args)
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) => exit(&e, &cmd, args),
    }
}

fn exit(e: &clap::Error, cmd: &Command, args: &[std::ffi::OsString]) -> ! {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            std::process::exit(0)
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            std::process::exit(2)
        }
        _ => {
            use std::io::Write as _;
            // A value typed in the wrong place (a BSN for `--as-of`) is quoted: masked, as
            // every other text vtcheck prints.
            let text = message(e, cmd, args);
            let _ = std::io::stderr().write_all(crate::privacy::mask_bsn(&text).as_bytes());
            std::process::exit(2)
        }
    }
}

/// An option as clap names it (`--as-of <JJJJ-MM-DD>`) under the alias the user typed, if they
/// typed one (`--peildatum <JJJJ-MM-DD>`): the message should name what is on their line.
fn as_typed(arg: &str, cmd: &Command, args: &[std::ffi::OsString]) -> String {
    let Some(long) = arg.strip_prefix("--") else {
        return arg.to_string();
    };
    let (name, rest) = long.split_once(' ').map_or((long, ""), |(n, r)| (n, r));
    let Some(option) = cmd.get_arguments().find(|a| a.get_long() == Some(name)) else {
        return arg.to_string();
    };
    let typed = args.iter().skip(1).find_map(|a| {
        let a = a.to_string_lossy();
        let word = a.strip_prefix("--")?;
        let word = word.split_once('=').map_or(word, |(w, _)| w);
        option
            .get_all_aliases()
            .into_iter()
            .flatten()
            .find(|alias| *alias == word)
            .map(str::to_string)
    });
    match typed {
        Some(alias) if rest.is_empty() => format!("--{alias}"),
        Some(alias) => format!("--{alias} {rest}"),
        None => arg.to_string(),
    }
}

/// The Dutch text of a wrong invocation: what is wrong, a suggestion where clap has one, the
/// usage line and where to read more.
fn message(e: &clap::Error, cmd: &Command, args: &[std::ffi::OsString]) -> String {
    // Arguments are echoed as a terminal may show them (no escape sequences).
    let shown = |s: &str| crate::report::human::visible(s).into_owned();
    let text = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(shown(s)),
        Some(ContextValue::Strings(v)) => Some(shown(&v.join(", "))),
        Some(ContextValue::StyledStr(s)) => Some(shown(&s.to_string())),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    // One suggestion or several: 'a' of 'b', the nearest first (clap lists them by ascending
    // similarity, the nearest last).
    let suggestion = |k: ContextKind| match e.get(k) {
        Some(ContextValue::String(s)) => Some(format!("'{}'", shown(s))),
        Some(ContextValue::Strings(v)) if !v.is_empty() => Some(
            v.iter()
                .rev()
                .map(|s| format!("'{}'", shown(s)))
                .collect::<Vec<_>>()
                .join(" of "),
        ),
        _ => None,
    };
    // The subcommand the error is about: the deepest one named on the line.
    let mut at = cmd;
    let mut names = vec![cmd.get_name()];
    for word in args.iter().skip(1).map(|a| a.to_string_lossy()) {
        match at.find_subcommand(&*word) {
            Some(sub) => {
                at = sub;
                names.push(sub.get_name());
            }
            None if word.starts_with('-') => continue,
            None => break,
        }
    }
    let raw_arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let arg = as_typed(&raw_arg, at, args);
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let what = match e.kind() {
        ErrorKind::UnknownArgument => format!("onbekend argument '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "onbekende opdracht '{}'",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::InvalidValue if value.is_empty() => format!("'{arg}' heeft een waarde nodig"),
        ErrorKind::InvalidValue => format!("ongeldige waarde '{value}' voor '{arg}'"),
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            format!("ongeldige waarde '{value}' voor '{arg}'{why}")
        }
        ErrorKind::NoEquals => format!("'{arg}' verwacht een waarde na '='"),
        ErrorKind::TooManyValues => format!("te veel waarden voor '{arg}': '{value}'"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => format!(
            "'{arg}' verwacht {} waarde(n), gekregen: {}",
            text(ContextKind::ExpectedNumValues).unwrap_or_default(),
            text(ContextKind::ActualNumValues).unwrap_or_default()
        ),
        // clap reports an option given twice as a conflict with itself.
        // clap's own names here: an option given twice under two names is one conflict.
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            Some(prior) if prior == raw_arg => given_twice(&raw_arg, at, args),
            prior => format!(
                "'{raw_arg}' kan niet samen met '{}'",
                prior.unwrap_or_default()
            ),
        },
        ErrorKind::MissingRequiredArgument => match e.get(ContextKind::InvalidArg) {
            Some(ContextValue::Strings(v)) if v.len() > 1 => {
                let (last, rest) = v.split_last().unwrap_or((&v[0], &[]));
                format!(
                    "verplichte argumenten ontbreken: {} en {}",
                    shown(&rest.join(", ")),
                    shown(last)
                )
            }
            _ => format!("verplicht argument ontbreekt: {arg}"),
        },
        ErrorKind::MissingSubcommand => "geef een opdracht".to_string(),
        ErrorKind::InvalidUtf8 => "een argument is geen geldige UTF-8".to_string(),
        // Kinds a parse of this command line does not produce; clap's own words then.
        _ => e.kind().as_str().unwrap_or("ongeldige aanroep").to_string(),
    };
    let mut out = format!("fout: {what}\n");
    // A missing value of an option without a fixed list comes with an empty one.
    if let Some(v) = text(ContextKind::ValidValue).filter(|v| !v.is_empty()) {
        out.push_str(&format!("\n  mogelijke waarden: {v}\n"));
    }
    // clap compares values case-sensitively: `--format JSON` gets no suggestion from it, ours
    // ignores case.
    let own_value = || match (e.kind(), e.get(ContextKind::ValidValue)) {
        (ErrorKind::InvalidValue, Some(ContextValue::Strings(valid))) => {
            crate::suggest::did_you_mean(&value, valid.iter().map(String::as_str))
                .map(|v| format!("'{}'", shown(v)))
        }
        _ => None,
    };
    for k in [
        ContextKind::SuggestedValue,
        ContextKind::SuggestedArg,
        ContextKind::SuggestedSubcommand,
    ] {
        let s = match k {
            ContextKind::SuggestedValue => suggestion(k).or_else(own_value),
            _ => suggestion(k),
        };
        if let Some(s) = s {
            // "je", as every other "bedoelde je" of vtcheck and its docs.
            out.push_str(&format!("\n  bedoelde je {s}?\n"));
        }
    }
    // clap's other tips come as English sentences; the three it writes, in Dutch.
    if let Some(ContextValue::StyledStrs(tips)) = e.get(ContextKind::Suggested) {
        for tip in tips {
            let tip = shown(&tip.to_string());
            let quoted = tip.split('\'').nth(1).unwrap_or_default();
            let dutch = if tip.starts_with("to pass ") {
                format!("om '{quoted}' als pad of waarde mee te geven: schrijf '-- {quoted}'")
            } else if tip.starts_with("subcommand ") {
                format!("de opdracht '{quoted}' bestaat; laat de '--' ervoor weg")
            } else if tip.ends_with("' exists") {
                format!("'{quoted}' bestaat")
            } else {
                tip.clone()
            };
            out.push_str(&format!("\n  tip: {dutch}\n"));
        }
    }
    if let Some(u) = at.get_overridden_usage() {
        out.push_str(&format!("\nGebruik: {u}\n"));
    }
    out.push_str(&format!(
        "\nMeer informatie: '{} --help'.\n",
        names.join(" ")
    ));
    out
}

/// An option given more than once, naming the spellings used when there are several
/// (`--as-of` and its alias `--peildatum`): clap's own words would be "'--as-of' cannot be used
/// with '--as-of'".
fn given_twice(arg: &str, cmd: &Command, args: &[std::ffi::OsString]) -> String {
    let once = format!("'{arg}' mag maar één keer gegeven worden");
    let Some(a) = cmd.get_arguments().find(|a| a.to_string() == arg) else {
        return once;
    };
    let mut spellings: Vec<String> = (a.get_long().into_iter())
        .chain(a.get_all_aliases().unwrap_or_default())
        .map(|l| format!("--{l}"))
        .collect();
    spellings.extend(
        (a.get_short().into_iter())
            .chain(a.get_all_short_aliases().unwrap_or_default())
            .map(|c| format!("-{c}")),
    );
    let words: Vec<String> = (args.iter().skip(1))
        .map(|w| w.to_string_lossy().into_owned())
        .take_while(|w| w != "--")
        .collect();
    // `--as-of X` or `--as-of=X`; `-o X` or `-oX`.
    let given = |s: &str| {
        words.iter().any(|w| {
            w.strip_prefix(s).is_some_and(|rest| {
                !s.starts_with("--") || rest.is_empty() || rest.starts_with('=')
            })
        })
    };
    let used: Vec<String> = (spellings.iter())
        .filter(|s| given(s))
        .map(|s| format!("'{s}'"))
        .collect();
    match used.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("{once}: {} en {last} zijn dezelfde optie", rest.join(", "))
        }
        _ => once,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every help page, to the deepest subcommand, in both lengths.
    fn pages(cmd: &mut Command, out: &mut Vec<(String, String)>) {
        cmd.build();
        let name = cmd.get_name().to_string();
        out.push((name.clone(), cmd.render_help().to_string()));
        out.push((name, cmd.render_long_help().to_string()));
        for sub in cmd.get_subcommands_mut() {
            pages(sub, out);
        }
    }

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }

    /// A new option or subcommand gets the Dutch frame too: no help page shows clap's English.
    #[test]
    fn no_help_page_shows_clap_english() {
        let mut all = Vec::new();
        pages(&mut command(), &mut all);
        assert!(all.len() > 20, "{} pages", all.len());
        for (name, page) in &all {
            for english in [
                "Usage:",
                "Options:",
                "Arguments:",
                "Commands:",
                "Print help",
                "Print version",
                "[default:",
                "possible values",
                "Possible values",
                "[OPTIONS]",
                "<COMMAND>",
                "[alias",
            ] {
                assert!(!page.contains(english), "{name}: {english:?} in\n{page}");
            }
            assert!(page.contains("Gebruik: vtcheck"), "{name}:\n{page}");
        }
    }

    /// A command whose options all come from its parent (`rules list`, `rules test`: `--rules`,
    /// `--config`, `--no-config` of `rules`) still shows `[OPTIES]` in its usage line.
    #[test]
    fn usage_lines_show_inherited_options() {
        let mut cmd = command();
        cmd.build();
        let rules = cmd.find_subcommand("rules").unwrap();
        for (sub, line) in [
            ("list", "vtcheck rules list [OPTIES]"),
            ("test", "vtcheck rules test [OPTIES] [MAP]"),
            ("docs", "vtcheck rules docs [OPTIES]"),
            ("eval", "vtcheck rules eval [OPTIES] [BESTAND]"),
        ] {
            let s = rules.find_subcommand(sub).unwrap();
            assert_eq!(
                s.get_overridden_usage().map(|u| u.to_string()),
                Some(line.to_string())
            );
        }
        // Help alone is no option to announce.
        for (sub, line) in [
            ("schema", "vtcheck schema <SOORT>"),
            ("man", "vtcheck man [OPTIES] [OPDRACHT]..."),
        ] {
            let s = cmd.find_subcommand(sub).unwrap();
            assert_eq!(
                s.get_overridden_usage().map(|u| u.to_string()),
                Some(line.to_string())
            );
        }
    }

    #[test]
    fn defaults_and_values_are_written_in_dutch() {
        let mut cmd = command();
        let check = cmd.find_subcommand_mut("check").unwrap();
        let short = check.render_help().to_string();
        assert!(
            short.contains(
                "[standaard: human] [waarden: human, json, jsonl, sarif, junit, csv, github]"
            ),
            "{short}"
        );
        let long = check.render_long_help().to_string();
        assert!(long.contains("[standaard: human]\n"), "{long}");
        // The contract names `--peildatum`: the help does too, and it still works.
        assert!(short.contains("vandaag [ook: --peildatum]\n"), "{short}");
        assert!(long.contains("\n          [ook: --peildatum]\n"), "{long}");
        let m = cmd.try_get_matches_from_mut(["vtcheck", "check", "--peildatum", "2025-06-30"]);
        assert!(m.is_ok(), "{m:?}");
    }

    /// A missing value of an option without a fixed list of values shows no empty list.
    #[test]
    fn a_missing_value_lists_values_only_when_there_are_some() {
        let text = error_text(&["vtcheck", "check", "x.yaml", "--as-of"]);
        assert!(
            text.starts_with("fout: '--as-of <JJJJ-MM-DD>' heeft een waarde nodig\n"),
            "{text}"
        );
        assert!(!text.contains("mogelijke waarden"), "{text}");
        let text = error_text(&["vtcheck", "check", "--format"]);
        assert!(text.contains("mogelijke waarden: human, json"), "{text}");
    }

    fn error_text(args: &[&str]) -> String {
        let args: Vec<std::ffi::OsString> = args.iter().map(Into::into).collect();
        let mut cmd = command();
        let e = cmd.try_get_matches_from_mut(&args).unwrap_err();
        message(&e, &cmd, &args)
    }

    #[test]
    fn wrong_invocations_are_explained_in_dutch() {
        for (args, expected) in [
            (
                &["vtcheck", "check", "--formt", "json"][..],
                &[
                    "fout: onbekend argument '--formt'",
                    "bedoelde je '--format'?",
                    "Gebruik: vtcheck check [OPTIES] [PAD]...",
                    "Meer informatie: 'vtcheck check --help'.",
                ][..],
            ),
            (
                &["vtcheck", "check", "--format", "JSON"],
                &["bedoelde je 'json'?"],
            ),
            (
                &["vtcheck", "compare", ".", "--format", "Markdown"],
                &["bedoelde je 'markdown'?"],
            ),
            (
                &["vtcheck", "check", "--format", "xml"],
                &[
                    "fout: ongeldige waarde 'xml' voor '--format <FORMAAT>'",
                    "mogelijke waarden: human, json, jsonl, sarif, junit, csv, github",
                ],
            ),
            (
                &["vtcheck", "chek"],
                &[
                    "fout: onbekende opdracht 'chek'",
                    "bedoelde je 'check' of 'schema'?",
                    "Gebruik: vtcheck <OPDRACHT>",
                ],
            ),
            (
                &["vtcheck", "check", "--as-of", "2025-13-01"],
                &["ongeldige datum '2025-13-01': maand 13 bestaat niet"],
            ),
            // Numbers too: clap's own parsers would say "invalid digit found in string".
            (
                &["vtcheck", "compare", "--min-noemer", "0"],
                &[
                    "ongeldige waarde '0' voor '--min-noemer <N>': verwacht een geheel getal van 1 of meer",
                ],
            ),
            // A negative number is a wrong value, not an unknown flag.
            (
                &["vtcheck", "compare", "--min-noemer", "-1"],
                &[
                    "ongeldige waarde '-1' voor '--min-noemer <N>': '-1' is geen geheel getal (1 of meer)",
                ],
            ),
            (
                &["vtcheck", "generate", "--dossiers", "tien", "--seed", "1"],
                &["'tien' is geen geheel getal (1 of meer)"],
            ),
            (
                &["vtcheck", "generate", "--dossiers", "0", "--seed", "1"],
                &[
                    "ongeldige waarde '0' voor '--dossiers <N>': verwacht een geheel getal van 1 of meer",
                ],
            ),
            (
                &["vtcheck", "check", "-j", "twee"],
                &["'twee' is geen geheel getal (0 of meer)"],
            ),
            // A whole number too large for 64 bits is too large, not "no whole number".
            (
                &["vtcheck", "check", "-j", "99999999999999999999"],
                &["'99999999999999999999' is te veel: hoogstens 256 threads"],
            ),
            (
                &[
                    "vtcheck",
                    "generate",
                    "--dossiers",
                    "1",
                    "--seed",
                    "99999999999999999999",
                ],
                &["'99999999999999999999' is te groot: hoogstens 18446744073709551615"],
            ),
            (
                &["vtcheck", "check", "--config", "a", "--no-config"],
                &["fout: '--config <BESTAND>' kan niet samen met '--no-config'"],
            ),
            // An option given twice is no conflict with itself; under two names, both are named.
            (
                &[
                    "vtcheck",
                    "check",
                    "--as-of",
                    "2025-06-30",
                    "--peildatum",
                    "2025-07-01",
                ],
                &[
                    "fout: '--as-of <JJJJ-MM-DD>' mag maar één keer gegeven worden: '--as-of' en '--peildatum' zijn dezelfde optie\n",
                ],
            ),
            (
                &["vtcheck", "check", "--format", "json", "--format=csv"],
                &["fout: '--format <FORMAAT>' mag maar één keer gegeven worden\n"],
            ),
            (
                &["vtcheck", "check", "-o", "a", "--output", "b"],
                &["gegeven worden: '--output' en '-o' zijn dezelfde optie"],
            ),
            (
                &["vtcheck", "generate", "--seed", "1"],
                &["fout: verplicht argument ontbreekt: --dossiers <N>"],
            ),
            (
                &["vtcheck", "check", "--\u{1b}]0;x"],
                &["onbekend argument '--\\u{1b}]0;x'"],
            ),
        ] {
            let text = error_text(args);
            for e in expected {
                assert!(text.contains(e), "{args:?}: {e:?} not in\n{text}");
            }
            assert!(
                !text.contains("error:") && !text.contains("Usage"),
                "{text}"
            );
        }
    }
}
