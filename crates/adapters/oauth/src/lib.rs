//! Identity-provider adapters for the auth domain's [`IdentityProvider`] port:
//! [`OidcProvider`] (Google, or any OpenID Connect provider: ID token verified against the
//! provider's JWKS with a pinned algorithm, `iss`, `aud`, `exp` and `nonce`) and
//! [`GitHubProvider`] (OAuth 2 code flow, then the verified primary address from the REST
//! API). Both use PKCE S256 and `client_secret_post`. Every URL comes from configuration, so
//! tests point them at a local provider.
#![forbid(unsafe_code)]

mod github;
mod http;
mod oidc;

pub use github::{GitHubConfig, GitHubProvider};
pub use oidc::{OidcConfig, OidcProvider};
