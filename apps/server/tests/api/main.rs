//! HTTP tests: the real server on port 0, driven over HTTP with a cookie-keeping client,
//! on the embedded composition (SQLite, sessions in SQLite, outbox) and — when
//! `MENTOR_TEST_DATABASE_URL` and `MENTOR_TEST_REDIS_URL` are set — on the production
//! composition (Postgres, Redis, SMTP to a capture server started here).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod account;
mod binary;
mod chat;
mod chat_ws;
mod errors;
mod exercises;
mod flow;
mod generation;
mod grading;
mod helpers;
mod oauth;
mod observability;
mod openapi;
mod progress;
mod security;
mod throttling;
