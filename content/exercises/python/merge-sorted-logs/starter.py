def merge_logs(sources):
    """Yield (timestamp, server, message) from all sources, in timestamp order, lazily.

    `sources` maps a server name to an iterable of (timestamp, message) entries sorted by
    timestamp. Ties go to the server listed first in `sources`.
    """
    # Your code here: use `yield`.
    for server, entries in sources.items():
        for timestamp, message in entries:
            yield timestamp, server, message
