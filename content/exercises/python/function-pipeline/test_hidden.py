import unittest

from main import pipeline


class PipelineHidden(unittest.TestCase):
    def test_order_matters(self):
        add_one = lambda x: x + 1
        double = lambda x: x * 2
        self.assertEqual(pipeline(add_one, double)(5), 12)
        self.assertEqual(pipeline(double, add_one)(5), 11)

    def test_single_step(self):
        self.assertEqual(pipeline(len)("abc"), 3)

    def test_steps_after_a_rejection_are_not_called(self):
        calls = []

        def reject(value):
            calls.append("reject")
            return None

        def record(value):
            calls.append("record")
            return value

        self.assertIsNone(pipeline(record, reject, record)("x"))
        self.assertEqual(calls, ["record", "reject"])

    def test_falsy_values_other_than_none_keep_going(self):
        steps = pipeline(lambda x: x - 3, lambda x: x, str)
        self.assertEqual(steps(3), "0")
        self.assertEqual(pipeline(lambda s: s.strip(), len)("   "), 0)

    def test_non_callable_step_raises_type_error_when_building(self):
        with self.assertRaises(TypeError):
            pipeline(str.strip, "lower")

    def test_building_does_not_call_any_step(self):
        calls = []
        pipeline(lambda x: calls.append(x) or x)
        self.assertEqual(calls, [])

    def test_pipeline_can_be_reused(self):
        shout = pipeline(str.upper, lambda s: s + "!")
        self.assertEqual([shout("hi"), shout("bye"), shout("")], ["HI!", "BYE!", "!"])

    def test_pipelines_can_be_steps_of_other_pipelines(self):
        inner = pipeline(lambda x: x * 10, lambda x: x + 1)
        outer = pipeline(inner, inner)
        self.assertEqual(outer(1), 111)
