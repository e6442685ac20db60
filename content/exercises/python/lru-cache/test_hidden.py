import unittest

from main import LRUCache


class LRUCacheHidden(unittest.TestCase):
    def test_capacity_below_one_raises_value_error(self):
        for capacity in (0, -3):
            with self.assertRaises(ValueError):
                LRUCache(capacity)

    def test_capacity_one_keeps_only_the_last_key(self):
        cache = LRUCache(1)
        cache.put("a", 1)
        self.assertEqual(cache.put("b", 2), ("a", 1))
        self.assertEqual((cache.keys(), len(cache)), (["b"], 1))

    def test_updating_a_key_replaces_the_value_without_eviction(self):
        cache = LRUCache(2)
        cache.put("a", 1)
        cache.put("b", 2)
        self.assertIsNone(cache.put("a", 10))
        self.assertEqual((cache.get("a"), len(cache)), (10, 2))

    def test_updating_a_key_makes_it_most_recently_used(self):
        cache = LRUCache(2)
        cache.put("a", 1)
        cache.put("b", 2)
        cache.put("a", 3)
        self.assertEqual(cache.put("c", 4), ("b", 2))

    def test_contains_and_len_do_not_count_as_use(self):
        cache = LRUCache(2)
        cache.put("a", 1)
        cache.put("b", 2)
        self.assertTrue("a" in cache)
        self.assertEqual(len(cache), 2)
        self.assertEqual(cache.put("c", 3), ("a", 1))
        self.assertFalse("a" in cache)

    def test_get_of_a_missing_key_changes_nothing(self):
        cache = LRUCache(2)
        cache.put("a", 1)
        cache.put("b", 2)
        self.assertEqual(cache.get("zzz", 0), 0)
        self.assertEqual((cache.keys(), len(cache)), (["a", "b"], 2))

    def test_stored_none_and_falsy_values(self):
        cache = LRUCache(3)
        cache.put("none", None)
        cache.put("zero", 0)
        self.assertEqual(cache.get("zero", "missing"), 0)
        self.assertIsNone(cache.get("none", "missing"))
        self.assertEqual(cache.keys(), ["zero", "none"])

    def test_caches_are_independent(self):
        first, second = LRUCache(2), LRUCache(2)
        first.put("a", 1)
        self.assertEqual((len(second), second.keys()), (0, []))

    def test_many_operations_on_a_large_cache(self):
        cache = LRUCache(20_000)
        for key in range(20_000):
            self.assertIsNone(cache.put(key, key * 2))
        for key in range(20_000, 60_000):
            self.assertEqual(cache.put(key, key * 2), (key - 20_000, (key - 20_000) * 2))
        for key in range(59_999, 39_999, -1):
            self.assertEqual(cache.get(key), key * 2)
        self.assertEqual(cache.keys(), list(range(59_999, 39_999, -1)))
        for key in range(40_000, 60_000):
            self.assertEqual(cache.get(key), key * 2)
        self.assertEqual(cache.keys(), list(range(40_000, 60_000)))
        evicted = [cache.put(("new", n), n) for n in range(5)]
        self.assertEqual(evicted, [(key, key * 2) for key in range(40_000, 40_005)])
