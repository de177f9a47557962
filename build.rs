//! Embeds the example dossiers of `fixtures/voorbeelden/` so that `vtcheck check` without a path
//! shows real output wherever the binary is installed.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("fixtures/voorbeelden");
    println!("cargo:rerun-if-changed=fixtures/voorbeelden");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from(
        "/// Embedded example files: (path, text).\npub const FILES: &[(&str, &str)] = &[\n",
    );
    for f in files {
        let abs = std::fs::canonicalize(&f).unwrap_or(f.clone());
        println!("cargo:rerun-if-changed={}", f.display());
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            f.display().to_string(),
            abs.display().to_string()
        );
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("examples.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}
