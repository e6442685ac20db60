def count_in_window(timestamps, start, end):
    """Return how many values t in the sorted list `timestamps` satisfy start <= t <= end."""
    # Your code here.
    return 0
