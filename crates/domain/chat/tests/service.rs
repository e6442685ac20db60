//! The chat use cases over the in-memory conversation store and a scripted tutor: what is
//! stored when a turn completes, is refused, fails, or loses its reader; the bounded context
//! with its running summary; ownership.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use futures_util::{StreamExt as _, stream};
use mentor_chat::{
    Author, ChatService, ChatSettings, MessageStatus, SendError, Turn, TurnEvent, Tutor,
    TutorEvent, TutorFailure, TutorRefusal, TutorRequest, TutorStream,
};
use mentor_kernel::{ManualClock, UserId};
use mentor_memory::MemoryConversationRepository;

/// What the scripted tutor does with the next request.
enum Step {
    Answer(&'static [&'static str]),
    Refuse,
    Fail,
    /// One delta, then nothing more (until the reader goes away).
    Hang,
}

#[derive(Default)]
struct Scripted {
    steps: Mutex<Vec<Step>>,
    requests: Mutex<Vec<TutorRequest>>,
    summaries: Mutex<Vec<Vec<Turn>>>,
}

#[async_trait]
impl Tutor for Scripted {
    async fn answer(&self, request: TutorRequest) -> Result<TutorStream, TutorRefusal> {
        let step = self.steps.lock().unwrap().remove(0);
        if matches!(step, Step::Refuse) {
            return Err(TutorRefusal::Limited {
                reason: "slow down".to_owned(),
                retry_after: Duration::from_secs(3),
            });
        }
        self.requests.lock().unwrap().push(request);
        Ok(match step {
            Step::Answer(chunks) => {
                let mut events: Vec<Result<TutorEvent, TutorFailure>> = chunks
                    .iter()
                    .map(|c| Ok(TutorEvent::Delta((*c).to_owned())))
                    .collect();
                events.push(Ok(TutorEvent::Usage {
                    prompt_tokens: 10,
                    completion_tokens: 3,
                }));
                Box::pin(stream::iter(events))
            }
            Step::Fail => Box::pin(stream::iter(vec![Err(TutorFailure(
                "no provider answered".to_owned(),
            ))])),
            Step::Hang => Box::pin(
                stream::iter(vec![Ok(TutorEvent::Delta("Let us ".to_owned()))])
                    .chain(stream::pending()),
            ),
            Step::Refuse => unreachable!(),
        })
    }

    async fn summarize(
        &self,
        _learner: UserId,
        previous: Option<String>,
        turns: Vec<Turn>,
    ) -> Result<String, TutorFailure> {
        self.summaries.lock().unwrap().push(turns.clone());
        Ok(format!(
            "{} + {} messages",
            previous.unwrap_or_default(),
            turns.len()
        ))
    }
}

fn service(tutor: Arc<Scripted>, settings: ChatSettings) -> ChatService {
    ChatService::new(
        Arc::new(MemoryConversationRepository::new()),
        tutor,
        Arc::new(ManualClock::at(
            time::OffsetDateTime::from_unix_timestamp(1_800_000_000).unwrap(),
        )),
        settings,
    )
}

fn scripted(steps: Vec<Step>) -> Arc<Scripted> {
    Arc::new(Scripted {
        steps: Mutex::new(steps),
        ..Scripted::default()
    })
}

async fn collect(turn: mentor_chat::TurnStream) -> Vec<TurnEvent> {
    turn.collect().await
}

#[tokio::test]
async fn a_turn_stores_the_question_then_the_answer() {
    let tutor = scripted(vec![Step::Answer(&["Which ", "line?"])]);
    let chat = service(tutor.clone(), ChatSettings::default());
    let ada = UserId::generate();
    let c = chat.create(ada, None, None).await.unwrap();
    let events = collect(chat.send(ada, c.id, "  why\u{0}?  ").await.unwrap()).await;
    assert!(matches!(&events[0], TurnEvent::Accepted(m) if m.content == "why?"));
    assert_eq!(events[1], TurnEvent::Delta("Which ".to_owned()));
    let TurnEvent::Done(answer) = events.last().unwrap() else {
        panic!("{events:?}")
    };
    assert_eq!(answer.content, "Which line?");
    assert_eq!((answer.prompt_tokens, answer.completion_tokens), (10, 3));
    let stored = chat.messages(ada, c.id, None, 10).await.unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[0].author, Author::Tutor);
    assert_eq!(stored[1].author, Author::Learner);
    assert_eq!(chat.get(ada, c.id).await.unwrap().title.as_str(), "why?");
}

#[tokio::test]
async fn a_refused_turn_stores_nothing() {
    let tutor = scripted(vec![Step::Refuse]);
    let chat = service(tutor, ChatSettings::default());
    let ada = UserId::generate();
    let c = chat.create(ada, Some("Loops"), None).await.unwrap();
    let refused = chat.send(ada, c.id, "hello").await;
    assert!(matches!(
        refused,
        Err(SendError::Refused(TutorRefusal::Limited { .. }))
    ));
    assert!(chat.messages(ada, c.id, None, 10).await.unwrap().is_empty());
    assert!(matches!(
        chat.send(ada, c.id, " \u{200B} ").await,
        Err(SendError::Text(_))
    ));
}

#[tokio::test]
async fn a_failed_answer_is_stored_and_the_question_can_be_asked_again() {
    let tutor = scripted(vec![Step::Fail, Step::Answer(&["Yes."])]);
    let chat = service(tutor.clone(), ChatSettings::default());
    let ada = UserId::generate();
    let c = chat.create(ada, None, None).await.unwrap();
    let events = collect(chat.send(ada, c.id, "Is this right?").await.unwrap()).await;
    let TurnEvent::Failed(failed) = events.last().unwrap() else {
        panic!("{events:?}")
    };
    assert_eq!(failed.status, MessageStatus::Failed);
    let events = collect(chat.retry(ada, c.id).await.unwrap()).await;
    assert!(!matches!(events[0], TurnEvent::Accepted(_)));
    assert!(matches!(events.last(), Some(TurnEvent::Done(m)) if m.content == "Yes."));
    let asked = tutor.requests.lock().unwrap().clone();
    assert_eq!(asked[1].question, "Is this right?");
    assert!(
        asked[1].history.is_empty(),
        "the failed answer is not context"
    );
    assert!(matches!(
        chat.retry(ada, c.id).await,
        Err(SendError::NothingToRetry)
    ));
}

#[tokio::test]
async fn a_reader_who_goes_away_leaves_an_interrupted_answer() {
    let tutor = scripted(vec![Step::Hang]);
    let chat = service(tutor, ChatSettings::default());
    let ada = UserId::generate();
    let c = chat.create(ada, None, None).await.unwrap();
    let mut turn = chat.send(ada, c.id, "Explain").await.unwrap();
    assert!(matches!(turn.next().await, Some(TurnEvent::Accepted(_))));
    assert_eq!(
        turn.next().await,
        Some(TurnEvent::Delta("Let us ".to_owned()))
    );
    assert!(matches!(
        chat.send(ada, c.id, "and another").await,
        Err(SendError::Busy)
    ));
    drop(turn);
    let mut stored = Vec::new();
    for _ in 0..50 {
        stored = chat.messages(ada, c.id, None, 10).await.unwrap();
        if stored.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(stored[0].status, MessageStatus::Interrupted);
    assert_eq!(stored[0].content, "Let us ");
}

#[tokio::test]
async fn the_model_sees_recent_messages_and_a_summary_of_older_ones() {
    let settings = ChatSettings {
        context_messages: 4,
        summarize_after: 2,
        max_stored_messages: 8,
        ..ChatSettings::default()
    };
    let tutor = scripted((0..6).map(|_| Step::Answer(&["ok"])).collect());
    let chat = service(tutor.clone(), settings);
    let ada = UserId::generate();
    let c = chat.create(ada, None, None).await.unwrap();
    for i in 0..6 {
        collect(
            chat.send(ada, c.id, &format!("question {i}"))
                .await
                .unwrap(),
        )
        .await;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let requests = tutor.requests.lock().unwrap().clone();
    assert!(requests.iter().all(|r| r.history.len() <= 4));
    let last = requests.last().unwrap();
    assert_eq!(last.question, "question 5");
    assert!(last.summary.is_some(), "older messages were summarised");
    assert!(!tutor.summaries.lock().unwrap().is_empty());
    assert!(chat.messages(ada, c.id, None, 100).await.unwrap().len() <= 8);
}

#[tokio::test]
async fn another_learner_sees_no_conversation_of_mine() {
    let tutor = scripted(vec![]);
    let chat = service(tutor.clone(), ChatSettings::default());
    let (ada, bob) = (UserId::generate(), UserId::generate());
    let c = chat.create(ada, Some("Mine"), None).await.unwrap();
    assert!(chat.get(bob, c.id).await.is_err());
    assert!(matches!(
        chat.send(bob, c.id, "hi").await,
        Err(SendError::NotFound)
    ));
    assert!(chat.rename(bob, c.id, "Stolen").await.is_err());
    assert!(chat.delete(bob, c.id).await.is_err());
    assert!(chat.list(bob, None, 10).await.unwrap().is_empty());
    assert_eq!(chat.get(ada, c.id).await.unwrap().title.as_str(), "Mine");
    assert!(tutor.requests.lock().unwrap().is_empty());
}
