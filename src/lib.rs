//! unattui: a lossless editor and linter for Windows answer files.
pub mod fsio;
