def sort_products(products, by):
    """Return a new list of the product dicts ordered by "price", "rating" or "name".

    Ties are broken by name (ignoring case); anything else for `by` raises ValueError.
    """
    # Your code here.
    return list(products)
