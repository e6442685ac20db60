def group_anagrams(words):
    """Return the groups (lists) of words in `words` that are anagrams of each other.

    Only groups with at least two different words are returned, in order of first appearance.
    """
    by_letters = {}
    seen = set()
    for word in words:
        lower = word.lower()
        if lower in seen:
            continue
        seen.add(lower)
        key = "".join(sorted(lower))
        by_letters.setdefault(key, []).append(word)
    return [group for group in by_letters.values() if len(group) >= 2]
