def min_raggedness(words, width):
    """Return the smallest total cost of breaking `words` into lines of at most `width` chars.

    A line costs (width - its length) ** 2, except the last line, which is free.
    """
    if any(len(word) > width for word in words):
        raise ValueError("a word is longer than the line width")
    n = len(words)
    # best[i] = cheapest way to lay out words[i:], with words[i] starting a new line.
    best = [0] * (n + 1)
    for i in range(n - 1, -1, -1):
        best[i] = float("inf")
        length = -1
        for j in range(i, n):
            length += len(words[j]) + 1  # the word plus the space before it
            if length > width:
                break
            cost = 0 if j == n - 1 else (width - length) ** 2
            best[i] = min(best[i], cost + best[j + 1])
    return best[0]
