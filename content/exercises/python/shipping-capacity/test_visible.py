import unittest

from main import min_truck_capacity


class MinTruckCapacityVisible(unittest.TestCase):
    def test_three_days(self):
        self.assertEqual(min_truck_capacity([3, 2, 2, 4, 1, 4], 3), 6)

    def test_ten_parcels_in_five_days(self):
        self.assertEqual(min_truck_capacity([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5), 15)

    def test_one_day_takes_everything_at_once(self):
        self.assertEqual(min_truck_capacity([3, 2, 2, 4, 1, 4], 1), 16)
