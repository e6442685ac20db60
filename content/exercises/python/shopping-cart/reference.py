class ShoppingCart:
    """A cart of items from a price list (item name -> unit price in cents)."""

    def __init__(self, prices):
        self.prices = prices
        self._quantities = {}

    @staticmethod
    def _check_quantity(quantity):
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise ValueError(f"quantity must be a whole number of at least 1, not {quantity!r}")

    def add(self, item, quantity=1):
        """Add `quantity` units of `item`; return how many the cart now holds."""
        if item not in self.prices:
            raise KeyError(item)
        self._check_quantity(quantity)
        self._quantities[item] = self._quantities.get(item, 0) + quantity
        return self._quantities[item]

    def remove(self, item, quantity=1):
        """Take `quantity` units of `item` out; return how many are left."""
        if item not in self._quantities:
            raise KeyError(item)
        self._check_quantity(quantity)
        held = self._quantities[item]
        if quantity > held:
            raise ValueError(f"only {held} of {item} in the cart")
        left = held - quantity
        if left:
            self._quantities[item] = left
        else:
            del self._quantities[item]
        return left

    def contents(self):
        """Return a new dict from item name to quantity."""
        return dict(self._quantities)

    def total(self):
        """Return the price of everything in the cart, in cents."""
        return sum(self.prices[item] * count for item, count in self._quantities.items())
