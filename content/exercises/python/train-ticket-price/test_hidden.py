import unittest

from main import train_ticket_price


class TrainTicketPriceHidden(unittest.TestCase):
    def test_base_price_at_each_distance_boundary(self):
        self.assertEqual(
            [train_ticket_price(km, 30, 8) for km in (1, 10, 11, 50, 51, 200, 201, 1000)],
            [300, 300, 800, 800, 2000, 2000, 4500, 4500],
        )

    def test_age_boundaries(self):
        self.assertEqual(
            [train_ticket_price(100, age, 8) for age in (0, 3, 4, 15, 16, 64, 65, 120)],
            [0, 0, 1000, 1000, 2000, 2000, 1000, 1000],
        )

    def test_peak_hours_have_no_off_peak_discount(self):
        self.assertEqual(
            [train_ticket_price(5, 30, hour) for hour in (7, 8, 9, 16, 17, 18)],
            [300, 300, 300, 300, 300, 300],
        )

    def test_hours_just_outside_the_peaks_are_off_peak(self):
        self.assertEqual(
            [train_ticket_price(5, 30, hour) for hour in (6, 10, 15, 19)],
            [240, 240, 240, 240],
        )

    def test_the_first_and_last_hours_of_the_day_are_off_peak(self):
        self.assertEqual([train_ticket_price(5, 30, 0), train_ticket_price(5, 30, 23)], [240, 240])

    def test_off_peak_at_every_distance(self):
        self.assertEqual(
            [train_ticket_price(km, 30, 12) for km in (10, 50, 200, 201)],
            [240, 640, 1600, 3600],
        )

    def test_a_child_off_peak_gets_both_discounts(self):
        self.assertEqual(
            [train_ticket_price(km, 15, 20) for km in (10, 50, 200, 201)],
            [120, 320, 800, 1800],
        )

    def test_a_toddler_stays_free_off_peak_and_at_peak(self):
        self.assertEqual([train_ticket_price(5, 3, 6), train_ticket_price(500, 0, 17)], [0, 0])

    def test_the_price_is_a_whole_number_of_cents(self):
        prices = [
            train_ticket_price(km, age, hour)
            for km in (5, 300)
            for age in (8, 30)
            for hour in (8, 12)
        ]
        self.assertEqual([type(price) for price in prices], [int] * len(prices))
