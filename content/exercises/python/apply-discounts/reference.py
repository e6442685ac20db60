def percent_off(percent):
    """Return a function that takes `percent` percent off a price in cents, rounding down."""

    def discount(price):
        return price * (100 - percent) // 100

    return discount


def apply_discounts(prices, discounts):
    """Return a new list with the lowest price each item can get from one of `discounts`
    (never more than its original price, never below 0)."""
    result = []
    for price in prices:
        best = min([price] + [discount(price) for discount in discounts])
        result.append(max(best, 0))
    return result
