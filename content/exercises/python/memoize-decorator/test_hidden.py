import math
import unittest

from main import memoize


def counted():
    """A memoized function plus the list of calls that reached it."""
    calls = []

    @memoize
    def f(*args, **kwargs):
        calls.append((args, kwargs))
        return len(calls)

    return f, calls


class MemoizeHidden(unittest.TestCase):
    def test_keyword_order_does_not_matter(self):
        f, calls = counted()
        self.assertEqual(f(x=1, y=2), f(y=2, x=1))
        self.assertEqual(len(calls), 1)

    def test_positional_pair_is_not_the_same_as_a_keyword(self):
        f, calls = counted()
        f(1, ("y", 2))
        f(1, y=2)
        self.assertEqual(len(calls), 2)

    def test_falsy_results_are_remembered(self):
        calls = []

        @memoize
        def lookup(key):
            calls.append(key)
            return {"zero": 0, "none": None, "empty": ""}[key]

        for _ in range(3):
            self.assertEqual([lookup("zero"), lookup("none"), lookup("empty")], [0, None, ""])
        self.assertEqual(calls, ["zero", "none", "empty"])

    def test_exceptions_are_not_remembered(self):
        attempts = []

        @memoize
        def flaky(x):
            attempts.append(x)
            if len(attempts) == 1:
                raise ConnectionError("carrier offline")
            return x * 10

        with self.assertRaises(ConnectionError):
            flaky(4)
        self.assertEqual(flaky(4), 40)
        self.assertEqual(flaky(4), 40)
        self.assertEqual(attempts, [4, 4])

    def test_docstring_is_kept(self):
        @memoize
        def area(w, h):
            """Area of a rectangle."""
            return w * h

        self.assertEqual(area.__doc__, "Area of a rectangle.")

    def test_cache_clear_forgets_results(self):
        f, calls = counted()
        f(1)
        f.cache_clear()
        f(1)
        f(1)
        self.assertEqual(len(calls), 2)

    def test_each_function_has_its_own_memory(self):
        double = memoize(lambda x: 2 * x)
        square = memoize(lambda x: x * x)
        self.assertEqual([double(5), square(5), double(5)], [10, 25, 10])

    def test_no_arguments(self):
        f, calls = counted()
        self.assertEqual([f(), f()], [1, 1])

    def test_recursive_function_counts_grid_paths(self):
        calls = []

        @memoize
        def paths(right, down):
            calls.append((right, down))
            if right == 0 or down == 0:
                return 1
            return paths(right - 1, down) + paths(right, down - 1)

        self.assertEqual(paths(100, 100), math.comb(200, 100))
        self.assertEqual(len(calls), 101 * 101 - 1)
