import unittest

from main import add_fractions


class AddFractionsVisible(unittest.TestCase):
    def test_eighths_and_quarters(self):
        self.assertEqual(add_fractions(["3/4", "5/8"]), "11/8")

    def test_thirds_add_up_to_exactly_one(self):
        self.assertEqual(add_fractions(["1/3", "1/3", "1/3"]), "1")

    def test_a_negative_total(self):
        self.assertEqual(add_fractions(["1/2", "-3/4"]), "-1/4")

    def test_a_decimal_number_is_rejected(self):
        with self.assertRaises(ValueError) as caught:
            add_fractions(["1.5"])
        self.assertEqual(str(caught.exception), "invalid fraction: 1.5")
