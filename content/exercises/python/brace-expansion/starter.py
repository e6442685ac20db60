def expand(pattern):
    """Return every string that the brace pattern stands for, leftmost group changing slowest."""
    # Your code here.
    return [pattern]
