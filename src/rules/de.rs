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
    /// The required field this error says is missing (see [`from_node`]).
    missing: Option<&'static str>,
    /// Raised inside a stand-in for a missing field, so not about the file.
    assumed: bool,
}

impl Error {
    fn new(message: String, help: Option<String>) -> Error {
        Error {
            pos: None,
            message,
            help,
            missing: None,
            assumed: false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error::new(crate::diag::serde_nl(&msg.to_string()), None)
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error::new(
            format!("onbekend veld `{field}`"),
            crate::suggest::help_for(field, expected),
        )
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Error::new(
            format!("onbekende waarde `{variant}`"),
            crate::suggest::help_for(variant, expected),
        )
    }

    fn missing_field(field: &'static str) -> Self {
        Error {
            missing: Some(field),
            ..Error::new(format!("verplicht veld `{field}` ontbreekt"), None)
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

/// Most missing fields [`from_node`] looks for before it reports them.
const MAX_MISSING: usize = 64;

/// Deserialises `T` from `node`; the errors are the first mistake, or every required field that
/// is missing (one error per object that lacks some).
///
/// serde stops at the first missing field, so a new lexicon would name its missing lists one run
/// at a time. Instead each missing field is assumed present (an empty stand-in) and the object
/// read again, until something else goes wrong or nothing is missing.
pub fn from_node<T: de::DeserializeOwned>(node: &Node) -> Result<T, Vec<Error>> {
    let mut assumed: Vec<(Pos, &'static str)> = Vec::new();
    loop {
        let r = at(
            node.pos,
            T::deserialize(NodeDe {
                node,
                assumed: &assumed,
            }),
        );
        match r {
            Ok(v) if assumed.is_empty() => return Ok(v),
            // Nothing else is missing, or what is wrong is inside a stand-in (an object assumed
            // present lacks its own fields): the missing fields are the news.
            Ok(_) | Err(Error { assumed: true, .. }) => return Err(missing_errors(&assumed)),
            Err(Error {
                missing: Some(field),
                pos: Some(pos),
                ..
            }) if assumed.len() < MAX_MISSING && !assumed.contains(&(pos, field)) => {
                assumed.push((pos, field));
            }
            Err(e) => {
                let mut errors = missing_errors(&assumed);
                errors.push(e);
                return Err(errors);
            }
        }
    }
}

/// One error per object for the fields `assumed` (object position, field) lists.
fn missing_errors(assumed: &[(Pos, &'static str)]) -> Vec<Error> {
    // In file order, as serde does not find them in it (an inner object's first).
    let mut objects: Vec<Pos> = assumed.iter().map(|(p, _)| *p).collect();
    objects.sort();
    objects.dedup();
    objects
        .into_iter()
        .map(|pos| {
            let fields: Vec<String> = assumed
                .iter()
                .filter(|(p, _)| *p == pos)
                .map(|(_, f)| format!("`{f}`"))
                .collect();
            let message = match fields.as_slice() {
                [one] => format!("verplicht veld {one} ontbreekt"),
                [init @ .., last] => {
                    format!("verplichte velden {} en {last} ontbreken", init.join(", "))
                }
                [] => String::new(),
            };
            Error {
                pos: Some(pos),
                ..Error::new(message, None)
            }
        })
        .collect()
}

/// A deserialiser over one node; `assumed` lists the fields (by their object's position) that
/// [`from_node`] takes as present.
struct NodeDe<'n> {
    node: &'n Node,
    assumed: &'n [(Pos, &'static str)],
}

impl<'de> Deserializer<'de> for NodeDe<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let node = self.node;
        let r = match &node.value {
            Value::Null => v.visit_unit(),
            Value::Bool(b) => v.visit_bool(*b),
            Value::Int(i) => v.visit_i64(*i),
            Value::Float(f) => v.visit_f64(*f),
            Value::Str(s) => v.visit_str(s),
            Value::Seq(items) => v.visit_seq(Seq {
                items: items.iter(),
                assumed: self.assumed,
            }),
            Value::Map(entries) => v.visit_map(Map {
                entries: entries.iter(),
                value: None,
                assumed: self.assumed,
                extra: self
                    .assumed
                    .iter()
                    .filter(|(p, _)| *p == node.pos)
                    .map(|(_, f)| *f)
                    .collect::<Vec<_>>()
                    .into_iter(),
            }),
        };
        at(node.pos, r)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match self.node.value {
            Value::Null => at(self.node.pos, v.visit_none()),
            _ => v.visit_some(self),
        }
    }

    /// A plain scalar is text where text is wanted (`- 112` in a list of phrases), as the YAML
    /// reader itself would give it.
    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        match &self.node.value {
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                let text = self.node.scalar_text().unwrap_or_default();
                at(self.node.pos, v.visit_string(text))
            }
            _ => self.deserialize_any(v),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    /// Only from an object: a list would otherwise be read as the fields in order, and a
    /// mistake there reported in serde's terms (`struct X with 4 elements`).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        match &self.node.value {
            Value::Map(_) => self.deserialize_any(v),
            other => {
                let keys: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
                at(
                    self.node.pos,
                    Err(Error::new(
                        format!(
                            "verkeerd soort waarde: {}; verwacht: een object met de sleutels {}",
                            other.kind_nl(),
                            keys.join(", ")
                        ),
                        None,
                    )),
                )
            }
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        let pos = self.node.pos;
        at(pos, v.visit_newtype_struct(self))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let node = self.node;
        let r = match &node.value {
            // A unit variant written as its name.
            Value::Str(s) => v.visit_enum(Enum {
                variant: Variant::Name(s, node.pos),
                value: None,
                assumed: self.assumed,
            }),
            // `{variant: value}`.
            Value::Map(entries) if entries.len() == 1 => v.visit_enum(Enum {
                variant: Variant::Key(&entries[0].0),
                value: Some(&entries[0].1),
                assumed: self.assumed,
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
        unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// The value of a required field [`from_node`] assumes present: an empty list, zero, empty
/// text, an empty object. Whatever goes wrong inside it is not about the file.
struct StandIn;

impl StandIn {
    fn mark<T>(r: Result<T, Error>) -> Result<T, Error> {
        r.map_err(|mut e| {
            e.assumed = true;
            e
        })
    }
}

impl<'de> Deserializer<'de> for StandIn {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        StandIn::mark(v.visit_seq(de::value::SeqDeserializer::new(std::iter::empty::<()>())))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        StandIn::mark(v.visit_bool(false))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        StandIn::mark(v.visit_u64(0))
    }

    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_u64(v)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        StandIn::mark(v.visit_i64(0))
    }

    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_i64(v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        StandIn::mark(v.visit_f64(0.0))
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        StandIn::mark(v.visit_str(""))
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_map<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        StandIn::mark(v.visit_map(de::value::MapDeserializer::new(
            std::iter::empty::<((), ())>(),
        )))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        StandIn::mark(v.visit_none())
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i128 u8 u16 u128 f32 char bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct enum identifier ignored_any
    }
}

struct Seq<'n> {
    items: std::slice::Iter<'n, Node>,
    assumed: &'n [(Pos, &'static str)],
}

impl<'de> SeqAccess<'de> for Seq<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(n) => at(
                n.pos,
                seed.deserialize(NodeDe {
                    node: n,
                    assumed: self.assumed,
                }),
            )
            .map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// An object's entries, then the fields [`from_node`] assumes present in it (`extra`).
struct Map<'n> {
    entries: std::slice::Iter<'n, (Key, Node)>,
    value: Option<&'n Node>,
    assumed: &'n [(Pos, &'static str)],
    extra: std::vec::IntoIter<&'static str>,
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
            None => match self.extra.next() {
                Some(field) => StandIn::mark(seed.deserialize(field.into_deserializer())).map(Some),
                None => Ok(None),
            },
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(v) => at(
                v.pos,
                seed.deserialize(NodeDe {
                    node: v,
                    assumed: self.assumed,
                }),
            ),
            // After the entries: a field assumed present.
            None => seed.deserialize(StandIn),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() + self.extra.len())
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
    assumed: &'n [(Pos, &'static str)],
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
        Ok((name, VariantDe(self.value, self.assumed)))
    }
}

struct VariantDe<'n>(Option<&'n Node>, &'n [(Pos, &'static str)]);

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
            Some(node) => at(
                node.pos,
                seed.deserialize(NodeDe {
                    node,
                    assumed: self.1,
                }),
            ),
            None => Err(de::Error::custom("deze waarde heeft inhoud nodig")),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(node) => NodeDe {
                node,
                assumed: self.1,
            }
            .deserialize_any(v),
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

    /// The one error `from_node` gives for `text`'s `a`.
    fn error_of(text: &str) -> Error {
        let doc = parse(text);
        let mut errors = from_node::<Cfg>(doc.get("a").unwrap()).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        errors.remove(0)
    }

    #[test]
    fn errors_point_at_the_key_or_value_and_suggest() {
        let e = error_of("a:\n  woorden: [een]\n  max: 3\n  inner:\n    label: x\n    nn: 2\n");
        assert_eq!(e.message, "onbekend veld `nn`");
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((6, 5)));
        assert_eq!(e.help.as_deref(), Some("bedoelde je `n`?"));

        let e = error_of("a:\n  woorden: [een]\n  max: veel\n  inner: {label: x}\n");
        assert!(
            e.message.starts_with("verkeerd soort waarde"),
            "{}",
            e.message
        );
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((3, 8)));

        let e = error_of("a:\n  woorden: [een]\n  inner: {label: x}\n");
        assert_eq!(e.message, "verplicht veld `max` ontbreekt");
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((2, 3)));
    }

    /// Rust's type names stay out of the messages: a count is "een geheel getal van 0 of meer",
    /// a block of settings "een object" with its keys.
    #[test]
    fn type_errors_name_the_kind_of_value_in_dutch() {
        let e = error_of("a:\n  woorden: [een]\n  max: 2.5\n  inner: {label: x}\n");
        assert_eq!(
            e.message,
            "verkeerd soort waarde: getal `2.5`; verwacht: een geheel getal van 0 of meer"
        );
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((3, 8)));
        let e = error_of("a:\n  woorden: [een]\n  max: -3\n  inner: {label: x}\n");
        assert_eq!(
            e.message,
            "ongeldige waarde: geheel getal `-3`; verwacht: een geheel getal van 0 of meer"
        );
        let e = error_of("a:\n  woorden: [een]\n  max: 1\n  inner: []\n");
        assert_eq!(
            e.message,
            "verkeerd soort waarde: lijst; verwacht: een object met de sleutels `label`, `n`"
        );
        assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((4, 10)));
    }

    /// Every missing required field at once, per object; a later mistake waits for the next
    /// run (what serde says after a stand-in is not about the file).
    #[test]
    fn all_missing_fields_are_named_at_once() {
        let doc = parse("a:\n  vlag: true\n  inner: {n: 2}\n");
        let errors = from_node::<Cfg>(doc.get("a").unwrap()).unwrap_err();
        let got: Vec<(String, Option<(u32, u32)>)> = errors
            .iter()
            .map(|e| (e.message.clone(), e.pos.map(|p| (p.line, p.col))))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "verplichte velden `woorden` en `max` ontbreken".to_string(),
                    Some((2, 3))
                ),
                (
                    "verplicht veld `label` ontbreekt".to_string(),
                    Some((3, 10))
                ),
            ]
        );
        // A mistake serde meets once the missing field is assumed is reported with it.
        let doc = parse("a:\n  inner: {n: 2}\n  vlag: ja\n");
        let errors = from_node::<Cfg>(doc.get("a").unwrap()).unwrap_err();
        let got: Vec<(&str, Option<(u32, u32)>)> = errors
            .iter()
            .map(|e| (e.message.as_str(), e.pos.map(|p| (p.line, p.col))))
            .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0], ("verplicht veld `label` ontbreekt", Some((2, 10))));
        assert!(
            got[1].0.starts_with("verkeerd soort waarde") && got[1].1 == Some((3, 9)),
            "{got:?}"
        );
        // A missing object: its own fields are not reported as missing too.
        let doc = parse("a:\n  woorden: []\n");
        let errors = from_node::<Cfg>(doc.get("a").unwrap()).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(
            errors[0].message,
            "verplichte velden `max` en `inner` ontbreken"
        );
    }
}
