import unittest

from main import parse_duration

ORDER_MESSAGE = r"units must be in the order h, m, s, each at most once"


class ParseDurationHidden(unittest.TestCase):
    def test_every_unit_alone(self):
        self.assertEqual(
            [parse_duration("3h"), parse_duration("4m"), parse_duration("45s")],
            [10800, 240, 45],
        )

    def test_all_three_units_with_extra_whitespace(self):
        self.assertEqual(parse_duration("  1h\t2m  3s \n"), 3723)

    def test_numbers_above_fifty_nine_and_leading_zeros(self):
        self.assertEqual([parse_duration("90m"), parse_duration("05m")], [5400, 300])

    def test_zero_seconds(self):
        self.assertEqual(parse_duration("0s"), 0)

    def test_a_number_that_is_not_a_string_is_a_type_error(self):
        with self.assertRaisesRegex(TypeError, "duration must be a string"):
            parse_duration(90)

    def test_none_is_a_type_error(self):
        with self.assertRaisesRegex(TypeError, "duration must be a string"):
            parse_duration(None)

    def test_empty_and_blank_text(self):
        for text in ["", "   "]:
            with self.subTest(text=text):
                with self.assertRaisesRegex(ValueError, "duration is empty"):
                    parse_duration(text)

    def test_malformed_parts_are_invalid(self):
        for text in ["10", "h", "1.5h", "-5m", "1d", "1H", "1 h", "1h30", "5m!"]:
            with self.subTest(text=text):
                with self.assertRaisesRegex(ValueError, "invalid duration"):
                    parse_duration(text)

    def test_units_out_of_order(self):
        for text in ["30m 1h", "1s1m"]:
            with self.subTest(text=text):
                with self.assertRaisesRegex(ValueError, ORDER_MESSAGE):
                    parse_duration(text)

    def test_a_repeated_unit(self):
        for text in ["1h1h", "5m 5m"]:
            with self.subTest(text=text):
                with self.assertRaisesRegex(ValueError, ORDER_MESSAGE):
                    parse_duration(text)
