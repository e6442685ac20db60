import unittest

from main import unique_visitors


class UniqueVisitorsVisible(unittest.TestCase):
    def test_a_returning_visitor_is_counted_once(self):
        views = [("u17", "/home"), ("u3", "/home"), ("u17", "/shop"), ("u17", "/home")]
        self.assertEqual(unique_visitors(views), 2)

    def test_no_views_means_no_visitors(self):
        self.assertEqual(unique_visitors([]), 0)
