import unittest

from main import ticket_price


class TicketPriceVisible(unittest.TestCase):
    def test_an_adult_on_a_weekday_pays_ten(self):
        self.assertEqual(ticket_price(30, False), 10)

    def test_a_child_on_the_weekend_pays_two_more(self):
        self.assertEqual(ticket_price(8, True), 8)

    def test_a_toddler_stays_free_on_the_weekend(self):
        self.assertEqual(ticket_price(2, True), 0)
