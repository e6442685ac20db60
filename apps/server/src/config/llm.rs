//! `[llm]`, `[tutor]` and `[chat]`: the language-model providers (in order of preference), their
//! time limits and routing, prices, and the tutor's and chat's limits. No provider is the
//! embedded default: features that need a model then answer 503 `llm-unavailable`.

use std::collections::BTreeMap;
use std::time::Duration;

use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use url::Url;

use super::is_loopback_host;

/// Which wire protocol a provider speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProviderKind {
    /// OpenAI chat completions (OpenAI, Groq, OpenRouter, Together, vLLM, Ollama, llama.cpp).
    Openai,
    /// Anthropic Messages.
    Anthropic,
}

/// `[[llm.providers]]`: one provider.
#[derive(Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProvider {
    /// Its name in logs, metrics and usage records (`openai`, `ollama`, …).
    pub name: String,
    /// `openai` (any OpenAI-compatible API) or `anthropic`.
    pub kind: ProviderKind,
    /// API base, e.g. `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (Ollama),
    /// `https://api.anthropic.com`.
    pub base_url: String,
    /// The model to ask for.
    pub model: String,
    /// The API key (prefer `api_key_env`).
    #[serde(default)]
    pub api_key: String,
    /// The name of an environment variable holding the API key.
    #[serde(default)]
    pub api_key_env: String,
    /// Price per million prompt tokens (any currency unit; usage costs are in millionths of it).
    #[serde(default)]
    pub prompt_price_per_mtok: f64,
    /// Price per million completion tokens.
    #[serde(default)]
    pub completion_price_per_mtok: f64,
}

/// `[llm.timeouts]`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawLlmTimeouts {
    /// Connecting, milliseconds.
    pub connect_ms: u64,
    /// Until the first token, milliseconds.
    pub first_token_ms: u64,
    /// Between two tokens, milliseconds.
    pub between_tokens_ms: u64,
    /// The whole answer, seconds.
    pub overall_secs: u64,
}

impl Default for RawLlmTimeouts {
    fn default() -> Self {
        Self {
            connect_ms: 5_000,
            first_token_ms: 30_000,
            between_tokens_ms: 20_000,
            overall_secs: 180,
        }
    }
}

/// `[llm.routing]`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawRouting {
    /// Attempts per provider before the first token (transient failures).
    pub attempts_per_provider: u32,
    /// First back-off, milliseconds (doubles, jittered).
    pub backoff_ms: u64,
    /// Longest `Retry-After` waited for, seconds.
    pub max_retry_after_secs: u64,
    /// Consecutive failed requests that open a provider's circuit.
    pub failure_threshold: u32,
    /// Seconds an open circuit refuses before a probe.
    pub open_secs: u64,
}

impl Default for RawRouting {
    fn default() -> Self {
        let d = mentor_tutoring::RouterSettings::default();
        Self {
            attempts_per_provider: d.attempts_per_provider,
            backoff_ms: u64::try_from(d.backoff.as_millis()).unwrap_or(200),
            max_retry_after_secs: d.max_retry_after.as_secs(),
            failure_threshold: d.failure_threshold,
            open_secs: d.open_for.as_secs(),
        }
    }
}

/// `[llm]`.
#[derive(Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawLlm {
    /// Providers in order of preference; none = model features answer 503.
    pub providers: Vec<RawProvider>,
    /// Time limits of every provider call.
    pub timeouts: RawLlmTimeouts,
    /// Retries and circuit breakers.
    pub routing: RawRouting,
}

/// `[tutor]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawTutor {
    /// The longest answer, tokens.
    pub max_output_tokens: u32,
    /// Sampling temperature (0–2).
    pub temperature: f32,
    /// Answers streaming at once per learner and instance.
    pub max_concurrent_streams: u32,
    /// Daily token budget per tier (the account's role: learner, mentor, admin).
    pub daily_tokens: BTreeMap<String, u64>,
    /// Daily token budget of tiers not listed.
    pub default_daily_tokens: u64,
    /// Code blocks at least this similar (0–1) to the reference solution are withheld.
    pub similarity_threshold: f64,
    /// Code blocks shorter than this many tokens are never withheld.
    pub min_guard_tokens: usize,
    /// Offer AI feedback on failed submissions (`POST /submissions/{id}/feedback`).
    pub ai_feedback: bool,
    /// The longest generated exercise, tokens.
    pub generation_max_output_tokens: u32,
    /// Publish a generated exercise as soon as the sandbox proved it, without review.
    pub publish_generated: bool,
}

impl Default for RawTutor {
    fn default() -> Self {
        let d = mentor_tutoring::TutorSettings::default();
        Self {
            max_output_tokens: d.max_output_tokens,
            temperature: d.temperature,
            max_concurrent_streams: d.max_concurrent_streams,
            daily_tokens: d.daily_tokens,
            default_daily_tokens: d.default_daily_tokens,
            similarity_threshold: d.similarity_threshold,
            min_guard_tokens: d.min_guard_tokens,
            ai_feedback: d.ai_feedback,
            generation_max_output_tokens: d.generation_max_output_tokens,
            publish_generated: false,
        }
    }
}

/// `[chat]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RawChat {
    /// The longest learner message, characters.
    pub max_message_chars: usize,
    /// Earlier messages the model sees verbatim.
    pub context_messages: u32,
    /// Older unsummarised messages that trigger a summary.
    pub summarize_after: u32,
    /// Messages kept per conversation.
    pub max_stored_messages: u32,
    /// Conversations per learner.
    pub max_conversations: u32,
    /// Seconds between heartbeats on an idle stream.
    pub heartbeat_secs: u64,
    /// Largest WebSocket frame (and message), bytes.
    pub ws_max_frame_bytes: usize,
    /// Client frames per minute on one WebSocket connection.
    pub ws_messages_per_minute: u32,
    /// Longest WebSocket connection, seconds.
    pub ws_max_secs: u64,
}

impl Default for RawChat {
    fn default() -> Self {
        let d = mentor_chat::ChatSettings::default();
        Self {
            max_message_chars: d.max_message_chars,
            context_messages: d.context_messages,
            summarize_after: d.summarize_after,
            max_stored_messages: d.max_stored_messages,
            max_conversations: d.max_conversations,
            heartbeat_secs: 15,
            ws_max_frame_bytes: 64 * 1024,
            ws_messages_per_minute: 30,
            ws_max_secs: 3600,
        }
    }
}

/// One validated provider.
#[derive(Clone)]
pub struct ProviderSettings {
    /// Name.
    pub name: String,
    /// Protocol.
    pub kind: ProviderKind,
    /// API base.
    pub base_url: String,
    /// Model.
    pub model: String,
    /// Key, if any.
    pub api_key: Option<SecretString>,
    /// Prices.
    pub price: mentor_tutoring::Price,
}

impl std::fmt::Debug for ProviderSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProviderSettings")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("base_url", &super::redact_url(&self.base_url))
            .field("model", &self.model)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

/// Validated `[llm]`.
#[derive(Debug, Clone)]
pub struct LlmSettings {
    /// Providers in order.
    pub providers: Vec<ProviderSettings>,
    /// Time limits.
    pub timeouts: mentor_llm::Timeouts,
    /// Routing.
    pub routing: mentor_tutoring::RouterSettings,
}

/// What `[llm]` needs for model features, for 503 answers and the README.
pub const HOW_TO_CONFIGURE: &str = "add a provider under [[llm.providers]] (name, kind = \"openai\" or \"anthropic\", base_url, model, api_key_env) — see docs/operations.md, Language models";

impl RawLlm {
    /// Checks the providers; in production provider URLs must be https unless on this host,
    /// and keys are required except for a provider on this host.
    pub(super) fn validate(&self, production: bool, problems: &mut Vec<String>) -> LlmSettings {
        let mut providers = Vec::new();
        let mut names = std::collections::BTreeSet::new();
        for (i, raw) in self.providers.iter().enumerate() {
            let at = format!("llm.providers[{i}]");
            let name_ok = !raw.name.is_empty()
                && raw.name.len() <= 40
                && raw
                    .name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
            if !name_ok {
                problems.push(format!(
                    "{at}.name: 1–40 lower-case letters, digits, - or _ (got {:?})",
                    raw.name
                ));
            } else if !names.insert(raw.name.clone()) {
                problems.push(format!("{at}.name: {:?} is used twice", raw.name));
            }
            if raw.model.trim().is_empty() {
                problems.push(format!("{at}.model: required"));
            }
            let local = match Url::parse(&raw.base_url) {
                Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
                    let local = url.host_str().is_some_and(is_loopback_host);
                    if production && url.scheme() != "https" && !local {
                        problems.push(format!(
                            "{at}.base_url: must be https in production (or a provider on this host)"
                        ));
                    }
                    local
                }
                _ => {
                    problems.push(format!(
                        "{at}.base_url: {:?} is not an http(s) URL",
                        raw.base_url
                    ));
                    false
                }
            };
            let key_required = raw.kind == ProviderKind::Anthropic || (production && !local);
            let key = if raw.api_key_env.is_empty() {
                if raw.api_key.is_empty() && key_required {
                    problems.push(format!(
                        "{at}.api_key: required for this provider (set api_key_env to the name of a variable holding it)"
                    ));
                }
                raw.api_key.clone()
            } else {
                match std::env::var(&raw.api_key_env) {
                    Ok(key) if key.is_empty() && key_required => {
                        problems.push(format!(
                            "{at}.api_key_env: the environment variable {} is empty",
                            raw.api_key_env
                        ));
                        key
                    }
                    Ok(key) => key,
                    Err(_) => {
                        problems.push(format!(
                            "{at}.api_key_env: the environment variable {} is not set",
                            raw.api_key_env
                        ));
                        String::new()
                    }
                }
            };
            for (field, price) in [
                ("prompt_price_per_mtok", raw.prompt_price_per_mtok),
                ("completion_price_per_mtok", raw.completion_price_per_mtok),
            ] {
                if !(price.is_finite() && price >= 0.0) {
                    problems.push(format!("{at}.{field}: must be a price of 0 or more"));
                }
            }
            providers.push(ProviderSettings {
                name: raw.name.clone(),
                kind: raw.kind,
                base_url: raw.base_url.trim_end_matches('/').to_owned(),
                model: raw.model.trim().to_owned(),
                api_key: (!key.is_empty()).then(|| SecretString::from(key)),
                price: mentor_tutoring::Price {
                    prompt_per_mtok: raw.prompt_price_per_mtok,
                    completion_per_mtok: raw.completion_price_per_mtok,
                },
            });
        }
        let t = self.timeouts;
        if t.connect_ms == 0
            || t.first_token_ms == 0
            || t.between_tokens_ms == 0
            || t.overall_secs == 0
        {
            problems.push("llm.timeouts: every limit must be at least 1".to_owned());
        }
        let r = self.routing;
        if r.backoff_ms > 10_000 || r.max_retry_after_secs > 60 {
            problems.push(
                "llm.routing: backoff_ms must be at most 10000 and max_retry_after_secs at most 60 (a learner waits through them)"
                    .to_owned(),
            );
        }
        if r.attempts_per_provider == 0 || r.failure_threshold == 0 || r.open_secs == 0 {
            problems.push(
                "llm.routing: attempts_per_provider, failure_threshold and open_secs must be at least 1"
                    .to_owned(),
            );
        }
        LlmSettings {
            providers,
            timeouts: mentor_llm::Timeouts {
                connect: Duration::from_millis(t.connect_ms.max(1)),
                first_token: Duration::from_millis(t.first_token_ms.max(1)),
                idle: Duration::from_millis(t.between_tokens_ms.max(1)),
                overall: Duration::from_secs(t.overall_secs.max(1)),
            },
            routing: mentor_tutoring::RouterSettings {
                attempts_per_provider: r.attempts_per_provider.max(1),
                backoff: Duration::from_millis(r.backoff_ms),
                max_retry_after: Duration::from_secs(r.max_retry_after_secs),
                failure_threshold: r.failure_threshold.max(1),
                open_for: Duration::from_secs(r.open_secs.max(1)),
            },
        }
    }
}

impl RawTutor {
    /// Checks the tutor's limits into `settings` (whose request policy and prices are set
    /// elsewhere).
    pub(super) fn validate(
        &self,
        problems: &mut Vec<String>,
        settings: &mut mentor_tutoring::TutorSettings,
    ) {
        if !(16..=8192).contains(&self.max_output_tokens) {
            problems.push("tutor.max_output_tokens: must be between 16 and 8192".to_owned());
        }
        if !(0.0..=2.0).contains(&self.temperature) {
            problems.push("tutor.temperature: must be between 0 and 2".to_owned());
        }
        if self.max_concurrent_streams == 0 {
            problems.push("tutor.max_concurrent_streams: must be at least 1".to_owned());
        }
        if !(0.3..=0.95).contains(&self.similarity_threshold) {
            problems.push(
                "tutor.similarity_threshold: must be between 0.3 and 0.95 (higher lets near-copies of the reference through)"
                    .to_owned(),
            );
        }
        if !(1000..=32_000).contains(&self.generation_max_output_tokens) {
            problems.push(
                "tutor.generation_max_output_tokens: must be between 1000 and 32000 (a whole exercise needs a few thousand)"
                    .to_owned(),
            );
        }
        if !(4..=64).contains(&self.min_guard_tokens) {
            problems.push("tutor.min_guard_tokens: must be between 4 and 64".to_owned());
        }
        for tier in self.daily_tokens.keys() {
            if !["learner", "mentor", "admin"].contains(&tier.as_str()) {
                problems.push(format!(
                    "tutor.daily_tokens.{tier}: unknown role (known: learner, mentor, admin)"
                ));
            }
        }
        settings.max_output_tokens = self.max_output_tokens;
        settings.temperature = self.temperature;
        settings.max_concurrent_streams = self.max_concurrent_streams.max(1);
        settings.daily_tokens = self.daily_tokens.clone();
        settings.default_daily_tokens = self.default_daily_tokens;
        settings.similarity_threshold = self.similarity_threshold;
        settings.min_guard_tokens = self.min_guard_tokens;
        settings.ai_feedback = self.ai_feedback;
        settings.generation_max_output_tokens = self.generation_max_output_tokens;
    }
}

impl RawChat {
    /// The WebSocket limits (checked by [`Self::validate`]).
    #[must_use]
    pub fn ws_limits(&self) -> crate::http::ws::WsLimits {
        crate::http::ws::WsLimits {
            max_frame_bytes: self.ws_max_frame_bytes,
            messages_per_minute: self.ws_messages_per_minute,
            max_duration: Duration::from_secs(self.ws_max_secs),
        }
    }

    /// Checks chat's limits.
    pub(super) fn validate(&self, problems: &mut Vec<String>) -> mentor_chat::ChatSettings {
        if !(1..=32_000).contains(&self.max_message_chars) {
            problems.push("chat.max_message_chars: must be between 1 and 32000".to_owned());
        }
        if self.context_messages == 0 || self.summarize_after == 0 {
            problems.push(
                "chat.context_messages and chat.summarize_after: must be at least 1".to_owned(),
            );
        } else if self.max_stored_messages < self.context_messages + self.summarize_after {
            problems.push(
                "chat.max_stored_messages: must be at least context_messages + summarize_after (or summaries never happen)"
                    .to_owned(),
            );
        }
        if self.max_conversations == 0 {
            problems.push("chat.max_conversations: must be at least 1".to_owned());
        }
        if !(1..=300).contains(&self.heartbeat_secs) {
            problems.push("chat.heartbeat_secs: must be between 1 and 300".to_owned());
        }
        if !(1024..=1024 * 1024).contains(&self.ws_max_frame_bytes)
            || self.ws_messages_per_minute == 0
            || !(1..=24 * 3600).contains(&self.ws_max_secs)
        {
            problems.push(
                "chat.ws_*: ws_max_frame_bytes 1024–1048576, ws_messages_per_minute at least 1, ws_max_secs 1–86400"
                    .to_owned(),
            );
        }
        mentor_chat::ChatSettings {
            max_message_chars: self.max_message_chars,
            context_messages: self.context_messages,
            summarize_after: self.summarize_after,
            max_stored_messages: self.max_stored_messages,
            max_conversations: self.max_conversations,
        }
    }
}
