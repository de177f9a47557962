//! Text lines for the positions in CSV files, for the formats that name lines of the file as
//! text: SARIF regions, GitHub annotations and JUnit's `line` attribute.
//!
//! The CSV reader places a finding as a spreadsheet shows it: row and field number
//! (docs/csv.md), which the JSON, CSV and human reports print. A code-scanning view or a pull
//! request reads a place as a line and character of the text instead, and the row differs from
//! the line after a `sep=` line or a cell with line breaks. The reader keeps each row's byte
//! offset; this module reads each CSV file once more, after the check, and finds the line where
//! each row that a report names starts. It gives no character: a field number is none, and the
//! cell's character would take parsing the row again. It first checks that the file is still the
//! one that was read (its SHA-256, from the audit trail); where it is not, or cannot be read, or
//! is a text that was never a file, the place is unknown and the report names the file alone: a
//! wrong line is worse than none.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::check::CheckRun;
use crate::dossier::Pos;
use crate::dossier::source::Container;

/// The text places of a run's CSV positions, looked up by file and byte offset.
#[derive(Debug, Default)]
pub struct TextPlaces {
    files: HashMap<Arc<str>, Places>,
}

/// One file's offsets, sorted, with the text line of each (0: unknown).
#[derive(Debug, Default)]
struct Places {
    offsets: Vec<u32>,
    lines: Vec<u32>,
}

/// An offset the reader saturated: a cell past 4 GiB, whose real offset is lost.
const SATURATED: u32 = u32::MAX;

/// Whether reports name `file`'s places as spreadsheet rows: a CSV event log.
fn is_csv(file: &str) -> bool {
    Container::from_path(Path::new(file)) == Some(Container::Csv)
}

impl TextPlaces {
    /// The places of every position in `run` (findings, errors and warnings) in a CSV file. A run
    /// without CSV input costs nothing: its findings are not read twice.
    pub fn of(run: &CheckRun) -> TextPlaces {
        let csv: Vec<&(Arc<str>, Option<String>)> = run
            .input_hashes
            .iter()
            .filter(|(name, _)| is_csv(name))
            .collect();
        if csv.is_empty() {
            return TextPlaces::default();
        }
        let mut wanted: HashMap<Arc<str>, Vec<u32>> = csv
            .iter()
            .map(|(name, _)| (name.clone(), Vec::new()))
            .collect();
        let mut want = |file: &str, pos: Pos| {
            if let (Some(p), Some(offsets)) = (pos.known(), wanted.get_mut(file)) {
                offsets.push(p.offset);
            }
        };
        for d in run.errors().chain(run.warnings()) {
            want(&d.file, d.pos);
        }
        for f in run.findings.iter() {
            want(&f.file, f.pos);
        }
        // Kept for JUnit only; empty otherwise.
        for v in &run.verdicts {
            want(&v.file, v.pos);
        }
        let mut files = HashMap::new();
        for (name, sha256) in csv {
            let Some(mut offsets) = wanted.remove(name) else {
                continue; // a file given twice: placed once
            };
            offsets.sort_unstable();
            offsets.dedup();
            let lines = sha256
                .as_deref()
                .and_then(|sha| read_places(&crate::dossier::path_of_shown(name), sha, &offsets))
                .unwrap_or_else(|| vec![0; offsets.len()]);
            files.insert(name.clone(), Places { offsets, lines });
        }
        TextPlaces { files }
    }

    /// `pos` in `file` as a text place: unchanged outside CSV files; in a CSV file the line
    /// where the cell's row starts, without a character (the reader keeps the row's offset, see
    /// [`crate::dossier::csv_events`]), or no position (line 0) where that line is unknown.
    pub fn text_pos(&self, file: &str, pos: Pos) -> Pos {
        let Some(p) = pos.known() else { return pos };
        if !is_csv(file) {
            return p;
        }
        // An offset the reader did not know (a read error, a failed sort): only the first row
        // can start at 0.
        if p.offset == 0 && p.line > 1 {
            return Pos::default();
        }
        let line = self.files.get(file).map_or(0, |places| {
            places
                .offsets
                .binary_search(&p.offset)
                .map_or(0, |i| places.lines[i])
        });
        Pos::new(line, 0, p.offset)
    }
}

/// Reads `path` once, and gives the text line of each of `offsets` (sorted), or `None` when
/// the file is not the one read (`sha256`, in hex) or cannot be read.
fn read_places(path: &Path, sha256: &str, offsets: &[u32]) -> Option<Vec<u32>> {
    // Only a regular file can be read again: opening a named pipe would wait for a writer that
    // never comes, and a device gives other bytes.
    if !std::fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut file = std::fs::File::open(path).ok()?;
    let mut hasher = Sha256::new();
    let mut walk = Walk::new(offsets);
    let mut buf = vec![0u8; 1 << 18];
    loop {
        match file.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                walk.feed(&buf[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    (super::hex(&hasher.finalize()) == sha256).then(|| walk.finish())
}

/// Counts lines through a file fed chunk by chunk, noting the line of each target offset: the
/// line of the first byte at or after it that is no line break. The CSV reader's offset of a row
/// can lie on the line ends before it (the `\n` of a `\r\n`, empty lines the parser skipped);
/// its row starts at the next text. Lines end at LF, CR LF or a lone CR, as SARIF counts them.
struct Walk<'t> {
    targets: &'t [u32],
    next: usize,
    lines: Vec<u32>,
    /// The byte offset of the chunk being fed.
    base: u64,
    line: u32,
    /// The last byte was a CR: an LF right after it ends no second line.
    cr: bool,
}

impl<'t> Walk<'t> {
    fn new(targets: &'t [u32]) -> Self {
        Walk {
            targets,
            next: 0,
            lines: Vec::with_capacity(targets.len()),
            base: 0,
            line: 1,
            cr: false,
        }
    }

    /// Places the targets before file offset `end` on the current line, which has text there.
    fn place_before(&mut self, end: u64) {
        while let Some(&t) = self.targets.get(self.next) {
            if u64::from(t) >= end || t == SATURATED {
                break;
            }
            self.lines.push(self.line);
            self.next += 1;
        }
    }

    /// Walks the next chunk of the file.
    fn feed(&mut self, chunk: &[u8]) {
        let mut i = 0;
        while i < chunk.len() {
            let j = memchr::memchr2(b'\r', b'\n', &chunk[i..]).map_or(chunk.len(), |k| i + k);
            if j > i {
                self.place_before(self.base + j as u64);
                self.cr = false;
            }
            let Some(&b) = chunk.get(j) else { break };
            if b == b'\n' && self.cr {
                self.cr = false; // the LF of a CR LF
            } else {
                self.line = self.line.saturating_add(1);
                self.cr = b == b'\r';
            }
            i = j + 1;
        }
        self.base += chunk.len() as u64;
    }

    /// The lines of all targets: one on the line ends at the end of the file on the last line;
    /// one past the end, or saturated, unknown (0).
    fn finish(mut self) -> Vec<u32> {
        while let Some(&t) = self.targets.get(self.next) {
            let known = u64::from(t) <= self.base && t != SATURATED;
            self.lines.push(if known { self.line } else { 0 });
            self.next += 1;
        }
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of `targets` in `text`, fed in chunks of `size` bytes.
    fn walk(text: &[u8], targets: &[u32], size: usize) -> Vec<u32> {
        let mut w = Walk::new(targets);
        for chunk in text.chunks(size) {
            w.feed(chunk);
        }
        w.finish()
    }

    /// The line of every offset by the obvious reading, for comparison.
    fn naive(text: &[u8], targets: &[u32]) -> Vec<u32> {
        targets
            .iter()
            .map(|&t| {
                let t = t as usize;
                if t > text.len() || t == SATURATED as usize {
                    return 0;
                }
                // The first byte at or after `t` that is no line break (else the end).
                let at = (t..text.len())
                    .find(|&i| !matches!(text[i], b'\r' | b'\n'))
                    .unwrap_or(text.len());
                let before = String::from_utf8_lossy(&text[..at]);
                // CR LF counts as one line break, a lone CR or LF as one.
                let norm = before.replace("\r\n", "\n").replace('\r', "\n");
                norm.matches('\n').count() as u32 + 1
            })
            .collect()
    }

    #[test]
    fn rows_are_placed_on_the_line_where_their_text_starts() {
        let text =
            "\u{feff}sep=;\r\ndossier;tekst\r\nA;\"een\r\ntwee\"\r\n\r\nB;x\rC;x\nD;y".as_bytes();
        let find = |s: &str| {
            text.windows(s.len())
                .position(|w| w == s.as_bytes())
                .unwrap() as u32
        };
        // The header; row A at its own first byte and at the LF before it (where the csv
        // parser's position of a row after a CR LF lies); row B after an empty line; C; D.
        let targets = [
            0,
            find("dossier"),
            find("A;") - 1,
            find("A;"),
            find("B;") - 3,
            find("C;"),
            find("D;"),
        ];
        let expected = vec![1, 2, 3, 3, 6, 7, 8];
        assert_eq!(naive(text, &targets), expected);
        for size in [1, 2, 3, 5, 7, 64] {
            assert_eq!(walk(text, &targets, size), expected, "chunks of {size}");
        }
    }

    #[test]
    fn a_file_changed_since_the_check_gives_no_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        std::fs::write(&path, "kop\r\nA\r\nB\r\n").unwrap();
        let sha = super::super::sha256_hex(b"kop\r\nA\r\nB\r\n");
        assert_eq!(read_places(&path, &sha, &[5, 8]), Some(vec![2, 3]));
        std::fs::write(&path, "kop\r\nX\r\nA\r\nB\r\n").unwrap();
        assert_eq!(read_places(&path, &sha, &[5, 8]), None);
        assert_eq!(read_places(&dir.path().join("weg.csv"), &sha, &[5]), None);
        // A named pipe is not opened (that would wait for a writer).
        #[cfg(unix)]
        {
            let fifo = dir.path().join("pijp.csv");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status();
            if made.is_ok_and(|s| s.success()) {
                assert_eq!(read_places(&fifo, &sha, &[5]), None);
            }
        }
    }

    #[test]
    fn targets_past_the_end_or_saturated_are_unknown() {
        let text = b"a;b\nc;d\n";
        let targets = [2, 4, 8, 100, SATURATED];
        assert_eq!(walk(text, &targets, 3), vec![1, 2, 3, 0, 0]);
    }

    proptest::proptest! {
        /// Any split into chunks gives the lines of the obvious reading.
        #[test]
        fn chunked_walk_matches_the_obvious_reading(
            parts in proptest::collection::vec(
                proptest::sample::select(vec!["a", ";", "\r", "\n", "\r\n", "é", "\"", "\u{feff}"]),
                0..40,
            ),
            size in 1usize..9,
            picks in proptest::collection::vec(0usize..200, 0..10),
        ) {
            let text: String = parts.concat();
            let bytes = text.as_bytes();
            let mut targets: Vec<u32> = picks.iter().map(|&p| p.min(bytes.len() + 2) as u32).collect();
            targets.sort_unstable();
            targets.dedup();
            proptest::prop_assert_eq!(walk(bytes, &targets, size), naive(bytes, &targets));
        }
    }
}
