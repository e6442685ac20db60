//! The token request both providers share (RFC 6749 §4.1.3 with PKCE, `client_secret_post`).

use mentor_auth::IdentityProviderError;
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;

/// The parts of a token response Mentor reads.
#[derive(Deserialize)]
pub(crate) struct TokenResponse {
    pub access_token: Option<String>,
    pub id_token: Option<String>,
    pub error: Option<String>,
}

/// Client credentials and endpoint.
pub(crate) struct TokenRequest<'a> {
    pub token_url: &'a str,
    pub client_id: &'a str,
    pub client_secret: &'a SecretString,
    pub redirect_uri: &'a str,
}

/// Exchanges `code` for tokens. A 4xx answer or an `error` member is a refusal; transport
/// failures and 5xx are outages.
pub(crate) async fn exchange_code(
    http: &reqwest::Client,
    request: &TokenRequest<'_>,
    code: &str,
    verifier: &SecretString,
) -> Result<TokenResponse, IdentityProviderError> {
    let body = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("redirect_uri", request.redirect_uri)
        .append_pair("client_id", request.client_id)
        .append_pair("client_secret", request.client_secret.expose_secret())
        .append_pair("code_verifier", verifier.expose_secret())
        .finish();
    let res = http
        .post(request.token_url)
        .header("Accept", "application/json")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(body)
        .send()
        .await
        .map_err(|e| IdentityProviderError::Unavailable(anyhow::anyhow!("token endpoint: {e}")))?;
    let status = res.status();
    if status.is_server_error() {
        return Err(IdentityProviderError::Unavailable(anyhow::anyhow!(
            "token endpoint answered {status}"
        )));
    }
    let tokens: TokenResponse = match res.json().await {
        Ok(tokens) => tokens,
        Err(_) if status.is_client_error() => {
            return Err(IdentityProviderError::Rejected(format!(
                "token endpoint refused the code ({status})"
            )));
        }
        Err(e) => {
            return Err(IdentityProviderError::Unavailable(anyhow::anyhow!(
                "token endpoint: unreadable answer: {e}"
            )));
        }
    };
    if !status.is_success() || tokens.error.is_some() {
        return Err(IdentityProviderError::Rejected(format!(
            "token endpoint refused the code ({status}, {})",
            tokens.error.as_deref().unwrap_or("no error code")
        )));
    }
    Ok(tokens)
}

/// `base?query` with the pairs appended.
pub(crate) fn with_query(base: &url::Url, pairs: &[(&str, &str)]) -> String {
    let mut url = base.clone();
    {
        let mut query = url.query_pairs_mut();
        for (k, v) in pairs {
            query.append_pair(k, v);
        }
    }
    url.into()
}
