def summarize_scores(scores):
    """Return {"count", "lowest", "highest", "mean", "median"} for a list of scores.

    Raises ValueError("no scores") for an empty list. `scores` is not modified.
    """
    if not scores:
        raise ValueError("no scores")
    ordered = sorted(scores)
    count = len(ordered)
    middle = count // 2
    if count % 2 == 1:
        median = ordered[middle]
    else:
        median = (ordered[middle - 1] + ordered[middle]) / 2
    return {
        "count": count,
        "lowest": ordered[0],
        "highest": ordered[-1],
        "mean": round(sum(ordered) / count, 2),
        "median": median,
    }
