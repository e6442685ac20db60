import unittest

from main import count_queens


class CountQueensHidden(unittest.TestCase):
    def test_one_by_one_board(self):
        self.assertEqual(count_queens(1, []), 1)
        self.assertEqual(count_queens(1, [(0, 0)]), 0)

    def test_boards_without_solutions(self):
        self.assertEqual([count_queens(2, []), count_queens(3, [])], [0, 0])

    def test_repeated_pillars(self):
        self.assertEqual(count_queens(4, [(0, 1), (0, 1), (0, 1)]), 1)

    def test_pillars_do_not_block_attacks(self):
        # With the centre of a 5x5 board blocked, queens on its diagonals still attack.
        self.assertEqual(count_queens(5, [(2, 2)]), 8)

    def test_a_fully_blocked_column(self):
        self.assertEqual(count_queens(9, [(row, 0) for row in range(9)]), 0)

    def test_pillars_on_an_eight_by_eight_board(self):
        self.assertEqual(count_queens(8, [(3, 3), (4, 4)]), 76)

    def test_ten_by_ten_board(self):
        self.assertEqual(count_queens(10, []), 724)

    def test_ten_by_ten_with_a_diagonal_of_pillars(self):
        self.assertEqual(count_queens(10, [(i, i) for i in range(10)]), 96)

    def test_ten_by_ten_with_pillars_in_the_first_and_last_rows(self):
        blocked = [(0, c) for c in range(0, 10, 2)] + [(9, c) for c in range(1, 10, 2)]
        self.assertEqual(count_queens(10, blocked), 232)
