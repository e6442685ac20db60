//! Language-model providers behind the tutoring domain's [`LanguageModel`] port.
//!
//! [`OpenAiCompatibleModel`] speaks the chat-completions API with streaming (Server-Sent
//! Events, usage via `stream_options.include_usage`, `[DONE]`), its error bodies and
//! `Retry-After`: one adapter for OpenAI, Groq, OpenRouter, Together, vLLM, Ollama and the
//! llama.cpp server.
#![forbid(unsafe_code)]

mod openai;
mod sse;

pub use openai::{OpenAiCompatibleModel, OpenAiCompatibleSettings};
