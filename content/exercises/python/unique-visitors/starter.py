def unique_visitors(views):
    """Return how many different visitor ids appear in `views`, a list of
    (visitor_id, page) pairs."""
    # Your code here.
    return len(views)
