import unittest

from main import game_result


class GameResultHidden(unittest.TestCase):
    def test_empty_board_is_in_progress(self):
        self.assertEqual(game_result(["...", "...", "..."]), "in progress")

    def test_o_wins_on_a_column(self):
        self.assertEqual(game_result(["XOX", "XO.", ".O."]), "O wins")

    def test_x_wins_on_the_other_diagonal(self):
        self.assertEqual(game_result(["OOX", ".X.", "X.."]), "X wins")

    def test_o_wins_on_the_bottom_row(self):
        self.assertEqual(game_result(["XX.", ".X.", "OOO"]), "O wins")

    def test_a_full_board_without_a_line_is_a_draw(self):
        self.assertEqual(game_result(["XOX", "XOO", "OXX"]), "draw")

    def test_a_full_board_with_a_line_is_a_win_not_a_draw(self):
        self.assertEqual(game_result(["XOX", "OXO", "XOX"]), "X wins")

    def test_two_lines_with_one_move_is_a_single_win(self):
        self.assertEqual(game_result(["XXX", "XOO", "XOO"]), "X wins")

    def test_o_cannot_have_more_marks_than_x(self):
        with self.assertRaisesRegex(ValueError, "invalid board"):
            game_result(["O..", "...", "..."])

    def test_x_cannot_be_two_marks_ahead(self):
        with self.assertRaisesRegex(ValueError, "invalid board"):
            game_result(["XX.", "X.O", "..."])

    def test_both_players_cannot_have_a_line(self):
        with self.assertRaisesRegex(ValueError, "invalid board"):
            game_result(["XXX", "OOO", "..."])

    def test_nobody_plays_after_x_has_won(self):
        with self.assertRaisesRegex(ValueError, "invalid board"):
            game_result(["XXX", "OO.", "O.."])

    def test_nobody_plays_after_o_has_won(self):
        with self.assertRaisesRegex(ValueError, "invalid board"):
            game_result(["OOO", "XX.", "XX."])

    def test_wrong_shapes_are_invalid(self):
        for board in [["...", "..."], ["....", "...", "..."], ["...", "...", "..", "..."], []]:
            with self.subTest(board=board):
                with self.assertRaisesRegex(ValueError, "invalid board"):
                    game_result(board)

    def test_unknown_characters_are_invalid(self):
        with self.assertRaisesRegex(ValueError, "invalid board"):
            game_result(["X..", ".o.", "..."])
