//! A small JSON parser that keeps the position of every value.
//!
//! serde_json reports positions only for its own errors; a checker must point at the value a
//! finding is about, in JSON as in YAML. The parser is strict RFC 8259 (plus a leading UTF-8 BOM),
//! iterative in its bookkeeping of depth so that deep nesting is an error, not a stack overflow,
//! and it tracks line and column incrementally so that JSON Lines stay linear in their length.

use std::borrow::Cow;

use super::node::{Key, Node, Pos, Value};

/// A syntax error with the position where it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonError {
    /// Where the parser stopped: line, column (in characters) and byte offset.
    pub pos: Pos,
    /// What is wrong, in Dutch (`onverwacht einde van de invoer`).
    pub message: String,
}

/// Limits that keep hostile input from exhausting the stack or memory.
#[derive(Debug, Clone, Copy)]
pub struct JsonLimits {
    /// Most objects and arrays nested in one another; one more is an error, not a stack
    /// overflow. The default is [`super::yaml::DEFAULT_MAX_DEPTH`], as for YAML.
    pub max_depth: usize,
}

/// Whether a string's bytes hold a control character, and how many are UTF-8 continuation
/// bytes (for the length in characters): one branch-free pass in blocks of 255 so that the byte
/// counters cannot overflow and the loop vectorises.
fn scan_span(span: &[u8]) -> (bool, usize) {
    let mut control = 0u8;
    let mut cont = 0usize;
    for block in span.chunks(255) {
        let mut c = 0u8;
        for &b in block {
            control |= u8::from(b < 0x20);
            c += u8::from(b & 0xC0 == 0x80);
        }
        cont += usize::from(c);
    }
    (control != 0, cont)
}

impl Default for JsonLimits {
    fn default() -> Self {
        JsonLimits {
            max_depth: super::yaml::DEFAULT_MAX_DEPTH,
        }
    }
}

/// Parses one JSON text. `first_line` is the line number of the text's first line in its file
/// (JSON Lines parse each line separately but report file lines).
pub fn parse(text: &str, first_line: u32, limits: JsonLimits) -> Result<Node<'_>, JsonError> {
    parse_measured(text, first_line, limits, usize::MAX).map(|(n, _)| n)
}

/// [`parse`], also returning the position of the first key or text longer than `max_text`
/// bytes (in document order), found while parsing instead of by a second walk over the tree.
pub fn parse_measured(
    text: &str,
    first_line: u32,
    limits: JsonLimits,
    max_text: usize,
) -> Result<(Node<'_>, Option<Pos>), JsonError> {
    let mut p = Parser {
        max_text,
        overlong: None,
        text,
        src: text.as_bytes(),
        i: 0,
        line: first_line,
        line_start: 0,
        cont: 0,
        depth: 0,
        limits,
    };
    if p.src.starts_with(b"\xEF\xBB\xBF") {
        p.i = 3;
        p.line_start = 3;
    }
    p.ws();
    let node = p.value()?;
    p.ws();
    if p.i < p.src.len() {
        return Err(p.err("onverwachte tekens na het einde van de JSON-waarde"));
    }
    Ok((node, p.overlong))
}

struct Parser<'a> {
    /// The input; `src` is the same as bytes. Strings are sliced from `text` at ASCII quotes and
    /// backslashes, so they need no second UTF-8 check.
    text: &'a str,
    src: &'a [u8],
    i: usize,
    line: u32,
    line_start: usize,
    /// UTF-8 continuation bytes seen since `line_start`, so columns count characters.
    cont: usize,
    depth: usize,
    limits: JsonLimits,
    max_text: usize,
    /// The first key or text longer than `max_text`.
    overlong: Option<Pos>,
}

impl<'a> Parser<'a> {
    fn pos(&self) -> Pos {
        let col = self.i - self.line_start - self.cont + 1;
        Pos::new(self.line, col as u32, self.i as u32)
    }

    fn err(&self, message: &str) -> JsonError {
        JsonError {
            pos: self.pos(),
            message: message.to_string(),
        }
    }

    fn ws(&mut self) {
        while let Some(&b) = self.src.get(self.i) {
            match b {
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\n' => {
                    self.i += 1;
                    self.line += 1;
                    self.line_start = self.i;
                    self.cont = 0;
                }
                _ => break,
            }
        }
    }

    fn value(&mut self) -> Result<Node<'a>, JsonError> {
        let pos = self.pos();
        let value = match self.src.get(self.i) {
            None => return Err(self.err("onverwacht einde van de invoer")),
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => Value::Str(self.measured_string(pos)?),
            Some(b't') => self.literal("true", Value::Bool(true))?,
            Some(b'f') => self.literal("false", Value::Bool(false))?,
            Some(b'n') => self.literal("null", Value::Null)?,
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => return Err(self.err("ongeldig teken: hier wordt een JSON-waarde verwacht")),
        };
        Ok(Node::new(pos, value))
    }

    fn enter(&mut self) -> Result<(), JsonError> {
        self.depth += 1;
        if self.depth > self.limits.max_depth {
            return Err(self.err(&format!(
                "te diep genest: meer dan {} niveaus",
                self.limits.max_depth
            )));
        }
        Ok(())
    }

    fn object(&mut self) -> Result<Value<'a>, JsonError> {
        self.enter()?;
        self.i += 1;
        self.ws();
        if self.src.get(self.i) == Some(&b'}') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::Map(Vec::new()));
        }
        // Room for a typical object of the format up front: growing push by push reallocated
        // most objects two or three times.
        let mut entries = Vec::with_capacity(8);
        loop {
            self.ws();
            if self.src.get(self.i) != Some(&b'"') {
                return Err(self.err("hier wordt een sleutel tussen aanhalingstekens verwacht"));
            }
            let kpos = self.pos();
            let name = self.key(kpos)?;
            self.ws();
            if self.src.get(self.i) != Some(&b':') {
                return Err(self.err("hier wordt ':' verwacht"));
            }
            self.i += 1;
            self.ws();
            let v = self.value()?;
            entries.push((Key { name, pos: kpos }, v));
            self.ws();
            match self.src.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.err("hier wordt ',' of '}' verwacht")),
            }
        }
        self.depth -= 1;
        Ok(Value::Map(entries))
    }

    fn array(&mut self) -> Result<Value<'a>, JsonError> {
        self.enter()?;
        self.i += 1;
        self.ws();
        if self.src.get(self.i) == Some(&b']') {
            self.i += 1;
            self.depth -= 1;
            return Ok(Value::Seq(Vec::new()));
        }
        let mut items = Vec::with_capacity(4);
        loop {
            self.ws();
            items.push(self.value()?);
            self.ws();
            match self.src.get(self.i) {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.err("hier wordt ',' of ']' verwacht")),
            }
        }
        self.depth -= 1;
        Ok(Value::Seq(items))
    }

    fn literal(&mut self, word: &str, v: Value<'a>) -> Result<Value<'a>, JsonError> {
        if self.src[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("ongeldig woord: verwacht true, false of null"))
        }
    }

    fn number(&mut self) -> Result<Value<'a>, JsonError> {
        let start = self.i;
        if self.src.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        let digits = |p: &mut Self| {
            let s = p.i;
            while p.src.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - s
        };
        let int_start = self.i;
        if digits(self) == 0 {
            return Err(self.err("ongeldig getal"));
        }
        if self.src[int_start] == b'0' && self.i - int_start > 1 {
            return Err(self.err("ongeldig getal: voorloopnullen zijn niet toegestaan in JSON"));
        }
        let mut float = false;
        if self.src.get(self.i) == Some(&b'.') {
            self.i += 1;
            float = true;
            if digits(self) == 0 {
                return Err(self.err("ongeldig getal: cijfers verwacht na de punt"));
            }
        }
        if matches!(self.src.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            float = true;
            if matches!(self.src.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if digits(self) == 0 {
                return Err(self.err("ongeldig getal: cijfers verwacht in de exponent"));
            }
        }
        // The slice is ASCII by construction.
        let text = std::str::from_utf8(&self.src[start..self.i]).unwrap_or("0");
        if !float && let Ok(i) = text.parse::<i64>() {
            return Ok(Value::Int(i));
        }
        text.parse::<f64>()
            .map(Value::Float)
            .map_err(|_| self.err("ongeldig getal"))
    }

    fn measured_string(&mut self, pos: Pos) -> Result<Cow<'a, str>, JsonError> {
        let s = self.string()?;
        if s.len() > self.max_text && self.overlong.is_none() {
            self.overlong = Some(pos);
        }
        Ok(s)
    }

    /// A mapping key: a field name of the format comes from the schema's table without
    /// allocating; anything else is read as any string.
    fn key(&mut self, pos: Pos) -> Result<Cow<'static, str>, JsonError> {
        let start = self.i + 1;
        if let Some(n) = memchr::memchr2(b'"', b'\\', &self.src[start..])
            && self.src[start + n] == b'"'
            && let Some(k) = crate::dossier::schema::known_key(&self.src[start..start + n])
        {
            self.i = start + n + 1;
            return Ok(Cow::Borrowed(k));
        }
        self.measured_string(pos)
            .map(|s| Cow::Owned(s.into_owned()))
    }

    fn string(&mut self) -> Result<Cow<'a, str>, JsonError> {
        self.i += 1; // opening quote
        let start = self.i;
        // Fast path: no escapes, so the value is one slice of the source, borrowed. The
        // end is found with memchr and the span checked and counted in simple passes the
        // compiler vectorises; anything unusual goes to the byte loop below.
        if let Some(n) = memchr::memchr2(b'"', b'\\', &self.src[start..]) {
            let span = &self.src[start..start + n];
            let (control, cont) = scan_span(span);
            if self.src[start + n] == b'"' && !control {
                self.cont += cont;
                self.i = start + n + 1;
                return Ok(Cow::Borrowed(&self.text[start..start + n]));
            }
        }
        let mut out = String::new();
        let mut run = start;
        loop {
            let Some(&b) = self.src.get(self.i) else {
                return Err(self.err("tekst zonder afsluitend aanhalingsteken"));
            };
            match b {
                b'"' => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    return Ok(Cow::Owned(out));
                }
                b'\\' => {
                    out.push_str(&self.text[run..self.i]);
                    self.i += 1;
                    self.escape(&mut out)?;
                    run = self.i;
                }
                0..=0x1F => {
                    return Err(self.err("stuurteken in tekst: gebruik een escape zoals \\n"));
                }
                _ => {
                    self.cont += usize::from(b & 0xC0 == 0x80);
                    self.i += 1;
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let Some(&e) = self.src.get(self.i) else {
            return Err(self.err("onvolledige escape"));
        };
        self.i += 1;
        let c = match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                if (0xD800..0xDC00).contains(&hi) {
                    if self.src.get(self.i) != Some(&b'\\')
                        || self.src.get(self.i + 1) != Some(&b'u')
                    {
                        return Err(self.err("ongepaarde UTF-16-surrogaat in \\u-escape"));
                    }
                    self.i += 2;
                    let lo = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&lo) {
                        return Err(self.err("ongeldige UTF-16-surrogaat in \\u-escape"));
                    }
                    let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                    char::from_u32(cp).ok_or_else(|| self.err("ongeldige \\u-escape"))?
                } else {
                    char::from_u32(hi).ok_or_else(|| self.err("ongeldige \\u-escape"))?
                }
            }
            _ => return Err(self.err("onbekende escape in tekst")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let Some(h) = self.src.get(self.i..self.i + 4) else {
            return Err(self.err("onvolledige \\u-escape"));
        };
        // Exactly four hex digits: `from_str_radix` alone would take a sign (`\u+041`).
        if !h.iter().all(u8::is_ascii_hexdigit) {
            return Err(self.err("ongeldige \\u-escape"));
        }
        let s = std::str::from_utf8(h).map_err(|_| self.err("ongeldige \\u-escape"))?;
        let v = u32::from_str_radix(s, 16).map_err(|_| self.err("ongeldige \\u-escape"))?;
        self.i += 4;
        Ok(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Result<Node<'_>, JsonError> {
        parse(s, 1, JsonLimits::default())
    }

    #[test]
    fn positions_are_lines_and_character_columns() {
        let n = p("{\n  \"a\": \"é\", \"b\": [1, 2.5, true, null]\n}").unwrap();
        let b = n.get("b").unwrap();
        assert_eq!((b.pos.line, b.pos.col), (2, 18));
        let Value::Seq(items) = &b.value else {
            panic!()
        };
        assert_eq!(items[0].value, Value::Int(1));
        assert_eq!(items[1].value, Value::Float(2.5));
        assert_eq!(n.get("a").unwrap().as_str(), Some("é"));
    }

    #[test]
    fn rejects_what_rfc_8259_rejects() {
        for bad in [
            "{",
            "[1,]",
            "{\"a\" 1}",
            "01",
            "\"\\x\"",
            "tru",
            "{} x",
            "\"a\nb\"",
            "\"\\u+041\"",
            "\"\\u-041\"",
        ] {
            assert!(p(bad).is_err(), "{bad:?} should fail");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        let e = p(&deep).unwrap_err();
        assert!(e.message.contains("te diep genest"));
    }

    #[test]
    fn accepts_bom_and_surrogate_pairs() {
        let n = p("\u{feff}{\"x\": \"\\ud83d\\ude00\"}").unwrap();
        assert_eq!(n.get("x").unwrap().as_str(), Some("😀"));
    }
}
