from collections import deque

_MISSING = object()


class Peekable:
    """An iterator over `iterable` that can also look ahead (peek) and put items back (prepend)."""

    def __init__(self, iterable):
        self._source = iter(iterable)
        self._buffer = deque()  # items already taken from the source (or prepended), in order

    def __iter__(self):
        return self

    def __next__(self):
        if self._buffer:
            return self._buffer.popleft()
        return next(self._source)

    def _fill(self):
        """Make sure the buffer holds the next item if there is one; return whether it does."""
        if not self._buffer:
            item = next(self._source, _MISSING)
            if item is _MISSING:
                return False
            self._buffer.append(item)
        return True

    def peek(self, default=_MISSING):
        """Return the next item without consuming it; `default` (if given) when there is none."""
        if self._fill():
            return self._buffer[0]
        if default is _MISSING:
            raise StopIteration
        return default

    def __bool__(self):
        return self._fill()

    def take(self, n):
        """Consume and return a list of the next `n` items (fewer if they run out)."""
        items = []
        while len(items) < n and self._fill():
            items.append(self._buffer.popleft())
        return items

    def prepend(self, *items):
        """Put `items` back in front, to be returned next in the given order."""
        self._buffer.extendleft(reversed(items))
