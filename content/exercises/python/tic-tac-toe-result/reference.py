def _lines(board):
    rows = [list(row) for row in board]
    columns = [[board[r][c] for r in range(3)] for c in range(3)]
    diagonals = [[board[i][i] for i in range(3)], [board[i][2 - i] for i in range(3)]]
    return rows + columns + diagonals


def _has_line(board, player):
    return any(all(square == player for square in line) for line in _lines(board))


def game_result(board):
    """Return "X wins", "O wins", "draw" or "in progress" for a 3x3 tic-tac-toe board.

    `board` is a list of three 3-character strings made of "X", "O" and ".".
    Raises ValueError("invalid board") for a board that cannot occur in a real game.
    """
    if len(board) != 3 or any(len(row) != 3 or set(row) - set("XO.") for row in board):
        raise ValueError("invalid board")
    x_count = sum(row.count("X") for row in board)
    o_count = sum(row.count("O") for row in board)
    if x_count - o_count not in (0, 1):
        raise ValueError("invalid board")
    x_wins = _has_line(board, "X")
    o_wins = _has_line(board, "O")
    if x_wins and o_wins:
        raise ValueError("invalid board")
    if x_wins:
        if x_count != o_count + 1:
            raise ValueError("invalid board")
        return "X wins"
    if o_wins:
        if x_count != o_count:
            raise ValueError("invalid board")
        return "O wins"
    if x_count + o_count == 9:
        return "draw"
    return "in progress"
