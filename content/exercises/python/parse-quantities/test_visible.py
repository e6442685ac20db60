import unittest

from main import parse_quantities


class ParseQuantitiesVisible(unittest.TestCase):
    def test_valid_and_invalid_entries(self):
        self.assertEqual(
            parse_quantities(["3", " 12 ", "two", "-4", "2.5"]),
            (15, ["two", "-4", "2.5"]),
        )

    def test_no_entries(self):
        self.assertEqual(parse_quantities([]), (0, []))
