import unittest

from main import count_queens


class CountQueensVisible(unittest.TestCase):
    def test_four_by_four_board(self):
        self.assertEqual(count_queens(4, []), 2)

    def test_a_pillar_rules_out_a_solution(self):
        self.assertEqual(count_queens(4, [(0, 1)]), 1)

    def test_classic_eight_queens(self):
        self.assertEqual(count_queens(8, []), 92)
