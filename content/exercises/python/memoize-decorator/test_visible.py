import unittest

from main import memoize


class MemoizeVisible(unittest.TestCase):
    def test_repeated_call_does_not_call_the_function_again(self):
        calls = []

        @memoize
        def shipping_cost(country, weight_kg, express=False):
            calls.append((country, weight_kg, express))
            return 5 + 2 * weight_kg + (10 if express else 0)

        self.assertEqual([shipping_cost("NL", 3), shipping_cost("NL", 3)], [11, 11])
        self.assertEqual(calls, [("NL", 3, False)])

    def test_different_arguments_are_computed_separately(self):
        @memoize
        def shipping_cost(country, weight_kg, express=False):
            return 5 + 2 * weight_kg + (10 if express else 0)

        self.assertEqual(shipping_cost("NL", 3, express=True), 21)
        self.assertEqual(shipping_cost("NL", 4), 13)

    def test_name_is_kept(self):
        @memoize
        def shipping_cost(country, weight_kg):
            return 0

        self.assertEqual(shipping_cost.__name__, "shipping_cost")
