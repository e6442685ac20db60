//! Extractors that authenticate requests: [`Authenticated`] (a live session) and
//! [`VerifiedUser`] (a live session of an account whose e-mail is verified — the guard of
//! every learning route).

use std::future::Future;
use std::net::IpAddr;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, web};
use mentor_auth::{AuthenticateError, Principal, User};

use super::cookies::Kind;
use super::problem::ApiError;
use super::state::AppState;

/// The caller's principal; 401 problem when there is no valid, live session.
#[derive(Debug, Clone, Copy)]
pub struct Authenticated(pub Principal);

/// The caller's account, which has a verified address; 401 or 403 problem otherwise.
#[derive(Debug, Clone)]
pub struct VerifiedUser {
    /// The session.
    pub principal: Principal,
    /// The account.
    pub user: User,
}

/// The client's IP: the TCP peer, unless the peer is a trusted proxy — then the nearest
/// address in `X-Forwarded-For` (read right to left) that is not itself a trusted proxy.
/// A spoofed header from an untrusted peer changes nothing.
#[must_use]
pub fn client_ip(req: &HttpRequest, trusted: &[ipnet::IpNet]) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = req.peer_addr()?.ip().to_canonical();
    if !is_trusted(&peer) {
        return Some(peer);
    }
    let hops: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut nearest = peer;
    for hop in hops.iter().rev() {
        let Ok(ip) = hop.parse::<IpAddr>().map(|ip| ip.to_canonical()) else {
            break;
        };
        nearest = ip;
        if !is_trusted(&ip) {
            break;
        }
    }
    Some(nearest)
}

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("application state missing")))
}

impl From<AuthenticateError> for ApiError {
    fn from(e: AuthenticateError) -> Self {
        match e {
            AuthenticateError::InvalidToken => Self::unauthenticated(),
            AuthenticateError::SessionEnded => {
                Self::unauthenticated().detail("Your session has ended. Sign in again.")
            }
            AuthenticateError::Unexpected(e) => Self::internal(e),
        }
    }
}

pub(crate) async fn authenticate(req: &HttpRequest) -> Result<Principal, ApiError> {
    let state = state(req)?;
    let token = state
        .cookies
        .read(req, Kind::Access)
        .ok_or_else(ApiError::unauthenticated)?;
    let ip = client_ip(req, &state.trusted_proxies);
    Ok(state.auth.authenticate(&token).await?.from_ip(ip))
}

impl FromRequest for Authenticated {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { authenticate(&req).await.map(Self) })
    }
}

impl FromRequest for VerifiedUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let principal = authenticate(&req).await?;
            let user = state(&req)?.auth.current_user(&principal).await?;
            if !user.email_verified() {
                return Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    "email-not-verified",
                    "Verify your email address first",
                )
                .detail("Open the link in the message we sent you, or ask for a new one with POST /api/v1/auth/resend-verification."));
            }
            Ok(Self { principal, user })
        })
    }
}
