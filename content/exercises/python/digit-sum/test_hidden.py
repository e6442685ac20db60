import unittest

from main import digit_sum


class DigitSumHidden(unittest.TestCase):
    def test_a_single_digit(self):
        self.assertEqual(digit_sum(7), 7)

    def test_zeros_inside_the_number(self):
        self.assertEqual(digit_sum(1000001), 2)

    def test_trailing_zeros(self):
        self.assertEqual(digit_sum(5000), 5)

    def test_negative_single_digit(self):
        self.assertEqual(digit_sum(-9), 9)

    def test_a_very_large_number(self):
        self.assertEqual(digit_sum(10**50 - 1), 450)

    def test_a_negative_large_number(self):
        self.assertEqual(digit_sum(-123456789123456789), 90)
