//! The shipped example export (`fixtures/voorbeelden/`), embedded at build time.

use crate::dossier::source::Input;

include!(concat!(env!("OUT_DIR"), "/examples.rs"));

/// The example files as inputs, manifest first so it sets the as-of date.
pub fn inputs() -> Vec<Input> {
    FILES
        .iter()
        .map(|(name, text)| Input::Embedded {
            name: (*name).into(),
            text: (*text).into(),
        })
        .collect()
}
