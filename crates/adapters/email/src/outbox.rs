//! The embedded default's mailer: writes each message as an `.eml` file into a folder, where
//! a developer can open it. Files are written under a temporary name and renamed, so a
//! reader never sees half a message.

use std::path::PathBuf;

use async_trait::async_trait;
use lettre::message::Mailbox;
use mentor_auth::{AuthMail, Email, Mailer};
use time::OffsetDateTime;
use time::macros::format_description;

use crate::templates::Templates;

/// Writes messages to `<dir>/<timestamp>-<id>.eml`.
#[derive(Debug, Clone)]
pub struct OutboxMailer {
    dir: PathBuf,
    from: Mailbox,
    templates: Templates,
}

impl OutboxMailer {
    /// A mailer writing into `dir` (created if missing).
    ///
    /// # Errors
    /// When `from` is not a mailbox or the folder cannot be created.
    pub fn new(dir: impl Into<PathBuf>, from: &str, templates: Templates) -> anyhow::Result<Self> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir)?;
        Ok(Self {
            dir,
            from: from.parse()?,
            templates,
        })
    }
}

#[async_trait]
impl Mailer for OutboxMailer {
    async fn send(&self, to: &Email, mail: AuthMail) -> anyhow::Result<()> {
        let message = crate::build_message(&self.from, to, self.templates.render(&mail))?;
        let stamp = OffsetDateTime::now_utc().format(format_description!(
            "[year][month][day]T[hour][minute][second].[subsecond digits:6]Z"
        ))?;
        let name = format!("{stamp}-{}.eml", uuid::Uuid::new_v4());
        let tmp = self.dir.join(format!(".{name}.tmp"));
        tokio::fs::write(&tmp, message.formatted()).await?;
        tokio::fs::rename(&tmp, self.dir.join(&name)).await?;
        tracing::info!(file = %name, "mail written to outbox");
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use mentor_auth::DisplayName;

    use super::*;

    #[tokio::test]
    async fn each_message_becomes_one_eml_file() {
        let dir = tempfile::tempdir().unwrap();
        let mailer = OutboxMailer::new(
            dir.path(),
            "Mentor <no-reply@mentor.test>",
            Templates::new("http://x"),
        )
        .unwrap();
        let to = Email::parse("ada@example.org").unwrap();
        let mail = AuthMail::AlreadyRegistered {
            display_name: DisplayName::parse("Ada").unwrap(),
        };
        mailer.send(&to, mail.clone()).await.unwrap();
        mailer.send(&to, mail).await.unwrap();
        let files: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        assert_eq!(files.len(), 2);
        let text = std::fs::read_to_string(&files[0]).unwrap();
        assert!(text.contains("To: ada@example.org"));
        assert!(text.contains("Content-Type: text/html"));
    }
}
