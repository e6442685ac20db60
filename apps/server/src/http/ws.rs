//! Chat over WebSocket: `GET /api/v1/chat/ws`. The handshake is authenticated by the session
//! cookie (a verified address required) and refused unless its `Origin` is allow-listed — a
//! missing or foreign Origin gets `403 ws-origin` before any upgrade. Frames are JSON text:
//!
//! - client: `{"type":"send","conversation_id":"…","content":"…"}`,
//!   `{"type":"retry","conversation_id":"…"}`, `{"type":"ping"}`
//! - server: `{"type":"message"|"delta"|"usage"|"done"|"error", …}` — the same turn events as
//!   the SSE transport — plus `{"type":"refused","status":…,"problem":{…}}` for a turn that was
//!   not started (the problem+json body an HTTP request would get) and `{"type":"pong"}`.
//!
//! Limits: frames up to `chat.ws_max_frame_bytes`; `chat.ws_messages_per_minute` client frames
//! (pings included) per connection and, through the shared rate limiter, per learner over all
//! their connections (then the connection closes with 1008 "too many messages"); each turn
//! also counts against the learner's `tutor_user` rate like any other; a write the client does
//! not take within 10 s ends the connection; one turn at a time per
//! connection; the connection closes with 1000 "session time limit reached" after
//! `chat.ws_max_secs`. Pings every `chat.heartbeat_secs` keep it alive through proxies. The
//! sign-in session is checked again before every client frame and every heartbeat: a revoked
//! session closes the connection with 1008 "session ended; sign in again".

use std::time::Duration;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use actix_ws::{AggregatedMessage, CloseCode, CloseReason};
use futures_util::StreamExt as _;
use mentor_kernel::ConversationId;
use serde::Deserialize;
use serde_json::json;
use tokio::time::Instant;

use super::chat::MessageView;
use super::extract::VerifiedUser;
use super::problem::ApiError;
use super::state::AppState;

/// A client frame.
#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
enum ClientFrame {
    Send {
        conversation_id: String,
        content: String,
    },
    Retry {
        conversation_id: String,
    },
    Ping,
}

fn refusal(error: &ApiError) -> String {
    json!({
        "type": "refused",
        "status": error.status().as_u16(),
        "problem": error.problem(),
    })
    .to_string()
}

fn turn_frame(event: &mentor_chat::TurnEvent) -> String {
    use mentor_chat::TurnEvent;
    match event {
        TurnEvent::Accepted(m) => json!({ "type": "message", "message": MessageView::from(m) }),
        TurnEvent::Delta(text) => json!({ "type": "delta", "text": text }),
        TurnEvent::Usage {
            prompt_tokens,
            completion_tokens,
        } => json!({ "type": "usage", "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens }),
        TurnEvent::Done(m) => json!({ "type": "done", "message": MessageView::from(m) }),
        TurnEvent::Failed(m) => json!({
            "type": "error",
            "detail": m.content,
            "retryable": true,
            "message": MessageView::from(m),
        }),
    }
    .to_string()
}

fn origin_allowed(state: &AppState, req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|origin| state.allowed_origins.iter().any(|a| a == origin))
}

/// Opens a chat WebSocket (see the module documentation for the protocol and limits).
#[utoipa::path(get, path = "/api/v1/chat/ws", tag = "chat",
    responses(
        (status = 101, description = "Switching to the WebSocket protocol"),
        (status = 401, description = "Not signed in", body = super::problem::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Address not verified, or an Origin that is missing or not allow-listed", body = super::problem::Problem, content_type = "application/problem+json")))]
pub async fn connect(
    state: web::Data<AppState>,
    user: VerifiedUser,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    if !origin_allowed(&state, &req) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "ws-origin",
            "This origin may not open a chat connection",
        )
        .detail("A WebSocket handshake needs an Origin header naming Mentor's own site."));
    }
    let (response, session, stream) = actix_ws::handle(&req, body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "ws-handshake",
            "Not a WebSocket handshake",
        )
        .detail(e.to_string())
    })?;
    let limits = state.ws;
    let stream = stream
        .max_frame_size(limits.max_frame_bytes)
        .aggregate_continuations()
        .max_continuation_size(limits.max_frame_bytes);
    metrics::gauge!("mentor_chat_open_websockets").increment(1.0);
    actix_web::rt::spawn(async move {
        let reason = serve(state, user, session.clone(), stream).await;
        metrics::gauge!("mentor_chat_open_websockets").decrement(1.0);
        let _ = session.close(reason).await;
    });
    Ok(response)
}

/// The WebSocket limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WsLimits {
    /// Largest frame (and message), bytes.
    pub max_frame_bytes: usize,
    /// Client frames per minute per connection.
    pub messages_per_minute: u32,
    /// Longest connection.
    pub max_duration: Duration,
}

fn close(code: CloseCode, description: &str) -> Option<CloseReason> {
    Some(CloseReason {
        code,
        description: Some(description.to_owned()),
    })
}

/// Serves one connection until it ends; returns the close reason to send.
async fn serve(
    state: web::Data<AppState>,
    user: VerifiedUser,
    mut session: actix_ws::Session,
    mut stream: actix_ws::AggregatedMessageStream,
) -> Option<CloseReason> {
    let limits = state.ws;
    let ends = Instant::now() + limits.max_duration;
    let mut window = (Instant::now(), 0u32);
    let mut turn: Option<mentor_chat::TurnStream> = None;
    let mut heartbeat = tokio::time::interval(state.chat_heartbeat);
    heartbeat.tick().await;
    loop {
        tokio::select! {
            () = tokio::time::sleep_until(ends) => {
                return close(CloseCode::Normal, "session time limit reached; reconnect");
            }
            _ = heartbeat.tick() => {
                if let Some(reason) = session_ended(&state, &user).await {
                    return reason;
                }
                if !sent(session.ping(b"")).await {
                    return None;
                }
            }
            event = async { turn.as_mut()?.next().await }, if turn.is_some() => {
                match event {
                    Some(event) => {
                        let last = matches!(
                            event,
                            mentor_chat::TurnEvent::Done(_) | mentor_chat::TurnEvent::Failed(_)
                        );
                        if last {
                            turn = None;
                        }
                        if !sent(session.text(turn_frame(&event))).await {
                            return None;
                        }
                    }
                    None => turn = None,
                }
            }
            frame = stream.next() => {
                if frame.is_some() {
                    if window.0.elapsed() >= Duration::from_secs(60) {
                        window = (Instant::now(), 0);
                    }
                    window.1 += 1;
                    if window.1 > limits.messages_per_minute
                        || !user_may_send(&state, &user).await
                    {
                        metrics::counter!("mentor_chat_ws_closed_total", "reason" => "rate").increment(1);
                        return close(CloseCode::Policy, "too many messages");
                    }
                }
                let text = match frame {
                    None => return None,
                    Some(Err(e)) => {
                        tracing::info!(error = %e, "chat websocket protocol error");
                        return close(CloseCode::Size, "frame too large or malformed");
                    }
                    Some(Ok(AggregatedMessage::Close(_))) => return None,
                    Some(Ok(AggregatedMessage::Ping(bytes))) => {
                        if !sent(session.pong(&bytes)).await {
                            return None;
                        }
                        continue;
                    }
                    Some(Ok(AggregatedMessage::Pong(_))) => continue,
                    Some(Ok(AggregatedMessage::Binary(_))) => {
                        return close(CloseCode::Unsupported, "only JSON text frames are accepted");
                    }
                    Some(Ok(AggregatedMessage::Text(text))) => text,
                };
                if let Some(reason) = session_ended(&state, &user).await {
                    return reason;
                }
                let reply = handle(&state, &user, &text, turn.is_some()).await;
                match reply {
                    Reply::Frame(frame) => {
                        if !sent(session.text(frame)).await {
                            return None;
                        }
                    }
                    Reply::Turn(started) => turn = Some(started),
                }
            }
        }
    }
}

/// A write to the client that does not finish in time (the client stopped reading) ends the
/// connection, so that no limit can be outwaited by a full send buffer.
const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

async fn sent(write: impl std::future::Future<Output = Result<(), actix_ws::Closed>>) -> bool {
    matches!(tokio::time::timeout(WRITE_TIMEOUT, write).await, Ok(Ok(())))
}

/// The learner's frames over all their connections, `chat.ws_messages_per_minute` a minute
/// (shared by every instance through the rate limiter).
async fn user_may_send(state: &AppState, user: &VerifiedUser) -> bool {
    let per_minute = state.ws.messages_per_minute.max(1);
    let policy = mentor_kernel::RatePolicy {
        requests: per_minute,
        per: Duration::from_secs(60),
        burst: per_minute,
    };
    match state
        .limiter
        .check(&format!("ws-user:{}", user.user.id), &policy)
        .await
    {
        Ok(decision) => decision.into_result().is_ok(),
        Err(e) => {
            tracing::warn!(
                error = format!("{e:#}"),
                "the websocket rate limiter failed"
            );
            false
        }
    }
}

/// The close reason when the sign-in session behind the connection has ended (revoked,
/// signed out, idle or past its lifetime), checked before every frame and heartbeat.
async fn session_ended(state: &AppState, user: &VerifiedUser) -> Option<Option<CloseReason>> {
    match state.auth.session_is_live(&user.principal).await {
        Ok(true) => None,
        Ok(false) => Some(close(CloseCode::Policy, "session ended; sign in again")),
        Err(e) => {
            tracing::warn!(
                error = format!("{e:#}"),
                "cannot check the session of a chat websocket"
            );
            Some(close(CloseCode::Error, "try again"))
        }
    }
}

enum Reply {
    Frame(String),
    Turn(mentor_chat::TurnStream),
}

async fn handle(state: &AppState, user: &VerifiedUser, text: &str, busy: bool) -> Reply {
    let frame: ClientFrame = match serde_json::from_str(text) {
        Ok(frame) => frame,
        Err(e) => {
            return Reply::Frame(refusal(
                &ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "malformed-body",
                    "The frame is not valid JSON of the expected shape",
                )
                .detail(e.to_string()),
            ));
        }
    };
    let (conversation, content) = match frame {
        ClientFrame::Ping => return Reply::Frame(json!({ "type": "pong" }).to_string()),
        ClientFrame::Send {
            conversation_id,
            content,
        } => (conversation_id, Some(content)),
        ClientFrame::Retry { conversation_id } => (conversation_id, None),
    };
    if busy {
        return Reply::Frame(refusal(
            &ApiError::new(
                StatusCode::CONFLICT,
                "turn-in-progress",
                "An answer is still streaming",
            )
            .detail(
                "Wait for `done` or `error` before sending the next message on this connection.",
            ),
        ));
    }
    let Ok(id) = conversation.parse::<ConversationId>() else {
        return Reply::Frame(refusal(
            &ApiError::not_found().detail("No such conversation."),
        ));
    };
    let started = match content {
        Some(content) => state.chat.send(user.user.id, id, &content).await,
        None => state.chat.retry(user.user.id, id).await,
    };
    match started {
        Ok(turn) => Reply::Turn(turn),
        Err(e) => Reply::Frame(refusal(&ApiError::from(e))),
    }
}
