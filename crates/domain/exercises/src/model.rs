//! The catalog's data: an exercise (stable id, language, slug) and its versions (statement,
//! code, tests, hints, limits). Parse, don't validate: drafts are built from checked parts.

use std::fmt;

pub use mentor_kernel::{Difficulty, Topic};
use mentor_kernel::{ExerciseId, Language};
use sha2::{Digest as _, Sha256};
use time::OffsetDateTime;

/// An exercise's name in URLs and folders: lower-case ASCII words joined by `-`, 2–64 chars.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);

/// Why a slug was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a slug is 2–64 lower-case letters, digits and single dashes, like `word-count`")]
pub struct SlugError;

impl Slug {
    /// Parses a slug.
    ///
    /// # Errors
    /// [`SlugError`].
    pub fn parse(raw: &str) -> Result<Self, SlugError> {
        let ok = (2..=64).contains(&raw.len())
            && raw
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !raw.starts_with('-')
            && !raw.ends_with('-')
            && !raw.contains("--");
        ok.then(|| Self(raw.to_owned())).ok_or(SlugError)
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Resource limits for one grading run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// CPU time, milliseconds.
    pub cpu_ms: u32,
    /// Wall-clock time, milliseconds.
    pub wall_ms: u32,
    /// Memory, MiB.
    pub memory_mb: u32,
}

/// A named source file (a test file, or the learner's starter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// File name, e.g. `test_visible.py`.
    pub name: String,
    /// Content.
    pub content: String,
}

/// One rung of the authored hint ladder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// The hint in Markdown.
    pub text: String,
}

/// An exercise as authored (one folder of `content/`), ready to seed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseDraft {
    /// Language.
    pub language: Language,
    /// Slug (unique per language).
    pub slug: Slug,
    /// Authored version; raised when the content changes.
    pub version: u32,
    /// Title.
    pub title: String,
    /// Difficulty.
    pub difficulty: Difficulty,
    /// Topics, sorted, without duplicates, at least one.
    pub topics: Vec<Topic>,
    /// The statement (Markdown).
    pub statement: String,
    /// Starter code.
    pub starter: String,
    /// Visible tests.
    pub visible_tests: Vec<SourceFile>,
    /// Hidden tests (never shown to learners).
    pub hidden_tests: Vec<SourceFile>,
    /// The reference solution (never shown to learners, never sent to a model).
    pub reference: String,
    /// The hint ladder, nudge first.
    pub hints: Vec<Hint>,
    /// Limits.
    pub limits: Limits,
    /// The most help the tutor may give on this exercise (`None`: whatever the learner chose).
    pub help_cap: Option<mentor_kernel::HelpLevel>,
}

impl ExerciseDraft {
    /// A fingerprint of everything a learner's grade depends on (SHA-256, hex): equal
    /// fingerprints mean equal content.
    #[must_use]
    pub fn fingerprint(&self) -> String {
        let mut h = Sha256::new();
        let mut field = |bytes: &[u8]| {
            h.update((bytes.len() as u64).to_be_bytes());
            h.update(bytes);
        };
        field(self.language.as_str().as_bytes());
        field(self.slug.as_str().as_bytes());
        field(self.title.as_bytes());
        field(&[self.difficulty.get()]);
        for t in &self.topics {
            field(t.as_str().as_bytes());
        }
        field(self.statement.as_bytes());
        field(self.starter.as_bytes());
        for f in self.visible_tests.iter().chain(&self.hidden_tests) {
            field(f.name.as_bytes());
            field(f.content.as_bytes());
        }
        field(self.reference.as_bytes());
        for hint in &self.hints {
            field(hint.text.as_bytes());
        }
        field(&self.limits.cpu_ms.to_be_bytes());
        field(&self.limits.wall_ms.to_be_bytes());
        field(&self.limits.memory_mb.to_be_bytes());
        // Only when set, so exercises without a cap keep the fingerprint they were seeded with.
        if let Some(cap) = self.help_cap {
            field(cap.as_str().as_bytes());
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// A stored version of an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseVersion {
    /// The content.
    pub draft: ExerciseDraft,
    /// [`ExerciseDraft::fingerprint`] at seeding.
    pub fingerprint: String,
    /// When this version was seeded.
    pub created_at: OffsetDateTime,
}

/// An exercise with its current version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    /// Stable id (the same for every version).
    pub id: ExerciseId,
    /// The current version.
    pub current: ExerciseVersion,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_checked() {
        for ok in ["word-count", "ab", "two-sum-2"] {
            assert!(Slug::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "a",
            "Word",
            "-a",
            "a-",
            "a--b",
            "a_b",
            "a b",
            &"a".repeat(65),
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}
