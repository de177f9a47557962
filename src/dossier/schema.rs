//! The dossier format `vtdossier/1` as data.
//!
//! One table describes every object, field, type and enumeration of the format. The reader
//! validates against it, unknown keys get their "did you mean" from it, and the rule compiler
//! checks every field path and enumeration value in a rule file against it, so a typo in a rule
//! is an error at load time rather than a rule that silently never fires.

/// The type of a field's value.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// A short identifier or code (ids, references); never free text.
    Id,
    /// Free text written by a person: privacy-sensitive, never copied into machine reports.
    Text,
    /// `true` or `false`.
    Bool,
    /// A whole number (`geboortejaar`, `prioriteit`).
    Int,
    /// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS]` (optional UTC offset) or `DD-MM-YYYY`.
    Date,
    /// One of the listed values.
    Enum(&'static [&'static str]),
    /// A list of the listed values.
    EnumList(&'static [&'static str]),
    /// A list of ids referring to other items.
    IdList,
    /// A map from voorwaarde id to an enumeration value (monitoring `beoordeling`).
    Ratings(&'static [&'static str]),
    /// A region code, checked against the region table (data, not code).
    Region,
    /// A nested object of the given definition.
    Obj(&'static ObjDef),
    /// A list of objects of the given definition.
    List(&'static ObjDef),
    /// The event list: each event is checked against the fields of its own kind.
    Events,
}

/// One field of an object: its key, type and whether the format requires it.
#[derive(Debug)]
pub struct FieldDef {
    /// The key as it appears in a dossier (Dutch, e.g. `ontvangen`).
    pub name: &'static str,
    /// The type of the value.
    pub ty: Ty,
    /// The field must be present (for events, on top of what the kind requires).
    pub required: bool,
    /// The format gives the field a default (`acuut`: false): a dossier that leaves it out
    /// says the default, so rules never find it unknown.
    pub has_default: bool,
}

/// One object of the format: its noun and its fields, in table order.
#[derive(Debug)]
pub struct ObjDef {
    /// Dutch noun used in messages ("betrokkene", "gebeurtenis").
    pub noun: &'static str,
    /// The fields, in table order (the order [`idx`] relies on).
    pub fields: &'static [FieldDef],
}

/// Definitions are static singletons: identity is equality.
impl PartialEq for ObjDef {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// Every object definition of the format.
pub static ALL_DEFS: [&ObjDef; 6] = [
    &DOSSIER,
    &MELDER,
    &BETROKKENE,
    &SITUATIE,
    &VOORWAARDE,
    &GEBEURTENIS,
];

/// The fields of an export manifest (`export.yaml`).
pub const MANIFEST_KEYS: &[&str] = &["formaat", "regio", "exportdatum", "bron", "aantal_dossiers"];

/// The format's field name spelled by `bytes`, from the schema's own table, if it is one: the
/// JSON reader uses it so that known keys need no allocation. Candidates are grouped by length
/// and checked by first byte, so a lookup is a few byte compares.
pub fn known_key(bytes: &[u8]) -> Option<&'static str> {
    static BY_LEN: std::sync::OnceLock<Vec<Vec<&'static str>>> = std::sync::OnceLock::new();
    let table = BY_LEN.get_or_init(|| {
        let mut t: Vec<Vec<&'static str>> = Vec::new();
        for def in ALL_DEFS {
            for f in def.fields {
                if t.len() <= f.name.len() {
                    t.resize(f.name.len() + 1, Vec::new());
                }
                if !t[f.name.len()].contains(&f.name) {
                    t[f.name.len()].push(f.name);
                }
            }
        }
        t
    });
    let first = *bytes.first()?;
    table
        .get(bytes.len())?
        .iter()
        .find(|k| k.as_bytes()[0] == first && k.as_bytes() == bytes)
        .copied()
}

impl ObjDef {
    /// The position of field `name` in `fields`, if the object has it.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }

    /// The field names, in table order.
    pub fn field_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().map(|f| f.name)
    }
}

const fn f(name: &'static str, ty: Ty, required: bool) -> FieldDef {
    FieldDef {
        name,
        ty,
        required,
        has_default: false,
    }
}

/// An optional field with a default in the format, which readers leave absent and rules read as
/// that default ([`FieldDef::has_default`]).
const fn defaulted(name: &'static str, ty: Ty) -> FieldDef {
    FieldDef {
        has_default: true,
        ..f(name, ty, false)
    }
}

/// Values of the dossier's `soort`.
pub const SOORT_DOSSIER: &[&str] = &["advies", "melding"];
/// Values of the melder's `hoedanigheid`.
pub const HOEDANIGHEID: &[&str] = &["professional", "omstander", "directbetrokkene"];
/// Values of the melder's `rol`.
pub const MELDER_ROL: &[&str] = &["melder", "informant"];
/// Values of the melder's `anonimiteitsgrond`.
pub const ANONIMITEITSGROND: &[&str] =
    &["gevaar_slachtoffer", "gevaar_melder", "vertrouwensrelatie"];
/// Values of a betrokkene's `rol`.
pub const BETROKKENE_ROL: &[&str] = &[
    "kind",
    "ouder",
    "verzorger",
    "partner",
    "ex_partner",
    "overig",
];
/// Values of a voorwaarde's `besproken_met` (a list).
pub const BESPROKEN_MET: &[&str] = &[
    "directbetrokkenen",
    "overdrachtspartij",
    "melder",
    "professionals",
];
/// Values of an event's `besluit`.
pub const BESLUIT: &[&str] = &[
    "directe_overdracht",
    "voorwaarden_en_vervolg",
    "onderzoek",
    "verzoek_raad",
    "einde_bemoeienis",
];
/// Values of an event's `over`, all kinds together (see [`OVER_PER_KIND`]).
pub const OVER: &[&str] = &[
    "uitkomst_beoordeling",
    "overdracht",
    "uitkomst_onderzoek",
    "afsluiting",
    "melding",
];
/// Values of an event's `conclusie`.
pub const CONCLUSIE: &[&str] = &[
    "bevestigd",
    "niet_bevestigd",
    "weerlegd",
    "voortijdig_afgesloten",
];
/// Values of a monitoring event's `beoordeling`, per voorwaarde.
pub const NALEVING: &[&str] = &["nageleefd", "deels", "niet_nageleefd"];
/// Values of the `reden` of `monitoring_afgerond` (see [`EVENT_TYPE_OVERRIDES`]).
pub const MONITORING_REDEN: &[&str] = &["stabiel_veilig", "escalatie", "overgedragen", "anders"];

/// The dossier's `melder` object.
pub static MELDER: ObjDef = ObjDef {
    noun: "melder",
    fields: &[
        f("hoedanigheid", Ty::Enum(HOEDANIGHEID), false),
        f("rol", Ty::Enum(MELDER_ROL), false),
        f("bekend", Ty::Bool, false),
        f("anoniem_naar_betrokkenen", Ty::Bool, false),
        f("anonimiteitsgrond", Ty::Enum(ANONIMITEITSGROND), false),
    ],
};

/// An item of the dossier's `betrokkenen`.
pub static BETROKKENE: ObjDef = ObjDef {
    noun: "betrokkene",
    fields: &[
        f("id", Ty::Id, true),
        f("rol", Ty::Enum(BETROKKENE_ROL), false),
        f("geboortejaar", Ty::Int, false),
    ],
};

/// An item of the dossier's `situaties`.
pub static SITUATIE: ObjDef = ObjDef {
    noun: "situatie",
    fields: &[
        f("id", Ty::Id, true),
        f("omschrijving", Ty::Text, false),
        f("prioriteit", Ty::Int, false),
    ],
};

/// An item of the dossier's `voorwaarden`.
pub static VOORWAARDE: ObjDef = ObjDef {
    noun: "voorwaarde",
    fields: &[
        f("id", Ty::Id, true),
        f("situatie", Ty::Id, false),
        f("tekst", Ty::Text, false),
        f("opgesteld", Ty::Date, false),
        f("besproken_met", Ty::EnumList(BESPROKEN_MET), false),
        f("geen_dialoog_reden", Ty::Text, false),
    ],
};

/// The bit of an event kind in an [`EventSel`](crate::rules::model::EventSel) mask: its index in
/// [`EVENT_KINDS`] (fewer than 64 kinds). Selections test a bit instead of comparing strings.
pub fn event_kind_bit(kind: &str) -> u64 {
    EVENT_KINDS
        .iter()
        .position(|k| *k == kind)
        .map_or(0, |i| 1u64 << i)
}

/// Event kinds of the format, in the spec's order.
pub const EVENT_KINDS: &[&str] = &[
    "register_geraadpleegd",
    "acute_actie",
    "veiligheidsbeoordeling",
    "melder_geinformeerd",
    "betrokkenen_geinformeerd",
    "informeren_uitgesteld",
    "onderzoek_gestart",
    "onderzoek_afgerond",
    "overdracht",
    "verzoek_raad",
    "college_geinformeerd",
    "monitoring",
    "monitoring_afgerond",
    "afgesloten",
];

/// All fields any event may carry; which ones a kind allows is in [`EVENT_FIELDS`].
pub static GEBEURTENIS: ObjDef = ObjDef {
    noun: "gebeurtenis",
    fields: &[
        f("soort", Ty::Enum(EVENT_KINDS), true),
        f("datum", Ty::Date, true),
        f("omschrijving", Ty::Text, false),
        f("besluit", Ty::Enum(BESLUIT), false),
        f("over", Ty::Enum(OVER), false),
        f("personen", Ty::IdList, false),
        f("reden", Ty::Text, false),
        f("conclusie", Ty::Enum(CONCLUSIE), false),
        f("partij", Ty::Text, false),
        f("schriftelijk", Ty::Bool, false),
        f("document", Ty::Id, false),
        f("warm", Ty::Bool, false),
        f("voorwaarden", Ty::IdList, false),
        f("geaccepteerd", Ty::Date, false),
        f("beoordeling", Ty::Ratings(NALEVING), false),
    ],
};

/// Per event kind: the extra fields it allows, and which of them are required.
pub const EVENT_FIELDS: &[(&str, &[&str], &[&str])] = &[
    ("register_geraadpleegd", &[], &[]),
    ("acute_actie", &["omschrijving"], &[]),
    ("veiligheidsbeoordeling", &["besluit"], &[]),
    ("melder_geinformeerd", &["over"], &[]),
    ("betrokkenen_geinformeerd", &["over", "personen"], &[]),
    ("informeren_uitgesteld", &["reden"], &["reden"]),
    ("onderzoek_gestart", &[], &[]),
    ("onderzoek_afgerond", &["conclusie"], &[]),
    (
        "overdracht",
        &[
            "partij",
            "schriftelijk",
            "document",
            "warm",
            "voorwaarden",
            "geaccepteerd",
        ],
        &[],
    ),
    ("verzoek_raad", &[], &[]),
    ("college_geinformeerd", &[], &[]),
    ("monitoring", &["beoordeling"], &[]),
    ("monitoring_afgerond", &["reden"], &[]),
    ("afgesloten", &["reden"], &[]),
];

/// What conversion needs to know about one event kind, derived once from [`EVENT_FIELDS`],
/// [`EVENT_TYPE_OVERRIDES`] and [`OVER_PER_KIND`]: field sets as bits over [`GEBEURTENIS`]'s
/// fields, so that checking an event's fields compares no strings.
#[derive(Debug)]
pub struct EventShape {
    /// The event kind (`soort`).
    pub kind: &'static str,
    /// The kind's bit (see [`event_kind_bit`]).
    pub kind_bit: u64,
    /// The kind's own fields, for messages.
    pub extra: &'static [&'static str],
    /// Fields the kind allows (`soort` and `datum` always).
    pub allowed: u64,
    /// Fields the kind requires beyond those every event requires.
    pub required: u64,
    /// Per field of [`GEBEURTENIS`], the type for this kind.
    pub types: Vec<Ty>,
}

/// The shape of an event kind of the format.
pub fn event_shape(kind: &str) -> Option<&'static EventShape> {
    static SHAPES: std::sync::OnceLock<Vec<EventShape>> = std::sync::OnceLock::new();
    let shapes = SHAPES.get_or_init(|| {
        let bits = |names: &[&str]| {
            names.iter().fold(0u64, |m, n| {
                m | GEBEURTENIS.index(n).map_or(0, |i| 1u64 << i)
            })
        };
        EVENT_FIELDS
            .iter()
            .map(|&(kind, extra, required)| EventShape {
                kind,
                kind_bit: event_kind_bit(kind),
                extra,
                allowed: bits(&["soort", "datum"]) | bits(extra),
                required: bits(required),
                types: GEBEURTENIS
                    .fields
                    .iter()
                    .map(|f| {
                        let over = EVENT_TYPE_OVERRIDES
                            .iter()
                            .find(|(k, name, _)| *k == kind && *name == f.name)
                            .map(|(_, _, t)| *t);
                        let feedback = OVER_PER_KIND
                            .iter()
                            .find(|(k, _)| f.name == "over" && *k == kind)
                            .map(|(_, v)| Ty::Enum(v));
                        over.or(feedback).unwrap_or(f.ty)
                    })
                    .collect(),
            })
            .collect()
    });
    shapes.iter().find(|s| s.kind == kind)
}

/// Per event kind, fields whose type differs from [`GEBEURTENIS`]: the end of monitoring has a
/// coded reason, where other kinds give a free-text `reden`.
pub const EVENT_TYPE_OVERRIDES: &[(&str, &str, Ty)] =
    &[("monitoring_afgerond", "reden", Ty::Enum(MONITORING_REDEN))];

/// `over` values allowed per kind (the format lists them separately for the two feedback events).
pub const OVER_PER_KIND: &[(&str, &[&str])] = &[
    (
        "melder_geinformeerd",
        &[
            "uitkomst_beoordeling",
            "overdracht",
            "uitkomst_onderzoek",
            "afsluiting",
        ],
    ),
    (
        "betrokkenen_geinformeerd",
        &["melding", "uitkomst_beoordeling"],
    ),
];

/// The top-level dossier object.
pub static DOSSIER: ObjDef = ObjDef {
    noun: "dossier",
    fields: &[
        f("formaat", Ty::Id, true),
        f("id", Ty::Id, true),
        f("regio", Ty::Region, true),
        f("soort", Ty::Enum(SOORT_DOSSIER), true),
        f("ontvangen", Ty::Date, true),
        defaulted("acuut", Ty::Bool),
        f("samenvatting", Ty::Text, false),
        f("melder", Ty::Obj(&MELDER), false),
        f("betrokkenen", Ty::List(&BETROKKENE), false),
        f("situaties", Ty::List(&SITUATIE), false),
        f("voorwaarden", Ty::List(&VOORWAARDE), false),
        f("gebeurtenissen", Ty::Events, false),
    ],
};

/// Field positions the engine itself needs; a test keeps them in step with the tables.
pub mod idx {
    /// Index of `id` in the dossier's fields.
    pub const D_ID: usize = 1;
    /// Index of `regio` in the dossier's fields.
    pub const D_REGIO: usize = 2;
    /// Index of `soort` in the dossier's fields.
    pub const D_SOORT: usize = 3;
    /// Index of `ontvangen` in the dossier's fields.
    pub const D_ONTVANGEN: usize = 4;
    /// Index of `gebeurtenissen` in the dossier's fields.
    pub const D_GEBEURTENISSEN: usize = 11;
    /// Index of `soort` in an event's fields.
    pub const E_SOORT: usize = 0;
    /// Index of `datum` in an event's fields.
    pub const E_DATUM: usize = 1;
    /// Index of `id` in every item object (betrokkene, situatie, voorwaarde).
    pub const ITEM_ID: usize = 0;
}

/// The `formaat` value of a dossier in this format.
pub const FORMAT_V1: &str = "vtdossier/1";
/// The `formaat` value of an export manifest.
pub const MANIFEST_V1: &str = "vtexport/1";

#[cfg(test)]
mod tests {
    use super::*;

    /// A misspelt field name in the per-kind tables would silently allow or require nothing.
    #[test]
    fn event_shapes_name_only_event_fields() {
        for (kind, extra, required) in EVENT_FIELDS {
            for name in extra.iter().chain(required.iter()) {
                assert!(GEBEURTENIS.index(name).is_some(), "{kind}: {name}");
            }
            let shape = event_shape(kind).expect("every kind has a shape");
            assert_eq!(
                shape.allowed.count_ones() as usize,
                2 + extra.len(),
                "{kind}"
            );
            assert_eq!(shape.required.count_ones() as usize, required.len());
            assert_eq!(shape.kind_bit, event_kind_bit(kind));
        }
        for (kind, name, _) in EVENT_TYPE_OVERRIDES {
            assert!(GEBEURTENIS.index(name).is_some() && event_shape(kind).is_some());
        }
        let over = GEBEURTENIS.index("over").unwrap();
        for (kind, values) in OVER_PER_KIND {
            let shape = event_shape(kind).unwrap();
            assert!(matches!(shape.types[over], Ty::Enum(v) if v == *values));
        }
        assert!(event_shape("onbekend").is_none());
    }

    #[test]
    fn engine_indexes_match_the_tables() {
        assert_eq!(DOSSIER.index("id"), Some(idx::D_ID));
        assert_eq!(DOSSIER.index("regio"), Some(idx::D_REGIO));
        assert_eq!(DOSSIER.index("soort"), Some(idx::D_SOORT));
        assert_eq!(DOSSIER.index("ontvangen"), Some(idx::D_ONTVANGEN));
        assert_eq!(DOSSIER.index("gebeurtenissen"), Some(idx::D_GEBEURTENISSEN));
        assert_eq!(GEBEURTENIS.index("soort"), Some(idx::E_SOORT));
        assert_eq!(GEBEURTENIS.index("datum"), Some(idx::E_DATUM));
        for def in [&BETROKKENE, &SITUATIE, &VOORWAARDE] {
            assert_eq!(def.index("id"), Some(idx::ITEM_ID));
        }
    }

    #[test]
    fn known_keys_are_the_field_names() {
        for def in ALL_DEFS {
            for f in def.fields {
                assert_eq!(known_key(f.name.as_bytes()), Some(f.name));
            }
        }
        for other in ["", "x_eigen", "Soort", "soort ", "V1"] {
            assert_eq!(known_key(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn event_kinds_fit_the_selection_mask() {
        assert!(EVENT_KINDS.len() <= 64);
        let bits: Vec<u64> = EVENT_KINDS.iter().map(|k| event_kind_bit(k)).collect();
        assert!(bits.iter().all(|b| b.count_ones() == 1));
        assert_eq!(
            bits.iter().fold(0, |m, b| m | b).count_ones() as usize,
            bits.len()
        );
        assert_eq!(event_kind_bit("onbekend"), 0);
    }

    #[test]
    fn every_event_kind_has_a_field_table_entry() {
        for kind in EVENT_KINDS {
            let entry = EVENT_FIELDS.iter().find(|(k, _, _)| k == kind);
            let (_, allowed, required) = entry.expect(kind);
            for name in allowed.iter().chain(required.iter()) {
                assert!(GEBEURTENIS.index(name).is_some(), "{kind}.{name}");
            }
        }
    }
}
