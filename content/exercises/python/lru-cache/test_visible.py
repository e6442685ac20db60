import unittest

from main import LRUCache


class LRUCacheVisible(unittest.TestCase):
    def test_get_returns_stored_values(self):
        cache = LRUCache(2)
        self.assertIsNone(cache.put("/home", "<h1>Home</h1>"))
        self.assertEqual(cache.get("/home"), "<h1>Home</h1>")

    def test_least_recently_used_entry_is_evicted(self):
        cache = LRUCache(2)
        cache.put("/home", "<h1>Home</h1>")
        cache.put("/about", "<h1>About</h1>")
        cache.get("/home")
        self.assertEqual(cache.put("/shop", "<h1>Shop</h1>"), ("/about", "<h1>About</h1>"))
        self.assertEqual(cache.keys(), ["/home", "/shop"])

    def test_missing_key_gives_the_default(self):
        cache = LRUCache(2)
        self.assertEqual(cache.get("/about", "not cached"), "not cached")
        self.assertIsNone(cache.get("/about"))
