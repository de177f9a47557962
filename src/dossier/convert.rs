//! From a [`Node`] tree to a validated [`Dossier`], driven by the schema tables.
//!
//! Every problem becomes a positioned [`Diag`]: errors make the dossier invalid (it is counted
//! and reported, never dropped silently), warnings (unknown keys, unknown event kinds) do not.

use crate::chars::is_blank;
use crate::privacy::{looks_like_a_field_name, looks_like_a_key};
use std::sync::Arc;

use super::date::parse_stamp_strict_unshown;
use super::model::{Code, Dossier, Event, Obj, Origin, Slot, Val};
use super::node::{Node, Pos, Value};
use super::regions::RegionTable;
use super::schema::{self, ObjDef, Ty, idx};
use crate::diag::Diag;
use crate::suggest::help_for;

/// Converts one dossier document. Returns `None` when it has errors (they are in `diags`).
pub fn to_dossier(
    node: &Node,
    file: &Arc<str>,
    regions: &RegionTable,
    diags: &mut Vec<Diag>,
) -> Option<Dossier> {
    let mut c = Converter {
        file,
        regions,
        diags,
        errors: 0,
    };
    if !matches!(node.value, Value::Map(_)) {
        c.error(
            node.pos,
            format!(
                "een dossier moet een object zijn, gevonden: {}",
                node.value.kind_nl()
            ),
            // A list of waiver entries where a dossier should be: a waiver file saved in the
            // export directory, which vtcheck reads whole.
            match &node.value {
                Value::Seq(items) => items
                    .first()
                    .is_some_and(|e| e.get("regel").is_some() && e.get("dossier").is_some()),
                _ => false,
            }
            .then(|| {
                "dit lijkt een ontheffingenbestand: geef het met --waivers, en zet het niet in een \
                 map die je als invoer geeft (vtcheck leest daar elk .yaml-bestand als dossierbestand)"
                    .to_string()
            }),
        );
        return None;
    }
    if let Some(f) = node.get("formaat") {
        let v = f.scalar_text().unwrap_or_default();
        if v != schema::FORMAT_V1 {
            // Only what is shaped like a format name (`vtdossier/2`): any other value may be a
            // name or other dossier text in the wrong field.
            let format_like = v.strip_prefix("vtdossier/").is_some_and(|n| {
                !n.is_empty()
                    && n.len() <= 8
                    && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.')
            });
            let shown = if format_like {
                format!(" '{v}'")
            } else {
                String::new()
            };
            c.error(
                f.pos,
                format!(
                    "onbekend formaat{shown}: deze vtcheck leest `{}`",
                    schema::FORMAT_V1
                ),
                Some(
                    "zet `formaat: vtdossier/1` of gebruik een vtcheck die dit formaat kent".into(),
                ),
            );
            return None;
        }
    }
    let root = c.object(node, &schema::DOSSIER, Path::Root);
    let events = c.events(node.get("gebeurtenissen"));
    if c.errors > 0 {
        return None;
    }
    Some(Dossier {
        origin: Origin {
            file: file.clone(),
            pos: node.pos,
        },
        root,
        events,
    })
}

struct Converter<'a> {
    file: &'a Arc<str>,
    regions: &'a RegionTable,
    diags: &'a mut Vec<Diag>,
    errors: usize,
}

/// Where a value sits in the dossier (`voorwaarden[2].tekst`), built only when a message needs
/// it: formatting a path for every field would cost more than converting the field.
#[derive(Clone, Copy)]
enum Path<'p> {
    Root,
    Field(&'p Path<'p>, &'p str),
    Index(&'p Path<'p>, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => Ok(()),
            Path::Field(Path::Root, name) => f.write_str(name),
            Path::Field(parent, name) => write!(f, "{parent}.{name}"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

impl Converter<'_> {
    fn error(&mut self, pos: Pos, message: String, help: Option<String>) {
        self.errors += 1;
        self.diags
            .push(Diag::error(self.file, pos, message).with_help(help));
    }

    fn warning(&mut self, pos: Pos, message: String, help: Option<String>) {
        self.diags
            .push(Diag::warning(self.file, pos, message).with_help(help));
    }

    /// Item ids name the items in references (a voorwaarde's `situatie`, an overdracht's
    /// `voorwaarden`, monitoring ratings) and in findings (`V2`); a repeated id makes both
    /// ambiguous. A warning at the repeat, not an input error: like an unknown reference (a
    /// finding of VT-D01), it is the data's consistency, and the dossier can still be judged.
    fn repeated_ids(&mut self, list: &[Obj], path: Path<'_>) {
        let ids = |j: usize| list[j].id();
        for j in repeated(list.len(), ids) {
            if ids(j).is_empty() {
                continue;
            }
            // The id is not repeated in the message: it is the exporter's text.
            self.warning(
                list[j].slot(idx::ITEM_ID).pos,
                format!("een id komt twee keer voor in `{path}`"),
                Some(
                    "geef elk item een eigen id: verwijzingen en bevindingen noemen items bij \
                     hun id"
                        .into(),
                ),
            );
        }
    }

    /// An object by its definition.
    fn object(&mut self, node: &Node, def: &'static ObjDef, path: Path<'_>) -> Obj {
        self.object_with(node, def, path, None)
    }

    /// An object by its definition; an event's `shape` restricts its fields and types per kind.
    fn object_with(
        &mut self,
        node: &Node,
        def: &'static ObjDef,
        path: Path<'_>,
        shape: Option<&'static schema::EventShape>,
    ) -> Obj {
        let mut slots: Vec<Slot> = def
            .fields
            .iter()
            .map(|_| Slot {
                pos: node.pos,
                val: Val::Absent,
            })
            .collect();
        let Value::Map(entries) = &node.value else {
            self.error(
                node.pos,
                format!(
                    "`{path}` moet een object ({}) zijn, gevonden: {}",
                    def.noun,
                    node.value.kind_nl()
                ),
                None,
            );
            return Obj {
                pos: node.pos,
                slots: slots.into_boxed_slice(),
            };
        };
        let mut invalid: Vec<usize> = Vec::new();
        // The slots filled so far, one bit per field: a key whose slot is already filled is a
        // duplicate (JSON; the YAML reader rejects duplicates itself). Extension and unknown keys
        // have no slot; they are remembered by name, in a set made only when one occurs.
        debug_assert!(def.fields.len() <= 64, "{} has too many fields", def.noun);
        let mut filled: u64 = 0;
        let mut others: Option<std::collections::HashSet<&str>> = None;
        for (key, value) in entries {
            let extension = key.name.starts_with("x_");
            let known = if extension {
                None
            } else {
                // Keys read from JSON are the schema's own strings: found by address first.
                let by_ptr = match &key.name {
                    std::borrow::Cow::Borrowed(k) => {
                        def.fields.iter().position(|f| std::ptr::eq(f.name, *k))
                    }
                    std::borrow::Cow::Owned(_) => None,
                };
                by_ptr.or_else(|| def.index(&key.name))
            };
            let repeated = match known {
                Some(i) => {
                    let repeated = filled & (1 << i) != 0;
                    filled |= 1 << i;
                    repeated
                }
                None => !others.get_or_insert_default().insert(&key.name),
            };
            if repeated {
                self.duplicate_key(key, known.map(|i| def.fields[i].name), path);
                continue;
            }
            if extension {
                continue;
            }
            let Some(i) = known else {
                let names: Vec<&str> = match shape {
                    Some(&schema::EventShape { extra, .. }) => ["soort", "datum"]
                        .iter()
                        .chain(extra.iter())
                        .copied()
                        .collect(),
                    None => def.field_names().collect(),
                };
                let message = if looks_like_a_field_name(&key.name) {
                    format!(
                        "onbekend veld `{}` in {}",
                        Path::Field(&path, &key.name),
                        def.noun
                    )
                } else {
                    format!(
                        "onbekend veld in {}{}: de sleutel lijkt tekst (een regel zonder inspringing?) \
                         en wordt niet getoond",
                        def.noun,
                        match path {
                            Path::Root => String::new(),
                            _ => format!(" `{path}`"),
                        }
                    )
                };
                self.warning(
                    key.pos,
                    message,
                    help_for(&key.name, &names).or(Some(
                        "velden die met `x_` beginnen zijn extensies en worden niet gemeld".into(),
                    )),
                );
                continue;
            };
            let field = &def.fields[i];
            if let Some(&schema::EventShape { kind, allowed, .. }) = shape
                && allowed & (1 << i) == 0
            {
                self.warning(
                    key.pos,
                    format!(
                        "veld `{}` hoort niet bij een gebeurtenis `{kind}` en wordt genegeerd",
                        key.name
                    ),
                    None,
                );
                continue;
            }
            let ty = shape.map_or(field.ty, |s| s.types[i]);
            let fpath = Path::Field(&path, &key.name);
            let errors_before = self.errors;
            let val = self.value(value, ty, fpath);
            if self.errors > errors_before {
                invalid.push(i);
            }
            slots[i] = Slot {
                pos: value.pos,
                val,
            };
        }
        let required_extra = shape.map_or(0, |s| s.required);
        for (i, field) in def.fields.iter().enumerate() {
            let required = field.required || required_extra & (1 << i) != 0;
            if !required || invalid.contains(&i) {
                continue;
            }
            let what = match &slots[i].val {
                Val::Absent => "ontbreekt",
                Val::Null => "is leeg",
                // A required id or text of nothing but spaces is as empty as `null` (a
                // postponement's `reden` of "" gives no reason).
                Val::Id(s) | Val::Text(s) if is_blank(s) => "is leeg",
                _ => continue,
            };
            // At the field, not the object: at the value (`id: ""`, `soort: ~`), as other
            // invalid values are; an empty one (`regio:`) is at its key (see the YAML reader).
            let at = match slots[i].val {
                Val::Absent => node.pos,
                _ => slots[i].pos,
            };
            self.error(
                at,
                format!("verplicht veld `{}` {what}", Path::Field(&path, field.name)),
                None,
            );
        }
        Obj {
            pos: node.pos,
            slots: slots.into_boxed_slice(),
        }
    }

    /// A key that occurs twice in one object, reported at its second occurrence. A field of the
    /// format is named; any other key is not repeated, as it may be the exporter's text.
    fn duplicate_key(&mut self, key: &super::node::Key, field: Option<&str>, path: Path<'_>) {
        let message = match (field, path) {
            (Some(name), _) => format!("veld `{}` komt twee keer voor", Path::Field(&path, name)),
            (None, Path::Root) => "een veld komt twee keer voor in het dossier".to_string(),
            (None, _) => format!("een veld komt twee keer voor in `{path}`"),
        };
        self.error(
            key.pos,
            message,
            Some("een sleutel mag maar één keer in een object staan; laat er één weg".into()),
        );
    }

    fn type_error(&mut self, node: &Node, path: Path<'_>, expected: &str) -> Val {
        // Text where a yes/no or a number belongs: YAML 1.1 spellings the reader takes as words.
        let help = match &node.value {
            Value::Str(t) if ["yes", "no", "y", "n", "on", "off"].contains(&&*t.to_lowercase()) => {
                Some("schrijf `true` of `false` (yes, no, on en off zijn tekst)")
            }
            Value::Str(t)
                if t.bytes()
                    .next()
                    .is_some_and(|b| b.is_ascii_digit() || b == b'+')
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"+_.".contains(&b)) =>
            {
                Some(
                    "schrijf het getal gewoon decimaal: zonder voorloopnullen, `+`, `_`, `0x`, `0o` of `0b`",
                )
            }
            _ => None,
        };
        self.error(
            node.pos,
            format!(
                "`{path}` moet {expected} zijn, gevonden: {}",
                node.value.kind_nl()
            ),
            help.map(String::from),
        );
        Val::Absent
    }

    /// An id: a code or a whole number, as the schema says (alone or in a list of ids). A
    /// number with decimals or an exponent (`1.5`, `1e3`) or a `true` is no id, and rendering it
    /// as text would invent one that a reference could then match.
    fn id(&mut self, node: &Node, path: Path<'_>) -> Option<Box<str>> {
        match &node.value {
            Value::Str(s) => Some((**s).into()),
            Value::Int(i) => Some(i.to_string().into()),
            Value::Float(_) => {
                let (message, help) = decimal_id(&path);
                self.error(node.pos, message, Some(help));
                None
            }
            _ => {
                self.type_error(node, path, "een code of nummer");
                None
            }
        }
    }

    fn enum_value(&mut self, node: &Node, path: Path<'_>, allowed: &'static [&'static str]) -> Val {
        // The common case without a copy: a string that is one of the values.
        if let Value::Str(s) = &node.value
            && let Some(v) = allowed.iter().find(|a| **a == s)
        {
            return Val::Enum(v);
        }
        let Some(text) = node.scalar_text() else {
            return self.type_error(node, path, "een van de waarden van de lijst");
        };
        match allowed.iter().find(|a| **a == text) {
            Some(v) => Val::Enum(v),
            None => {
                self.error(
                    node.pos,
                    format!("onbekende waarde voor `{path}`"),
                    help_for(&text, allowed),
                );
                Val::Absent
            }
        }
    }

    /// A field's value by its type (for events, the type for the event's kind).
    fn value(&mut self, node: &Node, ty: Ty, path: Path<'_>) -> Val {
        if matches!(node.value, Value::Null) {
            return Val::Null;
        }
        match ty {
            Ty::Id => self.id(node, path).map_or(Val::Absent, Val::Id),
            Ty::Text => match &node.value {
                Value::Str(s) => Val::Text((**s).into()),
                _ => self.type_error(node, path, "tekst"),
            },
            Ty::Bool => match node.value {
                Value::Bool(b) => Val::Bool(b),
                _ => self.type_error(node, path, "true of false"),
            },
            Ty::Int => match node.value {
                Value::Int(i) => Val::Int(i),
                Value::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Val::Int(f as i64),
                _ => self.type_error(node, path, "een geheel getal"),
            },
            Ty::Date => match &node.value {
                Value::Str(s) => match parse_stamp_strict_unshown(s) {
                    Ok(st) => Val::Date(st),
                    Err(e) => {
                        self.error(
                            node.pos,
                            format!("{e} in `{path}`"),
                            Some("schrijf JJJJ-MM-DD, JJJJ-MM-DDTUU:MM of DD-MM-JJJJ".into()),
                        );
                        Val::Absent
                    }
                },
                _ => self.type_error(node, path, "een datum"),
            },
            Ty::Enum(allowed) => self.enum_value(node, path, allowed),
            Ty::EnumList(allowed) => match &node.value {
                Value::Seq(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        if let Val::Enum(v) =
                            self.enum_value(item, Path::Index(&path, i + 1), allowed)
                        {
                            out.push(v);
                        }
                    }
                    Val::EnumList(out.into())
                }
                _ => self.type_error(node, path, "een lijst"),
            },
            Ty::IdList => match &node.value {
                Value::Seq(items) => {
                    let mut out = Vec::with_capacity(items.len());
                    for (i, item) in items.iter().enumerate() {
                        out.extend(
                            self.id(item, Path::Index(&path, i + 1))
                                .map(|id| Code { id, pos: item.pos }),
                        );
                    }
                    Val::Ids(out.into())
                }
                _ => self.type_error(node, path, "een lijst van codes"),
            },
            Ty::Ratings(allowed) => match &node.value {
                Value::Map(entries) => {
                    let mut repeated = repeated_keys(entries).into_iter().peekable();
                    let mut out = Vec::with_capacity(entries.len());
                    for (j, (k, v)) in entries.iter().enumerate() {
                        if repeated.next_if_eq(&j).is_some() {
                            // The id is not repeated in the message: it is the exporter's text.
                            self.error(
                                k.pos,
                                format!("een voorwaarde komt twee keer voor in `{path}`"),
                                Some(
                                    "geef elke voorwaarde één oordeel per monitoringscontact"
                                        .into(),
                                ),
                            );
                            continue;
                        }
                        // A key that is not shaped like an id may be the exporter's free text
                        // (a sentence where the id belongs): the entry is named by its place.
                        let entry = if looks_like_a_key(&k.name) {
                            Path::Field(&path, &k.name)
                        } else {
                            Path::Index(&path, j + 1)
                        };
                        if let Val::Enum(e) = self.enum_value(v, entry, allowed) {
                            // The key is the reference to the voorwaarde.
                            let code = Code {
                                id: (*k.name).into(),
                                pos: k.pos,
                            };
                            out.push((code, e));
                        }
                    }
                    Val::Ratings(out.into())
                }
                _ => self.type_error(node, path, "een object van voorwaarde-id naar oordeel"),
            },
            Ty::Region => match node.scalar_text() {
                Some(code) => match self.regions.get(&code) {
                    Some(r) => Val::Id(r.code.as_str().into()),
                    None => {
                        let codes = self.regions.codes().to_vec();
                        self.error(
                            node.pos,
                            format!("onbekende VT-regio in `{path}`"),
                            help_for(&code, &codes).or(Some(
                                "gebruik een code uit de regiotabel, bijvoorbeeld `midden-brabant`"
                                    .into(),
                            )),
                        );
                        Val::Absent
                    }
                },
                None => self.type_error(node, path, "een regiocode"),
            },
            // Converted by `events`, which knows each event's kind.
            Ty::Events => Val::Absent,
            Ty::Obj(def) => Val::Obj(Box::new(self.object(node, def, path))),
            Ty::List(def) => match &node.value {
                Value::Seq(items) => {
                    let list: Box<[Obj]> = items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.object(item, def, Path::Index(&path, i + 1)))
                        .collect();
                    self.repeated_ids(&list, path);
                    Val::List(list)
                }
                _ => self.type_error(node, path, "een lijst"),
            },
        }
    }
}

impl Converter<'_> {
    /// Events need their kind before their fields can be checked, so the schema marks
    /// `gebeurtenissen` as [`Ty::Events`] and they are converted here, kind by kind.
    fn events(&mut self, node: Option<&Node>) -> Vec<Event> {
        let c = self;
        let Some(node) = node else {
            return Vec::new();
        };
        let Value::Seq(items) = &node.value else {
            if !matches!(node.value, Value::Null) {
                c.type_error(
                    node,
                    Path::Field(&Path::Root, "gebeurtenissen"),
                    "een lijst",
                );
            }
            return Vec::new();
        };
        let mut events = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let list = Path::Field(&Path::Root, "gebeurtenissen");
            let path = Path::Index(&list, i + 1);
            let Some(kind_node) = item.get("soort") else {
                if matches!(item.value, Value::Map(_)) {
                    c.error(
                        item.pos,
                        format!("verplicht veld `{path}.soort` ontbreekt"),
                        None,
                    );
                } else {
                    c.type_error(item, path, "een object (gebeurtenis)");
                }
                continue;
            };
            let kind_text = match (kind_node.as_str(), &kind_node.value) {
                (Some(s), _) if !is_blank(s) => s,
                // Missing in all but name, or not a word at all: an input error, not an
                // unknown kind that rules would silently skip.
                (Some(_), _) | (None, Value::Null) => {
                    c.error(
                        kind_node.pos,
                        format!("verplicht veld `{path}.soort` is leeg"),
                        None,
                    );
                    continue;
                }
                // A number or a truth value is a wrong type, as in any text field: reading it as
                // an unknown kind would drop the event and let rules report it missing.
                (None, _) => {
                    c.type_error(kind_node, Path::Field(&path, "soort"), "tekst");
                    continue;
                }
            };
            let Some(shape) = schema::event_shape(kind_text) else {
                c.warning(
                kind_node.pos,
                format!("onbekende soort gebeurtenis in `{path}.soort`; regels negeren deze gebeurtenis"),
                help_for(kind_text, schema::EVENT_KINDS),
            );
                // Not converted, but a key twice is still an input error.
                if let Value::Map(entries) = &item.value {
                    for j in repeated_keys(entries) {
                        let key = &entries[j].0;
                        let field = schema::GEBEURTENIS.index(&key.name);
                        c.duplicate_key(
                            key,
                            field.map(|i| schema::GEBEURTENIS.fields[i].name),
                            path,
                        );
                    }
                }
                continue;
            };
            let kind = shape.kind;
            let obj = c.object_with(item, &schema::GEBEURTENIS, path, Some(shape));
            let Some(date) = obj.val(idx::E_DATUM).as_date() else {
                continue; // reported as a missing or invalid required field
            };
            events.push(Event {
                kind,
                kind_bit: shape.kind_bit,
                date,
                ordinal: 0,
                obj,
            });
        }
        number_events(&mut events);
        events
    }
}

/// Numbers each event among the events of its kind in date order (`overdracht[2]` is the second
/// overdracht by date), and events of one kind on one day by what they say (time of day first,
/// then the other fields: [`Obj::cmp_content`](super::model::Obj::cmp_content)). The spec lets
/// events come in any order: a baseline or waiver naming `overdracht[2]` must mean the same
/// event when another export lists the events differently, two on one day included.
fn number_events(events: &mut [Event]) {
    // Usually the file lists events by date, and no kind twice on one day: then file order is
    // the order, counted per kind (each kind is one bit) without sorting or allocating.
    let (mut day, mut kinds_that_day) = (None, 0u64);
    let plain = events.iter().all(|e| {
        if day != Some(e.date) {
            if day > Some(e.date) {
                return false;
            }
            (day, kinds_that_day) = (Some(e.date), 0);
        }
        let twice = kinds_that_day & e.kind_bit != 0;
        kinds_that_day |= e.kind_bit;
        !twice
    });
    if plain {
        let mut counts = [0u32; 64];
        for e in events.iter_mut() {
            let k = e.kind_bit.trailing_zeros().min(63) as usize;
            counts[k] += 1;
            e.ordinal = counts[k];
        }
        return;
    }
    let mut order: Vec<u32> = (0..events.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| {
        let (x, y) = (&events[a as usize], &events[b as usize]);
        (x.kind, x.date)
            .cmp(&(y.kind, y.date))
            .then_with(|| x.obj.cmp_content(&y.obj))
            .then(a.cmp(&b))
    });
    let mut previous = "";
    let mut n = 0;
    for i in order {
        let e = &mut events[i as usize];
        n = if e.kind == previous { n + 1 } else { 1 };
        previous = e.kind;
        e.ordinal = n;
    }
}

/// The indexes of the keys of a mapping that repeat an earlier key, in order. Small mappings are
/// compared pairwise; a large one (hostile input) goes through a set, so it stays linear.
fn repeated_keys(entries: &[(super::node::Key, Node<'_>)]) -> Vec<usize> {
    repeated(entries.len(), |j| &entries[j].0.name)
}

/// The indexes `j` whose `name(j)` equals an earlier one's. Compared pairwise for short lists
/// (objects have a handful of keys, dossiers a handful of items), hashed for long ones.
fn repeated<'a>(len: usize, name: impl Fn(usize) -> &'a str) -> Vec<usize> {
    if len <= 16 {
        (1..len)
            .filter(|&j| (0..j).any(|i| name(i) == name(j)))
            .collect()
    } else {
        let mut seen = std::collections::HashSet::with_capacity(len);
        (0..len).filter(|&j| !seen.insert(name(j))).collect()
    }
}

/// The error for an id written as a number with decimals or an exponent (or a whole number
/// beyond 64 bits, which readers keep as floating point too): its spelling is lost (`12.10`
/// reads as 12.1), so it must be quoted. Message and help; for dossiers and waivers alike.
pub(crate) fn decimal_id(path: &dyn std::fmt::Display) -> (String, String) {
    (
        format!(
            "`{path}` moet een code of geheel getal zijn, gevonden: getal met decimalen of \
             exponent, of te groot voor een geheel getal"
        ),
        "zet een nummer tussen aanhalingstekens, dan telt het als code".into(),
    )
}

#[cfg(test)]
mod tests {
    /// `object_with` marks filled slots in a `u64`, one bit per field.
    #[test]
    fn only_keys_shaped_like_field_names_are_shown() {
        for k in [
            "besluit",
            "geboortejaar2",
            "x-extra",
            "111222333",
            "MB-2025-1",
            "V2",
        ] {
            assert!(crate::privacy::looks_like_a_key(k), "{k}");
        }
        for k in ["Oudste broer zegt", "moeder: slaat", "", &"a".repeat(41)] {
            assert!(!crate::privacy::looks_like_a_key(k), "{k}");
        }
        // An unknown field: a name, phone number, postcode or e-mail name is not repeated.
        for k in [
            "besluit",
            "geboortejaar2",
            "x-extra",
            "uitkomst_beoordeling",
        ] {
            assert!(crate::privacy::looks_like_a_field_name(k), "{k}");
        }
        for k in [
            "Jansen",
            "0612345678",
            "06-12345678",
            "5038AB",
            "P.Jansen",
            "sarah.devries",
            "Besluit",
        ] {
            assert!(!crate::privacy::looks_like_a_field_name(k), "{k}");
        }
    }

    #[test]
    fn every_object_fits_the_filled_slot_mask() {
        for def in super::schema::ALL_DEFS {
            assert!(def.fields.len() <= 64, "{}", def.noun);
        }
    }
}
