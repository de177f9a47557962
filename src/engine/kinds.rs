//! One evaluation function per rule kind. The kinds themselves (their fields and meaning) are
//! documented in [`crate::rules::model`].

use chrono::NaiveDate;

use super::pred::{
    self, Gap, ItemRef, Scope, Truth, date_ref, events, evidence_pos, item_name, items,
};
use super::{Outcome, Phrase, undecided_outcome};
use crate::calendar::{Calendar, Term, Unit};
use crate::dossier::Pos;
use crate::dossier::model::{Code, Dossier, Slot, Val, fmt_date};
use crate::dossier::schema::GEBEURTENIS;
use crate::rules::model::*;

/// Appends the outcomes of one rule to `out` (reused across rules, so that the common case of
/// one outcome per rule allocates nothing).
pub(crate) fn evaluate(
    check: &Check,
    s: Scope<'_>,
    cal: &Calendar,
    d: &Dossier,
    out: &mut Vec<Outcome>,
) {
    match check {
        Check::Deadline(x) => out.push(deadline(x, s, cal, d)),
        Check::Requirement(x) => out.push(requirement(x, s, d)),
        Check::PerItem(x) => per_item(x, s, out),
        Check::Consistency(x) => consistency(x, s, d, out),
        Check::Interval(x) => out.push(interval(x, s, cal)),
        Check::Text(x) => text(x, s, out),
        Check::Population(_) => {}
    }
}

/// How late, in the term's own unit ("2 werkdagen", "3 dagen"), or in calendar days for a term
/// in werkdagen met only on days that are no working days ("3 kalenderdagen").
fn lateness(cal: &Calendar, term: Term, due: NaiveDate, at: NaiveDate) -> String {
    match term.eenheid {
        Unit::Werkdagen if cal.werkdagen_tussen(due, at) > 0 => {
            let n = cal.werkdagen_tussen(due, at);
            count_of(n, if n == 1 { "werkdag" } else { "werkdagen" })
        }
        // Late but on a non-working day right after the due date: say it in calendar days, by
        // that name where the term counts werkdagen ("5 werkdagen … 3 dagen" read as a slip).
        Unit::Werkdagen => {
            let n = (at - due).num_days();
            count_of(
                n,
                if n == 1 {
                    "kalenderdag"
                } else {
                    "kalenderdagen"
                },
            )
        }
        _ => {
            let n = (at - due).num_days();
            count_of(n, if n == 1 { "dag" } else { "dagen" })
        }
    }
}

/// "3 dagen". Message values are built only for findings, but there is one or more per finding:
/// joined by hand, as `format!` costs several times more.
fn count_of(n: i64, unit: &str) -> String {
    [n.to_string().as_str(), " ", unit].concat()
}

/// `termijn`: B within N units after A; see the spec's counting conventions.
///
/// A start selected by a field (`waar: {besluit: ...}`) may be undecided: an earlier event of
/// the start's kind that lacks the field could be the real start. The verdict stands when it is
/// the same from every such possible start; otherwise the data to judge is missing.
fn deadline(x: &Deadline, s: Scope<'_>, cal: &Calendar, d: &Dossier) -> Outcome {
    let sel = match &x.start {
        Anchor::Received => return deadline_from(x, s, cal, d.received(), d.received_pos()),
        Anchor::Event(sel) => sel,
    };
    let start = pred::first(sel, s);
    let o = match start {
        Some(e) => deadline_from(x, s, cal, e.date, e.obj.pos),
        None => Outcome::new(Status::NotApplicable, d.origin.pos),
    };
    let mut possible =
        pred::undecided(sel, s).filter(|(e, _)| start.is_none_or(|a| e.date < a.date));
    let differs = possible.find(|(e, _)| {
        let alt = deadline_from(x, s, cal, e.date, e.obj.pos);
        alt.status != o.status
    });
    match differs {
        None => o,
        Some((e, field)) => undecided_outcome(
            "Niet te beoordelen: ",
            &[
                "de ",
                e.kind,
                " van ",
                &fmt_date(e.date),
                " heeft geen `",
                field_name(field),
                "`, dus het is onduidelijk of de termijn daar begint; vul het in",
            ]
            .concat(),
            e.obj.pos,
        ),
    }
}

/// [`deadline`] from a known start: `anchor`, found at `anchor_pos`.
fn deadline_from(
    x: &Deadline,
    s: Scope<'_>,
    cal: &Calendar,
    anchor: NaiveDate,
    anchor_pos: Pos,
) -> Outcome {
    let Some(mut due) = cal.due(anchor, x.term) else {
        return Outcome::new(Status::Unassessable, anchor_pos);
    };
    if let Some((sel, step)) = &x.extension {
        let mut ext: Vec<NaiveDate> = events(sel, s).map(|e| e.date).collect();
        ext.sort();
        for date in ext {
            if date <= due
                && let Some(next) = cal.extend(due, *step)
            {
                due = next;
            }
        }
    }
    let exempt = x
        .exemption
        .as_ref()
        .is_some_and(|sel| events(sel, s).any(|e| e.date <= due));
    let target = events(&x.target, s)
        .filter(|e| e.date >= anchor)
        .min_by_key(|e| e.order());
    // The term is not visibly met, but an event of the target's kind that lacks the field the
    // target is selected by falls within it (feedback to the melder without `over`): it may be
    // the one, so the data to judge is missing (`unassessable`), not the event.
    let unknown = if exempt || target.is_some_and(|t| t.date <= due) {
        None
    } else {
        pred::undecided(&x.target, s)
            .filter(|(e, _)| e.date >= anchor && e.date <= due)
            .min_by_key(|(e, _)| e.date)
    };
    let mut o = if let Some((e, field)) = unknown {
        let mut o = Outcome::new(Status::Unassessable, e.obj.pos);
        if o.reported(&s) {
            o.vars.push((
                "waarneming",
                [
                    e.kind,
                    " op ",
                    &fmt_date(e.date),
                    " zonder `",
                    field_name(field),
                    "`, binnen de termijn tot en met ",
                    &fmt_date(due),
                ]
                .concat(),
            ));
        }
        o
    } else {
        match target {
            Some(t) => {
                let mut o = Outcome::new(Status::Pass, t.obj.pos);
                o.observed = Some(t.date);
                if t.date > due {
                    o.status = if exempt {
                        Status::Exempt
                    } else {
                        Status::Violation
                    };
                }
                if o.reported(&s) {
                    let when = fmt_date(t.date);
                    if t.date > due {
                        let late = lateness(cal, x.term, due, t.date);
                        o.vars.push((
                            "waarneming",
                            [
                                "op ",
                                &when,
                                ", ",
                                &late,
                                " na de termijn van ",
                                &fmt_date(due),
                            ]
                            .concat(),
                        ));
                        o.vars.push(("verschil", late));
                    } else {
                        o.vars
                            .push(("waarneming", ["op ", &when, ", binnen de termijn"].concat()));
                    }
                }
                o
            }
            None => {
                // B is the first qualifying event on or after A (the spec's convention): an event dated
                // before its anchor does not count; VT-D01 reports the contradiction itself.
                let status = if exempt {
                    Status::Exempt
                } else if s.as_of > due {
                    Status::Violation
                } else {
                    Status::Open
                };
                let mut o = Outcome::new(status, anchor_pos);
                if o.reported(&s) {
                    let due_text = fmt_date(due);
                    // Say so when one exists before the start: "niet vastgelegd" alone would read as if
                    // the dossier had none (for an anchor other than `ontvangen`, VT-D01 is silent).
                    let earlier = events(&x.target, s)
                        .filter(|e| e.date < anchor)
                        .map(|e| e.date)
                        .max()
                        .map(|d| {
                            [
                                " (alleen een eerdere op ",
                                &fmt_date(d),
                                ", vóór het begin van de termijn)",
                            ]
                            .concat()
                        })
                        .unwrap_or_default();
                    // And when one of unknown subject came after the term: late either way.
                    let later = pred::undecided(&x.target, s)
                        .filter(|(e, _)| e.date > due)
                        .min_by_key(|(e, _)| e.date)
                        .map(|(e, field)| {
                            [
                                " (alleen een ",
                                e.kind,
                                " zonder `",
                                field_name(field),
                                "`, op ",
                                &fmt_date(e.date),
                                ", na de termijn)",
                            ]
                            .concat()
                        })
                        .unwrap_or_default();
                    let earlier = earlier + &later;
                    o.vars.push((
                        "waarneming",
                        if status == Status::Violation {
                            [
                                "niet vastgelegd",
                                &earlier,
                                "; de termijn liep tot en met ",
                                &due_text,
                            ]
                            .concat()
                        } else {
                            [
                                "nog niet vastgelegd",
                                &earlier,
                                "; de termijn loopt tot en met ",
                                &due_text,
                            ]
                            .concat()
                        },
                    ));
                }
                o
            }
        }
    };
    o.due = Some(due);
    if o.reported(&s) {
        o.vars.push(("termijn", x.term.describe()));
        o.vars.push(("start", fmt_date(anchor)));
    }
    o
}

/// An event field's name, for messages.
pub(crate) fn field_name(i: usize) -> &'static str {
    GEBEURTENIS.fields.get(i).map_or("", |f| f.name)
}

/// `vereiste`: a requirement on the dossier; `open` until `overtreding_zodra` holds.
fn requirement(x: &Requirement, s: Scope<'_>, d: &Dossier) -> Outcome {
    // An event without the field the requirement asks about (a veiligheidsbeoordeling without
    // `besluit`) may or may not meet it: the data is missing. In three values throughout, so
    // that `niet` keeps an unknown unknown instead of turning it into a pass.
    let met = if x.three_valued {
        match pred::truth(&x.require, s) {
            pred::Truth::Unknown(gap) => {
                return super::undecided_outcome(
                    "Niet te beoordelen: ",
                    &gap.describe(None),
                    gap.pos(),
                );
            }
            t => matches!(t, pred::Truth::True),
        }
    } else {
        pred::eval(&x.require, s)
    };
    if met {
        return Outcome::new(Status::Pass, evidence_pos(&x.require, d));
    }
    let status = match &x.violation_once {
        Some(p) if !pred::eval(p, s) => Status::Open,
        _ => Status::Violation,
    };
    // A finding points at the value that breaks the requirement (of several free-text fields,
    // the one with the BSN), where one does.
    let pos = pred::witness(&x.require, s, false).unwrap_or_else(|| evidence_pos(&x.require, d));
    Outcome::new(status, pos)
}

/// `per_item`: one outcome per item of a collection.
fn per_item(x: &PerItem, s: Scope<'_>, out: &mut Vec<Outcome>) {
    for it in items(&x.items, s) {
        let si = s.with_item(it);
        // Err: the value that leaves `alleen` or `eis` undecided for this item.
        let verdict = if x.three_valued {
            match x.only.as_ref().map_or(Truth::True, |p| pred::truth(p, si)) {
                Truth::False => continue,
                Truth::Unknown(gap) => Err(gap),
                Truth::True => match pred::truth(&x.require, si) {
                    Truth::Unknown(gap) => Err(gap),
                    t => Ok(matches!(t, Truth::True)),
                },
            }
        } else if x.only.as_ref().is_none_or(|p| pred::eval(p, si)) {
            Ok(pred::eval(&x.require, si))
        } else {
            continue;
        };
        let mut o = match verdict {
            Ok(ok) => Outcome::new(
                if ok { Status::Pass } else { Status::Violation },
                it.obj().pos,
            ),
            Err(gap) => super::undecided_outcome(
                "Niet te beoordelen: ",
                &gap.describe(Some(&pred::whose(it, &x.items))),
                gap.pos(),
            ),
        };
        if o.reported(&s) {
            o.item = Some(item_name(it));
            if let Some(date) = it.date() {
                o.vars.push(("datum_item", fmt_date(date)));
            }
        }
        out.push(o);
    }
    // Events whose `waar` tests the item selection cannot decide may be items or not (an ending
    // of monitoring without `reden` may be the `stabiel_veilig` one): each is `unassessable`.
    if let Collection::Events(sel) = &x.items
        && !sel.filter.is_empty()
    {
        for (e, field) in pred::undecided(sel, s) {
            // `alleen` may still rule it out whatever the missing field says.
            let si = s.with_item(ItemRef::Event(e));
            if x.only
                .as_ref()
                .is_some_and(|p| matches!(pred::truth(p, si), Truth::False))
            {
                continue;
            }
            let mut o = super::undecided_outcome(
                "Niet te beoordelen of de regel van toepassing is: ",
                &Gap::Event(e, field).describe(None),
                e.obj.pos,
            );
            o.item = Some(item_name(ItemRef::Event(e)));
            out.push(o);
        }
    }
}

/// `consistentie`: every inconsistency is its own finding; none is a pass.
fn consistency(checks: &[Consistency], s: Scope<'_>, d: &Dossier, out: &mut Vec<Outcome>) {
    let before = out.len();
    for c in checks {
        match c {
            Consistency::Order {
                each,
                not_before,
                not_after,
                missing_is_error,
                message,
            } => {
                let (mut before_once, mut after_once) = (None, None);
                for e in events(each, s) {
                    let es = s.with_item(ItemRef::Event(e));
                    let mut bad = None;
                    if let Some(r) = not_before {
                        match limit_for(r, s, es, &mut before_once) {
                            Some(limit) if e.date < limit => bad = Some(Some(limit)),
                            None if *missing_is_error => bad = Some(None),
                            _ => {}
                        }
                    }
                    if bad.is_none()
                        && let Some(r) = not_after
                    {
                        match limit_for(r, s, es, &mut after_once) {
                            Some(limit) if e.date > limit => bad = Some(Some(limit)),
                            None if *missing_is_error => bad = Some(None),
                            _ => {}
                        }
                    }
                    if let Some(limit) = bad {
                        let mut o = Outcome::new(Status::Violation, e.obj.pos);
                        o.item = Some(item_name(ItemRef::Event(e)));
                        o.observed = Some(e.date);
                        o.vars.push(("datum_item", fmt_date(e.date)));
                        if let Some(l) = limit {
                            o.vars.push(("grens", fmt_date(l)));
                        }
                        o.template = Some(message.clone());
                        out.push(o);
                    }
                }
            }
            Consistency::Reference {
                items: coll,
                field,
                target,
                message,
            } => {
                let known: Vec<&str> = items(target, s).map(|t| t.obj().id()).collect();
                // A hash set only for long lists: normal dossiers have a handful of ids.
                let set: Option<std::collections::HashSet<&str>> =
                    (known.len() > 32).then(|| known.iter().copied().collect());
                let is_known = |r: &str| match &set {
                    Some(set) => set.contains(r),
                    None => known.contains(&r),
                };
                for it in items(coll, s) {
                    for (r, pos) in referenced(it.obj().slot(*field)) {
                        if !is_known(r) {
                            let mut o = Outcome::new(Status::Violation, pos);
                            o.item = Some(item_name(it));
                            // A reference shaped like an id is shown; anything else may be
                            // the exporter's free text (a sentence where an id belongs).
                            let shown = if crate::chars::is_blank(r) {
                                "(leeg)".into()
                            } else {
                                crate::privacy::shown_id(r)
                            };
                            o.vars.push(("verwijzing", shown.into_owned()));
                            o.template = Some(message.clone());
                            out.push(o);
                        }
                    }
                }
            }
        }
    }
    if out.len() == before {
        out.push(Outcome::new(Status::Pass, d.origin.pos));
    }
}

/// A consistency limit for the event in scope `es`. One that does not read the event is the
/// same for all of them, so it is computed at the first event and kept in `once`: computed per
/// event, `{eerste: …}` for each monitoring contact would scan all events again. Dossiers
/// without a matching event never compute it.
fn limit_for(
    r: &DateRef,
    s: Scope<'_>,
    es: Scope<'_>,
    once: &mut Option<Option<NaiveDate>>,
) -> Option<NaiveDate> {
    if let Some(v) = *once {
        return v;
    }
    if r.reads_item() {
        return date_ref(r, es);
    }
    *once.insert(date_ref(r, s))
}

/// The ids a reference field holds, each with where it is written (an element of a list or a
/// rating map, so a finding points at the wrong one), read in place (no vector per item).
fn referenced(slot: &Slot) -> impl Iterator<Item = (&str, Pos)> {
    let v = &slot.val;
    let ids: &[Code] = match v {
        Val::Ids(v) => v,
        _ => &[],
    };
    let ratings: &[(Code, &str)] = match v {
        Val::Ratings(v) => v,
        _ => &[],
    };
    let single = match v {
        Val::Ids(_) | Val::Ratings(_) => None,
        v => v.as_str().map(|r| (r, slot.pos)),
    };
    ids.iter()
        .chain(ratings.iter().map(|(k, _)| k))
        .map(|c| (&*c.id, c.pos))
        .chain(single)
}

/// `interval`: no gap between consecutive events (and, optionally, from the last one to the
/// as-of date) exceeds the maximum. One outcome per dossier; a violation names the first gap
/// that is too long (its due and observed dates) and how many there are.
fn interval(x: &Interval, s: Scope<'_>, cal: &Calendar) -> Outcome {
    let mut evs: Vec<_> = events(&x.events, s).collect();
    evs.sort_by_key(|e| e.date);
    let Some(first) = evs.first() else {
        return Outcome::new(Status::NotApplicable, s.dossier.origin.pos);
    };
    // (event after the gap or None for the as-of date, limit, observed)
    let mut gaps: Vec<(
        Option<&crate::dossier::model::Event>,
        NaiveDate,
        Option<NaiveDate>,
    )> = Vec::new();
    for pair in evs.windows(2) {
        if let Some(limit) = cal.due(pair[0].date, x.max)
            && pair[1].date > limit
        {
            gaps.push((Some(pair[1]), limit, Some(pair[1].date)));
        }
    }
    if x.until_as_of
        && let Some(last) = evs.last()
        && let Some(limit) = cal.due(last.date, x.max)
        && s.as_of > limit
    {
        gaps.push((None, limit, None));
    }
    let Some((at, limit, observed)) = gaps.first().copied() else {
        return Outcome::new(Status::Pass, first.obj.pos);
    };
    let pos = at.map_or_else(
        || evs.last().map_or(first.obj.pos, |e| e.obj.pos),
        |e| e.obj.pos,
    );
    let mut o = Outcome::new(Status::Violation, pos);
    o.due = Some(limit);
    o.observed = observed;
    o.vars.push(("termijn", x.max.describe()));
    o.vars.push(("aantal", gaps.len().to_string()));
    o.vars.push((
        "waarneming",
        match at {
            Some(e) => format!(
                "volgend contact pas op {} ({}[{}])",
                fmt_date(e.date),
                e.kind,
                e.ordinal
            ),
            None => format!("geen contact meer tot de peildatum {}", fmt_date(s.as_of)),
        },
    ));
    o
}

/// `tekst`: the text analysis of one field per item; one finding per item, naming every phrase.
fn text(x: &TextCheck, s: Scope<'_>, out: &mut Vec<Outcome>) {
    let before = out.len();
    for it in items(&x.items, s) {
        let slot = it.obj().slot(x.field);
        let Some(t) = slot.val.as_str().filter(|t| !crate::chars::is_blank(t)) else {
            // A voorwaarde without text is a voorwaarde all the same: there is nothing to judge
            // it by (`unassessable`), which must not read as a pass or as no voorwaarde at all.
            let mut o = super::undecided_outcome(
                "Niet te beoordelen: ",
                &pred::lacking(&pred::whose(it, &x.items), text_field_name(x)),
                if matches!(slot.val, Val::Absent) {
                    it.obj().pos
                } else {
                    slot.pos
                },
            );
            o.item = Some(item_name(it));
            out.push(o);
            continue;
        };
        let hits = s.texts.with(t, |analysis| match &x.analyzer {
            Analyzer::Concreet(a) => a.check_analysis(analysis),
            Analyzer::Positief(a) => a.check_analysis(analysis),
            Analyzer::Begrijpelijk(a) => a.check_analysis(analysis),
        });
        let mut o = Outcome::new(Status::Pass, slot.pos);
        if s.keep_all || !hits.is_empty() {
            o.item = Some(item_name(it));
        }
        if let Some(first) = hits.first() {
            o.status = Status::Violation;
            // Each category once, in the order of its first phrase ("voldoende ... werken aan
            // ... voldoende" names two categories, not three).
            let mut labels: Vec<&str> = Vec::new();
            for h in &hits {
                if !labels.contains(&h.label.as_str()) {
                    labels.push(&h.label);
                }
            }
            o.vars.push(("categorie", labels.join("; ")));
            o.vars.push(("hint", first.hint.clone()));
            // A category without detail leaves `{detail}` unset, so it prints as `—` like every
            // placeholder without a value.
            if let Some(detail) = &first.detail {
                o.vars.push(("detail", detail.clone()));
            }
            o.phrases = hits
                .iter()
                .map(|h| Phrase {
                    text: t.get(h.span.clone()).unwrap_or("").to_string(),
                    label: h.label.clone(),
                    hint: h.hint.clone(),
                    detail: h.detail.clone(),
                })
                .collect();
        }
        out.push(o);
    }
    if out.len() == before {
        out.push(Outcome::new(Status::NotApplicable, s.dossier.origin.pos));
    }
}

/// The name of the field a text rule reads, for messages.
fn text_field_name(x: &TextCheck) -> &'static str {
    match &x.items {
        Collection::List(_, def, _) => def.fields.get(x.field).map_or("", |f| f.name),
        Collection::Events(_) => field_name(x.field),
    }
}

/// The average length of a month in the Gregorian calendar (365.2425 / 12 days): the unit of
/// aggregate durations, so that a month is the same length whichever months a duration spans.
pub const DAYS_PER_MONTH: f64 = 365.2425 / 12.0;

/// Months between two dates as a decimal (average month length), for aggregate durations.
pub fn months_between(a: NaiveDate, b: NaiveDate) -> f64 {
    (b - a).num_days() as f64 / DAYS_PER_MONTH
}

/// `populatie`: this dossier's contribution to an aggregate (a duration in months).
pub(crate) fn population(p: &Population, s: Scope<'_>) -> Option<f64> {
    let from = date_ref(&p.from, s)?;
    let to = date_ref(&p.to, s)?;
    (to >= from).then(|| months_between(from, to))
}
