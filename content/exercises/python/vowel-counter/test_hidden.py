import unittest

from main import count_vowels


class CountVowelsHidden(unittest.TestCase):
    def test_upper_case_vowels_count(self):
        self.assertEqual(count_vowels("AEIOU"), 5)

    def test_mixed_case_vowels_all_count(self):
        self.assertEqual(count_vowels("UmbrEllA"), 3)

    def test_repeated_vowels_count_every_time(self):
        self.assertEqual(count_vowels("book keeper"), 5)

    def test_a_single_vowel(self):
        self.assertEqual(count_vowels("a"), 1)

    def test_a_single_consonant(self):
        self.assertEqual(count_vowels("z"), 0)

    def test_digits_spaces_and_punctuation_are_skipped(self):
        self.assertEqual(count_vowels("42 -- ?! \t\n"), 0)

    def test_upper_case_y_is_not_a_vowel_either(self):
        self.assertEqual(count_vowels("YYY"), 0)

    def test_accented_letters_do_not_count(self):
        self.assertEqual(count_vowels("café über naïve"), 4)

    def test_a_long_text(self):
        self.assertEqual(count_vowels("education " * 1000), 5000)
