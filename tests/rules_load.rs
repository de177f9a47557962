//! The shipped rule files compile, and cover every rule id of the catalogue.

#[test]
fn embedded_catalogue_compiles_with_every_rule() {
    let set = match vtcheck::rules::embedded() {
        Ok(s) => s,
        Err(diags) => {
            let text: Vec<String> = diags
                .iter()
                .map(|d| format!("{}: {} {:?}", d.location(), d.message, d.help))
                .collect();
            panic!("rule files do not compile:\n{}", text.join("\n"));
        }
    };
    let ids: Vec<&str> = set.rules.iter().map(|r| r.id.as_str()).collect();
    let expected = [
        "VT-A01", "VT-A02", "VT-A03", "VT-A04", "VT-D01", "VT-D02", "VT-M01", "VT-M02", "VT-M03",
        "VT-M04", "VT-O01", "VT-O02", "VT-O03", "VT-O04", "VT-O05", "VT-R01", "VT-R02", "VT-T01",
        "VT-T02", "VT-T03", "VT-T04", "VT-T05", "VT-T06", "VT-T07", "VT-T08", "VT-V01", "VT-V02",
        "VT-V03", "VT-V04", "VT-V05", "VT-V06", "VT-V07",
    ];
    assert_eq!(ids, expected);
    assert_eq!(set.calendar_sha256.len(), 64);
}

use std::sync::Arc;

use vtcheck::rules::{RuleSet, RuleSource};

/// The rule set of these rule files (name, text), or its errors.
fn compile_diags(files: &[(&str, String)]) -> Result<RuleSet, Vec<vtcheck::diag::Diag>> {
    let mut diags = Vec::new();
    let (calendar, _) =
        vtcheck::rules::calendar_with(None, &Default::default(), &mut diags).expect("calendar");
    let sources: Vec<RuleSource> = files
        .iter()
        .map(|(name, text)| RuleSource {
            name: Arc::from(*name),
            text: text.clone(),
        })
        .collect();
    vtcheck::rules::load(&sources, calendar, &mut diags).ok_or(diags)
}

/// The rule set of these rule files, or the messages of its errors.
fn compile(files: &[(&str, String)]) -> Result<RuleSet, String> {
    compile_diags(files).map_err(|diags| {
        diags
            .iter()
            .map(|d| format!("{}: {} {:?}", d.location(), d.message, d.help))
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// What a rule's check compiles to (its analyser, for a text rule), comparable between spellings.
fn check_of(set: &RuleSet, id: &str) -> String {
    format!("{:?}", set.get(id).expect(id).check)
}

const VOORWAARDEN: &str = include_str!("../rules/voorwaarden.yaml");
const TEXT_RULES: [&str; 3] = ["VT-V04", "VT-V05", "VT-V06"];

/// The lexicon of a text rule was once cut from the file's text by indentation: a comment at
/// column 1 inside it ended the lexicon there, silently dropping the categories after it (or
/// made a valid lexicon miss a required field). A comment is no data, wherever it stands.
#[test]
fn a_column_1_comment_inside_a_lexicon_changes_no_analyser() {
    let shipped = compile(&[("voorwaarden.yaml", VOORWAARDEN.to_string())]).unwrap();
    // A comment at column 1 before every list entry and every key inside the three lexicons.
    let mut commented = String::new();
    let mut in_lexicon = false;
    for line in VOORWAARDEN.lines() {
        let lead = line.len() - line.trim_start().len();
        if line.trim_start().starts_with("lexicon:") {
            in_lexicon = true;
        } else if in_lexicon && !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            if lead <= 6 {
                in_lexicon = false;
            } else {
                commented.push_str("# --- vanaf hier: toegevoegd in 2025 ---\n");
            }
        }
        commented.push_str(line);
        commented.push('\n');
    }
    assert!(commented.matches("# --- vanaf hier").count() > 50);
    let with_comments = compile(&[("voorwaarden.yaml", commented)]).unwrap();
    for id in TEXT_RULES {
        assert_eq!(check_of(&shipped, id), check_of(&with_comments, id), "{id}");
    }
}

/// The same lexicons in flow style (JSON is YAML flow style) and through an anchor and alias
/// compile to the same analysers as the block style of the shipped file.
#[test]
fn flow_style_and_aliased_lexicons_compile_to_the_same_analysers() {
    let shipped = compile(&[("voorwaarden.yaml", VOORWAARDEN.to_string())]).unwrap();
    let parsed: serde_json::Value = serde_saphyr::from_str(VOORWAARDEN).unwrap();
    let lexicon_of = |id: &str| {
        parsed["regels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .map(|r| r["controle"]["lexicon"].clone())
            .unwrap()
    };
    // Each rule's `lexicon:` block replaced by the one-line flow mapping of the same data.
    let mut flow = String::new();
    let mut rule = String::new();
    let mut skipping = false;
    for line in VOORWAARDEN.lines() {
        let t = line.trim_start();
        let lead = line.len() - t.len();
        if let Some(id) = t.strip_prefix("- id: ") {
            rule = id.trim().to_string();
        }
        if skipping {
            if t.is_empty() || t.starts_with('#') || lead > 6 {
                continue;
            }
            skipping = false;
        }
        if t == "lexicon:" {
            flow.push_str(&format!("      lexicon: {}\n", lexicon_of(&rule)));
            skipping = true;
            continue;
        }
        flow.push_str(line);
        flow.push('\n');
    }
    assert_eq!(flow.matches("lexicon: {").count(), 3, "{flow}");
    let flow_set = compile(&[("voorwaarden.yaml", flow)]).unwrap();
    for id in TEXT_RULES {
        assert_eq!(check_of(&shipped, id), check_of(&flow_set, id), "{id}");
    }

    // VT-V06's lexicon anchored, and reused by an own rule through an alias.
    let anchored = VOORWAARDEN.replacen(
        "      analyse: begrijpelijk\n      lexicon:\n",
        "      analyse: begrijpelijk\n      lexicon: &begrijpelijk\n",
        1,
    );
    assert_ne!(anchored, VOORWAARDEN);
    let alias_rule = "  - id: VT-X06\n    titel: Begrijpelijk, eigen\n    ernst: info\n    \
                      bron: b\n    toelichting: t\n    controle:\n      soort: tekst\n      \
                      items: voorwaarden\n      veld: tekst\n      analyse: begrijpelijk\n      \
                      lexicon: *begrijpelijk\n    meldingen:\n      overtreding: \"{item}: {categorie}\"\n";
    let aliased = compile(&[("voorwaarden.yaml", format!("{anchored}{alias_rule}"))]).unwrap();
    assert_eq!(check_of(&shipped, "VT-V06"), check_of(&aliased, "VT-V06"));
    assert_eq!(check_of(&shipped, "VT-V06"), check_of(&aliased, "VT-X06"));
}

/// A mistake inside a lexicon is marked at its own key, line and column both, with a "did you
/// mean" like any other unknown key of a rule file.
#[test]
fn an_unknown_lexicon_key_is_marked_at_its_key_with_a_suggestion() {
    let line = VOORWAARDEN
        .lines()
        .position(|l| l.trim_start().starts_with("uitleg_venster:"))
        .expect("uitleg_venster in VT-V06")
        + 1;
    let text = VOORWAARDEN.replacen("uitleg_venster:", "uitleg_vensterr:", 1);
    let diags = compile_diags(&[("voorwaarden.yaml", text.clone())]).unwrap_err();
    // The byte offset (where the snippet is drawn) is the same spot as the line and column.
    assert_eq!(
        vtcheck::dossier::node::Pos::in_text(&text, diags[0].pos.offset as usize),
        diags[0].pos
    );
    let err = compile(&[("voorwaarden.yaml", text)]).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "voorwaarden.yaml:{line}:9: ongeldig lexicon: onbekend veld `uitleg_vensterr` \
             Some(\"bedoelde je `uitleg_venster`?\")"
        )),
        "{err}"
    );
    // A value of the wrong kind, at the value.
    let line = VOORWAARDEN
        .lines()
        .position(|l| l.trim_start().starts_with("max_woorden:"))
        .unwrap()
        + 1;
    let text = VOORWAARDEN.replacen("max_woorden: 25", "max_woorden: veel", 1);
    let err = compile(&[("voorwaarden.yaml", text)]).unwrap_err();
    assert!(
        err.starts_with(&format!(
            "voorwaarden.yaml:{line}:22: ongeldig lexicon: verkeerd soort waarde"
        )),
        "{err}"
    );
}

/// A deadline rule `id` with `extra` rule keys (indented 4) and title `title`.
fn deadline_rule(id: &str, title: &str, extra: &str) -> String {
    format!(
        "  - id: {id}\n    titel: {title}\n    ernst: info\n    bron: b\n    toelichting: t\n{extra}    \
         controle:\n      soort: termijn\n      start: ontvangen\n      doel: veiligheidsbeoordeling\n      \
         termijn: {{aantal: 5, eenheid: werkdagen}}\n    meldingen:\n      overtreding: \"x\"\n"
    )
}

/// Loading once replaced and re-checked every rule against all rules before it (quadratic: 16,000
/// rules took half a minute); versions are now kept per id. 20,000 rules in one file compile, and
/// the semantics stay: a later file replaces an earlier version for the period it covers only,
/// the same id twice in one file for overlapping periods is an error, and the rules come out
/// ordered by id and then by start.
#[test]
fn twenty_thousand_rules_compile_with_the_same_semantics() {
    const N: usize = 20_000;
    let mut big = String::from("regelset: groot\nversie: \"1\"\nregels:\n");
    // Descending ids: the set orders them, not the file.
    for i in (0..N).rev() {
        big.push_str(&deadline_rule(&format!("X-{i:05}"), "Oud", ""));
    }
    let mut later = String::from("regelset: later\nversie: \"2\"\nregels:\n");
    later.push_str(&deadline_rule(
        "X-00007",
        "Nieuw",
        "    geldig_vanaf: 2020-01-01\n    geldig_tot: 2020-12-31\n",
    ));
    later.push_str(&deadline_rule("X-00008", "Nieuw", ""));
    later.push_str(&deadline_rule(
        "X-00009",
        "Nieuw",
        "    geldig_tot: 2018-12-31\n",
    ));
    let set = compile(&[("groot.yaml", big), ("later.yaml", later)]).unwrap();
    assert_eq!(set.rules.len(), N + 3);
    let sorted = set
        .rules
        .windows(2)
        .all(|w| (w[0].id.as_str(), w[0].valid_from) < (w[1].id.as_str(), w[1].valid_from));
    assert!(sorted, "ordered by id, then start");
    let versions = |id: &str| -> Vec<String> {
        set.versions(id)
            .map(|r| {
                format!(
                    "{} {:?}..{:?} {}",
                    r.title,
                    r.valid_from.map(|d| d.to_string()),
                    r.valid_to.map(|d| d.to_string()),
                    r.narrowed_by.len()
                )
            })
            .collect()
    };
    assert_eq!(
        versions("X-00007"),
        [
            "Oud None..Some(\"2019-12-31\") 1",
            "Nieuw Some(\"2020-01-01\")..Some(\"2020-12-31\") 0",
            "Oud Some(\"2021-01-01\")..None 1",
        ]
    );
    assert_eq!(versions("X-00008"), ["Nieuw None..None 0"]);
    assert_eq!(
        versions("X-00009"),
        [
            "Nieuw None..Some(\"2018-12-31\") 0",
            "Oud Some(\"2019-01-01\")..None 1",
        ]
    );
    assert_eq!(set.get("X-19999").unwrap().pos.line, 4);

    // A rule that repeats the id of the first one, rules later in the same file: an error
    // naming the first (a small file: the semantics, not the size, are tested here).
    let mut slip = String::from("regelset: slip\nversie: \"1\"\nregels:\n");
    for i in 0..50 {
        slip.push_str(&deadline_rule(&format!("X-{i:05}"), "Oud", ""));
    }
    slip.push_str(&deadline_rule("X-00000", "Kopie", ""));
    let err = compile(&[("slip.yaml", slip)]).unwrap_err();
    assert!(
        err.contains("regel X-00000 is in dit bestand al gedefinieerd op regel 4"),
        "{err}"
    );
}

/// The data files beside the rules (`--rules` with an own `kalender.yaml` and `regios.yaml`)
/// name every mistake at its file, line and column, both files in one run: a region whose
/// validity date does not exist is no region without a bound (a merger would never take
/// effect), and a date the rule files accept is accepted here too.
#[test]
fn mistakes_in_an_own_calendar_and_region_table_are_named_at_their_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("regios.yaml"),
        "regios:\n\
         \x20 - {code: oud, naam: Oud, geldig_tot: 31-12-2024, opvolger: nieuw}\n\
         \x20 - code: nieuw\n\
         \x20   naam: Nieuw\n\
         \x20   geldig_vanaf: 2024-13-01\n\
         \x20   opvolger: nergens\n\
         \x20 - {code: nieuw, naam: Nog eens, geldig_vanaf: 2025-01-01, geldig_tot: 2024-01-01}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("kalender.yaml"),
        "naam: eigen\nfeestdagen:\n\
         \x20 - {naam: Kerst, datum: \"31-12\", jaren: lustrumm}\n\
         \x20 - naam: Pasen\n\
         \x20   pasen: 400\n\
         extra_gesloten: [\"2025-02-30\"]\n",
    )
    .unwrap();
    let mut diags = Vec::new();
    let set = vtcheck::rules::load_all(&[dir.path()], None, &Default::default(), &mut diags);
    assert!(set.is_none());
    let got: Vec<(String, u32, u32, &str, Option<&str>)> = diags
        .iter()
        .map(|d| {
            let file = std::path::Path::new(&*d.file).file_name().unwrap();
            (
                file.to_string_lossy().into_owned(),
                d.pos.line,
                d.pos.col,
                d.message.as_str(),
                d.help.as_deref(),
            )
        })
        .collect();
    let want: &[(&str, u32, u32, &str, Option<&str>)] = &[
        (
            "kalender.yaml",
            3,
            42,
            "feestdag 'Kerst': jaren 'lustrumm' is onbekend (elk, lustrum of nooit)",
            Some("bedoelde je `lustrum`?"),
        ),
        (
            "kalender.yaml",
            5,
            12,
            "feestdag 'Pasen': pasen: 400 ligt buiten -80 tot en met 250 (dagen ten opzichte van \
             Eerste Paasdag)",
            None,
        ),
        (
            "kalender.yaml",
            6,
            18,
            "extra_gesloten: ongeldige datum '2025-02-30' (verwacht JJJJ-MM-DD)",
            None,
        ),
        (
            "regios.yaml",
            5,
            19,
            "ongeldige regiotabel: ongeldige datum '2024-13-01': maand 13 bestaat niet in \
             `geldig_vanaf`",
            None,
        ),
        (
            "regios.yaml",
            6,
            15,
            "ongeldige regiotabel: opvolger `nergens` van regio `nieuw` staat niet in de tabel",
            None,
        ),
        (
            "regios.yaml",
            7,
            12,
            "ongeldige regiotabel: regio `nieuw` staat er twee keer in",
            Some("eerder op regel 3"),
        ),
        (
            "regios.yaml",
            7,
            73,
            "ongeldige regiotabel: `geldig_tot` (01-01-2024) ligt vóór `geldig_vanaf` \
             (01-01-2025) van regio `nieuw`: de regio bestaat dan op geen enkele dag",
            Some(
                "`geldig_vanaf` is de eerste en `geldig_tot` de laatste dag (tot en met) waarop \
                 de regio bestaat",
            ),
        ),
    ];
    let got: Vec<_> = got
        .iter()
        .map(|(f, l, c, m, h)| (f.as_str(), *l, *c, *m, *h))
        .collect();
    assert_eq!(got, want);

    // Without the mistakes the region table holds: `31-12-2024` bounds the old region, the
    // spelling a rule file's `geldig_tot` takes.
    std::fs::write(
        dir.path().join("kalender.yaml"),
        "naam: eigen\nfeestdagen: []\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("regios.yaml"),
        "regios:\n  - {code: oud, naam: Oud, geldig_tot: 31-12-2024, opvolger: nieuw}\n  \
         - {code: nieuw, naam: Nieuw, geldig_vanaf: 2025-01-01}\n",
    )
    .unwrap();
    let mut diags = Vec::new();
    let set = vtcheck::rules::load_all(&[dir.path()], None, &Default::default(), &mut diags)
        .unwrap_or_else(|| panic!("{diags:#?}"));
    let day = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    assert!(set.regions.valid_on("oud", day("2024-12-31")));
    assert!(!set.regions.valid_on("oud", day("2025-01-01")));
    assert!(set.regions.valid_on("nieuw", day("2025-01-01")));
}
