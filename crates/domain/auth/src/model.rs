//! Account data shapes and the newtypes that make invalid ones unrepresentable.

use std::fmt;

use mentor_kernel::UserId;
use serde::Serialize;
use time::OffsetDateTime;

/// Longest e-mail address accepted (RFC 5321 path limit).
const EMAIL_MAX: usize = 254;
/// Longest local part accepted (RFC 5321).
const LOCAL_MAX: usize = 64;

/// Why a text is not an e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// Nothing was given.
    #[error("email is required")]
    Empty,
    /// Longer than 254 characters.
    #[error("email must be at most {EMAIL_MAX} characters")]
    TooLong,
    /// Not of the form `name@domain.tld`.
    #[error("email must look like name@example.com")]
    Malformed,
}

/// A syntactically valid e-mail address, trimmed and lower-cased, so two spellings of the
/// same address compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parses user input.
    ///
    /// # Errors
    /// [`EmailError`] when the text is empty, too long, or not `local@domain.tld`.
    pub fn parse(raw: &str) -> Result<Self, EmailError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.chars().count() > EMAIL_MAX {
            return Err(EmailError::TooLong);
        }
        let (local, domain) = trimmed.split_once('@').ok_or(EmailError::Malformed)?;
        let well_formed = !local.is_empty()
            && local.len() <= LOCAL_MAX
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && trimmed
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && c != '<' && c != '>');
        if !well_formed {
            return Err(EmailError::Malformed);
        }
        Ok(Self(trimmed.to_lowercase()))
    }

    /// The normalised address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before the `@`.
    #[must_use]
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or(self.0.as_str(), |(l, _)| l)
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a display name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DisplayNameError {
    /// Empty after trimming.
    #[error("display name must not be empty")]
    Empty,
    /// Over 64 characters.
    #[error("display name must be at most {} characters", DisplayName::MAX)]
    TooLong,
    /// Contains control characters.
    #[error("display name must not contain control characters")]
    ControlCharacters,
}

/// How the learner is addressed: 1–64 printable characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct DisplayName(String);

impl DisplayName {
    /// Longest display name, in characters.
    pub const MAX: usize = 64;

    /// Parses user input.
    ///
    /// # Errors
    /// [`DisplayNameError`] when empty, too long or containing control characters.
    pub fn parse(raw: &str) -> Result<Self, DisplayNameError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(DisplayNameError::Empty);
        }
        if trimmed.chars().count() > Self::MAX {
            return Err(DisplayNameError::TooLong);
        }
        if trimmed.chars().any(char::is_control) {
            return Err(DisplayNameError::ControlCharacters);
        }
        Ok(Self(trimmed.to_owned()))
    }

    /// A default name taken from the address (its local part, cut to the maximum length).
    #[must_use]
    pub fn from_email(email: &Email) -> Self {
        Self(email.local_part().chars().take(Self::MAX).collect())
    }

    /// The name.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What a user may do. Every account is at least a learner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Solves exercises, talks to the tutor.
    Learner,
    /// Reviews generated exercises.
    Mentor,
    /// Manages users and sees costs.
    Admin,
}

impl Role {
    /// The stored and serialised name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Learner => "learner",
            Self::Mentor => "mentor",
            Self::Admin => "admin",
        }
    }

    /// Parses a stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "learner" => Some(Self::Learner),
            "mentor" => Some(Self::Mentor),
            "admin" => Some(Self::Admin),
            _ => None,
        }
    }
}

/// An argon2id hash in PHC string format. Not secret by itself, but never logged.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    /// Wraps a PHC string read from storage or produced by a hasher.
    #[must_use]
    pub fn new(phc: String) -> Self {
        Self(phc)
    }

    /// The PHC string.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(..)")
    }
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Stable identifier.
    pub id: UserId,
    /// Sign-in address, unique across accounts.
    pub email: Email,
    /// How the user is addressed.
    pub display_name: DisplayName,
    /// Password credential; `None` for accounts that only sign in through a provider.
    pub password_hash: Option<PasswordHash>,
    /// When the address was proven to belong to the user.
    pub email_verified_at: Option<OffsetDateTime>,
    /// Roles, never empty, sorted and without duplicates.
    pub roles: Vec<Role>,
    /// When an admin disabled the account; `None` while it is enabled.
    pub disabled_at: Option<OffsetDateTime>,
    /// When the account was created.
    pub created_at: OffsetDateTime,
}

impl User {
    /// Whether the e-mail address has been verified.
    #[must_use]
    pub fn email_verified(&self) -> bool {
        self.email_verified_at.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_lowercased() {
        let email = Email::parse("  Ada.Lovelace@Example.ORG ").map(|e| e.to_string());
        assert_eq!(email, Ok("ada.lovelace@example.org".to_owned()));
    }

    #[test]
    fn malformed_emails_are_refused() {
        for bad in [
            "ada",
            "@example.org",
            "ada@",
            "ada@example",
            "a b@example.org",
            "a@@b.org",
            "ada@.org",
            "ada@x..org",
        ] {
            assert_eq!(Email::parse(bad), Err(EmailError::Malformed), "{bad}");
        }
        assert_eq!(Email::parse("  "), Err(EmailError::Empty));
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn display_names_refuse_control_characters() {
        assert_eq!(
            DisplayName::parse("Ada\u{7}"),
            Err(DisplayNameError::ControlCharacters)
        );
        assert_eq!(
            DisplayName::parse(&"x".repeat(65)),
            Err(DisplayNameError::TooLong)
        );
        assert_eq!(
            DisplayName::parse(" Ada ").map(|d| d.as_str().to_owned()),
            Ok("Ada".to_owned())
        );
    }

    proptest::proptest! {
        #[test]
        fn email_normalisation_is_idempotent(local in "[A-Za-z0-9._%+-]{1,20}", domain in "[A-Za-z0-9-]{1,20}\\.[A-Za-z]{2,6}") {
            let once = Email::parse(&format!(" {local}@{domain} ")).unwrap();
            let twice = Email::parse(once.as_str()).unwrap();
            proptest::prop_assert_eq!(&once, &twice);
            proptest::prop_assert_eq!(once.as_str(), once.as_str().to_lowercase());
        }

        #[test]
        fn email_parsing_never_panics(raw in ".{0,300}") {
            let _ = Email::parse(&raw);
        }
    }

    #[test]
    fn roles_round_trip() {
        for role in [Role::Learner, Role::Mentor, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
