//! The text rules (VT-V04..V06), with the lexicons of the shipped rule files, on the labelled
//! corpus `fixtures/voorwaarden/corpus.yaml`: precision ≥ 0.95 and recall ≥ 0.90 per rule.

use vtcheck::rules::{self, testing};

#[test]
fn text_rules_meet_precision_and_recall_on_the_labelled_corpus() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/voorwaarden/corpus.yaml"
    );
    let text = std::fs::read_to_string(path).expect("corpus");
    let entries: Vec<testing::CorpusEntry> = serde_saphyr::from_str(&text).expect("corpus parses");
    assert!(entries.len() >= 200);
    let set = rules::embedded().expect("rules");
    let scores = testing::eval_corpus(&set, &entries);
    let table = testing::render_scores(&scores);
    println!("{table}");
    assert_eq!(scores.len(), 3, "{table}");
    for s in &scores {
        let wrong: Vec<String> = s
            .wrong
            .iter()
            .filter_map(|id| entries.iter().find(|e| &e.id == id))
            .map(|e| format!("  {} {:?}: {}", e.id, e.verwacht.get(&s.rule), e.tekst))
            .collect();
        assert!(
            s.precision() >= 0.95 && s.recall() >= 0.90,
            "{}: precision {:.3}, recall {:.3}\n{table}\nwrong:\n{}",
            s.rule,
            s.precision(),
            s.recall(),
            wrong.join("\n")
        );
    }
}
