import unittest

from main import count_climbs


class CountClimbsVisible(unittest.TestCase):
    def test_one_or_two_steps_at_a_time(self):
        self.assertEqual(count_climbs(4, [1, 2], []), 5)

    def test_a_broken_step_cannot_be_landed_on(self):
        self.assertEqual(count_climbs(4, [1, 2], [2]), 1)

    def test_unreachable_top_gives_zero(self):
        self.assertEqual(count_climbs(5, [2], []), 0)
