//! The [`SessionStore`] contract.

use std::sync::Arc;

use mentor_auth::{RotateOutcome, Session, SessionStore, TokenHash, UserRepository};
use mentor_kernel::{SessionId, UserId};
use time::Duration;

use crate::t0;
use crate::users::sample_user;

/// Creates an account (stores with foreign keys need one) and returns its id.
pub async fn new_user(users: &Arc<dyn UserRepository>) -> UserId {
    let user = sample_user(&format!("{}@example.org", uuid::Uuid::new_v4().simple()));
    users.insert(&user).await.unwrap();
    user.id
}

/// A session of `user` created at `t0() + offset_secs`, with refresh hash of `refresh`.
#[must_use]
pub fn sample_session(user: UserId, refresh: &str, offset_secs: i64) -> Session {
    let created = t0() + Duration::seconds(offset_secs);
    Session {
        id: SessionId::generate(),
        user_id: user,
        refresh_hash: TokenHash::of(refresh),
        created_at: created,
        last_seen_at: created,
        expires_at: created + Duration::days(30),
        user_agent: Some("Mozilla/5.0 (test)".to_owned()),
        ip: Some("192.0.2.7".to_owned()),
    }
}

/// A created session reads back equal, and its refresh hash finds it.
pub async fn created_sessions_read_back_equal(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn SessionStore>,
) {
    let user = new_user(&users).await;
    let mut session = sample_session(user, "r1", 0);
    session.user_agent = None;
    store.create(&session).await.unwrap();
    assert_eq!(store.get(session.id).await.unwrap(), Some(session.clone()));
    assert_eq!(
        store.find_by_refresh(&TokenHash::of("r1")).await.unwrap(),
        Some(session.id)
    );
    assert_eq!(store.get(SessionId::generate()).await.unwrap(), None);
    assert_eq!(
        store
            .find_by_refresh(&TokenHash::of("unknown"))
            .await
            .unwrap(),
        None
    );
}

/// Rotation swaps only from the current hash; rotated hashes stay findable; unknown
/// sessions are `Missing`.
pub async fn rotation_is_compare_and_swap_and_keeps_old_hashes(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn SessionStore>,
) {
    let user = new_user(&users).await;
    let session = sample_session(user, "r1", 0);
    store.create(&session).await.unwrap();
    let later = t0() + Duration::minutes(5);
    let (r1, r2, r3) = (
        TokenHash::of("r1"),
        TokenHash::of("r2"),
        TokenHash::of("r3"),
    );
    assert_eq!(
        store
            .rotate_refresh(session.id, &r1, &r2, later)
            .await
            .unwrap(),
        RotateOutcome::Rotated
    );
    assert_eq!(
        store
            .rotate_refresh(session.id, &r1, &r3, later)
            .await
            .unwrap(),
        RotateOutcome::Stale
    );
    let stored = store.get(session.id).await.unwrap().unwrap();
    assert_eq!(stored.refresh_hash, r2);
    assert_eq!(stored.last_seen_at, later);
    assert_eq!(store.find_by_refresh(&r1).await.unwrap(), Some(session.id));
    assert_eq!(store.find_by_refresh(&r2).await.unwrap(), Some(session.id));
    assert_eq!(store.find_by_refresh(&r3).await.unwrap(), None);
    assert_eq!(
        store
            .rotate_refresh(SessionId::generate(), &r1, &r3, later)
            .await
            .unwrap(),
        RotateOutcome::Missing
    );
}

/// Of concurrent rotations from one hash, exactly one wins.
pub async fn concurrent_rotations_let_exactly_one_win(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn SessionStore>,
) {
    let user = new_user(&users).await;
    let session = sample_session(user, "r1", 0);
    store.create(&session).await.unwrap();
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .rotate_refresh(
                        session.id,
                        &TokenHash::of("r1"),
                        &TokenHash::of(&format!("next{i}")),
                        t0(),
                    )
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut rotated = 0;
    for handle in handles {
        if handle.await.unwrap() == RotateOutcome::Rotated {
            rotated += 1;
        }
    }
    assert_eq!(rotated, 1);
}

/// Touch moves `last_seen_at` and never resurrects a revoked session.
pub async fn touch_updates_last_seen_only_for_live_sessions(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn SessionStore>,
) {
    let user = new_user(&users).await;
    let session = sample_session(user, "r1", 0);
    store.create(&session).await.unwrap();
    let later = t0() + Duration::hours(1);
    store.touch(session.id, later).await.unwrap();
    assert_eq!(
        store.get(session.id).await.unwrap().unwrap().last_seen_at,
        later
    );
    store.revoke(session.id).await.unwrap();
    store.touch(session.id, later).await.unwrap();
    assert_eq!(store.get(session.id).await.unwrap(), None);
}

/// Revocation ends a session at once and its refresh hashes stop resolving.
pub async fn revoked_sessions_are_gone_with_their_refresh_hashes(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn SessionStore>,
) {
    let user = new_user(&users).await;
    let session = sample_session(user, "r1", 0);
    store.create(&session).await.unwrap();
    store
        .rotate_refresh(session.id, &TokenHash::of("r1"), &TokenHash::of("r2"), t0())
        .await
        .unwrap();
    assert!(store.revoke(session.id).await.unwrap());
    assert!(!store.revoke(session.id).await.unwrap());
    assert_eq!(store.get(session.id).await.unwrap(), None);
    assert_eq!(
        store.find_by_refresh(&TokenHash::of("r1")).await.unwrap(),
        None
    );
    assert_eq!(
        store.find_by_refresh(&TokenHash::of("r2")).await.unwrap(),
        None
    );
}

/// A user's sessions list newest first and only theirs; revoking all but one keeps that
/// one and other users' sessions.
pub async fn sessions_list_per_user_and_revoke_all_but_one(
    users: Arc<dyn UserRepository>,
    store: Arc<dyn SessionStore>,
) {
    let (alice, bob) = (new_user(&users).await, new_user(&users).await);
    let a1 = sample_session(alice, "a1", 0);
    let a2 = sample_session(alice, "a2", 10);
    let a3 = sample_session(alice, "a3", 20);
    let b1 = sample_session(bob, "b1", 5);
    for s in [&a1, &a2, &a3, &b1] {
        store.create(s).await.unwrap();
    }
    let listed: Vec<SessionId> = store
        .list_for_user(alice)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, vec![a3.id, a2.id, a1.id]);
    assert_eq!(
        store.revoke_all_for_user(alice, Some(a2.id)).await.unwrap(),
        2
    );
    let listed: Vec<SessionId> = store
        .list_for_user(alice)
        .await
        .unwrap()
        .iter()
        .map(|s| s.id)
        .collect();
    assert_eq!(listed, vec![a2.id]);
    assert_eq!(
        store.find_by_refresh(&TokenHash::of("a1")).await.unwrap(),
        None
    );
    assert_eq!(store.list_for_user(bob).await.unwrap().len(), 1);
    assert_eq!(store.revoke_all_for_user(alice, None).await.unwrap(), 1);
    assert!(store.list_for_user(alice).await.unwrap().is_empty());
}
