import unittest

from main import compare_followers


class CompareFollowersVisible(unittest.TestCase):
    def test_mixed_case_at_signs_and_duplicates(self):
        self.assertEqual(
            compare_followers(["@Ada", "grace", "linus"], ["ada", "Linus", "alan", "ADA"]),
            {"both": ["ada", "linus"], "only_first": ["grace"], "only_second": ["alan"]},
        )

    def test_no_common_followers(self):
        self.assertEqual(
            compare_followers(["bob"], ["carol"]),
            {"both": [], "only_first": ["bob"], "only_second": ["carol"]},
        )
