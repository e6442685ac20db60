import unittest

from main import flatten


class FlattenHidden(unittest.TestCase):
    def test_already_flat_list_is_copied_unchanged(self):
        self.assertEqual(flatten(["a", "b", "c"]), ["a", "b", "c"])

    def test_only_empty_lists_give_nothing(self):
        self.assertEqual(flatten([[], [[]], [[[]]]]), [])

    def test_falsy_entries_are_kept(self):
        self.assertEqual(flatten([None, [0, [False, ""]]]), [None, 0, False, ""])

    def test_tuples_are_not_opened(self):
        self.assertEqual(flatten([(1, [2]), [3]]), [(1, [2]), 3])

    def test_argument_is_not_changed(self):
        items = [1, [2, [3]], []]
        flatten(items)
        self.assertEqual(items, [1, [2, [3]], []])

    def test_result_is_a_new_list(self):
        items = [1, 2]
        result = flatten(items)
        result.append(3)
        self.assertEqual(items, [1, 2])

    def test_one_hundred_levels_deep(self):
        items = ["bottom"]
        for level in range(99):
            items = [level, items]
        self.assertEqual(flatten(items), list(range(98, -1, -1)) + ["bottom"])
