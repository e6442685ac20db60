//! How much help a learner wants from the tutor, and how much an exercise allows: a closed,
//! ordered vocabulary shared by the profile (the learner's choice), the catalog (an exercise's
//! cap) and the tutor's prompt (the lower of the two).

/// From least to most help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum HelpLevel {
    /// Questions and general pointers, no code.
    Nudge,
    /// Name the concept, line or test to look at; tiny illustrative snippets.
    #[default]
    Pointer,
    /// Walk through the approach step by step, still without the solution.
    Guide,
}

impl HelpLevel {
    /// Every level, least help first.
    pub const ALL: [Self; 3] = [Self::Nudge, Self::Pointer, Self::Guide];

    /// The stored and serialised name.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Nudge => "nudge",
            Self::Pointer => "pointer",
            Self::Guide => "guide",
        }
    }

    /// Parses a stored name.
    #[must_use]
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|h| h.as_str() == raw)
    }
}

#[cfg(test)]
mod tests {
    use super::HelpLevel;

    #[test]
    fn names_round_trip_and_order_by_help() {
        for h in HelpLevel::ALL {
            assert_eq!(HelpLevel::parse(h.as_str()), Some(h));
        }
        assert_eq!(HelpLevel::parse("all"), None);
        assert!(HelpLevel::Nudge < HelpLevel::Pointer && HelpLevel::Pointer < HelpLevel::Guide);
    }
}
