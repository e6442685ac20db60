import unittest

from main import count_vowels


class CountVowelsVisible(unittest.TestCase):
    def test_counts_the_vowels_in_a_short_sentence(self):
        self.assertEqual(count_vowels("Hello, World!"), 3)

    def test_y_is_not_a_vowel(self):
        self.assertEqual(count_vowels("rhythm"), 0)

    def test_an_empty_text_has_no_vowels(self):
        self.assertEqual(count_vowels(""), 0)
