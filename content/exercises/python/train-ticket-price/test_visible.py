import unittest

from main import train_ticket_price


class TrainTicketPriceVisible(unittest.TestCase):
    def test_an_adult_at_peak_time_pays_the_base_price(self):
        self.assertEqual(train_ticket_price(30, 40, 8), 800)

    def test_a_child_pays_half(self):
        self.assertEqual(train_ticket_price(30, 10, 8), 400)

    def test_a_senior_off_peak_pays_half_then_twenty_percent_less(self):
        self.assertEqual(train_ticket_price(30, 70, 22), 320)

    def test_a_toddler_travels_free(self):
        self.assertEqual(train_ticket_price(250, 2, 12), 0)
