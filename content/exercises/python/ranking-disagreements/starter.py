def count_disagreements(ranking_a, ranking_b):
    """Count the pairs of players that the two rankings put in opposite order.

    Raises ValueError unless both lists hold the same players, each exactly once.
    """
    # Your code here.
    return 0
