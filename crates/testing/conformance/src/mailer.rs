//! The [`Mailer`] contract: a sent message reaches its recipient whole — subject, text with
//! the verification code, and an HTML alternative — and every message is kept separately.

use std::sync::Arc;

use mentor_auth::{AuthMail, DisplayName, Email, Mailer};
use secrecy::SecretString;

/// Sends two messages and checks what `inbox` (the adapter's delivery, as raw messages)
/// holds afterwards.
pub async fn messages_arrive_whole_and_separately(
    mailer: Arc<dyn Mailer>,
    inbox: impl Fn() -> Vec<String>,
) {
    let to = Email::parse("ada@example.org").unwrap();
    let verify = AuthMail::VerifyEmail {
        display_name: DisplayName::parse("Ada").unwrap(),
        token: SecretString::from("code-0123456789"),
        valid_hours: 24,
    };
    mailer.send(&to, verify).await.unwrap();
    let notice = AuthMail::AlreadyRegistered {
        display_name: DisplayName::parse("Ada").unwrap(),
    };
    mailer
        .send(&Email::parse("grace@example.org").unwrap(), notice)
        .await
        .unwrap();
    let messages = inbox();
    assert_eq!(messages.len(), 2, "one delivery per message");
    let first = &messages[0];
    assert!(first.lines().any(|l| l == "To: ada@example.org"), "{first}");
    assert!(
        first.contains("Subject: Confirm your email address for Mentor"),
        "{first}"
    );
    assert!(
        first.contains("Your verification code: code-0123456789"),
        "{first}"
    );
    assert!(first.contains("text/html"), "{first}");
    assert!(messages[1].lines().any(|l| l == "To: grace@example.org"));
}
