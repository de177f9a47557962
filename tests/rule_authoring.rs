//! Rule authoring: what quality officers write in rule files and rule tests, and what they read
//! back in `explain`, is checked and right.

use predicates::prelude::*;
use serde_json::Value;
mod common;
use common::{check_json, findings_of, success_stdout, vtcheck};

/// A melding received on `received`, assessed on `assessed`.
fn melding(id: &str, received: &str, assessed: &str) -> String {
    format!(
        "formaat: vtdossier/1\nid: {id}\nregio: twente\nsoort: melding\nontvangen: {received}\n\
         melder: {{bekend: true}}\ngebeurtenissen:\n  - soort: veiligheidsbeoordeling\n    datum: {assessed}\n"
    )
}

/// The JSON report of `vtcheck check --no-config` with `args`.
fn report(args: &[&std::ffi::OsStr]) -> Value {
    let out = vtcheck()
        .args(["check", "--no-config", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "no JSON report ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The JSON report of `vtcheck check --no-config --as-of AS_OF --rules RULES INPUTS...`.
fn report_with(as_of: &str, rules: &std::path::Path, inputs: &[&std::path::Path]) -> Value {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "--as-of".as_ref(),
        as_of.as_ref(),
        "--rules".as_ref(),
        rules.as_os_str(),
    ];
    args.extend(inputs.iter().map(|p| p.as_os_str()));
    report(&args)
}

/// The VT-T01 examples of `explain` are what the engine says: received on Friday 07-03-2025, the
/// 5th working day strictly after it is Friday 14-03 (compliant), Monday 17-03 is one day late.
#[test]
fn the_vt_t01_examples_agree_with_the_engine() {
    vtcheck()
        .args(["explain", "VT-T01"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "veiligheidsbeoordeling vr 14-03-2025 (5e werkdag)",
        ))
        .stdout(predicate::str::contains(
            "veiligheidsbeoordeling ma 17-03-2025 (1 werkdag te laat)",
        ));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("goed.yaml"),
        melding("GOED", "2025-03-07", "2025-03-14"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("fout.yaml"),
        melding("FOUT", "2025-03-07", "2025-03-17"),
    )
    .unwrap();
    let j = report(&[
        "--as-of".as_ref(),
        "2025-06-30".as_ref(),
        dir.path().as_os_str(),
    ]);
    let t01 = findings_of(&j, "VT-T01");
    assert_eq!(t01.len(), 1, "{t01:#?}");
    assert_eq!(t01[0]["dossier"], "FOUT");
    assert_eq!(t01[0]["due"], "2025-03-14");
    assert!(
        t01[0]["message"]
            .as_str()
            .unwrap()
            .contains("1 werkdag na de termijn"),
        "{}",
        t01[0]["message"]
    );
}

/// The text rules' examples (a sentence each) are judged as `explain` says: the compliant one
/// has no finding, the violating one has.
#[test]
fn text_rule_examples_agree_with_their_analysers() {
    use vtcheck::rules::{Analyzer, Check};
    let set = vtcheck::rules::embedded().unwrap_or_else(|_| panic!("embedded rules"));
    let mut seen = 0;
    for rule in &set.rules {
        let Check::Text(t) = &rule.check else {
            continue;
        };
        let hits = |s: &str| match &t.analyzer {
            Analyzer::Concreet(a) => a.check(s).len(),
            Analyzer::Positief(a) => a.check(s).len(),
            Analyzer::Begrijpelijk(a) => a.check(s).len(),
        };
        let good = rule.example_good.as_deref().expect("voorbeeld.goed");
        let bad = rule.example_bad.as_deref().expect("voorbeeld.fout");
        assert_eq!(hits(good), 0, "{}: {good}", rule.id);
        assert!(hits(bad) > 0, "{}: {bad}", rule.id);
        seen += 1;
    }
    assert_eq!(seen, 3);
}

/// Issue 8 item 2: `explain` gives a compliant and a violating example for every rule.
#[test]
fn every_shipped_rule_has_both_examples() {
    let set = vtcheck::rules::embedded().unwrap_or_else(|_| panic!("embedded rules"));
    let missing: Vec<&str> = set
        .rules
        .iter()
        .filter(|r| r.example_good.is_none() || r.example_bad.is_none())
        .map(|r| r.id.as_str())
        .collect();
    assert!(missing.is_empty(), "zonder voorbeeld: {missing:?}");
}

/// VT-M04's examples and counting say how a duration becomes months, and the engine agrees:
/// 530 days are 17.4 average months (365.2425 / 12 days each), 792 days 26.0.
#[test]
fn vt_m04_explains_its_months() {
    vtcheck()
        .args(["explain", "VT-M04"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "gedeeld door 30,436875 (365,2425 / 12)",
        ))
        .stdout(predicate::str::contains(
            "voldoet:      Afgeronde monitoring",
        ))
        .stdout(predicate::str::contains("(530 dagen = 17,4 maanden)"))
        .stdout(predicate::str::contains("(792 dagen = 26,0 maanden)"));
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let m = vtcheck::engine::months_between(d("2023-02-01"), d("2024-07-15"));
    assert_eq!(format!("{m:.1}"), "17.4");
    let m = vtcheck::engine::months_between(d("2023-02-01"), d("2025-04-03"));
    assert_eq!(format!("{m:.1}"), "26.0");
}

/// A rule file with `regels` (entries indented as in the shipped files).
fn rule_file(regels: &str) -> String {
    format!("regelset: eigen\nversie: \"1\"\nregels:\n{regels}")
}

/// A VT-T01-like deadline rule with `extra` lines (rule keys, 4 spaces indented) after `ernst`.
fn t01(id: &str, extra: &str, message: &str) -> String {
    format!(
        "  - id: {id}\n    titel: Triage\n    ernst: error\n{extra}    bron: b\n    toelichting: t\n    \
         van_toepassing: {{veld: soort, is: melding}}\n    controle:\n      soort: termijn\n      \
         start: ontvangen\n      doel: veiligheidsbeoordeling\n      termijn: {{aantal: 10, eenheid: werkdagen}}\n    \
         meldingen:\n      overtreding: \"{message}\"\n"
    )
}

/// `vtcheck rules --rules FILE` with `text` as FILE: (exit code, standard error).
fn list_with(text: &str) -> (i32, String) {
    list_in(text, &["--rules", "eigen.yaml"])
}

/// `vtcheck rules ARGS` in a directory holding `text` as `eigen.yaml`: (exit code, standard
/// error).
fn list_in(text: &str, args: &[&str]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("eigen.yaml"), text).unwrap();
    let out = vtcheck()
        .current_dir(dir.path())
        .arg("rules")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn an_end_before_the_start_is_an_error_at_geldig_tot() {
    let text = rule_file(&t01(
        "X-01",
        "    geldig_vanaf: 2020-01-01\n    geldig_tot: 2019-01-01\n",
        "te laat",
    ));
    let (code, err) = list_with(&text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("eigen.yaml:8:17"), "{err}");
    assert!(
        err.contains("`geldig_tot` (01-01-2019) ligt vóór `geldig_vanaf` (01-01-2020)"),
        "{err}"
    );
    // A rule file is the user's own text: the error shows its line with the value marked.
    assert!(err.contains("\n 8 │     geldig_tot: 2019-01-01\n"), "{err}");
    assert!(err.contains("·                 ─────┬────"), "{err}");
    // One day (start = end) is a valid period.
    let text = rule_file(&t01(
        "X-01",
        "    geldig_vanaf: 2020-01-01\n    geldig_tot: 2020-01-01\n",
        "te laat",
    ));
    assert_eq!(list_with(&text).0, 0);
}

#[test]
fn a_second_yaml_document_in_a_rule_file_is_an_error() {
    let text = format!(
        "{}---\n{}",
        rule_file(&t01("X-01", "", "te laat")),
        rule_file(&t01("X-02", "", "te laat"))
    );
    let (code, err) = list_with(&text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("eigen.yaml:18:1"), "{err}");
    assert!(
        err.contains("een regelbestand is één YAML-document"),
        "{err}"
    );
    // rev54 F1: the first document's own mistakes are named in the same run, before it.
    let broken = text.replacen("ernst: error", "ernst: eror", 1);
    let (code, err) = list_with(&broken);
    assert_eq!(code, 2, "{err}");
    let (ernst, second) = (
        err.find("onbekende ernst").expect(&err),
        err.find("een regelbestand is één YAML-document")
            .expect(&err),
    );
    assert!(ernst < second, "{err}");
}

/// Issue 8 item 5: a quality officer adds only the pre-2019 VT-T01 (`geldig_tot: 2018-12-31`, 10
/// werkdagen) in an extra rule file. The shipped 2019 rule (no dates) keeps judging 2019
/// dossiers; it is not silently dropped.
#[test]
fn an_older_version_in_an_extra_file_leaves_the_shipped_rule_for_later_dossiers() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("regels");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(
        rules.join("oud.yaml"),
        rule_file(&t01(
            "VT-T01",
            "    geldig_tot: 2018-12-31\n",
            "Triage niet binnen {termijn}: {waarneming}.",
        )),
    )
    .unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).unwrap();
    // Both assessed on the 8th working day after receipt: late by 5, in time by 10 werkdagen.
    std::fs::write(
        data.join("a.yaml"),
        melding("OUD-2018", "2018-10-01", "2018-10-11"),
    )
    .unwrap();
    std::fs::write(
        data.join("b.yaml"),
        melding("NIEUW-2019", "2019-10-01", "2019-10-11"),
    )
    .unwrap();
    let j = report_with("2020-01-01", &rules, &[&data]);
    let t01 = findings_of(&j, "VT-T01");
    assert_eq!(t01.len(), 1, "{t01:#?}");
    assert_eq!(t01[0]["dossier"], "NIEUW-2019");
    assert_eq!(t01[0]["due"], "2019-10-08");
    assert_eq!(j["summary"]["VT-T01"]["applicable"], 2);
    assert_eq!(j["summary"]["VT-T01"]["pass"], 1);
    assert_eq!(j["summary"]["VT-T01"]["not_applicable"], 0);

    // explain and the listing show both versions with their periods.
    let out = vtcheck()
        .args(["explain", "VT-T01", "--rules"])
        .arg(&rules)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Geldig voor dossiers ontvangen van — tot en met 31-12-2018"),
        "{text}"
    );
    assert!(
        text.contains("Geldig voor dossiers ontvangen van 01-01-2019 tot en met —"),
        "{text}"
    );
    assert!(text.contains("(ingekort: voor de rest van de periode geldt de latere definitie in"));
    assert!(text.contains("oud.yaml:4)"), "{text}");
    let out = vtcheck()
        .arg("rules")
        .arg("--rules")
        .arg(&rules)
        .output()
        .unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    let t01: Vec<&str> = list.lines().filter(|l| l.starts_with("VT-T01")).collect();
    assert_eq!(t01.len(), 2, "{list}");
    assert!(t01[0].ends_with("(geldig — t/m 31-12-2018)"), "{list}");
    assert!(t01[1].ends_with("(geldig 01-01-2019 t/m —)"), "{list}");
}

/// A later definition for a middle period splits the earlier one in two; one without dates
/// replaces it fully (a regional override).
#[test]
fn a_later_definition_takes_only_its_own_period() {
    let dir = tempfile::tempdir().unwrap();
    let periods = |extra: &str| {
        let path = dir.path().join("extra.yaml");
        std::fs::write(
            &path,
            rule_file(&t01("VT-T01", extra, "Triage niet binnen {termijn}.")),
        )
        .unwrap();
        let out = vtcheck()
            .arg("rules")
            .arg("--rules")
            .arg(&path)
            .output()
            .unwrap();
        success_stdout(&out)
            .lines()
            .filter(|l| l.starts_with("VT-T01"))
            .map(|l| {
                let title = if l.contains("Triage") {
                    "nieuw"
                } else {
                    "2019"
                };
                let period = l.rfind(" (geldig").map_or("", |i| &l[i + 1..]);
                format!("{title} {period}").trim().to_string()
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        periods("    geldig_vanaf: 2020-01-01\n    geldig_tot: 2020-12-31\n"),
        [
            "2019 (geldig — t/m 31-12-2019)",
            "nieuw (geldig 01-01-2020 t/m 31-12-2020)",
            "2019 (geldig 01-01-2021 t/m —)"
        ]
    );
    assert_eq!(periods(""), ["nieuw"]);
}

/// The copy-paste slip: a rule block copied within one file without changing its id.
#[test]
fn the_same_id_twice_in_one_file_for_overlapping_periods_is_an_error() {
    let text = rule_file(&format!(
        "{}\n{}",
        t01("X-01", "", "te laat"),
        t01("X-01", "    geldig_vanaf: 2020-01-01\n", "te laat")
    ));
    let (code, err) = list_with(&text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("eigen.yaml:18:5"), "{err}");
    assert!(
        err.contains("regel X-01 is in dit bestand al gedefinieerd op regel 4"),
        "{err}"
    );
    // Separate periods in one file are versions.
    let text = rule_file(&format!(
        "{}\n{}",
        t01("X-01", "    geldig_tot: 2019-12-31\n", "te laat"),
        t01("X-01", "    geldig_vanaf: 2020-01-01\n", "te laat")
    ));
    assert_eq!(list_with(&text).0, 0);
}

/// A typo in a message placeholder was printed literally in every report; now the rule file is
/// rejected at the message, with the placeholders the rule's kind fills in.
#[test]
fn an_unknown_placeholder_is_an_error_at_the_message() {
    let text = rule_file(&t01(
        "X-01",
        "",
        "Triage niet binnen {termjn}: {waarneming}.",
    ));
    let (code, err) = list_with(&text);
    assert_eq!(code, 2, "{err}");
    // At the placeholder, not at the start of the message.
    assert!(err.contains("eigen.yaml:16:40"), "{err}");
    assert!(
        err.contains("onbekend invulveld `{termjn}` in de bevindingstekst (`meldingen`)"),
        "{err}"
    );
    assert!(err.contains("bedoelde je `{termijn}`?"), "{err}");
    assert!(
        err.contains("een regel van soort `termijn` vult in: {due}, {termijndatum}, {observed}"),
        "{err}"
    );
    // `{item}` is not filled in for a deadline (one outcome per dossier, no item).
    let (code, err) = list_with(&rule_file(&t01("X-01", "", "{item} te laat")));
    assert_eq!(code, 2, "{err}");
    // Every placeholder a kind lists is accepted.
    let all: Vec<String> = vtcheck::engine::placeholders("termijn")
        .iter()
        .map(|k| format!("{{{k}}}"))
        .collect();
    assert_eq!(list_with(&rule_file(&t01("X-01", "", &all.join(" ")))).0, 0);
}

/// Rule ids are what reports, waivers and baselines key on: one with a lower-case letter could
/// not be named to `explain` (which reads ids in capitals), `"VT-T01 "` made a second rule
/// beside VT-T01 that looks the same, and an empty id a rule without a name. Each is an error
/// at the id, with the id in capitals suggested where that makes it valid.
#[test]
fn a_rule_id_is_capitals_digits_and_hyphens() {
    for (id, help) in [
        ("regio-x01", Some("bedoelde je `REGIO-X01`?")),
        ("\"VT-T01 \"", Some("bedoelde je `VT-T01`?")),
        ("\"\"", None),
        ("\"VT--T01\"", None),
        ("1-ABC", None),
    ] {
        let (code, err) = list_with(&rule_file(&t01(id, "", "te laat")));
        assert_eq!(code, 2, "{id}: {err}");
        assert!(err.contains("eigen.yaml:4:9"), "{id}: {err}");
        assert!(err.contains("ongeldige regel-id"), "{id}: {err}");
        if let Some(h) = help {
            assert!(err.contains(h), "{id}: {err}");
        }
    }
    for id in ["X-01", "MB-R01", "VT-T01", "REGIO2"] {
        assert_eq!(list_with(&rule_file(&t01(id, "", "te laat"))).0, 0, "{id}");
    }
}

/// A value a field can never hold makes a rule that never matches: an error at the value, not
/// a rule that compiles and stays silent (`is: een` on a number, `is: morgen` on a date).
#[test]
fn a_value_the_field_cannot_hold_is_an_error() {
    let per_item = |alleen: &str| {
        rule_file(&format!(
            "  - id: X-02\n    titel: t\n    ernst: error\n    bron: b\n    toelichting: t\n    \
             controle:\n      soort: per_item\n      items: betrokkenen\n      alleen: {alleen}\n      \
             eis: {{veld: rol, gevuld: true}}\n    meldingen:\n      overtreding: x\n"
        ))
    };
    let on_event = |waar: &str| {
        rule_file(&t01("X-01", "", "te laat")).replace(
            "{veld: soort, is: melding}",
            &format!("{{gebeurtenis: overdracht, waar: {waar}}}"),
        )
    };
    for (text, at, message) in [
        (
            per_item("{veld: geboortejaar, is: een}"),
            "eigen.yaml:12:40",
            "dit veld is een geheel getal",
        ),
        (
            on_event("{geaccepteerd: morgen}"),
            "eigen.yaml:9:68",
            "een datum is met geen enkele waarde gelijk",
        ),
        (
            rule_file(&t01("X-01", "", "te laat"))
                .replace("{veld: soort, is: melding}", "{veld: regio, is: Twente}"),
            "eigen.yaml:9:39",
            "onbekende waarde `Twente`",
        ),
    ] {
        let (code, err) = list_with(&text);
        assert_eq!(code, 2, "{text}: {err}");
        assert!(err.contains(at) && err.contains(message), "{text}: {err}");
    }
    assert_eq!(list_with(&per_item("{veld: geboortejaar, is: 1980}")).0, 0);
    let (code, err) = list_with(
        &rule_file(&t01("X-01", "", "te laat"))
            .replace("{veld: soort, is: melding}", "{veld: regio, is: Twente}"),
    );
    assert!(code == 2 && err.contains("bedoelde je `twente`?"), "{err}");
    let twente = rule_file(&t01("X-01", "", "te laat")).replace(
        "{veld: soort, is: melding}",
        "{veld: regio, is: [twente, midden-brabant]}",
    );
    assert_eq!(list_with(&twente).0, 0);
}

/// `vtcheck rules test DIR` with `files` (path under DIR, text) written first: (exit code,
/// standard output).
fn rules_test(files: &[(&str, String)]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    rules_command("test", dir.path())
}

/// `vtcheck rules SUBCOMMAND PATH`: (exit code, standard output then standard error).
fn rules_command(subcommand: &str, path: &std::path::Path) -> (i32, String) {
    let out = vtcheck()
        .args(["rules", subcommand])
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// Rule tests judge an expectation by the version of the rule in force for the dossier: with
/// the pre-2019 VT-T01 (10 werkdagen) next to the shipped one, a 2018 and a 2019 dossier.
#[test]
fn rule_tests_judge_each_dossier_by_the_version_in_force() {
    let old = rule_file(&t01(
        "VT-T01",
        "    geldig_tot: 2018-12-31\n",
        "Triage niet binnen {termijn}: {waarneming}.",
    ));
    let data = format!(
        "{}---\n{}",
        melding("OUD-2018", "2018-10-01", "2018-10-11"),
        melding("NIEUW-2019", "2019-10-01", "2019-10-11")
    );
    let test = "peildatum: 2020-01-01\ndossiers: versies.yaml\nverwacht:\n  \
        - {dossier: OUD-2018, regel: VT-T01, status: pass, due: 2018-10-15, observed: 2018-10-11}\n  \
        - {dossier: NIEUW-2019, regel: VT-T01, status: violation, due: 2019-10-08, observed: 2019-10-11}\n"
        .to_string();
    let (code, out) = rules_test(&[
        ("oud.yaml", old),
        ("tests/versies.yaml", data),
        ("tests/versies.test.yaml", test),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("2 verwachtingen: 2 geslaagd, 0 mislukt."),
        "{out}"
    );
    assert!(!out.contains("VT-T01,"), "{out}");
}

/// Issue 8 item 1: a rule test may hold its dossiers inline (`inline:`), without a dossier
/// file; errors in them point into the test file.
#[test]
fn rule_tests_with_inline_dossiers() {
    let inline = |assessed: &str, status: &str| {
        format!(
            "peildatum: 2025-06-30\ninline:\n  - formaat: vtdossier/1\n    id: INLINE-1\n    \
             regio: twente\n    soort: melding\n    ontvangen: 2025-03-07\n    melder: {{bekend: true}}\n    \
             gebeurtenissen:\n      - soort: veiligheidsbeoordeling\n        datum: {assessed}\n\
             verwacht:\n  - {{dossier: INLINE-1, regel: VT-T01, status: {status}, due: 2025-03-14}}\n"
        )
    };
    // `rules test DIR` reads DIR's rule files too: one of its own next to the shipped ones.
    let own = || ("eigen.yaml", rule_file(&t01("X-01", "", "te laat")));
    let (code, out) = rules_test(&[
        own(),
        ("tests/inline.test.yaml", inline("2025-03-17", "violation")),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("ok    INLINE-1 VT-T01 violation"), "{out}");
    // A failing expectation shows the diff.
    let (code, out) = rules_test(&[
        own(),
        ("tests/inline.test.yaml", inline("2025-03-17", "pass")),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("+ gekregen: status=violation due=2025-03-14"),
        "{out}"
    );
    // An invalid inline dossier is reported at its line and column in the test file.
    let (code, out) = rules_test(&[
        own(),
        ("tests/inline.test.yaml", inline("2025-13-45", "pass")),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("voorbeelddossier ongeldig: ") && out.contains("inline.test.yaml:11:16"),
        "{out}"
    );
}

/// A rule file reached twice (its directory and the file itself) is read once, not reported as
/// a file that defines each of its rules twice.
#[test]
fn a_rule_file_named_twice_is_read_once() {
    let text = rule_file(&t01("X-01", "", "te laat"));
    let (code, err) = list_in(&text, &["--rules", ".", "--rules", "eigen.yaml"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

/// A rule whose applicability selects events by a field value is neither applicable nor not
/// when the only such event lacks the field: three-valued, for every way a rule file combines
/// conditions (`niet` keeps it undecided, `alle` with a false part and `een_van` with a true
/// part decide anyway, `gevuld: false` is an answer).
/// The JSON report, with `regels` as the only rule file, of a melding whose
/// veiligheidsbeoordeling (05-03-2025) has no `besluit`.
fn report_on_undecided_assessment(regels: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("eigen.yaml");
    std::fs::write(&file, rule_file(regels)).unwrap();
    let data = dir.path().join("d.yaml");
    std::fs::write(&data, melding("ZB-1", "2025-03-03", "2025-03-05")).unwrap();
    report_with("2025-06-30", &file, &[&data])
}

#[test]
fn an_event_without_the_tested_field_leaves_applicability_undecided() {
    let rule = |id: &str, condition: &str| {
        format!(
            "  - id: {id}\n    titel: t\n    ernst: error\n    bron: b\n    toelichting: t\n    \
             van_toepassing: {condition}\n    controle:\n      soort: vereiste\n      \
             eis: {{veld: soort, is: advies}}\n    meldingen:\n      overtreding: \"fout\"\n"
        )
    };
    let onderzoek = "{gebeurtenis: veiligheidsbeoordeling, waar: {besluit: onderzoek}}";
    let rules = [
        rule("EIGEN-01", onderzoek),
        rule("EIGEN-02", &format!("{{niet: {onderzoek}}}")),
        rule(
            "EIGEN-03",
            &format!("{{alle: [{{veld: soort, is: advies}}, {onderzoek}]}}"),
        ),
        rule(
            "EIGEN-04",
            &format!("{{een_van: [{{veld: soort, is: melding}}, {onderzoek}]}}"),
        ),
        rule(
            "EIGEN-05",
            "{gebeurtenis: veiligheidsbeoordeling, waar: {besluit: {gevuld: false}}}",
        ),
    ]
    .concat();
    let j = report_on_undecided_assessment(&rules);
    let status = |id: &str| {
        let s = &j["summary"][id];
        if s["not_applicable"] == 1 {
            "not_applicable"
        } else if s["unassessable"] == 1 {
            "unassessable"
        } else if s["violation"] == 1 {
            "violation"
        } else {
            panic!("{id}: {s}")
        }
    };
    assert_eq!(status("EIGEN-01"), "unassessable");
    assert_eq!(status("EIGEN-02"), "unassessable");
    assert_eq!(status("EIGEN-03"), "not_applicable");
    assert_eq!(status("EIGEN-04"), "violation");
    assert_eq!(status("EIGEN-05"), "violation");
    let f = findings_of(&j, "EIGEN-01");
    assert_eq!(
        f[0]["message"],
        "Niet te beoordelen of de regel van toepassing is: veiligheidsbeoordeling op \
         05-03-2025 zonder `besluit`."
    );
    // At the event, not at the dossier.
    assert_eq!(f[0]["location"]["line"], 8);
}

/// A rule test's `peildatum` is a date in the one form vtcheck asks for everywhere:
/// `2025-6-30` (which chrono's `%Y-%m-%d` takes) is an error that says so, not a silent parse.
#[test]
fn a_rule_test_peildatum_must_be_jjjj_mm_dd() {
    let test = |peildatum: &str| {
        format!(
            "peildatum: {peildatum}\ninline:\n  - formaat: vtdossier/1\n    id: P-1\n    \
             regio: twente\n    soort: melding\n    ontvangen: 2025-03-07\n    melder: {{bekend: true}}\n\
             verwacht:\n  - {{dossier: P-1, regel: VT-T01, status: violation}}\n"
        )
    };
    let rule = || rule_file(&t01("VT-T01", "", "Te laat: {waarneming}."));
    let (code, out) = rules_test(&[
        ("t01.yaml", rule()),
        ("tests/p.test.yaml", test("\"2025-6-30\"")),
    ]);
    // Invalid input, as an invalid rule file is: exit 2, at the value.
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("fout: `peildatum`: ongeldige datum '2025-6-30': verwacht JJJJ-MM-DD\n")
            && out.contains("p.test.yaml:1:12\n"),
        "{out}"
    );
    let (code, out) = rules_test(&[
        ("t01.yaml", rule()),
        ("tests/p.test.yaml", test("2025-06-30")),
    ]);
    assert_eq!(code, 0, "{out}");
}

/// A listed placeholder without a value for this outcome (no observed date in an `open`
/// message) prints as a dash, never as the raw `{observed}`.
#[test]
fn a_placeholder_without_a_value_prints_a_dash() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t01.yaml");
    let rule = t01(
        "VT-T01",
        "",
        "Te laat (waargenomen: {observed}, verschil: {verschil}); termijn {due}.",
    )
    .replace(
        "      overtreding:",
        "      open: \"Nog niet (waargenomen: {observed}, verschil: {verschil}); termijn {due}.\"\n      overtreding:",
    );
    std::fs::write(&file, rule_file(&rule)).unwrap();
    let data = dir.path().join("d.yaml");
    // Received Friday 07-03-2025, no veiligheidsbeoordeling: with 10 werkdagen due 21-03.
    let dossier = melding("PH-1", "2025-03-07", "2025-03-05")
        .replace(
            "  - soort: veiligheidsbeoordeling\n    datum: 2025-03-05\n",
            "  []\n",
        )
        .replace("gebeurtenissen:\n  []", "gebeurtenissen: []");
    std::fs::write(&data, dossier).unwrap();
    let j = report_with("2025-03-10", &file, &[&data]);
    let f = findings_of(&j, "VT-T01");
    assert_eq!(
        f[0]["message"], "Nog niet (waargenomen: —, verschil: —); termijn 21-03-2025.",
        "{f:#?}"
    );
}

/// An open `vereiste` without an `open` message says what open means for it, not "De termijn
/// loopt nog.": a requirement has no term. A deadline keeps its own default.
#[test]
fn an_open_requirement_without_its_message_does_not_speak_of_a_term() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("eigen.yaml");
    let requirement = "  - id: MB-R09\n    titel: t\n    ernst: warning\n    bron: b\n    toelichting: t\n    \
         controle:\n      soort: vereiste\n      eis: {gebeurtenis: college_geinformeerd}\n      \
         overtreding_zodra: {gebeurtenis: afgesloten}\n    meldingen:\n      overtreding: x\n";
    let deadline = t01("MB-T09", "", "te laat");
    std::fs::write(&file, rule_file(&format!("{requirement}{deadline}"))).unwrap();
    let data = dir.path().join("d.yaml");
    // Received Friday 07-03-2025 and not yet assessed: the deadline is open on 10-03 too.
    let dossier = melding("OPEN-1", "2025-03-07", "2025-03-05")
        .replace(
            "  - soort: veiligheidsbeoordeling\n    datum: 2025-03-05\n",
            "  []\n",
        )
        .replace("gebeurtenissen:\n  []", "gebeurtenissen: []");
    std::fs::write(&data, dossier).unwrap();
    let j = report_with("2025-03-10", &file, &[&data]);
    let f = findings_of(&j, "MB-R09");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0]["status"], "open");
    assert_eq!(
        f[0]["message"], "Nog niet aan de eis voldaan; dat is nog geen overtreding.",
        "{f:#?}"
    );
    let f = findings_of(&j, "MB-T09");
    assert_eq!(f[0]["status"], "open");
    assert_eq!(f[0]["message"], "De termijn loopt nog.", "{f:#?}");
}

/// `kalender.yaml` and `regios.yaml` among the `--rules` paths replace the embedded ones, as a
/// rule file of the same name does (they were skipped: an edited calendar gave the embedded
/// calendar's due dates without a word). A broken region table is an error at its place.
#[test]
fn calendar_and_region_files_in_rules_replace_the_embedded_ones() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    let own = dir.path().join("eigen");
    std::fs::create_dir(&own).unwrap();
    let calendar = std::fs::read_to_string(root.join("rules/kalender.yaml"))
        .unwrap()
        .replace("\nextra_gesloten: []", "\nextra_gesloten: [2025-03-10]");
    assert!(calendar.contains("[2025-03-10]"));
    std::fs::write(own.join("kalender.yaml"), calendar).unwrap();
    std::fs::write(
        own.join("regios.yaml"),
        "regios:\n  - {code: twente, naam: Twente}\n  - {code: nieuwe-regio, naam: Nieuw}\n",
    )
    .unwrap();
    let data = dir.path().join("d.yaml");
    // Received Friday 07-03-2025; Monday 10-03 closed: the 5th working day is Monday 17-03.
    let dossier = melding("KAL-1", "2025-03-07", "2025-03-05")
        .replace("regio: twente", "regio: nieuwe-regio")
        .replace(
            "gebeurtenissen:\n  - soort: veiligheidsbeoordeling\n    datum: 2025-03-05\n",
            "gebeurtenissen: []\n",
        );
    std::fs::write(&data, dossier).unwrap();
    let due = |rules: &std::path::Path| {
        let j = report_with("2025-03-08", rules, &[&data]);
        assert_eq!(j["inputs"]["invalid"], 0, "{j}");
        findings_of(&j, "VT-T01")[0]["due"].clone()
    };
    assert_eq!(due(&own), "2025-03-17");
    // Named as a file it is the calendar too, not a rule file with unknown keys.
    let out = check_json("2025-03-08")
        .arg("--rules")
        .arg(own.join("kalender.yaml"))
        .arg(&data)
        .output()
        .unwrap();
    let j: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The embedded region table: `nieuwe-regio` is unknown there.
    assert_eq!(j["inputs"]["invalid"], 1, "{j}");
    // A broken region table stops the run at its line.
    std::fs::write(own.join("regios.yaml"), "regios:\n  - {code: a, nam: A}\n").unwrap();
    let out = vtcheck()
        .args(["check", "--no-config", "--as-of", "2025-03-08", "--rules"])
        .arg(&own)
        .arg(&data)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("ongeldige regiotabel: onbekend veld `nam`") && err.contains("regios.yaml:2:"),
        "{err}"
    );
}

/// A misspelt field test is named at its key with the test it is closest to, as every other
/// misspelt key is (it was "geef precies één test: …" at the field).
#[test]
fn a_misspelt_test_gets_a_suggestion_at_its_key() {
    let rule = t01("VT-X01", "", "Te laat.").replace(
        "van_toepassing: {veld: soort, is: melding}",
        "van_toepassing: {veld: soort, is_nit: advies}",
    );
    let (code, err) = list_with(&rule_file(&rule));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("onbekende test `is_nit`"), "{err}");
    assert!(err.contains("bedoelde je `is_niet`?"), "{err}");
    // Inside a `waar` (a test map of its own), once: not also as an unknown key.
    let rule = t01("VT-X01", "", "Te laat.").replace(
        "van_toepassing: {veld: soort, is: melding}",
        "van_toepassing: {gebeurtenis: veiligheidsbeoordeling, waar: {besluit: {is_nit: onderzoek}}}",
    );
    let (code, err) = list_with(&rule_file(&rule));
    assert_eq!(code, 2, "{err}");
    assert_eq!(err.matches("fout:").count(), 1, "{err}");
    assert!(err.contains("onbekende test `is_nit`"), "{err}");
}

/// In a `vereiste` too, three values throughout: `niet` keeps an undecided part undecided (it
/// was a pass), while a test a missing text answers (`patroon: bsn`: no text, no BSN) stays
/// decided, so VT-A02 passes an advies whose acute_actie has no `omschrijving`.
#[test]
fn a_requirement_under_niet_stays_undecided_and_a_missing_text_holds_no_bsn() {
    let dir = tempfile::tempdir().unwrap();
    let rule = "  - id: EIGEN-10\n    titel: t\n    ernst: error\n    bron: b\n    toelichting: t\n    \
        controle:\n      soort: vereiste\n      \
        eis: {niet: {gebeurtenis: veiligheidsbeoordeling, waar: {besluit: onderzoek}}}\n    \
        meldingen:\n      overtreding: \"fout\"\n";
    let file = dir.path().join("eigen.yaml");
    std::fs::write(&file, rule_file(rule)).unwrap();
    let data = dir.path().join("d.yaml");
    std::fs::write(&data, melding("NB-1", "2025-03-03", "2025-03-05")).unwrap();
    let advies = dir.path().join("a.yaml");
    std::fs::write(
        &advies,
        "formaat: vtdossier/1\nid: ADV-1\nregio: twente\nsoort: advies\nontvangen: 2025-03-03\n\
         melder: {bekend: true}\ngebeurtenissen:\n  - {soort: acute_actie, datum: 2025-03-03}\n",
    )
    .unwrap();
    let j = report_with("2025-06-30", &file, &[&data, &advies]);
    assert_eq!(
        j["summary"]["EIGEN-10"]["unassessable"], 1,
        "{}",
        j["summary"]
    );
    assert_eq!(
        j["summary"]["VT-A02"]["pass"], 1,
        "{}",
        j["summary"]["VT-A02"]
    );
    assert_eq!(j["summary"]["VT-A02"]["unassessable"], 0);
}

/// A `per_item` rule over events selected by `waar`: an event without the tested field is an
/// `unassessable` item, unless `alleen` rules it out whatever that field would say. (An `eis` on
/// an item field the event leaves out: VT-O02's rule test O02-WARM-ONBEKEND.)
#[test]
fn per_item_judges_undecided_items_as_unassessable() {
    let rule = |id: &str, only: &str, require: &str| {
        format!(
            "  - id: {id}\n    titel: t\n    ernst: error\n    bron: b\n    toelichting: t\n    \
             controle:\n      soort: per_item\n      \
             items: {{gebeurtenis: veiligheidsbeoordeling, waar: {{besluit: onderzoek}}}}\n{only}      \
             eis: {require}\n    meldingen:\n      overtreding: \"fout\"\n"
        )
    };
    let rules = [
        rule("EIGEN-01", "", "{veld: datum, uiterlijk: peildatum}"),
        rule(
            "EIGEN-02",
            "      alleen: {veld: datum, vanaf: peildatum}\n",
            "{veld: datum, uiterlijk: peildatum}",
        ),
    ]
    .concat();
    let j = report_on_undecided_assessment(&rules);
    let f = findings_of(&j, "EIGEN-01");
    assert_eq!(f.len(), 1, "{j}");
    assert_eq!(f[0]["status"], "unassessable");
    assert_eq!(f[0]["item"], "veiligheidsbeoordeling[1]");
    assert_eq!(
        f[0]["message"],
        "Niet te beoordelen of de regel van toepassing is: veiligheidsbeoordeling op \
         05-03-2025 zonder `besluit`."
    );
    // `alleen` (dated on or after the as-of date) is false for it, whatever its `besluit`.
    assert!(findings_of(&j, "EIGEN-02").is_empty(), "{j}");
    assert_eq!(j["summary"]["EIGEN-02"]["not_applicable"], 1, "{j}");
}

/// A rule file of the test directory's own (`rules test DIR` needs one), next to the shipped
/// rules.
fn own_rule() -> (&'static str, String) {
    ("eigen.yaml", rule_file(&t01("X-01", "", "te laat")))
}

/// An inline dossier for rule tests: `extra` lines (4 spaces indented) after `ontvangen`, the
/// veiligheidsbeoordeling on `assessed`.
fn inline_dossier(id: &str, extra: &str, assessed: &str) -> String {
    format!(
        "  - formaat: vtdossier/1\n    id: {id}\n    regio: twente\n    soort: melding\n    \
         ontvangen: 2025-03-07\n{extra}    melder: {{hoedanigheid: professional, rol: melder, bekend: true}}\n    \
         gebeurtenissen:\n      - {{soort: veiligheidsbeoordeling, datum: {assessed}, besluit: directe_overdracht}}\n"
    )
}

/// Review 16, bug 3: a warning about an example dossier (a misspelt field) is shown, at its
/// line and column with its hint, and fails the run: the dossier is not the one the test means.
#[test]
fn a_warning_in_an_example_dossier_is_shown_and_fails_the_rule_tests() {
    let test = format!(
        "peildatum: 2025-06-30\ninline:\n{}verwacht:\n  - {{dossier: W-1, regel: VT-T01, status: violation}}\n",
        inline_dossier("W-1", "    acute: true\n", "2025-03-17")
    );
    let (code, out) = rules_test(&[own_rule(), ("tests/w.test.yaml", test.clone())]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("1 verwachting: 1 geslaagd, 0 mislukt."),
        "{out}"
    );
    assert!(
        out.contains("w.test.yaml:8:5: voorbeelddossier: onbekend veld `acute`"),
        "{out}"
    );
    assert!(out.contains("hulp: bedoelde je `acuut`?"), "{out}");
    assert!(
        out.contains("1 waarschuwing in de voorbeelddossiers: de regeltests falen"),
        "{out}"
    );
    // Without the typo the same test passes.
    let (code, out) = rules_test(&[
        own_rule(),
        ("tests/w.test.yaml", test.replace("acute", "acuut")),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("waarschuwing"), "{out}");
}

/// Review 16, bug 4: two example dossiers with one id (a copied block, inline or once in
/// `dossiers:` and once in `inline:`) are an error naming both places, and an expectation about
/// that id is not judged against whichever comes first.
#[test]
fn a_repeated_example_dossier_id_is_an_error_naming_both_places() {
    let test = format!(
        "peildatum: 2025-06-30\ninline:\n{}{}verwacht:\n  - {{dossier: T01-A, regel: VT-T01, status: pass}}\n",
        inline_dossier("T01-A", "", "2025-03-14"),
        inline_dossier("T01-A", "", "2025-03-20")
    );
    let (code, out) = rules_test(&[own_rule(), ("tests/dup.test.yaml", test)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "dup.test.yaml:11:5: dossiernummer T01-A komt meer dan één keer voor in de voorbeelddossiers; \
             ook in "
        ) && out.contains("dup.test.yaml:3:5"),
        "{out}"
    );
    assert!(out.contains("FOUT  T01-A VT-T01 pass"), "{out}");
    assert!(!out.contains("ok    T01-A"), "{out}");

    // One in the dossier file, one inline.
    let test = format!(
        "peildatum: 2025-06-30\ndossiers: d.yaml\ninline:\n{}verwacht:\n  - {{dossier: T01-A, regel: VT-T01, status: pass}}\n",
        inline_dossier("T01-A", "", "2025-03-20")
    );
    let (code, out) = rules_test(&[
        own_rule(),
        ("tests/d.yaml", melding("T01-A", "2025-03-07", "2025-03-14")),
        ("tests/both.test.yaml", test),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("both.test.yaml:4:5: dossiernummer T01-A komt meer dan één keer voor")
            && out.contains("d.yaml:1:1"),
        "{out}"
    );
}

/// Review 16, bug 11 (d): `due` and `observed` are `JJJJ-MM-DD` dates that exist, as the
/// peildatum: another spelling or a day that does not exist is an error at its place, not a
/// mismatch (or a pass) that reads as the engine's verdict.
#[test]
fn expected_dates_must_be_jjjj_mm_dd_days_that_exist() {
    let test = |due: &str| {
        format!(
            "peildatum: 2025-06-30\ninline:\n{}verwacht:\n  - {{dossier: D-1, regel: VT-T01, status: violation, due: {due}}}\n",
            inline_dossier("D-1", "", "2025-03-17")
        )
    };
    let (code, out) = rules_test(&[own_rule(), ("tests/d.test.yaml", test("2025-03-14"))]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = rules_test(&[own_rule(), ("tests/d.test.yaml", test("14-03-2025"))]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "d.test.yaml:12:59: `due`: ongeldige datum '14-03-2025': verwacht JJJJ-MM-DD (2025-03-14)"
        ),
        "{out}"
    );
    let (code, out) = rules_test(&[own_rule(), ("tests/d.test.yaml", test("2025-02-30"))]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("d.test.yaml:12:59: `due`: ongeldige datum '2025-02-30'"),
        "{out}"
    );
    // `observed` alike; `null` still asserts that nothing was observed.
    let observed =
        |obs: &str| test("2025-03-14").replace("due: 2025-03-14", &format!("observed: {obs}"));
    let (code, out) = rules_test(&[own_rule(), ("tests/d.test.yaml", observed("2025-3-17"))]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("`observed`: ongeldige datum '2025-3-17'"),
        "{out}"
    );
    let (code, out) = rules_test(&[own_rule(), ("tests/d.test.yaml", observed("2025-03-17"))]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = rules_test(&[own_rule(), ("tests/d.test.yaml", observed("null"))]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("- verwacht: status=violation observed=null"),
        "{out}"
    );
}

/// Review 16, bug 11 (a, b, e): a value of the wrong kind in a test file says what was expected;
/// an alias bomb names the limit and the kind of file; an invalid inline dossier keeps its hint.
#[test]
fn rule_test_file_errors_say_what_is_wrong() {
    let (code, out) = rules_test(&[own_rule(), (
        "tests/f.test.yaml",
        "peildatum: 2025-06-30\ndossiers: d.yaml\nverwacht:\n  - dossier: A-1\n    regel: VT-T01\n    status: [violation]\n"
            .into(),
    )]);
    // A test file that cannot be read is invalid input: exit 2, as for a rule file.
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("fout: verkeerd soort waarde: verwacht één tekst")
            && out.contains("f.test.yaml:6:13"),
        "{out}"
    );
    assert!(!out.contains("syntaxisfout"), "{out}");

    let mut bomb = String::from(
        "peildatum: 2025-06-30\ninline:\n  - x_a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n",
    );
    for i in 1..7 {
        bomb.push_str(&format!(
            "    x_a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    bomb.push_str("verwacht: []\n");
    let (code, out) = rules_test(&[own_rule(), ("tests/bomb.test.yaml", bomb)]);
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("de grens voor één regeltestbestand; een alias-bom"),
        "{out}"
    );
    assert!(!out.contains("syntaxisfout"), "{out}");

    let test = format!(
        "peildatum: 2025-06-30\ninline:\n{}verwacht:\n  - {{dossier: E-1, regel: VT-T01, status: violation}}\n",
        inline_dossier("E-1", "", "2025-03-17").replace("twente", "twentee")
    );
    let (code, out) = rules_test(&[own_rule(), ("tests/e.test.yaml", test)]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("e.test.yaml:5:12: voorbeelddossier ongeldig: onbekende VT-regio"),
        "{out}"
    );
    assert!(out.contains("hulp: bedoelde je `twente`?"), "{out}");
}

/// Review 16, bug 11 (c): a rule file's alias bomb is refused with the limit of a rule file, not
/// "de grens voor één dossier".
#[test]
fn a_rule_file_alias_bomb_names_the_rule_file_limit() {
    let mut text =
        String::from("regelset: b\nversie: \"1\"\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..7 {
        text.push_str(&format!(
            "a{i}: &a{i} [{}]\n",
            vec![format!("*a{}", i - 1); 10].join(", ")
        ));
    }
    text.push_str("regels: []\n");
    let (code, err) = list_with(&text);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("de grens voor één regelbestand; een alias-bom"),
        "{err}"
    );
    assert!(!err.contains("dossier"), "{err}");
}

/// Review 16, bug 5: `explain` (and so `rules docs`) says how an `interval` rule counts: the gap
/// from the last event to the as-of date only with `tot_peildatum: true`, as the engine does.
#[test]
fn explain_says_whether_an_interval_counts_up_to_the_peildatum() {
    let rule = |extra: &str| {
        rule_file(&format!(
            "  - id: VT-X10\n    titel: Gat\n    ernst: warning\n    bron: b\n    toelichting: t\n    \
             controle:\n      soort: interval\n      gebeurtenis: monitoring\n      \
             maximaal: {{aantal: 2, eenheid: maanden}}\n{extra}    meldingen:\n      overtreding: \"Gat: {{waarneming}}.\"\n"
        ))
    };
    let explain = |text: String| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gat.yaml"), text).unwrap();
        let out = vtcheck()
            .args(["explain", "VT-X10", "--rules"])
            .arg(dir.path().join("gat.yaml"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let without = explain(rule(""));
    assert!(
        without.contains(
            "Tussen twee opeenvolgende gebeurtenissen (`monitoring`) ligt niet meer dan 2 maanden. \
             De tijd van de laatste tot de peildatum telt niet mee"
        ),
        "{without}"
    );
    let with = explain(rule("      tot_peildatum: true\n"));
    assert!(
        with.contains("en van de laatste tot de peildatum, ligt niet meer dan 2 maanden."),
        "{with}"
    );
    assert!(!with.contains("telt niet mee"), "{with}");
    // And the engine agrees: a last contact more than 2 months before the as-of date is a
    // violation only with `tot_peildatum: true`.
    let dir = tempfile::tempdir().unwrap();
    let dossier = dir.path().join("d.yaml");
    std::fs::write(
        &dossier,
        "formaat: vtdossier/1\nid: IV-1\nregio: twente\nsoort: melding\nontvangen: 2024-01-08\n\
         melder: {hoedanigheid: professional, rol: melder, bekend: true}\ngebeurtenissen:\n  \
         - {soort: monitoring, datum: 2024-02-01}\n",
    )
    .unwrap();
    for (extra, violated) in [("", false), ("      tot_peildatum: true\n", true)] {
        let rules = dir.path().join("gat.yaml");
        std::fs::write(&rules, rule(extra)).unwrap();
        let j = report_with("2024-12-31", &rules, &[&dossier]);
        let v = findings_of(&j, "VT-X10")
            .iter()
            .any(|f| f["status"] == "violation");
        assert_eq!(v, violated, "{extra}: {j}");
    }
}

/// `rules eval` on `corpus` (written to a file): (exit code, standard output and error).
fn rules_eval(corpus: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.yaml");
    std::fs::write(&path, corpus).unwrap();
    rules_command("eval", &path)
}

/// Review 16, bug 10: a mislabelled corpus entry is an error at its line and column (an unknown
/// key, an unknown rule id with a suggestion, a label that is no boolean), never an entry that
/// silently counts for no rule; a rule without labelled entries shows no score of 1.000.
#[test]
fn rules_eval_rejects_mislabelled_entries_and_shows_rules_without_data() {
    let entry = |id: &str, labels: &str| {
        format!(
            "- id: {id}\n  tekst: \"Vader brengt de kinderen om 8 uur naar school.\"\n  verwacht: {{{labels}}}\n"
        )
    };
    let (code, out) = rules_eval(&format!("{}  opmerking: x\n", entry("C1", "VT-V04: false")));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("onbekend veld `opmerking`"), "{out}");
    assert!(out.contains("corpus.yaml:4:3"), "{out}");

    let (code, out) = rules_eval(&entry("C1", "VT-V04: false, VT-V5: false"));
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("onbekende regel `VT-V5` onder `verwacht`"),
        "{out}"
    );
    assert!(out.contains("corpus.yaml:3:29"), "{out}");
    assert!(out.contains("bedoelde je `VT-V05`?"), "{out}");

    let (code, out) = rules_eval(&entry("C1", "VT-T01: true"));
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("regel `VT-T01` onder `verwacht` is geen tekstregel"),
        "{out}"
    );

    let (code, out) = rules_eval(&entry("C1", "VT-V05: nee"));
    assert_eq!(code, 2, "{out}");
    assert!(
        out.contains("ongeldige waarde voor `VT-V05`: verwacht true of false, gevonden tekst")
            && out.contains("corpus.yaml:3:22"),
        "{out}"
    );
    assert!(!out.contains("syntaxisfout"), "{out}");

    // Review 31, L15: every mistake at once, in file order, not one per run (serde stopped at
    // the first type error, which was not always the first in the file).
    let (code, out) = rules_eval(&format!(
        "{}{}{}  opmerking: x\n",
        entry("C1", "VT-V4: true, VT-V05: misschien"),
        entry("C2", "VT-V04: true"),
        entry("C3", "VT-V06: false"),
    ));
    assert_eq!(code, 2, "{out}");
    let at: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--> "))
        .filter_map(|p| p.rsplit_once('/').map(|(_, f)| f))
        .collect();
    assert_eq!(
        at,
        ["corpus.yaml:3:14", "corpus.yaml:3:35", "corpus.yaml:10:3"],
        "{out}"
    );
    assert!(out.contains("bedoelde je `VT-V04`?"), "{out}");
    assert!(out.contains("onbekend veld `opmerking`"), "{out}");

    let (code, out) = rules_eval(&format!(
        "{}{}",
        entry("C1", "VT-V04: false"),
        entry("C1", "VT-V04: false")
    ));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("corpus-id `C1` komt twee keer voor"), "{out}");

    let (code, out) = rules_eval(&entry("C1", "VT-V04: false"));
    assert_eq!(code, 0, "{out}");
    let line = |rule: &str| {
        out.lines()
            .find(|l| l.starts_with(rule))
            .unwrap_or("")
            .to_string()
    };
    assert!(line("VT-V04").contains("0    0    0    1"), "{out}");
    assert!(!line("VT-V04").contains("geen gegevens"), "{out}");
    for rule in ["VT-V05", "VT-V06"] {
        assert!(line(rule).contains("geen gegevens"), "{out}");
        assert!(!line(rule).contains("1,000"), "{out}");
    }
    // Scores in Dutch, with a decimal comma, as tekstregels.md and every other figure write them.
    let out = vtcheck()
        .args(["rules", "eval", "--no-config"])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.contains(" 1,000 "), "{table}");
    assert!(!table.contains('.'), "{table}");
}

/// `explain` shows the whole rule as written: a comment at column 1 inside it once ended the
/// rule's text there, so everything after it was missing. The next rule is not part of it.
#[test]
fn explain_shows_the_whole_rule_despite_a_comment_at_column_1() {
    let first = t01("X-01", "", "Triage te laat.").replace(
        "    controle:\n",
        "# 2025-05: termijn verkort (regionaal besluit)\n    controle:\n",
    );
    let text = rule_file(&format!("{first}{}", t01("X-02", "", "Ook te laat.")));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("eigen.yaml");
    std::fs::write(&path, text).unwrap();
    let out = vtcheck()
        .args(["explain", "X-01", "--rules"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let yaml = &stdout[stdout.find("  - id: X-01").expect("the rule's YAML")..];
    assert!(
        yaml.contains(
            "  # 2025-05: termijn verkort (regionaal besluit)\n    controle:\n      soort: termijn\n"
        ),
        "{yaml}"
    );
    assert!(yaml.contains("overtreding: \"Triage te laat.\""), "{yaml}");
    assert!(!yaml.contains("X-02"), "{yaml}");
}

/// An expectation that names a rule or status that does not exist fails with the near name
/// suggested (`VT-T1`: bedoelde je `VT-T01`?), as a misspelt key does elsewhere.
#[test]
fn an_unknown_rule_or_status_in_an_expectation_suggests_the_near_one() {
    let test = format!(
        "peildatum: 2025-06-30\ninline:\n{}verwacht:\n  - {{dossier: S-1, regel: VT-T1, status: violation}}\n  \
         - {{dossier: S-1, regel: VT-T01, status: Violation}}\n",
        inline_dossier("S-1", "", "2025-03-17")
    );
    let lines = test.lines().count();
    let (code, out) = rules_test(&[own_rule(), ("tests/s.test.yaml", test)]);
    assert_eq!(code, 1, "{out}");
    // Named at the place in the test file, as a misspelt date is.
    assert!(
        out.contains(&format!(
            ".test.yaml:{}:27: onbekende regel VT-T1 (bedoelde je `VT-T01`?)",
            lines - 1
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            ".test.yaml:{lines}:43: onbekende status 'Violation' (bedoelde je `violation`?)"
        )),
        "{out}"
    );
}

/// `explain` and `rules` read the rule files and calendar of `vtcheck.toml`, as `check` does: a
/// report never names a rule that `explain` does not know, nor explains a norm the check did not
/// apply. `--no-config` leaves the file out, as for `check`.
#[test]
fn explain_and_rules_read_the_rules_of_vtcheck_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("eigen")).unwrap();
    let t01 = stricter_termijnen();
    std::fs::write(dir.path().join("eigen/termijnen.yaml"), t01).unwrap();
    std::fs::write(dir.path().join("vtcheck.toml"), "rules = [\"eigen\"]\n").unwrap();
    let explain = |extra: &[&str]| {
        let out = vtcheck()
            .current_dir(dir.path())
            .args(["explain", "VT-T01"])
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(explain(&[]).contains("3 werkdagen"), "{}", explain(&[]));
    assert!(explain(&["--no-config"]).contains("5 werkdagen"));
    let docs = vtcheck()
        .current_dir(dir.path())
        .args(["rules", "docs"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&docs.stdout).contains("3 werkdagen"));
}

/// `line:column` (from 1) of the first `needle` in `text`.
fn line_col(text: &str, needle: &str) -> String {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    line_col_at(text, at)
}

/// `line:column` (from 1) of byte `at` in `text`.
fn line_col_at(text: &str, at: usize) -> String {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{line}:{col}")
}

/// A test file that cannot be read as one (not YAML, empty, an unknown key, no dossiers) is
/// invalid input: exit 2 with the error at its line and column, as for a rule file, not exit 1
/// and "0 verwachtingen: 0 geslaagd, 0 mislukt." as if expectations had run. Other test files
/// still run.
#[test]
fn a_test_file_that_cannot_be_read_is_invalid_input() {
    let valid = format!(
        "peildatum: 2025-06-30\ninline:\n{}verwacht:\n  - {{dossier: G-1, regel: X-01, status: pass}}\n",
        inline_dossier("G-1", "", "2025-03-17")
    );
    let unknown_key = valid.replace("verwacht:", "verwachtt:");
    for (text, at, message) in [
        (
            unknown_key.clone(),
            format!("x.test.yaml:{}", line_col(&unknown_key, "verwachtt:")),
            "fout: onbekend veld `verwachtt`",
        ),
        (
            "peildatum: 2025-06-30\nverwacht: [\n".to_string(),
            "x.test.yaml:2:11".to_string(),
            "fout: ongeldige YAML: haakje `[` of `{` niet gesloten",
        ),
        (
            String::new(),
            "x.test.yaml\n".to_string(),
            "fout: het testbestand is leeg\n",
        ),
        (
            "# nog te schrijven\n".to_string(),
            "x.test.yaml\n".to_string(),
            "fout: het testbestand bevat alleen commentaar\n",
        ),
        (
            "peildatum: 2025-06-30\nverwacht: []\n".to_string(),
            "x.test.yaml\n".to_string(),
            "fout: `dossiers:` (pad naar de voorbeelddossiers) of `inline:`",
        ),
    ] {
        let (code, out) = rules_test(&[
            own_rule(),
            ("tests/a.test.yaml", valid.clone()),
            ("tests/x.test.yaml", text.clone()),
        ]);
        assert_eq!(code, 2, "{text}: {out}");
        assert!(out.contains(message) && out.contains(&at), "{text}: {out}");
        assert!(!out.contains("syntaxisfout"), "{text}: {out}");
        // The valid file ran; the invalid one is counted apart, and coverage is not claimed.
        assert!(out.contains("ok    G-1 X-01 pass"), "{out}");
        assert!(
            out.contains("1 verwachting: 1 geslaagd, 0 mislukt.\n")
                && out.contains("1 testbestand ongeldig en niet uitgevoerd")
                && out.contains("Dekking: niet bepaald"),
            "{out}"
        );
    }
    // Alone: no "0 verwachtingen" line.
    let (code, out) = rules_test(&[own_rule(), ("tests/x.test.yaml", String::new())]);
    assert_eq!(code, 2, "{out}");
    assert!(!out.contains("0 verwachtingen"), "{out}");
}

/// An expectation for an item the dossier does not have says so, as one for a missing dossier
/// does, instead of "gekregen: status=not_applicable"; an `aggregaten` expectation for a rule
/// that is no population rule names the rule's kind at its place, instead of "aantal=0".
#[test]
fn expectations_about_what_does_not_exist_say_so() {
    let test = format!(
        "peildatum: 2025-06-30\ninline:\n{}verwacht:\n  - {{dossier: I-1, regel: X-01, item: P7, status: pass}}\n\
         aggregaten:\n  - {{regel: X-01, regio: twente, aantal: 1, gemiddeld: 2}}\n  \
         - {{regel: VT-M4, regio: twente, aantal: 1, gemiddeld: 2}}\n",
        inline_dossier("I-1", "", "2025-03-17")
    );
    let (code, out) = rules_test(&[own_rule(), ("tests/i.test.yaml", test.clone())]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "i.test.yaml:{}: item P7 bestaat niet in dossier I-1 (items van het dossier: \
             veiligheidsbeoordeling[1])",
            line_col(&test, "P7")
        )),
        "{out}"
    );
    assert!(!out.contains("gekregen: status=not_applicable"), "{out}");
    // A dossier that is not there: at its place, with the near id.
    let missing = test.replace("dossier: I-1, regel", "dossier: I-2, regel");
    let (code, out) = rules_test(&[own_rule(), ("tests/i.test.yaml", missing.clone())]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(&format!(
            "i.test.yaml:{}: dossier I-2 niet gevonden in de voorbeelddossiers (bedoelde je `I-1`?)",
            line_col(&missing, "I-2")
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "i.test.yaml:{}: regel X-01 is van soort `termijn`; `aggregaten` gelden alleen voor \
             regels van soort `populatie`",
            line_col(&test, "X-01, regio")
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "i.test.yaml:{}: onbekende regel VT-M4 (bedoelde je `VT-M04`?)",
            line_col(&test, "VT-M4")
        )),
        "{out}"
    );
    assert!(!out.contains("gekregen: aantal=0"), "{out}");
}

/// The shipped `rules/voorwaarden.yaml` with each `(from, to)` replaced once; a `from` that
/// ends in `:` with `to` empty removes that key of a lexicon (8 spaces in) with its value.
fn voorwaarden_with(edits: &[(&str, &str)]) -> String {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = std::fs::read_to_string(root.join("rules/voorwaarden.yaml")).unwrap();
    for (from, to) in edits {
        let start = text.find(from).unwrap_or_else(|| panic!("{from}"));
        let end = if from.ends_with(':') && to.is_empty() {
            let indent = from.len() - from.trim_start().len();
            text[start..]
                .match_indices('\n')
                .map(|(i, _)| start + i + 1)
                .find(|&l| {
                    let line = &text[l..];
                    let body = line.trim_start_matches(' ');
                    !body.starts_with('#') && line.len() - body.len() <= indent
                })
                .unwrap()
        } else {
            start + from.len()
        };
        text.replace_range(start..end, to);
    }
    text
}

/// A mistake in a text rule's lexicon is marked at the entry it is about, not at the lexicon's
/// first key (a lexicon is a hundred lines); `analyse:` at its value.
#[test]
fn lexicon_mistakes_are_marked_at_their_entry() {
    // (edits, the text after which the mark is, the marked text, the message)
    for (edits, after, mark, message) in [
        (
            vec![("analyse: positief", "analyse: konkreet")],
            "analyse: ",
            "konkreet",
            "fout: onbekende analyse `konkreet`",
        ),
        (
            vec![(
                "geen_ontkenning: [\"niet alleen ... maar ook\"",
                "geen_ontkenning: [\"niet alleen ... maar ook\", \"niet alleen ...\"",
            )],
            "geen_ontkenning: ",
            "\"niet alleen ...\"",
            "fout: ongeldig lexicon: geen_ontkenning: '...' moet tussen twee woorden staan in \
             'niet alleen ...'",
        ),
        (
            vec![("\"niet eerder dan\", ", "\"niet eerder dan\", \"a*b\", ")],
            "geen_ontkenning: ",
            "\"a*b\"",
            "fout: ongeldig lexicon: geen_ontkenning: een '*' mag alleen",
        ),
        (
            vec![
                ("min_flesch_douma: null", "min_flesch_douma: 40"),
                ("          leesbaarheid:", ""),
            ],
            "min_flesch_douma: ",
            "40",
            "fout: ongeldig lexicon: min_flesch_douma vraagt meldingen.leesbaarheid",
        ),
        (
            vec![("max_woorden: 25", "max_woorden: 0")],
            "max_woorden: ",
            "0",
            "fout: ongeldig lexicon: max_woorden moet groter dan 0 zijn",
        ),
        (
            vec![(
                "dubbele_ontkenning:\n            label: dubbele ontkenning",
                "dubbele_ontkenning:\n            label: \" \"",
            )],
            "dubbele_ontkenning:\n            label: ",
            "\" \"",
            "fout: ongeldig lexicon: meldingen.dubbele_ontkenning: label is leeg",
        ),
    ] {
        let text = voorwaarden_with(&edits);
        let (code, err) = list_with(&text);
        assert_eq!(code, 2, "{edits:?}: {err}");
        let from = text.find(after).unwrap();
        let at = from + text[from..].find(mark).unwrap();
        let want = format!("eigen.yaml:{}\n", line_col_at(&text, at));
        assert!(
            err.contains(message) && err.contains(&want),
            "{edits:?}: {want} {err}"
        );
    }
}

/// serde's Rust type names stay out of the messages, and a new lexicon names all its missing
/// lists at once.
#[test]
fn lexicon_shape_errors_read_in_dutch() {
    // (edits, the text after which the mark is, the marked text, the message)
    for (edits, (after, mark), message) in [
        (
            vec![(
                "max_tussenwoorden: 6\n        dubbel_venster",
                "max_tussenwoorden: 2.5\n        dubbel_venster",
            )],
            ("max_tussenwoorden: ", "2.5"),
            "fout: ongeldig lexicon: verkeerd soort waarde: getal `2.5`; verwacht: een geheel \
             getal van 0 of meer\n",
        ),
        (
            vec![("max_woorden: 25", "max_woorden: -3")],
            ("max_woorden: ", "-3"),
            "fout: ongeldig lexicon: ongeldige waarde: geheel getal `-3`; verwacht: een geheel \
             getal van 0 of meer\n",
        ),
        (
            vec![
                ("          alleen_verbod:", ""),
                ("          ontkend_gedrag:", ""),
                ("          ontkend_gedrag_kind:", ""),
                ("          dubbele_ontkenning:", ""),
                ("        meldingen:\n", "        meldingen: []\n"),
            ],
            ("        meldingen: ", "[]"),
            "fout: ongeldig lexicon: verkeerd soort waarde: lijst; verwacht: een object met de \
             sleutels `alleen_verbod`, `ontkend_gedrag`, `ontkend_gedrag_kind`, \
             `dubbele_ontkenning`\n",
        ),
        (
            vec![("        ontkenningen:", ""), ("        beschermden:", "")],
            ("analyse: positief", "max_tussenwoorden"),
            "fout: ongeldig lexicon: verplichte velden `ontkenningen` en `beschermden` \
             ontbreken\n",
        ),
    ] {
        let text = voorwaarden_with(&edits);
        let (code, err) = list_with(&text);
        assert_eq!(code, 2, "{edits:?}: {err}");
        let from = text.find(after).unwrap();
        let at = from + text[from..].find(mark).unwrap();
        let want = format!("eigen.yaml:{}\n", line_col_at(&text, at));
        assert!(err.contains(message) && err.contains(&want), "{want} {err}");
    }
}

/// `regels:` holding something else than a list says so at the key, not that it is missing.
#[test]
fn regels_of_the_wrong_kind_is_an_error_at_its_key() {
    let (code, err) = list_with("regelset: x\nversie: \"1\"\nregels:\n  a: 1\n");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("fout: `regels:` moet een lijst van regels zijn, gevonden: object\n")
            && err.contains("eigen.yaml:3:1\n"),
        "{err}"
    );
    let (code, err) = list_with("regelset: x\nversie: \"1\"\n");
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("`regels:` met een lijst van regels ontbreekt"),
        "{err}"
    );
}

/// `explain` says whether a calendar-day term rolls forward: the counting text follows
/// `doorschuiven`, not a fixed sentence.
#[test]
fn explain_says_when_a_term_rolls_forward() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("rules/termijnen.yaml"))
        .unwrap()
        .replacen(
            "aantal: 5, eenheid: dagen}",
            "aantal: 5, eenheid: dagen, doorschuiven: true}",
            1,
        );
    assert!(text.contains("doorschuiven: true"));
    std::fs::write(dir.path().join("termijnen.yaml"), text).unwrap();
    let explain = |extra: &[&std::ffi::OsStr]| {
        let out = vtcheck()
            .args(["explain", "VT-T06", "--no-config"])
            .args(extra)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let rolled = explain(&[
        "--rules".as_ref(),
        dir.path().join("termijnen.yaml").as_os_str(),
    ]);
    assert!(
        rolled.contains("schuift de termijn door naar de eerstvolgende werkdag"),
        "{rolled}"
    );
    assert!(explain(&[]).contains("geen doorschuiven over weekend of feestdag"));
}

/// An empty list where a rule names values, phrases, fields or event kinds is an error at the
/// list: as a test it would never match (or, for `doel`, quietly mean every event), a rule that
/// checks nothing while it seems to; `veld: []` was an index out of bounds.
#[test]
fn an_empty_list_in_a_rule_is_an_error_at_the_list() {
    let rule = |applies: &str, target: &str| {
        format!(
            "regelset: eigen\nversie: \"1\"\nregels:\n  - id: MB-E01\n    titel: x\n    ernst: warning\n    bron: x\n    toelichting: x\n    van_toepassing: {applies}\n    controle:\n      soort: termijn\n      start: ontvangen\n      doel: {target}\n      termijn: {{aantal: 5, eenheid: werkdagen}}\n    meldingen:\n      overtreding: \"x\"\n"
        )
    };
    for (applies, target, what, at) in [
        (
            "{veld: [], is: melding}",
            "veiligheidsbeoordeling",
            "veld",
            "9:28",
        ),
        (
            "{veld: soort, is: []}",
            "veiligheidsbeoordeling",
            "waarde",
            "9:39",
        ),
        (
            "{veld: samenvatting, frase: []}",
            "veiligheidsbeoordeling",
            "frase",
            "9:49",
        ),
        (
            "{veld: soort, is: melding}",
            "[]",
            "soort gebeurtenis",
            "13:13",
        ),
    ] {
        let (code, err) = list_with(&rule(applies, target));
        assert_eq!(code, 2, "{applies} {target}: {err}");
        assert!(
            err.contains(&format!("fout: lege lijst: geef minstens één {what}"))
                && err.contains(&format!("eigen.yaml:{at}\n")),
            "{applies} {target}: {err}"
        );
    }
    // The same rule with values is valid.
    let (code, err) = list_with(&rule(
        "{veld: soort, is: melding}",
        "veiligheidsbeoordeling",
    ));
    assert_eq!(code, 0, "{err}");
}

/// An empty `alle` or `een_van` is an error at the list like every other empty list: it held
/// always (`alle`) or never (`een_van`), whatever the dossier; so is a `consistentie` rule
/// without `controles`, which judged every dossier `voldaan`.
#[test]
fn an_empty_combinator_or_list_of_checks_is_an_error_at_the_list() {
    let rule = |applies: &str, check: &str| {
        rule_file(&format!(
            "  - id: MB-E02\n    titel: x\n    ernst: warning\n    bron: x\n    toelichting: x\n    \
             van_toepassing: {applies}\n    controle: {check}\n    meldingen:\n      overtreding: \"x\"\n"
        ))
    };
    let requirement = "{soort: vereiste, eis: {gebeurtenis: afgesloten}}";
    // The error is at the empty list (the `[]` after `at`).
    for (applies, check, what, at, help) in [
        (
            "{alle: []}",
            requirement,
            "voorwaarde",
            "alle: ",
            "`alle: []` geldt altijd",
        ),
        (
            "{niet: {een_van: []}}",
            requirement,
            "voorwaarde",
            "een_van: ",
            "`een_van: []` geldt nooit",
        ),
        (
            "{gebeurtenis: afgesloten}",
            "{soort: vereiste, eis: {alle: [{gebeurtenis: afgesloten}, {een_van: []}]}}",
            "voorwaarde",
            "een_van: ",
            "`een_van: []` geldt nooit",
        ),
        (
            "{gebeurtenis: afgesloten}",
            "{soort: consistentie, controles: []}",
            "controle",
            "controles: ",
            "een controle heeft `elk`",
        ),
    ] {
        let text = rule(applies, check);
        let (code, err) = list_with(&text);
        let at = line_col_at(&text, text.find(at).unwrap() + at.len());
        assert_eq!(code, 2, "{applies} {check}: {err}");
        assert!(
            err.contains(&format!("fout: lege lijst: geef minstens één {what}\n"))
                && err.contains(&format!("eigen.yaml:{at}\n"))
                && err.contains(help),
            "{applies} {check}: {err}"
        );
    }
    // With a condition in the list, the same rule is valid.
    let (code, err) = list_with(&rule("{alle: [{gebeurtenis: afgesloten}]}", requirement));
    assert_eq!(code, 0, "{err}");
}

/// A consistency check is an order check (`elk`) or a reference check (`items`, `veld`, `naar`);
/// a key of the other form was read by neither and silently ignored. It is an error at that
/// key, saying which form the check is; an order check with a misspelt `elk` says `elk` is
/// missing (and "bedoelde je `elk`?"), not that `items`, `veld` and `naar` are.
#[test]
fn a_key_of_the_other_form_of_consistency_check_is_an_error_at_the_key() {
    let rule = |check: &str| {
        rule_file(&format!(
            "  - id: MB-D09\n    titel: x\n    ernst: warning\n    bron: x\n    toelichting: x\n    \
             controle:\n      soort: consistentie\n      controles:\n        - {check}\n          \
             melding: \"{{item}}\"\n    meldingen:\n      overtreding: \"x\"\n"
        ))
    };
    let order = "elk: monitoring\n          niet_voor: {eerste: overdracht}";
    let reference = "items: {gebeurtenis: overdracht}\n          veld: voorwaarden\n          naar: voorwaarden";
    for (check, key, message) in [
        (
            format!("{order}\n          naar: voorwaarden"),
            "naar: voorwaarden\n          melding",
            "fout: `naar` hoort niet bij een volgordecontrole (met `elk`)",
        ),
        (
            format!("{order}\n          veld: voorwaarden"),
            "veld: voorwaarden\n          melding",
            "fout: `veld` hoort niet bij een volgordecontrole (met `elk`)",
        ),
        (
            format!("{reference}\n          ontbrekend: overtreding"),
            "ontbrekend",
            "fout: `ontbrekend` hoort niet bij een verwijzingscontrole (zonder `elk`)",
        ),
        (
            format!("{reference}\n          niet_na: peildatum"),
            "niet_na",
            "fout: `niet_na` hoort niet bij een verwijzingscontrole (zonder `elk`)",
        ),
        (
            "elke: monitoring\n          niet_voor: {eerste: overdracht}".to_string(),
            "elke",
            "fout: onbekende sleutel `elke` in een consistentiecontrole",
        ),
    ] {
        let text = rule(&check);
        let (code, err) = list_with(&text);
        let at = line_col(&text, key);
        assert_eq!(code, 2, "{check}: {err}");
        assert!(
            err.contains(&format!("{message}\n  --> eigen.yaml:{at}\n")),
            "{check}: {err}"
        );
    }
    let (_, err) = list_with(&rule("elke: monitoring\n          niet_voor: ontvangen"));
    assert!(
        err.contains("bedoelde je `elk`?")
            && err.contains("verplichte sleutel `elk` ontbreekt")
            && !err.contains("`items` ontbreekt"),
        "{err}"
    );
    let (_, err) = list_with(&rule(&format!("{order}\n          naar: voorwaarden")));
    assert!(
        err.contains("hulp: een volgordecontrole (met `elk`) heeft `niet_voor`"),
        "{err}"
    );
    // Each form with only its own keys is valid.
    for check in [order, reference] {
        let (code, err) = list_with(&rule(check));
        assert_eq!(code, 0, "{check}: {err}");
    }
}

/// Where a rule reads ids (`naar`, `dekt.items`, the judged item of `verwezen_door`), events are
/// an error at the key: they have no `id` (the lookup read their `soort`), so the rule compared
/// ids with event kinds. Outside a rule per item `verwezen_door` has no item and never held.
#[test]
fn events_where_ids_are_read_are_an_error_at_the_key() {
    let rule = |applies: &str, check: &str| {
        rule_file(&format!(
            "  - id: MB-I01\n    titel: x\n    ernst: warning\n    bron: x\n    toelichting: x\n    \
             van_toepassing: {applies}\n    controle:\n{check}    meldingen:\n      overtreding: \"x\"\n"
        ))
    };
    let always = "{gebeurtenis: overdracht}";
    let reference = |naar: &str| {
        format!(
            "      soort: consistentie\n      controles:\n        - items: voorwaarden\n          \
             veld: situatie\n          naar: {naar}\n          melding: x\n"
        )
    };
    let per_item = |items: &str, eis: &str| {
        format!("      soort: per_item\n      items: {items}\n      eis: {eis}\n")
    };
    let covers = |items: &str| {
        per_item(
            "monitoring_afgerond",
            &format!(
                "{{laatste_ervoor: monitoring, eis: {{veld: beoordeling, dekt: {{items: {items}, waarde: nageleefd}}}}}}"
            ),
        )
    };
    let referenced = "{verwezen_door: {items: overdracht, veld: voorwaarden}}";
    for (applies, check, key, message) in [
        (
            always,
            reference("{gebeurtenis: overdracht}"),
            "naar:",
            "fout: `naar` noemt gebeurtenissen, en een gebeurtenis heeft geen `id`",
        ),
        (
            always,
            reference("gebeurtenissen"),
            "naar:",
            "fout: `naar` noemt gebeurtenissen, en een gebeurtenis heeft geen `id`",
        ),
        (
            always,
            covers("overdracht"),
            "items: overdracht",
            "fout: `dekt.items` noemt gebeurtenissen, en een gebeurtenis heeft geen `id`",
        ),
        (
            always,
            per_item("overdracht", referenced),
            "verwezen_door",
            "fout: `verwezen_door` zoekt het `id` van het beoordeelde item, en een gebeurtenis heeft geen `id`",
        ),
        (
            referenced,
            per_item("voorwaarden", "{veld: tekst, gevuld: true}"),
            "verwezen_door",
            "fout: `verwezen_door` zoekt het `id` van het beoordeelde item, en hier wordt geen item beoordeeld",
        ),
    ] {
        let text = rule(applies, &check);
        let (code, err) = list_with(&text);
        let at = line_col(&text, key);
        assert_eq!(code, 2, "{check}: {err}");
        assert!(
            err.contains(&format!("{message}\n  --> eigen.yaml:{at}\n"))
                && err.contains("`voorwaarden`, `situaties` of `betrokkenen`"),
            "{check}: {err}"
        );
    }
    // The dossier's lists have ids: the same rules with one are valid.
    for (applies, check) in [
        (always, reference("situaties")),
        (always, covers("voorwaarden")),
        (always, per_item("voorwaarden", referenced)),
    ] {
        let (code, err) = list_with(&rule(applies, &check));
        assert_eq!(code, 0, "{check}: {err}");
    }
}

/// `vtcheck ARGS` in `dir`, without a vtcheck.toml: (exit code, standard output, standard error).
fn run_in(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = vtcheck()
        .current_dir(dir)
        .args(args)
        .arg("--no-config")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const TERMIJNEN: &str = include_str!("../rules/termijnen.yaml");

/// The shipped termijnen.yaml with VT-T01 at 3 werkdagen, as a quality officer changes it: the
/// term and the title that names it (a title left at 5 gets a warning).
fn stricter_termijnen() -> String {
    let s = TERMIJNEN
        .replacen(
            "termijn: {aantal: 5, eenheid: werkdagen}",
            "termijn: {aantal: 3, eenheid: werkdagen}",
            1,
        )
        .replacen(
            "titel: Veiligheidsbeoordeling binnen 5 werkdagen",
            "titel: Veiligheidsbeoordeling binnen 3 werkdagen",
            1,
        );
    assert!(s.contains("binnen 3 werkdagen") && s.contains("aantal: 3, eenheid: werkdagen"));
    s
}

/// A user file named like an embedded one replaces it whole (documented), so the rules it leaves
/// out disappear: one warning names them and both files, on standard error for every command
/// that loads the rules, and the exit code is what it would be without it.
#[test]
fn a_file_replacing_an_embedded_one_names_the_rules_it_drops() {
    let dir = tempfile::tempdir().unwrap();
    let only_t01 = format!(
        "regelset: handelingsprotocol-2019\nversie: \"1\"\nregels:\n{}",
        t01("VT-T01", "", "te laat")
    );
    std::fs::write(dir.path().join("termijnen.yaml"), only_t01).unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        melding("A-1", "2025-03-07", "2025-03-10"),
    )
    .unwrap();
    let warning = "waarschuwing: VT-T02 t/m VT-T08 niet geladen: het ingebouwde \
                   rules/termijnen.yaml is vervangen door termijnen.yaml\n  --> termijnen.yaml\n";
    for args in [
        &["rules", "list", "--rules", "termijnen.yaml"][..],
        &["rules", "docs", "--rules", "termijnen.yaml"],
        &["explain", "VT-T01", "--rules", "termijnen.yaml"],
    ] {
        let (code, out, err) = run_in(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert_eq!(err.matches(warning).count(), 1, "{args:?}: {err}");
        assert!(!out.contains("VT-T02"), "{args:?}: {out}");
    }
    let (code, out, err) = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "termijnen.yaml",
            "--as-of",
            "2025-06-30",
            "d.yaml",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(err.matches(warning).count(), 1, "{err}");
    // The report does not pass the user's rules off as the shipped catalogue.
    assert!(
        out.contains(
            "regels: handelingsprotocol-2019 versie 1 (ingebouwde regels gewijzigd door \
             termijnen.yaml)."
        ),
        "{out}"
    );
    // Only on standard error, as the other warnings about rule and calendar files: the
    // report's `warnings` are about the inputs.
    let (_, out, err) = run_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "termijnen.yaml",
            "--format",
            "json",
            "d.yaml",
        ],
    );
    assert!(err.contains(warning), "{err}");
    let j: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(j["warnings"], serde_json::json!([]));
}

/// Two user files with one rule id: the later wins silently by load order, so a warning names
/// both files at the winning definition, once per id.
#[test]
fn one_rule_id_in_two_user_files_is_a_warning_at_the_winner() {
    let dir = tempfile::tempdir().unwrap();
    let eigen = dir.path().join("eigen");
    std::fs::create_dir(&eigen).unwrap();
    std::fs::write(
        eigen.join("a.yaml"),
        rule_file(&(t01("MB-K01", "", "a") + &t01("MB-K02", "", "a"))),
    )
    .unwrap();
    std::fs::write(eigen.join("b.yaml"), rule_file(&t01("MB-K01", "", "b"))).unwrap();
    let (code, out, err) = run_in(dir.path(), &["rules", "list", "--rules", "eigen"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("MB-K01"), "{out}");
    assert_eq!(err.matches("waarschuwing:").count(), 1, "{err}");
    assert!(
        err.contains(
            "waarschuwing: MB-K01 uit eigen/a.yaml:4:5 vervangen door eigen/b.yaml:4:5\n  \
             --> eigen/b.yaml:4:5\n"
        ),
        "{err}"
    );
    // The same id in a file of its own, given after the directory.
    std::fs::write(
        dir.path().join("c.yaml"),
        rule_file(&t01("MB-K02", "", "c")),
    )
    .unwrap();
    let (code, _, err) = run_in(
        dir.path(),
        &["rules", "list", "--rules", "eigen", "--rules", "c.yaml"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("waarschuwing: MB-K02 uit eigen/a.yaml:17:5 vervangen door c.yaml:4:5"),
        "{err}"
    );
}

/// Two user files redefine an embedded rule: the header names the file whose definition applies
/// (the one loaded last), not the one it replaced, in either order; a replaced file that also
/// changes another embedded rule in force is still named.
#[test]
fn the_header_names_the_user_file_whose_embedded_override_applies() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("a.yaml"), rule_file(&t01("VT-T01", "", "a"))).unwrap();
    std::fs::write(p.join("b.yaml"), rule_file(&t01("VT-T01", "", "b"))).unwrap();
    std::fs::write(
        p.join("c.yaml"),
        rule_file(&(t01("VT-T01", "", "c") + &t01("VT-T02", "", "c"))),
    )
    .unwrap();
    std::fs::write(p.join("d.yaml"), melding("A-1", "2025-03-07", "2025-03-10")).unwrap();
    let shipped = "regels: handelingsprotocol-2019 versie 1, eigen versie 1";
    for (first, last, named) in [
        ("a.yaml", "b.yaml", "b.yaml"),
        ("b.yaml", "a.yaml", "a.yaml"),
        ("c.yaml", "a.yaml", "c.yaml, a.yaml"),
    ] {
        let header = format!("{shipped} (ingebouwde regels gewijzigd door {named}).");
        let (_, out, err) = run_in(p, &["check", "--rules", first, "--rules", last, "d.yaml"]);
        assert!(out.contains(&header), "{first} {last}: {out}{err}");
        let (_, out, err) = run_in(p, &["compare", "--rules", first, "--rules", last, "d.yaml"]);
        assert!(
            out.contains(&header.replace("regels: ", "; regels: ")),
            "{first} {last}: {out}{err}"
        );
    }
}

/// No warning when nothing is lost: a user file with new ids only, a replacement of an embedded
/// file that keeps all its ids (the documented way to change a term), an unchanged copy of the
/// embedded files, a regional override of an embedded rule, or two versions of one id for
/// periods that do not overlap.
#[test]
fn adding_rules_or_replacing_all_of_a_file_warns_of_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    std::fs::write(p.join("nieuw.yaml"), rule_file(&t01("MB-K01", "", "x"))).unwrap();
    std::fs::create_dir(p.join("strenger")).unwrap();
    let stricter = stricter_termijnen();
    std::fs::write(p.join("strenger/termijnen.yaml"), stricter).unwrap();
    std::fs::create_dir(p.join("kopie")).unwrap();
    std::fs::write(p.join("kopie/termijnen.yaml"), TERMIJNEN).unwrap();
    std::fs::write(p.join("regio.yaml"), rule_file(&t01("VT-T01", "", "x"))).unwrap();
    std::fs::create_dir(p.join("perioden")).unwrap();
    std::fs::write(
        p.join("perioden/a.yaml"),
        rule_file(&t01("MB-K01", "    geldig_tot: 2018-12-31\n", "x")),
    )
    .unwrap();
    std::fs::write(
        p.join("perioden/b.yaml"),
        rule_file(&t01("MB-K01", "    geldig_vanaf: 2019-01-01\n", "x")),
    )
    .unwrap();
    std::fs::write(p.join("d.yaml"), melding("A-1", "2025-03-07", "2025-03-10")).unwrap();
    let shipped = "regels: handelingsprotocol-2019 versie 1";
    for (rules, header) in [
        ("nieuw.yaml", format!("{shipped}, eigen versie 1.")),
        (
            "strenger",
            format!("{shipped} (ingebouwde regels gewijzigd door strenger/termijnen.yaml)."),
        ),
        ("kopie", format!("{shipped}.")),
        (
            "regio.yaml",
            format!("{shipped}, eigen versie 1 (ingebouwde regels gewijzigd door regio.yaml)."),
        ),
        ("perioden", format!("{shipped}, eigen versie 1.")),
    ] {
        let (code, _, err) = run_in(p, &["rules", "list", "--rules", rules]);
        assert_eq!((code, err.as_str()), (0, ""), "{rules}");
        let (_, out, err) = run_in(p, &["check", "--rules", rules, "d.yaml"]);
        assert_eq!(err, "", "{rules}");
        assert!(out.contains(&header), "{rules}: {out}");
        // The regional comparison's header names them the same way.
        let (_, out, err) = run_in(p, &["compare", "--rules", rules, "d.yaml"]);
        assert_eq!(err, "", "{rules}");
        assert!(
            out.contains(&header.replace("regels: ", "; regels: ")),
            "{rules}: {out}"
        );
    }
}

/// Only an embedded file is replaced by name: a user file whose path is `rules/termijnen.yaml`
/// (a regional `rules/` directory) stays when a second user `termijnen.yaml` follows.
#[test]
fn a_user_file_is_never_replaced_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    for d in ["rules", "x"] {
        std::fs::create_dir(p.join(d)).unwrap();
    }
    let stricter = stricter_termijnen();
    std::fs::write(p.join("rules/termijnen.yaml"), stricter).unwrap();
    std::fs::write(
        p.join("x/termijnen.yaml"),
        rule_file(&t01("MB-K09", "", "x")),
    )
    .unwrap();
    let (code, out, err) = run_in(
        p,
        &[
            "rules",
            "list",
            "--rules",
            "rules/termijnen.yaml",
            "--rules",
            "x/termijnen.yaml",
        ],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.contains("VT-T02") && out.contains("MB-K09"), "{out}");
}

/// A tab that begins a line after a plain value (`  id: MB-K01` then `<tab>titel: ...`) is
/// reported by the YAML parser at that value, a line early, as a tab "in a text without quotes":
/// every YAML file vtcheck reads names the tab's own line and column, with the help.
#[test]
fn a_tab_in_indentation_is_reported_at_the_tab_in_every_yaml_file() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    let write = |name: &str, text: &str| {
        if let Some(parent) = std::path::Path::new(name).parent() {
            std::fs::create_dir_all(p.join(parent)).unwrap();
        }
        std::fs::write(p.join(name), text).unwrap();
    };
    // The tab after two spaces, and a blank line holding a tab before it.
    let rule =
        rule_file(&t01("MB-K01", "", "x")).replacen("    bron: b\n", "\n \t\n  \t  bron: b\n", 1);
    write("regels/eigen.yaml", &rule);
    write(
        "kal/kalender.yaml",
        "naam: x\nfeestdagen:\n  - naam: Nieuwjaarsdag\n\t  datum: \"01-01\"\n",
    );
    write("reg/regios.yaml", "regios:\n  - code: a\n\t  naam: A\n");
    write(
        "w.yaml",
        "- dossier: A-1\n  regel: VT-T01\n  # commentaar\n\t  reden: x\n",
    );
    write(
        "d.yaml",
        "formaat: vtdossier/1\nid: A-1\nregio: twente\nsoort: melding\nontvangen: 2025-03-07\n\
         melder:\n  bekend: true\n\t  rol: melder\n",
    );
    write("t/eigen.yaml", &rule_file(&t01("MB-K01", "", "x")));
    write(
        "t/tests/a.test.yaml",
        "peildatum: 2025-06-30\nverwacht:\n  - dossier: A-1\n\t  regel: VT-T01\n",
    );
    let help = "hulp: gebruik spaties, geen tabs";
    for (args, at) in [
        (
            &["rules", "list", "--rules", "regels"][..],
            "regels/eigen.yaml:9:3",
        ),
        (
            &["rules", "list", "--rules", "kal"],
            "kal/kalender.yaml:4:1",
        ),
        (&["rules", "list", "--rules", "reg"], "reg/regios.yaml:3:1"),
        (&["check", "--waivers", "w.yaml", "d.yaml"], "w.yaml:4:1"),
        (&["check", "d.yaml"], "d.yaml:8:1"),
        (&["rules", "test", "t"], "t/tests/a.test.yaml:4:1"),
    ] {
        let (code, out, err) = run_in(p, args);
        let all = format!("{out}{err}");
        assert_eq!(code, 2, "{args:?}: {all}");
        assert!(all.contains("tab in de inspringing"), "{args:?}: {all}");
        assert!(all.contains(&format!("--> {at}\n")), "{args:?}: {all}");
        assert!(all.contains(help), "{args:?}: {all}");
    }
}

/// A version written as a decimal number is reported as written (rev38 F1): YAML reads
/// `versie: 2025.10` as the number 2025.1, and a baseline keyed on "2025.1" would take the
/// October rules for the January ones.
#[test]
fn a_decimal_version_is_reported_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("eigen.yaml");
    let dossier = dir.path().join("d.yaml");
    std::fs::write(&dossier, melding("V-1", "2025-03-07", "2025-03-10")).unwrap();
    let rule_file_with = |versie: &str| {
        rule_file(&t01("X-1", "", "te laat")).replace("versie: \"1\"", &format!("versie: {versie}"))
    };
    let mut cases: Vec<(String, &str)> = [
        ("2025.10", "2025.10"),
        ("2.0 # oktober", "2.0"),
        ("1e3", "1e3"),
        ("\"2025.10\"", "2025.10"),
        ("7", "7"),
    ]
    .into_iter()
    .map(|(written, reported)| (rule_file_with(written), reported))
    .collect();
    // With a byte order mark and `versie` on line 1, and with lines ended by a lone CR (rev40).
    cases.push((
        format!(
            "\u{feff}versie: 2025.10\nregelset: eigen\nregels:\n{}",
            t01("X-1", "", "te laat")
        ),
        "2025.10",
    ));
    cases.push((rule_file_with("2025.10").replace('\n', "\r"), "2025.10"));
    for (text, reported) in cases {
        std::fs::write(&rules, &text).unwrap();
        let j = report_with("2025-06-30", &rules, &[&dossier]);
        let eigen = j["rulesets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == "eigen")
            .unwrap_or_else(|| panic!("{text:?}: {}", j["rulesets"]));
        assert_eq!(eigen["version"], reported, "{text:?}");
    }
}

/// A rule file's `bronnoot` is data, not code: `explain` shows it under the source of each rule
/// of that file (and of no other), and `rules docs` once above the table.
#[test]
fn a_bronnoot_is_shown_under_each_rule_of_its_file_and_once_in_the_docs() {
    let dir = tempfile::tempdir().unwrap();
    let note = "Bron X is niet nagekeken.";
    let with = format!(
        "regelset: eigen\nversie: \"1\"\nbronnoot: >\n  {note}\nregels:\n{}{}",
        t01("X-01", "", "te laat"),
        t01("X-02", "", "te laat")
    );
    std::fs::write(dir.path().join("met.yaml"), with).unwrap();
    std::fs::write(
        dir.path().join("zonder.yaml"),
        rule_file(&t01("X-03", "", "te laat")),
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = vtcheck()
            .current_dir(dir.path())
            .args(args)
            .args([
                "--no-config",
                "--rules",
                "met.yaml",
                "--rules",
                "zonder.yaml",
            ])
            .output()
            .unwrap();
        success_stdout(&out)
    };
    let x01 = run(&["explain", "X-01"]);
    assert!(x01.contains(&format!("\nBron\n  b\n  {note}\n")), "{x01}");
    let x03 = run(&["explain", "X-03"]);
    assert!(x03.contains("\nBron\n  b\n\nTelling"), "{x03}");
    assert!(!x03.contains(note), "{x03}");
    // The embedded catalogue says its own note (rules/*.yaml), once in the generated docs.
    let docs = run(&["rules", "docs"]);
    assert_eq!(docs.matches(note).count(), 1, "{docs}");
    assert_eq!(
        docs.matches("niet nagekeken in de pdf van het protocol")
            .count(),
        1,
        "{docs}"
    );
    assert!(
        docs.find(note) < docs.find("| id | ernst |"),
        "the notes stand above the table: {docs}"
    );
}

/// A `bronnoot` that is no text is an error at its value, and a misspelt one names the key.
#[test]
fn a_bronnoot_that_is_no_text_is_an_error_at_its_value() {
    let (code, err) = list_with(&format!(
        "regelset: eigen\nversie: \"1\"\nbronnoot: [a, b]\nregels:\n{}",
        t01("X-01", "", "te laat")
    ));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("eigen.yaml:3:11"), "{err}");
    assert!(err.contains("`bronnoot` moet tekst zijn"), "{err}");
    let (code, err) = list_with(&format!(
        "regelset: eigen\nversie: \"1\"\nbronoot: a\nregels:\n{}",
        t01("X-01", "", "te laat")
    ));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bedoelde je `bronnoot`?"), "{err}");
}

/// A term changed under `termijn` alone leaves the old one in the title, which every listing,
/// report heading and the regional comparison show above the new figures: a warning at the
/// title. A title that names the rule's own term, or its extension's, is left alone.
#[test]
fn a_title_naming_another_term_than_the_rule_has_is_a_warning() {
    let with_title =
        |title: &str| rule_file(&t01("X-01", "", "te laat").replace("titel: Triage", title));
    let (code, err) = list_with(&with_title("titel: Triage binnen 5 werkdagen"));
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("eigen.yaml:5:12"), "{err}");
    assert!(
        err.contains("de titel noemt 5 werkdagen, de termijn van de regel is 10 werkdagen"),
        "{err}"
    );
    assert!(
        err.contains("past ook `titel`, `toelichting` en `voorbeeld` aan"),
        "{err}"
    );
    for (stale, named) in [
        ("titel: Triage binnen 5 Werkdagen.", "5 werkdagen"),
        ("titel: Triage binnen 5werkdagen", "5 werkdagen"),
        // No overflow turning weeks into days.
        ("titel: Triage binnen 4294967295 weken", "4294967295 weken"),
    ] {
        let (code, err) = list_with(&with_title(stale));
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains(&format!("de titel noemt {named}")),
            "{stale}: {err}"
        );
    }
    for fine in [
        "titel: Triage binnen 10 werkdagen",
        "titel: Triage (10 werkdagen, 2 bezoeken)",
        "titel: Triage binnen 10 werkdagen na 1 melding",
        "titel: Triage binnen 10 Werkdagen.",
    ] {
        let (code, err) = list_with(&with_title(fine));
        assert_eq!((code, err.as_str()), (0, ""), "{fine}");
    }
    // The shipped catalogue's titles agree with its terms.
    let (code, err) = list_in("", &["--no-config"]);
    assert_eq!((code, err.as_str()), (0, ""));
}

/// A population norm in working days cannot be compared with durations in months: an error at
/// its unit, where it used to drop out of the comparison without a word.
#[test]
fn a_population_norm_in_werkdagen_is_an_error_at_its_unit() {
    let rule = "  - id: X-M01\n    titel: Duur\n    ernst: info\n    bron: b\n    toelichting: t\n    \
                controle:\n      soort: populatie\n      van: {eerste: overdracht}\n      \
                tot: {eerste: monitoring_afgerond}\n      norm: {aantal: 12, eenheid: werkdagen}\n";
    let (code, err) = list_with(&rule_file(rule));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("eigen.yaml:13:35"), "{err}");
    assert!(
        err.contains("een populatienorm in werkdagen kan niet naar maanden worden omgerekend"),
        "{err}"
    );
    let (code, err) = list_with(&rule_file(&rule.replace("werkdagen", "weken")));
    assert_eq!((code, err.as_str()), (0, ""));
}

/// `rules test` masks BSN-like numbers as every report does: a test dossier may be a copy of a
/// real one, and its id and item ids appear in labels, diffs, the list of its items and the
/// error about a repeated id (they were printed in the clear).
#[test]
fn rules_test_masks_bsn_like_ids() {
    let test = format!(
        "peildatum: 2025-06-30\ninline:\n{}{}verwacht:\n  - {{dossier: \"123456782\", regel: VT-T01, status: pass}}\n  \
         - {{dossier: \"111222333\", regel: VT-T01, item: \"400.000.015\", status: pass}}\n",
        inline_dossier("\"123456782\"", "", "2025-03-10"),
        inline_dossier("\"111222333\"", "", "2025-03-10")
            + &inline_dossier("\"111222333\"", "", "2025-03-11")
    );
    let (code, out) = rules_test(&[own_rule(), ("tests/s.test.yaml", test)]);
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("FOUT  ********* VT-T01"), "{out}");
    assert!(
        out.contains("dossiernummer ********* komt meer dan één keer voor"),
        "{out}"
    );
    for bsn in ["123456782", "111222333", "400.000.015"] {
        assert!(!out.contains(bsn), "{bsn}: {out}");
    }
}

/// A rule test may name an item whose id vtcheck does not show (a name) as the dossier writes
/// it: findings carry the placeholder, and the test matches either, as waivers do.
#[test]
fn a_rule_test_names_a_hidden_item_as_written() {
    let extra = "    situaties: [{id: S1, omschrijving: x, prioriteit: 1}]\n    voorwaarden:\n      \
                 - {id: Jansen, situatie: S1, tekst: \"Vader mag niet meer schreeuwen.\"}\n";
    let test = format!(
        "peildatum: 2025-06-30\ninline:\n{}verwacht:\n  - {{dossier: H-1, regel: VT-V05, item: Jansen, status: violation}}\n",
        inline_dossier("H-1", extra, "2025-03-10")
    );
    // The exit code also reflects the rules this small set leaves without a test.
    let (_, out) = rules_test(&[own_rule(), ("tests/s.test.yaml", test)]);
    assert!(out.contains("ok    H-1 VT-V05 Jansen violation"), "{out}");
    assert!(!out.contains("bestaat niet"), "{out}");
}

/// rev50 F1: a dossier id that looks like text (a name) is not repeated by `rules test`, neither
/// in the error about a repeated id nor as a "bedoelde je" hint, as `check` shows none.
#[test]
fn rule_tests_do_not_repeat_ids_that_look_like_text() {
    let name = "PietJansen1980";
    let test = format!(
        "peildatum: 2025-06-30\ndossiers: d.yaml\ninline:\n{}verwacht:\n  - {{dossier: PietJansen1981, regel: VT-T01, status: pass}}\n",
        inline_dossier(name, "", "2025-03-20")
    );
    let (code, out) = rules_test(&[
        own_rule(),
        ("tests/d.yaml", melding(name, "2025-03-07", "2025-03-14")),
        ("tests/naam.test.yaml", test),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("dossiernummer (niet getoond: lijkt tekst, #"),
        "{out}"
    );
    assert!(
        out.contains("niet gevonden in de voorbeelddossiers"),
        "{out}"
    );
    // The test's own label (what its author typed) is shown; the dossier file's id is not.
    assert!(!out.contains(name), "{out}");
}

/// rev54 F6: a slip of `ontvangen` as a start, and of a Dutch severity, get their "bedoelde je".
#[test]
fn slips_of_ontvangen_and_of_dutch_severities_are_suggested() {
    let text = rule_file(&t01("X-01", "", "te laat"))
        .replacen("ernst: error", "ernst: waarschuwng", 1)
        .replacen("start: ontvangen", "start: ontvagen", 1);
    assert!(text.contains("start: ontvagen"), "{text}");
    let (code, err) = list_with(&text);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bedoelde je `waarschuwing`?"), "{err}");
    assert!(err.contains("onbekende start `ontvagen`"), "{err}");
    assert!(err.contains("bedoelde je `ontvangen`?"), "{err}");
}
