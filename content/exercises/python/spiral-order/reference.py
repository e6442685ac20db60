def spiral_order(grid):
    """Return the values of `grid` (a list of equal-length rows) in clockwise spiral order,
    starting at the top-left corner.
    """
    order = []
    if not grid or not grid[0]:
        return order
    top, bottom = 0, len(grid) - 1
    left, right = 0, len(grid[0]) - 1
    while top <= bottom and left <= right:
        for c in range(left, right + 1):
            order.append(grid[top][c])
        for r in range(top + 1, bottom + 1):
            order.append(grid[r][right])
        if top < bottom:
            for c in range(right - 1, left - 1, -1):
                order.append(grid[bottom][c])
        if left < right:
            for r in range(bottom - 1, top, -1):
                order.append(grid[r][left])
        top += 1
        bottom -= 1
        left += 1
        right -= 1
    return order
