import unittest

from main import min_truck_capacity

# 50,000 parcel weights between 1 and 9,973 kg, from a fixed formula.
BIG = [(i * i * 7919 + i * 104729) % 9973 + 1 for i in range(50_000)]


class MinTruckCapacityHidden(unittest.TestCase):
    def test_no_parcels(self):
        self.assertEqual(min_truck_capacity([], 4), 0)

    def test_single_parcel(self):
        self.assertEqual(min_truck_capacity([7], 1), 7)

    def test_more_days_than_parcels_needs_only_the_heaviest(self):
        self.assertEqual(min_truck_capacity([3, 2, 2, 4, 1, 4], 10), 4)

    def test_order_matters(self):
        self.assertEqual(min_truck_capacity([5, 1, 5, 1], 2), 6)
        self.assertEqual(min_truck_capacity([5, 5, 1, 1], 2), 7)

    def test_weightless_parcels(self):
        self.assertEqual(min_truck_capacity([0, 0, 5, 0], 1), 5)
        self.assertEqual(min_truck_capacity([0, 0, 0], 2), 0)

    def test_days_below_one_raise_value_error(self):
        for days in (0, -1):
            with self.assertRaises(ValueError):
                min_truck_capacity([1, 2], days)

    def test_parcels_are_not_changed(self):
        parcels = [4, 1, 3]
        min_truck_capacity(parcels, 2)
        self.assertEqual(parcels, [4, 1, 3])

    def test_fifty_thousand_parcels_in_three_days(self):
        self.assertEqual(min_truck_capacity(BIG, 3), 82_154_484)

    def test_fifty_thousand_parcels_in_a_thousand_days(self):
        self.assertEqual(min_truck_capacity(BIG, 1000), 249_739)
