def parse_duration(text):
    """Return the number of seconds in a duration such as "1h 30m" or "45s".

    Raises TypeError if `text` is not a string and ValueError if it is not a valid duration.
    """
    # Your code here.
    return 0
