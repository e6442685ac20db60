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
