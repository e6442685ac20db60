def flatten(items):
    """Return a new flat list of every non-list value in `items`, at any depth, in order."""
    result = []
    # Your code here.
    return result
