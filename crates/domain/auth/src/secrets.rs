//! One-time secrets: opaque tokens with 256 bits from the OS CSPRNG, and their SHA-256
//! hashes, which are all that storage ever sees.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::TryRngCore as _;
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

/// A freshly generated opaque token (refresh token, verification token). Secret.
#[derive(Clone)]
pub struct OpaqueToken(SecretString);

impl OpaqueToken {
    /// 32 random bytes from the operating system, base64url without padding.
    ///
    /// # Panics
    /// Never in practice: only if the operating system's random source fails, in which case
    /// no secret could be produced safely at all.
    #[must_use]
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        #[allow(clippy::expect_used)]
        OsRng
            .try_fill_bytes(&mut bytes)
            .expect("the operating system's random source failed");
        Self(SecretString::from(URL_SAFE_NO_PAD.encode(bytes)))
    }

    /// The token text, to hand to its owner exactly once.
    #[must_use]
    pub fn secret(&self) -> &SecretString {
        &self.0
    }

    /// The hash under which the token is stored.
    #[must_use]
    pub fn hash(&self) -> TokenHash {
        TokenHash::of(self.0.expose_secret())
    }
}

impl fmt::Debug for OpaqueToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OpaqueToken(..)")
    }
}

/// SHA-256 of a token, hex-encoded. A high-entropy token needs no salt or slow hash.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(String);

impl TokenHash {
    /// Hashes a presented token.
    #[must_use]
    pub fn of(token: &str) -> Self {
        let digest = Sha256::digest(token.as_bytes());
        Self(digest.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Wraps a hash read from storage.
    #[must_use]
    pub fn from_stored(hex: String) -> Self {
        Self(hex)
    }

    /// The hex text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TokenHash({}..)", self.0.get(..8).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_carry_256_bits_and_differ() {
        let a = OpaqueToken::generate();
        let b = OpaqueToken::generate();
        assert_eq!(a.secret().expose_secret().len(), 43);
        assert_ne!(a.secret().expose_secret(), b.secret().expose_secret());
        assert_ne!(a.hash(), b.hash());
    }

    #[test]
    fn hash_is_stable_and_not_the_token() {
        let t = OpaqueToken::generate();
        assert_eq!(t.hash(), TokenHash::of(t.secret().expose_secret()));
        assert_eq!(t.hash().as_str().len(), 64);
        assert_ne!(t.hash().as_str(), t.secret().expose_secret());
        assert!(!format!("{t:?}").contains(t.secret().expose_secret()));
    }
}
