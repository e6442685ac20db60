def _normalise(usernames):
    names = set()
    for name in usernames:
        name = name.lower()
        if name.startswith("@"):
            name = name[1:]
        names.add(name)
    return names


def compare_followers(first, second):
    """Compare two lists of usernames.

    Returns {"both": [...], "only_first": [...], "only_second": [...]} with lower-case
    usernames without "@", each list sorted alphabetically.
    """
    a = _normalise(first)
    b = _normalise(second)
    return {
        "both": sorted(a & b),
        "only_first": sorted(a - b),
        "only_second": sorted(b - a),
    }
