//! The content schema, once: [`DraftParts`] is an exercise as plain fields (as read from a
//! catalog folder, or as a model wrote it), and [`DraftParts::check`] turns it into an
//! [`ExerciseDraft`] or lists every problem, each naming its field. The folder reader
//! (`mentor-content`) and exercise generation both go through it.

use mentor_kernel::Language;
use serde::{Deserialize, Serialize};

use crate::model::{Difficulty, ExerciseDraft, Hint, Limits, Slug, SourceFile, Topic};

/// Fewest authored hints per exercise.
pub const MIN_HINTS: usize = 3;
/// Most authored hints per exercise.
pub const MAX_HINTS: usize = 10;
/// Shortest statement, in characters.
pub const MIN_STATEMENT_CHARS: usize = 80;
/// Longest statement, in characters.
pub const MAX_STATEMENT_CHARS: usize = 20_000;
/// Longest code file (starter, reference), in characters.
pub const MAX_CODE_CHARS: usize = 20_000;
/// Longest test file, in characters.
pub const MAX_TEST_CHARS: usize = 50_000;
/// Longest hint, in characters.
pub const MAX_HINT_CHARS: usize = 2_000;

/// The test files' names for a language (`docs/content.md`): visible, hidden.
#[must_use]
pub const fn test_file_names(language: Language) -> (&'static str, &'static str) {
    match language {
        Language::Python => ("test_visible.py", "test_hidden.py"),
        Language::JavaScript => ("visible.test.js", "hidden.test.js"),
    }
}

/// An exercise as plain fields, not yet checked. Serialised as stored (generated drafts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftParts {
    /// `python` or `javascript`.
    pub language: String,
    /// The slug.
    pub slug: String,
    /// Authored version, at least 1.
    pub version: u32,
    /// Title, 1–200 characters.
    pub title: String,
    /// 1–5.
    pub difficulty: u8,
    /// Topic names from the fixed list.
    pub topics: Vec<String>,
    /// Statement (Markdown).
    pub statement: String,
    /// Starter code.
    pub starter: String,
    /// Reference solution.
    pub reference: String,
    /// The visible test file.
    pub visible_test: String,
    /// The hidden test file.
    pub hidden_test: String,
    /// Hints, nudge first.
    pub hints: Vec<String>,
    /// CPU limit, milliseconds.
    pub cpu_ms: u32,
    /// Wall-clock limit, milliseconds.
    pub wall_ms: u32,
    /// Memory limit, MiB.
    pub memory_mb: u32,
    /// The most help the tutor may give: `nudge`, `pointer` or `guide` (absent: no cap).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_help: Option<String>,
}

/// One thing wrong with a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The field (`slug`, `statement`, `hints`, …).
    pub field: &'static str,
    /// What is wrong, in a sentence.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn problem(field: &'static str, message: impl Into<String>) -> Problem {
    Problem {
        field,
        message: message.into(),
    }
}

fn check_text(
    problems: &mut Vec<Problem>,
    field: &'static str,
    text: &str,
    max: usize,
    what: &str,
) {
    if text.trim().is_empty() {
        problems.push(problem(field, format!("the {what} is empty")));
    } else if text.chars().count() > max {
        problems.push(problem(
            field,
            format!("the {what} is longer than {max} characters"),
        ));
    }
}

impl DraftParts {
    /// The parts of a checked draft (the first visible and hidden test file: drafts built by
    /// [`Self::check`] have one of each).
    #[must_use]
    pub fn of(draft: &ExerciseDraft) -> Self {
        let first = |files: &[SourceFile]| files.first().map(|f| f.content.clone());
        Self {
            language: draft.language.as_str().to_owned(),
            slug: draft.slug.as_str().to_owned(),
            version: draft.version,
            title: draft.title.clone(),
            difficulty: draft.difficulty.get(),
            topics: draft.topics.iter().map(|t| t.as_str().to_owned()).collect(),
            statement: draft.statement.clone(),
            starter: draft.starter.clone(),
            reference: draft.reference.clone(),
            visible_test: first(&draft.visible_tests).unwrap_or_default(),
            hidden_test: first(&draft.hidden_tests).unwrap_or_default(),
            hints: draft.hints.iter().map(|h| h.text.clone()).collect(),
            cpu_ms: draft.limits.cpu_ms,
            wall_ms: draft.limits.wall_ms,
            memory_mb: draft.limits.memory_mb,
            max_help: draft.help_cap.map(|h| h.as_str().to_owned()),
        }
    }

    /// Checks every field against the content schema (`docs/content.md`).
    ///
    /// # Errors
    /// Every problem found, each naming its field.
    pub fn check(self) -> Result<ExerciseDraft, Vec<Problem>> {
        let mut problems = Vec::new();
        let language = Language::parse(&self.language);
        if language.is_none() {
            problems.push(problem(
                "language",
                format!("language {:?} must be python or javascript", self.language),
            ));
        }
        let slug = Slug::parse(&self.slug)
            .map_err(|e| problems.push(problem("slug", format!("slug {:?}: {e}", self.slug))))
            .ok();
        let difficulty = Difficulty::new(self.difficulty);
        if difficulty.is_none() {
            problems.push(problem("difficulty", "difficulty must be 1–5"));
        }
        let mut topics = Vec::new();
        for raw in &self.topics {
            match Topic::parse(raw) {
                Some(t) => topics.push(t),
                None => problems.push(problem("topics", format!("unknown topic {raw:?}"))),
            }
        }
        topics.sort();
        topics.dedup();
        if topics.is_empty() {
            problems.push(problem("topics", "at least one topic"));
        }
        if self.version == 0 {
            problems.push(problem("version", "version must be at least 1"));
        }
        let title = self.title.trim().to_owned();
        if title.is_empty() || title.chars().count() > 200 {
            problems.push(problem("title", "the title must be 1–200 characters"));
        }
        let limits = Limits {
            cpu_ms: self.cpu_ms,
            wall_ms: self.wall_ms,
            memory_mb: self.memory_mb,
        };
        if !(100..=10_000).contains(&limits.cpu_ms)
            || limits.wall_ms < limits.cpu_ms
            || limits.wall_ms > 30_000
            || !(32..=1024).contains(&limits.memory_mb)
        {
            problems.push(problem(
                "limits",
                "limits must be cpu 100–10000 ms, wall ≥ cpu and ≤ 30000 ms, memory 32–1024 MB",
            ));
        }
        check_text(
            &mut problems,
            "statement",
            &self.statement,
            MAX_STATEMENT_CHARS,
            "statement",
        );
        if self.statement.trim().chars().count() < MIN_STATEMENT_CHARS
            || !self.statement.contains("## Example")
        {
            problems.push(problem(
                "statement",
                format!(
                    "the statement needs at least {MIN_STATEMENT_CHARS} characters and an `## Example` section"
                ),
            ));
        }
        check_text(
            &mut problems,
            "starter",
            &self.starter,
            MAX_CODE_CHARS,
            "starter code",
        );
        check_text(
            &mut problems,
            "reference",
            &self.reference,
            MAX_CODE_CHARS,
            "reference solution",
        );
        check_text(
            &mut problems,
            "visible_test",
            &self.visible_test,
            MAX_TEST_CHARS,
            "visible test file",
        );
        check_text(
            &mut problems,
            "hidden_test",
            &self.hidden_test,
            MAX_TEST_CHARS,
            "hidden test file",
        );
        if self.starter.trim() == self.reference.trim() && !self.starter.trim().is_empty() {
            problems.push(problem(
                "starter",
                "the starter code is the reference solution",
            ));
        }
        if !(MIN_HINTS..=MAX_HINTS).contains(&self.hints.len())
            || self
                .hints
                .iter()
                .any(|h| h.trim().is_empty() || h.chars().count() > MAX_HINT_CHARS)
        {
            problems.push(problem(
                "hints",
                format!(
                    "{MIN_HINTS}–{MAX_HINTS} hints with text, each at most {MAX_HINT_CHARS} characters"
                ),
            ));
        }
        let help_cap = self
            .max_help
            .as_deref()
            .map(mentor_kernel::HelpLevel::parse);
        if help_cap.is_some_and(|h| h.is_none()) {
            problems.push(problem(
                "max_help",
                "max_help must be nudge, pointer or guide",
            ));
        }
        match (language, slug, difficulty) {
            (Some(language), Some(slug), Some(difficulty)) if problems.is_empty() => {
                let (visible, hidden) = test_file_names(language);
                Ok(ExerciseDraft {
                    language,
                    slug,
                    version: self.version,
                    title,
                    difficulty,
                    topics,
                    statement: self.statement,
                    starter: self.starter,
                    visible_tests: vec![SourceFile {
                        name: visible.to_owned(),
                        content: self.visible_test,
                    }],
                    hidden_tests: vec![SourceFile {
                        name: hidden.to_owned(),
                        content: self.hidden_test,
                    }],
                    reference: self.reference,
                    hints: self.hints.into_iter().map(|text| Hint { text }).collect(),
                    limits,
                    help_cap: help_cap.flatten(),
                })
            }
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    pub(crate) fn parts() -> DraftParts {
        DraftParts {
            language: "python".to_owned(),
            slug: "double-it".to_owned(),
            version: 1,
            title: "Double it".to_owned(),
            difficulty: 1,
            topics: vec!["math".to_owned()],
            statement: "# Double it\n\nWrite `double(n)` that returns twice `n`, for any integer.\n\n## Example\n\n`double(4)` is 8.\n".to_owned(),
            starter: "def double(n):\n    return 0\n".to_owned(),
            reference: "def double(n):\n    return 2 * n\n".to_owned(),
            visible_test: "import unittest\n".to_owned(),
            hidden_test: "import unittest\n".to_owned(),
            hints: vec!["a".to_owned(), "b".to_owned(), "c".to_owned()],
            cpu_ms: 2000,
            wall_ms: 5000,
            memory_mb: 128,
            max_help: None,
        }
    }

    #[test]
    fn a_good_draft_round_trips_through_its_parts() {
        let draft = parts().check().unwrap();
        assert_eq!(draft.visible_tests[0].name, "test_visible.py");
        assert_eq!(DraftParts::of(&draft), parts());
    }

    #[test]
    fn every_problem_names_its_field() {
        let bad = DraftParts {
            language: "cobol".to_owned(),
            slug: "Bad Slug".to_owned(),
            difficulty: 9,
            topics: vec!["poetry".to_owned()],
            statement: " ".to_owned(),
            reference: "x".repeat(MAX_CODE_CHARS + 1),
            hints: vec!["only one".to_owned()],
            cpu_ms: 50,
            ..parts()
        };
        let fields: Vec<&str> = bad.check().unwrap_err().iter().map(|p| p.field).collect();
        for field in [
            "language",
            "slug",
            "difficulty",
            "topics",
            "statement",
            "reference",
            "hints",
            "limits",
        ] {
            assert!(fields.contains(&field), "{field} missing from {fields:?}");
        }
    }

    #[test]
    fn a_starter_equal_to_the_reference_is_refused() {
        let same = DraftParts {
            starter: parts().reference,
            ..parts()
        };
        assert_eq!(same.check().unwrap_err()[0].field, "starter");
    }
}
