//! The terminal table: regions × rules, the percentage of the denominator that passes, coloured
//! by funnel position (and marked with ▼/▲ so it reads without colour), then the norms, the
//! monitoring durations and the national denominators and exclusions.

use std::fmt::Write as _;

use super::{Comparison, Funnel, Stats, dec, norm_pct, pct_against, pct_toward, regios};
use crate::dossier::model::fmt_date;

struct Paint {
    on: bool,
}

impl Paint {
    fn wrap(&self, code: &str, s: &str) -> String {
        if self.on && !code.is_empty() {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

/// The marker after a rate: one symbol outside the 95 % limits, two outside 99.8 %.
pub fn marker(s: &Stats) -> &'static str {
    match (s.funnel, s.funnel_998) {
        (_, Some(Funnel::Below)) => "▼▼",
        (Some(Funnel::Below), _) => "▼",
        (_, Some(Funnel::Above)) => "▲▲",
        (Some(Funnel::Above), _) => "▲",
        _ => "",
    }
}

/// Short cell text: "87▼", "<10" (suppressed), "×" (hidden so a small one cannot be derived),
/// "–" (no dossiers judged).
pub fn cell(s: &Stats, min: u64) -> String {
    match s.rate {
        Some(r) => format!("{}{}", pct_toward(r, 0, s.target), marker(s)),
        None if s.tally.denominator() == 0 => "–".to_string(),
        None => s.hidden_mark(min),
    }
}

fn colour(s: &Stats) -> &'static str {
    // Okabe-Ito vermillion and blue in the 256-colour palette; bold at the 99.8 % level.
    match (s.funnel, s.funnel_998) {
        (_, Some(Funnel::Below)) => "1;38;5;166",
        (Some(Funnel::Below), _) => "38;5;166",
        (_, Some(Funnel::Above)) => "1;38;5;25",
        (Some(Funnel::Above), _) => "38;5;25",
        _ if s.rate.is_none() => "2",
        _ => "",
    }
}

fn short(id: &str) -> &str {
    id.strip_prefix("VT-").unwrap_or(id)
}

/// The complete terminal text for the comparison `c`; `color` adds ANSI colours (the ▼/▲
/// markers are there either way).
pub fn render(c: &Comparison, color: bool) -> String {
    let p = Paint { on: color };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        p.wrap(
            "1",
            "Regiovergelijking Veilig Thuis (Handelingsprotocol 2019)"
        )
    );
    let _ = writeln!(
        out,
        "Peildatum {} ({}); meetperiode: {}; regels: {}.",
        fmt_date(c.as_of),
        c.as_of_source_nl(),
        c.period.describe(),
        c.rulesets_nl()
    );
    let _ = writeln!(
        out,
        "{} in de meetperiode, uit {} ({} gelezen, {} ongeldig).",
        super::dossiers(c.inputs.in_period),
        regios(c.regions.len()),
        super::dossiers(c.inputs.dossiers),
        c.inputs.invalid
    );
    out.push('\n');

    if !c.rate_rules.is_empty() {
        let _ = writeln!(
            out,
            "Percentage voldaan per regio en regel (noemer: voldaan + overtreding)"
        );
        let label_w = c
            .regions
            .iter()
            .map(|r| r.code.chars().count())
            .max()
            .unwrap_or(0)
            .max(9);
        let widths: Vec<usize> = c
            .rate_rules
            .iter()
            .map(|r| short(&r.id).chars().count().max(5))
            .collect();
        let mut head = format!("{:<label_w$}", "regio");
        for (r, w) in c.rate_rules.iter().zip(&widths) {
            let _ = write!(head, " {:>w$}", short(&r.id));
        }
        let _ = writeln!(out, "{}", p.wrap("1", head.trim_end()));
        let line = |out: &mut String, code: &str, rates: &[Stats], bold: bool| {
            let label = format!("{code:<label_w$}");
            let mut s = if bold { p.wrap("1", &label) } else { label };
            for (st, w) in rates.iter().zip(&widths) {
                let text = format!("{:>w$}", cell(st, c.min_denominator));
                let _ = write!(s, " {}", p.wrap(colour(st), &text));
            }
            let _ = writeln!(out, "{}", s.trim_end());
        };
        for row in &c.regions {
            line(&mut out, &row.code, &row.rates, false);
        }
        let _ = writeln!(
            out,
            "{}",
            "-".repeat(label_w + widths.iter().map(|w| w + 1).sum::<usize>())
        );
        line(&mut out, "landelijk", &c.national.rates, true);
        let _ = writeln!(
            out,
            "▼/▲: onder/boven de 95%-trechtergrens rond het landelijke percentage; ▼▼/▲▲: buiten \
             de 99,8%-grens; <{}: noemer onder {}, niet getoond; {}; –: geen beoordeelde \
             dossiers.{}",
            c.min_denominator,
            c.min_denominator,
            super::SECONDARY_LEGEND,
            if c.targeted().next().is_some() {
                super::NORM_ROUNDING
            } else {
                ""
            }
        );
        out.push('\n');
    }

    let targeted: Vec<_> = c.targeted().collect();
    if !targeted.is_empty() {
        let _ = writeln!(out, "{}", p.wrap("1", "Normen (LNVT)"));
        for (i, r, t) in targeted {
            let nat = &c.national.rates[i];
            let shown: Vec<_> = c
                .regions
                .iter()
                .filter(|row| !row.rates[i].suppressed)
                .collect();
            let meeting: Vec<&str> = shown
                .iter()
                .filter(|row| row.rates[i].target_met == Some(true))
                .map(|row| row.code.as_str())
                .collect();
            let national = match (nat.rate, nat.ci95) {
                (Some(rate), Some((lo, hi))) => format!(
                    "landelijk {} (95%-BI {}), norm {}",
                    pct_against(rate, 1, nat.target),
                    super::ci_range((lo, hi), 1, true),
                    if nat.target_met == Some(true) {
                        "gehaald"
                    } else {
                        "niet gehaald"
                    }
                ),
                _ => "landelijk te weinig beoordeelde dossiers".to_string(),
            };
            let _ = writeln!(out, "  {} {} (norm ≥ {})", r.id, r.title, norm_pct(t));
            let _ = writeln!(out, "    {national}.");
            let _ = writeln!(
                out,
                "    {} van {} {} de norm{}{}",
                meeting.len(),
                regios(shown.len()),
                super::halen(shown.len()),
                if meeting.is_empty() { "" } else { ": " },
                meeting.join(", ")
            );
            let hidden = c.regions.len() - shown.len();
            if hidden > 0 {
                let _ = writeln!(
                    out,
                    "    ({} niet beoordeeld: noemer onder {} of anders af te leiden)",
                    regios(hidden),
                    c.min_denominator
                );
            }
        }
        out.push('\n');
    }

    for (i, r) in c.duration_rules.iter().enumerate() {
        let _ = writeln!(
            out,
            "{} {} (referentiewaarde: ongeveer {})",
            p.wrap("1", &r.id),
            r.title,
            r.norm_text
        );
        let _ = writeln!(
            out,
            "  {:<24} {:>6} {:>10} {:>10}",
            "regio", "n", "gemiddeld", "mediaan"
        );
        for row in c.regions.iter().chain(std::iter::once(&c.national)) {
            let d = &row.durations[i];
            let m = |x: Option<f64>| match x {
                Some(v) => format!("{} mnd", dec(v, 1)),
                None if d.n == 0 => "–".to_string(),
                None => super::hidden_mark(d.secondary, c.min_denominator),
            };
            let code = if row.code == super::NATIONAL {
                "landelijk"
            } else {
                &row.code
            };
            let _ = writeln!(
                out,
                "  {:<24} {:>6} {:>10} {:>10}",
                code,
                d.n,
                m(d.mean),
                m(d.median)
            );
        }
        out.push('\n');
    }

    if !c.rate_rules.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            p.wrap(
                "1",
                "Landelijk: noemer, percentage en uitsluitingen per regel"
            )
        );
        let _ = writeln!(
            out,
            "  {:<7} {:>7} {:>8} {:>15} {:>6} {:>7} {:>7} {:>7}  titel",
            "regel", "noemer", "voldaan", "95%-BI", "open", "uitgez", "onthev", "onbeo"
        );
        for (r, s) in c.rate_rules.iter().zip(&c.national.rates) {
            // A suppressed national figure is `<10`, as in the grid; `–` is for none judged.
            let rate = s
                .rate_pct(1)
                .unwrap_or_else(|| match s.tally.denominator() {
                    0 => "–".into(),
                    _ => s.hidden_mark(c.min_denominator),
                });
            let ci = s
                .ci95
                .map(|ci| super::ci_range(ci, 1, false))
                .unwrap_or_else(|| "–".into());
            let _ = writeln!(
                out,
                "  {:<7} {:>7} {:>8} {:>15} {:>6} {:>7} {:>7} {:>7}  {}",
                r.id,
                s.tally.denominator(),
                rate,
                ci,
                s.tally.open,
                s.tally.exempt,
                s.tally.waived,
                s.tally.unassessable,
                r.title
            );
        }
        out.push('\n');
    }

    if !c.missing_regions.is_empty() {
        let _ = writeln!(
            out,
            "Geen dossiers in de meetperiode van: {}.",
            c.missing_codes()
        );
    }
    let _ = writeln!(
        out,
        "Methode: 95%-betrouwbaarheidsinterval volgens Wilson; exacte binomiale trechtergrenzen \
         rond het landelijke percentage p (2,5 % en 0,1 % aan elke kant). Open, uitgezonderd \
         (een uitzondering die de regel zelf noemt), ontheven (ontheffing uit het ontheffingenbestand) en \
         onbeoordeelbaar (een gegeven ontbreekt) tellen niet mee in de noemer."
    );
    out
}
