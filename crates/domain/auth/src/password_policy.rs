//! The password policy (ASVS 6.2): 12–128 characters as typed, not a common password, not
//! containing the address's local part. No composition rules.

use std::collections::HashSet;
use std::sync::LazyLock;

use secrecy::{ExposeSecret, SecretString};

use crate::model::Email;

/// The bundled list of common passwords (zxcvbn's frequency list, MIT; see
/// `data/common-passwords.LICENSE`), lower-cased, one per line.
static COMMON: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../data/common-passwords.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect()
});

/// Why a new password was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordPolicyError {
    /// Fewer than 12 characters.
    #[error("password must be at least {} characters", Password::MIN)]
    TooShort,
    /// More than 128 characters.
    #[error("password must be at most {} characters", Password::MAX)]
    TooLong,
    /// In the list of common passwords, or a common password padded with digits or symbols.
    #[error("password is too common; choose something less predictable")]
    Common,
    /// Contains the part of the e-mail address before the `@`.
    #[error("password must not contain your email address")]
    ContainsEmail,
}

/// A new password that satisfies the policy. Kept secret; never printed.
#[derive(Debug, Clone)]
pub struct Password(SecretString);

impl Password {
    /// Shortest accepted password, in characters.
    pub const MIN: usize = 12;
    /// Longest accepted password, in characters.
    pub const MAX: usize = 128;

    /// Checks a new password for the account with address `email`.
    ///
    /// # Errors
    /// [`PasswordPolicyError`] naming the first rule broken.
    pub fn new(raw: SecretString, email: &Email) -> Result<Self, PasswordPolicyError> {
        let text = raw.expose_secret();
        let length = text.chars().count();
        if length < Self::MIN {
            return Err(PasswordPolicyError::TooShort);
        }
        if length > Self::MAX {
            return Err(PasswordPolicyError::TooLong);
        }
        let lower = text.to_lowercase();
        let core = lower.trim_matches(|c: char| !c.is_alphabetic());
        if COMMON.contains(lower.as_str()) || COMMON.contains(core) {
            return Err(PasswordPolicyError::Common);
        }
        let local = email.local_part();
        if local.chars().count() >= 3 && lower.contains(local) {
            return Err(PasswordPolicyError::ContainsEmail);
        }
        Ok(Self(raw))
    }

    /// The password, for hashing.
    #[must_use]
    pub fn secret(&self) -> &SecretString {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pw: &str) -> Result<(), PasswordPolicyError> {
        let email =
            Email::parse("ada.lovelace@example.org").map_err(|_| PasswordPolicyError::TooShort)?;
        Password::new(SecretString::from(pw), &email).map(|_| ())
    }

    #[test]
    fn policy_accepts_a_long_uncommon_password() {
        assert_eq!(check("correct horse battery staple"), Ok(()));
    }

    #[test]
    fn policy_counts_characters_not_bytes() {
        assert_eq!(check("ééééééééééé"), Err(PasswordPolicyError::TooShort));
        assert_eq!(check(&"é".repeat(128)), Ok(()));
        assert_eq!(check(&"é".repeat(129)), Err(PasswordPolicyError::TooLong));
    }

    #[test]
    fn policy_refuses_common_passwords_and_padded_ones() {
        assert_eq!(check("qwerty123456"), Err(PasswordPolicyError::Common));
        assert_eq!(check("Sunshine2024!!"), Err(PasswordPolicyError::Common));
        assert_eq!(check("1qaz2wsx3edc"), Err(PasswordPolicyError::Common));
    }

    #[test]
    fn policy_refuses_the_email_local_part() {
        assert_eq!(
            check("my-Ada.Lovelace-rocks"),
            Err(PasswordPolicyError::ContainsEmail)
        );
    }

    #[test]
    fn policy_does_not_truncate() {
        // 128 characters accepted exactly as typed; the 129th is an error, not cut off.
        let pw = format!("{}z", "x7Qm".repeat(32));
        assert_eq!(check(&pw), Err(PasswordPolicyError::TooLong));
    }
}
