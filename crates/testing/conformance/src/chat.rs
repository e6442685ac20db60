//! The [`ConversationRepository`] contract: conversations belong to one owner (another owner's
//! behaves like a missing one), list newest first by cursor, and keep a bounded number of
//! messages; an append stores the message, moves `updated_at` and prunes, all at once.

use std::collections::BTreeSet;
use std::sync::Arc;

use mentor_auth::UserRepository;
use mentor_chat::{
    Author, Conversation, ConversationRepository, Message, MessageStatus, Summary, Title,
};
use mentor_exercises::CatalogRepository;
use mentor_kernel::{ConversationId, ExerciseId, Language, MessageId, UserId};
use time::Duration;

use crate::catalog::{sample_draft, version};
use crate::sessions::new_user;
use crate::t0;

async fn new_exercise(catalog: &Arc<dyn CatalogRepository>, slug: &str) -> ExerciseId {
    let id = ExerciseId::generate();
    catalog
        .create(id, &version(sample_draft(slug, Language::Python, 1, &[])))
        .await
        .unwrap();
    id
}

/// A conversation of `owner` started `offset_secs` after `t0()`.
fn conversation(owner: UserId, title: &str, offset_secs: i64) -> Conversation {
    let at = t0() + Duration::seconds(offset_secs);
    Conversation {
        id: ConversationId::generate(),
        owner,
        title: Title::parse(title).unwrap(),
        exercise: None,
        summary: None,
        created_at: at,
        updated_at: at,
    }
}

/// A learner's message in `conversation`, `offset_secs` after `t0()`.
fn message(conversation: ConversationId, text: &str, offset_secs: i64) -> Message {
    Message {
        id: MessageId::generate(),
        conversation,
        author: Author::Learner,
        content: text.to_owned(),
        status: MessageStatus::Complete,
        prompt_tokens: 0,
        completion_tokens: 0,
        created_at: t0() + Duration::seconds(offset_secs),
    }
}

async fn created(
    repo: &Arc<dyn ConversationRepository>,
    owner: UserId,
    title: &str,
    offset_secs: i64,
) -> Conversation {
    let c = conversation(owner, title, offset_secs);
    repo.create(&c).await.unwrap();
    c
}

async fn all_messages(
    repo: &Arc<dyn ConversationRepository>,
    conversation: ConversationId,
) -> Vec<Message> {
    repo.messages(conversation, None, 1000).await.unwrap()
}

/// Conversations and messages read back equal, every field (summary, exercise, author,
/// status, tokens, microsecond timestamps, text with quotes, newlines and non-ASCII).
pub async fn conversations_and_messages_read_back_equal(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let owner = new_user(&users).await;
    let exercise = new_exercise(&catalog, "chat-round-trip").await;
    let plain = created(&repo, owner, "Loops «and» lists", 0).await;
    let full = Conversation {
        exercise: Some(exercise),
        summary: Some(Summary {
            text: "The learner asked about \"range\";\nsee ünïcode.".to_owned(),
            through: MessageId::generate(),
        }),
        created_at: t0() + Duration::microseconds(1_234_567),
        updated_at: t0() + Duration::microseconds(9_876_543),
        ..conversation(owner, "Why does f() return None?", 0)
    };
    repo.create(&full).await.unwrap();
    assert_eq!(repo.get(owner, plain.id).await.unwrap(), Some(plain));
    assert_eq!(repo.get(owner, full.id).await.unwrap(), Some(full.clone()));

    let learner = Message {
        created_at: t0() + Duration::microseconds(10_000_001),
        ..message(full.id, "Why?\n```python\nprint('ü')\n```\t\"quoted\"", 0)
    };
    let tutor = Message {
        id: MessageId::generate(),
        conversation: full.id,
        author: Author::Tutor,
        content: "Because — it has no `return`.".to_owned(),
        status: MessageStatus::Interrupted,
        prompt_tokens: 1234,
        completion_tokens: 56,
        created_at: t0() + Duration::microseconds(12_000_002),
    };
    let failed = Message {
        author: Author::Tutor,
        status: MessageStatus::Failed,
        content: "The tutor is not available.".to_owned(),
        ..message(full.id, "", 13)
    };
    for m in [&learner, &tutor, &failed] {
        assert!(repo.append(m, 100).await.unwrap());
    }
    assert_eq!(
        all_messages(&repo, full.id).await,
        [failed.clone(), tutor, learner],
        "newest first, read back equal"
    );
    let read = repo.get(owner, full.id).await.unwrap().unwrap();
    assert_eq!(read.updated_at, failed.created_at);
}

/// A conversation may be about an exercise; that and its absence both read back.
pub async fn exercise_attachments_read_back(
    users: Arc<dyn UserRepository>,
    catalog: Arc<dyn CatalogRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let owner = new_user(&users).await;
    let (a, b) = (
        new_exercise(&catalog, "chat-about-a").await,
        new_exercise(&catalog, "chat-about-b").await,
    );
    let about_a = Conversation {
        exercise: Some(a),
        ..conversation(owner, "About a", 0)
    };
    let about_b = Conversation {
        exercise: Some(b),
        ..conversation(owner, "About b", 1)
    };
    let free = conversation(owner, "About nothing", 2);
    for c in [&about_a, &about_b, &free] {
        repo.create(c).await.unwrap();
    }
    let listed: Vec<_> = repo
        .list(owner, None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|c| (c.id, c.exercise))
        .collect();
    assert_eq!(
        listed,
        [
            (free.id, None),
            (about_b.id, Some(b)),
            (about_a.id, Some(a))
        ]
    );
}

/// Another owner's conversation is missing for them: `get` is `None`, `rename` and `delete`
/// are `false` and change nothing, `list` leaves it out.
pub async fn another_owners_conversation_behaves_as_missing(
    users: Arc<dyn UserRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let (owner, stranger) = (new_user(&users).await, new_user(&users).await);
    let c = created(&repo, owner, "Mine", 0).await;
    assert!(repo.append(&message(c.id, "hello", 1), 10).await.unwrap());
    let theirs = created(&repo, stranger, "Theirs", 2).await;

    assert_eq!(repo.get(stranger, c.id).await.unwrap(), None);
    let title = Title::parse("Taken over").unwrap();
    assert!(
        !repo
            .rename(stranger, c.id, &title, t0() + Duration::hours(1))
            .await
            .unwrap()
    );
    assert!(!repo.delete(stranger, c.id).await.unwrap());
    let listed: Vec<_> = repo
        .list(stranger, None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(listed, [theirs.id]);

    let kept = repo.get(owner, c.id).await.unwrap().unwrap();
    assert_eq!(kept.title.as_str(), "Mine");
    assert_eq!(kept.updated_at, t0() + Duration::seconds(1));
    assert_eq!(all_messages(&repo, c.id).await.len(), 1);
    assert_eq!(
        repo.get(owner, ConversationId::generate()).await.unwrap(),
        None
    );
    assert!(
        !repo
            .rename(owner, ConversationId::generate(), &title, t0())
            .await
            .unwrap()
    );
    assert!(
        !repo
            .delete(owner, ConversationId::generate())
            .await
            .unwrap()
    );
}

/// An owner's conversations list newest first, at most `limit`, older than the cursor.
pub async fn conversations_list_newest_first_in_pages(
    users: Arc<dyn UserRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let owner = new_user(&users).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        ids.push(
            created(&repo, owner, &format!("Conversation {i}"), i)
                .await
                .id,
        );
    }
    ids.reverse();
    let page = |before, limit| {
        let repo = repo.clone();
        async move {
            repo.list(owner, before, limit)
                .await
                .unwrap()
                .into_iter()
                .map(|c| c.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(page(None, 10).await, ids);
    assert_eq!(page(None, 2).await, ids[..2]);
    assert_eq!(page(Some(ids[1]), 2).await, ids[2..4]);
    assert_eq!(page(Some(ids[3]), 10).await, ids[4..]);
    assert!(page(Some(ids[4]), 10).await.is_empty());
    assert!(page(None, 0).await.is_empty());
}

/// A conversation's messages list newest first, at most `limit`, older than the cursor, and
/// only that conversation's.
pub async fn messages_list_newest_first_in_pages(
    users: Arc<dyn UserRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let owner = new_user(&users).await;
    let c = created(&repo, owner, "Paged", 0).await;
    let other = created(&repo, owner, "Other", 0).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let m = message(c.id, &format!("message {i}"), i);
        assert!(repo.append(&m, 100).await.unwrap());
        ids.push(m.id);
        assert!(
            repo.append(&message(other.id, "elsewhere", i), 100)
                .await
                .unwrap()
        );
    }
    ids.reverse();
    let page = |before, limit| {
        let repo = repo.clone();
        async move {
            repo.messages(c.id, before, limit)
                .await
                .unwrap()
                .into_iter()
                .map(|m| m.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(page(None, 10).await, ids);
    assert_eq!(page(None, 3).await, ids[..3]);
    assert_eq!(page(Some(ids[2]), 10).await, ids[3..]);
    assert!(page(Some(ids[4]), 10).await.is_empty());
    assert!(
        repo.messages(ConversationId::generate(), None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}

/// An append sets `updated_at` to the message's time; a rename sets title and `updated_at`.
pub async fn appends_and_renames_move_updated_at(
    users: Arc<dyn UserRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let owner = new_user(&users).await;
    let c = created(&repo, owner, "Old title", 0).await;
    let m = Message {
        created_at: t0() + Duration::microseconds(61_000_250),
        ..message(c.id, "later", 0)
    };
    assert!(repo.append(&m, 10).await.unwrap());
    let read = repo.get(owner, c.id).await.unwrap().unwrap();
    assert_eq!(read.updated_at, m.created_at);
    assert_eq!(read.created_at, c.created_at);

    let title = Title::parse("New title").unwrap();
    let at = t0() + Duration::minutes(5);
    assert!(repo.rename(owner, c.id, &title, at).await.unwrap());
    let read = repo.get(owner, c.id).await.unwrap().unwrap();
    assert_eq!((read.title, read.updated_at), (title, at));
    assert_eq!(repo.list(owner, None, 1).await.unwrap()[0].updated_at, at);
}

/// Beyond `keep` messages, an append deletes the oldest and keeps the newest `keep`, also
/// when appends run concurrently.
pub async fn appends_keep_only_the_newest_messages(
    users: Arc<dyn UserRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let owner = new_user(&users).await;
    let c = created(&repo, owner, "Bounded", 0).await;
    let mut ids = Vec::new();
    for i in 0..5 {
        let m = message(c.id, &format!("message {i}"), i);
        assert!(repo.append(&m, 3).await.unwrap());
        ids.push(m.id);
        let stored = all_messages(&repo, c.id).await.len();
        assert_eq!(stored, ids.len().min(3));
    }
    let kept: Vec<_> = all_messages(&repo, c.id)
        .await
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(kept, [ids[4], ids[3], ids[2]]);

    let busy = created(&repo, owner, "Busy", 0).await;
    let messages: Vec<_> = (0..12).map(|i| message(busy.id, "burst", i)).collect();
    let tasks: Vec<_> = messages
        .iter()
        .cloned()
        .map(|m| {
            let repo = repo.clone();
            tokio::spawn(async move { repo.append(&m, 4).await })
        })
        .collect();
    for t in tasks {
        assert!(t.await.unwrap().unwrap());
    }
    let kept: BTreeSet<_> = all_messages(&repo, busy.id)
        .await
        .into_iter()
        .map(|m| m.id)
        .collect();
    let newest: BTreeSet<_> = messages.iter().rev().take(4).map(|m| m.id).collect();
    assert_eq!(
        kept, newest,
        "the newest four, whatever the order of appends"
    );
}

/// An append to a conversation that does not exist (never did, or was deleted) is `false`
/// and stores nothing.
pub async fn appends_to_a_missing_conversation_store_nothing(
    users: Arc<dyn UserRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let owner = new_user(&users).await;
    let never = ConversationId::generate();
    assert!(!repo.append(&message(never, "lost", 0), 10).await.unwrap());
    assert!(all_messages(&repo, never).await.is_empty());

    let gone = created(&repo, owner, "Gone", 0).await;
    assert!(repo.delete(owner, gone.id).await.unwrap());
    assert!(
        !repo
            .append(&message(gone.id, "too late", 1), 10)
            .await
            .unwrap()
    );
    assert!(all_messages(&repo, gone.id).await.is_empty());
    assert_eq!(repo.get(owner, gone.id).await.unwrap(), None);
}

/// Deleting a conversation deletes its messages (and only its), once.
pub async fn deleting_a_conversation_deletes_its_messages(
    users: Arc<dyn UserRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let owner = new_user(&users).await;
    let doomed = created(&repo, owner, "Doomed", 0).await;
    let kept = created(&repo, owner, "Kept", 0).await;
    for i in 0..3 {
        assert!(repo.append(&message(doomed.id, "x", i), 10).await.unwrap());
        assert!(repo.append(&message(kept.id, "y", i), 10).await.unwrap());
    }
    assert!(repo.delete(owner, doomed.id).await.unwrap());
    assert!(!repo.delete(owner, doomed.id).await.unwrap(), "only once");
    assert_eq!(repo.get(owner, doomed.id).await.unwrap(), None);
    assert!(all_messages(&repo, doomed.id).await.is_empty());
    assert_eq!(all_messages(&repo, kept.id).await.len(), 3);
    let listed: Vec<_> = repo
        .list(owner, None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(listed, [kept.id]);
}

/// A summary replaces the previous one and reads back with the message it runs through.
pub async fn summaries_are_replaced_and_read_back(
    users: Arc<dyn UserRepository>,
    repo: Arc<dyn ConversationRepository>,
) {
    let owner = new_user(&users).await;
    let c = created(&repo, owner, "Summarised", 0).await;
    let (m1, m2) = (message(c.id, "one", 1), message(c.id, "two", 2));
    for m in [&m1, &m2] {
        assert!(repo.append(m, 10).await.unwrap());
    }
    let first = Summary {
        text: "They met.".to_owned(),
        through: m1.id,
    };
    repo.set_summary(c.id, &first).await.unwrap();
    assert_eq!(
        repo.get(owner, c.id).await.unwrap().unwrap().summary,
        Some(first)
    );
    let second = Summary {
        text: "They met and talked about «loops»;\nthen more.".to_owned(),
        through: m2.id,
    };
    repo.set_summary(c.id, &second).await.unwrap();
    let read = repo.get(owner, c.id).await.unwrap().unwrap();
    assert_eq!(read.summary, Some(second));
    assert_eq!(read.updated_at, m2.created_at);
    repo.set_summary(
        ConversationId::generate(),
        &Summary {
            text: "nobody".to_owned(),
            through: m1.id,
        },
    )
    .await
    .unwrap();
}
