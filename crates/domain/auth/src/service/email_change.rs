//! Changing the sign-in address: re-authenticate with the password, prove the new address
//! with a code mailed to it, then switch and tell the old address.

use secrecy::{ExposeSecret as _, SecretString};

use super::{AuthService, Principal};
use crate::audit::AuditAction;
use crate::model::Email;
use crate::ports::{AuthMail, InsertUserError, OneTimeToken, TokenPurpose};
use crate::secrets::{OpaqueToken, TokenHash};

/// Why an e-mail change could not be requested.
#[derive(Debug, thiserror::Error)]
pub enum RequestEmailChangeError {
    /// The password is wrong (or the account has none).
    #[error("the password is wrong")]
    WrongPassword,
    /// Too many wrong passwords; retry later.
    #[error(transparent)]
    Throttled(#[from] crate::throttle::Throttled),
    /// The new address is the current one.
    #[error("that is already your address")]
    SameAddress,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

/// Why an e-mail change could not be confirmed. Nothing changed.
#[derive(Debug, thiserror::Error)]
pub enum ConfirmEmailChangeError {
    /// The code is unknown, used, expired, or another account's.
    #[error("confirmation code is invalid or expired")]
    InvalidToken,
    /// Another account took the address in the meantime.
    #[error("the address is taken")]
    EmailTaken,
    /// A port failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl AuthService {
    /// Asks to move the signed-in account to `new_email`: checks the password, then mails a
    /// code to the new address — or, when another account has it, a notice instead (so the
    /// answer never tells whether an address is registered). At most one mail per cool-down.
    ///
    /// # Errors
    /// [`RequestEmailChangeError::WrongPassword`], [`RequestEmailChangeError::SameAddress`],
    /// [`RequestEmailChangeError::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn request_email_change(
        &self,
        principal: &Principal,
        new_email: Email,
        password: &SecretString,
    ) -> Result<(), RequestEmailChangeError> {
        let user = self
            .ports
            .users
            .find_by_id(principal.user_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("signed-in user {} not found", principal.user_id))?;
        match self.reauthenticate(principal, &user, password).await? {
            Ok(()) => {}
            Err(super::Reauth::Throttled(t)) => return Err(t.into()),
            Err(super::Reauth::Wrong) => return Err(RequestEmailChangeError::WrongPassword),
        }
        if new_email == user.email {
            return Err(RequestEmailChangeError::SameAddress);
        }
        let now = self.ports.clock.now();
        let tokens = &self.ports.one_time_tokens;
        let last = tokens
            .latest_issued_at(user.id, TokenPurpose::EmailChange)
            .await?;
        if last.is_some_and(|at| now - at < self.config.resend_cooldown) {
            tracing::info!(user_id = %user.id, "e-mail change mail throttled");
            return Ok(());
        }
        let token = OpaqueToken::generate();
        tokens
            .insert(&OneTimeToken {
                hash: token.hash(),
                user_id: user.id,
                purpose: TokenPurpose::EmailChange,
                created_at: now,
                expires_at: now + self.config.verification_ttl,
                payload: Some(new_email.as_str().to_owned()),
            })
            .await?;
        let mail = if let Some(owner) = self.ports.users.find_by_email(&new_email).await? {
            AuthMail::AlreadyRegistered {
                display_name: owner.display_name,
            }
        } else {
            AuthMail::ConfirmEmailChange {
                display_name: user.display_name.clone(),
                token: token.secret().clone(),
                valid_hours: self.config.verification_ttl.whole_hours(),
            }
        };
        self.ports.mailer.send(&new_email, mail).await?;
        tracing::info!(user_id = %user.id, "e-mail change requested");
        Ok(())
    }

    /// Switches the signed-in account to the address the code was sent to, marks it
    /// verified, and tells the old address.
    ///
    /// # Errors
    /// [`ConfirmEmailChangeError::InvalidToken`], [`ConfirmEmailChangeError::EmailTaken`],
    /// [`ConfirmEmailChangeError::Unexpected`].
    #[tracing::instrument(skip_all)]
    pub async fn confirm_email_change(
        &self,
        principal: &Principal,
        token: &SecretString,
    ) -> Result<(), ConfirmEmailChangeError> {
        let now = self.ports.clock.now();
        let hash = TokenHash::of(token.expose_secret());
        let purpose = TokenPurpose::EmailChange;
        let tokens = &self.ports.one_time_tokens;
        if tokens.find_live(&hash, purpose, now).await? != Some(principal.user_id) {
            return Err(ConfirmEmailChangeError::InvalidToken);
        }
        let new_email = tokens
            .live_payload(&hash, purpose, now)
            .await?
            .and_then(|raw| Email::parse(&raw).ok())
            .ok_or(ConfirmEmailChangeError::InvalidToken)?;
        let user = self
            .ports
            .users
            .find_by_id(principal.user_id)
            .await?
            .ok_or(ConfirmEmailChangeError::InvalidToken)?;
        if tokens.consume(&hash, purpose, now).await? != Some(user.id) {
            return Err(ConfirmEmailChangeError::InvalidToken);
        }
        match self
            .ports
            .users
            .change_email(user.id, &new_email, now)
            .await
        {
            Ok(()) => {}
            Err(InsertUserError::EmailTaken) => return Err(ConfirmEmailChangeError::EmailTaken),
            Err(InsertUserError::Unexpected(e)) => return Err(e.into()),
        }
        let notice = AuthMail::EmailChanged {
            display_name: user.display_name.clone(),
        };
        if let Err(e) = self.ports.mailer.send(&user.email, notice).await {
            tracing::error!(user_id = %user.id, error = format!("{e:#}"), "e-mail change notice not sent");
        }
        tracing::info!(user_id = %user.id, "e-mail address changed");
        self.audit(user.id, AuditAction::EmailChanged, principal.ip_text())
            .await;
        Ok(())
    }
}
