import unittest

from main import count_disagreements


class CountDisagreementsVisible(unittest.TestCase):
    def test_one_swapped_pair(self):
        self.assertEqual(
            count_disagreements(["ana", "ben", "cai", "dev"], ["ben", "ana", "cai", "dev"]), 1
        )

    def test_reversed_ranking_disagrees_on_every_pair(self):
        self.assertEqual(count_disagreements(["ana", "ben", "cai"], ["cai", "ben", "ana"]), 3)

    def test_one_player_moved_up(self):
        self.assertEqual(
            count_disagreements(["ana", "ben", "cai", "dev"], ["ana", "dev", "ben", "cai"]), 2
        )
