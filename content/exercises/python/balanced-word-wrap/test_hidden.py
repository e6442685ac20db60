import unittest

from main import min_raggedness


def word(i):
    """Word number i of a fixed 'text': 1 to 9 letters, from a formula."""
    return "".join(chr(97 + (i * 31 + j * 17 + i * j) % 26) for j in range((i * 7 + i * i * 3) % 9 + 1))


TEXT = [word(i) for i in range(300)]


class MinRaggednessHidden(unittest.TestCase):
    def test_no_words(self):
        self.assertEqual(min_raggedness([], 10), 0)

    def test_single_word(self):
        self.assertEqual(min_raggedness(["hello"], 80), 0)

    def test_word_exactly_as_wide_as_the_line(self):
        self.assertEqual(min_raggedness(["abcd", "ab"], 4), 0)
        self.assertEqual(min_raggedness(["ab", "abcd"], 4), 4)

    def test_word_longer_than_the_line_raises_value_error(self):
        with self.assertRaises(ValueError):
            min_raggedness(["short", "enormous"], 6)

    def test_spaces_count_towards_the_length(self):
        # "one two" is exactly 7 characters, so it fits; "six" goes on the free last line.
        self.assertEqual(min_raggedness(["one", "two", "six"], 7), 0)
        self.assertEqual(min_raggedness(["one", "two", "six"], 6), 18)

    def test_letters_are_counted_not_bytes(self):
        self.assertEqual(min_raggedness(["ñandú", "café", "té"], 9), 16)

    def test_three_hundred_words_width_30(self):
        self.assertEqual(min_raggedness(TEXT, 30), 1093)

    def test_three_hundred_words_width_9(self):
        self.assertEqual(min_raggedness(TEXT, 9), 2137)

    def test_three_hundred_words_width_72(self):
        self.assertEqual(min_raggedness(TEXT, 72), 121)
