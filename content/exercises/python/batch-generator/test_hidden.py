import itertools
import unittest

from main import batched


class BatchedHidden(unittest.TestCase):
    def test_empty_input_yields_no_batches(self):
        self.assertEqual(list(batched([], 3)), [])

    def test_exact_multiple_has_no_empty_last_batch(self):
        self.assertEqual(list(batched(range(6), 3)), [[0, 1, 2], [3, 4, 5]])

    def test_size_one(self):
        self.assertEqual(list(batched("ab", 1)), [["a"], ["b"]])

    def test_batches_are_lists_even_for_tuples_and_strings(self):
        self.assertEqual(list(batched((1, 2, 3), 2)), [[1, 2], [3]])

    def test_returns_an_iterator(self):
        batches = batched([1, 2, 3], 2)
        self.assertIs(iter(batches), batches)
        self.assertEqual(next(batches), [1, 2])

    def test_takes_only_the_items_of_each_batch(self):
        source = iter(range(10))
        batches = batched(source, 4)
        self.assertEqual(next(batches), [0, 1, 2, 3])
        self.assertEqual(next(source), 4)
        self.assertEqual(next(batches), [5, 6, 7, 8])

    def test_takes_nothing_before_the_first_batch_is_asked_for(self):
        source = iter(range(10))
        batched(source, 3)
        self.assertEqual(next(source), 0)

    def test_earlier_batches_are_not_changed_by_later_ones(self):
        batches = list(batched(range(5), 2))
        self.assertEqual(batches, [[0, 1], [2, 3], [4]])

    def test_batches_from_a_generator(self):
        squares = (n * n for n in range(1, 6))
        self.assertEqual(list(batched(squares, 2)), [[1, 4], [9, 16], [25]])

    def test_size_below_one_raises_value_error(self):
        for size in (0, -2):
            with self.assertRaises(ValueError):
                list(batched([1, 2, 3], size))

    def test_endless_input_with_islice(self):
        batches = itertools.islice(batched(itertools.count(), 1000), 3)
        self.assertEqual([batch[-1] for batch in batches], [999, 1999, 2999])
