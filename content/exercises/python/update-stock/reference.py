def update_stock(stock, changes):
    """Return a new dict: `stock` with every change from `changes` applied.

    Items whose count ends at 0 are left out. Neither argument is modified.
    """
    result = dict(stock)
    for item, change in changes.items():
        result[item] = result.get(item, 0) + change
    return {item: count for item, count in result.items() if count != 0}
