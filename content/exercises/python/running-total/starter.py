def running_total(numbers):
    """Return a new list whose element i is the sum of numbers[0] .. numbers[i]."""
    totals = []
    # Your code here.
    return totals
