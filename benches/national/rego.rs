//! vtcheck against a general policy engine: four rules of the catalogue, written in Rego
//! (`bench/rego/vier-regels.rego`) and evaluated by `regorus`, on the same dossiers with the same
//! number of threads.
//!
//! The four: VT-T01 (veiligheidsbeoordeling binnen 5 werkdagen), VT-O01 (overdracht
//! schriftelijk, met document), VT-A01 (advies zonder betrokkenen) and VT-V05's prohibition
//! patterns. vtcheck evaluates the first three from its embedded catalogue; VT-V05 is narrowed to
//! its `verboden` list, as a `frase` rule built from that list (the whole VT-V05 classifier,
//! clauses and subjects and exceptions, is not something to write in Rego). Both engines get the
//! same phrase list, the same calendar and the same as-of date.
//!
//! Each side starts from the JSON text of a dossier and ends with the (rule, item, status) of
//! every applicable pair: vtcheck parses and validates into its model and runs its engine; regorus
//! parses into its value type and evaluates `data.vtcheck.uitkomsten`. A first pass checks that the
//! two give identical results for every dossier; only then is each side timed.

use std::io::BufRead;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use vtcheck::dossier::regions::RegionTable;
use vtcheck::engine::Engine;
use vtcheck::rules::{self, RuleSet, RuleSource, Status};

const POLICY: &str = include_str!("../../bench/rego/vier-regels.rego");
const RULES: [&str; 4] = ["VT-T01", "VT-O01", "VT-A01", "VT-V05"];

pub struct RegoOutcome {
    pub dossiers: usize,
    pub rules: Vec<&'static str>,
    pub vtcheck_secs: f64,
    pub regorus_secs: f64,
    /// (dossier, rule, item) results compared.
    pub checked: usize,
}

/// One result: (dossier id, rule id, item, status key).
pub type Verdict = (String, String, String, String);

/// The `verboden` phrases of VT-V05 and the gap, read from the catalogue's own rule file.
fn prohibitions() -> Result<(Vec<String>, u64), String> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/voorwaarden.yaml"
    ))
    .map_err(|e| format!("rules/voorwaarden.yaml: {e}"))?;
    let doc: serde_json::Value =
        serde_saphyr::from_str(&text).map_err(|e| format!("rules/voorwaarden.yaml: {e}"))?;
    let rule = doc["regels"]
        .as_array()
        .and_then(|rs| rs.iter().find(|r| r["id"] == "VT-V05"))
        .ok_or("VT-V05 not in rules/voorwaarden.yaml")?;
    let lex = &rule["controle"]["lexicon"];
    let list = lex["verboden"]
        .as_array()
        .ok_or("VT-V05 has no `verboden` list")?
        .iter()
        .map(|p| p.as_str().map(str::to_string).ok_or("a phrase is not text"))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((
        list,
        lex["max_tussenwoorden"]
            .as_u64()
            .unwrap_or(vtcheck::text::DEFAULT_MAX_TUSSENWOORDEN as u64),
    ))
}

/// The rule set for vtcheck's side: the catalogue without its VT-V05, plus VT-V05 as a `frase`
/// rule over the same prohibition list; then only the four.
fn vtcheck_rules(verboden: &[String], gap: u64) -> Result<RuleSet, String> {
    let list = verboden
        .iter()
        .map(|p| serde_json::to_string(p).expect("a string serialises"))
        .collect::<Vec<_>>()
        .join(", ");
    let v05 = format!(
        r#"regelset: benchmark-verbodspatronen
versie: "1"
regels:
  - id: VT-V05
    titel: Voorwaarde zonder verbodsformulering (de verbodspatronen van VT-V05)
    ernst: warning
    categorie: voorwaarden
    bron: "Veilig Thuis Midden-Brabant, Veiligheidsvoorwaarden ('positief geformuleerd')"
    toelichting: Alleen de lijst `verboden` van VT-V05, voor de vergelijking met Rego.
    controle:
      soort: per_item
      items: voorwaarden
      eis:
        niet:
          veld: tekst
          frase: {{woorden: [{list}], max_tussenwoorden: {gap}}}
    meldingen:
      overtreding: "{{item}} bevat een verbod."
"#
    );
    let mut diags = Vec::new();
    let mut sources: Vec<RuleSource> = rules::sources(&[], &mut diags)
        .into_iter()
        .filter(|s| !s.name.ends_with("voorwaarden.yaml"))
        .collect();
    sources.push(RuleSource {
        name: "benchmark/vt-v05-verboden.yaml".into(),
        text: v05,
    });
    let (cal, _) = rules::calendar_with(None, &Default::default(), &mut diags)
        .ok_or("the embedded calendar does not load")?;
    let set = rules::load(&sources, cal, &mut diags).ok_or_else(|| {
        let msgs: Vec<String> = diags
            .iter()
            .map(|d| format!("{}:{}:{}: {}", d.file, d.pos.line, d.pos.col, d.message))
            .collect();
        format!("the benchmark rules do not compile: {}", msgs.join("; "))
    })?;
    Ok(set.retain_ids(&RULES))
}

fn status_key(s: Status) -> Option<&'static str> {
    match s {
        Status::Pass => Some("pass"),
        Status::Violation => Some("violation"),
        Status::Open => Some("open"),
        Status::NotApplicable => None,
        other => Some(other.key()),
    }
}

/// vtcheck: parse, validate, evaluate the four rules. A dossier that does not validate is an
/// error: the comparison is only meaningful on dossiers both sides read.
pub fn vtcheck_run(
    lines: &[String],
    set: &RuleSet,
    as_of: NaiveDate,
    keep: bool,
) -> Result<Vec<Verdict>, String> {
    let regions = RegionTable::default_table();
    let file: Arc<str> = "benchmark.jsonl".into();
    let mut engine = Engine::new(set, as_of);
    engine.keep_all = true;
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let (d, _) = vtcheck::dossier::source::dossier_from_json(
            line,
            &file,
            i as u32 + 1,
            &regions,
        )
        .map_err(|diags| {
            format!(
                "a dossier does not validate ({} diagnostics); the comparison needs valid input",
                diags.len()
            )
        })?;
        let r = engine.check(&d);
        for f in r.findings {
            if let Some(s) = status_key(f.status)
                && keep
            {
                out.push((
                    r.id.to_string(),
                    set.rules[f.rule].id.clone(),
                    f.item.unwrap_or_default(),
                    s.to_string(),
                ));
            }
        }
    }
    Ok(out)
}

/// The data document for the policy: calendar, as-of date and the phrases, split once.
fn policy_data(set: &RuleSet, as_of: NaiveDate, verboden: &[String], gap: u64) -> String {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    let feestdagen: serde_json::Map<String, serde_json::Value> = (1990..=as_of.year() + 2)
        .flat_map(|y| set.calendar.holidays(y))
        .map(|(d, _)| ((d - epoch).num_days().to_string(), true.into()))
        .collect();
    let frases: Vec<Vec<Vec<Vec<String>>>> = verboden
        .iter()
        .map(|p| {
            p.split(" ... ")
                .map(|deel| {
                    deel.split_whitespace()
                        .map(|w| w.split('/').map(str::to_string).collect())
                        .collect()
                })
                .collect()
        })
        .collect();
    serde_json::json!({"vtcheck": {
        "peildag": (as_of - epoch).num_days(),
        "feestdagen": feestdagen,
        "verboden": frases,
        "max_tussenwoorden": gap,
    }})
    .to_string()
}

fn regorus_engine(data: &str) -> Result<regorus::Engine, String> {
    let mut e = regorus::Engine::new();
    e.add_policy("bench/rego/vier-regels.rego".into(), POLICY.into())
        .map_err(|err| format!("the Rego policy does not load: {err}"))?;
    e.add_data_json(data)
        .map_err(|err| format!("the Rego data does not load: {err}"))?;
    Ok(e)
}

/// regorus: parse each dossier into a Rego value, evaluate `data.vtcheck.uitkomsten`.
pub fn regorus_run(
    lines: &[String],
    engine: &regorus::Engine,
    keep: bool,
) -> Result<Vec<Verdict>, String> {
    let mut engine = engine.clone();
    let mut out = Vec::new();
    for line in lines {
        let input = regorus::Value::from_json_str(line).map_err(|e| e.to_string())?;
        let id = input["id"]
            .as_string()
            .map(|s| s.to_string())
            .unwrap_or_default();
        engine.set_input(input);
        let v = engine
            .eval_rule("data.vtcheck.uitkomsten".into())
            .map_err(|e| format!("dossier {id}: {e}"))?;
        if !keep {
            continue;
        }
        if let Ok(set) = v.as_set() {
            for t in set.iter() {
                let parts: Vec<String> = t
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .map(|x| x.as_string().map(|s| s.to_string()).unwrap_or_default())
                            .collect()
                    })
                    .unwrap_or_default();
                if let [rule, item, status] = parts.as_slice() {
                    out.push((id.clone(), rule.clone(), item.clone(), status.clone()));
                }
            }
        }
    }
    Ok(out)
}

/// Runs `f` on `threads` contiguous chunks of `lines` in parallel; results in input order.
fn parallel<T: Send>(
    lines: &[String],
    threads: usize,
    f: impl Fn(&[String]) -> T + Sync,
) -> Vec<T> {
    let chunk = lines.len().div_ceil(threads.max(1)).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = lines.chunks(chunk).map(|c| s.spawn(|| f(c))).collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a benchmark thread panicked"))
            .collect()
    })
}

/// The results of all chunks in one sorted list, or the first error.
fn sorted(parts: Vec<Result<Vec<Verdict>, String>>) -> Result<Vec<Verdict>, String> {
    let mut all = Vec::new();
    for p in parts {
        all.extend(p?);
    }
    all.sort();
    Ok(all)
}

/// Both sides, ready to run: vtcheck's four rules and the regorus engine with the policy and its
/// data (calendar, as-of date, the prohibition phrases).
pub fn prepare(as_of: NaiveDate) -> Result<(RuleSet, regorus::Engine), String> {
    let (verboden, gap) = prohibitions()?;
    let set = vtcheck_rules(&verboden, gap)?;
    let rego = regorus_engine(&policy_data(&set, as_of, &verboden, gap))?;
    Ok((set, rego))
}

/// Reads the first `max` dossiers of `data`, checks that both engines agree on every result, then
/// times each.
pub fn compare(
    data: &Path,
    as_of: NaiveDate,
    threads: usize,
    max: usize,
) -> Result<RegoOutcome, String> {
    let file = std::fs::File::open(data).map_err(|e| format!("{}: {e}", data.display()))?;
    let lines: Vec<String> = std::io::BufReader::new(file)
        .lines()
        .take(max)
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", data.display()))?;
    let (set, rego) = prepare(as_of)?;

    let ours = sorted(parallel(&lines, threads, |c| {
        vtcheck_run(c, &set, as_of, true)
    }))?;
    let theirs = sorted(parallel(&lines, threads, |c| regorus_run(c, &rego, true)))?;
    if ours != theirs {
        let only_ours: Vec<_> = ours
            .iter()
            .filter(|v| theirs.binary_search(v).is_err())
            .take(5)
            .collect();
        let only_theirs: Vec<_> = theirs
            .iter()
            .filter(|v| ours.binary_search(v).is_err())
            .take(5)
            .collect();
        return Err(format!(
            "results differ ({} vtcheck, {} regorus); only vtcheck: {only_ours:?}; only regorus: {only_theirs:?}",
            ours.len(),
            theirs.len()
        ));
    }
    for rule in RULES {
        if !ours.iter().any(|v| v.1 == rule && v.3 == "violation") {
            return Err(format!(
                "no violation of {rule} in the sample: the comparison would prove little"
            ));
        }
    }

    let start = Instant::now();
    sorted(parallel(&lines, threads, |c| {
        vtcheck_run(c, &set, as_of, false)
    }))?;
    let vtcheck_secs = start.elapsed().as_secs_f64();
    let start = Instant::now();
    sorted(parallel(&lines, threads, |c| regorus_run(c, &rego, false)))?;
    let regorus_secs = start.elapsed().as_secs_f64();

    Ok(RegoOutcome {
        dossiers: lines.len(),
        rules: RULES.to_vec(),
        vtcheck_secs,
        regorus_secs,
        checked: ours.len(),
    })
}
