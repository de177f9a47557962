//! `docs/rules.md` is generated from the rule files; it must not go stale.

use vtcheck::rules;

#[test]
fn committed_rule_docs_match_the_rule_files() {
    let set = rules::embedded().expect("rules");
    let generated = vtcheck::cli::explain::docs(&set);
    let committed = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md"))
        .expect("docs/rules.md");
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -- rules docs -o docs/rules.md`"
    );
    assert_eq!(committed.matches("\n## VT-").count(), set.rules.len());
}

/// The tuning guide names the files it means by their path in the repository, and they exist:
/// it sent readers to a `vt-v04.yaml`, which is no rule file (the text rules are in
/// rules/voorwaarden.yaml).
#[test]
fn yaml_files_named_in_the_tuning_guide_exist() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/tekstregels.md")).expect("doc");
    let mut named = 0;
    for word in text.split(|c: char| c.is_whitespace() || "`()[],:;\"'*".contains(c)) {
        let word = word.trim_end_matches('.');
        if !word.ends_with(".yaml") {
            continue;
        }
        named += 1;
        assert!(
            root.join(word).is_file(),
            "docs/tekstregels.md names {word}, which is no file of the repository"
        );
    }
    assert!(named >= 1);
}
