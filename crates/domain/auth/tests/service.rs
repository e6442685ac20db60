//! The auth use cases against in-memory adapters and a manual clock.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::Arc;

use async_trait::async_trait;
use mentor_auth::{
    AccessTokens, Argon2Hasher, AuditAction, AuditLog as _, AuthConfig, AuthMail, AuthPorts,
    AuthService, AuthenticateError, ChangePasswordError, Email, HasherLimits, IssuedTokens,
    JwtSettings, LoginError, LoginRequest, Mailer, Password, PasswordPolicyError, RefreshError,
    RegisterError, RegisterRequest, ResetPasswordError, RevokeSessionError, UserRepository as _,
    VerifyEmailError,
};
use mentor_kernel::{Clock as _, ManualClock};
use mentor_memory::{
    MemoryAuditLog, MemoryIdentityRepository, MemoryMailer, MemoryOneTimeTokenStore,
    MemoryProfileRepository, MemoryRateLimiter, MemorySessionStore, MemoryUserRepository,
};
use secrecy::{ExposeSecret as _, SecretString};
use time::{Duration, OffsetDateTime};

const PASSWORD: &str = "correct horse battery staple";

struct World {
    auth: AuthService,
    audit: MemoryAuditLog,
    users: MemoryUserRepository,
    mailer: MemoryMailer,
    clock: ManualClock,
}

async fn world_with_mailer(mailer: Arc<dyn Mailer>, memory_mailer: MemoryMailer) -> World {
    world_with(mailer, memory_mailer, Arc::new(MemorySessionStore::new())).await
}

async fn world_with(
    mailer: Arc<dyn Mailer>,
    memory_mailer: MemoryMailer,
    sessions: Arc<dyn mentor_auth::SessionStore>,
) -> World {
    let users = MemoryUserRepository::new();
    let audit = MemoryAuditLog::new();
    let clock = ManualClock::at(OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap());
    let ports = AuthPorts {
        users: Arc::new(users.clone()),
        // Cheap parameters: these tests are about the flow, not the hash cost.
        hasher: Arc::new(
            Argon2Hasher::new(HasherLimits {
                memory_kib: 1024,
                iterations: 1,
                parallelism: 1,
                max_concurrent: 2,
            })
            .unwrap(),
        ),
        sessions,
        one_time_tokens: Arc::new(MemoryOneTimeTokenStore::new()),
        mailer,
        audit: Arc::new(audit.clone()),
        clock: Arc::new(clock.clone()),
        limiter: Arc::new(MemoryRateLimiter::new(Arc::new(clock.clone()))),
        identities: Arc::new(MemoryIdentityRepository::new()),
        profiles: Arc::new(MemoryProfileRepository::new()),
    };
    let access = AccessTokens::new(&JwtSettings {
        secret: SecretString::from("k3y-for-tests-only-0123456789abcdefgh"),
        issuer: "http://mentor.test".to_owned(),
        audience: "mentor-api".to_owned(),
        ttl: Duration::minutes(15),
    })
    .unwrap();
    let auth = AuthService::new(ports, access, AuthConfig::default())
        .await
        .unwrap();
    World {
        auth,
        audit,
        users,
        mailer: memory_mailer,
        clock,
    }
}

async fn world() -> World {
    let mailer = MemoryMailer::new();
    world_with_mailer(Arc::new(mailer.clone()), mailer).await
}

fn email(raw: &str) -> Email {
    Email::parse(raw).unwrap()
}

fn register_request(raw_email: &str) -> RegisterRequest {
    let email = email(raw_email);
    RegisterRequest {
        password: Password::new(SecretString::from(PASSWORD), &email).unwrap(),
        email,
        display_name: None,
        ip: Some("192.0.2.1".to_owned()),
    }
}

fn login_request(raw_email: &str, password: &str) -> LoginRequest {
    LoginRequest {
        email: email(raw_email),
        password: SecretString::from(password),
        user_agent: Some("test-agent".to_owned()),
        ip: Some("192.0.2.1".to_owned()),
    }
}

fn last_verification_token(mailer: &MemoryMailer) -> SecretString {
    mailer
        .sent()
        .into_iter()
        .rev()
        .find_map(|m| match m.mail {
            AuthMail::VerifyEmail { token, .. } => Some(token),
            _ => None,
        })
        .expect("a verification mail")
}

fn last_reset_token(mailer: &MemoryMailer) -> SecretString {
    mailer
        .sent()
        .into_iter()
        .rev()
        .find_map(|m| match m.mail {
            AuthMail::PasswordReset { token, .. } => Some(token),
            _ => None,
        })
        .expect("a password reset mail")
}

async fn signed_in(w: &World, raw_email: &str) -> IssuedTokens {
    w.auth.register(register_request(raw_email)).await.unwrap();
    w.auth
        .login(login_request(raw_email, PASSWORD))
        .await
        .unwrap()
}

#[tokio::test]
async fn registration_creates_an_unverified_learner_and_mails_a_verification_code() {
    let w = world().await;
    w.auth
        .register(register_request("ada@example.org"))
        .await
        .unwrap();
    let user = w
        .users
        .find_by_email(&email("ada@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert!(!user.email_verified());
    assert_eq!(user.display_name.as_str(), "ada");
    let sent = w.mailer.sent();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, email("ada@example.org"));
    assert!(matches!(
        sent[0].mail,
        AuthMail::VerifyEmail {
            valid_hours: 24,
            ..
        }
    ));
}

#[tokio::test]
async fn registering_a_verified_address_again_only_notifies_its_owner() {
    let w = world().await;
    w.auth
        .register(register_request("ada@example.org"))
        .await
        .unwrap();
    w.auth
        .verify_email(&last_verification_token(&w.mailer))
        .await
        .unwrap();
    let before = w
        .users
        .find_by_email(&email("ada@example.org"))
        .await
        .unwrap();
    let answer = w.auth.register(register_request("ada@example.org")).await;
    assert!(answer.is_ok(), "the same answer as for a new address");
    assert_eq!(
        w.users
            .find_by_email(&email("ada@example.org"))
            .await
            .unwrap(),
        before
    );
    assert!(matches!(
        w.mailer.sent().last().unwrap().mail,
        AuthMail::AlreadyRegistered { .. }
    ));
}

#[tokio::test]
async fn verification_codes_work_once() {
    let w = world().await;
    w.auth
        .register(register_request("ada@example.org"))
        .await
        .unwrap();
    let token = last_verification_token(&w.mailer);
    w.auth.verify_email(&token).await.unwrap();
    assert!(matches!(
        w.auth.verify_email(&token).await,
        Err(VerifyEmailError::InvalidToken)
    ));
    let user = w
        .users
        .find_by_email(&email("ada@example.org"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.email_verified_at, Some(w.clock.now()));
}

#[tokio::test]
async fn verification_codes_expire_after_a_day() {
    let w = world().await;
    w.auth
        .register(register_request("ada@example.org"))
        .await
        .unwrap();
    w.clock.advance(Duration::hours(24));
    let token = last_verification_token(&w.mailer);
    assert!(matches!(
        w.auth.verify_email(&token).await,
        Err(VerifyEmailError::InvalidToken)
    ));
}

#[tokio::test]
async fn resending_is_silent_for_unknown_addresses_and_throttled_per_account() {
    let w = world().await;
    w.auth
        .resend_verification(&email("nobody@example.org"))
        .await
        .unwrap();
    assert!(w.mailer.sent().is_empty());
    w.auth
        .register(register_request("ada@example.org"))
        .await
        .unwrap();
    w.auth
        .resend_verification(&email("ada@example.org"))
        .await
        .unwrap();
    assert_eq!(
        w.mailer.sent().len(),
        1,
        "within the cool-down nothing more is sent"
    );
    w.clock.advance(Duration::minutes(2));
    w.auth
        .resend_verification(&email("ada@example.org"))
        .await
        .unwrap();
    assert_eq!(w.mailer.sent().len(), 2);
}

#[tokio::test]
async fn registering_an_unverified_address_again_cannot_flood_its_inbox() {
    let w = world().await;
    // From five addresses, so the per-IP registration limit is not what stops the mail.
    for i in 0..5 {
        w.auth
            .register(RegisterRequest {
                ip: Some(format!("192.0.2.{i}")),
                ..register_request("ada@example.org")
            })
            .await
            .unwrap();
    }
    assert_eq!(w.mailer.sent().len(), 1);
    w.clock.advance(Duration::minutes(2));
    w.auth
        .register(RegisterRequest {
            ip: Some("192.0.2.200".to_owned()),
            ..register_request("ada@example.org")
        })
        .await
        .unwrap();
    assert_eq!(w.mailer.sent().len(), 2);
}

#[tokio::test]
async fn wrong_passwords_and_unknown_addresses_are_the_same_refusal() {
    let w = world().await;
    w.auth
        .register(register_request("ada@example.org"))
        .await
        .unwrap();
    let wrong = w
        .auth
        .login(login_request("ada@example.org", "not the password at all"))
        .await;
    let unknown = w
        .auth
        .login(login_request("nobody@example.org", PASSWORD))
        .await;
    assert!(matches!(wrong, Err(LoginError::InvalidCredentials)));
    assert!(matches!(unknown, Err(LoginError::InvalidCredentials)));
}

#[tokio::test]
async fn an_unverified_user_can_sign_in_and_see_their_status() {
    let w = world().await;
    let tokens = signed_in(&w, "ada@example.org").await;
    let principal = w
        .auth
        .authenticate(tokens.access_token.expose_secret())
        .await
        .unwrap();
    let user = w.auth.current_user(&principal).await.unwrap();
    assert!(!user.email_verified());
    assert!(tokens.access_expires_at - w.clock.now() <= Duration::minutes(15));
}

#[tokio::test]
async fn refresh_rotates_the_token_and_reuse_of_an_old_one_ends_the_session() {
    let w = world().await;
    let first = signed_in(&w, "ada@example.org").await;
    let second = w.auth.refresh(&first.refresh_token).await.unwrap();
    assert_ne!(
        first.refresh_token.expose_secret(),
        second.refresh_token.expose_secret()
    );
    assert_eq!(first.session_id, second.session_id);
    let reuse = w.auth.refresh(&first.refresh_token).await;
    assert!(matches!(reuse, Err(RefreshError::Reused)));
    // The whole family is gone: the newest refresh token and the access token stop working.
    assert!(matches!(
        w.auth.refresh(&second.refresh_token).await,
        Err(RefreshError::InvalidToken)
    ));
    assert!(matches!(
        w.auth
            .authenticate(second.access_token.expose_secret())
            .await,
        Err(AuthenticateError::SessionEnded)
    ));
}

#[tokio::test]
async fn a_revoked_session_refuses_its_access_token_at_once() {
    let w = world().await;
    let tokens = signed_in(&w, "ada@example.org").await;
    let principal = w
        .auth
        .authenticate(tokens.access_token.expose_secret())
        .await
        .unwrap();
    w.auth.logout(&principal).await.unwrap();
    assert!(matches!(
        w.auth
            .authenticate(tokens.access_token.expose_secret())
            .await,
        Err(AuthenticateError::SessionEnded)
    ));
    assert!(matches!(
        w.auth.refresh(&tokens.refresh_token).await,
        Err(RefreshError::InvalidToken)
    ));
}

#[tokio::test]
async fn idle_sessions_end_and_refresh_keeps_them_alive() {
    let w = world().await;
    let tokens = signed_in(&w, "ada@example.org").await;
    w.clock.advance(Duration::days(6));
    let renewed = w.auth.refresh(&tokens.refresh_token).await.unwrap();
    w.clock.advance(Duration::days(6));
    let again = w.auth.refresh(&renewed.refresh_token).await.unwrap();
    w.clock.advance(Duration::days(7));
    assert!(matches!(
        w.auth.refresh(&again.refresh_token).await,
        Err(RefreshError::InvalidToken)
    ));
}

#[tokio::test]
async fn users_list_their_sessions_and_end_the_others() {
    let w = world().await;
    let first = signed_in(&w, "ada@example.org").await;
    w.clock.advance(Duration::seconds(1));
    let second = w
        .auth
        .login(login_request("ada@example.org", PASSWORD))
        .await
        .unwrap();
    let principal = w
        .auth
        .authenticate(second.access_token.expose_secret())
        .await
        .unwrap();
    let sessions = w.auth.list_sessions(&principal).await.unwrap();
    assert_eq!(sessions.len(), 2);
    assert!(sessions[0].current && !sessions[1].current);
    assert_eq!(sessions[0].user_agent.as_deref(), Some("test-agent"));
    assert_eq!(w.auth.revoke_other_sessions(&principal).await.unwrap(), 1);
    assert!(matches!(
        w.auth
            .authenticate(first.access_token.expose_secret())
            .await,
        Err(AuthenticateError::SessionEnded)
    ));
    assert!(
        w.auth
            .authenticate(second.access_token.expose_secret())
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn nobody_can_end_another_users_session() {
    let w = world().await;
    let ada = signed_in(&w, "ada@example.org").await;
    let eve = signed_in(&w, "eve@example.org").await;
    let eve_principal = w
        .auth
        .authenticate(eve.access_token.expose_secret())
        .await
        .unwrap();
    let attempt = w.auth.revoke_session(&eve_principal, ada.session_id).await;
    assert!(matches!(attempt, Err(RevokeSessionError::NotFound)));
    assert!(
        w.auth
            .authenticate(ada.access_token.expose_secret())
            .await
            .is_ok()
    );
}

#[derive(Debug)]
struct BrokenMailer;

#[async_trait]
impl Mailer for BrokenMailer {
    async fn send(&self, _: &Email, _: AuthMail) -> anyhow::Result<()> {
        anyhow::bail!("smtp server down")
    }
}

#[tokio::test]
async fn a_mail_failure_is_reported_and_the_account_can_ask_again() {
    let w = world_with_mailer(Arc::new(BrokenMailer), MemoryMailer::new()).await;
    let outcome = w.auth.register(register_request("ada@example.org")).await;
    assert!(matches!(outcome, Err(RegisterError::Unexpected(_))));
    // The account was accepted and kept; a later resend can still verify it.
    assert!(
        w.users
            .find_by_email(&email("ada@example.org"))
            .await
            .unwrap()
            .is_some()
    );
}

const NEW_PASSWORD: &str = "a brand new passphrase of hers";

#[tokio::test]
async fn a_password_reset_ends_every_session_and_notifies_the_owner() {
    let w = world().await;
    let laptop = signed_in(&w, "ada@example.org").await;
    let phone = w
        .auth
        .login(login_request("ada@example.org", PASSWORD))
        .await
        .unwrap();
    w.auth
        .request_password_reset(&email("ada@example.org"))
        .await
        .unwrap();
    let token = last_reset_token(&w.mailer);
    w.auth
        .reset_password(&token, SecretString::from(NEW_PASSWORD))
        .await
        .unwrap();
    for tokens in [&laptop, &phone] {
        assert!(matches!(
            w.auth
                .authenticate(tokens.access_token.expose_secret())
                .await,
            Err(AuthenticateError::SessionEnded)
        ));
        assert!(matches!(
            w.auth.refresh(&tokens.refresh_token).await,
            Err(RefreshError::InvalidToken)
        ));
    }
    assert!(matches!(
        w.mailer.sent().last().unwrap().mail,
        AuthMail::PasswordChanged { .. }
    ));
    assert!(matches!(
        w.auth
            .login(login_request("ada@example.org", PASSWORD))
            .await,
        Err(LoginError::InvalidCredentials)
    ));
    w.auth
        .login(login_request("ada@example.org", NEW_PASSWORD))
        .await
        .unwrap();
    assert!(matches!(
        w.auth
            .reset_password(&token, SecretString::from("yet another passphrase 1"))
            .await,
        Err(ResetPasswordError::InvalidToken)
    ));
}

#[tokio::test]
async fn a_reset_code_expires_after_thirty_minutes() {
    let w = world().await;
    w.auth
        .register(register_request("ada@example.org"))
        .await
        .unwrap();
    w.auth
        .request_password_reset(&email("ada@example.org"))
        .await
        .unwrap();
    w.clock.advance(Duration::minutes(30));
    let outcome = w
        .auth
        .reset_password(
            &last_reset_token(&w.mailer),
            SecretString::from(NEW_PASSWORD),
        )
        .await;
    assert!(matches!(outcome, Err(ResetPasswordError::InvalidToken)));
}

#[tokio::test]
async fn a_weak_new_password_changes_nothing_and_keeps_the_code_usable() {
    let w = world().await;
    let session = signed_in(&w, "ada@example.org").await;
    w.auth
        .request_password_reset(&email("ada@example.org"))
        .await
        .unwrap();
    let token = last_reset_token(&w.mailer);
    let weak = w
        .auth
        .reset_password(&token, SecretString::from("password1234"))
        .await;
    assert!(matches!(
        weak,
        Err(ResetPasswordError::Policy(PasswordPolicyError::Common))
    ));
    assert!(
        w.auth
            .authenticate(session.access_token.expose_secret())
            .await
            .is_ok()
    );
    w.auth
        .login(login_request("ada@example.org", PASSWORD))
        .await
        .unwrap();
    w.auth
        .reset_password(&token, SecretString::from(NEW_PASSWORD))
        .await
        .unwrap();
}

#[tokio::test]
async fn reset_requests_are_silent_for_unknown_addresses_and_throttled() {
    let w = world().await;
    w.auth
        .request_password_reset(&email("nobody@example.org"))
        .await
        .unwrap();
    assert!(w.mailer.sent().is_empty());
    w.auth
        .register(register_request("ada@example.org"))
        .await
        .unwrap();
    w.auth
        .request_password_reset(&email("ada@example.org"))
        .await
        .unwrap();
    w.auth
        .request_password_reset(&email("ada@example.org"))
        .await
        .unwrap();
    let resets = w
        .mailer
        .sent()
        .iter()
        .filter(|m| matches!(m.mail, AuthMail::PasswordReset { .. }))
        .count();
    assert_eq!(resets, 1);
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one_and_ends_every_session() {
    let w = world().await;
    let tokens = signed_in(&w, "ada@example.org").await;
    let principal = w
        .auth
        .authenticate(tokens.access_token.expose_secret())
        .await
        .unwrap();
    let wrong = w
        .auth
        .change_password(
            &principal,
            &SecretString::from("not the password"),
            SecretString::from(NEW_PASSWORD),
        )
        .await;
    assert!(matches!(wrong, Err(ChangePasswordError::WrongPassword)));
    assert!(
        w.auth
            .authenticate(tokens.access_token.expose_secret())
            .await
            .is_ok()
    );
    w.auth
        .change_password(
            &principal,
            &SecretString::from(PASSWORD),
            SecretString::from(NEW_PASSWORD),
        )
        .await
        .unwrap();
    assert!(matches!(
        w.auth
            .authenticate(tokens.access_token.expose_secret())
            .await,
        Err(AuthenticateError::SessionEnded)
    ));
    assert!(matches!(
        w.mailer.sent().last().unwrap().mail,
        AuthMail::PasswordChanged { .. }
    ));
    w.auth
        .login(login_request("ada@example.org", NEW_PASSWORD))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_failing_session_store_refuses_access_instead_of_letting_it_through() {
    let w = world().await;
    let tokens = signed_in(&w, "ada@example.org").await;
    let mut broken = mentor_auth::ports::MockSessionStore::new();
    broken
        .expect_get()
        .returning(|_| Err(anyhow::anyhow!("redis: connection refused")));
    let mailer = MemoryMailer::new();
    let broken_world = world_with(Arc::new(mailer.clone()), mailer, Arc::new(broken)).await;
    let auth = broken_world.auth;
    let outcome = auth.authenticate(tokens.access_token.expose_secret()).await;
    assert!(
        matches!(outcome, Err(AuthenticateError::Unexpected(_))),
        "{outcome:?}"
    );
}

#[tokio::test]
async fn security_events_are_recorded_with_where_they_came_from() {
    let w = world().await;
    let tokens = signed_in(&w, "ada@example.org").await;
    let _ = w
        .auth
        .login(login_request("ada@example.org", "not the password at all"))
        .await;
    let principal = w
        .auth
        .authenticate(tokens.access_token.expose_secret())
        .await
        .unwrap();
    w.auth.logout(&principal).await.unwrap();
    let user = w
        .users
        .find_by_email(&email("ada@example.org"))
        .await
        .unwrap()
        .unwrap();
    let events = w.audit.list_for_user(user.id, None, 10).await.unwrap();
    let actions: Vec<AuditAction> = events.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        vec![
            AuditAction::LoggedOut,
            AuditAction::LoginFailed,
            AuditAction::LoginSucceeded,
            AuditAction::Registered
        ]
    );
    assert_eq!(events[1].ip.as_deref(), Some("192.0.2.1"));
    let page = w
        .auth
        .security_events(&principal, Some(events[1].id), 10)
        .await
        .unwrap();
    assert_eq!(page.len(), 2);
}

fn from_ip(raw_email: &str, password: &str, ip: &str) -> LoginRequest {
    LoginRequest {
        ip: Some(ip.to_owned()),
        ..login_request(raw_email, password)
    }
}

fn throttled_for(outcome: Result<IssuedTokens, LoginError>) -> std::time::Duration {
    match outcome {
        Err(LoginError::Throttled(t)) => t.0,
        other => panic!("expected throttling, got {other:?}"),
    }
}

#[tokio::test]
async fn failed_sign_ins_back_off_exponentially_and_the_block_always_ends() {
    let w = world().await;
    signed_in(&w, "ada@example.org").await;
    let attacker = "198.51.100.7";
    // Three free failures, then blocks of 1 s, 2 s, 4 s … after each further failure.
    for _ in 0..3 {
        let outcome = w
            .auth
            .login(from_ip("ada@example.org", "wrong password guess", attacker))
            .await;
        assert!(matches!(outcome, Err(LoginError::InvalidCredentials)));
    }
    let mut expected = std::time::Duration::from_secs(1);
    for _ in 0..4 {
        let outcome = w
            .auth
            .login(from_ip("ada@example.org", "wrong password guess", attacker))
            .await;
        assert!(matches!(outcome, Err(LoginError::InvalidCredentials)));
        // Even the right password is refused while blocked.
        let blocked = w
            .auth
            .login(from_ip("ada@example.org", PASSWORD, attacker))
            .await;
        assert_eq!(throttled_for(blocked), expected);
        w.clock.advance(Duration::try_from(expected).unwrap());
        expected *= 2;
    }
    // The block ended by itself: the owner signs in from the same address.
    w.auth
        .login(from_ip("ada@example.org", PASSWORD, attacker))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_guesser_blocks_only_their_own_address_for_the_account() {
    let w = world().await;
    signed_in(&w, "ada@example.org").await;
    for _ in 0..6 {
        let _ = w
            .auth
            .login(from_ip(
                "ada@example.org",
                "wrong password guess",
                "198.51.100.7",
            ))
            .await;
    }
    assert!(matches!(
        w.auth
            .login(from_ip("ada@example.org", PASSWORD, "198.51.100.7"))
            .await,
        Err(LoginError::Throttled(_))
    ));
    w.auth
        .login(from_ip("ada@example.org", PASSWORD, "203.0.113.9"))
        .await
        .expect("the owner elsewhere is not locked out");
}

#[tokio::test]
async fn throttling_is_recorded_in_the_audit_trail() {
    let w = world().await;
    signed_in(&w, "ada@example.org").await;
    for _ in 0..4 {
        let _ = w
            .auth
            .login(from_ip(
                "ada@example.org",
                "wrong password guess",
                "198.51.100.7",
            ))
            .await;
    }
    let user = w
        .users
        .find_by_email(&email("ada@example.org"))
        .await
        .unwrap()
        .unwrap();
    let events = w.audit.list_for_user(user.id, None, 20).await.unwrap();
    let throttled: Vec<_> = events
        .iter()
        .filter(|e| e.action == AuditAction::LoginThrottled)
        .collect();
    assert_eq!(throttled.len(), 1);
    assert_eq!(throttled[0].ip.as_deref(), Some("198.51.100.7"));
}

#[tokio::test]
async fn unknown_and_known_addresses_are_throttled_alike() {
    let w = world().await;
    signed_in(&w, "ada@example.org").await;
    let mut waits = Vec::new();
    for address in ["ada@example.org", "nobody@example.org"] {
        for _ in 0..4 {
            let _ = w
                .auth
                .login(from_ip(address, "wrong password guess", "198.51.100.7"))
                .await;
        }
        waits.push(throttled_for(
            w.auth
                .login(from_ip(address, "wrong password guess", "198.51.100.7"))
                .await,
        ));
    }
    assert_eq!(waits[0], waits[1]);
}

#[tokio::test]
async fn registrations_from_one_address_are_rate_limited() {
    let w = world().await;
    let burst = AuthConfig::default().throttle.register_ip.burst;
    for i in 0..burst {
        w.auth
            .register(register_request(&format!("user{i}@example.org")))
            .await
            .unwrap();
    }
    let refused = w
        .auth
        .register(register_request("one-more@example.org"))
        .await;
    assert!(
        matches!(refused, Err(RegisterError::Throttled(_))),
        "{refused:?}"
    );
    assert!(
        w.users
            .find_by_email(&email("one-more@example.org"))
            .await
            .unwrap()
            .is_none(),
        "a refused registration changes nothing"
    );
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in_even_with_the_right_password() {
    let w = world().await;
    signed_in(&w, "ada@example.org").await;
    let user = w
        .users
        .find_by_email(&email("ada@example.org"))
        .await
        .unwrap()
        .unwrap();
    w.users
        .set_disabled(user.id, Some(w.clock.now()))
        .await
        .unwrap();
    assert!(matches!(
        w.auth
            .login(login_request("ada@example.org", PASSWORD))
            .await,
        Err(LoginError::Disabled)
    ));
}

#[tokio::test]
async fn wrong_current_passwords_back_off_like_sign_in() {
    let w = world().await;
    let tokens = signed_in(&w, "ada@example.org").await;
    let principal = w
        .auth
        .authenticate(tokens.access_token.expose_secret())
        .await
        .unwrap()
        .from_ip(Some("198.51.100.7".parse().unwrap()));
    let change = |current: &'static str| {
        let auth = &w.auth;
        async move {
            auth.change_password(
                &principal,
                &SecretString::from(current),
                SecretString::from(NEW_PASSWORD),
            )
            .await
        }
    };
    for _ in 0..4 {
        assert!(matches!(
            change("wrong guess number n").await,
            Err(ChangePasswordError::WrongPassword)
        ));
    }
    assert!(matches!(
        change(PASSWORD).await,
        Err(ChangePasswordError::Throttled(_))
    ));
    w.clock.advance(Duration::seconds(2));
    change(PASSWORD).await.unwrap();
}
