//! `vtcheck compare PATH...`: the regional comparison. Runs the rules over the exports (a region
//! per export or per dossier) and renders [`crate::compare::Comparison`] in the chosen format.
//!
//! Exit codes: 0 when the comparison was made; 2 for a usage error, an invalid rule file, or at
//! least one dossier that could not be read (the readable ones are still compared and reported,
//! as with `check`). Violations never fail a comparison.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::ValueEnum;

use super::{
    ColorChoice, ProgressBar, Session, SessionArgs, check_outputs, out_file, parse_date,
    print_diags, session, usage_error, use_color, write_stdout,
};
use crate::check;
use crate::compare::{self, CompareOptions, Period};
use crate::report;
use crate::rules;

/// The output format of `compare --format` (default `table`). The variants' doc comments are
/// their Dutch help texts.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareFormat {
    /// Tabel voor de terminal
    Table,
    /// Een rij per regio en regel, voor Nederlandse Excel (`;`, UTF-8 met BOM)
    Csv,
    /// Het object `vtcheck-compare/1`, voor andere programma's
    Json,
    /// Tabellen in Markdown, voor een verslag of een wiki
    Markdown,
    /// Eén zelfstandig HTML-bestand met heatmap en trechterdiagrammen
    Html,
}

/// The arguments of `vtcheck compare`. Each field's doc comment is its Dutch help text (clap);
/// the help shows the [`Command::Compare`](super::Command::Compare) variant's comment instead of
/// this one.
#[derive(clap::Args, Debug)]
pub struct CompareArgs {
    /// Exports: bestanden of mappen (een regio per export of per dossier); - leest JSON Lines van standaardinvoer
    #[arg(required = true, value_name = "PAD", value_parser = super::any_path())]
    pub paths: Vec<PathBuf>,
    /// Peildatum (JJJJ-MM-DD): de datum waarop open termijnen worden beoordeeld. Standaard de
    /// exportdatum uit export.yaml, anders vandaag.
    #[arg(long, visible_alias = "peildatum", value_name = "JJJJ-MM-DD", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Begin van de meetperiode: alleen dossiers ontvangen op of na deze datum
    #[arg(long, value_name = "JJJJ-MM-DD", value_parser = parse_date)]
    pub van: Option<NaiveDate>,
    /// Einde van de meetperiode: alleen dossiers ontvangen op of voor deze datum
    #[arg(long, value_name = "JJJJ-MM-DD", value_parser = parse_date)]
    pub tot: Option<NaiveDate>,
    /// Uitvoerformaat
    #[arg(long, value_enum, value_name = "FORMAAT", default_value_t = CompareFormat::Table)]
    pub format: CompareFormat,
    /// Schrijf het rapport naar een bestand (atomair: nooit een half rapport); - is standaarduitvoer
    #[arg(short = 'o', long, value_name = "BESTAND")]
    pub output: Option<PathBuf>,
    /// Norm per regel als aandeel of percentage, bijvoorbeeld VT-T01=0.90 of VT-T07=80%
    /// (standaard VT-T01=0.90 en VT-T07=0.80; VT-T01=geen schakelt een norm uit)
    #[arg(long = "norm", value_name = "REGEL=NORM")]
    pub norms: Vec<String>,
    /// Vergelijk alleen deze regels (nummers of voorvoegsels, bijvoorbeeld VT-T); standaard alle
    #[arg(long = "regel", alias = "rule", value_name = "REGEL")]
    pub only: Vec<String>,
    /// Regio's met een kleinere noemer worden niet getoond (kleine aantallen)
    #[arg(long, value_name = "N", default_value_t = compare::MIN_DENOMINATOR,
          value_parser = super::parse_positive, allow_negative_numbers = true)]
    pub min_noemer: u64,
    /// Extra of vervangende regelbestanden (map of bestand)
    #[arg(long, value_name = "MAP_OF_BESTAND")]
    pub rules: Vec<PathBuf>,
    /// Ontheffingen (YAML): ontheven dossiers tellen als uitsluiting, niet in de noemer
    #[arg(long, value_name = "BESTAND")]
    pub waivers: Option<PathBuf>,
    /// Instellingenbestand (standaard: vtcheck.toml in deze map of een bovenliggende)
    #[arg(long, value_name = "BESTAND")]
    pub config: Option<PathBuf>,
    /// Negeer vtcheck.toml
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Aantal threads (standaard: alle kernen); de uitvoer is hetzelfde bij elk aantal
    #[arg(short = 'j', long, value_name = "AANTAL", value_parser = super::parse_threads, allow_negative_numbers = true)]
    pub threads: Option<usize>,
    /// Kleur in de tabel
    #[arg(long, value_enum, value_name = "KLEUR", default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// A usage error: message and optional help line.
type UsageError = (String, Option<String>);

/// Applies `--norm` flags to the default targets.
fn targets(flags: &[String], set: &rules::RuleSet) -> Result<Vec<(String, f64)>, UsageError> {
    let mut out: Vec<(String, f64)> = compare::default_targets(set);
    for flag in flags {
        let Some((id, value)) = flag.split_once('=') else {
            return Err((
                format!("--norm '{flag}': verwacht REGEL=NORM"),
                Some("bijvoorbeeld --norm VT-T01=0.90 of --norm VT-T07=80%".into()),
            ));
        };
        let id = id.trim();
        match set.get(id) {
            None => {
                let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
                return Err((
                    format!("--norm: onbekende regel `{id}`"),
                    crate::suggest::did_you_mean_help(id, ids.iter().copied()),
                ));
            }
            Some(r) if r.is_population() => {
                return Err((
                    format!("--norm: {id} is een populatieregel; die heeft een eigen norm"),
                    None,
                ));
            }
            Some(_) => {}
        }
        out.retain(|(i, _)| i != id);
        if matches!(value.trim(), "geen" | "none" | "") {
            continue;
        }
        let t = compare::parse_target(value).map_err(|e| (e, None))?;
        out.push((id.to_string(), t));
    }
    Ok(out)
}

/// Runs `vtcheck compare` and returns the exit code: 0 when the comparison was written; 2 for a
/// usage error, an invalid rule, settings or waiver file, or a report that could not be written,
/// and also when the run reported an input error (a dossier that could not be read, say), after
/// the comparison of the readable dossiers was written.
pub fn run(args: CompareArgs) -> i32 {
    let color_err = use_color(args.color, std::io::stderr().is_terminal());
    let color_out =
        use_color(args.color, std::io::stdout().is_terminal()) && out_file(&args.output).is_none();
    if let (Some(v), Some(t)) = (args.van, args.tot)
        && v > t
    {
        return usage_error(
            format!("lege meetperiode: --van {v} ligt na --tot {t}"),
            color_err,
        );
    }
    let Session {
        set,
        mut waivers,
        mut opts,
        ..
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
    let targets = match targets(&args.norms, &set) {
        Ok(t) => t,
        Err((msg, help)) => {
            let d = crate::diag::Diag::error(&crate::diag::TOOL.into(), Default::default(), msg)
                .with_help(help);
            print_diags(&[d], color_err);
            return 2;
        }
    };
    for o in &args.only {
        if !set.rules.iter().any(|r| r.id.starts_with(o.as_str())) {
            return usage_error(
                format!("--regel: geen regel met nummer of voorvoegsel `{o}`"),
                color_err,
            );
        }
    }
    let regions = &set.regions;
    // The comparison tallies each dossier as it is checked; no findings, no per-dossier list.
    opts.keep_findings = false;
    let copts = CompareOptions {
        period: Period {
            van: args.van,
            tot: args.tot,
        },
        targets,
        min_denominator: args.min_noemer,
        only: args.only.clone(),
    };
    let mut tallier = compare::Tallier::new(&set, &copts);
    let today = crate::dossier::date::dutch_today();
    if let Err(code) = check_outputs(&[(&args.output, "rapport")], color_err) {
        return code;
    }
    let bar = ProgressBar::new();
    let run = check::run(
        &set,
        regions,
        &opts,
        today,
        waivers.as_mut(),
        Some(&mut |v| tallier.add(v)),
        &mut |p| bar.update(p),
    );
    bar.finish();
    print_diags(run.diags.iter(), color_err);
    let cmp = match tallier.finish(&run, &set, regions, &copts, super::VERSION) {
        Ok(c) => c,
        Err(e) => {
            let d = crate::diag::Diag::error(
                &crate::diag::TOOL.into(),
                Default::default(),
                format!(
                    "dubbele dossiers konden niet uit de vergelijking worden gehaald: {}",
                    crate::diag::io_nl(&e)
                ),
            );
            print_diags(&[d], color_err);
            return 2;
        }
    };
    let text = match args.format {
        CompareFormat::Table => compare::table::render(&cmp, color_out),
        CompareFormat::Csv => compare::csv::render(&cmp),
        CompareFormat::Json => compare::json::render(&cmp),
        CompareFormat::Markdown => compare::markdown::render(&cmp),
        CompareFormat::Html => compare::html::render(&cmp),
    };
    let written = match out_file(&args.output) {
        Some(p) => report::write_atomic(p, &text).map_err(|e| {
            format!(
                "{}: rapport kan niet geschreven worden: {e}",
                crate::dossier::shown_path(p),
                e = crate::diag::io_nl(&e)
            )
        }),
        None => write_stdout(&text).map_err(|e| {
            format!(
                "rapport kan niet geschreven worden: {e}",
                e = crate::diag::io_nl(&e)
            )
        }),
    };
    if let Err(e) = written {
        return usage_error(e, color_err);
    }
    if run.errors().next().is_some() { 2 } else { 0 }
}
