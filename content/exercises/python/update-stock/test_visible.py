import unittest

from main import update_stock


class UpdateStockVisible(unittest.TestCase):
    def test_sales_deliveries_and_a_sold_out_item(self):
        self.assertEqual(
            update_stock({"milk": 4, "bread": 2}, {"milk": -1, "eggs": 12, "bread": -2}),
            {"milk": 3, "eggs": 12},
        )

    def test_nothing_in_stock_and_no_changes(self):
        self.assertEqual(update_stock({}, {}), {})
