//! The OpenAI-compatible chat-completions client: `POST {base_url}/chat/completions` with
//! `"stream": true` and `stream_options.include_usage`, read as Server-Sent Events that end
//! with `data: [DONE]`.

use async_trait::async_trait;
use mentor_tutoring::{
    FinishReason, LanguageModel, ModelError, ModelRequest, ModelStream, StreamEvent, Usage,
};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::{Value, json};

use crate::wire::{Decode, Decoded, Timeouts, error_message, stream_events};

/// Where and how to reach one OpenAI-compatible provider.
#[derive(Debug, Clone)]
pub struct OpenAiCompatibleSettings {
    /// The provider's name in logs and metrics (`openai`, `ollama`, …).
    pub name: String,
    /// The model to ask for (`gpt-4o-mini`, `llama3.2`, `claude-…`).
    pub model: String,
    /// The API base, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`.
    pub base_url: String,
    /// The API key (sent as a bearer token), if the provider needs one.
    pub api_key: Option<SecretString>,
    /// Time limits.
    pub timeouts: Timeouts,
}

/// A provider speaking the OpenAI chat-completions API.
#[derive(Debug, Clone)]
pub struct OpenAiCompatibleModel {
    http: reqwest::Client,
    settings: OpenAiCompatibleSettings,
    url: String,
}

impl OpenAiCompatibleModel {
    /// A client for `settings`.
    ///
    /// # Errors
    /// When the HTTP client cannot be built (no TLS provider installed).
    pub fn new(settings: OpenAiCompatibleSettings) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .connect_timeout(settings.timeouts.connect)
            .build()?;
        let url = format!(
            "{}/chat/completions",
            settings.base_url.trim_end_matches('/')
        );
        Ok(Self {
            http,
            settings,
            url,
        })
    }
}

fn body(model: &str, request: &ModelRequest) -> Value {
    let messages: Vec<Value> = request
        .messages
        .iter()
        .map(|m| json!({ "role": m.role.as_str(), "content": m.content }))
        .collect();
    let mut body = json!({
        "model": model,
        "messages": messages,
        "max_tokens": request.max_output_tokens,
        "temperature": request.temperature,
        "stream": true,
        "stream_options": { "include_usage": true },
    });
    if let (Some(schema), Some(object)) = (&request.json_schema, body.as_object_mut()) {
        object.insert(
            "response_format".to_owned(),
            json!({
                "type": "json_schema",
                "json_schema": { "name": schema.name, "schema": schema.schema, "strict": true },
            }),
        );
    }
    body
}

/// Chat-completion chunks.
#[derive(Debug, Default)]
struct Chunks;

impl Decode for Chunks {
    fn decode(&mut self, data: &str) -> Result<Decoded, ModelError> {
        if data.trim() == "[DONE]" {
            return Ok(Decoded {
                done: true,
                ..Decoded::default()
            });
        }
        let chunk: Value = serde_json::from_str(data)
            .map_err(|e| ModelError::Protocol(format!("an event is not JSON: {e}")))?;
        if !chunk["error"].is_null() {
            return Err(ModelError::Unavailable(error_message(data)));
        }
        let mut out = Decoded::default();
        if let Some(choice) = chunk["choices"].as_array().and_then(|c| c.first()) {
            if let Some(text) = choice["delta"]["content"].as_str()
                && !text.is_empty()
            {
                out.events.push(StreamEvent::Delta(text.to_owned()));
            }
            if let Some(reason) = choice["finish_reason"].as_str() {
                out.finished = true;
                out.events
                    .push(StreamEvent::Finish(FinishReason::parse(reason)));
            }
        } else if chunk["choices"].is_null() && chunk["usage"].is_null() {
            return Err(ModelError::Protocol(
                "an event has neither choices nor usage".to_owned(),
            ));
        }
        if let Some(usage) = chunk["usage"].as_object() {
            let tokens = |key: &str| {
                usage
                    .get(key)
                    .and_then(Value::as_u64)
                    .and_then(|n| u32::try_from(n).ok())
                    .unwrap_or(0)
            };
            out.events.push(StreamEvent::Usage(Usage {
                prompt_tokens: tokens("prompt_tokens"),
                completion_tokens: tokens("completion_tokens"),
            }));
        }
        Ok(out)
    }
}

#[async_trait]
impl LanguageModel for OpenAiCompatibleModel {
    fn provider(&self) -> &str {
        &self.settings.name
    }

    fn model(&self) -> &str {
        &self.settings.model
    }

    #[tracing::instrument(skip_all, fields(provider = %self.settings.name, model = %self.settings.model))]
    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        let mut call = self
            .http
            .post(&self.url)
            .json(&body(&self.settings.model, &request));
        if let Some(key) = &self.settings.api_key {
            call = call.bearer_auth(key.expose_secret());
        }
        stream_events(call, self.settings.timeouts, Chunks).await
    }
}
