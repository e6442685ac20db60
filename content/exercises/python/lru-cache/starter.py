class LRUCache:
    """A mapping with a fixed capacity that evicts the least recently used entry."""

    def __init__(self, capacity):
        self.capacity = capacity

    def get(self, key, default=None):
        """Return the value for `key` (marking it as recently used), or `default`."""
        # Your code here.
        return default

    def put(self, key, value):
        """Store `value` under `key`; return the evicted (key, value) pair or None."""
        # Your code here.
        return None

    def keys(self):
        """Return the stored keys from least to most recently used."""
        return []

    def __contains__(self, key):
        return False

    def __len__(self):
        return 0
