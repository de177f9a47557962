//! The input errors and warnings of a run, in reading order, in bounded memory.
//!
//! Every unreadable dossier leaves one error, kept until the report lists it. An export whose
//! every dossier is invalid — an exporter that writes `formaat: vtdossier/2`, say — has as many
//! errors as dossiers: about 250 bytes each in memory, over a gigabyte for five million.
//! [`DiagLog`] keeps up to a budget in memory and appends a full buffer, encoded, to an anonymous
//! temporary file ([`SpillFile`], as the findings do). Reading yields the spilled diagnostics,
//! then those in memory, so the order is always the order in which they were pushed. When the
//! temporary file cannot be written, the diagnostics stay in memory: a larger run, nothing lost.

use std::borrow::Cow;
use std::io::Write;
use std::sync::Arc;

use crate::diag::{Diag, Level};
use crate::dossier::Pos;
use crate::spill::{Cursor, RunBytes, SpillFile, put_opt_str, put_pos, put_record, put_str};

/// Default memory for diagnostics before they go to the temporary file.
pub const DEFAULT_BUDGET: usize = 16 * 1024 * 1024;

/// A rewrite applied to every diagnostic as it is read (pseudonymisation).
pub type Transform = Box<dyn Fn(&mut Diag) + Send + Sync>;

/// Diagnostics in the order they were pushed; see the module documentation.
pub struct DiagLog {
    /// The newest diagnostics (all of them until the first spill).
    mem: Vec<Diag>,
    mem_bytes: usize,
    budget: usize,
    /// Older diagnostics, one run per spilled buffer, oldest first.
    spill: SpillFile,
    len: u64,
    errors: u64,
    /// The temporary file failed once: everything stays in memory from then on.
    spill_failed: bool,
    transform: Option<Transform>,
}

impl Default for DiagLog {
    fn default() -> Self {
        DiagLog::with_budget(DEFAULT_BUDGET)
    }
}

impl std::fmt::Debug for DiagLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<Vec<Diag>> for DiagLog {
    fn from(diags: Vec<Diag>) -> Self {
        let mut log = DiagLog::default();
        log.extend(diags);
        log
    }
}

impl Extend<Diag> for DiagLog {
    fn extend<I: IntoIterator<Item = Diag>>(&mut self, iter: I) {
        for d in iter {
            self.push(d);
        }
    }
}

impl DiagLog {
    /// A log that keeps about `budget` bytes of diagnostics in memory.
    pub fn with_budget(budget: usize) -> DiagLog {
        DiagLog {
            mem: Vec::new(),
            mem_bytes: 0,
            budget,
            spill: SpillFile::default(),
            len: 0,
            errors: 0,
            spill_failed: false,
            transform: None,
        }
    }

    /// Adds `d` after every diagnostic pushed before; moves the buffer to the temporary file
    /// when it exceeds the budget.
    pub fn push(&mut self, d: Diag) {
        self.len += 1;
        self.errors += u64::from(d.is_error());
        self.mem_bytes += approx_size(&d);
        self.mem.push(d);
        if self.mem_bytes > self.budget && !self.spill_failed {
            self.spill_buffer();
        }
    }

    /// How many diagnostics were pushed.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether nothing was pushed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many of them are errors.
    pub fn error_count(&self) -> u64 {
        self.errors
    }

    /// Whether some went to the temporary file (tests).
    pub fn spilled(&self) -> bool {
        !self.spill.is_empty()
    }

    /// Rewrites every diagnostic as it is read, after any earlier rewrite.
    pub fn add_transform(&mut self, t: Transform) {
        self.transform = Some(match self.transform.take() {
            Some(first) => Box::new(move |d| {
                first(d);
                t(d)
            }),
            None => t,
        });
    }

    /// Every diagnostic in the order pushed. A temporary file that cannot be read back ends the
    /// sequence with an error saying how many are missing, instead of losing them silently.
    pub fn iter(&self) -> impl Iterator<Item = Cow<'_, Diag>> + '_ {
        let transform = self.transform.as_deref();
        let mut runs = self.spill.runs();
        let mut current: Option<RunBytes<'_>> = None;
        let mut last_file: Option<Arc<str>> = None;
        let mut read: u64 = 0;
        let mut broken = false;
        let spilled = self.len - self.mem.len() as u64;
        let disk = std::iter::from_fn(move || {
            while !broken {
                if current.is_none() {
                    current = Some(runs.next()?);
                }
                let run = current.as_mut().expect("set above");
                match run.record(|rec| decode(rec, &mut last_file)) {
                    Ok(Some(d)) => {
                        read += 1;
                        return Some(d);
                    }
                    Ok(None) => current = None,
                    Err(e) => {
                        broken = true;
                        return Some(Diag::error(
                            &crate::diag::TOOL.into(),
                            Pos::default(),
                            format!(
                                "{} van de invoerfouten en waarschuwingen konden niet worden \
                                 teruggelezen uit het tijdelijke bestand: {}",
                                spilled - read,
                                crate::diag::io_nl(&e)
                            ),
                        ));
                    }
                }
            }
            None
        });
        disk.map(Cow::Owned)
            .chain(self.mem.iter().map(Cow::Borrowed))
            .map(move |d| match transform {
                Some(t) => {
                    let mut d = d.into_owned();
                    t(&mut d);
                    Cow::Owned(d)
                }
                None => d,
            })
    }

    /// The errors, in the order pushed (a pass over the whole log);
    /// `errors().chain(warnings())` gives errors first, then warnings, in two passes.
    pub fn errors(&self) -> impl Iterator<Item = Cow<'_, Diag>> + '_ {
        self.iter().filter(|d| d.is_error())
    }

    /// The warnings, in the order pushed (a pass over the whole log). A note that spilled
    /// diagnostics could not be read back is an error, so it comes with [`DiagLog::errors`].
    pub fn warnings(&self) -> impl Iterator<Item = Cow<'_, Diag>> + '_ {
        self.iter().filter(|d| !d.is_error())
    }

    fn spill_buffer(&mut self) {
        let mem = &self.mem;
        let written = self.spill.append(|w| {
            let mut buf = Vec::with_capacity(256);
            for d in mem {
                buf.clear();
                encode(d, &mut buf);
                w.write_all(&buf)?;
            }
            Ok(())
        });
        match written {
            Ok(()) => {
                self.mem.clear();
                self.mem_bytes = 0;
            }
            // Kept in memory; later pushes stay there too (a full disk stays full).
            Err(_) => self.spill_failed = true,
        }
    }

    #[cfg(test)]
    fn failing_after(budget: usize, n: usize) -> DiagLog {
        DiagLog {
            spill: SpillFile::failing_after(n),
            ..DiagLog::with_budget(budget)
        }
    }
}

/// Bytes a diagnostic holds in memory, roughly: the struct and its strings.
fn approx_size(d: &Diag) -> usize {
    std::mem::size_of::<Diag>()
        + d.message.capacity()
        + d.help.as_ref().map_or(0, String::capacity)
        + d.dossier.as_ref().map_or(0, |(id, _)| id.capacity())
}

// Record: u32 length, then level (u8), file, line, column, offset (u32 each), message, help,
// dossier.

fn encode(d: &Diag, out: &mut Vec<u8>) {
    put_record(out, |out| {
        out.push(u8::from(d.is_error()));
        put_str(out, &d.file);
        put_pos(out, d.pos);
        put_str(out, &d.message);
        put_opt_str(out, d.help.as_deref());
        put_opt_str(out, d.dossier.as_ref().map(|(id, _)| id.as_str()));
        out.extend_from_slice(&d.dossier.as_ref().map_or(0, |(_, at)| *at).to_le_bytes());
    });
}

fn decode(rec: &[u8], last_file: &mut Option<Arc<str>>) -> Option<Diag> {
    let mut c = Cursor(rec);
    let level = match c.u8()? {
        1 => Level::Error,
        0 => Level::Warning,
        _ => return None,
    };
    let file = c.shared(last_file)?;
    let pos = c.pos()?;
    let message = c.str()?.to_string();
    let help = c.opt_str()?.map(str::to_string);
    let id = c.opt_str()?.map(str::to_string);
    let at = c.u32()?;
    let dossier = id.map(|id| (id, at));
    Some(Diag {
        level,
        file,
        pos,
        message,
        help,
        dossier,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(i: u32) -> Diag {
        let files: [Arc<str>; 2] = ["a.jsonl".into(), "b.yaml".into()];
        let d = if i.is_multiple_of(3) {
            Diag::warning(
                &files[(i % 2) as usize],
                Pos::new(i, 2, i * 10),
                "onbekende sleutel",
            )
        } else {
            Diag::error(
                &files[(i % 2) as usize],
                Pos::new(i, 1, 0),
                format!("verplicht veld `regio` ontbreekt ({i})"),
            )
        };
        match i % 5 {
            0 => d.with_help(Some("schrijf JJJJ-MM-DD".into())),
            1 => Diag::warning(&files[0], Pos::new(i, 1, 0), format!("MB-1 ({i})"))
                .with_dossier("MB-1", 0),
            _ => d,
        }
    }

    #[test]
    fn spilled_diagnostics_come_back_in_the_order_pushed() {
        let all: Vec<Diag> = (0..500).map(sample).collect();
        let mut log = DiagLog::with_budget(4096);
        log.extend(all.clone());
        assert!(log.spilled(), "a small budget spills");
        assert_eq!(log.len(), 500);
        assert_eq!(
            log.error_count(),
            all.iter().filter(|d| d.is_error()).count() as u64
        );
        let back: Vec<Diag> = log.iter().map(Cow::into_owned).collect();
        assert_eq!(back, all);
        let errors: Vec<Diag> = log.errors().map(Cow::into_owned).collect();
        let expected: Vec<Diag> = all.iter().filter(|d| d.is_error()).cloned().collect();
        assert_eq!(errors, expected);
        // Nothing spills with room to spare.
        let mut roomy = DiagLog::default();
        roomy.extend(all.clone());
        assert!(!roomy.spilled());
        assert_eq!(roomy.iter().map(Cow::into_owned).collect::<Vec<_>>(), all);
    }

    #[test]
    fn a_temporary_file_that_cannot_be_written_keeps_them_in_memory() {
        let all: Vec<Diag> = (0..300).map(sample).collect();
        let mut log = DiagLog::failing_after(2048, 1);
        log.extend(all.clone());
        assert_eq!(log.iter().map(Cow::into_owned).collect::<Vec<_>>(), all);
    }

    #[test]
    fn a_damaged_temporary_file_says_how_many_are_missing() {
        let mut log = DiagLog::with_budget(2048);
        log.extend((0..300).map(sample));
        assert!(log.spilled());
        log.spill.truncate_by(10);
        let back: Vec<Diag> = log.iter().map(Cow::into_owned).collect();
        let last_spilled = back
            .iter()
            .position(|d| d.file.as_ref() == "vtcheck")
            .expect("an error about the temporary file");
        assert!(
            back[last_spilled]
                .message
                .contains("konden niet worden teruggelezen")
        );
        assert!(back[last_spilled].is_error());
        let missing: u64 = back[last_spilled]
            .message
            .split(' ')
            .next()
            .and_then(|n| n.parse().ok())
            .expect("a count");
        assert_eq!(
            missing as usize + back.len() - 1,
            300,
            "every one accounted for"
        );
    }

    #[test]
    fn transforms_apply_in_order_on_reading() {
        let mut log = DiagLog::with_budget(1024);
        log.extend((0..100).map(sample));
        log.add_transform(Box::new(|d| d.message.push('!')));
        log.add_transform(Box::new(|d| d.message.push('?')));
        assert!(log.iter().all(|d| d.message.ends_with("!?")));
    }
}
