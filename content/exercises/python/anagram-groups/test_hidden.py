import unittest

from main import group_anagrams


class GroupAnagramsHidden(unittest.TestCase):
    def test_empty_list(self):
        self.assertEqual(group_anagrams([]), [])

    def test_a_single_word(self):
        self.assertEqual(group_anagrams(["alone"]), [])

    def test_case_is_ignored_and_spelling_kept(self):
        self.assertEqual(group_anagrams(["Night", "thing"]), [["Night", "thing"]])

    def test_repeated_word_is_listed_once_with_its_first_spelling(self):
        self.assertEqual(group_anagrams(["Tea", "tea", "eat", "TEA"]), [["Tea", "eat"]])

    def test_a_word_repeated_without_partner_is_not_a_group(self):
        self.assertEqual(group_anagrams(["echo", "Echo", "echo"]), [])

    def test_letter_counts_must_match(self):
        self.assertEqual(group_anagrams(["aab", "abb", "bab"]), [["abb", "bab"]])

    def test_groups_are_ordered_by_their_first_word(self):
        self.assertEqual(
            group_anagrams(["dog", "rat", "god", "tar", "art"]),
            [["dog", "god"], ["rat", "tar", "art"]],
        )

    def test_non_english_letters(self):
        self.assertEqual(
            group_anagrams(["étui", "tuié", "Ärger", "regär"]),
            [["étui", "tuié"], ["Ärger", "regär"]],
        )
