//! The catalog's shared vocabulary: difficulty levels and the fixed topic list, used by the
//! exercises domain (authoring, browsing) and the progress domain (ratings per topic).

/// Difficulty 1 (first steps) to 5 (an efficient algorithm is required).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Difficulty(u8);

impl Difficulty {
    /// A difficulty, if within 1–5.
    #[must_use]
    pub fn new(level: u8) -> Option<Self> {
        (1..=5).contains(&level).then_some(Self(level))
    }

    /// The level.
    #[must_use]
    pub const fn get(self) -> u8 {
        self.0
    }
}

/// The fixed topic vocabulary (docs/content.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Topic {
    /// Text.
    Strings,
    /// Lists / arrays.
    Lists,
    /// Dictionaries / objects and maps.
    Dictionaries,
    /// Sets.
    Sets,
    /// Loops.
    Loops,
    /// Conditionals.
    Conditionals,
    /// Recursion.
    Recursion,
    /// Sorting.
    Sorting,
    /// Searching.
    Searching,
    /// Classes and objects.
    Classes,
    /// Raising and handling errors.
    ErrorHandling,
    /// Functions taking or returning functions.
    HigherOrderFunctions,
    /// Iterators and generators.
    Iterators,
    /// Algorithms with complexity limits.
    Algorithms,
    /// Dynamic programming.
    DynamicProgramming,
    /// Arithmetic and number theory.
    Math,
}

impl Topic {
    /// Every topic.
    pub const ALL: [Self; 16] = [
        Self::Strings,
        Self::Lists,
        Self::Dictionaries,
        Self::Sets,
        Self::Loops,
        Self::Conditionals,
        Self::Recursion,
        Self::Sorting,
        Self::Searching,
        Self::Classes,
        Self::ErrorHandling,
        Self::HigherOrderFunctions,
        Self::Iterators,
        Self::Algorithms,
        Self::DynamicProgramming,
        Self::Math,
    ];

    /// The stored name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Strings => "strings",
            Self::Lists => "lists",
            Self::Dictionaries => "dictionaries",
            Self::Sets => "sets",
            Self::Loops => "loops",
            Self::Conditionals => "conditionals",
            Self::Recursion => "recursion",
            Self::Sorting => "sorting",
            Self::Searching => "searching",
            Self::Classes => "classes",
            Self::ErrorHandling => "error-handling",
            Self::HigherOrderFunctions => "higher-order-functions",
            Self::Iterators => "iterators",
            Self::Algorithms => "algorithms",
            Self::DynamicProgramming => "dynamic-programming",
            Self::Math => "math",
        }
    }

    /// Parses a stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difficulties_and_topics_are_bounded() {
        assert!(Difficulty::new(0).is_none() && Difficulty::new(6).is_none());
        assert_eq!(Difficulty::new(5).map(Difficulty::get), Some(5));
        for t in Topic::ALL {
            assert_eq!(Topic::parse(t.as_str()), Some(t));
        }
    }
}
