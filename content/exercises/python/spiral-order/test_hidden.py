import unittest

from main import spiral_order


class SpiralOrderHidden(unittest.TestCase):
    def test_empty_grid(self):
        self.assertEqual(spiral_order([]), [])

    def test_a_row_without_tiles(self):
        self.assertEqual(spiral_order([[]]), [])

    def test_a_single_tile(self):
        self.assertEqual(spiral_order([[42]]), [42])

    def test_a_single_row(self):
        self.assertEqual(spiral_order([[1, 2, 3, 4]]), [1, 2, 3, 4])

    def test_a_single_column(self):
        self.assertEqual(spiral_order([[1], [2], [3]]), [1, 2, 3])

    def test_more_columns_than_rows(self):
        self.assertEqual(
            spiral_order([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]),
            [1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7],
        )

    def test_a_four_by_four_room_has_two_rings(self):
        grid = [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12], [13, 14, 15, 16]]
        self.assertEqual(
            spiral_order(grid),
            [1, 2, 3, 4, 8, 12, 16, 15, 14, 13, 9, 5, 6, 7, 11, 10],
        )

    def test_a_tall_room_ending_in_a_middle_column(self):
        grid = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12], [13, 14, 15]]
        self.assertEqual(
            spiral_order(grid),
            [1, 2, 3, 6, 9, 12, 15, 14, 13, 10, 7, 4, 5, 8, 11],
        )

    def test_the_grid_is_not_changed(self):
        grid = [[1, 2], [3, 4]]
        spiral_order(grid)
        self.assertEqual(grid, [[1, 2], [3, 4]])
