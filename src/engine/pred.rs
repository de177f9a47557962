//! Evaluating predicates, event selections and date references against one dossier.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::dossier::Pos;
use crate::dossier::model::{Dossier, Event, Obj, Slot, Val};
use crate::rules::model::*;

/// What a predicate is evaluated against: the dossier, the as-of date, and the item being judged
/// (a list element or an event) when inside a per-item rule.
#[derive(Clone, Copy)]
pub struct Scope<'a> {
    /// The dossier being judged.
    pub dossier: &'a Dossier,
    /// The as-of date (peildatum).
    pub as_of: NaiveDate,
    /// The item being judged: in a per-item rule its item, inside an event selection's `waar` test
    /// the candidate event; `None` at dossier level.
    pub item: Option<ItemRef<'a>>,
    /// Every outcome becomes a finding (rule tests): build message values for passes too.
    pub keep_all: bool,
    /// Analyses of the dossier's texts, shared by the text rules.
    pub texts: &'a TextCache<'a>,
    /// Per-dossier indexes for lookups that long lists would make quadratic.
    pub memo: &'a Memo,
    /// The kinds of event the dossier has, as bits ([`Event::kind_bit`]): a selection of a kind
    /// it lacks is empty without looking at its events (most rules select one or two kinds).
    pub kinds: u64,
}

/// The text analyses of one dossier, made before its rules run and shared by every text rule:
/// the same voorwaarde is read by VT-V04, VT-V05 and VT-V06, and tokenising is most of their
/// cost. Keyed by the text's address, stable while the dossier is borrowed for its evaluation;
/// it lives for one dossier only, so nothing is shared between dossiers.
#[derive(Default)]
pub struct TextCache<'a> {
    entries: Vec<(usize, crate::text::Analysis<'a>)>,
    /// Key → entry, once there are more entries than a linear search should walk (a dossier
    /// with 100,000 voorwaarden must not cost 100,000² comparisons).
    index: Option<HashMap<usize, usize>>,
}

/// Above this many entries, per-dossier lookups go through a hash index instead of a linear
/// search: normal dossiers stay below it and allocate nothing.
const LINEAR_MAX: usize = 32;

impl<'a> TextCache<'a> {
    /// Analyses `text` unless it already is, with the joint lexicon scan when there is one.
    pub(crate) fn add(&mut self, text: &'a str, scanner: Option<&crate::text::Scanner>) {
        if self.get(text).is_none() {
            let mut a = crate::text::Analysis::new(text);
            if let Some(s) = scanner {
                s.scan(&mut a);
            }
            let key = text.as_ptr() as usize;
            self.entries.push((key, a));
            if let Some(index) = &mut self.index {
                index.insert(key, self.entries.len() - 1);
            } else if self.entries.len() > LINEAR_MAX {
                let keys = self.entries.iter().enumerate().map(|(i, (k, _))| (*k, i));
                self.index = Some(keys.collect());
            }
        }
    }

    /// Runs `f` on the analysis of `text`: the one made for this dossier when there is one,
    /// else a fresh one (texts no text rule reads are analysed on demand).
    pub fn with<R>(&self, text: &str, f: impl FnOnce(&crate::text::Analysis<'_>) -> R) -> R {
        match self.get(text) {
            Some(a) => f(a),
            None => f(&crate::text::Analysis::new(text)),
        }
    }

    /// The analysis of exactly this text (same address and length), if made.
    pub fn get(&self, text: &str) -> Option<&crate::text::Analysis<'a>> {
        let key = text.as_ptr() as usize;
        let a = match &self.index {
            Some(index) => index.get(&key).map(|&i| &self.entries[i].1),
            None => self.entries.iter().find(|(k, _)| *k == key).map(|(_, a)| a),
        };
        a.filter(|a| a.text().len() == text.len())
    }
}

/// Indexes made during one dossier's evaluation for lookups that a hostile dossier could make
/// quadratic: "is this item referenced by any item of that collection" asked for each of 100,000
/// voorwaarden against an overdracht naming all of them. The first `LINEAR_MAX` questions per
/// predicate are answered by a scan, as normal dossiers need; after that the referenced ids are
/// collected into a set once.
#[derive(Default)]
pub struct Memo {
    /// Questions asked per predicate (its address; 0 is a free slot), inline so that a normal
    /// dossier allocates nothing. A rule set with more such predicates than slots just keeps
    /// scanning for the others: slower on a hostile dossier, never wrong.
    asked: RefCell<[(usize, usize); 8]>,
    /// The referenced ids per predicate, once it has been asked more than [`LINEAR_MAX`] times;
    /// owned, so that the memo does not tie the scope's lifetime.
    sets: RefCell<Vec<(usize, HashSet<Box<str>>)>>,
}

impl Memo {
    /// Whether an item of `coll` references `id` through `field`; `key` names the predicate.
    fn referenced(
        &self,
        key: usize,
        coll: &Collection,
        field: usize,
        s: Scope<'_>,
        id: &str,
    ) -> bool {
        if let Some((_, ids)) = self.sets.borrow().iter().find(|(k, _)| *k == key) {
            return ids.contains(id);
        }
        let index_now = {
            let mut asked = self.asked.borrow_mut();
            match asked.iter_mut().find(|(k, _)| *k == key || *k == 0) {
                Some(slot) => {
                    *slot = (key, slot.1 + 1);
                    slot.1 > LINEAR_MAX
                }
                None => false,
            }
        };
        if index_now {
            let mut ids = HashSet::new();
            for other in items(coll, s) {
                match other.obj().val(field) {
                    Val::Ids(xs) => ids.extend(xs.iter().map(|x| x.id.clone())),
                    v => ids.extend(v.as_str().map(Box::from)),
                }
            }
            let found = ids.contains(id);
            self.sets.borrow_mut().push((key, ids));
            return found;
        }
        items(coll, s).any(|other| match other.obj().val(field) {
            Val::Ids(ids) => ids.iter().any(|x| &*x.id == id),
            v => v.as_str() == Some(id),
        })
    }
}

/// An item a rule can judge: an element of one of the dossier's lists (a voorwaarde, a betrokkene)
/// or an event.
#[derive(Clone, Copy)]
pub enum ItemRef<'a> {
    /// An element of an item list.
    Obj(&'a Obj),
    /// An event.
    Event(&'a Event),
}

impl<'a> ItemRef<'a> {
    /// The item's object: the list element, or the event's fields.
    pub fn obj(self) -> &'a Obj {
        match self {
            ItemRef::Obj(o) => o,
            ItemRef::Event(e) => &e.obj,
        }
    }

    /// The event's date; `None` for a list element, which has no date of its own.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            ItemRef::Event(e) => Some(e.date),
            ItemRef::Obj(_) => None,
        }
    }
}

impl<'a> Scope<'a> {
    /// The same scope, judging `item`.
    pub fn with_item(self, item: ItemRef<'a>) -> Scope<'a> {
        Scope {
            item: Some(item),
            ..self
        }
    }
}

/// Whether `p` holds in `s`, in two values: a value the dossier leaves out (absent or `null`) is no
/// value, so most tests of it are false. [`truth`] tells that case apart as unknown.
pub fn eval(p: &Pred, s: Scope<'_>) -> bool {
    match p {
        Pred::All(v) => v.iter().all(|p| eval(p, s)),
        Pred::Any(v) => v.iter().any(|p| eval(p, s)),
        Pred::Not(p) => !eval(p, s),
        Pred::Field(scope, path, test) => {
            let start = field_start(*scope, s);
            // Most paths reach one value (no list on the way): no vector for those.
            match single(start, &path.steps) {
                Some(Some(v)) => field_test(&[v], test, s),
                Some(None) => field_test(&[], test, s),
                None => {
                    let mut vals = Vec::new();
                    collect(start, &path.steps, &mut vals);
                    field_test(&vals, test, s)
                }
            }
        }
        Pred::Event(sel) => events(sel, s).next().is_some(),
        Pred::ReferencedBy(coll, field) => {
            let Some(item) = s.item else { return false };
            let key = p as *const Pred as usize;
            s.memo.referenced(key, coll, *field, s, item.obj().id())
        }
        Pred::LastBefore(sel, inner) => {
            let Some(date) = s.item.and_then(ItemRef::date) else {
                return false;
            };
            // Last by date, not by file position: events may be listed in any order (of two
            // on one day, the one numbered last: `Event::order`).
            events(sel, s)
                .filter(|e| e.date <= date)
                .max_by_key(|e| e.order())
                .is_some_and(|e| eval(inner, s.with_item(ItemRef::Event(e))))
        }
    }
}

/// The value of a predicate when a missing field may leave it open: Kleene's three values.
/// Event selections with `waar` tests ([`undecided`]) and comparisons of a field a dossier may
/// leave out ([`FieldPath::may_be_missing`]) can be unknown; every other predicate is decided as
/// [`eval`] decides it.
#[derive(Debug, Clone, Copy)]
pub enum Truth<'a> {
    /// The predicate holds.
    True,
    /// The predicate does not hold.
    False,
    /// Decided by a value that is not there.
    Unknown(Gap<'a>),
}

/// The missing value that leaves a predicate undecided.
#[derive(Debug, Clone, Copy)]
pub enum Gap<'a> {
    /// An event that lacks a field a `waar` test asks for (the first such event, by date), with
    /// the field.
    Event(&'a Event, usize),
    /// A field of the dossier, or of the judged item, that is not there; `pos` is where the
    /// nearest part of its path is written.
    Field {
        /// Whether the path starts at the dossier or at the judged item.
        scope: crate::rules::model::Scope,
        /// The field path that reaches no value.
        path: &'a FieldPath,
        /// Where the nearest part of the path is written: the item, else the start of the dossier.
        pos: Pos,
    },
}

impl Gap<'_> {
    /// Where a finding about the gap points.
    pub fn pos(&self) -> Pos {
        match self {
            Gap::Event(e, _) => e.obj.pos,
            Gap::Field { pos, .. } => *pos,
        }
    }

    /// What is missing, in Dutch, for a message: "veiligheidsbeoordeling op 04-03-2025 zonder
    /// `besluit`", "dossier zonder `melder.rol`", "overdracht op 10-01-2025 zonder `warm`".
    /// `item` names the judged item ([`whose`]), for a field of it.
    pub fn describe(&self, item: Option<&str>) -> String {
        match self {
            Gap::Event(e, i) => lacking(&event_at(e), crate::engine::kinds::field_name(*i)),
            Gap::Field { scope, path, .. } => {
                let whose = match (scope, item) {
                    (crate::rules::model::Scope::Item, Some(item)) => item,
                    _ => "dossier",
                };
                lacking(whose, &path.text)
            }
        }
    }
}

/// "voorwaarde V2 zonder `tekst`".
pub fn lacking(whose: &str, field: &str) -> String {
    [whose, " zonder `", field, "`"].concat()
}

/// An item as messages about its missing values name it: "voorwaarde V2", "overdracht op
/// 10-01-2025".
pub fn whose(item: ItemRef<'_>, coll: &Collection) -> String {
    match (item, coll) {
        (ItemRef::Event(e), _) => event_at(e),
        (ItemRef::Obj(o), Collection::List(_, def, _)) => {
            [def.noun, " ", &crate::privacy::shown_id(o.id())].concat()
        }
        (ItemRef::Obj(o), _) => crate::privacy::shown_id(o.id()).into_owned(),
    }
}

/// "veiligheidsbeoordeling op 04-03-2025".
fn event_at(e: &Event) -> String {
    [e.kind, " op ", &crate::dossier::model::fmt_date(e.date)].concat()
}

/// [`eval`] with three values, for a rule's applicability: a veiligheidsbeoordeling without
/// `besluit` neither is nor is not one "with `besluit: onderzoek`", so a rule that applies to
/// those is neither applicable nor not (the data to judge is missing). `alle` is false as soon
/// as one part is false, `een_van` true as soon as one is true; otherwise an unknown part
/// makes the whole unknown, and `niet` keeps it unknown.
pub fn truth<'a>(p: &'a Pred, s: Scope<'a>) -> Truth<'a> {
    match p {
        Pred::All(v) => decided_by(v, s, false),
        Pred::Any(v) => decided_by(v, s, true),
        Pred::Not(q) => match truth(q, s) {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            u => u,
        },
        Pred::Event(sel) if !sel.filter.is_empty() => {
            // One pass: a matching event decides; else the first undecided one by date, so
            // that the finding points at the earliest of them.
            let mut unknown: Option<(&Event, usize)> = None;
            for e in candidates(sel, s) {
                match classify(e, sel, s) {
                    Class::Match => return Truth::True,
                    Class::Lacking(i) if unknown.is_none_or(|(u, _)| e.date < u.date) => {
                        unknown = Some((e, i));
                    }
                    Class::Lacking(_) | Class::Fail => {}
                }
            }
            unknown.map_or(Truth::False, |(e, i)| Truth::Unknown(Gap::Event(e, i)))
        }
        // A melding without `melder.rol` neither is nor is not an informant's.
        Pred::Field(scope, path, test) if path.may_be_missing && !test.decided_when_missing() => {
            let start = field_start(*scope, s);
            let holds = match single(start, &path.steps) {
                Some(None) => {
                    return Truth::Unknown(Gap::Field {
                        scope: *scope,
                        path,
                        pos: path_pos(start, &path.steps, here(start, s)),
                    });
                }
                // The value found is tested in place, not looked up again by `eval`.
                Some(Some(v)) => field_test(&[v], test, s),
                None => eval(p, s),
            };
            if holds { Truth::True } else { Truth::False }
        }
        _ if eval(p, s) => Truth::True,
        _ => Truth::False,
    }
}

/// `alle` (`decisive` false) or `een_van` (true) in three values: the first part with the
/// decisive value decides; else an unknown part makes the whole unknown.
fn decided_by<'a>(parts: &'a [Pred], s: Scope<'a>, decisive: bool) -> Truth<'a> {
    let mut unknown = None;
    for q in parts {
        match truth(q, s) {
            Truth::True if decisive => return Truth::True,
            Truth::False if !decisive => return Truth::False,
            Truth::Unknown(gap) => {
                unknown.get_or_insert(Truth::Unknown(gap));
            }
            Truth::True | Truth::False => {}
        }
    }
    unknown.unwrap_or(if decisive { Truth::False } else { Truth::True })
}

/// Follows a path that meets no list: `Some(value or nothing)`; `None` when a list fans out.
fn single<'a>(obj: &'a Obj, steps: &[usize]) -> Option<Option<&'a Val>> {
    let mut obj = obj;
    for (k, st) in steps.iter().enumerate() {
        let v = obj.val(*st);
        if k + 1 == steps.len() {
            return Some((!matches!(v, Val::Absent | Val::Null)).then_some(v));
        }
        match v {
            Val::Obj(o) => obj = o,
            Val::List(_) => return None,
            _ => return Some(None),
        }
    }
    Some(None)
}

/// Follows a path; lists fan out, so one path may reach several values.
fn collect<'a>(obj: &'a Obj, steps: &[usize], out: &mut Vec<&'a Val>) {
    visit(obj, steps, &mut |slot| out.push(&slot.val));
}

/// Calls `f` with the slot of every present, non-null value a path reaches (lists fan out).
fn visit<'a>(obj: &'a Obj, steps: &[usize], f: &mut impl FnMut(&'a Slot)) {
    let Some((first, rest)) = steps.split_first() else {
        return;
    };
    let slot = obj.slot(*first);
    if rest.is_empty() {
        if !matches!(slot.val, Val::Absent | Val::Null) {
            f(slot);
        }
        return;
    }
    match &slot.val {
        Val::Obj(o) => visit(o, rest, f),
        Val::List(items) => items.iter().for_each(|o| visit(o, rest, f)),
        _ => {}
    }
}

/// Where a finding points when nothing of a field path is there: the item, or the dossier's own
/// position (the root object has none of its own).
fn here(start: &Obj, s: Scope<'_>) -> Pos {
    if std::ptr::eq(start, &s.dossier.root) {
        s.dossier.origin.pos
    } else {
        start.pos
    }
}

/// Where a field path starts: the judged item for an item field inside a per-item rule, else
/// the dossier.
fn field_start<'a>(scope: crate::rules::model::Scope, s: Scope<'a>) -> &'a Obj {
    match (scope, s.item) {
        (crate::rules::model::Scope::Item, Some(i)) => i.obj(),
        _ => &s.dossier.root,
    }
}

fn lit_eq(v: &Val, l: &Lit) -> bool {
    match (v, l) {
        (Val::Bool(a), Lit::Bool(b)) => a == b,
        (Val::Int(a), Lit::Int(b)) => a == b,
        (Val::Int(a), Lit::Str(b)) => a.to_string() == *b,
        (v, Lit::Str(b)) => v.as_str() == Some(b.as_str()),
        (v, Lit::Int(b)) => v.as_str() == Some(b.to_string().as_str()),
        _ => false,
    }
}

fn contains(v: &Val, l: &Lit) -> bool {
    match v {
        Val::EnumList(xs) => xs.iter().any(|x| matches!(l, Lit::Str(s) if s == x)),
        Val::Ids(xs) => xs.iter().any(|x| matches!(l, Lit::Str(s) if **s == *x.id)),
        Val::Id(t) | Val::Text(t) => matches!(l, Lit::Str(s) if t.contains(s.as_str())),
        _ => false,
    }
}

fn field_test(vals: &[&Val], test: &Test, s: Scope<'_>) -> bool {
    match test {
        Test::Is(lits) => vals.iter().any(|v| lits.iter().any(|l| lit_eq(v, l))),
        Test::IsNot(lits) => !vals.iter().any(|v| lits.iter().any(|l| lit_eq(v, l))),
        Test::Filled(want) => vals.iter().any(|v| v.is_filled()) == *want,
        Test::Contains(l) => vals.iter().any(|v| contains(v, l)),
        Test::Pattern(TextPattern::Bsn) => vals
            .iter()
            .any(|v| v.as_str().is_some_and(crate::privacy::contains_bsn)),
        // A text the text rules analyse (a voorwaarde) is analysed once for all of them.
        Test::Phrase(p) => vals.iter().any(|v| {
            v.as_str()
                .is_some_and(|t| s.texts.with(t, |a| p.matches_analysis(a)))
        }),
        Test::OnOrBefore(r) => match date_ref(r, s) {
            Some(limit) => vals.iter().any(|v| v.as_date().is_some_and(|d| d <= limit)),
            None => false,
        },
        Test::OnOrAfter(r) => match date_ref(r, s) {
            Some(limit) => vals.iter().any(|v| v.as_date().is_some_and(|d| d >= limit)),
            None => false,
        },
        Test::Covers(coll, l) => vals.iter().any(|v| match v {
            Val::Ratings(r) => {
                let rated = |val: &str| matches!(l, Lit::Str(x) if x == val);
                if r.len() <= LINEAR_MAX {
                    items(coll, s).all(|it| {
                        let id = it.obj().id();
                        r.iter().any(|(k, val)| &*k.id == id && rated(val))
                    })
                } else {
                    // A long rating list: index it once instead of scanning it per item.
                    let mut by_id: HashMap<&str, Vec<&str>> = HashMap::new();
                    for (k, val) in r.iter() {
                        by_id.entry(&*k.id).or_default().push(val);
                    }
                    items(coll, s).all(|it| {
                        let id = it.obj().id();
                        by_id
                            .get(id)
                            .is_some_and(|vals| vals.iter().any(|v| rated(v)))
                    })
                }
            }
            _ => false,
        }),
    }
}

/// Events matching a selection, in file order.
pub fn events<'a>(sel: &'a EventSel, s: Scope<'a>) -> impl Iterator<Item = &'a Event> + 'a {
    candidates(sel, s).filter(move |e| sel.filter.iter().all(|(i, t)| waar(e, *i, t, s)))
}

/// Events of the selection's kinds and dates, before its `waar` tests.
fn candidates<'a>(sel: &'a EventSel, s: Scope<'a>) -> impl Iterator<Item = &'a Event> + 'a {
    let from = sel.from.as_deref().and_then(|r| date_ref(r, s));
    let until = sel.until.as_deref().and_then(|r| date_ref(r, s));
    let none = (sel.from.is_some() && from.is_none())
        || (sel.until.is_some() && until.is_none())
        || (sel.mask != 0 && sel.mask & s.kinds == 0);
    let all: &[Event] = if none { &[] } else { &s.dossier.events };
    all.iter().filter(move |e| {
        (sel.mask == 0 || sel.mask & e.kind_bit != 0)
            && from.is_none_or(|f| e.date >= f)
            && until.is_none_or(|u| e.date <= u)
    })
}

/// One `waar` test of a selection on one event's field.
fn waar(e: &Event, i: usize, t: &Test, s: Scope<'_>) -> bool {
    let v = e.obj.val(i);
    let vals: &[&Val] = if missing(v) {
        &[]
    } else {
        std::slice::from_ref(&v)
    };
    field_test(vals, t, s.with_item(ItemRef::Event(e)))
}

fn missing(v: &Val) -> bool {
    matches!(v, Val::Absent | Val::Null)
}

/// Events of the selection's kinds and dates that its `waar` tests cannot decide, with the first
/// field they lack: every test such an event fails asks for a value of a field it leaves out (a
/// `melder_geinformeerd` without `over`). Whether it is an event the selection means is unknown;
/// `gevuld: false` of a missing field is an answer, not an unknown, and so are `bevat`,
/// `patroon` and `frase` (`decided_when_missing`).
pub fn undecided<'a>(
    sel: &'a EventSel,
    s: Scope<'a>,
) -> impl Iterator<Item = (&'a Event, usize)> + 'a {
    candidates(sel, s).filter_map(move |e| match classify(e, sel, s) {
        Class::Lacking(i) => Some((e, i)),
        Class::Match | Class::Fail => None,
    })
}

/// How one candidate event fares against a selection's `waar` tests.
enum Class {
    Match,
    /// Undecided: every test it fails asks for a field it leaves out (the first such field).
    Lacking(usize),
    Fail,
}

fn classify(e: &Event, sel: &EventSel, s: Scope<'_>) -> Class {
    let mut lacking = None;
    for (i, t) in &sel.filter {
        if waar(e, *i, t, s) {
            continue;
        }
        if !missing(e.obj.val(*i)) || t.decided_when_missing() {
            return Class::Fail;
        }
        lacking.get_or_insert(*i);
    }
    lacking.map_or(Class::Match, Class::Lacking)
}

/// The first matching event by date (file order breaks ties).
pub fn first<'a>(sel: &'a EventSel, s: Scope<'a>) -> Option<&'a Event> {
    events(sel, s).min_by_key(|e| e.order())
}

/// The date `r` refers to in `s`; `None` when there is none: no event of the selection, or an item
/// date where the judged item is no event.
pub fn date_ref(r: &DateRef, s: Scope<'_>) -> Option<NaiveDate> {
    match r {
        DateRef::Received => Some(s.dossier.received()),
        DateRef::AsOf => Some(s.as_of),
        DateRef::ItemDate => s.item.and_then(ItemRef::date),
        DateRef::First(sel) => first(sel, s).map(|e| e.date),
        DateRef::Last(sel) => events(sel, s).map(|e| e.date).max(),
    }
}

/// The items of a collection.
pub fn items<'a>(coll: &'a Collection, s: Scope<'a>) -> impl Iterator<Item = ItemRef<'a>> + 'a {
    match coll {
        Collection::List(i, _, _) => Either::Left(s.dossier.root.list(*i).iter().map(ItemRef::Obj)),
        Collection::Events(sel) => Either::Right(events(sel, s).map(ItemRef::Event)),
    }
}

/// One of two iterators of the same items, without boxing: [`items`] runs for every item rule
/// of every dossier.
enum Either<L, R> {
    Left(L),
    Right(R),
}

impl<T, L: Iterator<Item = T>, R: Iterator<Item = T>> Iterator for Either<L, R> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        match self {
            Either::Left(l) => l.next(),
            Either::Right(r) => r.next(),
        }
    }
}

/// How reports name an item: a list element by its id (`V2`), an event as `soort[n]`.
pub fn item_name(item: ItemRef<'_>) -> String {
    match item {
        // An id is a code (`V1`); anything else may be the exporter's free text.
        ItemRef::Obj(o) => crate::privacy::shown_id(o.id()).into_owned(),
        ItemRef::Event(e) => [e.kind, "[", &e.ordinal.to_string(), "]"].concat(),
    }
}

/// Where the evidence lies that `p` is `want` in this scope: the position of the value that
/// decides it (of three free-text fields, the one holding the BSN; the event that is there; the
/// field of a conjunction that fails), so a finding points at what to fix. `None` when no single
/// value decides (all parts of a conjunction hold, an event is absent): the caller falls back to
/// [`first_field`]. Re-evaluates parts of `p`, so it is only called for reported outcomes.
pub fn witness(p: &Pred, s: Scope<'_>, want: bool) -> Option<Pos> {
    match p {
        Pred::Not(q) => witness(q, s, !want),
        // The part that fails decides, even where it has no value to point at (a missing
        // event): then the first field it reads, not the first field of the whole conjunction.
        Pred::All(v) if !want => v
            .iter()
            .find(|q| !eval(q, s))
            .map(|q| witness(q, s, false).unwrap_or_else(|| evidence_pos(q, s.dossier))),
        Pred::Any(v) if want => v
            .iter()
            .find(|q| eval(q, s))
            .and_then(|q| witness(q, s, true)),
        Pred::Field(scope, path, test) => {
            let start = field_start(*scope, s);
            let here = here(start, s);
            if want {
                let mut found = None;
                visit(start, &path.steps, &mut |sl| {
                    if found.is_none() && field_test(&[&sl.val], test, s) {
                        found = Some(sl.pos);
                    }
                });
                found
            } else {
                // The field that fails: where it is written, or the deepest object on its path.
                Some(path_pos(start, &path.steps, here))
            }
        }
        // The event's field the selection filters on (the `reden` with the BSN), else the event.
        Pred::Event(sel) if want => events(sel, s).next().map(|e| {
            sel.filter
                .first()
                .map(|(i, _)| e.obj.slot(*i))
                .filter(|sl| !matches!(sl.val, Val::Absent))
                .map_or(e.obj.pos, |sl| sl.pos)
        }),
        _ => None,
    }
}

/// The position of the first dossier field a predicate reads, or the dossier's own.
pub fn evidence_pos(p: &Pred, d: &Dossier) -> Pos {
    first_field(p).map_or(d.origin.pos, |steps| path_pos(&d.root, steps, d.origin.pos))
}

/// The position of a field path: its value's, or, where it is absent, the deepest object's on
/// the way (a missing `melder.bekend` points at `melder`), or `here` when nothing of it is there.
pub fn path_pos(start: &Obj, steps: &[usize], here: Pos) -> Pos {
    let mut obj = start;
    let mut pos = here;
    for st in steps {
        let slot = obj.slot(*st);
        if matches!(slot.val, Val::Absent) {
            break;
        }
        pos = slot.pos;
        match &slot.val {
            Val::Obj(o) => obj = o,
            _ => break,
        }
    }
    pos
}

/// The first field a predicate reads, for pointing a finding at evidence.
pub fn first_field(p: &Pred) -> Option<&[usize]> {
    match p {
        Pred::Field(crate::rules::model::Scope::Dossier, path, _) => Some(&path.steps),
        Pred::All(v) | Pred::Any(v) => v.iter().find_map(first_field),
        Pred::Not(p) => first_field(p),
        _ => None,
    }
}
