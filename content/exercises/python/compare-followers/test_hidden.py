import unittest

from main import compare_followers


class CompareFollowersHidden(unittest.TestCase):
    def test_both_lists_empty(self):
        self.assertEqual(
            compare_followers([], []),
            {"both": [], "only_first": [], "only_second": []},
        )

    def test_one_list_empty(self):
        self.assertEqual(
            compare_followers(["Zed", "amy"], []),
            {"both": [], "only_first": ["amy", "zed"], "only_second": []},
        )

    def test_identical_lists_in_different_order(self):
        self.assertEqual(
            compare_followers(["c", "a", "b"], ["b", "c", "a"]),
            {"both": ["a", "b", "c"], "only_first": [], "only_second": []},
        )

    def test_duplicates_within_one_list_appear_once(self):
        self.assertEqual(
            compare_followers(["sam", "SAM", "@sam", "kim"], ["kim", "Kim"]),
            {"both": ["kim"], "only_first": ["sam"], "only_second": []},
        )

    def test_at_sign_is_removed_in_every_result_list(self):
        self.assertEqual(
            compare_followers(["@X", "@y"], ["@x", "@Z"]),
            {"both": ["x"], "only_first": ["y"], "only_second": ["z"]},
        )

    def test_results_are_sorted_alphabetically(self):
        self.assertEqual(
            compare_followers(["mia", "ben", "zoe", "al"], ["zoe", "ben"])["only_first"],
            ["al", "mia"],
        )

    def test_non_english_names_are_lower_cased(self):
        self.assertEqual(
            compare_followers(["@Émile", "Øyvind"], ["émile"]),
            {"both": ["émile"], "only_first": ["øyvind"], "only_second": []},
        )
