def word_count(text):
    """Return a dict mapping each lower-case word in `text` to how often it appears."""
    counts = {}
    # Your code here.
    return counts
