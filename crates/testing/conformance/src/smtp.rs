//! A real SMTP server for tests: `aiosmtpd` (PyPI) writing every message into a Maildir,
//! killed when dropped. `.ci/scripts/test.sh` installs aiosmtpd when missing.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running capture server.
#[derive(Debug)]
pub struct SmtpCapture {
    child: Child,
    port: u16,
    maildir: PathBuf,
}

impl SmtpCapture {
    /// Starts a server on a free port of 127.0.0.1 that stores mail under `maildir`.
    ///
    /// # Panics
    /// When python3 with aiosmtpd is missing or the server does not come up.
    pub async fn start(maildir: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 with aiosmtpd is needed (.ci/scripts/test.sh installs it)");
        let capture = Self {
            child,
            port,
            maildir: maildir.to_path_buf(),
        };
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return capture;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP capture server did not start on port {port}");
    }

    /// The port it listens on.
    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Every message received so far, oldest first, as raw text.
    #[must_use]
    pub fn messages(&self) -> Vec<String> {
        read_messages(&self.maildir.join("new"))
    }
}

impl Drop for SmtpCapture {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The files of a folder (hidden ones skipped), oldest first, as text. File times are too
/// coarse to order messages written within a few milliseconds, so the order comes from the
/// names: outbox files start with a microsecond timestamp, and Maildir names are
/// `<seconds>.M<microseconds>P<pid>Q<n>.<host>`.
#[must_use]
pub fn read_messages(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        !p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    });
    files.sort_by_key(|p| order_key(&p.file_name().unwrap_or_default().to_string_lossy()));
    files
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn order_key(name: &str) -> (u64, u64, String) {
    let maildir = name.split_once(".M").and_then(|(secs, rest)| {
        let micros: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((secs.parse().ok()?, micros.parse().ok()?))
    });
    let (secs, micros) = maildir.unwrap_or((0, 0));
    (secs, micros, name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::order_key;

    #[test]
    fn maildir_names_order_by_time_not_by_text() {
        assert!(order_key("1700000000.M9P1Q1.host") < order_key("1700000000.M10P1Q2.host"));
        assert!(
            order_key("20261123T050000.000001Z-a.eml") < order_key("20261123T050000.000010Z-b.eml")
        );
    }
}
