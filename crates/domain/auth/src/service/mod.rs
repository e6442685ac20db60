//! The auth use cases: register, verify, sign in, refresh, sign out, sessions, current user;
//! [`oauth`] adds sign-in with GitHub and Google, [`admin`] the administration of accounts.

mod admin;
mod email_change;
mod oauth;
mod profile;

pub use admin::{AdminError, UserFilter};
pub use email_change::{ConfirmEmailChangeError, RequestEmailChangeError};
pub use oauth::{OAuthCallback, OAuthError, OAuthStart, UnlinkError};
pub use profile::{OnboardingError, ProfileUpdate};

use std::sync::Arc;

use mentor_kernel::{Clock, RateLimiter, SessionId, UserId};
use secrecy::{ExposeSecret, SecretString};
use time::{Duration, OffsetDateTime};

use crate::audit::{AuditAction, AuditEvent};
use crate::model::{DisplayName, Email, PasswordHash, Role, User};
use crate::oauth::{FlowSealer, IdentityProvider, IdentityRepository};
use crate::password_policy::{Password, PasswordPolicyError};
use crate::ports::{
    AuditLog, AuthMail, CredentialHasher, InsertUserError, Mailer, OneTimeToken, OneTimeTokenStore,
    RotateOutcome, SessionStore, TokenPurpose, UserRepository,
};
use crate::profile::ProfileRepository;
use crate::secrets::{OpaqueToken, TokenHash};
use crate::session::{Session, SessionPolicy, clean_user_agent};
use crate::throttle::{MailRequest, Throttle, ThrottlePolicies, Throttled};
use crate::tokens::{AccessTokenError, AccessTokens};

/// Every port the service needs.
#[derive(Clone)]
pub struct AuthPorts {
    /// Accounts.
    pub users: Arc<dyn UserRepository>,
    /// Password hashing.
    pub hasher: Arc<dyn CredentialHasher>,
    /// Sessions and refresh families.
    pub sessions: Arc<dyn SessionStore>,
    /// Verification tokens.
    pub one_time_tokens: Arc<dyn OneTimeTokenStore>,
    /// Outgoing mail.
    pub mailer: Arc<dyn Mailer>,
    /// Security audit trail.
    pub audit: Arc<dyn AuditLog>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// Throttling state (also the replay guard of OAuth `state`).
    pub limiter: Arc<dyn RateLimiter>,
    /// External identities (GitHub, Google).
    pub identities: Arc<dyn IdentityRepository>,
    /// Learner profiles.
    pub profiles: Arc<dyn ProfileRepository>,
}

impl std::fmt::Debug for AuthPorts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthPorts").finish_non_exhaustive()
    }
}

/// Lifetimes and limits of the auth use cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthConfig {
    /// Session lifetimes.
    pub sessions: SessionPolicy,
    /// How long a verification token works (24 h by default).
    pub verification_ttl: Duration,
    /// A new verification or reset mail is sent at most this often per account.
    pub resend_cooldown: Duration,
    /// How long a password-reset code works (30 minutes by default).
    pub reset_ttl: Duration,
    /// Throttling of sign-in, registration and mail requests.
    pub throttle: ThrottlePolicies,
}

impl Default for AuthConfig {
    fn default() -> Self {
        Self {
            sessions: SessionPolicy::default(),
            verification_ttl: Duration::hours(24),
            resend_cooldown: Duration::minutes(1),
            reset_ttl: Duration::minutes(30),
            throttle: ThrottlePolicies::default(),
        }
    }
}

/// Why a registration failed. Taken addresses are not an error: the caller must not learn
/// about them.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// Too many registrations from this client; retry later.
    #[error(transparent)]
    Throttled(#[from] Throttled),
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why an address could not be verified.
#[derive(Debug, thiserror::Error)]
pub enum VerifyEmailError {
    /// The code is unknown, already used or expired.
    #[error("verification code is invalid or expired")]
    InvalidToken,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why sign-in failed.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Wrong e-mail or password (never says which).
    #[error("email or password is wrong")]
    InvalidCredentials,
    /// Too many attempts for this account or from this client; retry later.
    #[error(transparent)]
    Throttled(#[from] Throttled),
    /// The account was disabled by an admin (said only after a correct password).
    #[error("account disabled")]
    Disabled,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a refresh failed.
#[derive(Debug, thiserror::Error)]
pub enum RefreshError {
    /// Unknown token, or its session ended.
    #[error("refresh token is invalid or its session ended")]
    InvalidToken,
    /// A token that had already been rotated was presented again; the session was revoked.
    #[error("refresh token reuse detected; the session was ended")]
    Reused,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a request could not be authenticated.
#[derive(Debug, thiserror::Error)]
pub enum AuthenticateError {
    /// The access token is malformed, forged or expired.
    #[error("access token is invalid or expired")]
    InvalidToken,
    /// The token is genuine but its session was revoked or timed out (or the account is gone).
    #[error("session has ended")]
    SessionEnded,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a password reset could not be completed. Nothing changed, and the code still works
/// unless it was the code that was wrong.
#[derive(Debug, thiserror::Error)]
pub enum ResetPasswordError {
    /// The code is unknown, already used or expired.
    #[error("reset code is invalid or expired")]
    InvalidToken,
    /// The new password breaks the policy.
    #[error(transparent)]
    Policy(#[from] PasswordPolicyError),
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a password could not be changed. Nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum ChangePasswordError {
    /// The current password given is wrong.
    #[error("the current password is wrong")]
    WrongPassword,
    /// Too many wrong passwords; retry later.
    #[error(transparent)]
    Throttled(#[from] Throttled),
    /// The new password breaks the policy.
    #[error(transparent)]
    Policy(#[from] PasswordPolicyError),
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a re-authentication failed.
enum Reauth {
    /// Wrong password (or none set).
    Wrong,
    /// Too many wrong passwords.
    Throttled(Throttled),
}

/// Why an operator could not create an account.
#[derive(Debug, thiserror::Error)]
pub enum CreateUserError {
    /// An account with this address exists.
    #[error("an account with this email already exists")]
    EmailTaken,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// An account created by an operator (for example the first admin).
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Sign-in address (counted as verified: the operator vouches for it).
    pub email: Email,
    /// A password that passed the policy.
    pub password: Password,
    /// Display name; defaults to the address's local part.
    pub display_name: Option<DisplayName>,
    /// Roles in addition to `learner`.
    pub roles: Vec<Role>,
}

/// Why an unauthenticated mail request (resend, reset) was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum MailRequestError {
    /// Too many requests from this client; retry later.
    #[error(transparent)]
    Throttled(#[from] Throttled),
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why a session could not be ended.
#[derive(Debug, thiserror::Error)]
pub enum RevokeSessionError {
    /// No such session among the caller's.
    #[error("session not found")]
    NotFound,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Input of [`AuthService::register`], already validated.
#[derive(Debug, Clone)]
pub struct RegisterRequest {
    /// Sign-in address.
    pub email: Email,
    /// A password that passed the policy.
    pub password: Password,
    /// Optional name; defaults to the address's local part.
    pub display_name: Option<DisplayName>,
    /// Client IP, for throttling and the audit trail.
    pub ip: Option<String>,
}

/// Input of [`AuthService::login`].
#[derive(Debug, Clone)]
pub struct LoginRequest {
    /// Sign-in address.
    pub email: Email,
    /// Password as typed.
    pub password: SecretString,
    /// Client description, stored with the session.
    pub user_agent: Option<String>,
    /// Client IP, stored with the session.
    pub ip: Option<String>,
}

/// A caller proven by a valid access token whose session is live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Principal {
    /// The user.
    pub user_id: UserId,
    /// The session the request belongs to.
    pub session_id: SessionId,
    /// The client IP of this request, for the audit trail (set by the HTTP edge).
    pub ip: Option<std::net::IpAddr>,
}

impl Principal {
    /// The same principal, calling from `ip`.
    #[must_use]
    pub fn from_ip(mut self, ip: Option<std::net::IpAddr>) -> Self {
        self.ip = ip;
        self
    }

    /// The client IP as stored in audit events.
    #[must_use]
    pub fn ip_text(&self) -> Option<String> {
        self.ip.map(|ip| ip.to_string())
    }
}

/// Tokens handed to the client after sign-in or refresh. Secret: they go into cookies only.
#[derive(Debug, Clone)]
pub struct IssuedTokens {
    /// The user signed in.
    pub user_id: UserId,
    /// The session.
    pub session_id: SessionId,
    /// Access JWT.
    pub access_token: SecretString,
    /// When the access token expires.
    pub access_expires_at: OffsetDateTime,
    /// Opaque refresh token.
    pub refresh_token: SecretString,
    /// When the session (and so the refresh token) ends at the latest.
    pub refresh_expires_at: OffsetDateTime,
}

/// One session as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionView {
    /// Id, for revoking it.
    pub id: SessionId,
    /// Sign-in time.
    pub created_at: OffsetDateTime,
    /// Last activity.
    pub last_seen_at: OffsetDateTime,
    /// Absolute end.
    pub expires_at: OffsetDateTime,
    /// Client description.
    pub user_agent: Option<String>,
    /// Client IP at sign-in.
    pub ip: Option<String>,
    /// Whether this is the session making the request.
    pub current: bool,
}

/// The auth use cases.
pub struct AuthService {
    ports: AuthPorts,
    access: AccessTokens,
    config: AuthConfig,
    throttle: Throttle,
    providers: Vec<Arc<dyn IdentityProvider>>,
    flows: FlowSealer,
    /// Hash of a random password, verified against when the e-mail is unknown so that the
    /// answer takes as long as for a known one.
    dummy_hash: PasswordHash,
}

impl std::fmt::Debug for AuthService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AuthService")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl AuthService {
    /// Builds the service (hashes one random password for timing equalisation).
    ///
    /// # Errors
    /// When the hasher fails.
    pub async fn new(
        ports: AuthPorts,
        access: AccessTokens,
        config: AuthConfig,
    ) -> anyhow::Result<Self> {
        let random = OpaqueToken::generate();
        let dummy_hash = ports.hasher.hash(random.secret()).await?;
        let throttle = Throttle::new(ports.limiter.clone(), config.throttle);
        let flows = FlowSealer::new(&access.flow_key());
        Ok(Self {
            throttle,
            providers: Vec::new(),
            flows,
            ports,
            access,
            config,
            dummy_hash,
        })
    }

    /// Appends an audit event; a failing audit store is logged, never fatal to the use case.
    async fn audit(&self, user: UserId, action: AuditAction, ip: Option<String>) {
        self.record(AuditEvent::new(user, action, self.ports.clock.now(), ip))
            .await;
    }

    /// Appends a prepared audit event (logged, never fatal, when the store fails).
    async fn record(&self, event: AuditEvent) {
        if let Err(e) = self.ports.audit.record(&event).await {
            tracing::error!(user = %event.user_id, action = event.action.as_str(), error = format!("{e:#}"), "audit event lost");
        }
    }

    /// The signed-in user's security events, newest first, before the event `before`.
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn security_events(
        &self,
        principal: &Principal,
        before: Option<uuid::Uuid>,
        limit: u64,
    ) -> anyhow::Result<Vec<AuditEvent>> {
        self.ports
            .audit
            .list_for_user(principal.user_id, before, limit.clamp(1, 100))
            .await
    }

    /// The configured lifetimes.
    #[must_use]
    pub fn config(&self) -> &AuthConfig {
        &self.config
    }

    /// Registers an account, or — when the address is taken — tells its owner by mail. Both
    /// paths hash the password and send one mail, and the caller gets the same answer.
    ///
    /// # Errors
    /// [`RegisterError::Unexpected`] only.
    #[tracing::instrument(skip_all)]
    pub async fn register(&self, request: RegisterRequest) -> Result<(), RegisterError> {
        self.throttle.register(request.ip.as_deref()).await??;
        let password_hash = self.ports.hasher.hash(request.password.secret()).await?;
        if let Some(existing) = self.ports.users.find_by_email(&request.email).await? {
            return Ok(self.notify_existing(&existing).await?);
        }
        let now = self.ports.clock.now();
        let display_name = request
            .display_name
            .unwrap_or_else(|| DisplayName::from_email(&request.email));
        let user = User {
            id: UserId::generate(),
            email: request.email,
            display_name,
            password_hash: Some(password_hash),
            email_verified_at: None,
            roles: vec![Role::Learner],
            disabled_at: None,
            created_at: now,
        };
        match self.ports.users.insert(&user).await {
            Ok(()) => {
                tracing::info!(user_id = %user.id, "account registered");
                self.audit(user.id, AuditAction::Registered, request.ip)
                    .await;
                Ok(self.send_verification(&user, now).await?)
            }
            Err(InsertUserError::EmailTaken) => {
                match self.ports.users.find_by_email(&user.email).await? {
                    Some(existing) => Ok(self.notify_existing(&existing).await?),
                    None => Err(anyhow::anyhow!("email reported taken but not found").into()),
                }
            }
            Err(InsertUserError::Unexpected(e)) => Err(e.into()),
        }
    }

    async fn notify_existing(&self, existing: &User) -> anyhow::Result<()> {
        if existing.email_verified() {
            let mail = AuthMail::AlreadyRegistered {
                display_name: existing.display_name.clone(),
            };
            self.ports.mailer.send(&existing.email, mail).await?;
            Ok(())
        } else {
            self.send_verification_unless_recent(existing).await
        }
    }

    /// Sends a verification mail unless one went out within the cool-down, so repeated
    /// registrations or resends cannot flood an inbox.
    async fn send_verification_unless_recent(&self, user: &User) -> anyhow::Result<()> {
        let now = self.ports.clock.now();
        let last = self
            .ports
            .one_time_tokens
            .latest_issued_at(user.id, TokenPurpose::VerifyEmail)
            .await?;
        if last.is_some_and(|at| now - at < self.config.resend_cooldown) {
            tracing::info!(user_id = %user.id, "verification mail throttled");
            return Ok(());
        }
        self.send_verification(user, now).await
    }

    async fn send_verification(&self, user: &User, now: OffsetDateTime) -> anyhow::Result<()> {
        let token = OpaqueToken::generate();
        self.ports
            .one_time_tokens
            .insert(&OneTimeToken {
                hash: token.hash(),
                user_id: user.id,
                purpose: TokenPurpose::VerifyEmail,
                created_at: now,
                expires_at: now + self.config.verification_ttl,
                payload: None,
            })
            .await?;
        let mail = AuthMail::VerifyEmail {
            display_name: user.display_name.clone(),
            token: token.secret().clone(),
            valid_hours: self.config.verification_ttl.whole_hours(),
        };
        self.ports.mailer.send(&user.email, mail).await?;
        Ok(())
    }

    /// Marks the address of the token's owner verified and uses the token up.
    ///
    /// # Errors
    /// [`VerifyEmailError::InvalidToken`] for an unknown, used or expired token;
    /// [`VerifyEmailError::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn verify_email(&self, token: &SecretString) -> Result<UserId, VerifyEmailError> {
        let now = self.ports.clock.now();
        let hash = TokenHash::of(token.expose_secret());
        let user_id = self
            .ports
            .one_time_tokens
            .consume(&hash, TokenPurpose::VerifyEmail, now)
            .await?
            .ok_or(VerifyEmailError::InvalidToken)?;
        self.ports.users.mark_email_verified(user_id, now).await?;
        tracing::info!(%user_id, "email verified");
        self.audit(user_id, AuditAction::EmailVerified, None).await;
        Ok(user_id)
    }

    /// Sends a fresh verification mail if the address belongs to an unverified account and
    /// none was sent within the cool-down. Answers the same in every case.
    ///
    /// # Errors
    /// Only when a port fails.
    #[tracing::instrument(skip_all)]
    pub async fn resend_verification(&self, email: &Email) -> anyhow::Result<()> {
        let Some(user) = self.ports.users.find_by_email(email).await? else {
            return Ok(());
        };
        if user.email_verified() {
            return Ok(());
        }
        self.send_verification_unless_recent(&user).await
    }

    /// Signs in with e-mail and password and opens a new session.
    ///
    /// # Errors
    /// [`LoginError::InvalidCredentials`] for an unknown address or wrong password (same
    /// work either way); [`LoginError::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn login(&self, request: LoginRequest) -> Result<IssuedTokens, LoginError> {
        let ip = request.ip.as_deref();
        if let Err(throttled) = self.throttle.login_attempt(&request.email, ip).await? {
            tracing::info!(retry_after = ?throttled.0, "sign-in throttled");
            return Err(throttled.into());
        }
        let user = self.ports.users.find_by_email(&request.email).await?;
        let stored = user.as_ref().and_then(|u| u.password_hash.as_ref());
        let matches = self
            .ports
            .hasher
            .verify(&request.password, stored.unwrap_or(&self.dummy_hash))
            .await?;
        let user = match user {
            Some(user) if matches && stored.is_some() => user,
            known => {
                tracing::info!("sign-in refused: invalid credentials");
                let block = self.throttle.login_failed(&request.email, ip).await?;
                if let Some(user) = known {
                    self.audit(user.id, AuditAction::LoginFailed, request.ip.clone())
                        .await;
                    if block.is_some() {
                        self.audit(user.id, AuditAction::LoginThrottled, request.ip.clone())
                            .await;
                    }
                }
                return Err(LoginError::InvalidCredentials);
            }
        };
        self.throttle.login_succeeded(&request.email, ip).await?;
        if user.disabled_at.is_some() {
            tracing::info!(user_id = %user.id, "sign-in refused: account disabled");
            return Err(LoginError::Disabled);
        }
        self.open_session(&user, request.user_agent.as_deref(), request.ip, None)
            .await?
            .ok_or(LoginError::Disabled)
    }

    /// Checks the password of a signed-in user (before sensitive changes), throttled and
    /// backed off like sign-in, so a stolen session cannot guess the password freely.
    async fn reauthenticate(
        &self,
        principal: &Principal,
        user: &User,
        password: &SecretString,
    ) -> anyhow::Result<Result<(), Reauth>> {
        let ip = principal.ip_text();
        if let Err(throttled) = self
            .throttle
            .login_attempt(&user.email, ip.as_deref())
            .await?
        {
            return Ok(Err(Reauth::Throttled(throttled)));
        }
        let matches = match &user.password_hash {
            Some(stored) => self.ports.hasher.verify(password, stored).await?,
            None => false,
        };
        if matches {
            return Ok(Ok(()));
        }
        if self
            .throttle
            .login_failed(&user.email, ip.as_deref())
            .await?
            .is_some()
        {
            self.audit(user.id, AuditAction::LoginThrottled, ip).await;
        }
        Ok(Err(Reauth::Wrong))
    }

    /// Opens a session for `user` and issues its tokens; audits the sign-in (with `via` as
    /// detail for external providers).
    async fn open_session(
        &self,
        user: &User,
        user_agent: Option<&str>,
        ip: Option<String>,
        via: Option<&str>,
    ) -> anyhow::Result<Option<IssuedTokens>> {
        let now = self.ports.clock.now();
        let refresh = OpaqueToken::generate();
        let session = Session {
            id: SessionId::generate(),
            user_id: user.id,
            refresh_hash: refresh.hash(),
            created_at: now,
            last_seen_at: now,
            expires_at: now + self.config.sessions.absolute_lifetime,
            user_agent: user_agent.and_then(clean_user_agent),
            ip,
        };
        self.ports.sessions.create(&session).await?;
        // An admin may have disabled the account (and ended its sessions) between the read
        // that let this sign-in through and the session's creation: look again.
        let fresh = self.ports.users.find_by_id(user.id).await?;
        if fresh.is_none_or(|u| u.disabled_at.is_some()) {
            self.ports.sessions.revoke(session.id).await?;
            return Ok(None);
        }
        tracing::info!(user_id = %user.id, session_id = %session.id, "signed in");
        let mut event = AuditEvent::new(
            user.id,
            AuditAction::LoginSucceeded,
            now,
            session.ip.clone(),
        );
        if let Some(via) = via {
            event = event.with_detail(via);
        }
        self.record(event).await;
        self.issue(&session, &refresh, now).map(Some)
    }

    fn issue(
        &self,
        session: &Session,
        refresh: &OpaqueToken,
        now: OffsetDateTime,
    ) -> anyhow::Result<IssuedTokens> {
        let (access_token, access_expires_at) = self
            .access
            .issue(session.user_id, session.id, now)
            .map_err(|e| anyhow::anyhow!("signing access token failed: {e}"))?;
        Ok(IssuedTokens {
            user_id: session.user_id,
            session_id: session.id,
            access_token,
            access_expires_at,
            refresh_token: refresh.secret().clone(),
            refresh_expires_at: session.expires_at,
        })
    }

    /// Exchanges a refresh token for new tokens, rotating the refresh token. Presenting a
    /// token that was already rotated ends the session (the family) at once.
    ///
    /// # Errors
    /// [`RefreshError::InvalidToken`], [`RefreshError::Reused`],
    /// [`RefreshError::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn refresh(
        &self,
        refresh_token: &SecretString,
    ) -> Result<IssuedTokens, RefreshError> {
        let now = self.ports.clock.now();
        let presented = TokenHash::of(refresh_token.expose_secret());
        let sessions = &self.ports.sessions;
        let Some(session_id) = sessions.find_by_refresh(&presented).await? else {
            return Err(RefreshError::InvalidToken);
        };
        let Some(session) = sessions.get(session_id).await? else {
            return Err(RefreshError::InvalidToken);
        };
        if !session.is_live(now, &self.config.sessions) {
            sessions.revoke(session_id).await?;
            return Err(RefreshError::InvalidToken);
        }
        let next = OpaqueToken::generate();
        match sessions
            .rotate_refresh(session_id, &presented, &next.hash(), now)
            .await?
        {
            RotateOutcome::Rotated => {
                let mut session = session;
                session.last_seen_at = now;
                Ok(self.issue(&session, &next, now)?)
            }
            RotateOutcome::Stale => {
                sessions.revoke(session_id).await?;
                tracing::warn!(
                    user_id = %session.user_id,
                    %session_id,
                    "rotated refresh token presented again; session revoked"
                );
                self.audit(session.user_id, AuditAction::RefreshTokenReused, None)
                    .await;
                Err(RefreshError::Reused)
            }
            RotateOutcome::Missing => Err(RefreshError::InvalidToken),
        }
    }

    /// Checks an access token and that its session is still live (revocation is immediate).
    ///
    /// # Errors
    /// [`AuthenticateError::InvalidToken`] for a bad or expired token,
    /// [`AuthenticateError::SessionEnded`] when its session was revoked or timed out,
    /// [`AuthenticateError::Unexpected`].
    pub async fn authenticate(&self, access_token: &str) -> Result<Principal, AuthenticateError> {
        let claims = self.access.verify(access_token).map_err(|e| match e {
            AccessTokenError::Expired | AccessTokenError::Invalid => {
                AuthenticateError::InvalidToken
            }
        })?;
        let now = self.ports.clock.now();
        let session = self
            .ports
            .sessions
            .get(claims.session_id)
            .await?
            .filter(|s| s.user_id == claims.user_id)
            .ok_or(AuthenticateError::SessionEnded)?;
        if !session.is_live(now, &self.config.sessions) {
            return Err(AuthenticateError::SessionEnded);
        }
        if now - session.last_seen_at >= self.config.sessions.touch_interval {
            self.ports.sessions.touch(session.id, now).await?;
        }
        Ok(Principal {
            user_id: claims.user_id,
            session_id: claims.session_id,
            ip: None,
        })
    }

    /// Whether `principal`'s session is still live (not revoked, not idle or past its
    /// lifetime): for connections that authenticated once and stay open (WebSocket).
    ///
    /// # Errors
    /// Storage failure.
    pub async fn session_is_live(&self, principal: &Principal) -> anyhow::Result<bool> {
        let now = self.ports.clock.now();
        Ok(self
            .ports
            .sessions
            .get(principal.session_id)
            .await?
            .is_some_and(|s| {
                s.user_id == principal.user_id && s.is_live(now, &self.config.sessions)
            }))
    }

    /// The signed-in user's account.
    ///
    /// # Errors
    /// [`AuthenticateError::SessionEnded`] if the account no longer exists;
    /// [`AuthenticateError::Unexpected`].
    pub async fn current_user(&self, principal: &Principal) -> Result<User, AuthenticateError> {
        self.ports
            .users
            .find_by_id(principal.user_id)
            .await?
            .ok_or(AuthenticateError::SessionEnded)
    }

    /// Ends the caller's session.
    ///
    /// # Errors
    /// Only when a port fails.
    #[tracing::instrument(skip_all, fields(session_id = %principal.session_id))]
    pub async fn logout(&self, principal: &Principal) -> anyhow::Result<()> {
        self.ports.sessions.revoke(principal.session_id).await?;
        tracing::info!(user_id = %principal.user_id, "signed out");
        self.audit(
            principal.user_id,
            AuditAction::LoggedOut,
            principal.ip_text(),
        )
        .await;
        Ok(())
    }

    /// The caller's live sessions, newest first, the current one marked.
    ///
    /// # Errors
    /// Only when a port fails.
    pub async fn list_sessions(&self, principal: &Principal) -> anyhow::Result<Vec<SessionView>> {
        let now = self.ports.clock.now();
        let sessions = self.ports.sessions.list_for_user(principal.user_id).await?;
        Ok(sessions
            .into_iter()
            .filter(|s| s.is_live(now, &self.config.sessions))
            .map(|s| SessionView {
                current: s.id == principal.session_id,
                id: s.id,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                expires_at: s.expires_at,
                user_agent: s.user_agent,
                ip: s.ip,
            })
            .collect())
    }

    /// Ends one of the caller's sessions. Another user's session is "not found".
    ///
    /// # Errors
    /// [`RevokeSessionError::NotFound`], [`RevokeSessionError::Unexpected`].
    #[tracing::instrument(skip_all, fields(target_session = %id))]
    pub async fn revoke_session(
        &self,
        principal: &Principal,
        id: SessionId,
    ) -> Result<(), RevokeSessionError> {
        let owned = self
            .ports
            .sessions
            .get(id)
            .await?
            .is_some_and(|s| s.user_id == principal.user_id);
        if !owned {
            return Err(RevokeSessionError::NotFound);
        }
        self.ports.sessions.revoke(id).await?;
        tracing::info!(user_id = %principal.user_id, "session revoked by its owner");
        self.audit(
            principal.user_id,
            AuditAction::SessionRevoked,
            principal.ip_text(),
        )
        .await;
        Ok(())
    }

    /// Ends every session of the caller except the current one; returns how many ended.
    ///
    /// # Errors
    /// Only when a port fails.
    #[tracing::instrument(skip_all)]
    pub async fn revoke_other_sessions(&self, principal: &Principal) -> anyhow::Result<u64> {
        let ended = self
            .ports
            .sessions
            .revoke_all_for_user(principal.user_id, Some(principal.session_id))
            .await?;
        tracing::info!(user_id = %principal.user_id, ended, "other sessions revoked");
        self.audit(
            principal.user_id,
            AuditAction::OtherSessionsRevoked,
            principal.ip_text(),
        )
        .await;
        Ok(ended)
    }
}

impl AuthService {
    /// Ends the session a refresh token belongs to (sign-out when the access token has
    /// already expired). Unknown tokens are ignored.
    ///
    /// # Errors
    /// Only when a port fails.
    #[tracing::instrument(skip_all)]
    pub async fn logout_by_refresh_token(
        &self,
        refresh_token: &SecretString,
    ) -> anyhow::Result<()> {
        let hash = TokenHash::of(refresh_token.expose_secret());
        if let Some(session_id) = self.ports.sessions.find_by_refresh(&hash).await? {
            let owner = self
                .ports
                .sessions
                .get(session_id)
                .await?
                .map(|s| s.user_id);
            self.ports.sessions.revoke(session_id).await?;
            if let Some(owner) = owner {
                self.audit(owner, AuditAction::LoggedOut, None).await;
            }
            tracing::info!(%session_id, "signed out by refresh token");
        }
        Ok(())
    }

    /// Admits one unauthenticated mail request (verification resend or password reset) from
    /// `ip`, before the caller answers and does the work.
    ///
    /// # Errors
    /// [`MailRequestError::Throttled`], [`MailRequestError::Unexpected`].
    pub async fn admit_mail_request(
        &self,
        kind: MailRequest,
        ip: Option<&str>,
    ) -> Result<(), MailRequestError> {
        Ok(self.throttle.mail_request(kind, ip).await??)
    }

    /// Mails a password-reset code if the address belongs to an account (at most once per
    /// cool-down). Answers the same in every case; callers should not wait for it before
    /// answering the client.
    ///
    /// # Errors
    /// Only when a port fails.
    #[tracing::instrument(skip_all)]
    pub async fn request_password_reset(&self, email: &Email) -> anyhow::Result<()> {
        let Some(user) = self.ports.users.find_by_email(email).await? else {
            return Ok(());
        };
        let now = self.ports.clock.now();
        let tokens = &self.ports.one_time_tokens;
        let last = tokens
            .latest_issued_at(user.id, TokenPurpose::PasswordReset)
            .await?;
        if last.is_some_and(|at| now - at < self.config.resend_cooldown) {
            tracing::info!(user_id = %user.id, "password reset mail throttled");
            return Ok(());
        }
        let token = OpaqueToken::generate();
        tokens
            .insert(&OneTimeToken {
                hash: token.hash(),
                user_id: user.id,
                purpose: TokenPurpose::PasswordReset,
                created_at: now,
                expires_at: now + self.config.reset_ttl,
                payload: None,
            })
            .await?;
        let mail = AuthMail::PasswordReset {
            display_name: user.display_name.clone(),
            token: token.secret().clone(),
            valid_minutes: self.config.reset_ttl.whole_minutes(),
        };
        self.ports.mailer.send(&user.email, mail).await?;
        tracing::info!(user_id = %user.id, "password reset requested");
        self.audit(user.id, AuditAction::PasswordResetRequested, None)
            .await;
        Ok(())
    }

    /// Sets a new password with a reset code, ends every session of the account, and tells
    /// its owner by mail. A reset also proves the address, so it counts as verified.
    ///
    /// # Errors
    /// [`ResetPasswordError::InvalidToken`], [`ResetPasswordError::Policy`] (the code stays
    /// usable), [`ResetPasswordError::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn reset_password(
        &self,
        token: &SecretString,
        new_password: SecretString,
    ) -> Result<(), ResetPasswordError> {
        let now = self.ports.clock.now();
        let hash = TokenHash::of(token.expose_secret());
        let tokens = &self.ports.one_time_tokens;
        let purpose = TokenPurpose::PasswordReset;
        let user_id = tokens
            .find_live(&hash, purpose, now)
            .await?
            .ok_or(ResetPasswordError::InvalidToken)?;
        let user = self
            .ports
            .users
            .find_by_id(user_id)
            .await?
            .ok_or(ResetPasswordError::InvalidToken)?;
        let password = Password::new(new_password, &user.email)?;
        let password_hash = self.ports.hasher.hash(password.secret()).await?;
        if tokens.consume(&hash, purpose, now).await? != Some(user_id) {
            return Err(ResetPasswordError::InvalidToken);
        }
        self.replace_password(&user, &password_hash).await?;
        self.ports.users.mark_email_verified(user.id, now).await?;
        tracing::info!(user_id = %user.id, "password reset; every session ended");
        self.audit(user.id, AuditAction::PasswordReset, None).await;
        Ok(())
    }

    /// Changes the password of the signed-in user after checking the current one, ends every
    /// session of the account (this one too), and tells the owner by mail.
    ///
    /// # Errors
    /// [`ChangePasswordError::WrongPassword`], [`ChangePasswordError::Policy`],
    /// [`ChangePasswordError::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn change_password(
        &self,
        principal: &Principal,
        current: &SecretString,
        new_password: SecretString,
    ) -> Result<(), ChangePasswordError> {
        let user = self
            .ports
            .users
            .find_by_id(principal.user_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("signed-in user {} not found", principal.user_id))?;
        match self.reauthenticate(principal, &user, current).await? {
            Ok(()) => {}
            Err(Reauth::Throttled(t)) => return Err(t.into()),
            Err(Reauth::Wrong) => {
                tracing::info!(user_id = %user.id, "password change refused: wrong current password");
                return Err(ChangePasswordError::WrongPassword);
            }
        }
        let password = Password::new(new_password, &user.email)?;
        let password_hash = self.ports.hasher.hash(password.secret()).await?;
        self.replace_password(&user, &password_hash).await?;
        tracing::info!(user_id = %user.id, "password changed; every session ended");
        self.audit(user.id, AuditAction::PasswordChanged, principal.ip_text())
            .await;
        Ok(())
    }

    /// Stores the new hash, ends every session at once, and notifies the owner.
    async fn replace_password(&self, user: &User, hash: &PasswordHash) -> anyhow::Result<()> {
        self.ports.users.update_password(user.id, hash).await?;
        self.ports
            .sessions
            .revoke_all_for_user(user.id, None)
            .await?;
        let mail = AuthMail::PasswordChanged {
            display_name: user.display_name.clone(),
        };
        self.ports.mailer.send(&user.email, mail).await
    }

    /// Creates a verified account with the given roles, for operators (`mentor admin
    /// create-user`). Unlike registration it says when the address is taken: the caller is
    /// trusted.
    ///
    /// # Errors
    /// [`CreateUserError::EmailTaken`], [`CreateUserError::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn create_user(&self, account: NewAccount) -> Result<UserId, CreateUserError> {
        let now = self.ports.clock.now();
        let password_hash = self.ports.hasher.hash(account.password.secret()).await?;
        let mut roles = account.roles;
        roles.push(Role::Learner);
        roles.sort();
        roles.dedup();
        let user = User {
            id: UserId::generate(),
            display_name: account
                .display_name
                .unwrap_or_else(|| DisplayName::from_email(&account.email)),
            email: account.email,
            password_hash: Some(password_hash),
            email_verified_at: Some(now),
            roles,
            created_at: now,
            disabled_at: None,
        };
        match self.ports.users.insert(&user).await {
            Ok(()) => {}
            Err(InsertUserError::EmailTaken) => return Err(CreateUserError::EmailTaken),
            Err(InsertUserError::Unexpected(e)) => return Err(e.into()),
        }
        tracing::info!(user_id = %user.id, "account created by an operator");
        self.audit(user.id, AuditAction::Registered, None).await;
        Ok(user.id)
    }
}
