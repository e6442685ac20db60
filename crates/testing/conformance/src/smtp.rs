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

/// The files of a folder (hidden ones skipped), oldest first, as text.
#[must_use]
pub fn read_messages(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| {
        !p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    });
    files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    files
        .into_iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}
