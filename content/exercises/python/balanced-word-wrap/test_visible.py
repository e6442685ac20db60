import unittest

from main import min_raggedness


class MinRaggednessVisible(unittest.TestCase):
    def test_better_than_greedy(self):
        self.assertEqual(min_raggedness(["aaa", "bb", "cc", "ddddd"], 6), 10)

    def test_everything_on_the_last_line_is_free(self):
        self.assertEqual(min_raggedness(["to", "be", "or", "not"], 20), 0)
