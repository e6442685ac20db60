//! Language-model providers behind the tutoring domain's [`LanguageModel`] port.
//!
//! [`OpenAiCompatibleModel`] speaks the chat-completions API with streaming (Server-Sent
//! Events, usage via `stream_options.include_usage`, `[DONE]`), its error bodies and
//! `Retry-After`: one adapter for OpenAI, Groq, OpenRouter, Together, vLLM, Ollama and the
//! llama.cpp server. [`AnthropicModel`] speaks Anthropic's Messages API, streaming included.
#![forbid(unsafe_code)]

mod anthropic;
mod openai;
mod sse;
mod wire;

pub use anthropic::{ANTHROPIC_VERSION, AnthropicModel, AnthropicSettings};
pub use openai::{OpenAiCompatibleModel, OpenAiCompatibleSettings};
pub use wire::Timeouts;
