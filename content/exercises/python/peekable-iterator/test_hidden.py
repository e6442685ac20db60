import itertools
import unittest

from main import Peekable


def recording(values, log):
    """A generator that notes in `log` every value taken from it."""
    for value in values:
        log.append(value)
        yield value


class PeekableHidden(unittest.TestCase):
    def test_follows_the_iterator_protocol(self):
        p = Peekable("ab")
        self.assertIs(iter(p), p)
        self.assertEqual([c for c in p], ["a", "b"])
        with self.assertRaises(StopIteration):
            next(p)
        with self.assertRaises(StopIteration):
            next(p)

    def test_peek_without_default_on_empty_raises_stop_iteration(self):
        with self.assertRaises(StopIteration):
            Peekable([]).peek()

    def test_none_as_default_and_as_item(self):
        self.assertIsNone(Peekable([]).peek(None))
        p = Peekable([None, 0])
        self.assertTrue(p)
        self.assertIsNone(p.peek("default"))
        self.assertEqual(list(p), [None, 0])

    def test_false_items_still_count_as_items(self):
        p = Peekable([0, "", False])
        self.assertTrue(p)
        self.assertEqual(p.take(5), [0, "", False])
        self.assertFalse(p)

    def test_repeated_peeks_return_the_same_item(self):
        p = Peekable(iter([1, 2]))
        self.assertEqual([p.peek(), p.peek(), next(p), p.peek()], [1, 1, 1, 2])

    def test_take_zero_and_take_more_than_available(self):
        p = Peekable([1, 2, 3])
        self.assertEqual(p.take(0), [])
        self.assertEqual(p.take(10), [1, 2, 3])
        self.assertEqual(p.take(1), [])

    def test_prepend_after_peek_goes_before_the_peeked_item(self):
        p = Peekable([3, 4])
        self.assertEqual(p.peek(), 3)
        p.prepend(1, 2)
        self.assertEqual(p.peek(), 1)
        self.assertEqual(list(p), [1, 2, 3, 4])

    def test_prepend_on_an_exhausted_iterator_revives_it(self):
        p = Peekable([])
        self.assertFalse(p)
        p.prepend("x")
        self.assertTrue(p)
        self.assertEqual(list(p), ["x"])

    def test_is_lazy(self):
        log = []
        p = Peekable(recording(range(10), log))
        self.assertEqual(log, [])
        p.peek()
        bool(p)
        self.assertEqual(log, [0])
        self.assertEqual(p.take(3), [0, 1, 2])
        self.assertEqual(log, [0, 1, 2])
        self.assertEqual(next(p), 3)
        self.assertEqual(log, [0, 1, 2, 3])

    def test_endless_iterable(self):
        p = Peekable(itertools.count())
        self.assertEqual(p.take(3), [0, 1, 2])
        self.assertEqual(p.peek(), 3)
        self.assertEqual(list(itertools.islice(p, 2)), [3, 4])
