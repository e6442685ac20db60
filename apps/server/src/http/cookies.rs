//! The cookies: access token, refresh token (both `HttpOnly`), the CSRF token (readable by
//! the page, for the double-submit header), and the sealed OAuth flow (`HttpOnly`,
//! `SameSite=Lax` because the provider's redirect back is a cross-site navigation). With an https public URL they use
//! the `__Host-` prefix and `Secure`; plain-http local development drops both so a real
//! browser keeps them.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use time::OffsetDateTime;

/// Cookie names and attributes.
#[derive(Debug, Clone)]
pub struct CookieSettings {
    secure: bool,
}

/// Which cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Access JWT.
    Access,
    /// Opaque refresh token.
    Refresh,
    /// Double-submit CSRF token.
    Csrf,
    /// Sealed OAuth flow between start and callback.
    OAuthFlow,
}

impl Kind {
    fn same_site(self) -> SameSite {
        if self == Self::OAuthFlow {
            SameSite::Lax
        } else {
            SameSite::Strict
        }
    }
}

impl CookieSettings {
    /// Settings for secure (https) or local-http cookies.
    #[must_use]
    pub fn new(secure: bool) -> Self {
        Self { secure }
    }

    /// The cookie name of `kind`.
    #[must_use]
    pub fn name(&self, kind: Kind) -> &'static str {
        match (kind, self.secure) {
            (Kind::Access, true) => "__Host-mentor-access",
            (Kind::Access, false) => "mentor-access",
            (Kind::Refresh, true) => "__Host-mentor-refresh",
            (Kind::Refresh, false) => "mentor-refresh",
            (Kind::Csrf, true) => "__Host-mentor-csrf",
            (Kind::Csrf, false) => "mentor-csrf",
            (Kind::OAuthFlow, true) => "__Host-mentor-oauth",
            (Kind::OAuthFlow, false) => "mentor-oauth",
        }
    }

    /// The value of `kind` sent with the request.
    #[must_use]
    pub fn read(&self, req: &HttpRequest, kind: Kind) -> Option<String> {
        req.cookie(self.name(kind)).map(|c| c.value().to_owned())
    }

    /// A cookie holding `value` until `expires_at`.
    #[must_use]
    pub fn make(&self, kind: Kind, value: String, expires_at: OffsetDateTime) -> Cookie<'static> {
        let max_age = (expires_at - OffsetDateTime::now_utc())
            .whole_seconds()
            .max(0);
        Cookie::build(self.name(kind), value)
            .path("/")
            .secure(self.secure)
            .http_only(kind != Kind::Csrf)
            .same_site(kind.same_site())
            .max_age(CookieDuration::seconds(max_age))
            .finish()
    }

    /// A cookie that deletes `kind` from the browser.
    #[must_use]
    pub fn removal(&self, kind: Kind) -> Cookie<'static> {
        let mut cookie = Cookie::build(self.name(kind), "")
            .path("/")
            .secure(self.secure)
            .http_only(kind != Kind::Csrf)
            .same_site(kind.same_site())
            .finish();
        cookie.make_removal();
        cookie
    }
}
