def percent_off(percent):
    """Return a function that takes `percent` percent off a price in cents, rounding down."""

    def discount(price):
        # Your code here.
        return price

    return discount


def apply_discounts(prices, discounts):
    """Return a new list with the lowest price each item can get from one of `discounts`
    (never more than its original price, never below 0)."""
    # Your code here.
    return []
