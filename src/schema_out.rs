//! JSON Schemas for editors (`vtcheck schema dossier|rules`), generated from the same tables the
//! readers use, so completion in VS Code and validation in vtcheck never disagree.

use serde_json::{Map, Value, json};

use crate::dossier::regions::RegionTable;
use crate::dossier::schema::{self, ObjDef, Ty};

/// What the strict date reader accepts (`dossier::date::parse_stamp_strict`): `JJJJ-MM-DD`,
/// with a time only after a `T` (and an optional offset), or `DD-MM-JJJJ` without a time.
pub const DATE_PATTERN: &str =
    r"^(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?|\d{2}-\d{2}-\d{4})$";

/// The field names of a struct as serde reads it (its `deserialize_struct` call names them):
/// the schema of a lexicon is the text module's own types, never a list kept beside them.
fn fields_of<T: serde::de::DeserializeOwned>() -> &'static [&'static str] {
    use serde::de::value::Error;
    use serde::de::{Error as _, Visitor};
    struct Probe<'a>(&'a mut &'static [&'static str]);
    impl<'de> serde::Deserializer<'de> for Probe<'_> {
        type Error = Error;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Error> {
            Err(Error::custom("no struct"))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Error> {
            *self.0 = fields;
            Err(Error::custom("probed"))
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
            ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Probe(&mut fields));
    fields
}

/// Per `analyse`, the keys its `lexicon` may have (any value; the rule compiler checks the
/// values, at their place): an editor completes them and marks a misspelt key.
fn lexicons() -> Value {
    let per = [
        ("concreet", fields_of::<crate::text::ConcreetConfig>()),
        ("positief", fields_of::<crate::text::PositiefConfig>()),
        (
            "begrijpelijk",
            fields_of::<crate::text::BegrijpelijkConfig>(),
        ),
    ];
    Value::Array(
        per.iter()
            .map(|(analyse, fields)| {
                let keys: Map<String, Value> =
                    fields.iter().map(|f| (f.to_string(), json!({}))).collect();
                json!({
                    "if": {"properties": {"analyse": {"const": analyse}}, "required": ["analyse"]},
                    "then": {"properties": {"lexicon": {
                        "type": "object", "properties": keys, "additionalProperties": false
                    }}}
                })
            })
            .collect(),
    )
}

fn ty(t: Ty, regions: &[&str]) -> Value {
    match t {
        Ty::Id => json!({"type": ["string", "integer"]}),
        Ty::Text => json!({"type": "string"}),
        Ty::Bool => json!({"type": "boolean"}),
        Ty::Int => json!({"type": "integer"}),
        Ty::Date => json!({"type": "string", "pattern": DATE_PATTERN}),
        Ty::Enum(v) => json!({"enum": v}),
        Ty::EnumList(v) => json!({"type": "array", "items": {"enum": v}}),
        Ty::IdList => json!({"type": "array", "items": {"type": ["string", "integer"]}}),
        Ty::Ratings(v) => json!({"type": "object", "additionalProperties": {"enum": v}}),
        Ty::Region => json!({"enum": regions}),
        Ty::Obj(d) => object(d, regions, None),
        Ty::List(d) => json!({"type": "array", "items": object(d, regions, None)}),
        Ty::Events => json!({"type": "array", "items": {"oneOf": events(regions)}}),
    }
}

fn object(def: &ObjDef, regions: &[&str], only: Option<(&str, &[&str], &[&str])>) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in def.fields {
        let allowed = match only {
            Some((_, extra, _)) => {
                f.name == "soort" || f.name == "datum" || extra.contains(&f.name)
            }
            None => true,
        };
        if !allowed {
            continue;
        }
        let mut t = ty(f.ty, regions);
        if let Some((kind, _, req)) = only {
            if f.name == "soort" {
                t = json!({"const": kind});
            }
            for (k, name, over) in schema::EVENT_TYPE_OVERRIDES {
                if *k == kind && *name == f.name {
                    t = ty(*over, regions);
                }
            }
            for (k, vals) in schema::OVER_PER_KIND {
                if *k == kind && f.name == "over" {
                    t = json!({"enum": vals});
                }
            }
            if req.contains(&f.name) {
                required.push(f.name);
            }
        }
        if !f.required && !matches!(f.ty, Ty::Obj(_) | Ty::List(_) | Ty::Events) {
            t = json!({"anyOf": [t, {"type": "null"}]});
        }
        if f.required {
            required.push(f.name);
        }
        props.insert(f.name.to_string(), t);
    }
    json!({
        "type": "object",
        "properties": props,
        "required": required,
        "patternProperties": {"^x_": {}},
        "additionalProperties": false
    })
}

fn events(regions: &[&str]) -> Vec<Value> {
    schema::EVENT_FIELDS
        .iter()
        .map(|(k, extra, req)| object(&schema::GEBEURTENIS, regions, Some((k, extra, req))))
        .collect()
}

/// The schema of one dossier (`vtdossier/1`).
/// The schema of a dossier file; an export manifest (`formaat: vtexport/1`) is judged by the
/// manifest's own schema, so one pattern (`export/**/*.yaml`) in an editor covers both.
pub fn dossier() -> Value {
    let table = RegionTable::default_table();
    let mut dossier = object(&schema::DOSSIER, table.codes(), None);
    if let Some(p) = dossier.get_mut("properties").and_then(Value::as_object_mut) {
        p.insert("formaat".into(), json!({"const": schema::FORMAT_V1}));
    }
    let manifest = json!({
        "type": "object",
        "properties": {
            "formaat": {"const": schema::MANIFEST_V1},
            "regio": {"enum": table.codes()},
            "exportdatum": {"type": "string", "pattern": DATE_PATTERN},
            "bron": {"type": "string"},
            "aantal_dossiers": {"type": "integer", "minimum": 0}
        },
        "required": ["formaat", "exportdatum"],
        "patternProperties": {"^x_": {}},
        "additionalProperties": false
    });
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Veilig Thuis-dossier (vtdossier/1) of exportmanifest (vtexport/1)",
        "if": {"properties": {"formaat": {"const": schema::MANIFEST_V1}}, "required": ["formaat"]},
        "then": manifest,
        "else": dossier
    })
}

/// The schema of a rule file.
pub fn rules() -> Value {
    // Every event kind, and `alle`/`gebeurtenissen` for any kind, as the compiler reads them.
    let kinds: Vec<&str> = schema::EVENT_KINDS
        .iter()
        .copied()
        .chain(["alle", "gebeurtenissen"])
        .collect();
    let kinds = kinds.as_slice();
    // A list of kinds is never empty (the compiler refuses `[]`: it would mean every kind).
    let kinds_list = json!({"type": "array", "minItems": 1, "items": {"enum": kinds}});
    let kinds_one_or_more = json!({"oneOf": [{"enum": kinds}, kinds_list]});
    let date_ref = json!({"oneOf": [
        {"enum": ["ontvangen", "peildatum", "item"]},
        {"type": "object", "properties": {"eerste": {"$ref": "#/$defs/gebeurtenis"}}, "required": ["eerste"], "additionalProperties": false},
        {"type": "object", "properties": {"laatste": {"$ref": "#/$defs/gebeurtenis"}}, "required": ["laatste"], "additionalProperties": false}
    ]});
    // `waar`: per event field a value, a list of values (one of them), or an object with one
    // field test; only event fields.
    let event_fields: Vec<&str> = schema::GEBEURTENIS.fields.iter().map(|f| f.name).collect();
    let scalar = json!({"type": ["string", "number", "boolean"]});
    let where_ = json!({"type": "object",
    "propertyNames": {"enum": event_fields},
    "additionalProperties": {"oneOf": [
        scalar,
        {"type": "array", "minItems": 1, "items": scalar},
        {"allOf": [{"$ref": "#/$defs/predicaat"}, {"minProperties": 1, "maxProperties": 1}]}
    ]}});
    let event_sel_obj = json!({"type": "object", "properties": {
        "gebeurtenis": kinds_one_or_more,
        "waar": where_,
        "vanaf": {"$ref": "#/$defs/datum"},
        "uiterlijk": {"$ref": "#/$defs/datum"}
    }, "required": ["gebeurtenis"], "additionalProperties": false});
    let event_sel = json!({"oneOf": [{"enum": kinds}, kinds_list, event_sel_obj]});
    let term = json!({"type": "object", "properties": {
        "aantal": {"type": "integer", "minimum": 0},
        "eenheid": {"enum": ["werkdagen", "dagen", "weken", "maanden", "werkdag", "dag", "week", "maand"]},
        "doorschuiven": {"type": "boolean"}
    }, "required": ["aantal", "eenheid"], "additionalProperties": false});
    // A population norm is compared in months: working days are refused.
    let mut norm = term.clone();
    norm["properties"]["eenheid"] =
        json!({"enum": ["dagen", "weken", "maanden", "dag", "week", "maand"]});
    // A collection as the compiler reads it: a list of the dossier, `gebeurtenissen` or one
    // kind by name; `alle` only inside a list of kinds or a selection (`items: alle` is refused:
    // all of what?).
    let mut names: Vec<&str> = vec!["voorwaarden", "situaties", "betrokkenen", "gebeurtenissen"];
    names.extend(schema::EVENT_KINDS);
    let collection = json!({"oneOf": [{"enum": names}, kinds_list, event_sel_obj]});
    // `verlenging`: an event selection of its own plus the term each event adds.
    let extension = json!({"type": "object", "properties": {
        "gebeurtenis": kinds_one_or_more,
        "waar": where_.clone(),
        "vanaf": {"$ref": "#/$defs/datum"},
        "uiterlijk": {"$ref": "#/$defs/datum"},
        "termijn": {"$ref": "#/$defs/termijn"}
    }, "required": ["gebeurtenis", "termijn"], "additionalProperties": false});
    // One check of a `consistentie` rule: an order check (`elk`) or a reference check, each
    // with only its own keys, as the compiler reads them.
    let consistency = json!({"oneOf": [
        {"type": "object", "properties": {
            "elk": {"$ref": "#/$defs/gebeurtenis"},
            "niet_voor": {"$ref": "#/$defs/datum"},
            "niet_na": {"$ref": "#/$defs/datum"},
            "ontbrekend": {"enum": ["overtreding", "negeren"]},
            "melding": {"type": "string"}
        }, "required": ["elk", "melding"], "additionalProperties": false},
        {"type": "object", "properties": {
            "items": {"$ref": "#/$defs/verzameling"},
            "veld": {"type": "string"},
            "naar": {"$ref": "#/$defs/lijst_met_ids"},
            "melding": {"type": "string"}
        }, "required": ["items", "veld", "naar", "melding"], "additionalProperties": false}
    ]});
    let pred = json!({"type": "object", "minProperties": 1, "properties": {
        "alle": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/predicaat"}},
        "een_van": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/predicaat"}},
        "niet": {"$ref": "#/$defs/predicaat"},
        "veld": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "dossierveld": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "is": {}, "is_niet": {}, "gevuld": {"type": "boolean"}, "leeg": {"type": "boolean"},
        "bevat": {}, "patroon": {"enum": ["bsn"]},
        "frase": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}},
            {"type": "object", "properties": {"woorden": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
                "max_tussenwoorden": {"type": "integer", "minimum": 0, "maximum": 20}}, "required": ["woorden"], "additionalProperties": false}]},
        "uiterlijk": {"$ref": "#/$defs/datum"}, "vanaf": {"$ref": "#/$defs/datum"},
        "dekt": {"type": "object", "properties": {"items": {"$ref": "#/$defs/lijst_met_ids"}, "waarde": {}}},
        "gebeurtenis": {}, "waar": where_.clone(),
        "verwezen_door": {"type": "object", "properties": {"items": {"$ref": "#/$defs/verzameling"}, "veld": {"type": "string"}}},
        "laatste_ervoor": {"$ref": "#/$defs/gebeurtenis"}, "eis": {"$ref": "#/$defs/predicaat"}
    }, "additionalProperties": false});
    let check = json!({"type": "object", "properties": {
        "soort": {"enum": ["termijn", "vereiste", "per_item", "consistentie", "interval", "tekst", "populatie"]},
        "start": {"oneOf": [{"const": "ontvangen"}, {"$ref": "#/$defs/gebeurtenis"}]},
        "doel": {"$ref": "#/$defs/gebeurtenis"},
        "termijn": {"$ref": "#/$defs/termijn"},
        "uitzondering": {"$ref": "#/$defs/gebeurtenis"},
        "verlenging": extension,
        "eis": {"$ref": "#/$defs/predicaat"},
        "overtreding_zodra": {"$ref": "#/$defs/predicaat"},
        "items": {"$ref": "#/$defs/verzameling"},
        "alleen": {"$ref": "#/$defs/predicaat"},
        "controles": {"type": "array", "minItems": 1, "items": consistency},
        "gebeurtenis": {"$ref": "#/$defs/gebeurtenis"},
        "maximaal": {"$ref": "#/$defs/termijn"},
        "tot_peildatum": {"type": "boolean"},
        "veld": {"type": "string"},
        "analyse": {"enum": ["concreet", "positief", "begrijpelijk"]},
        "lexicon": {"type": "object"},
        "van": {"$ref": "#/$defs/datum"}, "tot": {"$ref": "#/$defs/datum"}, "norm": {"$ref": "#/$defs/populatienorm"}
    }, "required": ["soort"], "additionalProperties": false, "allOf": lexicons()});
    let mut messages = Map::new();
    for (k, _, _) in crate::rules::Status::ALL {
        messages.insert(k.into(), json!({"type": "string"}));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "vtcheck-regelbestand",
        "type": "object",
        "properties": {
            "regelset": {"type": "string"},
            "versie": {"type": ["string", "integer"]},
            "bronnoot": {"type": "string", "minLength": 1},
            "regels": {"type": "array", "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string", "pattern": "^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$"},
                    "titel": {"type": "string"},
                    "ernst": {"enum": ["error", "warning", "info", "fout", "waarschuwing"]},
                    "categorie": {"type": "string"},
                    "bron": {"type": "string"},
                    "toelichting": {"type": "string"},
                    "geldig_vanaf": {"type": "string", "pattern": DATE_PATTERN},
                    "geldig_tot": {"type": "string", "pattern": DATE_PATTERN},
                    "doelnorm": {"type": "number", "minimum": 0, "maximum": 1},
                    "van_toepassing": {"$ref": "#/$defs/predicaat"},
                    "controle": check,
                    "meldingen": {"type": "object", "properties": messages, "additionalProperties": false},
                    "voorbeeld": {"type": "object", "properties": {"goed": {"type": "string"}, "fout": {"type": "string"}}, "additionalProperties": false}
                },
                "required": ["id", "titel", "ernst", "bron", "toelichting", "controle"],
                "additionalProperties": false
            }}
        },
        "required": ["regelset", "versie", "regels"],
        "additionalProperties": false,
        "$defs": {
            "predicaat": pred,
            "gebeurtenis": event_sel,
            "datum": date_ref,
            "termijn": term,
            "populatienorm": norm,
            "verzameling": collection,
            // Where ids are read (`naar`, `dekt.items`): events have none.
            "lijst_met_ids": {"enum": ["voorwaarden", "situaties", "betrokkenen"]}
        }
    })
}
