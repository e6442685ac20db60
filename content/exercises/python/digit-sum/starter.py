def digit_sum(n):
    """Return the sum of the decimal digits of the integer `n` (the sign is ignored)."""
    total = 0
    # Your code here.
    return total
