//! The [`AnswerCache`] contract: answers read back until they expire; a put replaces; keys
//! are independent.

use std::sync::Arc;
use std::time::Duration;

use mentor_tutoring::{AnswerCache, cache_key};

/// Stored answers read back; a missing key is `None`; a put replaces.
pub async fn answers_read_back_and_a_put_replaces(cache: Arc<dyn AnswerCache>) {
    let key = cache_key("hint", &["exercise", "code «é»", "verdict"]);
    let other = cache_key("hint", &["exercise", "code «é»", "other verdict"]);
    assert_eq!(cache.get(&key).await.unwrap(), None);
    cache
        .put(
            &key,
            "Look at the loop's last index. «é»",
            Duration::from_secs(60),
        )
        .await
        .unwrap();
    assert_eq!(
        cache.get(&key).await.unwrap().as_deref(),
        Some("Look at the loop's last index. «é»")
    );
    assert_eq!(cache.get(&other).await.unwrap(), None);
    cache
        .put(&key, "Second thought.", Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(
        cache.get(&key).await.unwrap().as_deref(),
        Some("Second thought.")
    );
    cache.remove(&key).await.unwrap();
    assert_eq!(cache.get(&key).await.unwrap(), None);
    cache.remove(&key).await.unwrap();
}

/// An answer is gone once its time to live has passed.
pub async fn answers_expire(cache: Arc<dyn AnswerCache>) {
    let key = cache_key("hint", &["short-lived"]);
    cache
        .put(&key, "soon gone", Duration::from_secs(1))
        .await
        .unwrap();
    assert!(cache.get(&key).await.unwrap().is_some());
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(cache.get(&key).await.unwrap(), None);
}
