import unittest

from main import apply_discounts, percent_off


class ApplyDiscountsVisible(unittest.TestCase):
    def test_percent_off_rounds_down_to_a_whole_cent(self):
        self.assertEqual(percent_off(10)(995), 895)

    def test_each_item_gets_its_best_discount_but_never_below_zero(self):
        five_euros_off = lambda price: price - 500
        self.assertEqual(
            apply_discounts([1000, 2000, 300], [percent_off(10), five_euros_off]),
            [500, 1500, 0],
        )

    def test_without_discounts_prices_stay_the_same(self):
        self.assertEqual(apply_discounts([1000, 2000], []), [1000, 2000])
