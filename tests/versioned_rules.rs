//! Versioned rules: each dossier is judged by the rule version in force on its `ontvangen` date.

use serde_json::Value;
mod common;
use common::{findings_of, vtcheck};

const OLD: &str = r#"regelset: handelingsprotocol-2016
versie: "2016.1"
regels:
  - id: VT-T01
    titel: Triage binnen 10 werkdagen (oud protocol)
    ernst: error
    bron: "Testregel: een eerdere versie van de norm"
    toelichting: Voor meldingen van vóór 2019 gold in dit voorbeeld een termijn van 10 werkdagen.
    geldig_tot: 2018-12-31
    van_toepassing: {veld: soort, is: melding}
    controle:
      soort: termijn
      start: ontvangen
      doel: veiligheidsbeoordeling
      termijn: {aantal: 10, eenheid: werkdagen}
    meldingen:
      overtreding: "Triage niet binnen {termijn}: {waarneming}."
"#;

fn dossier(id: &str, received: &str, assessed: &str) -> String {
    format!(
        "formaat: vtdossier/1\nid: {id}\nregio: twente\nsoort: melding\nontvangen: {received}\n\
         melder: {{bekend: true}}\ngebeurtenissen:\n  - soort: veiligheidsbeoordeling\n    datum: {assessed}\n"
    )
}

#[test]
fn a_2018_dossier_gets_the_old_rule_and_a_2019_dossier_the_2019_rule() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("regels");
    std::fs::create_dir(&rules).unwrap();
    let current =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/termijnen.yaml"))
            .unwrap();
    let current = current.replacen(
        "    categorie: termijnen\n",
        "    categorie: termijnen\n    geldig_vanaf: 2019-01-01\n",
        1,
    );
    std::fs::write(rules.join("termijnen.yaml"), current).unwrap();
    std::fs::write(rules.join("oud.yaml"), OLD).unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    // Both assessed on the 8th working day after receipt.
    std::fs::write(
        data.join("a.yaml"),
        dossier("OUD-2018", "2018-10-01", "2018-10-11"),
    )
    .unwrap();
    std::fs::write(
        data.join("b.yaml"),
        dossier("NIEUW-2019", "2019-10-01", "2019-10-11"),
    )
    .unwrap();
    let out = vtcheck()
        .args([
            "check",
            "--format",
            "json",
            "--as-of",
            "2020-01-01",
            "--rules",
        ])
        .arg(&rules)
        .arg(&data)
        .output()
        .unwrap();
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    let t01: Vec<&Value> = findings_of(&j, "VT-T01");
    assert_eq!(t01.len(), 1, "{t01:#?}");
    assert_eq!(t01[0]["dossier"], "NIEUW-2019");
    assert_eq!(t01[0]["due"], "2019-10-08");
    assert_eq!(j["summary"]["VT-T01"]["applicable"], 2);
    assert_eq!(j["summary"]["VT-T01"]["pass"], 1);
    let names: Vec<&str> = j["rulesets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"handelingsprotocol-2016") && names.contains(&"handelingsprotocol-2019")
    );
}
