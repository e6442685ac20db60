//! sea-orm entities: the table shapes, private to this crate.

pub mod achievement;
pub mod audit_event;
pub mod chat_conversation;
pub mod chat_message;
pub mod daily_pick;
pub mod exercise;
pub mod exercise_rating;
pub mod exercise_version;
pub mod generated_exercise;
pub mod hint_reveal;
pub mod llm_usage;
pub mod notification;
pub mod one_time_token;
pub mod profile;
pub mod progress_attempt;
pub mod progress_day;
pub mod progress_rating;
pub mod progress_solve;
pub mod session;
pub mod session_refresh_token;
pub mod submission;
pub mod user;
pub mod user_identity;
