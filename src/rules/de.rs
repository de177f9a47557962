//! serde over the positioned tree of a rule file: typed blocks of a rule (the lexicon of a text
//! rule) are deserialised from the nodes the rule file was parsed into, not from its text.
//!
//! The tree is what the YAML parser made of the file, so every spelling of the same data (block
//! or flow style, comments anywhere, anchors and aliases) gives the same value; and every error
//! carries the position of the node or key it is about, with a "did you mean" for an unknown key.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use crate::dossier::node::{Key, OwnedNode as Node, Pos, Value};

/// A deserialisation error in Dutch, at the node or key it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// `None` only while the error travels up to the node that raised it.
    pub pos: Option<Pos>,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            pos: None,
            message: crate::diag::serde_nl(&msg.to_string()),
            help: None,
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error {
            pos: None,
            message: format!("onbekend veld `{field}`"),
            help: crate::suggest::help_for(field, expected),
        }
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error {
            pos: None,
            message: format!("onbekende waarde `{variant}`"),
            help: crate::suggest::help_for(variant, expected),
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Error {
            pos: None,
            message: format!("verplicht veld `{field}` ontbreekt"),
            help: None,
        }
    }
}

/// Gives an error without a position the position `pos`: the innermost node an error passes
/// through is the one it is about.
fn at<T>(pos: Pos, r: Result<T, Error>) -> Result<T, Error> {
    r.map_err(|mut e| {
        e.pos.get_or_insert(pos);
        e
    })
}

/// Deserialises `T` from `node`.
pub fn from_node<T: de::DeserializeOwned>(node: &Node) -> Result<T, Error> {
    at(node.pos, T::deserialize(NodeDe(node)))
}

/// A deserialiser over one node.
struct NodeDe<'n>(&'n Node);

impl<'de> Deserializer<'de> for NodeDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let node = self.0;
        let r = match &node.value {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Int(i) => v.visit_i64(*i),
            Value::Float(f) => v.visit_f64(*f),
            Value::Str(s) => v.visit_str(s),
            Value::Seq(items) => v.visit_seq(Seq {
                items: items.iter(),
            }),
            Value::Map(entries) => v.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
        };
        at(node.pos, r)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.0.value {
            Value::Null => at(self.0.pos, v.visit_none()),
            _ => v.visit_some(self),
        }
    }

    /// A plain scalar is text where text is wanted (`- 112` in a list of phrases), as the YAML
    /// reader itself would give it.
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                let text = self.0.scalar_text().unwrap_or_default();
                at(self.0.pos, v.visit_string(text))
            }
            _ => self.deserialize_any(v),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        at(self.0.pos, v.visit_newtype_struct(self))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let node = self.0;
        let r = match &node.value {
            // A unit variant written as its name.
            Value::Str(s) => v.visit_enum(Enum {
                variant: Variant::Name(s, node.pos),
                value: None,
            }),
            // `{variant: value}`.
            Value::Map(entries) if entries.len() == 1 => v.visit_enum(Enum {
                variant: Variant::Key(&entries[0].0),
                value: Some(&entries[0].1),
            }),
            _ => Err(de::Error::custom(format!(
                "verkeerd soort waarde: {}; verwacht: een naam of een object met één veld",
                node.value.kind_nl()
            ))),
        };
        at(node.pos, r)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Seq<'n> {
    items: std::slice::Iter<'n, Node>,
}

impl<'de> SeqAccess<'de> for Seq<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(n) => at(n.pos, seed.deserialize(NodeDe(n))).map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'n> {
    entries: std::slice::Iter<'n, (Key, Node)>,
    value: Option<&'n Node>,
}

impl<'de> MapAccess<'de> for Map<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                at(k.pos, seed.deserialize(KeyDe(k))).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let v = self
            .value
            .take()
            .ok_or_else(|| <Error as de::Error>::custom("waarde zonder veld"))?;
        at(v.pos, seed.deserialize(NodeDe(v)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A mapping key: its name, at its own position (an unknown field is marked at its key).
struct KeyDe<'n>(&'n Key);

impl<'de> Deserializer<'de> for KeyDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        at(self.0.pos, v.visit_str(&self.0.name))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum identifier
        ignored_any
    }
}

enum Variant<'n> {
    Name(&'n str, Pos),
    Key(&'n Key),
}

struct Enum<'n> {
    variant: Variant<'n>,
    value: Option<&'n Node>,
}

impl<'de, 'n> EnumAccess<'de> for Enum<'n> {
    type Error = Error;
    type Variant = VariantDe<'n>;

    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self::Variant), Error> {
        let name = match self.variant {
            Variant::Name(s, pos) => at(pos, seed.deserialize(s.into_deserializer()))?,
            Variant::Key(k) => at(k.pos, seed.deserialize(KeyDe(k)))?,
        };
        Ok((name, VariantDe(self.value)))
    }
}

struct VariantDe<'n>(Option<&'n Node>);

impl<'de> VariantAccess<'de> for VariantDe<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None
            | Some(Node {
                value: Value::Null, ..
            }) => Ok(()),
            Some(n) => at(
                n.pos,
                Err(de::Error::custom("deze waarde heeft geen inhoud")),
            ),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(n) => at(n.pos, seed.deserialize(NodeDe(n))),
            None => Err(de::Error::custom("deze waarde heeft inhoud nodig")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(n) => NodeDe(n).deserialize_any(v),
            None => Err(de::Error::custom("deze waarde heeft inhoud nodig")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.tuple_variant(0, v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        label: String,
        #[serde(default)]
        n: Option<f64>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Cfg {
        woorden: Vec<String>,
        max: usize,
        inner: Inner,
        #[serde(default)]
        vlag: bool,
    }

    fn parse(text: &str) -> Node {
        let docs = crate::dossier::yaml::content_documents(text);
        crate::dossier::yaml::parse_document(&docs[0], 10_000).unwrap()
    }

    #[test]
    fn block_flow_and_alias_give_the_same_value() {
        let block = parse(
            "a:\n  woorden:\n    - een\n# comment at column 1\n    - 112\n  max: 3\n  inner:\n    label: x\n    n: 2\n",
        );
        let flow = parse("a: {woorden: [een, 112], max: 3, inner: {label: x, n: 2.0}}\n");
        let alias =
            parse("x: &lex {woorden: [een, 112], max: 3, inner: {label: x, n: 2}}\na: *lex\n");
        let want = Cfg {
            woorden: vec!["een".into(), "112".into()],
            max: 3,
            inner: Inner {
                label: "x".into(),
                n: Some(2.0),
            },
            vlag: false,
        };
        for doc in [block, flow, alias] {
            let cfg: Cfg = from_node(doc.get("a").unwrap()).unwrap();
            assert_eq!(cfg, want);
        }
    }

    #[test]
    fn errors_point_at_the_key_or_value_and_suggest() {
        let doc = parse("a:\n  woorden: [een]\n  max: 3\n  inner:\n    label: x\n    nn: 2\n");
        let e = from_node::<Cfg>(doc.get("a").unwrap()).unwrap_err();
        assert_eq!(e.message, "onbekend veld `nn`");
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((6, 5)));
        assert_eq!(e.help.as_deref(), Some("bedoelde je `n`?"));

        let doc = parse("a:\n  woorden: [een]\n  max: veel\n  inner: {label: x}\n");
        let e = from_node::<Cfg>(doc.get("a").unwrap()).unwrap_err();
        assert!(
            e.message.starts_with("verkeerd soort waarde"),
            "{}",
            e.message
        );
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((3, 8)));

        let doc = parse("a:\n  woorden: [een]\n  inner: {label: x}\n");
        let e = from_node::<Cfg>(doc.get("a").unwrap()).unwrap_err();
        assert_eq!(e.message, "verplicht veld `max` ontbreekt");
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((2, 3)));
    }
}
