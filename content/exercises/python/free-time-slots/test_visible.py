import unittest

from main import free_slots

DAY = [(600, 660), (540, 570), (650, 720), (780, 840)]


class FreeSlotsVisible(unittest.TestCase):
    def test_unsorted_overlapping_meetings(self):
        self.assertEqual(
            free_slots(DAY, 480, 1020),
            [(480, 540), (570, 600), (720, 780), (840, 1020)],
        )

    def test_short_gaps_are_left_out(self):
        self.assertEqual(
            free_slots(DAY, 480, 1020, min_length=45),
            [(480, 540), (720, 780), (840, 1020)],
        )

    def test_no_meetings_means_the_whole_window_is_free(self):
        self.assertEqual(free_slots([], 480, 1020), [(480, 1020)])
