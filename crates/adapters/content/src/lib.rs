//! Reads `content/exercises/<language>/<slug>/` folders (format: `docs/content.md`) into
//! [`ExerciseDraft`]s for seeding. Every problem in every folder is reported at once, with the
//! file it is in; nothing is seeded from a catalog with problems.
#![forbid(unsafe_code)]

use std::fmt;
use std::path::{Path, PathBuf};

use mentor_exercises::{DraftParts, ExerciseDraft, test_file_names};
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
    #[serde(default)]
    max_help: Option<String>,
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

/// The file of a folder that holds a [`DraftParts`] field.
fn file_of(field: &str, language: Language) -> String {
    let (visible, hidden) = test_file_names(language);
    let ext = language.extension();
    match field {
        "statement" => "statement.md".to_owned(),
        "starter" => format!("starter.{ext}"),
        "reference" => format!("reference.{ext}"),
        "visible_test" => visible.to_owned(),
        "hidden_test" => hidden.to_owned(),
        "hints" => "hints.toml".to_owned(),
        _ => "exercise.toml".to_owned(),
    }
}

/// Reads one exercise folder and checks it against the content schema
/// ([`DraftParts::check`]); the slug and language must also match the folder's names.
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
    let language = Language::parse(&meta.language).filter(|_| meta.language == parent);
    if language.is_none() {
        problems.push(format!(
            "{}: language {:?} must be python or javascript and match the folder {parent:?}",
            at("exercise.toml"),
            meta.language
        ));
    }
    if meta.slug != folder_name {
        problems.push(format!(
            "{}: slug {:?} must be equal to the folder name",
            at("exercise.toml"),
            meta.slug
        ));
    }
    // Without a known language the files cannot be named: only `exercise.toml` is checked.
    let files_language = language.unwrap_or(Language::Python);
    let ext = files_language.extension();
    let (visible, hidden) = test_file_names(files_language);
    // Files that could not be read are reported once, not again as empty.
    let mut unread: Vec<String> = Vec::new();
    let mut file = |name: &str| {
        if language.is_none() {
            return String::new();
        }
        read(&folder.join(name), &mut problems).unwrap_or_else(|| {
            unread.push(name.to_owned());
            String::new()
        })
    };
    let statement = file("statement.md");
    let starter = file(&format!("starter.{ext}"));
    let reference = file(&format!("reference.{ext}"));
    let visible_test = file(visible);
    let hidden_test = file(hidden);
    let hints = match language
        .and_then(|_| read(&folder.join("hints.toml"), &mut problems))
        .map(|t| toml::from_str::<Hints>(&t))
    {
        Some(Ok(h)) => h.hints.into_iter().map(|h| h.text).collect(),
        Some(Err(e)) => {
            problems.push(format!("{}: {e}", at("hints.toml")));
            unread.push("hints.toml".to_owned());
            Vec::new()
        }
        None => {
            unread.push("hints.toml".to_owned());
            Vec::new()
        }
    };
    let parts = DraftParts {
        language: meta.language,
        slug: meta.slug,
        version: meta.version,
        title: meta.title,
        difficulty: meta.difficulty,
        topics: meta.topics,
        statement,
        starter,
        reference,
        visible_test,
        hidden_test,
        hints,
        cpu_ms: meta.cpu_time_limit_ms,
        wall_ms: meta.wall_time_limit_ms,
        memory_mb: meta.memory_limit_mb,
        max_help: meta.max_help,
    };
    match parts.check() {
        Ok(draft) if problems.is_empty() => Ok(draft),
        Ok(_) => Err(problems),
        Err(found) => {
            for p in found {
                let file = file_of(p.field, files_language);
                let skipped = p.field == "language"
                    || (language.is_none() && file != "exercise.toml")
                    || unread.contains(&file);
                if !skipped {
                    problems.push(format!("{}: {}", at(&file), p.message));
                }
            }
            Err(problems)
        }
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
        assert_eq!(
            text.matches("statement.md").count(),
            1,
            "a missing file is reported once:\n{text}"
        );
    }

    #[test]
    fn a_wrong_language_is_reported_with_the_other_metadata_problems() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("python").join("wrong-language");
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(
            folder.join("exercise.toml"),
            "slug = \"wrong-language\"\ntitle = \"T\"\nlanguage = \"cobol\"\nversion = 1\ndifficulty = 9\n\
             topics = [\"math\"]\ncpu_time_limit_ms = 2000\nwall_time_limit_ms = 5000\nmemory_limit_mb = 128\n",
        )
        .unwrap();
        let text = load_catalog(dir.path()).unwrap_err().0.join("\n");
        assert!(text.contains("language \"cobol\""), "{text}");
        assert!(text.contains("difficulty must be 1–5"), "{text}");
        assert!(!text.contains("statement"), "no file is read:\n{text}");
    }

    #[test]
    fn a_rule_is_reported_against_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let source = repo_catalog().join("python").join("word-count");
        let folder = dir.path().join("python").join("word-count");
        std::fs::create_dir_all(&folder).unwrap();
        for entry in std::fs::read_dir(&source).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
        }
        let meta = std::fs::read_to_string(folder.join("exercise.toml")).unwrap();
        std::fs::write(
            folder.join("exercise.toml"),
            format!("{meta}max_help = \"nudge\"\n"),
        )
        .unwrap();
        let capped = load_catalog(dir.path()).unwrap();
        assert_eq!(capped[0].help_cap, Some(mentor_kernel::HelpLevel::Nudge));
        std::fs::write(
            folder.join("exercise.toml"),
            format!("{meta}max_help = \"all\"\n"),
        )
        .unwrap();
        std::fs::copy(folder.join("reference.py"), folder.join("starter.py")).unwrap();
        let text = load_catalog(dir.path()).unwrap_err().0.join("\n");
        assert!(
            text.contains("starter.py: the starter code is the reference solution"),
            "{text}"
        );
        assert!(
            text.contains("exercise.toml: max_help must be nudge, pointer or guide"),
            "{text}"
        );
    }
}
