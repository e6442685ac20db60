//! argon2id password hashing (OWASP parameters) kept off the async executor: every hash or
//! verify runs on the blocking pool, and a semaphore bounds how many run at once so a login
//! storm can neither starve other requests nor exhaust memory (ASVS 11.4.2).

use std::sync::Arc;

use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use async_trait::async_trait;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

use crate::model::PasswordHash;
use crate::ports::CredentialHasher;

/// argon2id cost parameters and concurrency bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HasherLimits {
    /// Memory per hash, KiB (OWASP: at least 19456).
    pub memory_kib: u32,
    /// Passes (OWASP: at least 2).
    pub iterations: u32,
    /// Lanes.
    pub parallelism: u32,
    /// Hashes allowed to run at the same time.
    pub max_concurrent: usize,
}

impl Default for HasherLimits {
    fn default() -> Self {
        Self {
            memory_kib: 19_456,
            iterations: 2,
            parallelism: 1,
            max_concurrent: std::thread::available_parallelism().map_or(2, usize::from),
        }
    }
}

/// The production [`CredentialHasher`].
#[derive(Debug, Clone)]
pub struct Argon2Hasher {
    params: Params,
    permits: Arc<Semaphore>,
}

impl Argon2Hasher {
    /// Builds a hasher with the given limits.
    ///
    /// # Errors
    /// When the parameters are outside what argon2 accepts.
    pub fn new(limits: HasherLimits) -> anyhow::Result<Self> {
        let params = Params::new(
            limits.memory_kib,
            limits.iterations,
            limits.parallelism,
            None,
        )
        .map_err(|e| anyhow::anyhow!("invalid argon2 parameters: {e}"))?;
        Ok(Self {
            params,
            permits: Arc::new(Semaphore::new(limits.max_concurrent.max(1))),
        })
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(Argon2<'static>) -> T + Send + 'static,
    ) -> anyhow::Result<T> {
        let _permit = self.permits.acquire().await?;
        let argon2 = self.argon2();
        Ok(tokio::task::spawn_blocking(move || work(argon2)).await?)
    }
}

#[async_trait]
impl CredentialHasher for Argon2Hasher {
    async fn hash(&self, password: &SecretString) -> anyhow::Result<PasswordHash> {
        let password = password.clone();
        let phc = self
            .run(move |argon2| {
                argon2
                    .hash_password(password.expose_secret().as_bytes())
                    .map(|h| h.to_string())
            })
            .await?
            .map_err(|e| anyhow::anyhow!("argon2 hashing failed: {e}"))?;
        Ok(PasswordHash::new(phc))
    }

    async fn verify(&self, password: &SecretString, hash: &PasswordHash) -> anyhow::Result<bool> {
        let password = password.clone();
        let phc = hash.as_str().to_owned();
        let outcome = self
            .run(move |argon2| {
                argon2.verify_password(password.expose_secret().as_bytes(), phc.as_str())
            })
            .await?;
        match outcome {
            Ok(()) => Ok(true),
            Err(argon2::password_hash::Error::PasswordInvalid) => Ok(false),
            Err(e) => Err(anyhow::anyhow!("stored password hash unusable: {e}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_are_argon2id_with_owasp_parameters_and_verify() {
        let hasher = Argon2Hasher::new(HasherLimits::default()).unwrap();
        let pw = SecretString::from("correct horse battery staple");
        let hash = hasher.hash(&pw).await.unwrap();
        assert!(
            hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{}",
            hash.as_str()
        );
        assert!(hasher.verify(&pw, &hash).await.unwrap());
        assert!(
            !hasher
                .verify(&SecretString::from("wrong"), &hash)
                .await
                .unwrap()
        );
    }

    #[tokio::test]
    async fn a_corrupt_hash_is_an_error_not_a_mismatch() {
        let hasher = Argon2Hasher::new(HasherLimits::default()).unwrap();
        let bad = PasswordHash::new("not-a-hash".to_owned());
        assert!(hasher.verify(&SecretString::from("x"), &bad).await.is_err());
    }
}
