//! YAML into [`Node`]s, through serde-saphyr.
//!
//! serde-saphyr (not serde_yaml) because it is maintained, memory-safe, enforces budgets against
//! alias bombs and deep nesting, and gives the position of every value through `Spanned<T>`.
//!
//! A multi-document file is split at its `---` / `...` marker lines before parsing, so that a
//! syntax error in one dossier costs only that dossier, not the rest of the file.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::node::{Key, Node, OwnedNode, Pos, Value};

/// One YAML document of a file: its text and where it starts.
#[derive(Debug, Clone, Copy)]
pub struct Document<'a> {
    /// The document's part of the file: after its `---` line (or after `--- ` on that line) up
    /// to the next marker line, markers excluded.
    pub text: &'a str,
    /// 1-based line of the document's first line in the file.
    pub first_line: u32,
    /// Columns before the document on its first line: 4 when it starts on its `--- ` line.
    pub first_col: u32,
    /// Byte offset of the document in the file.
    pub offset: usize,
}

/// Splits a YAML stream into documents at column-0 `---` and `...` lines. A marker line at
/// column 0 always ends the previous document in YAML (even a block scalar), so the split agrees
/// with the parser. Documents with nothing but blanks and comments are dropped.
pub fn split_documents(text: &str) -> Vec<Document<'_>> {
    split_stream(text).0
}

/// [`split_documents`], and the positions (line, column 1) of the `---` markers that open a
/// document with nothing in it: YAML reads such a document as null, and a dossier file must say
/// that it skips one rather than drop it in silence. Text before the first marker, or after a
/// `...`, is no document when it holds only comments.
pub fn split_stream(text: &str) -> (Vec<Document<'_>>, Vec<Pos>) {
    let mut docs = Vec::new();
    let mut empty = Vec::new();
    // A byte order mark is no content: a file of it and comments holds no document, and a
    // `---` right after it is a marker.
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let mut start = bom;
    let mut start_line = 1u32;
    let mut start_col = 0u32;
    // The `---` that opened the current document, if one did.
    let mut opened: Option<Pos> = None;
    let mut offset = bom;
    for (line_no, line) in (1u32..).zip(text[bom..].split_inclusive('\n')) {
        let bare = line.trim_end_matches(['\n', '\r']);
        let is_marker = |m: &str| {
            bare == m || (bare.starts_with(m) && bare[m.len()..].starts_with([' ', '\t']))
        };
        if is_marker("---") || is_marker("...") {
            if !push_doc(&mut docs, text, start, offset, (start_line, start_col)) {
                empty.extend(opened);
            }
            opened = is_marker("---").then(|| Pos::new(line_no, 1, offset as u32));
            // Content after `--- ` on the same line belongs to the next document.
            if is_marker("---") && bare.len() > 3 {
                start = offset + 4;
                start_line = line_no;
                start_col = 4;
            } else {
                start = offset + line.len();
                start_line = line_no + 1;
                start_col = 0;
            }
        }
        offset += line.len();
    }
    if !push_doc(&mut docs, text, start, text.len(), (start_line, start_col)) {
        empty.extend(opened);
    }
    (docs, empty)
}

/// The documents of a file meant to hold one: those with content (a leading `---` or a block of
/// comments alone is no document). Files that are one list or one object (waivers, manifests,
/// rule files) report a second one instead of silently ignoring what it holds.
pub fn content_documents(text: &str) -> Vec<Document<'_>> {
    split_documents(text)
        .into_iter()
        .filter(|d| {
            d.text.lines().any(|l| {
                let l = l.trim();
                !l.is_empty() && !l.starts_with('#') && l != "---" && l != "..."
            })
        })
        .collect()
}

/// Pushes the document `text[from..to]` if it has content; whether it had.
fn push_doc<'a>(
    docs: &mut Vec<Document<'a>>,
    text: &'a str,
    from: usize,
    to: usize,
    (line, col): (u32, u32),
) -> bool {
    let Some(body) = text.get(from..to) else {
        return false;
    };
    let has_content = body.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#') && !t.starts_with('%')
    });
    if has_content {
        docs.push(Document {
            text: body,
            first_line: line,
            first_col: col,
            offset: from,
        });
    }
    has_content
}

/// A YAML syntax or budget error, positioned in the file.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// Where the error is in the file (not relative to its document).
    pub pos: Pos,
    /// What is wrong, in Dutch; a breached budget names the limit.
    pub message: String,
    /// A hint on how to fix it (a tab in the indentation, say); `None` where there is none.
    pub help: Option<String>,
}

impl YamlError {
    /// The error as a diagnostic of `file`.
    pub fn diag(self, file: &std::sync::Arc<str>) -> crate::diag::Diag {
        crate::diag::Diag::error(file, self.pos, self.message).with_help(self.help)
    }
}

/// Structural nesting a YAML or JSON dossier may have. Real dossiers and rule files nest at most
/// eight levels; the limit keeps the recursive descent of the parser far inside any thread's
/// stack (a debug build uses about 36 KB of stack per level), so deep input is an error, never a
/// stack overflow.
pub const DEFAULT_MAX_DEPTH: usize = 32;

/// Aliases (`*naam`), and anchors (`&naam`), in one document.
pub const MAX_ALIASES: usize = 1_000;

/// Aliases per anchor: a document with at least [`ALIAS_RATIO_FROM`] aliases may have at most
/// this many per anchor it defines (serde-saphyr's alias/anchor heuristic, checked after the
/// whole document is read; set here so the message can name it).
pub const ALIAS_RATIO: usize = 10;

/// The number of aliases from which [`ALIAS_RATIO`] is checked.
pub const ALIAS_RATIO_FROM: usize = 100;

/// Values that aliases may replay in one document, in total.
pub const MAX_REPLAYED: usize = 10_000;

/// Budgets for one document.
#[derive(Debug, Clone, Copy)]
pub struct YamlLimits {
    /// Nodes (mappings, sequences, scalars), counting those an alias replays.
    pub max_nodes: usize,
    /// Nesting of mappings and sequences, block and flow alike.
    pub max_depth: usize,
    /// What one document is, for the messages that name a breached limit ("de grens voor één
    /// dossier"): a dossier, a rule file, a rule test file.
    pub unit: &'static str,
}

/// Parses one document with the default nesting limit. Budgets are tight because a dossier is
/// small: a file that needs more aliases or nodes than this is hostile or broken, and must fail
/// fast.
pub fn parse_document(doc: &Document<'_>, max_nodes: usize) -> Result<OwnedNode, YamlError> {
    parse_document_of(doc, max_nodes, "dossier")
}

/// [`parse_document`] for a document that is not a dossier: `unit` names what it is ("regelbestand")
/// in the message of a breached limit, which is the limit for that kind of file.
pub fn parse_document_of(
    doc: &Document<'_>,
    max_nodes: usize,
    unit: &'static str,
) -> Result<OwnedNode, YamlError> {
    parse_document_with(
        doc,
        YamlLimits {
            max_nodes,
            max_depth: DEFAULT_MAX_DEPTH,
            unit,
        },
    )
}

/// Parses one document within `limits`.
pub fn parse_document_with(doc: &Document<'_>, limits: YamlLimits) -> Result<OwnedNode, YamlError> {
    let options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_aliases: MAX_ALIASES,
            max_anchors: MAX_ALIASES,
            enforce_alias_anchor_ratio: true,
            alias_anchor_ratio_multiplier: ALIAS_RATIO,
            alias_anchor_min_aliases: ALIAS_RATIO_FROM,
            max_depth: limits.max_depth,
            flow_nesting_limit: limits.max_depth,
            max_nodes: limits.max_nodes,
            max_documents: 1,
            max_buffered_comment_events: 100_000,
        },
        // An alias bomb ("billion laughs") replays anchored events. A dossier has no reason to
        // replay many, so the replay limit is far below the node budget and a bomb fails in
        // milliseconds instead of building a large tree first.
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPLAYED.min(limits.max_nodes),
        },
        leading_zero_numbers_as_strings: true,
        // `2023_0412` is an id, not the number 20230412; `y`, `no` and `on` are words (YAML
        // 1.2: only true and false are booleans).
        underscored_numbers_as_strings: true,
        strict_booleans: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        // `.nan` and `.inf` are YAML floats (exporters write `.nan` for a missing number): read
        // as values, so that an `x_` extension passes as in JSON, and a field of the format
        // rejects them with its own message (no field of the format is a fraction).
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::PassThrough,
        with_snippet: false,
    };
    let text = doc.text.strip_prefix('\u{feff}').unwrap_or(doc.text);
    let bom = doc.text.len() - text.len();
    match serde_saphyr::from_str_with_options::<Spanned<YNode>>(text, options) {
        Ok(root) => Ok(convert(root, doc, bom)),
        Err(e) => {
            let mut pos = e.location().map(|l| shift(l, doc, bom)).unwrap_or(Pos::new(
                doc.first_line,
                1,
                doc.offset as u32,
            ));
            let mut message = plain_message(&e, &limits);
            let mut help = None;
            if let Some(at) = tab_error(&e, doc.text, doc.first_line, doc.offset, pos) {
                pos = at;
                message = format!("ongeldige YAML: {TAB_IN_INDENTATION}");
                help = Some(TAB_HELP.to_string());
            }
            if let serde_saphyr::Error::TaggedScalarCannotDeserializeIntoString { .. }
            | serde_saphyr::Error::UnsupportedTag { .. } = inner_error(&e)
            {
                // The parser points at the value after the tag: point at the tag, and name it
                // when it is a plain tag (`!!timestamp`), never other text from the dossier.
                let (at, tag) = tag_before(doc, pos);
                pos = at;
                message = match tag {
                    Some(t) => format!(
                        "ongeldige YAML: tag `{t}` wordt niet ondersteund; schrijf de waarde \
                         zonder tag"
                    ),
                    None => "ongeldige YAML: deze tag (`!`) wordt niet ondersteund; schrijf de \
                             waarde zonder tag"
                        .into(),
                };
            }
            if let serde_saphyr::Error::Budget {
                breach: serde_saphyr::budget::BudgetBreach::AliasAnchorRatio { .. },
                ..
            } = inner_error(&e)
            {
                // Judged after the whole document: the parser's position is past its end, and
                // no one alias is to blame. The document is.
                pos = Pos::new(doc.first_line, doc.first_col + 1, doc.offset as u32);
            }
            Err(YamlError {
                pos: within(doc, pos),
                message,
                help,
            })
        }
    }
}

/// The tags of the YAML 1.1 type repository and the 1.2 core schema: the only tags an error
/// names.
const CORE_TAGS: &[&str] = &[
    "!!binary",
    "!!bool",
    "!!float",
    "!!int",
    "!!map",
    "!!merge",
    "!!null",
    "!!omap",
    "!!pairs",
    "!!seq",
    "!!set",
    "!!str",
    "!!timestamp",
    "!!value",
    "!!yaml",
];

/// The tag (`!!timestamp`, `!<...>`) before `pos` on its line, and its position; `pos` itself
/// when there is none. The tag's text only when it is one of [`CORE_TAGS`].
fn tag_before<'t>(doc: &Document<'t>, pos: Pos) -> (Pos, Option<&'t str>) {
    let want = pos.line.saturating_sub(doc.first_line) as usize;
    let mut offset = doc.offset;
    for (i, line) in doc.text.split_inclusive('\n').enumerate() {
        if i == want {
            // Columns count characters; the document's first line may start after `--- `.
            let before = if i == 0 { doc.first_col } else { 0 };
            let upto: usize = line
                .char_indices()
                .nth((pos.col.saturating_sub(1 + before)) as usize)
                .map_or(line.len(), |(b, _)| b);
            let head = &line[..upto];
            let Some(start) = head
                .char_indices()
                .filter(|&(b, c)| {
                    c == '!'
                        && head[..b].chars().next_back().is_none_or(|p| {
                            p.is_whitespace() || matches!(p, ':' | '-' | ',' | '[' | '{')
                        })
                })
                .map(|(b, _)| b)
                .next_back()
            else {
                return (pos, None);
            };
            let tag = head[start..].split_whitespace().next().unwrap_or("");
            // Named only when it is one of YAML's own tags: a local tag (`!Jansen`) is text
            // the exporter wrote, which may be a name.
            let plain = CORE_TAGS.contains(&tag);
            let col = head[..start].chars().count() as u32 + 1 + before;
            return (
                Pos::new(pos.line, col, (offset + start) as u32),
                plain.then_some(tag),
            );
        }
        offset += line.len();
    }
    (pos, None)
}

/// The error inside any alias errors around it.
fn inner_error(e: &serde_saphyr::Error) -> &serde_saphyr::Error {
    let mut inner = e.without_snippet();
    while let serde_saphyr::Error::AliasError { error, .. } = inner {
        inner = error.without_snippet();
    }
    inner
}

/// `pos`, or the start of the document's last line when `pos` lies past it (the parser may
/// report the end of input, after the last line break): a position must be in the file.
fn within(doc: &Document<'_>, pos: Pos) -> Pos {
    let body = doc.text.strip_suffix('\n').unwrap_or(doc.text);
    let lines = body.split('\n').count() as u32;
    let last = doc.first_line + lines.saturating_sub(1);
    if pos.line <= last {
        return pos;
    }
    let start = body.rfind('\n').map_or(0, |i| i + 1);
    let col = if lines == 1 { doc.first_col + 1 } else { 1 };
    Pos::new(last, col, (doc.offset + start) as u32)
}

const TAB_IN_INDENTATION: &str = "tab in de inspringing (YAML springt alleen in met spaties)";
const TAB_HELP: &str = "gebruik spaties, geen tabs";

/// The position of the tab a tab error is about, or `None` for another error (or when no tab is
/// found where it should be). `text` is the parsed text, whose first line is `first_line` and
/// first byte `base` in the file; `pos` is where the parser reported the error.
///
/// The parser reports a tab in indentation just after it, on its line; but one that begins a
/// line after a plain value (`  id: MB-K01` then `<tab>titel: ...`) it reports at the start of
/// that value, a line or more earlier, as "found a tab while scanning a plain scalar": the
/// tab is then in the indentation of the first later line that has one.
fn tab_error(
    e: &serde_saphyr::Error,
    text: &str,
    first_line: u32,
    base: usize,
    pos: Pos,
) -> Option<Pos> {
    let msg = bare_message(inner_error(e));
    let after_value = msg.contains("while scanning a plain scalar, found a tab");
    if !after_value
        && !msg.contains("tabs disallowed")
        && !msg.contains("tab cannot be used as indentation")
    {
        return None;
    }
    let want = pos.line.saturating_sub(first_line) as usize;
    let mut offset = base;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        // Blank lines and comments may hold tabs; the value goes on past them.
        let rest = line[indent..].trim_end_matches(['\r', '\n']);
        let here = if after_value {
            i > want && !rest.is_empty() && !rest.starts_with('#')
        } else {
            i == want
        };
        if here {
            // Indentation is ASCII, so the byte index is the column.
            if let Some(t) = line[..indent].find('\t') {
                return Some(Pos::new(
                    first_line + i as u32,
                    t as u32 + 1,
                    (offset + t) as u32,
                ));
            }
            if !after_value {
                return None;
            }
        }
        offset += line.len();
    }
    None
}

/// A serde-saphyr error of a whole YAML file `text` read with `serde_saphyr::from_str` (a
/// calendar, a region table, a rule test or corpus): its position, its message in Dutch (see
/// [`error_nl`]) and a help; a tab error at the tab.
pub fn located_error(e: &serde_saphyr::Error, text: &str) -> (Pos, String, Option<String>) {
    let pos = e
        .location()
        .map_or(Pos::default(), |l| Pos::of_location(&l));
    match tab_error(e, text, 1, 0, pos) {
        Some(at) => (at, TAB_IN_INDENTATION.into(), Some(TAB_HELP.into())),
        None => (pos, error_nl(e), None),
    }
}

/// The parser's message without its source snippet or location suffix: snippets would copy
/// dossier text into logs, and the position is reported separately. Budget breaches get a Dutch
/// message that names the limit, so a rejected alias bomb or deep nesting says why.
fn plain_message(e: &serde_saphyr::Error, limits: &YamlLimits) -> String {
    use serde_saphyr::budget::BudgetBreach as B;
    let mut inner = e.without_snippet();
    let mut via_alias = false;
    let unit = limits.unit;
    while let serde_saphyr::Error::AliasError { error, .. } = inner {
        inner = error.without_snippet();
        via_alias = true;
    }
    let alias_bomb = || {
        format!(
            "ongeldige YAML: aliassen (`*naam`) herhalen meer dan {} waarden, de grens voor één \
             {unit}; een alias-bom (\"billion laughs\") wordt niet uitgepakt",
            MAX_REPLAYED.min(limits.max_nodes)
        )
    };
    let too_deep = || {
        format!(
            "ongeldige YAML: te diep genest: meer dan {} niveaus (grens voor één {unit})",
            limits.max_depth
        )
    };
    match inner {
        serde_saphyr::Error::Budget { breach, .. } => {
            return match breach {
                B::Depth { .. } => too_deep(),
                B::Nodes { .. } | B::Events { .. } if via_alias => alias_bomb(),
                B::Nodes { .. } | B::Events { .. } => format!(
                    "ongeldige YAML: document te groot: meer dan {} waarden (grens voor één {unit})",
                    limits.max_nodes
                ),
                B::Aliases { .. } | B::Anchors { .. } => format!(
                    "ongeldige YAML: te veel aliassen (`*naam`) of ankers (`&naam`) voor één \
                     {unit} (grens: {MAX_ALIASES} van elk); een alias-bom (\"billion laughs\") \
                     wordt niet uitgepakt"
                ),
                B::AliasAnchorRatio { aliases, anchors } => format!(
                    "ongeldige YAML: te veel aliassen (`*naam`) per anker (`&naam`): {aliases} \
                     aliassen bij {anchors} {}; vanaf {ALIAS_RATIO_FROM} aliassen mag een \
                     {unit} er hoogstens {ALIAS_RATIO} per anker hebben; een alias-bom \
                     (\"billion laughs\") wordt niet uitgepakt",
                    if *anchors == 1 { "anker" } else { "ankers" }
                ),
                B::RecordedAnchorEvents { .. } | B::RecordedAnchorBytes { .. } => alias_bomb(),
                B::Documents { .. } => "ongeldige YAML: meer dan één document".into(),
                B::ScalarBytes { .. } => {
                    format!("ongeldige YAML: tekst te lang (grens voor één {unit})")
                }
                _ => "ongeldige YAML: grens van de YAML-lezer overschreden".into(),
            };
        }
        // As the JSON reader words it (see `convert`): a field of the format is named, any other
        // key is not repeated, as it may be the exporter's text.
        serde_saphyr::Error::DuplicateMappingKey { key, .. } => {
            let manifest_key = |k: &str| {
                super::schema::MANIFEST_KEYS
                    .iter()
                    .copied()
                    .find(|m| *m == k)
            };
            return match key
                .as_deref()
                .and_then(|k| super::schema::known_key(k.as_bytes()).or_else(|| manifest_key(k)))
            {
                Some(k) => format!("ongeldige YAML: veld `{k}` komt twee keer voor"),
                None => "ongeldige YAML: een veld komt twee keer voor in hetzelfde object".into(),
            };
        }
        serde_saphyr::Error::AliasReplayLimitExceeded { .. }
        | serde_saphyr::Error::AliasExpansionLimitExceeded { .. }
        | serde_saphyr::Error::AliasReplayStackDepthExceeded { .. }
        | serde_saphyr::Error::AliasReplayCounterOverflow { .. } => return alias_bomb(),
        _ => {}
    }
    let msg = bare_message(inner);
    if msg.contains("recursion limit exceeded") {
        return too_deep();
    }
    format!("ongeldige YAML: {}", message_nl(&msg))
}

/// A serde-saphyr error's message in Dutch, without snippet or position (reported apart): for
/// YAML files other than dossiers (rule files' lexicons, calendars, rule tests).
pub fn error_nl(e: &serde_saphyr::Error) -> String {
    message_nl(&bare_message(e.without_snippet()))
}

/// The first line of the message, without "line 2 column 4: " before it or " at line 4, column
/// 2" after it.
fn bare_message(e: &serde_saphyr::Error) -> String {
    let msg = e.to_string();
    let msg = msg.lines().next().unwrap_or("").trim();
    let msg = match msg.split_once(": ") {
        Some((head, rest)) if head.starts_with("line ") => rest,
        _ => msg,
    };
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

/// The message in Dutch: see [`crate::diag::parser_nl`] and [`SYNTAX`].
fn message_nl(msg: &str) -> String {
    if msg.contains("tabs disallowed") || msg.contains("tab cannot be used as indentation") {
        return TAB_IN_INDENTATION.into();
    }
    // serde's messages quote the file's names (`unknown field `tag``): they go first.
    crate::diag::parser_nl(msg, SYNTAX)
}

/// The YAML reader's syntax errors in Dutch (it words them in English), by what they name.
const SYNTAX: &[(&str, &str)] = &[
    ("unclosed bracket", "haakje `[` of `{` niet gesloten"),
    ("mismatched bracket", "haakjes passen niet bij elkaar"),
    ("misplaced bracket", "haakje op een ongeldige plaats"),
    ("unclosed quote", "aanhalingsteken niet gesloten"),
    (
        "invalid indentation in multiline quoted scalar",
        "verkeerde inspringing in een tekst tussen aanhalingstekens over meer regels",
    ),
    (
        "invalid indentation in flow construct",
        "verkeerde inspringing binnen `[ ]` of `{ }`",
    ),
    (
        "invalid trailing content after",
        "tekst na het sluitende aanhalingsteken",
    ),
    (
        "illegal placement of ':'",
        "dubbele punt op een ongeldige plaats",
    ),
    (
        "mapping values are not allowed",
        "hier kan geen `veld: waarde` staan (een dubbele punt in een tekst zonder \
             aanhalingstekens, of een verkeerde inspringing)",
    ),
    ("mapping keys are not allowed", "hier kan geen veld staan"),
    (
        "':' must be followed by",
        "na een dubbele punt hoort een spatie",
    ),
    ("'-' must be followed by", "na een `-` hoort een spatie"),
    (
        "\"-\" is only valid inside a block",
        "een `-` kan niet binnen `[ ]` of `{ }` staan",
    ),
    (
        "block sequence entries are not allowed",
        "hier kan geen lijstelement (`- `) staan (verkeerde inspringing?)",
    ),
    (
        "did not find expected key",
        "verwachtte een veld (verkeerde inspringing?)",
    ),
    (
        "did not find expected '-' indicator",
        "verwachtte een lijstelement `- ` (verkeerde inspringing?)",
    ),
    ("expected ',' or ']'", "verwachtte `,` of `]`"),
    ("expected ',' or '}'", "verwachtte `,` of `}`"),
    // A value of the wrong shape where the reader wants one kind (rule tests, the corpus).
    (
        "expected string scalar",
        "verkeerd soort waarde: verwacht één tekst, geen lijst of object",
    ),
    (
        "expected scalar",
        "verkeerd soort waarde: verwacht één waarde, geen lijst of object",
    ),
    (
        "expected sequence start",
        "verkeerd soort waarde: verwacht een lijst",
    ),
    (
        "expected mapping start",
        "verkeerd soort waarde: verwacht een object (`veld: waarde`)",
    ),
    (
        "invalid boolean",
        "ongeldige waarde: verwacht true of false",
    ),
    (
        "did not find expected node content",
        "verwachtte een waarde",
    ),
    (
        "unknown escape character",
        "onbekende `\\`-code in een tekst tussen aanhalingstekens",
    ),
    (
        "hexadecimal number",
        "onvolledige `\\x`- of `\\u`-code in een tekst tussen aanhalingstekens",
    ),
    (
        "surrogate",
        "ongeldige `\\u`-code in een tekst tussen aanhalingstekens",
    ),
    (
        "Unicode character escape",
        "ongeldige `\\u`-code in een tekst tussen aanhalingstekens",
    ),
    (
        "wrongly indented line in block scalar",
        "verkeerd ingesprongen regel in een tekstblok (`|` of `>`)",
    ),
    (
        "block scalar",
        "ongeldig begin van een tekstblok (`|` of `>`)",
    ),
    ("found a tab", "tab in een tekst zonder aanhalingstekens"),
    (
        "unknown anchor",
        "onbekend anker: `*naam` zonder `&naam` ervoor",
    ),
    ("anchor or alias", "ongeldige naam na `&` of `*`"),
    (
        "unexpected EOF",
        "het document houdt op midden in een lijst of object",
    ),
    ("unexpected eof", "het document houdt onverwacht op"),
    (
        "unexpected end of plain scalar",
        "tekst houdt onverwacht op",
    ),
    ("invalid indentation", "verkeerde inspringing"),
    (
        "document end marker",
        "tekst na het einde van het document (`...`)",
    ),
    (
        "document start",
        "verwachtte het begin van een document (`---`)",
    ),
    (
        "non-finite float",
        "oneindig of geen getal (`.inf`, `.nan`, `1e400`) is geen geldige waarde",
    ),
    ("invalid utf-8", "geen geldige UTF-8"),
    ("invalid encoding", "geen geldige UTF-8"),
    ("tag", "ongeldige tag (`!`)"),
    ("directive", "ongeldige directive (`%`)"),
];

fn shift(l: Location, doc: &Document<'_>, bom: usize) -> Pos {
    let line = doc.first_line + (l.line() as u32).saturating_sub(1);
    let byte = l.span().byte_offset().unwrap_or(0) as usize;
    // On the document's first line, the columns of a `--- ` before it count too.
    let before = if l.line() <= 1 { doc.first_col } else { 0 };
    Pos::new(
        line,
        (l.column() as u32).max(1) + before,
        (doc.offset + bom + byte) as u32,
    )
}

/// A number as written, when the written form is not plain decimal (`0x0A`, `+12`, `-0`,
/// `0o17`): an id or code spelt so must keep its spelling (the number 10 would be another id),
/// and a count or year of the format is written in decimal.
fn non_decimal<'t>(l: Location, doc: &Document<'t>, bom: usize, i: i64) -> Option<&'t str> {
    let span = l.span();
    let start = bom + span.byte_offset()? as usize;
    let raw = doc.text.get(start..start + span.byte_len()? as usize)?;
    // Only a literal number (an alias `*a` or a tagged value is reported elsewhere).
    let literal = !raw.is_empty()
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'_' | b'.'));
    (literal && raw != i.to_string()).then_some(raw)
}

fn convert(s: Spanned<YNode>, doc: &Document<'_>, bom: usize) -> OwnedNode {
    let pos = shift(s.referenced, doc, bom);
    let value = match s.value {
        YNode::Null => Value::Null,
        YNode::Bool(b) => Value::Bool(b),
        YNode::Int(i) => match non_decimal(s.referenced, doc, bom, i) {
            Some(raw) => Value::Str(raw.to_string().into()),
            None => Value::Int(i),
        },
        YNode::Float(f) => Value::Float(f),
        YNode::Str(t) => Value::Str(t.into()),
        YNode::Seq(items) => Value::Seq(items.into_iter().map(|n| convert(n, doc, bom)).collect()),
        YNode::Map(entries) => Value::Map(
            entries
                .into_iter()
                .map(|(k, v)| {
                    let kpos = shift(k.referenced, doc, bom);
                    let name = match k.value {
                        YNode::Str(s) => s,
                        YNode::Int(i) => i.to_string(),
                        YNode::Bool(b) => b.to_string(),
                        YNode::Float(f) => f.to_string(),
                        _ => String::from("?"),
                    };
                    // An empty value (`regio:` and nothing) has no text of its own: the
                    // parser places it at the colon or on the next line, so it is placed at
                    // its key, where a message about it belongs.
                    let empty = matches!(v.value, YNode::Null)
                        && v.referenced.span().byte_len().is_none_or(|n| n == 0);
                    let mut value = convert(v, doc, bom);
                    if empty {
                        value.pos = kpos;
                    }
                    (
                        Key {
                            name: name.into(),
                            pos: kpos,
                        },
                        value,
                    )
                })
                .collect(),
        ),
    };
    Node { pos, value }
}

/// The untyped YAML value as serde-saphyr resolves it; children keep their spans.
enum YNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<YNode>>),
    Map(Vec<(Spanned<YNode>, Spanned<YNode>)>),
}

impl<'de> Deserialize<'de> for YNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = YNode;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a YAML value")
            }
            fn visit_unit<E>(self) -> Result<YNode, E> {
                Ok(YNode::Null)
            }
            fn visit_none<E>(self) -> Result<YNode, E> {
                Ok(YNode::Null)
            }
            fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<YNode, D2::Error> {
                YNode::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<YNode, E> {
                Ok(YNode::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<YNode, E> {
                Ok(YNode::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> Result<YNode, E> {
                Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
            }
            fn visit_i128<E>(self, v: i128) -> Result<YNode, E> {
                Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
            }
            fn visit_u128<E>(self, v: u128) -> Result<YNode, E> {
                Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
            }
            fn visit_f64<E>(self, v: f64) -> Result<YNode, E> {
                Ok(YNode::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<YNode, E> {
                Ok(YNode::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<YNode, E> {
                Ok(YNode::Str(v))
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<YNode, E> {
                Ok(YNode::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<YNode, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_element()? {
                    v.push(x);
                }
                Ok(YNode::Seq(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<YNode, A::Error> {
                let mut v = Vec::new();
                while let Some(x) = a.next_entry()? {
                    v.push(x);
                }
                Ok(YNode::Map(v))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_duplicate_key_is_named_only_when_it_is_a_field_of_the_format() {
        let parse = |text| {
            let doc = Document {
                text,
                first_line: 1,
                first_col: 0,
                offset: 0,
            };
            parse_document(&doc, 10_000).unwrap_err()
        };
        let e = parse("id: A\nregio: utrecht\nid: B\n");
        assert_eq!(e.message, "ongeldige YAML: veld `id` komt twee keer voor");
        assert_eq!((e.pos.line, e.pos.col), (3, 1));
        let e = parse("melder:\n  geheime_notitie: a\n  geheime_notitie: b\n");
        assert_eq!(
            e.message,
            "ongeldige YAML: een veld komt twee keer voor in hetzelfde object"
        );
    }

    #[test]
    fn splits_documents_and_keeps_file_lines() {
        let text = "a: 1\n---\nb: 2\n--- \n# only a comment\n---\nc: [1,\n  2]\n";
        let docs = split_documents(text);
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[1].first_line, 3);
        let n = parse_document(&docs[2], 10_000).unwrap();
        let c = n.get("c").unwrap();
        assert_eq!((c.pos.line, c.pos.col), (7, 4));
    }

    /// Only a `---` with nothing under it opens an empty document: comments before the first
    /// marker or after a `...` are no document, a directive is none, and a final `---` is one.
    #[test]
    fn empty_documents_are_the_markers_with_nothing_under_them() {
        let lines = |text| -> Vec<u32> { split_stream(text).1.iter().map(|p| p.line).collect() };
        assert_eq!(
            lines("a: 1\n---\nb: 2\n--- \n# only a comment\n---\nc: 3\n"),
            [4]
        );
        assert_eq!(lines("# kop\n---\na: 1\n...\n# staart\n"), [] as [u32; 0]);
        assert_eq!(lines("%YAML 1.2\n---\na: 1\n---\n"), [4]);
        assert_eq!(lines("---\n---\na: 1\n"), [1]);
        assert_eq!(lines("--- a: 1\n--- # x\n"), [2]);
        assert_eq!(split_stream("a: 1\n---\n").0.len(), 1);
    }

    #[test]
    fn syntax_error_is_positioned_in_the_file() {
        let text = "a: 1\n---\nid: 1\n  x: [\n";
        let docs = split_documents(text);
        let e = parse_document(&docs[1], 10_000).unwrap_err();
        assert_eq!(e.pos.line, 4);
        assert!(e.message.starts_with("ongeldige YAML"));
    }

    #[test]
    fn alias_bomb_fails_fast() {
        let mut s = String::from("a0: &a0 [x,x,x,x,x,x,x,x,x]\n");
        for i in 1..9 {
            let p = i - 1;
            s.push_str(&format!(
                "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
            ));
        }
        let docs = split_documents(&s);
        // Rejected by the replay limit, long before the 9^9 values exist (no timing here: speed
        // targets live in benchmarks).
        let e = parse_document(&docs[0], 100_000).unwrap_err();
        assert!(e.message.contains("alias-bom"), "{}", e.message);
        assert!(
            e.message.contains(&MAX_REPLAYED.to_string()),
            "{}",
            e.message
        );
    }

    /// The alias/anchor ratio is judged after the whole document: the error is at the
    /// document's start (the parser's position is past the end of the file), and names the
    /// limits as configured.
    #[test]
    fn too_many_aliases_per_anchor_is_at_the_document_and_names_the_ratio() {
        let dossier = |aliases: usize| {
            let mut s = String::from("x: 1\n---\nid: AL-1\nlijst:\n  - &e {a: 1}\n");
            for _ in 0..aliases {
                s.push_str("  - *e\n");
            }
            s
        };
        let text = dossier(ALIAS_RATIO_FROM - 1);
        let docs = split_documents(&text);
        assert!(parse_document(&docs[1], 100_000).is_ok());
        let text = dossier(ALIAS_RATIO_FROM);
        let docs = split_documents(&text);
        let e = parse_document(&docs[1], 100_000).unwrap_err();
        let lines = text.lines().count() as u32;
        assert!(e.pos.line <= lines, "{:?} past line {lines}", e.pos);
        assert_eq!(
            (e.pos.line, e.pos.col),
            (docs[1].first_line, docs[1].first_col + 1)
        );
        assert!(
            e.message.contains(&format!(
                "{ALIAS_RATIO_FROM} aliassen bij 1 anker; vanaf {ALIAS_RATIO_FROM} aliassen mag \
                 een dossier er hoogstens {ALIAS_RATIO} per anker hebben"
            )),
            "{}",
            e.message
        );
        assert!(
            !e.message.contains(&MAX_ALIASES.to_string()),
            "{}",
            e.message
        );
    }

    /// A YAML tag the reader cannot take (`!!timestamp` on a date) is named, at the tag.
    #[test]
    fn an_unsupported_tag_is_named_at_the_tag() {
        let text = "id: T-1\nontvangen: !!timestamp 2025-03-06\n";
        let docs = split_documents(text);
        let e = parse_document(&docs[0], 100_000).unwrap_err();
        assert_eq!((e.pos.line, e.pos.col), (2, 12), "{}", e.message);
        assert_eq!(
            e.message,
            "ongeldige YAML: tag `!!timestamp` wordt niet ondersteund; schrijf de waarde zonder tag"
        );
        // On a document's `---` line, the marker's columns count.
        let text = "x: 1\n--- {ontvangen: !!timestamp 2025-03-06}\n";
        let docs = split_documents(text);
        let e = parse_document(&docs[1], 100_000).unwrap_err();
        assert_eq!((e.pos.line, e.pos.col), (2, 17), "{}", e.message);
    }

    #[test]
    fn deep_nesting_is_an_error_within_a_two_megabyte_stack() {
        // 64 levels used to overflow the stack of a worker thread in a debug build before the
        // parser's depth budget was reached.
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(|| {
                let n = DEFAULT_MAX_DEPTH;
                for (depth, ok) in [(n, true), (n + 1, false), (100_000, false)] {
                    for text in [
                        format!("{}x", "- ".repeat(depth)),
                        format!("{}x{}", "[".repeat(depth), "]".repeat(depth)),
                        format!("{}1{}", "{a: ".repeat(depth), "}".repeat(depth)),
                    ] {
                        let docs = split_documents(&text);
                        let r = parse_document(&docs[0], 200_000);
                        assert_eq!(r.is_ok(), ok, "depth {depth}");
                        if let Err(e) = r {
                            assert!(e.message.contains("te diep genest"), "{}", e.message);
                        }
                    }
                }
            })
            .unwrap()
            .join()
            .unwrap();
    }

    #[test]
    fn a_tab_in_indentation_is_reported_at_the_tab() {
        let docs = split_documents("id: 1\nmelder:\n\trol: melder\n");
        let e = parse_document(&docs[0], 100).unwrap_err();
        assert!(e.message.contains("tab in de inspringing"), "{}", e.message);
        assert_eq!((e.pos.line, e.pos.col, e.pos.offset), (3, 1, 14));
        assert_eq!(e.help.as_deref(), Some("gebruik spaties, geen tabs"));
    }

    /// After a plain value the parser blames the value, a line early, as a tab in an unquoted
    /// text: the error is at the tab, past blank lines (which may hold tabs), in a later document
    /// too.
    #[test]
    fn a_tab_beginning_the_line_after_a_value_is_reported_at_the_tab() {
        let text = "a: 1\n---\nid: 1\nmelder:\n  bekend: true\n\t\n\n  \t  rol: x\n";
        let docs = split_documents(text);
        let e = parse_document(&docs[1], 100).unwrap_err();
        assert_eq!(
            e.message,
            "ongeldige YAML: tab in de inspringing (YAML springt alleen in met spaties)"
        );
        let at = text.rfind('\t').unwrap() as u32;
        assert_eq!((e.pos.line, e.pos.col, e.pos.offset), (8, 3, at));
        assert_eq!(e.help.as_deref(), Some("gebruik spaties, geen tabs"));
        // The same for a whole file read with serde-saphyr (a calendar, a region table).
        let whole = &text[text.find("id:").unwrap()..];
        let err = serde_saphyr::from_str::<serde_json::Value>(whole).unwrap_err();
        let (pos, message, help) = located_error(&err, whole);
        assert_eq!((pos.line, pos.col), (6, 3));
        assert!(message.starts_with("tab in de inspringing"), "{message}");
        assert!(help.is_some());
    }

    #[test]
    fn leading_zero_ids_stay_text() {
        let docs = split_documents("id: 00412\n");
        let n = parse_document(&docs[0], 100).unwrap();
        assert_eq!(n.get("id").unwrap().as_str(), Some("00412"));
    }

    /// A number not written in plain decimal keeps its spelling (as an id it is another id than
    /// the number's value); YAML 1.1's yes/no words are text; plain decimals stay numbers.
    #[test]
    fn numbers_keep_their_spelling_and_yes_is_a_word() {
        let text = "a: 2023_0412\nb: 0x0A\nc: +12\nd: -0\ne: 0o17\nf: 1988\ng: -5\n\
                    h: y\ni: no\nj: On\nk: true\nl: False\nm: &x 0x1F\nn: *x\n";
        let n = parse_document(&split_documents(text)[0], 100).unwrap();
        for (k, v) in [
            ("a", "2023_0412"),
            ("b", "0x0A"),
            ("c", "+12"),
            ("d", "-0"),
            ("e", "0o17"),
        ] {
            assert_eq!(n.get(k).unwrap().as_str(), Some(v), "{k}");
        }
        for (k, v) in [("h", "y"), ("i", "no"), ("j", "On"), ("m", "0x1F")] {
            assert_eq!(n.get(k).unwrap().as_str(), Some(v), "{k}");
        }
        assert!(matches!(n.get("f").unwrap().value, Value::Int(1988)));
        assert!(matches!(n.get("g").unwrap().value, Value::Int(-5)));
        assert!(matches!(n.get("k").unwrap().value, Value::Bool(true)));
        assert!(matches!(n.get("l").unwrap().value, Value::Bool(false)));
        // An alias is not a spelling: it stays the anchored value (here, as written there).
        assert!(!matches!(n.get("n").unwrap().value, Value::Str(ref s) if &**s == "*x"));
    }
}
