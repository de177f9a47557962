//! Hand-built SVG charts for the HTML report: the heatmap of regions × rules, a funnel plot per
//! rule, a norm chart (rate with interval per region against the target) and the monitoring
//! durations.
//!
//! Colours follow the Okabe-Ito palette, which stays distinguishable for the common forms of
//! colour blindness; every colour is doubled by a shape or symbol (▼/▲, triangles, filled versus
//! hollow) so the charts also read in grey-scale print. Numbers are written with one decimal, so
//! the same comparison gives the same bytes.

use std::fmt::Write as _;

use super::table::cell;
use super::{Comparison, Funnel, Row, Stats, dec, funnel_limits, norm_pct, pct_against};
use super::{TAIL95, TAIL998};

/// Okabe-Ito vermillion: a rate below the 99.8 % funnel limits (▼▼), and the outline and
/// labels of every point below the limits.
pub const VERMILLION: &str = "#D55E00";
/// Light vermillion: a rate below the 95 % limits but within the 99.8 % ones (▼).
pub const VERMILLION_TINT: &str = "#F5C6A5";
/// Okabe-Ito blue: a rate above the 99.8 % limits (▲▲), and the outline and labels of every
/// point above the limits.
pub const BLUE: &str = "#0072B2";
/// Light blue: a rate above the 95 % limits but within the 99.8 % ones (▲).
pub const BLUE_TINT: &str = "#B0D3EC";
/// Okabe-Ito bluish green: the rule's norm (target) line and its label.
pub const GREEN: &str = "#009E73";
/// Light grey fill of a cell or point within the limits, or without a funnel position.
pub const NEUTRAL: &str = "#ECECEC";
/// Near-black for text, axes and the national line.
pub const INK: &str = "#1A1A1A";
/// Mid grey for the funnel limit curves, separators and secondary text.
pub const GREY: &str = "#6B6B6B";
const FONT: &str = "font-family=\"DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif\"";

/// Escapes text for SVG and HTML; characters XML 1.0 does not allow (a control character or
/// U+FFFE in a region name) become U+FFFD, as in JUnit ([`crate::report::xml_char`]). Tab, line
/// feed and carriage return are written as references: the same text goes into attributes
/// (`aria-label`, `title`), where a parser would turn them into spaces.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            '\t' => o.push_str("&#9;"),
            '\n' => o.push_str("&#10;"),
            '\r' => o.push_str("&#13;"),
            c => o.push(crate::report::xml_char(c)),
        }
    }
    o
}

/// A coordinate with one decimal.
fn n(x: f64) -> String {
    let s = format!("{x:.1}");
    if s == "-0.0" { "0.0".to_string() } else { s }
}

/// Tick values from `lo` to `hi` at a 1-2-5 step giving about `count` ticks.
pub fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if hi <= lo || count == 0 {
        return vec![lo];
    }
    let raw = (hi - lo) / count as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil() as i64;
    let last = (hi / step + 1e-9).floor() as i64;
    (first..=last).map(|i| i as f64 * step).collect()
}

/// Fill and text colour of a cell or point by funnel position.
pub fn fill(s: &Stats) -> (&'static str, &'static str) {
    match (s.funnel, s.funnel_998) {
        (_, Some(Funnel::Below)) => (VERMILLION, "#FFFFFF"),
        (Some(Funnel::Below), _) => (VERMILLION_TINT, INK),
        (_, Some(Funnel::Above)) => (BLUE, "#FFFFFF"),
        (Some(Funnel::Above), _) => (BLUE_TINT, INK),
        _ => (NEUTRAL, INK),
    }
}

/// Dutch description of a region's figures, for tooltips and tables.
pub fn describe(s: &Stats, min: u64) -> String {
    let t = &s.tally;
    let excl = format!(
        "open {}, uitgezonderd {}, ontheven {}, onbeoordeelbaar {}",
        t.open, t.exempt, t.waived, t.unassessable
    );
    match (s.rate, s.ci95) {
        (Some(r), Some((lo, hi))) => format!(
            "{} voldaan ({} van {}; 95%-BI {}){}; niet in de noemer: {excl}",
            pct_against(r, 1, s.target),
            t.pass,
            t.denominator(),
            super::ci_range((lo, hi), 1, true),
            s.funnel
                .map(|f| format!("; trechter: {}", f.label_nl()))
                .unwrap_or_default(),
        ),
        _ if t.denominator() == 0 => format!("geen beoordeelde dossiers; {excl}"),
        _ if s.secondary => format!(
            "noemer {}: niet getoond, anders is een kleine regio af te leiden uit het landelijke \
             cijfer; niet in de noemer: {excl}",
            t.denominator()
        ),
        _ => format!(
            "noemer {} (onder {min}): niet getoond; niet in de noemer: {excl}",
            t.denominator()
        ),
    }
}

/// The group a rule belongs to, by the letter after `VT-`.
fn group_of(id: &str) -> String {
    let letter = id
        .strip_prefix("VT-")
        .and_then(|r| r.chars().next())
        .unwrap_or('?');
    match letter {
        'T' => "Termijnen".into(),
        'V' => "Voorwaarden".into(),
        'O' => "Overdracht".into(),
        'M' => "Monitoring".into(),
        'A' => "Melding/advies".into(),
        'R' => "Reg./Raad".into(),
        'D' => "Data".into(),
        c => c.to_string(),
    }
}

fn short(id: &str) -> &str {
    id.strip_prefix("VT-").unwrap_or(id)
}

/// The hatch pattern for suppressed cells (defined once per SVG).
const HATCH: &str = "<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" \
    patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" \
    fill=\"#FFFFFF\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#C8C8C8\" \
    stroke-width=\"2\"/></pattern></defs>";

/// Regions × rules: each cell the rate with its funnel marker, coloured by funnel position.
pub fn heatmap(c: &Comparison) -> String {
    let rules = &c.rate_rules;
    let label_w = 168.0;
    // Fit a 1280-pixel page; a narrow column gets a smaller font.
    let cw = ((1276.0 - label_w) / rules.len().max(1) as f64)
        .floor()
        .clamp(30.0, 64.0);
    let cell_font = if cw < 40.0 { "10" } else { "11" };
    let rh = 22.0;
    let top = 62.0;
    let width = label_w + cw * rules.len() as f64 + 4.0;
    let rows = c.regions.len() as f64;
    let height = top + rh * (rows + 1.0) + 10.0 + 4.0;
    let min = c.min_denominator;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" role=\"img\" aria-labelledby=\"hm-title\" {FONT} font-size=\"11\">\
         <title id=\"hm-title\">Percentage voldaan per regio en regel, gekleurd naar positie in \
         de trechter</title>{HATCH}",
        w = n(width),
        h = n(height)
    );
    // Group headers: a band over consecutive rules of one group.
    let mut start = 0;
    while start < rules.len() {
        let g = group_of(&rules[start].id);
        let mut end = start + 1;
        while end < rules.len() && group_of(&rules[end].id) == g {
            end += 1;
        }
        let x0 = label_w + cw * start as f64;
        let x1 = label_w + cw * end as f64;
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"18\" x2=\"{}\" y2=\"18\" stroke=\"{GREY}\" stroke-width=\"1\"/>\
             <text x=\"{}\" y=\"13\" text-anchor=\"middle\" fill=\"{INK}\" font-size=\"10.5\">{}</text>",
            n(x0 + 2.0),
            n(x1 - 2.0),
            n((x0 + x1) / 2.0),
            esc(&g)
        );
        start = end;
    }
    for (j, r) in rules.iter().enumerate() {
        let x = label_w + cw * (j as f64 + 0.5);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"36\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"{INK}\">\
             <title>{}: {}</title>{}</text>",
            n(x),
            esc(&r.id),
            esc(&r.title),
            esc(short(&r.id))
        );
        if let Some(t) = r.target {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"50\" text-anchor=\"middle\" fill=\"{GREEN}\" \
                 font-weight=\"bold\" font-size=\"10\">≥{}</text>",
                n(x),
                norm_pct(t).trim_end_matches(" %")
            );
        }
    }
    let row = |s: &mut String, y: f64, r: &Row, bold: bool| {
        let weight = if bold { " font-weight=\"bold\"" } else { "" };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\" font-size=\"12\"{weight}>{}</text>",
            n(label_w - 8.0),
            n(y + rh / 2.0 + 4.0),
            esc(&r.name)
        );
        for (j, st) in r.rates.iter().enumerate() {
            let x = label_w + cw * j as f64;
            let (bg, fg, text) = if st.rate.is_some() {
                let (bg, fg) = fill(st);
                (bg.to_string(), fg, cell(st, min))
            } else if st.tally.denominator() == 0 {
                ("#FFFFFF".to_string(), GREY, "–".to_string())
            } else {
                ("url(#hatch)".to_string(), GREY, st.hidden_mark(min))
            };
            let _ = write!(
                s,
                "<g><title>{} — {}: {}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" \
                 height=\"{}\" fill=\"{bg}\" stroke=\"#FFFFFF\" stroke-width=\"1.5\"/>\
                 <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{fg}\" \
                 font-size=\"{cell_font}\"{weight}>{}</text></g>",
                esc(&r.name),
                esc(&c.rate_rules[j].id),
                esc(&describe(st, min)),
                n(x),
                n(y),
                n(cw),
                n(rh),
                n(x + cw / 2.0),
                n(y + rh / 2.0 + 4.0),
                esc(&text)
            );
        }
    };
    for (i, r) in c.regions.iter().enumerate() {
        row(&mut s, top + rh * i as f64, r, false);
    }
    let ny = top + rh * rows + 10.0;
    let _ = write!(
        s,
        "<line x1=\"0\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GREY}\" stroke-width=\"1\"/>",
        n(ny - 5.0),
        n(width),
        n(ny - 5.0)
    );
    row(&mut s, ny, &c.national, true);
    s.push_str("</svg>");
    s
}

/// A box (x0, y0, x1, y1) that a label or point occupies.
type BoxR = (f64, f64, f64, f64);

fn overlaps(a: &BoxR, b: &BoxR) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// An estimate of a bold label's width (DejaVu Sans averages about 0.63 em per character).
fn text_width(t: &str, per_char: f64) -> f64 {
    t.chars().count() as f64 * per_char
}

/// The box of a text at baseline `y`.
fn text_box(x: f64, y: f64, width: f64, anchor: &str) -> BoxR {
    let x0 = match anchor {
        "start" => x,
        "end" => x - width,
        _ => x - width / 2.0,
    };
    (x0 - 1.0, y - 10.0, x0 + width + 1.0, y + 3.0)
}

/// Geometry of a plot area.
struct Frame {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    xmin: f64,
    xmax: f64,
    ymin: f64,
    ymax: f64,
}

impl Frame {
    fn x(&self, v: f64) -> f64 {
        self.x0 + (v - self.xmin) / (self.xmax - self.xmin) * (self.x1 - self.x0)
    }
    fn y(&self, v: f64) -> f64 {
        self.y1 - (v - self.ymin) / (self.ymax - self.ymin) * (self.y1 - self.y0)
    }
}

fn thousands(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// A point marker: circle within, triangle down below, triangle up above; filled at the
/// 99.8 % level, tinted between 95 % and 99.8 %.
fn point(s: &mut String, x: f64, y: f64, st: &Stats, title: &str) {
    let (bg, _) = fill(st);
    let _ = write!(s, "<g><title>{}</title>", esc(title));
    match st.funnel {
        Some(Funnel::Below) => {
            let _ = write!(
                s,
                "<path d=\"M{} {} L{} {} L{} {} Z\" fill=\"{bg}\" stroke=\"{VERMILLION}\" stroke-width=\"1.6\"/>",
                n(x - 6.0),
                n(y - 4.5),
                n(x + 6.0),
                n(y - 4.5),
                n(x),
                n(y + 6.0)
            );
        }
        Some(Funnel::Above) => {
            let _ = write!(
                s,
                "<path d=\"M{} {} L{} {} L{} {} Z\" fill=\"{bg}\" stroke=\"{BLUE}\" stroke-width=\"1.6\"/>",
                n(x - 6.0),
                n(y + 4.5),
                n(x + 6.0),
                n(y + 4.5),
                n(x),
                n(y - 6.0)
            );
        }
        _ => {
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#9A9A9A\" stroke=\"#4D4D4D\" stroke-width=\"1\"/>",
                n(x),
                n(y)
            );
        }
    }
    s.push_str("</g>");
}

fn polyline(points: &[(f64, f64)], style: &str) -> String {
    let pts: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{},{}", n(*x), n(*y)))
        .collect();
    format!(
        "<polyline points=\"{}\" fill=\"none\" {style}/>",
        pts.join(" ")
    )
}

/// The funnel plot of one rule: each shown region's rate against its denominator, with the
/// national rate, the 95 % and 99.8 % limits and the target when the rule has one.
pub fn funnel(c: &Comparison, i: usize, id_prefix: &str) -> String {
    let rule = &c.rate_rules[i];
    let nat = &c.national.rates[i];
    let (w, h) = (540.0, 370.0);
    let national_rate = (nat.tally.denominator() > 0)
        .then(|| nat.tally.pass as f64 / nat.tally.denominator() as f64);
    let shown: Vec<(&Row, &Stats)> = c
        .regions
        .iter()
        .map(|r| (r, &r.rates[i]))
        .filter(|(_, s)| s.rate.is_some())
        .collect();
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" role=\"img\" aria-labelledby=\"{id_prefix}-t\" {FONT} font-size=\"11\">\
         <title id=\"{id_prefix}-t\">Trechterdiagram {}: percentage voldaan tegen de noemer per regio</title>",
        esc(&rule.id)
    );
    let Some(p) = national_rate.filter(|_| !shown.is_empty()) else {
        // A region with a large denominator may be hidden too, so that a small one cannot be
        // derived from the national figure: then "every denominator is small" is not true.
        let (first, second) = if c.regions.iter().any(|r| r.rates[i].secondary) {
            (
                "Geen trechterdiagram: elke regio is niet getoond".to_string(),
                format!(
                    "(noemer onder {} of anders af te leiden).",
                    c.min_denominator
                ),
            )
        } else {
            (
                "Te weinig beoordeelde dossiers voor een trechterdiagram".to_string(),
                format!("(noemer van elke regio onder {}).", c.min_denominator),
            )
        };
        let _ = write!(
            s,
            "<rect x=\"0.5\" y=\"0.5\" width=\"{}\" height=\"{}\" fill=\"#FAFAFA\" stroke=\"#DDDDDD\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{GREY}\" font-size=\"13\">\
             {first}</text>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{GREY}\" font-size=\"13\">\
             {second}</text></svg>",
            n(w - 1.0),
            n(h - 1.0),
            n(w / 2.0),
            n(h / 2.0 - 4.0),
            n(w / 2.0),
            n(h / 2.0 + 14.0),
        );
        return s;
    };
    let max_n = shown
        .iter()
        .map(|(_, st)| st.tally.denominator())
        .max()
        .unwrap_or(1) as f64;
    let xmax_raw = (max_n * 1.08).max(c.min_denominator as f64 * 2.0);
    let xt = ticks(0.0, xmax_raw, 6);
    let xstep = if xt.len() > 1 { xt[1] - xt[0] } else { 1.0 };
    let xmax = (xmax_raw / xstep).ceil() * xstep;
    let min_n = shown
        .iter()
        .map(|(_, st)| st.tally.denominator())
        .min()
        .unwrap_or(1)
        .max(1);
    // The y range covers the points, the national rate, the target and the 95 % limits at the
    // smallest shown region, with a margin; the curves are clipped to it.
    let (lo95, hi95) = funnel_limits(p, min_n, TAIL95);
    let mut lo = p.min(lo95);
    let mut hi = p.max(hi95);
    for (_, st) in &shown {
        let r = st.rate.unwrap_or(p);
        lo = lo.min(r);
        hi = hi.max(r);
    }
    if let Some(t) = rule.target {
        lo = lo.min(t);
        hi = hi.max(t);
    }
    // At least ten percentage points, so a flat 100 % does not look like a cliff.
    if hi - lo < 0.10 {
        lo = (hi - 0.10).max(0.0);
        hi = (lo + 0.10).min(1.0);
    }
    let margin = ((hi - lo) * 0.08).max(0.02);
    let ystep_guess = ticks((lo - margin) * 100.0, (hi + margin) * 100.0, 6);
    let ystep = if ystep_guess.len() > 1 {
        ystep_guess[1] - ystep_guess[0]
    } else {
        10.0
    };
    let ymin = (((lo - margin) * 100.0 / ystep).floor() * ystep).max(0.0);
    let ymax = (((hi + margin) * 100.0 / ystep).ceil() * ystep).min(100.0);
    let ymax = if ymax <= ymin { ymin + ystep } else { ymax };
    let f = Frame {
        x0: 58.0,
        x1: w - 18.0,
        y0: 14.0,
        y1: h - 48.0,
        xmin: 0.0,
        xmax,
        ymin,
        ymax,
    };
    let clip = format!("{id_prefix}-clip");
    let _ = write!(
        s,
        "<defs><clipPath id=\"{clip}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></clipPath></defs>\
         <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#FFFFFF\" stroke=\"#BDBDBD\"/>",
        n(f.x0),
        n(f.y0),
        n(f.x1 - f.x0),
        n(f.y1 - f.y0),
        n(f.x0),
        n(f.y0),
        n(f.x1 - f.x0),
        n(f.y1 - f.y0)
    );
    for t in ticks(ymin, ymax, 6) {
        let y = f.y(t);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#E6E6E6\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\">{} %</text>",
            n(f.x0),
            n(y),
            n(f.x1),
            n(y),
            n(f.x0 - 6.0),
            n(y + 4.0),
            dec(t, if t.fract() == 0.0 { 0 } else { 1 })
        );
    }
    // A denominator is a whole number: a tick at 2.5 would be labelled with a number it is not.
    for t in ticks(0.0, xmax, 6).into_iter().filter(|t| t.fract() == 0.0) {
        let x = f.x(t);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#E6E6E6\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
            n(x),
            n(f.y0),
            n(x),
            n(f.y1),
            n(x),
            n(f.y1 + 16.0),
            thousands(t.round() as u64)
        );
    }
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">noemer: beoordeelde dossiers \
         (voldaan + overtreding)</text>\
         <text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\" fill=\"{INK}\">% voldaan</text>",
        n((f.x0 + f.x1) / 2.0),
        n(h - 10.0),
        n((f.y0 + f.y1) / 2.0)
    );
    // Limits, sampled from the smallest shown denominator (or the suppression threshold).
    let start = (c.min_denominator.max(1) as f64).min(min_n as f64);
    let steps = 160;
    let mut curves: [Vec<(f64, f64)>; 4] = Default::default();
    // The limits are those of whole denominators (the nearest to each sample): a region's
    // point lies outside the curve at its own n exactly when its funnel position says so.
    for k in 0..=steps {
        let nn = start + (xmax - start) * k as f64 / steps as f64;
        let whole = (nn.round() as u64).max(1);
        let (lo95, hi95) = funnel_limits(p, whole, TAIL95);
        let (lo998, hi998) = funnel_limits(p, whole, TAIL998);
        let x = f.x(nn);
        curves[0].push((x, f.y(lo95 * 100.0)));
        curves[1].push((x, f.y(hi95 * 100.0)));
        curves[2].push((x, f.y(lo998 * 100.0)));
        curves[3].push((x, f.y(hi998 * 100.0)));
    }
    let _ = write!(s, "<g clip-path=\"url(#{clip})\">");
    for (k, curve) in curves.iter().enumerate() {
        let style = if k < 2 {
            format!("stroke=\"{GREY}\" stroke-width=\"1.4\" stroke-dasharray=\"6 4\"")
        } else {
            format!("stroke=\"{GREY}\" stroke-width=\"1.2\" stroke-dasharray=\"2 3\"")
        };
        s.push_str(&polyline(curve, &style));
    }
    let yp = f.y(p * 100.0);
    let _ = write!(
        s,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"1.6\"/>",
        n(f.x0),
        n(yp),
        n(f.x1),
        n(yp)
    );
    if let Some(t) = rule.target {
        let yt = f.y(t * 100.0);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GREEN}\" stroke-width=\"2.4\" \
             stroke-dasharray=\"10 3 2 3\"/>",
            n(f.x0),
            n(yt),
            n(f.x1),
            n(yt)
        );
    }
    s.push_str("</g>");
    // Labels are placed greedily where they overlap no point and no other label; a label that
    // fits nowhere is left out (the tooltip and the table beside the plot name every region).
    let mut taken: Vec<BoxR> = shown
        .iter()
        .map(|(_, st)| {
            let x = f.x(st.tally.denominator() as f64);
            let y = f.y(st.rate.unwrap_or(0.0) * 100.0);
            (x - 7.0, y - 7.0, x + 7.0, y + 7.0)
        })
        .collect();
    let inside = |b: &BoxR| b.0 >= f.x0 + 2.0 && b.2 <= f.x1 - 2.0 && b.1 >= f.y0 && b.3 <= f.y1;
    let place = |taken: &mut Vec<BoxR>, cands: &[(f64, f64, &'static str)], width: f64| {
        for (x, y, anchor) in cands {
            let b = text_box(*x, *y, width, anchor);
            if inside(&b) && !taken.iter().any(|t| overlaps(t, &b)) {
                taken.push(b);
                return Some((*x, *y, *anchor));
            }
        }
        None
    };
    let mut texts = String::new();
    let label = |texts: &mut String,
                 (x, y, anchor): (f64, f64, &str),
                 colour: &str,
                 size: &str,
                 t: &str| {
        let _ = write!(
            texts,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{colour}\" font-size=\"{size}\" \
             font-weight=\"bold\" paint-order=\"stroke\" stroke=\"#FFFFFF\" stroke-width=\"3\">{}</text>",
            n(x),
            n(y),
            esc(t)
        );
    };
    let nat_text = format!("landelijk {}", pct_against(p, 1, rule.target));
    let nat_w = text_width(&nat_text, 7.0);
    let nat_cands = [
        (f.x1 - 4.0, yp - 5.0, "end"),
        (f.x1 - 4.0, yp + 14.0, "end"),
        ((f.x0 + f.x1) / 2.0, yp - 5.0, "middle"),
        ((f.x0 + f.x1) / 2.0, yp + 14.0, "middle"),
        (f.x0 + 6.0, yp - 5.0, "start"),
        (f.x0 + 6.0, yp + 14.0, "start"),
    ];
    if let Some(at) = place(&mut taken, &nat_cands, nat_w) {
        label(&mut texts, at, INK, "11", &nat_text);
    }
    if let Some(t) = rule.target {
        let yt = f.y(t * 100.0);
        let text = format!("norm ≥ {}", norm_pct(t));
        let cands = [
            (f.x0 + 6.0, yt - 5.0, "start"),
            (f.x0 + 6.0, yt + 14.0, "start"),
            ((f.x0 + f.x1) / 2.0, yt - 5.0, "middle"),
            ((f.x0 + f.x1) / 2.0, yt + 14.0, "middle"),
            (f.x1 - 4.0, yt - 5.0, "end"),
            (f.x1 - 4.0, yt + 14.0, "end"),
        ];
        if let Some(at) = place(&mut taken, &cands, text_width(&text, 7.0)) {
            label(&mut texts, at, GREEN, "11", &text);
        }
    }
    // Points, outliers last so they are drawn on top.
    let mut order: Vec<&(&Row, &Stats)> = shown.iter().collect();
    order.sort_by_key(|(r, st)| (st.funnel != Some(Funnel::Within), r.code.as_str()));
    for (r, st) in &order {
        let x = f.x(st.tally.denominator() as f64);
        let y = f.y(st.rate.unwrap_or(0.0) * 100.0);
        point(
            &mut s,
            x,
            y,
            st,
            &format!("{}: {}", r.name, describe(st, c.min_denominator)),
        );
    }
    // Outliers are labelled, the most extreme first.
    let mut outliers: Vec<&(&Row, &Stats)> = order
        .into_iter()
        .filter(|(_, st)| matches!(st.funnel, Some(Funnel::Below | Funnel::Above)))
        .collect();
    outliers.sort_by(|a, b| {
        let key = |st: &Stats| (st.funnel_998 == st.funnel, (st.rate.unwrap_or(p) - p).abs());
        let (ka, kb) = (key(a.1), key(b.1));
        kb.0.cmp(&ka.0)
            .then_with(|| kb.1.total_cmp(&ka.1))
            .then_with(|| a.0.code.cmp(&b.0.code))
    });
    for (r, st) in outliers {
        let x = f.x(st.tally.denominator() as f64);
        let y = f.y(st.rate.unwrap_or(0.0) * 100.0);
        let colour = if st.funnel == Some(Funnel::Below) {
            VERMILLION
        } else {
            BLUE
        };
        let cands = [
            (x + 9.0, y + 4.0, "start"),
            (x - 9.0, y + 4.0, "end"),
            (x, y - 10.0, "middle"),
            (x, y + 18.0, "middle"),
            (x + 9.0, y - 8.0, "start"),
            (x - 9.0, y - 8.0, "end"),
            (x + 9.0, y + 16.0, "start"),
            (x - 9.0, y + 16.0, "end"),
        ];
        if let Some(at) = place(&mut taken, &cands, text_width(&r.name, 6.6)) {
            label(&mut texts, at, colour, "10.5", &r.name);
        }
    }
    s.push_str(&texts);
    s.push_str("</svg>");
    s
}

/// The norm chart of a rule with a target: per region the rate with its 95 % interval, sorted by
/// rate, against the target and the national rate.
pub fn norm_chart(c: &Comparison, i: usize, target: f64) -> String {
    let mut shown: Vec<&Row> = c
        .regions
        .iter()
        .filter(|r| r.rates[i].rate.is_some())
        .collect();
    shown.sort_by(|a, b| {
        b.rates[i]
            .rate
            .unwrap_or(0.0)
            .total_cmp(&a.rates[i].rate.unwrap_or(0.0))
            .then_with(|| a.code.cmp(&b.code))
    });
    let hidden: Vec<&Row> = c
        .regions
        .iter()
        .filter(|r| r.rates[i].rate.is_none())
        .collect();
    let rh = 17.0;
    let (label_w, right_w) = (176.0, 126.0);
    let w = 628.0;
    let top = 26.0;
    let base = top + rh * shown.len().max(1) as f64 + 40.0;
    // The regions not shown, named below the chart on as many lines as they need (one line of
    // 25 names ran off the chart and over the national label).
    let notes = if hidden.is_empty() {
        Vec::new()
    } else {
        let names: Vec<&str> = hidden.iter().map(|r| r.name.as_str()).collect();
        let lead = format!(
            "Niet getoond (noemer onder {} of anders af te leiden):",
            c.min_denominator
        );
        wrap_words(&lead, &names, 100)
    };
    let h = base + 15.0 * notes.len() as f64;
    let lo = shown
        .iter()
        .filter_map(|r| r.rates[i].ci95.map(|c| c.0))
        .fold(target, f64::min);
    let xmin = ((lo * 100.0 - 5.0) / 10.0).floor().max(0.0) * 10.0;
    let f = Frame {
        x0: label_w,
        x1: w - right_w,
        y0: top,
        y1: base - 40.0,
        xmin,
        xmax: 100.0,
        ymin: 0.0,
        ymax: 1.0,
    };
    let rule = &c.rate_rules[i];
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" role=\"img\" aria-labelledby=\"norm-{id}-t\" {FONT} font-size=\"11\">\
         <title id=\"norm-{id}-t\">{id}: percentage voldaan per regio met 95%-interval, tegen de norm \
         van {}</title>",
        norm_pct(target),
        w = n(w),
        h = n(h),
        id = esc(&rule.id)
    );
    for t in ticks(xmin, 100.0, 6) {
        let x = f.x(t);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#E6E6E6\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">{} %</text>",
            n(x),
            n(f.y0 - 6.0),
            n(x),
            n(f.y1),
            n(x),
            n(f.y1 + 15.0),
            dec(t, 0)
        );
    }
    let xt = f.x(target * 100.0);
    let _ = write!(
        s,
        "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GREEN}\" stroke-width=\"2.4\" \
         stroke-dasharray=\"10 3 2 3\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{GREEN}\" \
         font-weight=\"bold\">norm ≥ {}</text>",
        n(xt),
        n(f.y0 - 6.0),
        n(xt),
        n(f.y1),
        n(xt),
        n(f.y0 - 10.0),
        norm_pct(target)
    );
    if let Some(p) = c.national.rates[i].rate {
        let xp = f.x(p * 100.0);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{INK}\" stroke-width=\"1.2\" \
             stroke-dasharray=\"3 3\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">\
             landelijk {}</text>",
            n(xp),
            n(f.y0),
            n(xp),
            n(f.y1),
            n(xp),
            n(f.y1 + 30.0),
            pct_against(p, 1, Some(target))
        );
    }
    for (k, r) in shown.iter().enumerate() {
        let st = &r.rates[i];
        let y = top + rh * (k as f64 + 0.5);
        let rate = st.rate.unwrap_or(0.0);
        let (clo, chi) = st.ci95.unwrap_or((rate, rate));
        let met = st.target_met == Some(true);
        let _ = write!(
            s,
            "<g><title>{}: {}</title><text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\" \
             font-size=\"11.5\">{}</text><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{INK}\" \
             stroke-width=\"1.4\"/>",
            esc(&r.name),
            esc(&describe(st, c.min_denominator)),
            n(label_w - 8.0),
            n(y + 4.0),
            esc(&r.name),
            n(f.x(clo * 100.0)),
            n(y),
            n(f.x(chi * 100.0)),
            n(y)
        );
        if met {
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{BLUE}\" stroke=\"{BLUE}\"/>",
                n(f.x(rate * 100.0)),
                n(y)
            );
        } else {
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"#FFFFFF\" stroke=\"{VERMILLION}\" stroke-width=\"2\"/>",
                n(f.x(rate * 100.0)),
                n(y)
            );
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"{INK}\" font-size=\"11\">{} {}</text></g>",
            n(f.x1 + 10.0),
            n(y + 4.0),
            pct_against(rate, 1, Some(target)),
            if met { "✓ gehaald" } else { "✗ niet" }
        );
    }
    for (k, line) in notes.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"4\" y=\"{}\" fill=\"{GREY}\" font-size=\"10.5\">{}</text>",
            n(base + 11.0 + 15.0 * k as f64),
            esc(line)
        );
    }
    s.push_str("</svg>");
    s
}

/// `lead` and then `items` separated by commas, cut into lines of at most `width` characters
/// (an item longer than a line gets a line of its own).
fn wrap_words(lead: &str, items: &[&str], width: usize) -> Vec<String> {
    let mut lines = vec![lead.to_string()];
    for (k, item) in items.iter().enumerate() {
        let piece = if k + 1 < items.len() {
            format!("{item},")
        } else {
            (*item).to_string()
        };
        let last = lines.last_mut().expect("one line at least");
        if last.chars().count() + 1 + piece.chars().count() <= width {
            last.push(' ');
            last.push_str(&piece);
        } else {
            lines.push(piece);
        }
    }
    lines
}

/// Mean (filled circle) and median (hollow diamond) durations per region against the norm.
pub fn durations_chart(c: &Comparison, i: usize) -> String {
    let rule = &c.duration_rules[i];
    let rows: Vec<&Row> = c
        .regions
        .iter()
        .chain(std::iter::once(&c.national))
        .collect();
    let rh = 17.0;
    let (label_w, right_w) = (176.0, 200.0);
    let w = 680.0;
    let top = 26.0;
    let h = top + rh * rows.len() as f64 + 34.0;
    let max = rows
        .iter()
        .flat_map(|r| [r.durations[i].mean, r.durations[i].median])
        .flatten()
        .chain(rule.norm_months)
        .fold(1.0, f64::max);
    let xt = ticks(0.0, max * 1.1, 6);
    let step = if xt.len() > 1 { xt[1] - xt[0] } else { 1.0 };
    let xmax = (max * 1.1 / step).ceil() * step;
    let f = Frame {
        x0: label_w,
        x1: w - right_w,
        y0: top,
        y1: h - 34.0,
        xmin: 0.0,
        xmax,
        ymin: 0.0,
        ymax: 1.0,
    };
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w} {h}\" width=\"{w}\" \
         height=\"{h}\" role=\"img\" aria-labelledby=\"dur-{id}-t\" {FONT} font-size=\"11\">\
         <title id=\"dur-{id}-t\">{id}: gemiddelde en mediane duur van afgeronde monitoring per regio \
         in maanden</title>",
        w = n(w),
        h = n(h),
        id = esc(&rule.id)
    );
    for t in ticks(0.0, xmax, 6) {
        let x = f.x(t);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#E6E6E6\"/>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>",
            n(x),
            n(f.y0 - 6.0),
            n(x),
            n(f.y1),
            n(x),
            n(f.y1 + 15.0),
            dec(t, 0)
        );
    }
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"{INK}\">maanden</text>",
        n((f.x0 + f.x1) / 2.0),
        n(h - 4.0)
    );
    if let Some(norm) = rule.norm_months {
        let x = f.x(norm);
        let _ = write!(
            s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{GREEN}\" stroke-width=\"2.4\" \
             stroke-dasharray=\"10 3 2 3\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" \
             fill=\"{GREEN}\" font-weight=\"bold\">referentie ≈ {} mnd</text>",
            n(x),
            n(f.y0 - 6.0),
            n(x),
            n(f.y1),
            n(x),
            n(f.y0 - 10.0),
            dec(norm, 0)
        );
    }
    for (k, r) in rows.iter().enumerate() {
        let d = &r.durations[i];
        let y = top + rh * (k as f64 + 0.5);
        let national = r.code == super::NATIONAL;
        let weight = if national {
            " font-weight=\"bold\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" fill=\"{INK}\" font-size=\"11.5\"{weight}>{}</text>",
            n(label_w - 8.0),
            n(y + 4.0),
            esc(&r.name)
        );
        match (d.mean, d.median) {
            (Some(mean), Some(median)) => {
                let (xm, xd) = (f.x(mean), f.x(median));
                let _ = write!(
                    s,
                    "<g><title>{}: gemiddeld {} maanden, mediaan {} maanden, n = {}</title>\
                     <line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#BBBBBB\" stroke-width=\"2\"/>\
                     <path d=\"M{} {} L{} {} L{} {} L{} {} Z\" fill=\"#FFFFFF\" stroke=\"{INK}\" stroke-width=\"1.5\"/>\
                     <circle cx=\"{}\" cy=\"{}\" r=\"4.5\" fill=\"{BLUE}\"/>\
                     <text x=\"{}\" y=\"{}\" fill=\"{INK}\"{weight}>{} / {} mnd (n = {})</text></g>",
                    esc(&r.name),
                    dec(mean, 1),
                    dec(median, 1),
                    d.n,
                    n(xm.min(xd)),
                    n(y),
                    n(xm.max(xd)),
                    n(y),
                    n(xd - 5.5),
                    n(y),
                    n(xd),
                    n(y - 5.5),
                    n(xd + 5.5),
                    n(y),
                    n(xd),
                    n(y + 5.5),
                    n(xm),
                    n(y),
                    n(f.x1 + 10.0),
                    n(y + 4.0),
                    dec(mean, 1),
                    dec(median, 1),
                    d.n
                );
            }
            _ => {
                let why = if d.n == 0 {
                    "geen afgeronde monitoring".to_string()
                } else if d.secondary {
                    format!("n = {}: niet getoond (anders af te leiden)", d.n)
                } else {
                    format!("n = {} (onder {}): niet getoond", d.n, c.min_denominator)
                };
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" fill=\"{GREY}\" font-style=\"italic\">{why}</text>",
                    n(f.x0 + 6.0),
                    n(y + 4.0)
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::wrap_words;

    /// A region name with a tab or line break keeps it in an attribute, where a literal one
    /// would be read as a space; characters XML does not allow become U+FFFD.
    #[test]
    fn escapes_markup_breaks_and_forbidden_characters() {
        assert_eq!(
            super::esc("A&B <\"x'>\tC\nD\rE\u{1}"),
            "A&amp;B &lt;&quot;x&#39;&gt;&#9;C&#10;D&#13;E\u{FFFD}"
        );
    }

    #[test]
    fn long_footnotes_wrap_and_keep_every_name() {
        let names: Vec<String> = (1..=25).map(|i| format!("Regio-{i:02}")).collect();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let lines = wrap_words("Niet getoond:", &refs, 60);
        assert!(lines.len() > 3, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 60), "{lines:?}");
        let joined = lines.join(" ");
        assert!(refs.iter().all(|r| joined.contains(r)), "{joined}");
        assert_eq!(
            wrap_words("Niet getoond:", &["A"], 60),
            vec!["Niet getoond: A"]
        );
    }

    /// A comparison of one rule over regions of the given (pass, violation) tallies, hidden by
    /// the rules of [`crate::compare`]: below the minimum, then complementary.
    fn one_rule(tallies: &[(u64, u64)]) -> crate::compare::Comparison {
        use crate::compare::{Comparison, Inputs, Period, RateRule, Row, Stats, Tally};
        let min = 10;
        let tally = |(pass, violation): (u64, u64)| Tally {
            pass,
            violation,
            ..Tally::default()
        };
        let mut national = Tally::default();
        for t in tallies {
            national.merge(&tally(*t));
        }
        let p = national.pass as f64 / national.denominator() as f64;
        let row = |code: &str, stats: Stats| Row {
            code: code.into(),
            name: code.into(),
            dossiers: stats.tally.denominator(),
            rates: vec![stats],
            durations: Vec::new(),
        };
        let mut regions: Vec<Row> = tallies
            .iter()
            .enumerate()
            .map(|(k, t)| {
                row(
                    &format!("regio-{k}"),
                    Stats::compute(tally(*t), Some(p), None, min),
                )
            })
            .collect();
        // One small region hidden: the figure of the other would give it away.
        if regions.iter().filter(|r| r.rates[0].suppressed).count() == 1 {
            for r in regions.iter_mut().filter(|r| !r.rates[0].suppressed) {
                r.rates[0].suppress_secondary();
            }
        }
        Comparison {
            as_of: chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            as_of_source: crate::check::AsOfSource::Flag,
            period: Period::default(),
            tool_version: "0".into(),
            rulesets: Vec::new(),
            rules_changed_by: Vec::new(),
            min_denominator: min,
            inputs: Inputs::default(),
            rate_rules: vec![RateRule {
                id: "VT-T01".into(),
                title: "Veiligheidsbeoordeling binnen termijn".into(),
                severity: crate::rules::Severity::Error,
                target: None,
            }],
            duration_rules: Vec::new(),
            national: row("national", Stats::compute(national, None, None, min)),
            regions,
            missing_regions: Vec::new(),
        }
    }

    /// Every region hidden: "every denominator under 10" only when it is so; a region hidden by
    /// complementary suppression has a large one, and the text says why it is hidden.
    #[test]
    fn an_empty_funnel_says_why_its_regions_are_hidden() {
        let small = super::funnel(&one_rule(&[(3, 2), (4, 1)]), 0, "f");
        assert!(
            small.contains("Te weinig beoordeelde dossiers voor een trechterdiagram")
                && small.contains("(noemer van elke regio onder 10)."),
            "{small}"
        );
        let c = one_rule(&[(120, 49), (3, 2)]);
        assert!(
            c.regions[0].rates[0].secondary,
            "{:?}",
            c.regions[0].rates[0]
        );
        let complementary = super::funnel(&c, 0, "f");
        assert!(
            complementary.contains("Geen trechterdiagram: elke regio is niet getoond")
                && complementary.contains("(noemer onder 10 of anders af te leiden)."),
            "{complementary}"
        );
        assert!(
            !complementary.contains("noemer van elke regio onder"),
            "{complementary}"
        );
    }

    #[test]
    fn characters_xml_does_not_allow_are_replaced() {
        assert_eq!(
            super::esc("regio-\u{FFFE}\u{FFFF}\u{7}<'>"),
            "regio-\u{FFFD}\u{FFFD}\u{FFFD}&lt;&#39;&gt;"
        );
    }
}
