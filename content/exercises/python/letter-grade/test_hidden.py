import unittest

from main import letter_grade


class LetterGradeHidden(unittest.TestCase):
    def test_each_boundary_starts_the_higher_grade(self):
        self.assertEqual(
            [letter_grade(s) for s in (90, 80, 70, 60)],
            ["A", "B", "C", "D"],
        )

    def test_just_below_each_boundary_gives_the_lower_grade(self):
        self.assertEqual(
            [letter_grade(s) for s in (89.5, 79.99, 69.9, 59.5)],
            ["B", "C", "D", "F"],
        )

    def test_the_extremes_are_valid(self):
        self.assertEqual([letter_grade(0), letter_grade(100)], ["F", "A"])

    def test_a_negative_score_is_rejected(self):
        with self.assertRaisesRegex(ValueError, "score must be between 0 and 100"):
            letter_grade(-1)

    def test_a_score_just_above_one_hundred_is_rejected(self):
        with self.assertRaisesRegex(ValueError, "score must be between 0 and 100"):
            letter_grade(100.5)

    def test_a_string_is_not_a_score(self):
        with self.assertRaisesRegex(TypeError, "score must be a number"):
            letter_grade("85")

    def test_none_is_not_a_score(self):
        with self.assertRaisesRegex(TypeError, "score must be a number"):
            letter_grade(None)
