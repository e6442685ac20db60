def summarize_scores(scores):
    """Return {"count", "lowest", "highest", "mean", "median"} for a list of scores.

    Raises ValueError("no scores") for an empty list. `scores` is not modified.
    """
    # Your code here.
    return {}
