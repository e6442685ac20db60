//! A generator of realistic data for measurements (`mentor admin generate-load`): learners
//! with a hidden skill, a time zone and one or two languages, who submit over months, pass
//! with the Elo probability of their skill against the exercise, retry failures, and progress
//! through the catalog. Writes users, profiles, graded submissions (marked delivered, so the
//! outbox does not replay them), the progress history with rating changes, ratings,
//! achievements with notifications, and daily picks, in batches.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use mentor_exercises::{CatalogQuery, CatalogRepository as _, Exercise, TestOutcome, Verdict};
use mentor_kernel::{Language, Topic};
use mentor_progress::{
    Zone,
    achievements::{self, Facts, SolveFact},
    rating, streak,
};
use sea_orm::{ActiveValue::Set, ConnectionTrait as _, DatabaseConnection, EntityTrait};
use time::{Date, OffsetDateTime};
use uuid::{Timestamp, Uuid};

use crate::entities::{
    achievement, daily_pick, exercise_rating, notification, profile, progress_attempt,
    progress_day, progress_rating, progress_solve, submission, user,
};

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct LoadSpec {
    /// Learners.
    pub users: u32,
    /// Graded submissions in all.
    pub submissions: u64,
    /// How far back the history reaches, days.
    pub days: u32,
    /// Seed of the random choices (the same seed gives the same data shape).
    pub seed: u64,
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Learners.
    pub users: u64,
    /// Submissions (and history entries, one each).
    pub submissions: u64,
    /// Achievements.
    pub achievements: u64,
    /// Daily picks.
    pub daily_picks: u64,
    /// Time taken.
    pub elapsed: Duration,
}

const ZONES: [&str; 10] = [
    "UTC",
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Pacific/Auckland",
];

/// Rows per insert statement (well below both databases' bind-parameter limits).
const BATCH: usize = 1000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let x = self.0.wrapping_mul(0x2545_f491_4f6c_dd1d);
        #[allow(clippy::cast_precision_loss)]
        let unit = (x >> 11) as f64 / (1u64 << 53) as f64;
        unit
    }

    fn below(&mut self, n: usize) -> usize {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let i = (self.next() * n as f64) as usize;
        i.min(n.saturating_sub(1))
    }

    fn normal(&mut self) -> f64 {
        let u = self.next().max(1e-12);
        let v = self.next();
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

fn id_at(at: OffsetDateTime, rng: &mut Rng) -> Uuid {
    let nanos = at.unix_timestamp_nanos();
    let secs = u64::try_from(nanos / 1_000_000_000).unwrap_or(0);
    let sub = u32::try_from(nanos % 1_000_000_000).unwrap_or(0);
    let mut id = *Uuid::new_v7(Timestamp::from_unix_time(secs, sub, 0, 0)).as_bytes();
    // The generator's own randomness in the random bits, so runs are reproducible in shape.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let noise = (rng.next() * 2f64.powi(48)) as u64;
    id[10..16].copy_from_slice(&noise.to_be_bytes()[2..8]);
    Uuid::from_bytes(id)
}

#[derive(Default)]
struct Batches {
    users: Vec<user::ActiveModel>,
    profiles: Vec<profile::ActiveModel>,
    submissions: Vec<submission::ActiveModel>,
    attempts: Vec<progress_attempt::ActiveModel>,
    solves: Vec<progress_solve::ActiveModel>,
    days: Vec<progress_day::ActiveModel>,
    ratings: Vec<progress_rating::ActiveModel>,
    achievements: Vec<achievement::ActiveModel>,
    notifications: Vec<notification::ActiveModel>,
    daily: Vec<daily_pick::ActiveModel>,
}

macro_rules! flush {
    ($db:expr, $rows:expr, $entity:ty, $force:expr) => {
        if !$rows.is_empty() && ($force || $rows.len() >= BATCH) {
            <$entity>::insert_many(std::mem::take(&mut $rows))
                .exec_without_returning($db)
                .await
                .context(concat!("inserting into ", stringify!($entity)))?;
        }
    };
}

impl Batches {
    async fn flush(&mut self, db: &DatabaseConnection, force: bool) -> anyhow::Result<()> {
        // Parents first: users before everything that references them.
        flush!(db, self.users, user::Entity, true);
        flush!(db, self.profiles, profile::Entity, force);
        flush!(db, self.submissions, submission::Entity, force);
        flush!(db, self.attempts, progress_attempt::Entity, force);
        flush!(db, self.solves, progress_solve::Entity, force);
        flush!(db, self.days, progress_day::Entity, force);
        flush!(db, self.ratings, progress_rating::Entity, force);
        flush!(db, self.achievements, achievement::Entity, force);
        flush!(db, self.notifications, notification::Entity, force);
        flush!(db, self.daily, daily_pick::Entity, force);
        Ok(())
    }
}

struct Learner {
    skill: f64,
    zone: Zone,
    languages: Vec<Language>,
}

/// Fills the database (migrated, catalog seeded) with `spec`'s learners and submissions.
///
/// # Errors
/// An empty catalog, or a failed insert (then what was written stays; use a fresh database).
#[allow(clippy::too_many_lines)]
pub async fn generate(db: &DatabaseConnection, spec: LoadSpec) -> anyhow::Result<LoadReport> {
    let started = Instant::now();
    let catalog = crate::SqlCatalogRepository::new(db.clone())
        .list(&CatalogQuery {
            limit: 10_000,
            ..CatalogQuery::default()
        })
        .await?;
    anyhow::ensure!(
        !catalog.is_empty(),
        "the catalog is empty: run `mentor seed` first"
    );
    let by_language: BTreeMap<Language, Vec<&Exercise>> = Language::ALL
        .iter()
        .map(|l| {
            (
                *l,
                catalog
                    .iter()
                    .filter(|e| e.current.draft.language == *l)
                    .collect(),
            )
        })
        .collect();
    let mut rng = Rng(spec.seed.max(1));
    let now = OffsetDateTime::now_utc();
    let users = u64::from(spec.users.max(1));
    // Submissions per learner: exponential weights (a few very active learners, many light
    // ones), at least one each.
    let weights: Vec<f64> = (0..users).map(|_| -rng.next().max(1e-12).ln()).collect();
    let total: f64 = weights.iter().sum();
    let passed_verdict = serde_json::to_string(&Verdict::Passed {
        tests: vec![TestOutcome {
            name: "works".to_owned(),
            passed: true,
            message: None,
            output: None,
            hidden: false,
        }],
    })?;
    let failed_verdict = serde_json::to_string(&Verdict::TestsFailed {
        tests: vec![TestOutcome {
            name: "works".to_owned(),
            passed: false,
            message: Some("1 != 2".to_owned()),
            output: None,
            hidden: false,
        }],
    })?;
    let mut exercise_ratings: HashMap<Uuid, (f64, u32)> = HashMap::new();
    let mut batches = Batches::default();
    let mut report = LoadReport::default();
    let span = i64::from(spec.days.max(1)) * 86_400;
    for (i, weight) in weights.iter().enumerate() {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let count = ((weight / total) * spec.submissions as f64)
            .round()
            .max(1.0) as usize;
        let learner = Learner {
            skill: rating::clamp(1100.0 + 250.0 * rng.normal()),
            zone: Zone::named(ZONES[rng.below(ZONES.len())]).unwrap_or_else(|_| Zone::utc()),
            languages: if rng.next() < 0.2 {
                Language::ALL.to_vec()
            } else {
                vec![Language::ALL[rng.below(Language::ALL.len())]]
            },
        };
        #[allow(clippy::cast_possible_truncation)]
        let joined = now
            - time::Duration::seconds((rng.next() * span as f64) as i64)
            - time::Duration::hours(2);
        let user_id = id_at(joined, &mut rng);
        batches.users.push(user::ActiveModel {
            id: Set(user_id),
            email: Set(format!("load-{i}-{}@example.invalid", spec.seed)),
            display_name: Set(format!("Load {i}")),
            password_hash: Set(None),
            email_verified_at: Set(Some(joined)),
            roles: Set("learner".to_owned()),
            created_at: Set(joined),
            disabled_at: Set(None),
        });
        batches.profiles.push(profile::ActiveModel {
            user_id: Set(user_id),
            languages: Set(learner
                .languages
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(",")),
            level: Set(Some("intermediate".to_owned())),
            help_level: Set(None),
            goals: Set(String::new()),
            weekly_minutes: Set(Some(120)),
            time_zone: Set(learner.zone.name().to_owned()),
            onboarded_at: Set(Some(joined)),
            updated_at: Set(joined),
        });
        // Submission times: sorted, between joining and an hour ago.
        let active = (now - time::Duration::hours(1) - joined)
            .whole_seconds()
            .max(60);
        let mut times: Vec<i64> = (0..count)
            .map(|_| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
                let s = (rng.next() * active as f64) as i64;
                s
            })
            .collect();
        times.sort_unstable();
        let mut topic_ratings: BTreeMap<Topic, (f64, u32)> = BTreeMap::new();
        let mut tries: HashMap<Uuid, (u32, OffsetDateTime)> = HashMap::new();
        let mut solved: BTreeSet<Uuid> = BTreeSet::new();
        let mut solves: Vec<SolveFact> = Vec::new();
        let mut days: BTreeMap<Date, (u32, Uuid)> = BTreeMap::new();
        let mut day_counts: BTreeMap<Date, (i32, i32)> = BTreeMap::new();
        let mut current: Option<&Exercise> = None;
        for offset in times {
            let at = joined + time::Duration::seconds(offset);
            let exercise = match current {
                Some(e) if !solved.contains(&e.id.as_uuid()) && rng.next() < 0.7 => e,
                _ => {
                    let language = learner.languages[rng.below(learner.languages.len())];
                    let pool = &by_language[&language];
                    let target =
                        rating::target_exercise_rating(learner.skill) + 200.0 * rng.normal();
                    let mut best = pool[rng.below(pool.len())];
                    for _ in 0..6 {
                        let candidate = pool[rng.below(pool.len())];
                        let distance = |e: &Exercise| {
                            (rating::initial_exercise_rating(e.current.draft.difficulty) - target)
                                .abs()
                        };
                        if !solved.contains(&candidate.id.as_uuid())
                            && distance(candidate) < distance(best)
                        {
                            best = candidate;
                        }
                    }
                    best
                }
            };
            current = Some(exercise);
            let draft = &exercise.current.draft;
            let ex = exercise.id.as_uuid();
            let already = solved.contains(&ex);
            let entry = tries.entry(ex).or_insert((0, at));
            entry.0 += 1;
            let (attempts, first_at) = *entry;
            let truth = rating::initial_exercise_rating(draft.difficulty);
            let passed =
                rng.next() < rating::expected(learner.skill, truth) + 0.1 * f64::from(attempts - 1);
            let hints = u32::from(rng.next() < 0.2) + u32::from(rng.next() < 0.05);
            let outcome = rating::outcome(passed, attempts, hints, already);
            let topic_start = {
                let rated: Vec<f64> = topic_ratings.values().map(|r| r.0).collect();
                rating::starting_rating(None, &rated)
            };
            let mine: Vec<(f64, u32)> = draft
                .topics
                .iter()
                .map(|t| topic_ratings.get(t).copied().unwrap_or((topic_start, 0)))
                .collect();
            #[allow(clippy::cast_precision_loss)]
            let learner_rated = rating::Rated {
                rating: mine.iter().map(|r| r.0).sum::<f64>() / mine.len().max(1) as f64,
                games: mine.iter().map(|r| r.1).min().unwrap_or(0),
            };
            let ex_rating = exercise_ratings.entry(ex).or_insert((truth, 0));
            let change = rating::change(
                learner_rated,
                rating::Rated {
                    rating: ex_rating.0,
                    games: ex_rating.1,
                },
                outcome,
            );
            let counted = rating::counts(outcome);
            ex_rating.0 = rating::apply(ex_rating.0, change.exercise);
            ex_rating.1 += u32::from(counted);
            for (t, (r, g)) in draft.topics.iter().zip(mine) {
                topic_ratings.insert(
                    *t,
                    (rating::apply(r, change.learner), g + u32::from(counted)),
                );
            }
            let day = learner.zone.day_of(at);
            let id = id_at(at, &mut rng);
            let graded_at = at + time::Duration::seconds(2);
            days.entry(day).or_insert((0, ex)).0 += u32::from(passed);
            let counts = day_counts.entry(day).or_insert((0, 0));
            counts.0 += 1;
            counts.1 += i32::from(passed);
            if passed && !already {
                solved.insert(ex);
                batches.solves.push(progress_solve::ActiveModel {
                    user_id: Set(user_id),
                    exercise_id: Set(ex),
                    submission_id: Set(id),
                    language: Set(draft.language.as_str().to_owned()),
                    difficulty: Set(i16::from(draft.difficulty.get())),
                    topics: Set(draft
                        .topics
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(",")),
                    attempts: Set(i32::try_from(attempts)?),
                    hints_used: Set(i32::try_from(hints)?),
                    time_spent_ms: Set(
                        i64::try_from((at - first_at).whole_milliseconds()).unwrap_or(0)
                    ),
                    day: Set(day),
                });
                solves.push(SolveFact {
                    exercise: exercise.id,
                    language: draft.language,
                    difficulty: draft.difficulty.get(),
                    topics: draft.topics.clone(),
                    attempts,
                    hints_used: hints,
                    day,
                });
            }
            batches.submissions.push(submission::ActiveModel {
                id: Set(id),
                user_id: Set(user_id),
                exercise_id: Set(ex),
                version: Set(i32::try_from(draft.version)?),
                language: Set(draft.language.as_str().to_owned()),
                code: Set("def solve():\n    return 42\n".to_owned()),
                status: Set("graded".to_owned()),
                verdict: Set(Some(if passed {
                    passed_verdict.clone()
                } else {
                    failed_verdict.clone()
                })),
                attempts: Set(1),
                hints_used: Set(i32::try_from(hints)?),
                lease_token: Set(None),
                lease_until: Set(None),
                created_at: Set(at),
                graded_at: Set(Some(graded_at)),
                passed: Set(passed),
                published_at: Set(Some(graded_at)),
            });
            batches.attempts.push(progress_attempt::ActiveModel {
                id: Set(id),
                kind: Set("graded".to_owned()),
                user_id: Set(user_id),
                exercise_id: Set(ex),
                language: Set(draft.language.as_str().to_owned()),
                difficulty: Set(i16::from(draft.difficulty.get())),
                topics: Set(draft.topics.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(",")),
                passed: Set(passed),
                first_solve: Set(passed && !already),
                attempts: Set(i32::try_from(attempts)?),
                hints_used: Set(i32::try_from(hints)?),
                time_spent_ms: Set(i64::try_from((at - first_at).whole_milliseconds()).unwrap_or(0)),
                day: Set(day),
                at: Set(at),
                learner_delta: Set(change.learner),
                exercise_delta: Set(change.exercise),
                counted: Set(counted),
            });
            report.submissions += 1;
            if batches.submissions.len() >= BATCH {
                batches.flush(db, false).await?;
            }
        }
        for (day, (submissions, passed)) in &day_counts {
            batches.days.push(progress_day::ActiveModel {
                user_id: Set(user_id),
                day: Set(*day),
                submissions: Set(*submissions),
                passed: Set(*passed),
            });
        }
        for (topic, (r, g)) in &topic_ratings {
            batches.ratings.push(progress_rating::ActiveModel {
                user_id: Set(user_id),
                topic: Set(topic.as_str().to_owned()),
                rating: Set(*r),
                games: Set(i32::try_from(*g)?),
            });
        }
        let today = learner.zone.day_of(now);
        let passed_days: Vec<Date> = days
            .iter()
            .filter(|(_, (p, _))| *p > 0)
            .map(|(d, _)| *d)
            .collect();
        let facts = Facts {
            solves,
            longest_streak: streak::streaks(&passed_days, today).longest,
            ratings: topic_ratings.iter().map(|(t, r)| (*t, r.0)).collect(),
            active_days: days.keys().copied().collect(),
        };
        for earned in achievements::earned(&facts) {
            batches.achievements.push(achievement::ActiveModel {
                user_id: Set(user_id),
                code: Set(earned.code.to_owned()),
                earned_at: Set(now),
            });
            batches.notifications.push(notification::ActiveModel {
                id: Set(id_at(now, &mut rng)),
                user_id: Set(user_id),
                kind: Set("achievement".to_owned()),
                subject: Set(earned.code.to_owned()),
                created_at: Set(now),
                read_at: Set(Some(now)),
            });
            report.achievements += 1;
        }
        for (day, (_, exercise)) in days.iter().rev().take(14) {
            batches.daily.push(daily_pick::ActiveModel {
                user_id: Set(user_id),
                day: Set(*day),
                exercise_id: Set(*exercise),
                reason: Set("generated".to_owned()),
                skipped_exercise_id: Set(None),
                chosen_at: Set(now),
            });
            report.daily_picks += 1;
        }
        report.users += 1;
        if batches.users.len() >= BATCH {
            batches.flush(db, false).await?;
        }
    }
    batches.flush(db, true).await?;
    let rows: Vec<exercise_rating::ActiveModel> = exercise_ratings
        .into_iter()
        .map(|(id, (r, g))| exercise_rating::ActiveModel {
            exercise_id: Set(id),
            rating: Set(r),
            games: Set(i32::try_from(g).unwrap_or(i32::MAX)),
        })
        .collect();
    for chunk in rows.chunks(BATCH) {
        exercise_rating::Entity::insert_many(chunk.to_vec())
            .on_conflict(
                sea_orm::sea_query::OnConflict::column(exercise_rating::Column::ExerciseId)
                    .update_columns([
                        exercise_rating::Column::Rating,
                        exercise_rating::Column::Games,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    // Fresh statistics, so the planner sees the volume; on Postgres also the visibility map,
    // as autovacuum would have set it on a database that grew over months (index-only scans).
    let maintenance = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    db.execute_unprepared(maintenance).await?;
    report.elapsed = started.elapsed();
    Ok(report)
}
