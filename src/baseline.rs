//! Baselines across exports and pseudonymised ids.
//!
//! A baseline records the current violations by fingerprint (dossier, rule, item, rule version
//! and occurrence: the k-th violation with the same key in report order, so that repeated
//! violations on one item are counted, not collapsed into one).
//! Checked against a baseline, only new violations fail; the report counts new, unchanged,
//! waived and resolved ones. The fingerprints are hashes: a baseline file carries no dossier text.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use crate::check::CheckRun;
use crate::diag::Diag;
use crate::dossier::Pos;
use crate::engine::Finding;
use crate::report::hex;
use crate::rules::{RuleSet, Status};

pub const SCHEMA: &str = "vtcheck-baseline/1";

/// The fingerprints of a baseline file. Anything else than the file [`write`] makes is an error
/// at its place: a baseline read as empty would make every known violation fail CI as new.
pub fn load(path: &std::path::Path) -> Result<HashSet<String>, Diag> {
    let name: std::sync::Arc<str> = path.display().to_string().into();
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
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        let pos = Pos::new(e.line() as u32, e.column() as u32, 0);
        at(
            pos,
            format!("geen geldige basislijn: {}", crate::diag::json_nl(&e)),
        )
    })?;
    if v["schema"] != SCHEMA {
        return Err(at(
            Pos::default(),
            format!("geen basislijn van vtcheck (verwacht `\"schema\": \"{SCHEMA}\"`)"),
        ));
    }
    let Some(list) = v["violations"].as_array() else {
        return Err(at(
            Pos::default(),
            "geen geldige basislijn: `violations` ontbreekt of is geen lijst".into(),
        ));
    };
    list.iter()
        .enumerate()
        .map(|(i, x)| match x.as_str() {
            Some(f) if f.len() == 32 && f.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Ok(f.to_string())
            }
            _ => Err(at(
                Pos::default(),
                format!(
                    "geen geldige basislijn: `violations[{}]` is geen vingerafdruk (32 hexadecimale tekens)",
                    i + 1
                ),
            )),
        })
        .collect()
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

fn fingerprints(run: &CheckRun, rules: &RuleSet) -> Vec<String> {
    let mut v: Vec<String> = tracked(run, rules)
        .filter(|(_, f)| f.status == Status::Violation)
        .map(|(fp, _)| fp)
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The baseline file for a run: sorted fingerprints, so the same export gives the same bytes.
/// Waived findings are left out: when the waiver expires, the violation fails again as new.
pub fn write(run: &CheckRun, rules: &RuleSet) -> String {
    let doc = serde_json::json!({
        "schema": SCHEMA,
        "as_of": run.as_of.format("%Y-%m-%d").to_string(),
        "violations": fingerprints(run, rules),
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}

/// A run against a baseline, as every report format counts it. The run's violations are `new`
/// or `unchanged`; each baselined violation is `unchanged`, `waived` (still there, now accepted
/// by a waiver) or `resolved` (gone).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Comparison {
    pub new: u64,
    pub unchanged: u64,
    pub waived: u64,
    pub resolved: u64,
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
    }
}

/// The baseline as a pseudonymised report sees it (call before [`pseudonymise`]): each
/// unchanged or waived violation's fingerprint under its pseudonym, the resolved ones as they
/// were (they match nothing now either way), so the [`Comparison`] and every `baselineState`
/// stay what they are without `--pseudonymise`.
pub fn for_pseudonyms(
    run: &CheckRun,
    rules: &RuleSet,
    base: &HashSet<String>,
    key: &[u8],
) -> HashSet<String> {
    let mut out = HashSet::with_capacity(base.len());
    let mut matched = HashSet::new();
    for (real, f) in tracked(run, rules) {
        let r = &rules.rules[f.rule];
        if base.contains(&real) {
            out.insert(crate::report::fingerprint_versioned(
                &pseudonym(key, &f.dossier),
                &r.id,
                f.item.as_deref(),
                &r.version,
                f.occurrence,
            ));
            matched.insert(real);
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
/// standard error (a CI log) must name files as the report does.
pub fn pseudonymise(run: &mut CheckRun, key: &[u8]) {
    let map_file = |f: &str| -> std::sync::Arc<str> { pseudonym(key, f).into() };
    // Findings and verdicts are sorted again by their pseudonyms: the report's order (the
    // contract's, by dossier) would otherwise be that of the real ids, and give it away.
    let rewritten = run.findings.rewrite(|f| {
        let p = pseudonym(key, &f.dossier);
        f.message = f.message.replace(&*f.dossier, &p);
        f.dossier = p.into();
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
    run.diags.add_transform(Box::new(move |d| {
        d.file = pseudonym(&k, &d.file).into();
        if let Some(id) = d.dossier.take() {
            d.message = d.message.replace(&id, &pseudonym(&k, &id));
        }
        // Duplicate-id messages name a second file; drop it rather than leak it.
        if let Some(i) = d.message.find("; ook in ") {
            d.message.truncate(i);
        }
    }));
    for (f, _) in &mut run.input_hashes {
        *f = map_file(f);
    }
    // The human report's footer names the manifest that gave the as-of date.
    if let crate::check::AsOfSource::Manifest(f) = &mut run.as_of_source {
        *f = map_file(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
