def free_slots(busy, start, end, min_length=1):
    """Return the sorted free (from, to) periods of at least `min_length` minutes in start..end.

    `busy` holds (from, to) meetings in any order; they may overlap or reach outside the window.
    """
    # Your code here.
    return [(start, end)]
