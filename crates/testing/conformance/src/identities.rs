//! The [`IdentityRepository`] contract.

use std::sync::Arc;

use mentor_auth::{
    IdentityRepository, LinkIdentityError, LinkedIdentity, Provider, UserRepository,
};
use mentor_kernel::UserId;

use crate::sessions::new_user;
use crate::t0;

fn identity(provider: Provider, subject: &str, user: UserId) -> LinkedIdentity {
    LinkedIdentity {
        provider,
        subject: subject.to_owned(),
        user_id: user,
        email: Some("ada@example.org".to_owned()),
        created_at: t0(),
    }
}

/// Identities are keyed by (provider, subject): linked once, found by key, listed per user,
/// unlinked only for their owner.
pub async fn identities_are_keyed_by_provider_and_subject(
    users: Arc<dyn UserRepository>,
    identities: Arc<dyn IdentityRepository>,
) {
    let (ada, bob) = (new_user(&users).await, new_user(&users).await);
    let google = identity(Provider::Google, "123", ada);
    identities.link(&google).await.unwrap();
    identities
        .link(&identity(Provider::GitHub, "123", ada))
        .await
        .unwrap();
    assert!(matches!(
        identities
            .link(&identity(Provider::Google, "123", bob))
            .await,
        Err(LinkIdentityError::AlreadyLinked)
    ));
    assert_eq!(
        identities.find(Provider::Google, "123").await.unwrap(),
        Some(google)
    );
    assert_eq!(
        identities.find(Provider::Google, "999").await.unwrap(),
        None
    );
    let listed: Vec<Provider> = identities
        .list_for_user(ada)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.provider)
        .collect();
    assert_eq!(listed, vec![Provider::GitHub, Provider::Google]);
    assert!(identities.list_for_user(bob).await.unwrap().is_empty());

    assert!(!identities.unlink(bob, Provider::Google).await.unwrap());
    assert!(
        identities
            .find(Provider::Google, "123")
            .await
            .unwrap()
            .is_some()
    );
    assert!(identities.unlink(ada, Provider::Google).await.unwrap());
    assert_eq!(
        identities.find(Provider::Google, "123").await.unwrap(),
        None
    );
    assert_eq!(identities.list_for_user(ada).await.unwrap().len(), 1);
}
