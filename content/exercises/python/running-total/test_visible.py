import unittest

from main import running_total


class RunningTotalVisible(unittest.TestCase):
    def test_four_days_of_steps(self):
        self.assertEqual(running_total([3, 1, 4, 1]), [3, 4, 8, 9])

    def test_empty_list_gives_empty_list(self):
        self.assertEqual(running_total([]), [])
