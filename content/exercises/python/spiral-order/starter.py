def spiral_order(grid):
    """Return the values of `grid` (a list of equal-length rows) in clockwise spiral order,
    starting at the top-left corner.
    """
    order = []
    # Your code here.
    return order
