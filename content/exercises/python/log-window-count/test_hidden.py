import random
import unittest

from main import count_in_window

LOG = [3, 5, 5, 5, 8, 13, 21]


class CountInWindowHidden(unittest.TestCase):
    def test_empty_log(self):
        self.assertEqual(count_in_window([], 0, 10), 0)

    def test_single_second_window(self):
        self.assertEqual(count_in_window(LOG, 5, 5), 3)
        self.assertEqual(count_in_window(LOG, 4, 4), 0)

    def test_start_after_end_is_empty(self):
        self.assertEqual(count_in_window(LOG, 13, 5), 0)

    def test_windows_before_and_after_all_entries(self):
        self.assertEqual(count_in_window(LOG, -10, 2), 0)
        self.assertEqual(count_in_window(LOG, 22, 30), 0)

    def test_window_edges_exactly_on_first_and_last_entry(self):
        self.assertEqual(count_in_window(LOG, 3, 21), 7)
        self.assertEqual(count_in_window(LOG, 21, 21), 1)
        self.assertEqual(count_in_window(LOG, 3, 3), 1)

    def test_all_entries_in_the_same_second(self):
        self.assertEqual(count_in_window([7] * 10, 7, 7), 10)
        self.assertEqual(count_in_window([7] * 10, 8, 9), 0)

    def test_negative_times(self):
        self.assertEqual(count_in_window([-9, -4, -4, 0, 2], -5, 0), 3)

    def test_list_is_not_changed(self):
        log = list(LOG)
        count_in_window(log, 4, 9)
        self.assertEqual(log, LOG)

    def test_many_queries_on_a_million_entries(self):
        # Entry i is logged at second i // 3, so every second from 0 to 333,332 has 3 entries
        # (the last second, 333,333, has 1).
        log = [i // 3 for i in range(1_000_000)]
        rng = random.Random(7)
        for _ in range(3000):
            start = rng.randrange(-50, 340_000)
            end = start + rng.randrange(0, 200_000)
            first = max(start, 0)
            last = min(end, 333_333)
            expected = 0
            if first <= last:
                expected = 3 * (last - first + 1) - (2 if last == 333_333 else 0)
            self.assertEqual(count_in_window(log, start, end), expected)
