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
//! use vtcheck::dossier::{regions::RegionTable, source::dossier_from_json};
//! use vtcheck::engine::Engine;
//!
//! // The embedded catalogue (the Handelingsprotocol 2019 with the Atw holidays). A rule set
//! // with a region's own files: `rules::sources` and `rules::load`, as the CLI does.
//! let rules = vtcheck::rules::embedded().expect("the embedded rules are valid");
//! let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
//! let engine = Engine::new(&rules, as_of);
//!
//! // One dossier in the export format (`vtdossier/1`), here as a line of JSON Lines. A melding
//! // received on Monday 3 March 2025 without a veiligheidsbeoordeling.
//! let json = r#"{"formaat":"vtdossier/1","id":"MB-2025-00001","regio":"utrecht",
//!     "soort":"melding","ontvangen":"2025-03-03","melder":{"hoedanigheid":"professional",
//!     "rol":"melder","bekend":true,"anoniem_naar_betrokkenen":false},"gebeurtenissen":[]}"#;
//! let file: Arc<str> = "registratie".into();
//! let dossier = match dossier_from_json(json, &file, 1, &RegionTable::default_table()) {
//!     Ok(d) => d,
//!     // Input errors carry file, line, column and a Dutch message (miette diagnostics).
//!     Err(diags) => panic!("{} invoerfouten, eerste: {}", diags.len(), diags[0].message),
//! };
//!
//! let result = engine.check(&dossier);
//! // Findings are the outcomes reports list (violation, open, exempt, unassessable), with the
//! // rule's index in the set; the other statuses are in `result.statuses`.
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
//! For whole exports (files, directories, JSON Lines, CSV event logs) in bounded memory, with
//! the same sorted findings and counts as the CLI, use [`check::run`]; the report formats are in
//! [`report`]. The messages are Dutch, the machine keys ([`rules::Status::key`]) English.

pub mod baseline;
pub mod calendar;
pub mod check;
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
