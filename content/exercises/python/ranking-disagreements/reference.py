def count_disagreements(ranking_a, ranking_b):
    """Count the pairs of players that the two rankings put in opposite order."""
    players = set(ranking_a)
    if len(players) != len(ranking_a) or len(ranking_b) != len(ranking_a) or set(ranking_b) != players:
        raise ValueError("the rankings must list the same players, each once")
    place_in_a = {player: i for i, player in enumerate(ranking_a)}
    # Each inversion in this sequence is a pair the rankings disagree on.
    _, inversions = _sort_and_count([place_in_a[player] for player in ranking_b])
    return inversions


def _sort_and_count(values):
    """Merge sort `values`; return the sorted list and its number of inversions."""
    if len(values) <= 1:
        return values, 0
    middle = len(values) // 2
    left, left_count = _sort_and_count(values[:middle])
    right, right_count = _sort_and_count(values[middle:])
    merged = []
    count = left_count + right_count
    i = j = 0
    while i < len(left) and j < len(right):
        if left[i] <= right[j]:
            merged.append(left[i])
            i += 1
        else:
            # right[j] is smaller than every remaining item of `left`.
            merged.append(right[j])
            count += len(left) - i
            j += 1
    merged += left[i:]
    merged += right[j:]
    return merged, count
