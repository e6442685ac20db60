import random
import unittest

from main import max_nesting


class MaxNestingHidden(unittest.TestCase):
    def test_no_boxes(self):
        self.assertEqual(max_nesting([]), 0)

    def test_single_box(self):
        self.assertEqual(max_nesting([(4, 9)]), 1)

    def test_same_width_never_nests(self):
        self.assertEqual(max_nesting([(3, 1), (3, 2), (3, 3)]), 1)

    def test_same_height_never_nests(self):
        self.assertEqual(max_nesting([(1, 3), (2, 3), (3, 3)]), 1)

    def test_order_of_the_list_does_not_matter(self):
        self.assertEqual(max_nesting([(9, 9), (1, 2), (5, 5), (2, 3), (8, 1)]), 4)

    def test_boxes_are_not_changed(self):
        boxes = [(5, 4), (2, 3), (6, 7)]
        max_nesting(boxes)
        self.assertEqual(boxes, [(5, 4), (2, 3), (6, 7)])

    def test_two_thousand_mixed_boxes(self):
        boxes = [((i * 7919) % 1009 + 1, (i * i * 104729 + i * 31) % 997 + 1) for i in range(2000)]
        self.assertEqual(max_nesting(boxes), 84)

    def test_fifty_thousand_boxes_in_a_grid(self):
        # Every size from 1x1 to 200x250: at most one box per width can be in a chain.
        boxes = [(w, h) for w in range(1, 201) for h in range(1, 251)]
        random.Random(3).shuffle(boxes)
        self.assertEqual(max_nesting(boxes), 200)

    def test_fifty_thousand_boxes_none_nest(self):
        # Wider boxes are always lower.
        boxes = [(i, 50_001 - i) for i in range(1, 50_001)]
        random.Random(4).shuffle(boxes)
        self.assertEqual(max_nesting(boxes), 1)

    def test_fifty_thousand_boxes_with_a_long_chain(self):
        # Boxes (i, 2i) all nest; the extra boxes (i, 1) can only start a chain.
        boxes = [(i, 2 * i) for i in range(1, 25_001)] + [(i, 1) for i in range(1, 25_001)]
        random.Random(5).shuffle(boxes)
        self.assertEqual(max_nesting(boxes), 25_000)
