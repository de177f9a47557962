//! `compare --format markdown`: the comparison as a document for a wiki, an issue or a memo:
//! the norms, a regions × rules table with funnel markers, monitoring durations, the national
//! denominators and exclusions, and the method.

use std::fmt::Write as _;

use super::table::{cell, marker};
use super::{Comparison, NATIONAL, Stats, dec, norm_pct, pct_against, regios};
use crate::dossier::model::fmt_date;

/// Escapes text for a table cell.
/// Text as markdown shows it literally: characters that would start HTML, a link, emphasis, code
/// or a table cell are backslash-escaped (rule titles and file names are not markdown), control
/// characters are made visible, and a line break becomes a space.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in crate::report::human::visible(&s.replace('\n', " ")).chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '&' | '!'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn rate_ci(s: &Stats, min: u64) -> (String, String) {
    match (s.rate, s.ci95) {
        (Some(r), Some((lo, hi))) => (
            format!("{} {}", pct_against(r, 1, s.target), marker(s))
                .trim_end()
                .to_string(),
            super::ci_range((lo, hi), 1, true),
        ),
        _ if s.tally.denominator() == 0 => ("–".into(), "–".into()),
        _ if s.secondary => ("onderdrukt (anders af te leiden)".into(), "–".into()),
        _ => (format!("onderdrukt (n < {min})"), "–".into()),
    }
}

/// The complete markdown document for the comparison `c`.
pub fn render(c: &Comparison) -> String {
    let mut out = String::new();
    let min = c.min_denominator;
    let _ = writeln!(out, "# Regiovergelijking Veilig Thuis\n");
    let _ = writeln!(
        out,
        "Naleving van het Handelingsprotocol Veilig Thuis 2019 per regio.\n"
    );
    let _ = writeln!(
        out,
        "- **Peildatum:** {} ({})",
        fmt_date(c.as_of),
        esc(&c.as_of_source_nl())
    );
    let _ = writeln!(out, "- **Meetperiode:** {}", c.period.describe());
    let _ = writeln!(
        out,
        "- **Regels:** {} (vtcheck {})",
        esc(&c.rulesets_nl()),
        c.tool_version
    );
    let _ = writeln!(
        out,
        "- **Dossiers:** {} in de meetperiode uit {} ({} gelezen, {} ongeldig)",
        c.inputs.in_period,
        regios(c.regions.len()),
        c.inputs.dossiers,
        c.inputs.invalid
    );
    if !c.missing_regions.is_empty() {
        let _ = writeln!(out, "- **Geen dossiers van:** {}", c.missing_names());
    }
    out.push('\n');

    for (i, r, t) in c.targeted() {
        let _ = writeln!(out, "## Norm {}: ten minste {}\n", r.id, norm_pct(t));
        let _ = writeln!(out, "{}.\n", esc(&r.title));
        let _ = writeln!(
            out,
            "| regio | noemer | voldaan | 95%-BI | trechter | norm gehaald |"
        );
        let _ = writeln!(out, "| --- | ---: | ---: | ---: | --- | --- |");
        for row in c.regions.iter().chain(std::iter::once(&c.national)) {
            let s = &row.rates[i];
            let (rate, ci) = rate_ci(s, min);
            let funnel = s.funnel.map(|f| f.label_nl()).unwrap_or("–");
            let met = match s.target_met {
                Some(true) => "ja",
                Some(false) => "nee",
                None => "–",
            };
            let name = if row.code == NATIONAL {
                "**Landelijk**".to_string()
            } else {
                esc(&row.name)
            };
            let _ = writeln!(
                out,
                "| {name} | {} | {rate} | {ci} | {funnel} | {met} |",
                s.tally.denominator()
            );
        }
        let meeting = c
            .regions
            .iter()
            .filter(|row| row.rates[i].target_met == Some(true))
            .count();
        let judged = c
            .regions
            .iter()
            .filter(|row| row.rates[i].rate.is_some())
            .count();
        let _ = writeln!(
            out,
            "\n{meeting} van {} {} de norm.\n",
            regios(judged),
            super::halen(judged)
        );
    }

    if !c.rate_rules.is_empty() {
        let _ = writeln!(out, "## Percentage voldaan per regio en regel\n");
        let _ = writeln!(
            out,
            "Noemer: dossiers met oordeel voldaan of overtreding. ▼/▲: onder/boven de \
             95%-trechtergrens rond het landelijke percentage; ▼▼/▲▲: buiten de 99,8%-grens; \
             <{min}: noemer onder {min}, onderdrukt; {}; –: geen beoordeelde dossiers.\n",
            super::SECONDARY_LEGEND
        );
        let mut head = String::from("| regio |");
        let mut sep = String::from("| --- |");
        for r in &c.rate_rules {
            let _ = write!(head, " {} |", r.id);
            sep.push_str(" ---: |");
        }
        let _ = writeln!(out, "{head}\n{sep}");
        for row in c.regions.iter().chain(std::iter::once(&c.national)) {
            let name = if row.code == NATIONAL {
                "**Landelijk**".to_string()
            } else {
                esc(&row.name)
            };
            let _ = write!(out, "| {name} |");
            for s in &row.rates {
                let _ = write!(out, " {} |", cell(s, min));
            }
            out.push('\n');
        }
        out.push('\n');
    }

    for (i, r) in c.duration_rules.iter().enumerate() {
        let _ = writeln!(out, "## {}: {}\n", r.id, esc(&r.title));
        let _ = writeln!(
            out,
            "Duur van afgeronde monitoring in maanden; referentiewaarde: ongeveer {}.\n",
            r.norm_text
        );
        let _ = writeln!(out, "| regio | n | gemiddeld | mediaan |");
        let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
        for row in c.regions.iter().chain(std::iter::once(&c.national)) {
            let d = &row.durations[i];
            let m = |x: Option<f64>| match x {
                Some(v) => dec(v, 1),
                None if d.n == 0 => "–".into(),
                None => super::hidden_mark(d.secondary, min),
            };
            let name = if row.code == NATIONAL {
                "**Landelijk**".to_string()
            } else {
                esc(&row.name)
            };
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} |",
                d.n,
                m(d.mean),
                m(d.median)
            );
        }
        out.push('\n');
    }

    if !c.rate_rules.is_empty() {
        let _ = writeln!(out, "## Landelijk: noemers en uitsluitingen\n");
        let _ = writeln!(
            out,
            "| regel | titel | noemer | voldaan | 95%-BI | open | uitgezonderd | ontheven | onbeoordeelbaar |"
        );
        let _ = writeln!(
            out,
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        );
        for (r, s) in c.rate_rules.iter().zip(&c.national.rates) {
            let (rate, ci) = rate_ci(s, min);
            let _ = writeln!(
                out,
                "| {} | {} | {} | {rate} | {ci} | {} | {} | {} | {} |",
                r.id,
                esc(&r.title),
                s.tally.denominator(),
                s.tally.open,
                s.tally.exempt,
                s.tally.waived,
                s.tally.unassessable
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## Methode\n");
    let _ = writeln!(
        out,
        "- Noemer: dossiers met oordeel voldaan of overtreding; teller: voldaan. Open, \
         uitgezonderd (een uitzondering die de regel zelf noemt), ontheven (een ontheffing uit \
         het ontheffingenbestand) en onbeoordeelbaar (een gegeven ontbreekt) tellen niet mee in de \
         noemer en staan apart vermeld.\n\
         - 95%-betrouwbaarheidsinterval (BI) volgens Wilson (z = 1,96), naar buiten afgerond.\n\
         - Trechtergrenzen: exacte binomiale grenzen rond het landelijke percentage p (onder: kans \
         op k of minder voldaan bij p kleiner dan 2,5 %, boven: kans op k of meer kleiner dan \
         2,5 %; de 99,8%-grens met 0,1 %). Onder/boven: buiten de 95%-grens.\n\
         - Regio's met een noemer onder {min} worden niet getoond (onbetrouwbaar en herleidbaar). \
         Zodat ze niet uit het landelijke cijfer af te leiden zijn, worden zo nodig ook de \
         kleinste getoonde regio's verborgen (×): tot de verborgen regio's samen een noemer van \
         ten minste {min} hebben, en daarna, zolang in de verborgen regio's samen alle of geen \
         dossiers voldoen, de kleinste die daar verandering in brengt (is die er niet, dan zegt \
         het landelijke cijfer dat al).\n\
         - Afronding: half naar boven, maar nooit op 100 zolang er een overtreding is en nooit \
         op 0 zolang er een dossier voldoet (432 van 433 is 99, niet 100).{}\n\
         - Meetperiode: alleen dossiers met een ontvangstdatum in de periode tellen mee.",
        if c.targeted().next().is_some() {
            super::NORM_ROUNDING
        } else {
            ""
        }
    );
    out
}

#[cfg(test)]
mod tests {
    /// A file name or title from the input shows as itself: no HTML, link, table cell or
    /// terminal escape in a document meant for wikis and memos.
    #[test]
    fn input_text_cannot_become_markup() {
        assert_eq!(
            super::esc("exp<img src=x onerror=alert(1)>|[a](http:evil)"),
            "exp\\<img src=x onerror=alert(1)\\>\\|\\[a\\](http:evil)"
        );
        assert_eq!(super::esc("a\u{1b}[31mb\nc"), "a\\\\u{1b}\\[31mb c");
        assert_eq!(super::esc("Drenthe"), "Drenthe");
    }
}
