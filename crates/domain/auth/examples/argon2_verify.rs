//! Times one argon2id verify at the production parameters (used by `make bench`).
//!
//! Prints one line: `argon2_verify_ms <median>` over 20 verifies after a warm-up.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use mentor_auth::{Argon2Hasher, CredentialHasher as _, HasherLimits};
use secrecy::SecretString;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let hasher = Argon2Hasher::new(HasherLimits::default()).unwrap();
    let password = SecretString::from("correct horse battery staple");
    let hash = hasher.hash(&password).await.unwrap();
    hasher.verify(&password, &hash).await.unwrap();
    let mut samples = Vec::with_capacity(20);
    for _ in 0..20 {
        let started = Instant::now();
        assert!(hasher.verify(&password, &hash).await.unwrap());
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    samples.sort_by(f64::total_cmp);
    println!("argon2_verify_ms {:.3}", samples[samples.len() / 2]);
}
