//! Positioned diagnostics shared by every reader (dossiers, manifests, rule files).
//!
//! Messages are Dutch and never contain free text from a dossier: they name the field and the
//! position, and repeat a value only when it is a date, a number or an enumeration token. As a
//! second line of defence, BSN-like numbers (elfproef) in a message or help are masked when the
//! diagnostic is made, so no report, log or annotation can print one.

use std::sync::Arc;

use crate::dossier::node::Pos;
use crate::privacy::{mask_bsn, mask_name};

/// How bad a [`Diag`] is: an error rejects what it is about (a dossier, a rule file), a warning
/// does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Rejects what it is about (`fout` in messages).
    Error,
    /// Worth knowing; rejects nothing (`waarschuwing` in messages).
    Warning,
}

/// The "file" of a diagnostic that is about no file (see [`Diag::is_general`]).
pub const TOOL: &str = "vtcheck";

/// A Dutch message about a place in a file: an input error or a warning, of a dossier, an
/// export, a rule file, a waiver file or the run itself.
///
/// `Display` writes it on one line as compilers do (`export.yaml:4:12: fout: …`, with
/// `hulp: …` after it), and it is a [`std::error::Error`], so an embedder can pass it on with
/// `?`. The CLI's reports show it with a snippet of the file instead.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diag {
    /// How bad it is.
    pub level: Level,
    /// The file it is about, as the user named it (`-` for standard input), or [`TOOL`] for none.
    pub file: Arc<str>,
    /// Where in `file`; line 0 ([`Pos::known`] is `None`) for the whole file.
    pub pos: Pos,
    /// What is wrong, in Dutch, with BSN-like numbers masked.
    pub message: String,
    /// How to put it right, in Dutch (BSN-like numbers masked), where a hint helps.
    pub help: Option<String>,
    /// The dossier id the message names, if it names one (a waiver's), and the byte offset in
    /// `message` where it is shown (as [`crate::privacy::shown_id`] shows it), so that
    /// `--pseudonymise` replaces exactly that, like every other dossier id in a report: the
    /// same digits elsewhere in the message (a date) are left alone.
    pub dossier: Option<(String, u32)>,
}

impl std::fmt::Display for Diag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let level = match self.level {
            Level::Error => "fout",
            Level::Warning => "waarschuwing",
        };
        match self.pos.known() {
            Some(_) => write!(f, "{}:{}:{}: ", self.file, self.pos.line, self.pos.col)?,
            None if self.is_general() => {}
            None => write!(f, "{}: ", self.file)?,
        }
        write!(f, "{level}: {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (hulp: {help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diag {}

impl Diag {
    /// An error at `pos` in `file`; BSN-like numbers in `message` are masked.
    pub fn error(file: &Arc<str>, pos: Pos, message: impl Into<String>) -> Diag {
        Diag {
            level: Level::Error,
            file: file.clone(),
            pos,
            message: mask_bsn(&message.into()).into_owned(),
            help: None,
            dossier: None,
        }
    }

    /// A warning at `pos` in `file`, masked as [`Diag::error`] masks.
    pub fn warning(file: &Arc<str>, pos: Pos, message: impl Into<String>) -> Diag {
        Diag {
            level: Level::Warning,
            ..Diag::error(file, pos, message)
        }
    }

    /// Sets the help (`None`: none), with BSN-like numbers masked as in the message.
    pub fn with_help(mut self, help: Option<String>) -> Diag {
        self.help = help.map(|h| mask_bsn(&h).into_owned());
        self
    }

    /// Records that the message names dossier `id`, shown at byte offset `at` as it is or, where
    /// it holds a BSN, as a name with the BSN masked.
    ///
    /// The message was masked as free text, where nine digits in any grouping count; the id is
    /// a name, masked only where it is written as a BSN ([`crate::privacy::mask_name`]), so
    /// `MB-2025-00901` is shown as it is here as everywhere else.
    pub fn with_dossier(mut self, id: &str, at: usize) -> Diag {
        let shown = crate::privacy::shown_id(id);
        if let std::borrow::Cow::Owned(as_text) = mask_bsn(&shown)
            && self
                .message
                .get(at..)
                .is_some_and(|m| m.starts_with(&as_text))
        {
            let as_name = crate::privacy::mask_name(&shown);
            self.message.replace_range(at..at + as_text.len(), &as_name);
        }
        // Shown as it is, or as a name with a BSN masked: either way the place is recorded, so
        // that `--pseudonymise` puts the pseudonym there ([`Diag::shown_dossier_len`]).
        let there = self.shown_dossier_len(id, at as u32).is_some();
        debug_assert!(
            there || matches!(mask_bsn(&shown), std::borrow::Cow::Owned(_)),
            "with_dossier: the message does not show the id at {at}"
        );
        if there {
            self.dossier = Some((id.to_string(), at as u32));
        }
        self
    }

    /// The length in bytes of dossier `id` as the message shows it at `at`: as it is, or as a
    /// name with its BSN masked ([`crate::privacy::mask_name`]); `None` when it is not there.
    pub fn shown_dossier_len(&self, id: &str, at: u32) -> Option<usize> {
        let shown = crate::privacy::shown_id(id);
        let masked = crate::privacy::mask_name(&shown);
        let rest = self.message.get(at as usize..)?;
        [&*shown, &*masked]
            .into_iter()
            .find(|s| rest.starts_with(*s))
            .map(str::len)
    }

    /// About no file: a usage error or a failure of the run itself, attributed to the tool
    /// ([`TOOL`]) without a position. Machine reports still name `vtcheck` as its file.
    pub fn is_general(&self) -> bool {
        &*self.file == TOOL && self.pos.known().is_none()
    }

    /// Whether it is an error rather than a warning.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// `file:line:column`, the form editors and CI annotations understand.
    /// The file name is printed as every name is, with BSN-like numbers masked.
    pub fn location(&self) -> String {
        let file = mask_name(&self.file);
        match self.pos.known() {
            None => file.into_owned(),
            Some(p) => format!("{file}:{}:{}", p.line, p.col),
        }
    }
}

/// The system's error inside `e`, where a writer wrapped it in its own (the csv writer does, in
/// English and with the kind `Other`): what it says, and whether it is a closed pipe.
pub fn innermost(e: &std::io::Error) -> &std::io::Error {
    let Some(inner) = e.get_ref() else {
        return e;
    };
    if let Some(io) = inner.downcast_ref::<std::io::Error>() {
        return innermost(io);
    }
    match inner.downcast_ref::<csv::Error>().map(csv::Error::kind) {
        Some(csv::ErrorKind::Io(io)) => innermost(io),
        _ => e,
    }
}

/// An I/O error in Dutch, for messages: the standard library words them in English ("No such
/// file or directory (os error 2)"). Errors vtcheck makes itself carry a Dutch message, kept.
pub fn io_nl(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let e = innermost(e);
    if e.get_ref().is_some() {
        return e.to_string();
    }
    // Two that the error kinds do not tell apart yet (ELOOP, ENAMETOOLONG), by their numbers.
    let (eloop, toolong) = if cfg!(any(target_os = "macos", target_os = "ios")) {
        (62, 63)
    } else {
        (40, 36)
    };
    let text = match e.kind() {
        _ if cfg!(unix) && e.raw_os_error() == Some(eloop) => {
            "te veel symbolische koppelingen na elkaar (een koppeling naar zichzelf of een lus)"
        }
        _ if cfg!(unix) && e.raw_os_error() == Some(toolong) => "bestandsnaam of pad te lang",
        K::NotFound => "bestand of map bestaat niet",
        K::PermissionDenied => "geen toegang (rechten)",
        K::AlreadyExists => "bestaat al",
        K::IsADirectory => "is een map, geen bestand",
        K::NotADirectory => "een deel van het pad is geen map",
        K::DirectoryNotEmpty => "map is niet leeg",
        K::ReadOnlyFilesystem => "alleen-lezen bestandssysteem",
        K::StorageFull => "de schijf is vol",
        K::QuotaExceeded => "schijfquotum overschreden",
        K::FileTooLarge => "bestand te groot",
        K::InvalidData => "ongeldige gegevens (bijvoorbeeld geen geldige UTF-8)",
        K::UnexpectedEof => "bestand houdt onverwacht op",
        K::Interrupted => "onderbroken",
        K::TimedOut | K::WouldBlock => "time-out",
        K::BrokenPipe => "de uitvoer is gesloten",
        K::InvalidInput | K::InvalidFilename => "ongeldige bestandsnaam of invoer",
        K::Unsupported => "niet ondersteund op dit systeem",
        K::OutOfMemory => "onvoldoende geheugen",
        K::CrossesDevices => "kan niet naar een ander bestandssysteem verplaatsen",
        K::ResourceBusy | K::ExecutableFileBusy => "bestand of apparaat is bezet",
        K::TooManyLinks => "te veel koppelingen",
        _ => "invoer-/uitvoerfout",
    };
    match e.raw_os_error() {
        Some(n) => format!("{text} (systeemfout {n})"),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod io_tests {
    use super::io_nl;
    use std::io;

    /// An id quoted in a message is masked as a name, not as free text: a code with nine digits
    /// split by dashes stays readable, nine digits written as a BSN do not.
    #[test]
    fn an_id_in_a_message_is_masked_as_a_name() {
        use crate::diag::Diag;
        use crate::dossier::Pos;
        use std::sync::Arc;
        let file: Arc<str> = "w.yaml".into();
        let at = "ontheffing voor ".len();
        let d = |id: &str| {
            Diag::warning(
                &file,
                Pos::default(),
                format!("ontheffing voor {id} / VT-O01"),
            )
            .with_dossier(id, at)
        };
        let code = d("MB-2025-00901");
        assert_eq!(code.message, "ontheffing voor MB-2025-00901 / VT-O01");
        assert_eq!(code.dossier, Some(("MB-2025-00901".to_string(), at as u32)));
        let bsn = d("111222333");
        assert_eq!(bsn.message, "ontheffing voor ********* / VT-O01");
        // Recorded all the same, so that `--pseudonymise` puts the pseudonym there.
        assert_eq!(bsn.dossier, Some(("111222333".to_string(), at as u32)));
        // The same digits elsewhere in the message stay masked as free text.
        let other = Diag::warning(&file, Pos::default(), "x 2025-00901 y".to_string());
        assert!(other.message.contains("*********"), "{}", other.message);
    }

    #[test]
    fn io_errors_read_in_dutch() {
        let missing = std::fs::read("/dit/pad/bestaat/niet").unwrap_err();
        assert_eq!(
            io_nl(&missing),
            "bestand of map bestaat niet (systeemfout 2)"
        );
        let dir = std::fs::read(std::env::temp_dir()).unwrap_err();
        assert!(io_nl(&dir).starts_with("is een map"), "{}", io_nl(&dir));
        #[cfg(unix)]
        {
            let t = tempfile::tempdir().unwrap();
            let link = t.path().join("zelf.yaml");
            std::os::unix::fs::symlink(&link, &link).unwrap();
            let e = std::fs::read(&link).unwrap_err();
            assert!(
                io_nl(&e).starts_with("te veel symbolische koppelingen"),
                "{}",
                io_nl(&e)
            );
            let long = t.path().join("a".repeat(300));
            let e = std::fs::read(long).unwrap_err();
            assert!(
                io_nl(&e).starts_with("bestandsnaam of pad te lang"),
                "{}",
                io_nl(&e)
            );
        }
        let utf8 = io::Error::new(
            io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        );
        // A message of the caller's own is kept (vtcheck's are Dutch)...
        assert_eq!(io_nl(&utf8), "stream did not contain valid UTF-8");
        // ... the standard library's are not.
        let eof = io::Error::from(io::ErrorKind::UnexpectedEof);
        assert_eq!(io_nl(&eof), "bestand houdt onverwacht op");
        // Not UTF-8, as `read_to_string` says it.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x");
        std::fs::write(&path, [0xffu8]).unwrap();
        let read = std::fs::read_to_string(&path).unwrap_err();
        assert_eq!(
            io_nl(&read),
            "ongeldige gegevens (bijvoorbeeld geen geldige UTF-8)"
        );
        // A system error wrapped by a writer (the csv writer's, review 32) is the system's.
        let full = io::Error::from_raw_os_error(28);
        let mut csv = csv::Writer::from_writer(Full);
        let e = csv
            .write_record(["a"])
            .and_then(|_| csv.flush().map_err(Into::into));
        let wrapped = io::Error::other(e.unwrap_err());
        assert_eq!(io_nl(&wrapped), "de schijf is vol (systeemfout 28)");
        assert_eq!(
            io_nl(&io::Error::other(full)),
            "de schijf is vol (systeemfout 28)"
        );
    }

    /// A writer on a full disk.
    struct Full;

    impl io::Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::Error::from_raw_os_error(28))
        }
        fn flush(&mut self) -> io::Result<()> {
            Err(io::Error::from_raw_os_error(28))
        }
    }
}

/// A deserialiser's message about the shape of a file (serde's wording, in English) in Dutch:
/// `unknown field`, `missing field`, `invalid type`, `unknown variant` and the like keep the
/// names they quote; any other message is kept as it is.
pub fn serde_nl(msg: &str) -> String {
    let msg = msg.lines().next().unwrap_or("").trim();
    // "unknown field `x`, expected one of `a`, `b`" (or "expected `a`")
    let rest_after = |prefix: &str| msg.strip_prefix(prefix).map(str::to_string);
    let split_expected = |s: &str| -> (String, Option<String>) {
        match s.split_once(", expected ") {
            Some((what, exp)) => (
                what.to_string(),
                Some(exp.trim_start_matches("one of ").to_string()),
            ),
            None => (s.to_string(), None),
        }
    };
    let with_expected = |head: String, exp: Option<String>| match exp {
        Some(e) => format!(
            "{}; verwacht: {}",
            words_nl(&head),
            words_nl(&struct_nl(&e))
        ),
        None => words_nl(&head),
    };
    // A list where an object belongs: serde reads it as the fields in order and says
    // "invalid length 0, expected struct X with 4 elements".
    if let Some(r) = rest_after("invalid length ")
        && let (_, Some(exp)) = split_expected(&r)
        && exp.starts_with("struct ")
    {
        return "verkeerd soort waarde: lijst; verwacht: een object".to_string();
    }
    const SHAPES: &[(&str, &str, &str)] = &[
        ("unknown field ", "onbekend veld ", ""),
        ("unknown variant ", "onbekende waarde ", ""),
        ("missing field ", "verplicht veld ", " ontbreekt"),
        ("duplicate field ", "veld ", " komt twee keer voor"),
        ("invalid type: ", "verkeerd soort waarde: ", ""),
        ("invalid value: ", "ongeldige waarde: ", ""),
        ("invalid length ", "verkeerd aantal: ", ""),
    ];
    for (en, before, after) in SHAPES {
        if let Some(r) = rest_after(en) {
            let (what, exp) = split_expected(&r);
            return with_expected(format!("{before}{what}{after}"), exp);
        }
    }
    msg.to_string()
}

/// serde's name for a struct (`struct PositiefMeldingen with 4 elements`, a Rust type name) as
/// the kind of value a file holds there.
fn struct_nl(expected: &str) -> String {
    match expected.strip_prefix("struct ") {
        Some(_) => "een object".to_string(),
        None => expected.to_string(),
    }
}

/// serde's names for kinds of value, in Dutch (outside quoted names).
fn words_nl(s: &str) -> String {
    const WORDS: &[(&str, &str)] = &[
        (" or ", " of "),
        ("a boolean", "true of false"),
        ("boolean", "true/false"),
        ("a string", "tekst"),
        ("string", "tekst"),
        ("a sequence", "een lijst"),
        ("sequence", "lijst"),
        ("a map", "een object"),
        ("map", "object"),
        ("an integer", "een geheel getal"),
        ("integer", "geheel getal"),
        ("floating point", "getal"),
        ("unit value", "lege waarde"),
        // The Rust number types serde names as what it expected.
        ("usize", "een geheel getal van 0 of meer"),
        ("u64", "een geheel getal van 0 of meer"),
        ("u32", "een geheel getal van 0 of meer"),
        ("u16", "een geheel getal van 0 of meer"),
        ("u8", "een geheel getal van 0 of meer"),
        ("isize", "een geheel getal"),
        ("i64", "een geheel getal"),
        ("i32", "een geheel getal"),
        ("f64", "een getal"),
        ("f32", "een getal"),
    ];
    // Only outside `…` and "…": quoted parts are the file's own names and values.
    let mut out = String::with_capacity(s.len());
    let mut quote: Option<char> = None;
    let mut plain = String::new();
    let flush = |plain: &mut String, out: &mut String| {
        let mut t = std::mem::take(plain);
        for (en, nl) in WORDS {
            t = replace_words(&t, en, nl);
        }
        out.push_str(&t);
    };
    for c in s.chars() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '`' || c == '"' => {
                flush(&mut plain, &mut out);
                out.push(c);
                quote = Some(c);
            }
            None => plain.push(c),
        }
    }
    flush(&mut plain, &mut out);
    out
}

/// `s` with every `en` that stands as whole words (not inside `mapping`) replaced by `nl`.
fn replace_words(s: &str, en: &str, nl: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut prev: Option<char> = None;
    while let Some(i) = rest.find(en) {
        let before = rest[..i].chars().next_back().or(prev);
        let after = rest[i + en.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        out.push_str(&rest[..i]);
        if word(before) || word(after) {
            out.push_str(en);
        } else {
            out.push_str(nl);
        }
        prev = en.chars().next_back();
        rest = &rest[i + en.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod serde_tests {
    use super::serde_nl;

    #[test]
    fn serde_messages_read_in_dutch() {
        for (en, nl) in [
            (
                "unknown field `datm`, expected one of `naam`, `datum`",
                "onbekend veld `datm`; verwacht: `naam`, `datum`",
            ),
            ("missing field `naam`", "verplicht veld `naam` ontbreekt"),
            (
                "invalid type: string \"x\", expected a boolean",
                "verkeerd soort waarde: tekst \"x\"; verwacht: true of false",
            ),
            (
                "unknown variant `ja`, expected `elk` or `lustrum`",
                "onbekende waarde `ja`; verwacht: `elk` of `lustrum`",
            ),
            ("iets anders", "iets anders"),
            (
                "unknown field `map or string`, expected `a`",
                "onbekend veld `map or string`; verwacht: `a`",
            ),
            (
                "invalid type: mapping, expected a map",
                "verkeerd soort waarde: mapping; verwacht: een object",
            ),
            (
                "invalid type: floating point `2.5`, expected usize",
                "verkeerd soort waarde: getal `2.5`; verwacht: een geheel getal van 0 of meer",
            ),
            (
                "invalid value: integer `-3`, expected usize",
                "ongeldige waarde: geheel getal `-3`; verwacht: een geheel getal van 0 of meer",
            ),
            (
                "invalid length 0, expected struct PositiefMeldingen with 4 elements",
                "verkeerd soort waarde: lijst; verwacht: een object",
            ),
            (
                "invalid type: string \"x\", expected struct Expect",
                "verkeerd soort waarde: tekst \"x\"; verwacht: een object",
            ),
        ] {
            assert_eq!(serde_nl(en), nl);
        }
    }
}

/// A parser's message in Dutch: one about a file's shape by [`serde_nl`], else the first entry
/// of `table` (English fragment, Dutch text) it contains, else a syntax error at the position
/// reported beside it.
pub fn parser_nl(msg: &str, table: &[(&str, &str)]) -> String {
    let shaped = serde_nl(msg);
    if shaped != msg {
        return shaped;
    }
    table
        .iter()
        .find(|(en, _)| msg.contains(en))
        .map_or("syntaxisfout", |(_, nl)| nl)
        .to_string()
}

/// serde_json's syntax errors in Dutch, without the position it appends (reported apart).
pub fn json_nl(e: &serde_json::Error) -> String {
    const TABLE: &[(&str, &str)] = &[
        ("trailing comma", "komma te veel"),
        ("EOF while parsing", "het bestand houdt onverwacht op"),
        ("expected value", "verwachtte een waarde"),
        ("expected `,` or `]`", "verwachtte `,` of `]`"),
        ("expected `,` or `}`", "verwachtte `,` of `}`"),
        ("expected `:`", "verwachtte `:`"),
        (
            "key must be a string",
            "een sleutel moet tekst tussen aanhalingstekens zijn",
        ),
        ("control character", "stuurteken in een tekst"),
        ("invalid escape", "ongeldige `\\`-code in een tekst"),
        ("invalid unicode", "ongeldige `\\u`-code in een tekst"),
        (
            "trailing characters",
            "tekst na het einde van het JSON-object",
        ),
        ("invalid number", "ongeldig getal"),
        ("number out of range", "getal te groot"),
        ("recursion limit", "te diep genest"),
    ];
    let msg = e.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => &msg,
    };
    parser_nl(msg, TABLE)
}
