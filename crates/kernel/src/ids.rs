//! Typed identifiers. Each wraps a UUID (version 7 when generated, so ids sort by creation)
//! and cannot be confused with another kind of id.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The text was not a UUID.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid identifier")]
pub struct IdParseError;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            /// A new, random, time-ordered id.
            #[must_use]
            pub fn generate() -> Self {
                Self(Uuid::now_v7())
            }

            /// Wraps an existing UUID (for example one read from storage).
            #[must_use]
            pub const fn from_uuid(id: Uuid) -> Self {
                Self(id)
            }

            /// The UUID inside.
            #[must_use]
            pub const fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = IdParseError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self).map_err(|_| IdParseError)
            }
        }
    };
}

id_type!(
    /// Identifies a catalog exercise (stable across its versions).
    ExerciseId
);

id_type!(
    /// Identifies one graded submission of a learner's code.
    SubmissionId
);

id_type!(
    /// Identifies a user account.
    UserId
);
id_type!(
    /// Identifies a learner's conversation with the tutor.
    ConversationId
);
id_type!(
    /// Identifies one message of a conversation.
    MessageId
);
id_type!(
    /// Identifies a model-written exercise waiting for (or past) review.
    GenerationId
);
id_type!(
    /// Identifies one sign-in session (one device, one refresh-token family).
    SessionId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_through_text() {
        let id = UserId::generate();
        assert_eq!(id.to_string().parse::<UserId>(), Ok(id));
    }

    #[test]
    fn garbage_is_not_an_id() {
        assert_eq!("nope".parse::<SessionId>(), Err(IdParseError));
    }
}
