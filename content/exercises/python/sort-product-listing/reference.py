def sort_products(products, by):
    """Return a new list of the product dicts ordered by "price", "rating" or "name".

    Ties are broken by name (ignoring case); anything else for `by` raises ValueError.
    """
    keys = {
        "price": lambda p: (p["price"], p["name"].lower()),
        "rating": lambda p: (-p["rating"], p["name"].lower()),
        "name": lambda p: p["name"].lower(),
    }
    if by not in keys:
        raise ValueError(f"cannot sort by {by!r}")
    return sorted(products, key=keys[by])
