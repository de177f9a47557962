//! Duplicate dossier ids across a whole run, in a fixed 24 bytes per dossier.
//!
//! A hash map of every id with its location costs ~100 bytes per dossier (500 MB for five
//! million). Instead each dossier leaves one fixed-size record: a 96-bit hash of its id (two
//! independent hashes, so distinct ids collide with probability ~n²/2⁹⁷, about 10⁻¹⁶ for five
//! million dossiers) and its location. Records go into fixed-size chunks (no doubling of one
//! huge vector); at the end every chunk is sorted and the chunks are merged, and equal hashes
//! are the duplicates, each reported at its later occurrence naming the first.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use crate::dossier::Pos;

/// Records per chunk: 24 MB.
const CHUNK: usize = 1 << 20;

/// One dossier: id hash (96 bits), then its location in input order.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Record {
    hash: u64,
    check: u32,
    /// Index of the file in reading order.
    file: u32,
    line: u32,
    col: u32,
}

/// Collects ids and finds the duplicates at the end.
#[derive(Default)]
pub struct Dupes {
    chunks: Vec<Vec<Record>>,
    /// File names by index (files are numbered as they are first seen).
    files: Vec<Arc<str>>,
}

/// A duplicate: where it occurs again, and where it first occurred.
pub struct Duplicate {
    pub file: Arc<str>,
    pub pos: Pos,
    pub first_file: Arc<str>,
    pub first_pos: Pos,
}

impl Dupes {
    pub fn add(&mut self, id: &str, file: &Arc<str>, pos: Pos) {
        if !self
            .files
            .last()
            .is_some_and(|f| Arc::ptr_eq(f, file) || **f == **file)
        {
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
            file: (self.files.len() - 1) as u32,
            line: pos.line,
            col: pos.col,
        };
        match self.chunks.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(rec),
            _ => {
                let mut c = Vec::with_capacity(CHUNK.min(1024));
                c.push(rec);
                self.chunks.push(c);
            }
        }
    }

    /// Every later occurrence of an id seen before, in input order.
    ///
    /// Byte offsets are not kept per record (they would cost 4 more bytes per dossier); the
    /// positions returned carry line and column, which is what messages show.
    pub fn finish(mut self) -> Vec<Duplicate> {
        for c in &mut self.chunks {
            c.sort_unstable();
        }
        let mut heads: Vec<usize> = vec![0; self.chunks.len()];
        let mut out: Vec<(Record, Record)> = Vec::new();
        let mut prev: Option<Record> = None;
        let mut first: Option<Record> = None;
        loop {
            // The smallest head across chunks (few chunks: a linear scan is enough).
            let mut best: Option<(usize, Record)> = None;
            for (i, c) in self.chunks.iter().enumerate() {
                if let Some(r) = c.get(heads[i])
                    && best.is_none_or(|(_, b)| *r < b)
                {
                    best = Some((i, *r));
                }
            }
            let Some((i, r)) = best else { break };
            heads[i] += 1;
            match prev {
                Some(p) if p.hash == r.hash && p.check == r.check => {
                    if let Some(f) = first {
                        out.push((r, f));
                    }
                }
                _ => first = Some(r),
            }
            prev = Some(r);
        }
        out.sort_unstable_by_key(|(r, _)| (r.file, r.line, r.col));
        let pos = |r: &Record| Pos::new(r.line, r.col, 0);
        out.into_iter()
            .map(|(r, f)| Duplicate {
                file: self.files[r.file as usize].clone(),
                pos: pos(&r),
                first_file: self.files[f.file as usize].clone(),
                first_pos: pos(&f),
            })
            .collect()
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
            d.add(&format!("D-{i}"), &a, Pos::new(i + 1, 1, 0));
        }
        d.add("D-5", &b, Pos::new(1, 1, 0));
        d.add("D-5", &b, Pos::new(2, 1, 0));
        d.add(&format!("D-{}", CHUNK + 3), &b, Pos::new(3, 1, 0));
        let found = d.finish();
        let shown: Vec<(String, u32, String, u32)> = found
            .iter()
            .map(|x| {
                (
                    x.file.to_string(),
                    x.pos.line,
                    x.first_file.to_string(),
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

    #[test]
    fn distinct_ids_are_not_duplicates() {
        let a: Arc<str> = "a".into();
        let mut d = Dupes::default();
        for i in 0..50_000 {
            d.add(&format!("GEN-AA-{i:06}"), &a, Pos::new(i + 1, 1, 0));
        }
        assert!(d.finish().is_empty());
    }
}
