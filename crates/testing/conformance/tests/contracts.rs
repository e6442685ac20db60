//! Every port contract against every back-end. Postgres and Redis cases run when
//! `MENTOR_TEST_DATABASE_URL` / `MENTOR_TEST_REDIS_URL` are set (and fail if unreachable).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use mentor_conformance::support::Backend;
use mentor_conformance::{
    audit, catalog, chat, generated, identities, one_time_tokens, profiles, progress, rate_limit,
    sessions, submissions, usage, users,
};

macro_rules! case {
    ($name:ident, $setup:expr, $suite:ident :: $check:ident ( $($port:ident),+ )) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let Some(backend) = $setup else {
                eprintln!("skipped: back-end not configured");
                return;
            };
            $suite::$check($(backend.$port.clone()),+).await;
            backend.finish().await;
        }
    };
}

macro_rules! session_suite {
    ($setup:expr) => {
        case!(
            session_store_round_trips_sessions,
            $setup,
            sessions::created_sessions_read_back_equal(users, sessions)
        );
        case!(
            session_store_rotation_is_compare_and_swap,
            $setup,
            sessions::rotation_is_compare_and_swap_and_keeps_old_hashes(users, sessions)
        );
        case!(
            session_store_concurrent_rotations_let_one_win,
            $setup,
            sessions::concurrent_rotations_let_exactly_one_win(users, sessions)
        );
        case!(
            session_store_touch_never_resurrects,
            $setup,
            sessions::touch_updates_last_seen_only_for_live_sessions(users, sessions)
        );
        case!(
            session_store_revocation_is_immediate,
            $setup,
            sessions::revoked_sessions_are_gone_with_their_refresh_hashes(users, sessions)
        );
        case!(
            session_store_lists_and_revokes_per_user,
            $setup,
            sessions::sessions_list_per_user_and_revoke_all_but_one(users, sessions)
        );
    };
}

macro_rules! account_suite {
    ($setup:expr) => {
        case!(
            user_repository_round_trips_users,
            $setup,
            users::inserted_users_read_back_equal(users)
        );
        case!(
            audit_log_lists_per_user_in_pages,
            $setup,
            audit::events_list_per_user_newest_first_in_pages(audit)
        );
        case!(
            audit_log_filters_the_whole_trail,
            $setup,
            audit::the_trail_filters_by_account_and_action(audit)
        );
        case!(
            user_repository_lists_in_pages_and_searches,
            $setup,
            users::users_list_in_pages_and_search_by_address(users)
        );
        case!(
            user_repository_account_changes_read_back,
            $setup,
            users::account_changes_read_back(users)
        );
        case!(
            identity_repository_keys_by_provider_and_subject,
            $setup,
            identities::identities_are_keyed_by_provider_and_subject(users, identities)
        );
        case!(
            profile_repository_reads_back_and_replaces,
            $setup,
            profiles::profiles_read_back_and_are_replaced(users, profiles)
        );
        case!(
            catalog_reads_back_exercises_and_versions,
            $setup,
            catalog::exercises_and_versions_read_back(catalog)
        );
        case!(
            catalog_lists_filtered_in_pages,
            $setup,
            catalog::the_catalog_lists_filtered_in_pages(catalog)
        );
        case!(
            hint_ledger_counts_once_and_stops_at_the_top,
            $setup,
            catalog::hint_reveals_count_once_and_stop_at_the_top(users, catalog, hints)
        );
        case!(
            submissions_read_back_and_list_newest_first,
            $setup,
            submissions::submissions_read_back_and_list_newest_first(users, catalog, submissions)
        );
        case!(
            submission_queue_claims_once_and_honours_leases,
            $setup,
            submissions::the_queue_claims_once_and_honours_leases(users, catalog, submissions)
        );
        case!(
            submission_solved_lists_passed_exercises_once,
            $setup,
            submissions::solved_lists_exercises_with_a_passed_submission(
                users,
                catalog,
                submissions
            )
        );
        case!(
            submission_outbox_keeps_graded_until_published,
            $setup,
            submissions::graded_submissions_stay_unpublished_until_marked(
                users,
                catalog,
                submissions
            )
        );
        case!(
            submission_queue_concurrent_claims_never_share,
            $setup,
            submissions::concurrent_claims_never_share_a_submission(users, catalog, submissions)
        );
        case!(
            progress_records_apply_once_and_read_back,
            $setup,
            progress::records_apply_once_and_read_back(users, catalog, progress)
        );
        case!(
            progress_concurrent_records_all_count_within_bounds,
            $setup,
            progress::concurrent_records_all_count_within_bounds(users, catalog, progress)
        );
        case!(
            achievements_award_once_with_a_notification,
            $setup,
            progress::achievements_award_once_with_a_notification(users, achievements)
        );
        case!(
            daily_picks_stay_fixed_and_are_skipped_once,
            $setup,
            progress::daily_picks_stay_fixed_and_are_skipped_once(users, catalog, daily)
        );
        case!(
            user_repository_unknown_is_none,
            $setup,
            users::unknown_users_are_none(users)
        );
        case!(
            user_repository_refuses_taken_email,
            $setup,
            users::a_taken_email_is_refused_and_nothing_changes(users)
        );
        case!(
            user_repository_concurrent_inserts_let_one_win,
            $setup,
            users::concurrent_inserts_of_one_email_let_exactly_one_win(users)
        );
        case!(
            user_repository_keeps_first_verification_time,
            $setup,
            users::verification_keeps_the_first_time(users)
        );
        case!(
            token_store_consumes_once,
            $setup,
            one_time_tokens::tokens_are_consumed_exactly_once(users, tokens)
        );
        case!(
            token_store_refuses_expired,
            $setup,
            one_time_tokens::expired_tokens_are_refused(users, tokens)
        );
        case!(
            token_store_concurrent_consumption_lets_one_win,
            $setup,
            one_time_tokens::concurrent_consumption_lets_exactly_one_win(users, tokens)
        );
        case!(
            token_store_lookups_do_not_consume,
            $setup,
            one_time_tokens::lookups_do_not_consume_and_purposes_do_not_mix(users, tokens)
        );
        case!(
            token_store_keeps_payloads,
            $setup,
            one_time_tokens::payloads_read_back_while_live(users, tokens)
        );
        case!(
            token_store_reports_latest_issue_time,
            $setup,
            one_time_tokens::latest_issue_time_is_the_newest(users, tokens)
        );
    };
}

macro_rules! chat_suite {
    ($setup:expr) => {
        case!(
            conversations_and_messages_read_back_equal,
            $setup,
            chat::conversations_and_messages_read_back_equal(users, catalog, conversations)
        );
        case!(
            conversations_about_exercises_read_back,
            $setup,
            chat::exercise_attachments_read_back(users, catalog, conversations)
        );
        case!(
            conversations_of_another_owner_are_missing,
            $setup,
            chat::another_owners_conversation_behaves_as_missing(users, conversations)
        );
        case!(
            conversations_list_newest_first_in_pages,
            $setup,
            chat::conversations_list_newest_first_in_pages(users, conversations)
        );
        case!(
            conversation_messages_list_newest_first_in_pages,
            $setup,
            chat::messages_list_newest_first_in_pages(users, conversations)
        );
        case!(
            conversation_appends_and_renames_move_updated_at,
            $setup,
            chat::appends_and_renames_move_updated_at(users, conversations)
        );
        case!(
            conversation_appends_keep_only_the_newest_messages,
            $setup,
            chat::appends_keep_only_the_newest_messages(users, conversations)
        );
        case!(
            conversation_appends_to_a_missing_conversation_store_nothing,
            $setup,
            chat::appends_to_a_missing_conversation_store_nothing(users, conversations)
        );
        case!(
            conversation_deletion_deletes_its_messages,
            $setup,
            chat::deleting_a_conversation_deletes_its_messages(users, conversations)
        );
        case!(
            conversation_summaries_are_replaced_and_read_back,
            $setup,
            chat::summaries_are_replaced_and_read_back(users, conversations)
        );
    };
}

macro_rules! usage_suite {
    ($setup:expr) => {
        case!(
            usage_ledger_counts_concurrent_records,
            $setup,
            usage::concurrent_records_all_count(users, usage)
        );
        case!(
            usage_ledger_days_without_calls_total_zero,
            $setup,
            usage::a_day_without_calls_totals_zero(users, usage)
        );
        case!(
            usage_ledger_counts_records_on_the_utc_day,
            $setup,
            usage::records_count_on_the_utc_day(users, usage)
        );
        case!(
            usage_ledger_days_filter_the_range_oldest_first,
            $setup,
            usage::days_filter_the_range_oldest_first(users, usage)
        );
        case!(
            usage_ledger_all_days_order_by_day_cost_and_user,
            $setup,
            usage::all_days_order_by_day_cost_and_user(users, usage)
        );
    };
}

macro_rules! generated_suite {
    ($setup:expr) => {
        case!(
            generated_exercises_read_back_and_list_by_status,
            $setup,
            generated::generated_exercises_read_back_and_list_by_status(users, generated)
        );
        case!(
            generated_exercise_reviews_are_compare_and_set,
            $setup,
            generated::reviews_are_compare_and_set(users, generated)
        );
    };
}

mod memory {
    use super::*;
    generated_suite!(Some(Backend::memory()));
    account_suite!(Some(Backend::memory()));
    session_suite!(Some(Backend::memory()));
    chat_suite!(Some(Backend::memory()));
    usage_suite!(Some(Backend::memory()));
}

mod sqlite {
    use super::*;
    account_suite!(Some(Backend::sqlite().await));
    session_suite!(Some(Backend::sqlite().await));
    chat_suite!(Some(Backend::sqlite().await));
    usage_suite!(Some(Backend::sqlite().await));
    generated_suite!(Some(Backend::sqlite().await));
}

mod postgres {
    use super::*;
    account_suite!(Backend::postgres().await);
    session_suite!(Backend::postgres().await);
    chat_suite!(Backend::postgres().await);
    usage_suite!(Backend::postgres().await);
    generated_suite!(Backend::postgres().await);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn progress_queries_use_indexes_at_volume() {
        let Some(database) = mentor_conformance::support::TestDatabase::create().await else {
            eprintln!("skipped: back-end not configured");
            return;
        };
        progress::queries_use_indexes_at_volume(database.connect().await).await;
        database.drop_database().await;
    }
}

mod redis {
    use super::*;
    session_suite!(Backend::redis().await);
}

macro_rules! rate_limit_suite {
    ($make:expr) => {
        rate_limit_case!(
            rate_limiter_allows_burst_then_waits,
            $make,
            a_key_allows_its_burst_then_waits_one_interval
        );
        rate_limit_case!(
            rate_limiter_refusals_consume_nothing,
            $make,
            refused_requests_consume_nothing
        );
        rate_limit_case!(
            rate_limiter_is_atomic,
            $make,
            concurrent_checks_allow_exactly_the_burst
        );
        rate_limit_case!(
            rate_limiter_backoff_doubles_caps_and_clears,
            $make,
            backoff_doubles_caps_and_clears
        );
        rate_limit_case!(
            rate_limiter_forgets_failures,
            $make,
            failures_are_forgotten_after_quiet_time
        );
        rate_limit_case!(
            rate_limiter_first_use_once,
            $make,
            first_use_is_granted_once
        );
    };
}

macro_rules! rate_limit_case {
    ($name:ident, $make:expr, $check:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let Some(limiter) = $make else {
                eprintln!("skipped: back-end not configured");
                return;
            };
            rate_limit::$check(limiter).await;
        }
    };
}

mod rate_limiter_memory {
    use std::sync::Arc;

    use mentor_kernel::{RateLimiter, SystemClock};

    use super::rate_limit;

    fn memory() -> Option<Arc<dyn RateLimiter>> {
        Some(Arc::new(mentor_memory::MemoryRateLimiter::new(Arc::new(
            SystemClock,
        ))))
    }
    rate_limit_suite!(memory());
}

mod rate_limiter_redis {
    use std::sync::Arc;

    use mentor_conformance::support::redis_rate_limiter;
    use mentor_kernel::RateLimiter;

    use super::rate_limit;

    async fn redis() -> Option<Arc<dyn RateLimiter>> {
        redis_rate_limiter()
            .await
            .map(|l| Arc::new(l) as Arc<dyn RateLimiter>)
    }
    rate_limit_suite!(redis().await);
}

mod hasher {
    use std::sync::Arc;

    use mentor_auth::{Argon2Hasher, HasherLimits};
    use mentor_conformance::hasher;

    fn argon2() -> Arc<Argon2Hasher> {
        Arc::new(
            Argon2Hasher::new(HasherLimits {
                max_concurrent: 2,
                ..HasherLimits::default()
            })
            .unwrap(),
        )
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn argon2_hashes_verify_only_their_password() {
        hasher::hashes_verify_only_their_password(argon2()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn argon2_queues_concurrent_hashing() {
        hasher::concurrent_hashing_is_queued_not_refused(argon2()).await;
    }
}

mod mailer {
    use std::sync::Arc;

    use mentor_conformance::mailer;
    use mentor_conformance::smtp::{SmtpCapture, read_messages};
    use mentor_email::{OutboxMailer, SmtpMailer, SmtpSettings, SmtpTls, Templates};

    const FROM: &str = "Mentor <no-reply@mentor.test>";

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn outbox_delivers_messages_whole_and_separately() {
        let dir = tempfile::tempdir().unwrap();
        let outbox =
            OutboxMailer::new(dir.path(), FROM, Templates::new("http://mentor.test")).unwrap();
        mailer::messages_arrive_whole_and_separately(Arc::new(outbox), || {
            read_messages(dir.path())
        })
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn smtp_delivers_messages_whole_and_separately() {
        let dir = tempfile::tempdir().unwrap();
        let capture = SmtpCapture::start(&dir.path().join("maildir")).await;
        let settings = SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port: capture.port(),
            tls: SmtpTls::None,
            username: None,
            password: None,
            from: FROM.to_owned(),
            timeout: std::time::Duration::from_secs(5),
        };
        let smtp = SmtpMailer::new(&settings, Templates::new("http://mentor.test")).unwrap();
        mailer::messages_arrive_whole_and_separately(Arc::new(smtp), || capture.messages()).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_unreachable_smtp_server_is_an_error_not_a_silent_loss() {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let settings = SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port,
            tls: SmtpTls::None,
            username: None,
            password: None,
            from: FROM.to_owned(),
            timeout: std::time::Duration::from_secs(2),
        };
        let smtp = SmtpMailer::new(&settings, Templates::new("http://mentor.test")).unwrap();
        let to = mentor_auth::Email::parse("ada@example.org").unwrap();
        let mail = mentor_auth::AuthMail::AlreadyRegistered {
            display_name: mentor_auth::DisplayName::parse("Ada").unwrap(),
        };
        assert!(mentor_auth::Mailer::send(&smtp, &to, mail).await.is_err());
    }
}

mod answer_cache {
    use std::sync::Arc;

    use mentor_conformance::cache;
    use mentor_tutoring::AnswerCache;

    fn memory() -> Arc<dyn AnswerCache> {
        Arc::new(mentor_memory::MemoryAnswerCache::new(Arc::new(
            mentor_kernel::SystemClock,
        )))
    }

    async fn redis() -> Option<Arc<dyn AnswerCache>> {
        let cache = mentor_conformance::support::redis_answer_cache().await?;
        Some(Arc::new(cache))
    }

    #[tokio::test]
    async fn memory_answers_read_back_and_a_put_replaces() {
        cache::answers_read_back_and_a_put_replaces(memory()).await;
    }

    #[tokio::test]
    async fn memory_answers_expire() {
        cache::answers_expire(memory()).await;
    }

    #[tokio::test]
    async fn redis_answers_read_back_and_a_put_replaces() {
        let Some(cache) = redis().await else {
            eprintln!("skipped: back-end not configured");
            return;
        };
        cache::answers_read_back_and_a_put_replaces(cache).await;
    }

    #[tokio::test]
    async fn redis_answers_expire() {
        let Some(cache) = redis().await else {
            eprintln!("skipped: back-end not configured");
            return;
        };
        cache::answers_expire(cache).await;
    }
}
