import random
import unittest

from main import free_slots


class FreeSlotsHidden(unittest.TestCase):
    def test_touching_meetings_leave_no_gap(self):
        self.assertEqual(free_slots([(10, 20), (20, 30)], 0, 40), [(0, 10), (30, 40)])

    def test_meeting_inside_another(self):
        self.assertEqual(free_slots([(10, 50), (20, 30), (60, 70)], 0, 100), [(0, 10), (50, 60), (70, 100)])

    def test_duplicate_meetings(self):
        self.assertEqual(free_slots([(5, 8), (5, 8)], 0, 10), [(0, 5), (8, 10)])

    def test_meetings_sticking_out_of_the_window_are_clipped(self):
        self.assertEqual(free_slots([(0, 100), (150, 300), (-50, 10)], 90, 200), [(100, 150)])

    def test_meetings_outside_the_window_are_ignored(self):
        self.assertEqual(free_slots([(0, 10), (500, 600)], 100, 200), [(100, 200)])

    def test_fully_booked_window(self):
        self.assertEqual(free_slots([(0, 60), (50, 130)], 10, 120), [])

    def test_empty_or_reversed_window(self):
        self.assertEqual(free_slots([], 100, 100), [])
        self.assertEqual(free_slots([(0, 5)], 100, 50), [])

    def test_min_length_is_inclusive(self):
        self.assertEqual(free_slots([(10, 20), (50, 70)], 0, 100, min_length=30), [(20, 50), (70, 100)])

    def test_busy_is_not_changed(self):
        busy = [(30, 40), (10, 20)]
        free_slots(busy, 0, 50)
        self.assertEqual(busy, [(30, 40), (10, 20)])

    def test_sixty_thousand_meetings(self):
        rng = random.Random(2024)
        busy, expected = [], []
        t = 0
        for block in range(15_000):
            # Four meetings that together cover t .. t + 1500: overlapping, nested, unsorted.
            busy += [(t, t + 800), (t + 500, t + 1200), (t + 1000, t + 1500), (t + 100, t + 300)]
            gap = 1 + block % 15
            if gap >= 8:
                expected.append((t + 1500, t + 1500 + gap))
            t += 1500 + gap
        rng.shuffle(busy)
        self.assertEqual(free_slots(busy, 0, t, min_length=8), expected)
