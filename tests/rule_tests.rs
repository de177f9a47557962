//! The shipped rule tests (`rules/tests/*.test.yaml`) pass and cover every rule. The expected
//! verdicts were computed by hand from the spec's counting conventions, by someone other than the
//! engine's author, on the dossiers in `fixtures/regels/`.

use std::path::PathBuf;

use vtcheck::rules::{self, testing};

#[test]
fn shipped_rule_tests_pass_and_cover_every_rule() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let set = rules::embedded().expect("rules compile");
    let files = testing::find_tests(&root.join("rules/tests"));
    assert!(!files.is_empty(), "rule tests present");
    let report = testing::run(&set, &files);
    let text = report.render();
    assert!(report.errors.is_empty(), "{text}");
    // A warning about an example dossier (a misspelt field) fails `rules test`: none here.
    assert!(report.warnings.is_empty(), "{text}");
    assert_eq!(report.failed(), 0, "{text}");
    assert!(report.untested.is_empty(), "{text}");
    assert!(report.cases.len() >= 100, "{text}");
}
