import unittest

from main import word_count


class WordCountVisible(unittest.TestCase):
    def test_counts_repeated_words_ignoring_case(self):
        self.assertEqual(
            word_count("The cat saw the dog."),
            {"the": 2, "cat": 1, "saw": 1, "dog": 1},
        )

    def test_blank_text_has_no_words(self):
        self.assertEqual(word_count("  "), {})
