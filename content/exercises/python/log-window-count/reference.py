def _first_index(values, target, strict):
    """Index of the first value >= target (or > target when `strict`), by binary search."""
    lo, hi = 0, len(values)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[mid] < target or (strict and values[mid] == target):
            lo = mid + 1
        else:
            hi = mid
    return lo


def count_in_window(timestamps, start, end):
    """Return how many values t in the sorted list `timestamps` satisfy start <= t <= end."""
    if start > end:
        return 0
    return _first_index(timestamps, end, strict=True) - _first_index(timestamps, start, strict=False)
