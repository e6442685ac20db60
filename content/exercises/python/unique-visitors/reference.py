def unique_visitors(views):
    """Return how many different visitor ids appear in `views`, a list of
    (visitor_id, page) pairs."""
    visitors = set()
    for visitor_id, _page in views:
        visitors.add(visitor_id)
    return len(visitors)
