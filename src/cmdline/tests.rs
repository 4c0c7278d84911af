//! Tests of the command-line analysis, one file per area.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod analyse;
mod checks;
mod fuzz;
mod split;
