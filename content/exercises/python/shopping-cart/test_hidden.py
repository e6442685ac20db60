import unittest

from main import ShoppingCart

PRICES = {"apple": 50, "bread": 250, "milk": 120}


class ShoppingCartHidden(unittest.TestCase):
    def test_a_new_cart_is_empty_and_costs_nothing(self):
        cart = ShoppingCart(PRICES)
        self.assertEqual((cart.contents(), cart.total()), ({}, 0))

    def test_removing_every_unit_takes_the_item_out_of_the_cart(self):
        cart = ShoppingCart(PRICES)
        cart.add("milk", 2)
        cart.add("apple")
        self.assertEqual(cart.remove("milk", 2), 0)
        self.assertEqual((cart.contents(), cart.total()), ({"apple": 1}, 50))

    def test_removing_one_unit_by_default(self):
        cart = ShoppingCart(PRICES)
        cart.add("apple", 3)
        self.assertEqual(cart.remove("apple"), 2)

    def test_an_item_can_be_added_again_after_it_was_removed(self):
        cart = ShoppingCart(PRICES)
        cart.add("milk")
        cart.remove("milk")
        self.assertEqual(cart.add("milk"), 1)
        self.assertEqual(cart.contents(), {"milk": 1})

    def test_the_total_adds_every_item(self):
        cart = ShoppingCart(PRICES)
        cart.add("apple", 6)
        cart.add("bread", 2)
        cart.add("milk", 3)
        self.assertEqual(cart.total(), 6 * 50 + 2 * 250 + 3 * 120)

    def test_an_unknown_item_changes_nothing(self):
        cart = ShoppingCart(PRICES)
        cart.add("apple", 2)
        with self.assertRaises(KeyError):
            cart.add("kiwi", 3)
        self.assertEqual((cart.contents(), cart.total()), ({"apple": 2}, 100))

    def test_item_names_are_compared_exactly(self):
        cart = ShoppingCart(PRICES)
        with self.assertRaises(KeyError):
            cart.add("Apple")
        self.assertEqual(cart.contents(), {})

    def test_removing_an_item_that_is_not_in_the_cart_raises_key_error(self):
        cart = ShoppingCart(PRICES)
        cart.add("apple")
        with self.assertRaises(KeyError):
            cart.remove("bread")
        with self.assertRaises(KeyError):
            cart.remove("kiwi")
        self.assertEqual(cart.contents(), {"apple": 1})

    def test_removing_too_many_changes_nothing(self):
        cart = ShoppingCart(PRICES)
        cart.add("bread", 2)
        with self.assertRaises(ValueError):
            cart.remove("bread", 3)
        self.assertEqual((cart.contents(), cart.total()), ({"bread": 2}, 500))

    def test_invalid_quantities_for_add_raise_value_error_and_change_nothing(self):
        cart = ShoppingCart(PRICES)
        cart.add("apple")
        for quantity in (0, -2, 1.5, "3", None):
            with self.assertRaises(ValueError):
                cart.add("apple", quantity)
        self.assertEqual(cart.contents(), {"apple": 1})

    def test_invalid_quantities_for_remove_raise_value_error_and_change_nothing(self):
        cart = ShoppingCart(PRICES)
        cart.add("apple", 5)
        for quantity in (0, -2, 1.5, "3", None):
            with self.assertRaises(ValueError):
                cart.remove("apple", quantity)
        self.assertEqual(cart.contents(), {"apple": 5})

    def test_a_float_that_looks_whole_is_still_not_a_quantity(self):
        cart = ShoppingCart(PRICES)
        with self.assertRaises(ValueError):
            cart.add("apple", 2.0)
        self.assertEqual(cart.contents(), {})

    def test_changing_the_returned_contents_does_not_change_the_cart(self):
        cart = ShoppingCart(PRICES)
        cart.add("apple", 2)
        snapshot = cart.contents()
        snapshot["apple"] = 100
        snapshot["milk"] = 1
        self.assertEqual((cart.contents(), cart.total()), ({"apple": 2}, 100))

    def test_two_carts_do_not_share_their_contents(self):
        first = ShoppingCart(PRICES)
        second = ShoppingCart(PRICES)
        first.add("apple", 2)
        second.add("milk")
        self.assertEqual((first.contents(), second.contents()), ({"apple": 2}, {"milk": 1}))
