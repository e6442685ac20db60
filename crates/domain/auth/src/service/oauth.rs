//! Sign-in with GitHub and Google: start a flow, finish it at the provider's own callback,
//! list and unlink identities. See [`crate::oauth`] for the defences and their order.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use mentor_kernel::UserId;
use secrecy::SecretString;

use super::{AuthService, IssuedTokens, Principal};
use crate::audit::{AuditAction, AuditEvent};
use crate::model::{DisplayName, Role, User};
use crate::oauth::{
    ExternalIdentity, IdentityProvider, IdentityProviderError, LinkIdentityError, LinkedIdentity,
    PendingFlow, Provider,
};
use crate::ports::{AuthMail, InsertUserError};
use crate::secrets::TokenHash;

/// Where to send the browser, and the sealed flow to keep in its cookie.
#[derive(Debug)]
pub struct OAuthStart {
    /// The provider's authorization URL with every parameter.
    pub redirect_to: String,
    /// The sealed [`PendingFlow`] (secret: cookie only).
    pub sealed_flow: SecretString,
}

/// What came back to a provider's callback path.
#[derive(Debug, Default)]
pub struct OAuthCallback {
    /// The sealed flow from the cookie, if the browser sent one.
    pub sealed_flow: Option<String>,
    /// `state` query parameter.
    pub state: Option<String>,
    /// `code` query parameter.
    pub code: Option<String>,
    /// `iss` query parameter (RFC 9207).
    pub iss: Option<String>,
    /// `error` query parameter (the user or provider refused).
    pub error: Option<String>,
    /// Client description, stored with the session.
    pub user_agent: Option<String>,
    /// Client IP.
    pub ip: Option<String>,
}

/// Why an external sign-in failed. No session was created in any case.
#[derive(Debug, thiserror::Error)]
pub enum OAuthError {
    /// The provider is not configured on this server.
    #[error("provider not configured")]
    NotConfigured,
    /// No flow cookie, or a forged or expired one.
    #[error("no valid sign-in in progress")]
    InvalidFlow,
    /// The callback arrived on another provider's path, or `iss` names another issuer.
    #[error("provider mix-up")]
    ProviderMismatch,
    /// `state` differs from the flow's.
    #[error("state mismatch")]
    StateMismatch,
    /// This flow's `state` was already used.
    #[error("state replayed")]
    Replayed,
    /// The user or the provider declined.
    #[error("the provider declined")]
    Denied,
    /// The provider's answer failed verification.
    #[error("the provider's answer was refused: {0}")]
    Rejected(String),
    /// The provider reported no address, or no verified one, for a new account.
    #[error("no verified email")]
    EmailUnverified,
    /// An account with this address exists but its owner never proved the address; it is
    /// not linked (that would hand a pre-registered account to whoever set its password).
    #[error("existing account not verified")]
    LocalAccountUnverified,
    /// The account is disabled.
    #[error("account disabled")]
    Disabled,
    /// The provider could not be reached.
    #[error("provider unavailable: {0:#}")]
    Unavailable(anyhow::Error),
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl OAuthError {
    /// A short code for the failure page's query string (no secrets, no addresses).
    #[must_use]
    pub const fn code(&self) -> &'static str {
        match self {
            Self::NotConfigured => "not_configured",
            Self::InvalidFlow => "expired",
            Self::ProviderMismatch => "provider_mismatch",
            Self::StateMismatch | Self::Replayed => "invalid_state",
            Self::Denied => "denied",
            Self::Rejected(_) => "rejected",
            Self::EmailUnverified => "email_unverified",
            Self::LocalAccountUnverified => "account_unverified",
            Self::Disabled => "account_disabled",
            Self::Unavailable(_) => "provider_unavailable",
            Self::Unexpected(_) => "server_error",
        }
    }
}

/// Why an identity could not be unlinked.
#[derive(Debug, thiserror::Error)]
pub enum UnlinkError {
    /// The user has no identity of this provider.
    #[error("no such identity")]
    NotLinked,
    /// It is the only way left to sign in (no password, no other identity).
    #[error("last way to sign in")]
    LastSignInMethod,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// How long a used `state` is remembered (longer than a flow lives).
const STATE_MEMORY: StdDuration = StdDuration::from_secs(20 * 60);

impl AuthService {
    /// Adds the configured identity providers.
    #[must_use]
    pub fn with_providers(mut self, providers: Vec<Arc<dyn IdentityProvider>>) -> Self {
        self.providers = providers;
        self
    }

    /// The configured providers.
    #[must_use]
    pub fn providers(&self) -> Vec<Provider> {
        self.providers.iter().map(|p| p.provider()).collect()
    }

    fn provider(&self, provider: Provider) -> Option<&Arc<dyn IdentityProvider>> {
        self.providers.iter().find(|p| p.provider() == provider)
    }

    /// Starts a sign-in with `provider`: a fresh flow, sealed for the browser's cookie, and
    /// the provider URL to redirect to.
    ///
    /// # Errors
    /// [`OAuthError::NotConfigured`], [`OAuthError::Unexpected`].
    pub fn oauth_start(&self, provider: Provider) -> Result<OAuthStart, OAuthError> {
        let idp = self.provider(provider).ok_or(OAuthError::NotConfigured)?;
        let flow = PendingFlow::generate(provider, idp.uses_nonce());
        let redirect_to =
            idp.authorization_url(&flow.state, &flow.pkce_challenge(), flow.nonce.as_deref());
        let sealed_flow = self.flows.seal(&flow, self.ports.clock.now())?;
        Ok(OAuthStart {
            redirect_to,
            sealed_flow,
        })
    }

    /// Finishes a sign-in that came back to `provider`'s callback path: checks the flow,
    /// has the provider verify the code, finds or creates and links the account, and opens a
    /// session.
    ///
    /// # Errors
    /// Every [`OAuthError`]; no session exists after an error.
    #[tracing::instrument(skip_all, fields(provider = %provider))]
    pub async fn oauth_finish(
        &self,
        provider: Provider,
        callback: OAuthCallback,
    ) -> Result<IssuedTokens, OAuthError> {
        let outcome = self.oauth_finish_inner(provider, callback).await;
        if let Err(e) = &outcome {
            tracing::info!(reason = %e, "external sign-in refused");
        }
        outcome
    }

    async fn oauth_finish_inner(
        &self,
        provider: Provider,
        callback: OAuthCallback,
    ) -> Result<IssuedTokens, OAuthError> {
        let idp = self.provider(provider).ok_or(OAuthError::NotConfigured)?;
        let flow = callback
            .sealed_flow
            .as_deref()
            .and_then(|sealed| self.flows.open(sealed))
            .ok_or(OAuthError::InvalidFlow)?;
        if flow.provider != provider {
            return Err(OAuthError::ProviderMismatch);
        }
        if let (Some(iss), Some(expected)) = (callback.iss.as_deref(), idp.issuer())
            && iss != expected
        {
            return Err(OAuthError::ProviderMismatch);
        }
        let state = callback.state.as_deref().unwrap_or_default();
        if !constant_time_eq(state.as_bytes(), flow.state.as_bytes()) {
            return Err(OAuthError::StateMismatch);
        }
        let mark = format!("oauth-state:{}", TokenHash::of(&flow.state).as_str());
        if !self.ports.limiter.first_use(&mark, STATE_MEMORY).await? {
            return Err(OAuthError::Replayed);
        }
        if callback.error.is_some() {
            return Err(OAuthError::Denied);
        }
        let code = callback.code.as_deref().ok_or(OAuthError::Denied)?;
        let identity = idp
            .identify(code, &flow.pkce_verifier, flow.nonce.as_deref())
            .await
            .map_err(|e| match e {
                IdentityProviderError::Rejected(why) => OAuthError::Rejected(why),
                IdentityProviderError::Unavailable(e) => OAuthError::Unavailable(e),
            })?;
        let user = self.account_for(&identity, callback.ip.clone()).await?;
        if user.disabled_at.is_some() {
            return Err(OAuthError::Disabled);
        }
        self.open_session(
            &user,
            callback.user_agent.as_deref(),
            callback.ip,
            Some(provider.as_str()),
        )
        .await?
        .ok_or(OAuthError::Disabled)
    }

    /// The account an external identity signs in to: the linked one; else the account with
    /// the provider-verified address (linked now); else a new account (created and linked).
    async fn account_for(
        &self,
        identity: &ExternalIdentity,
        ip: Option<String>,
    ) -> Result<User, OAuthError> {
        let users = &self.ports.users;
        if let Some(linked) = self
            .ports
            .identities
            .find(identity.provider, &identity.subject)
            .await?
        {
            return users
                .find_by_id(linked.user_id)
                .await?
                .ok_or_else(|| anyhow::anyhow!("identity linked to a missing account").into());
        }
        let email = match (&identity.email, identity.email_verified) {
            (Some(email), true) => email.clone(),
            _ => return Err(OAuthError::EmailUnverified),
        };
        let now = self.ports.clock.now();
        let user = match users.find_by_email(&email).await? {
            Some(existing) if !existing.email_verified() => {
                return Err(OAuthError::LocalAccountUnverified);
            }
            Some(existing) if existing.disabled_at.is_some() => return Err(OAuthError::Disabled),
            Some(existing) => existing,
            None => {
                let user = User {
                    id: UserId::generate(),
                    display_name: identity
                        .name
                        .as_deref()
                        .and_then(|n| DisplayName::parse(n).ok())
                        .unwrap_or_else(|| DisplayName::from_email(&email)),
                    email,
                    password_hash: None,
                    email_verified_at: Some(now),
                    roles: vec![Role::Learner],
                    created_at: now,
                    disabled_at: None,
                };
                match users.insert(&user).await {
                    Ok(()) => {
                        tracing::info!(user_id = %user.id, "account created by external sign-in");
                        self.record(
                            AuditEvent::new(user.id, AuditAction::Registered, now, ip.clone())
                                .with_detail(identity.provider.as_str()),
                        )
                        .await;
                        user
                    }
                    Err(InsertUserError::EmailTaken) => {
                        return Err(anyhow::anyhow!("account created concurrently; retry").into());
                    }
                    Err(InsertUserError::Unexpected(e)) => return Err(e.into()),
                }
            }
        };
        let linked = LinkedIdentity {
            provider: identity.provider,
            subject: identity.subject.clone(),
            user_id: user.id,
            email: identity.email.as_ref().map(|e| e.as_str().to_owned()),
            created_at: now,
        };
        match self.ports.identities.link(&linked).await {
            Ok(()) => {}
            Err(LinkIdentityError::AlreadyLinked) => {
                // A concurrent sign-in linked it first: use its result if it is this account.
                let winner = self
                    .ports
                    .identities
                    .find(identity.provider, &identity.subject)
                    .await?;
                return match winner {
                    Some(w) if w.user_id == user.id => Ok(user),
                    _ => Err(anyhow::anyhow!("identity linked concurrently elsewhere").into()),
                };
            }
            Err(LinkIdentityError::Unexpected(e)) => return Err(e.into()),
        }
        self.record(
            AuditEvent::new(user.id, AuditAction::IdentityLinked, now, ip)
                .with_detail(identity.provider.as_str()),
        )
        .await;
        // Tell the owner: a provider sign-in now opens this account.
        let notice = AuthMail::IdentityLinked {
            display_name: user.display_name.clone(),
            provider: identity.provider.as_str().to_owned(),
        };
        if let Err(e) = self.ports.mailer.send(&user.email, notice).await {
            tracing::error!(user_id = %user.id, error = format!("{e:#}"), "identity-linked notice not sent");
        }
        Ok(user)
    }

    /// The signed-in user's linked identities.
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn identities(&self, principal: &Principal) -> anyhow::Result<Vec<LinkedIdentity>> {
        self.ports.identities.list_for_user(principal.user_id).await
    }

    /// Unlinks the signed-in user's identity of `provider`, unless it is their last way to
    /// sign in.
    ///
    /// # Errors
    /// [`UnlinkError::NotLinked`], [`UnlinkError::LastSignInMethod`],
    /// [`UnlinkError::Unexpected`].
    pub async fn unlink_identity(
        &self,
        principal: &Principal,
        provider: Provider,
    ) -> Result<(), UnlinkError> {
        let identities = self.identities(principal).await?;
        if !identities.iter().any(|i| i.provider == provider) {
            return Err(UnlinkError::NotLinked);
        }
        let user = self
            .ports
            .users
            .find_by_id(principal.user_id)
            .await?
            .ok_or(UnlinkError::NotLinked)?;
        if user.password_hash.is_none() && identities.len() < 2 {
            return Err(UnlinkError::LastSignInMethod);
        }
        if !self
            .ports
            .identities
            .unlink(principal.user_id, provider)
            .await?
        {
            return Err(UnlinkError::NotLinked);
        }
        self.record(
            AuditEvent::new(
                principal.user_id,
                AuditAction::IdentityUnlinked,
                self.ports.clock.now(),
                principal.ip_text(),
            )
            .with_detail(provider.as_str()),
        )
        .await;
        Ok(())
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
