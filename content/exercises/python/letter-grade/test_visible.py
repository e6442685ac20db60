import unittest

from main import letter_grade


class LetterGradeVisible(unittest.TestCase):
    def test_ninety_five_is_an_a(self):
        self.assertEqual(letter_grade(95), "A")

    def test_seventy_two_and_a_half_is_a_c(self):
        self.assertEqual(letter_grade(72.5), "C")

    def test_a_score_above_one_hundred_is_rejected(self):
        with self.assertRaisesRegex(ValueError, "score must be between 0 and 100"):
            letter_grade(101)
