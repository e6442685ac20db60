//! GitHub: OAuth 2 code flow with PKCE (no OpenID Connect), then `/user` for the stable id
//! and `/user/emails` for the verified primary address.

use std::time::Duration;

use async_trait::async_trait;
use mentor_auth::{Email, ExternalIdentity, IdentityProvider, IdentityProviderError, Provider};
use secrecy::SecretString;
use serde::Deserialize;

use crate::http::{TokenRequest, exchange_code, with_query};

/// Settings of the GitHub OAuth app.
#[derive(Clone)]
pub struct GitHubConfig {
    /// Authorization endpoint (`https://github.com/login/oauth/authorize`).
    pub authorize_url: url::Url,
    /// Token endpoint (`https://github.com/login/oauth/access_token`).
    pub token_url: url::Url,
    /// REST API base (`https://api.github.com`).
    pub api_url: url::Url,
    /// Our client id.
    pub client_id: String,
    /// Our client secret.
    pub client_secret: SecretString,
    /// Our callback URL, registered with GitHub.
    pub redirect_uri: String,
}

impl std::fmt::Debug for GitHubConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHubConfig")
            .field("client_id", &self.client_id)
            .field("redirect_uri", &self.redirect_uri)
            .finish_non_exhaustive()
    }
}

/// GitHub as an identity provider.
#[derive(Debug)]
pub struct GitHubProvider {
    config: GitHubConfig,
    http: reqwest::Client,
}

#[derive(Deserialize)]
struct GitHubUser {
    id: u64,
    login: String,
    name: Option<String>,
}

#[derive(Deserialize)]
struct GitHubEmail {
    email: String,
    primary: bool,
    verified: bool,
}

impl GitHubProvider {
    /// A provider with its own HTTP client (timeouts 10 s).
    ///
    /// # Errors
    /// When the HTTP client cannot be built.
    pub fn new(mut config: GitHubConfig) -> anyhow::Result<Self> {
        // `join` keeps the base's last segment only when it ends with a slash.
        if !config.api_url.path().ends_with('/') {
            let path = format!("{}/", config.api_url.path());
            config.api_url.set_path(&path);
        }
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent("mentor")
            .build()?;
        Ok(Self { config, http })
    }

    async fn api<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        token: &str,
    ) -> Result<T, IdentityProviderError> {
        let url = self
            .config
            .api_url
            .join(path)
            .map_err(|e| IdentityProviderError::Unavailable(e.into()))?;
        let res = self
            .http
            .get(url)
            .bearer_auth(token)
            .header("Accept", "application/vnd.github+json")
            .send()
            .await
            .map_err(|e| IdentityProviderError::Unavailable(anyhow::anyhow!("GitHub API: {e}")))?;
        let status = res.status();
        if status.is_client_error() {
            return Err(IdentityProviderError::Rejected(format!(
                "GitHub API refused the token ({status})"
            )));
        }
        if !status.is_success() {
            return Err(IdentityProviderError::Unavailable(anyhow::anyhow!(
                "GitHub API answered {status}"
            )));
        }
        res.json().await.map_err(|e| {
            IdentityProviderError::Unavailable(anyhow::anyhow!("GitHub API: unreadable: {e}"))
        })
    }
}

#[async_trait]
impl IdentityProvider for GitHubProvider {
    fn provider(&self) -> Provider {
        Provider::GitHub
    }

    fn issuer(&self) -> Option<String> {
        None
    }

    fn uses_nonce(&self) -> bool {
        false
    }

    fn authorization_url(&self, state: &str, pkce_challenge: &str, _nonce: Option<&str>) -> String {
        with_query(
            &self.config.authorize_url,
            &[
                ("response_type", "code"),
                ("client_id", self.config.client_id.as_str()),
                ("redirect_uri", self.config.redirect_uri.as_str()),
                ("scope", "read:user user:email"),
                ("state", state),
                ("code_challenge", pkce_challenge),
                ("code_challenge_method", "S256"),
                ("allow_signup", "true"),
            ],
        )
    }

    async fn identify(
        &self,
        code: &str,
        pkce_verifier: &SecretString,
        _nonce: Option<&str>,
    ) -> Result<ExternalIdentity, IdentityProviderError> {
        let request = TokenRequest {
            token_url: self.config.token_url.as_str(),
            client_id: &self.config.client_id,
            client_secret: &self.config.client_secret,
            redirect_uri: &self.config.redirect_uri,
        };
        let tokens = exchange_code(&self.http, &request, code, pkce_verifier).await?;
        let token = tokens.access_token.ok_or_else(|| {
            IdentityProviderError::Rejected("the token response has no access token".to_owned())
        })?;
        let user: GitHubUser = self.api("user", &token).await?;
        let emails: Vec<GitHubEmail> = self.api("user/emails", &token).await?;
        let primary = emails
            .into_iter()
            .find(|e| e.primary && e.verified)
            .and_then(|e| Email::parse(&e.email).ok());
        Ok(ExternalIdentity {
            provider: Provider::GitHub,
            subject: user.id.to_string(),
            email_verified: primary.is_some(),
            email: primary,
            name: user.name.or(Some(user.login)),
        })
    }
}
