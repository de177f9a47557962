//! `compare --format json`: the stable `vtcheck-compare/1` object.
//!
//! ```json
//! {"schema": "vtcheck-compare/1", "as_of": "2025-06-30", "period": {"van": null, "tot": null},
//!  "national": {"VT-T01": STATS}, "regions": [{"region": "drenthe", "rules": {"VT-T01": STATS}}]}
//! ```
//! `STATS = {"denominator", "numerator", "open", "exempt", "waived", "unassessable", "rate",
//! "ci95": [lo, hi], "funnel": "above"|"within"|"below"|null, "suppressed"}`, plus
//! `funnel_998` (the same against the 99.8 % limits) and `target_met` (null without a target).
//! A suppressed figure (denominator under `min_denominator`) has `numerator`, `rate`, `ci95`,
//! `funnel`, `funnel_998` and `target_met` null; its dossier counts stay. Rates are shares in
//! [0, 1] at full precision. Further keys, additions to the stable core: `tool`, `rulesets`,
//! `inputs`, `min_denominator`, `targets`, per region `name` and `dossiers`,
//! `regions_without_dossiers` (codes of current regions, valid on the as-of date and not merged,
//! with no dossier in the period, which `regions` leaves out), and `monitoring` (the
//! population rules such as VT-M04: n, mean and median in months, nationally and per region).
//! Rules are keyed in id order, regions sorted by code: the same input gives the same bytes.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Comparison, Durations, Stats};
use crate::report::json::{RuleSetRef, Tool};

#[derive(Serialize)]
struct Report<'a> {
    schema: &'static str,
    as_of: String,
    period: PeriodJson,
    tool: Tool<'a>,
    rulesets: Vec<RuleSetRef<'a>>,
    inputs: InputsJson,
    min_denominator: u64,
    targets: BTreeMap<&'a str, f64>,
    national: BTreeMap<&'a str, StatsJson>,
    regions: Vec<RegionJson<'a>>,
    /// Codes of current regions without any dossier in the period (they are not in `regions`).
    regions_without_dossiers: Vec<&'a str>,
    monitoring: BTreeMap<&'a str, MonitoringJson<'a>>,
}

#[derive(Serialize)]
struct PeriodJson {
    van: Option<String>,
    tot: Option<String>,
}

#[derive(Serialize)]
struct InputsJson {
    files: u64,
    dossiers: u64,
    in_period: u64,
    invalid: u64,
}

#[derive(Serialize)]
struct RegionJson<'a> {
    region: &'a str,
    name: &'a str,
    dossiers: u64,
    rules: BTreeMap<&'a str, StatsJson>,
}

/// One `STATS` object of the module documentation: the figures of one rule in one region or
/// nationally, as serialized. Built by `stats` in this module.
#[derive(Serialize)]
pub struct StatsJson {
    denominator: u64,
    numerator: Option<u64>,
    open: u64,
    exempt: u64,
    waived: u64,
    unassessable: u64,
    rate: Option<f64>,
    ci95: Option<[f64; 2]>,
    funnel: Option<&'static str>,
    funnel_998: Option<&'static str>,
    suppressed: bool,
    /// Hidden by complementary suppression (its own denominator is large enough).
    suppressed_complementary: bool,
    target_met: Option<bool>,
}

#[derive(Serialize)]
struct MonitoringJson<'a> {
    title: &'a str,
    norm_months: Option<f64>,
    national: DurationsJson,
    regions: Vec<RegionDurationsJson<'a>>,
}

#[derive(Serialize)]
struct DurationsJson {
    n: u64,
    mean_months: Option<f64>,
    median_months: Option<f64>,
    suppressed: bool,
    suppressed_complementary: bool,
}

#[derive(Serialize)]
struct RegionDurationsJson<'a> {
    region: &'a str,
    #[serde(flatten)]
    durations: DurationsJson,
}

/// The JSON form of `s`: `numerator` null when suppressed, the funnel positions by their keys
/// (`above`, `within`, `below`), and `suppressed_complementary` from [`Stats::secondary`].
pub(crate) fn stats(s: &Stats) -> StatsJson {
    StatsJson {
        denominator: s.tally.denominator(),
        numerator: s.numerator(),
        open: s.tally.open,
        exempt: s.tally.exempt,
        waived: s.tally.waived,
        unassessable: s.tally.unassessable,
        rate: s.rate,
        ci95: s.ci95.map(|(a, b)| [a, b]),
        funnel: s.funnel.map(|f| f.key()),
        funnel_998: s.funnel_998.map(|f| f.key()),
        suppressed: s.suppressed,
        suppressed_complementary: s.secondary,
        target_met: s.target_met,
    }
}

fn durations(d: &Durations) -> DurationsJson {
    DurationsJson {
        n: d.n,
        mean_months: d.mean,
        median_months: d.median,
        suppressed: d.suppressed,
        suppressed_complementary: d.secondary,
    }
}

/// The complete `vtcheck-compare/1` document, pretty-printed and ending in a line feed.
pub fn render(c: &Comparison) -> String {
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let rules_map = |rates: &[Stats]| -> BTreeMap<&str, StatsJson> {
        c.rate_rules
            .iter()
            .zip(rates)
            .map(|(r, s)| (r.id.as_str(), stats(s)))
            .collect()
    };
    let report = Report {
        schema: super::SCHEMA,
        as_of: date(c.as_of),
        period: PeriodJson {
            van: c.period.van.map(date),
            tot: c.period.tot.map(date),
        },
        tool: Tool::vtcheck(&c.tool_version),
        rulesets: RuleSetRef::list(&c.rulesets),
        inputs: InputsJson {
            files: c.inputs.files,
            dossiers: c.inputs.dossiers,
            in_period: c.inputs.in_period,
            invalid: c.inputs.invalid,
        },
        min_denominator: c.min_denominator,
        targets: c.targeted().map(|(_, r, t)| (r.id.as_str(), t)).collect(),
        national: rules_map(&c.national.rates),
        regions: c
            .regions
            .iter()
            .map(|row| RegionJson {
                region: &row.code,
                name: &row.name,
                dossiers: row.dossiers,
                rules: rules_map(&row.rates),
            })
            .collect(),
        regions_without_dossiers: c
            .missing_regions
            .iter()
            .map(|(code, _)| code.as_str())
            .collect(),
        monitoring: c
            .duration_rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    r.id.as_str(),
                    MonitoringJson {
                        title: &r.title,
                        norm_months: r.norm_months,
                        national: durations(&c.national.durations[i]),
                        regions: c
                            .regions
                            .iter()
                            .map(|row| RegionDurationsJson {
                                region: &row.code,
                                durations: durations(&row.durations[i]),
                            })
                            .collect(),
                    },
                )
            })
            .collect(),
    };
    serde_json::to_string_pretty(&report).unwrap_or_default() + "\n"
}
