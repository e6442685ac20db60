import unittest

from main import add_fractions


class AddFractionsHidden(unittest.TestCase):
    def test_an_empty_list_adds_up_to_zero(self):
        self.assertEqual(add_fractions([]), "0")

    def test_a_single_fraction_is_reduced(self):
        self.assertEqual(add_fractions(["6/4"]), "3/2")

    def test_a_fraction_that_reduces_to_a_whole_number(self):
        self.assertEqual(add_fractions(["8/4"]), "2")

    def test_whole_numbers_mixed_with_fractions(self):
        self.assertEqual(add_fractions(["2", "1/2", "-7"]), "-9/2")

    def test_a_total_of_zero(self):
        self.assertEqual(add_fractions(["5/6", "-10/12"]), "0")

    def test_a_zero_numerator(self):
        self.assertEqual(add_fractions(["0/5"]), "0")

    def test_a_negative_whole_total(self):
        self.assertEqual(add_fractions(["-3/2", "-1/2"]), "-2")

    def test_the_result_is_exact_where_floats_are_not(self):
        self.assertEqual(
            add_fractions(["1/10", "2/10", "1/1000000007", "1/1000000007"]),
            "3000000041/10000000070",
        )

    def test_a_decimal_point_is_invalid(self):
        with self.assertRaises(ValueError) as caught:
            add_fractions(["1/2", "1.5"])
        self.assertEqual(str(caught.exception), "invalid fraction: 1.5")

    def test_a_sign_in_the_denominator_is_invalid(self):
        with self.assertRaises(ValueError) as caught:
            add_fractions(["3/-4"])
        self.assertEqual(str(caught.exception), "invalid fraction: 3/-4")

    def test_a_plus_sign_is_invalid(self):
        with self.assertRaises(ValueError) as caught:
            add_fractions(["+1/2"])
        self.assertEqual(str(caught.exception), "invalid fraction: +1/2")

    def test_spaces_are_invalid(self):
        with self.assertRaises(ValueError) as caught:
            add_fractions(["1 / 2"])
        self.assertEqual(str(caught.exception), "invalid fraction: 1 / 2")

    def test_missing_parts_are_invalid(self):
        for value in ["", "/2", "1/", "-", "1/2/3"]:
            with self.assertRaises(ValueError) as caught:
                add_fractions([value])
            self.assertEqual(str(caught.exception), "invalid fraction: " + value)

    def test_digits_other_than_0_to_9_are_invalid(self):
        with self.assertRaises(ValueError) as caught:
            add_fractions(["\u0663/4"])
        self.assertEqual(str(caught.exception), "invalid fraction: \u0663/4")

    def test_a_zero_denominator_raises_zero_division_error(self):
        with self.assertRaises(ZeroDivisionError) as caught:
            add_fractions(["1/2", "3/0"])
        self.assertEqual(str(caught.exception), "zero denominator: 3/0")
