//! Waivers (ontheffingen): accepted exceptions a quality officer records in a YAML file.
//!
//! ```yaml
//! - dossier: MB-2023-00412
//!   regel: VT-T01
//!   item: null                      # optional: one item (V2, overdracht[1]); absent = every item
//!   reden: "Gezin verhuisd; beoordeling door VT Utrecht, zie overdracht."
//!   goedgekeurd_door: "kwaliteitsfunctionaris"
//!   verloopt: 2025-12-31
//! ```
//!
//! A matching finding gets status `waived`: counted and shown, never failing. An expired waiver
//! stops applying and says so (also when it matches nothing); a waiver that matches nothing is
//! reported as stale; a waiver without a reason is an error before any dossier is read.

use std::sync::Arc;

use chrono::NaiveDate;

use crate::diag::Diag;
use crate::dossier::date::parse_stamp;
use crate::dossier::node::{Pos, Value};
use crate::dossier::yaml;
use crate::engine::Finding;
use crate::privacy::{looks_like_a_key, shown_id};
use crate::rules::{RuleSet, Status};
use crate::suggest::help_for;

/// One waiver of a waiver file: an accepted exception to a rule for one dossier (or one item of
/// it), until it expires.
#[derive(Debug, Clone)]
pub struct Waiver {
    /// `dossier`: the dossier's id, matched exactly against findings, or the placeholder a report
    /// shows for an id it does not repeat ([`crate::privacy::is_placeholder`]).
    pub dossier: String,
    /// `regel`: the rule id, checked against the rule set when the file is parsed.
    pub rule: String,
    /// `item`: the one item it accepts, as findings name it (`V2`, `overdracht[1]`) or as the
    /// export writes its id; `None`: every item of the rule.
    pub item: Option<String>,
    /// `reden`: why the deviation is accepted. Free text: reports never copy it (a waived finding's
    /// message cites the waiver's line instead).
    pub reason: String,
    /// `goedgekeurd_door`: who accepted it. Required in a file, so `Some` for every parsed waiver.
    pub approved_by: Option<String>,
    /// `verloopt`: the last day the waiver applies; after it the violation fails again. Required in
    /// a file, so `Some` for every parsed waiver.
    pub expires: Option<NaiveDate>,
    /// Where the waiver starts in the file.
    pub pos: Pos,
}

/// The waivers of a file and what happened to each during a run.
#[derive(Debug, Default)]
pub struct Waivers {
    /// The waiver file as reports name it; `None` for an empty set ([`Default`]), which reports
    /// nothing.
    pub file: Option<Arc<str>>,
    /// The waivers, in file order.
    pub list: Vec<Waiver>,
    applied: Vec<u64>,
    expired_hits: Vec<u64>,
    /// Per waiver: its dossier was read but rejected (invalid), so no finding could meet it and
    /// "matches nothing" would invite deleting a waiver that is still needed.
    unchecked: Vec<bool>,
}

const KEYS: &[&str] = &[
    "dossier",
    "regel",
    "item",
    "reden",
    "goedgekeurd_door",
    "verloopt",
];

impl Waivers {
    /// Parses a waiver file; every problem is an error (a waiver must be unambiguous).
    pub fn parse(
        text: &str,
        file: &Arc<str>,
        rules: &RuleSet,
        diags: &mut Vec<Diag>,
    ) -> Option<Waivers> {
        let before = diags.len();
        // Documents with content: a leading `---` or a comment block alone is not a second list.
        let docs = yaml::content_documents(text);
        let mut list = Vec::new();
        // One list per file: a second YAML document would be ignored, its waivers silently lost.
        if let Some(second) = docs.get(1) {
            diags.push(
                Diag::error(
                    file,
                    Pos::new(second.first_line, 1, second.offset as u32),
                    "een ontheffingenbestand is één YAML-document (één lijst); dit is een tweede",
                )
                .with_help(Some("voeg de ontheffingen samen in één lijst".into())),
            );
            // The first list is still checked: one run names every mistake (rev54 F1).
        }
        if let Some(doc) = docs.first() {
            let node = match yaml::parse_document_of(doc, 100_000, "ontheffingenbestand") {
                Ok(n) => n,
                Err(e) => {
                    diags.push(e.diag(file));
                    // In reading order: the syntax error, then the second list after it.
                    diags[before..].sort_by_key(|d| (d.pos.line, d.pos.col));
                    return None;
                }
            };
            let items = match &node.value {
                Value::Seq(v) => v.as_slice(),
                Value::Null => &[],
                _ => {
                    diags.push(Diag::error(
                        file,
                        node.pos,
                        "een ontheffingenbestand is een lijst van ontheffingen",
                    ));
                    diags[before..].sort_by_key(|d| (d.pos.line, d.pos.col));
                    return None;
                }
            };
            for item in items {
                let Value::Map(entries) = &item.value else {
                    diags.push(Diag::error(file, item.pos, "een ontheffing is een object"));
                    continue;
                };
                for (k, _) in entries {
                    if !KEYS.contains(&k.name.as_ref()) {
                        // A key shaped like text may be a case note typed in the wrong place.
                        let message = crate::privacy::unknown_key_message(
                            "onbekende sleutel",
                            &k.name,
                            Some("ontheffing"),
                            "",
                        );
                        diags.push(
                            Diag::error(file, k.pos, message).with_help(help_for(&k.name, KEYS)),
                        );
                    }
                }
                // An id written as a decimal number (`12.10`, `1e3`) has lost its spelling
                // (12.1, 1000) and would never match: as in a dossier, it must be quoted.
                for key in ["dossier", "item"] {
                    if let Some(n) = item.get(key)
                        && matches!(n.value, Value::Float(_))
                    {
                        let (message, help) = crate::dossier::convert::decimal_id(&key);
                        diags.push(Diag::error(file, n.pos, message).with_help(Some(help)));
                    }
                }
                let text_of = |key: &str| {
                    item.get(key)
                        .and_then(|n| n.scalar_text())
                        .filter(|s| !s.trim().is_empty())
                };
                // A key that is there but empty or no text (`reden: [..]`) is an error at its
                // value, not "missing" at the entry: the field is there, of the wrong kind.
                let wrong_kind = |key: &str, diags: &mut Vec<Diag>| -> bool {
                    // `key: ~` is a key without a value: missing, as an absent one.
                    let Some(n) = item.get(key).filter(|n| !matches!(n.value, Value::Null)) else {
                        return false;
                    };
                    if text_of(key).is_some() {
                        return false;
                    }
                    let message = match n.scalar_text() {
                        Some(_) => format!("`{key}` van een ontheffing is leeg"),
                        None => format!(
                            "`{key}` van een ontheffing is tekst, gevonden: {}",
                            n.value.kind_nl()
                        ),
                    };
                    diags.push(Diag::error(file, n.pos, message));
                    true
                };
                // `item` is optional, but an empty one (or a list) must not widen a waiver for
                // one item to every item of the rule; `item: null` is the documented "absent".
                if item
                    .get("item")
                    .is_some_and(|n| !matches!(n.value, Value::Null))
                {
                    wrong_kind("item", diags);
                }
                // Every check of the entry runs, so that one run names all of its mistakes;
                // the entry is kept only when none failed.
                let dossier = text_of("dossier");
                let rule = text_of("regel");
                if dossier.is_none() || rule.is_none() {
                    let wrong = [wrong_kind("dossier", diags), wrong_kind("regel", diags)];
                    if !wrong.contains(&true)
                        || item.get("dossier").is_none()
                        || item.get("regel").is_none()
                    {
                        diags.push(Diag::error(
                            file,
                            item.pos,
                            "een ontheffing noemt `dossier` en `regel`",
                        ));
                    }
                }
                if let Some(rule) = &rule
                    && rules.get(rule).is_none()
                {
                    let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
                    diags.push(
                        Diag::error(
                            file,
                            item.get("regel").map_or(item.pos, |n| n.pos),
                            if looks_like_a_key(rule) {
                                format!("onbekende regel `{rule}` in ontheffing")
                            } else {
                                "onbekende regel in ontheffing: de waarde van `regel` lijkt tekst en wordt niet getoond".to_string()
                            },
                        )
                        .with_help(help_for(rule, &ids)),
                    );
                }
                let named = match (&dossier, &rule) {
                    (Some(d), Some(r)) => {
                        format!("ontheffing voor {} / {}", shown_id(d), shown_id(r))
                    }
                    _ => "ontheffing".to_string(),
                };
                // Issue 5: `reden`, `goedgekeurd_door` and `verloopt` are mandatory: an
                // exception someone approved, that expires.
                for (key, why) in [
                    ("reden", "waarom de afwijking aanvaard is"),
                    ("goedgekeurd_door", "wie de afwijking heeft aanvaard"),
                    ("verloopt", "tot wanneer de afwijking geldt (JJJJ-MM-DD)"),
                ] {
                    if text_of(key).is_none() && !wrong_kind(key, diags) {
                        diags.push(
                            Diag::error(file, item.pos, format!("{named} heeft geen `{key}`"))
                                .with_help(Some(format!("elke ontheffing legt vast {why}"))),
                        );
                    }
                }
                let expires = match text_of("verloopt") {
                    None => None,
                    Some(s) => match parse_stamp(&s) {
                        Ok(st) => Some(st.date),
                        Err(e) => {
                            diags.push(Diag::error(
                                file,
                                item.get("verloopt").map_or(item.pos, |n| n.pos),
                                format!("{e} in `verloopt`"),
                            ));
                            None
                        }
                    },
                };
                let (Some(dossier), Some(rule), Some(reason), Some(_)) =
                    (dossier, rule, text_of("reden"), expires)
                else {
                    continue;
                };
                list.push(Waiver {
                    dossier,
                    rule,
                    item: text_of("item"),
                    reason,
                    approved_by: text_of("goedgekeurd_door"),
                    expires,
                    pos: item.pos,
                });
            }
        }
        if diags.len() > before {
            // In reading order, as every diagnostic of an input (one entry's checks run key by
            // key, not line by line).
            diags[before..].sort_by_key(|d| (d.pos.line, d.pos.col));
            return None;
        }
        let n = list.len();
        Some(Waivers {
            file: Some(file.clone()),
            list,
            applied: vec![0; n],
            expired_hits: vec![0; n],
            unchecked: vec![false; n],
        })
    }

    /// Keeps the waivers of the rules `keep` accepts (the rules this run checks): the others
    /// can neither apply nor be stale.
    pub fn keep_rules(&mut self, keep: impl Fn(&str) -> bool) {
        let kept: Vec<bool> = self.list.iter().map(|w| keep(&w.rule)).collect();
        let mut flags = kept.iter();
        self.list.retain(|_| *flags.next().unwrap_or(&true));
        let n = self.list.len();
        self.applied = vec![0; n];
        self.expired_hits = vec![0; n];
        self.unchecked = vec![false; n];
    }

    /// A dossier with this id was rejected as invalid: its waivers are not called stale.
    pub fn dossier_not_checked(&mut self, id: &str) {
        for (w, u) in self.list.iter().zip(self.unchecked.iter_mut()) {
            if *w.dossier == *id {
                *u = true;
            }
        }
    }

    /// Applies the waivers to one dossier's result: its matching findings become `waived`, and
    /// its status per rule follows the findings that remain (a rule whose only violation is
    /// waived is `waived`, not `violation`). Returns whether anything changed. What
    /// [`crate::check::run`] does for every dossier; an embedder that checks dossiers one at a
    /// time with [`crate::engine::Engine::check`] calls this.
    pub fn apply_to(
        &mut self,
        result: &mut crate::engine::DossierResult,
        rules: &RuleSet,
        as_of: NaiveDate,
    ) -> bool {
        if !self.apply(&mut result.findings, rules, as_of) {
            return false;
        }
        for (ri, st) in result.statuses.iter_mut().enumerate() {
            if st.is_finding() {
                *st = result
                    .findings
                    .iter()
                    .filter(|f| f.rule == ri)
                    .map(|f| f.status)
                    .max_by_key(|s| s.rank())
                    .unwrap_or(*st);
            }
        }
        true
    }

    /// Marks the matching findings of one dossier as waived and returns whether any changed.
    /// The statuses per rule are not touched: [`Waivers::apply_to`] applies to a whole result.
    pub fn apply(&mut self, findings: &mut [Finding], rules: &RuleSet, as_of: NaiveDate) -> bool {
        let mut changed = false;
        // A finding names an item whose id looks like text by a placeholder; a waiver may give
        // the id as the exporter wrote it, or the placeholder. Each waiver's form, once.
        let shown: Vec<Option<String>> = self
            .list
            .iter()
            .map(|w| {
                w.item
                    .as_deref()
                    .map(|it| crate::privacy::shown_id(it).into_owned())
            })
            .collect();
        for f in findings.iter_mut() {
            // A waiver accepts a violation. It matches the other findings of its dossier and
            // rule too (an `open` deadline it was written for ahead of time, an outcome already
            // `exempt`), and is then in use, not stale, but leaves them as they are: they never
            // fail a run, and `waived` would hide that they were never a violation (SARIF
            // reports a waived finding as a suppressed failure).
            if !f.status.is_finding() || f.status == Status::Waived {
                continue;
            }
            let rule = &rules.rules[f.rule].id;
            // Every waiver that matches counts as used (a general one before a specific one, or
            // the same one twice, is not stale); the first that holds waives the finding.
            let mut waived = false;
            for (i, (w, shown)) in self.list.iter().zip(&shown).enumerate() {
                // The dossier as written, or as reports show one they do not repeat (a waiver
                // written from a report holds the placeholder).
                let dossier = *w.dossier == *f.dossier
                    || (crate::privacy::is_placeholder(&w.dossier)
                        && shown_id(&f.dossier) == *w.dossier);
                let matches = dossier
                    && w.rule == *rule
                    && w.item.as_ref().is_none_or(|it| {
                        f.item.as_ref() == Some(it) || f.item.as_deref() == shown.as_deref()
                    });
                if !matches {
                    continue;
                }
                if w.expires.is_some_and(|e| as_of > e) {
                    self.expired_hits[i] += 1;
                    continue;
                }
                self.applied[i] += 1;
                if waived || f.status != Status::Violation {
                    continue;
                }
                waived = true;
                f.status = Status::Waived;
                // Where the reason is, not the reason: it is free text (it may describe the
                // family), and messages go into every machine report.
                f.message = match &self.file {
                    Some(file) => format!("{} (ontheven, zie {file}:{})", f.message, w.pos.line),
                    None => format!("{} (ontheven)", f.message),
                };
                changed = true;
            }
        }
        changed
    }

    /// Warnings for expired and stale waivers, after the run. `verloopt` is the last day a waiver
    /// applies, and the message says so ("gold tot en met"): "verlopen op" that day read as if
    /// it no longer applied on it. A waiver expired at `as_of` is
    /// reported as expired whether or not it still matches a finding: that is the more useful
    /// fact (it needs renewing or removing either way), and "matches nothing" may only mean its
    /// finding is gone.
    pub fn report(&self, as_of: NaiveDate, diags: &mut Vec<Diag>) {
        /// Where each message below shows the dossier: right after "ontheffing voor ".
        const AT: usize = "ontheffing voor ".len();
        let Some(file) = &self.file else { return };
        for (i, w) in self.list.iter().enumerate() {
            // A dossier or rule written as text (not an id) is not repeated, as at parse time.
            let (dossier, rule) = (shown_id(&w.dossier), shown_id(&w.rule));
            let expired = w.expires.filter(|e| as_of > *e);
            if let Some(date) = expired {
                let date = crate::dossier::model::fmt_date(date);
                let message = if self.expired_hits[i] > 0 {
                    format!(
                        "ontheffing voor {} / {} gold tot en met {date} en geldt niet meer",
                        dossier, rule
                    )
                } else {
                    format!(
                        "ontheffing voor {} / {} gold tot en met {date}, is verlopen en komt met \
                         geen bevinding overeen",
                        dossier, rule
                    )
                };
                diags.push(Diag::warning(file, w.pos, message).with_dossier(&w.dossier, AT));
            } else if self.applied[i] == 0 && !self.unchecked[i] {
                diags.push(
                    Diag::warning(
                        file,
                        w.pos,
                        format!(
                            "ontheffing voor {} / {} komt met geen bevinding overeen (verouderd?)",
                            dossier, rule
                        ),
                    )
                    .with_dossier(&w.dossier, AT),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<(u32, u32, String)> {
        let rules = crate::rules::embedded().expect("embedded rules");
        let mut diags = Vec::new();
        let file: Arc<str> = "w.yaml".into();
        assert!(Waivers::parse(text, &file, &rules, &mut diags).is_none());
        diags
            .into_iter()
            .map(|d| (d.pos.line, d.pos.col, d.message))
            .collect()
    }

    /// A required field that is there but empty or no text is an error at its value, not
    /// "heeft geen `reden`" at the entry; a missing one stays an error at the entry.
    #[test]
    fn a_required_field_of_the_wrong_kind_is_marked_at_its_value() {
        let entry = |reden: &str| {
            format!(
                "- dossier: MB-1\n  regel: VT-T01\n  reden: {reden}\n  goedgekeurd_door: kf\n  verloopt: 2026-01-01\n"
            )
        };
        assert_eq!(
            errors(&entry("[een, lijst]")),
            [(
                3,
                10,
                "`reden` van een ontheffing is tekst, gevonden: lijst".to_string()
            )]
        );
        assert_eq!(
            errors(&entry("\"  \"")),
            [(3, 10, "`reden` van een ontheffing is leeg".to_string())]
        );
        let e = errors(
            "- dossier: MB-1\n  regel: VT-T01\n  goedgekeurd_door: kf\n  verloopt: 2026-01-01\n",
        );
        assert_eq!((e[0].0, e[0].1), (1, 3), "{e:?}");
        assert!(e[0].2.ends_with("heeft geen `reden`"), "{e:?}");
        let e = errors(
            "- dossier: {a: 1}\n  regel: VT-T01\n  reden: r\n  goedgekeurd_door: kf\n  verloopt: 2026-01-01\n",
        );
        assert_eq!(
            e,
            [(
                1,
                12,
                "`dossier` van een ontheffing is tekst, gevonden: object".to_string()
            )]
        );
    }

    /// An empty `item` (or one that is no text) would waive every item of the rule: an error at
    /// its value, as for the required fields; `item: null` stays "every item".
    #[test]
    fn an_empty_item_is_an_error_not_every_item() {
        let entry = |item: &str| {
            format!(
                "- dossier: MB-1\n  regel: VT-T01\n  item: {item}\n  reden: r\n  goedgekeurd_door: kf\n  verloopt: 2026-01-01\n"
            )
        };
        for empty in ["\"\"", "\"  \"", "''"] {
            assert_eq!(
                errors(&entry(empty)),
                [(3, 9, "`item` van een ontheffing is leeg".to_string())],
                "{empty}"
            );
        }
        assert_eq!(
            errors(&entry("[V1, V2]")),
            [(
                3,
                9,
                "`item` van een ontheffing is tekst, gevonden: lijst".to_string()
            )]
        );
        assert_eq!(
            errors(&entry("{a: V1}")),
            [(
                3,
                9,
                "`item` van een ontheffing is tekst, gevonden: object".to_string()
            )]
        );
        let rules = crate::rules::embedded().expect("embedded rules");
        let mut diags = Vec::new();
        let w = Waivers::parse(&entry("null"), &"w.yaml".into(), &rules, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert_eq!(w.expect("valid").list[0].item, None);
    }

    /// Every problem of an entry is reported in one run, in reading order: a list as `reden`
    /// does not hide an empty `goedgekeurd_door` and an impossible `verloopt`, and a missing
    /// `verloopt` is named next to an unknown rule and a blank `reden`.
    #[test]
    fn every_problem_of_an_entry_is_reported_at_once() {
        let e = errors(
            "- dossier: MB-1\n  regel: VT-T01\n  reden: [a, b]\n  goedgekeurd_door: \"\"\n  verloopt: 2025-13-01\n\
             - dossier: MB-1\n  regel: VT-T0\n  reden: \"   \"\n  goedgekeurd_door: kf\n",
        );
        let at: Vec<(u32, u32)> = e.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(
            at,
            [(3, 10), (4, 21), (5, 13), (6, 3), (7, 10), (8, 10)],
            "{e:?}"
        );
        assert_eq!(
            e[0].2,
            "`reden` van een ontheffing is tekst, gevonden: lijst"
        );
        assert_eq!(e[1].2, "`goedgekeurd_door` van een ontheffing is leeg");
        assert!(e[2].2.ends_with("in `verloopt`"), "{e:?}");
        assert!(e[3].2.ends_with("heeft geen `verloopt`"), "{e:?}");
        assert!(e[4].2.starts_with("onbekende regel `VT-T0`"), "{e:?}");
        assert_eq!(e[5].2, "`reden` van een ontheffing is leeg");
        // Without `dossier`, the missing fields are still named.
        let e = errors("- regel: VT-T01\n  reden: r\n");
        let messages: Vec<&str> = e.iter().map(|(_, _, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "een ontheffing noemt `dossier` en `regel`",
                "ontheffing heeft geen `goedgekeurd_door`",
                "ontheffing heeft geen `verloopt`"
            ]
        );
    }

    /// A required field written `~` (no value) is missing, not text of the wrong kind.
    #[test]
    fn a_required_field_without_a_value_is_missing() {
        let e = errors(
            "- dossier: MB-1\n  regel: VT-T01\n  reden: r\n  goedgekeurd_door: ~\n  verloopt: 2026-01-01\n",
        );
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].2.ends_with("heeft geen `goedgekeurd_door`"), "{e:?}");
    }

    /// The errors of one entry come in reading order, as every input's do: an unknown key on
    /// line 6 after an impossible date on line 5.
    #[test]
    fn the_errors_of_one_entry_come_in_reading_order() {
        let e = errors(
            "- dossier: MB-1\n  regel: VT-T01\n  reden: r\n  goedgekeurd_door: kf\n  verloopt: 2026-02-30\n  redne: x\n",
        );
        let lines: Vec<u32> = e.iter().map(|(l, _, _)| *l).collect();
        assert_eq!(lines, [5, 6], "{e:?}");
    }
}
