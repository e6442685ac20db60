import unittest

from main import count_climbs


class CountClimbsHidden(unittest.TestCase):
    def test_zero_steps_has_one_way(self):
        self.assertEqual(count_climbs(0, [1, 2], []), 1)

    def test_broken_start_or_top_gives_zero(self):
        self.assertEqual(count_climbs(3, [1], [0]), 0)
        self.assertEqual(count_climbs(3, [1], [3]), 0)
        self.assertEqual(count_climbs(0, [1], [0]), 0)

    def test_no_jumps_means_no_way_up(self):
        self.assertEqual(count_climbs(3, [], []), 0)

    def test_jumps_longer_than_the_staircase_are_ignored(self):
        self.assertEqual(count_climbs(2, [1, 5], []), 1)

    def test_jumping_over_broken_steps(self):
        # Steps 1 and 2 are broken: the only way is 0 -> 3 -> 4.
        self.assertEqual(count_climbs(4, [1, 3], [1, 2]), 1)

    def test_repeated_broken_steps(self):
        self.assertEqual(count_climbs(4, [1, 2], [2, 2, 2]), 1)

    def test_unusual_jump_lengths(self):
        # Jumps of 2, 3 or 5 to reach step 10 without landing on 5.
        self.assertEqual(count_climbs(10, [5, 2, 3], [5]), 5)

    def test_huge_answer_is_exact(self):
        # With jumps 1 and 2 the answers are the Fibonacci numbers.
        a, b = 1, 1
        for _ in range(300):
            a, b = b, a + b
        self.assertEqual(count_climbs(300, [1, 2], []), a)

    def test_long_staircase_with_many_broken_steps(self):
        broken = list(range(7, 300, 7))
        result = count_climbs(300, [1, 2, 3], broken)
        self.assertEqual(result % 1_000_000_007, 842875964)
        self.assertEqual(len(str(result)), 62)
