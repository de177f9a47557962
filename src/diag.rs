//! Positioned diagnostics shared by every reader (dossiers, manifests, rule files).
//!
//! Messages are Dutch and never contain free text from a dossier: they name the field and the
//! position, and repeat a value only when it is a date, a number or an enumeration token. As a
//! second line of defence, BSN-like numbers (elfproef) in a message or help are masked when the
//! diagnostic is made, so no report, log or annotation can print one.

use std::sync::Arc;

use crate::dossier::node::Pos;
use crate::privacy::mask_bsn;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diag {
    pub level: Level,
    pub file: Arc<str>,
    pub pos: Pos,
    pub message: String,
    pub help: Option<String>,
    /// The dossier id the message names, if it names one (a waiver's), so `--pseudonymise` can
    /// replace it like every other dossier id in a report.
    pub dossier: Option<String>,
}

impl Diag {
    pub fn error(file: &Arc<str>, pos: Pos, message: impl Into<String>) -> Diag {
        Diag {
            level: Level::Error,
            file: file.clone(),
            pos,
            message: mask_bsn(&message.into()).into_owned(),
            help: None,
            dossier: None,
        }
    }

    pub fn warning(file: &Arc<str>, pos: Pos, message: impl Into<String>) -> Diag {
        Diag {
            level: Level::Warning,
            ..Diag::error(file, pos, message)
        }
    }

    pub fn with_help(mut self, help: Option<String>) -> Diag {
        self.help = help.map(|h| mask_bsn(&h).into_owned());
        self
    }

    /// Records that the message names dossier `id`.
    pub fn with_dossier(mut self, id: &str) -> Diag {
        self.dossier = Some(id.to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// `file:line:column`, the form editors and CI annotations understand.
    pub fn location(&self) -> String {
        if self.pos.line == 0 {
            self.file.to_string()
        } else {
            format!("{}:{}:{}", self.file, self.pos.line, self.pos.col)
        }
    }
}
