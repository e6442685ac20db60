import unittest

from main import spiral_order


class SpiralOrderVisible(unittest.TestCase):
    def test_a_three_by_three_room(self):
        self.assertEqual(
            spiral_order([[1, 2, 3], [4, 5, 6], [7, 8, 9]]),
            [1, 2, 3, 6, 9, 8, 7, 4, 5],
        )

    def test_a_room_with_more_rows_than_columns(self):
        self.assertEqual(
            spiral_order([["a", "b"], ["c", "d"], ["e", "f"]]),
            ["a", "b", "d", "f", "e", "c"],
        )
