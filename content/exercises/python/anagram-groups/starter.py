def group_anagrams(words):
    """Return the groups (lists) of words in `words` that are anagrams of each other.

    Only groups with at least two different words are returned, in order of first appearance.
    """
    groups = []
    # Your code here.
    return groups
