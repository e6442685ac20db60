import unittest

from main import unique_visitors


class UniqueVisitorsHidden(unittest.TestCase):
    def test_a_single_view(self):
        self.assertEqual(unique_visitors([("u1", "/home")]), 1)

    def test_one_visitor_on_many_different_pages_is_one_visitor(self):
        views = [("ana", "/home"), ("ana", "/shop"), ("ana", "/cart"), ("ana", "/pay")]
        self.assertEqual(unique_visitors(views), 1)

    def test_one_visitor_reloading_the_same_page_is_one_visitor(self):
        self.assertEqual(unique_visitors([("ana", "/home")] * 5), 1)

    def test_many_visitors_on_the_same_page_are_all_counted(self):
        views = [("ana", "/home"), ("ben", "/home"), ("cy", "/home")]
        self.assertEqual(unique_visitors(views), 3)

    def test_ids_that_differ_only_in_case_are_different_visitors(self):
        views = [("u17", "/home"), ("U17", "/home")]
        self.assertEqual(unique_visitors(views), 2)

    def test_a_busy_day(self):
        views = [(f"u{n % 250}", f"/page/{n % 7}") for n in range(10_000)]
        self.assertEqual(unique_visitors(views), 250)
