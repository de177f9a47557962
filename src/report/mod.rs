//! Reports: one module per output format, all reading the same [`CheckRun`].

pub mod csv;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod places;
pub mod sarif;
pub mod snippet;

use std::collections::HashSet;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::check::CheckRun;
use crate::engine::Finding;
use crate::rules::{RuleSet, Severity, Status};

/// What every report needs besides the run.
pub struct ReportContext<'a> {
    /// The rule set the run was checked with; findings index its rules.
    pub rules: &'a RuleSet,
    /// vtcheck's version as reports state it (normally [`crate::VERSION`]).
    pub tool_version: &'a str,
    /// Include dossier free text (phrases inside voorwaarden) in machine formats.
    pub show_text: bool,
    /// Colour the human report with ANSI escapes; the other formats ignore it.
    pub color: bool,
    /// Fingerprints of the violations in a baseline, when one is given.
    pub baseline: Option<&'a HashSet<String>>,
    /// Baselined violations of rules the run does not check, set aside from `baseline`.
    pub baseline_unchecked: u64,
    /// Baselined violations of dossiers the run rejected, set aside from `baseline`.
    pub baseline_rejected: u64,
    /// The run's `--fail-level`: which violations fail it (and are JUnit failures).
    pub fail_level: Severity,
    /// Hashes for the audit trail (machine formats).
    pub audit: Option<&'a Audit>,
}

/// What an auditor needs to re-run a check and get the same bytes.
#[derive(Debug, Clone, Default)]
pub struct Audit {
    /// SHA-256 of the rule files ([`crate::rules::RuleSet::sha256`]).
    pub rules_sha256: String,
    /// SHA-256 of the calendar and its options ([`crate::rules::RuleSet::calendar_sha256`]).
    pub calendar_sha256: String,
    /// SHA-256 of the waiver file; `None` without one.
    pub waivers_sha256: Option<String>,
    /// SHA-256 of the `vtcheck.toml` used; `None` without one.
    pub config_sha256: Option<String>,
}

impl ReportContext<'_> {
    /// `new` or `unchanged` for a violation when a baseline is given.
    pub fn baseline_state(&self, f: &Finding) -> Option<&'static str> {
        let base = self.baseline?;
        if f.status != Status::Violation {
            return None;
        }
        Some(if base.contains(&self.fingerprint_of(f)) {
            "unchanged"
        } else {
            "new"
        })
    }

    /// The run against the baseline, when one is given: the counts every report format states.
    pub fn baseline_counts(&self, run: &CheckRun) -> Option<crate::baseline::Comparison> {
        self.baseline.map(|b| crate::baseline::Comparison {
            unchecked: self.baseline_unchecked + self.baseline_rejected,
            rejected: self.baseline_rejected,
            rejected_without_id: run.invalid.saturating_sub(run.rejected_with_id),
            ..crate::baseline::compare(run, self.rules, b)
        })
    }

    /// Whether `f` fails the run (see [`fails`]), against this report's baseline.
    pub fn fails(&self, f: &Finding) -> bool {
        fails(f, self.rules, self.fail_level, self.baseline)
    }

    /// The baseline fingerprint of `f` ([`finding_fingerprint`]).
    pub fn fingerprint_of(&self, f: &Finding) -> String {
        finding_fingerprint(self.rules, f)
    }
}

/// The baseline identity of a finding (see [`fingerprint_versioned`]), under its id as the
/// finding names it (a pseudonym once the run is pseudonymised).
pub fn finding_fingerprint(rules: &RuleSet, f: &Finding) -> String {
    let rule = &rules.rules[f.rule];
    fingerprint_versioned(
        &f.dossier,
        &rule.id,
        f.item.as_deref(),
        &rule.version,
        f.occurrence,
    )
}

/// A stable identity for a finding across runs: dossier, rule and item (SARIF fingerprints),
/// with the occurrence as the baseline has it ([`fingerprint_versioned`]).
pub fn fingerprint(dossier: &str, rule: &str, item: Option<&str>, occurrence: u32) -> String {
    fingerprint_of(&[dossier, rule, item.unwrap_or("")], occurrence)
}

/// The parts joined by NUL, then the occurrence when it is above 0 (the first occurrence keeps
/// the fingerprint it had before occurrences were counted): the first 32 hex digits of SHA-256.
fn fingerprint_of(parts: &[&str], occurrence: u32) -> String {
    let mut text = parts.join("\u{0}");
    if occurrence > 0 {
        text.push('\u{0}');
        text.push_str(&occurrence.to_string());
    }
    sha256_hex(text.as_bytes())[..32].to_string()
}

/// The baseline identity: also the rule's version, so a changed norm makes findings new again,
/// and the occurrence ([`Finding::occurrence`]): the second violation of a rule on one item is
/// another fingerprint than the first, so a baseline counts them (a multiset) instead of
/// taking the new one for the known one. Occurrence 0 hashes what it did before occurrences
/// were counted, so older baselines keep matching the first of each.
pub fn fingerprint_versioned(
    dossier: &str,
    rule: &str,
    item: Option<&str>,
    version: &str,
    occurrence: u32,
) -> String {
    fingerprint_of(&[dossier, rule, item.unwrap_or(""), version], occurrence)
}

/// `c` as an XML 1.0 document may hold it: a character outside the `Char` production (C0
/// controls other than tab, line feed and carriage return; U+FFFE and U+FFFF) becomes U+FFFD, so
/// an id or message from the input can never make a JUnit, HTML or SVG report unreadable.
/// (Surrogates are no `char`.) Replaced rather than dropped: `MB\u{1}-1` must not read `MB-1`.
pub fn xml_char(c: char) -> char {
    match c {
        '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => c,
        _ => char::REPLACEMENT_CHARACTER,
    }
}

/// `bytes` in lower-case hexadecimal, two digits a byte.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `bytes`, in hex: the audit trail's and the fingerprints' hash.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Text rendered with `write!` and handed to the writer a block at a time, so a report streams
/// whatever the number of findings (SARIF of 200,000 dossiers took 2.4 GB as one `String`).
pub struct Sink<'w> {
    buf: String,
    out: &'w mut dyn std::io::Write,
}

impl<'w> Sink<'w> {
    const BLOCK: usize = 1 << 16;

    /// A sink that writes to `out`. Call [`Sink::finish`] at the end: dropped, it writes nothing
    /// more.
    pub fn new(out: &'w mut dyn std::io::Write) -> Self {
        Sink {
            buf: String::with_capacity(Self::BLOCK + (1 << 12)),
            out,
        }
    }

    /// Appends `s`; it reaches the writer at the next full block or at [`Sink::finish`].
    pub fn push_str(&mut self, s: &str) {
        self.buf.push_str(s);
    }

    /// Appends `c`, as [`Sink::push_str`] does.
    pub fn push(&mut self, c: char) {
        self.buf.push(c);
    }

    /// Hands the text so far to the writer once a block is full; call it between findings.
    pub fn spill(&mut self) -> std::io::Result<()> {
        if self.buf.len() >= Self::BLOCK {
            self.out.write_all(self.buf.as_bytes())?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Hands over the rest.
    pub fn finish(self) -> std::io::Result<()> {
        self.out.write_all(self.buf.as_bytes())
    }
}

impl std::fmt::Write for Sink<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.buf.push_str(s);
        Ok(())
    }
}

/// JSON text with U+0085, U+2028 and U+2029 written as `\u0085`, `\u2028` and `\u2029`: valid
/// JSON either way, but a reader that splits lines on more than `\n` (Python's `splitlines`)
/// would cut a JSON Lines record at a raw one in a dossier id. Applied to the bytes
/// `serde_json` and the hand-written findings produce: in JSON text these characters can stand
/// only inside strings, so rewriting them anywhere is the string escape, and every JSON report
/// gets it in one place. All other bytes pass unchanged.
pub struct JsonSeparatorsEscaped<'w> {
    out: &'w mut dyn std::io::Write,
    /// The start of a sequence cut off at the end of the last write (at most `E2 80`).
    held: Vec<u8>,
}

impl<'w> JsonSeparatorsEscaped<'w> {
    /// A writer that escapes the separators on their way to `out`. Call
    /// [`JsonSeparatorsEscaped::finish`] at the end.
    pub fn new(out: &'w mut dyn std::io::Write) -> Self {
        JsonSeparatorsEscaped {
            out,
            held: Vec::new(),
        }
    }

    /// Writes what is still held (only an incomplete character, never in valid UTF-8).
    pub fn finish(mut self) -> std::io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.out.write_all(&held)
    }

    fn escape(&mut self, data: &[u8]) -> std::io::Result<()> {
        let (mut run, mut at) = (0, 0);
        while let Some(k) = memchr::memchr2(0xC2, 0xE2, &data[at..]) {
            let i = at + k;
            let escaped: &[u8] = match &data[i..] {
                [0xC2, 0x85, ..] => b"\\u0085",
                [0xE2, 0x80, 0xA8, ..] => b"\\u2028",
                [0xE2, 0x80, 0xA9, ..] => b"\\u2029",
                // Cut off by the end of this write: decided with the next one.
                [0xC2] | [0xE2] | [0xE2, 0x80] => {
                    self.out.write_all(&data[run..i])?;
                    self.held.extend_from_slice(&data[i..]);
                    return Ok(());
                }
                _ => {
                    at = i + 1;
                    continue;
                }
            };
            self.out.write_all(&data[run..i])?;
            self.out.write_all(escaped)?;
            // Each is six bytes for a sequence of two or three.
            run = i + if data[i] == 0xC2 { 2 } else { 3 };
            at = run;
        }
        self.out.write_all(&data[run..])
    }
}

impl std::io::Write for JsonSeparatorsEscaped<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.held.is_empty() {
            self.escape(buf)?;
        } else {
            let mut joined = std::mem::take(&mut self.held);
            joined.extend_from_slice(buf);
            self.escape(&joined)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }
}

/// Whether a report can be written to `path`, asked before a long run rather than after it: a
/// device or pipe is written as it is, anything else needs a directory to make the file in
/// (checked by making an unnamed temporary file there, which leaves nothing behind).
pub fn check_writable(path: &Path) -> std::io::Result<()> {
    let path = &through_links(path);
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err(std::io::ErrorKind::IsADirectory.into()),
        Ok(m) if !m.is_file() => return Ok(()),
        _ => {}
    }
    tempfile::tempfile_in(dir_of(path)).map(drop)
}

/// The directory a report file is made in: its parent, or the current directory for a bare
/// name.
fn dir_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The file a symbolic link `path` leads to (followed link by link, so also one that does not
/// exist yet); `path` itself when it is no link. A report is written there: renamed over the
/// link, it would replace the link, and `-o /dev/stdout` run as root with standard output
/// redirected to a file would replace the system's `/dev/stdout` with the report.
fn through_links(path: &Path) -> std::path::PathBuf {
    let mut p = path.to_path_buf();
    // As the kernel does, give up on a loop after 40 links (the write then fails on the link).
    for _ in 0..40 {
        if !std::fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink()) {
            return p;
        }
        // A link to a pipe or device (`/dev/stdout` on a pipe: `/proc/self/fd/1`, whose
        // target `pipe:[…]` is no path) is written through as it is.
        if std::fs::metadata(&p).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
            return p;
        }
        let Ok(target) = std::fs::read_link(&p) else {
            return p;
        };
        p = match p.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    p
}

/// Writes a report so that an interrupted run never leaves half a file: on Linux an unnamed file
/// (`O_TMPFILE`) in the target's directory that gets a name only when complete, elsewhere a
/// temporary file with a random name; then an atomic rename. The report gets the mode a
/// `File::create` would give it: 0666 less the umask, or an existing report's own mode.
pub fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    write_atomic_with(path, &mut |w| w.write_all(text.as_bytes()))
}

/// [`write_atomic`] for a report written piece by piece (buffered).
pub fn write_atomic_with(
    path: &Path,
    body: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_atomic_via(path, body, true)
}

/// [`write_atomic_with`]; `unnamed: false` skips the `O_TMPFILE` way (tests of the fallback).
fn write_atomic_via(
    path: &Path,
    body: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    unnamed: bool,
) -> std::io::Result<()> {
    let path = &through_links(path);
    // A device or pipe (`-o /dev/null`, a FIFO) is written as it is: renaming a temporary file
    // over it would replace the device with a regular file.
    let existing = std::fs::metadata(path);
    if existing.as_ref().is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let f = std::fs::OpenOptions::new().write(true).open(path)?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        body(&mut w)?;
        return std::io::Write::flush(&mut w);
    }
    let dir = dir_of(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    // Hidden, named after the report, random: a run never meets its own name from an earlier
    // run (in a container vtcheck is PID 1 every time), and two runs never share one.
    let prefix = format!(".{name}.vtcheck-");
    let mut temp = tempfile::Builder::new();
    temp.prefix(&prefix).suffix(".tmp").rand_bytes(12);
    // A CI step that runs as another user must be able to read the report, as it could one
    // written by `File::create`: created with the mode that call uses (the kernel takes the umask
    // off), and an existing report's mode is kept, as editors keep it. Never wider while being
    // written than when done.
    let keep = mode::of(existing.ok().filter(std::fs::Metadata::is_file));
    mode::create_with(&mut temp, keep);
    #[cfg(target_os = "linux")]
    if unnamed && let Some(f) = unnamed_file::create(dir, keep) {
        let mut f = f;
        fill(&mut f, body)?;
        mode::keep(&f, keep)?;
        // A killed run leaves nothing behind until here; from here on the file is complete.
        // The link is removed again (by `NamedTempFile`) when the rename fails.
        match temp.make_in(dir, |p| unnamed_file::link(&f, p)) {
            Ok(named) => return named.persist(path).map_err(|e| bare(e.error)),
            // Linking refused (no /proc, no permission): copy the finished report instead.
            Err(_) => {
                use std::io::Seek;
                f.rewind()?;
                let mut named = temp.tempfile_in(dir).map_err(bare)?;
                std::io::copy(&mut f, named.as_file_mut())?;
                mode::keep(named.as_file(), keep)?;
                named.as_file().sync_all()?;
                return named.persist(path).map(drop).map_err(|e| bare(e.error));
            }
        }
    }
    let _ = unnamed;
    // Created with `create_new` (retried under another name when taken) and removed on every
    // error path by `NamedTempFile`: only ever the file this run made.
    let mut named = temp.tempfile_in(dir).map_err(bare)?;
    fill(named.as_file_mut(), body)?;
    mode::keep(named.as_file(), keep)?;
    named.persist(path).map(drop).map_err(|e| bare(e.error))
}

/// An error of `tempfile` without its wrapper: the wrapper names the random temporary file and
/// its English text would bypass the Dutch wording of [`crate::diag::io_nl`], which goes by kind.
fn bare(e: std::io::Error) -> std::io::Error {
    match (e.raw_os_error(), e.get_ref()) {
        (Some(code), _) => std::io::Error::from_raw_os_error(code),
        (None, Some(_)) => std::io::Error::from(e.kind()),
        (None, None) => e,
    }
}

/// Writes the report into `f` (buffered) and syncs it to disk before it gets its name.
fn fill(
    f: &mut std::fs::File,
    body: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
    body(&mut w)?;
    let f = w.into_inner().map_err(|e| e.into_error())?;
    f.sync_all()
}

/// The permission bits of a report file (Unix; elsewhere the system's defaults apply).
mod mode {
    /// The permission bits of the existing report `m`, if any.
    #[cfg(unix)]
    pub fn of(m: Option<std::fs::Metadata>) -> Option<u32> {
        use std::os::unix::fs::PermissionsExt;
        // Writing a file clears set-id bits; the report keeps only read, write and execute.
        m.map(|m| m.permissions().mode() & 0o777)
    }

    /// The mode a new report file is created with, before the umask: `File::create`'s 0666, or
    /// the existing report's (the umask may narrow it; [`keep`] restores it once written).
    #[cfg(unix)]
    pub fn create(keep: Option<u32>) -> u32 {
        keep.unwrap_or(0o666)
    }

    #[cfg(unix)]
    pub fn create_with(temp: &mut tempfile::Builder<'_, '_>, keep: Option<u32>) {
        use std::os::unix::fs::PermissionsExt;
        temp.permissions(std::fs::Permissions::from_mode(create(keep)));
    }

    /// Gives the finished file the existing report's mode exactly (the umask does not apply).
    #[cfg(unix)]
    pub fn keep(f: &std::fs::File, keep: Option<u32>) -> std::io::Result<()> {
        use std::os::unix::fs::PermissionsExt;
        match keep {
            Some(m) => f.set_permissions(std::fs::Permissions::from_mode(m)),
            None => Ok(()),
        }
    }

    #[cfg(not(unix))]
    pub fn of(_: Option<std::fs::Metadata>) -> Option<u32> {
        None
    }

    #[cfg(not(unix))]
    pub fn create_with(_: &mut tempfile::Builder<'_, '_>, _: Option<u32>) {}

    #[cfg(not(unix))]
    pub fn keep(_: &std::fs::File, _: Option<u32>) -> std::io::Result<()> {
        Ok(())
    }
}

/// Linux files without a name (`O_TMPFILE`): a report in one has no directory entry until it is
/// complete, so a run killed while writing leaves nothing on disk.
#[cfg(target_os = "linux")]
mod unnamed_file {
    use std::fs::File;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    use std::path::Path;

    /// An unnamed file in `dir` (mode: [`super::mode::create`] less the umask), or `None` where
    /// the file system or kernel has no `O_TMPFILE` (the caller then uses a named temporary file).
    pub fn create(dir: &Path, keep: Option<u32>) -> Option<File> {
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .mode(super::mode::create(keep))
            .custom_flags(libc::O_TMPFILE)
            .open(dir)
            .ok()
    }

    /// Gives the unnamed file `f` the name `to`; fails with `AlreadyExists` when `to` is taken.
    /// Through `/proc/self/fd` first (needs no privilege), else `AT_EMPTY_PATH`.
    pub fn link(f: &File, to: &Path) -> std::io::Result<()> {
        let c = |p: &[u8]| {
            std::ffi::CString::new(p)
                .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))
        };
        let to = c(to.as_os_str().as_bytes())?;
        let fd = f.as_raw_fd();
        let proc = c(format!("/proc/self/fd/{fd}").as_bytes())?;
        // SAFETY: both paths are NUL-terminated C strings that outlive the calls; `fd` is open.
        let r = unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                proc.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        };
        if r == 0 {
            return Ok(());
        }
        let e = std::io::Error::last_os_error();
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            return Err(e);
        }
        // SAFETY: as above; the empty path is a valid C string.
        let r = unsafe {
            libc::linkat(
                fd,
                c"".as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::AT_EMPTY_PATH,
            )
        };
        if r == 0 {
            Ok(())
        } else {
            Err(std::io::Error::last_os_error())
        }
    }
}

/// `--format jsonl`: one finding per line, the same object as in the JSON report plus the as-of
/// date (`as_of`), then one closing line `{"type":"end",…}` with the as-of date, the input counts
/// and the number of findings. The closing line is there in every run: the contract wants every
/// report to state its as-of date, a clean run included, and a reader of a stream can tell a
/// complete report from one cut short.
pub fn jsonl(
    run: &CheckRun,
    ctx: &ReportContext<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = JsonSeparatorsEscaped::new(out);
    jsonl_lines(run, ctx, &mut out)?;
    out.finish()
}

fn jsonl_lines(
    run: &CheckRun,
    ctx: &ReportContext<'_>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let as_of = crate::dossier::model::fmt_date_iso(run.as_of);
    let mut findings = 0u64;
    for f in run.findings.iter() {
        let mut line = json::finding(&f, ctx);
        line.as_of = Some(&as_of);
        serde_json::to_writer(&mut *out, &line)?;
        out.write_all(b"\n")?;
        findings += 1;
    }
    #[derive(serde::Serialize)]
    struct End<'a> {
        #[serde(rename = "type")]
        kind: &'static str,
        as_of: &'a str,
        inputs: json::Inputs,
        findings: u64,
        /// Only with `--parse-only`: no rule judged the dossiers, so no findings says nothing.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        parse_only: bool,
    }
    let end = End {
        kind: "end",
        as_of: &as_of,
        inputs: json::Inputs::of(run),
        findings,
        parse_only: run.parse_only,
    };
    serde_json::to_writer(&mut *out, &end)?;
    out.write_all(b"\n")
}

/// Whether a finding fails the run: a violation at or above the fail level, never an `info` one
/// ("shown but never failing"), and with a baseline only one it does not know. Waived findings
/// are no violations. The exit code and the JUnit failures both ask this.
pub fn fails(
    f: &Finding,
    rules: &RuleSet,
    fail_level: Severity,
    baseline: Option<&HashSet<String>>,
) -> bool {
    f.status == Status::Violation
        && f.severity >= fail_level
        && f.severity != Severity::Info
        && baseline.is_none_or(|b| !b.contains(&finding_fingerprint(rules, f)))
}

/// Exit code per the CLI contract: 2 for unreadable input, else 1 for a violation at or above the
/// fail level, else 0. Rule-file and usage errors never reach a report (they exit 2 earlier).
/// With a baseline, only violations not in it fail.
pub fn exit_code(
    run: &CheckRun,
    rules: &RuleSet,
    fail_level: Severity,
    baseline: Option<&HashSet<String>>,
) -> i32 {
    if run.errors().next().is_some() {
        return 2;
    }
    let Some(baseline) = baseline else {
        // Without a baseline the counts answer it: no second pass over the findings.
        return i32::from(
            [Severity::Error, Severity::Warning]
                .into_iter()
                .any(|s| s >= fail_level && run.findings.violations(s) > 0),
        );
    };
    let failing = run
        .findings
        .iter()
        .any(|f| fails(&f, rules, fail_level, Some(baseline)));
    i32::from(failing)
}

#[cfg(test)]
mod tests {
    use super::{check_writable, write_atomic, write_atomic_via};
    use std::path::Path;

    /// The separators are escaped wherever a write cuts them, and nothing else changes (other
    /// characters that start with the same bytes included: `é` is C3 A9, `’` E2 80 99, `¥` C2 A5).
    #[test]
    fn json_line_separators_are_escaped_across_writes() {
        use std::io::Write as _;
        let text = "{\"id\":\"A\u{85}B\u{2028}C\u{2029}D é’¥\u{2027}\u{202A}\"}\n\u{2028}";
        let expected = "{\"id\":\"A\\u0085B\\u2028C\\u2029D é’¥\u{2027}\u{202A}\"}\n\\u2028";
        let b = text.as_bytes();
        for cut in 0..=b.len() {
            for second in cut..=b.len() {
                let mut out = Vec::new();
                let mut w = super::JsonSeparatorsEscaped::new(&mut out);
                for part in [&b[..cut], &b[cut..second], &b[second..]] {
                    w.write_all(part).unwrap();
                }
                w.finish().unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), expected, "{cut} {second}");
            }
        }
    }

    /// The first violation on an item hashes what a baseline written before occurrences were
    /// counted holds (`sha256("<id>\0<rule>\0<item>\0<version>")`, 32 hex digits), so such a
    /// baseline keeps matching; the second one is another fingerprint.
    #[test]
    fn the_first_occurrence_keeps_the_fingerprint_older_baselines_hold() {
        let first =
            super::fingerprint_versioned("MB-2025-00901", "VT-D01", Some("overdracht[1]"), "1", 0);
        assert_eq!(first, "f184300e3c319008c545ea408384cbb0");
        let second =
            super::fingerprint_versioned("MB-2025-00901", "VT-D01", Some("overdracht[1]"), "1", 1);
        assert_eq!(second, "15a9fb4c1bcebdbd84f3d7893487f216");
    }

    /// The names in `dir`, sorted.
    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    /// A leftover of an earlier run under the old pid-based name (in a container every run is
    /// PID 1): it neither blocks this run nor is removed by it.
    fn stale(dir: &Path) -> String {
        let name = format!(".r.json.vtcheck-{}.tmp", std::process::id());
        std::fs::write(dir.join(&name), "half").unwrap();
        name
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_report_being_written_has_no_name_yet() {
        let dir = tempfile::tempdir().unwrap();
        let old = stale(dir.path());
        let target = dir.path().join("r.json");
        write_atomic_via(
            &target,
            &mut |w| {
                w.write_all(b"{\"half\":")?;
                w.flush()?;
                // A run killed here leaves nothing behind: the file has no directory entry.
                assert_eq!(names(dir.path()), std::slice::from_ref(&old));
                w.write_all(b"1}\n")
            },
            true,
        )
        .unwrap();
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "{\"half\":1}\n");
        assert_eq!(names(dir.path()), [old.clone(), "r.json".to_string()]);
        assert_eq!(
            std::fs::read_to_string(dir.path().join(&old)).unwrap(),
            "half"
        );
        assert_eq!(mode_of(&target), 0o666 & !umask());
    }

    #[cfg(unix)]
    fn mode_of(p: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
    }

    /// This process's umask, as Linux reports it (reading it with `umask(2)` would change it
    /// for the other tests' threads); 0o022 where there is no /proc.
    #[cfg(unix)]
    fn umask() -> u32 {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("Umask:"))
                    .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
            })
            .unwrap_or(0o022)
    }

    /// A report file gets the mode `File::create` would give it, both ways: a new one 0666 less
    /// the umask (not 0600: a CI step as another user reads it), an existing one its own mode,
    /// even one the umask would narrow.
    #[cfg(unix)]
    #[test]
    fn a_report_gets_the_mode_file_create_gives() {
        use std::os::unix::fs::PermissionsExt;
        for unnamed in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let target = dir.path().join("r.json");
            write_atomic_via(&target, &mut |w| w.write_all(b"1"), unnamed).unwrap();
            assert_eq!(mode_of(&target), 0o666 & !umask(), "{unnamed}");
            for kept in [0o640, 0o666, 0o600] {
                std::fs::set_permissions(&target, std::fs::Permissions::from_mode(kept)).unwrap();
                write_atomic_via(&target, &mut |w| w.write_all(b"2"), unnamed).unwrap();
                assert_eq!(mode_of(&target), kept, "{unnamed} {kept:o}");
            }
        }
    }

    /// Review 32: a report is written to the file a link leads to, and the link stays (renamed
    /// over it, `-o /dev/stdout` run as root with standard output in a file replaced the
    /// system's `/dev/stdout`); a link to nothing yet makes its target, a link to a pipe is
    /// written through.
    #[cfg(unix)]
    #[test]
    fn a_report_goes_where_a_link_leads_and_the_link_stays() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let is_link = |p: &Path| {
            std::fs::symlink_metadata(p)
                .unwrap()
                .file_type()
                .is_symlink()
        };
        std::fs::write(dir.path().join("doel.json"), "oud").unwrap();
        symlink("doel.json", dir.path().join("link")).unwrap();
        symlink("link", dir.path().join("link2")).unwrap();
        symlink("nieuw.json", dir.path().join("los")).unwrap();
        for unnamed in [true, false] {
            for (link, target) in [
                ("link", "doel.json"),
                ("link2", "doel.json"),
                ("los", "nieuw.json"),
            ] {
                let l = dir.path().join(link);
                check_writable(&l).unwrap();
                write_atomic_via(&l, &mut |w| w.write_all(link.as_bytes()), unnamed).unwrap();
                assert!(is_link(&l), "{link}");
                assert_eq!(
                    std::fs::read_to_string(dir.path().join(target)).unwrap(),
                    link
                );
            }
        }
        let fifo = dir.path().join("pijp");
        assert!(
            std::process::Command::new("mkfifo")
                .arg(&fifo)
                .status()
                .unwrap()
                .success()
        );
        symlink(&fifo, dir.path().join("naar-pijp")).unwrap();
        // The read end opened first and without blocking, so that opening the write end does
        // not wait; were the link replaced, nothing would arrive, and nothing hangs.
        let mut read_end = {
            use std::os::unix::fs::OpenOptionsExt;
            std::fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NONBLOCK)
                .open(&fifo)
                .unwrap()
        };
        write_atomic(&dir.path().join("naar-pijp"), "door").unwrap();
        let mut got = String::new();
        let _ = std::io::Read::read_to_string(&mut read_end, &mut got);
        assert_eq!(got, "door");
        assert!(is_link(&dir.path().join("naar-pijp")));
    }

    #[test]
    fn the_fallback_uses_a_random_name_and_removes_only_its_own_file() {
        for unnamed in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let old = stale(dir.path());
            let target = dir.path().join("r.json");
            std::fs::write(&target, "vorige").unwrap();
            let mut seen = Vec::new();
            // A failing report: the target keeps its old content, no temporary file stays.
            let err = write_atomic_via(
                &target,
                &mut |w| {
                    w.write_all(b"{")?;
                    w.flush()?;
                    seen = names(dir.path());
                    Err(std::io::Error::other("afgebroken"))
                },
                unnamed,
            )
            .unwrap_err();
            assert_eq!(err.to_string(), "afgebroken");
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "vorige");
            assert_eq!(names(dir.path()), [old.clone(), "r.json".to_string()]);
            assert_eq!(
                std::fs::read_to_string(dir.path().join(&old)).unwrap(),
                "half"
            );
            if !unnamed {
                // Named after the report, but not after the process.
                let own: Vec<&String> = seen
                    .iter()
                    .filter(|n| **n != old && *n != "r.json")
                    .collect();
                assert_eq!(own.len(), 1, "{seen:?}");
                assert!(own[0].starts_with(".r.json.vtcheck-") && own[0].ends_with(".tmp"));
            }
            // And a report that completes replaces the target.
            write_atomic_via(&target, &mut |w| w.write_all(b"nieuw"), unnamed).unwrap();
            assert_eq!(std::fs::read_to_string(&target).unwrap(), "nieuw");
            assert_eq!(names(dir.path()), [old.clone(), "r.json".to_string()]);
        }
    }
}
