import unittest

from main import group_anagrams


class GroupAnagramsVisible(unittest.TestCase):
    def test_two_groups_and_a_word_without_partner(self):
        self.assertEqual(
            group_anagrams(["listen", "google", "silent", "enlist", "cat", "act"]),
            [["listen", "silent", "enlist"], ["cat", "act"]],
        )

    def test_no_anagrams_at_all(self):
        self.assertEqual(group_anagrams(["one", "two"]), [])
