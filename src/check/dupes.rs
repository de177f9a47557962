//! Duplicate dossier ids across a whole run, in bounded memory.
//!
//! A hash map of every id with its location costs ~100 bytes per dossier (500 MB for five
//! million). Instead each dossier leaves one fixed-size 28-byte record: a 96-bit hash of its id
//! (two independent hashes, so distinct ids collide with probability ~n²/2⁹⁷, about 10⁻¹⁶ for
//! five million dossiers) and its location. Records fill one chunk of a million (28 MB); a full
//! chunk is sorted and written as a run to an anonymous temporary file (deleted by the OS, even
//! on a crash), so memory stays the same however large the export. At the end the runs and the
//! last chunk are merged: equal hashes are the duplicates, each reported at its later occurrence
//! naming the first. If the temporary file cannot be written, chunks stay in memory: a slower
//! or larger run, never a lost duplicate.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::sync::Arc;

use crate::dossier::Pos;
use crate::spill::{RunBytes, SpillFile};

/// Records per chunk: 28 MB.
const CHUNK: usize = 1 << 20;

/// Bytes of one record on disk.
const RECORD: usize = 28;

/// Set in a record's column, which is stored shifted left by one, when the dossier was not
/// checked (it was invalid): columns never come near 2³¹, so the flag costs no bytes, and in
/// the lowest bit it leaves the order of records as it was, also for two dossiers on one line
/// (a JSON array written on one line).
const UNCHECKED: u32 = 1;

/// One dossier: id hash (96 bits), then its location in input order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Record {
    hash: u64,
    check: u32,
    /// Index of the file in reading order.
    file: u32,
    line: u32,
    /// The column shifted left by one, with [`UNCHECKED`] set for a dossier that was not
    /// checked.
    col: u32,
    /// The byte offset: reports that name text lines place a CSV row by it.
    offset: u32,
}

impl Record {
    fn encode(&self) -> [u8; RECORD] {
        let mut b = [0u8; RECORD];
        b[..8].copy_from_slice(&self.hash.to_le_bytes());
        b[8..12].copy_from_slice(&self.check.to_le_bytes());
        b[12..16].copy_from_slice(&self.file.to_le_bytes());
        b[16..20].copy_from_slice(&self.line.to_le_bytes());
        b[20..24].copy_from_slice(&self.col.to_le_bytes());
        b[24..28].copy_from_slice(&self.offset.to_le_bytes());
        b
    }

    fn decode(b: &[u8; RECORD]) -> Record {
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        let mut h = [0u8; 8];
        h.copy_from_slice(&b[..8]);
        Record {
            hash: u64::from_le_bytes(h),
            check: u32_at(8),
            file: u32_at(12),
            line: u32_at(16),
            col: u32_at(20),
            offset: u32_at(24),
        }
    }
}

/// Collects ids and finds the duplicates at the end.
pub struct Dupes {
    /// Chunks in memory: the one being filled, plus any that could not be spilled.
    chunks: Vec<Vec<Record>>,
    spill: SpillFile,
    /// Chunk size (a parameter so tests can spill without millions of records).
    chunk: usize,
    /// File names by index (files are numbered as they are first seen).
    files: Vec<Arc<str>>,
}

impl Default for Dupes {
    fn default() -> Self {
        Dupes::with_chunk(CHUNK)
    }
}

/// A duplicate: where it occurs again, and where it first occurred (36 bytes: a doubled export
/// of millions has one per dossier; file names are in the table `Dupes::finish` returns).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duplicate {
    /// Where the id occurs again.
    pub pos: Pos,
    /// Where the id first occurred.
    pub first_pos: Pos,
    /// The files by number: dossiers are numbered by file as they arrive (a new number whenever
    /// the file differs from the previous dossier's), so two files with the same name stay
    /// apart.
    pub file_index: u32,
    /// The number of the file of the first occurrence (see `file_index`).
    pub first_file_index: u32,
    /// Whether each occurrence was checked: an invalid copy counts for repeated ids but is
    /// not checked, and the message must not say it was.
    pub checked: bool,
    /// Whether the first occurrence was checked (see `checked`).
    pub first_checked: bool,
}

/// Yields a run's records in order.
enum Source<'a> {
    Memory(std::slice::Iter<'a, Record>),
    Disk(RunBytes<'a>),
}

impl Source<'_> {
    /// The next record; a read error of the temporary file ends the run early (the merge then
    /// misses duplicates in the unread rest, so the error is handed back to the caller).
    fn next(&mut self) -> std::io::Result<Option<Record>> {
        match self {
            Source::Memory(it) => Ok(it.next().copied()),
            Source::Disk(r) => {
                if !r.fill(RECORD)? {
                    return Ok(None);
                }
                let mut b = [0u8; RECORD];
                b.copy_from_slice(r.peek(RECORD));
                r.consume(RECORD);
                Ok(Some(Record::decode(&b)))
            }
        }
    }
}

impl Dupes {
    fn with_chunk(chunk: usize) -> Dupes {
        Dupes {
            chunks: Vec::new(),
            spill: SpillFile::default(),
            chunk,
            files: Vec::new(),
        }
    }

    /// One dossier: its id, file (numbered by the caller in reading order, from 0, one more
    /// for each new file), position, and whether it was checked (false: it was invalid).
    pub fn add(&mut self, id: &str, file: &Arc<str>, file_index: u32, pos: Pos, checked: bool) {
        if file_index as usize >= self.files.len() {
            self.files.push(file.clone());
        }
        let mut h = DefaultHasher::new();
        id.hash(&mut h);
        let hash = h.finish();
        let mut h2 = DefaultHasher::new();
        0xA5u8.hash(&mut h2);
        id.hash(&mut h2);
        let rec = Record {
            hash,
            check: h2.finish() as u32,
            file: file_index,
            line: pos.line,
            col: (pos.col.min(u32::MAX >> 1) << 1) | if checked { 0 } else { UNCHECKED },
            offset: pos.offset,
        };
        match self.chunks.last_mut() {
            Some(c) if c.len() < self.chunk => c.push(rec),
            _ => {
                if let Some(full) = self.chunks.pop() {
                    match self.write_run(full) {
                        Ok(reused) => self.chunks.push(reused),
                        Err(full) => {
                            self.chunks.push(full);
                            self.chunks.push(Vec::with_capacity(self.chunk.min(1024)));
                        }
                    }
                } else {
                    self.chunks.push(Vec::with_capacity(self.chunk.min(1024)));
                }
                if let Some(c) = self.chunks.last_mut() {
                    c.push(rec);
                }
            }
        }
    }

    /// Sorts a full chunk and appends it to the temporary file; gives the emptied vector back
    /// for reuse, or the chunk itself when it could not be written.
    fn write_run(&mut self, mut chunk: Vec<Record>) -> Result<Vec<Record>, Vec<Record>> {
        chunk.sort_unstable();
        let written = self.spill.append(|w| {
            for r in &chunk {
                w.write_all(&r.encode())?;
            }
            Ok(())
        });
        if written.is_err() {
            return Err(chunk);
        }
        chunk.clear();
        Ok(chunk)
    }

    /// Every later occurrence of an id seen before, sorted by where it occurs again (file in
    /// reading order, line, column), and the file names by number.
    ///
    /// The positions returned carry line, column and byte offset (4 bytes per dossier, for
    /// the text line of a CSV row in SARIF and GitHub annotations).
    pub fn finish(mut self) -> std::io::Result<(Vec<Duplicate>, Vec<Arc<str>>)> {
        // In parallel on the caller's rayon pool: at the end of a run, only the findings' last
        // sort runs beside it.
        for c in &mut self.chunks {
            rayon::slice::ParallelSliceMut::par_sort_unstable(c.as_mut_slice());
        }
        let mut sources: Vec<Source<'_>> = self
            .chunks
            .iter()
            .map(|c| Source::Memory(c.iter()))
            .collect();
        sources.extend(self.spill.runs().map(Source::Disk));
        let mut out: Vec<Duplicate> = Vec::new();
        let mut first: Option<Record> = None;
        // Records arrive in order: equal hashes are adjacent, the first of them comes first.
        let pos = |r: &Record| Pos::new(r.line, r.col >> 1, r.offset);
        let checked = |r: &Record| r.col & UNCHECKED == 0;
        let mut visit = |r: Record| match first {
            Some(f) if f.hash == r.hash && f.check == r.check => out.push(Duplicate {
                pos: pos(&r),
                first_pos: pos(&f),
                file_index: r.file,
                first_file_index: f.file,
                checked: checked(&r),
                first_checked: checked(&f),
            }),
            _ => first = Some(r),
        };
        if let [only] = sources.as_mut_slice() {
            // One run, as for every export of up to a million dossiers: nothing to merge.
            while let Some(r) = only.next()? {
                visit(r);
            }
        } else {
            // k-way merge: the smallest head of every source, in record order.
            let mut heap = BinaryHeap::with_capacity(sources.len());
            for (i, src) in sources.iter_mut().enumerate() {
                if let Some(r) = src.next()? {
                    heap.push(Reverse((r, i)));
                }
            }
            while let Some(Reverse((r, i))) = heap.pop() {
                if let Some(next) = sources[i].next()? {
                    heap.push(Reverse((next, i)));
                }
                visit(r);
            }
        }
        out.sort_unstable_by_key(|d| (d.file_index, d.pos.line, d.pos.col));
        Ok((out, std::mem::take(&mut self.files)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_later_occurrence_across_chunks_and_files() {
        let a: Arc<str> = "a.jsonl".into();
        let b: Arc<str> = "b.jsonl".into();
        let mut d = Dupes::default();
        for i in 0..(CHUNK as u32 + 10) {
            d.add(&format!("D-{i}"), &a, 0, Pos::new(i + 1, 1, 0), true);
        }
        d.add("D-5", &b, 1, Pos::new(1, 1, 0), true);
        d.add("D-5", &b, 1, Pos::new(2, 1, 0), true);
        d.add(&format!("D-{}", CHUNK + 3), &b, 1, Pos::new(3, 1, 0), true);
        let (found, files) = d.finish().unwrap();
        let shown: Vec<(String, u32, String, u32)> = found
            .iter()
            .map(|x| {
                (
                    files[x.file_index as usize].to_string(),
                    x.pos.line,
                    files[x.first_file_index as usize].to_string(),
                    x.first_pos.line,
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                ("b.jsonl".into(), 1, "a.jsonl".into(), 6),
                ("b.jsonl".into(), 2, "a.jsonl".into(), 6),
                ("b.jsonl".into(), 3, "a.jsonl".into(), CHUNK as u32 + 4),
            ]
        );
    }

    /// An invalid copy is a duplicate like any other, and says it was not checked.
    #[test]
    fn keeps_whether_each_copy_was_checked() {
        let a: Arc<str> = "a.yaml".into();
        let b: Arc<str> = "b.yaml".into();
        let mut d = Dupes::default();
        d.add("D-1", &a, 0, Pos::new(1, 1, 0), true);
        d.add("D-1", &b, 1, Pos::new(2, 3, 0), false);
        d.add("D-2", &a, 0, Pos::new(9, 1, 0), false);
        d.add("D-2", &b, 1, Pos::new(5, 1, 0), true);
        let (found, _) = d.finish().unwrap();
        let shown: Vec<(u32, u32, bool, bool)> = found
            .iter()
            .map(|x| (x.pos.line, x.pos.col, x.checked, x.first_checked))
            .collect();
        assert_eq!(shown, vec![(2, 3, false, true), (5, 1, true, false)]);
    }

    /// Two copies on one line (a JSON array written on one line): the one further left is the
    /// first, also when it was not checked and the later one was.
    #[test]
    fn on_one_line_the_copy_further_left_is_the_first() {
        let a: Arc<str> = "a.json".into();
        let mut d = Dupes::default();
        d.add("D-1", &a, 0, Pos::new(1, 5, 0), false);
        d.add("D-1", &a, 0, Pos::new(1, 50, 0), true);
        let (found, _) = d.finish().unwrap();
        let shown: Vec<(u32, u32, bool, bool)> = found
            .iter()
            .map(|x| (x.pos.col, x.first_pos.col, x.checked, x.first_checked))
            .collect();
        assert_eq!(shown, vec![(50, 5, true, false)]);
    }

    #[test]
    fn distinct_ids_are_not_duplicates() {
        let a: Arc<str> = "a".into();
        let mut d = Dupes::default();
        for i in 0..50_000 {
            d.add(
                &format!("GEN-AA-{i:06}"),
                &a,
                0,
                Pos::new(i + 1, 1, 0),
                true,
            );
        }
        assert!(d.finish().unwrap().0.is_empty());
    }

    /// Small chunks force runs into the temporary file; the merge finds the same duplicates as
    /// the in-memory path, first occurrences included, whichever run they landed in.
    #[test]
    fn spilled_runs_find_the_same_duplicates() {
        let a: Arc<str> = "a.jsonl".into();
        let run = |chunk: usize| {
            let mut d = Dupes::with_chunk(chunk);
            for i in 0..5000u32 {
                // Every 7th id repeats an earlier one.
                let id = if i % 7 == 6 { i / 3 } else { i };
                d.add(&format!("D-{id}"), &a, 0, Pos::new(i + 1, 1, 0), true);
            }
            let spilled = d.spill.run_count();
            let found: Vec<(u32, u32)> = d
                .finish()
                .unwrap()
                .0
                .iter()
                .map(|x| (x.pos.line, x.first_pos.line))
                .collect();
            (spilled, found)
        };
        let (none, in_memory) = run(CHUNK);
        let (runs, spilled) = run(300);
        assert_eq!(none, 0);
        assert!(runs >= 10, "{runs} runs");
        assert!(!in_memory.is_empty());
        assert_eq!(in_memory, spilled);
        // Each duplicate names an earlier line.
        assert!(in_memory.iter().all(|(l, first)| first < l));
    }
}
