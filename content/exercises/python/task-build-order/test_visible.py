import unittest

from main import build_order


class BuildOrderVisible(unittest.TestCase):
    def test_ready_tasks_run_in_alphabetical_order(self):
        self.assertEqual(
            build_order(
                ["package", "test", "compile", "lint", "docs"],
                [("compile", "test"), ("test", "package"), ("lint", "package"), ("compile", "docs")],
            ),
            ["compile", "docs", "lint", "test", "package"],
        )

    def test_cycle_raises_value_error(self):
        with self.assertRaises(ValueError):
            build_order(["a", "b"], [("a", "b"), ("b", "a")])
