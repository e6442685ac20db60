import unittest

from main import sort_products


def names(products):
    return [p["name"] for p in products]


def product(name, price=10, rating=3):
    return {"name": name, "price": price, "rating": rating}


class SortProductsHidden(unittest.TestCase):
    def test_empty_list(self):
        self.assertEqual(sort_products([], "price"), [])

    def test_price_ties_are_broken_by_name(self):
        items = [product("pen", 2), product("Mug", 8), product("cup", 2), product("Bag", 2)]
        self.assertEqual(names(sort_products(items, "price")), ["Bag", "cup", "pen", "Mug"])

    def test_rating_ties_are_broken_by_name_in_alphabetical_order(self):
        items = [product("zebra", rating=5), product("Ant", rating=5), product("mole", rating=4.5)]
        self.assertEqual(names(sort_products(items, "rating")), ["Ant", "zebra", "mole"])

    def test_name_order_ignores_case(self):
        items = [product("banana"), product("Cherry"), product("apple"), product("Apricot")]
        self.assertEqual(names(sort_products(items, "name")), ["apple", "Apricot", "banana", "Cherry"])

    def test_full_ties_keep_input_order(self):
        first = product("Mug", 5, 4)
        second = product("mug", 5, 4)
        self.assertEqual(sort_products([first, second], "price"), [first, second])
        self.assertEqual(sort_products([second, first], "name"), [second, first])

    def test_decimal_prices(self):
        items = [product("a", 9.99), product("b", 10), product("c", 9.5)]
        self.assertEqual(names(sort_products(items, "price")), ["c", "a", "b"])

    def test_input_list_is_not_changed(self):
        items = [product("b", 2), product("a", 1)]
        sort_products(items, "price")
        self.assertEqual(names(items), ["b", "a"])

    def test_unknown_sort_key_raises_value_error(self):
        with self.assertRaises(ValueError):
            sort_products([product("a")], "colour")
