//! Facts about answer-file settings, taken from Microsoft's reference and embedded in the binary.

pub mod settings;
