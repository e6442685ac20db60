import unittest

from main import max_nesting


class MaxNestingVisible(unittest.TestCase):
    def test_three_boxes_nest(self):
        self.assertEqual(max_nesting([(5, 4), (6, 4), (6, 7), (2, 3)]), 3)

    def test_identical_boxes_do_not_nest(self):
        self.assertEqual(max_nesting([(1, 1), (1, 1), (1, 1)]), 1)

    def test_boxes_cannot_be_rotated(self):
        self.assertEqual(max_nesting([(2, 5), (6, 3)]), 1)
