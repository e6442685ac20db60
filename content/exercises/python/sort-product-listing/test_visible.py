import unittest

from main import sort_products

PRODUCTS = [
    {"name": "Lamp", "price": 25, "rating": 4.5},
    {"name": "desk", "price": 120, "rating": 4.0},
    {"name": "Chair", "price": 60, "rating": 4.5},
]


def names(products):
    return [p["name"] for p in products]


class SortProductsVisible(unittest.TestCase):
    def test_by_price_cheapest_first(self):
        self.assertEqual(names(sort_products(PRODUCTS, "price")), ["Lamp", "Chair", "desk"])

    def test_by_rating_highest_first_with_ties_by_name(self):
        self.assertEqual(names(sort_products(PRODUCTS, "rating")), ["Chair", "Lamp", "desk"])

    def test_by_name_ignoring_case(self):
        self.assertEqual(names(sort_products(PRODUCTS, "name")), ["Chair", "desk", "Lamp"])
