def digit_sum(n):
    """Return the sum of the decimal digits of the integer `n` (the sign is ignored)."""
    total = 0
    n = abs(n)
    while n > 0:
        total += n % 10
        n //= 10
    return total
