def update_stock(stock, changes):
    """Return a new dict: `stock` with every change from `changes` applied.

    Items whose count ends at 0 are left out. Neither argument is modified.
    """
    result = {}
    # Your code here.
    return result
