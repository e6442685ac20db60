//! OpenID Connect (Google): authorization-code flow with PKCE and `nonce`; the ID token is
//! verified against the provider's JWKS (cached, refreshed once for an unknown `kid`).

use std::time::{Duration, Instant};

use async_trait::async_trait;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use mentor_auth::{Email, ExternalIdentity, IdentityProvider, IdentityProviderError, Provider};
use secrecy::SecretString;
use serde::Deserialize;
use tokio::sync::RwLock;

use crate::http::{TokenRequest, exchange_code, with_query};

/// How long fetched keys are trusted before they are fetched again.
const JWKS_TTL: Duration = Duration::from_secs(3600);

/// Settings of one OpenID Connect client.
#[derive(Clone)]
pub struct OidcConfig {
    /// Which provider this is (decides the callback path).
    pub provider: Provider,
    /// Expected `iss` (for Google `https://accounts.google.com`).
    pub issuer: String,
    /// Authorization endpoint.
    pub authorize_url: url::Url,
    /// Token endpoint.
    pub token_url: url::Url,
    /// JWKS endpoint.
    pub jwks_url: url::Url,
    /// Our client id (the expected `aud`).
    pub client_id: String,
    /// Our client secret.
    pub client_secret: SecretString,
    /// Our callback URL, registered with the provider.
    pub redirect_uri: String,
    /// Requested scopes.
    pub scopes: String,
}

impl std::fmt::Debug for OidcConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcConfig")
            .field("provider", &self.provider)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// An OpenID Connect identity provider.
#[derive(Debug)]
pub struct OidcProvider {
    config: OidcConfig,
    http: reqwest::Client,
    keys: RwLock<Option<(Instant, JwkSet)>>,
}

#[derive(Deserialize)]
struct IdClaims {
    sub: String,
    nonce: Option<String>,
    azp: Option<String>,
    email: Option<String>,
    #[serde(default, deserialize_with = "bool_or_string")]
    email_verified: bool,
    name: Option<String>,
}

/// Google has sent `email_verified` both as a boolean and as a string.
fn bool_or_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Flag {
        Bool(bool),
        Text(String),
    }
    Ok(match Flag::deserialize(d)? {
        Flag::Bool(b) => b,
        Flag::Text(t) => t == "true",
    })
}

impl OidcProvider {
    /// A provider with its own HTTP client (timeouts 10 s).
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(config: OidcConfig) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            config,
            http,
            keys: RwLock::new(None),
        })
    }

    async fn fetch_keys(&self) -> Result<JwkSet, IdentityProviderError> {
        let res = self
            .http
            .get(self.config.jwks_url.clone())
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| IdentityProviderError::Unavailable(anyhow::anyhow!("JWKS: {e}")))?;
        let keys: JwkSet = res.json().await.map_err(|e| {
            IdentityProviderError::Unavailable(anyhow::anyhow!("JWKS: unreadable: {e}"))
        })?;
        *self.keys.write().await = Some((Instant::now(), keys.clone()));
        Ok(keys)
    }

    /// The key for `kid`: from the cache while fresh, else fetched again (once).
    async fn key(&self, kid: &str) -> Result<DecodingKey, IdentityProviderError> {
        let cached = self
            .keys
            .read()
            .await
            .as_ref()
            .filter(|(at, _)| at.elapsed() < JWKS_TTL)
            .and_then(|(_, set)| set.find(kid).cloned());
        let jwk = match cached {
            Some(jwk) => jwk,
            None => self.fetch_keys().await?.find(kid).cloned().ok_or_else(|| {
                IdentityProviderError::Rejected(format!("ID token signed by unknown key {kid:?}"))
            })?,
        };
        DecodingKey::from_jwk(&jwk)
            .map_err(|e| IdentityProviderError::Rejected(format!("unusable signing key: {e}")))
    }

    async fn verify_id_token(
        &self,
        token: &str,
        nonce: Option<&str>,
    ) -> Result<IdClaims, IdentityProviderError> {
        let rejected = |why: String| IdentityProviderError::Rejected(why);
        let header = jsonwebtoken::decode_header(token)
            .map_err(|e| rejected(format!("ID token unreadable: {e}")))?;
        // Pinned: Google signs with RS256; anything else (none, HS*, …) is refused.
        if header.alg != Algorithm::RS256 {
            return Err(rejected(format!(
                "ID token algorithm {:?} not accepted",
                header.alg
            )));
        }
        let kid = header
            .kid
            .ok_or_else(|| rejected("ID token has no key id".to_owned()))?;
        let key = self.key(&kid).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.config.issuer]);
        validation.set_audience(&[&self.config.client_id]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 60;
        let claims = jsonwebtoken::decode::<IdClaims>(token, &key, &validation)
            .map_err(|e| rejected(format!("ID token refused: {e}")))?
            .claims;
        if claims
            .azp
            .as_deref()
            .is_some_and(|azp| azp != self.config.client_id)
        {
            return Err(rejected(
                "ID token issued to another party (azp)".to_owned(),
            ));
        }
        if claims.nonce.as_deref() != nonce {
            return Err(rejected(
                "ID token nonce does not match the flow".to_owned(),
            ));
        }
        Ok(claims)
    }
}

#[async_trait]
impl IdentityProvider for OidcProvider {
    fn provider(&self) -> Provider {
        self.config.provider
    }

    fn issuer(&self) -> Option<String> {
        Some(self.config.issuer.clone())
    }

    fn uses_nonce(&self) -> bool {
        true
    }

    fn authorization_url(&self, state: &str, pkce_challenge: &str, nonce: Option<&str>) -> String {
        let mut pairs = vec![
            ("response_type", "code"),
            ("client_id", self.config.client_id.as_str()),
            ("redirect_uri", self.config.redirect_uri.as_str()),
            ("scope", self.config.scopes.as_str()),
            ("state", state),
            ("code_challenge", pkce_challenge),
            ("code_challenge_method", "S256"),
        ];
        if let Some(nonce) = nonce {
            pairs.push(("nonce", nonce));
        }
        with_query(&self.config.authorize_url, &pairs)
    }

    async fn identify(
        &self,
        code: &str,
        pkce_verifier: &SecretString,
        nonce: Option<&str>,
    ) -> Result<ExternalIdentity, IdentityProviderError> {
        let request = TokenRequest {
            token_url: self.config.token_url.as_str(),
            client_id: &self.config.client_id,
            client_secret: &self.config.client_secret,
            redirect_uri: &self.config.redirect_uri,
        };
        let tokens = exchange_code(&self.http, &request, code, pkce_verifier).await?;
        let id_token = tokens.id_token.ok_or_else(|| {
            IdentityProviderError::Rejected("the token response has no ID token".to_owned())
        })?;
        let claims = self.verify_id_token(&id_token, nonce).await?;
        Ok(ExternalIdentity {
            provider: self.config.provider,
            subject: claims.sub,
            email: claims.email.as_deref().and_then(|e| Email::parse(e).ok()),
            email_verified: claims.email_verified,
            name: claims.name,
        })
    }
}
