def count_queens(n, blocked):
    """Count the ways to place n non-attacking queens on an n x n board, avoiding blocked squares."""
    # free[row] has bit c set when square (row, c) is not blocked.
    full = (1 << n) - 1
    free = [full] * n
    for row, col in blocked:
        free[row] &= ~(1 << col)

    def place(row, cols, diag, anti):
        """Count completions from `row` on; cols/diag/anti mark attacked columns for this row."""
        if row == n:
            return 1
        total = 0
        options = free[row] & ~(cols | diag | anti) & full
        while options:
            bit = options & -options
            options ^= bit
            total += place(row + 1, cols | bit, (diag | bit) << 1, (anti | bit) >> 1)
        return total

    return place(0, 0, 0, 0)
