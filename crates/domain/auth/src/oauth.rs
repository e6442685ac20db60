//! Sign-in with GitHub and Google: the provider port, the identity store port, and the sealed
//! browser-bound flow state (PKCE verifier, `state`, OIDC `nonce`) that travels in an
//! `HttpOnly` cookie between the start and the callback.
//!
//! Defences, in the order the callback applies them (see `docs/auth.md`):
//! 1. the flow cookie must be genuine (HMAC, `typ`, `aud`, 10-minute expiry);
//! 2. the callback path's provider must be the flow's provider (mix-up defence), and an
//!    `iss` parameter, when present, must be that provider's issuer (RFC 9207);
//! 3. `state` must equal the flow's, and may be used once (a replay mark in the rate limiter);
//! 4. the provider adapter exchanges the code with the PKCE verifier and, for OIDC, verifies
//!    the ID token (signature by JWKS, `iss`, `aud`, `exp`, `nonce`).

use std::fmt;

use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use mentor_kernel::UserId;
use secrecy::{ExposeSecret, SecretString};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use time::{Duration, OffsetDateTime};

use crate::model::Email;
use crate::secrets::OpaqueToken;

/// The identity providers Mentor supports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// GitHub (OAuth 2 + REST API).
    GitHub,
    /// Google (OpenID Connect).
    Google,
}

impl Provider {
    /// Every provider.
    pub const ALL: [Self; 2] = [Self::GitHub, Self::Google];

    /// The name used in paths, storage and configuration.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::GitHub => "github",
            Self::Google => "google",
        }
    }

    /// Parses a name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == raw)
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who the provider says signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternalIdentity {
    /// The provider.
    pub provider: Provider,
    /// The provider's stable subject id (never the e-mail).
    pub subject: String,
    /// The address the provider reports, if any.
    pub email: Option<Email>,
    /// Whether the provider asserts that the address is verified.
    pub email_verified: bool,
    /// A name to greet the user with.
    pub name: Option<String>,
}

/// Why a provider did not yield an identity.
#[derive(Debug, thiserror::Error)]
pub enum IdentityProviderError {
    /// The provider refused the code, or its answer failed verification (signature, `iss`,
    /// `aud`, `exp`, `nonce`) — a refusal, not an outage.
    #[error("the provider's answer was refused: {0}")]
    Rejected(String),
    /// The provider could not be reached or answered nonsense.
    #[error(transparent)]
    Unavailable(#[from] anyhow::Error),
}

/// One external identity provider. (No mockall mock: `Option<&str>` arguments defeat it, and
/// the adapters are tested against a real local OpenID provider instead.)
#[async_trait]
pub trait IdentityProvider: Send + Sync {
    /// Which provider this is.
    fn provider(&self) -> Provider;

    /// The issuer identifier the provider puts in `iss` (RFC 9207), if it has one.
    fn issuer(&self) -> Option<String>;

    /// Whether the flow carries an OIDC `nonce`.
    fn uses_nonce(&self) -> bool;

    /// The URL to send the browser to, with `state`, the S256 PKCE challenge and the nonce.
    fn authorization_url(&self, state: &str, pkce_challenge: &str, nonce: Option<&str>) -> String;

    /// Exchanges the authorization code (with the PKCE verifier) for a verified identity.
    /// For OpenID Connect the ID token MUST be verified: signature against the provider's
    /// JWKS with a pinned algorithm, `iss`, `aud` = our client id, `exp`, and `nonce` equal
    /// to `nonce`.
    ///
    /// # Errors
    /// [`IdentityProviderError::Rejected`] for anything that fails verification;
    /// [`IdentityProviderError::Unavailable`] for transport failures.
    async fn identify(
        &self,
        code: &str,
        pkce_verifier: &SecretString,
        nonce: Option<&str>,
    ) -> Result<ExternalIdentity, IdentityProviderError>;
}

/// A linked external identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedIdentity {
    /// The provider.
    pub provider: Provider,
    /// The provider's subject id.
    pub subject: String,
    /// The account it signs in to.
    pub user_id: UserId,
    /// The address the provider reported when linking.
    pub email: Option<String>,
    /// When it was linked.
    pub created_at: OffsetDateTime,
}

/// Why an identity could not be linked.
#[derive(Debug, thiserror::Error)]
pub enum LinkIdentityError {
    /// This (provider, subject) is already linked (to any account).
    #[error("identity already linked")]
    AlreadyLinked,
    /// Storage failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Stores external identities keyed by (provider, subject).
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait IdentityRepository: Send + Sync {
    /// Links an identity.
    ///
    /// # Errors
    /// MUST return [`LinkIdentityError::AlreadyLinked`] when (provider, subject) exists, also
    /// when two links race; nothing changes then.
    async fn link(&self, identity: &LinkedIdentity) -> Result<(), LinkIdentityError>;

    /// The identity with this key, or `None`.
    ///
    /// # Errors
    /// Storage failure.
    async fn find(
        &self,
        provider: Provider,
        subject: &str,
    ) -> anyhow::Result<Option<LinkedIdentity>>;

    /// The user's identities, ordered by provider.
    ///
    /// # Errors
    /// Storage failure.
    async fn list_for_user(&self, user: UserId) -> anyhow::Result<Vec<LinkedIdentity>>;

    /// Removes the user's identity of `provider`. Returns whether one existed. MUST NOT
    /// touch other users' identities.
    ///
    /// # Errors
    /// Storage failure.
    async fn unlink(&self, user: UserId, provider: Provider) -> anyhow::Result<bool>;
}

/// The state of one sign-in attempt, sealed into a cookie between start and callback.
#[derive(Clone)]
pub struct PendingFlow {
    /// The provider the flow was started for.
    pub provider: Provider,
    /// The `state` sent to the provider.
    pub state: String,
    /// The PKCE verifier.
    pub pkce_verifier: SecretString,
    /// The OIDC nonce, for providers that use one.
    pub nonce: Option<String>,
}

impl fmt::Debug for PendingFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PendingFlow")
            .field("provider", &self.provider)
            .finish_non_exhaustive()
    }
}

impl PartialEq for PendingFlow {
    fn eq(&self, other: &Self) -> bool {
        self.provider == other.provider
            && self.state == other.state
            && self.pkce_verifier.expose_secret() == other.pkce_verifier.expose_secret()
            && self.nonce == other.nonce
    }
}

impl Eq for PendingFlow {}

impl PendingFlow {
    /// A fresh flow: random `state`, 256-bit PKCE verifier, and a nonce when asked.
    #[must_use]
    pub fn generate(provider: Provider, with_nonce: bool) -> Self {
        let secret = |t: OpaqueToken| t.secret().expose_secret().to_owned();
        Self {
            provider,
            state: secret(OpaqueToken::generate()),
            pkce_verifier: OpaqueToken::generate().secret().clone(),
            nonce: with_nonce.then(|| secret(OpaqueToken::generate())),
        }
    }

    /// The S256 PKCE challenge: `BASE64URL(SHA256(verifier))` (RFC 7636).
    #[must_use]
    pub fn pkce_challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(
            self.pkce_verifier.expose_secret().as_bytes(),
        ))
    }
}

/// The `typ` header of sealed flow cookies (never accepted as an access token).
pub const FLOW_TYP: &str = "oauth-flow+jwt";
const FLOW_AUDIENCE: &str = "mentor-oauth-flow";
/// How long a started sign-in may take.
pub const FLOW_TTL: Duration = Duration::minutes(10);

#[derive(Serialize, Deserialize)]
struct FlowClaims {
    aud: String,
    exp: i64,
    prv: Provider,
    st: String,
    cv: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    nn: Option<String>,
}

/// Seals [`PendingFlow`]s into tamper-proof cookie values (HS256 with the server key, its own
/// `typ` and audience) and opens them again.
#[derive(Clone)]
pub struct FlowSealer {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl fmt::Debug for FlowSealer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FlowSealer { .. }")
    }
}

impl FlowSealer {
    /// A sealer with `key` (derived from the access-token key by
    /// [`crate::AccessTokens::flow_key`]; `typ` and audience keep the token kinds apart too).
    #[must_use]
    pub fn new(key: &SecretString) -> Self {
        let bytes = key.expose_secret().as_bytes();
        Self {
            encoding: EncodingKey::from_secret(bytes),
            decoding: DecodingKey::from_secret(bytes),
        }
    }

    /// Seals a flow, valid for [`FLOW_TTL`] from `now`.
    ///
    /// # Errors
    /// When signing fails.
    pub fn seal(&self, flow: &PendingFlow, now: OffsetDateTime) -> anyhow::Result<SecretString> {
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(FLOW_TYP.to_owned());
        let claims = FlowClaims {
            aud: FLOW_AUDIENCE.to_owned(),
            exp: (now + FLOW_TTL).unix_timestamp(),
            prv: flow.provider,
            st: flow.state.clone(),
            cv: flow.pkce_verifier.expose_secret().to_owned(),
            nn: flow.nonce.clone(),
        };
        Ok(SecretString::from(jsonwebtoken::encode(
            &header,
            &claims,
            &self.encoding,
        )?))
    }

    /// Opens a sealed flow; `None` when forged, altered, of another type, or expired.
    #[must_use]
    pub fn open(&self, sealed: &str) -> Option<PendingFlow> {
        let header = jsonwebtoken::decode_header(sealed).ok()?;
        if header.typ.as_deref() != Some(FLOW_TYP) {
            return None;
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[FLOW_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud"]);
        validation.leeway = 0;
        let claims = jsonwebtoken::decode::<FlowClaims>(sealed, &self.decoding, &validation)
            .ok()?
            .claims;
        Some(PendingFlow {
            provider: claims.prv,
            state: claims.st,
            pkce_verifier: SecretString::from(claims.cv),
            nonce: claims.nn,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealer() -> FlowSealer {
        FlowSealer::new(&SecretString::from("k3y-for-tests-only-0123456789abcdefgh"))
    }

    #[test]
    fn a_sealed_flow_opens_to_itself() {
        let flow = PendingFlow::generate(Provider::Google, true);
        let sealed = sealer().seal(&flow, OffsetDateTime::now_utc()).unwrap();
        assert_eq!(sealer().open(sealed.expose_secret()), Some(flow));
    }

    #[test]
    fn altered_foreign_or_expired_flows_do_not_open() {
        let flow = PendingFlow::generate(Provider::GitHub, false);
        let sealed = sealer().seal(&flow, OffsetDateTime::now_utc()).unwrap();
        let text = sealed.expose_secret();
        let other = FlowSealer::new(&SecretString::from("another-key-0123456789abcdefghijkl"));
        assert_eq!(other.open(text), None);
        let mut altered = text.to_owned();
        altered.pop();
        assert_eq!(sealer().open(&altered), None);
        let old = sealer()
            .seal(&flow, OffsetDateTime::now_utc() - Duration::minutes(11))
            .unwrap();
        assert_eq!(sealer().open(old.expose_secret()), None);
    }

    #[test]
    fn the_pkce_challenge_is_s256_of_the_verifier() {
        // RFC 7636, appendix B.
        let flow = PendingFlow {
            provider: Provider::Google,
            state: "s".to_owned(),
            pkce_verifier: SecretString::from("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            nonce: None,
        };
        assert_eq!(
            flow.pkce_challenge(),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn provider_names_round_trip() {
        for p in Provider::ALL {
            assert_eq!(Provider::parse(p.as_str()), Some(p));
        }
        assert_eq!(Provider::parse("gitlab"), None);
    }
}
