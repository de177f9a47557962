//! Baselines across exports and pseudonymised ids.
//!
//! A baseline records the current violations by fingerprint (dossier, rule, item, rule version
//! and occurrence: the k-th violation with the same key in report order, so that repeated
//! violations on one item are counted, not collapsed into one).
//! Checked against a baseline, only new violations fail; the report counts new, unchanged,
//! waived and resolved ones. The fingerprints are hashes: a baseline file carries no dossier text.
//! Hashes of known values, though: anyone with a list of dossier numbers can hash each with each
//! rule and see which ones violate what. With `--pseudonymise` the fingerprints are of the
//! pseudonyms instead (keyed, HMAC-SHA256), and the file says so with a check value of the key
//! (`key_check`): such a baseline is matched only in a run with the same key.
//!
//! Each fingerprint is filed under its dossier's key (a hash of the id, or of the pseudonym),
//! so that the violations of a dossier the run read but could not check (an input error) are
//! set aside as not checked, not counted as resolved: nobody looked at them.

use std::collections::{BTreeMap, HashMap, HashSet};

use sha2::{Digest, Sha256};

use crate::check::CheckRun;
use crate::diag::Diag;
use crate::dossier::Pos;
use crate::engine::Finding;
use crate::report::hex;
use crate::rules::{RuleSet, Status};

/// The schema [`write()`] writes: the fingerprints per rule id and dossier key.
pub const SCHEMA: &str = "vtcheck-baseline/3";
/// The second schema, still read: the fingerprints per rule id, without their dossiers.
pub const SCHEMA_V2: &str = "vtcheck-baseline/2";
/// The first schema, still read: the same fingerprints in one list, without their rules.
pub const SCHEMA_V1: &str = "vtcheck-baseline/1";

/// A baseline file as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Baseline {
    /// The fingerprints of the baselined violations ([`crate::report::fingerprint_versioned`]: 32
    /// hex digits), less those moved to `set_aside`.
    pub fingerprints: HashSet<String>,
    /// Written with `--pseudonymise`: the fingerprints are of the pseudonyms under the key the
    /// run was given (which [`load`] has checked), not of the real ids.
    pub keyed: bool,
    /// Each fingerprint's rule id (schema 2 and 3; empty for a baseline of schema 1).
    pub rules: HashMap<String, String>,
    /// Each fingerprint's dossier key ([`dossier_key`]; schema 3, else empty).
    pub dossiers: HashMap<String, String>,
    /// The fingerprints set aside as not checked (their rule or dossier was not checked): a
    /// baseline written by the same run keeps them ([`write()`]), or they would fail as new
    /// once checked again.
    pub set_aside: HashSet<String>,
    /// The rule ids the file lists, each with the place of its key (schema 2 and 3), in file
    /// order: a rule that is not loaded at all (renamed, or a typo in a hand-edited file) is
    /// warned about there, not only counted as not checked.
    pub rule_keys: Vec<(String, Pos)>,
}

impl Baseline {
    /// Sets aside the fingerprints of rules the run does not check (a `select` narrower than
    /// the baseline's run): they are neither unchanged nor resolved, for nothing looked at them.
    /// Returns how many. A baseline of schema 1 does not say its rules, and keeps them all.
    pub fn set_aside_unchecked(&mut self, set: &RuleSet) -> u64 {
        let checked: HashSet<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
        let rules = &self.rules;
        let aside = self.picked(|f| rules.get(f).is_some_and(|r| !checked.contains(r.as_str())));
        self.put_aside(aside)
    }

    /// A warning for each rule the file lists that is not among the `loaded` rule ids (those of
    /// the rule files, selected or not), at its key in `file`: its violations are set aside as
    /// not checked like those of a rule the run leaves out, but a rule that is not there at all
    /// was renamed or removed, or is a typo, and a baseline written again is what helps.
    pub fn unknown_rules(&self, file: &std::sync::Arc<str>, loaded: &[&str]) -> Vec<Diag> {
        self.rule_keys
            .iter()
            .filter(|(id, _)| !loaded.contains(&id.as_str()))
            .map(|(id, pos)| {
                let n = self.rules.values().filter(|r| *r == id).count();
                let what = if n == 1 {
                    "1 overtreding uit de basislijn wordt".to_string()
                } else {
                    format!("{n} overtredingen uit de basislijn worden")
                };
                // Written again with `--baseline` too, a baseline keeps what the run did not
                // check: these violations would stay in it.
                let mut help = "is de regel hernoemd of weggehaald, schrijf de basislijn dan opnieuw met `--write-baseline`, zonder `--baseline` (daarmee blijven deze overtredingen erin staan)".to_string();
                if let Some(h) = crate::suggest::help_for(id, loaded)
                    .filter(|h| h.starts_with("bedoelde je"))
                {
                    help = format!("{h} Of: {help}");
                }
                Diag::warning(
                    file,
                    *pos,
                    format!(
                        "regel `{id}` uit de basislijn is niet geladen: {what} niet gecontroleerd"
                    ),
                )
                .with_help(Some(help))
            })
            .collect()
    }

    /// The fingerprints `unchecked` picks.
    fn picked(&self, unchecked: impl Fn(&String) -> bool) -> Vec<String> {
        self.fingerprints
            .iter()
            .filter(|f| unchecked(f))
            .cloned()
            .collect()
    }

    /// Moves `aside` to [`Baseline::set_aside`]; how many.
    fn put_aside(&mut self, aside: Vec<String>) -> u64 {
        for f in &aside {
            self.fingerprints.remove(f);
        }
        let n = aside.len() as u64;
        self.set_aside.extend(aside);
        n
    }

    /// The set-aside fingerprints a baseline written in `key`'s form can keep: per rule id and
    /// dossier key. Those of another form (a plain baseline, a keyed run) or without a rule or
    /// dossier key (schemas 1 and 2) cannot be written again; their number is the second value.
    pub fn carried(&self, key: Option<&[u8]>) -> (Vec<(String, String, String)>, u64) {
        if self.keyed != key.is_some() {
            return (Vec::new(), self.set_aside.len() as u64);
        }
        let mut lost = 0;
        let mut out = Vec::new();
        for f in &self.set_aside {
            match (self.rules.get(f), self.dossiers.get(f)) {
                (Some(r), Some(d)) => out.push((r.clone(), d.clone(), f.clone())),
                _ => lost += 1,
            }
        }
        (out, lost)
    }

    /// What a run needs to recognise this baseline's dossiers among the ones it rejects
    /// ([`CheckRun::baseline_rejected`]); `None` for a baseline without dossier keys
    /// (schema 1 and 2). `key`: the run's `--pseudonymise` key, which a keyed baseline's
    /// dossier keys are made with ([`load`] has checked that it is the baseline's).
    pub fn watch(&self, key: Option<&[u8]>) -> Option<DossierWatch> {
        if self.dossiers.is_empty() {
            return None;
        }
        Some(DossierWatch {
            key: key.filter(|_| self.keyed).map(<[u8]>::to_vec),
            wanted: self.dossiers.values().cloned().collect(),
        })
    }

    /// Sets aside the fingerprints of dossiers the run read but rejected (an input error):
    /// not checked, so neither unchanged nor resolved. A fingerprint that a finding of the run
    /// still has (the same id checked in another file) stays: it is unchanged. Returns how
    /// many were set aside. `key` as for [`Baseline::watch`].
    pub fn set_aside_rejected(
        &mut self,
        run: &CheckRun,
        rules: &RuleSet,
        key: Option<&[u8]>,
    ) -> u64 {
        if run.baseline_rejected.is_empty() {
            return 0;
        }
        let form = key.filter(|_| self.keyed);
        let present: HashSet<String> = run
            .findings
            .iter()
            .filter(|f| matches!(f.status, Status::Violation | Status::Waived))
            .map(|f| fingerprint(rules, &f, form))
            .collect();
        let dossiers = &self.dossiers;
        let aside = self.picked(|f| {
            !present.contains(f)
                && dossiers
                    .get(f)
                    .is_some_and(|d| run.baseline_rejected.contains(d))
        });
        self.put_aside(aside)
    }
}

/// The dossier keys of a baseline, for [`crate::check::run`] to recognise the dossiers it
/// rejects. Holds the `--pseudonymise` key for a keyed baseline: not printed by `Debug`.
#[derive(Clone)]
pub struct DossierWatch {
    key: Option<Vec<u8>>,
    wanted: HashSet<String>,
}

impl std::fmt::Debug for DossierWatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DossierWatch")
            .field("keyed", &self.key.is_some())
            .field("dossiers", &self.wanted.len())
            .finish()
    }
}

impl DossierWatch {
    /// The baseline key of dossier `id` when the baseline has violations of it.
    pub fn key_of(&self, id: &str) -> Option<String> {
        let k = dossier_key(id, self.key.as_deref());
        self.wanted.contains(&k).then_some(k)
    }
}

/// A dossier's key in a baseline: 16 hex digits of SHA-256 of its id, or with a key of its
/// pseudonym (as the keyed fingerprints are of the pseudonyms). A hash of a known value, as the
/// fingerprints are (see the module documentation).
pub fn dossier_key(id: &str, key: Option<&[u8]>) -> String {
    let name = match key {
        Some(k) => std::borrow::Cow::Owned(pseudonym(k, id)),
        None => std::borrow::Cow::Borrowed(id),
    };
    let mut h = Sha256::new();
    h.update(b"vtcheck-dossier\0");
    h.update(name.as_bytes());
    hex(&h.finalize())[..16].to_string()
}

/// The fingerprints of a baseline file. Anything else than the file [`write()`] makes is an error
/// at its place: a baseline read as empty would make every known violation fail CI as new. So is
/// a baseline written with `--pseudonymise` read without the same key: it would match nothing.
pub fn load(path: &std::path::Path, key: Option<&[u8]>) -> Result<Baseline, Diag> {
    use crate::dossier::node::{Node, Value};
    let name: std::sync::Arc<str> = crate::dossier::shown_path(path).into();
    let at = |pos: Pos, msg: String| Diag::error(&name, pos, msg);
    let text = std::fs::read_to_string(path).map_err(|e| {
        at(
            Pos::default(),
            format!(
                "basislijn kan niet gelezen worden: {}",
                crate::diag::io_nl(&e)
            ),
        )
    })?;
    // The dossier reader's JSON parser: every value keeps its line and column, so an error in
    // a hand-edited baseline points at the value, not at the whole file.
    let root = crate::dossier::json::parse(&text, 1, crate::dossier::json::JsonLimits::default())
        .map_err(|e| at(e.pos, format!("geen geldige basislijn: {}", e.message)))?;
    let invalid = |pos: Pos, what: String| at(pos, format!("geen geldige basislijn: {what}"));
    let no_baseline = |pos: Pos| {
        at(
            pos,
            format!("geen basislijn van vtcheck (verwacht `\"schema\": \"{SCHEMA}\"`)"),
        )
    };
    let Value::Map(top) = &root.value else {
        return Err(no_baseline(root.pos));
    };
    // A key written twice is refused: a JSON reader would keep one of the two silently, and
    // which one decides what the baseline holds.
    let once = |node: &'_ Node<'_>| -> Result<(), Diag> {
        let Value::Map(m) = &node.value else {
            return Ok(());
        };
        let mut seen = HashSet::new();
        match m.iter().find(|(k, _)| !seen.insert(k.name.as_ref())) {
            Some((k, _)) => Err(invalid(k.pos, format!("`{}` staat er twee keer", k.name))),
            None => Ok(()),
        }
    };
    once(&root)?;
    let field = |k: &str| top.iter().find(|(key, _)| key.name == k).map(|(_, n)| n);
    let schema = match field("schema").map(|n| &n.value) {
        Some(Value::Str(s)) if [SCHEMA, SCHEMA_V2, SCHEMA_V1].contains(&s.as_ref()) => s.as_ref(),
        _ => return Err(no_baseline(field("schema").map_or(root.pos, |n| n.pos))),
    };
    const FIELDS: [&str; 4] = ["schema", "as_of", "key_check", "violations"];
    if let Some((k, _)) = top.iter().find(|(k, _)| !FIELDS.contains(&k.name.as_ref())) {
        // As in a dossier: a key that is not shaped like a field name may be text, not shown.
        let what = crate::privacy::unknown_key_message("onbekend veld", &k.name, None, "");
        return Err(invalid(k.pos, what).with_help(crate::suggest::help_for(&k.name, &FIELDS)));
    }
    // The as-of date is informational (the run's own date decides), but a value that is no
    // date says the file was edited or written by something else.
    if let Some(n) = field("as_of") {
        let ok = matches!(&n.value, Value::Str(s)
            if s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok());
        if !ok {
            return Err(invalid(
                n.pos,
                "`as_of` is geen datum (JJJJ-MM-DD)".to_string(),
            ));
        }
    }
    let violations = field("violations");
    if let Some(v) = violations {
        once(v)?;
    }
    let vpos = violations.map_or(root.pos, |n| n.pos);
    // Schema 1: one list; schema 2: a list per rule id; schema 3: per rule id, a list per
    // dossier key.
    type Lists<'a, 'b> = Vec<(Option<&'a str>, Option<&'a str>, &'a [Node<'b>])>;
    fn seq<'a, 'b>(n: &'a Node<'b>) -> Option<&'a [Node<'b>]> {
        match &n.value {
            Value::Seq(l) => Some(l.as_slice()),
            _ => None,
        }
    }
    fn map<'a, 'b>(n: Option<&'a Node<'b>>) -> Option<&'a [(crate::dossier::node::Key, Node<'b>)]> {
        match n.map(|n| &n.value) {
            Some(Value::Map(m)) => Some(m.as_slice()),
            _ => None,
        }
    }
    let mut lists: Lists = Vec::new();
    let mut rule_keys = Vec::new();
    if schema == SCHEMA_V1 {
        match violations.and_then(seq) {
            Some(list) => lists.push((None, None, list)),
            None => {
                return Err(invalid(
                    vpos,
                    "`violations` ontbreekt of is geen lijst".into(),
                ));
            }
        }
    } else if schema == SCHEMA_V2 {
        let per_rule = map(violations).ok_or_else(|| {
            invalid(
                vpos,
                "`violations` ontbreekt of is geen object met een lijst per regel".into(),
            )
        })?;
        for (rule, list) in per_rule {
            let l = seq(list).ok_or_else(|| {
                invalid(
                    list.pos,
                    format!("`violations.{}` is geen lijst", rule.name),
                )
            })?;
            rule_keys.push((rule.name.to_string(), rule.pos));
            lists.push((Some(rule.name.as_ref()), None, l));
        }
    } else {
        let per_rule = map(violations).ok_or_else(|| {
            invalid(
                vpos,
                "`violations` ontbreekt of is geen object met per regel de dossiers".into(),
            )
        })?;
        for (rule, per_dossier) in per_rule {
            rule_keys.push((rule.name.to_string(), rule.pos));
            let rule = rule.name.as_ref();
            let ds = map(Some(per_dossier)).ok_or_else(|| {
                invalid(
                    per_dossier.pos,
                    format!("`violations.{rule}` is geen object met een lijst per dossier"),
                )
            })?;
            once(per_dossier)?;
            for (dossier, list) in ds {
                if !is_hex(&dossier.name, 16) {
                    return Err(invalid(
                        dossier.pos,
                        format!(
                            "`violations.{rule}` heeft een dossiersleutel die geen 16 hexadecimale tekens is"
                        ),
                    ));
                }
                let l = seq(list).ok_or_else(|| {
                    invalid(
                        list.pos,
                        format!("`violations.{rule}.{}` is geen lijst", dossier.name),
                    )
                })?;
                lists.push((Some(rule), Some(dossier.name.as_ref()), l));
            }
        }
    }
    let check = field("key_check");
    let keyed = match (check.map(|n| &n.value), key) {
        (None | Some(Value::Null), _) => false,
        (Some(Value::Str(c)), Some(k)) if is_hex(c, 16) => {
            if *c != key_check(k) {
                return Err(at(
                    check.map_or(root.pos, |n| n.pos),
                    "basislijn is geschreven met een andere sleutel dan die van --pseudonymise: \
                     hij zou met geen enkele overtreding overeenkomen"
                        .into(),
                ));
            }
            true
        }
        (Some(Value::Str(c)), None) if is_hex(c, 16) => {
            return Err(at(
                check.map_or(root.pos, |n| n.pos),
                "basislijn is geschreven met --pseudonymise: geef dezelfde sleutel mee \
                 (--pseudonymise SLEUTELBESTAND), anders komt hij met geen enkele overtreding overeen"
                    .into(),
            ));
        }
        _ => {
            return Err(invalid(
                check.map_or(root.pos, |n| n.pos),
                "`key_check` is geen controlewaarde (16 hexadecimale tekens)".into(),
            ));
        }
    };
    let mut fingerprints = HashSet::new();
    let mut rules = HashMap::new();
    let mut dossiers = HashMap::new();
    for (rule, dossier, list) in lists {
        // `violations.RULE.DOSSIER[n]` (n from 1), the place an entry's error names.
        let entry = |i: usize| {
            let place: String = [rule, dossier]
                .into_iter()
                .flatten()
                .map(|p| format!(".{p}"))
                .collect();
            format!("violations{place}[{}]", i + 1)
        };
        for (i, x) in list.iter().enumerate() {
            let f = match &x.value {
                Value::Str(f) if is_hex(f, 32) => f.as_ref(),
                _ => {
                    return Err(invalid(
                        x.pos,
                        format!(
                            "`{}` is geen vingerafdruk (32 hexadecimale tekens)",
                            entry(i)
                        ),
                    ));
                }
            };
            // A fingerprint includes its rule and dossier: under two of either, the file was
            // edited by hand, and which one holds decides between unchanged and new.
            let twice = rule.is_some_and(|r| rules.get(f).is_some_and(|o: &String| o != r))
                || dossier.is_some_and(|d| dossiers.get(f).is_some_and(|o: &String| o != d));
            if twice {
                return Err(invalid(
                    x.pos,
                    format!(
                        "vingerafdruk `{}` staat ook onder een andere regel of een ander dossier",
                        entry(i)
                    ),
                ));
            }
            fingerprints.insert(f.to_string());
            if let Some(r) = rule {
                rules.insert(f.to_string(), r.to_string());
            }
            if let Some(d) = dossier {
                dossiers.insert(f.to_string(), d.to_string());
            }
        }
    }
    Ok(Baseline {
        fingerprints,
        keyed,
        rules,
        dossiers,
        set_aside: HashSet::new(),
        rule_keys,
    })
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The check value a keyed baseline carries: 16 hex digits of an HMAC of a fixed text under the
/// key. It tells a run whether its key is the baseline's, and gives nothing about the dossiers.
fn key_check(key: &[u8]) -> String {
    hex(&hmac_sha256(key, b"vtcheck-baseline"))[..16].to_string()
}

/// A finding's fingerprint in a baseline written with `key`: that of its pseudonym, which is
/// the fingerprint the pseudonymised report computes for it. Without a key, that of its id.
pub fn fingerprint(rules: &RuleSet, f: &Finding, key: Option<&[u8]>) -> String {
    let Some(key) = key else {
        return crate::report::finding_fingerprint(rules, f);
    };
    let r = &rules.rules[f.rule];
    crate::report::fingerprint_versioned(
        &pseudonym(key, &f.dossier),
        &r.id,
        f.item.as_deref(),
        &r.version,
        f.occurrence,
    )
}

/// The findings a baseline speaks about, each with its fingerprint: the violations, and the
/// waived findings (a waiver accepts a violation, it does not fix it, so a baselined one that is
/// now waived must not count as resolved).
fn tracked<'a>(
    run: &'a CheckRun,
    rules: &'a RuleSet,
) -> impl Iterator<Item = (String, Finding)> + 'a {
    run.findings
        .iter()
        .filter(|f| matches!(f.status, Status::Violation | Status::Waived))
        .map(|f| (crate::report::finding_fingerprint(rules, &f), f))
}

/// The violations' fingerprints per rule id and dossier key, sorted, with the `carried` ones
/// (rule id, dossier key, fingerprint) of an earlier baseline that the run did not check.
fn fingerprints(
    run: &CheckRun,
    rules: &RuleSet,
    key: Option<&[u8]>,
    carried: &[(String, String, String)],
) -> BTreeMap<String, BTreeMap<String, Vec<String>>> {
    let mut per_rule: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for (rule, dossier, f) in carried {
        per_rule
            .entry(rule.clone())
            .or_default()
            .entry(dossier.clone())
            .or_default()
            .push(f.clone());
    }
    // A dossier's findings are adjacent in report order: its key is hashed once.
    let mut last: Option<(std::sync::Arc<str>, String)> = None;
    for f in run.findings.iter() {
        if f.status != Status::Violation {
            continue;
        }
        let dossier = match &last {
            Some((id, k)) if *id == f.dossier => k.clone(),
            _ => {
                let k = dossier_key(&f.dossier, key);
                last = Some((f.dossier.clone(), k.clone()));
                k
            }
        };
        per_rule
            .entry(rules.rules[f.rule].id.clone())
            .or_default()
            .entry(dossier)
            .or_default()
            .push(fingerprint(rules, &f, key));
    }
    for v in per_rule.values_mut().flat_map(|d| d.values_mut()) {
        v.sort();
        v.dedup();
    }
    per_rule
}

/// What a baseline written by `run` (to `target`) keeps from the baseline the run was given
/// (`base`): the entries it did not check ([`Baseline::carried`]), which left out would fail as
/// new once checked again; and warnings for what it cannot keep or cannot know (the violations
/// of the dossiers it rejected).
pub fn carried_over(
    run: &CheckRun,
    base: Option<&Baseline>,
    key: Option<&[u8]>,
    target: &std::sync::Arc<str>,
) -> (Vec<(String, String, String)>, Vec<Diag>) {
    use crate::report::human::counted;
    let (carried, lost) = base.map(|b| b.carried(key)).unwrap_or_default();
    let mut notes = Vec::new();
    if lost > 0 {
        notes.push(Diag::warning(
            target,
            Pos::default(),
            format!(
                "{} uit de vorige basislijn niet overgenomen: die basislijn is van een ouder \
                 schema of met een andere sleutel geschreven",
                counted(
                    lost,
                    "niet gecontroleerde overtreding",
                    "niet gecontroleerde overtredingen"
                )
            ),
        ));
    }
    if run.invalid > 0 {
        let kept = base.is_some_and(|b| !b.dossiers.is_empty());
        notes.push(
            Diag::warning(
                target,
                Pos::default(),
                format!(
                    "{} niet gecontroleerd: {}",
                    counted(run.invalid, "ongeldig dossier", "ongeldige dossiers"),
                    if kept {
                        "de basislijn neemt van hen alleen over wat de vorige basislijn had"
                    } else {
                        "hun overtredingen staan niet in de basislijn"
                    }
                ),
            )
            .with_help(Some(
                "schrijf de basislijn opnieuw als de invoer in orde is; anders tellen hun \
                 overtredingen dan als nieuw"
                    .into(),
            )),
        );
    }
    (carried, notes)
}

/// The baseline file for a run: sorted fingerprints per rule id and dossier key, so the same
/// export gives the same bytes, a run that checks fewer rules can tell the others' apart from
/// resolved ones, and a run that cannot read a dossier those of that dossier.
/// Waived findings are left out: when the waiver expires, the violation fails again as new.
/// With a key (`--pseudonymise`; call it before [`pseudonymise`]) the fingerprints are of the
/// pseudonyms, and `key_check` marks the file as keyed. `carried`: the entries of the run's
/// `--baseline` that it did not check ([`Baseline::carried`]), kept as they were.
pub fn write(
    run: &CheckRun,
    rules: &RuleSet,
    key: Option<&[u8]>,
    carried: &[(String, String, String)],
) -> String {
    let mut doc = serde_json::json!({
        "schema": SCHEMA,
        "as_of": run.as_of.format("%Y-%m-%d").to_string(),
        "violations": fingerprints(run, rules, key, carried),
    });
    if let Some(k) = key {
        doc["key_check"] = key_check(k).into();
    }
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// A run against a baseline, as every report format counts it. The run's violations are `new`
/// or `unchanged`; each baselined violation is `unchanged`, `waived` (still there, now accepted
/// by a waiver) or `resolved` (gone).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Comparison {
    /// The run's violations the baseline does not hold: the only ones that can fail the run.
    pub new: u64,
    /// The run's violations the baseline holds.
    pub unchanged: u64,
    /// Baselined violations still there but now accepted by a waiver: not resolved.
    pub waived: u64,
    /// Baselined violations the run no longer finds (those of dossiers rejected without a readable
    /// id included: see `rejected_without_id`).
    pub resolved: u64,
    /// Baselined violations this run did not check: of rules it does not check
    /// ([`Baseline::set_aside_unchecked`]) and of dossiers it rejected
    /// ([`Baseline::set_aside_rejected`]).
    pub unchecked: u64,
    /// Of `unchecked`, those of dossiers the run rejected.
    pub rejected: u64,
    /// Dossiers the run rejected without a readable id: their baselined violations cannot be
    /// told apart and are counted in `resolved`.
    pub rejected_without_id: u64,
}

/// Compares a run with a baseline.
pub fn compare(run: &CheckRun, rules: &RuleSet, base: &HashSet<String>) -> Comparison {
    let (mut violations, mut waived) = (HashSet::new(), HashSet::new());
    for (fp, f) in tracked(run, rules) {
        if f.status == Status::Violation {
            violations.insert(fp);
        } else {
            waived.insert(fp);
        }
    }
    let unchanged = violations.iter().filter(|f| base.contains(*f)).count() as u64;
    let waived = base
        .iter()
        .filter(|f| !violations.contains(*f) && waived.contains(*f))
        .count() as u64;
    Comparison {
        new: violations.len() as u64 - unchanged,
        unchanged,
        waived,
        resolved: base.len() as u64 - unchanged - waived,
        unchecked: 0,
        rejected: 0,
        rejected_without_id: 0,
    }
}

/// A baseline for a run with `--pseudonymise` (call before [`pseudonymise`]): the baseline
/// as the exit code, decided on the real ids, sees it, and as the pseudonymised reports see it.
/// A keyed baseline (written with the same key, as [`load`] checked) is the reports' already;
/// one written without a key holds the real ids' fingerprints. The other side is translated:
/// each unchanged or waived violation's fingerprint in the other form, the resolved ones as they
/// were (they match nothing either way), so the [`Comparison`] and every `baselineState` are
/// what they would be without `--pseudonymise`.
pub fn for_key(
    run: &CheckRun,
    rules: &RuleSet,
    base: Baseline,
    key: &[u8],
) -> (HashSet<String>, HashSet<String>) {
    let real = |f: &Finding| fingerprint(rules, f, None);
    let keyed = |f: &Finding| fingerprint(rules, f, Some(key));
    if base.keyed {
        let plain = translate(run, &base.fingerprints, keyed, real);
        (plain, base.fingerprints)
    } else {
        let hidden = translate(run, &base.fingerprints, real, keyed);
        (base.fingerprints, hidden)
    }
}

/// `base` with each fingerprint a tracked finding has under `from` replaced by its fingerprint
/// under `to`; the others kept.
fn translate(
    run: &CheckRun,
    base: &HashSet<String>,
    from: impl Fn(&Finding) -> String,
    to: impl Fn(&Finding) -> String,
) -> HashSet<String> {
    let mut out = HashSet::with_capacity(base.len());
    let mut matched = HashSet::new();
    for f in run.findings.iter() {
        if !matches!(f.status, Status::Violation | Status::Waived) {
            continue;
        }
        let old = from(&f);
        if base.contains(&old) {
            out.insert(to(&f));
            matched.insert(old);
        }
    }
    out.extend(base.iter().filter(|f| !matched.contains(*f)).cloned());
    out
}

/// HMAC-SHA256 (RFC 2104) of `msg` under `key`, hex, shortened to 20 characters.
pub fn pseudonym(key: &[u8], msg: &str) -> String {
    format!("P-{}", &hex(&hmac_sha256(key, msg.as_bytes()))[..20])
}

/// HMAC-SHA256 (RFC 2104).
fn hmac_sha256(key: &[u8], msg: &[u8]) -> [u8; 32] {
    let mut k = if key.len() > 64 {
        Sha256::digest(key).to_vec()
    } else {
        key.to_vec()
    };
    k.resize(64, 0);
    let ipad: Vec<u8> = k.iter().map(|b| b ^ 0x36).collect();
    let opad: Vec<u8> = k.iter().map(|b| b ^ 0x5c).collect();
    let inner = Sha256::new()
        .chain_update(&ipad)
        .chain_update(msg)
        .finalize();
    Sha256::new()
        .chain_update(&opad)
        .chain_update(inner)
        .finalize()
        .into()
}

/// Replaces dossier ids and file names by keyed hashes, for reports that leave the organisation.
/// Messages that repeat an id are rewritten too. Call it before the diagnostics are printed:
/// standard error (a CI log) must name files as the report does. The files in `own` (the waiver
/// file) are the organisation's own, not part of the export: they keep their names, which
/// findings' messages ("ontheven, zie …") already give.
pub fn pseudonymise(run: &mut CheckRun, key: &[u8], own: &[std::sync::Arc<str>]) {
    let map_file = |f: &str| -> std::sync::Arc<str> { pseudonym(key, f).into() };
    // Findings and verdicts are sorted again by their pseudonyms: the report's order (the
    // contract's, by dossier) would otherwise be that of the real ids, and give it away.
    let rewritten = run.findings.rewrite(|f| {
        // Messages never name the dossier (rule messages have no placeholder for it), so they
        // stay as they are: replacing the id's characters in them would rewrite dates and
        // counts that contain them ("20-03-2025" for id "2025"), and give the id away.
        f.dossier = pseudonym(key, &f.dossier).into();
        f.file = pseudonym(key, &f.file).into();
    });
    for v in &mut run.verdicts {
        v.dossier = pseudonym(key, &v.dossier).into();
        v.file = map_file(&v.file);
    }
    crate::check::sort_verdicts(&mut run.verdicts);
    if let Err(e) = rewritten {
        let complete = run.findings.complete();
        run.diags.push(crate::check::spill_diag(&e, complete));
    }
    // Diagnostics too, as they are read: they may live in a temporary file.
    let k = key.to_vec();
    let own = own.to_vec();
    run.diags.add_transform(Box::new(move |d| {
        if !own.contains(&d.file) {
            d.file = pseudonym(&k, &d.file).into();
        }
        // Exactly where the message shows the id: the same characters elsewhere (a year in a
        // date, a count) are not the id.
        if let Some((id, at)) = d.dossier.take()
            && let Some(len) = d.shown_dossier_len(&id, at)
        {
            let at = at as usize;
            d.message.replace_range(at..at + len, &pseudonym(&k, &id));
        }
        // Duplicate-id messages name a second file: by its pseudonym too.
        d.message = other_file_pseudonymised(&d.message, &k);
    }));
    for (f, _) in &mut run.input_hashes {
        *f = map_file(f);
    }
    // The human report's footer names the manifest that gave the as-of date.
    if let crate::check::AsOfSource::Manifest(f) = &mut run.as_of_source {
        *f = map_file(f);
    }
}

/// "…; ook in FILE:LINE:COL (…)" with FILE replaced by its pseudonym; a message without that
/// part as it is. A message of that shape that cannot be taken apart loses the part (never the
/// real name).
fn other_file_pseudonymised(message: &str, key: &[u8]) -> String {
    const OOK: &str = "; ook in ";
    let Some(i) = message.find(OOK) else {
        return message.to_string();
    };
    let rest = &message[i + OOK.len()..];
    let (place, note) = match rest.rfind(" (") {
        Some(j) => rest.split_at(j),
        None => (rest, ""),
    };
    let mut parts = place.rsplitn(3, ':');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(col), Some(line), Some(file)) => format!(
            "{}{OOK}{}:{line}:{col}{note}",
            &message[..i],
            pseudonym(key, file)
        ),
        _ => message[..i].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`load`] of a baseline file holding `text` (no key).
    fn load_text(text: &str) -> Result<Baseline, Diag> {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.json");
        std::fs::write(&p, text).unwrap();
        load(&p, None)
    }

    /// An empty or broken baseline file is an error at a real position: line and column from 1,
    /// the end of a cut-off text after its last character.
    #[test]
    fn an_empty_baseline_is_an_error_at_line_1_column_1() {
        for (text, line, col) in [("", 1, 1), ("\n\n", 3, 1), ("{\"schema\": ", 1, 12)] {
            let d = load_text(text).unwrap_err();
            assert!(
                d.message.starts_with("geen geldige basislijn"),
                "{}",
                d.message
            );
            assert_eq!((d.pos.line, d.pos.col), (line, col), "{text:?}");
        }
    }

    /// Schema 3 files its fingerprints per dossier key; a key that is not 16 hex digits, or a
    /// rule without an object of dossiers, is an error that names the place.
    #[test]
    fn a_schema_3_baseline_is_read_with_its_dossier_keys() {
        let fp = "0123456789abcdef0123456789abcdef";
        let dk = dossier_key("MB-2025-00001", None);
        let b = load_text(&format!(
            r#"{{"schema":"{SCHEMA}","violations":{{"VT-T01":{{"{dk}":["{fp}"]}}}}}}"#
        ))
        .unwrap();
        assert_eq!(b.dossiers.get(fp), Some(&dk));
        assert_eq!(b.rules.get(fp).map(String::as_str), Some("VT-T01"));
        let watch = b.watch(None).unwrap();
        assert_eq!(watch.key_of("MB-2025-00001"), Some(dk.clone()));
        assert_eq!(watch.key_of("MB-2025-00002"), None);
        let other = dossier_key("MB-2025-00002", None);
        for (violations, says) in [
            (
                format!(r#"{{"VT-T01":{{"{dk}":["{fp}"]}},"VT-XX":{{"{dk}":["{fp}"]}}}}"#),
                "staat ook onder een andere regel of een ander dossier",
            ),
            (
                format!(r#"{{"VT-T01":{{"{dk}":["{fp}"],"{other}":["{fp}"]}}}}"#),
                "staat ook onder een andere regel of een ander dossier",
            ),
            (
                r#"{"VT-T01":["x"]}"#.to_string(),
                "`violations.VT-T01` is geen object",
            ),
            (
                format!(r#"{{"VT-T01":{{"MB-1":["{fp}"]}}}}"#),
                "dossiersleutel die geen 16 hexadecimale tekens is",
            ),
            (
                format!(r#"{{"VT-T01":{{"{dk}":["kort"]}}}}"#),
                &*format!("`violations.VT-T01.{dk}[1]` is geen vingerafdruk"),
            ),
        ] {
            let d = load_text(&format!(
                r#"{{"schema":"{SCHEMA}","violations":{violations}}}"#
            ))
            .unwrap_err();
            assert!(d.message.contains(says), "{}", d.message);
        }
    }

    /// Errors in a hand-edited baseline point at the value or key: an unknown field (with the
    /// nearest name), a key written twice, an as-of date that is none, a fingerprint that is no
    /// fingerprint, a dossier key that is none.
    #[test]
    fn structural_errors_name_line_and_column() {
        let fp = "0123456789abcdef0123456789abcdef";
        let dk = dossier_key("MB-2025-00001", None);
        let head = format!("{{\n  \"schema\": \"{SCHEMA}\",\n");
        for (rest, says, line, col) in [
            (
                "  \"violation\": {}\n}".to_string(),
                "onbekend veld `violation`",
                3,
                3,
            ),
            (
                "  \"as_of\": \"30-06-2025\",\n  \"violations\": {}\n}".to_string(),
                "`as_of` is geen datum",
                3,
                12,
            ),
            (
                "  \"violations\": {\"VT-T01\": {},\n    \"VT-T01\": {}}\n}".to_string(),
                "`VT-T01` staat er twee keer",
                4,
                5,
            ),
            (
                format!("  \"violations\": {{\"VT-T01\": {{\"{dk}\": [\n    \"{fp}\", 7]}}}}\n}}"),
                "`violations.VT-T01.",
                4,
                41,
            ),
            (
                "  \"violations\": {\"VT-T01\": {\n  \"MB-1\": []}}\n}".to_string(),
                "dossiersleutel die geen 16 hexadecimale tekens is",
                4,
                3,
            ),
        ] {
            let d = load_text(&format!("{head}{rest}")).unwrap_err();
            assert!(d.message.contains(says), "{}", d.message);
            assert_eq!((d.pos.line, d.pos.col), (line, col), "{}", d.message);
        }
        let d = load_text(&format!("{head}  \"violatons\": {{}}\n}}")).unwrap_err();
        assert_eq!(d.help.as_deref(), Some("bedoelde je `violations`?"));
    }

    /// A dossier key is the same for the same id, differs between ids, and with a key is that
    /// of the pseudonym: a keyed baseline gives no plain id's key away.
    #[test]
    fn dossier_keys_are_stable_and_keyed_by_the_pseudonym() {
        let k = b"sleutel-van-16-bytes";
        assert_eq!(dossier_key("MB-1", None), dossier_key("MB-1", None));
        assert_ne!(dossier_key("MB-1", None), dossier_key("MB-2", None));
        assert_eq!(
            dossier_key("MB-1", Some(k)),
            dossier_key(&pseudonym(k, "MB-1"), None)
        );
        assert_ne!(dossier_key("MB-1", Some(k)), dossier_key("MB-1", None));
        assert!(is_hex(&dossier_key("MB-1", None), 16));
    }

    #[test]
    fn the_other_file_of_a_repeated_id_gets_its_pseudonym() {
        let m = "dossiernummer komt meer dan één keer voor; ook in a/b:c.yaml:3:1 (beide worden gecontroleerd)";
        let p = pseudonym(b"sleutel-van-16-bytes", "a/b:c.yaml");
        assert_eq!(
            other_file_pseudonymised(m, b"sleutel-van-16-bytes"),
            format!(
                "dossiernummer komt meer dan één keer voor; ook in {p}:3:1 (beide worden gecontroleerd)"
            )
        );
        assert_eq!(other_file_pseudonymised("iets anders", b"k"), "iets anders");
        assert_eq!(
            other_file_pseudonymised("x; ook in kapot", b"k"),
            "x",
            "never the real name"
        );
    }

    #[test]
    fn hmac_matches_rfc_4231_cases_2_and_6() {
        // Key "Jefe", data "what do ya want for nothing?".
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Case 6: a key longer than the block is hashed first.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert_eq!(
            pseudonym(b"Jefe", "what do ya want for nothing?"),
            "P-5bdcc146bf60754e6a04"
        );
    }
}
