def initials(full_name):
    """Return the initials of `full_name`, e.g. "A.L." for "ada lovelace"."""
    result = ""
    # Your code here.
    return result
