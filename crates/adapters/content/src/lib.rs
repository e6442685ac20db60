//! Reads `content/exercises/<language>/<slug>/` folders (format: `docs/content.md`) into
//! [`ExerciseDraft`]s for seeding. Every problem in every folder is reported at once, with the
//! file it is in; nothing is seeded from a catalog with problems.
#![forbid(unsafe_code)]

use std::fmt;
use std::path::{Path, PathBuf};

use mentor_exercises::{Difficulty, ExerciseDraft, Hint, Limits, Slug, SourceFile, Topic};
use mentor_kernel::Language;
use serde::Deserialize;

/// Everything wrong with a catalog folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentErrors(pub Vec<String>);

impl fmt::Display for ContentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the exercise catalog has {} problem(s):", self.0.len())?;
        for problem in &self.0 {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ContentErrors {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Metadata {
    slug: String,
    title: String,
    language: String,
    version: u32,
    difficulty: u8,
    topics: Vec<String>,
    cpu_time_limit_ms: u32,
    wall_time_limit_ms: u32,
    memory_limit_mb: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Hints {
    hints: Vec<HintEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HintEntry {
    text: String,
}

/// Minimum authored hints per exercise.
pub const MIN_HINTS: usize = 3;

fn test_files(language: Language) -> (&'static str, &'static str) {
    match language {
        Language::Python => ("test_visible.py", "test_hidden.py"),
        Language::JavaScript => ("visible.test.js", "hidden.test.js"),
    }
}

/// Reads every exercise under `root` (`root/<language>/<slug>/`), sorted by language and slug.
///
/// # Errors
/// [`ContentErrors`] listing every problem found.
pub fn load_catalog(root: &Path) -> Result<Vec<ExerciseDraft>, ContentErrors> {
    let mut problems = Vec::new();
    let mut drafts = Vec::new();
    let mut folders: Vec<PathBuf> = Vec::new();
    match std::fs::read_dir(root) {
        Ok(languages) => {
            for language in languages.flatten() {
                if let Ok(exercises) = std::fs::read_dir(language.path()) {
                    folders.extend(exercises.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
                }
            }
        }
        Err(e) => problems.push(format!("{}: {e}", root.display())),
    }
    folders.sort();
    for folder in folders {
        match load_exercise(&folder) {
            Ok(draft) => drafts.push(draft),
            Err(mut errors) => problems.append(&mut errors),
        }
    }
    if problems.is_empty() {
        Ok(drafts)
    } else {
        Err(ContentErrors(problems))
    }
}

fn read(path: &Path, problems: &mut Vec<String>) -> Option<String> {
    std::fs::read_to_string(path)
        .map_err(|e| problems.push(format!("{}: {e}", path.display())))
        .ok()
}

/// Reads one exercise folder.
///
/// # Errors
/// Every problem found, each naming its file.
pub fn load_exercise(folder: &Path) -> Result<ExerciseDraft, Vec<String>> {
    let mut problems = Vec::new();
    let at = |file: &str| folder.join(file).display().to_string();
    let meta_path = folder.join("exercise.toml");
    let meta: Metadata = match read(&meta_path, &mut problems).map(|t| toml::from_str(&t)) {
        Some(Ok(meta)) => meta,
        Some(Err(e)) => return Err(vec![format!("{}: {e}", meta_path.display())]),
        None => return Err(problems),
    };
    let folder_name = folder.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let parent = folder
        .parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let language = Language::parse(&meta.language);
    if language.is_none() || meta.language != parent {
        problems.push(format!(
            "{}: language {:?} must be python or javascript and match the folder {parent:?}",
            at("exercise.toml"),
            meta.language
        ));
    }
    let slug = Slug::parse(&meta.slug).ok();
    if slug.is_none() || meta.slug != folder_name {
        problems.push(format!(
            "{}: slug {:?} must be a valid slug equal to the folder name",
            at("exercise.toml"),
            meta.slug
        ));
    }
    let difficulty = Difficulty::new(meta.difficulty);
    if difficulty.is_none() {
        problems.push(format!("{}: difficulty must be 1–5", at("exercise.toml")));
    }
    let mut topics = Vec::new();
    for raw in &meta.topics {
        match Topic::parse(raw) {
            Some(t) => topics.push(t),
            None => problems.push(format!("{}: unknown topic {raw:?}", at("exercise.toml"))),
        }
    }
    topics.sort();
    topics.dedup();
    if topics.is_empty() {
        problems.push(format!("{}: at least one topic", at("exercise.toml")));
    }
    if meta.version == 0 || meta.title.trim().is_empty() || meta.title.chars().count() > 200 {
        problems.push(format!(
            "{}: version must be at least 1 and the title 1–200 characters",
            at("exercise.toml")
        ));
    }
    let limits = Limits {
        cpu_ms: meta.cpu_time_limit_ms,
        wall_ms: meta.wall_time_limit_ms,
        memory_mb: meta.memory_limit_mb,
    };
    if !(100..=10_000).contains(&limits.cpu_ms)
        || limits.wall_ms < limits.cpu_ms
        || !(32..=1024).contains(&limits.memory_mb)
    {
        problems.push(format!(
            "{}: limits must be cpu 100–10000 ms, wall ≥ cpu, memory 32–1024 MB",
            at("exercise.toml")
        ));
    }
    let Some(language) = language else {
        return Err(problems);
    };
    let ext = language.extension();
    let (visible, hidden) = test_files(language);
    let statement = read(&folder.join("statement.md"), &mut problems);
    let starter = read(&folder.join(format!("starter.{ext}")), &mut problems);
    let reference = read(&folder.join(format!("reference.{ext}")), &mut problems);
    let visible_test = read(&folder.join(visible), &mut problems);
    let hidden_test = read(&folder.join(hidden), &mut problems);
    let hints = match read(&folder.join("hints.toml"), &mut problems)
        .map(|t| toml::from_str::<Hints>(&t))
    {
        Some(Ok(h)) => h.hints,
        Some(Err(e)) => {
            problems.push(format!("{}: {e}", at("hints.toml")));
            Vec::new()
        }
        None => Vec::new(),
    };
    if hints.len() < MIN_HINTS || hints.iter().any(|h| h.text.trim().is_empty()) {
        problems.push(format!(
            "{}: at least {MIN_HINTS} hints with text",
            at("hints.toml")
        ));
    }
    match (
        statement,
        starter,
        reference,
        visible_test,
        hidden_test,
        slug,
        difficulty,
    ) {
        (
            Some(statement),
            Some(starter),
            Some(reference),
            Some(visible_test),
            Some(hidden_test),
            Some(slug),
            Some(difficulty),
        ) if problems.is_empty() => Ok(ExerciseDraft {
            language,
            slug,
            version: meta.version,
            title: meta.title.trim().to_owned(),
            difficulty,
            topics,
            statement,
            starter,
            visible_tests: vec![SourceFile {
                name: visible.to_owned(),
                content: visible_test,
            }],
            hidden_tests: vec![SourceFile {
                name: hidden.to_owned(),
                content: hidden_test,
            }],
            reference,
            hints: hints.into_iter().map(|h| Hint { text: h.text }).collect(),
            limits,
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn repo_catalog() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../content/exercises")
    }

    #[test]
    fn the_repository_catalog_loads() {
        let drafts = load_catalog(&repo_catalog()).unwrap();
        assert!(drafts.len() >= 2);
        let wc = drafts
            .iter()
            .find(|d| d.slug.as_str() == "word-count" && d.language == Language::Python)
            .unwrap();
        assert_eq!(wc.hints.len(), 3);
        assert_eq!(wc.visible_tests[0].name, "test_visible.py");
    }

    #[test]
    fn every_problem_is_reported_with_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("python").join("Bad_Slug");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("exercise.toml"),
            "slug = \"bad-slug\"\ntitle = \"T\"\nlanguage = \"python\"\nversion = 1\ndifficulty = 9\n\
             topics = [\"poetry\"]\ncpu_time_limit_ms = 2000\nwall_time_limit_ms = 5000\nmemory_limit_mb = 128\n",
        )
        .unwrap();
        let errors = load_catalog(dir.path()).unwrap_err().0;
        let text = errors.join("\n");
        for expected in [
            "slug",
            "difficulty",
            "unknown topic",
            "statement.md",
            "hints.toml",
        ] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
    }
}
