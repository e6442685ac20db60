import unittest

from main import summarize_scores


class SummarizeScoresHidden(unittest.TestCase):
    def test_an_empty_list_is_rejected(self):
        with self.assertRaisesRegex(ValueError, "no scores"):
            summarize_scores([])

    def test_a_single_score(self):
        self.assertEqual(
            summarize_scores([42]),
            {"count": 1, "lowest": 42, "highest": 42, "mean": 42.0, "median": 42},
        )

    def test_the_mean_is_rounded_to_two_decimals(self):
        self.assertEqual(summarize_scores([10, 10, 11])["mean"], 10.33)

    def test_the_median_uses_the_sorted_order(self):
        self.assertEqual(summarize_scores([100, 1, 50, 2, 3])["median"], 3)

    def test_even_median_averages_the_two_middle_scores(self):
        self.assertEqual(summarize_scores([9, 1, 4, 2])["median"], 3.0)

    def test_duplicate_scores_count_separately(self):
        self.assertEqual(
            summarize_scores([5, 5, 5, 1]),
            {"count": 4, "lowest": 1, "highest": 5, "mean": 4.0, "median": 5.0},
        )

    def test_float_scores(self):
        self.assertEqual(
            summarize_scores([7.5, 9.25, 8.0]),
            {"count": 3, "lowest": 7.5, "highest": 9.25, "mean": 8.25, "median": 8.0},
        )

    def test_the_given_list_keeps_its_order(self):
        scores = [70, 90, 80, 60]
        summarize_scores(scores)
        self.assertEqual(scores, [70, 90, 80, 60])
