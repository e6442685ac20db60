from collections import OrderedDict


class LRUCache:
    """A mapping with a fixed capacity that evicts the least recently used entry."""

    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._entries = OrderedDict()  # least recently used first

    def get(self, key, default=None):
        """Return the value for `key` (marking it as recently used), or `default`."""
        if key not in self._entries:
            return default
        self._entries.move_to_end(key)
        return self._entries[key]

    def put(self, key, value):
        """Store `value` under `key`; return the evicted (key, value) pair or None."""
        self._entries[key] = value
        self._entries.move_to_end(key)
        if len(self._entries) > self.capacity:
            return self._entries.popitem(last=False)
        return None

    def keys(self):
        """Return the stored keys from least to most recently used."""
        return list(self._entries)

    def __contains__(self, key):
        return key in self._entries

    def __len__(self):
        return len(self._entries)
