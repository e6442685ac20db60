//! Access tokens: short-lived JWTs (RFC 9068 profile) signed with HS256 under a pinned
//! algorithm and key, carrying the session id so revocation can be checked on every request.

use std::fmt;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use mentor_kernel::{SessionId, UserId};
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

/// The `typ` header of every access token (RFC 9068).
pub const ACCESS_TOKEN_TYP: &str = "at+jwt";
/// Longest access-token lifetime the product allows.
pub const MAX_ACCESS_TTL: Duration = Duration::minutes(15);
/// Shortest signing key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 32;

/// Signing settings from configuration.
#[derive(Clone)]
pub struct JwtSettings {
    /// HMAC key, at least 32 bytes.
    pub secret: SecretString,
    /// `iss` claim: the public URL of this deployment.
    pub issuer: String,
    /// `aud` claim.
    pub audience: String,
    /// Lifetime, at most 15 minutes.
    pub ttl: Duration,
}

impl fmt::Debug for JwtSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JwtSettings")
            .field("secret", &"[redacted]")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("ttl", &self.ttl)
            .finish()
    }
}

/// Why an access token was refused. Deliberately coarse: callers answer 401 either way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccessTokenError {
    /// Expired.
    #[error("access token expired")]
    Expired,
    /// Anything else: bad signature, algorithm, type, audience, issuer, shape.
    #[error("access token invalid")]
    Invalid,
}

/// The claims inside an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Claims {
    iss: String,
    aud: String,
    sub: UserId,
    sid: SessionId,
    iat: i64,
    exp: i64,
}

/// A verified access token's subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessClaims {
    /// The user.
    pub user_id: UserId,
    /// The session the token belongs to.
    pub session_id: SessionId,
}

/// Issues and verifies access tokens.
#[derive(Clone)]
pub struct AccessTokens {
    key: SecretString,
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
    ttl: Duration,
}

impl fmt::Debug for AccessTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessTokens")
            .field("issuer", &self.issuer)
            .field("audience", &self.audience)
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

/// The settings cannot make safe tokens.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtSettingsError {
    /// The key is shorter than 32 bytes.
    #[error("the signing key must be at least {MIN_KEY_BYTES} bytes")]
    WeakKey,
    /// The lifetime is not in (0, 15 min].
    #[error("the access-token lifetime must be between 1 second and 15 minutes")]
    BadTtl,
}

impl AccessTokens {
    /// Builds the codec.
    ///
    /// # Errors
    /// [`JwtSettingsError`] for a short key or a lifetime over 15 minutes.
    pub fn new(settings: &JwtSettings) -> Result<Self, JwtSettingsError> {
        let key = settings.secret.expose_secret().as_bytes();
        if key.len() < MIN_KEY_BYTES {
            return Err(JwtSettingsError::WeakKey);
        }
        if settings.ttl <= Duration::ZERO || settings.ttl > MAX_ACCESS_TTL {
            return Err(JwtSettingsError::BadTtl);
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[&settings.issuer]);
        validation.set_audience(&[&settings.audience]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Ok(Self {
            key: settings.secret.clone(),
            encoding: EncodingKey::from_secret(key),
            decoding: DecodingKey::from_secret(key),
            validation,
            issuer: settings.issuer.clone(),
            audience: settings.audience.clone(),
            ttl: settings.ttl,
        })
    }

    /// A key for sealing OAuth flow cookies, derived from the signing key
    /// (`SHA-256("mentor-oauth-flow:" ‖ key)`), so the two uses never share a key.
    #[must_use]
    pub fn flow_key(&self) -> SecretString {
        use sha2::{Digest as _, Sha256};
        let mut hasher = Sha256::new();
        hasher.update(b"mentor-oauth-flow:");
        hasher.update(self.key.expose_secret().as_bytes());
        let hex: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        SecretString::from(hex)
    }

    /// The lifetime of issued tokens.
    #[must_use]
    pub fn ttl(&self) -> Duration {
        self.ttl
    }

    /// Signs a token for `user` in `session`, valid from `now` for the configured lifetime.
    ///
    /// # Errors
    /// Only if signing itself fails (it does not for HMAC keys).
    pub fn issue(
        &self,
        user_id: UserId,
        session_id: SessionId,
        now: OffsetDateTime,
    ) -> Result<(SecretString, OffsetDateTime), jsonwebtoken::errors::Error> {
        let expires_at = now + self.ttl;
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id,
            sid: session_id,
            iat: now.unix_timestamp(),
            exp: expires_at.unix_timestamp(),
        };
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(ACCESS_TOKEN_TYP.to_owned());
        let token = jsonwebtoken::encode(&header, &claims, &self.encoding)?;
        Ok((SecretString::from(token), expires_at))
    }

    /// Verifies signature, algorithm, `typ`, `iss`, `aud` and `exp`.
    ///
    /// # Errors
    /// [`AccessTokenError::Expired`] or [`AccessTokenError::Invalid`].
    pub fn verify(&self, token: &str) -> Result<AccessClaims, AccessTokenError> {
        let header = jsonwebtoken::decode_header(token).map_err(|_| AccessTokenError::Invalid)?;
        if header.alg != Algorithm::HS256 || header.typ.as_deref() != Some(ACCESS_TOKEN_TYP) {
            return Err(AccessTokenError::Invalid);
        }
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|e| match e.kind() {
                jsonwebtoken::errors::ErrorKind::ExpiredSignature => AccessTokenError::Expired,
                _ => AccessTokenError::Invalid,
            })?;
        Ok(AccessClaims {
            user_id: data.claims.sub,
            session_id: data.claims.sid,
        })
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn settings(secret: &str) -> JwtSettings {
        JwtSettings {
            secret: SecretString::from(secret),
            issuer: "http://127.0.0.1:8080".to_owned(),
            audience: "mentor-api".to_owned(),
            ttl: Duration::minutes(15),
        }
    }

    fn codec() -> AccessTokens {
        AccessTokens::new(&settings("0123456789abcdef0123456789abcdef")).unwrap()
    }

    fn now() -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }

    #[test]
    fn a_fresh_token_verifies() {
        let codec = codec();
        let (user, sid) = (UserId::generate(), SessionId::generate());
        let (token, exp) = codec.issue(user, sid, now()).unwrap();
        assert!(exp - now() <= MAX_ACCESS_TTL);
        let claims = codec.verify(token.expose_secret()).unwrap();
        assert_eq!((claims.user_id, claims.session_id), (user, sid));
    }

    #[test]
    fn short_keys_and_long_lifetimes_are_refused() {
        assert_eq!(
            AccessTokens::new(&settings("short")).err(),
            Some(JwtSettingsError::WeakKey)
        );
        let mut long = settings("0123456789abcdef0123456789abcdef");
        long.ttl = Duration::minutes(16);
        assert_eq!(
            AccessTokens::new(&long).err(),
            Some(JwtSettingsError::BadTtl)
        );
    }

    #[test]
    fn expired_tokens_are_refused() {
        let codec = codec();
        let (token, _) = codec
            .issue(
                UserId::generate(),
                SessionId::generate(),
                now() - Duration::minutes(20),
            )
            .unwrap();
        assert_eq!(
            codec.verify(token.expose_secret()),
            Err(AccessTokenError::Expired)
        );
    }

    #[test]
    fn tokens_signed_with_another_key_are_refused() {
        let other = AccessTokens::new(&settings("ffffffffffffffffffffffffffffffff")).unwrap();
        let (token, _) = other
            .issue(UserId::generate(), SessionId::generate(), now())
            .unwrap();
        assert_eq!(
            codec().verify(token.expose_secret()),
            Err(AccessTokenError::Invalid)
        );
    }

    #[test]
    fn alg_none_is_refused() {
        let (token, _) = codec()
            .issue(UserId::generate(), SessionId::generate(), now())
            .unwrap();
        let parts: Vec<&str> = token.expose_secret().split('.').collect();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"at+jwt"}"#);
        let forged = format!("{header}.{}.", parts[1]);
        assert_eq!(codec().verify(&forged), Err(AccessTokenError::Invalid));
    }

    #[test]
    fn wrong_audience_issuer_or_type_is_refused() {
        let key = "0123456789abcdef0123456789abcdef";
        let mut aud = settings(key);
        aud.audience = "someone-else".to_owned();
        let mut iss = settings(key);
        iss.issuer = "https://evil.example".to_owned();
        for s in [aud, iss] {
            let (token, _) = AccessTokens::new(&s)
                .unwrap()
                .issue(UserId::generate(), SessionId::generate(), now())
                .unwrap();
            assert_eq!(
                codec().verify(token.expose_secret()),
                Err(AccessTokenError::Invalid)
            );
        }
        let claims = Claims {
            iss: "http://127.0.0.1:8080".to_owned(),
            aud: "mentor-api".to_owned(),
            sub: UserId::generate(),
            sid: SessionId::generate(),
            iat: now().unix_timestamp(),
            exp: (now() + Duration::minutes(5)).unix_timestamp(),
        };
        let plain_jwt = jsonwebtoken::encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(key.as_bytes()),
        )
        .unwrap();
        assert_eq!(codec().verify(&plain_jwt), Err(AccessTokenError::Invalid));
    }

    #[test]
    fn opaque_refresh_tokens_are_not_access_tokens() {
        let refresh = crate::OpaqueToken::generate();
        assert_eq!(
            codec().verify(refresh.secret().expose_secret()),
            Err(AccessTokenError::Invalid)
        );
    }
}
