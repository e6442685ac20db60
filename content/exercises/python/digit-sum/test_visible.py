import unittest

from main import digit_sum


class DigitSumVisible(unittest.TestCase):
    def test_four_digits(self):
        self.assertEqual(digit_sum(1234), 10)

    def test_negative_number_ignores_the_sign(self):
        self.assertEqual(digit_sum(-42), 6)

    def test_zero(self):
        self.assertEqual(digit_sum(0), 0)
