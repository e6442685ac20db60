from bisect import bisect_left


def max_nesting(boxes):
    """Return the largest number of boxes that fit one inside the next (both sides strictly smaller)."""
    # Sort by width; for equal widths put the tallest first, so that two boxes of the same
    # width can never both be picked by the increasing-heights search below.
    heights = [h for _, h in sorted(boxes, key=lambda box: (box[0], -box[1]))]
    # tails[k] = the smallest height that can end a chain of k + 1 boxes found so far.
    tails = []
    for h in heights:
        k = bisect_left(tails, h)
        if k == len(tails):
            tails.append(h)
        else:
            tails[k] = h
    return len(tails)
