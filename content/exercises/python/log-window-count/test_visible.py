import unittest

from main import count_in_window

LOG = [3, 5, 5, 5, 8, 13, 21]


class CountInWindowVisible(unittest.TestCase):
    def test_window_includes_both_ends_and_repeats(self):
        self.assertEqual(count_in_window(LOG, 5, 13), 5)

    def test_window_between_entries_is_empty(self):
        self.assertEqual(count_in_window(LOG, 6, 7), 0)

    def test_window_covering_everything(self):
        self.assertEqual(count_in_window(LOG, 0, 100), 7)
