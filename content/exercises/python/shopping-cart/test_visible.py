import unittest

from main import ShoppingCart

PRICES = {"apple": 50, "bread": 250, "milk": 120}


class ShoppingCartVisible(unittest.TestCase):
    def test_adding_and_removing_returns_the_new_quantity(self):
        cart = ShoppingCart(PRICES)
        self.assertEqual(
            [cart.add("apple", 4), cart.add("bread"), cart.add("apple"), cart.remove("apple", 2)],
            [4, 1, 5, 3],
        )

    def test_contents_and_total(self):
        cart = ShoppingCart(PRICES)
        cart.add("apple", 3)
        cart.add("bread")
        self.assertEqual((cart.contents(), cart.total()), ({"apple": 3, "bread": 1}, 400))

    def test_an_item_the_shop_does_not_sell_raises_key_error(self):
        cart = ShoppingCart(PRICES)
        with self.assertRaises(KeyError):
            cart.add("kiwi")

    def test_removing_more_than_the_cart_holds_raises_value_error(self):
        cart = ShoppingCart(PRICES)
        cart.add("bread")
        with self.assertRaises(ValueError):
            cart.remove("bread", 2)
