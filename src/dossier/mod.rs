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

/// A path as reports name it: as written where it is UTF-8. On Unix, where a name may hold any
/// byte, a byte that is no UTF-8 is shown as `\xNN` and a backslash (a name unpacked from a zip
/// made on Windows) as `\\`, so that every name stays apart: `x\xFE.json` and `x\xFF.json` are
/// two names (a lossy U+FFFD made them one, and a repeated id then seemed to name its own file),
/// and neither is the file literally named `x\xFF.json`, shown `x\\xFF.json`. The SARIF report
/// reads the bytes back for its URI.
pub fn shown_path(p: &std::path::Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bytes = p.as_os_str().as_bytes();
        if let Ok(s) = std::str::from_utf8(bytes)
            && !s.contains('\\')
        {
            return s.to_string();
        }
        let mut out = String::with_capacity(bytes.len() + 8);
        for chunk in bytes.utf8_chunks() {
            for c in chunk.valid().chars() {
                if c == '\\' {
                    out.push_str("\\\\");
                } else {
                    out.push(c);
                }
            }
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
        // A backslash is escaped too, so a name that holds `\xFF` literally is another name.
        assert_eq!(name(b"map/x\\xFF.json"), "map/x\\\\xFF.json");
        assert_eq!(name(b"export\\d.yaml"), "export\\\\d.yaml");
    }
}
