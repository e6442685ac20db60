//! The [`OneTimeTokenStore`] contract.

use std::sync::Arc;

use mentor_auth::{OneTimeToken, OneTimeTokenStore, TokenHash, TokenPurpose, UserRepository};
use mentor_kernel::UserId;
use time::Duration;

use crate::sessions::new_user;
use crate::t0;

fn token(user: UserId, text: &str, created_offset_secs: i64) -> OneTimeToken {
    token_for(user, text, created_offset_secs, TokenPurpose::VerifyEmail)
}

fn token_for(
    user: UserId,
    text: &str,
    created_offset_secs: i64,
    purpose: TokenPurpose,
) -> OneTimeToken {
    let created = t0() + Duration::seconds(created_offset_secs);
    OneTimeToken {
        hash: TokenHash::of(text),
        user_id: user,
        purpose,
        created_at: created,
        expires_at: created + Duration::hours(24),
        payload: None,
    }
}

/// A token works exactly once.
pub async fn tokens_are_consumed_exactly_once(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn OneTimeTokenStore>,
) {
    let user = new_user(&users).await;
    store.insert(&token(user, "t1", 0)).await.unwrap();
    let purpose = TokenPurpose::VerifyEmail;
    assert_eq!(
        store
            .consume(&TokenHash::of("t1"), purpose, t0())
            .await
            .unwrap(),
        Some(user)
    );
    assert_eq!(
        store
            .consume(&TokenHash::of("t1"), purpose, t0())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .consume(&TokenHash::of("unknown"), purpose, t0())
            .await
            .unwrap(),
        None
    );
}

/// An expired token does not work, and stays unused.
pub async fn expired_tokens_are_refused(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn OneTimeTokenStore>,
) {
    let user = new_user(&users).await;
    store.insert(&token(user, "t1", 0)).await.unwrap();
    let purpose = TokenPurpose::VerifyEmail;
    assert_eq!(
        store
            .consume(&TokenHash::of("t1"), purpose, t0() + Duration::hours(24))
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .consume(&TokenHash::of("t1"), purpose, t0() + Duration::hours(23))
            .await
            .unwrap(),
        Some(user)
    );
}

/// Of concurrent uses of one token, exactly one succeeds.
pub async fn concurrent_consumption_lets_exactly_one_win(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn OneTimeTokenStore>,
) {
    let user = new_user(&users).await;
    store.insert(&token(user, "t1", 0)).await.unwrap();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .consume(&TokenHash::of("t1"), TokenPurpose::VerifyEmail, t0())
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut won = 0;
    for handle in handles {
        if handle.await.unwrap().is_some() {
            won += 1;
        }
    }
    assert_eq!(won, 1);
}

/// The newest issue time per user is reported.
pub async fn latest_issue_time_is_the_newest(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn OneTimeTokenStore>,
) {
    let (user, other) = (new_user(&users).await, new_user(&users).await);
    assert_eq!(
        store
            .latest_issued_at(user, TokenPurpose::VerifyEmail)
            .await
            .unwrap(),
        None
    );
    store.insert(&token(user, "t1", 0)).await.unwrap();
    store.insert(&token(user, "t2", 60)).await.unwrap();
    store.insert(&token(other, "t3", 120)).await.unwrap();
    assert_eq!(
        store
            .latest_issued_at(user, TokenPurpose::VerifyEmail)
            .await
            .unwrap(),
        Some(t0() + Duration::seconds(60))
    );
}

/// Looking a token up does not use it; purposes never mix.
pub async fn lookups_do_not_consume_and_purposes_do_not_mix(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn OneTimeTokenStore>,
) {
    let user = new_user(&users).await;
    store
        .insert(&token_for(user, "reset", 0, TokenPurpose::PasswordReset))
        .await
        .unwrap();
    let hash = TokenHash::of("reset");
    let reset = TokenPurpose::PasswordReset;
    assert_eq!(
        store.find_live(&hash, reset, t0()).await.unwrap(),
        Some(user)
    );
    assert_eq!(
        store.find_live(&hash, reset, t0()).await.unwrap(),
        Some(user)
    );
    assert_eq!(
        store
            .find_live(&hash, TokenPurpose::VerifyEmail, t0())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .consume(&hash, TokenPurpose::VerifyEmail, t0())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store
            .find_live(&hash, reset, t0() + Duration::hours(24))
            .await
            .unwrap(),
        None
    );
    assert_eq!(store.consume(&hash, reset, t0()).await.unwrap(), Some(user));
    assert_eq!(store.find_live(&hash, reset, t0()).await.unwrap(), None);
}

/// A token's payload reads back while the token is live, and not after it is used.
pub async fn payloads_read_back_while_live(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn OneTimeTokenStore>,
) {
    let user = new_user(&users).await;
    let change = TokenPurpose::EmailChange;
    let mut t = token_for(user, "change", 0, change);
    t.payload = Some("new@example.org".to_owned());
    store.insert(&t).await.unwrap();
    let hash = TokenHash::of("change");
    assert_eq!(
        store
            .live_payload(&hash, change, t0())
            .await
            .unwrap()
            .as_deref(),
        Some("new@example.org")
    );
    assert_eq!(
        store
            .live_payload(&hash, TokenPurpose::PasswordReset, t0())
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        store.consume(&hash, change, t0()).await.unwrap(),
        Some(user)
    );
    assert_eq!(store.live_payload(&hash, change, t0()).await.unwrap(), None);
}
