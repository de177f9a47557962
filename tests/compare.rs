//! `vtcheck compare`: aggregation, statistics and every format, on synthetic exports this file
//! writes itself (26 regions with chosen late rates), checked against independent computations:
//! per-region `vtcheck check` summaries for the counts, a separate Wilson formula for the
//! intervals, and the generator's own plan for VT-T01 and the VT-M04 durations.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Duration, NaiveDate};
use serde_json::{Value, json};
mod common;
use common::{check_json, vtcheck};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const AS_OF: &str = "2027-06-30";

/// The 26 region codes, in the order of the region table.
const REGIONS: [&str; 26] = [
    "groningen",
    "friesland",
    "drenthe",
    "ijsselland",
    "twente",
    "noord-oost-gelderland",
    "gelderland-midden",
    "gelderland-zuid",
    "utrecht",
    "noord-holland-noord",
    "zaanstreek-waterland",
    "kennemerland",
    "amsterdam-amstelland",
    "gooi-en-vechtstreek",
    "haaglanden",
    "hollands-midden",
    "rotterdam-rijnmond",
    "zuid-holland-zuid",
    "zeeland",
    "west-brabant",
    "midden-brabant",
    "brabant-noordoost",
    "zuidoost-brabant",
    "limburg-noord",
    "zuid-limburg",
    "flevoland",
];

/// Regions the generator makes late on VT-T01 (45 % of their meldingen).
const LATE_T01: [&str; 4] = [
    "drenthe",
    "zaanstreek-waterland",
    "zuid-holland-zuid",
    "limburg-noord",
];

/// What one region gets: dossier count and late percentages for VT-T01 and VT-T07.
#[derive(Clone)]
struct RegionSpec {
    code: &'static str,
    n: usize,
    t01_late: u64,
    t07_late: u64,
}

/// The 26-region export: sizes from 8 (suppressed) and 12 (small) to 265, late rates 4–12 %
/// on VT-T01 except the four late regions (45 %).
fn national_spec() -> Vec<RegionSpec> {
    REGIONS
        .iter()
        .enumerate()
        .map(|(r, code)| RegionSpec {
            code,
            n: match r {
                3 => 8,
                7 => 12,
                _ => 40 + 9 * r,
            },
            t01_late: if LATE_T01.contains(code) {
                45
            } else if r == 7 {
                25
            } else {
                4 + 2 * (r as u64 % 5)
            },
            t07_late: [10, 20, 30, 40][r % 4],
        })
        .collect()
}

/// What the generator decided for one dossier.
#[derive(Clone, Debug)]
struct Planned {
    id: String,
    received: NaiveDate,
    melding: bool,
    /// No veiligheidsbeoordeling yet at the as-of date (VT-T01 open).
    fresh: bool,
    t01_late: bool,
    /// (first overdracht, monitoring_afgerond) for a completed monitoring.
    monitoring: Option<(NaiveDate, NaiveDate)>,
}

/// Writes one JSON Lines file per region into `dir` and returns the plan per region.
fn write_export(dir: &Path, spec: &[RegionSpec]) -> BTreeMap<&'static str, Vec<Planned>> {
    let as_of = NaiveDate::parse_from_str(AS_OF, "%Y-%m-%d").unwrap();
    let base = d(2023, 7, 3); // a Monday
    let mut plan = BTreeMap::new();
    for (r, s) in spec.iter().enumerate() {
        let mut lines = String::new();
        let mut planned = Vec::new();
        for k in 0..s.n {
            let ku = k as u64;
            let ru = r as u64;
            let received = base + Duration::weeks(((ku * 5 + ru) % 78) as i64);
            let id = format!("{}-{:05}", s.code.to_uppercase(), k + 1);
            let melder = json!({"hoedanigheid": "professional", "rol": "melder", "bekend": true,
                                "anoniem_naar_betrokkenen": false});
            if k % 15 == 14 {
                // An advies: no family data, no events.
                let doc = json!({"formaat": "vtdossier/1", "id": id.clone(), "regio": s.code,
                    "soort": "advies", "ontvangen": received.to_string(), "melder": melder,
                    "betrokkenen": [], "gebeurtenissen": []});
                lines.push_str(&doc.to_string());
                lines.push('\n');
                planned.push(Planned {
                    id: id.clone(),
                    received,
                    melding: false,
                    fresh: false,
                    t01_late: false,
                    monitoring: None,
                });
                continue;
            }
            let betrokkenen = json!([{"id": "P1", "rol": "ouder"}, {"id": "P2", "rol": "kind"}]);
            if k % 25 == 24 {
                // Received two days before the as-of date: nothing judged yet.
                let received = as_of - Duration::days(2);
                let doc = json!({"formaat": "vtdossier/1", "id": id.clone(), "regio": s.code,
                    "soort": "melding", "ontvangen": received.to_string(), "melder": melder,
                    "betrokkenen": betrokkenen,
                    "gebeurtenissen": [{"soort": "register_geraadpleegd", "datum": received.to_string()}]});
                lines.push_str(&doc.to_string());
                lines.push('\n');
                planned.push(Planned {
                    id: id.clone(),
                    received,
                    melding: true,
                    fresh: true,
                    t01_late: false,
                    monitoring: None,
                });
                continue;
            }
            let late = (ku * 37 + ru * 13) % 100 < s.t01_late;
            // Received on a Monday: 3 days later is always within 5 werkdagen, 21 never.
            let vb = received + Duration::days(if late { 21 } else { 3 });
            let ds = |x: NaiveDate| x.to_string();
            let mut events = vec![json!({"soort": "register_geraadpleegd", "datum": ds(received)})];
            if k % 20 == 7 {
                // Informing the family postponed: VT-T04 exempt.
                events.push(json!({"soort": "informeren_uitgesteld", "datum": ds(received + Duration::days(1)),
                    "reden": "Gevaar voor het kind."}));
            }
            events.extend([
                json!({"soort": "melder_geinformeerd", "datum": ds(vb + Duration::days(1)), "over": "uitkomst_beoordeling"}),
                json!({"soort": "betrokkenen_geinformeerd", "datum": ds(vb + Duration::days(1)), "over": "uitkomst_beoordeling"}),
            ]);
            let mut doc = json!({"formaat": "vtdossier/1", "id": id.clone(), "regio": s.code,
                "soort": "melding", "ontvangen": format!("{received}T09:30"), "melder": melder,
                "betrokkenen": betrokkenen});
            let mut monitoring = None;
            match k % 3 {
                0 => {
                    events.push(json!({"soort": "veiligheidsbeoordeling", "datum": ds(vb), "besluit": "directe_overdracht"}));
                    events.push(json!({"soort": "overdracht", "datum": ds(vb + Duration::days(5)),
                        "partij": "Wijkteam", "schriftelijk": true, "document": format!("OVD-{k}"),
                        "warm": k % 2 == 0, "voorwaarden": [], "geaccepteerd": ds(vb + Duration::days(7))}));
                    events.push(json!({"soort": "melder_geinformeerd", "datum": ds(vb + Duration::days(8)), "over": "overdracht"}));
                    events.push(json!({"soort": "afgesloten", "datum": ds(vb + Duration::days(9)), "reden": "Overgedragen."}));
                }
                1 => {
                    events.push(json!({"soort": "veiligheidsbeoordeling", "datum": ds(vb), "besluit": "voorwaarden_en_vervolg"}));
                    let ovd = vb + Duration::days(7);
                    events.push(json!({"soort": "overdracht", "datum": ds(ovd),
                        "partij": "Wijkteam", "schriftelijk": true, "document": format!("OVD-{k}"),
                        "warm": true, "voorwaarden": ["V1"], "geaccepteerd": ds(ovd + Duration::days(2))}));
                    events.push(json!({"soort": "melder_geinformeerd", "datum": ds(ovd + Duration::days(1)), "over": "overdracht"}));
                    let months = 8 + (ku * 7 + ru) % 16;
                    let end = ovd + Duration::days((months * 30 + ku % 11) as i64);
                    let mut t = ovd + Duration::days(60);
                    while t < end {
                        events.push(json!({"soort": "monitoring", "datum": ds(t), "beoordeling": {"V1": "nageleefd"}}));
                        t += Duration::days(90);
                    }
                    events.push(json!({"soort": "monitoring_afgerond", "datum": ds(end), "reden": "stabiel_veilig"}));
                    monitoring = Some((ovd, end));
                    doc["situaties"] =
                        json!([{"id": "S1", "omschrijving": "Ruzie", "prioriteit": 1}]);
                    doc["voorwaarden"] = json!([{"id": "V1", "situatie": "S1",
                        "tekst": "De kinderen zijn geen getuige van geweld tussen de ouders.",
                        "opgesteld": ds(vb + Duration::days(2)), "besproken_met": ["directbetrokkenen"]}]);
                }
                _ => {
                    events.push(json!({"soort": "veiligheidsbeoordeling", "datum": ds(vb), "besluit": "onderzoek"}));
                    events.push(
                        json!({"soort": "onderzoek_gestart", "datum": ds(vb + Duration::days(2))}),
                    );
                    let t07_late = (ku * 17 + ru * 7) % 100 < s.t07_late;
                    let done = vb + Duration::days(if t07_late { 84 } else { 49 });
                    events.push(json!({"soort": "onderzoek_afgerond", "datum": ds(done), "conclusie": "niet_bevestigd"}));
                    events.push(json!({"soort": "melder_geinformeerd", "datum": ds(done + Duration::days(1)), "over": "uitkomst_onderzoek"}));
                    events.push(json!({"soort": "afgesloten", "datum": ds(done + Duration::days(3)), "reden": "Onderzoek afgerond."}));
                }
            }
            doc["gebeurtenissen"] = Value::Array(events);
            lines.push_str(&doc.to_string());
            lines.push('\n');
            planned.push(Planned {
                id: id.clone(),
                received,
                melding: true,
                fresh: false,
                t01_late: late,
                monitoring,
            });
        }
        std::fs::write(dir.join(format!("{}.jsonl", s.code)), lines).unwrap();
        plan.insert(s.code, planned);
    }
    plan
}

fn compare_json(args: &[&str]) -> Value {
    let (code, json, stderr) = compare_output(args);
    assert_eq!(code, Some(0), "{stderr}");
    json
}

/// `vtcheck compare --format json ARGS`: exit code, report and standard error.
fn compare_output(args: &[&str]) -> (Option<i32>, Value, String) {
    let (code, out, stderr) = compare_raw("json", args);
    (
        code,
        serde_json::from_slice(&out).expect("valid JSON"),
        stderr,
    )
}

/// `vtcheck compare --format FORMAT ARGS`: exit code, standard output and standard error.
fn compare_raw(format: &str, args: &[&str]) -> (Option<i32>, Vec<u8>, String) {
    let out = vtcheck()
        .arg("compare")
        .args(["--no-config", "--format", format, "--as-of", AS_OF])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code(),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The Wilson interval written out differently from the library:
/// (2k + z² ± z·√(z² + 4k(n−k)/n)) / (2(n + z²)).
fn wilson_independent(k: f64, n: f64) -> (f64, f64) {
    let z = 1.96f64;
    let root = z * (z * z + 4.0 * k * (n - k) / n).sqrt();
    let lo = (2.0 * k + z * z - root) / (2.0 * (n + z * z));
    let hi = (2.0 * k + z * z + root) / (2.0 * (n + z * z));
    (lo.max(0.0), hi.min(1.0))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or(f64::NAN)
}

/// Counts per rule from `vtcheck check` on one region's file: the independent tally.
fn check_summary(file: &Path, as_of: &str) -> BTreeMap<String, [u64; 5]> {
    let out = check_json(as_of).arg(file).output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    v["summary"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(id, c)| {
            let g = |k: &str| c[k].as_u64().unwrap();
            (
                id.clone(),
                [
                    g("pass"),
                    g("violation"),
                    g("open"),
                    g("exempt"),
                    g("unassessable"),
                ],
            )
        })
        .collect()
}

/// Splits any export (JSON Lines, JSON, YAML files, recursively) into one JSON Lines file per
/// region, by each dossier's `regio`. Manifests (`formaat: vtexport/1`) are left out.
fn split_by_region(export: &Path, into: &Path) -> Vec<String> {
    let mut per: BTreeMap<String, String> = BTreeMap::new();
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    let mut stack = vec![export.to_path_buf()];
    while let Some(p) = stack.pop() {
        if p.is_dir() {
            for e in std::fs::read_dir(&p).unwrap() {
                stack.push(e.unwrap().path());
            }
        } else {
            files.push(p);
        }
    }
    files.sort();
    for f in files {
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        let text = std::fs::read_to_string(&f).unwrap();
        let docs: Vec<Value> = match ext {
            "jsonl" | "ndjson" => text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
            "json" => match serde_json::from_str(&text).unwrap() {
                Value::Array(a) => a,
                v => vec![v],
            },
            "yaml" | "yml" => {
                // YAML documents are kept as text and filed under their `regio`.
                for doc in text.split("\n---") {
                    let doc = doc.trim_start_matches("---").trim_matches('\n');
                    let v: Value = serde_saphyr::from_str(doc).unwrap_or(Value::Null);
                    if v["formaat"] == "vtexport/1" {
                        continue;
                    }
                    if let Some(r) = v["regio"].as_str() {
                        let e = per.entry(format!("{r}.yaml")).or_default();
                        if !e.is_empty() {
                            e.push_str("---\n");
                        }
                        e.push_str(doc);
                        e.push('\n');
                    }
                }
                continue;
            }
            _ => continue,
        };
        for d in docs {
            if let Some(r) = d["regio"].as_str() {
                let e = per.entry(format!("{r}.jsonl")).or_default();
                e.push_str(&d.to_string());
                e.push('\n');
            }
        }
    }
    let mut regions = Vec::new();
    for (name, text) in per {
        std::fs::write(into.join(&name), text).unwrap();
        regions.push(name);
    }
    regions
}

/// P(X ≤ k) and P(X ≥ k) for X ~ Binomial(n, p), each summed from its terms (in logarithms),
/// independently of vtcheck's incomplete beta function.
fn binomial_tails(k: u64, n: u64, p: f64) -> (f64, f64) {
    let (lp, lq) = (p.ln(), (1.0 - p).ln());
    let mut log_term = n as f64 * lq;
    let (mut le, mut ge) = (0.0f64, 0.0f64);
    for j in 0..=n {
        if j > 0 {
            log_term += ((n - j + 1) as f64).ln() - (j as f64).ln() + lp - lq;
        }
        let t = if p >= 1.0 {
            if j == n { 1.0 } else { 0.0 }
        } else if p <= 0.0 {
            if j == 0 { 1.0 } else { 0.0 }
        } else {
            log_term.exp()
        };
        if j <= k {
            le += t;
        }
        if j >= k {
            ge += t;
        }
    }
    (le, ge)
}

/// Runs `vtcheck compare` on an export and checks every figure against an independent
/// computation: `vtcheck check` on each region's dossiers alone for the counts, a separate
/// Wilson formula, and funnel limits recomputed from the summed counts. Returns the comparison.
/// (Usable on any export, such as `vtcheck generate`'s: JSON, JSON Lines or YAML.)
fn assert_matches_independent_computation(export: &Path, as_of: &str) -> Value {
    let out = vtcheck()
        .args([
            "compare",
            "--no-config",
            "--format",
            "json",
            "--as-of",
            as_of,
        ])
        .arg(export)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cmp: Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(cmp["schema"], "vtcheck-compare/1");

    let split = tempfile::tempdir().unwrap();
    let files = split_by_region(export, split.path());
    let mut per_region: BTreeMap<String, BTreeMap<String, [u64; 5]>> = BTreeMap::new();
    for name in &files {
        let code = name.rsplit_once('.').unwrap().0.to_string();
        let summary = check_summary(&split.path().join(name), as_of);
        let entry = per_region.entry(code).or_default();
        for (rule, c) in summary {
            let e = entry.entry(rule).or_default();
            for (a, b) in e.iter_mut().zip(c) {
                *a += b;
            }
        }
    }
    assert_eq!(cmp["regions"].as_array().unwrap().len(), per_region.len());
    let rules: Vec<String> = per_region
        .values()
        .next()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert!(rules.len() > 20, "{rules:?}");
    let mut checked = 0;
    // A population rule (VT-M04) judges no dossier: the comparison gives it durations.
    let judged = rules
        .iter()
        .filter(|r| cmp["monitoring"].get(r.as_str()).is_none());
    for rule in judged {
        let mut nat = [0u64; 5];
        for m in per_region.values() {
            for (a, b) in nat.iter_mut().zip(m[rule]) {
                *a += b;
            }
        }
        let nat_den = nat[0] + nat[1];
        let p = (nat_den > 0).then(|| nat[0] as f64 / nat_den as f64);
        let ns = &cmp["national"][rule];
        assert_eq!(ns["denominator"], nat_den, "{rule}");
        assert_eq!(ns["open"], nat[2], "{rule}");
        assert_eq!(ns["exempt"], nat[3], "{rule}");
        assert_eq!(ns["unassessable"], nat[4], "{rule}");
        assert_eq!(ns["waived"], 0, "{rule}");
        assert!(ns["funnel"].is_null());
        if nat_den >= 10 {
            assert!(close(f(&ns["rate"]), p.unwrap()), "{rule}");
            let (lo, hi) = wilson_independent(nat[0] as f64, nat_den as f64);
            assert!(
                close(f(&ns["ci95"][0]), lo) && close(f(&ns["ci95"][1]), hi),
                "{rule}"
            );
        }
        // Complementary suppression, written out independently: while the hidden regions with
        // data add up to fewer than 10, hide the shown region with the smallest denominator
        // (regions in code order, so the first of equals).
        let dens: Vec<(&String, u64)> = per_region
            .iter()
            .map(|(code, m)| (code, m[rule][0] + m[rule][1]))
            .collect();
        let mut hidden: u64 = dens.iter().filter(|(_, d)| *d < 10).map(|(_, d)| d).sum();
        let mut extra: Vec<&String> = Vec::new();
        while hidden > 0 && hidden < 10 {
            let Some((code, d)) = dens
                .iter()
                .filter(|(c, d)| *d >= 10 && !extra.contains(c))
                .min_by_key(|(c, d)| (*d, *c))
            else {
                break;
            };
            extra.push(code);
            hidden += d;
        }
        for region in cmp["regions"].as_array().unwrap() {
            let code = region["region"].as_str().unwrap();
            let c = per_region[code][rule];
            let s = &region["rules"][rule];
            let den = c[0] + c[1];
            let complementary = extra.iter().any(|e| e.as_str() == code);
            assert_eq!(
                s["suppressed_complementary"], complementary,
                "{rule} {code}"
            );
            if complementary {
                assert_eq!(s["suppressed"], true, "{rule} {code}");
                for k in ["numerator", "rate", "ci95", "funnel", "funnel_998"] {
                    assert!(s[k].is_null(), "{rule} {code} {k} must be hidden");
                }
                checked += 1;
                continue;
            }
            assert_eq!(s["denominator"], den, "{rule} {code}");
            assert_eq!(s["open"], c[2], "{rule} {code}");
            assert_eq!(s["exempt"], c[3], "{rule} {code}");
            assert_eq!(s["unassessable"], c[4], "{rule} {code}");
            if den < 10 {
                assert_eq!(s["suppressed"], true, "{rule} {code}");
                for k in ["numerator", "rate", "ci95", "funnel", "funnel_998"] {
                    assert!(s[k].is_null(), "{rule} {code} {k} must be hidden");
                }
                continue;
            }
            assert_eq!(s["suppressed"], false);
            assert_eq!(s["numerator"], c[0], "{rule} {code}");
            let rate = c[0] as f64 / den as f64;
            assert!(close(f(&s["rate"]), rate), "{rule} {code}");
            let (lo, hi) = wilson_independent(c[0] as f64, den as f64);
            assert!(close(f(&s["ci95"][0]), lo), "{rule} {code} lo");
            assert!(close(f(&s["ci95"][1]), hi), "{rule} {code} hi");
            let p = p.unwrap();
            // Exact binomial tails, summed term by term.
            let (below, above) = binomial_tails(c[0], den, p);
            let pos = |tail: f64| {
                if below < tail {
                    "below"
                } else if above < tail {
                    "above"
                } else {
                    "within"
                }
            };
            assert_eq!(s["funnel"], pos(0.025), "{rule} {code}");
            assert_eq!(s["funnel_998"], pos(0.001), "{rule} {code}");
            checked += 1;
        }
    }
    assert!(checked > 0, "no region × rule figure large enough to check");
    cmp
}

#[test]
fn every_rate_interval_and_funnel_position_matches_an_independent_computation() {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), &national_spec());
    let cmp = assert_matches_independent_computation(dir.path(), AS_OF);
    assert_eq!(cmp["regions"].as_array().unwrap().len(), 26);
    let checked = cmp["regions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["rules"].as_object().unwrap().values())
        .filter(|s| s["suppressed"] == false)
        .count();
    assert!(
        checked > 300,
        "only {checked} region × rule figures checked"
    );
    // The exclusions are exercised: open (fresh meldingen) and exempt (informing postponed).
    assert!(cmp["national"]["VT-T01"]["open"].as_u64().unwrap() > 0);
    assert!(cmp["national"]["VT-T04"]["exempt"].as_u64().unwrap() > 0);
}

#[test]
fn the_independent_check_also_reads_yaml_exports() {
    // The same comparison from YAML files, one dossier each, as `vtcheck generate` may write.
    let dir = tempfile::tempdir().unwrap();
    let jsonl = tempfile::tempdir().unwrap();
    write_export(jsonl.path(), &national_spec()[..3]);
    for e in std::fs::read_dir(jsonl.path()).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        for line in text.lines() {
            let v: Value = serde_json::from_str(line).unwrap();
            let id = v["id"].as_str().unwrap().to_string();
            // JSON is YAML: one flow-style document per file.
            std::fs::write(dir.path().join(format!("{id}.yaml")), format!("{line}\n")).unwrap();
        }
    }
    let a = assert_matches_independent_computation(dir.path(), AS_OF);
    let b = compare_json(&[jsonl.path().to_str().unwrap()]);
    assert_eq!(a["national"], b["national"]);
    assert_eq!(a["regions"], b["regions"]);
}

/// The issue's "Done when" on any generated export (e.g. `vtcheck generate`'s):
///
/// ```text
/// VTCHECK_EXPORT=DIR VTCHECK_AS_OF=2025-06-30 VTCHECK_LATE_T01=drenthe,zeeland \
///   cargo test --test compare a_generated_export -- --ignored
/// ```
/// Checks every figure against the independent computation and that exactly the regions in
/// `VTCHECK_LATE_T01` come out below the funnel on VT-T01.
#[test]
#[ignore = "needs a generated export: set VTCHECK_EXPORT, VTCHECK_AS_OF and VTCHECK_LATE_T01"]
fn a_generated_export_meets_the_done_when() {
    let export = std::env::var("VTCHECK_EXPORT").expect("VTCHECK_EXPORT");
    let as_of = std::env::var("VTCHECK_AS_OF").expect("VTCHECK_AS_OF");
    let mut late: Vec<String> = std::env::var("VTCHECK_LATE_T01")
        .expect("VTCHECK_LATE_T01")
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    late.sort();
    let cmp = assert_matches_independent_computation(Path::new(&export), &as_of);
    let below: Vec<String> = cmp["regions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["rules"]["VT-T01"]["funnel"] == "below")
        .map(|r| r["region"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(below, late, "regions below the VT-T01 funnel");
}

#[test]
fn regions_made_late_on_vt_t01_come_out_below_the_funnel() {
    let dir = tempfile::tempdir().unwrap();
    let spec = national_spec();
    let plan = write_export(dir.path(), &spec);
    let cmp = compare_json(&[dir.path().to_str().unwrap()]);
    let mut below = Vec::new();
    for region in cmp["regions"].as_array().unwrap() {
        let code = region["region"].as_str().unwrap();
        let s = &region["rules"]["VT-T01"];
        // The generator's own plan gives the denominator and numerator.
        let judged: Vec<&Planned> = plan[code]
            .iter()
            .filter(|p| p.melding && !p.fresh)
            .collect();
        let fresh = plan[code].iter().filter(|p| p.fresh).count();
        assert_eq!(s["denominator"], judged.len(), "{code}");
        assert_eq!(s["open"], fresh, "{code}");
        if s["suppressed"] == false {
            let on_time = judged.iter().filter(|p| !p.t01_late).count();
            assert_eq!(s["numerator"], on_time, "{code}");
        }
        if s["funnel"] == "below" {
            below.push(code);
        }
        if LATE_T01.contains(&code) {
            assert_eq!(s["funnel_998"], "below", "{code} is far below");
            assert_eq!(s["target_met"], false, "{code}");
        }
    }
    below.sort();
    let mut expected = LATE_T01.to_vec();
    expected.sort();
    assert_eq!(below, expected);
    // The small region (12 dossiers, 3 late) has a low raw rate but lies within the funnel
    // (seen without suppression: by default it is hidden to protect the region of 8 below).
    let unsuppressed = compare_json(&[dir.path().to_str().unwrap(), "--min-noemer", "1"]);
    let region = |c: &Value, code: &str| -> Value {
        c["regions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["region"] == code)
            .unwrap()["rules"]["VT-T01"]
            .clone()
    };
    let small = region(&unsuppressed, "gelderland-zuid");
    assert_eq!(small["funnel"], "within");
    assert!(f(&small["rate"]) < 0.9);
    let small = region(&cmp, "gelderland-zuid");
    assert_eq!(small["suppressed_complementary"], true);
    assert!(small["numerator"].is_null() && small["rate"].is_null());
    // The region with 8 dossiers is suppressed on VT-T01.
    let tiny = cmp["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "ijsselland")
        .unwrap();
    assert_eq!(tiny["rules"]["VT-T01"]["suppressed"], true);
    assert!(tiny["rules"]["VT-T01"]["numerator"].is_null());
    assert_eq!(cmp["targets"]["VT-T01"], 0.9);
    assert_eq!(cmp["targets"]["VT-T07"], 0.8);
}

fn mean_median(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    let m = v.len() / 2;
    let median = if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    };
    (mean, median)
}

#[test]
fn monitoring_durations_per_region_match_the_plan_and_the_period_filters() {
    let dir = tempfile::tempdir().unwrap();
    let spec = national_spec();
    let plan = write_export(dir.path(), &spec);
    let month = 365.2425 / 12.0;
    for (van, tot) in [(None, None), (Some(d(2024, 1, 1)), Some(d(2024, 12, 31)))] {
        let mut args = vec![dir.path().to_str().unwrap().to_string()];
        if let (Some(v), Some(t)) = (van, tot) {
            args.extend(["--van".into(), v.to_string(), "--tot".into(), t.to_string()]);
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let cmp = compare_json(&argv);
        let in_period = |p: &&Planned| {
            van.is_none_or(|v| p.received >= v) && tot.is_none_or(|t| p.received <= t)
        };
        assert_eq!(cmp["period"]["van"], json!(van.map(|v| v.to_string())));
        let m04 = &cmp["monitoring"]["VT-M04"];
        assert_eq!(m04["norm_months"], 18.0);
        let mut all = Vec::new();
        for r in m04["regions"].as_array().unwrap() {
            let code = r["region"].as_str().unwrap();
            let durations: Vec<f64> = plan[code]
                .iter()
                .filter(in_period)
                .filter_map(|p| p.monitoring)
                .map(|(a, b)| (b - a).num_days() as f64 / month)
                .collect();
            all.extend(durations.iter().copied());
            assert_eq!(r["n"], durations.len(), "{code}");
            if r["suppressed_complementary"] == true {
                // Hidden to protect a small region (the rate test checks the rule itself).
                assert!(
                    durations.len() >= 10 && r["mean_months"].is_null(),
                    "{code}"
                );
            } else if durations.len() >= 10 {
                let (mean, median) = mean_median(durations);
                assert!(close(f(&r["mean_months"]), mean), "{code}");
                assert!(close(f(&r["median_months"]), median), "{code}");
            } else {
                assert!(r["mean_months"].is_null() && r["suppressed"] == true);
            }
        }
        let (mean, median) = mean_median(all);
        assert!(close(f(&m04["national"]["mean_months"]), mean));
        assert!(close(f(&m04["national"]["median_months"]), median));
        // VT-T01 counts follow the period too.
        let judged: usize = plan
            .values()
            .flatten()
            .filter(in_period)
            .filter(|p| p.melding && !p.fresh)
            .count();
        assert_eq!(cmp["national"]["VT-T01"]["denominator"], judged);
        let total: usize = plan.values().flatten().filter(in_period).count();
        assert_eq!(cmp["inputs"]["in_period"], total);
    }
}

#[test]
fn json_has_the_stable_shape() {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), &national_spec()[..3]);
    let cmp = compare_json(&[dir.path().to_str().unwrap(), "--van", "2023-01-01"]);
    for k in ["schema", "as_of", "period", "national", "regions"] {
        assert!(!cmp[k].is_null(), "{k}");
    }
    assert_eq!(cmp["as_of"], AS_OF);
    assert_eq!(cmp["period"], json!({"van": "2023-01-01", "tot": null}));
    let stats = &cmp["regions"][0]["rules"]["VT-T01"];
    let keys: Vec<&str> = stats
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "denominator",
        "numerator",
        "open",
        "exempt",
        "waived",
        "unassessable",
        "rate",
        "ci95",
        "funnel",
        "suppressed",
    ] {
        assert!(keys.contains(&k), "{k} in {keys:?}");
    }
    assert_eq!(stats["ci95"].as_array().unwrap().len(), 2);
    assert!(
        cmp["national"]["VT-M04"].is_null(),
        "population rules are separate"
    );
    let codes: Vec<&str> = cmp["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["region"].as_str().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted);
}

#[test]
fn norms_are_configurable_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), &national_spec()[..4]);
    let p = dir.path().to_str().unwrap();
    let cmp = compare_json(&[
        p,
        "--norm",
        "VT-T01=95%",
        "--norm",
        "VT-T07=geen",
        "--norm",
        "VT-T06=0,5",
    ]);
    assert_eq!(cmp["targets"], json!({"VT-T01": 0.95, "VT-T06": 0.5}));
    assert!(cmp["national"]["VT-T07"]["target_met"].is_null());
    let out = vtcheck()
        .args(["compare", "--no-config", p, "--norm", "VT-T99=0.9"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("onbekende regel"));
    let out = vtcheck()
        .args(["compare", "--no-config", p, "--norm", "VT-T01=1.5"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = vtcheck()
        .args([
            "compare",
            "--no-config",
            p,
            "--van",
            "2025-01-01",
            "--tot",
            "2024-01-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("meetperiode"));
}

#[test]
fn rule_selection_and_unreadable_input() {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), &national_spec()[..2]);
    std::fs::write(
        dir.path().join("kapot.jsonl"),
        "{\"formaat\": \"vtdossier/1\"}\n",
    )
    .unwrap();
    let out = vtcheck()
        .args([
            "compare",
            "--no-config",
            "--format",
            "json",
            "--regel",
            "VT-T0",
            "--as-of",
            AS_OF,
        ])
        .arg(dir.path())
        .output()
        .unwrap();
    // The readable dossiers are compared; the unreadable one makes the exit code 2.
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["inputs"]["invalid"], 1);
    let rules: Vec<&String> = v["national"].as_object().unwrap().keys().collect();
    assert!(rules.iter().all(|r| r.starts_with("VT-T0")), "{rules:?}");
    assert!(v["monitoring"].as_object().unwrap().is_empty());
}

#[test]
fn waived_dossiers_are_exclusions_not_passes() {
    let dir = tempfile::tempdir().unwrap();
    let plan = write_export(dir.path(), &national_spec()[..3]);
    let before = compare_json(&[dir.path().to_str().unwrap()]);
    let late: Vec<&Planned> = plan["drenthe"]
        .iter()
        .filter(|p| p.t01_late)
        .take(2)
        .collect();
    let waivers = dir.path().join("ontheffingen.yaml");
    let text: String = late
        .iter()
        .map(|p| {
            format!(
                "- dossier: {}\n  regel: VT-T01\n  reden: \"Beoordeeld door een andere regio.\"\n  goedgekeurd_door: kwaliteitsfunctionaris\n  verloopt: 2030-01-01\n",
                p.id
            )
        })
        .collect();
    std::fs::write(&waivers, text).unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    for code in ["groningen", "friesland", "drenthe"] {
        let f = format!("{code}.jsonl");
        std::fs::rename(dir.path().join(&f), export.join(&f)).unwrap();
    }
    let after = compare_json(&[
        export.to_str().unwrap(),
        "--waivers",
        waivers.to_str().unwrap(),
    ]);
    let region = |v: &Value| {
        v["regions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["region"] == "drenthe")
            .unwrap()["rules"]["VT-T01"]
            .clone()
    };
    let (b, a) = (region(&before), region(&after));
    assert_eq!(a["waived"], 2);
    assert_eq!(
        a["denominator"].as_u64().unwrap() + 2,
        b["denominator"].as_u64().unwrap()
    );
    assert_eq!(a["numerator"], b["numerator"]);
    assert_eq!(after["national"]["VT-T01"]["waived"], 2);
}

fn render(dir: &Path, format: &str, extra: &[&str]) -> String {
    let (code, text) = render_exit(dir, format, extra);
    assert_eq!(code, Some(0), "{format}");
    text
}

/// `vtcheck compare` of `dir` in `format`: exit code and standard output.
fn render_exit(dir: &Path, format: &str, extra: &[&str]) -> (Option<i32>, String) {
    let out = vtcheck()
        .args([
            "compare",
            "--no-config",
            "--format",
            format,
            "--as-of",
            AS_OF,
        ])
        .args(extra)
        .arg(dir)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn output_is_deterministic_across_thread_counts() {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), &national_spec());
    for format in ["json", "html", "csv"] {
        let a = render(dir.path(), format, &["-j", "1"]);
        let b = render(dir.path(), format, &["-j", "2"]);
        assert_eq!(a, b, "{format}");
    }
}

/// A small export with fixed content for the snapshots: three regions.
fn small_export() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec: Vec<RegionSpec> = vec![
        RegionSpec {
            code: "drenthe",
            n: 60,
            t01_late: 45,
            t07_late: 10,
        },
        RegionSpec {
            code: "flevoland",
            n: 9,
            t01_late: 0,
            t07_late: 0,
        },
        RegionSpec {
            code: "utrecht",
            n: 120,
            t01_late: 5,
            t07_late: 30,
        },
        // The smallest shown region: hidden too, so flevoland's 9 cannot be derived.
        RegionSpec {
            code: "zeeland",
            n: 30,
            t01_late: 2,
            t07_late: 5,
        },
    ];
    write_export(dir.path(), &spec);
    dir
}

#[test]
fn table_markdown_and_csv_snapshots() {
    let dir = small_export();
    let extra = ["--regel", "VT-T", "--regel", "VT-M04"];
    insta::assert_snapshot!("compare_table", render(dir.path(), "table", &extra));
    insta::assert_snapshot!("compare_markdown", render(dir.path(), "markdown", &extra));
    insta::assert_snapshot!("compare_csv", render(dir.path(), "csv", &extra));
    insta::assert_snapshot!("compare_json", render(dir.path(), "json", &extra));
}

#[test]
fn csv_has_national_rows_and_decimal_commas() {
    let dir = small_export();
    let text = render(dir.path(), "csv", &[]);
    assert!(text.starts_with('\u{feff}'));
    let mut lines = text.trim_start_matches('\u{feff}').lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("region;name;rule;denominator;numerator;open;exempt;waived;unassessable;rate;ci95_lo;ci95_hi;funnel"));
    let t01: Vec<&str> = lines.clone().filter(|l| l.contains(";VT-T01;")).collect();
    assert_eq!(t01.len(), 27, "national + 4 regions + 22 without dossiers");
    assert!(t01[0].starts_with("national;Landelijk;VT-T01;"));
    assert!(t01.iter().any(|l| l.contains(",") && l.contains("below")));
    let flevoland = t01.iter().find(|l| l.starts_with("flevoland")).unwrap();
    assert!(flevoland.contains(";true;"), "suppressed: {flevoland}");
    let zeeland = t01.iter().find(|l| l.starts_with("zeeland")).unwrap();
    assert!(zeeland.ends_with(";true"), "complementary: {zeeland}");
    assert!(lines.any(|l| l.contains(";VT-M04;")));
}

fn html_of_the_national_export() -> String {
    let dir = tempfile::tempdir().unwrap();
    write_export(dir.path(), &national_spec());
    render(
        dir.path(),
        "html",
        &["--van", "2023-07-01", "--tot", "2024-12-31"],
    )
}

#[test]
fn html_is_self_contained_and_complete() {
    let html = html_of_the_national_export();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for banned in [
        "<script",
        "http://",
        "https://",
        "@import",
        "<link",
        "src=",
        "@font-face",
    ] {
        assert!(!html.contains(banned), "{banned} in the HTML");
    }
    for needle in [
        "Regiovergelijking Veilig Thuis",
        "30-06-2027",
        "ontvangen 01-07-2023 t/m 31-12-2024",
        "handelingsprotocol-2019 versie 1",
        "norm ≥ 90 %",
        "norm ≥ 80 %",
        "referentie ≈ 18 mnd",
        "Trechterdiagram VT-T01",
        "Drenthe",
        "Zuid-Holland Zuid",
        "&lt;10",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
    // One heatmap, two norm charts, one monitoring chart, one funnel per rate rule.
    let svgs = html.matches("<svg viewBox").count();
    let funnels = html.matches("Trechterdiagram VT-").count();
    assert!(funnels >= 25, "{funnels}");
    assert_eq!(svgs, 1 + 2 + 1 + funnels);
    // Balanced SVG elements.
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
    // Every id once: links to #regels and the like must have one target.
    let mut ids: Vec<&str> = html
        .match_indices(" id=\"")
        .map(|(i, m)| {
            let rest = &html[i + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "an id used twice");
    if let Ok(path) = std::env::var("VTCHECK_COMPARE_HTML") {
        std::fs::write(path, &html).unwrap();
    }
}

/// An export read twice (the same dossier ids in two places) is an input error, and every
/// dossier still counts once per rule: twice the data must not narrow the intervals.
#[test]
fn a_dossier_read_twice_counts_once() {
    let once = tempfile::tempdir().unwrap();
    write_export(once.path(), &national_spec()[..2]);
    let twice = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(twice.path().join(sub)).unwrap();
        write_export(&twice.path().join(sub), &national_spec()[..2]);
    }
    let json = |dir: &Path| compare_output(&[dir.to_str().unwrap()]);
    let ((code_a, a, _), (code_b, b, _)) = (json(once.path()), json(twice.path()));
    assert_eq!(
        (code_a, code_b),
        (Some(0), Some(2)),
        "twice is an input error"
    );
    assert_eq!(b["inputs"]["in_period"], a["inputs"]["in_period"]);
    assert_eq!(b["national"], a["national"]);
    assert_eq!(b["regions"], a["regions"]);
}

/// Of an id read twice, the first occurrence in reading order within the period counts, also
/// when the copies differ (another region, another receipt date); the comparison tallies while
/// it checks and takes the later copy out again at the end.
#[test]
fn of_a_dossier_read_twice_the_first_in_the_period_counts() {
    let dir = tempfile::tempdir().unwrap();
    let advies = |region: &str, received: &str| {
        json!({"formaat": "vtdossier/1", "id": "DUBBEL-1", "regio": region, "soort": "advies",
               "ontvangen": received, "melder": {"hoedanigheid": "professional", "rol": "melder",
               "bekend": true, "anoniem_naar_betrokkenen": false},
               "betrokkenen": [], "gebeurtenissen": []})
        .to_string()
            + "\n"
    };
    // Read in this order: a.jsonl, then b.jsonl.
    std::fs::write(dir.path().join("a.jsonl"), advies("utrecht", "2023-03-01")).unwrap();
    std::fs::write(
        dir.path().join("b.jsonl"),
        advies("amsterdam-amstelland", "2024-03-01"),
    )
    .unwrap();
    let regions = |extra: &[&str]| {
        let mut args = vec![dir.path().to_str().unwrap()];
        args.extend_from_slice(extra);
        let (code, j, _) = compare_output(&args);
        assert_eq!(code, Some(2), "a duplicate id is an input error");
        assert_eq!(j["inputs"]["dossiers"], 2);
        let counted: Vec<(String, u64)> = j["regions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["region"].as_str().unwrap().to_string(),
                    r["dossiers"].as_u64().unwrap(),
                )
            })
            .collect();
        (j["inputs"]["in_period"].clone(), counted)
    };
    assert_eq!(
        regions(&[]),
        (json!(1), vec![("utrecht".to_string(), 1)]),
        "the first copy read counts"
    );
    assert_eq!(
        regions(&["--van", "2024-01-01"]),
        (json!(1), vec![("amsterdam-amstelland".to_string(), 1)]),
        "a copy outside the period does not claim the id"
    );
    assert_eq!(regions(&["--tot", "2022-12-31"]), (json!(0), vec![]));
}

/// Two files whose names print the same (bytes that are not UTF-8) are still two files: a
/// dossier in one is not a copy of a dossier at the same line of the other.
#[cfg(unix)]
#[test]
fn files_with_the_same_printed_name_stay_apart() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let line = |id: &str| {
        json!({"formaat": "vtdossier/1", "id": id, "regio": "utrecht", "soort": "advies",
               "ontvangen": "2024-03-01", "melder": {"hoedanigheid": "professional",
               "rol": "melder", "bekend": true, "anoniem_naar_betrokkenen": false},
               "betrokkenen": [], "gebeurtenissen": []})
        .to_string()
            + "\n"
    };
    let name = |b: &[u8]| dir.path().join(std::ffi::OsStr::from_bytes(b));
    std::fs::write(name(b"a\xff.jsonl"), line("X") + &line("W")).unwrap();
    std::fs::write(name(b"a\xfe.jsonl"), line("Y") + &line("X")).unwrap();
    let (code, j, _) = compare_output(&[dir.path().to_str().unwrap(), "--min-noemer", "1"]);
    assert_eq!(code, Some(2), "X twice is an input error");
    assert_eq!(j["inputs"]["dossiers"], 4);
    assert_eq!(j["inputs"]["in_period"], 3, "X once, W and Y");
}

/// A melding judged on VT-T01 alone: assessed the next day (pass) or two weeks late.
fn t01_melding(id: &str, region: &str, on_time: bool) -> String {
    let assessed = if on_time { "2025-01-07" } else { "2025-01-20" };
    json!({"formaat": "vtdossier/1", "id": id, "regio": region, "soort": "melding",
           "ontvangen": "2025-01-06", "melder": {"hoedanigheid": "professional",
           "rol": "informant", "bekend": true, "anoniem_naar_betrokkenen": false},
           "betrokkenen": [], "gebeurtenissen": [
               {"soort": "register_geraadpleegd", "datum": "2025-01-06"},
               {"soort": "veiligheidsbeoordeling", "datum": assessed,
                "besluit": "directe_overdracht"}]})
    .to_string()
        + "\n"
}

/// One JSON Lines file of VT-T01 meldingen: per region, how many and how many on time.
fn t01_export(regions: &[(&str, usize, usize)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    for (region, n, on_time) in regions {
        for i in 0..*n {
            text += &t01_melding(&format!("{region}-{i}"), region, i < *on_time);
        }
    }
    std::fs::write(dir.path().join("export.jsonl"), text).unwrap();
    dir
}

/// The national figure minus the shown regions must not give a hidden region's rate away:
/// hidden regions that together passed everything (or nothing) do, whatever their total.
#[test]
fn complementary_suppression_leaves_no_all_or_nothing_remainder() {
    // Zeeland 5/5 is small; utrecht 12/12 alone would bring the hidden total to 17 of 17.
    let dir = t01_export(&[
        ("utrecht", 12, 12),
        ("zeeland", 5, 5),
        ("groningen", 20, 16),
    ]);
    let j = compare_json(&[dir.path().to_str().unwrap(), "--regel", "VT-T01"]);
    let nat = &j["national"]["VT-T01"];
    let (mut n, mut k) = (
        nat["denominator"].as_u64().unwrap(),
        nat["numerator"].as_u64().unwrap(),
    );
    let mut marks = BTreeMap::new();
    for r in j["regions"].as_array().unwrap() {
        let s = &r["rules"]["VT-T01"];
        marks.insert(
            r["region"].as_str().unwrap().to_string(),
            (
                s["suppressed"].as_bool().unwrap(),
                s["suppressed_complementary"].as_bool().unwrap(),
            ),
        );
        if s["suppressed"] == false {
            n -= s["denominator"].as_u64().unwrap();
            k -= s["numerator"].as_u64().unwrap();
        } else {
            assert_eq!(s["numerator"], Value::Null, "a hidden numerator");
        }
    }
    assert!(n == 0 || (k > 0 && k < n), "hidden remainder {k} of {n}");
    assert_eq!(marks["zeeland"], (true, false));
    assert_eq!(marks["utrecht"], (true, true));
    assert_eq!(marks["groningen"], (true, true));
    // The CSV leaves the hidden numerators empty too.
    let csv = render(dir.path(), "csv", &["--regel", "VT-T01"]);
    for region in ["utrecht", "groningen", "zeeland"] {
        let line = csv.lines().find(|l| l.starts_with(region)).unwrap();
        assert_eq!(line.split(';').nth(4), Some(""), "{line}");
    }
    // Every region at 100 %: the national 100 % tells it already, nothing more is hidden.
    let all = t01_export(&[
        ("utrecht", 12, 12),
        ("zeeland", 5, 5),
        ("groningen", 20, 20),
    ]);
    let j = compare_json(&[all.path().to_str().unwrap(), "--regel", "VT-T01"]);
    let groningen = j["regions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["region"] == "groningen")
        .unwrap();
    assert_eq!(groningen["rules"]["VT-T01"]["suppressed"], false);
}

/// A region whose only dossier is a later copy of an id has no dossiers in the period: it is
/// not compared (nor counted in the header) but listed with the other regions without dossiers.
#[test]
fn a_region_with_only_a_later_copy_has_no_dossiers() {
    let dir = tempfile::tempdir().unwrap();
    let mut text: String = (0..10)
        .map(|i| t01_melding(&format!("U{i}"), "utrecht", true))
        .collect();
    text += &t01_melding("R1", "utrecht", false);
    text += &t01_melding("R1", "zeeland", true);
    std::fs::write(dir.path().join("dup.jsonl"), text).unwrap();
    let args = ["--regel", "VT-T01", "--min-noemer", "1"];
    let (code, j, _) = compare_output(&[&[dir.path().to_str().unwrap()][..], &args].concat());
    assert_eq!(code, Some(2), "a duplicate id is an input error");
    let regions: Vec<&str> = j["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["region"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["utrecht"]);
    let render_any = |format: &str| render_exit(dir.path(), format, &args).1;
    for format in ["table", "markdown", "html"] {
        let text = render_any(format);
        let count = if format == "html" {
            "<dt>Regio's</dt><dd>1</dd>"
        } else {
            "uit 1 regio "
        };
        assert!(text.contains(count), "{format}: {text}");
        let missing = text
            .lines()
            .find(|l| l.contains("Geen dossiers"))
            .unwrap_or_else(|| panic!("{format}: {text}"));
        // The terminal table names regions by code, markdown and html by name.
        let zeeland = if format == "table" {
            "zeeland"
        } else {
            "Zeeland"
        };
        assert!(missing.contains(zeeland), "{format}: {missing}");
    }
    // CSV gives it the empty row of a region without dossiers.
    assert!(render_any("csv").contains("\nzeeland;Zeeland;VT-T01;0;;0;0;0;0;"));
}

/// A rate is never shown as 100 while a dossier failed, nor as 0 while one passed, in any
/// format; ties round half up (62,5 → 63; 81,25 → 81,3), as Dutch reports do.
#[test]
fn percentages_round_half_up_and_never_to_all_or_nothing() {
    // utrecht 432/433 (99,77 %), flevoland 1/400 (0,25 %), zeeland 5/8, groningen 13/16.
    let dir = t01_export(&[
        ("utrecht", 433, 432),
        ("flevoland", 400, 1),
        ("zeeland", 8, 5),
        ("groningen", 16, 13),
    ]);
    let args = ["--regel", "VT-T01", "--min-noemer", "1"];
    let row = |text: &str, start: &str| -> String {
        let line = text
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("{start} in {text}"));
        line.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let table = render(dir.path(), "table", &args);
    assert_eq!(row(&table, "utrecht "), "utrecht 99▲▲");
    assert_eq!(row(&table, "flevoland "), "flevoland 1▼▼");
    assert_eq!(row(&table, "zeeland "), "zeeland 63");
    assert_eq!(row(&table, "groningen "), "groningen 81▲");
    let markdown = render(dir.path(), "markdown", &args);
    for (start, rate) in [
        ("| Utrecht | 433 |", "99,8 %"),
        ("| Flevoland | 400 |", "0,3 %"),
        ("| Zeeland | 8 |", "62,5 %"),
        ("| Groningen | 16 |", "81,3 %"),
    ] {
        assert!(row(&markdown, start).contains(rate), "{start} {rate}");
    }
    // An interval's bounds round outward (Wilson upper bound 99,96 % → 100,0; the lower bound
    // down): the printed interval holds the computed one; only rates never show 100 or 0.
    assert!(
        row(&markdown, "| Utrecht | 433 |").contains("| 98,7 %–100,0 % |"),
        "{}",
        row(&markdown, "| Utrecht | 433 |")
    );
    let flevoland = row(&markdown, "| Flevoland | 400 |");
    assert!(flevoland.contains("| 0,0 %–1,5 % |"), "{flevoland}");
    let html = render(dir.path(), "html", &args);
    assert!(html.contains(">99▲▲</text>") && !html.contains(">100▲▲</text>"));
    assert!(html.contains(">1▼▼</text>") && html.contains("99,8 % voldaan (432 van 433"));
}

/// `compare --format FORMAT ARGS` (the default as-of): standard output.
fn compare_text(format: &str, args: &[&str]) -> String {
    let (code, out, stderr) = compare_raw(format, args);
    assert_eq!(code, Some(0), "{stderr}");
    String::from_utf8(out).unwrap()
}

/// The norm is printed as it is applied (89,5 %, not 90 %), and a rate under it never shows as
/// the norm: 1799 of 2000 is 89,9 % against 90 %, not "90,0 % ✗ niet gehaald" (reviewer 19).
#[test]
fn norms_keep_their_digits_and_rates_are_not_rounded_across_them() {
    let dir = t01_export(&[("utrecht", 2000, 1799), ("twente", 200, 179)]);
    let path = dir.path().to_str().unwrap();
    for format in ["markdown", "table", "html"] {
        let text = compare_text(format, &[path, "--regel", "VT-T01"]);
        assert!(!text.contains("90,0 %"), "{format}: {text}");
        assert!(text.contains("89,9 %"), "{format}: {text}");
        // A rule without a norm shows 90 for the same counts: the report says why.
        assert!(
            text.contains("nooit over de norm van zijn regel heen afgerond"),
            "{format}: {text}"
        );
        let text = compare_text(
            format,
            &[path, "--regel", "VT-T01", "--norm", "VT-T01=89.5%"],
        );
        assert!(text.contains("89,5 %"), "{format}: {text}");
        assert!(
            !text.contains("≥ 90 %") && !text.contains("ten minste 90 %"),
            "{format}: {text}"
        );
    }
    let md = compare_text(
        "markdown",
        &[path, "--regel", "VT-T01", "--norm", "VT-T01=89.5%"],
    );
    assert!(md.contains("## Norm VT-T01: ten minste 89,5 %"), "{md}");
    assert!(md.contains("| Twente | 200 | 89,5 % |"), "{md}");
    // The heat cell at whole percents: 89,95 % under the 90 % norm is 89, not 90.
    let table = compare_text("table", &[path, "--regel", "VT-T01"]);
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("utrecht") && l.contains(" 89")),
        "{table}"
    );
}

/// JSON names the current regions that had no dossier; CSV gives them empty rows.
#[test]
fn json_lists_the_regions_without_dossiers() {
    let dir = t01_export(&[("utrecht", 12, 12), ("twente", 12, 10)]);
    let j = compare_json(&[dir.path().to_str().unwrap(), "--regel", "VT-T01"]);
    let missing = regions_without_dossiers(&j);
    assert_eq!(missing.len(), 24, "{missing:?}");
    assert!(missing.contains(&"groningen") && !missing.contains(&"utrecht"));
    // CSV gives them rows, in code order among the others: nothing counted, suppressed.
    let (code, csv, _) = compare_raw("csv", &[dir.path().to_str().unwrap(), "--regel", "VT-T01"]);
    assert_eq!(code, Some(0));
    let csv = String::from_utf8(csv).unwrap();
    let regions: Vec<&str> = csv
        .lines()
        .skip(2)
        .map(|l| l.split(';').next().unwrap())
        .collect();
    assert_eq!(regions.len(), 26, "{csv}");
    assert!(regions.windows(2).all(|w| w[0] < w[1]), "{regions:?}");
    let groningen = csv.lines().find(|l| l.starts_with("groningen;")).unwrap();
    assert_eq!(
        groningen,
        "groningen;Groningen;VT-T01;0;;0;0;0;0;;;;;;true;0,900000;;;;;false"
    );
}

/// A region without dossiers is listed only when it is current on the as-of date: one whose
/// `geldig_vanaf` lies after it has not started, one whose `geldig_tot` lies before it has ended
/// (also without an `opvolger`); one valid on that day at both ends is listed, in every format.
#[test]
fn only_regions_current_on_the_as_of_date_are_listed_without_dossiers() {
    let dir = t01_export(&[("utrecht", 12, 12), ("twente", 12, 10)]);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // AS_OF is 2027-06-30.
    let table = std::fs::read_to_string(root.join("rules/regios.yaml")).unwrap()
        + "  - code: nog-niet\n    naam: Nog niet\n    geldig_vanaf: 2027-07-01\n"
        + "  - code: opgeheven\n    naam: Opgeheven\n    geldig_tot: 2027-06-29\n"
        + "  - code: lopend\n    naam: Lopend\n    geldig_vanaf: 2027-06-30\n    geldig_tot: 2027-06-30\n";
    let rules = dir.path().join("regios.yaml");
    std::fs::write(&rules, table).unwrap();
    let args = [
        dir.path()
            .join("export.jsonl")
            .to_str()
            .unwrap()
            .to_string(),
        "--regel".into(),
        "VT-T01".into(),
        "--rules".into(),
        rules.to_str().unwrap().to_string(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let j = compare_json(&args);
    let missing = regions_without_dossiers(&j);
    assert!(missing.contains(&"lopend"), "{missing:?}");
    assert!(!missing.contains(&"nog-niet"), "{missing:?}");
    assert!(!missing.contains(&"opgeheven"), "{missing:?}");
    let (code, csv, stderr) = compare_raw("csv", &args);
    assert_eq!(code, Some(0), "{stderr}");
    let csv = String::from_utf8(csv).unwrap();
    assert!(csv.contains("\nlopend;Lopend;VT-T01;0;"), "{csv}");
    assert!(
        !csv.contains("\nnog-niet;") && !csv.contains("\nopgeheven;"),
        "{csv}"
    );
    for format in ["table", "markdown", "html"] {
        let (code, text, stderr) = compare_raw(format, &args);
        assert_eq!(code, Some(0), "{stderr}");
        let text = String::from_utf8(text).unwrap();
        // The terminal table names regions by code, markdown and html by name.
        let [lopend, nog_niet, opgeheven] = if format == "table" {
            ["lopend", "nog-niet", "opgeheven"]
        } else {
            ["Lopend", "Nog niet", "Opgeheven"]
        };
        assert!(text.contains(lopend), "{format}: {text}");
        assert!(
            !text.contains(nog_niet) && !text.contains(opgeheven),
            "{format}: {text}"
        );
    }
}

/// A region code used after its `geldig_tot` (a merger) is checked under its own code, with a
/// warning at the `regio` that names the successor.
#[test]
fn a_region_used_after_it_merged_gives_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let table = std::fs::read_to_string(root.join("rules/regios.yaml")).unwrap()
        + "  - code: oud-utrecht\n    naam: Oud-Utrecht\n    geldig_tot: 2023-12-31\n    opvolger: utrecht\n";
    let rules = dir.path().join("regios.yaml");
    std::fs::write(&rules, table).unwrap();
    let data = dir.path().join("d.jsonl");
    let before = t01_melding("OUD-1", "oud-utrecht", true).replace("2025-01-06", "2023-06-05");
    std::fs::write(&data, t01_melding("OUD-2", "oud-utrecht", true) + &before).unwrap();
    let out = check_json(AS_OF)
        .args(["--rules"])
        .arg(&rules)
        .arg(&data)
        .output()
        .unwrap();
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["inputs"]["invalid"], 0, "{j}");
    let warnings: Vec<&Value> = j["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| {
            w["message"]
                .as_str()
                .unwrap()
                .starts_with("regio `oud-utrecht` bestond niet")
        })
        .collect();
    // Only the dossier received after the merger.
    assert_eq!(warnings.len(), 1, "{j}");
    assert_eq!(warnings[0]["line"], 1);
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .contains("opvolger: `utrecht`")
    );
}

/// `regions_without_dossiers` of a comparison in JSON.
fn regions_without_dossiers(j: &Value) -> Vec<&str> {
    j["regions_without_dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

/// `check`'s human report shows the VT-M04 durations per region as `compare` does: a region
/// under 10 dossiers as `<10`, and the smallest shown one as `×` when the national mean would
/// give a lone small region away (they used to be printed, n = 3 included).
#[test]
fn check_hides_small_regions_durations_as_compare_does() {
    let dir = tempfile::tempdir().unwrap();
    let mut lines = String::new();
    for (region, n) in [("utrecht", 12), ("twente", 3), ("drenthe", 15)] {
        for i in 0..n {
            lines.push_str(&format!(
                r#"{{"formaat":"vtdossier/1","id":"{region}-{i}","regio":"{region}","soort":"melding","ontvangen":"2023-01-02","gebeurtenissen":[{{"soort":"overdracht","datum":"2023-02-01"}},{{"soort":"monitoring_afgerond","datum":"2024-0{}-15"}}]}}"#,
                1 + i % 9
            ));
            lines.push('\n');
        }
    }
    std::fs::write(dir.path().join("d.jsonl"), lines).unwrap();
    let out = vtcheck()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--as-of", "2025-06-30", "d.jsonl"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let row = |region: &str| {
        text.lines()
            .skip_while(|l| !l.starts_with("VT-M04"))
            .find(|l| l.trim_start().starts_with(region))
            .unwrap_or_else(|| panic!("no {region} row: {text}"))
            .split_whitespace()
            .skip(1)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("twente"), "n = 3 <10");
    assert_eq!(row("utrecht"), "n = 12 ×");
    assert!(row("drenthe").starts_with("n = 15 gemiddeld "), "{text}");
    assert!(text.contains("×: verborgen"), "{text}");
}

/// rev52 F1–F3: a percentage norm is the share it writes (108 of 125 meets 86,4 %); a national
/// figure under the minimum denominator is `<10` in the table's national block, as in its grid
/// (`–` means no judged dossier); the markdown grid's legend explains `×`.
#[test]
fn norms_as_percentages_and_small_national_figures() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("g.jsonl");
    vtcheck()
        .args([
            "generate",
            "--dossiers",
            "8",
            "--seed",
            "1",
            "--regions",
            "utrecht",
        ])
        .args(["--as-of", AS_OF, "--out"])
        .arg(&file)
        .assert()
        .success();
    let path = file.to_str().unwrap();
    let j = compare_json(&[path, "--regel", "VT-T01"]);
    let national = &j["national"]["VT-T01"];
    let n = national["denominator"].as_u64().unwrap();
    assert!((1..10).contains(&n), "{national}");
    let (code, table, stderr) = compare_raw("table", &[path, "--regel", "VT-T01"]);
    assert_eq!(code, Some(0), "{stderr}");
    let table = String::from_utf8(table).unwrap();
    let row = table
        .lines()
        .skip_while(|l| !l.contains("Landelijk: noemer"))
        .find(|l| l.trim_start().starts_with("VT-T01"))
        .expect("the national row");
    assert!(row.contains("<10"), "{row}");
    let md = compare_raw("markdown", &[path]).1;
    let md = String::from_utf8(md).unwrap();
    let legend = md
        .lines()
        .find(|l| l.starts_with("Noemer: dossiers met oordeel"))
        .expect("the grid's legend");
    assert!(legend.contains("×: verborgen"), "{legend}");
    // The norm: the share of every region's and the nation's own figures, given as a
    // percentage with decimals, is met exactly.
    let j = compare_json(&[path, "--regel", "VT-T01", "--min-noemer", "1"]);
    let rate = j["national"]["VT-T01"]["rate"].as_f64().unwrap();
    let pct = format!("{}%", rate * 100.0);
    let j = compare_json(&[
        path,
        "--regel",
        "VT-T01",
        "--min-noemer",
        "1",
        "--norm",
        &format!("VT-T01={pct}"),
    ]);
    assert_eq!(
        j["national"]["VT-T01"]["target_met"], true,
        "{pct}: {}",
        j["national"]
    );
}
