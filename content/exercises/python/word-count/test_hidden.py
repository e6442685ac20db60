import unittest

from main import word_count


class WordCountHidden(unittest.TestCase):
    def test_empty_text(self):
        self.assertEqual(word_count(""), {})

    def test_tabs_and_line_breaks_separate_words(self):
        self.assertEqual(word_count("a\tb\nA"), {"a": 2, "b": 1})

    def test_apostrophes_inside_words_stay(self):
        self.assertEqual(word_count("Don't stop, don't!"), {"don't": 2, "stop": 1})

    def test_punctuation_only_tokens_are_not_words(self):
        self.assertEqual(word_count("wait -- what ?!"), {"wait": 1, "what": 1})

    def test_quotes_around_words_are_stripped(self):
        self.assertEqual(word_count("'hello' \"hello\""), {"hello": 2})
