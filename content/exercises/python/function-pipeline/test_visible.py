import unittest

from main import pipeline


def non_empty(s):
    return s or None


class PipelineVisible(unittest.TestCase):
    def test_steps_run_left_to_right(self):
        clean = pipeline(str.strip, str.lower)
        self.assertEqual(clean("  Hello World "), "hello world")

    def test_a_step_returning_none_rejects_the_value(self):
        clean_name = pipeline(str.strip, non_empty, str.title)
        self.assertEqual(clean_name("  ada lovelace "), "Ada Lovelace")
        self.assertIsNone(clean_name("   "))

    def test_no_steps_returns_the_input(self):
        self.assertEqual(pipeline()(42), 42)
