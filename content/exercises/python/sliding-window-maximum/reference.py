from collections import deque


def window_maxima(readings, k):
    """Return the maximum of every window of `k` consecutive readings, in order."""
    if k < 1:
        raise ValueError("k must be at least 1")
    maxima = []
    # Indexes of readings that may still become a window's maximum; their readings decrease
    # from front to back, so the front is always the maximum of the current window.
    candidates = deque()
    for i, value in enumerate(readings):
        while candidates and readings[candidates[-1]] <= value:
            candidates.pop()
        candidates.append(i)
        if candidates[0] <= i - k:
            candidates.popleft()
        if i >= k - 1:
            maxima.append(readings[candidates[0]])
    return maxima
