import unittest

from main import caesar


class CaesarVisible(unittest.TestCase):
    def test_shift_of_three_keeps_case_and_punctuation(self):
        self.assertEqual(caesar("Hello, World!", 3), "Khoor, Zruog!")

    def test_letters_wrap_around_the_end_of_the_alphabet(self):
        self.assertEqual(caesar("abc xyz", 1), "bcd yza")

    def test_a_negative_shift_decodes(self):
        self.assertEqual(caesar("Khoor", -3), "Hello")
