import unittest

from main import parse_duration


class ParseDurationVisible(unittest.TestCase):
    def test_hours_and_minutes_separated_by_a_space(self):
        self.assertEqual(parse_duration("1h 30m"), 5400)

    def test_parts_written_together_with_a_missing_unit(self):
        self.assertEqual(parse_duration("2h5s"), 7205)

    def test_words_are_an_invalid_duration(self):
        with self.assertRaisesRegex(ValueError, "invalid duration"):
            parse_duration("ten minutes")
