//! Outputs that would replace what the run reads: `-o in.jsonl` used to replace the export with
//! its report without a word (rev49 F4). Checked before anything is read, as a usage error
//! ([`of_check`]).

use std::path::{Path, PathBuf};

use crate::dossier::source::Container;

/// The clash of `vtcheck check`'s outputs with what it reads, if any (see `find`). A baseline
/// may be written over the one read: `--baseline b.json --write-baseline b.json` renews it.
pub fn of_check(args: &super::CheckArgs) -> Option<(String, String)> {
    let report = super::out_file(&args.output).map(|p| ("-o", p));
    let written = super::out_file(&args.write_baseline).map(|p| ("--write-baseline", p));
    let mut reads: Vec<(String, &Path, Reads)> = args
        .paths
        .iter()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| {
            let shown = crate::dossier::shown_path(p);
            (format!("de invoer `{shown}`"), p.as_path(), Reads::Dossiers)
        })
        .collect();
    for (what, p) in [
        ("het ontheffingenbestand", args.waivers.as_deref()),
        ("het configuratiebestand", args.config.as_deref()),
        ("het sleutelbestand", args.pseudonymise.as_deref()),
    ] {
        reads.extend(p.map(|p| (what.to_string(), p, Reads::Dossiers)));
    }
    let rules = args
        .rules
        .iter()
        .map(|p| ("de regels".to_string(), p.as_path(), Reads::RuleFiles));
    reads.extend(rules);
    let mut with_baseline = reads.clone();
    with_baseline.extend(
        args.baseline
            .as_deref()
            .map(|p| ("de basislijn".to_string(), p, Reads::Dossiers)),
    );
    let both: Vec<(&str, &Path)> = [report, written].into_iter().flatten().collect();
    find(report.as_slice(), &with_baseline)
        .or_else(|| find(written.as_slice(), &reads))
        .or_else(|| find(&both, &[]))
}

/// The file `p` names, symbolic links resolved; for a file that does not exist yet, its
/// directory's real path with its name. `None` when neither can be found.
fn identity(p: &Path) -> Option<PathBuf> {
    if let Ok(real) = p.canonicalize() {
        return Some(real);
    }
    let name = p.file_name()?;
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

/// What the run reads from a path that is a directory (a file is read whatever its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reads {
    /// Dossier files: the extensions of [`Container`], in every folder below, without hidden
    /// entries.
    Dossiers,
    /// Rule files: `.yaml` and `.yml` directly in the directory, hidden ones too.
    RuleFiles,
}

impl Reads {
    /// Whether a file at `inside` (its path below such a directory) would be read on the next
    /// run, and as what.
    fn reads(self, inside: &Path) -> Option<&'static str> {
        match self {
            Reads::Dossiers => {
                // Directories are read without hidden entries, so a file in a hidden folder or
                // with a hidden name is never read.
                let hidden = inside
                    .components()
                    .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
                (!hidden && Container::from_path(inside).is_some()).then_some("als dossier")
            }
            Reads::RuleFiles => {
                let direct = inside.components().count() == 1;
                let ext = inside.extension()?.to_str()?.to_ascii_lowercase();
                (direct && matches!(ext.as_str(), "yaml" | "yml")).then_some("als regelbestand")
            }
        }
    }
}

/// The first clash among `outputs` (flag, path) and `reads` (what, path, how a directory
/// there is read), in Dutch with a help line: an output that is a file the run reads, one
/// written into a directory it reads where the next run would read it too, or two outputs to
/// one file.
fn find(outputs: &[(&str, &Path)], reads: &[(String, &Path, Reads)]) -> Option<(String, String)> {
    for (i, (flag, out)) in outputs.iter().enumerate() {
        let Some(out_id) = identity(out) else {
            continue;
        };
        let shown = crate::dossier::shown_path(out);
        for (what, read, kind) in reads {
            let Some(read_id) = identity(read) else {
                continue;
            };
            if out_id == read_id {
                return Some((
                    format!("{flag} {shown} zou {what} overschrijven"),
                    "kies een ander bestand voor de uitvoer".into(),
                ));
            }
            let read_as = read_id
                .is_dir()
                .then(|| out_id.strip_prefix(&read_id).ok())
                .flatten()
                .and_then(|inside| kind.reads(inside));
            if let Some(read_as) = read_as {
                return Some((
                    format!(
                        "{flag} {shown} komt in de map van {what}: een volgende controle leest het {read_as}"
                    ),
                    "schrijf de uitvoer buiten die map".into(),
                ));
            }
        }
        for (other, path) in &outputs[i + 1..] {
            if identity(path).is_some_and(|id| id == out_id) {
                return Some((
                    format!("{flag} en {other} schrijven allebei naar {shown}"),
                    "kies voor elk een eigen bestand".into(),
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_may_not_replace_inputs_or_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("in.jsonl"), "{}\n").unwrap();
        std::fs::create_dir(d.join("export")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(d.join("in.jsonl"), d.join("link.jsonl")).unwrap();
        let input = d.join("in.jsonl");
        let export = d.join("export");
        std::fs::create_dir(d.join("regels")).unwrap();
        let rules = d.join("regels");
        let reads = [
            (
                "de invoer `in.jsonl`".to_string(),
                input.as_path(),
                Reads::Dossiers,
            ),
            (
                "de invoer `export`".to_string(),
                export.as_path(),
                Reads::Dossiers,
            ),
            ("de regels".to_string(), rules.as_path(), Reads::RuleFiles),
        ];
        let clash = |outs: &[(&str, PathBuf)]| {
            let outs: Vec<(&str, &Path)> = outs.iter().map(|(f, p)| (*f, p.as_path())).collect();
            find(&outs, &reads).map(|(m, _)| m)
        };
        assert!(
            clash(&[("-o", d.join("in.jsonl"))])
                .unwrap()
                .contains("overschrijven")
        );
        assert!(clash(&[("-o", d.join("export/../in.jsonl"))]).is_some());
        #[cfg(unix)]
        assert!(clash(&[("-o", d.join("link.jsonl"))]).is_some());
        assert!(
            clash(&[("-o", d.join("export/rapport.json"))])
                .unwrap()
                .contains("als dossier")
        );
        // A format vtcheck does not read, or a hidden file (directories skip those), is fine.
        assert_eq!(clash(&[("-o", d.join("export/rapport.sarif"))]), None);
        assert_eq!(clash(&[("-o", d.join("export/.rapport.json"))]), None);
        assert_eq!(clash(&[("-o", d.join("export/.cache/rapport.json"))]), None);
        // A rules directory reads YAML only, and a report there would be read as rules.
        assert_eq!(clash(&[("-o", d.join("regels/rapport.json"))]), None);
        assert!(
            clash(&[("-o", d.join("regels/rapport.yaml"))])
                .unwrap()
                .contains("als regelbestand")
        );
        // rev55 F5: a rules directory reads its hidden files too, and no folder below it.
        assert!(clash(&[("-o", d.join("regels/.rapport.yaml"))]).is_some());
        assert_eq!(clash(&[("-o", d.join("regels/sub/rapport.yaml"))]), None);
        assert_eq!(clash(&[("-o", d.join("rapport.json"))]), None);
        assert!(
            clash(&[
                ("-o", d.join("uit.json")),
                ("--write-baseline", d.join("./uit.json"))
            ])
            .unwrap()
            .contains("allebei")
        );
    }
}
