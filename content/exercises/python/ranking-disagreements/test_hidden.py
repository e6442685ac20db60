import random
import unittest

from main import count_disagreements

N = 40_000


def players(n, seed):
    """n distinct names in a shuffled order (so their alphabetical order means nothing)."""
    names = [f"player-{i:05d}" for i in range(n)]
    random.Random(seed).shuffle(names)
    return names


class CountDisagreementsHidden(unittest.TestCase):
    def test_empty_and_single_player_rankings(self):
        self.assertEqual(count_disagreements([], []), 0)
        self.assertEqual(count_disagreements(["zoe"], ["zoe"]), 0)

    def test_identical_rankings(self):
        ranking = ["d", "a", "c", "b", "e"]
        self.assertEqual(count_disagreements(ranking, list(ranking)), 0)

    def test_different_players_raise_value_error(self):
        with self.assertRaises(ValueError):
            count_disagreements(["ana", "ben"], ["ana", "bob"])

    def test_different_lengths_raise_value_error(self):
        with self.assertRaises(ValueError):
            count_disagreements(["ana", "ben"], ["ana", "ben", "cai"])

    def test_repeated_names_raise_value_error(self):
        with self.assertRaises(ValueError):
            count_disagreements(["ana", "ana", "ben"], ["ana", "ben", "ben"])

    def test_rankings_are_not_changed(self):
        a, b = ["x", "y", "z"], ["z", "x", "y"]
        self.assertEqual(count_disagreements(a, b), 2)
        self.assertEqual((a, b), (["x", "y", "z"], ["z", "x", "y"]))

    def test_forty_thousand_players_reversed(self):
        a = players(N, 1)
        self.assertEqual(count_disagreements(a, a[::-1]), N * (N - 1) // 2)

    def test_forty_thousand_players_in_reversed_groups(self):
        # Groups of 100 keep their inner order, but the groups come in reverse order:
        # every pair from two different groups is a disagreement.
        a = players(N, 2)
        groups = [a[i:i + 100] for i in range(0, N, 100)]
        b = [name for group in reversed(groups) for name in group]
        self.assertEqual(count_disagreements(a, b), N * (N - 1) // 2 - (N // 100) * (100 * 99 // 2))

    def test_forty_thousand_players_interleaved(self):
        # b lists a's 1st, 3rd, 5th, ... players, then its 2nd, 4th, ...
        a = players(N, 3)
        half = N // 2
        self.assertEqual(count_disagreements(a, a[0::2] + a[1::2]), half * (half - 1) // 2)
