import unittest

from main import apply_discounts, percent_off


class ApplyDiscountsHidden(unittest.TestCase):
    def test_percent_off_is_exact_where_floats_are_not(self):
        self.assertEqual(percent_off(7)(1000), 930)

    def test_percent_off_rounds_down_not_to_nearest(self):
        self.assertEqual([percent_off(25)(999), percent_off(33)(1)], [749, 0])

    def test_zero_percent_off_keeps_the_price(self):
        self.assertEqual(percent_off(0)(1234), 1234)

    def test_one_hundred_percent_off_is_free(self):
        self.assertEqual(percent_off(100)(1234), 0)

    def test_each_percent_off_function_keeps_its_own_percent(self):
        half = percent_off(50)
        tenth = percent_off(10)
        self.assertEqual([half(1000), tenth(1000), half(400)], [500, 900, 200])

    def test_discounts_do_not_stack(self):
        self.assertEqual(apply_discounts([1000], [percent_off(10), percent_off(20)]), [800])

    def test_each_discount_gets_the_original_price(self):
        seen = []

        def spy(price):
            seen.append(price)
            return price - 1

        apply_discounts([1000], [percent_off(50), spy, percent_off(10)])
        self.assertEqual(sorted(set(seen)), [1000])

    def test_the_best_discount_can_differ_per_item(self):
        two_euros_off = lambda price: price - 200
        self.assertEqual(
            apply_discounts([500, 5000], [percent_off(10), two_euros_off]),
            [300, 4500],
        )

    def test_a_discount_never_raises_a_price(self):
        surcharge = lambda price: price + 100
        self.assertEqual(apply_discounts([1000, 0], [surcharge]), [1000, 0])

    def test_a_negative_result_becomes_zero(self):
        self.assertEqual(apply_discounts([199], [lambda price: price - 200]), [0])

    def test_an_empty_price_list(self):
        self.assertEqual(apply_discounts([], [percent_off(10)]), [])

    def test_a_single_item_with_a_single_discount(self):
        self.assertEqual(apply_discounts([1999], [percent_off(15)]), [1699])

    def test_equal_prices_are_each_discounted(self):
        self.assertEqual(apply_discounts([100, 100, 100], [percent_off(50)]), [50, 50, 50])

    def test_the_prices_list_is_not_changed(self):
        prices = [1000, 2000]
        result = apply_discounts(prices, [percent_off(50)])
        self.assertEqual((prices, result), ([1000, 2000], [500, 1000]))

    def test_the_result_is_a_new_list_even_without_discounts(self):
        prices = [1000, 2000]
        result = apply_discounts(prices, [])
        result.append(1)
        self.assertEqual(prices, [1000, 2000])
