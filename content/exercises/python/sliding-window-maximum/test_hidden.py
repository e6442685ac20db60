import unittest

from main import window_maxima

N = 100_000


class WindowMaximaHidden(unittest.TestCase):
    def test_empty_readings(self):
        self.assertEqual(window_maxima([], 1), [])

    def test_window_as_wide_as_the_data(self):
        self.assertEqual(window_maxima([4, 9, 2], 3), [9])

    def test_k_below_one_raises_value_error(self):
        for k in (0, -2):
            with self.assertRaises(ValueError):
                window_maxima([1, 2, 3], k)

    def test_negative_readings(self):
        self.assertEqual(window_maxima([-5, -3, -8, -9, -4], 2), [-3, -3, -8, -4])

    def test_repeated_readings(self):
        self.assertEqual(window_maxima([5, 5, 5, 1, 5], 2), [5, 5, 5, 5])

    def test_maximum_leaves_the_window(self):
        self.assertEqual(window_maxima([9, 1, 2, 3, 1, 0], 3), [9, 3, 3, 3])

    def test_readings_are_not_changed(self):
        readings = [3, 1, 2]
        window_maxima(readings, 2)
        self.assertEqual(readings, [3, 1, 2])

    def test_falling_temperatures_large_window(self):
        # Strictly falling: the maximum of each window is its first reading, and it leaves
        # the window at every step.
        readings = [(N - i) * 3 + i % 3 for i in range(N)]
        k = 20_000
        self.assertEqual(window_maxima(readings, k), readings[: N - k + 1])

    def test_rising_temperatures_large_window(self):
        readings = [i / 4 for i in range(N)]
        k = 20_000
        self.assertEqual(window_maxima(readings, k), readings[k - 1:])

    def test_daily_cycle(self):
        # A 1,440-minute cycle: every window of at least 1,440 readings holds the peak 1,439.
        readings = [i % 1440 for i in range(N)]
        self.assertEqual(window_maxima(readings, 5_000), [1439] * (N - 5_000 + 1))
