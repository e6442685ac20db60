import unittest

from main import summarize_scores


class SummarizeScoresVisible(unittest.TestCase):
    def test_even_number_of_scores(self):
        self.assertEqual(
            summarize_scores([70, 90, 80, 60]),
            {"count": 4, "lowest": 60, "highest": 90, "mean": 75.0, "median": 75.0},
        )

    def test_odd_number_of_scores(self):
        self.assertEqual(
            summarize_scores([3, 1, 2]),
            {"count": 3, "lowest": 1, "highest": 3, "mean": 2.0, "median": 2},
        )
