//! The shared fake provider ([`mentor_fake_llm`]) and the TLS set-up reqwest needs.

use std::sync::Once;

pub use mentor_fake_llm::*;

pub fn install_crypto() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
