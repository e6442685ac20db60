import random
import unittest

from main import build_order


class BuildOrderHidden(unittest.TestCase):
    def test_no_tasks(self):
        self.assertEqual(build_order([], []), [])

    def test_no_dependencies_gives_alphabetical_order(self):
        self.assertEqual(build_order(["b", "c", "a"], []), ["a", "b", "c"])

    def test_dependencies_win_over_the_alphabet(self):
        self.assertEqual(build_order(["a", "b", "c"], [("c", "b"), ("b", "a")]), ["c", "b", "a"])

    def test_choice_is_made_among_ready_tasks_only(self):
        # "a" is smallest but must wait for "z"; "m" is ready earlier than "a".
        self.assertEqual(build_order(["a", "m", "z"], [("z", "a")]), ["m", "z", "a"])

    def test_newly_ready_task_can_jump_ahead(self):
        self.assertEqual(
            build_order(["b", "x", "y", "a"], [("b", "a"), ("x", "y")]),
            ["b", "a", "x", "y"],
        )

    def test_repeated_pairs_count_once(self):
        self.assertEqual(build_order(["a", "b"], [("a", "b"), ("a", "b")]), ["a", "b"])

    def test_self_dependency_is_a_cycle(self):
        with self.assertRaises(ValueError):
            build_order(["a", "b"], [("a", "a")])

    def test_cycle_in_one_part_of_the_project(self):
        with self.assertRaises(ValueError):
            build_order(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("c", "b"), ("a", "d")])

    def test_unknown_task_raises_value_error(self):
        with self.assertRaises(ValueError):
            build_order(["a"], [("a", "ghost")])

    def test_arguments_are_not_changed(self):
        tasks = ["c", "a", "b"]
        deps = [("c", "a")]
        build_order(tasks, deps)
        self.assertEqual((tasks, deps), (["c", "a", "b"], [("c", "a")]))

    def test_fifty_thousand_tasks(self):
        # 1,000 stages of 50 tasks; each stage ends with a "gate" task that waits for the
        # whole stage, and every task of the next stage waits for the gate.
        rng = random.Random(11)
        tasks, deps, expected = [], [], []
        gate = None
        for stage in range(1_000):
            names = [f"{rng.getrandbits(32):08x}-{stage}-{i}" for i in range(49)]
            new_gate = f"0-gate-{stage}"
            for name in names:
                if gate:
                    deps.append((gate, name))
                deps.append((name, new_gate))
            expected += sorted(names) + [new_gate]
            tasks += names + [new_gate]
            gate = new_gate
        rng.shuffle(tasks)
        rng.shuffle(deps)
        self.assertEqual(build_order(tasks, deps), expected)
