def window_maxima(readings, k):
    """Return the maximum of every window of `k` consecutive readings, in order."""
    # Your code here.
    return []
