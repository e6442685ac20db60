//! Throttling of the unauthenticated entry points (sign-in, registration, mail requests)
//! through the [`RateLimiter`] port.
//!
//! Sign-in has three layers, none of which can lock an account for good:
//! - every attempt counts against the client IP (a GCRA policy): one address cannot spray;
//! - failures count against the pair (account, IP) with exponential back-off: a guesser is
//!   slowed down, the owner signing in from elsewhere is not;
//! - failures count against the account across all IPs with a short capped back-off: a
//!   distributed guesser gets at most one guess per `max`, and the owner waits at most `max`.
//!
//! Keys never contain the address in clear: they use a hash of the normalised e-mail, the
//! same for known and unknown addresses (so throttling does not reveal accounts).

use std::sync::Arc;
use std::time::Duration;

use mentor_kernel::{Backoff, RateLimiter, RatePolicy};

use crate::model::Email;
use crate::secrets::TokenHash;

/// The policies, from configuration (`[rate_limits]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicies {
    /// Sign-in attempts per client IP.
    pub login_ip: RatePolicy,
    /// Failed sign-ins per (account, client IP).
    pub login_pair_backoff: Backoff,
    /// Failed sign-ins per account, from anywhere.
    pub login_account_backoff: Backoff,
    /// Registrations per client IP.
    pub register_ip: RatePolicy,
    /// Verification-resend and password-reset requests per client IP.
    pub mail_ip: RatePolicy,
}

impl Default for ThrottlePolicies {
    fn default() -> Self {
        let policy = |requests, per_secs, burst| RatePolicy {
            requests,
            per: Duration::from_secs(per_secs),
            burst,
        };
        Self {
            login_ip: policy(30, 60, 10),
            login_pair_backoff: Backoff {
                free_failures: 3,
                base: Duration::from_secs(1),
                max: Duration::from_secs(15 * 60),
                reset_after: Duration::from_secs(3600),
            },
            login_account_backoff: Backoff {
                free_failures: 20,
                base: Duration::from_secs(1),
                max: Duration::from_secs(60),
                reset_after: Duration::from_secs(3600),
            },
            register_ip: policy(10, 3600, 5),
            mail_ip: policy(10, 3600, 5),
        }
    }
}

/// Refused for now; try again after the duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("too many requests; retry in {0:?}")]
pub struct Throttled(pub Duration);

/// Which unauthenticated mail request is being admitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailRequest {
    /// `resend-verification`.
    ResendVerification,
    /// `password-reset`.
    PasswordReset,
}

/// Applies [`ThrottlePolicies`] through a [`RateLimiter`].
#[derive(Clone)]
pub struct Throttle {
    limiter: Arc<dyn RateLimiter>,
    policies: ThrottlePolicies,
}

impl std::fmt::Debug for Throttle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Throttle")
            .field("policies", &self.policies)
            .finish_non_exhaustive()
    }
}

fn ip_part(ip: Option<&str>) -> &str {
    ip.unwrap_or("unknown")
}

fn account_part(email: &Email) -> String {
    TokenHash::of(email.as_str()).as_str()[..32].to_owned()
}

impl Throttle {
    /// A throttle over `limiter`.
    #[must_use]
    pub fn new(limiter: Arc<dyn RateLimiter>, policies: ThrottlePolicies) -> Self {
        Self { limiter, policies }
    }

    async fn rate(
        &self,
        key: String,
        policy: &RatePolicy,
    ) -> anyhow::Result<Result<(), Throttled>> {
        Ok(self
            .limiter
            .check(&key, policy)
            .await?
            .into_result()
            .map_err(Throttled))
    }

    /// Admits one registration from `ip`.
    ///
    /// # Errors
    /// Outer: the limiter failed. Inner: refused.
    pub async fn register(&self, ip: Option<&str>) -> anyhow::Result<Result<(), Throttled>> {
        self.rate(
            format!("register-ip:{}", ip_part(ip)),
            &self.policies.register_ip,
        )
        .await
    }

    /// Admits one verification-resend or password-reset request from `ip` (one budget for
    /// both: they send mail).
    ///
    /// # Errors
    /// Outer: the limiter failed. Inner: refused.
    pub async fn mail_request(
        &self,
        _kind: MailRequest,
        ip: Option<&str>,
    ) -> anyhow::Result<Result<(), Throttled>> {
        self.rate(format!("mail-ip:{}", ip_part(ip)), &self.policies.mail_ip)
            .await
    }

    /// Admits one sign-in attempt for `email` from `ip`: the IP's rate, then any back-off
    /// block on the pair or the account.
    ///
    /// # Errors
    /// Outer: the limiter failed. Inner: refused.
    pub async fn login_attempt(
        &self,
        email: &Email,
        ip: Option<&str>,
    ) -> anyhow::Result<Result<(), Throttled>> {
        if let Err(throttled) = self
            .rate(format!("login-ip:{}", ip_part(ip)), &self.policies.login_ip)
            .await?
        {
            return Ok(Err(throttled));
        }
        let (pair, account) = self.login_keys(email, ip);
        let pair = self.limiter.blocked_for(&pair).await?;
        let account = self.limiter.blocked_for(&account).await?;
        Ok(match pair.max(account) {
            Some(wait) => Err(Throttled(wait)),
            None => Ok(()),
        })
    }

    /// Counts a failed sign-in; returns the block it started, if any (worth an audit event).
    ///
    /// # Errors
    /// The limiter failed.
    pub async fn login_failed(
        &self,
        email: &Email,
        ip: Option<&str>,
    ) -> anyhow::Result<Option<Duration>> {
        let (pair, account) = self.login_keys(email, ip);
        let pair = self
            .limiter
            .penalize(&pair, &self.policies.login_pair_backoff)
            .await?;
        let account = self
            .limiter
            .penalize(&account, &self.policies.login_account_backoff)
            .await?;
        let block = pair.max(account);
        Ok((!block.is_zero()).then_some(block))
    }

    /// Forgets the failures of `email` after a successful sign-in.
    ///
    /// # Errors
    /// The limiter failed.
    pub async fn login_succeeded(&self, email: &Email, ip: Option<&str>) -> anyhow::Result<()> {
        let (pair, account) = self.login_keys(email, ip);
        self.limiter.clear(&pair).await?;
        self.limiter.clear(&account).await
    }

    fn login_keys(&self, email: &Email, ip: Option<&str>) -> (String, String) {
        let account = account_part(email);
        (
            format!("login-fail:{account}:{}", ip_part(ip)),
            format!("login-fail-account:{account}"),
        )
    }
}
