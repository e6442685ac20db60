//! The [`UserRepository`] contract.

use std::sync::Arc;

use mentor_auth::{DisplayName, Email, InsertUserError, PasswordHash, Role, User, UserRepository};
use mentor_kernel::UserId;
use time::Duration;

use crate::t0;

/// A valid account with a fresh id for `email`.
#[must_use]
pub fn sample_user(email: &str) -> User {
    User {
        id: UserId::generate(),
        email: Email::parse(email).unwrap(),
        display_name: DisplayName::parse("Ada Lovelace").unwrap(),
        password_hash: Some(PasswordHash::new(
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".to_owned(),
        )),
        email_verified_at: None,
        roles: vec![Role::Learner],
        disabled_at: None,
        created_at: t0(),
    }
}

/// An inserted account reads back equal, by id and by address.
pub async fn inserted_users_read_back_equal(repo: Arc<dyn UserRepository>) {
    let mut user = sample_user("ada@example.org");
    user.roles = vec![Role::Learner, Role::Admin];
    user.roles.sort();
    repo.insert(&user).await.unwrap();
    assert_eq!(repo.find_by_id(user.id).await.unwrap(), Some(user.clone()));
    let by_email = repo
        .find_by_email(&Email::parse("ADA@example.org").unwrap())
        .await
        .unwrap();
    assert_eq!(by_email, Some(user));
}

/// Unknown ids and addresses are `None`, not errors.
pub async fn unknown_users_are_none(repo: Arc<dyn UserRepository>) {
    assert_eq!(repo.find_by_id(UserId::generate()).await.unwrap(), None);
    assert_eq!(
        repo.find_by_email(&Email::parse("nobody@example.org").unwrap())
            .await
            .unwrap(),
        None
    );
}

/// A second account with a taken address is refused with `EmailTaken` and not stored.
pub async fn a_taken_email_is_refused_and_nothing_changes(repo: Arc<dyn UserRepository>) {
    let first = sample_user("grace@example.org");
    repo.insert(&first).await.unwrap();
    let second = sample_user("grace@example.org");
    assert!(matches!(
        repo.insert(&second).await,
        Err(InsertUserError::EmailTaken)
    ));
    assert_eq!(repo.find_by_id(second.id).await.unwrap(), None);
    assert_eq!(
        repo.find_by_email(&first.email)
            .await
            .unwrap()
            .map(|u| u.id),
        Some(first.id)
    );
}

/// Of two concurrent inserts of one address, exactly one succeeds.
pub async fn concurrent_inserts_of_one_email_let_exactly_one_win(repo: Arc<dyn UserRepository>) {
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let repo = repo.clone();
            tokio::spawn(async move { repo.insert(&sample_user("race@example.org")).await })
        })
        .collect();
    let mut won = 0;
    for handle in handles {
        match handle.await.unwrap() {
            Ok(()) => won += 1,
            Err(InsertUserError::EmailTaken) => {}
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    assert_eq!(won, 1);
}

/// Verification keeps the first time and ignores unknown ids.
pub async fn verification_keeps_the_first_time(repo: Arc<dyn UserRepository>) {
    let user = sample_user("linus@example.org");
    repo.insert(&user).await.unwrap();
    repo.mark_email_verified(user.id, t0() + Duration::hours(1))
        .await
        .unwrap();
    repo.mark_email_verified(user.id, t0() + Duration::hours(2))
        .await
        .unwrap();
    repo.mark_email_verified(UserId::generate(), t0())
        .await
        .unwrap();
    let stored = repo.find_by_id(user.id).await.unwrap().unwrap();
    assert_eq!(stored.email_verified_at, Some(t0() + Duration::hours(1)));
}

/// A new password hash replaces the old one; unknown ids are ignored.
pub async fn password_updates_replace_the_hash(repo: Arc<dyn UserRepository>) {
    let user = sample_user("ken@example.org");
    repo.insert(&user).await.unwrap();
    let new_hash = PasswordHash::new("$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3aGFzaA".to_owned());
    repo.update_password(user.id, &new_hash).await.unwrap();
    repo.update_password(UserId::generate(), &new_hash)
        .await
        .unwrap();
    let stored = repo.find_by_id(user.id).await.unwrap().unwrap();
    assert_eq!(stored.password_hash, Some(new_hash));
    assert_eq!(stored.email, user.email);
}

/// Listing walks accounts in id order with a cursor, searches addresses case-insensitively
/// and treats `%` and `_` literally.
pub async fn users_list_in_pages_and_search_by_address(repo: Arc<dyn UserRepository>) {
    let mut ids = Vec::new();
    for email in ["ann@example.org", "bo_b@example.org", "carl@example.net"] {
        let user = sample_user(email);
        repo.insert(&user).await.unwrap();
        ids.push(user.id);
    }
    ids.sort();
    let query = |email_contains: Option<&str>, after, limit| mentor_auth::UserQuery {
        email_contains: email_contains.map(str::to_owned),
        after,
        limit,
    };
    let page = repo.list(&query(None, None, 2)).await.unwrap();
    assert_eq!(page.iter().map(|u| u.id).collect::<Vec<_>>(), ids[..2]);
    let rest = repo.list(&query(None, Some(ids[1]), 2)).await.unwrap();
    assert_eq!(rest.iter().map(|u| u.id).collect::<Vec<_>>(), ids[2..]);
    let found = repo
        .list(&query(Some("example.org"), None, 10))
        .await
        .unwrap();
    assert_eq!(found.len(), 2);
    let literal = repo.list(&query(Some("o_b"), None, 10)).await.unwrap();
    assert_eq!(literal.len(), 1);
    assert!(
        repo.list(&query(Some("%"), None, 10))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        repo.list(&query(Some("n_n"), None, 10))
            .await
            .unwrap()
            .is_empty()
    );
}

/// Disabling, roles, display names and address changes read back; unknown ids say so.
pub async fn account_changes_read_back(repo: Arc<dyn UserRepository>) {
    let user = sample_user("dora@example.org");
    repo.insert(&user).await.unwrap();
    repo.insert(&sample_user("erin@example.org")).await.unwrap();
    let at = t0() + Duration::hours(1);
    assert!(repo.set_disabled(user.id, Some(at)).await.unwrap());
    assert_eq!(
        repo.find_by_id(user.id).await.unwrap().unwrap().disabled_at,
        Some(at)
    );
    assert!(repo.set_disabled(user.id, None).await.unwrap());
    assert!(!repo.set_disabled(UserId::generate(), None).await.unwrap());
    let roles = vec![Role::Learner, Role::Mentor];
    assert!(repo.set_roles(user.id, &roles).await.unwrap());
    assert!(!repo.set_roles(UserId::generate(), &roles).await.unwrap());
    let name = DisplayName::parse("Dora the Explorer").unwrap();
    repo.set_display_name(user.id, &name).await.unwrap();
    let read = repo.find_by_id(user.id).await.unwrap().unwrap();
    assert_eq!(
        (read.roles, read.display_name, read.disabled_at),
        (roles, name, None)
    );

    let taken = Email::parse("erin@example.org").unwrap();
    assert!(matches!(
        repo.change_email(user.id, &taken, at).await,
        Err(InsertUserError::EmailTaken)
    ));
    let new = Email::parse("dora.new@example.org").unwrap();
    repo.change_email(user.id, &new, at).await.unwrap();
    let read = repo.find_by_email(&new).await.unwrap().unwrap();
    assert_eq!((read.id, read.email_verified_at), (user.id, Some(at)));
    assert_eq!(
        repo.find_by_email(&Email::parse("dora@example.org").unwrap())
            .await
            .unwrap(),
        None
    );
}
