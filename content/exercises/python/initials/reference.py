def initials(full_name):
    """Return the initials of `full_name`, e.g. "A.L." for "ada lovelace"."""
    result = ""
    for part in full_name.split():
        result += part[0].upper() + "."
    return result
