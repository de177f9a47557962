//! A position-carrying value tree: the common ground between the YAML, JSON and CSV readers and
//! the schema-driven conversion into records.
//!
//! Every reader produces [`Node`]s; nothing downstream knows which syntax a value came from. That
//! keeps one validation path (one set of error messages, one "did you mean") for every container,
//! and every value keeps the line and column a report can point at.

/// A position in a source file: 1-based line and column (in characters), plus the byte offset.
/// Line 0 (`Pos::default()`) means no position: a diagnostic about a whole file or path.
///
/// Line and column are always right; the byte offset is 0 where the reader does not know it
/// (positions from the YAML library: rule files, calendars, region tables, waivers, YAML
/// syntax errors). An editor integration should place a diagnostic by line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// The line, from 1; 0 for no position.
    pub line: u32,
    /// The column, from 1, in characters.
    pub col: u32,
    /// The byte offset from the start of the file, from 0; 0 where the reader does not know it.
    /// In a CSV file, the offset of the cell's row (which may lie on the line ends before it);
    /// past 4 GiB, `u32::MAX`.
    pub offset: u32,
}

impl Pos {
    /// The position, or `None` when there is none (line 0): reports then name only the file
    /// rather than invent a line 1.
    pub fn known(self) -> Option<Pos> {
        (self.line > 0).then_some(self)
    }

    /// A position from its parts (line 0: none).
    pub const fn new(line: u32, col: u32, offset: u32) -> Self {
        Pos { line, col, offset }
    }

    /// A serde-saphyr location (of a `Spanned` value or an error) as a position: line and
    /// column; the byte offset follows from them where a snippet needs it.
    pub fn of_location(l: &serde_saphyr::Location) -> Self {
        Pos::new(l.line() as u32, l.column() as u32, 0)
    }

    /// The position of byte `offset` in `text`: lines and columns count from 1, columns in
    /// characters (a byte-order mark not counted).
    pub fn in_text(text: &str, offset: usize) -> Self {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        // A byte-order mark is not a column an editor shows.
        let line = before[line_start..].trim_start_matches('\u{feff}');
        Pos {
            line: before.matches('\n').count() as u32 + 1,
            col: line.chars().count() as u32 + 1,
            offset: offset as u32,
        }
    }
}

impl Pos {
    /// [`Pos::in_text`] for many offsets in one pass over `text`, in the order given: linear,
    /// where one call per offset is quadratic for a file of a million values on one line.
    pub fn in_text_many(text: &str, offsets: &[usize]) -> Vec<Pos> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![Pos::default(); offsets.len()];
        // The walk so far: up to byte `at`, on line `line`, `chars` characters into it, of
        // which `boms` leading byte-order marks (not counted as columns).
        let (mut at, mut line, mut chars, mut boms, mut leading) = (0usize, 1u32, 0u32, 0u32, true);
        for i in order {
            let offset = offsets[i].min(text.len());
            if !text.is_char_boundary(offset) {
                out[i] = Pos::in_text(text, offset);
                continue;
            }
            for c in text[at..offset].chars() {
                if c == '\n' {
                    (line, chars, boms, leading) = (line + 1, 0, 0, true);
                } else {
                    chars += 1;
                    if leading && c == '\u{feff}' {
                        boms += 1;
                    } else {
                        leading = false;
                    }
                }
            }
            at = at.max(offset);
            out[i] = Pos::new(line, chars - boms + 1, offset as u32);
        }
        out
    }
}

/// One value with the position where it starts. Texts may borrow from the source (`'a`): the
/// JSON reader hands out slices of the line for strings without escapes, so the many dates,
/// codes and ids of a dossier are not copied before conversion reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct Node<'a> {
    /// Where the value starts.
    pub pos: Pos,
    /// The value, with its children.
    pub value: Value<'a>,
}

/// A tree that owns its texts (YAML, CSV, rule files).
pub type OwnedNode = Node<'static>;

/// A mapping key with its own position (for "unknown key" diagnostics). The field names of the
/// format are borrowed from the schema's table (most keys of an export: no allocation); any
/// other key is owned.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    /// The key as written.
    pub name: std::borrow::Cow<'static, str>,
    /// Where the key is written.
    pub pos: Pos,
}

/// A value as the readers give it, before the schema says what it means.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// `null`: a value that is written but empty (the schema tells it from an absent field).
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number that fits in an `i64`.
    Int(i64),
    /// Any other number: with a fraction or an exponent, or too large for `Int`; YAML's `.inf`
    /// and `.nan` too.
    Float(f64),
    /// A string, borrowed from the source where the reader could.
    Str(std::borrow::Cow<'a, str>),
    /// A list.
    Seq(Vec<Node<'a>>),
    /// A mapping, its entries in source order (repeated keys included: conversion reports them).
    Map(Vec<(Key, Node<'a>)>),
}

impl Value<'_> {
    /// A Dutch noun for the kind of value, used in "verwacht tekst, gevonden lijst" messages.
    pub fn kind_nl(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "ja/nee-waarde",
            Value::Float(f) if !f.is_finite() => "oneindig of geen getal (`.inf`, `.nan`)",
            Value::Int(_) | Value::Float(_) => "getal",
            Value::Str(_) => "tekst",
            Value::Seq(_) => "lijst",
            Value::Map(_) => "object",
        }
    }
}

impl<'a> Node<'a> {
    /// A node at `pos`.
    pub fn new(pos: Pos, value: Value<'a>) -> Self {
        Node { pos, value }
    }

    /// The same tree owning its texts (a JSON file's dossiers outlive the file's text).
    pub fn into_owned(self) -> OwnedNode {
        let value = match self.value {
            Value::Null => Value::Null,
            Value::Bool(b) => Value::Bool(b),
            Value::Int(i) => Value::Int(i),
            Value::Float(f) => Value::Float(f),
            Value::Str(s) => Value::Str(std::borrow::Cow::Owned(s.into_owned())),
            Value::Seq(items) => Value::Seq(items.into_iter().map(Node::into_owned).collect()),
            Value::Map(entries) => Value::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, v.into_owned()))
                    .collect(),
            ),
        };
        Node {
            pos: self.pos,
            value,
        }
    }

    /// Looks up a key in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string node; `None` for any other, a number included (see
    /// [`Node::scalar_text`]).
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Scalars rendered as text: YAML writes `id: 2023` or `datum: 2024-01-01` unquoted, and the
    /// schema decides what they mean, not the YAML resolver.
    pub fn scalar_text(&self) -> Option<String> {
        match &self.value {
            Value::Str(s) => Some(s.to_string()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// [`Node::scalar_text`], but a decimal number as it is written in `source` (the text the
    /// node was read from): `versie: 2025.10` is version "2025.10", where the number reads
    /// 2025.1. Falls back to the number's own text when the source does not hold it there.
    pub fn scalar_as_written(&self, source: &str) -> Option<String> {
        let Value::Float(f) = self.value else {
            return self.scalar_text();
        };
        // Lines end as YAML ends them (LF, CRLF or a lone CR); whether the column counts a
        // byte order mark on line 1 is the YAML library's business, so both are tried.
        let token = |line: &str| -> Option<String> {
            let start = line
                .char_indices()
                .nth((self.pos.col as usize).saturating_sub(1))?
                .0;
            let rest = &line[start..];
            let end = rest
                .find(|c: char| c.is_whitespace() || ",]}#".contains(c))
                .unwrap_or(rest.len());
            let w = &rest[..end];
            (w.parse::<f64>().ok() == Some(f)).then(|| w.to_string())
        };
        let written = line_at(source, self.pos.line as usize)
            .and_then(|line| token(line).or_else(|| token(line.strip_prefix('\u{feff}')?)));
        Some(written.unwrap_or_else(|| f.to_string()))
    }
}

/// Line `n` (from 1) of `text`, with lines ended by LF, CRLF or a lone CR, as YAML counts them.
fn line_at(text: &str, n: usize) -> Option<&str> {
    let mut rest = text;
    for _ in 1..n {
        let end = rest.find(['\n', '\r'])?;
        let skip = if rest[end..].starts_with("\r\n") {
            2
        } else {
            1
        };
        rest = &rest[end + skip..];
    }
    Some(&rest[..rest.find(['\n', '\r']).unwrap_or(rest.len())])
}
