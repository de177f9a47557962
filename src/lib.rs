//! vtcheck: checks exported Veilig Thuis case dossiers against the Handelingsprotocol 2019.
//!
//! The stages, in the order data flows through them:
//! [`dossier`] (read and validate) → [`rules`] (rule files → compiled rules, using [`calendar`]
//! and [`text`]) → [`engine`] (evaluate → outcomes) → [`report`] (one module per format).
//! [`cli`] is the thin command-line layer on top.

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
