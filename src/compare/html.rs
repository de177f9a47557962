//! `compare --format html`: one self-contained page (inline CSS and SVG; no scripts, fonts or
//! anything else from elsewhere, so it works offline and can be mailed or archived) for an
//! auditor or a board: key findings, a heatmap of regions × rules, the LNVT norms, monitoring
//! durations, and per rule a funnel plot beside its table of denominators and exclusions.

use std::fmt::Write as _;

use super::svg::{self, BLUE, BLUE_TINT, GREEN, NEUTRAL, VERMILLION, VERMILLION_TINT, esc};
use super::{Comparison, Funnel, dec, norm_pct, pct_against, regios};
use crate::dossier::model::fmt_date;

const CSS: &str = r#"
:root { --ink: #1a1a1a; --muted: #5a5a5a; --line: #d0d0d0; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #f4f4f2; color: var(--ink);
  font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 14px;
  line-height: 1.45; }
main { max-width: 1340px; margin: 0 auto; padding: 24px 28px 40px; background: #fff; }
header { border-bottom: 3px solid var(--ink); padding-bottom: 12px; margin-bottom: 18px; }
h1 { font-size: 28px; margin: 0 0 2px; letter-spacing: -0.01em; }
.sub { margin: 0 0 12px; color: var(--muted); font-size: 16px; }
dl.meta { display: grid; grid-template-columns: repeat(3, auto); gap: 4px 28px; margin: 0;
  justify-content: start; }
dl.meta div { display: flex; gap: 8px; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 1px solid var(--line);
  padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 4px; }
p.note, .note { color: var(--muted); font-size: 13px; margin: 4px 0 8px; }
ul.key { margin: 6px 0; padding-left: 20px; }
ul.key li { margin: 3px 0; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; margin: 8px 0 10px;
  font-size: 13px; }
.legend span.item { display: inline-flex; align-items: center; gap: 6px; }
.sw { display: inline-block; min-width: 40px; height: 20px; line-height: 20px; text-align: center;
  font-size: 12px; border: 1px solid #bbb; }
.hatch { background: repeating-linear-gradient(45deg, #fff 0 3px, #c8c8c8 3px 5px); color: #555; }
figure { margin: 8px 0; }
ul.rulekey { columns: 3; column-gap: 28px; list-style: none; padding: 0; margin: 6px 0 0;
  font-size: 12px; color: var(--muted); }
ul.rulekey li { break-inside: avoid; margin: 1px 0; padding-left: 34px; text-indent: -34px; }
ul.rulekey strong { color: var(--ink); display: inline-block; min-width: 32px; }
figcaption { font-size: 13px; color: var(--muted); }
.scroll { overflow-x: auto; }
.rule { border-top: 1px solid var(--line); padding-top: 6px; margin-top: 16px;
  break-inside: avoid; page-break-inside: avoid; }
.pair { display: flex; flex-wrap: wrap; gap: 18px; align-items: flex-start; }
figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 11.5px; }
th, td { padding: 1px 4px; border-bottom: 1px solid #e3e3e3; text-align: right;
  white-space: nowrap; }
th { border-bottom: 1.5px solid var(--ink); font-weight: bold; background: #fafafa; }
td.l, th.l { text-align: left; }
tr.nat td { font-weight: bold; border-top: 1.5px solid var(--ink); }
td.below { background: #f5c6a5; }
td.below998 { background: #d55e00; color: #fff; }
td.above { background: #b0d3ec; }
td.above998 { background: #0072b2; color: #fff; }
td.sup { color: #777; font-style: italic; }
.meets { color: #0072b2; font-weight: bold; }
.fails { color: #b34700; font-weight: bold; }
footer { margin-top: 30px; border-top: 1px solid var(--line); padding-top: 8px; color: var(--muted);
  font-size: 12px; }
@page { size: A4 landscape; margin: 10mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, .rule, table { break-inside: avoid; page-break-inside: avoid; }
  .scroll { overflow: visible; }
}
"#;

fn cell_class(s: &super::Stats) -> &'static str {
    match (s.funnel, s.funnel_998) {
        (_, Some(Funnel::Below)) => "below998",
        (Some(Funnel::Below), _) => "below",
        (_, Some(Funnel::Above)) => "above998",
        (Some(Funnel::Above), _) => "above",
        _ if s.rate.is_none() && s.tally.denominator() > 0 => "sup",
        _ => "",
    }
}

fn names(list: &[&str]) -> String {
    match list.len() {
        0 => "geen".to_string(),
        1 => list[0].to_string(),
        n => format!("{} en {}", list[..n - 1].join(", "), list[n - 1]),
    }
}

fn legend_cells(min: u64) -> String {
    let items = [
        (VERMILLION, "#fff", "72▼▼", "onder de 99,8%-grens"),
        (VERMILLION_TINT, "#1a1a1a", "81▼", "onder de 95%-grens"),
        (NEUTRAL, "#1a1a1a", "88", "binnen de grenzen"),
        (BLUE_TINT, "#1a1a1a", "95▲", "boven de 95%-grens"),
        (BLUE, "#fff", "99▲▲", "boven de 99,8%-grens"),
    ];
    let mut s = String::from("<div class=\"legend\" aria-label=\"Legenda heatmap\">");
    for (bg, fg, text, label) in items {
        let _ = write!(
            s,
            "<span class=\"item\"><span class=\"sw\" style=\"background:{bg};color:{fg}\">{text}</span>{label}</span>"
        );
    }
    let _ = write!(
        s,
        "<span class=\"item\"><span class=\"sw hatch\">&lt;{min}</span>noemer onder {min}: niet getoond</span>\
         <span class=\"item\"><span class=\"sw hatch\">×</span>niet getoond, anders af te leiden</span>\
         <span class=\"item\"><span class=\"sw\" style=\"background:#fff\">–</span>geen beoordeelde dossiers</span></div>"
    );
    s
}

fn legend_funnel() -> String {
    let grey = svg::GREY;
    format!(
        "<div class=\"legend\" aria-label=\"Legenda trechterdiagrammen\">\
         <span class=\"item\"><svg width=\"34\" height=\"12\"><line x1=\"0\" y1=\"6\" x2=\"34\" y2=\"6\" stroke=\"#1a1a1a\" stroke-width=\"1.6\"/></svg>landelijk percentage</span>\
         <span class=\"item\"><svg width=\"34\" height=\"12\"><line x1=\"0\" y1=\"6\" x2=\"34\" y2=\"6\" stroke=\"{grey}\" stroke-width=\"1.4\" stroke-dasharray=\"6 4\"/></svg>95%-grenzen</span>\
         <span class=\"item\"><svg width=\"34\" height=\"12\"><line x1=\"0\" y1=\"6\" x2=\"34\" y2=\"6\" stroke=\"{grey}\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\"/></svg>99,8%-grenzen</span>\
         <span class=\"item\"><svg width=\"34\" height=\"12\"><line x1=\"0\" y1=\"6\" x2=\"34\" y2=\"6\" stroke=\"{GREEN}\" stroke-width=\"2.4\" stroke-dasharray=\"10 3 2 3\"/></svg>norm (LNVT)</span>\
         <span class=\"item\"><svg width=\"14\" height=\"14\"><circle cx=\"7\" cy=\"7\" r=\"4\" fill=\"#9a9a9a\" stroke=\"#4d4d4d\"/></svg>binnen</span>\
         <span class=\"item\"><svg width=\"14\" height=\"14\"><path d=\"M1 2.5 L13 2.5 L7 13 Z\" fill=\"{VERMILLION_TINT}\" stroke=\"{VERMILLION}\" stroke-width=\"1.6\"/></svg>onder 95 %</span>\
         <span class=\"item\"><svg width=\"14\" height=\"14\"><path d=\"M1 2.5 L13 2.5 L7 13 Z\" fill=\"{VERMILLION}\" stroke=\"{VERMILLION}\" stroke-width=\"1.6\"/></svg>onder 99,8 %</span>\
         <span class=\"item\"><svg width=\"14\" height=\"14\"><path d=\"M1 11.5 L13 11.5 L7 1 Z\" fill=\"{BLUE_TINT}\" stroke=\"{BLUE}\" stroke-width=\"1.6\"/></svg>boven 95 %</span>\
         <span class=\"item\"><svg width=\"14\" height=\"14\"><path d=\"M1 11.5 L13 11.5 L7 1 Z\" fill=\"{BLUE}\" stroke=\"{BLUE}\" stroke-width=\"1.6\"/></svg>boven 99,8 %</span></div>"
    )
}

/// The key findings, in plain Dutch sentences.
fn key_points(c: &Comparison) -> String {
    let mut s = String::from("<ul class=\"key\">");
    for (i, r, t) in c.targeted() {
        let nat = &c.national.rates[i];
        let judged: Vec<_> = c
            .regions
            .iter()
            .filter(|row| row.rates[i].rate.is_some())
            .collect();
        let meeting: Vec<&str> = judged
            .iter()
            .filter(|row| row.rates[i].target_met == Some(true))
            .map(|row| row.name.as_str())
            .collect();
        let below: Vec<&str> = judged
            .iter()
            .filter(|row| row.rates[i].funnel == Some(Funnel::Below))
            .map(|row| row.name.as_str())
            .collect();
        let national = match (nat.rate, nat.ci95) {
            (Some(rate), Some((lo, hi))) => format!(
                "landelijk <strong>{}</strong> (95%-BI {}; noemer {})",
                pct_against(rate, 1, nat.target),
                super::ci_range((lo, hi), 1, true),
                nat.tally.denominator()
            ),
            _ => "landelijk te weinig beoordeelde dossiers".to_string(),
        };
        let _ = write!(
            s,
            "<li><strong>{}</strong> ({}; norm ≥ {}): {national}. <strong>{} van {}</strong> \
             {} de norm{}.",
            esc(&r.id),
            esc(&r.title),
            norm_pct(t),
            meeting.len(),
            regios(judged.len()),
            super::halen(judged.len()),
            if meeting.is_empty() {
                String::new()
            } else {
                format!(" ({})", esc(&names(&meeting)))
            }
        );
        if !below.is_empty() {
            let _ = write!(
                s,
                " Significant onder het landelijke percentage (95%-trechter): {}.",
                esc(&names(&below))
            );
        }
        s.push_str("</li>");
    }
    for (i, r) in c.duration_rules.iter().enumerate() {
        let d = &c.national.durations[i];
        if let (Some(mean), Some(median)) = (d.mean, d.median) {
            let _ = write!(
                s,
                "<li><strong>{}</strong> ({}): afgeronde monitoring duurt landelijk gemiddeld \
                 <strong>{} maanden</strong> (mediaan {}, n = {}); referentiewaarde ongeveer {}.</li>",
                esc(&r.id),
                esc(&r.title),
                dec(mean, 1),
                dec(median, 1),
                d.n,
                esc(&r.norm_text)
            );
        }
    }
    let mut cells = [0u64; 4];
    let (mut suppressed, mut complementary) = (0u64, 0u64);
    for row in &c.regions {
        for st in &row.rates {
            match (st.funnel, st.funnel_998) {
                (_, Some(Funnel::Below)) => cells[1] += 1,
                (Some(Funnel::Below), _) => cells[0] += 1,
                (_, Some(Funnel::Above)) => cells[3] += 1,
                (Some(Funnel::Above), _) => cells[2] += 1,
                _ => {}
            }
            if st.suppressed && !st.secondary && st.tally.denominator() > 0 {
                suppressed += 1;
            }
            if st.secondary {
                complementary += 1;
            }
        }
    }
    let _ = write!(
        s,
        "<li>Over alle {} regels: {} combinaties van regio en regel liggen onder de 95%-grens \
         (waarvan {} ook onder de 99,8%-grens), {} erboven (waarvan {} boven de 99,8%-grens).",
        c.rate_rules.len(),
        cells[0] + cells[1],
        cells[1],
        cells[2] + cells[3],
        cells[3]
    );
    if suppressed > 0 {
        let _ = write!(
            s,
            " {suppressed} combinaties met een noemer onder {} zijn niet getoond.",
            c.min_denominator
        );
    }
    if complementary > 0 {
        let _ = write!(
            s,
            " {complementary} andere zijn ook niet getoond, omdat een kleine regio anders af te \
             leiden zou zijn uit het landelijke cijfer."
        );
    }
    s.push_str("</li>");
    let mut ex = super::Tally::default();
    for st in &c.national.rates {
        ex.merge(&st.tally);
    }
    let _ = write!(
        s,
        "<li>Niet in de noemers (uitsluitingen, over alle regels): {} open, {} uitgezonderd, \
         {} ontheven, {} onbeoordeelbaar.</li>",
        ex.open, ex.exempt, ex.waived, ex.unassessable
    );
    if !c.missing_regions.is_empty() {
        let _ = write!(
            s,
            "<li>Geen dossiers in de meetperiode van: {}.</li>",
            esc(&c.missing_names())
        );
    }
    s.push_str("</ul>");
    s
}

fn rule_table(c: &Comparison, i: usize) -> String {
    let target = c.rate_rules[i].target;
    let mut s = format!(
        "<table><thead><tr><th class=\"l\">regio</th><th>noemer</th><th>voldaan</th><th>%</th>\
         <th>95%-BI</th>{}<th>open</th><th>uitgez.</th><th>onthev.</th><th>onbeoord.</th></tr>\
         </thead><tbody>",
        if target.is_some() {
            "<th>norm</th>"
        } else {
            ""
        }
    );
    for row in c.regions.iter().chain(std::iter::once(&c.national)) {
        let st = &row.rates[i];
        let t = &st.tally;
        let national = row.code == super::NATIONAL;
        let (num, rate, ci) = match (st.rate, st.ci95) {
            (Some(r), Some((lo, hi))) => (
                t.pass.to_string(),
                pct_against(r, 1, st.target),
                super::ci_range((lo, hi), 1, false),
            ),
            _ if t.denominator() == 0 => ("–".into(), "–".into(), "–".into()),
            _ => ("–".into(), "onderdrukt".into(), "–".into()),
        };
        let mark = super::table::marker(st);
        let mark = if mark.is_empty() {
            String::new()
        } else {
            format!(" {mark}")
        };
        let met = match (target, st.target_met) {
            (Some(_), Some(true)) => "<td class=\"meets\">✓ ja</td>",
            (Some(_), Some(false)) => "<td class=\"fails\">✗ nee</td>",
            (Some(_), None) => "<td>–</td>",
            (None, _) => "",
        };
        let _ = write!(
            s,
            "<tr{}><td class=\"l\">{}</td><td>{}</td><td>{num}</td><td class=\"{}\">{rate}{mark}</td>\
             <td>{ci}</td>{met}<td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            if national { " class=\"nat\"" } else { "" },
            esc(&row.name),
            t.denominator(),
            cell_class(st),
            t.open,
            t.exempt,
            t.waived,
            t.unassessable
        );
    }
    s.push_str("</tbody></table>");
    s
}

/// The complete HTML page, from `<!DOCTYPE html>` on, for the comparison `c`.
pub fn render(c: &Comparison) -> String {
    let mut s = String::new();
    let min = c.min_denominator;
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"nl\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"vtcheck {}\">\n\
         <title>Regiovergelijking Veilig Thuis — peildatum {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>",
        esc(&c.tool_version),
        fmt_date(c.as_of)
    );
    let _ = writeln!(
        s,
        "<header><h1>Regiovergelijking Veilig Thuis</h1>\
         <p class=\"sub\">Naleving van het Handelingsprotocol Veilig Thuis 2019 per regio, met \
         noemers, uitsluitingen en betrouwbaarheidsintervallen</p><dl class=\"meta\">\
         <div><dt>Peildatum</dt><dd id=\"peildatum\">{}</dd></div>\
         <div><dt>Meetperiode</dt><dd id=\"meetperiode\">{}</dd></div>\
         <div><dt>Regels</dt><dd id=\"regelset\">{}</dd></div>\
         <div><dt>Dossiers</dt><dd>{} in de meetperiode ({} gelezen, {} ongeldig)</dd></div>\
         <div><dt>Regio's</dt><dd>{}</dd></div>\
         <div><dt>Gemaakt met</dt><dd>vtcheck {}</dd></div></dl></header>",
        fmt_date(c.as_of),
        esc(&c.period.describe()),
        esc(&c.rulesets_nl()),
        c.inputs.in_period,
        c.inputs.dossiers,
        c.inputs.invalid,
        c.regions.len(),
        esc(&c.tool_version)
    );
    let _ = writeln!(
        s,
        "<section id=\"kernpunten\"><h2>Kernpunten</h2>{}</section>",
        key_points(c)
    );
    if !c.rate_rules.is_empty() {
        let _ = writeln!(
            s,
            "<section id=\"heatmap\"><h2>Naleving per regio en regel</h2>\
             <p class=\"note\">Elke cel: het percentage dossiers dat aan de regel voldoet, van de \
             dossiers met oordeel voldaan of overtreding (de noemer). De kleur en het teken geven \
             aan of de regio significant afwijkt van het landelijke percentage, gegeven haar \
             aantal dossiers (trechtergrenzen). Beweeg over een cel voor noemer, interval en \
             uitsluitingen; de bijlage per regel geeft alle cijfers.</p>{}\
             <figure class=\"scroll\">{}</figure><ul class=\"rulekey\">{}</ul></section>",
            legend_cells(min),
            svg::heatmap(c),
            c.rate_rules
                .iter()
                .map(|r| format!(
                    "<li><strong>{}</strong> {}</li>",
                    esc(r.id.strip_prefix("VT-").unwrap_or(&r.id)),
                    esc(&r.title)
                ))
                .collect::<String>()
        );
    }
    let targeted: Vec<_> = c.targeted().collect();
    if !targeted.is_empty() {
        s.push_str(
            "<section id=\"normen\"><h2>Normen van Veilig Thuis Nederland (LNVT)</h2>\
             <p class=\"note\">Percentage voldaan per regio met 95%-betrouwbaarheidsinterval \
             (Wilson), gesorteerd van hoog naar laag. Gevulde stip: norm gehaald; open stip: niet \
             gehaald. Een interval dat de normlijn kruist betekent dat het verschil met de norm \
             binnen de toevalsmarge valt.</p><div class=\"pair\">",
        );
        for (i, r, t) in targeted {
            let _ = write!(
                s,
                "<figure><h3>{}: {} — norm ≥ {}</h3>{}</figure>",
                esc(&r.id),
                esc(&r.title),
                norm_pct(t),
                svg::norm_chart(c, i, t)
            );
        }
        s.push_str("</div></section>\n");
    }
    for (i, r) in c.duration_rules.iter().enumerate() {
        let _ = writeln!(
            s,
            "<section id=\"monitoring-{}\"><h2>{} ({})</h2>\
             <p class=\"note\">Duur van afgeronde monitoring (eerste overdracht tot \
             monitoring_afgerond) in maanden. Blauwe stip: gemiddelde; open ruit: mediaan; \
             groene lijn: referentiewaarde van ongeveer {}. Regio's met minder dan {min} afgeronde trajecten \
             worden niet getoond.</p><figure>{}</figure></section>",
            esc(&r.id.to_lowercase()),
            esc(&r.title),
            esc(&r.id),
            esc(&r.norm_text),
            svg::durations_chart(c, i)
        );
    }
    if !c.rate_rules.is_empty() {
        let _ = write!(
            s,
            "<section id=\"regels\"><h2>Per regel: trechterdiagram en cijfers</h2>\
             <p class=\"note\">Het trechterdiagram zet het percentage voldaan van elke regio af \
             tegen haar noemer. Hoe kleiner de noemer, hoe wijder de trechter: een kleine regio \
             wijkt alleen significant af als het verschil groot is. Regio's boven of onder de \
             95%-grens hebben een naam; buiten de 99,8%-grens is de afwijking vrijwel zeker geen \
             toeval. In de tabel staan dezelfde tekens (▼/▲, ▼▼/▲▲) bij het percentage.</p>{}",
            legend_funnel()
        );
        for (i, r) in c.rate_rules.iter().enumerate() {
            let nat = &c.national.rates[i];
            let count = |f: Funnel| {
                c.regions
                    .iter()
                    .filter(|row| row.rates[i].funnel == Some(f))
                    .count()
            };
            let summary = match nat.rate {
                Some(p) => format!(
                    "Landelijk {} voldaan (noemer {}); {} onder, {} boven de 95%-grens.",
                    pct_against(p, 1, nat.target),
                    nat.tally.denominator(),
                    regios(count(Funnel::Below)),
                    regios(count(Funnel::Above))
                ),
                None => format!(
                    "Landelijk noemer {}: te weinig beoordeelde dossiers.",
                    nat.tally.denominator()
                ),
            };
            let target = r
                .target
                .map(|t| format!(" — norm ≥ {}", norm_pct(t)))
                .unwrap_or_default();
            if nat.tally.denominator() == 0 && nat.tally.excluded() == 0 {
                // Nothing to show but the fact itself.
                let _ = writeln!(
                    s,
                    "<div class=\"rule\" id=\"regel-{}\"><h3>{}: {}{target}</h3><p class=\"note\">\
                     Geen dossiers in de meetperiode waarop deze regel van toepassing is. Ernst: {}.</p></div>",
                    esc(&r.id.to_lowercase()),
                    esc(&r.id),
                    esc(&r.title),
                    r.severity.label_nl(),
                );
                continue;
            }
            let _ = writeln!(
                s,
                "<div class=\"rule\" id=\"regel-{}\"><h3>{}: {}{target}</h3><p class=\"note\">{} \
                 Ernst: {}.</p><div class=\"pair\"><figure>{}</figure>{}</div></div>",
                esc(&r.id.to_lowercase()),
                esc(&r.id),
                esc(&r.title),
                summary,
                r.severity.label_nl(),
                svg::funnel(c, i, &format!("f{i}")),
                rule_table(c, i)
            );
        }
        s.push_str("</section>\n");
    }
    let _ = writeln!(
        s,
        "<section id=\"methode\"><h2>Methode</h2><ul class=\"key\">\
         <li><strong>Noemer en teller.</strong> Per regel tellen de dossiers met oordeel voldaan of \
         overtreding (noemer); de teller is het aantal voldaan. Open (termijn nog niet verstreken \
         op de peildatum), uitgezonderd (een uitzondering die de regel zelf noemt), ontheven \
         (een ontheffing uit het ontheffingenbestand) en onbeoordeelbaar (een gegeven ontbreekt) \
         tellen niet mee in de noemer en staan apart vermeld; niet van toepassing telt nergens mee.</li>\
         <li><strong>Meetperiode.</strong> {}</li>\
         <li><strong>Betrouwbaarheidsinterval.</strong> 95%-interval volgens Wilson (z = 1,96).</li>\
         <li><strong>Trechtergrenzen.</strong> Exacte binomiale grenzen rond het landelijke \
         percentage p: een regio met k voldaan van noemer n ligt onder de 95%-grens als de kans \
         op k of minder bij percentage p kleiner is dan 2,5 %, erboven als de kans op k of meer \
         kleiner is dan 2,5 % (voor de 99,8%-grens: 0,1 %). Onder of boven betekent buiten de \
         95%-grens; buiten de 99,8%-grens is apart gemarkeerd (▼▼/▲▲, gevuld symbool).</li>\
         <li><strong>Kleine aantallen.</strong> Een regio met een noemer onder {min} wordt niet \
         getoond: het percentage is te onzeker en kleine aantallen kunnen gezinnen herleidbaar \
         maken. Het landelijke percentage telt deze dossiers wel mee. Omdat het landelijke cijfer \
         min de getoonde regio's de verborgen regio's samen geeft, wordt zo nodig ook de kleinste \
         getoonde regio verborgen (×), tot de verborgen regio's samen een noemer van ten minste \
         {min} hebben. Voldoen in de verborgen regio's dan samen alle of geen dossiers, dan verraadt \
         dat het percentage van elk ervan: dan wordt ook de kleinste getoonde regio verborgen die \
         daar verandering in brengt. Is die er niet (in elke regio voldoen alle dossiers, of in \
         elke regio geen), dan zegt het landelijke cijfer dat al.</li>\
         <li><strong>Afronding.</strong> Percentages worden half naar boven afgerond, maar nooit \
         op 100 zolang er een overtreding is, en nooit op 0 zolang er een dossier voldoet: 432 van \
         433 is 99 (99,8 %).{}</li>\
         <li><strong>Normen.</strong> Een regio haalt een norm als haar percentage ten minste de \
         norm is; het interval laat zien hoe zeker dat is.</li></ul></section>",
        esc(&match (c.period.van, c.period.tot) {
            (None, None) => {
                "Er is geen meetperiode gegeven: alle dossiers tellen mee, ook voor de \
                 monitoringsduur."
                    .to_string()
            }
            _ => format!(
                "Alleen dossiers met een ontvangstdatum in de meetperiode ({}) tellen mee, ook \
                 voor de monitoringsduur.",
                c.period.describe()
            ),
        }),
        if c.targeted().next().is_some() {
            super::NORM_ROUNDING
        } else {
            ""
        }
    );
    let _ = writeln!(
        s,
        "<footer>Peildatum {} ({}). Meetperiode: {}. Regels: {}. Gemaakt met vtcheck {}; alle \
         cijfers volgen uit de dossiers en de regels, zonder handmatige bewerking.</footer>\n\
         </main>\n</body>\n</html>",
        fmt_date(c.as_of),
        esc(&c.as_of_source_nl()),
        esc(&c.period.describe()),
        esc(&c.rulesets_nl()),
        esc(&c.tool_version)
    );
    s
}
