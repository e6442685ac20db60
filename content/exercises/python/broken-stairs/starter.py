def count_climbs(n, jumps, broken):
    """Return how many jump sequences lead from step 0 to step n without landing on a broken step."""
    # Your code here.
    return 0
