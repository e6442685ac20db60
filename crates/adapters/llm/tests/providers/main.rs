//! The provider adapters against a fake provider speaking their wire formats.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod anthropic;
mod fake;
mod openai;
