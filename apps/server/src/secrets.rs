//! Development secrets: generated on first start and kept in the data folder (mode 0600),
//! never compiled in. Production must configure its own (validation refuses to start
//! without).

use std::io::Write as _;
use std::path::Path;

use anyhow::Context as _;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRngCore as _;
use secrecy::SecretString;

const FILE: &str = "dev-jwt-secret";

/// The development signing key from `<data>/dev-jwt-secret`, created if missing.
///
/// # Errors
/// When the file cannot be read or written.
pub fn development_jwt_secret(data_dir: &Path) -> anyhow::Result<SecretString> {
    std::fs::create_dir_all(data_dir)?;
    let path = data_dir.join(FILE);
    if let Ok(existing) = std::fs::read_to_string(&path) {
        let existing = existing.trim().to_owned();
        if existing.len() >= mentor_auth::tokens::MIN_KEY_BYTES {
            return Ok(SecretString::from(existing));
        }
    }
    let mut bytes = [0u8; 48];
    rand::rngs::OsRng
        .try_fill_bytes(&mut bytes)
        .context("the operating system's random source failed")?;
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(secret.as_bytes())?;
    tracing::info!(file = %path.display(), "generated a development signing key");
    Ok(SecretString::from(secret))
}

#[cfg(test)]
mod tests {
    use secrecy::ExposeSecret as _;

    use super::*;

    #[test]
    fn the_development_secret_is_generated_once_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        let first = development_jwt_secret(dir.path()).unwrap();
        let second = development_jwt_secret(dir.path()).unwrap();
        assert_eq!(first.expose_secret(), second.expose_secret());
        assert!(first.expose_secret().len() >= 32);
    }
}
