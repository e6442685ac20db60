def count_queens(n, blocked):
    """Count the ways to place n non-attacking queens on an n x n board, avoiding blocked squares."""
    # Your code here.
    return 0
