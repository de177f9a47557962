//! A position-carrying value tree: the common ground between the YAML, JSON and CSV readers and
//! the schema-driven conversion into records.
//!
//! Every reader produces [`Node`]s; nothing downstream knows which syntax a value came from. That
//! keeps one validation path (one set of error messages, one "did you mean") for every container,
//! and every value keeps the line and column a report can point at.

/// A position in a source file: 1-based line and column (in characters), plus the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
    pub offset: u32,
}

impl Pos {
    pub const fn new(line: u32, col: u32, offset: u32) -> Self {
        Pos { line, col, offset }
    }
}

/// One value with the position where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

/// A mapping key with its own position (for "unknown key" diagnostics). The field names of the
/// format are borrowed from the schema's table (most keys of an export: no allocation); any
/// other key is owned.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub name: std::borrow::Cow<'static, str>,
    pub pos: Pos,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Key, Node)>),
}

impl Value {
    /// A Dutch noun for the kind of value, used in "verwacht tekst, gevonden lijst" messages.
    pub fn kind_nl(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "ja/nee-waarde",
            Value::Int(_) | Value::Float(_) => "getal",
            Value::Str(_) => "tekst",
            Value::Seq(_) => "lijst",
            Value::Map(_) => "object",
        }
    }
}

impl Node {
    pub fn new(pos: Pos, value: Value) -> Self {
        Node { pos, value }
    }

    /// Looks up a key in a mapping node.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
            _ => None,
        }
    }

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
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}
