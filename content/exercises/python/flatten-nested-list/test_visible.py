import unittest

from main import flatten


class FlattenVisible(unittest.TestCase):
    def test_nested_numbers_come_out_in_order(self):
        self.assertEqual(flatten([1, [2, 3], [4, [5]]]), [1, 2, 3, 4, 5])

    def test_strings_and_tuples_are_kept_whole(self):
        self.assertEqual(
            flatten(["soup", ["salad", []], [["tea", ("hot", "cold")]]]),
            ["soup", "salad", "tea", ("hot", "cold")],
        )

    def test_empty_list_gives_empty_list(self):
        self.assertEqual(flatten([]), [])
