def parse_quantities(entries):
    """Return (total, rejected): the sum of the valid quantities in `entries`
    and a list of the entries that are not valid, in their original order.
    """
    total = 0
    rejected = []
    for entry in entries:
        try:
            quantity = int(entry)
        except (ValueError, TypeError):
            rejected.append(entry)
            continue
        if quantity < 0:
            rejected.append(entry)
        else:
            total += quantity
    return total, rejected
