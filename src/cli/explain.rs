//! `vtcheck explain ID`: the norm, its source, the rationale, the exact counting, examples and
//! the rule's YAML.

use std::fmt::Write as _;

use crate::calendar::Unit;
use crate::rules::{Anchor, Check, DateRef, RuleSet};
use crate::suggest::did_you_mean_help;

/// The explanation, or a (message, help) pair for an unknown id.
pub fn explain(set: &RuleSet, id: &str) -> Result<String, (String, Option<String>)> {
    let wanted = id.to_uppercase();
    if set.get(&wanted).is_none() {
        // `T01` for `VT-T01`: the number without its prefix is too far off for a spelling
        // suggestion, but it is what a reader of the protocol types.
        let prefixed = set
            .rules
            .iter()
            .find(|r| r.id.rsplit_once('-').is_some_and(|(_, n)| n == wanted))
            .map(|r| format!("bedoelde je `{}`?", r.id));
        let help = prefixed
            .or_else(|| did_you_mean_help(&wanted, set.rules.iter().map(|r| r.id.as_str())))
            .or(Some("`vtcheck rules list` toont alle regels".into()));
        return Err((format!("onbekende regel `{id}`"), help));
    }
    let mut s = String::new();
    for (i, rule) in set.versions(&wanted).enumerate() {
        if i > 0 {
            s.push_str("\n────────\n\n");
        }
        explain_one(&mut s, rule, set);
    }
    Ok(s)
}

fn explain_one(s: &mut String, rule: &crate::rules::Rule, set: &RuleSet) {
    let _ = writeln!(s, "{} — {}", rule.id, rule.title);
    let _ = write!(
        s,
        "Ernst: {}   Soort: {}",
        // The key beside the Dutch word, where they differ: rule files and vtcheck.toml take
        // both, reports show the Dutch one.
        if rule.severity.label_nl() == rule.severity.key() {
            rule.severity.key().to_string()
        } else {
            format!("{} ({})", rule.severity.label_nl(), rule.severity.key())
        },
        rule.check.kind_key().replace('_', " "),
    );
    // `categorie` is optional in a rule file: no empty label for a rule without one.
    if !rule.category.is_empty() {
        let _ = write!(s, "   Categorie: {}", rule.category);
    }
    s.push('\n');
    if let Some((from, to)) = period(rule) {
        let _ = writeln!(
            s,
            "Geldig voor dossiers ontvangen van {from} tot en met {to}"
        );
        // The YAML below shows the period as written; say where the rest went.
        if !rule.narrowed_by.is_empty() {
            let _ = writeln!(
                s,
                "  (ingekort: voor de rest van de periode geldt de latere definitie in {})",
                rule.narrowed_by.join(", ")
            );
        }
    }
    let _ = writeln!(s, "\nNorm\n  {}", rule.rationale.trim());
    let _ = writeln!(s, "\nBron\n  {}", rule.source);
    if let Some(note) = &rule.source_note {
        let _ = writeln!(s, "  {note}");
    }
    let _ = writeln!(s, "\nTelling\n  {}", counting(rule, set));
    if rule.example_good.is_some() || rule.example_bad.is_some() {
        let _ = writeln!(s, "\nVoorbeelden");
        if let Some(g) = &rule.example_good {
            let _ = writeln!(s, "  voldoet:      {g}");
        }
        if let Some(b) = &rule.example_bad {
            let _ = writeln!(s, "  overtreding:  {b}");
        }
    }
    let _ = writeln!(s, "\nRegel ({}:{})\n", rule.file, rule.pos.line);
    for line in rule.yaml.lines() {
        let _ = writeln!(s, "  {line}");
    }
}

/// How the rule counts, in Dutch: shared by `explain` and the generated rule documentation.
pub fn counting(rule: &crate::rules::Rule, set: &RuleSet) -> String {
    match &rule.check {
        Check::Deadline(d) => {
            let start = match &d.start {
                Anchor::Received => "de ontvangst van de melding (`ontvangen`)".to_string(),
                Anchor::Event(e) => format!("de eerste {}", e.text),
            };
            let unit = match d.term.eenheid {
                Unit::Werkdagen => {
                    let holidays: Vec<String> = set
                        .calendar
                        .holidays(2025)
                        .iter()
                        .map(|(d, n)| format!("{n} {}", crate::dossier::model::fmt_date(*d)))
                        .collect();
                    format!(
                        "Werkdagen: maandag t/m vrijdag, behalve de feestdagen van de kalender (Algemene termijnenwet; in 2025: {}). De termijndatum is de {}e werkdag ná de dag van de start; die dag zelf telt nooit mee.",
                        holidays.join(", "),
                        d.term.aantal
                    )
                }
                Unit::Dagen | Unit::Weken if d.term.doorschuiven => "Kalenderdagen: termijndatum = startdatum + het aantal dagen (weken × 7); valt die op een weekend of feestdag, dan schuift de termijn door naar de eerstvolgende werkdag (`doorschuiven: true`).".to_string(),
                Unit::Dagen | Unit::Weken => "Kalenderdagen: termijndatum = startdatum + het aantal dagen (weken × 7); geen doorschuiven over weekend of feestdag (dat doet `doorschuiven: true`).".to_string(),
                Unit::Maanden => "Kalendermaanden: termijndatum = startdatum + het aantal maanden, begrensd op de laatste dag van de maand (31 januari + 1 maand = 28/29 februari).".to_string(),
            };
            let mut t = format!(
                "Binnen {} na {start}: de eerste {} op of na de start voldoet als haar datum op of vóór de termijndatum ligt. {unit} Ontbreekt de gebeurtenis: open zolang de peildatum niet na de termijndatum ligt, daarna een overtreding.",
                d.term.describe(),
                d.target.text
            );
            if let Some(e) = &d.exemption {
                let _ = write!(t, " Uitgezonderd bij een {} op of vóór de termijndatum.", e.text);
            }
            if let Some((e, step)) = &d.extension {
                let _ = write!(t, " Elke {} op of vóór de lopende termijndatum verlengt de termijn met {}.", e.text, step.describe());
            }
            t
        }
        Check::Requirement(r) => {
            if r.violation_once.is_some() {
                "Een eis aan het dossier; zolang die niet vervuld is en het dossier nog niet in de fase is waarin het had gemoeten: open, daarna een overtreding.".into()
            } else {
                "Een eis aan het dossier: is die vervuld, dan voldoet het dossier, anders is het een overtreding.".into()
            }
        }
        Check::PerItem(_) => "Per item één uitkomst; het dossier overtreedt de regel als één item dat doet.".into(),
        Check::Consistency(c) => format!("{} controles; elke tegenstrijdigheid is een eigen bevinding.", c.len()),
        // The engine counts the gap from the last event to the as-of date only with
        // `tot_peildatum: true`; the text must not promise more than it checks.
        Check::Interval(i) if i.until_as_of => format!("Tussen twee opeenvolgende gebeurtenissen ({}), en van de laatste tot de peildatum, ligt niet meer dan {}.", i.events.text, i.max.describe()),
        Check::Interval(i) => format!("Tussen twee opeenvolgende gebeurtenissen ({}) ligt niet meer dan {}. De tijd van de laatste tot de peildatum telt niet mee; met `tot_peildatum: true` wel.", i.events.text, i.max.describe()),
        Check::Text(_) => "Per voorwaarde een tekstanalyse met het lexicon uit de regel; elke voorwaarde met een treffer is een bevinding.".into(),
        Check::Population(p) => format!(
            "Geaggregeerd per regio: de gemiddelde duur staat naast een referentiewaarde van ongeveer {}; geen oordeel per dossier. Per dossier telt de duur van {} tot {}, als beide er zijn en de tweede niet vóór de eerste ligt. Maanden zijn gemiddelde maanden: het aantal kalenderdagen gedeeld door {} (365,2425 / 12), welke maanden er ook tussen liggen.",
            p.norm.describe(),
            date_ref_nl(&p.from),
            date_ref_nl(&p.to),
            format!("{:.6}", crate::engine::DAYS_PER_MONTH).replace('.', ",")
        ),
    }
}

/// The validity period of a versioned rule for one-line listings (` (geldig 01-01-2019 t/m —)`);
/// empty for a rule without dates.
pub fn period_suffix(rule: &crate::rules::Rule) -> String {
    period(rule).map_or(String::new(), |(from, to)| {
        format!(" (geldig {from} t/m {to})")
    })
}

/// The first and last `ontvangen` date a versioned rule judges (`—`: open-ended); `None` for a
/// rule without dates.
fn period(rule: &crate::rules::Rule) -> Option<(String, String)> {
    if rule.valid_from.is_none() && rule.valid_to.is_none() {
        return None;
    }
    let f =
        |d: Option<chrono::NaiveDate>| d.map_or("—".to_string(), crate::dossier::model::fmt_date);
    Some((f(rule.valid_from), f(rule.valid_to)))
}

/// A date of the dossier as a rule names it, in Dutch.
fn date_ref_nl(r: &DateRef) -> String {
    match r {
        DateRef::Received => "de ontvangst (`ontvangen`)".into(),
        DateRef::AsOf => "de peildatum".into(),
        DateRef::First(sel) => format!("de eerste {}", sel.text),
        DateRef::Last(sel) => format!("de laatste {}", sel.text),
        DateRef::ItemDate => "de datum van het item".into(),
    }
}

/// `docs/rules.md`: one section per rule, generated from the rule files.
pub fn docs(set: &RuleSet) -> String {
    let mut s = String::from(
        "# Regels van vtcheck\n\n<!-- Gegenereerd door `vtcheck rules docs`; niet met de hand bewerken. -->\n\n",
    );
    let names: Vec<String> = set
        .names
        .iter()
        .map(|(n, v)| format!("{n} (versie {v})"))
        .collect();
    let _ = writeln!(s, "Regelset: {}.\n", names.join(", "));
    // Each rule file's `bronnoot` once, in load order: the caveats about the sources apply to
    // every rule of the file, and a table of 32 rules should not repeat them.
    let mut notes: Vec<&str> = Vec::new();
    for note in set.rules.iter().filter_map(|r| r.source_note.as_deref()) {
        if !notes.contains(&note) {
            notes.push(note);
            let _ = writeln!(s, "{note}\n");
        }
    }
    let _ = writeln!(
        s,
        "| id | ernst | soort | titel |\n| --- | --- | --- | --- |"
    );
    for r in &set.rules {
        let _ = writeln!(
            s,
            "| [{}](#{}) | {} | {} | {}{} |",
            r.id,
            r.id.to_lowercase(),
            r.severity.key(),
            r.check.kind_key(),
            r.title,
            period_suffix(r)
        );
    }
    for r in &set.rules {
        let _ = writeln!(
            s,
            "\n## {}\n\n**{}**  \nErnst: `{}` · soort: `{}`{}\n",
            r.id,
            r.title,
            r.severity.key(),
            r.check.kind_key(),
            if r.category.is_empty() {
                String::new()
            } else {
                format!(" · categorie: {}", r.category)
            }
        );
        if let Some((from, to)) = period(r) {
            let _ = writeln!(
                s,
                "**Geldigheid.** Voor dossiers ontvangen van {from} tot en met {to}.\n"
            );
        }
        let _ = writeln!(s, "**Wat de regel doet.** {}\n", r.rationale.trim());
        let _ = writeln!(s, "**Bron.** {}\n", r.source);
        let _ = writeln!(s, "**Telling.** {}\n", counting(r, set));
        if let Some(t) = r.target {
            let _ = writeln!(
                s,
                "**Doelnorm.** Ten minste {:.0} % van de beoordeelde dossiers voldoet (regiovergelijking).\n",
                t * 100.0
            );
        }
        if let Some(g) = &r.example_good {
            let _ = writeln!(s, "**Voldoet.** {g}\n");
        }
        if let Some(b) = &r.example_bad {
            let _ = writeln!(s, "**Overtreding.** {b}\n");
        }
        let _ = writeln!(
            s,
            "<details><summary>YAML ({})</summary>\n\n```yaml\n{}\n```\n\n</details>",
            r.file, r.yaml
        );
    }
    s
}
