class Peekable:
    """An iterator over `iterable` that can also look ahead (peek) and put items back (prepend)."""

    def __init__(self, iterable):
        self._source = iter(iterable)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._source)

    def peek(self, *default):
        """Return the next item without consuming it; `default` (if given) when there is none."""
        # Your code here.
        raise StopIteration

    def __bool__(self):
        # Your code here.
        return True

    def take(self, n):
        """Consume and return a list of the next `n` items (fewer if they run out)."""
        # Your code here.
        return []

    def prepend(self, *items):
        """Put `items` back in front, to be returned next in the given order."""
        # Your code here.
