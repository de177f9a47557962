//! The command line: thin wrappers around the library.

mod clash;
pub mod compare;
pub mod dutch;
pub mod explain;
pub mod generate;
pub mod man;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::check::{self, CheckOptions};
use crate::diag::Diag;
use crate::dossier::source::Input;
use crate::report::{self, ReportContext, human};
use crate::rules::{self, RuleSet, Severity};

pub use crate::VERSION;

/// The parsed command line: the subcommand to run, with its arguments. [`dutch::parse`] builds
/// it (with clap's words in Dutch) and [`main_with`] runs it. The help shows the `about` and
/// `long_about` attributes below, which replace this comment there.
#[derive(Parser, Debug)]
#[command(
    name = "vtcheck",
    version,
    about = "Toetst Veilig Thuis-dossiers aan normen uit het Handelingsprotocol Veilig Thuis 2019 en de Wmo 2015",
    disable_help_subcommand = true,
    long_about = "vtcheck leest geëxporteerde Veilig Thuis-dossiers (YAML, JSON, JSON Lines, CSV) en meldt per dossier en per norm of de norm is gehaald, met termijndatum, waargenomen datum en de plaats in het bestand. De normen komen uit het Handelingsprotocol Veilig Thuis 2019 en de wet (Wmo 2015, Uitvoeringsbesluit Wmo 2015), zoals de regelcatalogus ze uitwerkt; sommige drempels zijn eigen keuzes van de catalogus (`vtcheck explain` zegt welke)."
)]
pub struct Cli {
    /// The subcommand given (`check`, `generate`, `compare`, `rules`, ...).
    #[command(subcommand)]
    pub command: Command,
}

/// The exit codes of `check` (the CLI contract), at the end of `check --help`.
const CHECK_EXIT_CODES: &str = "Exitcodes:
  0  geen overtreding op of boven het faalniveau (standaard: error)
  1  minstens één overtreding op of boven het faalniveau
  2  een fout in de aanroep, een ongeldig regelbestand, of invoer die niet gelezen kon worden
     (de leesbare dossiers worden toch gecontroleerd en gemeld)";

/// The subcommands of `vtcheck`. The doc comment of each variant and field below is its Dutch
/// help text (clap); this one is not shown, as [`Cli`]'s `about` replaces it.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Controleer dossiers (bestanden, mappen, of - voor JSON Lines op standaardinvoer)
    // The exit codes of the CLI contract: what a CI job needs to know, in the long help.
    #[command(after_long_help = CHECK_EXIT_CODES)]
    Check(CheckArgs),
    /// Maak een synthetische, realistische export (demo- en benchmarkdata)
    #[command(long_about = generate::LONG_ABOUT)]
    Generate(generate::GenerateArgs),
    /// Vergelijk regio's: percentages per regel en regio met intervallen, trechter en normen
    Compare(compare::CompareArgs),
    /// Toon de regels, test ze of genereer hun documentatie
    Rules(RulesArgs),
    /// Druk een JSON Schema af voor dossiers of regelbestanden (voor de YAML-taalserver in editors)
    Schema {
        /// Welk schema: dossier (dossierbestanden en export.yaml) of rules (regelbestanden)
        #[arg(value_enum, value_name = "SOORT")]
        kind: SchemaKind,
    },
    /// Druk een shell-completion-script af
    Completions {
        /// De shell waarvoor het script is
        #[arg(value_enum, value_name = "SHELL")]
        shell: clap_complete::Shell,
    },
    /// Druk een man-pagina af (roff): van vtcheck, of van een opdracht (`vtcheck man rules test`)
    Man {
        /// De opdracht, bijvoorbeeld `check` of `rules test`; zonder: vtcheck(1)
        #[arg(value_name = "OPDRACHT")]
        opdracht: Vec<String>,
        /// Schrijf alle pagina's (vtcheck.1, vtcheck-check.1, …) in deze map, voor een pakket
        #[arg(long = "map", value_name = "MAP", conflicts_with = "opdracht")]
        map: Option<PathBuf>,
    },
    /// Leg een regel uit: norm, bron, telling, voorbeelden en de YAML
    Explain {
        /// Regelnummer, bijvoorbeeld VT-T01
        #[arg(value_name = "REGEL")]
        id: String,
        /// Extra of vervangende regelbestanden (map of bestand)
        #[arg(long, value_name = "MAP_OF_BESTAND")]
        rules: Vec<PathBuf>,
        /// Instellingenbestand (standaard: vtcheck.toml in deze map of een bovenliggende)
        #[arg(long, value_name = "BESTAND")]
        config: Option<PathBuf>,
        /// Negeer vtcheck.toml
        #[arg(long, conflicts_with = "config")]
        no_config: bool,
    },
    /// Toon de hulp bij een opdracht (hetzelfde als `vtcheck OPDRACHT --help`)
    Help {
        /// De opdracht, bijvoorbeeld `check` of `rules test`
        #[arg(value_name = "OPDRACHT")]
        opdracht: Vec<String>,
    },
}

/// The schema `vtcheck schema SOORT` prints: `dossier` (dossier files and `export.yaml`) or
/// `rules` (rule files). A doc comment on a variant would become that value's help text in
/// `--help`, so the variants have none.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaKind {
    Dossier,
    Rules,
}

/// The report format of `check --format` (default `human`): `human` (for a terminal), `json`,
/// `jsonl` (JSON Lines), `sarif`, `junit`, `csv` (`;`-separated, for Dutch Excel) or `github`
/// (GitHub Actions annotations). A doc comment on a variant would become that value's help text
/// in `--help`, so the variants have none.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Jsonl,
    Sarif,
    Junit,
    Csv,
    Github,
}

/// The lowest severity whose violation fails a run. No `info`: the protocol's info rules are
/// "shown but never failing", so `--fail-level info` is a usage error that says so.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailLevel {
    /// `error` (also `fout`): only `error` violations fail the run. The default when neither
    /// `--fail-level` nor `fail_level` in vtcheck.toml sets one.
    Error,
    /// `warning` (also `waarschuwing`): `warning` and `error` violations fail the run.
    Warning,
}

/// `--fail-level`: `error` or `warning`; `info` is refused with the reason, not just as an
/// unknown value.
pub(crate) fn parse_fail_level(s: &str) -> Result<FailLevel, String> {
    match Severity::parse(s) {
        Some(Severity::Error) => Ok(FailLevel::Error),
        Some(Severity::Warning) => Ok(FailLevel::Warning),
        Some(Severity::Info) => Err(crate::config::INFO_NEVER_FAILS.into()),
        None => Err(format!(
            "onbekend faalniveau '{s}' (error of warning; ook: fout, waarschuwing)"
        )),
    }
}

/// `--color` of `check` and `compare`: whether the report on standard output and the
/// diagnostics on standard error are coloured. `auto` (the default) colours a stream only when it
/// is a terminal and `NO_COLOR` is unset or empty; `always` and `never` do as they say, but a
/// report written to a file (`-o`) is never coloured. A doc comment on a variant would become
/// that value's help text in `--help`, so the variants have none.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// A PATH argument as the shell gave it: any bytes (a name that is no UTF-8 too), and also empty,
/// which clap's own path parser refuses with a bare "needs a value": `run_check` says that an
/// empty path is probably an unset variable.
pub(crate) fn any_path() -> impl clap::builder::TypedValueParser<Value = PathBuf> {
    use clap::builder::TypedValueParser;
    clap::builder::OsStringValueParser::new().map(PathBuf::from)
}

/// The arguments of `vtcheck check`. Each field's doc comment is its Dutch help text (clap);
/// the help shows the [`Command::Check`] variant's comment instead of this one.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Bestanden of mappen; - leest JSON Lines van standaardinvoer. Zonder pad: de meegeleverde voorbeelden.
    #[arg(value_name = "PAD", value_parser = any_path())]
    pub paths: Vec<PathBuf>,
    /// Peildatum (JJJJ-MM-DD): de datum waarop open termijnen worden beoordeeld. Standaard de
    /// exportdatum uit export.yaml, anders vandaag.
    #[arg(long, visible_alias = "peildatum", value_name = "JJJJ-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Uitvoerformaat
    #[arg(long, value_enum, value_name = "FORMAAT", default_value_t = Format::Human)]
    pub format: Format,
    /// Schrijf het rapport naar een bestand (atomair: nooit een half rapport); - is standaarduitvoer
    #[arg(short = 'o', long, value_name = "BESTAND")]
    pub output: Option<PathBuf>,
    /// Extra of vervangende regelbestanden (map of bestand)
    #[arg(long, value_name = "MAP_OF_BESTAND")]
    pub rules: Vec<PathBuf>,
    /// Vanaf welke ernst een overtreding de exitcode 1 geeft: error (standaard) of warning;
    /// info-regels laten een run nooit falen
    #[arg(long, value_name = "ERNST", value_parser = parse_fail_level)]
    pub fail_level: Option<FailLevel>,
    /// Aantal threads (standaard: alle kernen); de uitvoer is hetzelfde bij elk aantal
    #[arg(short = 'j', long, value_name = "AANTAL", value_parser = parse_threads, allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Neem vrije tekst uit dossiers (zinsdelen uit voorwaarden) op in machine-uitvoer
    #[arg(long)]
    pub show_text: bool,
    /// Alleen inlezen en ontleden, per dossier, zonder regels en zonder controles over dossiers heen (zoals dubbele nummers): de ondergrens voor benchmarks (zie BENCHMARKS.md)
    // Without rules there are no violations: a baseline would read as all resolved, and one
    // written would be empty.
    #[arg(long, hide_short_help = true, conflicts_with_all = ["baseline", "write_baseline"])]
    pub parse_only: bool,
    /// Kleur in de menselijke uitvoer
    #[arg(long, value_enum, value_name = "KLEUR", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Instellingenbestand (standaard: vtcheck.toml in deze map of een bovenliggende)
    #[arg(long, value_name = "BESTAND")]
    pub config: Option<PathBuf>,
    /// Negeer vtcheck.toml
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Ontheffingen (YAML): aanvaarde afwijkingen met reden en vervaldatum
    #[arg(long, value_name = "BESTAND")]
    pub waivers: Option<PathBuf>,
    /// Vergelijk met een basislijn: alleen nieuwe overtredingen laten falen
    #[arg(long, value_name = "BESTAND")]
    pub baseline: Option<PathBuf>,
    /// Schrijf de huidige overtredingen als basislijn; - is standaarduitvoer (dan het rapport met -o naar een bestand)
    #[arg(long, value_name = "BESTAND")]
    pub write_baseline: Option<PathBuf>,
    /// Vervang dossiernummers en bestandsnamen door een sleutel-hash (HMAC-SHA256) met de sleutel uit dit bestand
    #[arg(long, value_name = "SLEUTELBESTAND")]
    pub pseudonymise: Option<PathBuf>,
}

/// The arguments of `vtcheck rules`: the action, and the flags that load the rules as `check`
/// does (`--rules`, `--config`, `--no-config`; global, so also accepted after the action). The
/// help shows the [`Command::Rules`] variant's comment instead of this one.
#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// The action; `None` (a bare `vtcheck rules`) lists the rules, as [`RulesAction::List`].
    #[command(subcommand)]
    pub action: Option<RulesAction>,
    /// Extra of vervangende regelbestanden (map of bestand)
    #[arg(long, value_name = "MAP_OF_BESTAND", global = true)]
    pub rules: Vec<PathBuf>,
    /// Instellingenbestand (standaard: vtcheck.toml in deze map of een bovenliggende)
    #[arg(long, value_name = "BESTAND", global = true)]
    pub config: Option<PathBuf>,
    /// Negeer vtcheck.toml
    #[arg(long, conflicts_with = "config", global = true)]
    pub no_config: bool,
}

/// What `vtcheck rules` does: list the rules, write their documentation, score the text rules
/// on a labelled corpus, or run the rule tests. The variants' doc comments are their Dutch help
/// texts.
#[derive(Subcommand, Debug)]
pub enum RulesAction {
    /// Toon alle regels (standaard)
    List,
    /// Schrijf de regeldocumentatie (Markdown) naar standaarduitvoer of naar een bestand
    Docs {
        /// Het bestand; - is standaarduitvoer (ook de standaard)
        #[arg(short = 'o', long, value_name = "BESTAND")]
        output: Option<PathBuf>,
    },
    /// Meet precisie en recall van de tekstregels op een gelabeld corpus van voorwaarden
    Eval {
        /// Corpusbestand (standaard fixtures/voorwaarden/corpus.yaml)
        #[arg(value_name = "BESTAND")]
        corpus: Option<PathBuf>,
        /// Toon de voorwaarden die een regel verkeerd beoordeelt
        #[arg(long)]
        fouten: bool,
    },
    /// Voer de regeltests uit (`*.test.yaml` onder MAP/tests); standaard de map `rules`
    Test {
        /// Map met regelbestanden en een submap `tests`
        #[arg(value_name = "MAP")]
        dir: Option<PathBuf>,
    },
}

/// A whole number of 0 or more; clap's own message is English.
pub(crate) fn parse_number(s: &str) -> Result<u64, String> {
    whole(s, "0 of meer", || too_large(s))
}

/// A whole number of 1 or more.
pub(crate) fn parse_positive(s: &str) -> Result<u64, String> {
    match whole(s, "1 of meer", || too_large(s))? {
        0 => Err("verwacht een geheel getal van 1 of meer".into()),
        n => Ok(n),
    }
}

/// `s` as a whole number; a number too large for 64 bits is told apart from no number, with
/// the message `too_large` gives.
fn whole(s: &str, range: &str, too_large: impl FnOnce() -> String) -> Result<u64, String> {
    s.trim().parse::<u64>().map_err(|e| match e.kind() {
        std::num::IntErrorKind::PosOverflow => too_large(),
        _ => format!("'{s}' is geen geheel getal ({range})"),
    })
}

/// A number above 64 bits.
fn too_large(s: &str) -> String {
    format!("'{s}' is te groot: hoogstens {}", u64::MAX)
}

/// The most worker threads `-j` accepts. More threads than cores only add cost (each worker
/// reserves a 16 MiB stack, and the report's pool gets as many again): a mistyped `-j 1000000`
/// would start two million threads and take the machine down instead of checking anything.
pub const MAX_THREADS: u64 = 256;

/// A thread count: 0 (all cores, as `-j` always took) up to [`MAX_THREADS`].
pub(crate) fn parse_threads(s: &str) -> Result<usize, String> {
    let too_many = || {
        format!("'{s}' is te veel: hoogstens {MAX_THREADS} threads (0 of weglaten: alle kernen)")
    };
    match whole(s, "0 of meer", too_many)? {
        n if n > MAX_THREADS => Err(too_many()),
        n => Ok(n as usize),
    }
}

/// Every date option: strictly `JJJJ-MM-DD`, as the contract writes `--as-of`.
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::dossier::date::parse_iso_date(s)
}

fn use_color(choice: ColorChoice, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    }
}

/// The file an output option names; `None` for standard output: the option left out, or `-`,
/// which means standard output as it does for inputs (`./-` names a file called `-`).
pub(crate) fn out_file(option: &Option<PathBuf>) -> Option<&std::path::Path> {
    option.as_deref().filter(|p| p.as_os_str() != "-")
}

/// Writes to standard output. A closed pipe (`vtcheck ... | head`) is not an error.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e),
        _ => Ok(()),
    }
}

/// [`write_stdout`], saying why on standard error when it fails (a full disk); whether it
/// succeeded.
fn emit(text: &str) -> bool {
    match write_stdout(text) {
        Ok(()) => true,
        Err(e) => {
            let color = use_color(ColorChoice::Auto, std::io::stderr().is_terminal());
            usage_error(
                format!(
                    "standaarduitvoer kan niet geschreven worden: {e}",
                    e = crate::diag::io_nl(&e)
                ),
                color,
            );
            false
        }
    }
}

fn print_diags<D: std::borrow::Borrow<Diag>>(diags: impl IntoIterator<Item = D>, color: bool) {
    let mut err = std::io::stderr().lock();
    for d in diags {
        let _ = err.write_all(human::diagnostic(d.borrow(), color).as_bytes());
    }
}

/// Diagnostics in files the user wrote for vtcheck (rule files, vtcheck.toml): with the lines
/// around each spot (never for dossiers; see [`crate::report::snippet`]). The text of a file is
/// taken from `known` (rule files as they were loaded: an embedded one has no file, and a file
/// of that name in the working directory is another text), else read again.
fn print_authored_diags(diags: &[Diag], known: &[rules::RuleSource], color: bool) {
    let mut sources: Vec<(std::sync::Arc<str>, Option<String>)> = Vec::new();
    let mut err = std::io::stderr().lock();
    for d in diags {
        let i = match sources.iter().position(|(f, _)| *f == d.file) {
            Some(i) => i,
            None => {
                let text = match known.iter().find(|s| s.name == d.file) {
                    Some(s) => Some(s.text.clone()),
                    None => std::fs::read_to_string(crate::dossier::path_of_shown(&d.file)).ok(),
                };
                sources.push((d.file.clone(), text));
                sources.len() - 1
            }
        };
        let text = match &sources[i].1 {
            Some(src) => crate::report::snippet::diagnostic_in(d, src, color),
            None => human::diagnostic(d, color),
        };
        let _ = err.write_all(text.as_bytes());
    }
}

/// Loads the rule set as `check` would: the embedded rules, then the `rules` and `[calendar]` of
/// `vtcheck.toml` (found as `check` finds it, or given), then `--rules`; so `explain` and `rules`
/// describe the norms a check applies. Problems are reported; `None` means exit 2.
fn load_rules(
    extra: &[PathBuf],
    config: Option<&std::path::Path>,
    no_config: bool,
    color: bool,
) -> Option<RuleSet> {
    let cfg = match config_path(config, no_config)
        .as_deref()
        .map(crate::config::load)
        .transpose()
    {
        Ok(c) => c.unwrap_or_default(),
        Err(d) => {
            config_errors(&d, color);
            return None;
        }
    };
    let mut paths = cfg.rules.clone();
    paths.extend(extra.iter().cloned());
    load_rules_with(&paths, &cfg.calendar, color)
}

/// The configuration file a command reads: the one given, none with `--no-config`, else the
/// nearest `vtcheck.toml` from the current directory up.
fn config_path(config: Option<&std::path::Path>, no_config: bool) -> Option<PathBuf> {
    match (config, no_config) {
        (Some(p), _) => Some(p.to_path_buf()),
        (None, true) => None,
        (None, false) => std::env::current_dir()
            .ok()
            .and_then(|d| crate::config::discover(&d)),
    }
}

fn load_rules_with(
    extra: &[PathBuf],
    cal: &crate::config::CalendarOptions,
    color: bool,
) -> Option<RuleSet> {
    let mut diags = Vec::new();
    let paths: Vec<&std::path::Path> = extra.iter().map(PathBuf::as_path).collect();
    let set = rules::load_all(&paths, cal.file.as_deref(), cal, &mut diags);
    // Only to show them: the rule texts are read again only when there is something to show.
    let known = if diags.is_empty() {
        Vec::new()
    } else {
        rules::sources(&paths, &mut Vec::new())
    };
    print_authored_diags(&diags, &known, color);
    set
}

/// Runs the CLI and returns the process exit code.
pub fn main_with(cli: Cli) -> i32 {
    let color_err = use_color(ColorChoice::Auto, std::io::stderr().is_terminal());
    match cli.command {
        Command::Check(args) => run_check(args),
        Command::Compare(args) => compare::run(args),
        Command::Generate(args) => generate::run(args),
        Command::Rules(args) => {
            // Every `rules` command loads the rules as `check` would, with the same flags.
            let (config, no_config) = (args.config.clone(), args.no_config);
            let load =
                |extra: &[PathBuf]| load_rules(extra, config.as_deref(), no_config, color_err);
            match args.action.unwrap_or(RulesAction::List) {
                RulesAction::List => {
                    let Some(set) = load(&args.rules) else {
                        return 2;
                    };
                    let mut out = String::new();
                    for r in &set.rules {
                        out.push_str(&format!(
                            "{:<8} {:<12} {}{}\n",
                            r.id,
                            r.severity.key(),
                            r.title,
                            explain::period_suffix(r)
                        ));
                    }
                    if emit(&out) { 0 } else { 2 }
                }
                RulesAction::Docs { output } => {
                    let Some(set) = load(&args.rules) else {
                        return 2;
                    };
                    let text = explain::docs(&set);
                    match out_file(&output) {
                        None => {
                            if emit(&text) {
                                0
                            } else {
                                2
                            }
                        }
                        // Atomically, as every report: never half a page.
                        Some(p) => match report::write_atomic(p, &text) {
                            Ok(()) => 0,
                            Err(e) => {
                                eprintln!(
                                    "fout: {} kan niet geschreven worden: {e}",
                                    crate::dossier::shown_path(p),
                                    e = crate::diag::io_nl(&e)
                                );
                                2
                            }
                        },
                    }
                }
                RulesAction::Eval { corpus, fouten } => {
                    let Some(set) = load(&args.rules) else {
                        return 2;
                    };
                    let given = corpus.is_some();
                    let path =
                        corpus.unwrap_or_else(|| PathBuf::from("fixtures/voorwaarden/corpus.yaml"));
                    let text = match std::fs::read_to_string(&path) {
                        Ok(t) => t,
                        Err(e) => {
                            // The default is the source tree's corpus: outside it, say so.
                            let hint = if given {
                                ""
                            } else {
                                "; zonder BESTAND leest `rules eval` het corpus van de broncode, vanuit de hoofdmap van de repository: geef anders het corpusbestand op"
                            };
                            return usage_error(
                                format!(
                                    "{}: {}{hint}",
                                    crate::dossier::shown_path(&path),
                                    crate::diag::io_nl(&e)
                                ),
                                color_err,
                            );
                        }
                    };
                    let file: std::sync::Arc<str> = crate::dossier::shown_path(&path).into();
                    let entries = match rules::testing::read_corpus(&set, &file, &text) {
                        Ok(e) => e,
                        Err(diags) => {
                            // The corpus is written by hand for vtcheck: shown with its lines.
                            let known = [rules::RuleSource {
                                name: file.clone(),
                                text,
                            }];
                            print_authored_diags(&diags, &known, color_err);
                            return 2;
                        }
                    };
                    let scores = rules::testing::eval_corpus(&set, &entries);
                    let mut text = rules::testing::render_scores(&scores);
                    if fouten {
                        for sc in &scores {
                            for id in &sc.wrong {
                                if let Some(e) = entries.iter().find(|e| &e.id == id) {
                                    let want = e.verwacht.get(&sc.rule).unwrap_or(false);
                                    text.push_str(&format!(
                                        "{} {} {}: {}\n",
                                        sc.rule,
                                        if want { "mist" } else { "vals alarm" },
                                        e.id,
                                        crate::privacy::mask_bsn(&e.tekst)
                                    ));
                                }
                            }
                        }
                    }
                    if emit(&text) { 0 } else { 2 }
                }
                RulesAction::Test { dir } => {
                    let dir = dir.unwrap_or_else(|| PathBuf::from("rules"));
                    let mut extra = vec![dir.clone()];
                    extra.extend(args.rules);
                    let Some(set) = load(&extra) else {
                        return 2;
                    };
                    let files = rules::testing::find_tests(&dir.join("tests"));
                    if files.is_empty() {
                        eprintln!(
                            "fout: geen regeltests (*.test.yaml) gevonden in {}",
                            crate::dossier::shown_path(&dir.join("tests"))
                        );
                        return 2;
                    }
                    let report = rules::testing::run(&set, &files);
                    // A test file that cannot be read is invalid input (exit 2), shown with its
                    // lines as a rule file is; the other files' results follow.
                    print_authored_diags(&report.invalid, &[], color_err);
                    if !emit(&report.render()) || !report.invalid.is_empty() {
                        return 2;
                    }
                    if report.ok() { 0 } else { 1 }
                }
            }
        }
        Command::Schema { kind } => {
            let schema = match kind {
                SchemaKind::Dossier => crate::schema_out::dossier(),
                SchemaKind::Rules => crate::schema_out::rules(),
            };
            let text = serde_json::to_string_pretty(&schema).unwrap_or_default() + "\n";
            if emit(&text) { 0 } else { 2 }
        }
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut dutch::command(), "vtcheck", &mut buf);
            if emit(&String::from_utf8_lossy(&buf)) {
                0
            } else {
                2
            }
        }
        Command::Man { opdracht, map } => match map {
            Some(dir) => write_man_pages(&dir, color_err),
            None => match man::page(&opdracht) {
                Ok((_, roff)) if emit(&roff) => 0,
                Ok(_) => 2,
                Err((msg, help)) => usage_error_with(msg, help, color_err),
            },
        },
        // `help OPDRACHT` is `OPDRACHT --help`: the same page, or the same Dutch message for an
        // unknown command; both end the process.
        Command::Help { opdracht } => {
            let args: Vec<std::ffi::OsString> = std::iter::once("vtcheck".to_string())
                .chain(opdracht)
                .chain(std::iter::once("--help".to_string()))
                .map(Into::into)
                .collect();
            dutch::parse(&args);
            2
        }
        Command::Explain {
            id,
            rules: extra,
            config,
            no_config,
        } => {
            let Some(set) = load_rules(&extra, config.as_deref(), no_config, color_err) else {
                return 2;
            };
            match explain::explain(&set, &id) {
                Ok(text) => {
                    if emit(&text) {
                        0
                    } else {
                        2
                    }
                }
                Err(msg) => {
                    eprint!(
                        "{}",
                        human::diagnostic(
                            &Diag::error(&crate::diag::TOOL.into(), Default::default(), msg.0)
                                .with_help(msg.1),
                            color_err
                        )
                    );
                    2
                }
            }
        }
    }
}

/// A progress bar on standard error for long runs: only on a terminal and never under CI, so
/// logs stay clean, and only once a run has lasted [`PROGRESS_DELAY`], so a short run leaves no
/// flash of a bar. It measures input bytes (known up front for files) and shows dossiers, the
/// rate and the time left; on standard input, whose size is unknown, a spinner.
pub(crate) struct ProgressBar(Option<indicatif::ProgressBar>);

/// How long a run goes before its progress bar appears.
const PROGRESS_DELAY: std::time::Duration = std::time::Duration::from_secs(1);

impl ProgressBar {
    pub(crate) fn new() -> ProgressBar {
        if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
            return ProgressBar(None);
        }
        // Hidden (it still counts) until `update` finds the run has lasted long enough.
        ProgressBar(Some(indicatif::ProgressBar::hidden()))
    }

    pub(crate) fn update(&self, p: check::Progress) {
        let Some(bar) = &self.0 else { return };
        if bar.is_hidden() && bar.elapsed() >= PROGRESS_DELAY {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr_with_hz(4));
        }
        if bar.length().is_none() && p.total_bytes > 0 {
            bar.set_length(p.total_bytes);
            bar.set_style(
                // `wide_bar` takes what the text leaves of the terminal's width: a fixed bar made
                // the line 86 characters wide, two lines on an 80-column terminal.
                indicatif::ProgressStyle::with_template(
                    "{wide_bar} {percent:>3}% {msg} ({binary_bytes_per_sec}, nog {eta})",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
        } else if bar.length().is_none() {
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
        }
        let secs = bar.elapsed().as_secs_f64();
        let rate = if secs > 0.0 {
            format!(", {:.0}/s", p.dossiers as f64 / secs)
        } else {
            String::new()
        };
        bar.set_message(format!("{} dossiers{rate}", p.dossiers));
        bar.set_position(p.bytes);
    }

    pub(crate) fn finish(self) {
        if let Some(b) = self.0 {
            b.finish_and_clear();
        }
    }
}

fn fail_severity(level: FailLevel) -> Severity {
    match level {
        FailLevel::Error => Severity::Error,
        FailLevel::Warning => Severity::Warning,
    }
}

/// An error in vtcheck.toml, at its line and column; exit code 2.
fn config_error(d: Diag, color: bool) -> i32 {
    config_errors(std::slice::from_ref(&d), color)
}

/// [`config_error`] for every mistake a file has (vtcheck.toml, its `[csv]` table).
fn config_errors(diags: &[Diag], color: bool) -> i32 {
    print_authored_diags(diags, &[], color);
    2
}

/// The files a run will write (`what` names each in the message: `rapport`, `basislijn`),
/// checked before the run, so that a mistyped directory fails at once and not after a national
/// export has been read; the exit code 2 after saying why.
fn check_outputs(outputs: &[(&Option<PathBuf>, &str)], color: bool) -> Result<(), i32> {
    for (option, what) in outputs {
        if let Some(p) = out_file(option)
            && let Err(e) = report::check_writable(p)
        {
            return Err(usage_error(
                format!(
                    "{}: {what} kan niet geschreven worden: {e}",
                    crate::dossier::shown_path(p),
                    e = crate::diag::io_nl(&e)
                ),
                color,
            ));
        }
    }
    Ok(())
}

/// `vtcheck man --map DIR`: every page into `dir` (made if missing), each written atomically;
/// how many were written is said on stderr.
fn write_man_pages(dir: &std::path::Path, color: bool) -> i32 {
    if let Err(e) = std::fs::create_dir_all(dir) {
        let e = crate::diag::io_nl(&e);
        return usage_error(
            format!(
                "{}: map kan niet gemaakt worden: {e}",
                crate::dossier::shown_path(dir)
            ),
            color,
        );
    }
    let pages = man::all();
    for (file, roff) in &pages {
        let path = dir.join(file);
        if let Err(e) = report::write_atomic(&path, roff) {
            let e = crate::diag::io_nl(&e);
            return usage_error(
                format!(
                    "{}: kan niet geschreven worden: {e}",
                    crate::dossier::shown_path(&path)
                ),
                color,
            );
        }
    }
    eprintln!(
        "{} man-pagina's geschreven in {}",
        pages.len(),
        crate::dossier::shown_path(dir)
    );
    0
}

fn usage_error(msg: String, color: bool) -> i32 {
    usage_error_with(msg, None, color)
}

/// A usage error with a hint (a "did you mean"); exit code 2.
fn usage_error_with(msg: String, help: Option<String>, color: bool) -> i32 {
    eprint!(
        "{}",
        human::diagnostic(
            &Diag::error(&crate::diag::TOOL.into(), Default::default(), msg).with_help(help),
            color
        )
    );
    2
}

/// What `check` and `compare` share before any dossier is read: settings (vtcheck.toml, then
/// flags), the rule set with selection and severity overrides, waivers, and the inputs.
pub(crate) struct Session {
    pub cfg: crate::config::Config,
    pub set: RuleSet,
    pub waivers: Option<crate::waivers::Waivers>,
    pub waivers_sha256: Option<String>,
    /// SHA-256 of the `vtcheck.toml` used: its selection, severities and calendar change the
    /// report, so the audit trail names it.
    pub config_sha256: Option<String>,
    pub opts: CheckOptions,
    /// Every rule id of the rule files, selected or not.
    pub loaded: Vec<String>,
    /// Warnings about the invocation itself (no path given: `check` only, `compare` requires
    /// one), for the run's diagnostics: the reports list them with the others, so a CI job whose
    /// path variable was empty says so in its SARIF and annotations too.
    pub notes: Vec<Diag>,
}

/// The flags both commands take.
pub(crate) struct SessionArgs<'a> {
    pub config: Option<&'a std::path::Path>,
    pub no_config: bool,
    pub rules: &'a [PathBuf],
    pub waivers: Option<&'a std::path::Path>,
    pub paths: &'a [PathBuf],
    pub as_of: Option<NaiveDate>,
    pub threads: Option<usize>,
    pub color: bool,
}

/// Builds a [`Session`]; `Err(exit code)` after reporting the problem.
pub(crate) fn session(a: SessionArgs<'_>) -> Result<Session, i32> {
    let color = a.color;
    let config_path = config_path(a.config, a.no_config);
    let cfg = match config_path.as_deref().map(crate::config::load).transpose() {
        Ok(c) => c.unwrap_or_default(),
        Err(d) => return Err(config_errors(&d, color)),
    };
    let config_sha256 = config_path
        .as_deref()
        .and_then(|p| std::fs::read(p).ok())
        .map(|b| report::sha256_hex(&b));
    let mut extra = cfg.rules.clone();
    extra.extend(a.rules.iter().cloned());
    let Some(mut set) = load_rules_with(&extra, &cfg.calendar, color) else {
        return Err(2);
    };
    // Every rule id the configuration or the waivers name must exist in the rule set as loaded
    // (selected or not): a typo in `select` would otherwise check nothing and pass every CI run,
    // and one shared waiver file serves jobs that select different rules.
    let loaded: Vec<String> = set.rules.iter().map(|r| r.id.clone()).collect();
    let known: Vec<&str> = loaded.iter().map(String::as_str).collect();
    // An entry naming no rule: at its place in the file, with the nearest rule id as help.
    let no_rule = |path: String, name: &str, message: String| {
        cfg.error_at(&path, message)
            .with_help(crate::suggest::help_for(name, &known))
    };
    // Every entry that names no rule, in the file's line order.
    let mut unknown = Vec::new();
    for (key, list) in [("select", &cfg.select), ("ignore", &cfg.ignore)] {
        for (i, p) in list.iter().enumerate() {
            if !known.iter().any(|id| id.starts_with(p.as_str())) {
                unknown.push(no_rule(
                    format!("{key}.{i}"),
                    p,
                    format!("`{p}` in `{key}` is geen regel en geen begin van een regelnummer"),
                ));
            }
        }
    }
    for (id, _) in &cfg.severity {
        if !known.contains(&id.as_str()) {
            unknown.push(no_rule(
                format!("severity.{id}"),
                id,
                format!("onbekende regel `{id}` in [severity]"),
            ));
        }
    }
    if !unknown.is_empty() {
        unknown.sort_by_key(|d| (d.pos.line, d.pos.col));
        return Err(config_errors(&unknown, color));
    }
    // Waivers are validated before any dossier is read, against every rule.
    // The waiver file and how messages name it (it is in every waived finding's message, so
    // never an absolute path that differs between two copies of a project).
    let waiver_path = match (a.waivers, &cfg.waivers) {
        (Some(p), _) => Some((p.to_path_buf(), crate::dossier::shown_path(p))),
        (None, Some(p)) => Some((
            p.clone(),
            cfg.waivers_written
                .clone()
                .unwrap_or_else(|| crate::dossier::shown_path(p)),
        )),
        (None, None) => None,
    };
    let (mut waivers, waivers_sha256) = match &waiver_path {
        None => (None, None),
        Some((p, written)) => {
            let shown = crate::config::shown_path(p, written);
            let text = std::fs::read_to_string(p).map_err(|e| {
                usage_error(
                    format!(
                        "{shown}: kan niet gelezen worden: {e}",
                        e = crate::diag::io_nl(&e)
                    ),
                    color,
                )
            })?;
            let sha = report::sha256_hex(text.as_bytes());
            let mut d = Vec::new();
            let w = crate::waivers::Waivers::parse(&text, &shown.into(), &set, &mut d);
            print_diags(&d, color);
            (Some(w.ok_or(2)?), Some(sha))
        }
    };
    set.rules.retain(|r| crate::config::selected(&cfg, &r.id));
    if set.rules.is_empty() {
        return Err(config_error(
            cfg.error_at(
                if cfg.select.is_empty() {
                    "ignore"
                } else {
                    "select"
                },
                "`select` en `ignore` laten geen regel over",
            ),
            color,
        ));
    }
    for (id, sev) in &cfg.severity {
        set.rules
            .iter_mut()
            .filter(|r| &r.id == id)
            .for_each(|r| r.severity = *sev);
    }
    // A waiver of a rule this run does not check neither applies nor is stale.
    if let Some(w) = waivers.as_mut() {
        w.keep_rules(|id| set.get(id).is_some());
    }
    // Standard input can be read once, and an empty argument names no file (a shell variable
    // that was not set): usage errors, not an invalid dossier or a nameless missing file.
    if a.paths.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
        return Err(usage_error(
            "`-` (standaardinvoer) kan maar één keer gelezen worden".into(),
            color,
        ));
    }
    if a.paths.iter().any(|p| p.as_os_str().is_empty()) {
        return Err(usage_error_with(
            "een leeg pad als invoer".into(),
            Some("staat er een lege variabele op de opdrachtregel (\"$EXPORT\")?".into()),
            color,
        ));
    }
    let mut notes = Vec::new();
    let inputs: Vec<Input> = if a.paths.is_empty() {
        // The contract's newcomer default, said as a warning of the run, so that a forgotten
        // path (in an export's own directory, an empty variable in CI) does not pass for a
        // check of the export.
        notes.push(
            Diag::warning(
                &crate::diag::TOOL.into(),
                Default::default(),
                "geen pad gegeven: vtcheck leest de meegeleverde voorbeelden (ingebouwd, \
                 fixtures/voorbeelden/), niet de bestanden hier",
            )
            .with_help(Some(
                "geef de export mee: `vtcheck check PAD`, of `-` voor JSON Lines op standaardinvoer".into(),
            )),
        );
        crate::examples::inputs()
    } else {
        a.paths
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Input::Stdin
                } else {
                    Input::Path(p.clone())
                }
            })
            .collect()
    };
    let mut opts = CheckOptions::new(inputs);
    // Debug builds only, for the test that a panic in a worker becomes an internal error.
    #[cfg(debug_assertions)]
    {
        opts.test_panic = std::env::var("VTCHECK_TEST_PANIC").is_ok_and(|v| v == "worker");
    }
    if let Some(t) = &cfg.csv {
        match crate::dossier::csv_events::CsvMapping::from_table(t, set.regions.codes()) {
            Ok(m) => opts.limits.csv = std::sync::Arc::new(m),
            Err(errs) => {
                let mut diags: Vec<Diag> = errs
                    .into_iter()
                    .map(|e| {
                        if e.at_key {
                            cfg.error_at_key(&e.path, e.message)
                        } else {
                            cfg.error_at(&e.path, e.message)
                        }
                    })
                    .collect();
                diags.sort_by_key(|d| (d.pos.line, d.pos.col));
                return Err(config_errors(&diags, color));
            }
        }
    }
    opts.as_of = a.as_of.or(cfg.as_of);
    if a.as_of.is_none() && cfg.as_of.is_some() {
        opts.as_of_config = cfg
            .path
            .as_deref()
            .map(|p| crate::dossier::shown_path(p).into());
    }
    opts.threads = a.threads;
    Ok(Session {
        cfg,
        set,
        waivers,
        waivers_sha256,
        config_sha256,
        opts,
        loaded,
        notes,
    })
}

fn run_check(args: CheckArgs) -> i32 {
    let color_err = use_color(args.color, std::io::stderr().is_terminal());
    let color_out =
        use_color(args.color, std::io::stdout().is_terminal()) && out_file(&args.output).is_none();
    // Two outputs on one stream would be one unreadable text.
    if args.write_baseline.is_some()
        && out_file(&args.write_baseline).is_none()
        && out_file(&args.output).is_none()
    {
        return usage_error_with(
            "--write-baseline - en het rapport gaan allebei naar standaarduitvoer".into(),
            Some("schrijf het rapport naar een bestand met -o BESTAND".into()),
            color_err,
        );
    }
    if let Some((msg, help)) = clash::of_check(&args) {
        return usage_error_with(msg, Some(help), color_err);
    }
    let Session {
        cfg,
        set,
        mut waivers,
        waivers_sha256: waiver_sha,
        config_sha256,
        mut opts,
        loaded,
        notes,
    } = match session(SessionArgs {
        config: args.config.as_deref(),
        no_config: args.no_config,
        rules: &args.rules,
        waivers: args.waivers.as_deref(),
        paths: &args.paths,
        as_of: args.as_of,
        threads: args.threads,
        color: color_err,
    }) {
        Ok(s) => s,
        Err(code) => return code,
    };
    // Named at the key file, as `--config`, `--baseline` and `--rules` errors name theirs.
    let key_error = |path: &std::path::Path, msg: String, help: Option<&str>| {
        let file: std::sync::Arc<str> = crate::dossier::shown_path(path).into();
        let d = Diag::error(&file, Default::default(), msg).with_help(help.map(str::to_string));
        print_diags([d], color_err);
        2
    };
    let key = match args.pseudonymise.as_deref() {
        None => None,
        Some(path) => match std::fs::read(path) {
            Ok(k) if k.len() < 16 => {
                return key_error(
                    path,
                    "sleutelbestand te kort: gebruik minstens 16 willekeurige bytes".into(),
                    Some("maak er een met `head -c 32 /dev/urandom > sleutel`"),
                );
            }
            Ok(k) => Some(k),
            Err(e) => {
                let why = crate::diag::io_nl(&e);
                return key_error(
                    path,
                    format!("sleutelbestand kan niet gelezen worden: {why}"),
                    None,
                );
            }
        },
    };
    // Read with the key: a baseline written with `--pseudonymise` holds fingerprints of
    // pseudonyms, and matches only a run with the same key.
    let mut baseline_unchecked = 0;
    let mut baseline_rejected = 0;
    let mut baseline_warnings = Vec::new();
    let baseline = match args
        .baseline
        .as_deref()
        .map(|p| crate::baseline::load(p, key.as_deref()))
        .transpose()
    {
        Ok(b) => b.map(|mut b| {
            let file: std::sync::Arc<str> = args
                .baseline
                .as_deref()
                .map_or(String::new(), crate::dossier::shown_path)
                .into();
            let loaded: Vec<&str> = loaded.iter().map(String::as_str).collect();
            baseline_warnings = b.unknown_rules(&file, &loaded);
            baseline_unchecked = b.set_aside_unchecked(&set);
            b
        }),
        Err(d) => {
            print_diags(std::iter::once(d), color_err);
            return 2;
        }
    };
    opts.baseline_watch = baseline
        .as_ref()
        .and_then(|b| b.watch(key.as_deref()))
        .map(std::sync::Arc::new);
    let regions = &set.regions;
    opts.keep_verdicts = args.format == Format::Junit;
    opts.parse_only = args.parse_only;
    let today = crate::dossier::date::dutch_today();
    let timing = std::env::var_os("VTCHECK_TIMING").is_some();
    let started = std::time::Instant::now();
    if let Err(code) = check_outputs(
        &[
            (&args.output, "rapport"),
            (&args.write_baseline, "basislijn"),
        ],
        color_err,
    ) {
        return code;
    }
    let bar = ProgressBar::new();
    let mut run = check::run(
        &set,
        regions,
        &opts,
        today,
        waivers.as_mut(),
        None,
        &mut |p| bar.update(p),
    );
    bar.finish();
    // In the report's warnings too: a CI log that shows only the report still says why
    // violations of the baseline were not checked.
    for d in notes.into_iter().chain(baseline_warnings) {
        run.diags.push(d);
    }
    // Dossiers that were read but rejected: their baselined violations were not checked.
    let baseline = baseline.map(|mut b| {
        baseline_rejected = b.set_aside_rejected(&run, &set, key.as_deref());
        b
    });
    // Written before pseudonymisation (with a key, of the pseudonyms the report will show),
    // its error reported after the diagnostics. What the run did not check (rules it leaves
    // out, dossiers it rejected) is kept from the baseline it was given: left out, it would
    // fail as new once checked again.
    let mut baseline_notes: Vec<Diag> = Vec::new();
    let baseline_written = args.write_baseline.as_ref().map(|target| {
        // A run that checked nothing and failed to read its input (a wrong path, an export
        // step that wrote nothing) would record an empty baseline over a good one.
        if run.valid == 0 && run.diags.error_count() > 0 {
            return Err(format!(
                "{}: basislijn niet geschreven: geen enkel dossier gecontroleerd, en de invoer \
                 gaf fouten; een bestaande basislijn blijft staan",
                crate::dossier::shown_path(target)
            ));
        }
        let (carried, notes) = crate::baseline::carried_over(
            &run,
            baseline.as_ref(),
            key.as_deref(),
            &crate::dossier::shown_path(target).into(),
        );
        baseline_notes = notes;
        let text = crate::baseline::write(&run, &set, key.as_deref(), &carried);
        match out_file(&args.write_baseline) {
            Some(path) => report::write_atomic(path, &text).map_err(|e| {
                format!(
                    "{}: basislijn kan niet geschreven worden: {e}",
                    crate::dossier::shown_path(path),
                    e = crate::diag::io_nl(&e)
                )
            }),
            None => write_stdout(&text).map_err(|e| {
                format!(
                    "basislijn kan niet naar standaarduitvoer geschreven worden: {e}",
                    e = crate::diag::io_nl(&e)
                )
            }),
        }
    });
    let fail = fail_severity(
        args.fail_level
            .or(cfg.fail_level.map(|s| match s {
                Severity::Error => FailLevel::Error,
                // The config refuses `info` when it is read.
                Severity::Warning | Severity::Info => FailLevel::Warning,
            }))
            .unwrap_or(FailLevel::Error),
    );
    // The exit code is decided on the real ids, the reports compare pseudonymised findings:
    // with a key, the baseline in each form.
    let (real, reported) = match (&key, baseline) {
        (Some(k), Some(b)) => {
            let (real, hidden) = crate::baseline::for_key(&run, &set, b, k);
            (Some(real), Some(hidden))
        }
        (_, b) => (b.map(|b| b.fingerprints), None),
    };
    let code = report::exit_code(&run, &set, fail, real.as_ref());
    let baseline = reported.or(real);
    let mut code = code;
    if let Some(k) = &key {
        let own: Vec<std::sync::Arc<str>> = waivers
            .as_ref()
            .and_then(|w| w.file.clone())
            .into_iter()
            .collect();
        crate::baseline::pseudonymise(&mut run, k, &own);
        // Sorting by pseudonym can lose findings only when the temporary file fails.
        if !run.findings.complete() {
            code = 2;
        }
    }
    // Printed only now, so that standard error names files and dossiers as the report does.
    print_diags(run.diags.iter(), color_err);
    print_diags(baseline_notes, color_err);
    if let Some(Err(e)) = baseline_written {
        return usage_error(e, color_err);
    }
    let audit = report::Audit {
        rules_sha256: set.sha256.clone(),
        calendar_sha256: set.calendar_sha256.clone(),
        waivers_sha256: waiver_sha,
        config_sha256,
    };
    let ctx = ReportContext {
        rules: &set,
        tool_version: VERSION,
        show_text: args.show_text,
        color: color_out,
        baseline: baseline.as_ref(),
        baseline_unchecked,
        baseline_rejected,
        fail_level: fail,
        audit: Some(&audit),
    };
    let format = args.format;
    let mut body = |w: &mut dyn Write| -> std::io::Result<()> {
        match format {
            Format::Human => human::write(&run, &ctx, w),
            Format::Json => report::json::write(&run, &ctx, w),
            Format::Jsonl => report::jsonl(&run, &ctx, w),
            Format::Sarif => report::sarif::write(&run, &ctx, w),
            Format::Junit => report::junit::write(&run, &ctx, w),
            Format::Csv => report::csv::write(&run, &ctx, w),
            Format::Github => report::github::write(&run, &ctx, w),
        }?;
        // A temporary-file read error ends the findings early: never pass that off as a report.
        match run.findings.take_read_error() {
            Some(e) => Err(std::io::Error::other(format!(
                "bevindingen konden niet worden teruggelezen: {}",
                crate::diag::io_nl(&e)
            ))),
            None => Ok(()),
        }
    };
    let checked = started.elapsed();
    // Report formats that render in parallel (the global pool) use as many threads as the check.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build_global();
    let written = match out_file(&args.output) {
        Some(p) => report::write_atomic_with(p, &mut body).map_err(|e| {
            format!(
                "{}: rapport kan niet geschreven worden: {e}",
                crate::dossier::shown_path(p),
                e = crate::diag::io_nl(&e)
            )
        }),
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            match body(&mut out).and_then(|()| out.flush()) {
                Ok(()) => Ok(()),
                Err(e) if crate::diag::innermost(&e).kind() == std::io::ErrorKind::BrokenPipe => {
                    Ok(())
                }
                Err(e) => Err(format!(
                    "rapport kan niet geschreven worden: {e}",
                    e = crate::diag::io_nl(&e)
                )),
            }
        }
    };
    if timing {
        // Benchmarks only (bench/HISTORY.md, "Where the time goes"): check and report apart, no data.
        eprintln!(
            "vtcheck-timing: check {:.3} s, report {:.3} s",
            checked.as_secs_f64(),
            (started.elapsed() - checked).as_secs_f64()
        );
    }
    if let Err(e) = written {
        return usage_error(e, color_err);
    }
    // The process ends here: freeing millions of findings and counters one by one would only
    // delay the exit (the temporary file goes with the process).
    std::mem::forget(run);
    code
}
