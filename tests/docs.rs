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
