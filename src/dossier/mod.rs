//! Dossiers: the model and its readers (YAML, JSON, JSON Lines, CSV event logs, directories,
//! standard input).
//!
//! Data flows one way: bytes → [`node::Node`] trees (positions kept) → [`model::Dossier`]
//! (validated against [`schema`]) → the engine.

pub mod convert;
pub mod csv_events;
pub mod date;
pub mod json;
pub mod manifest;
pub mod model;
pub mod node;
pub mod regions;
pub mod schema;
pub mod source;
pub mod yaml;

pub use model::{Dossier, Event, Obj, Origin, Stamp, Val};
pub use node::Pos;
