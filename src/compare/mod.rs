//! Regional comparison (`vtcheck compare`): the rules' outcomes aggregated per rule × region and
//! nationally, with denominators, exclusions, confidence intervals and funnel-plot limits.
//!
//! # Measure semantics
//! For every rule that judges dossiers (every rule except population rules):
//! - **denominator** = dossiers whose status is `pass` or `violation`;
//! - **numerator** = dossiers whose status is `pass`;
//! - `open`, `exempt`, `waived` and `unassessable` dossiers are **exclusions**: not in the
//!   denominator, but counted and reported; `not_applicable` dossiers are not counted at all.
//!
//! A dossier counts once per rule, by its dossier-level status (an item rule: its most serious
//! item); a dossier id read twice (an input error that `check` reports, naming both places)
//! counts once, by its first reading. Versions of one rule (different validity periods) count
//! as one rule. With a measurement period only dossiers whose `ontvangen` lies in it (both ends
//! inclusive) count, for every rule, population rules included.
//!
//! # Statistics
//! - **rate** = numerator / denominator.
//! - **ci95**: the Wilson score interval with z = 1.96.
//! - **funnel**: exact binomial control limits around the national rate p for a region with
//!   denominator n ([`funnel_limits`]). A region with k of n is `below` when P(X ≤ k) < 2.5 %
//!   and `above` when P(X ≥ k) < 2.5 % for X ~ Binomial(n, p), else `within` (`funnel`: the
//!   95 % limits); `funnel_998` says the same with 0.1 % on each side (the 99.8 % limits, the
//!   "alarm" level; every 99.8 % outlier is also a 95 % outlier). The national rate includes
//!   every region, suppressed ones too.
//! - **suppression**: a region whose denominator is under [`MIN_DENOMINATOR`] (10) shows its
//!   counts of dossiers but no numerator, rate, interval, funnel position or target verdict:
//!   such rates swing wildly, and small cells could identify families. **Complementary
//!   suppression**: the national figure minus the shown regions gives the suppressed regions
//!   together, so while those (with data) add up to fewer than the minimum, the shown region with
//!   the smallest denominator is hidden too (`suppressed`, with `secondary` set; shown as "×");
//!   and while the hidden regions together passed all or nothing (each hidden rate is then
//!   known), so is the smallest shown region that breaks that, if any does. The first rule holds
//!   for the durations of population rules too (a mean has no all-or-nothing case).
//! - **targets** (LNVT norms, configurable): a region meets a target when its rate is at least
//!   the target. Defaults: VT-T01 ≥ 0.90, VT-T07 ≥ 0.80.
//! - **population rules** (VT-M04): n, mean and median of the durations in months per region and
//!   nationally, against the rule's norm; suppressed under the same minimum n.
//!
//! The computation is a library API ([`Tallier`], [`from_verdicts`]); the formats live in the
//! submodules and only render a [`Comparison`].

pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod svg;
pub mod table;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::calendar::Unit;
use crate::check::{AsOfSource, CheckRun, Verdict};
use crate::dossier::regions::RegionTable;
use crate::rules::{Check, RuleSet, Severity, Status};

/// The `schema` value of the JSON comparison report.
pub const SCHEMA: &str = "vtcheck-compare/1";
/// z for the 95 % Wilson interval.
pub const Z95: f64 = 1.96;
/// The tail on each side of the 95 % funnel limits.
pub const TAIL95: f64 = 0.025;
/// The tail on each side of the 99.8 % funnel limits (the "alarm" level).
pub const TAIL998: f64 = 0.001;
/// Regions with a smaller denominator (or n) are suppressed.
pub const MIN_DENOMINATOR: u64 = 10;
/// The targets the rule files set (`doelnorm`, e.g. the LNVT 90 % for VT-T01): at least this
/// share of the denominator passes. Data, so a new agreement is a YAML edit.
pub fn default_targets(set: &crate::rules::RuleSet) -> Vec<(String, f64)> {
    let mut out: Vec<(String, f64)> = Vec::new();
    for r in &set.rules {
        if let Some(t) = r.target {
            out.retain(|(id, _)| *id != r.id);
            out.push((r.id.clone(), t));
        }
    }
    out
}
/// The row key of the national figures in flat formats (CSV).
pub const NATIONAL: &str = "national";

/// The measurement period: dossiers whose `ontvangen` falls in it, both ends inclusive.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Period {
    /// First day of `ontvangen` that counts; `None`: no lower bound.
    pub van: Option<NaiveDate>,
    /// Last day of `ontvangen` that counts (inclusive); `None`: no upper bound.
    pub tot: Option<NaiveDate>,
}

impl Period {
    /// Whether `d` lies in the period, both ends inclusive.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.van.is_none_or(|v| d >= v) && self.tot.is_none_or(|t| d <= t)
    }

    /// Dutch: "ontvangen 01-01-2024 t/m 31-12-2024", "geen (alle dossiers tellen mee)".
    pub fn describe(&self) -> String {
        let f = crate::dossier::model::fmt_date;
        match (self.van, self.tot) {
            (None, None) => "geen (alle dossiers tellen mee)".to_string(),
            (Some(v), None) => format!("ontvangen vanaf {}", f(v)),
            (None, Some(t)) => format!("ontvangen tot en met {}", f(t)),
            (Some(v), Some(t)) => format!("ontvangen {} t/m {}", f(v), f(t)),
        }
    }
}

/// Settings of a comparison: period, targets, suppression minimum and rule selection.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// The measurement period; the default counts every dossier.
    pub period: Period,
    /// (rule id, target rate in [0, 1]); a later entry for the same id wins.
    pub targets: Vec<(String, f64)>,
    /// Suppress regions whose denominator is under this.
    pub min_denominator: u64,
    /// Rule ids or id prefixes to compare (`VT-T`); empty: every rule.
    pub only: Vec<String>,
}

impl Default for CompareOptions {
    fn default() -> Self {
        CompareOptions {
            period: Period::default(),
            targets: Vec::new(),
            min_denominator: MIN_DENOMINATOR,
            only: Vec::new(),
        }
    }
}

/// A region's position in the funnel plot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Funnel {
    /// Below the lower funnel limit.
    Below,
    /// Between the funnel limits.
    Within,
    /// Above the upper funnel limit.
    Above,
}

impl Funnel {
    /// The English key used in JSON and CSV: `below`, `within`, `above`.
    pub fn key(self) -> &'static str {
        match self {
            Funnel::Below => "below",
            Funnel::Within => "within",
            Funnel::Above => "above",
        }
    }

    /// The Dutch label: `onder`, `binnen`, `boven`.
    pub fn label_nl(self) -> &'static str {
        match self {
            Funnel::Below => "onder",
            Funnel::Within => "binnen",
            Funnel::Above => "boven",
        }
    }
}

/// The Wilson score interval for k successes out of n, clamped to [0, 1]; `None` for n = 0.
pub fn wilson(k: u64, n: u64, z: f64) -> Option<(f64, f64)> {
    if n == 0 || k > n {
        return None;
    }
    let nf = n as f64;
    let p = k as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = z * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    // At 0 of n and n of n the bound is exactly 0 or 1 analytically; in floating point
    // `centre - half` can come out 3e-17, putting the rate outside its own interval.
    let lo = if k == 0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let hi = if k == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((lo, hi))
}

/// Funnel-plot control limits around the reference rate `p` for denominator `n`, with `tail`
/// on each side ([`TAIL95`], [`TAIL998`]): exact binomial limits, interpolated between counts
/// as Spiegelhalter (Statistics in Medicine 24, 2005) does so that the curves are smooth. A
/// region with k of n lies strictly below the lower limit exactly when [`classify`] calls it
/// `below`, and above the upper one exactly when it calls it `above`. For n = 0 the limits are
/// the whole range; for p = 0 or 1 they are p (every region has that rate).
///
/// Exact, not p ± z·√(p(1−p)/n): with p near 1 and a small n that normal approximation puts a
/// region with one violation in 12 (a 6 % chance at p = 0.995) outside its "99.8 %" limit.
pub fn funnel_limits(p: f64, n: u64, tail: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    if p <= 0.0 || p >= 1.0 {
        let p = p.clamp(0.0, 1.0);
        return (p, p);
    }
    (lower_limit(p, n, tail), 1.0 - lower_limit(1.0 - p, n, tail))
}

/// The lower limit of [`funnel_limits`] as a share: with r the smallest count whose
/// P(X ≤ r) reaches `tail`, (r − a) / n where a ∈ [0, 1) says how far P(X ≤ r) overshoots
/// `tail` within P(X = r). A count k is under it exactly when k < r, i.e. P(X ≤ k) < tail.
fn lower_limit(p: f64, n: u64, tail: f64) -> f64 {
    let (mut lo, mut hi) = (0u64, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if binom_cdf(mid, n, p) >= tail {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    let r = lo;
    let at = binom_cdf(r, n, p);
    let before = if r == 0 { 0.0 } else { binom_cdf(r - 1, n, p) };
    let a = if at > before {
        ((at - tail) / (at - before)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((r as f64 - a) / n as f64).clamp(0.0, 1.0)
}

/// Where k of n falls against the reference rate p, one-sided `tail` on each side: `below`
/// when P(X ≤ k) < tail, `above` when P(X ≥ k) < tail, for X ~ Binomial(n, p); else `within`.
pub fn classify(k: u64, n: u64, p: f64, tail: f64) -> Funnel {
    if n == 0 || k > n {
        return Funnel::Within;
    }
    if binom_cdf(k, n, p) < tail {
        Funnel::Below
    } else if binom_cdf(n - k, n, 1.0 - p) < tail {
        // P(X ≥ k) = P(n − X ≤ n − k), and n − X ~ Binomial(n, 1 − p).
        Funnel::Above
    } else {
        Funnel::Within
    }
}

/// P(X ≤ k) for X ~ Binomial(n, p): the regularised incomplete beta I_{1−p}(n − k, k + 1).
pub fn binom_cdf(k: u64, n: u64, p: f64) -> f64 {
    if k >= n || p <= 0.0 {
        return 1.0;
    }
    if p >= 1.0 {
        return 0.0;
    }
    beta_inc((n - k) as f64, k as f64 + 1.0, 1.0 - p)
}

/// The regularised incomplete beta function I_x(a, b) for a, b > 0, by its continued fraction
/// (modified Lentz) on the side of x where it converges fast (Numerical Recipes, 6.4).
fn beta_inc(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (-x).ln_1p()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        (front * beta_cf(a, b, x) / a).clamp(0.0, 1.0)
    } else {
        (1.0 - front * beta_cf(b, a, 1.0 - x) / b).clamp(0.0, 1.0)
    }
}

/// The continued fraction of [`beta_inc`]. It converges in about √max(a, b) steps; the bound
/// only guards against a pathological input.
fn beta_cf(a: f64, b: f64, x: f64) -> f64 {
    const TINY: f64 = 1e-300;
    const EPS: f64 = 1e-15;
    let guard = |v: f64| if v.abs() < TINY { TINY } else { v };
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 / guard(1.0 - qab * x / qap);
    let mut h = d;
    for m in 1..=1_000_000u32 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let even = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 / guard(1.0 + even * d);
        c = guard(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 / guard(1.0 + odd * d);
        c = guard(1.0 + odd / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < EPS {
            break;
        }
    }
    h
}

/// ln Γ(x) for x > 0: the Lanczos approximation (g = 7, nine coefficients), relative error
/// about 1e-15.
fn ln_gamma(x: f64) -> f64 {
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    use std::f64::consts::PI;
    if x < 0.5 {
        // Reflection: Γ(x)·Γ(1 − x) = π / sin(πx).
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let t = x + 7.5;
    let sum = C[1..]
        .iter()
        .enumerate()
        .fold(C[0], |acc, (i, c)| acc + c / (x + i as f64 + 1.0));
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// Dossier counts per status for one rule in one region.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Dossiers that passed.
    pub pass: u64,
    /// Dossiers with a violation.
    pub violation: u64,
    /// Dossiers still `open` (a term still running at the as-of date).
    pub open: u64,
    /// Dossiers `exempt` (an allowed exception).
    pub exempt: u64,
    /// Dossiers `waived` by a waiver file.
    pub waived: u64,
    /// Dossiers `unassessable` (data missing or contradictory).
    pub unassessable: u64,
}

impl Tally {
    /// Counts one dossier with status `s`; `not_applicable` is not counted.
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass += 1,
            Status::Violation => self.violation += 1,
            Status::Open => self.open += 1,
            Status::Exempt => self.exempt += 1,
            Status::Waived => self.waived += 1,
            Status::Unassessable => self.unassessable += 1,
            Status::NotApplicable => {}
        }
    }

    /// Undoes [`Tally::add`].
    pub fn remove(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass -= 1,
            Status::Violation => self.violation -= 1,
            Status::Open => self.open -= 1,
            Status::Exempt => self.exempt -= 1,
            Status::Waived => self.waived -= 1,
            Status::Unassessable => self.unassessable -= 1,
            Status::NotApplicable => {}
        }
    }

    /// Adds another tally's counts to this one.
    pub fn merge(&mut self, o: &Tally) {
        self.pass += o.pass;
        self.violation += o.violation;
        self.open += o.open;
        self.exempt += o.exempt;
        self.waived += o.waived;
        self.unassessable += o.unassessable;
    }

    /// Dossiers judged pass or violation.
    pub fn denominator(&self) -> u64 {
        self.pass + self.violation
    }

    /// Dossiers that passed.
    pub fn numerator(&self) -> u64 {
        self.pass
    }

    /// Applicable dossiers left out of the denominator.
    pub fn excluded(&self) -> u64 {
        self.open + self.exempt + self.waived + self.unassessable
    }
}

/// The figures of one rule in one region (or nationally).
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// The dossier counts per status.
    pub tally: Tally,
    /// `None` when the denominator is 0 or the figure is suppressed.
    pub rate: Option<f64>,
    /// The Wilson 95 % interval of the rate; `None` when there is no rate.
    pub ci95: Option<(f64, f64)>,
    /// Position against the 95 % limits; `None` nationally, when suppressed or without data.
    pub funnel: Option<Funnel>,
    /// Position against the 99.8 % limits.
    pub funnel_998: Option<Funnel>,
    /// The 95 % and 99.8 % limits the region was judged by.
    pub limits95: Option<(f64, f64)>,
    /// The 99.8 % limits (see `limits95`).
    pub limits998: Option<(f64, f64)>,
    /// Whether the figure is hidden: a denominator under the minimum, or `secondary`.
    pub suppressed: bool,
    /// Suppressed although its own denominator is large enough, so that a small suppressed
    /// region cannot be derived from the national figure (complementary suppression).
    pub secondary: bool,
    /// Whether the rate reaches the rule's target; `None` without a target or a rate.
    pub target_met: Option<bool>,
    /// The rule's target, which a printed rate is never rounded across ([`Stats::rate_pct`]).
    pub target: Option<f64>,
}

impl Stats {
    /// `reference`: the national rate for funnel limits (`None` for the national figure itself).
    pub fn compute(
        tally: Tally,
        reference: Option<f64>,
        target: Option<f64>,
        min_denominator: u64,
    ) -> Stats {
        let n = tally.denominator();
        let suppressed = n < min_denominator;
        let mut s = Stats {
            tally,
            rate: None,
            ci95: None,
            funnel: None,
            funnel_998: None,
            limits95: None,
            limits998: None,
            suppressed,
            secondary: false,
            target_met: None,
            target,
        };
        if n == 0 || suppressed {
            return s;
        }
        let rate = tally.pass as f64 / n as f64;
        s.rate = Some(rate);
        s.ci95 = wilson(tally.pass, n, Z95);
        if let Some(p) = reference {
            s.funnel = Some(classify(tally.pass, n, p, TAIL95));
            s.funnel_998 = Some(classify(tally.pass, n, p, TAIL998));
            s.limits95 = Some(funnel_limits(p, n, TAIL95));
            s.limits998 = Some(funnel_limits(p, n, TAIL998));
        }
        s.target_met = target.map(|t| rate >= t);
        s
    }

    /// The rate as a Dutch percentage at `decimals` (see [`pct_toward`]), `None` where no rate
    /// is shown.
    pub fn rate_pct(&self, decimals: usize) -> Option<String> {
        self.rate.map(|r| pct_against(r, decimals, self.target))
    }

    /// [`Stats::rate_pct`] without the sign.
    pub fn rate_digits(&self, decimals: usize) -> Option<String> {
        self.rate.map(|r| pct_toward(r, decimals, self.target))
    }

    /// The numerator, unless suppressed.
    pub fn numerator(&self) -> Option<u64> {
        (!self.suppressed).then_some(self.tally.pass)
    }

    /// Hides the figure to protect a small one elsewhere ([`complementary`]).
    fn suppress_secondary(&mut self) {
        *self = Stats {
            suppressed: true,
            secondary: true,
            ..Stats::compute(self.tally, None, self.target, u64::MAX)
        };
    }

    /// The cell text of a figure that is not shown: `<10` for a small denominator, `×` for a
    /// figure hidden so that a small one cannot be derived.
    pub fn hidden_mark(&self, min: u64) -> String {
        hidden_mark(self.secondary, min)
    }
}

/// The legend of the `×` mark, in every report that shows regional figures.
pub const SECONDARY_LEGEND: &str =
    "×: verborgen, omdat een kleine regio anders uit het landelijke cijfer af te leiden is";

/// See [`Stats::hidden_mark`].
pub fn hidden_mark(secondary: bool, min: u64) -> String {
    if secondary {
        "×".to_string()
    } else {
        format!("<{min}")
    }
}

/// What [`complementary`] needs to know of a regional figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cell {
    n: u64,
    /// The numerator of a rate; `None` for durations, whose mean has no all-or-nothing case.
    k: Option<u64>,
    suppressed: bool,
}

/// A regional figure that [`complementary`] can hide.
trait Hideable {
    fn cell(&self) -> Cell;
    fn hide(&mut self);
}

impl Hideable for Stats {
    fn cell(&self) -> Cell {
        Cell {
            n: self.tally.denominator(),
            k: Some(self.tally.pass),
            suppressed: self.suppressed,
        }
    }
    fn hide(&mut self) {
        self.suppress_secondary();
    }
}

impl Hideable for Durations {
    fn cell(&self) -> Cell {
        Cell {
            n: self.n,
            k: None,
            suppressed: self.suppressed,
        }
    }
    fn hide(&mut self) {
        self.suppress_secondary();
    }
}

/// Complementary suppression of each of `rules` columns (`column` picks a row's figures).
fn protect<T: Hideable>(
    rows: &mut [Row],
    rules: usize,
    column: fn(&mut Row) -> &mut Vec<T>,
    min: u64,
) {
    for i in 0..rules {
        let cells: Vec<Cell> = rows.iter_mut().map(|r| column(r)[i].cell()).collect();
        for j in complementary(&cells, min) {
            column(&mut rows[j])[i].hide();
        }
    }
}

/// Whether k of n is all or nothing: then every dossier in the group has that outcome, so the
/// group's total gives each member's rate away.
fn homogeneous(k: u64, n: u64) -> bool {
    k == 0 || k == n
}

/// Complementary suppression of one rule's regional figures: the national figure minus the
/// shown regions is the hidden regions' total, so it must give no suppressed region away.
/// While the hidden regions with data add up to fewer than `min` (one region: its numerator
/// exactly), the shown region with the smallest n (the first of equals) is hidden too. While
/// they are all or nothing together (0 of n or n of n: each hidden rate is then known), the
/// smallest shown region that breaks that is hidden too; hiding a smaller one that does not
/// break it would protect nothing. Returns the regions to hide as well.
fn complementary(cells: &[Cell], min: u64) -> Vec<usize> {
    let (mut n, mut k) = (0u64, Some(0u64));
    for c in cells.iter().filter(|c| c.suppressed) {
        n += c.n;
        k = k.zip(c.k).map(|(a, b)| a + b);
    }
    let mut extra: Vec<usize> = Vec::new();
    while n > 0 {
        let shown = cells
            .iter()
            .enumerate()
            .filter(|(i, c)| !c.suppressed && c.n > 0 && !extra.contains(i));
        let next = if n < min {
            shown.min_by_key(|(i, c)| (c.n, *i))
        } else if k.is_some_and(|k| homogeneous(k, n)) {
            // When no shown region breaks it, every region is all or nothing the same way: the
            // national figure says so itself, and nothing more is to be protected.
            shown
                .filter(|(_, c)| {
                    c.k.zip(k)
                        .is_some_and(|(ck, k)| !homogeneous(k + ck, n + c.n))
                })
                .min_by_key(|(i, c)| (c.n, *i))
        } else {
            None
        };
        let Some((i, c)) = next else { break };
        extra.push(i);
        n += c.n;
        k = k.zip(c.k).map(|(a, b)| a + b);
    }
    extra
}

/// The durations of a population rule per region (`values` per region, in order), suppressed as
/// the comparison suppresses them: under `min` values, and complementary. `check`'s human report
/// shows these, so that it never discloses a regional figure that `compare` hides.
pub fn protected_durations<'a>(
    values: impl IntoIterator<Item = &'a [f64]>,
    min: u64,
) -> Vec<Durations> {
    let mut ds: Vec<Durations> = values
        .into_iter()
        .map(|v| Durations::compute(v.to_vec(), min))
        .collect();
    let cells: Vec<Cell> = ds.iter().map(Hideable::cell).collect();
    for j in complementary(&cells, min) {
        ds[j].hide();
    }
    ds
}

/// Durations (months) of a population rule in one region (or nationally).
#[derive(Debug, Clone, PartialEq)]
pub struct Durations {
    /// Number of durations (dossiers with a value).
    pub n: u64,
    /// Mean duration in months; `None` when n is 0 or the figure is suppressed.
    pub mean: Option<f64>,
    /// Median duration in months; `None` when n is 0 or the figure is suppressed.
    pub median: Option<f64>,
    /// Whether the figure is hidden (n under the minimum, or `secondary`).
    pub suppressed: bool,
    /// Hidden by complementary suppression (see [`Stats::secondary`]).
    pub secondary: bool,
}

impl Durations {
    /// The figures of the durations `values` (months); suppressed when there are fewer than
    /// `min_n`.
    pub fn compute(mut values: Vec<f64>, min_n: u64) -> Durations {
        let n = values.len() as u64;
        let suppressed = n < min_n;
        if n == 0 || suppressed {
            return Durations {
                n,
                mean: None,
                median: None,
                suppressed,
                secondary: false,
            };
        }
        values.sort_by(f64::total_cmp);
        let len = values.len();
        let mean = values.iter().sum::<f64>() / len as f64;
        let median = if len % 2 == 1 {
            values[len / 2]
        } else {
            (values[len / 2 - 1] + values[len / 2]) / 2.0
        };
        Durations {
            n,
            mean: Some(mean),
            median: Some(median),
            suppressed,
            secondary: false,
        }
    }

    fn suppress_secondary(&mut self) {
        *self = Durations {
            n: self.n,
            mean: None,
            median: None,
            suppressed: true,
            secondary: true,
        };
    }
}

/// A rule compared as a rate.
#[derive(Debug, Clone)]
pub struct RateRule {
    /// Rule id, e.g. `VT-T01`.
    pub id: String,
    /// Title of the newest version of the rule.
    pub title: String,
    /// Severity of the newest version of the rule.
    pub severity: Severity,
    /// The target rate in [0, 1] from the options, if any.
    pub target: Option<f64>,
}

/// A population rule compared by its durations.
#[derive(Debug, Clone)]
pub struct DurationRule {
    /// Rule id, e.g. `VT-M04`.
    pub id: String,
    /// Title of the newest version of the rule.
    pub title: String,
    /// The norm in months, when it converts.
    pub norm_months: Option<f64>,
    /// The norm as the rule states it ("18 maanden").
    pub norm_text: String,
}

/// One region's figures (or the national ones), aligned with the rule lists.
#[derive(Debug, Clone)]
pub struct Row {
    /// Region code, or `national` for the national row.
    pub code: String,
    /// Region name from the region table (the code when unknown), or `Landelijk`.
    pub name: String,
    /// Dossiers in the measurement period.
    pub dossiers: u64,
    /// One entry per rate rule, in the order of `Comparison::rate_rules`.
    pub rates: Vec<Stats>,
    /// One entry per population rule, in the order of `Comparison::duration_rules`.
    pub durations: Vec<Durations>,
}

/// The input counts of a comparison.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Inputs {
    /// Dossier files read (as the check run's `files`); 0 when not built from a run.
    pub files: u64,
    /// Dossiers read, checked or rejected (as the check report's `inputs`).
    pub dossiers: u64,
    /// Of the checked ones, in the measurement period.
    pub in_period: u64,
    /// Of the dossiers read, the rejected ones (not checked).
    pub invalid: u64,
}

/// The whole comparison, ready for any format.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// The as-of date every dossier was judged at.
    pub as_of: NaiveDate,
    /// Where the as-of date came from; reports state it.
    pub as_of_source: AsOfSource,
    /// The measurement period.
    pub period: Period,
    /// The vtcheck version that made the comparison.
    pub tool_version: String,
    /// (name, version) of the rule sets.
    pub rulesets: Vec<(String, String)>,
    /// User rule files that changed embedded rules ([`crate::rules::RuleSet::changed_by`]).
    pub rules_changed_by: Vec<std::sync::Arc<str>>,
    /// The suppression minimum the figures were computed with.
    pub min_denominator: u64,
    /// Input counts.
    pub inputs: Inputs,
    /// Rules compared as rates, in catalogue order.
    pub rate_rules: Vec<RateRule>,
    /// Population rules compared by durations, in catalogue order.
    pub duration_rules: Vec<DurationRule>,
    /// The national figures (all regions together).
    pub national: Row,
    /// Sorted by region code.
    pub regions: Vec<Row>,
    /// Current regions of the region table (code, name) without any dossier in the period:
    /// valid on the as-of date and not merged into an `opvolger`.
    pub missing_regions: Vec<(String, String)>,
}

impl Comparison {
    /// The regions without dossiers by name, for the reports that name regions so (markdown,
    /// html).
    pub fn missing_names(&self) -> String {
        self.missing_list(|(_, name)| name)
    }

    /// The codes of the regions without dossiers: the terminal table uses codes throughout.
    pub fn missing_codes(&self) -> String {
        self.missing_list(|(code, _)| code)
    }

    /// The regions without dossiers, each as `part` of its (code, name), separated by commas.
    fn missing_list(&self, part: impl Fn(&(String, String)) -> &String) -> String {
        let parts: Vec<&str> = self
            .missing_regions
            .iter()
            .map(|r| part(r).as_str())
            .collect();
        parts.join(", ")
    }

    /// Index of rule `id` in `rate_rules`, if it is compared as a rate.
    pub fn rate_index(&self, id: &str) -> Option<usize> {
        self.rate_rules.iter().position(|r| r.id == id)
    }

    /// Rules that have a target, with their index.
    pub fn targeted(&self) -> impl Iterator<Item = (usize, &RateRule, f64)> {
        self.rate_rules
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.target.map(|t| (i, r, t)))
    }

    /// The rule set names for headers: "handelingsprotocol-2019 versie 1", and the user files
    /// that changed embedded rules, as the check report's header names them.
    pub fn rulesets_nl(&self) -> String {
        self.rulesets
            .iter()
            .map(|(n, v)| format!("{n} versie {v}"))
            .collect::<Vec<_>>()
            .join(", ")
            + &crate::report::human::changed_by_nl(&self.rules_changed_by)
    }

    /// Where the as-of date came from, in Dutch.
    pub fn as_of_source_nl(&self) -> String {
        crate::report::human::as_of_source_nl(&self.as_of_source)
    }
}

/// Whether a rule id is selected by the `only` list (ids or prefixes).
fn selected(only: &[String], id: &str) -> bool {
    only.is_empty() || only.iter().any(|o| id.starts_with(o.as_str()))
}

/// How each rule index feeds the comparison.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Rate(usize),
    Duration(usize),
    Skip,
}

fn term_months(t: crate::calendar::Term) -> Option<f64> {
    // The same month length as the engine's durations (`months_between`).
    let days = |d: f64| d / (365.2425 / 12.0);
    match t.eenheid {
        Unit::Maanden => Some(f64::from(t.aantal)),
        Unit::Weken => Some(days(f64::from(t.aantal) * 7.0)),
        Unit::Dagen => Some(days(f64::from(t.aantal))),
        // Refused in rule files (no fixed length in months); a rule built in code has none.
        Unit::Werkdagen => None,
    }
}

#[derive(Default)]
struct RegionAcc {
    dossiers: u64,
    tallies: Vec<Tally>,
    samples: Vec<Vec<f64>>,
}

/// How each rule of the set feeds the comparison, and the rate and duration rules in catalogue
/// order.
struct Layout {
    slots: Vec<Slot>,
    rate_rules: Vec<RateRule>,
    duration_rules: Vec<DurationRule>,
}

impl Layout {
    fn new(rules: &RuleSet, opts: &CompareOptions) -> Layout {
        // Rule ids in catalogue order (first appearance); versions share a slot.
        let mut rate_rules: Vec<RateRule> = Vec::new();
        let mut duration_rules: Vec<DurationRule> = Vec::new();
        let mut slots = Vec::with_capacity(rules.rules.len());
        for r in &rules.rules {
            if !selected(&opts.only, &r.id) {
                slots.push(Slot::Skip);
                continue;
            }
            let newest = rules.get(&r.id).unwrap_or(r);
            if let Check::Population(p) = &newest.check {
                let i = match duration_rules.iter().position(|d| d.id == r.id) {
                    Some(i) => i,
                    None => {
                        duration_rules.push(DurationRule {
                            id: r.id.clone(),
                            title: newest.title.clone(),
                            norm_months: term_months(p.norm),
                            norm_text: p.norm.describe(),
                        });
                        duration_rules.len() - 1
                    }
                };
                slots.push(Slot::Duration(i));
            } else {
                let i = match rate_rules.iter().position(|d| d.id == r.id) {
                    Some(i) => i,
                    None => {
                        let target = opts
                            .targets
                            .iter()
                            .rev()
                            .find(|(id, _)| *id == r.id)
                            .map(|(_, t)| *t);
                        rate_rules.push(RateRule {
                            id: r.id.clone(),
                            title: newest.title.clone(),
                            severity: newest.severity,
                            target,
                        });
                        rate_rules.len() - 1
                    }
                };
                slots.push(Slot::Rate(i));
            }
        }
        Layout {
            slots,
            rate_rules,
            duration_rules,
        }
    }
}

/// The statuses of a record on disk, by their byte (0: no status).
const STATUSES: [Status; 7] = [
    Status::Pass,
    Status::NotApplicable,
    Status::Exempt,
    Status::Open,
    Status::Unassessable,
    Status::Violation,
    Status::Waived,
];

/// Tallies the comparison from verdicts as they arrive in input order, in memory that does not
/// grow with the export: counts per region and rule, and the durations of population rules
/// (8 bytes per dossier with a value, as in the check's own aggregates).
///
/// A dossier id read twice counts once, at its first occurrence in the period (in reading
/// order). Every counted dossier leaves a small record (location, region, statuses, durations)
/// in an anonymous temporary file; at the end, the records of the ids the run found twice are
/// read back and all but the first are taken out of the tallies again. Without duplicates the
/// file is never read. If it cannot be written, the records stay in memory.
pub struct Tallier {
    layout: Layout,
    period: Period,
    accs: BTreeMap<Arc<str>, RegionAcc>,
    in_period: u64,
    verdicts: u64,
    statuses: Vec<Option<Status>>,
    names: Names,
    records: Records,
}

/// The records: a buffer, written to a temporary file when full.
struct Records {
    /// Bytes per write (a parameter so a test can spill a few records).
    block: usize,
    buf: Vec<u8>,
    file: Option<std::fs::File>,
    /// Bytes of whole blocks in the file: a block whose write failed part-way is not counted
    /// (its bytes are still in `buf`).
    written: u64,
    /// The file could not be created or written: everything from then on stays in `buf`.
    in_memory: bool,
}

impl Default for Records {
    fn default() -> Self {
        Records {
            block: 1 << 20,
            buf: Vec::new(),
            file: None,
            written: 0,
            in_memory: false,
        }
    }
}

impl Records {
    fn flush_if_full(&mut self) {
        use std::io::Write;
        if self.in_memory || self.buf.len() < self.block {
            return;
        }
        if self.file.is_none() {
            self.file = crate::spill::anonymous().ok();
        }
        match self.file.as_mut().map(|f| f.write_all(&self.buf)) {
            Some(Ok(())) => {
                self.written += self.buf.len() as u64;
                self.buf.clear();
            }
            _ => self.in_memory = true,
        }
    }

    /// Every record byte in the order written: the file's whole blocks, then the buffer.
    fn reader(&mut self) -> std::io::Result<impl std::io::Read + '_> {
        use std::io::{Read, Seek};
        let file = match self.file.as_mut() {
            Some(f) => {
                f.rewind()?;
                Some(f.take(self.written))
            }
            None => None,
        };
        let head: Box<dyn Read + '_> = match file {
            Some(f) => Box::new(f),
            None => Box::new(std::io::empty()),
        };
        Ok(std::io::BufReader::with_capacity(1 << 16, head).chain(&self.buf[..]))
    }
}

/// Regions by index for the records (a handful, looked up). Files go by the number the run
/// gives them ([`Verdict::file_index`]), which the duplicate check uses too.
#[derive(Default)]
struct Names {
    regions: Vec<Arc<str>>,
    region_index: std::collections::HashMap<Arc<str>, u32>,
}

impl Names {
    fn region(&mut self, name: &Arc<str>) -> u32 {
        let next = self.regions.len() as u32;
        let i = *self.region_index.entry(name.clone()).or_insert(next);
        if i == next {
            self.regions.push(name.clone());
        }
        i
    }
}

impl Tallier {
    /// An empty tallier for the rules of `rules` that `opts.only` selects, with its period and
    /// targets.
    pub fn new(rules: &RuleSet, opts: &CompareOptions) -> Tallier {
        let layout = Layout::new(rules, opts);
        Tallier {
            statuses: vec![None; layout.rate_rules.len()],
            layout,
            period: opts.period,
            accs: BTreeMap::new(),
            in_period: 0,
            verdicts: 0,
            names: Names::default(),
            records: Records::default(),
        }
    }

    /// One checked dossier, in input order.
    pub fn add(&mut self, v: &Verdict) {
        self.verdicts += 1;
        let file = v.file_index;
        if !self.period.contains(v.received) {
            return;
        }
        let layout = &self.layout;
        self.statuses.iter_mut().for_each(|s| *s = None);
        for (ri, st) in v.statuses.iter().enumerate() {
            if let Some(Slot::Rate(i)) = layout.slots.get(ri)
                && *st != Status::NotApplicable
                && self.statuses[*i].is_none_or(|cur| st.rank() > cur.rank())
            {
                self.statuses[*i] = Some(*st);
            }
        }
        let samples: Vec<(usize, f64)> = v
            .samples
            .iter()
            .filter_map(|(ri, value)| match layout.slots.get(*ri) {
                Some(Slot::Duration(i)) => Some((*i, *value)),
                _ => None,
            })
            .collect();
        let region = self.names.region(&v.region);
        // The record: file, line, column, region (u32 each), a byte per rate rule, the number of
        // durations, then each as (u32 index, f64).
        let b = &mut self.records.buf;
        for x in [file, v.pos.line, v.pos.col, region] {
            b.extend_from_slice(&x.to_le_bytes());
        }
        b.extend(self.statuses.iter().map(|s| {
            s.and_then(|s| STATUSES.iter().position(|x| *x == s))
                .map_or(0, |i| i as u8 + 1)
        }));
        b.extend_from_slice(&(samples.len() as u32).to_le_bytes());
        for (i, value) in &samples {
            b.extend_from_slice(&(*i as u32).to_le_bytes());
            b.extend_from_slice(&value.to_le_bytes());
        }
        self.records.flush_if_full();
        let statuses = std::mem::take(&mut self.statuses);
        self.count(&v.region, &statuses, &samples, true);
        self.statuses = statuses;
    }

    /// Adds one dossier's contribution to its region, or takes it out again.
    fn count(
        &mut self,
        region: &Arc<str>,
        statuses: &[Option<Status>],
        samples: &[(usize, f64)],
        add: bool,
    ) {
        let (rates, durations) = (
            self.layout.rate_rules.len(),
            self.layout.duration_rules.len(),
        );
        let acc = self
            .accs
            .entry(region.clone())
            .or_insert_with(|| RegionAcc {
                dossiers: 0,
                tallies: vec![Tally::default(); rates],
                samples: vec![Vec::new(); durations],
            });
        if add {
            self.in_period += 1;
            acc.dossiers += 1;
        } else {
            self.in_period -= 1;
            acc.dossiers -= 1;
        }
        for (t, s) in acc.tallies.iter_mut().zip(statuses) {
            if let Some(s) = s {
                if add {
                    t.add(*s);
                } else {
                    t.remove(*s);
                }
            }
        }
        for (i, value) in samples {
            let v = &mut acc.samples[*i];
            if add {
                v.push(*value);
            } else if let Some(k) = v.iter().rposition(|x| x.to_bits() == value.to_bits()) {
                v.swap_remove(k);
            }
        }
        // A region whose only dossiers were later copies has none in the period: it is not
        // compared, but listed with the regions without dossiers.
        if acc.dossiers == 0 {
            self.accs.remove(region);
        }
    }

    /// Takes the later occurrences of duplicated ids out again: of each id's occurrences in
    /// the period, the first in reading order stays.
    fn remove_duplicates(&mut self, duplicates: &[crate::check::Duplicate]) -> std::io::Result<()> {
        use std::io::Read;
        if duplicates.is_empty() {
            return Ok(());
        }
        // Every occurrence of a duplicated id, by location (file number, line, column), with its
        // id's group (the location of the id's first occurrence).
        let mut group: std::collections::HashMap<(u32, u32, u32), usize> =
            std::collections::HashMap::new();
        for d in duplicates {
            let first = (d.first_file_index, d.first_pos.line, d.first_pos.col);
            let n = group.len();
            let g = *group.entry(first).or_insert(n);
            group.insert((d.file_index, d.pos.line, d.pos.col), g);
        }
        let rates = self.layout.rate_rules.len();
        let mut claimed = std::collections::HashSet::new();
        let mut undo = Vec::new();
        {
            let mut r = self.records.reader()?;
            let mut head = vec![0u8; 16 + rates + 4];
            let u32_at =
                |b: &[u8], i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
            loop {
                match r.read_exact(&mut head) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
                    Err(e) => return Err(e),
                }
                let key = (u32_at(&head, 0), u32_at(&head, 4), u32_at(&head, 8));
                let region = u32_at(&head, 12);
                let mut samples = Vec::new();
                for _ in 0..u32_at(&head, 16 + rates) {
                    let mut b = [0u8; 12];
                    r.read_exact(&mut b)?;
                    let mut f = [0u8; 8];
                    f.copy_from_slice(&b[4..]);
                    samples.push((u32_at(&b, 0) as usize, f64::from_le_bytes(f)));
                }
                let Some(&g) = group.get(&key) else {
                    continue;
                };
                if !claimed.insert(g) {
                    let statuses: Vec<Option<Status>> = head[16..16 + rates]
                        .iter()
                        .map(|b| {
                            b.checked_sub(1)
                                .and_then(|i| STATUSES.get(usize::from(i)).copied())
                        })
                        .collect();
                    undo.push((region, statuses, samples));
                }
            }
        }
        // Later copies are few (each is an input error), so they are held until the read ends.
        for (region, statuses, samples) in undo {
            let region = self.names.regions[region as usize].clone();
            self.count(&region, &statuses, &samples, false);
        }
        Ok(())
    }

    /// The comparison of the run the verdicts came from (its counts, as-of date and
    /// duplicates).
    pub fn finish(
        mut self,
        run: &CheckRun,
        rules: &RuleSet,
        regions: &RegionTable,
        opts: &CompareOptions,
        tool_version: &str,
    ) -> std::io::Result<Comparison> {
        if !run.duplicates_complete {
            // Copies of a dossier would count twice, and nothing in the figures would say so.
            return Err(std::io::Error::other(
                "de controle op dubbele dossiernummers is niet afgerond",
            ));
        }
        self.remove_duplicates(&run.duplicates)?;
        let mut c = self.comparison(
            run.as_of,
            run.as_of_source.clone(),
            rules,
            regions,
            opts,
            tool_version,
        );
        c.inputs.files = run.files;
        c.inputs.dossiers = run.dossiers();
        c.inputs.invalid = run.invalid;
        Ok(c)
    }

    fn comparison(
        self,
        as_of: NaiveDate,
        as_of_source: AsOfSource,
        rules: &RuleSet,
        regions: &RegionTable,
        opts: &CompareOptions,
        tool_version: &str,
    ) -> Comparison {
        let Layout {
            rate_rules,
            duration_rules,
            ..
        } = self.layout;
        let accs = self.accs;
        let in_period = self.in_period;
        // National figures first: they are the funnel's reference.
        let min = opts.min_denominator;
        let mut national_tallies = vec![Tally::default(); rate_rules.len()];
        let mut national_samples: Vec<Vec<f64>> = vec![Vec::new(); duration_rules.len()];
        for acc in accs.values() {
            for (n, t) in national_tallies.iter_mut().zip(&acc.tallies) {
                n.merge(t);
            }
            for (n, s) in national_samples.iter_mut().zip(&acc.samples) {
                n.extend_from_slice(s);
            }
        }
        let national_rates: Vec<Stats> = national_tallies
            .iter()
            .zip(&rate_rules)
            .map(|(t, r)| Stats::compute(*t, None, r.target, min))
            .collect();
        // The reference is the national rate itself, even when too small to show.
        let reference: Vec<Option<f64>> = national_tallies
            .iter()
            .map(|t| (t.denominator() > 0).then(|| t.pass as f64 / t.denominator() as f64))
            .collect();
        let national = Row {
            code: NATIONAL.to_string(),
            name: "Landelijk".to_string(),
            dossiers: in_period,
            rates: national_rates,
            durations: national_samples
                .into_iter()
                .map(|s| Durations::compute(s, min))
                .collect(),
        };
        let mut rows: Vec<Row> = accs
            .into_iter()
            .map(|(code, acc)| Row {
                name: regions
                    .get(&code)
                    .map_or_else(|| code.to_string(), |r| r.naam.clone()),
                code: code.to_string(),
                dossiers: acc.dossiers,
                rates: acc
                    .tallies
                    .iter()
                    .zip(&rate_rules)
                    .zip(&reference)
                    .map(|((t, r), p)| Stats::compute(*t, *p, r.target, min))
                    .collect(),
                durations: acc
                    .samples
                    .into_iter()
                    .map(|s| Durations::compute(s, min))
                    .collect(),
            })
            .collect();
        protect(&mut rows, rate_rules.len(), |r| &mut r.rates, min);
        protect(&mut rows, duration_rules.len(), |r| &mut r.durations, min);
        // Only current regions: not merged into an `opvolger` and valid on the as-of date at
        // both ends, so that neither one yet to start nor one that has ended reads as a region
        // that sent no dossiers.
        let missing_regions = regions
            .codes()
            .iter()
            .filter(|c| regions.get(c).is_some_and(|r| r.opvolger.is_none()))
            .filter(|c| regions.valid_on(c, as_of))
            .filter(|c| !rows.iter().any(|r| r.code == **c))
            .map(|c| {
                let name = regions
                    .get(c)
                    .map_or_else(|| c.to_string(), |r| r.naam.clone());
                (c.to_string(), name)
            })
            .collect();
        Comparison {
            as_of,
            as_of_source,
            period: opts.period,
            tool_version: tool_version.to_string(),
            rulesets: rules.names.clone(),
            rules_changed_by: rules.changed_by.clone(),
            min_denominator: min,
            inputs: Inputs {
                files: 0,
                dossiers: self.verdicts,
                in_period,
                invalid: 0,
            },
            rate_rules,
            duration_rules,
            national,
            regions: rows,
            missing_regions,
        }
    }
}

/// The comparison of per-dossier verdicts held in memory (each with its region, receipt date,
/// status per rule index and population samples), in the given order: an id given twice counts
/// once, at its first occurrence in the period. For embedding; the CLI tallies as it checks
/// ([`Tallier`]).
pub fn from_verdicts(
    as_of: NaiveDate,
    as_of_source: AsOfSource,
    verdicts: &[Verdict],
    rules: &RuleSet,
    regions: &RegionTable,
    opts: &CompareOptions,
    tool_version: &str,
) -> Comparison {
    let mut t = Tallier::new(rules, opts);
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for v in verdicts {
        if opts.period.contains(v.received) && !seen.insert(&v.dossier) {
            t.verdicts += 1; // a later copy: read, not counted
        } else {
            t.add(v);
        }
    }
    t.comparison(as_of, as_of_source, rules, regions, opts, tool_version)
}

/// Formats a share as a Dutch percentage: 0.8734 → "87,3 %" (see [`pct_digits`]).
pub fn pct(x: f64, decimals: usize) -> String {
    format!("{} %", pct_digits(x, decimals))
}

/// A share in percent without the sign, rounded as [`dec`] rounds: 0.8734 → "87,3". Every
/// percentage of every format goes through here. A share under 1 never shows as 100, nor one
/// over 0 as 0: it shows the nearest value below (above) at the precision, as 432 of 433 shows
/// 99 and not 100, which an auditor reads as "no violations".
pub fn pct_digits(x: f64, decimals: usize) -> String {
    dec(pct_value(x, decimals), decimals)
}

/// The value [`pct_digits`] prints, in percent.
fn pct_value(x: f64, decimals: usize) -> f64 {
    let step = 10f64.powi(-(decimals as i32));
    let v = round_half_up(x * 100.0, decimals);
    if x < 1.0 && v >= 100.0 {
        100.0 - step
    } else if x > 0.0 && v <= 0.0 {
        step
    } else {
        v
    }
}

/// [`pct_digits`] for a rate judged against a `target`: never rounded across it, so that a
/// rate under the norm does not show as the norm ("90,0 % ✗ niet gehaald" under "norm ≥ 90 %")
/// and one that meets it does not show as less. Such a rate shows the nearest value on its own
/// side of the target at the precision: 0.8995 against 0.90 shows 89,9.
pub fn pct_toward(x: f64, decimals: usize, target: Option<f64>) -> String {
    dec(pct_toward_value(x, decimals, target), decimals)
}

/// The value [`pct_toward`] prints, in percent.
fn pct_toward_value(x: f64, decimals: usize, target: Option<f64>) -> f64 {
    let v = pct_value(x, decimals);
    let Some(t) = target else {
        return v;
    };
    let step = 10f64.powi(-(decimals as i32));
    // The target in percent, as exactly as [`norm_pct`] prints it.
    let tp = t * 100.0;
    let tiny = step * 1e-6;
    if x < t && v >= tp - tiny {
        // The largest step under the target.
        (((tp - tiny) / step).ceil() - 1.0) * step
    } else if x >= t && v < tp - tiny {
        // The smallest step at or over the target.
        ((tp - tiny) / step).ceil() * step
    } else {
        v
    }
}

/// A rate as a share in [0, 1] with six decimals, Dutch ("0,899999"), for CSV: rounded as the
/// percentages of the other formats (four decimals of a percent), so that a spreadsheet does not
/// show a rate under the norm as the norm, nor one short of all as 1.
pub fn share_toward(x: f64, target: Option<f64>) -> String {
    format!("{:.6}", pct_toward_value(x, 4, target) / 100.0).replace('.', ",")
}

/// [`pct_toward`] with the sign: "89,9 %".
pub fn pct_against(x: f64, decimals: usize, target: Option<f64>) -> String {
    format!("{} %", pct_toward(x, decimals, target))
}

/// The legends' word on [`pct_toward`], after a sentence: why 89,95 % shows 89 under a norm of
/// 90 % where a rule without a norm shows 90. No example figures: the norm may be another.
pub const NORM_ROUNDING: &str = " Een percentage wordt nooit over de norm van zijn regel heen \
     afgerond: 89,96 % bij een norm van 90 % staat als 89 (89,9), niet als 90, en een percentage \
     dat de norm haalt, staat nooit onder de norm.";

/// A target in percent with as many decimals as it has (up to four), Dutch: 0.9 → "90 %",
/// 0.895 → "89,5 %". Rounding a norm to whole percents would print a norm other than the one
/// applied, and a region under it marked as meeting it.
pub fn norm_pct(t: f64) -> String {
    let s = format!("{:.4}", round_half_up(t * 100.0, 4));
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{} %", s.replace('.', ","))
}

/// A 95 % interval in percent as "lo–hi", rounded outward (the lower bound down, the upper one
/// up) so that the printed interval holds the computed one: a lower bound of 0.04 % prints as
/// 0,0 and not as 0,1. The "never 0 or 100" of [`pct_digits`] is for shares of counts; a bound
/// is no count. `sign` adds " %" to each bound.
pub fn ci_range(ci: (f64, f64), decimals: usize, sign: bool) -> String {
    let (down, up) = ci_outward(ci, decimals);
    let unit = if sign { " %" } else { "" };
    format!("{}{unit}–{}{unit}", dec(down, decimals), dec(up, decimals))
}

/// The bounds [`ci_range`] prints, in percent: rounded outward at `decimals`, within 0–100.
fn ci_outward((lo, hi): (f64, f64), decimals: usize) -> (f64, f64) {
    let scale = 10f64.powi(decimals as i32);
    // The nudge keeps a bound that binary holds just off a step (0.1 · 100 · 10) on the step.
    let down = (lo * 100.0 * scale + 1e-9).floor() / scale;
    let up = (hi * 100.0 * scale - 1e-9).ceil() / scale;
    (down.max(0.0), up.min(100.0))
}

/// A 95 % interval as shares with six decimals, Dutch, for CSV: rounded outward as
/// [`ci_range`] rounds, so that the printed interval holds the computed one there too.
pub fn ci_shares(ci: (f64, f64)) -> (String, String) {
    let (down, up) = ci_outward(ci, 4);
    let share = |v: f64| format!("{:.6}", v / 100.0).replace('.', ",");
    (share(down), share(up))
}

/// A Dutch decimal number, rounded half up: 17.25 → "17,3".
pub fn dec(x: f64, decimals: usize) -> String {
    format!("{:.decimals$}", round_half_up(x, decimals)).replace('.', ",")
}

/// Rounds half up (away from zero), as Dutch reports do; Rust's formatting rounds an exact tie
/// to even (5/8 → "62"). The nudge also rounds up a tie that binary holds just under the half
/// (29/200 · 100 = 14.499…); a share of counts under 10^8 is never that close to a tie otherwise.
fn round_half_up(x: f64, decimals: usize) -> f64 {
    let scale = 10f64.powi(decimals as i32);
    let up = |v: f64| (v * scale + 0.5 + 1e-9).floor() / scale;
    if x < 0.0 { -up(-x) } else { up(x) }
}

/// "1 regio", "3 regio's".
pub fn regios(n: usize) -> String {
    if n == 1 {
        "1 regio".to_string()
    } else {
        format!("{n} regio's")
    }
}

/// "1 dossier", "3 dossiers".
pub fn dossiers(n: u64) -> String {
    if n == 1 {
        "1 dossier".to_string()
    } else {
        format!("{n} dossiers")
    }
}

/// "haalt" after "van 1 regio", "halen" after "van 3 regio's": the verb agrees with the regions
/// counted ("0 van 1 regio haalt de norm").
pub fn halen(regions: usize) -> &'static str {
    if regions == 1 { "haalt" } else { "halen" }
}

/// Parses a target: `0.9`, `0,9`, `90%` or `90 %`; must lie in [0, 1] (or [0, 100] %).
pub fn parse_target(s: &str) -> Result<f64, String> {
    let t = s.trim().replace(',', ".");
    let (num, percent) = match t.strip_suffix('%') {
        Some(n) => (n.trim().to_string(), true),
        None => (t.clone(), false),
    };
    // A percentage is read as the decimal it writes, shifted: `86.4%` is 0.864 exactly as
    // `0.864` is. Dividing by 100 gave 0.8640000000000001, so a region at exactly 86,4 % missed
    // the norm (rev52 F1).
    let v: f64 = if percent {
        format!("{num}e-2").parse::<f64>()
    } else {
        num.parse::<f64>()
    }
    .map_err(|_| format!("ongeldige norm '{s}': verwacht bijvoorbeeld 0.90 of 90%"))?;
    // `-0%` is the norm 0, not -0.0 in the JSON.
    let v = v + 0.0;
    if !(0.0..=1.0).contains(&v) || !v.is_finite() {
        return Err(format!(
            "ongeldige norm '{s}': een aandeel tussen 0 en 1 (of 0% en 100%)"
        ));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A percentage and the share it writes are the same number, so a rate that meets one
    /// meets the other (108 of 125 is exactly 86,4 %).
    #[test]
    fn a_percentage_norm_is_the_share_it_writes() {
        for (pct, share) in [
            ("86.4%", 0.864),
            ("86,4 %", 0.864),
            ("89.45%", 0.8945),
            ("90%", 0.9),
            ("80 %", 0.8),
            ("100%", 1.0),
            ("0%", 0.0),
            ("33.3%", 0.333),
        ] {
            assert_eq!(parse_target(pct), Ok(share), "{pct}");
        }
        assert_eq!(parse_target("-0%").map(f64::is_sign_positive), Ok(true));
        assert!(108.0 / 125.0 >= parse_target("86.4%").unwrap());
        assert!(1789.0 / 2000.0 >= parse_target("89.45%").unwrap());
        for bad in ["1e5%", "nan%", "inf%", "101%", "-1%", "x%"] {
            assert!(parse_target(bad).is_err(), "{bad}");
        }
    }

    /// Only whole blocks of the temporary file are read back: bytes a failed write left behind
    /// are not records (the block is still in the buffer).
    #[test]
    fn records_read_back_whole_blocks_only() {
        use std::io::{Read, Write};
        let mut r = Records {
            block: 4,
            ..Records::default()
        };
        r.buf.extend_from_slice(b"abcd");
        r.flush_if_full();
        assert_eq!(r.written, 4);
        // A later block fails part-way: two of its bytes reach the file, all stay buffered.
        r.buf.extend_from_slice(b"efgh");
        r.file.as_mut().unwrap().write_all(b"ef").unwrap();
        r.in_memory = true;
        r.buf.extend_from_slice(b"ij");
        let mut back = Vec::new();
        r.reader().unwrap().read_to_end(&mut back).unwrap();
        assert_eq!(back, b"abcdefghij");
    }

    /// The streaming tally, with its records spilled to disk a few at a time and duplicates
    /// taken out at the end, gives the comparison that deduplicating up front gives.
    #[test]
    fn streaming_tally_with_duplicates_matches_deduplicating_first() {
        use crate::check::Duplicate;
        use crate::dossier::Pos;
        let rules = crate::rules::embedded().expect("embedded rules");
        let regions = RegionTable::default_table();
        let population = rules.rules.iter().position(|r| r.is_population());
        let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        let codes = ["utrecht", "twente", "drenthe", "amsterdam-amstelland"];
        let files: Vec<Arc<str>> = vec!["b.jsonl".into(), "a.jsonl".into()];
        // A small pseudo-random walk: ids from a pool smaller than the count, so many repeat,
        // and a repeated id may differ in region, date and statuses.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        let verdicts: Vec<Verdict> = (0..600u32)
            .map(|i| Verdict {
                dossier: format!("D-{}", next(400)).into(),
                region: codes[next(4) as usize].into(),
                received: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
                    + chrono::Duration::days(next(900) as i64),
                file: files[(i / 300) as usize].clone(),
                file_index: i / 300,
                pos: Pos::new(i % 300 + 1, 1, 0),
                statuses: (0..rules.rules.len())
                    .map(|_| STATUSES[next(7) as usize])
                    .collect(),
                samples: population
                    .filter(|_| next(3) == 0)
                    .map(|p| (p, next(40) as f64 / 2.0))
                    .into_iter()
                    .collect(),
            })
            .collect();
        // What the run's duplicate check reports: each later occurrence with the first.
        let mut first: std::collections::HashMap<&str, &Verdict> = std::collections::HashMap::new();
        let mut duplicates = Vec::new();
        for v in &verdicts {
            match first.get(&*v.dossier) {
                Some(f) => duplicates.push(Duplicate {
                    pos: v.pos,
                    first_pos: f.pos,
                    file_index: v.file_index,
                    first_file_index: f.file_index,
                    checked: true,
                    first_checked: true,
                }),
                None => {
                    first.insert(&v.dossier, v);
                }
            }
        }
        assert!(duplicates.len() > 100);
        for period in [
            Period::default(),
            Period {
                van: NaiveDate::from_ymd_opt(2024, 1, 1),
                tot: NaiveDate::from_ymd_opt(2025, 1, 1),
            },
        ] {
            let opts = CompareOptions {
                period,
                min_denominator: 1,
                ..CompareOptions::default()
            };
            let mut t = Tallier::new(&rules, &opts);
            t.records.block = 64;
            for v in &verdicts {
                t.add(v);
            }
            assert!(t.records.file.is_some(), "records were spilled");
            t.remove_duplicates(&duplicates).unwrap();
            let streamed = t.comparison(as_of, AsOfSource::Flag, &rules, &regions, &opts, "0");
            let upfront = from_verdicts(
                as_of,
                AsOfSource::Flag,
                &verdicts,
                &rules,
                &regions,
                &opts,
                "0",
            );
            assert_eq!(streamed.inputs.in_period, upfront.inputs.in_period);
            assert_eq!(
                json::render(&streamed),
                json::render(&upfront),
                "{period:?}"
            );
        }
    }

    #[test]
    fn wilson_known_values() {
        // 0 of 10: upper bound (z²/n)/(1+z²/n).
        let (lo, hi) = wilson(0, 10, Z95).unwrap();
        assert_eq!(lo, 0.0);
        let z2 = Z95 * Z95;
        assert!((hi - (z2 / 10.0) / (1.0 + z2 / 10.0)).abs() < 1e-12);
        let (lo, hi) = wilson(10, 10, Z95).unwrap();
        assert_eq!(hi, 1.0);
        assert!((lo - 1.0 / (1.0 + z2 / 10.0)).abs() < 1e-12);
        assert_eq!(wilson(0, 0, Z95), None);
        // Exactly 0 and 1 at the edges for every n, not 3e-17 or 0.9999999999999999.
        for n in 1..3000 {
            assert_eq!(wilson(0, n, Z95).unwrap().0, 0.0, "0 of {n}");
            assert_eq!(wilson(n, n, Z95).unwrap().1, 1.0, "{n} of {n}");
        }
    }

    /// P(X ≤ k) summed term by term from the recurrence of the binomial probabilities, in
    /// logarithms (no incomplete beta function): the reference for [`binom_cdf`].
    fn cdf_by_terms(k: u64, n: u64, p: f64) -> f64 {
        let (lp, lq) = (p.ln(), (1.0 - p).ln());
        let mut log_term = n as f64 * lq;
        let mut sum = 0.0;
        for j in 0..=k.min(n) {
            if j > 0 {
                log_term += ((n - j + 1) as f64).ln() - (j as f64).ln() + lp - lq;
            }
            sum += log_term.exp();
        }
        sum.min(1.0)
    }

    #[test]
    fn the_binomial_distribution_matches_its_terms() {
        for n in [1u64, 2, 7, 12, 50, 333, 1000, 4000] {
            for p in [0.001, 0.03, 0.2, 0.5, 0.77, 0.95, 0.99506, 0.9999] {
                for k in (0..=n).step_by((n as usize / 40).max(1)) {
                    let (got, want) = (binom_cdf(k, n, p), cdf_by_terms(k, n, p));
                    assert!(
                        (got - want).abs() < 1e-10 * want.max(1e-3),
                        "P(X ≤ {k}) for n = {n}, p = {p}: {got} against {want}"
                    );
                }
            }
        }
        assert_eq!(binom_cdf(5, 5, 0.3), 1.0);
        assert_eq!(binom_cdf(2, 5, 0.0), 1.0);
        assert_eq!(binom_cdf(2, 5, 1.0), 0.0);
    }

    #[test]
    fn funnel_limits_and_positions_are_exact_binomial() {
        assert_eq!(funnel_limits(1.0, 50, TAIL95), (1.0, 1.0));
        assert_eq!(funnel_limits(0.7, 0, TAIL95), (0.0, 1.0));
        // n = 100, p = 0.5: P(X ≤ 39) = 0.0176 (under 2.5 %, over 0.1 %), P(X ≤ 40) = 0.0284.
        assert_eq!(classify(39, 100, 0.5, TAIL95), Funnel::Below);
        assert_eq!(classify(40, 100, 0.5, TAIL95), Funnel::Within);
        assert_eq!(classify(39, 100, 0.5, TAIL998), Funnel::Within);
        assert_eq!(classify(61, 100, 0.5, TAIL95), Funnel::Above);
        assert_eq!(classify(60, 100, 0.5, TAIL95), Funnel::Within);
        assert_eq!(classify(100, 100, 1.0, TAIL95), Funnel::Within);
        assert_eq!(classify(0, 100, 0.0, TAIL95), Funnel::Within);
        // One violation in 12 where the country passes 99.5 %: a 5.8 % chance, within both
        // (the normal approximation put it below the 99.8 % limit).
        let p = 1007.0 / 1012.0;
        assert!((1.0 - binom_cdf(11, 12, p) - p.powi(12)).abs() < 1e-12);
        assert_eq!(classify(11, 12, p, TAIL95), Funnel::Within);
        assert_eq!(classify(11, 12, p, TAIL998), Funnel::Within);
        // Far out is below both.
        assert_eq!(classify(9, 12, p, TAIL998), Funnel::Below);
    }

    proptest::proptest! {
        /// A point is outside the drawn limits exactly when its position says so, and a
        /// 99.8 % outlier is a 95 % outlier.
        #[test]
        fn points_outside_the_limits_are_the_outliers(
            n in 1u64..3000,
            p in 0.005f64..0.995,
            frac in 0.0f64..=1.0,
        ) {
            let k = ((n as f64) * frac).round() as u64;
            let rate = k as f64 / n as f64;
            for tail in [TAIL95, TAIL998] {
                let (lo, hi) = funnel_limits(p, n, tail);
                proptest::prop_assert!(lo <= p && p <= hi, "{lo} {p} {hi}");
                let pos = classify(k, n, p, tail);
                proptest::prop_assert_eq!(pos == Funnel::Below, rate < lo, "{} {} {}", k, lo, hi);
                proptest::prop_assert_eq!(pos == Funnel::Above, rate > hi, "{} {} {}", k, lo, hi);
            }
            if classify(k, n, p, TAIL998) != Funnel::Within {
                proptest::prop_assert_eq!(classify(k, n, p, TAIL998), classify(k, n, p, TAIL95));
            }
        }
    }

    /// Rate cells from (n, k, suppressed).
    fn rates(v: &[(u64, u64, bool)]) -> Vec<Cell> {
        v.iter()
            .map(|&(n, k, suppressed)| Cell {
                n,
                k: Some(k),
                suppressed,
            })
            .collect()
    }

    #[test]
    fn complementary_suppression_hides_the_smallest_shown_regions() {
        let none = Vec::<usize>::new();
        // One small region: the smallest shown one goes too (the first of equals).
        assert_eq!(
            complementary(
                &rates(&[
                    (40, 30, false),
                    (9, 5, true),
                    (12, 6, false),
                    (12, 7, false)
                ]),
                10
            ),
            [2]
        );
        // Two small ones that together reach the minimum protect each other.
        assert_eq!(
            complementary(&rates(&[(40, 30, false), (6, 3, true), (5, 4, true)]), 10),
            none
        );
        // Small ones below the minimum together: one more is enough once it reaches it.
        assert_eq!(
            complementary(
                &rates(&[(3, 1, true), (2, 2, true), (50, 40, false), (30, 20, false)]),
                10
            ),
            [3]
        );
        // Nothing small with data, or nothing left to hide: nothing more.
        assert!(complementary(&rates(&[(0, 0, true), (50, 40, false)]), 10).is_empty());
        assert!(complementary(&rates(&[(4, 4, true)]), 10).is_empty());
        // Durations go by n alone.
        let durations = |v: &[(u64, bool)]| -> Vec<Cell> {
            v.iter()
                .map(|&(n, suppressed)| Cell {
                    n,
                    k: None,
                    suppressed,
                })
                .collect()
        };
        assert_eq!(
            complementary(&durations(&[(40, false), (9, true), (12, false)]), 10),
            [2]
        );
    }

    /// Hidden regions that are all or nothing together give each one's rate away (national
    /// minus shown is then k of k or 0 of k): the smallest shown region that breaks that is
    /// hidden too, unless none can.
    #[test]
    fn complementary_suppression_breaks_all_or_nothing() {
        let none = Vec::<usize>::new();
        // The reviewer's case: groningen 16/20, utrecht 12/12, zeeland 5/5 (small).
        assert_eq!(
            complementary(
                &rates(&[(20, 16, false), (12, 12, false), (5, 5, true)]),
                10
            ),
            [1, 0]
        );
        // Nothing passed in the hidden ones: the smallest shown region with a pass goes,
        // skipping smaller ones where nothing passed either (hiding those protects nothing).
        assert_eq!(
            complementary(
                &rates(&[
                    (50, 45, false),
                    (15, 0, false),
                    (30, 29, false),
                    (4, 0, true)
                ]),
                10
            ),
            [1, 2]
        );
        // Reaching the minimum with a mixed region is enough.
        assert_eq!(
            complementary(
                &rates(&[(20, 16, false), (12, 11, false), (5, 5, true)]),
                10
            ),
            [1]
        );
        // All or nothing the other way breaks it too.
        assert_eq!(
            complementary(&rates(&[(20, 0, false), (12, 12, false), (5, 5, true)]), 10),
            [1, 0]
        );
        // Every region passed everything: the national 100 % says so itself.
        assert_eq!(
            complementary(
                &rates(&[(20, 20, false), (12, 12, false), (5, 5, true)]),
                10
            ),
            [1]
        );
        // Several small ones at 100 % together, at or over the minimum: still given away.
        assert_eq!(
            complementary(&rates(&[(40, 30, false), (6, 6, true), (5, 5, true)]), 10),
            [0]
        );
        assert_eq!(
            complementary(&rates(&[(40, 30, false), (6, 5, true), (5, 5, true)]), 10),
            none
        );
    }

    #[test]
    fn suppression_hides_rate_but_keeps_counts() {
        let t = Tally {
            pass: 8,
            violation: 1,
            open: 2,
            ..Tally::default()
        };
        let s = Stats::compute(t, Some(0.5), Some(0.9), 10);
        assert!(s.suppressed);
        assert_eq!(s.rate, None);
        assert_eq!(s.numerator(), None);
        assert_eq!(s.tally.denominator(), 9);
        assert_eq!(s.tally.excluded(), 2);
    }

    #[test]
    fn percentages_round_half_up_but_not_to_all_or_nothing() {
        assert_eq!(pct(5.0 / 8.0, 0), "63 %");
        assert_eq!(pct_digits(13.0 / 16.0, 1), "81,3");
        assert_eq!(
            pct_digits(29.0 / 200.0, 0),
            "15",
            "a tie binary holds just under"
        );
        assert_eq!(pct_digits(0.8734, 1), "87,3");
        assert_eq!(pct_digits(432.0 / 433.0, 0), "99");
        assert_eq!(pct_digits(432.0 / 433.0, 1), "99,8");
        assert_eq!(pct_digits(9999.0 / 10000.0, 1), "99,9");
        assert_eq!(pct_digits(1.0, 1), "100,0");
        assert_eq!(pct_digits(1.0 / 400.0, 0), "1");
        assert_eq!(pct_digits(1.0 / 10000.0, 1), "0,1");
        assert_eq!(pct_digits(0.0, 0), "0");
    }

    #[test]
    fn a_rate_is_never_rounded_across_its_target_and_the_norm_keeps_its_digits() {
        // 1799 of 2000 = 89,95 % against 90 %: not "90,0" (nor "90").
        assert_eq!(pct_toward(1799.0 / 2000.0, 1, Some(0.9)), "89,9");
        assert_eq!(pct_toward(1799.0 / 2000.0, 0, Some(0.9)), "89");
        assert_eq!(pct_toward(0.9, 1, Some(0.9)), "90,0");
        assert_eq!(pct_toward(0.8995, 1, None), "90,0");
        // Meeting a norm with more digits than shown: not shown under it.
        assert_eq!(pct_toward(0.89540, 1, Some(0.8953)), "89,6");
        assert_eq!(pct_toward(0.8940, 1, Some(0.8953)), "89,4");
        // Far from the target: plain rounding.
        assert_eq!(pct_toward(0.8734, 1, Some(0.9)), "87,3");
        assert_eq!(pct_toward(432.0 / 433.0, 0, Some(0.8)), "99");
        assert_eq!(norm_pct(0.9), "90 %");
        assert_eq!(norm_pct(0.895), "89,5 %");
        assert_eq!(norm_pct(0.905), "90,5 %");
        assert_eq!(norm_pct(0.8), "80 %");
        assert_eq!(norm_pct(2.0 / 3.0), "66,6667 %");
    }

    #[test]
    fn interval_bounds_round_outward() {
        // Table of (lo, hi) → printed, one decimal.
        let cases = [
            ((0.0004, 0.0123), "0,0–1,3"),
            ((0.8734, 0.9996), "87,3–100,0"),
            ((0.25, 0.75), "25,0–75,0"),
            ((0.001, 0.002), "0,1–0,2"),
            ((0.0, 1.0), "0,0–100,0"),
            ((0.123449, 0.123451), "12,3–12,4"),
        ];
        for (ci, want) in cases {
            assert_eq!(ci_range(ci, 1, false), want, "{ci:?}");
        }
        assert_eq!(ci_range((0.0004, 0.0123), 1, true), "0,0 %–1,3 %");
        assert_eq!(dec(17.25, 1), "17,3");
        assert_eq!(dec(-17.25, 1), "-17,3");
        assert_eq!(dec(0.0, 1), "0,0");
    }

    #[test]
    fn targets_parse() {
        assert_eq!(parse_target("0.90"), Ok(0.9));
        assert_eq!(parse_target("90%"), Ok(0.9));
        assert_eq!(parse_target("0,8"), Ok(0.8));
        assert!(parse_target("1.5").is_err());
        assert!(parse_target("abc").is_err());
    }

    #[test]
    fn median_even_and_odd() {
        let d = Durations::compute(vec![3.0, 1.0, 2.0], 1);
        assert_eq!(d.median, Some(2.0));
        let d = Durations::compute(vec![4.0, 1.0, 2.0, 3.0], 1);
        assert_eq!(d.median, Some(2.5));
        assert_eq!(d.mean, Some(2.5));
        assert!(Durations::compute(vec![1.0], 10).suppressed);
    }
}
