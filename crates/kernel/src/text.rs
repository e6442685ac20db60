//! Text a learner typed, made safe to store and to hand to a model as data: line endings
//! normalised, control, bidirectional and invisible characters removed, trimmed, and within a
//! length cap.

/// Why learner text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// Nothing is left after stripping.
    #[error("the message is empty")]
    Empty,
    /// Longer than the cap (in characters, after stripping).
    #[error("the message is {actual} characters long; the limit is {max}")]
    TooLong {
        /// The cap.
        max: usize,
        /// The length.
        actual: usize,
    },
}

/// Learner text, cleaned and within its cap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerText {
    text: String,
    stripped: usize,
}

/// Whether `c` is invisible or reorders text (bidirectional controls, zero-width characters,
/// soft hyphens): such characters can hide instructions from a human reader.
#[must_use]
pub const fn is_hidden_char(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'..='\u{200F}'
            | '\u{061C}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
    )
}

impl LearnerText {
    /// Cleans `raw` and checks it against `max_chars`.
    ///
    /// # Errors
    /// [`TextError::Empty`] when nothing is left, [`TextError::TooLong`] over the cap.
    pub fn new(raw: &str, max_chars: usize) -> Result<Self, TextError> {
        let mut text = String::with_capacity(raw.len());
        let mut stripped = 0;
        let mut chars = raw.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() != Some(&'\n') {
                        text.push('\n');
                    }
                }
                '\n' | '\t' => text.push(c),
                c if c.is_control() || is_hidden_char(c) => stripped += 1,
                c => text.push(c),
            }
        }
        let text = text.trim();
        if text.is_empty() {
            return Err(TextError::Empty);
        }
        let actual = text.chars().count();
        if actual > max_chars {
            return Err(TextError::TooLong {
                max: max_chars,
                actual,
            });
        }
        Ok(Self {
            text: text.to_owned(),
            stripped,
        })
    }

    /// The text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The text, owned.
    #[must_use]
    pub fn into_string(self) -> String {
        self.text
    }

    /// How many characters were removed (control, bidirectional, invisible).
    #[must_use]
    pub const fn stripped(&self) -> usize {
        self.stripped
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn control_and_hidden_characters_are_removed_and_lines_kept() {
        let t = LearnerText::new("  a\u{0}b\r\n\tc\u{202E}d\u{200B}\re\u{7f}  ", 100).unwrap();
        assert_eq!(t.as_str(), "ab\n\tcd\ne");
        assert_eq!(t.stripped(), 4);
    }

    #[test]
    fn empty_and_long_text_is_refused() {
        assert_eq!(LearnerText::new(" \u{200B}\n ", 10), Err(TextError::Empty));
        assert_eq!(
            LearnerText::new("ééééé", 4),
            Err(TextError::TooLong { max: 4, actual: 5 })
        );
        assert!(LearnerText::new("ééééé", 5).is_ok());
    }
}
