import itertools
import unittest

from main import batched


class BatchedVisible(unittest.TestCase):
    def test_last_batch_holds_the_rest(self):
        emails = ["ann@x.org", "bo@y.com", "cy@z.net", "di@x.org", "ed@y.com"]
        self.assertEqual(
            list(batched(emails, 2)),
            [["ann@x.org", "bo@y.com"], ["cy@z.net", "di@x.org"], ["ed@y.com"]],
        )

    def test_size_larger_than_input_gives_one_batch(self):
        self.assertEqual(list(batched("abc", 5)), [["a", "b", "c"]])

    def test_endless_input_is_handled_lazily(self):
        batches = batched(itertools.count(1), 3)
        self.assertEqual([next(batches), next(batches)], [[1, 2, 3], [4, 5, 6]])
