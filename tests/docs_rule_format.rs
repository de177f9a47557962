//! `docs/regelbestanden.md` is the reference of the rule-file format. It must not drift from what
//! vtcheck reads: every key and value of the rule-file schema (`vtcheck schema rules`, generated
//! from the compiler's own tables) is named in it (a lexicon key in `docs/tekstregels.md`), and every rule it shows as an example compiles.
//! README's example rule test passes as written.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;
mod common;
use common::vtcheck_in;

const DOC: &str = "docs/regelbestanden.md";

fn doc() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DOC)).expect(DOC)
}

/// Every property name (`properties` keys) and every text value of an `enum` or `const` in the
/// schema: the keys a rule file may use and the names it may give them (kinds, units, events).
fn schema_words(v: &Value, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("properties", Value::Object(props)) => out.extend(props.keys().cloned()),
                    ("enum", Value::Array(values)) => {
                        out.extend(values.iter().filter_map(|s| s.as_str().map(String::from)))
                    }
                    ("const", Value::String(s)) => {
                        out.insert(s.clone());
                    }
                    _ => {}
                }
                schema_words(x, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| schema_words(x, out)),
        _ => {}
    }
}

#[test]
fn every_key_and_value_of_the_rules_schema_is_documented() {
    let mut words = BTreeSet::new();
    schema_words(&vtcheck::schema_out::rules(), &mut words);
    // The walk must reach the nested blocks, not only the top level.
    for known in [
        "regelset",
        "doorschuiven",
        "niet_voor",
        "laatste_ervoor",
        "werkdag",
    ] {
        assert!(words.contains(known), "schema walk missed `{known}`");
    }
    // A text rule's lexicon keys are described with the analysers, in docs/tekstregels.md, to
    // which the rule-file reference points.
    let doc = doc()
        + &std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/tekstregels.md"),
        )
        .expect("docs/tekstregels.md");
    let missing: Vec<&String> = words
        .iter()
        .filter(|w| !doc.contains(&format!("`{w}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "{DOC} does not name these keys or values of `vtcheck schema rules` (write each as `naam`, \
         in backticks, where it is described):\n  {}",
        missing
            .iter()
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join("\n  ")
    );
}

/// A fenced YAML block of the document: its first line's number (1-based) and its text,
/// de-indented by the fence's own indentation.
fn yaml_blocks(doc: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, usize, String)> = None;
    for (i, line) in doc.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match &mut open {
            None if trimmed == "```yaml" => open = Some((i + 2, indent, String::new())),
            Some(_) if trimmed == "```" => {
                let (start, _, text) = open.take().unwrap_or_default();
                out.push((start, text));
            }
            Some((_, fence, text)) => {
                text.push_str(line.get(*fence..).unwrap_or(line.trim_start()));
                text.push('\n');
            }
            None => {}
        }
    }
    out
}

/// The examples that are whole rules (`- id: ...`) or whole rule files (`regelset: ...`) load
/// without any diagnostic; fragments (a single `eis:`) are not checked here.
#[test]
fn every_example_rule_in_the_reference_compiles() {
    let doc = doc();
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for (n, (line, text)) in yaml_blocks(&doc).into_iter().enumerate() {
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .unwrap_or("");
        // A rule is put in a file of its own; the header's three lines shift its line numbers.
        let (file_text, shift) = if first.starts_with("- id:") {
            let body: String = text.lines().map(|l| format!("  {l}\n")).collect();
            (format!("regelset: doc\nversie: \"1\"\nregels:\n{body}"), 3)
        } else if first.starts_with("regelset:") {
            (text.clone(), 0)
        } else {
            continue;
        };
        checked += 1;
        let file = dir.path().join(format!("voorbeeld{n}.yaml"));
        std::fs::write(&file, &file_text).unwrap();
        let mut diags = Vec::new();
        let set = vtcheck::rules::load_all(&[&file], None, &Default::default(), &mut diags);
        for d in &diags {
            let at = (d.pos.line as usize).saturating_sub(shift + 1) + line;
            failures.push(format!("{DOC}:{at}: {}", d.message));
        }
        if set.is_none() && diags.is_empty() {
            failures.push(format!("{DOC}:{line}: the example does not load"));
        }
    }
    assert!(
        failures.is_empty(),
        "examples in {DOC} that vtcheck refuses:\n  {}",
        failures.join("\n  ")
    );
    // Guards the block detection itself: the reference shows a rule of every kind.
    assert!(checked >= 10, "only {checked} example rules found in {DOC}");
}

/// README's example rule test runs as written (review 31: it expected a dossier that neither
/// its `dossiers:` file nor its `inline:` list has). It is saved where README puts it, in
/// `rules/tests/` of a copy of the checkout's rules, beside the fixtures its path names.
#[test]
fn the_readme_rule_test_example_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let blocks: Vec<(usize, String)> = yaml_blocks(&readme)
        .into_iter()
        .filter(|(_, t)| t.starts_with("peildatum:") && t.contains("\nverwacht:"))
        .collect();
    assert_eq!(blocks.len(), 1, "README's rule test example: {blocks:?}");
    let (line, text) = &blocks[0];
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(rules.join("tests")).unwrap();
    for e in std::fs::read_dir(root.join("rules")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            std::fs::copy(&p, rules.join(p.file_name().unwrap())).unwrap();
        }
    }
    std::fs::create_dir_all(dir.path().join("fixtures")).unwrap();
    let fixtures = dir.path().join("fixtures/regels");
    std::fs::create_dir_all(&fixtures).unwrap();
    for e in std::fs::read_dir(root.join("fixtures/regels")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, fixtures.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(rules.join("tests/voorbeeld.test.yaml"), text).unwrap();
    let out = vtcheck_in(dir.path())
        .args(["rules", "test", "rules"])
        .output()
        .unwrap();
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.status.code(), Some(0), "README.md:{line}:\n{shown}");
    let expectations = text.matches("- {dossier:").count();
    assert!(expectations >= 2, "{text}");
    assert!(
        shown.contains(&format!(
            "{expectations} verwachtingen: {expectations} geslaagd, 0 mislukt."
        )),
        "README.md:{line}:\n{shown}"
    );
}
