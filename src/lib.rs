//! vtcheck: checks exported Veilig Thuis case dossiers against the Handelingsprotocol 2019.
//!
//! The stages, in the order data flows through them:
//! [`dossier`] (read and validate) → [`rules`] (rule files → compiled rules, using [`calendar`]
//! and [`text`]) → [`engine`] (evaluate → outcomes) → [`report`] (one module per format).
//! [`cli`] is the thin command-line layer on top.
//!
//! # Embedding
//!
//! A registration system can check a dossier the moment it is saved, without the command line:
//! load the rule set once, make an [`engine::Engine`] for an as-of date, and check dossiers one
//! at a time. Checking is a pure function of the dossier, the rules and the date: no files are
//! written, nothing is printed and nothing goes over the network.
//!
//! ```
//! use std::sync::Arc;
//! use chrono::NaiveDate;
//! use vtcheck::dossier::source::dossier_from_json;
//! use vtcheck::engine::Engine;
//!
//! // The embedded catalogue (the Handelingsprotocol 2019 with the Atw holidays). For a region's
//! // own rules directory (with its `kalender.yaml` and `regios.yaml`), use `rules::load_all`,
//! // as the CLI does.
//! let rules = vtcheck::rules::embedded().expect("the embedded rules are valid");
//! let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
//! // Making an engine compiles the text rules' phrase automaton: keep it, and set `as_of`
//! // anew for another day.
//! let engine = Engine::new(&rules, as_of);
//!
//! // One dossier in the export format (`vtdossier/1`), here as a line of JSON Lines. A melding
//! // received on Monday 3 March 2025 without a veiligheidsbeoordeling.
//! let json = r#"{"formaat":"vtdossier/1","id":"MB-2025-00001","regio":"utrecht",
//!     "soort":"melding","ontvangen":"2025-03-03","melder":{"hoedanigheid":"professional",
//!     "rol":"melder","bekend":true,"anoniem_naar_betrokkenen":false},"gebeurtenissen":[]}"#;
//! let file: Arc<str> = "registratie".into();
//! // Read with the rule set's region table (a region's own `regios.yaml` replaces it).
//! let (dossier, warnings) = match dossier_from_json(json, &file, 1, &rules.regions) {
//!     Ok(read) => read,
//!     // Input errors carry file, line, column and a Dutch message; a `Diag` displays on one
//!     // line (`registratie:1:52: fout: …`) and is a `std::error::Error`.
//!     Err(diags) => panic!("{} invoerfouten, eerste: {}", diags.len(), diags[0]),
//! };
//! // Warnings (an unknown field, a misspelt event kind that every rule ignores) are worth
//! // showing when the dossier is saved.
//! assert!(warnings.is_empty());
//!
//! let result = engine.check(&dossier);
//! // Findings are the outcomes reports list (violation, open, exempt, unassessable), with the
//! // rule's index in the set; the other statuses are in `result.statuses`. Waivers apply to a
//! // result with `Waivers::apply_to`, which updates both.
//! let t01 = result
//!     .findings
//!     .iter()
//!     .find(|f| rules.rules[f.rule].id == "VT-T01")
//!     .expect("no veiligheidsbeoordeling: VT-T01 is violated");
//! assert_eq!(t01.status.key(), "violation");
//! assert_eq!(t01.due, NaiveDate::from_ymd_opt(2025, 3, 10)); // 5 werkdagen after receipt
//! assert!(t01.message.contains("10-03-2025"));
//! ```
//!
//! A YAML dossier in memory: [`dossier::source::dossier_from_yaml`].
//!
//! For whole exports (files, directories, JSON Lines, CSV event logs) in bounded memory, with
//! the same sorted findings and counts as the CLI, use [`check::run`] (texts held in memory are
//! inputs too: [`dossier::source::Input::Embedded`]); the report formats are in
//! [`report`]. [`check::run`] applies waivers itself and reports their warnings; it reads no
//! environment variable and prints nothing. The messages are Dutch, the machine keys
//! ([`rules::Status::key`]) English.

/// vtcheck's version, as reports and `vtcheck --version` give it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

pub mod baseline;
pub mod calendar;
mod chars;
pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod compare;
pub mod config;
pub mod diag;
pub mod dossier;
pub mod engine;
pub mod examples;
pub mod findings;
pub mod generate;
pub mod privacy;
pub mod report;
pub mod rules;
pub mod schema_out;
mod spill;
pub mod suggest;
pub mod text;
pub mod waivers;
