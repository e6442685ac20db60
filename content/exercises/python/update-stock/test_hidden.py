import unittest

from main import update_stock


class UpdateStockHidden(unittest.TestCase):
    def test_no_changes_keeps_the_stock(self):
        self.assertEqual(update_stock({"tea": 5, "jam": 1}, {}), {"tea": 5, "jam": 1})

    def test_only_new_items(self):
        self.assertEqual(update_stock({}, {"rice": 10, "oil": 3}), {"rice": 10, "oil": 3})

    def test_a_change_of_zero_keeps_the_count(self):
        self.assertEqual(update_stock({"salt": 2}, {"salt": 0}), {"salt": 2})

    def test_a_new_item_with_change_zero_is_left_out(self):
        self.assertEqual(update_stock({"salt": 2}, {"sugar": 0}), {"salt": 2})

    def test_every_item_sold_out(self):
        self.assertEqual(update_stock({"a": 1, "b": 2}, {"a": -1, "b": -2}), {})

    def test_names_are_case_sensitive(self):
        self.assertEqual(
            update_stock({"Milk": 1}, {"milk": 2}),
            {"Milk": 1, "milk": 2},
        )

    def test_the_given_dictionaries_are_not_changed(self):
        stock = {"milk": 4, "bread": 2}
        changes = {"milk": -1, "eggs": 12, "bread": -2}
        update_stock(stock, changes)
        self.assertEqual(
            (stock, changes),
            ({"milk": 4, "bread": 2}, {"milk": -1, "eggs": 12, "bread": -2}),
        )
