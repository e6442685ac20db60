import unittest

from main import initials


class InitialsVisible(unittest.TestCase):
    def test_two_lower_case_names(self):
        self.assertEqual(initials("ada lovelace"), "A.L.")

    def test_four_names(self):
        self.assertEqual(initials("Grace Brewster Murray Hopper"), "G.B.M.H.")

    def test_blank_name_has_no_initials(self):
        self.assertEqual(initials("   "), "")
