//! The findings of a run, sorted for the reports, in bounded memory.
//!
//! A national export yields millions of findings; the reports list them sorted by dossier, rule
//! and item (the CLI contract), while dossiers arrive in file order. [`Findings`] is an external
//! sort: findings are buffered up to a memory budget, a full buffer is sorted and written to an
//! anonymous temporary file as a *run* (compact binary records), and reading merges the runs.
//! Small runs never touch the disk. The temporary file is created private (0600) in the system
//! temporary directory and unlinked at once, so it disappears with the process. Full buffers are
//! sorted and written by a background thread, one at a time, so the check never waits for the
//! disk (memory: at most one buffer more); the last buffer is merged from memory. When the
//! temporary file cannot be written, nothing is lost: the runs stay in memory (a larger run, as
//! with the duplicate-id index) and the first error is reported.
//!
//! The order is total (dossier, rule id, item, file, position, message), so merging gives the
//! same sequence as sorting everything in memory: reports are byte-identical however the
//! findings were buffered, and whatever the thread count.

use std::cmp::Ordering;
use std::io::{self, Write};
use std::sync::{Arc, mpsc};

use chrono::NaiveDate;

use crate::engine::{Finding, Phrase, natural_key};
use crate::rules::{RuleSet, Severity, Status};
use crate::spill::{Cursor, RunBytes, SpillFile, put_opt_str, put_pos, put_record, put_str};

/// Default memory for buffered findings before a run is written to disk.
pub const DEFAULT_BUDGET: usize = 48 * 1024 * 1024;

/// A finding with its dossier's natural sort key (shared by the dossier's findings).
#[derive(Clone)]
struct Keyed {
    key: Arc<[u8]>,
    f: Finding,
}

/// The last dossier id seen and its sort key: a dossier's findings are adjacent, both as they
/// arrive and in a sorted run, so each id's key is made once.
#[derive(Default)]
struct LastKey(Option<(Arc<str>, Arc<[u8]>)>);

impl LastKey {
    /// The shared id and its key; `make` gives the id as an `Arc` only when it is a new one.
    fn get(&mut self, id: &str, make: impl FnOnce() -> Arc<str>) -> (Arc<str>, Arc<[u8]>) {
        if let Some((d, k)) = &self.0
            && **d == *id
        {
            return (d.clone(), k.clone());
        }
        let (d, k): (Arc<str>, Arc<[u8]>) = (make(), natural_key(id).into());
        self.0 = Some((d.clone(), k.clone()));
        (d, k)
    }
}

/// Sorted findings; see the module documentation.
pub struct Findings {
    /// Rank of each rule (index in the rule set) by rule id, for sorting by id.
    rank: Arc<[u32]>,
    buffer: Vec<Keyed>,
    last: LastKey,
    buffer_bytes: usize,
    budget: usize,
    /// Sorted runs written to disk (moved to the spill thread while it writes one).
    spill: SpillFile,
    /// The background thread that sorts and writes full buffers; started at the first spill.
    spiller: Option<Spiller>,
    /// A run is being written: `spill` comes back with its result.
    in_flight: bool,
    /// Sorted runs that could not be written: merged from memory. After the first failure
    /// nothing more is spilled.
    kept: Vec<Vec<Keyed>>,
    /// Findings were lost (the spill thread stopped with a run and the file).
    lost: bool,
    /// The buffer of the last written run, emptied but with its capacity: the next buffer.
    /// A run is about as long as the one before, and a buffer that grows from nothing copies
    /// itself at every doubling.
    spare: Vec<Keyed>,
    len: u64,
    per_status: [u64; 7],
    /// Violations per severity (index: `Severity as usize`).
    violations: [u64; 3],
    sorted: bool,
    /// A read error of the temporary file met while iterating (it ends that iteration).
    read_error: std::sync::Mutex<Option<io::Error>>,
}

impl std::fmt::Debug for Findings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Findings")
            .field("len", &self.len)
            .field("runs", &self.spill.run_count())
            .finish()
    }
}

impl Findings {
    /// An empty collection for findings of `rules` (whose rule ids give the sort order), keeping
    /// about `budget` bytes in memory before a run goes to disk ([`DEFAULT_BUDGET`]; 0 counts
    /// as 1).
    pub fn new(rules: &RuleSet, budget: usize) -> Findings {
        Findings::with_rank(Self::ranks(rules), budget)
    }

    /// Each rule's rank by rule id (index: the rule's index in the set), the sort order of rules.
    fn ranks(rules: &RuleSet) -> Arc<[u32]> {
        let mut order: Vec<usize> = (0..rules.rules.len()).collect();
        order.sort_by(|a, b| rules.rules[*a].id.cmp(&rules.rules[*b].id));
        let mut rank = vec![0u32; order.len()];
        for (r, i) in order.iter().enumerate() {
            // Versions of one rule share an id and so a rank.
            rank[*i] = if r > 0 && rules.rules[order[r - 1]].id == rules.rules[*i].id {
                rank[order[r - 1]]
            } else {
                r as u32
            };
        }
        rank.into()
    }

    fn with_rank(rank: Arc<[u32]>, budget: usize) -> Findings {
        Findings {
            rank,
            buffer: Vec::new(),
            last: LastKey::default(),
            buffer_bytes: 0,
            budget: budget.max(1),
            spill: SpillFile::default(),
            spiller: None,
            in_flight: false,
            kept: Vec::new(),
            lost: false,
            spare: Vec::new(),
            len: 0,
            per_status: [0; 7],
            violations: [0; 3],
            sorted: true,
            read_error: std::sync::Mutex::new(None),
        }
    }

    /// An in-memory collection, already in report order (tests and small embedders).
    pub fn from_vec(rules: &RuleSet, findings: Vec<Finding>) -> Findings {
        let mut f = Findings::new(rules, usize::MAX);
        for x in findings {
            f.push(x).ok();
        }
        f.finish().ok();
        f
    }

    /// How many findings were pushed, in memory and on disk.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether no finding was pushed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// How many findings have this status.
    pub fn count(&self, s: Status) -> u64 {
        self.per_status[s as usize]
    }

    /// How many violations have this severity.
    pub fn violations(&self, s: Severity) -> u64 {
        self.violations[s as usize]
    }

    /// The first read error met by an iteration, if any: a report that ended early must not be
    /// taken for a complete one.
    pub fn take_read_error(&self) -> Option<io::Error> {
        self.read_error.lock().ok().and_then(|mut e| e.take())
    }

    /// Whether every finding pushed is still there: a failing temporary file only costs memory,
    /// but a spill thread that stopped takes its run and the file with it.
    pub fn complete(&self) -> bool {
        !self.lost
    }

    /// Whether findings were written to disk (for tests of the spill path).
    pub fn spilled(&self) -> bool {
        !self.spill.is_empty()
    }

    /// Adds a finding; writes a sorted run to disk when the buffer exceeds the budget.
    pub fn push(&mut self, f: Finding) -> io::Result<()> {
        self.len += 1;
        self.per_status[f.status as usize] += 1;
        if f.status == Status::Violation {
            self.violations[f.severity as usize] += 1;
        }
        let (_, key) = self.last.get(&f.dossier, || f.dossier.clone());
        self.buffer_bytes += approx_size(&f) + key.len();
        self.buffer.push(Keyed { key, f });
        self.sorted = false;
        if self.buffer_bytes > self.budget {
            self.spill_buffer()?;
        }
        Ok(())
    }

    /// Sorts what is still buffered; call once all findings are in.
    pub fn finish(&mut self) -> io::Result<()> {
        let written = self.wait_spill();
        if let Some(s) = self.spiller.take() {
            s.stop();
        }
        // The last buffer is not written: it is merged from memory with the runs.
        self.sort_buffer();
        written
    }

    /// Rewrites every finding (pseudonymisation) and sorts them again, in the same bounded
    /// memory: the order follows the new values (a report sorted by pseudonym gives nothing of
    /// the order of the real ids away). A read or write error of the temporary file is kept as
    /// one of sorting is: [`Findings::take_read_error`], [`Findings::complete`].
    pub fn rewrite(&mut self, t: impl Fn(&mut Finding)) -> io::Result<()> {
        let mut out = Findings::with_rank(self.rank.clone(), self.budget);
        let mut written = Ok(());
        for mut f in self.iter() {
            t(&mut f);
            if let Err(e) = out.push(f)
                && written.is_ok()
            {
                written = Err(e);
            }
        }
        let finished = out.finish();
        out.lost |= self.lost;
        if let Some(e) = self.take_read_error() {
            out.record(e);
        }
        *self = out;
        written.and(finished)
    }

    /// The findings in report order. Can be called any number of times.
    pub fn iter(&self) -> Iter<'_> {
        debug_assert!(self.sorted);
        let source = if self.spill.is_empty() && self.kept.is_empty() {
            Source::Memory(self.buffer.iter())
        } else {
            let runs = self.spill.run_count() + self.kept.len() + 1;
            let mut merge = Merge {
                heads: Vec::with_capacity(runs),
                heap: Vec::with_capacity(runs),
                readers: Vec::with_capacity(runs),
                error: None,
            };
            let disk = self.spill.runs().map(|b| Run::Disk(RunReader::new(b)));
            let memory = self.kept.iter().chain([&self.buffer]);
            for mut r in disk.chain(memory.map(|m| Run::Memory(m.iter()))) {
                match r.next() {
                    Ok(head) => merge.add(&self.rank, head, r),
                    Err(e) => {
                        self.record(e);
                        return Iter {
                            source: Source::Failed,
                            owner: self,
                            group: None,
                        };
                    }
                }
            }
            Source::Merge(merge)
        };
        Iter {
            source,
            owner: self,
            group: None,
        }
    }

    fn record(&self, e: io::Error) {
        if let Ok(mut slot) = self.read_error.lock() {
            slot.get_or_insert(e);
        }
    }

    fn sort_buffer(&mut self) {
        if !self.sorted {
            // On the current rayon pool: the final sort is on the report's critical path.
            sort_keyed(&self.rank, &mut self.buffer, true);
            self.sorted = true;
        }
    }

    /// Hands the full buffer to the spill thread (after the run before it is written), or
    /// writes it here when no thread can be started.
    fn spill_buffer(&mut self) -> io::Result<()> {
        // On a failure the buffer stays where it is: nothing is spilled any more (see `keep`).
        self.wait_spill()?;
        if self.spiller.is_none() {
            self.spiller = Spiller::start(self.rank.clone());
        }
        let next = match std::mem::take(&mut self.spare) {
            spare if spare.capacity() > 0 => spare,
            _ => Vec::with_capacity(self.buffer.len()),
        };
        let buffer = std::mem::replace(&mut self.buffer, next);
        self.buffer_bytes = 0;
        self.sorted = true;
        match &self.spiller {
            Some(s) => match s.work.send((buffer, std::mem::take(&mut self.spill))) {
                Ok(()) => {
                    self.in_flight = true;
                    Ok(())
                }
                Err(mpsc::SendError((buffer, spill))) => {
                    self.spiller = None;
                    self.spill = spill;
                    self.write_here(buffer)
                }
            },
            None => self.write_here(buffer),
        }
    }

    /// Writes a run on this thread; keeps it in memory when that fails.
    fn write_here(&mut self, buffer: Vec<Keyed>) -> io::Result<()> {
        let (unwritten, result) = write_run(&self.rank, buffer, &mut self.spill, true);
        if result.is_err() {
            self.keep(unwritten);
        }
        result
    }

    /// A run the temporary file could not take: merged from memory, and from now on nothing is
    /// spilled (the buffer grows instead of failing again on every push).
    fn keep(&mut self, run: Vec<Keyed>) {
        self.kept.push(run);
        self.budget = usize::MAX;
    }

    /// Waits for the run being written, takes the spill file back and returns the result.
    fn wait_spill(&mut self) -> io::Result<()> {
        if !std::mem::take(&mut self.in_flight) {
            return Ok(());
        }
        let received = self
            .spiller
            .as_mut()
            .and_then(|s| s.done.get_mut().ok()?.recv().ok());
        match received {
            Some((spill, unwritten, result)) => {
                self.spill = spill;
                if result.is_err() {
                    self.keep(unwritten);
                } else {
                    self.spare = unwritten;
                }
                result
            }
            None => {
                self.spiller = None;
                self.lost = true;
                self.budget = usize::MAX;
                Err(io::Error::other(
                    "de schrijver van tijdelijke bevindingen is onverwacht gestopt",
                ))
            }
        }
    }
}

/// What the spill thread hands back: the spill file, the run when it could not be written
/// (else its emptied buffer), and the result.
type Written = (SpillFile, Vec<Keyed>, io::Result<()>);

/// The background thread that sorts full buffers and appends them to the spill file as runs.
struct Spiller {
    work: mpsc::Sender<(Vec<Keyed>, SpillFile)>,
    /// In a mutex only so that `Findings` can be shared with the report's merge thread (by
    /// then the spill thread has stopped); the owner receives through `get_mut`, never locks.
    done: std::sync::Mutex<mpsc::Receiver<Written>>,
    thread: std::thread::JoinHandle<()>,
}

impl Spiller {
    /// `None` when the system cannot start a thread (runs are then written synchronously).
    fn start(rank: Arc<[u32]>) -> Option<Spiller> {
        let (work, jobs) = mpsc::channel::<(Vec<Keyed>, SpillFile)>();
        let (report, done) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("vtcheck-spill".into())
            .spawn(move || {
                while let Ok((buffer, mut spill)) = jobs.recv() {
                    // Alone, not on a rayon pool: the workers are busy checking dossiers.
                    let (unwritten, result) = write_run(&rank, buffer, &mut spill, false);
                    if report.send((spill, unwritten, result)).is_err() {
                        break;
                    }
                }
            })
            .ok()?;
        Some(Spiller {
            work,
            done: std::sync::Mutex::new(done),
            thread,
        })
    }

    /// Ends the thread once its queue is empty.
    fn stop(self) {
        drop(self.work);
        // A panic in the thread has already been reported by the `wait_spill` that missed it.
        let _ = self.thread.join();
    }
}

/// Sorts `buffer` into report order: by [`sorted_order`], then each finding moved once.
/// `parallel`: on the current rayon pool.
fn sort_keyed(rank: &[u32], buffer: &mut [Keyed], parallel: bool) {
    use rayon::slice::ParallelSliceMut;
    match sorted_order(rank, buffer, parallel) {
        Some(mut order) => apply_order(buffer, &mut order),
        None if parallel => buffer.par_sort_by(|a, b| compare(rank, a, b)),
        None => buffer.sort_by(|a, b| compare(rank, a, b)),
    }
}

/// The report order of `buffer` as indices: what a stable sort of the findings by [`compare`]
/// gives, without moving them (findings are large) and mostly without comparing them.
///
/// A dossier's findings arrive together and share one key, so the dossiers are sorted by their
/// key bytes alone, and only the findings within one dossier (a few) are compared in full, as
/// are those of different groups with one id (duplicate dossiers, or a buffer filled out of
/// order). `None` for a buffer too long for `u32` indices.
fn sorted_order(rank: &[u32], buffer: &[Keyed], parallel: bool) -> Option<Vec<u32>> {
    use rayon::slice::ParallelSliceMut;
    let n = u32::try_from(buffer.len()).ok().filter(|&n| n < u32::MAX)?;
    // Runs of adjacent findings with the same key: (key bytes, start, end).
    let mut groups: Vec<(&[u8], u32, u32)> = Vec::new();
    for (i, k) in (0..n).zip(buffer) {
        match groups.last_mut() {
            Some(g) if std::ptr::eq(g.0, &*k.key) => g.2 = i + 1,
            _ => groups.push((&k.key, i, i + 1)),
        }
    }
    // Stable: groups with equal keys stay in buffer order.
    if parallel {
        groups.par_sort_by(|a, b| a.0.cmp(b.0));
    } else {
        groups.sort_by(|a, b| a.0.cmp(b.0));
    }
    let mut order: Vec<u32> = Vec::with_capacity(buffer.len());
    let mut g = 0;
    while g < groups.len() {
        let same = groups[g..]
            .iter()
            .take_while(|x| x.0 == groups[g].0)
            .count();
        let from = order.len();
        for &(_, start, end) in &groups[g..g + same] {
            order.extend(start..end);
        }
        if order.len() - from > 1 {
            order[from..].sort_by(|a, b| compare(rank, &buffer[*a as usize], &buffer[*b as usize]));
        }
        g += same;
    }
    Some(order)
}

/// Sorts `buffer` and appends it to `spill` as one run. Gives the buffer back emptied when the
/// run was written, and whole and sorted when it was not (it is then merged from memory).
fn write_run(
    rank: &[u32],
    mut buffer: Vec<Keyed>,
    spill: &mut SpillFile,
    parallel: bool,
) -> (Vec<Keyed>, io::Result<()>) {
    let order = sorted_order(rank, &buffer, parallel);
    // Written in order straight from the buffer: the findings need not move (unless the buffer
    // is too long for an index order, then it is sorted in place first).
    let result = match &order {
        Some(o) => append_run(spill, o.iter().map(|&i| &buffer[i as usize])),
        None => {
            sort_keyed(rank, &mut buffer, parallel);
            append_run(spill, buffer.iter())
        }
    };
    if result.is_ok() {
        buffer.clear();
    } else if let Some(mut o) = order {
        apply_order(&mut buffer, &mut o);
    }
    (buffer, result)
}

/// Appends the findings, in the order given, to `spill` as one run.
fn append_run<'a>(spill: &mut SpillFile, run: impl Iterator<Item = &'a Keyed>) -> io::Result<()> {
    spill.append(|out| {
        let mut bytes = Vec::with_capacity(512);
        for k in run {
            bytes.clear();
            encode(&k.f, &mut bytes);
            out.write_all(&bytes)?;
        }
        Ok(())
    })
}

/// Rearranges `items` so that position `p` holds the element that was at `order[p]`, moving
/// each element once (cycle by cycle, with swaps). `order` must be a permutation; it is used up.
fn apply_order<T>(items: &mut [T], order: &mut [u32]) {
    const DONE: u32 = u32::MAX;
    for start in 0..order.len() {
        let mut cur = start;
        while order[cur] != DONE {
            let next = order[cur] as usize;
            order[cur] = DONE;
            if next == start {
                break;
            }
            items.swap(cur, next);
            cur = next;
        }
    }
}

/// The report order: dossier (natural), rule id, item (natural), file, position, message.
fn compare(rank: &[u32], a: &Keyed, b: &Keyed) -> Ordering {
    // Findings of one dossier share its key: no need to compare the bytes.
    let dossier = if Arc::ptr_eq(&a.key, &b.key) {
        Ordering::Equal
    } else {
        a.key.cmp(&b.key)
    };
    let (a, b) = (&a.f, &b.f);
    dossier
        .then_with(|| rank[a.rule].cmp(&rank[b.rule]))
        .then_with(|| {
            crate::engine::natural_cmp(
                a.item.as_deref().unwrap_or(""),
                b.item.as_deref().unwrap_or(""),
            )
        })
        .then_with(|| a.file.cmp(&b.file))
        .then_with(|| a.pos.cmp(&b.pos))
        .then_with(|| a.message.cmp(&b.message))
        .then_with(|| a.rule.cmp(&b.rule))
}

fn approx_size(f: &Finding) -> usize {
    std::mem::size_of::<Finding>()
        + f.message.len()
        + f.item.as_ref().map_or(0, |s| s.len())
        + f.phrases
            .iter()
            .map(|p| {
                std::mem::size_of::<Phrase>()
                    + p.text.len()
                    + p.label.len()
                    + p.hint.len()
                    + p.detail.as_ref().map_or(0, |d| d.len())
            })
            .sum::<usize>()
}

/// The k-way merge of sorted runs. The heap holds run numbers, ordered by each run's current
/// finding in `heads`: a step moves a few integers instead of whole findings.
struct Merge<'a> {
    /// Each run's next finding (`None` once the run is used up).
    heads: Vec<Option<Keyed>>,
    /// Runs with a next finding, as a binary min-heap (ties: the earlier run first).
    heap: Vec<u32>,
    readers: Vec<Run<'a>>,
    /// A read error met while refilling a head: the merge ends after the finding it was
    /// refilling for.
    error: Option<io::Error>,
}

impl<'a> Merge<'a> {
    /// Adds a run with its first finding.
    fn add(&mut self, rank: &[u32], head: Option<Keyed>, run: Run<'a>) {
        let r = self.readers.len() as u32;
        self.readers.push(run);
        let has = head.is_some();
        self.heads.push(head);
        if has {
            self.heap.push(r);
            self.sift_up(rank, self.heap.len() - 1);
        }
    }

    /// Whether run `a`'s head comes before run `b`'s.
    fn before(&self, rank: &[u32], a: u32, b: u32) -> bool {
        match (&self.heads[a as usize], &self.heads[b as usize]) {
            (Some(x), Some(y)) => compare(rank, x, y).then(a.cmp(&b)) == Ordering::Less,
            _ => a < b,
        }
    }

    fn sift_up(&mut self, rank: &[u32], mut i: usize) {
        while i > 0 {
            let parent = (i - 1) / 2;
            if !self.before(rank, self.heap[i], self.heap[parent]) {
                break;
            }
            self.heap.swap(i, parent);
            i = parent;
        }
    }

    fn sift_down(&mut self, rank: &[u32], mut i: usize) {
        loop {
            let (l, r) = (2 * i + 1, 2 * i + 2);
            let mut least = i;
            if l < self.heap.len() && self.before(rank, self.heap[l], self.heap[least]) {
                least = l;
            }
            if r < self.heap.len() && self.before(rank, self.heap[r], self.heap[least]) {
                least = r;
            }
            if least == i {
                return;
            }
            self.heap.swap(i, least);
            i = least;
        }
    }

    /// The smallest head, replaced by its run's next finding.
    fn pop(&mut self, rank: &[u32]) -> Option<Keyed> {
        let top = *self.heap.first()? as usize;
        let next = self.readers[top].next().unwrap_or_else(|e| {
            self.error = Some(e);
            None
        });
        let done = next.is_none();
        let k = std::mem::replace(&mut self.heads[top], next)?;
        if done {
            let last = self.heap.len() - 1;
            self.heap.swap(0, last);
            self.heap.pop();
        }
        self.sift_down(rank, 0);
        Some(k)
    }
}

enum Source<'a> {
    Memory(std::slice::Iter<'a, Keyed>),
    Merge(Merge<'a>),
    Failed,
}

/// Findings in report order. A read error of the temporary file ends the iteration and is kept
/// for [`Findings::take_read_error`].
pub struct Iter<'a> {
    source: Source<'a>,
    owner: &'a Findings,
    /// The last violation or waived finding's dossier, rule rank and item, and how many of
    /// them came in a row: each finding's [`Finding::occurrence`].
    group: Option<(Arc<str>, u32, Option<String>, u32)>,
}

impl Iter<'_> {
    /// Sets `f.occurrence`. Findings with one dossier, rule id and item are adjacent in report
    /// order, so a count of the violations and waived findings since the key last changed
    /// numbers them 0, 1, 2, ... (versions of one rule share a rank and so a count: each
    /// fingerprint stays unique whichever version judged the finding).
    fn number(&mut self, f: &mut Finding) {
        if !matches!(f.status, Status::Violation | Status::Waived) {
            f.occurrence = 0;
            return;
        }
        let rank = self.owner.rank[f.rule];
        match &mut self.group {
            Some((d, r, item, n)) if *d == f.dossier && *r == rank && *item == f.item => {
                *n += 1;
                f.occurrence = *n;
            }
            Some((d, r, item, n)) => {
                // A new group: the key is copied into the old one's buffers (one allocation
                // for the item text per run of the iterator, not one per group).
                d.clone_from(&f.dossier);
                *r = rank;
                item.clone_from(&f.item);
                *n = 0;
                f.occurrence = 0;
            }
            g => {
                *g = Some((f.dossier.clone(), rank, f.item.clone(), 0));
                f.occurrence = 0;
            }
        }
    }
}

impl Iterator for Iter<'_> {
    type Item = Finding;

    fn next(&mut self) -> Option<Finding> {
        let f = match &mut self.source {
            Source::Memory(it) => it.next()?.f.clone(),
            Source::Failed => return None,
            Source::Merge(m) => {
                let k = m.pop(&self.owner.rank)?;
                if let Some(e) = m.error.take() {
                    self.owner.record(e);
                    self.source = Source::Failed;
                }
                k.f
            }
        };
        let mut f = f;
        self.number(&mut f);
        Some(f)
    }
}

/// One sorted run of the merge: on disk, or in memory (the last buffer, and runs the temporary
/// file could not take).
enum Run<'a> {
    Disk(RunReader<'a>),
    Memory(std::slice::Iter<'a, Keyed>),
}

impl Run<'_> {
    fn next(&mut self) -> io::Result<Option<Keyed>> {
        match self {
            Run::Disk(r) => r.next(),
            Run::Memory(it) => Ok(it.next().cloned()),
        }
    }
}

/// Reads one run of encoded findings.
struct RunReader<'a> {
    bytes: RunBytes<'a>,
    shared: Shared,
}

/// The last dossier (with its key), file and region read: a run repeats them, so they are
/// shared, not reallocated.
#[derive(Default)]
struct Shared {
    dossier: LastKey,
    file: Option<Arc<str>>,
    region: Option<Arc<str>>,
}

impl<'a> RunReader<'a> {
    fn new(bytes: RunBytes<'a>) -> RunReader<'a> {
        RunReader {
            bytes,
            shared: Shared::default(),
        }
    }

    fn next(&mut self) -> io::Result<Option<Keyed>> {
        let shared = &mut self.shared;
        self.bytes.record(|rec| decode(rec, shared))
    }
}

// Record layout: u32 length, then the fields in declaration order. Strings are u32 length +
// UTF-8; optional values have a presence byte; dates are days since 0001-01-01 (i32).

fn put_date(out: &mut Vec<u8>, d: Option<NaiveDate>) {
    use chrono::Datelike;
    match d {
        Some(d) => {
            out.push(1);
            out.extend_from_slice(&d.num_days_from_ce().to_le_bytes());
        }
        None => out.push(0),
    }
}

fn encode(f: &Finding, out: &mut Vec<u8>) {
    put_record(out, |out| {
        put_str(out, &f.dossier);
        put_str(out, &f.region);
        put_str(out, &f.file);
        out.extend_from_slice(&(f.rule as u32).to_le_bytes());
        out.push(f.status as u8);
        out.push(f.severity as u8);
        put_opt_str(out, f.item.as_deref());
        put_date(out, f.due);
        put_date(out, f.observed);
        put_str(out, &f.message);
        put_pos(out, f.pos);
        out.extend_from_slice(&(f.phrases.len() as u32).to_le_bytes());
        for p in &f.phrases {
            put_str(out, &p.text);
            put_str(out, &p.label);
            put_str(out, &p.hint);
            put_opt_str(out, p.detail.as_deref());
        }
    });
}

/// A date written by [`put_date`].
fn get_date(c: &mut Cursor<'_>) -> Option<Option<NaiveDate>> {
    match c.u8()? {
        0 => Some(None),
        _ => {
            let d = i32::from_le_bytes(c.take(4)?.try_into().ok()?);
            Some(Some(NaiveDate::from_num_days_from_ce_opt(d)?))
        }
    }
}

fn status_of(b: u8) -> Option<Status> {
    Status::ALL
        .iter()
        .map(|(_, _, s)| *s)
        .find(|s| *s as u8 == b)
}

fn severity_of(b: u8) -> Option<Severity> {
    [Severity::Info, Severity::Warning, Severity::Error]
        .into_iter()
        .find(|s| *s as u8 == b)
}

fn decode(rec: &[u8], shared: &mut Shared) -> Option<Keyed> {
    let mut c = Cursor(rec);
    let id = c.str()?;
    let (dossier, key) = shared.dossier.get(id, || id.into());
    let region = c.shared(&mut shared.region)?;
    let file = c.shared(&mut shared.file)?;
    let rule = c.u32()? as usize;
    let status = status_of(c.u8()?)?;
    let severity = severity_of(c.u8()?)?;
    let item = c.opt_str()?.map(str::to_string);
    let due = get_date(&mut c)?;
    let observed = get_date(&mut c)?;
    let message = c.str()?.to_string();
    let pos = c.pos()?;
    let n = c.u32()? as usize;
    let mut phrases = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        phrases.push(Phrase {
            text: c.str()?.to_string(),
            label: c.str()?.to_string(),
            hint: c.str()?.to_string(),
            detail: c.opt_str()?.map(str::to_string),
        });
    }
    Some(Keyed {
        key,
        f: Finding {
            dossier,
            region,
            rule,
            status,
            severity,
            item,
            due,
            observed,
            message,
            file,
            pos,
            phrases,
            occurrence: 0,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(d: &str, rule: usize, item: Option<&str>, msg: &str) -> Finding {
        Finding {
            dossier: d.into(),
            region: "utrecht".into(),
            rule,
            status: Status::Violation,
            severity: Severity::Warning,
            item: item.map(str::to_string),
            due: NaiveDate::from_ymd_opt(2024, 2, 29),
            observed: None,
            message: msg.into(),
            file: "a.jsonl".into(),
            pos: crate::dossier::Pos::new(3, 1, 77),
            phrases: vec![Phrase {
                text: "stopt".into(),
                label: "verbod".into(),
                hint: "zeg wat wel".into(),
                detail: None,
            }],
            occurrence: 0,
        }
    }

    fn rules() -> RuleSet {
        crate::rules::embedded().expect("embedded rules load")
    }

    proptest::proptest! {
        /// Moving by a sorted index list gives what moving the elements themselves gives.
        #[test]
        fn apply_order_is_a_sort(values in proptest::collection::vec(0u8..20, 0..200)) {
            let mut order: Vec<u32> = (0..values.len() as u32).collect();
            order.sort_by_key(|&i| values[i as usize]);
            let mut moved: Vec<(u8, usize)> = values.iter().copied().zip(0..).collect();
            apply_order(&mut moved, &mut order);
            let mut expected: Vec<(u8, usize)> = values.iter().copied().zip(0..).collect();
            expected.sort_by_key(|v| v.0);
            proptest::prop_assert_eq!(moved, expected);
        }
    }

    proptest::proptest! {
        /// Sorting dossiers by key and only their own findings in full gives exactly the stable
        /// sort of every finding, also when one id comes back later (separate groups, equal
        /// keys) and when findings are equal.
        #[test]
        fn sorted_order_is_the_stable_sort(
            picks in proptest::collection::vec((0usize..6, 0usize..4, 0usize..3), 0..120)
        ) {
            let rules = rules();
            let mut last = LastKey::default();
            let buffer: Vec<Keyed> = picks
                .iter()
                .map(|&(d, r, item)| {
                    let f = finding(&format!("D-{d}"), r, Some(&format!("V{item}")), "m");
                    let (_, key) = last.get(&f.dossier, || f.dossier.clone());
                    Keyed { key, f }
                })
                .collect();
            let rank: Vec<u32> = (0..rules.rules.len() as u32).collect();
            let mut expected: Vec<u32> = (0..buffer.len() as u32).collect();
            expected.sort_by(|a, b| compare(&rank, &buffer[*a as usize], &buffer[*b as usize]));
            for parallel in [false, true] {
                let got = sorted_order(&rank, &buffer, parallel);
                proptest::prop_assert_eq!(got.as_ref(), Some(&expected));
            }
        }
    }

    #[test]
    fn encoding_round_trips() {
        let f = finding("D-1", 3, Some("V2"), "bericht é");
        let mut bytes = Vec::new();
        encode(&f, &mut bytes);
        let back = decode(&bytes[4..], &mut Shared::default()).unwrap();
        assert_eq!(back.f, f);
        assert_eq!(&*back.key, &natural_key("D-1")[..]);
    }

    #[test]
    fn spilled_runs_merge_into_the_in_memory_order() {
        let rules = rules();
        let n = rules.rules.len();
        let mut all = Vec::new();
        // A scrambled but deterministic sequence with natural-order traps (D-10 after D-9).
        for i in 0..2000usize {
            let d = format!("D-{}", (i * 7919) % 311);
            let item = format!("V{}", (i * 31) % 12);
            all.push(finding(
                &d,
                (i * 13) % n,
                Some(&item),
                &format!("m{}", i % 5),
            ));
        }
        let memory = Findings::from_vec(&rules, all.clone());
        assert!(!memory.spilled());
        let mut spilled = Findings::new(&rules, 4096);
        for f in all {
            spilled.push(f).unwrap();
        }
        spilled.finish().unwrap();
        assert!(spilled.spilled());
        let a: Vec<Finding> = memory.iter().collect();
        let b: Vec<Finding> = spilled.iter().collect();
        assert_eq!(a.len(), 2000);
        assert_eq!(a, b);
        // Sorted by dossier in natural order.
        assert!(
            a.windows(2)
                .all(|w| crate::engine::natural_cmp(&w[0].dossier, &w[1].dossier).is_le())
        );
        // A second pass reads the same.
        assert_eq!(spilled.iter().count(), 2000);
    }

    /// 2,000 findings in a scrambled order over 311 dossiers, and the same in report order.
    fn scrambled(rules: &RuleSet) -> (Vec<Finding>, Vec<Finding>) {
        let n = rules.rules.len();
        let all: Vec<Finding> = (0..2000usize)
            .map(|i| finding(&format!("D-{}", (i * 7919) % 311), (i * 13) % n, None, "m"))
            .collect();
        let expected = Findings::from_vec(rules, all.clone()).iter().collect();
        (all, expected)
    }

    /// A temporary file that fails, from the start or after some runs, costs memory, not
    /// findings: the report holds every finding, in the same order.
    #[test]
    fn a_failing_temporary_file_loses_nothing() {
        let rules = rules();
        let (all, expected) = scrambled(&rules);
        for good_runs in [0, 2] {
            let mut f = Findings::new(&rules, 4096);
            f.spill = SpillFile::failing_after(good_runs);
            let errors = all.iter().filter(|x| f.push((*x).clone()).is_err()).count();
            let finished = f.finish();
            assert_eq!(
                errors + usize::from(finished.is_err()),
                1,
                "one error, reported once"
            );
            assert!(f.complete());
            assert_eq!(f.spilled(), good_runs > 0);
            let got: Vec<Finding> = f.iter().collect();
            assert_eq!(got, expected, "after {good_runs} runs on disk");
        }
    }

    /// A spill file that lost its last bytes ends the merge with an error: what was reported
    /// before it is in order, and the error is there for the caller to report.
    #[test]
    fn a_truncated_temporary_file_ends_the_merge_with_an_error() {
        let rules = rules();
        let (all, expected) = scrambled(&rules);
        let mut f = Findings::new(&rules, 4096);
        for x in all {
            f.push(x).unwrap();
        }
        f.finish().unwrap();
        assert!(f.spill.run_count() > 2);
        f.spill.truncate_by(10);
        let got: Vec<Finding> = f.iter().collect();
        assert!(
            !got.is_empty() && got.len() < expected.len(),
            "{}",
            got.len()
        );
        assert_eq!(got[..], expected[..got.len()]);
        assert!(f.take_read_error().is_some());
    }

    #[test]
    fn a_rewrite_sorts_by_the_new_values() {
        let rules = rules();
        // Spilled or in memory alike: the budget of one byte writes a run per finding.
        for budget in [1, usize::MAX] {
            let mut f = Findings::new(&rules, budget);
            for id in ["D-1", "D-2", "D-3"] {
                f.push(finding(id, 0, None, "x")).unwrap();
            }
            f.finish().unwrap();
            let renamed = |d: &str| match d {
                "D-1" => "P-c",
                "D-2" => "P-a",
                _ => "P-b",
            };
            f.rewrite(|x| x.dossier = renamed(&x.dossier).into())
                .unwrap();
            let got: Vec<String> = f.iter().map(|x| x.dossier.to_string()).collect();
            assert_eq!(got, ["P-a", "P-b", "P-c"], "budget {budget}");
            assert_eq!(f.len(), 3);
            assert!(f.take_read_error().is_none() && f.complete());
        }
    }

    /// Violations and waived findings with one dossier, rule and item are numbered 0, 1, 2, ...
    /// in report order (what baseline fingerprints count); other statuses neither get a number
    /// nor interrupt the count. The same numbers in memory and merged from disk.
    #[test]
    fn repeated_violations_on_one_item_are_numbered() {
        let rules = rules();
        let at = |d: &str, item: &str, line: u32, status: Status| Finding {
            pos: crate::dossier::Pos::new(line, 1, 0),
            status,
            ..finding(d, 0, Some(item), "m")
        };
        let all = vec![
            at("D-2", "V1", 3, Status::Violation),
            at("D-1", "V1", 6, Status::Waived),
            at("D-1", "V2", 3, Status::Violation),
            at("D-1", "V1", 4, Status::Violation),
            at("D-1", "V1", 5, Status::Open),
            at("D-1", "V1", 3, Status::Violation),
        ];
        for budget in [1, usize::MAX] {
            let mut f = Findings::new(&rules, budget);
            for x in all.clone() {
                f.push(x).unwrap();
            }
            f.finish().unwrap();
            let got: Vec<(String, String, u32, u32)> = f
                .iter()
                .map(|x| {
                    let item = x.item.clone().unwrap_or_default();
                    (x.dossier.to_string(), item, x.pos.line, x.occurrence)
                })
                .collect();
            let want = [
                ("D-1", "V1", 3, 0),
                ("D-1", "V1", 4, 1),
                ("D-1", "V1", 5, 0),
                ("D-1", "V1", 6, 2),
                ("D-1", "V2", 3, 0),
                ("D-2", "V1", 3, 0),
            ]
            .map(|(d, i, l, o)| (d.to_string(), i.to_string(), l, o));
            assert_eq!(got, want, "budget {budget}");
        }
    }
}
