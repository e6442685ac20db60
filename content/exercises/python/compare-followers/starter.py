def compare_followers(first, second):
    """Compare two lists of usernames.

    Returns {"both": [...], "only_first": [...], "only_second": [...]} with lower-case
    usernames without "@", each list sorted alphabetically.
    """
    # Your code here.
    return {"both": [], "only_first": [], "only_second": []}
