//! The JSON Schemas `vtcheck schema` prints accept what vtcheck accepts: the shipped rule files and
//! valid dossiers, and reject a typo.

use serde_json::Value;

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
}
