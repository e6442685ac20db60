import unittest

from main import window_maxima


class WindowMaximaVisible(unittest.TestCase):
    def test_windows_of_three(self):
        self.assertEqual(window_maxima([18, 21, 19, 17, 16, 20, 22], 3), [21, 21, 19, 20, 22])

    def test_window_of_one_gives_the_readings(self):
        self.assertEqual(window_maxima([3.5, -1.0], 1), [3.5, -1.0])

    def test_window_wider_than_the_data(self):
        self.assertEqual(window_maxima([18, 21], 5), [])
