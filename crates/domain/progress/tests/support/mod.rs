//! Shared test support.
pub mod simulation;
