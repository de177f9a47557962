//! `vtcheck generate`: synthetic exports for load tests, demos and regional comparisons.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::ValueEnum;

use crate::diag::Diag;
use crate::dossier::regions::RegionTable;
use crate::generate::{self, GenError, GenOptions, OutputFormat};
use crate::report::human;

/// The output form of `generate --format` (default `jsonl`), mapped to
/// [`generate::OutputFormat`]. The variants' doc comments are their Dutch help texts.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GenFormat {
    /// JSON Lines: één dossier per regel
    Jsonl,
    /// Eén YAML-bestand per dossier (een map per regio) plus export.yaml
    YamlDir,
    /// CSV-gebeurtenissenlog (zie docs/csv.md)
    Csv,
}

/// The long help of `vtcheck generate`. It is set on the [`Command::Generate`](super::Command::Generate)
/// variant: there the variant's doc comment would replace one set on [`GenerateArgs`].
pub const LONG_ABOUT: &str = "Maakt synthetische, realistische Veilig Thuis-dossiers (geen echte gegevens) voor belastingtests, demonstraties en regiovergelijkingen. Dezelfde startwaarde, peildatum, regio's, aantal en uitvoervorm geven dezelfde bytes. Elke regio heeft een vast overtredingsprofiel; zie `profile` in src/generate.rs.";

/// The arguments of `vtcheck generate`. Each field's doc comment is its Dutch help text (clap);
/// the help shows the [`Command::Generate`](super::Command::Generate) variant's comment and
/// [`LONG_ABOUT`] instead of this one.
#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// Aantal dossiers (1 of meer)
    #[arg(long, value_name = "N", value_parser = super::parse_positive, allow_negative_numbers = true)]
    pub dossiers: u64,
    /// Startwaarde van de toevalsgenerator; dezelfde startwaarde geeft dezelfde uitvoer
    #[arg(long, value_name = "GETAL", value_parser = super::parse_number, allow_negative_numbers = true)]
    pub seed: u64,
    /// Regio's: `all` of codes gescheiden door komma's (bijvoorbeeld midden-brabant,utrecht);
    /// de dossiers worden om de beurt over de regio's verdeeld
    #[arg(long, default_value = "all", value_name = "all|CODE,...")]
    pub regions: String,
    /// Peildatum (JJJJ-MM-DD): ontvangstdata liggen in de vier jaar ervoor en geen gebeurtenis
    /// ligt erna. Standaard 2025-06-30, zodat dezelfde startwaarde altijd dezelfde bytes geeft.
    #[arg(long, visible_alias = "peildatum", value_name = "JJJJ-MM-DD", value_parser = super::parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Uitvoervorm
    #[arg(long, value_enum, value_name = "FORMAAT", default_value_t = GenFormat::Jsonl)]
    pub format: GenFormat,
    /// Uitvoer: een bestand (jsonl, csv; standaard of met - standaarduitvoer) of een nieuwe of
    /// lege map (yaml-dir, verplicht)
    #[arg(short = 'o', long, value_name = "PAD")]
    pub out: Option<PathBuf>,
}

fn fail(msg: String) -> i32 {
    let color = super::use_color(super::ColorChoice::Auto, std::io::stderr().is_terminal());
    eprint!(
        "{}",
        human::diagnostic(
            &Diag::error(&"vtcheck generate".into(), Default::default(), msg),
            color
        )
    );
    2
}

/// Runs `vtcheck generate`; returns the exit code (0, or 2 on a usage or write error).
pub fn run(args: GenerateArgs) -> i32 {
    let as_of = args.as_of.unwrap_or(generate::DEFAULT_AS_OF);
    let table = RegionTable::default_table();
    let regions = match generate::resolve_regions(&args.regions, &table, as_of) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let opts = GenOptions {
        dossiers: args.dossiers,
        seed: args.seed,
        regions,
        as_of,
    };
    if let Err(e) = opts.validate() {
        return fail(e);
    }
    let result = match (args.format, super::out_file(&args.out)) {
        (GenFormat::YamlDir, None) => {
            let stdout = if args.out.is_some() {
                " (- is standaarduitvoer)"
            } else {
                ""
            };
            return fail(format!(
                "--format yaml-dir schrijft een map: geef die op met --out MAP{stdout}"
            ));
        }
        (GenFormat::YamlDir, Some(dir)) => generate::write_yaml_dir(&opts, dir),
        (f, Some(path)) => generate::write_stream_to_file(&opts, stream_format(f), path),
        (f, None) => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            let r = generate::write_stream(&opts, stream_format(f), &mut lock);
            let _ = lock.flush();
            r
        }
    };
    match result {
        Ok(_) => 0,
        // `vtcheck generate ... | head` closes the pipe: not an error.
        Err(GenError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => fail(e.to_string()),
    }
}

fn stream_format(f: GenFormat) -> OutputFormat {
    match f {
        GenFormat::Jsonl => OutputFormat::Jsonl,
        GenFormat::YamlDir => OutputFormat::YamlDir,
        GenFormat::Csv => OutputFormat::Csv,
    }
}
