//! The Anthropic Messages client: `POST {base_url}/v1/messages` with `"stream": true`, read as
//! its Server-Sent Events (`message_start` with the input tokens, `content_block_delta` with
//! text, `message_delta` with the stop reason and output tokens, `message_stop`, `ping`,
//! `error`). System messages become the `system` field; structured output is a forced tool
//! whose input schema is the requested schema, streamed as `input_json_delta`.

use async_trait::async_trait;
use mentor_tutoring::{
    FinishReason, LanguageModel, ModelError, ModelRequest, ModelStream, Role, StreamEvent, Usage,
};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::{Value, json};

use crate::wire::{Decode, Decoded, Timeouts, error_message, stream_events};

/// The API version this client speaks.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";

/// Where and how to reach Anthropic (or a server speaking its Messages API).
#[derive(Debug, Clone)]
pub struct AnthropicSettings {
    /// The provider's name in logs and metrics.
    pub name: String,
    /// The model to ask for (`gpt-4o-mini`, `llama3.2`, `claude-…`).
    pub model: String,
    /// The API base, e.g. `https://api.anthropic.com`.
    pub base_url: String,
    /// The API key (`x-api-key`).
    pub api_key: SecretString,
    /// Time limits.
    pub timeouts: Timeouts,
}

/// A provider speaking the Anthropic Messages API.
#[derive(Debug, Clone)]
pub struct AnthropicModel {
    http: reqwest::Client,
    settings: AnthropicSettings,
    url: String,
}

impl AnthropicModel {
    /// A client for `settings`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built (no TLS provider installed).
    pub fn new(settings: AnthropicSettings) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(settings.timeouts.connect)
            .build()?;
        let url = format!("{}/v1/messages", settings.base_url.trim_end_matches('/'));
        Ok(Self {
            http,
            settings,
            url,
        })
    }
}

/// The request body: system messages joined into `system`; the others alternating (adjacent
/// messages of one role are joined, as the API requires).
fn body(model: &str, request: &ModelRequest) -> Value {
    let system: Vec<&str> = request
        .messages
        .iter()
        .filter(|m| m.role == Role::System)
        .map(|m| m.content.as_str())
        .collect();
    let mut messages: Vec<(Role, String)> = Vec::new();
    for m in request.messages.iter().filter(|m| m.role != Role::System) {
        match messages.last_mut() {
            Some((role, text)) if *role == m.role => {
                text.push_str("\n\n");
                text.push_str(&m.content);
            }
            _ => messages.push((m.role, m.content.clone())),
        }
    }
    let messages: Vec<Value> = messages
        .into_iter()
        .map(|(role, content)| json!({ "role": role.as_str(), "content": content }))
        .collect();
    let mut body = json!({
        "model": model,
        "max_tokens": request.max_output_tokens,
        "temperature": request.temperature,
        "messages": messages,
        "stream": true,
    });
    if let Some(object) = body.as_object_mut() {
        if !system.is_empty() {
            object.insert("system".to_owned(), json!(system.join("\n\n")));
        }
        if let Some(schema) = &request.json_schema {
            object.insert(
                "tools".to_owned(),
                json!([{ "name": schema.name, "description": "Answer with this structure.", "input_schema": schema.schema }]),
            );
            object.insert(
                "tool_choice".to_owned(),
                json!({ "type": "tool", "name": schema.name }),
            );
        }
    }
    body
}

/// Messages-API events.
#[derive(Debug, Default)]
struct Events {
    input_tokens: u32,
}

fn tokens(v: &Value) -> u32 {
    v.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0)
}

impl Decode for Events {
    fn decode(&mut self, data: &str) -> Result<Decoded, ModelError> {
        let event: Value = serde_json::from_str(data)
            .map_err(|e| ModelError::Protocol(format!("an event is not JSON: {e}")))?;
        let mut out = Decoded::default();
        match event["type"].as_str() {
            Some("message_start") => {
                self.input_tokens = tokens(&event["message"]["usage"]["input_tokens"]);
            }
            Some("content_block_delta") => {
                let delta = &event["delta"];
                let text = delta["text"]
                    .as_str()
                    .or_else(|| delta["partial_json"].as_str())
                    .unwrap_or_default();
                if !text.is_empty() {
                    out.events.push(StreamEvent::Delta(text.to_owned()));
                }
            }
            Some("message_delta") => {
                if let Some(reason) = event["delta"]["stop_reason"].as_str() {
                    out.finished = true;
                    out.events
                        .push(StreamEvent::Finish(FinishReason::parse(reason)));
                }
                out.events.push(StreamEvent::Usage(Usage {
                    prompt_tokens: self.input_tokens,
                    completion_tokens: tokens(&event["usage"]["output_tokens"]),
                }));
            }
            Some("message_stop") => out.done = true,
            Some("error") => {
                let message = error_message(data);
                return Err(match event["error"]["type"].as_str() {
                    Some("rate_limit_error") => ModelError::RateLimited { retry_after: None },
                    _ => ModelError::Unavailable(message),
                });
            }
            Some("ping" | "content_block_start" | "content_block_stop") => {}
            Some(other) => tracing::debug!(event = other, "unknown Anthropic event ignored"),
            None => {
                return Err(ModelError::Protocol("an event has no type".to_owned()));
            }
        }
        Ok(out)
    }
}

#[async_trait]
impl LanguageModel for AnthropicModel {
    fn provider(&self) -> &str {
        &self.settings.name
    }

    fn model(&self) -> &str {
        &self.settings.model
    }

    #[tracing::instrument(skip_all, fields(provider = %self.settings.name, model = %self.settings.model))]
    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        let call = self
            .http
            .post(&self.url)
            .header("x-api-key", self.settings.api_key.expose_secret())
            .header("anthropic-version", ANTHROPIC_VERSION)
            .json(&body(&self.settings.model, &request));
        stream_events(call, self.settings.timeouts, Events::default()).await
    }
}
