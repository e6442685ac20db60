//! E-mail: text + HTML templates for every message the domains send, an SMTP mailer
//! (lettre, production) and a file outbox (embedded default: one `.eml` file per message).
#![forbid(unsafe_code)]

mod outbox;
mod smtp;
mod templates;

pub use outbox::OutboxMailer;
pub use smtp::{SmtpMailer, SmtpSettings, SmtpTls};
pub use templates::{RenderedMail, Templates};

use lettre::Message;
use lettre::message::{Mailbox, MultiPart};
use mentor_auth::Email;

/// Builds the MIME message (multipart/alternative, text first) for one rendered mail.
fn build_message(from: &Mailbox, to: &Email, rendered: RenderedMail) -> anyhow::Result<Message> {
    let to: Mailbox = to.as_str().parse()?;
    Ok(Message::builder()
        .from(from.clone())
        .to(to)
        .subject(rendered.subject)
        .multipart(MultiPart::alternative_plain_html(
            rendered.text,
            rendered.html,
        ))?)
}

/// Whether `raw` is a mailbox such as `Mentor <no-reply@example.org>`.
#[must_use]
pub fn is_valid_mailbox(raw: &str) -> bool {
    raw.parse::<Mailbox>().is_ok()
}
