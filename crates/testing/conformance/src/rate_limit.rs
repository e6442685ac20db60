//! The [`RateLimiter`] contract. It runs on real time (the Redis adapter uses the Redis
//! server's clock), so windows are short and assertions leave room for scheduling.

use std::sync::Arc;
use std::time::Duration;

use mentor_kernel::{Backoff, RateDecision, RateLimiter, RatePolicy};

fn key(name: &str) -> String {
    format!("{name}:{}", uuid::Uuid::new_v4().simple())
}

/// A fresh key allows exactly the burst, then refuses with a wait no longer than one
/// interval; after that wait it allows again, and other keys are unaffected.
pub async fn a_key_allows_its_burst_then_waits_one_interval(limiter: Arc<dyn RateLimiter>) {
    let policy = RatePolicy::new(4, Duration::from_secs(2), 3).unwrap();
    let k = key("burst");
    for expected_remaining in [2, 1, 0] {
        assert_eq!(
            limiter.check(&k, &policy).await.unwrap(),
            RateDecision::Allowed {
                remaining: expected_remaining
            }
        );
    }
    let RateDecision::Limited { retry_after } = limiter.check(&k, &policy).await.unwrap() else {
        panic!("the request after the burst must be limited");
    };
    assert!(retry_after > Duration::ZERO && retry_after <= policy.interval());
    assert!(matches!(
        limiter.check(&key("other"), &policy).await.unwrap(),
        RateDecision::Allowed { .. }
    ));
    tokio::time::sleep(retry_after + Duration::from_millis(30)).await;
    assert!(matches!(
        limiter.check(&k, &policy).await.unwrap(),
        RateDecision::Allowed { .. }
    ));
}

/// Refused requests do not consume capacity: hammering a limited key does not push its
/// next allowed time further away.
pub async fn refused_requests_consume_nothing(limiter: Arc<dyn RateLimiter>) {
    let policy = RatePolicy::new(1, Duration::from_millis(600), 1).unwrap();
    let k = key("refused");
    assert!(
        limiter
            .check(&k, &policy)
            .await
            .unwrap()
            .into_result()
            .is_ok()
    );
    let mut last = Duration::MAX;
    for _ in 0..20 {
        let wait = limiter
            .check(&k, &policy)
            .await
            .unwrap()
            .into_result()
            .unwrap_err();
        assert!(wait <= last, "the wait grew from {last:?} to {wait:?}");
        last = wait;
    }
}

/// Of many simultaneous requests on a fresh key, exactly the burst is allowed.
pub async fn concurrent_checks_allow_exactly_the_burst(limiter: Arc<dyn RateLimiter>) {
    let policy = RatePolicy::new(1, Duration::from_secs(60), 5).unwrap();
    let k = key("race");
    let tasks: Vec<_> = (0..24)
        .map(|_| {
            let (limiter, k) = (limiter.clone(), k.clone());
            tokio::spawn(async move { limiter.check(&k, &policy).await.unwrap() })
        })
        .collect();
    let mut allowed = 0;
    for task in tasks {
        if matches!(task.await.unwrap(), RateDecision::Allowed { .. }) {
            allowed += 1;
        }
    }
    assert_eq!(allowed, 5);
}

/// Failures are free, then block for doubling times up to the maximum; a block ends by
/// itself, and clearing forgets everything.
pub async fn backoff_doubles_caps_and_clears(limiter: Arc<dyn RateLimiter>) {
    let backoff = Backoff {
        free_failures: 2,
        base: Duration::from_millis(200),
        max: Duration::from_millis(500),
        reset_after: Duration::from_secs(30),
    };
    let k = key("backoff");
    assert_eq!(limiter.blocked_for(&k).await.unwrap(), None);
    let mut blocks = Vec::new();
    for _ in 0..5 {
        blocks.push(limiter.penalize(&k, &backoff).await.unwrap());
    }
    let ms: Vec<u128> = blocks.iter().map(Duration::as_millis).collect();
    assert_eq!(ms, vec![0, 0, 200, 400, 500]);
    let rest = limiter.blocked_for(&k).await.unwrap().expect("blocked");
    assert!(rest <= Duration::from_millis(500) && rest > Duration::from_millis(300));
    tokio::time::sleep(rest + Duration::from_millis(30)).await;
    assert_eq!(limiter.blocked_for(&k).await.unwrap(), None);
    assert_eq!(
        limiter.penalize(&k, &backoff).await.unwrap(),
        Duration::from_millis(500),
        "failures are remembered after a block ends"
    );
    limiter.clear(&k).await.unwrap();
    assert_eq!(limiter.blocked_for(&k).await.unwrap(), None);
    assert_eq!(
        limiter.penalize(&k, &backoff).await.unwrap(),
        Duration::ZERO
    );
}

/// Failures are forgotten `reset_after` the last one.
pub async fn failures_are_forgotten_after_quiet_time(limiter: Arc<dyn RateLimiter>) {
    let backoff = Backoff {
        free_failures: 1,
        base: Duration::from_millis(50),
        max: Duration::from_millis(50),
        reset_after: Duration::from_millis(300),
    };
    let k = key("forget");
    assert_eq!(
        limiter.penalize(&k, &backoff).await.unwrap(),
        Duration::ZERO
    );
    assert_eq!(
        limiter.penalize(&k, &backoff).await.unwrap(),
        Duration::from_millis(50)
    );
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(
        limiter.penalize(&k, &backoff).await.unwrap(),
        Duration::ZERO
    );
}

/// A replay mark is granted once, also under concurrency, and again after it expires.
pub async fn first_use_is_granted_once(limiter: Arc<dyn RateLimiter>) {
    let k = key("once");
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (limiter, k) = (limiter.clone(), k.clone());
            tokio::spawn(async move {
                limiter
                    .first_use(&k, Duration::from_millis(300))
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut firsts = 0;
    for task in tasks {
        if task.await.unwrap() {
            firsts += 1;
        }
    }
    assert_eq!(firsts, 1);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert!(
        limiter
            .first_use(&k, Duration::from_millis(300))
            .await
            .unwrap()
    );
}
