def parse_quantities(entries):
    """Return (total, rejected): the sum of the valid quantities in `entries`
    and a list of the entries that are not valid, in their original order.
    """
    total = 0
    rejected = []
    # Your code here.
    return total, rejected
