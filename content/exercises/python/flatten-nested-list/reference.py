def flatten(items):
    """Return a new flat list of every non-list value in `items`, at any depth, in order."""
    result = []
    for item in items:
        if isinstance(item, list):
            result.extend(flatten(item))
        else:
            result.append(item)
    return result
