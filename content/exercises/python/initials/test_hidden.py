import unittest

from main import initials


class InitialsHidden(unittest.TestCase):
    def test_empty_name(self):
        self.assertEqual(initials(""), "")

    def test_a_single_name(self):
        self.assertEqual(initials("cher"), "C.")

    def test_several_spaces_between_names(self):
        self.assertEqual(initials("alan    turing"), "A.T.")

    def test_leading_and_trailing_whitespace_is_ignored(self):
        self.assertEqual(initials("  linus torvalds \n"), "L.T.")

    def test_tabs_separate_names(self):
        self.assertEqual(initials("margaret\thamilton"), "M.H.")

    def test_accented_letters_are_upper_cased(self):
        self.assertEqual(initials("élodie durand"), "É.D.")

    def test_upper_case_initials_stay_upper_case(self):
        self.assertEqual(initials("Tim Berners-Lee"), "T.B.")
