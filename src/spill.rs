//! Sorted runs in an anonymous temporary file, read back with positioned reads: shared by the
//! findings' external sort and the duplicate-id check, so both keep memory flat on any export.

use std::fs::File;
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::sync::Arc;

/// An anonymous temporary file in the system temporary directory (`tempfile::tempfile`: no name,
/// gone with the process), mode 0600. `O_TMPFILE` creates it with the mode of any new file
/// (`0666` less the umask); nobody else can open a file without a name, but what it holds (ids,
/// messages) is no one else's, and SECURITY.md says 0600.
pub(crate) fn anonymous() -> io::Result<File> {
    let file = tempfile::tempfile()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(file)
}

/// An anonymous temporary file ([`anonymous`]) holding sorted runs one after another. Created on
/// the first run.
#[derive(Default)]
pub(crate) struct SpillFile {
    file: Option<File>,
    /// Each run as (byte offset, byte length).
    runs: Vec<(u64, u64)>,
    end: u64,
    /// Tests: appends that succeed before every further one fails (a full or missing disk).
    #[cfg(test)]
    fail_after: Option<usize>,
}

impl SpillFile {
    /// Appends one run, written by `write` through a buffer. On an error no run is recorded:
    /// what the caller still holds is its to keep or to report.
    pub fn append(
        &mut self,
        write: impl FnOnce(&mut BufWriter<&mut File>) -> io::Result<()>,
    ) -> io::Result<()> {
        #[cfg(test)]
        if let Some(n) = &mut self.fail_after {
            if *n == 0 {
                return Err(io::Error::other("test: geen ruimte"));
            }
            *n -= 1;
        }
        if self.file.is_none() {
            self.file = Some(anonymous()?);
        }
        let file = self.file.as_mut().expect("just created");
        // A failed earlier append may have left bytes past `end`: they are overwritten.
        file.seek(SeekFrom::Start(self.end))?;
        let mut w = BufWriter::with_capacity(1 << 20, &mut *file);
        write(&mut w)?;
        w.flush()?;
        drop(w);
        let end = file.stream_position()?;
        self.runs.push((self.end, end - self.end));
        self.end = end;
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// A spill file whose appends fail after the first `n`.
    #[cfg(test)]
    pub fn failing_after(n: usize) -> SpillFile {
        SpillFile {
            fail_after: Some(n),
            ..SpillFile::default()
        }
    }

    /// Tests: cuts `bytes` off the end of the file, as a disk that loses data would.
    #[cfg(test)]
    pub fn truncate_by(&self, bytes: u64) {
        if let Some(f) = &self.file {
            f.set_len(self.end.saturating_sub(bytes))
                .expect("test file");
        }
    }

    pub fn run_count(&self) -> usize {
        self.runs.len()
    }

    /// A reader for every run, in the order they were written.
    pub fn runs(&self) -> impl Iterator<Item = RunBytes<'_>> + '_ {
        self.file.iter().flat_map(move |f| {
            self.runs
                .iter()
                .map(move |&(off, len)| RunBytes::new(f, off, len))
        })
    }
}

/// Buffered reader of one byte range of a spill file. Positioned reads leave the file's own
/// offset alone, so any number of runs can be read side by side during a merge.
pub(crate) struct RunBytes<'a> {
    file: &'a File,
    next_off: u64,
    end: u64,
    buf: Vec<u8>,
    at: usize,
}

impl<'a> RunBytes<'a> {
    pub fn new(file: &'a File, off: u64, len: u64) -> RunBytes<'a> {
        RunBytes {
            file,
            next_off: off,
            end: off + len,
            buf: Vec::new(),
            at: 0,
        }
    }

    /// Makes sure `n` bytes are buffered; `false` at the end of the run.
    pub fn fill(&mut self, n: usize) -> io::Result<bool> {
        if self.buf.len() - self.at >= n {
            return Ok(true);
        }
        self.buf.drain(..self.at);
        self.at = 0;
        let want = n.max(256 * 1024);
        while self.buf.len() < n && self.next_off < self.end {
            let take = (want - self.buf.len()).min((self.end - self.next_off) as usize);
            let old = self.buf.len();
            self.buf.resize(old + take, 0);
            let got = read_at(self.file, &mut self.buf[old..], self.next_off)?;
            self.buf.truncate(old + got);
            if got == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "tijdelijk bestand ingekort",
                ));
            }
            self.next_off += got as u64;
        }
        Ok(self.buf.len() >= n)
    }

    /// The next `n` bytes, which `fill(n)` made available.
    pub fn peek(&self, n: usize) -> &[u8] {
        &self.buf[self.at..self.at + n]
    }

    pub fn consume(&mut self, n: usize) {
        self.at += n;
    }

    /// Reads the next record of the run (u32 length, then its bytes) through `decode`: `None`
    /// at the end of the run; an error when the file ends inside a record or `decode` rejects
    /// it.
    pub fn record<T>(&mut self, decode: impl FnOnce(&[u8]) -> Option<T>) -> io::Result<Option<T>> {
        if !self.fill(4)? {
            return Ok(None);
        }
        let len = u32::from_le_bytes(self.peek(4).try_into().expect("4 bytes")) as usize;
        if !self.fill(4 + len)? {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "tijdelijk bestand ingekort",
            ));
        }
        let value = decode(&self.peek(4 + len)[4..]).ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, "tijdelijk bestand beschadigd")
        })?;
        self.consume(4 + len);
        Ok(Some(value))
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], off: u64) -> io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, off)
}

#[cfg(windows)]
fn read_at(file: &File, buf: &mut [u8], off: u64) -> io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, off)
}

// Record fields: strings are u32 length + UTF-8; optional values have a presence byte.

/// Appends one record: a u32 length, then what `body` writes (read back by [`RunBytes::record`]).
pub(crate) fn put_record(out: &mut Vec<u8>, body: impl FnOnce(&mut Vec<u8>)) {
    let start = out.len();
    out.extend_from_slice(&[0; 4]);
    body(out);
    let len = (out.len() - start - 4) as u32;
    out[start..start + 4].copy_from_slice(&len.to_le_bytes());
}

/// Writes a position as line, column and byte offset (u32 each).
pub(crate) fn put_pos(out: &mut Vec<u8>, pos: crate::dossier::Pos) {
    for v in [pos.line, pos.col, pos.offset] {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Writes a string as u32 length + UTF-8.
pub(crate) fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

/// Writes an optional string: a presence byte, then the string.
pub(crate) fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => {
            out.push(1);
            put_str(out, s);
        }
        None => out.push(0),
    }
}

/// Reads the fields of one record written with [`put_str`] and friends; `None` when the
/// record is cut short or not UTF-8 (a damaged temporary file).
pub(crate) struct Cursor<'a>(pub &'a [u8]);

impl<'a> Cursor<'a> {
    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (a, b) = (self.0.get(..n)?, self.0.get(n..)?);
        self.0 = b;
        Some(a)
    }
    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    pub fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
    pub fn pos(&mut self) -> Option<crate::dossier::Pos> {
        Some(crate::dossier::Pos::new(
            self.u32()?,
            self.u32()?,
            self.u32()?,
        ))
    }
    pub fn opt_str(&mut self) -> Option<Option<&'a str>> {
        match self.u8()? {
            0 => Some(None),
            _ => Some(Some(self.str()?)),
        }
    }
    /// A name shared with the previous record when equal (file and region repeat).
    pub fn shared(&mut self, slot: &mut Option<Arc<str>>) -> Option<Arc<str>> {
        let s = self.str()?;
        match slot {
            Some(a) if &**a == s => Some(a.clone()),
            _ => {
                let a: Arc<str> = s.into();
                *slot = Some(a.clone());
                Some(a)
            }
        }
    }
}

#[cfg(all(test, unix))]
mod tests {
    /// Whatever the umask, the temporary file is its owner's alone.
    #[test]
    fn the_temporary_file_is_mode_0600() {
        use std::os::unix::fs::PermissionsExt;
        let f = super::anonymous().unwrap();
        assert_eq!(f.metadata().unwrap().permissions().mode() & 0o777, 0o600);
    }
}
