//! The [`CredentialHasher`] contract.

use std::sync::Arc;

use mentor_auth::{CredentialHasher, PasswordHash};
use secrecy::SecretString;

/// A password verifies against its own hash and no other; salts make hashes differ; a
/// malformed stored hash is an error, not a mismatch.
pub async fn hashes_verify_only_their_password(hasher: Arc<dyn CredentialHasher>) {
    let password = SecretString::from("correct horse battery staple");
    let first = hasher.hash(&password).await.unwrap();
    let second = hasher.hash(&password).await.unwrap();
    assert_ne!(first, second, "each hash has its own salt");
    assert!(hasher.verify(&password, &first).await.unwrap());
    assert!(hasher.verify(&password, &second).await.unwrap());
    assert!(
        !hasher
            .verify(&SecretString::from("correct horse battery stapl"), &first)
            .await
            .unwrap()
    );
    assert!(
        !first.as_str().contains("correct horse"),
        "the password is not in the hash"
    );
    let corrupt = PasswordHash::new("$argon2id$garbage".to_owned());
    assert!(hasher.verify(&password, &corrupt).await.is_err());
}

/// Many concurrent hashes all complete (the concurrency bound queues, never fails).
pub async fn concurrent_hashing_is_queued_not_refused(hasher: Arc<dyn CredentialHasher>) {
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let hasher = hasher.clone();
            tokio::spawn(async move {
                hasher
                    .hash(&SecretString::from(format!("password number {i}")))
                    .await
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().is_ok());
    }
}
