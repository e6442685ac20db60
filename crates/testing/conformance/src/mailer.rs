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
    let to = |address: &str| {
        messages
            .iter()
            .find(|m| m.lines().any(|l| l == format!("To: {address}")))
            .unwrap_or_else(|| panic!("no message to {address}"))
    };
    let verify = to("ada@example.org");
    assert!(
        verify.contains("Subject: Confirm your email address for Mentor"),
        "{verify}"
    );
    assert!(
        verify.contains("Your verification code: code-0123456789"),
        "{verify}"
    );
    assert!(verify.contains("text/html"), "{verify}");
    let notice = to("grace@example.org");
    assert!(
        notice.contains("Subject: Someone tried to register with your address"),
        "{notice}"
    );
}
