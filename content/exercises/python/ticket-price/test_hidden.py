import unittest

from main import ticket_price


class TicketPriceHidden(unittest.TestCase):
    def test_a_newborn_is_free(self):
        self.assertEqual(ticket_price(0, False), 0)

    def test_age_three_is_the_last_free_age(self):
        self.assertEqual(ticket_price(3, False), 0)

    def test_age_four_pays_the_child_price(self):
        self.assertEqual(ticket_price(4, False), 6)

    def test_age_twelve_still_pays_the_child_price(self):
        self.assertEqual(ticket_price(12, False), 6)

    def test_age_thirteen_pays_the_adult_price(self):
        self.assertEqual(ticket_price(13, False), 10)

    def test_age_sixty_four_still_pays_the_adult_price(self):
        self.assertEqual(ticket_price(64, False), 10)

    def test_age_sixty_five_pays_the_senior_price(self):
        self.assertEqual(ticket_price(65, False), 7)

    def test_weekend_surcharge_applies_to_adults_and_seniors(self):
        self.assertEqual([ticket_price(40, True), ticket_price(120, True)], [12, 9])
