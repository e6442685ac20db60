//! The OpenAI-compatible chat-completions client: `POST {base_url}/chat/completions` with
//! `"stream": true`, read as Server-Sent Events.

use std::collections::VecDeque;
use std::pin::Pin;
use std::time::Duration;

use async_trait::async_trait;
use futures_util::{Stream, StreamExt as _, stream};
use mentor_tutoring::{
    FinishReason, LanguageModel, ModelError, ModelRequest, ModelStream, StreamEvent, TimeoutKind,
    Usage,
};
use secrecy::{ExposeSecret as _, SecretString};
use serde_json::{Value, json};

use crate::sse::SseDecoder;

/// Where and how to reach one OpenAI-compatible provider.
#[derive(Debug, Clone)]
pub struct OpenAiCompatibleSettings {
    /// The provider's name in logs and metrics (`openai`, `ollama`, …).
    pub name: String,
    /// The API base, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`.
    pub base_url: String,
    /// The API key (sent as a bearer token), if the provider needs one.
    pub api_key: Option<SecretString>,
    /// Connecting.
    pub connect_timeout: Duration,
    /// From sending the request to the first event.
    pub first_token_timeout: Duration,
    /// Between two events.
    pub idle_timeout: Duration,
    /// The whole request.
    pub overall_timeout: Duration,
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
            .connect_timeout(settings.connect_timeout)
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

fn body(request: &ModelRequest) -> Value {
    let messages: Vec<Value> = request
        .messages
        .iter()
        .map(|m| json!({ "role": m.role.as_str(), "content": m.content }))
        .collect();
    let mut body = json!({
        "model": request.model,
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

/// The provider's message from an error body (`{"error":{"message"}}`, `{"error":"…"}` or
/// text), at most 500 characters.
fn error_message(text: &str) -> String {
    let parsed: Option<Value> = serde_json::from_str(text).ok();
    let message = parsed
        .as_ref()
        .and_then(|v| {
            v["error"]["message"]
                .as_str()
                .or_else(|| v["error"].as_str())
                .or_else(|| v["message"].as_str())
        })
        .unwrap_or(text);
    message.chars().take(500).collect()
}

fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<Duration> {
    headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()
        .map(Duration::from_secs)
}

fn send_error(e: &reqwest::Error) -> ModelError {
    if e.is_timeout() {
        ModelError::Timeout(if e.is_connect() {
            TimeoutKind::Connect
        } else {
            TimeoutKind::Overall
        })
    } else {
        ModelError::Unavailable(format!("{e}"))
    }
}

/// One decoded chunk: its events, and whether it finished the answer.
fn events_of(data: &str, finished: &mut bool) -> Result<Vec<StreamEvent>, ModelError> {
    let chunk: Value = serde_json::from_str(data)
        .map_err(|e| ModelError::Protocol(format!("an event is not JSON: {e}")))?;
    if !chunk["error"].is_null() {
        return Err(ModelError::Unavailable(error_message(data)));
    }
    let mut events = Vec::new();
    if let Some(choice) = chunk["choices"].as_array().and_then(|c| c.first()) {
        if let Some(text) = choice["delta"]["content"].as_str()
            && !text.is_empty()
        {
            events.push(StreamEvent::Delta(text.to_owned()));
        }
        if let Some(reason) = choice["finish_reason"].as_str() {
            *finished = true;
            events.push(StreamEvent::Finish(FinishReason::parse(reason)));
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
        events.push(StreamEvent::Usage(Usage {
            prompt_tokens: tokens("prompt_tokens"),
            completion_tokens: tokens("completion_tokens"),
        }));
    }
    Ok(events)
}

type Bytes = Pin<Box<dyn Stream<Item = reqwest::Result<Vec<u8>>> + Send>>;

struct Reading {
    bytes: Bytes,
    decoder: SseDecoder,
    queue: VecDeque<Result<StreamEvent, ModelError>>,
    started: bool,
    finished: bool,
    done: bool,
    first_token: Duration,
    idle: Duration,
}

impl Reading {
    /// Takes the next chunk of bytes and turns it into queued events; marks the stream done
    /// on its end or an error.
    async fn fill(&mut self) {
        let wait = if self.started {
            self.idle
        } else {
            self.first_token
        };
        let next = tokio::time::timeout(wait, self.bytes.next()).await;
        match next {
            Err(_) => self.fail(ModelError::Timeout(if self.started {
                TimeoutKind::BetweenTokens
            } else {
                TimeoutKind::FirstToken
            })),
            Ok(None) => {
                self.done = true;
                if !self.finished {
                    self.queue.push_back(Err(ModelError::Interrupted));
                }
            }
            Ok(Some(Err(e))) => self.fail(if e.is_timeout() {
                ModelError::Timeout(TimeoutKind::Overall)
            } else {
                ModelError::Interrupted
            }),
            Ok(Some(Ok(bytes))) => match self.decoder.push(&bytes) {
                Err(e) => self.fail(ModelError::Protocol(e)),
                Ok(events) => {
                    for data in events {
                        self.started = true;
                        if data.trim() == "[DONE]" {
                            self.done = true;
                            if !self.finished {
                                self.queue.push_back(Err(ModelError::Protocol(
                                    "[DONE] before a finish reason".to_owned(),
                                )));
                            }
                            return;
                        }
                        match events_of(&data, &mut self.finished) {
                            Ok(events) => self.queue.extend(events.into_iter().map(Ok)),
                            Err(e) => return self.fail(e),
                        }
                    }
                }
            },
        }
    }

    fn fail(&mut self, error: ModelError) {
        self.done = true;
        self.queue.push_back(Err(error));
    }
}

#[async_trait]
impl LanguageModel for OpenAiCompatibleModel {
    fn provider(&self) -> &str {
        &self.settings.name
    }

    #[tracing::instrument(skip_all, fields(provider = %self.settings.name, model = %request.model))]
    async fn stream(&self, request: ModelRequest) -> Result<ModelStream, ModelError> {
        let mut call = self
            .http
            .post(&self.url)
            .timeout(self.settings.overall_timeout)
            .json(&body(&request));
        if let Some(key) = &self.settings.api_key {
            call = call.bearer_auth(key.expose_secret());
        }
        let response = tokio::time::timeout(self.settings.first_token_timeout, call.send())
            .await
            .map_err(|_| ModelError::Timeout(TimeoutKind::FirstToken))?
            .map_err(|e| send_error(&e))?;
        let status = response.status();
        if !status.is_success() {
            let wait = retry_after(response.headers());
            let text = response.text().await.unwrap_or_default();
            return Err(match status.as_u16() {
                429 => ModelError::RateLimited { retry_after: wait },
                code if code >= 500 => {
                    ModelError::Unavailable(format!("HTTP {code}: {}", error_message(&text)))
                }
                code => ModelError::Refused {
                    status: code,
                    message: error_message(&text),
                },
            });
        }
        let bytes: Bytes = Box::pin(response.bytes_stream().map(|r| r.map(|b| b.to_vec())));
        let reading = Reading {
            bytes,
            decoder: SseDecoder::default(),
            queue: VecDeque::new(),
            started: false,
            finished: false,
            done: false,
            first_token: self.settings.first_token_timeout,
            idle: self.settings.idle_timeout,
        };
        Ok(Box::pin(stream::unfold(reading, |mut r| async move {
            loop {
                if let Some(item) = r.queue.pop_front() {
                    return Some((item, r));
                }
                if r.done {
                    return None;
                }
                r.fill().await;
            }
        })))
    }
}
