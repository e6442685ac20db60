import unittest

from main import caesar


class CaesarHidden(unittest.TestCase):
    def test_empty_text(self):
        self.assertEqual(caesar("", 5), "")

    def test_shift_of_zero_changes_nothing(self):
        self.assertEqual(caesar("Same Text", 0), "Same Text")

    def test_upper_case_wraps_around(self):
        self.assertEqual(caesar("XYZ", 3), "ABC")

    def test_negative_shift_wraps_backwards(self):
        self.assertEqual(caesar("abc", -1), "zab")

    def test_shift_larger_than_the_alphabet(self):
        self.assertEqual(caesar("abc", 27), "bcd")

    def test_large_negative_shift(self):
        self.assertEqual(caesar("Hello", -55), "Ebiil")

    def test_digits_and_accented_letters_stay(self):
        self.assertEqual(caesar("Café 2024", 1), "Dbgé 2024")

    def test_shifting_by_26_gives_the_same_text(self):
        self.assertEqual(caesar("The quick brown fox", 26), "The quick brown fox")
