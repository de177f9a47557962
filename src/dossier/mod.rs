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

/// The path a name as reports show it names: the inverse of [`shown_path`], for reading the file
/// again (the CSV places of a report, the lines around an error) and for SARIF's URI.
pub fn path_of_shown(shown: &str) -> std::path::PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if !shown.contains('\\') {
            return shown.into();
        }
        let b = shown.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'\\' {
                out.push(b[i]);
                i += 1;
            } else if let [_, b'x', h, l, ..] = b[i..]
                && let (Some(h), Some(l)) = (hex_upper(h), hex_upper(l))
            {
                out.push(h << 4 | l);
                i += 4;
            } else {
                // `\\`, or a lone backslash, which a shown name does not have.
                out.push(b'\\');
                i += if b.get(i + 1) == Some(&b'\\') { 2 } else { 1 };
            }
        }
        std::ffi::OsStr::from_bytes(&out).into()
    }
    #[cfg(not(unix))]
    {
        shown.into()
    }
}

/// The value of an uppercase hexadecimal digit, as [`shown_path`] writes them.
#[cfg(unix)]
fn hex_upper(d: u8) -> Option<u8> {
    match d {
        b'0'..=b'9' => Some(d - b'0'),
        b'A'..=b'F' => Some(d - b'A' + 10),
        _ => None,
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
        // And back, to the same bytes.
        for b in [
            &b"map/x\xfe.json"[..],
            b"x\\xFF.json",
            b"a\\\\b\xe9.yaml",
            b"plain.yaml",
        ] {
            let p = std::path::Path::new(std::ffi::OsStr::from_bytes(b));
            assert_eq!(super::path_of_shown(&super::shown_path(p)), p, "{b:?}");
        }
    }
}
