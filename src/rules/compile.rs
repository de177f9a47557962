//! Rule files (YAML) → compiled [`Rule`]s.
//!
//! Rule files are read into the same positioned tree as dossiers and compiled by hand rather than
//! through serde derive, so that every mistake a quality officer can make (an unknown key, field,
//! event kind or enumeration value) is an error at its line and column with a "did you mean".

use std::sync::Arc;

use chrono::NaiveDate;

use super::model::*;
use crate::calendar::{Term, Unit};
use crate::diag::Diag;
use crate::dossier::date::parse_stamp;
use crate::dossier::node::{Key, OwnedNode as Node, Pos, Value};
use crate::dossier::schema::{self, ObjDef, Ty};
use crate::suggest::help_for;
use crate::text::{
    Begrijpelijk, BegrijpelijkConfig, Concreet, ConcreetConfig, Positief, PositiefConfig,
};

/// Compilation context: the file being compiled and the diagnostics so far.
pub struct Ctx<'a> {
    /// The rule file's name as diagnostics give it (`rules/termijnen.yaml`, or a user path).
    pub file: Arc<str>,
    /// The file's whole text: where a rule's own YAML and a placeholder's position are taken
    /// from.
    pub text: &'a str,
    /// The errors found so far, in the order found; any one makes the rule set invalid.
    pub diags: Vec<Diag>,
    /// The region codes dossiers are read with: a condition on `regio` names one of them.
    pub regions: &'a [&'static str],
}

/// The error of a compile step: the problem is already in [`Ctx::diags`], with its position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

type R<T> = Result<T, Reported>;

/// A mapping whose keys are checked: each key must be read or it is reported as unknown.
struct Map<'n> {
    node: &'n Node,
    entries: &'n [(Key, Node)],
    used: Vec<&'static str>,
    what: &'static str,
}

impl<'a> Ctx<'a> {
    fn err(&mut self, pos: Pos, msg: impl Into<String>, help: Option<String>) {
        self.diags
            .push(Diag::error(&self.file, pos, msg).with_help(help));
    }

    fn map<'n>(&mut self, node: &'n Node, what: &'static str) -> R<Map<'n>> {
        match &node.value {
            Value::Map(entries) => Ok(Map {
                node,
                entries,
                used: Vec::new(),
                what,
            }),
            other => {
                self.err(
                    node.pos,
                    format!("{what} moet een object zijn, gevonden: {}", other.kind_nl()),
                    None,
                );
                Err(Reported)
            }
        }
    }

    /// Reports keys that were not read, with a suggestion from the keys that were allowed.
    fn finish(&mut self, m: Map<'_>, allowed: &[&str]) -> R<()> {
        let mut ok = true;
        for (k, _) in m.entries {
            if !m.used.contains(&k.name.as_ref()) && !allowed.contains(&k.name.as_ref()) {
                ok = false;
                self.err(
                    k.pos,
                    format!("onbekende sleutel `{}` in {}", k.name, m.what),
                    help_for(&k.name, allowed),
                );
            }
        }
        if ok { Ok(()) } else { Err(Reported) }
    }

    fn str_of(&mut self, node: &Node, what: &str) -> R<String> {
        match node.scalar_text() {
            Some(s) => Ok(s),
            None => {
                self.err(node.pos, format!("{what} moet tekst zijn"), None);
                Err(Reported)
            }
        }
    }

    fn date_of(&mut self, node: &Node, what: &str) -> R<NaiveDate> {
        let s = self.str_of(node, what)?;
        parse_stamp(&s).map(|st| st.date).map_err(|e| {
            self.err(node.pos, format!("{e} in {what}"), None);
            Reported
        })
    }
}

impl<'n> Map<'n> {
    fn get(&mut self, key: &'static str) -> Option<&'n Node> {
        self.used.push(key);
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    fn keys(&self) -> impl Iterator<Item = &'n Key> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// Where key `key` is written (the map itself when it is not there).
    fn key_pos(&self, key: &str) -> Pos {
        self.keys()
            .find(|k| k.name.as_ref() == key)
            .map_or(self.node.pos, |k| k.pos)
    }
}

fn required<'n>(ctx: &mut Ctx<'_>, m: &mut Map<'n>, key: &'static str) -> R<&'n Node> {
    match m.get(key) {
        Some(n) => Ok(n),
        None => {
            ctx.err(
                m.node.pos,
                format!("verplichte sleutel `{key}` ontbreekt in {}", m.what),
                None,
            );
            Err(Reported)
        }
    }
}

/// Where field paths start and which object definition they resolve against.
#[derive(Clone, Copy)]
struct Env {
    /// The item definition in item context (`None`: dossier context).
    item: Option<&'static ObjDef>,
    /// Item kinds when the items are events (restricts the allowed fields).
    item_event_kinds: Option<&'static [&'static str]>,
}

const DOSSIER_ENV: Env = Env {
    item: None,
    item_event_kinds: None,
};

const RULE_KEYS: &[&str] = &[
    "id",
    "titel",
    "ernst",
    "categorie",
    "bron",
    "toelichting",
    "van_toepassing",
    "controle",
    "meldingen",
    "voorbeeld",
    "geldig_vanaf",
    "geldig_tot",
    "doelnorm",
];

/// A rule id as reports, waivers, baselines and `explain` key on it: upper-case ASCII letters
/// and digits in parts joined by single hyphens, starting with a letter (`VT-T01`). A space, a
/// lower-case letter or an empty id would make a second rule that looks like the first, or one
/// that cannot be named.
fn is_rule_id(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_uppercase())
        && id.split('-').all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

/// Compiles one rule entry; its text (for `explain` and the rule documentation) runs up to byte
/// `end` of the file: the start of the next entry, or the end of the `regels` list.
pub fn rule(ctx: &mut Ctx<'_>, node: &Node, end: usize) -> R<Rule> {
    let mut m = ctx.map(node, "een regel")?;
    let id_node = required(ctx, &mut m, "id")?;
    let id = ctx.str_of(id_node, "`id`")?;
    if !is_rule_id(&id) {
        let upper: String = id.trim().to_uppercase().replace([' ', '_'], "-");
        ctx.err(
            id_node.pos,
            format!("ongeldige regel-id `{id}`: alleen hoofdletters, cijfers en koppeltekens, beginnend met een letter (zoals `VT-T01` of `MB-R01`)"),
            is_rule_id(&upper).then(|| format!("bedoelde je `{upper}`?")),
        );
        return Err(Reported);
    }
    let title_node = required(ctx, &mut m, "titel");
    let title = title_node.and_then(|n| ctx.str_of(n, "`titel`"));
    let sev = required(ctx, &mut m, "ernst").and_then(|n| {
        let s = ctx.str_of(n, "`ernst`")?;
        Severity::parse(&s).ok_or_else(|| {
            ctx.err(
                n.pos,
                "onbekende ernst",
                help_for(&s, &["error", "warning", "info", "fout", "waarschuwing"]),
            );
            Reported
        })
    });
    let category = m
        .get("categorie")
        .map(|n| ctx.str_of(n, "`categorie`"))
        .transpose()
        .map(Option::unwrap_or_default);
    let source = required(ctx, &mut m, "bron").and_then(|n| ctx.str_of(n, "`bron`"));
    let rationale =
        required(ctx, &mut m, "toelichting").and_then(|n| ctx.str_of(n, "`toelichting`"));
    let applies = m
        .get("van_toepassing")
        .map(|n| pred(ctx, n, DOSSIER_ENV))
        .transpose();
    let check = required(ctx, &mut m, "controle").and_then(|n| check(ctx, n));
    let messages = m.get("meldingen").map(|n| messages(ctx, n)).transpose();
    let (good, bad) = match m.get("voorbeeld") {
        Some(n) => examples(ctx, n)?,
        None => (None, None),
    };
    let valid_from = m
        .get("geldig_vanaf")
        .map(|n| ctx.date_of(n, "`geldig_vanaf`"))
        .transpose();
    let target = match m.get("doelnorm") {
        None => Ok(None),
        Some(n) => match n.value {
            Value::Float(f) if (0.0..=1.0).contains(&f) => Ok(Some(f)),
            Value::Int(i) if (0..=1).contains(&i) => Ok(Some(i as f64)),
            _ => {
                ctx.err(
                    n.pos,
                    "`doelnorm` is een aandeel tussen 0 en 1 (bijvoorbeeld 0.90)",
                    None,
                );
                Err(Reported)
            }
        },
    };
    let to_node = m.get("geldig_tot");
    let mut valid_to = to_node.map(|n| ctx.date_of(n, "`geldig_tot`")).transpose();
    // Both bounds count (tot en met), so an end before the start leaves no day: the rule
    // would silently judge nothing.
    if let (Ok(Some(from)), Ok(Some(to)), Some(n)) = (&valid_from, &valid_to, to_node)
        && to < from
    {
        ctx.err(
            n.pos,
            format!(
                "`geldig_tot` ({}) ligt vóór `geldig_vanaf` ({}): de regel geldt dan voor geen \
                 enkel dossier",
                crate::dossier::model::fmt_date(*to),
                crate::dossier::model::fmt_date(*from)
            ),
            Some(
                "`geldig_vanaf` is de eerste en `geldig_tot` de laatste ontvangstdatum (tot en \
                 met) waarop de regel geldt"
                    .into(),
            ),
        );
        valid_to = Err(Reported);
    }
    ctx.finish(m, RULE_KEYS)?;
    let yaml = rule_text(ctx.text, node.pos, end);
    let messages = messages?.unwrap_or_default();
    let check = check?;
    let mut placeholders_ok = true;
    for (_, t, pos) in &messages {
        placeholders_ok &= check_placeholders(ctx, *pos, &t.0, check.kind_key()).is_ok();
    }
    let messages: Vec<(Status, Template)> = messages.into_iter().map(|(s, t, _)| (s, t)).collect();
    if !messages.iter().any(|(s, _)| *s == Status::Violation)
        && !matches!(check, Check::Population(_))
    {
        ctx.err(
            node.pos,
            format!("regel {id}: `meldingen.overtreding` ontbreekt"),
            Some("elke regel geeft een Nederlandse melding bij een overtreding".into()),
        );
        return Err(Reported);
    }
    if !placeholders_ok {
        return Err(Reported);
    }
    let applies = applies?;
    if let (Ok(t), Ok(n)) = (&title, title_node) {
        stale_title_term(ctx, t, n.pos, &check);
    }
    Ok(Rule {
        id,
        title: title?,
        severity: sev?,
        category: category?,
        source: source?,
        source_note: None,
        rationale: rationale?,
        applies_three_valued: applies.as_ref().is_some_and(Pred::may_be_unknown),
        applies,
        check,
        messages,
        example_good: good,
        example_bad: bad,
        valid_from: valid_from?,
        valid_to: valid_to?,
        target: target?,
        version: String::new(),
        file: ctx.file.clone(),
        pos: node.pos,
        yaml,
        narrowed_by: Vec::new(),
    })
}

/// The text of one list entry, `- ` and all, from its first key at `start` up to byte `end` (the
/// next entry or the end of the list), comments included, de-indented to read as a top-level list
/// item. Blank lines and comments less indented than the entry's keys at its end are dropped:
/// they introduce what follows (a comment above the next rule).
pub fn rule_text(text: &str, start: Pos, end: usize) -> String {
    let from = (start.offset as usize).min(text.len());
    let end = end.clamp(from, text.len());
    let line_start = super::line_start(text, from);
    let head = &text[line_start..from];
    // The entry's own line when only its `- ` precedes its first key; else (a flow sequence) the
    // entry alone, indented as if it were.
    let (body, indent) = if head.trim_start_matches([' ', '-']).is_empty() {
        (&text[line_start..end], head.chars().count())
    } else {
        // A flow mapping's text starts at its `{`, before its first key.
        let open = head.trim_end();
        let at = match open.strip_suffix('{') {
            Some(before) => line_start + before.len(),
            None => from,
        };
        (&text[at..end], 0)
    };
    let mut lines: Vec<&str> = body.lines().collect();
    if indent == 0 && !lines.is_empty() {
        lines[0] = lines[0].trim_start();
    }
    while let Some(last) = lines.last() {
        let t = last.trim_start();
        let lead = last.len() - t.len();
        if lines.len() > 1 && (t.is_empty() || (t.starts_with('#') && lead < indent)) {
            lines.pop();
        } else {
            break;
        }
    }
    // Re-indent so the entry reads as a top-level list item (`- id: ...`).
    let cut = indent.saturating_sub(2);
    let mut out = String::new();
    for (i, l) in lines.iter().enumerate() {
        let l = if i == 0 && indent == 0 {
            format!("- {l}")
        } else if let Some(rest) = l.get(cut..).filter(|_| l[..cut].trim().is_empty()) {
            rest.to_string()
        } else {
            l.trim_start().to_string()
        };
        out.push_str(&l);
        out.push('\n');
    }
    out.trim_end().to_string()
}

fn examples(ctx: &mut Ctx<'_>, node: &Node) -> R<(Option<String>, Option<String>)> {
    let mut m = ctx.map(node, "`voorbeeld`")?;
    let good = m
        .get("goed")
        .map(|n| ctx.str_of(n, "`voorbeeld.goed`"))
        .transpose()?;
    let bad = m
        .get("fout")
        .map(|n| ctx.str_of(n, "`voorbeeld.fout`"))
        .transpose()?;
    ctx.finish(m, &["goed", "fout"])?;
    Ok((good, bad))
}

/// Reports each `{placeholder}` of a message that a rule of this kind does not fill in: it would
/// be printed literally in every report.
fn check_placeholders(ctx: &mut Ctx<'_>, pos: Pos, template: &str, kind: &str) -> R<()> {
    let known = crate::engine::placeholders(kind);
    let mut ok = true;
    let keys: Vec<&str> = crate::engine::template_keys(template).collect();
    for (i, &key) in keys.iter().enumerate() {
        if !known.contains(&key) {
            let nth = keys[..i].iter().filter(|k| **k == key).count();
            ok = false;
            let list: Vec<String> = known.iter().map(|k| format!("{{{k}}}")).collect();
            let mut help = format!("een regel van soort `{kind}` vult in: {}", list.join(", "));
            if let Some(s) = crate::suggest::did_you_mean(key, known.iter().copied()) {
                help = format!("bedoelde je `{{{s}}}`? {help}");
            }
            ctx.err(
                placeholder_pos(ctx.text, pos, key, nth),
                format!("onbekend invulveld `{{{key}}}` in de bevindingstekst (`meldingen`)"),
                Some(help),
            );
        }
    }
    if ok { Ok(()) } else { Err(Reported) }
}

/// Where the `nth` (from 0) `{key}` of the message that starts at `start` is written in `text`:
/// searched in the lines the value can span (its first line, and the lines after it indented
/// further than its key), so that a long message is marked at the placeholder, not at its first
/// character. The start when it is not found there (written with an escape).
fn placeholder_pos(text: &str, start: Pos, key: &str, nth: usize) -> Pos {
    let from = (start.offset as usize).min(text.len());
    let line_start = super::line_start(text, from);
    let first_line = &text[line_start..];
    let indent = first_line.len() - first_line.trim_start_matches(' ').len();
    // A value that starts its own line (a block scalar's text) continues at that indentation;
    // one after its key continues only deeper.
    let min_indent = if line_start + indent == from {
        indent
    } else {
        indent + 1
    };
    let mut end = text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    while end < text.len() {
        let line = &text[end..];
        let line = &line[..line.find('\n').map_or(line.len(), |i| i + 1)];
        let body = line.trim_start_matches(' ');
        if !body.trim().is_empty() && line.len() - body.len() < min_indent {
            break;
        }
        end += line.len();
    }
    let needle = format!("{{{key}}}");
    text[from..end]
        .match_indices(&needle)
        .nth(nth)
        .map_or(start, |(i, _)| Pos::in_text(text, from + i))
}

fn messages(ctx: &mut Ctx<'_>, node: &Node) -> R<Vec<(Status, Template, Pos)>> {
    let m = ctx.map(node, "`meldingen`")?;
    let keys: Vec<&str> = Status::ALL.iter().map(|(nl, _, _)| *nl).collect();
    let mut out = Vec::new();
    let mut ok = true;
    for (k, v) in m.entries {
        match Status::ALL.iter().find(|(nl, _, _)| *nl == k.name) {
            Some((_, _, s)) => match ctx.str_of(v, "een melding") {
                Ok(t) => out.push((*s, Template(t), v.pos)),
                Err(Reported) => ok = false,
            },
            None => {
                ok = false;
                ctx.err(
                    k.pos,
                    format!("onbekende status `{}` in `meldingen`", k.name),
                    help_for(&k.name, &keys),
                );
            }
        }
    }
    if ok { Ok(out) } else { Err(Reported) }
}

const CHECK_KINDS: &[&str] = &[
    "termijn",
    "vereiste",
    "per_item",
    "consistentie",
    "interval",
    "tekst",
    "populatie",
];

fn check(ctx: &mut Ctx<'_>, node: &Node) -> R<Check> {
    let mut m = ctx.map(node, "`controle`")?;
    let kind_node = required(ctx, &mut m, "soort")?;
    let kind = ctx.str_of(kind_node, "`controle.soort`")?;
    match kind.as_str() {
        "termijn" => {
            let start = required(ctx, &mut m, "start").and_then(|n| anchor(ctx, n));
            let target = required(ctx, &mut m, "doel").and_then(|n| event_sel(ctx, n));
            let term_ = required(ctx, &mut m, "termijn").and_then(|n| term(ctx, n));
            let exemption = m.get("uitzondering").map(|n| event_sel(ctx, n)).transpose();
            let extension = m
                .get("verlenging")
                .map(|n| {
                    let mut em = ctx.map(n, "`verlenging`")?;
                    let t = required(ctx, &mut em, "termijn").and_then(|n| term(ctx, n));
                    let sel_node = required(ctx, &mut em, "gebeurtenis")?;
                    let sel = event_sel_map(ctx, &mut em, sel_node);
                    ctx.finish(em, &["termijn", "gebeurtenis", "waar"])?;
                    Ok((sel?, t?))
                })
                .transpose();
            ctx.finish(
                m,
                &[
                    "soort",
                    "start",
                    "doel",
                    "termijn",
                    "uitzondering",
                    "verlenging",
                ],
            )?;
            Ok(Check::Deadline(Deadline {
                start: start?,
                target: target?,
                term: term_?,
                exemption: exemption?,
                extension: extension?,
            }))
        }
        "vereiste" => {
            let require = required(ctx, &mut m, "eis").and_then(|n| pred(ctx, n, DOSSIER_ENV));
            let once = m
                .get("overtreding_zodra")
                .map(|n| pred(ctx, n, DOSSIER_ENV))
                .transpose();
            ctx.finish(m, &["soort", "eis", "overtreding_zodra"])?;
            let require = require?;
            Ok(Check::Requirement(Requirement {
                three_valued: require.may_be_unknown(),
                require,
                violation_once: once?,
            }))
        }
        "per_item" => {
            let (items, env) = required(ctx, &mut m, "items").and_then(|n| collection(ctx, n))?;
            let only = m.get("alleen").map(|n| pred(ctx, n, env)).transpose();
            let require = required(ctx, &mut m, "eis").and_then(|n| pred(ctx, n, env));
            ctx.finish(m, &["soort", "items", "alleen", "eis"])?;
            let (only, require) = (only?, require?);
            Ok(Check::PerItem(PerItem {
                three_valued: require.may_be_unknown()
                    || only.as_ref().is_some_and(Pred::may_be_unknown),
                items,
                only,
                require,
            }))
        }
        "consistentie" => {
            let list = required(ctx, &mut m, "controles")?;
            let Value::Seq(items) = &list.value else {
                ctx.err(list.pos, "`controles` moet een lijst zijn", None);
                return Err(Reported);
            };
            // No checks would judge every dossier `voldaan`: a rule that checks nothing.
            if items.is_empty() {
                ctx.err(
                    list.pos,
                    "lege lijst: geef minstens één controle",
                    Some("een controle heeft `elk` (volgorde) of `items`, `veld` en `naar` (verwijzing)".into()),
                );
                return Err(Reported);
            }
            let mut out = Vec::new();
            let mut ok = true;
            for item in items {
                match consistency(ctx, item) {
                    Ok(c) => out.push(c),
                    Err(Reported) => ok = false,
                }
            }
            ctx.finish(m, &["soort", "controles"])?;
            if ok {
                Ok(Check::Consistency(out))
            } else {
                Err(Reported)
            }
        }
        "interval" => {
            let events = required(ctx, &mut m, "gebeurtenis").and_then(|n| event_sel(ctx, n));
            let max = required(ctx, &mut m, "maximaal").and_then(|n| term(ctx, n));
            let until = match m.get("tot_peildatum") {
                Some(n) => match n.value {
                    Value::Bool(b) => Ok(b),
                    _ => {
                        ctx.err(n.pos, "`tot_peildatum` moet true of false zijn", None);
                        Err(Reported)
                    }
                },
                None => Ok(false),
            };
            ctx.finish(m, &["soort", "gebeurtenis", "maximaal", "tot_peildatum"])?;
            Ok(Check::Interval(Interval {
                events: events?,
                max: max?,
                until_as_of: until?,
            }))
        }
        "tekst" => {
            let (items, env) = required(ctx, &mut m, "items").and_then(|n| collection(ctx, n))?;
            let field = required(ctx, &mut m, "veld").and_then(|n| {
                let p = field_path(
                    ctx,
                    n,
                    env.item.unwrap_or(&schema::DOSSIER),
                    env.item_event_kinds,
                )?;
                match p.steps.as_slice() {
                    [one] => Ok(*one),
                    _ => {
                        ctx.err(
                            n.pos,
                            "`veld` van een tekstcontrole is één veld van het item",
                            None,
                        );
                        Err(Reported)
                    }
                }
            });
            let analysis = required(ctx, &mut m, "analyse")
                .and_then(|n| Ok((ctx.str_of(n, "`analyse`")?, n.pos)));
            let lex = required(ctx, &mut m, "lexicon");
            ctx.finish(m, &["soort", "items", "veld", "analyse", "lexicon"])?;
            let ((analysis, analysis_pos), lex) = (analysis?, lex?);
            let analyzer = analyzer(ctx, &analysis, analysis_pos, lex)?;
            Ok(Check::Text(TextCheck {
                items,
                field: field?,
                analyzer,
            }))
        }
        "populatie" => {
            let from = required(ctx, &mut m, "van").and_then(|n| date_ref(ctx, n));
            let to = required(ctx, &mut m, "tot").and_then(|n| date_ref(ctx, n));
            let norm = required(ctx, &mut m, "norm").and_then(|n| {
                let t = term(ctx, n)?;
                // Durations are compared in months; working days have no fixed length in
                // months, and the norm would silently drop out of the comparison.
                if t.eenheid == Unit::Werkdagen {
                    let at = n.get("eenheid").map_or(n.pos, |u| u.pos);
                    ctx.err(
                        at,
                        "een populatienorm in werkdagen kan niet naar maanden worden omgerekend",
                        Some("geef de norm in maanden, weken of dagen".into()),
                    );
                    return Err(Reported);
                }
                Ok(t)
            });
            ctx.finish(m, &["soort", "van", "tot", "norm"])?;
            Ok(Check::Population(Population {
                from: from?,
                to: to?,
                norm: norm?,
            }))
        }
        _ => {
            ctx.err(
                kind_node.pos,
                "onbekende soort controle",
                help_for(&kind, CHECK_KINDS),
            );
            Err(Reported)
        }
    }
}

/// The analyser `analysis` (written at `analysis_pos`) with lexicon `lex`.
fn analyzer(ctx: &mut Ctx<'_>, analysis: &str, analysis_pos: Pos, lex: &Node) -> R<Analyzer> {
    // The lexicon is typed data owned by the text module: deserialised from the parsed tree, so
    // that every YAML spelling of it (flow style, comments, aliases) is the same lexicon, and a
    // mistake in it is marked at its own key or value: a shape error by the deserialiser, a
    // mistake the analyser finds (a bad phrase) by the path it gives.
    fn load<T: serde::de::DeserializeOwned>(ctx: &mut Ctx<'_>, lex: &Node) -> R<T> {
        super::de::from_node(lex).map_err(|errors| {
            for e in errors {
                ctx.err(
                    e.pos.unwrap_or(lex.pos),
                    format!("ongeldig lexicon: {}", e.message),
                    e.help,
                );
            }
            Reported
        })
    }
    let built = match analysis {
        "concreet" => {
            let cfg: ConcreetConfig = load(ctx, lex)?;
            Concreet::new(&cfg).map(Analyzer::Concreet)
        }
        "positief" => {
            let cfg: PositiefConfig = load(ctx, lex)?;
            Positief::new(&cfg).map(Analyzer::Positief)
        }
        "begrijpelijk" => {
            let cfg: BegrijpelijkConfig = load(ctx, lex)?;
            Begrijpelijk::new(&cfg).map(Analyzer::Begrijpelijk)
        }
        other => {
            ctx.err(
                analysis_pos,
                format!("onbekende analyse `{other}`"),
                help_for(other, &["concreet", "positief", "begrijpelijk"]),
            );
            return Err(Reported);
        }
    };
    built.map_err(|e| {
        ctx.err(
            lexicon_pos(lex, &e.path),
            format!("ongeldig lexicon: {}", e.message),
            None,
        );
        Reported
    })
}

/// Where the entry at `path` in lexicon `lex` is written: the deepest node the path reaches
/// (an entry left out, with its default, is marked at the block that holds it).
fn lexicon_pos(lex: &Node, path: &[crate::text::Step]) -> Pos {
    use crate::text::Step;
    let mut node = lex;
    for step in path {
        let next = match (step, &node.value) {
            (Step::Key(k), Value::Map(entries)) => entries
                .iter()
                .find(|(key, _)| key.name == *k)
                .map(|(_, v)| v),
            (Step::Index(i), Value::Seq(items)) => items.get(*i),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    node.pos
}

/// The keys of a consistency check of each form; `melding` belongs to both.
const ORDER_KEYS: &[&str] = &["elk", "niet_voor", "niet_na", "ontbrekend", "melding"];
const REFERENCE_KEYS: &[&str] = &["items", "veld", "naar", "melding"];

fn consistency(ctx: &mut Ctx<'_>, node: &Node) -> R<Consistency> {
    let mut m = ctx.map(node, "een consistentiecontrole")?;
    let message = required(ctx, &mut m, "melding").and_then(|n| {
        let t = ctx.str_of(n, "`melding`")?;
        check_placeholders(ctx, n.pos, &t, "consistentie")?;
        Ok(Template(t))
    });
    // A key of the other form would be read by neither: the check would silently not test
    // what its author wrote (a `naar` beside `elk`, a `niet_voor` in a reference check).
    // Without `elk`, order keys and no reference key still mean an order check (`elk` left
    // out or misspelt), so the error is the missing `elk`, not three missing reference keys.
    let has = |names: &[&str]| m.keys().any(|k| names.contains(&k.name.as_ref()));
    let order = has(&["elk"])
        || (has(&["niet_voor", "niet_na", "ontbrekend"]) && !has(&["items", "veld", "naar"]));
    let (own, other, help) = if order {
        (
            ORDER_KEYS,
            REFERENCE_KEYS,
            "een volgordecontrole (met `elk`) heeft `niet_voor`, `niet_na` en `ontbrekend`; een \
             verwijzing (`items`, `veld`, `naar`) is een eigen controle in `controles`, zonder `elk`",
        )
    } else {
        (
            REFERENCE_KEYS,
            ORDER_KEYS,
            "een verwijzingscontrole (zonder `elk`) heeft `items`, `veld` en `naar`; `niet_voor`, \
             `niet_na` en `ontbrekend` horen bij een volgordecontrole, die met `elk` de \
             gebeurtenissen kiest",
        )
    };
    let mut forms_ok = true;
    for k in m.keys() {
        if other.contains(&k.name.as_ref()) && !own.contains(&k.name.as_ref()) {
            forms_ok = false;
            let form = if order {
                "een volgordecontrole (met `elk`)"
            } else {
                "een verwijzingscontrole (zonder `elk`)"
            };
            ctx.err(
                k.pos,
                format!("`{}` hoort niet bij {form}", k.name),
                Some(help.into()),
            );
        }
    }
    // Mentioned keys of the other form are reported above, not again as unknown.
    let allowed: Vec<&str> = own.iter().chain(other).copied().collect();
    if order {
        let each = required(ctx, &mut m, "elk").and_then(|n| event_sel(ctx, n));
        let nb = m.get("niet_voor").map(|n| date_ref(ctx, n)).transpose();
        let na = m.get("niet_na").map(|n| date_ref(ctx, n)).transpose();
        let missing = match m.get("ontbrekend") {
            None => Ok(false),
            Some(n) => match n.scalar_text().as_deref() {
                Some("overtreding") => Ok(true),
                Some("negeren") => Ok(false),
                _ => {
                    ctx.err(n.pos, "`ontbrekend` is `overtreding` of `negeren`", None);
                    Err(Reported)
                }
            },
        };
        ctx.finish(m, &allowed)?;
        if !forms_ok {
            return Err(Reported);
        }
        return Ok(Consistency::Order {
            each: each?,
            not_before: nb?,
            not_after: na?,
            missing_is_error: missing?,
            message: message?,
        });
    }
    let items = required(ctx, &mut m, "items").and_then(|n| collection(ctx, n));
    let field = match (&items, required(ctx, &mut m, "veld")) {
        (Ok((_, env)), Ok(n)) => ctx.str_of(n, "`veld`").and_then(|name| {
            let def = env.item.unwrap_or(&schema::DOSSIER);
            let i = field_index(ctx, n.pos, &name, def, env.item_event_kinds)?;
            // Only a field of ids refers: `{verwijzing}` would otherwise print a value of a
            // free-text field (`partij`, `tekst`) into every report (rev50 F5).
            match def.fields[i].ty {
                schema::Ty::Id | schema::Ty::IdList | schema::Ty::Ratings(_) => Ok(i),
                _ => {
                    let ids: Vec<&str> = def
                        .fields
                        .iter()
                        .filter(|f| {
                            matches!(f.ty, schema::Ty::Id | schema::Ty::IdList | schema::Ty::Ratings(_))
                                && f.name != "id"
                        })
                        .map(|f| f.name)
                        .collect();
                    ctx.err(
                        n.pos,
                        format!(
                            "veld `{name}` van {} bevat geen ids: een verwijzingscontrole leest een veld dat naar items verwijst",
                            def.noun
                        ),
                        (!ids.is_empty()).then(|| format!("velden met ids: {}", ids.join(", "))),
                    );
                    Err(Reported)
                }
            }
        }),
        _ => Err(Reported),
    };
    let target = required(ctx, &mut m, "naar").and_then(|n| {
        id_collection(
            ctx,
            m.key_pos("naar"),
            n,
            "`naar`",
            "elk genoemd id moet bestaan als het `id` van een item van `naar`",
        )
    });
    // Read to the end before giving up, so that a misspelt `elk` is named ("bedoelde je").
    ctx.finish(m, &allowed)?;
    if !forms_ok {
        return Err(Reported);
    }
    Ok(Consistency::Reference {
        items: items?.0,
        field: field?,
        target: target?,
        message: message?,
    })
}

/// The largest `aantal` of a term: far beyond any deadline the protocol sets, and small enough
/// that deadline arithmetic cannot overflow.
const MAX_TERM: i64 = 100_000;

/// A warning when the title names a term ("binnen 5 werkdagen") that the rule does not have: the
/// trace of a term changed under `termijn` alone, after which every listing, report heading and
/// the regional comparison would announce the old norm above figures for the new one.
fn stale_title_term(ctx: &mut Ctx<'_>, title: &str, pos: Pos, check: &Check) {
    let terms: Vec<&Term> = match check {
        Check::Deadline(d) => std::iter::once(&d.term)
            .chain(d.extension.as_ref().map(|(_, t)| t))
            .collect(),
        Check::Interval(i) => vec![&i.max],
        Check::Population(p) => vec![&p.norm],
        _ => return,
    };
    // Words of letters or digits, lowercased; a number glued to its unit (`5werkdagen`) is two.
    let lower = title.to_lowercase();
    let mut words: Vec<&str> = Vec::new();
    for w in lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        match w.find(|c: char| !c.is_ascii_digit()) {
            Some(i) if i > 0 => words.extend([&w[..i], &w[i..]]),
            _ => words.push(w),
        }
    }
    // The same length in calendar days (70 dagen is 10 weken); months and working days have
    // no fixed length in days.
    let days = |n: u32, u: Unit| match u {
        Unit::Dagen => Some(n),
        Unit::Weken => n.checked_mul(7),
        Unit::Maanden | Unit::Werkdagen => None,
    };
    for pair in words.windows(2) {
        let (Ok(n), Some(unit)) = (pair[0].parse::<u32>(), Unit::parse(pair[1])) else {
            continue;
        };
        let same = |t: &&Term| {
            (t.aantal == n && t.eenheid == unit)
                || days(n, unit).is_some_and(|d| days(t.aantal, t.eenheid) == Some(d))
        };
        if terms.iter().any(same) {
            continue;
        }
        let has: Vec<String> = terms.iter().map(|t| t.describe()).collect();
        ctx.diags.push(
            Diag::warning(
                &ctx.file,
                pos,
                format!(
                    "de titel noemt {n} {}, de termijn van de regel is {}",
                    pair[1],
                    has.join(" of ")
                ),
            )
            .with_help(Some(
                "wie een termijn wijzigt, past ook `titel`, `toelichting` en `voorbeeld` aan: \
                 rapporten, `explain` en de regiovergelijking tonen ze bij de cijfers"
                    .into(),
            )),
        );
        return;
    }
}

fn term(ctx: &mut Ctx<'_>, node: &Node) -> R<Term> {
    let mut m = ctx.map(node, "een termijn")?;
    let n = required(ctx, &mut m, "aantal").and_then(|n| match n.value {
        Value::Int(i) if (0..=MAX_TERM).contains(&i) => Ok(i as u32),
        _ => {
            ctx.err(
                n.pos,
                format!("`aantal` moet een geheel getal van 0 tot en met {MAX_TERM} zijn"),
                None,
            );
            Err(Reported)
        }
    });
    let unit = required(ctx, &mut m, "eenheid").and_then(|n| {
        let s = ctx.str_of(n, "`eenheid`")?;
        Unit::parse(&s).ok_or_else(|| {
            ctx.err(
                n.pos,
                "onbekende eenheid",
                help_for(&s, &["werkdagen", "dagen", "weken", "maanden"]),
            );
            Reported
        })
    });
    let roll = match m.get("doorschuiven") {
        None => Ok(false),
        Some(n) => match n.value {
            Value::Bool(b) => Ok(b),
            _ => {
                ctx.err(n.pos, "`doorschuiven` moet true of false zijn", None);
                Err(Reported)
            }
        },
    };
    ctx.finish(m, &["aantal", "eenheid", "doorschuiven"])?;
    Ok(Term {
        aantal: n?,
        eenheid: unit?,
        doorschuiven: roll?,
    })
}

fn anchor(ctx: &mut Ctx<'_>, node: &Node) -> R<Anchor> {
    match node.as_str() {
        Some("ontvangen") => return Ok(Anchor::Received),
        // A slip of the most common start is not a kind of event (rev54 F6).
        Some(s)
            if !schema::EVENT_KINDS.contains(&s)
                && crate::suggest::did_you_mean(s, ["ontvangen"]).is_some()
                && crate::suggest::did_you_mean(s, schema::EVENT_KINDS.iter().copied())
                    .is_none() =>
        {
            ctx.err(
                node.pos,
                format!("onbekende start `{s}`"),
                Some("bedoelde je `ontvangen`?".into()),
            );
            return Err(Reported);
        }
        _ => {}
    }
    event_sel(ctx, node).map(Anchor::Event)
}

fn date_ref(ctx: &mut Ctx<'_>, node: &Node) -> R<DateRef> {
    match node.as_str() {
        Some("ontvangen") => return Ok(DateRef::Received),
        Some("peildatum") => return Ok(DateRef::AsOf),
        Some("item") => return Ok(DateRef::ItemDate),
        Some(other) => {
            ctx.err(
                node.pos,
                format!("onbekende datum `{other}`"),
                help_for(other, &["ontvangen", "peildatum", "item"]).or(Some(
                    "gebruik ontvangen, peildatum, item, {eerste: ...} of {laatste: ...}".into(),
                )),
            );
            return Err(Reported);
        }
        None => {}
    }
    let mut m = ctx.map(node, "een datumverwijzing")?;
    let r = if let Some(n) = m.get("eerste") {
        event_sel(ctx, n).map(DateRef::First)
    } else if let Some(n) = m.get("laatste") {
        event_sel(ctx, n).map(DateRef::Last)
    } else {
        ctx.err(
            node.pos,
            "een datumverwijzing heeft `eerste` of `laatste`",
            None,
        );
        Err(Reported)
    };
    ctx.finish(m, &["eerste", "laatste"])?;
    r
}

/// `{gebeurtenis: soort | [soorten], waar: {...}, vanaf: ..., uiterlijk: ...}`, or a bare kind.
fn event_sel(ctx: &mut Ctx<'_>, node: &Node) -> R<EventSel> {
    if node.as_str().is_some() || matches!(node.value, Value::Seq(_)) {
        let kinds = event_kinds(ctx, node)?;
        return Ok(EventSel {
            mask: kinds_mask(&kinds),
            text: describe_sel(&kinds, &[]),
            kinds,
            filter: Vec::new(),
            from: None,
            until: None,
        });
    }
    let mut m = ctx.map(node, "een gebeurtenisselectie")?;
    let k = required(ctx, &mut m, "gebeurtenis")?;
    let sel = event_sel_map(ctx, &mut m, k);
    ctx.finish(m, &["gebeurtenis", "waar", "vanaf", "uiterlijk"])?;
    sel
}

fn event_sel_map(ctx: &mut Ctx<'_>, m: &mut Map<'_>, kinds_node: &Node) -> R<EventSel> {
    let kinds = event_kinds(ctx, kinds_node);
    let filter = match (m.get("waar"), &kinds) {
        (Some(w), Ok(kinds)) => where_clause(ctx, w, kinds).map(Some),
        (Some(_), Err(Reported)) => Err(Reported),
        (None, _) => Ok(None),
    };
    let from = m.get("vanaf").map(|n| date_ref(ctx, n)).transpose();
    let until = m.get("uiterlijk").map(|n| date_ref(ctx, n)).transpose();
    let kinds = kinds?;
    let filter = filter?.unwrap_or_default();
    let text = describe_sel(&kinds, &filter);
    Ok(EventSel {
        mask: kinds_mask(&kinds),
        kinds,
        filter,
        from: from?.map(Box::new),
        until: until?.map(Box::new),
        text,
    })
}

/// How `explain` and the rule documentation name a selection: its kinds and its `waar` tests
/// ("`melder_geinformeerd` met `over: uitkomst_beoordeling`").
fn describe_sel(kinds: &[&str], filter: &[(usize, Test)]) -> String {
    let mut text = if kinds.is_empty() {
        "gebeurtenis".to_string()
    } else {
        kinds
            .iter()
            .map(|k| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(" of ")
    };
    let lits = |ls: &[Lit]| {
        ls.iter()
            .map(|l| match l {
                Lit::Bool(b) => b.to_string(),
                Lit::Int(i) => i.to_string(),
                Lit::Str(s) => s.clone(),
            })
            .collect::<Vec<_>>()
            .join(" of ")
    };
    let tests: Vec<String> = filter
        .iter()
        .map(|(i, t)| {
            let f = schema::GEBEURTENIS.fields[*i].name;
            match t {
                Test::Is(ls) => format!("`{f}: {}`", lits(ls)),
                Test::IsNot(ls) => format!("`{f}` niet {}", lits(ls)),
                Test::Filled(true) => format!("een ingevulde `{f}`"),
                Test::Filled(false) => format!("zonder `{f}`"),
                Test::Pattern(TextPattern::Bsn) => format!("een BSN in `{f}`"),
                _ => format!("een voorwaarde op `{f}`"),
            }
        })
        .collect();
    if !tests.is_empty() {
        text.push_str(" met ");
        text.push_str(&tests.join(" en "));
    }
    text
}

fn kinds_mask(kinds: &[&str]) -> u64 {
    kinds.iter().fold(0, |m, k| m | schema::event_kind_bit(k))
}

/// A value that may be one item or a list of them, as its items. An empty list is an error: as a
/// test it would never match (or, for event kinds, silently mean every kind), the kind of rule
/// that checks nothing while it seems to.
fn one_or_more<'n>(ctx: &mut Ctx<'_>, node: &'n Node, what: &str) -> R<Vec<&'n Node>> {
    match &node.value {
        Value::Seq(v) if v.is_empty() => {
            ctx.err(
                node.pos,
                format!("lege lijst: geef minstens één {what}"),
                None,
            );
            Err(Reported)
        }
        Value::Seq(v) => Ok(v.iter().collect()),
        _ => Ok(vec![node]),
    }
}

fn event_kinds(ctx: &mut Ctx<'_>, node: &Node) -> R<Vec<&'static str>> {
    let items = one_or_more(ctx, node, "soort gebeurtenis (`alle` voor elke soort)")?;
    let mut out = Vec::new();
    let mut ok = true;
    for n in items {
        let s = ctx.str_of(n, "een soort gebeurtenis")?;
        if s == "alle" || s == "gebeurtenissen" {
            continue; // any known kind
        }
        match schema::EVENT_KINDS.iter().find(|k| **k == s) {
            Some(k) => out.push(*k),
            None => {
                ok = false;
                ctx.err(
                    n.pos,
                    format!("onbekende soort gebeurtenis `{s}`"),
                    help_for(&s, schema::EVENT_KINDS),
                );
            }
        }
    }
    if ok { Ok(out) } else { Err(Reported) }
}

/// Fields allowed on events of these kinds (all event fields when any kind is allowed).
fn event_fields_allowed(kinds: &[&str]) -> Vec<&'static str> {
    let mut names = vec!["soort", "datum"];
    for (k, extra, _) in schema::EVENT_FIELDS {
        if kinds.is_empty() || kinds.contains(k) {
            for e in *extra {
                if !names.contains(e) {
                    names.push(e);
                }
            }
        }
    }
    names
}

fn where_clause(ctx: &mut Ctx<'_>, node: &Node, kinds: &[&'static str]) -> R<Vec<(usize, Test)>> {
    let m = ctx.map(node, "`waar`")?;
    let mut out = Vec::new();
    let mut ok = true;
    let leaked: &'static [&'static str] = Box::leak(kinds.to_vec().into_boxed_slice());
    for k in m.keys() {
        let Some((_, v)) = m.entries.iter().find(|(kk, _)| kk.name == k.name) else {
            continue;
        };
        let r =
            field_index(ctx, k.pos, &k.name, &schema::GEBEURTENIS, Some(leaked)).and_then(|i| {
                let ty = field_ty(&schema::GEBEURTENIS, i, kinds);
                let t = match &v.value {
                    Value::Map(_) => test_map(
                        ctx,
                        v,
                        ty,
                        Env {
                            item: Some(&schema::GEBEURTENIS),
                            item_event_kinds: Some(leaked),
                        },
                    ),
                    _ => lits(ctx, v, ty).map(Test::Is),
                }?;
                Ok((i, t))
            });
        match r {
            Ok(x) => out.push(x),
            Err(Reported) => ok = false,
        }
    }
    if ok { Ok(out) } else { Err(Reported) }
}

/// The type of an event field for these kinds (a kind may override it, e.g. a coded `reden`).
fn field_ty(def: &ObjDef, i: usize, kinds: &[&str]) -> Ty {
    let f = &def.fields[i];
    if std::ptr::eq(def, &schema::GEBEURTENIS) {
        for (k, name, ty) in schema::EVENT_TYPE_OVERRIDES {
            if *name == f.name && !kinds.is_empty() && kinds.iter().all(|x| x == k) {
                return *ty;
            }
        }
    }
    f.ty
}

fn field_index(
    ctx: &mut Ctx<'_>,
    pos: Pos,
    name: &str,
    def: &'static ObjDef,
    event_kinds: Option<&[&str]>,
) -> R<usize> {
    let allowed: Vec<&str> = match event_kinds {
        Some(k) if std::ptr::eq(def, &schema::GEBEURTENIS) => event_fields_allowed(k),
        _ => def.field_names().collect(),
    };
    match def.index(name) {
        Some(i) if allowed.contains(&name) => Ok(i),
        _ => {
            ctx.err(
                pos,
                format!("onbekend veld `{name}` voor {}", def.noun),
                help_for(name, &allowed),
            );
            Err(Reported)
        }
    }
}

/// A dotted path such as `melder.rol` or `voorwaarden.tekst`, resolved against the schema.
fn field_path(
    ctx: &mut Ctx<'_>,
    node: &Node,
    start: &'static ObjDef,
    event_kinds: Option<&[&str]>,
) -> R<FieldPath> {
    let text = ctx.str_of(node, "`veld`")?;
    let mut def = start;
    let mut steps = Vec::new();
    let mut may_be_missing = false;
    let parts: Vec<&str> = text.split('.').collect();
    for (i, part) in parts.iter().enumerate() {
        let idx = field_index(
            ctx,
            node.pos,
            part,
            def,
            if i == 0 { event_kinds } else { None },
        )?;
        steps.push(idx);
        let field = &def.fields[idx];
        may_be_missing |= !field.required;
        if i + 1 == parts.len() && field.has_default {
            may_be_missing = false;
        }
        match field.ty {
            Ty::Obj(d) | Ty::List(d) => def = d,
            _ if i + 1 < parts.len() => {
                ctx.err(node.pos, format!("`{part}` heeft geen deelvelden"), None);
                return Err(Reported);
            }
            _ => {}
        }
    }
    Ok(FieldPath {
        steps,
        text,
        may_be_missing,
    })
}

/// The definition and type at the end of a path.
fn path_ty(start: &'static ObjDef, path: &FieldPath, kinds: &[&str]) -> Ty {
    let mut def = start;
    let mut ty = Ty::Id;
    for (i, s) in path.steps.iter().enumerate() {
        ty = if i == 0 {
            field_ty(def, *s, kinds)
        } else {
            def.fields[*s].ty
        };
        if let Ty::Obj(d) | Ty::List(d) = def.fields[*s].ty {
            def = d;
        }
    }
    ty
}

/// Literals checked against the field's type: enumeration values must exist.
fn lits(ctx: &mut Ctx<'_>, node: &Node, ty: Ty) -> R<Vec<Lit>> {
    let items = one_or_more(ctx, node, "waarde")?;
    let mut out = Vec::new();
    for n in items {
        let lit = match &n.value {
            Value::Bool(b) => Lit::Bool(*b),
            Value::Int(i) => Lit::Int(*i),
            Value::Str(s) => Lit::Str(s.to_string()),
            _ => {
                ctx.err(
                    n.pos,
                    "hier wordt een waarde verwacht (tekst, getal of true/false)",
                    None,
                );
                return Err(Reported);
            }
        };
        let allowed: Option<&[&str]> = match ty {
            Ty::Enum(a) | Ty::EnumList(a) | Ty::Ratings(a) => Some(a),
            Ty::Region => Some(ctx.regions),
            _ => None,
        };
        if let (Some(allowed), Lit::Str(s)) = (allowed, &lit)
            && !allowed.contains(&s.as_str())
        {
            ctx.err(
                n.pos,
                format!("onbekende waarde `{s}`"),
                help_for(s, allowed),
            );
            return Err(Reported);
        }
        if matches!(ty, Ty::Bool) && !matches!(lit, Lit::Bool(_)) {
            ctx.err(n.pos, "dit veld moet true of false zijn", None);
            return Err(Reported);
        }
        // A value the field can never hold would make a rule that never matches, silently.
        let whole = match &lit {
            Lit::Int(_) => true,
            Lit::Str(s) => s.parse::<i64>().is_ok(),
            Lit::Bool(_) => false,
        };
        if matches!(ty, Ty::Int) && !whole {
            ctx.err(n.pos, "dit veld is een geheel getal", None);
            return Err(Reported);
        }
        if matches!(ty, Ty::Date) {
            ctx.err(
                n.pos,
                "een datum is met geen enkele waarde gelijk of bevat er een",
                Some("vergelijk een datum met `uiterlijk` of `vanaf`, of test `gevuld`".into()),
            );
            return Err(Reported);
        }
        out.push(lit);
    }
    Ok(out)
}

const TEST_KEYS: &[&str] = &[
    "is",
    "is_niet",
    "gevuld",
    "leeg",
    "bevat",
    "patroon",
    "frase",
    "uiterlijk",
    "vanaf",
    "dekt",
];

/// One test from a map (`{is: ...}`, `{gevuld: true}`, ...), given the field's type.
fn test_map(ctx: &mut Ctx<'_>, node: &Node, ty: Ty, env: Env) -> R<Test> {
    let mut m = ctx.map(node, "een veldtest")?;
    let t = test_from(ctx, &mut m, ty, env);
    // A test that could not be read is reported already (a misspelt one at its key): the
    // unknown-key check would report that key a second time.
    if t.is_ok() {
        ctx.finish(m, TEST_KEYS)?;
    }
    t
}

fn bool_of(ctx: &mut Ctx<'_>, n: &Node, what: &str) -> R<bool> {
    match n.value {
        Value::Bool(b) => Ok(b),
        _ => {
            ctx.err(n.pos, format!("`{what}` moet true of false zijn"), None);
            Err(Reported)
        }
    }
}

fn test_from(ctx: &mut Ctx<'_>, m: &mut Map<'_>, ty: Ty, env: Env) -> R<Test> {
    let present: Vec<&str> = m
        .keys()
        .map(|k| k.name.as_ref())
        .filter(|k| TEST_KEYS.contains(k))
        .collect();
    if present.is_empty() {
        // A misspelt test (`is_nit`) is named at its key, with the test it is closest to.
        let typo = m.keys().find_map(|k| {
            crate::suggest::did_you_mean(&k.name, TEST_KEYS.iter().copied())
                .map(|t| (k.pos, k.name.to_string(), t))
        });
        if let Some((pos, name, test)) = typo {
            ctx.err(
                pos,
                format!("onbekende test `{name}`"),
                Some(format!("bedoelde je `{test}`?")),
            );
            return Err(Reported);
        }
    }
    if present.len() != 1 {
        ctx.err(
            m.node.pos,
            "geef precies één test: is, is_niet, gevuld, leeg, bevat, patroon, frase, uiterlijk, vanaf of dekt",
            None,
        );
        return Err(Reported);
    }
    let key = present[0];
    let n = m
        .get(
            TEST_KEYS
                .iter()
                .find(|k| **k == key)
                .copied()
                .unwrap_or("is"),
        )
        .ok_or(Reported)?;
    match key {
        "is" => lits(ctx, n, ty).map(Test::Is),
        "is_niet" => lits(ctx, n, ty).map(Test::IsNot),
        "gevuld" => bool_of(ctx, n, "gevuld").map(Test::Filled),
        "leeg" => bool_of(ctx, n, "leeg").map(|b| Test::Filled(!b)),
        "bevat" => lits(ctx, n, ty).and_then(|mut v| {
            if v.len() == 1 {
                Ok(Test::Contains(v.remove(0)))
            } else {
                ctx.err(n.pos, "`bevat` neemt één waarde", None);
                Err(Reported)
            }
        }),
        "patroon" => match n.as_str() {
            Some("bsn") => Ok(Test::Pattern(TextPattern::Bsn)),
            other => {
                ctx.err(
                    n.pos,
                    "onbekend patroon",
                    help_for(other.unwrap_or(""), &["bsn"]),
                );
                Err(Reported)
            }
        },
        "frase" => phrase_test(ctx, n, ty),
        "uiterlijk" => date_ref(ctx, n).map(Test::OnOrBefore),
        "vanaf" => date_ref(ctx, n).map(Test::OnOrAfter),
        "dekt" => {
            let mut dm = ctx.map(n, "`dekt`")?;
            let coll = required(ctx, &mut dm, "items").and_then(|c| {
                id_collection(
                    ctx,
                    dm.key_pos("items"),
                    c,
                    "`dekt.items`",
                    "`dekt` toetst of de beoordeling elk item bij zijn `id` noemt",
                )
            });
            let val = required(ctx, &mut dm, "waarde").and_then(|v| lits(ctx, v, ty));
            ctx.finish(dm, &["items", "waarde"])?;
            let _ = env;
            let mut val = val?;
            if val.len() != 1 {
                ctx.err(n.pos, "`dekt.waarde` is één waarde", None);
                return Err(Reported);
            }
            Ok(Test::Covers(coll?, val.remove(0)))
        }
        _ => Err(Reported),
    }
}

/// `frase: [...]` or `frase: {woorden: [...], max_tussenwoorden: N}`: the text contains one of the
/// phrases (lexicon syntax, see `text::PhraseList`).
fn phrase_test(ctx: &mut Ctx<'_>, n: &Node, ty: Ty) -> R<Test> {
    if !matches!(ty, Ty::Text | Ty::Id) {
        ctx.err(n.pos, "`frase` werkt alleen op tekstvelden", None);
        return Err(Reported);
    }
    let (list, gap) = match &n.value {
        Value::Map(_) => {
            let mut m = ctx.map(n, "`frase`")?;
            let list = required(ctx, &mut m, "woorden");
            let gap = match m.get("max_tussenwoorden") {
                Some(g) => match g.value {
                    Value::Int(i) if i >= 0 => Some(i as usize),
                    _ => {
                        ctx.err(g.pos, "`max_tussenwoorden` is een getal", None);
                        return Err(Reported);
                    }
                },
                None => None,
            };
            ctx.finish(m, &["woorden", "max_tussenwoorden"])?;
            (list?, gap.unwrap_or(crate::text::DEFAULT_MAX_TUSSENWOORDEN))
        }
        _ => (n, crate::text::DEFAULT_MAX_TUSSENWOORDEN),
    };
    let items = one_or_more(ctx, list, "frase")?;
    let mut phrases = Vec::with_capacity(items.len());
    for it in &items {
        match it.as_str() {
            Some(p) => phrases.push(p.to_string()),
            None => {
                ctx.err(it.pos, "een frase is tekst, zoals \"mag ... niet\"", None);
                return Err(Reported);
            }
        }
    }
    match crate::text::PhraseList::new(&phrases, gap) {
        Ok(p) => Ok(Test::Phrase(p)),
        Err(e) => {
            // Marked at the phrase that is wrong on its own (a long list is hard to search),
            // else at the list; a wrong `max_tussenwoorden` at the `frase:` block.
            let alone = |p: &[String]| crate::text::PhraseList::new(p, gap).is_ok();
            let at = if !alone(&[]) {
                n.pos
            } else {
                items
                    .iter()
                    .zip(&phrases)
                    .find(|(_, p)| !alone(std::slice::from_ref(*p)))
                    .map_or(list.pos, |(it, _)| it.pos)
            };
            ctx.err(at, e, None);
            Err(Reported)
        }
    }
}

const PRED_KEYS: &[&str] = &[
    "alle",
    "een_van",
    "niet",
    "veld",
    "dossierveld",
    "gebeurtenis",
    "verwezen_door",
    "laatste_ervoor",
];

/// A predicate. In item context `veld` starts at the item and `dossierveld` at the dossier.
fn pred(ctx: &mut Ctx<'_>, node: &Node, env: Env) -> R<Pred> {
    let mut m = ctx.map(node, "een voorwaarde van de regel")?;
    let ops: Vec<&str> = m
        .keys()
        .map(|k| k.name.as_ref())
        .filter(|k| PRED_KEYS.contains(k))
        .collect();
    if ops.len() != 1 {
        ctx.err(
            node.pos,
            "geef precies één van: alle, een_van, niet, veld, dossierveld, gebeurtenis, verwezen_door, laatste_ervoor",
            None,
        );
        return Err(Reported);
    }
    let op = ops[0];
    let result = match op {
        "alle" | "een_van" => {
            let n = m
                .get(if op == "alle" { "alle" } else { "een_van" })
                .ok_or(Reported)?;
            let Value::Seq(items) = &n.value else {
                ctx.err(n.pos, format!("`{op}` neemt een lijst"), None);
                return Err(Reported);
            };
            // As every other empty list in a rule: `alle: []` would always hold and
            // `een_van: []` never, a condition that decides nothing while it seems to.
            if items.is_empty() {
                let always = if op == "alle" { "altijd" } else { "nooit" };
                ctx.err(
                    n.pos,
                    "lege lijst: geef minstens één voorwaarde",
                    Some(format!(
                        "`{op}: []` geldt {always}; laat de voorwaarde weg als er niets te toetsen is"
                    )),
                );
                return Err(Reported);
            }
            let mut out = Vec::new();
            let mut ok = true;
            for i in items {
                match pred(ctx, i, env) {
                    Ok(p) => out.push(p),
                    Err(Reported) => ok = false,
                }
            }
            ctx.finish(m, &[op])?;
            if !ok {
                return Err(Reported);
            }
            return Ok(if op == "alle" {
                Pred::All(out)
            } else {
                Pred::Any(out)
            });
        }
        "niet" => {
            let n = m.get("niet").ok_or(Reported)?;
            let p = pred(ctx, n, env);
            ctx.finish(m, &["niet"])?;
            return p.map(|p| Pred::Not(Box::new(p)));
        }
        "veld" | "dossierveld" => {
            let n = m
                .get(if op == "veld" { "veld" } else { "dossierveld" })
                .ok_or(Reported)?;
            let (scope, def, kinds) = match (op, env.item) {
                ("veld", Some(d)) => (Scope::Item, d, env.item_event_kinds),
                _ => (Scope::Dossier, &schema::DOSSIER, None),
            };
            let paths = one_or_more(ctx, n, "veld")?;
            let mut preds = Vec::new();
            for p in paths {
                let path = field_path(ctx, p, def, kinds)?;
                let ty = path_ty(def, &path, kinds.unwrap_or(&[]));
                preds.push((path, ty));
            }
            let test = test_from(ctx, &mut m, preds[0].1, env)?;
            let mut out: Vec<Pred> = preds
                .into_iter()
                .map(|(path, _)| Pred::Field(scope, path, test.clone()))
                .collect();
            if out.len() == 1 {
                Ok(out.remove(0))
            } else {
                Ok(Pred::Any(out))
            }
        }
        "gebeurtenis" => {
            let n = m.get("gebeurtenis").ok_or(Reported)?;
            let sel = event_sel_map(ctx, &mut m, n);
            ctx.finish(m, &["gebeurtenis", "waar", "vanaf", "uiterlijk"])?;
            return sel.map(Pred::Event);
        }
        "verwezen_door" => {
            let n = m.get("verwezen_door").ok_or(Reported)?;
            // It looks up the judged item's `id`: an event has none (the lookup would read its
            // `soort`), and outside a rule per item there is no item, so it would never hold.
            let on_event = env
                .item
                .is_some_and(|d| std::ptr::eq(d, &schema::GEBEURTENIS));
            if on_event || env.item.is_none() {
                ctx.err(
                    m.key_pos("verwezen_door"),
                    if on_event {
                        "`verwezen_door` zoekt het `id` van het beoordeelde item, en een gebeurtenis heeft geen `id`"
                    } else {
                        "`verwezen_door` zoekt het `id` van het beoordeelde item, en hier wordt geen item beoordeeld"
                    },
                    Some(format!(
                        "gebruik `verwezen_door` in `alleen` of `eis` van een `per_item`-regel over {ID_LISTS}"
                    )),
                );
                return Err(Reported);
            }
            let mut rm = ctx.map(n, "`verwezen_door`")?;
            let c = required(ctx, &mut rm, "items").and_then(|c| collection(ctx, c));
            let f = required(ctx, &mut rm, "veld");
            ctx.finish(rm, &["items", "veld"])?;
            let ((coll, cenv), f) = (c?, f?);
            let name = ctx.str_of(f, "`veld`")?;
            let idx = field_index(
                ctx,
                f.pos,
                &name,
                cenv.item.unwrap_or(&schema::DOSSIER),
                cenv.item_event_kinds,
            )?;
            Ok(Pred::ReferencedBy(coll, idx))
        }
        "laatste_ervoor" => {
            let n = m.get("laatste_ervoor").ok_or(Reported)?;
            let sel = event_sel(ctx, n)?;
            let kinds: &'static [&'static str] = Box::leak(sel.kinds.clone().into_boxed_slice());
            let inner = required(ctx, &mut m, "eis").and_then(|e| {
                pred(
                    ctx,
                    e,
                    Env {
                        item: Some(&schema::GEBEURTENIS),
                        item_event_kinds: Some(kinds),
                    },
                )
            })?;
            ctx.finish(m, &["laatste_ervoor", "eis"])?;
            return Ok(Pred::LastBefore(sel, Box::new(inner)));
        }
        _ => Err(Reported),
    };
    let mut allowed: Vec<&str> = TEST_KEYS.to_vec();
    allowed.push(op);
    ctx.finish(m, &allowed)?;
    result
}

/// The collections whose items have an `id`, for messages.
const ID_LISTS: &str = "`voorwaarden`, `situaties` of `betrokkenen`";

/// A collection whose items' ids are read (`key` at `key_pos`; `why` says what for): one of the
/// dossier's lists. Events have no `id` (the lookup would read their `soort`), so the rule would
/// compare ids with event kinds and never find one.
fn id_collection(
    ctx: &mut Ctx<'_>,
    key_pos: Pos,
    node: &Node,
    key: &str,
    why: &str,
) -> R<Collection> {
    match collection(ctx, node)?.0 {
        Collection::Events(_) => {
            ctx.err(
                key_pos,
                format!("{key} noemt gebeurtenissen, en een gebeurtenis heeft geen `id`"),
                Some(format!("{why}; geef een lijst met ids: {ID_LISTS}")),
            );
            Err(Reported)
        }
        c => Ok(c),
    }
}

/// `voorwaarden`, `situaties`, `betrokkenen`, `gebeurtenissen` or an event selection; returns the
/// environment predicates over its items are compiled in.
fn collection(ctx: &mut Ctx<'_>, node: &Node) -> R<(Collection, Env)> {
    if let Some(s) = node.as_str() {
        if s == "gebeurtenissen" {
            let sel = EventSel {
                kinds: Vec::new(),
                mask: 0,
                filter: Vec::new(),
                from: None,
                until: None,
                text: describe_sel(&[], &[]),
            };
            return Ok((
                Collection::Events(sel),
                Env {
                    item: Some(&schema::GEBEURTENIS),
                    item_event_kinds: Some(&[]),
                },
            ));
        }
        let lists = ["voorwaarden", "situaties", "betrokkenen"];
        if let Some(name) = lists.iter().find(|l| **l == s)
            && let Some(i) = schema::DOSSIER.index(name)
            && let Ty::List(def) = schema::DOSSIER.fields[i].ty
        {
            return Ok((
                Collection::List(i, def, name),
                Env {
                    item: Some(def),
                    item_event_kinds: None,
                },
            ));
        }
        if schema::EVENT_KINDS.contains(&s) {
            let sel = event_sel(ctx, node)?;
            let kinds: &'static [&'static str] = Box::leak(sel.kinds.clone().into_boxed_slice());
            return Ok((
                Collection::Events(sel),
                Env {
                    item: Some(&schema::GEBEURTENIS),
                    item_event_kinds: Some(kinds),
                },
            ));
        }
        let mut options = lists.to_vec();
        options.push("gebeurtenissen");
        // `alle` names every kind in a list of kinds, but alone it could be any collection.
        let help = if s == "alle" {
            Some(
                "bedoelde je `gebeurtenissen`? Als verzameling heten alle gebeurtenissen zo".into(),
            )
        } else {
            help_for(s, &options).or(Some(
                "of een gebeurtenisselectie: {gebeurtenis: overdracht}".into(),
            ))
        };
        ctx.err(node.pos, format!("onbekende verzameling `{s}`"), help);
        return Err(Reported);
    }
    let sel = event_sel(ctx, node)?;
    let kinds: &'static [&'static str] = Box::leak(sel.kinds.clone().into_boxed_slice());
    Ok((
        Collection::Events(sel),
        Env {
            item: Some(&schema::GEBEURTENIS),
            item_event_kinds: Some(kinds),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of the entry whose first key is at `key` in `text`, up to `end`.
    fn text_of(text: &str, key: &str, end: &str) -> String {
        let from = text.find(key).unwrap();
        let end = text.find(end).map_or(text.len(), |e| e);
        rule_text(text, Pos::in_text(text, from), end)
    }

    #[test]
    fn a_rule_text_keeps_its_comments_and_leaves_the_next_rules_header() {
        let text = "regels:\n  - id: A\n    titel: a\n# column 1, inside A\n    controle:\n      \
                    soort: termijn   # trailing\n    # indented, the end of A\n\n  # about B\n  \
                    - id: B\n    titel: b\n";
        assert_eq!(
            text_of(text, "id: A", "  - id: B"),
            "- id: A\n  titel: a\n# column 1, inside A\n  controle:\n    soort: termijn   \
             # trailing\n  # indented, the end of A"
        );
        assert_eq!(text_of(text, "id: B", "\u{0}"), "- id: B\n  titel: b");
    }

    /// An unknown placeholder is marked where it is written: in a quoted string, the second of
    /// two, in a folded block; not in the next message, and at the start when it is not there
    /// as written (an escape).
    #[test]
    fn a_placeholder_is_found_where_it_is_written() {
        let at = |text: &str, value: &str, key: &str, nth: usize| {
            let start = Pos::in_text(text, text.find(value).unwrap());
            let p = placeholder_pos(text, start, key, nth);
            (p.line, p.col)
        };
        let text = "meldingen:\n  overtreding: \"a {x} b {x}\"\n  open: \"{y}\"\n";
        assert_eq!(at(text, "\"a {x}", "x", 0), (2, 19));
        assert_eq!(at(text, "\"a {x}", "x", 1), (2, 25));
        assert_eq!(at(text, "\"a {x}", "y", 0), (2, 16));
        let block = "meldingen:\n  overtreding: >-\n    Lang verhaal,\n    met {termjn}.\n  open: \"{y}\"\n";
        assert_eq!(at(block, ">-", "termjn", 0), (4, 9));
        assert_eq!(at(block, ">-", "y", 0), (2, 16));
        let escaped = "overtreding: \"\\x7bx}\"\nopen: \"{x}\"\n";
        assert_eq!(at(escaped, "\"\\x7b", "x", 0), (1, 14));
    }

    #[test]
    fn a_flow_entry_is_its_own_text() {
        let text = "regels: [{id: A, titel: a}, {id: B, titel: b}]\n";
        assert_eq!(text_of(text, "id: A", ", {id: B"), "- {id: A, titel: a}");
    }
}
