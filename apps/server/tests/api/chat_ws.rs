//! Chat over WebSocket against the fake provider: a turn streams as frames; the handshake is
//! refused without a session cookie, without an Origin or with a foreign one; oversized
//! frames, too many messages and the time limit close the connection with a clear reason;
//! another learner's conversation is refused like a missing one.

use std::time::Duration;

use futures_util::{SinkExt as _, StreamExt as _};
use mentor_fake_llm::fake;
use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::client::IntoClientRequest as _;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{Error as WsError, Message};

use crate::helpers::TestApp;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const ORIGIN: &str = "http://127.0.0.1:8080";

async fn open(
    app: &TestApp,
    access: Option<&str>,
    origin: Option<&str>,
) -> Result<Socket, WsError> {
    let url = app.url("/api/v1/chat/ws").replacen("http://", "ws://", 1);
    let mut request = url.into_client_request().unwrap();
    if let Some(access) = access {
        request
            .headers_mut()
            .insert("Cookie", format!("mentor-access={access}").parse().unwrap());
    }
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert("Origin", origin.parse().unwrap());
    }
    tokio_tungstenite::connect_async(request)
        .await
        .map(|(socket, _)| socket)
}

fn refused_status(result: Result<Socket, WsError>) -> u16 {
    match result {
        Err(WsError::Http(response)) => response.status().as_u16(),
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("the handshake was accepted"),
    }
}

async fn next_json(socket: &mut Socket) -> Value {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("no frame within 10 s")
        {
            Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).unwrap(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
}

async fn close_reason(socket: &mut Socket) -> (CloseCode, String) {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("no close within 10 s")
        {
            Some(Ok(Message::Close(Some(frame)))) => return (frame.code, frame.reason.to_string()),
            Some(Ok(_)) => {}
            other => panic!("expected a close frame, got {other:?}"),
        }
    }
}

async fn send(socket: &mut Socket, frame: Value) {
    socket
        .send(Message::Text(frame.to_string().into()))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_turn_streams_over_a_websocket_and_limits_close_it_clearly() {
    let fake = fake(mentor_fake_llm::openai_answer(&["Which ", "test?"], 30, 4)).await;
    let app = TestApp::embedded_with(
        |raw| {
            raw.llm.providers.push(mentor_server::config::RawProvider {
                name: "fake".to_owned(),
                kind: mentor_server::config::ProviderKind::Openai,
                base_url: fake.base.clone(),
                model: "tutor-small".to_owned(),
                api_key: String::new(),
                api_key_env: String::new(),
                prompt_price_per_mtok: 0.0,
                completion_price_per_mtok: 0.0,
            });
            raw.chat.ws_messages_per_minute = 3;
            raw.chat.ws_max_frame_bytes = 4096;
        },
        |_| {},
    )
    .await;
    let (ada, csrf) = app.signed_in_user("ada@example.org", true).await;
    let res = app
        .post(&ada, "/api/v1/chat/conversations", &csrf, Some(json!({})))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let session = app.raw_login("ada@example.org").await;

    // Refused handshakes: no cookie, no Origin, a foreign Origin.
    assert_eq!(refused_status(open(&app, None, Some(ORIGIN)).await), 401);
    assert_eq!(
        refused_status(open(&app, Some(&session.access), None).await),
        403
    );
    assert_eq!(
        refused_status(open(&app, Some(&session.access), Some("https://evil.example")).await),
        403
    );

    let mut socket = open(&app, Some(&session.access), Some(ORIGIN))
        .await
        .unwrap();
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(next_json(&mut socket).await["type"], "pong");
    send(
        &mut socket,
        json!({"type": "send", "conversation_id": id, "content": "Why?"}),
    )
    .await;
    let first = next_json(&mut socket).await;
    assert_eq!(first["type"], "message");
    assert_eq!(first["message"]["content"], "Why?");
    let mut text = String::new();
    let done = loop {
        let frame = next_json(&mut socket).await;
        match frame["type"].as_str().unwrap() {
            "delta" => text.push_str(frame["text"].as_str().unwrap()),
            "usage" => {}
            "done" => break frame,
            other => panic!("unexpected {other}: {frame}"),
        }
    };
    assert_eq!(text, "Which test?");
    assert_eq!(done["message"]["content"], "Which test?");

    // Another learner's conversation is refused like a missing one; bad frames get a refusal.
    send(
        &mut socket,
        json!({"type": "send", "conversation_id": uuid::Uuid::now_v7(), "content": "hi"}),
    )
    .await;
    let refused = next_json(&mut socket).await;
    assert_eq!(refused["type"], "refused");
    assert_eq!(refused["status"], 404);
    assert_eq!(refused["problem"]["status"], 404);
    // That was the third client frame this minute (the limit); the fourth closes the connection.
    send(&mut socket, json!({"type": "ping"})).await;
    let (code, reason) = close_reason(&mut socket).await;
    assert_eq!(code, CloseCode::Policy);
    assert_eq!(reason, "too many messages");

    // The limit is the learner's, over all their connections: a new one is closed too.
    let mut socket = open(&app, Some(&session.access), Some(ORIGIN))
        .await
        .unwrap();
    send(&mut socket, json!({"type": "ping"})).await;
    let (code, _) = close_reason(&mut socket).await;
    assert_eq!(code, CloseCode::Policy);

    // A frame over the size limit closes the connection (another learner, within the rate).
    app.signed_in_user("bob@example.org", true).await;
    let bob = app.raw_login("bob@example.org").await;
    let mut socket = open(&app, Some(&bob.access), Some(ORIGIN)).await.unwrap();
    send(
        &mut socket,
        json!({"type": "send", "conversation_id": id, "content": "x".repeat(5000)}),
    )
    .await;
    let (code, _) = close_reason(&mut socket).await;
    assert_eq!(code, CloseCode::Size);
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_closes_at_its_time_limit_with_a_reason() {
    let app = TestApp::embedded_with(|raw| raw.chat.ws_max_secs = 1, |_| {}).await;
    let (_ada, _) = app.signed_in_user("ada@example.org", true).await;
    let session = app.raw_login("ada@example.org").await;
    let mut socket = open(&app, Some(&session.access), Some(ORIGIN))
        .await
        .unwrap();
    let (code, reason) = close_reason(&mut socket).await;
    assert_eq!(code, CloseCode::Normal);
    assert!(reason.contains("time limit"), "{reason}");
    app.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_websocket_of_a_session_that_ends_is_closed() {
    let app = TestApp::embedded().await;
    let (_ada, _) = app.signed_in_user("ada@example.org", true).await;
    let session = app.raw_login("ada@example.org").await;
    let mut socket = open(&app, Some(&session.access), Some(ORIGIN))
        .await
        .unwrap();
    send(&mut socket, json!({"type": "ping"})).await;
    assert_eq!(next_json(&mut socket).await["type"], "pong");
    let res = TestApp::bare()
        .post(app.url("/api/v1/auth/logout"))
        .header("X-CSRF-Token", &session.csrf)
        .header(
            "Cookie",
            format!(
                "mentor-csrf={}; mentor-access={}; mentor-refresh={}",
                session.csrf, session.access, session.refresh
            ),
        )
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    send(&mut socket, json!({"type": "ping"})).await;
    let (code, reason) = close_reason(&mut socket).await;
    assert_eq!(code, CloseCode::Policy);
    assert!(reason.contains("session ended"), "{reason}");
    app.finish().await;
}
