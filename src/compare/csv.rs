//! `compare --format csv`: one row per (region, rule), the national figures first (region
//! `national`), `;`-separated with a UTF-8 byte-order mark and decimal commas, the way Dutch Excel
//! opens it. Rates are shares in [0, 1] with six decimals, rounded as the other formats round
//! percentages: never across the rule's norm, nor to 0 or 1 unless none or all passed; the
//! interval's bounds round outward, so that the printed interval holds the computed one.
//! Suppressed figures leave numerator, rate, interval, funnel and target empty. Population rules
//! (VT-M04) get rows too: `denominator` is the number of completed durations, `mean_months`,
//! `median_months` and `norm_months` are filled and the rate columns are empty. A current region
//! (valid on the as-of date, not merged) without any dossier in the period gets its rows too, in
//! code order among the others: denominator 0 and suppressed, so that a pivot table lists every
//! region (the other formats name these regions in their summary).

use super::{Comparison, Durations, Row, Stats, ci_shares, share_toward};

const HEADER: [&str; 21] = [
    "region",
    "name",
    "rule",
    "denominator",
    "numerator",
    "open",
    "exempt",
    "waived",
    "unassessable",
    "rate",
    "ci95_lo",
    "ci95_hi",
    "funnel",
    "funnel_998",
    "suppressed",
    "target",
    "target_met",
    "mean_months",
    "median_months",
    "norm_months",
    "suppressed_complementary",
];

fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.6}").replace('.', ","))
        .unwrap_or_default()
}

fn rate_record(row: &Row, rule: &str, target: Option<f64>, s: &Stats) -> Vec<String> {
    let ci = s.ci95.map(ci_shares).unwrap_or_default();
    vec![
        row.code.clone(),
        row.name.clone(),
        rule.to_string(),
        s.tally.denominator().to_string(),
        s.numerator().map(|n| n.to_string()).unwrap_or_default(),
        s.tally.open.to_string(),
        s.tally.exempt.to_string(),
        s.tally.waived.to_string(),
        s.tally.unassessable.to_string(),
        s.rate
            .map(|r| share_toward(r, s.target))
            .unwrap_or_default(),
        ci.0,
        ci.1,
        s.funnel.map(|f| f.key()).unwrap_or("").to_string(),
        s.funnel_998.map(|f| f.key()).unwrap_or("").to_string(),
        s.suppressed.to_string(),
        num(target),
        s.target_met.map(|b| b.to_string()).unwrap_or_default(),
        String::new(),
        String::new(),
        String::new(),
        s.secondary.to_string(),
    ]
}

fn duration_record(row: &Row, rule: &str, norm: Option<f64>, d: &Durations) -> Vec<String> {
    let mut r = vec![String::new(); HEADER.len()];
    r[0] = row.code.clone();
    r[1] = row.name.clone();
    r[2] = rule.to_string();
    r[3] = d.n.to_string();
    r[14] = d.suppressed.to_string();
    r[20] = d.secondary.to_string();
    r[17] = num(d.mean);
    r[18] = num(d.median);
    r[19] = num(norm);
    r
}

/// The row of a region without dossiers: nothing counted, every figure suppressed.
fn empty_row(c: &Comparison, code: &str, name: &str) -> Row {
    Row {
        code: code.to_string(),
        name: name.to_string(),
        dossiers: 0,
        rates: c
            .rate_rules
            .iter()
            .map(|r| Stats::compute(Default::default(), None, r.target, c.min_denominator))
            .collect(),
        durations: c
            .duration_rules
            .iter()
            .map(|_| Durations::compute(Vec::new(), c.min_denominator))
            .collect(),
    }
}

/// The whole CSV file as described above: the byte-order mark, the header, then the national
/// rows and each region's (rate rules, then population rules), regions in code order.
pub fn render(c: &Comparison) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let _ = w.write_record(HEADER);
    let empty: Vec<Row> = c
        .missing_regions
        .iter()
        .map(|(code, name)| empty_row(c, code, name))
        .collect();
    let mut regions: Vec<&Row> = c.regions.iter().chain(&empty).collect();
    regions.sort_by(|a, b| a.code.cmp(&b.code));
    for row in std::iter::once(&c.national).chain(regions) {
        for (r, s) in c.rate_rules.iter().zip(&row.rates) {
            let _ = w.write_record(rate_record(row, &r.id, r.target, s));
        }
        for (r, d) in c.duration_rules.iter().zip(&row.durations) {
            let _ = w.write_record(duration_record(row, &r.id, r.norm_months, d));
        }
    }
    let body = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compare::Tally;

    /// The CSV record of `pass` of `pass + violation` for one region, with norm `target`.
    fn record(pass: u64, violation: u64, target: Option<f64>) -> Vec<String> {
        let row = Row {
            code: "utrecht".into(),
            name: "Utrecht".into(),
            dossiers: pass + violation,
            rates: Vec::new(),
            durations: Vec::new(),
        };
        let tally = Tally {
            pass,
            violation,
            ..Tally::default()
        };
        let s = Stats::compute(tally, None, target, 1);
        rate_record(&row, "VT-T01", target, &s)
    }

    fn rate_cell(pass: u64, violation: u64, target: Option<f64>) -> String {
        record(pass, violation, target)[9].clone()
    }

    /// The bounds of `pass` of `pass + violation`, as written.
    fn ci_cells(pass: u64, violation: u64) -> (String, String) {
        let r = record(pass, violation, None);
        (r[10].clone(), r[11].clone())
    }

    /// The printed interval holds the computed one, as in the other formats: 28 of 33 has the
    /// Wilson interval 0.6907978… – 0.9334964…, which rounding to nearest (0,690798–0,933496)
    /// would cut at both ends.
    #[test]
    fn interval_bounds_round_outward() {
        let (lo, hi) = ci_cells(28, 5);
        assert_eq!((lo.as_str(), hi.as_str()), ("0,690797", "0,933497"));
        let parse = |s: &str| s.replace(',', ".").parse::<f64>().unwrap();
        let (wlo, whi) = crate::compare::wilson(28, 33, 1.96).unwrap();
        assert!(parse(&lo) <= wlo && wlo - parse(&lo) < 1e-6, "{lo} {wlo}");
        assert!(parse(&hi) >= whi && parse(&hi) - whi < 1e-6, "{hi} {whi}");
        // Every bound of small intervals, and 0 and 1 where the interval touches them.
        for n in 1..=60u64 {
            for k in 0..=n {
                let (lo, hi) = ci_cells(k, n - k);
                let (wlo, whi) = crate::compare::wilson(k, n, 1.96).unwrap();
                assert!(parse(&lo) <= wlo + 1e-12, "{k}/{n}: {lo} > {wlo}");
                assert!(parse(&hi) >= whi - 1e-12, "{k}/{n}: {hi} < {whi}");
            }
        }
        assert_eq!(ci_cells(10, 0).1, "1,000000");
        assert_eq!(ci_cells(0, 10).0, "0,000000");
    }

    /// A rate in a spreadsheet reads as the same rate in the table and the heatmap: six
    /// decimals would otherwise round 2,699,999 of 3,000,000 to the norm of 90 % it misses, and
    /// one violation in 3,000,000 to 1.
    #[test]
    fn a_rate_is_not_rounded_across_its_norm_nor_to_all() {
        assert_eq!(rate_cell(2_699_999, 300_001, Some(0.9)), "0,899999");
        assert_eq!(rate_cell(2_999_999, 1, None), "0,999999");
        assert_eq!(rate_cell(1, 2_999_999, None), "0,000001");
        // Far from both: plain rounding, half up.
        assert_eq!(rate_cell(179, 21, Some(0.9)), "0,895000");
        assert_eq!(rate_cell(1, 128, None), "0,007752");
        assert_eq!(rate_cell(27, 3, Some(0.9)), "0,900000");
    }
}
