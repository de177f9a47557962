//! The JSON Schemas `vtcheck schema` prints accept what vtcheck accepts: the shipped rule files and
//! valid dossiers, and reject a typo.

use serde_json::Value;
mod common;
use common::vtcheck_in;

fn yaml_docs(text: &str) -> Vec<Value> {
    serde_saphyr::from_multiple::<Value>(text).expect("YAML")
}

fn errors(schema: &Value, v: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).expect("schema compiles");
    validator
        .iter_errors(v)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// A rule file of one rule `MB-X01` with check `controle`, as a JSON value.
fn rule_file(controle: Value) -> Value {
    serde_json::json!({"regelset": "x", "versie": "1", "regels": [{"id": "MB-X01", "titel": "t",
        "ernst": "error", "bron": "b", "toelichting": "t", "controle": controle,
        "meldingen": {"overtreding": "x"}}]})
}

/// Whether the compiler takes `text` (YAML, or JSON, which is YAML) as a rule file; its
/// diagnostics.
fn compiles(text: &str) -> (bool, Vec<vtcheck::diag::Diag>) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("eigen.yaml");
    std::fs::write(&file, text).unwrap();
    let mut diags = Vec::new();
    let compiled = vtcheck::rules::load_all(&[&file], None, &Default::default(), &mut diags);
    (compiled.is_some(), diags)
}

#[test]
fn rule_files_validate_against_the_rules_schema() {
    let schema = vtcheck::schema_out::rules();
    for (name, text) in vtcheck::rules::EMBEDDED {
        let doc = &yaml_docs(text)[0];
        let errs = errors(&schema, doc);
        assert!(errs.is_empty(), "{name}: {errs:#?}");
    }
    let bad: Value = serde_json::json!({"regelset": "x", "versie": "1", "regels": [{"id": "X", "titel": "t", "ernst": "fataal", "bron": "b", "toelichting": "t", "controle": {"soort": "termijn"}}]});
    assert!(!errors(&schema, &bad).is_empty());
}

/// Spellings the compiler accepts, which the schema used to reject (an editor marked a valid
/// rule file red): `alle` as an event kind, a singular unit, a message for `ontheven`, a list
/// of dossier fields. And an id the compiler rejects, which the schema used to accept.
#[test]
fn the_rules_schema_accepts_what_the_compiler_accepts() {
    let text = r#"regelset: test
versie: "1"
regels:
  - id: VT-X20
    titel: t
    ernst: error
    bron: x
    toelichting: uitleg
    controle: {soort: termijn, start: ontvangen, doel: alle, termijn: {aantal: 1, eenheid: dag}}
    meldingen: {overtreding: "Niets binnen {termijn}.", ontheven: "ontheven"}
  - id: VT-X21
    titel: t
    ernst: info
    bron: x
    toelichting: uitleg
    controle:
      soort: vereiste
      eis: {dossierveld: [samenvatting, melder.anonimiteitsgrond], gevuld: true}
    meldingen: {overtreding: "x"}
"#;
    let (compiled, diags) = compiles(text);
    assert!(compiled, "{diags:#?}");
    let schema = vtcheck::schema_out::rules();
    let doc = &yaml_docs(text)[0];
    assert_eq!(errors(&schema, doc), Vec::<String>::new());
    let mut lower = doc.clone();
    lower["regels"][0]["id"] = "vt-x20".into();
    assert!(!errors(&schema, &lower).is_empty());
}

/// The checks of a `consistentie` rule and a `verlenging` have their keys typed, as the compiler
/// reads them: a misspelt key, a reference check without `naar`, or a key of the other form of
/// check (`naar` beside `elk`) is marked in the editor.
#[test]
fn the_rules_schema_types_consistency_checks_and_extensions() {
    let schema = vtcheck::schema_out::rules();
    let check =
        |c: Value| rule_file(serde_json::json!({"soort": "consistentie", "controles": [c]}));
    let ok = [
        check(
            serde_json::json!({"elk": "monitoring", "niet_voor": {"eerste": "overdracht"}, "ontbrekend": "overtreding", "melding": "x"}),
        ),
        check(
            serde_json::json!({"items": "voorwaarden", "veld": "situatie", "naar": "situaties", "melding": "x"}),
        ),
        rule_file(
            serde_json::json!({"soort": "termijn", "start": "ontvangen", "doel": "overdracht",
            "termijn": {"aantal": 4, "eenheid": "weken"},
            "verlenging": {"gebeurtenis": "informeren_uitgesteld", "waar": {"reden": {"gevuld": true}},
                "termijn": {"aantal": 2, "eenheid": "weken"}}}),
        ),
    ];
    for doc in &ok {
        assert_eq!(errors(&schema, doc), Vec::<String>::new(), "{doc}");
    }
    let bad = [
        check(serde_json::json!({"elk": "monitoring", "niet_voro": "ontvangen", "melding": "x"})),
        check(serde_json::json!({"elk": "monitoring", "niet_voor": "ontvangen"})),
        check(serde_json::json!({"items": "voorwaarden", "veld": "situatie", "melding": "x"})),
        check(serde_json::json!({"elk": "monitoring", "ontbrekend": "fout", "melding": "x"})),
        // A key of the other form, which the compiler refuses.
        check(serde_json::json!({"elk": "monitoring", "naar": "voorwaarden", "melding": "x"})),
        check(
            serde_json::json!({"items": "voorwaarden", "veld": "situatie", "naar": "situaties", "niet_na": "peildatum", "melding": "x"}),
        ),
        // Events have no ids to refer to.
        check(
            serde_json::json!({"items": "voorwaarden", "veld": "situatie", "naar": {"gebeurtenis": "overdracht"}, "melding": "x"}),
        ),
        rule_file(
            serde_json::json!({"soort": "vereiste", "eis": {"veld": "gebeurtenissen", "dekt": {"items": "overdracht", "waarde": "nageleefd"}}}),
        ),
        rule_file(
            serde_json::json!({"soort": "termijn", "start": "ontvangen", "doel": "overdracht",
            "termijn": {"aantal": 4, "eenheid": "weken"},
            "verlenging": {"gebeurtenis": "informeren_uitgesteld"}}),
        ),
    ];
    for doc in &bad {
        assert!(!errors(&schema, doc).is_empty(), "{doc}");
    }
}

/// `waar` is typed as the compiler reads it: per event field a value, a list of values or one
/// field test; a field events do not have, an empty list or two tests in one are marked.
#[test]
fn the_rules_schema_types_where_clauses() {
    let schema = vtcheck::schema_out::rules();
    let rule = |kind: &str, waar: Value| -> Value {
        rule_file(serde_json::json!({"soort": "termijn", "start": "ontvangen",
            "doel": {"gebeurtenis": kind, "waar": waar},
            "termijn": {"aantal": 5, "eenheid": "werkdagen"}}))
    };
    for (kind, waar) in [
        (
            "veiligheidsbeoordeling",
            serde_json::json!({"besluit": "onderzoek"}),
        ),
        (
            "veiligheidsbeoordeling",
            serde_json::json!({"besluit": ["voorwaarden_en_vervolg", "onderzoek"]}),
        ),
        (
            "informeren_uitgesteld",
            serde_json::json!({"reden": {"gevuld": true}}),
        ),
    ] {
        let doc = rule(kind, waar);
        assert_eq!(errors(&schema, &doc), Vec::<String>::new(), "{doc}");
        // JSON is YAML: the compiler reads the same document.
        let (compiled, diags) = compiles(&serde_json::to_string(&doc).unwrap());
        assert!(compiled, "{doc}: {diags:#?}");
    }
    for waar in [
        serde_json::json!({"besluiten": "onderzoek"}),
        serde_json::json!({"besluit": []}),
        serde_json::json!({"reden": {"gevuld": true, "leeg": false}}),
        serde_json::json!("besluit"),
    ] {
        let doc = rule("veiligheidsbeoordeling", waar);
        assert!(!errors(&schema, &doc).is_empty(), "{doc}");
    }
}

/// The schema's collections (`items`, `naar`, `dekt.items`, `verwezen_door.items`) are what the
/// compiler reads: `items: alle` is refused by both (it used to pass the schema), `[alle]`, a
/// kind and `gebeurtenissen` are accepted by both.
#[test]
fn the_rules_schema_reads_collections_as_the_compiler() {
    let schema = vtcheck::schema_out::rules();
    let rule = |items: &str| {
        format!(
            "regelset: x\nversie: \"1\"\nregels:\n  - id: MB-X01\n    titel: t\n    ernst: error\n    \
             bron: b\n    toelichting: t\n    controle: {{soort: per_item, items: {items}, eis: {{dossierveld: soort, is: melding}}}}\n    \
             meldingen: {{overtreding: x}}\n"
        )
    };
    for (items, valid) in [
        ("alle", false),
        ("[]", false),
        ("voorwaarden", true),
        ("gebeurtenissen", true),
        ("overdracht", true),
        ("[alle]", true),
        ("[overdracht, monitoring]", true),
        ("{gebeurtenis: alle}", true),
        ("[voorwaarden]", false),
    ] {
        let text = rule(items);
        let (compiled, diags) = compiles(&text);
        assert_eq!(compiled, valid, "compiler, items: {items}: {diags:#?}");
        if items == "alle" {
            // At the value, pointing to the collection of every event.
            let d = &diags[0];
            assert_eq!(d.message, "onbekende verzameling `alle`");
            assert_eq!((d.pos.line, d.pos.col), (9, 40));
            assert!(
                d.help
                    .as_deref()
                    .is_some_and(|h| h.starts_with("bedoelde je `gebeurtenissen`?")),
                "{d:?}"
            );
        }
        let errs = errors(&schema, &yaml_docs(&text)[0]);
        assert_eq!(errs.is_empty(), valid, "schema, items: {items}: {errs:#?}");
    }
}

/// An empty `alle`, `een_van` or `controles` is marked in the editor, as the compiler refuses it.
#[test]
fn the_rules_schema_refuses_empty_combinators_and_checks() {
    let schema = vtcheck::schema_out::rules();
    let ok = rule_file(
        serde_json::json!({"soort": "vereiste", "eis": {"alle": [{"gebeurtenis": "afgesloten"}]}}),
    );
    assert_eq!(errors(&schema, &ok), Vec::<String>::new());
    for controle in [
        serde_json::json!({"soort": "vereiste", "eis": {"alle": []}}),
        serde_json::json!({"soort": "vereiste", "eis": {"niet": {"een_van": []}}}),
        serde_json::json!({"soort": "consistentie", "controles": []}),
    ] {
        assert!(
            !errors(&schema, &rule_file(controle.clone())).is_empty(),
            "{controle}"
        );
    }
}

#[test]
fn dossiers_validate_against_the_dossier_schema() {
    let schema = vtcheck::schema_out::dossier();
    let good = "formaat: vtdossier/1\nid: A-1\nregio: drenthe\nsoort: melding\nontvangen: 2025-01-06T09:30\nmelder: {hoedanigheid: professional, rol: melder, bekend: true}\ngebeurtenissen:\n  - soort: veiligheidsbeoordeling\n    datum: 2025-01-08\n    besluit: onderzoek\n  - soort: monitoring_afgerond\n    datum: 2025-02-01\n    reden: stabiel_veilig\n";
    let doc = &yaml_docs(good)[0];
    assert!(
        errors(&schema, doc).is_empty(),
        "{:#?}",
        errors(&schema, doc)
    );
    let typo = good.replace("besluit: onderzoek", "besluit: onderzoekk");
    assert!(!errors(&schema, &yaml_docs(&typo)[0]).is_empty());
    let unknown_region = good.replace("drenthe", "drente");
    assert!(!errors(&schema, &yaml_docs(&unknown_region)[0]).is_empty());
    // The manifest beside the dossiers has its own schema (one editor pattern covers both).
    let manifest =
        "formaat: vtexport/1\nregio: drenthe\nexportdatum: 2025-06-30\naantal_dossiers: 2\n";
    let doc = &yaml_docs(manifest)[0];
    assert!(
        errors(&schema, doc).is_empty(),
        "{:#?}",
        errors(&schema, doc)
    );
    let no_date = manifest.replace("exportdatum: 2025-06-30\n", "");
    assert!(!errors(&schema, &yaml_docs(&no_date)[0]).is_empty());
}

/// The schema's date pattern accepts exactly the spellings the reader accepts, so an editor does
/// not show as valid a date that `vtcheck check` rejects (or the reverse).
#[test]
fn the_date_pattern_is_the_readers() {
    let pattern = matches_pattern(vtcheck::schema_out::DATE_PATTERN);
    let dossier = |date: &str| {
        format!(
            "formaat: vtdossier/1\nid: D-1\nregio: utrecht\nsoort: advies\nontvangen: \"{date}\"\n"
        )
    };
    for date in [
        "2024-03-04",
        "2024-03-04T10:15",
        "2024-03-04T10:15:30",
        "2024-03-04T10:15Z",
        "2024-03-04T10:15+01:00",
        "04-03-2024",
        "2024-03-04 10:15",
        "04-03-2024T10:15",
        "04-03-2024 10:15",
        "4-3-2024",
        "2024-03-04T10:15:30.5",
    ] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("d.yaml"), dossier(date)).unwrap();
        let out = vtcheck_in(dir.path())
            .args([
                "check",
                "--no-config",
                "--as-of",
                "2024-06-30",
                "--format",
                "json",
                "d.yaml",
            ])
            .output()
            .unwrap();
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let read = report["errors"].as_array().unwrap().is_empty();
        assert_eq!(pattern(date), read, "{date}: schema and reader disagree");
    }
}

/// The schema's pattern through the JSON Schema validator itself.
fn matches_pattern(pattern: &str) -> impl Fn(&str) -> bool {
    let schema = serde_json::json!({"type": "string", "pattern": pattern});
    let validator = jsonschema::validator_for(&schema).expect("pattern compiles");
    move |s: &str| validator.is_valid(&Value::String(s.to_string()))
}

/// The lexicon of a text rule is typed per `analyse`, from the analyser's own types: a
/// misspelt key, or a key of another analyser, is marked by the schema as the compiler refuses
/// it; every key of the shipped lexicons is known.
#[test]
fn the_rules_schema_knows_the_lexicon_keys_of_each_analysis() {
    let schema = vtcheck::schema_out::rules();
    let (_, text) = vtcheck::rules::EMBEDDED
        .iter()
        .find(|(name, _)| name.ends_with("voorwaarden.yaml"))
        .unwrap();
    let doc = yaml_docs(text).remove(0);
    assert!(errors(&schema, &doc).is_empty());
    for (analyse, key) in [
        ("concreet", "max_tussenwoord"),
        ("concreet", "jargon"),
        ("positief", "categorieen"),
    ] {
        let mut bad = doc.clone();
        let rule = bad["regels"]
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|r| r["controle"]["analyse"] == analyse)
            .unwrap();
        rule["controle"]["lexicon"][key] = serde_json::json!([]);
        let errs = errors(&schema, &bad);
        assert!(
            errs.iter().any(|e| e.contains(key)),
            "{analyse}/{key}: {errs:#?}"
        );
        let (ok, diags) = compiles(&serde_json::to_string(&bad).unwrap());
        assert!(!ok, "{analyse}/{key}: the compiler takes it: {diags:?}");
    }
}
