def expand(pattern):
    """Return every string that the brace pattern stands for, leftmost group changing slowest."""
    results, _ = _sequence(pattern, 0, inside_group=False)
    return results


def _sequence(pattern, i, inside_group):
    """Expand text and groups from index i up to the end of the current alternative.

    Returns the expansions and the index where reading stopped (a ',' or '}' of the
    enclosing group, or the end of the pattern).
    """
    results = [""]
    while i < len(pattern):
        char = pattern[i]
        if char == "{":
            options, i = _group(pattern, i + 1)
            results = [start + option for start in results for option in options]
            continue
        if inside_group and char in ",}":
            break
        results = [start + char for start in results]
        i += 1
    return results, i


def _group(pattern, i):
    """Expand the alternatives of a group whose '{' is just before index i."""
    options = []
    while True:
        alternative, i = _sequence(pattern, i, inside_group=True)
        options.extend(alternative)
        if pattern[i] == "}":
            return options, i + 1
        i += 1  # skip the ','
