def add_fractions(values):
    """Add up fractions written as strings ("3/4", "-5/8", "2") and return the exact
    total in lowest terms as a string ("11/8", "3", "0", "-1/4").

    Raises ValueError for a malformed value and ZeroDivisionError for a zero denominator.
    """
    # Your code here.
    return "0"
