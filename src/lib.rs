//! unattui: a lossless editor and linter for Windows answer files.
//!
//! The core (everything but `tui`) has no terminal dependency: `text` decodes
//! bytes, `xml` indexes them as a lossless tree, `answer` gives the typed view,
//! `ops` edits through reversible text splices, `lint` validates, `cmdline`
//! reads command lines the way Windows runs them, and `fsio` reads and saves
//! files safely.

pub mod answer;
pub mod catalog;
pub mod cli;
pub mod cmdline;
pub mod config;
pub mod diff;
pub mod document;
pub mod fsio;
pub mod lint;
pub mod ops;
pub mod par;
pub mod secrets;
pub mod semdiff;
pub mod text;
#[cfg(feature = "tui")]
pub mod tui;
pub mod xml;
