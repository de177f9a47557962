//! Outputs that would replace what the run reads: `-o in.jsonl` used to replace the export with
//! its report without a word (rev49 F4). Checked before anything is read, as a usage error.

use std::path::{Path, PathBuf};

use crate::dossier::source::Container;

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

/// The first clash among `outputs` (flag, path) and `reads` (what, path), in Dutch with a help
/// line: an output that is a file the run reads, a report written into a directory it checks
/// (the next run would read it as a dossier), or two outputs to one file.
pub fn find(outputs: &[(&str, &Path)], reads: &[(String, &Path)]) -> Option<(String, String)> {
    for (i, (flag, out)) in outputs.iter().enumerate() {
        let Some(out_id) = identity(out) else {
            continue;
        };
        let shown = out.display();
        for (what, read) in reads {
            let Some(read_id) = identity(read) else {
                continue;
            };
            if out_id == read_id {
                return Some((
                    format!("{flag} {shown} zou {what} overschrijven"),
                    "kies een ander bestand voor de uitvoer".into(),
                ));
            }
            let hidden = out_id
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if read_id.is_dir()
                && out_id.starts_with(&read_id)
                && !hidden
                && Container::from_path(&out_id).is_some()
            {
                return Some((
                    format!(
                        "{flag} {shown} komt in de map van {what}: een volgende controle leest het als dossier"
                    ),
                    "schrijf de uitvoer buiten de gecontroleerde map".into(),
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
        let reads = [
            ("de invoer `in.jsonl`".to_string(), input.as_path()),
            ("de invoer `export`".to_string(), export.as_path()),
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
