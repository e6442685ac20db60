//! The [`AuditLog`] contract.

use std::sync::Arc;

use mentor_auth::{AuditAction, AuditEvent, AuditLog};
use mentor_kernel::UserId;
use time::Duration;

use crate::t0;

/// Events read back per user, newest first, in pages that a cursor walks without gaps or
/// repeats.
pub async fn events_list_per_user_newest_first_in_pages(log: Arc<dyn AuditLog>) {
    let (ada, eve) = (UserId::generate(), UserId::generate());
    let mut written = Vec::new();
    for (i, action) in [
        AuditAction::Registered,
        AuditAction::LoginFailed,
        AuditAction::LoginSucceeded,
    ]
    .into_iter()
    .enumerate()
    {
        let at = t0() + Duration::seconds(i64::try_from(i).unwrap());
        let event = AuditEvent::new(ada, action, at, Some("192.0.2.9".to_owned()));
        log.record(&event).await.unwrap();
        log.record(&AuditEvent::new(eve, AuditAction::LoggedOut, at, None))
            .await
            .unwrap();
        written.push(event);
    }
    written.reverse();
    let all = log.list_for_user(ada, None, 10).await.unwrap();
    assert_eq!(all, written);
    let first = log.list_for_user(ada, None, 2).await.unwrap();
    assert_eq!(first, written[..2]);
    let rest = log.list_for_user(ada, Some(first[1].id), 2).await.unwrap();
    assert_eq!(rest, written[2..]);
    assert!(
        log.list_for_user(UserId::generate(), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// The whole trail filters by account and action, keeps actor and detail, and pages.
pub async fn the_trail_filters_by_account_and_action(log: Arc<dyn AuditLog>) {
    let (ada, admin) = (UserId::generate(), UserId::generate());
    let role = AuditEvent::new(ada, AuditAction::RoleChanged, t0(), None)
        .by(admin)
        .with_detail("learner,admin");
    log.record(&AuditEvent::new(ada, AuditAction::LoginFailed, t0(), None))
        .await
        .unwrap();
    log.record(&role).await.unwrap();
    log.record(&AuditEvent::new(
        admin,
        AuditAction::RoleChanged,
        t0(),
        None,
    ))
    .await
    .unwrap();
    let query = |user, action, before, limit| mentor_auth::AuditQuery {
        user,
        action,
        before,
        limit,
    };
    let all = log.list(&query(None, None, None, 10)).await.unwrap();
    assert_eq!(all.len(), 3);
    let roles = log
        .list(&query(Some(ada), Some(AuditAction::RoleChanged), None, 10))
        .await
        .unwrap();
    assert_eq!(roles, vec![role]);
    let any_roles = log
        .list(&query(None, Some(AuditAction::RoleChanged), None, 1))
        .await
        .unwrap();
    assert_eq!(any_roles.len(), 1);
    let older = log
        .list(&query(
            None,
            Some(AuditAction::RoleChanged),
            Some(any_roles[0].id),
            10,
        ))
        .await
        .unwrap();
    assert_eq!(older.len(), 1);
    assert_ne!(older[0].id, any_roles[0].id);
}
