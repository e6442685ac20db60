import unittest

from main import game_result


class GameResultVisible(unittest.TestCase):
    def test_x_wins_on_a_diagonal(self):
        self.assertEqual(game_result(["XOX", ".XO", "O.X"]), "X wins")

    def test_an_unfinished_game(self):
        self.assertEqual(game_result(["XO.", "...", "..."]), "in progress")

    def test_three_x_and_no_o_is_invalid(self):
        with self.assertRaisesRegex(ValueError, "invalid board"):
            game_result(["XXX", "...", "..."])
