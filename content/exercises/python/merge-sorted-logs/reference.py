import heapq

_END = object()


def merge_logs(sources):
    """Yield (timestamp, server, message) from all sources, in timestamp order, lazily.

    `sources` maps a server name to an iterable of (timestamp, message) entries sorted by
    timestamp. Ties go to the server listed first in `sources`.
    """
    servers = []
    heap = []  # (timestamp, server position, message): at most one entry per server
    for position, (server, entries) in enumerate(sources.items()):
        servers.append((server, iter(entries)))
        _take_next(heap, position, servers[position][1], previous=_END)
    while heap:
        timestamp, position, message = heapq.heappop(heap)
        server, entries = servers[position]
        yield timestamp, server, message
        _take_next(heap, position, entries, previous=timestamp)


def _take_next(heap, position, entries, previous):
    """Move the next entry of one server onto the heap, checking that it is in order."""
    entry = next(entries, _END)
    if entry is _END:
        return
    timestamp, message = entry
    if previous is not _END and timestamp < previous:
        raise ValueError(f"entry at {timestamp!r} comes after {previous!r} in its source")
    heapq.heappush(heap, (timestamp, position, message))
