//! The export manifest `export.yaml`: region, export date (the natural as-of date), source system
//! and the number of dossiers the exporter wrote.

use std::path::Path;
use std::sync::Arc;

use super::date::parse_stamp_strict_unshown;
use super::node::{Node, Value};
use super::regions::RegionTable;
use super::schema::MANIFEST_V1;
use super::source::Manifest;
use crate::diag::Diag;
use crate::suggest::help_for;

use super::schema::MANIFEST_KEYS as KEYS;

/// Reads a manifest. A field in error is left out and reported, the other fields are still used
/// (a misspelt `regio` must not silently drop a valid `exportdatum` and with it the as-of date);
/// only a missing or other `formaat` makes the whole manifest unusable.
pub fn from_node(
    node: &Node,
    file: &Arc<str>,
    dir: &Path,
    regions: &RegionTable,
    diags: &mut Vec<Diag>,
) -> Option<Manifest> {
    let Value::Map(entries) = &node.value else {
        diags.push(Diag::error(
            file,
            node.pos,
            "een exportmanifest moet een object zijn",
        ));
        return None;
    };
    let mut m = Manifest {
        file: file.clone(),
        dir: dir.to_path_buf(),
        regio: None,
        exportdatum: None,
        bron: None,
        aantal_dossiers: None,
        sha256: None,
        whole_export: true,
    };
    let mut usable = true;
    let err = |diags: &mut Vec<Diag>, d: Diag| diags.push(d);
    for (k, v) in entries {
        match &*k.name {
            "formaat" => {
                if v.scalar_text().as_deref() != Some(MANIFEST_V1) {
                    usable = false;
                    err(
                        diags,
                        Diag::error(
                            file,
                            v.pos,
                            format!("onbekend manifestformaat: deze vtcheck leest `{MANIFEST_V1}`"),
                        ),
                    );
                }
            }
            "regio" => match v.scalar_text() {
                Some(code) if regions.get(&code).is_some() => m.regio = Some(code),
                Some(code) => err(
                    diags,
                    Diag::error(file, v.pos, "onbekende VT-regio in `regio`")
                        .with_help(help_for(&code, regions.codes())),
                ),
                None => {}
            },
            "exportdatum" => match v.scalar_text().map(|s| parse_stamp_strict_unshown(&s)) {
                Some(Ok(st)) => m.exportdatum = Some(st.date),
                Some(Err(e)) => err(
                    diags,
                    Diag::error(file, v.pos, format!("{e} in `exportdatum`")),
                ),
                None => {}
            },
            "bron" => m.bron = v.scalar_text(),
            "aantal_dossiers" => match v.value {
                Value::Int(n) if n >= 0 => m.aantal_dossiers = Some((n as u64, v.pos)),
                _ => err(
                    diags,
                    Diag::error(
                        file,
                        v.pos,
                        "`aantal_dossiers` moet een geheel getal van 0 of meer zijn",
                    ),
                ),
            },
            other if other.starts_with("x_") => {}
            other => diags.push(
                Diag::warning(
                    file,
                    k.pos,
                    crate::privacy::unknown_key_message(
                        "onbekend veld",
                        other,
                        Some("exportmanifest"),
                        "",
                    ),
                )
                .with_help(help_for(other, KEYS)),
            ),
        }
    }
    if node.get("formaat").is_none() {
        usable = false;
        err(
            diags,
            Diag::error(file, node.pos, "verplicht veld `formaat` ontbreekt"),
        );
    }
    // The spec's manifest marks every field but `exportdatum` optional.
    if node.get("exportdatum").is_none() {
        err(
            diags,
            Diag::error(file, node.pos, "verplicht veld `exportdatum` ontbreekt")
                .with_help(Some(
                    "de exportdatum is de peildatum van de export, bijvoorbeeld `exportdatum: 2024-06-30`"
                        .into(),
                )),
        );
    }
    usable.then_some(m)
}
