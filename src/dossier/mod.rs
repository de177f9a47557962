//! Dossiers: the model and its readers (YAML, JSON, JSON Lines, CSV event logs, directories,
//! standard input).
//!
//! Data flows one way: bytes → [`node::Node`] trees (positions kept) → [`model::Dossier`]
//! (validated against [`schema`]) → the engine.

pub mod convert;
pub mod csv_events;
pub mod date;
pub mod json;
pub mod manifest;
pub mod model;
pub mod node;
pub mod regions;
pub mod schema;
pub mod source;
pub mod yaml;

pub use model::{Dossier, Event, Obj, Origin, Stamp, Val};
pub use node::Pos;

/// A path as reports name it: as written where it is UTF-8, and each byte that is not as `\xNN`
/// (two files `x\xFE.json` and `x\xFF.json` stay two names; a lossy U+FFFD made them one, and a
/// repeated id then seemed to name its own file).
pub fn shown_path(p: &std::path::Path) -> String {
    if let Some(s) = p.to_str() {
        return s.to_string();
    }
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in p.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned()
    }
}

#[cfg(test)]
mod tests {
    #[cfg(unix)]
    #[test]
    fn a_name_that_is_no_utf8_keeps_its_bytes_apart() {
        use std::os::unix::ffi::OsStrExt;
        let name =
            |b: &[u8]| super::shown_path(std::path::Path::new(std::ffi::OsStr::from_bytes(b)));
        assert_eq!(name(b"map/x\xfe.json"), "map/x\\xFE.json");
        assert_eq!(name(b"map/x\xff.json"), "map/x\\xFF.json");
        assert_eq!(name("café/é.yaml".as_bytes()), "café/é.yaml");
    }
}
