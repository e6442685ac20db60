//! Accounts, credentials and sign-in sessions.
//!
//! The crate holds the auth domain: its newtypes ([`Email`], [`Password`], …), the ports it
//! needs from the outside world ([`ports`]), the pure pieces of cryptography it owns (argon2id
//! hashing, access-token signing, one-time secrets) and the [`AuthService`] with one method per
//! use case. It knows nothing of HTTP, SQL or Redis.
#![forbid(unsafe_code)]

pub mod audit;
pub mod hashing;
pub mod model;
pub mod oauth;
pub mod password_policy;
pub mod ports;
pub mod profile;
pub mod secrets;
pub mod service;
pub mod session;
pub mod throttle;
pub mod tokens;

pub use audit::{AuditAction, AuditEvent};
pub use hashing::{Argon2Hasher, HasherLimits};
pub use model::{DisplayName, DisplayNameError, Email, EmailError, PasswordHash, Role, User};
pub use oauth::{
    ExternalIdentity, FlowSealer, IdentityProvider, IdentityProviderError, IdentityRepository,
    LinkIdentityError, LinkedIdentity, PendingFlow, Provider,
};
pub use password_policy::{Password, PasswordPolicyError};
pub use ports::{
    AuditLog, AuditQuery, AuthMail, CredentialHasher, InsertUserError, Mailer, OneTimeToken,
    OneTimeTokenStore, RotateOutcome, SessionStore, TokenPurpose, UserQuery, UserRepository,
};
pub use profile::{
    Goals, GoalsError, Language, Level, Profile, ProfileRepository, TimeZoneError, TimeZoneName,
};
pub use secrets::{OpaqueToken, TokenHash};
pub use service::{
    AdminError, AuthConfig, AuthPorts, AuthService, AuthenticateError, ChangePasswordError,
    ConfirmEmailChangeError, CreateUserError, IssuedTokens, LoginError, LoginRequest,
    MailRequestError, NewAccount, OAuthCallback, OAuthError, OAuthStart, OnboardingError,
    Principal, ProfileUpdate, RefreshError, RegisterError, RegisterRequest,
    RequestEmailChangeError, ResetPasswordError, RevokeSessionError, SessionView, UnlinkError,
    UserFilter, VerifyEmailError,
};
pub use session::{Session, SessionPolicy};
pub use throttle::{MailRequest, Throttle, ThrottlePolicies, Throttled};
pub use tokens::{AccessClaims, AccessTokenError, AccessTokens, JwtSettings, JwtSettingsError};
