import unittest

from main import parse_quantities


class ParseQuantitiesHidden(unittest.TestCase):
    def test_all_entries_valid(self):
        self.assertEqual(parse_quantities(["1", "2", "3"]), (6, []))

    def test_zero_is_a_valid_quantity(self):
        self.assertEqual(parse_quantities(["0", "5"]), (5, []))

    def test_all_entries_rejected_gives_total_zero(self):
        self.assertEqual(parse_quantities(["x", "-1"]), (0, ["x", "-1"]))

    def test_empty_and_blank_entries_are_rejected(self):
        self.assertEqual(parse_quantities(["", "   ", "7"]), (7, ["", "   "]))

    def test_none_is_rejected_without_crashing(self):
        self.assertEqual(parse_quantities([None, "2"]), (2, [None]))

    def test_rejected_entries_keep_their_original_spelling(self):
        self.assertEqual(parse_quantities([" -3 ", " 4 "]), (4, [" -3 "]))

    def test_the_same_bad_entry_is_reported_every_time(self):
        self.assertEqual(parse_quantities(["a", "1", "a"]), (1, ["a", "a"]))
