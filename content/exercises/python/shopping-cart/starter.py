class ShoppingCart:
    """A cart of items from a price list (item name -> unit price in cents)."""

    def __init__(self, prices):
        self.prices = prices

    def add(self, item, quantity=1):
        """Add `quantity` units of `item`; return how many the cart now holds."""
        # Your code here.
        return 0

    def remove(self, item, quantity=1):
        """Take `quantity` units of `item` out; return how many are left."""
        # Your code here.
        return 0

    def contents(self):
        """Return a new dict from item name to quantity."""
        # Your code here.
        return {}

    def total(self):
        """Return the price of everything in the cart, in cents."""
        # Your code here.
        return 0
