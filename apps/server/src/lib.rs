//! The Mentor server: configuration, telemetry, HTTP edge and composition root. The binary
//! `mentor` (see `main.rs`) is a thin command-line layer over this library, which the
//! HTTP tests use directly.
#![forbid(unsafe_code)]

pub mod app;
pub mod config;
pub mod grading;
pub mod http;
pub mod progress;
pub mod secrets;
pub mod telemetry;
pub mod tutoring;
