import unittest

from main import running_total


class RunningTotalHidden(unittest.TestCase):
    def test_a_single_number(self):
        self.assertEqual(running_total([7]), [7])

    def test_negative_numbers_lower_the_total(self):
        self.assertEqual(running_total([10, -4, -6, 3]), [10, 6, 0, 3])

    def test_zeros_keep_the_total(self):
        self.assertEqual(running_total([0, 5, 0, 0]), [0, 5, 5, 5])

    def test_the_given_list_is_not_changed(self):
        numbers = [1, 2, 3]
        running_total(numbers)
        self.assertEqual(numbers, [1, 2, 3])

    def test_a_new_list_is_returned(self):
        numbers = [1, 2, 3]
        self.assertIsNot(running_total(numbers), numbers)

    def test_many_numbers(self):
        self.assertEqual(running_total([1] * 1000), list(range(1, 1001)))
